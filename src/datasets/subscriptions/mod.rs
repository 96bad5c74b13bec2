//! Subscription rows → customer churn, MRR movements, revenue retention,
//! cohorts and lifetime value ([contract §2, §1 value, §7 Stripe export, §8 ids](crate::contract)).
//!
//! ## Reading a row
//!
//! **What defines a row: its customer, monthly amount, start and end.**
//! Every figure of this kind rests on who pays how much from when to when,
//! so an unusable customer, amount (with its quantity, interval and
//! interval count), start or end skips the row, each with its reason
//! below. The one cell that fails alone is `created_at` when a start is
//! there (it only stands in for a missing start): it is voided and listed
//! in `unreadable_cells`.
//!
//! - **customer**: the `customer` cell, interned with [`ExactIds`]: ids are
//!   compared exactly, case and all (each distinct id's text is kept once,
//!   the row keeps its dense index). An empty customer rejects the row
//!   ([`NO_CUSTOMER_REASON`]).
//! - **monthly amount**: a ready `mrr` cell when the column is mapped and
//!   filled; otherwise `amount × quantity` (quantity 1 when absent) divided
//!   by the months one billing period lasts: `interval_count ×` months per
//!   interval ([`interval_months`]: month 1, year 12, quarter 3, half-year 6,
//!   week 12/52, two weeks 24/52, day 12/365 — so a weekly price × 52 ÷ 12 is
//!   its monthly amount). Interval words are read in English, Portuguese,
//!   Spanish, French and Indonesian (`mensal`, `anual`, `mensual`, `mensuel`,
//!   `annuel`, `bulanan`, `tahunan` …). **A missing interval column or an
//!   empty interval cell means monthly**, and the report's settings say so
//!   (`interval_assumed`). An unknown interval word rejects the row.
//! - **start**: `start`, else `created_at` when the start is empty; neither →
//!   rejected ([`NO_START_REASON`]).
//! - **end**: Stripe writes two dates. `Canceled At` is when the
//!   cancellation was made: immediately effective, or only *requested* when
//!   the subscription was set to cancel at the end of its billing period.
//!   `Ended At` is when the subscription actually stopped. The rule: **end =
//!   `Ended At` when filled; otherwise `Canceled At`, except when the status
//!   still says the subscription runs** (`active`, `past_due`, `unpaid` and
//!   their translations): then the cancellation is only scheduled and the
//!   subscription is treated as still active. An end before the start
//!   rejects the row.
//! - **status**: `trialing`, `incomplete` and `incomplete_expired` (and
//!   translations: `em teste`, `en prueba`, `essai`, `uji coba` …) are not
//!   revenue and are rejected with [`NOT_REVENUE_REASON`], so that
//!   read = used + skipped holds. Other statuses are kept.
//! - A customer is active on a day when one of their subscriptions with a
//!   monthly amount above 0 covers it: a free
//!   subscription is read (the row is used) but neither adds MRR nor makes a
//!   customer, so customer counts and MRR agree.
//!
//! Each used row keeps 24 bytes ([`SubscriptionRow`]: customer index, start
//! and end as days, monthly amount); the month range is only known at the
//! end, when [`MonthlyCounts`] and [`MrrLedger`] are built.
//!
//! ## The period
//!
//! `period_start` / `period_end` (`YYYY-MM`) when set. By default: the last
//! twelve complete months before the as-of date, starting no earlier than
//! the month after the earliest start (so the first snapshot has customers
//! and MRR to retain; a file shorter than two months starts at its first
//! month). The as-of date is the `as_of` setting, else **the latest date in
//! the used rows** (start, created, canceled or ended): an export does not
//! say when it was taken, and its latest event is the best stand-in. A
//! month is complete when the first day of the next month is on or before
//! the as-of date.
//!
//! ## Month boundaries and lapses
//!
//! Dates are days (UTC: a time with an offset is converted to UTC first). A
//! start or end at any time on a day belongs to that day's month: active at
//! the start of a month means started before 00:00 of its first day and not
//! ended before it, new in a month means started within it (so a start at
//! 04:00 on 1 January is new in January, and an end on 1 January is a loss
//! in January). A lapse that is back before the month ends is no loss; the
//! report's `settings.conventions` says so ([`MONTH_BOUNDARY_CONVENTION`],
//! [`LAPSE_CONVENTION`], [`LOST_CONVENTION`]); see [`crate::metrics::churn`].
//!
//! ## Figures ([contract §8](crate::contract))
//!
//! Counts over the period (first snapshot against the snapshot on the day
//! after it): `customers_start`, `customers_end`, `new_customers` (N,
//! includes `new_and_lost`, as [contract §2](crate::contract) counts them), `lost_customers` (L).
//! `customer_churn` is the pooled monthly churn Σ L ÷ Σ S with the `months`
//! list; `retention_rate` is [`retention_from_counts`] over the period
//! ((E − (N − new_and_lost)) ÷ S = 1 − L ÷ S; the literal (E − N) ÷ S would
//! count start-and-cancel customers who were never in S); `annual_churn` =
//! 1 − (1 − pooled)^12. MRR: `mrr_start`, `mrr_end`, `arpa` (MRR at the end
//! ÷ customers at the end), `nrr`, `grr`, `gross_mrr_churn`,
//! `expansion_rate` (first against last snapshot, [`MrrSummary::period`](crate::metrics::revenue::MrrSummary::period)),
//! `mrr_months`, `cohorts`; `churn_target` when set; `ltv` and
//! `expected_lifetime_months` from ARPA, the gross margin (default 100 %,
//! `gross_margin_assumed: true`) and the pooled monthly churn.

use super::{skip_if_blank, Accumulator, Bad, Context, Memo, Row};
use crate::error::Error;
use crate::ingest::columns::Field;
use crate::ingest::reader::Record;
use crate::ingest::values::{self, DateStyle};
use crate::metrics::acquisition::{arpa, ltv, LtvInputs, DEFAULT_LIFETIME_CAP_MONTHS};
use crate::metrics::churn::{
    annual_from_monthly, churn_target, customer_churn, month_start, retention_from_counts,
    MonthCounts, MonthlyCounts,
};
use crate::metrics::revenue::{
    MrrLedger, AMOUNT_REASON, AMOUNT_TOO_LARGE_REASON, DATES_REASON, MAX_AMOUNT,
};
use crate::metrics::stats::ExactIds;
use crate::metrics::{Metric, Undefined, Why};
use crate::report::{Figure, Report};
use crate::settings::Settings;
use chrono::{DateTime, Months, NaiveDate};
use figures::{
    Arpa, ChurnDetails, CohortRow, Cohorts, Conventions, Customers, Expansion, LtvDetails,
    MonthRow, Movements, MrrMonth, MrrMonths, NetChange, NewCustomers, SubscriptionFigures,
    SubscriptionSettingsUsed, TargetCheck,
};

pub mod figures;

/// Why the subscriptions figures with no usable row is undefined (also written by the SQL, `crate::sql::reasons`).
pub const NO_SUBSCRIPTION_ROWS_REASON: Why =
    Why::new("no_subscription_rows", "no subscription rows could be used");

/// Why the period figures without a complete month is undefined (also written by the SQL, `crate::sql::reasons`).
pub const NO_COMPLETE_MONTH_REASON: Why = Why::new(
    "no_complete_month",
    "no complete month before the as-of date: the file covers less than a full calendar month",
);

/// How a start or an end near a month's first day is counted (the
/// report's `settings.conventions.month_boundary`).
pub const MONTH_BOUNDARY_CONVENTION: &str = "a start or an end at any time on a day belongs to that day's month; active at the start of a month = started before 00:00 UTC of its first day and not ended before it; new in a month = started within it";
/// How a short lapse is counted (`settings.conventions.lapse`).
pub const LAPSE_CONVENTION: &str = "a customer who stops and is back before the month ends (active at its start and at its end) is not lost and not reactivated; a lapse across a month end is lost in one month and reactivated in the month of the return";
/// How `lost_customers` relates to the monthly `lost` (`settings.conventions.lost`).
pub const LOST_CONVENTION: &str = "lost_customers counts the customers active at the period's start who were lost at least once in it; the monthly lost counts each loss in its month, of customers active at that month's start, so their sum can be larger";

/// Reason for a row without a customer.
pub const NO_CUSTOMER_REASON: &str = "the row has no customer";
/// Reason for a row without a start (and without a created date).
pub const NO_START_REASON: &str = "the row has no start date";
/// Reason for a row with neither an amount nor an MRR.
pub const NO_AMOUNT_REASON: &str = "the row has no amount";
/// Reason for a trialing or incomplete subscription.
pub const NOT_REVENUE_REASON: &str =
    "a trial, or a subscription whose first payment never completed, is not revenue";
/// Reason for an interval word that is not known.
pub const INTERVAL_REASON: &str =
    "the interval must be day, week, month, quarter or year (or mensal, anual, mensual, mensuel, annuel, bulanan, tahunan …)";
/// Reason for an interval count below 1.
pub const INTERVAL_COUNT_REASON: &str = "the interval count must be a whole number of 1 or more";
/// Reason for a quantity that is not a whole number ≥ 0.
pub const QUANTITY_REASON: &str = "the quantity must be a whole number of 0 or more";
/// Reason for a date outside the calendar the report handles.
pub const DATE_RANGE_REASON: &str = "the date is outside the years the report handles";

/// Statuses (folded: lower case, no accents, `_`/`-` as spaces) that are not
/// revenue.
pub const NOT_REVENUE_STATUSES: &[&str] = &[
    "trialing",
    "trialling",
    "trial",
    "in trial",
    "incomplete",
    "incomplete expired",
    "em teste",
    "teste",
    "periodo de teste",
    "em periodo de teste",
    "incompleta",
    "incompleto",
    "en prueba",
    "prueba",
    "periodo de prueba",
    "essai",
    "en essai",
    "periode d essai",
    "incomplet",
    "uji coba",
    "masa uji coba",
    "percobaan",
    "masa percobaan",
    "tidak lengkap",
    "belum lengkap",
];

/// Statuses (folded) that say a subscription still runs: with one of them a
/// `Canceled At` without `Ended At` is a scheduled cancellation, not an end.
pub const RUNNING_STATUSES: &[&str] = &[
    "active",
    "past due",
    "unpaid",
    "ativa",
    "ativo",
    "em atraso",
    "activa",
    "activo",
    "vencida",
    "actif",
    "en retard",
    "aktif",
    "terlambat",
];

/// Months one billing interval lasts, from its word in English, Portuguese,
/// Spanish, French or Indonesian (case and accents ignored): month 1, year
/// 12, quarter 3, half-year 6, week 12 ÷ 52, two weeks 24 ÷ 52, day
/// 12 ÷ 365. `None` for an unknown word.
///
/// The monthly amount of a price is price ÷ (interval count × these months),
/// e.g. a yearly 588 → 49 a month; a weekly 10 → 10 × 52 ÷ 12 ≈ 43.33.
///
/// ```
/// use cxmetrics::datasets::subscriptions::interval_months;
/// assert_eq!(interval_months("month"), Some(1.0));
/// assert_eq!(interval_months("Anual"), Some(12.0));
/// assert_eq!(interval_months("mensuel"), Some(1.0));
/// assert_eq!(interval_months("tahunan"), Some(12.0));
/// assert_eq!(interval_months("week"), Some(12.0 / 52.0));
/// assert_eq!(interval_months("fortnight-ish"), None);
/// ```
pub fn interval_months(word: &str) -> Option<f64> {
    let mut buf = [0u8; 32];
    let w = crate::text::fold_word(word, crate::text::WordRules::DOTS, &mut buf)?;
    Some(match w {
        "month" | "months" | "monthly" | "mo" | "m" | "1 month" | "mensal" | "mensalmente"
        | "mes" | "meses" | "mensual" | "mensualmente" | "mensuel" | "mensuelle" | "mois"
        | "bulanan" | "bulan" | "per month" | "por mes" | "par mois" | "per bulan" => 1.0,
        "year" | "years" | "yearly" | "annual" | "annually" | "yr" | "y" | "1 year" | "anual"
        | "anualmente" | "ano" | "anos" | "annuel" | "annuelle" | "an" | "ans" | "annee"
        | "tahunan" | "tahun" | "per year" | "por ano" | "par an" | "per tahun" => 12.0,
        "quarter" | "quarterly" | "trimestral" | "trimestre" | "trimestriel" | "trimestrielle"
        | "triwulan" | "triwulanan" | "kuartal" | "kuartalan" => 3.0,
        "half year" | "half yearly" | "semiannual" | "semi annual" | "semiannually"
        | "semestral" | "semestre" | "semestriel" | "semestrielle" | "semester" | "semesteran" => {
            6.0
        }
        "week" | "weeks" | "weekly" | "wk" | "w" | "semanal" | "semana" | "semanas"
        | "hebdomadaire" | "semaine" | "semaines" | "mingguan" | "minggu" => 12.0 / 52.0,
        "biweekly" | "bi weekly" | "fortnight" | "fortnightly" | "quinzenal" | "quincenal"
        | "bimensuel" | "dua mingguan" => 24.0 / 52.0,
        "day" | "days" | "daily" | "d" | "diario" | "diaria" | "dia" | "dias" | "quotidien"
        | "journalier" | "jour" | "jours" | "harian" | "hari" => 12.0 / 365.0,
        _ => return None,
    })
}

/// Whether a status word (any case, accents, `_`) is one of
/// [`NOT_REVENUE_STATUSES`].
///
/// ```
/// use cxmetrics::datasets::subscriptions::is_not_revenue_status;
/// assert!(is_not_revenue_status("incomplete_expired"));
/// assert!(is_not_revenue_status("Em teste"));
/// assert!(!is_not_revenue_status("active"));
/// ```
pub fn is_not_revenue_status(status: &str) -> bool {
    let mut buf = [0u8; 32];
    crate::text::fold_word(status, crate::text::WordRules::DOTS, &mut buf)
        .is_some_and(|w| NOT_REVENUE_STATUSES.contains(&w))
}

/// Whether a status word says the subscription still runs
/// ([`RUNNING_STATUSES`]).
///
/// ```
/// use cxmetrics::datasets::subscriptions::is_running_status;
/// assert!(is_running_status("past_due"));
/// assert!(is_running_status("Ativa"));
/// assert!(!is_running_status("canceled"));
/// ```
pub fn is_running_status(status: &str) -> bool {
    let mut buf = [0u8; 32];
    crate::text::fold_word(status, crate::text::WordRules::DOTS, &mut buf)
        .is_some_and(|w| RUNNING_STATUSES.contains(&w))
}

/// Reads a `YYYY-MM` month setting as its first day.
///
/// ```
/// use cxmetrics::datasets::subscriptions::parse_month;
/// use chrono::NaiveDate;
/// assert_eq!(parse_month("2024-03"), Some(NaiveDate::from_ymd_opt(2024, 3, 1).unwrap()));
/// assert_eq!(parse_month("2024-13"), None);
/// assert_eq!(parse_month("March"), None);
/// ```
pub fn parse_month(s: &str) -> Option<NaiveDate> {
    let b = s.trim().as_bytes();
    if b.len() != 7 || b.get(4) != Some(&b'-') {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = b.get(r)?;
        if !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        std::str::from_utf8(part).ok()?.parse().ok()
    };
    let year = i32::try_from(digits(0..4)?).ok()?;
    NaiveDate::from_ymd_opt(year, digits(5..7)?, 1)
}

/// `end` of an open-ended row.
const OPEN: i32 = i32::MAX;

/// The day of a Unix time, as the rows keep it (`i32`).
fn day_of(seconds: i64) -> Option<i32> {
    i32::try_from(crate::time::day_of_time(seconds)).ok()
}

/// The date of a day as the rows keep it.
fn date_of(day: i32) -> Option<NaiveDate> {
    crate::time::date_of_day(i64::from(day))
}

/// One used subscription row, as kept until the end (24 bytes).
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "partials", derive(serde::Serialize, serde::Deserialize))]
pub struct SubscriptionRow {
    /// The customer: the [`ExactIds`] index of their id (equal exactly
    /// when the ids are equal).
    pub customer: u64,
    /// Start, days since 1970-01-01.
    pub start: i32,
    /// End (exclusive), days since 1970-01-01; `i32::MAX` when still active.
    pub end: i32,
    /// Monthly amount (≥ 0).
    pub monthly: f64,
}

/// The subscriptions accumulator (see the module docs for every rule).
///
/// Saved as bytes (reading in parts): the rows, the latest date, the
/// assumed-interval count and the customer ids; the settings are decided
/// when it is opened, so the loading side takes its own.
#[cfg_attr(feature = "partials", derive(serde::Serialize, serde::Deserialize))]
pub struct SubscriptionsDataset {
    #[cfg_attr(
        feature = "partials",
        serde(skip, default = "super::parts::unset_context")
    )]
    ctx: Context,
    rows: Vec<SubscriptionRow>,
    /// Latest date (Unix seconds) in the used rows.
    latest: Option<i64>,
    /// Rows whose interval was absent and taken as monthly.
    interval_assumed: u64,
    #[cfg_attr(feature = "partials", serde(skip))]
    as_of: Option<i64>,
    #[cfg_attr(feature = "partials", serde(skip))]
    period_start: Option<NaiveDate>,
    #[cfg_attr(feature = "partials", serde(skip))]
    period_end: Option<NaiveDate>,
    #[cfg_attr(feature = "partials", serde(skip))]
    churn_target: Option<f64>,
    #[cfg_attr(feature = "partials", serde(skip))]
    gross_margin: f64,
    #[cfg_attr(feature = "partials", serde(skip))]
    gross_margin_assumed: bool,
    /// Status and interval cells already read.
    memos: Memos,
}

/// What a status cell says: (not revenue, still running).
type StatusRead = (bool, bool);

/// The memos of [`SubscriptionsDataset`]: status and interval words repeat.
///
/// Saved: the customer ids only (the rows hold their indexes); the other
/// memos only spare reading a cell again, so a loaded part starts them
/// empty.
#[derive(Debug, Clone, Default)]
#[cfg_attr(feature = "partials", derive(serde::Serialize, serde::Deserialize))]
struct Memos {
    #[cfg_attr(feature = "partials", serde(skip))]
    status: Memo<StatusRead>,
    #[cfg_attr(feature = "partials", serde(skip))]
    interval: Memo<Option<f64>>,
    /// Customer ids, each distinct text once.
    customers: ExactIds,
    #[cfg_attr(feature = "partials", serde(skip))]
    currency: Memo<Option<&'static str>>,
}

fn month_setting(value: &Option<String>, name: &str) -> Result<Option<NaiveDate>, Error> {
    match value.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => parse_month(s).map(Some).ok_or_else(|| {
            Error::settings(format!(
                "the {name} “{s}” is not a month written YYYY-MM (e.g. 2024-03)"
            ))
        }),
    }
}

/// Reads the `as_of` setting (ISO 8601 date or date-time) as Unix seconds.
pub(crate) fn as_of_setting(settings: &Settings) -> Result<Option<i64>, Error> {
    match settings.as_of.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) => values::parse_timestamp(s, DateStyle::Iso)
            .map(Some)
            .map_err(|_| {
                Error::settings(format!(
                    "the as-of time “{s}” is not a date (write it YYYY-MM-DD)"
                ))
            }),
    }
}

impl SubscriptionsDataset {
    /// Opens the accumulator; checks the period, churn target and gross
    /// margin settings (a bad one is an [`Error::Settings`]).
    pub fn new(ctx: Context, settings: &Settings) -> Result<Self, Error> {
        let period_start = month_setting(&settings.period_start, "period start")?;
        let period_end = month_setting(&settings.period_end, "period end")?;
        if let (Some(a), Some(b)) = (period_start, period_end) {
            if b < a {
                return Err(Error::settings(
                    "the period ends before it starts: set period_end on or after period_start",
                ));
            }
        }
        let churn_target = match settings.churn_target {
            None => None,
            Some(t) if t.is_finite() && (0.0..=1.0).contains(&t) => Some(t),
            Some(_) => {
                return Err(Error::settings(
                    "the churn target must be a fraction from 0 to 1 (e.g. 0.05 for 5 %)",
                ))
            }
        };
        let (gross_margin, gross_margin_assumed) = match settings.gross_margin {
            None => (1.0, true),
            Some(g) if g.is_finite() && (0.0..=1.0).contains(&g) => (g, false),
            Some(_) => {
                return Err(Error::settings(
                    "the gross margin must be a fraction from 0 to 1 (e.g. 0.8 for 80 %)",
                ))
            }
        };
        Ok(SubscriptionsDataset {
            ctx,
            rows: Vec::new(),
            latest: None,
            interval_assumed: 0,
            as_of: as_of_setting(settings)?,
            period_start,
            period_end,
            churn_target,
            gross_margin,
            gross_margin_assumed,
            memos: Memos::default(),
        })
    }

    /// Reads one row into a compact row and its latest date, or the reason
    /// it is rejected (the field, and a reason of the caller's when not a
    /// `Bad`).
    fn read(
        row: &Row,
        memos: &mut Memos,
        voided: &mut Option<Bad>,
    ) -> Result<(SubscriptionRow, i64, bool), Bad> {
        let bad = |field, reason| Bad { field, reason };
        let status = row.text(Field::SubscriptionStatus).map(|cell| {
            memos.status.get(cell, |cell| {
                (is_not_revenue_status(cell), is_running_status(cell))
            })
        });
        if status.is_some_and(|(not_revenue, _)| not_revenue) {
            return Err(bad(Field::SubscriptionStatus, NOT_REVENUE_REASON));
        }
        let customer = row
            .text(Field::Customer)
            .ok_or(bad(Field::Customer, NO_CUSTOMER_REASON))?;

        if let Some(cell) = row.text(Field::Currency) {
            if let Some(code) = memos
                .currency
                .get(cell, crate::ingest::values::currency_of_cell)
            {
                row.ctx.currencies.borrow_mut().observe(code);
            }
        }
        let mut assumed = false;
        let monthly = match row.money(Field::Mrr)? {
            Some(m) => (m, Field::Mrr),
            None => {
                let amount = row
                    .money(Field::Amount)?
                    .ok_or(bad(Field::Amount, NO_AMOUNT_REASON))?;
                let quantity = match row.number(Field::Quantity)? {
                    None => 1.0,
                    Some(q) if q.is_finite() && q >= 0.0 && q.fract() == 0.0 => q,
                    Some(_) => return Err(bad(Field::Quantity, QUANTITY_REASON)),
                };
                let months = match row.text(Field::Interval) {
                    None => {
                        assumed = true;
                        1.0
                    }
                    Some(w) => memos
                        .interval
                        .get(w, interval_months)
                        .ok_or(bad(Field::Interval, INTERVAL_REASON))?,
                };
                let count = match row.number(Field::IntervalCount)? {
                    None => 1.0,
                    Some(c) if c.is_finite() && c >= 1.0 && c.fract() == 0.0 => c,
                    Some(_) => return Err(bad(Field::IntervalCount, INTERVAL_COUNT_REASON)),
                };
                (amount * quantity / (months * count), Field::Amount)
            }
        };
        let (monthly, amount_field) = monthly;
        if !(monthly.is_finite() && monthly >= 0.0) {
            return Err(bad(amount_field, AMOUNT_REASON));
        }
        if monthly > MAX_AMOUNT {
            return Err(bad(amount_field, AMOUNT_TOO_LARGE_REASON));
        }

        // The created time only stands in for a missing start: with a
        // start, an unreadable one fails alone.
        let created = match row.time(Field::SubscriptionCreatedAt) {
            Ok(c) => c,
            Err(b) if row.text(Field::Start).is_some() => {
                *voided = Some(b);
                None
            }
            Err(b) => return Err(b),
        };
        let (start, start_field) = match row.time(Field::Start)? {
            Some(s) => (s, Field::Start),
            None => (
                created.ok_or(bad(Field::Start, NO_START_REASON))?,
                Field::SubscriptionCreatedAt,
            ),
        };
        let ended = row.time(Field::EndedAt)?;
        let canceled = row.time(Field::CanceledAt)?;
        let (end, end_field) = match (ended, canceled) {
            (Some(e), _) => (Some(e), Field::EndedAt),
            (None, Some(c)) if !status.is_some_and(|(_, running)| running) => {
                (Some(c), Field::CanceledAt)
            }
            _ => (None, Field::EndedAt),
        };
        let start_day = day_of(start)
            .filter(|&d| date_of(d).is_some())
            .ok_or(bad(start_field, DATE_RANGE_REASON))?;
        let end_day = match end {
            None => OPEN,
            Some(e) => day_of(e)
                .filter(|&d| d < OPEN && date_of(d).is_some())
                .ok_or(bad(end_field, DATE_RANGE_REASON))?,
        };
        if end.is_some_and(|e| e < start) {
            return Err(bad(end_field, DATES_REASON));
        }
        let latest = [Some(start), created, ended, canceled]
            .into_iter()
            .flatten()
            .max()
            .unwrap_or(start);
        Ok((
            SubscriptionRow {
                customer: memos.customers.intern(customer) as u64,
                start: start_day,
                end: end_day,
                monthly,
            },
            latest,
            assumed,
        ))
    }
}

impl Accumulator for SubscriptionsDataset {
    #[cfg(feature = "partials")]
    fn into_any(self: Box<Self>) -> Box<dyn std::any::Any> {
        self
    }

    #[cfg(feature = "partials")]
    fn save_into(&self, bytes: &mut Vec<u8>) {
        super::parts::save_state_into(&self.ctx, self, bytes)
    }

    #[cfg(feature = "partials")]
    fn load(&self, bytes: &[u8]) -> Result<Box<dyn Accumulator>, Error> {
        let (ctx, loaded): (Context, SubscriptionsDataset) =
            super::parts::load_state(&self.ctx, bytes)?;
        let SubscriptionsDataset {
            rows,
            latest,
            interval_assumed,
            memos,
            ..
        } = loaded;
        // Every row's customer must be one of the saved ids (`merge`
        // re-indexes through them).
        let ids = memos.customers.len() as u64;
        if rows.iter().any(|r| r.customer >= ids) {
            return Err(Error::unreadable(super::parts::UNREADABLE_PART));
        }
        Ok(Box::new(SubscriptionsDataset {
            ctx,
            rows,
            latest,
            interval_assumed,
            memos,
            // Decided from the settings when opened, as this one was.
            as_of: self.as_of,
            period_start: self.period_start,
            period_end: self.period_end,
            churn_target: self.churn_target,
            gross_margin: self.gross_margin,
            gross_margin_assumed: self.gross_margin_assumed,
        }))
    }

    #[cfg(feature = "partials")]
    fn merge(&mut self, later: Box<dyn Accumulator>) {
        let later = *super::downcast::<SubscriptionsDataset>(later);
        self.ctx.merge(&later.ctx);
        // Later's new ids come after these, as in one pass: each row keeps
        // the index one pass would have given it, so `finish` sorts and
        // adds the same rows in the same order.
        let index = self.memos.customers.merge(&later.memos.customers);
        self.rows.reserve(later.rows.len());
        self.rows.extend(later.rows.into_iter().map(|r| {
            SubscriptionRow {
                customer: index
                    .get(r.customer as usize)
                    .map_or(r.customer, |&i| i as u64),
                ..r
            }
        }));
        // `None` is below every date.
        self.latest = self.latest.max(later.latest);
        self.interval_assumed += later.interval_assumed;
    }

    fn push(&mut self, record: &Record, report: &mut Report) {
        let row = Row::new(record, &self.ctx);
        if skip_if_blank(&row, report) {
            return;
        }
        let mut voided = None;
        match Self::read(&row, &mut self.memos, &mut voided) {
            Ok((sub, latest, assumed)) => {
                if let Some(bad) = voided {
                    row.void(bad, report);
                }
                self.rows.push(sub);
                self.latest = Some(self.latest.map_or(latest, |l| l.max(latest)));
                if assumed {
                    self.interval_assumed += 1;
                }
                report.rows.used += 1;
            }
            Err(bad) => row.reject(bad, report),
        }
    }

    fn finish(self: Box<Self>, report: &mut Report) -> Result<(), Error> {
        let mut me = *self;
        // Sorted in place (no copy): each customer's rows become adjacent.
        me.rows.sort_unstable_by_key(|r| (r.customer, r.start));
        let as_of = me.as_of.or(me.latest);
        let as_of_time = as_of.and_then(|t| DateTime::from_timestamp(t, 0));
        let interval_mapped = me.ctx.column(Field::Interval).is_some();
        let mrr_mapped = me.ctx.column(Field::Mrr).is_some();
        let interval_assumed = !mrr_mapped && (!interval_mapped || me.interval_assumed > 0);
        let mut used = SubscriptionSettingsUsed {
            as_of: as_of_time.map(|t| crate::report::datetime_id(t.naive_utc())),
            as_of_from: as_of_time.map(|_| {
                if me.as_of.is_some() {
                    "settings"
                } else {
                    "latest date in the file"
                }
            }),
            interval_assumed: interval_assumed.then_some("month"),
            interval_assumed_rows: interval_assumed.then_some(me.interval_assumed),
            conventions: Conventions {
                month_boundary: MONTH_BOUNDARY_CONVENTION,
                lapse: LAPSE_CONVENTION,
                lost: LOST_CONVENTION,
            },
            end_rule:
                "ended_at, else canceled_at unless the status says the subscription still runs",
            not_revenue_statuses: NOT_REVENUE_STATUSES,
            gross_margin: me.gross_margin,
            gross_margin_assumed: me.gross_margin_assumed.then_some(true),
            churn_target: me.churn_target,
            lifetime_cap_months: DEFAULT_LIFETIME_CAP_MONTHS,
            period_start: None,
            period_end: None,
            period_from: None,
        };

        let period = decide_period(&me, as_of)?;
        let figures = match period {
            Ok((first, last)) => {
                used.period_start = Some(crate::report::month_id(first));
                used.period_end = Some(crate::report::month_id(last));
                used.period_from = Some(match (me.period_start.is_some(), me.period_end.is_some()) {
                    (true, true) => "settings",
                    (false, false) => "default: the last twelve complete months before the as-of date, from the month after the first start",
                    _ => "settings and default",
                });
                compute(&me, first, last)
            }
            Err(u) => SubscriptionFigures::undefined(&u, me.churn_target.is_some()),
        };
        report.set_settings(&used);
        report.set_metrics(&figures);
        super::currency::report_currency(&me.ctx, report, MONEY_IDS);
        Ok(())
    }
}

/// The period's first and last month, or why there is none.
fn decide_period(
    me: &SubscriptionsDataset,
    as_of: Option<i64>,
) -> Result<Metric<(NaiveDate, NaiveDate)>, Error> {
    if me.rows.is_empty() {
        return Ok(Err(Undefined::from(NO_SUBSCRIPTION_ROWS_REASON)));
    }
    let earliest = me
        .rows
        .iter()
        .map(|r| r.start)
        .min()
        .and_then(date_of)
        .map(month_start);
    let last = match me.period_end {
        Some(l) => l,
        None => {
            let as_of_date = as_of
                .and_then(|t| DateTime::from_timestamp(t, 0))
                .map(|t| month_start(t.date_naive()));
            match as_of_date.and_then(|d| d.checked_sub_months(Months::new(1))) {
                Some(l) => l,
                None => {
                    return Ok(Err(Undefined::new(
                        "as_of_out_of_range",
                        "the as-of date is out of range",
                    )))
                }
            }
        }
    };
    let first = match (me.period_start, earliest) {
        (Some(f), _) => f,
        (None, None) => return Ok(Err(Undefined::from(NO_SUBSCRIPTION_ROWS_REASON))),
        // Default: the last 12 complete months, starting no earlier than
        // the month after the first subscription, so that customers and MRR
        // at the start are not zero by construction.
        (None, Some(e)) => {
            let after_first = e.checked_add_months(Months::new(1)).unwrap_or(e);
            let year_back = last.checked_sub_months(Months::new(11)).unwrap_or(last);
            let f = after_first.max(year_back);
            if f > last {
                e
            } else {
                f
            }
        }
    };
    if last < first {
        if me.period_start.is_some() || me.period_end.is_some() {
            return Err(Error::settings(format!(
                "the period {} … {} ends before it starts: set period_start and period_end (YYYY-MM)",
                crate::report::month_id(first),
                crate::report::month_id(last)
            )));
        }
        return Ok(Err(Undefined::from(NO_COMPLETE_MONTH_REASON)));
    }
    Ok(Ok((first, last)))
}

/// The figures that add amounts (a mix of currencies makes them wrong).
const MONEY_IDS: &[&str] = &[
    "mrr_start",
    "mrr_end",
    "arpa",
    "nrr",
    "grr",
    "gross_mrr_churn",
    "expansion_rate",
    "mrr_months",
    "cohorts",
    "ltv",
];

/// Builds the counts and the ledger from the kept rows and computes every
/// figure.
fn compute(me: &SubscriptionsDataset, first: NaiveDate, last: NaiveDate) -> SubscriptionFigures {
    let (mut counts, mut ledger) =
        match (MonthlyCounts::new(first, last), MrrLedger::new(first, last)) {
            (Ok(c), Ok(l)) => (c, l),
            (Err(u), _) | (_, Err(u)) => {
                return SubscriptionFigures::undefined(&u, me.churn_target.is_some());
            }
        };
    let rows = &me.rows;
    let mut intervals: Vec<(NaiveDate, Option<NaiveDate>)> = Vec::new();
    let mut i = 0usize;
    while i < rows.len() {
        let customer = rows[i].customer;
        intervals.clear();
        while i < rows.len() && rows[i].customer == customer {
            let r = rows[i];
            i += 1;
            let (Some(start), end) = (
                date_of(r.start),
                (r.end != OPEN).then(|| date_of(r.end)).flatten(),
            ) else {
                continue;
            };
            if r.monthly > 0.0 {
                intervals.push((start, end));
                // Amount and dates were checked when the row was read, so
                // the ledger accepts it.
                let _ = ledger.add(customer, start, end, r.monthly);
            }
        }
        if !intervals.is_empty() {
            counts.add_customer(&intervals);
        }
    }

    let months = counts.months();
    let period = counts.period();
    let summary = ledger.summary();

    let pooled = counts.pooled_churn();
    let period_as_month = MonthCounts {
        month: first,
        start: period.start,
        new: period.new,
        first_time: period.first_time,
        reactivated: period.reactivated,
        lost: period.lost,
        new_and_lost: period.new_and_lost,
        end: period.end,
        rate: customer_churn(period.start, period.lost),
    };
    let annual = pooled.clone().and_then(annual_from_monthly);

    let p = &summary.period;
    let arpa_end = arpa(p.mrr_end, p.customers_end);
    let mv = &p.movements;
    let movements = Movements::of(p);

    let churn_target = me.churn_target.map(|target| {
        let t = pooled.clone().and_then(|r| churn_target(r, target));
        let check = t.as_ref().ok().map(|t| TargetCheck {
            rate: t.rate,
            met: t.met,
            gap_points: t.gap_points,
        });
        Figure::new(t.map(|t| t.target), check)
    });

    let value = match (&arpa_end, &pooled) {
        (Ok(a), Ok(c)) => Ok(ltv(&LtvInputs::new(*a, me.gross_margin, *c))),
        (Err(u), _) | (_, Err(u)) => Err(u.clone()),
    };
    let (ltv_figure, lifetime) = match value {
        Ok(l) => (
            Figure::new(
                l.value.clone(),
                Some(LtvDetails {
                    arpa: arpa_end.as_ref().ok().copied(),
                    gross_margin: me.gross_margin,
                    monthly_churn: pooled.as_ref().ok().copied(),
                    expected_lifetime_months: l.expected_lifetime_months.as_ref().ok().copied(),
                    capped: l.capped.clone(),
                }),
            ),
            Figure::plain(l.expected_lifetime_months),
        ),
        Err(u) => (Figure::new(Err(u.clone()), None), Figure::plain(Err(u))),
    };

    SubscriptionFigures {
        customers_start: Figure::plain(count_metric(period.start)),
        customers_end: Figure::new(
            count_metric(period.end),
            Some(NetChange {
                net_change: crate::metrics::churn::net_change(period.start, period.end),
            }),
        ),
        new_customers: Figure::new(
            count_metric(period.new),
            Some(NewCustomers {
                first_time: period.first_time,
                reactivated: period.reactivated,
                new_and_lost: period.new_and_lost,
            }),
        ),
        lost_customers: Figure::plain(count_metric(period.lost)),
        customer_churn: Figure::new(
            pooled.clone(),
            Some(ChurnDetails {
                lost: months
                    .iter()
                    .map(|x| x.lost)
                    .fold(0u64, u64::saturating_add),
                exposure: months
                    .iter()
                    .map(|x| x.start)
                    .fold(0u64, u64::saturating_add),
                months: months.iter().map(MonthRow::from).collect(),
            }),
        ),
        retention_rate: Figure::plain(retention_from_counts(&period_as_month)),
        annual_churn: Figure::plain(annual),
        mrr_start: Figure::new(
            Ok(p.mrr_start),
            Some(Customers {
                customers: p.customers_start,
            }),
        ),
        mrr_end: Figure::new(
            Ok(p.mrr_end),
            Some(Customers {
                customers: p.customers_end,
            }),
        ),
        arpa: Figure::new(
            arpa_end.clone(),
            Some(Arpa {
                mrr: p.mrr_end,
                customers: p.customers_end,
            }),
        ),
        nrr: Figure::new(p.rates.nrr.clone(), Some(movements)),
        grr: Figure::new(p.rates.grr.clone(), Some(movements)),
        gross_mrr_churn: Figure::new(p.rates.gross_mrr_churn.clone(), Some(movements)),
        expansion_rate: Figure::new(
            p.rates.expansion_rate.clone(),
            Some(Expansion {
                expanded_customers: mv.expanded_customers,
                customers_start: p.customers_start,
            }),
        ),
        mrr_months: Figure::new(
            Ok(summary.months.len() as f64),
            Some(MrrMonths {
                months: summary.months.iter().map(MrrMonth::from).collect(),
            }),
        ),
        cohorts: Figure::new(
            Ok(summary.cohorts.cohorts.len() as f64),
            Some(Cohorts {
                rows: summary
                    .cohorts
                    .cohorts
                    .iter()
                    .map(CohortRow::from)
                    .collect(),
                customers_before_range: summary.cohorts.customers_before_range,
            }),
        ),
        churn_target,
        ltv: ltv_figure,
        expected_lifetime_months: lifetime,
    }
}

fn count_metric(x: u64) -> Metric<f64> {
    Ok(x as f64)
}

#[cfg(test)]
mod tests;
