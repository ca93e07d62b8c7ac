//! The audit log: one row per change, in the same transaction as the change itself.

use serde::Serialize;
use sqlx::{Any, Row};

use crate::sql::Sql;
use crate::{Actor, Result, Store};

#[derive(Debug, Clone, Serialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<i64>,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
    pub account_id: Option<i64>,
    pub ip: Option<String>,
}

/// What the audit page can be narrowed by.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Text within the actor's label ("account:12", a name, "import").
    pub actor: Option<String>,
    pub entity: Option<String>,
    pub entity_id: Option<i64>,
    pub action: Option<String>,
    /// Inclusive bounds, as RFC 3339 text (a date works: "2026-11-01").
    pub from: Option<String>,
    pub until: Option<String>,
    pub limit: i64,
    pub offset: i64,
}

pub(crate) fn json<T: Serialize + ?Sized>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

pub(crate) async fn record<'c, E>(
    exec: E,
    actor: &Actor,
    action: &str,
    entity: &str,
    entity_id: Option<i64>,
    before: Option<String>,
    after: Option<String>,
) -> Result<()>
where
    E: sqlx::Executor<'c, Database = Any>,
{
    sqlx::query(
        "INSERT INTO audit_log (at, actor, account_id, ip, action, entity, entity_id, before_json, after_json) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(crate::now_text())
    .bind(actor.label.clone())
    .bind(actor.account_id)
    .bind(actor.ip.clone())
    .bind(action.to_string())
    .bind(entity.to_string())
    .bind(entity_id)
    .bind(before)
    .bind(after)
    .execute(exec)
    .await?;
    Ok(())
}

impl Store {
    pub async fn audit_for(&self, entity: &str, entity_id: i64) -> Result<Vec<AuditEntry>> {
        let rows = sqlx::query(
            "SELECT id, at, actor, action, entity, entity_id, before_json, after_json, account_id, ip FROM audit_log \
             WHERE entity = $1 AND entity_id = $2 ORDER BY id",
        )
        .bind(entity.to_string())
        .bind(entity_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(audit_row).collect())
    }

    /// Newest first.
    pub async fn audit_entries(&self, f: &AuditFilter) -> Result<crate::Page<AuditEntry>> {
        let where_ = |q: &mut Sql| {
            q.push(" WHERE 1 = 1");
            if let Some(a) = f.actor.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
                q.push(" AND actor LIKE ").bind(format!("%{a}%"));
            }
            if let Some(e) = f.entity.as_deref().filter(|e| !e.is_empty()) {
                q.push(" AND entity = ").bind(e.to_string());
            }
            if let Some(id) = f.entity_id {
                q.push(" AND entity_id = ").bind(id);
            }
            if let Some(a) = f.action.as_deref().filter(|a| !a.is_empty()) {
                q.push(" AND action = ").bind(a.to_string());
            }
            if let Some(from) = f.from.as_deref().filter(|t| !t.is_empty()) {
                q.push(" AND at >= ").bind(from.to_string());
            }
            if let Some(until) = f.until.as_deref().filter(|t| !t.is_empty()) {
                // A bare date includes the whole day.
                let end = if until.len() == 10 { format!("{until}T23:59:59.999Z") } else { until.to_string() };
                q.push(" AND at <= ").bind(end);
            }
        };
        let limit = f.limit.clamp(1, 100_000);
        let offset = f.offset.max(0);
        let mut count = Sql::new(self.backend, "SELECT COUNT(*) AS n FROM audit_log");
        where_(&mut count);
        let total: i64 = count.query().fetch_one(&self.pool).await?.get("n");
        let mut q = Sql::new(
            self.backend,
            "SELECT id, at, actor, action, entity, entity_id, before_json, after_json, account_id, ip FROM audit_log",
        );
        where_(&mut q);
        q.push(" ORDER BY id DESC LIMIT ").bind(limit).push(" OFFSET ").bind(offset);
        let rows = q.query().fetch_all(&self.pool).await?;
        Ok(crate::Page { items: rows.iter().map(audit_row).collect(), total, offset, limit })
    }

    pub async fn audit_count(&self) -> Result<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM audit_log").fetch_one(&self.pool).await?)
    }
}

fn audit_row(r: &sqlx::any::AnyRow) -> AuditEntry {
    AuditEntry {
        id: r.get("id"),
        at: r.get("at"),
        actor: r.get("actor"),
        action: r.get("action"),
        entity: r.get("entity"),
        entity_id: r.get("entity_id"),
        before_json: r.get("before_json"),
        after_json: r.get("after_json"),
        account_id: r.get("account_id"),
        ip: r.get("ip"),
    }
}
