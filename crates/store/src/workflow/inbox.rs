//! Each actor's inbox: what awaits them, computed from the records' states (so it can
//! never disagree with them) and limited to their scope.

use chrono::NaiveDate;
use otop_domain::Role;
use otop_domain::access::{EnterpriseScope, Principal};
use serde::Serialize;
use sqlx::Row;

use super::{date_text, parse_day};
use crate::enterprises::push_scope;
use crate::sql::Sql;
use crate::{Result, Store};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InboxKind {
    AnswerReferral,
    ReportDelivery,
    ClaimPayment,
    ScreenCoupon,
    ApproveCoupon,
    ApprovePayment,
    ChaseReferral,
    ConfirmDelivery,
    RecordOutcome,
    FollowUp,
}

impl InboxKind {
    pub fn name_th(self) -> &'static str {
        match self {
            InboxKind::AnswerReferral => "ตอบรับหรือปฏิเสธการส่งต่อ",
            InboxKind::ReportDelivery => "ดำเนินงานและรายงานส่งมอบ",
            InboxKind::ClaimPayment => "ขอเบิกเงินคูปอง",
            InboxKind::ScreenCoupon => "ตรวจคุณสมบัติคำขอคูปอง",
            InboxKind::ApproveCoupon => "พิจารณาอนุมัติคูปอง",
            InboxKind::ApprovePayment => "อนุมัติจ่ายเงินคูปอง",
            InboxKind::ChaseReferral => "ติดตามการส่งต่อที่ยังไม่มีคำตอบ",
            InboxKind::ConfirmDelivery => "ตรวจรับงานที่ส่งมอบ",
            InboxKind::RecordOutcome => "บันทึกผลและปิดโครงการ",
            InboxKind::FollowUp => "ตอบแบบติดตามผล 6 เดือน",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            InboxKind::AnswerReferral => "Accept or decline a referral",
            InboxKind::ReportDelivery => "Do the work and report the delivery",
            InboxKind::ClaimPayment => "Claim the coupon payment",
            InboxKind::ScreenCoupon => "Screen a coupon application",
            InboxKind::ApproveCoupon => "Decide on a coupon",
            InboxKind::ApprovePayment => "Approve a payment claim",
            InboxKind::ChaseReferral => "Chase an unanswered referral",
            InboxKind::ConfirmDelivery => "Check and accept the delivered work",
            InboxKind::RecordOutcome => "Record the outcome and close the project",
            InboxKind::FollowUp => "Answer the six-month follow-up",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct InboxItem {
    pub kind: InboxKind,
    pub need_id: i64,
    pub referral_id: Option<i64>,
    pub engagement_id: Option<i64>,
    pub coupon_id: Option<i64>,
    pub enterprise_name: String,
    pub service_title: String,
    /// Since when it has waited (or when it falls due).
    pub since: NaiveDate,
    /// Past its reply time or due date.
    pub overdue: bool,
}

const PER_KIND: i64 = 50;

impl Store {
    pub async fn inbox(&self, p: &Principal, today: NaiveDate, reply_days: u32) -> Result<Vec<InboxItem>> {
        let mut items = Vec::new();
        let late = date_text(today - chrono::Days::new(u64::from(reply_days)));
        match p.role {
            Role::ProviderStaff => {
                let Some(provider) = p.provider_id else { return Ok(items) };
                let by_provider = |base: &str| {
                    let mut q = Sql::new(self.backend, base);
                    q.push(" AND r.provider_id = ").bind(provider);
                    q
                };
                items.extend(self.items(by_provider(REFERRALS_SENT), InboxKind::AnswerReferral, Some(&late)).await?);
                items.extend(
                    self.items(by_provider(&engagements("r.status = 'active'")), InboxKind::ReportDelivery, None)
                        .await?,
                );
                items.extend(
                    self.items(
                        by_provider(&engagements("r.status = 'accepted' AND c.status = 'payable'")),
                        InboxKind::ClaimPayment,
                        None,
                    )
                    .await?,
                );
            }
            Role::ProvincialOfficer | Role::RegionalOfficer | Role::NationalOfficer => {
                let scope = p.enterprise_scope();
                let scoped = |base: &str| {
                    let mut q = Sql::new(self.backend, base);
                    push_scope(&mut q, &scope, "r.enterprise_id");
                    q
                };
                items.extend(
                    self.items(scoped(&coupons("r.status = 'submitted'")), InboxKind::ScreenCoupon, None).await?,
                );
                items.extend(
                    self.items(scoped(&coupons("r.status = 'screened'")), InboxKind::ApproveCoupon, None).await?,
                );
                items.extend(
                    self.items(scoped(&engagements("r.status = 'claimed'")), InboxKind::ApprovePayment, None).await?,
                );
                let mut chase = scoped(REFERRALS_SENT);
                chase.push(" AND r.sent_on < ").bind(late.clone());
                items.extend(self.items(chase, InboxKind::ChaseReferral, Some(&late)).await?);
                items.extend(self.items(scoped(&engagements(CLOSABLE)), InboxKind::RecordOutcome, None).await?);
                items.extend(self.follow_ups(scoped(&engagements(FOLLOW_UP)), today).await?);
            }
            Role::Entrepreneur => {
                let scope = p.enterprise_scope();
                if scope == EnterpriseScope::Nothing {
                    return Ok(items);
                }
                let scoped = |base: &str| {
                    let mut q = Sql::new(self.backend, base);
                    push_scope(&mut q, &scope, "r.enterprise_id");
                    q
                };
                items.extend(
                    self.items(scoped(&engagements("r.status = 'reported'")), InboxKind::ConfirmDelivery, None).await?,
                );
                items.extend(self.items(scoped(&engagements(CLOSABLE)), InboxKind::RecordOutcome, None).await?);
                items.extend(self.follow_ups(scoped(&engagements(FOLLOW_UP)), today).await?);
            }
            Role::PartnerOfficer | Role::Admin => {}
        }
        Ok(items)
    }

    async fn items(&self, mut q: Sql, kind: InboxKind, late_before: Option<&str>) -> Result<Vec<InboxItem>> {
        q.push(" ORDER BY since, r.id LIMIT ").bind(PER_KIND);
        let rows = q.query().fetch_all(&self.pool).await?;
        rows.iter()
            .map(|r| {
                let since: String = r.get("since");
                Ok(InboxItem {
                    kind,
                    need_id: r.get("need_id"),
                    referral_id: r.get("referral_id"),
                    engagement_id: r.get("engagement_id"),
                    coupon_id: r.get("coupon_id"),
                    enterprise_name: r.get("enterprise_name"),
                    service_title: r.get("service_title"),
                    overdue: late_before.is_some_and(|l| since.as_str() < l),
                    since: parse_day(&since)?,
                })
            })
            .collect()
    }

    async fn follow_ups(&self, mut q: Sql, today: NaiveDate) -> Result<Vec<InboxItem>> {
        q.push(" AND r.follow_up_due <= ").bind(date_text(today));
        let mut items = self.items(q, InboxKind::FollowUp, None).await?;
        for i in &mut items {
            i.overdue = i.since < today;
        }
        Ok(items)
    }
}

const REFERRALS_SENT: &str = "SELECT r.need_id, r.id AS referral_id, NULL AS engagement_id, NULL AS coupon_id, \
    e.name AS enterprise_name, s.title AS service_title, r.sent_on AS since \
    FROM referrals r JOIN enterprises e ON e.id = r.enterprise_id JOIN services s ON s.id = r.service_id \
    WHERE r.status = 'sent'";

/// Projects (aliased `r`, as every inbox query's main table, for the scope filter) with
/// their live coupon (`c`), if any.
fn engagements(condition: &str) -> String {
    format!(
        "SELECT r.need_id, r.referral_id, r.id AS engagement_id, c.id AS coupon_id, e.name AS enterprise_name, \
         s.title AS service_title, COALESCE(r.follow_up_due, r.claimed_on, r.reported_on, r.accepted_on, r.start_on) AS since \
         FROM engagements r JOIN enterprises e ON e.id = r.enterprise_id JOIN services s ON s.id = r.service_id \
         LEFT JOIN coupons c ON c.engagement_id = r.id AND c.status NOT IN ('rejected', 'cancelled') \
         WHERE {condition}"
    )
}

fn coupons(condition: &str) -> String {
    format!(
        "SELECT r.need_id, NULL AS referral_id, r.engagement_id, r.id AS coupon_id, e.name AS enterprise_name, \
         s.title AS service_title, r.applied_on AS since \
         FROM coupons r JOIN enterprises e ON e.id = r.enterprise_id JOIN services s ON s.id = r.service_id \
         WHERE {condition}"
    )
}

const CLOSABLE: &str = "(r.status = 'paid' OR (r.status = 'accepted' AND c.id IS NULL))";
const FOLLOW_UP: &str = "r.status = 'closed' AND NOT EXISTS (SELECT 1 FROM outcomes o WHERE o.engagement_id = r.id AND o.stage = 'follow_up')";
