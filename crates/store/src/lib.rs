//! Storage for otop-upgrade. One code path serves SQLite and PostgreSQL: every query is
//! written once with `$n` placeholders and run through sqlx's `Any` driver, and the few
//! differences between the engines (the id column type, connection pragmas) live in
//! [`db`]. Functions take and return domain types; nothing here knows about HTTP.

mod codec;
pub mod db;
mod sql;

pub mod accounts;
pub mod audit;
pub mod bulk;
pub mod enterprises;
pub mod geography;
pub mod needs;
pub mod pdpa;
pub mod products;
pub mod providers;
pub mod services;
pub mod sessions;
pub mod stats;
#[cfg(any(test, feature = "test-support"))]
pub mod testing;
pub mod tokens;
pub mod workflow;

pub use db::{Backend, Store};
pub use sql::Page;

use otop_domain::Bilingual;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// A unique value is already taken; `field` names the input to change.
    #[error("duplicate {field}")]
    Duplicate { field: &'static str, message: Bilingual },
    #[error("invalid stored data: {0}")]
    Corrupt(String),
    /// A bulk load named a place that the geography does not hold.
    #[error("unknown {kind} code {code}")]
    UnknownPlace { kind: &'static str, code: i64 },
    /// A workflow step that its state machine or the budget does not allow; nothing changed.
    #[error("{0}")]
    Refused(#[from] otop_domain::workflow::Refusal),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Who made a change, for the audit log: a signed-in account or API token (with the
/// address the request came from), or a named channel without one (demo loader, CLI).
#[derive(Debug, Clone)]
pub struct Actor {
    pub label: String,
    pub account_id: Option<i64>,
    pub ip: Option<String>,
}

impl Actor {
    pub fn new(label: impl Into<String>) -> Self {
        Self { label: label.into(), account_id: None, ip: None }
    }

    /// A principal acting from `ip`; tokens are labelled by their id, accounts by name.
    pub fn of(p: &otop_domain::access::Principal, ip: Option<String>) -> Self {
        let label = match (p.account_id, p.token_id) {
            (Some(id), _) => format!("account:{id} {}", p.name),
            (None, Some(t)) => format!("api_token:{t} {}", p.name),
            (None, None) => p.name.clone(),
        };
        Self { label, account_id: p.account_id, ip }
    }
}

pub(crate) fn now_text() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// Turns a unique-constraint violation into a message about the field to change.
pub(crate) fn on_unique(e: sqlx::Error, field: &'static str, th: &str, en: &str) -> StoreError {
    match &e {
        sqlx::Error::Database(db) if db.is_unique_violation() => {
            StoreError::Duplicate { field, message: Bilingual::new(th, en) }
        }
        _ => StoreError::Db(e),
    }
}
