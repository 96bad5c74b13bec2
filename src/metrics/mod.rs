//! Pure metric math ([contract §1–§6](crate::contract)): plain numbers in, figures out.
//!
//! No parsing, no I/O. Every function returns [`Metric`]: either a finite
//! value or [`Undefined`] with the sentence the page shows. NaN and infinity
//! never leave this module.

pub mod acquisition;
pub mod churn;
pub mod revenue;
pub mod scenario;
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

/// Sorts `v` stably by `cmp`, like `slice::sort_by`.
///
/// Every caller shares one non-generic sort of indices: the standard sorts
/// are instantiated per element type and comparator (~5 KB of wasm each),
/// and these end-of-input sorts of months, labels and categories are not
/// hot. Ties keep their input order.
///
/// ```
/// let mut v = vec![(2, 'a'), (1, 'b'), (2, 'c'), (0, 'd')];
/// cxmetrics::metrics::sort_by(&mut v, |a, b| a.0.cmp(&b.0));
/// assert_eq!(v, [(0, 'd'), (1, 'b'), (2, 'a'), (2, 'c')]);
/// ```
pub fn sort_by<T>(v: &mut Vec<T>, cmp: impl Fn(&T, &T) -> std::cmp::Ordering) {
    if v.len() < 2 {
        return;
    }
    let order = sorted_order(v.len(), &|a, b| cmp(&v[a], &v[b]));
    let mut slots: Vec<Option<T>> = v.drain(..).map(Some).collect();
    v.extend(
        order
            .into_iter()
            .filter_map(|i| slots.get_mut(i).and_then(Option::take)),
    );
}

/// The indices `0..n` in the stable order given by `cmp`: a bottom-up merge
/// sort, a few hundred bytes of wasm where the standard sort of even one
/// element type takes several kilobytes.
#[inline(never)]
fn sorted_order(n: usize, cmp: &dyn Fn(usize, usize) -> std::cmp::Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    let mut merged = vec![0; n];
    let mut width = 1;
    while width < n {
        for start in (0..n).step_by(2 * width) {
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            let (mut i, mut j) = (start, mid);
            for slot in &mut merged[start..end] {
                // Take from the right run only when strictly smaller: stable.
                if j < end && (i >= mid || cmp(order[j], order[i]).is_lt()) {
                    *slot = order[j];
                    j += 1;
                } else {
                    *slot = order[i];
                    i += 1;
                }
            }
        }
        std::mem::swap(&mut order, &mut merged);
        width *= 2;
    }
    order
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        /// The shared merge sort is the standard stable sort.
        #[test]
        fn sort_by_is_the_standard_stable_sort(keys in proptest::collection::vec(0u8..8, 0..200)) {
            let items: Vec<(u8, usize)> = keys.into_iter().zip(0..).collect();
            let mut ours = items.clone();
            super::sort_by(&mut ours, |a, b| a.0.cmp(&b.0));
            let mut std = items;
            std.sort_by_key(|a| a.0);
            prop_assert_eq!(ours, std);
        }
    }
}
