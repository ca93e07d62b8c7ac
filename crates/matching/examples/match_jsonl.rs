//! Ranks a JSONL file of needs against a JSONL file of services and writes the benchmark's
//! result form: `cargo run --release -p otop-matching --example match_jsonl -- SERVICES NEEDS [TOP]`.

use std::time::Instant;

use otop_matching::{Matcher, need_from_line, read_lines, service_from_line};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let services = read_lines(&std::fs::read_to_string(&args[1]).expect("services file"), service_from_line)
        .unwrap_or_else(|e| panic!("{}", e[0]));
    let needs = read_lines(&std::fs::read_to_string(&args[2]).expect("needs file"), need_from_line)
        .unwrap_or_else(|e| panic!("{}", e[0]));
    let top: usize = args.get(3).map_or(10, |t| t.parse().expect("top"));
    let started = Instant::now();
    let m = Matcher::build(services).expect("index");
    eprintln!("built in {:?}", started.elapsed());
    // OTOP_REPEAT=R ranks each need R times and keeps its fastest run: steadier figures for
    // comparing two builds on a busy machine.
    let repeat: usize = std::env::var("OTOP_REPEAT").ok().and_then(|r| r.parse().ok()).unwrap_or(1).max(1);
    let mut times = Vec::with_capacity(needs.len());
    for n in needs {
        let mut fastest = std::time::Duration::MAX;
        let mut ranked = Vec::new();
        for _ in 0..repeat {
            let started = Instant::now();
            ranked = m.rank(&n.need, top).expect("rank");
            fastest = fastest.min(started.elapsed());
        }
        times.push(fastest);
        let keys: Vec<&str> = ranked.iter().map(|r| r.key.as_str()).collect();
        println!(
            "{}",
            serde_json::json!({"need": n.id, "ranked": keys, "reasons": ranked.iter().map(|r| &r.reasons).collect::<Vec<_>>()})
        );
    }
    times.sort_unstable();
    if !times.is_empty() {
        let at = |q: f64| times[((q * times.len() as f64).ceil() as usize).clamp(1, times.len()) - 1];
        eprintln!("per need: p50 {:?} p95 {:?} p99 {:?}", at(0.5), at(0.95), at(0.99));
    }
}
