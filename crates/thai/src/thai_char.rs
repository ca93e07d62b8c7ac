//! Classes of Thai characters (Unicode block U+0E00–U+0E7F) that the rules need.

pub(crate) const SARA_E: char = '\u{0E40}';
pub(crate) const SARA_AE: char = '\u{0E41}';
pub(crate) const SARA_AA: char = '\u{0E32}';
pub(crate) const SARA_AM: char = '\u{0E33}';
pub(crate) const NIKHAHIT: char = '\u{0E4D}';
pub(crate) const MAI_YAMOK: char = '\u{0E46}';

/// Any character of the Thai block (U+0E00–U+0E7F), letters, digits and signs.
pub(crate) fn is_thai(c: char) -> bool {
    ('\u{0E00}'..='\u{0E7F}').contains(&c)
}

/// A letter or digit of another script (Latin, …). Checks Thai first: the Unicode tables are slow.
pub(crate) fn is_other_alphanumeric(c: char) -> bool {
    c.is_ascii_alphanumeric() || (!c.is_ascii() && !is_thai(c) && c.is_alphanumeric())
}

/// ก–ฮ.
pub(crate) fn is_consonant(c: char) -> bool {
    ('\u{0E01}'..='\u{0E2E}').contains(&c)
}

/// ่ ้ ๊ ๋.
pub(crate) fn is_tone_mark(c: char) -> bool {
    ('\u{0E48}'..='\u{0E4B}').contains(&c)
}

/// Vowels written above or below the consonant (ั ิ ี ึ ื ุ ู ฺ ็); a tone mark goes on top of them.
pub(crate) fn is_above_or_below_vowel(c: char) -> bool {
    c == '\u{0E31}' || ('\u{0E34}'..='\u{0E3A}').contains(&c) || c == '\u{0E47}'
}

/// Marks that sit on a base character and are never written twice in a row.
pub(crate) fn is_combining(c: char) -> bool {
    is_above_or_below_vowel(c) || ('\u{0E47}'..='\u{0E4E}').contains(&c)
}

/// Consonants, vowels and marks: the characters Thai words are made of (no digits, no ฯ ฿ ๏ ๚ ๛).
pub(crate) fn is_word_char(c: char) -> bool {
    is_consonant(c) || ('\u{0E30}'..='\u{0E3A}').contains(&c) || ('\u{0E40}'..='\u{0E4E}').contains(&c)
}

/// A Thai letter that takes its own place in the line (not a mark): what informal writing repeats.
pub(crate) fn is_spacing_letter(c: char) -> bool {
    is_word_char(c) && !is_combining(c)
}

/// ๐–๙ as the ASCII digit.
pub(crate) fn digit_to_ascii(c: char) -> Option<char> {
    ('\u{0E50}'..='\u{0E59}').contains(&c).then(|| char::from(b'0' + (c as u32 - 0x0E50) as u8))
}
