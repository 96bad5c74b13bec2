//! The one output shape ([contract §8](crate::contract)), shared by the page, the JS API and the
//! command line. Serialised with stable snake_case keys.

use crate::metrics::Metric;
use serde::Serialize;
use serde_json::{Map, Value};

/// How many skipped rows are listed one by one; past this they are only
/// counted, so a file of garbage cannot grow the report without bound.
pub const SKIPPED_LIST_LIMIT: usize = 1000;

/// Row counts: `read == used + skipped`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "partials", derive(serde::Deserialize))]
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
#[cfg_attr(feature = "partials", derive(serde::Deserialize))]
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

/// How many unreadable cells of one field are listed as examples.
pub const CELL_EXAMPLES: usize = 5;

/// The unreadable cells of one field: the row still counted for every
/// figure that does not need this field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "partials", derive(serde::Deserialize))]
pub struct UnreadableCells {
    /// The field's id (as `--map` names it).
    pub field: String,
    /// The column's header name.
    pub column: String,
    /// How many cells of this field could not be read.
    pub count: u64,
    /// The first [`CELL_EXAMPLES`] of them: line, column, value, reason.
    pub examples: Vec<SkippedRow>,
}

/// Something the reader of a figure must know: a figure that rests on
/// part of the data, a column that lost cells, a guess that was made.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "partials", derive(serde::Deserialize))]
pub struct Warning {
    /// Stable code the page translates by (`figure_partial`,
    /// `cells_unreadable`, …).
    pub code: String,
    /// The sentence in English, as the CLI prints it.
    pub message: String,
    /// The ids of the figures it concerns (empty: the whole report).
    pub figures: Vec<String>,
    /// The values the sentence quotes, by name, for translations.
    pub params: Map<String, Value>,
}

/// Share of a field's cells that may be unreadable before a warning.
pub const CELLS_LOST_WARNING: f64 = 0.05;
/// Share of the rows that could feed a figure below which it is flagged.
pub const FIGURE_COVERAGE_WARNING: f64 = 0.9;

/// The report of one input ([contract §8](crate::contract)).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// `survey`, `tickets`, `subscriptions`, `spend`, `accounts` or
    /// `customers`.
    pub kind: String,
    /// Row counts.
    pub rows: Rows,
    /// The first [`SKIPPED_LIST_LIMIT`] rejected rows.
    pub skipped: Vec<SkippedRow>,
    /// Cells that could not be read, by field, in the order first met.
    pub unreadable_cells: Vec<UnreadableCells>,
    /// What the reader must know about the figures.
    pub warnings: Vec<Warning>,
    /// Guesses made from the data (a scale read from the values, a column
    /// left unmapped because its values do not fit): shown, and each can be
    /// overridden in the settings. Same shape as a warning.
    pub inferences: Vec<Warning>,
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
            unreadable_cells: Vec::new(),
            warnings: Vec::new(),
            inferences: Vec::new(),
            settings: Map::new(),
            metrics: Map::new(),
        }
    }

    /// Appends `later`, the report of the records right after this one's
    /// (reading in parts, [`crate::session::ranges`]): rows add up, the
    /// lists keep their first entries in file order, warnings their first
    /// appearance. The settings, inferences and figures stay this one's.
    #[cfg(feature = "partials")]
    pub fn merge(&mut self, later: Report) {
        self.rows.read += later.rows.read;
        self.rows.used += later.rows.used;
        self.rows.skipped += later.rows.skipped;
        let room = SKIPPED_LIST_LIMIT.saturating_sub(self.skipped.len());
        self.skipped.extend(later.skipped.into_iter().take(room));
        for cells in later.unreadable_cells {
            match self
                .unreadable_cells
                .iter_mut()
                .find(|c| c.field == cells.field)
            {
                Some(entry) => {
                    entry.count += cells.count;
                    let room = CELL_EXAMPLES.saturating_sub(entry.examples.len());
                    entry.examples.extend(cells.examples.into_iter().take(room));
                }
                None => self.unreadable_cells.push(cells),
            }
        }
        for w in later.warnings {
            if !self
                .warnings
                .iter()
                .any(|m| m.code == w.code && m.figures == w.figures && m.params == w.params)
            {
                self.warnings.push(w);
            }
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

    /// Records an unreadable cell of `field` in a row that is still used.
    pub fn bad_cell(&mut self, field: &str, line: u64, column: &str, value: &str, reason: &str) {
        let entry = match self.unreadable_cells.iter().position(|c| c.field == field) {
            Some(i) => &mut self.unreadable_cells[i],
            None => {
                self.unreadable_cells.push(UnreadableCells {
                    field: field.to_string(),
                    column: column.to_string(),
                    count: 0,
                    examples: Vec::new(),
                });
                let last = self.unreadable_cells.len() - 1;
                &mut self.unreadable_cells[last]
            }
        };
        entry.count += 1;
        if entry.examples.len() < CELL_EXAMPLES {
            entry.examples.push(SkippedRow {
                line,
                column: column.to_string(),
                value: value.to_string(),
                reason: reason.to_string(),
            });
        }
    }

    /// Adds a warning (once per code and figures).
    pub fn warn(
        &mut self,
        code: &str,
        message: String,
        figures: &[&str],
        params: Map<String, Value>,
    ) {
        let figures: Vec<String> = figures.iter().map(|f| f.to_string()).collect();
        if self
            .warnings
            .iter()
            .any(|w| w.code == code && w.figures == figures && w.params == params)
        {
            return;
        }
        self.warnings.push(Warning {
            code: code.to_string(),
            message,
            figures,
            params,
        });
    }

    /// Records a guess made from the data (see [`Report::inferences`]).
    pub fn infer(
        &mut self,
        code: &str,
        message: String,
        figures: &[&str],
        params: Map<String, Value>,
    ) {
        self.inferences.push(Warning {
            code: code.to_string(),
            message,
            figures: figures.iter().map(|f| f.to_string()).collect(),
            params,
        });
    }

    /// Flags `figures` when they rest on fewer than
    /// [`FIGURE_COVERAGE_WARNING`] of the `eligible` rows that could feed
    /// them: `used` of `eligible` `what` (a plural noun, “tickets”).
    pub fn warn_coverage(&mut self, figures: &[&str], used: u64, eligible: u64, what: &str) {
        if eligible == 0 || used as f64 >= FIGURE_COVERAGE_WARNING * eligible as f64 {
            return;
        }
        let share = used as f64 / eligible as f64;
        let mut params = Map::new();
        params.insert("used".into(), Value::from(used));
        params.insert("eligible".into(), Value::from(eligible));
        params.insert("what".into(), Value::from(what));
        self.warn(
            "figure_partial",
            format!(
                "rests on {used} of {eligible} {what} ({:.1} %): the others lack a readable value for it.",
                share * 100.0
            ),
            figures,
            params,
        );
    }

    /// Warns for each field that lost more than [`CELLS_LOST_WARNING`] of
    /// the rows read to unreadable cells. Called once, when the report is done.
    pub fn warn_lost_cells(&mut self) {
        let read = self.rows.read;
        if read == 0 {
            return;
        }
        let lost: Vec<(String, String, u64)> = self
            .unreadable_cells
            .iter()
            .filter(|c| c.count as f64 > CELLS_LOST_WARNING * read as f64)
            .map(|c| (c.field.clone(), c.column.clone(), c.count))
            .collect();
        for (field, column, count) in lost {
            let mut params = Map::new();
            params.insert("field".into(), Value::from(field.as_str()));
            params.insert("column".into(), Value::from(column.as_str()));
            params.insert("count".into(), Value::from(count));
            params.insert("read".into(), Value::from(read));
            self.warn(
                "cells_unreadable",
                format!(
                    "“{column}” could not be read in {count} of {read} rows ({:.1} %); those rows count for every figure that does not need it.",
                    count as f64 * 100.0 / read as f64
                ),
                &[],
                params,
            );
        }
    }

    /// Sets the figures of a kind from its one typed struct, serialised
    /// once: each field becomes `metrics[field]` (replacing a figure of the
    /// same id, leaving the others).
    ///
    /// ```
    /// use cxmetrics::report::{Figure, Report};
    /// #[derive(serde::Serialize)]
    /// struct Figures { tickets: Figure<u64>, rate: Figure }
    /// let mut r = Report::new("tickets");
    /// r.metrics.insert("kept".into(), serde_json::json!(1));
    /// r.set_metrics(&Figures { tickets: Figure::plain(Ok(14)), rate: Figure::plain(Ok(0.5)) });
    /// assert_eq!(serde_json::to_string(&r.metrics).unwrap(),
    ///            r#"{"kept":1,"rate":{"value":0.5},"tickets":{"value":14}}"#);
    /// ```
    pub fn set_metrics<T: Serialize + ?Sized>(&mut self, figures: &T) {
        if let Value::Object(map) = to_json(figures) {
            self.metrics.extend(map);
        }
    }

    /// Adds a kind's part of the settings from its one typed struct,
    /// serialised once: each field becomes `settings[field]` (beside the
    /// format, mapping and other settings the session records).
    ///
    /// ```
    /// use cxmetrics::report::Report;
    /// #[derive(serde::Serialize)]
    /// struct Used { sla_minutes: f64, #[serde(skip_serializing_if = "Option::is_none")] scale: Option<&'static str> }
    /// let mut r = Report::new("tickets");
    /// r.settings.insert("kind".into(), serde_json::json!("tickets"));
    /// r.set_settings(&Used { sla_minutes: 60.0, scale: None });
    /// assert_eq!(serde_json::to_string(&r.settings).unwrap(), r#"{"kind":"tickets","sla_minutes":60.0}"#);
    /// ```
    pub fn set_settings<T: Serialize + ?Sized>(&mut self, used: &T) {
        if let Value::Object(map) = to_json(used) {
            self.settings.extend(map);
        }
    }

    /// The report as JSON text, exactly as the page and `--json` print it.
    pub fn to_json(&self) -> String {
        // No `expect`: it would keep serde_json's `Debug` (and the Unicode
        // tables behind `str`'s) in the wasm for an error that cannot occur.
        serde_json::to_string(self).unwrap_or_else(|_| panic!("a report always serialises"))
    }
}

/// One figure of a report ([contract §8.2](crate::contract)): its value, or
/// why it has none, and its own details beside it.
///
/// `V` is the value's type (`f64` for rates and durations, `u64` for
/// counts: a count serialises as `14`, a rate as `0.5`); `D` is a struct of
/// the figure's own fields, serialised next to `value` (flattened). An
/// undefined value serialises as `"value": null` with `reason`, `code` and
/// any `params` ([`crate::metrics::Undefined`]).
///
/// ```
/// use cxmetrics::metrics::{Undefined, Why};
/// use cxmetrics::report::{Figure, NoDetails};
/// use serde::Serialize;
///
/// #[derive(Serialize)]
/// struct Counts { solved: u64 }
///
/// let f = Figure::new(Ok(14u64), Counts { solved: 10 });
/// assert_eq!(serde_json::to_string(&f).unwrap(), r#"{"solved":10,"value":14}"#);
///
/// const NO_START: Why = Why::new("no_customers_at_start", "no customers at the start");
/// let none: Figure = Figure::plain(Err(NO_START.into()));
/// assert_eq!(
///     serde_json::to_string(&none).unwrap(),
///     r#"{"value":null,"reason":"no customers at the start","code":"no_customers_at_start"}"#
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure<V: Serialize = f64, D: Serialize = NoDetails> {
    /// The figure's own fields, beside `value`.
    #[serde(flatten)]
    pub details: D,
    /// The value, or why there is none.
    #[serde(flatten)]
    pub value: Outcome<V>,
}

impl<V: Serialize, D: Serialize> Figure<V, D> {
    /// A figure with its details.
    pub fn new(value: Metric<V>, details: D) -> Self {
        Figure {
            details,
            value: Outcome(value),
        }
    }
}

impl<V: Serialize> Figure<V, NoDetails> {
    /// A figure with no details of its own.
    pub fn plain(value: Metric<V>) -> Self {
        Figure::new(value, NoDetails {})
    }
}

/// No details beside the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct NoDetails {}

/// A [`Metric`] as the `value` of a figure: `{"value": x}`, or
/// `{"value": null, "reason": "…", "code": "…"}` plus `params` when the
/// reason names values.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome<V>(pub Metric<V>);

impl<V: Serialize> Serialize for Outcome<V> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_metric(&self.0, serializer)
    }
}

/// Serialises a [`Metric`] as [`Outcome`] does, for a `Metric` field of a
/// report struct (`#[serde(serialize_with = "serialize_metric")]`).
pub fn serialize_metric<V: Serialize, S: serde::Serializer>(
    metric: &Metric<V>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    match metric {
        Ok(v) => {
            let mut map = serializer.serialize_map(Some(1))?;
            map.serialize_entry("value", v)?;
            map.end()
        }
        Err(u) => {
            let mut map = serializer.serialize_map(None)?;
            map.serialize_entry("value", &())?;
            map.serialize_entry("reason", &u.reason)?;
            map.serialize_entry("code", u.code)?;
            if !u.params.is_empty() {
                map.serialize_entry("params", &u.params)?;
            }
            map.end()
        }
    }
}

/// A figure given whole by a metric's own result struct when it is
/// defined (the struct carries `value` and its details, as
/// [`crate::metrics::survey::Csat`] does), or by the reason with `D`
/// beside it when it is not: the metric's struct serialised as it is,
/// rather than copied field by field into details.
///
/// ```
/// use cxmetrics::metrics::survey::csat_from_counts;
/// use cxmetrics::report::Whole;
/// use serde::Serialize;
///
/// #[derive(Serialize)]
/// struct Responses { n: u64 }
///
/// let ok = Whole::new(csat_from_counts(3, 4), Responses { n: 0 });
/// let text = serde_json::to_string(&ok).unwrap();
/// assert!(text.starts_with(r#"{"value":0.75,"satisfied":3,"n":4,"#), "{text}");
/// let none = Whole::new(csat_from_counts(0, 0), Responses { n: 0 });
/// assert_eq!(
///     serde_json::to_string(&none).unwrap(),
///     r#"{"n":0,"value":null,"reason":"no CSAT responses","code":"no_csat_responses"}"#
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Whole<T: Serialize, D: Serialize = NoDetails> {
    /// The metric's result struct, `value` included.
    Defined(T),
    /// `"value": null` with the reason, and `D` beside it.
    Undefined(Figure<(), D>),
}

impl<T: Serialize, D: Serialize> Whole<T, D> {
    /// The result's struct when defined, else its reason with `otherwise`.
    pub fn new(result: Metric<T>, otherwise: D) -> Self {
        match result {
            Ok(t) => Whole::Defined(t),
            Err(u) => Whole::Undefined(Figure::new(Err(u), otherwise)),
        }
    }
}

/// A serialisable struct as a JSON object: its fields by name (empty when
/// it does not serialise as an object).
pub fn to_object<T: Serialize + ?Sized>(value: &T) -> Map<String, Value> {
    match to_json(value) {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

pub use crate::time::{datetime_id, day_id, month_id};

/// Any serialisable value as JSON, exactly as `serde_json::to_value`
/// gives it (`null` in place of an error, which none of our types raise).
/// Out of line: one copy for the many callers in the wasm.
#[inline(never)]
pub fn to_json<T: Serialize + ?Sized>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}
