//! Projects (engagements): milestones, deliverable files, the delivery report and its
//! acceptance, the payment claim and its approval, the close with its outcome and the
//! six-month follow-up.

use chrono::NaiveDate;
use otop_domain::workflow::{EngagementStatus, EventKind, OutcomeData, OutcomeStage, Refusal, follow_up_due};
use otop_domain::{CertificationKind, NeedStatus, Satang, Stars};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::coupons::{Coupon, cancel_on, live_coupon, make_payable, pay};
use super::referrals::{set_need_status, touch_service};
use super::{EventRefs, add_event, changed_meanwhile, date_text, parse_day, parse_day_opt};
use crate::audit::{json, record};
use crate::codec::{decode_list, encode_list};
use crate::{Actor, Result, Store, StoreError};

#[derive(Debug, Clone, Serialize)]
pub struct Engagement {
    pub id: i64,
    pub referral_id: i64,
    pub need_id: i64,
    pub need_text: String,
    pub enterprise_id: i64,
    pub enterprise_name: String,
    pub service_id: i64,
    pub service_title: String,
    pub provider_id: i64,
    pub provider_name: String,
    pub province_code: u8,
    pub status: EngagementStatus,
    pub start_on: NaiveDate,
    pub report: Option<String>,
    pub reported_on: Option<NaiveDate>,
    pub return_reason: Option<String>,
    pub accepted_on: Option<NaiveDate>,
    pub claimed_on: Option<NaiveDate>,
    pub paid_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    pub follow_up_due: Option<NaiveDate>,
    pub cancel_reason: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Milestone {
    pub id: i64,
    pub title: String,
    pub due_on: NaiveDate,
    pub done_on: Option<NaiveDate>,
}

/// A deliverable's description; its bytes come from [`Store::deliverable_file`].
#[derive(Debug, Clone, Serialize)]
pub struct Deliverable {
    pub id: i64,
    pub engagement_id: i64,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_at: String,
    pub uploaded_by: String,
}

#[derive(Debug, Clone)]
pub struct DeliverableFile {
    pub info: Deliverable,
    pub content: Vec<u8>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    pub id: i64,
    pub engagement_id: i64,
    #[serde(flatten)]
    pub data: OutcomeData,
    pub recorded_on: NaiveDate,
    pub recorded_by: String,
}

const SELECT: &str = "SELECT g.id, g.referral_id, g.need_id, n.text AS need_text, g.enterprise_id, e.name AS enterprise_name, \
    g.service_id, s.title AS service_title, g.provider_id, p.name AS provider_name, g.province_code, g.status, g.start_on, \
    g.report, g.reported_on, g.return_reason, g.accepted_on, g.claimed_on, g.paid_on, g.closed_on, g.follow_up_due, g.cancel_reason \
    FROM engagements g JOIN needs n ON n.id = g.need_id JOIN enterprises e ON e.id = g.enterprise_id \
    JOIN services s ON s.id = g.service_id JOIN providers p ON p.id = g.provider_id";

/// What a step changes on the project row besides its status.
#[derive(Default)]
struct Changes {
    report: Option<String>,
    reported_on: Option<String>,
    return_reason: Option<String>,
    accepted_on: Option<String>,
    claimed_on: Option<String>,
    paid_on: Option<String>,
    closed_on: Option<String>,
    follow_up_due: Option<String>,
    cancel_reason: Option<String>,
}

impl Store {
    pub async fn engagement(&self, id: i64) -> Result<Engagement> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE g.id = $1")))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound)?;
        engagement_from_row(&row)
    }

    pub async fn engagements_of_need(&self, need_id: i64) -> Result<Vec<Engagement>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE g.need_id = $1 ORDER BY g.id")))
            .bind(need_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(engagement_from_row).collect()
    }

    pub async fn engagements_of_provider(&self, provider_id: i64, limit: i64) -> Result<Vec<Engagement>> {
        let rows =
            sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE g.provider_id = $1 ORDER BY g.id DESC LIMIT $2")))
                .bind(provider_id)
                .bind(limit)
                .fetch_all(&self.pool)
                .await?;
        rows.iter().map(engagement_from_row).collect()
    }

    pub async fn milestones(&self, engagement_id: i64) -> Result<Vec<Milestone>> {
        let rows = sqlx::query(
            "SELECT id, title, due_on, done_on FROM milestones WHERE engagement_id = $1 ORDER BY due_on, id",
        )
        .bind(engagement_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Milestone {
                    id: r.get("id"),
                    title: r.get("title"),
                    due_on: parse_day(&r.get::<String, _>("due_on"))?,
                    done_on: parse_day_opt(r.get("done_on"))?,
                })
            })
            .collect()
    }

    pub async fn add_milestone(
        &self,
        actor: &Actor,
        engagement_id: i64,
        title: &str,
        due_on: NaiveDate,
    ) -> Result<i64> {
        let mut tx = self.begin_write().await?;
        let g = load(&mut tx, engagement_id).await?;
        require_open_work(&g)?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO milestones (engagement_id, title, due_on) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(engagement_id)
        .bind(title.to_string())
        .bind(date_text(due_on))
        .fetch_one(&mut *tx)
        .await?;
        let refs = EventRefs { engagement: Some(engagement_id), ..Default::default() };
        add_event(&mut tx, g.need_id, actor, EventKind::MilestoneAdded, title, refs).await?;
        record(&mut *tx, actor, "create", "milestone", Some(id), None, Some(json(&(title, due_on)))).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn complete_milestone(
        &self,
        actor: &Actor,
        engagement_id: i64,
        milestone_id: i64,
        today: NaiveDate,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let g = load(&mut tx, engagement_id).await?;
        require_open_work(&g)?;
        let title: String = sqlx::query_scalar(
            "UPDATE milestones SET done_on = $1 WHERE id = $2 AND engagement_id = $3 AND done_on IS NULL RETURNING title",
        )
        .bind(date_text(today))
        .bind(milestone_id)
        .bind(engagement_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| Refusal::new("milestone.done", "งวดงานนี้เสร็จไปแล้วหรือไม่มีอยู่", "This milestone is already done or does not exist"))?;
        let refs = EventRefs { engagement: Some(engagement_id), ..Default::default() };
        add_event(&mut tx, g.need_id, actor, EventKind::MilestoneDone, &title, refs).await?;
        record(&mut *tx, actor, "complete", "milestone", Some(milestone_id), None, Some(json(&today))).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Stores an uploaded file that the caller has already checked (type, size, name).
    pub async fn add_deliverable(
        &self,
        actor: &Actor,
        engagement_id: i64,
        file_name: &str,
        content_type: &str,
        content: Vec<u8>,
    ) -> Result<i64> {
        use sha2::Digest;
        let sha: String = sha2::Sha256::digest(&content).iter().map(|b| format!("{b:02x}")).collect();
        let mut tx = self.begin_write().await?;
        let g = load(&mut tx, engagement_id).await?;
        require_open_work(&g)?;
        let size = content.len() as i64;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO deliverables (engagement_id, file_name, content_type, size, sha256, content, uploaded_at, uploaded_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(engagement_id)
        .bind(file_name.to_string())
        .bind(content_type.to_string())
        .bind(size)
        .bind(sha.clone())
        .bind(content)
        .bind(crate::now_text())
        .bind(actor.label.clone())
        .fetch_one(&mut *tx)
        .await?;
        let refs = EventRefs { engagement: Some(engagement_id), ..Default::default() };
        add_event(&mut tx, g.need_id, actor, EventKind::FileUploaded, file_name, refs).await?;
        record(&mut *tx, actor, "upload", "deliverable", Some(id), None, Some(json(&(file_name, size, &sha)))).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn deliverables(&self, engagement_id: i64) -> Result<Vec<Deliverable>> {
        let rows = sqlx::query(
            "SELECT id, engagement_id, file_name, content_type, size, sha256, uploaded_at, uploaded_by \
             FROM deliverables WHERE engagement_id = $1 ORDER BY id",
        )
        .bind(engagement_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(deliverable_from_row).collect())
    }

    pub async fn deliverable_file(&self, id: i64) -> Result<DeliverableFile> {
        let r = sqlx::query(
            "SELECT id, engagement_id, file_name, content_type, size, sha256, uploaded_at, uploaded_by, content \
             FROM deliverables WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound)?;
        Ok(DeliverableFile { info: deliverable_from_row(&r), content: r.get("content") })
    }

    pub async fn report_delivery(&self, actor: &Actor, id: i64, report: &str, today: NaiveDate) -> Result<()> {
        let report = report.trim();
        let (mut tx, g) = self.begin_step(id).await?;
        let to = g.status.report_delivery(report)?;
        let changes =
            Changes { report: Some(report.to_string()), reported_on: Some(date_text(today)), ..Default::default() };
        set_status(&mut tx, &g, to, &changes).await?;
        end_step(tx, actor, &g, to, EventKind::DeliveryReported, report, "report").await
    }

    /// The entrepreneur sends the work back; the provider continues and reports again.
    pub async fn return_delivery(&self, actor: &Actor, id: i64, reason: &str) -> Result<()> {
        let reason = reason.trim();
        let (mut tx, g) = self.begin_step(id).await?;
        let to = g.status.return_delivery(reason)?;
        set_status(&mut tx, &g, to, &Changes { return_reason: Some(reason.to_string()), ..Default::default() }).await?;
        end_step(tx, actor, &g, to, EventKind::DeliveryReturned, reason, "return").await
    }

    /// The entrepreneur accepts the work: an approved coupon's commitment becomes payable.
    pub async fn accept_delivery(&self, actor: &Actor, id: i64, today: NaiveDate) -> Result<()> {
        let (mut tx, g) = self.begin_step(id).await?;
        let to = g.status.accept_delivery()?;
        set_status(&mut tx, &g, to, &Changes { accepted_on: Some(date_text(today)), ..Default::default() }).await?;
        if let Some(c) = live_coupon(&mut tx, id).await?
            && c.status == otop_domain::workflow::CouponStatus::Approved
        {
            make_payable(&mut tx, &c, actor, today).await?;
        }
        end_step(tx, actor, &g, to, EventKind::DeliveryAccepted, &g.service_title, "accept").await
    }

    pub async fn claim_payment(&self, actor: &Actor, id: i64, today: NaiveDate) -> Result<()> {
        let (mut tx, g) = self.begin_step(id).await?;
        let coupon = live_coupon(&mut tx, id).await?;
        let to = g.status.claim_payment(coupon.as_ref().map(|c| c.status))?;
        set_status(&mut tx, &g, to, &Changes { claimed_on: Some(date_text(today)), ..Default::default() }).await?;
        let detail = coupon.map(|c| format!("{} บาท", c.terms.amount.baht_display())).unwrap_or_default();
        end_step(tx, actor, &g, to, EventKind::PaymentClaimed, &detail, "claim").await
    }

    /// An officer approves the claim: the payable amount is paid.
    pub async fn approve_payment(&self, actor: &Actor, id: i64, today: NaiveDate) -> Result<()> {
        let (mut tx, g) = self.begin_step(id).await?;
        let to = g.status.approve_payment()?;
        let c: Coupon = live_coupon(&mut tx, id).await?.ok_or_else(|| {
            Refusal::new("project.no_coupon", "โครงการนี้ไม่มีคูปองที่อนุมัติแล้ว", "This project has no approved coupon")
        })?;
        set_status(&mut tx, &g, to, &Changes { paid_on: Some(date_text(today)), ..Default::default() }).await?;
        pay(&mut tx, &c, actor, today).await?;
        let detail = format!("{} บาท", c.terms.amount.baht_display());
        end_step(tx, actor, &g, to, EventKind::PaymentApproved, &detail, "pay").await
    }

    /// Closes the project with its outcome; the six-month follow-up falls due from today.
    pub async fn close_engagement(
        &self,
        actor: &Actor,
        id: i64,
        outcome: &OutcomeData,
        today: NaiveDate,
    ) -> Result<()> {
        let (mut tx, g) = self.begin_step(id).await?;
        let has_coupon = live_coupon(&mut tx, id).await?.is_some();
        let to = g.status.close(has_coupon)?;
        let changes = Changes {
            closed_on: Some(date_text(today)),
            follow_up_due: Some(date_text(follow_up_due(today))),
            ..Default::default()
        };
        set_status(&mut tx, &g, to, &changes).await?;
        let outcome = OutcomeData { stage: OutcomeStage::AtClose, ..outcome.clone() };
        insert_outcome(&mut tx, &g, &outcome, actor, today).await?;
        set_need_status(&mut tx, g.need_id, NeedStatus::Solved).await?;
        touch_service(&mut tx, g.service_id).await?;
        end_step(tx, actor, &g, to, EventKind::ProjectClosed, &outcome_summary(&outcome), "close").await
    }

    /// The six-month follow-up of a closed project; recorded once.
    pub async fn record_follow_up(
        &self,
        actor: &Actor,
        id: i64,
        outcome: &OutcomeData,
        today: NaiveDate,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let g = load(&mut tx, id).await?;
        if g.status != EngagementStatus::Closed {
            return Err(Refusal::new(
                "outcome.not_closed",
                "บันทึกผลติดตามได้หลังปิดโครงการแล้วเท่านั้น",
                "A follow-up can be recorded only after the project is closed",
            )
            .into());
        }
        let outcome = OutcomeData { stage: OutcomeStage::FollowUp, ..outcome.clone() };
        insert_outcome(&mut tx, &g, &outcome, actor, today).await?;
        let refs = EventRefs { engagement: Some(id), ..Default::default() };
        add_event(&mut tx, g.need_id, actor, EventKind::FollowUpRecorded, &outcome_summary(&outcome), refs).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Cancels the project and its coupon; an approved coupon's commitment is released.
    pub async fn cancel_engagement(&self, actor: &Actor, id: i64, reason: &str, today: NaiveDate) -> Result<()> {
        let reason = reason.trim();
        let (mut tx, g) = self.begin_step(id).await?;
        let to = g.status.cancel(reason)?;
        set_status(&mut tx, &g, to, &Changes { cancel_reason: Some(reason.to_string()), ..Default::default() }).await?;
        if let Some(c) = live_coupon(&mut tx, id).await? {
            cancel_on(&mut tx, &c, reason, actor, today).await?;
        }
        let open: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM engagements WHERE need_id = $1 AND status NOT IN ('cancelled', 'closed')",
        )
        .bind(g.need_id)
        .fetch_one(&mut *tx)
        .await?;
        if open == 0 {
            set_need_status(&mut tx, g.need_id, NeedStatus::Open).await?;
        }
        end_step(tx, actor, &g, to, EventKind::ProjectCancelled, reason, "cancel").await
    }

    pub async fn outcomes(&self, engagement_id: i64) -> Result<Vec<Outcome>> {
        let rows = sqlx::query(
            "SELECT id, engagement_id, stage, certifications, stars_before, stars_after, revenue_before, revenue_after, \
             jobs_before, jobs_after, new_products, new_markets, note, recorded_on, recorded_by \
             FROM outcomes WHERE engagement_id = $1 ORDER BY id",
        )
        .bind(engagement_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(outcome_from_row).collect()
    }

    async fn begin_step(&self, id: i64) -> Result<(sqlx::Transaction<'static, sqlx::Any>, Engagement)> {
        let mut tx = self.begin_write().await?;
        let g = load(&mut tx, id).await?;
        Ok((tx, g))
    }
}

async fn end_step(
    mut tx: sqlx::Transaction<'static, sqlx::Any>,
    actor: &Actor,
    g: &Engagement,
    to: EngagementStatus,
    event: EventKind,
    detail: &str,
    action: &str,
) -> Result<()> {
    let refs = EventRefs { engagement: Some(g.id), ..Default::default() };
    add_event(&mut tx, g.need_id, actor, event, detail, refs).await?;
    record(&mut *tx, actor, action, "engagement", Some(g.id), Some(json(&g.status)), Some(json(&to))).await?;
    tx.commit().await?;
    Ok(())
}

/// Milestones and files belong to work still being done.
fn require_open_work(g: &Engagement) -> Result<()> {
    if matches!(g.status, EngagementStatus::Active | EngagementStatus::Reported) {
        Ok(())
    } else {
        Err(Refusal::new(
            "project.work_done",
            format!("โครงการอยู่ในสถานะ \"{}\" แล้ว เพิ่มงวดงานหรือไฟล์ไม่ได้", g.status.name_th()),
            format!("The project is \"{}\"; milestones and files can no longer be added", g.status.name_en()),
        )
        .into())
    }
}

async fn set_status(conn: &mut AnyConnection, g: &Engagement, to: EngagementStatus, c: &Changes) -> Result<()> {
    let done = sqlx::query(
        "UPDATE engagements SET status = $1, report = COALESCE($2, report), reported_on = COALESCE($3, reported_on), \
         return_reason = COALESCE($4, return_reason), accepted_on = COALESCE($5, accepted_on), \
         claimed_on = COALESCE($6, claimed_on), paid_on = COALESCE($7, paid_on), closed_on = COALESCE($8, closed_on), \
         follow_up_due = COALESCE($9, follow_up_due), cancel_reason = COALESCE($10, cancel_reason), updated_at = $11 \
         WHERE id = $12 AND status = $13",
    )
    .bind(to.code())
    .bind(c.report.clone())
    .bind(c.reported_on.clone())
    .bind(c.return_reason.clone())
    .bind(c.accepted_on.clone())
    .bind(c.claimed_on.clone())
    .bind(c.paid_on.clone())
    .bind(c.closed_on.clone())
    .bind(c.follow_up_due.clone())
    .bind(c.cancel_reason.clone())
    .bind(crate::now_text())
    .bind(g.id)
    .bind(g.status.code())
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() != 1 {
        return Err(changed_meanwhile().into());
    }
    Ok(())
}

async fn insert_outcome(
    conn: &mut AnyConnection,
    g: &Engagement,
    o: &OutcomeData,
    actor: &Actor,
    today: NaiveDate,
) -> Result<()> {
    let inserted = sqlx::query(
        "INSERT INTO outcomes (engagement_id, enterprise_id, stage, certifications, stars_before, stars_after, \
         revenue_before, revenue_after, jobs_before, jobs_after, new_products, new_markets, note, recorded_on, recorded_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) ON CONFLICT (engagement_id, stage) DO NOTHING",
    )
    .bind(g.id)
    .bind(g.enterprise_id)
    .bind(o.stage.code())
    .bind(encode_list(o.certifications.iter().map(|c| c.code())))
    .bind(o.stars_before.map(|s| i64::from(s.get())))
    .bind(o.stars_after.map(|s| i64::from(s.get())))
    .bind(o.revenue_before.map(|s| s.0))
    .bind(o.revenue_after.map(|s| s.0))
    .bind(o.jobs_before.map(i64::from))
    .bind(o.jobs_after.map(i64::from))
    .bind(i64::from(o.new_products))
    .bind(o.new_markets.clone())
    .bind(o.note.clone())
    .bind(date_text(today))
    .bind(actor.label.clone())
    .execute(&mut *conn)
    .await?;
    if inserted.rows_affected() != 1 {
        return Err(Refusal::new(
            "outcome.recorded",
            format!("บันทึกผล{}ของโครงการนี้ไปแล้ว", o.stage.name_th()),
            format!("The {} outcome of this project is already recorded", o.stage.name_en()),
        )
        .into());
    }
    record(&mut *conn, actor, "record", "outcome", Some(g.id), None, Some(json(o))).await
}

fn outcome_summary(o: &OutcomeData) -> String {
    let mut parts = Vec::new();
    if !o.certifications.is_empty() {
        parts.push(o.certifications.iter().map(|c| c.name_th()).collect::<Vec<_>>().join(", "));
    }
    if let (Some(b), Some(a)) = (o.revenue_before, o.revenue_after) {
        parts.push(format!("รายได้/เดือน {} → {} บาท", b.baht_display(), a.baht_display()));
    }
    if let Some(a) = o.stars_after {
        parts.push(format!("{} ดาว", a.get()));
    }
    if !o.note.is_empty() {
        parts.push(o.note.clone());
    }
    parts.join(" · ")
}

pub(crate) async fn load(conn: &mut AnyConnection, id: i64) -> Result<Engagement> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE g.id = $1")))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    engagement_from_row(&row)
}

fn engagement_from_row(r: &AnyRow) -> Result<Engagement> {
    let status: String = r.get("status");
    Ok(Engagement {
        id: r.get("id"),
        referral_id: r.get("referral_id"),
        need_id: r.get("need_id"),
        need_text: r.get("need_text"),
        enterprise_id: r.get("enterprise_id"),
        enterprise_name: r.get("enterprise_name"),
        service_id: r.get("service_id"),
        service_title: r.get("service_title"),
        provider_id: r.get("provider_id"),
        provider_name: r.get("provider_name"),
        province_code: r.get::<i64, _>("province_code") as u8,
        status: EngagementStatus::parse(&status).ok_or_else(|| crate::codec::corrupt("project status", &status))?,
        start_on: parse_day(&r.get::<String, _>("start_on"))?,
        report: r.get("report"),
        reported_on: parse_day_opt(r.get("reported_on"))?,
        return_reason: r.get("return_reason"),
        accepted_on: parse_day_opt(r.get("accepted_on"))?,
        claimed_on: parse_day_opt(r.get("claimed_on"))?,
        paid_on: parse_day_opt(r.get("paid_on"))?,
        closed_on: parse_day_opt(r.get("closed_on"))?,
        follow_up_due: parse_day_opt(r.get("follow_up_due"))?,
        cancel_reason: r.get("cancel_reason"),
    })
}

fn deliverable_from_row(r: &AnyRow) -> Deliverable {
    Deliverable {
        id: r.get("id"),
        engagement_id: r.get("engagement_id"),
        file_name: r.get("file_name"),
        content_type: r.get("content_type"),
        size: r.get("size"),
        sha256: r.get("sha256"),
        uploaded_at: r.get("uploaded_at"),
        uploaded_by: r.get("uploaded_by"),
    }
}

fn outcome_from_row(r: &AnyRow) -> Result<Outcome> {
    let stage: String = r.get("stage");
    let stars = |c: &str| r.get::<Option<i64>, _>(c).and_then(|n| Stars::new(n as u8));
    Ok(Outcome {
        id: r.get("id"),
        engagement_id: r.get("engagement_id"),
        data: OutcomeData {
            stage: OutcomeStage::parse(&stage).ok_or_else(|| crate::codec::corrupt("outcome stage", &stage))?,
            certifications: decode_list(&r.get::<String, _>("certifications"), CertificationKind::parse)?,
            stars_before: stars("stars_before"),
            stars_after: stars("stars_after"),
            revenue_before: r.get::<Option<i64>, _>("revenue_before").map(Satang),
            revenue_after: r.get::<Option<i64>, _>("revenue_after").map(Satang),
            jobs_before: r.get::<Option<i64>, _>("jobs_before").map(|n| n as u32),
            jobs_after: r.get::<Option<i64>, _>("jobs_after").map(|n| n as u32),
            new_products: r.get::<i64, _>("new_products") as u32,
            new_markets: r.get("new_markets"),
            note: r.get("note"),
        },
        recorded_on: parse_day(&r.get::<String, _>("recorded_on"))?,
        recorded_by: r.get("recorded_by"),
    })
}
