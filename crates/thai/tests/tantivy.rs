#![cfg(feature = "tantivy")]

use otop_thai::{Segmenter, ThaiTokenizer, any_word_query, register, thai_field_indexing};
use tantivy::collector::TopDocs;
use tantivy::schema::{STORED, Schema, TextOptions, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::{TokenStream, Tokenizer};
use tantivy::{Index, IndexWriter, TantivyDocument, doc};

const SERVICES: &[&str] = &[
    "บริการออกแบบบรรจุภัณฑ์อาหารที่กันความชื้นและยืดอายุการเก็บรักษา",
    "เครื่องอบแห้งลำไยพลังงานแสงอาทิตย์สำหรับวิสาหกิจชุมชน",
    "ที่ปรึกษาการขอ อ.ย. และมาตรฐาน มผช. สำหรับผลิตภัณฑ์โอทอป",
    "ตรวจวิเคราะห์ค่าวอเตอร์แอกทิวิตีและจุลินทรีย์ในอาหารแปรรูป",
    "อบรมการตลาดออนไลน์และการถ่ายภาพสินค้าสำหรับ Facebook",
];

fn search(query_text: &str) -> Vec<(String, String)> {
    let segmenter = Segmenter::shared();
    let mut schema = Schema::builder();
    let text =
        schema.add_text_field("text", TextOptions::default().set_indexing_options(thai_field_indexing()) | STORED);
    let index = Index::create_in_ram(schema.build());
    register(&index, segmenter.clone());

    let mut writer: IndexWriter = index.writer_with_num_threads(1, 15_000_000).unwrap();
    for service in SERVICES {
        writer.add_document(doc!(text => *service)).unwrap();
    }
    writer.commit().unwrap();

    let searcher = index.reader().unwrap().searcher();
    let query = any_word_query(&segmenter, text, query_text);
    let snippets = SnippetGenerator::create(&searcher, &query, text).unwrap();
    searcher
        .search(&query, &TopDocs::with_limit(3).order_by_score())
        .unwrap()
        .into_iter()
        .map(|(_, address)| {
            let doc: TantivyDocument = searcher.doc(address).unwrap();
            let snippet = snippets.snippet_from_doc(&doc);
            let highlighted =
                snippet.highlighted().iter().map(|r| &snippet.fragment()[r.clone()]).collect::<Vec<_>>().join("|");
            (doc.get_first(text).and_then(|v| v.as_str()).unwrap().to_owned(), highlighted)
        })
        .collect()
}

#[test]
fn a_problem_in_everyday_thai_finds_the_matching_service_first() {
    let hits = search("อยากได้เครื่องอบลำไยให้แห้งเร็วขึ้น");
    assert_eq!(hits[0].0, SERVICES[1], "{hits:?}");

    let hits = search("ขนมขึ้นราเร็ว อยากรู้ว่าเก็บได้นานแค่ไหน ต้องวัดวอเตอร์แอคทิวิตีไหม");
    assert_eq!(hits[0].0, SERVICES[3], "{hits:?}");

    let hits = search("อยากขอเลข อย ให้สินค้าโอทอป");
    assert_eq!(hits[0].0, SERVICES[2], "{hits:?}");

    let hits = search("ขายทาง facebook ไม่ค่อยได้");
    assert_eq!(hits[0].0, SERVICES[4], "{hits:?}");
}

#[test]
fn highlights_point_at_the_original_spelling() {
    let hits = search("ขอ อ.ย.");
    assert_eq!(hits[0].0, SERVICES[2]);
    assert_eq!(hits[0].1, "ขอ|อ.ย");
    let hits = search("FACEBOOK");
    assert_eq!(hits[0].1, "Facebook");
}

#[test]
fn tokenizer_gives_offsets_positions_and_lower_case() {
    let mut tokenizer = ThaiTokenizer::new(Segmenter::shared());
    let text = "ผ่าน GMP ไม่ได้ครับ";
    let mut stream = tokenizer.token_stream(text);
    let mut seen = Vec::new();
    while stream.advance() {
        let t = stream.token();
        seen.push((t.text.clone(), &text[t.offset_from..t.offset_to], t.position));
    }
    // ได้ and ครับ are stop-words; the negation stays.
    assert_eq!(seen, [("ผ่าน".into(), "ผ่าน", 0), ("gmp".into(), "GMP", 1), ("ไม่".into(), "ไม่", 2)]);
}
