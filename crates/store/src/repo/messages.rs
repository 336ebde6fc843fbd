//! Messages to buyers and their history.

use crate::sql::{Conn, Row};
use crate::{StoreError, params};

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Message {
    pub id: String,
    pub shop_id: String,
    pub order_id: Option<String>,
    pub shipment_id: Option<String>,
    pub kind: String,
    pub purpose: String,
    pub channel: String,
    pub locale: String,
    pub recipient: String,
    pub subject: String,
    pub body_text: String,
    pub body_html: Option<String>,
    pub message_id: String,
    pub state: String,
    pub error: Option<String>,
    /// The SMS provider's id of the message.
    pub provider_id: Option<String>,
    /// SMS segments the text takes.
    pub segments: Option<i64>,
    pub attempts: i64,
    pub dedupe_key: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub sent_at: Option<i64>,
    /// Marketing messages: the capability in their one-click unsubscribe link.
    pub unsubscribe_token: Option<String>,
}

const COLS: &str = "id, shop_id, order_id, shipment_id, kind, purpose, channel, locale, recipient, subject, body_text, body_html, message_id, state, error, attempts, dedupe_key, created_at, updated_at, sent_at, provider_id, segments, unsubscribe_token";

fn from_row(r: &Row) -> Result<Message, StoreError> {
    Ok(Message {
        id: r.text(0)?,
        shop_id: r.text(1)?,
        order_id: r.opt_text(2)?,
        shipment_id: r.opt_text(3)?,
        kind: r.text(4)?,
        purpose: r.text(5)?,
        channel: r.text(6)?,
        locale: r.text(7)?,
        recipient: r.text(8)?,
        subject: r.text(9)?,
        body_text: r.text(10)?,
        body_html: r.opt_text(11)?,
        message_id: r.text(12)?,
        state: r.text(13)?,
        error: r.opt_text(14)?,
        attempts: r.int(15)?,
        dedupe_key: r.text(16)?,
        created_at: r.int(17)?,
        updated_at: r.int(18)?,
        sent_at: r.opt_int(19)?,
        provider_id: r.opt_text(20)?,
        segments: r.opt_int(21)?,
        unsubscribe_token: r.opt_text(22)?,
    })
}

/// Stores the message unless the shop has one with its dedupe key; returns the stored one
/// (`true` when it was new).
pub fn insert_if_absent(c: &mut dyn Conn, m: &Message) -> Result<(Message, bool), StoreError> {
    insert_with_history(c, m, &[m.state.as_str()])
}

/// [`insert_if_absent`] for a `queued` message that goes out right away: stored as `sending`
/// with its first attempt counted and its history `queued`, `sending` — what `insert_if_absent`
/// and `set_state(…, "sending")` would leave, without rewriting the just-written row.
pub fn insert_sending_if_absent(
    c: &mut dyn Conn,
    m: &Message,
) -> Result<(Message, bool), StoreError> {
    let m = Message {
        state: "sending".into(),
        attempts: m.attempts + 1,
        ..m.clone()
    };
    insert_with_history(c, &m, &["queued", "sending"])
}

fn insert_with_history(
    c: &mut dyn Conn,
    m: &Message,
    history: &[&str],
) -> Result<(Message, bool), StoreError> {
    let n = c.execute(
        &format!(
            "INSERT INTO messages ({COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23) \
             ON CONFLICT (shop_id, dedupe_key) DO NOTHING"
        ),
        params![
            &m.id, &m.shop_id, &m.order_id, &m.shipment_id, &m.kind, &m.purpose, &m.channel, &m.locale, &m.recipient, &m.subject,
            &m.body_text, &m.body_html, &m.message_id, &m.state, &m.error, m.attempts, &m.dedupe_key, m.created_at, m.updated_at, m.sent_at,
            &m.provider_id, m.segments, &m.unsubscribe_token
        ],
    )?;
    if n == 1 {
        for state in history {
            add_event(c, &m.id, state, m.error.as_deref(), m.created_at)?;
        }
        return Ok((m.clone(), true));
    }
    let stored = by_dedupe_key(c, &m.shop_id, &m.dedupe_key)?.ok_or(StoreError::NotFound)?;
    Ok((stored, false))
}

pub fn by_dedupe_key(
    c: &mut dyn Conn,
    shop_id: &str,
    key: &str,
) -> Result<Option<Message>, StoreError> {
    c.query_opt(
        &format!("SELECT {COLS} FROM messages WHERE shop_id = $1 AND dedupe_key = $2"),
        params![shop_id, key],
    )?
    .as_ref()
    .map(from_row)
    .transpose()
}

/// The message an unsubscribe link belongs to (tokens are unique across shops).
pub fn by_unsubscribe_token(c: &mut dyn Conn, token: &str) -> Result<Option<Message>, StoreError> {
    c.query_opt(
        &format!("SELECT {COLS} FROM messages WHERE unsubscribe_token = $1"),
        params![token],
    )?
    .as_ref()
    .map(from_row)
    .transpose()
}

pub fn get(c: &mut dyn Conn, shop_id: &str, id: &str) -> Result<Option<Message>, StoreError> {
    c.query_opt(
        &format!("SELECT {COLS} FROM messages WHERE shop_id = $1 AND id = $2"),
        params![shop_id, id],
    )?
    .as_ref()
    .map(from_row)
    .transpose()
}

/// Moves the message to `state` and writes it into its history; `sending` counts an attempt.
pub fn set_state(
    c: &mut dyn Conn,
    shop_id: &str,
    id: &str,
    state: &str,
    error: Option<&str>,
    now: i64,
) -> Result<(), StoreError> {
    let sent_at = matches!(state, "sent" | "mailbox").then_some(now);
    let attempt = i64::from(state == "sending");
    c.execute(
        "UPDATE messages SET state = $3, error = $4, attempts = attempts + $5, updated_at = $6, sent_at = COALESCE($7, sent_at) WHERE shop_id = $1 AND id = $2",
        params![shop_id, id, state, error, attempt, now, sent_at],
    )?;
    add_event(c, id, state, error, now)
}

fn add_event(
    c: &mut dyn Conn,
    id: &str,
    state: &str,
    detail: Option<&str>,
    now: i64,
) -> Result<(), StoreError> {
    c.execute(
        "INSERT INTO message_events (message_id, seq, state, detail, at) \
         VALUES ($1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM message_events WHERE message_id = $1), $2, $3, $4)",
        params![id, state, detail, now],
    )?;
    Ok(())
}

/// (state, detail, at) of a message, oldest first.
pub fn history(
    c: &mut dyn Conn,
    id: &str,
) -> Result<Vec<(String, Option<String>, i64)>, StoreError> {
    c.query(
        "SELECT state, detail, at FROM message_events WHERE message_id = $1 ORDER BY seq",
        params![id],
    )?
    .iter()
    .map(|r| Ok((r.text(0)?, r.opt_text(1)?, r.int(2)?)))
    .collect()
}

pub fn for_order(
    c: &mut dyn Conn,
    shop_id: &str,
    order_id: &str,
) -> Result<Vec<Message>, StoreError> {
    c.query(
        &format!("SELECT {COLS} FROM messages WHERE shop_id = $1 AND order_id = $2 ORDER BY created_at, id"),
        params![shop_id, order_id],
    )?
    .iter()
    .map(from_row)
    .collect()
}

/// The shop's newest messages (the development mailbox and the admin's message log).
pub fn recent(c: &mut dyn Conn, shop_id: &str, limit: i64) -> Result<Vec<Message>, StoreError> {
    c.query(
        &format!("SELECT {COLS} FROM messages WHERE shop_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2"),
        params![shop_id, limit],
    )?
    .iter()
    .map(from_row)
    .collect()
}

/// The kinds a shop has switched off (or on again) for a channel: `(kind, enabled)`.
pub fn settings(
    c: &mut dyn Conn,
    shop_id: &str,
    channel: &str,
) -> Result<Vec<(String, bool)>, StoreError> {
    c.query(
        "SELECT kind, enabled FROM message_settings WHERE shop_id = $1 AND channel = $2 ORDER BY kind",
        params![shop_id, channel],
    )?
    .iter()
    .map(|r| Ok((r.text(0)?, r.int(1)? != 0)))
    .collect()
}

/// The statement of [`is_enabled`]: a batch that writes no settings may answer it from memory
/// after the first time.
pub const IS_ENABLED: &str =
    "SELECT enabled FROM message_settings WHERE shop_id = $1 AND kind = $2 AND channel = $3";

/// Whether the shop sends this kind on this channel; `default` when it never said.
pub fn is_enabled(
    c: &mut dyn Conn,
    shop_id: &str,
    kind: &str,
    channel: &str,
    default: bool,
) -> Result<bool, StoreError> {
    Ok(c.query_opt(IS_ENABLED, params![shop_id, kind, channel])?
        .map(|r| r.int(0))
        .transpose()?
        .map_or(default, |v| v != 0))
}

pub fn set_enabled(
    c: &mut dyn Conn,
    shop_id: &str,
    kind: &str,
    channel: &str,
    enabled: bool,
    now: i64,
) -> Result<(), StoreError> {
    c.execute(
        "INSERT INTO message_settings (shop_id, kind, channel, enabled, updated_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (shop_id, kind, channel) DO UPDATE SET enabled = excluded.enabled, updated_at = excluded.updated_at",
        params![shop_id, kind, channel, enabled, now],
    )?;
    Ok(())
}

/// Why an address is suppressed, if it is (addresses are compared lowercased).
pub fn suppression(
    c: &mut dyn Conn,
    shop_id: &str,
    address: &str,
) -> Result<Option<String>, StoreError> {
    c.query_opt(
        "SELECT reason FROM suppressions WHERE shop_id = $1 AND address = $2",
        params![shop_id, address.to_lowercase()],
    )?
    .map(|r| r.text(0))
    .transpose()
}

/// Suppresses an address; a hard bounce wins over the softer reasons already stored.
pub fn suppress(
    c: &mut dyn Conn,
    shop_id: &str,
    address: &str,
    reason: &str,
    detail: Option<&str>,
    now: i64,
) -> Result<(), StoreError> {
    c.execute(
        "INSERT INTO suppressions (shop_id, address, reason, detail, created_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (shop_id, address) DO UPDATE SET reason = CASE WHEN excluded.reason = 'hard_bounce' THEN excluded.reason ELSE suppressions.reason END, \
         detail = excluded.detail",
        params![shop_id, address.to_lowercase(), reason, detail, now],
    )?;
    Ok(())
}

pub fn unsuppress(c: &mut dyn Conn, shop_id: &str, address: &str) -> Result<bool, StoreError> {
    Ok(c.execute(
        "DELETE FROM suppressions WHERE shop_id = $1 AND address = $2",
        params![shop_id, address.to_lowercase()],
    )? == 1)
}

/// A suppressed address: (address, reason, detail, created_at).
pub type Suppression = (String, String, Option<String>, i64);

/// The shop's suppressed addresses, newest first.
pub fn suppressions(
    c: &mut dyn Conn,
    shop_id: &str,
    limit: i64,
) -> Result<Vec<Suppression>, StoreError> {
    c.query(
        "SELECT address, reason, detail, created_at FROM suppressions WHERE shop_id = $1 ORDER BY created_at DESC, address LIMIT $2",
        params![shop_id, limit],
    )?
    .iter()
    .map(|r| Ok((r.text(0)?, r.text(1)?, r.opt_text(2)?, r.int(3)?)))
    .collect()
}

/// The provider's id of a sent SMS.
pub fn set_provider_id(
    c: &mut dyn Conn,
    shop_id: &str,
    id: &str,
    provider_id: &str,
) -> Result<(), StoreError> {
    c.execute(
        "UPDATE messages SET provider_id = $3 WHERE shop_id = $1 AND id = $2",
        params![shop_id, id, provider_id],
    )?;
    Ok(())
}

/// A shop's own template of a message: subject, text and HTML sources.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    pub subject: String,
    pub body_text: String,
    pub body_html: Option<String>,
    pub updated_at: i64,
}

pub fn template(
    c: &mut dyn Conn,
    shop_id: &str,
    kind: &str,
    locale: &str,
    channel: &str,
) -> Result<Option<Template>, StoreError> {
    c.query_opt(
        "SELECT subject, body_text, body_html, updated_at FROM message_templates WHERE shop_id = $1 AND kind = $2 AND locale = $3 AND channel = $4",
        params![shop_id, kind, locale, channel],
    )?
    .map(|r| {
        Ok(Template {
            subject: r.text(0)?,
            body_text: r.text(1)?,
            body_html: r.opt_text(2)?,
            updated_at: r.int(3)?,
        })
    })
    .transpose()
}

pub fn put_template(
    c: &mut dyn Conn,
    shop_id: &str,
    kind: &str,
    locale: &str,
    channel: &str,
    t: &Template,
) -> Result<(), StoreError> {
    c.execute(
        "INSERT INTO message_templates (shop_id, kind, locale, channel, subject, body_text, body_html, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
         ON CONFLICT (shop_id, kind, locale, channel) DO UPDATE SET subject = excluded.subject, body_text = excluded.body_text, body_html = excluded.body_html, updated_at = excluded.updated_at",
        params![shop_id, kind, locale, channel, &t.subject, &t.body_text, &t.body_html, t.updated_at],
    )?;
    Ok(())
}

pub fn delete_template(
    c: &mut dyn Conn,
    shop_id: &str,
    kind: &str,
    locale: &str,
    channel: &str,
) -> Result<bool, StoreError> {
    Ok(c.execute(
        "DELETE FROM message_templates WHERE shop_id = $1 AND kind = $2 AND locale = $3 AND channel = $4",
        params![shop_id, kind, locale, channel],
    )? == 1)
}

/// The transactional kinds a shop lets through SMS quiet hours: `(kind, allowed)`.
pub fn night_settings(c: &mut dyn Conn, shop_id: &str) -> Result<Vec<(String, bool)>, StoreError> {
    c.query(
        "SELECT kind, allowed FROM message_night WHERE shop_id = $1 ORDER BY kind",
        params![shop_id],
    )?
    .iter()
    .map(|r| Ok((r.text(0)?, r.int(1)? != 0)))
    .collect()
}

/// Whether an SMS of this kind may go out during quiet hours (never, unless the shop said so).
pub fn allowed_at_night(c: &mut dyn Conn, shop_id: &str, kind: &str) -> Result<bool, StoreError> {
    Ok(c.query_opt(
        "SELECT allowed FROM message_night WHERE shop_id = $1 AND kind = $2",
        params![shop_id, kind],
    )?
    .map(|r| r.int(0))
    .transpose()?
    .is_some_and(|v| v != 0))
}

pub fn set_allowed_at_night(
    c: &mut dyn Conn,
    shop_id: &str,
    kind: &str,
    allowed: bool,
    now: i64,
) -> Result<(), StoreError> {
    c.execute(
        "INSERT INTO message_night (shop_id, kind, allowed, updated_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (shop_id, kind) DO UPDATE SET allowed = excluded.allowed, updated_at = excluded.updated_at",
        params![shop_id, kind, allowed, now],
    )?;
    Ok(())
}

/// One grant or withdrawal of marketing consent, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Consent {
    pub id: String,
    pub shop_id: String,
    pub channel: String,
    pub address: String,
    pub granted: bool,
    pub source: String,
    pub wording: Option<String>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub message_id: Option<String>,
    pub recorded_at: i64,
    pub created_at: i64,
}

const CONSENT_COLS: &str = "id, shop_id, channel, address, granted, source, wording, ip, user_agent, message_id, recorded_at, created_at";

fn consent_from_row(r: &Row) -> Result<Consent, StoreError> {
    Ok(Consent {
        id: r.text(0)?,
        shop_id: r.text(1)?,
        channel: r.text(2)?,
        address: r.text(3)?,
        granted: r.int(4)? != 0,
        source: r.text(5)?,
        wording: r.opt_text(6)?,
        ip: r.opt_text(7)?,
        user_agent: r.opt_text(8)?,
        message_id: r.opt_text(9)?,
        recorded_at: r.int(10)?,
        created_at: r.int(11)?,
    })
}

/// Appends a grant or withdrawal (addresses are stored lowercased). A grant lifts an earlier
/// unsubscribe from the suppression list; bounces and complaints stay until removed by hand.
pub fn record_consent(c: &mut dyn Conn, k: &Consent) -> Result<(), StoreError> {
    let address = k.address.to_lowercase();
    c.execute(
        &format!("INSERT INTO consents ({CONSENT_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"),
        params![
            &k.id, &k.shop_id, &k.channel, &address, k.granted, &k.source, &k.wording, &k.ip, &k.user_agent,
            &k.message_id, k.recorded_at, k.created_at
        ],
    )?;
    if k.granted {
        c.execute(
            "DELETE FROM suppressions WHERE shop_id = $1 AND address = $2 AND reason = 'unsubscribe'",
            params![&k.shop_id, &address],
        )?;
    }
    Ok(())
}

/// The standing consent of an address: its newest record, if any.
pub fn consent(
    c: &mut dyn Conn,
    shop_id: &str,
    channel: &str,
    address: &str,
) -> Result<Option<Consent>, StoreError> {
    c.query_opt(
        &format!(
            "SELECT {CONSENT_COLS} FROM consents WHERE shop_id = $1 AND channel = $2 AND address = $3 \
             ORDER BY recorded_at DESC, created_at DESC, id DESC LIMIT 1"
        ),
        params![shop_id, channel, address.to_lowercase()],
    )?
    .as_ref()
    .map(consent_from_row)
    .transpose()
}

/// Every record of an address, newest first (the proof).
pub fn consent_history(
    c: &mut dyn Conn,
    shop_id: &str,
    address: &str,
) -> Result<Vec<Consent>, StoreError> {
    c.query(
        &format!(
            "SELECT {CONSENT_COLS} FROM consents WHERE shop_id = $1 AND address = $2 \
             ORDER BY recorded_at DESC, created_at DESC, id DESC"
        ),
        params![shop_id, address.to_lowercase()],
    )?
    .iter()
    .map(consent_from_row)
    .collect()
}

/// The (kind, locale) pairs a shop wrote its own email template for.
pub fn custom_templates(
    c: &mut dyn Conn,
    shop_id: &str,
) -> Result<Vec<(String, String)>, StoreError> {
    c.query(
        "SELECT kind, locale FROM message_templates WHERE shop_id = $1 AND channel = 'email' ORDER BY kind, locale",
        params![shop_id],
    )?
    .iter()
    .map(|r| Ok((r.text(0)?, r.text(1)?)))
    .collect()
}
