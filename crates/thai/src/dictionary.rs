//! The word lists compiled into the binary: PyThaiNLP's words_th.txt (CC0) and our domain words.

/// PyThaiNLP 5.4.0's `words_th.txt`, one word per line (see data/NOTICE).
pub(crate) const BASE_WORDS: &str = include_str!("../data/words_th.txt");

/// A domain word and, for a compound, the parts it is also indexed under.
pub(crate) struct DomainWord {
    pub(crate) word: String,
    pub(crate) parts: Vec<&'static str>,
}

/// data/domain_words.txt: `word`, or `part|part|…` for a compound.
pub(crate) fn domain_words() -> impl Iterator<Item = DomainWord> {
    crate::data_lines(include_str!("../data/domain_words.txt")).map(|line| {
        let parts: Vec<&str> = line.split('|').collect();
        DomainWord { word: parts.concat(), parts: if parts.len() > 1 { parts } else { Vec::new() } }
    })
}
