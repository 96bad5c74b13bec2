//! The typed subscriptions report ([contract §2, §3, §8](crate::contract)): every figure of a
//! subscriptions file and the subscriptions part of the settings, each one
//! struct serialised once ([`Report::set_metrics`](crate::report::Report::set_metrics)).

use crate::metrics::acquisition::CappedLtv;
use crate::metrics::churn::{ser_month, MonthCounts};
use crate::metrics::revenue::{Cohort, MovementSums, Transition};
use crate::metrics::{Metric, Undefined};
use crate::report::Figure;
use chrono::NaiveDate;
use serde::Serialize;

/// A figure whose details are present only when it was computed (an
/// undefined period leaves every figure bare).
pub type Detailed<D> = Figure<f64, Option<D>>;

/// Every figure of a subscriptions file, by its report id
/// ([contract §8](crate::contract)). Counts are written as numbers with a
/// fraction (`14.0`), as they always were.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SubscriptionFigures {
    /// Customers active at the period's start.
    pub customers_start: Figure,
    /// Customers active at the period's end.
    pub customers_end: Detailed<NetChange>,
    /// New customers in the period.
    pub new_customers: Detailed<NewCustomers>,
    /// Customers of the start lost in the period.
    pub lost_customers: Figure,
    /// Pooled monthly customer churn, with its months.
    pub customer_churn: Detailed<ChurnDetails>,
    /// Retention over the period.
    pub retention_rate: Figure,
    /// 1 − (1 − pooled monthly churn)^12.
    pub annual_churn: Figure,
    /// MRR at the period's start.
    pub mrr_start: Detailed<Customers>,
    /// MRR at the period's end.
    pub mrr_end: Detailed<Customers>,
    /// MRR at the end ÷ customers at the end.
    pub arpa: Detailed<Arpa>,
    /// Net revenue retention.
    pub nrr: Detailed<Movements>,
    /// Gross revenue retention.
    pub grr: Detailed<Movements>,
    /// Gross MRR churn.
    pub gross_mrr_churn: Detailed<Movements>,
    /// Expansion rate.
    pub expansion_rate: Detailed<Expansion>,
    /// The monthly MRR table (value: its number of months).
    pub mrr_months: Detailed<MrrMonths>,
    /// The cohort table (value: its number of cohorts).
    pub cohorts: Detailed<Cohorts>,
    /// The churn target, when one is set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub churn_target: Option<Detailed<TargetCheck>>,
    /// Lifetime value.
    pub ltv: Detailed<LtvDetails>,
    /// Expected customer lifetime in months.
    pub expected_lifetime_months: Figure,
}

impl SubscriptionFigures {
    /// Every figure undefined for the same reason (no period, no rows).
    pub fn undefined(u: &Undefined, with_target: bool) -> Self {
        let bare = || Figure::plain(Err(u.clone()));
        fn none<D: Serialize>(u: &Undefined) -> Detailed<D> {
            Figure::new(Err(u.clone()), None)
        }
        SubscriptionFigures {
            customers_start: bare(),
            customers_end: none(u),
            new_customers: none(u),
            lost_customers: bare(),
            customer_churn: none(u),
            retention_rate: bare(),
            annual_churn: bare(),
            mrr_start: none(u),
            mrr_end: none(u),
            arpa: none(u),
            nrr: none(u),
            grr: none(u),
            gross_mrr_churn: none(u),
            expansion_rate: none(u),
            mrr_months: none(u),
            cohorts: none(u),
            churn_target: with_target.then(|| none(u)),
            ltv: none(u),
            expected_lifetime_months: bare(),
        }
    }
}

/// Beside `customers_end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct NetChange {
    /// End − start.
    pub net_change: i64,
}

/// Beside `new_customers`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct NewCustomers {
    /// Customers never seen before.
    pub first_time: u64,
    /// Customers back after a loss.
    pub reactivated: u64,
    /// New customers lost again within the period.
    pub new_and_lost: u64,
}

/// Beside `customer_churn`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChurnDetails {
    /// Σ lost over the months.
    pub lost: u64,
    /// Σ customers at each month's start.
    pub exposure: u64,
    /// Each month's counts and churn.
    pub months: Vec<MonthRow>,
}

/// One month of the churn table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthRow {
    /// The month, `YYYY-MM`.
    #[serde(serialize_with = "ser_month")]
    pub month: NaiveDate,
    /// Customers at its start.
    pub start: u64,
    /// New customers in it.
    pub new: u64,
    /// Customers of its start lost in it.
    pub lost: u64,
    /// New customers lost in the same month.
    pub new_and_lost: u64,
    /// Customers at its end.
    pub end: u64,
    /// Its churn, or `null` with the reason beside.
    pub rate: Option<f64>,
    /// Why `rate` is `null`.
    #[serde(flatten)]
    pub why: Option<Why>,
}

/// Why a value in a table row is `null`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Why {
    /// The sentence.
    pub reason: String,
    /// Its stable code.
    pub code: &'static str,
}

impl From<&MonthCounts> for MonthRow {
    fn from(x: &MonthCounts) -> Self {
        MonthRow {
            month: x.month,
            start: x.start,
            new: x.new,
            lost: x.lost,
            new_and_lost: x.new_and_lost,
            end: x.end,
            rate: x.rate.as_ref().ok().copied(),
            why: x.rate.as_ref().err().map(|u| Why {
                reason: u.reason.clone(),
                code: u.code,
            }),
        }
    }
}

/// Beside `mrr_start` and `mrr_end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Customers {
    /// Customers paying at that snapshot.
    pub customers: u64,
}

/// Beside `arpa`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Arpa {
    /// MRR at the end.
    pub mrr: f64,
    /// Customers at the end.
    pub customers: u64,
}

/// The MRR movements beside `nrr`, `grr` and `gross_mrr_churn`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Movements {
    /// MRR at the start.
    pub mrr_start: f64,
    /// Expansion of the customers of the start.
    pub expansion: f64,
    /// Contraction of the customers of the start.
    pub contraction: f64,
    /// MRR of the customers of the start lost.
    pub churned: f64,
}

impl Movements {
    /// The movements of `p` over the period.
    pub fn of(p: &Transition) -> Self {
        Movements {
            mrr_start: p.mrr_start,
            expansion: p.movements.expansion,
            contraction: p.movements.contraction,
            churned: p.movements.churned,
        }
    }
}

/// Beside `expansion_rate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Expansion {
    /// Customers of the start whose MRR grew.
    pub expanded_customers: u64,
    /// Customers at the start.
    pub customers_start: u64,
}

/// The monthly MRR table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MrrMonths {
    /// One row a month.
    pub months: Vec<MrrMonth>,
}

/// One month of the MRR table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MrrMonth {
    /// The month, `YYYY-MM`.
    #[serde(serialize_with = "ser_month")]
    pub month: NaiveDate,
    /// MRR at its start.
    pub mrr: f64,
    /// MRR at its end.
    pub mrr_end: f64,
    /// Customers at its start.
    pub customers: u64,
    /// MRR of new customers.
    pub new: f64,
    /// Expansion.
    pub expansion: f64,
    /// Contraction.
    pub contraction: f64,
    /// Churned MRR.
    pub churned: f64,
    /// Reactivated MRR.
    pub reactivation: f64,
    /// Its NRR, `null` when undefined.
    pub nrr: Option<f64>,
}

impl From<&Transition> for MrrMonth {
    fn from(t: &Transition) -> Self {
        let MovementSums {
            new,
            expansion,
            contraction,
            churned,
            reactivation,
            ..
        } = t.movements;
        MrrMonth {
            month: t.month,
            mrr: t.mrr_start,
            mrr_end: t.mrr_end,
            customers: t.customers_start,
            new,
            expansion,
            contraction,
            churned,
            reactivation,
            nrr: t.rates.nrr.as_ref().ok().copied(),
        }
    }
}

/// The cohort table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cohorts {
    /// One row a cohort.
    pub rows: Vec<CohortRow>,
    /// Customers who started before the first month.
    pub customers_before_range: u64,
}

/// One cohort: retained shares by month, `null` where undefined.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CohortRow {
    /// The cohort's month, `YYYY-MM`.
    #[serde(serialize_with = "ser_month")]
    pub month: NaiveDate,
    /// Customers in it.
    pub customers: u64,
    /// Their MRR at the start.
    pub starting_mrr: f64,
    /// Share of its customers still paying, by month.
    pub customers_retained: Vec<Option<f64>>,
    /// Share of its MRR still paid, by month.
    pub mrr_retained: Vec<Option<f64>>,
}

/// The values of a list of metrics, `None` where undefined.
fn values(list: &[Metric<f64>]) -> Vec<Option<f64>> {
    list.iter().map(|m| m.as_ref().ok().copied()).collect()
}

impl From<&Cohort> for CohortRow {
    fn from(r: &Cohort) -> Self {
        CohortRow {
            month: r.month,
            customers: r.customers,
            starting_mrr: r.starting_mrr,
            customers_retained: values(&r.customers_retained),
            mrr_retained: values(&r.mrr_retained),
        }
    }
}

/// Beside `churn_target`, when the churn is known.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TargetCheck {
    /// The pooled monthly churn.
    pub rate: f64,
    /// Whether it is at or under the target.
    pub met: bool,
    /// Rate − target, in percentage points.
    pub gap_points: f64,
}

/// Beside `ltv`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LtvDetails {
    /// ARPA at the end.
    pub arpa: Option<f64>,
    /// The gross margin used.
    pub gross_margin: f64,
    /// The pooled monthly churn.
    pub monthly_churn: Option<f64>,
    /// 1 ÷ monthly churn.
    pub expected_lifetime_months: Option<f64>,
    /// The LTV capped at a lifetime, when no churn was observed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capped: Option<CappedLtv>,
}

/// The month-boundary, lapse and lost conventions the figures follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Conventions {
    /// [`MONTH_BOUNDARY_CONVENTION`](super::MONTH_BOUNDARY_CONVENTION).
    pub month_boundary: &'static str,
    /// [`LAPSE_CONVENTION`](super::LAPSE_CONVENTION).
    pub lapse: &'static str,
    /// [`LOST_CONVENTION`](super::LOST_CONVENTION).
    pub lost: &'static str,
}

/// The subscriptions part of `Report.settings` ([contract §2, §3](crate::contract)).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SubscriptionSettingsUsed {
    /// The as-of time, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    /// `settings` or `latest date in the file`, beside `as_of`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of_from: Option<&'static str>,
    /// `month` when rows without an interval were taken as monthly.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interval_assumed: Option<&'static str>,
    /// How many rows that was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub interval_assumed_rows: Option<u64>,
    /// The conventions.
    pub conventions: Conventions,
    /// How a subscription's end is read.
    pub end_rule: &'static str,
    /// Statuses that carry no revenue.
    pub not_revenue_statuses: &'static [&'static str],
    /// The gross margin used by LTV.
    pub gross_margin: f64,
    /// `true` when the gross margin is the default.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gross_margin_assumed: Option<bool>,
    /// The churn target, when set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub churn_target: Option<f64>,
    /// The lifetime cap of a capped LTV.
    pub lifetime_cap_months: u32,
    /// The period's first month, `YYYY-MM`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period_start: Option<String>,
    /// The period's last month, `YYYY-MM`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period_end: Option<String>,
    /// Where the period came from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period_from: Option<&'static str>,
}
