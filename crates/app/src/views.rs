//! What the API returns: stable shapes, documented in the OpenAPI document.

use aftercare_domain::time::to_rfc3339;
use aftercare_store::repo::{customers, orders, shipments};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LineItemView {
    pub sku: Option<String>,
    pub name: String,
    pub quantity: i64,
    /// Minor units.
    pub unit_price: i64,
    pub image_url: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LocationView {
    pub id: Option<String>,
    pub name: Option<String>,
    pub address: Option<String>,
    pub opening_hours: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ShipmentEventView {
    pub id: String,
    pub tag: String,
    pub subtag: Option<String>,
    pub message: Option<String>,
    pub location: Option<String>,
    pub occurred_at: String,
    pub source: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ShipmentView {
    pub id: String,
    pub order_id: String,
    pub carrier: String,
    pub service: Option<String>,
    /// Absent until the carrier's number is known.
    pub tracking_number: Option<String>,
    pub tracking_url: Option<String>,
    /// `courier`, `locker` or `pickup`.
    pub delivery_method: String,
    pub location: Option<LocationView>,
    pub pickup_code: Option<String>,
    pub collect_by: Option<String>,
    /// Current status (AfterShip tag).
    pub tag: String,
    pub subtag: Option<String>,
    /// When the parcel first moved.
    pub shipped_at: Option<String>,
    pub delivered_at: Option<String>,
    /// The estimated delivery window; absent once delivered.
    pub estimate: Option<EstimateView>,
    /// The parcel is past the end of its estimated window and not delivered.
    pub trending_late: bool,
    pub created_at: String,
    pub updated_at: String,
    /// What is in this parcel, when the source said.
    pub items: Vec<aftercare_domain::ParcelItem>,
    pub events: Vec<ShipmentEventView>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EstimateView {
    /// Start of the first day of the window.
    pub from: String,
    /// End of the last day of the window.
    pub to: String,
    /// How often such a window held the real delivery day, percent.
    pub confidence: i64,
    /// `history_area`, `history_service`, `history_carrier`, `carrier` or `rule`.
    pub basis: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CustomerSummary {
    pub id: String,
    pub email: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrderView {
    pub id: String,
    pub external_id: String,
    pub order_number: String,
    /// `open`, `closed` or `cancelled`, as the shop says.
    pub status: String,
    /// The buyer-facing stage derived from the shipments.
    pub stage: String,
    pub currency: String,
    /// Sum of the line items, minor units.
    pub total: i64,
    pub locale: Option<String>,
    pub email: Option<String>,
    pub customer: Option<CustomerSummary>,
    /// `pending`, `processing` or `fulfilled`: how far the shop is.
    pub fulfillment_status: String,
    /// What the buyer chose at checkout.
    pub delivery_method: Option<String>,
    pub shipping_method: Option<String>,
    /// Where the order came from: `api`, `shopify`, `woocommerce`, `import`.
    pub source: String,
    /// The buyer's tracking page: an unguessable link, one per order, to put in messages.
    pub tracking_page_url: String,
    pub placed_at: String,
    pub created_at: String,
    pub updated_at: String,
    pub line_items: Vec<LineItemView>,
    pub shipping_address: Option<aftercare_domain::Address>,
    pub billing_address: Option<aftercare_domain::Address>,
    pub shipments: Vec<ShipmentView>,
}

/// One item of a list: the order without its details.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrderSummary {
    pub id: String,
    pub external_id: String,
    pub order_number: String,
    pub status: String,
    pub stage: String,
    pub currency: String,
    pub total: i64,
    pub email: Option<String>,
    pub placed_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrderPage {
    pub items: Vec<OrderSummary>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CustomerView {
    pub id: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub locale: Option<String>,
    pub time_zone: Option<String>,
    pub birthday: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    /// The customer's orders, newest first (at most 100).
    pub orders: Vec<OrderSummary>,
}

impl From<&orders::Order> for OrderSummary {
    fn from(o: &orders::Order) -> Self {
        OrderSummary {
            id: o.id.clone(),
            external_id: o.external_id.clone(),
            order_number: o.order_number.clone(),
            status: o.status.clone(),
            stage: o.stage.clone(),
            currency: o.currency.clone(),
            total: o.total_minor,
            email: o.email.clone(),
            placed_at: to_rfc3339(o.placed_at),
            updated_at: to_rfc3339(o.updated_at),
        }
    }
}

/// A stored address as the API shows it: the same shape the API takes.
pub fn address_view(a: &orders::Address) -> aftercare_domain::Address {
    aftercare_domain::Address {
        name: a.name.clone(),
        company: a.company.clone(),
        line1: a.line1.clone(),
        line2: a.line2.clone(),
        city: a.city.clone(),
        region: a.region.clone(),
        postcode: a.postcode.clone(),
        country: a.country.clone(),
        phone: a.phone.clone(),
    }
}

pub fn shipment_view(
    s: &shipments::Shipment,
    events: &[shipments::ShipmentEvent],
    items: &[shipments::ParcelItem],
) -> ShipmentView {
    let has_location =
        s.location_id.is_some() || s.location_name.is_some() || s.location_address.is_some();
    ShipmentView {
        items: items
            .iter()
            .map(|i| aftercare_domain::ParcelItem {
                sku: i.sku.clone(),
                name: i.name.clone(),
                quantity: i.quantity,
            })
            .collect(),
        id: s.id.clone(),
        order_id: s.order_id.clone(),
        carrier: s.carrier.clone(),
        service: s.service.clone(),
        tracking_number: s.tracking_number.clone(),
        tracking_url: s.tracking_url.clone(),
        delivery_method: s.delivery_method.clone(),
        location: has_location.then(|| LocationView {
            id: s.location_id.clone(),
            name: s.location_name.clone(),
            address: s.location_address.clone(),
            opening_hours: s.location_hours.clone(),
        }),
        pickup_code: s.pickup_code.clone(),
        collect_by: s.collect_by.map(to_rfc3339),
        tag: s.tag.clone(),
        subtag: s.subtag.clone(),
        shipped_at: s.shipped_at.map(to_rfc3339),
        delivered_at: s.delivered_at.map(to_rfc3339),
        estimate: match (s.delivered_at, s.estimate_from, s.estimate_to) {
            (None, Some(from), Some(to)) => Some(EstimateView {
                from: to_rfc3339(from),
                to: to_rfc3339(to),
                confidence: s.estimate_confidence.unwrap_or_default(),
                basis: s.estimate_basis.clone().unwrap_or_default(),
            }),
            _ => None,
        },
        trending_late: s.trending_late,
        created_at: to_rfc3339(s.created_at),
        updated_at: to_rfc3339(s.updated_at),
        events: events
            .iter()
            .map(|e| ShipmentEventView {
                id: e.id.clone(),
                tag: e.tag.clone(),
                subtag: e.subtag.clone(),
                message: e.message.clone(),
                location: e.location.clone(),
                occurred_at: to_rfc3339(e.occurred_at),
                source: e.source.clone(),
            })
            .collect(),
    }
}

pub fn customer_summary(c: &customers::Customer) -> CustomerSummary {
    CustomerSummary {
        id: c.id.clone(),
        email: c.email.clone(),
        first_name: c.first_name.clone(),
        last_name: c.last_name.clone(),
    }
}
