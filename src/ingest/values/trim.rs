//! Trimming a cell before it is read: whitespace of every kind and the
//! spreadsheet text marker `'`.

#[inline]
fn is_ascii_space(x: u8) -> bool {
    x == b' ' || (0x09..=0x0d).contains(&x)
}

/// An ASCII byte that is not whitespace: a cell edge nothing trims.
#[inline]
fn plain_edge(x: u8) -> bool {
    x < 0x80 && !is_ascii_space(x)
}

#[inline]
fn is_unicode_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{FEFF}' || c == '\u{200B}'
}

/// Strips surrounding whitespace: ASCII whitespace, every Unicode
/// `White_Space` character (U+00A0 no-break space, U+202F narrow no-break
/// space, U+2007, U+2009 …), the zero-width space U+200B and a stray
/// byte-order mark U+FEFF. Works on bytes; only non-ASCII edges are decoded.
///
/// ```
/// use cxmetrics::ingest::values::trim_whitespace;
/// assert_eq!(trim_whitespace("\u{a0} 12,5\u{202f}\t"), "12,5");
/// ```
pub fn trim_whitespace(s: &str) -> &str {
    let b = s.as_bytes();
    // Most cells start and end with a visible ASCII character.
    match (b.first(), b.last()) {
        (Some(&f), Some(&l)) if plain_edge(f) && plain_edge(l) => return s,
        (None, _) => return s,
        _ => {}
    }
    trim_whitespace_edges(s)
}

/// [`trim_whitespace`] without its shortcut for plain ASCII edges.
fn trim_whitespace_edges(s: &str) -> &str {
    let b = s.as_bytes();
    let mut start = 0;
    while let Some(&x) = b.get(start) {
        if x < 0x80 {
            if is_ascii_space(x) {
                start += 1;
                continue;
            }
            break;
        }
        match s.get(start..).and_then(|r| r.chars().next()) {
            Some(c) if is_unicode_space(c) => start += c.len_utf8(),
            _ => break,
        }
    }
    let mut end = b.len();
    while end > start {
        let x = b[end - 1];
        if x < 0x80 {
            if is_ascii_space(x) {
                end -= 1;
                continue;
            }
            break;
        }
        match s.get(start..end).and_then(|r| r.chars().next_back()) {
            Some(c) if is_unicode_space(c) => end -= c.len_utf8(),
            _ => break,
        }
    }
    s.get(start..end).unwrap_or("")
}

/// Trims a cell for parsing: surrounding whitespace as in
/// [`trim_whitespace`], then one leading `'` — the text marker that Excel
/// users type and that exports add to defuse formulas (`'0123`, `'-12.5`,
/// `'=SUM`) — then whitespace again.
///
/// The `'` is kept when it is the whole cell or when the cell also ends in
/// `'` (`'quoted'` is text in quotes, not a marker). Apostrophe digit
/// grouping (`1'234`) never starts with `'`, so it is unaffected.
///
/// ```
/// use cxmetrics::ingest::values::trim_cell;
/// assert_eq!(trim_cell("  '-12.5 "), "-12.5");
/// assert_eq!(trim_cell("'quoted'"), "'quoted'");
/// assert_eq!(trim_cell("\u{a0}1'234\u{a0}"), "1'234");
/// ```
#[inline]
pub fn trim_cell(s: &str) -> &str {
    // Most cells: visible ASCII (0x21–0x7f) at both ends and no text
    // marker. Anything else, control bytes that are not spaces included,
    // takes the general path.
    let b = s.as_bytes();
    if let (Some(&f), Some(&l)) = (b.first(), b.last()) {
        let visible = |x: u8| x.wrapping_sub(0x21) < 0x5f;
        if visible(f) & visible(l) & (f != b'\'') {
            return s;
        }
    }
    trim_cell_marker(s)
}

/// [`trim_cell`] without its shortcut for plain ASCII edges.
fn trim_cell_marker(s: &str) -> &str {
    let t = trim_whitespace(s);
    match t.strip_prefix('\'') {
        Some(rest) if !rest.is_empty() && !rest.ends_with('\'') => trim_whitespace(rest),
        _ => t,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::values::cell_piece;
    use proptest::prelude::*;

    #[test]
    fn trims_whitespace_and_text_marker() {
        assert_eq!(trim_whitespace("  12 \t\r\n"), "12");
        assert_eq!(trim_whitespace("\u{a0}\u{202f}12\u{2009}\u{feff}"), "12");
        assert_eq!(trim_whitespace("\u{a0}"), "");
        assert_eq!(trim_whitespace("é"), "é");
        assert_eq!(trim_cell(" '0123 "), "0123");
        assert_eq!(trim_cell("'-12.5"), "-12.5");
        assert_eq!(trim_cell("'"), "'");
        assert_eq!(trim_cell("'a'"), "'a'");
        assert_eq!(trim_cell("1'234"), "1'234");
        assert_eq!(trim_cell(""), "");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// The trimming shortcuts give what the general trims give.
        #[test]
        fn trim_shortcuts_match_general_trims(pieces in proptest::collection::vec(cell_piece(), 0..8)) {
            let cell: String = pieces.concat();
            prop_assert_eq!(trim_whitespace(&cell), trim_whitespace_edges(&cell));
            prop_assert_eq!(trim_cell(&cell), trim_cell_marker(&cell));
        }
    }
}
