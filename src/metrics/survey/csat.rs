//! Customer satisfaction ([contract §3](crate::contract)): CSAT on its scales with the Wilson
//! interval, and the streaming tally.

use super::{is_whole_score, Z95};
use crate::metrics::{Metric, Undefined, Why};
use serde::Serialize;

/// Why a CSAT with no responses is undefined (also written by the SQL, `crate::sql::reasons`).
pub const NO_CSAT_RESPONSES_REASON: Why = Why::new("no_csat_responses", "no CSAT responses");

/// Reason a 1–5 CSAT answer is rejected.
pub const CSAT_1_5_REASON: &str =
    "a CSAT score on the 1–5 scale must be a whole number from 1 to 5";
/// Reason a 1–10 CSAT answer is rejected.
pub const CSAT_1_10_REASON: &str =
    "a CSAT score on the 1–10 scale must be a whole number from 1 to 10";
/// Reason a 1–7 CSAT answer is rejected.
pub const CSAT_1_7_REASON: &str =
    "a CSAT score on the 1–7 scale must be a whole number from 1 to 7";
/// Reason a 0–10 CSAT answer is rejected.
pub const CSAT_0_10_REASON: &str =
    "a CSAT score on the 0–10 scale must be a whole number from 0 to 10";
/// Reason a good/bad CSAT answer is rejected (a number, or a rating on a
/// numeric scale).
pub const CSAT_GOOD_BAD_REASON: &str = "a satisfaction rating must be Good or Bad";
/// Reason "Offered" / "Not Offered" are not counted.
pub const CSAT_NOT_A_RESPONSE_REASON: &str =
    "Offered and Not Offered mean the customer did not answer, so they are not CSAT responses";

/// The answer scale of a CSAT question (a user setting, [contract §3](crate::contract)).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "partials", derive(serde::Deserialize))]
#[serde(rename_all = "snake_case")]
pub enum CsatScale {
    /// 1–5; satisfied = 4 or 5 (the default).
    #[default]
    OneToFive,
    /// 1–10; satisfied = 8, 9 or 10.
    OneToTen,
    /// Good / Bad (Zendesk); satisfied = Good.
    GoodBad,
    /// 1–7; satisfied = 6 or 7 (the top two boxes, as 4–5 of 1–5).
    OneToSeven,
    /// 0–10; satisfied = 8, 9 or 10 (the top boxes of 1–10).
    ZeroToTen,
}

impl CsatScale {
    /// The scale's name as set and shown: `1-5`, `1-7`, `1-10`, `0-10`,
    /// `good-bad`.
    pub fn name(self) -> &'static str {
        match self {
            CsatScale::OneToFive => "1-5",
            CsatScale::OneToSeven => "1-7",
            CsatScale::OneToTen => "1-10",
            CsatScale::ZeroToTen => "0-10",
            CsatScale::GoodBad => "good-bad",
        }
    }

    /// The scale named `name` (see [`CsatScale::name`]).
    ///
    /// ```
    /// use cxmetrics::metrics::survey::CsatScale;
    /// assert_eq!(CsatScale::from_name("0-10"), Some(CsatScale::ZeroToTen));
    /// assert_eq!(CsatScale::from_name("1-3"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<CsatScale> {
        [
            CsatScale::OneToFive,
            CsatScale::OneToSeven,
            CsatScale::OneToTen,
            CsatScale::ZeroToTen,
            CsatScale::GoodBad,
        ]
        .into_iter()
        .find(|s| s.name() == name)
    }

    /// The scale numeric answers fit, read from the whole-number answers
    /// of a column (`min`, `max`): any 0 → 0–10; else the smallest of
    /// 1–5, 1–7, 1–10 that holds `max`. `None` when no scale holds them
    /// (a negative answer, one above 10).
    ///
    /// ```
    /// use cxmetrics::metrics::survey::CsatScale;
    /// assert_eq!(CsatScale::fitting(1, 5), Some(CsatScale::OneToFive));
    /// assert_eq!(CsatScale::fitting(3, 6), Some(CsatScale::OneToSeven));
    /// assert_eq!(CsatScale::fitting(1, 9), Some(CsatScale::OneToTen));
    /// assert_eq!(CsatScale::fitting(0, 4), Some(CsatScale::ZeroToTen));
    /// assert_eq!(CsatScale::fitting(1, 11), None);
    /// ```
    pub fn fitting(min: i64, max: i64) -> Option<CsatScale> {
        match (min, max) {
            (i64::MIN..=-1, _) | (_, 11..) => None,
            (0, _) => Some(CsatScale::ZeroToTen),
            (_, ..=5) => Some(CsatScale::OneToFive),
            (_, 6..=7) => Some(CsatScale::OneToSeven),
            _ => Some(CsatScale::OneToTen),
        }
    }
}

/// A Zendesk "Satisfaction Score" value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SatisfactionRating {
    /// "Good": a satisfied response.
    Good,
    /// "Bad": a dissatisfied response.
    Bad,
    /// "Offered": survey sent, no answer — not a response.
    Offered,
    /// "Not Offered": no survey — not a response.
    NotOffered,
}

/// A CSAT result: share of satisfied responses with its Wilson interval.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Csat {
    /// satisfied ÷ responses (fraction 0 … 1).
    pub value: f64,
    /// Satisfied responses.
    pub satisfied: u64,
    /// All valid responses.
    pub n: u64,
    /// Wilson 95 % interval, lower bound (fraction).
    pub ci95_low: f64,
    /// Wilson 95 % interval, upper bound (fraction).
    pub ci95_high: f64,
}

/// CSAT from counts ([contract §3](crate::contract)): satisfied ÷ responses, with the 95 % Wilson
/// score interval ([`crate::metrics::stats::wilson_interval`], z = [`Z95`]).
///
/// Edges: no responses → undefined "no CSAT responses"; satisfied >
/// responses → undefined.
///
/// ```
/// use cxmetrics::metrics::survey::csat_from_counts;
/// // 42/32/10/9/14 answers for 5/4/3/2/1: 74 of 107 satisfied → 69.2 %.
/// let c = csat_from_counts(74, 107).unwrap();
/// assert_eq!((c.value * 1000.0).round() / 10.0, 69.2);
/// ```
pub fn csat_from_counts(satisfied: u64, responses: u64) -> Metric<Csat> {
    if responses == 0 {
        return Err(Undefined::from(NO_CSAT_RESPONSES_REASON));
    }
    if satisfied > responses {
        return Err(Undefined::new(
            "more_satisfied_than_responses",
            "more satisfied answers than responses",
        ));
    }
    let (lo, hi) = crate::metrics::stats::wilson_interval(satisfied, responses, Z95)?;
    Ok(Csat {
        value: satisfied as f64 / responses as f64,
        satisfied,
        n: responses,
        ci95_low: lo,
        ci95_high: hi,
    })
}

/// Streaming CSAT on one scale: one answer at a time, keeping only the
/// per-answer counts (index = score − 1; on good/bad, 0 = Bad, 1 = Good).
///
/// ```
/// use cxmetrics::metrics::survey::{CsatScale, CsatTally, SatisfactionRating};
/// let mut t = CsatTally::new(CsatScale::OneToFive);
/// for s in [5.0, 4.0, 3.0, 1.0] { t.add(s).unwrap(); }
/// assert!(t.add(6.0).is_err());
/// assert_eq!(t.finish().unwrap().value, 0.5);
/// let mut z = CsatTally::new(CsatScale::GoodBad);
/// z.add_rating(SatisfactionRating::Good).unwrap();
/// assert!(z.add_rating(SatisfactionRating::Offered).is_err());
/// assert_eq!(z.finish().unwrap().value, 1.0);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "partials", derive(serde::Deserialize))]
pub struct CsatTally {
    /// The scale answers are read on.
    pub scale: CsatScale,
    /// Answers per score (index = score − 1; on 0–10, index = score);
    /// good/bad: `[bad, good, 0…]`.
    pub distribution: [u64; 11],
}

impl CsatTally {
    /// Adds the answers of `later` (reading in parts).
    #[cfg(feature = "partials")]
    pub fn merge(&mut self, later: &CsatTally) {
        for (n, m) in self.distribution.iter_mut().zip(later.distribution) {
            *n += m;
        }
    }
    /// An empty tally on `scale`.
    pub fn new(scale: CsatScale) -> Self {
        CsatTally {
            scale,
            distribution: [0; 11],
        }
    }

    /// Adds a numeric answer. Refused, leaving the tally unchanged: on 1–5,
    /// anything but a whole 1…5 ([`CSAT_1_5_REASON`]); on 1–7, 1–10 and
    /// 0–10 likewise ([`CSAT_1_7_REASON`], [`CSAT_1_10_REASON`],
    /// [`CSAT_0_10_REASON`]); on good/bad, every number
    /// ([`CSAT_GOOD_BAD_REASON`]).
    pub fn add(&mut self, score: f64) -> Result<(), &'static str> {
        let (min, max, reason) = match self.scale {
            CsatScale::OneToFive => (1.0, 5.0, CSAT_1_5_REASON),
            CsatScale::OneToSeven => (1.0, 7.0, CSAT_1_7_REASON),
            CsatScale::OneToTen => (1.0, 10.0, CSAT_1_10_REASON),
            CsatScale::ZeroToTen => (0.0, 10.0, CSAT_0_10_REASON),
            CsatScale::GoodBad => return Err(CSAT_GOOD_BAD_REASON),
        };
        if !(min..=max).contains(&score) || !is_whole_score(score) {
            return Err(reason);
        }
        if let Some(c) = self.distribution.get_mut((score - min) as usize) {
            *c = c.saturating_add(1);
        }
        Ok(())
    }

    /// Adds a good/bad rating. Offered / Not Offered are refused with
    /// [`CSAT_NOT_A_RESPONSE_REASON`]; any rating on a numeric scale with
    /// [`CSAT_GOOD_BAD_REASON`].
    pub fn add_rating(&mut self, rating: SatisfactionRating) -> Result<(), &'static str> {
        if self.scale != CsatScale::GoodBad {
            return Err(match self.scale {
                CsatScale::OneToTen => CSAT_1_10_REASON,
                CsatScale::OneToSeven => CSAT_1_7_REASON,
                CsatScale::ZeroToTen => CSAT_0_10_REASON,
                _ => CSAT_1_5_REASON,
            });
        }
        let i = match rating {
            SatisfactionRating::Bad => 0,
            SatisfactionRating::Good => 1,
            _ => return Err(CSAT_NOT_A_RESPONSE_REASON),
        };
        self.distribution[i] = self.distribution[i].saturating_add(1);
        Ok(())
    }

    /// (satisfied, responses) so far.
    pub fn counts(&self) -> (u64, u64) {
        let d = &self.distribution;
        let total = d.iter().fold(0u64, |a, c| a.saturating_add(*c));
        let satisfied = match self.scale {
            CsatScale::OneToFive => d[3].saturating_add(d[4]),
            CsatScale::OneToSeven => d[5].saturating_add(d[6]),
            CsatScale::OneToTen => d[7].saturating_add(d[8]).saturating_add(d[9]),
            CsatScale::ZeroToTen => d[8].saturating_add(d[9]).saturating_add(d[10]),
            CsatScale::GoodBad => d[1],
        };
        (satisfied, total)
    }

    /// CSAT of the answers so far ([`csat_from_counts`]).
    pub fn finish(&self) -> Metric<Csat> {
        let (s, n) = self.counts();
        csat_from_counts(s, n)
    }
}
