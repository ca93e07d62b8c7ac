//! Each need's history, as its timeline page shows it.

use otop_domain::workflow::EventKind;
use serde::Serialize;
use sqlx::Row;

use crate::{Result, Store};

#[derive(Debug, Clone, Serialize)]
pub struct TimelineEvent {
    pub at: String,
    pub actor: String,
    pub event: EventKind,
    pub detail: String,
    pub referral_id: Option<i64>,
    pub engagement_id: Option<i64>,
    pub coupon_id: Option<i64>,
}

impl Store {
    /// Oldest first.
    pub async fn timeline(&self, need_id: i64) -> Result<Vec<TimelineEvent>> {
        let rows = sqlx::query(
            "SELECT at, actor, event, detail, referral_id, engagement_id, coupon_id FROM need_events \
             WHERE need_id = $1 ORDER BY id",
        )
        .bind(need_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let event: String = r.get("event");
                Ok(TimelineEvent {
                    at: r.get("at"),
                    actor: r.get("actor"),
                    event: EventKind::parse(&event).ok_or_else(|| crate::codec::corrupt("event", &event))?,
                    detail: r.get("detail"),
                    referral_id: r.get("referral_id"),
                    engagement_id: r.get("engagement_id"),
                    coupon_id: r.get("coupon_id"),
                })
            })
            .collect()
    }
}
