//! What a buyer sees about an order: which language, which time zone, where the progress bar
//! stands, what the estimate says, and finding an order by its number. The HTML is the web
//! layer's; the decisions are here, where they can be tested without a browser.

use crate::i18n::Lang;
use crate::{App, AppError};
use aftercare_domain::{DeliveryMethod, OrderStage, ShipmentTag};
use aftercare_store::repo::buyer as repo;
use aftercare_store::repo::orders;
use aftercare_store::repo::shipments::{Shipment, ShipmentEvent};
use aftercare_store::repo::shops;
use jiff::tz::TimeZone;
use sha2::{Digest, Sha256};
use subtle_eq::ct_eq;

pub use repo::TrackingPage;

/// Tracking tokens are 16 random bytes in base64url: 22 characters.
pub fn plausible_token(token: &str) -> bool {
    token.len() == 22
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The page behind a token; `None` for a token nobody has (or one that cannot be a token, which
/// costs no query).
pub async fn tracking_page(app: &App, token: &str) -> Result<Option<TrackingPage>, AppError> {
    if !plausible_token(token) {
        return Ok(None);
    }
    let token = token.to_string();
    app.db
        .read_hot(move |c| repo::tracking_page(c, &token))
        .await
        .map_err(AppError::from)
}

/// The language of the page: the one the buyer picked in the switcher, else the order's, else
/// the buyer's (as the shop knows them), else the browser's, else the shop's default.
pub fn choose_lang(
    page: &TrackingPage,
    picked: Option<&str>,
    accept_language: Option<&str>,
) -> Lang {
    let enabled = languages(page);
    let ok = |l: Lang| enabled.contains(&l);
    picked
        .and_then(Lang::parse)
        .filter(|l| ok(*l))
        .or_else(|| {
            page.order
                .locale
                .as_deref()
                .and_then(Lang::parse)
                .filter(|l| ok(*l))
        })
        .or_else(|| {
            page.customer_locale
                .as_deref()
                .and_then(Lang::parse)
                .filter(|l| ok(*l))
        })
        .or_else(|| {
            accept_language
                .and_then(Lang::from_accept_language)
                .filter(|l| ok(*l))
        })
        .or_else(|| Lang::parse(&page.shop_locale))
        .unwrap_or(Lang::En)
}

/// The languages the shop offers its buyers (all five unless it chose fewer), in the usual order.
pub fn languages(page: &TrackingPage) -> Vec<Lang> {
    match page.shop_locales.as_deref() {
        Some(list) => {
            let chosen: Vec<Lang> = Lang::ALL
                .into_iter()
                .filter(|l| list.split(',').any(|c| c.trim() == l.code()))
                .collect();
            if chosen.is_empty() {
                Lang::ALL.to_vec()
            } else {
                chosen
            }
        }
        None => Lang::ALL.to_vec(),
    }
}

/// The buyer's time zone as the shop knows it, else the shop's.
pub fn time_zone(page: &TrackingPage) -> (String, TimeZone) {
    zone_of(page.customer_time_zone.as_deref(), &page.shop_time_zone)
}

/// The buyer's time zone if it is a known one, else the shop's, else UTC: with its name.
pub fn zone_of(buyer: Option<&str>, shop: &str) -> (String, TimeZone) {
    for name in [buyer, Some(shop)].into_iter().flatten() {
        if let Ok(tz) = TimeZone::get(name) {
            return (name.to_string(), tz);
        }
    }
    ("UTC".to_string(), TimeZone::UTC)
}

/// Which path the progress bar shows.
pub fn pickup_path(page: &TrackingPage) -> bool {
    let method = |m: &str| DeliveryMethod::parse(m).is_some_and(|m| m != DeliveryMethod::Courier);
    if page.shipments.is_empty() {
        page.order.delivery_method.as_deref().is_some_and(method)
    } else {
        page.shipments.iter().all(|s| method(&s.delivery_method))
    }
}

/// The steps of the bar, in order.
pub fn steps(pickup: bool) -> [OrderStage; 5] {
    if pickup {
        [
            OrderStage::Ordered,
            OrderStage::Preparing,
            OrderStage::Shipped,
            OrderStage::ReadyForPickup,
            OrderStage::PickedUp,
        ]
    } else {
        [
            OrderStage::Ordered,
            OrderStage::Preparing,
            OrderStage::Shipped,
            OrderStage::OutForDelivery,
            OrderStage::Delivered,
        ]
    }
}

/// The order's stage as stored (derived from all its parcels when they change).
pub fn stage(page: &TrackingPage) -> OrderStage {
    OrderStage::parse(&page.order.stage).unwrap_or(OrderStage::Ordered)
}

/// Where the bar stands (0–4). A problem stands where the troubled parcel got to; a cancelled
/// order where it was when it was cancelled.
pub fn bar_position(page: &TrackingPage) -> usize {
    let stage = stage(page);
    if !matches!(stage, OrderStage::Problem | OrderStage::Cancelled) {
        return usize::from(stage.progress().min(4));
    }
    let reached = |s: &Shipment| -> usize {
        let max = page
            .events
            .iter()
            .filter(|e| e.shipment_id == s.id)
            .filter_map(|e| ShipmentTag::parse(&e.tag).and_then(ShipmentTag::progress))
            .max()
            .unwrap_or(0);
        match max {
            0 | 1 => 1,
            2 => 2,
            3 | 4 => 3,
            _ => 4,
        }
    };
    let troubled = page
        .shipments
        .iter()
        .filter(|s| ShipmentTag::parse(&s.tag).is_some_and(|t| t.progress().is_none()));
    troubled
        .map(reached)
        .min()
        .or_else(|| page.shipments.iter().map(reached).min())
        .unwrap_or(match page.order.fulfillment_status.as_str() {
            "processing" => 1,
            "fulfilled" => 2,
            _ => 0,
        })
}

/// What the page says about when a parcel arrives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Eta {
    /// Delivered, picked up, waiting at a pickup point, or in a problem state: no arrival promise.
    None,
    /// Not handed to the carrier with an estimate yet.
    Unknown,
    /// A window, start and end in ms; `confidence` in percent.
    Window {
        from: i64,
        to: i64,
        confidence: Option<i64>,
    },
    /// Past the end of its window and not delivered.
    Late { was_due: i64 },
}

pub fn eta(s: &Shipment, now: i64) -> Eta {
    let Some(tag) = ShipmentTag::parse(&s.tag) else {
        return Eta::Unknown;
    };
    match tag {
        ShipmentTag::Delivered | ShipmentTag::AvailableForPickup => return Eta::None,
        ShipmentTag::Exception | ShipmentTag::Expired => return Eta::None,
        _ => {}
    }
    match (s.estimate_from, s.estimate_to) {
        (_, Some(to)) if s.trending_late || to < now => Eta::Late { was_due: to },
        (Some(from), Some(to)) => Eta::Window {
            from,
            to,
            confidence: s.estimate_confidence,
        },
        _ => Eta::Unknown,
    }
}

/// A problem the buyer should hear about, with what happens next: the message id stem
/// (`problem-…`) for a parcel in a problem state.
pub fn problem_key(s: &Shipment) -> Option<&'static str> {
    let tag = ShipmentTag::parse(&s.tag)?;
    let returning = matches!(
        s.subtag.as_deref(),
        Some("Exception_008" | "Exception_010" | "Exception_011")
    );
    match tag {
        ShipmentTag::AttemptFail => Some("problem-AttemptFail"),
        ShipmentTag::Exception if returning => Some("problem-returning"),
        ShipmentTag::Exception => Some("problem-Exception"),
        ShipmentTag::Expired => Some("problem-Expired"),
        _ => None,
    }
}

/// The name of a timeline entry: the subtag's own text where the language has one, else the tag's.
pub fn event_label_id(e: &ShipmentEvent, has: impl Fn(&str) -> bool) -> String {
    if let Some(sub) = &e.subtag {
        let id = format!("subtag-{sub}");
        if has(&id) {
            return id;
        }
    }
    format!("tag-{}", e.tag)
}

/// A fingerprint of everything the page shows that can change: the browser polls it and reloads
/// the order when it differs.
pub fn version(page: &TrackingPage) -> String {
    let mut h = Sha256::new();
    h.update(page.order.updated_at.to_le_bytes());
    h.update(page.order.stage.as_bytes());
    h.update(page.branding.updated_at.to_le_bytes());
    for s in &page.shipments {
        h.update(s.id.as_bytes());
        h.update(s.updated_at.to_le_bytes());
    }
    h.update((page.events.len() as u64).to_le_bytes());
    let d = h.finalize();
    d[..8].iter().map(|b| format!("{b:02x}")).collect()
}

// ---------------------------------------------------------------------------------------------
// Looking an order up by its number.

/// The result of a lookup. A wrong pair and an unknown order are the same answer on purpose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    Found { token: String },
    NotFound,
}

fn normalize_postcode(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect()
}

fn digest(s: &str) -> [u8; 32] {
    Sha256::digest(s.as_bytes()).into()
}

/// Finds the order with this number whose email (case-insensitive) or shipping postcode (ignoring
/// spaces and dashes) matches. The same work is done whether or not the order exists, so the
/// answer's timing does not tell an attacker which order numbers are real.
pub async fn lookup(
    app: &App,
    shop_id: &str,
    order_number: &str,
    contact: &str,
) -> Result<Lookup, AppError> {
    let shop_id = shop_id.to_string();
    let number = order_number.trim().to_string();
    let alt = if number.starts_with('#') {
        number.clone()
    } else {
        format!("#{number}")
    };
    let candidates = app
        .db
        .read_hot(move |c| {
            let mut v = orders::by_number(c, &shop_id, &number, 5)?;
            if v.is_empty() && alt != number {
                v = orders::by_number(c, &shop_id, &alt, 5)?;
            }
            Ok::<_, AppError>(v)
        })
        .await?;
    let contact = contact.trim();
    let email = digest(&contact.to_lowercase());
    let postcode = digest(&normalize_postcode(contact));
    // Compare against a fixed dummy when there is no order, so both paths hash and compare.
    let dummy = (String::from("\u{0}"), String::from("\u{0}"));
    let pairs: Vec<(String, String, Option<String>)> = if candidates.is_empty() {
        vec![(dummy.0, dummy.1, None)]
    } else {
        candidates
            .into_iter()
            .map(|(o, pc)| {
                (
                    o.email.unwrap_or_default().to_lowercase(),
                    pc.map(|p| normalize_postcode(&p)).unwrap_or_default(),
                    Some(o.tracking_token),
                )
            })
            .collect()
    };
    let mut found = None;
    for (e, p, token) in pairs {
        let email_ok = !e.is_empty() && ct_eq(&digest(&e), &email);
        let postcode_ok = !p.is_empty() && ct_eq(&digest(&p), &postcode);
        if (email_ok | postcode_ok) && found.is_none() {
            found = token;
        }
    }
    Ok(match found {
        Some(token) => Lookup::Found { token },
        None => Lookup::NotFound,
    })
}

/// The shop a lookup form is for: by slug, or the only shop of the installation.
pub async fn lookup_shop(app: &App, slug: Option<&str>) -> Result<Option<shops::Shop>, AppError> {
    let slug = slug.map(str::to_string);
    app.db
        .read_hot(move |c| match &slug {
            Some(s) => shops::by_slug(c, s),
            None => {
                let all = shops::list(c)?;
                Ok(if all.len() == 1 {
                    all.into_iter().next()
                } else {
                    None
                })
            }
        })
        .await
        .map_err(AppError::from)
}

mod subtle_eq {
    /// Equality of two digests that takes the same time wherever they differ.
    pub fn ct_eq(a: &[u8; 32], b: &[u8; 32]) -> bool {
        let mut diff = 0u8;
        for (x, y) in a.iter().zip(b.iter()) {
            diff |= x ^ y;
        }
        std::hint::black_box(diff) == 0
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn tokens_are_checked_before_any_query() {
        assert!(plausible_token("AbCdEfGhIjKlMnOpQrStUv"));
        assert!(!plausible_token("1001"));
        assert!(!plausible_token("AbCdEfGhIjKlMnOpQrSt/v"));
    }

    #[test]
    fn postcodes_compare_without_spaces_and_dashes() {
        assert_eq!(normalize_postcode("00-950"), "00950");
        assert_eq!(normalize_postcode(" sw1a 1aa "), "SW1A1AA");
    }
}
