//! The matcher: services in, ranked services with reasons out.
//!
//! A need is read three ways: its own words (segmented Thai), the knowledge-base concepts
//! its phrases name (expanded into the technical terms services use), and the stages and
//! categories those concepts point to. BM25 over words and concepts picks candidates;
//! category, stage and coverage fit, remaining capacity and feedback then re-rank them.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use rustc_hash::FxHashMap;

use otop_domain::{Category, Stage};
use otop_thai::{Segmenter, is_negation, normalize};

use super::reasons::{Reason, explain};
use super::score::{Fit, NeedProfile, Weights, combine};
use super::service::{NeedQuery, ServiceRecord};
use super::text_index::{Clause, IndexedText, TextIndex};
use crate::KnowledgeBase;

/// Candidates taken from the text index for re-ranking.
const POOL: usize = 100;

/// One ranked service.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    pub key: String,
    pub score: f32,
    pub reasons: Vec<Reason>,
}

/// What can go wrong while matching. Nothing can today: the index lives in memory and its
/// operations cannot fail. The matcher's methods keep returning `Result` so that a fallible
/// index (one on disk) can come back without changing its callers.
#[derive(Debug, thiserror::Error)]
pub enum MatchError {}

pub struct Matcher {
    kb: &'static KnowledgeBase,
    segmenter: Arc<Segmenter>,
    /// Every knowledge-base term's words, segmented once: a need's expansion adds dozens
    /// of terms, and segmenting them on every query was time spent for the same answer.
    term_words: HashMap<String, Vec<String>>,
    /// The index's id of each knowledge-base concept (by knowledge-base index).
    concept_terms: Vec<u32>,
    catalogue: RwLock<Catalogue>,
    weights: Weights,
}

/// The services and their index, behind one lock: a search sees the index and the
/// entries of the same moment.
struct Catalogue {
    slots: Vec<Option<Entry>>,
    by_key: HashMap<String, u32>,
    free: Vec<u32>,
    /// Also the vocabulary: each service's distinct words (for the "matched words" reason)
    /// are read back from it.
    index: TextIndex,
}

/// A service with what was read from its text once, at indexing time.
struct Entry {
    record: ServiceRecord,
    /// Concepts found in the text, sorted by knowledge-base index.
    concepts: Vec<usize>,
}

/// A service's text read once, on one of the reading threads: its distinct words (ids of
/// that thread's [`LocalWords`]) with their counts, in the order first met; its length in
/// words (the title's twice); its concepts.
struct ReadText {
    record: ServiceRecord,
    words: Vec<(u32, u32)>,
    len: u32,
    concepts: Vec<usize>,
}

/// One reading thread's words: ids local to the thread (mapped to the index's ids once the
/// threads are done, so the threads share nothing), and the words of each whitespace-free
/// chunk already segmented — catalogues repeat provider names and stock phrases.
#[derive(Default)]
struct LocalWords {
    ids: FxHashMap<String, u32>,
    words: Vec<String>,
    chunks: FxHashMap<String, Vec<u32>>,
    /// Scratch for counting one text's words.
    counts: Vec<u32>,
}

impl Matcher {
    /// An empty matcher with the built-in knowledge base and the shared segmenter.
    pub fn new() -> Result<Self, MatchError> {
        let segmenter = Segmenter::shared();
        let kb = KnowledgeBase::builtin();
        let term_words = kb
            .concepts()
            .iter()
            .flat_map(|c| &c.terms)
            .map(|t| (t.clone(), segmenter.index_tokens(t).into_iter().map(|w| w.text).collect()))
            .collect();
        let mut index = TextIndex::new();
        let concept_terms = kb.concepts().iter().map(|c| index.intern_concept(&c.id)).collect();
        let catalogue = Catalogue { slots: Vec::new(), by_key: HashMap::new(), free: Vec::new(), index };
        Ok(Matcher {
            kb,
            term_words,
            concept_terms,
            segmenter,
            catalogue: RwLock::new(catalogue),
            weights: Weights::default(),
        })
    }

    /// A matcher holding `services`.
    pub fn build(services: Vec<ServiceRecord>) -> Result<Self, MatchError> {
        let m = Matcher::new()?;
        m.upsert(services)?;
        // The first search over a new index pays for first touching its pages (a third of
        // a second at 100,000 services); pay it here rather than on a producer's first need.
        m.rank(&NeedQuery { text: "ผลิตภัณฑ์ชุมชน".into(), ..Default::default() }, 1)?;
        Ok(m)
    }

    pub fn len(&self) -> usize {
        self.read().by_key.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Adds services or replaces those with the same key; searches see them on return.
    pub fn upsert(&self, services: Vec<ServiceRecord>) -> Result<(), MatchError> {
        let read = self.read_texts(services);
        let mut guard = self.catalogue.write().unwrap_or_else(|p| p.into_inner());
        let cat = &mut *guard;
        let mut replaced = Vec::new();
        let mut docs = Vec::new();
        let mut entries = Vec::new();
        for (texts, local) in read {
            let ids: Vec<u32> = local.words.iter().map(|w| cat.index.intern_word(w)).collect();
            for t in texts {
                let slot = match cat.by_key.get(&t.record.key) {
                    Some(s) => {
                        replaced.push(*s);
                        *s
                    }
                    None => {
                        let s = cat.free.pop().unwrap_or_else(|| {
                            cat.slots.push(None);
                            (cat.slots.len() - 1) as u32
                        });
                        cat.by_key.insert(t.record.key.clone(), s);
                        s
                    }
                };
                docs.push(IndexedText {
                    slot,
                    words: t.words.iter().map(|(w, n)| (ids[*w as usize], *n)).collect(),
                    len: t.len,
                    concepts: t.concepts.iter().map(|c| self.concept_terms[*c]).collect(),
                });
                entries.push((slot, Entry { record: t.record, concepts: t.concepts }));
            }
        }
        cat.index.replace(&replaced, docs);
        for (slot, e) in entries {
            cat.slots[slot as usize] = Some(e);
        }
        Ok(())
    }

    /// Removes services (withdrawn or deleted); unknown keys are ignored.
    pub fn remove(&self, keys: &[String]) -> Result<(), MatchError> {
        let mut cat = self.catalogue.write().unwrap_or_else(|p| p.into_inner());
        let mut slots = Vec::new();
        for k in keys {
            if let Some(s) = cat.by_key.remove(k) {
                cat.slots[s as usize] = None;
                cat.free.push(s);
                slots.push(s);
            }
        }
        cat.index.replace(&slots, Vec::new());
        Ok(())
    }

    /// The `top` services that best answer `need`, best first, each with its reasons.
    pub fn rank(&self, need: &NeedQuery, top: usize) -> Result<Vec<Ranked>, MatchError> {
        let profile = self.profile(need);
        let cat = self.read();
        let candidates = cat.index.search(&profile.clauses, POOL.max(top));
        let Some(best) = candidates.first().map(|c| c.1) else { return Ok(Vec::new()) };
        let mut scored: Vec<(f32, u32, Fit)> = candidates
            .iter()
            .filter_map(|(slot, text_score)| {
                let e = cat.slots.get(*slot as usize)?.as_ref()?;
                let fit = Fit::of(&profile, &e.record, &e.concepts, text_score / best);
                Some((combine(&self.weights, &fit), *slot, fit))
            })
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        scored.truncate(top);
        Ok(scored
            .into_iter()
            .filter_map(|(score, slot, fit)| {
                let e = cat.slots[slot as usize].as_ref()?;
                let words = cat.index.doc_words(slot);
                let reasons = explain(self.kb, &profile, &e.record, words, &e.concepts, &fit);
                Some(Ranked { key: e.record.key.clone(), score, reasons })
            })
            .collect())
    }

    /// What the need says: weighted query clauses, concepts, stages and categories.
    pub fn profile(&self, need: &NeedQuery) -> NeedProfile {
        let mut words: HashMap<String, f32> = HashMap::new();
        for t in self.segmenter.index_tokens(&need.text) {
            if !is_negation(&t.text) {
                add_max(&mut words, t.text, 1.0);
            }
        }
        if let Some(p) = &need.product {
            for t in self.segmenter.index_tokens(p) {
                add_max(&mut words, t.text, self.weights.product_word);
            }
        }
        let mut own_words: Vec<String> = words.keys().cloned().collect();
        own_words.sort_unstable();
        let normalized = normalize(&need.text);
        let (_, expansion) = self.kb.analyse(&normalized);
        for (term, w) in &expansion.terms {
            match self.term_words.get(term) {
                Some(ws) => ws.iter().for_each(|t| add_max(&mut words, t.clone(), self.weights.expansion_word * w)),
                None => self
                    .segmenter
                    .index_tokens(term)
                    .into_iter()
                    .for_each(|t| add_max(&mut words, t.text, self.weights.expansion_word * w)),
            }
        }
        let mut clauses: Vec<Clause> = words.into_iter().map(|(w, b)| Clause::Word(w, b)).collect();
        let mut concepts = Vec::with_capacity(expansion.concepts.len());
        for c in &expansion.concepts {
            clauses.push(Clause::Concept(c.id.clone(), self.weights.concept_clause * c.weight));
            concepts.push((c.concept, c.weight));
        }
        // A stable order keeps equal scores in the same order from run to run.
        fn key(c: &Clause) -> (u8, &str) {
            match c {
                Clause::Word(w, _) => (0, w.as_str()),
                Clause::Concept(id, _) => (1, id.as_str()),
            }
        }
        clauses.sort_by(|a, b| key(a).cmp(&key(b)));

        let mut stages: Vec<(Stage, f32)> = expansion.stages.clone();
        for s in &need.stages {
            set_max(&mut stages, *s, 1.0);
        }
        let mut categories: Vec<(Category, f32)> = expansion.categories.clone();
        if let Some(c) = need.category {
            set_max(&mut categories, c, 1.0);
        }
        NeedProfile {
            clauses,
            own_words,
            concepts,
            stages,
            categories,
            explicit_category: need.category,
            province_code: need.province_code,
        }
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Catalogue> {
        self.catalogue.read().unwrap_or_else(|p| p.into_inner())
    }

    /// Segments and reads each service's text, on every core: this is most of the time it
    /// takes to build an index. Returns each thread's texts, in the order given, with the
    /// words their ids refer to.
    fn read_texts(&self, services: Vec<ServiceRecord>) -> Vec<(Vec<ReadText>, LocalWords)> {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(services.len().max(1));
        let per = services.len().div_ceil(threads.max(1)).max(1);
        let read_all = |chunk: Vec<ServiceRecord>| {
            let mut local = LocalWords::default();
            let texts: Vec<ReadText> = chunk.into_iter().map(|r| self.read_text(r, &mut local)).collect();
            (texts, local)
        };
        if threads <= 1 {
            return vec![read_all(services)];
        }
        let mut chunks: Vec<Vec<ServiceRecord>> = Vec::new();
        let mut it = services.into_iter().peekable();
        while it.peek().is_some() {
            chunks.push(it.by_ref().take(per).collect());
        }
        std::thread::scope(|s| {
            let handles: Vec<_> = chunks.into_iter().map(|chunk| s.spawn(move || read_all(chunk))).collect();
            handles.into_iter().map(|h| h.join().expect("reading a service text does not panic")).collect()
        })
    }

    /// The title's words count twice: a title names what a service is for, while a
    /// description also mentions what it works with.
    fn read_text(&self, record: ServiceRecord, local: &mut LocalWords) -> ReadText {
        let mut ids: Vec<u32> = Vec::new();
        let mut words = |text: &str, out: &mut Vec<u32>| {
            for chunk in text.split_whitespace() {
                if let Some(w) = local.chunks.get(chunk) {
                    out.extend_from_slice(w);
                } else {
                    let w: Vec<u32> = self
                        .segmenter
                        .index_tokens(chunk)
                        .into_iter()
                        .map(|t| match local.ids.get(&t.text) {
                            Some(id) => *id,
                            None => {
                                let id = local.words.len() as u32;
                                local.ids.insert(t.text.clone(), id);
                                local.words.push(t.text);
                                id
                            }
                        })
                        .collect();
                    out.extend_from_slice(&w);
                    local.chunks.insert(chunk.to_string(), w);
                }
            }
        };
        words(&record.title, &mut ids);
        let title = ids.len();
        ids.extend_from_within(..title);
        words(&record.description, &mut ids);
        words(&record.provider, &mut ids);

        if local.counts.len() < local.words.len() {
            local.counts.resize(local.words.len(), 0);
        }
        let mut counted: Vec<(u32, u32)> = Vec::new();
        for id in &ids {
            let n = &mut local.counts[*id as usize];
            if *n == 0 {
                counted.push((*id, 0));
            }
            *n += 1;
        }
        for (id, n) in &mut counted {
            *n = std::mem::take(&mut local.counts[*id as usize]);
        }

        let text = format!("{}\n{}\n{}", record.title, record.description, record.provider);
        let concepts = self.kb.detect_concepts(&normalize(&text));
        ReadText { record, words: counted, len: ids.len() as u32, concepts }
    }
}

fn add_max(words: &mut HashMap<String, f32>, w: String, weight: f32) {
    let e = words.entry(w).or_insert(0.0);
    *e = e.max(weight);
}

fn set_max<T: PartialEq + Copy>(v: &mut Vec<(T, f32)>, key: T, w: f32) {
    match v.iter_mut().find(|(k, _)| *k == key) {
        Some((_, x)) => *x = x.max(w),
        None => v.push((key, w)),
    }
}
