//! Survey metrics (SPEC §3): NPS with its intervals, CSAT, CES.

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
/// Formula (SPEC §3): NPS = 100 × (promoters − detractors) ÷ n, with
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
        .ok_or_else(|| Undefined::new("too many survey responses to count"))?;
    if n == 0 {
        return Err(Undefined::new("no survey responses"));
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
        if !(0.0..=10.0).contains(&score) || score.fract() != 0.0 {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The interval evaluated straight from SPEC §3's text, independently of
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
}
