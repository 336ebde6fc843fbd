//! aftercare's own outbound webhooks, signed the Standard Webhooks way:
//! `webhook-id`, `webhook-timestamp`, and `webhook-signature: v1,<base64 HMAC-SHA256 of
//! "{id}.{timestamp}.{body}">` keyed with the shop's newest native secret (the bytes after
//! `whsec_`, base64-decoded). Receivers dedupe on `webhook-id`: delivery is at least once.

use crate::AppError;
use aftercare_domain::time::{Millis, now_millis, to_rfc3339};
use aftercare_domain::{WebhookSource, new_id};
use aftercare_jobs::{Job, JobError, NewJob, enqueue};
use aftercare_store::repo::{keys, shops};
use aftercare_store::{Conn, Db, StoreError};
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::time::Duration;

pub const JOB_KIND: &str = "webhook.deliver";

/// Enqueues an outbound event in the caller's transaction when the shop has an endpoint.
pub fn emit(
    c: &mut dyn Conn,
    shop: &shops::Shop,
    event_type: &str,
    data: serde_json::Value,
    request_id: Option<String>,
    now: Millis,
) -> Result<(), StoreError> {
    if shop.outbound_webhook_url.is_none() {
        return Ok(());
    }
    let event_id = format!("evt_{}", new_id());
    let payload = serde_json::json!({
        "id": event_id,
        "type": event_type,
        "created_at": to_rfc3339(now),
        "shop_id": shop.id,
        "data": data,
    });
    let job = NewJob::new(JOB_KIND, Some(&shop.id), payload)
        .dedupe(format!("webhook:{event_id}"))
        .max_attempts(12)
        .request_id(request_id);
    enqueue(c, &job, now)?;
    Ok(())
}

fn secret_key(secret: &str) -> Vec<u8> {
    let raw = secret.strip_prefix("whsec_").unwrap_or(secret);
    base64::engine::general_purpose::STANDARD
        .decode(raw)
        .unwrap_or_else(|_| raw.as_bytes().to_vec())
}

/// The `webhook-signature` value for a message.
pub fn sign(secret: &str, msg_id: &str, timestamp: i64, body: &[u8]) -> String {
    #[allow(clippy::expect_used)] // HMAC takes keys of any length
    let mut mac = Hmac::<Sha256>::new_from_slice(&secret_key(secret)).expect("hmac key");
    mac.update(msg_id.as_bytes());
    mac.update(b".");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    format!(
        "v1,{}",
        base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
    )
}

/// Checks a `webhook-signature` header (space-separated `v1,<sig>` entries) against any of the
/// secrets, in constant time per comparison.
pub fn verify(secrets: &[String], msg_id: &str, timestamp: i64, body: &[u8], header: &str) -> bool {
    let given: Vec<Vec<u8>> = header
        .split_whitespace()
        .filter_map(|p| p.strip_prefix("v1,"))
        .filter_map(|b| base64::engine::general_purpose::STANDARD.decode(b).ok())
        .collect();
    secrets.iter().any(|s| {
        given.iter().any(|g| {
            #[allow(clippy::expect_used)]
            let mut mac = Hmac::<Sha256>::new_from_slice(&secret_key(s)).expect("hmac key");
            mac.update(msg_id.as_bytes());
            mac.update(b".");
            mac.update(timestamp.to_string().as_bytes());
            mac.update(b".");
            mac.update(body);
            mac.verify_slice(g).is_ok()
        })
    })
}

/// The `webhook.deliver` job: POSTs the event to the shop's endpoint.
pub async fn deliver(db: Db, http: reqwest::Client, job: Job) -> Result<(), JobError> {
    let shop_id = job
        .shop_id
        .clone()
        .ok_or_else(|| JobError::Permanent(anyhow::anyhow!("webhook job without shop")))?;
    let sid = shop_id.clone();
    let (shop, secrets) = db
        .read_async(move |c| {
            let shop = shops::get(c, &sid)?;
            let secrets = keys::active_webhook_secrets(c, &sid, WebhookSource::Native.as_str())?;
            Ok::<_, AppError>((shop, secrets))
        })
        .await
        .map_err(|e| JobError::Retry(e.into()))?;
    let Some(url) = shop.and_then(|s| s.outbound_webhook_url) else {
        tracing::info!("shop has no webhook endpoint any more; dropping the event");
        return Ok(());
    };
    let Some(secret) = secrets.first() else {
        return Err(JobError::Retry(anyhow::anyhow!(
            "shop has no active webhook secret to sign with"
        )));
    };
    let msg_id = job
        .payload
        .get("id")
        .and_then(|v| v.as_str())
        .unwrap_or(&job.id)
        .to_string();
    let body = serde_json::to_vec(&job.payload).map_err(|e| JobError::Permanent(e.into()))?;
    let ts = now_millis() / 1000;
    let resp = http
        .post(&url)
        .timeout(Duration::from_secs(15))
        .header("content-type", "application/json")
        .header(
            "user-agent",
            concat!("aftercare/", env!("CARGO_PKG_VERSION")),
        )
        .header("webhook-id", &msg_id)
        .header("webhook-timestamp", ts.to_string())
        .header(
            "webhook-signature",
            sign(&secret.secret, &msg_id, ts, &body),
        )
        .body(body)
        .send()
        .await
        .map_err(|e| JobError::Retry(anyhow::anyhow!("POST {url}: {e}")))?;
    let status = resp.status();
    if status.is_success() {
        Ok(())
    } else if status == reqwest::StatusCode::GONE {
        Err(JobError::Permanent(anyhow::anyhow!(
            "endpoint answered 410 Gone"
        )))
    } else {
        Err(JobError::Retry(anyhow::anyhow!(
            "endpoint answered {status}"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_and_verify() {
        let s = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        let sig = sign(s, "msg_1", 1_700_000_000, b"{}");
        assert!(verify(
            &["whsec_other".into(), s.into()],
            "msg_1",
            1_700_000_000,
            b"{}",
            &format!("v1,bad {sig}")
        ));
        assert!(!verify(&[s.into()], "msg_1", 1_700_000_001, b"{}", &sig));
        assert!(!verify(&[s.into()], "msg_1", 1_700_000_000, b"{ }", &sig));
    }
}
