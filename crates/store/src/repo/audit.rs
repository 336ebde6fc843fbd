//! The append-only audit log: who changed what, when, from where.

use crate::sql::{Conn, Row};
use crate::{StoreError, params};

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Entry {
    pub id: String,
    pub shop_id: Option<String>,
    pub user_id: Option<String>,
    pub actor: String,
    pub action: String,
    pub target: Option<String>,
    pub detail: Option<String>,
    pub ip: Option<String>,
    pub at: i64,
}

const COLS: &str = "id, shop_id, user_id, actor, action, target, detail, ip, at";

fn from_row(r: &Row) -> Result<Entry, StoreError> {
    Ok(Entry {
        id: r.text(0)?,
        shop_id: r.opt_text(1)?,
        user_id: r.opt_text(2)?,
        actor: r.text(3)?,
        action: r.text(4)?,
        target: r.opt_text(5)?,
        detail: r.opt_text(6)?,
        ip: r.opt_text(7)?,
        at: r.int(8)?,
    })
}

pub fn append(c: &mut dyn Conn, e: &Entry) -> Result<(), StoreError> {
    c.execute(
        &format!("INSERT INTO audit_log ({COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"),
        params![
            &e.id, &e.shop_id, &e.user_id, &e.actor, &e.action, &e.target, &e.detail, &e.ip, e.at
        ],
    )?;
    Ok(())
}

/// The shop's entries, newest first; `before` pages on (`at`, `id`) of the last one seen.
pub fn for_shop(
    c: &mut dyn Conn,
    shop_id: &str,
    before: Option<(i64, &str)>,
    limit: i64,
) -> Result<Vec<Entry>, StoreError> {
    let (at, id) = before.unwrap_or((i64::MAX, ""));
    c.query(
        &format!(
            "SELECT {COLS} FROM audit_log WHERE shop_id = $1 AND (at < $2 OR (at = $2 AND id < $3)) \
             ORDER BY at DESC, id DESC LIMIT $4"
        ),
        params![shop_id, at, id, limit],
    )?
    .iter()
    .map(from_row)
    .collect()
}
