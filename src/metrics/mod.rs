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
