//! Matching of everyday Thai problem statements to STI services (DESIGN.md §4.2).
//!
//! This crate holds the knowledge base (ฐานความรู้): [`KnowledgeBase`] loads the curated,
//! officer-editable file `data/knowledge.toml`, finds its concepts in a need's text
//! ([`KnowledgeBase::detect`], with negation handling) and turns them into weighted technical
//! terms, value-chain stages and product categories ([`KnowledgeBase::expand`]).
//!
//! [`Matcher`] ranks services for a need with those concepts, BM25 over segmented Thai
//! (`otop-thai`'s words, in our own inverted index in memory), and category, stage, coverage, capacity and feedback
//! fit; every result carries its [`Reason`]s in Thai and English.

mod engine;
pub mod knowledge;
pub mod negation;
mod normalize;
mod phrase_matcher;

pub use engine::{
    Feedback, Fit, LineError, MatchError, Matcher, NeedLineRecord, NeedProfile, NeedQuery, Ranked, Reason,
    ServiceRecord, Weights, need_from_line, province_code, read_lines, service_from_line,
};
pub use knowledge::{
    BUILTIN_TOML, Concept, ConceptHit, ConceptKind, Expansion, HitSource, KnowledgeBase, KnowledgeError,
    KnowledgeProblem, WeightedConcept,
};
pub use normalize::normalize;
