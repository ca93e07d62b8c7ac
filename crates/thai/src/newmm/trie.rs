//! The dictionary as a double-array trie over a small alphabet: a transition is one addition and
//! one comparison, and the whole of PyThaiNLP's word list takes about 3 MB (nlpo3's trie of hash
//! maps took about 65 MB).

use std::collections::BTreeSet;

/// The code of a character that occurs in no dictionary word: no transition has it.
pub(crate) const ABSENT: u16 = 0;

/// Maps characters to the trie's codes (1, 2, …), so that transitions index a small range.
/// Thai and ASCII characters are looked up in tables, the few others in a sorted list.
#[derive(Debug, Clone)]
pub(crate) struct Alphabet {
    ascii: [u16; 128],
    thai: [u16; 128],
    other: Vec<(char, u16)>,
    len: u16,
}

impl Alphabet {
    fn new(chars: &BTreeSet<char>) -> Self {
        let mut alphabet = Alphabet { ascii: [ABSENT; 128], thai: [ABSENT; 128], other: Vec::new(), len: 0 };
        for (i, &c) in chars.iter().enumerate() {
            let code = u16::try_from(i + 1).expect("fewer than 65,535 distinct characters in the dictionary");
            match c as u32 {
                a @ 0..0x80 => alphabet.ascii[a as usize] = code,
                t @ 0x0E00..0x0E80 => alphabet.thai[(t - 0x0E00) as usize] = code,
                _ => alphabet.other.push((c, code)),
            }
            alphabet.len = code;
        }
        alphabet
    }

    #[inline]
    pub(crate) fn code(&self, c: char) -> u16 {
        match c as u32 {
            a @ 0..0x80 => self.ascii[a as usize],
            t @ 0x0E00..0x0E80 => self.thai[(t - 0x0E00) as usize],
            _ => self.other.binary_search_by_key(&c, |&(c, _)| c).map_or(ABSENT, |i| self.other[i].1),
        }
    }
}

/// One cell of the double array: `base` (plus [`TERMINAL`] when a word ends at this state) and
/// `check`, the state this cell is a child of ([`FREE`] for none).
#[derive(Debug, Clone, Copy)]
struct Cell {
    base: u32,
    check: u32,
}

const TERMINAL: u32 = 1 << 31;
const FREE: u32 = u32::MAX;
const ROOT: u32 = 0;

/// A set of words, for finding the words that start a text.
#[derive(Debug, Clone)]
pub(crate) struct Trie {
    alphabet: Alphabet,
    cells: Vec<Cell>,
}

impl Trie {
    /// The trie of `words`, each trimmed of white space as nlpo3 does; empty words are skipped.
    pub(crate) fn new<'a>(words: impl IntoIterator<Item = &'a str>) -> Self {
        let words: Vec<&str> =
            words.into_iter().map(|w| w.trim_matches(is_nlpo3_space)).filter(|w| !w.is_empty()).collect();
        let alphabet = Alphabet::new(&words.iter().flat_map(|w| w.chars()).collect());
        // The words as code sequences in one buffer, sorted, so that the words under a state are
        // a range of them and its children are where that range's next codes change.
        let mut codes = Vec::with_capacity(words.iter().map(|w| w.len() / 3 + 1).sum());
        let mut keys = Vec::with_capacity(words.len());
        for word in &words {
            let start = codes.len();
            codes.extend(word.chars().map(|c| alphabet.code(c)));
            keys.push(start..codes.len());
        }
        drop(words);
        let key = |range: &std::ops::Range<usize>| &codes[range.clone()];
        keys.sort_unstable_by(|a, b| key(a).cmp(key(b)));
        keys.dedup_by(|a, b| key(a) == key(b));
        let keys: Vec<&[u16]> = keys.iter().map(key).collect();
        let cells = place(&keys, usize::from(alphabet.len));
        Trie { alphabet, cells }
    }

    pub(crate) fn alphabet(&self) -> &Alphabet {
        &self.alphabet
    }

    /// The lengths (in characters, shortest first) of the words that `codes` starts with.
    #[inline]
    pub(crate) fn prefixes<'a>(&'a self, codes: &'a [u16]) -> Prefixes<'a> {
        Prefixes { cells: &self.cells, codes, len: 0, state: ROOT }
    }

    /// Bytes the trie holds on the heap.
    #[cfg(test)]
    fn heap_size(&self) -> usize {
        self.cells.capacity() * size_of::<Cell>() + self.alphabet.other.capacity() * size_of::<(char, u16)>()
    }
}

/// White space as nlpo3 trims it from dictionary words.
fn is_nlpo3_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{0B}' | '\u{0C}' | '\r' | ' ' | '\u{85}' | '\u{A0}' | '\u{1680}' | '\u{180E}' | '\u{2000}'
            ..='\u{200A}' | '\u{2028}' | '\u{2029}' | '\u{202F}' | '\u{205F}' | '\u{3000}'
    )
}

/// See [`Trie::prefixes`].
pub(crate) struct Prefixes<'a> {
    cells: &'a [Cell],
    codes: &'a [u16],
    len: usize,
    state: u32,
}

impl Iterator for Prefixes<'_> {
    type Item = usize;

    #[inline]
    fn next(&mut self) -> Option<usize> {
        while let Some(&code) = self.codes.get(self.len) {
            let next = (self.cells[self.state as usize].base & !TERMINAL) + u32::from(code);
            match self.cells.get(next as usize) {
                Some(cell) if cell.check == self.state && code != ABSENT => {
                    self.state = next;
                    self.len += 1;
                    if cell.base & TERMINAL != 0 {
                        return Some(self.len);
                    }
                }
                _ => break,
            }
        }
        self.codes = &[];
        None
    }
}

/// Lays the trie of `keys` (sorted, distinct, not empty) out as a double array, depth first:
/// each state's children go to `base + code` for the lowest `base` whose cells are all free.
fn place(keys: &[&[u16]], alphabet_len: usize) -> Vec<Cell> {
    let mut cells = vec![Cell { base: 0, check: FREE }; keys.len() * 2 + alphabet_len + 1];
    cells[ROOT as usize].check = ROOT;
    let mut first_free = 1;
    // (state, the keys under it, its depth)
    let mut stack = vec![(ROOT, 0..keys.len(), 0)];
    let mut children: Vec<(u16, std::ops::Range<usize>)> = Vec::new();
    while let Some((state, range, depth)) = stack.pop() {
        children.clear();
        for i in range {
            match keys[i].get(depth) {
                None => cells[state as usize].base |= TERMINAL,
                Some(&code) => match children.last_mut() {
                    Some((last, under)) if *last == code => under.end = i + 1,
                    _ => children.push((code, i..i + 1)),
                },
            }
        }
        if children.is_empty() {
            continue;
        }
        while cells[first_free].check != FREE {
            first_free += 1;
            if first_free == cells.len() {
                cells.resize(cells.len() * 2, Cell { base: 0, check: FREE });
            }
        }
        let lowest = usize::from(children[0].0);
        let mut base = first_free.saturating_sub(lowest);
        loop {
            let end = base + usize::from(children[children.len() - 1].0);
            if end >= cells.len() {
                cells.resize(end * 2, Cell { base: 0, check: FREE });
            }
            if children.iter().all(|&(code, _)| cells[base + usize::from(code)].check == FREE) {
                break;
            }
            base += 1;
        }
        let base = u32::try_from(base).ok().filter(|&b| b < TERMINAL).expect("fewer than 2^31 cells");
        cells[state as usize].base |= base;
        for (code, under) in children.drain(..) {
            let cell = base + u32::from(code);
            cells[cell as usize].check = state;
            stack.push((cell, under, depth + 1));
        }
    }
    let used = cells.iter().rposition(|c| c.check != FREE).map_or(1, |i| i + 1);
    cells.truncate(used + alphabet_len + 1);
    cells.shrink_to_fit();
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prefixes(trie: &Trie, text: &str) -> Vec<usize> {
        let codes: Vec<u16> = text.chars().map(|c| trie.alphabet().code(c)).collect();
        trie.prefixes(&codes).collect()
    }

    #[test]
    fn finds_every_word_a_text_starts_with() {
        let trie = Trie::new(["กา", "กาแฟ", "กาก", "กากบาท", " มอก. ", "", "a b", "…"]);
        assert_eq!(prefixes(&trie, "กากบาทดี"), [2, 3, 6]);
        assert_eq!(prefixes(&trie, "กาแฟ"), [2, 4]);
        assert_eq!(prefixes(&trie, "ก"), Vec::<usize>::new());
        assert_eq!(prefixes(&trie, "มอก.x"), [4]);
        assert_eq!(prefixes(&trie, "มอก"), Vec::<usize>::new());
        assert_eq!(prefixes(&trie, "a b"), [3]);
        assert_eq!(prefixes(&trie, "…"), [1]);
        assert_eq!(prefixes(&trie, "xกา"), Vec::<usize>::new());
        assert_eq!(prefixes(&trie, ""), Vec::<usize>::new());
    }

    #[test]
    fn holds_the_whole_word_list() {
        let words: Vec<&str> = crate::dictionary::BASE_WORDS.lines().collect();
        let trie = Trie::new(words.iter().copied());
        for word in &words {
            assert_eq!(prefixes(&trie, word).last(), Some(&word.chars().count()), "{word}");
        }
        assert!(trie.heap_size() < 8 << 20, "{} bytes", trie.heap_size());
    }
}
