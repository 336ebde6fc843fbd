//! Admin sign-in: sessions, single-use links (password reset, invitations) and known devices.
//! Tokens are never stored: only their SHA-256 (the callers hash).

use crate::sql::{Conn, Row};
use crate::{StoreError, params};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub id_hash: String,
    pub user_id: String,
    pub shop_id: Option<String>,
    pub csrf: String,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub expires_at: i64,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

const COLS: &str =
    "id_hash, user_id, shop_id, csrf, created_at, last_seen_at, expires_at, ip, user_agent";

fn from_row(r: &Row) -> Result<Session, StoreError> {
    Ok(Session {
        id_hash: r.text(0)?,
        user_id: r.text(1)?,
        shop_id: r.opt_text(2)?,
        csrf: r.text(3)?,
        created_at: r.int(4)?,
        last_seen_at: r.int(5)?,
        expires_at: r.int(6)?,
        ip: r.opt_text(7)?,
        user_agent: r.opt_text(8)?,
    })
}

pub fn insert(c: &mut dyn Conn, s: &Session) -> Result<(), StoreError> {
    c.execute(
        &format!("INSERT INTO sessions ({COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"),
        params![
            &s.id_hash,
            &s.user_id,
            &s.shop_id,
            &s.csrf,
            s.created_at,
            s.last_seen_at,
            s.expires_at,
            &s.ip,
            &s.user_agent
        ],
    )?;
    Ok(())
}

pub fn get(c: &mut dyn Conn, id_hash: &str) -> Result<Option<Session>, StoreError> {
    c.query_opt(
        &format!("SELECT {COLS} FROM sessions WHERE id_hash = $1"),
        params![id_hash],
    )?
    .as_ref()
    .map(from_row)
    .transpose()
}

pub fn touch(c: &mut dyn Conn, id_hash: &str, now: i64) -> Result<(), StoreError> {
    c.execute(
        "UPDATE sessions SET last_seen_at = $2 WHERE id_hash = $1",
        params![id_hash, now],
    )?;
    Ok(())
}

pub fn set_shop(c: &mut dyn Conn, id_hash: &str, shop_id: &str) -> Result<(), StoreError> {
    c.execute(
        "UPDATE sessions SET shop_id = $2 WHERE id_hash = $1",
        params![id_hash, shop_id],
    )?;
    Ok(())
}

pub fn delete(c: &mut dyn Conn, id_hash: &str) -> Result<bool, StoreError> {
    Ok(c.execute("DELETE FROM sessions WHERE id_hash = $1", params![id_hash])? == 1)
}

/// Ends every session of the user except `keep` (all of them when `None`); returns how many.
pub fn delete_for_user(
    c: &mut dyn Conn,
    user_id: &str,
    keep: Option<&str>,
) -> Result<u64, StoreError> {
    c.execute(
        "DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2",
        params![user_id, keep.unwrap_or("")],
    )
}

pub fn for_user(c: &mut dyn Conn, user_id: &str) -> Result<Vec<Session>, StoreError> {
    c.query(
        &format!("SELECT {COLS} FROM sessions WHERE user_id = $1 ORDER BY last_seen_at DESC"),
        params![user_id],
    )?
    .iter()
    .map(from_row)
    .collect()
}

/// Forgets sessions past their end (housekeeping).
pub fn delete_expired(c: &mut dyn Conn, now: i64, idle_ms: i64) -> Result<u64, StoreError> {
    c.execute(
        "DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2",
        params![now, now - idle_ms],
    )
}

/// A password reset or invitation link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserToken {
    pub token_hash: String,
    pub purpose: String,
    pub email: String,
    pub user_id: Option<String>,
    pub shop_id: Option<String>,
    pub role: Option<String>,
    pub created_by: Option<String>,
    pub created_at: i64,
    pub expires_at: i64,
    pub used_at: Option<i64>,
}

const TOKEN_COLS: &str = "token_hash, purpose, email, user_id, shop_id, role, created_by, created_at, expires_at, used_at";

fn token_from_row(r: &Row) -> Result<UserToken, StoreError> {
    Ok(UserToken {
        token_hash: r.text(0)?,
        purpose: r.text(1)?,
        email: r.text(2)?,
        user_id: r.opt_text(3)?,
        shop_id: r.opt_text(4)?,
        role: r.opt_text(5)?,
        created_by: r.opt_text(6)?,
        created_at: r.int(7)?,
        expires_at: r.int(8)?,
        used_at: r.opt_int(9)?,
    })
}

pub fn insert_token(c: &mut dyn Conn, t: &UserToken) -> Result<(), StoreError> {
    c.execute(
        &format!("INSERT INTO user_tokens ({TOKEN_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"),
        params![
            &t.token_hash, &t.purpose, &t.email, &t.user_id, &t.shop_id, &t.role, &t.created_by, t.created_at, t.expires_at, t.used_at
        ],
    )?;
    Ok(())
}

/// A link that is still good: not used, not expired.
pub fn valid_token(
    c: &mut dyn Conn,
    token_hash: &str,
    purpose: &str,
    now: i64,
) -> Result<Option<UserToken>, StoreError> {
    c.query_opt(
        &format!("SELECT {TOKEN_COLS} FROM user_tokens WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3"),
        params![token_hash, purpose, now],
    )?
    .as_ref()
    .map(token_from_row)
    .transpose()
}

/// Uses a link up; `false` when it was already used (two tabs, a replay).
pub fn use_token(c: &mut dyn Conn, token_hash: &str, now: i64) -> Result<bool, StoreError> {
    Ok(c.execute(
        "UPDATE user_tokens SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL",
        params![token_hash, now],
    )? == 1)
}

/// The shop's open invitations.
pub fn open_invites(
    c: &mut dyn Conn,
    shop_id: &str,
    now: i64,
) -> Result<Vec<UserToken>, StoreError> {
    c.query(
        &format!("SELECT {TOKEN_COLS} FROM user_tokens WHERE shop_id = $1 AND purpose = 'invite' AND used_at IS NULL AND expires_at > $2 ORDER BY created_at DESC"),
        params![shop_id, now],
    )?
    .iter()
    .map(token_from_row)
    .collect()
}

pub fn add_device(
    c: &mut dyn Conn,
    token_hash: &str,
    user_id: &str,
    now: i64,
) -> Result<(), StoreError> {
    c.execute(
        "INSERT INTO known_devices (token_hash, user_id, created_at) VALUES ($1, $2, $3) ON CONFLICT (token_hash) DO NOTHING",
        params![token_hash, user_id, now],
    )?;
    Ok(())
}

/// Whether this browser signed in to the account before.
pub fn is_known_device(
    c: &mut dyn Conn,
    token_hash: &str,
    user_id: &str,
) -> Result<bool, StoreError> {
    Ok(c.query_opt(
        "SELECT 1 FROM known_devices WHERE token_hash = $1 AND user_id = $2",
        params![token_hash, user_id],
    )?
    .is_some())
}
