//! Thai abbreviations are written with dots (อ.ย., ม.ผ.ช.), with a final dot only (มผช.) or
//! with none (มอก); all of them become the dotless form so the three spellings find each other.

use std::sync::OnceLock;

use crate::thai_char::{is_consonant, is_word_char};

fn known() -> &'static [&'static str] {
    static KNOWN: OnceLock<Vec<&'static str>> = OnceLock::new();
    KNOWN.get_or_init(|| crate::data_lines(include_str!("../data/abbreviations.txt")).collect())
}

/// End (byte offset) of a dotted abbreviation starting at `start` (the next character starting
/// at `next`): two or more single consonants, each followed by a dot, the last dot optional
/// (อ.ย. ม.ผ.ช. อ.ย). A letter with a vowel or mark after it is the start of a word (จ.ยะลา),
/// which ends the abbreviation.
pub(crate) fn dotted_end(input: &str, start: usize, next: usize) -> Option<usize> {
    if input.as_bytes().get(next) != Some(&b'.') {
        return None;
    }
    let mut end = start;
    let mut letters = 0;
    while let Some(c) = input[end..].chars().next().filter(|&c| is_consonant(c)) {
        let after = end + c.len_utf8();
        match input[after..].chars().next() {
            Some('.') => end = after + 1,
            next if letters > 0 && !next.is_some_and(is_word_char) => end = after,
            _ => break,
        }
        letters += 1;
        if end == after {
            break;
        }
    }
    (letters >= 2).then_some(end)
}

/// Whether a dot written after `text` closes an abbreviation: a known one (glued or not), or
/// two to four lone consonants after a space or at the start (กทม. อบต.).
pub(crate) fn ends_with_abbreviation(text: &str) -> bool {
    if known().iter().any(|a| text.ends_with(a)) {
        return true;
    }
    let consonants = text.chars().rev().take_while(|&c| is_consonant(c)).count();
    let before = text.chars().rev().nth(consonants);
    (2..=4).contains(&consonants) && !before.is_some_and(is_word_char)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn joined(input: &str) -> Option<&str> {
        let next = input.chars().next().map_or(0, char::len_utf8);
        dotted_end(input, 0, next).map(|end| &input[..end])
    }

    #[test]
    fn single_letters_with_dots_form_an_abbreviation() {
        assert_eq!(joined("อ.ย. แล้ว"), Some("อ.ย."));
        assert_eq!(joined("ม.ผ.ช.และ"), Some("ม.ผ.ช."));
        assert_eq!(joined("ม.อ.ก"), Some("ม.อ.ก"));
        assert_eq!(joined("อ.ย ครับ"), Some("อ.ย"));
    }

    #[test]
    fn a_letter_starting_a_word_is_not_part_of_it() {
        assert_eq!(joined("จ.ยะลา"), None);
        assert_eq!(joined("อ.เมือง"), None);
        assert_eq!(joined("ต.บ้านใหม่"), None);
        assert_eq!(joined("ม.3"), None);
        assert_eq!(joined("อ.ยแล้ว"), None);
        assert_eq!(joined("ก.ค.2569"), Some("ก.ค."));
    }

    #[test]
    fn a_final_dot_closes_known_and_standalone_abbreviations() {
        assert!(ends_with_abbreviation("ได้รับมผช"));
        assert!(ends_with_abbreviation("เลข อย"));
        assert!(ends_with_abbreviation("ของ กทม"));
        assert!(ends_with_abbreviation("อบต"));
        assert!(!ends_with_abbreviation("ครับ"));
        assert!(!ends_with_abbreviation("เวลา 9.30 น"));
        assert!(!ends_with_abbreviation("สวัสดี"));
    }
}
