//! Thai text processing for search and matching: one normalisation for indexed and asked text,
//! word segmentation, stop-words and negations.
//!
//! Segmentation is PyThaiNLP's newmm (our port of the `nlpo3` crate's, word for word, over a
//! double-array trie) over PyThaiNLP's CC0 word list plus our domain words
//! (data/domain_words.txt), both compiled into the binary. The loaded dictionary takes about
//! 2 MB and 30 ms to build; the process shares one: [`Segmenter::shared`].
//!
//! ```
//! use otop_thai::{Segmenter, normalize};
//!
//! assert_eq!(normalize("ได้ อ.ย. แล้ว ดีมากๆๆ"), "ได้ อย แล้ว ดีมาก");
//! let segmenter = Segmenter::shared();
//! let words: Vec<String> = segmenter.tokens("ลำไยอบแห้ง").into_iter().map(|t| t.text).collect();
//! assert_eq!(words, ["ลำไยอบแห้ง", "ลำไย", "อบ", "แห้ง"]);
//! ```

mod abbreviation;
mod dictionary;
mod misspelling;
mod newmm;
mod normalize;
mod output;
mod pythainlp_compat;
mod runs;
mod segment;
mod stopwords;
mod thai_char;

pub use normalize::{Normalized, normalize, normalize_with_offsets};
pub use segment::{Segmenter, Token};
pub use stopwords::{is_negation, is_stopword};

/// The entries of a data file: trimmed lines, without blank lines and `#` comments.
fn data_lines(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines().map(str::trim).filter(|line| !line.is_empty() && !line.starts_with('#'))
}
