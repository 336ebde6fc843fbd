//! Operations endpoints: liveness, readiness, metrics.

use crate::AppState;
use crate::metrics::escape;
use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use std::fmt::Write;

/// The process is up.
pub async fn healthz() -> impl IntoResponse {
    Json(serde_json::json!({"status": "ok"}))
}

/// The database answers and its schema is the one this binary expects.
pub async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    let db = state.app.db.clone();
    let r = tokio::task::spawn_blocking(move || db.schema_version()).await;
    match r {
        Ok(Ok((applied, known))) if applied == known => (
            StatusCode::OK,
            Json(serde_json::json!({"status": "ready", "schema_version": applied})),
        ),
        Ok(Ok((applied, known))) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(
                serde_json::json!({"status": "migrations_pending", "schema_version": applied, "expected": known}),
            ),
        ),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "readiness: database check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(serde_json::json!({"status": "database_unavailable"})),
            )
        }
        Err(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(serde_json::json!({"status": "error"})),
        ),
    }
}

pub async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    let mut out = String::with_capacity(8192);
    state.http_metrics.render(&mut out);
    let db = state.app.db.clone();
    let depth =
        tokio::task::spawn_blocking(move || db.read(|c| aftercare_jobs::queue::depth(c))).await;
    out.push_str(
        "# HELP aftercare_jobs Jobs in the queue by state.\n# TYPE aftercare_jobs gauge\n",
    );
    let mut seen =
        std::collections::BTreeMap::from([("queued", 0), ("running", 0), ("done", 0), ("dead", 0)]);
    match depth {
        Ok(Ok(rows)) => {
            for (state, n) in rows {
                if let Some(v) = seen.get_mut(state.as_str()) {
                    *v = n;
                }
            }
            out.push_str("aftercare_database_up 1\n");
        }
        _ => out.push_str("aftercare_database_up 0\n"),
    }
    for (s, n) in seen {
        let _ = writeln!(out, "aftercare_jobs{{state=\"{s}\"}} {n}");
    }
    if let Some(r) = state.app.runner() {
        out.push_str("# HELP aftercare_job_runs_total Job runs in this process by kind and outcome.\n# TYPE aftercare_job_runs_total counter\n");
        for ((kind, outcome), n) in r.stats.snapshot() {
            let _ = writeln!(
                out,
                "aftercare_job_runs_total{{kind=\"{}\",outcome=\"{outcome}\"}} {n}",
                escape(&kind)
            );
        }
    }
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        out,
    )
}
