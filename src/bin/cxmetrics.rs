//! `cxmetrics`: the same report as the page, on the command line.
//!
//! ```text
//! cxmetrics report tickets.csv              # a readable summary
//! cxmetrics report tickets.csv --json       # exactly the page's report JSON
//! cat survey.csv | cxmetrics report - --kind survey --map score=Nota
//! ```
//!
//! Exit status: 0 with a report (even with skipped rows), 1 when the input
//! cannot be read, 2 on a usage error.

use clap::{Args, Parser, Subcommand};
use cxmetrics::error::Error;
use cxmetrics::report::Report;
use cxmetrics::session::{ReadError, Session};
use cxmetrics::settings::Settings;
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
    Report(ReportArgs),
}

#[derive(Args)]
struct ReportArgs {
    /// The file to read, or - for standard input.
    file: String,
    /// Print the report as JSON (the same JSON the page gets).
    #[arg(long)]
    json: bool,
    /// Force the kind: survey, tickets, subscriptions, spend, accounts.
    #[arg(long)]
    kind: Option<String>,
    /// Map a field to a column, e.g. --map score=Nota (repeatable).
    #[arg(long = "map", value_name = "FIELD=COLUMN")]
    map: Vec<String>,
    /// Force the delimiter: , ; tab |
    #[arg(long)]
    delimiter: Option<String>,
    /// Force the number of header rows (0, 1 or 2).
    #[arg(long)]
    header_rows: Option<u8>,
    /// Force the number style: dot (1,234.56) or comma (1.234,56).
    #[arg(long)]
    number_style: Option<String>,
    /// Force the order of slash dates: day-first or month-first.
    #[arg(long)]
    date_order: Option<String>,
    /// Amount columns are in cents.
    #[arg(long)]
    cents: bool,
    /// The "as of" time for SLA and backlog (ISO 8601); default: latest in the file.
    #[arg(long)]
    as_of: Option<String>,
    /// First-response target in minutes (default 60).
    #[arg(long)]
    sla_minutes: Option<f64>,
    /// CSAT scale: 1-5, 1-7, 1-10, 0-10 or good-bad (default: read from the answers).
    #[arg(long)]
    csat_scale: Option<String>,
    /// CES scale: 1-7 or 1-5 (default: read from the answers).
    #[arg(long)]
    ces_scale: Option<String>,
    /// Gross margin as a fraction (default 1).
    #[arg(long)]
    gross_margin: Option<f64>,
    /// Monthly churn target as a fraction (e.g. 0.05).
    #[arg(long)]
    churn_target: Option<f64>,
    /// Further settings as a JSON file (the page's settings object).
    #[arg(long, value_name = "FILE")]
    settings: Option<String>,
}

/// How the command ended.
enum Failure {
    Unreadable(String),
    Usage(String),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let Command::Report(args) = cli.command;
    match run(&args) {
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
    take!(
        kind,
        delimiter,
        header_rows,
        number_style,
        date_order,
        as_of,
        sla_minutes,
        csat_scale,
        ces_scale,
        gross_margin,
        churn_target
    );
    if args.cents {
        s.amounts_in_cents = Some(true);
    }
    Ok(s)
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
    let mut out = io::stdout().lock();
    let text = if args.json {
        report.to_json() + "\n"
    } else {
        summary(&report)
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

/// The readable summary: kind, rows, what was decided, every figure, and the
/// first skipped rows.
fn summary(report: &Report) -> String {
    let mut s = String::new();
    let r = &report.rows;
    s += &format!(
        "{} · {} rows read, {} used, {} skipped\n",
        report.kind, r.read, r.used, r.skipped
    );
    s += &header_sentence(report.settings.get("header_lines"));
    for (key, value) in &report.settings {
        if key != "header_lines" {
            s += &format!("  {key}: {}\n", compact(value));
        }
    }
    s += "\n";
    let width = report.metrics.keys().map(String::len).max().unwrap_or(0);
    for (id, figure) in &report.metrics {
        let main = match figure.get("value") {
            Some(Value::Null) => format!(
                "undefined: {}",
                figure.get("reason").and_then(Value::as_str).unwrap_or("")
            ),
            Some(v) => compact(v),
            None => compact(figure),
        };
        s += &format!("  {id:<width$}  {main}\n");
        let is_figure = figure.get("value").is_some();
        if let (true, Value::Object(map)) = (is_figure, figure) {
            let extras: Vec<String> = map
                .iter()
                .filter(|(k, _)| *k != "value" && *k != "reason")
                .map(|(k, v)| format!("{k} {}", compact(v)))
                .collect();
            if !extras.is_empty() {
                s += &format!("  {:<width$}  ({})\n", "", extras.join(", "));
            }
        }
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
