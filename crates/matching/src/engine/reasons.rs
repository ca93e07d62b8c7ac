//! Why a service was ranked where it was, in words a producer and an officer can check.

use otop_domain::CoverageFit;
use otop_geo::{Region, geography};
use serde::Serialize;

use super::score::{Fit, NeedProfile};
use super::service::ServiceRecord;
use crate::KnowledgeBase;

/// Most matched words or concepts named in one reason.
const LISTED: usize = 6;

/// One reason, in Thai and English. `code` says which kind (words, concepts, coverage,
/// category, stages, capacity, feedback) for programs that read it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reason {
    pub code: &'static str,
    pub th: String,
    pub en: String,
}

impl Reason {
    fn new(code: &'static str, th: String, en: String) -> Self {
        Reason { code, th, en }
    }
}

pub fn explain<'a>(
    kb: &KnowledgeBase,
    need: &NeedProfile,
    s: &ServiceRecord,
    service_words: impl Iterator<Item = &'a str>,
    service_concepts: &[usize],
    fit: &Fit,
) -> Vec<Reason> {
    let mut out = Vec::new();
    let mut words: Vec<&str> =
        service_words.filter(|w| need.own_words.binary_search_by(|o| o.as_str().cmp(w)).is_ok()).collect();
    // Longer words say more than short ones; show those first.
    words.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
    words.truncate(LISTED);
    if !words.is_empty() {
        let list = words.join(", ");
        out.push(Reason::new("words", format!("คำที่ตรงกัน: {list}"), format!("Matching words: {list}")));
    }
    let concepts: Vec<_> = need
        .concepts
        .iter()
        .filter(|(c, _)| service_concepts.binary_search(c).is_ok())
        .take(LISTED)
        .map(|(c, _)| &kb.concepts()[*c])
        .collect();
    if !concepts.is_empty() {
        let th: Vec<&str> = concepts.iter().map(|c| c.name_th.as_str()).collect();
        let en: Vec<&str> = concepts.iter().map(|c| c.name_en.as_str()).collect();
        out.push(Reason::new(
            "concepts",
            format!("ตรงกับเรื่อง: {}", th.join(", ")),
            format!("Same topic: {}", en.join(", ")),
        ));
    }
    if let (Some(fit), Some(code)) = (fit.coverage, need.province_code) {
        out.push(coverage(fit, code));
    }
    if let (Some(c), Some(f)) = (need.explicit_category, fit.category)
        && f >= 1.0
    {
        out.push(Reason::new(
            "category",
            format!("รับผลิตภัณฑ์กลุ่ม{}", c.name_th()),
            format!("Works with {}", c.name_en().to_lowercase()),
        ));
    }
    let stages: Vec<_> =
        need.stages.iter().filter(|(st, w)| *w >= 0.5 && s.stages.contains(st)).map(|(st, _)| *st).collect();
    if !stages.is_empty() {
        let th: Vec<&str> = stages.iter().map(|st| st.name_th()).collect();
        let en: Vec<&str> = stages.iter().map(|st| st.name_en()).collect();
        out.push(Reason::new(
            "stages",
            format!("ช่วยด้าน{}", th.join(" และ")),
            format!("Helps with {}", en.join(" and ").to_lowercase()),
        ));
    }
    match fit.capacity_left {
        Some(0) => out.push(Reason::new(
            "capacity",
            "รับครบจำนวนของปีงบประมาณนี้แล้ว".into(),
            "No places left this fiscal year".into(),
        )),
        Some(n) => out.push(Reason::new(
            "capacity",
            format!("ปีงบประมาณนี้ยังรับได้อีก {n} ราย"),
            format!("{n} places left this fiscal year"),
        )),
        None => {}
    }
    if s.feedback.projects_completed > 0 {
        let n = s.feedback.projects_completed;
        out.push(Reason::new(
            "feedback",
            format!("เคยช่วยผู้ประกอบการจนสำเร็จแล้ว {n} โครงการ"),
            format!("{n} projects completed with producers"),
        ));
    }
    out
}

fn coverage(fit: CoverageFit, province_code: u8) -> Reason {
    let province = geography().province(province_code);
    let p_th = province.map_or(String::new(), |p| p.name_th.to_string());
    let p_en = province.map_or(String::new(), |p| p.name_en.to_string());
    let region: Option<Region> = province.map(|p| p.region);
    match fit {
        CoverageFit::Province => {
            Reason::new("coverage", format!("ให้บริการในจังหวัด{p_th}"), format!("Serves {p_en} province"))
        }
        CoverageFit::Region => Reason::new(
            "coverage",
            format!("ให้บริการใน{}", region.map_or("ภูมิภาคเดียวกัน", |r| r.name_th())),
            format!("Serves the {} region", region.map_or("same", |r| r.name_en())),
        ),
        CoverageFit::Nationwide => Reason::new("coverage", "ให้บริการทั่วประเทศ".into(), "Serves the whole country".into()),
        CoverageFit::Elsewhere => Reason::new(
            "coverage",
            format!("ไม่ได้ให้บริการใน{p_th} — อาจต้องเดินทางหรือขอให้ส่งต่อ"),
            format!("Does not serve {p_en} — travel or a referral may be needed"),
        ),
    }
}
