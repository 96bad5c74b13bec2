//! Acquisition and value ([contract §1](crate::contract)): CAC, ARPA, LTV, LTV : CAC, payback.
//!
//! Rates are fractions (gross margin 0.8 = 80 %, churn 0.03 = 3 % a month).
//! Every input is checked; anything out of range gives an undefined result
//! with the reason, never a clamped number.

use super::churn::ser_metric;
use super::{finite, fraction, non_negative, ratio, Metric, Undefined};
use crate::metrics::Why;
use serde::Serialize;

/// Why a CAC without new customers is undefined (also written by the SQL, `crate::sql::reasons`).
pub const NO_NEW_CUSTOMERS_REASON: Why =
    Why::new("no_new_customers", "no new customers in the period");

/// Why an ARPA without active customers is undefined (also written by the SQL, `crate::sql::reasons`).
pub const NO_ACTIVE_CUSTOMERS_REASON: Why = Why::new("no_active_customers", "no active customers");

/// Why an LTV is undefined without churn (also written by the SQL, `crate::sql::reasons`).
pub const NO_CHURN_OBSERVED_REASON: Why = Why::new("no_churn_observed", "no churn observed");

/// Why an LTV is undefined when its monthly churn is not a fraction: what
/// `metrics::fraction` gives for the input "monthly churn", with that parameter
/// (written by the SQL, `crate::sql::reasons`).
pub const MONTHLY_CHURN_NOT_A_FRACTION_REASON: Why = Why::new(
    "input_not_a_fraction",
    "monthly churn must be between 0 % and 100 %",
);

/// The common "healthy" LTV : CAC reference (3 : 1). Shown as a reference
/// point on the page, not as a truth about any business ([contract §1](crate::contract)).
pub const HEALTHY_LTV_CAC: f64 = 3.0;

/// The default lifetime cap in months for LTV when no churn is observed
/// ([contract §1](crate::contract)).
pub const DEFAULT_LIFETIME_CAP_MONTHS: u32 = 60;

/// The longest payback curve drawn (50 years of months): a tiny margin makes
/// the payback period huge, and the curve must stay small.
pub const MAX_CURVE_MONTHS: u32 = 600;

/// The shortest payback curve drawn ([contract §1](crate::contract): "at least 24").
pub const MIN_CURVE_MONTHS: u32 = 24;

/// Customer acquisition cost = acquisition spend ÷ new customers ([contract §1](crate::contract)).
///
/// Edges: 0 new customers → undefined "no new customers in the period";
/// negative or non-finite spend → undefined.
///
/// ```
/// use cxmetrics::metrics::acquisition::cac;
/// assert_eq!(cac(10_000.0, 5), Ok(2_000.0));
/// assert!(cac(10_000.0, 0).is_err());
/// ```
pub fn cac(spend: f64, new_customers: u64) -> Metric<f64> {
    let spend = non_negative(spend, "acquisition spend")?;
    ratio(spend, new_customers as f64, NO_NEW_CUSTOMERS_REASON)
}

/// One channel's spend and new customers (an input row of [`cac_by_channel`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChannelSpend {
    /// Channel name as it appears in the data.
    pub channel: String,
    /// Acquisition spend in the period.
    pub spend: f64,
    /// New customers acquired through the channel in the period.
    pub new_customers: u64,
}

/// CAC of one channel (or of all channels).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChannelCac {
    /// Channel name (`"total"` for the sum).
    pub channel: String,
    /// Spend summed over the channel's entries; undefined when an entry's
    /// spend is negative or not a number, or the sum overflows (serialised
    /// as the number, or `null`: the channel's `cac` says why).
    #[serde(serialize_with = "ser_value_or_null")]
    pub spend: Metric<f64>,
    /// New customers summed over the channel's entries.
    pub new_customers: u64,
    /// spend ÷ new customers.
    #[serde(serialize_with = "ser_metric")]
    pub cac: Metric<f64>,
}

/// A [`Metric`] detail as its value, or `null` when undefined.
fn ser_value_or_null<S: serde::Serializer>(
    metric: &Metric<f64>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    metric.as_ref().ok().serialize(serializer)
}

/// Per-channel CAC and the total.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CacByChannel {
    /// One entry per distinct channel, in order of first appearance.
    pub by_channel: Vec<ChannelCac>,
    /// All channels together: total spend ÷ total new customers (not the
    /// mean of the channel CACs).
    pub total: ChannelCac,
}

/// CAC per channel ([contract §1](crate::contract): "per channel when the spend data has a channel
/// column") and in total. Entries with the same channel name are summed;
/// channels keep the order in which they first appear.
///
/// Edges: a channel with 0 new customers has an undefined CAC (its spend
/// still counts in the total); a negative or non-finite spend makes that
/// channel's (and the total's) CAC undefined.
///
/// ```
/// use cxmetrics::metrics::acquisition::{cac_by_channel, ChannelSpend};
/// let rows = [
///     ChannelSpend { channel: "ads".into(), spend: 6_000.0, new_customers: 2 },
///     ChannelSpend { channel: "events".into(), spend: 4_000.0, new_customers: 3 },
/// ];
/// let c = cac_by_channel(&rows);
/// assert_eq!(c.by_channel[0].cac, Ok(3_000.0));
/// assert_eq!(c.total.cac, Ok(2_000.0));
/// ```
pub fn cac_by_channel(entries: &[ChannelSpend]) -> CacByChannel {
    fn add_spend(sum: &Metric<f64>, x: &Metric<f64>) -> Metric<f64> {
        let (a, b) = (sum.clone()?, x.clone()?);
        finite(
            a + b,
            Why::new(
                "spend_too_large",
                "the acquisition spend is too large to add up",
            ),
        )
    }
    let mut by_channel: Vec<ChannelCac> = Vec::new();
    for e in entries {
        let spend = non_negative(e.spend, "acquisition spend");
        match by_channel.iter_mut().find(|c| c.channel == e.channel) {
            Some(c) => {
                c.spend = add_spend(&c.spend, &spend);
                c.new_customers = c.new_customers.saturating_add(e.new_customers);
            }
            None => by_channel.push(ChannelCac {
                channel: e.channel.clone(),
                spend,
                new_customers: e.new_customers,
                cac: Ok(0.0),
            }),
        }
    }
    let mut spend = Ok(0.0);
    let mut new_customers = 0u64;
    for c in &mut by_channel {
        c.cac = c.spend.clone().and_then(|s| cac(s, c.new_customers));
        spend = add_spend(&spend, &c.spend);
        new_customers = new_customers.saturating_add(c.new_customers);
    }
    CacByChannel {
        by_channel,
        total: ChannelCac {
            channel: "total".into(),
            cac: spend.clone().and_then(|s| cac(s, new_customers)),
            spend,
            new_customers,
        },
    }
}

/// Average revenue per account (monthly) = MRR ÷ active customers ([contract §1](crate::contract)).
///
/// Edges: 0 customers → undefined; negative or non-finite MRR → undefined.
///
/// ```
/// use cxmetrics::metrics::acquisition::arpa;
/// assert_eq!(arpa(25_000.0, 250), Ok(100.0));
/// assert!(arpa(25_000.0, 0).is_err());
/// ```
pub fn arpa(mrr: f64, active_customers: u64) -> Metric<f64> {
    let mrr = non_negative(mrr, "MRR")?;
    ratio(mrr, active_customers as f64, NO_ACTIVE_CUSTOMERS_REASON)
}

/// The inputs of [`ltv`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LtvInputs {
    /// Monthly ARPA (≥ 0).
    pub arpa: f64,
    /// Gross margin as a fraction 0–1.
    pub gross_margin: f64,
    /// Monthly customer churn as a fraction 0–1.
    pub monthly_churn: f64,
    /// Optional monthly discount rate d ≥ 0 (`None` = 0, the plain formula).
    pub discount_rate: Option<f64>,
    /// Lifetime cap in months, used only when churn is 0.
    pub lifetime_cap_months: u32,
}

impl LtvInputs {
    /// Inputs with no discounting and the default 60-month cap.
    pub fn new(arpa: f64, gross_margin: f64, monthly_churn: f64) -> Self {
        LtvInputs {
            arpa,
            gross_margin,
            monthly_churn,
            discount_rate: None,
            lifetime_cap_months: DEFAULT_LIFETIME_CAP_MONTHS,
        }
    }
}

/// The LTV value capped at a lifetime, shown when no churn was observed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CappedLtv {
    /// The capped value.
    pub value: f64,
    /// The cap in months.
    pub months: u32,
    /// Always `"capped"`: the page labels the figure with it.
    pub label: &'static str,
}

/// Customer lifetime value (see [`ltv`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ltv {
    /// The LTV; undefined when churn is 0 ("no churn observed") or an input
    /// is out of range.
    #[serde(serialize_with = "ser_metric")]
    pub value: Metric<f64>,
    /// Expected lifetime in months = 1 ÷ monthly churn.
    #[serde(serialize_with = "ser_metric")]
    pub expected_lifetime_months: Metric<f64>,
    /// Present only when churn is 0 and the inputs are valid: the value
    /// over the lifetime cap, labelled "capped".
    pub capped: Option<CappedLtv>,
}

/// Lifetime value ([contract §1](crate::contract)).
///
/// Formula: plain LTV = ARPA × gm ÷ c. With a monthly discount rate d > 0:
/// LTV = ARPA × gm × (1 + d) ÷ (c + d) — the sum over months i ≥ 0 of the
/// surviving customer's margin ARPA·gm·(1 − c)^i discounted by (1 + d)^i,
/// first month undiscounted; d = 0 gives the plain formula.
///
/// Edges:
/// - c = 0 → `value` undefined "no churn observed", and `capped` carries the
///   value over the lifetime cap L: ARPA × gm × L when d = 0, and the same
///   discounted sum truncated at L months, ARPA·gm·Σ_{i<L}(1 + d)^−i, when
///   d > 0 (consistent with the discounted formula, which would otherwise
///   report a finite value from an unobserved lifetime).
/// - ARPA negative, gm or c outside 0–1, d negative, any input NaN or
///   infinite → `value` undefined with the reason, no capped value.
///
/// ```
/// use cxmetrics::metrics::acquisition::{ltv, LtvInputs};
/// let plain = ltv(&LtvInputs::new(100.0, 0.8, 0.02));
/// assert!((plain.value.unwrap() - 4_000.0).abs() < 1e-9);
/// let none = ltv(&LtvInputs::new(100.0, 0.8, 0.0));
/// assert_eq!(none.value.unwrap_err().reason, "no churn observed");
/// assert_eq!(none.capped.unwrap().value, 100.0 * 0.8 * 60.0);
/// ```
pub fn ltv(inputs: &LtvInputs) -> Ltv {
    match ltv_checked(inputs) {
        Ok(l) => l,
        Err(u) => Ltv {
            value: Err(u.clone()),
            expected_lifetime_months: Err(u),
            capped: None,
        },
    }
}

fn ltv_checked(inputs: &LtvInputs) -> Metric<Ltv> {
    let arpa = non_negative(inputs.arpa, "ARPA")?;
    let gm = fraction(inputs.gross_margin, "gross margin")?;
    let c = fraction(inputs.monthly_churn, "monthly churn")?;
    let d = non_negative(inputs.discount_rate.unwrap_or(0.0), "the discount rate")?;
    let margin = finite(
        arpa * gm,
        Why::new("arpa_too_large", "ARPA is too large to compute with"),
    )?;
    if c == 0.0 {
        let cap = inputs.lifetime_cap_months;
        let capped = if d == 0.0 {
            margin * f64::from(cap)
        } else {
            // Σ_{i<L} (1+d)^−i = (1 + d)/d × (1 − (1 + d)^−L)
            margin * (1.0 + d) / d * (1.0 - (1.0 + d).powi(-(cap.min(i32::MAX as u32) as i32)))
        };
        let capped = finite(
            capped,
            Why::new(
                "capped_ltv_too_large",
                "the capped lifetime value is too large to compute",
            ),
        )?;
        let none = Undefined::from(NO_CHURN_OBSERVED_REASON);
        return Ok(Ltv {
            value: Err(none.clone()),
            expected_lifetime_months: Err(none),
            capped: Some(CappedLtv {
                value: capped,
                months: cap,
                label: "capped",
            }),
        });
    }
    Ok(Ltv {
        value: finite(
            margin * (1.0 + d) / (c + d),
            Why::new(
                "ltv_too_large",
                "the lifetime value is too large to compute",
            ),
        ),
        expected_lifetime_months: finite(
            1.0 / c,
            Why::new(
                "lifetime_too_long",
                "the expected lifetime is too long to compute",
            ),
        ),
        capped: None,
    })
}

/// LTV : CAC = LTV ÷ CAC ([contract §1](crate::contract)). Compare with [`HEALTHY_LTV_CAC`] as a
/// reference, not a verdict.
///
/// Edges: CAC = 0 → undefined "no acquisition cost"; negative or non-finite
/// inputs → undefined.
///
/// ```
/// use cxmetrics::metrics::acquisition::{ltv_cac, HEALTHY_LTV_CAC};
/// assert_eq!(ltv_cac(6_000.0, 2_000.0), Ok(HEALTHY_LTV_CAC));
/// ```
pub fn ltv_cac(ltv: f64, cac: f64) -> Metric<f64> {
    let ltv = non_negative(ltv, "LTV")?;
    let cac = non_negative(cac, "CAC")?;
    ratio(
        ltv,
        cac,
        Why::new(
            "no_acquisition_cost",
            "no acquisition cost, so LTV : CAC has no value",
        ),
    )
}

/// Monthly margin per customer, ARPA × gm, with its inputs checked.
fn monthly_margin(arpa: f64, gross_margin: f64) -> Metric<f64> {
    let arpa = non_negative(arpa, "ARPA")?;
    let gm = fraction(gross_margin, "gross margin")?;
    finite(
        arpa * gm,
        Why::new("arpa_too_large", "ARPA is too large to compute with"),
    )
}

/// CAC payback in months = CAC ÷ (ARPA × gross margin) ([contract §1](crate::contract)). Ignores
/// churn; see [`lost_before_payback`] and [`payback_curve`] for its effect.
///
/// Edges: ARPA × gm = 0 → undefined "no monthly margin to pay back CAC";
/// negative inputs or gm outside 0–1 → undefined.
///
/// ```
/// use cxmetrics::metrics::acquisition::payback_months;
/// assert_eq!(payback_months(1_200.0, 100.0, 1.0), Ok(12.0));
/// ```
pub fn payback_months(cac: f64, arpa: f64, gross_margin: f64) -> Metric<f64> {
    let cac = non_negative(cac, "CAC")?;
    let m = monthly_margin(arpa, gross_margin)?;
    ratio(
        cac,
        m,
        Why::new(
            "no_monthly_margin_to_pay_back_cac",
            "no monthly margin to pay back CAC",
        ),
    )
}

/// Share of new customers expected to cancel before paying back their CAC =
/// 1 − (1 − c)^payback_months ([contract §1](crate::contract)).
///
/// Edges: c outside 0–1, negative or non-finite payback → undefined.
///
/// ```
/// use cxmetrics::metrics::acquisition::lost_before_payback;
/// let lost = lost_before_payback(0.03, 12.0).unwrap();
/// assert_eq!((lost * 1000.0).round() / 10.0, 30.6);
/// ```
pub fn lost_before_payback(monthly_churn: f64, payback_months: f64) -> Metric<f64> {
    let c = fraction(monthly_churn, "monthly churn")?;
    let p = non_negative(payback_months, "the payback period")?;
    finite(
        1.0 - (1.0 - c).powf(p),
        Why::new(
            "payback_too_long",
            "the payback period is too long to compute",
        ),
    )
}

/// One point of the payback curve.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CurvePoint {
    /// Months since acquisition, k.
    pub month: u32,
    /// Cumulative expected margin per acquired customer minus CAC.
    pub value: f64,
}

/// The payback curve (see [`payback_curve`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PaybackCurve {
    /// Points for k = 0 … horizon.
    pub points: Vec<CurvePoint>,
    /// The first month k at which the value is ≥ 0 (may lie beyond the
    /// drawn horizon), or why there is none.
    #[serde(serialize_with = "ser_metric")]
    pub break_even_month: Metric<u64>,
    /// The cumulative margin the curve tends to, ARPA·gm ÷ c (undefined when
    /// c = 0: it grows without bound).
    #[serde(serialize_with = "ser_metric")]
    pub margin_limit: Metric<f64>,
}

/// Cumulative expected margin after `k` months, closed form:
/// m·(1 − (1 − c)^k) ÷ c, or m·k when c = 0.
fn cumulative_margin(m: f64, c: f64, k: f64) -> f64 {
    if c == 0.0 {
        m * k
    } else {
        m * (1.0 - (1.0 - c).powf(k)) / c
    }
}

/// The payback curve ([contract §1](crate::contract)): month k → ARPA·gm·Σ_{i=0}^{k−1}(1 − c)^i − CAC,
/// for k = 0 … H with H = max(⌈2 × payback⌉, 24), at most
/// [`MAX_CURVE_MONTHS`] (H = 24 when payback is undefined), and the
/// break-even month: the first k with a value ≥ 0.
///
/// Edges: the break-even month is undefined when ARPA·gm = 0 (no margin),
/// or when churn keeps the cumulative margin below CAC for ever (its limit
/// ARPA·gm ÷ c ≤ CAC while CAC > 0); it may lie beyond H, and is then
/// computed in closed form: the smallest k with (1 − c)^k ≤ 1 − CAC·c ÷ m.
/// Negative inputs, gm or c outside 0–1, or amounts so large the curve
/// overflows → the whole curve is undefined.
///
/// ```
/// use cxmetrics::metrics::acquisition::payback_curve;
/// let curve = payback_curve(1_200.0, 100.0, 1.0, 0.0).unwrap();
/// assert_eq!(curve.points.len(), 25); // 0 … 24
/// assert_eq!(curve.break_even_month, Ok(12));
/// let never = payback_curve(1_200.0, 100.0, 1.0, 0.1).unwrap(); // limit 1,000 < 1,200
/// assert!(never.break_even_month.is_err());
/// ```
pub fn payback_curve(
    cac: f64,
    arpa: f64,
    gross_margin: f64,
    monthly_churn: f64,
) -> Metric<PaybackCurve> {
    let cac = non_negative(cac, "CAC")?;
    let m = monthly_margin(arpa, gross_margin)?;
    let c = fraction(monthly_churn, "monthly churn")?;
    let horizon = match payback_months(cac, arpa, gross_margin) {
        Ok(p) => {
            let h = (2.0 * p).ceil();
            if h >= f64::from(MAX_CURVE_MONTHS) {
                MAX_CURVE_MONTHS
            } else {
                (h as u32).max(MIN_CURVE_MONTHS)
            }
        }
        Err(_) => MIN_CURVE_MONTHS,
    };
    let mut points = Vec::with_capacity(horizon as usize + 1);
    let mut cumulative = 0.0;
    let mut survival = 1.0;
    let mut break_even = None;
    for k in 0..=horizon {
        let value = cumulative - cac;
        if break_even.is_none() && value >= 0.0 {
            break_even = Some(u64::from(k));
        }
        points.push(CurvePoint { month: k, value });
        cumulative += m * survival;
        survival *= 1.0 - c;
    }
    if points.iter().any(|p| !p.value.is_finite()) {
        return Err(Undefined::new(
            "payback_curve_too_large",
            "ARPA or CAC is too large to draw the payback curve",
        ));
    }
    let margin_limit = if c == 0.0 {
        Err(Undefined::new(
            "margin_grows_without_limit",
            "with no churn the cumulative margin grows without limit",
        ))
    } else {
        finite(
            m / c,
            Why::new(
                "margin_limit_too_large",
                "the margin limit is too large to compute",
            ),
        )
    };
    let break_even_month = match break_even {
        Some(k) => Ok(k),
        None => break_even_beyond(cac, m, c, horizon),
    };
    Ok(PaybackCurve {
        points,
        break_even_month,
        margin_limit,
    })
}

/// The break-even month when it is not within the drawn curve.
fn break_even_beyond(cac: f64, m: f64, c: f64, horizon: u32) -> Metric<u64> {
    if m == 0.0 {
        return Err(Undefined::new(
            "no_monthly_margin_to_pay_back_cac",
            "no monthly margin to pay back CAC",
        ));
    }
    if c >= 1.0 || m / c <= cac {
        return Err(Undefined::new(
            "never_pays_back",
            format!(
                "churn keeps the expected margin per customer below CAC: it never exceeds ARPA × margin ÷ churn = {:.2}",
                m / c
            ),
        )
        .with_param("ceiling", (m / c * 100.0).round() / 100.0));
    }
    let k = if c == 0.0 {
        (cac / m).ceil()
    } else {
        ((1.0 - cac * c / m).ln() / (1.0 - c).ln()).ceil()
    };
    if !k.is_finite() || k >= 9.0e15 {
        return Err(Undefined::new(
            "break_even_too_far",
            "the break-even month is too far away to compute",
        ));
    }
    // Nudge across rounding at the boundary so value(k) ≥ 0 > value(k − 1).
    let mut k = k.max(f64::from(horizon) + 1.0);
    while k > f64::from(horizon) + 1.0 && cumulative_margin(m, c, k - 1.0) >= cac {
        k -= 1.0;
    }
    let mut guard = 0;
    while cumulative_margin(m, c, k) < cac && guard < 4 {
        k += 1.0;
        guard += 1;
    }
    Ok(k as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn pct1(x: f64) -> f64 {
        (x * 1000.0).round() / 10.0
    }

    #[test]
    fn spec_examples() {
        assert_eq!(cac(10_000.0, 5), Ok(2_000.0));
        assert_eq!(payback_months(1_200.0, 100.0, 1.0), Ok(12.0));
        assert_eq!(pct1(lost_before_payback(0.03, 12.0).unwrap()), 30.6);
        assert_eq!(HEALTHY_LTV_CAC, 3.0);
    }

    #[test]
    fn cac_edges() {
        assert_eq!(
            cac(1.0, 0).unwrap_err().reason,
            "no new customers in the period"
        );
        assert!(cac(-1.0, 3).is_err());
        assert!(cac(f64::NAN, 3).is_err());
        assert_eq!(cac(0.0, 3), Ok(0.0));
    }

    #[test]
    fn channels_keep_order_and_sum() {
        let row = |c: &str, s: f64, n: u64| ChannelSpend {
            channel: c.into(),
            spend: s,
            new_customers: n,
        };
        let r = cac_by_channel(&[
            row("search", 1_000.0, 2),
            row("events", 3_000.0, 0),
            row("search", 2_000.0, 1),
        ]);
        let names: Vec<_> = r.by_channel.iter().map(|c| c.channel.as_str()).collect();
        assert_eq!(names, ["search", "events"]);
        assert_eq!(r.by_channel[0].cac, Ok(1_000.0));
        assert!(r.by_channel[1].cac.is_err());
        // Total = Σ spend ÷ Σ new, independently.
        assert_eq!(r.total.cac, Ok(6_000.0 / 3.0));
        assert!(cac_by_channel(&[]).total.cac.is_err());
        let huge = cac_by_channel(&[
            row("a", f64::MAX, 1),
            row("b", f64::MAX, 1),
            row("c", -5.0, 1),
        ]);
        assert_eq!(huge.by_channel[0].cac, Ok(f64::MAX));
        assert!(huge.by_channel[2].spend.is_err() && huge.by_channel[2].cac.is_err());
        assert!(huge.total.spend.is_err() && huge.total.cac.is_err());
        let json = serde_json::to_string(&r.total).unwrap();
        assert!(json.contains(r#""cac":{"value":2000.0}"#), "{json}");
        assert!(json.contains(r#""spend":6000.0,"#), "{json}");
        let json = serde_json::to_string(&huge.by_channel[2]).unwrap();
        assert!(json.contains(r#""spend":null,"#), "{json}");
    }

    #[test]
    fn arpa_edges() {
        assert_eq!(arpa(25_000.0, 250), Ok(100.0));
        assert!(arpa(1.0, 0).is_err());
        assert!(arpa(-1.0, 5).is_err());
    }

    /// Brute force: sum the discounted surviving margin month by month.
    fn ltv_by_summation(arpa: f64, gm: f64, c: f64, d: f64, months: u32) -> f64 {
        let mut total = 0.0;
        for i in 0..months {
            total += arpa * gm * (1.0 - c).powi(i as i32) / (1.0 + d).powi(i as i32);
        }
        total
    }

    #[test]
    fn ltv_plain_and_discounted_match_summation() {
        for &(a, gm, c, d) in &[
            (100.0, 0.8, 0.02, 0.0),
            (100.0, 0.8, 0.02, 0.01),
            (50.0, 1.0, 0.1, 0.005),
            (80.0, 0.6, 1.0, 0.0),
        ] {
            let mut inputs = LtvInputs::new(a, gm, c);
            inputs.discount_rate = Some(d);
            let v = ltv(&inputs).value.unwrap();
            let s = ltv_by_summation(a, gm, c, d, 20_000);
            assert!((v - s).abs() < 1e-6 * s, "{a} {gm} {c} {d}: {v} vs {s}");
        }
        assert_eq!(
            ltv(&LtvInputs::new(100.0, 0.8, 0.02)).expected_lifetime_months,
            Ok(50.0)
        );
    }

    #[test]
    fn ltv_no_churn_is_capped() {
        let l = ltv(&LtvInputs::new(100.0, 0.5, 0.0));
        assert_eq!(l.value.unwrap_err().reason, "no churn observed");
        let capped = l.capped.unwrap();
        assert_eq!(
            (capped.value, capped.months, capped.label),
            (3_000.0, 60, "capped")
        );
        let mut i = LtvInputs::new(100.0, 0.5, 0.0);
        i.discount_rate = Some(0.01);
        i.lifetime_cap_months = 36;
        let capped = ltv(&i).capped.unwrap().value;
        assert!((capped - ltv_by_summation(100.0, 0.5, 0.0, 0.01, 36)).abs() < 1e-9);
        i.lifetime_cap_months = 0;
        assert_eq!(ltv(&i).capped.unwrap().value, 0.0);
    }

    #[test]
    fn ltv_rejects_bad_inputs() {
        for (a, gm, c, d) in [
            (-1.0, 0.5, 0.1, 0.0),
            (100.0, 1.5, 0.1, 0.0),
            (100.0, -0.1, 0.1, 0.0),
            (100.0, 0.5, 1.1, 0.0),
            (100.0, 0.5, -0.1, 0.0),
            (100.0, 0.5, 0.1, -0.01),
            (f64::NAN, 0.5, 0.1, 0.0),
            (f64::INFINITY, 0.5, 0.1, 0.0),
        ] {
            let mut i = LtvInputs::new(a, gm, c);
            i.discount_rate = Some(d);
            let l = ltv(&i);
            assert!(l.value.is_err() && l.capped.is_none(), "{a} {gm} {c} {d}");
        }
        assert!(ltv(&LtvInputs::new(1e308, 1.0, 1e-10)).value.is_err());
    }

    #[test]
    fn ltv_cac_edges() {
        assert_eq!(ltv_cac(4_000.0, 2_000.0), Ok(2.0));
        assert!(ltv_cac(4_000.0, 0.0).is_err());
        assert!(ltv_cac(-1.0, 1.0).is_err());
    }

    #[test]
    fn payback_edges() {
        assert!(payback_months(1_200.0, 0.0, 1.0).is_err());
        assert!(payback_months(1_200.0, 100.0, 0.0).is_err());
        assert!(payback_months(-1.0, 100.0, 1.0).is_err());
        assert_eq!(payback_months(0.0, 100.0, 1.0), Ok(0.0));
        assert_eq!(lost_before_payback(0.0, 12.0), Ok(0.0));
        assert_eq!(lost_before_payback(1.0, 12.0), Ok(1.0));
        assert!(lost_before_payback(0.03, -1.0).is_err());
        // Independent: survivors compounded month by month.
        let mut s = 1.0;
        for _ in 0..12 {
            s *= 0.97;
        }
        assert!((lost_before_payback(0.03, 12.0).unwrap() - (1.0 - s)).abs() < 1e-12);
    }

    #[test]
    fn curve_spec_shape() {
        let c = payback_curve(1_200.0, 100.0, 1.0, 0.03).unwrap();
        assert_eq!(c.points.len(), 25);
        assert_eq!(c.points[0].value, -1_200.0);
        assert_eq!(c.points[1].value, -1_100.0);
        // Σ_{i<12} 0.97^i × 100 − 1,200 < 0: churn delays break-even past 12.
        assert!(c.points[12].value < 0.0);
        let k = c.break_even_month.clone().unwrap();
        assert!(k > 12 && k <= 24);
        assert!(c.points[k as usize].value >= 0.0 && c.points[k as usize - 1].value < 0.0);
        assert!((c.margin_limit.clone().unwrap() - 100.0 / 0.03).abs() < 1e-9);
        // Long payback: horizon 2 × payback, rounded up.
        let long = payback_curve(1_250.0, 50.0, 1.0, 0.0).unwrap();
        assert_eq!(long.points.len(), 51);
        assert_eq!(long.break_even_month, Ok(25));
        // Undefined payback: 24 months drawn, no break-even.
        let flat = payback_curve(1_000.0, 0.0, 1.0, 0.0).unwrap();
        assert_eq!(flat.points.len(), 25);
        assert!(flat.break_even_month.is_err());
        assert!(payback_curve(1_000.0, 10.0, 2.0, 0.0).is_err());
        assert!(payback_curve(1e308, 1e308, 1.0, 0.0).is_err());
        // CAC 0: break-even at once.
        assert_eq!(
            payback_curve(0.0, 10.0, 1.0, 0.5).unwrap().break_even_month,
            Ok(0)
        );
        // Churn 100 %: only the first month's margin.
        assert_eq!(
            payback_curve(100.0, 100.0, 1.0, 1.0)
                .unwrap()
                .break_even_month,
            Ok(1)
        );
        assert!(payback_curve(101.0, 100.0, 1.0, 1.0)
            .unwrap()
            .break_even_month
            .is_err());
        // Never: limit 1,000 ≤ CAC.
        let never = payback_curve(1_000.0, 100.0, 1.0, 0.1).unwrap();
        assert!(never
            .break_even_month
            .unwrap_err()
            .reason
            .contains("1000.00"));
    }

    #[test]
    fn break_even_beyond_horizon_matches_iteration() {
        // Payback 10 → horizon 24; churn pushes break-even far later.
        let (cac_v, m, c) = (1_000.0, 100.0, 0.095);
        let curve = payback_curve(cac_v, m, 1.0, c).unwrap();
        let k = curve.break_even_month.unwrap();
        assert!(k > 24);
        // Independent: iterate the sum until it reaches CAC.
        let (mut cum, mut surv, mut j) = (0.0, 1.0, 0u64);
        while cum < cac_v {
            cum += m * surv;
            surv *= 1.0 - c;
            j += 1;
        }
        assert_eq!(k, j);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn never_nan_or_panic(
            a in prop::num::f64::ANY, gm in prop::num::f64::ANY, c in prop::num::f64::ANY,
            d in prop::num::f64::ANY, k in prop::num::f64::ANY, cap in any::<u32>(), n in any::<u64>(),
        ) {
            let fin = |r: &Metric<f64>| match r {
                Ok(v) => v.is_finite(),
                Err(u) => !u.reason.is_empty(),
            };
            prop_assert!(fin(&cac(a, n)));
            prop_assert!(fin(&arpa(a, n)));
            prop_assert!(fin(&ltv_cac(a, k)));
            prop_assert!(fin(&payback_months(k, a, gm)));
            prop_assert!(fin(&lost_before_payback(c, k)));
            let l = ltv(&LtvInputs { arpa: a, gross_margin: gm, monthly_churn: c, discount_rate: Some(d), lifetime_cap_months: cap });
            prop_assert!(fin(&l.value) && fin(&l.expected_lifetime_months));
            if let Some(cp) = l.capped { prop_assert!(cp.value.is_finite()); }
            if let Ok(curve) = payback_curve(k, a, gm, c) {
                prop_assert!(curve.points.len() <= MAX_CURVE_MONTHS as usize + 1);
                prop_assert!(curve.points.iter().all(|p| p.value.is_finite()));
            }
        }

        #[test]
        fn break_even_is_first_nonnegative(
            cac_v in 0.0f64..50_000.0, a in 0.01f64..1_000.0, gm in 0.01f64..=1.0, c in 0.0f64..0.3,
        ) {
            let curve = payback_curve(cac_v, a, gm, c).unwrap();
            let m = a * gm;
            match curve.break_even_month {
                Ok(k) => {
                    prop_assert!(cumulative_margin(m, c, k as f64) >= cac_v * (1.0 - 1e-9));
                    if k > 0 {
                        prop_assert!(cumulative_margin(m, c, k as f64 - 1.0) < cac_v * (1.0 + 1e-9));
                    }
                }
                Err(_) => prop_assert!(c > 0.0 && m / c <= cac_v * (1.0 + 1e-9)),
            }
            // Closed form vs the curve's running sum.
            for p in &curve.points {
                let closed = cumulative_margin(m, c, f64::from(p.month)) - cac_v;
                prop_assert!((p.value - closed).abs() <= 1e-6 * (cac_v + m * f64::from(p.month) + 1.0));
            }
        }
    }
}
