//! The one canonical form of text, applied identically to what is indexed and to what is asked,
//! so that the many ways people type the same Thai word compare equal.

use std::ops::Range;

use crate::abbreviation::{dotted_end, ends_with_abbreviation};
use crate::misspelling::correct;
use crate::output::{Origins, Output, Span};
use crate::thai_char::{
    MAI_YAMOK, NIKHAHIT, SARA_AA, SARA_AE, SARA_AM, SARA_E, digit_to_ascii, is_above_or_below_vowel, is_combining,
    is_other_alphanumeric, is_spacing_letter, is_thai, is_tone_mark, is_word_char,
};

/// Text after [`normalize_with_offsets`], which knows where each of its parts came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized {
    text: String,
    /// Per byte of `text`, the bytes of the original it was made from.
    origins: Vec<Span>,
    original_len: usize,
}

impl Normalized {
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The byte range of the original text that `range` (byte offsets into the normalised text,
    /// on character boundaries) was made from. Removed characters at its edges (dots, marks
    /// typed twice, white space) are not part of it.
    pub fn original_range(&self, range: Range<usize>) -> Range<usize> {
        if range.is_empty() {
            let at = self.origins.get(range.start).map_or(self.original_len, |span| span.0);
            return at..at;
        }
        self.origins[range.start].0..self.origins[range.end - 1].1
    }
}

/// The canonical form of `text`:
/// - zero-width and invisible characters removed (U+200B–U+200D, U+2060, U+FEFF, U+00AD);
/// - เเ written as แ, ํ + า as ำ, a tone mark put after the vowel it sits on (น ำ ้ → น้ำ,
///   ก ่ ี → กี่), a mark typed twice kept once;
/// - ๐–๙ as 0–9, thousands separators dropped (12,500 → 12500), Latin lower-cased;
/// - abbreviations without dots (อ.ย. → อย, ม.ผ.ช. → มผช, มอก. → มอก);
/// - ๆ and ฯลฯ as a word break (ขาวๆ → ขาว);
/// - a Thai letter typed four or more times in a row, or three times at the end of a word, kept
///   once (มากกกก → มาก, ดีมากกก → ดีมาก; ระบบบัญชี and แวววาว stay);
/// - white space collapsed to one space, trimmed, and a space between Thai and Latin or digits;
/// - common misspellings rewritten (data/misspellings.tsv: อนุญาติ → อนุญาต).
pub fn normalize(text: &str) -> String {
    normalized::<()>(text).text
}

/// [`normalize`], keeping for each byte of the result the offset in `text` it came from, so that
/// tokens of the normalised text can point back into the original (for highlighting).
pub fn normalize_with_offsets(text: &str) -> Normalized {
    let out = normalized::<Vec<Span>>(text);
    Normalized { text: out.text, origins: out.origins, original_len: text.len() }
}

fn normalized<O: Origins>(text: &str) -> Output<O> {
    correct(CharPass::new(text).run())
}

/// Everything but the misspellings, in one pass over the characters.
struct CharPass<'a, O> {
    input: &'a str,
    out: Output<O>,
    /// White space seen since the last character, written as one space only if text follows.
    pending_space: Option<Span>,
}

impl<'a, O: Origins> CharPass<'a, O> {
    fn new(input: &'a str) -> Self {
        CharPass { input, out: Output::with_capacity(input.len()), pending_space: None }
    }

    fn run(mut self) -> Output<O> {
        let input = self.input;
        let mut i = 0;
        while let Some(c) = input[i..].chars().next() {
            let next = i + c.len_utf8();
            if let Some(end) = dotted_end(input, i, next) {
                for (j, letter) in input[i..end].char_indices().filter(|&(_, c)| c != '.') {
                    self.emit(letter, (i + j, i + j + letter.len_utf8()));
                }
                i = end;
                continue;
            }
            if c == 'ฯ' && input[i..].starts_with("ฯลฯ") {
                self.space((i, i + "ฯลฯ".len()));
                i += "ฯลฯ".len();
                continue;
            }
            if let Some(end) = repeated_letter_end(input, i, next, c) {
                self.emit(c, (i, end));
                i = end;
                continue;
            }
            let span = (i, next);
            match c {
                '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => {}
                c if c.is_whitespace() || c == MAI_YAMOK => self.space(span),
                '.' if ends_with_abbreviation(&self.out.text) => {}
                ',' if self.is_thousands_separator(&input[i + 1..]) => {}
                c if c.is_ascii() => self.emit(c.to_ascii_lowercase(), span),
                c => match digit_to_ascii(c) {
                    Some(digit) => self.emit(digit, span),
                    None if !is_thai(c) && c.is_uppercase() => {
                        c.to_lowercase().for_each(|lower| self.emit(lower, span))
                    }
                    None => self.emit(c, span),
                },
            }
            i = next;
        }
        self.out
    }

    fn space(&mut self, span: Span) {
        if self.pending_space.is_none() && !self.out.text.is_empty() {
            self.pending_space = Some(span);
        }
    }

    fn is_thousands_separator(&self, rest: &str) -> bool {
        let is_digit = |c: char| c.is_ascii_digit() || digit_to_ascii(c).is_some();
        self.out.last().is_some_and(|c| c.is_ascii_digit())
            && rest.chars().take(3).filter(|&c| is_digit(c)).count() == 3
            && !rest.chars().nth(3).is_some_and(is_digit)
    }

    fn emit(&mut self, c: char, span: Span) {
        if let Some(space) = self.pending_space.take() {
            self.out.push(' ', space);
        } else if self.out.last().is_some_and(|last| needs_space_between(last, c)) {
            self.out.push(' ', (span.0, span.0));
        }
        let Some(last) = self.out.last() else {
            return self.out.push(c, span);
        };
        if self.fix_mark(last, c, span) {
            return;
        }
        if !(last == c && is_combining(c)) {
            self.out.push(c, span);
        }
    }

    /// Rewrites the end of the output when `c` completes a wrongly typed sequence.
    fn fix_mark(&mut self, last: char, c: char, span: Span) -> bool {
        match (last, c) {
            (SARA_E, SARA_E) => self.replace_tail(1, &[SARA_AE], span),
            (NIKHAHIT, SARA_AA) => self.replace_tail(1, &[SARA_AM], span),
            (tone, SARA_AA) if is_tone_mark(tone) && self.out.second_last() == Some(NIKHAHIT) => {
                self.replace_tail(2, &[tone, SARA_AM], span)
            }
            (SARA_AM, tone) if is_tone_mark(tone) => self.replace_tail(1, &[tone, SARA_AM], span),
            (tone, vowel) if is_tone_mark(tone) && is_above_or_below_vowel(vowel) => {
                self.replace_tail(1, &[vowel, tone], span)
            }
            _ => return false,
        }
        true
    }

    /// Replaces the last `remove` characters and the incoming one by `with`, all spanning the
    /// whole of what they replace, so that spans never go backwards.
    fn replace_tail(&mut self, remove: usize, with: &[char], incoming: Span) {
        let mut span = incoming;
        for _ in 0..remove {
            if let Some((_, removed)) = self.out.pop() {
                span = (span.0.min(removed.0), span.1.max(removed.1));
            }
        }
        for &c in with {
            self.out.push(c, span);
        }
    }
}

/// Words spelt with a letter three or more times in a row (from words_th.txt) that the rule
/// below would otherwise shorten.
const REPEATS_IN_WORDS: &[&str] = &["สสส", "ททท", "เออออ", "พิศวงงงงวย"];

/// End of a Thai letter typed over and over (มากกกก, อร่อยยยย): four or more times, or three
/// times at the end of a word. Three inside a word are legitimate where a word ending in a doubled
/// letter meets one starting with it: ระบบบัญชี, ถนนนี้, แบบบรรจุภัณฑ์, and in ไอออน, แวววาว.
fn repeated_letter_end(input: &str, start: usize, next: usize, c: char) -> Option<usize> {
    // Characters, not `str::starts_with(char)`: that compares bytes through `memcmp`, which was
    // the most expensive part of normalisation, once per character.
    let is_c = |d: char| d == c;
    if !input[next..].chars().next().is_some_and(is_c)
        || input[..start].chars().next_back().is_some_and(is_c)
        || !is_spacing_letter(c)
    {
        return None;
    }
    let times = input[start..].chars().take_while(|&d| d == c).count();
    let end = start + times * c.len_utf8();
    let ends_word = !input[end..].starts_with(|d: char| is_word_char(d) && d != MAI_YAMOK);
    let in_word = || {
        let triple: String = std::iter::repeat_n(c, 3).collect();
        REPEATS_IN_WORDS.iter().filter_map(|word| Some((word, word.find(&triple)?))).any(|(word, at)| {
            start >= at && input.is_char_boundary(start - at) && input[start - at..].starts_with(word)
        })
    };
    (times >= 4 || (times == 3 && ends_word)).then_some(end).filter(|_| !in_word())
}

fn needs_space_between(a: char, b: char) -> bool {
    (is_word_char(a) && is_other_alphanumeric(b)) || (is_other_alphanumeric(a) && is_word_char(b))
}

#[cfg(test)]
mod tests;
