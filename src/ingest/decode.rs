//! Streaming decoders for the non-UTF-8 encodings exports come in:
//! Windows-1252 (Latin-1's superset, older Excel) and UTF-16 (Excel's
//! "Unicode text"). Written here rather than with `encoding_rs`, whose
//! decoder dispatch links every legacy encoding's tables (~180 KB of wasm)
//! for the two we need.

use super::sniff::Encoding;

/// Windows-1252 bytes 0x80–0x9F; the rest of the range equals Latin-1.
/// Undefined bytes (0x81, 0x8D, 0x8F, 0x90, 0x9D) map to the C1 controls as
/// the WHATWG Encoding Standard does.
const CP1252_HIGH: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
];

/// Decodes one Windows-1252 byte.
#[inline]
pub fn cp1252_char(b: u8) -> char {
    match b {
        0x80..=0x9F => CP1252_HIGH[(b - 0x80) as usize],
        _ => b as char,
    }
}

/// Appends `bytes` decoded as Windows-1252 to `out`.
///
/// ```
/// let mut s = String::new();
/// cxmetrics::ingest::decode::decode_cp1252(b"Espa\xF1a \x80", &mut s);
/// assert_eq!(s, "España €");
/// ```
pub fn decode_cp1252(bytes: &[u8], out: &mut String) {
    out.reserve(bytes.len());
    for &b in bytes {
        out.push(cp1252_char(b));
    }
}

/// A chunk-by-chunk decoder to UTF-8 that keeps the bytes of a character
/// cut by a chunk boundary for the next chunk.
#[derive(Debug)]
pub struct Decoder {
    encoding: Encoding,
    carry: Vec<u8>,
    bom_pending: bool,
}

impl Decoder {
    /// A decoder for a non-UTF-8 `encoding`; `bom` says the input starts
    /// with a byte-order mark to drop.
    pub fn new(encoding: Encoding, bom: bool) -> Self {
        Decoder {
            encoding,
            carry: Vec::new(),
            bom_pending: bom,
        }
    }

    /// Decodes `input` (the next chunk) into `out`; `last` flushes a cut
    /// character as U+FFFD.
    pub fn decode(&mut self, input: &[u8], last: bool, out: &mut Vec<u8>) {
        let mut text = String::new();
        match self.encoding {
            Encoding::Utf8 => text.push_str(&String::from_utf8_lossy(input)),
            Encoding::Windows1252 => decode_cp1252(input, &mut text),
            Encoding::Utf16le | Encoding::Utf16be => {
                self.carry.extend_from_slice(input);
                let mut bytes = std::mem::take(&mut self.carry);
                if self.bom_pending && bytes.len() >= 2 {
                    bytes.drain(..2);
                    self.bom_pending = false;
                }
                let le = self.encoding == Encoding::Utf16le;
                let units: Vec<u16> = bytes
                    .chunks_exact(2)
                    .map(|p| {
                        if le {
                            u16::from_le_bytes([p[0], p[1]])
                        } else {
                            u16::from_be_bytes([p[0], p[1]])
                        }
                    })
                    .collect();
                let mut used_units = units.len();
                // Keep a high surrogate at the end for the next chunk.
                if !last {
                    if let Some(&u) = units.last() {
                        if (0xD800..0xDC00).contains(&u) {
                            used_units -= 1;
                        }
                    }
                }
                for c in char::decode_utf16(units[..used_units].iter().copied()) {
                    text.push(c.unwrap_or(char::REPLACEMENT_CHARACTER));
                }
                self.carry = bytes[used_units * 2..].to_vec();
                if last && !self.carry.is_empty() {
                    text.push(char::REPLACEMENT_CHARACTER);
                    self.carry.clear();
                }
            }
        }
        out.extend_from_slice(text.as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(s: &str, le: bool) -> Vec<u8> {
        let mut v = if le {
            vec![0xFF, 0xFE]
        } else {
            vec![0xFE, 0xFF]
        };
        for u in s.encode_utf16() {
            v.extend(if le { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        v
    }

    #[test]
    fn utf16_any_split() {
        let text = "Pontuação;😀 São\n9;10\n";
        for le in [true, false] {
            let bytes = utf16(text, le);
            let enc = if le {
                Encoding::Utf16le
            } else {
                Encoding::Utf16be
            };
            for split in 0..=bytes.len() {
                let mut d = Decoder::new(enc, true);
                let mut out = Vec::new();
                d.decode(&bytes[..split], false, &mut out);
                d.decode(&bytes[split..], false, &mut out);
                d.decode(&[], true, &mut out);
                assert_eq!(String::from_utf8(out).unwrap(), text, "split {split}");
            }
        }
    }

    #[test]
    fn cp1252_full_range_is_valid_text() {
        let all: Vec<u8> = (0..=255).collect();
        let mut s = String::new();
        decode_cp1252(&all, &mut s);
        assert_eq!(s.chars().count(), 256);
        assert!(s.contains('€') && s.contains('ÿ') && s.contains('Ÿ'));
    }
}
