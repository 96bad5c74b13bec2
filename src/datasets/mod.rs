//! Streaming accumulators, one per kind of data: records in, report out.
//!
//! [`open`] decides the kind and the column mapping from the header row,
//! and the number and date styles from a sample of the data rows; each kind's
//! accumulator then takes one record at a time through a [`Row`], which
//! parses only the mapped cells. A cell that is present but unreadable
//! voids that field for that row only ([`Row::void`], listed in the
//! report's `unreadable_cells`): the row still counts for every figure that
//! does not need it. A row is skipped whole ([`Row::reject`]) only when the
//! field that defines its kind is unusable (each kind's module says which).
//! An empty cell is simply absent.
//!
//! Content decides, headers suggest: before a mapped column is used, its
//! sampled values are checked ([`open`]). A duration column that holds
//! timestamps is read as the matching timestamp field, or left unmapped; the
//! scale of a CSAT or CES column is read from its answers; a column whose
//! values would mostly not read is not mapped. Each such guess is an
//! inference in the report, and the settings (`mapping`, `csat_scale`,
//! `ces_scale`) override it.

pub mod accounts;
pub mod currency;
pub mod customers;
pub mod hours;
#[cfg(feature = "partials")]
pub mod parts;
pub mod settings_used;
pub mod spend;
pub mod subscriptions;
pub mod survey;
pub mod tickets;
pub mod typed;

use crate::error::Error;
use crate::ingest::columns::{self, Field, Kind, Mapping};
use crate::ingest::reader::Record;
use crate::ingest::values::{
    self, CurrencyTally, DateStyle, DateStyleDecision, DateStyleDetector, NumberStyle,
    NumberStyleDecision, NumberStyleDetector,
};
use crate::metrics::stats::ShortText;
use crate::metrics::survey::{CesScale, CsatScale};
use crate::report::{to_json, Report, Warning};
use crate::settings::Settings;
use serde_json::{Map, Value};
use settings_used::OpenSettings;
use std::cell::RefCell;

/// A kind's streaming accumulator.
pub trait Accumulator: Send {
    /// Takes one data record: counts it used, or reports it skipped.
    fn push(&mut self, record: &Record, report: &mut Report);
    /// Writes the figures and the settings it used into the report.
    fn finish(self: Box<Self>, report: &mut Report) -> Result<(), Error>;
    /// Takes in `later`: an accumulator of the same kind, opened with the
    /// same decisions, that read the records right after this one's. The
    /// state afterwards is the one this accumulator would have reached
    /// reading those records itself, so `finish` gives the same report to
    /// the bit (order-aware: firsts stay first, sums are added in file
    /// order). Reading in parts ([`crate::session::ranges`]).
    #[cfg(feature = "partials")]
    fn merge(&mut self, later: Box<dyn Accumulator>);
    /// Itself as `Any`, for [`merge`](Self::merge) to take `later` back as
    /// its own type.
    #[cfg(feature = "partials")]
    fn into_any(self: Box<Self>) -> Box<dyn std::any::Any>;
    /// The state read so far as bytes ([`parts::save_state`]), for
    /// [`load`](Self::load) in another worker or process.
    #[cfg(feature = "partials")]
    fn save(&self) -> Vec<u8> {
        let mut bytes = Vec::new();
        self.save_into(&mut bytes);
        bytes
    }
    /// [`save`](Self::save), appended to `bytes` (which grows once, to the
    /// exact size: a part's state is as large as its durations).
    #[cfg(feature = "partials")]
    fn save_into(&self, bytes: &mut Vec<u8>);
    /// The accumulator `bytes` saved, with this one's decisions (an
    /// accumulator opened with the same plan).
    #[cfg(feature = "partials")]
    fn load(&self, bytes: &[u8]) -> Result<Box<dyn Accumulator>, Error>;
}

/// `later` as the concrete accumulator `T` (see [`Accumulator::merge`]).
/// Accumulators of different kinds are never merged: the parts of one file
/// are opened with one plan, so this is a programming error.
#[cfg(feature = "partials")]
pub(crate) fn downcast<T: 'static>(later: Box<dyn Accumulator>) -> Box<T> {
    later
        .into_any()
        .downcast::<T>()
        .unwrap_or_else(|_| unreachable!("the parts of one file are of one kind"))
}

/// An opened input: its kind, its accumulator, and the decisions the
/// accumulator reads rows with — among them the settings decided
/// (`settings_out`) and the inferences made from the data (`inferences`,
/// for `Report::inferences`); also what [`typed::TypedRows`] reads rows with.
pub type Opened = (Kind, Box<dyn Accumulator>, Context);

/// How a field's cells are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    /// Free text (ids, names, categories).
    Text,
    /// A number in the file's number style.
    Number,
    /// Money: a number with an optional currency, in cents when told so.
    Money,
    /// A date or date-time.
    Time,
    /// Minutes, or `h:mm[:ss]`.
    Minutes,
    /// Yes/no in five languages.
    Boolean,
}

/// The type of each field.
pub fn field_type(field: Field) -> FieldType {
    use Field::*;
    match field {
        Score | Csat | Ces | Replies | IntervalCount | Quantity | NewCustomers | EmailsSent
        | EmailsOpened | Sessions | FeaturesUsed | FeaturesAvailable | TenureMonths
        | CustomerTenure => FieldType::Number,
        Amount | Mrr | Spend | MonthlyCharge | TotalCharges => FieldType::Money,
        SurveyDate
        | TicketCreatedAt
        | FirstReplyAt
        | SolvedAt
        | SubscriptionCreatedAt
        | Start
        | CanceledAt
        | EndedAt
        | SpendDate
        | OnboardingStart
        | OnboardingDone
        | CustomerSince
        | RenewalDue
        | CustomerStart
        | CustomerEnd => FieldType::Time,
        FirstReplyMinutes
        | ResolutionMinutes
        | FirstReplyMinutesBusiness
        | ResolutionMinutesBusiness => FieldType::Minutes,
        FirstContactResolved | Renewed => FieldType::Boolean,
        _ => FieldType::Text,
    }
}

/// What was decided about one input: kind, mapping, styles.
#[derive(Debug, Clone)]
pub struct Context {
    /// The kind of data.
    pub kind: Kind,
    /// Column → field.
    pub mapping: Mapping,
    /// Header names, by column.
    pub headers: Vec<String>,
    /// The number style of the file.
    pub number_style: NumberStyle,
    /// The date style of each mapped time field.
    pub date_styles: Vec<(Field, DateStyle)>,
    /// Money columns are in cents.
    pub cents: bool,
    /// The currency the user set (an ISO 4217 code), if any.
    pub currency: Option<String>,
    /// The currencies written in the money cells read so far.
    pub currencies: RefCell<CurrencyTally>,
    /// Sentences the page shows about guesses it had to make.
    pub notices: Vec<String>,
    /// Settings as decided, for the report.
    pub settings_out: OpenSettings,
    /// Guesses made from the sampled values (see [`Report::inferences`]).
    pub inferences: Vec<Warning>,
    /// The CSAT scale read from the sampled answers of the `csat` (survey)
    /// or `satisfaction` (tickets) column; `None` when the user set one,
    /// there is no such column or its answers fit no numeric scale.
    pub csat_scale: Option<CsatScale>,
    /// The CES scale read from the sampled answers; `None` as for CSAT.
    pub ces_scale: Option<CesScale>,
    /// `mapping` and `date_styles` by field, looked up once per cell
    /// without a search (built with them in [`open`]).
    by_field: [(Option<usize>, DateStyle, f64); FIELD_SLOTS],
}

/// One slot per [`Field`].
const FIELD_SLOTS: usize = columns::FIELD_COUNT;

/// Each field's column and date style, indexed by field.
///
/// The third item is the minutes in one unit of a duration column: the
/// unit its header names ([`columns::header_time_unit`]: hours, days),
/// else minutes.
fn by_field(
    mapping: &Mapping,
    date_styles: &[(Field, DateStyle)],
) -> [(Option<usize>, DateStyle, f64); FIELD_SLOTS] {
    let mut slots = [(None, DateStyle::Iso, 1.0); FIELD_SLOTS];
    for field in Field::all() {
        if let Some(slot) = slots.get_mut(field as usize) {
            let unit = mapping
                .header(field)
                .and_then(columns::header_time_unit)
                .filter(|u| matches!(u, columns::TimeUnit::Hours | columns::TimeUnit::Days));
            *slot = (
                mapping.get(field),
                date_styles
                    .iter()
                    .find(|(f, _)| *f == field)
                    .map(|(_, s)| *s)
                    .unwrap_or(DateStyle::Iso),
                unit.map_or(1.0, columns::TimeUnit::minutes),
            );
        }
    }
    slots
}

impl Context {
    /// A context that decides nothing: what a loaded accumulator holds
    /// before it is given the plan's ([`parts::load_state`]).
    #[cfg(feature = "partials")]
    fn unset() -> Context {
        Context {
            kind: Kind::Survey,
            mapping: Mapping::default(),
            headers: Vec::new(),
            number_style: NumberStyle::DotDecimal,
            date_styles: Vec::new(),
            cents: false,
            currency: None,
            currencies: RefCell::default(),
            notices: Vec::new(),
            settings_out: OpenSettings {
                kind: "",
                mapping: Mapping::default(),
                fields: Vec::new(),
                number_style_decided: None,
                number_style: "",
                date_styles: None,
                amounts_in_cents: None,
                currency: None,
                currency_source: None,
                notices: Vec::new(),
            },
            inferences: Vec::new(),
            csat_scale: None,
            ces_scale: None,
            by_field: [(None, values::DateStyle::Iso, 1.0); FIELD_SLOTS],
        }
    }

    /// Takes in what `later`'s reading added to the decisions: the
    /// currencies its money cells named (reading in parts; every other
    /// field is decided before reading and is the same in every part).
    #[cfg(feature = "partials")]
    pub fn merge(&mut self, later: &Context) {
        self.currencies.get_mut().merge(&later.currencies.borrow());
    }

    /// The column of `field`, if mapped.
    #[inline]
    pub fn column(&self, field: Field) -> Option<usize> {
        self.by_field.get(field as usize).and_then(|s| s.0)
    }

    /// The header of `field`'s column.
    pub fn header(&self, field: Field) -> &str {
        self.mapping.header(field).unwrap_or("")
    }

    /// Minutes in one unit of `field`'s duration column (1 unless its
    /// header names hours or days).
    #[inline]
    fn minutes_per_unit(&self, field: Field) -> f64 {
        self.by_field.get(field as usize).map_or(1.0, |s| s.2)
    }

    #[inline]
    fn date_style(&self, field: Field) -> DateStyle {
        self.by_field
            .get(field as usize)
            .map_or(DateStyle::Iso, |s| s.1)
    }
}

/// Answers for the few distinct cells a column repeats, so each distinct
/// cell is read once: up to [`Memo::MAX`] cells are kept (a few short
/// words in practice), others are read every time.
#[derive(Debug, Clone)]
pub(crate) struct Memo<T> {
    pub(crate) entries: Vec<(ShortText, T)>,
}

impl<T> Default for Memo<T> {
    fn default() -> Self {
        Memo {
            entries: Vec::new(),
        }
    }
}

impl<T: Copy> Memo<T> {
    pub(crate) const MAX: usize = 16;

    #[inline]
    pub(crate) fn get(&mut self, cell: &str, read: impl FnOnce(&str) -> T) -> T {
        let Some(key) = ShortText::new(cell) else {
            return read(cell);
        };
        if let Some((_, v)) = self.entries.iter().find(|(k, _)| *k == key) {
            return *v;
        }
        let v = read(cell);
        if self.entries.len() < Self::MAX {
            self.entries.push((key, v));
        }
        v
    }
}

/// A rejected cell: which field, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bad {
    /// The field whose cell was rejected.
    pub field: Field,
    /// Why, one sentence.
    pub reason: &'static str,
}

/// One record seen through the context: typed access to mapped cells.
pub struct Row<'a> {
    /// The record.
    pub record: &'a Record<'a>,
    /// The decisions about the input.
    pub ctx: &'a Context,
}

/// Reason for a count that is not a whole number of zero or more.
pub const COUNT_REASON: &str = "must be a whole number of zero or more";
/// Reason for a yes/no cell that is neither.
pub const BOOLEAN_REASON: &str =
    "must be yes or no (or sí/não, oui/non, ya/tidak, true/false, 1/0)";

impl<'a> Row<'a> {
    /// A row view.
    pub fn new(record: &'a Record<'a>, ctx: &'a Context) -> Self {
        Row { record, ctx }
    }

    /// The trimmed cell of `field`; `None` when unmapped or empty.
    #[inline]
    pub fn text(&self, field: Field) -> Option<&'a str> {
        let column = self.ctx.column(field)?;
        let cell = values::trim_cell(self.record.get(column));
        (!cell.is_empty()).then_some(cell)
    }

    /// The raw (untrimmed) cell of `field`, for reporting.
    pub fn raw(&self, field: Field) -> &'a str {
        self.ctx.column(field).map_or("", |c| self.record.get(c))
    }

    /// A number.
    #[inline]
    pub fn number(&self, field: Field) -> Result<Option<f64>, Bad> {
        match self.text(field) {
            None => Ok(None),
            Some(cell) => values::parse_number(cell, self.ctx.number_style)
                .map(|p| Some(if p.percent { p.value / 100.0 } else { p.value }))
                .map_err(|reason| Bad { field, reason }),
        }
    }

    /// Money: a number, divided by 100 when the file is in cents.
    pub fn money(&self, field: Field) -> Result<Option<f64>, Bad> {
        match self.text(field) {
            None => Ok(None),
            Some(cell) => {
                let parsed = if self.ctx.cents {
                    values::parse_cents(cell, self.ctx.number_style)
                } else {
                    values::parse_number(cell, self.ctx.number_style)
                };
                match parsed {
                    Ok(p) => {
                        if let Some(c) = p.currency {
                            self.ctx.currencies.borrow_mut().observe(c);
                        }
                        Ok(Some(p.value))
                    }
                    Err(reason) => Err(Bad { field, reason }),
                }
            }
        }
    }

    /// A whole number ≥ 0.
    pub fn count(&self, field: Field) -> Result<Option<u64>, Bad> {
        // Most counts are a few plain digits: read them directly.
        if let Some(cell) = self.text(field) {
            if cell.len() <= 15 && cell.bytes().all(|c| c.is_ascii_digit()) {
                return Ok(Some(
                    cell.bytes().fold(0, |n, c| n * 10 + u64::from(c - b'0')),
                ));
            }
        }
        match self.number(field)? {
            None => Ok(None),
            Some(x) if x >= 0.0 && x.fract() == 0.0 && x < 9.0e15 => Ok(Some(x as u64)),
            Some(_) => Err(Bad {
                field,
                reason: COUNT_REASON,
            }),
        }
    }

    /// A timestamp in seconds since 1970.
    #[inline]
    pub fn time(&self, field: Field) -> Result<Option<i64>, Bad> {
        match self.text(field) {
            None => Ok(None),
            Some(cell) => values::parse_timestamp(cell, self.ctx.date_style(field))
                .map(Some)
                .map_err(|reason| Bad { field, reason }),
        }
    }

    /// A duration in minutes. A plain number is in the unit the column's
    /// header names (`resolution_time_hours`: × 60; days: × 1,440), else in
    /// minutes; `h:mm[:ss]` is a clock duration whatever the header says.
    pub fn minutes(&self, field: Field) -> Result<Option<f64>, Bad> {
        match self.text(field) {
            None => Ok(None),
            Some(cell) => {
                let m = values::parse_minutes(cell, self.ctx.number_style)
                    .map_err(|reason| Bad { field, reason })?;
                let scale = self.ctx.minutes_per_unit(field);
                Ok(Some(if scale != 1.0 && !cell.contains(':') {
                    m * scale
                } else {
                    m
                }))
            }
        }
    }

    /// Yes or no.
    pub fn boolean(&self, field: Field) -> Result<Option<bool>, Bad> {
        match self.text(field) {
            None => Ok(None),
            Some(cell) => values::parse_bool(cell).map(Some).ok_or(Bad {
                field,
                reason: BOOLEAN_REASON,
            }),
        }
    }

    /// Whether every cell of the record is empty.
    pub fn is_blank(&self) -> bool {
        // Most rows start with a visible first cell (an id).
        if self
            .record
            .get(0)
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_graphic())
        {
            return false;
        }
        self.record
            .fields()
            .all(|f| values::trim_whitespace(f).is_empty())
    }

    /// Reports this row as skipped because of `bad`.
    pub fn reject(&self, bad: Bad, report: &mut Report) {
        let header = self.ctx.header(bad.field);
        report.skip(
            self.record.line,
            header,
            self.raw(bad.field),
            &bad_reason(header, bad),
        );
    }

    /// Reports the cell of `bad.field` as unreadable: the row stays in use
    /// for every figure that does not need that field.
    pub fn void(&self, bad: Bad, report: &mut Report) {
        let header = self.ctx.header(bad.field);
        report.bad_cell(
            bad.field.as_str(),
            self.record.line,
            header,
            self.raw(bad.field),
            &bad_reason(header, bad),
        );
    }

    /// Reports this row as skipped with a reason of the caller's.
    pub fn reject_with(&self, field: Field, reason: &str, report: &mut Report) {
        report.skip(
            self.record.line,
            self.ctx.header(field),
            self.raw(field),
            reason,
        );
    }
}

/// [`Report::warn_coverage`] for a figure that rests on some rows: one
/// that rests on none is undefined and says why itself.
pub(crate) fn warn_coverage(
    report: &mut Report,
    figures: &[&str],
    used: u64,
    eligible: u64,
    what: &str,
) {
    if used > 0 {
        report.warn_coverage(figures, used, eligible, what);
    }
}

/// The sentence for a rejected cell: the generic reasons name the column.
fn bad_reason(header: &str, bad: Bad) -> String {
    if bad.reason == COUNT_REASON || bad.reason == BOOLEAN_REASON {
        format!("“{header}” {}", bad.reason)
    } else {
        bad.reason.to_string()
    }
}

/// Reason for a row with nothing in it.
pub const EMPTY_ROW_REASON: &str = "the row is empty";

/// Skips a blank record (a trailing `;;;` line from Excel); true when it was.
pub fn skip_if_blank(row: &Row, report: &mut Report) -> bool {
    if row.is_blank() {
        report.skip(row.record.line, "", "", EMPTY_ROW_REASON);
        true
    } else {
        false
    }
}

/// How many of the first records are header rows: 0 when the first row is
/// data (pasted scores), 2 for SurveyMonkey's second row of answer labels
/// ([`columns::is_second_header_row`], judged against the first cells of
/// the records after it), else 1.
///
/// ```
/// use cxmetrics::datasets::header_rows;
/// let rows = |r: &[&[&str]]| -> Vec<(u64, Vec<String>)> {
///     r.iter().zip(1..).map(|(f, l)| (l, f.iter().map(|c| c.to_string()).collect())).collect()
/// };
/// assert_eq!(header_rows(&rows(&[&["a", "b", "c"], &["", "e", "f"], &["", "h", "i"]])), 1);
/// assert_eq!(header_rows(&rows(&[&["Id", "Q"], &["", "Response"], &["7", "9"]])), 2);
/// assert_eq!(header_rows(&rows(&[&["9"], &["10"]])), 0);
/// ```
pub fn header_rows(records: &[(u64, Vec<String>)]) -> u8 {
    let Some((_, first)) = records.first() else {
        return 1;
    };
    let first: Vec<&str> = first.iter().map(String::as_str).collect();
    if !columns::looks_like_header(&first) {
        return 0;
    }
    match records.get(1) {
        Some((_, second)) => {
            let second: Vec<&str> = second.iter().map(String::as_str).collect();
            let below: Vec<&str> = records
                .iter()
                .skip(2)
                .map(|(_, r)| r.first().map_or("", String::as_str))
                .collect();
            if columns::is_second_header_row(&second, &below) {
                2
            } else {
                1
            }
        }
        None => 1,
    }
}

/// Decides kind, mapping and styles, and opens the kind's accumulator.
///
/// `sample` holds the first data records (header rows excluded), used to
/// decide number and date styles.
pub fn open(
    headers: &[String],
    header_rows: u8,
    sample: &[(u64, Vec<String>)],
    settings: &Settings,
) -> Result<Opened, Error> {
    let header_refs: Vec<&str> = headers.iter().map(String::as_str).collect();
    let forced = settings.kind;
    let (kind, mut mapping) = match forced {
        Some(kind) => (kind, columns::mapping_for(kind, &header_refs)),
        None => {
            let detection = if header_rows == 0 {
                let first: Vec<&str> = sample
                    .first()
                    .map(|(_, r)| r.iter().map(String::as_str).collect())
                    .unwrap_or_default();
                columns::detect_headerless(&first)
            } else {
                columns::detect(&header_refs)
            };
            match detection.kind {
                Some(kind) => (kind, detection.mapping),
                None if !settings.mapping.is_empty() => {
                    // The user mapped columns by hand: take the kind their
                    // fields belong to.
                    let kind = kind_of_overrides(settings).ok_or_else(|| {
                        Error::unreadable(detection.message.clone().unwrap_or_default())
                    })?;
                    (kind, columns::mapping_for(kind, &header_refs))
                }
                None => {
                    return Err(Error::unreadable(detection.message.unwrap_or_else(|| {
                        "the kind of data could not be recognised from the column names: choose it, and map the columns.".into()
                    })))
                }
            }
        }
    };
    let overrides: Vec<(String, String)> = settings
        .mapping
        .iter()
        .map(|(f, c)| (f.clone(), c.clone()))
        .collect();
    columns::apply_overrides(&mut mapping, kind, &header_refs, &overrides)
        .map_err(Error::settings)?;
    columns::check_required(kind, &mapping).map_err(Error::unreadable)?;

    // Content decides: the fields the user mapped by hand are theirs.
    // A scale the user set speaks for its column too.
    let mut user_fields: Vec<Field> = settings
        .mapping
        .keys()
        .filter_map(|id| Field::from_id(kind, id))
        .collect();
    if settings.csat_scale.is_some() {
        user_fields.extend([Field::Csat, Field::Satisfaction]);
    }
    if settings.ces_scale.is_some() {
        user_fields.push(Field::Ces);
    }
    let mut inferences = Vec::new();
    retarget_timestamps(&mut mapping, sample, &user_fields, &mut inferences);
    let mut ctx = decide_styles(kind, mapping, headers, sample, settings)?;
    infer_scales(&mut ctx, sample, settings, &mut inferences);
    refuse_unreadable(&mut ctx, sample, &user_fields, &mut inferences);
    ctx.inferences = inferences;
    let accumulator: Box<dyn Accumulator> = match kind {
        Kind::Survey => Box::new(survey::SurveyAccumulator::new(ctx.clone(), settings)?),
        Kind::Tickets => Box::new(tickets::TicketsDataset::new(ctx.clone(), settings)?),
        Kind::Subscriptions => Box::new(subscriptions::SubscriptionsDataset::new(
            ctx.clone(),
            settings,
        )?),
        Kind::Spend => Box::new(spend::SpendDataset::new(ctx.clone(), settings)?),
        Kind::Accounts => Box::new(accounts::AccountsDataset::new(ctx.clone(), settings)?),
        Kind::Customers => Box::new(customers::CustomersDataset::new(ctx.clone(), settings)?),
    };
    Ok((kind, accumulator, ctx))
}

fn kind_of_overrides(settings: &Settings) -> Option<Kind> {
    Kind::ALL.into_iter().find(|&kind| {
        settings
            .mapping
            .keys()
            .all(|id| Field::from_id(kind, id).is_some())
    })
}

/// Number style over every numeric mapped column; date style per time
/// column; each from the sample unless the user set it.
fn decide_styles(
    kind: Kind,
    mapping: Mapping,
    headers: &[String],
    sample: &[(u64, Vec<String>)],
    settings: &Settings,
) -> Result<Context, Error> {
    let mut notices = Vec::new();
    let mut number_style_decided = None;

    let number_style = match settings.number_style {
        Some(style) => style,
        None => {
            let mut detector = NumberStyleDetector::new();
            for entry in mapping.entries() {
                if matches!(
                    field_type(entry.field),
                    FieldType::Number | FieldType::Money | FieldType::Minutes
                ) {
                    for (_, row) in sample {
                        if let Some(cell) = row.get(entry.column) {
                            detector.observe(cell);
                        }
                    }
                }
            }
            let decision = detector.decide();
            if let Some(n) = decision.notice() {
                notices.push(n.to_string());
            }
            if !matches!(decision, NumberStyleDecision::Decided(_)) {
                number_style_decided = Some(false);
            }
            decision.style()
        }
    };

    let forced_order = settings.date_order;
    let mut date_styles = Vec::new();
    let mut dates_out = Vec::new();
    for entry in mapping.entries() {
        if field_type(entry.field) != FieldType::Time {
            continue;
        }
        let mut detector = DateStyleDetector::new();
        for (_, row) in sample {
            if let Some(cell) = row.get(entry.column) {
                detector.observe(cell);
            }
        }
        let decision = detector.decide();
        let style = match (forced_order, decision) {
            (
                Some(order),
                DateStyleDecision::DayFirst
                | DateStyleDecision::MonthFirst
                | DateStyleDecision::Ambiguous
                | DateStyleDecision::Mixed { .. },
            ) => order,
            (Some(order), DateStyleDecision::Unknown) => order,
            (_, d) => {
                if let Some(n) = d.notice() {
                    let n = format!("{}: {n}", entry.header);
                    if !notices.contains(&n) {
                        notices.push(n);
                    }
                }
                d.style().unwrap_or(DateStyle::Iso)
            }
        };
        dates_out.push((entry.field, date_style_name(style)));
        date_styles.push((entry.field, style));
    }
    let cents = settings.amounts_in_cents.unwrap_or(false);
    let currency = match settings.currency.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => Some(values::currency_code(text).ok_or_else(|| {
            Error::settings(format!(
                "the currency “{text}” is not an ISO 4217 code such as USD, EUR or BRL"
            ))
        })?),
    };
    let out = OpenSettings {
        kind: kind.as_str(),
        mapping: mapping.clone(),
        fields: Field::for_kind(kind).map(Field::as_str).collect(),
        number_style_decided,
        number_style: match number_style {
            NumberStyle::DotDecimal => "dot",
            NumberStyle::CommaDecimal => "comma",
        },
        date_styles: (!dates_out.is_empty()).then_some(dates_out),
        amounts_in_cents: cents.then_some(true),
        currency: currency.clone(),
        currency_source: currency.as_ref().map(|_| "settings"),
        notices: notices.clone(),
    };
    Ok(Context {
        kind,
        by_field: by_field(&mapping, &date_styles),
        mapping,
        headers: headers.to_vec(),
        number_style,
        date_styles,
        cents,
        currency,
        currencies: RefCell::default(),
        notices,
        settings_out: out,
        inferences: Vec::new(),
        csat_scale: None,
        ces_scale: None,
    })
}

/// The non-empty trimmed cells of `column` in the sample.
fn sample_cells(sample: &[(u64, Vec<String>)], column: usize) -> impl Iterator<Item = &str> + '_ {
    sample
        .iter()
        .filter_map(move |(_, row)| row.get(column))
        .map(|c| values::trim_cell(c))
        .filter(|c| !c.is_empty())
}

/// A parameter map for an inference or a warning.
fn params(pairs: &[(&str, Value)]) -> Map<String, Value> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

/// The timestamp field a duration field's column is read as when it holds
/// timestamps: the time of the first reply, the time of resolution.
fn timestamp_twin(field: Field) -> Option<Field> {
    match field {
        Field::FirstReplyMinutes => Some(Field::FirstReplyAt),
        Field::ResolutionMinutes => Some(Field::SolvedAt),
        _ => None,
    }
}

/// Whether a cell reads as a date or date-time and not as a duration.
fn is_timestamp_not_duration(cell: &str) -> bool {
    values::parse_minutes(cell, NumberStyle::DotDecimal).is_err()
        && values::parse_minutes(cell, NumberStyle::CommaDecimal).is_err()
        && [DateStyle::Iso, DateStyle::DayFirst, DateStyle::MonthFirst]
            .into_iter()
            .any(|style| values::parse_timestamp(cell, style).is_ok())
}

/// A duration column (minutes) whose sampled values are mostly timestamps
/// is read as its timestamp twin ([`timestamp_twin`]) when that field is
/// free, else left unmapped: inference `column_is_timestamp`.
fn retarget_timestamps(
    mapping: &mut Mapping,
    sample: &[(u64, Vec<String>)],
    user_fields: &[Field],
    inferences: &mut Vec<Warning>,
) {
    let entries: Vec<_> = mapping.entries().to_vec();
    for entry in entries {
        if field_type(entry.field) != FieldType::Minutes || user_fields.contains(&entry.field) {
            continue;
        }
        let (mut n, mut stamps) = (0usize, 0usize);
        for cell in sample_cells(sample, entry.column) {
            n += 1;
            stamps += usize::from(is_timestamp_not_duration(cell));
        }
        if n == 0 || stamps * 2 <= n {
            continue;
        }
        mapping.remove(entry.field);
        let twin = timestamp_twin(entry.field).filter(|t| mapping.get(*t).is_none());
        let header = &entry.header;
        let message = match twin {
            Some(t) => {
                mapping.set(t, entry.column, header);
                format!(
                    "“{header}” holds dates and times, not durations: it is read as {} instead of {}.",
                    t.as_str(),
                    entry.field.as_str()
                )
            }
            None => format!(
                "“{header}” holds dates and times, not durations: it is not used as {}.",
                entry.field.as_str()
            ),
        };
        inferences.push(Warning {
            code: "column_is_timestamp".into(),
            message,
            figures: Vec::new(),
            params: params(&[
                ("column", to_json(&header)),
                ("field", to_json(&entry.field.as_str())),
                ("to", to_json(&twin.map(Field::as_str))),
            ]),
        });
    }
}

/// The figure a survey or ticket satisfaction scale feeds.
fn scale_figure(field: Field) -> &'static str {
    match field {
        Field::Satisfaction => "ticket_csat",
        Field::Ces => "ces",
        _ => "csat",
    }
}

/// Whole-number answers of a column: (min, max) over those within
/// `lo..=hi`, and how many there were.
fn whole_range<'s>(cells: impl Iterator<Item = &'s str>, style: NumberStyle) -> (i64, i64, usize) {
    let (mut min, mut max, mut n) = (i64::MAX, i64::MIN, 0usize);
    for cell in cells {
        let Ok(p) = values::parse_number(cell, style) else {
            continue;
        };
        let x = p.value;
        if p.percent || p.currency.is_some() || !(0.0..=10.0).contains(&x) || x.fract() != 0.0 {
            continue;
        }
        let x = x as i64;
        min = min.min(x);
        max = max.max(x);
        n += 1;
    }
    (min, max, n)
}

/// The CSAT scale of the `csat` / `satisfaction` column and the CES scale
/// of the `ces` column, read from their sampled answers unless the user set
/// them: mostly rating words → good/bad (survey); else the scale the
/// whole-number answers from 0 to 10 fit ([`CsatScale::fitting`],
/// [`CesScale::fitting`]). Inference `scale_inferred`.
fn infer_scales(
    ctx: &mut Context,
    sample: &[(u64, Vec<String>)],
    settings: &Settings,
    inferences: &mut Vec<Warning>,
) {
    let style = ctx.number_style;
    let mut note = |field: Field, header: &str, scale: &str, n: usize| {
        inferences.push(Warning {
            code: "scale_inferred".into(),
            message: format!(
                "“{header}” is read on the {scale} scale, from its answers; set the scale if it is another."
            ),
            figures: vec![scale_figure(field).to_string()],
            params: params(&[
                ("column", to_json(&header)),
                ("field", to_json(&field.as_str())),
                ("scale", to_json(&scale)),
                ("answers", to_json(&n)),
            ]),
        });
    };
    if settings.csat_scale.is_none() {
        for field in [Field::Csat, Field::Satisfaction] {
            let Some(column) = ctx.column(field) else {
                continue;
            };
            let header = ctx.header(field).to_string();
            let words = sample_cells(sample, column)
                .filter(|c| tickets::satisfaction_word(c).is_some())
                .count();
            let (min, max, n) = whole_range(sample_cells(sample, column), style);
            if field == Field::Csat && words > n {
                ctx.csat_scale = Some(CsatScale::GoodBad);
                note(field, &header, CsatScale::GoodBad.name(), words);
            } else if let Some(scale) = (n > 0).then(|| CsatScale::fitting(min, max)).flatten() {
                ctx.csat_scale = Some(scale);
                note(field, &header, scale.name(), n);
            }
        }
    }
    if settings.ces_scale.is_none() {
        if let Some(column) = ctx.column(Field::Ces) {
            let header = ctx.header(Field::Ces).to_string();
            let (min, max, n) = whole_range(sample_cells(sample, column), style);
            if let Some(scale) = (n > 0).then(|| CesScale::fitting(min, max)).flatten() {
                ctx.ces_scale = Some(scale);
                note(Field::Ces, &header, scale.name(), n);
            }
        }
    }
}

/// Whether a cell of `field` reads, as the accumulators will read it.
fn cell_reads(ctx: &Context, field: Field, cell: &str) -> bool {
    let style = ctx.number_style;
    let number = || values::parse_number(cell, style).ok();
    match field {
        Field::Score => number().is_some_and(|p| {
            (0.0..=10.0).contains(&p.value) && crate::metrics::survey::is_whole_score(p.value)
        }),
        Field::Csat | Field::Satisfaction => {
            if tickets::satisfaction_word(cell).is_some() {
                return true;
            }
            let scale = ctx.csat_scale.unwrap_or_default();
            number().is_some_and(|p| {
                crate::metrics::survey::CsatTally::new(scale)
                    .add(p.value)
                    .is_ok()
            })
        }
        Field::SpendDate if spend::month_key(cell).is_some() => true,
        Field::Ces => number().is_some_and(|p| {
            crate::metrics::survey::CesTally::new(ctx.ces_scale.unwrap_or_default())
                .add(p.value)
                .is_ok()
        }),
        _ => match field_type(field) {
            FieldType::Text => true,
            FieldType::Number => number().is_some(),
            FieldType::Money if ctx.cents => values::parse_cents(cell, style).is_ok(),
            FieldType::Money => number().is_some(),
            FieldType::Time => values::parse_timestamp(cell, ctx.date_style(field)).is_ok(),
            FieldType::Minutes => values::parse_minutes(cell, style).is_ok(),
            FieldType::Boolean => values::parse_bool(cell).is_some(),
        },
    }
}

/// Fewest sampled cells a column needs before its values can refuse it.
const REFUSE_MIN_CELLS: usize = 4;

/// A column whose sampled values would mostly (more than half) not read
/// is not mapped, unless the user mapped it or it is the only column of a
/// field the kind needs: inference `mapping_refused`.
fn refuse_unreadable(
    ctx: &mut Context,
    sample: &[(u64, Vec<String>)],
    user_fields: &[Field],
    inferences: &mut Vec<Warning>,
) {
    let mut refused = Vec::new();
    for entry in ctx.mapping.entries() {
        let text = field_type(entry.field) == FieldType::Text && entry.field != Field::Satisfaction;
        if text || user_fields.contains(&entry.field) {
            continue;
        }
        let (mut n, mut bad) = (0usize, 0usize);
        for cell in sample_cells(sample, entry.column) {
            n += 1;
            bad += usize::from(!cell_reads(ctx, entry.field, cell));
        }
        if n < REFUSE_MIN_CELLS || bad * 2 <= n {
            continue;
        }
        let mut without = ctx.mapping.clone();
        without.remove(entry.field);
        if columns::check_required(ctx.kind, &without).is_err() {
            continue;
        }
        refused.push((entry.field, entry.header.clone(), bad, n));
    }
    if refused.is_empty() {
        return;
    }
    for (field, header, bad, n) in refused {
        ctx.mapping.remove(field);
        ctx.date_styles.retain(|(f, _)| *f != field);
        if let Some(dates) = &mut ctx.settings_out.date_styles {
            dates.retain(|(f, _)| *f != field);
        }
        inferences.push(Warning {
            code: "mapping_refused".into(),
            message: format!(
                "“{header}” was not used as {}: {bad} of the first {n} values in it do not read as one; map it by hand to use it anyway.",
                field.as_str()
            ),
            figures: Vec::new(),
            params: params(&[
                ("column", to_json(&header)),
                ("field", to_json(&field.as_str())),
                ("unreadable", to_json(&bad)),
                ("sampled", to_json(&n)),
            ]),
        });
    }
    ctx.by_field = by_field(&ctx.mapping, &ctx.date_styles);
    ctx.settings_out.mapping = ctx.mapping.clone();
}

/// The name of a date style as shown and as set.
pub fn date_style_name(style: DateStyle) -> &'static str {
    match style {
        DateStyle::Iso => "iso",
        DateStyle::DayFirst => "day-first",
        DateStyle::MonthFirst => "month-first",
        DateStyle::UnixSeconds => "unix-seconds",
        DateStyle::UnixMillis => "unix-milliseconds",
        DateStyle::ExcelSerial => "excel-serial",
    }
}

#[cfg(test)]
mod tests;
