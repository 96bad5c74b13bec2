//! A customer table (one row per customer) → the churn snapshot of
//! `crate::datasets::customers` ([contract §2, §1](crate::contract)): `customers`, `churned`,
//! `customer_churn`, `retention_rate`, `arpa`, `average_tenure_months`,
//! `monthly_churn_estimate`, `ltv`, `expected_lifetime_months`,
//! `average_total_charges`, `churn_by_plan`.
//!
//! The churn state is the churned flag (yes/no in five languages, 1/0,
//! true/false, or a status word of [`CHURNED_WORDS`] / [`ACTIVE_WORDS`]),
//! else the status, else whether the end date is filled. Charges must be
//! 0 … 10^15, tenures 0 … 1,200 months, an end date not before the start;
//! other cells are left out as the core voids them.
//!
//! The tenure unit is the `tenure_unit` setting, else months, and unclear
//! (the tenure figures undefined) when every tenure is 12 or less: the core
//! also reads a unit named in the file's header (`tenure_years`), which a
//! table's column name does not carry reliably, so pass the unit the report
//! shows (`settings.tenure_unit`) when it is not `unclear`. Without a tenure
//! column, tenure is (end, else the as-of date) − start in days ÷ 30.4375.
//!
//! `churn_by_plan` lists plans in the order they first appear when there
//! are more than [`PLANS_LIMIT`]; a table has no such order, so the query
//! then gives only the figure's value, not the plans.

use super::reasons::{
    MONTHLY_CHURN_NOT_A_FRACTION_REASON, NO_CHARGE_REASON, NO_CHURN_OBSERVED_REASON,
    NO_EXPOSURE_REASON, NO_MONTHLY_REASON, NO_STATE_REASON, NO_TENURE_REASON, NO_TOTAL_REASON,
    TENURE_UNIT_UNCLEAR_REASON,
};
use super::{Columns, Query};
use crate::datasets::customers::{
    ACTIVE_WORDS, CHURNED_WORDS, DAYS_PER_MONTH, MAX_TENURE_MONTHS, PLANS_LIMIT,
};
use crate::datasets::subscriptions::as_of_setting;
use crate::error::Error;
use crate::ingest::columns::Field;
use crate::metrics::acquisition::DEFAULT_LIFETIME_CAP_MONTHS;
use crate::metrics::revenue::MAX_AMOUNT;
use crate::settings::{Settings, TenureUnit};

/// Yes and no in the five languages, as `crate::ingest::values::parse_bool`
/// reads them (folded).
pub(crate) const YES: &[&str] = &[
    "yes",
    "y",
    "true",
    "t",
    "1",
    "si",
    "s",
    "sim",
    "oui",
    "vrai",
    "verdadero",
    "verdadeiro",
    "ya",
    "iya",
    "benar",
];
/// See [`YES`].
pub(crate) const NO: &[&str] = &[
    "no", "n", "false", "f", "0", "nao", "non", "faux", "falso", "tidak", "salah",
];

/// Accented letters folded, and `_`/`-` read as a space.
pub(crate) const FOLD_FROM: &str = "áàâãäéèêëíìîïóòôõöúùûüçñ_-";
/// See [`FOLD_FROM`].
pub(crate) const FOLD_TO: &str = "aaaaaeeeeiiiiooooouuuucn  ";

/// Writes the customers query.
pub(crate) fn build(q: &mut Query, c: &Columns, settings: &Settings) -> Result<(), Error> {
    let d = q.d;
    let gross_margin = match settings.gross_margin {
        None => 1.0,
        Some(g) if g.is_finite() && (0.0..=1.0).contains(&g) => g,
        Some(_) => {
            return Err(Error::settings(
                "the gross margin must be a fraction from 0 to 1 (e.g. 0.8 for 80 %)",
            ))
        }
    };
    let per_unit = settings.tenure_unit.map(|unit| match unit {
        TenureUnit::Months => 1.0,
        TenureUnit::Years => 12.0,
    });
    let as_of = as_of_setting(settings)?;
    let null = d.null_double();
    let list = |words: &[&str]| {
        words
            .iter()
            .map(|w| d.string(w))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let state = |f: Field| match c.get(f) {
        None => null.clone(),
        Some(col) => {
            let w = format!(
                "TRANSLATE(LOWER(TRIM({})), {}, {})",
                d.text(col),
                d.string(FOLD_FROM),
                d.string(FOLD_TO)
            );
            format!(
                "CASE WHEN {w} IN ({}) OR {w} IN ({}) THEN 1 WHEN {w} IN ({}) OR {w} IN ({}) THEN 0 END",
                list(YES),
                list(CHURNED_WORDS),
                list(NO),
                list(ACTIVE_WORDS)
            )
        }
    };
    let money = |f: Field| match c.get(f) {
        None => null.clone(),
        Some(col) => format!(
            "CASE WHEN {col} >= {} AND {col} <= {} THEN {} END",
            d.num(0.0),
            d.num(MAX_AMOUNT),
            d.dbl(col)
        ),
    };
    let epoch = |f: Field| c.get(f).map_or(null.clone(), |col| d.epoch(col));
    q.source(&state(Field::Churned), "flag");
    q.source(&state(Field::CustomerStatus), "status");
    q.source(&money(Field::MonthlyCharge), "charge");
    q.source(&money(Field::TotalCharges), "total");
    let unit = d.num(per_unit.unwrap_or(1.0));
    q.source(
        &c.get(Field::CustomerTenure).map_or(null.clone(), |col| {
            let t = format!("{} * {unit}", d.dbl(col));
            format!(
                "CASE WHEN {t} >= {} AND {t} <= {} THEN {t} END",
                d.num(0.0),
                d.num(MAX_TENURE_MONTHS)
            )
        }),
        "tenure_col",
    );
    q.source(&epoch(Field::CustomerStart), "start_t");
    q.source(&epoch(Field::CustomerEnd), "end_raw");
    q.source(
        &c.get(Field::Plan).map_or(d.null_text(), |col| {
            format!("NULLIF(TRIM({}), '')", d.text(col))
        }),
        "plan",
    );
    let ended = if c.has(Field::CustomerEnd) {
        "CASE WHEN end_raw IS NULL THEN 0 WHEN start_t IS NOT NULL AND end_raw < start_t THEN NULL ELSE 1 END"
    } else {
        "NULL"
    };
    q.cte(
        "r0",
        &format!(
            "  SELECT src.*, COALESCE(flag, status, {ended}) AS churned, CASE WHEN start_t IS NOT NULL AND end_raw < start_t THEN NULL ELSE end_raw END AS end_t FROM src"
        ),
    );
    let from_dates = !c.has(Field::CustomerTenure) && c.has(Field::CustomerStart);
    let as_of_sql = match as_of {
        Some(t) => d.num(t as f64),
        None => "(SELECT MAX(x) FROM (SELECT MAX(start_t) AS x FROM r0 UNION ALL SELECT MAX(end_t) AS x FROM r0) AS l)".to_string(),
    };
    let tenure = if from_dates {
        let until = "COALESCE(end_t, a.as_of, start_t)";
        let days = format!(
            "CASE WHEN {until} - start_t > 0 THEN ({until} - start_t) / {} ELSE {} END",
            d.num(86_400.0),
            d.num(0.0)
        );
        let months = format!("{days} / {}", d.num(DAYS_PER_MONTH));
        format!(
            "CASE WHEN start_t IS NULL THEN NULL WHEN {months} > {max} THEN {max} ELSE {months} END",
            max = d.num(MAX_TENURE_MONTHS)
        )
    } else {
        "tenure_col".to_string()
    };
    q.cte("a", &format!("  SELECT {as_of_sql} AS as_of"));
    q.cte(
        "r",
        &format!("  SELECT r0.*, {tenure} AS tenure FROM r0 CROSS JOIN a"),
    );
    // Unclear unit: no setting, a tenure column, every tenure ≤ 12.
    let unclear = if per_unit.is_none() && c.has(Field::CustomerTenure) {
        format!("COUNT(tenure) > 0 AND MAX(tenure) <= {}", d.num(12.0))
    } else {
        "0 = 1".to_string()
    };
    q.cte(
        "agg",
        &format!(
            "  SELECT COUNT(churned) AS n, COALESCE(SUM(churned), 0) AS c,
    COUNT(charge) AS charge_n, COALESCE(SUM(charge), {zero}) AS charge_sum,
    COUNT(total) AS total_n, SUM(total) AS total_sum,
    COUNT(tenure) AS tenure_n, SUM(tenure) AS tenure_sum,
    COUNT(CASE WHEN churned = 1 THEN tenure END) AS churned_tn, SUM(CASE WHEN churned = 1 THEN tenure END) AS churned_ts,
    COUNT(CASE WHEN churned = 0 THEN tenure END) AS active_tn, SUM(CASE WHEN churned = 0 THEN tenure END) AS active_ts,
    COUNT(CASE WHEN churned IS NOT NULL THEN tenure END) AS exposed_n, COALESCE(SUM(CASE WHEN churned IS NOT NULL THEN tenure END), {zero}) AS exposure,
    COUNT(CASE WHEN churned = 1 THEN tenure END) AS churned_exposed,
    CASE WHEN {unclear} THEN 1 ELSE 0 END AS unclear
  FROM r",
            zero = d.num(0.0)
        ),
    );
    let div = |a: &str, b: &str| format!("{} / {}", d.dbl(a), d.dbl(b));
    q.cte(
        "f",
        &format!(
            "  SELECT agg.*, CASE WHEN n > 0 THEN {churn} END AS churn, CASE WHEN charge_n > 0 THEN {arpa} END AS arpa,
    CASE WHEN unclear = 0 AND tenure_n > 0 AND exposure <> {zero} THEN {monthly} END AS monthly,
    CASE WHEN unclear = 1 THEN {unclear_r} WHEN tenure_n = 0 THEN {no_monthly} WHEN exposure = {zero} THEN {no_exposure} END AS monthly_reason
  FROM agg",
            churn = div("c", "n"),
            arpa = div("charge_sum", "charge_n"),
            monthly = div("churned_exposed", "exposure"),
            zero = d.num(0.0),
            unclear_r = d.string(TENURE_UNIT_UNCLEAR_REASON.reason),
            no_monthly = d.string(NO_MONTHLY_REASON.reason),
            no_exposure = d.string(NO_EXPOSURE_REASON.reason),
        ),
    );
    let never = d.null_text();
    q.value("customers", "n", &never, "f");
    q.value("churned", "c", &never, "f");
    q.leaf("churned", "churned.customers", "n", "f");
    let no_state = d.string(NO_STATE_REASON.reason);
    let one = d.num(1.0);
    for (id, value) in [
        ("customer_churn", "churn".to_string()),
        ("retention_rate", format!("{one} - churn")),
    ] {
        q.value(id, &value, &no_state, "f");
        q.leaf(id, &format!("{id}.churned"), "c", "f");
        q.leaf(id, &format!("{id}.customers"), "n", "f");
    }
    q.value("arpa", "arpa", &d.string(NO_CHARGE_REASON.reason), "f");
    q.leaf("arpa", "arpa.customers", "charge_n", "f");
    q.leaf("arpa", "arpa.monthly_total", "charge_sum", "f");
    let tenure_mean =
        |n: &str, s: &str| format!("CASE WHEN unclear = 0 AND {n} > 0 THEN {} END", div(s, n));
    let tenure_reason = format!(
        "CASE WHEN unclear = 1 THEN {} ELSE {} END",
        d.string(TENURE_UNIT_UNCLEAR_REASON.reason),
        d.string(NO_TENURE_REASON.reason)
    );
    let t = "average_tenure_months";
    q.value(
        t,
        &tenure_mean("tenure_n", "tenure_sum"),
        &tenure_reason,
        "f",
    );
    q.leaf(t, &format!("{t}.customers"), "tenure_n", "f");
    q.leaf(
        t,
        &format!("{t}.churned_mean"),
        &tenure_mean("churned_tn", "churned_ts"),
        "f",
    );
    q.leaf(
        t,
        &format!("{t}.active_mean"),
        &tenure_mean("active_tn", "active_ts"),
        "f",
    );
    let m = "monthly_churn_estimate";
    q.value(m, "monthly", "monthly_reason", "f");
    q.leaf(m, &format!("{m}.churned"), "churned_exposed", "f");
    q.leaf(m, &format!("{m}.customer_months"), "exposure", "f");

    // LTV = ARPA × gross margin ÷ monthly churn (no discount), capped at
    // the default lifetime when no churn was observed.
    let gm = d.num(gross_margin);
    let zero = d.num(0.0);
    let margin = format!("(arpa * {gm})");
    let ltv_reason = format!(
        "CASE WHEN arpa IS NULL THEN {} WHEN monthly IS NULL THEN monthly_reason WHEN monthly = {zero} THEN {} WHEN monthly > {one} THEN {} END",
        d.string(NO_CHARGE_REASON.reason),
        d.string(NO_CHURN_OBSERVED_REASON.reason),
        d.string(MONTHLY_CHURN_NOT_A_FRACTION_REASON.reason),
    );
    let valid = format!("arpa IS NOT NULL AND monthly > {zero} AND monthly <= {one}");
    q.value(
        "ltv",
        &format!("CASE WHEN {valid} THEN {margin} * {one} / monthly END"),
        &ltv_reason,
        "f",
    );
    let both = "arpa IS NOT NULL AND monthly IS NOT NULL";
    q.leaf(
        "ltv",
        "ltv.arpa",
        &format!("CASE WHEN {both} THEN arpa END"),
        "f",
    );
    q.leaf(
        "ltv",
        "ltv.gross_margin",
        &format!("CASE WHEN {both} THEN {gm} END"),
        "f",
    );
    q.leaf(
        "ltv",
        "ltv.monthly_churn",
        &format!("CASE WHEN {both} THEN monthly END"),
        "f",
    );
    q.leaf(
        "ltv",
        "ltv.expected_lifetime_months",
        &format!("CASE WHEN {valid} THEN {one} / monthly END"),
        "f",
    );
    let capped = format!("arpa IS NOT NULL AND monthly = {zero}");
    let cap = f64::from(DEFAULT_LIFETIME_CAP_MONTHS);
    q.leaf(
        "ltv",
        "ltv.capped.value",
        &format!("CASE WHEN {capped} THEN {margin} * {} END", d.num(cap)),
        "f",
    );
    q.leaf(
        "ltv",
        "ltv.capped.months",
        &format!("CASE WHEN {capped} THEN {} END", d.num(cap)),
        "f",
    );
    q.value(
        "expected_lifetime_months",
        &format!("CASE WHEN {valid} THEN {one} / monthly END"),
        &ltv_reason,
        "f",
    );
    let a = "average_total_charges";
    q.value(
        a,
        &format!(
            "CASE WHEN total_n > 0 THEN {} END",
            div("total_sum", "total_n")
        ),
        &d.string(NO_TOTAL_REASON.reason),
        "f",
    );
    q.leaf(a, &format!("{a}.customers"), "total_n", "f");

    if c.has(Field::Plan) {
        q.cte(
            "plans",
            "  SELECT plan, COUNT(*) AS customers, SUM(churned) AS churned, COUNT(*) OVER () AS plans FROM r WHERE churned IS NOT NULL AND plan IS NOT NULL GROUP BY plan",
        );
        q.cte(
            "plan_n",
            &format!(
                "  SELECT CASE WHEN COUNT(*) > {PLANS_LIMIT} THEN {} ELSE COUNT(*) END AS n FROM plans",
                PLANS_LIMIT + 1
            ),
        );
        q.value("churn_by_plan", "n", &never, "plan_n");
        let from = format!("plans WHERE plans <= {PLANS_LIMIT}");
        for (leaf, expr) in [
            ("customers", "customers".to_string()),
            ("churned", "churned".to_string()),
            ("rate", div("churned", "customers")),
        ] {
            let p = q.keyed("churn_by_plan.plans", "plan", &format!(".{leaf}"));
            q.row("churn_by_plan", &p, &expr, None, &from);
        }
    }
    Ok(())
}
