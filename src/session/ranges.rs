//! One file read in byte ranges, each on its own (a thread, a worker),
//! then merged in file order into the report of one sequential pass.
//!
//! - A [`Plan`] makes the decisions once, from the file's head: the same
//!   sample, and so the same format, header rows, kind and mapping, as a
//!   [`Session`] reading the whole file.
//! - A range starts at its first record: just past the first line feed at
//!   or after its cut ([`record_start`]). That guess is wrong only when the
//!   cut falls inside a quoted cell that holds a line break; the range
//!   before then ends inside quotes ([`Part::ends_in_quotes`]), and the two
//!   ranges are read again as one ([`read_in_parts`]). So a quoted line
//!   break is never split and the merged report is always exact.
//! - Line numbers are the file's own: each range is told the line it starts
//!   on (one plus the line feeds before it).
//! - A [`Part`] is the state of a range: its accumulator and its report
//!   (rows, skipped rows, unreadable cells). [`Part::merge`] appends the
//!   next range's part; [`Part::finish`] gives the report.
//!
//! ```
//! use cxmetrics::session::{ranges::{read_in_parts, Plan}, Session, Settings};
//! let file = b"Score,Comment\n10,\"fine\nreally\"\n9,ok\n3,\"bad\"\n7,meh\n";
//! let plan = Plan::new(Settings::default(), 16, file).unwrap().unwrap();
//! // Cut inside the quoted line break and in the middle of a record.
//! let parts = read_in_parts(&plan, &file[..], &[20, 35]).unwrap();
//! let mut whole = Session::new(Settings::default()).unwrap().with_sample_limit(16);
//! whole.push(file).unwrap();
//! assert_eq!(parts.to_json(), whole.finish().unwrap().to_json());
//! ```

use super::{Session, Settings, Stage, Table};
use crate::datasets;
use crate::error::Error;
use crate::ingest::reader::RecordReader;
use crate::ingest::sniff::{Encoding, Format};
use crate::report::Report;

/// The decisions of a file read in parts, made once from its head.
#[derive(Debug, Clone)]
pub struct Plan {
    settings: Settings,
    shape: Shape,
}

/// What a plan decided from the head: all but the settings (which the
/// page hands each worker itself), and what [`Plan::save`] writes.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
struct Shape {
    sample_limit: usize,
    format: Format,
    cr_lines: bool,
    header_rows: u8,
    header_lines: Vec<u64>,
    headers: Vec<String>,
    sample_rows: Vec<(u64, Vec<String>)>,
    /// Bytes of the file the sample took: the first range must hold them.
    head_len: usize,
}

impl Plan {
    /// The plan of a file whose first bytes are `head`, read with
    /// `settings` and a sample of `sample_limit` bytes (as
    /// [`Session::with_sample_limit`]; [`crate::ingest::sniff::SAMPLE_BYTES`]
    /// by default). `None` when `head` is too short to hold the sample:
    /// give more of the file, or read it in one pass.
    ///
    /// An error is the one a [`Session`] reading the file would give.
    pub fn new(
        settings: Settings,
        sample_limit: usize,
        head: &[u8],
    ) -> Result<Option<Plan>, Error> {
        let mut session = Session::new(settings.clone())?.with_sample_limit(sample_limit);
        session.push(head)?;
        let Stage::Streaming { reader, table } = &session.stage else {
            return Ok(None);
        };
        Ok(Some(Plan {
            settings,
            shape: Shape {
                sample_limit: session.sample_limit,
                format: table.format,
                cr_lines: reader.cr_line_ends(),
                header_rows: table.header_rows,
                header_lines: table.header_lines.clone(),
                headers: table.headers.clone(),
                sample_rows: table.sample_rows.clone(),
                head_len: session.sample_taken,
            },
        }))
    }

    /// The plan as bytes, for [`load`](Self::load) where the head is not
    /// at hand (the worker that merges the parts).
    pub fn save(&self) -> Vec<u8> {
        datasets::parts::to_bytes(&self.shape)
    }

    /// The plan [`save`](Self::save) wrote, with the same `settings`.
    pub fn load(settings: Settings, bytes: &[u8]) -> Result<Plan, Error> {
        Ok(Plan {
            settings,
            shape: datasets::parts::from_bytes(bytes)?,
        })
    }

    /// An empty part: no record read yet, the report's settings set. The
    /// parts of the file, merged into it in order, give the file's report.
    pub fn empty_part(&self) -> Result<Part, Error> {
        let shape = &self.shape;
        let (kind, accumulator, mut ctx) = datasets::open(
            &shape.headers,
            shape.header_rows,
            &shape.sample_rows,
            &self.settings,
        )?;
        let report = super::opened_report(
            kind,
            &mut ctx,
            shape.format,
            &shape.header_lines,
            &shape.headers,
        );
        Ok(Part {
            table: Box::new(self.table(accumulator, report)),
        })
    }

    /// A part [`Part::save`] wrote, read with this plan's decisions.
    pub fn load_part(&self, bytes: &[u8]) -> Result<Part, Error> {
        let refused = || Error::unreadable(datasets::parts::UNREADABLE_PART);
        let (length, rest) = bytes.split_first_chunk::<4>().ok_or_else(refused)?;
        let length = usize::try_from(u32::from_le_bytes(*length)).map_err(|_| refused())?;
        let (header, accumulator) = rest.split_at_checked(length).ok_or_else(refused)?;
        let saved: SavedPart = datasets::parts::from_bytes(header)?;
        let (kind, fresh, _) = datasets::open(
            &self.shape.headers,
            self.shape.header_rows,
            &self.shape.sample_rows,
            &self.settings,
        )?;
        let warnings = serde_json::from_str(&saved.warnings)
            .map_err(|_| Error::unreadable(datasets::parts::UNREADABLE_PART))?;
        let mut report = Report::new(kind.as_str());
        report.rows = saved.rows;
        report.skipped = saved.skipped;
        report.unreadable_cells = saved.unreadable_cells;
        report.warnings = warnings;
        let mut table = self.table(fresh.load(accumulator)?, report);
        table.records_seen = saved.records_seen;
        table.ends_in_quotes = saved.ends_in_quotes;
        Ok(Part {
            table: Box::new(table),
        })
    }

    /// A table with the plan's shape around `accumulator` and `report`.
    fn table(&self, accumulator: Box<dyn datasets::Accumulator>, report: Report) -> Table {
        let shape = &self.shape;
        Table {
            format: Format {
                bom: false,
                ..shape.format
            },
            header_rows: shape.header_rows,
            headers: shape.headers.clone(),
            records_seen: 0,
            accumulator: Some(accumulator),
            report,
            pending: Vec::new(),
            unclosed_line: None,
            collect_typed: false,
            typed: None,
            sample_rows: Vec::new(),
            header_lines: Vec::new(),
            ends_in_quotes: false,
        }
    }

    /// Whether the file can be cut: not when it is UTF-16 (a line feed is
    /// two bytes there) or its lines end with a lone CR.
    pub fn splittable(&self) -> bool {
        let shape = &self.shape;
        shape.format.encoding != Encoding::Utf16le
            && shape.format.encoding != Encoding::Utf16be
            && !shape.cr_lines
    }

    /// Bytes at the start of the file that belong to the first range
    /// whatever the cuts: the sample the decisions are made from.
    pub fn head_len(&self) -> usize {
        self.shape.head_len
    }

    /// A session for the range that starts the file.
    pub fn first_range(&self) -> Session {
        Session::new(self.settings.clone())
            .map(|s| s.with_sample_limit(self.shape.sample_limit))
            .unwrap_or_else(|_| unreachable!("the plan's settings were accepted"))
    }

    /// A session for a range that starts a record on `first_line` (1-based,
    /// as the file counts its lines): the plan's decisions, no sample.
    pub fn range(&self, first_line: u64) -> Result<Session, Error> {
        let shape = &self.shape;
        let (kind, accumulator, _) = datasets::open(
            &shape.headers,
            shape.header_rows,
            &shape.sample_rows,
            &self.settings,
        )?;
        let table = self.table(accumulator, Report::new(kind.as_str()));
        let reader = RecordReader::new(table.format).starting_at_line(first_line);
        let mut session = self.first_range();
        session.stage = Stage::Streaming {
            reader: Box::new(reader),
            table: Box::new(table),
        };
        Ok(session)
    }
}

/// Where the range cut at `cut` starts: just past the first line feed at or
/// after `cut - 1`, as an offset in `after`, the bytes of the file from
/// `cut - 1` on; `None` when `after` holds no line feed (read more of the
/// file, or the range is empty).
///
/// ```
/// use cxmetrics::session::ranges::record_start;
/// let file = b"a,b\n1,2\n3,4\n";
/// assert_eq!(record_start(&file[5..]), Some(3)); // cut 6 → record at 8
/// assert_eq!(record_start(&file[3..]), Some(1)); // cut 4 → record at 4
/// ```
pub fn record_start(after: &[u8]) -> Option<usize> {
    after.iter().position(|&b| b == b'\n').map(|i| i + 1)
}

/// The state of one range: its accumulator and its report so far.
pub struct Part {
    table: Box<Table>,
}

/// What [`Part::save`] writes before the accumulator's bytes (its length
/// first, as 4 bytes little-endian).
#[derive(serde::Serialize, serde::Deserialize)]
struct SavedPart {
    rows: crate::report::Rows,
    skipped: Vec<crate::report::SkippedRow>,
    unreadable_cells: Vec<crate::report::UnreadableCells>,
    /// JSON: a warning's parameters are any JSON values.
    warnings: String,
    records_seen: u64,
    ends_in_quotes: bool,
}

impl Session {
    /// Ends this range's input and gives its state, for
    /// [`Part::merge`]: the report of a file read in parts comes from the
    /// parts merged in file order.
    pub fn into_part(mut self) -> Result<Part, Error> {
        if let Stage::Sampling = self.stage {
            self.start(true)?;
        }
        match std::mem::replace(&mut self.stage, Stage::Done) {
            Stage::Streaming {
                mut reader,
                mut table,
            } => {
                reader.finish(&mut |r| table.record(r))?;
                Ok(Part { table })
            }
            _ => Err(Error::settings("this input is already finished")),
        }
    }
}

impl Part {
    /// Whether the range's last record opened a quote the range never
    /// closed: the range was cut inside a quoted cell (or, at the end of
    /// the file, the quote is never closed).
    pub fn ends_in_quotes(&self) -> bool {
        self.table.ends_in_quotes
    }

    /// Data rows read.
    pub fn rows(&self) -> u64 {
        self.table.report.rows.read
    }

    /// The part as bytes, for [`Plan::load_part`] in another worker or
    /// process: its accumulator's state, its rows, skipped rows,
    /// unreadable cells and warnings.
    pub fn save(&self) -> Vec<u8> {
        let table = &self.table;
        let report = &table.report;
        let saved = SavedPart {
            rows: report.rows,
            skipped: report.skipped.clone(),
            unreadable_cells: report.unreadable_cells.clone(),
            warnings: serde_json::to_string(&report.warnings).unwrap_or_default(),
            records_seen: table.records_seen,
            ends_in_quotes: table.ends_in_quotes,
        };
        // The accumulator's bytes go straight after, not nested in the
        // header: one copy of the state, not two.
        let header = datasets::parts::to_bytes(&saved);
        let mut bytes = Vec::with_capacity(4 + header.len());
        bytes.extend_from_slice(
            &u32::try_from(header.len())
                .unwrap_or(u32::MAX)
                .to_le_bytes(),
        );
        bytes.extend_from_slice(&header);
        if let Some(accumulator) = &table.accumulator {
            accumulator.save_into(&mut bytes);
        }
        bytes
    }

    /// Appends `later`, the part of the range that starts where this one
    /// ends.
    pub fn merge(&mut self, later: Part) {
        let later = later.table;
        let table = &mut self.table;
        table.records_seen += later.records_seen;
        table.report.merge(later.report);
        table.ends_in_quotes = later.ends_in_quotes;
        match (table.accumulator.as_mut(), later.accumulator) {
            (Some(acc), Some(next)) => acc.merge(next),
            (None, next) => table.accumulator = next,
            (Some(_), None) => {}
        }
    }

    /// The report of the parts merged so far, as [`Session::finish`] gives
    /// it.
    pub fn finish(self) -> Result<Report, Error> {
        self.table.finish()
    }
}

/// The report of `file` read in ranges cut at `cuts` (byte offsets, any
/// order; a cut inside the sample or past the end is dropped), each range
/// read on its own and the parts merged in file order; the same report as
/// one pass of a [`Session`] with the plan's settings. The ranges are read
/// here one after the other: [`read_file`] reads them on threads.
pub fn read_in_parts(plan: &Plan, file: &[u8], cuts: &[usize]) -> Result<Report, Error> {
    merged_parts(plan, file, cuts, None)?.finish()
}

/// [`read_in_parts`] the way the page does it: every part saved as bytes
/// ([`Part::save`]) and loaded back ([`Plan::load_part`]) with a plan that
/// was itself saved and loaded, then merged into an empty part
/// ([`Plan::empty_part`]).
pub fn read_in_saved_parts(plan: &Plan, file: &[u8], cuts: &[usize]) -> Result<Report, Error> {
    let loaded = Plan::load(plan.settings.clone(), &plan.save())?;
    let mut report = loaded.empty_part()?;
    report.merge(merged_parts(plan, file, cuts, Some(&loaded))?);
    report.finish()
}

/// The parts of `file` merged (with `saved_with`, each part saved and
/// loaded with that plan first).
fn merged_parts(
    plan: &Plan,
    file: &[u8],
    cuts: &[usize],
    saved_with: Option<&Plan>,
) -> Result<Part, Error> {
    let starts = range_starts(plan, file.len(), cuts, |cut| {
        record_start(&file[cut - 1..]).map(|i| cut - 1 + i)
    });
    let read = |start: usize, end: usize| -> Result<Part, Error> {
        let mut session = if start == 0 {
            plan.first_range()
        } else {
            let lines = file[..start].iter().filter(|&&b| b == b'\n').count() as u64;
            plan.range(1 + lines)?
        };
        session.push(&file[start..end])?;
        let part = session.into_part()?;
        match saved_with {
            Some(loaded) => loaded.load_part(&part.save()),
            None => Ok(part),
        }
    };
    let parts: Vec<_> = ranges(&starts, file.len())
        .map(|(start, end)| (start, end, read(start, end)))
        .collect();
    merge_in_order(parts, read)
}

/// The first byte of each range: 0, then the record start after each cut
/// (`start_after`), in order, past the plan's head, distinct.
fn range_starts(
    plan: &Plan,
    len: usize,
    cuts: &[usize],
    start_after: impl Fn(usize) -> Option<usize>,
) -> Vec<usize> {
    let mut cuts: Vec<usize> = cuts
        .iter()
        .copied()
        .filter(|&c| c > plan.shape.head_len && c < len)
        .collect();
    cuts.sort_unstable();
    let mut starts = vec![0];
    if !plan.splittable() {
        return starts;
    }
    for cut in cuts {
        if let Some(start) = start_after(cut).filter(|&s| s < len) {
            if starts.last().is_some_and(|&last| start > last) {
                starts.push(start);
            }
        }
    }
    starts
}

/// `(start, end)` of each range.
fn ranges(starts: &[usize], len: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
    starts
        .iter()
        .enumerate()
        .map(move |(i, &s)| (s, starts.get(i + 1).copied().unwrap_or(len)))
}

/// Merges the parts in file order. A part is trusted once the part before
/// it ended outside quotes; when that one ended inside quotes (its range
/// was cut in a quoted cell, so the next range's start was a guess inside
/// it), the two ranges are read again as one with `read`.
fn merge_in_order<E>(
    parts: Vec<(usize, usize, Result<Part, E>)>,
    read: impl Fn(usize, usize) -> Result<Part, E>,
) -> Result<Part, E> {
    let mut parts = parts.into_iter();
    let Some((mut start, mut end, first)) = parts.next() else {
        return read(0, 0);
    };
    let mut pending = first?;
    let mut merged: Option<Part> = None;
    for (next_start, next_end, next) in parts {
        if pending.ends_in_quotes() {
            pending = read(start, next_end)?;
            end = next_end;
            continue;
        }
        debug_assert_eq!(end, next_start);
        match merged.as_mut() {
            Some(m) => m.merge(pending),
            None => merged = Some(pending),
        }
        pending = next?;
        (start, end) = (next_start, next_end);
    }
    Ok(match merged {
        Some(mut m) => {
            m.merge(pending);
            m
        }
        None => pending,
    })
}

/// Ranges smaller than this are not worth a thread of their own: a file
/// is cut into at most one range per this many bytes.
pub const MIN_RANGE_BYTES: u64 = 4 << 20;

/// The report of the file `file`, read in `threads` ranges at once (one
/// per [`MIN_RANGE_BYTES`] at most) with positional reads, and merged in
/// file order: the report of one pass, to the byte. A file that cannot be
/// cut (UTF-16, lone-CR lines, smaller than two ranges) is read in one pass
/// ([`Session::read_from`]). Native builds only (the command line).
///
/// ```
/// use cxmetrics::session::{ranges::read_file, Settings};
/// let path = std::env::temp_dir().join("cxmetrics-read-file-doc.csv");
/// std::fs::write(&path, "Score\n10\n9\n7\n3\n").unwrap();
/// let file = std::fs::File::open(&path).unwrap();
/// let report = read_file(Settings::default(), &file, 4).unwrap();
/// assert_eq!(report.metrics["nps"]["value"], 25.0);
/// ```
#[cfg(not(target_arch = "wasm32"))]
pub fn read_file(
    settings: Settings,
    file: &std::fs::File,
    threads: usize,
) -> Result<Report, super::ReadError> {
    let sample = crate::ingest::sniff::SAMPLE_BYTES;
    read_file_with(settings, file, threads, MIN_RANGE_BYTES, sample)
}

/// [`read_file`] with ranges of at least `min_range` bytes and a sample
/// of `sample_limit` bytes (as [`Session::with_sample_limit`]): small
/// values let tests cut small files.
#[cfg(not(target_arch = "wasm32"))]
pub fn read_file_with(
    settings: Settings,
    file: &std::fs::File,
    threads: usize,
    min_range: u64,
    sample_limit: usize,
) -> Result<Report, super::ReadError> {
    use super::ReadError;
    let len = file.metadata().map_err(ReadError::Io)?.len();
    let one_pass = |settings: Settings| -> Result<Report, ReadError> {
        let mut session = Session::new(settings)
            .map_err(ReadError::Data)?
            .with_sample_limit(sample_limit);
        session.read_from(&mut PositionalReader { file, at: 0 })?;
        session.finish().map_err(ReadError::Data)
    };
    let n = (threads as u64).min(len / min_range.max(1)).max(1);
    if n < 2 {
        return one_pass(settings);
    }
    let mut head = vec![0; (4 * sample_limit).min(len as usize)];
    read_exact_at(file, &mut head, 0).map_err(ReadError::Io)?;
    let Some(plan) = Plan::new(settings.clone(), sample_limit, &head).map_err(ReadError::Data)?
    else {
        return one_pass(settings);
    };
    let len = len as usize;
    let cuts: Vec<usize> = (1..n as usize).map(|k| k * len / n as usize).collect();
    let starts = range_starts(&plan, len, &cuts, |cut| {
        line_feed_from(file, cut as u64 - 1, len as u64)
            .ok()
            .flatten()
            .map(|at| at as usize + 1)
    });
    if starts.len() < 2 {
        return one_pass(settings);
    }
    let spans: Vec<(usize, usize)> = ranges(&starts, len).collect();
    // The line each range starts on: one plus the line feeds before it.
    let counts = std::thread::scope(|scope| {
        let counting: Vec<_> = spans
            .iter()
            .map(|&(start, end)| scope.spawn(move || count_line_feeds(file, start, end)))
            .collect();
        counting
            .into_iter()
            .map(|t| t.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect::<Result<Vec<u64>, _>>()
    })
    .map_err(ReadError::Io)?;
    let first_lines: Vec<(usize, u64)> = spans
        .iter()
        .zip(counts.iter().scan(1u64, |line, n| {
            let first = *line;
            *line += n;
            Some(first)
        }))
        .map(|(&(start, _), line)| (start, line))
        .collect();
    let read = |start: usize, end: usize| -> Result<Part, ReadError> {
        let mut session = match first_lines.iter().find(|(s, _)| *s == start) {
            Some(&(0, _)) | None => plan.first_range(),
            Some(&(_, line)) => plan.range(line).map_err(ReadError::Data)?,
        };
        let mut buf = vec![0; 1 << 20];
        let mut at = start;
        while at < end {
            let want = (end - at).min(buf.len());
            read_exact_at(file, &mut buf[..want], at as u64).map_err(ReadError::Io)?;
            session.push(&buf[..want]).map_err(ReadError::Data)?;
            at += want;
        }
        session.into_part().map_err(ReadError::Data)
    };
    let parts = std::thread::scope(|scope| {
        let reading: Vec<_> = spans
            .iter()
            .map(|&(start, end)| (start, end, scope.spawn(move || read(start, end))))
            .collect();
        reading
            .into_iter()
            .map(|(start, end, t)| {
                let part = t.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
                (start, end, part)
            })
            .collect::<Vec<_>>()
    });
    merge_in_order(parts, read)?
        .finish()
        .map_err(ReadError::Data)
}

/// Reads `file` from `at` on, as `Read` does, without moving its cursor.
#[cfg(not(target_arch = "wasm32"))]
struct PositionalReader<'a> {
    file: &'a std::fs::File,
    at: u64,
}

#[cfg(not(target_arch = "wasm32"))]
impl std::io::Read for PositionalReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = read_at(self.file, buf, self.at)?;
        self.at += n as u64;
        Ok(n)
    }
}

/// One positional read.
#[cfg(unix)]
fn read_at(file: &std::fs::File, buf: &mut [u8], at: u64) -> std::io::Result<usize> {
    std::os::unix::fs::FileExt::read_at(file, buf, at)
}

/// One positional read.
#[cfg(windows)]
fn read_at(file: &std::fs::File, buf: &mut [u8], at: u64) -> std::io::Result<usize> {
    std::os::windows::fs::FileExt::seek_read(file, buf, at)
}

/// Fills `buf` from `at` on (the file may not end before).
#[cfg(not(target_arch = "wasm32"))]
fn read_exact_at(file: &std::fs::File, mut buf: &mut [u8], mut at: u64) -> std::io::Result<()> {
    while !buf.is_empty() {
        match read_at(file, buf, at) {
            Ok(0) => return Err(std::io::ErrorKind::UnexpectedEof.into()),
            Ok(n) => {
                buf = &mut buf[n..];
                at += n as u64;
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// The offset of the first line feed at or after `from`, if any before `len`.
#[cfg(not(target_arch = "wasm32"))]
fn line_feed_from(file: &std::fs::File, mut from: u64, len: u64) -> std::io::Result<Option<u64>> {
    let mut buf = vec![0; 64 << 10];
    while from < len {
        let want = (len - from).min(buf.len() as u64) as usize;
        read_exact_at(file, &mut buf[..want], from)?;
        if let Some(i) = buf[..want].iter().position(|&b| b == b'\n') {
            return Ok(Some(from + i as u64));
        }
        from += want as u64;
    }
    Ok(None)
}

/// Line feeds in `start..end` of `file`.
#[cfg(not(target_arch = "wasm32"))]
fn count_line_feeds(file: &std::fs::File, start: usize, end: usize) -> std::io::Result<u64> {
    let mut buf = vec![0; 1 << 20];
    let (mut at, mut n) = (start, 0u64);
    while at < end {
        let want = (end - at).min(buf.len());
        read_exact_at(file, &mut buf[..want], at as u64)?;
        n += buf[..want].iter().filter(|&&b| b == b'\n').count() as u64;
        at += want;
    }
    Ok(n)
}
