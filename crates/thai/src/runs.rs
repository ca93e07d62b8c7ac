//! Splits normalised text into the stretches that are segmented differently: Thai (by the
//! dictionary), numbers and other words (as they are). White space and punctuation separate them
//! and are dropped, so the dictionary segmenter only ever sees Thai letters.

use std::ops::Range;

use crate::thai_char::{is_other_alphanumeric, is_word_char};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RunKind {
    Thai,
    /// Digits, with `.` or `,` between digits kept inside (9.30, 1.5).
    Number,
    /// Letters of other scripts (Latin: gmp, haccp).
    Word,
}

fn kind_of(c: char) -> Option<RunKind> {
    if is_word_char(c) {
        Some(RunKind::Thai)
    } else if c.is_ascii_digit() {
        Some(RunKind::Number)
    } else if is_other_alphanumeric(c) {
        Some(RunKind::Word)
    } else {
        None
    }
}

pub(crate) fn runs(text: &str) -> impl Iterator<Item = (RunKind, Range<usize>)> + '_ {
    let mut rest = text.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, kind) = loop {
            let (i, c) = rest.next()?;
            if let Some(kind) = kind_of(c) {
                break (i, kind);
            }
        };
        let mut end = text.len();
        while let Some(&(i, c)) = rest.peek() {
            let continues = kind_of(c) == Some(kind)
                || (kind == RunKind::Number
                    && matches!(c, '.' | ',')
                    && text[i + 1..].starts_with(|d: char| d.is_ascii_digit()));
            if !continues {
                end = i;
                break;
            }
            rest.next();
        }
        Some((kind, start..end))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(text: &str) -> Vec<(RunKind, &str)> {
        runs(text).map(|(kind, range)| (kind, &text[range])).collect()
    }

    #[test]
    fn splits_by_script_and_drops_separators() {
        use RunKind::*;
        assert_eq!(
            pieces("ผ่าน gmp/haccp เวลา 9.30 น. (ลำไย) 1,5"),
            vec![
                (Thai, "ผ่าน"),
                (Word, "gmp"),
                (Word, "haccp"),
                (Thai, "เวลา"),
                (Number, "9.30"),
                (Thai, "น"),
                (Thai, "ลำไย"),
                (Number, "1,5"),
            ]
        );
        assert_eq!(pieces("iso22000."), vec![(Word, "iso"), (Number, "22000")]);
        assert_eq!(pieces(" ฯ ฿ "), vec![]);
    }
}
