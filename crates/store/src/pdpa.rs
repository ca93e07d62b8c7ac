//! Personal data under Thailand's PDPA: a person's own data as JSON, erasure that
//! anonymises the person while every count stays the same, and the log of who saw
//! unmasked data.

use serde_json::{Value, json};
use sqlx::{Connection, Row};

use crate::accounts::{AccountStatus, account_in};
use crate::audit::record;
use crate::{Actor, Result, Store, StoreError, now_text};

/// Keys that hold personal data wherever they appear in stored JSON (audit before/after).
const PERSONAL_KEYS: &[&str] =
    &["registration", "registration_no", "contact_name", "phone", "email", "line", "sign_in", "name"];

/// Replaces personal values in a JSON document; `name` only for accounts (an enterprise's
/// name is its trade name, not a person's).
fn redact(v: &mut Value, with_name: bool) {
    match v {
        Value::Object(map) => {
            for (k, val) in map.iter_mut() {
                if PERSONAL_KEYS.contains(&k.as_str()) && (with_name || k != "name") {
                    *val = Value::Null;
                } else {
                    redact(val, with_name);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| redact(i, with_name)),
        _ => {}
    }
}

fn redacted(text: Option<String>, with_name: bool) -> Option<String> {
    let mut v: Value = serde_json::from_str(&text?).ok()?;
    redact(&mut v, with_name);
    Some(v.to_string())
}

/// What an erasure changed, for the confirmation page and the test.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Erasure {
    pub enterprises_anonymised: Vec<i64>,
    pub audit_rows_redacted: u64,
}

impl Store {
    /// Logs that `actor` saw unmasked personal data (`fields`) of an entity.
    pub async fn log_personal_view(&self, actor: &Actor, entity: &str, id: i64, fields: &[&str]) -> Result<()> {
        record(&self.pool, actor, "view_personal", entity, Some(id), None, Some(json!(fields).to_string())).await
    }

    /// Everything stored about the account's person, for a data-subject request.
    pub async fn subject_export(&self, account_id: i64) -> Result<Value> {
        let account = self.account(account_id).await?;
        let mut enterprises = Vec::new();
        for eid in self.member_enterprises(account_id).await? {
            let e = self.enterprise(eid).await?;
            let products = self.products_of(eid).await?;
            let needs = self.needs_of(eid).await?;
            enterprises.push(json!({ "enterprise": e, "products": products, "needs": needs }));
        }
        let sessions = sqlx::query(
            "SELECT created_at, last_seen_at, ip, user_agent FROM sessions WHERE account_id = $1",
        )
        .bind(account_id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            json!({"created_at": r.get::<String, _>("created_at"), "last_seen_at": r.get::<String, _>("last_seen_at"),
                       "ip": r.get::<String, _>("ip"), "user_agent": r.get::<String, _>("user_agent")})
        })
        .collect::<Vec<_>>();
        let activity = sqlx::query(
            "SELECT at, action, entity, entity_id, ip FROM audit_log WHERE account_id = $1 OR (entity = 'account' AND entity_id = $1) ORDER BY id",
        )
        .bind(account_id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            json!({"at": r.get::<String, _>("at"), "action": r.get::<String, _>("action"), "entity": r.get::<String, _>("entity"),
                   "entity_id": r.get::<Option<i64>, _>("entity_id"), "ip": r.get::<Option<String>, _>("ip")})
        })
        .collect::<Vec<_>>();
        Ok(json!({
            "exported_at": now_text(),
            "account": account,
            "consent": { "notice_version": account.consent_version, "agreed_at": account.consent_at },
            "enterprises": enterprises,
            "sessions": sessions,
            "activity": activity,
        }))
    }

    /// Anonymises the person behind an account: the account's names and contacts, the
    /// personal fields of the enterprises only they belong to, their sessions, links,
    /// messages and addresses, and the personal values in audit rows about them. Rows stay,
    /// so counts by province, category and role are unchanged.
    pub async fn erase_account(&self, actor: &Actor, account_id: i64) -> Result<Erasure> {
        let mut conn = self.pool.acquire().await?;
        let mut tx = conn.begin().await?;
        let before = account_in(&mut tx, account_id).await?;
        if before.status == AccountStatus::Erased {
            return Err(StoreError::NotFound);
        }
        let now = now_text();
        sqlx::query(
            "UPDATE accounts SET sign_in = NULL, email = NULL, phone = NULL, name = $1, password_hash = NULL, status = 'erased', \
             updated_at = $2 WHERE id = $3",
        )
        .bind(format!("ผู้ใช้ที่ลบข้อมูลแล้ว #{account_id}"))
        .bind(now.clone())
        .bind(account_id)
        .execute(&mut *tx)
        .await?;
        for table in ["sessions", "one_time_tokens", "outbox"] {
            sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM {table} WHERE account_id = $1")))
                .bind(account_id)
                .execute(&mut *tx)
                .await?;
        }
        let mut keys = vec![format!("account:{account_id}")];
        keys.extend(before.sign_in.clone());
        for k in keys {
            sqlx::query("DELETE FROM sign_in_failures WHERE account_key = $1").bind(k).execute(&mut *tx).await?;
        }

        // Enterprises that are this person's alone lose their personal fields; a national
        // ID (an individual's registration) becomes an erased marker that keeps the row unique.
        let sole: Vec<i64> = sqlx::query_scalar(
            "SELECT m.enterprise_id FROM enterprise_members m WHERE m.account_id = $1 AND NOT EXISTS \
             (SELECT 1 FROM enterprise_members o WHERE o.enterprise_id = m.enterprise_id AND o.account_id <> $1) ORDER BY m.enterprise_id",
        )
        .bind(account_id)
        .fetch_all(&mut *tx)
        .await?;
        for eid in &sole {
            sqlx::query(
                "UPDATE enterprises SET contact_name = '', phone = NULL, email = NULL, updated_at = $1, \
                 address_line = CASE WHEN registration_kind = 'national_id' THEN '' ELSE address_line END, \
                 registration_no = CASE WHEN registration_kind = 'national_id' THEN $2 ELSE registration_no END, \
                 registration_kind = CASE WHEN registration_kind = 'national_id' THEN 'erased' ELSE registration_kind END \
                 WHERE id = $3",
            )
            .bind(now.clone())
            .bind(format!("erased-{eid}"))
            .bind(*eid)
            .execute(&mut *tx)
            .await?;
        }

        // Audit rows keep what happened and when, not who the person was.
        let mut redacted_rows = 0;
        let rows = sqlx::query(
            "SELECT id, entity, entity_id, before_json, after_json FROM audit_log WHERE (entity = 'account' AND entity_id = $1) OR entity = 'enterprise'",
        )
        .bind(account_id)
        .fetch_all(&mut *tx)
        .await?;
        for r in rows {
            let entity: String = r.get("entity");
            let entity_id: Option<i64> = r.get("entity_id");
            let is_account = entity == "account";
            if !is_account && !entity_id.is_some_and(|e| sole.contains(&e)) {
                continue;
            }
            let b = redacted(r.get("before_json"), is_account);
            let a = redacted(r.get("after_json"), is_account);
            sqlx::query("UPDATE audit_log SET before_json = $1, after_json = $2 WHERE id = $3")
                .bind(b)
                .bind(a)
                .bind(r.get::<i64, _>("id"))
                .execute(&mut *tx)
                .await?;
            redacted_rows += 1;
        }
        sqlx::query("UPDATE audit_log SET actor = $1, ip = NULL WHERE account_id = $2")
            .bind(format!("account:{account_id}"))
            .bind(account_id)
            .execute(&mut *tx)
            .await?;
        record(
            &mut *tx,
            actor,
            "erase",
            "account",
            Some(account_id),
            None,
            Some(json!({"enterprises": sole}).to_string()),
        )
        .await?;
        tx.commit().await?;
        Ok(Erasure { enterprises_anonymised: sole, audit_rows_redacted: redacted_rows })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_clears_personal_keys_at_any_depth() {
        let doc = r#"{"name":"ร้านป้าศรี","registration":{"national_id":"1101700203451"},"address":{"line":"12 หมู่ 3","province_code":51},"phone":"0812345678","stars":3}"#;
        let out: Value = serde_json::from_str(&redacted(Some(doc.into()), false).unwrap()).unwrap();
        assert_eq!(out["name"], "ร้านป้าศรี");
        assert_eq!(out["registration"], Value::Null);
        assert_eq!(out["address"]["line"], Value::Null);
        assert_eq!(out["address"]["province_code"], 51);
        assert_eq!(out["phone"], Value::Null);
        assert_eq!(out["stars"], 3);
        let acct: Value = serde_json::from_str(&redacted(Some(doc.into()), true).unwrap()).unwrap();
        assert_eq!(acct["name"], Value::Null);
    }
}
