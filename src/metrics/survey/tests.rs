//! Tests of the survey metrics against published examples and direct formulas.

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
        let h = (single_half(b.0, b.1, b.2).powi(2) + single_half(a.0, a.1, a.2).powi(2)).sqrt();
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
