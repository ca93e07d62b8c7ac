//! The matcher on a small catalogue written for these tests (not the benchmark's): the
//! right kind of service first, local before far, reasons in both languages, and the index
//! following additions, edits and withdrawals.

use otop_domain::{Category, Coverage, ProviderKind, Stage};
use otop_geo::Region;
use otop_matching::{Feedback, Matcher, NeedQuery, ServiceRecord};

const LAMPHUN: u8 = 51;
const SONGKHLA: u8 = 90;

fn service(
    key: &str,
    title: &str,
    description: &str,
    stages: &[Stage],
    categories: &[Category],
    coverage: Coverage,
) -> ServiceRecord {
    ServiceRecord {
        key: key.into(),
        provider: "หน่วยงานทดสอบ".into(),
        kind: Some(ProviderKind::Agency),
        title: title.into(),
        description: description.into(),
        stages: stages.to_vec(),
        categories: categories.to_vec(),
        coverage,
        capacity_left: None,
        feedback: Feedback::default(),
    }
}

fn catalogue() -> Vec<ServiceRecord> {
    vec![
        service(
            "shelf-north",
            "ยืดอายุการเก็บรักษาผลิตภัณฑ์อาหารแปรรูป",
            "วิเคราะห์ความชื้นและค่าวอเตอร์แอคทิวิตี ปรับกระบวนการอบแห้ง ป้องกันเชื้อราและจุลินทรีย์ในอาหาร",
            &[Stage::ProductionProcess, Stage::Packaging],
            &[Category::Food],
            Coverage::Regions(vec![Region::North]),
        ),
        service(
            "shelf-south",
            "ยืดอายุการเก็บรักษาผลิตภัณฑ์อาหารแปรรูป",
            "วิเคราะห์ความชื้นและค่าวอเตอร์แอคทิวิตี ปรับกระบวนการอบแห้ง ป้องกันเชื้อราและจุลินทรีย์ในอาหาร",
            &[Stage::ProductionProcess, Stage::Packaging],
            &[Category::Food],
            Coverage::Regions(vec![Region::South]),
        ),
        service(
            "dye",
            "พัฒนาการย้อมสีธรรมชาติให้สีติดทน",
            "แก้ปัญหาผ้าสีตก สีซีด ด้วยสารช่วยติดสี ทดสอบความคงทนของสีต่อการซัก",
            &[Stage::ProductionProcess],
            &[Category::Textile],
            Coverage::Nationwide,
        ),
        service(
            "loan",
            "สินเชื่อเงินทุนหมุนเวียนสำหรับวิสาหกิจชุมชน",
            "สินเชื่อดอกเบี้ยต่ำสำหรับซื้อวัตถุดิบและเครื่องจักร พร้อมที่ปรึกษาทางการเงิน",
            &[Stage::Finance],
            &[],
            Coverage::Nationwide,
        ),
        service(
            "online",
            "อบรมการขายออนไลน์และการตลาดดิจิทัล",
            "สร้างร้านค้าออนไลน์ ถ่ายภาพสินค้า ไลฟ์สดขายของ และทำโฆษณาบนสื่อสังคมออนไลน์",
            &[Stage::Marketing],
            &[],
            Coverage::Nationwide,
        ),
    ]
}

fn need(text: &str, province: Option<u8>, category: Option<Category>) -> NeedQuery {
    NeedQuery { text: text.into(), province_code: province, category, ..Default::default() }
}

fn keys(m: &Matcher, n: &NeedQuery) -> Vec<String> {
    m.rank(n, 10).unwrap().into_iter().map(|r| r.key).collect()
}

#[test]
fn everyday_words_find_the_technical_service_and_the_nearer_one_first() {
    let m = Matcher::build(catalogue()).unwrap();
    let n = need("ลำไยอบแห้งเก็บได้ไม่กี่วันก็ขึ้นราขาวๆ ค่ะ", Some(LAMPHUN), Some(Category::Food));
    let ranked = keys(&m, &n);
    assert_eq!(ranked[..2], ["shelf-north", "shelf-south"], "{ranked:?}");
    let south = need("ลำไยอบแห้งเก็บได้ไม่กี่วันก็ขึ้นราขาวๆ ค่ะ", Some(SONGKHLA), Some(Category::Food));
    assert_eq!(keys(&m, &south)[..2], ["shelf-south", "shelf-north"]);
}

#[test]
fn each_problem_finds_its_own_kind_of_service() {
    let m = Matcher::build(catalogue()).unwrap();
    assert_eq!(keys(&m, &need("ผ้าฝ้ายย้อมครามซักแล้วสีตกมาก ลูกค้าบ่น", None, None))[0], "dye");
    assert_eq!(keys(&m, &need("อยากได้เงินมาซื้อวัตถุดิบ ขาดทุนหมุนเวียน", None, None))[0], "loan");
    assert_eq!(keys(&m, &need("อยากขายของทางเน็ต ไลฟ์สดไม่เป็น", None, None))[0], "online");
}

#[test]
fn reasons_say_why_in_thai_and_english() {
    let m = Matcher::build(catalogue()).unwrap();
    let top = m.rank(&need("ลำไยอบแห้งขึ้นรา เก็บไม่นาน", Some(LAMPHUN), Some(Category::Food)), 1).unwrap();
    let reasons = &top[0].reasons;
    let codes: Vec<&str> = reasons.iter().map(|r| r.code).collect();
    assert!(codes.contains(&"concepts"), "{reasons:?}");
    assert!(codes.contains(&"coverage"), "{reasons:?}");
    let coverage = reasons.iter().find(|r| r.code == "coverage").unwrap();
    assert!(coverage.th.contains("ภาคเหนือ"), "{coverage:?}");
    assert!(coverage.en.contains("North"), "{coverage:?}");
    assert!(reasons.iter().all(|r| !r.th.is_empty() && !r.en.is_empty()));
}

#[test]
fn a_full_service_falls_behind_one_with_places_left() {
    let mut services = catalogue();
    services[0].capacity_left = Some(0);
    services[1].capacity_left = Some(3);
    let m = Matcher::build(services).unwrap();
    let ranked = m.rank(&need("ลำไยอบแห้งขึ้นรา", Some(LAMPHUN), Some(Category::Food)), 2).unwrap();
    assert_eq!(ranked[0].key, "shelf-south");
    assert!(ranked[1].reasons.iter().any(|r| r.code == "capacity" && r.th.contains("รับครบ")));
}

#[test]
fn the_index_follows_additions_edits_and_withdrawals() {
    let m = Matcher::build(catalogue()).unwrap();
    assert_eq!(m.len(), 5);
    let honey = need("น้ำผึ้งชันโรงตกผลึกเป็นเม็ด", None, None);
    assert!(!keys(&m, &honey).contains(&"bee".to_string()));
    let bee = service(
        "bee",
        "แก้ปัญหาน้ำผึ้งชันโรงตกผลึก",
        "ควบคุมความชื้นและการตกผลึกของน้ำผึ้งชันโรง",
        &[Stage::ProductionProcess],
        &[Category::Food],
        Coverage::Nationwide,
    );
    m.upsert(vec![bee.clone()]).unwrap();
    assert_eq!(m.len(), 6);
    assert_eq!(keys(&m, &honey)[0], "bee");

    let edited = ServiceRecord {
        title: "บริการออกแบบโลโก้".into(), description: "ออกแบบตราสินค้า".into(), ..bee
    };
    m.upsert(vec![edited]).unwrap();
    assert_eq!(m.len(), 6, "an edit replaces, it does not add");
    assert!(!keys(&m, &honey).contains(&"bee".to_string()));
    assert_eq!(keys(&m, &need("อยากได้โลโก้ใหม่", None, None))[0], "bee");

    m.remove(&["bee".to_string(), "no-such".to_string()]).unwrap();
    assert_eq!(m.len(), 5);
    assert!(!keys(&m, &need("อยากได้โลโก้ใหม่", None, None)).contains(&"bee".to_string()));
}

#[test]
fn a_need_that_names_nothing_known_returns_nothing_rather_than_noise() {
    let m = Matcher::build(catalogue()).unwrap();
    assert!(m.rank(&need("qwerty zxcv", None, None), 10).unwrap().is_empty());
}
