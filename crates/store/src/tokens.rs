//! One-time links (password reset, invitation), the outbox that delivers them, and API
//! tokens for other government systems. Only hashes of secrets are stored.

use chrono::{DateTime, Utc};
use otop_domain::access::Principal;
use otop_domain::{Agency, Role};
use otop_geo::Region;
use serde::Serialize;
use sqlx::{Connection, Row};

use crate::audit::{json, record};
use crate::codec::{decode_list, encode_list};
use crate::sessions::time_text;
use crate::{Actor, Result, Store, StoreError, now_text};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenPurpose {
    ResetPassword,
    Invitation,
}

impl TokenPurpose {
    pub fn code(self) -> &'static str {
        match self {
            TokenPurpose::ResetPassword => "reset_password",
            TokenPurpose::Invitation => "invitation",
        }
    }
}

/// A message for a person (e-mail or SMS) as the outbox holds it.
#[derive(Debug, Clone, Serialize)]
pub struct OutboxMessage {
    pub id: i64,
    pub account_id: Option<i64>,
    pub recipient: String,
    pub subject: String,
    pub body: String,
    pub created_at: String,
    pub sent_at: Option<String>,
}

/// An API token as listed (never its secret).
#[derive(Debug, Clone, Serialize)]
pub struct ApiToken {
    pub id: i64,
    pub name: String,
    pub prefix: String,
    pub role: Role,
    pub provinces: Vec<u8>,
    pub region: Option<Region>,
    pub provider_id: Option<i64>,
    pub agency: Option<Agency>,
    pub created_at: String,
    pub last_used_at: Option<String>,
    pub revoked_at: Option<String>,
}

impl ApiToken {
    pub fn principal(&self) -> Principal {
        Principal {
            account_id: None,
            token_id: Some(self.id),
            name: self.name.clone(),
            role: self.role,
            provinces: self.provinces.clone(),
            region: self.region,
            provider_id: self.provider_id,
            provider_manager: false,
            agency: self.agency,
        }
    }
}

const TOKEN_COLUMNS: &str =
    "id, name, prefix, role, provinces, region, provider_id, agency, created_at, last_used_at, revoked_at";

fn token_from_row(r: &sqlx::any::AnyRow) -> Result<ApiToken> {
    let role: String = r.get("role");
    let provinces: String = r.get("provinces");
    let region: Option<String> = r.get("region");
    let agency: Option<String> = r.get("agency");
    Ok(ApiToken {
        id: r.get("id"),
        name: r.get("name"),
        prefix: r.get("prefix"),
        role: Role::parse(&role).ok_or_else(|| StoreError::Corrupt(format!("role {role:?}")))?,
        provinces: decode_list(&provinces, |p| p.parse().ok())?,
        region: region.as_deref().and_then(Region::parse),
        provider_id: r.get("provider_id"),
        agency: agency.as_deref().and_then(Agency::parse),
        created_at: r.get("created_at"),
        last_used_at: r.get("last_used_at"),
        revoked_at: r.get("revoked_at"),
    })
}

impl Store {
    /// Stores a one-time link for `account_id` and queues the message that carries it, in
    /// one transaction (a link nobody can receive is never made).
    #[allow(clippy::too_many_arguments)]
    pub async fn issue_one_time_token(
        &self,
        actor: &Actor,
        account_id: i64,
        purpose: TokenPurpose,
        token_hash: &str,
        expires_at: DateTime<Utc>,
        recipient: &str,
        subject: &str,
        body: &str,
    ) -> Result<()> {
        let mut conn = self.pool.acquire().await?;
        let mut tx = conn.begin().await?;
        let now = now_text();
        // A new link replaces older unused ones of the same purpose.
        sqlx::query("DELETE FROM one_time_tokens WHERE account_id = $1 AND purpose = $2 AND used_at IS NULL")
            .bind(account_id)
            .bind(purpose.code())
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO one_time_tokens (token_hash, account_id, purpose, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(token_hash.to_string())
        .bind(account_id)
        .bind(purpose.code())
        .bind(now.clone())
        .bind(time_text(expires_at))
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO outbox (account_id, recipient, subject, body, created_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(account_id)
        .bind(recipient.to_string())
        .bind(subject.to_string())
        .bind(body.to_string())
        .bind(now)
        .execute(&mut *tx)
        .await?;
        record(&mut *tx, actor, purpose.code(), "account", Some(account_id), None, None).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The account a live, unused link belongs to, without using it up (the form shows first).
    pub async fn one_time_token_account(
        &self,
        token_hash: &str,
        purpose: TokenPurpose,
        now: DateTime<Utc>,
    ) -> Result<Option<i64>> {
        Ok(sqlx::query_scalar(
            "SELECT account_id FROM one_time_tokens WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3",
        )
        .bind(token_hash.to_string())
        .bind(purpose.code())
        .bind(time_text(now))
        .fetch_optional(&self.pool)
        .await?)
    }

    /// Uses up a link and sets the password it was for, in one transaction; `None` if the
    /// link is unknown, used or expired. Invitations also activate the account.
    pub async fn redeem_one_time_token(
        &self,
        token_hash: &str,
        purpose: TokenPurpose,
        now: DateTime<Utc>,
        password_hash: &str,
    ) -> Result<Option<i64>> {
        let mut conn = self.pool.acquire().await?;
        let mut tx = conn.begin().await?;
        let account: Option<i64> = sqlx::query_scalar(
            "UPDATE one_time_tokens SET used_at = $1 WHERE token_hash = $2 AND purpose = $3 AND used_at IS NULL \
             AND expires_at > $1 RETURNING account_id",
        )
        .bind(time_text(now))
        .bind(token_hash.to_string())
        .bind(purpose.code())
        .fetch_optional(&mut *tx)
        .await?;
        let Some(id) = account else { return Ok(None) };
        sqlx::query("UPDATE accounts SET password_hash = $1, updated_at = $2 WHERE id = $3 AND status <> 'erased'")
            .bind(password_hash.to_string())
            .bind(now_text())
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM sessions WHERE account_id = $1").bind(id).execute(&mut *tx).await?;
        let actor = Actor { label: format!("account:{id} (link)"), account_id: Some(id), ip: None };
        record(&mut *tx, &actor, "set_password", "account", Some(id), None, Some(json(purpose.code()))).await?;
        tx.commit().await?;
        Ok(Some(id))
    }

    /// Messages not yet handed to a sender, newest first.
    pub async fn pending_messages(&self) -> Result<Vec<OutboxMessage>> {
        let rows = sqlx::query(
            "SELECT id, account_id, recipient, subject, body, created_at, sent_at FROM outbox WHERE sent_at IS NULL ORDER BY id DESC",
        )
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|r| OutboxMessage {
                id: r.get("id"),
                account_id: r.get("account_id"),
                recipient: r.get("recipient"),
                subject: r.get("subject"),
                body: r.get("body"),
                created_at: r.get("created_at"),
                sent_at: r.get("sent_at"),
            })
            .collect())
    }

    pub async fn mark_sent(&self, id: i64) -> Result<()> {
        sqlx::query("UPDATE outbox SET sent_at = $1 WHERE id = $2")
            .bind(now_text())
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Stores a new API token's hash with the role and scope it acts with.
    pub async fn create_api_token(&self, actor: &Actor, p: &Principal, token_hash: &str, prefix: &str) -> Result<i64> {
        let mut conn = self.pool.acquire().await?;
        let mut tx = conn.begin().await?;
        let provinces: Vec<String> = p.provinces.iter().map(u8::to_string).collect();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO api_tokens (name, token_hash, prefix, role, provinces, region, provider_id, agency, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(p.name.clone())
        .bind(token_hash.to_string())
        .bind(prefix.to_string())
        .bind(p.role.code())
        .bind(encode_list(provinces.iter().map(String::as_str)))
        .bind(p.region.map(|r| r.code().to_string()))
        .bind(p.provider_id)
        .bind(p.agency.map(|g| g.code().to_string()))
        .bind(actor.account_id)
        .bind(now_text())
        .fetch_one(&mut *tx)
        .await?;
        let view = serde_json::json!({"name": p.name, "role": p.role.code(), "provinces": p.provinces,
            "region": p.region.map(|r| r.code()), "provider_id": p.provider_id, "agency": p.agency.map(|g| g.code()), "prefix": prefix});
        record(&mut *tx, actor, "create", "api_token", Some(id), None, Some(view.to_string())).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn api_tokens(&self) -> Result<Vec<ApiToken>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {TOKEN_COLUMNS} FROM api_tokens ORDER BY id DESC")))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(token_from_row).collect()
    }

    pub async fn revoke_api_token(&self, actor: &Actor, id: i64) -> Result<()> {
        let mut conn = self.pool.acquire().await?;
        let mut tx = conn.begin().await?;
        let n = sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
            .bind(now_text())
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        record(&mut *tx, actor, "revoke", "api_token", Some(id), None, None).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The live token with this hash, its last use recorded now.
    pub async fn use_api_token(&self, token_hash: &str) -> Result<Option<ApiToken>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL"
        )))
        .bind(token_hash.to_string())
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let token = token_from_row(&row)?;
        sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
            .bind(now_text())
            .bind(token.id)
            .execute(&self.pool)
            .await?;
        Ok(Some(token))
    }
}
