//! What a buyer's tracking page reads, in as few statements as the page allows: it is the most
//! requested page of the installation.

use super::orders::{self, LineItem, Order};
use super::shipments::{self, ParcelItem, Shipment, ShipmentEvent};
use super::shops::{self, Branding};
use crate::sql::Conn;
use crate::{StoreError, params};
use std::sync::LazyLock;

#[derive(Debug, Clone)]
pub struct TrackingPage {
    pub shop_slug: String,
    pub shop_name: String,
    pub shop_locale: String,
    pub shop_time_zone: String,
    /// The languages buyers may choose (comma-separated); `None`: all.
    pub shop_locales: Option<String>,
    pub branding: Branding,
    pub order: Order,
    pub first_name: Option<String>,
    pub customer_locale: Option<String>,
    pub customer_time_zone: Option<String>,
    pub items: Vec<LineItem>,
    pub shipments: Vec<Shipment>,
    /// Every parcel's events, oldest first.
    pub events: Vec<ShipmentEvent>,
    /// What each parcel holds, where the source said.
    pub parcel_items: Vec<ParcelItem>,
}

static HEAD: LazyLock<String> = LazyLock::new(|| {
    let order_cols: Vec<String> = orders::COLS.split(", ").map(|c| format!("o.{c}")).collect();
    let brand_cols: Vec<String> = shops::BRANDING_COLS
        .split(", ")
        .map(|c| format!("s.{c}"))
        .collect();
    format!(
        "SELECT {}, s.slug, s.name, s.default_locale, s.time_zone, {}, cu.first_name, cu.locale, cu.time_zone, s.enabled_locales \
         FROM orders o JOIN shops s ON s.id = o.shop_id LEFT JOIN customers cu ON cu.id = o.customer_id \
         WHERE o.tracking_token = $1",
        order_cols.join(", "),
        brand_cols.join(", ")
    )
});

/// The page behind a tracking token, or `None` for a token nobody has.
pub fn tracking_page(c: &mut dyn Conn, token: &str) -> Result<Option<TrackingPage>, StoreError> {
    let Some(r) = c.query_opt(&HEAD, params![token])? else {
        return Ok(None);
    };
    let order = orders::from_row(&r)?;
    let n = orders::COLS.split(", ").count();
    let branding = shops::branding_from_row(&r, n + 4)?;
    let after = n + 4 + shops::BRANDING_COLS.split(", ").count();
    let items = orders::line_items(c, &order.shop_id, &order.id)?;
    let shipments = shipments::for_order(c, &order.shop_id, &order.id)?;
    let (events, parcel_items) = if shipments.is_empty() {
        (Vec::new(), Vec::new())
    } else {
        (
            shipments::events_for_order(c, &order.shop_id, &order.id)?,
            shipments::items_for_order(c, &order.shop_id, &order.id)?,
        )
    };
    Ok(Some(TrackingPage {
        shop_slug: r.text(n)?,
        shop_name: r.text(n + 1)?,
        shop_locale: r.text(n + 2)?,
        shop_time_zone: r.text(n + 3)?,
        branding,
        first_name: r.opt_text(after)?,
        customer_locale: r.opt_text(after + 1)?,
        customer_time_zone: r.opt_text(after + 2)?,
        shop_locales: r.opt_text(after + 3)?,
        order,
        items,
        shipments,
        events,
        parcel_items,
    }))
}
