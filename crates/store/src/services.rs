//! Service offerings and the directory's filters.

use otop_domain::{Category, Coverage, PriceItem, ProviderKind, Service, ServiceData, Stage};
use otop_geo::Region;
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::{Connection, Row};

use crate::audit::{json, record};
use crate::codec::{corrupt, decode_list, encode_list, like_member};
use crate::sql::{Page, Sql};
use crate::{Actor, Result, Store, StoreError};

/// A service as the directory lists it: with its provider's name and kind.
#[derive(Debug, Clone, Serialize)]
pub struct ServiceListing {
    #[serde(flatten)]
    pub service: Service,
    pub provider_name: String,
    pub provider_kind: ProviderKind,
    pub unit_name: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct ServiceFilter {
    pub q: Option<String>,
    pub stage: Option<Stage>,
    pub category: Option<Category>,
    /// Services that reach this province (nationwide, its region, or the province itself).
    pub province_code: Option<u8>,
    /// Services that reach at least one province of this region.
    pub region: Option<Region>,
    pub provider_kind: Option<ProviderKind>,
    pub provider_id: Option<i64>,
    pub include_withdrawn: bool,
    pub limit: i64,
    pub offset: i64,
}

const SELECT: &str = "SELECT s.id, s.provider_id, s.unit_id, s.title, s.description, s.stages, s.categories, s.coverage_kind, \
    s.coverage, s.capacity_per_year, s.prices, s.active, p.name AS provider_name, p.kind AS provider_kind, u.name AS unit_name \
    FROM services s JOIN providers p ON p.id = s.provider_id LEFT JOIN provider_units u ON u.id = s.unit_id";
const COUNT: &str = "SELECT COUNT(*) AS n FROM services s JOIN providers p ON p.id = s.provider_id";

fn coverage_columns(c: &Coverage) -> (&'static str, String) {
    match c {
        Coverage::Nationwide => ("nationwide", ",".into()),
        Coverage::Regions(rs) => ("regions", encode_list(rs.iter().map(|r| r.code()))),
        Coverage::Provinces(ps) => {
            let codes: Vec<String> = ps.iter().map(|p| p.to_string()).collect();
            ("provinces", encode_list(codes.iter().map(String::as_str)))
        }
    }
}

impl Store {
    pub async fn create_service(&self, actor: &Actor, data: &ServiceData) -> Result<i64> {
        let mut conn = self.pool.acquire().await?;
        let mut tx = conn.begin().await?;
        let (ck, cv) = coverage_columns(&data.coverage);
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO services (provider_id, unit_id, title, description, stages, categories, coverage_kind, coverage, \
             capacity_per_year, prices, active, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id",
        )
        .bind(data.provider_id)
        .bind(data.unit_id)
        .bind(data.title.clone())
        .bind(data.description.clone())
        .bind(encode_list(data.stages.iter().map(|s| s.code())))
        .bind(encode_list(data.categories.iter().map(|c| c.code())))
        .bind(ck)
        .bind(cv)
        .bind(data.capacity_per_year.map(|c| c as i64))
        .bind(json(&data.prices))
        .bind(data.active as i64)
        .bind(crate::now_text())
        .fetch_one(&mut *tx)
        .await?;
        record(&mut *tx, actor, "create", "service", Some(id), None, Some(json(data))).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn update_service(&self, actor: &Actor, id: i64, data: &ServiceData) -> Result<()> {
        let before = self.service(id).await?;
        let mut conn = self.pool.acquire().await?;
        let mut tx = conn.begin().await?;
        let (ck, cv) = coverage_columns(&data.coverage);
        sqlx::query(
            "UPDATE services SET provider_id = $1, unit_id = $2, title = $3, description = $4, stages = $5, categories = $6, \
             coverage_kind = $7, coverage = $8, capacity_per_year = $9, prices = $10, active = $11, updated_at = $12 WHERE id = $13",
        )
        .bind(data.provider_id)
        .bind(data.unit_id)
        .bind(data.title.clone())
        .bind(data.description.clone())
        .bind(encode_list(data.stages.iter().map(|s| s.code())))
        .bind(encode_list(data.categories.iter().map(|c| c.code())))
        .bind(ck)
        .bind(cv)
        .bind(data.capacity_per_year.map(|c| c as i64))
        .bind(json(&data.prices))
        .bind(data.active as i64)
        .bind(crate::now_text())
        .bind(id)
        .execute(&mut *tx)
        .await?;
        record(&mut *tx, actor, "update", "service", Some(id), Some(json(&before.service.data)), Some(json(data)))
            .await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn service(&self, id: i64) -> Result<ServiceListing> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE s.id = $1")))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound)?;
        listing_from_row(&row)
    }

    pub async fn services(&self, f: &ServiceFilter) -> Result<Page<ServiceListing>> {
        let limit = f.limit.clamp(1, 1000);
        let offset = f.offset.max(0);
        let mut count = Sql::new(self.backend, COUNT);
        push_where(&mut count, f);
        let total: i64 = count.query().fetch_one(&self.pool).await?.get("n");
        let mut q = Sql::new(self.backend, SELECT);
        push_where(&mut q, f);
        q.push(" ORDER BY p.name, s.title, s.id LIMIT ").bind(limit).push(" OFFSET ").bind(offset);
        let rows = q.query().fetch_all(&self.pool).await?;
        let items = rows.iter().map(listing_from_row).collect::<Result<Vec<_>>>()?;
        Ok(Page { items, total, offset, limit })
    }

    /// The services with these ids, in no particular order; ids that do not exist are left
    /// out. One query for a page of ranked services instead of one each.
    pub async fn services_by_ids(&self, ids: &[i64]) -> Result<Vec<ServiceListing>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut q = Sql::new(self.backend, SELECT);
        q.push(" WHERE s.id IN (");
        for (i, id) in ids.iter().enumerate() {
            if i > 0 {
                q.push(", ");
            }
            q.bind(*id);
        }
        q.push(")");
        q.query().fetch_all(&self.pool).await?.iter().map(listing_from_row).collect()
    }

    /// Services changed (or whose provider changed) at or after `since`, an RFC 3339 time
    /// as stored in `updated_at`: how a search index follows edits made by any instance.
    pub async fn services_changed_since(&self, since: &str) -> Result<Vec<ServiceListing>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{SELECT} WHERE s.updated_at >= $1 OR p.updated_at >= $2 ORDER BY s.id"
        )))
        .bind(since.to_string())
        .bind(since.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(listing_from_row).collect()
    }

    /// Every service, for building the matching index and for exports.
    pub async fn all_services(&self) -> Result<Vec<ServiceListing>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} ORDER BY s.id"))).fetch_all(&self.pool).await?;
        rows.iter().map(listing_from_row).collect()
    }
}

fn push_where(q: &mut Sql, f: &ServiceFilter) {
    q.push(" WHERE 1 = 1");
    if !f.include_withdrawn {
        q.push(" AND s.active = 1");
    }
    if let Some(text) = f.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        // Every word must appear somewhere; Thai has no spaces, so a phrase is one word.
        for word in text.split_whitespace().take(8) {
            let pat = format!("%{word}%");
            q.push(" AND (s.title LIKE ").bind(pat.clone());
            q.push(" OR s.description LIKE ").bind(pat.clone());
            q.push(" OR p.name LIKE ").bind(pat).push(")");
        }
    }
    if let Some(s) = f.stage {
        q.push(" AND s.stages LIKE ").bind(like_member(s.code()));
    }
    if let Some(c) = f.category {
        q.push(" AND s.categories LIKE ").bind(like_member(c.code()));
    }
    if let Some(code) = f.province_code {
        let region = otop_geo::geography().province(code).map(|p| p.region.code()).unwrap_or("");
        q.push(" AND (s.coverage_kind = 'nationwide' OR (s.coverage_kind = 'regions' AND s.coverage LIKE ")
            .bind(like_member(region));
        q.push(") OR (s.coverage_kind = 'provinces' AND s.coverage LIKE ")
            .bind(like_member(&code.to_string()))
            .push("))");
    }
    if let Some(r) = f.region {
        q.push(" AND (s.coverage_kind = 'nationwide' OR (s.coverage_kind = 'regions' AND s.coverage LIKE ")
            .bind(like_member(r.code()));
        q.push(") OR (s.coverage_kind = 'provinces' AND (1 = 0");
        for p in otop_geo::geography().provinces_in(r) {
            q.push(" OR s.coverage LIKE ").bind(like_member(&p.code.to_string()));
        }
        q.push(")))");
    }
    if let Some(k) = f.provider_kind {
        q.push(" AND p.kind = ").bind(k.code());
    }
    if let Some(id) = f.provider_id {
        q.push(" AND s.provider_id = ").bind(id);
    }
}

fn listing_from_row(r: &AnyRow) -> Result<ServiceListing> {
    let stages: String = r.get("stages");
    let categories: String = r.get("categories");
    let ck: String = r.get("coverage_kind");
    let cv: String = r.get("coverage");
    let coverage = match ck.as_str() {
        "nationwide" => Coverage::Nationwide,
        "regions" => Coverage::Regions(decode_list(&cv, Region::parse)?),
        "provinces" => Coverage::Provinces(decode_list(&cv, |p| p.parse::<u8>().ok())?),
        other => return Err(corrupt("coverage kind", other)),
    };
    let prices: String = r.get("prices");
    let prices: Vec<PriceItem> = serde_json::from_str(&prices).map_err(|e| corrupt("prices", e))?;
    let capacity: Option<i64> = r.get("capacity_per_year");
    let kind: String = r.get("provider_kind");
    Ok(ServiceListing {
        service: Service {
            id: r.get("id"),
            data: ServiceData {
                provider_id: r.get("provider_id"),
                unit_id: r.get("unit_id"),
                title: r.get("title"),
                description: r.get("description"),
                stages: decode_list(&stages, Stage::parse)?,
                categories: decode_list(&categories, Category::parse)?,
                coverage,
                capacity_per_year: capacity.map(|c| c as u32),
                prices,
                active: r.get::<i64, _>("active") != 0,
            },
        },
        provider_name: r.get("provider_name"),
        provider_kind: ProviderKind::parse(&kind).ok_or_else(|| corrupt("provider kind", &kind))?,
        unit_name: r.get("unit_name"),
    })
}
