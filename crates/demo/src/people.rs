//! Thai people and their numbers: names, national IDs and juristic numbers with correct
//! check digits, community-enterprise codes and mobile numbers.

use crate::rng::Rng;

pub(crate) const WOMEN: &[&str] = &[
    "บัวคำ",
    "ศรีนวล",
    "คำแปง",
    "จันทร์เพ็ญ",
    "สมศรี",
    "มาลี",
    "บุญมา",
    "ประไพ",
    "วันเพ็ญ",
    "สุดา",
    "อำไพ",
    "ทองใบ",
    "นงลักษณ์",
    "พิมพ์ใจ",
    "ละเอียด",
    "สายทอง",
    "บัวผัน",
    "กัลยา",
    "รัตนา",
    "จิราพร",
    "อรุณี",
    "ดวงใจ",
    "คำปุ่น",
    "แสงเดือน",
    "ศิริพร",
    "ยุพิน",
    "สุนีย์",
    "ฟาตีมะห์",
    "สุกัญญา",
    "เพ็ญศรี",
];

pub(crate) const MEN: &[&str] = &[
    "สมชาย",
    "บุญเรือง",
    "คำมูล",
    "ประสิทธิ์",
    "อินสม",
    "ทองดี",
    "สมบัติ",
    "วิชัย",
    "บุญส่ง",
    "จำรัส",
    "สุวิทย์",
    "ปัญญา",
    "เสถียร",
    "ณรงค์",
    "มานพ",
    "สงัด",
    "อนันต์",
    "ชาญ",
    "ธนากร",
    "กิตติพงษ์",
    "อับดุลเลาะ",
    "สมพงษ์",
    "ประยูร",
    "คำปัน",
    "วีระ",
    "สุรชัย",
    "อุดม",
    "เกษม",
    "ทวี",
    "พงศกร",
];

pub(crate) const SURNAMES: &[&str] = &[
    "ใจดี",
    "อินทร์แก้ว",
    "ศรีวิชัย",
    "คำฟู",
    "ปัญญาดี",
    "ทองคำ",
    "บุญมี",
    "แก้วมณี",
    "จันทร์แสง",
    "สุขเจริญ",
    "ชัยมงคล",
    "วงศ์ใหญ่",
    "ศรีสุข",
    "พรหมมา",
    "ไชยวงศ์",
    "อุ่นเรือน",
    "ธรรมสอน",
    "กันทะวงศ์",
    "ยอดดี",
    "มณีวรรณ",
    "บุญยืน",
    "สายสุวรรณ",
    "คงเจริญ",
    "ทองมา",
    "แสนคำ",
    "อ่อนละมัย",
    "ศรีบุญเรือง",
    "ปัญญาวงศ์",
    "สุวรรณรัตน์",
    "หมัดหลี",
    "นาคสวัสดิ์",
    "เพชรรัตน์",
    "ชูศรี",
    "ยะโก๊ะ",
    "ภูมิพันธ์",
    "พลายงาม",
    "ทองสุข",
    "มีสุข",
    "แก้วประเสริฐ",
    "รักษ์ไทย",
];

pub(crate) struct Person {
    pub woman: bool,
    pub first: &'static str,
    pub last: &'static str,
}

impl Person {
    pub(crate) fn draw(r: &mut Rng) -> Person {
        let woman = r.percent(62);
        let first = if woman { *r.pick(WOMEN) } else { *r.pick(MEN) };
        let last = *r.pick(SURNAMES);
        Person { woman, first, last }
    }

    /// "นางบัวคำ ใจดี", "นายสมชาย ทองคำ".
    pub(crate) fn full_name(&self, r: &mut Rng) -> String {
        let title = if !self.woman {
            "นาย"
        } else if r.percent(70) {
            "นาง"
        } else {
            "นางสาว"
        };
        let mut s = String::with_capacity(title.len() + self.first.len() + self.last.len() + 1);
        s.push_str(title);
        s.push_str(self.first);
        s.push(' ');
        s.push_str(self.last);
        s
    }
}

/// The mod-11 check digit of Thai national IDs and juristic-person numbers.
pub(crate) fn check_digit(first12: &[u8; 12]) -> u8 {
    let sum: u32 = first12.iter().enumerate().map(|(i, &d)| u32::from(d) * (13 - i as u32)).sum();
    ((11 - sum % 11) % 10) as u8
}

fn thirteen(mut d: [u8; 13]) -> String {
    let first: [u8; 12] = d[..12].try_into().expect("12 digits");
    d[12] = check_digit(&first);
    d.iter().map(|x| char::from(b'0' + x)).collect()
}

/// A national ID as issued by the person's district: type 3 (registered before 1984) or 1,
/// then the province and district digits, a random book and sequence, and the check digit.
pub(crate) fn national_id(r: &mut Rng, province: u8, district: u16) -> String {
    let mut d = [0u8; 13];
    d[0] = if r.percent(60) { 3 } else { 1 };
    d[1] = province / 10;
    d[2] = province % 10;
    let dd = (district % 100) as u8;
    d[3] = dd / 10;
    d[4] = dd % 10;
    for x in &mut d[5..12] {
        *x = r.digit();
    }
    thirteen(d)
}

/// A juristic-person number: 0, the registrar's province, the type (5 = company limited,
/// 3 = limited partnership), the registration year (last 3 digits of the BE year), a
/// sequence and the check digit.
pub(crate) fn juristic_number(r: &mut Rng, province: u8, partnership: bool) -> String {
    let mut d = [0u8; 13];
    d[1] = province / 10;
    d[2] = province % 10;
    d[3] = if partnership { 3 } else { 5 };
    let year = r.between(545, 568);
    d[4] = (year / 100) as u8;
    d[5] = (year / 10 % 10) as u8;
    d[6] = (year % 10) as u8;
    for x in &mut d[7..12] {
        *x = r.digit();
    }
    thirteen(d)
}

/// A community-enterprise registration code whose area digits are the subdistrict's:
/// type-province-district-subdistrict/1-sequence, e.g. 5-51-01-01/1-0014.
pub(crate) fn community_enterprise_code(r: &mut Rng, subdistrict: u32) -> String {
    let t = [5, 5, 5, 4, 4, 3][r.below(6)];
    format!(
        "{t}-{:02}-{:02}-{:02}/1-{:04}",
        subdistrict / 10_000,
        subdistrict / 100 % 100,
        subdistrict % 100,
        r.between(1, 2500)
    )
}

/// A 10-digit mobile number. Every demo number starts with 060, so demo contacts are easy
/// to recognise and to purge; they pass `Phone::parse`.
pub(crate) fn mobile(r: &mut Rng) -> String {
    let mut s = String::with_capacity(10);
    s.push_str("060");
    for _ in 0..7 {
        s.push(char::from(b'0' + r.digit()));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use otop_domain::{NationalId, Registration};

    #[test]
    fn numbers_pass_the_domain_parsers() {
        let mut r = Rng::for_item(9, 9);
        for _ in 0..500 {
            let id = national_id(&mut r, 51, 5101);
            assert!(NationalId::parse("id", &id).is_ok(), "{id}");
            assert!(id.starts_with('3') || id.starts_with('1'));
            assert_eq!(&id[1..5], "5101");
            let partnership = r.percent(50);
            let j = juristic_number(&mut r, 10, partnership);
            assert_eq!(Registration::parse("r", &j).unwrap().kind_code(), "juristic", "{j}");
            let c = community_enterprise_code(&mut r, 510_101);
            assert_eq!(Registration::parse("r", &c).unwrap().kind_code(), "community_enterprise", "{c}");
            assert!(c[1..].starts_with("-51-01-01/1-"), "{c}");
            assert!(otop_domain::Phone::parse("p", &mobile(&mut r)).is_ok());
        }
    }

    #[test]
    fn check_digit_matches_a_known_example() {
        // 1-1037-02071-78-1: 208 mod 11 = 10, so the check digit is (11 - 10) mod 10 = 1.
        assert_eq!(check_digit(&[1, 1, 0, 3, 7, 0, 2, 0, 7, 1, 7, 8]), 1);
    }
}
