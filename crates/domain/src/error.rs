use serde::Serialize;

use crate::text::Bilingual;

/// What is wrong with one field, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// The field's machine name, as used in forms, API bodies and import column keys.
    pub field: String,
    /// The value as given, so that a row report can quote it back.
    pub value: String,
    pub message: Bilingual,
}

impl FieldError {
    pub fn new(
        field: impl Into<String>,
        value: impl Into<String>,
        th: impl Into<String>,
        en: impl Into<String>,
    ) -> Self {
        Self { field: field.into(), value: value.into(), message: Bilingual::new(th, en) }
    }

    pub fn required(field: &str) -> Self {
        Self::new(field, "", "ต้องกรอกช่องนี้", "This field is required")
    }
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message.line())
    }
}

impl std::error::Error for FieldError {}

/// All problems found in one input; validation collects every one rather than
/// stopping at the first, so a form or an import row is fixed in one go.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{}", self.summary())]
pub struct ValidationErrors {
    pub errors: Vec<FieldError>,
}

impl ValidationErrors {
    pub fn push(&mut self, e: FieldError) {
        self.errors.push(e);
    }

    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    pub fn for_field(&self, field: &str) -> Option<&FieldError> {
        self.errors.iter().find(|e| e.field == field)
    }

    /// Collects the error of a parse into `self` and hands back the value, if any.
    pub fn take<T>(&mut self, r: Result<T, FieldError>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.push(e);
                None
            }
        }
    }

    pub fn into_result<T>(self, value: impl FnOnce() -> T) -> Result<T, ValidationErrors> {
        if self.errors.is_empty() { Ok(value()) } else { Err(self) }
    }

    pub fn summary(&self) -> String {
        self.errors.iter().map(|e| format!("{}: {}", e.field, e.message.line())).collect::<Vec<_>>().join("; ")
    }
}

impl From<FieldError> for ValidationErrors {
    fn from(e: FieldError) -> Self {
        Self { errors: vec![e] }
    }
}
