//! Where PyThaiNLP 5.4's `word_tokenize(engine="newmm")` differs from nlpo3 1.4's newmm, so that
//! [`crate::Segmenter::words`] gives the same words as Python tools.

use std::sync::OnceLock;

use regex::Regex;
use rustc_hash::FxHashSet;

use crate::thai_char::{digit_to_ascii, is_thai};

/// A character PyThaiNLP 5 ends an unknown Thai word at and reads runs of as one word
/// (`[^\u0E00-\u0E7F \t\r\n]+` in its newmm), but nlpo3 does not: neither Thai, white space,
/// nor one of the Latin letters, hyphen and digits that both treat alike.
fn is_symbol(c: char) -> bool {
    !is_thai(c) && !matches!(c, ' ' | '\t' | '\r' | '\n' | '-' | 'a'..='z' | 'A'..='Z' | '0'..='9')
}

/// The dictionary words with a symbol in them (มอก., ก.ค.): newmm reaches them through the
/// dictionary, where both implementations agree.
pub(crate) fn words_with_symbols(words: &'static str) -> FxHashSet<&'static str> {
    words.lines().map(str::trim).filter(|w| w.chars().any(is_symbol)).collect()
}

/// PyThaiNLP 5's newmm words of `text`, given nlpo3's newmm (`newmm(text, ends)` appends the byte
/// offsets where its words of `text` end). Both run the same algorithm and differ only where
/// nlpo3 gives an out-of-dictionary word that PyThaiNLP ends elsewhere: a run of symbols is one
/// word for PyThaiNLP (/GMP, @example.com), and an unknown Thai word stops at the first symbol
/// (ผ|.|ช|. where nlpo3 gives ผ.ช.). After such a word newmm starts afresh, so the rest is
/// segmented again from there. The words are slices of `text`.
pub(crate) fn newmm_as_pythainlp<'t>(
    text: &'t str,
    newmm: impl Fn(&str, &mut Vec<usize>),
    words_with_symbols: &FxHashSet<&str>,
) -> Vec<&'t str> {
    let mut words = Vec::new();
    let mut rest = text;
    let mut ends = Vec::new();
    'segment: while !rest.is_empty() {
        ends.clear();
        newmm(rest, &mut ends);
        let mut start = 0;
        for &end in &ends {
            let word = &rest[start..end];
            if let Some(end) = pythainlp_end(rest, start, word, words_with_symbols) {
                words.push(&rest[start..end]);
                rest = &rest[end..];
                continue 'segment;
            }
            start = end;
            words.push(word);
        }
        break;
    }
    words
}

/// Where PyThaiNLP ends the word that nlpo3 gave as `word` at `start` of `text`, if elsewhere.
/// Words starting with a Latin letter, a digit or a space are read by the same patterns in both
/// (1,234.5 included).
fn pythainlp_end(text: &str, start: usize, word: &str, words_with_symbols: &FxHashSet<&str>) -> Option<usize> {
    let first = word.chars().next()?;
    let starts_thai = is_thai(first) && digit_to_ascii(first).is_none();
    if !(starts_thai || is_symbol(first)) {
        return None;
    }
    if starts_thai {
        // Most words have no symbol: no need to look them up.
        let (i, _) = word.char_indices().find(|&(_, c)| is_symbol(c))?;
        return (!words_with_symbols.contains(word)).then_some(start + i);
    }
    if words_with_symbols.contains(word) {
        return None;
    }
    let is_non_thai = |c: char| !is_thai(c) && !matches!(c, ' ' | '\t' | '\r' | '\n');
    let run_end = text[start..].find(|c| !is_non_thai(c)).map_or(text.len(), |i| start + i);
    (run_end != start + word.len()).then_some(run_end)
}

/// PyThaiNLP's `rejoin_formatted_num` (join_broken_num=True, the default): a formatted number
/// split by the segmenter (12:00, 127.0.0.1) becomes one word again. A port of its loop, quirks
/// included: a match that starts inside a word is joined from the next word on.
/// `segments` must be consecutive slices of `original` that concatenate to it; so are the words
/// returned.
pub(crate) fn rejoin_formatted_numbers<'t>(original: &'t str, segments: Vec<&'t str>) -> Vec<&'t str> {
    static DIGITS_WITH_SEPARATOR: OnceLock<Regex> = OnceLock::new();
    let pattern = DIGITS_WITH_SEPARATOR.get_or_init(|| Regex::new(r"(\d+[\.,:])+\d+").expect("valid regex"));
    if !may_have_formatted_number(original) {
        return segments;
    }
    let mut matches = pattern.find_iter(original).peekable();
    if matches.peek().is_none() {
        return segments;
    }
    let mut joined = Vec::with_capacity(segments.len());
    let mut segments = segments.into_iter().peekable();
    let mut pos = 0;
    while let Some(&m) = matches.peek() {
        let Some(segment) = segments.peek() else { break };
        if pos >= m.start() {
            let start = pos;
            while pos < m.end() {
                let Some(segment) = segments.next() else { break };
                pos += segment.len();
            }
            if pos > start {
                joined.push(&original[start..pos]);
            }
            matches.next();
        } else {
            pos += segment.len();
            joined.extend(segments.next());
        }
    }
    joined.extend(segments);
    joined
}

/// False when `text` has no `.`, `,` or `:` between two numeric characters, so that the
/// pattern (whose `\d` is any decimal digit) cannot match: most texts, found without the regex.
fn may_have_formatted_number(text: &str) -> bool {
    text.bytes().enumerate().filter(|&(_, b)| matches!(b, b'.' | b',' | b':')).any(|(i, _)| {
        text[..i].chars().next_back().is_some_and(char::is_numeric)
            && text[i + 1..].chars().next().is_some_and(char::is_numeric)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rejoin(segments: &[&str]) -> Vec<String> {
        let original = segments.concat();
        let mut slices = Vec::new();
        let mut start = 0;
        for segment in segments {
            slices.push(&original[start..start + segment.len()]);
            start += segment.len();
        }
        rejoin_formatted_numbers(&original, slices).into_iter().map(str::to_owned).collect()
    }

    #[test]
    fn joins_numbers_split_at_separators() {
        // PyThaiNLP's own doctest examples.
        assert_eq!(
            rejoin(&[
                "ขณะ",
                "นี้",
                "เวลา",
                " ",
                "12",
                ":",
                "00น",
                " ",
                "อัตรา",
                " ",
                "1",
                ",",
                "234",
                ".",
                "5",
                " ",
                "baht"
            ]),
            ["ขณะ", "นี้", "เวลา", " ", "12:00น", " ", "อัตรา", " ", "1,234.5", " ", "baht"]
        );
        assert_eq!(
            rejoin(&["IP", " ", "127", ".", "0", ".", "0", ".", "1", " ", "ครับ"]),
            ["IP", " ", "127.0.0.1", " ", "ครับ"]
        );
        assert_eq!(rejoin(&["ไม่", "มี", "ตัวเลข"]), ["ไม่", "มี", "ตัวเลข"]);
        assert_eq!(rejoin(&["๑๒", ":", "๓๐"]), ["๑๒:๓๐"]);
        assert_eq!(rejoin(&["๑", ".", "٥"]), ["๑.٥"]);
        assert_eq!(rejoin(&["มอก", ".", " ", "1", ",", " ", "2"]), ["มอก", ".", " ", "1", ",", " ", "2"]);
    }
}
