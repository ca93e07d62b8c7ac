//! The audit log: one row per change, in the same transaction as the change itself.

use serde::Serialize;
use sqlx::{Any, Row};

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
        "INSERT INTO audit_log (at, actor, action, entity, entity_id, before_json, after_json) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(crate::now_text())
    .bind(actor.0.clone())
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
            "SELECT id, at, actor, action, entity, entity_id, before_json, after_json FROM audit_log WHERE entity = $1 AND entity_id = $2 ORDER BY id",
        )
        .bind(entity.to_string())
        .bind(entity_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(audit_row).collect())
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
    }
}
