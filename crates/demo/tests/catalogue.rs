//! The embedded providers and services: complete, consistent and valid.

use std::collections::{BTreeSet, HashSet};

use otop_demo::{providers, services};
use otop_domain::{Category, Coverage, ProviderKind, Stage};
use otop_geo::{Region, geography};

#[test]
fn every_provider_kind_and_the_named_bodies_are_there() {
    let ps = providers();
    let kinds: HashSet<ProviderKind> = ps.iter().map(|p| p.data.kind).collect();
    assert_eq!(kinds.len(), ProviderKind::ALL.len(), "{kinds:?}");
    let names: Vec<String> = ps.iter().map(|p| format!("{} ({})", p.data.name, p.data.short_name)).collect();
    let has = |s: &str| names.iter().any(|n| n.contains(s));
    for body in [
        "กรมวิทยาศาสตร์บริการ",
        "สถาบันวิจัยวิทยาศาสตร์และเทคโนโลยีแห่งประเทศไทย",
        "สวทช.",
        "สถาบันเทคโนโลยีนิวเคลียร์แห่งชาติ",
        "สถาบันมาตรวิทยาแห่งชาติ",
        "สำนักงานมาตรฐานผลิตภัณฑ์อุตสาหกรรม",
        "กรมส่งเสริมอุตสาหกรรม",
        "กรมการพัฒนาชุมชน",
        "KBO) จังหวัดลำพูน",
        "ธ.ก.ส.",
        "ธนาคารออมสิน",
        "SME D Bank",
    ] {
        assert!(has(body), "missing {body}");
    }
    let unit = |key: &str, u: &str| ps.iter().any(|p| p.key == key && p.units.iter().any(|x| x == u));
    assert!(unit("tistr", "ศูนย์การบรรจุหีบห่อไทย"));
    assert!(unit("nstda", "โปรแกรมสนับสนุนการพัฒนาเทคโนโลยีของอุตสาหกรรมไทย (ITAP)"));
}

#[test]
fn keys_are_unique_and_stable_looking() {
    let ps = providers();
    let keys: HashSet<&str> = ps.iter().map(|p| p.key.as_str()).collect();
    assert_eq!(keys.len(), ps.len());
    for k in keys {
        assert!(k.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'), "{k}");
    }
    for p in &ps {
        assert!(!p.data.website.is_empty() && !p.data.description.is_empty(), "{}", p.key);
        let units: HashSet<&String> = p.units.iter().collect();
        assert_eq!(units.len(), p.units.len(), "{}: duplicate unit", p.key);
    }
}

#[test]
fn technology_clinics_sit_in_every_region_at_least_twice() {
    let g = geography();
    for region in Region::ALL {
        let n = providers()
            .iter()
            .filter(|p| p.data.kind == ProviderKind::TechnologyClinic)
            .filter(|p| p.data.province_code.and_then(|c| g.province(c)).is_some_and(|x| x.region == region))
            .count();
        assert!(n >= 2, "{region:?} has {n} technology clinics");
    }
}

#[test]
fn services_cover_every_stage_and_category_and_refer_to_real_providers() {
    let ps = providers();
    let ss = services();
    assert!(ss.len() >= 63, "{}", ss.len());
    let stages: BTreeSet<Stage> = ss.iter().flat_map(|s| s.data.stages.iter().copied()).collect();
    let cats: BTreeSet<Category> = ss.iter().flat_map(|s| s.data.categories.iter().copied()).collect();
    assert_eq!(stages.len(), Stage::ALL.len(), "{stages:?}");
    assert_eq!(cats.len(), Category::ALL.len(), "{cats:?}");
    for s in &ss {
        let p = ps
            .iter()
            .find(|p| p.key == s.provider_key)
            .unwrap_or_else(|| panic!("{}: no provider {}", s.reference, s.provider_key));
        if let Some(u) = &s.unit {
            assert!(p.units.contains(u), "{}: {} has no unit {u}", s.reference, p.key);
        }
        assert_eq!(s.data.provider_id, 0);
        assert!(!s.data.prices.is_empty() && s.data.prices.len() <= 3, "{}", s.reference);
        assert!(s.data.capacity_per_year.is_none_or(|c| (5..=1000).contains(&c)), "{}", s.reference);
        assert!(s.data.active);
    }
    // Each provider offers something.
    for p in &ps {
        assert!(ss.iter().any(|s| s.provider_key == p.key), "{} offers no service", p.key);
    }
}

#[test]
fn the_benchmark_offerings_keep_their_ids_text_and_coverage() {
    let ss = services();
    let refs: Vec<&str> = ss.iter().map(|s| s.reference.as_str()).collect();
    for i in 1..=63 {
        let r = format!("S{i:03}");
        assert!(refs.contains(&r.as_str()), "missing {r}");
    }
    let unique: HashSet<&str> = refs.iter().copied().collect();
    assert_eq!(unique.len(), refs.len());
    let s25 = ss.iter().find(|s| s.reference == "S025").unwrap();
    assert_eq!(s25.provider_key, "clinic-mju");
    assert_eq!(s25.data.coverage, Coverage::Regions(vec![Region::North]));
    assert!(s25.data.title.contains("ลำไย"));
    let s46 = ss.iter().find(|s| s.reference == "S046").unwrap();
    assert_eq!(s46.data.coverage, Coverage::Provinces(vec![51]));
    let s05 = ss.iter().find(|s| s.reference == "S005").unwrap();
    assert_eq!(s05.unit.as_deref(), Some("ศูนย์การบรรจุหีบห่อไทย"));
}

#[test]
fn prices_are_realistic_baht() {
    for s in services() {
        for p in &s.data.prices {
            assert!(p.amount.0 % 100 == 0 && p.amount.0 <= 10_000_000, "{}: {:?}", s.reference, p);
            assert!(
                !p.label.ends_with(char::is_whitespace) && p.label.chars().count() >= 5,
                "{}: {:?}",
                s.reference,
                p.label
            );
        }
    }
}
