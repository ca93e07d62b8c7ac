//! The workflow's storage (DESIGN.md §4.3): rounds and the budget ledger, referrals,
//! projects, coupons, outcomes, each need's timeline, the inbox and the integrity check.
//! Every step loads the record, asks the domain's state machine for the next state, and
//! writes it with `WHERE status = <the state it read>`, together with its ledger
//! movement, timeline event and audit row, in one write transaction. A concurrent step on
//! the same record therefore finds the status changed and is refused, and no balance can
//! go below zero: the ledger's conditional UPDATE (and the table's CHECK) refuse it.

mod coupons;
mod engagements;
mod inbox;
mod ledger;
mod referrals;
mod rounds;
mod timeline;
mod verify;

pub use coupons::Coupon;
pub use engagements::{Deliverable, DeliverableFile, Engagement, Milestone, Outcome};
pub use inbox::{InboxItem, InboxKind};
pub use ledger::{AccountBalance, LedgerEntry, LedgerTransaction};
pub use referrals::{NewReferral, Referral, ServiceFeedback};
pub use timeline::TimelineEvent;
pub use verify::Violation;

use otop_domain::workflow::{EventKind, Refusal};
use sqlx::{Any, AnyConnection, Transaction};

use crate::{Actor, Backend, Result, Store};

impl Store {
    /// Starts a transaction that writes. SQLite takes the write lock at once (`IMMEDIATE`),
    /// so that two steps that read and then write wait for each other instead of one
    /// failing with "database is locked" half-way; PostgreSQL relies on row locks and the
    /// conditional UPDATEs.
    pub(crate) async fn begin_write(&self) -> Result<Transaction<'static, Any>> {
        Ok(match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        })
    }
}

/// The records an event belongs to, for links from the timeline.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct EventRefs {
    pub referral: Option<i64>,
    pub engagement: Option<i64>,
    pub coupon: Option<i64>,
}

pub(crate) async fn add_event(
    conn: &mut AnyConnection,
    need_id: i64,
    actor: &Actor,
    kind: EventKind,
    detail: &str,
    refs: EventRefs,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO need_events (need_id, at, actor, event, detail, referral_id, engagement_id, coupon_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(need_id)
    .bind(crate::now_text())
    .bind(actor.label.clone())
    .bind(kind.code())
    .bind(detail.to_string())
    .bind(refs.referral)
    .bind(refs.engagement)
    .bind(refs.coupon)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A conditional UPDATE that found nothing to change: someone else took a step first.
pub(crate) fn changed_meanwhile() -> Refusal {
    Refusal::new(
        "changed_meanwhile",
        "รายการนี้เพิ่งถูกเปลี่ยนโดยผู้อื่น — โหลดหน้าใหม่เพื่อดูสถานะล่าสุด แล้วลองอีกครั้ง",
        "Someone else changed this record just now — reload to see its current status and try again",
    )
}

pub(crate) fn date_text(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub(crate) fn parse_day(s: &str) -> Result<chrono::NaiveDate> {
    s.parse().map_err(|_| crate::codec::corrupt("date", s))
}

pub(crate) fn parse_day_opt(s: Option<String>) -> Result<Option<chrono::NaiveDate>> {
    s.map(|s| parse_day(&s)).transpose()
}
