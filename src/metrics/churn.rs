//! Churn and retention over customer counts ([contract §2](crate::contract)), plus the month helpers
//! shared with [`super::revenue`].
//!
//! The pure functions take the four counts of a period — S (active at the
//! start), N (acquired during it), L (lost during it, among S), E (active at
//! the end). [`MonthlyCounts`] derives those counts month by month from each
//! customer's active date intervals.
//!
//! ## The month window (shared with the MRR snapshots)
//!
//! A start or an end at any time on a day belongs to that day's month. The
//! snapshot of month M is the instant 00:00 of its first day (UTC, or the
//! file's own offset when its times carry one): a customer is **active at
//! the start of M** when they started before that instant — on a day before
//! M's first day — and had not ended before it (`start < M's first day ≤
//! end`, by day; the same rule as the MRR snapshot in [`super::revenue`]).
//! Month M's S is "active at the start of M", its E is "active at the start
//! of the next month" (so E of one month is S of the next), and its events
//! (starts, ends) are those dated in M. A subscription that starts at 04:00
//! on March 1 is new in March and not in March's S; one that ends on March 1
//! is in March's S and lost in March. This keeps customer counts and MRR
//! movements in exact agreement and makes E = S − L + N − new_and_lost hold
//! for every month.
//!
//! **Lapses inside a month are not losses.** A customer who stops and is
//! back before the month ends (active at both snapshots, e.g. a card that
//! failed on the 10th and was paid on the 14th) is neither lost nor
//! reactivated that month: the monthly counts, like the MRR snapshots, see
//! the customer at the start and at the end. A lapse across a month end
//! (gone at a snapshot) is a loss in the month it started and a reactivation
//! in the month the customer came back. The period's `lost` counts the
//! customers of the period's S who were lost at least once in it (a customer
//! lost twice counts once; one who joined during the period is not in S), so
//! it is at most the sum of the monthly `lost`, which counts each loss in
//! its month.

use super::{fraction, ratio, Metric, Undefined};
use crate::metrics::Why;
use chrono::{Datelike, NaiveDate};
use serde::{Serialize, Serializer};

/// Why a month range that ends before it starts is undefined (also written by the SQL, `crate::sql::reasons`).
pub const MONTH_RANGE_REVERSED_REASON: Why = Why::new(
    "month_range_reversed",
    "the last month of the range is before the first",
);

/// Why a date range over 100 years is undefined (also written by the SQL, `crate::sql::reasons`).
pub const DATE_RANGE_TOO_LONG_REASON: Why = Why::new(
    "date_range_too_long",
    "the date range spans more than 100 years; check the dates in the file",
);

/// Why a monthly churn with no customers at the start of any month is undefined (also written by the SQL, `crate::sql::reasons`).
pub const NO_CUSTOMERS_AT_START_OF_ANY_MONTH_REASON: Why = Why::new(
    "no_customers_at_start_of_any_month",
    "no customers at the start of any month",
);

/// Why a churn or retention with no customers at the start is undefined (also written by the SQL, `crate::sql::reasons`).
pub const NO_CUSTOMERS_AT_START_REASON: Why =
    Why::new("no_customers_at_start", "no customers at the start");

/// Why a retention is undefined when more customers are new than there are
/// at the end (also written by the SQL, `crate::sql::reasons`).
pub const MORE_NEW_THAN_END_REASON: Why = Why::new(
    "more_new_than_end",
    "more new customers than customers at the end; the counts are inconsistent",
);

/// The first day of `date`'s month: the key that names a month everywhere in
/// the metrics ([contract §2](crate::contract): "the snapshot is the first day of the month").
///
/// ```
/// use chrono::NaiveDate;
/// use cxmetrics::metrics::churn::month_start;
/// let d = NaiveDate::from_ymd_opt(2024, 3, 17).unwrap();
/// assert_eq!(month_start(d), NaiveDate::from_ymd_opt(2024, 3, 1).unwrap());
/// ```
pub fn month_start(date: NaiveDate) -> NaiveDate {
    // Day 1 exists in every month, so this never fails; fall back to the
    // date itself rather than panic.
    date.with_day(1).unwrap_or(date)
}

pub(crate) use crate::time::{month_from_index, month_index};

/// The month window (see the module docs) an event on `date` falls in, as a
/// linear month index: the date's own month, the 1st included. The
/// snapshots strictly after index `event_month(start)` and up to
/// `event_month(end)` inclusive are the ones where `start < snapshot ≤ end`.
pub(crate) fn event_month(date: NaiveDate) -> i64 {
    month_index(date)
}

/// The most months a monthly table may span (100 years); keeps a stray date
/// in a file from allocating without bound.
pub const MAX_MONTHS: usize = 1200;

/// Checks a month range `first..=last` (any dates; normalised to their
/// months) and returns `(first month index, number of months)`.
pub(crate) fn month_range(first: NaiveDate, last: NaiveDate) -> Metric<(i64, usize)> {
    let a = month_index(first);
    let b = month_index(last);
    if b < a {
        return Err(Undefined::from(MONTH_RANGE_REVERSED_REASON));
    }
    let months = usize::try_from(b - a + 1).unwrap_or(usize::MAX);
    if months > MAX_MONTHS {
        return Err(Undefined::from(DATE_RANGE_TOO_LONG_REASON));
    }
    // The month after `last` is the closing snapshot; it must exist.
    if month_from_index(b + 1).is_none() {
        return Err(Undefined::new(
            "date_range_too_far",
            "the date range ends too far in the future",
        ));
    }
    Ok((a, months))
}

/// Serialises a [`Metric`] as a [contract §8](crate::contract) figure (see
/// [`crate::report::serialize_metric`]).
pub(crate) fn ser_metric<T: Serialize, S: Serializer>(
    metric: &Metric<T>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    crate::report::serialize_metric(metric, serializer)
}

/// A borrowed [`Metric`] that serialises as a figure (for lists of them).
pub(crate) struct AsFigure<'a, T>(pub &'a Metric<T>);

impl<T: Serialize> Serialize for AsFigure<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        ser_metric(self.0, serializer)
    }
}

/// Serialises a list of metrics as a list of figures.
pub(crate) fn ser_metric_vec<T: Serialize, S: Serializer>(
    metrics: &[Metric<T>],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(metrics.iter().map(AsFigure))
}

/// Serialises a month (its first day) as `"YYYY-MM"` ([contract §8](crate::contract)).
pub(crate) fn ser_month<S: Serializer>(
    month: &NaiveDate,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_str(&crate::report::month_id(*month))
}

/// Customer churn rate = L ÷ S ([contract §2](crate::contract)).
///
/// Edges: S = 0 → undefined "no customers at the start"; L > S → undefined
/// (L counts only customers who were active at the start).
///
/// ```
/// use cxmetrics::metrics::churn::customer_churn;
/// assert_eq!(customer_churn(200, 10), Ok(0.05));
/// assert!(customer_churn(0, 0).is_err());
/// ```
pub fn customer_churn(start: u64, lost: u64) -> Metric<f64> {
    if lost > start {
        return Err(Undefined::new(
            "more_lost_than_active",
            "more customers lost than were active at the start",
        ));
    }
    ratio(lost as f64, start as f64, NO_CUSTOMERS_AT_START_REASON)
}

/// Customer retention rate = (E − N) ÷ S, the literal textbook form ([contract §2.4](crate::contract)).
///
/// Edges: S = 0 → undefined; N > E or E − N > S → undefined (inconsistent
/// counts). Caveat: when some customers start *and* cancel in the same
/// period they are in N but not in E, so this formula equals
/// 1 − (L + new_and_lost) ÷ S and understates retention; the report shows
/// [`retention_from_counts`] instead, which equals 1 − churn.
///
/// ```
/// use cxmetrics::metrics::churn::retention_rate;
/// assert_eq!(retention_rate(200, 30, 220), Ok(0.95));
/// ```
pub fn retention_rate(start: u64, new: u64, end: u64) -> Metric<f64> {
    if start == 0 {
        return Err(Undefined::from(NO_CUSTOMERS_AT_START_REASON));
    }
    let kept = end
        .checked_sub(new)
        .ok_or_else(|| Undefined::from(MORE_NEW_THAN_END_REASON))?;
    if kept > start {
        return Err(Undefined::new(
            "more_kept_than_active",
            "more customers kept than were active at the start; the counts are inconsistent",
        ));
    }
    ratio(kept as f64, start as f64, NO_CUSTOMERS_AT_START_REASON)
}

/// Net change in customers = E − S ([contract §2](crate::contract)), saturating at the `i64` range.
///
/// ```
/// use cxmetrics::metrics::churn::net_change;
/// assert_eq!(net_change(200, 220), 20);
/// assert_eq!(net_change(200, 150), -50);
/// ```
pub fn net_change(start: u64, end: u64) -> i64 {
    let d = i128::from(end) - i128::from(start);
    i64::try_from(d).unwrap_or(if d < 0 { i64::MIN } else { i64::MAX })
}

/// Annual churn from monthly churn: a = 1 − (1 − m)^12 ([contract §2](crate::contract); never m × 12).
///
/// Edge: m outside 0–1 (or not a number) → undefined.
///
/// ```
/// use cxmetrics::metrics::churn::annual_from_monthly;
/// let a = annual_from_monthly(0.05).unwrap();
/// assert_eq!((a * 1000.0).round() / 10.0, 46.0);
/// ```
pub fn annual_from_monthly(monthly: f64) -> Metric<f64> {
    let m = fraction(monthly, "monthly churn")?;
    Ok(1.0 - (1.0 - m).powi(12))
}

/// Monthly churn from annual churn: m = 1 − (1 − a)^(1/12) ([contract §2](crate::contract)).
///
/// Edge: a outside 0–1 (or not a number) → undefined.
///
/// ```
/// use cxmetrics::metrics::churn::{annual_from_monthly, monthly_from_annual};
/// let m = monthly_from_annual(annual_from_monthly(0.05).unwrap()).unwrap();
/// assert!((m - 0.05).abs() < 1e-12);
/// ```
pub fn monthly_from_annual(annual: f64) -> Metric<f64> {
    let a = fraction(annual, "annual churn")?;
    Ok(1.0 - (1.0 - a).powf(1.0 / 12.0))
}

/// Average monthly churn over several months, exposure-weighted (pooled):
/// Σ L_i ÷ Σ S_i over `(S_i, L_i)` pairs ([contract §2](crate::contract)).
///
/// Edges: Σ S = 0 (or no months) → undefined; a month with L > S →
/// undefined. Sums saturate (cannot overflow).
///
/// ```
/// use cxmetrics::metrics::churn::pooled_churn;
/// // 10/200 and 30/100 → 40/300, not the mean of 5 % and 30 %.
/// let c = pooled_churn([(200, 10), (100, 30)]).unwrap();
/// assert!((c - 40.0 / 300.0).abs() < 1e-15);
/// ```
pub fn pooled_churn(months: impl IntoIterator<Item = (u64, u64)>) -> Metric<f64> {
    let (mut s, mut l) = (0u64, 0u64);
    for (start, lost) in months {
        if lost > start {
            return Err(Undefined::new(
                "month_lost_more_than_active",
                "a month has more customers lost than were active at its start",
            ));
        }
        s = s.saturating_add(start);
        l = l.saturating_add(lost);
    }
    ratio(
        l as f64,
        s as f64,
        NO_CUSTOMERS_AT_START_OF_ANY_MONTH_REASON,
    )
}

/// A churn rate compared with the user's target (lower is better).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChurnTarget {
    /// The measured churn rate (fraction).
    pub rate: f64,
    /// The target (fraction).
    pub target: f64,
    /// `rate ≤ target`.
    pub met: bool,
    /// (rate − target) × 100, in percentage points: positive = over target
    /// (missed by that much), negative or zero = under it.
    pub gap_points: f64,
}

/// Churn against a target ([contract §2](crate::contract)): met when rate ≤ target; gap in points.
///
/// Edges: rate or target outside 0–1 (or not a number) → undefined.
///
/// ```
/// use cxmetrics::metrics::churn::churn_target;
/// let t = churn_target(0.062, 0.05).unwrap();
/// assert!(!t.met);
/// assert!((t.gap_points - 1.2).abs() < 1e-9);
/// ```
pub fn churn_target(rate: f64, target: f64) -> Metric<ChurnTarget> {
    let rate = fraction(rate, "the churn rate")?;
    let target = fraction(target, "the churn target")?;
    Ok(ChurnTarget {
        rate,
        target,
        met: rate <= target,
        gap_points: (rate - target) * 100.0,
    })
}

/// Renewal rate = contracts renewed ÷ contracts up for renewal ([contract §2](crate::contract)).
///
/// Edges: none up for renewal → undefined; renewed > up → undefined.
///
/// ```
/// use cxmetrics::metrics::churn::renewal_rate;
/// assert_eq!(renewal_rate(45, 50), Ok(0.9));
/// assert!(renewal_rate(1, 0).is_err());
/// ```
pub fn renewal_rate(renewed: u64, up_for_renewal: u64) -> Metric<f64> {
    if renewed > up_for_renewal {
        return Err(Undefined::new(
            "more_renewed_than_up",
            "more contracts renewed than were up for renewal",
        ));
    }
    ratio(
        renewed as f64,
        up_for_renewal as f64,
        Why::new("no_contracts_up_for_renewal", "no contracts up for renewal"),
    )
}

/// One month's customer counts ([contract §2](crate::contract)), as [`MonthlyCounts`] produces them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthCounts {
    /// The month (its first day), serialised `"YYYY-MM"`.
    #[serde(serialize_with = "ser_month")]
    pub month: NaiveDate,
    /// S: customers active on the month's first day.
    pub start: u64,
    /// N: customers with activity starting in the month (first-time or
    /// reactivated); includes `new_and_lost`.
    pub new: u64,
    /// Of N: customers whose very first activity started in the month.
    pub first_time: u64,
    /// Of N: customers coming back after a gap.
    pub reactivated: u64,
    /// L: customers in S whose activity ended in the month.
    pub lost: u64,
    /// Customers whose activity started in the month and ended before its
    /// end (counted in N, not in E; not in L unless also in S).
    pub new_and_lost: u64,
    /// E: customers active on the next month's first day.
    pub end: u64,
    /// L ÷ S; undefined when S = 0.
    #[serde(serialize_with = "ser_metric")]
    pub rate: Metric<f64>,
}

/// Retention for one month from its counts: (E − N_kept) ÷ S where N_kept =
/// N − new_and_lost (customers whose activity started in the month and who
/// are still active at its end).
///
/// By construction E − N_kept = S − L, so this equals 1 − L ÷ S: the
/// complement of the churn rate. **This is the retention the report shows.**
/// The literal (E − N) ÷ S of [contract §2.4](crate::contract) ([`retention_rate`]) subtracts customers who
/// started and cancelled inside the month although they were never in E, so
/// it equals 1 − (L + new_and_lost) ÷ S and would show churn among customers
/// who were never part of S.
///
/// Edge: S = 0 → undefined.
///
/// ```
/// use chrono::NaiveDate;
/// use cxmetrics::metrics::churn::{retention_from_counts, MonthCounts};
/// let m = MonthCounts {
///     month: NaiveDate::from_ymd_opt(2024, 3, 1).unwrap(),
///     start: 200, new: 30, first_time: 30, reactivated: 0,
///     lost: 10, new_and_lost: 5, end: 215, rate: Ok(0.05),
/// };
/// assert_eq!(retention_from_counts(&m), Ok(0.95));
/// ```
pub fn retention_from_counts(month: &MonthCounts) -> Metric<f64> {
    let kept_new = month.new.saturating_sub(month.new_and_lost);
    retention_rate(month.start, kept_new, month.end)
}

/// The whole range's counts, comparing its first and its closing snapshot
/// with the same definitions as a month (S on the first month's first day, E
/// on the day after the last month, events in between).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeriodCounts {
    /// S: active on the first day of the range.
    pub start: u64,
    /// N: distinct customers with activity starting in the range.
    pub new: u64,
    /// Of N: first-time customers.
    pub first_time: u64,
    /// Of N: reactivated customers.
    pub reactivated: u64,
    /// L: customers in S whose activity (active at the start) ended in the range.
    pub lost: u64,
    /// Customers who started in the range and were not active at its end.
    pub new_and_lost: u64,
    /// E: active on the first day after the range.
    pub end: u64,
}

/// Streaming accumulator: customers' active intervals → monthly counts
/// ([contract §2](crate::contract)). Memory is proportional to the number of months, not customers.
///
/// Feed each customer once with all their `[start, end)` intervals
/// (`end = None`: still active). Overlapping or touching intervals of one
/// customer are merged (several subscriptions, or a renewal the day the old
/// one ends, are one continuous activity); a gap followed by a new interval
/// is a reactivation. Intervals with `end ≤ start` are ignored and counted in
/// [`MonthlyCounts::ignored_intervals`]. See the module docs for the month
/// window.
///
/// ```
/// use chrono::NaiveDate;
/// use cxmetrics::metrics::churn::MonthlyCounts;
/// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
/// let mut counts = MonthlyCounts::new(d(2024, 1, 1), d(2024, 2, 1)).unwrap();
/// counts.add_customer(&[(d(2023, 6, 10), Some(d(2024, 1, 20)))]); // lost in January
/// counts.add_customer(&[(d(2024, 1, 5), None)]); // new in January
/// let months = counts.months();
/// assert_eq!((months[0].start, months[0].new, months[0].lost, months[0].end), (1, 1, 1, 1));
/// assert_eq!(months[0].rate, Ok(1.0));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct MonthlyCounts {
    first: i64,
    months: usize,
    /// Active customers at snapshot j (j = 0 … months).
    active: Vec<u64>,
    new: Vec<u64>,
    first_time: Vec<u64>,
    lost: Vec<u64>,
    new_and_lost: Vec<u64>,
    period: PeriodCounts,
    ignored: u64,
    scratch: Vec<(NaiveDate, Option<NaiveDate>)>,
    merged: Vec<(i64, Option<i64>)>,
}

impl MonthlyCounts {
    /// Counts for the months `first..=last` (any day of each; normalised).
    /// Undefined when `last` is before `first` or the range exceeds
    /// [`MAX_MONTHS`].
    pub fn new(first: NaiveDate, last: NaiveDate) -> Metric<Self> {
        let (first, months) = month_range(first, last)?;
        Ok(MonthlyCounts {
            first,
            months,
            active: vec![0; months + 1],
            new: vec![0; months],
            first_time: vec![0; months],
            lost: vec![0; months],
            new_and_lost: vec![0; months],
            period: PeriodCounts {
                start: 0,
                new: 0,
                first_time: 0,
                reactivated: 0,
                lost: 0,
                new_and_lost: 0,
                end: 0,
            },
            ignored: 0,
            scratch: Vec::new(),
            merged: Vec::new(),
        })
    }

    /// Intervals ignored so far because they end on or before their start.
    pub fn ignored_intervals(&self) -> u64 {
        self.ignored
    }

    /// Adds one customer with all their intervals (in any order).
    pub fn add_customer(&mut self, intervals: &[(NaiveDate, Option<NaiveDate>)]) {
        self.scratch.clear();
        for &(s, e) in intervals {
            if e.is_some_and(|e| e <= s) {
                self.ignored = self.ignored.saturating_add(1);
            } else {
                self.scratch.push((s, e));
            }
        }
        merge_intervals(&mut self.scratch);
        // Window coordinates relative to the first month: interval covers
        // snapshots a+1 ..= b.
        // A lapse that ends in the window it began (no snapshot missed) is
        // no loss: the two intervals are one activity.
        self.merged.clear();
        for &(s, e) in &self.scratch {
            let a = event_month(s) - self.first;
            let b = e.map(|e| event_month(e) - self.first);
            match self.merged.last_mut() {
                Some(last) if last.1.is_some_and(|pb| a <= pb) => {
                    last.1 = b.map(|b| b.max(last.1.unwrap_or(b)));
                }
                _ => self.merged.push((a, b)),
            }
        }
        let n = self.months as i64;
        let in_range = |k: i64| (0..n).contains(&k);

        let mut last_start_month = i64::MIN;
        for (i, &(a, b)) in self.merged.iter().enumerate() {
            // Snapshots covered.
            let lo = (a + 1).max(0);
            let hi = b.unwrap_or(n).min(n);
            for j in lo..=hi {
                if let Some(c) = self.active.get_mut(j as usize) {
                    *c = c.saturating_add(1);
                }
            }
            // Start event in window a: count the customer once per month.
            if in_range(a) && a != last_start_month {
                last_start_month = a;
                bump(&mut self.new, a);
                if i == 0 {
                    bump(&mut self.first_time, a);
                }
                // The last interval starting in this window decides whether
                // the customer is still active at its end.
                let last_in_window = self.merged[i..]
                    .iter()
                    .take_while(|&&(a2, _)| a2 == a)
                    .last()
                    .map_or(b, |&(_, b2)| b2);
                if last_in_window == Some(a) {
                    bump(&mut self.new_and_lost, a);
                }
            }
            // End event in window b, for an interval active at snapshot b.
            if let Some(b) = b {
                if a < b && in_range(b) {
                    bump(&mut self.lost, b);
                }
            }
        }
        let f = window_flags(&self.merged, 0, n);
        let p = &mut self.period;
        let add = |x: &mut u64, yes: bool| *x = x.saturating_add(u64::from(yes));
        add(&mut p.start, f.in_start);
        add(&mut p.end, f.in_end);
        add(&mut p.lost, f.lost);
        add(&mut p.new, f.started);
        add(&mut p.first_time, f.started && f.first_time);
        add(&mut p.reactivated, f.started && !f.first_time);
        add(&mut p.new_and_lost, f.started && !f.in_end);
    }

    /// The counts per month, in order.
    pub fn months(&self) -> Vec<MonthCounts> {
        (0..self.months)
            .map(|k| {
                let start = self.active.get(k).copied().unwrap_or(0);
                let new = self.new.get(k).copied().unwrap_or(0);
                let first_time = self.first_time.get(k).copied().unwrap_or(0);
                let lost = self.lost.get(k).copied().unwrap_or(0);
                MonthCounts {
                    month: month_from_index(self.first + k as i64).unwrap_or(NaiveDate::MIN),
                    start,
                    new,
                    first_time,
                    reactivated: new.saturating_sub(first_time),
                    lost,
                    new_and_lost: self.new_and_lost.get(k).copied().unwrap_or(0),
                    end: self.active.get(k + 1).copied().unwrap_or(0),
                    rate: customer_churn(start, lost),
                }
            })
            .collect()
    }

    /// The counts over the whole range (first and closing snapshot).
    pub fn period(&self) -> PeriodCounts {
        self.period.clone()
    }

    /// Pooled monthly churn over the range: Σ L ÷ Σ S ([`pooled_churn`]).
    pub fn pooled_churn(&self) -> Metric<f64> {
        pooled_churn(self.active.iter().zip(&self.lost).map(|(&s, &l)| (s, l)))
    }
}

fn bump(v: &mut [u64], k: i64) {
    if let Some(c) = usize::try_from(k).ok().and_then(|k| v.get_mut(k)) {
        *c = c.saturating_add(1);
    }
}

/// Sorts and merges overlapping or touching `[start, end)` intervals in place.
pub(crate) fn merge_intervals(v: &mut Vec<(NaiveDate, Option<NaiveDate>)>) {
    v.sort_by_key(|a| a.0);
    let mut out = 0usize;
    for i in 0..v.len() {
        let (s, e) = v[i];
        if out > 0 {
            let (_, pe) = v[out - 1];
            match pe {
                None => continue, // open-ended: swallows everything later
                Some(pe) if s <= pe => {
                    v[out - 1].1 = e.map(|e| e.max(pe));
                    continue;
                }
                Some(_) => {}
            }
        }
        v[out] = (s, e);
        out += 1;
    }
    v.truncate(out);
}

/// Per-customer membership flags for the window between snapshots `j0` and
/// `j1` (`j0 < j1`), from merged window coordinates (an interval covers
/// snapshots a+1 ..= b).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Flags {
    in_start: bool,
    in_end: bool,
    lost: bool,
    started: bool,
    first_time: bool,
}

fn window_flags(merged: &[(i64, Option<i64>)], j0: i64, j1: i64) -> Flags {
    let covers = |&(a, b): &(i64, Option<i64>), j: i64| a < j && b.map_or(true, |b| j <= b);
    let mut f = Flags::default();
    for (i, iv) in merged.iter().enumerate() {
        if covers(iv, j0) {
            f.in_start = true;
            f.lost = iv.1.is_some_and(|b| b < j1);
        }
        if covers(iv, j1) {
            f.in_end = true;
        }
        if (j0..j1).contains(&iv.0) && !f.started {
            f.started = true;
            f.first_time = i == 0;
        }
    }
    f
}

#[cfg(test)]
mod tests;
