//! The list filters, as the directory page and the API receive them (text from a query
//! string), parsed once for both. Values may be codes, Thai or English names; an unknown
//! value is reported, not silently ignored.

use otop_domain::registry::parse_province;
use otop_domain::{Category, FieldError, ProviderKind, Stage, ValidationErrors};
use otop_geo::Region;
use otop_store::enterprises::EnterpriseFilter;
use otop_store::services::ServiceFilter;

/// The service filters as text.
#[derive(Debug, Default, Clone, Copy)]
pub struct ServiceFilterText<'a> {
    pub q: &'a str,
    pub stage: &'a str,
    pub category: &'a str,
    pub province: &'a str,
    pub region: &'a str,
    pub kind: &'a str,
    pub provider: &'a str,
}

fn some(v: &str) -> Option<&str> {
    let t = v.trim();
    (!t.is_empty()).then_some(t)
}

fn region(errs: &mut ValidationErrors, field: &str, v: &str) -> Option<Region> {
    let r = Region::parse(v);
    if r.is_none() {
        let codes: Vec<&str> = Region::ALL.iter().map(|r| r.code()).collect();
        errs.push(FieldError::new(
            field,
            v,
            format!("ไม่รู้จักภาค \"{v}\" — ใช้ได้: ภาคเหนือ ภาคตะวันออกเฉียงเหนือ ภาคกลาง ภาคตะวันออก ภาคตะวันตก ภาคใต้"),
            format!("Unknown region \"{v}\" — use one of: {}", codes.join(", ")),
        ));
    }
    r
}

/// The filter to query with (bad values left out) and what was wrong with the input.
pub fn service_filter(t: &ServiceFilterText<'_>) -> (ServiceFilter, ValidationErrors) {
    let mut errs = ValidationErrors::default();
    let mut f = ServiceFilter { q: some(t.q).map(str::to_string), ..Default::default() };
    if let Some(v) = some(t.stage) {
        f.stage = errs.take(Stage::parse_field("stage", v));
    }
    if let Some(v) = some(t.category) {
        f.category = errs.take(Category::parse_field("category", v));
    }
    if let Some(v) = some(t.province) {
        f.province_code = errs.take(parse_province("province", v));
    }
    if let Some(v) = some(t.region) {
        f.region = region(&mut errs, "region", v);
    }
    if let Some(v) = some(t.kind) {
        f.provider_kind = errs.take(ProviderKind::parse_field("kind", v));
    }
    if let Some(v) = some(t.provider) {
        match v.parse::<i64>() {
            Ok(id) => f.provider_id = Some(id),
            Err(_) => {
                errs.push(FieldError::new("provider_id", v, "รหัสผู้ให้บริการต้องเป็นตัวเลข", "A provider id is a number"))
            }
        }
    }
    (f, errs)
}

/// The enterprise filters as text.
#[derive(Debug, Default, Clone, Copy)]
pub struct EnterpriseFilterText<'a> {
    pub q: &'a str,
    pub province: &'a str,
    pub region: &'a str,
    pub category: &'a str,
    pub stars: &'a str,
}

pub fn enterprise_filter(t: &EnterpriseFilterText<'_>) -> (EnterpriseFilter, ValidationErrors) {
    let mut errs = ValidationErrors::default();
    let mut f = EnterpriseFilter { q: some(t.q).map(str::to_string), ..Default::default() };
    if let Some(v) = some(t.province) {
        f.province_code = errs.take(parse_province("province", v));
    }
    if let Some(v) = some(t.region) {
        f.region = region(&mut errs, "region", v);
    }
    if let Some(v) = some(t.category) {
        f.category = errs.take(Category::parse_field("category", v));
    }
    if let Some(v) = some(t.stars) {
        f.stars = errs.take(otop_domain::Stars::parse("stars", v)).map(|s| s.get());
    }
    (f, errs)
}

/// A 1-based page number from text; anything else is page 1.
pub fn page_number(v: &str) -> i64 {
    v.trim().parse::<i64>().ok().filter(|p| *p >= 1).unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_either_language_and_codes_parse() {
        let (f, errs) = service_filter(&ServiceFilterText {
            stage: "บรรจุภัณฑ์",
            category: "food",
            province: "Lamphun",
            region: "ภาคเหนือ",
            kind: "technology_clinic",
            ..Default::default()
        });
        assert!(errs.is_empty(), "{errs}");
        assert_eq!(f.stage, Some(Stage::Packaging));
        assert_eq!(f.category, Some(Category::Food));
        assert_eq!(f.province_code, Some(51));
        assert_eq!(f.region, Some(Region::North));
        assert_eq!(f.provider_kind, Some(ProviderKind::TechnologyClinic));
    }

    #[test]
    fn unknown_values_are_reported() {
        let (f, errs) = service_filter(&ServiceFilterText { stage: "x", region: "mars", ..Default::default() });
        assert_eq!(f.stage, None);
        assert!(errs.for_field("stage").is_some());
        assert!(errs.for_field("region").is_some());
        assert_eq!(page_number("0"), 1);
        assert_eq!(page_number("3"), 3);
    }
}
