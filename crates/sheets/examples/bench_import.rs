//! Times reading and checking a large enterprise sheet:
//! `cargo run --release -p otop-sheets --example bench_import -- [ROWS]` (default 10,000).

use std::time::Instant;

use otop_sheets::fixtures::synthetic_enterprises;
use otop_sheets::{enterprises_to_csv, enterprises_to_xlsx, read_table, validate_enterprises};

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let data = synthetic_enterprises(n);
    let xlsx = dir.path().join("enterprises.xlsx");
    let csv = dir.path().join("enterprises.csv");
    let t0 = Instant::now();
    enterprises_to_xlsx(&data, &xlsx).expect("write xlsx");
    println!("write xlsx  {n} rows: {:>7.1} ms", t0.elapsed().as_secs_f64() * 1e3);
    enterprises_to_csv(&data, std::fs::File::create(&csv).expect("csv")).expect("write csv");

    for path in [&xlsx, &csv] {
        let mut best = (f64::MAX, f64::MAX);
        for _ in 0..3 {
            let t0 = Instant::now();
            let table = read_table(path).expect("read");
            let read = t0.elapsed().as_secs_f64();
            let t1 = Instant::now();
            let imp = validate_enterprises(&table, &mut |_, _| {}).expect("validate");
            let check = t1.elapsed().as_secs_f64();
            assert_eq!(imp.valid.len(), n, "{:?}", imp.errors.first());
            best = (best.0.min(read), best.1.min(check));
        }
        let ext = path.extension().unwrap().to_string_lossy();
        println!(
            "{ext:<5} read {:>7.1} ms, validate {:>7.1} ms, total {:>7.1} ms (best of 3)",
            best.0 * 1e3,
            best.1 * 1e3,
            (best.0 + best.1) * 1e3
        );
    }
}
