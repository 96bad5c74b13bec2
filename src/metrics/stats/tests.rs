//! Tests of the statistics helpers: percentiles, intervals, histograms.

use super::*;
use proptest::prelude::*;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * (1.0 + a.abs().max(b.abs()))
}

#[test]
fn spreadsheet_examples() {
    // PERCENTILE.INC({1,2,3,4}, 0.9) = 3.7
    let v = [1.0, 2.0, 3.0, 4.0];
    assert!(close(percentile(&v, 0.9).unwrap(), 3.7));
    assert!(close(percentile_select(&mut v.clone(), 0.9).unwrap(), 3.7));
    // PERCENTILE.INC({15,20,35,40,50}, 0.4) = 29
    let w = [15.0, 20.0, 35.0, 40.0, 50.0];
    assert!(close(percentile(&w, 0.4).unwrap(), 29.0));
    assert!(close(percentile_select(&mut w.clone(), 0.4).unwrap(), 29.0));
    // numpy.percentile([1,2,3,4], 50) = 2.5; ends are min and max.
    assert_eq!(percentile(&v, 0.5), Ok(2.5));
    assert_eq!(percentile(&v, 0.0), Ok(1.0));
    assert_eq!(percentile(&v, 1.0), Ok(4.0));
    assert_eq!(percentile(&[7.0], 0.3), Ok(7.0));
}

#[test]
fn percentile_edges() {
    assert_eq!(
        percentile(&[], 0.5).unwrap_err().reason,
        NO_VALUES_REASON.reason
    );
    assert_eq!(
        percentile_select(&mut [], 0.5).unwrap_err().reason,
        NO_VALUES_REASON.reason
    );
    for q in [-0.1, 1.1, f64::NAN, f64::INFINITY] {
        assert_eq!(
            percentile(&[1.0], q).unwrap_err().reason,
            QUANTILE_REASON.reason
        );
        assert_eq!(
            percentile_select(&mut [1.0], q).unwrap_err().reason,
            QUANTILE_REASON.reason
        );
    }
    assert!(percentile(&[1.0, f64::NAN], 0.5).is_err());
    assert!(percentile_select(&mut [1.0, f64::NAN], 0.5).is_err());
    // Overflowing difference falls back to the convex form.
    let r = percentile(&[-f64::MAX, f64::MAX], 0.5).unwrap();
    assert_eq!(r, 0.0);
    assert!(percentile(&[1.0, f64::INFINITY], 0.5).is_err());
}

#[test]
fn duration_summary_matches_sorted_reference() {
    let mut d = DurationStats::default();
    let vals: Vec<f64> = (0..1000)
        .map(|i| ((i * 7919) % 1013) as f64 / 3.0)
        .collect();
    for v in &vals {
        d.push(*v).unwrap();
    }
    let s = d.finish();
    let mut sorted = vals.clone();
    sorted.sort_by(f64::total_cmp);
    assert_eq!(s.n, 1000);
    assert_eq!(s.median, percentile_sorted(&sorted, 0.5));
    assert_eq!(s.p90, percentile_sorted(&sorted, 0.9));
    assert_eq!(s.p95, percentile_sorted(&sorted, 0.95));
    let naive = vals.iter().sum::<f64>() / 1000.0;
    assert!(close(s.mean.unwrap(), naive));
    // Finish again after more values: still consistent.
    d.push(1e6).unwrap();
    let s2 = d.finish();
    assert_eq!(s2.n, 1001);
    assert_eq!(s2.p95, percentile(&d.values(), 0.95));
}

/// Values over several blocks give what one vector of them gives, and
/// come back in push order.
#[test]
fn duration_stats_over_blocks_match_one_vector() {
    let n = 2 * DURATION_BLOCK + 12_345;
    let mut x = 0x2545_f491_4f6c_dd1du64;
    let vals: Vec<f64> = (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % 100_000) as f64 / 7.0
        })
        .collect();
    let mut d = DurationStats::default();
    for v in &vals {
        d.push(*v).unwrap();
    }
    assert_eq!(d.len(), n);
    assert_eq!(d.values(), vals);
    let s = d.finish();
    assert_eq!(s.n, n as u64);
    assert_eq!(s.median, percentile(&vals, 0.5));
    assert_eq!(s.p90, percentile(&vals, 0.9));
    assert_eq!(s.p95, percentile(&vals, 0.95));
    let naive = vals.iter().sum::<f64>() / n as f64;
    assert!(close(s.mean.unwrap(), naive));
    // The kept values are untouched by finish.
    assert_eq!(d.values(), vals);
}

#[test]
fn duration_stats_refuses_bad_values_and_empty() {
    let mut d = DurationStats::default();
    assert_eq!(d.push(f64::NAN), Err(NOT_A_NUMBER_REASON.reason));
    assert_eq!(d.push(f64::INFINITY), Err(NOT_A_NUMBER_REASON.reason));
    assert_eq!(d.push(-0.5), Err(NEGATIVE_DURATION_REASON.reason));
    assert!(d.is_empty());
    let s = d.finish();
    assert_eq!(s.n, 0);
    assert_eq!(s.mean.clone().unwrap_err().reason, NO_VALUES_REASON.reason);
    assert_eq!(s.value().unwrap_err().reason, NO_VALUES_REASON.reason);
    assert_eq!(s.p90.clone().unwrap_err().code, NO_VALUES_REASON.code);
}

#[test]
fn compensated_mean_beats_naive_drift() {
    let mut d = DurationStats::default();
    d.push(1e16).unwrap();
    for _ in 0..1000 {
        d.push(1.0).unwrap();
    }
    // Exact mean: (1e16 + 1000) / 1001.
    let exact = (1e16 + 1000.0) / 1001.0;
    assert!(close(d.finish().mean.unwrap(), exact));
    let mut big = DurationStats::default();
    big.push(f64::MAX).unwrap();
    big.push(f64::MAX).unwrap();
    assert_eq!(big.finish().mean, Ok(f64::MAX));
}

#[test]
fn histogram_counts_everything() {
    let h = histogram(
        &[0.0, 5.0, 5.0, 15.0, 60.0, 61.0, f64::NAN],
        &minute_edges(60.0),
    )
    .unwrap();
    assert_eq!(h.edges, vec![0.0, 5.0, 15.0, 30.0, 60.0]);
    assert_eq!(h.counts, vec![1, 2, 1, 1]);
    assert_eq!((h.below, h.above, h.not_a_number), (0, 1, 1));
    assert!(histogram(&[1.0], &[1.0]).is_err());
    assert!(histogram(&[1.0], &[2.0, 1.0]).is_err());
    assert!(histogram(&[1.0], &[0.0, f64::NAN]).is_err());
    assert!(histogram_bins(&[], 3).is_err());
    assert!(histogram_bins(&[1.0], 0).is_err());
    assert_eq!(histogram_bins(&[2.0, 2.0], 4).unwrap().counts, vec![2]);
    assert_eq!(minute_edges(0.0), vec![0.0, 5.0]);
    assert_eq!(minute_edges(1e9), MINUTE_LADDER.to_vec());
}

/// The Wilson bounds are the two roots p of (p̂ − p)² = z²·p(1 − p)/n:
/// found here by bisection on the score statistic.
fn wilson_by_bisection(s: u64, n: u64, z: f64) -> (f64, f64) {
    let ph = s as f64 / n as f64;
    let g = |p: f64| (ph - p).powi(2) - z * z * p * (1.0 - p) / n as f64;
    let root = |mut a: f64, mut b: f64| {
        // g(a) and g(b) have opposite signs (or a root at an end).
        for _ in 0..200 {
            let m = 0.5 * (a + b);
            if (g(a) <= 0.0) == (g(m) <= 0.0) {
                a = m;
            } else {
                b = m;
            }
        }
        0.5 * (a + b)
    };
    let lo = if s == 0 { 0.0 } else { root(0.0, ph) };
    let hi = if s == n { 1.0 } else { root(ph, 1.0) };
    (lo, hi)
}

#[test]
fn wilson_matches_bisection_and_edges() {
    for (s, n) in [(74, 107), (0, 10), (10, 10), (1, 1), (500, 1000), (3, 7)] {
        let (lo, hi) = wilson_interval(s, n, 1.96).unwrap();
        let (blo, bhi) = wilson_by_bisection(s, n, 1.96);
        assert!(
            (lo - blo).abs() < 1e-9 && (hi - bhi).abs() < 1e-9,
            "{s}/{n}"
        );
    }
    assert!(wilson_interval(0, 0, 1.96).is_err());
    assert!(wilson_interval(3, 2, 1.96).is_err());
    assert!(wilson_interval(1, 2, f64::NAN).is_err());
    assert!(wilson_interval(1, 2, -1.0).is_err());
    assert_eq!(wilson_interval(1, 2, 0.0), Ok((0.5, 0.5)));
}

/// Two real e-mail addresses that the 64-bit key used before
/// [`ExactIds`] merged into one customer (tests/integration/identity.rs
/// shows the collision).
const COLLIDING: [&str; 2] = ["matthew09@example.org", "matthew86@example.org"];

#[test]
fn exact_ids_keep_apart_what_the_old_key_merged() {
    let [a, b] = COLLIDING;
    let mut ids = ExactIds::default();
    assert_eq!((ids.intern(a), ids.intern(b), ids.intern(a)), (0, 1, 0));
    assert_eq!(ids.len(), 2);
    assert_eq!((ids.get(a), ids.get(b)), (Some(0), Some(1)));
}

#[test]
fn exact_ids_survive_growth_and_odd_texts() {
    let mut ids = ExactIds::default();
    assert!(ids.is_empty());
    assert_eq!(ids.get("x"), None);
    assert_eq!(ids.text(0), None);
    let texts: Vec<String> = (0..5_000).map(|i| format!("c{i}")).collect();
    for (i, t) in texts.iter().enumerate() {
        assert_eq!(ids.intern(t), i);
    }
    assert_eq!(ids.intern(""), 5_000);
    assert_eq!(ids.intern("ação"), 5_001);
    for (i, t) in texts.iter().enumerate() {
        assert_eq!(ids.intern(t), i);
        assert_eq!(ids.text(i), Some(t.as_str()));
    }
    assert_eq!(ids.get(""), Some(5_000));
    assert_eq!(ids.text(5_001), Some("ação"));
    assert_eq!(ids.len(), 5_002);
}

fn any_f64() -> impl Strategy<Value = f64> {
    prop_oneof![
        -1e6..1e6f64,
        Just(0.0),
        Just(-0.0),
        Just(f64::MAX),
        Just(-f64::MAX),
        Just(f64::MIN_POSITIVE),
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        any::<f64>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Short texts are equal exactly when the texts are (every length
    /// up to 32, texts that differ in one byte anywhere).
    #[test]
    fn short_texts_equal_exactly_when_texts_do(
        a in "[ab\\x00é]{0,34}", b in "[ab\\x00é]{0,34}", flip in 0usize..40,
    ) {
        let (ka, kb) = (ShortText::new(&a), ShortText::new(&b));
        if let (Some(ka), Some(kb)) = (ka, kb) {
            prop_assert_eq!(ka == kb, a == b);
        }
        prop_assert_eq!(ka.is_some(), a.len() <= 32);
        let mut c = a.clone().into_bytes();
        if let Some(x) = c.get_mut(flip) {
            *x ^= 1;
            if let (Ok(c), Some(ka)) = (String::from_utf8(c), ka) {
                prop_assert_ne!(ShortText::new(&c), Some(ka));
            }
        }
    }

    #[test]
    fn selection_equals_sort_reference(
        v in proptest::collection::vec(-1e9..1e9f64, 1..200),
        q in 0.0..=1.0f64,
    ) {
        let reference = percentile(&v, q);
        let mut w = v.clone();
        prop_assert_eq!(percentile_select(&mut w, q), reference);
    }

    #[test]
    fn summary_equals_sort_reference(
        v in proptest::collection::vec(0.0..1e7f64, 0..200),
    ) {
        let mut d = DurationStats::default();
        for x in &v { d.push(*x).unwrap(); }
        let s = d.finish();
        prop_assert_eq!(s.n as usize, v.len());
        prop_assert_eq!(s.median, percentile(&v, 0.5));
        prop_assert_eq!(s.p90, percentile(&v, 0.9));
        prop_assert_eq!(s.p95, percentile(&v, 0.95));
        if !v.is_empty() {
            let (lo, hi) = v.iter().fold((f64::MAX, 0.0f64), |(a, b), x| (a.min(*x), b.max(*x)));
            let m = s.mean.unwrap();
            prop_assert!(m >= lo * (1.0 - 1e-12) && m <= hi * (1.0 + 1e-12));
        }
    }

    #[test]
    fn no_panic_and_finite_or_reason(
        v in proptest::collection::vec(any_f64(), 0..50),
        q in any_f64(),
        bins in 0usize..20,
    ) {
        for r in [percentile(&v, q), percentile_select(&mut v.clone(), q)] {
            match r {
                Ok(x) => prop_assert!(x.is_finite()),
                Err(u) => prop_assert!(!u.reason.is_empty()),
            }
        }
        let mut d = DurationStats::default();
        let mut accepted = 0u64;
        for x in &v {
            if d.push(*x).is_ok() { accepted += 1; }
        }
        let s = d.finish();
        prop_assert_eq!(s.n, accepted);
        for x in [s.mean, s.median, s.p90, s.p95].into_iter().flatten() {
            prop_assert!(x.is_finite());
        }
        if let Ok(h) = histogram_bins(&v, bins) {
            let total: u64 = h.counts.iter().sum::<u64>() + h.below + h.above + h.not_a_number;
            prop_assert_eq!(total as usize, v.len());
            prop_assert!(h.edges.iter().all(|e| e.is_finite()));
        }
        let h = histogram(&v, &minute_edges(q)).unwrap();
        let total: u64 = h.counts.iter().sum::<u64>() + h.below + h.above + h.not_a_number;
        prop_assert_eq!(total as usize, v.len());
    }

    #[test]
    fn exact_ids_match_a_map_of_texts(texts in proptest::collection::vec("[ab]{0,3}", 0..200)) {
        let mut ids = ExactIds::default();
        let mut want = std::collections::HashMap::new();
        for t in &texts {
            let next = want.len();
            let expected = *want.entry(t.clone()).or_insert(next);
            prop_assert_eq!(ids.intern(t), expected);
        }
        prop_assert_eq!(ids.len(), want.len());
    }

    #[test]
    fn wilson_is_ordered_and_contains_phat(s in 0u64..10_000, extra in 0u64..10_000, z in 0.0..5.0f64) {
        let n = s + extra;
        match wilson_interval(s, n, z) {
            Ok((lo, hi)) => {
                let p = s as f64 / n as f64;
                prop_assert!(0.0 <= lo && lo <= p + 1e-12 && p <= hi + 1e-12 && hi <= 1.0);
            }
            Err(_) => prop_assert_eq!(n, 0),
        }
        prop_assert!(wilson_interval(u64::MAX, u64::MAX, z).is_ok());
    }
}
