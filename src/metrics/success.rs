//! Customer-success operations ([contract §5](crate::contract)): onboarding time and share within
//! target, onboarding email open rate, sessions during onboarding, feature
//! adoption with bands, engagement, upsell-ready accounts, and bottom-up CSM
//! capacity. Streaming tallies over already-parsed numbers, one account at
//! a time; refused inputs come back as reason constants and leave the tally
//! unchanged.

use super::stats::{DurationStats, DurationSummary, NOT_A_NUMBER_REASON};
use super::{finite, Metric, Undefined};
use crate::metrics::Why;
use serde::{Deserialize, Serialize};

/// Reason an account whose onboarding ends before it starts is refused.
pub const NEGATIVE_ONBOARDING_REASON: &str = "onboarding is marked done before it started";
/// Reason an account with more emails opened than sent is refused.
pub const OPENED_MORE_THAN_SENT_REASON: &str = "more onboarding emails opened than sent";
/// Reason a count (emails, sessions, features) is refused.
pub const COUNT_REASON: &str = "a count must be a whole number of 0 or more";
/// Reason an account using more features than available is refused.
pub const FEATURES_USED_REASON: Why = Why::new(
    "more_features_used_than_available",
    "more features used than available",
);
/// Reason an account with no features available is refused for adoption.
pub const NO_FEATURES_REASON: Why = Why::new(
    "no_features_available",
    "no features are available to the account",
);
/// Reason a tenure is refused.
pub const TENURE_REASON: &str = "a tenure must be a number of months of 0 or more";
/// Default onboarding target (days) when the user sets none; an assumption
/// shown in the report's settings.
pub const DEFAULT_ONBOARDING_TARGET_DAYS: f64 = 30.0;

const SECONDS_PER_DAY: f64 = 86_400.0;

/// A count given as a number: whole, finite, ≥ 0, within u64.
fn count(x: f64) -> Result<u64, &'static str> {
    if !x.is_finite() || x < 0.0 || x.fract() != 0.0 || x >= 18_446_744_073_709_551_616.0 {
        return Err(COUNT_REASON);
    }
    Ok(x as u64)
}

// ---------------------------------------------------------------------------
// Time to onboard.

/// Time to onboard ([contract §5](crate::contract)).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Onboarding {
    /// Days from start to done, accounts done: n, mean, median, p90, p95.
    pub days: DurationSummary,
    /// Accounts done.
    pub done: u64,
    /// Accounts started and not done ("in onboarding").
    pub in_onboarding: u64,
    /// Done accounts with days ≤ target ÷ done accounts.
    pub within_target: Metric<f64>,
    /// Done accounts with days ≤ target.
    pub within_target_count: u64,
    /// The target used, in days.
    pub target_days: f64,
}

/// Streaming time to onboard: one account at a time.
///
/// Formula ([contract §5](crate::contract)): days = (done − start) ÷ 86 400 for each account with
/// both times (Unix seconds; calendar days, fractional); median, p90 (and
/// n, mean, p95) over those accounts; share within target = accounts with
/// days ≤ target ÷ accounts done. Accounts not done are counted "in
/// onboarding" and are in neither the statistics nor the share's
/// denominator (the page shows them beside it).
///
/// Edges: done before start → refused ([`NEGATIVE_ONBOARDING_REASON`]); no
/// account done → statistics and share undefined; a target that is not a
/// number of days ≥ 0 → share undefined.
///
/// ```
/// use cxmetrics::metrics::success::OnboardingTally;
/// let day = 86_400;
/// let mut t = OnboardingTally::new(14.0);
/// t.push(0, Some(10 * day)).unwrap();
/// t.push(0, Some(20 * day)).unwrap();
/// t.push(0, None).unwrap();
/// assert!(t.push(5 * day, Some(0)).is_err());
/// let o = t.finish();
/// assert_eq!((o.done, o.in_onboarding), (2, 1));
/// assert_eq!(o.days.median, Ok(15.0));
/// assert_eq!(o.within_target, Ok(0.5));
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "partials", derive(serde::Serialize, serde::Deserialize))]
pub struct OnboardingTally {
    target_days: f64,
    days: DurationStats,
    in_onboarding: u64,
    within_target: u64,
}

impl OnboardingTally {
    /// Adds the accounts of `later` after these (reading in parts): the
    /// days one by one, so their sum is the one of one pass.
    #[cfg(feature = "partials")]
    pub fn merge(&mut self, later: OnboardingTally) {
        self.days.merge(later.days);
        self.in_onboarding = self.in_onboarding.saturating_add(later.in_onboarding);
        self.within_target = self.within_target.saturating_add(later.within_target);
    }

    /// An empty tally with a target in days.
    pub fn new(target_days: f64) -> Self {
        OnboardingTally {
            target_days,
            days: DurationStats::default(),
            in_onboarding: 0,
            within_target: 0,
        }
    }

    /// Adds one account: onboarding start and, when done, done time (Unix
    /// seconds).
    pub fn push(&mut self, start: i64, done: Option<i64>) -> Result<(), &'static str> {
        let Some(done) = done else {
            self.in_onboarding = self.in_onboarding.saturating_add(1);
            return Ok(());
        };
        let d = done.checked_sub(start).ok_or(NOT_A_NUMBER_REASON.reason)?;
        if d < 0 {
            return Err(NEGATIVE_ONBOARDING_REASON);
        }
        let days = d as f64 / SECONDS_PER_DAY;
        self.days.push(days)?;
        if days <= self.target_days {
            self.within_target = self.within_target.saturating_add(1);
        }
        Ok(())
    }

    /// The result so far (see the type's doc).
    pub fn finish(&mut self) -> Onboarding {
        let done = self.days.len() as u64;
        let within_target = if !(self.target_days.is_finite() && self.target_days >= 0.0) {
            Err(Undefined::new(
                "onboarding_target_negative",
                "the onboarding target must be a number of days of 0 or more",
            ))
        } else if done == 0 {
            Err(Undefined::new(
                "no_onboarding_finished",
                "no account has finished onboarding",
            ))
        } else {
            Ok(self.within_target as f64 / done as f64)
        };
        Onboarding {
            days: self.days.finish(),
            done,
            in_onboarding: self.in_onboarding,
            within_target,
            within_target_count: self.within_target,
            target_days: self.target_days,
        }
    }
}

// ---------------------------------------------------------------------------
// Email open rate.

/// Onboarding email open rate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OpenRate {
    /// opened ÷ sent, a fraction.
    pub value: f64,
    /// Σ emails opened.
    pub opened: u64,
    /// Σ emails sent.
    pub sent: u64,
}

/// Streaming onboarding email open rate ([contract §5](crate::contract)): Σ opened ÷ Σ sent over
/// accounts (pooled, so an account with many emails weighs more).
///
/// Edges: opened > sent on an account → refused
/// ([`OPENED_MORE_THAN_SENT_REASON`]); a count that is not a whole number ≥ 0
/// → refused ([`COUNT_REASON`]); nothing sent → undefined.
///
/// ```
/// use cxmetrics::metrics::success::EmailOpenTally;
/// let mut t = EmailOpenTally::default();
/// t.push(10.0, 4.0).unwrap();
/// t.push(10.0, 6.0).unwrap();
/// assert!(t.push(1.0, 2.0).is_err());
/// assert_eq!(t.finish().unwrap().value, 0.5);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "partials", derive(serde::Serialize, serde::Deserialize))]
pub struct EmailOpenTally {
    sent: u64,
    opened: u64,
}

impl EmailOpenTally {
    /// Adds the emails of `later` (reading in parts).
    #[cfg(feature = "partials")]
    pub fn merge(&mut self, later: &EmailOpenTally) {
        self.sent = self.sent.saturating_add(later.sent);
        self.opened = self.opened.saturating_add(later.opened);
    }

    /// Adds one account's emails sent and opened.
    pub fn push(&mut self, sent: f64, opened: f64) -> Result<(), &'static str> {
        let sent = count(sent)?;
        let opened = count(opened)?;
        if opened > sent {
            return Err(OPENED_MORE_THAN_SENT_REASON);
        }
        self.sent = self.sent.saturating_add(sent);
        self.opened = self.opened.saturating_add(opened);
        Ok(())
    }

    /// The open rate so far.
    pub fn finish(&self) -> Metric<OpenRate> {
        if self.sent == 0 {
            return Err(Undefined::new(
                "no_onboarding_emails_sent",
                "no onboarding emails sent",
            ));
        }
        Ok(OpenRate {
            value: self.opened as f64 / self.sent as f64,
            opened: self.opened,
            sent: self.sent,
        })
    }
}

// ---------------------------------------------------------------------------
// Sessions and engagement.

/// Streaming sessions during onboarding ([contract §5](crate::contract)): the median (and n, mean,
/// p90, p95) of sessions per account. Counts that are not whole numbers ≥ 0
/// are refused ([`COUNT_REASON`]); no accounts → undefined "no values".
///
/// ```
/// use cxmetrics::metrics::success::SessionsTally;
/// let mut t = SessionsTally::default();
/// for s in [3.0, 0.0, 8.0] { t.push(s).unwrap(); }
/// assert!(t.push(2.5).is_err());
/// assert_eq!(t.finish().median, Ok(3.0));
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "partials", derive(serde::Serialize, serde::Deserialize))]
pub struct SessionsTally {
    sessions: DurationStats,
}

impl SessionsTally {
    /// Adds the accounts of `later` after these (reading in parts).
    #[cfg(feature = "partials")]
    pub fn merge(&mut self, later: SessionsTally) {
        self.sessions.merge(later.sessions);
    }

    /// Adds one account's session count.
    pub fn push(&mut self, sessions: f64) -> Result<(), &'static str> {
        let n = count(sessions)?;
        self.sessions.push(n as f64)
    }

    /// The summary so far; `median` is the headline.
    pub fn finish(&mut self) -> DurationSummary {
        self.sessions.finish()
    }
}

/// Engagement: share of accounts active in the period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Engagement {
    /// active ÷ accounts, a fraction.
    pub value: f64,
    /// Accounts with at least one session in the period.
    pub active: u64,
    /// Accounts.
    pub accounts: u64,
}

/// Streaming engagement ([contract §5](crate::contract)): accounts with ≥ 1 session in the period
/// ÷ accounts. Counts that are not whole numbers ≥ 0 are refused
/// ([`COUNT_REASON`]); no accounts → undefined "no accounts".
///
/// ```
/// use cxmetrics::metrics::success::EngagementTally;
/// let mut t = EngagementTally::default();
/// for s in [0.0, 1.0, 12.0, 0.0] { t.push(s).unwrap(); }
/// assert_eq!(t.finish().unwrap().value, 0.5);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "partials", derive(serde::Serialize, serde::Deserialize))]
pub struct EngagementTally {
    accounts: u64,
    active: u64,
}

impl EngagementTally {
    /// Adds the accounts of `later` (reading in parts).
    #[cfg(feature = "partials")]
    pub fn merge(&mut self, later: &EngagementTally) {
        self.accounts = self.accounts.saturating_add(later.accounts);
        self.active = self.active.saturating_add(later.active);
    }

    /// Adds one account's session count in the period.
    pub fn push(&mut self, sessions: f64) -> Result<(), &'static str> {
        let n = count(sessions)?;
        self.accounts = self.accounts.saturating_add(1);
        if n >= 1 {
            self.active = self.active.saturating_add(1);
        }
        Ok(())
    }

    /// The share so far.
    pub fn finish(&self) -> Metric<Engagement> {
        if self.accounts == 0 {
            return Err(Undefined::new("no_accounts", "no accounts"));
        }
        Ok(Engagement {
            value: self.active as f64 / self.accounts as f64,
            active: self.active,
            accounts: self.accounts,
        })
    }
}

// ---------------------------------------------------------------------------
// Adoption.

/// An account's adoption band.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AdoptionBand {
    /// Below the good threshold.
    Bad,
    /// From the good threshold up to and including the excellent threshold.
    Good,
    /// Above the excellent threshold.
    Excellent,
}

/// Adoption band thresholds, as fractions (user settings, [contract §5](crate::contract)).
///
/// Boundaries: rate < `good_from` → bad; `good_from` ≤ rate ≤
/// `excellent_above` → good; rate > `excellent_above` → excellent. So with
/// the defaults exactly 30 % and exactly 70 % are both "good", matching
/// "< 30 %, 30–70 %, > 70 %".
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct AdoptionThresholds {
    /// Lowest rate that is good (default 0.30).
    pub good_from: f64,
    /// Highest rate that is still good; above is excellent (default 0.70).
    pub excellent_above: f64,
}

impl Default for AdoptionThresholds {
    fn default() -> Self {
        AdoptionThresholds {
            good_from: 0.30,
            excellent_above: 0.70,
        }
    }
}

impl AdoptionThresholds {
    /// Whether 0 ≤ good_from ≤ excellent_above ≤ 1, all finite.
    pub fn is_valid(&self) -> bool {
        self.good_from.is_finite()
            && self.excellent_above.is_finite()
            && 0.0 <= self.good_from
            && self.good_from <= self.excellent_above
            && self.excellent_above <= 1.0
    }

    /// The band of an adoption rate (see the type's doc for boundaries).
    ///
    /// ```
    /// use cxmetrics::metrics::success::{AdoptionBand, AdoptionThresholds};
    /// let t = AdoptionThresholds::default();
    /// assert_eq!(t.band(0.29), AdoptionBand::Bad);
    /// assert_eq!(t.band(0.30), AdoptionBand::Good);
    /// assert_eq!(t.band(0.70), AdoptionBand::Good);
    /// assert_eq!(t.band(0.71), AdoptionBand::Excellent);
    /// ```
    pub fn band(&self, rate: f64) -> AdoptionBand {
        if rate > self.excellent_above {
            AdoptionBand::Excellent
        } else if rate >= self.good_from {
            AdoptionBand::Good
        } else {
            AdoptionBand::Bad
        }
    }
}

/// Adoption of one account ([contract §5](crate::contract)): features used ÷ features available.
///
/// Edges: no features available → undefined; used > available → undefined.
///
/// ```
/// use cxmetrics::metrics::success::adoption_rate;
/// assert_eq!(adoption_rate(3, 10), Ok(0.3));
/// assert!(adoption_rate(1, 0).is_err());
/// ```
pub fn adoption_rate(used: u64, available: u64) -> Metric<f64> {
    if available == 0 {
        return Err(Undefined::from(NO_FEATURES_REASON));
    }
    if used > available {
        return Err(Undefined::from(FEATURES_USED_REASON));
    }
    Ok(used as f64 / available as f64)
}

/// Adoption over accounts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Adoption {
    /// Mean of the per-account rates (each account counts once), a fraction.
    pub value: f64,
    /// Median per-account rate.
    pub median: Metric<f64>,
    /// Accounts.
    pub accounts: u64,
    /// Accounts in the bad band.
    pub bad: u64,
    /// Accounts in the good band.
    pub good: u64,
    /// Accounts in the excellent band.
    pub excellent: u64,
    /// The thresholds used.
    pub thresholds: AdoptionThresholds,
}

/// Streaming adoption ([contract §5](crate::contract)): per account used ÷ available, banded.
///
/// The headline value is the mean of the per-account rates (each account
/// weighs the same, whatever its plan's feature count), with the median
/// beside it and the band counts.
///
/// Edges: counts that are not whole numbers ≥ 0 ([`COUNT_REASON`]), used >
/// available ([`FEATURES_USED_REASON`]) and nothing available
/// ([`NO_FEATURES_REASON`]) are refused; no accounts → undefined; invalid
/// thresholds → undefined.
///
/// ```
/// use cxmetrics::metrics::success::{AdoptionBand, AdoptionTally, AdoptionThresholds};
/// let mut t = AdoptionTally::new(AdoptionThresholds::default());
/// assert_eq!(t.push(1.0, 10.0), Ok(AdoptionBand::Bad));
/// assert_eq!(t.push(5.0, 10.0), Ok(AdoptionBand::Good));
/// assert_eq!(t.push(9.0, 10.0), Ok(AdoptionBand::Excellent));
/// assert!(t.push(11.0, 10.0).is_err());
/// let a = t.finish().unwrap();
/// assert_eq!((a.bad, a.good, a.excellent), (1, 1, 1));
/// assert!((a.value - 0.5).abs() < 1e-12);
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "partials", derive(serde::Serialize, serde::Deserialize))]
pub struct AdoptionTally {
    thresholds: AdoptionThresholds,
    rates: DurationStats,
    bands: [u64; 3],
}

impl AdoptionTally {
    /// Adds the accounts of `later` after these (reading in parts): the
    /// rates one by one, so their sum is the one of one pass.
    #[cfg(feature = "partials")]
    pub fn merge(&mut self, later: AdoptionTally) {
        self.rates.merge(later.rates);
        for (n, m) in self.bands.iter_mut().zip(later.bands) {
            *n = n.saturating_add(m);
        }
    }

    /// An empty tally with these thresholds.
    pub fn new(thresholds: AdoptionThresholds) -> Self {
        AdoptionTally {
            thresholds,
            rates: DurationStats::default(),
            bands: [0; 3],
        }
    }

    /// Adds one account; returns its band (for upsell readiness).
    pub fn push(&mut self, used: f64, available: f64) -> Result<AdoptionBand, &'static str> {
        let used = count(used)?;
        let available = count(available)?;
        if available == 0 {
            return Err(NO_FEATURES_REASON.reason);
        }
        if used > available {
            return Err(FEATURES_USED_REASON.reason);
        }
        let rate = used as f64 / available as f64;
        self.rates.push(rate)?;
        let band = self.thresholds.band(rate);
        let i = band as usize;
        if let Some(c) = self.bands.get_mut(i) {
            *c = c.saturating_add(1);
        }
        Ok(band)
    }

    /// The adoption so far.
    pub fn finish(&mut self) -> Metric<Adoption> {
        if !self.thresholds.is_valid() {
            return Err(Undefined::new(
                "adoption_thresholds_out_of_order",
                "adoption thresholds must satisfy 0 % ≤ good ≤ excellent ≤ 100 %",
            ));
        }
        let s = self.rates.finish();
        let value = s.mean.map_err(|_| {
            Undefined::new(
                "no_accounts_with_features_available",
                "no accounts with features available",
            )
        })?;
        Ok(Adoption {
            value,
            median: s.median,
            accounts: s.n,
            bad: self.bands[0],
            good: self.bands[1],
            excellent: self.bands[2],
            thresholds: self.thresholds,
        })
    }
}

// ---------------------------------------------------------------------------
// Upsell readiness.

/// What makes an account upsell-ready (user settings, [contract §5](crate::contract)).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct UpsellCriteria {
    /// Minimum tenure, months (default 6: an assumption shown in settings).
    pub min_tenure_months: f64,
}

impl Default for UpsellCriteria {
    fn default() -> Self {
        UpsellCriteria {
            min_tenure_months: 6.0,
        }
    }
}

/// Whether one account is upsell-ready ([contract §5](crate::contract)): paid up AND adoption band
/// good or excellent AND tenure ≥ the minimum. A late payer is never ready.
/// A non-finite tenure or minimum is never ready.
///
/// ```
/// use cxmetrics::metrics::success::{is_upsell_ready, AdoptionBand, UpsellCriteria};
/// let c = UpsellCriteria { min_tenure_months: 6.0 };
/// assert!(is_upsell_ready(true, AdoptionBand::Good, 6.0, &c));
/// assert!(!is_upsell_ready(false, AdoptionBand::Excellent, 24.0, &c));
/// assert!(!is_upsell_ready(true, AdoptionBand::Bad, 24.0, &c));
/// assert!(!is_upsell_ready(true, AdoptionBand::Good, 5.9, &c));
/// ```
pub fn is_upsell_ready(
    paid_up: bool,
    band: AdoptionBand,
    tenure_months: f64,
    criteria: &UpsellCriteria,
) -> bool {
    paid_up
        && band >= AdoptionBand::Good
        && tenure_months.is_finite()
        && criteria.min_tenure_months.is_finite()
        && tenure_months >= criteria.min_tenure_months
}

/// Upsell-ready accounts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UpsellReady {
    /// Ready accounts (the headline is the count).
    pub value: u64,
    /// Accounts considered.
    pub accounts: u64,
    /// Ready ÷ accounts.
    pub share: f64,
}

/// Streaming upsell readiness over accounts ([`is_upsell_ready`]).
/// A tenure that is not a number ≥ 0 is refused ([`TENURE_REASON`]); no
/// accounts → undefined "no accounts".
///
/// ```
/// use cxmetrics::metrics::success::{AdoptionBand, UpsellCriteria, UpsellTally};
/// let mut t = UpsellTally::new(UpsellCriteria::default());
/// t.push(true, AdoptionBand::Excellent, 12.0).unwrap();
/// t.push(false, AdoptionBand::Excellent, 12.0).unwrap();
/// assert_eq!(t.finish().unwrap().value, 1);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct UpsellTally {
    criteria: UpsellCriteria,
    accounts: u64,
    ready: u64,
}

impl UpsellTally {
    /// An empty tally with these criteria.
    pub fn new(criteria: UpsellCriteria) -> Self {
        UpsellTally {
            criteria,
            accounts: 0,
            ready: 0,
        }
    }

    /// Adds one account; returns whether it is ready.
    pub fn push(
        &mut self,
        paid_up: bool,
        band: AdoptionBand,
        tenure_months: f64,
    ) -> Result<bool, &'static str> {
        if !tenure_months.is_finite() || tenure_months < 0.0 {
            return Err(TENURE_REASON);
        }
        let ready = is_upsell_ready(paid_up, band, tenure_months, &self.criteria);
        self.accounts = self.accounts.saturating_add(1);
        if ready {
            self.ready = self.ready.saturating_add(1);
        }
        Ok(ready)
    }

    /// The count so far.
    pub fn finish(&self) -> Metric<UpsellReady> {
        if self.accounts == 0 {
            return Err(Undefined::new("no_accounts", "no accounts"));
        }
        Ok(UpsellReady {
            value: self.ready,
            accounts: self.accounts,
            share: self.ready as f64 / self.accounts as f64,
        })
    }
}

// ---------------------------------------------------------------------------
// CSM capacity.

/// A recurring piece of CSM work per account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Activity {
    /// Name shown on the page (e.g. "QBR").
    pub name: String,
    /// Hours per occurrence (e.g. QBR: 1 prep + 1 present + 1 follow-up = 3).
    pub hours_per_occurrence: f64,
    /// Occurrences per account per year (e.g. 4).
    pub occurrences_per_year: f64,
}

/// Hours one activity needs per year over all accounts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActivityHours {
    /// The activity's name.
    pub name: String,
    /// hours per occurrence × occurrences per year × accounts.
    pub hours_per_year: f64,
}

/// Bottom-up CSM capacity ([contract §5](crate::contract)).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CsmCapacity {
    /// Σ activity hours per year over all accounts.
    pub hours_per_year: f64,
    /// Per activity.
    pub by_activity: Vec<ActivityHours>,
    /// hours_per_year ÷ productive hours per CSM per year (unrounded).
    pub csm_needed: Metric<f64>,
    /// `csm_needed` rounded up to whole people.
    pub csm_needed_whole: Metric<u64>,
}

/// CSM capacity, bottom-up ([contract §5](crate::contract)).
///
/// Formula: hours needed = Σ over activities (hours per occurrence ×
/// occurrences per year) × accounts; CSMs needed = hours needed ÷
/// productive hours per CSM per year, also given rounded up.
///
/// Edges: an activity with a negative or non-finite number → undefined
/// (names the activity); hours too large → undefined; productive hours not
/// a number > 0 → `csm_needed` undefined while the hours are still given.
///
/// ```
/// use cxmetrics::metrics::success::{csm_capacity, Activity};
/// let qbr = Activity { name: "QBR".into(), hours_per_occurrence: 3.0, occurrences_per_year: 4.0 };
/// let c = csm_capacity(&[qbr], 100, 1_500.0).unwrap();
/// assert_eq!(c.hours_per_year, 1_200.0);
/// assert_eq!(c.csm_needed, Ok(0.8));
/// assert_eq!(c.csm_needed_whole, Ok(1));
/// ```
pub fn csm_capacity(
    activities: &[Activity],
    accounts: u64,
    productive_hours_per_csm: f64,
) -> Metric<CsmCapacity> {
    let mut by_activity = Vec::with_capacity(activities.len());
    let mut total = 0.0f64;
    for a in activities {
        let ok = |x: f64| x.is_finite() && x >= 0.0;
        if !ok(a.hours_per_occurrence) || !ok(a.occurrences_per_year) {
            return Err(Undefined::new(
                "activity_input_negative",
                format!(
                    "activity \"{}\": hours and occurrences must be numbers of 0 or more",
                    a.name
                ),
            )
            .with_param("activity", a.name.clone()));
        }
        let hours = finite(
            a.hours_per_occurrence * a.occurrences_per_year * accounts as f64,
            Why::new(
                "hours_too_large",
                "the hours needed are too large to compute",
            ),
        )?;
        total = finite(
            total + hours,
            Why::new(
                "hours_too_large",
                "the hours needed are too large to compute",
            ),
        )?;
        by_activity.push(ActivityHours {
            name: a.name.clone(),
            hours_per_year: hours,
        });
    }
    let csm_needed = if productive_hours_per_csm.is_finite() && productive_hours_per_csm > 0.0 {
        finite(
            total / productive_hours_per_csm,
            Why::new("csms_too_many", "the CSMs needed are too many to compute"),
        )
    } else {
        Err(Undefined::new(
            "csm_hours_not_positive",
            "productive hours per CSM per year must be more than 0",
        ))
    };
    let csm_needed_whole = match &csm_needed {
        Ok(x) if x.ceil() < 18_446_744_073_709_551_616.0 => Ok(x.ceil() as u64),
        Ok(_) => Err(Undefined::new(
            "csms_too_many",
            "the CSMs needed are too many to compute",
        )),
        Err(u) => Err(u.clone()),
    };
    Ok(CsmCapacity {
        hours_per_year: total,
        by_activity,
        csm_needed,
        csm_needed_whole,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const DAY: i64 = 86_400;

    #[test]
    fn spec_example_qbr_capacity() {
        // QBR = 1 h prep + 1 h present + 1 h follow-up, 4 per year, 100 accounts.
        let qbr = Activity {
            name: "QBR".into(),
            hours_per_occurrence: 1.0 + 1.0 + 1.0,
            occurrences_per_year: 4.0,
        };
        let c = csm_capacity(std::slice::from_ref(&qbr), 100, 1_200.0).unwrap();
        assert_eq!(c.hours_per_year, 1_200.0);
        assert_eq!(c.csm_needed, Ok(1.0));
        assert_eq!(c.csm_needed_whole, Ok(1));
        // Brute force: add up every single occurrence over every account.
        let mut brute = 0.0;
        for _account in 0..100 {
            for _occurrence in 0..4 {
                brute += qbr.hours_per_occurrence;
            }
        }
        assert_eq!(brute, c.hours_per_year);

        let onboarding = Activity {
            name: "Health check".into(),
            hours_per_occurrence: 0.5,
            occurrences_per_year: 12.0,
        };
        let two = csm_capacity(&[qbr.clone(), onboarding], 100, 1_500.0).unwrap();
        assert_eq!(two.hours_per_year, 1_800.0);
        assert_eq!(two.by_activity[1].hours_per_year, 600.0);
        assert_eq!(two.csm_needed, Ok(1.2));
        assert_eq!(two.csm_needed_whole, Ok(2));

        let zero = csm_capacity(std::slice::from_ref(&qbr), 100, 0.0).unwrap();
        assert_eq!(zero.hours_per_year, 1_200.0);
        assert_eq!(
            zero.csm_needed.unwrap_err().reason,
            "productive hours per CSM per year must be more than 0"
        );
        assert!(zero.csm_needed_whole.is_err());
        let bad = Activity {
            hours_per_occurrence: -1.0,
            ..qbr
        };
        assert!(csm_capacity(&[bad], 1, 1.0)
            .unwrap_err()
            .reason
            .contains("QBR"));
        assert_eq!(csm_capacity(&[], 10, 1_000.0).unwrap().csm_needed, Ok(0.0));
    }

    #[test]
    fn onboarding_matches_naive() {
        let spans = [3.0, 7.0, 10.0, 14.0, 14.5, 30.0, 45.0];
        let mut t = OnboardingTally::new(14.0);
        for (i, d) in spans.iter().enumerate() {
            let start = i as i64 * 1_000;
            t.push(start, Some(start + (d * DAY as f64) as i64))
                .unwrap();
        }
        t.push(0, None).unwrap();
        t.push(0, None).unwrap();
        assert_eq!(t.push(DAY, Some(0)), Err(NEGATIVE_ONBOARDING_REASON));
        assert!(t.push(i64::MIN, Some(i64::MAX)).is_err());
        let o = t.finish();
        assert_eq!((o.done, o.in_onboarding, o.within_target_count), (7, 2, 4));
        assert_eq!(o.within_target, Ok(4.0 / 7.0));
        assert_eq!(o.days.median, Ok(14.0));
        // p90 of 7 sorted values: h = 5.4 → 30 + 0.4 × 15 = 36.
        assert!((o.days.p90.clone().unwrap() - 36.0).abs() < 1e-9);
        let naive_mean = spans.iter().sum::<f64>() / 7.0;
        assert!((o.days.mean.clone().unwrap() - naive_mean).abs() < 1e-9);

        let mut empty = OnboardingTally::new(14.0);
        empty.push(0, None).unwrap();
        let e = empty.finish();
        assert_eq!(
            e.within_target.unwrap_err().reason,
            "no account has finished onboarding"
        );
        let mut nan = OnboardingTally::new(f64::NAN);
        nan.push(0, Some(DAY)).unwrap();
        assert!(nan.finish().within_target.is_err());
    }

    #[test]
    fn email_sessions_engagement() {
        let mut e = EmailOpenTally::default();
        assert!(e.finish().is_err());
        e.push(5.0, 5.0).unwrap();
        e.push(15.0, 3.0).unwrap();
        assert_eq!(e.push(2.0, 3.0), Err(OPENED_MORE_THAN_SENT_REASON));
        for bad in [-1.0, 1.5, f64::NAN, f64::INFINITY, 1e30] {
            assert_eq!(e.push(bad, 0.0), Err(COUNT_REASON));
        }
        let r = e.finish().unwrap();
        assert_eq!((r.opened, r.sent, r.value), (8, 20, 0.4));

        let mut s = SessionsTally::default();
        for x in [0.0, 2.0, 4.0, 10.0] {
            s.push(x).unwrap();
        }
        assert_eq!(s.push(-2.0), Err(COUNT_REASON));
        assert_eq!(s.finish().median, Ok(3.0));

        let mut g = EngagementTally::default();
        assert_eq!(g.finish().unwrap_err().reason, "no accounts");
        for x in [0.0, 0.0, 1.0] {
            g.push(x).unwrap();
        }
        assert_eq!(g.push(0.5), Err(COUNT_REASON));
        let eg = g.finish().unwrap();
        assert_eq!((eg.active, eg.accounts), (1, 3));
    }

    #[test]
    fn adoption_bands_and_boundaries() {
        let mut t = AdoptionTally::new(AdoptionThresholds::default());
        let cases = [
            (0.0, 10.0, AdoptionBand::Bad),
            (29.0, 100.0, AdoptionBand::Bad),
            (3.0, 10.0, AdoptionBand::Good),
            (7.0, 10.0, AdoptionBand::Good),
            (71.0, 100.0, AdoptionBand::Excellent),
            (10.0, 10.0, AdoptionBand::Excellent),
        ];
        for (u, a, band) in cases {
            assert_eq!(t.push(u, a), Ok(band), "{u}/{a}");
        }
        assert_eq!(t.push(1.0, 0.0), Err(NO_FEATURES_REASON.reason));
        assert_eq!(t.push(2.0, 1.0), Err(FEATURES_USED_REASON.reason));
        let a = t.finish().unwrap();
        assert_eq!((a.accounts, a.bad, a.good, a.excellent), (6, 2, 2, 2));
        let naive = (0.0 + 0.29 + 0.3 + 0.7 + 0.71 + 1.0) / 6.0;
        assert!((a.value - naive).abs() < 1e-12);
        assert_eq!(a.median, Ok(0.5));

        let mut custom = AdoptionTally::new(AdoptionThresholds {
            good_from: 0.5,
            excellent_above: 0.5,
        });
        assert_eq!(custom.push(1.0, 2.0), Ok(AdoptionBand::Good));
        assert_eq!(custom.push(2.0, 3.0), Ok(AdoptionBand::Excellent));
        assert!(custom.finish().is_ok());
        let mut inverted = AdoptionTally::new(AdoptionThresholds {
            good_from: 0.8,
            excellent_above: 0.2,
        });
        inverted.push(1.0, 2.0).unwrap();
        assert!(inverted.finish().is_err());
        assert!(AdoptionTally::new(AdoptionThresholds::default())
            .finish()
            .is_err());
        assert_eq!(
            adoption_rate(2, 1).unwrap_err().reason,
            FEATURES_USED_REASON.reason
        );
    }

    #[test]
    fn upsell_rules() {
        let mut t = UpsellTally::new(UpsellCriteria::default());
        assert!(t.push(true, AdoptionBand::Good, 6.0).unwrap());
        assert!(t.push(true, AdoptionBand::Excellent, 60.0).unwrap());
        assert!(!t.push(false, AdoptionBand::Excellent, 60.0).unwrap());
        assert!(!t.push(true, AdoptionBand::Bad, 60.0).unwrap());
        assert!(!t.push(true, AdoptionBand::Good, 5.0).unwrap());
        assert_eq!(
            t.push(true, AdoptionBand::Good, f64::NAN),
            Err(TENURE_REASON)
        );
        assert_eq!(t.push(true, AdoptionBand::Good, -1.0), Err(TENURE_REASON));
        let u = t.finish().unwrap();
        assert_eq!((u.value, u.accounts, u.share), (2, 5, 0.4));
        let nan = UpsellCriteria {
            min_tenure_months: f64::NAN,
        };
        assert!(!is_upsell_ready(true, AdoptionBand::Excellent, 100.0, &nan));
    }

    fn any_f64() -> impl Strategy<Value = f64> {
        prop_oneof![
            0.0..100.0f64,
            (0u32..100).prop_map(f64::from),
            Just(f64::NAN),
            Just(f64::INFINITY),
            Just(-1.0),
            Just(f64::MAX),
            Just(1.8446744073709552e19),
            any::<f64>(),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn tallies_never_panic_and_stay_finite(
            xs in proptest::collection::vec((any_f64(), any_f64(), any::<i64>(), proptest::option::of(any::<i64>())), 0..30),
            target in any_f64(),
            good in any_f64(),
            excellent in any_f64(),
            productive in any_f64(),
            accounts in any::<u64>(),
        ) {
            let mut on = OnboardingTally::new(target);
            let mut em = EmailOpenTally::default();
            let mut se = SessionsTally::default();
            let mut en = EngagementTally::default();
            let mut ad = AdoptionTally::new(AdoptionThresholds { good_from: good, excellent_above: excellent });
            let mut up = UpsellTally::new(UpsellCriteria { min_tenure_months: target });
            let mut pushed = 0u64;
            for (a, b, s, d) in &xs {
                let _ = on.push(*s, *d);
                let _ = em.push(*a, *b);
                let _ = se.push(*a);
                let _ = en.push(*a);
                if let Ok(band) = ad.push(*b, *a) {
                    prop_assert!(*b <= *a);
                    if up.push(true, band, *a).is_ok() { pushed += 1; }
                }
            }
            let o = on.finish();
            for x in [&o.days.mean, &o.days.median, &o.days.p90, &o.within_target].into_iter().flatten() {
                prop_assert!(x.is_finite() && *x >= 0.0);
            }
            if let Ok(r) = em.finish() { prop_assert!((0.0..=1.0).contains(&r.value)); }
            for x in [se.finish().median].into_iter().flatten() { prop_assert!(x.is_finite()); }
            if let Ok(r) = en.finish() { prop_assert!((0.0..=1.0).contains(&r.value)); }
            if let Ok(r) = ad.finish() {
                prop_assert!((0.0..=1.0).contains(&r.value));
                prop_assert_eq!(r.bad + r.good + r.excellent, r.accounts);
            }
            match up.finish() {
                Ok(r) => prop_assert_eq!(r.accounts, pushed),
                Err(_) => prop_assert_eq!(pushed, 0),
            }
            let act = Activity { name: "x".into(), hours_per_occurrence: good, occurrences_per_year: excellent };
            if let Ok(c) = csm_capacity(&[act.clone(), act], accounts, productive) {
                prop_assert!(c.hours_per_year.is_finite() && c.hours_per_year >= 0.0);
                if let Ok(n) = c.csm_needed { prop_assert!(n.is_finite() && n >= 0.0); }
            }
        }
    }
}
