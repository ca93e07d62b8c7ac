//! Thai word segmentation: PyThaiNLP's newmm algorithm (maximal matching constrained by Thai
//! character clusters) as the `nlpo3` crate runs it ([`crate::newmm`]), over PyThaiNLP's word list
//! plus our domain words.

use std::sync::{Arc, OnceLock};

use rustc_hash::{FxHashMap, FxHashSet};

use crate::dictionary::{BASE_WORDS, domain_words};
use crate::newmm::Newmm;
use crate::normalize::{Normalized, normalize_with_offsets};
use crate::pythainlp_compat::{newmm_as_pythainlp, rejoin_formatted_numbers, words_with_symbols};
use crate::runs::{RunKind, runs};
use crate::stopwords::is_stopword;

/// A word of normalised text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The normalised word (lower-case Latin, canonical Thai spelling).
    pub text: String,
    /// Byte offsets of the word in the original text (before normalisation).
    pub start: usize,
    pub end: usize,
    /// Index of the word in the text. A compound shares the position of its first part and
    /// spans all of them: ลำไยอบแห้ง@0 (length 3), ลำไย@0, อบ@1, แห้ง@2.
    pub position: usize,
    pub position_length: usize,
}

/// A loaded dictionary. Loading takes about 30 ms and its trie 2 MB, so build it once and share it:
/// [`Segmenter::shared`].
pub struct Segmenter {
    newmm: Newmm,
    /// Compound domain words and their parts (data/domain_words.txt).
    compounds: FxHashMap<String, Vec<&'static str>>,
    /// For [`Segmenter::words`]: see [`words_with_symbols`].
    words_with_symbols: FxHashSet<&'static str>,
}

impl Segmenter {
    /// The dictionary's newmm.
    #[cfg(test)]
    pub(crate) fn newmm(&self) -> &Newmm {
        &self.newmm
    }

    /// PyThaiNLP's word list plus the domain words, compounds emitting their parts too.
    pub fn with_domain_words() -> Self {
        let domain: Vec<_> = domain_words().collect();
        Segmenter {
            newmm: Newmm::new(BASE_WORDS.lines().chain(domain.iter().map(|d| d.word.as_str()))),
            compounds: domain.into_iter().filter(|d| !d.parts.is_empty()).map(|d| (d.word, d.parts)).collect(),
            words_with_symbols: words_with_symbols(BASE_WORDS),
        }
    }

    /// PyThaiNLP's word list alone: [`Segmenter::words`] then gives what PyThaiNLP's newmm gives.
    pub fn plain() -> Self {
        Segmenter {
            newmm: Newmm::new(BASE_WORDS.lines()),
            compounds: FxHashMap::default(),
            words_with_symbols: words_with_symbols(BASE_WORDS),
        }
    }

    /// The process-wide [`Segmenter::with_domain_words`], built on first use.
    pub fn shared() -> Arc<Segmenter> {
        static SHARED: OnceLock<Arc<Segmenter>> = OnceLock::new();
        SHARED.get_or_init(|| Arc::new(Segmenter::with_domain_words())).clone()
    }

    /// The words of `text` as it is, the way PyThaiNLP 5.4 gives them with
    /// `word_tokenize(text, engine="newmm", keep_whitespace=False)`: no normalisation, spaces
    /// dropped, punctuation kept (checked word for word on tests/data/newmm_reference.tsv). For
    /// comparing with Python tools; search uses [`Segmenter::tokens`].
    pub fn words(&self, text: &str) -> Vec<String> {
        self.words_with(text, |t, ends| self.newmm.segment(t, ends))
    }

    /// [`Segmenter::words`] with `newmm` (which appends the byte offsets where its words end).
    pub(crate) fn words_with(&self, text: &str, newmm: impl Fn(&str, &mut Vec<usize>)) -> Vec<String> {
        let words = newmm_as_pythainlp(text, newmm, &self.words_with_symbols);
        let words = rejoin_formatted_numbers(text, words);
        words.into_iter().filter(|w| w.bytes().any(|b| b != b' ')).map(|w| w.trim_matches(' ').to_owned()).collect()
    }

    /// The words of [`normalize`](crate::normalize())d `text`, without white space and
    /// punctuation, with offsets into `text`; compound domain words come with their parts.
    pub fn tokens(&self, text: &str) -> Vec<Token> {
        self.tokens_with(text, |t, ends| self.newmm.segment(t, ends))
    }

    /// [`Segmenter::tokens`] with `newmm` (which appends the byte offsets where its words end).
    pub(crate) fn tokens_with(&self, text: &str, newmm: impl Fn(&str, &mut Vec<usize>)) -> Vec<Token> {
        let normalized = normalize_with_offsets(text);
        let mut out = TokenSink { normalized: &normalized, tokens: Vec::new(), position: 0 };
        let normalized_text = normalized.as_str();
        let mut ends = Vec::new();
        for (kind, range) in runs(normalized_text) {
            if kind != RunKind::Thai {
                out.push_word(range.start, normalized_text[range].to_owned());
                continue;
            }
            let run = &normalized_text[range.clone()];
            ends.clear();
            newmm(run, &mut ends);
            let mut start = 0;
            for &end in &ends {
                let word = &run[start..end];
                match self.compounds.get(word) {
                    Some(parts) => out.push_compound(range.start + start, word.to_owned(), parts),
                    None => out.push_word(range.start + start, word.to_owned()),
                }
                start = end;
            }
        }
        out.tokens
    }

    /// [`Segmenter::tokens`] without stop-words ([`is_stopword`]); negations are kept. Positions
    /// keep their gaps, so phrase queries still see the distance between words.
    pub fn index_tokens(&self, text: &str) -> Vec<Token> {
        let mut tokens = self.tokens(text);
        tokens.retain(|t| !is_stopword(&t.text));
        tokens
    }
}

struct TokenSink<'a> {
    normalized: &'a Normalized,
    tokens: Vec<Token>,
    position: usize,
}

impl TokenSink<'_> {
    fn push(&mut self, start: usize, text: String, position: usize, position_length: usize) {
        let original = self.normalized.original_range(start..start + text.len());
        self.tokens.push(Token { text, start: original.start, end: original.end, position, position_length });
    }

    fn push_word(&mut self, start: usize, text: String) {
        self.push(start, text, self.position, 1);
        self.position += 1;
    }

    fn push_compound(&mut self, start: usize, text: String, parts: &[&str]) {
        self.push(start, text, self.position, parts.len());
        let mut part_start = start;
        for part in parts {
            self.push_word(part_start, (*part).to_owned());
            part_start += part.len();
        }
    }
}
