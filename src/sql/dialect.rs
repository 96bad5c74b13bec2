//! The spellings that differ between SQL engines: identifier quoting, string
//! and number literals, the double and text types, Unix seconds of a
//! timestamp, and the calendar labels (day, ISO week, month) of a timestamp
//! in UTC. Everything else the generated queries use is standard SQL every
//! supported engine reads the same way (CTEs, `CASE`, `COUNT`, `SUM`,
//! `ROW_NUMBER() OVER`, `FLOOR`, `SQRT`, `||`).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A SQL engine the generator writes for.
///
/// ```
/// use cxmetrics::sql::Dialect;
/// let d: Dialect = "spark".parse().unwrap();
/// assert_eq!(d, Dialect::Spark);
/// assert_eq!(d.ident("first reply"), "`first reply`");
/// assert_eq!(Dialect::Postgres.ident("Score"), "\"Score\"");
/// assert!("mysql".parse::<Dialect>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Dialect {
    /// DuckDB.
    Duckdb,
    /// Apache Spark SQL (3.x).
    Spark,
    /// Google BigQuery (GoogleSQL).
    Bigquery,
    /// Snowflake.
    Snowflake,
    /// PostgreSQL.
    Postgres,
}

impl Dialect {
    /// Every dialect, in the order the CLI lists them.
    pub const ALL: [Dialect; 5] = [
        Dialect::Duckdb,
        Dialect::Spark,
        Dialect::Bigquery,
        Dialect::Snowflake,
        Dialect::Postgres,
    ];

    /// The dialect's id: `duckdb`, `spark`, `bigquery`, `snowflake`, `postgres`.
    pub fn as_str(self) -> &'static str {
        match self {
            Dialect::Duckdb => "duckdb",
            Dialect::Spark => "spark",
            Dialect::Bigquery => "bigquery",
            Dialect::Snowflake => "snowflake",
            Dialect::Postgres => "postgres",
        }
    }

    /// Whether identifiers are quoted with backticks (Spark, BigQuery)
    /// rather than double quotes.
    fn backticks(self) -> bool {
        matches!(self, Dialect::Spark | Dialect::Bigquery)
    }

    /// One identifier, quoted: backticks for Spark and BigQuery, double
    /// quotes elsewhere, the quote character doubled inside (BigQuery:
    /// escaped with a backslash).
    pub fn ident(self, name: &str) -> String {
        match self {
            Dialect::Spark => format!("`{}`", name.replace('`', "``")),
            Dialect::Bigquery => format!("`{}`", name.replace('\\', "\\\\").replace('`', "\\`")),
            _ => format!("\"{}\"", name.replace('"', "\"\"")),
        }
    }

    /// A table name, possibly qualified (`db.schema.table`): each part
    /// quoted on its own. An empty part is refused.
    pub fn table(self, name: &str) -> Result<String, String> {
        let parts: Vec<&str> = name.split('.').map(str::trim).collect();
        if parts.iter().any(|p| p.is_empty()) {
            return Err(format!(
                "the table name “{name}” is not a name: write it as table, schema.table or db.schema.table"
            ));
        }
        Ok(parts
            .iter()
            .map(|p| self.ident(p))
            .collect::<Vec<_>>()
            .join("."))
    }

    /// A string literal. Spark and BigQuery read a backslash as an escape,
    /// so quotes and backslashes are escaped with one there; elsewhere the
    /// quote is doubled.
    pub fn string(self, text: &str) -> String {
        if self.backticks() {
            format!("'{}'", text.replace('\\', "\\\\").replace('\'', "\\'"))
        } else {
            format!("'{}'", text.replace('\'', "''"))
        }
    }

    /// The 64-bit floating-point type.
    pub fn double_type(self) -> &'static str {
        match self {
            Dialect::Bigquery => "FLOAT64",
            Dialect::Postgres => "DOUBLE PRECISION",
            _ => "DOUBLE",
        }
    }

    /// The text type.
    pub fn text_type(self) -> &'static str {
        match self {
            Dialect::Spark | Dialect::Bigquery => "STRING",
            Dialect::Postgres => "TEXT",
            _ => "VARCHAR",
        }
    }

    /// The 64-bit integer type.
    pub fn int_type(self) -> &'static str {
        match self {
            Dialect::Bigquery => "INT64",
            _ => "BIGINT",
        }
    }

    /// `expr` as a double.
    pub fn dbl(self, expr: &str) -> String {
        format!("CAST({expr} AS {})", self.double_type())
    }

    /// `expr` as text.
    pub fn text(self, expr: &str) -> String {
        format!("CAST({expr} AS {})", self.text_type())
    }

    /// A double literal: the shortest text that reads back as `x` (`x`
    /// finite), cast so no engine reads it as an exact decimal.
    pub fn num(self, x: f64) -> String {
        let lit = format!("{x:?}");
        // A leading minus inside CAST is read the same everywhere.
        self.dbl(&lit)
    }

    /// The NULL double.
    pub fn null_double(self) -> String {
        self.dbl("NULL")
    }

    /// The NULL text.
    pub fn null_text(self) -> String {
        self.text("NULL")
    }

    /// Unix seconds (UTC) of a timestamp column, as a double.
    pub fn epoch(self, ts: &str) -> String {
        match self {
            Dialect::Duckdb => self.dbl(&format!("epoch({ts})")),
            Dialect::Spark => self.dbl(&format!("unix_timestamp({ts})")),
            Dialect::Bigquery => self.dbl(&format!("UNIX_SECONDS({ts})")),
            Dialect::Snowflake => self.dbl(&format!("DATE_PART(EPOCH_SECOND, {ts})")),
            Dialect::Postgres => self.dbl(&format!("EXTRACT(EPOCH FROM {ts})")),
        }
    }

    /// `YYYY-MM` of a timestamp (UTC).
    pub fn month_label(self, ts: &str) -> String {
        match self {
            Dialect::Duckdb => format!("strftime({ts}, '%Y-%m')"),
            Dialect::Spark => format!("date_format({ts}, 'yyyy-MM')"),
            Dialect::Bigquery => format!("FORMAT_TIMESTAMP('%Y-%m', {ts}, 'UTC')"),
            Dialect::Snowflake | Dialect::Postgres => format!("TO_CHAR({ts}, 'YYYY-MM')"),
        }
    }

    /// `YYYY-MM-DD` of a timestamp (UTC).
    pub fn day_label(self, ts: &str) -> String {
        match self {
            Dialect::Duckdb => format!("strftime({ts}, '%Y-%m-%d')"),
            Dialect::Spark => format!("date_format({ts}, 'yyyy-MM-dd')"),
            Dialect::Bigquery => format!("FORMAT_TIMESTAMP('%Y-%m-%d', {ts}, 'UTC')"),
            Dialect::Snowflake | Dialect::Postgres => format!("TO_CHAR({ts}, 'YYYY-MM-DD')"),
        }
    }

    /// `YYYY-Www` of a timestamp: the ISO 8601 week-numbering year and week.
    pub fn iso_week_label(self, ts: &str) -> String {
        let (year, week) = match self {
            Dialect::Duckdb => (format!("isoyear({ts})"), format!("weekofyear({ts})")),
            Dialect::Spark => (
                format!("EXTRACT(YEAROFWEEK FROM {ts})"),
                format!("weekofyear({ts})"),
            ),
            Dialect::Bigquery => (
                format!("EXTRACT(ISOYEAR FROM {ts})"),
                format!("EXTRACT(ISOWEEK FROM {ts})"),
            ),
            Dialect::Snowflake => (format!("YEAROFWEEKISO({ts})"), format!("WEEKISO({ts})")),
            Dialect::Postgres => (
                format!("EXTRACT(ISOYEAR FROM {ts})"),
                format!("EXTRACT(WEEK FROM {ts})"),
            ),
        };
        format!(
            "{} || '-W' || {}",
            self.padded(&year, 4),
            self.padded(&week, 2)
        )
    }

    /// The month index `year × 12 + month − 1` of a timestamp (UTC), as a
    /// 64-bit integer: consecutive months are consecutive numbers.
    pub fn month_index(self, ts: &str) -> String {
        format!(
            "CAST(EXTRACT(YEAR FROM {ts}) * 12 + EXTRACT(MONTH FROM {ts}) - 1 AS {})",
            self.int_type()
        )
    }

    /// `YYYY-MM` of a month index (see [`Dialect::month_index`]).
    pub fn month_of_index(self, m: &str) -> String {
        let year = format!("FLOOR({} / 12)", self.dbl(m));
        format!(
            "{} || '-' || {}",
            self.padded(&year, 4),
            self.padded(&format!("{m} - 12 * {year} + 1"), 2)
        )
    }

    /// A whole number as text, left-padded with zeros to `width`.
    fn padded(self, expr: &str, width: u8) -> String {
        let int = format!("CAST({expr} AS {})", self.int_type());
        format!("LPAD({}, {width}, '0')", self.text(&int))
    }

    /// A text expression read as a double, NULL when it is not a plain
    /// decimal number.
    pub fn try_double(self, text: &str) -> String {
        match self {
            Dialect::Duckdb | Dialect::Snowflake => format!("TRY_CAST({text} AS DOUBLE)"),
            Dialect::Spark => format!("try_cast({text} AS DOUBLE)"),
            Dialect::Bigquery => format!("SAFE_CAST({text} AS FLOAT64)"),
            Dialect::Postgres => format!(
                "CASE WHEN {text} ~ '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)$' THEN CAST({text} AS DOUBLE PRECISION) END"
            ),
        }
    }

    /// `SELECT keep…, piece FROM from`: one row per piece of the text
    /// column `list` split on commas (the pieces untrimmed, empty ones
    /// kept).
    pub fn split_rows(self, keep: &str, list: &str, from: &str) -> String {
        match self {
            Dialect::Duckdb => {
                format!("SELECT {keep}, unnest(string_split({list}, ',')) AS piece FROM {from}")
            }
            Dialect::Spark => format!(
                "SELECT {keep}, explode(split({list}, ',')) AS piece FROM {from}"
            ),
            Dialect::Postgres => format!(
                "SELECT {keep}, unnest(string_to_array({list}, ',')) AS piece FROM {from}"
            ),
            Dialect::Bigquery => format!(
                "SELECT {keep}, piece FROM {from} CROSS JOIN UNNEST(SPLIT({list}, ',')) AS piece"
            ),
            Dialect::Snowflake => format!(
                "SELECT {keep}, s.value AS piece FROM {from}, LATERAL SPLIT_TO_TABLE({list}, ',') AS s"
            ),
        }
    }

    /// `expr` in byte order when sorted (Rust's `str` order): PostgreSQL
    /// sorts by the database's collation otherwise.
    pub fn bytewise(self, expr: &str) -> String {
        match self {
            Dialect::Postgres => format!("{expr} COLLATE \"C\""),
            _ => expr.to_string(),
        }
    }

    /// Whole days since 1970-01-01 of Unix seconds `secs` (a double),
    /// rounded down.
    pub fn day_number(self, secs: &str) -> String {
        format!("FLOOR({secs} / 86400)")
    }
}

impl fmt::Display for Dialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Dialect {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Dialect::ALL
            .into_iter()
            .find(|d| d.as_str().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                format!(
                    "the SQL dialect “{s}” is not duckdb, spark, bigquery, snowflake or postgres"
                )
            })
    }
}
