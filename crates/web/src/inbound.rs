//! Inbound webhooks: `POST /webhooks/{shop}/{source}` for `shopify`, `woocommerce`, `aftership`
//! and `native`. The signature is checked on the raw bytes, in constant time, before anything is
//! parsed; any active secret of the shop for that source verifies (rotation). Then the delivery is
//! handed to the group-commit ingestor and answered after the commit.
//!
//! `POST /webhooks/{shop}/{source}/verify` does the same checks and reads the body, but stores
//! nothing: for a merchant testing the setup (and the ingest benchmark's reference).

use crate::AppState;
use crate::extract::RequestId;
use crate::problem::Problem;
use aftercare_app::ingest::{Delivery, Outcome, map_delivery};
use aftercare_app::webhooks;
use aftercare_domain::time::now_millis;
use aftercare_domain::{WebhookSource, sources::Change};
use aftercare_store::repo::{keys, shops};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long a shop's secrets are cached per process. Changes through this process's API take
/// effect at once (the cache is cleared); through another node, within this time.
const SECRETS_TTL: Duration = Duration::from_secs(5);

/// Native deliveries older or newer than this are refused (replay protection).
const NATIVE_TOLERANCE_SECS: i64 = 300;

pub struct ShopSecrets {
    pub shop: Arc<shops::Shop>,
    pub secrets: Vec<String>,
}

/// (when looked up, what was found) per (shop slug, source).
type CacheEntry = (Instant, Option<Arc<ShopSecrets>>);

#[derive(Default)]
pub struct SecretCache {
    map: Mutex<HashMap<(String, &'static str), CacheEntry>>,
}

impl SecretCache {
    pub fn clear(&self) {
        self.map.lock().unwrap_or_else(|p| p.into_inner()).clear();
    }

    async fn get(
        &self,
        state: &AppState,
        slug: &str,
        source: WebhookSource,
    ) -> Result<Option<Arc<ShopSecrets>>, Problem> {
        let key = (slug.to_string(), source.as_str());
        if let Some((at, v)) = self.map.lock().unwrap_or_else(|p| p.into_inner()).get(&key)
            && at.elapsed() < SECRETS_TTL
        {
            return Ok(v.clone());
        }
        let slug2 = slug.to_string();
        let found = state
            .app
            .db
            .read_async(move |c| {
                let Some(shop) = shops::by_slug(c, &slug2)? else {
                    return Ok(None);
                };
                let secrets = keys::active_webhook_secrets(c, &shop.id, source.as_str())?
                    .into_iter()
                    .map(|s| s.secret)
                    .collect();
                Ok::<_, aftercare_store::StoreError>(Some(Arc::new(ShopSecrets {
                    shop: Arc::new(shop),
                    secrets,
                })))
            })
            .await
            .map_err(|e| Problem::from(aftercare_app::AppError::Store(e)))?;
        self.map
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(key, (Instant::now(), found.clone()));
        Ok(found)
    }
}

fn header<'a>(h: &'a HeaderMap, name: &str) -> Option<&'a str> {
    h.get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty())
}

/// base64(HMAC-SHA256(secret, body)) == header, for any of the secrets, in constant time.
fn hmac_base64_matches(secrets: &[String], body: &[u8], given: &str) -> bool {
    let Ok(given) = base64::engine::general_purpose::STANDARD.decode(given.trim()) else {
        return false;
    };
    secrets.iter().any(|s| {
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(s.as_bytes()) else {
            return false;
        };
        mac.update(body);
        mac.verify_slice(&given).is_ok()
    })
}

fn digest(body: &[u8]) -> String {
    Sha256::digest(body)
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// What the signature check and the headers say about a delivery.
struct Verified {
    topic: String,
    delivery_id: String,
    meta: serde_json::Value,
}

fn unauthorized(detail: &str) -> Problem {
    let mut p = Problem::new(StatusCode::UNAUTHORIZED, "invalid_signature", detail);
    p.title = "Unauthorized".into();
    p
}

fn verify(
    source: WebhookSource,
    secrets: &[String],
    h: &HeaderMap,
    body: &[u8],
) -> Result<Verified, Problem> {
    if secrets.is_empty() {
        return Err(unauthorized(
            "no active secret for this source: add the platform's webhook secret first",
        ));
    }
    match source {
        WebhookSource::Shopify => {
            let sig = header(h, "x-shopify-hmac-sha256")
                .ok_or_else(|| unauthorized("missing X-Shopify-Hmac-Sha256"))?;
            if !hmac_base64_matches(secrets, body, sig) {
                return Err(unauthorized(
                    "the X-Shopify-Hmac-Sha256 signature does not match",
                ));
            }
            let topic = header(h, "x-shopify-topic")
                .unwrap_or("unknown")
                .to_string();
            let delivery_id = match (
                header(h, "x-shopify-event-id"),
                header(h, "x-shopify-webhook-id"),
            ) {
                // One merchant action fans out to several topics under one event id.
                (Some(event), _) => format!("event:{topic}:{event}"),
                (None, Some(wh)) => format!("webhook:{wh}"),
                (None, None) => format!("sha256:{topic}:{}", digest(body)),
            };
            let triggered_at = header(h, "x-shopify-triggered-at")
                .and_then(|t| aftercare_domain::time::parse_rfc3339(t).ok());
            Ok(Verified {
                topic,
                delivery_id,
                meta: serde_json::json!({
                    "webhook_id": header(h, "x-shopify-webhook-id"),
                    "event_id": header(h, "x-shopify-event-id"),
                    "triggered_at": triggered_at,
                    "shop_domain": header(h, "x-shopify-shop-domain"),
                    "api_version": header(h, "x-shopify-api-version"),
                }),
            })
        }
        WebhookSource::Woocommerce => {
            let sig = header(h, "x-wc-webhook-signature")
                .ok_or_else(|| unauthorized("missing X-WC-Webhook-Signature"))?;
            if !hmac_base64_matches(secrets, body, sig) {
                return Err(unauthorized("the X-WC-Webhook-Signature does not match"));
            }
            let topic = header(h, "x-wc-webhook-topic")
                .unwrap_or("unknown")
                .to_string();
            // WooCommerce makes a new delivery id for every attempt: the same body is the same delivery.
            Ok(Verified {
                delivery_id: format!("sha256:{topic}:{}", digest(body)),
                meta: serde_json::json!({
                    "delivery_id": header(h, "x-wc-webhook-delivery-id"),
                    "webhook_id": header(h, "x-wc-webhook-id"),
                    "source": header(h, "x-wc-webhook-source"),
                }),
                topic,
            })
        }
        WebhookSource::Aftership => {
            let sig = header(h, "aftership-hmac-sha256")
                .ok_or_else(|| unauthorized("missing aftership-hmac-sha256"))?;
            if !hmac_base64_matches(secrets, body, sig) {
                return Err(unauthorized(
                    "the aftership-hmac-sha256 signature does not match",
                ));
            }
            let json: Option<serde_json::Value> = serde_json::from_slice(body).ok();
            let event_id = json
                .as_ref()
                .and_then(|j| j.get("event_id"))
                .and_then(|v| v.as_str())
                .map(str::to_string);
            let topic = json
                .as_ref()
                .and_then(|j| j.get("event"))
                .and_then(|v| v.as_str())
                .unwrap_or("tracking_update")
                .to_string();
            Ok(Verified {
                delivery_id: event_id
                    .map(|e| format!("event:{e}"))
                    .unwrap_or_else(|| format!("sha256:{}", digest(body))),
                topic,
                meta: serde_json::json!({ "version": header(h, "as-webhook-version") }),
            })
        }
        WebhookSource::Native => {
            let (Some(id), Some(ts), Some(sig)) = (
                header(h, "webhook-id"),
                header(h, "webhook-timestamp"),
                header(h, "webhook-signature"),
            ) else {
                return Err(unauthorized(
                    "missing webhook-id, webhook-timestamp or webhook-signature",
                ));
            };
            let ts: i64 = ts
                .parse()
                .map_err(|_| unauthorized("webhook-timestamp must be Unix seconds"))?;
            if (now_millis() / 1000 - ts).abs() > NATIVE_TOLERANCE_SECS {
                return Err(unauthorized(
                    "webhook-timestamp is more than 5 minutes away from now",
                ));
            }
            if !webhooks::verify(secrets, id, ts, body, sig) {
                return Err(unauthorized("the webhook-signature does not match"));
            }
            let topic = serde_json::from_slice::<serde_json::Value>(body)
                .ok()
                .and_then(|j| j.get("type").and_then(|t| t.as_str()).map(str::to_string))
                .unwrap_or_else(|| "unknown".into());
            Ok(Verified {
                topic,
                delivery_id: format!("webhook:{id}"),
                meta: serde_json::json!({ "webhook_id": id, "timestamp": ts }),
            })
        }
    }
}

/// WooCommerce's "ping" when a webhook is saved: `webhook_id=<n>`, unsigned, must get exactly 200.
fn is_woocommerce_ping(h: &HeaderMap, body: &[u8]) -> bool {
    header(h, "x-wc-webhook-signature").is_none()
        && std::str::from_utf8(body)
            .ok()
            .and_then(|b| b.trim().strip_prefix("webhook_id="))
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

async fn resolve(
    state: &AppState,
    shop: &str,
    source: &str,
) -> Result<(WebhookSource, Arc<ShopSecrets>), Problem> {
    let source = WebhookSource::parse(source).ok_or_else(|| {
        Problem::not_found("webhook source (shopify, woocommerce, aftership or native)")
    })?;
    let found = state
        .secrets
        .get(state, shop, source)
        .await?
        .ok_or_else(|| Problem::not_found("shop"))?;
    Ok((source, found))
}

/// Receive a webhook.
#[utoipa::path(post, path = "/webhooks/{shop}/{source}", tag = "webhooks",
    params(("shop" = String, Path, description = "The shop's slug"), ("source" = String, Path, description = "shopify, woocommerce, aftership or native")),
    request_body(content = String, description = "The platform's payload, byte for byte as signed", content_type = "application/json"),
    responses(
        (status = 200, description = "Stored (accepted, duplicate, ignored, stale, or kept for reprocessing)", body = serde_json::Value),
        (status = 401, description = "Missing or invalid signature: nothing stored", body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 413, body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "The database is unavailable: nothing stored, send again", body = Problem, content_type = "application/problem+json")))]
pub async fn receive(
    State(state): State<AppState>,
    rid: RequestId,
    Path((shop, source)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Problem> {
    let (source, found) = resolve(&state, &shop, &source).await?;
    if source == WebhookSource::Woocommerce && is_woocommerce_ping(&headers, &body) {
        return Ok((StatusCode::OK, Json(serde_json::json!({"status": "pong"}))).into_response());
    }
    let v = verify(source, &found.secrets, &headers, &body)?;
    let payload = String::from_utf8_lossy(&body).into_owned();
    let change = map_delivery(source, &v.topic, &payload, now_millis());
    let delivery = Delivery {
        shop: found.shop.clone(),
        source,
        topic: v.topic,
        delivery_id: v.delivery_id,
        meta: v.meta,
        payload,
        change,
        request_id: Some(rid.0),
        reprocess_of: None,
    };
    let outcome = state.app.ingestor().submit(delivery).await?;
    if let Outcome::Kept { reason, .. } = &outcome {
        tracing::warn!(%reason, "inbound delivery kept but not applied");
    }
    Ok((StatusCode::OK, Json(outcome)).into_response())
}

/// Check a webhook's signature and read it, without storing anything.
#[utoipa::path(post, path = "/webhooks/{shop}/{source}/verify", tag = "webhooks",
    params(("shop" = String, Path), ("source" = String, Path)),
    request_body(content = String, content_type = "application/json"),
    responses((status = 200, description = "The signature holds; what the body would change", body = serde_json::Value),
        (status = 401, body = Problem, content_type = "application/problem+json")))]
pub async fn verify_only(
    State(state): State<AppState>,
    Path((shop, source)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Problem> {
    let (source, found) = resolve(&state, &shop, &source).await?;
    let v = verify(source, &found.secrets, &headers, &body)?;
    let payload = std::str::from_utf8(&body).unwrap_or_default();
    let kind = match map_delivery(source, &v.topic, payload, now_millis()) {
        Ok(Change::Order { .. }) => "order",
        Ok(Change::Shipments { .. }) => "shipments",
        Ok(Change::Events { .. }) => "events",
        Ok(Change::Privacy { .. }) => "privacy",
        Ok(Change::Ignored { .. }) => "ignored",
        Err(_) => "unreadable",
    };
    Ok((
        StatusCode::OK,
        Json(serde_json::json!({"status": "verified", "topic": v.topic, "change": kind})),
    )
        .into_response())
}
