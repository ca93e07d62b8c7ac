//! `otop-upgrade match`: ranks the services for each need of a file, from a services file or
//! from the database, and writes the rankings with their reasons (JSONL or a sheet).

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::{ArgGroup, Args};
use otop_app::match_files as files;
use otop_app::match_files::{
    InputError, Loaded, Matcher, NeedLineRecord, OutputFormat, Ranked, ReadError, ServiceLabel, ServiceRecord,
};

use crate::config::Config;
use crate::fatal::{CliResult, Fatal};

const FILES_HELP: &str = "\
ไฟล์ / Files (by extension: .jsonl, .csv, .xlsx)

  JSONL: one JSON object a line, as in the matching benchmark:
    services: {\"id\":\"S001\",\"provider\":\"…\",\"kind\":\"agency\",\"title\":\"…\",\"description\":\"…\",
               \"stages\":[\"standards\"],\"categories\":[\"food\"],\"coverage\":{\"nationwide\":true}}
               (coverage: {\"nationwide\":true} | {\"regions\":[\"north\",…]} | {\"provinces\":[\"ลำพูน\",…]})
    needs:    {\"id\":\"D001\",\"province\":\"ลำพูน\",\"category\":\"food\",\"product\":\"ลำไยอบแห้ง\",\"text\":\"…\"}

  CSV / XLSX: a header row, then one row per need or service. Headers in Thai or English;
  lists comma-separated in one cell; codes, Thai or English names all work.
    needs:    รหัส/id, ข้อความ/ปัญหา/text (required), จังหวัด/province, กลุ่มผลิตภัณฑ์/category,
              ผลิตภัณฑ์/product, ขั้น/stages
    services: รหัส/id, ผู้ให้บริการ/provider, ประเภทผู้ให้บริการ/kind, ชื่อบริการ/title,
              รายละเอียด/description, ห่วงโซ่คุณค่า/stages, ประเภทผลิตภัณฑ์/categories,
              พื้นที่ให้บริการ/coverage (required: ทั่วประเทศ/nationwide, regions or provinces),
              ประเภทพื้นที่/coverage_kind (optional: nationwide|regions|provinces, ทั่วประเทศ|ภาค|จังหวัด),
              รับได้อีก/capacity_left, สถานะ/status (ปิดรับ/inactive rows are skipped).
              The sheet of `otop-upgrade export services` reads as it is.
  Without an id column, a row's id is its row number.

ผลลัพธ์ / Output (--out, or JSONL on stdout)
  .jsonl: one line per need: {\"need\":\"D001\",\"ranked\":[\"S025\",…],\"reasons\":[[{\"code\",\"th\",\"en\"},…],…]}
          (reasons aligned with ranked; with --db the ids are database ids)
  .csv / .xlsx: need id, rank, service id, title, provider, score, reasons in Thai — one row per result.

A bad line or row is reported with its number, field, value and what to fix, and nothing is written.

ตัวอย่าง / Example:
  otop-upgrade match --services services.jsonl --needs needs.xlsx --top 5 --out results.xlsx --stats";

#[derive(Args, Debug)]
#[command(group(ArgGroup::new("source").required(true).args(["services", "db"])))]
#[command(after_long_help = FILES_HELP)]
pub struct MatchArgs {
    /// ไฟล์บริการ (.jsonl, .csv, .xlsx) / Services file
    #[arg(long, value_name = "FILE")]
    services: Option<PathBuf>,
    /// ใช้บริการที่เปิดรับในฐานข้อมูล / Use the active services of the configured database
    #[arg(long)]
    db: bool,
    /// ไฟล์ความต้องการ (.jsonl, .csv, .xlsx) / Needs file
    #[arg(long, value_name = "FILE")]
    needs: PathBuf,
    /// จำนวนบริการต่อความต้องการ / Services to rank per need
    #[arg(long, value_name = "K", default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=1000))]
    top: u32,
    /// ไฟล์ผลลัพธ์ .jsonl, .csv หรือ .xlsx (ค่าเริ่มต้น: JSONL ทางหน้าจอ) / Results file (default: JSONL on stdout)
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// แสดงเวลาสร้างดัชนีและเวลาต่อความต้องการ (p50/p95/p99) / Print index build time and per-need latency
    #[arg(long)]
    stats: bool,
}

/// The services to match against, from a file or from the database.
struct Catalogue {
    records: Vec<ServiceRecord>,
    labels: HashMap<String, ServiceLabel>,
    read: Duration,
}

pub async fn run(cfg: &Config, args: MatchArgs) -> CliResult {
    let out_format = match &args.out {
        Some(p) => Some(files::output_format(&p.display().to_string()).map_err(|m| Fatal::plain(m.th, m.en))?),
        None => None,
    };
    let want_labels = matches!(out_format, Some(OutputFormat::Csv | OutputFormat::Xlsx));

    // Read and check both files before anything else; report every bad line of both.
    let needs_path = args.needs.clone();
    let services_path = args.services.clone();
    let (needs, services) = tokio::task::spawn_blocking(move || {
        let needs = files::read_needs(&needs_path);
        let services = services_path.map(|p| {
            let started = Instant::now();
            files::read_services(&p).map(|l| (l, started.elapsed()))
        });
        (needs, services)
    })
    .await
    .map_err(|e| Fatal::new("อ่านไฟล์ไม่สำเร็จ", "Reading the files failed", e))?;

    let mut bad: Vec<InputError> = Vec::new();
    let needs = collect(needs, &mut bad)?;
    let from_file = match services {
        Some(s) => collect(s, &mut bad)?,
        None => None,
    };
    if !bad.is_empty() {
        return Ok(report_bad(&bad));
    }
    let needs: Vec<NeedLineRecord> = needs.expect("no errors").records;

    let catalogue = match from_file {
        Some((loaded, read)) => {
            let labels = if want_labels {
                loaded.records.iter().map(|s| (s.key.clone(), ServiceLabel::of(s))).collect()
            } else {
                HashMap::new()
            };
            Catalogue { records: loaded.records, labels, read }
        }
        None => from_database(cfg).await?,
    };
    if catalogue.records.is_empty() {
        return Err(if args.db {
            Fatal::plain(
                "ฐานข้อมูลไม่มีบริการที่เปิดรับ — เพิ่มบริการ หรือใส่ข้อมูลตัวอย่างด้วย otop-upgrade demo",
                "The database has no active services — add services, or load the demo data with otop-upgrade demo",
            )
        } else {
            Fatal::plain("ไฟล์บริการไม่มีบริการที่เปิดรับเลย", "The services file has no active services")
        });
    }

    let n_services = catalogue.records.len();
    let spinner = spinner("สร้างดัชนี / building the index");
    let records = catalogue.records;
    let started = Instant::now();
    let matcher = tokio::task::spawn_blocking(move || Matcher::build(records))
        .await
        .map_err(|e| Fatal::new("สร้างดัชนีไม่สำเร็จ", "Building the index failed", e))?
        .map_err(Fatal::line)?;
    let build = started.elapsed();
    spinner.finish_and_clear();

    let top = args.top as usize;
    let (results, latencies) = tokio::task::spawn_blocking(move || rank_all(&matcher, needs, top))
        .await
        .map_err(|e| Fatal::new("จัดอันดับไม่สำเร็จ", "Ranking failed", e))?
        .map_err(Fatal::line)?;

    write_results(args.out.as_deref(), out_format, &results, &catalogue.labels)?;
    if let Some(out) = &args.out {
        eprintln!(
            "จัดอันดับ {} ความต้องการกับบริการ {} รายการ เขียนผลที่ {} แล้ว / Ranked {} needs against {} services; results in {}",
            results.len(),
            n_services,
            out.display(),
            results.len(),
            n_services,
            out.display()
        );
    }
    if args.stats {
        print_stats(catalogue.read, build, n_services, &latencies, top);
    }
    Ok(ExitCode::SUCCESS)
}

/// Keeps a file's records, or its row errors in `bad`; a whole-file problem stops here.
fn collect<T>(r: Result<T, ReadError>, bad: &mut Vec<InputError>) -> Result<Option<T>, Fatal>
where
    T: HasIgnored,
{
    match r {
        Ok(v) => {
            v.warn_ignored();
            Ok(Some(v))
        }
        Err(ReadError::File(m)) => Err(Fatal::plain(m.th, m.en)),
        Err(ReadError::Rows(mut rows)) => {
            bad.append(&mut rows);
            Ok(None)
        }
    }
}

trait HasIgnored {
    fn warn_ignored(&self);
}

fn warn_columns(columns: &[String]) {
    for c in columns {
        eprintln!("คำเตือน: ไม่รู้จักคอลัมน์ \"{c}\" จึงไม่ได้ใช้ / Warning: unknown column \"{c}\" was ignored");
    }
}

impl<T> HasIgnored for Loaded<T> {
    fn warn_ignored(&self) {
        warn_columns(&self.ignored_columns);
    }
}

impl<T> HasIgnored for (Loaded<T>, Duration) {
    fn warn_ignored(&self) {
        warn_columns(&self.0.ignored_columns);
    }
}

fn report_bad(bad: &[InputError]) -> ExitCode {
    for e in bad {
        eprintln!("{}", e.line_th());
        eprintln!("  {}", e.line_en());
    }
    let mut places: Vec<(&str, usize)> = bad.iter().map(|e| (e.file.as_str(), e.row)).collect();
    places.dedup();
    eprintln!(
        "ไม่ได้จับคู่และไม่ได้เขียนผลลัพธ์: พบปัญหา {} จุดใน {} บรรทัด/แถว — แก้ไขแล้วลองใหม่ / Nothing matched or written: {} problems on {} lines/rows — fix them and run again",
        bad.len(),
        places.len(),
        bad.len(),
        places.len()
    );
    ExitCode::from(1)
}

async fn from_database(cfg: &Config) -> Result<Catalogue, Fatal> {
    let store = super::open_store(cfg).await?;
    let started = Instant::now();
    let active = otop_app::matching::active_services(&store).await.map_err(super::db_error)?;
    store.close().await;
    let labels = active
        .iter()
        .map(|(l, _)| {
            let label = ServiceLabel { title: l.service.data.title.clone(), provider: l.provider_name.clone() };
            (l.service.id.to_string(), label)
        })
        .collect();
    let records: Vec<ServiceRecord> = active.into_iter().map(|(_, r)| r).collect();
    Ok(Catalogue { records, labels, read: started.elapsed() })
}

type Rankings = Vec<(String, Vec<Ranked>)>;

/// Ranks every need, timing each `rank` call alone.
fn rank_all(
    matcher: &Matcher,
    needs: Vec<NeedLineRecord>,
    top: usize,
) -> Result<(Rankings, Vec<Duration>), otop_app::match_files::MatchError> {
    let pb = super::progress_bar(needs.len() as u64, "จัดอันดับ / ranking");
    let mut results = Vec::with_capacity(needs.len());
    let mut latencies = Vec::with_capacity(needs.len());
    for (i, n) in needs.into_iter().enumerate() {
        let started = Instant::now();
        let ranked = matcher.rank(&n.need, top)?;
        latencies.push(started.elapsed());
        results.push((n.id, ranked));
        if i % 64 == 63 {
            pb.set_position(i as u64 + 1);
        }
    }
    pb.finish_and_clear();
    Ok((results, latencies))
}

fn write_results(
    out: Option<&Path>,
    format: Option<OutputFormat>,
    results: &Rankings,
    labels: &HashMap<String, ServiceLabel>,
) -> Result<(), Fatal> {
    let write_failed = |e: &dyn std::fmt::Display| {
        let name = out.map_or_else(|| "stdout".to_string(), |p| p.display().to_string());
        Fatal::new(format!("เขียนผลลัพธ์ที่ {name} ไม่ได้"), format!("Cannot write the results to {name}"), e)
    };
    match (out, format) {
        (Some(path), Some(f @ (OutputFormat::Csv | OutputFormat::Xlsx))) => {
            let rows: Vec<Vec<String>> =
                results.iter().flat_map(|(id, ranked)| files::result_rows(id, ranked, labels)).collect();
            files::write_result_sheet(path, f, rows).map_err(|e| {
                let m = e.message();
                Fatal::plain(m.th, m.en)
            })
        }
        (Some(path), _) => {
            let f = std::fs::File::create(path).map_err(|e| write_failed(&e))?;
            write_jsonl(std::io::BufWriter::new(f), results).map_err(|e| write_failed(&e))
        }
        (None, _) => {
            write_jsonl(std::io::BufWriter::new(std::io::stdout().lock()), results).map_err(|e| write_failed(&e))
        }
    }
}

fn write_jsonl(mut w: impl Write, results: &Rankings) -> std::io::Result<()> {
    for (id, ranked) in results {
        writeln!(w, "{}", files::result_line(id, ranked))?;
    }
    w.flush()
}

/// The value at or below which `p` percent of the sorted `v` lie (nearest rank).
fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1e3)
}

fn print_stats(read: Duration, build: Duration, services: usize, latencies: &[Duration], top: usize) {
    let mut sorted = latencies.to_vec();
    sorted.sort_unstable();
    let total: Duration = sorted.iter().sum();
    let mean = if sorted.is_empty() { Duration::ZERO } else { total / sorted.len() as u32 };
    let max = sorted.last().copied().unwrap_or_default();
    eprintln!("สถิติ / stats");
    eprintln!("  อ่านบริการ / services read: {:.3} s", read.as_secs_f64());
    eprintln!("  สร้างดัชนี / index build: {:.3} s", build.as_secs_f64());
    eprintln!("  บริการ / services: {services}");
    eprintln!("  ความต้องการ / needs: {}", latencies.len());
    eprintln!(
        "  เวลาต่อความต้องการ / per-need latency (rank top {top}): p50 {} · p95 {} · p99 {} · mean {} · max {}",
        ms(percentile(&sorted, 50.0)),
        ms(percentile(&sorted, 95.0)),
        ms(percentile(&sorted, 99.0)),
        ms(mean),
        ms(max)
    );
    eprintln!("  รวมเวลาจัดอันดับ / total ranking: {:.3} s", total.as_secs_f64());
}

fn spinner(what: &str) -> indicatif::ProgressBar {
    let pb = indicatif::ProgressBar::new_spinner();
    pb.set_message(what.to_string());
    pb.enable_steady_tick(Duration::from_millis(120));
    pb
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_rank() {
        let v: Vec<Duration> = (1..=100).map(Duration::from_millis).collect();
        assert_eq!(percentile(&v, 50.0), Duration::from_millis(50));
        assert_eq!(percentile(&v, 95.0), Duration::from_millis(95));
        assert_eq!(percentile(&v, 99.0), Duration::from_millis(99));
        assert_eq!(percentile(&v[..1], 99.0), Duration::from_millis(1));
        assert_eq!(percentile(&[], 50.0), Duration::ZERO);
    }
}
