//! Tests of the churn and retention math.

use super::*;
use proptest::prelude::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn round1(x: f64) -> f64 {
    (x * 1000.0).round() / 10.0
}

#[test]
fn spec_examples() {
    assert_eq!(round1(customer_churn(200, 10).unwrap()), 5.0);
    assert_eq!(round1(retention_rate(200, 30, 220).unwrap()), 95.0);
    assert_eq!(net_change(200, 220), 20);
    assert_eq!(round1(annual_from_monthly(0.05).unwrap()), 46.0);
}

#[test]
fn undefined_edges() {
    assert_eq!(
        customer_churn(0, 0).unwrap_err().reason,
        "no customers at the start"
    );
    assert!(customer_churn(5, 6).is_err());
    assert!(retention_rate(0, 1, 1).is_err());
    assert!(retention_rate(10, 5, 4).is_err());
    assert!(retention_rate(10, 0, 11).is_err());
    assert!(annual_from_monthly(1.5).is_err());
    assert!(annual_from_monthly(-0.1).is_err());
    assert!(annual_from_monthly(f64::NAN).is_err());
    assert!(monthly_from_annual(f64::INFINITY).is_err());
    assert!(pooled_churn([]).is_err());
    assert!(pooled_churn([(0, 0)]).is_err());
    assert!(pooled_churn([(10, 11)]).is_err());
    assert!(renewal_rate(0, 0).is_err());
    assert!(renewal_rate(3, 2).is_err());
    assert!(churn_target(0.05, 2.0).is_err());
    assert_eq!(net_change(u64::MAX, 0), i64::MIN);
    assert_eq!(net_change(0, u64::MAX), i64::MAX);
}

#[test]
fn annual_monthly_cross_check() {
    // Independent: compound the survivors month by month.
    for m in [0.0, 0.01, 0.05, 0.2, 1.0] {
        let mut survivors = 1.0;
        for _ in 0..12 {
            survivors *= 1.0 - m;
        }
        let a = annual_from_monthly(m).unwrap();
        assert!((a - (1.0 - survivors)).abs() < 1e-12);
        assert!((monthly_from_annual(a).unwrap() - m).abs() < 1e-9);
    }
    // Never × 12.
    assert!(annual_from_monthly(0.05).unwrap() < 0.6);
}

#[test]
fn pooled_is_not_mean_of_rates() {
    let c = pooled_churn([(200, 10), (100, 30), (0, 0)]).unwrap();
    assert_eq!(c, 40.0 / 300.0);
    assert_ne!(c, (0.05 + 0.3) / 2.0);
}

#[test]
fn target_met_and_missed() {
    let met = churn_target(0.04, 0.05).unwrap();
    assert!(met.met);
    assert!((met.gap_points + 1.0).abs() < 1e-9);
    let exact = churn_target(0.05, 0.05).unwrap();
    assert!(exact.met && exact.gap_points == 0.0);
}

#[test]
fn renewal() {
    assert_eq!(renewal_rate(45, 50), Ok(0.9));
    assert_eq!(renewal_rate(0, 4), Ok(0.0));
}

#[test]
fn month_helpers() {
    assert_eq!(month_start(d(2024, 2, 29)), d(2024, 2, 1));
    assert_eq!(
        month_from_index(month_index(d(2024, 12, 9))),
        Some(d(2024, 12, 1))
    );
    assert_eq!(
        month_from_index(month_index(d(-5, 1, 9))),
        Some(d(-5, 1, 1))
    );
    assert_eq!(event_month(d(2024, 3, 1)), month_index(d(2024, 3, 1)));
    assert_eq!(event_month(d(2024, 3, 2)), month_index(d(2024, 3, 1)));
    assert!(MonthlyCounts::new(d(2024, 3, 1), d(2024, 2, 1)).is_err());
    assert!(MonthlyCounts::new(d(1800, 3, 1), d(2024, 2, 1)).is_err());
    assert!(MonthlyCounts::new(NaiveDate::MAX, NaiveDate::MAX).is_err());
    let s = serde_json::to_string(&MonthCounts {
        month: d(2024, 3, 1),
        start: 0,
        new: 0,
        first_time: 0,
        reactivated: 0,
        lost: 0,
        new_and_lost: 0,
        end: 0,
        rate: customer_churn(0, 0),
    })
    .unwrap();
    assert!(s.contains(r#""month":"2024-03""#), "{s}");
    assert!(
        s.contains(r#""rate":{"value":null,"reason":"no customers at the start","code":"no_customers_at_start"}"#),
        "{s}"
    );
}

/// Brute force, independent of the window arithmetic: walks the
/// instants 00:00 of each day. A customer is active at the instant
/// starting day `t` when some valid interval has `start < t ≤ end`
/// (an event at any time on a day happens after that day's 00:00).
/// Per month: S = active at its first instant, E = at the next month's;
/// L = in S, not in E; N = not in S and active at some instant of the
/// month after it; first-time when the customer's first start is in the
/// month; a lapse inside the month (in S and in E) is neither L nor N.
fn brute_force(
    customers: &[Vec<(NaiveDate, Option<NaiveDate>)>],
    first: NaiveDate,
    months: usize,
) -> Vec<(u64, u64, u64, u64, u64, u64, u64)> {
    let valid = |&(s, e): &(NaiveDate, Option<NaiveDate>)| e.map_or(true, |e| e > s);
    let active = |ivs: &[(NaiveDate, Option<NaiveDate>)], t: NaiveDate| {
        ivs.iter()
            .filter(|iv| valid(iv))
            .any(|&(s, e)| s < t && e.map_or(true, |e| t <= e))
    };
    let mut out = Vec::new();
    for k in 0..months {
        let m0 = first + chrono::Months::new(k as u32);
        let m1 = m0 + chrono::Months::new(1);
        let mut row = (0, 0, 0, 0, 0, 0, 0);
        for ivs in customers {
            let in_s = active(ivs, m0);
            let in_e = active(ivs, m1);
            let mut seen = false;
            let mut t = m0.succ_opt().unwrap();
            while t <= m1 {
                seen |= active(ivs, t);
                t = t.succ_opt().unwrap();
            }
            let started = !in_s && seen;
            let first_start = ivs.iter().filter(|iv| valid(iv)).map(|iv| iv.0).min();
            let first_time = started && first_start.is_some_and(|s| s >= m0 && s < m1);
            row.0 += u64::from(in_s);
            row.1 += u64::from(started);
            row.2 += u64::from(first_time);
            row.3 += u64::from(started && !first_time);
            row.4 += u64::from(in_s && !in_e);
            row.5 += u64::from(started && !in_e);
            row.6 += u64::from(in_e);
        }
        out.push(row);
    }
    out
}

#[test]
fn accumulator_table() {
    let first = d(2024, 1, 1);
    // (name, intervals, expected Jan (S,N,first,react,L,NL,E), Feb ...)
    type Row = (u64, u64, u64, u64, u64, u64, u64);
    type Case = (&'static str, Vec<(NaiveDate, Option<NaiveDate>)>, [Row; 2]);
    let cases: Vec<Case> = vec![
        (
            "retained",
            vec![(d(2023, 5, 1), None)],
            [(1, 0, 0, 0, 0, 0, 1), (1, 0, 0, 0, 0, 0, 1)],
        ),
        (
            "new mid-Jan",
            vec![(d(2024, 1, 10), None)],
            [(0, 1, 1, 0, 0, 0, 1), (1, 0, 0, 0, 0, 0, 1)],
        ),
        (
            "starts Feb 1 = February's N",
            vec![(d(2024, 2, 1), None)],
            [(0, 0, 0, 0, 0, 0, 0), (0, 1, 1, 0, 0, 0, 1)],
        ),
        (
            "starts Jan 1 = January's N, not in its S",
            vec![(d(2024, 1, 1), None)],
            [(0, 1, 1, 0, 0, 0, 1), (1, 0, 0, 0, 0, 0, 1)],
        ),
        (
            "lost mid-Jan",
            vec![(d(2023, 5, 1), Some(d(2024, 1, 15)))],
            [(1, 0, 0, 0, 1, 0, 0), (0, 0, 0, 0, 0, 0, 0)],
        ),
        (
            "ends Feb 1 = in February's S, lost in February",
            vec![(d(2023, 5, 1), Some(d(2024, 2, 1)))],
            [(1, 0, 0, 0, 0, 0, 1), (1, 0, 0, 0, 1, 0, 0)],
        ),
        (
            "ends Jan 1 = lost in January",
            vec![(d(2023, 5, 1), Some(d(2024, 1, 1)))],
            [(1, 0, 0, 0, 1, 0, 0), (0, 0, 0, 0, 0, 0, 0)],
        ),
        (
            "new and lost in January",
            vec![(d(2024, 1, 3), Some(d(2024, 1, 9)))],
            [(0, 1, 1, 0, 0, 1, 0), (0, 0, 0, 0, 0, 0, 0)],
        ),
        (
            "two overlapping subscriptions",
            vec![
                (d(2023, 5, 1), Some(d(2024, 1, 20))),
                (d(2024, 1, 10), None),
            ],
            [(1, 0, 0, 0, 0, 0, 1), (1, 0, 0, 0, 0, 0, 1)],
        ),
        (
            "touching renewal",
            vec![
                (d(2023, 5, 1), Some(d(2024, 1, 20))),
                (d(2024, 1, 20), Some(d(2024, 3, 5))),
            ],
            [(1, 0, 0, 0, 0, 0, 1), (1, 0, 0, 0, 0, 0, 1)],
        ),
        (
            "reactivation in February",
            vec![
                (d(2023, 5, 1), Some(d(2024, 1, 20))),
                (d(2024, 2, 10), None),
            ],
            [(1, 0, 0, 0, 1, 0, 0), (0, 1, 0, 1, 0, 0, 1)],
        ),
        (
            "lapse inside January: not lost",
            vec![
                (d(2023, 5, 1), Some(d(2024, 1, 10))),
                (d(2024, 1, 20), None),
            ],
            [(1, 0, 0, 0, 0, 0, 1), (1, 0, 0, 0, 0, 0, 1)],
        ),
        (
            "lapse inside January, gone at its end: lost once",
            vec![
                (d(2023, 5, 1), Some(d(2024, 1, 10))),
                (d(2024, 1, 20), Some(d(2024, 1, 25))),
            ],
            [(1, 0, 0, 0, 1, 0, 0), (0, 0, 0, 0, 0, 0, 0)],
        ),
        (
            "lapse across the month end: lost, then reactivated",
            vec![(d(2023, 5, 1), Some(d(2024, 1, 25))), (d(2024, 2, 3), None)],
            [(1, 0, 0, 0, 1, 0, 0), (0, 1, 0, 1, 0, 0, 1)],
        ),
        (
            "new twice in January, gone at its end",
            vec![
                (d(2024, 1, 3), Some(d(2024, 1, 5))),
                (d(2024, 1, 8), Some(d(2024, 1, 12))),
            ],
            [(0, 1, 1, 0, 0, 1, 0), (0, 0, 0, 0, 0, 0, 0)],
        ),
        (
            "invalid interval ignored",
            vec![(d(2024, 1, 3), Some(d(2024, 1, 3)))],
            [(0, 0, 0, 0, 0, 0, 0), (0, 0, 0, 0, 0, 0, 0)],
        ),
    ];
    for (name, ivs, expected) in cases {
        let mut c = MonthlyCounts::new(first, d(2024, 2, 1)).unwrap();
        c.add_customer(&ivs);
        let got: Vec<Row> = c
            .months()
            .iter()
            .map(|m| {
                (
                    m.start,
                    m.new,
                    m.first_time,
                    m.reactivated,
                    m.lost,
                    m.new_and_lost,
                    m.end,
                )
            })
            .collect();
        assert_eq!(got, expected.to_vec(), "{name}");
        assert_eq!(
            got,
            brute_force(std::slice::from_ref(&ivs), first, 2),
            "{name} vs brute force"
        );
    }
}

#[test]
fn identity_and_retention_choice() {
    let first = d(2024, 1, 1);
    let mut c = MonthlyCounts::new(first, d(2024, 1, 1)).unwrap();
    for _ in 0..190 {
        c.add_customer(&[(d(2023, 1, 1), None)]);
    }
    for _ in 0..10 {
        c.add_customer(&[(d(2023, 1, 1), Some(d(2024, 1, 15)))]);
    }
    for _ in 0..25 {
        c.add_customer(&[(d(2024, 1, 15), None)]);
    }
    for _ in 0..5 {
        c.add_customer(&[(d(2024, 1, 15), Some(d(2024, 1, 25)))]);
    }
    let m = &c.months()[0];
    assert_eq!(
        (m.start, m.new, m.lost, m.new_and_lost, m.end),
        (200, 30, 10, 5, 215)
    );
    assert_eq!(m.rate, Ok(0.05));
    // The literal (E − N) ÷ S of docs/metrics.md §2.4: (215 − 30) ÷ 200 = 92.5 % — the 5 new-and-lost
    // customers wrongly lower it.
    assert_eq!(retention_rate(m.start, m.new, m.end), Ok(0.925));
    assert_eq!(retention_from_counts(m), Ok(0.95));
    let p = c.period();
    assert_eq!(
        (p.start, p.new, p.lost, p.new_and_lost, p.end),
        (200, 30, 10, 5, 215)
    );
    assert_eq!(c.pooled_churn(), Ok(0.05));
}

fn arb_customer() -> impl Strategy<Value = Vec<(NaiveDate, Option<NaiveDate>)>> {
    let base = d(2023, 10, 1);
    prop::collection::vec((0i64..300, prop::option::weighted(0.7, -5i64..120)), 0..4).prop_map(
        move |v| {
            v.into_iter()
                .map(|(s, len)| {
                    let s = base + chrono::Duration::days(s);
                    (s, len.map(|l| s + chrono::Duration::days(l)))
                })
                .collect()
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn accumulator_matches_brute_force(customers in prop::collection::vec(arb_customer(), 0..6)) {
        let first = d(2024, 1, 1);
        let mut c = MonthlyCounts::new(first, d(2024, 4, 1)).unwrap();
        for ivs in &customers {
            c.add_customer(ivs);
        }
        let months = c.months();
        let got: Vec<_> = months
            .iter()
            .map(|m| (m.start, m.new, m.first_time, m.reactivated, m.lost, m.new_and_lost, m.end))
            .collect();
        prop_assert_eq!(got, brute_force(&customers, first, 4));
        for w in months.windows(2) {
            prop_assert_eq!(w[0].end, w[1].start);
        }
        for m in &months {
            prop_assert_eq!(m.end + m.lost + m.new_and_lost, m.start + m.new);
            if let Ok(r) = retention_from_counts(m) {
                prop_assert!((r - (1.0 - m.rate.clone().unwrap())).abs() < 1e-12);
            }
        }
        let p = c.period();
        prop_assert_eq!(p.start, months[0].start);
        prop_assert_eq!(p.end, months[3].end);
        prop_assert_eq!(p.end + p.lost + p.new_and_lost, p.start + p.new);
    }

    #[test]
    fn rates_never_escape(m in prop::num::f64::ANY, a in prop::num::f64::ANY, s in any::<u64>(), l in any::<u64>(), n in any::<u64>()) {
        for r in [annual_from_monthly(m), monthly_from_annual(a), customer_churn(s, l), retention_rate(s, n, l), renewal_rate(l, s), pooled_churn([(s, l), (l, s)])] {
            match r {
                Ok(v) => prop_assert!(v.is_finite() && (0.0..=1.0).contains(&v)),
                Err(u) => prop_assert!(!u.reason.is_empty()),
            }
        }
        if let Ok(t) = churn_target(m, a) {
            prop_assert!(t.gap_points.is_finite());
        }
    }
}
