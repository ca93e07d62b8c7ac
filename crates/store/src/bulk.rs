//! Loading many enterprises at once (imports and demo data): one transaction, so that a bad
//! batch leaves nothing behind, and INSERTs of a thousand rows bound as one JSON parameter
//! ([`JsonRows`]) with ids reserved up front, so that a large one is fast.
//!
//! [`Store::insert_bundles`] loads one slice in one transaction (imports).
//! [`Store::begin_bulk_load`] keeps one transaction open over many slices (`demo --scale`),
//! so that a million enterprises are written all or nothing; on SQLite it also drops the
//! secondary indexes of the loaded tables for the load and builds them again at the end.

use std::collections::HashSet;

use otop_domain::{CertificationHeld, NeedData, ProductData};
use sqlx::AnyConnection;
use sqlx::pool::PoolConnection;
use sqlx::{Any, Connection, Row};

use crate::audit::{json, record};
use crate::codec::encode_list;
use crate::enterprises::duplicate_registration;
use crate::sql::{Column, JsonRows, Sql};
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

/// Rows per INSERT (one JSON parameter, see [`JsonRows`]). At a million enterprises 1,000
/// and 2,000 were equally fast, 100 and 400 slower by a sixth, 5,000 by a tenth.
const ROWS_PER_STATEMENT: usize = 1_000;

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
        // On SQLite the write lock is taken at once: the ids this load reserves are the ones
        // after the largest stored, which no other writer may take in the meantime.
        let mut tx = match self.backend {
            Backend::Sqlite => conn.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => conn.begin().await?,
        };
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
    ///
    /// Every load on SQLite checks the place codes of its rows itself and switches the
    /// foreign keys off on its connection (see `Places`).
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
            places: None,
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
                // SQLite looked up the parent of every reference, row by row: 8.5 million
                // lookups at a million enterprises, 2-3 s (BENCHMARKS.md). The load checks the
                // references itself instead ([`Places`]; the enterprise and product ids
                // are its own), so the check is off on this connection, which ends with
                // the load. It can only be switched outside a transaction.
                sqlx::raw_sql("PRAGMA foreign_keys = OFF").execute(&mut *load.conn).await?;
                // IMMEDIATE takes the write lock now, so the registration numbers read by
                // `registrations` and the ids reserved cannot be overtaken by another writer.
                sqlx::raw_sql("BEGIN IMMEDIATE").execute(&mut *load.conn).await?;
                load.places = Some(Places::read(&mut load.conn).await?);
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
    /// SQLite: the places that exist, checked here instead of by the foreign keys.
    places: Option<Places>,
}

/// The province, district and subdistrict codes of the geography, for a load that checks
/// the references of its rows itself.
struct Places {
    provinces: HashSet<i64>,
    districts: HashSet<i64>,
    subdistricts: HashSet<i64>,
}

impl Places {
    async fn read(conn: &mut AnyConnection) -> Result<Self> {
        async fn codes(conn: &mut AnyConnection, table: &str) -> Result<HashSet<i64>> {
            let codes: Vec<i64> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT code FROM {table}")))
                .fetch_all(&mut *conn)
                .await?;
            Ok(codes.into_iter().collect())
        }
        Ok(Self {
            provinces: codes(conn, "provinces").await?,
            districts: codes(conn, "districts").await?,
            subdistricts: codes(conn, "subdistricts").await?,
        })
    }

    /// The first code in `bundles` that names no place, as the foreign key would have
    /// refused it.
    fn check(&self, bundles: &[EnterpriseBundle]) -> Result<()> {
        for b in bundles {
            let a = &b.data.address;
            let needs = b.needs.iter().map(|(_, n)| ("province", &self.provinces, i64::from(n.province_code)));
            let address = [
                ("province", &self.provinces, i64::from(a.province_code)),
                ("district", &self.districts, i64::from(a.district_code)),
                ("subdistrict", &self.subdistricts, i64::from(a.subdistrict_code)),
            ];
            if let Some((kind, _, code)) =
                address.into_iter().chain(needs).find(|(_, known, code)| !known.contains(code))
            {
                return Err(StoreError::UnknownPlace { kind, code });
            }
        }
        Ok(())
    }
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
        if let Some(places) = &self.places {
            places.check(bundles)?;
        }
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

/// Runs the statements `build(0..count)` one after the other. While statement `i` runs in
/// the database (SQLite on sqlx's worker thread, PostgreSQL in its server), this thread
/// builds statement `i + 1`, so the two cores work at once.
async fn pipelined(
    conn: &mut AnyConnection,
    count: usize,
    mut build: impl FnMut(usize) -> Sql,
    on_error: fn(sqlx::Error) -> StoreError,
) -> Result<()> {
    let mut next = (count > 0).then(|| build(0));
    let mut i = 0;
    while let Some(q) = next.take() {
        let (done, built) =
            tokio::join!(biased; q.query().execute(&mut *conn), async { (i + 1 < count).then(|| build(i + 1)) });
        done.map_err(on_error)?;
        next = built;
        i += 1;
    }
    Ok(())
}

/// `count` fresh ids for `table`, taken inside the caller's write transaction: on SQLite
/// the ones after the largest stored (no other writer can come between, as the
/// transaction holds the write lock); on PostgreSQL from the table's identity sequence.
/// Knowing the ids before the rows are written lets the products and needs name their
/// enterprise and product without reading anything back.
async fn reserve_ids(conn: &mut AnyConnection, backend: Backend, table: &str, count: usize) -> Result<Vec<i64>> {
    if count == 0 {
        return Ok(Vec::new());
    }
    Ok(match backend {
        Backend::Sqlite => {
            let last: i64 =
                sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COALESCE(MAX(id), 0) FROM {table}")))
                    .fetch_one(&mut *conn)
                    .await?;
            (last + 1..=last + count as i64).collect()
        }
        Backend::Postgres => {
            sqlx::query_scalar("SELECT nextval(pg_get_serial_sequence($1, 'id')) FROM generate_series(1, $2)")
                .bind(table)
                .bind(count as i64)
                .fetch_all(&mut *conn)
                .await?
        }
    })
}

async fn insert_bundles_on(
    conn: &mut AnyConnection,
    backend: Backend,
    bundles: &[EnterpriseBundle],
    now: &str,
) -> Result<Vec<i64>> {
    let ids = reserve_ids(conn, backend, "enterprises", bundles.len()).await?;
    let product_count = bundles.iter().map(|b| b.products.len()).sum();
    let product_ids = reserve_ids(conn, backend, "products", product_count).await?;

    let chunks: Vec<(&[EnterpriseBundle], &[i64])> =
        bundles.chunks(ROWS_PER_STATEMENT).zip(ids.chunks(ROWS_PER_STATEMENT)).collect();
    pipelined(conn, chunks.len(), |c| enterprise_rows(backend, chunks[c].0, chunks[c].1, now), duplicate_registration)
        .await?;

    let certs: Vec<(i64, &CertificationHeld)> =
        bundles.iter().zip(&ids).flat_map(|(b, id)| b.data.certifications.iter().map(move |c| (*id, c))).collect();
    let chunks: Vec<_> = certs.chunks(ROWS_PER_STATEMENT).collect();
    pipelined(conn, chunks.len(), |c| certification_rows(backend, chunks[c]), StoreError::Db).await?;

    let products: Vec<(i64, i64, &ProductData)> = bundles
        .iter()
        .zip(&ids)
        .flat_map(|(b, id)| b.products.iter().map(move |p| (*id, p)))
        .zip(&product_ids)
        .map(|((eid, p), pid)| (*pid, eid, p))
        .collect();
    let chunks: Vec<_> = products.chunks(ROWS_PER_STATEMENT).collect();
    pipelined(conn, chunks.len(), |c| product_rows(backend, chunks[c], now), StoreError::Db).await?;

    let mut needs: Vec<(i64, Option<i64>, &NeedData)> = Vec::new();
    let mut first_product = 0;
    for (b, id) in bundles.iter().zip(&ids) {
        let of_this = &product_ids[first_product..first_product + b.products.len()];
        first_product += b.products.len();
        needs.extend(b.needs.iter().map(|(pi, n)| (*id, pi.and_then(|i| of_this.get(i).copied()), n)));
    }
    let chunks: Vec<_> = needs.chunks(ROWS_PER_STATEMENT).collect();
    pipelined(conn, chunks.len(), |c| need_rows(backend, chunks[c]), StoreError::Db).await?;
    Ok(ids)
}

fn enterprise_rows(backend: Backend, bundles: &[EnterpriseBundle], ids: &[i64], now: &str) -> Sql {
    const COLUMNS: [(&str, Column); 16] = [
        ("id", Column::Integer),
        ("kind", Column::Text),
        ("name", Column::Text),
        ("registration_kind", Column::Text),
        ("registration_no", Column::Text),
        ("address_line", Column::Text),
        ("subdistrict_code", Column::Integer),
        ("district_code", Column::Integer),
        ("province_code", Column::Integer),
        ("postal_code", Column::Text),
        ("contact_name", Column::Text),
        ("phone", Column::Text),
        ("email", Column::Text),
        ("stars", Column::Integer),
        ("quadrant", Column::Text),
        ("categories", Column::Text),
    ];
    let mut rows = JsonRows::default();
    for (b, id) in bundles.iter().zip(ids) {
        let d = &b.data;
        let a = &d.address;
        rows.row()
            .col(id)
            .col(d.kind.code())
            .col(&d.name)
            .col(d.registration.kind_code())
            .col(d.registration.number())
            .col(&a.line)
            .col(a.subdistrict_code)
            .col(a.district_code)
            .col(a.province_code)
            .col(a.postal_code.as_str())
            .col(&d.contact_name)
            .col(d.phone.as_ref().map(|p| p.as_str()))
            .col(d.email.as_ref().map(|e| e.as_str()))
            .col(d.stars.map(|s| s.get()))
            .col(d.quadrant.map(|q| q.code()))
            .col(encode_list(d.categories.iter().map(|c| c.code())));
    }
    rows.insert_into(backend, "enterprises", &COLUMNS, &[("created_at", now), ("updated_at", now)])
}

fn certification_rows(backend: Backend, certs: &[(i64, &CertificationHeld)]) -> Sql {
    const COLUMNS: [(&str, Column); 4] = [
        ("enterprise_id", Column::Integer),
        ("kind", Column::Text),
        ("number", Column::Text),
        ("expires_on", Column::Text),
    ];
    let mut rows = JsonRows::default();
    for (eid, cert) in certs {
        rows.row().col(eid).col(cert.kind.code()).col(&cert.number).col(cert.expires_on.map(|d| d.to_string()));
    }
    rows.insert_into(backend, "enterprise_certifications", &COLUMNS, &[])
}

fn product_rows(backend: Backend, products: &[(i64, i64, &ProductData)], now: &str) -> Sql {
    const COLUMNS: [(&str, Column); 7] = [
        ("id", Column::Integer),
        ("enterprise_id", Column::Integer),
        ("name", Column::Text),
        ("category", Column::Text),
        ("description", Column::Text),
        ("stars", Column::Integer),
        ("price_satang", Column::Integer),
    ];
    let mut rows = JsonRows::default();
    for (id, eid, p) in products {
        rows.row()
            .col(id)
            .col(eid)
            .col(&p.name)
            .col(p.category.code())
            .col(&p.description)
            .col(p.stars.map(|s| s.get()))
            .col(p.price.map(|x| x.0));
    }
    rows.insert_into(backend, "products", &COLUMNS, &[("created_at", now), ("updated_at", now)])
}

fn need_rows(backend: Backend, needs: &[(i64, Option<i64>, &NeedData)]) -> Sql {
    const COLUMNS: [(&str, Column); 8] = [
        ("enterprise_id", Column::Integer),
        ("product_id", Column::Integer),
        ("text", Column::Text),
        ("province_code", Column::Integer),
        ("category", Column::Text),
        ("stages", Column::Text),
        ("status", Column::Text),
        ("created_on", Column::Text),
    ];
    let mut rows = JsonRows::default();
    for (eid, pid, n) in needs {
        rows.row()
            .col(eid)
            .col(pid)
            .col(&n.text)
            .col(n.province_code)
            .col(n.category.map(|c| c.code()))
            .col(encode_list(n.stages.iter().map(|s| s.code())))
            .col(n.status.code())
            .col(n.created_on.to_string());
    }
    rows.insert_into(backend, "needs", &COLUMNS, &[])
}
