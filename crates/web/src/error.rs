//! One error type for the whole web layer. Handlers return [`WebError`]; its response carries
//! an [`ErrorInfo`] that the request frame (see `frame.rs`) renders as an HTML page (Thai and
//! English) or, under `/api/`, as JSON:
//! `{ "error": { "code", "message_th", "message_en", "fields": [...] } }`.
//! Causes are logged with `tracing`, never shown.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use otop_domain::{Bilingual, FieldError, ValidationErrors};
use otop_store::StoreError;
use serde::Serialize;

#[derive(Debug, thiserror::Error)]
pub enum WebError {
    #[error("not found")]
    NotFound,
    #[error("bad request: {0}")]
    BadRequest(Bilingual),
    /// Input that does not validate; nothing was changed.
    #[error("invalid input: {0}")]
    Invalid(ValidationErrors),
    /// A unique value is already taken; the field says which.
    #[error("duplicate: {0}")]
    Duplicate(ValidationErrors),
    /// A body over its limit, with what to do about it.
    #[error("too large: {0}")]
    TooLarge(Bilingual),
    /// An error with nothing to add to its code's message (see [`CODES`]).
    #[error("{0}")]
    Code(&'static str),
    /// Not signed in (pages redirect to the sign-in page; the API answers 401).
    #[error("sign-in required")]
    SignInRequired,
    /// Signed in, but this is not theirs to see or do.
    #[error("forbidden: {0}")]
    Forbidden(Bilingual),
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// A workflow step that its state or the budget does not allow now; nothing changed.
    /// The refusal's own code (`coupon.already_approved`) is the error code.
    #[error("refused: {0}")]
    Refused(otop_domain::workflow::Refusal),
    #[error("internal error: {0}")]
    Internal(String),
}

/// What a client is told about an error: a stable code, a status, a message in both
/// languages and, for bad input, the field errors.
#[derive(Debug, Clone)]
pub struct ErrorInfo {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: Bilingual,
    pub fields: Vec<FieldError>,
}

/// The stable codes of the API, with status and default message: the one table of them.
const CODES: &[(&str, u16, &str, &str)] = &[
    (
        "not_found",
        404,
        "ไม่พบหน้าหรือข้อมูลที่ต้องการ — ตรวจสอบลิงก์ หรือกลับไปที่หน้าแรก",
        "The page or record was not found — check the link or go back to the home page",
    ),
    ("bad_request", 400, "คำขอไม่ถูกต้อง", "The request is not valid"),
    (
        "validation_failed",
        422,
        "ข้อมูลบางช่องไม่ถูกต้อง — แก้ไขตามข้อความของแต่ละช่องแล้วส่งใหม่ ยังไม่มีการบันทึกใด ๆ",
        "Some fields are not valid — fix them as each message says and send again; nothing was saved",
    ),
    (
        "duplicate",
        409,
        "ข้อมูลซ้ำกับที่มีอยู่ในระบบแล้ว ยังไม่มีการบันทึกใด ๆ",
        "This duplicates a record that already exists; nothing was saved",
    ),
    (
        "sign_in_required",
        401,
        "กรุณาเข้าสู่ระบบก่อน — หน้านี้สำหรับผู้ที่มีบัญชี",
        "Please sign in first — this is for account holders",
    ),
    (
        "forbidden",
        403,
        "คุณไม่มีสิทธิ์ทำรายการนี้ — ข้อมูลนี้อยู่นอกบทบาทหรือพื้นที่ที่คุณรับผิดชอบ",
        "You may not do this — it is outside your role or your area",
    ),
    (
        "csrf_failed",
        403,
        "แบบฟอร์มนี้หมดอายุหรือไม่ได้ส่งมาจากหน้าของระบบ — โหลดหน้าใหม่แล้วส่งอีกครั้ง",
        "This form has expired or was not sent from our own page — reload the page and send it again",
    ),
    ("too_many_requests", 429, "ส่งคำขอถี่เกินไป — รอสักครู่แล้วลองใหม่", "Too many requests — wait a moment and try again"),
    ("method_not_allowed", 405, "ที่อยู่นี้ไม่รองรับวิธีการเรียกนี้", "This address does not accept this request method"),
    (
        "payload_too_large",
        413,
        "ข้อมูลที่ส่งมีขนาดใหญ่เกินกำหนด: แบบฟอร์มและ JSON ไม่เกิน 2 MB ไฟล์นำเข้าไม่เกิน 20 MB — ส่งให้เล็กลง",
        "The request is too large: forms and JSON up to 2 MB, import files up to 20 MB — send less at once",
    ),
    (
        "unsupported_media_type",
        415,
        "รูปแบบข้อมูลไม่ถูกต้อง — ส่งเป็น JSON (Content-Type: application/json) หรือแบบฟอร์ม",
        "Unsupported content type — send JSON (Content-Type: application/json) or a form",
    ),
    (
        "database_unavailable",
        503,
        "ฐานข้อมูลไม่พร้อมใช้งานชั่วคราว — ลองใหม่อีกครั้งในอีกสักครู่",
        "The database is unavailable for the moment — try again shortly",
    ),
    (
        "internal_error",
        500,
        "ระบบขัดข้อง — ลองใหม่อีกครั้ง หากยังพบปัญหาโปรดแจ้งผู้ดูแลระบบ",
        "Something went wrong on our side — try again, and tell the administrator if it persists",
    ),
];

impl ErrorInfo {
    pub fn of_code(code: &str) -> ErrorInfo {
        let (code, status, th, en) = CODES.iter().copied().find(|c| c.0 == code).unwrap_or(CODES[CODES.len() - 1]);
        ErrorInfo {
            status: StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            code,
            message: Bilingual::new(th, en),
            fields: Vec::new(),
        }
    }

    /// For error responses made outside our handlers (unknown method, body too large, …).
    pub fn of_status(status: StatusCode) -> ErrorInfo {
        let code = CODES.iter().find(|c| c.1 == status.as_u16()).map(|c| c.0).unwrap_or(if status.is_client_error() {
            "bad_request"
        } else {
            "internal_error"
        });
        let mut info = Self::of_code(code);
        info.status = status;
        info
    }

    pub fn body(&self) -> ErrorBody {
        ErrorBody {
            error: ErrorDetail {
                code: self.code,
                message_th: self.message.th.clone(),
                message_en: self.message.en.clone(),
                fields: self
                    .fields
                    .iter()
                    .map(|f| FieldDetail {
                        field: f.field.clone(),
                        value: f.value.clone(),
                        message_th: f.message.th.clone(),
                        message_en: f.message.en.clone(),
                    })
                    .collect(),
            },
        }
    }
}

/// The JSON body of every API error.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// Stable, machine-readable: not_found, bad_request, validation_failed, duplicate,
    /// sign_in_required, forbidden, csrf_failed, too_many_requests, method_not_allowed, payload_too_large, unsupported_media_type, database_unavailable,
    /// internal_error; a refused workflow step (409) has the step's own code, e.g.
    /// `coupon.already_approved`, `ledger.insufficient`, `project.not_delivered`.
    #[schema(example = "validation_failed")]
    pub code: &'static str,
    pub message_th: String,
    pub message_en: String,
    /// One entry per field to fix (empty for errors not about input).
    pub fields: Vec<FieldDetail>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct FieldDetail {
    #[schema(example = "postal_code")]
    pub field: String,
    /// The value as sent.
    pub value: String,
    pub message_th: String,
    pub message_en: String,
}

impl WebError {
    pub fn info(&self) -> ErrorInfo {
        match self {
            WebError::NotFound => ErrorInfo::of_code("not_found"),
            WebError::BadRequest(m) => ErrorInfo { message: m.clone(), ..ErrorInfo::of_code("bad_request") },
            WebError::Invalid(errs) => {
                ErrorInfo { fields: errs.errors.clone(), ..ErrorInfo::of_code("validation_failed") }
            }
            WebError::Duplicate(errs) => ErrorInfo { fields: errs.errors.clone(), ..ErrorInfo::of_code("duplicate") },
            WebError::TooLarge(m) => ErrorInfo { message: m.clone(), ..ErrorInfo::of_code("payload_too_large") },
            WebError::Code(code) => ErrorInfo::of_code(code),
            WebError::SignInRequired => ErrorInfo::of_code("sign_in_required"),
            WebError::Forbidden(m) => ErrorInfo { message: m.clone(), ..ErrorInfo::of_code("forbidden") },
            WebError::Unavailable(_) => ErrorInfo::of_code("database_unavailable"),
            WebError::Refused(r) => {
                ErrorInfo { status: StatusCode::CONFLICT, code: r.code, message: r.message.clone(), fields: Vec::new() }
            }
            WebError::Internal(_) => ErrorInfo::of_code("internal_error"),
        }
    }

    /// The field errors of bad input, for a form to show next to its fields.
    pub fn field_errors(&self) -> Option<&ValidationErrors> {
        match self {
            WebError::Invalid(e) | WebError::Duplicate(e) => Some(e),
            _ => None,
        }
    }

    pub fn internal(cause: impl std::fmt::Display) -> WebError {
        WebError::Internal(cause.to_string())
    }
}

impl From<StoreError> for WebError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => WebError::NotFound,
            StoreError::Duplicate { field, message } => {
                WebError::Duplicate(FieldError { field: field.to_string(), value: String::new(), message }.into())
            }
            StoreError::Db(sqlx_error @ (sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_))) => {
                WebError::Unavailable(sqlx_error.to_string())
            }
            StoreError::Refused(r) => WebError::Refused(r),
            other => WebError::Internal(other.to_string()),
        }
    }
}

impl From<otop_domain::workflow::Refusal> for WebError {
    fn from(r: otop_domain::workflow::Refusal) -> Self {
        WebError::Refused(r)
    }
}

impl From<ValidationErrors> for WebError {
    fn from(e: ValidationErrors) -> Self {
        WebError::Invalid(e)
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        match &self {
            WebError::Internal(cause) => tracing::error!(%cause, "request failed"),
            WebError::Unavailable(cause) => tracing::error!(%cause, "database unavailable"),
            other => tracing::debug!(error = %other, "request rejected"),
        }
        let info = self.info();
        let mut res = info.status.into_response();
        res.extensions_mut().insert(info);
        res
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_but_csrf_has_a_distinct_status_and_both_languages() {
        // A refused CSRF token is a kind of 403; every other code has its own status, so a
        // status made outside our handlers maps back to one code.
        let mut statuses: Vec<u16> = CODES.iter().filter(|c| c.0 != "csrf_failed").map(|c| c.1).collect();
        statuses.sort();
        statuses.dedup();
        assert_eq!(statuses.len(), CODES.len() - 1);
        assert_eq!(ErrorInfo::of_status(StatusCode::FORBIDDEN).code, "forbidden");
        for (code, _, th, en) in CODES {
            assert!(!th.is_empty() && !en.is_empty(), "{code}");
        }
        assert_eq!(ErrorInfo::of_status(StatusCode::PAYLOAD_TOO_LARGE).code, "payload_too_large");
        assert_eq!(ErrorInfo::of_status(StatusCode::IM_A_TEAPOT).code, "bad_request");
    }
}
