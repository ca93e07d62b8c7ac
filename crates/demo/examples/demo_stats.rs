//! Prints what the generator makes, and how fast:
//! `cargo run --release -p otop-demo --example demo_stats -- [N] [SEED]`
//! (defaults: the base demo, 320 enterprises with seed 2570).

use std::collections::BTreeMap;
use std::time::Instant;

use otop_demo::{BASE_ENTERPRISES, BASE_SEED, enterprises};
use otop_domain::NeedStatus;
use otop_geo::geography;

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(BASE_ENTERPRISES);
    let seed: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(BASE_SEED);

    let start = Instant::now();
    let count = enterprises(n, seed).count();
    let t_count = start.elapsed();

    let g = geography();
    let start = Instant::now();
    let mut by_province: BTreeMap<u8, (usize, usize, usize)> = BTreeMap::new();
    let mut by_region: BTreeMap<&str, usize> = BTreeMap::new();
    let (mut products, mut needs, mut open) = (0, 0, 0);
    for e in enterprises(n, seed) {
        let p = e.data.address.province_code;
        let o = e.needs.iter().filter(|x| x.data.status == NeedStatus::Open).count();
        let slot = by_province.entry(p).or_default();
        slot.0 += 1;
        slot.1 += e.needs.len();
        slot.2 += o;
        *by_region.entry(g.province(p).map_or("?", |x| x.region.name_th())).or_default() += 1;
        products += e.products.len();
        needs += e.needs.len();
        open += o;
    }
    let t_walk = start.elapsed();

    println!("{count} enterprises (seed {seed}): {products} products, {needs} needs ({open} open)");
    println!("generate + count: {t_count:?}; generate + tally: {t_walk:?}");
    let regions: Vec<String> = by_region.iter().map(|(r, c)| format!("{r} {c}")).collect();
    println!("{} provinces; by region: {}", by_province.len(), regions.join(", "));
    let mut top: Vec<_> = by_province.iter().collect();
    top.sort_by_key(|(_, v)| std::cmp::Reverse(v.0));
    for (code, (e, nd, o)) in top.iter().take(8) {
        let name = g.province(**code).map_or("?", |p| p.name_th);
        println!("  {name}: {e} enterprises, {nd} needs ({o} open)");
    }
}
