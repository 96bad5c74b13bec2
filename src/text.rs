//! Folding text for comparison: the one place that decides which spellings
//! of a word count as the same (`Fecha de Creación` = `fecha_de_creacion`,
//! `RÉSOLU` = `resolu`).
//!
//! It sits at the crate's top rather than in [`crate::ingest`] because both
//! the reader ([`crate::ingest::columns`], header names) and the datasets
//! ([`crate::datasets`], status and rating words) fold text, and neither
//! owns the other's rules.
//!
//! Two functions share one character table (`lower`, then `fold`):
//!
//! - [`fold_phrase`] folds a header, label or id into a comparison key:
//!   case, accents, punctuation and space runs, any length, any script.
//! - [`fold_word`] folds a short cell (a status, a rating, an interval) into
//!   a caller's buffer for matching against a word list, and refuses (gives
//!   `None`) what no list holds: other punctuation, other scripts, a word too
//!   long for the buffer. [`WordRules`] says which punctuation breaks words.
//!
//! Both are hand-written for speed, measured (benches/README.md): no
//! allocation in [`fold_word`] and a byte-by-byte path for ASCII cells, which
//! most are; lower-casing without Unicode's table keeps the wasm small.

/// Folds a header, label or id into the key it is compared by: lower case
/// (for the Latin, Greek and Cyrillic alphabets), accents removed (é→e,
/// ã→a, ç→c, ß→ss, œ→oe …), byte-order marks, zero-width spaces and
/// combining accents dropped, every run of punctuation, symbols, underscores
/// and whitespace made one space, trimmed. Letters and digits of other
/// scripts are kept as they are. The result holds only letters, digits and
/// single spaces, and folding it again changes nothing.
///
/// ```
/// use cxmetrics::text::fold_phrase;
/// assert_eq!(fold_phrase("\u{feff}\"Fecha de Creación\""), "fecha de creacion");
/// assert_eq!(fold_phrase("conversation_first_response_at"), "conversation first response at");
/// assert_eq!(fold_phrase("  Start Date (UTC) "), "start date utc");
/// assert_eq!(fold_phrase("Date d'ouverture"), "date d ouverture");
/// assert_eq!(fold_phrase("Straße Nº 1"), "strasse no 1");
/// ```
pub fn fold_phrase(raw: &str) -> String {
    fold_lowered(raw.chars().map(lower), raw.len())
}

/// [`fold_phrase`] after lower-casing: folds and collapses `chars`.
fn fold_lowered(chars: impl Iterator<Item = char>, len: usize) -> String {
    let mut out = String::with_capacity(len);
    let mut pending_space = false;
    for c in chars {
        let piece = match fold(c) {
            Folded::Keep(k) => Piece::Char(k),
            Folded::Str(s) => Piece::Str(s),
            Folded::Skip => continue,
            Folded::Separator => {
                pending_space = true;
                continue;
            }
        };
        if pending_space && !out.is_empty() {
            out.push(' ');
        }
        pending_space = false;
        match piece {
            Piece::Char(k) => out.push(k),
            Piece::Str(s) => out.push_str(s),
        }
    }
    out
}

/// What [`fold_lowered`] appends for one character.
enum Piece {
    Char(char),
    Str(&'static str),
}

/// Which characters [`fold_word`] reads as a break between words, and how
/// it treats whitespace at the ends and invisible marks. Spaces and tabs
/// always break words; a run of breaks is one space; breaks at either end
/// vanish.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordRules {
    /// ASCII punctuation read as a break, like a space. Any other
    /// punctuation makes the cell unreadable (`None`).
    pub breaks: &'static [u8],
    /// Whether whitespace of any kind (line breaks, no-break spaces …) is
    /// trimmed from both ends first. Without it, whitespace other than
    /// spaces, tabs and `breaks` makes the cell unreadable.
    pub trim: bool,
    /// Whether the no-break space is a break, and combining accents,
    /// byte-order marks and zero-width spaces are dropped, as in
    /// [`fold_phrase`] (decomposed `e` + `◌́` reads as `e`). Without it they
    /// make the cell unreadable.
    pub marks: bool,
}

impl WordRules {
    /// Status, plan-interval and payment words of subscriptions, accounts
    /// and customer tables: `_`, `-`, `.` and `'` break words (`past_due`,
    /// `Past-due`; `n/a` is refused), whitespace at the ends is trimmed, and
    /// an invisible mark inside refuses the cell.
    pub const DOTS: WordRules = WordRules {
        breaks: b"_-.'",
        trim: true,
        marks: false,
    };

    /// Ticket statuses and satisfaction ratings: `_`, `-` and `,` break
    /// words (`Good, with comment`, `good_with_comment`), as does the
    /// no-break space; combining accents and zero-width marks are dropped;
    /// other whitespace (a line break) refuses the cell.
    pub const COMMAS: WordRules = WordRules {
        breaks: b"_-,",
        trim: false,
        marks: true,
    };

    /// True when `c` breaks words under these rules.
    fn breaks_at(self, c: char) -> bool {
        match c {
            ' ' | '\t' => true,
            '\u{a0}' => self.marks,
            _ => u8::try_from(c).is_ok_and(|b| self.breaks.contains(&b)),
        }
    }
}

/// Folds a short cell into `buf` for matching against a word list: lower
/// case, accents removed (as [`fold_phrase`] does: `Résolu` → `resolu`,
/// `Straße` → `strasse`), breaks as [`WordRules`] says, one space between
/// words, none at the ends. `None` when the cell holds anything else (other
/// punctuation, a letter of another script) or does not fit in `buf`:
/// such a cell matches no word list.
///
/// ```
/// use cxmetrics::text::{fold_word, WordRules};
/// let mut buf = [0u8; 32];
/// assert_eq!(fold_word(" Past-Due ", WordRules::DOTS, &mut buf), Some("past due"));
/// assert_eq!(fold_word("Résilié", WordRules::DOTS, &mut buf), Some("resilie"));
/// assert_eq!(fold_word("Good, with comment", WordRules::COMMAS, &mut buf), Some("good with comment"));
/// assert_eq!(fold_word("Good, with comment", WordRules::DOTS, &mut buf), None);
/// assert_eq!(fold_word("n/a", WordRules::DOTS, &mut buf), None);
/// assert_eq!(fold_word("Заказ", WordRules::DOTS, &mut buf), None);
/// assert_eq!(fold_word("a much longer sentence than a status", WordRules::DOTS, &mut buf), None);
/// ```
pub fn fold_word<'b>(cell: &str, rules: WordRules, buf: &'b mut [u8]) -> Option<&'b str> {
    let cell = if rules.trim { cell.trim() } else { cell };
    let n = if cell.is_ascii() {
        fold_ascii_word(cell.as_bytes(), rules, buf)?
    } else {
        fold_any_word(cell, rules, buf)?
    };
    // Only ASCII letters, digits and spaces were written.
    std::str::from_utf8(buf.get(..n)?).ok()
}

/// [`fold_word`] of an ASCII cell, byte by byte; the length written.
#[inline]
fn fold_ascii_word(cell: &[u8], rules: WordRules, buf: &mut [u8]) -> Option<usize> {
    let mut out = WordBuf::new(buf);
    for &c in cell {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase())?;
        } else if c == b' ' || c == b'\t' || rules.breaks.contains(&c) {
            out.space();
        } else {
            return None;
        }
    }
    Some(out.n)
}

/// [`fold_word`] of any cell, character by character; the length written.
fn fold_any_word(cell: &str, rules: WordRules, buf: &mut [u8]) -> Option<usize> {
    let mut out = WordBuf::new(buf);
    for c in cell.chars() {
        match fold(lower(c)) {
            Folded::Keep(k) => out.push(u8::try_from(k).ok().filter(u8::is_ascii)?)?,
            Folded::Str(s) => {
                for &b in s.as_bytes() {
                    out.push(b)?;
                }
            }
            Folded::Skip if rules.marks => {}
            Folded::Separator if rules.breaks_at(c) => out.space(),
            Folded::Skip | Folded::Separator => return None,
        }
    }
    Some(out.n)
}

/// A word being written into a caller's buffer: a break is written as one
/// space only once another letter follows it.
struct WordBuf<'b> {
    buf: &'b mut [u8],
    n: usize,
    space: bool,
}

impl<'b> WordBuf<'b> {
    fn new(buf: &'b mut [u8]) -> Self {
        WordBuf {
            buf,
            n: 0,
            space: false,
        }
    }

    /// A break: a space before the next letter, unless nothing came yet.
    fn space(&mut self) {
        self.space = self.n > 0;
    }

    /// Appends `b` (after a pending space); `None` when the buffer is full.
    fn push(&mut self, b: u8) -> Option<()> {
        if self.space {
            *self.buf.get_mut(self.n)? = b' ';
            self.n += 1;
            self.space = false;
        }
        *self.buf.get_mut(self.n)? = b;
        self.n += 1;
        Some(())
    }
}

/// `c` in lower case, as `char::to_lowercase` gives it, for the letters
/// headers are written in: ASCII, Latin-1, Latin Extended-A and Additional,
/// Greek and Cyrillic (plus ẞ and the Kelvin and Ångström signs). Capitals
/// of other scripts (Armenian, Georgian, Cherokee …) stay as they are: no
/// alias or word list is written in them, so their case cannot decide a
/// match, and Unicode's whole lower-case table would be the largest part of
/// this module in the wasm (benches/README.md, "Wasm size"). `İ` becomes
/// `i` (Unicode's `i` + combining dot, whose dot [`fold`] drops).
fn lower(c: char) -> char {
    let u = c as u32;
    let even = u % 2 == 0;
    let l = match u {
        0x41..=0x5a | 0xc0..=0xd6 | 0xd8..=0xde | 0x391..=0x3a1 | 0x3a3..=0x3ab | 0x410..=0x42f => {
            u + 0x20
        }
        0x130 => 0x69,
        0x178 => 0xff,
        0x100..=0x137 | 0x14a..=0x177 | 0x460..=0x481 | 0x48a..=0x4bf | 0x4d0..=0x52f if even => {
            u + 1
        }
        0x1e00..=0x1e95 | 0x1ea0..=0x1eff if even => u + 1,
        0x139..=0x148 | 0x179..=0x17e | 0x4c1..=0x4ce if !even => u + 1,
        0x1e9e => 0xdf,
        0x386 => 0x3ac,
        0x388..=0x38a => u + 0x25,
        0x38c => 0x3cc,
        0x38e | 0x38f => u + 0x3f,
        0x400..=0x40f => u + 0x50,
        0x4c0 => 0x4cf,
        0x212a => 0x6b,
        0x212b => 0xe5,
        _ => u,
    };
    char::from_u32(l).unwrap_or(c)
}

/// What one lower-cased character folds to.
enum Folded {
    /// A letter or digit kept as it is (ASCII, or another script's).
    Keep(char),
    /// A Latin letter with its accent removed, or a ligature spelt out.
    Str(&'static str),
    /// Dropped: a combining accent, a byte-order mark, a zero-width space or
    /// joiner.
    Skip,
    /// Punctuation, symbols and whitespace: a break between words.
    Separator,
}

/// Folds one lower-cased character (see [`lower`]).
fn fold(c: char) -> Folded {
    if c.is_ascii_alphanumeric() {
        return Folded::Keep(c);
    }
    let s = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'ª' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' | 'ĉ' | 'ċ' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'ñ' | 'ń' | 'ň' | 'ņ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' | 'º' | '°' => "o",
        'œ' => "oe",
        'ŕ' | 'ř' => "r",
        'ś' | 'š' | 'ş' | 'ŝ' => "s",
        'ß' => "ss",
        'ť' | 'ţ' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        'ł' => "l",
        'þ' => "th",
        // Combining diacritics (decomposed input) and the byte-order mark.
        '\u{0300}'..='\u{036f}' | '\u{feff}' | '\u{200b}' | '\u{200d}' => return Folded::Skip,
        _ if c.is_alphanumeric() => return Folded::Keep(c),
        _ => return Folded::Separator,
    };
    Folded::Str(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalisation_examples() {
        assert_eq!(fold_phrase("Data de Criação"), "data de criacao");
        assert_eq!(fold_phrase("Straße"), "strasse");
        assert_eq!(fold_phrase("Nº do chamado"), "no do chamado");
        assert_eq!(fold_phrase("  __Créé--le__ "), "cree le");
        assert_eq!(fold_phrase("ÉTAT"), "etat");
        assert_eq!(fold_phrase("Œuvre"), "oeuvre");
        assert_eq!(fold_phrase("#"), "");
        assert_eq!(fold_phrase("Заказ 1"), "заказ 1");
    }

    /// [`fold_phrase`] with `char::to_lowercase`: the reference the
    /// table-free [`lower`] must agree with.
    fn normalise_with_std(raw: &str) -> String {
        fold_lowered(raw.chars().flat_map(char::to_lowercase), raw.len())
    }

    /// The blocks whose capitals [`lower`] promises to lower-case exactly.
    fn lower_covers(c: char) -> bool {
        matches!(c as u32, 0..=0x17f | 0x386..=0x3ab | 0x400..=0x52f | 0x1e00..=0x1eff | 0x212a | 0x212b)
    }

    #[test]
    fn lower_agrees_with_std_in_its_blocks_and_keeps_the_rest() {
        let mut kept_capitals = 0;
        for c in (0..=0x10ffff).filter_map(char::from_u32) {
            let std: String = c.to_lowercase().collect();
            let one = c.to_string();
            if lower_covers(c) || lower(c) != c {
                let want = if c == '\u{130}' {
                    "i".to_string()
                } else {
                    std.clone()
                };
                assert_eq!(lower(c).to_string(), want, "U+{:04X}", c as u32);
            } else if std != one {
                kept_capitals += 1;
            }
            if std == one || lower_covers(c) {
                assert_eq!(
                    fold_phrase(&one),
                    normalise_with_std(&one),
                    "U+{:04X}",
                    c as u32
                );
            } else {
                // A capital of another script stays as it is.
                assert_eq!(fold_phrase(&one), one, "U+{:04X}", c as u32);
            }
        }
        assert!(kept_capitals < 1_500, "{kept_capitals}");
    }

    fn word(cell: &str, rules: WordRules) -> Option<String> {
        let mut buf = [0u8; 32];
        fold_word(cell, rules, &mut buf).map(str::to_string)
    }

    #[test]
    fn word_rules_differ_only_where_they_say() {
        use WordRules as R;
        for (cell, dots, commas) in [
            ("past_due", Some("past due"), Some("past due")),
            ("  Past-Due  ", Some("past due"), Some("past due")),
            ("Good, with comment", None, Some("good with comment")),
            ("n.a.", Some("n a"), None),
            ("n'a", Some("n a"), None),
            ("Solved\n", Some("solved"), None),
            ("\u{a0}Solved\u{a0}", Some("solved"), Some("solved")),
            ("so\u{a0}lved", None, Some("so lved")),
            ("Re\u{301}solu", None, Some("resolu")),
            ("\u{feff}closed", None, Some("closed")),
            ("RÉSOLU", Some("resolu"), Some("resolu")),
            ("Straße", Some("strasse"), Some("strasse")),
            ("Nº 1", Some("no 1"), Some("no 1")),
            ("закрыт", None, None),
            ("n/a", None, None),
            ("", Some(""), Some("")),
        ] {
            assert_eq!(word(cell, R::DOTS).as_deref(), dots, "{cell:?} dots");
            assert_eq!(word(cell, R::COMMAS).as_deref(), commas, "{cell:?} commas");
        }
        let mut small = [0u8; 4];
        assert_eq!(fold_word("abcd", R::DOTS, &mut small), Some("abcd"));
        assert_eq!(fold_word("ab cd", R::DOTS, &mut small), None);
        assert_eq!(fold_word("ßßß", R::DOTS, &mut small), None);
    }

    /// The word folds this module replaced, as they were (the datasets'
    /// `.`-breaking one and the tickets' `,`-breaking one): on the letters
    /// they knew, [`fold_word`] must read every cell as they did.
    fn old_fold(cell: &str, commas: bool, buf: &mut [u8]) -> Option<String> {
        let cell = if commas { cell } else { cell.trim() };
        let mut n = 0usize;
        let mut space = false;
        for c in cell.chars() {
            let b = match c {
                ' ' | '\t' | '_' | '-' => b' ',
                '.' | '\'' if !commas => b' ',
                ',' | '\u{a0}' if commas => b' ',
                '\u{300}'..='\u{36f}' if commas => continue,
                'a'..='z' | '0'..='9' => c as u8,
                'A'..='Z' => c.to_ascii_lowercase() as u8,
                'á' | 'à' | 'â' | 'ã' | 'ä' | 'Á' | 'À' | 'Â' | 'Ã' | 'Ä' => b'a',
                'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => b'e',
                'í' | 'ì' | 'î' | 'ï' | 'Í' | 'Ì' | 'Î' | 'Ï' => b'i',
                'ó' | 'ò' | 'ô' | 'õ' | 'ö' | 'Ó' | 'Ò' | 'Ô' | 'Õ' | 'Ö' => b'o',
                'ú' | 'ù' | 'û' | 'ü' | 'Ú' | 'Ù' | 'Û' | 'Ü' => b'u',
                'ç' | 'Ç' => b'c',
                'ñ' | 'Ñ' => b'n',
                _ => return None,
            };
            if b == b' ' {
                space = n > 0;
                continue;
            }
            if space {
                *buf.get_mut(n)? = b' ';
                n += 1;
                space = false;
            }
            *buf.get_mut(n)? = b;
            n += 1;
        }
        Some(String::from_utf8_lossy(buf.get(..n)?).into_owned())
    }

    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn word_folds_read_cells_as_the_old_ones_did(
            cell in "[ _,.'!/\\-\t\n\u{a0}\u{300}\u{301}a-zA-Z0-9áàâãäÁÀÂÃÄéèêëÉÈÊËíìîïÍÌÎÏóòôõöÓÒÔÕÖúùûüÚÙÛÜçÇñÑ日]{0,20}",
            size in 8usize..34,
        ) {
            for (rules, commas) in [(WordRules::DOTS, false), (WordRules::COMMAS, true)] {
                let mut a = vec![0u8; size];
                let mut b = vec![0u8; size];
                prop_assert_eq!(
                    fold_word(&cell, rules, &mut a).map(str::to_string),
                    old_fold(&cell, commas, &mut b),
                    "{:?} commas={}", cell, commas
                );
            }
        }

        /// The byte-by-byte fold of ASCII cells is the general fold.
        #[test]
        fn ascii_fold_is_the_general_fold(cell in "[ _,\\-\\ta-zA-Z0-9.'!\n]{0,30}", size in 0usize..34) {
            for rules in [WordRules::DOTS, WordRules::COMMAS] {
                let mut a = vec![0u8; size];
                let mut b = vec![0u8; size];
                prop_assert_eq!(
                    fold_ascii_word(cell.as_bytes(), rules, &mut a),
                    fold_any_word(&cell, rules, &mut b)
                );
            }
        }

        /// A word that folds reads as its phrase fold does.
        #[test]
        fn a_folded_word_is_its_folded_phrase(cell in any::<String>()) {
            for rules in [WordRules::DOTS, WordRules::COMMAS] {
                let mut buf = [0u8; 64];
                if let Some(w) = fold_word(&cell, rules, &mut buf) {
                    prop_assert_eq!(w, fold_phrase(&cell));
                }
            }
        }

        #[test]
        fn normalise_is_idempotent_and_tidy(s in any::<String>()) {
            let n = fold_phrase(&s);
            prop_assert_eq!(fold_phrase(&n), n.clone());
            prop_assert!(!n.starts_with(' ') && !n.ends_with(' ') && !n.contains("  "));
            prop_assert!(n.chars().all(|c| c == ' ' || c.is_alphanumeric()));
        }

        #[test]
        fn normalise_ignores_ascii_case(s in "[ -~]{0,30}") {
            prop_assert_eq!(fold_phrase(&s.to_ascii_uppercase()), fold_phrase(&s.to_ascii_lowercase()));
        }
    }
}
