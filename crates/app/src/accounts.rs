//! Shops, users, API keys and webhook secrets.

use crate::{App, AppError};
use aftercare_domain::{
    Role, Secret, WebhookSource, hash_api_key, new_id, new_token, parse_slug, slugify,
    time::now_millis,
};
use aftercare_store::repo::{keys, shops, users};
use aftercare_store::{Conn, Db, StoreError};
use argon2::password_hash::{PasswordHasher, SaltString};
use argon2::{Algorithm, Argon2, Params, PasswordHash, PasswordVerifier, Version};
use serde::Serialize;

/// argon2id with OWASP's recommended minimum: m = 19 MiB, t = 2, p = 1.
fn argon2() -> Argon2<'static> {
    #[allow(clippy::expect_used)] // constant, valid parameters
    let params = Params::new(19_456, 2, 1, None).expect("valid argon2 params");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes a password (tens of milliseconds of CPU: call from a blocking context).
pub fn hash_password(password: &Secret) -> Result<String, AppError> {
    use rand::RngCore;
    let mut raw = [0u8; 16];
    rand::rng().fill_bytes(&mut raw);
    let salt = SaltString::encode_b64(&raw)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("salt: {e}")))?;
    argon2()
        .hash_password(password.expose().as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::Internal(anyhow::anyhow!("hashing password: {e}")))
}

pub fn verify_password(password: &Secret, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| {
        argon2()
            .verify_password(password.expose().as_bytes(), &h)
            .is_ok()
    })
}

pub fn check_password_strength(password: &Secret) -> Result<(), AppError> {
    let n = password.expose().chars().count();
    if !(12..=256).contains(&n) {
        let mut e = aftercare_domain::FieldErrors::default();
        e.push("password", "weak_password", "must be 12 to 256 characters");
        return Err(AppError::Validation(e));
    }
    Ok(())
}

/// A new shop with its first credentials. The key and the secret are shown once, never again.
#[derive(Debug, Clone, Serialize)]
pub struct CreatedShop {
    pub id: String,
    pub slug: String,
    pub name: String,
    pub api_key: String,
    pub webhook_secret: String,
}

pub fn new_api_key() -> String {
    format!("ak_{}", new_token(32))
}

/// Standard Webhooks style: `whsec_` + base64 of 32 random bytes.
pub fn new_webhook_secret() -> String {
    use base64::Engine;
    use rand::RngCore;
    let mut b = [0u8; 32];
    rand::rng().fill_bytes(&mut b);
    format!(
        "whsec_{}",
        base64::engine::general_purpose::STANDARD.encode(b)
    )
}

/// Inserts an API key for the shop; returns the key in clear (the only time it exists in clear).
pub fn insert_api_key(
    c: &mut dyn Conn,
    shop_id: &str,
    name: &str,
) -> Result<(String, keys::ApiKey), StoreError> {
    let key = new_api_key();
    let row = keys::ApiKey {
        id: new_id(),
        shop_id: shop_id.to_string(),
        name: name.to_string(),
        prefix: key.chars().take(10).collect(),
        created_at: now_millis(),
        last_used_at: None,
        revoked_at: None,
    };
    keys::insert_api_key(c, &row, &hash_api_key(&key))?;
    Ok((key, row))
}

pub fn insert_webhook_secret(
    c: &mut dyn Conn,
    shop_id: &str,
    source: WebhookSource,
    secret: &str,
) -> Result<String, StoreError> {
    let id = new_id();
    keys::insert_webhook_secret(
        c,
        &keys::WebhookSecret {
            id: id.clone(),
            shop_id: shop_id.into(),
            source: source.as_str().into(),
            secret: secret.into(),
            created_at: now_millis(),
        },
    )?;
    Ok(id)
}

/// Creates a shop with an API key and a native webhook secret. The slug defaults to one made
/// from the name; a taken slug is a conflict.
pub fn create_shop(db: &Db, name: &str, slug: Option<&str>) -> Result<CreatedShop, AppError> {
    let name = name.trim();
    let mut errs = aftercare_domain::FieldErrors::default();
    if name.is_empty() || name.chars().count() > 200 {
        errs.push("name", "invalid_name", "must be 1 to 200 characters");
    }
    let slug = match slug {
        Some(s) => errs.check("slug", "invalid_slug", parse_slug(s)),
        None => Some(slugify(name)),
    };
    errs.into_result()?;
    let slug = slug.unwrap_or_default();
    let name = name.to_string();
    db.write(|c| {
        let now = now_millis();
        let shop = shops::Shop {
            id: new_id(),
            slug: slug.clone(),
            name: name.clone(),
            default_locale: "en".into(),
            time_zone: "UTC".into(),
            outbound_webhook_url: None,
            estimate_days: (2, 4),
            created_at: now,
        };
        shops::insert(c, &shop).map_err(|e| match e {
            StoreError::Conflict(_) => {
                AppError::Conflict(format!("a shop with the slug {slug:?} exists already"))
            }
            e => e.into(),
        })?;
        let (api_key, _) = insert_api_key(c, &shop.id, "default")?;
        let webhook_secret = new_webhook_secret();
        insert_webhook_secret(c, &shop.id, WebhookSource::Native, &webhook_secret)?;
        Ok(CreatedShop {
            id: shop.id,
            slug: shop.slug,
            name: shop.name,
            api_key,
            webhook_secret,
        })
    })
}

/// Creates the user if new (or sets the password of an existing one when given) and gives them
/// `role` in the shop.
pub fn create_user(
    db: &Db,
    shop_id_or_slug: &str,
    email: &str,
    role: Role,
    password: &Secret,
) -> Result<String, AppError> {
    let email = aftercare_domain::Email::parse(email).map_err(|e| {
        let mut f = aftercare_domain::FieldErrors::default();
        f.push("email", "invalid_email", e);
        AppError::Validation(f)
    })?;
    check_password_strength(password)?;
    let hash = hash_password(password)?;
    db.write(|c| {
        let shop = shops::find(c, shop_id_or_slug)?.ok_or(AppError::NotFound("shop"))?;
        let now = now_millis();
        let user_id = match users::by_email(c, email.as_str())? {
            Some(u) => {
                users::set_password(c, &u.id, &hash, now)?;
                u.id
            }
            None => {
                let u = users::User {
                    id: new_id(),
                    email: email.as_str().into(),
                    password_hash: hash.clone(),
                };
                users::insert(c, &u, now)?;
                u.id
            }
        };
        users::set_membership(c, &shop.id, &user_id, role.as_str(), now)?;
        Ok(user_id)
    })
}

/// What the first start of an empty installation creates and prints.
#[derive(Debug, Clone)]
pub struct FirstStart {
    pub shop: CreatedShop,
    pub owner_email: String,
    pub owner_password: Secret,
}

/// On an installation without shops: a first shop and an owner account with a random password.
/// Several nodes starting at once on one database: only one creates them (the slug is unique).
pub fn bootstrap(app: &App) -> Result<Option<FirstStart>, AppError> {
    if app.db.read(shops::count)? > 0 {
        return Ok(None);
    }
    let shop = match create_shop(&app.db, "My Shop", Some("my-shop")) {
        Ok(s) => s,
        Err(AppError::Conflict(_)) => return Ok(None),
        Err(e) => return Err(e),
    };
    let owner_email = "owner@example.com".to_string();
    let owner_password = Secret::new(new_token(15));
    create_user(
        &app.db,
        &shop.id,
        &owner_email,
        Role::Owner,
        &owner_password,
    )?;
    Ok(Some(FirstStart {
        shop,
        owner_email,
        owner_password,
    }))
}

/// The shop an API key belongs to, or `None` for an unknown or revoked key.
pub fn authenticate_api_key(db: &Db, key: &str) -> Result<Option<String>, StoreError> {
    let hash = hash_api_key(key);
    Ok(db
        .read(|c| keys::authenticate(c, &hash))?
        .map(|(shop, _)| shop))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_use_owasp_argon2id() {
        let h = hash_password(&Secret::new("correct horse battery")).unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify_password(&Secret::new("correct horse battery"), &h));
        assert!(!verify_password(&Secret::new("wrong"), &h));
    }
}

/// A change to the shop's branding: each field absent = keep, `None` inside = clear.
#[derive(Debug, Clone, Default)]
pub struct BrandingChange {
    pub brand_color: Option<Option<String>>,
    pub support_email: Option<Option<String>>,
    pub support_phone: Option<Option<String>>,
    pub website_url: Option<Option<String>>,
    /// A `data:image/…;base64,…` URL (PNG, JPEG, WebP or SVG, at most 256 KiB).
    pub logo: Option<Option<String>>,
}

const LOGO_TYPES: [&str; 4] = ["image/png", "image/jpeg", "image/webp", "image/svg+xml"];
const MAX_LOGO: usize = 256 * 1024;

/// Validates and applies a branding change: all or nothing.
pub fn update_branding(db: &Db, shop_id: &str, ch: &BrandingChange) -> Result<(), AppError> {
    let checked = check_branding(ch)?;
    let now = now_millis();
    db.write(|c| apply_branding(c, shop_id, &checked, now))
}

/// A [`BrandingChange`] that passed [`check_branding`]: what to set, normalised.
pub struct CheckedBranding {
    color: Option<Option<String>>,
    email: Option<Option<String>>,
    phone: Option<Option<String>>,
    website: Option<Option<String>>,
    /// (media type, base64 data).
    logo: Option<Option<(String, String)>>,
}

/// Checks and normalises a branding change, naming every field that is wrong.
pub fn check_branding(ch: &BrandingChange) -> Result<CheckedBranding, AppError> {
    use base64::Engine;
    let mut errs = aftercare_domain::FieldErrors::default();
    let color = ch.brand_color.as_ref().map(|c| {
        c.as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .map(|c| {
                let ok = c.len() == 7
                    && c.starts_with('#')
                    && c[1..].bytes().all(|b| b.is_ascii_hexdigit());
                if !ok {
                    errs.push("branding.brand_color", "invalid_color", "must be #rrggbb");
                }
                c.to_ascii_lowercase()
            })
    });
    let email = ch.support_email.as_ref().map(|e| {
        e.as_deref()
            .map(str::trim)
            .filter(|e| !e.is_empty())
            .map(|e| match aftercare_domain::Email::parse(e) {
                Ok(v) => v.as_str().to_string(),
                Err(m) => {
                    errs.push("branding.support_email", "invalid_email", m);
                    String::new()
                }
            })
    });
    let phone = ch.support_phone.as_ref().map(|p| {
        p.as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|p| {
                let ok = p.len() <= 32
                    && p.chars().any(|c| c.is_ascii_digit())
                    && p.chars()
                        .all(|c| c.is_ascii_digit() || " +-()./".contains(c));
                if !ok {
                    errs.push(
                        "branding.support_phone",
                        "invalid_phone",
                        "must be a phone number (digits, spaces, + - ( ) . /)",
                    );
                }
                p.to_string()
            })
    });
    let website = ch.website_url.as_ref().map(|u| {
        u.as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty())
            .map(|u| {
                let ok = (u.starts_with("https://") || u.starts_with("http://"))
                    && u.len() <= 2048
                    && !u.chars().any(|c| c.is_whitespace() || c.is_control());
                if !ok {
                    errs.push(
                        "branding.website_url",
                        "invalid_url",
                        "must be an http(s) URL",
                    );
                }
                u.to_string()
            })
    });
    let logo = ch.logo.as_ref().map(|l| {
        l.as_deref().filter(|l| !l.is_empty()).and_then(|l| {
            let parsed = l
                .strip_prefix("data:")
                .and_then(|rest| rest.split_once(";base64,"))
                .filter(|(t, _)| LOGO_TYPES.contains(t));
            let Some((media_type, data)) = parsed else {
                errs.push(
                    "logo",
                    "invalid_logo",
                    "must be a data: URL of a PNG, JPEG, WebP or SVG image in base64",
                );
                return None;
            };
            match base64::engine::general_purpose::STANDARD.decode(data.trim()) {
                Ok(bytes) if bytes.len() <= MAX_LOGO && !bytes.is_empty() => Some((
                    media_type.to_string(),
                    base64::engine::general_purpose::STANDARD.encode(bytes),
                )),
                Ok(_) => {
                    errs.push("logo", "logo_too_large", "must be at most 256 KiB");
                    None
                }
                Err(_) => {
                    errs.push("logo", "invalid_logo", "the base64 data does not decode");
                    None
                }
            }
        })
    });
    if !errs.0.is_empty() {
        return Err(AppError::Validation(errs));
    }
    Ok(CheckedBranding {
        color,
        email,
        phone,
        website,
        logo,
    })
}

/// Writes a checked branding change inside the caller's transaction.
pub fn apply_branding(
    c: &mut dyn Conn,
    shop_id: &str,
    ch: &CheckedBranding,
    now: i64,
) -> Result<(), AppError> {
    let mut b = shops::branding(c, shop_id)?.ok_or(AppError::NotFound("shop"))?;
    if let Some(v) = &ch.color {
        b.brand_color = v.clone();
    }
    if let Some(v) = &ch.email {
        b.support_email = v.clone();
    }
    if let Some(v) = &ch.phone {
        b.support_phone = v.clone();
    }
    if let Some(v) = &ch.website {
        b.website_url = v.clone();
    }
    shops::set_branding(c, shop_id, &b, now)?;
    if let Some(l) = &ch.logo {
        shops::set_logo(
            c,
            shop_id,
            l.as_ref().map(|(t, d)| (t.as_str(), d.as_str())),
            now,
        )?;
    }
    Ok(())
}
