//! Providers and their units.

use otop_domain::{Email, Phone, Provider, ProviderData, ProviderKind, ProviderUnit};
use sqlx::any::AnyRow;
use sqlx::{Connection, Row};

use crate::audit::{json, record};
use crate::codec::corrupt;
use crate::{Actor, Result, Store, StoreError};

const COLUMNS: &str = "id, name, short_name, kind, province_code, website, phone, email, description";

impl Store {
    pub async fn create_provider(&self, actor: &Actor, data: &ProviderData, units: &[String]) -> Result<i64> {
        let mut conn = self.pool.acquire().await?;
        let mut tx = conn.begin().await?;
        let now = crate::now_text();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO providers (name, short_name, kind, province_code, website, phone, email, description, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
        )
        .bind(data.name.clone())
        .bind(data.short_name.clone())
        .bind(data.kind.code())
        .bind(data.province_code.map(|p| p as i64))
        .bind(data.website.clone())
        .bind(data.phone.as_ref().map(|p| p.as_str().to_string()))
        .bind(data.email.as_ref().map(|e| e.as_str().to_string()))
        .bind(data.description.clone())
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .map_err(duplicate_name)?;
        for u in units {
            sqlx::query("INSERT INTO provider_units (provider_id, name) VALUES ($1, $2)")
                .bind(id)
                .bind(u.clone())
                .execute(&mut *tx)
                .await?;
        }
        record(&mut *tx, actor, "create", "provider", Some(id), None, Some(json(&(data, units)))).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn update_provider(&self, actor: &Actor, id: i64, data: &ProviderData) -> Result<()> {
        let before = self.provider(id).await?;
        let mut conn = self.pool.acquire().await?;
        let mut tx = conn.begin().await?;
        sqlx::query(
            "UPDATE providers SET name = $1, short_name = $2, kind = $3, province_code = $4, website = $5, phone = $6, email = $7, \
             description = $8, updated_at = $9 WHERE id = $10",
        )
        .bind(data.name.clone())
        .bind(data.short_name.clone())
        .bind(data.kind.code())
        .bind(data.province_code.map(|p| p as i64))
        .bind(data.website.clone())
        .bind(data.phone.as_ref().map(|p| p.as_str().to_string()))
        .bind(data.email.as_ref().map(|e| e.as_str().to_string()))
        .bind(data.description.clone())
        .bind(crate::now_text())
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(duplicate_name)?;
        record(&mut *tx, actor, "update", "provider", Some(id), Some(json(&before.data)), Some(json(data))).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn provider(&self, id: i64) -> Result<Provider> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM providers WHERE id = $1")))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound)?;
        let mut p = provider_from_row(&row)?;
        p.units = self.units_of(id).await?;
        Ok(p)
    }

    pub async fn providers(&self, kind: Option<ProviderKind>) -> Result<Vec<Provider>> {
        let rows = match kind {
            Some(k) => {
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SELECT {COLUMNS} FROM providers WHERE kind = $1 ORDER BY name"
                )))
                .bind(k.code())
                .fetch_all(&self.pool)
                .await?
            }
            None => {
                sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM providers ORDER BY name")))
                    .fetch_all(&self.pool)
                    .await?
            }
        };
        let units =
            sqlx::query("SELECT id, provider_id, name FROM provider_units ORDER BY id").fetch_all(&self.pool).await?;
        let mut out = rows.iter().map(provider_from_row).collect::<Result<Vec<_>>>()?;
        for u in &units {
            let unit = unit_from_row(u);
            if let Some(p) = out.iter_mut().find(|p| p.id == unit.provider_id) {
                p.units.push(unit);
            }
        }
        Ok(out)
    }

    async fn units_of(&self, provider_id: i64) -> Result<Vec<ProviderUnit>> {
        let rows = sqlx::query("SELECT id, provider_id, name FROM provider_units WHERE provider_id = $1 ORDER BY id")
            .bind(provider_id)
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.iter().map(unit_from_row).collect())
    }
}

fn duplicate_name(e: sqlx::Error) -> StoreError {
    crate::on_unique(e, "name", "มีผู้ให้บริการชื่อนี้อยู่แล้ว", "A provider with this name already exists")
}

fn unit_from_row(r: &AnyRow) -> ProviderUnit {
    ProviderUnit { id: r.get("id"), provider_id: r.get("provider_id"), name: r.get("name") }
}

fn provider_from_row(r: &AnyRow) -> Result<Provider> {
    let kind: String = r.get("kind");
    let province: Option<i64> = r.get("province_code");
    let phone: Option<String> = r.get("phone");
    let email: Option<String> = r.get("email");
    Ok(Provider {
        id: r.get("id"),
        data: ProviderData {
            name: r.get("name"),
            short_name: r.get("short_name"),
            kind: ProviderKind::parse(&kind).ok_or_else(|| corrupt("provider kind", &kind))?,
            province_code: province.map(|p| p as u8),
            website: r.get("website"),
            phone: phone.and_then(|p| Phone::parse("phone", &p).ok()),
            email: email.and_then(|e| Email::parse("email", &e).ok()),
            description: r.get("description"),
        },
        units: Vec::new(),
    })
}
