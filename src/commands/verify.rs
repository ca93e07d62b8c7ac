//! `otop-upgrade verify`: the integrity check (`Store::verify`) over an existing database —
//! the ledger balances, every coupon's money against its status, states that must agree
//! and references between tables. Read-only: a missing database is an error, never created.

use std::process::ExitCode;

use otop_store::Store;

use crate::config::Config;
use crate::fatal::{CliResult, Fatal};

pub async fn run(cfg: &Config) -> CliResult {
    let url = existing_database(&cfg.database_url)?;
    let store = Store::open(&url).await.map_err(Fatal::line)?;
    let migrations: Result<i64, _> =
        sqlx::query_scalar("SELECT COUNT(*) FROM schema_migrations").fetch_one(store.pool()).await;
    if !matches!(migrations, Ok(n) if n > 0) {
        store.close().await;
        return Err(Fatal::plain(
            "ฐานข้อมูลนี้ยังไม่มีโครงสร้างของระบบ — สั่ง `otop-upgrade migrate` ก่อน",
            "This database has no otop-upgrade schema — run `otop-upgrade migrate` first",
        ));
    }
    let found = store.verify().await.map_err(|e| {
        Fatal::new(
            "ตรวจฐานข้อมูลไม่สำเร็จ — ถ้าเป็นฐานข้อมูลของรุ่นก่อน สั่ง `otop-upgrade migrate` ก่อน",
            "Cannot check the database — if it is from an earlier version, run `otop-upgrade migrate` first",
            e,
        )
    })?;
    store.close().await;
    for v in &found {
        println!("{}: {}", v.rule, v.detail);
    }
    if found.is_empty() {
        println!(
            "ตรวจความถูกต้องแล้ว ไม่พบปัญหา ({}) / Verified: no problems found ({})",
            store.backend().name(),
            store.backend().name()
        );
        Ok(ExitCode::SUCCESS)
    } else {
        println!(
            "พบปัญหา {n} รายการ ({b}) / Found {n} problem{s} ({b})",
            n = found.len(),
            b = store.backend().name(),
            s = if found.len() == 1 { "" } else { "s" }
        );
        Ok(ExitCode::from(1))
    }
}

/// The database URL, opened without creating anything: a SQLite file must exist (and is
/// opened read-write without `mode=rwc`, so a mistyped path is not left behind as an
/// empty database).
fn existing_database(url: &str) -> Result<String, Fatal> {
    let Some(rest) = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")) else {
        return Ok(url.to_string());
    };
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    if path.is_empty() || path == ":memory:" || query.contains("mode=memory") {
        return Ok(url.to_string());
    }
    if !std::path::Path::new(path).is_file() {
        return Err(Fatal::plain(
            format!("ไม่พบฐานข้อมูล {path} — ตรวจสอบ --data-dir หรือ --database-url (คำสั่งนี้ไม่สร้างฐานข้อมูลใหม่)"),
            format!("No database at {path} — check --data-dir or --database-url (verify does not create one)"),
        ));
    }
    let kept: Vec<&str> = query.split('&').filter(|p| !p.is_empty() && !p.starts_with("mode=")).collect();
    let mut opened = format!("sqlite://{path}?mode=rw");
    for p in kept {
        opened.push('&');
        opened.push_str(p);
    }
    Ok(opened)
}

#[cfg(test)]
mod tests {
    use super::existing_database;

    #[test]
    fn a_sqlite_file_is_opened_without_creating_it() {
        let dir = std::env::temp_dir().join(format!("otop-verify-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("otop.db");
        let missing = format!("sqlite://{}?mode=rwc", file.display());
        let err = existing_database(&missing).unwrap_err();
        assert!(err.en.contains("No database at") && err.th.contains("ไม่พบฐานข้อมูล"), "{err:?}");
        assert!(!file.exists());
        std::fs::write(&file, b"").unwrap();
        assert_eq!(existing_database(&missing).unwrap(), format!("sqlite://{}?mode=rw", file.display()));
        let pg = "postgres://postgres@127.0.0.1/otop";
        assert_eq!(existing_database(pg).unwrap(), pg);
        let _ = std::fs::remove_dir_all(dir);
    }
}
