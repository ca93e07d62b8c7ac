//! The budget ledger: balanced transactions of entries in satang, account balances kept
//! in step in the same transaction, and the reads behind the budget pages.

use otop_domain::Satang;
use otop_domain::workflow::{AccountKey, AccountKind, Holder, Movement, MovementKind, insufficient};
use serde::Serialize;
use sqlx::{AnyConnection, Row};

use crate::audit::{json, record};
use crate::{Actor, Result, Store, StoreError};

#[derive(Debug, Clone, Serialize)]
pub struct AccountBalance {
    pub round_id: i64,
    pub kind: AccountKind,
    pub holder: Holder,
    pub balance: Satang,
}

#[derive(Debug, Clone, Serialize)]
pub struct LedgerEntry {
    pub kind: AccountKind,
    pub holder: Holder,
    pub amount: Satang,
}

#[derive(Debug, Clone, Serialize)]
pub struct LedgerTransaction {
    pub id: i64,
    pub round_id: i64,
    pub kind: MovementKind,
    pub coupon_id: Option<i64>,
    pub memo: String,
    pub at: String,
    pub actor: String,
    pub entries: Vec<LedgerEntry>,
}

/// Writes one balanced movement. Debits go first, each as `balance = balance + amount`
/// only where the result stays allowed, so an account that cannot cover its part refuses
/// the whole movement before anything else is written (the caller's transaction then
/// rolls back).
pub(crate) async fn post(
    conn: &mut AnyConnection,
    round_id: i64,
    movement: &Movement,
    coupon_id: Option<i64>,
    memo: &str,
    actor: &Actor,
) -> Result<i64> {
    debug_assert!(movement.is_balanced());
    let tx_id: i64 = sqlx::query_scalar(
        "INSERT INTO ledger_transactions (round_id, kind, coupon_id, memo, at, actor) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(round_id)
    .bind(movement.kind.code())
    .bind(coupon_id)
    .bind(memo.to_string())
    .bind(crate::now_text())
    .bind(actor.label.clone())
    .fetch_one(&mut *conn)
    .await?;
    let mut postings = movement.postings.clone();
    postings.sort_by_key(|p| p.amount);
    for p in &postings {
        let account_id = ensure_account(conn, round_id, p.account).await?;
        let updated: Option<i64> = sqlx::query_scalar(
            "UPDATE ledger_accounts SET balance = balance + $1 \
             WHERE id = $2 AND (kind = 'source' OR balance + $1 >= 0) RETURNING id",
        )
        .bind(p.amount)
        .bind(account_id)
        .fetch_optional(&mut *conn)
        .await?;
        if updated.is_none() {
            let balance: i64 = sqlx::query_scalar("SELECT balance FROM ledger_accounts WHERE id = $1")
                .bind(account_id)
                .fetch_one(&mut *conn)
                .await?;
            return Err(StoreError::Refused(insufficient(p.account, Satang(balance), Satang(-p.amount))));
        }
        sqlx::query("INSERT INTO ledger_entries (transaction_id, account_id, amount) VALUES ($1, $2, $3)")
            .bind(tx_id)
            .bind(account_id)
            .bind(p.amount)
            .execute(&mut *conn)
            .await?;
    }
    Ok(tx_id)
}

async fn ensure_account(conn: &mut AnyConnection, round_id: i64, key: AccountKey) -> Result<i64> {
    sqlx::query(
        "INSERT INTO ledger_accounts (round_id, kind, holder, balance) VALUES ($1, $2, $3, 0) \
         ON CONFLICT (round_id, kind, holder) DO NOTHING",
    )
    .bind(round_id)
    .bind(key.kind.code())
    .bind(key.holder.key())
    .execute(&mut *conn)
    .await?;
    Ok(sqlx::query_scalar("SELECT id FROM ledger_accounts WHERE round_id = $1 AND kind = $2 AND holder = $3")
        .bind(round_id)
        .bind(key.kind.code())
        .bind(key.holder.key())
        .fetch_one(&mut *conn)
        .await?)
}

impl Store {
    /// The round's appropriation reaches the national account.
    pub async fn fund_round(&self, actor: &Actor, round_id: i64, amount: Satang, memo: &str) -> Result<i64> {
        self.round(round_id).await?;
        let movement = Movement::fund(amount)?;
        self.post_one(actor, round_id, &movement, memo, "fund").await
    }

    /// Moves available budget between two neighbouring holders of the round.
    pub async fn allocate(
        &self,
        actor: &Actor,
        round_id: i64,
        from: Holder,
        to: Holder,
        amount: Satang,
        memo: &str,
    ) -> Result<i64> {
        self.round(round_id).await?;
        let movement = Movement::allocate(from, to, amount)?;
        self.post_one(actor, round_id, &movement, memo, "allocate").await
    }

    async fn post_one(&self, actor: &Actor, round_id: i64, m: &Movement, memo: &str, action: &str) -> Result<i64> {
        let mut tx = self.begin_write().await?;
        let id = post(&mut tx, round_id, m, None, memo, actor).await?;
        record(&mut *tx, actor, action, "ledger_transaction", Some(id), None, Some(json(m))).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Every account of a round (or of all rounds), national first.
    pub async fn balances(&self, round_id: Option<i64>) -> Result<Vec<AccountBalance>> {
        let rows = sqlx::query(
            "SELECT round_id, kind, holder, balance FROM ledger_accounts \
             WHERE ($1 IS NULL OR round_id = $1) ORDER BY round_id, holder, kind",
        )
        .bind(round_id)
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            out.push(AccountBalance {
                round_id: r.get("round_id"),
                kind: account_kind(&r.get::<String, _>("kind"))?,
                holder: holder(&r.get::<String, _>("holder"))?,
                balance: Satang(r.get("balance")),
            });
        }
        Ok(out)
    }

    /// The balance of one account; zero when it has never been used.
    pub async fn balance(&self, round_id: i64, key: AccountKey) -> Result<Satang> {
        let b: Option<i64> =
            sqlx::query_scalar("SELECT balance FROM ledger_accounts WHERE round_id = $1 AND kind = $2 AND holder = $3")
                .bind(round_id)
                .bind(key.kind.code())
                .bind(key.holder.key())
                .fetch_optional(&self.pool)
                .await?;
        Ok(Satang(b.unwrap_or(0)))
    }

    /// A round's transactions, newest first, optionally only those touching `holder`.
    pub async fn ledger_transactions(
        &self,
        round_id: i64,
        only: Option<Holder>,
        limit: i64,
    ) -> Result<Vec<LedgerTransaction>> {
        let rows = sqlx::query(
            "SELECT t.id, t.round_id, t.kind, t.coupon_id, t.memo, t.at, t.actor FROM ledger_transactions t \
             WHERE t.round_id = $1 AND ($2 IS NULL OR EXISTS (SELECT 1 FROM ledger_entries e \
               JOIN ledger_accounts a ON a.id = e.account_id WHERE e.transaction_id = t.id AND a.holder = $2)) \
             ORDER BY t.id DESC LIMIT $3",
        )
        .bind(round_id)
        .bind(only.map(|h| h.key()))
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let id: i64 = r.get("id");
            let entries = sqlx::query(
                "SELECT a.kind, a.holder, e.amount FROM ledger_entries e JOIN ledger_accounts a ON a.id = e.account_id \
                 WHERE e.transaction_id = $1 ORDER BY e.id",
            )
            .bind(id)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|e| {
                Ok(LedgerEntry {
                    kind: account_kind(&e.get::<String, _>("kind"))?,
                    holder: holder(&e.get::<String, _>("holder"))?,
                    amount: Satang(e.get("amount")),
                })
            })
            .collect::<Result<Vec<_>>>()?;
            let kind: String = r.get("kind");
            out.push(LedgerTransaction {
                id,
                round_id: r.get("round_id"),
                kind: MovementKind::parse(&kind).ok_or_else(|| crate::codec::corrupt("movement", &kind))?,
                coupon_id: r.get("coupon_id"),
                memo: r.get("memo"),
                at: r.get("at"),
                actor: r.get("actor"),
                entries,
            });
        }
        Ok(out)
    }
}

pub(crate) fn account_kind(s: &str) -> Result<AccountKind> {
    AccountKind::parse(s).ok_or_else(|| crate::codec::corrupt("account kind", s))
}

pub(crate) fn holder(s: &str) -> Result<Holder> {
    Holder::parse_key(s).ok_or_else(|| crate::codec::corrupt("holder", s))
}
