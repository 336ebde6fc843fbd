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
