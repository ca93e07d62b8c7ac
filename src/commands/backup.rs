use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use otop_store::Backend;

use crate::config::Config;
use crate::fatal::{CliResult, Fatal};

#[derive(Args, Debug)]
pub struct BackupArgs {
    /// ไฟล์ปลายทาง / Destination file (default: DATA_DIR/backups/otop-YYYYMMDD-HHMMSS.db)
    #[arg(long)]
    out: Option<PathBuf>,
}

pub async fn run(cfg: &Config, args: BackupArgs) -> CliResult {
    let store = super::open_store(cfg).await?;
    if store.backend() != Backend::Sqlite {
        return Err(Fatal::plain(
            "ฐานข้อมูล PostgreSQL ให้สำรองด้วย pg_dump",
            "Back up a PostgreSQL database with pg_dump",
        ));
    }
    let out = match args.out {
        Some(p) => p,
        None => {
            let dir = cfg.data_dir.join("backups");
            crate::config::ensure_writable(&dir)?;
            dir.join(format!("otop-{}.db", chrono_stamp()))
        }
    };
    if out.exists() {
        return Err(Fatal::plain(
            format!("มีไฟล์ {} อยู่แล้ว — เลือกชื่ออื่น", out.display()),
            format!("{} already exists — choose another name", out.display()),
        ));
    }
    store.backup_sqlite(&out).await.map_err(|e| {
        Fatal::new(format!("สำรองข้อมูลไปที่ {} ไม่สำเร็จ", out.display()), format!("Backup to {} failed", out.display()), e)
    })?;
    let size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
    println!("สำรองข้อมูลแล้ว / Backed up to {} ({:.1} MB)", out.display(), size as f64 / 1e6);
    store.close().await;
    Ok(ExitCode::SUCCESS)
}

fn chrono_stamp() -> String {
    chrono::Utc::now().format("%Y%m%d-%H%M%S").to_string()
}
