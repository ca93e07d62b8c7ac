//! Common misspellings and spelling variants (data/misspellings.tsv) rewritten to one spelling,
//! so that อนุญาติ finds อนุญาต and เซรามิค finds เซรามิก.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use crate::output::{Origins, Output};

struct Corrector {
    automaton: AhoCorasick,
    /// Per pattern: the spelling to write, or `None` for a correct word that is only matched
    /// so that a shorter wrong key inside it (บรรจุภัณ in บรรจุภัณฑ์) never fires.
    replacements: Vec<Option<&'static str>>,
}

pub(crate) fn pairs() -> impl Iterator<Item = (&'static str, &'static str)> {
    crate::data_lines(include_str!("../data/misspellings.tsv"))
        .map(|line| line.split_once('\t').unwrap_or_else(|| panic!("misspellings.tsv: no tab in {line:?}")))
}

fn corrector() -> &'static Corrector {
    static CORRECTOR: OnceLock<Corrector> = OnceLock::new();
    CORRECTOR.get_or_init(|| {
        let mut patterns = Vec::new();
        let mut replacements = Vec::new();
        for (wrong, right) in pairs() {
            patterns.extend([wrong, right]);
            replacements.extend([Some(right), None]);
        }
        // A few hundred short patterns: a full DFA is small and the fastest to scan with.
        let automaton = AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::DFA))
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .expect("misspelling patterns build an automaton");
        Corrector { automaton, replacements }
    })
}

/// `text` with every misspelling rewritten; the correction spans the whole misspelling.
pub(crate) fn correct<O: Origins>(text: Output<O>) -> Output<O> {
    let corrector = corrector();
    let mut fixes = corrector
        .automaton
        .find_iter(&text.text)
        .filter_map(|m| corrector.replacements[m.pattern().as_usize()].map(|right| (m.range(), right)))
        .peekable();
    if fixes.peek().is_none() {
        return text;
    }
    let mut out = Output::with_capacity(text.text.len() + 16);
    let mut copied = 0;
    for (range, right) in fixes {
        out.copy_from(&text, copied..range.start);
        let span = (text.origins.at(range.start).0, text.origins.at(range.end - 1).1);
        out.push_str(right, span);
        copied = range.end;
    }
    out.copy_from(&text, copied..text.text.len());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dictionary::BASE_WORDS;

    fn corrected(text: &str) -> String {
        correct(Output::<()> { text: text.to_owned(), origins: () }).text
    }

    #[test]
    fn both_spellings_are_in_normalised_form() {
        for (wrong, right) in pairs() {
            assert_eq!(crate::normalize(right), right);
            assert_eq!(crate::normalize(wrong), right, "{wrong} must normalise to {right}");
        }
    }

    /// A key that occurs inside another correct word (กระทิ in กระทิง) would corrupt it: the only
    /// dictionary words rewritten are the variant spellings listed here on purpose.
    #[test]
    fn only_variant_spellings_in_the_dictionary_are_rewritten() {
        let mut rewritten: Vec<&str> = BASE_WORDS.lines().filter(|w| corrected(w) != *w).collect();
        rewritten.sort_unstable();
        let mut expected = vec![
            "กิโลแคลอรี่",
            "คลินิค",
            "คลีนิก",
            "คุ้กกี้",
            "แคลอรี่",
            "โควต้า",
            "ช็อคโกแลต",
            "ซอฟท์แวร์",
            "เซรามิค",
            "ดิจิตอล",
            "ตระกร้า",
            "ตระไคร้",
            "ถุงพลาสติค",
            "ไบโอฟิลม์",
            "พลาสติค",
            "พาสเจอร์ไรส์",
            "พาสเจอไรซ์",
            "แพ็คเกจ",
            "แพคเกจ",
            "โพลีคลินิค",
            "เมโยคลินิค",
            "ระบบดิจิตอล",
            "ล้างฟิลม์",
            "ลายเซ็นต์",
            "เว็บไซท์",
            "เวปไซต์",
            "ศรีษะ",
            "ศรีษะเกษ",
            "สติ๊กเกอร์",
            "สแตนเลส",
            "สัปปะรด",
            "อลูมิเนียม",
            "ออร์แกนิค",
            "อะหลั่ย",
            "อินเตอร์เน็ต",
            "อีเมล์",
            "โอกาศ",
            "ไอศครีม",
        ];
        expected.sort_unstable();
        assert_eq!(rewritten, expected);
    }
}
