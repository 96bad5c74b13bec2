//! Folding text for comparison.

/// Normalises a header for comparison: lower case, accents folded
/// (é→e, ã→a, ç→c, ß→ss, œ→oe …), byte-order marks and quotes dropped,
/// every run of punctuation, underscores and spaces collapsed to one space,
/// trimmed. Letters of other scripts are kept as they are; see `lower`
/// for which of them are lower-cased.
///
/// ```
/// use cxmetrics::ingest::columns::normalise_header;
/// assert_eq!(normalise_header("\u{feff}\"Fecha de Creación\""), "fecha de creacion");
/// assert_eq!(normalise_header("conversation_first_response_at"), "conversation first response at");
/// assert_eq!(normalise_header("  Start Date (UTC) "), "start date utc");
/// assert_eq!(normalise_header("Date d'ouverture"), "date d ouverture");
/// ```
pub fn normalise_header(raw: &str) -> String {
    normalise_lowered(raw.chars().map(lower), raw.len())
}

/// [`normalise_header`] after lower-casing: folds and collapses `chars`.
fn normalise_lowered(chars: impl Iterator<Item = char>, len: usize) -> String {
    let mut out = String::with_capacity(len);
    let mut pending_space = false;
    for c in chars {
        match fold(c) {
            Folded::Keep(k) => {
                if pending_space && !out.is_empty() {
                    out.push(' ');
                }
                pending_space = false;
                out.push(k);
            }
            Folded::Str(s) => {
                if pending_space && !out.is_empty() {
                    out.push(' ');
                }
                pending_space = false;
                out.push_str(s);
            }
            Folded::Skip => {}
            Folded::Separator => pending_space = true,
        }
    }
    out
}

/// `c` in lower case, as `char::to_lowercase` gives it, for the letters
/// headers are written in: ASCII, Latin-1, Latin Extended-A and Additional,
/// Greek and Cyrillic (plus ẞ and the Kelvin and Ångström signs). Capitals
/// of other scripts (Armenian, Georgian, Cherokee …) stay as they are: no
/// alias is written in them, so their case cannot decide a match, and
/// leaving them out keeps Unicode's 12 KB lower-case table out of the wasm.
/// `İ` becomes `i` (Unicode's `i` + combining dot, whose dot [`fold`] drops).
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

enum Folded {
    Keep(char),
    Str(&'static str),
    Skip,
    Separator,
}

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
        assert_eq!(normalise_header("Data de Criação"), "data de criacao");
        assert_eq!(normalise_header("Straße"), "strasse");
        assert_eq!(normalise_header("Nº do chamado"), "no do chamado");
        assert_eq!(normalise_header("  __Créé--le__ "), "cree le");
        assert_eq!(normalise_header("ÉTAT"), "etat");
        assert_eq!(normalise_header("Œuvre"), "oeuvre");
        assert_eq!(normalise_header("#"), "");
        assert_eq!(normalise_header("Заказ 1"), "заказ 1");
    }

    /// [`normalise_header`] as it was with `char::to_lowercase`: the
    /// reference the table-free [`lower`] must agree with.
    fn normalise_with_std(raw: &str) -> String {
        normalise_lowered(raw.chars().flat_map(char::to_lowercase), raw.len())
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
                    normalise_header(&one),
                    normalise_with_std(&one),
                    "U+{:04X}",
                    c as u32
                );
            } else {
                // A capital of another script stays as it is.
                assert_eq!(normalise_header(&one), one, "U+{:04X}", c as u32);
            }
        }
        assert!(kept_capitals < 1_500, "{kept_capitals}");
    }

    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn normalise_is_idempotent_and_tidy(s in any::<String>()) {
            let n = normalise_header(&s);
            prop_assert_eq!(normalise_header(&n), n.clone());
            prop_assert!(!n.starts_with(' ') && !n.ends_with(' ') && !n.contains("  "));
            prop_assert!(n.chars().all(|c| c == ' ' || c.is_alphanumeric()));
        }

        #[test]
        fn normalise_ignores_ascii_case(s in "[ -~]{0,30}") {
            prop_assert_eq!(normalise_header(&s.to_ascii_uppercase()), normalise_header(&s.to_ascii_lowercase()));
        }
    }
}
