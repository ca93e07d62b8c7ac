//! Referrals: a need sent to one service, and the provider's answer. Accepting opens the
//! project (engagement) that the coupon and the delivery hang on.

use chrono::NaiveDate;
use otop_domain::workflow::{EngagementStatus, EventKind, ReferralStatus, Refusal};
use otop_domain::{FiscalYear, NeedStatus};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::{EventRefs, add_event, changed_meanwhile, date_text, parse_day, parse_day_opt};
use crate::audit::{json, record};
use crate::{Actor, Result, Store, StoreError};

#[derive(Debug, Clone, Serialize)]
pub struct Referral {
    pub id: i64,
    pub need_id: i64,
    pub need_text: String,
    pub service_id: i64,
    pub service_title: String,
    pub provider_id: i64,
    pub provider_name: String,
    pub enterprise_id: i64,
    pub enterprise_name: String,
    pub province_code: u8,
    pub status: ReferralStatus,
    pub note: String,
    pub sent_on: NaiveDate,
    pub sent_by: String,
    pub answered_at: Option<String>,
    pub answered_by: Option<String>,
    pub start_on: Option<NaiveDate>,
    pub reason: Option<String>,
    pub engagement_id: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct NewReferral {
    pub need_id: i64,
    pub service_id: i64,
    /// What the referrer tells the provider.
    pub note: String,
}

/// What earlier referrals to a service came to, for the matcher's feedback signal and its
/// remaining capacity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ServiceFeedback {
    pub accepted: u32,
    pub declined: u32,
    pub completed: u32,
    /// Referrals accepted in the fiscal year asked about: places taken.
    pub taken_this_year: u32,
}

pub(crate) const SELECT: &str = "SELECT r.id, r.need_id, n.text AS need_text, r.service_id, s.title AS service_title, \
    r.provider_id, p.name AS provider_name, r.enterprise_id, e.name AS enterprise_name, r.province_code, r.status, r.note, \
    r.sent_on, r.sent_by, r.answered_at, r.answered_by, r.start_on, r.reason, g.id AS engagement_id \
    FROM referrals r JOIN needs n ON n.id = r.need_id JOIN services s ON s.id = r.service_id \
    JOIN providers p ON p.id = r.provider_id JOIN enterprises e ON e.id = r.enterprise_id \
    LEFT JOIN engagements g ON g.referral_id = r.id";

impl Store {
    /// Sends a need to a service. One open referral per need and service.
    pub async fn refer(&self, actor: &Actor, r: &NewReferral, today: NaiveDate) -> Result<i64> {
        let note = r.note.trim().to_string();
        otop_domain::workflow::check_note(&note)?;
        let mut tx = self.begin_write().await?;
        let need = sqlx::query("SELECT enterprise_id, province_code, status FROM needs WHERE id = $1")
            .bind(r.need_id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound)?;
        let service = sqlx::query("SELECT provider_id, title, active FROM services WHERE id = $1")
            .bind(r.service_id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound)?;
        if service.get::<i64, _>("active") == 0 {
            return Err(Refusal::new(
                "referral.service_withdrawn",
                "บริการนี้ถอนออกจากรายการแล้ว เลือกบริการอื่น",
                "This service has been withdrawn; choose another",
            )
            .into());
        }
        let need_status: String = need.get("status");
        if matches!(NeedStatus::parse(&need_status), Some(NeedStatus::Solved | NeedStatus::Closed)) {
            return Err(Refusal::new(
                "referral.need_closed",
                "โจทย์นี้ปิดแล้ว ส่งต่อไม่ได้",
                "This need is closed; it cannot be referred",
            )
            .into());
        }
        let open: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM referrals WHERE need_id = $1 AND service_id = $2 AND status IN ('sent', 'accepted')",
        )
        .bind(r.need_id)
        .bind(r.service_id)
        .fetch_one(&mut *tx)
        .await?;
        if open > 0 {
            return Err(Refusal::new(
                "referral.duplicate",
                "โจทย์นี้ส่งต่อไปยังบริการนี้อยู่แล้ว",
                "This need is already referred to this service",
            )
            .into());
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO referrals (need_id, service_id, provider_id, enterprise_id, province_code, status, note, sent_on, sent_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(r.need_id)
        .bind(r.service_id)
        .bind(service.get::<i64, _>("provider_id"))
        .bind(need.get::<i64, _>("enterprise_id"))
        .bind(need.get::<i64, _>("province_code"))
        .bind(ReferralStatus::Sent.code())
        .bind(note.clone())
        .bind(date_text(today))
        .bind(actor.label.clone())
        .fetch_one(&mut *tx)
        .await?;
        if NeedStatus::parse(&need_status) == Some(NeedStatus::Open) {
            set_need_status(&mut tx, r.need_id, NeedStatus::Referred).await?;
        }
        let title: String = service.get("title");
        add_event(
            &mut tx,
            r.need_id,
            actor,
            EventKind::Referred,
            &title,
            EventRefs { referral: Some(id), ..Default::default() },
        )
        .await?;
        record(
            &mut *tx,
            actor,
            "create",
            "referral",
            Some(id),
            None,
            Some(json(&serde_json::json!({
            "need_id": r.need_id, "service_id": r.service_id, "note": note }))),
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn referral(&self, id: i64) -> Result<Referral> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE r.id = $1")))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound)?;
        referral_from_row(&row)
    }

    pub async fn referrals_of_need(&self, need_id: i64) -> Result<Vec<Referral>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE r.need_id = $1 ORDER BY r.id")))
            .bind(need_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(referral_from_row).collect()
    }

    /// A provider's referrals, those awaiting an answer first.
    pub async fn referrals_to_provider(&self, provider_id: i64, limit: i64) -> Result<Vec<Referral>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{SELECT} WHERE r.provider_id = $1 ORDER BY CASE WHEN r.status = 'sent' THEN 0 ELSE 1 END, r.id DESC LIMIT $2"
        )))
        .bind(provider_id)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(referral_from_row).collect()
    }

    /// The provider takes the work on: the referral is accepted and its project opens.
    pub async fn accept_referral(&self, actor: &Actor, id: i64, start_on: NaiveDate) -> Result<i64> {
        let mut tx = self.begin_write().await?;
        let r = load(&mut tx, id).await?;
        let next = r.status.accept(r.sent_on, start_on)?;
        set_status(&mut tx, id, r.status, next, actor, Some(date_text(start_on)), None).await?;
        let engagement: i64 = sqlx::query_scalar(
            "INSERT INTO engagements (referral_id, need_id, enterprise_id, service_id, provider_id, province_code, status, start_on, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(id)
        .bind(r.need_id)
        .bind(r.enterprise_id)
        .bind(r.service_id)
        .bind(r.provider_id)
        .bind(i64::from(r.province_code))
        .bind(EngagementStatus::Active.code())
        .bind(date_text(start_on))
        .bind(crate::now_text())
        .fetch_one(&mut *tx)
        .await?;
        set_need_status(&mut tx, r.need_id, NeedStatus::InProgress).await?;
        touch_service(&mut tx, r.service_id).await?;
        let refs = EventRefs { referral: Some(id), engagement: Some(engagement), coupon: None };
        let detail = format!("{} · {}", r.service_title, date_text(start_on));
        add_event(&mut tx, r.need_id, actor, EventKind::ReferralAccepted, &detail, refs).await?;
        record(&mut *tx, actor, "accept", "referral", Some(id), Some(json(&r.status)), Some(json(&next))).await?;
        tx.commit().await?;
        Ok(engagement)
    }

    pub async fn decline_referral(&self, actor: &Actor, id: i64, reason: &str) -> Result<()> {
        self.close_referral(actor, id, |s| s.decline(reason), reason, EventKind::ReferralDeclined, "decline").await
    }

    pub async fn withdraw_referral(&self, actor: &Actor, id: i64) -> Result<()> {
        self.close_referral(actor, id, ReferralStatus::withdraw, "", EventKind::ReferralWithdrawn, "withdraw").await
    }

    async fn close_referral(
        &self,
        actor: &Actor,
        id: i64,
        step: impl FnOnce(ReferralStatus) -> Result<ReferralStatus, Refusal>,
        reason: &str,
        event: EventKind,
        action: &str,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let r = load(&mut tx, id).await?;
        let next = step(r.status)?;
        let reason = (!reason.trim().is_empty()).then(|| reason.trim().to_string());
        set_status(&mut tx, id, r.status, next, actor, None, reason.clone()).await?;
        // A need whose every referral was turned down waits for another match.
        let still_open: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM referrals WHERE need_id = $1 AND status IN ('sent', 'accepted')")
                .bind(r.need_id)
                .fetch_one(&mut *tx)
                .await?;
        if still_open == 0 {
            set_need_status(&mut tx, r.need_id, NeedStatus::Open).await?;
        }
        if next == ReferralStatus::Declined {
            touch_service(&mut tx, r.service_id).await?;
        }
        let detail = match &reason {
            Some(why) => format!("{} · {why}", r.service_title),
            None => r.service_title.clone(),
        };
        add_event(&mut tx, r.need_id, actor, event, &detail, EventRefs { referral: Some(id), ..Default::default() })
            .await?;
        record(&mut *tx, actor, action, "referral", Some(id), Some(json(&r.status)), Some(json(&next))).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Accepted, declined and completed referrals per service, and the places taken in
    /// `year`: what the matcher's feedback and capacity read.
    pub async fn service_feedback(&self, year: FiscalYear) -> Result<std::collections::HashMap<i64, ServiceFeedback>> {
        let (start, end) = (date_text(year.start()), date_text(year.end()));
        let rows = sqlx::query(
            "SELECT r.service_id, \
               CAST(SUM(CASE WHEN r.status = 'accepted' THEN 1 ELSE 0 END) AS BIGINT) AS accepted, \
               CAST(SUM(CASE WHEN r.status = 'declined' THEN 1 ELSE 0 END) AS BIGINT) AS declined, \
               CAST(SUM(CASE WHEN g.status = 'closed' THEN 1 ELSE 0 END) AS BIGINT) AS completed, \
               CAST(SUM(CASE WHEN r.status = 'accepted' AND r.start_on >= $1 AND r.start_on <= $2 THEN 1 ELSE 0 END) AS BIGINT) AS taken \
             FROM referrals r LEFT JOIN engagements g ON g.referral_id = r.id GROUP BY r.service_id",
        )
        .bind(start)
        .bind(end)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| {
                let n = |c: &str| r.get::<Option<i64>, _>(c).unwrap_or(0).max(0) as u32;
                (
                    r.get::<i64, _>("service_id"),
                    ServiceFeedback {
                        accepted: n("accepted"),
                        declined: n("declined"),
                        completed: n("completed"),
                        taken_this_year: n("taken"),
                    },
                )
            })
            .collect())
    }
}

async fn load(conn: &mut AnyConnection, id: i64) -> Result<Referral> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE r.id = $1")))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    referral_from_row(&row)
}

async fn set_status(
    conn: &mut AnyConnection,
    id: i64,
    from: ReferralStatus,
    to: ReferralStatus,
    actor: &Actor,
    start_on: Option<String>,
    reason: Option<String>,
) -> Result<()> {
    let done = sqlx::query(
        "UPDATE referrals SET status = $1, answered_at = $2, answered_by = $3, start_on = COALESCE($4, start_on), \
         reason = COALESCE($5, reason) WHERE id = $6 AND status = $7",
    )
    .bind(to.code())
    .bind(crate::now_text())
    .bind(actor.label.clone())
    .bind(start_on)
    .bind(reason)
    .bind(id)
    .bind(from.code())
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() != 1 {
        return Err(changed_meanwhile().into());
    }
    Ok(())
}

pub(crate) async fn set_need_status(conn: &mut AnyConnection, need_id: i64, status: NeedStatus) -> Result<()> {
    sqlx::query("UPDATE needs SET status = $1 WHERE id = $2")
        .bind(status.code())
        .bind(need_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Marks the service changed, so that every matcher re-reads its feedback and capacity.
pub(crate) async fn touch_service(conn: &mut AnyConnection, service_id: i64) -> Result<()> {
    sqlx::query("UPDATE services SET updated_at = $1 WHERE id = $2")
        .bind(crate::now_text())
        .bind(service_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

fn referral_from_row(r: &AnyRow) -> Result<Referral> {
    let status: String = r.get("status");
    Ok(Referral {
        id: r.get("id"),
        need_id: r.get("need_id"),
        need_text: r.get("need_text"),
        service_id: r.get("service_id"),
        service_title: r.get("service_title"),
        provider_id: r.get("provider_id"),
        provider_name: r.get("provider_name"),
        enterprise_id: r.get("enterprise_id"),
        enterprise_name: r.get("enterprise_name"),
        province_code: r.get::<i64, _>("province_code") as u8,
        status: ReferralStatus::parse(&status).ok_or_else(|| crate::codec::corrupt("referral status", &status))?,
        note: r.get("note"),
        sent_on: parse_day(&r.get::<String, _>("sent_on"))?,
        sent_by: r.get("sent_by"),
        answered_at: r.get("answered_at"),
        answered_by: r.get("answered_by"),
        start_on: parse_day_opt(r.get("start_on"))?,
        reason: r.get("reason"),
        engagement_id: r.get("engagement_id"),
    })
}
