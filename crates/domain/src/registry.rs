//! The registry (DESIGN.md §4.1): enterprises, products, providers, their units and the
//! service offerings. `*Draft` types carry raw text from a form, an API body or an import
//! row; `validate()` turns a draft into the checked `*Data` or lists everything to fix.

use chrono::NaiveDate;
use otop_geo::{Region, geography};
use serde::{Deserialize, Serialize};

use crate::codes::{Category, CertificationKind, EnterpriseKind, ProviderKind, Quadrant, Stage};
use crate::dates::parse_date;
use crate::error::{FieldError, ValidationErrors};
use crate::ids::{Email, Phone, PostalCode, Registration, Satang, Stars};

fn trimmed(s: &str) -> &str {
    s.trim()
}

fn required_text(errs: &mut ValidationErrors, field: &str, v: &str, max_chars: usize) -> Option<String> {
    let t = trimmed(v);
    if t.is_empty() {
        errs.push(FieldError::required(field));
        return None;
    }
    if t.chars().count() > max_chars {
        errs.push(FieldError::new(
            field,
            v,
            format!("ยาวเกินไป: ไม่เกิน {max_chars} ตัวอักษร"),
            format!("Too long: at most {max_chars} characters"),
        ));
        return None;
    }
    Some(t.to_string())
}

fn optional_text(errs: &mut ValidationErrors, field: &str, v: &str, max_chars: usize) -> String {
    let t = trimmed(v);
    if t.chars().count() > max_chars {
        errs.push(FieldError::new(
            field,
            v,
            format!("ยาวเกินไป: ไม่เกิน {max_chars} ตัวอักษร"),
            format!("Too long: at most {max_chars} characters"),
        ));
    }
    t.to_string()
}

fn optional<T>(errs: &mut ValidationErrors, v: &str, parse: impl FnOnce(&str) -> Result<T, FieldError>) -> Option<T> {
    if v.trim().is_empty() { None } else { errs.take(parse(v)) }
}

/// Splits a cell or field that holds several values: "อาหาร, เครื่องดื่ม" or "food;beverage".
pub fn split_list(s: &str) -> impl Iterator<Item = &str> {
    s.split([',', ';', '|', '\n', '、']).map(str::trim).filter(|p| !p.is_empty())
}

fn parse_list<T: Ord>(errs: &mut ValidationErrors, v: &str, parse: impl Fn(&str) -> Result<T, FieldError>) -> Vec<T> {
    let mut out = Vec::new();
    for part in split_list(v) {
        if let Some(x) = errs.take(parse(part)) {
            out.push(x);
        }
    }
    out.sort();
    out.dedup();
    out
}

// ---------------------------------------------------------------- address

/// A Thai address down to ตำบล/แขวง, resolved against the official geography.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    /// House number, village (หมู่), soi and road as written.
    pub line: String,
    pub subdistrict_code: u32,
    pub district_code: u16,
    pub province_code: u8,
    pub postal_code: PostalCode,
}

impl Address {
    pub fn display_th(&self) -> String {
        let g = geography();
        let sd = g.subdistrict(self.subdistrict_code);
        let d = g.district(self.district_code);
        let p = g.province(self.province_code);
        let bkk = self.province_code == 10;
        let mut parts = vec![];
        if !self.line.is_empty() {
            parts.push(self.line.clone());
        }
        if let Some(sd) = sd {
            parts.push(format!("{}{}", if bkk { "แขวง" } else { "ต." }, sd.name_th));
        }
        if let Some(d) = d {
            let name = d.name_th.trim_start_matches("เขต").trim_start_matches("อำเภอ");
            parts.push(format!("{}{}", if bkk { "เขต" } else { "อ." }, name));
        }
        if let Some(p) = p {
            parts.push(if bkk { p.name_th.to_string() } else { format!("จ.{}", p.name_th) });
        }
        parts.push(self.postal_code.as_str().to_string());
        parts.join(" ")
    }
}

/// The address fields as typed; either names or codes may be given.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct AddressDraft {
    pub address_line: String,
    pub subdistrict: String,
    pub district: String,
    pub province: String,
    pub postal_code: String,
}

impl AddressDraft {
    pub fn validate(&self, errs: &mut ValidationErrors) -> Option<Address> {
        let g = geography();
        let line = optional_text(errs, "address_line", &self.address_line, 300);
        let postal = if self.postal_code.trim().is_empty() {
            errs.push(FieldError::required("postal_code"));
            None
        } else {
            errs.take(PostalCode::parse("postal_code", &self.postal_code))
        };
        let province = match trimmed(&self.province) {
            "" => {
                errs.push(FieldError::required("province"));
                return None;
            }
            p => match p.parse::<u8>().ok().and_then(|c| g.province(c)).or_else(|| g.province_by_name(p)) {
                Some(p) => p,
                None => {
                    errs.push(FieldError::new(
                        "province",
                        p,
                        format!("ไม่พบจังหวัด \"{p}\" — พิมพ์ชื่อจังหวัดให้ถูกต้อง เช่น ลำพูน"),
                        format!("No province named \"{p}\" — check the spelling, e.g. Lamphun"),
                    ));
                    return None;
                }
            },
        };
        let sd_in = trimmed(&self.subdistrict);
        let d_in = trimmed(&self.district);
        if sd_in.is_empty() {
            errs.push(FieldError::required("subdistrict"));
            return None;
        }
        let subdistrict = if let Some(sd) = sd_in.parse::<u32>().ok().and_then(|c| g.subdistrict(c)) {
            sd
        } else {
            if d_in.is_empty() {
                errs.push(FieldError::required("district"));
                return None;
            }
            match g.find_subdistrict(province.name_th, d_in, sd_in) {
                Some(sd) => sd,
                None => {
                    errs.push(FieldError::new(
                        "subdistrict",
                        sd_in,
                        format!(
                            "ไม่พบตำบล \"{sd_in}\" ในอำเภอ \"{d_in}\" จังหวัด{} — ตรวจสอบชื่อตำบลและอำเภอ",
                            province.name_th
                        ),
                        format!(
                            "No subdistrict \"{sd_in}\" in district \"{d_in}\", {} — check both names",
                            province.name_en
                        ),
                    ));
                    return None;
                }
            }
        };
        let district = g.district(subdistrict.district_code)?;
        if district.province_code != province.code {
            errs.push(FieldError::new(
                "subdistrict",
                sd_in,
                format!("ตำบลนี้ไม่ได้อยู่ในจังหวัด{}", province.name_th),
                format!("This subdistrict is not in {}", province.name_en),
            ));
            return None;
        }
        let postal = postal?;
        if !g.postal_code_valid_for(subdistrict.code, postal.as_str()) {
            errs.push(FieldError::new(
                "postal_code",
                postal.as_str(),
                format!(
                    "รหัสไปรษณีย์ {} ไม่ตรงกับตำบล{} — รหัสที่ถูกต้องคือ {}",
                    postal.as_str(),
                    subdistrict.name_th,
                    subdistrict.postal_codes.join(" หรือ ")
                ),
                format!(
                    "Postal code {} does not belong to {} — use {}",
                    postal.as_str(),
                    subdistrict.name_en,
                    subdistrict.postal_codes.join(" or ")
                ),
            ));
            return None;
        }
        Some(Address {
            line,
            subdistrict_code: subdistrict.code,
            district_code: district.code,
            province_code: province.code,
            postal_code: postal,
        })
    }
}

// ---------------------------------------------------------------- certifications

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificationHeld {
    pub kind: CertificationKind,
    pub number: String,
    pub expires_on: Option<NaiveDate>,
}

impl CertificationHeld {
    /// One certification as written in a cell: "อย. 50-1-12345-2-0001 หมดอายุ 31/12/2570".
    pub fn parse(field: &str, input: &str) -> Result<Self, FieldError> {
        let t = input.trim();
        let (head, expiry) = match split_expiry(t) {
            Some((h, e)) => (h.trim(), Some(parse_date(field, e.trim())?)),
            None => (t, None),
        };
        // The kind is the longest leading run of words that names a certification.
        let words: Vec<&str> = head.split_whitespace().collect();
        for n in (1..=words.len().min(4)).rev() {
            if let Some(kind) = CertificationKind::parse(&words[..n].join(" ")) {
                return Ok(Self { kind, number: words[n..].join(" "), expires_on: expiry });
            }
        }
        // Glued forms such as "อย.12-1-..." split where the kind ends.
        for kind in CertificationKind::ALL {
            for name in [kind.name_th(), kind.code()] {
                if let Some(rest) = head.strip_prefix(name) {
                    return Ok(Self { kind: *kind, number: rest.trim().to_string(), expires_on: expiry });
                }
            }
        }
        Err(FieldError::new(
            field,
            input,
            "ไม่รู้จักมาตรฐาน: ขึ้นต้นด้วยชื่อมาตรฐาน เช่น \"อย. 50-1-12345-2-0001 หมดอายุ 31/12/2570\" หรือ \"มผช. 107/2565\"",
            "Unknown certification: start with its name, e.g. \"FDA 50-1-12345-2-0001 expires 31/12/2570\" or \"TCPS 107/2565\"",
        ))
    }
}

fn split_expiry(t: &str) -> Option<(&str, &str)> {
    for key in ["หมดอายุ", "expires", "exp.", "exp"] {
        if let Some(i) = t.find(key) {
            return Some((&t[..i], &t[i + key.len()..]));
        }
    }
    None
}

// ---------------------------------------------------------------- enterprise

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnterpriseData {
    pub kind: EnterpriseKind,
    pub name: String,
    pub registration: Registration,
    pub address: Address,
    pub contact_name: String,
    pub phone: Option<Phone>,
    pub email: Option<Email>,
    pub stars: Option<Stars>,
    pub quadrant: Option<Quadrant>,
    pub categories: Vec<Category>,
    pub certifications: Vec<CertificationHeld>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Enterprise {
    pub id: i64,
    #[serde(flatten)]
    pub data: EnterpriseData,
}

/// An enterprise as typed in a form or a sheet row. Field names double as form names
/// and as the English import column keys.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct EnterpriseDraft {
    pub kind: String,
    pub name: String,
    pub registration_no: String,
    #[serde(flatten)]
    pub address: AddressDraft,
    pub contact_name: String,
    pub phone: String,
    pub email: String,
    pub stars: String,
    pub quadrant: String,
    pub categories: String,
    pub certifications: String,
}

impl EnterpriseDraft {
    pub fn validate(&self) -> Result<EnterpriseData, ValidationErrors> {
        let mut errs = ValidationErrors::default();
        let kind = errs.take(EnterpriseKind::parse_field("kind", &self.kind));
        let name = required_text(&mut errs, "name", &self.name, 200);
        let registration = errs.take(Registration::parse("registration_no", &self.registration_no));
        if let (Some(EnterpriseKind::Sme), Some(Registration::CommunityEnterprise(_))) = (kind, &registration) {
            errs.push(FieldError::new(
                "registration_no",
                &self.registration_no,
                "ผู้ประกอบการ SME ต้องใช้เลขทะเบียนนิติบุคคล 13 หลัก หรือเลขประจำตัวประชาชนของเจ้าของ",
                "An SME needs its 13-digit juristic person number or the owner's national ID",
            ));
        }
        let address = self.address.validate(&mut errs);
        let contact_name = optional_text(&mut errs, "contact_name", &self.contact_name, 200);
        let phone = optional(&mut errs, &self.phone, |v| Phone::parse("phone", v));
        let email = optional(&mut errs, &self.email, |v| Email::parse("email", v));
        let stars = optional(&mut errs, &self.stars, |v| Stars::parse("stars", v));
        let quadrant = optional(&mut errs, &self.quadrant, |v| Quadrant::parse_field("quadrant", v));
        let categories = parse_list(&mut errs, &self.categories, |v| Category::parse_field("categories", v));
        let mut certifications = Vec::new();
        for part in self.certifications.split([';', '\n']).map(str::trim).filter(|p| !p.is_empty()) {
            if let Some(c) = errs.take(CertificationHeld::parse("certifications", part)) {
                certifications.push(c);
            }
        }
        if errs.is_empty() {
            Ok(EnterpriseData {
                kind: kind.expect("checked"),
                name: name.expect("checked"),
                registration: registration.expect("checked"),
                address: address.expect("checked"),
                contact_name,
                phone,
                email,
                stars,
                quadrant,
                categories,
                certifications,
            })
        } else {
            Err(errs)
        }
    }
}

// ---------------------------------------------------------------- product

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProductData {
    pub enterprise_id: i64,
    pub name: String,
    pub category: Category,
    pub description: String,
    pub stars: Option<Stars>,
    pub price: Option<Satang>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Product {
    pub id: i64,
    #[serde(flatten)]
    pub data: ProductData,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ProductDraft {
    pub name: String,
    pub category: String,
    pub description: String,
    pub stars: String,
    pub price: String,
}

impl ProductDraft {
    pub fn validate(&self, enterprise_id: i64) -> Result<ProductData, ValidationErrors> {
        let mut errs = ValidationErrors::default();
        let name = required_text(&mut errs, "name", &self.name, 200);
        let category = errs.take(Category::parse_field("category", &self.category));
        let description = optional_text(&mut errs, "description", &self.description, 4000);
        let stars = optional(&mut errs, &self.stars, |v| Stars::parse("stars", v));
        let price = optional(&mut errs, &self.price, |v| Satang::parse_baht("price", v));
        errs.into_result(|| ProductData {
            enterprise_id,
            name: name.expect("checked"),
            category: category.expect("checked"),
            description,
            stars,
            price,
        })
    }
}

// ---------------------------------------------------------------- provider

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProviderData {
    pub name: String,
    pub short_name: String,
    pub kind: ProviderKind,
    /// Where the provider sits; services say separately where they are offered.
    pub province_code: Option<u8>,
    pub website: String,
    pub phone: Option<Phone>,
    pub email: Option<Email>,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Provider {
    pub id: i64,
    #[serde(flatten)]
    pub data: ProviderData,
    pub units: Vec<ProviderUnit>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderUnit {
    pub id: i64,
    pub provider_id: i64,
    pub name: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ProviderDraft {
    pub name: String,
    pub short_name: String,
    pub kind: String,
    pub province: String,
    pub website: String,
    pub phone: String,
    pub email: String,
    pub description: String,
}

impl ProviderDraft {
    pub fn validate(&self) -> Result<ProviderData, ValidationErrors> {
        let mut errs = ValidationErrors::default();
        let name = required_text(&mut errs, "name", &self.name, 200);
        let short_name = optional_text(&mut errs, "short_name", &self.short_name, 60);
        let kind = errs.take(ProviderKind::parse_field("kind", &self.kind));
        let province_code = optional(&mut errs, &self.province, |v| parse_province("province", v));
        let website = optional_text(&mut errs, "website", &self.website, 300);
        if !(website.is_empty() || website.starts_with("https://") || website.starts_with("http://")) {
            errs.push(FieldError::new(
                "website",
                &website,
                "เว็บไซต์ต้องขึ้นต้นด้วย https:// หรือ http://",
                "A website must start with https:// or http://",
            ));
        }
        let phone = optional(&mut errs, &self.phone, |v| Phone::parse("phone", v));
        let email = optional(&mut errs, &self.email, |v| Email::parse("email", v));
        let description = optional_text(&mut errs, "description", &self.description, 4000);
        errs.into_result(|| ProviderData {
            name: name.expect("checked"),
            short_name,
            kind: kind.expect("checked"),
            province_code,
            website,
            phone,
            email,
            description,
        })
    }
}

/// A province given by name (Thai or English) or by its two-digit code.
pub fn parse_province(field: &str, v: &str) -> Result<u8, FieldError> {
    let g = geography();
    let t = v.trim();
    t.parse::<u8>().ok().and_then(|c| g.province(c)).or_else(|| g.province_by_name(t)).map(|p| p.code).ok_or_else(
        || {
            FieldError::new(
                field,
                v,
                format!("ไม่พบจังหวัด \"{t}\" — พิมพ์ชื่อจังหวัดให้ถูกต้อง เช่น ลำพูน"),
                format!("No province named \"{t}\" — check the spelling, e.g. Lamphun"),
            )
        },
    )
}

// ---------------------------------------------------------------- service

/// Where a service is offered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Coverage {
    Nationwide,
    Regions(Vec<Region>),
    Provinces(Vec<u8>),
}

/// How close a service's coverage is to a need's province, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum CoverageFit {
    Province,
    Region,
    Nationwide,
    Elsewhere,
}

impl Coverage {
    pub fn fit(&self, province_code: u8) -> CoverageFit {
        let g = geography();
        match self {
            Coverage::Nationwide => CoverageFit::Nationwide,
            Coverage::Provinces(ps) if ps.contains(&province_code) => CoverageFit::Province,
            Coverage::Regions(rs) if g.province(province_code).is_some_and(|p| rs.contains(&p.region)) => {
                CoverageFit::Region
            }
            _ => CoverageFit::Elsewhere,
        }
    }

    pub fn includes(&self, province_code: u8) -> bool {
        self.fit(province_code) != CoverageFit::Elsewhere
    }

    /// Every province the service reaches; used to filter the directory by province.
    pub fn province_codes(&self) -> Vec<u8> {
        let g = geography();
        match self {
            Coverage::Nationwide => g.provinces().iter().map(|p| p.code).collect(),
            Coverage::Regions(rs) => g.provinces().iter().filter(|p| rs.contains(&p.region)).map(|p| p.code).collect(),
            Coverage::Provinces(ps) => ps.clone(),
        }
    }

    pub fn display_th(&self) -> String {
        let g = geography();
        match self {
            Coverage::Nationwide => "ทั่วประเทศ".into(),
            Coverage::Regions(rs) => rs.iter().map(|r| r.name_th()).collect::<Vec<_>>().join(", "),
            Coverage::Provinces(ps) => {
                ps.iter().filter_map(|c| g.province(*c).map(|p| p.name_th.to_string())).collect::<Vec<_>>().join(", ")
            }
        }
    }

    pub fn display_en(&self) -> String {
        let g = geography();
        match self {
            Coverage::Nationwide => "Nationwide".into(),
            Coverage::Regions(rs) => rs.iter().map(|r| r.name_en()).collect::<Vec<_>>().join(", "),
            Coverage::Provinces(ps) => {
                ps.iter().filter_map(|c| g.province(*c).map(|p| p.name_en.to_string())).collect::<Vec<_>>().join(", ")
            }
        }
    }

    /// "ทั่วประเทศ", a list of regions, or a list of provinces — in either language.
    pub fn parse(field: &str, v: &str) -> Result<Self, FieldError> {
        let t = v.trim();
        if t.is_empty() {
            return Err(FieldError::required(field));
        }
        if matches!(t.to_lowercase().as_str(), "ทั่วประเทศ" | "nationwide" | "all" | "ทุกจังหวัด")
        {
            return Ok(Coverage::Nationwide);
        }
        let parts: Vec<&str> = split_list(t).collect();
        let regions: Vec<Region> = parts.iter().filter_map(|p| Region::parse(p)).collect();
        if regions.len() == parts.len() {
            let mut r = regions;
            r.sort_by_key(|x| x.code());
            r.dedup();
            return Ok(Coverage::Regions(r));
        }
        let mut provinces = Vec::new();
        for p in parts {
            provinces.push(parse_province(field, p).map_err(|_| {
                FieldError::new(
                    field,
                    v,
                    format!("พื้นที่ให้บริการไม่ถูกต้อง: \"{p}\" ไม่ใช่ชื่อจังหวัดหรือภาค — ใช้ \"ทั่วประเทศ\", ชื่อภาค หรือชื่อจังหวัด คั่นด้วยจุลภาค"),
                    format!("Invalid coverage: \"{p}\" is not a province or region — use \"nationwide\", region names or province names, separated by commas"),
                )
            })?);
        }
        provinces.sort();
        provinces.dedup();
        Ok(Coverage::Provinces(provinces))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceItem {
    pub label: String,
    pub amount: Satang,
}

impl PriceItem {
    /// "ทดสอบจุลินทรีย์ 1,500" or "ทดสอบจุลินทรีย์: 1500 บาท". A colon, when present, separates
    /// the label from the amount, so labels may end in digits ("ISO 22000: 5,000").
    pub fn parse(field: &str, v: &str) -> Result<Self, FieldError> {
        let bad = || {
            FieldError::new(
                field,
                v,
                "รายการราคาต้องเป็น \"ชื่อรายการ ราคา\" เช่น \"ทดสอบจุลินทรีย์ 1,500\"",
                "A price item is \"label amount\", e.g. \"Microbial test 1,500\"",
            )
        };
        let t = v.trim();
        let t = t.strip_suffix("บาท").unwrap_or(t).trim_end();
        let (label, amount) = match t.rsplit_once(':') {
            Some((l, a)) => (l.trim(), a.trim()),
            None => {
                let is_amount = |c: char| c.is_ascii_digit() || ",. ฿".contains(c) || ('๐'..='๙').contains(&c);
                let start =
                    t.char_indices().rev().take_while(|(_, c)| is_amount(*c)).last().map_or(t.len(), |(i, _)| i);
                (t[..start].trim(), t[start..].trim())
            }
        };
        if label.is_empty() || amount.is_empty() {
            return Err(bad());
        }
        let amount = Satang::parse_baht(field, amount).map_err(|_| bad())?;
        Ok(Self { label: label.to_string(), amount })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceData {
    pub provider_id: i64,
    pub unit_id: Option<i64>,
    pub title: String,
    pub description: String,
    pub stages: Vec<Stage>,
    pub categories: Vec<Category>,
    pub coverage: Coverage,
    /// How many enterprises the service can take in one fiscal year; None = not limited.
    pub capacity_per_year: Option<u32>,
    pub prices: Vec<PriceItem>,
    pub active: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Service {
    pub id: i64,
    #[serde(flatten)]
    pub data: ServiceData,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ServiceDraft {
    pub provider_id: String,
    pub unit_id: String,
    pub title: String,
    pub description: String,
    pub stages: String,
    pub categories: String,
    pub coverage: String,
    pub capacity_per_year: String,
    /// One price item a line or separated by semicolons.
    pub prices: String,
    pub active: String,
}

impl ServiceDraft {
    pub fn validate(&self) -> Result<ServiceData, ValidationErrors> {
        let mut errs = ValidationErrors::default();
        let provider_id = match self.provider_id.trim().parse::<i64>() {
            Ok(id) if id > 0 => Some(id),
            _ => {
                errs.push(FieldError::new("provider_id", &self.provider_id, "เลือกผู้ให้บริการ", "Choose a provider"));
                None
            }
        };
        let unit_id = optional(&mut errs, &self.unit_id, |v| {
            v.trim().parse::<i64>().map_err(|_| FieldError::new("unit_id", v, "หน่วยงานย่อยไม่ถูกต้อง", "Invalid unit"))
        });
        let title = required_text(&mut errs, "title", &self.title, 300);
        let description = required_text(&mut errs, "description", &self.description, 8000);
        let stages = parse_list(&mut errs, &self.stages, |v| Stage::parse_field("stages", v));
        if stages.is_empty() && !self.stages.trim().is_empty() {
            // Errors for each bad part are already recorded.
        } else if stages.is_empty() {
            errs.push(FieldError::new(
                "stages",
                "",
                "เลือกห่วงโซ่คุณค่าอย่างน้อย 1 ขั้น",
                "Choose at least one value-chain stage",
            ));
        }
        let categories = parse_list(&mut errs, &self.categories, |v| Category::parse_field("categories", v));
        if categories.is_empty() && self.categories.trim().is_empty() {
            errs.push(FieldError::new(
                "categories",
                "",
                "เลือกประเภทผลิตภัณฑ์อย่างน้อย 1 ประเภท",
                "Choose at least one product category",
            ));
        }
        let coverage = errs.take(Coverage::parse("coverage", &self.coverage));
        let capacity_per_year = optional(&mut errs, &self.capacity_per_year, |v| {
            v.trim().parse::<u32>().map_err(|_| {
                FieldError::new(
                    "capacity_per_year",
                    v,
                    "จำนวนรับได้ต่อปีต้องเป็นจำนวนเต็มไม่ติดลบ หรือเว้นว่างถ้าไม่จำกัด",
                    "Capacity per year must be a whole number, or empty for no limit",
                )
            })
        });
        let mut prices = Vec::new();
        for line in self.prices.split([';', '\n']).map(str::trim).filter(|l| !l.is_empty()) {
            if let Some(p) = errs.take(PriceItem::parse("prices", line)) {
                prices.push(p);
            }
        }
        let active = match self.active.trim().to_lowercase().as_str() {
            "" | "true" | "1" | "yes" | "on" | "ใช่" | "เปิด" | "เปิดรับ" => true,
            "false" | "0" | "no" | "off" | "ไม่" | "ปิด" | "ปิดรับ" | "withdrawn" => false,
            other => {
                errs.push(FieldError::new(
                    "active",
                    other,
                    "สถานะต้องเป็น เปิดรับ หรือ ปิดรับ",
                    "Status must be open (true) or withdrawn (false)",
                ));
                true
            }
        };
        errs.into_result(|| ServiceData {
            provider_id: provider_id.expect("checked"),
            unit_id,
            title: title.expect("checked"),
            description: description.expect("checked"),
            stages,
            categories,
            coverage: coverage.expect("checked"),
            capacity_per_year,
            prices,
            active,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lamphun_draft() -> EnterpriseDraft {
        EnterpriseDraft {
            kind: "วิสาหกิจชุมชน".into(),
            name: "วิสาหกิจชุมชนลำไยอบแห้งบ้านแซม".into(),
            registration_no: "5-51-01-01/1-0014".into(),
            address: AddressDraft {
                address_line: "12 หมู่ 3".into(),
                subdistrict: "ในเมือง".into(),
                district: "เมืองลำพูน".into(),
                province: "ลำพูน".into(),
                postal_code: "51000".into(),
            },
            phone: "081-234-5678".into(),
            stars: "3".into(),
            quadrant: "D".into(),
            categories: "อาหาร".into(),
            certifications: "อย. 51-2-00123-2-0001 หมดอายุ 31/12/2570; มผช. 107/2565".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_good_enterprise_validates() {
        let e = lamphun_draft().validate().unwrap();
        assert_eq!(e.kind, EnterpriseKind::CommunityEnterprise);
        assert_eq!(e.address.province_code, 51);
        assert_eq!(e.categories, vec![Category::Food]);
        assert_eq!(e.certifications.len(), 2);
        assert_eq!(e.certifications[0].kind, CertificationKind::Fda);
        assert_eq!(e.certifications[0].expires_on, NaiveDate::from_ymd_opt(2027, 12, 31));
        assert_eq!(e.certifications[1].kind, CertificationKind::Tcps);
        assert!(e.address.display_th().contains("จ.ลำพูน"));
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let mut d = lamphun_draft();
        d.name = " ".into();
        d.stars = "7".into();
        d.address.postal_code = "50000".into();
        d.categories = "อาหาร, รถยนต์".into();
        let errs = d.validate().unwrap_err();
        let fields: Vec<&str> = errs.errors.iter().map(|e| e.field.as_str()).collect();
        assert!(fields.contains(&"name"), "{fields:?}");
        assert!(fields.contains(&"stars"));
        assert!(fields.contains(&"postal_code"));
        assert!(fields.contains(&"categories"));
        let postal = errs.for_field("postal_code").unwrap();
        assert!(postal.message.th.contains("51000"), "{}", postal.message.th);
    }

    #[test]
    fn unknown_subdistrict_names_the_place() {
        let mut d = lamphun_draft();
        d.address.subdistrict = "ไม่มีจริง".into();
        let errs = d.validate().unwrap_err();
        assert!(errs.for_field("subdistrict").unwrap().message.th.contains("ไม่มีจริง"));
    }

    #[test]
    fn coverage_fit_and_parse() {
        let north = Coverage::parse("c", "ภาคเหนือ").unwrap();
        assert_eq!(north, Coverage::Regions(vec![Region::North]));
        assert_eq!(north.fit(51), CoverageFit::Region);
        assert_eq!(north.fit(10), CoverageFit::Elsewhere);
        let lamphun = Coverage::parse("c", "ลำพูน, Chiang Mai").unwrap();
        assert_eq!(lamphun, Coverage::Provinces(vec![50, 51]));
        assert_eq!(lamphun.fit(51), CoverageFit::Province);
        assert_eq!(Coverage::parse("c", "ทั่วประเทศ").unwrap().fit(96), CoverageFit::Nationwide);
        assert!(Coverage::parse("c", "ดาวอังคาร").is_err());
        assert_eq!(Coverage::Regions(vec![Region::North]).province_codes().len(), 9);
    }

    #[test]
    fn price_items() {
        let p = PriceItem::parse("p", "ทดสอบจุลินทรีย์ 1,500 บาท").unwrap();
        assert_eq!(p.label, "ทดสอบจุลินทรีย์");
        assert_eq!(p.amount, Satang(150_000));
        assert!(PriceItem::parse("p", "ฟรี").is_err());
        let stall = PriceItem::parse("p", "ค่าพื้นที่ออกงานแสดงสินค้า 3,000").unwrap();
        assert_eq!(stall.label, "ค่าพื้นที่ออกงานแสดงสินค้า");
        assert_eq!(stall.amount, Satang(300_000));
        let iso = PriceItem::parse("p", "ISO 22000: 5,000 บาท").unwrap();
        assert_eq!((iso.label.as_str(), iso.amount), ("ISO 22000", Satang(500_000)));
        assert!(PriceItem::parse("p", "1500").is_err());
    }

    #[test]
    fn service_draft_requires_stage_category_coverage() {
        let d = ServiceDraft {
            provider_id: "1".into(),
            title: "ออกแบบบรรจุภัณฑ์".into(),
            description: "ช่วยออกแบบ".into(),
            ..Default::default()
        };
        let errs = d.validate().unwrap_err();
        for f in ["stages", "categories", "coverage"] {
            assert!(errs.for_field(f).is_some(), "missing {f}: {errs}");
        }
    }
}
