//! Synthetic enterprises for tests and benchmarks: valid, varied, deterministic, spread over
//! every subdistrict of the country, and with unique registration numbers.

use chrono::NaiveDate;
use otop_domain::{
    Address, Category, CertificationHeld, CertificationKind, Email, EnterpriseData, EnterpriseKind, Phone, PostalCode,
    Quadrant, Registration, Stars,
};
use otop_geo::geography;

/// A small deterministic generator (SplitMix64), so fixtures need no extra crate.
struct Mix(u64);

impl Mix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

/// The mod-11 check digit of Thai 13-digit numbers, appended to 12 digits.
pub fn with_check_digit(twelve: &str) -> String {
    let sum: u32 = twelve.bytes().enumerate().map(|(i, b)| u32::from(b - b'0') * (13 - i as u32)).sum();
    format!("{twelve}{}", (11 - sum % 11) % 10)
}

const PRODUCTS: &[&str] = &[
    "ลำไยอบแห้ง",
    "ผ้าไหมมัดหมี่",
    "สบู่สมุนไพร",
    "กาแฟอาราบิก้า",
    "น้ำพริกเผา",
    "เครื่องปั้นดินเผา",
    "ข้าวกล้องงอก",
    "ผ้าฝ้ายทอมือ",
    "จักสานไม้ไผ่",
    "ชาใบหม่อน",
];
const PLACES: &[&str] = &["บ้านแซม", "บ้านโฮ่ง", "ดอยคำ", "หนองหอย", "ป่าซาง", "บ้านไร่", "ทุ่งหัวช้าง", "แม่ทา"];
const PEOPLE: &[&str] = &["นางสมศรี ใจดี", "นายสมชาย รักถิ่น", "นางบัวผัน คำแสน", "นายประเสริฐ อินทร์แก้ว", ""];

/// `n` valid enterprises. Row `i` uses subdistrict `i` (cycling through all 7,436), so a
/// sheet of these exercises the whole geography; registration numbers are all different.
pub fn synthetic_enterprises(n: usize) -> Vec<EnterpriseData> {
    let g = geography();
    let subdistricts = g.subdistricts();
    let mut rng = Mix(0x070B_2569);
    (0..n)
        .map(|i| {
            let sd = &subdistricts[i % subdistricts.len()];
            let district = g.district(sd.district_code).expect("district of a subdistrict");
            let province = district.province_code;
            let address = Address {
                line: if i % 5 == 4 {
                    String::new()
                } else {
                    format!("{} หมู่ {}", 1 + rng.below(300), 1 + rng.below(15))
                },
                subdistrict_code: sd.code,
                district_code: district.code,
                province_code: province,
                postal_code: PostalCode::parse("postal_code", rng.pick::<&str>(&sd.postal_codes)).expect("postal code"),
            };
            let (kind, registration) = match i % 4 {
                0 => {
                    let twelve = format!("{}{:011}", 1 + rng.below(8), i as u64 * 7_919 + 13);
                    let id = with_check_digit(&twelve);
                    (
                        *rng.pick(&[EnterpriseKind::Individual, EnterpriseKind::ProducerGroup]),
                        Registration::parse("registration_no", &id).expect("national id"),
                    )
                }
                1 => {
                    let id = with_check_digit(&format!("0{:011}", 10_550_000_000u64 + i as u64));
                    (EnterpriseKind::Sme, Registration::parse("registration_no", &id).expect("juristic"))
                }
                _ => {
                    let code = format!(
                        "5-{:02}-{:02}-{:02}/{}-{:04}",
                        province,
                        sd.district_code % 100,
                        sd.code % 100,
                        1 + (i / 40_000) % 9,
                        i % 10_000
                    );
                    (
                        EnterpriseKind::CommunityEnterprise,
                        Registration::parse("registration_no", &code).expect("community enterprise code"),
                    )
                }
            };
            let product = rng.pick(PRODUCTS);
            let name = match kind {
                EnterpriseKind::CommunityEnterprise => format!("วิสาหกิจชุมชน{product}{} {i}", rng.pick(PLACES)),
                EnterpriseKind::ProducerGroup => format!("กลุ่ม{product}{} {i}", rng.pick(PLACES)),
                EnterpriseKind::Sme => format!("บริษัท {product} จำกัด {i}"),
                EnterpriseKind::Individual => format!("{product}{} {i}", rng.pick(PLACES)),
            };
            let phone = (i % 7 != 0).then(|| {
                let p = if i % 3 == 0 {
                    format!("053{:06}", rng.below(1_000_000))
                } else {
                    format!("0{}{:08}", rng.pick(&[8, 9, 6]), rng.below(100_000_000))
                };
                Phone::parse("phone", &p).expect("phone")
            });
            let email = (i % 3 == 1).then(|| Email::parse("email", &format!("otop{i}@example.co.th")).expect("email"));
            let mut categories: Vec<Category> = Category::ALL.iter().copied().filter(|_| rng.below(3) == 0).collect();
            if categories.is_empty() {
                categories.push(*rng.pick(Category::ALL));
                categories.sort();
            }
            let mut certifications = Vec::new();
            if i % 2 == 0 {
                certifications.push(CertificationHeld {
                    kind: CertificationKind::Fda,
                    number: format!("{:02}-1-{:05}-2-{:04}", province, i % 100_000, rng.below(10_000)),
                    expires_on: NaiveDate::from_ymd_opt(
                        2026 + rng.below(4) as i32,
                        1 + rng.below(12) as u32,
                        1 + rng.below(28) as u32,
                    ),
                });
            }
            if i % 3 == 0 {
                certifications.push(CertificationHeld {
                    kind: CertificationKind::Tcps,
                    number: format!("{}/{}", 1 + rng.below(1_500), 2560 + rng.below(9)),
                    expires_on: None,
                });
            }
            if i % 11 == 0 {
                certifications.push(CertificationHeld {
                    kind: *rng.pick(&[
                        CertificationKind::Gmp,
                        CertificationKind::Halal,
                        CertificationKind::Gi,
                        CertificationKind::Q,
                    ]),
                    number: String::new(),
                    expires_on: None,
                });
            }
            EnterpriseData {
                kind,
                name,
                registration,
                address,
                contact_name: rng.pick(PEOPLE).to_string(),
                phone,
                email,
                stars: Stars::new(rng.below(6) as u8),
                quadrant: (i % 4 != 3).then(|| *rng.pick(Quadrant::ALL)),
                categories,
                certifications,
            }
        })
        .collect()
}
