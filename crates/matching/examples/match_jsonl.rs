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
    for n in needs {
        let ranked = m.rank(&n.need, top).expect("rank");
        let keys: Vec<&str> = ranked.iter().map(|r| r.key.as_str()).collect();
        println!(
            "{}",
            serde_json::json!({"need": n.id, "ranked": keys, "reasons": ranked.iter().map(|r| &r.reasons).collect::<Vec<_>>()})
        );
    }
}
