//! Pure metric math ([contract §1–§6](crate::contract)): plain numbers in, figures out.
//!
//! No parsing, no I/O. Every function returns [`Metric`]: either a finite
//! value or [`Undefined`] with the sentence the page shows. NaN and infinity
//! never leave this module.

pub mod acquisition;
pub mod churn;
pub mod revenue;
pub mod scenario;
pub mod sla;
pub mod stats;
pub mod success;
pub mod survey;

use serde::Serialize;

/// Why a figure has no value: a stable `code` the page translates by, and
/// one English sentence a user can act on (what the CLI prints).
///
/// ```
/// use cxmetrics::metrics::Undefined;
/// let u = Undefined::new("no_new_customers", "no new customers in the period");
/// assert_eq!(u.code, "no_new_customers");
/// assert_eq!(u.reason, "no new customers in the period");
/// let u = u.with_param("period", "before");
/// assert_eq!(u.params["period"], "before");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Undefined {
    /// The stable identifier of the reason (snake_case); listed with its
    /// sentence in docs/metrics.md §7.7.
    pub code: &'static str,
    /// The sentence shown in place of the number.
    pub reason: String,
    /// The values the sentence names (a period, a field, a count), for a
    /// translation of `code`; empty for most reasons.
    #[serde(skip_serializing_if = "serde_json::Map::is_empty")]
    pub params: serde_json::Map<String, serde_json::Value>,
}

impl Undefined {
    /// An undefined result with its code and reason.
    pub fn new(code: &'static str, reason: impl Into<String>) -> Self {
        Undefined {
            code,
            reason: reason.into(),
            params: serde_json::Map::new(),
        }
    }

    /// The same reason naming one more value (`key` in a translation).
    pub fn with_param(mut self, key: &str, value: impl Into<serde_json::Value>) -> Self {
        self.params.insert(key.to_string(), value.into());
        self
    }

    /// The same code and parameters, the sentence prefixed with `context`
    /// (`before: no survey responses`), which also becomes the parameter
    /// `context`.
    pub fn within(self, context: &'static str) -> Self {
        let reason = format!("{context}: {}", self.reason);
        Undefined {
            reason,
            ..self.with_param("context", context)
        }
    }
}

impl std::fmt::Display for Undefined {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.reason)
    }
}

/// A reason known when the code is written: its stable code and sentence,
/// kept together as a constant so that a reason is declared once.
///
/// ```
/// use cxmetrics::metrics::{ratio, Why};
/// const NO_START: Why = Why::new("no_customers_at_start", "no customers at the start");
/// let u = ratio(1.0, 0.0, NO_START).unwrap_err();
/// assert_eq!((u.code, u.reason.as_str()), (NO_START.code, NO_START.reason));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Why {
    /// The stable identifier (snake_case).
    pub code: &'static str,
    /// The English sentence.
    pub reason: &'static str,
}

impl Why {
    /// A reason with its code.
    pub const fn new(code: &'static str, reason: &'static str) -> Self {
        Why { code, reason }
    }
}

impl std::fmt::Display for Why {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.reason)
    }
}

impl From<Why> for Undefined {
    fn from(why: Why) -> Self {
        Undefined::new(why.code, why.reason)
    }
}

/// A metric result: a value, or the reason there is none.
pub type Metric<T> = Result<T, Undefined>;

/// Guards a computed number: finite passes, anything else becomes undefined
/// with `why`. Every division in this module ends in `finite` or an
/// explicit zero check, so NaN and infinity cannot escape.
///
/// ```
/// use cxmetrics::metrics::{finite, Why};
/// const TOO_LARGE: Why = Why::new("too_large", "too large to compute");
/// assert_eq!(finite(1.5, TOO_LARGE), Ok(1.5));
/// assert_eq!(finite(f64::NAN, TOO_LARGE).unwrap_err().code, "too_large");
/// ```
pub fn finite(x: f64, why: Why) -> Metric<f64> {
    if x.is_finite() {
        Ok(x)
    } else {
        Err(why.into())
    }
}

/// `numerator ÷ denominator`, undefined with `why` when the denominator is
/// zero (or the quotient is not finite).
///
/// ```
/// use cxmetrics::metrics::{ratio, Why};
/// const NO_START: Why = Why::new("no_customers_at_start", "no customers at the start");
/// assert_eq!(ratio(10.0, 200.0, NO_START), Ok(0.05));
/// assert!(ratio(1.0, 0.0, NO_START).is_err());
/// ```
pub fn ratio(numerator: f64, denominator: f64, why: Why) -> Metric<f64> {
    if denominator == 0.0 || !denominator.is_finite() || !numerator.is_finite() {
        return Err(why.into());
    }
    finite(numerator / denominator, why)
}

/// Sorts `v` stably by `cmp`, through the one compiled instance of the
/// standard library's stable sort that orders positions (`usize`) with a
/// `dyn` comparator. Each element type and comparator given to
/// `slice::sort_by` compiles its own driftsort, about 5 KB of wasm each:
/// the report's short lists (months, categories, candidate columns) share
/// this one (benches/README.md, "Wasm size"). Long, hot sorts (durations,
/// subscription rows) call the standard sort directly.
///
/// ```
/// let mut v = vec![(2, 'a'), (1, 'b'), (2, 'c'), (1, 'd')];
/// cxmetrics::metrics::sort_stable_by(&mut v, |a, b| a.0.cmp(&b.0));
/// assert_eq!(v, [(1, 'b'), (1, 'd'), (2, 'a'), (2, 'c')]);
/// ```
pub fn sort_stable_by<T>(v: &mut Vec<T>, cmp: impl Fn(&T, &T) -> std::cmp::Ordering) {
    let mut order: Vec<usize> = (0..v.len()).collect();
    sort_positions(&mut order, &|a, b| match (v.get(a), v.get(b)) {
        (Some(x), Some(y)) => cmp(x, y),
        _ => std::cmp::Ordering::Equal,
    });
    let mut slots: Vec<Option<T>> = v.drain(..).map(Some).collect();
    v.extend(
        order
            .into_iter()
            .filter_map(|i| slots.get_mut(i).and_then(Option::take)),
    );
}

/// The one stable sort of positions behind [`sort_stable_by`].
#[inline(never)]
fn sort_positions(order: &mut [usize], cmp: &dyn Fn(usize, usize) -> std::cmp::Ordering) {
    order.sort_by(|a, b| cmp(*a, *b));
}

/// An input that must be a finite number of zero or more (a spend, an
/// ARPA), or undefined with code `input_negative` naming `what`.
pub(crate) fn non_negative(x: f64, what: &str) -> Metric<f64> {
    if x.is_finite() && x >= 0.0 {
        Ok(x)
    } else {
        Err(Undefined::new(
            "input_negative",
            format!("{what} must be a number of zero or more"),
        )
        .with_param("input", what))
    }
}

/// An input that must be a fraction from 0 to 1 (a margin, a churn rate),
/// or undefined with code `input_not_a_fraction` naming `what`.
pub(crate) fn fraction(x: f64, what: &str) -> Metric<f64> {
    if x.is_finite() && (0.0..=1.0).contains(&x) {
        Ok(x)
    } else {
        Err(Undefined::new(
            "input_not_a_fraction",
            format!("{what} must be between 0 % and 100 %"),
        )
        .with_param("input", what))
    }
}
