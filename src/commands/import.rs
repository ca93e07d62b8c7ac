use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use otop_app::import::{ImportError, ImportOptions, import_enterprises};
use otop_store::Actor;

use crate::config::Config;
use crate::fatal::{CliResult, Fatal};

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ImportKind {
    /// ผู้ประกอบการ / enterprises
    Enterprises,
}

#[derive(Args, Debug)]
pub struct ImportArgs {
    /// ประเภทข้อมูล / What the file holds
    kind: ImportKind,
    /// ไฟล์ .csv หรือ .xlsx / A .csv or .xlsx file
    file: PathBuf,
    /// นำเข้าแถวที่ถูกต้องแม้มีแถวผิด / Import the good rows even if some rows are bad
    #[arg(long)]
    partial: bool,
    /// เขียนรายงานแถวที่ผิดเป็น CSV / Write the bad rows to this CSV report
    #[arg(long)]
    report: Option<PathBuf>,
}

pub async fn run(cfg: &Config, args: ImportArgs) -> CliResult {
    let ImportKind::Enterprises = args.kind;
    let table = otop_sheets::read_table(&args.file).map_err(|e| {
        let m = e.message();
        Fatal::plain(m.th, m.en)
    })?;
    let store = super::open_store(cfg).await?;
    let pb = super::progress_bar(table.rows.len() as u64, "ตรวจและนำเข้า / checking and importing");
    let actor = Actor::new(format!("cli import {}", args.file.display()));
    let outcome = import_enterprises(
        &store,
        &actor,
        &table,
        ImportOptions { partial: args.partial, provinces: None },
        &mut |d, t| {
            pb.set_length(t as u64);
            pb.set_position(d as u64);
        },
    )
    .await
    .map_err(|e| match e {
        ImportError::Sheet(s) => {
            let m = s.message();
            Fatal::plain(m.th, m.en)
        }
        ImportError::Store(s) => super::db_error(s),
    })?;
    pb.finish_and_clear();
    store.close().await;
    for c in &outcome.ignored_columns {
        eprintln!("คำเตือน: ไม่รู้จักคอลัมน์ \"{c}\" จึงไม่ได้นำเข้า / Warning: unknown column \"{c}\" was not imported");
    }
    for e in &outcome.errors {
        eprintln!("{}", e.line_th());
        eprintln!("  {}", e.line_en());
    }
    if let Some(path) = &args.report {
        let f = std::fs::File::create(path).map_err(|e| {
            Fatal::new(
                format!("เขียนรายงาน {} ไม่ได้", path.display()),
                format!("Cannot write the report {}", path.display()),
                e,
            )
        })?;
        otop_sheets::write_error_report_csv(f, &outcome.errors).map_err(|e| {
            let m = e.message();
            Fatal::plain(m.th, m.en)
        })?;
    }
    if outcome.errors.is_empty() {
        println!(
            "นำเข้าสำเร็จ {} ราย / Imported {} enterprises from {}",
            outcome.imported,
            outcome.imported,
            args.file.display()
        );
        Ok(ExitCode::SUCCESS)
    } else if args.partial {
        println!(
            "นำเข้า {} ราย ข้าม {} แถวที่ผิด / Imported {}, skipped {} bad rows",
            outcome.imported,
            outcome.rows_with_errors(),
            outcome.imported,
            outcome.rows_with_errors()
        );
        Ok(ExitCode::from(1))
    } else {
        eprintln!(
            "ไม่ได้นำเข้าข้อมูลใดเลย: พบปัญหา {} จุดใน {} แถว แก้ไขแล้วนำเข้าใหม่ (หรือใช้ --partial) / Nothing imported: {} problems in {} rows — fix them and import again (or use --partial)",
            outcome.errors.len(),
            outcome.rows_with_errors(),
            outcome.errors.len(),
            outcome.rows_with_errors()
        );
        Ok(ExitCode::from(1))
    }
}
