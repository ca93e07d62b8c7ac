use std::process::ExitCode;
use std::time::Instant;

use clap::Args;
use otop_store::Backend;

use crate::config::Config;
use crate::fatal::{CliResult, Fatal};

/// Enterprises per batch when generating at scale (the whole load is one transaction;
/// a batch is the unit of progress and of the generator's lead).
const BATCH: usize = 50_000;

#[derive(Args, Debug)]
pub struct DemoArgs {
    /// สร้างผู้ประกอบการ N รายสำหรับทดสอบประสิทธิภาพ / Generate N enterprises (with products and needs)
    #[arg(long)]
    scale: Option<usize>,
    /// เลขตั้งต้นของการสุ่ม / Seed; the same N and seed give the same data
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

pub async fn run(cfg: &Config, args: DemoArgs) -> CliResult {
    let store = super::open_store(cfg).await?;
    match args.scale {
        None => {
            if !store.is_empty().await.map_err(super::db_error)? {
                return Err(Fatal::plain(
                    "ฐานข้อมูลมีข้อมูลอยู่แล้ว — ข้อมูลตัวอย่างใส่ได้เฉพาะฐานข้อมูลว่าง (หรือใช้ --scale)",
                    "The database already has data — the demo set loads only into an empty database (or use --scale)",
                ));
            }
            let loaded = otop_app::demo::load_base(&store).await.map_err(super::db_error)?;
            println!("ใส่ข้อมูลตัวอย่างแล้ว / Loaded demo data: {loaded}");
        }
        Some(n) => {
            let pb = super::progress_bar(n as u64, "สร้างข้อมูล / generating");
            let started = Instant::now();
            let done = otop_app::demo::generate(&store, n, args.seed, BATCH, &mut |d| pb.set_position(d as u64))
                .await
                .map_err(super::db_error)?;
            pb.finish_and_clear();
            let secs = started.elapsed().as_secs_f64();
            println!(
                "สร้างผู้ประกอบการ {} ราย ({} แถว) ใน {secs:.1} วินาที / generated {} enterprises ({} rows) in {secs:.1} s: {:.0} enterprises/s, {:.0} rows/s",
                done.enterprises,
                done.rows,
                done.enterprises,
                done.rows,
                done.enterprises as f64 / secs,
                done.rows as f64 / secs
            );
            if store.backend() == Backend::Sqlite && cfg.embedded {
                let db = cfg.data_dir.join("otop.db");
                let size: u64 = ["", "-wal"]
                    .iter()
                    .filter_map(|s| std::fs::metadata(format!("{}{s}", db.display())).ok())
                    .map(|m| m.len())
                    .sum();
                println!("ขนาดฐานข้อมูล / database size: {:.1} MB ({})", size as f64 / 1e6, db.display());
            }
        }
    }
    store.close().await;
    Ok(ExitCode::SUCCESS)
}
