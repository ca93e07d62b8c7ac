//! The enterprise generator: coverage of the base demo, determinism, and validity of what it
//! makes, proven by writing a sample out as text and reading it back through the domain.

use std::collections::{BTreeMap, BTreeSet};

use chrono::Datelike;
use otop_demo::{
    BASE_ENTERPRISES, DEMO_TODAY, DemoEnterprise, NEEDS_FROM, base_enterprises, enterprise_at, enterprises,
};
use otop_domain::{AddressDraft, EnterpriseDraft, EnterpriseKind, NationalId, NeedDraft, ProductDraft, Registration};
use otop_geo::geography;

fn base() -> Vec<DemoEnterprise> {
    base_enterprises().collect()
}

#[test]
fn the_base_demo_spans_the_country_with_a_northern_weight() {
    let es = base();
    assert_eq!(es.len(), BASE_ENTERPRISES);
    assert!(es.len() >= 300);
    let g = geography();
    let provinces: BTreeSet<u8> = es.iter().map(|e| e.data.address.province_code).collect();
    let regions: BTreeSet<_> = provinces.iter().map(|c| g.province(*c).unwrap().region).collect();
    assert!(provinces.len() >= 30, "{} provinces", provinces.len());
    assert_eq!(regions.len(), 6);
    let count = |code: u8| es.iter().filter(|e| e.data.address.province_code == code).count();
    let lamphun = count(51);
    let mhs = count(58);
    let bangkok = count(10);
    assert!(lamphun >= 20 && lamphun > mhs && mhs > bangkok, "ลำพูน {lamphun}, แม่ฮ่องสอน {mhs}, กรุงเทพฯ {bangkok}");
    let north = es
        .iter()
        .filter(|e| g.province(e.data.address.province_code).unwrap().region == otop_geo::Region::North)
        .count();
    assert!(north * 3 > es.len(), "north has {north} of {}", es.len());
}

#[test]
fn kinds_categories_stars_and_needs_are_mixed_realistically() {
    let es = base();
    let kinds: BTreeMap<_, usize> = es.iter().fold(BTreeMap::new(), |mut m, e| {
        *m.entry(e.data.kind).or_default() += 1;
        m
    });
    assert_eq!(kinds.len(), 4, "{kinds:?}");
    let cats: BTreeSet<_> = es.iter().flat_map(|e| e.products.iter().map(|p| p.category)).collect();
    assert_eq!(cats.len(), 5);
    let stars: Vec<u8> = es.iter().filter_map(|e| e.data.stars.map(|s| s.get())).collect();
    let low = stars.iter().filter(|s| **s <= 3).count();
    assert!(low * 10 > stars.len() * 7, "stars should skew to 1–3: {low} of {}", stars.len());
    assert!(stars.contains(&5) && stars.contains(&1));
    let needs: usize = es.iter().map(|e| e.needs.len()).sum();
    assert!(needs >= 250, "{needs} needs");
    assert!(es.iter().any(|e| e.needs.is_empty()) && es.iter().any(|e| e.needs.len() == 3));
    assert!(es.iter().any(|e| !e.data.certifications.is_empty()));
    assert!(es.iter().any(|e| e.data.certifications.iter().any(|c| c.expires_on.is_some())));
    for e in &es {
        assert!((1..=3).contains(&e.products.len()));
        let mut cats: Vec<_> = e.products.iter().map(|p| p.category).collect();
        cats.sort();
        cats.dedup();
        assert_eq!(e.data.categories, cats);
        for n in &e.needs {
            assert!(n.data.created_on >= NEEDS_FROM && n.data.created_on <= DEMO_TODAY);
            assert_eq!(n.data.province_code, e.data.address.province_code);
            assert!(n.product_index.is_none_or(|i| i < e.products.len()));
            assert_eq!(n.data.enterprise_id, 0);
        }
    }
}

#[test]
fn lamphun_and_mae_hong_son_make_what_they_are_known_for() {
    let es = base();
    let products_of = |code: u8| -> Vec<String> {
        es.iter()
            .filter(|e| e.data.address.province_code == code)
            .flat_map(|e| e.products.iter().map(|p| p.name.clone()))
            .collect()
    };
    let lamphun = products_of(51);
    let longan = lamphun.iter().filter(|n| n.contains("ลำไย")).count();
    assert!(longan * 3 >= lamphun.len(), "ลำพูน: {longan} longan products of {}: {lamphun:?}", lamphun.len());
    let mhs = products_of(58);
    assert!(mhs.iter().any(|n| n.contains("กาแฟ")), "{mhs:?}");
    assert!(mhs.iter().any(|n| n.contains("งาขี้ม้อน") || n.contains("ถั่ว")), "{mhs:?}");
    let lampang = products_of(52);
    assert!(lampang.iter().any(|n| n.contains("เซรามิก")), "{lampang:?}");
    let lamphun_needs: Vec<&str> = es
        .iter()
        .filter(|e| e.data.address.province_code == 51)
        .flat_map(|e| e.needs.iter().map(|n| n.data.text.as_str()))
        .collect();
    assert!(lamphun_needs.iter().any(|t| t.contains("ลำไย")), "{lamphun_needs:?}");
}

#[test]
fn same_seed_same_enterprises_other_seed_others() {
    let a: Vec<_> = enterprises(100, 2570).collect();
    let b: Vec<_> = enterprises(100, 2570).collect();
    assert_eq!(a, b);
    // A longer run starts with the same enterprises; any one can be made on its own.
    let longer: Vec<_> = enterprises(500, 2570).take(100).collect();
    assert_eq!(a, longer);
    assert_eq!(enterprise_at(2570, 42), a[42]);
    let c: Vec<_> = enterprises(100, 2571).collect();
    let same = a.iter().zip(&c).filter(|(x, y)| x == y).count();
    assert_eq!(same, 0);
    assert_ne!(a[0].data.name, c[0].data.name, "different seeds should differ from the first enterprise");
    assert_eq!(enterprises(7, 1).len(), 7);
}

#[test]
fn registration_numbers_pass_their_parsers_and_match_the_address() {
    for e in enterprises(3000, 99) {
        let d = &e.data;
        let number = d.registration.number();
        let parsed = Registration::parse("registration_no", number).unwrap_or_else(|err| panic!("{number}: {err}"));
        assert_eq!(parsed, d.registration);
        match &d.registration {
            Registration::CommunityEnterprise(code) => {
                let sd = d.address.subdistrict_code;
                let want = format!("-{:02}-{:02}-{:02}/", sd / 10_000, sd / 100 % 100, sd % 100);
                assert_eq!(&code[1..11], want, "{code} for subdistrict {sd}");
                assert!(matches!(d.kind, EnterpriseKind::CommunityEnterprise | EnterpriseKind::ProducerGroup));
            }
            Registration::Juristic(n) => {
                assert!(n.starts_with('0') && n.len() == 13, "{n}");
                assert_eq!(n[1..3].parse::<u8>().unwrap(), d.address.province_code);
                assert_eq!(d.kind, EnterpriseKind::Sme);
            }
            Registration::NationalId(id) => {
                assert!(NationalId::parse("id", id.as_str()).is_ok());
                assert!(!id.as_str().starts_with('0'));
                assert!(matches!(d.kind, EnterpriseKind::Individual | EnterpriseKind::ProducerGroup));
            }
            Registration::Erased(e) => panic!("the generator never makes erased registrations: {e}"),
        }
        if let Some(p) = &d.phone {
            assert!(otop_domain::Phone::parse("phone", &p.formatted()).is_ok());
        }
    }
}

fn be_date(d: chrono::NaiveDate) -> String {
    format!("{}/{}/{}", d.day(), d.month(), d.year() + 543)
}

/// Writes an enterprise out as a person would type it in a form or a sheet.
fn draft(e: &DemoEnterprise) -> EnterpriseDraft {
    let g = geography();
    let d = &e.data;
    let a = g.address(d.address.subdistrict_code).expect("real subdistrict");
    EnterpriseDraft {
        kind: d.kind.name_th().into(),
        name: d.name.clone(),
        registration_no: match &d.registration {
            Registration::NationalId(id) => id.formatted(),
            r => r.number().to_string(),
        },
        address: AddressDraft {
            address_line: d.address.line.clone(),
            subdistrict: a.subdistrict.name_th.into(),
            district: a.district.name_th.into(),
            province: a.province.name_th.into(),
            postal_code: d.address.postal_code.as_str().into(),
        },
        contact_name: d.contact_name.clone(),
        phone: d.phone.as_ref().map(|p| p.formatted()).unwrap_or_default(),
        email: d.email.as_ref().map(|m| m.as_str().to_string()).unwrap_or_default(),
        stars: d.stars.map(|s| s.get().to_string()).unwrap_or_default(),
        quadrant: d.quadrant.map(|q| q.code().to_string()).unwrap_or_default(),
        categories: d.categories.iter().map(|c| c.name_th()).collect::<Vec<_>>().join(", "),
        certifications: d
            .certifications
            .iter()
            .map(|c| match c.expires_on {
                Some(x) => format!("{} {} หมดอายุ {}", c.kind.name_th(), c.number, be_date(x)),
                None => format!("{} {}", c.kind.name_th(), c.number),
            })
            .collect::<Vec<_>>()
            .join("; "),
    }
}

#[test]
fn a_sample_of_2000_round_trips_through_the_domain_drafts() {
    let mut checked_needs = 0;
    for (i, e) in enterprises(2000, 31337).enumerate() {
        let back = draft(&e).validate().unwrap_or_else(|err| panic!("enterprise {i} {:?}: {err}", e.data.name));
        assert_eq!(back, e.data, "enterprise {i}");
        for p in &e.products {
            let pd = ProductDraft {
                name: p.name.clone(),
                category: p.category.code().into(),
                description: p.description.clone(),
                stars: p.stars.map(|s| s.get().to_string()).unwrap_or_default(),
                price: p.price.map(|x| x.baht_display()).unwrap_or_default(),
            };
            assert_eq!(&pd.validate(0).unwrap_or_else(|err| panic!("{}: {err}", p.name)), p);
        }
        for n in &e.needs {
            let nd = NeedDraft {
                text: n.data.text.clone(),
                province: n.data.province_code.to_string(),
                category: n.data.category.map(|c| c.code().to_string()).unwrap_or_default(),
                stages: n.data.stages.iter().map(|s| s.code()).collect::<Vec<_>>().join(", "),
            };
            let mut back = nd
                .validate(0, None, e.data.address.province_code, n.data.created_on)
                .unwrap_or_else(|err| panic!("{}: {err}", n.data.text));
            back.status = n.data.status;
            assert_eq!(back, n.data);
            checked_needs += 1;
        }
    }
    assert!(checked_needs > 1500);
}

#[test]
fn everyday_thai_problems_appear_in_the_needs() {
    let texts: Vec<String> = enterprises(2000, 5).flat_map(|e| e.needs.into_iter().map(|n| n.data.text)).collect();
    for phrase in ["ขึ้นรา", "สีตก", "เคลือบ", "ขายไม่ออก", "อย.", "เครื่องอบ", "ไม่มีทุน", "หืน"]
    {
        assert!(texts.iter().any(|t| t.contains(phrase)), "no need mentions {phrase}");
    }
}
