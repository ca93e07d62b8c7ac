//! Needs (โจทย์) stated by enterprises.

use otop_domain::{Category, Need, NeedData, NeedStatus, Stage};
use sqlx::any::AnyRow;
use sqlx::{Connection, Row};

use crate::audit::{json, record};
use crate::codec::{corrupt, decode_list, encode_list};
use crate::{Actor, Result, Store, StoreError};

const COLUMNS: &str = "id, enterprise_id, product_id, text, province_code, category, stages, status, created_on";

impl Store {
    pub async fn create_need(&self, actor: &Actor, data: &NeedData) -> Result<i64> {
        let mut conn = self.pool.acquire().await?;
        let mut tx = conn.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO needs (enterprise_id, product_id, text, province_code, category, stages, status, created_on) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(data.enterprise_id)
        .bind(data.product_id)
        .bind(data.text.clone())
        .bind(data.province_code as i64)
        .bind(data.category.map(|c| c.code()))
        .bind(encode_list(data.stages.iter().map(|s| s.code())))
        .bind(data.status.code())
        .bind(data.created_on.to_string())
        .fetch_one(&mut *tx)
        .await?;
        record(&mut *tx, actor, "create", "need", Some(id), None, Some(json(data))).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn need(&self, id: i64) -> Result<Need> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM needs WHERE id = $1")))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound)?;
        need_from_row(&row)
    }

    pub async fn needs_of(&self, enterprise_id: i64) -> Result<Vec<Need>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM needs WHERE enterprise_id = $1 ORDER BY created_on DESC, id DESC"
        )))
        .bind(enterprise_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(need_from_row).collect()
    }
}

pub(crate) fn need_from_row(r: &AnyRow) -> Result<Need> {
    let category: Option<String> = r.get("category");
    let stages: String = r.get("stages");
    let status: String = r.get("status");
    let created: String = r.get("created_on");
    Ok(Need {
        id: r.get("id"),
        data: NeedData {
            enterprise_id: r.get("enterprise_id"),
            product_id: r.get("product_id"),
            text: r.get("text"),
            province_code: r.get::<i64, _>("province_code") as u8,
            category: category.and_then(|c| Category::parse(&c)),
            stages: decode_list(&stages, Stage::parse)?,
            status: NeedStatus::parse(&status).ok_or_else(|| corrupt("need status", &status))?,
            created_on: created.parse().map_err(|_| corrupt("need date", &created))?,
        },
    })
}
