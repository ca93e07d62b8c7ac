//! Identifiers and small values parsed at the edge, so the rest of the code never sees an
//! unchecked string. Each parser returns a [`FieldError`] that says what to fix.

use serde::{Deserialize, Serialize};

use crate::error::FieldError;

fn digits_only(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '.' | '/' | '(' | ')'))
        .map(thai_digit_to_ascii)
        .collect()
}

/// Thai digits (๐–๙) appear in typed and pasted input; they mean the same as 0–9.
pub fn thai_digit_to_ascii(c: char) -> char {
    match c {
        '๐'..='๙' => char::from_digit(c as u32 - '๐' as u32, 10).unwrap_or(c),
        _ => c,
    }
}

/// The mod-11 check digit shared by Thai national IDs and juristic-person numbers.
fn thirteen_digit_check(d: &[u8]) -> u8 {
    let sum: u32 = d[..12].iter().enumerate().map(|(i, &x)| x as u32 * (13 - i as u32)).sum();
    ((11 - sum % 11) % 10) as u8
}

fn parse_thirteen(field: &str, input: &str, what_th: &str, what_en: &str) -> Result<String, FieldError> {
    let s = digits_only(input);
    if s.is_empty() {
        return Err(FieldError::required(field));
    }
    if s.len() != 13 || !s.chars().all(|c| c.is_ascii_digit()) {
        return Err(FieldError::new(
            field,
            input,
            format!("{what_th}ต้องเป็นตัวเลข 13 หลัก (ได้ {} ตัวอักษร)", s.chars().count()),
            format!("{what_en} must be 13 digits (got {} characters)", s.chars().count()),
        ));
    }
    let d: Vec<u8> = s.bytes().map(|b| b - b'0').collect();
    let expected = thirteen_digit_check(&d);
    if d[12] != expected {
        return Err(FieldError::new(
            field,
            input,
            format!(
                "{what_th}ไม่ถูกต้อง: หลักตรวจสอบ (หลักที่ 13) ควรเป็น {expected} แต่เป็น {} — ตรวจสอบว่าพิมพ์ตัวเลขครบและไม่สลับหลัก",
                d[12]
            ),
            format!(
                "Invalid {what_en}: the check digit (13th digit) should be {expected} but is {} — check for a mistyped or swapped digit",
                d[12]
            ),
        ));
    }
    Ok(s)
}

/// A 13-digit Thai national ID (เลขประจำตัวประชาชน) with a valid check digit.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct NationalId(String);

impl NationalId {
    pub fn parse(field: &str, input: &str) -> Result<Self, FieldError> {
        parse_thirteen(field, input, "เลขประจำตัวประชาชน", "national ID").map(Self)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The usual printed grouping: 1-2345-67890-12-1.
    pub fn formatted(&self) -> String {
        group_thirteen(&self.0)
    }

    /// Shows only the check digit, as PDPA asks for viewers without need: x-xxxx-xxxxx-xx-3.
    pub fn masked(&self) -> String {
        format!("x-xxxx-xxxxx-xx-{}", &self.0[12..])
    }
}

impl std::fmt::Debug for NationalId {
    // Personal data stays out of logs and panics.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "NationalId({})", self.masked())
    }
}

impl TryFrom<String> for NationalId {
    type Error = FieldError;
    fn try_from(s: String) -> Result<Self, FieldError> {
        Self::parse("national_id", &s)
    }
}

impl From<NationalId> for String {
    fn from(v: NationalId) -> String {
        v.0
    }
}

fn group_thirteen(s: &str) -> String {
    format!("{}-{}-{}-{}-{}", &s[0..1], &s[1..5], &s[5..10], &s[10..12], &s[12..13])
}

/// How an enterprise is registered: a juristic-person number (SMEs, cooperatives), a
/// community-enterprise registration code, or the national ID of an individual owner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "number", rename_all = "snake_case")]
pub enum Registration {
    Juristic(String),
    CommunityEnterprise(String),
    NationalId(NationalId),
    /// A person's national ID removed on their request (PDPA); the text keeps the row unique.
    Erased(String),
}

impl Registration {
    pub fn kind_code(&self) -> &'static str {
        match self {
            Registration::Juristic(_) => "juristic",
            Registration::CommunityEnterprise(_) => "community_enterprise",
            Registration::NationalId(_) => "national_id",
            Registration::Erased(_) => "erased",
        }
    }

    pub fn number(&self) -> &str {
        match self {
            Registration::Juristic(s) | Registration::CommunityEnterprise(s) | Registration::Erased(s) => s,
            Registration::NationalId(n) => n.as_str(),
        }
    }

    /// Detects the kind from the shape of the number: community-enterprise codes look like
    /// 5-50-01-01/1-0014; 13 digits starting with 0 are juristic persons; other 13 digits
    /// are national IDs. Both 13-digit kinds carry the same check digit.
    pub fn parse(field: &str, input: &str) -> Result<Self, FieldError> {
        let t = input.trim();
        if t.is_empty() {
            return Err(FieldError::required(field));
        }
        if t.contains('/') {
            return parse_community_enterprise(field, t).map(Registration::CommunityEnterprise);
        }
        let d = digits_only(t);
        if d.len() == 13 && d.starts_with('0') {
            return parse_thirteen(field, t, "เลขทะเบียนนิติบุคคล", "juristic person number").map(Registration::Juristic);
        }
        NationalId::parse(field, t).map(Registration::NationalId)
    }

    /// The number as shown to a viewer who may not see personal data.
    pub fn display_masked(&self) -> String {
        match self {
            Registration::NationalId(n) => n.masked(),
            Registration::Juristic(s) => group_thirteen(s),
            Registration::CommunityEnterprise(s) => s.clone(),
            Registration::Erased(_) => "—".to_string(),
        }
    }
}

/// Community-enterprise codes from the registrar: type-province-district-subdistrict/no-seq.
fn parse_community_enterprise(field: &str, t: &str) -> Result<String, FieldError> {
    let s: String = t.chars().filter(|c| !c.is_whitespace()).map(thai_digit_to_ascii).collect();
    let shape_ok = {
        let (left, right) = s.split_once('/').unwrap_or((&s, ""));
        let l: Vec<&str> = left.split('-').collect();
        let r: Vec<&str> = right.split('-').collect();
        l.len() == 4
            && r.len() == 2
            && [1usize, 2, 2, 2].iter().zip(&l).all(|(n, p)| p.len() == *n && p.bytes().all(|b| b.is_ascii_digit()))
            && r[0].len() == 1
            && r[1].len() == 4
            && r.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()))
    };
    if !shape_ok {
        return Err(FieldError::new(
            field,
            t,
            "รหัสทะเบียนวิสาหกิจชุมชนต้องอยู่ในรูปแบบ ท-จจ-ออ-ตต/ก-ลลลล เช่น 5-51-01-01/1-0014",
            "A community-enterprise registration code looks like 5-51-01-01/1-0014",
        ));
    }
    let province: u8 = s[2..4].parse().unwrap_or(0);
    if otop_geo::geography().province(province).is_none() {
        return Err(FieldError::new(
            field,
            t,
            format!("รหัสจังหวัด {province:02} ในรหัสทะเบียนวิสาหกิจชุมชนไม่มีอยู่จริง"),
            format!("Province code {province:02} in the community-enterprise code does not exist"),
        ));
    }
    Ok(s)
}

/// A Thai postal code: five digits of a real postal area.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PostalCode(String);

impl PostalCode {
    pub fn parse(field: &str, input: &str) -> Result<Self, FieldError> {
        let s = digits_only(input);
        if s.is_empty() {
            return Err(FieldError::required(field));
        }
        if s.len() != 5 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(FieldError::new(
                field,
                input,
                "รหัสไปรษณีย์ต้องเป็นตัวเลข 5 หลัก เช่น 51000",
                "A postal code is 5 digits, e.g. 51000",
            ));
        }
        // The first two digits name the province's postal area: 10 (Bangkok) to 96.
        let area: u8 = s[0..2].parse().expect("two ASCII digits");
        if !(10..=96).contains(&area) {
            return Err(FieldError::new(
                field,
                input,
                format!("ไม่มีรหัสไปรษณีย์ {s} — รหัสไปรษณีย์ไทยขึ้นต้นด้วย 10 ถึง 96 ตรวจสอบกับที่อยู่อีกครั้ง เช่น 51000"),
                format!(
                    "There is no postal code {s} — Thai postal codes start with 10 to 96; check it against the address, e.g. 51000"
                ),
            ));
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A Thai telephone number, kept as digits: mobiles have 10, landlines 9.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Phone(String);

impl Phone {
    pub fn parse(field: &str, input: &str) -> Result<Self, FieldError> {
        let mut s = digits_only(input);
        if let Some(rest) = s.strip_prefix("+66").or_else(|| s.strip_prefix("66").filter(|r| r.len() >= 8)) {
            s = format!("0{rest}");
        }
        let ok = s.bytes().all(|b| b.is_ascii_digit())
            && s.starts_with('0')
            && match s.as_bytes().get(1) {
                Some(b'6' | b'8' | b'9') => s.len() == 10,
                Some(b'2'..=b'7') => s.len() == 9,
                _ => false,
            };
        if !ok {
            return Err(FieldError::new(
                field,
                input,
                "เบอร์โทรศัพท์ไม่ถูกต้อง: มือถือ 10 หลัก (เช่น 081-234-5678) หรือโทรศัพท์บ้าน 9 หลัก (เช่น 053-123-456)",
                "Invalid phone number: mobiles have 10 digits (e.g. 081-234-5678), landlines 9 (e.g. 053-123-456)",
            ));
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn formatted(&self) -> String {
        let s = &self.0;
        if s.len() == 10 {
            format!("{}-{}-{}", &s[0..3], &s[3..6], &s[6..])
        } else if s.starts_with("02") {
            format!("{}-{}-{}", &s[0..2], &s[2..5], &s[5..])
        } else {
            format!("{}-{}-{}", &s[0..3], &s[3..6], &s[6..])
        }
    }

    /// Mobiles have ten digits (06x, 08x, 09x); landlines nine.
    pub fn is_mobile(&self) -> bool {
        self.0.len() == 10
    }

    pub fn masked(&self) -> String {
        let s = &self.0;
        format!("{}x-xxx-{}", &s[0..2], &s[s.len() - 4..])
    }
}

impl std::fmt::Debug for Phone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Phone({})", self.masked())
    }
}

/// An e-mail address, checked for the shape people get wrong (missing @ or domain).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    pub fn parse(field: &str, input: &str) -> Result<Self, FieldError> {
        let s = input.trim().to_lowercase();
        let ok = match s.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !s.chars().any(|c| c.is_whitespace() || c == ',')
                    && s.matches('@').count() == 1
            }
            None => false,
        };
        if !ok {
            return Err(FieldError::new(
                field,
                input,
                "อีเมลไม่ถูกต้อง ตัวอย่าง: name@example.com",
                "Invalid e-mail address, e.g. name@example.com",
            ));
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// OTOP star rating, 1 to 5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Stars(u8);

impl Stars {
    pub fn new(n: u8) -> Option<Self> {
        (1..=5).contains(&n).then_some(Self(n))
    }

    pub fn parse(field: &str, input: &str) -> Result<Self, FieldError> {
        let t: String = input.trim().chars().map(thai_digit_to_ascii).collect();
        let t = t.trim_end_matches("ดาว").trim_end_matches("stars").trim_end_matches("star").trim();
        t.parse::<u8>().ok().and_then(Self::new).ok_or_else(|| {
            FieldError::new(field, input, "ระดับดาวต้องเป็นตัวเลข 1 ถึง 5", "Star rating must be a number from 1 to 5")
        })
    }

    pub fn get(self) -> u8 {
        self.0
    }
}

impl TryFrom<u8> for Stars {
    type Error = String;
    fn try_from(n: u8) -> Result<Self, String> {
        Self::new(n).ok_or_else(|| format!("stars must be 1-5, got {n}"))
    }
}

impl From<Stars> for u8 {
    fn from(s: Stars) -> u8 {
        s.0
    }
}

/// Money in satang (1/100 baht) as an integer, so no amount is ever rounded away.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
pub struct Satang(pub i64);

impl Satang {
    pub fn from_baht(baht: i64) -> Self {
        Self(baht * 100)
    }

    /// Parses "15,000", "15000.50", "฿15,000" or "15,000 บาท".
    pub fn parse_baht(field: &str, input: &str) -> Result<Self, FieldError> {
        let bad = || {
            FieldError::new(
                field,
                input,
                "จำนวนเงินต้องเป็นตัวเลขบาท ไม่ติดลบ ทศนิยมไม่เกิน 2 ตำแหน่ง เช่น 15,000 หรือ 1250.50",
                "Amount must be a non-negative number of baht with at most 2 decimals, e.g. 15,000 or 1250.50",
            )
        };
        let s: String = input
            .trim()
            .trim_start_matches('฿')
            .trim_end_matches("บาท")
            .chars()
            .map(thai_digit_to_ascii)
            .filter(|c| *c != ',' && !c.is_whitespace())
            .collect();
        if s.is_empty() {
            return Err(FieldError::required(field));
        }
        let (whole, frac) = s.split_once('.').unwrap_or((&s, ""));
        if whole.is_empty()
            || !whole.bytes().all(|b| b.is_ascii_digit())
            || frac.len() > 2
            || !frac.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(bad());
        }
        let w: i64 = whole.parse().map_err(|_| bad())?;
        let f: i64 = format!("{frac:0<2}").parse().map_err(|_| bad())?;
        w.checked_mul(100).and_then(|x| x.checked_add(f)).map(Self).ok_or_else(bad)
    }

    /// "15,000.00" style, for display next to "บาท".
    pub fn baht_display(self) -> String {
        let neg = self.0 < 0;
        let v = self.0.unsigned_abs();
        let whole = (v / 100).to_string();
        let mut grouped = String::new();
        for (i, c) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(c);
        }
        format!("{}{}.{:02}", if neg { "-" } else { "" }, grouped, v % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds a valid ID from 12 digits by computing the check digit, independent of the parser.
    fn with_check(twelve: &str) -> String {
        let d: Vec<u32> = twelve.bytes().map(|b| (b - b'0') as u32).collect();
        let sum: u32 = d.iter().enumerate().map(|(i, x)| x * (13 - i as u32)).sum();
        format!("{twelve}{}", (11 - sum % 11) % 10)
    }

    #[test]
    fn national_id_check_digit() {
        let ok = with_check("110370207178");
        assert!(NationalId::parse("id", &ok).is_ok());
        let dashed = format!("{}-{}-{}-{}-{}", &ok[0..1], &ok[1..5], &ok[5..10], &ok[10..12], &ok[12..]);
        assert_eq!(NationalId::parse("id", &dashed).unwrap().as_str(), ok);
        let last = ok.as_bytes()[12] - b'0';
        let wrong = format!("{}{}", &ok[..12], (last + 1) % 10);
        let e = NationalId::parse("id", &wrong).unwrap_err();
        assert!(e.message.th.contains("หลักตรวจสอบ"));
        assert!(e.message.en.contains(&format!("should be {last}")));
        assert!(NationalId::parse("id", "12345").unwrap_err().message.en.contains("13 digits"));
        assert_eq!(NationalId::parse("id", "").unwrap_err().message.en, "This field is required");
    }

    #[test]
    fn national_id_masked_and_thai_digits() {
        let ok = with_check("350010012345");
        let thai: String = ok.chars().map(|c| char::from_u32(c as u32 - '0' as u32 + '๐' as u32).unwrap()).collect();
        let id = NationalId::parse("id", &thai).unwrap();
        assert_eq!(id.masked(), format!("x-xxxx-xxxxx-xx-{}", &ok[12..]));
        assert!(!format!("{id:?}").contains(&ok[..12]));
    }

    #[test]
    fn registration_detects_kind() {
        let juristic = with_check("010555012345");
        assert_eq!(Registration::parse("r", &juristic).unwrap().kind_code(), "juristic");
        assert_eq!(Registration::parse("r", "5-51-01-01/1-0014").unwrap().kind_code(), "community_enterprise");
        assert!(Registration::parse("r", "5-99-01-01/1-0014").is_err());
        assert!(Registration::parse("r", "5-51-01/1-14").is_err());
        assert_eq!(Registration::parse("r", &with_check("150010012345")).unwrap().kind_code(), "national_id");
    }

    #[test]
    fn phones() {
        assert_eq!(Phone::parse("p", "081-234-5678").unwrap().as_str(), "0812345678");
        assert_eq!(Phone::parse("p", "+66 81 234 5678").unwrap().as_str(), "0812345678");
        assert_eq!(Phone::parse("p", "053123456").unwrap().formatted(), "053-123-456");
        assert_eq!(Phone::parse("p", "0812345678").unwrap().masked(), "08x-xxx-5678");
        assert!(Phone::parse("p", "12345").is_err());
        assert!(Phone::parse("p", "08123456789").is_err());
    }

    #[test]
    fn postal_email_stars() {
        assert!(PostalCode::parse("z", "51000").is_ok());
        assert!(PostalCode::parse("z", "5100").is_err());
        assert!(PostalCode::parse("z", "00100").is_err());
        // Five digits that no postal area starts with are not told to have five digits.
        let e = PostalCode::parse("z", "99999").unwrap_err();
        assert!(e.message.th.contains("ไม่มีรหัสไปรษณีย์ 99999"), "{}", e.message.th);
        assert!(e.message.en.contains("start with 10 to 96"), "{}", e.message.en);
        let e = PostalCode::parse("z", "5100").unwrap_err();
        assert!(e.message.en.contains("5 digits"), "{}", e.message.en);
        assert!(Email::parse("e", "a@b.co").is_ok());
        assert!(Email::parse("e", "a@b").is_err());
        assert!(Email::parse("e", "ab.co").is_err());
        assert_eq!(Stars::parse("s", "๓ ดาว").unwrap().get(), 3);
        assert!(Stars::parse("s", "6").is_err());
        assert!(Stars::parse("s", "0").is_err());
    }

    #[test]
    fn satang() {
        assert_eq!(Satang::parse_baht("a", "15,000").unwrap(), Satang(1_500_000));
        assert_eq!(Satang::parse_baht("a", "1250.5").unwrap(), Satang(125_050));
        assert_eq!(Satang::parse_baht("a", "฿ 99.99 บาท").unwrap(), Satang(9_999));
        assert!(Satang::parse_baht("a", "-5").is_err());
        assert!(Satang::parse_baht("a", "1.234").is_err());
        assert!(Satang::parse_baht("a", "abc").is_err());
        assert_eq!(Satang(1_500_000).baht_display(), "15,000.00");
        assert_eq!(Satang(5).baht_display(), "0.05");
    }
}
