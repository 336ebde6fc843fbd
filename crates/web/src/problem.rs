//! RFC 9457 problem details: every API error is `application/problem+json` with a stable
//! snake_case `code` that clients can switch on, a human `detail`, and field errors when the
//! request failed validation. 5xx bodies never show internals: the chain is logged once, with
//! the request id the body gives.

use aftercare_app::AppError;
use aftercare_domain::FieldError;
use aftercare_store::StoreError;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Problem {
    /// A URI naming the problem type (`about:blank` plus `code` here).
    #[serde(rename = "type")]
    pub type_: String,
    pub title: String,
    pub status: u16,
    /// Stable, snake_case: `not_found`, `validation_failed`, `unauthorized`, …
    pub code: String,
    pub detail: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

impl Problem {
    pub fn new(status: StatusCode, code: &str, detail: impl Into<String>) -> Problem {
        Problem {
            type_: "about:blank".into(),
            title: status.canonical_reason().unwrap_or("Error").into(),
            status: status.as_u16(),
            code: code.into(),
            detail: detail.into(),
            errors: Vec::new(),
            request_id: None,
        }
    }
    pub fn validation(errors: Vec<FieldError>) -> Problem {
        let n = errors.len();
        let mut p = Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            format!("{n} field(s) failed validation; see errors"),
        );
        p.errors = errors;
        p
    }
    pub fn not_found(what: &str) -> Problem {
        Problem::new(
            StatusCode::NOT_FOUND,
            "not_found",
            format!("{what} not found"),
        )
    }
    pub fn unauthorized(detail: &str) -> Problem {
        Problem::new(StatusCode::UNAUTHORIZED, "unauthorized", detail)
    }
    pub fn internal() -> Problem {
        Problem::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_error",
            "something went wrong on our side; the request id identifies it in the server log",
        )
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let body = serde_json::to_vec(&self).unwrap_or_default();
        let mut resp = (status, body).into_response();
        resp.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if status == StatusCode::UNAUTHORIZED {
            resp.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"aftercare\""),
            );
        }
        resp
    }
}

impl From<AppError> for Problem {
    fn from(e: AppError) -> Self {
        match e {
            AppError::NotFound(what) => Problem::not_found(what),
            AppError::Validation(f) => Problem::validation(f.0),
            AppError::Conflict(m) => Problem::new(StatusCode::CONFLICT, "conflict", m),
            AppError::BadRequest(m) => Problem::new(StatusCode::BAD_REQUEST, "bad_request", m),
            AppError::Store(StoreError::NotFound) => Problem::not_found("resource"),
            AppError::Store(StoreError::Conflict(_)) => Problem::new(
                StatusCode::CONFLICT,
                "conflict",
                "the request conflicts with stored data; retry it",
            ),
            AppError::Store(e @ (StoreError::Unavailable(_) | StoreError::Retry(_))) => {
                tracing::error!(error = ?anyhow::Error::from(e), "database unavailable");
                Problem::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "unavailable",
                    "the database is unavailable; retry later",
                )
            }
            AppError::Store(e) => {
                tracing::error!(error = ?anyhow::Error::from(e), "store error");
                Problem::internal()
            }
            AppError::Internal(e) => {
                tracing::error!(error = ?e, "internal error");
                Problem::internal()
            }
        }
    }
}
