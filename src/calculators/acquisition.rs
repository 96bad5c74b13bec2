//! Calculators of acquisition and value ([contract §1](crate::contract)): `cac`, `value`
//! (LTV, LTV : CAC, payback) and `arpa`, over [`crate::metrics::acquisition`].

use super::input::*;
use super::output::*;
use crate::error::Error;
use crate::metrics::acquisition::{
    self, CappedLtv, ChannelCac, ChannelSpend, CurvePoint, LtvInputs, HEALTHY_LTV_CAC,
};
use crate::metrics::scenario::{self};
use crate::metrics::{Metric, Undefined};
use crate::report::Figure;
use serde::Serialize;
use serde_json::Value;

input! {
    struct CacInput {
        spend: Num,
        new_customers: Num,
        channels: List<ChannelInput>,
    }
}

input! {
    struct ChannelInput {
        channel: Text,
        spend: Num,
        new_customers: Num,
    }
}

/// The spend and new customers beside a CAC figure, and the channels'
/// figures when the input listed channels.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(super) struct CacDetails {
    /// Spend of the period (`null` when it is too large to add up).
    spend: Option<f64>,
    /// New customers of the period.
    new_customers: u64,
    /// CAC of each channel, in the input's order.
    #[serde(skip_serializing_if = "Option::is_none")]
    by_channel: Option<Vec<Figure<f64, ChannelDetails>>>,
}

/// One channel beside its CAC figure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(super) struct ChannelDetails {
    /// The channel's name, as typed.
    channel: String,
    /// Its spend (`null` when too large to add up).
    spend: Option<f64>,
    /// Its new customers.
    new_customers: u64,
}

impl ChannelDetails {
    /// The figure of one channel's CAC.
    fn figure(ch: &ChannelCac) -> Figure<f64, ChannelDetails> {
        Figure::new(
            ch.cac.clone(),
            ChannelDetails {
                channel: ch.channel.clone(),
                spend: value_or_null(&ch.spend),
                new_customers: ch.new_customers,
            },
        )
    }
}

/// The answer of `cac`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(super) struct CacAnswer {
    /// Spend ÷ new customers.
    cac: Figure<f64, CacDetails>,
    /// The spend, as a figure.
    spend: Figure,
    /// The new customers, as a figure.
    new_customers: Figure,
}

/// CAC in total or per channel ([`acquisition::cac`],
/// [`acquisition::cac_by_channel`]).
pub(super) fn cac(input: &Value) -> Result<CacAnswer, Error> {
    const CALC: &str = "cac";
    let i: CacInput = parse(CALC, "", input)?;
    let Some(channels) = i.channels.records(CALC, "channels")? else {
        let spend = i.spend.amount("spend")?;
        let new_customers = i.new_customers.count("new_customers")?;
        return Ok(CacAnswer {
            cac: Figure::new(
                acquisition::cac(spend, new_customers),
                CacDetails {
                    spend: Some(spend),
                    new_customers,
                    by_channel: None,
                },
            ),
            spend: Figure::plain(known(spend)),
            new_customers: Figure::plain(known(new_customers as f64)),
        });
    };
    if !i.spend.is_missing() || !i.new_customers.is_missing() {
        return Err(Error::settings(
            "give either “channels” or “spend” and “new_customers”, not both.",
        ));
    }
    let entries = channels
        .iter()
        .map(|(p, c)| {
            Ok(ChannelSpend {
                channel: c.channel.text(&at(p, "channel"))?,
                spend: c.spend.amount(&at(p, "spend"))?,
                new_customers: c.new_customers.count(&at(p, "new_customers"))?,
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    let c = acquisition::cac_by_channel(&entries);
    Ok(CacAnswer {
        cac: Figure::new(
            c.total.cac.clone(),
            CacDetails {
                spend: value_or_null(&c.total.spend),
                new_customers: c.total.new_customers,
                by_channel: Some(c.by_channel.iter().map(ChannelDetails::figure).collect()),
            },
        ),
        spend: Figure::plain(c.total.spend.clone()),
        new_customers: Figure::plain(known(c.total.new_customers as f64)),
    })
}

input! {
    struct ValueInput {
        arpa: Num,
        gross_margin: Num,
        monthly_churn: Num,
        cac: Num,
        discount_rate: Num,
        lifetime_cap_months: Num,
    }
}

/// The lifetime cap: a whole number of months from 0 to the scenario
/// module's maximum; the default of the [contract](crate::contract) when missing.
pub(super) fn lifetime_cap(n: &Num, path: &str) -> Result<u32, Error> {
    let max = scenario::MAX_LIFETIME_CAP_MONTHS;
    let expected = format!("a whole number of months from 0 to {max}");
    let m = n.within_or(
        path,
        &expected,
        |x| x.fract() == 0.0 && (0.0..=f64::from(max)).contains(&x),
        f64::from(acquisition::DEFAULT_LIFETIME_CAP_MONTHS),
    )?;
    Ok(m as u32)
}

/// The `capped` field of an LTV figure when no churn was observed: the
/// value over the capped lifetime, labelled `capped`.
pub(super) fn capped(value: f64, months: u32) -> CappedLtv {
    CappedLtv {
        value,
        months,
        label: "capped",
    }
}

/// Beside an LTV figure: the capped value when no churn was observed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(super) struct LtvDetails {
    /// LTV over the capped lifetime.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) capped: Option<CappedLtv>,
}

/// Beside an LTV : CAC figure: the healthy reference and, with no churn
/// observed, the capped ratio.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(super) struct RatioDetails {
    /// The healthy ratio ([`HEALTHY_LTV_CAC`]).
    pub(super) reference: f64,
    /// LTV : CAC over the capped lifetime.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) capped: Option<CappedLtv>,
}

/// Beside the payback curve's figure (its break-even month).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(super) struct CurveDetails {
    /// The month the cumulative margin first covers the CAC (`null` when never).
    break_even_month: Option<f64>,
    /// Cumulative margin per month.
    points: Vec<CurvePoint>,
    /// The most the cumulative margin can reach.
    #[serde(skip_serializing_if = "Option::is_none")]
    margin_limit: Option<Figure>,
}

/// The assumptions of `value`, defaults included.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(super) struct ValueSettings {
    /// Gross margin used (1 when not given).
    gross_margin: f64,
    /// Whether the gross margin is the default.
    gross_margin_assumed: bool,
    /// Monthly discount rate used.
    discount_rate: f64,
    /// Lifetime cap in months.
    lifetime_cap_months: u32,
}

/// The answer of `value`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(super) struct ValueAnswer {
    /// Lifetime value.
    ltv: Figure<f64, LtvDetails>,
    /// Expected lifetime in months.
    expected_lifetime_months: Figure,
    /// LTV ÷ CAC.
    ltv_cac: Figure<f64, RatioDetails>,
    /// Months to earn back the CAC.
    payback_months: Figure,
    /// Share of customers lost before payback.
    lost_before_payback: Figure,
    /// Cumulative margin month by month; value = break-even month.
    payback_curve: Figure<f64, CurveDetails>,
    /// The assumptions used.
    settings: ValueSettings,
}

/// LTV, LTV : CAC, payback, share lost before payback and the payback
/// curve ([contract §1](crate::contract), [`acquisition`]). Without `cac`, the CAC figures are
/// undefined with the reason "no CAC given"; gross margin defaults to 100 %
/// and `settings.gross_margin_assumed` says so.
pub(super) fn value(input: &Value) -> Result<ValueAnswer, Error> {
    let i: ValueInput = parse("value", "", input)?;
    let arpa = i.arpa.amount("arpa")?;
    let gm = i.gross_margin.fraction_opt("gross_margin")?;
    let churn = i.monthly_churn.fraction("monthly_churn")?;
    let cac = i.cac.amount_opt("cac")?;
    let discount = i.discount_rate.amount_opt("discount_rate")?;
    let cap = lifetime_cap(&i.lifetime_cap_months, "lifetime_cap_months")?;
    let margin = gm.unwrap_or(1.0);

    let ltv = acquisition::ltv(&LtvInputs {
        arpa,
        gross_margin: margin,
        monthly_churn: churn,
        discount_rate: discount,
        lifetime_cap_months: cap,
    });
    let no_cac = || Undefined::new("no_cac_given", "no CAC given: add “cac” to see it");
    let with_cac = |f: &dyn Fn(f64) -> Metric<f64>| cac.map_or_else(|| Err(no_cac()), f);
    let ltv_cac = with_cac(&|k| ltv.value.clone().and_then(|v| acquisition::ltv_cac(v, k)));
    let payback = with_cac(&|k| acquisition::payback_months(k, arpa, margin));
    let lost = payback
        .clone()
        .and_then(|p| acquisition::lost_before_payback(churn, p));

    let ltv_capped = ltv.capped.as_ref().map(|c| capped(c.value, c.months));
    let ratio_capped = ltv.capped.as_ref().and_then(|c| {
        cac.and_then(|k| acquisition::ltv_cac(c.value, k).ok())
            .map(|r| capped(r, c.months))
    });

    let curve = match cac {
        Some(k) => acquisition::payback_curve(k, arpa, margin, churn),
        None => Err(no_cac()),
    };
    let payback_curve = match curve {
        Ok(c) => {
            let month = c.break_even_month.map(|m| m as f64);
            Figure::new(
                month.clone(),
                CurveDetails {
                    break_even_month: value_or_null(&month),
                    points: c.points,
                    margin_limit: Some(Figure::plain(c.margin_limit)),
                },
            )
        }
        Err(u) => Figure::new(
            Err(u),
            CurveDetails {
                break_even_month: None,
                points: Vec::new(),
                margin_limit: None,
            },
        ),
    };

    Ok(ValueAnswer {
        ltv: Figure::new(ltv.value, LtvDetails { capped: ltv_capped }),
        expected_lifetime_months: Figure::plain(ltv.expected_lifetime_months),
        ltv_cac: Figure::new(
            ltv_cac,
            RatioDetails {
                reference: HEALTHY_LTV_CAC,
                capped: ratio_capped,
            },
        ),
        payback_months: Figure::plain(payback),
        lost_before_payback: Figure::plain(lost),
        payback_curve,
        settings: ValueSettings {
            gross_margin: margin,
            gross_margin_assumed: gm.is_none(),
            discount_rate: discount.unwrap_or(0.0),
            lifetime_cap_months: cap,
        },
    })
}

input! {
    struct ArpaInput {
        mrr: Num,
        customers: Num,
    }
}

/// The inputs beside an ARPA figure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(super) struct ArpaDetails {
    /// MRR given.
    mrr: f64,
    /// Customers given.
    customers: u64,
}

/// The answer of `arpa`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(super) struct ArpaAnswer {
    /// MRR ÷ customers.
    arpa: Figure<f64, ArpaDetails>,
}

/// ARPA = MRR ÷ customers ([`acquisition::arpa`]).
pub(super) fn arpa(input: &Value) -> Result<ArpaAnswer, Error> {
    let i: ArpaInput = parse("arpa", "", input)?;
    let mrr = i.mrr.amount("mrr")?;
    let customers = i.customers.count("customers")?;
    Ok(ArpaAnswer {
        arpa: Figure::new(
            acquisition::arpa(mrr, customers),
            ArpaDetails { mrr, customers },
        ),
    })
}
