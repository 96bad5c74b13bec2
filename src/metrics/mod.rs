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
pub mod tickets;

use serde::Serialize;

/// Why a figure has no value, in one sentence a user can act on.
///
/// ```
/// use cxmetrics::metrics::Undefined;
/// let u = Undefined::new("no new customers in the period");
/// assert_eq!(u.reason, "no new customers in the period");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Undefined {
    /// The sentence shown in place of the number.
    pub reason: String,
}

impl Undefined {
    /// An undefined result with its reason.
    pub fn new(reason: impl Into<String>) -> Self {
        Undefined {
            reason: reason.into(),
        }
    }
}

impl std::fmt::Display for Undefined {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.reason)
    }
}

/// A metric result: a value, or the reason there is none.
pub type Metric<T> = Result<T, Undefined>;

/// Guards a computed number: finite passes, anything else becomes undefined
/// with `reason`. Every division in this module ends in `finite` or an
/// explicit zero check, so NaN and infinity cannot escape.
///
/// ```
/// use cxmetrics::metrics::finite;
/// assert_eq!(finite(1.5, "x"), Ok(1.5));
/// assert!(finite(f64::NAN, "too large to compute").is_err());
/// ```
pub fn finite(x: f64, reason: &str) -> Metric<f64> {
    if x.is_finite() {
        Ok(x)
    } else {
        Err(Undefined::new(reason))
    }
}

/// `numerator ÷ denominator`, undefined with `reason` when the denominator is
/// zero (or the quotient is not finite).
///
/// ```
/// use cxmetrics::metrics::ratio;
/// assert_eq!(ratio(10.0, 200.0, "no customers at the start"), Ok(0.05));
/// assert!(ratio(1.0, 0.0, "no customers at the start").is_err());
/// ```
pub fn ratio(numerator: f64, denominator: f64, reason: &str) -> Metric<f64> {
    if denominator == 0.0 || !denominator.is_finite() || !numerator.is_finite() {
        return Err(Undefined::new(reason));
    }
    finite(numerator / denominator, reason)
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
