//! The full-text side of matching: an inverted index in memory over each service's words
//! (segmented once by the matcher) and the knowledge-base concepts found in it, answering a
//! weighted any-word query with BM25.
//!
//! Scores are tantivy's BM25, which this index replaced (ARCHITECTURE.md, "Choices"):
//! idf = ln(1 + (N − n + 0.5) / (n + 0.5)), k1 = 1.2, b = 0.75, document lengths rounded
//! to tantivy's one-byte "field norm" code, a clause's boost multiplying its weight, and a
//! concept clause counting once per service (tantivy's `STRING` field had no frequencies).
//!
//! A query adds up every clause for every service that has it, one window of 4,096 slots at
//! a time, and keeps the best `limit` in a heap. MaxScore (reading only the postings that
//! can still change the top `limit`) was tried: with ~60 clauses of similar weight the bar
//! stays low against what the remaining clauses could add, almost every service stays a
//! candidate, and the bookkeeping made queries twice as slow as reading everything.

use std::cell::RefCell;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

use rustc_hash::FxHashMap;

const K1: f32 = 1.2;
const B: f32 = 0.75;

/// A weighted clause of a query: a word of the text field, or a concept id.
#[derive(Debug, Clone, PartialEq)]
pub enum Clause {
    Word(String, f32),
    Concept(String, f32),
}

/// One service as indexed: its distinct words (ids from [`TextIndex::intern_word`]) with
/// their counts, its length in words (repeats included), and its distinct concepts (ids
/// from [`TextIndex::intern_concept`]).
pub struct IndexedText {
    pub slot: u32,
    pub words: Vec<(u32, u32)>,
    pub len: u32,
    pub concepts: Vec<u32>,
}

#[derive(Default)]
pub struct TextIndex {
    words: Field,
    concepts: Field,
    docs: Vec<Option<Doc>>,
    live: u32,
}

/// What is kept of a document to remove it again and to list its words.
struct Doc {
    /// Distinct word ids, ascending.
    words: Box<[u32]>,
    concepts: Box<[u32]>,
    len: u32,
}

#[derive(Default)]
struct Field {
    ids: FxHashMap<Box<str>, u32>,
    names: Vec<Box<str>>,
    lists: Vec<Postings>,
    /// Tokens of the live documents: the average document length is this over their number.
    tokens: u64,
    /// K1 · (1 − B + B · length / average length) for each length code, as tantivy caches it.
    norm_factor: Vec<f32>,
    /// tf / (tf + norm_factor[code]) for the small counts, indexed by a posting's low 20
    /// bits (count, length code): a query then reads one number per posting instead of
    /// dividing.
    tf_factor: Vec<f32>,
}

/// Counts below this have their factors in [`Field::tf_factor`].
const TABLED_TF: u32 = 8;

/// One term's postings, ascending by slot, 4 bytes each and grouped by window of slots
/// (a query reads them window by window; most of its time is reading them).
#[derive(Default)]
struct Postings {
    /// Each window that has postings, with where its postings start in `entries`.
    windows: Vec<(u32, u32)>,
    /// The slot's offset in its window (12 bits), the count (12 bits, saturating: no
    /// service text repeats a word 4,095 times) and the document's length code (8 bits).
    entries: Vec<u32>,
}

const COUNT_MAX: u32 = 0xFFF;

fn posting(slot: u32, tf: u32, norm: u8) -> (u32, u32) {
    (slot, (tf.min(COUNT_MAX) << 8) | u32::from(norm))
}

impl Postings {
    fn len(&self) -> usize {
        self.entries.len()
    }

    fn last_slot(&self) -> Option<u32> {
        let (window, _) = self.windows.last()?;
        Some(window * WINDOW as u32 + self.entries.last()? / (1 << 20))
    }

    /// Appends a posting whose slot is above every slot in the list.
    fn push(&mut self, (slot, packed): (u32, u32)) {
        let window = slot / WINDOW as u32;
        if self.windows.last().is_none_or(|w| w.0 != window) {
            self.windows.push((window, self.entries.len() as u32));
        }
        self.entries.push(((slot % WINDOW as u32) << 20) | packed);
    }

    /// (slot, count and length code) of every posting.
    fn decode(&self) -> Vec<(u32, u32)> {
        let mut out = Vec::with_capacity(self.entries.len());
        for (i, (window, start)) in self.windows.iter().enumerate() {
            let end = self.windows.get(i + 1).map_or(self.entries.len(), |w| w.1 as usize);
            let base = window * WINDOW as u32;
            out.extend(self.entries[*start as usize..end].iter().map(|e| (base + (e >> 20), e & 0xF_FFFF)));
        }
        out
    }

    fn rebuild(&mut self, mut postings: Vec<(u32, u32)>) {
        postings.sort_unstable_by_key(|p| p.0);
        *self = Postings::default();
        postings.into_iter().for_each(|p| self.push(p));
    }

    /// The postings of `window`, given the position of the first window at or after it
    /// (advanced past it).
    fn in_window(&self, window: u32, at: &mut usize) -> &[u32] {
        match self.windows.get(*at) {
            Some(&(w, start)) if w == window => {
                *at += 1;
                let end = self.windows.get(*at).map_or(self.entries.len(), |w| w.1 as usize);
                &self.entries[start as usize..end]
            }
            _ => &[],
        }
    }
}

/// tantivy's field-norm code (Lucene's `SmallFloat.intToByte4` shifted): lengths up to 40
/// exactly, then four significant bits. `length(code)` is the length a code stands for.
fn length(code: u8) -> u32 {
    let c = u32::from(code);
    if c < 40 {
        c
    } else {
        let (exp, mantissa) = ((c - 40) / 8, (c - 40) % 8);
        24 + ((8 + mantissa) << (exp + 1))
    }
}

/// The code of a length: the largest code whose length does not exceed it.
fn length_code(len: u32) -> u8 {
    let (mut lo, mut hi) = (0u32, 255u32);
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if length(mid as u8) <= len { lo = mid } else { hi = mid - 1 }
    }
    lo as u8
}

fn idf(doc_freq: u32, docs: u32) -> f32 {
    let x = ((docs - doc_freq) as f32 + 0.5) / (doc_freq as f32 + 0.5);
    (1.0 + x).ln()
}

impl Field {
    fn intern(&mut self, term: &str) -> u32 {
        if let Some(id) = self.ids.get(term) {
            return *id;
        }
        let id = self.names.len() as u32;
        self.names.push(term.into());
        self.ids.insert(term.into(), id);
        self.lists.push(Postings::default());
        id
    }

    fn refresh(&mut self, docs: u32) {
        let average = self.tokens as f32 / docs as f32;
        self.norm_factor = (0..=255u8).map(|c| K1 * (1.0 - B + B * length(c) as f32 / average)).collect();
        self.tf_factor =
            (0..TABLED_TF).flat_map(|tf| self.norm_factor.iter().map(move |n| tf as f32 / (tf as f32 + n))).collect();
    }
}

/// Slots scored together: the window's scores stay in the first-level cache.
const WINDOW: usize = 4_096;

thread_local! {
    /// One window of scores per thread, all zero between queries.
    static WINDOW_SCORES: RefCell<Box<[f32; WINDOW]>> = RefCell::new(Box::new([0.0; WINDOW]));
}

/// A clause resolved against the index.
struct Term<'a> {
    list: &'a Postings,
    weight: f32,
    field: &'a Field,
}

impl Term<'_> {
    /// The score of a posting (its low 20 bits: count and length code).
    #[inline]
    fn score(&self, packed: u32) -> f32 {
        let factor = match self.field.tf_factor.get(packed as usize) {
            Some(f) => *f,
            None => {
                let tf = (packed >> 8) as f32;
                tf / (tf + self.field.norm_factor[(packed & 0xFF) as usize])
            }
        };
        self.weight * factor
    }
}

impl TextIndex {
    pub fn new() -> Self {
        TextIndex::default()
    }

    pub fn intern_word(&mut self, w: &str) -> u32 {
        self.words.intern(w)
    }

    pub fn intern_concept(&mut self, id: &str) -> u32 {
        self.concepts.intern(id)
    }

    /// The distinct words of the service in `slot`, in the order they were first indexed.
    pub fn doc_words(&self, slot: u32) -> impl Iterator<Item = &str> {
        let words = self.docs.get(slot as usize).and_then(Option::as_ref).map_or(&[][..], |d| &d.words[..]);
        words.iter().map(|id| &*self.words.names[*id as usize])
    }

    /// Removes the documents of the `removed` slots and adds `added` (a slot that holds a
    /// document is replaced). Searches see the result once this returns.
    pub fn replace(&mut self, removed: &[u32], mut added: Vec<IndexedText>) {
        // Removal: take the documents out, then filter each list they were in once.
        let mut gone = vec![false; self.docs.len()];
        let mut word_lists = Vec::new();
        let mut concept_lists = Vec::new();
        for slot in removed.iter().copied().chain(added.iter().map(|a| a.slot)) {
            let Some(doc) = self.docs.get_mut(slot as usize).and_then(Option::take) else { continue };
            gone[slot as usize] = true;
            self.live -= 1;
            self.words.tokens -= u64::from(doc.len);
            self.concepts.tokens -= doc.concepts.len() as u64;
            word_lists.extend_from_slice(&doc.words);
            concept_lists.extend_from_slice(&doc.concepts);
        }
        for (field, lists) in [(&mut self.words, &mut word_lists), (&mut self.concepts, &mut concept_lists)] {
            lists.sort_unstable();
            lists.dedup();
            for t in lists.iter() {
                let list = &mut field.lists[*t as usize];
                let mut kept = list.decode();
                kept.retain(|p| !gone[p.0 as usize]);
                list.rebuild(kept);
            }
        }

        // Addition, in slot order: a bulk load of new slots only appends.
        added.sort_by_key(|a| a.slot);
        // Postings for slots below a list's last one (a freed slot reused) wait here and are
        // merged in once per list.
        let mut unsorted: FxHashMap<(bool, u32), Vec<(u32, u32)>> = FxHashMap::default();
        for a in added {
            let slot = a.slot as usize;
            if self.docs.len() <= slot {
                self.docs.resize_with(slot + 1, || None);
            }
            let norm = length_code(a.len);
            for &(t, tf) in &a.words {
                let list = &mut self.words.lists[t as usize];
                if list.last_slot().is_some_and(|last| last > a.slot) {
                    unsorted.entry((false, t)).or_default().push(posting(a.slot, tf, norm));
                } else {
                    list.push(posting(a.slot, tf, norm));
                }
            }
            let concept_norm = length_code(a.concepts.len() as u32);
            for &c in &a.concepts {
                let list = &mut self.concepts.lists[c as usize];
                if list.last_slot().is_some_and(|last| last > a.slot) {
                    unsorted.entry((true, c)).or_default().push(posting(a.slot, 1, concept_norm));
                } else {
                    list.push(posting(a.slot, 1, concept_norm));
                }
            }
            self.live += 1;
            self.words.tokens += u64::from(a.len);
            self.concepts.tokens += a.concepts.len() as u64;
            let mut words: Vec<u32> = a.words.iter().map(|w| w.0).collect();
            words.sort_unstable();
            self.docs[slot] = Some(Doc { words: words.into(), concepts: a.concepts.into(), len: a.len });
        }
        for ((concept, t), extra) in unsorted {
            let field = if concept { &mut self.concepts } else { &mut self.words };
            let list = &mut field.lists[t as usize];
            let mut all = list.decode();
            all.extend(extra);
            list.rebuild(all);
        }
        if self.live > 0 {
            self.words.refresh(self.live);
            self.concepts.refresh(self.live);
        }
    }

    /// The `limit` best slots for `clauses`, with their BM25 scores, best first (equal
    /// scores by slot).
    pub fn search(&self, clauses: &[Clause], limit: usize) -> Vec<(u32, f32)> {
        if clauses.is_empty() || limit == 0 || self.live == 0 {
            return Vec::new();
        }
        let terms: Vec<Term<'_>> = clauses
            .iter()
            .filter_map(|c| {
                let (field, term, boost) = match c {
                    Clause::Word(w, b) => (&self.words, w, *b),
                    Clause::Concept(id, b) => (&self.concepts, id, *b),
                };
                // A clause without weight adds nothing to any score.
                if boost.is_nan() || boost <= 0.0 {
                    return None;
                }
                let list = &field.lists[*field.ids.get(term.as_str())? as usize];
                if list.len() == 0 {
                    return None;
                }
                let weight = idf(list.len() as u32, self.live) * (1.0 + K1) * boost;
                Some(Term { list, weight, field })
            })
            .collect();
        // Every score is added up in the clauses' order.
        WINDOW_SCORES.with(|w| search_in(&terms, self.docs.len(), limit, &mut w.borrow_mut()))
    }
}

/// A candidate for the top `limit`; the better is the greater: higher score, then lower slot.
#[derive(Clone, Copy, PartialEq)]
struct Hit {
    score: f32,
    slot: u32,
}

impl Eq for Hit {}

impl Ord for Hit {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.score.total_cmp(&other.score).then(other.slot.cmp(&self.slot))
    }
}

impl PartialOrd for Hit {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// Adds up every clause for every service it names, one window of slots at a time (the
/// window's scores stay in the first-level cache; tantivy's union works the same way), and
/// keeps the top `limit` in a heap whose lowest score is the bar for the next service.
fn search_in(terms: &[Term<'_>], slots: usize, limit: usize, window: &mut [f32; WINDOW]) -> Vec<(u32, f32)> {
    let mut cursors = vec![0usize; terms.len()];
    let mut top: BinaryHeap<Reverse<Hit>> = BinaryHeap::with_capacity(limit + 1);
    let mut threshold = f32::NEG_INFINITY;
    for base in (0..slots).step_by(WINDOW) {
        let number = (base / WINDOW) as u32;
        for (t, cursor) in terms.iter().zip(&mut cursors) {
            for e in t.list.in_window(number, cursor) {
                window[(e >> 20) as usize % WINDOW] += t.score(e & 0xF_FFFF);
            }
        }
        for (offset, s) in window.iter_mut().enumerate() {
            // Slots come in ascending order, so an equal score loses to the one already in.
            if *s > threshold && *s > 0.0 {
                let hit = Hit { score: *s, slot: (base + offset) as u32 };
                if top.len() == limit {
                    top.pop();
                }
                top.push(Reverse(hit));
                if top.len() == limit {
                    threshold = top.peek().map_or(f32::NEG_INFINITY, |h| h.0.score);
                }
            }
            *s = 0.0;
        }
    }
    let mut ranked: Vec<Hit> = top.into_iter().map(|h| h.0).collect();
    ranked.sort_unstable_by(|a, b| b.cmp(a));
    ranked.into_iter().map(|h| (h.slot, h.score)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_codes_are_tantivys() {
        // Spot checks against tantivy 0.27's FIELD_NORMS_TABLE.
        let table =
            [(0, 0), (39, 39), (40, 40), (41, 42), (48, 56), (49, 60), (57, 96), (88, 1_048), (255, 2_013_265_944)];
        for (code, len) in table {
            assert_eq!(length(code), len, "code {code}");
            assert_eq!(length_code(len), code);
        }
        assert_eq!(length_code(43), 41);
        assert_eq!(length_code(u32::MAX), 255);
        assert!((1..=255u8).all(|c| length(c) > length(c - 1)));
    }

    fn doc(index: &mut TextIndex, slot: u32, words: &[&str], concepts: &[&str]) -> IndexedText {
        let mut counts: Vec<(u32, u32)> = Vec::new();
        for w in words {
            let id = index.intern_word(w);
            match counts.iter_mut().find(|c| c.0 == id) {
                Some(c) => c.1 += 1,
                None => counts.push((id, 1)),
            }
        }
        let concepts = concepts.iter().map(|c| index.intern_concept(c)).collect();
        IndexedText { slot, words: counts, len: words.len() as u32, concepts }
    }

    /// Scores every document by the formula, without the index's shortcuts.
    fn brute_force(docs: &[(u32, Vec<&str>, Vec<&str>)], clauses: &[Clause]) -> Vec<(u32, f32)> {
        let n = docs.len() as u32;
        let avg_words = docs.iter().map(|d| d.1.len()).sum::<usize>() as f32 / n as f32;
        let avg_concepts = docs.iter().map(|d| d.2.len()).sum::<usize>() as f32 / n as f32;
        let mut out: Vec<(u32, f32)> = docs
            .iter()
            .map(|(slot, words, concepts)| {
                let mut score = 0.0f32;
                for c in clauses {
                    let (concept, term, boost) = match c {
                        Clause::Word(w, b) => (false, w.as_str(), *b),
                        Clause::Concept(id, b) => (true, id.as_str(), *b),
                    };
                    let avg = if concept { avg_concepts } else { avg_words };
                    let df =
                        docs.iter().filter(|d| if concept { d.2.contains(&term) } else { d.1.contains(&term) }).count()
                            as u32;
                    let here = if concept { concepts.clone() } else { words.clone() };
                    let tf = here.iter().filter(|w| **w == term).count() as f32;
                    if tf == 0.0 {
                        continue;
                    }
                    let len = length(length_code(here.len() as u32)) as f32;
                    let norm = K1 * (1.0 - B + B * len / avg);
                    score += idf(df, n) * (1.0 + K1) * boost * (tf / (tf + norm));
                }
                (*slot, score)
            })
            .filter(|d| d.1 > 0.0)
            .collect();
        out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        out
    }

    #[test]
    fn scores_are_bm25_across_windows() {
        // More documents than one window of slots.
        let vocabulary = ["ลำไย", "อบแห้ง", "ผลิตภัณฑ์", "ชุมชน", "บรรจุภัณฑ์", "ฉลาก", "รา", "มาตรฐาน"];
        let mut docs: Vec<(u32, Vec<&str>, Vec<&str>)> = Vec::new();
        let mut seed = 7u32;
        let mut next = || {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (seed >> 8) as usize
        };
        for slot in 0..6_000u32 {
            let len = 1 + next() % 12;
            let words: Vec<&str> = (0..len).map(|i| vocabulary[(next() % (3 + i)).min(vocabulary.len() - 1)]).collect();
            let concepts: Vec<&str> = if next() % 5 == 0 { vec!["shelf_life"] } else { vec![] };
            docs.push((slot, words, concepts));
        }
        let mut index = TextIndex::new();
        let added: Vec<IndexedText> = docs.iter().map(|(s, w, c)| doc(&mut index, *s, w, c)).collect();
        index.replace(&[], added);
        let clauses = vec![
            Clause::Word("ลำไย".into(), 1.0),
            Clause::Word("ผลิตภัณฑ์".into(), 0.4),
            Clause::Word("มาตรฐาน".into(), 1.0),
            Clause::Word("ชุมชน".into(), 0.2),
            Clause::Word("ไม่มีคำนี้".into(), 1.0),
            Clause::Concept("shelf_life".into(), 1.5),
        ];
        let expected = brute_force(&docs, &clauses);
        for limit in [1, 10, 100] {
            let got = index.search(&clauses, limit);
            assert_eq!(got.len(), limit);
            for (g, e) in got.iter().zip(&expected) {
                assert_eq!(g.0, e.0, "limit {limit}");
                assert!((g.1 - e.1).abs() <= 1e-5 * e.1, "{} vs {}", g.1, e.1);
            }
        }
    }

    #[test]
    fn replacing_and_removing_documents_updates_lists_and_statistics() {
        let mut index = TextIndex::new();
        let a = doc(&mut index, 0, &["ลำไย", "อบแห้ง"], &["drying"]);
        let b = doc(&mut index, 1, &["ผ้า", "สีตก"], &[]);
        let c = doc(&mut index, 2, &["ลำไย", "ส่งออก"], &[]);
        index.replace(&[], vec![a, b, c]);
        let longan = [Clause::Word("ลำไย".into(), 1.0)];
        assert_eq!(index.search(&longan, 10).iter().map(|r| r.0).collect::<Vec<_>>(), [0, 2]);

        // Replace slot 0 with a text without the word, remove slot 2, reuse slot 2 later.
        let a2 = doc(&mut index, 0, &["ผ้า"], &[]);
        index.replace(&[2], vec![a2]);
        assert!(index.search(&longan, 10).is_empty());
        assert!(index.search(&[Clause::Concept("drying".into(), 1.0)], 10).is_empty());
        assert_eq!(index.doc_words(0).collect::<Vec<_>>(), ["ผ้า"]);
        assert_eq!(index.doc_words(2).count(), 0);
        let c2 = doc(&mut index, 2, &["ลำไย"], &[]);
        index.replace(&[], vec![c2]);
        let got = index.search(&longan, 10);
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].0, 2);
        // Three live documents, one with the word: the statistics are those of the live ones.
        let expected = idf(1, 3) * (1.0 + K1) * (1.0 / (1.0 + K1 * (1.0 - B + B * 1.0 / (4.0 / 3.0))));
        assert!((got[0].1 - expected).abs() < 1e-6, "{} vs {expected}", got[0].1);

        // A freed slot below the others comes back: its postings go in order.
        index.replace(&[0], Vec::new());
        let a3 = doc(&mut index, 0, &["สีตก", "ผ้า"], &[]);
        index.replace(&[], vec![a3]);
        let mut fading: Vec<u32> = index.search(&[Clause::Word("สีตก".into(), 1.0)], 10).iter().map(|r| r.0).collect();
        fading.sort_unstable();
        assert_eq!(fading, [0, 1]);
        assert_eq!(
            index.words.lists[index.words.ids["สีตก"] as usize].decode().iter().map(|p| p.0).collect::<Vec<_>>(),
            [0, 1]
        );
    }
}
