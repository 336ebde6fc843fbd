//! Orders, shipments and shipment events through the native API.

use crate::tracking::{self, Ctx, OrderOutcome};
use crate::views::{self, OrderPage, OrderSummary, OrderView, ShipmentView};
use crate::{App, AppError};
use aftercare_domain::time::{Millis, now_millis, to_rfc3339};
use aftercare_domain::*;
use aftercare_store::repo::{customers, orders, shipments, shops};
use aftercare_store::{Conn, StoreError};
use base64::Engine;

#[derive(Debug, Clone)]
pub struct UpsertOutcome {
    pub order: OrderView,
    /// `true` when this call created the order.
    pub created: bool,
    /// `false` when the body matched what was stored, so nothing was written.
    pub changed: bool,
}

/// Runs `f` in one write transaction with the shop's context, as every API write does.
async fn api_write<T, F>(
    app: &App,
    shop_id: &str,
    request_id: Option<String>,
    mut f: F,
) -> Result<T, AppError>
where
    T: Send + 'static,
    F: FnMut(&mut dyn Conn, &Ctx) -> Result<T, AppError> + Send + 'static,
{
    let shop_id = shop_id.to_string();
    app.db
        .write_async(move |c| {
            let shop = shops::get(c, &shop_id)?.ok_or(AppError::NotFound("shop"))?;
            let ctx = Ctx {
                shop: &shop,
                now: now_millis(),
                request_id: request_id.as_deref(),
                source: "api",
            };
            f(c, &ctx)
        })
        .await
}

/// Creates the order, or brings it up to date, by the shop's external id. The same body again
/// changes nothing; concurrent identical calls create exactly one order.
pub async fn upsert_order(
    app: &App,
    shop_id: &str,
    external_id: &str,
    input: OrderInput,
    request_id: Option<String>,
) -> Result<UpsertOutcome, AppError> {
    let valid = input.validate(external_id, now_millis())?;
    let hash = tracking::content_hash(&input);
    let (order_id, outcome) = api_write(app, shop_id, request_id, move |c, ctx| {
        let (order, outcome) = tracking::apply_order(c, ctx, &valid, &hash, None)?;
        Ok((order.id, outcome))
    })
    .await?;
    let changed = matches!(outcome, OrderOutcome::Created | OrderOutcome::Updated);
    if changed {
        app.jobs_enqueued();
    }
    let order = get_order_by_id(app, shop_id, &order_id).await?;
    Ok(UpsertOutcome {
        order,
        created: outcome == OrderOutcome::Created,
        changed,
    })
}

fn load_order_view(
    c: &mut dyn Conn,
    o: orders::Order,
    base_url: &str,
) -> Result<OrderView, StoreError> {
    let customer = match &o.customer_id {
        Some(id) => customers::get(c, &o.shop_id, id)?
            .as_ref()
            .map(views::customer_summary),
        None => None,
    };
    let items = orders::line_items(c, &o.shop_id, &o.id)?;
    let addresses = orders::addresses(c, &o.shop_id, &o.id)?;
    let mut ships = Vec::new();
    for s in shipments::for_order(c, &o.shop_id, &o.id)? {
        let events = shipments::events(c, &o.shop_id, &s.id)?;
        let items = shipments::items(c, &o.shop_id, &s.id)?;
        ships.push(views::shipment_view(&s, &events, &items));
    }
    Ok(OrderView {
        tracking_page_url: format!("{base_url}/t/{}", o.tracking_token),
        id: o.id,
        external_id: o.external_id,
        order_number: o.order_number,
        status: o.status,
        stage: o.stage,
        currency: o.currency,
        total: o.total_minor,
        locale: o.locale,
        email: o.email,
        customer,
        fulfillment_status: o.fulfillment_status,
        delivery_method: o.delivery_method,
        shipping_method: o.shipping_method,
        source: o.source,
        placed_at: to_rfc3339(o.placed_at),
        created_at: to_rfc3339(o.created_at),
        updated_at: to_rfc3339(o.updated_at),
        line_items: items
            .into_iter()
            .map(|li| views::LineItemView {
                sku: li.sku,
                name: li.name,
                quantity: li.quantity,
                unit_price: li.unit_price_minor,
                image_url: li.image_url,
            })
            .collect(),
        shipping_address: addresses
            .iter()
            .find(|a| a.kind == "shipping")
            .map(views::address_view),
        billing_address: addresses
            .iter()
            .find(|a| a.kind == "billing")
            .map(views::address_view),
        shipments: ships,
    })
}

pub async fn get_order_by_id(
    app: &App,
    shop_id: &str,
    order_id: &str,
) -> Result<OrderView, AppError> {
    let (shop_id, order_id) = (shop_id.to_string(), order_id.to_string());
    let base = app.base_url.clone();
    app.db
        .read_async(move |c| {
            let o = orders::get(c, &shop_id, &order_id)?.ok_or(AppError::NotFound("order"))?;
            Ok(load_order_view(c, o, &base)?)
        })
        .await
}

pub async fn get_order(app: &App, shop_id: &str, external_id: &str) -> Result<OrderView, AppError> {
    let (shop_id, external_id) = (shop_id.to_string(), external_id.to_string());
    let base = app.base_url.clone();
    app.db
        .read_async(move |c| {
            let o = orders::by_external_id(c, &shop_id, &external_id, false)?
                .ok_or(AppError::NotFound("order"))?;
            Ok(load_order_view(c, o, &base)?)
        })
        .await
}

/// Query of the order list, as the API takes it.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OrderQuery {
    /// `open`, `closed` or `cancelled`.
    pub status: Option<String>,
    /// Buyer-facing stage, e.g. `shipped`.
    pub stage: Option<String>,
    /// The buyer's email (exact, case-insensitive).
    pub email: Option<String>,
    /// Placed at or after (RFC 3339 or YYYY-MM-DD).
    pub placed_from: Option<String>,
    /// Placed before (RFC 3339 or YYYY-MM-DD).
    pub placed_before: Option<String>,
    /// From a previous page's `next_cursor`.
    pub cursor: Option<String>,
    /// 1–200, default 50.
    pub limit: Option<i64>,
}

fn encode_cursor(placed_at: Millis, id: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("{placed_at}:{id}"))
}

fn decode_cursor(s: &str) -> Option<(Millis, String)> {
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(s)
        .ok()?;
    let raw = String::from_utf8(raw).ok()?;
    let (at, id) = raw.split_once(':')?;
    Some((at.parse().ok()?, id.to_string()))
}

pub async fn list_orders(app: &App, shop_id: &str, q: OrderQuery) -> Result<OrderPage, AppError> {
    let mut errs = FieldErrors::default();
    let limit = q.limit.unwrap_or(50);
    if !(1..=200).contains(&limit) {
        errs.push("limit", "out_of_range", "must be between 1 and 200");
    }
    if let Some(s) = &q.status
        && OrderStatus::parse(s).is_none()
    {
        errs.push(
            "status",
            "invalid_status",
            "must be open, closed or cancelled",
        );
    }
    if let Some(s) = &q.stage
        && OrderStage::parse(s).is_none()
    {
        let all: Vec<_> = OrderStage::ALL.iter().map(|s| s.as_str()).collect();
        errs.push(
            "stage",
            "invalid_stage",
            format!("must be one of {}", all.join(", ")),
        );
    }
    let email = q
        .email
        .as_deref()
        .and_then(|e| errs.check("email", "invalid_email", Email::parse(e)));
    let placed_from = q
        .placed_from
        .as_deref()
        .and_then(|s| errs.check("placed_from", "invalid_timestamp", time::parse_rfc3339(s)));
    let placed_before = q
        .placed_before
        .as_deref()
        .and_then(|s| errs.check("placed_before", "invalid_timestamp", time::parse_rfc3339(s)));
    let after = match q.cursor.as_deref() {
        Some(c) => {
            let d = decode_cursor(c);
            if d.is_none() {
                errs.push(
                    "cursor",
                    "invalid_cursor",
                    "is not a cursor this API returned",
                );
            }
            d
        }
        None => None,
    };
    errs.into_result()?;
    let filter = orders::ListFilter {
        status: q.status,
        stage: q.stage,
        email: email.map(|e| e.as_str().to_string()),
        customer_id: None,
        placed_from,
        placed_before,
        after,
        limit: limit + 1,
        ..Default::default()
    };
    let shop_id = shop_id.to_string();
    let mut rows = app
        .db
        .read_async(move |c| orders::list(c, &shop_id, &filter))
        .await?;
    let next_cursor = if rows.len() as i64 > limit {
        rows.truncate(limit as usize);
        rows.last().map(|o| encode_cursor(o.placed_at, &o.id))
    } else {
        None
    };
    Ok(OrderPage {
        items: rows.iter().map(OrderSummary::from).collect(),
        next_cursor,
    })
}

/// Adds a shipment to an order. The same (carrier, tracking number) again returns the stored
/// shipment (`created == false`); on another order of the shop it is a conflict.
pub async fn add_shipment(
    app: &App,
    shop_id: &str,
    external_id: &str,
    input: ShipmentInput,
    request_id: Option<String>,
) -> Result<(ShipmentView, bool), AppError> {
    let v = input.validate()?;
    let (shop_id, external_id) = (shop_id.to_string(), external_id.to_string());
    let sid = shop_id.clone();
    let (view, created) = api_write(app, &shop_id, request_id, move |c, ctx| {
        let order = orders::by_external_id(c, &sid, &external_id, true)?
            .ok_or(AppError::NotFound("order"))?;
        let (ship, created) = tracking::apply_shipment(c, ctx, &order, &v)?;
        let events = shipments::events(c, &sid, &ship.id)?;
        let items = shipments::items(c, &sid, &ship.id)?;
        Ok((views::shipment_view(&ship, &events, &items), created))
    })
    .await?;
    if created {
        app.jobs_enqueued();
    }
    Ok((view, created))
}

/// Records one checkpoint of a shipment. A repeat (same `event_id`, or same content) is stored
/// once; an event older or less advanced than the current status stays in the timeline but does
/// not move the shipment backwards.
pub async fn add_shipment_event(
    app: &App,
    shop_id: &str,
    shipment_id: &str,
    input: ShipmentEventInput,
    request_id: Option<String>,
) -> Result<(ShipmentView, bool), AppError> {
    let v = input.validate()?;
    let (shop_id, shipment_id) = (shop_id.to_string(), shipment_id.to_string());
    let sid = shop_id.clone();
    let (view, stored) = api_write(app, &shop_id, request_id, move |c, ctx| {
        let mut ship =
            shipments::get(c, &sid, &shipment_id, true)?.ok_or(AppError::NotFound("shipment"))?;
        let order = orders::get(c, &sid, &ship.order_id)?.ok_or(StoreError::NotFound)?;
        let outcome = tracking::apply_event(c, ctx, &order, &mut ship, &v)?;
        if outcome.moved {
            tracking::refresh_stage(c, ctx, &order)?;
        }
        let events = shipments::events(c, &sid, &ship.id)?;
        let items = shipments::items(c, &sid, &ship.id)?;
        Ok((views::shipment_view(&ship, &events, &items), outcome.stored))
    })
    .await?;
    if stored {
        app.jobs_enqueued();
    }
    Ok((view, stored))
}

pub async fn get_customer(
    app: &App,
    shop_id: &str,
    id_or_email: &str,
) -> Result<views::CustomerView, AppError> {
    let (shop_id, key) = (shop_id.to_string(), id_or_email.trim().to_string());
    app.db
        .read_async(move |c| {
            let cu = if key.contains('@') {
                match Email::parse(&key) {
                    Ok(e) => customers::by_email(c, &shop_id, e.as_str())?,
                    Err(_) => None,
                }
            } else {
                customers::get(c, &shop_id, &key)?
            };
            let cu = cu.ok_or(AppError::NotFound("customer"))?;
            let filter = orders::ListFilter {
                customer_id: Some(cu.id.clone()),
                limit: 100,
                ..Default::default()
            };
            let list = orders::list(c, &shop_id, &filter)?;
            Ok(views::CustomerView {
                id: cu.id,
                email: cu.email,
                phone: cu.phone,
                first_name: cu.first_name,
                last_name: cu.last_name,
                locale: cu.locale,
                time_zone: cu.time_zone,
                birthday: cu.birthday,
                created_at: to_rfc3339(cu.created_at),
                updated_at: to_rfc3339(cu.updated_at),
                orders: list.iter().map(OrderSummary::from).collect(),
            })
        })
        .await
}
