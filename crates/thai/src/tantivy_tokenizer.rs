//! The Thai tokenizer for tantivy: [`Segmenter::index_tokens`] (normalised words, stop-words
//! dropped, compounds with their parts) with byte offsets into the original text.

use std::collections::HashSet;
use std::sync::Arc;

use tantivy::Index;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Term, TextFieldIndexing};
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use crate::Segmenter;

/// The name the tokenizer is registered under, for [`TextFieldIndexing::set_tokenizer`].
pub const TOKENIZER_NAME: &str = "thai";

#[derive(Clone)]
pub struct ThaiTokenizer {
    segmenter: Arc<Segmenter>,
}

impl ThaiTokenizer {
    pub fn new(segmenter: Arc<Segmenter>) -> Self {
        ThaiTokenizer { segmenter }
    }
}

pub struct ThaiTokenStream {
    tokens: Vec<Token>,
    /// Index of the current token plus one; 0 before the first [`TokenStream::advance`].
    next: usize,
}

impl Tokenizer for ThaiTokenizer {
    type TokenStream<'a> = ThaiTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ThaiTokenStream {
        let tokens = self
            .segmenter
            .index_tokens(text)
            .into_iter()
            .map(|t| Token {
                offset_from: t.start,
                offset_to: t.end,
                position: t.position,
                text: t.text,
                position_length: t.position_length,
            })
            .collect();
        ThaiTokenStream { tokens, next: 0 }
    }
}

impl TokenStream for ThaiTokenStream {
    fn advance(&mut self) -> bool {
        let more = self.next < self.tokens.len();
        if more {
            self.next += 1;
        }
        more
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

/// Registers [`ThaiTokenizer`] as [`TOKENIZER_NAME`] on `index`. The schema stores only the
/// name, so call this every time an index is created or opened. No lower-caser is needed:
/// normalisation already lower-cases Latin.
pub fn register(index: &Index, segmenter: Arc<Segmenter>) {
    index.tokenizers().register(TOKENIZER_NAME, ThaiTokenizer::new(segmenter));
}

/// Indexing options for a Thai text field: this tokenizer, with frequencies and positions.
pub fn thai_field_indexing() -> TextFieldIndexing {
    TextFieldIndexing::default()
        .set_tokenizer(TOKENIZER_NAME)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions)
}

/// A query for documents sharing any word with `text` in `field`, ranked by BM25. tantivy's
/// `QueryParser` would turn unspaced Thai into one phrase, which is far too strict for matching a
/// problem to a service.
pub fn any_word_query(segmenter: &Segmenter, field: Field, text: &str) -> BooleanQuery {
    let words: HashSet<String> = segmenter.index_tokens(text).into_iter().map(|t| t.text).collect();
    let mut words: Vec<String> = words.into_iter().collect();
    words.sort_unstable();
    let clauses = words
        .into_iter()
        .map(|w| {
            let query: Box<dyn Query> =
                Box::new(TermQuery::new(Term::from_field_text(field, &w), IndexRecordOption::WithFreqs));
            (Occur::Should, query)
        })
        .collect();
    BooleanQuery::new(clauses)
}
