//! HTML forms: reading a posted form (repeated names for check boxes included) and the view
//! of a form being filled in — the values as typed, each field's label, hint and error in
//! the page language with the other language beside it, and the summary at the top.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use otop_domain::{Bilingual, ValidationErrors};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::WebError;
use crate::i18n::{Lang, field_label, field_text};

/// A posted `application/x-www-form-urlencoded` body, in order, repeated names kept.
#[derive(Debug, Default, Clone)]
pub struct FormData(Vec<(String, String)>);

impl FormData {
    pub fn parse(body: &[u8]) -> Self {
        Self(url::form_urlencoded::parse(body).map(|(k, v)| (k.into_owned(), v.into_owned())).collect())
    }

    /// The first value of `name`, or "".
    pub fn get(&self, name: &str) -> String {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default()
    }

    /// Whether `name` was sent at all (even empty).
    pub fn has(&self, name: &str) -> bool {
        self.0.iter().any(|(k, _)| k == name)
    }

    /// Every value of `name` (check boxes), joined as the drafts' list fields expect.
    pub fn joined(&self, name: &str) -> String {
        self.0
            .iter()
            .filter(|(k, v)| k == name && !v.trim().is_empty())
            .map(|(_, v)| v.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl<S: Send + Sync> FromRequest<S> for FormData {
    type Rejection = WebError;

    async fn from_request(req: Request, state: &S) -> Result<Self, WebError> {
        let is_form = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ct| ct.starts_with("application/x-www-form-urlencoded"));
        if !is_form {
            return Err(WebError::Code("unsupported_media_type"));
        }
        let body = Bytes::from_request(req, state).await.map_err(|r| {
            if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
                WebError::Code("payload_too_large")
            } else {
                WebError::BadRequest(Bilingual::new("อ่านข้อมูลแบบฟอร์มไม่ได้", "Could not read the form"))
            }
        })?;
        Ok(FormData::parse(&body))
    }
}

/// An error message next to a field: in the page language, then the other.
pub struct Msg {
    pub primary: String,
    pub secondary: String,
}

impl Msg {
    pub fn of(lang: Lang, m: &Bilingual) -> Msg {
        let (p, s) = lang.pair(m);
        Msg { primary: p.to_string(), secondary: s.to_string() }
    }
}

/// One line of the summary at the top of a form that did not validate.
pub struct SummaryItem {
    pub field: String,
    pub label: String,
    pub msg: Msg,
}

/// A form as shown: values, labels, hints and errors by field name.
pub struct FormView {
    pub lang: Lang,
    values: Map<String, Value>,
    errors: ValidationErrors,
    required: &'static [&'static str],
}

impl FormView {
    /// `draft` is any of the domain's `*Draft` types (its field names are the form's).
    pub fn new(
        lang: Lang,
        draft: &impl Serialize,
        errors: Option<&ValidationErrors>,
        required: &'static [&'static str],
    ) -> Self {
        let values = match serde_json::to_value(draft) {
            Ok(Value::Object(m)) => m,
            _ => Map::new(),
        };
        Self { lang, values, errors: errors.cloned().unwrap_or_default(), required }
    }

    /// Adds a value that is not part of the draft (e.g. a provider's units).
    pub fn with_value(mut self, name: &str, value: impl Into<String>) -> Self {
        self.values.insert(name.to_string(), Value::String(value.into()));
        self
    }

    pub fn value(&self, name: &str) -> &str {
        self.values.get(name).and_then(Value::as_str).unwrap_or("")
    }

    pub fn label(&self, name: &str) -> String {
        field_label(self.lang, name)
    }

    pub fn hint(&self, name: &str) -> &'static str {
        field_text(name).map(|f| self.lang.t(f.hint.0, f.hint.1)).unwrap_or("")
    }

    pub fn required(&self, name: &str) -> bool {
        self.required.contains(&name)
    }

    pub fn invalid(&self, name: &str) -> bool {
        self.errors.for_field(name).is_some()
    }

    /// Every message for the field, joined (a list field can have several).
    pub fn error(&self, name: &str) -> Option<Msg> {
        let all: Vec<_> = self.errors.errors.iter().filter(|e| e.field == name).collect();
        if all.is_empty() {
            return None;
        }
        let (p, s): (Vec<&str>, Vec<&str>) = all.iter().map(|e| self.lang.pair(&e.message)).unzip();
        Some(Msg { primary: p.join(" · "), secondary: s.join(" · ") })
    }

    /// `aria-describedby` for a field: its hint and its error, where there are any.
    pub fn described_by(&self, name: &str) -> String {
        let mut ids = Vec::new();
        if !self.hint(name).is_empty() {
            ids.push(format!("h-{name}"));
        }
        if self.invalid(name) {
            ids.push(format!("e-{name}"));
        }
        ids.join(" ")
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    pub fn summary(&self) -> Vec<SummaryItem> {
        self.errors
            .errors
            .iter()
            .map(|e| {
                let (p, s) = self.lang.pair(&e.message);
                SummaryItem {
                    field: e.field.clone(),
                    label: self.label(&e.field),
                    msg: Msg { primary: p.to_string(), secondary: s.to_string() },
                }
            })
            .collect()
    }

    /// Whether a check box for `code` is ticked in a list field ("food, beverage").
    pub fn checked(&self, name: &str, code: &str) -> bool {
        otop_domain::registry::split_list(self.value(name)).any(|v| v.eq_ignore_ascii_case(code))
    }

    /// Whether `code` is the chosen option of a select.
    pub fn selected(&self, name: &str, code: &str) -> bool {
        self.value(name).trim().eq_ignore_ascii_case(code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use otop_domain::{FieldError, ServiceDraft};

    #[test]
    fn repeated_names_are_joined() {
        let f = FormData::parse(b"stages=packaging&stages=standards&title=%E0%B8%81+x&stages=");
        assert_eq!(f.joined("stages"), "packaging, standards");
        assert_eq!(f.get("title"), "ก x");
        assert_eq!(f.get("missing"), "");
    }

    #[test]
    fn view_shows_values_and_both_languages_of_errors() {
        let draft = ServiceDraft { title: "x".into(), stages: "packaging, standards".into(), ..Default::default() };
        let errs: ValidationErrors = FieldError::new("coverage", "", "ต้องกรอก", "Required").into();
        let v = FormView::new(Lang::En, &draft, Some(&errs), &["title"]);
        assert_eq!(v.value("title"), "x");
        assert!(v.checked("stages", "standards"));
        assert!(!v.checked("stages", "finance"));
        let m = v.error("coverage").unwrap();
        assert_eq!((m.primary.as_str(), m.secondary.as_str()), ("Required", "ต้องกรอก"));
        assert_eq!(v.summary()[0].label, "Coverage");
        assert!(v.required("title"));
    }
}
