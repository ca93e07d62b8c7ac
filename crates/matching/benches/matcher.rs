//! Index build and ranking over the synthetic perf catalogues of the matching benchmark
//! (`/work/shared/bench/perf`): build for 10,000 and 100,000 services, and one need end to
//! end (profile, search, re-rank, reasons; top 10) over 100,000 services, cycling through the
//! 1,000 generated needs. Criterion reports means; `scripts/bench/latency.sh` gives p50/p95/p99.
//!
//! The data is generated outside the repository (see BENCHMARKS.md) and read from
//! `$OTOP_BENCH_DIR` (default `/var/tmp/otop-bench`): `services-10k.jsonl`,
//! `services-100k.jsonl`, `needs-1k.jsonl`. Without them the bench says how to make them and
//! measures nothing.
//!
//! `cargo bench -p otop-matching --bench matcher` (filter: `-- build/10k`, `-- rank`).

use std::hint::black_box;
use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use otop_matching::{Matcher, NeedQuery, ServiceRecord, need_from_line, read_lines, service_from_line};

const SERVICES_10K: &str = "services-10k.jsonl";
const SERVICES_100K: &str = "services-100k.jsonl";
const NEEDS_1K: &str = "needs-1k.jsonl";

fn dir() -> PathBuf {
    std::env::var_os("OTOP_BENCH_DIR").map_or_else(|| PathBuf::from("/var/tmp/otop-bench"), PathBuf::from)
}

fn missing() -> Vec<PathBuf> {
    [SERVICES_10K, SERVICES_100K, NEEDS_1K].iter().map(|f| dir().join(f)).filter(|p| !p.exists()).collect()
}

fn services(file: &str) -> Vec<ServiceRecord> {
    let path = dir().join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    read_lines(&text, service_from_line).unwrap_or_else(|e| panic!("{}: {}", path.display(), e[0]))
}

/// The generated needs. `gen_needs.py` adds `"from"` (the development need each was made
/// from), which the need reader refuses as an unknown field, so it is dropped first.
fn needs() -> Vec<NeedQuery> {
    let path = dir().join(NEEDS_1K);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let cleaned: Vec<String> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let mut v: serde_json::Value = serde_json::from_str(l).expect("a JSON object a line");
            if let Some(o) = v.as_object_mut() {
                o.remove("from");
            }
            v.to_string()
        })
        .collect();
    read_lines(&cleaned.join("\n"), need_from_line)
        .unwrap_or_else(|e| panic!("{}: {}", path.display(), e[0]))
        .into_iter()
        .map(|n| n.need)
        .collect()
}

fn matcher(c: &mut Criterion) {
    let gone = missing();
    if !gone.is_empty() {
        eprintln!(
            "matcher bench skipped: missing {} — generate the data first:\n  \
             pip install pythainlp\n  \
             mkdir -p {d} && cd /work/shared/bench/perf\n  \
             python3 gen_services.py 100000 --out {d}/services-100k.jsonl\n  \
             python3 gen_services.py 10000 --out {d}/services-10k.jsonl\n  \
             python3 gen_needs.py --out {d}/needs-1k.jsonl\n\
             (or set OTOP_BENCH_DIR to the folder that has them)",
            gone.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", "),
            d = dir().display()
        );
        return;
    }
    // Loaded on first use, so a filtered run (`-- build/10k`) reads only what it needs.
    let small: OnceLock<Vec<ServiceRecord>> = OnceLock::new();
    let large: OnceLock<Vec<ServiceRecord>> = OnceLock::new();
    let built: OnceLock<(Matcher, Vec<NeedQuery>)> = OnceLock::new();

    let mut g = c.benchmark_group("build");
    g.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(60));
    g.throughput(Throughput::Elements(10_000));
    g.bench_function("10k", |b| {
        let records = small.get_or_init(|| services(SERVICES_10K));
        b.iter_batched(|| records.clone(), |r| Matcher::build(r).expect("index"), BatchSize::PerIteration)
    });
    g.throughput(Throughput::Elements(100_000));
    g.measurement_time(Duration::from_secs(300));
    g.bench_function("100k", |b| {
        let records = large.get_or_init(|| services(SERVICES_100K));
        b.iter_batched(|| records.clone(), |r| Matcher::build(r).expect("index"), BatchSize::PerIteration)
    });
    g.finish();

    let mut g = c.benchmark_group("rank");
    g.sample_size(50).warm_up_time(Duration::from_secs(3)).measurement_time(Duration::from_secs(30));
    g.bench_function("100k/one need top 10 with reasons", |b| {
        let (m, needs) = built.get_or_init(|| {
            let records = large.get().cloned().unwrap_or_else(|| services(SERVICES_100K));
            let started = Instant::now();
            let m = Matcher::build(records).expect("index");
            eprintln!("(100k index for the rank bench built in {:.1} s)", started.elapsed().as_secs_f64());
            (m, needs())
        });
        let mut i = 0;
        b.iter(|| {
            let n = &needs[i % needs.len()];
            i += 1;
            black_box(m.rank(black_box(n), 10).expect("rank"))
        })
    });
    g.finish();
}

criterion_group!(benches, matcher);
criterion_main!(benches);
