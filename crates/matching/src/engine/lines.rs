//! Services and needs as one JSON object a line, the form of the matching benchmark
//! (`services.jsonl`, `needs-*.jsonl`): provinces by Thai name, regions by code. Fields
//! other tools add (a need's source, a note) are ignored, not refused.

use otop_domain::{Category, Coverage, ProviderKind, Stage};
use otop_geo::{Region, geography};
use serde::Deserialize;

use super::service::{Feedback, NeedQuery, ServiceRecord};

/// A line that could not be read, with what to fix in Thai and English.
#[derive(Debug, Clone, PartialEq)]
pub struct LineError {
    pub line: usize,
    pub field: String,
    pub value: String,
    pub th: String,
    pub en: String,
}

impl std::fmt::Display for LineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "บรรทัด {} ({}: \"{}\"): {} / line {}: {}",
            self.line, self.field, self.value, self.th, self.line, self.en
        )
    }
}

#[derive(Deserialize)]
struct ServiceLine {
    id: String,
    provider: String,
    #[serde(default)]
    kind: Option<String>,
    title: String,
    description: String,
    #[serde(default)]
    stages: Vec<String>,
    #[serde(default)]
    categories: Vec<String>,
    coverage: CoverageLine,
    #[serde(default)]
    capacity_left: Option<u32>,
}

#[derive(Deserialize)]
struct CoverageLine {
    #[serde(default)]
    nationwide: bool,
    #[serde(default)]
    regions: Vec<String>,
    #[serde(default)]
    provinces: Vec<String>,
}

#[derive(Deserialize)]
struct NeedLine {
    id: String,
    text: String,
    #[serde(default)]
    province: Option<String>,
    #[serde(default)]
    category: Option<String>,
    #[serde(default)]
    product: Option<String>,
    #[serde(default)]
    stages: Vec<String>,
}

/// A need with the caller's id for it.
#[derive(Debug, Clone, PartialEq)]
pub struct NeedLineRecord {
    pub id: String,
    pub need: NeedQuery,
}

fn err(line: usize, field: &str, value: &str, th: impl Into<String>, en: impl Into<String>) -> LineError {
    LineError { line, field: field.into(), value: value.into(), th: th.into(), en: en.into() }
}

fn json_error(line: usize, e: serde_json::Error) -> LineError {
    err(
        line,
        "json",
        "",
        format!("อ่าน JSON ไม่ได้ ({e}) — แต่ละบรรทัดต้องเป็นออบเจ็กต์ JSON หนึ่งรายการ"),
        format!("Not valid JSON ({e}) — each line must be one JSON object"),
    )
}

pub fn province_code(line: usize, field: &str, name: &str) -> Result<u8, LineError> {
    geography().province_by_name(name.trim()).map(|p| p.code).ok_or_else(|| {
        err(
            line,
            field,
            name,
            "ไม่พบจังหวัดนี้ — ใช้ชื่อจังหวัดภาษาไทย เช่น ลำพูน หรือ นครราชสีมา",
            "Unknown province — use the Thai province name, e.g. ลำพูน or นครราชสีมา",
        )
    })
}

fn stages(line: usize, values: &[String]) -> Result<Vec<Stage>, LineError> {
    values
        .iter()
        .map(|v| {
            Stage::parse(v).ok_or_else(|| {
                err(
                    line,
                    "stages",
                    v,
                    "ไม่รู้จักขั้นของห่วงโซ่คุณค่านี้ — ใช้ raw_material, product_innovation, production_process, standards, packaging, machinery, finance หรือ marketing",
                    "Unknown value-chain stage — use raw_material, product_innovation, production_process, standards, packaging, machinery, finance or marketing",
                )
            })
        })
        .collect()
}

fn category(line: usize, field: &str, v: &str) -> Result<Category, LineError> {
    Category::parse(v).ok_or_else(|| {
        err(
            line,
            field,
            v,
            "ไม่รู้จักกลุ่มผลิตภัณฑ์นี้ — ใช้ food, beverage, textile, decor_souvenir หรือ herbal_non_food",
            "Unknown product category — use food, beverage, textile, decor_souvenir or herbal_non_food",
        )
    })
}

/// Reads one service line (`line` counts from 1, for messages).
pub fn service_from_line(line: usize, text: &str) -> Result<ServiceRecord, LineError> {
    let s: ServiceLine = serde_json::from_str(text).map_err(|e| json_error(line, e))?;
    if s.id.trim().is_empty() {
        return Err(err(line, "id", "", "ต้องมีรหัสบริการ (id)", "The service needs an id"));
    }
    if s.title.trim().is_empty() {
        return Err(err(line, "title", "", "ต้องมีชื่อบริการ (title)", "The service needs a title"));
    }
    let kind = match s.kind.as_deref() {
        None | Some("") => None,
        Some(k) => Some(ProviderKind::parse(k).ok_or_else(|| {
            err(
                line,
                "kind",
                k,
                "ไม่รู้จักประเภทผู้ให้บริการนี้ — ใช้ agency, technology_clinic, kbo_network, standards_body, private_expert หรือ bank",
                "Unknown provider kind — use agency, technology_clinic, kbo_network, standards_body, private_expert or bank",
            )
        })?),
    };
    let c = &s.coverage;
    let coverage = match (c.nationwide, c.regions.is_empty(), c.provinces.is_empty()) {
        (true, true, true) => Coverage::Nationwide,
        (false, false, true) => Coverage::Regions(
            c.regions
                .iter()
                .map(|r| {
                    Region::parse(r).ok_or_else(|| {
                        err(
                            line,
                            "coverage.regions",
                            r,
                            "ไม่รู้จักภาคนี้ — ใช้ north, northeast, central, east, west หรือ south",
                            "Unknown region — use north, northeast, central, east, west or south",
                        )
                    })
                })
                .collect::<Result<_, _>>()?,
        ),
        (false, true, false) => Coverage::Provinces(
            c.provinces.iter().map(|p| province_code(line, "coverage.provinces", p)).collect::<Result<_, _>>()?,
        ),
        _ => {
            return Err(err(
                line,
                "coverage",
                "",
                "พื้นที่ให้บริการต้องระบุอย่างใดอย่างหนึ่ง: {\"nationwide\": true} หรือ {\"regions\": [...]} หรือ {\"provinces\": [...]}",
                "Coverage must be exactly one of {\"nationwide\": true}, {\"regions\": [...]} or {\"provinces\": [...]}",
            ));
        }
    };
    Ok(ServiceRecord {
        key: s.id,
        provider: s.provider,
        kind,
        title: s.title,
        description: s.description,
        stages: stages(line, &s.stages)?,
        categories: s.categories.iter().map(|v| category(line, "categories", v)).collect::<Result<_, _>>()?,
        coverage,
        capacity_left: s.capacity_left,
        feedback: Feedback::default(),
    })
}

/// Reads one need line.
pub fn need_from_line(line: usize, text: &str) -> Result<NeedLineRecord, LineError> {
    let n: NeedLine = serde_json::from_str(text).map_err(|e| json_error(line, e))?;
    if n.id.trim().is_empty() {
        return Err(err(line, "id", "", "ต้องมีรหัสความต้องการ (id)", "The need needs an id"));
    }
    if n.text.trim().is_empty() {
        return Err(err(line, "text", "", "ต้องมีข้อความปัญหา (text)", "The need has no text — write the problem"));
    }
    let province_code = match n.province.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(p) => Some(province_code(line, "province", p)?),
    };
    let category = match n.category.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(c) => Some(category(line, "category", c)?),
    };
    Ok(NeedLineRecord {
        id: n.id,
        need: NeedQuery {
            text: n.text,
            province_code,
            category,
            product: n.product.filter(|p| !p.trim().is_empty()),
            stages: stages(line, &n.stages)?,
        },
    })
}

/// Reads every line of a JSONL text; blank lines are skipped. All bad lines are reported.
pub fn read_lines<T>(
    text: &str,
    parse: impl Fn(usize, &str) -> Result<T, LineError>,
) -> Result<Vec<T>, Vec<LineError>> {
    let mut ok = Vec::new();
    let mut errors = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line_text = line.trim();
        if line_text.is_empty() {
            continue;
        }
        match parse(i + 1, line_text.trim_start_matches('\u{feff}')) {
            Ok(v) => ok.push(v),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() { Ok(ok) } else { Err(errors) }
}
