//! The readable summary `cxmetrics report` prints: every figure by
//! section with its label and unit, money in its currency, the SLA
//! policies' lines and the business-hours checks, and the diagnostics for
//! standard error.

use super::*;

/// How a figure's value reads.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Unit {
    /// A fraction shown as a percentage: `5.0 %`.
    Percent,
    /// An amount in the report's currency.
    Money,
    /// A duration in minutes: `42 min`, `3.5 h`, `2.1 days`.
    Minutes,
    /// Days: `21.0 days`.
    Days,
    /// Months: `7.0 months`.
    Months,
    /// A whole count: `1,234`.
    Count,
    /// A score or average with one decimal (NPS, CES).
    Score,
    /// NPS points with a sign: `+12.5 points`.
    Points,
    /// A number with two decimals (CSMs needed).
    Decimal,
}

/// The figures of the readable summary: id, kind (empty: any kind),
/// section, label, unit. A figure the report has and this table lacks is
/// printed under "Other figures".
pub(super) const FIGURES: &[(&str, &str, &str, &str, Unit)] = &[
    // survey
    ("nps", "", "Surveys", "NPS", Unit::Score),
    ("nps_by_month", "", "Surveys", "NPS by month", Unit::Score),
    ("nps_change", "", "Surveys", "NPS change", Unit::Points),
    ("csat", "", "Surveys", "CSAT", Unit::Percent),
    ("ces", "", "Surveys", "CES (average effort)", Unit::Score),
    // tickets
    ("tickets", "", "Volume", "Tickets", Unit::Count),
    (
        "volume",
        "",
        "Volume",
        "Volume by category, channel, priority and time",
        Unit::Count,
    ),
    ("top_issues", "", "Volume", "Top issues", Unit::Count),
    ("backlog", "", "Volume", "Open backlog", Unit::Count),
    (
        "awaiting_first_reply",
        "",
        "Volume",
        "Awaiting a first reply",
        Unit::Count,
    ),
    (
        "first_response_minutes",
        "",
        "Response and resolution",
        "First response (median)",
        Unit::Minutes,
    ),
    (
        "first_response_minutes_business",
        "",
        "Response and resolution",
        "First response, business hours (median)",
        Unit::Minutes,
    ),
    (
        "resolution_minutes",
        "",
        "Response and resolution",
        "Resolution (median)",
        Unit::Minutes,
    ),
    (
        "resolution_minutes_business",
        "",
        "Response and resolution",
        "Resolution, business hours (median)",
        Unit::Minutes,
    ),
    (
        "first_ticket_resolution_minutes",
        "",
        "Response and resolution",
        "First-ticket resolution (median)",
        Unit::Minutes,
    ),
    (
        "sla_attainment",
        "",
        "Response and resolution",
        "SLA attainment",
        Unit::Percent,
    ),
    (
        "first_reply_sla",
        "",
        "Response and resolution",
        "First-reply SLA (policy)",
        Unit::Percent,
    ),
    (
        "resolution_sla",
        "",
        "Response and resolution",
        "Resolution SLA (policy)",
        Unit::Percent,
    ),
    (
        "first_response_minutes_business_export",
        "",
        "Response and resolution",
        "First response, business hours, as exported (median)",
        Unit::Minutes,
    ),
    (
        "resolution_minutes_business_export",
        "",
        "Response and resolution",
        "Resolution, business hours, as exported (median)",
        Unit::Minutes,
    ),
    (
        "business_hours_check",
        "",
        "Response and resolution",
        "Business hours: tickets differing from the export",
        Unit::Count,
    ),
    (
        "one_touch_rate",
        "",
        "Response and resolution",
        "One-touch resolution",
        Unit::Percent,
    ),
    (
        "first_response_histogram",
        "",
        "Response and resolution",
        "First response histogram",
        Unit::Minutes,
    ),
    (
        "resolution_histogram",
        "",
        "Response and resolution",
        "Resolution histogram",
        Unit::Minutes,
    ),
    (
        "ticket_csat",
        "",
        "Response and resolution",
        "Ticket CSAT",
        Unit::Percent,
    ),
    // subscriptions
    (
        "customers_start",
        "",
        "Customers",
        "Customers at the start",
        Unit::Count,
    ),
    (
        "customers_end",
        "",
        "Customers",
        "Customers at the end",
        Unit::Count,
    ),
    (
        "new_customers",
        "",
        "Customers",
        "New customers",
        Unit::Count,
    ),
    (
        "lost_customers",
        "",
        "Customers",
        "Lost customers",
        Unit::Count,
    ),
    (
        "customer_churn",
        "",
        "Customers",
        "Monthly customer churn",
        Unit::Percent,
    ),
    (
        "retention_rate",
        "",
        "Customers",
        "Retention",
        Unit::Percent,
    ),
    (
        "annual_churn",
        "",
        "Customers",
        "Annual churn",
        Unit::Percent,
    ),
    (
        "churn_target",
        "",
        "Customers",
        "Churn against target",
        Unit::Percent,
    ),
    ("mrr_start", "", "Revenue", "MRR at the start", Unit::Money),
    ("mrr_end", "", "Revenue", "MRR at the end", Unit::Money),
    (
        "arpa",
        "",
        "Revenue",
        "ARPA (per account, monthly)",
        Unit::Money,
    ),
    ("nrr", "", "Revenue", "Net revenue retention", Unit::Percent),
    (
        "grr",
        "",
        "Revenue",
        "Gross revenue retention",
        Unit::Percent,
    ),
    (
        "gross_mrr_churn",
        "",
        "Revenue",
        "Gross MRR churn",
        Unit::Percent,
    ),
    (
        "expansion_rate",
        "",
        "Revenue",
        "Expansion rate",
        Unit::Percent,
    ),
    ("mrr_months", "", "Revenue", "Months of MRR", Unit::Count),
    ("cohorts", "", "Revenue", "Cohorts", Unit::Count),
    ("ltv", "", "Value", "LTV", Unit::Money),
    (
        "expected_lifetime_months",
        "",
        "Value",
        "Expected lifetime",
        Unit::Months,
    ),
    // spend
    (
        "new_customers",
        "spend",
        "Acquisition",
        "New customers",
        Unit::Count,
    ),
    ("spend", "", "Acquisition", "Spend", Unit::Money),
    ("cac", "", "Acquisition", "CAC", Unit::Money),
    // accounts
    (
        "onboarded_within_target",
        "",
        "Onboarding",
        "Onboarded within target",
        Unit::Percent,
    ),
    (
        "time_to_onboard_days",
        "",
        "Onboarding",
        "Time to onboard (median)",
        Unit::Days,
    ),
    (
        "adoption",
        "",
        "Adoption and engagement",
        "Feature adoption (mean)",
        Unit::Percent,
    ),
    (
        "engaged_accounts",
        "",
        "Adoption and engagement",
        "Engaged accounts",
        Unit::Percent,
    ),
    (
        "sessions",
        "",
        "Adoption and engagement",
        "Sessions (median)",
        Unit::Score,
    ),
    (
        "email_open_rate",
        "",
        "Adoption and engagement",
        "Email open rate",
        Unit::Percent,
    ),
    (
        "renewal_rate",
        "",
        "Renewal and growth",
        "Renewal rate",
        Unit::Percent,
    ),
    (
        "upsell_ready",
        "",
        "Renewal and growth",
        "Upsell-ready accounts",
        Unit::Count,
    ),
    ("csm_needed", "", "Capacity", "CSMs needed", Unit::Decimal),
];

/// The unit of a figure's detail `key`, given the figure's own unit.
pub(super) fn detail_unit(key: &str, figure: Unit) -> Option<Unit> {
    Some(match key {
        "mean" | "median" | "p90" | "p95" | "ci95_low" | "ci95_high" | "margin_of_error" => {
            if figure == Unit::Percent && key == "margin_of_error" {
                Unit::Percent
            } else {
                figure
            }
        }
        "before" | "after" => Unit::Score,
        "spend" | "mrr" | "mrr_start" | "churned" | "contraction" | "expansion" | "arpa" => {
            Unit::Money
        }
        "share" | "share_low_effort" | "monthly_churn" | "gross_margin" | "no_target_share" => {
            Unit::Percent
        }
        "target_minutes" => Unit::Minutes,
        "target_days" => Unit::Days,
        "expected_lifetime_months" => Unit::Months,
        "hours_per_year" => Unit::Decimal,
        _ => return None,
    })
}

/// `1234567.891` → `1,234,567.89` with `decimals` decimals.
pub(super) fn grouped(x: f64, decimals: usize) -> String {
    let text = format!("{:.*}", decimals, x.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
    }
    // No "-0.0": a value that rounds to zero is shown without a sign.
    if x < 0.0 && out.bytes().any(|b| (b'1'..=b'9').contains(&b)) {
        out.insert(0, '-');
    }
    out
}

/// An amount in `currency` (an ISO code), with its usual sign when it has
/// one of its own: `R$ 1,234.56`, `€ 12.00`, `MXN 1,500.00`; plain when the
/// currency is unknown.
pub(super) fn money(x: f64, currency: Option<&str>) -> String {
    let amount = grouped(x, 2);
    match currency {
        None => amount,
        Some(code) => {
            let sign = match code {
                "USD" => "$",
                "BRL" => "R$",
                "EUR" => "€",
                "GBP" => "£",
                "JPY" => "¥",
                "INR" => "₹",
                "IDR" => "Rp",
                other => other,
            };
            format!("{sign} {amount}")
        }
    }
}

/// `x` read in `unit`.
pub(super) fn with_unit(x: f64, unit: Unit, currency: Option<&str>) -> String {
    match unit {
        Unit::Percent => format!("{} %", grouped(x * 100.0, 1)),
        Unit::Money => money(x, currency),
        Unit::Minutes => {
            if x < 1.0 {
                format!("{} s", grouped(x * 60.0, 0))
            } else if x < 90.0 {
                format!("{} min", grouped(x, if x < 10.0 { 1 } else { 0 }))
            } else if x < 48.0 * 60.0 {
                format!("{} h", grouped(x / 60.0, 1))
            } else {
                format!("{} days", grouped(x / 1440.0, 1))
            }
        }
        Unit::Days => format!("{} days", grouped(x, 1)),
        Unit::Months => format!("{} months", grouped(x, 1)),
        Unit::Count => {
            if x.fract() == 0.0 {
                grouped(x, 0)
            } else {
                grouped(x, 2)
            }
        }
        Unit::Score => grouped(x, 1),
        Unit::Points => {
            let sign = if x > 0.0 { "+" } else { "" };
            format!("{sign}{} points", grouped(x, 1))
        }
        Unit::Decimal => grouped(x, 2),
    }
}

/// A detail of a figure: a number in its unit, a count, a list's length,
/// or text.
pub(super) fn detail(key: &str, v: &Value, figure: Unit, currency: Option<&str>) -> Option<String> {
    let text = match v {
        Value::Number(n) => {
            let x = n.as_f64()?;
            match detail_unit(key, figure) {
                Some(unit) => with_unit(x, unit, currency),
                None if n.is_f64() => compact(v),
                None => grouped(x, 0),
            }
        }
        Value::Array(items) if items.is_empty() => return None,
        Value::Array(items)
            if items.iter().all(|i| !i.is_object() && !i.is_array()) && items.len() <= 11 =>
        {
            compact(v)
        }
        Value::Array(items) => entries(items.len()),
        Value::Object(map) if map.is_empty() => return None,
        Value::Object(_) => compact(v),
        Value::String(t) => t.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Null => return None,
    };
    Some(format!("{} {text}", key.replace('_', " ")))
}

/// `n entries`, `1 entry`.
pub(super) fn entries(n: usize) -> String {
    format!("{n} {}", if n == 1 { "entry" } else { "entries" })
}

/// The readable summary: kind, rows, the currency, every figure by section
/// with its label and unit, the settings under `verbose`, and the first
/// skipped rows.
pub(super) fn summary(report: &Report, verbose: bool) -> String {
    let mut s = String::new();
    let r = &report.rows;
    let currency = report.settings.get("currency").and_then(Value::as_str);
    s += &format!(
        "{} · {} rows read, {} used, {} skipped",
        report.kind, r.read, r.used, r.skipped
    );
    if let Some(code) = currency {
        let how = match report
            .settings
            .get("currency_source")
            .and_then(Value::as_str)
        {
            Some("settings") => "as set",
            _ if report.settings.get("currency_guessed") == Some(&Value::Bool(true)) => {
                "guessed from the data"
            }
            _ => "from the data",
        };
        s += &format!(" · money in {code} ({how})");
    }
    s += "\n";
    s += &header_sentence(report.settings.get("header_lines"));
    if verbose {
        s += "\nSettings\n";
        for (key, value) in &report.settings {
            if key != "header_lines" {
                s += &format!("  {key}: {}\n", compact(value));
            }
        }
    }
    let known = |id: &str| FIGURES.iter().any(|f| f.0 == id);
    let mut rows: Vec<(&str, String, Unit, &Value)> = Vec::new();
    let mut done: Vec<&str> = Vec::new();
    for &(id, kind, section, label, unit) in FIGURES {
        let specific = |f: &&(&str, &str, &str, &str, Unit)| f.0 == id && f.1 == report.kind;
        let shadowed = kind.is_empty() && FIGURES.iter().any(|f| specific(&f));
        if !(kind.is_empty() || kind == report.kind) || shadowed || done.contains(&id) {
            continue;
        }
        if let Some(figure) = report.metrics.get(id) {
            done.push(id);
            rows.push((section, label.to_string(), unit, figure));
        }
    }
    for (id, figure) in &report.metrics {
        if !known(id) {
            rows.push(("Other figures", id.replace('_', " "), Unit::Decimal, figure));
        }
    }
    let width = rows.iter().map(|r| r.1.chars().count()).max().unwrap_or(0);
    let mut section = "";
    for (sec, label, unit, figure) in rows {
        if sec != section {
            s += &format!("\n{sec}\n");
            section = sec;
        }
        let pad = width - label.chars().count();
        let main = match figure.get("value") {
            Some(Value::Null) => format!(
                "not defined: {}",
                figure.get("reason").and_then(Value::as_str).unwrap_or("")
            ),
            Some(Value::Number(n)) => with_unit(n.as_f64().unwrap_or(0.0), unit, currency),
            Some(v) => compact(v),
            None => match figure {
                Value::Array(items) => format!("{} (see --json)", entries(items.len())),
                Value::Object(map) => format!("{} parts (see --json)", map.len()),
                other => compact(other),
            },
        };
        s += &format!("  {label}{:pad$}  {main}\n", "");
        if let (Some(_), Value::Object(map)) = (figure.get("value"), figure) {
            let details: Vec<String> = map
                .iter()
                .filter(|(k, _)| *k != "value" && *k != "reason")
                .filter_map(|(k, v)| detail(k, v, unit, currency))
                .collect();
            if !details.is_empty() {
                s += &format!("  {:width$}  ({})\n", "", details.join(", "));
            }
        }
        s += &policy_lines(figure, width, currency);
        s += &check_lines(figure, width, currency);
    }
    if r.skipped > 0 {
        let shown = report.skipped.len().min(20);
        s += &format!(
            "\nSkipped rows (first {shown} of {}; --json lists up to 1,000):\n",
            r.skipped
        );
        for row in report.skipped.iter().take(shown) {
            s += &format!(
                "  line {}  {}  {:?}  {}\n",
                row.line, row.column, row.value, row.reason
            );
        }
    }
    s
}

/// The tickets where the schedule's business minutes differ from the
/// export's own column (docs/metrics.md §4.12), one line each (nothing
/// for other figures).
pub(super) fn check_lines(figure: &Value, width: usize, currency: Option<&str>) -> String {
    let mut s = String::new();
    let (Some(Value::Array(examples)), Some(_)) = (figure.get("examples"), figure.get("compared"))
    else {
        return s;
    };
    let minutes = |v: Option<&Value>| {
        v.and_then(Value::as_f64).map_or("none".to_string(), |m| {
            with_unit(m, Unit::Minutes, currency)
        })
    };
    for e in examples {
        let what = match e.get("figure").and_then(Value::as_str) {
            Some("first_response_minutes_business") => "first reply",
            Some("resolution_minutes_business") => "resolution",
            _ => "figure",
        };
        s += &format!(
            "  {:width$}  differs: ticket {} (line {}), {what}: {} with this schedule, {} exported\n",
            "",
            e.get("id").and_then(Value::as_str).unwrap_or("(no id)"),
            e.get("line").and_then(Value::as_u64).unwrap_or(0),
            minutes(e.get("computed")),
            minutes(e.get("exported")),
        );
    }
    s
}

/// An SLA policy figure's attainment per priority and its first breaches,
/// one line each (nothing for other figures).
pub(super) fn policy_lines(figure: &Value, width: usize, currency: Option<&str>) -> String {
    let mut s = String::new();
    let (Some(Value::Array(groups)), Some(Value::Array(breaches))) =
        (figure.get("by_priority"), figure.get("breaches"))
    else {
        return s;
    };
    let minutes = |v: Option<&Value>| {
        v.and_then(Value::as_f64).map_or("none".to_string(), |m| {
            with_unit(m, Unit::Minutes, currency)
        })
    };
    let count = |g: &Value, k: &str| g.get(k).and_then(Value::as_u64).unwrap_or(0);
    for g in groups {
        let name = g
            .get("priority")
            .and_then(Value::as_str)
            .unwrap_or("(no priority)");
        let value = match g.get("value").and_then(Value::as_f64) {
            Some(x) => with_unit(x, Unit::Percent, currency),
            None => "not defined".to_string(),
        };
        s += &format!(
            "  {:width$}  {name} (target {}): {value} ({} met, {} breached, {} open past target)\n",
            "",
            minutes(g.get("target_minutes")),
            count(g, "met"),
            count(g, "breached"),
            count(g, "overdue_open"),
        );
    }
    for b in breaches.iter().take(10) {
        let id = b.get("id").and_then(Value::as_str).unwrap_or("(no id)");
        s += &format!(
            "  {:width$}  breach: ticket {id} (line {}), {}, target {}, {} {}\n",
            "",
            b.get("line").and_then(Value::as_u64).unwrap_or(0),
            b.get("priority")
                .and_then(Value::as_str)
                .unwrap_or("no priority"),
            minutes(b.get("target_minutes")),
            if b.get("open") == Some(&Value::Bool(true)) {
                "still open after"
            } else {
                "took"
            },
            minutes(b.get("actual_minutes")),
        );
    }
    if breaches.len() > 10 {
        s += &format!("  {:width$}  … more breaches: see --json\n", "");
    }
    s
}

/// Which lines were taken as header, in one line of the summary.
pub(super) fn header_sentence(lines: Option<&Value>) -> String {
    let lines: Vec<String> = lines
        .and_then(Value::as_array)
        .map(|l| l.iter().map(compact).collect())
        .unwrap_or_default();
    match lines.as_slice() {
        [] => "  header: none, the first line is data\n".to_string(),
        [one] => format!("  header: line {one}\n"),
        more => format!("  header: lines {}\n", more.join(" and ")),
    }
}

/// The lines for standard error: each warning and guess with its code and
/// figures, each notice, and each field's unreadable cells with the first
/// example.
pub(super) fn diagnostics(report: &Report) -> String {
    let mut s = String::new();
    let about = |figures: &[String]| {
        if figures.is_empty() {
            String::new()
        } else {
            format!(" ({})", figures.join(", "))
        }
    };
    for w in &report.warnings {
        s += &format!("warning {}{}: {}\n", w.code, about(&w.figures), w.message);
    }
    for w in &report.inferences {
        s += &format!("guess {}{}: {}\n", w.code, about(&w.figures), w.message);
    }
    if let Some(Value::Array(notices)) = report.settings.get("notices") {
        for n in notices.iter().filter_map(Value::as_str) {
            s += &format!("notice: {n}\n");
        }
    }
    for c in &report.unreadable_cells {
        s += &format!(
            "unreadable_cells {}: {} {} of “{}” could not be read",
            c.field,
            c.count,
            if c.count == 1 { "cell" } else { "cells" },
            c.column
        );
        if let Some(e) = c.examples.first() {
            s += &format!(", e.g. line {} {:?}: {}", e.line, e.value, e.reason);
        }
        s += "\n";
    }
    s
}
