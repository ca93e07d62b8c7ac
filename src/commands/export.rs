use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use otop_app::export::Dataset;

use crate::config::Config;
use crate::fatal::{CliResult, Fatal};

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ExportKind {
    Enterprises,
    Products,
    Services,
}

#[derive(Args, Debug)]
pub struct ExportArgs {
    /// ประเภทข้อมูล / What to export
    kind: ExportKind,
    /// ไฟล์ปลายทาง .csv หรือ .xlsx / Destination .csv or .xlsx file
    #[arg(long)]
    out: PathBuf,
    /// แสดงเลขประจำตัวประชาชนและเบอร์โทรเต็ม / Include full national IDs and phone numbers
    #[arg(long)]
    show_personal: bool,
}

pub async fn run(cfg: &Config, args: ExportArgs) -> CliResult {
    let xlsx = match args.out.extension().and_then(|e| e.to_str()).map(str::to_lowercase).as_deref() {
        Some("xlsx") => true,
        Some("csv") => false,
        _ => {
            return Err(Fatal::plain(
                "ไฟล์ปลายทางต้องลงท้ายด้วย .csv หรือ .xlsx",
                "The destination must end in .csv or .xlsx",
            ));
        }
    };
    let store = super::open_store(cfg).await?;
    let dataset = match args.kind {
        ExportKind::Enterprises => Dataset::Enterprises,
        ExportKind::Products => Dataset::Products,
        ExportKind::Services => Dataset::Services,
    };
    let (headers, rows) =
        otop_app::export::rows(&store, dataset, &otop_domain::access::EnterpriseScope::All, args.show_personal)
            .await
            .map_err(super::db_error)?;
    store.close().await;
    let n = rows.len();
    let written = if xlsx {
        otop_sheets::write_xlsx(&args.out, dataset.sheet_name(), &headers, rows)
    } else {
        std::fs::File::create(&args.out)
            .map_err(otop_sheets::SheetError::from)
            .and_then(|f| otop_sheets::write_csv(std::io::BufWriter::new(f), &headers, rows))
    };
    written.map_err(|e| {
        let m = e.message();
        Fatal::plain(m.th, m.en)
    })?;
    println!("ส่งออก {n} แถวไปที่ {} แล้ว / Exported {n} rows to {}", args.out.display(), args.out.display());
    Ok(ExitCode::SUCCESS)
}
