//! Shared statistics ([contract](crate::contract) conventions, §3–§5): percentiles by linear
//! interpolation (spreadsheet PERCENTILE.INC / numpy default), a streaming
//! duration summary, histograms for charts, the Wilson score interval, the
//! FxHash maps and sets of the ticket and account accumulators, and exact
//! ids for customers ([`ExactIds`]).

use super::{finite, Metric, Undefined, Why};
use crate::words::{le_u64, small_word};
use serde::Serialize;
use std::hash::BuildHasher;

/// Reason for a percentile of nothing.
pub const NO_VALUES_REASON: Why = Why::new("no_values", "no values");
/// Reason for a percentile asked outside 0 … 1.
pub const QUANTILE_REASON: Why = Why::new(
    "percentile_out_of_range",
    "a percentile must be between 0 and 100 %",
);
/// Reason a value is refused because it is not a finite number.
pub const NOT_A_NUMBER_REASON: Why = Why::new("not_a_number", "the value is not a finite number");
/// Reason a duration is refused because it is negative.
pub const NEGATIVE_DURATION_REASON: Why =
    Why::new("negative_duration", "a duration cannot be negative");
/// Reason a result overflowed the range of numbers.
pub const TOO_LARGE_REASON: Why = Why::new("too_large", "the values are too large to compute with");

// ---------------------------------------------------------------------------
// Fast hashing for distinct sets.

/// Text of up to 32 bytes held as four words and its length, so a label
/// seen again (a status, a channel, a satisfaction word) is recognised with
/// a few integer compares instead of a string compare. The words are read
/// overlapping (bytes 0–7, 8–15, then the last 16), which is one-to-one for
/// a given length.
///
/// ```
/// use cxmetrics::metrics::stats::ShortText;
/// assert_eq!(ShortText::new("solved"), ShortText::new("solved"));
/// assert_ne!(ShortText::new("solved"), ShortText::new("Solved"));
/// assert_ne!(ShortText::new("ab"), ShortText::new("ab\0"));
/// assert!(ShortText::new(&"x".repeat(33)).is_none());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShortText {
    words: [u64; 4],
    len: usize,
}

impl ShortText {
    /// `text` as a short text; `None` beyond 32 bytes.
    #[inline]
    pub fn new(text: &str) -> Option<Self> {
        let b = text.as_bytes();
        let len = b.len();
        let word = |at: usize| le_u64(b, at).unwrap_or(0);
        let words = match len {
            0..=8 => [small_word(b), 0, 0, 0],
            9..=16 => [word(0), word(len - 8), 0, 0],
            17..=32 => [word(0), word(8), word(len - 16), word(len - 8)],
            _ => return None,
        };
        Some(ShortText { words, len })
    }
}

/// Maps and sets with rustc's FxHash (the `rustc-hash` crate): fast for
/// integer keys and short labels such as tags and priorities. The map
/// compares the keys themselves, so a hash never stands for a text (customer
/// ids go through [`ExactIds`]). Not resistant to deliberately colliding
/// keys: a hostile file can only make counting slower, never wrong.
///
/// ```
/// use cxmetrics::metrics::stats::FxHashSet;
/// let mut customers = FxHashSet::<u64>::default();
/// customers.insert(7);
/// customers.insert(7);
/// assert_eq!(customers.len(), 1);
/// ```
pub use rustc_hash::{FxHashMap, FxHashSet};

// ---------------------------------------------------------------------------
// Exact ids.

/// Exact identities for texts (customer, requester and account ids): each
/// distinct text gets the next dense index, 0, 1, 2 …, and the same text
/// always gets the same index. A hash finds the slot; comparing the text
/// decides, so two ids are one customer only when their texts are equal
/// (byte for byte, case and all), never because their hashes collide.
///
/// Memory: the texts once, end to end in one buffer, plus an end offset and
/// two to four table slots per distinct id (one `usize` each: 12 to 20 bytes
/// on wasm32 besides the text). A file crafted so that many ids share a slot
/// can only make interning slower, never merge two ids.
///
/// ```
/// use cxmetrics::metrics::stats::ExactIds;
/// let mut ids = ExactIds::default();
/// assert_eq!(ids.intern("matthew09@example.org"), 0);
/// assert_eq!(ids.intern("matthew86@example.org"), 1);
/// assert_eq!(ids.intern("matthew09@example.org"), 0);
/// assert_eq!(ids.get("Matthew09@example.org"), None);
/// assert_eq!(ids.text(1), Some("matthew86@example.org"));
/// assert_eq!(ids.len(), 2);
/// ```
#[derive(Debug, Clone, Default)]
pub struct ExactIds {
    /// Every distinct text, in index order, end to end.
    text: String,
    /// `ends[i]`: where text `i` ends in `text` (it starts at `ends[i − 1]`).
    ends: Vec<usize>,
    /// Open addressing with linear probing: 0 is empty, else index + 1. The
    /// length is 0 or a power of two, at most half full.
    slots: Vec<usize>,
}

impl ExactIds {
    /// The slot a hash starts probing at: its low bits, well mixed (the
    /// hasher's `finish` rotates the product's high bits there, as hashbrown
    /// expects), the table length being a power of two.
    #[inline]
    fn home(&self, hash: u64) -> usize {
        (hash as usize) & self.slots.len().wrapping_sub(1)
    }

    #[inline]
    fn hash(text: &str) -> u64 {
        rustc_hash::FxBuildHasher.hash_one(text)
    }

    /// Where the slot for `text` is: `Ok(index)` when it is there, else
    /// `Err(slot)`, the empty slot it would take. Needs at least one slot.
    #[inline]
    fn find(&self, text: &str, hash: u64) -> Result<usize, usize> {
        let mask = self.slots.len().wrapping_sub(1);
        let mut at = self.home(hash);
        loop {
            match self.slots.get(at).copied() {
                Some(0) | None => return Err(at),
                Some(id) => {
                    if self.text(id - 1) == Some(text) {
                        return Ok(id - 1);
                    }
                }
            }
            at = (at + 1) & mask;
        }
    }

    /// The index of `text`, given the next one when it is new.
    #[inline]
    pub fn intern(&mut self, text: &str) -> usize {
        if (self.ends.len() + 1) * 2 > self.slots.len() {
            self.grow();
        }
        let hash = Self::hash(text);
        match self.find(text, hash) {
            Ok(id) => id,
            Err(slot) => {
                let id = self.ends.len();
                self.text.push_str(text);
                self.ends.push(self.text.len());
                if let Some(s) = self.slots.get_mut(slot) {
                    *s = id + 1;
                }
                id
            }
        }
    }

    /// The index of `text` when it has been interned.
    pub fn get(&self, text: &str) -> Option<usize> {
        if self.slots.is_empty() {
            return None;
        }
        self.find(text, Self::hash(text)).ok()
    }

    /// The text of index `id`.
    pub fn text(&self, id: usize) -> Option<&str> {
        let end = *self.ends.get(id)?;
        let start = match id {
            0 => 0,
            _ => *self.ends.get(id - 1)?,
        };
        self.text.get(start..end)
    }

    /// How many distinct texts there are.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether nothing has been interned.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Interns the texts of `later` in its order (reading in parts): the
    /// indexes are those one set would have given, and the answer maps each
    /// index of `later` to its index here.
    ///
    /// ```
    /// use cxmetrics::metrics::stats::ExactIds;
    /// let (mut a, mut b) = (ExactIds::default(), ExactIds::default());
    /// a.intern("x");
    /// b.intern("y");
    /// b.intern("x");
    /// assert_eq!(a.merge(&b), vec![1, 0]);
    /// assert_eq!(a.text(1), Some("y"));
    /// ```
    #[cfg(feature = "partials")]
    pub fn merge(&mut self, later: &ExactIds) -> Vec<usize> {
        (0..later.len())
            .map(|i| self.intern(later.text(i).unwrap_or_default()))
            .collect()
    }

    /// Doubles the table (16 slots at first) and places every index again.
    #[cold]
    fn grow(&mut self) {
        let n = (self.slots.len() * 2).max(16);
        self.slots = vec![0; n];
        let mask = n - 1;
        for id in 0..self.ends.len() {
            let hash = Self::hash(self.text(id).unwrap_or(""));
            let mut at = self.home(hash);
            while self.slots.get(at).is_some_and(|&s| s != 0) {
                at = (at + 1) & mask;
            }
            if let Some(s) = self.slots.get_mut(at) {
                *s = id + 1;
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Percentiles.

fn check_q(q: f64) -> Metric<()> {
    if (0.0..=1.0).contains(&q) {
        Ok(())
    } else {
        Err(Undefined::from(QUANTILE_REASON))
    }
}

/// `x_lo + f·(x_hi − x_lo)`, the spreadsheet's interpolation, guarded:
/// `f = 0` returns `x_lo` exactly; if the difference overflows the convex
/// form `(1 − f)·x_lo + f·x_hi` is used; anything non-finite is undefined.
fn interpolate(x_lo: f64, x_hi: f64, f: f64) -> Metric<f64> {
    if f == 0.0 || x_lo == x_hi {
        return finite(x_lo, TOO_LARGE_REASON);
    }
    let direct = x_lo + f * (x_hi - x_lo);
    if direct.is_finite() {
        return Ok(direct);
    }
    finite((1.0 - f) * x_lo + f * x_hi, TOO_LARGE_REASON)
}

/// Rank position `h = (n − 1)·q` split into `(floor h, h − floor h)`.
fn rank(n: usize, q: f64) -> (usize, f64) {
    let h = (n - 1) as f64 * q;
    let lo = h.floor();
    // h ≤ n − 1 because q ≤ 1; the min guards rounding.
    ((lo as usize).min(n - 1), h - lo)
}

/// Percentile of values already sorted ascending (no copy, no allocation).
///
/// Formula ([contract](crate::contract) §7.6; spreadsheet PERCENTILE.INC, numpy's default
/// "linear"): h = (n − 1)·q, result = x[⌊h⌋] + (h − ⌊h⌋)·(x[⌈h⌉] − x[⌊h⌋]).
///
/// Edges: no values → undefined "no values"; q outside 0 … 1 or NaN →
/// undefined; a NaN value or a non-finite result → undefined. The caller
/// promises the order; unsorted input gives a wrong (but finite) number.
///
/// ```
/// use cxmetrics::metrics::stats::percentile_sorted;
/// assert_eq!(percentile_sorted(&[15.0, 20.0, 35.0, 40.0, 50.0], 0.4), Ok(29.0));
/// ```
pub fn percentile_sorted(sorted: &[f64], q: f64) -> Metric<f64> {
    if sorted.is_empty() {
        return Err(Undefined::from(NO_VALUES_REASON));
    }
    check_q(q)?;
    let (lo, f) = rank(sorted.len(), q);
    let x_lo = *sorted
        .get(lo)
        .ok_or_else(|| Undefined::from(NO_VALUES_REASON))?;
    let x_hi = *sorted.get(lo + 1).unwrap_or(&x_lo);
    if x_lo.is_nan() || x_hi.is_nan() {
        return Err(Undefined::from(NOT_A_NUMBER_REASON));
    }
    interpolate(x_lo, x_hi, f)
}

/// Percentile of values in any order: the sort-based reference (copies and
/// sorts with `total_cmp`, O(n log n)).
///
/// Formula and edges as [`percentile_sorted`]; any NaN among the values →
/// undefined. Use [`percentile_select`] for large inputs.
///
/// ```
/// use cxmetrics::metrics::stats::percentile;
/// // Spreadsheet: PERCENTILE.INC({1,2,3,4}, 0.9) = 3.7
/// assert!((percentile(&[4.0, 1.0, 3.0, 2.0], 0.9).unwrap() - 3.7).abs() < 1e-12);
/// assert!(percentile(&[], 0.5).is_err());
/// ```
pub fn percentile(values: &[f64], q: f64) -> Metric<f64> {
    if values.iter().any(|x| x.is_nan()) {
        return Err(Undefined::from(NOT_A_NUMBER_REASON));
    }
    let mut sorted = values.to_vec();
    sorted.sort_unstable_by(f64::total_cmp);
    percentile_sorted(&sorted, q)
}

/// Percentile by selection, O(n) on average, without sorting: reorders
/// `values` in place (`select_nth_unstable_by` with `total_cmp` at ⌊h⌋, then
/// the next order statistic is the minimum of the upper part).
///
/// Same formula, edges and results as [`percentile`].
///
/// ```
/// use cxmetrics::metrics::stats::percentile_select;
/// let mut v = [50.0, 15.0, 40.0, 20.0, 35.0];
/// assert_eq!(percentile_select(&mut v, 0.4), Ok(29.0));
/// ```
pub fn percentile_select(values: &mut [f64], q: f64) -> Metric<f64> {
    if values.is_empty() {
        return Err(Undefined::from(NO_VALUES_REASON));
    }
    check_q(q)?;
    if values.iter().any(|x| x.is_nan()) {
        return Err(Undefined::from(NOT_A_NUMBER_REASON));
    }
    let mut out = [Err(Undefined::from(NO_VALUES_REASON))];
    select_many(values, &[q], &mut out);
    let [r] = out;
    r
}

/// Several percentiles (each `qs[i]` in 0 … 1, ascending) by successive
/// selections, each narrowing the slice the next one searches. `values`
/// must be non-empty and NaN-free (checked by the callers).
fn select_many(values: &mut [f64], qs: &[f64], out: &mut [Metric<f64>]) {
    let n = values.len();
    // Everything before `base` is ≤ everything from `base` on.
    let mut base = 0usize;
    let mut last: Option<(usize, f64)> = None;
    for (q, slot) in qs.iter().zip(out.iter_mut()) {
        if check_q(*q).is_err() {
            *slot = Err(Undefined::from(QUANTILE_REASON));
            continue;
        }
        let (lo, f) = rank(n, *q);
        let x_lo = match last {
            Some((k, x)) if k == lo => x,
            _ if lo >= base => {
                let (_, nth, _) = values[base..].select_nth_unstable_by(lo - base, f64::total_cmp);
                let x = *nth;
                base = lo + 1;
                last = Some((lo, x));
                x
            }
            // qs not ascending: fall back to a fresh selection of the whole.
            _ => {
                let (_, nth, _) = values.select_nth_unstable_by(lo, f64::total_cmp);
                let x = *nth;
                base = lo + 1;
                last = Some((lo, x));
                x
            }
        };
        let x_hi = if f > 0.0 {
            values
                .get(lo + 1..)
                .unwrap_or(&[])
                .iter()
                .copied()
                .min_by(f64::total_cmp)
                .unwrap_or(x_lo)
        } else {
            x_lo
        };
        *slot = interpolate(x_lo, x_hi, f);
    }
}

// ---------------------------------------------------------------------------
// Duration summaries.

/// count, mean, median, p90, p95 of a set of durations ([contract §4, §8](crate::contract): the
/// figure's `value` is the median).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DurationSummary {
    /// Number of values.
    pub n: u64,
    /// Arithmetic mean.
    pub mean: Metric<f64>,
    /// 50th percentile (the headline value).
    pub median: Metric<f64>,
    /// 90th percentile.
    pub p90: Metric<f64>,
    /// 95th percentile.
    pub p95: Metric<f64>,
}

impl DurationSummary {
    /// The headline value: the median.
    pub fn value(&self) -> Metric<f64> {
        self.median.clone()
    }
}

/// Streaming accumulator of durations (or any non-negative quantity): push
/// one value at a time, [`finish`](DurationStats::finish) for the summary.
///
/// It keeps the values (8 bytes each) because exact percentiles need them;
/// nothing else is kept. They are kept in blocks of [`DURATION_BLOCK`]
/// values, so a long stream never reallocates: a growing single vector
/// copies itself at every doubling and leaves the old block as a hole that
/// the next doubling does not fit in, which in the wasm build (whose memory
/// only grows) raised the peak by the size of those holes.
///
/// The mean uses a Neumaier-compensated running sum, so a million minute
/// values sum without visible rounding drift; if that sum overflows, the
/// mean is recomputed as Σ(x ÷ n) over the kept values.
///
/// `push` refuses NaN/infinite values ([`NOT_A_NUMBER_REASON`]) and
/// negative ones ([`NEGATIVE_DURATION_REASON`]) and then leaves the state
/// unchanged: nothing is dropped silently; the caller reports the row.
///
/// ```
/// use cxmetrics::metrics::stats::DurationStats;
/// let mut d = DurationStats::default();
/// for x in [10.0, 20.0, 30.0, 40.0] { d.push(x).unwrap(); }
/// assert!(d.push(-1.0).is_err());
/// let s = d.finish();
/// assert_eq!((s.n, s.mean, s.median), (4, Ok(25.0), Ok(25.0)));
/// assert!((s.p90.unwrap() - 37.0).abs() < 1e-9);
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "partials", derive(serde::Serialize, serde::Deserialize))]
pub struct DurationStats {
    /// The values in push order, block after block; every block but the
    /// last is full.
    blocks: Vec<Vec<f64>>,
    len: usize,
    sum: f64,
    compensation: f64,
}

/// Values per block of [`DurationStats`] (512 KiB).
pub const DURATION_BLOCK: usize = 1 << 16;

impl DurationStats {
    /// An empty accumulator with room for `capacity` values (in its first
    /// block).
    pub fn with_capacity(capacity: usize) -> Self {
        DurationStats {
            blocks: if capacity == 0 {
                Vec::new()
            } else {
                vec![Vec::with_capacity(capacity)]
            },
            ..Default::default()
        }
    }

    /// Adds one value (see the type's doc for what is refused).
    #[inline]
    pub fn push(&mut self, x: f64) -> Result<(), &'static str> {
        if !x.is_finite() {
            return Err(NOT_A_NUMBER_REASON.reason);
        }
        if x < 0.0 {
            return Err(NEGATIVE_DURATION_REASON.reason);
        }
        // Neumaier's variant of Kahan summation.
        let t = self.sum + x;
        if self.sum.abs() >= x.abs() {
            self.compensation += (self.sum - t) + x;
        } else {
            self.compensation += (x - t) + self.sum;
        }
        self.sum = t;
        match self.blocks.last_mut() {
            Some(block) if block.len() < block.capacity() => block.push(x),
            _ => {
                let mut block = Vec::with_capacity(DURATION_BLOCK);
                block.push(x);
                self.blocks.push(block);
            }
        }
        self.len += 1;
        Ok(())
    }

    /// Number of values pushed.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Adds the values of `later` after these, one by one, so the
    /// compensated sum comes out to the bit it would have reading them all
    /// (reading in parts).
    #[cfg(feature = "partials")]
    pub fn merge(&mut self, later: DurationStats) {
        for x in later.blocks.into_iter().flatten() {
            // Every value of `later` was accepted by `push`: so is it here.
            let _ = self.push(x);
        }
    }

    /// Whether no value was pushed.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The values pushed, in push order (a copy).
    pub fn values(&self) -> Vec<f64> {
        self.blocks.concat()
    }

    /// count, mean, median, p90, p95 (percentiles as [`percentile`]).
    /// Edges: no values → every statistic undefined "no values".
    /// Selects on one copy of the values (the only block, reordered in
    /// place, when there is one) and keeps them all, so more
    /// values may be pushed and `finish` called again.
    pub fn finish(&mut self) -> DurationSummary {
        let n = self.len as u64;
        if self.len == 0 {
            let none = || Err(Undefined::from(NO_VALUES_REASON));
            return DurationSummary {
                n,
                mean: none(),
                median: none(),
                p90: none(),
                p95: none(),
            };
        }
        let nf = self.len as f64;
        let total = self.sum + self.compensation;
        let mean = if total.is_finite() {
            finite(total / nf, TOO_LARGE_REASON)
        } else {
            finite(
                self.blocks.iter().flatten().map(|x| x / nf).sum(),
                TOO_LARGE_REASON,
            )
        };
        let mut out = [
            Err(Undefined::from(NO_VALUES_REASON)),
            Err(Undefined::from(NO_VALUES_REASON)),
            Err(Undefined::from(NO_VALUES_REASON)),
        ];
        // One contiguous copy for the selection, dropped right after, so the
        // next statistic's copy reuses its memory.
        let mut copy;
        let values = match self.blocks.as_mut_slice() {
            [only] => only,
            blocks => {
                copy = blocks.concat();
                &mut copy
            }
        };
        select_many(values, &[0.5, 0.9, 0.95], &mut out);
        let [median, p90, p95] = out;
        DurationSummary {
            n,
            mean,
            median,
            p90,
            p95,
        }
    }
}

// ---------------------------------------------------------------------------
// Histograms.

/// Counts of values per bin, for a chart.
///
/// Bin `i` holds `edges[i] ≤ x < edges[i+1]`; the last bin is closed on both
/// sides (`≤ edges[last]`), as spreadsheet and numpy histograms do. Values
/// below the first edge or above the last are counted in `below` / `above`
/// (so an open-ended "more than …" bar can be drawn); NaN values are counted
/// in `not_a_number`. Nothing is dropped silently:
/// `Σ counts + below + above + not_a_number = number of values`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Histogram {
    /// Bin edges, strictly increasing, `counts.len() + 1` of them.
    pub edges: Vec<f64>,
    /// Values per bin.
    pub counts: Vec<u64>,
    /// Values below `edges[0]`.
    pub below: u64,
    /// Values above the last edge.
    pub above: u64,
    /// NaN values.
    pub not_a_number: u64,
}

/// Histogram of `values` over the given `edges`.
///
/// Edges must be finite and strictly increasing, at least two; otherwise
/// undefined. Each value is placed by binary search (O(log bins)).
///
/// ```
/// use cxmetrics::metrics::stats::histogram;
/// let h = histogram(&[0.0, 4.0, 5.0, 10.0, 11.0, -1.0], &[0.0, 5.0, 10.0]).unwrap();
/// assert_eq!(h.counts, vec![2, 2]);
/// assert_eq!((h.below, h.above), (1, 1));
/// ```
pub fn histogram(values: &[f64], edges: &[f64]) -> Metric<Histogram> {
    if edges.len() < 2
        || edges.iter().any(|e| !e.is_finite())
        || edges.windows(2).any(|w| w[0] >= w[1])
    {
        return Err(Undefined::new(
            "histogram_edges_invalid",
            "histogram edges must be at least two finite, increasing numbers",
        ));
    }
    let bins = edges.len() - 1;
    let mut h = Histogram {
        edges: edges.to_vec(),
        counts: vec![0; bins],
        below: 0,
        above: 0,
        not_a_number: 0,
    };
    let first = edges[0];
    let last = edges[bins];
    for &x in values {
        if x.is_nan() {
            h.not_a_number += 1;
        } else if x < first {
            h.below += 1;
        } else if x > last {
            h.above += 1;
        } else {
            // Number of edges ≤ x, minus one, is the bin; x == last → last bin.
            let i = edges
                .partition_point(|e| *e <= x)
                .saturating_sub(1)
                .min(bins - 1);
            if let Some(c) = h.counts.get_mut(i) {
                *c += 1;
            }
        }
    }
    Ok(h)
}

/// Histogram with `bins` equal-width bins from the smallest to the largest
/// finite value (numpy's `histogram(values, bins)`). All values equal → one
/// bin `[x − 0.5, x + 0.5]`. No finite values or `bins == 0` → undefined.
///
/// ```
/// use cxmetrics::metrics::stats::histogram_bins;
/// let h = histogram_bins(&[1.0, 2.0, 3.0, 4.0], 3).unwrap();
/// assert_eq!(h.counts, vec![1, 1, 2]);
/// ```
pub fn histogram_bins(values: &[f64], bins: usize) -> Metric<Histogram> {
    if bins == 0 {
        return Err(Undefined::new(
            "histogram_no_bins",
            "a histogram needs at least one bin",
        ));
    }
    let bins = bins.min(10_000);
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for &x in values.iter().filter(|x| x.is_finite()) {
        // Comparisons, not `f64::min`/`max`, which are calls in wasm (their
        // NaN rule differs from the instruction's); `x` is finite here.
        if x < lo {
            lo = x;
        }
        if x > hi {
            hi = x;
        }
    }
    if lo > hi {
        return Err(Undefined::from(NO_VALUES_REASON));
    }
    let edges: Vec<f64> = if lo == hi {
        vec![lo - 0.5, lo + 0.5]
    } else {
        let mut e: Vec<f64> = Vec::with_capacity(bins + 1);
        for i in 0..bins {
            let t = i as f64 / bins as f64;
            let direct = lo + (hi - lo) * t;
            let x = if direct.is_finite() {
                direct
            } else {
                (1.0 - t) * lo + t * hi
            };
            // Keep edges strictly increasing whatever the rounding.
            let above_last = match e.last() {
                Some(last) => x > *last,
                None => true,
            };
            if above_last && x < hi {
                e.push(x);
            }
        }
        e.push(hi);
        e
    };
    histogram(values, &edges)
}

/// Human bin edges for durations in minutes: 0, 5, 15, 30 min, 1, 2, 4, 8 h,
/// 1, 2, 3 days, 1, 2 weeks, 30 days.
pub const MINUTE_LADDER: [f64; 14] = [
    0.0, 5.0, 15.0, 30.0, 60.0, 120.0, 240.0, 480.0, 1440.0, 2880.0, 4320.0, 10080.0, 20160.0,
    43200.0,
];

/// Bin edges for a chart of durations in minutes whose largest value is
/// `max_minutes`: the [`MINUTE_LADDER`] (support targets are read in these
/// units: minutes, hours, working day, days, weeks) cut after the first
/// rung ≥ `max_minutes`, at least `[0, 5]`. Longer values fall in the
/// histogram's `above` count ("more than 30 days").
///
/// ```
/// use cxmetrics::metrics::stats::minute_edges;
/// assert_eq!(minute_edges(50.0), vec![0.0, 5.0, 15.0, 30.0, 60.0]);
/// assert_eq!(minute_edges(f64::NAN).len(), 14);
/// ```
pub fn minute_edges(max_minutes: f64) -> Vec<f64> {
    let cut = MINUTE_LADDER
        .iter()
        .position(|e| *e >= max_minutes)
        .unwrap_or(MINUTE_LADDER.len() - 1)
        .max(1);
    MINUTE_LADDER[..=cut].to_vec()
}

// ---------------------------------------------------------------------------
// Proportions.

/// Wilson score interval for a proportion (Wilson 1927; the interval [contract §3](crate::contract)
/// uses for CSAT).
///
/// With p̂ = successes ÷ n: centre = (p̂ + z²/2n) ÷ (1 + z²/n), half-width =
/// z ÷ (1 + z²/n) · √(p̂(1 − p̂)/n + z²/4n²); bounds clamped to 0 … 1.
///
/// Edges: n = 0 → undefined "no responses"; successes > n or z negative /
/// not finite → undefined.
///
/// ```
/// use cxmetrics::metrics::stats::wilson_interval;
/// use cxmetrics::metrics::survey::Z95;
/// let (lo, hi) = wilson_interval(74, 107, Z95).unwrap();
/// assert!((lo - 0.5990).abs() < 1e-3 && (hi - 0.7707).abs() < 1e-3);
/// ```
pub fn wilson_interval(successes: u64, n: u64, z: f64) -> Metric<(f64, f64)> {
    if n == 0 {
        return Err(Undefined::new("no_responses", "no responses"));
    }
    if successes > n {
        return Err(Undefined::new(
            "more_successes_than_trials",
            "more successes than trials",
        ));
    }
    if !z.is_finite() || z < 0.0 {
        return Err(Undefined::new(
            "z_value_invalid",
            "the z value must be a finite number of 0 or more",
        ));
    }
    let nf = n as f64;
    let p = successes as f64 / nf;
    let z2 = z * z;
    let denom = 1.0 + z2 / nf;
    let centre = (p + z2 / (2.0 * nf)) / denom;
    let half = z / denom * ((p * (1.0 - p) / nf + z2 / (4.0 * nf * nf)).max(0.0)).sqrt();
    let lo = finite(centre - half, TOO_LARGE_REASON)?;
    let hi = finite(centre + half, TOO_LARGE_REASON)?;
    // Mathematically lo ≤ p̂ ≤ hi, with lo = 0 at p̂ = 0 and hi = 1 at p̂ = 1;
    // rounding must not break that.
    let lo = if successes == 0 { 0.0 } else { lo.min(p) };
    let hi = if successes == n { 1.0 } else { hi.max(p) };
    Ok((lo.clamp(0.0, 1.0), hi.clamp(0.0, 1.0)))
}

#[cfg(test)]
mod tests;
