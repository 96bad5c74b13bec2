//! Yes/no answers in the five languages of the page.

use super::trim::trim_cell;

/// Lower-case ASCII for a letter, folding Latin accents; `None` for
/// anything else. Combining marks are reported as `Some(0)` (skipped).
fn fold_letter(c: char) -> Option<u8> {
    if c.is_ascii() {
        return Some((c as u8).to_ascii_lowercase());
    }
    Some(match c {
        '\u{300}'..='\u{36f}' => 0,
        'á' | 'à' | 'â' | 'ã' | 'ä' | 'Á' | 'À' | 'Â' | 'Ã' | 'Ä' => b'a',
        'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => b'e',
        'í' | 'ì' | 'î' | 'ï' | 'Í' | 'Ì' | 'Î' | 'Ï' => b'i',
        'ó' | 'ò' | 'ô' | 'õ' | 'ö' | 'Ó' | 'Ò' | 'Ô' | 'Õ' | 'Ö' => b'o',
        'ú' | 'ù' | 'û' | 'ü' | 'Ú' | 'Ù' | 'Û' | 'Ü' => b'u',
        _ => return None,
    })
}

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
    let mut n = 0;
    for c in t.chars() {
        let f = fold_letter(c)?;
        if f == 0 {
            continue;
        }
        *buf.get_mut(n)? = f;
        n += 1;
    }
    match &buf[..n] {
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
