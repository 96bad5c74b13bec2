//! The rows the core used, as a clean typed table (`cxmetrics typed`):
//! one column per mapped field, named by the field id (`created_at`,
//! `score`, `customer`, `mrr` …), each cell the value the core read from
//! it — timestamps as ISO 8601 in UTC (`2024-03-04T09:30:00Z`), numbers,
//! money and minutes as plain decimals (`{}` of the `f64`: the shortest
//! text that reads back the same), yes/no as `true`/`false`, text
//! trimmed. A cell that was empty, or could not be read or was voided for
//! its row (listed in the report's `unreadable_cells`), is empty; a
//! skipped row is not written.
//!
//! This is the table the SQL of `cxmetrics sql` runs over in the tests
//! (issue #16): the same rows, the same values, typed by the core, so any
//! difference is the SQL's.

use super::{field_type, Context, FieldType, Row};
use crate::figures::csv_cell;
use crate::ingest::columns::Field;
use crate::ingest::reader::Record;
use crate::metrics::survey::CsatScale;
use crate::report::Report;

/// The SQL type of a typed column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    /// Text.
    Varchar,
    /// A double-precision number (numbers, money, minutes).
    Double,
    /// A timestamp without time zone, in UTC.
    Timestamp,
    /// Yes/no.
    Boolean,
}

impl ColumnType {
    /// The type's SQL name: `VARCHAR`, `DOUBLE`, `TIMESTAMP`, `BOOLEAN`.
    pub fn as_str(self) -> &'static str {
        match self {
            ColumnType::Varchar => "VARCHAR",
            ColumnType::Double => "DOUBLE",
            ColumnType::Timestamp => "TIMESTAMP",
            ColumnType::Boolean => "BOOLEAN",
        }
    }
}

/// The typed rows of one input, written as CSV as they come.
#[derive(Debug, Clone)]
pub struct TypedRows {
    columns: Vec<(Field, ColumnType)>,
    /// The CSV written so far (header first).
    out: String,
    /// Unreadable cells per field before the current record.
    before: Vec<(String, u64)>,
    skipped_before: u64,
}

impl TypedRows {
    /// The table of the mapped fields of `ctx`; `csat_scale` is the user's
    /// setting (a survey's CSAT read as good/bad words, set or inferred,
    /// keeps its words, as text).
    pub fn new(ctx: &Context, csat_scale: Option<CsatScale>) -> Self {
        let good_bad = csat_scale.or(ctx.csat_scale) == Some(CsatScale::GoodBad);
        let columns: Vec<(Field, ColumnType)> = Field::for_kind(ctx.kind)
            .filter(|f| ctx.column(*f).is_some())
            .map(|f| {
                let t = match field_type(f) {
                    FieldType::Text => ColumnType::Varchar,
                    FieldType::Number if f == Field::Csat && good_bad => ColumnType::Varchar,
                    FieldType::Number | FieldType::Money | FieldType::Minutes => ColumnType::Double,
                    FieldType::Time => ColumnType::Timestamp,
                    FieldType::Boolean => ColumnType::Boolean,
                };
                (f, t)
            })
            .collect();
        let header: Vec<&str> = columns.iter().map(|(f, _)| f.as_str()).collect();
        TypedRows {
            out: header.join(",") + "\n",
            columns,
            before: Vec::new(),
            skipped_before: 0,
        }
    }

    /// Each column's field id and SQL type, in the table's order.
    pub fn schema(&self) -> Vec<(&'static str, ColumnType)> {
        self.columns.iter().map(|(f, t)| (f.as_str(), *t)).collect()
    }

    /// Notes the report before a record is pushed to the accumulator.
    pub fn before(&mut self, report: &Report) {
        self.skipped_before = report.rows.skipped;
        self.before.clear();
        self.before.extend(
            report
                .unreadable_cells
                .iter()
                .map(|c| (c.field.clone(), c.count)),
        );
    }

    /// Writes `record` as the accumulator took it: nothing when it was
    /// skipped, else its cells, those voided empty.
    pub fn after(&mut self, record: &Record, ctx: &Context, report: &Report) {
        if report.rows.skipped != self.skipped_before {
            return;
        }
        let voided = |field: &str| {
            let now = report
                .unreadable_cells
                .iter()
                .find(|c| c.field == field)
                .map_or(0, |c| c.count);
            let was = self
                .before
                .iter()
                .find(|(f, _)| f == field)
                .map_or(0, |(_, n)| *n);
            now != was
        };
        let row = Row::new(record, ctx);
        let mut line = String::new();
        for (i, (field, t)) in self.columns.iter().enumerate() {
            if i > 0 {
                line.push(',');
            }
            if voided(field.as_str()) {
                continue;
            }
            line.push_str(&cell(&row, *field, *t).unwrap_or_default());
        }
        self.out.push_str(&line);
        self.out.push('\n');
    }

    /// The CSV written so far, taken (the next call gives what follows).
    pub fn take(&mut self) -> String {
        std::mem::take(&mut self.out)
    }
}

/// The typed text of `field`'s cell in `row`; `None` when empty or
/// unreadable.
fn cell(row: &Row, field: Field, t: ColumnType) -> Option<String> {
    let number = |x: f64| x.is_finite().then(|| x.to_string());
    match (t, field_type(field)) {
        (ColumnType::Varchar, _) => row.text(field).map(csv_cell),
        (_, FieldType::Number) => row.number(field).ok()?.and_then(number),
        (_, FieldType::Money) => row.money(field).ok()?.and_then(number),
        (_, FieldType::Minutes) => row.minutes(field).ok()?.and_then(number),
        // A spend period written as a month (`2024-01`, `01/2024`) is read
        // as that month by the spend figures: its first day at 00:00.
        (_, FieldType::Time) if field == Field::SpendDate => {
            match row.text(field).and_then(crate::datasets::spend::month_key) {
                Some(k) => Some(format!("{:04}-{:02}-01T00:00:00Z", k / 100, k % 100)),
                None => row.time(field).ok()?.and_then(iso_utc),
            }
        }
        (_, FieldType::Time) => row.time(field).ok()?.and_then(iso_utc),
        (_, FieldType::Boolean) => row.boolean(field).ok()?.map(|b| b.to_string()),
        (_, FieldType::Text) => row.text(field).map(csv_cell),
    }
}

/// `YYYY-MM-DDTHH:MM:SSZ` for seconds since 1970; `None` outside years
/// 0–9999, which no engine's timestamp holds alike.
///
/// ```
/// use cxmetrics::datasets::typed::iso_utc;
/// assert_eq!(iso_utc(1_709_544_600).as_deref(), Some("2024-03-04T09:30:00Z"));
/// assert_eq!(iso_utc(-1).as_deref(), Some("1969-12-31T23:59:59Z"));
/// assert_eq!(iso_utc(i64::MAX), None);
/// ```
pub fn iso_utc(t: i64) -> Option<String> {
    use chrono::{Datelike, Timelike};
    let d = chrono::DateTime::from_timestamp(t, 0)?;
    (0..=9999).contains(&d.year()).then(|| {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            d.year(),
            d.month(),
            d.day(),
            d.hour(),
            d.minute(),
            d.second()
        )
    })
}
