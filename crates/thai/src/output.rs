//! The text being built by normalisation, optionally with where each byte came from.

use std::ops::Range;

/// Byte range of the original text that an output byte was made from.
pub(crate) type Span = (usize, usize);

/// One [`Span`] per output byte; `()` when the caller does not need offsets, so that plain
/// normalisation pays nothing for them.
pub(crate) trait Origins: Default {
    fn reserve(&mut self, additional: usize);
    fn push(&mut self, span: Span, len: usize);
    fn truncate(&mut self, len: usize);
    fn at(&self, index: usize) -> Span;
    fn extend_from(&mut self, other: &Self, range: Range<usize>);
}

impl Origins for () {
    fn reserve(&mut self, _: usize) {}
    fn push(&mut self, _: Span, _: usize) {}
    fn truncate(&mut self, _: usize) {}
    fn at(&self, _: usize) -> Span {
        (0, 0)
    }
    fn extend_from(&mut self, _: &Self, _: Range<usize>) {}
}

impl Origins for Vec<Span> {
    fn reserve(&mut self, additional: usize) {
        Vec::reserve(self, additional);
    }
    fn push(&mut self, span: Span, len: usize) {
        self.extend(std::iter::repeat_n(span, len));
    }
    fn truncate(&mut self, len: usize) {
        Vec::truncate(self, len);
    }
    fn at(&self, index: usize) -> Span {
        self[index]
    }
    fn extend_from(&mut self, other: &Self, range: Range<usize>) {
        self.extend_from_slice(&other[range]);
    }
}

#[derive(Default)]
pub(crate) struct Output<O> {
    pub(crate) text: String,
    pub(crate) origins: O,
}

impl<O: Origins> Output<O> {
    pub(crate) fn with_capacity(capacity: usize) -> Self {
        let mut origins = O::default();
        origins.reserve(capacity);
        Output { text: String::with_capacity(capacity), origins }
    }

    pub(crate) fn push(&mut self, c: char, span: Span) {
        self.origins.push(span, c.len_utf8());
        self.text.push(c);
    }

    pub(crate) fn push_str(&mut self, s: &str, span: Span) {
        self.origins.push(span, s.len());
        self.text.push_str(s);
    }

    /// Removes the last character and returns it with its span.
    pub(crate) fn pop(&mut self) -> Option<(char, Span)> {
        let c = self.text.pop()?;
        let len = self.text.len();
        let span = self.origins.at(len);
        self.origins.truncate(len);
        Some((c, span))
    }

    pub(crate) fn last(&self) -> Option<char> {
        self.text.chars().next_back()
    }

    pub(crate) fn second_last(&self) -> Option<char> {
        self.text.chars().nth_back(1)
    }

    pub(crate) fn copy_from(&mut self, other: &Self, range: Range<usize>) {
        self.origins.extend_from(&other.origins, range.clone());
        self.text.push_str(&other.text[range]);
    }
}
