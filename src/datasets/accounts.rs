//! Account rows → customer-success operations ([contract §5, §8](crate::contract) ids
//! `time_to_onboard_days`, `onboarded_within_target`, `email_open_rate`,
//! `sessions`, `adoption`, `engaged_accounts`, `upsell_ready`,
//! `renewal_rate`, `csm_needed`).
//!
//! ## Reading a row
//!
//! **What defines a row: the account.** An empty `account` cell skips the
//! row ([`NO_ACCOUNT_REASON`]). Every other bad cell (unreadable,
//! onboarding done before it started, more emails opened than sent, more
//! features used than available, no features available, an unknown
//! payment status) is voided for that row alone and listed in
//! `unreadable_cells`; the figure that needs it leaves the account out
//! (a voided onboarding-done or emails-opened cell leaves out the whole
//! onboarding or email pair), every other figure still counts it. Each
//! metric takes what the row has:
//!
//! - onboarding: start and done → days; start only → "in onboarding"; done
//!   without a start is voided ([`DONE_WITHOUT_START_REASON`]);
//! - emails: both counts needed; sessions: one count (also engagement:
//!   ≥ 1 session = engaged, over the accounts with a sessions cell);
//! - adoption: used ÷ available, banded by the `adoption_good` /
//!   `adoption_excellent` settings (defaults 30 % / 70 %);
//! - payment status: [`paid_up`] (yes/no and the words of
//!   [`PAID_UP_WORDS`] / [`LATE_WORDS`]);
//! - tenure: `tenure_months`, else whole calendar months from
//!   `customer_since` to the as-of date (a start after the as-of date is 0
//!   months);
//! - renewal: an account whose `renewed` cell is filled was up for renewal;
//!   renewal rate = yes ÷ filled ([`renewal_rate`]). `renewal_due` is only
//!   checked as a date.
//!
//! **As-of date**: the `as_of` setting, else the latest onboarding start,
//! onboarding done or customer-since date in the used rows — events that
//! have happened. Renewal due dates are scheduled in the future and are
//! left out.
//!
//! **Upsell-ready** ([contract §5](crate::contract)): paid up AND adoption band good or excellent
//! AND tenure ≥ `upsell_min_tenure_months` (default 6), over accounts with
//! all three known; the figure lists the first [`UPSELL_NAMES_LIMIT`]
//! ready accounts in file order. Because the tenure may depend on the as-of
//! date, known only at the end, the accounts that are paid up with good
//! adoption keep their start day and name (in one shared text buffer, not
//! one string each) until then.
//!
//! **CSM capacity** ([contract §5](crate::contract), bottom-up): hours per year = Σ over
//! [`DEFAULT_ACTIVITIES`] (hours × occurrences) × accounts (used rows);
//! CSMs = hours ÷ `csm_productive_hours` (default 1,400). The activities are
//! written into the report's settings.

use super::subscriptions::as_of_setting;
use super::{skip_if_blank, Accumulator, Bad, Context, Row};
use crate::error::Error;
use crate::ingest::columns::Field;
use crate::ingest::reader::Record;
use crate::ingest::values::parse_bool;
use crate::metrics::churn::renewal_rate;
use crate::metrics::stats::DurationSummary;
use crate::metrics::success::{
    csm_capacity, Activity, ActivityHours, AdoptionBand, AdoptionTally, AdoptionThresholds,
    EmailOpenTally, Engagement, EngagementTally, OnboardingTally, OpenRate, SessionsTally,
    UpsellCriteria, UpsellTally, DEFAULT_ONBOARDING_TARGET_DAYS, FEATURES_USED_REASON,
    NEGATIVE_ONBOARDING_REASON, NO_FEATURES_REASON, OPENED_MORE_THAN_SENT_REASON, TENURE_REASON,
};
use crate::metrics::Undefined;
use crate::report::{Figure, NoDetails, Report, Whole};
use crate::settings::Settings;
use chrono::{DateTime, Datelike, NaiveDate};
use serde::Serialize;

/// Reason for a row without an account.
pub const NO_ACCOUNT_REASON: &str = "the row has no account";
/// Reason for an onboarding done date without a start.
pub const DONE_WITHOUT_START_REASON: &str = "onboarding is marked done but has no start date";
/// Reason for an unknown payment status.
pub const PAID_UP_REASON: &str =
    "the payment status must be yes/no, paid/current or late/overdue (or em dia/atrasado, al día/vencido, à jour/en retard, lancar/terlambat)";
/// How many upsell-ready account names the figure lists.
pub const UPSELL_NAMES_LIMIT: usize = 50;
/// Default productive hours per CSM per year.
pub const DEFAULT_CSM_PRODUCTIVE_HOURS: f64 = 1_400.0;

/// Payment-status words (folded: lower case, no accents, `_`/`-` as
/// spaces) that mean paid up, besides the yes words of [`parse_bool`].
pub const PAID_UP_WORDS: &[&str] = &[
    "paid",
    "paid up",
    "current",
    "up to date",
    "on time",
    "ok",
    "good standing",
    "in good standing",
    "em dia",
    "pago",
    "adimplente",
    "regular",
    "al dia",
    "pagado",
    "corriente",
    "a jour",
    "paye",
    "lancar",
    "lunas",
    "tepat waktu",
];

/// Payment-status words (folded) that mean late, besides the no words of
/// [`parse_bool`].
pub const LATE_WORDS: &[&str] = &[
    "late",
    "overdue",
    "past due",
    "unpaid",
    "delinquent",
    "in arrears",
    "atrasado",
    "em atraso",
    "inadimplente",
    "vencido",
    "moroso",
    "impagado",
    "atrasada",
    "en retard",
    "impaye",
    "terlambat",
    "menunggak",
    "belum lunas",
    "belum bayar",
    "jatuh tempo",
];

/// The default CSM activities per account ([contract §5](crate::contract)'s QBR example, plus a
/// monthly check-in and a yearly renewal preparation as stated
/// assumptions).
pub const DEFAULT_ACTIVITIES: &[(&str, f64, f64)] = &[
    ("QBR (1 h prep + 1 h present + 1 h follow-up)", 3.0, 4.0),
    ("monthly check-in", 1.0, 12.0),
    ("renewal preparation", 2.0, 1.0),
];

/// Reads a payment status: `Some(true)` paid up, `Some(false)` late, `None`
/// unknown. Accepts yes/no in five languages ([`parse_bool`]) and the words
/// of [`PAID_UP_WORDS`] and [`LATE_WORDS`], ignoring case and accents.
///
/// ```
/// use cxmetrics::datasets::accounts::paid_up;
/// assert_eq!(paid_up("Lancar"), Some(true));
/// assert_eq!(paid_up("Terlambat"), Some(false));
/// assert_eq!(paid_up("Em dia"), Some(true));
/// assert_eq!(paid_up("al día"), Some(true));
/// assert_eq!(paid_up("vencido"), Some(false));
/// assert_eq!(paid_up("yes"), Some(true));
/// assert_eq!(paid_up("maybe"), None);
/// ```
pub fn paid_up(cell: &str) -> Option<bool> {
    if let Some(b) = parse_bool(cell) {
        return Some(b);
    }
    let mut buf = [0u8; 32];
    let w = crate::text::fold_word(cell, crate::text::WordRules::DOTS, &mut buf)?;
    if PAID_UP_WORDS.contains(&w) {
        Some(true)
    } else if LATE_WORDS.contains(&w) {
        Some(false)
    } else {
        None
    }
}

/// Whole calendar months from `since` to `as_of` (a month counts once its
/// day of the month is reached; 0 when `since` is after `as_of`).
///
/// ```
/// use chrono::NaiveDate;
/// use cxmetrics::datasets::accounts::months_between;
/// let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
/// assert_eq!(months_between(d(2023, 9, 15), d(2024, 3, 15)), 6);
/// assert_eq!(months_between(d(2023, 9, 16), d(2024, 3, 15)), 5);
/// assert_eq!(months_between(d(2024, 4, 1), d(2024, 3, 15)), 0);
/// ```
pub fn months_between(since: NaiveDate, as_of: NaiveDate) -> u32 {
    if since >= as_of {
        return 0;
    }
    let months = (i64::from(as_of.year()) - i64::from(since.year())) * 12
        + i64::from(as_of.month())
        - i64::from(since.month())
        - i64::from(as_of.day() < since.day());
    u32::try_from(months.max(0)).unwrap_or(u32::MAX)
}

#[derive(Debug, Clone, Copy)]
#[cfg_attr(feature = "partials", derive(serde::Serialize, serde::Deserialize))]
enum Tenure {
    Months(f64),
    /// Customer since, Unix seconds.
    Since(i64),
}

/// A paid-up account with good adoption: ready once its tenure is known.
#[derive(Debug, Clone, Copy)]
#[cfg_attr(feature = "partials", derive(serde::Serialize, serde::Deserialize))]
struct Candidate {
    tenure: Tenure,
    name_start: usize,
    name_end: usize,
}

/// The accounts accumulator (see the module docs).
///
/// Its saved state (reading in parts) leaves out the settings
/// (`thresholds`, `min_tenure`, `as_of`, `target_days`,
/// `productive_hours`): the loading accumulator, opened with the same
/// plan, gives its own.
#[cfg_attr(feature = "partials", derive(serde::Serialize, serde::Deserialize))]
pub struct AccountsDataset {
    #[cfg_attr(
        feature = "partials",
        serde(skip, default = "super::parts::unset_context")
    )]
    ctx: Context,
    onboarding: OnboardingTally,
    emails: EmailOpenTally,
    sessions: SessionsTally,
    engagement: EngagementTally,
    adoption: AdoptionTally,
    #[cfg_attr(feature = "partials", serde(skip))]
    thresholds: AdoptionThresholds,
    #[cfg_attr(feature = "partials", serde(skip))]
    min_tenure: f64,
    /// Accounts with payment, adoption and tenure known but not ready.
    upsell_not_candidates: u64,
    candidates: Vec<Candidate>,
    names: String,
    renewed: u64,
    up_for_renewal: u64,
    accounts: u64,
    latest: Option<i64>,
    #[cfg_attr(feature = "partials", serde(skip))]
    as_of: Option<i64>,
    #[cfg_attr(feature = "partials", serde(skip))]
    target_days: f64,
    #[cfg_attr(feature = "partials", serde(skip))]
    productive_hours: f64,
}

fn positive_setting(value: Option<f64>, default: f64, what: &str) -> Result<f64, Error> {
    match value {
        None => Ok(default),
        Some(x) if x.is_finite() && x > 0.0 => Ok(x),
        Some(_) => Err(Error::settings(format!("{what} must be a number above 0"))),
    }
}

impl AccountsDataset {
    /// Opens the accumulator; checks the onboarding target, adoption
    /// thresholds, minimum tenure and productive hours settings.
    pub fn new(ctx: Context, settings: &Settings) -> Result<Self, Error> {
        let target_days = match settings.onboarding_target_days {
            None => DEFAULT_ONBOARDING_TARGET_DAYS,
            Some(x) if x.is_finite() && x >= 0.0 => x,
            Some(_) => {
                return Err(Error::settings(
                    "the onboarding target must be a number of days of 0 or more",
                ))
            }
        };
        let d = AdoptionThresholds::default();
        let thresholds = AdoptionThresholds {
            good_from: settings.adoption_good.unwrap_or(d.good_from),
            excellent_above: settings.adoption_excellent.unwrap_or(d.excellent_above),
        };
        if !thresholds.is_valid() {
            return Err(Error::settings(
                "adoption thresholds must satisfy 0 ≤ good ≤ excellent ≤ 1 (fractions, e.g. 0.3 and 0.7)",
            ));
        }
        let min_tenure = match settings.upsell_min_tenure_months {
            None => UpsellCriteria::default().min_tenure_months,
            Some(x) if x.is_finite() && x >= 0.0 => x,
            Some(_) => {
                return Err(Error::settings(
                    "the minimum tenure for upsell must be a number of months of 0 or more",
                ))
            }
        };
        let productive_hours = positive_setting(
            settings.csm_productive_hours,
            DEFAULT_CSM_PRODUCTIVE_HOURS,
            "productive hours per CSM per year",
        )?;
        Ok(AccountsDataset {
            ctx,
            onboarding: OnboardingTally::new(target_days),
            emails: EmailOpenTally::default(),
            sessions: SessionsTally::default(),
            engagement: EngagementTally::default(),
            adoption: AdoptionTally::new(thresholds),
            thresholds,
            min_tenure,
            upsell_not_candidates: 0,
            candidates: Vec::new(),
            names: String::new(),
            renewed: 0,
            up_for_renewal: 0,
            accounts: 0,
            latest: None,
            as_of: as_of_setting(settings)?,
            target_days,
            productive_hours,
        })
    }
}

/// One row, checked.
struct Account<'a> {
    name: &'a str,
    onboarding: Option<(i64, Option<i64>)>,
    emails: Option<(u64, u64)>,
    sessions: Option<u64>,
    features: Option<(u64, u64)>,
    paid_up: Option<bool>,
    tenure: Option<Tenure>,
    renewed: Option<bool>,
    latest: Option<i64>,
}

/// The value of a cell read on its own: `None` when absent or unreadable,
/// the latter's [`Bad`] kept in `bads`.
fn keep<T>(bads: &mut Vec<Bad>, read: Result<Option<T>, Bad>) -> Option<T> {
    read.unwrap_or_else(|bad| {
        bads.push(bad);
        None
    })
}

/// Reads a row: `Err` only without an account; every other bad cell is
/// left out of the account and kept in `bads`.
fn read<'a>(row: &Row<'a>, bads: &mut Vec<Bad>) -> Result<Account<'a>, Bad> {
    let bad = |field, reason| Bad { field, reason };
    let name = row
        .text(Field::Account)
        .ok_or(bad(Field::Account, NO_ACCOUNT_REASON))?;
    let start = keep(bads, row.time(Field::OnboardingStart));
    let done_voided = bads.len();
    let done = keep(bads, row.time(Field::OnboardingDone));
    let onboarding = match (start, done) {
        (Some(s), Some(d)) if d < s => {
            bads.push(bad(Field::OnboardingDone, NEGATIVE_ONBOARDING_REASON));
            None
        }
        (Some(_), None) if bads.len() > done_voided => None,
        (Some(s), d) => Some((s, d)),
        (None, Some(_)) => {
            bads.push(bad(Field::OnboardingDone, DONE_WITHOUT_START_REASON));
            None
        }
        (None, None) => None,
    };
    let sent = keep(bads, row.count(Field::EmailsSent));
    let opened = keep(bads, row.count(Field::EmailsOpened));
    let emails = match (sent, opened) {
        (Some(s), Some(o)) if o > s => {
            bads.push(bad(Field::EmailsOpened, OPENED_MORE_THAN_SENT_REASON));
            None
        }
        (Some(s), Some(o)) => Some((s, o)),
        _ => None,
    };
    let sessions = keep(bads, row.count(Field::Sessions));
    let used = keep(bads, row.count(Field::FeaturesUsed));
    let available = keep(bads, row.count(Field::FeaturesAvailable));
    let features = match (used, available) {
        (Some(_), Some(0)) => {
            bads.push(bad(Field::FeaturesAvailable, NO_FEATURES_REASON.reason));
            None
        }
        (Some(u), Some(a)) if u > a => {
            bads.push(bad(Field::FeaturesUsed, FEATURES_USED_REASON.reason));
            None
        }
        (Some(u), Some(a)) => Some((u, a)),
        _ => None,
    };
    let paid_up = keep(
        bads,
        row.text(Field::PaidUp)
            .map(|cell| paid_up(cell).ok_or(bad(Field::PaidUp, PAID_UP_REASON)))
            .transpose(),
    );
    let since = keep(bads, row.time(Field::CustomerSince));
    let months = keep(
        bads,
        row.number(Field::TenureMonths).and_then(|t| match t {
            Some(t) if !(t.is_finite() && t >= 0.0) => Err(bad(Field::TenureMonths, TENURE_REASON)),
            t => Ok(t),
        }),
    );
    let tenure = match months {
        Some(t) => Some(Tenure::Months(t)),
        None => since.map(Tenure::Since),
    };
    keep(bads, row.time(Field::RenewalDue));
    let renewed = keep(bads, row.boolean(Field::Renewed));
    let latest = [start, done, since].into_iter().flatten().max();
    Ok(Account {
        name,
        onboarding,
        emails,
        sessions,
        features,
        paid_up,
        tenure,
        renewed,
        latest,
    })
}

impl Accumulator for AccountsDataset {
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
        let (ctx, loaded): (Context, AccountsDataset) = super::parts::load_state(&self.ctx, bytes)?;
        Ok(Box::new(AccountsDataset {
            ctx,
            thresholds: self.thresholds,
            min_tenure: self.min_tenure,
            as_of: self.as_of,
            target_days: self.target_days,
            productive_hours: self.productive_hours,
            ..loaded
        }))
    }

    /// Counts add; the values behind medians and means (onboarding days,
    /// sessions, adoption rates) are added one by one after these, so
    /// their sums are those of one pass; `later`'s upsell candidates
    /// follow these, in file order.
    #[cfg(feature = "partials")]
    fn merge(&mut self, later: Box<dyn Accumulator>) {
        let later = *super::downcast::<AccountsDataset>(later);
        self.ctx.merge(&later.ctx);
        self.onboarding.merge(later.onboarding);
        self.emails.merge(&later.emails);
        self.sessions.merge(later.sessions);
        self.engagement.merge(&later.engagement);
        self.adoption.merge(later.adoption);
        self.upsell_not_candidates += later.upsell_not_candidates;
        let shift = self.names.len();
        self.names.push_str(&later.names);
        self.candidates
            .extend(later.candidates.iter().map(|c| Candidate {
                name_start: c.name_start + shift,
                name_end: c.name_end + shift,
                ..*c
            }));
        self.renewed += later.renewed;
        self.up_for_renewal += later.up_for_renewal;
        self.accounts += later.accounts;
        self.latest = self.latest.max(later.latest);
    }

    fn push(&mut self, record: &Record, report: &mut Report) {
        let row = Row::new(record, &self.ctx);
        if skip_if_blank(&row, report) {
            return;
        }
        let mut bads = Vec::new();
        let a = match read(&row, &mut bads) {
            Ok(a) => a,
            Err(bad) => return row.reject(bad, report),
        };
        for bad in bads {
            row.void(bad, report);
        }
        // Every input below was checked by `read`, so the tallies accept it.
        if let Some((s, d)) = a.onboarding {
            let _ = self.onboarding.push(s, d);
        }
        if let Some((s, o)) = a.emails {
            let _ = self.emails.push(s as f64, o as f64);
        }
        if let Some(s) = a.sessions {
            let _ = self.sessions.push(s as f64);
            let _ = self.engagement.push(s as f64);
        }
        let band = a
            .features
            .and_then(|(u, av)| self.adoption.push(u as f64, av as f64).ok());
        if let (Some(paid), Some(band), Some(tenure)) = (a.paid_up, band, a.tenure) {
            if paid && band >= AdoptionBand::Good {
                let name_start = self.names.len();
                self.names.push_str(a.name);
                self.candidates.push(Candidate {
                    tenure,
                    name_start,
                    name_end: self.names.len(),
                });
            } else {
                self.upsell_not_candidates += 1;
            }
        }
        if let Some(r) = a.renewed {
            self.up_for_renewal += 1;
            self.renewed += u64::from(r);
        }
        if let Some(t) = a.latest {
            self.latest = Some(self.latest.map_or(t, |l| l.max(t)));
        }
        self.accounts += 1;
        report.rows.used += 1;
    }

    fn finish(self: Box<Self>, report: &mut Report) -> Result<(), Error> {
        let mut me = *self;
        let ctx = &me.ctx;
        let mapped = |f: Field| ctx.column(f).is_some();
        let as_of = me.as_of.or(me.latest);
        let as_of_date = as_of
            .and_then(|t| DateTime::from_timestamp(t, 0))
            .map(|t| t.date_naive());
        let activities: Vec<Activity> = DEFAULT_ACTIVITIES
            .iter()
            .map(|&(name, hours, times)| Activity {
                name: name.into(),
                hours_per_occurrence: hours,
                occurrences_per_year: times,
            })
            .collect();
        let csm = csm_capacity(&activities, me.accounts, me.productive_hours);
        report.set_settings(&AccountsSettings {
            as_of: as_of_date.map(crate::report::day_id),
            as_of_from: as_of_date.map(|_| {
                if me.as_of.is_some() {
                    "settings"
                } else {
                    "latest onboarding or customer-since date in the file"
                }
            }),
            onboarding_target_days: me.target_days,
            adoption_good: me.thresholds.good_from,
            adoption_excellent: me.thresholds.excellent_above,
            upsell_min_tenure_months: me.min_tenure,
            csm_productive_hours: me.productive_hours,
            csm_activities: activities,
            csm_activities_assumed: true,
            paid_up_words: PAID_UP_WORDS,
            late_words: LATE_WORDS,
        });

        let mut figures = AccountsFigures {
            time_to_onboard_days: None,
            onboarded_within_target: None,
            email_open_rate: None,
            sessions: None,
            engaged_accounts: None,
            adoption: None,
            upsell_ready: Figure::new(
                Err(Undefined::new(
                    "upsell_columns_missing", "upsell readiness needs payment status, features used and available, and customer since or tenure columns",
                )),
                None,
            ),
            renewal_rate: None,
            csm_needed: match csm {
                Ok(c) => Figure::new(
                    c.csm_needed,
                    Some(CsmDetails {
                        whole: c.csm_needed_whole.ok(),
                        hours_per_year: c.hours_per_year,
                        accounts: me.accounts,
                        by_activity: c.by_activity,
                    }),
                ),
                Err(u) => Figure::new(Err(u), None),
            },
        };
        if mapped(Field::OnboardingStart) || mapped(Field::OnboardingDone) {
            let o = me.onboarding.finish();
            figures.time_to_onboard_days = Some(Figure::new(
                o.days.median.clone(),
                OnboardingDays {
                    stats: DurationDetails::of(&o.days),
                    done: o.done,
                    in_onboarding: o.in_onboarding,
                },
            ));
            figures.onboarded_within_target = Some(Figure::new(
                o.within_target,
                WithinTarget {
                    within_target: o.within_target_count,
                    done: o.done,
                    in_onboarding: o.in_onboarding,
                    target_days: o.target_days,
                },
            ));
        }
        if mapped(Field::EmailsSent) && mapped(Field::EmailsOpened) {
            figures.email_open_rate = Some(Whole::new(me.emails.finish(), NoDetails {}));
        }
        if mapped(Field::Sessions) {
            let sessions = me.sessions.finish();
            figures.sessions = Some(Figure::new(
                sessions.median.clone(),
                DurationDetails::of(&sessions),
            ));
            figures.engaged_accounts = Some(Whole::new(me.engagement.finish(), NoDetails {}));
        }
        let has_adoption = mapped(Field::FeaturesUsed) && mapped(Field::FeaturesAvailable);
        if has_adoption {
            figures.adoption = Some(match me.adoption.finish() {
                Ok(a) => Figure::new(
                    Ok(a.value),
                    Some(AdoptionDetails {
                        median: a.median.ok(),
                        accounts: a.accounts,
                        bands: Bands {
                            bad: a.bad,
                            good: a.good,
                            excellent: a.excellent,
                        },
                    }),
                ),
                Err(u) => Figure::new(Err(u), None),
            });
        }
        let has_tenure = mapped(Field::CustomerSince) || mapped(Field::TenureMonths);
        if has_adoption && mapped(Field::PaidUp) && has_tenure {
            let mut tally = UpsellTally::new(UpsellCriteria {
                min_tenure_months: me.min_tenure,
            });
            for _ in 0..me.upsell_not_candidates {
                // Not paid up or low adoption: never ready, whatever the tenure.
                let _ = tally.push(false, AdoptionBand::Bad, 0.0);
            }
            let mut names = Vec::new();
            for c in &me.candidates {
                let months = match c.tenure {
                    Tenure::Months(t) => t,
                    Tenure::Since(t) => {
                        let since = DateTime::from_timestamp(t, 0).map(|d| d.date_naive());
                        match (since, as_of_date) {
                            (Some(s), Some(a)) => f64::from(months_between(s, a)),
                            _ => 0.0,
                        }
                    }
                };
                if tally.push(true, AdoptionBand::Good, months) == Ok(true)
                    && names.len() < UPSELL_NAMES_LIMIT
                {
                    names.push(
                        me.names
                            .get(c.name_start..c.name_end)
                            .unwrap_or("")
                            .to_string(),
                    );
                }
            }
            figures.upsell_ready = match tally.finish() {
                Ok(r) => Figure::new(
                    Ok(r.value as f64),
                    Some(UpsellDetails {
                        considered: r.accounts,
                        share: r.share,
                        accounts: names,
                    }),
                ),
                Err(u) => Figure::new(Err(u), None),
            };
        }
        if mapped(Field::Renewed) {
            figures.renewal_rate = Some(Figure::new(
                renewal_rate(me.renewed, me.up_for_renewal),
                Renewals {
                    renewed: me.renewed,
                    up_for_renewal: me.up_for_renewal,
                },
            ));
        }
        report.set_metrics(&figures);
        me.names.clear();
        Ok(())
    }
}

/// The accounts' part of the report's settings: the as-of date, targets,
/// thresholds, CSM activities and payment words used.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AccountsSettings {
    /// `YYYY-MM-DD`, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    /// Where the as-of date came from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of_from: Option<&'static str>,
    /// Days within which onboarding counts as on target.
    pub onboarding_target_days: f64,
    /// Adoption from which an account is good (fraction).
    pub adoption_good: f64,
    /// Adoption above which an account is excellent (fraction).
    pub adoption_excellent: f64,
    /// Tenure from which a paid-up account with good adoption is
    /// upsell-ready, in months.
    pub upsell_min_tenure_months: f64,
    /// Productive hours per CSM per year.
    pub csm_productive_hours: f64,
    /// The CSM activities per account ([`DEFAULT_ACTIVITIES`]).
    pub csm_activities: Vec<Activity>,
    /// Always `true`: the activities are assumptions.
    pub csm_activities_assumed: bool,
    /// [`PAID_UP_WORDS`].
    pub paid_up_words: &'static [&'static str],
    /// [`LATE_WORDS`].
    pub late_words: &'static [&'static str],
}

/// The account figures ([contract §5, §8](crate::contract)); those resting on a column are
/// present when it is mapped.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AccountsFigures {
    /// Days from onboarding start to done (value: the median).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_to_onboard_days: Option<Figure<f64, OnboardingDays>>,
    /// Share of finished onboardings within the target.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub onboarded_within_target: Option<Figure<f64, WithinTarget>>,
    /// Onboarding emails opened ÷ sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_open_rate: Option<Whole<OpenRate>>,
    /// Sessions per account (value: the median).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sessions: Option<Figure<f64, DurationDetails>>,
    /// Share of accounts with a session.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub engaged_accounts: Option<Whole<Engagement>>,
    /// Mean feature adoption with its bands.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub adoption: Option<Figure<f64, Option<AdoptionDetails>>>,
    /// Upsell-ready accounts (undefined without the columns it needs).
    pub upsell_ready: Figure<f64, Option<UpsellDetails>>,
    /// Renewed ÷ up for renewal.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub renewal_rate: Option<Figure<f64, Renewals>>,
    /// CSMs needed, bottom-up.
    pub csm_needed: Figure<f64, Option<CsmDetails>>,
}

/// count, mean, median, p90 and p95 of a [`DurationSummary`] beside its
/// figure (`null` statistics when undefined).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DurationDetails {
    /// Number of values.
    pub n: u64,
    /// Arithmetic mean.
    pub mean: Option<f64>,
    /// 50th percentile.
    pub median: Option<f64>,
    /// 90th percentile.
    pub p90: Option<f64>,
    /// 95th percentile.
    pub p95: Option<f64>,
}

impl DurationDetails {
    /// The statistics of `summary`.
    pub fn of(summary: &DurationSummary) -> Self {
        DurationDetails {
            n: summary.n,
            mean: summary.mean.clone().ok(),
            median: summary.median.clone().ok(),
            p90: summary.p90.clone().ok(),
            p95: summary.p95.clone().ok(),
        }
    }
}

/// The details of `time_to_onboard_days`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OnboardingDays {
    /// The statistics of the days.
    #[serde(flatten)]
    pub stats: DurationDetails,
    /// Accounts done with onboarding.
    pub done: u64,
    /// Accounts still in onboarding.
    pub in_onboarding: u64,
}

/// The details of `onboarded_within_target`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WithinTarget {
    /// Accounts done within the target.
    pub within_target: u64,
    /// Accounts done with onboarding.
    pub done: u64,
    /// Accounts still in onboarding.
    pub in_onboarding: u64,
    /// The target, in days.
    pub target_days: f64,
}

/// The details of a defined `adoption`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AdoptionDetails {
    /// Median adoption, `null` when undefined.
    pub median: Option<f64>,
    /// Accounts with features available.
    pub accounts: u64,
    /// Accounts per band.
    pub bands: Bands,
}

/// Accounts per adoption band.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Bands {
    /// Below the good threshold.
    pub bad: u64,
    /// From good up to excellent.
    pub good: u64,
    /// Above the excellent threshold.
    pub excellent: u64,
}

/// The details of a defined `upsell_ready`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UpsellDetails {
    /// Accounts with payment, adoption and tenure known.
    pub considered: u64,
    /// ready ÷ considered.
    pub share: f64,
    /// The first [`UPSELL_NAMES_LIMIT`] ready accounts, in file order.
    pub accounts: Vec<String>,
}

/// The details of `renewal_rate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Renewals {
    /// Accounts that renewed.
    pub renewed: u64,
    /// Accounts with a filled renewed cell.
    pub up_for_renewal: u64,
}

/// The details of a defined `csm_needed`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CsmDetails {
    /// CSMs rounded up, `null` when undefined.
    pub whole: Option<u64>,
    /// Hours of CSM work per year.
    pub hours_per_year: f64,
    /// Accounts (used rows).
    pub accounts: u64,
    /// Hours per activity.
    pub by_activity: Vec<ActivityHours>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn payment_words() {
        for w in [
            "paid", "Current", "em dia", "Em Dia", "al día", "à jour", "lancar", "LUNAS", "sim",
            "ya",
        ] {
            assert_eq!(paid_up(w), Some(true), "{w}");
        }
        for w in [
            "late",
            "Past_Due",
            "atrasado",
            "vencido",
            "en retard",
            "terlambat",
            "não",
            "tidak",
        ] {
            assert_eq!(paid_up(w), Some(false), "{w}");
        }
        for w in ["", "soon", "pending", "lunas?"] {
            assert_eq!(paid_up(w), None, "{w}");
        }
    }

    #[test]
    fn months_between_cross_check() {
        // Independent: step month by month with chrono until past as-of.
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        let brute = |since: NaiveDate, as_of: NaiveDate| -> u32 {
            let mut k = 0u32;
            while since
                .checked_add_months(chrono::Months::new(k + 1))
                .is_some_and(|x| x <= as_of)
            {
                k += 1;
            }
            k
        };
        for (s, a) in [
            (d(2023, 3, 1), d(2024, 3, 25)),
            (d(2024, 1, 5), d(2024, 3, 25)),
            (d(2023, 6, 15), d(2024, 3, 25)),
            (d(2023, 9, 25), d(2024, 3, 25)),
            (d(2023, 9, 26), d(2024, 3, 25)),
            (d(2024, 3, 26), d(2024, 3, 25)),
        ] {
            assert_eq!(months_between(s, a), brute(s, a), "{s} {a}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        #[test]
        fn words_never_panic(s in ".{0,40}") {
            let _ = paid_up(&s);
        }

        #[test]
        fn months_between_matches_stepping(a in 0i64..20_000, b in 0i64..20_000) {
            let base = NaiveDate::from_ymd_opt(1990, 1, 1).unwrap();
            let s = base + chrono::Duration::days(a);
            let t = base + chrono::Duration::days(b);
            let m = months_between(s, t);
            // m whole months fit (anniversary-day rule, clamped at month end
            // only when the day exists), m + 1 do not.
            if s < t {
                let later = (i64::from(t.year()) - i64::from(s.year())) * 12
                    + i64::from(t.month()) - i64::from(s.month());
                prop_assert!(i64::from(m) == later || i64::from(m) == later - 1);
                prop_assert_eq!(i64::from(m) == later, t.day() >= s.day());
            } else {
                prop_assert_eq!(m, 0);
            }
        }
    }
}
