//! Field-level validation errors, collected so a client sees every problem of a request at once.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct FieldError {
    /// JSON pointer-ish path of the field, e.g. `line_items[2].quantity`.
    pub field: String,
    /// Stable snake_case code, e.g. `required`, `invalid_email`, `out_of_range`.
    pub code: String,
    /// Human explanation.
    pub message: String,
}

#[derive(Debug, Default)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn push(&mut self, field: impl Into<String>, code: &str, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.into(),
            code: code.into(),
            message: message.into(),
        });
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// Runs a parser and records its error against `field`; returns the value when it parsed.
    pub fn check<T>(
        &mut self,
        field: impl Into<String>,
        code: &str,
        result: Result<T, impl std::fmt::Display>,
    ) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                self.push(field, code, e.to_string());
                None
            }
        }
    }
    pub fn into_result(self) -> Result<(), FieldErrors> {
        if self.0.is_empty() { Ok(()) } else { Err(self) }
    }
}
