//! Our newmm against nlpo3's, word for word: on the benchmark corpus (line by line and as the
//! benchmark's paragraphs) and on random mixes of Thai, Latin, digits, punctuation and white
//! space, with PyThaiNLP's word list and with the domain words. Also the whole
//! [`Segmenter::words`] and [`Segmenter::tokens`] pipelines over either newmm.

use nlpo3::tokenizer::newmm::NewmmTokenizer;
use nlpo3::tokenizer::tokenizer_trait::Tokenizer as _;

use crate::Segmenter;
use crate::dictionary::{BASE_WORDS, domain_words};

const CORPUS: &str = include_str!("../../benches/corpus_th.txt");

struct Pair {
    ours: Segmenter,
    theirs: NewmmTokenizer,
}

impl Pair {
    fn plain() -> Self {
        Pair {
            ours: Segmenter::plain(),
            theirs: NewmmTokenizer::from_word_list(BASE_WORDS.lines().map(str::to_owned).collect()),
        }
    }

    fn with_domain_words() -> Self {
        let mut theirs = NewmmTokenizer::from_word_list(BASE_WORDS.lines().map(str::to_owned).collect());
        let domain: Vec<String> = domain_words().map(|d| d.word).collect();
        theirs.add_word(&domain.iter().map(String::as_str).collect::<Vec<_>>());
        Pair { ours: Segmenter::with_domain_words(), theirs }
    }

    fn nlpo3(&self, text: &str, ends: &mut Vec<usize>) {
        let mut end = 0;
        for word in self.theirs.segment(text, false, false).expect("nlpo3 segments") {
            end += word.len();
            ends.push(end);
        }
    }

    fn ours(&self, text: &str, ends: &mut Vec<usize>) {
        self.ours.newmm().segment(text, ends);
    }

    /// Fails on the first text where anything differs.
    fn check(&self, text: &str) {
        let words = |ends: &[usize]| {
            let mut start = 0;
            ends.iter()
                .map(|&end| {
                    let word = &text[start..end];
                    start = end;
                    word
                })
                .collect::<Vec<_>>()
                .join("|")
        };
        let (mut ours, mut theirs) = (Vec::new(), Vec::new());
        self.ours(text, &mut ours);
        self.nlpo3(text, &mut theirs);
        assert_eq!(words(&ours), words(&theirs), "newmm differs from nlpo3 on {text:?}");
        assert_eq!(
            self.ours.words(text),
            self.ours.words_with(text, |t, e| self.nlpo3(t, e)),
            "Segmenter::words differs on {text:?}"
        );
        assert_eq!(
            self.ours.tokens(text),
            self.ours.tokens_with(text, |t, e| self.nlpo3(t, e)),
            "Segmenter::tokens differs on {text:?}"
        );
    }
}

/// xorshift64*: reproducible without a dependency.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T: ?Sized>(&mut self, items: &[&'a T]) -> &'a T {
        items[self.below(items.len())]
    }
}

const INSERTS: &[&str] = &[
    ".",
    ",",
    ";",
    ":",
    "!",
    "?",
    "(",
    ")",
    "[",
    "]",
    "\"",
    "'",
    "“",
    "”",
    "‘",
    "’",
    "/",
    "\\",
    "@",
    "#",
    "%",
    "&",
    "*",
    "+",
    "=",
    "_",
    "~",
    "<",
    ">",
    "—",
    "–",
    "…",
    "•",
    "·",
    "฿",
    "ฯ",
    "ๆ",
    "-",
    " ",
    "  ",
    "\t",
    "\n",
    "\r\n",
    "\r",
    "GMP",
    "iso",
    "a-b",
    "-x",
    "12",
    "3.5",
    "1,234.56",
    "1.",
    ",5",
    "๑๒",
    "๑,๒๓๔.๕",
    "๑.",
    "é",
    "中文",
    "😀",
    "\u{200b}",
    "\u{a0}",
    "\u{3000}",
    "มอก.",
    "ก.ค.",
    "ม.ผ.ช.",
    "ฯลฯ",
    "12:00",
    "127.0.0.1",
    "ๆๆ",
    "\u{0e5c}",
];

/// Letters and marks that make many different character clusters.
const CLUSTER_CHARS: &[&str] = &[
    "ก", "ร", "ย", "ว", "อ", "ห", "ง", "น", "ม", "ล", "ส", "ต", "เ", "แ", "โ", "ใ", "ไ", "ะ", "า", "ำ", "ั", "ิ", "ี", "ึ",
    "ื", "ุ", "ู", "็", "่", "้", "๊", "๋", "์", "ฺ", "ํ", " ",
];

fn random_text(random: &mut Random, lines: &[&str], words: &[&str]) -> String {
    let mut text = String::new();
    for _ in 0..1 + random.below(12) {
        match random.below(10) {
            0..=2 => {
                let line: Vec<char> = random.pick(lines).chars().collect();
                let start = random.below(line.len());
                let end = start + 1 + random.below(line.len() - start);
                text.extend(&line[start..end]);
            }
            3 | 4 => {
                for _ in 0..1 + random.below(6) {
                    text.push_str(random.pick(words));
                }
            }
            5 => {
                for _ in 0..1 + random.below(8) {
                    text.push(char::from_u32(0x0E00 + random.below(0x80) as u32).expect("Thai block"));
                }
            }
            6 | 7 => {
                for _ in 0..1 + random.below(3) {
                    text.push_str(random.pick(INSERTS));
                }
            }
            _ => {
                for _ in 0..1 + random.below(10) {
                    text.push_str(random.pick(CLUSTER_CHARS));
                }
            }
        }
    }
    text
}

fn corpus_lines() -> Vec<&'static str> {
    CORPUS.lines().filter(|l| !l.is_empty()).collect()
}

#[test]
fn same_words_as_nlpo3_on_the_corpus() {
    let lines = corpus_lines();
    for pair in [Pair::plain(), Pair::with_domain_words()] {
        for line in &lines {
            pair.check(line);
        }
        // The benchmark's paragraphs (3–8 lines joined by a space), and the whole corpus at once.
        for k in 0..lines.len() * 6 {
            let paragraph: Vec<&str> = (0..3 + k % 6).map(|j| lines[(k * 5 + j) % lines.len()]).collect();
            pair.check(&paragraph.join(" "));
        }
        pair.check(&lines.concat());
        pair.check(CORPUS);
    }
}

#[test]
fn same_words_as_nlpo3_on_random_mixes() {
    let lines = corpus_lines();
    let words: Vec<&str> = BASE_WORDS.lines().collect();
    for (seed, pair) in [(1, Pair::plain()), (2, Pair::with_domain_words())] {
        let mut random = Random(0x9E37_79B9_7F4A_7C15 ^ seed);
        for _ in 0..8_000 {
            pair.check(&random_text(&mut random, &lines, &words));
        }
    }
}

#[test]
fn same_words_as_nlpo3_on_long_and_odd_texts() {
    let lines = corpus_lines();
    let pair = Pair::plain();
    // Long runs without a space.
    pair.check(&lines.iter().map(|l| l.replace(' ', "")).collect::<String>());
    pair.check(&"ลำไยอบแห้ง".repeat(200));
    pair.check(&"กากบาท".repeat(300));
    // The graph-size limit within one stretch: from every นา both นา and นานา go on, so no
    // position is the only candidate until the limit leaves one edge per position.
    for count in 20..40 {
        pair.check(&"นา".repeat(count));
        pair.check(&format!("{}มากมายไปมา{}", "นา".repeat(count), lines[3]));
    }
    // Many unknown words in a row (x, space, x, …): nlpo3 counts them towards the limit too,
    // so the first dictionary position after 50 of them gets a single edge.
    for unknown in ["x ", "GMP ", "1.5 ", "ๆ ", "😀 "] {
        for count in (20..=30).chain([1, 60, 200]) {
            for thai in ["กากบาท", "มากมายนานา", lines[0]] {
                pair.check(&format!("{}{thai}", unknown.repeat(count)));
                pair.check(&format!("{}{}{thai}", lines[1], unknown.repeat(count)));
            }
        }
    }
    for unknown in ["ฯ", "😀", "-"] {
        pair.check(&format!("{}{}", unknown.repeat(60), lines[0]));
    }
    for text in ["", " ", "ก", "ๆ", "\r", "\r\n", "\n\n", "a", "1", "๑", "เ", "์", "เก", "แก็ก", "เกีย", "เกียก"]
    {
        pair.check(text);
    }
}
