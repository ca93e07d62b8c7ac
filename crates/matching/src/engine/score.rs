//! How a candidate's features add up to its score. Pure functions over plain data, so the
//! weights can be read, tested and tuned apart from the index.

use otop_domain::{Category, CoverageFit, Stage};

use super::service::ServiceRecord;
use super::text_index::Clause;

/// What a need asks for, as read by the matcher.
#[derive(Debug, Clone, Default)]
pub struct NeedProfile {
    pub clauses: Vec<Clause>,
    /// The need's own words (and its product's), sorted: for the "matched words" reason.
    pub own_words: Vec<String>,
    /// Knowledge-base concepts (index, weight), strongest first.
    pub concepts: Vec<(usize, f32)>,
    pub stages: Vec<(Stage, f32)>,
    pub categories: Vec<(Category, f32)>,
    pub explicit_category: Option<Category>,
    pub province_code: Option<u8>,
}

/// Global weights. Set once for Thai needs in general; nothing here names a service.
#[derive(Debug, Clone, Copy)]
pub struct Weights {
    /// Query weight of a word of the product name (the need's own words weigh 1).
    pub product_word: f32,
    /// Query weight of a technical term the knowledge base adds, times its concept's weight.
    pub expansion_word: f32,
    /// Query weight of a concept the need and a service both name.
    pub concept_clause: f32,
    /// Share of the best text score from which fit counts in full; below it, fit counts
    /// proportionally, so a near, same-category service that does not solve the problem
    /// is not pushed up.
    pub gate_at: f32,
    pub category: f32,
    pub stage: f32,
    pub coverage: f32,
    pub concepts: f32,
    pub feedback: f32,
    /// Subtracted when a service has no places left this fiscal year.
    pub full: f32,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            product_word: 0.5,
            expansion_word: 0.4,
            concept_clause: 1.5,
            gate_at: 0.4,
            category: 0.25,
            stage: 0.1,
            coverage: 0.2,
            concepts: 0.2,
            feedback: 0.1,
            full: 0.3,
        }
    }
}

/// A candidate's features, each in [0, 1] unless said otherwise.
#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    /// Text score over the best candidate's.
    pub relevance: f32,
    /// None when the need says nothing about its category.
    pub category: Option<f32>,
    /// None when no stage could be read from the need.
    pub stage: Option<f32>,
    /// None when the need has no province.
    pub coverage: Option<CoverageFit>,
    /// Share of the need's concept weight that the service's text also names.
    pub concepts: f32,
    pub capacity_left: Option<u32>,
    /// [`Feedback::signal`](super::service::Feedback::signal), in [-0.5, 1].
    pub feedback: f32,
}

impl Fit {
    pub fn of(need: &NeedProfile, s: &ServiceRecord, service_concepts: &[usize], relevance: f32) -> Fit {
        let category = if let Some(c) = need.explicit_category {
            Some(if s.categories.is_empty() {
                0.6
            } else if s.categories.contains(&c) {
                1.0
            } else {
                0.0
            })
        } else if need.categories.is_empty() {
            None
        } else if s.categories.is_empty() {
            Some(0.6)
        } else {
            Some(best(&need.categories, |c| s.categories.contains(c)))
        };
        let stage = (!need.stages.is_empty()).then(|| best(&need.stages, |st| s.stages.contains(st)));
        let total: f32 = need.concepts.iter().map(|(_, w)| w).sum();
        let shared: f32 =
            need.concepts.iter().filter(|(c, _)| service_concepts.binary_search(c).is_ok()).map(|(_, w)| w).sum();
        Fit {
            relevance,
            category,
            stage,
            coverage: need.province_code.map(|p| s.coverage.fit(p)),
            concepts: if total > 0.0 { shared / total } else { 0.0 },
            capacity_left: s.capacity_left,
            feedback: s.feedback.signal(),
        }
    }
}

fn best<T>(weights: &[(T, f32)], has: impl Fn(&T) -> bool) -> f32 {
    let top = weights.iter().map(|(_, w)| *w).fold(0.0, f32::max);
    if top <= 0.0 {
        return 0.0;
    }
    weights.iter().filter(|(k, _)| has(k)).map(|(_, w)| *w).fold(0.0, f32::max) / top
}

pub fn coverage_value(fit: Option<CoverageFit>) -> f32 {
    match fit {
        Some(CoverageFit::Province) => 1.0,
        Some(CoverageFit::Region) => 0.8,
        Some(CoverageFit::Nationwide) | None => 0.6,
        Some(CoverageFit::Elsewhere) => 0.0,
    }
}

pub fn combine(w: &Weights, f: &Fit) -> f32 {
    let gate = (f.relevance / w.gate_at).min(1.0);
    let fit = w.category * f.category.unwrap_or(0.5)
        + w.stage * f.stage.unwrap_or(0.5)
        + w.coverage * coverage_value(f.coverage)
        + w.concepts * f.concepts
        + w.feedback * f.feedback;
    let full = if f.capacity_left == Some(0) { w.full } else { 0.0 };
    f.relevance + gate * fit - full
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fit(relevance: f32) -> Fit {
        Fit {
            relevance,
            category: Some(1.0),
            stage: Some(1.0),
            coverage: Some(CoverageFit::Province),
            concepts: 1.0,
            capacity_left: None,
            feedback: 0.0,
        }
    }

    #[test]
    fn fit_counts_only_in_proportion_to_text_relevance() {
        let w = Weights::default();
        let strong = combine(&w, &fit(1.0)) - 1.0;
        let weak = combine(&w, &fit(0.1)) - 0.1;
        assert!(weak < strong / 3.0, "weak text match: fit {weak} vs {strong}");
    }

    #[test]
    fn a_service_elsewhere_or_full_ranks_below_the_same_service_nearby() {
        let w = Weights::default();
        let near = fit(0.8);
        let far = Fit { coverage: Some(CoverageFit::Elsewhere), ..near.clone() };
        let full = Fit { capacity_left: Some(0), ..near.clone() };
        assert!(combine(&w, &near) > combine(&w, &far));
        assert!(combine(&w, &near) > combine(&w, &full));
        let region = Fit { coverage: Some(CoverageFit::Region), ..near.clone() };
        let nationwide = Fit { coverage: Some(CoverageFit::Nationwide), ..near.clone() };
        assert!(combine(&w, &near) > combine(&w, &region));
        assert!(combine(&w, &region) > combine(&w, &nationwide));
    }
}
