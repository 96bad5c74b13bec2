//! Customer Effort Score ([contract §3](crate::contract)): the mean effort on its scale and the
//! share of low-effort answers.

use super::is_whole_score;
use crate::metrics::{Metric, Undefined, Why};
use serde::Serialize;

/// Why a CES with no responses is undefined (also written by the SQL, `crate::sql::reasons`).
pub const NO_CES_RESPONSES_REASON: Why = Why::new("no_ces_responses", "no CES responses");

/// Reason a 1–7 CES answer is rejected.
pub const CES_1_7_REASON: &str = "a CES score on the 1–7 scale must be a whole number from 1 to 7";
/// Reason a 1–5 CES answer is rejected.
pub const CES_1_5_REASON: &str = "a CES score on the 1–5 scale must be a whole number from 1 to 5";

/// The answer scale of a Customer Effort Score question; higher = easier.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "partials", derive(serde::Deserialize))]
#[serde(rename_all = "snake_case")]
pub enum CesScale {
    /// 1–7 (the default); low effort = 5, 6 or 7.
    #[default]
    OneToSeven,
    /// 1–5; low effort = 4 or 5.
    OneToFive,
}

impl CesScale {
    /// The scale's name as set and shown: `1-7` or `1-5`.
    pub fn name(self) -> &'static str {
        match self {
            CesScale::OneToSeven => "1-7",
            CesScale::OneToFive => "1-5",
        }
    }

    /// The scale whole-number answers from `min` to `max` fit: 1–5 when
    /// `max` ≤ 5, 1–7 when it is 6 or 7; `None` outside 1–7.
    ///
    /// ```
    /// use cxmetrics::metrics::survey::CesScale;
    /// assert_eq!(CesScale::fitting(1, 4), Some(CesScale::OneToFive));
    /// assert_eq!(CesScale::fitting(2, 7), Some(CesScale::OneToSeven));
    /// assert_eq!(CesScale::fitting(0, 7), None);
    /// ```
    pub fn fitting(min: i64, max: i64) -> Option<CesScale> {
        match (min, max) {
            (1.., ..=5) => Some(CesScale::OneToFive),
            (1.., 6..=7) => Some(CesScale::OneToSeven),
            _ => None,
        }
    }

    /// Highest score on the scale.
    pub fn max(self) -> u8 {
        match self {
            CesScale::OneToSeven => 7,
            CesScale::OneToFive => 5,
        }
    }

    /// Lowest score counted as "low effort" (easy).
    pub fn low_effort_from(self) -> u8 {
        match self {
            CesScale::OneToSeven => 5,
            CesScale::OneToFive => 4,
        }
    }
}

/// A Customer Effort Score result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ces {
    /// Mean effort score (on the scale; higher = easier).
    pub value: f64,
    /// Valid answers.
    pub n: u64,
    /// Share of answers in the low-effort top of the scale (fraction).
    pub share_low_effort: f64,
}

/// Streaming CES ([contract §3](crate::contract)): one answer at a time, keeping the per-score
/// counts.
///
/// Formula: value = Σ scores ÷ n; share_low_effort = answers ≥
/// [`CesScale::low_effort_from`] ÷ n — 5–7 on the 1–7 scale ([contract §3.5](crate::contract)), and
/// 4–5 on the 1–5 scale (the same "agree" side of a 5-point agreement
/// scale, the top two boxes).
///
/// Edges: no answers → undefined "no CES responses". Answers that are not
/// whole numbers on the scale are refused with [`CES_1_7_REASON`] /
/// [`CES_1_5_REASON`].
///
/// ```
/// use cxmetrics::metrics::survey::{CesScale, CesTally};
/// let mut t = CesTally::new(CesScale::OneToSeven);
/// for s in [7.0, 6.0, 5.0, 2.0] { t.add(s).unwrap(); }
/// assert!(t.add(8.0).is_err());
/// let c = t.finish().unwrap();
/// assert_eq!((c.value, c.n, c.share_low_effort), (5.0, 4, 0.75));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "partials", derive(serde::Deserialize))]
pub struct CesTally {
    /// The scale answers are read on.
    pub scale: CesScale,
    /// Answers per score (index = score − 1).
    pub distribution: [u64; 7],
}

impl CesTally {
    /// Adds the answers of `later` (reading in parts).
    #[cfg(feature = "partials")]
    pub fn merge(&mut self, later: &CesTally) {
        for (n, m) in self.distribution.iter_mut().zip(later.distribution) {
            *n += m;
        }
    }
    /// An empty tally on `scale`.
    pub fn new(scale: CesScale) -> Self {
        CesTally {
            scale,
            distribution: [0; 7],
        }
    }

    /// Adds one answer; see the type's doc for what is refused.
    pub fn add(&mut self, score: f64) -> Result<(), &'static str> {
        let reason = match self.scale {
            CesScale::OneToSeven => CES_1_7_REASON,
            CesScale::OneToFive => CES_1_5_REASON,
        };
        if !(1.0..=f64::from(self.scale.max())).contains(&score) || !is_whole_score(score) {
            return Err(reason);
        }
        if let Some(c) = self.distribution.get_mut(score as usize - 1) {
            *c = c.saturating_add(1);
        }
        Ok(())
    }

    /// The CES of the answers so far.
    pub fn finish(&self) -> Metric<Ces> {
        let mut n: u128 = 0;
        let mut sum: u128 = 0;
        let mut low: u128 = 0;
        for (i, c) in self.distribution.iter().enumerate() {
            let score = i as u128 + 1;
            n += u128::from(*c);
            sum += score * u128::from(*c);
            if score >= u128::from(self.scale.low_effort_from()) {
                low += u128::from(*c);
            }
        }
        if n == 0 {
            return Err(Undefined::from(NO_CES_RESPONSES_REASON));
        }
        let nf = n as f64;
        Ok(Ces {
            value: sum as f64 / nf,
            n: u64::try_from(n).unwrap_or(u64::MAX),
            share_low_effort: low as f64 / nf,
        })
    }
}
