//! Request extractors with problem+json rejections.

use crate::AppState;
use crate::problem::Problem;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::{StatusCode, request::Parts};
use serde::de::DeserializeOwned;

/// The id of the current request (from a sane `x-request-id` header, or generated).
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

impl<S: Send + Sync> FromRequestParts<S> for RequestId {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<RequestId>()
            .cloned()
            .unwrap_or_else(|| RequestId(aftercare_domain::new_id())))
    }
}

/// A JSON body, parsed strictly: a body over the limit is 413, bad JSON 400, a body of the wrong
/// shape (unknown field, wrong type) 422 with the path of the offending field.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = Problem;
    async fn from_request(req: Request, state: &S) -> Result<Self, Problem> {
        let ct = req
            .headers()
            .get(axum::http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_ascii_lowercase();
        if !ct.starts_with("application/json") && !ct.contains("+json") {
            return Err(Problem::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "send the body as application/json",
            ));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                Problem::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "payload_too_large",
                    "the request body is larger than this server accepts",
                )
            } else {
                Problem::new(StatusCode::BAD_REQUEST, "unreadable_body", e.body_text())
            }
        })?;
        let de = &mut serde_json::Deserializer::from_slice(&bytes);
        match serde_path_to_error::deserialize(de) {
            Ok(v) => Ok(ApiJson(v)),
            Err(e) => {
                let path = e.path().to_string();
                let inner = e.into_inner();
                if inner.is_syntax() || inner.is_eof() {
                    Err(Problem::new(
                        StatusCode::BAD_REQUEST,
                        "malformed_json",
                        format!("the body is not valid JSON: {inner}"),
                    ))
                } else {
                    let field = if path == "." {
                        "body".to_string()
                    } else {
                        path
                    };
                    Err(Problem::validation(vec![aftercare_domain::FieldError {
                        field,
                        code: "invalid_type".into(),
                        message: inner.to_string(),
                    }]))
                }
            }
        }
    }
}

/// The shop of the request's `Authorization: Bearer <api key>`.
pub struct ShopAuth {
    pub shop_id: String,
}

impl FromRequestParts<AppState> for ShopAuth {
    type Rejection = Problem;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Problem> {
        let header = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok());
        let Some(key) = header
            .and_then(|h| {
                h.strip_prefix("Bearer ")
                    .or_else(|| h.strip_prefix("bearer "))
            })
            .map(str::trim)
        else {
            return Err(Problem::unauthorized(
                "send an API key as Authorization: Bearer <key>",
            ));
        };
        let db = state.app.db.clone();
        let key = key.to_string();
        let shop = tokio::task::spawn_blocking(move || {
            aftercare_app::accounts::authenticate_api_key(&db, &key)
        })
        .await
        .map_err(|_| Problem::internal())?
        .map_err(|e| Problem::from(aftercare_app::AppError::Store(e)))?;
        match shop {
            Some(shop_id) => {
                tracing::Span::current().record("shop_id", shop_id.as_str());
                Ok(ShopAuth { shop_id })
            }
            None => Err(Problem::unauthorized("the API key is unknown or revoked")),
        }
    }
}

/// Query string with problem+json rejection.
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = Problem;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Problem> {
        let q = parts.uri.query().unwrap_or("");
        serde_urlencoded::from_str(q).map(ApiQuery).map_err(|e| {
            Problem::validation(vec![aftercare_domain::FieldError {
                field: "query".into(),
                code: "invalid_query".into(),
                message: e.to_string(),
            }])
        })
    }
}
