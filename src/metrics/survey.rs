//! Survey metrics ([contract §3](crate::contract)): NPS with its intervals, CSAT, CES.

use super::{Metric, Undefined};
use serde::Serialize;

/// z for a two-sided 95 % interval.
pub const Z95: f64 = 1.959_963_984_540_054;

/// The reason a raw NPS answer is rejected; shown on the skipped-rows list.
pub const NPS_SCORE_REASON: &str = "an NPS score must be a whole number from 0 to 10";

/// A Net Promoter Score with its groups and intervals, all in points
/// (−100 … +100).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Nps {
    /// %promoters − %detractors, in points.
    pub value: f64,
    /// Answers 9–10.
    pub promoters: u64,
    /// Answers 7–8.
    pub passives: u64,
    /// Answers 0–6.
    pub detractors: u64,
    /// All valid answers.
    pub n: u64,
    /// Adjusted-Wald 95 % interval, lower bound (points).
    pub ci95_low: f64,
    /// Adjusted-Wald 95 % interval, upper bound (points).
    pub ci95_high: f64,
    /// Plain Wald half-width, the "margin of error" most readers know (points).
    pub margin_of_error: f64,
}

/// NPS from the three group counts.
///
/// Formula ([contract §3](crate::contract)): NPS = 100 × (promoters − detractors) ÷ n, with
/// n = promoters + passives + detractors.
///
/// 95 % interval: adjusted Wald (Rocks, "Interval estimation for the 'net
/// promoter score'", *The American Statistician* 70(4), 2016):
/// n' = n + 3, p' = (promoters + ¾) ÷ n', d' = (detractors + ¾) ÷ n',
/// centre p' − d', half-width z·√((p' + d' − (p' − d')²) ÷ n'), clamped to
/// −100 … +100. Margin of error: the plain Wald half-width
/// z·√((p + d − (p − d)²) ÷ n).
///
/// Edge: no answers → undefined "no survey responses".
///
/// ```
/// use cxmetrics::metrics::survey::nps_from_counts;
/// let nps = nps_from_counts(60, 25, 15).unwrap();
/// assert_eq!(nps.value, 45.0);
/// assert_eq!((nps.ci95_low * 10.0).round() / 10.0, 29.3);
/// assert_eq!((nps.ci95_high * 10.0).round() / 10.0, 58.0);
/// assert_eq!((nps.margin_of_error * 10.0).round() / 10.0, 14.5);
/// ```
pub fn nps_from_counts(promoters: u64, passives: u64, detractors: u64) -> Metric<Nps> {
    let n = promoters
        .checked_add(passives)
        .and_then(|s| s.checked_add(detractors))
        .ok_or_else(|| {
            Undefined::new("too_many_responses", "too many survey responses to count")
        })?;
    if n == 0 {
        return Err(Undefined::new("no_survey_responses", "no survey responses"));
    }
    let nf = n as f64;
    let p = promoters as f64 / nf;
    let d = detractors as f64 / nf;
    let margin = Z95 * ((p + d - (p - d).powi(2)).max(0.0) / nf).sqrt();

    let n_adj = nf + 3.0;
    let p_adj = (promoters as f64 + 0.75) / n_adj;
    let d_adj = (detractors as f64 + 0.75) / n_adj;
    let centre = p_adj - d_adj;
    let half = Z95 * ((p_adj + d_adj - centre.powi(2)).max(0.0) / n_adj).sqrt();

    Ok(Nps {
        value: 100.0 * (promoters as f64 - detractors as f64) / nf,
        promoters,
        passives,
        detractors,
        n,
        ci95_low: (100.0 * (centre - half)).max(-100.0),
        ci95_high: (100.0 * (centre + half)).min(100.0),
        margin_of_error: 100.0 * margin,
    })
}

/// Whether a score already checked to lie within 0–10 is a whole number.
/// A cast rather than `f64::fract`, which is a libm call on x86-64.
///
/// ```
/// use cxmetrics::metrics::survey::is_whole_score;
/// assert!(is_whole_score(7.0));
/// assert!(!is_whole_score(7.5));
/// ```
pub fn is_whole_score(score: f64) -> bool {
    f64::from(score as u8) == score
}

/// Streaming NPS: takes 0–10 answers one at a time and keeps only the
/// eleven counts (which also draw the distribution chart).
///
/// ```
/// use cxmetrics::metrics::survey::NpsTally;
/// let mut tally = NpsTally::default();
/// for s in [10.0, 9.0, 8.0, 3.0] { tally.add(s).unwrap(); }
/// assert!(tally.add(11.0).is_err());
/// assert_eq!(tally.finish().unwrap().value, 25.0);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct NpsTally {
    /// Answers per score, index = score 0…10.
    pub distribution: [u64; 11],
}

impl NpsTally {
    /// Adds one answer. Anything but a whole number from 0 to 10 is refused
    /// with [`NPS_SCORE_REASON`] and leaves the tally unchanged.
    pub fn add(&mut self, score: f64) -> Result<(), &'static str> {
        if !(0.0..=10.0).contains(&score) || !is_whole_score(score) {
            return Err(NPS_SCORE_REASON);
        }
        self.distribution[score as usize] += 1;
        Ok(())
    }

    /// Promoters (9–10), passives (7–8), detractors (0–6).
    pub fn groups(&self) -> (u64, u64, u64) {
        let d = &self.distribution;
        (d[9] + d[10], d[7] + d[8], d[..7].iter().sum())
    }

    /// The NPS of the answers so far.
    pub fn finish(&self) -> Metric<Nps> {
        let (p, pa, d) = self.groups();
        nps_from_counts(p, pa, d)
    }
}

// ---------------------------------------------------------------------------
// NPS change between two periods.

/// The sentence shown when an NPS change's interval contains 0.
pub const NPS_NO_CHANGE: &str = "not distinguishable from no change";

/// What an NPS change's 95 % interval says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeVerdict {
    /// The interval contains 0: [`NPS_NO_CHANGE`].
    NotDistinguishable,
    /// The whole interval is above 0.
    Increase,
    /// The whole interval is below 0.
    Decrease,
}

impl ChangeVerdict {
    /// The sentence for the page.
    pub fn sentence(self) -> &'static str {
        match self {
            ChangeVerdict::NotDistinguishable => NPS_NO_CHANGE,
            ChangeVerdict::Increase => "higher than before (95 % interval above 0)",
            ChangeVerdict::Decrease => "lower than before (95 % interval below 0)",
        }
    }
}

/// The change of NPS from one period to the next, in points.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NpsChange {
    /// NPS after − NPS before (points, −200 … +200).
    pub value: f64,
    /// NPS of the earlier period.
    pub before: f64,
    /// NPS of the later period.
    pub after: f64,
    /// 95 % interval of the change, lower bound (points).
    pub ci95_low: f64,
    /// 95 % interval of the change, upper bound (points).
    pub ci95_high: f64,
    /// Whether the interval excludes 0, and on which side.
    pub verdict: ChangeVerdict,
}

/// Adjusted-Wald centre and standard error of one period's NPS (as
/// fractions), the same n' = n + 3, +¾ adjustment as [`nps_from_counts`].
fn adjusted_centre_se(promoters: u64, detractors: u64, n: u64) -> (f64, f64) {
    let n_adj = n as f64 + 3.0;
    let p = (promoters as f64 + 0.75) / n_adj;
    let d = (detractors as f64 + 0.75) / n_adj;
    let centre = p - d;
    (centre, ((p + d - centre * centre).max(0.0) / n_adj).sqrt())
}

/// NPS change between two independent periods ([contract §3](crate::contract)), each given as
/// `(promoters, passives, detractors)` — the shape of [`NpsTally::groups`].
///
/// Formula: value = NPS_after − NPS_before (points). Interval: the
/// adjusted-Wald estimate of each period (Rocks 2016: n' = n + 3,
/// p' = (promoters + ¾) ÷ n', d' = (detractors + ¾) ÷ n'), SE_i =
/// √((p'_i + d'_i − (p'_i − d'_i)²) ÷ n'_i); the interval is
/// (c_after − c_before) ± z·√(SE_before² + SE_after²) with c the adjusted
/// centres, clamped to −200 … +200. The adjusted SE is used (not the plain
/// Wald one) so a period with all promoters still has a non-zero spread and
/// the interval is consistent with each period's own interval; it is
/// centred on the adjusted difference exactly as the single-period interval
/// is centred on the adjusted NPS (for tiny samples the observed change can
/// therefore lie off-centre).
///
/// Verdict: interval containing 0 (bounds included) →
/// "not distinguishable from no change".
///
/// Edges: either period without answers → undefined (that period's reason,
/// prefixed "before:" / "after:").
///
/// ```
/// use cxmetrics::metrics::survey::{nps_change, ChangeVerdict};
/// let c = nps_change((60, 25, 15), (65, 20, 15)).unwrap();
/// assert_eq!(c.value, 5.0);
/// assert_eq!(c.verdict, ChangeVerdict::NotDistinguishable);
/// assert!(c.ci95_low < 0.0 && c.ci95_high > 0.0);
/// ```
pub fn nps_change(before: (u64, u64, u64), after: (u64, u64, u64)) -> Metric<NpsChange> {
    let b = nps_from_counts(before.0, before.1, before.2).map_err(|u| u.within("before"))?;
    let a = nps_from_counts(after.0, after.1, after.2).map_err(|u| u.within("after"))?;
    let (cb, seb) = adjusted_centre_se(b.promoters, b.detractors, b.n);
    let (ca, sea) = adjusted_centre_se(a.promoters, a.detractors, a.n);
    let half = Z95 * (seb * seb + sea * sea).sqrt();
    let low = (100.0 * (ca - cb - half)).max(-200.0);
    let high = (100.0 * (ca - cb + half)).min(200.0);
    let verdict = if low > 0.0 {
        ChangeVerdict::Increase
    } else if high < 0.0 {
        ChangeVerdict::Decrease
    } else {
        ChangeVerdict::NotDistinguishable
    };
    Ok(NpsChange {
        value: a.value - b.value,
        before: b.value,
        after: a.value,
        ci95_low: low,
        ci95_high: high,
        verdict,
    })
}

// ---------------------------------------------------------------------------
// CSAT.

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
        return Err(Undefined::new("no_csat_responses", "no CSAT responses"));
    }
    if satisfied > responses {
        return Err(Undefined::new(
            "more_satisfied_than_responses",
            "more satisfied answers than responses",
        ));
    }
    let (lo, hi) = super::stats::wilson_interval(satisfied, responses, Z95)?;
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
pub struct CsatTally {
    /// The scale answers are read on.
    pub scale: CsatScale,
    /// Answers per score (index = score − 1; on 0–10, index = score);
    /// good/bad: `[bad, good, 0…]`.
    pub distribution: [u64; 11],
}

impl CsatTally {
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

// ---------------------------------------------------------------------------
// CES.

/// Reason a 1–7 CES answer is rejected.
pub const CES_1_7_REASON: &str = "a CES score on the 1–7 scale must be a whole number from 1 to 7";
/// Reason a 1–5 CES answer is rejected.
pub const CES_1_5_REASON: &str = "a CES score on the 1–5 scale must be a whole number from 1 to 5";

/// The answer scale of a Customer Effort Score question; higher = easier.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
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
pub struct CesTally {
    /// The scale answers are read on.
    pub scale: CesScale,
    /// Answers per score (index = score − 1).
    pub distribution: [u64; 7],
}

impl CesTally {
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
            return Err(Undefined::new("no_ces_responses", "no CES responses"));
        }
        let nf = n as f64;
        Ok(Ces {
            value: sum as f64 / nf,
            n: u64::try_from(n).unwrap_or(u64::MAX),
            share_low_effort: low as f64 / nf,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The interval evaluated straight from [contract §3](crate::contract)'s text, independently of
    /// the implementation's arrangement of terms.
    fn reference_interval(p: f64, pa: f64, d: f64) -> (f64, f64, f64) {
        let n = p + pa + d;
        let np = n + 3.0;
        let pp = (p + 0.75) / np;
        let dp = (d + 0.75) / np;
        let hw = 1.96 * ((pp + dp - (pp - dp) * (pp - dp)) / np).sqrt();
        let moe = 1.96 * ((p / n + d / n - (p / n - d / n) * (p / n - d / n)) / n).sqrt();
        (100.0 * (pp - dp - hw), 100.0 * (pp - dp + hw), 100.0 * moe)
    }

    fn round1(x: f64) -> f64 {
        (x * 10.0).round() / 10.0
    }

    #[test]
    fn spec_example_60_25_15() {
        let nps = nps_from_counts(60, 25, 15).unwrap();
        assert_eq!(nps.value, 45.0);
        assert_eq!(nps.n, 100);
        assert_eq!(round1(nps.ci95_low), 29.3);
        assert_eq!(round1(nps.ci95_high), 58.0);
        assert_eq!(round1(nps.margin_of_error), 14.5);
    }

    #[test]
    fn interval_matches_direct_formula() {
        for (p, pa, d) in [
            (60, 25, 15),
            (10, 5, 5),
            (1, 0, 0),
            (3, 40, 200),
            (500, 1, 499),
        ] {
            let nps = nps_from_counts(p, pa, d).unwrap();
            let (lo, hi, moe) = reference_interval(p as f64, pa as f64, d as f64);
            // 1.96 vs the exact z: agree to 0.01 points.
            assert!((nps.ci95_low - lo.max(-100.0)).abs() < 0.01, "{p}/{pa}/{d}");
            assert!((nps.ci95_high - hi.min(100.0)).abs() < 0.01, "{p}/{pa}/{d}");
            assert!((nps.margin_of_error - moe).abs() < 0.01, "{p}/{pa}/{d}");
        }
    }

    #[test]
    fn delighted_published_example() {
        // Delighted's NPS guide: 10 promoters, 5 passives, 5 detractors → 25.
        assert_eq!(nps_from_counts(10, 5, 5).unwrap().value, 25.0);
    }

    #[test]
    fn all_promoters_and_all_detractors() {
        let all = nps_from_counts(7, 0, 0).unwrap();
        assert_eq!(all.value, 100.0);
        assert_eq!(all.margin_of_error, 0.0);
        assert!(all.ci95_high <= 100.0 && all.ci95_low < 100.0);
        let none = nps_from_counts(0, 0, 9).unwrap();
        assert_eq!(none.value, -100.0);
        assert!(none.ci95_low >= -100.0);
    }

    #[test]
    fn zero_responses_is_undefined() {
        assert_eq!(
            nps_from_counts(0, 0, 0).unwrap_err().reason,
            "no survey responses"
        );
        assert!(NpsTally::default().finish().is_err());
    }

    #[test]
    fn tally_rejects_non_scores() {
        let mut t = NpsTally::default();
        for bad in [-1.0, 11.0, 9.5, f64::NAN, f64::INFINITY] {
            assert_eq!(t.add(bad), Err(NPS_SCORE_REASON));
        }
        for s in 0..=10 {
            t.add(s as f64).unwrap();
        }
        assert_eq!(t.groups(), (2, 2, 7));
    }

    // --- NPS change, CSAT, CES -------------------------------------------

    use proptest::prelude::*;

    /// Half-width of one period's adjusted-Wald interval, read back from
    /// `nps_from_counts` (unclamped cases), as a fraction.
    fn single_half(p: u64, pa: u64, d: u64) -> f64 {
        let nps = nps_from_counts(p, pa, d).unwrap();
        (nps.ci95_high - nps.ci95_low) / 200.0
    }

    #[test]
    fn nps_change_interval_from_single_period_intervals() {
        // Independent route: each period's own interval half-width is z·SE,
        // so the change's half-width is √(h₁² + h₂²).
        for (b, a) in [
            ((60, 25, 15), (65, 20, 15)),
            ((30, 40, 30), (50, 30, 20)),
            ((200, 100, 100), (210, 90, 100)),
        ] {
            let c = nps_change(b, a).unwrap();
            let h =
                (single_half(b.0, b.1, b.2).powi(2) + single_half(a.0, a.1, a.2).powi(2)).sqrt();
            let nb = (b.0 + b.1 + b.2) as f64 + 3.0;
            let na = (a.0 + a.1 + a.2) as f64 + 3.0;
            let cb = ((b.0 as f64 + 0.75) - (b.2 as f64 + 0.75)) / nb;
            let ca = ((a.0 as f64 + 0.75) - (a.2 as f64 + 0.75)) / na;
            assert!((c.ci95_low - 100.0 * (ca - cb - h)).abs() < 1e-9);
            assert!((c.ci95_high - 100.0 * (ca - cb + h)).abs() < 1e-9);
        }
    }

    #[test]
    fn nps_change_values_and_verdicts() {
        let same = nps_change((60, 25, 15), (60, 25, 15)).unwrap();
        assert_eq!(same.value, 0.0);
        assert_eq!(same.verdict, ChangeVerdict::NotDistinguishable);
        assert_eq!(same.verdict.sentence(), NPS_NO_CHANGE);
        assert!((same.ci95_low + same.ci95_high).abs() < 1e-9);

        let c = nps_change((60, 25, 15), (65, 20, 15)).unwrap();
        assert_eq!((c.before, c.after, c.value), (45.0, 50.0, 5.0));
        assert_eq!(c.verdict, ChangeVerdict::NotDistinguishable);

        let down = nps_change((80, 10, 10), (10, 10, 80)).unwrap();
        assert_eq!(down.value, -140.0);
        assert_eq!(down.verdict, ChangeVerdict::Decrease);
        assert!(down.ci95_high < 0.0);
        let up = nps_change((10, 10, 80), (80, 10, 10)).unwrap();
        assert_eq!(up.verdict, ChangeVerdict::Increase);
        assert!(up.ci95_low > 0.0);

        assert_eq!(
            nps_change((0, 0, 0), (1, 0, 0)).unwrap_err().reason,
            "before: no survey responses"
        );
        assert_eq!(
            nps_change((1, 0, 0), (0, 0, 0)).unwrap_err().reason,
            "after: no survey responses"
        );
    }

    #[test]
    fn csat_published_example() {
        // 42/32/10/9/14 answers for 5/4/3/2/1 → 69.2 %.
        let mut t = CsatTally::new(CsatScale::OneToFive);
        for (score, count) in [(5.0, 42), (4.0, 32), (3.0, 10), (2.0, 9), (1.0, 14)] {
            for _ in 0..count {
                t.add(score).unwrap();
            }
        }
        let c = t.finish().unwrap();
        assert_eq!((c.satisfied, c.n), (74, 107));
        assert_eq!((c.value * 1000.0).round() / 10.0, 69.2);
        // Wilson bounds, evaluated straight from the textbook formula.
        let (p, n, z) = (74.0 / 107.0, 107.0, 1.96f64);
        let centre = (p + z * z / (2.0 * n)) / (1.0 + z * z / n);
        let half = z / (1.0 + z * z / n) * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt();
        assert!((c.ci95_low - (centre - half)).abs() < 1e-4);
        assert!((c.ci95_high - (centre + half)).abs() < 1e-4);
        assert!(c.ci95_low < c.value && c.value < c.ci95_high);
    }

    #[test]
    fn csat_scales() {
        let mut ten = CsatTally::new(CsatScale::OneToTen);
        for s in 1..=10 {
            ten.add(s as f64).unwrap();
        }
        assert_eq!(ten.counts(), (3, 10));
        for bad in [0.0, 11.0, 7.5, f64::NAN, -1.0] {
            assert_eq!(ten.add(bad), Err(CSAT_1_10_REASON));
        }
        assert_eq!(
            ten.add_rating(SatisfactionRating::Good),
            Err(CSAT_1_10_REASON)
        );

        let mut five = CsatTally::default();
        assert_eq!(five.scale, CsatScale::OneToFive);
        for bad in [0.0, 6.0, 4.5, f64::INFINITY] {
            assert_eq!(five.add(bad), Err(CSAT_1_5_REASON));
        }
        assert_eq!(five.finish().unwrap_err().reason, "no CSAT responses");

        let mut gb = CsatTally::new(CsatScale::GoodBad);
        assert_eq!(gb.add(1.0), Err(CSAT_GOOD_BAD_REASON));
        for r in [SatisfactionRating::Offered, SatisfactionRating::NotOffered] {
            assert_eq!(gb.add_rating(r), Err(CSAT_NOT_A_RESPONSE_REASON));
        }
        for r in [
            SatisfactionRating::Good,
            SatisfactionRating::Good,
            SatisfactionRating::Good,
            SatisfactionRating::Bad,
        ] {
            gb.add_rating(r).unwrap();
        }
        assert_eq!(gb.finish().unwrap().value, 0.75);
        assert!(csat_from_counts(3, 2).is_err());
        // All satisfied / none satisfied: the interval still holds the value.
        for (s, n) in [(3, 3), (0, 3), (1_000_001, 1_000_001)] {
            let c = csat_from_counts(s, n).unwrap();
            assert!(c.ci95_low <= c.value && c.value <= c.ci95_high, "{s}/{n}");
        }
        assert_eq!(csat_from_counts(3, 3).unwrap().ci95_high, 1.0);
        assert_eq!(csat_from_counts(0, 3).unwrap().ci95_low, 0.0);
    }

    #[test]
    fn ces_mean_and_share_match_naive() {
        let answers = [1.0, 7.0, 7.0, 5.0, 4.0, 6.0, 2.0, 3.0, 5.0];
        let mut t = CesTally::default();
        for a in answers {
            t.add(a).unwrap();
        }
        let c = t.finish().unwrap();
        let mean = answers.iter().sum::<f64>() / answers.len() as f64;
        let low = answers.iter().filter(|a| **a >= 5.0).count() as f64 / answers.len() as f64;
        assert!((c.value - mean).abs() < 1e-12);
        assert_eq!(c.share_low_effort, low);
        assert_eq!(c.n, 9);

        let mut five = CesTally::new(CesScale::OneToFive);
        for a in [5.0, 4.0, 3.0, 1.0] {
            five.add(a).unwrap();
        }
        assert_eq!(five.add(6.0), Err(CES_1_5_REASON));
        let c5 = five.finish().unwrap();
        assert_eq!((c5.value, c5.share_low_effort), (3.25, 0.5));
        assert_eq!(CesTally::default().add(0.0), Err(CES_1_7_REASON));
        assert_eq!(
            CesTally::default().finish().unwrap_err().reason,
            "no CES responses"
        );
    }

    /// Worked examples on the scales read from the answers: 1–7 counts 6
    /// and 7, 0–10 counts 8 to 10 (0 is an answer), and each refuses what
    /// lies outside it.
    #[test]
    fn csat_on_one_to_seven_and_zero_to_ten() {
        // 1–7: answers 7, 6, 5, 3, 1 → 2 of 5 satisfied = 40 %.
        let mut seven = CsatTally::new(CsatScale::OneToSeven);
        for a in [7.0, 6.0, 5.0, 3.0, 1.0] {
            seven.add(a).unwrap();
        }
        assert_eq!(seven.add(8.0), Err(CSAT_1_7_REASON));
        assert_eq!(seven.add(0.0), Err(CSAT_1_7_REASON));
        let c = seven.finish().unwrap();
        assert_eq!((c.satisfied, c.n, c.value), (2, 5, 0.4));

        // 0–10: answers 0, 10, 9, 8, 7, 2, 10, 5 → 4 of 8 = 50 %.
        let mut eleven = CsatTally::new(CsatScale::ZeroToTen);
        for a in [0.0, 10.0, 9.0, 8.0, 7.0, 2.0, 10.0, 5.0] {
            eleven.add(a).unwrap();
        }
        assert_eq!(eleven.add(11.0), Err(CSAT_0_10_REASON));
        assert_eq!(eleven.add(-1.0), Err(CSAT_0_10_REASON));
        assert_eq!(eleven.add(8.5), Err(CSAT_0_10_REASON));
        let c = eleven.finish().unwrap();
        assert_eq!((c.satisfied, c.n, c.value), (4, 8, 0.5));
        assert_eq!(eleven.distribution[0], 1);
        assert_eq!(eleven.distribution[10], 2);

        for scale in [
            CsatScale::OneToFive,
            CsatScale::OneToSeven,
            CsatScale::OneToTen,
            CsatScale::ZeroToTen,
            CsatScale::GoodBad,
        ] {
            assert_eq!(CsatScale::from_name(scale.name()), Some(scale));
        }
    }

    fn any_f64() -> impl Strategy<Value = f64> {
        prop_oneof![
            -2.0..12.0f64,
            (0i32..12).prop_map(f64::from),
            Just(f64::NAN),
            Just(f64::INFINITY),
            Just(f64::NEG_INFINITY),
            Just(f64::MAX),
            any::<f64>(),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn change_is_finite_and_ordered(
            b in (0u64..1_000_000, 0u64..1_000_000, 0u64..1_000_000),
            a in (0u64..1_000_000, 0u64..1_000_000, 0u64..1_000_000),
        ) {
            match nps_change(b, a) {
                Ok(c) => {
                    prop_assert!(c.value.is_finite() && c.ci95_low.is_finite() && c.ci95_high.is_finite());
                    prop_assert!(-200.0 <= c.ci95_low && c.ci95_low <= c.ci95_high && c.ci95_high <= 200.0);
                    prop_assert!((-200.0..=200.0).contains(&c.value));
                    let contains_zero = c.ci95_low <= 0.0 && 0.0 <= c.ci95_high;
                    prop_assert_eq!(contains_zero, c.verdict == ChangeVerdict::NotDistinguishable);
                }
                Err(u) => prop_assert!(b.0 + b.1 + b.2 == 0 || a.0 + a.1 + a.2 == 0, "{}", u.reason),
            }
        }

        #[test]
        fn tallies_accept_exactly_the_scale(scores in proptest::collection::vec(any_f64(), 0..60)) {
            let mut c5 = CsatTally::new(CsatScale::OneToFive);
            let mut c10 = CsatTally::new(CsatScale::OneToTen);
            let mut e7 = CesTally::new(CesScale::OneToSeven);
            let mut e5 = CesTally::new(CesScale::OneToFive);
            let whole = |s: f64, max: f64| s.fract() == 0.0 && (1.0..=max).contains(&s);
            let mut expected = [0u64; 4];
            for s in &scores {
                prop_assert_eq!(c5.add(*s).is_ok(), whole(*s, 5.0));
                prop_assert_eq!(c10.add(*s).is_ok(), whole(*s, 10.0));
                prop_assert_eq!(e7.add(*s).is_ok(), whole(*s, 7.0));
                prop_assert_eq!(e5.add(*s).is_ok(), whole(*s, 5.0));
                for (k, max) in [5.0, 10.0, 7.0, 5.0].iter().enumerate() {
                    if whole(*s, *max) { expected[k] += 1; }
                }
            }
            for (k, r) in [c5.finish(), c10.finish()].into_iter().enumerate() {
                match r {
                    Ok(c) => {
                        prop_assert_eq!(c.n, expected[k]);
                        prop_assert!((0.0..=1.0).contains(&c.value));
                        prop_assert!(c.ci95_low <= c.value && c.value <= c.ci95_high);
                    }
                    Err(_) => prop_assert_eq!(expected[k], 0),
                }
            }
            for (k, r) in [(2, e7.finish()), (3, e5.finish())] {
                match r {
                    Ok(c) => {
                        prop_assert_eq!(c.n, expected[k]);
                        prop_assert!(c.value >= 1.0 && c.value <= 7.0);
                        prop_assert!((0.0..=1.0).contains(&c.share_low_effort));
                    }
                    Err(_) => prop_assert_eq!(expected[k], 0),
                }
            }
        }
    }
}
