//! What the match page and the match API share: a need as typed (text fields, checked by
//! [`MatchDraft::validate`]), ranked with the state's matcher, and the services ranked loaded
//! from the database; and the matched words of a text, for highlighting.

use std::collections::{HashMap, HashSet};

use otop_domain::registry::{parse_province, split_list};
use otop_domain::{Category, FieldError, Stage, ValidationErrors};
use otop_matching::{NeedQuery, Reason};
use otop_store::services::ServiceListing;
use serde::{Deserialize, Serialize};

use crate::AppState;
use crate::error::WebError;

/// Services shown when the caller does not say how many.
pub const DEFAULT_TOP: usize = 10;
/// Most services one request may ask for.
pub const MAX_TOP: usize = 50;
/// Shortest problem text worth ranking ("ขึ้นรา" has six characters, "ฉลาก" four).
pub const MIN_TEXT: usize = 4;
/// Longest problem text, as for a stored need.
pub const MAX_TEXT: usize = 4000;
const MAX_PRODUCT: usize = 200;

/// A need as typed on the page or sent to the API: every field is text.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MatchDraft {
    pub text: String,
    /// Province name (Thai or English) or two-digit code.
    pub province: String,
    /// Category code or name.
    pub category: String,
    pub product: String,
    /// Stage codes or names, comma-separated.
    pub stages: String,
    /// How many services, 1 to [`MAX_TOP`]; empty means [`DEFAULT_TOP`].
    pub top: String,
}

fn example_th() -> &'static str {
    "เช่น \"ลำไยอบแห้งเก็บไว้ไม่นานก็ขึ้นรา\" หรือ \"ผ้ามัดย้อมซักแล้วสีตก\""
}

fn example_en() -> &'static str {
    "e.g. \"our dried longan goes mouldy soon after packing\" or \"the tie-dye colour runs in the wash\""
}

impl MatchDraft {
    /// The need to rank and how many services to return, or every field to fix.
    pub fn validate(&self) -> Result<(NeedQuery, usize), ValidationErrors> {
        let mut errs = ValidationErrors::default();
        let text = self.text.trim();
        let letters = text.chars().filter(|c| !c.is_whitespace()).count();
        if letters == 0 {
            errs.push(FieldError::new(
                "text",
                &self.text,
                format!("พิมพ์ปัญหาที่พบด้วยคำของท่านเอง ว่าเกิดอะไรขึ้นกับสินค้าหรือการผลิต {}", example_th()),
                format!(
                    "Type the problem in your own words: what goes wrong with the product or its making, {}",
                    example_en()
                ),
            ));
        } else if letters < MIN_TEXT {
            errs.push(FieldError::new(
                "text",
                &self.text,
                format!("สั้นเกินไป — เล่าเพิ่มอีกนิดว่าสินค้าคืออะไรและเกิดปัญหาอะไร {}", example_th()),
                format!("Too short — say a little more: what the product is and what goes wrong, {}", example_en()),
            ));
        } else if text.chars().count() > MAX_TEXT {
            errs.push(FieldError::new(
                "text",
                "",
                "ยาวเกินไป: ไม่เกิน 4,000 ตัวอักษร — เล่าเฉพาะปัญหาหลัก",
                "Too long: at most 4,000 characters — describe the main problem only",
            ));
        }
        let province_code = some(&self.province).and_then(|v| errs.take(parse_province("province", v)));
        let category = some(&self.category).and_then(|v| errs.take(Category::parse_field("category", v)));
        let product = some(&self.product).map(str::to_string);
        if product.as_ref().is_some_and(|p| p.chars().count() > MAX_PRODUCT) {
            errs.push(FieldError::new(
                "product",
                "",
                "ชื่อสินค้ายาวเกินไป: ไม่เกิน 200 ตัวอักษร",
                "The product name is too long: at most 200 characters",
            ));
        }
        let mut stages = Vec::new();
        for s in split_list(&self.stages) {
            if let Some(st) = errs.take(Stage::parse_field("stages", s)) {
                stages.push(st);
            }
        }
        stages.sort();
        stages.dedup();
        let top = match some(&self.top) {
            None => DEFAULT_TOP,
            Some(v) => match v.parse::<usize>() {
                Ok(n) if (1..=MAX_TOP).contains(&n) => n,
                _ => {
                    errs.push(FieldError::new(
                        "top",
                        v,
                        format!("จำนวนบริการต้องเป็นตัวเลข 1 ถึง {MAX_TOP}"),
                        format!("top must be a whole number from 1 to {MAX_TOP}"),
                    ));
                    DEFAULT_TOP
                }
            },
        };
        errs.into_result(|| {
            let need = NeedQuery { text: text.to_string(), province_code, category, product, stages };
            (need, top)
        })
    }
}

fn some(v: &str) -> Option<&str> {
    let t = v.trim();
    (!t.is_empty()).then_some(t)
}

/// One service ranked for a need.
pub struct Found {
    pub listing: ServiceListing,
    pub score: f32,
    pub reasons: Vec<Reason>,
}

/// The `top` open services that best answer `need`, best first. A service withdrawn or
/// deleted since the index last heard of it is left out.
pub async fn rank(state: &AppState, need: &NeedQuery, top: usize) -> Result<Vec<Found>, WebError> {
    // A millisecond or so of CPU: not worth a blocking thread.
    let ranked = state.matcher.rank(need, top).map_err(WebError::internal)?;
    let ids: Vec<i64> = ranked.iter().filter_map(|r| r.key.parse().ok()).collect();
    let mut listings: HashMap<i64, ServiceListing> =
        state.store.services_by_ids(&ids).await?.into_iter().map(|l| (l.service.id, l)).collect();
    let mut found = Vec::with_capacity(ranked.len());
    for r in ranked {
        let Some(listing) = r.key.parse::<i64>().ok().and_then(|id| listings.remove(&id)) else { continue };
        if listing.service.data.active {
            found.push(Found { listing, score: r.score, reasons: r.reasons });
        }
    }
    Ok(found)
}

/// The need's own words as the matcher reads them (segmented, normalised, stop-words out).
pub fn need_words(state: &AppState, need: &NeedQuery) -> HashSet<String> {
    state.matcher.profile(need).own_words.into_iter().collect()
}

/// A piece of text, marked when it is one of the need's words.
pub struct Piece {
    pub text: String,
    pub marked: bool,
}

/// `text` cut into pieces, the words in `words` marked: segmented as the matcher segments,
/// so "ลำไย" is marked in "ลำไยอบแห้ง" but not inside an unrelated word.
pub fn marked(text: &str, words: &HashSet<String>) -> Vec<Piece> {
    let mut ranges: Vec<(usize, usize)> = otop_thai::Segmenter::shared()
        .index_tokens(text)
        .into_iter()
        .filter(|t| words.contains(&t.text))
        .filter(|t| t.start < t.end && text.is_char_boundary(t.start) && text.is_char_boundary(t.end))
        .map(|t| (t.start, t.end.min(text.len())))
        .collect();
    ranges.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (s, e) in ranges {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    let mut out = Vec::new();
    let mut at = 0;
    for (s, e) in merged {
        if s > at {
            out.push(Piece { text: text[at..s].to_string(), marked: false });
        }
        out.push(Piece { text: text[s..e].to_string(), marked: true });
        at = e;
    }
    if at < text.len() {
        out.push(Piece { text: text[at..].to_string(), marked: false });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(text: &str) -> MatchDraft {
        MatchDraft { text: text.into(), ..Default::default() }
    }

    #[test]
    fn a_good_need_is_read_with_its_choices() {
        let d = MatchDraft {
            text: "  ลำไยอบแห้งขึ้นรา ".into(),
            province: "Lamphun".into(),
            category: "อาหาร".into(),
            product: "ลำไยอบแห้ง".into(),
            stages: "packaging, บรรจุภัณฑ์\nstandards".into(),
            top: "5".into(),
        };
        let (need, top) = d.validate().unwrap();
        assert_eq!(need.text, "ลำไยอบแห้งขึ้นรา");
        assert_eq!(need.province_code, Some(51));
        assert_eq!(need.category, Some(Category::Food));
        assert_eq!(need.product.as_deref(), Some("ลำไยอบแห้ง"));
        let mut stages = vec![Stage::Standards, Stage::Packaging];
        stages.sort();
        assert_eq!(need.stages, stages);
        assert_eq!(top, 5);
        assert_eq!(draft("ฉลาก").validate().unwrap().1, DEFAULT_TOP);
    }

    #[test]
    fn bad_input_names_every_field() {
        for text in ["", "   ", "รา"] {
            let errs = draft(text).validate().unwrap_err();
            let e = errs.for_field("text").unwrap();
            assert!(e.message.th.contains("ลำไยอบแห้ง") && e.message.en.contains("e.g."), "{text:?}");
        }
        let bad = MatchDraft {
            text: "ลำไยขึ้นรา".into(),
            province: "Atlantis".into(),
            category: "rocket".into(),
            stages: "x".into(),
            top: "51".into(),
            ..Default::default()
        };
        let errs = bad.validate().unwrap_err();
        for f in ["province", "category", "stages", "top"] {
            assert!(errs.for_field(f).is_some(), "{f}");
        }
        assert!(draft("ลำไยขึ้นรา").validate().is_ok());
        let zero = MatchDraft { top: "0".into(), ..draft("ลำไยขึ้นรา") };
        assert!(zero.validate().is_err());
    }

    #[test]
    fn matched_words_are_marked_whole() {
        let words: HashSet<String> = ["ลำไย".to_string(), "รา".to_string()].into();
        let pieces = marked("อบแห้งลำไยไม่ให้ขึ้นรา", &words);
        let text: String = pieces.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(text, "อบแห้งลำไยไม่ให้ขึ้นรา");
        let hits: Vec<&str> = pieces.iter().filter(|p| p.marked).map(|p| p.text.as_str()).collect();
        assert!(hits.contains(&"ลำไย"), "{hits:?}");
        assert!(marked("", &words).is_empty());
        let plain = marked("no match here", &words);
        assert_eq!(plain.len(), 1);
        assert!(!plain[0].marked);
    }
}
