pub mod account;
pub mod backup;
pub mod demo;
pub mod export;
pub mod import;
pub mod match_;
pub mod migrate;
pub mod serve;
pub mod verify;

use otop_store::Store;

use crate::config::Config;
use crate::fatal::Fatal;

/// Opens the configured database and brings its schema and geography up to date.
pub async fn open_store(cfg: &Config) -> Result<Store, Fatal> {
    let store = Store::open(&cfg.database_url).await.map_err(Fatal::line)?;
    store.migrate().await.map_err(Fatal::line)?;
    store
        .seed_geography()
        .await
        .map_err(|e| Fatal::new("โหลดข้อมูลเขตการปกครองไม่สำเร็จ", "Cannot load the administrative areas", e))?;
    Ok(store)
}

pub fn db_error(e: otop_store::StoreError) -> Fatal {
    Fatal::new("ฐานข้อมูลทำงานผิดพลาด", "Database error", e)
}

pub fn progress_bar(total: u64, what: &str) -> indicatif::ProgressBar {
    let pb = indicatif::ProgressBar::new(total);
    pb.set_style(
        indicatif::ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({per_sec}, เหลือ/eta {eta})")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    pb.set_message(what.to_string());
    pb
}
