//! Storage for otop-upgrade. One code path serves SQLite and PostgreSQL: every query is
//! written once with `$n` placeholders and run through sqlx's `Any` driver, and the few
//! differences between the engines (the id column type, connection pragmas) live in
//! [`db`]. Functions take and return domain types; nothing here knows about HTTP.

mod codec;
pub mod db;
mod sql;

pub mod audit;
pub mod bulk;
pub mod enterprises;
pub mod geography;
pub mod needs;
pub mod products;
pub mod providers;
pub mod services;
pub mod stats;
#[cfg(any(test, feature = "test-support"))]
pub mod testing;

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
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Who made a change, for the audit log. Accounts arrive with sign-in; until then the
/// caller names the channel (web form, API, import file, demo loader).
#[derive(Debug, Clone)]
pub struct Actor(pub String);

impl Actor {
    pub fn new(s: impl Into<String>) -> Self {
        Self(s.into())
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
