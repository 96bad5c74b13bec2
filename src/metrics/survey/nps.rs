//! Net Promoter Score ([contract §3](crate::contract)): the score with its adjusted-Wald interval
//! and margin of error, the streaming tally, and the change between two
//! periods.

use super::Z95;
use crate::metrics::{Metric, Undefined, Why};
use serde::Serialize;

/// Why an NPS with no responses is undefined (also written by the SQL, `crate::sql::reasons`).
pub const NO_SURVEY_RESPONSES_REASON: Why = Why::new("no_survey_responses", "no survey responses");

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
        return Err(Undefined::from(NO_SURVEY_RESPONSES_REASON));
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
#[cfg_attr(feature = "partials", derive(serde::Deserialize))]
pub struct NpsTally {
    /// Answers per score, index = score 0…10.
    pub distribution: [u64; 11],
}

impl NpsTally {
    /// Adds the answers of `later` (reading in parts).
    #[cfg(feature = "partials")]
    pub fn merge(&mut self, later: &NpsTally) {
        for (n, m) in self.distribution.iter_mut().zip(later.distribution) {
            *n += m;
        }
    }
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
