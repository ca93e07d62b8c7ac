//! Fresh databases for tests: a temporary SQLite file, or a new PostgreSQL database on
//! the server named by `OTOP_TEST_POSTGRES_URL` (default: the local one), dropped after.
//! Each test gets its own, so the suites run in parallel.

use std::sync::atomic::{AtomicU32, Ordering};

use crate::{Backend, Store};

pub const DEFAULT_POSTGRES: &str = "postgres://postgres@127.0.0.1:5432/postgres";

pub fn postgres_admin_url() -> String {
    std::env::var("OTOP_TEST_POSTGRES_URL").unwrap_or_else(|_| DEFAULT_POSTGRES.to_string())
}

/// A database that exists for one test.
pub struct TestDb {
    pub store: Store,
    pub url: String,
    backend: Backend,
    name: String,
    _dir: Option<TempDir>,
}

/// A temporary directory removed on drop (no extra dependency needed for this).
pub struct TempDir(pub std::path::PathBuf);

impl TempDir {
    pub fn new(prefix: &str) -> Self {
        static N: AtomicU32 = AtomicU32::new(0);
        let p = std::env::temp_dir().join(format!(
            "{prefix}-{}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed),
            chrono::Utc::now().timestamp_nanos_opt().unwrap_or_default()
        ));
        std::fs::create_dir_all(&p).expect("create temp dir");
        Self(p)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl TestDb {
    /// A migrated, empty database of the given engine.
    pub async fn new(backend: Backend) -> TestDb {
        static N: AtomicU32 = AtomicU32::new(0);
        let name = format!(
            "otop_test_{}_{}_{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed),
            chrono::Utc::now().timestamp_subsec_nanos()
        );
        let (url, dir) = match backend {
            Backend::Sqlite => {
                let dir = TempDir::new("otop-test");
                (format!("sqlite://{}/otop.db?mode=rwc", dir.0.display()), Some(dir))
            }
            Backend::Postgres => {
                let admin_url = postgres_admin_url();
                let admin =
                    Store::open(&admin_url).await.unwrap_or_else(|e| panic!("PostgreSQL is needed for this test: {e}"));
                sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                    .execute(admin.pool())
                    .await
                    .expect("create test database");
                // A test database is thrown away: waiting for each commit to reach the disk
                // only slows the suite (the demo's workflow alone is ~500 commits).
                sqlx::query(sqlx::AssertSqlSafe(format!("ALTER DATABASE {name} SET synchronous_commit = off")))
                    .execute(admin.pool())
                    .await
                    .expect("configure test database");
                admin.close().await;
                let mut u = url::Url::parse(&admin_url).expect("admin url");
                u.set_path(&name);
                (u.to_string(), None)
            }
        };
        let store = Store::open(&url).await.expect("open test database");
        store.migrate().await.expect("migrate");
        store.seed_geography().await.expect("geography");
        TestDb { store, url, backend, name, _dir: dir }
    }

    /// Closes the pool and drops a PostgreSQL database; SQLite files go with the temp dir.
    pub async fn cleanup(self) {
        self.store.close().await;
        if self.backend == Backend::Postgres
            && let Ok(admin) = Store::open(&postgres_admin_url()).await
        {
            let _ = sqlx::query(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name)))
                .execute(admin.pool())
                .await;
            admin.close().await;
        }
    }
}

/// Runs one async test body against SQLite and against PostgreSQL, as two named tests
/// (`<name>::sqlite` and `<name>::postgres`), so the output shows both engines ran.
#[macro_export]
macro_rules! test_both_backends {
    ($name:ident, $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let db = $crate::testing::TestDb::new($crate::Backend::Sqlite).await;
                ($body)(db.store.clone()).await;
                db.cleanup().await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let db = $crate::testing::TestDb::new($crate::Backend::Postgres).await;
                ($body)(db.store.clone()).await;
                db.cleanup().await;
            }
        }
    };
}
