//! REST API v1. Each handler's `#[utoipa::path]` is the source of its OpenAPI entry.

use crate::AppState;
use crate::extract::{ApiJson, ApiQuery, RequestId, ShopAuth};
use crate::problem::Problem;
use aftercare_app::orders::{self, OrderQuery};
use aftercare_app::views::*;
use aftercare_app::{AppError, accounts};
use aftercare_domain::time::{now_millis, to_rfc3339};
use aftercare_domain::*;
use aftercare_jobs::{JobInfo, JobState, queue};
use aftercare_store::repo::{keys, shops};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

type ApiResult<T> = Result<T, Problem>;

fn created_or_ok<T: Serialize>(created: bool, location: String, body: T) -> Response {
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    (status, [(header::LOCATION, location)], Json(body)).into_response()
}

fn path_segment(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Create or update an order by the shop's own id.
///
/// The body is the whole order as the shop knows it now. The first call creates the order (201);
/// the same call again changes nothing and answers 200 with the same order; a changed body
/// updates it (200). Concurrent identical calls create exactly one order.
#[utoipa::path(put, path = "/api/v1/orders/{external_id}", tag = "orders",
    params(("external_id" = String, Path, description = "The shop's id of the order")),
    request_body = OrderInput,
    responses(
        (status = 201, description = "Created", body = OrderView),
        (status = 200, description = "Already there (updated if the body changed)", body = OrderView),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 413, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("api_key" = [])))]
pub async fn upsert_order(
    State(s): State<AppState>,
    auth: ShopAuth,
    rid: RequestId,
    Path(external_id): Path<String>,
    ApiJson(input): ApiJson<OrderInput>,
) -> ApiResult<Response> {
    let out = orders::upsert_order(&s.app, &auth.shop_id, &external_id, input, Some(rid.0)).await?;
    let loc = format!("/api/v1/orders/{}", path_segment(&out.order.external_id));
    Ok(created_or_ok(out.created, loc, out.order))
}

/// Get an order with its items, addresses, shipments and their timelines.
#[utoipa::path(get, path = "/api/v1/orders/{external_id}", tag = "orders",
    params(("external_id" = String, Path, description = "The shop's id of the order")),
    responses((status = 200, body = OrderView), (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("api_key" = [])))]
pub async fn get_order(
    State(s): State<AppState>,
    auth: ShopAuth,
    Path(external_id): Path<String>,
) -> ApiResult<Json<OrderView>> {
    Ok(Json(
        orders::get_order(&s.app, &auth.shop_id, &external_id).await?,
    ))
}

/// List orders, newest first, with keyset pagination.
#[utoipa::path(get, path = "/api/v1/orders", tag = "orders", params(OrderQuery),
    responses((status = 200, body = OrderPage), (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("api_key" = [])))]
pub async fn list_orders(
    State(s): State<AppState>,
    auth: ShopAuth,
    ApiQuery(q): ApiQuery<OrderQuery>,
) -> ApiResult<Json<OrderPage>> {
    Ok(Json(orders::list_orders(&s.app, &auth.shop_id, q).await?))
}

/// Add a shipment (a parcel with a tracking number) to an order.
///
/// The same carrier and tracking number again returns the stored shipment with 200.
#[utoipa::path(post, path = "/api/v1/orders/{external_id}/shipments", tag = "shipments",
    params(("external_id" = String, Path, description = "The shop's id of the order")),
    request_body = ShipmentInput,
    responses(
        (status = 201, body = ShipmentView), (status = 200, body = ShipmentView),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The tracking number belongs to another order", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("api_key" = [])))]
pub async fn add_shipment(
    State(s): State<AppState>,
    auth: ShopAuth,
    rid: RequestId,
    Path(external_id): Path<String>,
    ApiJson(input): ApiJson<ShipmentInput>,
) -> ApiResult<Response> {
    let (view, created) =
        orders::add_shipment(&s.app, &auth.shop_id, &external_id, input, Some(rid.0)).await?;
    Ok(created_or_ok(
        created,
        format!("/api/v1/shipments/{}", view.id),
        view,
    ))
}

/// Post a carrier checkpoint to a shipment.
///
/// A repeated event (same `event_id`, or same content) is stored once (200). Late or out-of-order
/// events join the timeline but never move the shipment's status backwards.
#[utoipa::path(post, path = "/api/v1/shipments/{shipment_id}/events", tag = "shipments",
    params(("shipment_id" = String, Path, description = "aftercare's id of the shipment")),
    request_body = ShipmentEventInput,
    responses(
        (status = 201, description = "Stored", body = ShipmentView), (status = 200, description = "A repeat; nothing changed", body = ShipmentView),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("api_key" = [])))]
pub async fn add_shipment_event(
    State(s): State<AppState>,
    auth: ShopAuth,
    rid: RequestId,
    Path(shipment_id): Path<String>,
    ApiJson(input): ApiJson<ShipmentEventInput>,
) -> ApiResult<Response> {
    let (view, created) =
        orders::add_shipment_event(&s.app, &auth.shop_id, &shipment_id, input, Some(rid.0)).await?;
    Ok(created_or_ok(
        created,
        format!("/api/v1/shipments/{}", view.id),
        view,
    ))
}

/// Get a customer (by id, or by email) with their orders.
#[utoipa::path(get, path = "/api/v1/customers/{customer}", tag = "customers",
    params(("customer" = String, Path, description = "aftercare's customer id, or the customer's email")),
    responses((status = 200, body = CustomerView), (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("api_key" = [])))]
pub async fn get_customer(
    State(s): State<AppState>,
    auth: ShopAuth,
    Path(customer): Path<String>,
) -> ApiResult<Json<CustomerView>> {
    Ok(Json(
        orders::get_customer(&s.app, &auth.shop_id, &customer).await?,
    ))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ShopView {
    pub id: String,
    pub slug: String,
    pub name: String,
    pub default_locale: String,
    pub time_zone: String,
    /// Where aftercare POSTs its signed events; absent when none is set.
    pub outbound_webhook_url: Option<String>,
    /// The inbound webhook URL of each source, to paste into the platform.
    pub inbound_webhook_urls: std::collections::BTreeMap<String, String>,
    /// Business days promised when history and carrier are silent, e.g. [2, 4].
    pub estimate_days: [i64; 2],
    /// How buyer pages and messages show the shop.
    pub branding: BrandingView,
    /// The shop's order lookup page for buyers (order number + email or postcode).
    pub lookup_url: String,
    pub created_at: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BrandingView {
    /// `#rrggbb`; buyer pages keep text on it readable (WCAG AA) whatever it is.
    pub brand_color: Option<String>,
    /// Where buyer pages load the logo from; absent without a logo.
    pub logo_url: Option<String>,
    pub support_email: Option<String>,
    pub support_phone: Option<String>,
    pub website_url: Option<String>,
}

fn shop_view(s: &AppState, shop: shops::Shop, b: shops::Branding) -> ShopView {
    let inbound_webhook_urls = WebhookSource::ALL
        .iter()
        .map(|src| {
            (
                src.as_str().to_string(),
                format!("{}/webhooks/{}/{}", s.app.base_url, shop.slug, src.as_str()),
            )
        })
        .collect();
    ShopView {
        lookup_url: format!("{}/track?shop={}", s.app.base_url, shop.slug),
        branding: BrandingView {
            logo_url: b
                .logo_type
                .as_ref()
                .map(|_| format!("{}/s/{}/logo?v={}", s.app.base_url, shop.slug, b.updated_at)),
            brand_color: b.brand_color,
            support_email: b.support_email,
            support_phone: b.support_phone,
            website_url: b.website_url,
        },
        inbound_webhook_urls,
        estimate_days: [shop.estimate_days.0, shop.estimate_days.1],
        id: shop.id,
        slug: shop.slug,
        name: shop.name,
        default_locale: shop.default_locale,
        time_zone: shop.time_zone,
        outbound_webhook_url: shop.outbound_webhook_url,
        created_at: to_rfc3339(shop.created_at),
    }
}

/// The shop the API key belongs to.
#[utoipa::path(get, path = "/api/v1/shop", tag = "shop", responses((status = 200, body = ShopView)), security(("api_key" = [])))]
pub async fn get_shop(State(s): State<AppState>, auth: ShopAuth) -> ApiResult<Json<ShopView>> {
    let id = auth.shop_id.clone();
    let (shop, branding) = s
        .app
        .db
        .read_async(move |c| Ok::<_, AppError>((shops::get(c, &id)?, shops::branding(c, &id)?)))
        .await?;
    let shop = shop.ok_or_else(|| Problem::not_found("shop"))?;
    Ok(Json(shop_view(&s, shop, branding.unwrap_or_default())))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShopPatch {
    /// An https (or, for local testing, http) URL; `null` turns outbound webhooks off.
    #[serde(default, with = "serde_with_none")]
    #[schema(value_type = Option<String>)]
    pub outbound_webhook_url: Option<Option<String>>,
    /// The delivery promise when history and carrier are silent, in business days: `[min, max]`.
    #[schema(value_type = Option<Vec<i64>>, example = json!([2, 4]))]
    pub estimate_days: Option<[i64; 2]>,
    /// Colours and contact details for buyer pages; each field present changes, `null` clears.
    pub branding: Option<BrandingPatch>,
    /// The logo as a `data:image/png;base64,…` URL (PNG, JPEG, WebP or SVG, at most 256 KiB);
    /// `null` removes it.
    #[serde(default, with = "serde_with_none")]
    #[schema(value_type = Option<String>)]
    pub logo: Option<Option<String>>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BrandingPatch {
    /// `#rrggbb`.
    #[serde(default, with = "serde_with_none")]
    #[schema(value_type = Option<String>, example = "#0f766e")]
    pub brand_color: Option<Option<String>>,
    #[serde(default, with = "serde_with_none")]
    #[schema(value_type = Option<String>)]
    pub support_email: Option<Option<String>>,
    #[serde(default, with = "serde_with_none")]
    #[schema(value_type = Option<String>)]
    pub support_phone: Option<Option<String>>,
    #[serde(default, with = "serde_with_none")]
    #[schema(value_type = Option<String>)]
    pub website_url: Option<Option<String>>,
}

mod serde_with_none {
    use serde::{Deserialize, Deserializer};
    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<Option<String>>, D::Error> {
        Ok(Some(Option::<String>::deserialize(d)?))
    }
}

/// Change the shop's settings: the outbound webhook endpoint, the delivery promise, and how buyer
/// pages show the shop (colour, logo, contact details).
#[utoipa::path(patch, path = "/api/v1/shop", tag = "shop", request_body = ShopPatch,
    responses((status = 200, body = ShopView), (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("api_key" = [])))]
pub async fn patch_shop(
    State(s): State<AppState>,
    auth: ShopAuth,
    ApiJson(p): ApiJson<ShopPatch>,
) -> ApiResult<Json<ShopView>> {
    if let Some([lo, hi]) = p.estimate_days {
        if !(0..=60).contains(&lo) || !(lo..=60).contains(&hi) {
            let mut e = FieldErrors::default();
            e.push(
                "estimate_days",
                "out_of_range",
                "must be [min, max] business days with 0 ≤ min ≤ max ≤ 60",
            );
            return Err(AppError::Validation(e).into());
        }
        let id = auth.shop_id.clone();
        s.app
            .db
            .write_async(move |c| shops::set_estimate_days(c, &id, lo, hi, now_millis()))
            .await
            .map_err(AppError::from)?;
        s.secrets.clear();
    }
    if let Some(url) = p.outbound_webhook_url {
        if let Some(u) = &url
            && (!(u.starts_with("https://") || u.starts_with("http://"))
                || u.len() > 2048
                || u.chars().any(char::is_whitespace))
        {
            let mut e = FieldErrors::default();
            e.push(
                "outbound_webhook_url",
                "invalid_url",
                "must be an http(s) URL",
            );
            return Err(AppError::Validation(e).into());
        }
        let id = auth.shop_id.clone();
        s.app
            .db
            .write_async(move |c| {
                shops::set_outbound_webhook_url(c, &id, url.as_deref(), now_millis())
            })
            .await
            .map_err(AppError::from)?;
        s.secrets.clear();
    }
    if p.branding.is_some() || p.logo.is_some() {
        let b = p.branding.unwrap_or(BrandingPatch {
            brand_color: None,
            support_email: None,
            support_phone: None,
            website_url: None,
        });
        let change = aftercare_app::accounts::BrandingChange {
            brand_color: b.brand_color,
            support_email: b.support_email,
            support_phone: b.support_phone,
            website_url: b.website_url,
            logo: p.logo,
        };
        let (db, id) = (s.app.db.clone(), auth.shop_id.clone());
        tokio::task::spawn_blocking(move || {
            aftercare_app::accounts::update_branding(&db, &id, &change)
        })
        .await
        .map_err(|_| Problem::internal())??;
    }
    get_shop(State(s), auth).await
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct JobQuery {
    /// `queued`, `running`, `done` or `dead`.
    pub state: Option<String>,
    /// 1–500, default 100.
    pub limit: Option<i64>,
}

/// The shop's background jobs (outbound webhooks and more), newest first.
#[utoipa::path(get, path = "/api/v1/jobs", tag = "jobs", params(JobQuery),
    responses((status = 200, body = Vec<JobInfo>), (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("api_key" = [])))]
pub async fn list_jobs(
    State(s): State<AppState>,
    auth: ShopAuth,
    ApiQuery(q): ApiQuery<JobQuery>,
) -> ApiResult<Json<Vec<JobInfo>>> {
    let mut e = FieldErrors::default();
    let state = match q.state.as_deref() {
        Some(st) => {
            let v = JobState::parse(st);
            if v.is_none() {
                e.push(
                    "state",
                    "invalid_state",
                    "must be queued, running, done or dead",
                );
            }
            v
        }
        None => None,
    };
    let limit = q.limit.unwrap_or(100);
    if !(1..=500).contains(&limit) {
        e.push("limit", "out_of_range", "must be between 1 and 500");
    }
    e.into_result().map_err(AppError::from)?;
    let shop = auth.shop_id;
    Ok(Json(
        s.app
            .db
            .read_async(move |c| queue::list(c, Some(&shop), state, limit))
            .await
            .map_err(AppError::from)?,
    ))
}

/// Put a dead job back in the queue with a fresh set of attempts.
#[utoipa::path(post, path = "/api/v1/jobs/{job_id}/retry", tag = "jobs",
    params(("job_id" = String, Path)),
    responses((status = 200, body = JobInfo), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 409, description = "The job is not dead", body = Problem, content_type = "application/problem+json")),
    security(("api_key" = [])))]
pub async fn retry_job(
    State(s): State<AppState>,
    auth: ShopAuth,
    Path(job_id): Path<String>,
) -> ApiResult<Json<JobInfo>> {
    let shop = auth.shop_id;
    let info = s
        .app
        .db
        .write_async(move |c| {
            let job = queue::get(c, &job_id)?
                .filter(|j| j.shop_id.as_deref() == Some(shop.as_str()))
                .ok_or(AppError::NotFound("job"))?;
            if !queue::retry_dead(c, Some(&shop), &job.id, now_millis())? {
                return Err(AppError::Conflict(format!(
                    "job is {}, only dead jobs can be retried",
                    job.state
                )));
            }
            queue::get(c, &job.id)?.ok_or(AppError::NotFound("job"))
        })
        .await?;
    s.app.jobs_enqueued();
    Ok(Json(info))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookSecretView {
    pub id: String,
    /// `native`, `shopify`, `woocommerce` or `aftership`.
    pub source: String,
    pub created_at: String,
    /// Only in the answer that created it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WebhookSecretInput {
    #[schema(value_type = String, example = "shopify")]
    pub source: String,
    /// The secret the platform generated (Shopify, WooCommerce, AfterShip). Omit for `native`
    /// to have aftercare generate one.
    pub value: Option<String>,
}

/// List the shop's active inbound-webhook secrets (values are not shown again).
#[utoipa::path(get, path = "/api/v1/webhook-secrets", tag = "shop", responses((status = 200, body = Vec<WebhookSecretView>)), security(("api_key" = [])))]
pub async fn list_webhook_secrets(
    State(s): State<AppState>,
    auth: ShopAuth,
) -> ApiResult<Json<Vec<WebhookSecretView>>> {
    let shop = auth.shop_id;
    let rows = s
        .app
        .db
        .read_async(move |c| {
            let mut out = Vec::new();
            for src in WebhookSource::ALL {
                out.extend(keys::active_webhook_secrets(c, &shop, src.as_str())?);
            }
            Ok::<_, AppError>(out)
        })
        .await?;
    Ok(Json(
        rows.into_iter()
            .map(|r| WebhookSecretView {
                id: r.id,
                source: r.source,
                created_at: to_rfc3339(r.created_at),
                secret: None,
            })
            .collect(),
    ))
}

/// Add a webhook secret. Several may be active per source, so a rotation has no gap: add the
/// new one, switch the platform over, then revoke the old one.
#[utoipa::path(post, path = "/api/v1/webhook-secrets", tag = "shop", request_body = WebhookSecretInput,
    responses((status = 201, body = WebhookSecretView), (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("api_key" = [])))]
pub async fn add_webhook_secret(
    State(s): State<AppState>,
    auth: ShopAuth,
    ApiJson(input): ApiJson<WebhookSecretInput>,
) -> ApiResult<Response> {
    let mut e = FieldErrors::default();
    let source = WebhookSource::parse(&input.source);
    if source.is_none() {
        e.push(
            "source",
            "invalid_source",
            "must be native, shopify, woocommerce or aftership",
        );
    }
    let value = match (source, input.value.as_deref().map(str::trim)) {
        (_, Some(v)) if v.len() >= 8 && v.len() <= 512 => Some(v.to_string()),
        (_, Some(_)) => {
            e.push("value", "invalid_secret", "must be 8 to 512 characters");
            None
        }
        (Some(WebhookSource::Native), None) => Some(accounts::new_webhook_secret()),
        (_, None) => {
            e.push("value", "required", "paste the secret the platform shows");
            None
        }
    };
    e.into_result().map_err(AppError::from)?;
    let (source, value) = (
        source.unwrap_or(WebhookSource::Native),
        value.unwrap_or_default(),
    );
    let shop = auth.shop_id;
    let v2 = value.clone();
    let id = s
        .app
        .db
        .write_async(move |c| accounts::insert_webhook_secret(c, &shop, source, &v2))
        .await
        .map_err(AppError::from)?;
    s.secrets.clear();
    let view = WebhookSecretView {
        id,
        source: source.as_str().into(),
        created_at: to_rfc3339(now_millis()),
        secret: Some(value),
    };
    Ok((StatusCode::CREATED, Json(view)).into_response())
}

/// Revoke a webhook secret.
#[utoipa::path(delete, path = "/api/v1/webhook-secrets/{secret_id}", tag = "shop", params(("secret_id" = String, Path)),
    responses((status = 204), (status = 404, body = Problem, content_type = "application/problem+json")), security(("api_key" = [])))]
pub async fn revoke_webhook_secret(
    State(s): State<AppState>,
    auth: ShopAuth,
    Path(secret_id): Path<String>,
) -> ApiResult<StatusCode> {
    let shop = auth.shop_id;
    let done = s
        .app
        .db
        .write_async(move |c| keys::revoke_webhook_secret(c, &shop, &secret_id, now_millis()))
        .await
        .map_err(AppError::from)?;
    s.secrets.clear();
    if done {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(Problem::not_found("webhook secret"))
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InboundQuery {
    /// `received`, `processed`, `ignored` or `failed`.
    pub state: Option<String>,
    /// 1–500, default 100.
    pub limit: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InboundEventView {
    pub id: String,
    /// `shopify`, `woocommerce`, `aftership` or `native`.
    pub source: String,
    pub topic: String,
    pub delivery_id: String,
    /// `received`, `processed`, `ignored` or `failed`.
    pub state: String,
    /// Why it was ignored or could not be applied.
    pub error: Option<String>,
    pub received_at: String,
    /// The headers that matter for processing it again.
    pub meta: serde_json::Value,
    /// The raw body, exactly as received (only on the single-event endpoint).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payload: Option<String>,
}

fn inbound_view(
    e: aftercare_store::repo::inbound::InboundEvent,
    with_payload: bool,
) -> InboundEventView {
    InboundEventView {
        id: e.id,
        source: e.source,
        topic: e.topic,
        delivery_id: e.delivery_id,
        state: e.state,
        error: e.error,
        received_at: to_rfc3339(e.received_at),
        meta: serde_json::from_str(&e.meta).unwrap_or_default(),
        payload: with_payload.then_some(e.payload),
    }
}

/// The shop's inbound webhook deliveries, newest first: for debugging an integration.
#[utoipa::path(get, path = "/api/v1/inbound-events", tag = "webhooks", params(InboundQuery),
    responses((status = 200, body = Vec<InboundEventView>), (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("api_key" = [])))]
pub async fn list_inbound_events(
    State(s): State<AppState>,
    auth: ShopAuth,
    ApiQuery(q): ApiQuery<InboundQuery>,
) -> ApiResult<Json<Vec<InboundEventView>>> {
    let mut e = FieldErrors::default();
    if let Some(st) = &q.state
        && !matches!(st.as_str(), "received" | "processed" | "ignored" | "failed")
    {
        e.push(
            "state",
            "invalid_state",
            "must be received, processed, ignored or failed",
        );
    }
    let limit = q.limit.unwrap_or(100);
    if !(1..=500).contains(&limit) {
        e.push("limit", "out_of_range", "must be between 1 and 500");
    }
    e.into_result().map_err(AppError::from)?;
    let shop = auth.shop_id;
    let rows = s
        .app
        .db
        .read_async(move |c| {
            aftercare_store::repo::inbound::list(c, &shop, q.state.as_deref(), limit)
        })
        .await
        .map_err(AppError::from)?;
    Ok(Json(
        rows.into_iter().map(|r| inbound_view(r, false)).collect(),
    ))
}

/// One inbound delivery with its raw body.
#[utoipa::path(get, path = "/api/v1/inbound-events/{event_id}", tag = "webhooks", params(("event_id" = String, Path)),
    responses((status = 200, body = InboundEventView), (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("api_key" = [])))]
pub async fn get_inbound_event(
    State(s): State<AppState>,
    auth: ShopAuth,
    Path(event_id): Path<String>,
) -> ApiResult<Json<InboundEventView>> {
    let shop = auth.shop_id;
    let row = s
        .app
        .db
        .read_async(move |c| aftercare_store::repo::inbound::get(c, &shop, &event_id))
        .await
        .map_err(AppError::from)?;
    row.map(|r| Json(inbound_view(r, true)))
        .ok_or_else(|| Problem::not_found("inbound event"))
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CarrierSettings {
    /// How long a locker or pickup parcel of this carrier waits for the buyer, when the carrier
    /// does not say: hours after it became available for pickup.
    pub collect_by_hours: i64,
}

/// Set a carrier's defaults for this shop.
#[utoipa::path(put, path = "/api/v1/carriers/{carrier}", tag = "shop", params(("carrier" = String, Path, description = "Carrier slug, e.g. inpost")),
    request_body = CarrierSettings,
    responses((status = 200, body = CarrierSettings), (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("api_key" = [])))]
pub async fn put_carrier(
    State(s): State<AppState>,
    auth: ShopAuth,
    Path(carrier): Path<String>,
    ApiJson(body): ApiJson<CarrierSettings>,
) -> ApiResult<Json<CarrierSettings>> {
    if !(1..=24 * 60).contains(&body.collect_by_hours) {
        let mut e = FieldErrors::default();
        e.push(
            "collect_by_hours",
            "out_of_range",
            "must be between 1 and 1440 hours",
        );
        return Err(AppError::Validation(e).into());
    }
    let carrier = aftercare_domain::sources::carrier_slug(&carrier);
    let (shop, hours) = (auth.shop_id, body.collect_by_hours);
    s.app
        .db
        .write_async(move |c| {
            c.execute(
                "INSERT INTO carrier_settings (shop_id, carrier, collect_by_hours) VALUES ($1, $2, $3) \
                 ON CONFLICT (shop_id, carrier) DO UPDATE SET collect_by_hours = excluded.collect_by_hours",
                aftercare_store::params![&shop, &carrier, hours],
            )
        })
        .await
        .map_err(AppError::from)?;
    Ok(Json(body))
}

/// One message to a buyer: what it is, where it stands, and (for one message) what it says.
#[derive(Debug, Serialize, ToSchema)]
pub struct MessageView {
    pub id: String,
    pub order_id: Option<String>,
    pub shipment_id: Option<String>,
    /// The milestone: `order_confirmation`, `shipped`, `out_for_delivery`, `ready_for_pickup`,
    /// `delivered`, `picked_up`, `attempt_fail`, `exception`, `returning`, `cancelled`, `preparing`.
    pub kind: String,
    /// `transactional` or `marketing`.
    pub purpose: String,
    /// `email` or `sms`.
    pub channel: String,
    pub locale: String,
    pub recipient: String,
    pub subject: String,
    /// `queued`, `sending`, `sent`, `mailbox` (kept in the development mailbox: no SMTP is
    /// configured), `failed`, `unknown` (the connection dropped after the message was handed
    /// over; not resent blindly), `skipped` (superseded, or no address).
    pub state: String,
    pub error: Option<String>,
    pub attempts: i64,
    /// The RFC 5322 Message-ID; a resend after a crash carries the same one.
    pub message_id: String,
    /// SMS: the provider's id of the message.
    pub provider_id: Option<String>,
    /// SMS: how many segments the text takes (GSM-7: 160 characters, 153 per part; with any other
    /// character UCS-2: 70, 67 per part).
    pub segments: Option<i64>,
    pub created_at: String,
    pub sent_at: Option<String>,
    /// Every state the message went through, oldest first.
    pub history: Vec<MessageEventView>,
    /// The plain-text part (one message only).
    pub body_text: Option<String>,
    /// The HTML part, as the recipient sees it (one message only).
    pub body_html: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MessageEventView {
    pub state: String,
    pub detail: Option<String>,
    pub at: String,
}

fn message_view(
    m: aftercare_store::repo::messages::Message,
    history: Vec<(String, Option<String>, i64)>,
    bodies: bool,
) -> MessageView {
    MessageView {
        history: history
            .into_iter()
            .map(|(state, detail, at)| MessageEventView {
                state,
                detail,
                at: to_rfc3339(at),
            })
            .collect(),
        body_text: bodies.then(|| m.body_text.clone()),
        body_html: if bodies { m.body_html.clone() } else { None },
        id: m.id,
        order_id: m.order_id,
        shipment_id: m.shipment_id,
        kind: m.kind,
        purpose: m.purpose,
        channel: m.channel,
        locale: m.locale,
        recipient: m.recipient,
        subject: m.subject,
        state: m.state,
        error: m.error,
        attempts: m.attempts,
        message_id: m.message_id,
        provider_id: m.provider_id,
        segments: m.segments,
        created_at: to_rfc3339(m.created_at),
        sent_at: m.sent_at.map(to_rfc3339),
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MessageQuery {
    /// 1–200, default 50.
    pub limit: Option<i64>,
}

/// The shop's newest messages to buyers: the development mailbox when no SMTP server is
/// configured, the message log otherwise.
#[utoipa::path(get, path = "/api/v1/messages", tag = "messages", params(MessageQuery),
    responses((status = 200, body = Vec<MessageView>), (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("api_key" = [])))]
pub async fn list_messages(
    State(s): State<AppState>,
    auth: ShopAuth,
    ApiQuery(q): ApiQuery<MessageQuery>,
) -> ApiResult<Json<Vec<MessageView>>> {
    let limit = q.limit.unwrap_or(50);
    if !(1..=200).contains(&limit) {
        let mut e = FieldErrors::default();
        e.push("limit", "out_of_range", "must be 1 to 200");
        return Err(AppError::Validation(e).into());
    }
    let rows = aftercare_app::notify::recent(&s.app, &auth.shop_id, limit).await?;
    Ok(Json(
        rows.into_iter()
            .map(|m| message_view(m, Vec::new(), false))
            .collect(),
    ))
}

/// One message as the buyer sees it (subject, text and HTML) with its history.
#[utoipa::path(get, path = "/api/v1/messages/{message_id}", tag = "messages", params(("message_id" = String, Path)),
    responses((status = 200, body = MessageView), (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("api_key" = [])))]
pub async fn get_message(
    State(s): State<AppState>,
    auth: ShopAuth,
    Path(message_id): Path<String>,
) -> ApiResult<Json<MessageView>> {
    let shop = auth.shop_id;
    let found = s
        .app
        .db
        .read_async(move |c| {
            let Some(m) = aftercare_store::repo::messages::get(c, &shop, &message_id)? else {
                return Ok::<_, AppError>(None);
            };
            let h = aftercare_store::repo::messages::history(c, &m.id)?;
            Ok(Some((m, h)))
        })
        .await?;
    found
        .map(|(m, h)| Json(message_view(m, h, true)))
        .ok_or_else(|| Problem::not_found("message"))
}

/// What the buyer of an order was told: every message with its history.
#[utoipa::path(get, path = "/api/v1/orders/{external_id}/messages", tag = "messages", params(("external_id" = String, Path)),
    responses((status = 200, body = Vec<MessageView>), (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("api_key" = [])))]
pub async fn order_messages(
    State(s): State<AppState>,
    auth: ShopAuth,
    Path(external_id): Path<String>,
) -> ApiResult<Json<Vec<MessageView>>> {
    let shop = auth.shop_id;
    let found = s
        .app
        .db
        .read_async(move |c| {
            let Some(o) =
                aftercare_store::repo::orders::by_external_id(c, &shop, &external_id, false)?
            else {
                return Ok::<_, AppError>(None);
            };
            let mut out = Vec::new();
            for m in aftercare_store::repo::messages::for_order(c, &shop, &o.id)? {
                let h = aftercare_store::repo::messages::history(c, &m.id)?;
                out.push((m, h));
            }
            Ok(Some(out))
        })
        .await?;
    let rows = found.ok_or_else(|| Problem::not_found("order"))?;
    Ok(Json(
        rows.into_iter()
            .map(|(m, h)| message_view(m, h, false))
            .collect(),
    ))
}

/// Whether the shop sends a kind of message.
#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationSetting {
    /// The milestone, e.g. `shipped`.
    pub kind: String,
    /// `transactional` (needs no marketing consent) or `marketing`.
    pub purpose: String,
    /// Sent by email (on unless the shop turned it off).
    pub email: bool,
    /// Sent by SMS (off until the shop turns it on; needs an SMS provider). Absent for kinds SMS
    /// does not carry.
    pub sms: Option<bool>,
    /// Whether its SMS may go out during quiet hours (21:00–08:00 in the buyer's time zone; off:
    /// it waits for 08:00). Absent where it cannot be chosen: marketing always waits.
    pub sms_at_night: Option<bool>,
}

/// The milestone messages the shop sends (all on by default).
#[utoipa::path(get, path = "/api/v1/notifications", tag = "messages",
    responses((status = 200, body = Vec<NotificationSetting>)), security(("api_key" = [])))]
pub async fn get_notifications(
    State(s): State<AppState>,
    auth: ShopAuth,
) -> ApiResult<Json<Vec<NotificationSetting>>> {
    let rows = aftercare_app::notify::settings(&s.app, &auth.shop_id).await?;
    Ok(Json(
        rows.into_iter()
            .map(|k| NotificationSetting {
                kind: k.kind.into(),
                purpose: aftercare_app::notify::purpose(k.kind).into(),
                email: k.email,
                sms: k.sms,
                sms_at_night: k.sms_at_night,
            })
            .collect(),
    ))
}

/// Turn messages on or off: `{"preparing": {"email": false}, "out_for_delivery": {"sms": true, "sms_at_night": true}}`.
#[utoipa::path(patch, path = "/api/v1/notifications", tag = "messages",
    request_body(content = serde_json::Value, description = "kind → {\"email\": bool}", example = json!({"preparing": {"email": false}})),
    responses((status = 200, body = Vec<NotificationSetting>), (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("api_key" = [])))]
pub async fn patch_notifications(
    State(s): State<AppState>,
    auth: ShopAuth,
    ApiJson(body): ApiJson<std::collections::BTreeMap<String, ChannelSwitch>>,
) -> ApiResult<Json<Vec<NotificationSetting>>> {
    let changes = body
        .into_iter()
        .flat_map(|(k, v)| {
            [
                ("email", v.email),
                ("sms", v.sms),
                ("sms_at_night", v.sms_at_night),
            ]
            .into_iter()
            .filter_map(move |(ch, on)| on.map(|on| (k.clone(), ch, on)))
        })
        .collect();
    aftercare_app::notify::set_settings(&s.app, &auth.shop_id, changes).await?;
    get_notifications(State(s), auth).await
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChannelSwitch {
    pub email: Option<bool>,
    pub sms: Option<bool>,
    pub sms_at_night: Option<bool>,
}

/// An address aftercare does not write to.
#[derive(Debug, Serialize, ToSchema)]
pub struct SuppressionView {
    pub address: String,
    /// `hard_bounce` (stops every message), `complaint` or `unsubscribe` (stop marketing
    /// messages).
    pub reason: String,
    pub detail: Option<String>,
    pub created_at: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SuppressionInput {
    pub address: String,
    /// `hard_bounce`, `complaint` or `unsubscribe`.
    pub reason: String,
    pub detail: Option<String>,
}

/// The shop's suppression list, newest first.
#[utoipa::path(get, path = "/api/v1/suppressions", tag = "messages",
    responses((status = 200, body = Vec<SuppressionView>)), security(("api_key" = [])))]
pub async fn list_suppressions(
    State(s): State<AppState>,
    auth: ShopAuth,
) -> ApiResult<Json<Vec<SuppressionView>>> {
    let shop = auth.shop_id;
    let rows = s
        .app
        .db
        .read_async(move |c| aftercare_store::repo::messages::suppressions(c, &shop, 1000))
        .await
        .map_err(AppError::from)?;
    Ok(Json(
        rows.into_iter()
            .map(|(address, reason, detail, at)| SuppressionView {
                address,
                reason,
                detail,
                created_at: to_rfc3339(at),
            })
            .collect(),
    ))
}

/// Suppress an address: a bounce or complaint your mail provider reported (its feedback webhook
/// can call this), or an unsubscribe taken elsewhere.
#[utoipa::path(post, path = "/api/v1/suppressions", tag = "messages", request_body = SuppressionInput,
    responses((status = 204, description = "Suppressed"), (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("api_key" = [])))]
pub async fn add_suppression(
    State(s): State<AppState>,
    auth: ShopAuth,
    ApiJson(input): ApiJson<SuppressionInput>,
) -> ApiResult<axum::http::StatusCode> {
    let mut e = FieldErrors::default();
    let address = match aftercare_domain::Email::parse(input.address.trim()) {
        Ok(a) => a.as_str().to_string(),
        Err(m) => {
            e.push("address", "invalid_email", m);
            String::new()
        }
    };
    if !matches!(
        input.reason.as_str(),
        "hard_bounce" | "complaint" | "unsubscribe"
    ) {
        e.push(
            "reason",
            "invalid_reason",
            "must be hard_bounce, complaint or unsubscribe",
        );
    }
    if !e.0.is_empty() {
        return Err(AppError::Validation(e).into());
    }
    let shop = auth.shop_id;
    s.app
        .db
        .write_async(move |c| {
            aftercare_store::repo::messages::suppress(
                c,
                &shop,
                &address,
                &input.reason,
                input.detail.as_deref(),
                now_millis(),
            )
        })
        .await
        .map_err(AppError::from)?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

/// Take an address off the suppression list.
#[utoipa::path(delete, path = "/api/v1/suppressions/{address}", tag = "messages", params(("address" = String, Path)),
    responses((status = 204, description = "Removed"), (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("api_key" = [])))]
pub async fn remove_suppression(
    State(s): State<AppState>,
    auth: ShopAuth,
    Path(address): Path<String>,
) -> ApiResult<axum::http::StatusCode> {
    let shop = auth.shop_id;
    let removed = s
        .app
        .db
        .write_async(move |c| aftercare_store::repo::messages::unsuppress(c, &shop, &address))
        .await
        .map_err(AppError::from)?;
    if removed {
        Ok(axum::http::StatusCode::NO_CONTENT)
    } else {
        Err(Problem::not_found("suppressed address"))
    }
}

/// A grant or withdrawal of marketing consent, as the buyer gave it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConsentInput {
    /// `email` or `sms`.
    pub channel: String,
    /// The email address, or the phone number in E.164 form.
    pub address: String,
    /// `true`: agreed to marketing messages; `false`: withdrew.
    pub granted: bool,
    /// Where it was given: `checkout`, `form`, `import`, `api`, `admin`, `unsubscribe_link`,
    /// `one_click` or `complaint`.
    pub source: String,
    /// The words the buyer agreed to, exactly as they were shown.
    pub wording: Option<String>,
    /// The buyer's IP address and browser when they agreed, if known.
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    /// When the buyer agreed or withdrew (RFC 3339); now when absent.
    pub recorded_at: Option<String>,
}

/// One record of consent (the newest record of an address is its state).
#[derive(Debug, Serialize, ToSchema)]
pub struct ConsentView {
    pub id: String,
    pub channel: String,
    pub address: String,
    pub granted: bool,
    pub source: String,
    pub wording: Option<String>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    /// The message whose unsubscribe link withdrew it.
    pub message_id: Option<String>,
    pub recorded_at: String,
    pub created_at: String,
}

fn consent_view(k: aftercare_app::consent::Consent) -> ConsentView {
    ConsentView {
        id: k.id,
        channel: k.channel,
        address: k.address,
        granted: k.granted,
        source: k.source,
        wording: k.wording,
        ip: k.ip,
        user_agent: k.user_agent,
        message_id: k.message_id,
        recorded_at: to_rfc3339(k.recorded_at),
        created_at: to_rfc3339(k.created_at),
    }
}

/// Record that a buyer agreed to marketing messages (or withdrew). Marketing messages (such as
/// review requests) go only to addresses whose newest record is a grant. Records are never
/// changed or deleted: they are the proof.
#[utoipa::path(post, path = "/api/v1/consents", tag = "messages", request_body = ConsentInput,
    responses((status = 201, body = ConsentView), (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("api_key" = [])))]
pub async fn add_consent(
    State(s): State<AppState>,
    auth: ShopAuth,
    ApiJson(input): ApiJson<ConsentInput>,
) -> ApiResult<(axum::http::StatusCode, Json<ConsentView>)> {
    let recorded_at = match input.recorded_at.as_deref() {
        None => None,
        Some(t) => match t.parse::<jiff::Timestamp>() {
            Ok(t) => Some(t.as_millisecond()),
            Err(_) => {
                let mut e = FieldErrors::default();
                e.push("recorded_at", "invalid_time", "an RFC 3339 time");
                return Err(AppError::Validation(e).into());
            }
        },
    };
    let k = aftercare_app::consent::record(
        &s.app,
        &auth.shop_id,
        aftercare_app::consent::NewConsent {
            channel: input.channel,
            address: input.address,
            granted: input.granted,
            source: input.source,
            wording: input.wording,
            ip: input.ip,
            user_agent: input.user_agent,
            recorded_at,
        },
    )
    .await?;
    Ok((axum::http::StatusCode::CREATED, Json(consent_view(k))))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ConsentQuery {
    /// The email address or phone number.
    pub address: String,
}

/// Every consent record of an address, newest first.
#[utoipa::path(get, path = "/api/v1/consents", tag = "messages", params(ConsentQuery),
    responses((status = 200, body = Vec<ConsentView>)), security(("api_key" = [])))]
pub async fn list_consents(
    State(s): State<AppState>,
    auth: ShopAuth,
    ApiQuery(q): ApiQuery<ConsentQuery>,
) -> ApiResult<Json<Vec<ConsentView>>> {
    let rows = aftercare_app::consent::history(&s.app, &auth.shop_id, &q.address).await?;
    Ok(Json(rows.into_iter().map(consent_view).collect()))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PreviewQuery {
    /// The milestone, e.g. `shipped`.
    pub kind: String,
    /// `en`, `hu`, `fi`, `pl` or `tr`; default: the shop's.
    pub locale: Option<String>,
    /// A real order of the shop (its external id) instead of sample data.
    pub order: Option<String>,
}

/// A rendered message, not sent.
#[derive(Debug, Serialize, ToSchema)]
pub struct MessagePreview {
    pub subject: String,
    pub body_text: String,
    pub body_html: String,
}

/// Render a milestone message as it would go out, with sample data or a real order; nothing is sent.
#[utoipa::path(get, path = "/api/v1/messages/preview", tag = "messages", params(PreviewQuery),
    responses((status = 200, body = MessagePreview), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("api_key" = [])))]
pub async fn preview_message(
    State(s): State<AppState>,
    auth: ShopAuth,
    ApiQuery(q): ApiQuery<PreviewQuery>,
) -> ApiResult<Json<MessagePreview>> {
    let lang = match q.locale.as_deref() {
        Some(l) => aftercare_app::i18n::Lang::parse(l).ok_or_else(|| {
            let mut e = FieldErrors::default();
            e.push("locale", "unsupported_locale", "one of en, hu, fi, pl, tr");
            Problem::from(AppError::Validation(e))
        })?,
        None => {
            let id = auth.shop_id.clone();
            let shop = s
                .app
                .db
                .read_async(move |c| shops::get(c, &id))
                .await
                .map_err(AppError::from)?;
            shop.and_then(|s| aftercare_app::i18n::Lang::parse(&s.default_locale))
                .unwrap_or(aftercare_app::i18n::Lang::En)
        }
    };
    let (subject, body_text, body_html) =
        aftercare_app::notify::preview(&s.app, &auth.shop_id, &q.kind, lang, q.order.as_deref())
            .await?;
    Ok(Json(MessagePreview {
        subject,
        body_text,
        body_html,
    }))
}

/// A shop's own email template for one kind and language, in a sandboxed template language
/// (Jinja-like: `{{ first_name }}`, `{% for item in items %}…{% endfor %}`). Variables: `shop`,
/// `first_name`, `order_number`, `tracking_url`, `carrier`, `tracking_number`, `place`, `code`,
/// `deadline`, `expected`, `items` (each with `name` and `quantity`). What is inserted into the HTML
/// part is escaped.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TemplateInput {
    pub subject: String,
    pub body_text: String,
    /// Without it, the text part is shown as HTML too.
    pub body_html: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TemplateView {
    pub kind: String,
    pub locale: String,
    /// `shop` (the shop's own) or `default` (aftercare's, from its locale files).
    pub source: String,
    /// The shop's template; absent while the default applies.
    pub template: Option<TemplateInput>,
    pub variables: Vec<String>,
}

fn template_key(kind: &str, locale: &str) -> Result<(String, String), Problem> {
    let mut e = FieldErrors::default();
    if !aftercare_app::notify::KINDS.contains(&kind) {
        e.push(
            "kind",
            "unknown_kind",
            format!("one of {}", aftercare_app::notify::KINDS.join(", ")),
        );
    }
    let lang = aftercare_app::i18n::Lang::parse(locale).filter(|l| l.code() == locale);
    if lang.is_none() {
        e.push("locale", "unsupported_locale", "one of en, hu, fi, pl, tr");
    }
    if !e.0.is_empty() {
        return Err(AppError::Validation(e).into());
    }
    Ok((kind.to_string(), locale.to_string()))
}

/// The template of a kind in a language: the shop's, or whether the default applies.
#[utoipa::path(get, path = "/api/v1/templates/{kind}/{locale}", tag = "messages",
    params(("kind" = String, Path), ("locale" = String, Path)),
    responses((status = 200, body = TemplateView), (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("api_key" = [])))]
pub async fn get_template(
    State(s): State<AppState>,
    auth: ShopAuth,
    Path((kind, locale)): Path<(String, String)>,
) -> ApiResult<Json<TemplateView>> {
    let (kind, locale) = template_key(&kind, &locale)?;
    let (shop, k, l) = (auth.shop_id, kind.clone(), locale.clone());
    let t = s
        .app
        .db
        .read_async(move |c| aftercare_store::repo::messages::template(c, &shop, &k, &l, "email"))
        .await
        .map_err(AppError::from)?;
    Ok(Json(TemplateView {
        source: if t.is_some() { "shop" } else { "default" }.into(),
        template: t.map(|t| TemplateInput {
            subject: t.subject,
            body_text: t.body_text,
            body_html: t.body_html,
        }),
        variables: aftercare_app::notify::TEMPLATE_VARIABLES
            .iter()
            .map(|v| v.to_string())
            .collect(),
        kind,
        locale,
    }))
}

/// Save the shop's own template. It is rendered with sample data in every language first; a
/// template that does not compile or render is refused with the part, line and reason.
#[utoipa::path(put, path = "/api/v1/templates/{kind}/{locale}", tag = "messages",
    params(("kind" = String, Path), ("locale" = String, Path)), request_body = TemplateInput,
    responses((status = 200, body = TemplateView), (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("api_key" = [])))]
pub async fn put_template(
    State(s): State<AppState>,
    auth: ShopAuth,
    Path((kind, locale)): Path<(String, String)>,
    ApiJson(input): ApiJson<TemplateInput>,
) -> ApiResult<Json<TemplateView>> {
    let (kind, locale) = template_key(&kind, &locale)?;
    let t =
        aftercare_app::notify::validate_template(input.subject, input.body_text, input.body_html)
            .map_err(AppError::Validation)?;
    let (shop, k, l) = (auth.shop_id.clone(), kind.clone(), locale.clone());
    s.app
        .db
        .write_async(move |c| {
            aftercare_store::repo::messages::put_template(c, &shop, &k, &l, "email", &t)
        })
        .await
        .map_err(AppError::from)?;
    get_template(State(s), auth, Path((kind, locale))).await
}

/// Back to aftercare's default for this kind and language.
#[utoipa::path(delete, path = "/api/v1/templates/{kind}/{locale}", tag = "messages",
    params(("kind" = String, Path), ("locale" = String, Path)),
    responses((status = 204, description = "The default applies again"), (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("api_key" = [])))]
pub async fn delete_template(
    State(s): State<AppState>,
    auth: ShopAuth,
    Path((kind, locale)): Path<(String, String)>,
) -> ApiResult<axum::http::StatusCode> {
    let (kind, locale) = template_key(&kind, &locale)?;
    let shop = auth.shop_id;
    s.app
        .db
        .write_async(move |c| {
            aftercare_store::repo::messages::delete_template(c, &shop, &kind, &locale, "email")
        })
        .await
        .map_err(AppError::from)?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}
