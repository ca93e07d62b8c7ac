use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use otop_store::enterprises::EnterpriseFilter;

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

const PAGE: i64 = 1000;

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
    let (headers, rows): (Vec<&str>, Vec<Vec<String>>) = match args.kind {
        ExportKind::Enterprises => {
            let mut rows = Vec::new();
            let mut offset = 0;
            loop {
                let page = store
                    .enterprises(&EnterpriseFilter { limit: PAGE, offset, ..Default::default() })
                    .await
                    .map_err(super::db_error)?;
                for e in &page.items {
                    // Lists leave certifications out; the export needs them.
                    let full = store.enterprise(e.id).await.map_err(super::db_error)?;
                    rows.push(otop_sheets::enterprise_row(&full, args.show_personal));
                }
                offset += PAGE;
                if offset >= page.total {
                    break;
                }
            }
            (otop_sheets::enterprise_headers(), rows)
        }
        ExportKind::Products => {
            let mut rows = Vec::new();
            let mut after = 0;
            let mut names = std::collections::HashMap::new();
            loop {
                let page = store.products_after(after, PAGE).await.map_err(super::db_error)?;
                let Some(last) = page.last() else { break };
                after = last.id;
                for p in &page {
                    let eid = p.data.enterprise_id;
                    if let std::collections::hash_map::Entry::Vacant(slot) = names.entry(eid) {
                        slot.insert(store.enterprise(eid).await.map(|e| e.data.name).unwrap_or_default());
                    }
                    rows.push(otop_sheets::product_row(p, &names[&eid]));
                }
            }
            (otop_sheets::product_headers(), rows)
        }
        ExportKind::Services => {
            let all = store.all_services().await.map_err(super::db_error)?;
            let rows = all.iter().map(|s| otop_sheets::service_row(&s.service, &s.provider_name)).collect();
            (otop_sheets::service_headers(), rows)
        }
    };
    store.close().await;
    let n = rows.len();
    let written = if xlsx {
        otop_sheets::write_xlsx(&args.out, "otop-upgrade", &headers, rows)
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
