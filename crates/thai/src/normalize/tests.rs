use super::*;

#[track_caller]
fn check(input: &str, expected: &str) {
    assert_eq!(normalize(input), expected, "normalize({input:?})");
    assert_eq!(normalize_with_offsets(input).as_str(), expected, "normalize_with_offsets({input:?})");
}

#[test]
fn invisible_characters_are_removed() {
    check("บรรจุ\u{200B}ภัณฑ์", "บรรจุภัณฑ์");
    check("\u{FEFF}ลำไย\u{200C}\u{200D}อบแห้ง", "ลำไยอบแห้ง");
    check("ผลิต\u{00AD}ภัณฑ์\u{2060}", "ผลิตภัณฑ์");
}

#[test]
fn sara_ae_typed_as_two_sara_e() {
    check("เเห้ง", "แห้ง");
    check("เเพ็กเกจ", "แพ็กเกจ");
}

#[test]
fn sara_am_typed_as_nikhahit_and_sara_aa() {
    check("กํา\u{0E44}ร", "กำไร");
    check("ทํา", "ทำ");
    // nikhahit, tone mark, sara aa
    check("น\u{0E4D}\u{0E49}\u{0E32}ผึ้ง", "น้ำผึ้ง");
}

#[test]
fn tone_mark_goes_after_the_vowel_it_sits_on() {
    // tone typed after sara am (a common slip on Thai keyboards)
    check("น\u{0E33}\u{0E49}ตาล", "น้ำตาล");
    // tone typed before an upper vowel
    check("ก\u{0E48}\u{0E35}วัน", "กี่วัน");
    // tone typed before a lower vowel
    check("ผ\u{0E49}\u{0E39}ผลิต", "ผู้ผลิต");
}

#[test]
fn a_mark_typed_twice_is_kept_once() {
    check("ได\u{0E49}\u{0E49}", "ได้");
    check("ดี\u{0E35}\u{0E35}", "ดี");
}

#[test]
fn thai_digits_become_ascii_and_thousands_separators_go() {
    check("ราคา ๑๒๐ บาท", "ราคา 120 บาท");
    check("มอก. ๒๕๔๐", "มอก 2540");
    check("ค่าไฟ 12,500 บาท", "ค่าไฟ 12500 บาท");
    check("1,234,567.50", "1234567.50");
    check("ข้อ 1,2,3", "ข้อ 1,2,3");
}

#[test]
fn white_space_is_collapsed_and_trimmed() {
    check("  ลำไย \t\n อบแห้ง\u{00A0} ", "ลำไย อบแห้ง");
    check("", "");
    check(" \u{200B} ", "");
}

#[test]
fn latin_is_lower_cased_and_spaced_from_thai() {
    check("ผ่านGMPแล้ว", "ผ่าน gmp แล้ว");
    check("ขาย Facebook และ LINE", "ขาย facebook และ line");
    check("ถุงขนาด500กรัม", "ถุงขนาด 500 กรัม");
    check("ÉCOLE", "école");
}

#[test]
fn dotted_abbreviations_lose_their_dots() {
    check("ขอเลข อ.ย. แล้ว", "ขอเลข อย แล้ว");
    check("ได้รับ ม.ผ.ช.", "ได้รับ มผช");
    check("มาตรฐาน มผช.", "มาตรฐาน มผช");
    check("ได้รับมผช.แล้ว", "ได้รับมผชแล้ว");
    check("ผ่าน ม.อ.ก.", "ผ่าน มอก");
    check("มอก.2540", "มอก 2540");
    check("ต้องมี อ.ย ไหม", "ต้องมี อย ไหม");
    check("ได้รับอ.ย.แล้ว", "ได้รับอยแล้ว");
    check("ติดต่อ อบต.", "ติดต่อ อบต");
    check("ธ.ก.ส. ปล่อยกู้", "ธกส ปล่อยกู้");
    check("พ.ศ. 2569", "พศ 2569");
}

#[test]
fn single_letter_prefixes_keep_their_dot() {
    check("จ.เชียงใหม่", "จ.เชียงใหม่");
    check("อ.เมือง", "อ.เมือง");
    check("เวลา 9.30 น.", "เวลา 9.30 น.");
}

#[test]
fn mai_yamok_is_a_word_break() {
    check("ขาวๆ", "ขาว");
    check("เด็ก ๆ ชอบ", "เด็ก ชอบ");
    check("ดีมากๆๆ", "ดีมาก");
    check("สวยๆงามๆ", "สวย งาม");
    check("เครื่องมือ ฯลฯ", "เครื่องมือ");
}

#[test]
fn letters_typed_over_and_over_are_kept_once() {
    check("มากกกก", "มาก");
    check("อร่อยยยยย", "อร่อย");
    check("ดีมากกก", "ดีมาก");
    check("ดีมากกก ครับ", "ดีมาก ครับ");
    check("ค่ะะะ", "ค่ะ");
    check("ว้าววววว", "ว้าว");
    check("หอมมมม มากกกกๆ", "หอม มาก");
}

#[test]
fn legitimate_doubled_and_tripled_letters_stay() {
    // a word ending in a doubled letter followed by one starting with it
    check("ระบบบัญชี", "ระบบบัญชี");
    check("ถนนนี้", "ถนนนี้");
    check("ออกแบบบรรจุภัณฑ์", "ออกแบบบรรจุภัณฑ์");
    check("ไอออน", "ไอออน");
    check("แวววาว", "แวววาว");
    check("ได้รับทุน สสส.", "ได้รับทุน สสส");
    check("เออออห่อหมก", "เออออห่อหมก");
    check("กรรม", "กรรม");
    check("บรรจุภัณฑ์", "บรรจุภัณฑ์");
    check("ธรรมชาติ", "ธรรมชาติ");
    check("เชียงใหม่ 50000", "เชียงใหม่ 50000");
    check("www", "www");
}

#[test]
fn common_misspellings_are_corrected() {
    check("ใบอนุญาติ", "ใบอนุญาต");
    check("ผลิตภัณท์", "ผลิตภัณฑ์");
    check("บรรจุภัณใหม่", "บรรจุภัณฑ์ใหม่");
    check("สังเคราะ", "สังเคราะห์");
    check("กระเพรา", "กะเพรา");
    check("มาตราฐาน", "มาตรฐาน");
    check("ลำใยอบแห้ง", "ลำไยอบแห้ง");
    check("เซรามิค", "เซรามิก");
    check("สาธารณะสุข", "สาธารณสุข");
}

#[test]
fn correct_words_containing_a_misspelling_key_stay() {
    for word in ["บรรจุภัณฑ์", "ผลิตภัณฑ์", "สังเคราะห์", "วิเคราะห์", "กะเพรา", "กระเพาะ", "ปรากฏ", "กฎหมาย", "กระทิง"]
    {
        check(word, word);
    }
}

#[test]
fn offsets_point_back_into_the_original() {
    let original = "ได้  อ.ย.\u{200B} แล้ว ดีมากๆๆ";
    let normalized = normalize_with_offsets(original);
    assert_eq!(normalized.as_str(), "ได้ อย แล้ว ดีมาก");
    let find = |needle: &str| {
        let start = normalized.as_str().find(needle).unwrap();
        &original[normalized.original_range(start..start + needle.len())]
    };
    assert_eq!(find("ได้"), "ได้");
    assert_eq!(find("อย"), "อ.ย");
    assert_eq!(find("แล้ว"), "แล้ว");
    assert_eq!(find("ดีมาก"), "ดีมาก");
    assert_eq!(find("ได้ อย"), "ได้  อ.ย");

    let corrected = normalize_with_offsets("ขอใบอนุญาติ ครับ");
    let start = corrected.as_str().find("อนุญาต").unwrap();
    assert_eq!(&"ขอใบอนุญาติ ครับ"[corrected.original_range(start..start + "อนุญาต".len())], "อนุญาติ");
}

#[test]
fn normalising_twice_changes_nothing() {
    for line in include_str!("../../benches/corpus_th.txt").lines() {
        let once = normalize(line);
        assert_eq!(normalize(&once), once);
    }
}
