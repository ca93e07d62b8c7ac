//! Loading many enterprises at once (imports and demo data): one transaction, multi-row
//! INSERT statements, so that a bad batch leaves nothing behind and a large one is fast.
//!
//! [`Store::insert_bundles`] loads one slice in one transaction (imports).
//! [`Store::begin_bulk_load`] keeps one transaction open over many slices (`demo --scale`),
//! so that a million enterprises are written all or nothing; on SQLite it also drops the
//! secondary indexes of the loaded tables for the load and builds them again at the end.

use std::collections::HashSet;

use otop_domain::{CertificationHeld, NeedData, ProductData};
use sqlx::AnyConnection;
use sqlx::any::AnyRow;
use sqlx::pool::PoolConnection;
use sqlx::{Any, Connection, Row};

use crate::audit::{json, record};
use crate::codec::encode_list;
use crate::enterprises::{duplicate_registration, registration_columns};
use crate::sql::Sql;
use crate::{Actor, Backend, Result, Store, StoreError};

/// An enterprise with what belongs to it; `needs` may point at one of `products` by index.
#[derive(Debug, Clone)]
pub struct EnterpriseBundle {
    pub data: otop_domain::EnterpriseData,
    pub products: Vec<ProductData>,
    pub needs: Vec<(Option<usize>, NeedData)>,
}

/// From this many enterprises in one call, a SQLite connection gets a 512 MB page cache
/// (a limit, not an allocation) for the rest of its life in the pool.
const LARGE_LOAD: usize = 10_000;

/// Rows per INSERT: well under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters.
const ROWS_PER_STATEMENT: usize = 400;

/// The tables a bulk load writes; on SQLite their secondary indexes are rebuilt after a
/// large load instead of being kept up to date row by row.
const LOADED_TABLES: [&str; 4] = ["enterprises", "enterprise_certifications", "products", "needs"];

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
        let now = crate::now_text();
        let ids = insert_bundles_on(&mut tx, self.backend, bundles, &now).await?;
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

    /// Starts a load of about `expected` enterprises that [`BulkLoad::insert`] feeds slice
    /// by slice, all in one transaction: nothing of it is visible to others, or left
    /// behind, until [`BulkLoad::finish`] commits. Holds the database's write lock (SQLite)
    /// until then.
    ///
    /// On SQLite a large load ([`LARGE_LOAD`] enterprises or more) is tuned, because
    /// SQLite's own bookkeeping was most of its time:
    /// - The secondary indexes of the loaded tables are dropped inside the transaction
    ///   (when the load brings at least as many enterprises as are stored) and created
    ///   again by `finish`: `CREATE INDEX` sorts once, where keeping random-keyed indexes
    ///   (names, provinces) up to date touches pages all over them for every row. Their
    ///   definitions are read from `sqlite_master`, so the migrations stay the one place
    ///   that defines them. The unique registration number is a table constraint, which
    ///   SQLite cannot drop, so it is checked row by row as always; a unique index that a
    ///   later migration adds is dropped and created again like the others, and creating
    ///   it fails on a duplicate, which rolls the whole load back. DDL is transactional in
    ///   SQLite, so a load that fails or is dropped leaves every index as it was.
    /// - The database leaves WAL mode for the load when no other connection has it open
    ///   (idle connections of this pool are closed for that): in WAL mode every page is
    ///   written twice, to the WAL and then by the checkpoint, while a rollback journal only
    ///   keeps the pages that existed before the load, so a load into an empty database is
    ///   written once. `finish` and `abort` put it back in WAL mode. When another process has
    ///   the database open the load stays in WAL mode, slower but the same. While the load
    ///   runs in rollback mode, other processes cannot open or read the database.
    pub async fn begin_bulk_load(&self, expected: usize) -> Result<BulkLoad> {
        let mut conn = self.pool.acquire().await?;
        // The connection ends with the load: its settings (cache, journal) are for the
        // load only, and a load dropped half-way is rolled back by closing the connection.
        conn.close_on_drop();
        let large = expected >= LARGE_LOAD;
        let mut load = BulkLoad {
            conn,
            backend: self.backend,
            indexes: Vec::new(),
            left_wal: false,
            now: crate::now_text(),
            enterprises: 0,
        };
        match self.backend {
            Backend::Sqlite => {
                if large {
                    // Room for the pages a large transaction keeps changing (a limit, not
                    // an allocation), so that they are not written out and read back.
                    sqlx::raw_sql("PRAGMA cache_size = -524288").execute(&mut *load.conn).await?;
                    // A connection that was just used may still be on its way back to
                    // the pool, so wait a little for this one to be the pool's only one.
                    for _ in 0..100 {
                        while let Some(idle) = self.pool.try_acquire() {
                            let _ = idle.close().await;
                        }
                        if self.pool.size() <= 1 {
                            break;
                        }
                        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
                    }
                    // Fails with "database is locked" while another connection has the
                    // file open; the load then stays in WAL mode.
                    load.left_wal = sqlx::query_scalar::<_, String>("PRAGMA journal_mode = DELETE")
                        .fetch_one(&mut *load.conn)
                        .await
                        .is_ok_and(|mode| mode.eq_ignore_ascii_case("delete"));
                    tracing::debug!(rollback_journal = load.left_wal, "bulk load: journal mode");
                }
                // IMMEDIATE takes the write lock now, so the registration numbers read by
                // `registrations` cannot be overtaken by another writer before the inserts.
                sqlx::raw_sql("BEGIN IMMEDIATE").execute(&mut *load.conn).await?;
                let stored: i64 =
                    sqlx::query_scalar("SELECT COUNT(*) FROM enterprises").fetch_one(&mut *load.conn).await?;
                if large && expected as i64 >= stored {
                    load.indexes = drop_secondary_indexes(&mut load.conn).await?;
                }
            }
            Backend::Postgres => {
                sqlx::raw_sql("BEGIN").execute(&mut *load.conn).await?;
            }
        }
        Ok(load)
    }
}

/// A load in progress; see [`Store::begin_bulk_load`]. Dropping it without
/// [`finish`](Self::finish) rolls everything back.
pub struct BulkLoad {
    conn: PoolConnection<Any>,
    backend: Backend,
    /// `CREATE INDEX` statements of the indexes dropped for the load, to run at the end.
    indexes: Vec<String>,
    /// SQLite: the database left WAL mode for the load and goes back at the end.
    left_wal: bool,
    /// One timestamp for the whole load.
    now: String,
    enterprises: usize,
}

impl BulkLoad {
    /// Every registration number stored, as the load's transaction sees it.
    pub async fn registrations(&mut self) -> Result<HashSet<String>> {
        let rows = sqlx::query("SELECT registration_no FROM enterprises").fetch_all(&mut *self.conn).await?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    /// Inserts `bundles` into the load's transaction; an error leaves the load unusable
    /// (call [`abort`](Self::abort), or drop it).
    pub async fn insert(&mut self, bundles: &[EnterpriseBundle]) -> Result<()> {
        insert_bundles_on(&mut self.conn, self.backend, bundles, &self.now).await?;
        self.enterprises += bundles.len();
        Ok(())
    }

    /// Builds the dropped indexes again, records one audit row for the whole load and
    /// commits; returns the number of enterprises loaded. On an error (a unique index
    /// that finds a duplicate) nothing is kept.
    pub async fn finish(mut self, actor: &Actor) -> Result<usize> {
        let done = async {
            let started = std::time::Instant::now();
            for sql in &self.indexes {
                sqlx::raw_sql(sqlx::AssertSqlSafe(sql.clone())).execute(&mut *self.conn).await?;
            }
            tracing::debug!(
                indexes = self.indexes.len(),
                secs = started.elapsed().as_secs_f64(),
                "bulk load: indexes built"
            );
            let summary = format!("{} enterprises", self.enterprises);
            record(&mut *self.conn, actor, "bulk_load", "enterprise", None, None, Some(json(&summary))).await?;
            sqlx::raw_sql("COMMIT").execute(&mut *self.conn).await?;
            tracing::debug!(secs = started.elapsed().as_secs_f64(), "bulk load: committed");
            Ok::<_, StoreError>(())
        }
        .await;
        match done {
            Ok(()) => {
                let loaded = self.enterprises;
                self.close().await;
                Ok(loaded)
            }
            Err(e) => {
                self.abort().await;
                Err(e)
            }
        }
    }

    /// Rolls the load back: the database is as it was before [`Store::begin_bulk_load`].
    pub async fn abort(mut self) {
        // Closing the connection would roll back too; ROLLBACK first says so, and lets the
        // journal mode be restored on this connection.
        let _ = sqlx::raw_sql("ROLLBACK").execute(&mut *self.conn).await;
        self.close().await;
    }

    async fn close(mut self) {
        if self.left_wal
            && let Err(e) = sqlx::raw_sql("PRAGMA journal_mode = WAL").execute(&mut *self.conn).await
        {
            // The next connection sets WAL mode again when it opens (see `db.rs`).
            tracing::warn!("could not return the database to WAL mode after a bulk load: {e}");
        }
        let _ = self.conn.close().await;
    }
}

/// Drops the secondary indexes of [`LOADED_TABLES`] (inside the caller's transaction) and
/// returns their `CREATE` statements. Indexes without SQL (`sqlite_autoindex_*`, from
/// UNIQUE and PRIMARY KEY constraints) cannot be dropped and stay.
async fn drop_secondary_indexes(conn: &mut AnyConnection) -> Result<Vec<String>> {
    let mut q = Sql::new(
        Backend::Sqlite,
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (",
    );
    for (i, t) in LOADED_TABLES.iter().enumerate() {
        q.push(if i == 0 { "" } else { ", " }).bind(*t);
    }
    q.push(") ORDER BY name");
    let rows = q.query().fetch_all(&mut *conn).await?;
    let mut creates = Vec::with_capacity(rows.len());
    for r in &rows {
        let name: String = r.get(0);
        let sql: String = r.get(1);
        let drop = format!("DROP INDEX \"{}\"", name.replace('"', "\"\""));
        sqlx::raw_sql(sqlx::AssertSqlSafe(drop)).execute(&mut *conn).await?;
        creates.push(sql);
    }
    Ok(creates)
}

/// Runs `count` statements one after the other. While statement `i` runs in the database
/// (SQLite on its worker thread, PostgreSQL in its server), this thread hands the rows of
/// statement `i - 1` to `take` and builds statement `i + 1`, so the two cores work at once.
async fn pipelined(
    conn: &mut AnyConnection,
    count: usize,
    mut build: impl FnMut(usize) -> Sql,
    mut take: impl FnMut(usize, Vec<AnyRow>),
    on_error: fn(sqlx::Error) -> StoreError,
) -> Result<()> {
    let mut next = (count > 0).then(|| build(0));
    let mut done: Option<(usize, Vec<AnyRow>)> = None;
    let mut i = 0;
    while let Some(q) = next.take() {
        let (rows, built) = tokio::join!(biased; q.query().fetch_all(&mut *conn), async {
            if let Some((j, rows)) = done.take() {
                take(j, rows);
            }
            (i + 1 < count).then(|| build(i + 1))
        });
        done = Some((i, rows.map_err(on_error)?));
        next = built;
        i += 1;
    }
    if let Some((j, rows)) = done {
        take(j, rows);
    }
    Ok(())
}

async fn insert_bundles_on(
    conn: &mut AnyConnection,
    backend: Backend,
    bundles: &[EnterpriseBundle],
    now: &str,
) -> Result<Vec<i64>> {
    let ids = insert_enterprises(conn, backend, bundles, now).await?;
    insert_certifications(conn, backend, bundles, &ids).await?;
    let product_ids = insert_products(conn, backend, bundles, &ids, now).await?;
    insert_needs(conn, backend, bundles, &ids, &product_ids).await?;
    Ok(ids)
}

async fn insert_enterprises(
    conn: &mut AnyConnection,
    backend: Backend,
    bundles: &[EnterpriseBundle],
    now: &str,
) -> Result<Vec<i64>> {
    let chunks: Vec<&[EnterpriseBundle]> = bundles.chunks(ROWS_PER_STATEMENT).collect();
    let mut ids = vec![0i64; bundles.len()];
    let build = |c: usize| {
        let mut q = Sql::new(
            backend,
            "INSERT INTO enterprises (kind, name, registration_kind, registration_no, address_line, subdistrict_code, district_code, \
             province_code, postal_code, contact_name, phone, email, stars, quadrant, categories, created_at, updated_at) VALUES ",
        );
        for (i, b) in chunks[c].iter().enumerate() {
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
            q.push(", ").bind(now.to_string()).push(", ").bind(now.to_string()).push(")");
        }
        // Ids are matched back through the unique registration number, not row order,
        // which neither engine promises for RETURNING.
        q.push(" RETURNING id, registration_no");
        q
    };
    let take = |c: usize, rows: Vec<AnyRow>| {
        let mut returned: Vec<(String, i64)> = rows.iter().map(|r| (r.get(1), r.get(0))).collect();
        returned.sort_unstable();
        let first = c * ROWS_PER_STATEMENT;
        for (k, b) in chunks[c].iter().enumerate() {
            let number = b.data.registration.number();
            if let Ok(at) = returned.binary_search_by(|(n, _)| n.as_str().cmp(number)) {
                ids[first + k] = returned[at].1;
            }
        }
    };
    pipelined(conn, chunks.len(), build, take, duplicate_registration).await?;
    Ok(ids)
}

async fn insert_certifications(
    conn: &mut AnyConnection,
    backend: Backend,
    bundles: &[EnterpriseBundle],
    ids: &[i64],
) -> Result<()> {
    let certs: Vec<(i64, &CertificationHeld)> =
        bundles.iter().zip(ids).flat_map(|(b, id)| b.data.certifications.iter().map(move |c| (*id, c))).collect();
    let chunks: Vec<&[(i64, &CertificationHeld)]> = certs.chunks(ROWS_PER_STATEMENT).collect();
    let build = |c: usize| {
        let mut q = Sql::new(
            backend,
            "INSERT INTO enterprise_certifications (enterprise_id, kind, number, expires_on) VALUES ",
        );
        for (i, (eid, cert)) in chunks[c].iter().enumerate() {
            q.push(if i == 0 { "(" } else { ", (" });
            q.bind(*eid).push(", ").bind(cert.kind.code()).push(", ").bind(cert.number.clone());
            q.push(", ").bind(cert.expires_on.map(|d| d.to_string())).push(")");
        }
        q
    };
    pipelined(conn, chunks.len(), build, |_, _| {}, StoreError::Db).await
}

/// Inserts the products and returns their ids in the order of `bundles` and their
/// `products` (0 where none came back, which does not happen).
async fn insert_products(
    conn: &mut AnyConnection,
    backend: Backend,
    bundles: &[EnterpriseBundle],
    ids: &[i64],
    now: &str,
) -> Result<Vec<i64>> {
    let products: Vec<(i64, &ProductData)> =
        bundles.iter().zip(ids).flat_map(|(b, id)| b.products.iter().map(move |p| (*id, p))).collect();
    let chunks: Vec<&[(i64, &ProductData)]> = products.chunks(ROWS_PER_STATEMENT).collect();
    let mut product_ids = vec![0i64; products.len()];
    let build = |c: usize| {
        let mut q = Sql::new(
            backend,
            "INSERT INTO products (enterprise_id, name, category, description, stars, price_satang, created_at, updated_at) VALUES ",
        );
        for (i, (eid, p)) in chunks[c].iter().enumerate() {
            q.push(if i == 0 { "(" } else { ", (" });
            q.bind(*eid).push(", ").bind(p.name.clone()).push(", ").bind(p.category.code());
            q.push(", ").bind(p.description.clone()).push(", ").bind(p.stars.map(|s| s.get() as i64));
            q.push(", ").bind(p.price.map(|x| x.0)).push(", ").bind(now.to_string());
            q.push(", ").bind(now.to_string()).push(")");
        }
        q.push(" RETURNING id, enterprise_id, name");
        q
    };
    let take = |c: usize, rows: Vec<AnyRow>| {
        // Products are matched back by (enterprise, name); equal names within one
        // enterprise take ids in insertion order.
        let mut returned: Vec<(i64, i64, String)> = rows.iter().map(|r| (r.get(1), r.get(0), r.get(2))).collect();
        returned.sort_unstable_by_key(|(eid, id, _)| (*eid, *id));
        let mut used = vec![false; returned.len()];
        let first = c * ROWS_PER_STATEMENT;
        for (k, (eid, p)) in chunks[c].iter().enumerate() {
            let from = returned.partition_point(|(e, _, _)| e < eid);
            let found = returned[from..]
                .iter()
                .enumerate()
                .take_while(|(_, (e, _, _))| e == eid)
                .find(|(at, (_, _, name))| !used[from + at] && *name == p.name);
            if let Some((at, (_, id, _))) = found {
                used[from + at] = true;
                product_ids[first + k] = *id;
            }
        }
    };
    pipelined(conn, chunks.len(), build, take, StoreError::Db).await?;
    Ok(product_ids)
}

async fn insert_needs(
    conn: &mut AnyConnection,
    backend: Backend,
    bundles: &[EnterpriseBundle],
    ids: &[i64],
    product_ids: &[i64],
) -> Result<()> {
    let mut needs: Vec<(i64, Option<i64>, &NeedData)> = Vec::new();
    let mut first_product = 0;
    for (b, id) in bundles.iter().zip(ids) {
        let of_this = &product_ids[first_product..first_product + b.products.len()];
        first_product += b.products.len();
        // 0: the product's id did not come back (see `insert_products`); leave the need unlinked.
        let product = |i: usize| of_this.get(i).copied().filter(|id| *id != 0);
        needs.extend(b.needs.iter().map(|(pi, n)| (*id, pi.and_then(product), n)));
    }
    let chunks: Vec<&[(i64, Option<i64>, &NeedData)]> = needs.chunks(ROWS_PER_STATEMENT).collect();
    let build = |c: usize| {
        let mut q = Sql::new(
            backend,
            "INSERT INTO needs (enterprise_id, product_id, text, province_code, category, stages, status, created_on) VALUES ",
        );
        for (i, (eid, pid, n)) in chunks[c].iter().enumerate() {
            q.push(if i == 0 { "(" } else { ", (" });
            q.bind(*eid).push(", ").bind(*pid).push(", ").bind(n.text.clone());
            q.push(", ").bind(n.province_code as i64).push(", ").bind(n.category.map(|c| c.code()));
            q.push(", ").bind(encode_list(n.stages.iter().map(|s| s.code())));
            q.push(", ").bind(n.status.code()).push(", ").bind(n.created_on.to_string()).push(")");
        }
        q
    };
    pipelined(conn, chunks.len(), build, |_, _| {}, StoreError::Db).await
}
