//! How fast the generator alone is (no database): the ceiling of `demo --scale`.
//! `cargo run --release -p otop-demo --example generate_speed -- [N] [SEED]`

use std::collections::HashSet;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1_000_000);
    let seed: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(1);
    let started = Instant::now();
    let mut rows = 0usize;
    for i in 0..n {
        let e = otop_demo::enterprise_at(seed, i);
        rows += 1 + e.products.len() + e.needs.len() + e.data.certifications.len();
    }
    let secs = started.elapsed().as_secs_f64();
    println!("generate {n}: {secs:.2} s, {:.0} enterprises/s, {rows} rows", n as f64 / secs);
    let started = Instant::now();
    let mut seen = HashSet::with_capacity(n);
    let mut dups = 0usize;
    for i in 0..n {
        let e = otop_demo::enterprise_at(seed, i);
        if !seen.insert(e.data.registration.number().to_string()) {
            dups += 1;
        }
    }
    let secs = started.elapsed().as_secs_f64();
    println!("generate + uniqueness set {n}: {secs:.2} s, {dups} repeated registration numbers");
}
