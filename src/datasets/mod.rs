//! Streaming accumulators, one per kind of data: records in, report out.
//!
//! [`open`] decides the kind and the column mapping from the header row,
//! and the number and date styles from a sample of the data rows; each kind's
//! accumulator then takes one record at a time through a [`Row`], which
//! parses only the mapped cells. A cell that is present but unreadable
//! rejects its row, reported with line, column, value and reason; an empty
//! cell is simply absent.

pub mod accounts;
pub mod customers;
pub mod spend;
pub mod subscriptions;
pub mod survey;
pub mod tickets;

use crate::error::Error;
use crate::ingest::columns::{self, Field, Kind, Mapping};
use crate::ingest::reader::Record;
use crate::ingest::values::{
    self, DateStyle, DateStyleDecision, DateStyleDetector, NumberStyle, NumberStyleDecision,
    NumberStyleDetector,
};
use crate::metrics::stats::ShortText;
use crate::report::json;
use crate::report::Report;
use crate::settings::Settings;
use serde_json::{Map, Value};

/// A kind's streaming accumulator.
pub trait Accumulator {
    /// Takes one data record: counts it used, or reports it skipped.
    fn push(&mut self, record: &Record, report: &mut Report);
    /// Writes the figures and the settings it used into the report.
    fn finish(self: Box<Self>, report: &mut Report) -> Result<(), Error>;
}

/// An opened input: its kind, its accumulator, and the settings decided.
pub type Opened = (Kind, Box<dyn Accumulator>, Map<String, Value>);

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
    /// Sentences the page shows about guesses it had to make.
    pub notices: Vec<String>,
    /// Settings as decided, for the report.
    pub settings_out: Map<String, Value>,
    /// `mapping` and `date_styles` by field, looked up once per cell
    /// without a search (built with them in [`open`]).
    by_field: [(Option<usize>, DateStyle); FIELD_SLOTS],
}

/// One slot per [`Field`].
const FIELD_SLOTS: usize = columns::FIELD_COUNT;

/// Each field's column and date style, indexed by field.
fn by_field(
    mapping: &Mapping,
    date_styles: &[(Field, DateStyle)],
) -> [(Option<usize>, DateStyle); FIELD_SLOTS] {
    let mut slots = [(None, DateStyle::Iso); FIELD_SLOTS];
    for field in Field::all() {
        if let Some(slot) = slots.get_mut(field as usize) {
            *slot = (
                mapping.get(field),
                date_styles
                    .iter()
                    .find(|(f, _)| *f == field)
                    .map(|(_, s)| *s)
                    .unwrap_or(DateStyle::Iso),
            );
        }
    }
    slots
}

impl Context {
    /// The column of `field`, if mapped.
    #[inline]
    pub fn column(&self, field: Field) -> Option<usize> {
        self.by_field.get(field as usize).and_then(|s| s.0)
    }

    /// The header of `field`'s column.
    pub fn header(&self, field: Field) -> &str {
        self.mapping.header(field).unwrap_or("")
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
                parsed
                    .map(|p| Some(p.value))
                    .map_err(|reason| Bad { field, reason })
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

    /// A duration in minutes.
    pub fn minutes(&self, field: Field) -> Result<Option<f64>, Bad> {
        match self.text(field) {
            None => Ok(None),
            Some(cell) => values::parse_minutes(cell, self.ctx.number_style)
                .map(Some)
                .map_err(|reason| Bad { field, reason }),
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

/// Folds a short word for matching against word lists: lower case, common
/// Latin accents removed, `_`, `-`, `.`, `'` and runs of spaces as one
/// space, into `buf`. `None` for anything longer than 32 bytes or with
/// other characters (such a cell matches no list).
pub(crate) fn fold_word<'b>(s: &str, buf: &'b mut [u8; 32]) -> Option<&'b str> {
    let mut n = 0usize;
    let mut space = false;
    for c in s.trim().chars() {
        let b = match c {
            'a'..='z' | '0'..='9' => c as u8,
            'A'..='Z' => c.to_ascii_lowercase() as u8,
            '_' | '-' | '.' | '\'' | ' ' | '\t' => b' ',
            'á' | 'à' | 'â' | 'ã' | 'ä' | 'Á' | 'À' | 'Â' | 'Ã' | 'Ä' => b'a',
            'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => b'e',
            'í' | 'ì' | 'î' | 'ï' | 'Í' | 'Ì' | 'Î' | 'Ï' => b'i',
            'ó' | 'ò' | 'ô' | 'õ' | 'ö' | 'Ó' | 'Ò' | 'Ô' | 'Õ' | 'Ö' => b'o',
            'ú' | 'ù' | 'û' | 'ü' | 'Ú' | 'Ù' | 'Û' | 'Ü' => b'u',
            'ç' | 'Ç' => b'c',
            'ñ' | 'Ñ' => b'n',
            _ => return None,
        };
        if b == b' ' {
            space = n > 0;
            continue;
        }
        if space {
            *buf.get_mut(n)? = b' ';
            n += 1;
            space = false;
        }
        *buf.get_mut(n)? = b;
        n += 1;
    }
    std::str::from_utf8(buf.get(..n)?).ok()
}

/// How many of the first records are header rows: 0 when the first row is
/// data (pasted scores), 2 for SurveyMonkey's second row of answer labels,
/// else 1.
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
            if columns::is_second_header_row(&second) {
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
    let forced = match settings.kind.as_deref() {
        None | Some("") | Some("auto") => None,
        Some(k) => Some(k.parse::<Kind>().map_err(|_| {
            Error::settings(format!(
                "the kind “{k}” is not one of survey, tickets, subscriptions, spend, accounts, customers"
            ))
        })?),
    };
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

    let ctx = decide_styles(kind, mapping, headers, sample, settings)?;
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
    Ok((kind, accumulator, ctx.settings_out))
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
    let mut out = Map::new();
    out.insert("kind".into(), json!(kind.as_str()));
    out.insert("mapping".into(), json!(mapping));
    // Every field of the kind, so the page can offer to map any of them.
    let fields: Vec<&str> = Field::for_kind(kind).map(Field::as_str).collect();
    out.insert("fields".into(), json!(fields));

    let number_style = match settings.number_style.as_deref() {
        Some("dot") => NumberStyle::DotDecimal,
        Some("comma") => NumberStyle::CommaDecimal,
        Some(other) => {
            return Err(Error::settings(format!(
                "the number style “{other}” is not dot or comma"
            )))
        }
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
                out.insert("number_style_decided".into(), json!(false));
            }
            decision.style()
        }
    };
    out.insert(
        "number_style".into(),
        json!(match number_style {
            NumberStyle::DotDecimal => "dot",
            NumberStyle::CommaDecimal => "comma",
        }),
    );

    let forced_order = match settings.date_order.as_deref() {
        None => None,
        Some("day-first") => Some(DateStyle::DayFirst),
        Some("month-first") => Some(DateStyle::MonthFirst),
        Some(other) => {
            return Err(Error::settings(format!(
                "the date order “{other}” is not day-first or month-first"
            )))
        }
    };
    let mut date_styles = Vec::new();
    let mut dates_out = Map::new();
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
        dates_out.insert(entry.field.as_str().into(), json!(date_style_name(style)));
        date_styles.push((entry.field, style));
    }
    if !dates_out.is_empty() {
        out.insert("date_styles".into(), Value::Object(dates_out));
    }
    let cents = settings.amounts_in_cents.unwrap_or(false);
    if cents {
        out.insert("amounts_in_cents".into(), json!(true));
    }
    if !notices.is_empty() {
        out.insert("notices".into(), json!(notices));
    }
    Ok(Context {
        kind,
        by_field: by_field(&mapping, &date_styles),
        mapping,
        headers: headers.to_vec(),
        number_style,
        date_styles,
        cents,
        notices,
        settings_out: out,
    })
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
mod tests {
    use super::*;

    /// The per-field table gives what the mapping and date styles say.
    #[test]
    fn field_table_matches_mapping() {
        let headers: Vec<String> = [
            "Id",
            "Requester",
            "Status",
            "Created at",
            "Solved at",
            "Tags",
            "Updated at",
            "First reply time in minutes",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let sample = vec![(
            2,
            [
                "1",
                "a",
                "solved",
                "03/04/2024 10:00",
                "2024-03-05 11:00",
                "x",
                "",
                "5",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        )];
        let settings = Settings {
            date_order: Some("day-first".into()),
            ..Settings::default()
        };
        let (_, _, _) = open(&headers, 1, &sample, &settings).unwrap();
        let refs: Vec<&str> = headers.iter().map(String::as_str).collect();
        let mapping = columns::detect(&refs).mapping;
        let ctx = decide_styles(Kind::Tickets, mapping, &headers, &sample, &settings).unwrap();
        assert!(ctx.mapping.len() >= 5);
        for field in Field::all() {
            assert_eq!(ctx.column(field), ctx.mapping.get(field), "{field}");
            let style = ctx
                .date_styles
                .iter()
                .find(|(f, _)| *f == field)
                .map_or(DateStyle::Iso, |(_, s)| *s);
            assert_eq!(ctx.date_style(field), style, "{field}");
        }
        assert_eq!(ctx.date_style(Field::TicketCreatedAt), DateStyle::DayFirst);
    }
}
