//! The one output shape (SPEC §8), shared by the page, the JS API and the
//! command line. Serialised with stable snake_case keys.

use crate::metrics::Metric;
use serde::Serialize;
use serde_json::{Map, Value};

/// How many skipped rows are listed one by one; past this they are only
/// counted, so a file of garbage cannot grow the report without bound.
pub const SKIPPED_LIST_LIMIT: usize = 1000;

/// Row counts: `read == used + skipped`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Rows {
    /// Data rows read (header rows excluded).
    pub read: u64,
    /// Rows that fed the metrics.
    pub used: u64,
    /// Rows rejected, each listed in `skipped` (up to [`SKIPPED_LIST_LIMIT`]).
    pub skipped: u64,
}

/// One rejected row: where, what, why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SkippedRow {
    /// 1-based physical line where the record starts.
    pub line: u64,
    /// The column's header name.
    pub column: String,
    /// The offending value, as read.
    pub value: String,
    /// Why it was rejected, one sentence.
    pub reason: String,
}

/// The report of one input (SPEC §8).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// `survey`, `tickets`, `subscriptions`, `spend` or `accounts`.
    pub kind: String,
    /// Row counts.
    pub rows: Rows,
    /// The first [`SKIPPED_LIST_LIMIT`] rejected rows.
    pub skipped: Vec<SkippedRow>,
    /// Every assumption used: format, mapping, scales, targets, as-of time.
    pub settings: Map<String, Value>,
    /// Figures by stable id.
    pub metrics: Map<String, Value>,
}

impl Report {
    /// An empty report of `kind`.
    pub fn new(kind: &str) -> Self {
        Report {
            kind: kind.to_string(),
            rows: Rows::default(),
            skipped: Vec::new(),
            settings: Map::new(),
            metrics: Map::new(),
        }
    }

    /// Records a rejected row (listed while under the limit, always counted).
    pub fn skip(&mut self, line: u64, column: &str, value: &str, reason: &str) {
        self.rows.skipped += 1;
        if self.skipped.len() < SKIPPED_LIST_LIMIT {
            self.skipped.push(SkippedRow {
                line,
                column: column.to_string(),
                value: value.to_string(),
                reason: reason.to_string(),
            });
        }
    }

    /// The report as JSON text, exactly as the page and `--json` print it.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a report always serialises")
    }
}

/// A figure (SPEC §8): `{"value": x}` or `{"value": null, "reason": "…"}`,
/// plus metric-specific fields from `extra` (an object; other values are
/// ignored).
///
/// ```
/// use cxmetrics::metrics::{Metric, Undefined};
/// use cxmetrics::report::figure;
/// let ok: Metric<f64> = Ok(0.05);
/// assert_eq!(figure(&ok, serde_json::json!({})).to_string(), r#"{"value":0.05}"#);
/// let no: Metric<f64> = Err(Undefined::new("no customers at the start"));
/// assert_eq!(
///     figure(&no, serde_json::json!({"n": 0})).to_string(),
///     r#"{"n":0,"reason":"no customers at the start","value":null}"#
/// );
/// ```
pub fn figure(metric: &Metric<f64>, extra: Value) -> Value {
    let mut object = match extra {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    match metric {
        Ok(v) => {
            object.insert("value".into(), number(*v));
        }
        Err(u) => {
            object.insert("value".into(), Value::Null);
            object.insert("reason".into(), Value::String(u.reason.clone()));
        }
    }
    Value::Object(object)
}

/// A finite number as JSON (non-finite becomes `null`; metrics never give one).
pub fn number(x: f64) -> Value {
    serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number)
}

/// `YYYY-MM`, the month id used in reports and share links. Written by
/// hand rather than with chrono's `format`, whose format-string machinery
/// adds ~30 KB to the wasm.
///
/// ```
/// use chrono::NaiveDate;
/// assert_eq!(cxmetrics::report::month_id(NaiveDate::from_ymd_opt(2024, 3, 9).unwrap()), "2024-03");
/// ```
pub fn month_id(date: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!("{:04}-{:02}", date.year(), date.month())
}

/// `YYYY-MM-DD`.
///
/// ```
/// use chrono::NaiveDate;
/// assert_eq!(cxmetrics::report::day_id(NaiveDate::from_ymd_opt(2024, 3, 9).unwrap()), "2024-03-09");
/// ```
pub fn day_id(date: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
}

/// `YYYY-MM-DDTHH:MM:SS` of a naive date-time.
///
/// ```
/// use chrono::NaiveDate;
/// let t = NaiveDate::from_ymd_opt(2024, 3, 9).unwrap().and_hms_opt(7, 5, 0).unwrap();
/// assert_eq!(cxmetrics::report::datetime_id(t), "2024-03-09T07:05:00");
/// ```
pub fn datetime_id(t: chrono::NaiveDateTime) -> String {
    use chrono::Timelike;
    format!(
        "{}T{:02}:{:02}:{:02}",
        day_id(t.date()),
        t.hour(),
        t.minute(),
        t.second()
    )
}
