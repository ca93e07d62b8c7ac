//! Sign-in sessions and failed sign-ins. A session is found by the SHA-256 of its cookie
//! value (computed by the caller), so the table alone does not let anyone sign in.

use chrono::{DateTime, Utc};
use otop_domain::access::Principal;
use sqlx::{Connection, Row};

use crate::accounts::Account;
use crate::audit::record;
use crate::{Actor, Result, Store, now_text};

/// A new session's particulars.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub token_hash: String,
    pub account_id: i64,
    pub expires_at: DateTime<Utc>,
    pub ip: String,
    pub user_agent: String,
}

/// A live session and who it belongs to.
#[derive(Debug, Clone)]
pub struct SessionInfo {
    pub account: Account,
    pub last_seen_at: DateTime<Utc>,
}

impl SessionInfo {
    pub fn principal(&self) -> Principal {
        self.account.principal()
    }
}

fn parse_time(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).map(|t| t.with_timezone(&Utc)).unwrap_or_default()
}

pub(crate) fn time_text(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

impl Store {
    /// Starts a session; `replacing` (the session the browser had before signing in) ends,
    /// so a session id planted before sign-in is worth nothing after it.
    pub async fn start_session(&self, actor: &Actor, s: &NewSession, replacing: Option<&str>) -> Result<()> {
        let mut conn = self.pool.acquire().await?;
        let mut tx = conn.begin().await?;
        if let Some(old) = replacing {
            sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(old.to_string()).execute(&mut *tx).await?;
        }
        let now = now_text();
        // Expired sessions go as new ones come, so the table holds only live ones.
        sqlx::query("DELETE FROM sessions WHERE expires_at < $1").bind(now.clone()).execute(&mut *tx).await?;
        sqlx::query(
            "INSERT INTO sessions (token_hash, account_id, created_at, last_seen_at, expires_at, ip, user_agent) \
             VALUES ($1, $2, $3, $3, $4, $5, $6)",
        )
        .bind(s.token_hash.clone())
        .bind(s.account_id)
        .bind(now)
        .bind(time_text(s.expires_at))
        .bind(s.ip.clone())
        .bind(s.user_agent.chars().take(300).collect::<String>())
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM sign_in_failures WHERE account_key = $1")
            .bind(format!("account:{}", s.account_id))
            .execute(&mut *tx)
            .await?;
        record(&mut *tx, actor, "sign_in", "account", Some(s.account_id), None, None).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The session with this hash if it is live and its account may still sign in.
    pub async fn session(&self, token_hash: &str, now: DateTime<Utc>) -> Result<Option<SessionInfo>> {
        let row =
            sqlx::query("SELECT account_id, last_seen_at FROM sessions WHERE token_hash = $1 AND expires_at > $2")
                .bind(token_hash.to_string())
                .bind(time_text(now))
                .fetch_optional(&self.pool)
                .await?;
        let Some(row) = row else { return Ok(None) };
        let account = self.account(row.get("account_id")).await?;
        if !account.status.may_sign_in() {
            return Ok(None);
        }
        Ok(Some(SessionInfo { account, last_seen_at: parse_time(&row.get::<String, _>("last_seen_at")) }))
    }

    /// Slides an idle session's expiry forward (callers do this at most every few minutes).
    pub async fn touch_session(&self, token_hash: &str, expires_at: DateTime<Utc>) -> Result<()> {
        sqlx::query("UPDATE sessions SET last_seen_at = $1, expires_at = $2 WHERE token_hash = $3")
            .bind(now_text())
            .bind(time_text(expires_at))
            .bind(token_hash.to_string())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn end_session(&self, actor: &Actor, token_hash: &str) -> Result<()> {
        let mut conn = self.pool.acquire().await?;
        let mut tx = conn.begin().await?;
        let n = sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash.to_string())
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if n > 0 {
            record(&mut *tx, actor, "sign_out", "account", actor.account_id, None, None).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn session_count(&self, account_id: i64) -> Result<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE account_id = $1")
            .bind(account_id)
            .fetch_one(&self.pool)
            .await?)
    }

    /// Notes a failed sign-in against the account (or the name tried) and the address.
    pub async fn record_sign_in_failure(&self, account_key: &str, ip: &str) -> Result<()> {
        // Only the last minute counts; a day's worth is kept for whoever investigates.
        let day_ago = time_text(chrono::Utc::now() - chrono::Duration::days(1));
        sqlx::query("DELETE FROM sign_in_failures WHERE at < $1").bind(day_ago).execute(&self.pool).await?;
        sqlx::query("INSERT INTO sign_in_failures (account_key, ip, at) VALUES ($1, $2, $3)")
            .bind(account_key.to_string())
            .bind(ip.to_string())
            .bind(now_text())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Failures since `since`, for the account key and for the address.
    pub async fn recent_failures(
        &self,
        account_key: &str,
        ip: &str,
        since: DateTime<Utc>,
    ) -> Result<(Vec<DateTime<Utc>>, Vec<DateTime<Utc>>)> {
        let since = time_text(since);
        let by_account: Vec<String> =
            sqlx::query_scalar("SELECT at FROM sign_in_failures WHERE account_key = $1 AND at > $2")
                .bind(account_key.to_string())
                .bind(since.clone())
                .fetch_all(&self.pool)
                .await?;
        let by_ip: Vec<String> = sqlx::query_scalar("SELECT at FROM sign_in_failures WHERE ip = $1 AND at > $2")
            .bind(ip.to_string())
            .bind(since)
            .fetch_all(&self.pool)
            .await?;
        Ok((by_account.iter().map(|s| parse_time(s)).collect(), by_ip.iter().map(|s| parse_time(s)).collect()))
    }
}
