//! The integrity check behind `otop-upgrade verify`: the ledger's invariants, the
//! workflow's states against the money, and references between tables. Read-only; each
//! finding names the record and what is wrong.

use otop_domain::workflow::{AccountKind, CouponStatus};
use serde::Serialize;
use sqlx::Row;

use super::coupons::account_for;
use crate::{Result, Store};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Violation {
    /// Which rule: `ledger.unbalanced`, `ledger.balance`, `ledger.negative`, `coupon.ledger`,
    /// `coupon.holding`, `workflow.state`, `reference`.
    pub rule: &'static str,
    pub detail: String,
}

/// Columns that point at another table's id (the integrity check does not trust the
/// engine to have enforced them: a database may have been restored or edited by hand).
const REFERENCES: &[(&str, &str, &str)] = &[
    ("enterprise_certifications", "enterprise_id", "enterprises"),
    ("products", "enterprise_id", "enterprises"),
    ("services", "provider_id", "providers"),
    ("needs", "enterprise_id", "enterprises"),
    ("needs", "product_id", "products"),
    ("referrals", "need_id", "needs"),
    ("referrals", "service_id", "services"),
    ("referrals", "provider_id", "providers"),
    ("referrals", "enterprise_id", "enterprises"),
    ("engagements", "referral_id", "referrals"),
    ("engagements", "need_id", "needs"),
    ("coupons", "engagement_id", "engagements"),
    ("coupons", "round_id", "rounds"),
    ("coupons", "enterprise_id", "enterprises"),
    ("ledger_accounts", "round_id", "rounds"),
    ("ledger_transactions", "round_id", "rounds"),
    ("ledger_transactions", "coupon_id", "coupons"),
    ("ledger_entries", "transaction_id", "ledger_transactions"),
    ("ledger_entries", "account_id", "ledger_accounts"),
    ("milestones", "engagement_id", "engagements"),
    ("deliverables", "engagement_id", "engagements"),
    ("outcomes", "engagement_id", "engagements"),
    ("need_events", "need_id", "needs"),
    ("enterprise_members", "enterprise_id", "enterprises"),
    ("enterprise_members", "account_id", "accounts"),
];

impl Store {
    pub async fn verify(&self) -> Result<Vec<Violation>> {
        let mut found = Vec::new();
        let mut add = |rule: &'static str, detail: String| found.push(Violation { rule, detail });

        for r in sqlx::query(
            "SELECT t.id, CAST(COALESCE(SUM(e.amount), 0) AS BIGINT) AS total, COUNT(e.id) AS n FROM ledger_transactions t \
             LEFT JOIN ledger_entries e ON e.transaction_id = t.id GROUP BY t.id \
             HAVING CAST(COALESCE(SUM(e.amount), 0) AS BIGINT) <> 0 OR COUNT(e.id) < 2",
        )
        .fetch_all(&self.pool)
        .await?
        {
            let (id, total, n): (i64, i64, i64) = (r.get("id"), r.get("total"), r.get("n"));
            add("ledger.unbalanced", format!("transaction {id}: {n} entries summing to {total} satang (must be ≥ 2 summing to 0)"));
        }

        for r in sqlx::query(
            "SELECT a.id, a.round_id, a.kind, a.holder, a.balance, CAST(COALESCE(SUM(e.amount), 0) AS BIGINT) AS total \
             FROM ledger_accounts a LEFT JOIN ledger_entries e ON e.account_id = a.id \
             GROUP BY a.id, a.round_id, a.kind, a.holder, a.balance",
        )
        .fetch_all(&self.pool)
        .await?
        {
            let (id, balance, total): (i64, i64, i64) = (r.get("id"), r.get("balance"), r.get("total"));
            let name = format!(
                "round {} {}:{}",
                r.get::<i64, _>("round_id"),
                r.get::<String, _>("kind"),
                r.get::<String, _>("holder")
            );
            if balance != total {
                add(
                    "ledger.balance",
                    format!("account {id} ({name}): balance {balance} but its entries sum to {total}"),
                );
            }
            if r.get::<String, _>("kind") != AccountKind::Source.code() && total < 0 {
                add("ledger.negative", format!("account {id} ({name}) is below zero: {total} satang"));
            }
        }

        let total: Option<i64> =
            sqlx::query_scalar("SELECT CAST(SUM(amount) AS BIGINT) FROM ledger_entries").fetch_one(&self.pool).await?;
        if total.unwrap_or(0) != 0 {
            add("ledger.unbalanced", format!("all entries together sum to {} satang, not 0", total.unwrap_or(0)));
        }

        // What each coupon's status says about the money, against what its transactions did.
        let coupons = sqlx::query(
            "SELECT c.id, c.status, c.amount, \
               CAST(COALESCE(SUM(CASE WHEN a.kind = 'committed' THEN e.amount ELSE 0 END), 0) AS BIGINT) AS committed, \
               CAST(COALESCE(SUM(CASE WHEN a.kind = 'payable' THEN e.amount ELSE 0 END), 0) AS BIGINT) AS payable, \
               CAST(COALESCE(SUM(CASE WHEN a.kind = 'paid' THEN e.amount ELSE 0 END), 0) AS BIGINT) AS paid \
             FROM coupons c LEFT JOIN ledger_transactions t ON t.coupon_id = c.id \
             LEFT JOIN ledger_entries e ON e.transaction_id = t.id LEFT JOIN ledger_accounts a ON a.id = e.account_id \
             GROUP BY c.id, c.status, c.amount",
        )
        .fetch_all(&self.pool)
        .await?;
        for r in &coupons {
            let id: i64 = r.get("id");
            let status: String = r.get("status");
            let Some(status) = CouponStatus::parse(&status) else {
                add("workflow.state", format!("coupon {id}: unknown status {status:?}"));
                continue;
            };
            let amount: i64 = r.get("amount");
            let want = |kind: AccountKind| if account_for(status) == Some(kind) { amount } else { 0 };
            for (kind, column) in
                [(AccountKind::Committed, "committed"), (AccountKind::Payable, "payable"), (AccountKind::Paid, "paid")]
            {
                let got: i64 = r.get(column);
                if got != want(kind) {
                    add(
                        "coupon.ledger",
                        format!(
                            "coupon {id} is {} but holds {got} satang {column} (expected {})",
                            status.code(),
                            want(kind)
                        ),
                    );
                }
            }
        }

        for r in sqlx::query(
            "SELECT h.round_id, h.enterprise_id, h.held, CAST(COALESCE((SELECT SUM(c.amount) FROM coupons c \
               WHERE c.round_id = h.round_id AND c.enterprise_id = h.enterprise_id \
               AND c.status IN ('approved', 'payable', 'paid')), 0) AS BIGINT) AS total FROM round_holdings h",
        )
        .fetch_all(&self.pool)
        .await?
        {
            let (held, total): (i64, i64) = (r.get("held"), r.get("total"));
            if held != total {
                add(
                    "coupon.holding",
                    format!(
                        "enterprise {} in round {}: holding {held} but its coupons come to {total}",
                        r.get::<i64, _>("enterprise_id"),
                        r.get::<i64, _>("round_id")
                    ),
                );
            }
        }

        // States that must agree across records.
        for (sql, what) in [
            (
                "SELECT r.id FROM referrals r LEFT JOIN engagements g ON g.referral_id = r.id \
                 WHERE (r.status = 'accepted') <> (g.id IS NOT NULL)",
                "referral {} is accepted without a project, or has a project without being accepted",
            ),
            (
                "SELECT c.id FROM coupons c JOIN engagements g ON g.id = c.engagement_id \
                 WHERE (c.status = 'paid' AND g.status NOT IN ('paid', 'closed')) \
                    OR (c.status = 'payable' AND g.status NOT IN ('accepted', 'claimed')) \
                    OR (c.status IN ('submitted', 'screened') AND g.status NOT IN ('active', 'reported', 'accepted'))",
                "coupon {} does not agree with its project's status",
            ),
            (
                "SELECT g.id FROM engagements g WHERE g.status IN ('paid', 'claimed') AND NOT EXISTS \
                 (SELECT 1 FROM coupons c WHERE c.engagement_id = g.id AND c.status IN ('payable', 'paid'))",
                "project {} is claimed or paid without a payable or paid coupon",
            ),
            (
                "SELECT n.id FROM needs n WHERE n.status IN ('referred', 'in_progress', 'solved') \
                 AND NOT EXISTS (SELECT 1 FROM referrals r WHERE r.need_id = n.id)",
                "need {} is referred, in progress or solved without any referral",
            ),
            (
                "SELECT c.id FROM coupons c WHERE c.price <> c.copay + c.amount OR c.amount < 0 OR c.copay < 0",
                "coupon {}: price is not co-payment + coupon amount",
            ),
        ] {
            for r in sqlx::query(sql).fetch_all(&self.pool).await? {
                add("workflow.state", what.replace("{}", &r.get::<i64, _>(0).to_string()));
            }
        }

        for (table, column, target) in REFERENCES {
            let sql = format!(
                "SELECT COUNT(*) FROM {table} t LEFT JOIN {target} x ON x.id = t.{column} \
                 WHERE t.{column} IS NOT NULL AND x.id IS NULL"
            );
            let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).fetch_one(&self.pool).await?;
            if n > 0 {
                add("reference", format!("{n} rows of {table}.{column} point at no row of {target}"));
            }
        }
        Ok(found)
    }
}
