//! Puts a place name, as stored or as typed, into one comparable form.

/// Words that may precede or follow a name, per level. Thai short forms keep their dot:
/// without it, `อ` would be the first letter of names such as อ่างทอง.
pub(crate) struct Affixes {
    thai_prefixes: &'static [&'static str],
    english_prefixes: &'static [&'static str],
    english_suffixes: &'static [&'static str],
}

pub(crate) const PROVINCE: Affixes =
    Affixes {
        thai_prefixes: &["จังหวัด", "จ."], english_prefixes: &["changwat "], english_suffixes: &[" province"]
    };

pub(crate) const DISTRICT: Affixes = Affixes {
    thai_prefixes: &["กิ่งอำเภอ", "อำเภอ", "อ.", "เขต", "ข."],
    english_prefixes: &["king amphoe ", "amphoe ", "amphur ", "khet "],
    english_suffixes: &[" district"],
};

pub(crate) const SUBDISTRICT: Affixes = Affixes {
    thai_prefixes: &["ตำบล", "ต.", "แขวง", "ข."],
    english_prefixes: &["tambon ", "tambol ", "khwaeng "],
    english_suffixes: &[" subdistrict", " sub-district", " sub district"],
};

/// The comparable form of `text`: lower case; the level word (`จังหวัด`, `อ.`, `เขต`,
/// `ตำบล`, `แขวง`, `Amphoe`, `District`, …) removed; spaces, dots, hyphens, apostrophes and
/// zero-width characters removed; `ํ` + `า` written as `ำ`. Empty if nothing is left.
pub(crate) fn key(text: &str, affixes: &Affixes) -> String {
    // Sara am typed as nikhahit + sara aa looks the same but compares different.
    let text = text.replace("\u{0e4d}\u{0e32}", "\u{0e33}").to_lowercase();
    let mut s = text.trim_matches(is_ignorable);
    for p in affixes.thai_prefixes.iter().chain(affixes.english_prefixes) {
        if let Some(rest) = s.strip_prefix(p) {
            s = rest.trim_start_matches(is_ignorable);
            break;
        }
    }
    for suffix in affixes.english_suffixes {
        if let Some(rest) = s.strip_suffix(suffix) {
            s = rest;
            break;
        }
    }
    s.chars().filter(|&c| !is_ignorable(c) && !is_mark(c)).collect()
}

/// Characters that never distinguish two names.
fn is_ignorable(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}')
}

/// Punctuation that people add or drop in names (`Phang-nga`, `Ko Pha-ngan`, `Ban Na Doem.`).
fn is_mark(c: char) -> bool {
    matches!(c, '.' | '-' | '\'' | '\u{2019}' | '\u{2018}' | ',' | '"' | '(' | ')')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_level_words_and_marks() {
        assert_eq!(key("จังหวัดลำพูน", &PROVINCE), "ลำพูน");
        assert_eq!(key(" จ. ลำพูน ", &PROVINCE), "ลำพูน");
        assert_eq!(key("Lamphun Province", &PROVINCE), "lamphun");
        assert_eq!(key("Phang-nga", &PROVINCE), "phangnga");
        assert_eq!(key("อ.เมืองลำพูน", &DISTRICT), "เมืองลำพูน");
        assert_eq!(key("อำเภอ เมืองลำพูน", &DISTRICT), "เมืองลำพูน");
        assert_eq!(key("เขตพระนคร", &DISTRICT), "พระนคร");
        assert_eq!(key("Amphoe Mueang Lamphun", &DISTRICT), "mueanglamphun");
        assert_eq!(key("Mueang Lamphun District", &DISTRICT), "mueanglamphun");
        assert_eq!(key("ต.ในเมือง", &SUBDISTRICT), "ในเมือง");
        assert_eq!(key("แขวงวังบูรพาภิรมย์", &SUBDISTRICT), "วังบูรพาภิรมย์");
        assert_eq!(key("Tambon Nai Mueang", &SUBDISTRICT), "naimueang");
    }

    #[test]
    fn short_forms_need_their_dot() {
        // "อ่างทอง" starts with อ but is not "อ." + name.
        assert_eq!(key("อ่างทอง", &DISTRICT), "อ่างทอง");
        assert_eq!(key("ตะพานหิน", &SUBDISTRICT), "ตะพานหิน");
    }

    #[test]
    fn decomposed_sara_am_and_zero_width() {
        assert_eq!(key("ล\u{0e4d}\u{0e32}พูน", &PROVINCE), "ลำพูน");
        assert_eq!(key("ลำ\u{200b}พูน", &PROVINCE), "ลำพูน");
        assert_eq!(key("   ", &PROVINCE), "");
    }
}
