//! API keys (stored as SHA-256, shown once) and webhook signing secrets (several active per source,
//! so a rotation never has a gap).

use crate::sql::Conn;
use crate::{StoreError, params};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKey {
    pub id: String,
    pub shop_id: String,
    pub name: String,
    /// The first characters of the key, to recognise it in a list.
    pub prefix: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

pub fn insert_api_key(c: &mut dyn Conn, k: &ApiKey, key_hash: &str) -> Result<(), StoreError> {
    c.execute(
        "INSERT INTO api_keys (id, shop_id, name, prefix, key_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        params![&k.id, &k.shop_id, &k.name, &k.prefix, key_hash, k.created_at],
    )?;
    Ok(())
}

/// The shop and key id of an active key with this hash.
pub fn authenticate(
    c: &mut dyn Conn,
    key_hash: &str,
) -> Result<Option<(String, String)>, StoreError> {
    c.query_opt(
        "SELECT shop_id, id FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL",
        params![key_hash],
    )?
    .map(|r| Ok((r.text(0)?, r.text(1)?)))
    .transpose()
}

pub fn list_api_keys(c: &mut dyn Conn, shop_id: &str) -> Result<Vec<ApiKey>, StoreError> {
    c.query(
        "SELECT id, shop_id, name, prefix, created_at, last_used_at, revoked_at FROM api_keys WHERE shop_id = $1 ORDER BY created_at, id",
        params![shop_id],
    )?
    .iter()
    .map(|r| {
        Ok(ApiKey {
            id: r.text(0)?,
            shop_id: r.text(1)?,
            name: r.text(2)?,
            prefix: r.text(3)?,
            created_at: r.int(4)?,
            last_used_at: r.opt_int(5)?,
            revoked_at: r.opt_int(6)?,
        })
    })
    .collect()
}

pub fn revoke_api_key(
    c: &mut dyn Conn,
    shop_id: &str,
    key_id: &str,
    now: i64,
) -> Result<bool, StoreError> {
    Ok(c.execute(
        "UPDATE api_keys SET revoked_at = $3 WHERE shop_id = $1 AND id = $2 AND revoked_at IS NULL",
        params![shop_id, key_id, now],
    )? == 1)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookSecret {
    pub id: String,
    pub shop_id: String,
    pub source: String,
    pub secret: String,
    pub created_at: i64,
}

pub fn insert_webhook_secret(c: &mut dyn Conn, s: &WebhookSecret) -> Result<(), StoreError> {
    c.execute(
        "INSERT INTO webhook_secrets (id, shop_id, source, secret, created_at) VALUES ($1, $2, $3, $4, $5)",
        params![&s.id, &s.shop_id, &s.source, &s.secret, s.created_at],
    )?;
    Ok(())
}

/// Active secrets of a shop for a source, newest first (the newest signs outbound messages; any
/// verifies inbound ones).
pub fn active_webhook_secrets(
    c: &mut dyn Conn,
    shop_id: &str,
    source: &str,
) -> Result<Vec<WebhookSecret>, StoreError> {
    c.query(
        "SELECT id, shop_id, source, secret, created_at FROM webhook_secrets WHERE shop_id = $1 AND source = $2 AND revoked_at IS NULL ORDER BY created_at DESC, id DESC",
        params![shop_id, source],
    )?
    .iter()
    .map(|r| Ok(WebhookSecret { id: r.text(0)?, shop_id: r.text(1)?, source: r.text(2)?, secret: r.text(3)?, created_at: r.int(4)? }))
    .collect()
}

pub fn revoke_webhook_secret(
    c: &mut dyn Conn,
    shop_id: &str,
    id: &str,
    now: i64,
) -> Result<bool, StoreError> {
    Ok(c.execute("UPDATE webhook_secrets SET revoked_at = $3 WHERE shop_id = $1 AND id = $2 AND revoked_at IS NULL", params![shop_id, id, now])? == 1)
}
