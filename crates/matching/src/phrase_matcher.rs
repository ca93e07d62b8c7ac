//! Finds many phrases at once in normalised Thai text.
//!
//! Thai is written without spaces between words and with spaces used loosely, so phrases
//! are matched on the raw character stream, also *inside* longer words ("เงินทุน" inside
//! "เงินทุนหมุนเวียน"), and white space is ignored on both sides ("ขอ อย" = "ขออย").
//! One Aho–Corasick automaton reports every overlapping occurrence; a few cheap rules then
//! drop matches that cut a Thai syllable or an English word in two:
//!
//! 1. a match must not start right after a leading vowel (เ แ โ ใ ไ) — "สี" is not in "เสีย";
//! 2. a match must not end right before a vowel or mark that belongs to its last consonant
//!    (า ิ ี ุ ู ่ ้ ็ ์ …) — "อย" is not in "อยาก" or "อยู่";
//! 3. a match that starts or ends with a Latin letter or digit must not continue a Latin
//!    word or number — "gi" is not in "login";
//! 4. a Thai phrase of one or two characters ("อย") must stand apart: no Thai character
//!    right before or after it;
//! 5. a match must not start or end strictly inside a *protected word* from the knowledge
//!    file — "ขึ้นรา" is not in "ขึ้นราคา", "สีตก" is not in "สีตกแต่ง".

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::normalize::{is_dependent, is_leading_vowel, is_thai};

/// One occurrence of a pattern, as byte offsets into the text that was searched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RawMatch {
    pub pattern: usize,
    pub start: usize,
    pub end: usize,
}

pub(crate) struct PhraseMatcher {
    automaton: AhoCorasick,
    /// Character count of each pattern (without white space).
    pattern_chars: Vec<usize>,
    protected: Option<AhoCorasick>,
}

/// Removes white space from a phrase: the form in which phrases are matched.
pub(crate) fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

impl PhraseMatcher {
    /// `patterns` and `protected` must already be normalised and squeezed.
    pub fn new(patterns: &[String], protected: &[String]) -> Result<Self, aho_corasick::BuildError> {
        let automaton = AhoCorasickBuilder::new().match_kind(MatchKind::Standard).build(patterns)?;
        let protected = if protected.is_empty() {
            None
        } else {
            Some(AhoCorasickBuilder::new().match_kind(MatchKind::Standard).build(protected)?)
        };
        Ok(Self { automaton, pattern_chars: patterns.iter().map(|p| p.chars().count()).collect(), protected })
    }

    /// Every acceptable occurrence of every pattern, ordered by start, longest first.
    pub fn find_all(&self, text: &str) -> Vec<RawMatch> {
        // The squeezed text and, for each of its bytes, the byte offset in `text`.
        let mut squeezed = String::with_capacity(text.len());
        let mut origin: Vec<usize> = Vec::with_capacity(text.len());
        for (i, c) in text.char_indices() {
            if !c.is_whitespace() {
                squeezed.push(c);
                origin.extend(i..i + c.len_utf8());
            }
        }
        let to_original = |s: usize, e: usize| (origin[s], origin[e - 1] + 1);

        let protected: Vec<(usize, usize)> = match &self.protected {
            None => Vec::new(),
            Some(ac) => ac
                .find_overlapping_iter(&squeezed)
                .map(|m| to_original(m.start(), m.end()))
                // A protected word only counts where it is really written as one word.
                .filter(|&(s, e)| !text[s..e].contains(char::is_whitespace))
                .collect(),
        };

        let mut out: Vec<RawMatch> = self
            .automaton
            .find_overlapping_iter(&squeezed)
            .filter_map(|m| {
                let (start, end) = to_original(m.start(), m.end());
                let pattern = m.pattern().as_usize();
                self.acceptable(text, start, end, self.pattern_chars[pattern], &protected).then_some(RawMatch {
                    pattern,
                    start,
                    end,
                })
            })
            .collect();
        out.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)).then(a.pattern.cmp(&b.pattern)));
        out
    }

    fn acceptable(&self, text: &str, start: usize, end: usize, chars: usize, protected: &[(usize, usize)]) -> bool {
        let found = &text[start..end];
        let (Some(first), Some(last)) = (found.chars().next(), found.chars().next_back()) else {
            return false;
        };
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();

        // 1 and 2: do not cut a Thai syllable.
        if is_thai(first) && before.is_some_and(is_leading_vowel) {
            return false;
        }
        if is_thai(last) && after.is_some_and(is_dependent) {
            return false;
        }
        // 3: do not cut a Latin word or a number.
        let same_class = |a: char, b: char| {
            (a.is_ascii_alphabetic() && b.is_ascii_alphabetic()) || (a.is_ascii_digit() && b.is_ascii_digit())
        };
        if before.is_some_and(|b| same_class(b, first)) || after.is_some_and(|a| same_class(a, last)) {
            return false;
        }
        // 4: very short Thai phrases must stand apart.
        if chars <= 2 && is_thai(first) && (before.is_some_and(is_thai) || after.is_some_and(is_thai)) {
            return false;
        }
        // 5: not across the edge of a protected word.
        !protected.iter().any(|&(ps, pe)| (ps < start && start < pe) || (ps < end && end < pe))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher(patterns: &[&str], protected: &[&str]) -> PhraseMatcher {
        let p: Vec<String> = patterns.iter().map(|s| squeeze(s)).collect();
        let q: Vec<String> = protected.iter().map(|s| squeeze(s)).collect();
        PhraseMatcher::new(&p, &q).unwrap()
    }

    fn found<'a>(m: &PhraseMatcher, patterns: &[&'a str], text: &str) -> Vec<&'a str> {
        m.find_all(text).iter().map(|r| patterns[r.pattern]).collect()
    }

    #[test]
    fn matches_inside_longer_words_and_across_spaces() {
        let p = ["เงินทุน", "เงินทุนหมุนเวียน", "ขออย"];
        let m = matcher(&p, &[]);
        assert_eq!(found(&m, &p, "ขาดเงินทุนหมุนเวียนค่ะ"), vec!["เงินทุนหมุนเวียน", "เงินทุน"]);
        assert_eq!(found(&m, &p, "อยากขอ อย ค่ะ"), vec!["ขออย"]);
    }

    #[test]
    fn does_not_cut_thai_syllables() {
        let p = ["สี", "อย", "สีตก"];
        let m = matcher(&p, &["ตกแต่ง"]);
        assert!(found(&m, &p, "ของเสียเยอะ").is_empty());
        assert!(found(&m, &p, "อยากได้ความรู้").is_empty());
        assert!(found(&m, &p, "น้อยมาก").is_empty());
        assert_eq!(found(&m, &p, "ยังไม่มี อย เลย"), vec!["อย"]);
        assert_eq!(found(&m, &p, "ขอเลข อย"), vec!["อย"]);
        assert!(found(&m, &p, "ทาสีตกแต่งบ้าน").is_empty());
        assert_eq!(found(&m, &p, "ทา สี ตกแต่งบ้าน"), vec!["สี"]);
        assert_eq!(found(&m, &p, "ผ้าสีตกมาก"), vec!["สีตก"]);
    }

    #[test]
    fn latin_words_are_not_cut() {
        let p = ["gi", "gmp", "shelf life"];
        let m = matcher(&p, &[]);
        assert!(found(&m, &p, "login ไม่ได้").is_empty());
        assert_eq!(found(&m, &p, "อยากได้ gmp420 กับ gi"), vec!["gmp", "gi"]);
        assert_eq!(found(&m, &p, "อยากยืด shelflife"), vec!["shelf life"]);
    }
}
