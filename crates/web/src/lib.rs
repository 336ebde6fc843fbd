//! HTTP for aftercare: the REST API v1 with its OpenAPI document, inbound webhooks, buyer pages
//! (the tracking page `/t/{token}` and the lookup form `/track`), and the operations endpoints.
//! Later: the admin UI.

// Handlers return `Problem` as their error: it is the response body, and boxing it buys nothing.
#![allow(clippy::result_large_err)]

pub mod admin;
pub mod api;
pub mod buyer;
pub mod docs;
pub mod extract;
pub mod html;
pub mod inbound;
pub mod metrics;
pub mod ops;
pub mod problem;

use aftercare_app::App;
use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use extract::RequestId;
use metrics::HttpMetrics;
use std::sync::Arc;
use std::time::Instant;
use tracing::Instrument;

#[derive(Clone)]
pub struct AppState {
    pub app: App,
    pub http_metrics: Arc<HttpMetrics>,
    pub secrets: Arc<inbound::SecretCache>,
    pub buyer: Arc<buyer::BuyerState>,
    /// Sign-in attempts per client address and per account.
    pub sign_in: Arc<admin::SignInLimits>,
    /// The admin home page's numbers per shop, a minute at a time.
    pub pulse: Arc<admin::PulseCache>,
}

#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Largest accepted API request body, bytes.
    pub body_limit: usize,
    /// Largest accepted inbound webhook body, bytes (platforms send large orders).
    pub webhook_body_limit: usize,
}

impl Default for WebConfig {
    fn default() -> Self {
        WebConfig {
            body_limit: 1024 * 1024,
            webhook_body_limit: 4 * 1024 * 1024,
        }
    }
}

pub fn router(app: App, config: &WebConfig) -> Router {
    let state = AppState {
        app,
        http_metrics: Arc::new(HttpMetrics::default()),
        secrets: Arc::default(),
        buyer: Arc::default(),
        sign_in: Arc::default(),
        pulse: Arc::default(),
    };
    let api = Router::new()
        .route("/orders", get(api::list_orders))
        .route(
            "/orders/{external_id}",
            put(api::upsert_order).get(api::get_order),
        )
        .route("/orders/{external_id}/shipments", post(api::add_shipment))
        .route("/orders/{external_id}/messages", get(api::order_messages))
        .route("/messages", get(api::list_messages))
        .route("/messages/preview", get(api::preview_message))
        .route(
            "/templates/{kind}/{locale}",
            get(api::get_template)
                .put(api::put_template)
                .delete(api::delete_template),
        )
        .route(
            "/suppressions",
            get(api::list_suppressions).post(api::add_suppression),
        )
        .route("/consents", get(api::list_consents).post(api::add_consent))
        .route(
            "/suppressions/{address}",
            axum::routing::delete(api::remove_suppression),
        )
        .route(
            "/notifications",
            get(api::get_notifications).patch(api::patch_notifications),
        )
        .route("/messages/{message_id}", get(api::get_message))
        .route(
            "/shipments/{shipment_id}/events",
            post(api::add_shipment_event),
        )
        .route("/customers/{customer}", get(api::get_customer))
        .route("/shop", get(api::get_shop).patch(api::patch_shop))
        .route("/jobs", get(api::list_jobs))
        .route("/jobs/{job_id}/retry", post(api::retry_job))
        .route(
            "/webhook-secrets",
            get(api::list_webhook_secrets).post(api::add_webhook_secret),
        )
        .route(
            "/webhook-secrets/{secret_id}",
            axum::routing::delete(api::revoke_webhook_secret),
        )
        .route("/carriers/{carrier}", put(api::put_carrier))
        .route("/inbound-events", get(api::list_inbound_events))
        .route("/inbound-events/{event_id}", get(api::get_inbound_event))
        .route("/openapi.json", get(docs::openapi_json))
        .route("/docs", get(docs::reference_page))
        .fallback(|| async { problem::Problem::not_found("API route") })
        .layer(DefaultBodyLimit::max(config.body_limit));
    let webhooks = Router::new()
        .route("/{shop}/{source}", post(inbound::receive))
        .route("/{shop}/{source}/verify", post(inbound::verify_only))
        .layer(DefaultBodyLimit::max(config.webhook_body_limit));
    Router::new()
        .nest("/api/v1", api)
        .nest("/webhooks", webhooks)
        .route("/healthz", get(ops::healthz))
        .route("/readyz", get(ops::readyz))
        .route("/metrics", get(ops::metrics))
        .route("/", get(docs::home))
        .merge(buyer::routes())
        .merge(admin::routes(state.clone()))
        .layer(middleware::from_fn_with_state(state.clone(), observe))
        .with_state(state)
}

/// Request id, span, access log, metrics, and the headers every response carries.
async fn observe(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let started = Instant::now();
    let request_id = req
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .filter(|v| {
            !v.is_empty()
                && v.len() <= 64
                && v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
        .map(str::to_string)
        .unwrap_or_else(aftercare_domain::new_id);
    req.extensions_mut().insert(RequestId(request_id.clone()));
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_string())
        .unwrap_or_else(|| "unmatched".into());
    let method = req.method().clone();
    let span = tracing::info_span!("http", %method, route = %route, request_id = %request_id, shop_id = tracing::field::Empty);
    let mut resp = next.run(req).instrument(span.clone()).await;
    let status = resp.status();
    let elapsed = started.elapsed();
    state
        .http_metrics
        .observe(method.as_str(), &route, status.as_u16(), elapsed);
    span.in_scope(|| {
        tracing::info!(
            status = status.as_u16(),
            elapsed_ms = elapsed.as_secs_f64() * 1000.0,
            "request"
        )
    });
    if resp
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v == "application/problem+json")
    {
        resp = with_request_id(resp, &request_id).await;
    }
    let h = resp.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&request_id) {
        h.insert("x-request-id", v);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.entry(header::REFERRER_POLICY)
        .or_insert(HeaderValue::from_static("no-referrer"));
    h.entry(header::X_FRAME_OPTIONS)
        .or_insert(HeaderValue::from_static("DENY"));
    resp
}

/// Puts the request id into a problem body, so a client can quote it to the operator.
async fn with_request_id(resp: Response, request_id: &str) -> Response {
    let (mut parts, body) = resp.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return problem::Problem::internal().into_response();
    };
    let mut v: serde_json::Value =
        serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null);
    if let Some(o) = v.as_object_mut() {
        o.insert("request_id".into(), request_id.into());
    }
    let body = serde_json::to_vec(&v).unwrap_or(bytes.to_vec());
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, axum::body::Body::from(body))
}
