//! Science coupons: applied for against a project, screened and approved within the
//! round's rules and budget, and moved through the ledger as the work is delivered and paid.

use chrono::NaiveDate;
use otop_domain::workflow::{
    AccountKind, CouponStatus, CouponTerms, EngagementStatus, EventKind, Holder, Movement, Refusal, check_ceiling,
};
use otop_domain::{Category, Satang, Stage};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};

use super::ledger::{holder, post};
use super::rounds::load_round;
use super::{EventRefs, add_event, changed_meanwhile, date_text, parse_day, parse_day_opt};
use crate::audit::{json, record};
use crate::codec::decode_list;
use crate::{Actor, Result, Store, StoreError};

#[derive(Debug, Clone, Serialize)]
pub struct Coupon {
    pub id: i64,
    pub round_id: i64,
    pub round_name: String,
    pub engagement_id: i64,
    pub need_id: i64,
    pub enterprise_id: i64,
    pub enterprise_name: String,
    pub service_id: i64,
    pub service_title: String,
    pub province_code: u8,
    pub price_item: String,
    pub terms: CouponTerms,
    pub funded_by: Holder,
    pub status: CouponStatus,
    pub reason: Option<String>,
    pub applied_on: NaiveDate,
    pub applied_by: String,
    pub decided_on: Option<NaiveDate>,
    pub decided_by: Option<String>,
}

pub(crate) const SELECT: &str = "SELECT c.id, c.round_id, r.name AS round_name, c.engagement_id, c.need_id, c.enterprise_id, \
    e.name AS enterprise_name, c.service_id, s.title AS service_title, c.province_code, c.price_item, c.price, c.copay, c.amount, \
    c.funded_by, c.status, c.reason, c.applied_on, c.applied_by, c.decided_on, c.decided_by \
    FROM coupons c JOIN rounds r ON r.id = c.round_id JOIN enterprises e ON e.id = c.enterprise_id \
    JOIN services s ON s.id = c.service_id";

impl Store {
    /// Applies for a coupon for a project's work at the service's `price_index`-th price.
    pub async fn apply_coupon(
        &self,
        actor: &Actor,
        engagement_id: i64,
        round_id: i64,
        price_index: usize,
        today: NaiveDate,
    ) -> Result<i64> {
        let mut tx = self.begin_write().await?;
        let g = sqlx::query(
            "SELECT g.status, g.need_id, g.enterprise_id, g.service_id, g.provider_id, g.province_code, n.category, \
             s.stages, s.prices, s.title FROM engagements g JOIN needs n ON n.id = g.need_id \
             JOIN services s ON s.id = g.service_id WHERE g.id = $1",
        )
        .bind(engagement_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(StoreError::NotFound)?;
        let status: String = g.get("status");
        if !matches!(EngagementStatus::parse(&status), Some(EngagementStatus::Active | EngagementStatus::Reported)) {
            return Err(Refusal::new(
                "coupon.project_not_open",
                "ยื่นขอคูปองได้เฉพาะโครงการที่ยังดำเนินงานอยู่ (ก่อนรับมอบงาน)",
                "A coupon can be applied for only while the project is in progress (before the delivery is accepted)",
            )
            .into());
        }
        let live: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM coupons WHERE engagement_id = $1 AND status NOT IN ('rejected', 'cancelled')",
        )
        .bind(engagement_id)
        .fetch_one(&mut *tx)
        .await?;
        if live > 0 {
            return Err(Refusal::new("coupon.exists", "โครงการนี้มีคูปองอยู่แล้ว", "This project already has a coupon").into());
        }
        let round = load_round(&mut tx, round_id).await?;
        let prices: Vec<otop_domain::PriceItem> = serde_json::from_str(&g.get::<String, _>("prices"))
            .map_err(|e| crate::codec::corrupt("prices", e.to_string()))?;
        let item = prices.get(price_index).ok_or_else(|| {
            Refusal::new(
                "coupon.price_item",
                "ไม่พบรายการราคาที่เลือกในบริการนี้",
                "The chosen price item is not on this service's price list",
            )
        })?;
        let terms = CouponTerms::compute(item.amount, round.rules.copay_basis_points)?;
        let enterprise_id: i64 = g.get("enterprise_id");
        let held = holding(&mut tx, round_id, enterprise_id).await?;
        let stages = decode_list(&g.get::<String, _>("stages"), Stage::parse)?;
        let category = g.get::<Option<String>, _>("category").and_then(|c| Category::parse(&c));
        round.rules.check_application(today, &stages, category, held, terms.amount)?;
        let provider_id: i64 = g.get("provider_id");
        let province: i64 = g.get("province_code");
        let provider_budget: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM ledger_accounts WHERE round_id = $1 AND kind = 'available' AND holder = $2",
        )
        .bind(round_id)
        .bind(Holder::Provider(provider_id).key())
        .fetch_one(&mut *tx)
        .await?;
        let funded_by =
            if provider_budget > 0 { Holder::Provider(provider_id) } else { Holder::Province(province as u8) };
        let need_id: i64 = g.get("need_id");
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO coupons (round_id, engagement_id, need_id, enterprise_id, service_id, province_code, price_item, \
             price, copay, amount, funded_by, status, applied_on, applied_by, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id",
        )
        .bind(round_id)
        .bind(engagement_id)
        .bind(need_id)
        .bind(enterprise_id)
        .bind(g.get::<i64, _>("service_id"))
        .bind(province)
        .bind(item.label.clone())
        .bind(terms.price.0)
        .bind(terms.copay.0)
        .bind(terms.amount.0)
        .bind(funded_by.key())
        .bind(CouponStatus::Submitted.code())
        .bind(date_text(today))
        .bind(actor.label.clone())
        .bind(crate::now_text())
        .fetch_one(&mut *tx)
        .await?;
        let detail =
            format!("{} · {} บาท (ร่วมจ่าย {} บาท)", item.label, terms.amount.baht_display(), terms.copay.baht_display());
        let refs = EventRefs { engagement: Some(engagement_id), coupon: Some(id), ..Default::default() };
        add_event(&mut tx, need_id, actor, EventKind::CouponApplied, &detail, refs).await?;
        record(&mut *tx, actor, "apply", "coupon", Some(id), None, Some(json(&terms))).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn coupon(&self, id: i64) -> Result<Coupon> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE c.id = $1")))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound)?;
        coupon_from_row(&row)
    }

    pub async fn coupons_of_engagement(&self, engagement_id: i64) -> Result<Vec<Coupon>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE c.engagement_id = $1 ORDER BY c.id")))
            .bind(engagement_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(coupon_from_row).collect()
    }

    pub async fn screen_coupon(&self, actor: &Actor, id: i64, today: NaiveDate) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let c = load(&mut tx, id).await?;
        let next = c.status.screen()?;
        set_status(&mut tx, &c, next, actor, today, None).await?;
        finish(&mut tx, actor, &c, next, EventKind::CouponScreened, &c.service_title, "screen").await?;
        tx.commit().await?;
        Ok(())
    }

    /// Approval commits the coupon's amount from its holder's available budget; the
    /// enterprise's holding in the round may not pass the ceiling.
    pub async fn approve_coupon(&self, actor: &Actor, id: i64, today: NaiveDate) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let c = load(&mut tx, id).await?;
        let next = c.status.approve()?;
        let round = load_round(&mut tx, c.round_id).await?;
        set_status(&mut tx, &c, next, actor, today, None).await?;
        hold(&mut tx, c.round_id, c.enterprise_id, c.terms.amount, round.rules.ceiling).await?;
        let memo = format!("คูปอง #{} {}", c.id, c.enterprise_name);
        if c.terms.amount.0 > 0 {
            post(&mut tx, c.round_id, &Movement::commit(c.funded_by, c.terms.amount)?, Some(c.id), &memo, actor)
                .await?;
        }
        let detail = format!("{} บาท จากวงเงิน{}", c.terms.amount.baht_display(), c.funded_by.name_th());
        finish(&mut tx, actor, &c, next, EventKind::CouponApproved, &detail, "approve").await?;
        // Paperwork can lag the work: if the delivery was already accepted, the money is
        // payable at once.
        let project: String = sqlx::query_scalar("SELECT status FROM engagements WHERE id = $1")
            .bind(c.engagement_id)
            .fetch_one(&mut *tx)
            .await?;
        if EngagementStatus::parse(&project) == Some(EngagementStatus::Accepted) {
            let c = load(&mut tx, id).await?;
            make_payable(&mut tx, &c, actor, today).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn reject_coupon(&self, actor: &Actor, id: i64, reason: &str, today: NaiveDate) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let c = load(&mut tx, id).await?;
        let next = c.status.reject(reason)?;
        set_status(&mut tx, &c, next, actor, today, Some(reason.trim().to_string())).await?;
        finish(&mut tx, actor, &c, next, EventKind::CouponRejected, reason.trim(), "reject").await?;
        tx.commit().await?;
        Ok(())
    }

    /// Cancelling an approved coupon releases its commitment back to the holder's budget.
    pub async fn cancel_coupon(&self, actor: &Actor, id: i64, reason: &str, today: NaiveDate) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let c = load(&mut tx, id).await?;
        cancel_on(&mut tx, &c, reason, actor, today).await?;
        tx.commit().await?;
        Ok(())
    }
}

pub(crate) async fn cancel_on(
    conn: &mut AnyConnection,
    c: &Coupon,
    reason: &str,
    actor: &Actor,
    today: NaiveDate,
) -> Result<()> {
    let next = c.status.cancel(reason)?;
    set_status(conn, c, next, actor, today, Some(reason.trim().to_string())).await?;
    if c.status == CouponStatus::Approved {
        unhold(conn, c.round_id, c.enterprise_id, c.terms.amount).await?;
        if c.terms.amount.0 > 0 {
            let memo = format!("ยกเลิกคูปอง #{}", c.id);
            post(conn, c.round_id, &Movement::release(c.funded_by, c.terms.amount)?, Some(c.id), &memo, actor).await?;
        }
    }
    finish(conn, actor, c, next, EventKind::CouponCancelled, reason.trim(), "cancel").await
}

/// Delivery accepted: the coupon's commitment becomes payable.
pub(crate) async fn make_payable(conn: &mut AnyConnection, c: &Coupon, actor: &Actor, today: NaiveDate) -> Result<()> {
    let next = c.status.make_payable()?;
    set_status(conn, c, next, actor, today, None).await?;
    if c.terms.amount.0 > 0 {
        let memo = format!("รับมอบงาน คูปอง #{}", c.id);
        post(conn, c.round_id, &Movement::make_payable(c.funded_by, c.terms.amount)?, Some(c.id), &memo, actor).await?;
    }
    record(&mut *conn, actor, "payable", "coupon", Some(c.id), Some(json(&c.status)), Some(json(&next))).await
}

pub(crate) async fn pay(conn: &mut AnyConnection, c: &Coupon, actor: &Actor, today: NaiveDate) -> Result<()> {
    let next = c.status.pay()?;
    set_status(conn, c, next, actor, today, None).await?;
    if c.terms.amount.0 > 0 {
        let memo = format!("จ่ายเงินคูปอง #{}", c.id);
        post(conn, c.round_id, &Movement::pay(c.funded_by, c.terms.amount)?, Some(c.id), &memo, actor).await?;
    }
    record(&mut *conn, actor, "pay", "coupon", Some(c.id), Some(json(&c.status)), Some(json(&next))).await
}

async fn finish(
    conn: &mut AnyConnection,
    actor: &Actor,
    c: &Coupon,
    next: CouponStatus,
    event: EventKind,
    detail: &str,
    action: &str,
) -> Result<()> {
    let refs = EventRefs { engagement: Some(c.engagement_id), coupon: Some(c.id), ..Default::default() };
    add_event(conn, c.need_id, actor, event, detail, refs).await?;
    record(&mut *conn, actor, action, "coupon", Some(c.id), Some(json(&c.status)), Some(json(&next))).await
}

pub(crate) async fn load(conn: &mut AnyConnection, id: i64) -> Result<Coupon> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE c.id = $1")))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    coupon_from_row(&row)
}

/// The live coupon of a project (not rejected or cancelled), if any.
pub(crate) async fn live_coupon(conn: &mut AnyConnection, engagement_id: i64) -> Result<Option<Coupon>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{SELECT} WHERE c.engagement_id = $1 AND c.status NOT IN ('rejected', 'cancelled') ORDER BY c.id DESC LIMIT 1"
    )))
    .bind(engagement_id)
    .fetch_optional(&mut *conn)
    .await?;
    row.as_ref().map(coupon_from_row).transpose()
}

async fn set_status(
    conn: &mut AnyConnection,
    c: &Coupon,
    to: CouponStatus,
    actor: &Actor,
    today: NaiveDate,
    reason: Option<String>,
) -> Result<()> {
    let decided = !matches!(to, CouponStatus::Payable | CouponStatus::Paid);
    let done = sqlx::query(
        "UPDATE coupons SET status = $1, reason = COALESCE($2, reason), \
         decided_on = CASE WHEN $3 = 1 THEN $4 ELSE decided_on END, \
         decided_by = CASE WHEN $3 = 1 THEN $5 ELSE decided_by END, updated_at = $6 \
         WHERE id = $7 AND status = $8",
    )
    .bind(to.code())
    .bind(reason)
    .bind(i64::from(decided))
    .bind(date_text(today))
    .bind(actor.label.clone())
    .bind(crate::now_text())
    .bind(c.id)
    .bind(c.status.code())
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() != 1 {
        return Err(changed_meanwhile().into());
    }
    Ok(())
}

async fn holding(conn: &mut AnyConnection, round_id: i64, enterprise_id: i64) -> Result<Satang> {
    let held: Option<i64> =
        sqlx::query_scalar("SELECT held FROM round_holdings WHERE round_id = $1 AND enterprise_id = $2")
            .bind(round_id)
            .bind(enterprise_id)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(Satang(held.unwrap_or(0)))
}

/// Adds to the enterprise's holding only if it stays within the ceiling: one conditional
/// UPDATE, so concurrent approvals for one enterprise cannot together pass it.
async fn hold(
    conn: &mut AnyConnection,
    round_id: i64,
    enterprise_id: i64,
    amount: Satang,
    ceiling: Satang,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO round_holdings (round_id, enterprise_id, held) VALUES ($1, $2, 0) \
         ON CONFLICT (round_id, enterprise_id) DO NOTHING",
    )
    .bind(round_id)
    .bind(enterprise_id)
    .execute(&mut *conn)
    .await?;
    let done = sqlx::query(
        "UPDATE round_holdings SET held = held + $1 WHERE round_id = $2 AND enterprise_id = $3 AND held + $1 <= $4",
    )
    .bind(amount.0)
    .bind(round_id)
    .bind(enterprise_id)
    .bind(ceiling.0)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() != 1 {
        let held = holding(conn, round_id, enterprise_id).await?;
        check_ceiling(ceiling, held, amount)?;
        return Err(changed_meanwhile().into());
    }
    Ok(())
}

async fn unhold(conn: &mut AnyConnection, round_id: i64, enterprise_id: i64, amount: Satang) -> Result<()> {
    sqlx::query("UPDATE round_holdings SET held = held - $1 WHERE round_id = $2 AND enterprise_id = $3")
        .bind(amount.0)
        .bind(round_id)
        .bind(enterprise_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub(crate) fn coupon_from_row(r: &AnyRow) -> Result<Coupon> {
    let status: String = r.get("status");
    Ok(Coupon {
        id: r.get("id"),
        round_id: r.get("round_id"),
        round_name: r.get("round_name"),
        engagement_id: r.get("engagement_id"),
        need_id: r.get("need_id"),
        enterprise_id: r.get("enterprise_id"),
        enterprise_name: r.get("enterprise_name"),
        service_id: r.get("service_id"),
        service_title: r.get("service_title"),
        province_code: r.get::<i64, _>("province_code") as u8,
        price_item: r.get("price_item"),
        terms: CouponTerms {
            price: Satang(r.get("price")),
            copay: Satang(r.get("copay")),
            amount: Satang(r.get("amount")),
        },
        funded_by: holder(&r.get::<String, _>("funded_by"))?,
        status: CouponStatus::parse(&status).ok_or_else(|| crate::codec::corrupt("coupon status", &status))?,
        reason: r.get("reason"),
        applied_on: parse_day(&r.get::<String, _>("applied_on"))?,
        applied_by: r.get("applied_by"),
        decided_on: parse_day_opt(r.get("decided_on"))?,
        decided_by: r.get("decided_by"),
    })
}

/// Kept for the verify pass: the ledger kinds a coupon's status implies hold its amount.
pub(crate) fn account_for(status: CouponStatus) -> Option<AccountKind> {
    match status {
        CouponStatus::Approved => Some(AccountKind::Committed),
        CouponStatus::Payable => Some(AccountKind::Payable),
        CouponStatus::Paid => Some(AccountKind::Paid),
        _ => None,
    }
}
