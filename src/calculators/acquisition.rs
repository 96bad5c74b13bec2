//! Calculators of acquisition and value ([contract §1](crate::contract)): `cac`, `value`
//! (LTV, LTV : CAC, payback) and `arpa`, over [`crate::metrics::acquisition`].

use super::input::*;
use super::output::*;
use crate::error::Error;
use crate::metrics::acquisition::{self, ChannelSpend, LtvInputs, HEALTHY_LTV_CAC};
use crate::metrics::scenario::{self};
use crate::metrics::{Metric, Undefined};
use crate::report::json;
use crate::report::{figure, number};
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

/// CAC in total or per channel ([`acquisition::cac`],
/// [`acquisition::cac_by_channel`]).
pub(super) fn cac(input: &Value) -> Result<Value, Error> {
    const CALC: &str = "cac";
    let i: CacInput = parse(CALC, "", input)?;
    let Some(channels) = i.channels.records(CALC, "channels")? else {
        let spend = i.spend.amount("spend")?;
        let new_customers = i.new_customers.count("new_customers")?;
        let c = acquisition::cac(spend, new_customers);
        return Ok(json!({
            "cac": figure(&c, json!({ "spend": number(spend), "new_customers": new_customers })),
            "spend": known(spend, json!({})),
            "new_customers": known(new_customers as f64, json!({})),
        }));
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
    let by_channel: Vec<Value> = c
        .by_channel
        .iter()
        .map(|ch| {
            figure(
                &ch.cac,
                json!({ "channel": ch.channel, "spend": num_or_null(&ch.spend),
                        "new_customers": ch.new_customers }),
            )
        })
        .collect();
    Ok(json!({
        "cac": figure(&c.total.cac, json!({
            "spend": num_or_null(&c.total.spend),
            "new_customers": c.total.new_customers,
            "by_channel": by_channel,
        })),
        "spend": figure(&c.total.spend, json!({})),
        "new_customers": known(c.total.new_customers as f64, json!({})),
    }))
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

/// The `capped` field of an LTV figure when no churn was observed.
pub(super) fn capped(value: f64, months: u32) -> Value {
    json!({ "value": number(value), "months": months, "label": "capped" })
}

/// LTV, LTV : CAC, payback, share lost before payback and the payback
/// curve ([contract §1](crate::contract), [`acquisition`]). Without `cac`, the CAC figures are
/// undefined with the reason "no CAC given"; gross margin defaults to 100 %
/// and `settings.gross_margin_assumed` says so.
pub(super) fn value(input: &Value) -> Result<Value, Error> {
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

    let mut ltv_extra = json!({});
    let mut ratio_extra = json!({ "reference": HEALTHY_LTV_CAC });
    if let Some(c) = &ltv.capped {
        ltv_extra = json!({ "capped": capped(c.value, c.months) });
        if let Some(Ok(r)) = cac.map(|k| acquisition::ltv_cac(c.value, k)) {
            ratio_extra = with(ratio_extra, json!({ "capped": capped(r, c.months) }));
        }
    }

    let curve = match cac {
        Some(k) => acquisition::payback_curve(k, arpa, margin, churn),
        None => Err(no_cac()),
    };
    let curve = match curve {
        Ok(c) => {
            let month = c.break_even_month.map(|m| m as f64);
            let points: Vec<Value> = c
                .points
                .iter()
                .map(|p| json!({ "month": p.month, "value": number(p.value) }))
                .collect();
            figure(
                &month,
                json!({
                    "break_even_month": num_or_null(&month),
                    "points": points,
                    "margin_limit": figure(&c.margin_limit, json!({})),
                }),
            )
        }
        Err(u) => figure(&Err(u), json!({ "break_even_month": null, "points": [] })),
    };

    Ok(json!({
        "ltv": figure(&ltv.value, ltv_extra),
        "expected_lifetime_months": figure(&ltv.expected_lifetime_months, json!({})),
        "ltv_cac": figure(&ltv_cac, ratio_extra),
        "payback_months": figure(&payback, json!({})),
        "lost_before_payback": figure(&lost, json!({})),
        "payback_curve": curve,
        "settings": {
            "gross_margin": number(margin),
            "gross_margin_assumed": gm.is_none(),
            "discount_rate": number(discount.unwrap_or(0.0)),
            "lifetime_cap_months": cap,
        },
    }))
}

input! {
    struct ArpaInput {
        mrr: Num,
        customers: Num,
    }
}

/// ARPA = MRR ÷ customers ([`acquisition::arpa`]).
pub(super) fn arpa(input: &Value) -> Result<Value, Error> {
    let i: ArpaInput = parse("arpa", "", input)?;
    let mrr = i.mrr.amount("mrr")?;
    let customers = i.customers.count("customers")?;
    let a = acquisition::arpa(mrr, customers);
    Ok(json!({ "arpa": figure(&a, json!({ "mrr": number(mrr), "customers": customers })) }))
}
