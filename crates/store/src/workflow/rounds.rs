//! Coupon rounds.

use chrono::NaiveDate;
use otop_domain::workflow::{Round, RoundRules};
use otop_domain::{Category, FiscalYear, Satang, Stage};
use sqlx::Row;
use sqlx::any::AnyRow;

use super::{date_text, parse_day};
use crate::audit::{json, record};
use crate::codec::{decode_list, encode_list};
use crate::{Actor, Result, Store, StoreError};

const COLUMNS: &str =
    "id, name, fiscal_year, stages, categories, ceiling, copay_bp, opens_on, closes_on, entrepreneurs_may_refer";

impl Store {
    pub async fn create_round(&self, actor: &Actor, r: &RoundRules) -> Result<i64> {
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO rounds (name, fiscal_year, stages, categories, ceiling, copay_bp, opens_on, closes_on, \
             entrepreneurs_may_refer, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(r.name.clone())
        .bind(i64::from(r.fiscal_year.be()))
        .bind(encode_list(r.stages.iter().map(|s| s.code())))
        .bind(encode_list(r.categories.iter().map(|c| c.code())))
        .bind(r.ceiling.0)
        .bind(i64::from(r.copay_basis_points))
        .bind(date_text(r.opens_on))
        .bind(date_text(r.closes_on))
        .bind(i64::from(r.entrepreneurs_may_refer))
        .bind(crate::now_text())
        .fetch_one(&mut *tx)
        .await?;
        record(&mut *tx, actor, "create", "round", Some(id), None, Some(json(r))).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn round(&self, id: i64) -> Result<Round> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM rounds WHERE id = $1")))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound)?;
        round_from_row(&row)
    }

    /// Newest first.
    pub async fn rounds(&self) -> Result<Vec<Round>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM rounds ORDER BY fiscal_year DESC, opens_on DESC, id DESC"
        )))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(round_from_row).collect()
    }

    /// The rounds taking applications on `day`, the latest opened first.
    pub async fn open_rounds(&self, day: NaiveDate) -> Result<Vec<Round>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM rounds WHERE opens_on <= $1 AND closes_on >= $1 ORDER BY opens_on DESC, id DESC"
        )))
        .bind(date_text(day))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(round_from_row).collect()
    }
}

/// A round as a step's transaction sees it.
pub(crate) async fn load_round(conn: &mut sqlx::AnyConnection, id: i64) -> Result<Round> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM rounds WHERE id = $1")))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    round_from_row(&row)
}

pub(crate) fn round_from_row(r: &AnyRow) -> Result<Round> {
    let stages: String = r.get("stages");
    let categories: String = r.get("categories");
    Ok(Round {
        id: r.get("id"),
        rules: RoundRules {
            name: r.get("name"),
            fiscal_year: FiscalYear(r.get::<i64, _>("fiscal_year") as i32),
            stages: decode_list(&stages, Stage::parse)?,
            categories: decode_list(&categories, Category::parse)?,
            ceiling: Satang(r.get("ceiling")),
            copay_basis_points: r.get::<i64, _>("copay_bp") as u32,
            opens_on: parse_day(&r.get::<String, _>("opens_on"))?,
            closes_on: parse_day(&r.get::<String, _>("closes_on"))?,
            entrepreneurs_may_refer: r.get::<i64, _>("entrepreneurs_may_refer") != 0,
        },
    })
}
