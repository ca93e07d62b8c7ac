//! Loading many enterprises at once (imports and demo data): one transaction, multi-row
//! INSERT statements, so that a bad batch leaves nothing behind and a large one is fast.

use std::collections::HashMap;

use otop_domain::{CertificationHeld, EnterpriseData, NeedData, ProductData};
use sqlx::{Any, Connection, Row};

use crate::audit::{json, record};
use crate::codec::encode_list;
use crate::enterprises::{duplicate_registration, registration_columns};
use crate::sql::Sql;
use crate::{Actor, Backend, Result, Store};

/// An enterprise with what belongs to it; `needs` may point at one of `products` by index.
#[derive(Debug, Clone)]
pub struct EnterpriseBundle {
    pub data: EnterpriseData,
    pub products: Vec<ProductData>,
    pub needs: Vec<(Option<usize>, NeedData)>,
}

/// From this many enterprises in one call, a SQLite connection gets a 512 MB page cache
/// (a limit, not an allocation) for the rest of its life in the pool.
const LARGE_LOAD: usize = 10_000;

/// Rows per INSERT: well under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters.
const ROWS_PER_STATEMENT: usize = 400;

impl Store {
    /// Inserts every bundle or none. With `audit`, each enterprise gets its own audit row
    /// (imports); demo generation passes `false` and records one summary row instead.
    pub async fn insert_bundles(&self, actor: &Actor, bundles: &[EnterpriseBundle], audit: bool) -> Result<Vec<i64>> {
        let mut conn = self.pool.acquire().await?;
        if self.backend == Backend::Sqlite && bundles.len() >= LARGE_LOAD {
            // A large load dirties pages all over the random-keyed indexes (registration
            // number, name); with the normal cache SQLite writes them out to the WAL again
            // and again within one transaction. Give this connection room for them all.
            sqlx::raw_sql("PRAGMA cache_size = -524288").execute(&mut *conn).await?;
        }
        let mut tx = conn.begin().await?;
        let ids = insert_bundles_tx(&mut tx, self.backend, bundles).await?;
        if audit {
            for (b, id) in bundles.iter().zip(&ids) {
                record(&mut *tx, actor, "import", "enterprise", Some(*id), None, Some(json(&b.data))).await?;
            }
        } else {
            let summary = format!("{} enterprises", bundles.len());
            record(&mut *tx, actor, "bulk_load", "enterprise", None, None, Some(json(&summary))).await?;
        }
        tx.commit().await?;
        Ok(ids)
    }
}

async fn insert_bundles_tx(
    tx: &mut sqlx::Transaction<'_, Any>,
    backend: Backend,
    bundles: &[EnterpriseBundle],
) -> Result<Vec<i64>> {
    let now = crate::now_text();
    let mut ids = Vec::with_capacity(bundles.len());
    for chunk in bundles.chunks(ROWS_PER_STATEMENT) {
        let mut q = Sql::new(
            backend,
            "INSERT INTO enterprises (kind, name, registration_kind, registration_no, address_line, subdistrict_code, district_code, \
             province_code, postal_code, contact_name, phone, email, stars, quadrant, categories, created_at, updated_at) VALUES ",
        );
        for (i, b) in chunk.iter().enumerate() {
            let d = &b.data;
            let (reg_kind, reg_no) = registration_columns(&d.registration);
            q.push(if i == 0 { "(" } else { ", (" });
            q.bind(d.kind.code()).push(", ").bind(d.name.clone()).push(", ").bind(reg_kind);
            q.push(", ").bind(reg_no).push(", ").bind(d.address.line.clone());
            q.push(", ").bind(d.address.subdistrict_code as i64).push(", ").bind(d.address.district_code as i64);
            q.push(", ")
                .bind(d.address.province_code as i64)
                .push(", ")
                .bind(d.address.postal_code.as_str().to_string());
            q.push(", ").bind(d.contact_name.clone());
            q.push(", ").bind(d.phone.as_ref().map(|p| p.as_str().to_string()));
            q.push(", ").bind(d.email.as_ref().map(|e| e.as_str().to_string()));
            q.push(", ").bind(d.stars.map(|s| s.get() as i64)).push(", ").bind(d.quadrant.map(|x| x.code()));
            q.push(", ").bind(encode_list(d.categories.iter().map(|c| c.code())));
            q.push(", ").bind(now.clone()).push(", ").bind(now.clone()).push(")");
        }
        // Ids are matched back through the unique registration number, not row order,
        // which neither engine promises for RETURNING.
        q.push(" RETURNING id, registration_no");
        let rows = q.query().fetch_all(&mut **tx).await.map_err(duplicate_registration)?;
        let by_reg: HashMap<String, i64> = rows.iter().map(|r| (r.get("registration_no"), r.get("id"))).collect();
        let chunk_ids: Vec<i64> =
            chunk.iter().map(|b| by_reg.get(b.data.registration.number()).copied().unwrap_or_default()).collect();
        insert_certifications(tx, backend, chunk, &chunk_ids).await?;
        insert_products_and_needs(tx, backend, chunk, &chunk_ids, &now).await?;
        ids.extend(chunk_ids);
    }
    Ok(ids)
}

async fn insert_certifications(
    tx: &mut sqlx::Transaction<'_, Any>,
    backend: Backend,
    chunk: &[EnterpriseBundle],
    ids: &[i64],
) -> Result<()> {
    let certs: Vec<(i64, &CertificationHeld)> =
        chunk.iter().zip(ids).flat_map(|(b, id)| b.data.certifications.iter().map(move |c| (*id, c))).collect();
    for part in certs.chunks(ROWS_PER_STATEMENT) {
        let mut q = Sql::new(
            backend,
            "INSERT INTO enterprise_certifications (enterprise_id, kind, number, expires_on) VALUES ",
        );
        for (i, (eid, c)) in part.iter().enumerate() {
            q.push(if i == 0 { "(" } else { ", (" });
            q.bind(*eid).push(", ").bind(c.kind.code()).push(", ").bind(c.number.clone());
            q.push(", ").bind(c.expires_on.map(|d| d.to_string())).push(")");
        }
        q.query().execute(&mut **tx).await?;
    }
    Ok(())
}

async fn insert_products_and_needs(
    tx: &mut sqlx::Transaction<'_, Any>,
    backend: Backend,
    chunk: &[EnterpriseBundle],
    ids: &[i64],
    now: &str,
) -> Result<()> {
    // Products first, remembering each one's id by (enterprise, index) for the needs.
    let mut product_ids: HashMap<(i64, usize), i64> = HashMap::new();
    let products: Vec<(i64, usize, &ProductData)> = chunk
        .iter()
        .zip(ids)
        .flat_map(|(b, id)| b.products.iter().enumerate().map(move |(i, p)| (*id, i, p)))
        .collect();
    for part in products.chunks(ROWS_PER_STATEMENT) {
        let mut q = Sql::new(
            backend,
            "INSERT INTO products (enterprise_id, name, category, description, stars, price_satang, created_at, updated_at) VALUES ",
        );
        for (i, (eid, _, p)) in part.iter().enumerate() {
            q.push(if i == 0 { "(" } else { ", (" });
            q.bind(*eid).push(", ").bind(p.name.clone()).push(", ").bind(p.category.code());
            q.push(", ").bind(p.description.clone()).push(", ").bind(p.stars.map(|s| s.get() as i64));
            q.push(", ").bind(p.price.map(|x| x.0)).push(", ").bind(now.to_string());
            q.push(", ").bind(now.to_string()).push(")");
        }
        q.push(" RETURNING id, enterprise_id, name");
        let rows = q.query().fetch_all(&mut **tx).await?;
        // Products are matched back by (enterprise, name); equal names within one
        // enterprise take ids in insertion order.
        let mut free: HashMap<(i64, String), Vec<i64>> = HashMap::new();
        for r in &rows {
            free.entry((r.get("enterprise_id"), r.get("name"))).or_default().push(r.get("id"));
        }
        for v in free.values_mut() {
            v.sort_unstable();
            v.reverse();
        }
        for (eid, idx, p) in part {
            if let Some(id) = free.get_mut(&(*eid, p.name.clone())).and_then(Vec::pop) {
                product_ids.insert((*eid, *idx), id);
            }
        }
    }
    let needs: Vec<(i64, Option<i64>, &NeedData)> = chunk
        .iter()
        .zip(ids)
        .flat_map(|(b, id)| {
            let product_ids = &product_ids;
            b.needs.iter().map(move |(pi, n)| (*id, pi.and_then(|i| product_ids.get(&(*id, i)).copied()), n))
        })
        .collect();
    for part in needs.chunks(ROWS_PER_STATEMENT) {
        let mut q = Sql::new(
            backend,
            "INSERT INTO needs (enterprise_id, product_id, text, province_code, category, stages, status, created_on) VALUES ",
        );
        for (i, (eid, pid, n)) in part.iter().enumerate() {
            q.push(if i == 0 { "(" } else { ", (" });
            q.bind(*eid).push(", ").bind(*pid).push(", ").bind(n.text.clone());
            q.push(", ").bind(n.province_code as i64).push(", ").bind(n.category.map(|c| c.code()));
            q.push(", ").bind(encode_list(n.stages.iter().map(|s| s.code())));
            q.push(", ").bind(n.status.code()).push(", ").bind(n.created_on.to_string()).push(")");
        }
        q.query().execute(&mut **tx).await?;
    }
    Ok(())
}
