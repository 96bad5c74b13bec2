//! Works out how a file is written before any row is read: encoding and
//! delimiter, from a sample of its first bytes. Header rows are decided
//! later, from the sample's records (see [`crate::session`]).
//!
//! What was decided is reported in the report's `settings`, and every
//! decision can be overridden.

use crate::error::Error;
use serde::{Deserialize, Serialize};

/// How many bytes the sniffer looks at.
pub const SAMPLE_BYTES: usize = 256 * 1024;

/// Text encodings the reader accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    /// UTF-8, with or without a byte-order mark.
    Utf8,
    /// Windows-1252 (a superset of Latin-1), as older Excel writes.
    Windows1252,
    /// UTF-16 little-endian with its byte-order mark (Excel's "Unicode text").
    Utf16le,
    /// UTF-16 big-endian with its byte-order mark.
    Utf16be,
}

impl Encoding {
    /// The name shown to the user.
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Windows1252 => "windows-1252",
            Encoding::Utf16le => "utf-16le",
            Encoding::Utf16be => "utf-16be",
        }
    }
}

/// The delimiters the sniffer chooses among, in order of preference on a tie.
pub const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// The name of a delimiter as shown to the user.
///
/// ```
/// assert_eq!(cxmetrics::ingest::sniff::delimiter_name(b'\t'), "tab");
/// ```
pub fn delimiter_name(d: u8) -> &'static str {
    match d {
        b',' => "comma",
        b';' => "semicolon",
        b'\t' => "tab",
        b'|' => "pipe",
        _ => "other",
    }
}

/// Parses a delimiter as a user writes it: `,` `;` `|`, `tab` or `\t`, or a
/// name (`comma`, `semicolon`, `pipe`).
pub fn parse_delimiter(s: &str) -> Option<u8> {
    match s.trim().to_ascii_lowercase().as_str() {
        "," | "comma" => Some(b','),
        ";" | "semicolon" => Some(b';'),
        "\t" | "\\t" | "tab" => Some(b'\t'),
        "|" | "pipe" => Some(b'|'),
        _ => None,
    }
}

/// The sniffer's decisions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "partials", derive(serde::Serialize, serde::Deserialize))]
pub struct Format {
    /// The text encoding.
    pub encoding: Encoding,
    /// Whether a byte-order mark was present (and is skipped).
    pub bom: bool,
    /// The field delimiter.
    pub delimiter: u8,
}

/// Whether the sample's lines end with a lone CR (no line feed at all), as
/// old Mac exports do.
///
/// ```
/// assert!(cxmetrics::ingest::sniff::cr_line_ends(b"a,b\r1,2\r"));
/// assert!(!cxmetrics::ingest::sniff::cr_line_ends(b"a,b\r\n1,2\r\n"));
/// ```
pub fn cr_line_ends(sample: &[u8]) -> bool {
    sample.contains(&b'\r') && !sample.contains(&b'\n')
}

/// Recognises files that are not text at all, with the sentence to show.
fn binary_kind(sample: &[u8]) -> Option<&'static str> {
    const SIGNATURES: &[(&[u8], &str)] = &[
        (
            b"PK\x03\x04",
            "this is a compressed file or an Excel workbook (.xlsx), not a CSV: in Excel use File → Save as → CSV UTF-8, then drop that file.",
        ),
        (
            b"\xD0\xCF\x11\xE0",
            "this is an old Excel workbook (.xls), not a CSV: in Excel use File → Save as → CSV UTF-8, then drop that file.",
        ),
        (
            b"%PDF",
            "this is a PDF document, not a CSV: export the data from its source as CSV and drop that file.",
        ),
        (
            b"\x89PNG",
            "this is a PNG image, not a CSV: export the data from its source as CSV and drop that file.",
        ),
        (
            b"\xFF\xD8\xFF",
            "this is a JPEG image, not a CSV: export the data from its source as CSV and drop that file.",
        ),
        (
            b"GIF8",
            "this is a GIF image, not a CSV: export the data from its source as CSV and drop that file.",
        ),
        (
            b"\x1F\x8B",
            "this is a gzip-compressed file: decompress it first, then drop the CSV inside.",
        ),
    ];
    SIGNATURES
        .iter()
        .find(|(magic, _)| sample.starts_with(magic))
        .map(|(_, sentence)| *sentence)
}

/// Decides encoding and delimiter from the first bytes of a file.
///
/// `complete` says the sample is the whole file (so a cut-off multi-byte
/// character at its end is an error, not a chunk boundary). A `delimiter`
/// given by the user is taken as is.
///
/// ```
/// use cxmetrics::ingest::sniff::{sniff, Encoding};
/// let f = sniff(b"Nome;Nota\nAna;9\nBia;10\n", true, None).unwrap();
/// assert_eq!((f.encoding, f.delimiter), (Encoding::Utf8, b';'));
/// ```
pub fn sniff(sample: &[u8], complete: bool, delimiter: Option<u8>) -> Result<Format, Error> {
    if sample.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Error::unreadable(
            "the file is empty: export it again with a header row and at least one data row.",
        ));
    }
    if let Some(sentence) = binary_kind(sample) {
        return Err(Error::unreadable(sentence));
    }
    let (encoding, bom) = if sample.starts_with(b"\xEF\xBB\xBF") {
        (Encoding::Utf8, true)
    } else if sample.starts_with(b"\xFF\xFE") {
        (Encoding::Utf16le, true)
    } else if sample.starts_with(b"\xFE\xFF") {
        (Encoding::Utf16be, true)
    } else {
        if sample.contains(&0) {
            return Err(Error::unreadable(
                "this file contains binary data (NUL bytes), not text: export the data as CSV and try again.",
            ));
        }
        (guess_8bit_encoding(sample, complete), false)
    };
    let delimiter = match delimiter {
        Some(d) => d,
        None => {
            let text = transcode_sample(sample, encoding, bom);
            guess_delimiter(&text)
        }
    };
    Ok(Format {
        encoding,
        bom,
        delimiter,
    })
}

/// UTF-8 when the sample is valid UTF-8 (a multi-byte character cut by the
/// sample's end is allowed unless the sample is the whole file), else
/// Windows-1252, the encoding of Excel's plain "CSV" on Windows.
fn guess_8bit_encoding(sample: &[u8], complete: bool) -> Encoding {
    match std::str::from_utf8(sample) {
        Ok(_) => Encoding::Utf8,
        Err(e) if e.error_len().is_none() && !complete => Encoding::Utf8,
        Err(_) => Encoding::Windows1252,
    }
}

fn transcode_sample(sample: &[u8], encoding: Encoding, bom: bool) -> String {
    let body = match (encoding, bom) {
        (Encoding::Utf8, true) => &sample[3..],
        _ => sample,
    };
    if encoding == Encoding::Utf8 {
        return String::from_utf8_lossy(body).into_owned();
    }
    let mut out = Vec::new();
    super::decode::Decoder::new(encoding, bom).decode(body, true, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Picks the delimiter that splits the sample's lines into the most
/// consistent number of fields (more than one), counting outside quotes.
/// A single column (pasted scores) falls back to a comma.
fn guess_delimiter(text: &str) -> u8 {
    let lines: Vec<&str> = logical_lines(text).take(50).collect();
    // Drop a last line that may be cut by the sample's end.
    let lines = if lines.len() > 2 {
        &lines[..lines.len() - 1]
    } else {
        &lines[..]
    };
    let mut best = (b',', 0usize, 0usize);
    for &d in &DELIMITERS {
        let counts: Vec<usize> = lines
            .iter()
            .filter(|l| !l.trim().is_empty())
            .map(|l| count_fields(l, d))
            .collect();
        let Some(&first) = counts.first() else {
            continue;
        };
        if first < 2 {
            continue;
        }
        // Lines agreeing with the header's field count.
        let agree = counts.iter().filter(|&&c| c == first).count();
        // Prefer more agreeing lines, then more fields.
        if (agree, first) > (best.1, best.2) {
            best = (d, agree, first);
        }
    }
    best.0
}

/// Splits text into lines, keeping quoted newlines inside their line.
fn logical_lines(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut in_quotes = false;
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < bytes.len() {
            let b = bytes[i];
            i += 1;
            if b == b'"' {
                in_quotes = !in_quotes;
            } else if (b == b'\n' || b == b'\r') && !in_quotes {
                let line = &text[start..i - 1];
                start = i;
                return Some(line);
            }
        }
        if start < bytes.len() {
            let line = &text[start..];
            start = bytes.len();
            return Some(line);
        }
        None
    })
}

fn count_fields(line: &str, delimiter: u8) -> usize {
    let mut in_quotes = false;
    let mut n = 1;
    for &b in line.as_bytes() {
        if b == b'"' {
            in_quotes = !in_quotes;
        } else if b == delimiter && !in_quotes {
            n += 1;
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters() {
        for (text, d) in [
            ("a,b,c\n1,2,3\n", b','),
            ("a;b;c\n1,5;2;3\n", b';'),
            ("a\tb\n1\t2\n", b'\t'),
            ("a|b\n1|2\n", b'|'),
            ("Score\n9\n10\n", b','),
            ("\"x;y\",b\n\"1;2\",3\n", b','),
            ("Valor;Data\n\"R$ 1.234,56\";05/03/2024\n", b';'),
        ] {
            assert_eq!(
                sniff(text.as_bytes(), true, None).unwrap().delimiter,
                d,
                "{text}"
            );
        }
    }

    #[test]
    fn encodings() {
        let f = sniff(b"\xEF\xBB\xBFa,b\n1,2\n", true, None).unwrap();
        assert_eq!((f.encoding, f.bom), (Encoding::Utf8, true));
        let latin = b"Pa\xEDs;Nota\nEspa\xF1a;9\n";
        assert_eq!(
            sniff(latin, true, None).unwrap().encoding,
            Encoding::Windows1252
        );
        assert_eq!(sniff(latin, true, None).unwrap().delimiter, b';');
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("a\tb\n1\t2\n".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        let f = sniff(&utf16, true, None).unwrap();
        assert_eq!((f.encoding, f.delimiter), (Encoding::Utf16le, b'\t'));
        // A multi-byte character cut at the sample's end is still UTF-8.
        assert_eq!(
            sniff(b"a,b\n\xC3", false, None).unwrap().encoding,
            Encoding::Utf8
        );
    }

    #[test]
    fn unreadable_inputs_say_why() {
        assert!(sniff(b"", true, None)
            .unwrap_err()
            .to_string()
            .starts_with("The file is empty"));
        assert!(sniff(b"\x89PNG\r\n\x1a\n", true, None)
            .unwrap_err()
            .to_string()
            .contains("PNG image"));
        assert!(sniff(b"PK\x03\x04xx", true, None)
            .unwrap_err()
            .to_string()
            .contains(".xlsx"));
        assert!(sniff(b"a,b\n1\x002\n", true, None)
            .unwrap_err()
            .to_string()
            .contains("NUL"));
    }
}
