//! Subscription rows → the customer counts, MRR and revenue retention of
//! `crate::datasets::subscriptions` ([contract §2, §1](crate::contract)):
//! `customers_start`, `customers_end`, `new_customers`, `lost_customers`,
//! `customer_churn` (with its months), `retention_rate`, `annual_churn`,
//! `mrr_start`, `mrr_end`, `arpa`, `nrr`, `grr`, `gross_mrr_churn`,
//! `expansion_rate`, `mrr_months` (with its months), `ltv`,
//! `expected_lifetime_months` and `churn_target` when set. The cohort
//! tables (`cohorts`) are not in the query (docs/metrics.md §8.5).
//!
//! **A row** is read as the core reads it: not a trial or an incomplete
//! subscription (the status words of [`NOT_REVENUE_STATUSES`], folded);
//! a customer; a monthly amount — the `mrr` cell, else `amount × quantity
//! ÷ (interval months × interval count)` with the interval words of
//! [`interval_months`](crate::datasets::subscriptions::interval_months) (an empty interval is a month); a start (`start`,
//! else `created_at`); an end — `ended_at`, else `canceled_at` unless the
//! status says the subscription still runs ([`RUNNING_STATUSES`]) — not
//! before the start.
//!
//! **The month window.** Everything is counted at snapshots, the first day
//! of each month (UTC): a row covers the snapshot of month M when it
//! started in a month before M and did not end before M (start month < M
//! ≤ end month), so a start or an end on any day belongs to that day's
//! month, as in `crate::metrics::churn`. A customer's MRR at a snapshot is
//! the sum of the monthly amounts of their rows (amount above 0) covering
//! it; active means MRR above 0. A month's movements compare its snapshot
//! with the next month's, the period's its first with its closing one.
//!
//! **New and lost.** A customer is lost in month k when active at its
//! snapshot and not at the next. A start in month M is a new activity
//! (first-time or reactivated) when no earlier-starting row of the same
//! customer (amount above 0, ending after its start day) runs into month M
//! or later: that is exactly the core's merge of touching intervals and of
//! lapses that are back within the month (`MonthlyCounts::add_customer`).
//!
//! **The period** is the `period_start`/`period_end` settings, else the
//! twelve complete months before the as-of date (the setting, else the
//! latest date in the used rows), starting no earlier than the month after
//! the earliest start.

use super::reasons::{
    DATE_RANGE_TOO_LONG_REASON, MONTH_RANGE_REVERSED_REASON, MORE_NEW_THAN_END_REASON,
    NO_ACTIVE_CUSTOMERS_REASON, NO_CHURN_OBSERVED_REASON, NO_COMPLETE_MONTH_REASON,
    NO_CUSTOMERS_AT_START_OF_ANY_MONTH_REASON, NO_CUSTOMERS_AT_START_REASON,
    NO_CUSTOMERS_WITH_MRR_AT_START_REASON, NO_MRR_AT_START_REASON, NO_SUBSCRIPTION_ROWS_REASON,
};
use super::{Columns, Query};
use crate::datasets::subscriptions::{
    as_of_setting, parse_month, NOT_REVENUE_STATUSES, RUNNING_STATUSES,
};
use crate::error::Error;
use crate::ingest::columns::Field;
use crate::metrics::acquisition::DEFAULT_LIFETIME_CAP_MONTHS;
use crate::metrics::churn::MAX_MONTHS;
use crate::metrics::revenue::{MAX_AMOUNT, SAME_MRR_TOLERANCE};
use crate::settings::Settings;
use chrono::Datelike;

use super::customers::{FOLD_FROM, FOLD_TO};

/// The interval words the core reads, each with the months one interval
/// lasts (checked against [`interval_months`](crate::datasets::subscriptions::interval_months) in the tests).
const INTERVAL_WORDS: &[(&str, f64)] = &[
    ("month", 1.0),
    ("months", 1.0),
    ("monthly", 1.0),
    ("mo", 1.0),
    ("m", 1.0),
    ("1 month", 1.0),
    ("mensal", 1.0),
    ("mensalmente", 1.0),
    ("mes", 1.0),
    ("meses", 1.0),
    ("mensual", 1.0),
    ("mensualmente", 1.0),
    ("mensuel", 1.0),
    ("mensuelle", 1.0),
    ("mois", 1.0),
    ("bulanan", 1.0),
    ("bulan", 1.0),
    ("per month", 1.0),
    ("por mes", 1.0),
    ("par mois", 1.0),
    ("per bulan", 1.0),
    ("year", 12.0),
    ("years", 12.0),
    ("yearly", 12.0),
    ("annual", 12.0),
    ("annually", 12.0),
    ("yr", 12.0),
    ("y", 12.0),
    ("1 year", 12.0),
    ("anual", 12.0),
    ("anualmente", 12.0),
    ("ano", 12.0),
    ("anos", 12.0),
    ("annuel", 12.0),
    ("annuelle", 12.0),
    ("an", 12.0),
    ("ans", 12.0),
    ("annee", 12.0),
    ("tahunan", 12.0),
    ("tahun", 12.0),
    ("per year", 12.0),
    ("por ano", 12.0),
    ("par an", 12.0),
    ("per tahun", 12.0),
    ("quarter", 3.0),
    ("quarterly", 3.0),
    ("trimestral", 3.0),
    ("trimestre", 3.0),
    ("trimestriel", 3.0),
    ("trimestrielle", 3.0),
    ("triwulan", 3.0),
    ("triwulanan", 3.0),
    ("kuartal", 3.0),
    ("kuartalan", 3.0),
    ("half year", 6.0),
    ("half yearly", 6.0),
    ("semiannual", 6.0),
    ("semi annual", 6.0),
    ("semiannually", 6.0),
    ("semestral", 6.0),
    ("semestre", 6.0),
    ("semestriel", 6.0),
    ("semestrielle", 6.0),
    ("semester", 6.0),
    ("semesteran", 6.0),
    ("week", 12.0 / 52.0),
    ("weeks", 12.0 / 52.0),
    ("weekly", 12.0 / 52.0),
    ("wk", 12.0 / 52.0),
    ("w", 12.0 / 52.0),
    ("semanal", 12.0 / 52.0),
    ("semana", 12.0 / 52.0),
    ("semanas", 12.0 / 52.0),
    ("hebdomadaire", 12.0 / 52.0),
    ("semaine", 12.0 / 52.0),
    ("semaines", 12.0 / 52.0),
    ("mingguan", 12.0 / 52.0),
    ("minggu", 12.0 / 52.0),
    ("biweekly", 24.0 / 52.0),
    ("bi weekly", 24.0 / 52.0),
    ("fortnight", 24.0 / 52.0),
    ("fortnightly", 24.0 / 52.0),
    ("quinzenal", 24.0 / 52.0),
    ("quincenal", 24.0 / 52.0),
    ("bimensuel", 24.0 / 52.0),
    ("dua mingguan", 24.0 / 52.0),
    ("day", 12.0 / 365.0),
    ("days", 12.0 / 365.0),
    ("daily", 12.0 / 365.0),
    ("d", 12.0 / 365.0),
    ("diario", 12.0 / 365.0),
    ("diaria", 12.0 / 365.0),
    ("dia", 12.0 / 365.0),
    ("dias", 12.0 / 365.0),
    ("quotidien", 12.0 / 365.0),
    ("journalier", 12.0 / 365.0),
    ("jour", 12.0 / 365.0),
    ("jours", 12.0 / 365.0),
    ("harian", 12.0 / 365.0),
    ("hari", 12.0 / 365.0),
];

/// The core's reasons, as [`super::reasons`] lists them.
const NO_ROWS: &str = NO_SUBSCRIPTION_ROWS_REASON.reason;
const NO_COMPLETE_MONTH: &str = NO_COMPLETE_MONTH_REASON.reason;
const REVERSED: &str = MONTH_RANGE_REVERSED_REASON.reason;
const TOO_LONG: &str = DATE_RANGE_TOO_LONG_REASON.reason;
const NO_START_ANY: &str = NO_CUSTOMERS_AT_START_OF_ANY_MONTH_REASON.reason;
const NO_START: &str = NO_CUSTOMERS_AT_START_REASON.reason;
const NO_MRR: &str = NO_MRR_AT_START_REASON.reason;
const NO_MRR_CUSTOMERS: &str = NO_CUSTOMERS_WITH_MRR_AT_START_REASON.reason;
const NO_ACTIVE: &str = NO_ACTIVE_CUSTOMERS_REASON.reason;
const NO_CHURN: &str = NO_CHURN_OBSERVED_REASON.reason;

/// Writes the subscriptions query.
pub(crate) fn build(q: &mut Query, c: &Columns, settings: &Settings) -> Result<(), Error> {
    let d = q.d;
    let month_setting = |v: &Option<String>, name: &str| -> Result<Option<i64>, Error> {
        match v.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some(s) => parse_month(s)
                .map(|m| Some(i64::from(m.year()) * 12 + i64::from(m.month0())))
                .ok_or_else(|| {
                    Error::settings(format!(
                        "the {name} “{s}” is not a month written YYYY-MM (e.g. 2024-03)"
                    ))
                }),
        }
    };
    let period_start = month_setting(&settings.period_start, "period start")?;
    let period_end = month_setting(&settings.period_end, "period end")?;
    if let (Some(a), Some(b)) = (period_start, period_end) {
        if b < a {
            return Err(Error::settings(
                "the period ends before it starts: set period_end on or after period_start",
            ));
        }
    }
    let fraction = |v: Option<f64>, what: &str| match v {
        None => Ok(None),
        Some(x) if x.is_finite() && (0.0..=1.0).contains(&x) => Ok(Some(x)),
        Some(_) => Err(Error::settings(format!(
            "the {what} must be a fraction from 0 to 1 (e.g. {})",
            if what == "churn target" {
                "0.05 for 5 %"
            } else {
                "0.8 for 80 %"
            }
        ))),
    };
    let churn_target = fraction(settings.churn_target, "churn target")?;
    let gross_margin = fraction(settings.gross_margin, "gross margin")?.unwrap_or(1.0);
    let as_of_month = as_of_setting(settings)?
        .and_then(|t| chrono::DateTime::from_timestamp(t, 0))
        .map(|t| i64::from(t.year()) * 12 + i64::from(t.month0()));
    if !c.has(Field::Customer)
        || !(c.has(Field::Mrr) || c.has(Field::Amount))
        || !(c.has(Field::Start) || c.has(Field::SubscriptionCreatedAt))
    {
        return Err(Error::settings(
            "the subscriptions query needs the customer column, the mrr or amount column, and the start or created_at column",
        ));
    }

    let null = d.null_double();
    let list = |words: &[&str]| {
        words
            .iter()
            .map(|w| d.string(w))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let folded = |col: &str| {
        format!(
            "TRANSLATE(LOWER(TRIM({})), {}, {})",
            d.text(col),
            d.string(FOLD_FROM),
            d.string(FOLD_TO)
        )
    };
    let flag = |col: Option<&str>, words: &[&str]| match col {
        None => "0".to_string(),
        Some(col) => format!(
            "CASE WHEN {} IN ({}) THEN 1 ELSE 0 END",
            folded(col),
            list(words)
        ),
    };
    let status = c.get(Field::SubscriptionStatus);
    q.source(&flag(status, NOT_REVENUE_STATUSES), "not_revenue");
    q.source(&flag(status, RUNNING_STATUSES), "running");
    q.source(
        &format!(
            "NULLIF(TRIM({}), '')",
            d.text(c.get(Field::Customer).unwrap_or("NULL"))
        ),
        "cust",
    );
    // The monthly amount: the mrr cell, else amount × quantity ÷ months.
    let months = match c.get(Field::Interval) {
        None => d.num(1.0),
        Some(col) => {
            let w = folded(col);
            let mut arms = vec![format!(
                "WHEN {col} IS NULL OR TRIM({}) = '' THEN {}",
                d.text(col),
                d.num(1.0)
            )];
            let mut values: Vec<f64> = Vec::new();
            for (_, m) in INTERVAL_WORDS {
                if !values.contains(m) {
                    values.push(*m);
                }
            }
            for m in values {
                let words: Vec<&str> = INTERVAL_WORDS
                    .iter()
                    .filter(|(_, x)| *x == m)
                    .map(|(w, _)| *w)
                    .collect();
                arms.push(format!("WHEN {w} IN ({}) THEN {}", list(&words), d.num(m)));
            }
            format!("CASE {} END", arms.join(" "))
        }
    };
    let whole = |col: Option<&str>, min: f64| match col {
        None => d.num(1.0),
        Some(col) => format!(
            "CASE WHEN {col} IS NULL THEN {} WHEN {col} >= {} AND {col} = FLOOR({col}) THEN {} END",
            d.num(1.0),
            d.num(min),
            d.dbl(col)
        ),
    };
    let computed = match c.get(Field::Amount) {
        None => null.clone(),
        Some(amount) => format!(
            "{} * {} / ({months} * {})",
            d.dbl(amount),
            whole(c.get(Field::Quantity), 0.0),
            whole(c.get(Field::IntervalCount), 1.0)
        ),
    };
    let monthly = match c.get(Field::Mrr) {
        None => computed,
        Some(mrr) => format!("COALESCE({}, {computed})", d.dbl(mrr)),
    };
    q.source(&monthly, "monthly");
    let ts = |f: Field| c.get(f).map(str::to_string);
    let start = match (ts(Field::Start), ts(Field::SubscriptionCreatedAt)) {
        (Some(s), Some(cr)) => format!("COALESCE({s}, {cr})"),
        (Some(s), None) => s,
        (None, Some(cr)) => cr,
        (None, None) => "NULL".into(),
    };
    // Chosen one CTE later, over src's columns (the status is read there).
    let end = "CASE WHEN ended_ts IS NOT NULL THEN ended_ts WHEN running = 0 THEN canceled_ts END";
    q.source(&start, "start_ts");
    for (f, name) in [
        (Field::SubscriptionCreatedAt, "created_ts"),
        (Field::EndedAt, "ended_ts"),
        (Field::CanceledAt, "canceled_ts"),
    ] {
        match ts(f) {
            Some(col) => q.source(&col, name),
            None => q.source("CAST(NULL AS TIMESTAMP)", name),
        }
    }
    // `running` is a column of src: the end is chosen one CTE later.
    q.cte(
        "s_row",
        &format!(
            "  SELECT cust, monthly, start_ts, created_ts, ended_ts, canceled_ts, {} AS s_t, {} AS e_t, {} AS sm, {} AS em, {} AS lm FROM (SELECT src.*, {end} AS end_ts FROM src) AS r WHERE not_revenue = 0",
            d.epoch("start_ts"),
            d.epoch("end_ts"),
            d.month_index("start_ts"),
            d.month_index("end_ts"),
            latest_month(d),
        ),
    );
    q.cte_once(
        "s_used",
        &format!(
            "  SELECT cust, monthly, sm, em, FLOOR(s_t / 86400) AS sd, FLOOR(e_t / 86400) AS ed, lm FROM s_row WHERE cust IS NOT NULL AND monthly IS NOT NULL AND monthly >= {zero} AND monthly <= {max} AND s_t IS NOT NULL AND (e_t IS NULL OR e_t >= s_t)",
            zero = d.num(0.0),
            max = d.num(MAX_AMOUNT),
        ),
    );
    // The period: first and last month (indexes), n months, or why none.
    let last = match (period_end, as_of_month) {
        (Some(e), _) => e.to_string(),
        (None, Some(a)) => (a - 1).to_string(),
        (None, None) => "MAX(lm) - 1".to_string(),
    };
    q.cte(
        "s_e",
        &format!(
            "  SELECT COUNT(*) AS rows_used, MIN(sm) AS earliest, {last} AS last_m FROM s_used"
        ),
    );
    let first = match period_start {
        Some(s) => s.to_string(),
        None => "CASE WHEN (CASE WHEN earliest + 1 > last_m - 11 THEN earliest + 1 ELSE last_m - 11 END) > last_m THEN earliest ELSE (CASE WHEN earliest + 1 > last_m - 11 THEN earliest + 1 ELSE last_m - 11 END) END".to_string(),
    };
    let ranged = period_start.is_some() || period_end.is_some();
    q.cte(
        "s_p0",
        &format!("  SELECT rows_used, {first} AS first_m, last_m FROM s_e"),
    );
    q.cte_once(
        "s_p",
        &format!(
            "  SELECT first_m, last_m, last_m - first_m + 1 AS n, CASE WHEN rows_used = 0 THEN {no_rows} WHEN last_m < first_m THEN {short} WHEN last_m - first_m + 1 > {MAX_MONTHS} THEN {long} END AS why FROM s_p0",
            no_rows = d.string(NO_ROWS),
            short = d.string(if ranged { REVERSED } else { NO_COMPLETE_MONTH }),
            long = d.string(TOO_LONG),
        ),
    );
    // Snapshots j = 0 … n, at the first day of month first_m + j.
    q.cte(
        "s_digit",
        &(0..10)
            .map(|i| format!("SELECT {i} AS dg"))
            .collect::<Vec<_>>()
            .join(" UNION ALL "),
    );
    q.cte(
        "s_snap",
        "  SELECT j, first_m + j AS m, n FROM (SELECT a.dg + 10 * b.dg + 100 * c.dg + 1000 * e.dg AS j FROM s_digit a CROSS JOIN s_digit b CROSS JOIN s_digit c CROSS JOIN s_digit e) AS x CROSS JOIN s_p WHERE s_p.why IS NULL AND j <= n",
    );
    // The rows that make activity: amount above 0, ending after their
    // start day (the core ignores the others).
    q.cte(
        "s_iv",
        &format!(
            "  SELECT cust, monthly, sm, em, sd FROM s_used WHERE monthly > {} AND (ed IS NULL OR ed > sd)",
            d.num(0.0)
        ),
    );
    // Each customer's MRR at each snapshot that a row covers.
    q.cte(
        "s_cs",
        "  SELECT s_iv.cust, s_snap.j, SUM(s_iv.monthly) AS mrr FROM s_iv JOIN s_snap ON s_iv.sm < s_snap.m AND (s_iv.em IS NULL OR s_iv.em >= s_snap.m) GROUP BY s_iv.cust, s_snap.j",
    );
    // fm: the first start month; fs: the first snapshot (month) with MRR.
    q.cte(
        "s_ci",
        "  SELECT cust, MIN(sm) AS fm, MIN(CASE WHEN em IS NULL OR em > sm THEN sm END) + 1 AS fs FROM s_iv GROUP BY cust",
    );
    q.cte_once(
        "s_g",
        &format!(
            "  SELECT s_ci.cust, s_snap.j, s_snap.m, s_snap.n, s_ci.fs, s_ci.fm, COALESCE(s_cs.mrr, {}) AS x FROM s_ci CROSS JOIN s_snap LEFT JOIN s_cs ON s_cs.cust = s_ci.cust AND s_cs.j = s_snap.j",
            d.num(0.0)
        ),
    );
    q.cte(
        "s_pair",
        "  SELECT cust, j, m, n, fs, x, LEAD(x) OVER (PARTITION BY cust ORDER BY j) AS y FROM s_g",
    );
    // A start that begins a new activity (no earlier row runs into its
    // month or later).
    q.cte(
        "s_ev",
        "  SELECT DISTINCT cust, sm FROM (SELECT i.cust, i.sm, i.sd, COUNT(k.cust) AS earlier FROM s_iv i LEFT JOIN s_iv k ON k.cust = i.cust AND k.sd < i.sd AND (k.em IS NULL OR k.em >= i.sm) GROUP BY i.cust, i.sm, i.sd) AS c WHERE earlier = 0",
    );
    q.cte(
        "s_evn",
        "  SELECT s_snap.j, COUNT(*) AS new_c, SUM(CASE WHEN nx.x > 0 THEN 0 ELSE 1 END) AS new_lost FROM s_ev JOIN s_snap ON s_ev.sm = s_snap.m LEFT JOIN s_g nx ON nx.cust = s_ev.cust AND nx.j = s_snap.j + 1 WHERE s_snap.j < s_snap.n GROUP BY s_snap.j",
    );
    let zero = d.num(0.0);
    let tol = d.num(SAME_MRR_TOLERANCE);
    let moved = |x: &str, y: &str, fs_ok: &str| {
        let bigger = format!("CASE WHEN {x} > {y} THEN {x} ELSE {y} END");
        let changed = format!("ABS({y} - {x}) > {tol} * {bigger}");
        [
            (
                "new_mrr",
                format!("SUM(CASE WHEN {x} = {zero} AND {y} > {zero} AND NOT ({fs_ok}) THEN {y} ELSE {zero} END)"),
            ),
            (
                "react_mrr",
                format!("SUM(CASE WHEN {x} = {zero} AND {y} > {zero} AND {fs_ok} THEN {y} ELSE {zero} END)"),
            ),
            (
                "expansion",
                format!("SUM(CASE WHEN {x} > {zero} AND {y} > {x} AND {changed} THEN {y} - {x} ELSE {zero} END)"),
            ),
            (
                "expanded",
                format!("SUM(CASE WHEN {x} > {zero} AND {y} > {x} AND {changed} THEN 1 ELSE 0 END)"),
            ),
            (
                "contraction",
                format!("SUM(CASE WHEN {y} > {zero} AND {x} > {y} AND {changed} THEN {x} - {y} ELSE {zero} END)"),
            ),
            (
                "churned",
                format!("SUM(CASE WHEN {x} > {zero} AND {y} = {zero} THEN {x} ELSE {zero} END)"),
            ),
            (
                "lost",
                format!("SUM(CASE WHEN {x} > {zero} AND {y} = {zero} THEN 1 ELSE 0 END)"),
            ),
            ("mrr_s", format!("SUM({x})")),
            ("mrr_e", format!("SUM({y})")),
            (
                "cust_s",
                format!("SUM(CASE WHEN {x} > {zero} THEN 1 ELSE 0 END)"),
            ),
            (
                "cust_e",
                format!("SUM(CASE WHEN {y} > {zero} THEN 1 ELSE 0 END)"),
            ),
        ]
    };
    let cols = |x: &str, y: &str, fs_ok: &str| {
        moved(x, y, fs_ok)
            .iter()
            .map(|(name, e)| format!("{e} AS {name}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    q.cte(
        "s_mv",
        &format!(
            "  SELECT j, {} FROM s_pair WHERE j < n GROUP BY j",
            cols("x", "y", "fs <= m")
        ),
    );
    let names: Vec<&str> = moved("x", "y", "1 = 1").iter().map(|(n, _)| *n).collect();
    let month_label = d.month_of_index("s_snap.m");
    q.cte_once(
        "s_mo",
        &format!(
            "  SELECT s_snap.j, {month_label} AS label, {}, COALESCE(s_evn.new_c, 0) AS new_c, COALESCE(s_evn.new_lost, 0) AS new_lost FROM s_snap LEFT JOIN s_mv ON s_mv.j = s_snap.j LEFT JOIN s_evn ON s_evn.j = s_snap.j WHERE s_snap.j < s_snap.n",
            names
                .iter()
                .map(|n| format!("COALESCE(s_mv.{n}, {zero}) AS {n}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    );
    // The whole period: each customer's first snapshot against the closing
    // one; lost when active at the start and absent at a later snapshot.
    q.cte(
        "s_pc",
        &format!(
            "  SELECT cust, fs, fm, MAX(CASE WHEN j = 0 THEN x END) AS x0, MAX(CASE WHEN j = n THEN x END) AS xn, SUM(CASE WHEN j >= 1 AND x > {zero} THEN 1 ELSE 0 END) AS present, MAX(n) AS pn FROM s_g GROUP BY cust, fs, fm"
        ),
    );
    q.cte(
        "s_pnew",
        "  SELECT DISTINCT s_ev.cust FROM s_ev CROSS JOIN s_p WHERE s_ev.sm >= s_p.first_m AND s_ev.sm <= s_p.last_m",
    );
    q.cte(
        "s_per",
        &format!(
            "  SELECT {}, SUM(CASE WHEN x0 > {zero} AND present < pn THEN 1 ELSE 0 END) AS p_lost, SUM(CASE WHEN s_pnew.cust IS NOT NULL THEN 1 ELSE 0 END) AS p_new, SUM(CASE WHEN s_pnew.cust IS NOT NULL AND fm >= s_p.first_m THEN 1 ELSE 0 END) AS p_first, SUM(CASE WHEN s_pnew.cust IS NOT NULL AND xn = {zero} THEN 1 ELSE 0 END) AS p_new_lost FROM s_pc LEFT JOIN s_pnew ON s_pnew.cust = s_pc.cust CROSS JOIN s_p GROUP BY s_p.first_m",
            cols("x0", "xn", "fs <= s_p.first_m")
        ),
    );
    q.cte(
        "s_sum",
        "  SELECT COALESCE(SUM(lost), 0) AS lost, COALESCE(SUM(cust_s), 0) AS exposure FROM s_mo",
    );
    // One row: every period figure, NULL leaves when the period is undefined.
    let p = |name: &str| format!("COALESCE(s_per.{name}, {zero})");
    let one = d.num(1.0);
    let churn = format!(
        "CASE WHEN s_sum.exposure > 0 THEN {} / {} END",
        d.dbl("s_sum.lost"),
        d.dbl("s_sum.exposure")
    );
    let arpa = format!(
        "CASE WHEN {cust} > 0 THEN {mrr} / {} END",
        d.dbl(&p("cust_e")),
        cust = p("cust_e"),
        mrr = p("mrr_e")
    );
    let lost_mrr = format!("({} + {})", p("churned"), p("contraction"));
    let over = |num: &str| {
        format!(
            "CASE WHEN {} <> {zero} THEN {num} / {} END",
            p("mrr_s"),
            p("mrr_s")
        )
    };
    let grr_raw = over(&format!("({} - {lost_mrr})", p("mrr_s")));
    q.cte_once(
        "s_f",
        &format!(
            "  SELECT s_p.why, {cs} AS cust_s, {ce} AS cust_e, {new} AS p_new, {first} AS p_first, {nl} AS p_new_lost, {lost} AS p_lost,
    s_sum.lost AS sum_lost, s_sum.exposure AS exposure, {churn} AS churn,
    {ms} AS mrr_s, {me} AS mrr_e, {arpa} AS arpa, {exp} AS expansion, {con} AS contraction, {chd} AS churned, {expd} AS expanded,
    {gross} AS gross, {nrr} AS nrr, CASE WHEN {grr_raw} < {zero} THEN {zero} WHEN {grr_raw} > {one} THEN {one} ELSE {grr_raw} END AS grr,
    CASE WHEN {cs} > 0 THEN {} / {} END AS expansion_rate
  FROM s_p LEFT JOIN s_per ON 1 = 1 CROSS JOIN s_sum",
            d.dbl(&p("expanded")),
            d.dbl(&p("cust_s")),
            cs = p("cust_s"),
            ce = p("cust_e"),
            new = p("p_new"),
            first = p("p_first"),
            nl = p("p_new_lost"),
            lost = p("p_lost"),
            ms = p("mrr_s"),
            me = p("mrr_e"),
            exp = p("expansion"),
            con = p("contraction"),
            chd = p("churned"),
            expd = p("expanded"),
            gross = over(&lost_mrr),
            nrr = over(&format!("({} + {} - {lost_mrr})", p("mrr_s"), p("expansion"))),
        ),
    );

    let ok = "why IS NULL";
    let when = |e: &str| format!("CASE WHEN {ok} THEN {e} END");
    let why = |r: &str| format!("COALESCE(why, {})", d.string(r));
    let never = "why".to_string();
    let f = "s_f";
    q.value("customers_start", &when("cust_s"), &never, f);
    q.value("customers_end", &when("cust_e"), &never, f);
    q.leaf(
        "customers_end",
        "customers_end.net_change",
        &when("cust_e - cust_s"),
        f,
    );
    q.value("new_customers", &when("p_new"), &never, f);
    q.leaf(
        "new_customers",
        "new_customers.first_time",
        &when("p_first"),
        f,
    );
    q.leaf(
        "new_customers",
        "new_customers.reactivated",
        &when("p_new - p_first"),
        f,
    );
    q.leaf(
        "new_customers",
        "new_customers.new_and_lost",
        &when("p_new_lost"),
        f,
    );
    q.value("lost_customers", &when("p_lost"), &never, f);
    q.value("customer_churn", &when("churn"), &why(NO_START_ANY), f);
    q.leaf(
        "customer_churn",
        "customer_churn.lost",
        &when("sum_lost"),
        f,
    );
    q.leaf(
        "customer_churn",
        "customer_churn.exposure",
        &when("exposure"),
        f,
    );
    // Retention (E − (N − new_and_lost)) ÷ S, as the core checks it.
    let kept = "(cust_e - (p_new - p_new_lost))";
    q.value(
        "retention_rate",
        &when(&format!(
            "CASE WHEN cust_s > 0 AND {kept} >= 0 AND {kept} <= cust_s THEN {} / {} END",
            d.dbl(kept),
            d.dbl("cust_s")
        )),
        &format!(
            "COALESCE(why, CASE WHEN cust_s = 0 THEN {} WHEN {kept} < 0 THEN {} ELSE {} END)",
            d.string(NO_START),
            d.string(MORE_NEW_THAN_END_REASON.reason),
            d.string(
                "more customers kept than were active at the start; the counts are inconsistent"
            ),
        ),
        f,
    );
    q.value(
        "annual_churn",
        &when(&format!("{one} - POWER({one} - churn, 12)")),
        &why(NO_START_ANY),
        f,
    );
    q.value("mrr_start", &when("mrr_s"), &never, f);
    q.leaf("mrr_start", "mrr_start.customers", &when("cust_s"), f);
    q.value("mrr_end", &when("mrr_e"), &never, f);
    q.leaf("mrr_end", "mrr_end.customers", &when("cust_e"), f);
    q.value("arpa", &when("arpa"), &why(NO_ACTIVE), f);
    q.leaf("arpa", "arpa.mrr", &when("mrr_e"), f);
    q.leaf("arpa", "arpa.customers", &when("cust_e"), f);
    for id in ["nrr", "grr", "gross_mrr_churn"] {
        let col = if id == "gross_mrr_churn" { "gross" } else { id };
        q.value(id, &when(col), &why(NO_MRR), f);
        for (leaf, e) in [
            ("mrr_start", "mrr_s"),
            ("expansion", "expansion"),
            ("contraction", "contraction"),
            ("churned", "churned"),
        ] {
            q.leaf(id, &format!("{id}.{leaf}"), &when(e), f);
        }
    }
    q.value(
        "expansion_rate",
        &when("expansion_rate"),
        &why(NO_MRR_CUSTOMERS),
        f,
    );
    q.leaf(
        "expansion_rate",
        "expansion_rate.expanded_customers",
        &when("expanded"),
        f,
    );
    q.leaf(
        "expansion_rate",
        "expansion_rate.customers_start",
        &when("cust_s"),
        f,
    );
    q.value("mrr_months", &when("n"), &never, "s_p");

    // LTV = ARPA × gross margin ÷ monthly churn; capped at the default
    // lifetime when no churn was observed.
    let gm = d.num(gross_margin);
    let both = "arpa IS NOT NULL AND churn IS NOT NULL";
    let ltv_reason = format!(
        "COALESCE(why, CASE WHEN arpa IS NULL THEN {} WHEN churn IS NULL THEN {} WHEN churn = {zero} THEN {} END)",
        d.string(NO_ACTIVE),
        d.string(NO_START_ANY),
        d.string(NO_CHURN)
    );
    let valid = format!("{both} AND churn > {zero}");
    let margin = format!("(arpa * {gm})");
    q.value(
        "ltv",
        &when(&format!(
            "CASE WHEN {valid} THEN {margin} * {one} / churn END"
        )),
        &ltv_reason,
        f,
    );
    for (leaf, e) in [
        ("arpa", "arpa".to_string()),
        ("gross_margin", gm.clone()),
        ("monthly_churn", "churn".to_string()),
    ] {
        q.leaf(
            "ltv",
            &format!("ltv.{leaf}"),
            &when(&format!("CASE WHEN {both} THEN {e} END")),
            f,
        );
    }
    q.leaf(
        "ltv",
        "ltv.expected_lifetime_months",
        &when(&format!("CASE WHEN {valid} THEN {one} / churn END")),
        f,
    );
    let capped = format!("{both} AND churn = {zero}");
    let cap = f64::from(DEFAULT_LIFETIME_CAP_MONTHS);
    q.leaf(
        "ltv",
        "ltv.capped.value",
        &when(&format!(
            "CASE WHEN {capped} THEN {margin} * {} END",
            d.num(cap)
        )),
        f,
    );
    q.leaf(
        "ltv",
        "ltv.capped.months",
        &when(&format!("CASE WHEN {capped} THEN {} END", d.num(cap))),
        f,
    );
    q.value(
        "expected_lifetime_months",
        &when(&format!("CASE WHEN {valid} THEN {one} / churn END")),
        &ltv_reason,
        f,
    );
    if let Some(target) = churn_target {
        let t = d.num(target);
        q.value(
            "churn_target",
            &when(&format!("CASE WHEN churn IS NOT NULL THEN {t} END")),
            &why(NO_START_ANY),
            f,
        );
        q.leaf("churn_target", "churn_target.rate", &when("churn"), f);
        q.leaf(
            "churn_target",
            "churn_target.gap_points",
            &when(&format!("(churn - {t}) * {}", d.num(100.0))),
            f,
        );
    }

    // The months of customer_churn and mrr_months.
    let mo = "s_mo";
    for (leaf, e) in [
        ("start", "cust_s".to_string()),
        ("new", "new_c".to_string()),
        ("lost", "lost".to_string()),
        ("new_and_lost", "new_lost".to_string()),
        ("end", "cust_e".to_string()),
        (
            "rate",
            format!(
                "CASE WHEN cust_s > 0 THEN {} / {} END",
                d.dbl("lost"),
                d.dbl("cust_s")
            ),
        ),
    ] {
        let path = q.keyed("customer_churn.months", "label", &format!(".{leaf}"));
        q.row("customer_churn", &path, &e, None, mo);
    }
    for (leaf, e) in [
        ("mrr", "mrr_s".to_string()),
        ("mrr_end", "mrr_e".to_string()),
        ("customers", "cust_s".to_string()),
        ("new", "new_mrr".to_string()),
        ("expansion", "expansion".to_string()),
        ("contraction", "contraction".to_string()),
        ("churned", "churned".to_string()),
        ("reactivation", "react_mrr".to_string()),
        (
            "nrr",
            format!(
                "CASE WHEN mrr_s <> {zero} THEN (mrr_s + expansion - (churned + contraction)) / mrr_s END"
            ),
        ),
    ] {
        let path = q.keyed("mrr_months.months", "label", &format!(".{leaf}"));
        q.row("mrr_months", &path, &e, None, mo);
    }
    Ok(())
}

/// The month index (year × 12 + month − 1) of the latest of a row's
/// start, created, ended and canceled times: the as-of date's stand-in.
fn latest_month(d: super::Dialect) -> String {
    let m = |c: &str| d.month_index(c);
    let (s, cr, e, cn) = (
        m("start_ts"),
        m("created_ts"),
        m("ended_ts"),
        m("canceled_ts"),
    );
    // GREATEST ignores NULLs in some engines and not in others: spelled out.
    let g = |a: &str, b: &str| format!("CASE WHEN {b} IS NULL OR {a} >= {b} THEN {a} ELSE {b} END");
    g(&format!("({})", g(&s, &cr)), &format!("({})", g(&e, &cn)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::datasets::subscriptions::interval_months;

    #[test]
    fn interval_words_are_the_cores() {
        for (w, m) in INTERVAL_WORDS {
            assert_eq!(interval_months(w), Some(*m), "{w}");
        }
    }

    #[test]
    fn settings_are_literals_and_cohorts_are_left_out() {
        use crate::sql::{generate, Dialect, SqlRequest};
        let mut r = SqlRequest {
            kind: "subscriptions".into(),
            dialect: Dialect::Duckdb,
            table: "billing.subs".into(),
            mapping: Default::default(),
            settings: Settings::default(),
        };
        let q = generate(&r).unwrap();
        assert!(!q.contains("cohorts"));
        assert!(q.contains("'mrr_months.months['"));
        assert!(!q.contains("'churn_target.value'"));
        // Without settings, the as-of month comes from the table.
        assert!(q.contains("MAX(lm) - 1 AS last_m"));
        r.settings.churn_target = Some(0.05);
        r.settings.gross_margin = Some(0.8);
        r.settings.period_start = Some("2023-07".into());
        r.settings.period_end = Some("2024-06".into());
        let q = generate(&r).unwrap();
        assert!(q.contains("'churn_target.value'"));
        assert!(q.contains("CAST(0.8 AS DOUBLE)"));
        // 2023-07 and 2024-06 as month indexes (year × 12 + month − 1).
        assert!(q.contains(&format!("{} AS first_m", 2023 * 12 + 6)));
        assert!(q.contains(&format!("{} AS last_m", 2024 * 12 + 5)));
        r.settings = Settings::default();
        r.settings.as_of = Some("2024-03-08".into());
        assert!(generate(&r)
            .unwrap()
            .contains(&format!("{} AS last_m", 2024 * 12 + 1)));
    }
}
