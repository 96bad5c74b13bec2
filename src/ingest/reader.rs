//! The push reader: chunks of bytes in, records out, over `csv-core`.
//!
//! Records may span chunk boundaries anywhere. Nothing keeps the file's text:
//! only the record being read is buffered. Non-UTF-8 input is transcoded to
//! UTF-8 chunk by chunk ([`super::decode`]) before splitting.

use super::decode::{decode_cp1252, Decoder};
use super::sniff::{Encoding, Format};
use crate::error::Error;
use crate::words::le_u64;
use csv_core::{ReadRecordResult, Reader, ReaderBuilder};

/// The largest single record accepted; past this the input is refused
/// instead of growing memory without bound.
pub const MAX_RECORD_BYTES: usize = 64 * 1024 * 1024;

/// The most fields one record may have.
pub const MAX_FIELDS: usize = 200_000;

/// One record: its fields as UTF-8 text and the line it starts on.
#[derive(Debug, Clone, Copy)]
pub struct Record<'a> {
    /// 1-based physical line where the record starts.
    pub line: u64,
    text: &'a str,
    ends: &'a [usize],
    /// Where each field starts in `text`, when fields are not back to back
    /// (a record read in place, with its delimiters and quotes still in
    /// `text`); `None` means field `i` starts where field `i - 1` ends.
    starts: Option<&'a [usize]>,
    /// The input ended inside a quoted field that this record opened: the
    /// rest of the file was read as one cell (an unbalanced quote).
    pub unclosed_quote: bool,
}

impl<'a> Record<'a> {
    /// A record from its text and field end offsets (for replaying held
    /// records and for tests).
    pub fn from_parts(line: u64, text: &'a str, ends: &'a [usize]) -> Self {
        Record {
            line,
            text,
            ends,
            starts: None,
            unclosed_quote: false,
        }
    }

    /// Number of fields.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether the record has no fields.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Field `i`, or `""` when the record is shorter (ragged rows).
    #[inline]
    pub fn get(&self, i: usize) -> &'a str {
        let Some(&end) = self.ends.get(i) else {
            return "";
        };
        let start = match self.starts {
            Some(starts) => starts.get(i).copied().unwrap_or(end),
            None if i == 0 => 0,
            None => self.ends.get(i - 1).copied().unwrap_or(end),
        };
        self.text.get(start..end).unwrap_or("")
    }

    /// All fields, in order.
    pub fn fields(&self) -> impl Iterator<Item = &'a str> + '_ {
        (0..self.len()).map(move |i| self.get(i))
    }
}

/// Records copied out of a [`RecordReader`]'s callback, to be read again
/// elsewhere (another thread) exactly as they were given.
///
/// ```
/// use cxmetrics::ingest::{reader::{RecordBatch, RecordReader}, sniff::{Encoding, Format}};
/// let format = Format { encoding: Encoding::Utf8, bom: false, delimiter: b',' };
/// let mut reader = RecordReader::new(format);
/// let mut batch = RecordBatch::default();
/// reader.push(b"a,b\n\"x\ny\",2\n", &mut |r| batch.push(r)).unwrap();
/// let mut rows = Vec::new();
/// batch.for_each(|r| rows.push((r.line, r.get(0).to_string(), r.get(1).to_string())));
/// assert_eq!(rows, vec![(1, "a".into(), "b".into()), (2, "x\ny".into(), "2".into())]);
/// ```
#[derive(Debug, Default)]
pub struct RecordBatch {
    text: String,
    /// Every record's field ends, then its field starts when it has them.
    offsets: Vec<usize>,
    records: Vec<BatchedRecord>,
}

#[derive(Debug)]
struct BatchedRecord {
    line: u64,
    text_end: usize,
    offsets_end: usize,
    fields: usize,
    has_starts: bool,
    unclosed_quote: bool,
}

impl RecordBatch {
    /// Copies `record` in.
    pub fn push(&mut self, record: &Record) {
        self.text.push_str(record.text);
        self.offsets.extend_from_slice(record.ends);
        if let Some(starts) = record.starts {
            self.offsets.extend_from_slice(starts);
        }
        self.records.push(BatchedRecord {
            line: record.line,
            text_end: self.text.len(),
            offsets_end: self.offsets.len(),
            fields: record.ends.len(),
            has_starts: record.starts.is_some(),
            unclosed_quote: record.unclosed_quote,
        });
    }

    /// Bytes of text held.
    pub fn text_len(&self) -> usize {
        self.text.len()
    }

    /// Whether it holds no record.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// Empties it, keeping its memory.
    pub fn clear(&mut self) {
        self.text.clear();
        self.offsets.clear();
        self.records.clear();
    }

    /// Calls `on_record` for every record, in the order they were pushed.
    pub fn for_each(&self, mut on_record: impl FnMut(&Record)) {
        let (mut text_start, mut offsets_start) = (0, 0);
        for r in &self.records {
            let offsets = &self.offsets[offsets_start..r.offsets_end];
            let (ends, starts) = offsets.split_at(r.fields);
            on_record(&Record {
                line: r.line,
                text: &self.text[text_start..r.text_end],
                ends,
                starts: r.has_starts.then_some(starts),
                unclosed_quote: r.unclosed_quote,
            });
            text_start = r.text_end;
            offsets_start = r.offsets_end;
        }
    }
}

/// Splits a byte stream into records.
///
/// ```
/// use cxmetrics::ingest::{reader::RecordReader, sniff::{Encoding, Format}};
/// let format = Format { encoding: Encoding::Utf8, bom: false, delimiter: b',' };
/// let mut reader = RecordReader::new(format);
/// let mut rows = Vec::new();
/// for chunk in [&b"a,\"b"[..], b"\nc\"\n1,2\n"] {
///     reader.push(chunk, &mut |r| rows.push((r.line, r.get(1).to_string()))).unwrap();
/// }
/// reader.finish(&mut |r| rows.push((r.line, r.get(1).to_string()))).unwrap();
/// assert_eq!(rows, vec![(1, "b\nc".to_string()), (3, "2".to_string())]);
/// ```
pub struct RecordReader {
    csv: Reader,
    decoder: Option<Decoder>,
    decoded: Vec<u8>,
    output: Vec<u8>,
    out_len: usize,
    ends: Vec<usize>,
    ends_len: usize,
    /// Bytes of a UTF-8 BOM still to skip at the very start.
    skip_bom: usize,
    /// Line number where the record being read started, once its first
    /// byte was seen.
    record_start: Option<u64>,
    fallback_text: String,
    fallback_ends: Vec<usize>,
    /// Field starts of a record read in place ([`simple_record`]).
    starts: Vec<usize>,
    /// The field delimiter.
    delimiter: u8,
    /// Bytes that end a quoted field read in place: quote, CR, LF.
    quoted_stop: [bool; 256],
    /// Whether csv-core has been called: until then it may still strip a
    /// byte-order mark, so every record goes through it.
    csv_called: bool,
    /// How plain records are read in place.
    in_place: InPlace,
    /// Where csv-core is in the record being read, quote-wise: inside a
    /// quoted field at the end of the input means a quote was never closed.
    quoting: Quoting,
    /// Lines end with a lone CR (classic Mac): CRs become line feeds so
    /// line numbers count them.
    cr_lines: bool,
    crlf_buffer: Vec<u8>,
}

/// Where a record's bytes have got to, the way csv-core reads quotes
/// (RFC 4180 with doubled quotes): a quote opens a quoted field only as the
/// first byte of a field; inside an unquoted field it is a character like
/// any other (`E"` is the two characters E and a quote).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Quoting {
    /// At the start of a field.
    #[default]
    FieldStart,
    /// In a field that did not start with a quote (or whose quoted part
    /// has closed and been followed by more characters).
    Unquoted,
    /// Inside a quoted field.
    Quoted,
    /// Just after a quote inside a quoted field: it closed the quotes,
    /// unless the next byte is another quote.
    QuoteInQuoted,
}

impl Quoting {
    /// The state after `bytes`, with `delimiter` between fields.
    fn after(mut self, bytes: &[u8], delimiter: u8) -> Self {
        use Quoting::*;
        let mut at = 0;
        while let Some(&b) = bytes.get(at) {
            if self == Quoted {
                // A quoted run ends only at a quote: skip to it.
                match bytes
                    .get(at..)
                    .and_then(|rest| rest.iter().position(|&c| c == b'"'))
                {
                    Some(q) => {
                        self = QuoteInQuoted;
                        at += q + 1;
                        continue;
                    }
                    None => return Quoted,
                }
            }
            let ends_field = b == delimiter || b == b'\n' || b == b'\r';
            self = match (self, b) {
                (FieldStart | QuoteInQuoted, b'"') => Quoted,
                _ if ends_field => FieldStart,
                _ => Unquoted,
            };
            at += 1;
        }
        self
    }
}

/// Every byte of a `u64` set to 1.
const ONES: u64 = 0x0101_0101_0101_0101;
/// The high bit of every byte of a `u64`.
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// High bits marking the bytes of `w` that equal the byte splatted in
/// `splat`. Borrows may also mark bytes above a marked one, so only the
/// lowest mark is exact — which is all [`next_stop`] uses.
#[inline(always)]
fn equal_bytes(w: u64, splat: u64) -> u64 {
    let x = w ^ splat;
    x.wrapping_sub(ONES) & !x & HIGHS
}

/// High bits marking the bytes of `w` below `n` (≤ 0x80, splatted in
/// `splat`); as in [`equal_bytes`], the lowest mark is exact.
#[inline(always)]
fn bytes_below(w: u64, splat: u64) -> u64 {
    w.wrapping_sub(splat) & !w & HIGHS
}

/// The position of the first byte at or after `q` for which `stop` holds
/// (`input.len()` when none). Scans eight bytes at a time for candidates —
/// `needle` (splatted), `"` and control bytes below CR, which include LF
/// and CR — and checks each candidate against `stop`, so a tab in a
/// comma-separated file costs a step but never ends a field.
#[inline(always)]
fn next_stop(input: &[u8], mut q: usize, needle: u64, stop: &[bool; 256]) -> usize {
    const QUOTES: u64 = ONES * b'"' as u64;
    const BELOW_CR: u64 = ONES * (b'\r' as u64 + 1);
    while let Some(w) = le_u64(input, q) {
        let marks = equal_bytes(w, needle) | equal_bytes(w, QUOTES) | bytes_below(w, BELOW_CR);
        if marks == 0 {
            q += 8;
            continue;
        }
        let i = q + (marks.trailing_zeros() / 8) as usize;
        if input.get(i).is_some_and(|&b| stop[usize::from(b)]) {
            return i;
        }
        q = i + 1;
    }
    while let Some(&b) = input.get(q) {
        if stop[usize::from(b)] {
            break;
        }
        q += 1;
    }
    q
}

/// Bytes examined at once by the block scans.
const BLOCK: usize = 16;

/// A block scan: marks of the bytes of a block that may end an unquoted
/// field — the delimiter, `"`, LF and CR, and possibly other control bytes
/// below CR, which the caller checks — where byte `k` sets bit
/// `k × BITS + BITS − 1`.
trait BlockScan {
    /// Bits of the marks per byte.
    const BITS: u32;
    /// The marks of a block.
    type Marks: Marks;
    /// The marks of `block`.
    fn marks(block: &[u8; BLOCK], delimiter: u8) -> Self::Marks;
}

/// Marks of a block, read from the lowest.
trait Marks: Copy {
    /// The lowest mark, `None` when none is left.
    fn lowest(self) -> Option<u32>;
    /// Without the lowest mark.
    fn without_lowest(self) -> Self;
}

macro_rules! impl_marks {
    ($($t:ty),*) => {$(
        impl Marks for $t {
            #[inline(always)]
            fn lowest(self) -> Option<u32> {
                (self != 0).then(|| self.trailing_zeros())
            }
            #[inline(always)]
            fn without_lowest(self) -> Self {
                self & self.wrapping_sub(1)
            }
        }
    )*};
}
impl_marks!(u32, u128);

/// The block scan without SIMD: wasm32 without `simd128`, other targets
/// without one of their own, and the tests (which check it natively).
#[cfg(any(
    test,
    not(any(
        target_arch = "x86_64",
        all(target_arch = "wasm32", target_feature = "simd128")
    ))
))]
mod swar {
    use super::{BlockScan, BLOCK, HIGHS, ONES};

    /// The low seven bits of every byte of a `u64`.
    const LOW_SEVENS: u64 = 0x7f7f_7f7f_7f7f_7f7f;

    /// High bits marking exactly the bytes of `w` that equal the byte splatted
    /// in `splat` (no carry crosses a byte).
    #[inline(always)]
    fn equal_bytes_exact(w: u64, splat: u64) -> u64 {
        let x = w ^ splat;
        !(((x & LOW_SEVENS) + LOW_SEVENS) | x) & HIGHS
    }

    /// High bits marking exactly the bytes of `w` below CR (LF and CR among
    /// them, and tab).
    #[inline(always)]
    fn below_cr_exact(w: u64) -> u64 {
        const ADD: u64 = ONES * (0x80 - (b'\r' as u64 + 1));
        !(((w & LOW_SEVENS) + ADD) | w) & HIGHS
    }

    /// Sixteen bytes as two `u64` words, without SIMD.
    pub(super) struct SwarScan;

    impl BlockScan for SwarScan {
        const BITS: u32 = 8;
        type Marks = u128;
        #[inline(always)]
        fn marks(block: &[u8; BLOCK], delimiter: u8) -> u128 {
            swar_block_marks(block, delimiter)
        }
    }

    /// [`BlockScan::marks`] in two `u64` words: exact for the delimiter and `"`,
    /// every control byte below CR marked (high bit of each byte).
    #[inline(always)]
    fn swar_block_marks(block: &[u8; BLOCK], delimiter: u8) -> u128 {
        let block = u128::from_le_bytes(*block);
        let marks = |w: u64| {
            equal_bytes_exact(w, ONES * u64::from(delimiter))
                | equal_bytes_exact(w, ONES * u64::from(b'"'))
                | below_cr_exact(w)
        };
        u128::from(marks(block as u64)) | (u128::from(marks((block >> 64) as u64)) << 64)
    }
}

#[cfg(any(
    test,
    not(any(
        target_arch = "x86_64",
        all(target_arch = "wasm32", target_feature = "simd128")
    ))
))]
use swar::SwarScan;

/// SSE2, part of every x86-64 CPU.
#[cfg(target_arch = "x86_64")]
struct Sse2Scan;

#[cfg(target_arch = "x86_64")]
impl BlockScan for Sse2Scan {
    const BITS: u32 = 1;
    type Marks = u32;
    #[inline(always)]
    fn marks(block: &[u8; BLOCK], delimiter: u8) -> u32 {
        // SAFETY: SSE2 is part of the x86-64 baseline, so every CPU this
        // code runs on has it; the intrinsics read no memory.
        u32::from(unsafe { sse2_block_marks(block, delimiter) })
    }
}

/// wasm SIMD (the `simd128` build).
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
struct Simd128Scan;

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
impl BlockScan for Simd128Scan {
    const BITS: u32 = 1;
    type Marks = u32;
    #[inline(always)]
    fn marks(block: &[u8; BLOCK], delimiter: u8) -> u32 {
        u32::from(simd128_block_marks(block, delimiter))
    }
}

/// The scan of this platform.
#[cfg(target_arch = "x86_64")]
type PlatformScan = Sse2Scan;
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
type PlatformScan = Simd128Scan;
#[cfg(not(any(
    target_arch = "x86_64",
    all(target_arch = "wasm32", target_feature = "simd128")
)))]
type PlatformScan = SwarScan;

/// How plain records are read in place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum InPlace {
    /// With the platform's block scan.
    Platform,
    /// With the plain block scan (tests: the plain wasm build's scan,
    /// natively).
    #[cfg(test)]
    Swar,
    /// Not at all: every record goes through csv-core (tests).
    #[cfg(test)]
    Off,
}

/// [`BlockScan::marks`] with SSE2: exact, one bit per byte.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
#[inline]
fn sse2_block_marks(block: &[u8; BLOCK], delimiter: u8) -> u16 {
    use std::arch::x86_64::{
        _mm_cmpeq_epi8, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8, _mm_set_epi64x,
    };
    let block = u128::from_le_bytes(*block);
    let v = _mm_set_epi64x((block >> 64) as i64, block as i64);
    let marks = _mm_or_si128(
        _mm_or_si128(
            _mm_cmpeq_epi8(v, _mm_set1_epi8(delimiter as i8)),
            _mm_cmpeq_epi8(v, _mm_set1_epi8(b'"' as i8)),
        ),
        _mm_or_si128(
            _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\n' as i8)),
            _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\r' as i8)),
        ),
    );
    _mm_movemask_epi8(marks) as u16
}

/// [`BlockScan::marks`] with wasm SIMD: exact, one bit per byte.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
#[inline(always)]
fn simd128_block_marks(block: &[u8; BLOCK], delimiter: u8) -> u16 {
    use core::arch::wasm32::{u8x16, u8x16_bitmask, u8x16_eq, u8x16_splat, v128_or};
    let b = block;
    let v = u8x16(
        b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
        b[14], b[15],
    );
    let marks = v128_or(
        v128_or(
            u8x16_eq(v, u8x16_splat(delimiter)),
            u8x16_eq(v, u8x16_splat(b'"')),
        ),
        v128_or(
            u8x16_eq(v, u8x16_splat(b'\n')),
            u8x16_eq(v, u8x16_splat(b'\r')),
        ),
    );
    u8x16_bitmask(marks)
}

/// Reads one plain record at the start of `input` in place, as csv-core
/// would read it: fields that are unquoted without a quote inside, or quoted
/// without a quote or line break inside, separated by `delimiter` and ended
/// by `\n` or `\r\n`. Gives (bytes consumed with the terminator, fields),
/// writing each field's bounds into `starts`/`ends`; `None` when the record
/// is anything else or does not end within `input` (csv-core reads it then).
///
/// Unquoted runs are scanned eight bytes at a time: one word gives the
/// marks of every delimiter, quote and control byte in it, handled in order.
#[inline]
fn simple_record<S: BlockScan>(
    input: &[u8],
    delimiter: u8,
    quoted_stop: &[bool; 256],
    starts: &mut [usize],
    ends: &mut [usize],
) -> Option<(usize, usize)> {
    let quotes = ONES * u64::from(b'"');
    // Bytes past the end of `input` read as one that is never a mark.
    let padding = if delimiter == b'a' { b'b' } else { b'a' };
    let mut fields = 0usize;
    // Start of the field being read.
    let mut p = 0usize;
    loop {
        if input.get(p) == Some(&b'"') {
            let q = next_stop(input, p + 1, quotes, quoted_stop);
            if input.get(q) != Some(&b'"') {
                return None;
            }
            *starts.get_mut(fields)? = p + 1;
            *ends.get_mut(fields)? = q;
            fields += 1;
            match *input.get(q + 1)? {
                b if b == delimiter => p = q + 2,
                b'\n' => return Some((q + 2, fields)),
                b'\r' => return (*input.get(q + 2)? == b'\n').then_some((q + 3, fields)),
                _ => return None,
            }
            continue;
        }
        let mut base = p;
        'words: loop {
            // Whole blocks are scanned where they lie (a copy costs a
            // `memcpy` call per block); only the last, short one is padded.
            let mut marks = match input
                .get(base..base + BLOCK)
                .and_then(|bytes| <&[u8; BLOCK]>::try_from(bytes).ok())
            {
                Some(block) => S::marks(block, delimiter),
                None => {
                    let rest = input.get(base..)?;
                    if rest.is_empty() {
                        return None;
                    }
                    let mut block = [padding; BLOCK];
                    for (b, &r) in block.iter_mut().zip(rest) {
                        *b = r;
                    }
                    S::marks(&block, delimiter)
                }
            };
            while let Some(lowest) = marks.lowest() {
                let i = base + (lowest / S::BITS) as usize;
                marks = marks.without_lowest();
                match *input.get(i)? {
                    b if b == delimiter => {
                        *starts.get_mut(fields)? = p;
                        *ends.get_mut(fields)? = i;
                        fields += 1;
                        p = i + 1;
                        if input.get(p) == Some(&b'"') {
                            break 'words;
                        }
                    }
                    b'\n' => {
                        *starts.get_mut(fields)? = p;
                        *ends.get_mut(fields)? = i;
                        return Some((i + 1, fields + 1));
                    }
                    b'\r' => {
                        *starts.get_mut(fields)? = p;
                        *ends.get_mut(fields)? = i;
                        return (*input.get(i + 1)? == b'\n').then_some((i + 2, fields + 1));
                    }
                    // A quote inside an unquoted field: csv-core's call.
                    b'"' => return None,
                    // A control byte that is data (a tab in a comma file).
                    _ => {}
                }
            }
            base += BLOCK;
        }
    }
}

/// A membership table of `bytes`.
fn byte_set(bytes: &[u8]) -> [bool; 256] {
    let mut set = [false; 256];
    for &b in bytes {
        set[usize::from(b)] = true;
    }
    set
}

impl RecordReader {
    /// A reader for `format`.
    pub fn new(format: Format) -> Self {
        let csv = ReaderBuilder::new()
            .delimiter(format.delimiter)
            .quoting(true)
            .double_quote(true)
            .build();
        let decoder = match format.encoding {
            Encoding::Utf8 => None,
            other => Some(Decoder::new(other, format.bom)),
        };
        RecordReader {
            csv,
            decoder,
            decoded: Vec::new(),
            output: vec![0; 64 * 1024],
            out_len: 0,
            ends: vec![0; 256],
            ends_len: 0,
            skip_bom: if format.encoding == Encoding::Utf8 && format.bom {
                3
            } else {
                0
            },
            record_start: None,
            fallback_text: String::new(),
            fallback_ends: Vec::new(),
            starts: vec![0; 256],
            delimiter: format.delimiter,
            quoted_stop: byte_set(b"\"\n\r"),
            csv_called: false,
            in_place: InPlace::Platform,
            quoting: Quoting::FieldStart,
            cr_lines: false,
            crlf_buffer: Vec::new(),
        }
    }

    /// Reads a lone CR as a line end (files whose lines end with CR only),
    /// so line numbers count those lines.
    pub fn with_cr_line_ends(mut self, cr_only: bool) -> Self {
        self.cr_lines = cr_only;
        self
    }

    /// Numbers lines from `line` on: the reader of a part of a file that
    /// starts at that line (reading in parts, `session::ranges`).
    pub fn starting_at_line(mut self, line: u64) -> Self {
        self.csv.set_line(line);
        self
    }

    /// Whether a lone CR is read as a line end.
    pub fn cr_line_ends(&self) -> bool {
        self.cr_lines
    }

    /// Feeds a chunk; calls `on_record` for every record it completes.
    pub fn push(
        &mut self,
        mut chunk: &[u8],
        on_record: &mut dyn FnMut(&Record),
    ) -> Result<(), Error> {
        // csv-core reads an empty input as the end of the data: an empty
        // chunk must not end the record being read.
        if chunk.is_empty() {
            return Ok(());
        }
        if self.skip_bom > 0 {
            let n = self.skip_bom.min(chunk.len());
            chunk = &chunk[n..];
            self.skip_bom -= n;
        }
        if let Some(decoder) = self.decoder.as_mut() {
            let mut decoded = std::mem::take(&mut self.decoded);
            decoded.clear();
            decoder.decode(chunk, false, &mut decoded);
            let r = self.split_lines(&decoded, on_record);
            self.decoded = decoded;
            r
        } else {
            self.split_lines(chunk, on_record)
        }
    }

    /// [`Self::split`], with lone CRs turned into line feeds first when the
    /// file's lines end that way.
    fn split_lines(
        &mut self,
        input: &[u8],
        on_record: &mut dyn FnMut(&Record),
    ) -> Result<(), Error> {
        // An empty input tells csv-core the data has ended: a chunk that
        // decodes to nothing (half a UTF-16 code unit) must not end a record.
        if input.is_empty() {
            return Ok(());
        }
        if !self.cr_lines {
            return self.split(input, on_record);
        }
        let mut buffer = std::mem::take(&mut self.crlf_buffer);
        buffer.clear();
        buffer.extend(input.iter().map(|&b| if b == b'\r' { b'\n' } else { b }));
        let r = self.split(&buffer, on_record);
        self.crlf_buffer = buffer;
        r
    }

    /// Ends the input: completes the last record (even without a final
    /// newline) and calls `on_record` for it.
    pub fn finish(&mut self, on_record: &mut dyn FnMut(&Record)) -> Result<(), Error> {
        if let Some(decoder) = self.decoder.as_mut() {
            let mut decoded = std::mem::take(&mut self.decoded);
            decoded.clear();
            decoder.decode(&[], true, &mut decoded);
            self.split_lines(&decoded, on_record)?;
            self.decoded = decoded;
        }
        self.split(&[], on_record)
    }

    /// Runs csv-core over `input` (empty = end of input).
    fn split(&mut self, mut input: &[u8], on_record: &mut dyn FnMut(&Record)) -> Result<(), Error> {
        let at_end = input.is_empty();
        loop {
            if self.record_start.is_none() {
                // Skip the line breaks before a record so its start line is
                // the line of its first byte.
                let skip = input
                    .iter()
                    .take_while(|&&b| b == b'\n' || b == b'\r')
                    .count();
                let newlines = input[..skip].iter().filter(|&&b| b == b'\n').count() as u64;
                self.csv.set_line(self.csv.line() + newlines);
                input = &input[skip..];
                if input.is_empty() {
                    // Nothing of a record yet.
                } else if let Some(used) = self.read_simple(input, on_record) {
                    input = &input[used..];
                    continue;
                } else {
                    self.record_start = Some(self.csv.line());
                }
            }
            self.csv_called = true;
            let (result, nin, nout, nend) = self.csv.read_record(
                input,
                &mut self.output[self.out_len..],
                &mut self.ends[self.ends_len..],
            );
            self.quoting = self.quoting.after(&input[..nin], self.delimiter);
            input = &input[nin..];
            self.out_len += nout;
            self.ends_len += nend;
            match result {
                ReadRecordResult::InputEmpty => {
                    if !at_end {
                        return Ok(());
                    }
                }
                ReadRecordResult::OutputFull => {
                    if self.output.len() >= MAX_RECORD_BYTES {
                        return Err(Error::unreadable(format!(
                            "a single row near line {} is larger than {} MB: check that the file is a CSV export and that its quotes are balanced.",
                            self.record_start.unwrap_or(1),
                            MAX_RECORD_BYTES / (1024 * 1024)
                        )));
                    }
                    let grown = (self.output.len() * 2).min(MAX_RECORD_BYTES);
                    self.output.resize(grown, 0);
                }
                ReadRecordResult::OutputEndsFull => {
                    if self.ends.len() >= MAX_FIELDS {
                        return Err(Error::unreadable(format!(
                            "a row near line {} has more than {MAX_FIELDS} columns: check the delimiter, or export fewer columns.",
                            self.record_start.unwrap_or(1)
                        )));
                    }
                    let grown = (self.ends.len() * 2).min(MAX_FIELDS);
                    self.ends.resize(grown, 0);
                    self.starts.resize(grown, 0);
                }
                ReadRecordResult::Record => {
                    let unclosed = at_end && self.quoting == Quoting::Quoted;
                    self.quoting = Quoting::FieldStart;
                    self.emit(on_record, unclosed);
                }
                ReadRecordResult::End => return Ok(()),
            }
        }
    }

    /// Reads a plain record at the start of `input` in place, between
    /// records, and gives it to `on_record`: the bytes it took, or `None`
    /// for csv-core to read it. Records longer than the output buffer, with
    /// more fields than the bounds buffer, or not valid UTF-8 go to
    /// csv-core too, so limits and the Windows-1252 fallback stay as they
    /// are.
    #[inline]
    fn read_simple(&mut self, input: &[u8], on_record: &mut dyn FnMut(&Record)) -> Option<usize> {
        if !self.csv_called {
            return None;
        }
        let window = input.get(..self.output.len()).unwrap_or(input);
        let (starts, ends) = (&mut self.starts, &mut self.ends);
        let (used, fields) = match self.in_place {
            InPlace::Platform => simple_record::<PlatformScan>(
                window,
                self.delimiter,
                &self.quoted_stop,
                starts,
                ends,
            ),
            #[cfg(test)]
            InPlace::Swar => {
                simple_record::<SwarScan>(window, self.delimiter, &self.quoted_stop, starts, ends)
            }
            #[cfg(test)]
            InPlace::Off => None,
        }?;
        let text = std::str::from_utf8(window.get(..used)?).ok()?;
        let line = self.csv.line();
        on_record(&Record {
            line,
            text,
            ends: self.ends.get(..fields)?,
            starts: Some(self.starts.get(..fields)?),
            unclosed_quote: false,
        });
        // The record ends with one line feed (quoted line breaks are left
        // to csv-core).
        self.csv.set_line(line + 1);
        Some(used)
    }

    fn emit(&mut self, on_record: &mut dyn FnMut(&Record), unclosed_quote: bool) {
        let line = self.record_start.take().unwrap_or_else(|| self.csv.line());
        let bytes = &self.output[..self.out_len];
        let ends = &self.ends[..self.ends_len];
        match std::str::from_utf8(bytes) {
            Ok(text) => on_record(&Record {
                line,
                text,
                ends,
                starts: None,
                unclosed_quote,
            }),
            Err(_) => {
                // Stray non-UTF-8 bytes in a UTF-8 file (a pasted Latin-1
                // cell): decode this record's fields as Windows-1252.
                self.fallback_text.clear();
                self.fallback_ends.clear();
                let mut start = 0;
                for &end in ends {
                    let field = bytes.get(start..end).unwrap_or(&[]);
                    match std::str::from_utf8(field) {
                        Ok(t) => self.fallback_text.push_str(t),
                        Err(_) => decode_cp1252(field, &mut self.fallback_text),
                    }
                    self.fallback_ends.push(self.fallback_text.len());
                    start = end;
                }
                on_record(&Record {
                    line,
                    text: &self.fallback_text,
                    ends: &self.fallback_ends,
                    starts: None,
                    unclosed_quote,
                });
            }
        }
        self.out_len = 0;
        self.ends_len = 0;
    }
}

#[cfg(test)]
mod tests;
