//! newmm, PyThaiNLP's dictionary-based maximal matching constrained by Thai character clusters,
//! as nlpo3 1.4 implements it (`NewmmTokenizer::segment(text, safe = false, parallel = false)`),
//! word for word, over a double-array trie and with no regex or allocation in the hot loop.
//!
//! The algorithm, from nlpo3's `one_cut`:
//! - Positions are characters. Words may only end where a character cluster ends ([`tcc`]).
//! - Candidate positions are taken smallest first, starting at 0. From each, every dictionary
//!   word it starts (shortest first) that ends on a cluster end adds an edge to the graph and
//!   its end to the candidates, until more than [`MAX_GRAPH_SIZE`] edges have been added since
//!   the last cut.
//! - When a single candidate is left, the text up to it is cut along the path a breadth-first
//!   search from the last cut finds first.
//! - When none is left, the position starts an unknown word: a run that a non-Thai pattern
//!   reads (Latin letters and hyphens, digits with `,`/`.` between them, Thai digits, spaces and
//!   tabs, a line break), or else Thai up to the first cluster end where a dictionary word of
//!   more than two consonants starts or a non-Thai run does.

mod tcc;
mod trie;

use std::cell::RefCell;

use trie::Trie;

/// nlpo3's limit on the edges added to the graph between two cuts.
const MAX_GRAPH_SIZE: usize = 50;

/// A dictionary, ready to segment with.
#[derive(Debug, Clone)]
pub(crate) struct Newmm {
    trie: Trie,
}

/// Texts up to this many characters leave their buffers to the thread's next call.
const KEEP_SCRATCH_CHARS: usize = 1 << 16;

/// Buffers reused from call to call, one set per thread.
#[derive(Default)]
struct Scratch {
    /// Byte offset of each character in the text, and the text's length.
    offsets: Vec<usize>,
    /// Per character: its [`tcc::Code`] and its code in the trie's alphabet.
    tcc: Vec<tcc::Code>,
    codes: Vec<u16>,
    /// Per position (0..=characters): a cluster ends here.
    cluster_end: Vec<bool>,
    /// Per position: a candidate not taken yet.
    pending: Vec<bool>,
    /// Per position taken: its edges, as a range of `edges`.
    adjacency: Vec<(u32, u32)>,
    edges: Vec<u32>,
    /// Breadth-first search: the position each was reached from, and in which search.
    parent: Vec<u32>,
    seen: Vec<u32>,
    search: u32,
    queue: Vec<u32>,
    path: Vec<u32>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

impl Newmm {
    /// The dictionary of `words` (trimmed; blank ones ignored).
    pub(crate) fn new<'a>(words: impl IntoIterator<Item = &'a str>) -> Self {
        Newmm { trie: Trie::new(words) }
    }

    /// Appends to `ends` the byte offset in `text` where each of newmm's words of `text` ends.
    pub(crate) fn segment(&self, text: &str, ends: &mut Vec<usize>) {
        SCRATCH.with(|scratch| match scratch.try_borrow_mut() {
            Ok(mut scratch) => {
                self.segment_with(text, ends, &mut scratch);
                // About 30 bytes per character: do not keep them for a thread after a long text.
                if scratch.offsets.capacity() > KEEP_SCRATCH_CHARS {
                    *scratch = Scratch::default();
                }
            }
            Err(_) => self.segment_with(text, ends, &mut Scratch::default()),
        })
    }

    fn segment_with(&self, text: &str, ends: &mut Vec<usize>, s: &mut Scratch) {
        if text.is_empty() {
            return;
        }
        let alphabet = self.trie.alphabet();
        s.offsets.clear();
        s.tcc.clear();
        s.codes.clear();
        for (offset, c) in text.char_indices() {
            s.offsets.push(offset);
            s.tcc.push(tcc::code(c));
            s.codes.push(alphabet.code(c));
        }
        s.offsets.push(text.len());
        let n = s.tcc.len();
        let positions = n + 1;
        s.cluster_end.clear();
        s.cluster_end.resize(positions, false);
        tcc::mark_cluster_ends(&s.tcc, &mut s.cluster_end);
        s.pending.clear();
        s.pending.resize(positions, false);
        if s.adjacency.len() < positions {
            s.adjacency.resize(positions, (0, 0));
            s.parent.resize(positions, 0);
            s.seen.resize(positions, 0);
        }
        s.edges.clear();

        s.pending[0] = true;
        let mut pending = 1usize;
        let mut next = 0; // no candidate below this
        let mut cut = 0; // where the last word ended
        let mut graph_size = 0;
        loop {
            while !s.pending[next] {
                next += 1;
            }
            let begin = next;
            if begin >= n {
                break;
            }
            s.pending[begin] = false;
            pending -= 1;
            next = begin + 1;
            let first_edge = s.edges.len() as u32;
            for len in self.trie.prefixes(&s.codes[begin..]) {
                let end = begin + len;
                if s.cluster_end[end] {
                    s.edges.push(end as u32);
                    graph_size += 1;
                    if !s.pending[end] {
                        s.pending[end] = true;
                        pending += 1;
                    }
                    if graph_size > MAX_GRAPH_SIZE {
                        break;
                    }
                }
            }
            s.adjacency[begin] = (first_edge, s.edges.len() as u32);
            match pending {
                1 => {
                    let mut goal = next;
                    while !s.pending[goal] {
                        goal += 1;
                    }
                    s.shortest_path(cut, goal);
                    ends.extend(s.path.iter().rev().map(|&p| s.offsets[p as usize]));
                    cut = goal;
                    graph_size = 0;
                }
                0 => {
                    let end = self.unknown_word_end(s, begin);
                    graph_size += 1;
                    ends.push(s.offsets[end]);
                    cut = end;
                    s.pending[end] = true;
                    pending = 1;
                }
                _ => {}
            }
        }
        debug_assert_eq!(cut, n);
    }

    /// Where the word that no dictionary word starts at `begin` ends.
    fn unknown_word_end(&self, s: &Scratch, begin: usize) -> usize {
        if let Some(len) = non_thai_len(&s.tcc[begin..]) {
            return begin + len;
        }
        let n = s.tcc.len();
        for position in begin + 1..n {
            if !s.cluster_end[position] {
                continue;
            }
            let starts_word = self
                .trie
                .prefixes(&s.codes[position..])
                .any(|len| s.cluster_end[position + len] && !is_up_to_two_consonants(&s.tcc[position..position + len]));
            if starts_word || non_thai_len(&s.tcc[position..]).is_some() {
                return position;
            }
        }
        n
    }
}

impl Scratch {
    /// Into `path`, goal first, the positions after `start` of the path the breadth-first search
    /// of nlpo3's `bfs_paths_graph` returns: the first path found, edges in the order they were
    /// added. Its search keeps no visited set; skipping positions already reached finds the
    /// same path, since the first path to reach a position first is the one kept in both.
    fn shortest_path(&mut self, start: usize, goal: usize) {
        self.path.clear();
        self.search = self.search.wrapping_add(1);
        if self.search == 0 {
            self.seen.fill(0);
            self.search = 1;
        }
        self.queue.clear();
        self.queue.push(start as u32);
        self.seen[start] = self.search;
        let mut head = 0;
        while let Some(&vertex) = self.queue.get(head) {
            head += 1;
            let (from, to) = self.adjacency[vertex as usize];
            for i in from..to {
                let position = self.edges[i as usize];
                if position as usize == goal {
                    self.path.push(position);
                    let mut at = vertex;
                    while at as usize != start {
                        self.path.push(at);
                        at = self.parent[at as usize];
                    }
                    return;
                }
                if self.seen[position as usize] != self.search {
                    self.seen[position as usize] = self.search;
                    self.parent[position as usize] = vertex;
                    self.queue.push(position);
                }
            }
        }
        unreachable!("newmm: no path from {start} to {goal}");
    }
}

/// nlpo3's `THAI_TWOCHARS_PATTERN`, `^[ก-ฮ]{0,2}$`.
fn is_up_to_two_consonants(word: &[tcc::Code]) -> bool {
    word.len() <= 2 && word.iter().all(|&c| tcc::is_consonant(c))
}

/// The [`tcc::Code`] of an ASCII character.
const fn ascii(c: u8) -> tcc::Code {
    0x80 | c
}

/// Length of the run that nlpo3's `NON_THAI_PATTERN` reads at the start of `text`:
/// `[-a-zA-Z]+`, `[0-9]+([,.][0-9]+)*`, `[๐-๙]+([,.][๐-๙]+)*`, `[ \t]+` or `\r?\n`.
fn non_thai_len(text: &[tcc::Code]) -> Option<usize> {
    const HYPHEN: tcc::Code = ascii(b'-');
    const A: tcc::Code = ascii(b'a');
    const Z: tcc::Code = ascii(b'z');
    const UPPER_A: tcc::Code = ascii(b'A');
    const UPPER_Z: tcc::Code = ascii(b'Z');
    const ZERO: tcc::Code = ascii(b'0');
    const NINE: tcc::Code = ascii(b'9');
    const THAI_ZERO: tcc::Code = 0x50;
    const THAI_NINE: tcc::Code = 0x59;
    const SPACE: tcc::Code = ascii(b' ');
    const TAB: tcc::Code = ascii(b'\t');
    const CR: tcc::Code = ascii(b'\r');
    const LF: tcc::Code = ascii(b'\n');
    const COMMA: tcc::Code = ascii(b',');
    const DOT: tcc::Code = ascii(b'.');
    let run = |from: usize, f: fn(&tcc::Code) -> bool| text[from..].iter().take_while(|c| f(c)).count();
    let number = |digit: fn(&tcc::Code) -> bool| {
        let mut len = run(0, digit);
        while matches!(text.get(len), Some(&(COMMA | DOT))) && text.get(len + 1).is_some_and(digit) {
            len += 1 + run(len + 1, digit);
        }
        len
    };
    let len = match *text.first()? {
        HYPHEN | A..=Z | UPPER_A..=UPPER_Z => run(0, |c| matches!(*c, HYPHEN | A..=Z | UPPER_A..=UPPER_Z)),
        ZERO..=NINE => number(|c| (ZERO..=NINE).contains(c)),
        THAI_ZERO..=THAI_NINE => number(|c| (THAI_ZERO..=THAI_NINE).contains(c)),
        SPACE | TAB => run(0, |c| matches!(*c, SPACE | TAB)),
        LF => 1,
        CR if text.get(1) == Some(&LF) => 2,
        _ => 0,
    };
    (len > 0).then_some(len)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buffers_of_a_long_text_are_let_go() {
        let newmm = Newmm::new(["ลำไย", "อบ", "แห้ง"]);
        let words = |text: &str| {
            let mut ends = Vec::new();
            newmm.segment(text, &mut ends);
            ends
        };
        let short = words("ลำไยอบแห้ง");
        let long = "ลำไยอบแห้ง ".repeat(KEEP_SCRATCH_CHARS / 10);
        assert_eq!(words(&long).len(), KEEP_SCRATCH_CHARS / 10 * 4);
        assert_eq!(SCRATCH.with(|s| s.borrow().offsets.capacity()), 0);
        assert_eq!(words("ลำไยอบแห้ง"), short);
        assert_eq!(short, [12, 18, 30]);
    }

    #[test]
    fn non_thai_runs() {
        let len = |s: &str| non_thai_len(&s.chars().map(tcc::code).collect::<Vec<_>>());
        assert_eq!(len("GMP-x/"), Some(5));
        assert_eq!(len("1,234.5,x"), Some(7));
        assert_eq!(len("12:00"), Some(2));
        assert_eq!(len("๑๒.๓ก"), Some(4));
        assert_eq!(len(" \t x"), Some(3));
        assert_eq!(len("\r\nx"), Some(2));
        assert_eq!(len("\rx"), None);
        assert_eq!(len("ก"), None);
        assert_eq!(len(""), None);
        assert_eq!(len("中"), None);
        assert!(is_up_to_two_consonants(&[]));
        assert!(is_up_to_two_consonants(&[tcc::code('ก'), tcc::code('ฮ')]));
        assert!(!is_up_to_two_consonants(&[tcc::code('ก'), tcc::code('า')]));
        assert!(!is_up_to_two_consonants(&[tcc::code('ก'); 3]));
    }
}

#[cfg(test)]
mod nlpo3_equivalence;
