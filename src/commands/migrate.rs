use std::process::ExitCode;

use otop_store::Store;

use crate::config::Config;
use crate::fatal::{CliResult, Fatal};

pub async fn run(cfg: &Config) -> CliResult {
    let store = Store::open(&cfg.database_url).await.map_err(Fatal::line)?;
    let applied = store.migrate().await.map_err(Fatal::line)?;
    let seeded = store.seed_geography().await.map_err(super::db_error)?;
    if applied.is_empty() {
        println!("ฐานข้อมูลเป็นปัจจุบันแล้ว / Database is up to date ({})", store.backend().name());
    } else {
        println!("ปรับโครงสร้างแล้ว / Applied: {} ({})", applied.join(", "), store.backend().name());
    }
    if seeded {
        println!("โหลดข้อมูลเขตการปกครองแล้ว / Loaded administrative areas ({})", otop_geo::data_version());
    }
    store.close().await;
    Ok(ExitCode::SUCCESS)
}
