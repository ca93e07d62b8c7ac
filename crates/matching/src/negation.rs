//! Is a phrase found in a need negated ("ไม่มีปัญหาเรื่องรา") or is it the need itself
//! ("ยังไม่มี อย")? A deliberately small rule, the same for every concept.
//!
//! **Cue before the phrase.** Look for a negation cue that starts before the phrase, in the
//! same clause and close to it:
//! - the cue must end at most 10 characters before the phrase, not counting filler words
//!   (เรื่อง, ปัญหา, การ, ความ, ด้าน, เลย, particles …); across a space only filler words may
//!   stand between them ("ยังไม่มี อย" counts, "ไม่มีตลาด ขึ้นราด้วย" does not);
//! - no clause break between them (แต่, เพราะ, ส่วน, ทำให้, จึง, punctuation);
//! - a cue may overlap the start of the phrase ("ไม่มีรา" where the phrase is "มีรา"),
//!   but a phrase that itself begins with the negation ("ไม่มีเงินทุน") is not negated by it;
//! - of several cues the one ending closest to the phrase wins, then the longest.
//!
//! Two kinds of cue:
//! - *refusal* — ไม่มีปัญหา, ไม่เป็นปัญหา, ไม่ใช่, ไม่ได้เป็น, ไม่ต้อง(การ), ไม่สนใจ, ไม่อยาก,
//!   ไม่จำเป็น, ไม่เกี่ยวกับ …: negates every concept;
//! - *lack* — ไม่มี, ยังไม่มี, ไม่ได้, ยังไม่ได้, ยังไม่, ขาด, ไม่เคย, ไม่ค่อย(มี) …: negates a
//!   concept of kind `problem` ("ไม่มีรา" = no mould), but **not** a concept of kind
//!   `requirement` (certification, loan, machine, skill, channel …), where lacking the thing
//!   is exactly the need ("ยังไม่มี อย", "ขาดเงินทุน", "ไม่มีเครื่องซีล").
//!
//! A cue that is a goal is not a negation: "ให้" right before it ("อยากให้ไม่มีมอด") or
//! right after it ("ไม่อยากให้สีตก").
//!
//! **Cue after the phrase.** "สีตกไม่มีปัญหา", "เรื่องรสชาติ ไม่เป็นปัญหา": the phrase is
//! followed (after at most one space) by ไม่มีปัญหา / ไม่เป็นปัญหา / ไม่ใช่ปัญหา / ดีอยู่แล้ว …
//! → negated, unless "อื่น" follows ("ไม่มีปัญหาอื่น" speaks of other things).
//!
//! **Already has it.** For a `requirement` concept, "มี / ได้ / ได้รับ / ผ่าน" right before the
//! phrase and "แล้ว" right after it ("ได้ มผช แล้ว", "มี อย แล้ว") → negated: it is not needed.

use std::ops::Range;

use crate::knowledge::ConceptKind;

const REFUSAL_CUES: &[&str] = &[
    "ไม่มีปัญหา",
    "ไม่ค่อยมีปัญหา",
    "ไม่เคยมีปัญหา",
    "ไม่เป็นปัญหา",
    "ไม่ใช่ปัญหา",
    "ไม่ใช่",
    "ไม่ได้เป็น",
    "ไม่ต้องการ",
    "ไม่ได้ต้องการ",
    "ไม่ต้อง",
    "ไม่สนใจ",
    "ไม่อยาก",
    "ไม่จำเป็น",
    "ไม่เกี่ยวกับ",
    "ไม่เน้น",
];

const LACK_CUES: &[&str] =
    &["ไม่มี", "ยังไม่มี", "ไม่ได้", "ยังไม่ได้", "ยังไม่ได้เป็น", "ยังไม่ใช่", "ยังไม่", "ขาด", "ไม่เคย", "ยังไม่เคย", "ไม่ค่อยมี", "ไม่ค่อย"];

/// Words that may stand between a cue and its phrase without breaking the link.
const FILLERS: &[&str] = &[
    "ปัญหา",
    "เรื่อง",
    "อาการ",
    "ความ",
    "การ",
    "ด้าน",
    "ทาง",
    "เลย",
    "ค่ะ",
    "คะ",
    "ครับ",
    "นะ",
    "จ้า",
    "จ้ะ",
    "หรอก",
    "อะไร",
    "ใดๆ",
    "ใด",
    "ที่",
    "ของ",
    "ก็",
];

const CLAUSE_BREAKS: &[&str] = &["แต่", "เพราะ", "ส่วน", "ทำให้", "จึง", ",", ";", "!", "?", "(", ")", "\n", "|"];

const AFTER_CUES: &[&str] =
    &["ไม่มีปัญหา", "ไม่ค่อยมีปัญหา", "ไม่เคยมีปัญหา", "ไม่เป็นปัญหา", "ไม่ใช่ปัญหา", "ไม่ได้เป็นปัญหา", "ดีอยู่แล้ว", "โอเคอยู่แล้ว"];

const HAVE_WORDS: &[&str] = &["ได้รับ", "มี", "ได้", "ผ่าน"];

/// How far back (in bytes) cues are looked for; 40 Thai characters.
const WINDOW: usize = 120;
const MAX_GAP_CHARS: usize = 10;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Cue {
    Refusal,
    Lack,
}

/// Whether the phrase found at `span` of `text` is negated, for a concept of `kind`.
pub(crate) fn is_negated(text: &str, span: Range<usize>, kind: ConceptKind) -> bool {
    if let Some(cue) = cue_before(text, &span) {
        match cue {
            Cue::Refusal => return true,
            Cue::Lack if kind == ConceptKind::Problem => return true,
            Cue::Lack => {}
        }
    }
    if cue_after(text, span.end) {
        return true;
    }
    kind == ConceptKind::Requirement && already_has(text, &span)
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn cue_before(text: &str, span: &Range<usize>) -> Option<Cue> {
    let from = floor_char_boundary(text, span.start.saturating_sub(WINDOW));
    let region = &text[from..span.end];
    // Every cue contains ไม่ or ขาด: most texts have neither near the phrase.
    if !region.contains("ไม่") && !region.contains("ขาด") {
        return None;
    }
    // (end, length, start, kind) of the best cue so far.
    let mut best: Option<(usize, usize, usize, Cue)> = None;
    for (cues, cue) in [(REFUSAL_CUES, Cue::Refusal), (LACK_CUES, Cue::Lack)] {
        for word in cues {
            for (at, _) in region.match_indices(word) {
                let (cs, ce) = (from + at, from + at + word.len());
                if cs >= span.start {
                    continue;
                }
                // A cue reaching into the phrase only counts if its negating part lies before it.
                if ce > span.start {
                    let inside = &text[span.start..ce];
                    if inside.contains("ไม่") || inside.contains("ขาด") {
                        continue;
                    }
                }
                let key = (ce.min(span.start), word.len());
                if best.is_none_or(|(be, bl, _, _)| key > (be, bl)) {
                    best = Some((key.0, key.1, cs, cue));
                }
            }
        }
    }
    let (ce, _, cs, cue) = best?;
    let between = &text[ce..span.start];
    if CLAUSE_BREAKS.iter().any(|b| between.contains(b)) {
        return None;
    }
    // A goal, not a negation: "อยากให้ไม่มีมอด", "ไม่อยากให้สีตก".
    if text[..cs].trim_end().ends_with("ให้") || between.trim_start().starts_with("ให้") {
        return None;
    }
    let mut rest = between.to_string();
    for f in FILLERS {
        rest = rest.replace(f, "");
    }
    let close = if between.contains(char::is_whitespace) {
        rest.trim().is_empty()
    } else {
        rest.chars().count() <= MAX_GAP_CHARS
    };
    close.then_some(cue)
}

fn cue_after(text: &str, end: usize) -> bool {
    let after = text[end..].strip_prefix(' ').unwrap_or(&text[end..]);
    AFTER_CUES.iter().any(|c| after.strip_prefix(c).is_some_and(|rest| !rest.trim_start().starts_with("อื่น")))
}

fn already_has(text: &str, span: &Range<usize>) -> bool {
    let before = text[..span.start].strip_suffix(' ').unwrap_or(&text[..span.start]);
    let after = text[span.end..].strip_prefix(' ').unwrap_or(&text[span.end..]);
    if !after.starts_with("แล้ว") {
        return false;
    }
    HAVE_WORDS.iter().any(|w| {
        before.strip_suffix(w).is_some_and(|prefix| {
            let prefix = prefix.trim_end();
            !(prefix.ends_with("ไม่") || prefix.ends_with("ไม่ค่อย") || prefix.ends_with("ยัง"))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ConceptKind::{Problem, Requirement};

    fn neg(text: &str, phrase: &str, kind: ConceptKind) -> bool {
        let start = text.rfind(phrase).unwrap_or_else(|| panic!("{phrase} not in {text}"));
        is_negated(text, start..start + phrase.len(), kind)
    }

    #[test]
    fn lacking_a_requirement_is_a_need() {
        assert!(!neg("ยังไม่มี อย เลยค่ะ", "อย", Requirement));
        assert!(!neg("ขาดเงินทุนหมุนเวียน", "เงินทุน", Requirement));
        assert!(!neg("ไม่มีเงินซื้อเครื่องอบ", "เครื่องอบ", Requirement));
        assert!(!neg("ไม่มีความรู้เรื่องการทำบัญชี", "ทำบัญชี", Requirement));
        assert!(!neg("ไม่มีเงินทุน", "ไม่มีเงินทุน", Requirement));
    }

    #[test]
    fn lacking_a_problem_is_no_problem() {
        assert!(neg("ไม่มีรา", "มีรา", Problem));
        assert!(neg("ยังไม่ขึ้นรานะ", "ขึ้นรา", Problem));
        assert!(neg("ไม่มีปัญหาเรื่องขึ้นรา", "ขึ้นรา", Problem));
        assert!(neg("ไม่มีปัญหาเรื่อง สีตก", "สีตก", Problem));
    }

    #[test]
    fn refusals_negate_everything() {
        assert!(neg("ไม่ต้องการกู้เงิน", "กู้เงิน", Requirement));
        assert!(neg("ไม่สนใจขายออนไลน์", "ขายออนไลน์", Requirement));
        assert!(neg("ไม่ใช่เรื่องบรรจุภัณฑ์", "บรรจุภัณฑ์", Requirement));
    }

    #[test]
    fn goals_and_other_clauses_are_not_negations() {
        assert!(!neg("ทำยังไงให้ไม่มีมอด", "มอด", Problem));
        assert!(!neg("ไม่อยากให้สีตก", "สีตก", Problem));
        assert!(!neg("ไม่มีปัญหาเรื่องรสชาติ แต่ขึ้นราเร็ว", "ขึ้นรา", Problem));
        assert!(!neg("ไม่มีตลาด ขึ้นราด้วย", "ขึ้นรา", Problem));
        assert!(!neg("เก็บได้นาน ไม่ขึ้นรา", "ขึ้นรา", Problem));
    }

    #[test]
    fn cues_after_the_phrase() {
        assert!(neg("สีตกไม่มีปัญหา แต่ทอช้า", "สีตก", Problem));
        assert!(!neg("ขึ้นรา ไม่มีปัญหาอื่น", "ขึ้นรา", Problem));
        assert!(neg("ได้ มผช แล้ว อยากได้ อย", "มผช", Requirement));
        assert!(!neg("ได้ มผช แล้ว อยากได้ อย", "อย", Requirement));
        assert!(!neg("ยื่น อย แล้วไม่ผ่าน", "อย", Requirement));
    }
}
