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
    sample_limit: usize,
    format: Format,
    cr_lines: bool,
    header_rows: u8,
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
            sample_limit: session.sample_limit,
            format: table.format,
            cr_lines: reader.cr_line_ends(),
            header_rows: table.header_rows,
            headers: table.headers.clone(),
            sample_rows: table.sample_rows.clone(),
            head_len: session.sample_taken,
        }))
    }

    /// Whether the file can be cut: not when it is UTF-16 (a line feed is
    /// two bytes there) or its lines end with a lone CR.
    pub fn splittable(&self) -> bool {
        self.format.encoding != Encoding::Utf16le
            && self.format.encoding != Encoding::Utf16be
            && !self.cr_lines
    }

    /// Bytes at the start of the file that belong to the first range
    /// whatever the cuts: the sample the decisions are made from.
    pub fn head_len(&self) -> usize {
        self.head_len
    }

    /// A session for the range that starts the file.
    pub fn first_range(&self) -> Session {
        Session::new(self.settings.clone())
            .map(|s| s.with_sample_limit(self.sample_limit))
            .unwrap_or_else(|_| unreachable!("the plan's settings were accepted"))
    }

    /// A session for a range that starts a record on `first_line` (1-based,
    /// as the file counts its lines): the plan's decisions, no sample.
    pub fn range(&self, first_line: u64) -> Result<Session, Error> {
        let (kind, accumulator, _) = datasets::open(
            &self.headers,
            self.header_rows,
            &self.sample_rows,
            &self.settings,
        )?;
        let format = Format {
            bom: false,
            ..self.format
        };
        let reader = RecordReader::new(format).starting_at_line(first_line);
        let table = Table {
            format,
            header_rows: self.header_rows,
            headers: self.headers.clone(),
            records_seen: 0,
            accumulator: Some(accumulator),
            report: Report::new(kind.as_str()),
            pending: Vec::new(),
            unclosed_line: None,
            collect_typed: false,
            typed: None,
            sample_rows: Vec::new(),
            ends_in_quotes: false,
        };
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
        session.into_part()
    };
    let parts: Vec<_> = ranges(&starts, file.len())
        .map(|(start, end)| (start, end, read(start, end)))
        .collect();
    merge_in_order(parts, read)?.finish()
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
        .filter(|&c| c > plan.head_len && c < len)
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
