use std::collections::HashSet;
use std::sync::Arc;

use otop_thai::{Segmenter, Token, is_negation, is_stopword, normalize};

fn texts(tokens: &[Token]) -> Vec<&str> {
    tokens.iter().map(|t| t.text.as_str()).collect()
}

fn words_of(text: &str) -> Vec<String> {
    Segmenter::shared().tokens(text).into_iter().map(|t| t.text).collect()
}

#[test]
fn plain_segmenter_gives_pythainlp_newmm_words() {
    let plain = Segmenter::plain();
    let mut compared = 0;
    for line in include_str!("data/newmm_reference.tsv").lines().filter(|l| !l.starts_with('#')) {
        let [_, text, expected] = line.split('\t').collect::<Vec<_>>()[..] else { panic!("bad row {line:?}") };
        assert_eq!(plain.words(text).join("|"), expected, "{text}");
        compared += 1;
    }
    assert!(compared >= 400, "only {compared} reference sentences");
}

#[test]
fn domain_words_and_abbreviations_are_single_tokens() {
    let words = words_of("ผลิตภัณฑ์โอทอปของเราได้รับมาตรฐาน มผช. แล้ว แต่ยังไม่ได้ขอเลข อ.ย.");
    for expected in ["ผลิตภัณฑ์", "โอทอป", "มผช", "อย", "มาตรฐาน"] {
        assert!(words.contains(&expected.to_owned()), "{expected} missing from {words:?}");
    }
    assert!(!words.iter().any(|w| w == "โอ" || w == "ทอ" || w == "ป"), "{words:?}");
    assert_eq!(words_of("ผ่าน ม.อ.ก. และ มอก."), ["ผ่าน", "มอก", "และ", "มอก"]);
}

#[test]
fn kaan_op_haeng_is_not_cut_into_kaa_rop() {
    let words = words_of("เราต้องการลดต้นทุนการอบแห้งด้วยเครื่องอบพลังงานแสงอาทิตย์");
    assert!(!words.iter().any(|w| w == "กา" || w == "รอบ"), "{words:?}");
    assert!(words.contains(&"การอบแห้ง".to_owned()), "{words:?}");
    assert!(words.contains(&"อบ".to_owned()) && words.contains(&"แห้ง".to_owned()), "{words:?}");
}

#[test]
fn compounds_come_with_their_parts() {
    let segmenter = Segmenter::shared();
    let tokens = segmenter.tokens("ลำไยอบแห้งของวิสาหกิจชุมชน");
    let summary: Vec<(&str, usize, usize)> =
        tokens.iter().map(|t| (t.text.as_str(), t.position, t.position_length)).collect();
    assert_eq!(
        summary,
        [
            ("ลำไยอบแห้ง", 0, 3),
            ("ลำไย", 0, 1),
            ("อบ", 1, 1),
            ("แห้ง", 2, 1),
            ("ของ", 3, 1),
            ("วิสาหกิจชุมชน", 4, 2),
            ("วิสาหกิจ", 4, 1),
            ("ชุมชน", 5, 1),
        ]
    );
    // A query worded the other way round still shares words with the compound.
    let document: HashSet<String> = words_of("ลำไยอบแห้ง").into_iter().collect();
    let query: HashSet<String> = words_of("เครื่องอบแห้งลำไย").into_iter().collect();
    let shared: HashSet<&str> = document.intersection(&query).map(String::as_str).collect();
    assert!(["ลำไย", "อบ", "แห้ง"].iter().all(|w| shared.contains(w)), "{shared:?}");
}

#[test]
fn offsets_point_into_the_original_text() {
    let text = "สินค้าได้  อ.ย. แล้ว ขายดีมากๆๆ ผ่าน GMP ราคา ๑,๒๐๐ บาท";
    let tokens = Segmenter::shared().tokens(text);
    for token in &tokens {
        assert!(token.start < token.end && token.end <= text.len(), "{token:?}");
        if token.position_length == 1 && token.text != "อย" {
            assert_eq!(normalize(&text[token.start..token.end]), token.text, "{token:?}");
        }
    }
    let find = |word: &str| tokens.iter().find(|t| t.text == word).map(|t| &text[t.start..t.end]);
    assert_eq!(find("อย"), Some("อ.ย"));
    assert_eq!(find("gmp"), Some("GMP"));
    assert_eq!(find("1200"), Some("๑,๒๐๐"));
    let positions: Vec<usize> = tokens.iter().map(|t| t.position).collect();
    assert!(positions.windows(2).all(|w| w[0] <= w[1]), "{positions:?}");
}

#[test]
fn tokens_are_normalised_words_without_punctuation() {
    let segmenter = Segmenter::shared();
    let tokens = segmenter.tokens("ขอคำแนะนำ (ด่วน!) เรื่องบรรจุภัณท์ HACCP/GMP ครับ");
    assert_eq!(texts(&tokens), ["ขอ", "คำแนะนำ", "ด่วน", "เรื่อง", "บรรจุภัณฑ์", "haccp", "gmp", "ครับ"]);
    assert!(segmenter.tokens("  ...  ").is_empty());
    assert!(segmenter.tokens("").is_empty());
}

#[test]
fn index_tokens_drop_stopwords_but_keep_negations() {
    let segmenter = Segmenter::shared();
    let all = segmenter.tokens("เราไม่มีเครื่องอบครับ");
    let kept = segmenter.index_tokens("เราไม่มีเครื่องอบครับ");
    assert!(texts(&all).contains(&"ครับ") && texts(&all).contains(&"เรา"));
    assert!(!texts(&kept).contains(&"ครับ") && !texts(&kept).contains(&"เรา"));
    assert!(kept.iter().any(|t| is_negation(&t.text)), "{:?}", texts(&kept));
    assert!(kept.iter().all(|t| !is_stopword(&t.text)));
}

#[test]
fn index_tokens_give_offsets_positions_and_lower_case() {
    let text = "ผ่าน GMP ไม่ได้ครับ";
    let seen: Vec<(String, &str, usize)> = Segmenter::shared()
        .index_tokens(text)
        .into_iter()
        .map(|t| (t.text, &text[t.start..t.end], t.position))
        .collect();
    // ได้ and ครับ are stop-words; the negation stays.
    assert_eq!(seen, [("ผ่าน".into(), "ผ่าน", 0), ("gmp".into(), "GMP", 1), ("ไม่".into(), "ไม่", 2)]);
}

#[test]
fn shared_segmenter_is_built_once() {
    assert!(Arc::ptr_eq(&Segmenter::shared(), &Segmenter::shared()));
}

#[test]
fn domain_word_list_is_normalised_and_its_parts_are_words() {
    let base: HashSet<&str> = include_str!("../data/words_th.txt").lines().collect();
    let lines: Vec<&str> = include_str!("../data/domain_words.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    let domain: HashSet<String> = lines.iter().map(|l| l.replace('|', "")).collect();
    assert_eq!(domain.len(), lines.len(), "duplicate domain words");
    for line in &lines {
        let word = line.replace('|', "");
        assert_eq!(normalize(&word), word, "domain word not in normalised form");
        for part in line.split('|').filter(|_| line.contains('|')) {
            assert!(base.contains(part) || domain.contains(part), "part {part:?} of {line} is not a word");
        }
    }
}
