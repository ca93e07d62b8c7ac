//! Fixtures shared by the storage suites: valid enterprises, providers and services.
#![allow(dead_code)]

use otop_domain::*;
use otop_store::{Actor, Store};

/// A valid 13-digit national ID from twelve digits (the check digit computed here).
pub fn national_id(twelve: u64) -> String {
    let s = format!("{twelve:012}");
    let sum: u32 = s.bytes().enumerate().map(|(i, b)| (b - b'0') as u32 * (13 - i as u32)).sum();
    format!("{s}{}", (11 - sum % 11) % 10)
}

pub fn enterprise(n: u64, province: &str, district: &str, subdistrict: &str, postal: &str) -> EnterpriseData {
    EnterpriseDraft {
        kind: "individual".into(),
        name: format!("ผู้ประกอบการทดสอบ {n}"),
        registration_no: national_id(310_000_000_000 + n),
        address: AddressDraft {
            address_line: format!("{n} หมู่ 2"),
            subdistrict: subdistrict.into(),
            district: district.into(),
            province: province.into(),
            postal_code: postal.into(),
        },
        contact_name: "สมศรี ใจดี".into(),
        phone: "0812345678".into(),
        stars: "3".into(),
        quadrant: "D".into(),
        categories: "อาหาร, เครื่องดื่ม".into(),
        certifications: "อย. 51-2-00123-2-0001 หมดอายุ 31/12/2570".into(),
        ..Default::default()
    }
    .validate()
    .expect("fixture is valid")
}

pub fn lamphun(n: u64) -> EnterpriseData {
    enterprise(n, "ลำพูน", "เมืองลำพูน", "ในเมือง", "51000")
}

pub fn actor() -> Actor {
    Actor::new("test")
}

pub async fn provider(store: &Store, name: &str, kind: ProviderKind) -> i64 {
    let data = ProviderData {
        name: name.into(),
        short_name: String::new(),
        kind,
        province_code: Some(50),
        website: String::new(),
        phone: None,
        email: None,
        description: String::new(),
    };
    store.create_provider(&actor(), &data, &["หน่วยบรรจุภัณฑ์".to_string()]).await.unwrap()
}

pub fn service(
    provider_id: i64,
    title: &str,
    stages: &[Stage],
    categories: &[Category],
    coverage: Coverage,
) -> ServiceData {
    ServiceData {
        provider_id,
        unit_id: None,
        title: title.into(),
        description: format!("{title} สำหรับผู้ประกอบการโอทอป"),
        stages: stages.to_vec(),
        categories: categories.to_vec(),
        coverage,
        capacity_per_year: Some(20),
        prices: vec![PriceItem { label: "ค่าบริการ".into(), amount: Satang(150_000) }],
        active: true,
    }
}
