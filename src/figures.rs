//! A report's figures as a long table — `metric, path, value, reason` —
//! and back: the one shape every engine's result takes (the SQL of
//! `cxmetrics sql`, a warehouse's export of it), and the only place its
//! path grammar is implemented.
//!
//! **The path grammar.** A path addresses one number inside the report
//! JSON's `metrics` object exactly as `cxmetrics report --json` names it:
//!
//! - it starts with the figure id, a key of `metrics`: `first_response_minutes`;
//! - `.name` descends into an object member: `first_response_minutes.p90`,
//!   `nps.ci95_low`;
//! - `[K]` selects a list element. For a list of objects, `K` is the
//!   element's identifying text: the value of its first present member among
//!   [`ID_MEMBERS`] (`month`, `key`, `category`, `plan`, `label`, `name`,
//!   `priority`, `channel`, `period`), as text; an element with none of them
//!   (none in the reports of the fixtures) is addressed by its 0-based
//!   index. For a list of numbers, `K` is the 0-based index:
//!   `customer_churn.months[2024-03].lost`, `first_response_histogram.counts[2]`;
//! - only numeric leaves are rows; text and boolean leaves, and `null`s,
//!   are not — except that an object whose `value` is `null` beside a text
//!   `reason` (an undefined figure, or an undefined figure inside a list
//!   element such as `cac.by_channel[Events].cac`) gives one row with the
//!   path `<…>.value`, `value` empty and that `reason`.
//!
//! `metric` is the figure id (the first path segment). Keys are written as
//! they are, unescaped: a key holding `].` or `[` cannot be told apart when
//! the path is read back, and [`unflatten`] keeps such a row at the first
//! reading.
//!
//! ```
//! use cxmetrics::figures::{flatten, unflatten};
//! use serde_json::json;
//! let report = json!({"kind": "tickets", "metrics": {
//!     "tickets": {"value": 14, "solved": 10},
//!     "volume": {"by_month": [{"key": "2024-03", "tickets": 14}]},
//!     "ticket_csat": {"value": null, "reason": "no rated tickets", "n": 0},
//!     "first_response_histogram": {"counts": [3, 1]}
//! }});
//! let rows = flatten(&report);
//! let paths: Vec<&str> = rows.iter().map(|r| r.path.as_str()).collect();
//! assert_eq!(paths, [ // in the order of the report's JSON keys
//!     "first_response_histogram.counts[0]", "first_response_histogram.counts[1]",
//!     "ticket_csat.n", "ticket_csat.value",
//!     "tickets.solved", "tickets.value",
//!     "volume.by_month[2024-03].tickets",
//! ]);
//! assert_eq!(rows[3].value, None);
//! assert_eq!(rows[3].reason.as_deref(), Some("no rated tickets"));
//! // And back: the same figures, in a report the page renders.
//! let back = unflatten(&rows, "tickets");
//! assert_eq!(back["metrics"]["volume"]["by_month"][0]["key"], "2024-03");
//! assert_eq!(back["metrics"]["ticket_csat"]["reason"], "no rated tickets");
//! assert_eq!(flatten(&back), rows);
//! ```

use crate::error::Error;
use serde_json::{Map, Value};

/// The members that identify an element of a list of objects, in the order
/// they are looked for.
pub const ID_MEMBERS: [&str; 9] = [
    "month", "key", "category", "plan", "label", "name", "priority", "channel", "period",
];

/// The identifying member of the elements of each list of objects the
/// reports hold, by the list's path with its elements' keys left out
/// (`cohorts.rows[].x` for a list inside an element): what [`unflatten`]
/// names the element's key. A list not named here takes `month` when its
/// key reads `YYYY-MM`, else `key`.
pub const LIST_ID_MEMBERS: [(&str, &str); 15] = [
    ("cac.by_channel", "channel"),
    ("cac.by_month", "month"),
    ("churn_by_plan.plans", "plan"),
    ("cohorts.rows", "month"),
    ("csm_needed.by_activity", "name"),
    ("customer_churn.months", "month"),
    ("mrr_months.months", "month"),
    ("nps_by_month", "month"),
    ("top_issues", "category"),
    ("volume.by_category", "key"),
    ("volume.by_channel", "key"),
    ("volume.by_day", "key"),
    ("volume.by_month", "key"),
    ("volume.by_priority", "key"),
    ("volume.by_week", "key"),
];

/// Figure ids only one kind's report has, by kind: what [`kind_of`]
/// reads a result table's kind from.
pub const KIND_FIGURES: [(&str, &[&str]); 6] = [
    (
        "survey",
        &["nps", "csat", "ces", "nps_by_month", "nps_change"],
    ),
    (
        "tickets",
        &[
            "tickets",
            "volume",
            "first_response_minutes",
            "resolution_minutes",
            "sla_attainment",
            "one_touch_rate",
            "backlog",
            "ticket_csat",
            "top_issues",
            "awaiting_first_reply",
            "first_response_histogram",
            "resolution_histogram",
            "first_ticket_resolution_minutes",
        ],
    ),
    (
        "subscriptions",
        &[
            "mrr_start",
            "mrr_end",
            "mrr_months",
            "nrr",
            "grr",
            "cohorts",
            "customers_start",
            "customers_end",
            "lost_customers",
            "gross_mrr_churn",
            "expansion_rate",
            "annual_churn",
        ],
    ),
    ("spend", &["cac", "spend"]),
    (
        "accounts",
        &[
            "adoption",
            "csm_needed",
            "email_open_rate",
            "engaged_accounts",
            "onboarded_within_target",
            "renewal_rate",
            "sessions",
            "time_to_onboard_days",
            "upsell_ready",
        ],
    ),
    (
        "customers",
        &[
            "customers",
            "churned",
            "churn_by_plan",
            "average_tenure_months",
            "average_total_charges",
            "monthly_churn_estimate",
        ],
    ),
];

/// The kind whose figures the rows hold most of ([`KIND_FIGURES`]);
/// `None` when they hold none.
///
/// ```
/// use cxmetrics::figures::{kind_of, read_csv};
/// let rows = read_csv(b"metric,path,value,reason\nnps,nps.value,40,\n").unwrap();
/// assert_eq!(kind_of(&rows), Some("survey"));
/// ```
pub fn kind_of(rows: &[FigureRow]) -> Option<&'static str> {
    KIND_FIGURES
        .iter()
        .map(|(kind, ids)| {
            let n = rows
                .iter()
                .filter(|r| ids.contains(&r.metric.as_str()))
                .count();
            (n, *kind)
        })
        .filter(|(n, _)| *n > 0)
        .max_by_key(|(n, _)| *n)
        .map(|(_, k)| k)
}

/// One number of a report (or one undefined figure): a row of the long
/// table.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureRow {
    /// The figure id: the first segment of `path`.
    pub metric: String,
    /// Where the number sits in the report's `metrics` (see the module's
    /// grammar).
    pub path: String,
    /// The number; `None` for an undefined figure.
    pub value: Option<f64>,
    /// Why the figure is undefined (only with `value` `None`).
    pub reason: Option<String>,
}

/// The rows of a report JSON (`cxmetrics report --json`, or its `metrics`
/// object alone), in the report's order.
pub fn flatten(report: &Value) -> Vec<FigureRow> {
    let metrics = match report.get("metrics") {
        Some(Value::Object(m)) => m,
        _ => match report {
            Value::Object(m) if !m.contains_key("kind") => m,
            _ => return Vec::new(),
        },
    };
    let mut rows = Vec::new();
    for (id, figure) in metrics {
        walk(id, id, figure, &mut rows);
    }
    rows
}

fn walk(metric: &str, path: &str, v: &Value, rows: &mut Vec<FigureRow>) {
    match v {
        Value::Number(n) => {
            if let Some(x) = n.as_f64().filter(|x| x.is_finite()) {
                rows.push(FigureRow {
                    metric: metric.to_string(),
                    path: path.to_string(),
                    value: Some(x),
                    reason: None,
                });
            }
        }
        Value::Object(map) => {
            for (name, member) in map {
                let here = format!("{path}.{name}");
                if name == "value" && member.is_null() {
                    if let Some(Value::String(reason)) = map.get("reason") {
                        rows.push(FigureRow {
                            metric: metric.to_string(),
                            path: here,
                            value: None,
                            reason: Some(reason.clone()),
                        });
                    }
                    continue;
                }
                walk(metric, &here, member, rows);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let key = match item {
                    Value::Object(m) => element_key(m).unwrap_or_else(|| i.to_string()),
                    _ => i.to_string(),
                };
                walk(metric, &format!("{path}[{key}]"), item, rows);
            }
        }
        _ => {}
    }
}

/// The identifying text of a list element: its first present member
/// among [`ID_MEMBERS`], text as it is, a number as `{}` writes it.
fn element_key(m: &Map<String, Value>) -> Option<String> {
    ID_MEMBERS.iter().find_map(|k| match m.get(*k)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    })
}

/// One step of a path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Member(String),
    Element(String),
}

/// A path's steps; `None` when it does not follow the grammar.
fn parse_path(path: &str) -> Option<(String, Vec<Step>)> {
    let head_end = path.find(['.', '[']).unwrap_or(path.len());
    let head = &path[..head_end];
    // A figure id is a snake_case word.
    if head.is_empty() || !head.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        return None;
    }
    let mut steps = Vec::new();
    let mut rest = &path[head_end..];
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix('.') {
            let end = r.find(['.', '[']).unwrap_or(r.len());
            if end == 0 {
                return None;
            }
            steps.push(Step::Member(r[..end].to_string()));
            rest = &r[end..];
        } else if let Some(r) = rest.strip_prefix('[') {
            // The key ends at the first `]` followed by the end, `.` or `[`.
            let b = r.as_bytes();
            let end = (0..b.len()).find(|&i| {
                b[i] == b']' && matches!(b.get(i + 1), None | Some(b'.') | Some(b'['))
            })?;
            steps.push(Step::Element(r[..end].to_string()));
            rest = &r[end + 1..];
        } else {
            return None;
        }
    }
    Some((head.to_string(), steps))
}

/// The report JSON the rows describe: `kind`, `metrics` rebuilt from
/// them, and the other members a report has, as far as the rows say —
/// no rows counted, nothing skipped or unreadable, no warnings, settings
/// naming only the kind and `source: "figures"` (the page says the
/// figures came from elsewhere). An undefined figure whose reason is one
/// the SQL writes gets that reason's `code` (and `params`) back, as the
/// core's report gives them ([`crate::sql::reasons`]). A list element is rebuilt with its
/// identifying member ([`LIST_ID_MEMBERS`]); rows whose paths do not follow
/// the grammar, or clash with an earlier row's, are left out (see
/// [`read_csv`], which refuses them with a sentence).
pub fn unflatten(rows: &[FigureRow], kind: &str) -> Value {
    let mut metrics = Map::new();
    for row in rows {
        let Some((head, steps)) = parse_path(&row.path) else {
            continue;
        };
        let figure = metrics
            .entry(head.clone())
            .or_insert_with(|| container_for(steps.first()));
        let _ = place(figure, &head, &steps, row);
    }
    let mut settings = Map::new();
    settings.insert("kind".into(), Value::from(kind));
    let mut out = Map::new();
    out.insert("kind".into(), Value::from(kind));
    out.insert("source".into(), Value::from("figures"));
    out.insert("skipped".into(), Value::Array(Vec::new()));
    out.insert("unreadable_cells".into(), Value::Array(Vec::new()));
    out.insert("warnings".into(), Value::Array(Vec::new()));
    out.insert("inferences".into(), Value::Array(Vec::new()));
    out.insert("settings".into(), Value::Object(settings));
    out.insert("metrics".into(), Value::Object(metrics));
    Value::Object(out)
}

/// An empty object or list, as the step that descends into it needs.
fn container_for(step: Option<&Step>) -> Value {
    match step {
        Some(Step::Element(_)) => Value::Array(Vec::new()),
        _ => Value::Object(Map::new()),
    }
}

/// A number as the report writes it: whole numbers as integers.
fn json_number(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < 9.0e15 {
        Value::from(x as i64)
    } else {
        serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number)
    }
}

/// The list path shape of `head` + `steps` (elements as `[]`).
fn shape(head: &str, steps: &[Step]) -> String {
    let mut s = head.to_string();
    for step in steps {
        match step {
            Step::Member(m) => {
                s.push('.');
                s.push_str(m);
            }
            Step::Element(_) => s.push_str("[]"),
        }
    }
    s
}

/// The identifying member for elements of the list at `shape`.
fn id_member(shape: &str, key: &str) -> &'static str {
    if let Some((_, m)) = LIST_ID_MEMBERS.iter().find(|(s, _)| *s == shape) {
        return m;
    }
    let b = key.as_bytes();
    if b.len() == 7
        && b[4] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || c.is_ascii_digit())
    {
        "month"
    } else {
        "key"
    }
}

/// Puts `row` at `steps` inside `node`; `None` when the path clashes with
/// what is there.
fn place(node: &mut Value, head: &str, steps: &[Step], row: &FigureRow) -> Option<()> {
    let mut node = node;
    for (i, step) in steps.iter().enumerate() {
        let last = i + 1 == steps.len();
        match step {
            Step::Member(name) => {
                let map = node.as_object_mut()?;
                if last {
                    if map.contains_key(name) {
                        return None;
                    }
                    match row.value {
                        Some(x) => {
                            map.insert(name.clone(), json_number(x));
                        }
                        None => {
                            map.insert(name.clone(), Value::Null);
                            if let Some(r) = &row.reason {
                                map.insert("reason".into(), Value::from(r.as_str()));
                                add_code(map, r);
                            }
                        }
                    }
                    return Some(());
                }
                node = map
                    .entry(name.clone())
                    .or_insert_with(|| container_for(steps.get(i + 1)));
            }
            Step::Element(key) => {
                let list = node.as_array_mut()?;
                if last {
                    // A list of numbers: the key is the index.
                    let index: usize = key.parse().ok()?;
                    let x = json_number(row.value?);
                    if index < list.len() {
                        if !list[index].is_null() {
                            return None;
                        }
                        list[index] = x;
                    } else {
                        list.resize(index, Value::Null);
                        list.push(x);
                    }
                    return Some(());
                }
                let member = id_member(&shape(head, &steps[..i]), key);
                let at = list.iter().position(|e| {
                    e.as_object()
                        .and_then(element_key)
                        .is_some_and(|k| k == *key)
                });
                let at = match at {
                    Some(at) => at,
                    None => {
                        let mut element = Map::new();
                        element.insert(member.into(), Value::from(key.as_str()));
                        list.push(Value::Object(element));
                        list.len() - 1
                    }
                };
                node = &mut list[at];
            }
        }
    }
    None
}

/// Gives an undefined figure whose reason is a sentence the SQL writes its
/// code and parameters ([`crate::sql::reasons`]; docs/metrics.md §8.5),
/// as the core's report has them, so the page translates it by its code.
fn add_code(figure: &mut Map<String, Value>, reason: &str) {
    let Some(known) = crate::sql::reasons::reason_of(reason) else {
        return;
    };
    figure.insert("code".into(), Value::from(known.why.code));
    if !known.params.is_empty() {
        let params = known
            .params
            .iter()
            .map(|(k, v)| ((*k).to_string(), Value::from(*v)))
            .collect();
        figure.insert("params".into(), Value::Object(params));
    }
}

/// The long table as CSV: the header `metric,path,value,reason`, numbers
/// as `{}` writes an `f64` (the shortest text that reads back the same),
/// an undefined value empty.
pub fn to_csv(rows: &[FigureRow]) -> String {
    let mut out = String::from("metric,path,value,reason\n");
    for r in rows {
        out.push_str(&csv_cell(&r.metric));
        out.push(',');
        out.push_str(&csv_cell(&r.path));
        out.push(',');
        if let Some(x) = r.value {
            out.push_str(&x.to_string());
        }
        out.push(',');
        out.push_str(&csv_cell(r.reason.as_deref().unwrap_or("")));
        out.push('\n');
    }
    out
}

/// A CSV cell, quoted when it must be.
pub fn csv_cell(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) || s.starts_with(' ') || s.ends_with(' ') {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Whether `text` starts like a result table: its first line is the header
/// `metric`, `path`, `value`, `reason` (any case, quoted or not, separated
/// by commas, tabs or semicolons).
pub fn looks_like_result(text: &[u8]) -> bool {
    let text = text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(text);
    let line = text.split(|&b| b == b'\n').next().unwrap_or(&[]);
    let Ok(line) = std::str::from_utf8(line) else {
        return false;
    };
    header_delimiter(line).is_some()
}

fn header_delimiter(line: &str) -> Option<u8> {
    let norm: String = line
        .trim()
        .chars()
        .filter(|c| *c != '"' && *c != '`')
        .collect::<String>()
        .to_ascii_lowercase();
    [b',', b'\t', b';', b'|'].into_iter().find(|d| {
        let cells: Vec<&str> = norm.split(char::from(*d)).map(str::trim).collect();
        cells == ["metric", "path", "value", "reason"]
    })
}

/// Reads a result table (the CSV any engine writes from the query of
/// `cxmetrics sql`): header `metric,path,value,reason`; a value empty or
/// `NULL` is undefined, anything else must read as a finite number. Refuses
/// the whole table with one sentence naming the line when a row does not
/// read, a path breaks the grammar or names a figure other than its
/// `metric`, or a path repeats.
///
/// ```
/// use cxmetrics::figures::read_csv;
/// let rows = read_csv(b"metric,path,value,reason\nnps,nps.value,45.5,\ncsat,csat.value,,\"no answers, yet\"\n").unwrap();
/// assert_eq!(rows[0].value, Some(45.5));
/// assert_eq!(rows[1].reason.as_deref(), Some("no answers, yet"));
/// assert!(read_csv(b"metric,path,value,reason\nnps,nps.value,abc,\n").is_err());
/// ```
pub fn read_csv(bytes: &[u8]) -> Result<Vec<FigureRow>, Error> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|_| {
        Error::unreadable("the result table is not UTF-8 text: export it again as CSV.")
    })?;
    let first = text.lines().next().unwrap_or("");
    let delimiter = header_delimiter(first).ok_or_else(|| {
        Error::unreadable(
            "a result table starts with the header metric,path,value,reason: export the query's result with its header.",
        )
    })?;
    let records = split_records(text, delimiter)?;
    let mut rows: Vec<FigureRow> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (line, cells) in records.into_iter().skip(1) {
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if cells.len() != 4 {
            return Err(Error::unreadable(format!(
                "line {line} of the result table has {} cells, not 4 (metric, path, value, reason).",
                cells.len()
            )));
        }
        let (metric, path) = (cells[0].trim(), cells[1].trim());
        let Some((head, _)) = parse_path(path) else {
            return Err(Error::unreadable(format!(
                "line {line} of the result table: the path “{path}” is not a figure path such as nps.value or volume.by_month[2024-03].tickets."
            )));
        };
        if !metric.is_empty() && metric != head {
            return Err(Error::unreadable(format!(
                "line {line} of the result table: the path “{path}” is not inside the figure “{metric}”."
            )));
        }
        let raw = cells[2].trim();
        let value = if raw.is_empty() || raw.eq_ignore_ascii_case("null") {
            None
        } else {
            let x: f64 = raw
                .parse()
                .ok()
                .filter(|x: &f64| x.is_finite())
                .ok_or_else(|| {
                    Error::unreadable(format!(
                    "line {line} of the result table: the value “{raw}” of {path} is not a number."
                ))
                })?;
            Some(if x == 0.0 { 0.0 } else { x })
        };
        let reason = cells[3].trim();
        let reason =
            (value.is_none() && !reason.is_empty() && !reason.eq_ignore_ascii_case("null"))
                .then(|| reason.to_string());
        if !seen.insert(path.to_string()) {
            return Err(Error::unreadable(format!(
                "line {line} of the result table: the path {path} appears twice."
            )));
        }
        rows.push(FigureRow {
            metric: head,
            path: path.to_string(),
            value,
            reason,
        });
    }
    if rows.is_empty() {
        return Err(Error::unreadable(
            "the result table has a header but no rows: run the query again and export its result.",
        ));
    }
    Ok(rows)
}

/// RFC 4180 records with their 1-based first line.
fn split_records(text: &str, delimiter: u8) -> Result<Vec<(usize, Vec<String>)>, Error> {
    let d = char::from(delimiter);
    let mut records = Vec::new();
    let mut cells = Vec::new();
    let mut cell = String::new();
    let (mut quoted, mut was_quoted) = (false, false);
    let (mut line, mut start) = (1usize, 1usize);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    cell.push('"');
                }
                '"' => quoted = false,
                _ => {
                    if c == '\n' {
                        line += 1;
                    }
                    cell.push(c);
                }
            }
            continue;
        }
        match c {
            '"' if cell.is_empty() && !was_quoted => {
                quoted = true;
                was_quoted = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                cells.push(std::mem::take(&mut cell));
                records.push((start, std::mem::take(&mut cells)));
                was_quoted = false;
                line += 1;
                start = line;
            }
            c if c == d => {
                cells.push(std::mem::take(&mut cell));
                was_quoted = false;
            }
            _ => cell.push(c),
        }
    }
    if quoted {
        return Err(Error::unreadable(format!(
            "line {start} of the result table opens a quote that never closes."
        )));
    }
    if !cell.is_empty() || !cells.is_empty() {
        cells.push(cell);
        records.push((start, cells));
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths_follow_the_grammar() {
        let report = json!({"metrics": {
            "customer_churn": {"value": 0.05, "months": [
                {"month": "2024-03", "lost": 2, "rate": null}]},
            "first_response_histogram": {"counts": [3, 1, 0], "edges": [0.0, 5.5]},
            "cac": {"value": 10.0, "by_channel": [
                {"channel": "Events", "cac": {"value": null, "reason": "no new customers"}, "spend": 5.0}]},
            "top": [{"category": "a", "label": "x", "n": 1}, {"n": 2}],
            "flag": {"value": true, "note": "text"}
        }});
        let rows = flatten(&report);
        let got: Vec<(&str, &str, Option<f64>)> = rows
            .iter()
            .map(|r| (r.metric.as_str(), r.path.as_str(), r.value))
            .collect();
        assert_eq!(
            got,
            [
                ("cac", "cac.by_channel[Events].cac.value", None),
                ("cac", "cac.by_channel[Events].spend", Some(5.0)),
                ("cac", "cac.value", Some(10.0)),
                (
                    "customer_churn",
                    "customer_churn.months[2024-03].lost",
                    Some(2.0)
                ),
                ("customer_churn", "customer_churn.value", Some(0.05)),
                (
                    "first_response_histogram",
                    "first_response_histogram.counts[0]",
                    Some(3.0)
                ),
                (
                    "first_response_histogram",
                    "first_response_histogram.counts[1]",
                    Some(1.0)
                ),
                (
                    "first_response_histogram",
                    "first_response_histogram.counts[2]",
                    Some(0.0)
                ),
                (
                    "first_response_histogram",
                    "first_response_histogram.edges[0]",
                    Some(0.0)
                ),
                (
                    "first_response_histogram",
                    "first_response_histogram.edges[1]",
                    Some(5.5)
                ),
                ("top", "top[a].n", Some(1.0)),
                ("top", "top[1].n", Some(2.0)),
            ]
        );
        assert_eq!(rows[0].reason.as_deref(), Some("no new customers"));
    }

    #[test]
    fn keys_with_brackets_and_dots_read_back() {
        assert_eq!(
            parse_path("volume.by_category[a.b [x]].tickets"),
            Some((
                "volume".to_string(),
                vec![
                    Step::Member("by_category".into()),
                    Step::Element("a.b [x]".into()),
                    Step::Member("tickets".into())
                ]
            ))
        );
        assert_eq!(
            parse_path("top_issues[Facturación].n").map(|p| p.1.len()),
            Some(2)
        );
        assert_eq!(parse_path(""), None);
        assert_eq!(parse_path(".x"), None);
        assert_eq!(parse_path("a..b"), None);
        assert_eq!(parse_path("a[1"), None);
        assert_eq!(parse_path("a]"), None);
    }

    #[test]
    fn unflatten_rebuilds_elements_with_their_member() {
        let rows = flatten(&json!({"metrics": {
            "top_issues": [{"category": "billing", "customers": 4, "tickets": 5}],
            "cohorts": {"rows": [{"month": "2024-01", "customers": 3, "customers_retained": [1.0, 0.5]}]},
            "other": {"list": [{"key": "2024-05", "n": 1}, {"key": "b", "n": 2}]}
        }}));
        let back = unflatten(&rows, "subscriptions");
        assert_eq!(back["kind"], "subscriptions");
        assert_eq!(back["source"], "figures");
        assert_eq!(
            back["metrics"]["top_issues"],
            json!([{"category": "billing", "customers": 4, "tickets": 5}])
        );
        assert_eq!(
            back["metrics"]["cohorts"]["rows"][0]["customers_retained"],
            json!([1, 0.5])
        );
        // An unknown list: a month-like key is a month, any other a key.
        assert_eq!(back["metrics"]["other"]["list"][0]["month"], "2024-05");
        assert_eq!(back["metrics"]["other"]["list"][1]["key"], "b");
    }

    #[test]
    fn clashing_and_broken_paths_are_left_out() {
        let row = |path: &str, v: f64| FigureRow {
            metric: path.split(['.', '[']).next().unwrap_or("").into(),
            path: path.into(),
            value: Some(v),
            reason: None,
        };
        let back = unflatten(
            &[
                row("a.value", 1.0),
                row("a.value", 2.0),
                row("a.value.x", 3.0),
                row("a[0]", 4.0),
                row("b..c", 5.0),
                row("c.list[x]", 6.0),
            ],
            "survey",
        );
        assert_eq!(
            back["metrics"],
            json!({"a": {"value": 1}, "c": {"list": []}})
        );
    }

    #[test]
    fn csv_round_trip() {
        let rows = vec![
            FigureRow {
                metric: "nps".into(),
                path: "nps.value".into(),
                value: Some(0.1 + 0.2),
                reason: None,
            },
            FigureRow {
                metric: "top_issues".into(),
                path: "top_issues[a, \"b\"].tickets".into(),
                value: Some(-3e-20),
                reason: None,
            },
            FigureRow {
                metric: "csat".into(),
                path: "csat.value".into(),
                value: None,
                reason: Some("no answers,\n yet".into()),
            },
        ];
        assert_eq!(read_csv(to_csv(&rows).as_bytes()).unwrap(), rows);
    }

    #[test]
    fn result_tables_from_engines_read() {
        // Spark writes `null`, a warehouse console may write tabs, CRLF, a
        // BOM, quoted headers in upper case and exponents.
        let t = "\u{feff}\"METRIC\"\t\"PATH\"\t\"VALUE\"\t\"REASON\"\r\nnps\tnps.value\t4.5E+1\tnull\r\ncsat\tcsat.value\tNULL\tno answers\r\n";
        assert!(looks_like_result(t.as_bytes()));
        let rows = read_csv(t.as_bytes()).unwrap();
        assert_eq!(rows[0].value, Some(45.0));
        assert_eq!(rows[0].reason, None);
        assert_eq!(rows[1].value, None);
        assert_eq!(rows[1].reason.as_deref(), Some("no answers"));
    }

    #[test]
    fn garbage_result_tables_are_refused_with_a_sentence() {
        for (text, says) in [
            ("a,b\n1,2\n", "starts with the header"),
            ("metric,path,value,reason\n", "no rows"),
            (
                "metric,path,value,reason\nnps,nps.value,NaN,\n",
                "not a number",
            ),
            (
                "metric,path,value,reason\nnps,nps.value,inf,\n",
                "not a number",
            ),
            ("metric,path,value,reason\nnps,nps.value,1,x,y\n", "5 cells"),
            (
                "metric,path,value,reason\nnps,csat.value,1,\n",
                "not inside",
            ),
            (
                "metric,path,value,reason\nnps,nps..value,1,\n",
                "not a figure path",
            ),
            (
                "metric,path,value,reason\nnps,nps.value,1,\nnps,nps.value,2,\n",
                "twice",
            ),
            (
                "metric,path,value,reason\nnps,\"nps.value,1,\n",
                "never closes",
            ),
        ] {
            let e = read_csv(text.as_bytes()).unwrap_err().to_string();
            assert!(e.contains(says), "{text:?}: {e}");
        }
        assert!(read_csv(b"\xff\xfe").is_err());
        assert!(!looks_like_result(b"Score\n10\n"));
    }
}
