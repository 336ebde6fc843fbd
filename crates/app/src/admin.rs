//! Signing in to the admin, and what happens to accounts there: sessions with idle and absolute
//! timeouts, password change and reset, invitations, the shop a session looks at, and the audit
//! log. Tokens (session, reset, invitation, device) are 32 random bytes; only their SHA-256 is
//! stored. Password hashing runs on the blocking pool.

use crate::{App, AppError, accounts};
use aftercare_domain::time::{Millis, now_millis};
use aftercare_domain::{FieldErrors, Role, Secret, new_id, new_token};
use aftercare_store::repo::{audit, sessions, shops, users};
use aftercare_store::{Conn, StoreError};
use std::sync::LazyLock;

/// How long a session lives: `idle` without a request, `absolute` at most.
#[derive(Debug, Clone, Copy)]
pub struct Timeouts {
    pub idle_ms: Millis,
    pub absolute_ms: Millis,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            idle_ms: 30 * 60_000,
            absolute_ms: 12 * 3_600_000,
        }
    }
}

/// Reset links live this long; invitations a week.
const RESET_MS: Millis = 30 * 60_000;
const INVITE_MS: Millis = 7 * 86_400_000;

pub use aftercare_domain::token_digest as hash_token;

/// A signed-in user, as every admin page sees them.
#[derive(Debug, Clone)]
pub struct Admin {
    pub session_hash: String,
    pub user_id: String,
    pub email: String,
    pub locale: Option<String>,
    pub csrf: String,
    /// The shop the session looks at and the user's role in it.
    pub shop: shops::Shop,
    pub role: Role,
    /// Every shop of the user: (id, name, role).
    pub shops: Vec<(String, String, Role)>,
}

/// Why a sign-in failed. Every case shows the same message: nothing tells an attacker whether the
/// account exists.
#[derive(Debug)]
pub enum SignInError {
    Wrong,
    Internal(AppError),
}

/// A new session: the cookie's token, and the browser's device token (set as a long-lived cookie).
#[derive(Debug)]
pub struct SignedIn {
    pub token: String,
    pub device: String,
    pub user_id: String,
}

/// The same argon2 work whether or not the email exists: no user enumeration by timing.
static DUMMY_HASH: LazyLock<String> =
    LazyLock::new(|| accounts::hash_password(&Secret::new(new_token(16))).unwrap_or_default());

/// Checks email and password; on success starts a new session (a fresh id: a session id an
/// attacker planted before sign-in is never promoted) and ends the one the browser had.
pub async fn sign_in(
    app: &App,
    email: &str,
    password: Secret,
    previous: Option<&str>,
    ip: Option<String>,
    user_agent: Option<String>,
    device: Option<String>,
) -> Result<SignedIn, SignInError> {
    let email = email.trim().to_lowercase();
    let db = app.db.clone();
    let user = tokio::task::spawn_blocking(move || {
        let user = db.read(|c| users::by_email(c, &email)).ok().flatten();
        let hash = user
            .as_ref()
            .map_or(DUMMY_HASH.as_str(), |u| u.password_hash.as_str());
        let ok = accounts::verify_password(&password, hash);
        user.filter(|_| ok)
    })
    .await
    .map_err(|e| SignInError::Internal(AppError::Internal(e.into())))?
    .ok_or(SignInError::Wrong)?;
    let now = now_millis();
    let t = app.admin_timeouts();
    let token = new_token(32);
    let device = device
        .filter(|d| d.len() >= 32 && d.len() <= 64)
        .unwrap_or_else(|| new_token(32));
    let (s_hash, d_hash, prev) = (
        hash_token(&token),
        hash_token(&device),
        previous.map(hash_token),
    );
    let uid = user.id.clone();
    let user_email = user.email.clone();
    app.db
        .write_async(move |c| {
            if let Some(p) = &prev {
                sessions::delete(c, p)?;
            }
            let first_shop = users::memberships(c, &uid)?.into_iter().next().map(|m| m.0);
            sessions::insert(
                c,
                &sessions::Session {
                    id_hash: s_hash.clone(),
                    user_id: uid.clone(),
                    shop_id: first_shop.clone(),
                    csrf: new_token(32),
                    created_at: now,
                    last_seen_at: now,
                    expires_at: now + t.absolute_ms,
                    ip: ip.clone(),
                    user_agent: user_agent.as_deref().map(|u| u.chars().take(300).collect()),
                },
            )?;
            sessions::add_device(c, &d_hash, &uid, now)?;
            audit_in(
                c,
                first_shop.as_deref(),
                Some(&uid),
                &user_email,
                "session.sign_in",
                None,
                None,
                ip.as_deref(),
            )
        })
        .await
        .map_err(|e: StoreError| SignInError::Internal(e.into()))?;
    Ok(SignedIn {
        token,
        device,
        user_id: user.id,
    })
}

/// Whether this browser signed in to the account with this email before (its sign-ins are not
/// held back by the account's limit).
pub async fn known_device(app: &App, email: &str, device: &str) -> bool {
    let (email, d) = (email.trim().to_lowercase(), hash_token(device));
    app.db
        .read_async(move |c| {
            let Some(u) = users::by_email(c, &email)? else {
                return Ok(false);
            };
            sessions::is_known_device(c, &d, &u.id)
        })
        .await
        .unwrap_or(false)
}

/// The session behind a cookie, if it is still alive; refreshes its idle clock now and then.
pub async fn session(app: &App, token: &str) -> Result<Option<Admin>, AppError> {
    if token.len() < 32 || token.len() > 64 {
        return Ok(None);
    }
    let h = hash_token(token);
    let t = app.admin_timeouts();
    let now = now_millis();
    let found = app
        .db
        .read_async({
            let h = h.clone();
            move |c| -> Result<_, AppError> {
                let Some(s) = sessions::get(c, &h)? else {
                    return Ok(None);
                };
                if s.expires_at <= now || s.last_seen_at + t.idle_ms <= now {
                    return Ok(Some((s, None)));
                }
                let Some((user, locale)) = users::get(c, &s.user_id)? else {
                    return Ok(None);
                };
                let mut mine = Vec::new();
                for (shop_id, role) in users::memberships(c, &s.user_id)? {
                    if let (Some(shop), Some(role)) = (shops::get(c, &shop_id)?, Role::parse(&role))
                    {
                        mine.push((shop, role));
                    }
                }
                Ok(Some((s, Some((user, locale, mine)))))
            }
        })
        .await?;
    let Some((s, alive)) = found else {
        return Ok(None);
    };
    let Some((user, locale, mine)) = alive else {
        // Timed out: gone for good.
        app.db.write_async(move |c| sessions::delete(c, &h)).await?;
        return Ok(None);
    };
    // The shop the session looks at, if the user still belongs to it; else their first.
    let Some((shop, role)) = mine
        .iter()
        .find(|(shop, _)| Some(&shop.id) == s.shop_id.as_ref())
        .or_else(|| mine.first())
        .cloned()
    else {
        return Ok(None); // a user without shops has nothing to see
    };
    if now - s.last_seen_at > 60_000 {
        let h2 = h.clone();
        app.db
            .write_async(move |c| sessions::touch(c, &h2, now))
            .await?;
    }
    Ok(Some(Admin {
        session_hash: h,
        user_id: user.id,
        email: user.email,
        locale,
        csrf: s.csrf,
        shops: mine
            .iter()
            .map(|(s, r)| (s.id.clone(), s.name.clone(), *r))
            .collect(),
        shop,
        role,
    }))
}

pub async fn sign_out(app: &App, token: &str) -> Result<(), AppError> {
    let h = hash_token(token);
    app.db.write_async(move |c| sessions::delete(c, &h)).await?;
    Ok(())
}

/// Ends every session of the user, this one included.
pub async fn sign_out_everywhere(
    app: &App,
    a: &Admin,
    ip: Option<String>,
) -> Result<u64, AppError> {
    let a = a.clone();
    Ok(app
        .db
        .write_async(move |c| {
            let n = sessions::delete_for_user(c, &a.user_id, None)?;
            audit_in(
                c,
                Some(&a.shop.id),
                Some(&a.user_id),
                &a.email,
                "session.sign_out_everywhere",
                None,
                Some(&format!("{{\"sessions\":{n}}}")),
                ip.as_deref(),
            )?;
            Ok::<_, StoreError>(n)
        })
        .await?)
}

/// Changes the password after checking the current one; every other session ends.
pub async fn change_password(
    app: &App,
    a: &Admin,
    current: Secret,
    new: Secret,
    ip: Option<String>,
) -> Result<(), AppError> {
    let mut errs = FieldErrors::default();
    if let Err(AppError::Validation(e)) = accounts::check_password_strength(&new) {
        errs.0.extend(e.0.into_iter().map(|mut f| {
            f.field = "new_password".into();
            f
        }));
    }
    let db = app.db.clone();
    let uid = a.user_id.clone();
    let hashed = tokio::task::spawn_blocking(move || -> Result<Option<String>, AppError> {
        let (user, _) = db
            .read(|c| users::get(c, &uid))?
            .ok_or(AppError::NotFound("user"))?;
        if !accounts::verify_password(&current, &user.password_hash) {
            return Ok(None);
        }
        accounts::hash_password(&new).map(Some)
    })
    .await
    .map_err(|e| AppError::Internal(e.into()))??;
    let Some(hash) = hashed.filter(|_| errs.0.is_empty()) else {
        if errs.0.is_empty() {
            errs.push(
                "current_password",
                "wrong_password",
                "the current password is wrong",
            );
        }
        return Err(AppError::Validation(errs));
    };
    let a = a.clone();
    app.db
        .write_async(move |c| {
            let now = now_millis();
            users::set_password(c, &a.user_id, &hash, now)?;
            sessions::delete_for_user(c, &a.user_id, Some(&a.session_hash))?;
            audit_in(
                c,
                Some(&a.shop.id),
                Some(&a.user_id),
                &a.email,
                "user.password_change",
                Some(&a.email),
                None,
                ip.as_deref(),
            )
        })
        .await?;
    Ok(())
}

/// Starts a password reset: a single-use link by email, valid for 30 minutes. Says nothing about
/// whether the account exists; the work and the answer are the same either way.
pub async fn request_reset(app: &App, email: &str) -> Result<(), AppError> {
    let email = email.trim().to_lowercase();
    let token = new_token(32);
    let h = hash_token(&token);
    let now = now_millis();
    let found = app
        .db
        .write_async({
            let email = email.clone();
            move |c| -> Result<Option<(String, String)>, StoreError> {
                let Some(u) = users::by_email(c, &email)? else {
                    return Ok(None);
                };
                let Some((shop, _)) = users::memberships(c, &u.id)?.into_iter().next() else {
                    return Ok(None);
                };
                sessions::insert_token(
                    c,
                    &sessions::UserToken {
                        token_hash: h.clone(),
                        purpose: "reset".into(),
                        email: u.email.clone(),
                        user_id: Some(u.id.clone()),
                        shop_id: Some(shop.clone()),
                        role: None,
                        created_by: None,
                        created_at: now,
                        expires_at: now + RESET_MS,
                        used_at: None,
                    },
                )?;
                Ok(Some((u.id, shop)))
            }
        })
        .await?;
    if let Some((uid, shop)) = found {
        let link = format!("{}/admin/reset/{token}", app.base_url);
        let lang = user_lang(app, &uid).await;
        let tr = crate::i18n::Tr::new(lang);
        let subject = tr.t("admin-reset-mail-subject").into_owned();
        let body = tr
            .t_args("admin-reset-mail-body", &[("link", link.as_str().into())])
            .into_owned();
        crate::notify::send_account_email(
            app,
            &shop,
            &email,
            "password_reset",
            lang,
            &subject,
            &body,
        )
        .await?;
    }
    Ok(())
}

async fn user_lang(app: &App, uid: &str) -> crate::i18n::Lang {
    let uid = uid.to_string();
    app.db
        .read_async(move |c| users::get(c, &uid))
        .await
        .ok()
        .flatten()
        .and_then(|(_, l)| l)
        .and_then(|l| crate::i18n::Lang::parse(&l))
        .unwrap_or(crate::i18n::Lang::En)
}

/// Whether a reset or invitation link is still good (for showing its form).
pub async fn link_email(
    app: &App,
    token: &str,
    purpose: &'static str,
) -> Option<sessions::UserToken> {
    if token.len() < 32 || token.len() > 64 {
        return None;
    }
    let h = hash_token(token);
    app.db
        .read_async(move |c| sessions::valid_token(c, &h, purpose, now_millis()))
        .await
        .ok()
        .flatten()
}

/// Sets a new password from a reset link: the link is used up and every session of the user ends.
pub async fn reset_password(app: &App, token: &str, new: Secret) -> Result<bool, AppError> {
    accounts::check_password_strength(&new)?;
    let Some(t) = link_email(app, token, "reset").await else {
        return Ok(false);
    };
    let hash = tokio::task::spawn_blocking(move || accounts::hash_password(&new))
        .await
        .map_err(|e| AppError::Internal(e.into()))??;
    let h = hash_token(token);
    app.db
        .write_async(move |c| -> Result<bool, AppError> {
            let now = now_millis();
            if !sessions::use_token(c, &h, now)? {
                return Ok(false);
            }
            let uid = t.user_id.clone().ok_or(AppError::NotFound("user"))?;
            users::set_password(c, &uid, &hash, now)?;
            sessions::delete_for_user(c, &uid, None)?;
            audit_in(
                c,
                t.shop_id.as_deref(),
                Some(&uid),
                &t.email,
                "user.password_reset",
                Some(&t.email),
                None,
                None,
            )?;
            Ok(true)
        })
        .await
}

/// Invites someone to the shop with a role: a link by email, valid for a week.
pub async fn invite(
    app: &App,
    a: &Admin,
    email: &str,
    role: Role,
    ip: Option<String>,
) -> Result<(), AppError> {
    let email = email.trim().to_lowercase();
    if email.parse::<lettre::Address>().is_err() || email.len() > 254 {
        let mut e = FieldErrors::default();
        e.push("email", "invalid_email", "not an email address");
        return Err(AppError::Validation(e));
    }
    let token = new_token(32);
    let h = hash_token(&token);
    let now = now_millis();
    let a2 = a.clone();
    let em = email.clone();
    app.db
        .write_async(move |c| {
            sessions::insert_token(
                c,
                &sessions::UserToken {
                    token_hash: h.clone(),
                    purpose: "invite".into(),
                    email: em.clone(),
                    user_id: None,
                    shop_id: Some(a2.shop.id.clone()),
                    role: Some(role.as_str().into()),
                    created_by: Some(a2.user_id.clone()),
                    created_at: now,
                    expires_at: now + INVITE_MS,
                    used_at: None,
                },
            )?;
            audit_in(
                c,
                Some(&a2.shop.id),
                Some(&a2.user_id),
                &a2.email,
                "user.invite",
                Some(&em),
                Some(&format!("{{\"role\":\"{}\"}}", role.as_str())),
                ip.as_deref(),
            )
        })
        .await?;
    let lang = a
        .locale
        .as_deref()
        .and_then(crate::i18n::Lang::parse)
        .unwrap_or(crate::i18n::Lang::En);
    let tr = crate::i18n::Tr::new(lang);
    let link = format!("{}/admin/invite/{token}", app.base_url);
    let subject = tr
        .t_args(
            "admin-invite-mail-subject",
            &[("shop", a.shop.name.as_str().into())],
        )
        .into_owned();
    let body = tr
        .t_args(
            "admin-invite-mail-body",
            &[
                ("shop", a.shop.name.as_str().into()),
                ("inviter", a.email.as_str().into()),
                ("link", link.as_str().into()),
            ],
        )
        .into_owned();
    crate::notify::send_account_email(app, &a.shop.id, &email, "invite", lang, &subject, &body)
        .await
}

/// Accepts an invitation: a new account with the password given, or (for an email that has one)
/// the membership only, after its password is checked. `Ok(None)`: the link is not good.
pub async fn accept_invite(
    app: &App,
    token: &str,
    password: Secret,
) -> Result<Option<String>, AppError> {
    let Some(t) = link_email(app, token, "invite").await else {
        return Ok(None);
    };
    let db = app.db.clone();
    let email = t.email.clone();
    let (existing, hash) = tokio::task::spawn_blocking(move || -> Result<_, AppError> {
        match db.read(|c| users::by_email(c, &email))? {
            Some(u) => {
                let ok = accounts::verify_password(&password, &u.password_hash);
                Ok((Some((u, ok)), None))
            }
            None => {
                accounts::check_password_strength(&password)?;
                Ok((None, Some(accounts::hash_password(&password)?)))
            }
        }
    })
    .await
    .map_err(|e| AppError::Internal(e.into()))??;
    if let Some((_, false)) = &existing {
        let mut e = FieldErrors::default();
        e.push(
            "password",
            "wrong_password",
            "the password of the existing account is wrong",
        );
        return Err(AppError::Validation(e));
    }
    let h = hash_token(token);
    app.db
        .write_async(move |c| -> Result<Option<String>, AppError> {
            let now = now_millis();
            if !sessions::use_token(c, &h, now)? {
                return Ok(None);
            }
            let uid = match (existing.clone(), hash.clone()) {
                (Some((u, _)), _) => u.id,
                (None, Some(hash)) => {
                    let id = new_id();
                    users::insert(
                        c,
                        &users::User {
                            id: id.clone(),
                            email: t.email.clone(),
                            password_hash: hash,
                        },
                        now,
                    )?;
                    id
                }
                (None, None) => return Ok(None),
            };
            let shop = t.shop_id.clone().ok_or(AppError::NotFound("shop"))?;
            users::set_membership(c, &shop, &uid, t.role.as_deref().unwrap_or("agent"), now)?;
            audit_in(
                c,
                Some(&shop),
                Some(&uid),
                &t.email,
                "user.join",
                Some(&t.email),
                Some(&format!(
                    "{{\"role\":\"{}\"}}",
                    t.role.as_deref().unwrap_or("agent")
                )),
                None,
            )?;
            Ok(Some(t.email.clone()))
        })
        .await
}

/// Changes a member's role or removes them; the last owner cannot be demoted or removed.
pub async fn set_member(
    app: &App,
    a: &Admin,
    user_id: &str,
    role: Option<Role>,
    ip: Option<String>,
) -> Result<(), AppError> {
    let (a, uid) = (a.clone(), user_id.to_string());
    app.db
        .write_async(move |c| -> Result<(), AppError> {
            let members = users::members(c, &a.shop.id)?;
            let Some((_, email, current)) = members.iter().find(|m| m.0 == uid).cloned() else {
                return Err(AppError::NotFound("member"));
            };
            let owners = members.iter().filter(|m| m.2 == "owner").count();
            if current == "owner" && owners == 1 && role != Some(Role::Owner) {
                let mut e = FieldErrors::default();
                e.push("role", "last_owner", "a shop keeps at least one owner");
                return Err(AppError::Validation(e));
            }
            let now = now_millis();
            match role {
                Some(r) => users::set_membership(c, &a.shop.id, &uid, r.as_str(), now)?,
                None => {
                    users::remove_membership(c, &a.shop.id, &uid)?;
                }
            }
            audit_in(
                c,
                Some(&a.shop.id),
                Some(&a.user_id),
                &a.email,
                if role.is_some() {
                    "user.role"
                } else {
                    "user.remove"
                },
                Some(&email),
                role.map(|r| format!("{{\"from\":\"{current}\",\"to\":\"{}\"}}", r.as_str()))
                    .as_deref(),
                ip.as_deref(),
            )?;
            Ok(())
        })
        .await
}

/// Points the session at another of the user's shops.
pub async fn switch_shop(app: &App, a: &Admin, shop_id: &str) -> Result<bool, AppError> {
    if !a.shops.iter().any(|(id, _, _)| id == shop_id) {
        return Ok(false);
    }
    let (h, sid) = (a.session_hash.clone(), shop_id.to_string());
    app.db
        .write_async(move |c| sessions::set_shop(c, &h, &sid))
        .await?;
    Ok(true)
}

pub async fn set_locale(app: &App, a: &Admin, locale: &str) -> Result<(), AppError> {
    let (uid, l) = (a.user_id.clone(), locale.to_string());
    app.db
        .write_async(move |c| users::set_locale(c, &uid, &l))
        .await?;
    Ok(())
}

/// Writes an audit entry in the caller's transaction.
#[allow(clippy::too_many_arguments)]
pub fn audit_in(
    c: &mut dyn Conn,
    shop_id: Option<&str>,
    user_id: Option<&str>,
    actor: &str,
    action: &str,
    target: Option<&str>,
    detail: Option<&str>,
    ip: Option<&str>,
) -> Result<(), StoreError> {
    audit::append(
        c,
        &audit::Entry {
            id: new_id(),
            shop_id: shop_id.map(str::to_string),
            user_id: user_id.map(str::to_string),
            actor: actor.to_string(),
            action: action.to_string(),
            target: target.map(str::to_string),
            detail: detail.map(str::to_string),
            ip: ip.map(str::to_string),
            at: now_millis(),
        },
    )
}

/// Writes an audit entry for what a signed-in user did, in the caller's transaction.
pub fn audit_by(
    c: &mut dyn Conn,
    a: &Admin,
    action: &str,
    target: Option<&str>,
    detail: Option<&str>,
    ip: Option<&str>,
) -> Result<(), StoreError> {
    audit_in(
        c,
        Some(&a.shop.id),
        Some(&a.user_id),
        &a.email,
        action,
        target,
        detail,
        ip,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_stored_as_their_digest() {
        let h = hash_token("abc");
        assert_eq!(h.len(), 64);
        assert_ne!(h, "abc");
        assert_eq!(h, hash_token("abc"));
    }
}
