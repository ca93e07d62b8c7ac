//! The knowledge file is normalised with the same function as the text it is matched
//! against (`otop_thai::normalize`), so that officers may type phrases the way people write
//! them ("อ.ย.", "เเ", "GMP") and still match. Also the Thai character classes the phrase
//! matcher needs for its word-boundary rules.

pub use otop_thai::normalize;

pub(crate) fn is_thai(c: char) -> bool {
    ('\u{0E01}'..='\u{0E5B}').contains(&c)
}

/// A vowel written before its consonant (เ แ โ ใ ไ): a word cannot end right after it.
pub(crate) fn is_leading_vowel(c: char) -> bool {
    ('\u{0E40}'..='\u{0E44}').contains(&c)
}

/// A mark or vowel that belongs to the consonant before it (ะ ั า ำ ิ ี ึ ื ุ ู ฺ ๅ ็ ่ ้ ๊ ๋ ์ ํ ๎):
/// a word cannot start with it, and a match must not stop right before it.
pub(crate) fn is_dependent(c: char) -> bool {
    ('\u{0E30}'..='\u{0E3A}').contains(&c) || c == '\u{0E45}' || ('\u{0E47}'..='\u{0E4E}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn abbreviations_lose_their_dots() {
        assert_eq!(normalize("ยังไม่มี อ.ย."), "ยังไม่มี อย");
        assert_eq!(normalize("มผช."), "มผช");
        assert_eq!(normalize("ตาม พ.ร.บ.ผลิตภัณฑ์สมุนไพร"), "ตาม พรบผลิตภัณฑ์สมุนไพร");
    }

    #[test]
    fn typing_variants_are_folded() {
        assert_eq!(normalize("เเพ็กเกจ"), "แพ็กเกจ");
        assert_eq!(normalize("น\u{0E4D}\u{0E32}"), "นำ");
        assert_eq!(normalize("ขาย  Online\u{200B} ได้ ๑๐ ชิ้น"), "ขาย online ได้ 10 ชิ้น");
        assert_eq!(normalize("แพงงงงมาก"), "แพงมาก");
        assert_eq!(normalize("ขาย 1000 ชิ้น"), "ขาย 1000 ชิ้น");
        assert_eq!(normalize("  GMP  "), "gmp");
    }
}
