//! The full-text side of matching: a tantivy index in memory over each service's words
//! (Thai-segmented) and the knowledge-base concepts found in it, answering a weighted
//! any-word query with BM25. Services are identified by a slot number stored as a fast field.

use std::sync::{Arc, Mutex};

use otop_thai::{Segmenter, TOKENIZER_NAME, register, thai_field_indexing};
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{FAST, Field, INDEXED, IndexRecordOption, STRING, Schema, TextOptions};
use tantivy::tokenizer::{PreTokenizedString, Token};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

/// Memory for the index writer; tantivy needs at least 15 MB per indexing thread.
const WRITER_MEMORY: usize = 64 * 1024 * 1024;

/// From this many documents in one change, the segments are merged into one afterwards: a
/// query runs its top-k search once per segment, so a catalogue loaded in one go answers
/// faster as a single segment.
const MERGE_AFTER: usize = 5_000;

pub struct TextIndex {
    index: Index,
    reader: IndexReader,
    writer: Mutex<IndexWriter>,
    slot: Field,
    text: Field,
    concepts: Field,
}

/// One service as indexed: its words, already segmented (the matcher segments each text
/// once and keeps the words for its reasons), and the ids of the concepts it mentions.
pub struct IndexedText<'a> {
    pub slot: u32,
    pub words: &'a [String],
    pub concepts: Vec<&'a str>,
}

/// A weighted clause of a query: a word of the text field, or a concept id.
#[derive(Debug, Clone, PartialEq)]
pub enum Clause {
    Word(String, f32),
    Concept(String, f32),
}

impl TextIndex {
    pub fn new(segmenter: Arc<Segmenter>) -> tantivy::Result<Self> {
        let mut schema = Schema::builder();
        let slot = schema.add_u64_field("slot", FAST | INDEXED);
        let text = schema.add_text_field("text", TextOptions::default().set_indexing_options(thai_field_indexing()));
        let concepts = schema.add_text_field("concepts", STRING);
        let index = Index::create_in_ram(schema.build());
        register(&index, segmenter);
        debug_assert!(index.tokenizers().get(TOKENIZER_NAME).is_some());
        let writer = index.writer(WRITER_MEMORY)?;
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        Ok(TextIndex { index, reader, writer: Mutex::new(writer), slot, text, concepts })
    }

    /// Removes the documents of the `removed` slots, adds `added` (a slot being replaced
    /// must be in `removed` too; a new one need not be, which spares a bulk load one delete
    /// per document) and makes the result visible to searches before returning.
    pub fn replace(&self, removed: &[u32], added: &[IndexedText<'_>]) -> tantivy::Result<()> {
        let mut writer = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        for slot in removed {
            writer.delete_term(Term::from_field_u64(self.slot, u64::from(*slot)));
        }
        for a in added {
            let mut doc = TantivyDocument::default();
            doc.add_u64(self.slot, u64::from(a.slot));
            doc.add_pre_tokenized_text(self.text, pre_tokenized(a.words));
            for c in &a.concepts {
                doc.add_text(self.concepts, c);
            }
            writer.add_document(doc)?;
        }
        writer.commit()?;
        if added.len() >= MERGE_AFTER {
            let segments = self.index.searchable_segment_ids()?;
            if segments.len() > 1 {
                writer.merge(&segments).wait()?;
            }
        }
        self.reader.reload()
    }

    /// The `limit` best slots for `clauses`, with their BM25 scores, best first.
    pub fn search(&self, clauses: &[Clause], limit: usize) -> tantivy::Result<Vec<(u32, f32)>> {
        if clauses.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let subqueries: Vec<(Occur, Box<dyn Query>)> = clauses
            .iter()
            .map(|c| {
                let (field, word, boost) = match c {
                    Clause::Word(w, b) => (self.text, w, *b),
                    Clause::Concept(id, b) => (self.concepts, id, *b),
                };
                let term = TermQuery::new(Term::from_field_text(field, word), IndexRecordOption::WithFreqs);
                let q: Box<dyn Query> = Box::new(BoostQuery::new(Box::new(term), boost));
                (Occur::Should, q)
            })
            .collect();
        let query = BooleanQuery::new(subqueries);
        let searcher = self.reader.searcher();
        let top = searcher.search(&query, &TopDocs::with_limit(limit).order_by_score())?;
        let mut out = Vec::with_capacity(top.len());
        let mut columns: Vec<Option<tantivy::columnar::Column<u64>>> = vec![None; searcher.segment_readers().len()];
        for (score, addr) in top {
            let column = match &mut columns[addr.segment_ord as usize] {
                Some(c) => c,
                slot => slot.insert(searcher.segment_reader(addr.segment_ord).fast_fields().u64("slot")?),
            };
            if let Some(slot) = column.first(addr.doc_id) {
                out.push((slot as u32, score));
            }
        }
        Ok(out)
    }
}

fn pre_tokenized(words: &[String]) -> PreTokenizedString {
    let tokens = words
        .iter()
        .enumerate()
        .map(|(position, w)| Token { offset_from: 0, offset_to: 0, position, text: w.clone(), position_length: 1 })
        .collect();
    PreTokenizedString { text: String::new(), tokens }
}
