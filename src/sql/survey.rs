//! Survey answers → `nps` (with its distribution and intervals),
//! `nps_by_month`, `nps_change`, `csat`, `ces` ([contract §3](crate::contract)), as
//! `crate::datasets::survey` reports them.
//!
//! An answer off its scale (an NPS score that is not a whole 0–10, a CSAT
//! or CES score off the scale set) is left out, as the core voids it. The
//! CSAT and CES scales are the settings' (`csat_scale`, `ces_scale`), else
//! the core's defaults 1–5 and 1–7: the core reads them from a sample of the
//! file when they are not set, which a query cannot repeat, so pass the
//! scales the report shows (`settings.csat_scale`, `settings.ces_scale`).

use super::reasons::{
    NO_CES_RESPONSES_REASON, NO_CSAT_RESPONSES_REASON, NO_SURVEY_RESPONSES_REASON,
};
use super::{Columns, Query};
use crate::error::Error;
use crate::ingest::columns::Field;
use crate::metrics::survey::{CsatScale, Z95};
use crate::settings::Settings;

/// Writes the survey query.
pub(crate) fn build(q: &mut Query, c: &Columns, settings: &Settings) -> Result<(), Error> {
    let d = q.d;
    let csat_scale = settings.csat_scale.unwrap_or_default();
    let ces_scale = settings.ces_scale.unwrap_or_default();
    let whole = |col: &str, lo: f64, hi: f64| {
        format!(
            "CASE WHEN {col} >= {lo} AND {col} <= {hi} AND {col} = FLOOR({col}) THEN {} END",
            d.dbl(col),
            lo = d.num(lo),
            hi = d.num(hi),
        )
    };
    if let Some(col) = c.get(Field::Score) {
        q.source(&whole(col, 0.0, 10.0), "score");
    }
    if let Some(col) = c.get(Field::SurveyDate) {
        q.source(&d.month_label(col), "month");
    }
    // CSAT: 1 satisfied, 0 not, NULL no (valid) answer.
    if let Some(col) = c.get(Field::Csat) {
        let expr = match csat_scale {
            CsatScale::GoodBad => {
                let w = format!("LOWER(TRIM({}))", d.text(col));
                format!(
                    "CASE WHEN {w} IN ('good', 'satisfied') THEN 1 WHEN {w} IN ('bad', 'unsatisfied', 'dissatisfied') THEN 0 END"
                )
            }
            scale => {
                let (lo, hi, top) = match scale {
                    CsatScale::OneToSeven => (1.0, 7.0, 6.0),
                    CsatScale::OneToTen => (1.0, 10.0, 8.0),
                    CsatScale::ZeroToTen => (0.0, 10.0, 8.0),
                    _ => (1.0, 5.0, 4.0),
                };
                format!(
                    "CASE WHEN ({}) >= {} THEN 1 WHEN ({}) IS NOT NULL THEN 0 END",
                    whole(col, lo, hi),
                    d.num(top),
                    whole(col, lo, hi)
                )
            }
        };
        q.source(&expr, "csat_ok");
    }
    if let Some(col) = c.get(Field::Ces) {
        q.source(&whole(col, 1.0, f64::from(ces_scale.max())), "ces");
    }

    if c.has(Field::Score) {
        nps(q, c.has(Field::SurveyDate));
    }
    if c.has(Field::Csat) {
        q.cte(
            "csat_t",
            "  SELECT COUNT(csat_ok) AS n, COUNT(CASE WHEN csat_ok = 1 THEN 1 END) AS s FROM src",
        );
        wilson(q, "csat_w", "csat_t");
        let r = d.string(NO_CSAT_RESPONSES_REASON.reason);
        q.value("csat", "CASE WHEN n > 0 THEN value END", &r, "csat_w");
        q.leaf("csat", "csat.n", "n", "csat_w");
        for leaf in ["satisfied", "ci95_low", "ci95_high"] {
            let expr = if leaf == "satisfied" { "s" } else { leaf };
            q.leaf(
                "csat",
                &format!("csat.{leaf}"),
                &format!("CASE WHEN n > 0 THEN {expr} END"),
                "csat_w",
            );
        }
    }
    if c.has(Field::Ces) {
        q.cte(
            "ces_t",
            &format!(
                "  SELECT COUNT(ces) AS n, SUM(ces) AS total, COUNT(CASE WHEN ces >= {} THEN 1 END) AS low FROM src",
                d.num(f64::from(ces_scale.low_effort_from()))
            ),
        );
        let n = d.dbl("n");
        let r = d.string(NO_CES_RESPONSES_REASON.reason);
        q.value(
            "ces",
            &format!("CASE WHEN n > 0 THEN total / {n} END"),
            &r,
            "ces_t",
        );
        q.leaf("ces", "ces.n", "n", "ces_t");
        q.leaf(
            "ces",
            "ces.share_low_effort",
            &format!("CASE WHEN n > 0 THEN {} / {n} END", d.dbl("low")),
            "ces_t",
        );
    }
    Ok(())
}

/// The NPS counts of the rows of `from` grouped by `group` (a column list,
/// or empty for one group).
fn counts_sql(group: &str, from: &str) -> String {
    let mut cols: Vec<String> = Vec::new();
    if !group.is_empty() {
        cols.push(group.to_string());
    }
    cols.push("COUNT(CASE WHEN score >= 9 THEN 1 END) AS p".into());
    cols.push("COUNT(CASE WHEN score >= 7 AND score < 9 THEN 1 END) AS pa".into());
    cols.push("COUNT(CASE WHEN score < 7 THEN 1 END) AS dt".into());
    cols.push("COUNT(score) AS n".into());
    let by = if group.is_empty() {
        String::new()
    } else {
        format!(" GROUP BY {group}")
    };
    format!("SELECT {} FROM {from}{by}", cols.join(", "))
}

/// A CTE body with, over the counts `p`, `pa`, `dt`, `n` of `counts`
/// (plus `keep` columns), NPS `value`, `ci95_low`, `ci95_high`,
/// `margin_of_error` as [`crate::metrics::survey::nps_from_counts`] computes
/// them (NULL when `n` = 0), and the adjusted centre `c` and standard error
/// `se` of [`crate::metrics::survey::nps_change`].
fn nps_sql(q: &Query, counts: &str, keep: &str) -> String {
    let d = q.d;
    let z = d.num(Z95);
    let keep = if keep.is_empty() {
        String::new()
    } else {
        format!("{keep}, ")
    };
    let (pf, df, nf) = (d.dbl("p"), d.dbl("dt"), d.dbl("n"));
    let adj = format!("({nf} + {})", d.num(3.0));
    let q75 = d.num(0.75);
    let layer1 = format!(
        "SELECT {keep}p, pa, dt, n, CASE WHEN n > 0 THEN {pf} / {nf} END AS pp, CASE WHEN n > 0 THEN {df} / {nf} END AS dd, ({pf} + {q75}) / {adj} AS pa_adj, ({df} + {q75}) / {adj} AS da_adj, {adj} AS n_adj FROM ({counts}) AS k"
    );
    let zero = d.num(0.0);
    let pos = |x: &str| format!("CASE WHEN {x} > {zero} THEN {x} ELSE {zero} END");
    let layer2 = format!(
        "SELECT {keep}p, pa, dt, n, pp, dd, n_adj, pa_adj - da_adj AS c, {z} * SQRT({} / n_adj) AS half, SQRT({} / n_adj) AS se, {z} * SQRT({} / {nf}) AS margin FROM ({layer1}) AS a",
        pos("pa_adj + da_adj - (pa_adj - da_adj) * (pa_adj - da_adj)"),
        pos("pa_adj + da_adj - (pa_adj - da_adj) * (pa_adj - da_adj)"),
        pos("pp + dd - (pp - dd) * (pp - dd)"),
    );
    let hundred = d.num(100.0);
    let low = format!("{hundred} * (c - half)");
    let high = format!("{hundred} * (c + half)");
    format!(
        "  SELECT {keep}p, pa, dt, n, c, se, CASE WHEN n > 0 THEN {hundred} * ({pf} - {df}) / {nf} END AS value, CASE WHEN n = 0 THEN NULL WHEN {low} < {m100} THEN {m100} ELSE {low} END AS ci95_low, CASE WHEN n = 0 THEN NULL WHEN {high} > {hundred} THEN {hundred} ELSE {high} END AS ci95_high, CASE WHEN n > 0 THEN {hundred} * margin END AS margin_of_error FROM ({layer2}) AS b",
        m100 = d.num(-100.0)
    )
}

/// The leaves of an NPS figure (`value` aside) as `(name, expr)`.
const NPS_LEAVES: [(&str, &str); 7] = [
    ("promoters", "p"),
    ("passives", "pa"),
    ("detractors", "dt"),
    ("n", "n"),
    ("ci95_low", "ci95_low"),
    ("ci95_high", "ci95_high"),
    ("margin_of_error", "margin_of_error"),
];

/// `nps`, and with dates `nps_by_month` and `nps_change`.
fn nps(q: &mut Query, dated: bool) {
    let d = q.d;
    let body = nps_sql(q, &counts_sql("", "src"), "");
    q.cte("nps_f", &body);
    let mut dist = vec!["COUNT(score) AS n".to_string()];
    for i in 0..=10 {
        dist.push(format!(
            "COUNT(CASE WHEN score = {} THEN 1 END) AS d{i}",
            d.num(f64::from(i))
        ));
    }
    q.cte("nps_d", &format!("  SELECT {} FROM src", dist.join(", ")));
    let r = d.string(NO_SURVEY_RESPONSES_REASON.reason);
    q.value("nps", "value", &r, "nps_f");
    for (name, expr) in NPS_LEAVES {
        q.leaf("nps", &format!("nps.{name}"), expr, "nps_f");
    }
    for i in 0..=10 {
        q.leaf(
            "nps",
            &format!("nps.distribution[{i}]"),
            &format!("d{i}"),
            "nps_d",
        );
    }
    if !dated {
        return;
    }
    let months = counts_sql("month", "src WHERE score IS NOT NULL AND month IS NOT NULL");
    let body = nps_sql(q, &months, "month");
    q.cte(
        "nps_m",
        &format!(
            "  SELECT m.*, ROW_NUMBER() OVER (ORDER BY month DESC) AS recent, COUNT(*) OVER () AS months FROM (\n{body}\n  ) AS m"
        ),
    );
    let id = "nps_by_month";
    let p = q.keyed(id, "month", ".value");
    q.row(id, &p, "value", Some(&r), "nps_m");
    for (name, expr) in NPS_LEAVES {
        let p = q.keyed(id, "month", &format!(".{name}"));
        q.row(id, &p, expr, None, "nps_m");
    }
    // The change between the last two months.
    let (z, hundred) = (d.num(Z95), d.num(100.0));
    let half = format!("{z} * SQRT(b.se * b.se + a.se * a.se)");
    let low = format!("{hundred} * (a.c - b.c - ({half}))");
    let high = format!("{hundred} * (a.c - b.c + {half})");
    q.cte(
        "nps_ch",
        &format!(
            "  SELECT a.value - b.value AS value, b.value AS before_v, a.value AS after_v, CASE WHEN {low} < {m200} THEN {m200} ELSE {low} END AS ci95_low, CASE WHEN {high} > {p200} THEN {p200} ELSE {high} END AS ci95_high FROM nps_m AS a JOIN nps_m AS b ON a.recent = 1 AND b.recent = 2",
            m200 = d.num(-200.0),
            p200 = d.num(200.0),
        ),
    );
    q.value("nps_change", "value", &r, "nps_ch");
    for (name, expr) in [
        ("before", "before_v"),
        ("after", "after_v"),
        ("ci95_low", "ci95_low"),
        ("ci95_high", "ci95_high"),
    ] {
        q.leaf("nps_change", &format!("nps_change.{name}"), expr, "nps_ch");
    }
}

/// A CTE `name` with the Wilson interval ([`crate::metrics::stats::wilson_interval`], z =
/// [`Z95`]) of the counts `s` (successes) and `n` of the one-row CTE
/// `counts`: columns `n`, `s`, `value`, `ci95_low`, `ci95_high` (NULL
/// when `n` = 0).
pub(crate) fn wilson(q: &mut Query, name: &str, counts: &str) {
    let d = q.d;
    let (sf, nf) = (d.dbl("s"), d.dbl("n"));
    let z = d.num(Z95);
    let z2 = d.num(Z95 * Z95);
    let one = d.num(1.0);
    let zero = d.num(0.0);
    let layer1 = format!(
        "SELECT n, s, CASE WHEN n > 0 THEN {sf} / {nf} END AS p, CASE WHEN n > 0 THEN {one} + {z2} / {nf} END AS denom FROM {counts}"
    );
    let layer2 = format!(
        "SELECT n, s, p, (p + {z2} / ({two} * {nf})) / denom AS centre, {z} / denom * SQRT(CASE WHEN p * ({one} - p) / {nf} + {z2} / ({four} * {nf} * {nf}) > {zero} THEN p * ({one} - p) / {nf} + {z2} / ({four} * {nf} * {nf}) ELSE {zero} END) AS half FROM ({layer1}) AS a",
        two = d.num(2.0),
        four = d.num(4.0),
    );
    let clamp = |x: String| {
        format!("CASE WHEN {x} < {zero} THEN {zero} WHEN {x} > {one} THEN {one} ELSE {x} END")
    };
    let lo =
        format!("CASE WHEN s = 0 THEN {zero} WHEN centre - half < p THEN centre - half ELSE p END");
    let hi =
        format!("CASE WHEN s = n THEN {one} WHEN centre + half > p THEN centre + half ELSE p END");
    q.cte(
        name,
        &format!(
            "  SELECT n, s, p AS value, CASE WHEN n > 0 THEN {} END AS ci95_low, CASE WHEN n > 0 THEN {} END AS ci95_high FROM ({layer2}) AS b",
            clamp(lo),
            clamp(hi)
        ),
    );
}
