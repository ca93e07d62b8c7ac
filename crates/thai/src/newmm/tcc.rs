//! Thai character clusters (TCC, Theeramunkong et al. 2000): the units a Thai word is made of,
//! so that newmm never ends a word inside one. The rules are nlpo3 1.4's (`tcc_rules.rs`, which
//! follow PyThaiNLP's `tcc.py`), written in the same notation and matched the way its regex
//! does: the first rule that matches wins, each rule matched greedily with backtracking.

use std::sync::OnceLock;

/// nlpo3's rules, in its order. `c` is a consonant (ก–ฮ), `t` an optional tone mark (่–๋),
/// `k` an optional final consonant cluster ending in a karan (`(cc?[ุูิ]?์)?`).
const RULES: [&str; 29] = [
    "เc็ck",
    "เcctาะk",
    "เccีtยะk",
    "เcc็ck",
    "เcิc์ck",
    "เcิtck",
    "เcีtยะ?k",
    "เcืtอะ?k",
    "เctา?ะ?k",
    "cัtวะk",
    "c[ัื]tc[ุิะ]?k",
    "c[ิุู]์k",
    "c[ะ-ู]tk",
    "cรรc์ ็",
    "c็",
    "ct[ะาำ]?k",
    "ck",
    "แc็c",
    "แcc์",
    "แctะ",
    "แcc็c",
    "แccc์",
    "โctะ",
    "[เ-ไ]ct",
    "ก็",
    "อึ",
    "หึ",
    // nlpo3's look-ahead rules: the last character is matched but not part of the cluster.
    "(เccีtย)[เ-ไก-ฮ]k",
    "(เc[ิีุู]tย)[เ-ไก-ฮ]k",
];

/// A match of one of these at the start of a cluster means the cluster ends one character
/// before the match does (nlpo3's `LOOKAHEAD_TCC`).
const LOOKAHEAD_RULES: [&str; 2] = ["(เccีtย)[เ-ไก-ฮ]k", "(เc[ิีุู]tย)[เ-ไก-ฮ]k"];

/// A character as the rules (and newmm's non-Thai patterns) see it: its offset in the Thai block
/// (0x00–0x7E), `0x80 | byte` for ASCII, [`OTHER`] for anything else (and U+0E7F, which no rule
/// or pattern mentions).
pub(crate) type Code = u8;
pub(crate) const OTHER: Code = 0x7F;

#[inline]
pub(crate) fn code(c: char) -> Code {
    match c as u32 {
        t @ 0x0E00..0x0E7F => (t - 0x0E00) as u8,
        a @ 0..0x80 => 0x80 | a as u8,
        _ => OTHER,
    }
}

/// A set of [`Code`]s.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Class([u64; 4]);

impl Class {
    fn with(mut self, c: char) -> Self {
        let code = code(c);
        assert_ne!(code, OTHER, "{c:?} in a TCC rule");
        self.0[usize::from(code >> 6)] |= 1 << (code & 63);
        self
    }

    fn range(mut self, from: char, to: char) -> Self {
        for c in from..=to {
            self = self.with(c);
        }
        self
    }

    fn union(mut self, other: &Class) -> Self {
        for (a, b) in self.0.iter_mut().zip(other.0) {
            *a |= b;
        }
        self
    }

    #[inline]
    fn contains(&self, code: Code) -> bool {
        self.0[usize::from(code >> 6)] >> (code & 63) & 1 != 0
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Atom {
    One(Class),
    Optional(Class),
    /// `(…)?`: only as the last atom of a rule.
    OptionalGroup(Vec<Atom>),
}

fn consonants() -> Class {
    Class::default().range('ก', 'ฮ')
}

/// Reads a rule: characters, `[…]` classes with ranges, `?` after an atom, plain `(…)` groups,
/// and the symbols `c`, `t` and `k`.
fn parse(rule: &str) -> Vec<Atom> {
    let mut atoms = Vec::new();
    let mut chars = rule.chars().peekable();
    while let Some(c) = chars.next() {
        let atom = match c {
            '(' | ')' => continue,
            'c' => Atom::One(consonants()),
            't' => Atom::Optional(Class::default().range('\u{0E48}', '\u{0E4B}')),
            'k' => Atom::OptionalGroup(vec![
                Atom::One(consonants()),
                Atom::Optional(consonants()),
                Atom::Optional(Class::default().with('\u{0E38}').with('\u{0E39}').with('\u{0E34}')),
                Atom::One(Class::default().with('\u{0E4C}')),
            ]),
            '[' => {
                let mut class = Class::default();
                let mut members = Vec::new();
                for c in chars.by_ref() {
                    if c == ']' {
                        break;
                    }
                    members.push(c);
                }
                let mut i = 0;
                while i < members.len() {
                    if members.get(i + 1) == Some(&'-') && i + 2 < members.len() {
                        class = class.range(members[i], members[i + 2]);
                        i += 3;
                    } else {
                        class = class.with(members[i]);
                        i += 1;
                    }
                }
                Atom::One(class)
            }
            '?' => panic!("? without an atom in {rule}"),
            c => Atom::One(Class::default().with(c)),
        };
        if chars.next_if_eq(&'?').is_some() {
            let Atom::One(class) = atom else { panic!("? after a group in {rule}") };
            atoms.push(Atom::Optional(class));
        } else {
            atoms.push(atom);
        }
    }
    assert!(atoms.iter().rev().skip(1).all(|a| !matches!(a, Atom::OptionalGroup(_))), "k must end the rule: {rule}");
    atoms
}

/// The end of a match of `atoms` followed by `then` at `at`, preferring (like a backtracking
/// regex) to take each optional atom. The reference for [`greedy_match`].
#[cfg(test)]
fn match_at(atoms: &[Atom], then: &[Atom], text: &[Code], at: usize) -> Option<usize> {
    let Some((first, rest)) = atoms.split_first() else {
        return if then.is_empty() { Some(at) } else { match_at(then, &[], text, at) };
    };
    let next_is = |class: &Class| text.get(at).is_some_and(|&code| class.contains(code));
    match first {
        Atom::One(class) => {
            if next_is(class) {
                match_at(rest, then, text, at + 1)
            } else {
                None
            }
        }
        Atom::Optional(class) => {
            if next_is(class)
                && let Some(end) = match_at(rest, then, text, at + 1)
            {
                return Some(end);
            }
            match_at(rest, then, text, at)
        }
        Atom::OptionalGroup(group) => match_at(group, rest, text, at).or_else(|| match_at(rest, then, text, at)),
    }
}

/// The end of the match of `atoms` at the start of `text`, taking every optional atom that
/// matches and never going back on it. For these rules that is what backtracking finds
/// ([`never_needs_backtracking`]): an optional atom is either followed by atoms that may all be
/// left out, or its characters cannot start what follows it.
#[inline]
fn greedy_match(atoms: &[Atom], text: &[Code]) -> Option<usize> {
    let mut at = 0;
    for atom in atoms {
        match atom {
            Atom::One(class) => {
                if !text.get(at).is_some_and(|&code| class.contains(code)) {
                    return None;
                }
                at += 1;
            }
            Atom::Optional(class) => {
                if text.get(at).is_some_and(|&code| class.contains(code)) {
                    at += 1;
                }
            }
            Atom::OptionalGroup(group) => {
                if let Some(len) = greedy_match(group, &text[at..]) {
                    at += len;
                }
            }
        }
    }
    Some(at)
}

/// See [`greedy_match`]: true when every optional atom of `atoms` is followed by atoms that can
/// all be left out, or by atoms whose possible first characters it does not share.
fn never_needs_backtracking(atoms: &[Atom]) -> bool {
    atoms.iter().enumerate().all(|(i, atom)| {
        let rest = &atoms[i + 1..];
        match atom {
            Atom::One(_) => true,
            Atom::Optional(class) => {
                let (first, nullable) = first_set(rest);
                nullable || (0..=255u8).all(|c| !(class.contains(c) && first.contains(c)))
            }
            Atom::OptionalGroup(group) => rest.is_empty() && never_needs_backtracking(group),
        }
    })
}

/// The characters a match of `atoms` may start with, and whether it may be empty.
fn first_set(atoms: &[Atom]) -> (Class, bool) {
    let mut first = Class::default();
    for atom in atoms {
        match atom {
            Atom::One(class) => {
                first = first.union(class);
                return (first, false);
            }
            Atom::Optional(class) => first = first.union(class),
            Atom::OptionalGroup(group) => first = first.union(&first_set(group).0),
        }
    }
    (first, true)
}

/// Rule sets as bit masks (bit i for `RULES[i]`), to try only the rules that the first three
/// characters allow.
struct Rules {
    rules: Vec<Vec<Atom>>,
    lookahead: Vec<Vec<Atom>>,
    /// Per code of the first, second and third character ([`END`] past the text's end): the
    /// rules that may match with it there.
    allowed: [[u32; 257]; 3],
}

/// The index in [`Rules::allowed`] for "no character".
const END: usize = 256;

/// The rules that may match with `code` (`None`: past the end) at `position`: all those whose
/// atom there is certain and accepts it, and all those whose atom there is not certain.
fn allowed_at(rules: &[Vec<Atom>], position: usize, code: Option<Code>) -> u32 {
    let mut mask = 0;
    for (i, atoms) in rules.iter().enumerate() {
        let fixed = atoms.iter().take(position).all(|a| matches!(a, Atom::One(_)));
        let allowed = match (fixed, atoms.get(position)) {
            (true, Some(Atom::One(class))) => code.is_some_and(|c| class.contains(c)),
            _ => true,
        };
        if allowed {
            mask |= 1 << i;
        }
    }
    mask
}

fn rules() -> &'static Rules {
    static RULES_: OnceLock<Rules> = OnceLock::new();
    RULES_.get_or_init(|| {
        let rules: Vec<Vec<Atom>> = RULES.iter().map(|r| parse(r)).collect();
        let lookahead: Vec<Vec<Atom>> = LOOKAHEAD_RULES.iter().map(|r| parse(r)).collect();
        assert!(rules.iter().chain(&lookahead).all(|atoms| never_needs_backtracking(atoms)));
        assert!(lookahead.iter().all(|atoms| atoms[0] == Atom::One(Class::default().with('เ'))));
        let mut allowed = [[0; 257]; 3];
        for (position, allowed) in allowed.iter_mut().enumerate() {
            for (code, mask) in allowed.iter_mut().enumerate() {
                *mask = allowed_at(&rules, position, u8::try_from(code).ok());
            }
        }
        Rules { rules, lookahead, allowed }
    })
}

const KARAN: Code = 0x4C;

/// ก–ฮ.
#[inline]
pub(crate) fn is_consonant(code: Code) -> bool {
    (0x01..=0x2E).contains(&code)
}

#[inline]
fn is_tone(code: Code) -> bool {
    (0x48..=0x4B).contains(&code)
}

/// Length of `k`, `(cc?[ุูิ]?์)?`, at the start of `text`.
#[inline]
fn final_cluster_len(text: &[Code]) -> usize {
    if !text.first().is_some_and(|&c| is_consonant(c)) {
        return 0;
    }
    let mut at = 1;
    if text.get(at).is_some_and(|&c| is_consonant(c)) {
        at += 1;
    }
    if matches!(text.get(at), Some(0x38 | 0x39 | 0x34)) {
        at += 1;
    }
    if text.get(at) == Some(&KARAN) { at + 1 } else { 0 }
}

/// Length of the cluster that starts `text` (at least 1 when `text` is not empty).
#[inline]
fn cluster_len(rules: &Rules, text: &[Code]) -> usize {
    // The commonest starts, a consonant followed by a vowel, a tone mark or another consonant,
    // decided directly: what the rules below would give (their numbers are nlpo3's, from 1).
    if let [first, second, ..] = *text
        && is_consonant(first)
    {
        let tone_at = |at: usize| if text.get(at).is_some_and(|&c| is_tone(c)) { at + 1 } else { at };
        match second {
            // ะ า ำ ี ึ: only rule 13, c[ะ-ู]tk, starts so.
            0x30 | 0x32 | 0x33 | 0x35 | 0x36 => {
                let at = tone_at(2);
                return at + final_cluster_len(&text[at..]);
            }
            // ิ ุ ู: rule 12, c[ิุู]์k, then rule 13.
            0x34 | 0x38 | 0x39 => {
                let at = if text.get(2) == Some(&KARAN) { 3 } else { tone_at(2) };
                return at + final_cluster_len(&text[at..]);
            }
            // ั ื: rules 10 (cัtวะk, ั only), 11 (c[ัื]tc[ุิะ]?k) and 13.
            0x31 | 0x37 => {
                let at = tone_at(2);
                if second == 0x31 && text.get(at..at + 2) == Some(&[0x27, 0x30]) {
                    return at + 2 + final_cluster_len(&text[at + 2..]);
                }
                if text.get(at).is_some_and(|&c| is_consonant(c)) {
                    let at = if matches!(text.get(at + 1), Some(0x38 | 0x34 | 0x30)) { at + 2 } else { at + 1 };
                    return at + final_cluster_len(&text[at..]);
                }
                return at + final_cluster_len(&text[at..]);
            }
            // A tone mark, or a consonant other than ร: rule 16, ct[ะาำ]?k.
            c if is_tone(c) || (is_consonant(c) && c != 0x23) => {
                let mut at = if is_tone(c) { 2 } else { 1 };
                if matches!(text.get(at), Some(0x30 | 0x32 | 0x33)) {
                    at += 1;
                }
                return at + final_cluster_len(&text[at..]);
            }
            _ => {}
        }
    }
    cluster_len_by_rules(rules, text)
}

/// [`cluster_len`] by trying the rules in order.
#[inline]
fn cluster_len_by_rules(rules: &Rules, text: &[Code]) -> usize {
    let at = |i: usize| text.get(i).map_or(END, |&c| usize::from(c));
    let mut candidates = rules.allowed[0][at(0)] & rules.allowed[1][at(1)] & rules.allowed[2][at(2)];
    while candidates != 0 {
        let rule = candidates.trailing_zeros() as usize;
        candidates &= candidates - 1;
        if let Some(end) = greedy_match(&rules.rules[rule], text) {
            let matched = &text[..end];
            // The look-ahead rules start with เ.
            let lookahead =
                matched[0] == code('เ') && rules.lookahead.iter().any(|r| greedy_match(r, matched).is_some());
            return if lookahead { end - 1 } else { end };
        }
    }
    1
}

/// Marks in `ends` (one entry per character of `text` plus one) the character positions where a
/// cluster ends, as nlpo3's `tcc_pos`. `ends` must be all `false`.
pub(crate) fn mark_cluster_ends(text: &[Code], ends: &mut [bool]) {
    let rules = rules();
    let mut at = 0;
    while at < text.len() {
        at += cluster_len(rules, &text[at..]);
        ends[at] = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clusters(text: &str) -> Vec<String> {
        let codes: Vec<Code> = text.chars().map(code).collect();
        let chars: Vec<char> = text.chars().collect();
        let mut ends = vec![false; codes.len() + 1];
        mark_cluster_ends(&codes, &mut ends);
        let mut out = Vec::new();
        let mut start = 0;
        for end in (1..=codes.len()).filter(|&i| ends[i]) {
            out.push(chars[start..end].iter().collect());
            start = end;
        }
        out
    }

    #[test]
    fn nlpo3_examples() {
        // nlpo3's tcc_tokenizer tests: ends 2, 7, 10, 13 and 4, 6, 7, …, 15.
        assert_eq!(clusters("พิสูจน์ได้ค่ะ"), ["พิ", "สูจน์", "ได้", "ค่ะ"]);
        assert_eq!(clusters("เรือน้อยลอยอยู่"), ["เรือ", "น้", "อ", "ย", "ล", "อ", "ย", "อ", "ยู่"]);
        assert_eq!(clusters("ab ก"), ["a", "b", " ", "ก"]);
    }

    /// nlpo3's matching, spelled out: every rule in order, each with backtracking.
    fn reference_cluster_len(text: &[Code]) -> usize {
        type Parsed = Vec<Vec<Atom>>;
        static PARSED: OnceLock<(Parsed, Parsed)> = OnceLock::new();
        let (rules, lookahead) = PARSED.get_or_init(|| {
            let parsed = |rules: &[&str]| rules.iter().map(|r| parse(r)).collect::<Parsed>();
            (parsed(&RULES), parsed(&LOOKAHEAD_RULES))
        });
        for rule in rules {
            if let Some(end) = match_at(rule, &[], text, 0) {
                let lookahead = lookahead.iter().any(|r| match_at(r, &[], &text[..end], 0).is_some());
                return if lookahead { end - 1 } else { end };
            }
        }
        1.min(text.len())
    }

    #[test]
    fn rule_tables_and_greedy_matching_change_nothing() {
        let chars: Vec<char> = ('\u{0E00}'..='\u{0E7F}').chain([' ', 'a', '.', '中']).collect();
        let common: Vec<char> = "กรยวอหงนเแโใไะาำัิีึืุู็่้๊๋์ ".chars().collect();
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        for _ in 0..200_000 {
            let len = 1 + next(12);
            let text: Vec<Code> = (0..len)
                .map(|_| if next(3) == 0 { code(chars[next(chars.len())]) } else { code(common[next(common.len())]) })
                .collect();
            assert_eq!(cluster_len(rules(), &text), reference_cluster_len(&text), "{text:x?}");
            assert_eq!(cluster_len_by_rules(rules(), &text), reference_cluster_len(&text), "{text:x?}");
        }
    }

    #[test]
    fn rules_parse_as_written() {
        let k = parse("k");
        assert_eq!(k.len(), 1);
        assert_eq!(parse("c[ะ-ู]tk").len(), 4);
        assert_eq!(parse("(เccีtย)[เ-ไก-ฮ]k").len(), 8);
        assert!(matches!(parse("ct[ะาำ]?k")[2], Atom::Optional(_)));
    }
}
