//! Marketing consent, provably: every grant and withdrawal is appended with where it came from,
//! what the buyer agreed to, and (where known) the client's address and browser; the newest
//! record of an address is its state. Marketing messages go only to addresses whose newest record
//! is a grant, and carry a link that withdraws it in one click (RFC 8058).

use crate::{App, AppError};
use aftercare_domain::time::now_millis;
use aftercare_domain::{FieldErrors, new_id};
use aftercare_store::repo::{messages, shops};

pub use messages::Consent;

/// Where a consent record may come from.
pub const SOURCES: [&str; 8] = [
    "checkout",
    "form",
    "import",
    "api",
    "admin",
    "unsubscribe_link",
    "one_click",
    "complaint",
];

/// A grant or withdrawal as a caller reports it.
#[derive(Debug, Clone, Default)]
pub struct NewConsent {
    pub channel: String,
    pub address: String,
    pub granted: bool,
    pub source: String,
    pub wording: Option<String>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    /// When the buyer gave or withdrew it; now when absent.
    pub recorded_at: Option<i64>,
}

/// The address as it is compared: email lowercased, phone as given (E.164 is checked).
fn normalize(channel: &str, address: &str, errs: &mut FieldErrors) -> String {
    let a = address.trim();
    match channel {
        "email" => {
            if a.parse::<lettre::Address>().is_err() {
                errs.push("address", "invalid_email", "not an email address");
            }
            a.to_lowercase()
        }
        "sms" => match aftercare_domain::order::parse_phone(a) {
            Ok(p) => p,
            Err(why) => {
                errs.push("address", "invalid_phone", why);
                a.to_string()
            }
        },
        _ => {
            errs.push("channel", "invalid_channel", "email or sms");
            a.to_string()
        }
    }
}

/// Appends a record (a grant lifts an earlier unsubscribe; bounces and complaints stay).
pub async fn record(app: &App, shop_id: &str, n: NewConsent) -> Result<Consent, AppError> {
    let mut errs = FieldErrors::default();
    let address = normalize(&n.channel, &n.address, &mut errs);
    if !SOURCES.contains(&n.source.as_str()) {
        errs.push(
            "source",
            "invalid_source",
            format!("one of {}", SOURCES.join(", ")),
        );
    }
    let now = now_millis();
    if n.recorded_at.is_some_and(|t| t > now + 60_000) {
        errs.push("recorded_at", "in_future", "consent cannot be given later");
    }
    for (field, value, max) in [
        ("wording", n.wording.as_deref(), 4000),
        ("ip", n.ip.as_deref(), 64),
        ("user_agent", n.user_agent.as_deref(), 1000),
    ] {
        if value.is_some_and(|v| v.len() > max) {
            errs.push(field, "too_long", format!("at most {max} bytes"));
        }
    }
    if !errs.0.is_empty() {
        return Err(AppError::Validation(errs));
    }
    let k = Consent {
        id: new_id(),
        shop_id: shop_id.to_string(),
        channel: n.channel,
        address,
        granted: n.granted,
        source: n.source,
        wording: n.wording,
        ip: n.ip,
        user_agent: n.user_agent,
        message_id: None,
        recorded_at: n.recorded_at.unwrap_or(now),
        created_at: now,
    };
    let stored = k.clone();
    app.db
        .write_async(move |c| messages::record_consent(c, &k))
        .await?;
    Ok(stored)
}

/// Every record of an address, newest first.
pub async fn history(app: &App, shop_id: &str, address: &str) -> Result<Vec<Consent>, AppError> {
    let (sid, a) = (shop_id.to_string(), address.trim().to_lowercase());
    Ok(app
        .db
        .read_async(move |c| messages::consent_history(c, &sid, &a))
        .await?)
}

/// What the unsubscribe page shows.
#[derive(Debug, Clone)]
pub struct Unsubscribe {
    pub shop: shops::Shop,
    pub branding: shops::Branding,
    /// The address, partly hidden (the link may have been forwarded).
    pub address: String,
    pub locale: String,
    /// Whether the address no longer gets marketing messages.
    pub done: bool,
}

/// `a•••@example.com`, `+36•••••4567`.
pub fn mask(address: &str) -> String {
    match address.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}•••@{domain}")
        }
        None => {
            let n = address.chars().count();
            let tail: String = address.chars().skip(n.saturating_sub(4)).collect();
            let head: String = address.chars().take(3).collect();
            format!("{head}•••••{tail}")
        }
    }
}

/// The unsubscribe link's message and where its address stands; `None` for an unknown token.
pub async fn unsubscribe_info(app: &App, token: &str) -> Result<Option<Unsubscribe>, AppError> {
    if !valid_token(token) {
        return Ok(None);
    }
    let token = token.to_string();
    app.db
        .read_async(move |c| -> Result<_, AppError> {
            let Some(m) = messages::by_unsubscribe_token(c, &token)? else {
                return Ok(None);
            };
            let Some(shop) = shops::get(c, &m.shop_id)? else {
                return Ok(None);
            };
            let done = messages::suppression(c, &m.shop_id, &m.recipient)?.is_some()
                || messages::consent(c, &m.shop_id, &m.channel, &m.recipient)?
                    .is_some_and(|k| !k.granted);
            Ok(Some(Unsubscribe {
                branding: shops::branding(c, &m.shop_id)?.unwrap_or_default(),
                shop,
                address: mask(&m.recipient),
                locale: m.locale,
                done,
            }))
        })
        .await
}

/// Unsubscribes the address a marketing message went to: a withdrawal in the consent record and
/// an `unsubscribe` on the suppression list, at once. Repeating it changes nothing.
pub async fn unsubscribe(
    app: &App,
    token: &str,
    source: &'static str,
    ip: Option<String>,
    user_agent: Option<String>,
) -> Result<Option<Unsubscribe>, AppError> {
    if !valid_token(token) {
        return Ok(None);
    }
    let t = token.to_string();
    let found = app
        .db
        .write_async(move |c| -> Result<bool, AppError> {
            let Some(m) = messages::by_unsubscribe_token(c, &t)? else {
                return Ok(false);
            };
            let now = now_millis();
            let withdrawn = messages::consent(c, &m.shop_id, &m.channel, &m.recipient)?
                .is_some_and(|k| !k.granted);
            if !withdrawn {
                messages::record_consent(
                    c,
                    &Consent {
                        id: new_id(),
                        shop_id: m.shop_id.clone(),
                        channel: m.channel.clone(),
                        address: m.recipient.clone(),
                        granted: false,
                        source: source.to_string(),
                        wording: None,
                        ip: ip.clone(),
                        user_agent: user_agent
                            .as_deref()
                            .map(|u| u.chars().take(1000).collect()),
                        message_id: Some(m.id.clone()),
                        recorded_at: now,
                        created_at: now,
                    },
                )?;
            }
            if messages::suppression(c, &m.shop_id, &m.recipient)?.is_none() {
                messages::suppress(
                    c,
                    &m.shop_id,
                    &m.recipient,
                    "unsubscribe",
                    Some(&format!("{source} from message {}", m.id)),
                    now,
                )?;
            }
            Ok(true)
        })
        .await?;
    if !found {
        return Ok(None);
    }
    unsubscribe_info(app, token).await
}

/// Unsubscribe tokens are made like tracking tokens (16 random bytes, base64url): anything else
/// is not looked up.
fn valid_token(t: &str) -> bool {
    crate::buyer::plausible_token(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_masked() {
        assert_eq!(mask("anna@example.com"), "a•••@example.com");
        assert_eq!(mask("+36301234567"), "+36•••••4567");
        assert!(valid_token("AbCdEfGhIjKlMnOpQrSt-_"));
        assert!(!valid_token("short"));
        assert!(!valid_token("AbCdEfGhIjKlMnOpQrSt/_"));
    }
}
