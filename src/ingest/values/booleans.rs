//! Yes/no answers in the five languages of the page.

use super::trim::trim_cell;
use crate::text::{fold_word, WordRules};

/// Answers are single words: no break characters; accents and combining
/// marks fold as everywhere else ([`crate::text`]).
const ANSWER: WordRules = WordRules {
    breaks: b"",
    trim: false,
    marks: true,
};

/// Reads a yes/no answer in English, Spanish, Portuguese, French or
/// Indonesian, ignoring case, accents and surrounding whitespace.
///
/// True: `yes`, `y`, `true`, `t`, `1`, `sí`/`si`, `s`, `sim`, `oui`, `vrai`,
/// `verdadero`, `verdadeiro`, `ya`, `iya`, `benar`.
/// False: `no`, `n`, `false`, `f`, `0`, `não`/`nao`, `non`, `faux`, `falso`,
/// `tidak`, `salah`. Anything else is `None`.
///
/// ```
/// use cxmetrics::ingest::values::parse_bool;
/// assert_eq!(parse_bool(" SÍ "), Some(true));
/// assert_eq!(parse_bool("Não"), Some(false));
/// assert_eq!(parse_bool("Tidak"), Some(false));
/// assert_eq!(parse_bool("maybe"), None);
/// ```
pub fn parse_bool(s: &str) -> Option<bool> {
    let t = trim_cell(s);
    let mut buf = [0u8; 12];
    let word = fold_word(t, ANSWER, &mut buf)?.as_bytes();
    // One-letter answers (y, n, s, t, f) only as typed: a lone `ñ` or `ý`
    // is not an abbreviation of anything.
    if word.len() == 1 && !t.is_ascii() {
        return None;
    }
    match word {
        b"yes" | b"y" | b"true" | b"t" | b"1" | b"si" | b"s" | b"sim" | b"oui" | b"vrai"
        | b"verdadero" | b"verdadeiro" | b"ya" | b"iya" | b"benar" => Some(true),
        b"no" | b"n" | b"false" | b"f" | b"0" | b"nao" | b"non" | b"faux" | b"falso" | b"tidak"
        | b"salah" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn booleans_in_five_languages() {
        for s in [
            "yes",
            "Yes",
            "YES",
            "y",
            "true",
            "TRUE",
            "t",
            "1",
            "sí",
            "Sí",
            "SÍ",
            "si",
            "s",
            "sim",
            "Sim",
            "oui",
            "OUI",
            "vrai",
            "verdadero",
            "verdadeiro",
            "ya",
            "Ya",
            "iya",
            "benar",
            " yes ",
            "\u{a0}Oui",
            "si\u{301}",
        ] {
            assert_eq!(parse_bool(s), Some(true), "{s:?}");
        }
        for s in [
            "no",
            "No",
            "NO",
            "n",
            "false",
            "False",
            "f",
            "0",
            "não",
            "NÃO",
            "nao",
            "non",
            "Non",
            "faux",
            "falso",
            "tidak",
            "Tidak",
            "salah",
            "na\u{303}o",
        ] {
            assert_eq!(parse_bool(s), Some(false), "{s:?}");
        }
        for s in [
            "",
            "maybe",
            "2",
            "yes!",
            "nope",
            "verdadeiramente",
            "ñ",
            "是",
        ] {
            assert_eq!(parse_bool(s), None, "{s:?}");
        }
    }
}
