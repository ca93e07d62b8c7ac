//! Function words (data/stopwords.txt) and negations (data/negations.txt), both in normalised form.

use std::collections::HashSet;
use std::sync::OnceLock;

fn set(lines: &'static str, cell: &'static OnceLock<HashSet<&'static str>>) -> &'static HashSet<&'static str> {
    cell.get_or_init(|| crate::data_lines(lines).collect())
}

/// Whether `word` (a normalised token) is a function word or polite particle that says nothing
/// about a problem or a service (ที่, และ, ของ, ครับ, ค่ะ, ได้, …). Negations are not stop-words.
pub fn is_stopword(word: &str) -> bool {
    static STOPWORDS: OnceLock<HashSet<&'static str>> = OnceLock::new();
    set(include_str!("../data/stopwords.txt"), &STOPWORDS).contains(word)
}

/// Whether `word` (a normalised token) negates what follows (ไม่, ไม่มี, ยังไม่, ปราศจาก, …):
/// "ไม่มีบริษัท" is not about a company, so callers may want to treat what follows differently.
pub fn is_negation(word: &str) -> bool {
    static NEGATIONS: OnceLock<HashSet<&'static str>> = OnceLock::new();
    set(include_str!("../data/negations.txt"), &NEGATIONS).contains(word)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize;

    #[test]
    fn negation_is_flagged_not_dropped() {
        assert!(is_negation("ไม่"));
        assert!(!is_stopword("ไม่"));
        assert!(is_stopword("ครับ"));
        assert!(!is_negation("ครับ"));
        assert!(!is_stopword("บรรจุภัณฑ์"));
    }

    #[test]
    fn lists_are_normalised_and_disjoint() {
        let lines = |text| crate::data_lines(text).collect::<Vec<_>>();
        let stopwords = lines(include_str!("../data/stopwords.txt"));
        let negations = lines(include_str!("../data/negations.txt"));
        for word in stopwords.iter().chain(&negations) {
            assert_eq!(normalize(word), *word);
        }
        assert!(stopwords.iter().all(|w| !negations.contains(w)));
    }
}
