//! The report's figures as one SQL query, for data that lives in a
//! warehouse (issue #16): [`generate`] writes a self-contained query (CTEs
//! only) over a table of already typed columns (timestamps, numbers, text)
//! whose result is the long table `metric, path, value, reason` — one row
//! per numeric leaf of the report JSON, addressed by the path grammar of
//! `crate::figures` (the figure id, `.member`, `[key]` of a list element or
//! `[i]` of a list of numbers). An undefined figure gives the row
//! `<id>.value` with a NULL value and the core's English reason.
//!
//! The definitions are the core's ([contract §3, §1, §4](crate::contract)): the same
//! counts, the same formulas in the same order of operations (so doubles
//! agree to the last bits or nearly), percentiles by the spreadsheet's
//! PERCENTILE.INC interpolation (`h = (n − 1)·q`, [contract §7.6](crate::contract)) written out
//! with `ROW_NUMBER`, so every engine computes the same number; months,
//! weeks and days are calendar labels of the UTC timestamp. A figure the
//! SQL cannot reproduce exactly is not in the query (the list is in
//! [contract §8.5](crate::contract), "The same figures in SQL").
//!
//! The table's columns are named by field id (`created_at`, `score` …)
//! unless [`SqlRequest::mapping`] names them; the fields the table has are
//! those of the mapping, or every field of the kind when the mapping is
//! empty.

mod customers;
mod dialect;
pub mod reasons;
mod spend;
mod subscriptions;
mod survey;
mod tickets;

pub use dialect::Dialect;

use crate::error::Error;
use crate::ingest::columns::{Field, Kind};
use crate::settings::Settings;
use serde::Deserialize;
use std::collections::BTreeMap;

/// What to generate: the query for one kind of data, in one dialect, over
/// one table.
///
/// ```
/// use cxmetrics::sql::{generate, Dialect, SqlRequest};
/// let request = SqlRequest {
///     kind: "survey".into(),
///     dialect: Dialect::Duckdb,
///     table: "analytics.nps_answers".into(),
///     mapping: [("score".to_string(), "Score".to_string())].into(),
///     settings: Default::default(),
/// };
/// let query = generate(&request).unwrap();
/// assert!(query.starts_with("-- cxmetrics"));
/// assert!(query.contains("FROM \"analytics\".\"nps_answers\""));
/// assert!(query.contains("\"Score\""));
/// ```
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SqlRequest {
    /// `survey`, `tickets`, `subscriptions`, `spend` or `customers`.
    pub kind: String,
    /// The engine the query is written for.
    pub dialect: Dialect,
    /// The table, possibly qualified (`db.schema.table`).
    pub table: String,
    /// Field id → the table's column. The fields listed are the ones the
    /// table has; empty: every field of the kind, each in the column named
    /// by its id.
    #[serde(default)]
    pub mapping: BTreeMap<String, String>,
    /// The report settings that change figures (as-of time, SLA targets,
    /// CSAT and CES scales …), as the report takes them.
    #[serde(default)]
    pub settings: Settings,
}

/// The kinds [`generate`] writes a query for.
pub const KINDS: [&str; 5] = ["survey", "tickets", "subscriptions", "spend", "customers"];

/// The SQL query computing the figures of `request.kind` over
/// `request.table`: one statement, CTEs only, whose rows are
/// `metric, path, value, reason` (see the module doc).
///
/// Errors (one sentence): an unknown kind or field, a field the mapping
/// names twice, a table name that is not a name, a setting the report would
/// refuse too.
pub fn generate(request: &SqlRequest) -> Result<String, Error> {
    let kind = match request.kind.trim() {
        "survey" => Kind::Survey,
        "tickets" => Kind::Tickets,
        "spend" => Kind::Spend,
        "subscriptions" => Kind::Subscriptions,
        "customers" => Kind::Customers,
        other => {
            return Err(Error::settings(format!(
                "there is no SQL for the kind “{other}”: it is one of {}",
                KINDS.join(", ")
            )))
        }
    };
    let d = request.dialect;
    let table = d.table(&request.table).map_err(Error::settings)?;
    let columns = Columns::new(kind, d, &request.mapping)?;
    let mut q = Query::new(d);
    // A row with every mapped cell empty is not a row (the core skips it).
    q.filter = format!(
        "NOT ({})",
        columns
            .quoted
            .values()
            .map(|c| format!("{c} IS NULL"))
            .collect::<Vec<_>>()
            .join(" AND ")
    );
    match kind {
        Kind::Survey => survey::build(&mut q, &columns, &request.settings)?,
        Kind::Tickets => tickets::build(&mut q, &columns, &request.settings)?,
        Kind::Spend => spend::build(&mut q, &columns, &request.settings)?,
        Kind::Customers => customers::build(&mut q, &columns, &request.settings)?,
        Kind::Subscriptions => subscriptions::build(&mut q, &columns, &request.settings)?,
        other => {
            return Err(Error::settings(format!(
                "there is no SQL for the kind “{}”: it is one of {}",
                other.as_str(),
                KINDS.join(", ")
            )))
        }
    }
    Ok(q.finish(kind, &table))
}

/// The table's columns: for each field the table has, its quoted name.
pub(crate) struct Columns {
    quoted: BTreeMap<Field, String>,
}

impl Columns {
    fn new(kind: Kind, d: Dialect, mapping: &BTreeMap<String, String>) -> Result<Self, Error> {
        let mut quoted = BTreeMap::new();
        if mapping.is_empty() {
            for f in Field::for_kind(kind) {
                quoted.insert(f, d.ident(f.as_str()));
            }
        }
        for (id, column) in mapping {
            let field = Field::from_id(kind, id).ok_or_else(|| {
                Error::settings(format!(
                    "“{id}” is not a field of {}: it is one of {}",
                    kind.as_str(),
                    Field::for_kind(kind)
                        .map(Field::as_str)
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            })?;
            let column = if column.trim().is_empty() {
                field.as_str()
            } else {
                column.as_str()
            };
            if quoted.insert(field, d.ident(column)).is_some() {
                return Err(Error::settings(format!(
                    "the field “{}” is mapped twice",
                    field.as_str()
                )));
            }
        }
        Ok(Columns { quoted })
    }

    /// The quoted column of `field`, when the table has it.
    pub(crate) fn get(&self, field: Field) -> Option<&str> {
        self.quoted.get(&field).map(String::as_str)
    }

    /// Whether the table has `field`.
    pub(crate) fn has(&self, field: Field) -> bool {
        self.quoted.contains_key(&field)
    }
}

/// A query under construction: named CTEs, and the result rows as
/// `SELECT`s to be joined by `UNION ALL`.
pub(crate) struct Query {
    pub(crate) d: Dialect,
    /// The source CTE's select list (`expr AS name`).
    source: Vec<String>,
    /// The source CTE's `WHERE` condition.
    filter: String,
    ctes: Vec<(String, String)>,
    rows: Vec<Row>,
}

/// One result row (or one per row of `from`): SQL expressions over `from`.
struct Row {
    metric: String,
    path: String,
    value: String,
    reason: String,
    /// Tables, possibly followed by ` WHERE ` and a condition.
    from: String,
}

impl Query {
    fn new(d: Dialect) -> Self {
        Query {
            d,
            source: Vec::new(),
            filter: "1 = 1".to_string(),
            ctes: Vec::new(),
            rows: Vec::new(),
        }
    }

    /// Adds a column of the source CTE `src` (one row per table row).
    pub(crate) fn source(&mut self, expr: &str, name: &str) {
        self.source.push(format!("{expr} AS {name}"));
    }

    /// Adds a CTE.
    pub(crate) fn cte(&mut self, name: &str, body: &str) {
        self.ctes.push((name.to_string(), body.to_string()));
    }

    /// Adds a CTE that later CTEs read more than once. Spark inlines
    /// every deterministic CTE at each reference, so a query whose CTEs
    /// build on one another is planned and computed again for each path
    /// to it (minutes for the subscriptions query); a CTE with a
    /// non-deterministic column is computed once and its result reused.
    /// For Spark the body gets the unused column `spark_once`
    /// (`rand()`); other engines take the body as it is.
    pub(crate) fn cte_once(&mut self, name: &str, body: &str) {
        let body = if self.d == Dialect::Spark {
            format!("  SELECT *, rand() AS spark_once FROM (\n{body}\n  ) AS once")
        } else {
            body.to_string()
        };
        self.cte(name, &body);
    }

    /// Adds result rows: `path` and `value` are SQL expressions over
    /// `from` (a CTE name, possibly with a `WHERE`); `reason` the text
    /// shown when the value is NULL (a `.value` row of a figure), else the
    /// row is dropped when its value is NULL.
    pub(crate) fn row(
        &mut self,
        metric: &str,
        path: &str,
        value: &str,
        reason: Option<&str>,
        from: &str,
    ) {
        let d = self.d;
        let reason = match reason {
            Some(r) => d.text(&format!("CASE WHEN {value} IS NULL THEN {r} END")),
            None => d.null_text(),
        };
        self.rows.push(Row {
            metric: d.string(metric),
            path: path.to_string(),
            value: d.dbl(value),
            reason,
            from: from.to_string(),
        });
    }

    /// A row whose path is the fixed text `path`.
    pub(crate) fn leaf(&mut self, metric: &str, path: &str, value: &str, from: &str) {
        let p = self.d.string(path);
        self.row(metric, &p, value, None, from);
    }

    /// The `<metric>.value` row: `value`, or NULL with `reason` (a SQL text
    /// expression).
    pub(crate) fn value(&mut self, metric: &str, value: &str, reason: &str, from: &str) {
        let p = self.d.string(&format!("{metric}.value"));
        self.row(metric, &p, value, Some(reason), from);
    }

    /// The path `<prefix>[<key>]<suffix>` where `key` is a text expression.
    pub(crate) fn keyed(&self, prefix: &str, key: &str, suffix: &str) -> String {
        format!(
            "{} || {key} || {}",
            self.d.string(&format!("{prefix}[")),
            self.d.string(&format!("]{suffix}"))
        )
    }

    /// The whole statement.
    fn finish(self, kind: Kind, table: &str) -> String {
        let d = self.d;
        let mut out = format!(
            "-- cxmetrics {} figures ({}): rows metric, path, value, reason.\n-- Generated by cxmetrics sql, with the definitions of docs/metrics.md.\nWITH\n",
            kind.as_str(),
            d.as_str()
        );
        let source = if self.source.is_empty() {
            "1 AS one".to_string()
        } else {
            self.source.join(",\n    ")
        };
        let mut ctes = vec![format!(
            "src AS (\n  SELECT\n    {source}\n  FROM {table}\n  WHERE {}\n)",
            self.filter
        )];
        for (name, body) in &self.ctes {
            ctes.push(format!("{name} AS (\n{body}\n)"));
        }
        // The rows read from the same tables are one SELECT over those
        // tables × the leaf numbers 1…k (one scan per CTE rather than one
        // per leaf: an engine that does not keep CTEs, such as Spark,
        // computes each scan again).
        let mut groups: Vec<(&str, Vec<&Row>)> = Vec::new();
        for row in &self.rows {
            match groups.iter_mut().find(|(f, _)| *f == row.from) {
                Some((_, rows)) => rows.push(row),
                None => groups.push((&row.from, vec![row])),
            }
        }
        let most = groups.iter().map(|(_, r)| r.len()).max().unwrap_or(0);
        if most > 1 {
            let leaves: Vec<String> = (1..=most).map(|i| format!("SELECT {i} AS leaf")).collect();
            ctes.push(format!("leaves AS (\n  {}\n)", leaves.join(" UNION ALL ")));
        }
        let selects: Vec<String> = groups
            .iter()
            .map(|(from, rows)| {
                let (tables, filter) = match from.split_once(" WHERE ") {
                    Some((t, w)) => (t, Some(w)),
                    None => (*from, None),
                };
                if let [row] = rows.as_slice() {
                    return format!(
                        "SELECT {} AS metric, {} AS path, {} AS value, {} AS reason FROM {from}",
                        row.metric, row.path, row.value, row.reason
                    );
                }
                let pick = |part: &dyn Fn(&Row) -> &str| {
                    let arms: Vec<String> = rows
                        .iter()
                        .enumerate()
                        .map(|(i, r)| format!("WHEN {} THEN {}", i + 1, part(r)))
                        .collect();
                    format!("CASE leaf {} END", arms.join(" "))
                };
                let mut condition = format!("leaf <= {}", rows.len());
                if let Some(w) = filter {
                    condition = format!("({w}) AND {condition}");
                }
                format!(
                    "SELECT {} AS metric, {} AS path, {} AS value, {} AS reason\n    FROM {tables} CROSS JOIN leaves WHERE {condition}",
                    pick(&|r| &r.metric),
                    pick(&|r| &r.path),
                    pick(&|r| &r.value),
                    pick(&|r| &r.reason),
                )
            })
            .collect();
        out.push_str(&ctes.join(",\n"));
        out.push_str("\nSELECT metric, path, value, reason FROM (\n  ");
        out.push_str(&selects.join("\n  UNION ALL "));
        out.push_str("\n) AS figures\nWHERE value IS NOT NULL OR reason IS NOT NULL\n");
        out
    }
}

/// A CTE body computing, per group `g` of the values `x` of `input` (a
/// query with columns `g` and `x`, NULL `x` left out), the duration
/// summary of [`crate::metrics::stats::DurationSummary`]: `n`, `mean`,
/// `median`, `p90`, `p95` (PERCENTILE.INC, [contract §7.6](crate::contract)). Groups without a
/// value are absent; `g` may be a constant for one group.
pub(crate) fn summary_sql(d: Dialect, input: &str) -> String {
    let ranked = format!(
        "SELECT g, x, ROW_NUMBER() OVER (PARTITION BY g ORDER BY x) AS rn, COUNT(*) OVER (PARTITION BY g) AS cnt FROM ({input}) AS v WHERE x IS NOT NULL"
    );
    let mut cols = vec![
        "g".to_string(),
        "COUNT(*) AS n".to_string(),
        format!("SUM(x) / {} AS mean", d.dbl("COUNT(*)")),
    ];
    let mut outs = vec!["g".to_string(), "n".to_string(), "mean".to_string()];
    for (name, q) in [("median", 0.5), ("p90", 0.9), ("p95", 0.95)] {
        let h = format!("{} * {}", d.dbl("cnt - 1"), d.num(q));
        cols.push(format!("MAX(FLOOR({h})) AS {name}_lo_rank"));
        cols.push(format!("MAX({h} - FLOOR({h})) AS {name}_f"));
        cols.push(format!(
            "MAX(CASE WHEN rn = FLOOR({h}) + 1 THEN x END) AS {name}_lo"
        ));
        cols.push(format!(
            "MAX(CASE WHEN rn = FLOOR({h}) + 2 THEN x END) AS {name}_hi"
        ));
        // x_lo + f·(x_hi − x_lo), x_lo itself when f = 0 or at the top.
        outs.push(format!(
            "CASE WHEN {name}_f = 0 OR {name}_hi IS NULL OR {name}_hi = {name}_lo THEN {name}_lo ELSE {name}_lo + {name}_f * ({name}_hi - {name}_lo) END AS {name}"
        ));
    }
    format!(
        "  SELECT {} FROM (\n    SELECT {} FROM ({ranked}) AS r GROUP BY g\n  ) AS s",
        outs.join(", "),
        cols.join(", ")
    )
}

/// The rows of a duration figure (`{value = median, n, mean, median, p90,
/// p95}`, [`crate::metrics::stats::DurationSummary::figure`]) from a
/// one-group summary CTE `from` (see [`summary_sql`]); `n` is 0 and the
/// value undefined with `reason` (a SQL text expression, which may read the
/// one-row CTE `also`) when there is no row.
pub(crate) fn duration_rows(q: &mut Query, metric: &str, from: &str, reason: &str, also: &str) {
    let one = format!("(SELECT 1 AS k) AS one LEFT JOIN {from} AS s ON 1 = 1 CROSS JOIN {also}");
    q.value(metric, "s.median", reason, &one);
    q.leaf(metric, &format!("{metric}.n"), "COALESCE(s.n, 0)", &one);
    for name in ["mean", "median", "p90", "p95"] {
        q.leaf(
            metric,
            &format!("{metric}.{name}"),
            &format!("s.{name}"),
            &one,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(kind: &str, dialect: Dialect) -> SqlRequest {
        SqlRequest {
            kind: kind.into(),
            dialect,
            table: "warehouse.support.rows".into(),
            mapping: BTreeMap::new(),
            settings: Settings::default(),
        }
    }

    #[test]
    fn every_kind_and_dialect_gives_one_statement() {
        for kind in KINDS {
            for d in Dialect::ALL {
                let q = generate(&request(kind, d)).unwrap();
                assert!(q.starts_with(&format!("-- cxmetrics {kind} figures ({d})")));
                assert!(q.contains("\nWITH\nsrc AS ("), "{kind} {d}");
                assert!(q.contains("SELECT metric, path, value, reason FROM ("));
                // One statement: no semicolon outside string literals, no
                // temporary table.
                let code: String = q.split('\'').step_by(2).collect();
                assert!(!code.contains(';'), "{kind} {d}");
                assert!(!q.to_uppercase().contains("CREATE "), "{kind} {d}");
            }
        }
    }

    #[test]
    fn identifiers_are_quoted_per_dialect() {
        let spark = generate(&request("tickets", Dialect::Spark)).unwrap();
        assert!(spark.contains("FROM `warehouse`.`support`.`rows`"));
        assert!(spark.contains("`created_at`"));
        let pg = generate(&request("tickets", Dialect::Postgres)).unwrap();
        assert!(pg.contains("FROM \"warehouse\".\"support\".\"rows\""));
        assert!(pg.contains("\"created_at\""));
        assert!(!pg.contains('`'));
        assert_eq!(Dialect::Duckdb.ident("a\"b"), "\"a\"\"b\"");
        assert_eq!(Dialect::Spark.ident("a`b"), "`a``b`");
        assert_eq!(Dialect::Bigquery.ident("a`b"), "`a\\`b`");
        assert!(Dialect::Duckdb.table("db..t").is_err());
    }

    #[test]
    fn strings_are_escaped_per_dialect() {
        assert_eq!(Dialect::Postgres.string("it's"), "'it''s'");
        assert_eq!(Dialect::Spark.string("it's a\\b"), "'it\\'s a\\\\b'");
        assert_eq!(Dialect::Bigquery.string("it's"), "'it\\'s'");
    }

    #[test]
    fn a_mapping_renames_columns_and_names_the_fields_present() {
        let mut r = request("survey", Dialect::Duckdb);
        r.mapping.insert("score".into(), "Nota".into());
        let q = generate(&r).unwrap();
        assert!(q.contains("\"Nota\""));
        assert!(!q.contains("\"score\""));
        // Only the mapped fields: no CSAT or CES figure.
        assert!(!q.contains("'csat'"));
        assert!(!q.contains("'ces'"));
        assert!(q.contains("'nps.value'"));
        // Without a date, no monthly NPS.
        assert!(!q.contains("nps_by_month"));
        r.mapping.insert("date".into(), String::new());
        assert!(generate(&r).unwrap().contains("nps_by_month"));
    }

    #[test]
    fn settings_appear_as_literals() {
        let mut r = request("tickets", Dialect::Duckdb);
        r.settings.sla_minutes = Some(30.0);
        r.settings.as_of = Some("2024-03-08T12:00".into());
        r.settings
            .sla_minutes_by_priority
            .insert("Urgent".into(), 15.0);
        let q = generate(&r).unwrap();
        assert!(q.contains("CAST(30.0 AS DOUBLE)"));
        // 2024-03-08T12:00 UTC in Unix seconds.
        assert!(q.contains("CAST(1709899200.0 AS DOUBLE) AS as_of"));
        assert!(q.contains("LOWER(priority) = LOWER('Urgent') THEN CAST(15.0 AS DOUBLE)"));
        assert!(q.contains("'sla_attainment.target_minutes_by_priority.Urgent'"));
        let mut c = request("customers", Dialect::Duckdb);
        c.settings.gross_margin = Some(0.8);
        assert!(generate(&c).unwrap().contains("CAST(0.8 AS DOUBLE)"));
    }

    #[test]
    fn refusals_are_one_sentence() {
        let mut r = request("accounts", Dialect::Duckdb);
        let e = generate(&r).unwrap_err().to_string();
        assert!(
            e.starts_with("There is no SQL for the kind “accounts”"),
            "{e}"
        );
        r.kind = "subscriptions".into();
        r.mapping.insert("status".into(), "Status".into());
        let e = generate(&r).unwrap_err().to_string();
        assert!(e.contains("needs the customer column"), "{e}");
        r.mapping.clear();
        r.settings.period_start = Some("2024-05".into());
        r.settings.period_end = Some("2024-03".into());
        assert!(generate(&r).is_err());
        r.settings.period_start = Some("May".into());
        r.settings.period_end = None;
        assert!(generate(&r).is_err());
        r.settings.period_start = None;
        r.settings.churn_target = Some(1.5);
        assert!(generate(&r).is_err());
        r.settings = Settings::default();
        r.kind = "survey".into();
        r.mapping.insert("first_reply_at".into(), "x".into());
        let e = generate(&r).unwrap_err().to_string();
        assert!(
            e.contains("“first_reply_at” is not a field of survey"),
            "{e}"
        );
        // A scale the core does not know is refused when the request is read.
        assert!(serde_json::from_value::<SqlRequest>(serde_json::json!({
            "kind": "survey", "dialect": "duckdb", "table": "t",
            "settings": {"csat_scale": "1-3"}
        }))
        .is_err());
        let mut r = request("tickets", Dialect::Duckdb);
        r.settings.sla_minutes = Some(-1.0);
        assert!(generate(&r).is_err());
        r.settings.sla_minutes = None;
        r.settings.as_of = Some("yesterday".into());
        assert!(generate(&r).is_err());
        let mut r = request("spend", Dialect::Duckdb);
        r.mapping.insert("channel".into(), "Channel".into());
        assert!(generate(&r)
            .unwrap_err()
            .to_string()
            .contains("spend and new_customers"));
        assert!("oracle".parse::<Dialect>().is_err());
    }

    #[test]
    fn the_request_reads_from_json() {
        let r: SqlRequest = serde_json::from_value(serde_json::json!({
            "kind": "spend", "dialect": "bigquery", "table": "p.d.t",
            "mapping": {"spend": "Cost", "new_customers": "Won"},
            "settings": {"gross_margin": 0.5}
        }))
        .unwrap();
        assert_eq!(r.dialect, Dialect::Bigquery);
        let q = generate(&r).unwrap();
        assert!(q.contains("`Cost`") && q.contains("FROM `p`.`d`.`t`"));
        assert!(serde_json::from_value::<SqlRequest>(serde_json::json!({
            "kind": "spend", "dialect": "mysql", "table": "t"
        }))
        .is_err());
    }

    #[test]
    fn first_ticket_resolution_is_not_in_the_query() {
        let q = generate(&request("tickets", Dialect::Duckdb)).unwrap();
        assert!(!q.contains("first_ticket_resolution_minutes"));
        assert!(q.contains("'first_response_minutes.p95'"));
    }
}
