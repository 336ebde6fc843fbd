use aftercare_domain::FieldErrors;
use aftercare_store::{AsRetry, StoreError};

/// Errors of use cases. The web layer maps each to a status and a stable `code`.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("the request is invalid")]
    Validation(FieldErrors),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    BadRequest(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<FieldErrors> for AppError {
    fn from(e: FieldErrors) -> Self {
        AppError::Validation(e)
    }
}

impl AsRetry for AppError {
    fn is_retry(&self) -> bool {
        matches!(self, AppError::Store(e) if e.is_retry())
    }
}
