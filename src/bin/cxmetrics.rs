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
use cxmetrics::figures;
use cxmetrics::ingest::columns::{Field, Kind};
use cxmetrics::ingest::values::{DateStyle, NumberStyle};
use cxmetrics::metrics::survey::{CesScale, CsatScale};
use cxmetrics::report::Report;
use cxmetrics::session::{ranges, ReadError, Session};
use cxmetrics::settings::{self, Settings, TenureUnit};
use serde_json::Value;
use std::io::{self, Read, Write};
use std::process::ExitCode;

#[path = "cxmetrics/readable.rs"]
mod readable;
use readable::*;

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
    /// Prints the rows the report used as a clean typed CSV: one column per
    /// mapped field, named by its id; ISO 8601 UTC timestamps, plain
    /// numbers, empty for unreadable cells (the report's options apply;
    /// --json and --verbose do not).
    Typed(Box<TypedArgs>),
    /// Prints the SQL query that computes the same figures where the data
    /// lives (rows metric, path, value, reason).
    Sql(Box<SqlArgs>),
}

#[derive(Args)]
struct TypedArgs {
    #[command(flatten)]
    report: ReportArgs,
    /// Print the columns and their SQL types (JSON) instead of the rows.
    #[arg(long)]
    schema: bool,
}

#[derive(Args)]
struct SqlArgs {
    /// The kind of data: survey, tickets, subscriptions, spend, customers.
    #[arg(long)]
    kind: String,
    /// The engine: duckdb, spark, bigquery, snowflake, postgres.
    #[arg(long)]
    dialect: String,
    /// The table, possibly qualified (db.schema.table).
    #[arg(long)]
    table: String,
    /// A field the table has, in the column COLUMN (default: the field id);
    /// repeatable. Without any, every field of the kind under its id.
    #[arg(long = "map", value_name = "FIELD[=COLUMN]")]
    map: Vec<String>,
    /// The "as of" time for SLA and backlog (ISO 8601); default: the latest.
    #[arg(long)]
    as_of: Option<String>,
    /// First-response target in minutes (default 60).
    #[arg(long)]
    sla_minutes: Option<f64>,
    /// CSAT scale: 1-5, 1-7, 1-10, 0-10 or good-bad (default 1-5).
    #[arg(long, value_parser = settings::csat_scale)]
    csat_scale: Option<CsatScale>,
    /// CES scale: 1-7 or 1-5 (default 1-7).
    #[arg(long, value_parser = settings::ces_scale)]
    ces_scale: Option<CesScale>,
    /// Monthly churn target as a fraction (e.g. 0.05).
    #[arg(long)]
    churn_target: Option<f64>,
    /// Gross margin as a fraction (default 1).
    #[arg(long)]
    gross_margin: Option<f64>,
    /// Unit of the tenure column: months or years.
    #[arg(long, value_parser = tenure_unit)]
    tenure_unit: Option<TenureUnit>,
    /// Further settings as a JSON file (the page's settings object).
    #[arg(long, value_name = "FILE")]
    settings: Option<String>,
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
    /// The file is a result table (metric,path,value,reason: the output of
    /// `cxmetrics sql` run anywhere): print the report it describes.
    #[arg(long)]
    figures: bool,
    /// Print the figures as the long table metric,path,value,reason (CSV),
    /// the shape `cxmetrics sql`'s query returns.
    #[arg(long, conflicts_with = "json")]
    flat: bool,
    /// Read the file in this many ranges at once, one thread each (default:
    /// every core). The report is the same whatever the number; standard
    /// input is read in one pass.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    threads: Option<u16>,
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
        Command::Typed(args) => typed(&args),
        Command::Sql(args) => sql(&args),
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
    if args.figures {
        return run_figures(args);
    }
    let report = read_report(args)?;
    let mut err = io::stderr().lock();
    let _ = err.write_all(diagnostics(&report).as_bytes());
    let mut out = io::stdout().lock();
    let text = if args.json {
        report.to_json() + "\n"
    } else if args.flat {
        let json: Value = serde_json::from_str(&report.to_json()).unwrap_or(Value::Null);
        figures::to_csv(&figures::flatten(&json))
    } else {
        summary(&report, args.verbose)
    };
    // A closed pipe (| head) is not an error worth a message.
    let _ = out.write_all(text.as_bytes());
    Ok(())
}

/// The report of `args.file`: a file in `--threads` ranges at once
/// ([`ranges::read_file`]); standard input in one pass, the records split
/// on a second thread while this one computes.
fn read_report(args: &ReportArgs) -> Result<Report, Failure> {
    let settings = settings_from(args)?;
    if args.file == "-" {
        let mut session = Session::new(settings).map_err(failure)?;
        read_input(args, &mut session)?;
        return session.finish().map_err(failure);
    }
    let file = std::fs::File::open(&args.file).map_err(|e| {
        Failure::Unreadable(format!("Cannot open {}: {}.", args.file, io_reason(&e)))
    })?;
    let threads = match args.threads {
        Some(n) => usize::from(n),
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    ranges::read_file(settings, &file, threads).map_err(|e| read_failure(args, e))
}

/// `cxmetrics report --figures RESULT.csv`: the report a result table
/// describes (the kind from --kind, else from its figures).
fn run_figures(args: &ReportArgs) -> Result<(), Failure> {
    let mut bytes = Vec::new();
    let read = if args.file == "-" {
        io::stdin().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::read(&args.file).map(|b| bytes = b)
    };
    read.map_err(|e| {
        Failure::Unreadable(format!("Cannot read {}: {}.", args.file, io_reason(&e)))
    })?;
    let rows = figures::read_csv(&bytes).map_err(failure)?;
    let kind = match args.kind {
        Some(KindArg(Some(k))) => k.as_str().to_string(),
        _ => figures::kind_of(&rows)
            .ok_or_else(|| {
                Failure::Unreadable(
                    "The result table names no figure of a known kind: say which with --kind."
                        .into(),
                )
            })?
            .to_string(),
    };
    let back = figures::unflatten(&rows, &kind);
    let text = if args.json {
        back.to_string() + "\n"
    } else if args.flat {
        figures::to_csv(&figures::flatten(&back))
    } else {
        let mut report = Report::new(&kind);
        if let Some(Value::Object(m)) = back.get("metrics") {
            report.metrics = m.clone();
        }
        let text = summary(&report, false);
        // The first lines count rows and header lines: a result table has
        // none to count.
        let rest = text.split_once("\n\n").map_or("", |(_, rest)| rest);
        format!(
            "{kind} · {} figures from the result table {}\n\n{rest}",
            rows.len(),
            args.file
        )
    };
    let _ = io::stdout().lock().write_all(text.as_bytes());
    Ok(())
}

/// Reads `args.file` (or standard input) into `session` in one pass, the
/// records split on a second thread while this one computes.
fn read_input(args: &ReportArgs, session: &mut Session) -> Result<(), Failure> {
    let mut input: Box<dyn Read + Send> = if args.file == "-" {
        Box::new(io::stdin())
    } else {
        Box::new(std::fs::File::open(&args.file).map_err(|e| {
            Failure::Unreadable(format!("Cannot open {}: {}.", args.file, io_reason(&e)))
        })?)
    };
    session
        .read_from(&mut *input)
        .map_err(|e| read_failure(args, e))
}

/// The sentence of a failed read of `args.file`.
fn read_failure(args: &ReportArgs, e: ReadError) -> Failure {
    match e {
        ReadError::Io(e) => {
            Failure::Unreadable(format!("Cannot read {}: {}.", args.file, io_reason(&e)))
        }
        ReadError::Data(e) => failure(e),
    }
}

/// `cxmetrics typed FILE`: the rows the report used, typed, as CSV (or
/// the columns' SQL types with --schema).
fn typed(args: &TypedArgs) -> Result<(), Failure> {
    let settings = settings_from(&args.report)?;
    let mut session = Session::new(settings).map_err(failure)?.collecting_typed();
    read_input(&args.report, &mut session)?;
    session.finish().map_err(failure)?;
    let schema = session.typed_schema();
    let text = if args.schema {
        let columns: serde_json::Map<String, Value> = schema
            .unwrap_or_default()
            .into_iter()
            .map(|(f, t)| (f.to_string(), Value::from(t.as_str())))
            .collect();
        Value::Object(columns).to_string() + "\n"
    } else {
        session.take_typed().unwrap_or_default()
    };
    let _ = io::stdout().lock().write_all(text.as_bytes());
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
/// `cxmetrics sql`: the request from the flags, the query on stdout.
fn sql(args: &SqlArgs) -> Result<(), Failure> {
    let mut settings: Settings = match &args.settings {
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
    macro_rules! take {
        ($($field:ident),*) => { $( if args.$field.is_some() { settings.$field = args.$field.clone(); } )* };
    }
    take!(
        as_of,
        sla_minutes,
        csat_scale,
        ces_scale,
        churn_target,
        gross_margin,
        tenure_unit
    );
    let mapping = args
        .map
        .iter()
        .map(|pair| match pair.split_once('=') {
            Some((f, c)) => (f.trim().to_string(), c.trim().to_string()),
            None => (pair.trim().to_string(), pair.trim().to_string()),
        })
        .collect();
    let request = cxmetrics::sql::SqlRequest {
        kind: args.kind.clone(),
        dialect: args.dialect.parse().map_err(|e: String| {
            Failure::Usage(format!("{}.", cxmetrics::error::Error::settings(e)))
        })?,
        table: args.table.clone(),
        mapping,
        settings,
    };
    let query = cxmetrics::sql::generate(&request).map_err(|e| Failure::Usage(format!("{e}.")))?;
    print!("{query}");
    Ok(())
}

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
