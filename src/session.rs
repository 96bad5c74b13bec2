//! One input, start to finish: bytes pushed in chunks → sniffed format →
//! records → the dataset accumulator of the detected kind → [`Report`].
//!
//! The first [`SAMPLE_BYTES`] are held back to decide the format, header
//! rows, kind and column mapping; from then on records stream straight into
//! the accumulator and nothing keeps the file's text.

use crate::datasets::settings_used::FormatSettings;
use crate::datasets::typed::{ColumnType, TypedRows};
use crate::datasets::{self, Accumulator, Context};
use crate::error::Error;
use crate::ingest::reader::{Record, RecordReader};
use crate::ingest::sniff::{self, delimiter_name, Format, SAMPLE_BYTES};
use crate::report::Report;
pub use crate::settings::Settings;

#[cfg(feature = "partials")]
pub mod ranges;

/// Lines the sample holds at least, whatever its byte limit: header rows
/// and data rows to decide styles from.
pub const MIN_SAMPLE_LINES: usize = 4;

/// A table pushed in chunks; `finish` gives its report.
///
/// ```
/// use cxmetrics::session::{Session, Settings};
/// let mut s = Session::new(Settings::default()).unwrap();
/// s.push(b"Score\n10\n9\n7\n3\nabc\n").unwrap();
/// let report = s.finish().unwrap();
/// assert_eq!(report.kind, "survey");
/// assert_eq!(report.rows.skipped, 1);
/// assert_eq!(report.metrics["nps"]["value"], 25.0);
/// ```
pub struct Session {
    settings: Settings,
    sample: Vec<u8>,
    sample_limit: usize,
    sample_newlines: usize,
    columns: Vec<String>,
    stage: Stage,
    bytes: u64,
    /// Whether the rows used are written as a typed table.
    collect_typed: bool,
    /// The typed table, once the input is finished.
    typed: Option<TypedRows>,
    /// Bytes the sample took, once the format is decided.
    sample_taken: usize,
}

/// Whether this build writes typed tables ([`Session::collecting_typed`]):
/// the command line's and the tests' do; the page's wasm never asks for one,
/// and this constant lets the compiler leave the writer out of it.
const TYPED: bool = cfg!(not(target_arch = "wasm32"));

enum Stage {
    Sampling,
    Streaming {
        reader: Box<RecordReader>,
        table: Box<Table>,
    },
    Done,
}

/// The decided shape of the input, then the accumulator rows stream into.
struct Table {
    format: Format,
    header_rows: u8,
    headers: Vec<String>,
    records_seen: u64,
    accumulator: Option<Box<dyn Accumulator>>,
    report: Report,
    /// Records held until the header and mapping are decided.
    pending: Vec<(u64, Vec<String>)>,
    /// The line of a held record whose quote never closed.
    unclosed_line: Option<u64>,
    /// Whether to write the typed table, and then the table and the
    /// decisions its rows are read with.
    collect_typed: bool,
    typed: Option<(TypedRows, Box<Context>)>,
    /// The sample's data records the decisions were made from, for the
    /// other parts of a file read in parts ([`ranges::Plan`]).
    #[cfg(feature = "partials")]
    sample_rows: Vec<(u64, Vec<String>)>,
    /// The lines taken as header, for the same.
    #[cfg(feature = "partials")]
    header_lines: Vec<u64>,
    /// Whether the last record read opened a quote that the input never
    /// closed: a part that ends so was cut inside a quoted cell.
    #[cfg(feature = "partials")]
    ends_in_quotes: bool,
}

impl Session {
    /// A new session with the user's settings.
    pub fn new(settings: Settings) -> Result<Self, Error> {
        Ok(Session {
            settings,
            sample: Vec::new(),
            sample_limit: SAMPLE_BYTES,
            sample_newlines: 0,
            columns: Vec::new(),
            stage: Stage::Sampling,
            bytes: 0,
            collect_typed: false,
            typed: None,
            sample_taken: 0,
        })
    }

    /// Decides the format from the first `bytes` of the input instead of
    /// [`SAMPLE_BYTES`] (at least 1). The decisions depend only on those
    /// bytes, never on how the input is cut into chunks; tests use a small
    /// sample to drive the streaming path with small files.
    pub fn with_sample_limit(mut self, bytes: usize) -> Self {
        self.sample_limit = bytes.max(1);
        self
    }

    /// Also writes the rows used as a typed table ([`TypedRows`]: one
    /// column per mapped field, the values the core read), taken with
    /// [`take_typed`](Self::take_typed).
    ///
    /// ```
    /// use cxmetrics::session::{Session, Settings};
    /// let mut s = Session::new(Settings::default()).unwrap().collecting_typed();
    /// s.push(b"Score,Date\n10,2024-03-04 10:00\n9,x\nabc,2024-03-05\n").unwrap();
    /// s.finish().unwrap();
    /// assert_eq!(s.take_typed().unwrap(), "score,date\n10,2024-03-04T10:00:00Z\n9,\n");
    /// ```
    pub fn collecting_typed(mut self) -> Self {
        self.collect_typed = true;
        self
    }

    /// The typed table written so far (see
    /// [`collecting_typed`](Self::collecting_typed)), taken: `None` before
    /// the format is decided or when not collecting.
    pub fn take_typed(&mut self) -> Option<String> {
        match &mut self.stage {
            Stage::Streaming { table, .. } => table.typed.as_mut().map(|(t, _)| t.take()),
            _ => self.typed.as_mut().map(TypedRows::take),
        }
    }

    /// The typed table's columns and their SQL types, once the format is
    /// decided (see [`collecting_typed`](Self::collecting_typed)).
    pub fn typed_schema(&self) -> Option<Vec<(&'static str, ColumnType)>> {
        match &self.stage {
            Stage::Streaming { table, .. } => table.typed.as_ref().map(|(t, _)| t.schema()),
            _ => self.typed.as_ref().map(TypedRows::schema),
        }
    }

    /// The column names, once the header is read (also after an error about
    /// the kind or mapping, so the user can map the columns by hand).
    pub fn columns(&self) -> &[String] {
        &self.columns
    }

    /// Bytes pushed so far.
    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    /// Data rows read so far (for progress).
    pub fn rows(&self) -> u64 {
        match &self.stage {
            Stage::Streaming { table, .. } => table.report.rows.read,
            _ => 0,
        }
    }

    /// Feeds the next chunk of the input.
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), Error> {
        self.bytes += chunk.len() as u64;
        match &mut self.stage {
            Stage::Sampling => {
                let take = self.sample_take(chunk);
                self.sample.extend_from_slice(&chunk[..take]);
                if take == chunk.len() && !self.sample_complete() {
                    return Ok(());
                }
                self.start(false)?;
                match &mut self.stage {
                    Stage::Streaming { reader, table } => {
                        reader.push(&chunk[take..], &mut |r| table.record(r))
                    }
                    _ => Ok(()),
                }
            }
            Stage::Streaming { reader, table } => reader.push(chunk, &mut |r| table.record(r)),
            Stage::Done => Err(Error::settings("this input is already finished")),
        }
    }

    /// Reads `input` to its end, as [`push`](Self::push) of 1 MiB chunks
    /// would, with the records split on a second thread: this one only
    /// computes the figures from them, so reading and splitting (about a
    /// fifth of the work) run alongside. The report is the same as the
    /// chunked pushes' by construction — the same records in the same
    /// order. Native builds only (the command line).
    ///
    /// ```
    /// use cxmetrics::session::{Session, Settings};
    /// let mut s = Session::new(Settings::default()).unwrap();
    /// s.read_from(&mut &b"Score\n10\n9\n7\n3\nabc\n"[..]).unwrap();
    /// assert_eq!(s.finish().unwrap().metrics["nps"]["value"], 25.0);
    /// ```
    #[cfg(not(target_arch = "wasm32"))]
    pub fn read_from(&mut self, input: &mut (dyn std::io::Read + Send)) -> Result<(), ReadError> {
        use crate::ingest::reader::RecordBatch;
        use std::sync::mpsc;
        const CHUNK: usize = 1 << 20;
        const BATCH: usize = 64 << 10;
        let mut buf = vec![0u8; CHUNK];
        // The sample and the decisions, here.
        while matches!(self.stage, Stage::Sampling) {
            let n = read_some(input, &mut buf)?;
            if n == 0 {
                return Ok(());
            }
            self.push(&buf[..n]).map_err(ReadError::Data)?;
        }
        let Stage::Streaming { reader, table } = &mut self.stage else {
            return Ok(());
        };
        // Small batches, two in flight: the batch being read is still in
        // the cache, and the memory stays what the sequential path uses
        // (64 KiB: 1M tickets in 0.42 s and 54 MB; 1 MiB batches, four in
        // flight: 0.46 s and 87 MB).
        let (full_tx, full_rx) = mpsc::sync_channel::<RecordBatch>(2);
        let (empty_tx, empty_rx) = mpsc::channel::<RecordBatch>();
        let split = std::thread::scope(|scope| {
            let splitter = scope.spawn(move || -> Result<u64, ReadError> {
                let mut bytes = 0u64;
                let mut batch = RecordBatch::default();
                loop {
                    let n = read_some(input, &mut buf)?;
                    if n == 0 {
                        break;
                    }
                    bytes += n as u64;
                    reader
                        .push(&buf[..n], &mut |r| batch.push(r))
                        .map_err(ReadError::Data)?;
                    if batch.text_len() >= BATCH {
                        let next = empty_rx.try_recv().unwrap_or_default();
                        if full_tx.send(std::mem::replace(&mut batch, next)).is_err() {
                            break;
                        }
                    }
                }
                if !batch.is_empty() {
                    let _ = full_tx.send(batch);
                }
                Ok(bytes)
            });
            for mut batch in full_rx {
                batch.for_each(|r| table.record(r));
                batch.clear();
                let _ = empty_tx.send(batch);
            }
            splitter.join()
        });
        match split {
            Ok(result) => self.bytes += result?,
            Err(panic) => std::panic::resume_unwind(panic),
        }
        Ok(())
    }

    /// How many bytes of `chunk` belong to the sample: up to the sample
    /// limit, then on to the end of the [`MIN_SAMPLE_LINES`]th line so the
    /// header and a data row are always in it. A function of the bytes
    /// alone, whatever the chunking.
    fn sample_take(&mut self, chunk: &[u8]) -> usize {
        let mut take = self
            .sample_limit
            .saturating_sub(self.sample.len())
            .min(chunk.len());
        self.sample_newlines += chunk[..take].iter().filter(|&&b| b == b'\n').count();
        while self.sample_newlines < MIN_SAMPLE_LINES && take < chunk.len() {
            if chunk[take] == b'\n' {
                self.sample_newlines += 1;
            }
            take += 1;
        }
        take
    }

    fn sample_complete(&self) -> bool {
        self.sample.len() >= self.sample_limit && self.sample_newlines >= MIN_SAMPLE_LINES
    }

    /// Ends the input and returns its report.
    pub fn finish(&mut self) -> Result<Report, Error> {
        if let Stage::Sampling = self.stage {
            self.start(true)?;
        }
        match std::mem::replace(&mut self.stage, Stage::Done) {
            Stage::Streaming {
                mut reader,
                mut table,
            } => {
                reader.finish(&mut |r| table.record(r))?;
                self.typed = table.typed.take().map(|(t, _)| t);
                table.finish()
            }
            _ => Err(Error::settings("this input is already finished")),
        }
    }

    /// Decides the format from the sample and starts streaming.
    fn start(&mut self, complete: bool) -> Result<(), Error> {
        let delimiter = self.settings.delimiter;
        let format = sniff::sniff(&self.sample, complete, delimiter)?;
        let mut reader =
            RecordReader::new(format).with_cr_line_ends(sniff::cr_line_ends(&self.sample));
        let mut table = Table {
            format,
            header_rows: 0,
            headers: Vec::new(),
            records_seen: 0,
            accumulator: None,
            report: Report::new(""),
            pending: Vec::new(),
            unclosed_line: None,
            collect_typed: self.collect_typed,
            typed: None,
            #[cfg(feature = "partials")]
            sample_rows: Vec::new(),
            #[cfg(feature = "partials")]
            header_lines: Vec::new(),
            #[cfg(feature = "partials")]
            ends_in_quotes: false,
        };
        let sample = std::mem::take(&mut self.sample);
        self.sample_taken = sample.len();
        // Hold the sample's records, then decide header and kind from them.
        let mut hold = |r: &Record| {
            if r.unclosed_quote {
                table.unclosed_line = Some(r.line);
            }
            table
                .pending
                .push((r.line, r.fields().map(str::to_string).collect()))
        };
        reader.push(&sample, &mut hold)?;
        if complete {
            reader.finish(&mut hold)?;
        }
        let decided = table.decide(&self.settings);
        self.columns = table.headers.clone();
        decided?;
        self.stage = Stage::Streaming {
            reader: Box::new(reader),
            table: Box::new(table),
        };
        Ok(())
    }
}

/// Why a record that opens a quote and never closes it is not used.
pub const UNCLOSED_QUOTE_REASON: &str = "a quoted cell that starts on this line is never closed, so the rest of the file was read as one cell: check the quotes in the export";

impl Table {
    fn record(&mut self, r: &Record) {
        self.records_seen += 1;
        #[cfg(feature = "partials")]
        {
            self.ends_in_quotes = r.unclosed_quote;
        }
        if let Some(acc) = self.accumulator.as_mut() {
            self.report.rows.read += 1;
            if r.unclosed_quote || self.unclosed_line == Some(r.line) {
                // Its last cell swallowed every line after it: reporting it
                // beats counting a cell of garbage.
                let preview = unclosed_preview(r, self.format.delimiter);
                self.report
                    .skip(r.line, "", &preview, UNCLOSED_QUOTE_REASON);
                return;
            }
            match self.typed.as_mut().filter(|_| TYPED) {
                None => acc.push(r, &mut self.report),
                Some((typed, ctx)) => {
                    typed.before(&self.report);
                    acc.push(r, &mut self.report);
                    typed.after(r, ctx, &self.report);
                }
            }
        }
    }

    /// Header rows, kind and mapping from the held records; then replays them.
    fn decide(&mut self, settings: &Settings) -> Result<(), Error> {
        let pending = std::mem::take(&mut self.pending);
        let first: Vec<&str> = pending
            .first()
            .map(|(_, f)| f.iter().map(String::as_str).collect())
            .unwrap_or_default();
        let header_rows = match settings.header_rows {
            Some(n) if n <= 2 => n,
            Some(n) => {
                return Err(Error::settings(format!(
                    "header rows must be 0, 1 or 2, not {n}"
                )))
            }
            None => datasets::header_rows(&pending),
        };
        self.header_rows = header_rows;
        self.headers = if header_rows == 0 {
            (1..=first.len()).map(|i| format!("Column {i}")).collect()
        } else {
            first.iter().map(|h| h.trim().to_string()).collect()
        };
        let data = &pending[(header_rows as usize).min(pending.len())..];
        let (kind, accumulator, mut ctx) =
            datasets::open(&self.headers, header_rows, data, settings)?;
        let header_lines: Vec<u64> = pending
            .iter()
            .take(header_rows as usize)
            .map(|(line, _)| *line)
            .collect();
        self.report = opened_report(kind, &mut ctx, self.format, &header_lines, &self.headers);
        #[cfg(feature = "partials")]
        {
            self.sample_rows = data.to_vec();
            self.header_lines = header_lines;
        }
        if TYPED && self.collect_typed {
            self.typed = Some((TypedRows::new(&ctx, settings.csat_scale), Box::new(ctx)));
        }
        self.accumulator = Some(accumulator);
        for (line, fields) in pending.iter().skip(header_rows as usize) {
            let text: String = fields.concat();
            let mut ends = Vec::with_capacity(fields.len());
            let mut end = 0;
            for f in fields {
                end += f.len();
                ends.push(end);
            }
            let record = Record::from_parts(*line, &text, &ends);
            self.record(&record);
        }
        Ok(())
    }

    fn finish(mut self) -> Result<Report, Error> {
        let acc = self
            .accumulator
            .take()
            .ok_or_else(|| Error::unreadable("the file has no rows."))?;
        if self.report.rows.read == 0 {
            return Err(Error::unreadable(
                "the file has a header row but no data rows: export it again with its data.",
            ));
        }
        acc.finish(&mut self.report)?;
        self.report.warn_lost_cells();
        Ok(self.report)
    }
}

/// The report of a file just opened: its kind, the guesses made from the
/// sample, how it is read (`header_lines`: which lines were taken as header,
/// not data, so a reader can check that no data row went into it; the
/// column names, so a user can remap a field to any of them) and the
/// decided settings.
fn opened_report(
    kind: crate::ingest::columns::Kind,
    ctx: &mut Context,
    format: Format,
    header_lines: &[u64],
    headers: &[String],
) -> Report {
    let mut report = Report::new(kind.as_str());
    report.inferences = std::mem::take(&mut ctx.inferences);
    report.set_settings(&FormatSettings {
        encoding: format.encoding.as_str(),
        delimiter: delimiter_name(format.delimiter),
        header_rows: header_lines.len() as u8,
        header_lines: header_lines.to_vec(),
        columns: headers,
    });
    report.set_settings(&ctx.settings_out);
    report
}

/// Why [`Session::read_from`] stopped: the input could not be read, or
/// its data could not (the same errors as [`Session::push`]).
#[cfg(not(target_arch = "wasm32"))]
#[derive(Debug)]
pub enum ReadError {
    /// Reading the input failed.
    Io(std::io::Error),
    /// The data is unreadable or the settings do not fit it.
    Data(Error),
}

#[cfg(not(target_arch = "wasm32"))]
impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Io(e) => write!(f, "The input could not be read: {e}."),
            ReadError::Data(e) => e.fmt(f),
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl std::error::Error for ReadError {}

/// One `read` into `buf`, retried when interrupted; 0 at the end.
#[cfg(not(target_arch = "wasm32"))]
fn read_some(input: &mut (dyn std::io::Read + Send), buf: &mut [u8]) -> Result<usize, ReadError> {
    loop {
        match input.read(buf) {
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            other => return other.map_err(ReadError::Io),
        }
    }
}

/// The start of a record whose last cell opened a quote that never closed,
/// as it reads in the file: its cells up to the first line break, the open
/// quote shown.
fn unclosed_preview(r: &Record, delimiter: u8) -> String {
    let mut out = String::new();
    let last = r.len().saturating_sub(1);
    for (i, cell) in r.fields().enumerate() {
        if i > 0 {
            out.push(char::from(delimiter));
        }
        if i == last {
            out.push('"');
        }
        match cell.find(['\n', '\r']) {
            Some(cut) => {
                out.push_str(&cell[..cut]);
                break;
            }
            None => out.push_str(cell),
        }
    }
    out.chars().take(120).collect()
}
