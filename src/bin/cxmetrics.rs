//! `cxmetrics`: the same report as the page, on the command line.
//!
//! ```text
//! cxmetrics report tickets.csv              # a readable summary
//! cxmetrics report tickets.csv --json       # exactly the page's report JSON
//! cat survey.csv | cxmetrics report - --kind survey --map score=Nota
//! cxmetrics fields tickets                  # what --map accepts
//! ```
//!
//! The summary goes to standard output; warnings, guesses, notices and
//! unreadable cells go to standard error, one line each.
//!
//! Exit status: 0 with a report (even with skipped rows), 1 when the input
//! cannot be read, 2 on a usage error.

use clap::{Args, Parser, Subcommand};
use cxmetrics::datasets::{field_type, FieldType};
use cxmetrics::error::Error;
use cxmetrics::ingest::columns::{Field, Kind};
use cxmetrics::ingest::values::{DateStyle, NumberStyle};
use cxmetrics::metrics::survey::{CesScale, CsatScale};
use cxmetrics::report::Report;
use cxmetrics::session::{ReadError, Session};
use cxmetrics::settings::{self, Settings, TenureUnit};
use serde_json::Value;
use std::io::{self, Read, Write};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "cxmetrics",
    version,
    about = "Customer-support and customer-success metrics from CSV exports, computed locally."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Reads a CSV export and prints its report.
    Report(Box<ReportArgs>),
    /// Lists the fields --map accepts: per kind, each field's id, what it
    /// is, its value type and header names recognised.
    Fields(FieldsArgs),
}

#[derive(Args)]
struct FieldsArgs {
    /// Only this kind: survey, tickets, subscriptions, spend, accounts.
    kind: Option<String>,
}

#[derive(Args)]
struct ReportArgs {
    /// The file to read, or - for standard input.
    file: String,
    /// Print the report as JSON (the same JSON the page gets).
    #[arg(long)]
    json: bool,
    /// Also print every setting used (format, mapping, scales, as-of time).
    #[arg(long, short)]
    verbose: bool,
    /// Force the kind: survey, tickets, subscriptions, spend, accounts, customers
    /// (auto: decided from the data, as without the flag).
    #[arg(long, value_parser = kind_arg)]
    kind: Option<KindArg>,
    /// Map a field to a column, e.g. --map score=Nota (repeatable).
    #[arg(long = "map", value_name = "FIELD=COLUMN")]
    map: Vec<String>,
    /// Force the delimiter: , ; tab |
    #[arg(long, value_parser = settings::delimiter)]
    delimiter: Option<u8>,
    /// Force the number of header rows (0, 1 or 2).
    #[arg(long)]
    header_rows: Option<u8>,
    /// Force the number style: dot (1,234.56) or comma (1.234,56).
    #[arg(long, value_parser = settings::number_style)]
    number_style: Option<NumberStyle>,
    /// Force the order of slash dates: day-first or month-first.
    #[arg(long, value_parser = settings::date_order)]
    date_order: Option<DateStyle>,
    /// Amount columns are in cents.
    #[arg(long)]
    cents: bool,
    /// The currency of the amounts (ISO 4217, e.g. BRL); default: the one the data names.
    #[arg(long)]
    currency: Option<String>,
    /// The "as of" time for SLA and backlog (ISO 8601); default: latest in the file.
    #[arg(long)]
    as_of: Option<String>,
    /// First-response target in minutes (default 60).
    #[arg(long)]
    sla_minutes: Option<f64>,
    /// CSAT scale: 1-5, 1-7, 1-10, 0-10 or good-bad (default: read from the answers).
    #[arg(long, value_parser = settings::csat_scale)]
    csat_scale: Option<CsatScale>,
    /// CES scale: 1-7 or 1-5 (default: read from the answers).
    #[arg(long, value_parser = settings::ces_scale)]
    ces_scale: Option<CesScale>,
    /// Unit of a customers file's tenure column: months or years (default:
    /// the header's unit, else months; unclear when every tenure is ≤ 12).
    #[arg(long, value_parser = tenure_unit)]
    tenure_unit: Option<TenureUnit>,
    /// Gross margin as a fraction (default 1).
    #[arg(long)]
    gross_margin: Option<f64>,
    /// Monthly churn target as a fraction (e.g. 0.05).
    #[arg(long)]
    churn_target: Option<f64>,
    /// Further settings as a JSON file (the page's settings object).
    #[arg(long, value_name = "FILE")]
    settings: Option<String>,
    /// Business hours as a JSON file: {"time_zone", "hours", "holidays"}
    /// (see the README).
    #[arg(long, value_name = "FILE")]
    schedule: Option<String>,
    /// Weekly opening hours, e.g. 'Mon-Fri 09:00-17:00; Sat 10:00-14:00',
    /// or a preset: mon-fri-9-17, mon-fri-8-20, 24/7.
    #[arg(long)]
    hours: Option<String>,
    /// Time zone of the opening hours (IANA name, e.g. Europe/Paris; default UTC).
    #[arg(long)]
    time_zone: Option<String>,
    /// Holidays: dates and ranges, e.g. 2024-05-01,2024-12-24..2024-12-26.
    #[arg(long)]
    holidays: Option<String>,
    /// SLA targets per priority as a JSON file: {"first_reply": {...},
    /// "resolution": {...}} (see the README).
    #[arg(long, value_name = "FILE")]
    sla_policy: Option<String>,
}

/// How the command ended.
enum Failure {
    Unreadable(String),
    Usage(String),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Report(args) => run(&args),
        Command::Fields(args) => fields(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Unreadable(s)) => {
            eprintln!("cxmetrics: {s}");
            ExitCode::from(1)
        }
        Err(Failure::Usage(s)) => {
            eprintln!("cxmetrics: {s}");
            ExitCode::from(2)
        }
    }
}

/// `--tenure-unit`: months or years.
fn tenure_unit(text: &str) -> Result<TenureUnit, String> {
    settings::tenure_unit(text)?.ok_or_else(|| "write months or years".into())
}

/// `--kind`: a kind, or none (`auto`: decided from the data).
#[derive(Clone)]
struct KindArg(Option<Kind>);

fn kind_arg(text: &str) -> Result<KindArg, String> {
    settings::kind(text).map(KindArg)
}

fn settings_from(args: &ReportArgs) -> Result<Settings, Failure> {
    let mut s: Settings = match &args.settings {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| {
                Failure::Usage(format!("Cannot read the settings file {path}: {e}."))
            })?;
            serde_json::from_str(&text).map_err(|e| {
                Failure::Usage(format!("The settings file {path} is not valid: {e}."))
            })?
        }
        None => Settings::default(),
    };
    for pair in &args.map {
        let (field, column) = pair.split_once('=').ok_or_else(|| {
            Failure::Usage(format!(
                "--map takes FIELD=COLUMN, e.g. --map score=Nota, not “{pair}”."
            ))
        })?;
        s.mapping
            .insert(field.trim().to_string(), column.trim().to_string());
    }
    macro_rules! take {
        ($($field:ident),*) => { $( if args.$field.is_some() { s.$field = args.$field.clone(); } )* };
    }
    if let Some(KindArg(kind)) = args.kind {
        s.kind = kind;
    }
    take!(
        delimiter,
        header_rows,
        number_style,
        date_order,
        currency,
        as_of,
        sla_minutes,
        csat_scale,
        ces_scale,
        gross_margin,
        churn_target,
        tenure_unit
    );
    if args.cents {
        s.amounts_in_cents = Some(true);
    }
    schedule_from(args, &mut s)?;
    Ok(s)
}

/// A JSON file read into `T`, with a usage sentence naming the flag.
fn json_file<T: serde::de::DeserializeOwned>(flag: &str, path: &str) -> Result<T, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure::Usage(format!("Cannot read the {flag} file {path}: {e}.")))?;
    serde_json::from_str(&text)
        .map_err(|e| Failure::Usage(format!("The {flag} file {path} is not valid: {e}.")))
}

/// `--schedule`, `--hours`, `--time-zone`, `--holidays` and `--sla-policy`
/// into the settings (the flags win over the files).
fn schedule_from(args: &ReportArgs, s: &mut Settings) -> Result<(), Failure> {
    if let Some(path) = &args.schedule {
        s.schedule = Some(json_file("--schedule", path)?);
    }
    if args.hours.is_some() || args.time_zone.is_some() || args.holidays.is_some() {
        let spec = s.schedule.get_or_insert_with(Default::default);
        if let Some(h) = &args.hours {
            spec.hours = h.clone();
        }
        if let Some(z) = &args.time_zone {
            spec.time_zone = z.clone();
        }
        if let Some(h) = &args.holidays {
            spec.holidays = h
                .split(',')
                .map(str::trim)
                .filter(|d| !d.is_empty())
                .map(String::from)
                .collect();
        }
    }
    if let Some(path) = &args.sla_policy {
        s.sla_policy = Some(json_file("--sla-policy", path)?);
    }
    Ok(())
}

fn run(args: &ReportArgs) -> Result<(), Failure> {
    let settings = settings_from(args)?;
    let mut session = Session::new(settings).map_err(failure)?;
    let mut input: Box<dyn Read + Send> = if args.file == "-" {
        Box::new(io::stdin())
    } else {
        Box::new(std::fs::File::open(&args.file).map_err(|e| {
            Failure::Unreadable(format!("Cannot open {}: {}.", args.file, io_reason(&e)))
        })?)
    };
    // Records are split on a second thread while this one computes.
    session.read_from(&mut *input).map_err(|e| match e {
        ReadError::Io(e) => {
            Failure::Unreadable(format!("Cannot read {}: {}.", args.file, io_reason(&e)))
        }
        ReadError::Data(e) => failure(e),
    })?;
    let report = session.finish().map_err(failure)?;
    let mut err = io::stderr().lock();
    let _ = err.write_all(diagnostics(&report).as_bytes());
    let mut out = io::stdout().lock();
    let text = if args.json {
        report.to_json() + "\n"
    } else {
        summary(&report, args.verbose)
    };
    // A closed pipe (| head) is not an error worth a message.
    let _ = out.write_all(text.as_bytes());
    Ok(())
}

fn io_reason(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file".into(),
        io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

fn failure(e: Error) -> Failure {
    match e {
        Error::Unreadable(_) => Failure::Unreadable(e.to_string()),
        Error::Settings(_) => Failure::Usage(e.to_string()),
    }
}

/// How a figure's value reads.
#[derive(Clone, Copy, PartialEq)]
enum Unit {
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
const FIGURES: &[(&str, &str, &str, &str, Unit)] = &[
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
fn detail_unit(key: &str, figure: Unit) -> Option<Unit> {
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
fn grouped(x: f64, decimals: usize) -> String {
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
fn money(x: f64, currency: Option<&str>) -> String {
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
fn with_unit(x: f64, unit: Unit, currency: Option<&str>) -> String {
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
fn detail(key: &str, v: &Value, figure: Unit, currency: Option<&str>) -> Option<String> {
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
fn entries(n: usize) -> String {
    format!("{n} {}", if n == 1 { "entry" } else { "entries" })
}

/// The readable summary: kind, rows, the currency, every figure by section
/// with its label and unit, the settings under `verbose`, and the first
/// skipped rows.
fn summary(report: &Report, verbose: bool) -> String {
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
fn check_lines(figure: &Value, width: usize, currency: Option<&str>) -> String {
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
fn policy_lines(figure: &Value, width: usize, currency: Option<&str>) -> String {
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
fn header_sentence(lines: Option<&Value>) -> String {
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
fn diagnostics(report: &Report) -> String {
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

/// What each field holds, for `cxmetrics fields`.
fn field_meaning(field: Field) -> &'static str {
    use Field::*;
    match field {
        Score => "the 0–10 answer to “how likely are you to recommend us”",
        Csat => "a satisfaction rating (1–5, 1–10 or good/bad)",
        Ces => "a customer-effort score (1–7 or 1–5)",
        SurveyDate => "when the response was given",
        Comment => "the respondent's comment",
        Segment => "a grouping such as plan or region",
        TicketId => "the ticket's id",
        TicketCreatedAt => "when the ticket was opened",
        FirstReplyAt => "when an agent first replied",
        SolvedAt => "when the ticket was solved",
        TicketStatus => "the ticket's status (open, pending, solved …)",
        TicketChannel => "where the ticket came from (email, chat …)",
        Priority => "the ticket's priority",
        Requester => "the customer who asked",
        Category => "tags, category or type",
        Replies => "the number of agent replies",
        Satisfaction => "the ticket's satisfaction rating (good/bad or 1–5)",
        FirstReplyMinutes => "time to the first reply",
        ResolutionMinutes => "time to full resolution",
        FirstReplyMinutesBusiness => "time to the first reply within business hours",
        ResolutionMinutesBusiness => "time to resolution within business hours",
        FirstContactResolved => "solved at the first contact",
        SubscriptionId => "the subscription's id",
        Customer => "the paying customer",
        SubscriptionStatus => "the subscription's status (active, canceled …)",
        Amount => "the price per billing interval",
        Currency => "the currency of the amount",
        Interval => "the billing interval (month, year, week, day)",
        IntervalCount => "intervals per billing period",
        Quantity => "seats or units billed",
        SubscriptionCreatedAt => "when the subscription was created",
        Start => "when the subscription started",
        CanceledAt => "when it was canceled",
        EndedAt => "when it ended",
        Mrr => "a ready monthly amount (used instead of amount and interval)",
        SpendDate => "the date, month or period of the spend",
        SpendChannel => "the acquisition channel",
        Spend => "money spent on acquisition",
        NewCustomers => "customers won",
        Account => "the account",
        OnboardingStart => "when onboarding started",
        OnboardingDone => "when onboarding was completed",
        EmailsSent => "emails sent to the account",
        EmailsOpened => "emails the account opened",
        Sessions => "sessions in the period",
        FeaturesUsed => "features used",
        FeaturesAvailable => "features available on the plan",
        PaidUp => "paid up: yes/no or a payment status",
        CustomerSince => "when the account became a customer",
        TenureMonths => "months as a customer",
        RenewalDue => "when the renewal is due",
        Renewed => "renewed: yes/no",
        CustomerKey => "the customer's id",
        Churned => "whether the customer left: yes/no, 1/0, true/false",
        CustomerStatus => "the customer's status: active, churned, cancelled…",
        MonthlyCharge => "what the customer pays a month",
        TotalCharges => "what the customer has paid in all",
        CustomerTenure => {
            "time as a customer (months unless the header or the tenure_unit setting says years)"
        }
        Plan => "the plan or contract type",
        CustomerStart => "when the customer started",
        CustomerEnd => "when the customer left (empty: still active)",
    }
}

/// The value type a field's cells are read as.
fn type_name(field: Field) -> &'static str {
    match field_type(field) {
        FieldType::Text => "text",
        FieldType::Number => "number",
        FieldType::Money => "money",
        FieldType::Time => "date",
        FieldType::Minutes => "minutes or h:mm",
        FieldType::Boolean => "yes/no",
    }
}

/// How many header names `fields` shows per field.
const HEADERS_SHOWN: usize = 4;

/// `cxmetrics fields [KIND]`.
fn fields(args: &FieldsArgs) -> Result<(), Failure> {
    let kinds: Vec<Kind> = match args.kind.as_deref() {
        None => Kind::ALL.to_vec(),
        Some(k) => vec![k.parse::<Kind>().map_err(|_| {
            Failure::Usage(format!(
                "The kind “{k}” is not one of survey, tickets, subscriptions, spend, accounts."
            ))
        })?],
    };
    let mut s = String::new();
    for (i, kind) in kinds.into_iter().enumerate() {
        if i > 0 {
            s += "\n";
        }
        s += &format!("{}  (--kind {0}; --map FIELD=COLUMN)\n", kind.as_str());
        let rows: Vec<(Field, String)> = Field::for_kind(kind)
            .map(|f| (f, format!("{} ({})", f.as_str(), type_name(f))))
            .collect();
        let width = rows.iter().map(|r| r.1.chars().count()).max().unwrap_or(0);
        for (field, name) in rows {
            let pad = width - name.chars().count();
            let mut headers = vec![field.example_header().to_string()];
            for alias in field.aliases() {
                if headers.len() >= HEADERS_SHOWN {
                    break;
                }
                let plain = alias.trim_start_matches('~').trim_end_matches('*');
                if !headers.iter().any(|h| h.eq_ignore_ascii_case(plain)) {
                    headers.push(plain.to_string());
                }
            }
            s += &format!(
                "  {name}{:pad$}  {}; headers: {}\n",
                "",
                field_meaning(field),
                headers.join(", ")
            );
        }
    }
    let _ = io::stdout().lock().write_all(s.as_bytes());
    Ok(())
}

/// One value on one line: numbers to 4 significant decimals, long lists
/// summarised.
fn compact(v: &Value) -> String {
    match v {
        Value::Number(n) => match n.as_f64() {
            Some(x) if n.is_f64() => {
                let t = format!("{x:.4}");
                t.trim_end_matches('0').trim_end_matches('.').to_string()
            }
            _ => n.to_string(),
        },
        Value::Array(items) if items.len() > 11 || items.iter().any(|i| i.is_object()) => {
            format!("[{} entries]", items.len())
        }
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(compact).collect::<Vec<_>>().join(" ")
        ),
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| format!("{k}={}", compact(v)))
            .collect::<Vec<_>>()
            .join(" "),
        Value::String(t) => t.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diagnostics_one_line_each_with_its_code() {
        let mut r = Report::new("survey");
        r.rows.read = 40;
        for line in [3, 9, 12] {
            r.bad_cell("csat", line, "CSAT", "x", "not a number");
        }
        r.warn_coverage(&["csat"], 30, 40, "responses");
        r.warn_lost_cells();
        assert_eq!(
            diagnostics(&r),
            "warning figure_partial (csat): rests on 30 of 40 responses (75.0 %): the others lack a readable value for it.\n\
warning cells_unreadable: “CSAT” could not be read in 3 of 40 rows (7.5 %); those rows count for every figure that does not need it.\n\
unreadable_cells csat: 3 cells of “CSAT” could not be read, e.g. line 3 \"x\": not a number\n"
        );
    }

    #[test]
    fn units() {
        assert_eq!(with_unit(0.05, Unit::Percent, None), "5.0 %");
        assert_eq!(with_unit(1234.5, Unit::Money, Some("BRL")), "R$ 1,234.50");
        assert_eq!(with_unit(1234.5, Unit::Money, Some("MXN")), "MXN 1,234.50");
        assert_eq!(with_unit(-0.001, Unit::Money, None), "0.00");
        assert_eq!(with_unit(-1_234_567.0, Unit::Money, None), "-1,234,567.00");
        assert_eq!(with_unit(0.5, Unit::Minutes, None), "30 s");
        assert_eq!(with_unit(4.25, Unit::Minutes, None), "4.2 min");
        assert_eq!(with_unit(42.0, Unit::Minutes, None), "42 min");
        assert_eq!(with_unit(210.0, Unit::Minutes, None), "3.5 h");
        assert_eq!(with_unit(3024.0, Unit::Minutes, None), "2.1 days");
        assert_eq!(with_unit(1234.0, Unit::Count, None), "1,234");
        assert_eq!(with_unit(12.5, Unit::Points, None), "+12.5 points");
        assert_eq!(with_unit(7.04, Unit::Months, None), "7.0 months");
    }
}
