//! The knowledge base (ฐานความรู้): a curated, officer-editable file that links the everyday
//! phrases producers write ("ขึ้นรา", "เก็บได้ไม่นาน") to technical concepts, the vocabulary
//! that service descriptions use ("เชื้อรา", "วอเตอร์แอคทิวิตี", "ยืดอายุการเก็บรักษา"),
//! value-chain stages and product categories.
//!
//! The file is TOML (`data/knowledge.toml`, one `[[concept]]` table per concept; see
//! `data/README.md`). It is validated as a whole and every problem is reported at once, in
//! Thai and English, with the line and the concept id. Phrases and terms are normalised
//! when loaded, so officers may write "อ.ย." or "GMP".
//!
//! [`KnowledgeBase::detect`] finds the concepts in a (normalised) need text with one
//! Aho–Corasick automaton, also inside longer words, and marks negated hits (see
//! [`crate::negation`] for the rule). [`KnowledgeBase::expand`] turns the hits into weighted
//! terms, stages and categories for retrieval and ranking.

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;
use std::sync::OnceLock;

use otop_domain::{Bilingual, Category, Stage};
use serde::Deserialize;

use crate::negation::is_negated;
use crate::normalize::{is_dependent, is_leading_vowel, normalize};
use crate::phrase_matcher::{PhraseMatcher, squeeze};

/// The knowledge file shipped with the program.
pub const BUILTIN_TOML: &str = include_str!("../data/knowledge.toml");

/// Weight of a hit on an everyday phrase.
pub const PHRASE_WEIGHT: f32 = 1.0;
/// Weight of a hit on a technical term: good evidence, but terms are written for expansion.
pub const TERM_WEIGHT: f32 = 0.8;
/// A term listed by more concepts than this weighs `TERM_WEIGHT × limit / concepts`.
pub const SHARED_TERM_LIMIT: usize = 2;
/// Weight of a hit on a short or ambiguous phrase ("ขวด", "ราคา").
pub const WEAK_WEIGHT: f32 = 0.4;
/// Factor for a hit at least half covered by a longer hit of another concept
/// ("เงินทุน" inside "เงินทุนหมุนเวียน"): the general concept still counts, but less.
pub const NESTED_FACTOR: f32 = 0.5;
/// Share of a concept's further (distinct) hits added to its best hit, and the cap.
const EXTRA_HIT_SHARE: f32 = 0.25;
const MAX_CONCEPT_WEIGHT: f32 = 1.5;

/// What "ไม่มี X" means for a concept; see [`crate::negation`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ConceptKind {
    /// A defect or symptom (ขึ้นรา, สีตก): "ไม่มี X" means there is no such problem.
    Problem,
    /// Something a producer obtains (อย, สินเชื่อ, เครื่องซีล, ช่องทางขาย): "ไม่มี X" is the need.
    Requirement,
}

impl ConceptKind {
    pub fn code(self) -> &'static str {
        match self {
            ConceptKind::Problem => "problem",
            ConceptKind::Requirement => "requirement",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        match s.trim().to_lowercase().as_str() {
            "problem" | "ปัญหา" => Some(ConceptKind::Problem),
            "requirement" | "need" | "สิ่งที่ต้องการ" | "ความต้องการ" => {
                Some(ConceptKind::Requirement)
            }
            _ => None,
        }
    }
}

/// One concept of the knowledge base. Phrases and terms are normalised.
#[derive(Debug, Clone, PartialEq)]
pub struct Concept {
    pub id: String,
    pub name_th: String,
    pub name_en: String,
    pub kind: ConceptKind,
    /// Everyday words producers use.
    pub phrases: Vec<String>,
    /// Short or ambiguous triggers that count less.
    pub weak_phrases: Vec<String>,
    /// Technical vocabulary of service descriptions, used for query expansion.
    pub terms: Vec<String>,
    pub stages: Vec<Stage>,
    /// Empty means any category.
    pub categories: Vec<Category>,
    /// Line of the concept's `id` in its file.
    pub line: usize,
}

/// Which list of a concept a hit came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HitSource {
    Phrase,
    WeakPhrase,
    Term,
}

impl HitSource {
    fn weight(self) -> f32 {
        match self {
            HitSource::Phrase => PHRASE_WEIGHT,
            HitSource::WeakPhrase => WEAK_WEIGHT,
            HitSource::Term => TERM_WEIGHT,
        }
    }
}

/// A concept found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct ConceptHit {
    /// Index into [`KnowledgeBase::concepts`].
    pub concept: usize,
    pub concept_id: String,
    /// The knowledge-base entry that matched (normalised, as written in the file).
    pub matched: String,
    /// Byte span in the text given to [`KnowledgeBase::detect`].
    pub span: Range<usize>,
    pub source: HitSource,
    /// [`PHRASE_WEIGHT`], [`TERM_WEIGHT`] (less for a term shared by more than
    /// [`SHARED_TERM_LIMIT`] concepts) or [`WEAK_WEIGHT`], times [`NESTED_FACTOR`] for a
    /// hit at least half covered by a longer hit of another concept.
    pub weight: f32,
    /// The text says the opposite ("ไม่มีปัญหาเรื่องรา"): [`KnowledgeBase::expand`] skips it.
    pub negated: bool,
}

/// A concept and how strongly the text speaks of it.
#[derive(Debug, Clone, PartialEq)]
pub struct WeightedConcept {
    pub concept: usize,
    pub id: String,
    pub weight: f32,
}

/// What the hits of a text add up to.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Expansion {
    /// Concepts found (negated hits left out), strongest first. A concept's weight is its
    /// best hit plus a quarter of its other distinct hits, at most 1.5.
    pub concepts: Vec<WeightedConcept>,
    /// The technical terms of those concepts, each with the weight of its strongest concept.
    pub terms: Vec<(String, f32)>,
    /// Stages, summed over concepts; scaled so that the strongest is 1.0 when the evidence
    /// adds up to more than 1.0, left below 1.0 when it is only weak.
    pub stages: Vec<(Stage, f32)>,
    /// Categories, likewise; concepts that fit any category add nothing here.
    pub categories: Vec<(Category, f32)>,
}

impl Expansion {
    pub fn is_empty(&self) -> bool {
        self.concepts.is_empty()
    }

    pub fn stage_weight(&self, stage: Stage) -> f32 {
        self.stages.iter().find(|(s, _)| *s == stage).map_or(0.0, |(_, w)| *w)
    }

    pub fn category_weight(&self, category: Category) -> f32 {
        self.categories.iter().find(|(c, _)| *c == category).map_or(0.0, |(_, w)| *w)
    }

    pub fn concept_weight(&self, id: &str) -> f32 {
        self.concepts.iter().find(|c| c.id == id).map_or(0.0, |c| c.weight)
    }
}

/// One problem in a knowledge file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnowledgeProblem {
    pub concept_id: Option<String>,
    pub line: Option<usize>,
    pub message: Bilingual,
}

impl std::fmt::Display for KnowledgeProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (mut th, mut en) = (String::new(), String::new());
        if let Some(line) = self.line {
            th.push_str(&format!("บรรทัด {line} "));
            en.push_str(&format!("line {line} "));
        }
        if let Some(id) = &self.concept_id {
            th.push_str(&format!("แนวคิด \"{id}\" "));
            en.push_str(&format!("concept \"{id}\" "));
        }
        let th =
            if th.is_empty() { self.message.th.clone() } else { format!("{}: {}", th.trim_end(), self.message.th) };
        let en =
            if en.is_empty() { self.message.en.clone() } else { format!("{}: {}", en.trim_end(), self.message.en) };
        write!(f, "{th} / {en}")
    }
}

/// Why a knowledge file could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum KnowledgeError {
    #[error("อ่านไฟล์ฐานความรู้ {path} ไม่ได้: {source} / Cannot read the knowledge file {path}: {source}")]
    Io { path: String, source: std::io::Error },
    /// The file is not valid TOML, or has a field of the wrong type or an unknown field.
    #[error("{problem}")]
    Syntax { problem: KnowledgeProblem },
    /// The file is valid TOML but its content breaks the rules; every problem is listed.
    #[error("{}", summary(.problems))]
    Invalid { problems: Vec<KnowledgeProblem> },
    #[error("{message}")]
    Matcher { message: Bilingual },
}

impl KnowledgeError {
    /// Every problem, whatever the variant.
    pub fn problems(&self) -> Vec<KnowledgeProblem> {
        match self {
            KnowledgeError::Syntax { problem } => vec![problem.clone()],
            KnowledgeError::Invalid { problems } => problems.clone(),
            KnowledgeError::Io { .. } | KnowledgeError::Matcher { .. } => {
                vec![KnowledgeProblem { concept_id: None, line: None, message: self.bilingual() }]
            }
        }
    }

    fn bilingual(&self) -> Bilingual {
        let s = self.to_string();
        match s.split_once(" / ") {
            Some((th, en)) => Bilingual::new(th, en),
            None => Bilingual::new(s.clone(), s),
        }
    }
}

fn summary(problems: &[KnowledgeProblem]) -> String {
    let mut s = format!("ไฟล์ฐานความรู้มีข้อผิดพลาด {n} รายการ / The knowledge file has {n} problem(s):", n = problems.len());
    for p in problems {
        s.push_str("\n- ");
        s.push_str(&p.to_string());
    }
    s
}

// ----- the file format ---------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    #[allow(dead_code)]
    version: Option<u32>,
    #[serde(default)]
    protected_words: Vec<String>,
    #[serde(default)]
    concept: Vec<RawConcept>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConcept {
    id: Option<toml::Spanned<String>>,
    #[serde(default)]
    name_th: String,
    #[serde(default)]
    name_en: String,
    kind: Option<String>,
    #[serde(default)]
    phrases: Vec<String>,
    #[serde(default)]
    weak_phrases: Vec<String>,
    #[serde(default)]
    terms: Vec<String>,
    #[serde(default)]
    stages: Vec<String>,
    #[serde(default)]
    categories: Vec<String>,
}

/// Which concept entries a pattern (a squeezed phrase or term) stands for.
#[derive(Debug, Clone)]
struct PatternEntry {
    concept: usize,
    source: HitSource,
    text: String,
    weight: f32,
}

/// The loaded knowledge base with its phrase automaton.
pub struct KnowledgeBase {
    concepts: Vec<Concept>,
    by_id: HashMap<String, usize>,
    protected_words: Vec<String>,
    entries: Vec<Vec<PatternEntry>>,
    matcher: PhraseMatcher,
}

impl std::fmt::Debug for KnowledgeBase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KnowledgeBase")
            .field("concepts", &self.concepts.len())
            .field("patterns", &self.entries.len())
            .finish()
    }
}

impl KnowledgeBase {
    /// The knowledge base built into the program, parsed once.
    ///
    /// # Panics
    /// If the built-in file is invalid; the crate's tests make sure it is not.
    pub fn builtin() -> &'static KnowledgeBase {
        static BUILTIN: OnceLock<KnowledgeBase> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            KnowledgeBase::from_toml_str(BUILTIN_TOML)
                .unwrap_or_else(|e| panic!("the built-in knowledge base is invalid: {e}"))
        })
    }

    /// Loads a knowledge file edited by officers.
    pub fn from_file(path: impl AsRef<Path>) -> Result<KnowledgeBase, KnowledgeError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path)
            .map_err(|source| KnowledgeError::Io { path: path.display().to_string(), source })?;
        Self::from_toml_str(&text)
    }

    /// Parses and validates a knowledge file and builds its matcher.
    pub fn from_toml_str(source: &str) -> Result<KnowledgeBase, KnowledgeError> {
        let raw: RawFile = toml::from_str(source).map_err(|e| syntax_error(source, &e))?;
        let mut problems = Vec::new();
        let mut concepts = Vec::with_capacity(raw.concept.len());
        let mut first_line: HashMap<String, usize> = HashMap::new();
        for (n, rc) in raw.concept.into_iter().enumerate() {
            if let Some(c) = validate_concept(source, n, rc, &mut first_line, &mut problems) {
                concepts.push(c);
            }
        }
        if concepts.is_empty() && problems.is_empty() {
            problems.push(KnowledgeProblem {
                concept_id: None,
                line: None,
                message: Bilingual::new(
                    "ไม่มีแนวคิดในไฟล์ — เพิ่มตาราง [[concept]] อย่างน้อยหนึ่งตาราง",
                    "The file has no concepts — add at least one [[concept]] table",
                ),
            });
        }
        let mut protected_words = Vec::new();
        for w in &raw.protected_words {
            let w = squeeze(&normalize(w));
            if w.chars().count() < 2 {
                problems.push(KnowledgeProblem {
                    concept_id: None,
                    line: None,
                    message: Bilingual::new(
                        format!("คำที่ห้ามตัด (protected_words) \"{w}\" สั้นเกินไป ต้องยาวอย่างน้อย 2 ตัวอักษร"),
                        format!("Protected word \"{w}\" is too short: at least 2 characters"),
                    ),
                });
            } else if !protected_words.contains(&w) {
                protected_words.push(w);
            }
        }
        if !problems.is_empty() {
            return Err(KnowledgeError::Invalid { problems });
        }
        Self::build(concepts, protected_words)
    }

    fn build(concepts: Vec<Concept>, protected_words: Vec<String>) -> Result<KnowledgeBase, KnowledgeError> {
        let mut index: HashMap<String, usize> = HashMap::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut entries: Vec<Vec<PatternEntry>> = Vec::new();
        for (ci, c) in concepts.iter().enumerate() {
            let lists = [
                (&c.phrases, HitSource::Phrase),
                (&c.weak_phrases, HitSource::WeakPhrase),
                (&c.terms, HitSource::Term),
            ];
            for (list, source) in lists {
                for text in list {
                    let key = squeeze(text);
                    let pi = *index.entry(key.clone()).or_insert_with(|| {
                        patterns.push(key);
                        entries.push(Vec::new());
                        patterns.len() - 1
                    });
                    let slot = &mut entries[pi];
                    match slot.iter_mut().find(|e| e.concept == ci) {
                        // The same words as phrase and as term: the stronger one counts.
                        Some(e) if source.weight() > e.source.weight() => e.source = source,
                        Some(_) => {}
                        None => slot.push(PatternEntry { concept: ci, source, text: text.clone(), weight: 0.0 }),
                    }
                }
            }
        }
        // A term shared by many concepts ("ความชื้น") says little about which one is meant.
        for slot in &mut entries {
            let shared = slot.iter().filter(|e| e.source == HitSource::Term).count();
            for e in slot.iter_mut() {
                e.weight = match e.source {
                    HitSource::Term if shared > SHARED_TERM_LIMIT => {
                        TERM_WEIGHT * SHARED_TERM_LIMIT as f32 / shared as f32
                    }
                    source => source.weight(),
                };
            }
        }
        let matcher = PhraseMatcher::new(&patterns, &protected_words).map_err(|e| KnowledgeError::Matcher {
            message: Bilingual::new(format!("สร้างตัวค้นหาวลีไม่ได้: {e}"), format!("Cannot build the phrase matcher: {e}")),
        })?;
        let by_id = concepts.iter().enumerate().map(|(i, c)| (c.id.clone(), i)).collect();
        Ok(KnowledgeBase { concepts, by_id, protected_words, entries, matcher })
    }

    pub fn concepts(&self) -> &[Concept] {
        &self.concepts
    }

    pub fn concept(&self, id: &str) -> Option<&Concept> {
        self.by_id.get(id).map(|&i| &self.concepts[i])
    }

    pub fn concept_index(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// Words inside which no phrase may start or end ("ราคา" protects against "รา").
    pub fn protected_words(&self) -> &[String] {
        &self.protected_words
    }

    /// Number of concepts that list each stage.
    pub fn stage_counts(&self) -> Vec<(Stage, usize)> {
        Stage::ALL.iter().map(|s| (*s, self.concepts.iter().filter(|c| c.stages.contains(s)).count())).collect()
    }

    /// Number of concepts that name each category (concepts for any category not counted).
    pub fn category_counts(&self) -> Vec<(Category, usize)> {
        Category::ALL.iter().map(|k| (*k, self.concepts.iter().filter(|c| c.categories.contains(k)).count())).collect()
    }

    /// Finds the concepts spoken of in `normalized_text` (normalised like [`crate::normalize()`]
    /// or `otop-thai`'s normaliser). Hits are ordered by position; a concept may be hit
    /// several times. Negated hits are returned with `negated = true`.
    pub fn detect(&self, normalized_text: &str) -> Vec<ConceptHit> {
        let text = normalized_text;
        let mut hits: Vec<ConceptHit> = Vec::new();
        for m in self.matcher.find_all(text) {
            for e in &self.entries[m.pattern] {
                hits.push(ConceptHit {
                    concept: e.concept,
                    concept_id: self.concepts[e.concept].id.clone(),
                    matched: e.text.clone(),
                    span: m.start..m.end,
                    source: e.source,
                    weight: e.weight,
                    negated: false,
                });
            }
        }
        // Within one concept, a hit inside another of its hits adds nothing.
        let contains =
            |outer: &Range<usize>, inner: &Range<usize>| outer.start <= inner.start && inner.end <= outer.end;
        let keep: Vec<bool> = (0..hits.len())
            .map(|i| {
                !hits.iter().enumerate().any(|(j, g)| {
                    j != i
                        && g.concept == hits[i].concept
                        && contains(&g.span, &hits[i].span)
                        && (g.span != hits[i].span
                            || (g.weight, std::cmp::Reverse(j)) > (hits[i].weight, std::cmp::Reverse(i)))
                })
            })
            .collect();
        let mut hits: Vec<ConceptHit> = hits.into_iter().zip(keep).filter_map(|(h, k)| k.then_some(h)).collect();
        // A hit mostly covered by a longer hit of another concept counts less: "เงินทุน" in
        // "เงินทุนหมุนเวียน", and "ขาดเงิน" overlapping it in "ขาดเงินทุนหมุนเวียน".
        let nested: Vec<bool> = hits
            .iter()
            .map(|h| {
                hits.iter().any(|g| {
                    let overlap = g.span.end.min(h.span.end).saturating_sub(g.span.start.max(h.span.start));
                    g.concept != h.concept
                        && g.source != HitSource::WeakPhrase
                        && g.span.len() > h.span.len()
                        && overlap * 2 >= h.span.len()
                })
            })
            .collect();
        for (h, n) in hits.iter_mut().zip(nested) {
            if n {
                h.weight *= NESTED_FACTOR;
            }
            h.negated = is_negated(text, h.span.clone(), self.concepts[h.concept].kind);
        }
        hits.sort_by(|a, b| {
            a.span.start.cmp(&b.span.start).then(b.span.end.cmp(&a.span.end)).then(a.concept.cmp(&b.concept))
        });
        hits
    }

    /// The concepts that [`Self::detect`] finds in `normalized_text` at least once not
    /// negated, ascending: what indexing a service needs, without building every hit (its
    /// strings, its weight) on the way. A hit inside another of the same concept is left out
    /// as in `detect`; the rest are checked for negation until one is not.
    pub fn detect_concepts(&self, normalized_text: &str) -> Vec<usize> {
        let text = normalized_text;
        let mut spans: Vec<(usize, usize, usize)> = Vec::new();
        for m in self.matcher.find_all(text) {
            for e in &self.entries[m.pattern] {
                spans.push((e.concept, m.start, m.end));
            }
        }
        // By concept, then start, longest first: whatever contains a span comes before it.
        spans.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)).then(b.2.cmp(&a.2)));
        spans.dedup();
        let mut out = Vec::new();
        let mut rest = &spans[..];
        while let Some(&(concept, _, _)) = rest.first() {
            let n = rest.iter().take_while(|s| s.0 == concept).count();
            let kind = self.concepts[concept].kind;
            let mut furthest = 0;
            let found = rest[..n].iter().enumerate().any(|(i, &(_, start, end))| {
                let inside = i > 0 && furthest >= end;
                furthest = furthest.max(end);
                !inside && !is_negated(text, start..end, kind)
            });
            if found {
                out.push(concept);
            }
            rest = &rest[n..];
        }
        out
    }

    /// Adds up hits into weighted concepts, terms, stages and categories. Negated hits are
    /// left out.
    pub fn expand(&self, hits: &[ConceptHit]) -> Expansion {
        // Best weight per (concept, matched entry): repeating a phrase does not add up.
        let mut per_entry: HashMap<(usize, &str), f32> = HashMap::new();
        for h in hits.iter().filter(|h| !h.negated) {
            let w = per_entry.entry((h.concept, h.matched.as_str())).or_insert(0.0);
            *w = w.max(h.weight);
        }
        let mut per_concept: HashMap<usize, Vec<f32>> = HashMap::new();
        for ((c, _), w) in per_entry {
            per_concept.entry(c).or_default().push(w);
        }
        let mut concepts: Vec<WeightedConcept> = per_concept
            .into_iter()
            .map(|(c, ws)| {
                let best = ws.iter().copied().fold(0.0_f32, f32::max);
                let rest: f32 = ws.iter().sum::<f32>() - best;
                let weight = (best + EXTRA_HIT_SHARE * rest).min(MAX_CONCEPT_WEIGHT);
                WeightedConcept { concept: c, id: self.concepts[c].id.clone(), weight }
            })
            .collect();
        concepts.sort_by(|a, b| b.weight.total_cmp(&a.weight).then(a.concept.cmp(&b.concept)));

        let mut terms: Vec<(String, f32)> = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut stages: Vec<(Stage, f32)> = Vec::new();
        let mut categories: Vec<(Category, f32)> = Vec::new();
        for wc in &concepts {
            let c = &self.concepts[wc.concept];
            for t in &c.terms {
                match seen.get(t) {
                    Some(&i) => terms[i].1 = terms[i].1.max(wc.weight),
                    None => {
                        seen.insert(t.clone(), terms.len());
                        terms.push((t.clone(), wc.weight));
                    }
                }
            }
            for s in &c.stages {
                add(&mut stages, *s, wc.weight);
            }
            for k in &c.categories {
                add(&mut categories, *k, wc.weight);
            }
        }
        terms.sort_by(|a, b| b.1.total_cmp(&a.1));
        scale(&mut stages);
        scale(&mut categories);
        Expansion { concepts, terms, stages, categories }
    }

    /// [`Self::detect`] then [`Self::expand`].
    pub fn analyse(&self, normalized_text: &str) -> (Vec<ConceptHit>, Expansion) {
        let hits = self.detect(normalized_text);
        let expansion = self.expand(&hits);
        (hits, expansion)
    }
}

fn add<T: PartialEq>(v: &mut Vec<(T, f32)>, key: T, w: f32) {
    match v.iter_mut().find(|(k, _)| *k == key) {
        Some((_, x)) => *x += w,
        None => v.push((key, w)),
    }
}

/// Divides by the largest weight when it is above 1.0, so that the strongest is 1.0 and
/// weak evidence alone (a weak phrase, a shared term) stays below 1.0.
fn scale<T>(v: &mut [(T, f32)]) {
    let max = v.iter().map(|(_, w)| *w).fold(0.0_f32, f32::max);
    if max > 1.0 {
        for (_, w) in v.iter_mut() {
            *w /= max;
        }
    }
    v.sort_by(|a, b| b.1.total_cmp(&a.1));
}

// ----- validation --------------------------------------------------------------------------

fn line_of(source: &str, byte: usize) -> usize {
    source[..byte.min(source.len())].bytes().filter(|b| *b == b'\n').count() + 1
}

/// The id of the `[[concept]]` table around a byte offset, for messages about TOML errors.
fn concept_id_near(source: &str, byte: usize) -> Option<String> {
    let byte = byte.min(source.len());
    let header = source[..byte].rfind("[[concept]]")?;
    let end = source[header + 11..].find("[[").map_or(source.len(), |e| header + 11 + e);
    source[header..end].lines().find_map(|l| {
        let rest = l.trim().strip_prefix("id")?.trim_start().strip_prefix('=')?.trim();
        let rest = rest.strip_prefix('"')?;
        Some(rest[..rest.find('"')?].to_string())
    })
}

fn syntax_error(source: &str, e: &toml::de::Error) -> KnowledgeError {
    let span = e.span();
    let line = span.as_ref().map(|s| line_of(source, s.start));
    let column = span.as_ref().map(|s| {
        let start = s.start.min(source.len());
        let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
        source[line_start..start].chars().count() + 1
    });
    let concept_id = span.as_ref().and_then(|s| concept_id_near(source, s.start));
    let msg = e.message().trim().replace('\n', " ");
    let at_th = column.map(|c| format!(" คอลัมน์ {c}")).unwrap_or_default();
    let at_en = column.map(|c| format!(", column {c}")).unwrap_or_default();
    KnowledgeError::Syntax {
        problem: KnowledgeProblem {
            concept_id,
            line,
            message: Bilingual::new(
                format!("ไฟล์ไม่ใช่ TOML ที่ถูกต้อง{at_th} — ตรวจเครื่องหมายคำพูด วงเล็บ [ ] จุลภาค และชื่อช่อง ({msg})"),
                format!("not valid TOML{at_en} — check quotes, [ ] brackets, commas and field names ({msg})"),
            ),
        },
    }
}

fn validate_concept(
    source: &str,
    n: usize,
    rc: RawConcept,
    first_line: &mut HashMap<String, usize>,
    problems: &mut Vec<KnowledgeProblem>,
) -> Option<Concept> {
    let before = problems.len();
    let (id, line) = match &rc.id {
        Some(s) => (s.get_ref().trim().to_string(), Some(line_of(source, s.span().start))),
        None => (String::new(), None),
    };
    let label = if id.is_empty() { None } else { Some(id.clone()) };
    let mut report = |th: String, en: String| {
        problems.push(KnowledgeProblem { concept_id: label.clone(), line, message: Bilingual::new(th, en) });
    };

    if id.is_empty() {
        report(
            format!("แนวคิดลำดับที่ {} ไม่มี id — ใส่ id = \"ชื่อภาษาอังกฤษ_แบบ_snake_case\"", n + 1),
            format!("concept number {} has no id — add id = \"snake_case_name\"", n + 1),
        );
    } else if !is_snake_case(&id) {
        report(
            format!("id \"{id}\" ต้องเป็นอักษรอังกฤษตัวเล็ก ตัวเลข และ _ ขึ้นต้นด้วยตัวอักษร"),
            format!("id \"{id}\" must be lower-case letters, digits and _, starting with a letter"),
        );
    } else if let Some(first) = first_line.get(&id) {
        report(
            format!("id \"{id}\" ซ้ำกับแนวคิดที่บรรทัด {first} — id ต้องไม่ซ้ำกัน"),
            format!("duplicate id \"{id}\", already used at line {first} — ids must be unique"),
        );
    } else {
        first_line.insert(id.clone(), line.unwrap_or(0));
    }
    if rc.name_th.trim().is_empty() {
        report("ไม่มีชื่อภาษาไทย (name_th)".into(), "name_th (Thai name) is missing".into());
    }
    if rc.name_en.trim().is_empty() {
        report("ไม่มีชื่อภาษาอังกฤษ (name_en)".into(), "name_en (English name) is missing".into());
    }
    let kind = match rc.kind.as_deref() {
        None => ConceptKind::Requirement,
        Some(k) => ConceptKind::parse(k).unwrap_or_else(|| {
            report(
                format!("kind \"{k}\" ไม่ถูกต้อง — ใช้ \"problem\" (ปัญหา/อาการ) หรือ \"requirement\" (สิ่งที่ต้องการ)"),
                format!("unknown kind \"{k}\" — use \"problem\" or \"requirement\""),
            );
            ConceptKind::Requirement
        }),
    };

    let clean = |list: &[String], field: &str, report: &mut dyn FnMut(String, String)| -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for (i, raw) in list.iter().enumerate() {
            let p = normalize(raw);
            if let Some(msg) = phrase_problem(&p) {
                report(format!("{field}: \"{raw}\" {}", msg.th), format!("{field}: \"{raw}\" {}", msg.en));
                continue;
            }
            let written_twice = list[..i].iter().any(|r| r.trim() == raw.trim());
            if out.iter().any(|q| squeeze(q) == squeeze(&p)) {
                // Spelling variants (ออแกนิค, ออร์แกนิก) fold into one form: keep it once.
                // Only the same entry written twice is an officer's mistake.
                if !written_twice {
                    continue;
                }
                report(
                    format!("{field}: \"{raw}\" ซ้ำกันในแนวคิดเดียวกัน — ลบรายการที่ซ้ำออก"),
                    format!("{field}: \"{raw}\" is listed twice in this concept — remove the duplicate"),
                );
                continue;
            }
            out.push(p);
        }
        out
    };
    let phrases = clean(&rc.phrases, "phrases", &mut report);
    let weak_phrases = clean(&rc.weak_phrases, "weak_phrases", &mut report);
    let terms = clean(&rc.terms, "terms", &mut report);
    if rc.phrases.is_empty() {
        report(
            "ไม่มีวลี (phrases) — ใส่คำที่ผู้ประกอบการใช้จริงอย่างน้อยหนึ่งคำ".into(),
            "phrases is empty — add at least one everyday phrase producers use".into(),
        );
    }
    for w in &weak_phrases {
        if phrases.iter().any(|p| squeeze(p) == squeeze(w)) {
            report(
                format!("\"{w}\" อยู่ทั้งใน phrases และ weak_phrases — เลือกไว้ที่เดียว"),
                format!("\"{w}\" is in both phrases and weak_phrases — keep it in one"),
            );
        }
    }

    let mut stages = Vec::new();
    for s in &rc.stages {
        match Stage::parse(s) {
            Some(st) if stages.contains(&st) => {
                report(format!("stages: \"{s}\" ซ้ำ"), format!("stages: \"{s}\" is listed twice"))
            }
            Some(st) => stages.push(st),
            None => report(
                format!(
                    "stages: ไม่รู้จักขั้นของห่วงโซ่คุณค่า \"{s}\" — ใช้ได้: {}",
                    Stage::ALL.iter().map(|x| x.code()).collect::<Vec<_>>().join(", ")
                ),
                format!(
                    "stages: unknown stage \"{s}\" — use one of: {}",
                    Stage::ALL.iter().map(|x| x.code()).collect::<Vec<_>>().join(", ")
                ),
            ),
        }
    }
    if rc.stages.is_empty() {
        report(
            "ไม่มี stages — ระบุขั้นของห่วงโซ่คุณค่าอย่างน้อยหนึ่งขั้น".into(),
            "stages is empty — name at least one value-chain stage".into(),
        );
    }
    let mut categories = Vec::new();
    for k in &rc.categories {
        match Category::parse(k) {
            Some(cat) if categories.contains(&cat) => {
                report(format!("categories: \"{k}\" ซ้ำ"), format!("categories: \"{k}\" is listed twice"))
            }
            Some(cat) => categories.push(cat),
            None => report(
                format!(
                    "categories: ไม่รู้จักประเภทผลิตภัณฑ์ \"{k}\" — ใช้ได้: {}",
                    Category::ALL.iter().map(|x| x.code()).collect::<Vec<_>>().join(", ")
                ),
                format!(
                    "categories: unknown category \"{k}\" — use one of: {}",
                    Category::ALL.iter().map(|x| x.code()).collect::<Vec<_>>().join(", ")
                ),
            ),
        }
    }

    (problems.len() == before).then(|| Concept {
        id,
        name_th: rc.name_th.trim().to_string(),
        name_en: rc.name_en.trim().to_string(),
        kind,
        phrases,
        weak_phrases,
        terms,
        stages,
        categories,
        line: line.unwrap_or(0),
    })
}

fn is_snake_case(id: &str) -> bool {
    id.starts_with(|c: char| c.is_ascii_lowercase())
        && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// What is wrong with one (normalised) phrase, if anything.
fn phrase_problem(p: &str) -> Option<Bilingual> {
    let squeezed = squeeze(p);
    if squeezed.is_empty() {
        return Some(Bilingual::new("ว่างเปล่า — ลบออกหรือใส่คำ", "is empty — remove it or write the words"));
    }
    if squeezed.chars().count() < 2 {
        return Some(Bilingual::new("สั้นเกินไป ต้องยาวอย่างน้อย 2 ตัวอักษร", "is too short: at least 2 characters"));
    }
    let first = squeezed.chars().next()?;
    let last = squeezed.chars().next_back()?;
    if is_dependent(first) {
        return Some(Bilingual::new(
            "ขึ้นต้นด้วยสระหรือวรรณยุกต์ที่ต้องอยู่หลังพยัญชนะ — ใส่พยัญชนะให้ครบ",
            "starts with a vowel or tone mark that needs a consonant before it",
        ));
    }
    if is_leading_vowel(last) {
        return Some(Bilingual::new(
            "ลงท้ายด้วยสระหน้า (เ แ โ ใ ไ) — ใส่พยัญชนะที่ตามมาให้ครบ",
            "ends with a leading vowel (เ แ โ ใ ไ) — add the consonant that follows it",
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = r#"
protected_words = ["ราคา"]

[[concept]]
id = "mould"
name_th = "เชื้อรา"
name_en = "Mould"
kind = "problem"
phrases = ["ขึ้นรา", "มีรา", "เก็บได้ไม่นาน"]
weak_phrases = ["เสีย"]
terms = ["เชื้อรา", "ยืดอายุการเก็บรักษา"]
stages = ["production_process", "packaging"]
categories = ["food"]

[[concept]]
id = "funding"
name_th = "เงินทุน"
name_en = "Funding"
phrases = ["เงินทุน", "ไม่มีทุน"]
terms = ["แหล่งเงินทุน"]
stages = ["finance"]

[[concept]]
id = "working_capital"
name_th = "เงินทุนหมุนเวียน"
name_en = "Working capital"
phrases = ["เงินทุนหมุนเวียน", "ทุนหมุนเวียน"]
terms = ["สภาพคล่อง"]
stages = ["finance"]

[[concept]]
id = "fda"
name_th = "อย"
name_en = "FDA"
phrases = ["อ.ย.", "เลข อย"]
terms = ["เลขสารบบอาหาร"]
stages = ["standards"]
categories = ["food", "beverage"]
"#;

    #[test]
    fn small_file_detects_and_expands() {
        let kb = KnowledgeBase::from_toml_str(SMALL).unwrap();
        assert_eq!(kb.concepts().len(), 4);
        assert_eq!(kb.concept("fda").unwrap().phrases, vec!["อย", "เลข อย"]);
        let hits = kb.detect("ขึ้นราเร็ว ขาดเงินทุนหมุนเวียน ยังไม่มี อย");
        let ids: Vec<&str> = hits.iter().map(|h| h.concept_id.as_str()).collect();
        assert_eq!(ids, vec!["mould", "working_capital", "funding", "fda"]);
        assert!(hits.iter().all(|h| !h.negated));
        let funding = hits.iter().find(|h| h.concept_id == "funding").unwrap();
        assert_eq!(funding.weight, PHRASE_WEIGHT * NESTED_FACTOR);
        let x = kb.expand(&hits);
        assert_eq!(x.concepts[0].weight, 1.0);
        assert!(x.concept_weight("working_capital") > x.concept_weight("funding"));
        assert_eq!(x.stage_weight(Stage::Finance), 1.0);
        assert!(x.terms.iter().any(|(t, _)| t == "ยืดอายุการเก็บรักษา"));
        assert_eq!(x.category_weight(Category::Food), 1.0);
    }

    #[test]
    fn protected_words_and_negation() {
        let kb = KnowledgeBase::from_toml_str(SMALL).unwrap();
        assert!(kb.detect("ขึ้นราคาทุกปี").is_empty());
        let hits = kb.detect("ไม่มีปัญหาเรื่องขึ้นรา");
        assert_eq!(hits.len(), 1);
        assert!(hits[0].negated);
        assert!(kb.expand(&hits).is_empty());
        let hits = kb.detect("ไม่มีรา");
        assert!(hits[0].negated);
    }

    #[test]
    fn repeated_phrase_does_not_add_up() {
        let kb = KnowledgeBase::from_toml_str(SMALL).unwrap();
        let x = kb.expand(&kb.detect("ขึ้นรา ขึ้นรา ขึ้นรา"));
        assert_eq!(x.concept_weight("mould"), 1.0);
        let x = kb.expand(&kb.detect("ขึ้นรา เก็บได้ไม่นาน"));
        assert_eq!(x.concept_weight("mould"), 1.25);
    }
}
