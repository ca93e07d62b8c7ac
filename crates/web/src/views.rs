//! Domain values made ready to show in one language: labels of codes, money, dates in the
//! Buddhist Era, masked personal data. Templates get these plain strings and never decide
//! how a value is written.

use chrono::{Datelike, NaiveDate};
use otop_domain::{
    Address, Category, CertificationHeld, Coverage, EnterpriseKind, Need, NeedStatus, Phone, Product, ProviderKind,
    Quadrant, Registration, Satang, Stage, Stars,
};
use otop_geo::{Region, geography};
use otop_store::services::ServiceListing;

use crate::i18n::Lang;

/// An option of a select or a check box.
pub struct Opt {
    pub value: String,
    pub label: String,
}

impl Opt {
    fn new(value: impl Into<String>, label: impl Into<String>) -> Self {
        Self { value: value.into(), label: label.into() }
    }
}

macro_rules! vocabulary_options {
    ($($fn_name:ident => $ty:ty),* $(,)?) => {$(
        pub fn $fn_name(lang: Lang) -> Vec<Opt> {
            <$ty>::ALL.iter().map(|v| Opt::new(v.code(), lang.t(v.name_th(), v.name_en()))).collect()
        }
    )*};
}

vocabulary_options! {
    stage_options => Stage,
    category_options => Category,
    provider_kind_options => ProviderKind,
    enterprise_kind_options => EnterpriseKind,
    quadrant_options => Quadrant,
}

pub fn region_options(lang: Lang) -> Vec<Opt> {
    Region::ALL.iter().map(|r| Opt::new(r.code(), lang.t(r.name_th(), r.name_en()))).collect()
}

/// The provinces of one region, for an `<optgroup>`.
pub struct ProvinceGroup {
    pub label: String,
    pub provinces: Vec<Opt>,
}

/// All 77 provinces by region, values being the two-digit codes.
pub fn province_groups(lang: Lang) -> Vec<ProvinceGroup> {
    let g = geography();
    Region::ALL
        .iter()
        .map(|r| {
            let mut provinces: Vec<Opt> =
                g.provinces_in(*r).map(|p| Opt::new(p.code.to_string(), lang.t(p.name_th, p.name_en))).collect();
            provinces.sort_by_cached_key(|o| sort_key(&o.label));
            ProvinceGroup { label: lang.t(r.name_th(), r.name_en()).to_string(), provinces }
        })
        .collect()
}

/// Province names for a `<datalist>`: Thai and English both parse.
pub fn province_names(lang: Lang) -> Vec<&'static str> {
    let mut v: Vec<&'static str> = geography().provinces().iter().map(|p| lang.t(p.name_th, p.name_en)).collect();
    v.sort_by_cached_key(|n| sort_key(n));
    v
}

/// Dictionary order for Thai names: a leading vowel (เ แ โ ใ ไ) is written first but sorts
/// after its consonant, so เชียงใหม่ comes with the ช names, not after ฮ.
pub fn sort_key(s: &str) -> String {
    let mut chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i + 1 < chars.len() {
        if matches!(chars[i], 'เ' | 'แ' | 'โ' | 'ใ' | 'ไ') {
            chars.swap(i, i + 1);
            i += 2;
        } else {
            i += 1;
        }
    }
    chars.into_iter().collect()
}

/// "1,234": a count with thousands separators.
pub fn count(n: i64) -> String {
    let s = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

pub fn province_name(lang: Lang, code: u8) -> String {
    geography().province(code).map(|p| lang.t(p.name_th, p.name_en).to_string()).unwrap_or_default()
}

pub fn stage_labels(lang: Lang, v: &[Stage]) -> Vec<&'static str> {
    v.iter().map(|s| lang.t(s.name_th(), s.name_en())).collect()
}

pub fn category_labels(lang: Lang, v: &[Category]) -> Vec<&'static str> {
    v.iter().map(|c| lang.t(c.name_th(), c.name_en())).collect()
}

pub fn coverage(lang: Lang, c: &Coverage) -> String {
    match lang {
        Lang::Th => c.display_th(),
        Lang::En => c.display_en(),
    }
}

pub fn capacity(lang: Lang, n: Option<u32>) -> String {
    match (lang, n) {
        (Lang::Th, Some(n)) => format!("รับได้ {n} รายต่อปีงบประมาณ"),
        (Lang::En, Some(n)) => format!("{n} enterprises per fiscal year"),
        (Lang::Th, None) => "ไม่จำกัดจำนวน".into(),
        (Lang::En, None) => "No fixed limit".into(),
    }
}

pub fn baht(lang: Lang, s: Satang) -> String {
    match lang {
        Lang::Th => format!("{} บาท", s.baht_display()),
        Lang::En => format!("{} baht", s.baht_display()),
    }
}

/// "25 พ.ย. 2569" in Thai; in English the same date with its Buddhist-Era year too.
pub fn date(lang: Lang, d: NaiveDate) -> String {
    match lang {
        Lang::Th => otop_domain::dates::format_th_short(d),
        Lang::En => format!("{} (BE {})", d.format("%-d %b %Y"), d.year() + otop_domain::fiscal::BE_OFFSET),
    }
}

/// "★★★☆☆"; empty when not rated.
pub fn stars(s: Option<Stars>) -> String {
    s.map(|s| {
        let n = s.get() as usize;
        format!("{}{}", "★".repeat(n), "☆".repeat(5 - n))
    })
    .unwrap_or_default()
}

pub fn stars_label(lang: Lang, s: Option<Stars>) -> String {
    match (lang, s) {
        (Lang::Th, Some(s)) => format!("{} ดาว", s.get()),
        (Lang::En, Some(s)) => format!("{} stars", s.get()),
        (Lang::Th, None) => "ยังไม่ได้รับการคัดสรร".into(),
        (Lang::En, None) => "Not rated".into(),
    }
}

pub fn quadrant(lang: Lang, q: Option<Quadrant>) -> String {
    q.map(|q| lang.t(q.name_th(), q.name_en()).to_string()).unwrap_or_default()
}

pub fn registration_kind(lang: Lang, r: &Registration) -> &'static str {
    match r {
        Registration::Juristic(_) => lang.t("เลขทะเบียนนิติบุคคล", "Juristic person number"),
        Registration::CommunityEnterprise(_) => lang.t("รหัสทะเบียนวิสาหกิจชุมชน", "Community-enterprise code"),
        Registration::NationalId(_) => lang.t("เลขประจำตัวประชาชน", "National ID"),
        Registration::Erased(_) => lang.t("เลขประจำตัว (ลบตามคำขอ)", "ID (erased on request)"),
    }
}

/// The address in the page language (Thai uses the domain's own format).
pub fn address(lang: Lang, a: &Address) -> String {
    match lang {
        Lang::Th => a.display_th(),
        Lang::En => {
            let g = geography();
            let mut parts: Vec<String> = Vec::new();
            if !a.line.is_empty() {
                parts.push(a.line.clone());
            }
            if let Some(s) = g.subdistrict(a.subdistrict_code) {
                parts.push(s.name_en.to_string());
            }
            if let Some(d) = g.district(a.district_code) {
                parts.push(d.name_en.to_string());
            }
            if let Some(p) = g.province(a.province_code) {
                parts.push(p.name_en.to_string());
            }
            format!("{} {}", parts.join(", "), a.postal_code.as_str())
        }
    }
}

pub fn masked_phone(p: &Option<Phone>) -> String {
    p.as_ref().map(Phone::masked).unwrap_or_default()
}

pub fn need_status(lang: Lang, s: NeedStatus) -> &'static str {
    match lang {
        Lang::Th => s.name_th(),
        Lang::En => match s {
            NeedStatus::Open => "Waiting for a match",
            NeedStatus::Referred => "Referred",
            NeedStatus::InProgress => "In progress",
            NeedStatus::Solved => "Solved",
            NeedStatus::Closed => "Closed",
        },
    }
}

pub struct PriceLine {
    pub label: String,
    pub amount: String,
}

/// A service as the directory and the provider page show it.
pub struct ServiceCard {
    pub id: i64,
    pub title: String,
    pub summary: String,
    pub description: String,
    pub provider_id: i64,
    pub provider_name: String,
    pub provider_kind: &'static str,
    pub unit_name: String,
    pub stages: Vec<&'static str>,
    pub categories: Vec<&'static str>,
    pub coverage: String,
    pub capacity: String,
    pub prices: Vec<PriceLine>,
    pub active: bool,
}

impl ServiceCard {
    pub fn new(lang: Lang, l: &ServiceListing) -> Self {
        let d = &l.service.data;
        Self {
            id: l.service.id,
            title: d.title.clone(),
            summary: shorten(&d.description, 180),
            description: d.description.clone(),
            provider_id: d.provider_id,
            provider_name: l.provider_name.clone(),
            provider_kind: lang.t(l.provider_kind.name_th(), l.provider_kind.name_en()),
            unit_name: l.unit_name.clone().unwrap_or_default(),
            stages: stage_labels(lang, &d.stages),
            categories: category_labels(lang, &d.categories),
            coverage: coverage(lang, &d.coverage),
            capacity: capacity(lang, d.capacity_per_year),
            prices: d
                .prices
                .iter()
                .map(|p| PriceLine { label: p.label.clone(), amount: baht(lang, p.amount) })
                .collect(),
            active: d.active,
        }
    }
}

pub struct CertLine {
    pub kind: &'static str,
    pub number: String,
    pub expires: String,
}

pub fn certifications(lang: Lang, v: &[CertificationHeld]) -> Vec<CertLine> {
    v.iter()
        .map(|c| CertLine {
            kind: lang.t(c.kind.name_th(), c.kind.name_en()),
            number: c.number.clone(),
            expires: c.expires_on.map(|d| date(lang, d)).unwrap_or_default(),
        })
        .collect()
}

pub struct ProductLine {
    pub id: i64,
    pub name: String,
    pub category: &'static str,
    pub stars: String,
    pub stars_label: String,
    pub price: String,
}

pub fn product_line(lang: Lang, p: &Product) -> ProductLine {
    ProductLine {
        id: p.id,
        name: p.data.name.clone(),
        category: lang.t(p.data.category.name_th(), p.data.category.name_en()),
        stars: stars(p.data.stars),
        stars_label: stars_label(lang, p.data.stars),
        price: p.data.price.map(|s| baht(lang, s)).unwrap_or_default(),
    }
}

pub struct NeedLine {
    pub id: i64,
    pub text: String,
    pub status: &'static str,
    pub created: String,
    pub stages: Vec<&'static str>,
}

pub fn need_line(lang: Lang, n: &Need) -> NeedLine {
    NeedLine {
        id: n.id,
        text: n.data.text.clone(),
        status: need_status(lang, n.data.status),
        created: date(lang, n.data.created_on),
        stages: stage_labels(lang, &n.data.stages),
    }
}

/// The first `max` characters, cut at a space where possible, with "…".
pub fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max).collect();
    let cut = match cut.rfind(char::is_whitespace) {
        Some(i) if i > max / 2 => cut[..i].to_string(),
        _ => cut,
    };
    format!("{}…", cut.trim_end())
}

/// Links to the pages of a list: numbers and the query string each page needs.
pub struct Pager {
    pub page: i64,
    pub pages: i64,
    pub total: i64,
    pub prev: Option<String>,
    pub next: Option<String>,
}

impl Pager {
    /// `params` are the list's filters (empty ones dropped); `page` starts at 1.
    pub fn new(path: &str, params: &[(&str, &str)], page: i64, per_page: i64, total: i64) -> Self {
        let pages = ((total + per_page - 1) / per_page).max(1);
        let link = |p: i64| {
            let mut ser = url::form_urlencoded::Serializer::new(String::new());
            for (k, v) in params.iter().filter(|(_, v)| !v.trim().is_empty()) {
                ser.append_pair(k, v);
            }
            if p > 1 {
                ser.append_pair("page", &p.to_string());
            }
            let q = ser.finish();
            if q.is_empty() { path.to_string() } else { format!("{path}?{q}") }
        };
        Self {
            page,
            pages,
            total,
            prev: (page > 1).then(|| link(page - 1)),
            next: (page < pages).then(|| link(page + 1)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_buddhist_era() {
        let d = NaiveDate::from_ymd_opt(2027, 12, 31).unwrap();
        assert_eq!(date(Lang::Th, d), "31 ธ.ค. 2570");
        assert_eq!(date(Lang::En, d), "31 Dec 2027 (BE 2570)");
    }

    #[test]
    fn pager_keeps_filters() {
        let p = Pager::new("/services", &[("stage", "packaging"), ("q", "")], 2, 20, 45);
        assert_eq!(p.pages, 3);
        assert_eq!(p.prev.as_deref(), Some("/services?stage=packaging"));
        assert_eq!(p.next.as_deref(), Some("/services?stage=packaging&page=3"));
    }

    #[test]
    fn thai_names_sort_by_their_first_consonant() {
        let mut v = vec!["ลำพูน", "เชียงใหม่", "ชลบุรี", "กระบี่"];
        v.sort_by_cached_key(|n| sort_key(n));
        assert_eq!(v, ["กระบี่", "ชลบุรี", "เชียงใหม่", "ลำพูน"]);
        assert_eq!(count(1234567), "1,234,567");
        assert_eq!(count(0), "0");
    }

    #[test]
    fn shorten_cuts_at_a_space() {
        assert_eq!(shorten("abc def ghi", 9), "abc def…");
        assert_eq!(shorten("short", 9), "short");
    }
}
