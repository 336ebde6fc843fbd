use crate::sql::{Conn, Row};
use crate::{StoreError, params};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shop {
    pub id: String,
    pub slug: String,
    pub name: String,
    pub default_locale: String,
    pub time_zone: String,
    pub outbound_webhook_url: Option<String>,
    /// Business days the shop promises when history and carrier are silent.
    pub estimate_days: (i64, i64),
    pub created_at: i64,
}

const COLS: &str = "id, slug, name, default_locale, time_zone, outbound_webhook_url, created_at, estimate_min_days, estimate_max_days";

fn from_row(r: &Row) -> Result<Shop, StoreError> {
    Ok(Shop {
        id: r.text(0)?,
        slug: r.text(1)?,
        name: r.text(2)?,
        default_locale: r.text(3)?,
        time_zone: r.text(4)?,
        outbound_webhook_url: r.opt_text(5)?,
        created_at: r.int(6)?,
        estimate_days: (r.int(7)?, r.int(8)?),
    })
}

/// Fails with [`StoreError::Conflict`] when the slug is taken.
pub fn insert(c: &mut dyn Conn, s: &Shop) -> Result<(), StoreError> {
    c.execute(
        "INSERT INTO shops (id, slug, name, default_locale, time_zone, outbound_webhook_url, created_at, updated_at, estimate_min_days, estimate_max_days) VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9)",
        params![&s.id, &s.slug, &s.name, &s.default_locale, &s.time_zone, &s.outbound_webhook_url, s.created_at, s.estimate_days.0, s.estimate_days.1],
    )?;
    Ok(())
}

pub fn get(c: &mut dyn Conn, id: &str) -> Result<Option<Shop>, StoreError> {
    c.query_opt(
        &format!("SELECT {COLS} FROM shops WHERE id = $1"),
        params![id],
    )?
    .as_ref()
    .map(from_row)
    .transpose()
}

pub fn by_slug(c: &mut dyn Conn, slug: &str) -> Result<Option<Shop>, StoreError> {
    c.query_opt(
        &format!("SELECT {COLS} FROM shops WHERE slug = $1"),
        params![slug],
    )?
    .as_ref()
    .map(from_row)
    .transpose()
}

/// A shop by id or slug, as operators type either on the command line.
pub fn find(c: &mut dyn Conn, id_or_slug: &str) -> Result<Option<Shop>, StoreError> {
    match get(c, id_or_slug)? {
        Some(s) => Ok(Some(s)),
        None => by_slug(c, id_or_slug),
    }
}

pub fn list(c: &mut dyn Conn) -> Result<Vec<Shop>, StoreError> {
    c.query(
        &format!("SELECT {COLS} FROM shops ORDER BY created_at, id"),
        params![],
    )?
    .iter()
    .map(from_row)
    .collect()
}

pub fn count(c: &mut dyn Conn) -> Result<i64, StoreError> {
    c.query_one("SELECT COUNT(*) FROM shops", params![])?.int(0)
}

pub fn set_outbound_webhook_url(
    c: &mut dyn Conn,
    shop_id: &str,
    url: Option<&str>,
    now: i64,
) -> Result<bool, StoreError> {
    Ok(c.execute(
        "UPDATE shops SET outbound_webhook_url = $2, updated_at = $3 WHERE id = $1",
        params![shop_id, url, now],
    )? == 1)
}

pub fn set_estimate_days(
    c: &mut dyn Conn,
    shop_id: &str,
    min: i64,
    max: i64,
    now: i64,
) -> Result<bool, StoreError> {
    Ok(c.execute(
        "UPDATE shops SET estimate_min_days = $2, estimate_max_days = $3, updated_at = $4 WHERE id = $1",
        params![shop_id, min, max, now],
    )? == 1)
}

/// How the shop looks and how buyers reach it: what buyer pages and messages show.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Branding {
    /// `#rrggbb`.
    pub brand_color: Option<String>,
    /// The logo's media type; `None` when the shop has no logo (the bytes: [`logo`]).
    pub logo_type: Option<String>,
    pub support_email: Option<String>,
    pub support_phone: Option<String>,
    pub website_url: Option<String>,
    /// Changes whenever the shop's settings change (cache keys, logo URLs).
    pub updated_at: i64,
}

pub(crate) const BRANDING_COLS: &str =
    "brand_color, logo_type, support_email, support_phone, website_url, updated_at";

pub(crate) fn branding_from_row(r: &Row, at: usize) -> Result<Branding, StoreError> {
    Ok(Branding {
        brand_color: r.opt_text(at)?,
        logo_type: r.opt_text(at + 1)?,
        support_email: r.opt_text(at + 2)?,
        support_phone: r.opt_text(at + 3)?,
        website_url: r.opt_text(at + 4)?,
        updated_at: r.int(at + 5)?,
    })
}

pub fn branding(c: &mut dyn Conn, shop_id: &str) -> Result<Option<Branding>, StoreError> {
    c.query_opt(
        &format!("SELECT {BRANDING_COLS} FROM shops WHERE id = $1"),
        params![shop_id],
    )?
    .map(|r| branding_from_row(&r, 0))
    .transpose()
}

/// Everything but the logo, which [`set_logo`] changes.
pub fn set_branding(
    c: &mut dyn Conn,
    shop_id: &str,
    b: &Branding,
    now: i64,
) -> Result<bool, StoreError> {
    Ok(c.execute(
        "UPDATE shops SET brand_color = $2, support_email = $3, support_phone = $4, website_url = $5, updated_at = $6 WHERE id = $1",
        params![shop_id, &b.brand_color, &b.support_email, &b.support_phone, &b.website_url, now],
    )? == 1)
}

/// The logo: media type and base64 bytes; `None` removes it.
pub fn set_logo(
    c: &mut dyn Conn,
    shop_id: &str,
    logo: Option<(&str, &str)>,
    now: i64,
) -> Result<bool, StoreError> {
    let (t, d) = logo.unzip();
    Ok(c.execute(
        "UPDATE shops SET logo_type = $2, logo_data = $3, updated_at = $4 WHERE id = $1",
        params![shop_id, t, d, now],
    )? == 1)
}

/// The logo's media type and base64 bytes, by shop slug (buyer pages link it by slug).
pub fn logo(c: &mut dyn Conn, slug: &str) -> Result<Option<(String, String, i64)>, StoreError> {
    c.query_opt(
        "SELECT logo_type, logo_data, updated_at FROM shops WHERE slug = $1 AND logo_type IS NOT NULL",
        params![slug],
    )?
    .map(|r| Ok((r.text(0)?, r.text(1)?, r.int(2)?)))
    .transpose()
}

/// What the settings page edits beyond the branding.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Settings {
    pub name: String,
    pub default_locale: String,
    pub time_zone: String,
    /// Comma-separated locales buyers may choose; `None`: all.
    pub enabled_locales: Option<String>,
    /// JSON: `{"mon": ["09:00", "17:00"], …}`.
    pub business_hours: Option<String>,
    /// JSON: `["2026-12-24", …]`.
    pub holidays: Option<String>,
}

pub fn settings(c: &mut dyn Conn, shop_id: &str) -> Result<Option<Settings>, StoreError> {
    c.query_opt(
        "SELECT name, default_locale, time_zone, enabled_locales, business_hours, holidays FROM shops WHERE id = $1",
        params![shop_id],
    )?
    .map(|r| {
        Ok(Settings {
            name: r.text(0)?,
            default_locale: r.text(1)?,
            time_zone: r.text(2)?,
            enabled_locales: r.opt_text(3)?,
            business_hours: r.opt_text(4)?,
            holidays: r.opt_text(5)?,
        })
    })
    .transpose()
}

pub fn set_settings(
    c: &mut dyn Conn,
    shop_id: &str,
    s: &Settings,
    now: i64,
) -> Result<(), StoreError> {
    c.execute(
        "UPDATE shops SET name = $2, default_locale = $3, time_zone = $4, enabled_locales = $5, business_hours = $6, holidays = $7, updated_at = $8 WHERE id = $1",
        params![shop_id, &s.name, &s.default_locale, &s.time_zone, &s.enabled_locales, &s.business_hours, &s.holidays, now],
    )?;
    Ok(())
}

/// The shop's collect-by defaults per carrier: (carrier, hours).
pub fn carrier_settings(c: &mut dyn Conn, shop_id: &str) -> Result<Vec<(String, i64)>, StoreError> {
    c.query(
        "SELECT carrier, collect_by_hours FROM carrier_settings WHERE shop_id = $1 ORDER BY carrier",
        params![shop_id],
    )?
    .iter()
    .map(|r| Ok((r.text(0)?, r.int(1)?)))
    .collect()
}

pub fn set_carrier_setting(
    c: &mut dyn Conn,
    shop_id: &str,
    carrier: &str,
    collect_by_hours: i64,
) -> Result<(), StoreError> {
    c.execute(
        "INSERT INTO carrier_settings (shop_id, carrier, collect_by_hours) VALUES ($1, $2, $3) \
         ON CONFLICT (shop_id, carrier) DO UPDATE SET collect_by_hours = excluded.collect_by_hours",
        params![shop_id, carrier, collect_by_hours],
    )?;
    Ok(())
}
