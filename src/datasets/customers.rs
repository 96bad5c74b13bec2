//! Customer rows → a churn snapshot: customer churn, retention, ARPA,
//! average tenure, a monthly churn estimate and LTV ([contract §2 and §1](crate::contract) value,
//! under the ids subscriptions use: `customer_churn`, `retention_rate`,
//! `arpa`, `ltv`, plus `customers`, `churned`, `average_tenure_months`,
//! `monthly_churn_estimate`, `expected_lifetime_months`,
//! `average_total_charges`, `churn_by_plan`).
//!
//! A customer table has one row per customer and says who left: a churned
//! flag (`Churn` Yes/No, `Exited` 1/0, `Churned` true/false), a status
//! (active/cancelled/churned in five languages, [`churn_state`]) or an end
//! date. The classic example is the Telco churn data set: 7,043 customers,
//! `tenure` in months, `MonthlyCharges`, `TotalCharges` (blank for the eleven
//! customers of tenure 0) and `Churn`; 1,869 of them churned (26.54 %).
//!
//! ## What such a table can say (an analyst's reading)
//!
//! Every customer in the table was a customer at the start of the period the
//! snapshot covers, and the flag says who had left by its end. **The period
//! is not in the file**: it may be a month, a quarter or the company's whole
//! history. So:
//!
//! - **Customer churn** (`customer_churn`) = churned ÷ customers in the
//!   table, *over the snapshot's period*, and `retention_rate` = 1 − that.
//!   It is not a monthly rate and no annual equivalent is derived from it
//!   (the figures carry `period: "unknown"` and a `definition`).
//! - **ARPA** (`arpa`) = the mean monthly charge over the customers with a
//!   readable charge: the customers active at the start of the snapshot are
//!   all the rows. (Subscriptions data takes ARPA at the period's end; here
//!   the start is the only moment every customer is known to be active.)
//! - **Average tenure** (`average_tenure_months`) = the mean of the tenure
//!   cells. For churned customers it is a finished lifetime, for the others
//!   a lifetime so far (censored), so it understates the expected lifetime;
//!   the figure also gives both means apart.
//! - **Monthly churn estimate** (`monthly_churn_estimate`) = churned ÷
//!   customer-months of tenure (Σ tenure over the customers whose state and
//!   tenure are both known). This is the maximum-likelihood monthly hazard
//!   when every customer leaves with the same chance each month: churned
//!   customers contribute their whole lifetime as exposure, active ones the
//!   months seen so far. It is an estimate under that assumption, named
//!   apart from `customer_churn`, and needs a tenure (the `tenure_months`
//!   column, or months from `start_date` to `end_date` or the as-of date).
//!   Telco: 1,869 ÷ 227,990 customer-months ≈ 0.82 % a month.
//! - **LTV** (`ltv`) = ARPA × gross margin ÷ monthly churn, with the monthly
//!   churn estimate only; without a tenure there is no monthly churn and
//!   LTV is undefined (it is never computed from the snapshot's churn of an
//!   unknown period). `expected_lifetime_months` = 1 ÷ the monthly estimate.
//!   The gross margin is the `gross_margin` setting, else 100 %
//!   (`gross_margin_assumed: true`), as for subscriptions.
//! - **Average total charges** (`average_total_charges`) = the mean of the
//!   `total_charges` cells: the revenue realised per customer so far.
//! - **Churn by plan** (`churn_by_plan`): the same snapshot churn per value
//!   of the `plan` column (the first [`PLANS_LIMIT`] plans, the rest together).
//!
//! ## Reading a row
//!
//! Cells fail alone: an unreadable cell is recorded in `unreadable_cells`
//! ([`Row::void`]) and the row still feeds every figure that does not need
//! it; an empty cell (Telco's blank `TotalCharges`) is simply absent. The
//! churn state is the churned flag when readable, else the status, else
//! (when an `end_date` column is mapped) whether the end date is filled. A
//! row that gives nothing (no churn state, charge, tenure, total or dates)
//! is skipped ([`NOTHING_REASON`]). Charges must be numbers of 0 or more
//! below 10^15, tenures numbers of months from 0 to 1,200, and an end date
//! must not be before the start.
//!
//! Tenure from dates (no tenure column): (end, else the as-of date) − start
//! in days ÷ 30.4375 (the mean month); the as-of date is the `as_of`
//! setting, else the latest start or end date in the file.

use super::subscriptions::as_of_setting;
use super::{skip_if_blank, Accumulator, Bad, Context, Memo, Row};
use crate::error::Error;
use crate::ingest::columns::{header_time_unit, Field, TimeUnit};
use crate::ingest::reader::Record;
use crate::ingest::values::parse_bool;
use crate::metrics::acquisition::{ltv, CappedLtv, LtvInputs, DEFAULT_LIFETIME_CAP_MONTHS};
use crate::metrics::revenue::{DATES_REASON, MAX_AMOUNT};
#[cfg(feature = "partials")]
use crate::metrics::stats::FxHashMap;
use crate::metrics::success::TENURE_REASON;
use crate::metrics::Why;
use crate::metrics::{ratio, Metric, Undefined};
use crate::report::{Figure, Report};
use crate::settings::Settings;
use serde::Serialize;
use serde_json::{Map, Value};

/// Reason for a churned flag or status that is neither churned nor active.
pub const CHURN_STATE_REASON: &str =
    "must say whether the customer left: yes/no, 1/0, true/false, or a status such as active or churned (activo/cancelado, ativo/cancelado, actif/résilié, aktif/berhenti)";
/// Reason for a negative or non-numeric charge.
pub const CHARGE_REASON: &str = "a charge must be a number of zero or more";
/// Reason for a charge above [`MAX_AMOUNT`].
pub const CHARGE_TOO_LARGE_REASON: &str =
    "a charge above 10^15 is not a real amount; check the column";
/// Reason for a tenure above [`MAX_TENURE_MONTHS`].
pub const TENURE_TOO_LONG_REASON: &str = "a tenure above 1,200 months (100 years) is not real";
/// Reason for a row that gives nothing to count.
pub const NOTHING_REASON: &str =
    "the row has no churn state, charge, tenure or date that could be read";
/// Reason for an end date before the start date.
pub const END_BEFORE_START_REASON: &str = DATES_REASON;
/// The longest tenure accepted, in months.
pub const MAX_TENURE_MONTHS: f64 = 1200.0;
/// How many plans `churn_by_plan` lists; later plans are counted together.
pub const PLANS_LIMIT: usize = 50;
/// Days in the mean Gregorian month (365.25 ÷ 12).
pub const DAYS_PER_MONTH: f64 = 30.4375;

/// What `customer_churn` means for a snapshot.
pub const SNAPSHOT_CHURN_DEFINITION: &str = "churn over the snapshot's period: churned ÷ customers in the table; the period is not in the file";
/// What `monthly_churn_estimate` means.
pub const MONTHLY_ESTIMATE_DEFINITION: &str = "churned ÷ customer-months of tenure (Σ tenure of the customers whose state and tenure are known): the monthly churn if every customer leaves with the same chance each month";
/// What `arpa` means for a snapshot.
pub const SNAPSHOT_ARPA_DEFINITION: &str = "mean monthly charge of the customers active at the start of the snapshot: every row with a readable charge";
/// What `ltv` means for a snapshot.
pub const SNAPSHOT_LTV_DEFINITION: &str =
    "ARPA × gross margin ÷ monthly churn estimate; undefined without a tenure, since the snapshot's own churn is over an unknown period";

/// Status words (folded: lower case, no accents, `_`/`-` as spaces) that
/// mean the customer left.
pub const CHURNED_WORDS: &[&str] = &[
    "churned",
    "churn",
    "cancelled",
    "canceled",
    "cancel",
    "inactive",
    "lost",
    "left",
    "exited",
    "closed",
    "terminated",
    "ended",
    "attrited",
    "attrited customer",
    "former",
    "former customer",
    "cancelado",
    "cancelada",
    "inactivo",
    "inactiva",
    "baja",
    "de baja",
    "dado de baja",
    "perdido",
    "perdida",
    "abandono",
    "inativo",
    "inativa",
    "evadido",
    "saiu",
    "encerrado",
    "resilie",
    "resiliee",
    "annule",
    "annulee",
    "perdu",
    "parti",
    "inactif",
    "inactive client",
    "berhenti",
    "batal",
    "dibatalkan",
    "tidak aktif",
    "nonaktif",
    "keluar",
];

/// Status words (folded) that mean the customer is still a customer.
pub const ACTIVE_WORDS: &[&str] = &[
    "active",
    "stayed",
    "retained",
    "current",
    "existing",
    "existing customer",
    "joined",
    "new",
    "renewed",
    "activo",
    "activa",
    "vigente",
    "ativo",
    "ativa",
    "actif",
    "en cours",
    "abonne",
    "aktif",
    "berlangganan",
];

/// Reads a churned flag or status: `Some(true)` the customer left,
/// `Some(false)` still a customer, `None` unknown. Accepts yes/no in five
/// languages (with 1/0 and true/false, [`parse_bool`]) and the words of
/// [`CHURNED_WORDS`] and [`ACTIVE_WORDS`], ignoring case and accents.
///
/// ```
/// use cxmetrics::datasets::customers::churn_state;
/// assert_eq!(churn_state("Yes"), Some(true));
/// assert_eq!(churn_state("0"), Some(false));
/// assert_eq!(churn_state("Attrited Customer"), Some(true));
/// assert_eq!(churn_state("Existing Customer"), Some(false));
/// assert_eq!(churn_state("Résilié"), Some(true));
/// assert_eq!(churn_state("Ativo"), Some(false));
/// assert_eq!(churn_state("Berhenti"), Some(true));
/// assert_eq!(churn_state("paused"), None);
/// ```
pub fn churn_state(cell: &str) -> Option<bool> {
    if let Some(b) = parse_bool(cell) {
        return Some(b);
    }
    let mut buf = [0u8; 32];
    let w = crate::text::fold_word(cell, crate::text::WordRules::DOTS, &mut buf)?;
    if CHURNED_WORDS.contains(&w) {
        Some(true)
    } else if ACTIVE_WORDS.contains(&w) {
        Some(false)
    } else {
        None
    }
}

/// Sum and count of some values.
#[derive(Debug, Clone, Copy, Default)]
#[cfg_attr(feature = "partials", derive(serde::Serialize, serde::Deserialize))]
struct Mean {
    sum: f64,
    n: u64,
}

impl Mean {
    fn push(&mut self, x: f64) {
        self.sum += x;
        self.n += 1;
    }
    fn value(&self, why: Why) -> Metric<f64> {
        ratio(self.sum, self.n as f64, why)
    }
}

/// One plan's counts: (plan, customers, churned).
type PlanCounts = (String, u64, u64);

/// A row whose tenure comes from its dates, once the as-of date is known:
/// (start, end or `None`, churn state), Unix seconds.
type Dated = (i64, Option<i64>, Option<bool>);

/// The values summed so far, in file order (reading in parts): a float
/// sum depends on the order of its additions, so a merge into an earlier
/// part adds these one by one after that part's own, as one pass does.
#[cfg(feature = "partials")]
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct Summed {
    charges: Vec<f64>,
    totals: Vec<f64>,
    /// Tenures in months from the tenure column, with the row's churn
    /// state ([`CustomersDataset::count_tenure`]).
    tenures: Vec<(f64, Option<bool>)>,
}

/// The customers accumulator (see the module docs).
///
/// The settings it was opened with (`as_of`, the gross margin, the tenure
/// unit) are not saved: `load` takes them from the accumulator that
/// loads, opened with the same plan (reading in parts).
#[cfg_attr(feature = "partials", derive(serde::Serialize, serde::Deserialize))]
pub struct CustomersDataset {
    #[cfg_attr(
        feature = "partials",
        serde(skip, default = "super::parts::unset_context")
    )]
    ctx: Context,
    /// Customers with a known churn state.
    customers: u64,
    churned: u64,
    charge: Mean,
    total: Mean,
    tenure: Mean,
    tenure_churned: Mean,
    tenure_active: Mean,
    /// Σ tenure and churned over customers with state and tenure both known.
    exposure: f64,
    churned_exposed: u64,
    /// Customers with a state whose tenure is not known.
    state_without_tenure: u64,
    dated: Vec<Dated>,
    latest: Option<i64>,
    plans: Plans,
    #[cfg(feature = "partials")]
    summed: Summed,
    #[cfg_attr(feature = "partials", serde(skip))]
    as_of: Option<i64>,
    #[cfg_attr(feature = "partials", serde(skip))]
    gross_margin: f64,
    #[cfg_attr(feature = "partials", serde(skip))]
    gross_margin_assumed: bool,
    /// A cache of cell readings: not saved, nor merged.
    #[cfg_attr(feature = "partials", serde(skip))]
    memo: Memo<Option<bool>>,
    /// Months in one unit of the tenure column: 12 for years, 1 for
    /// months; `None` while the unit is not decided (no setting, and a
    /// header that names none).
    #[cfg_attr(feature = "partials", serde(skip))]
    tenure_months_per_unit: Option<f64>,
    /// Where the tenure unit came from: `settings`, `header`, or `values`.
    #[cfg_attr(feature = "partials", serde(skip))]
    tenure_unit_from: &'static str,
    /// The largest tenure read, in the column's own unit.
    tenure_max: f64,
}

impl CustomersDataset {
    /// Opens the accumulator; checks the gross margin and as-of settings.
    pub fn new(ctx: Context, settings: &Settings) -> Result<Self, Error> {
        let (gross_margin, gross_margin_assumed) = match settings.gross_margin {
            None => (1.0, true),
            Some(g) if g.is_finite() && (0.0..=1.0).contains(&g) => (g, false),
            Some(_) => {
                return Err(Error::settings(
                    "the gross margin must be a fraction from 0 to 1 (e.g. 0.8 for 80 %)",
                ))
            }
        };
        let header_unit = ctx
            .mapping
            .header(Field::CustomerTenure)
            .and_then(header_time_unit)
            .and_then(|u| match u {
                TimeUnit::Months => Some(1.0),
                TimeUnit::Years => Some(12.0),
                _ => None,
            });
        let (tenure_months_per_unit, tenure_unit_from) = match settings.tenure_unit {
            None => (header_unit, "header"),
            Some(unit) => (Some(unit.months()), "settings"),
        };
        Ok(CustomersDataset {
            ctx,
            customers: 0,
            churned: 0,
            charge: Mean::default(),
            total: Mean::default(),
            tenure: Mean::default(),
            tenure_churned: Mean::default(),
            tenure_active: Mean::default(),
            exposure: 0.0,
            churned_exposed: 0,
            state_without_tenure: 0,
            dated: Vec::new(),
            latest: None,
            plans: Plans::default(),
            #[cfg(feature = "partials")]
            summed: Summed::default(),
            as_of: as_of_setting(settings)?,
            gross_margin,
            gross_margin_assumed,
            memo: Memo::default(),
            tenure_months_per_unit,
            tenure_unit_from,
            tenure_max: 0.0,
        })
    }

    /// Whether the tenure column's unit is unclear: no setting, a header
    /// that names no unit, and every tenure 12 or less (months or years?).
    fn tenure_unit_unclear(&self) -> bool {
        self.tenure_months_per_unit.is_none()
            && self.ctx.column(Field::CustomerTenure).is_some()
            && self.tenure.n > 0
            && self.tenure_max <= 12.0
    }

    fn tenure_from_dates(&self) -> bool {
        self.ctx.column(Field::CustomerTenure).is_none()
            && self.ctx.column(Field::CustomerStart).is_some()
    }

    /// A tenure from the tenure column (those from dates are counted in
    /// `finish`, from `dated`).
    fn add_tenure(&mut self, state: Option<bool>, months: f64) {
        self.count_tenure(state, months);
        #[cfg(feature = "partials")]
        self.summed.tenures.push((months, state));
    }

    fn count_tenure(&mut self, state: Option<bool>, months: f64) {
        self.tenure.push(months);
        match state {
            Some(true) => {
                self.tenure_churned.push(months);
                self.exposure += months;
                self.churned_exposed += 1;
            }
            Some(false) => {
                self.tenure_active.push(months);
                self.exposure += months;
            }
            None => {}
        }
    }
}

/// The customers counted per plan, in the order the plans first come.
#[derive(Debug, Default)]
#[cfg_attr(feature = "partials", derive(serde::Serialize, serde::Deserialize))]
struct Plans {
    /// The first [`PLANS_LIMIT`] plans.
    named: Vec<PlanCounts>,
    /// (customers, churned) of the later plans together.
    other: (u64, u64),
    /// Each plan counted in `other`, by name (reading in parts): a plan
    /// past this part's first [`PLANS_LIMIT`] may be one an earlier part
    /// lists, and a merge counts it there.
    #[cfg(feature = "partials")]
    past_limit: FxHashMap<String, (u64, u64)>,
}

impl Plans {
    /// Counts `customers` customers of whom `churned` left under `plan`:
    /// the first [`PLANS_LIMIT`] plans each apart, later ones in `other`.
    fn count(&mut self, plan: &str, customers: u64, churned: u64) {
        if let Some(p) = self.named.iter_mut().find(|p| p.0 == plan) {
            p.1 += customers;
            p.2 += churned;
        } else if self.named.len() < PLANS_LIMIT {
            self.named.push((plan.to_string(), customers, churned));
        } else {
            self.other.0 += customers;
            self.other.1 += churned;
            #[cfg(feature = "partials")]
            {
                let past = self.past_limit.entry(plan.to_string()).or_default();
                past.0 += customers;
                past.1 += churned;
            }
        }
    }

    /// Takes in the plans of the part after this one's.
    #[cfg(feature = "partials")]
    fn merge(&mut self, later: Plans) {
        // `later`'s plans in the order it met them, then those past its
        // limit: by then this part lists PLANS_LIMIT plans (`later` met
        // that many), so the order of the rest does not matter.
        for (plan, customers, churned) in later.named {
            self.count(&plan, customers, churned);
        }
        for (plan, (customers, churned)) in later.past_limit {
            self.count(&plan, customers, churned);
        }
    }
}

/// One row as read: what it gives, and the cells that failed.
struct Customer<'a> {
    state: Option<bool>,
    charge: Option<f64>,
    total: Option<f64>,
    tenure: Option<f64>,
    start: Option<i64>,
    end: Option<i64>,
    plan: Option<&'a str>,
    bad: Vec<Bad>,
}

fn money(row: &Row, field: Field, bad: &mut Vec<Bad>) -> Option<f64> {
    match row.money(field) {
        Ok(Some(x)) if !(x.is_finite() && x >= 0.0) => {
            bad.push(Bad {
                field,
                reason: CHARGE_REASON,
            });
            None
        }
        Ok(Some(x)) if x > MAX_AMOUNT => {
            bad.push(Bad {
                field,
                reason: CHARGE_TOO_LARGE_REASON,
            });
            None
        }
        Ok(x) => x,
        Err(b) => {
            bad.push(b);
            None
        }
    }
}

/// Reads a row; `per_unit` is the months in one unit of the tenure column.
fn read<'a>(row: &Row<'a>, memo: &mut Memo<Option<bool>>, per_unit: f64) -> Customer<'a> {
    let mut bad = Vec::new();
    let mut state_of = |field: Field, bad: &mut Vec<Bad>| -> Option<bool> {
        let cell = row.text(field)?;
        let state = memo.get(cell, churn_state);
        if state.is_none() {
            bad.push(Bad {
                field,
                reason: CHURN_STATE_REASON,
            });
        }
        state
    };
    let flag = state_of(Field::Churned, &mut bad);
    let status = state_of(Field::CustomerStatus, &mut bad);
    let charge = money(row, Field::MonthlyCharge, &mut bad);
    let total = money(row, Field::TotalCharges, &mut bad);
    let tenure = match row
        .number(Field::CustomerTenure)
        .map(|t| t.map(|t| t * per_unit))
    {
        Ok(Some(t)) if !(t.is_finite() && t >= 0.0) => {
            bad.push(Bad {
                field: Field::CustomerTenure,
                reason: TENURE_REASON,
            });
            None
        }
        Ok(Some(t)) if t > MAX_TENURE_MONTHS => {
            bad.push(Bad {
                field: Field::CustomerTenure,
                reason: TENURE_TOO_LONG_REASON,
            });
            None
        }
        Ok(t) => t,
        Err(b) => {
            bad.push(b);
            None
        }
    };
    let mut time = |field: Field| match row.time(field) {
        Ok(t) => t,
        Err(b) => {
            bad.push(b);
            None
        }
    };
    let start = time(Field::CustomerStart);
    let mut end = time(Field::CustomerEnd);
    if let (Some(s), Some(e)) = (start, end) {
        if e < s {
            bad.push(Bad {
                field: Field::CustomerEnd,
                reason: END_BEFORE_START_REASON,
            });
            end = None;
        }
    }
    // An end column says who left by whether its cell is filled (a filled
    // but unreadable cell says nothing).
    let ended = row.ctx.column(Field::CustomerEnd).and_then(|_| {
        if end.is_some() {
            Some(true)
        } else if row.text(Field::CustomerEnd).is_none() {
            Some(false)
        } else {
            None
        }
    });
    Customer {
        state: flag.or(status).or(ended),
        charge,
        total,
        tenure,
        start,
        end,
        plan: row.text(Field::Plan),
        bad,
    }
}

impl Accumulator for CustomersDataset {
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
        let (ctx, mut loaded): (Context, CustomersDataset) =
            super::parts::load_state(&self.ctx, bytes)?;
        loaded.ctx = ctx;
        loaded.as_of = self.as_of;
        loaded.gross_margin = self.gross_margin;
        loaded.gross_margin_assumed = self.gross_margin_assumed;
        loaded.tenure_months_per_unit = self.tenure_months_per_unit;
        loaded.tenure_unit_from = self.tenure_unit_from;
        Ok(Box::new(loaded))
    }

    #[cfg(feature = "partials")]
    fn merge(&mut self, later: Box<dyn Accumulator>) {
        let later = *super::downcast::<CustomersDataset>(later);
        self.ctx.merge(&later.ctx);
        self.customers += later.customers;
        self.churned += later.churned;
        // The float sums, their counts and `churned_exposed` are replayed
        // from `later`'s values, in its order.
        for x in later.summed.charges {
            self.charge.push(x);
            self.summed.charges.push(x);
        }
        for x in later.summed.totals {
            self.total.push(x);
            self.summed.totals.push(x);
        }
        for (months, state) in later.summed.tenures {
            self.add_tenure(state, months);
        }
        self.state_without_tenure += later.state_without_tenure;
        self.dated.extend(later.dated);
        self.latest = match (self.latest, later.latest) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        self.plans.merge(later.plans);
        if later.tenure_max > self.tenure_max {
            self.tenure_max = later.tenure_max;
        }
    }

    fn push(&mut self, record: &Record, report: &mut Report) {
        let row = Row::new(record, &self.ctx);
        if skip_if_blank(&row, report) {
            return;
        }
        let per_unit = self.tenure_months_per_unit.unwrap_or(1.0);
        let c = read(&row, &mut self.memo, per_unit);
        let nothing = c.state.is_none()
            && c.charge.is_none()
            && c.total.is_none()
            && c.tenure.is_none()
            && c.start.is_none()
            && c.end.is_none();
        if nothing {
            return match c.bad.first() {
                Some(&b) => row.reject(b, report),
                None => row.reject_with(Field::Churned, NOTHING_REASON, report),
            };
        }
        for &b in &c.bad {
            row.void(b, report);
        }
        report.rows.used += 1;
        if let Some(churned) = c.state {
            self.customers += 1;
            self.churned += u64::from(churned);
            if let Some(p) = c.plan {
                self.plans.count(p, 1, u64::from(churned));
            }
        }
        if let Some(x) = c.charge {
            self.charge.push(x);
            #[cfg(feature = "partials")]
            self.summed.charges.push(x);
        }
        if let Some(x) = c.total {
            self.total.push(x);
            #[cfg(feature = "partials")]
            self.summed.totals.push(x);
        }
        for t in [c.start, c.end].into_iter().flatten() {
            self.latest = Some(self.latest.map_or(t, |l| l.max(t)));
        }
        if self.tenure_from_dates() {
            match c.start {
                Some(s) => self.dated.push((s, c.end, c.state)),
                None => self.state_without_tenure += u64::from(c.state.is_some()),
            }
        } else {
            match c.tenure {
                Some(t) => {
                    // `t` is finite and ≥ 0 here (read refuses the rest).
                    let raw = t / per_unit;
                    if raw > self.tenure_max {
                        self.tenure_max = raw;
                    }
                    self.add_tenure(c.state, t)
                }
                None => self.state_without_tenure += u64::from(c.state.is_some()),
            }
        }
    }

    fn finish(self: Box<Self>, report: &mut Report) -> Result<(), Error> {
        let mut me = *self;
        let has_tenure_column = me.ctx.column(Field::CustomerTenure).is_some();
        let tenure_unit = has_tenure_column.then(|| match me.tenure_months_per_unit {
            Some(12.0) => "years",
            Some(_) => "months",
            None if me.tenure_unit_unclear() => "unclear",
            None => "months",
        });
        let tenure_from = match tenure_unit {
            Some("years") => Some("the tenure column, in years (× 12 months)"),
            Some("unclear") => Some("the tenure column, in an unclear unit"),
            Some(_) => Some("the tenure column, in months"),
            None if me.tenure_from_dates() => {
                Some("(end date, else the as-of date) − start date, in days ÷ 30.4375")
            }
            None => None,
        };
        let mut settings = CustomersSettings {
            gross_margin: me.gross_margin,
            gross_margin_assumed: me.gross_margin_assumed,
            lifetime_cap_months: DEFAULT_LIFETIME_CAP_MONTHS,
            churn_state_rule:
                "the churned flag, else the status, else whether the end date is filled",
            tenure_unit,
            tenure_unit_from: has_tenure_column.then(|| {
                if me.tenure_months_per_unit.is_some() {
                    me.tenure_unit_from
                } else {
                    "values"
                }
            }),
            tenure_from,
            as_of: None,
            as_of_from: None,
            snapshot: SnapshotDefinitions {
                customer_churn: SNAPSHOT_CHURN_DEFINITION,
                monthly_churn_estimate: MONTHLY_ESTIMATE_DEFINITION,
                arpa: SNAPSHOT_ARPA_DEFINITION,
                ltv: SNAPSHOT_LTV_DEFINITION,
                period: "unknown",
            },
        };
        if me.tenure_from_dates() {
            let as_of = me.as_of.or(me.latest);
            if let Some(t) = as_of.and_then(|t| chrono::DateTime::from_timestamp(t, 0)) {
                settings.as_of = Some(crate::report::datetime_id(t.naive_utc()));
                settings.as_of_from = Some(if me.as_of.is_some() {
                    "settings"
                } else {
                    "latest date in the file"
                });
            }
            let dated = std::mem::take(&mut me.dated);
            for (start, end, state) in dated {
                let until = end.or(as_of).unwrap_or(start);
                let days = (until.saturating_sub(start)).max(0) as f64 / 86_400.0;
                me.count_tenure(state, (days / DAYS_PER_MONTH).min(MAX_TENURE_MONTHS));
            }
        }
        report.set_settings(&settings);
        if me.tenure_unit_unclear() {
            let header = me.ctx.header(Field::CustomerTenure).to_string();
            let mut params = Map::new();
            params.insert("column".into(), Value::from(header.as_str()));
            params.insert("max".into(), Value::from(me.tenure_max));
            report.infer(
                "tenure_unit_unclear",
                format!(
                    "every value of the tenure column “{header}” is 12 or less and its header names no unit: \
                     it may be months or years, so the tenure figures are left out; \
                     set the tenure unit (months or years) to compute them"
                ),
                &TENURE_FIGURES,
                params,
            );
        }
        me.write(report);
        Ok(())
    }
}

/// Reason when no row says whether its customer left.
pub const NO_STATE_REASON: Why = Why::new(
    "no_churn_state",
    "no customer row says whether the customer left",
);
/// Reason when no row has a monthly charge.
pub const NO_CHARGE_REASON: Why = Why::new(
    "no_monthly_charge",
    "no customer row has a monthly charge that could be read",
);
/// Reason when no row has a tenure.
pub const NO_TENURE_REASON: Why = Why::new(
    "no_tenure",
    "no customer row has a tenure (a tenure column, or a start date) that could be read",
);
/// Reason when the monthly churn cannot be estimated.
pub const NO_MONTHLY_REASON: Why = Why::new("no_churn_period", "the snapshot's churn is over a period the file does not give: a monthly churn needs a tenure column (or start dates)");
/// Reason when there are no customer-months of tenure.
pub const NO_EXPOSURE_REASON: Why = Why::new(
    "no_exposure",
    "the customers' tenures add up to zero months",
);
/// Reason when the tenure column's unit is unclear.
pub const TENURE_UNIT_UNCLEAR_REASON: Why = Why::new("tenure_unit_unclear", "the tenure column's header names no unit and every tenure is 12 or less, so it may be months or years: set the tenure unit (months or years) to compute this");
/// The figures that rest on the tenure.
const TENURE_FIGURES: [&str; 4] = [
    "average_tenure_months",
    "monthly_churn_estimate",
    "ltv",
    "expected_lifetime_months",
];

/// Reason when no row has total charges.
pub const NO_TOTAL_REASON: Why = Why::new(
    "no_total_charges",
    "no customer row has total charges that could be read",
);

impl CustomersDataset {
    fn write(&self, report: &mut Report) {
        let used = report.rows.used;
        let n = self.customers;
        let c = self.churned;
        let churn = if n == 0 {
            Err(Undefined::from(NO_STATE_REASON))
        } else {
            ratio(c as f64, n as f64, NO_STATE_REASON)
        };
        let snapshot = SnapshotChurn {
            churned: c,
            customers: n,
            period: "unknown",
            definition: SNAPSHOT_CHURN_DEFINITION,
        };
        let arpa = if self.charge.n == 0 {
            Err(Undefined::from(NO_CHARGE_REASON))
        } else {
            self.charge.value(NO_CHARGE_REASON)
        };
        let unclear = self.tenure_unit_unclear();
        let mean_or = |x: &Mean| {
            if unclear {
                Err(Undefined::from(TENURE_UNIT_UNCLEAR_REASON))
            } else {
                x.value(NO_TENURE_REASON)
            }
        };
        let monthly = if unclear {
            Err(Undefined::from(TENURE_UNIT_UNCLEAR_REASON))
        } else if self.tenure.n == 0 {
            Err(Undefined::from(NO_MONTHLY_REASON))
        } else {
            ratio(
                self.churned_exposed as f64,
                self.exposure,
                NO_EXPOSURE_REASON,
            )
        };
        let (ltv_figure, lifetime) = match (&arpa, &monthly) {
            (Ok(a), Ok(r)) => {
                let l = ltv(&LtvInputs::new(*a, self.gross_margin, *r));
                let details = LtvDetails {
                    inputs: Some(LtvShown {
                        arpa: *a,
                        gross_margin: self.gross_margin,
                        monthly_churn: *r,
                        expected_lifetime_months: l.expected_lifetime_months.clone().ok(),
                        capped: l.capped,
                    }),
                    definition: SNAPSHOT_LTV_DEFINITION,
                };
                (Figure::new(l.value, details), l.expected_lifetime_months)
            }
            (Err(u), _) | (_, Err(u)) => (
                Figure::new(
                    Err(u.clone()),
                    LtvDetails {
                        inputs: None,
                        definition: SNAPSHOT_LTV_DEFINITION,
                    },
                ),
                Err(u.clone()),
            ),
        };
        let total = if self.total.n == 0 {
            Err(Undefined::from(NO_TOTAL_REASON))
        } else {
            self.total.value(NO_TOTAL_REASON)
        };
        let churn_by_plan = self.ctx.column(Field::Plan).is_some().then(|| {
            let mut plans: Vec<PlanChurn> = self
                .plans
                .named
                .iter()
                .map(|(plan, customers, churned)| PlanChurn::new(plan, *customers, *churned, false))
                .collect();
            if self.plans.other.0 > 0 {
                plans.push(PlanChurn::new(
                    "",
                    self.plans.other.0,
                    self.plans.other.1,
                    true,
                ));
            }
            Figure::new(
                Ok(plans.len() as f64),
                PlansDetails {
                    plans,
                    definition: SNAPSHOT_CHURN_DEFINITION,
                },
            )
        });
        report.set_metrics(&CustomersFigures {
            customers: Figure::plain(Ok(n as f64)),
            churned: Figure::new(Ok(c as f64), Customers { customers: n }),
            retention_rate: Figure::new(churn.clone().map(|r| 1.0 - r), snapshot.clone()),
            customer_churn: Figure::new(churn, snapshot),
            arpa: Figure::new(
                arpa,
                ArpaDetails {
                    customers: self.charge.n,
                    monthly_total: self.charge.sum,
                    definition: SNAPSHOT_ARPA_DEFINITION,
                },
            ),
            average_tenure_months: Figure::new(
                mean_or(&self.tenure),
                TenureDetails {
                    customers: self.tenure.n,
                    churned_mean: mean_or(&self.tenure_churned).ok(),
                    active_mean: mean_or(&self.tenure_active).ok(),
                },
            ),
            monthly_churn_estimate: Figure::new(
                monthly,
                ExposureDetails {
                    churned: self.churned_exposed,
                    customer_months: self.exposure,
                    definition: MONTHLY_ESTIMATE_DEFINITION,
                },
            ),
            ltv: ltv_figure,
            expected_lifetime_months: Figure::plain(lifetime),
            average_total_charges: Figure::new(
                total,
                Customers {
                    customers: self.total.n,
                },
            ),
            churn_by_plan,
        });
        report.warn_coverage(
            &["customer_churn", "retention_rate"],
            n,
            used,
            "customer rows",
        );
        // Only for figures whose column is there: a figure without its
        // column is undefined and says so.
        if self.ctx.column(Field::MonthlyCharge).is_some() {
            report.warn_coverage(&["arpa"], self.charge.n, used, "customer rows");
        }
        if self.tenure.n > 0 {
            report.warn_coverage(
                &["monthly_churn_estimate", "ltv"],
                n - self.state_without_tenure.min(n),
                n,
                "customers with a churn state",
            );
        }
    }
}

/// The customers' part of the report's settings: the assumptions behind
/// the snapshot's figures.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CustomersSettings {
    /// The gross margin LTV uses (a fraction).
    pub gross_margin: f64,
    /// `true` when no gross margin was set (100 % assumed).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub gross_margin_assumed: bool,
    /// The lifetime cap of a capped LTV, in months.
    pub lifetime_cap_months: u32,
    /// How a row's churn state is read.
    pub churn_state_rule: &'static str,
    /// `months`, `years` or `unclear`, with a tenure column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tenure_unit: Option<&'static str>,
    /// Where the tenure unit came from: `settings`, `header` or `values`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tenure_unit_from: Option<&'static str>,
    /// How tenures are read: the column in its unit, or from the dates.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tenure_from: Option<&'static str>,
    /// The as-of time tenures from dates run to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    /// Where the as-of time came from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of_from: Option<&'static str>,
    /// What the snapshot's figures mean.
    pub snapshot: SnapshotDefinitions,
}

/// The definitions of a snapshot's figures (`settings.snapshot`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SnapshotDefinitions {
    /// [`SNAPSHOT_CHURN_DEFINITION`].
    pub customer_churn: &'static str,
    /// [`MONTHLY_ESTIMATE_DEFINITION`].
    pub monthly_churn_estimate: &'static str,
    /// [`SNAPSHOT_ARPA_DEFINITION`].
    pub arpa: &'static str,
    /// [`SNAPSHOT_LTV_DEFINITION`].
    pub ltv: &'static str,
    /// Always `unknown`: the file does not give the snapshot's period.
    pub period: &'static str,
}

/// The customer-snapshot figures ([contract §2, §1](crate::contract)).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CustomersFigures {
    /// Customers with a known churn state.
    pub customers: Figure,
    /// Of them, those who left.
    pub churned: Figure<f64, Customers>,
    /// churned ÷ customers over the snapshot's (unknown) period.
    pub customer_churn: Figure<f64, SnapshotChurn>,
    /// 1 − customer churn.
    pub retention_rate: Figure<f64, SnapshotChurn>,
    /// Mean monthly charge.
    pub arpa: Figure<f64, ArpaDetails>,
    /// Mean tenure, with the churned and active means apart.
    pub average_tenure_months: Figure<f64, TenureDetails>,
    /// churned ÷ customer-months of tenure.
    pub monthly_churn_estimate: Figure<f64, ExposureDetails>,
    /// ARPA × gross margin ÷ monthly churn estimate.
    pub ltv: Figure<f64, LtvDetails>,
    /// 1 ÷ the monthly churn estimate.
    pub expected_lifetime_months: Figure,
    /// Mean total charges.
    pub average_total_charges: Figure<f64, Customers>,
    /// Snapshot churn per plan (value: the number of entries), with a plan
    /// column.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub churn_by_plan: Option<Figure<f64, PlansDetails>>,
}

/// How many customers a figure rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Customers {
    /// Customers counted.
    pub customers: u64,
}

/// The details of `customer_churn` and `retention_rate`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SnapshotChurn {
    /// Customers who left.
    pub churned: u64,
    /// Customers with a known churn state.
    pub customers: u64,
    /// Always `unknown`.
    pub period: &'static str,
    /// [`SNAPSHOT_CHURN_DEFINITION`].
    pub definition: &'static str,
}

/// The details of `arpa`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ArpaDetails {
    /// Customers with a readable monthly charge.
    pub customers: u64,
    /// Σ of their monthly charges.
    pub monthly_total: f64,
    /// [`SNAPSHOT_ARPA_DEFINITION`].
    pub definition: &'static str,
}

/// The details of `average_tenure_months`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TenureDetails {
    /// Customers with a tenure.
    pub customers: u64,
    /// Mean tenure of the churned (finished lifetimes), `null` when undefined.
    pub churned_mean: Option<f64>,
    /// Mean tenure of the active (lifetimes so far), `null` when undefined.
    pub active_mean: Option<f64>,
}

/// The details of `monthly_churn_estimate`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExposureDetails {
    /// Churned customers whose tenure is known.
    pub churned: u64,
    /// Σ tenure of the customers whose state and tenure are known.
    pub customer_months: f64,
    /// [`MONTHLY_ESTIMATE_DEFINITION`].
    pub definition: &'static str,
}

/// The details of `ltv`: its inputs when ARPA and the monthly churn are
/// known, and its definition.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LtvDetails {
    /// The inputs and the capped value.
    #[serde(flatten)]
    pub inputs: Option<LtvShown>,
    /// [`SNAPSHOT_LTV_DEFINITION`].
    pub definition: &'static str,
}

/// The inputs of a snapshot's LTV.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LtvShown {
    /// Mean monthly charge.
    pub arpa: f64,
    /// Gross margin (a fraction).
    pub gross_margin: f64,
    /// The monthly churn estimate.
    pub monthly_churn: f64,
    /// 1 ÷ monthly churn, `null` when undefined.
    pub expected_lifetime_months: Option<f64>,
    /// The value over the lifetime cap, when no churn was observed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub capped: Option<CappedLtv>,
}

/// The details of `churn_by_plan`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlansDetails {
    /// One entry per plan, then the later plans together.
    pub plans: Vec<PlanChurn>,
    /// [`SNAPSHOT_CHURN_DEFINITION`].
    pub definition: &'static str,
}

/// One plan's snapshot churn.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanChurn {
    /// The plan as written (empty for the later plans together).
    pub plan: String,
    /// Customers with a known state on the plan.
    pub customers: u64,
    /// Of them, those who left.
    pub churned: u64,
    /// churned ÷ customers, `null` when undefined.
    pub rate: Option<f64>,
    /// `true` on the entry of the plans past [`PLANS_LIMIT`].
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub others: bool,
}

impl PlanChurn {
    fn new(plan: &str, customers: u64, churned: u64, others: bool) -> Self {
        PlanChurn {
            plan: plan.to_string(),
            customers,
            churned,
            rate: ratio(churned as f64, customers as f64, NO_STATE_REASON).ok(),
            others,
        }
    }
}
