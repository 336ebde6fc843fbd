//! Orders, customers, shipments: the parsed, valid forms and the rules between them.

use crate::time::{Millis, parse_rfc3339};
use crate::validate::FieldErrors;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// An email address, trimmed and lowercased so that one buyer is one customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(s: &str) -> Result<Email, &'static str> {
        let s = s.trim();
        if s.is_empty() || s.len() > 254 {
            return Err("must be an email address of at most 254 characters");
        }
        let Some((local, domain)) = s.rsplit_once('@') else {
            return Err("must contain @");
        };
        let bad = |c: char| {
            c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | ',' | ';' | '\\')
        };
        if local.is_empty() || local.len() > 64 || local.chars().any(bad) || local.contains('@') {
            return Err("has an invalid part before @");
        }
        if domain.len() < 3
            || !domain.contains('.')
            || domain.starts_with('.')
            || domain.ends_with('.')
            || domain.contains("..")
            || domain.chars().any(|c| bad(c) || c == '@')
        {
            return Err("has an invalid domain");
        }
        Ok(Email(s.to_lowercase()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An ISO 4217 currency code: three uppercase letters.
pub fn parse_currency(s: &str) -> Result<String, &'static str> {
    let up = s.trim().to_ascii_uppercase();
    if up.len() == 3 && up.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(up)
    } else {
        Err("must be a three-letter ISO 4217 code such as EUR")
    }
}

/// A BCP 47 language tag such as `hu` or `fi-FI`, normalised to `ll` or `ll-RR`.
pub fn parse_locale(s: &str) -> Result<String, &'static str> {
    let s = s.trim().replace('_', "-");
    let mut parts = s.split('-');
    let lang = parts.next().unwrap_or_default();
    if !(2..=3).contains(&lang.len()) || !lang.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err("must be a language tag such as en, hu or fi-FI");
    }
    let mut out = lang.to_ascii_lowercase();
    for p in parts {
        if p.is_empty() || p.len() > 8 || !p.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err("must be a language tag such as en, hu or fi-FI");
        }
        out.push('-');
        if p.len() == 2 {
            out.push_str(&p.to_ascii_uppercase())
        } else {
            out.push_str(p)
        }
    }
    Ok(out)
}

/// An IANA time zone name such as `Europe/Budapest`, checked against the bundled tz database.
pub fn parse_time_zone(s: &str) -> Result<String, &'static str> {
    let s = s.trim();
    match jiff::tz::TimeZone::get(s) {
        Ok(_) => Ok(s.to_string()),
        Err(_) => Err("must be an IANA time zone such as Europe/Helsinki"),
    }
}

/// A birthday as `YYYY-MM-DD`, or `--MM-DD` when the buyer gave no year.
pub fn parse_birthday(s: &str) -> Result<String, &'static str> {
    let s = s.trim();
    if let Some(md) = s.strip_prefix("--") {
        // 2000 is a leap year, so 29 February is accepted without a year.
        if format!("2000-{md}").parse::<jiff::civil::Date>().is_ok() && md.len() == 5 {
            return Ok(s.to_string());
        }
    } else if let Ok(d) = s.parse::<jiff::civil::Date>()
        && d.year() >= 1900
        && d <= jiff::Zoned::now().date()
    {
        return Ok(d.to_string());
    }
    Err("must be a date YYYY-MM-DD in the past, or --MM-DD")
}

/// A phone number in E.164 form (`+36201234567`); spaces, dashes, dots and brackets are dropped.
pub fn parse_phone(s: &str) -> Result<String, &'static str> {
    let cleaned: String = s
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')'))
        .collect();
    let digits = cleaned
        .strip_prefix('+')
        .ok_or("must be in international form, e.g. +36201234567")?;
    if (8..=15).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0')
    {
        Ok(cleaned)
    } else {
        Err("must be in international form, e.g. +36201234567")
    }
}

/// The merchant's own state of the order (as Shopify names it: open, closed, cancelled).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    #[default]
    Open,
    Closed,
    Cancelled,
}

impl OrderStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::Open => "open",
            OrderStatus::Closed => "closed",
            OrderStatus::Cancelled => "cancelled",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "open" => Some(Self::Open),
            "closed" => Some(Self::Closed),
            "cancelled" => Some(Self::Cancelled),
            _ => None,
        }
    }
}

/// How the parcel reaches the buyer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryMethod {
    #[default]
    Courier,
    Locker,
    Pickup,
}

impl DeliveryMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryMethod::Courier => "courier",
            DeliveryMethod::Locker => "locker",
            DeliveryMethod::Pickup => "pickup",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "courier" => Some(Self::Courier),
            "locker" => Some(Self::Locker),
            "pickup" => Some(Self::Pickup),
            _ => None,
        }
    }
}

/// The shipment status taxonomy: AfterShip's tags, the lingua franca every source maps onto.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema,
)]
pub enum ShipmentTag {
    Pending,
    InfoReceived,
    InTransit,
    OutForDelivery,
    AttemptFail,
    AvailableForPickup,
    Exception,
    Expired,
    Delivered,
}

impl ShipmentTag {
    pub const ALL: [ShipmentTag; 9] = [
        ShipmentTag::Pending,
        ShipmentTag::InfoReceived,
        ShipmentTag::InTransit,
        ShipmentTag::OutForDelivery,
        ShipmentTag::AttemptFail,
        ShipmentTag::AvailableForPickup,
        ShipmentTag::Exception,
        ShipmentTag::Expired,
        ShipmentTag::Delivered,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            ShipmentTag::Pending => "Pending",
            ShipmentTag::InfoReceived => "InfoReceived",
            ShipmentTag::InTransit => "InTransit",
            ShipmentTag::OutForDelivery => "OutForDelivery",
            ShipmentTag::AttemptFail => "AttemptFail",
            ShipmentTag::AvailableForPickup => "AvailableForPickup",
            ShipmentTag::Exception => "Exception",
            ShipmentTag::Expired => "Expired",
            ShipmentTag::Delivered => "Delivered",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|t| t.as_str().eq_ignore_ascii_case(s))
    }
    /// How far along the way a tag says the parcel is. Problem tags (attempt failed, exception,
    /// expired) say nothing about progress: they are sideways steps at the progress reached so far.
    pub fn progress(self) -> Option<u8> {
        match self {
            ShipmentTag::Pending => Some(0),
            ShipmentTag::InfoReceived => Some(1),
            ShipmentTag::InTransit => Some(2),
            ShipmentTag::OutForDelivery => Some(3),
            ShipmentTag::AvailableForPickup => Some(4),
            ShipmentTag::Delivered => Some(5),
            ShipmentTag::AttemptFail | ShipmentTag::Exception | ShipmentTag::Expired => None,
        }
    }
}

/// A shipment's current status, computed from the *set* of its events — so it depends neither on
/// the order in which they arrived nor on repeats:
///
/// 1. The progress reached is the highest progress of any event (a late "in transit" after "out
///    for delivery" is history, not news). Delivered is final.
/// 2. The status is the latest event (by time, then tag and subtag, for ties) among the events at
///    that progress and the problem events (attempt failed, exception, expired) that happened at
///    or after the parcel first reached it. So a failed attempt shows until the next attempt, an
///    exception clears when the parcel moves on, and a parcel not collected from a locker shows
///    the carrier's "returned to sender" after "available for pickup".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagState {
    pub tag: ShipmentTag,
    pub subtag: Option<String>,
    /// When the event that set it happened; `None` before any event.
    pub at: Option<Millis>,
}

impl Default for TagState {
    fn default() -> Self {
        TagState {
            tag: ShipmentTag::Pending,
            subtag: None,
            at: None,
        }
    }
}

impl TagState {
    /// The status from all events of a shipment: `(tag, subtag, occurred_at)`.
    pub fn from_events<'a>(
        events: impl IntoIterator<Item = (ShipmentTag, Option<&'a str>, Millis)> + Clone,
    ) -> TagState {
        let reached = events
            .clone()
            .into_iter()
            .filter_map(|(t, _, _)| t.progress())
            .max();
        let since = reached.and_then(|p| {
            events
                .clone()
                .into_iter()
                .filter(|(t, _, _)| t.progress() == Some(p))
                .map(|(_, _, at)| at)
                .min()
        });
        let delivered = reached == Some(5);
        events
            .into_iter()
            .filter(|(t, _, at)| match t.progress() {
                Some(p) => Some(p) == reached,
                None => !delivered && since.is_none_or(|s| *at >= s),
            })
            .max_by(|a, b| {
                (a.2, a.0.as_str(), a.1.unwrap_or("")).cmp(&(b.2, b.0.as_str(), b.1.unwrap_or("")))
            })
            .map(|(tag, subtag, at)| TagState {
                tag,
                subtag: subtag.map(str::to_string),
                at: Some(at),
            })
            .unwrap_or_default()
    }
}

/// How far the shop itself is with an order, before any parcel tells: nothing yet, being prepared
/// (paid, picking, packing), or handed over (fulfilled).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, Default)]
#[serde(rename_all = "snake_case")]
pub enum FulfillmentStatus {
    #[default]
    Pending,
    Processing,
    Fulfilled,
}

impl FulfillmentStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            FulfillmentStatus::Pending => "pending",
            FulfillmentStatus::Processing => "processing",
            FulfillmentStatus::Fulfilled => "fulfilled",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "pending" => Some(Self::Pending),
            "processing" => Some(Self::Processing),
            "fulfilled" => Some(Self::Fulfilled),
            _ => None,
        }
    }
}

/// The order's stage as the buyer sees it on the progress bar: ordered → preparing → shipped →
/// out for delivery → delivered, or → ready for pickup → picked up; plus cancelled and problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OrderStage {
    Ordered,
    Preparing,
    Shipped,
    OutForDelivery,
    ReadyForPickup,
    Delivered,
    PickedUp,
    Problem,
    Cancelled,
}

impl OrderStage {
    pub const ALL: [OrderStage; 9] = [
        OrderStage::Ordered,
        OrderStage::Preparing,
        OrderStage::Shipped,
        OrderStage::OutForDelivery,
        OrderStage::ReadyForPickup,
        OrderStage::Delivered,
        OrderStage::PickedUp,
        OrderStage::Problem,
        OrderStage::Cancelled,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            OrderStage::Ordered => "ordered",
            OrderStage::Preparing => "preparing",
            OrderStage::Shipped => "shipped",
            OrderStage::OutForDelivery => "out_for_delivery",
            OrderStage::ReadyForPickup => "ready_for_pickup",
            OrderStage::Delivered => "delivered",
            OrderStage::PickedUp => "picked_up",
            OrderStage::Problem => "problem",
            OrderStage::Cancelled => "cancelled",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// Position on the progress bar, 0–4 (problem and cancelled are off the bar: 5).
    pub fn progress(self) -> u8 {
        match self {
            OrderStage::Ordered => 0,
            OrderStage::Preparing => 1,
            OrderStage::Shipped => 2,
            OrderStage::OutForDelivery | OrderStage::ReadyForPickup => 3,
            OrderStage::Delivered | OrderStage::PickedUp => 4,
            OrderStage::Problem | OrderStage::Cancelled => 5,
        }
    }

    /// The stage of one parcel.
    pub fn of_parcel(tag: ShipmentTag, method: DeliveryMethod) -> OrderStage {
        match tag {
            ShipmentTag::Pending | ShipmentTag::InfoReceived => OrderStage::Preparing,
            ShipmentTag::InTransit => OrderStage::Shipped,
            ShipmentTag::OutForDelivery => OrderStage::OutForDelivery,
            ShipmentTag::AvailableForPickup => OrderStage::ReadyForPickup,
            ShipmentTag::Delivered if method == DeliveryMethod::Courier => OrderStage::Delivered,
            ShipmentTag::Delivered => OrderStage::PickedUp,
            ShipmentTag::AttemptFail | ShipmentTag::Exception | ShipmentTag::Expired => {
                OrderStage::Problem
            }
        }
    }

    /// The stage of an order from its own status, how far the shop is, and its parcels' current
    /// tags. A problem with any parcel shows; otherwise the least advanced parcel decides
    /// ("delivered" only when every parcel is).
    pub fn derive(
        status: OrderStatus,
        fulfillment: FulfillmentStatus,
        parcels: &[(ShipmentTag, DeliveryMethod)],
    ) -> OrderStage {
        if status == OrderStatus::Cancelled {
            return OrderStage::Cancelled;
        }
        let stages: Vec<OrderStage> = parcels
            .iter()
            .map(|(t, m)| OrderStage::of_parcel(*t, *m))
            .collect();
        if stages.contains(&OrderStage::Problem) {
            return OrderStage::Problem;
        }
        match stages.iter().min_by_key(|s| s.progress()) {
            Some(s) => *s,
            None => match fulfillment {
                FulfillmentStatus::Pending => OrderStage::Ordered,
                FulfillmentStatus::Processing => OrderStage::Preparing,
                FulfillmentStatus::Fulfilled => OrderStage::Shipped,
            },
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Inputs as clients send them, and their validated forms.

/// A postal address.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Address {
    pub name: Option<String>,
    pub company: Option<String>,
    pub line1: Option<String>,
    pub line2: Option<String>,
    pub city: Option<String>,
    pub region: Option<String>,
    pub postcode: Option<String>,
    /// ISO 3166-1 alpha-2 country code.
    pub country: Option<String>,
    pub phone: Option<String>,
}

/// The buyer as the shop knows them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CustomerInput {
    pub email: Option<String>,
    /// E.164, e.g. `+36201234567`.
    pub phone: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    /// BCP 47 tag, e.g. `hu` or `fi-FI`.
    pub locale: Option<String>,
    /// IANA zone, e.g. `Europe/Warsaw`.
    pub time_zone: Option<String>,
    /// `YYYY-MM-DD` or `--MM-DD`.
    pub birthday: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LineItemInput {
    pub sku: Option<String>,
    pub name: String,
    pub quantity: i64,
    /// Price of one unit in minor units of the order's currency (cents, fillér, grosz …).
    pub unit_price: i64,
    /// An http(s) URL, or a path on this aftercare server (`/assets/…`). Buyer pages load remote
    /// images through aftercare, never from the buyer's browser directly.
    pub image_url: Option<String>,
}

/// Body of `PUT /api/v1/orders/{external_id}`: the whole order as the shop knows it now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrderInput {
    /// The number the buyer knows, e.g. `#1001`. Defaults to the external id.
    pub order_number: Option<String>,
    #[serde(default)]
    pub status: OrderStatus,
    /// How far the shop is: `pending`, `processing` (paid, being prepared) or `fulfilled`.
    #[serde(default)]
    pub fulfillment_status: FulfillmentStatus,
    /// What the buyer chose at checkout: `courier`, `locker` or `pickup`.
    pub delivery_method: Option<DeliveryMethod>,
    /// The checkout's shipping line, e.g. `InPost Paczkomat 24/7`.
    pub shipping_method: Option<String>,
    /// ISO 4217.
    pub currency: String,
    /// When the buyer placed the order (RFC 3339). Defaults to now.
    pub placed_at: Option<String>,
    /// Locale of the order (the buyer's language at checkout), e.g. `pl`.
    pub locale: Option<String>,
    pub customer: Option<CustomerInput>,
    #[serde(default)]
    pub line_items: Vec<LineItemInput>,
    pub shipping_address: Option<Address>,
    pub billing_address: Option<Address>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidCustomer {
    pub email: Option<Email>,
    pub phone: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub locale: Option<String>,
    pub time_zone: Option<String>,
    pub birthday: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidOrder {
    pub external_id: String,
    pub order_number: String,
    pub status: OrderStatus,
    pub fulfillment_status: FulfillmentStatus,
    pub delivery_method: Option<DeliveryMethod>,
    pub shipping_method: Option<String>,
    pub currency: String,
    pub placed_at: Millis,
    pub locale: Option<String>,
    pub customer: Option<ValidCustomer>,
    pub line_items: Vec<LineItemInput>,
    pub total_minor: i64,
    pub shipping_address: Option<Address>,
    pub billing_address: Option<Address>,
}

fn text(errs: &mut FieldErrors, field: &str, v: &Option<String>, max: usize) -> Option<String> {
    let v = v.as_deref().map(str::trim).filter(|s| !s.is_empty())?;
    if v.chars().count() > max {
        errs.push(
            field,
            "too_long",
            format!("must be at most {max} characters"),
        );
        return None;
    }
    if v.chars().any(|c| c.is_control() && c != '\n') {
        errs.push(
            field,
            "invalid_characters",
            "must not contain control characters",
        );
        return None;
    }
    Some(v.to_string())
}

pub fn validate_external_id(s: &str) -> Result<String, &'static str> {
    let s = s.trim();
    if s.is_empty() || s.len() > 128 || s.chars().any(|c| c.is_control() || c == '/') {
        Err("must be 1 to 128 characters without control characters or '/'")
    } else {
        Ok(s.to_string())
    }
}

fn validate_url(errs: &mut FieldErrors, field: &str, v: &Option<String>) -> Option<String> {
    let v = text(errs, field, v, 2048)?;
    if v.starts_with("https://") || v.starts_with("http://") {
        Some(v)
    } else {
        errs.push(field, "invalid_url", "must be an http(s) URL");
        None
    }
}

/// An http(s) URL or a path on this server (not `//host`, which is another server).
fn validate_image_url(errs: &mut FieldErrors, field: &str, v: &Option<String>) -> Option<String> {
    let v = text(errs, field, v, 2048)?;
    let local = v.starts_with('/') && !v.starts_with("//") && !v.contains('\\');
    if local || v.starts_with("https://") || v.starts_with("http://") {
        Some(v)
    } else {
        errs.push(
            field,
            "invalid_url",
            "must be an http(s) URL or a path on this server",
        );
        None
    }
}

fn validate_address(errs: &mut FieldErrors, field: &str, a: &Option<Address>) -> Option<Address> {
    let a = a.as_ref()?;
    let f = |n: &str| format!("{field}.{n}");
    let country = text(errs, &f("country"), &a.country, 2).map(|c| c.to_ascii_uppercase());
    if let Some(c) = &country
        && (c.len() != 2 || !c.bytes().all(|b| b.is_ascii_alphabetic()))
    {
        errs.push(
            f("country"),
            "invalid_country",
            "must be an ISO 3166-1 alpha-2 code such as HU",
        );
    }
    Some(Address {
        name: text(errs, &f("name"), &a.name, 200),
        company: text(errs, &f("company"), &a.company, 200),
        line1: text(errs, &f("line1"), &a.line1, 300),
        line2: text(errs, &f("line2"), &a.line2, 300),
        city: text(errs, &f("city"), &a.city, 200),
        region: text(errs, &f("region"), &a.region, 200),
        postcode: text(errs, &f("postcode"), &a.postcode, 32),
        country,
        phone: text(errs, &f("phone"), &a.phone, 40),
    })
}

pub fn validate_customer(errs: &mut FieldErrors, prefix: &str, c: &CustomerInput) -> ValidCustomer {
    let f = |n: &str| {
        if prefix.is_empty() {
            n.to_string()
        } else {
            format!("{prefix}.{n}")
        }
    };
    let email = c
        .email
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .and_then(|e| errs.check(f("email"), "invalid_email", Email::parse(e)));
    let phone = c
        .phone
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .and_then(|p| errs.check(f("phone"), "invalid_phone", parse_phone(p)));
    let locale = c
        .locale
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .and_then(|l| errs.check(f("locale"), "invalid_locale", parse_locale(l)));
    let time_zone = c
        .time_zone
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .and_then(|z| errs.check(f("time_zone"), "invalid_time_zone", parse_time_zone(z)));
    let birthday = c
        .birthday
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .and_then(|b| errs.check(f("birthday"), "invalid_date", parse_birthday(b)));
    ValidCustomer {
        email,
        phone,
        first_name: text(errs, &f("first_name"), &c.first_name, 200),
        last_name: text(errs, &f("last_name"), &c.last_name, 200),
        locale,
        time_zone,
        birthday,
    }
}

impl OrderInput {
    /// Every problem of the input at once, or the valid order.
    pub fn validate(&self, external_id: &str, now: Millis) -> Result<ValidOrder, FieldErrors> {
        let mut errs = FieldErrors::default();
        let external_id = errs
            .check(
                "external_id",
                "invalid_external_id",
                validate_external_id(external_id),
            )
            .unwrap_or_default();
        let order_number = text(&mut errs, "order_number", &self.order_number, 64)
            .unwrap_or_else(|| external_id.clone());
        let currency = errs
            .check(
                "currency",
                "invalid_currency",
                parse_currency(&self.currency),
            )
            .unwrap_or_default();
        let placed_at = match &self.placed_at {
            Some(s) => errs
                .check("placed_at", "invalid_timestamp", parse_rfc3339(s))
                .unwrap_or(now),
            None => now,
        };
        let locale = self
            .locale
            .as_deref()
            .and_then(|l| errs.check("locale", "invalid_locale", parse_locale(l)));
        let customer = self
            .customer
            .as_ref()
            .map(|c| validate_customer(&mut errs, "customer", c));
        if self.line_items.len() > 500 {
            errs.push("line_items", "too_many", "at most 500 line items");
        }
        let mut total: i64 = 0;
        let mut items = Vec::with_capacity(self.line_items.len());
        for (i, li) in self.line_items.iter().enumerate() {
            let f = |n: &str| format!("line_items[{i}].{n}");
            let name = text(&mut errs, &f("name"), &Some(li.name.clone()), 500);
            if name.is_none() && li.name.trim().is_empty() {
                errs.push(f("name"), "required", "must not be empty");
            }
            if !(1..=1_000_000).contains(&li.quantity) {
                errs.push(
                    f("quantity"),
                    "out_of_range",
                    "must be between 1 and 1000000",
                );
            }
            if !(0..=1_000_000_000_000).contains(&li.unit_price) {
                errs.push(
                    f("unit_price"),
                    "out_of_range",
                    "must be between 0 and 10^12 minor units",
                );
            }
            total = total.saturating_add(li.quantity.saturating_mul(li.unit_price));
            items.push(LineItemInput {
                sku: text(&mut errs, &f("sku"), &li.sku, 128),
                name: name.unwrap_or_default(),
                quantity: li.quantity,
                unit_price: li.unit_price,
                image_url: validate_image_url(&mut errs, &f("image_url"), &li.image_url),
            });
        }
        let shipping_address =
            validate_address(&mut errs, "shipping_address", &self.shipping_address);
        let billing_address = validate_address(&mut errs, "billing_address", &self.billing_address);
        let shipping_method = text(&mut errs, "shipping_method", &self.shipping_method, 200);
        errs.into_result()?;
        Ok(ValidOrder {
            external_id,
            order_number,
            status: self.status,
            fulfillment_status: self.fulfillment_status,
            delivery_method: self.delivery_method,
            shipping_method,
            currency,
            placed_at,
            locale,
            customer,
            line_items: items,
            total_minor: total,
            shipping_address,
            billing_address,
        })
    }
}

/// Where a locker or pickup parcel waits.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PickupLocation {
    /// The carrier's id of the locker or pickup point.
    pub id: Option<String>,
    pub name: Option<String>,
    pub address: Option<String>,
    /// Free text as the carrier gives it, e.g. `Mo–Fr 8–20, Sa 9–13`.
    pub opening_hours: Option<String>,
}

/// Body of `POST /api/v1/orders/{external_id}/shipments`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShipmentInput {
    /// Carrier slug, e.g. `gls`, `dpd`, `inpost`, `posti`, `yurtici`.
    pub carrier: String,
    pub service: Option<String>,
    pub tracking_number: String,
    #[serde(default)]
    pub delivery_method: DeliveryMethod,
    /// Required for locker and pickup.
    pub location: Option<PickupLocation>,
    pub pickup_code: Option<String>,
    /// Last moment the buyer can collect a locker or pickup parcel (RFC 3339). Without it, the
    /// shop's default for the carrier applies once the parcel is ready for pickup.
    pub collect_by: Option<String>,
    /// The carrier's tracking page for this parcel.
    pub tracking_url: Option<String>,
    /// The carrier's own estimated delivery (RFC 3339).
    pub estimated_delivery: Option<String>,
    /// What is in this parcel, when the order travels in several (the order's line items by SKU or
    /// name); empty: not said.
    #[serde(default)]
    pub items: Vec<ParcelItem>,
}

/// One kind of item in a parcel: the order's line item it is (by SKU, else by name) and how many.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ParcelItem {
    pub sku: Option<String>,
    pub name: Option<String>,
    pub quantity: i64,
}

/// At most this many item lines per parcel.
pub const MAX_PARCEL_ITEMS: usize = 250;

/// Parcel items checked: each names its line item and has a sensible quantity.
pub fn validate_parcel_items(errs: &mut FieldErrors, items: &[ParcelItem]) -> Vec<ParcelItem> {
    if items.len() > MAX_PARCEL_ITEMS {
        errs.push(
            "items",
            "too_many",
            format!("at most {MAX_PARCEL_ITEMS} items"),
        );
        return Vec::new();
    }
    items
        .iter()
        .enumerate()
        .filter_map(|(i, it)| {
            let f = |n: &str| format!("items[{i}].{n}");
            let sku = text(errs, &f("sku"), &it.sku, 128);
            let name = text(errs, &f("name"), &it.name, 500);
            if sku.is_none() && name.is_none() {
                errs.push(f("sku"), "required", "an item needs its sku or its name");
                return None;
            }
            if !(1..=100_000).contains(&it.quantity) {
                errs.push(f("quantity"), "out_of_range", "must be 1 to 100000");
                return None;
            }
            Some(ParcelItem {
                sku,
                name,
                quantity: it.quantity,
            })
        })
        .collect()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidShipment {
    pub carrier: String,
    pub service: Option<String>,
    /// `None` until the carrier's number is known.
    pub tracking_number: Option<String>,
    /// The source's id of the fulfillment (group of parcels) this one belongs to.
    pub fulfillment_ref: Option<String>,
    pub tracking_url: Option<String>,
    pub carrier_estimate: Option<Millis>,
    pub delivery_method: DeliveryMethod,
    pub location: Option<PickupLocation>,
    pub pickup_code: Option<String>,
    pub collect_by: Option<Millis>,
    /// What is in the parcel; empty when the source does not say.
    pub items: Vec<ParcelItem>,
}

impl ShipmentInput {
    pub fn validate(&self) -> Result<ValidShipment, FieldErrors> {
        let mut errs = FieldErrors::default();
        let carrier = text(&mut errs, "carrier", &Some(self.carrier.clone()), 64)
            .map(|c| c.to_ascii_lowercase());
        if carrier.is_none() && self.carrier.trim().is_empty() {
            errs.push("carrier", "required", "must not be empty");
        }
        let tracking_number = text(
            &mut errs,
            "tracking_number",
            &Some(self.tracking_number.clone()),
            128,
        );
        if tracking_number.is_none() && self.tracking_number.trim().is_empty() {
            errs.push("tracking_number", "required", "must not be empty");
        }
        let location = self.location.as_ref().map(|l| PickupLocation {
            id: text(&mut errs, "location.id", &l.id, 128),
            name: text(&mut errs, "location.name", &l.name, 200),
            address: text(&mut errs, "location.address", &l.address, 500),
            opening_hours: text(&mut errs, "location.opening_hours", &l.opening_hours, 500),
        });
        if self.delivery_method != DeliveryMethod::Courier
            && location
                .as_ref()
                .is_none_or(|l| l.name.is_none() && l.id.is_none())
        {
            errs.push(
                "location",
                "required",
                "a locker or pickup shipment needs a location with an id or a name",
            );
        }
        let collect_by = self
            .collect_by
            .as_deref()
            .and_then(|s| errs.check("collect_by", "invalid_timestamp", parse_rfc3339(s)));
        let pickup_code = text(&mut errs, "pickup_code", &self.pickup_code, 64);
        let tracking_url = validate_url(&mut errs, "tracking_url", &self.tracking_url);
        let carrier_estimate = self
            .estimated_delivery
            .as_deref()
            .and_then(|s| errs.check("estimated_delivery", "invalid_timestamp", parse_rfc3339(s)));
        let items = validate_parcel_items(&mut errs, &self.items);
        errs.into_result()?;
        Ok(ValidShipment {
            items,
            carrier: carrier.unwrap_or_default(),
            service: text(&mut FieldErrors::default(), "service", &self.service, 64),
            tracking_number,
            fulfillment_ref: None,
            tracking_url,
            carrier_estimate,
            delivery_method: self.delivery_method,
            location,
            pickup_code,
            collect_by,
        })
    }
}

/// Body of `POST /api/v1/shipments/{id}/events`: one carrier checkpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShipmentEventInput {
    /// AfterShip tag, e.g. `InTransit`.
    #[schema(value_type = String, example = "InTransit")]
    pub tag: String,
    /// AfterShip subtag, e.g. `InTransit_001`.
    pub subtag: Option<String>,
    pub message: Option<String>,
    pub location: Option<String>,
    /// When it happened at the carrier (RFC 3339).
    pub occurred_at: String,
    /// The sender's id of this event; repeats with the same id are stored once.
    pub event_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidShipmentEvent {
    pub tag: ShipmentTag,
    pub subtag: Option<String>,
    pub message: Option<String>,
    pub location: Option<String>,
    pub occurred_at: Millis,
    /// Stable identity for dedupe: the sender's id, or a digest of the event's content.
    pub dedupe_key: String,
}

impl ShipmentEventInput {
    pub fn validate(&self) -> Result<ValidShipmentEvent, FieldErrors> {
        let mut errs = FieldErrors::default();
        let tag = ShipmentTag::parse(&self.tag);
        if tag.is_none() {
            let all: Vec<_> = ShipmentTag::ALL.iter().map(|t| t.as_str()).collect();
            errs.push(
                "tag",
                "invalid_tag",
                format!("must be one of {}", all.join(", ")),
            );
        }
        let occurred_at = errs.check(
            "occurred_at",
            "invalid_timestamp",
            parse_rfc3339(&self.occurred_at),
        );
        let subtag = text(&mut errs, "subtag", &self.subtag, 64);
        let message = text(&mut errs, "message", &self.message, 1000);
        let location = text(&mut errs, "location", &self.location, 300);
        let event_id = text(&mut errs, "event_id", &self.event_id, 128);
        errs.into_result()?;
        let (tag, occurred_at) = (
            tag.unwrap_or(ShipmentTag::Pending),
            occurred_at.unwrap_or_default(),
        );
        let dedupe_key = match event_id {
            Some(id) => format!("id:{id}"),
            None => {
                use sha2::{Digest, Sha256};
                let mut h = Sha256::new();
                for part in [
                    tag.as_str(),
                    subtag.as_deref().unwrap_or(""),
                    message.as_deref().unwrap_or(""),
                    location.as_deref().unwrap_or(""),
                ] {
                    h.update(part.as_bytes());
                    h.update([0u8]);
                }
                h.update(occurred_at.to_be_bytes());
                let d = h.finalize();
                format!(
                    "h:{}",
                    d.iter()
                        .take(16)
                        .map(|b| format!("{b:02x}"))
                        .collect::<String>()
                )
            }
        };
        Ok(ValidShipmentEvent {
            tag,
            subtag,
            message,
            location,
            occurred_at,
            dedupe_key,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert_eq!(
            Email::parse(" Anna@Example.HU ").unwrap().as_str(),
            "anna@example.hu"
        );
        for bad in [
            "",
            "a",
            "a@b",
            "a@.b.c",
            "a b@c.de",
            "@c.de",
            "a@c..de",
            "a@b.c\r\nBcc: x@y.z",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn small_parsers() {
        assert_eq!(parse_locale("fi_fi").unwrap(), "fi-FI");
        assert!(parse_locale("x").is_err());
        assert_eq!(parse_currency("huf").unwrap(), "HUF");
        assert!(parse_currency("EURO").is_err());
        assert!(parse_time_zone("Europe/Istanbul").is_ok());
        assert!(parse_time_zone("Mars/Base").is_err());
        assert_eq!(parse_phone("+36 20 123-4567").unwrap(), "+36201234567");
        assert!(parse_phone("06201234567").is_err());
        assert!(parse_birthday("--02-29").is_ok());
        assert!(parse_birthday("1990-13-01").is_err());
        assert!(parse_birthday("2999-01-01").is_err());
    }

    fn state(events: &[(ShipmentTag, Option<&str>, Millis)]) -> TagState {
        TagState::from_events(events.iter().copied())
    }

    #[test]
    fn tags_never_go_backwards() {
        use ShipmentTag::*;
        assert_eq!(
            state(&[(Delivered, None, 10), (InTransit, None, 20)]).tag,
            Delivered,
            "delivered is final"
        );
        assert_eq!(
            state(&[(InTransit, None, 10), (OutForDelivery, None, 5)]).tag,
            OutForDelivery,
            "a late in-transit is history"
        );
        assert_eq!(
            state(&[(OutForDelivery, None, 10), (AttemptFail, None, 12)]).tag,
            AttemptFail
        );
        assert_eq!(
            state(&[
                (OutForDelivery, None, 10),
                (AttemptFail, None, 12),
                (OutForDelivery, None, 30)
            ])
            .tag,
            OutForDelivery,
            "the next attempt"
        );
        assert_eq!(
            state(&[
                (InTransit, None, 10),
                (Exception, None, 12),
                (InTransit, None, 30)
            ])
            .tag,
            InTransit,
            "moving again clears it"
        );
        assert_eq!(
            state(&[
                (AvailableForPickup, None, 10),
                (Exception, Some("Exception_008"), 20)
            ])
            .tag,
            Exception,
            "not collected"
        );
        assert_eq!(
            state(&[(OutForDelivery, None, 10), (Exception, None, 5)]).tag,
            OutForDelivery,
            "an exception before the progress reached is history"
        );
        assert_eq!(
            state(&[(Exception, None, 5)]).tag,
            Exception,
            "a problem with no progress shows"
        );
        assert_eq!(state(&[]), TagState::default());
    }

    fn permutations<T: Clone>(items: &[T]) -> Vec<Vec<T>> {
        if items.len() <= 1 {
            return vec![items.to_vec()];
        }
        let mut out = Vec::new();
        for i in 0..items.len() {
            let mut rest = items.to_vec();
            let first = rest.remove(i);
            for mut p in permutations(&rest) {
                p.insert(0, first.clone());
                out.push(p);
            }
        }
        out
    }

    /// Every arrival order of real carrier sequences, with repeats, ends in the same state.
    #[test]
    fn final_state_does_not_depend_on_arrival_order_or_repeats() {
        use ShipmentTag::*;
        let h = 3_600_000;
        let sequences: Vec<Vec<(ShipmentTag, Option<&str>, Millis)>> = vec![
            // courier, first attempt failed, delivered next day
            vec![
                (InfoReceived, Some("InfoReceived_001"), 0),
                (InTransit, Some("InTransit_002"), 5 * h),
                (OutForDelivery, None, 20 * h),
                (AttemptFail, Some("AttemptFail_001"), 26 * h),
                (OutForDelivery, None, 44 * h),
                (Delivered, Some("Delivered_001"), 47 * h),
            ],
            // parcel locker
            vec![
                (InfoReceived, None, 0),
                (InTransit, None, 8 * h),
                (InTransit, Some("InTransit_007"), 9 * h),
                (AvailableForPickup, Some("AvailableForPickup_001"), 30 * h),
                (Delivered, Some("Delivered_004"), 40 * h),
            ],
            // delayed: exception, then moving again, not yet delivered
            vec![
                (InfoReceived, None, 0),
                (InTransit, None, 6 * h),
                (Exception, Some("Exception_004"), 30 * h),
                (InTransit, None, 50 * h),
                (OutForDelivery, None, 70 * h),
            ],
            // same time, different tags of one rank
            vec![
                (AttemptFail, None, 10 * h),
                (Exception, None, 10 * h),
                (InTransit, None, 10 * h),
            ],
        ];
        for seq in sequences {
            let mut with_repeats = seq.clone();
            with_repeats.push(seq[seq.len() / 2]);
            with_repeats.push(seq[0]);
            let mut finals = std::collections::BTreeSet::new();
            let mut stages = std::collections::BTreeSet::new();
            for order in permutations(&with_repeats) {
                let mut seen = Vec::new();
                let mut last_progress = 0;
                for ev in order {
                    seen.push(ev);
                    let st = TagState::from_events(seen.iter().copied());
                    let reached = seen
                        .iter()
                        .filter_map(|e| e.0.progress())
                        .max()
                        .unwrap_or(0);
                    assert!(reached >= last_progress, "progress never goes back");
                    last_progress = reached;
                    if st.tag.progress().is_some() {
                        assert_eq!(st.tag.progress(), Some(reached));
                    }
                }
                let state = TagState::from_events(seen.iter().copied());
                stages.insert(
                    OrderStage::derive(
                        OrderStatus::Open,
                        FulfillmentStatus::Pending,
                        &[(state.tag, DeliveryMethod::Courier)],
                    )
                    .as_str(),
                );
                finals.insert(format!("{state:?}"));
            }
            assert_eq!(finals.len(), 1, "{seq:?} ended in {finals:?}");
            assert_eq!(stages.len(), 1);
        }
    }

    #[test]
    fn stage() {
        use DeliveryMethod::*;
        use FulfillmentStatus as F;
        use ShipmentTag::*;
        let open = OrderStatus::Open;
        assert_eq!(
            OrderStage::derive(open, F::Pending, &[]),
            OrderStage::Ordered
        );
        assert_eq!(
            OrderStage::derive(open, F::Processing, &[]),
            OrderStage::Preparing
        );
        assert_eq!(
            OrderStage::derive(open, F::Fulfilled, &[]),
            OrderStage::Shipped
        );
        assert_eq!(
            OrderStage::derive(
                open,
                F::Pending,
                &[(Delivered, Courier), (InTransit, Courier)]
            ),
            OrderStage::Shipped
        );
        assert_eq!(
            OrderStage::derive(
                open,
                F::Pending,
                &[(Delivered, Courier), (Delivered, Courier)]
            ),
            OrderStage::Delivered
        );
        assert_eq!(
            OrderStage::derive(open, F::Pending, &[(AvailableForPickup, Locker)]),
            OrderStage::ReadyForPickup
        );
        assert_eq!(
            OrderStage::derive(open, F::Pending, &[(Delivered, Locker)]),
            OrderStage::PickedUp
        );
        assert_eq!(
            OrderStage::derive(
                open,
                F::Pending,
                &[(Delivered, Courier), (Exception, Courier)]
            ),
            OrderStage::Problem
        );
        assert_eq!(
            OrderStage::derive(
                OrderStatus::Cancelled,
                F::Fulfilled,
                &[(Delivered, Courier)]
            ),
            OrderStage::Cancelled
        );
        assert_eq!(
            OrderStage::derive(open, F::Pending, &[(InfoReceived, Pickup)]),
            OrderStage::Preparing
        );
    }

    #[test]
    fn order_validation_collects_all_errors() {
        let input: OrderInput = serde_json::from_value(serde_json::json!({
            "currency": "EURO",
            "customer": {"email": "nope", "time_zone": "Nowhere/Land"},
            "line_items": [{"name": "", "quantity": 0, "unit_price": -1}]
        }))
        .unwrap();
        let errs = input.validate("A-1", 0).unwrap_err();
        let fields: Vec<_> = errs.0.iter().map(|e| e.field.as_str()).collect();
        for f in [
            "currency",
            "customer.email",
            "customer.time_zone",
            "line_items[0].name",
            "line_items[0].quantity",
            "line_items[0].unit_price",
        ] {
            assert!(fields.contains(&f), "{f} missing in {fields:?}");
        }
    }

    #[test]
    fn event_dedupe_key_is_stable() {
        let e: ShipmentEventInput = serde_json::from_value(
            serde_json::json!({"tag": "InTransit", "occurred_at": "2026-11-25T10:00:00Z"}),
        )
        .unwrap();
        assert_eq!(
            e.validate().unwrap().dedupe_key,
            e.validate().unwrap().dedupe_key
        );
    }
}
