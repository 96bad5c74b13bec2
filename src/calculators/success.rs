//! Calculators of customer-success operations ([contract §5](crate::contract)): `onboarding`,
//! `email_open_rate`, `engagement`, `adoption`, `upsell` and `csm_capacity`, over
//! [`crate::metrics::success`].

use super::input::*;
use super::output::*;
use crate::datasets::accounts::{AdoptionDetails, Bands, DurationDetails, OnboardingDays};
use crate::error::Error;
use crate::metrics::ratio;
use crate::metrics::success::{
    self, Activity, ActivityHours, AdoptionBand, AdoptionTally, AdoptionThresholds, EmailOpenTally,
    OnboardingTally, UpsellCriteria,
};
use crate::metrics::Why;
use crate::report::Figure;
use serde::Serialize;
use serde_json::Value;

input! {
    struct OnboardingInput {
        days: List<Num>,
        in_onboarding: Num,
        target_days: Num,
    }
}

/// The counts beside the share onboarded within the target.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(super) struct WithinTarget {
    /// Accounts done within the target.
    accounts_within_target: u64,
    /// Accounts done.
    done: u64,
    /// The target in days.
    target_days: f64,
}

/// The onboarding target used.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(super) struct OnboardingSettings {
    /// Target in days.
    target_days: f64,
    /// Whether the target is the default.
    target_days_assumed: bool,
}

/// The answer of `onboarding`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(super) struct OnboardingAnswer {
    /// Median days to onboard, with the statistics (as the accounts report
    /// gives them).
    time_to_onboard_days: Figure<f64, OnboardingDays>,
    /// Share of accounts done within the target.
    onboarded_within_target: Figure<f64, WithinTarget>,
    /// The target used.
    settings: OnboardingSettings,
}

/// Time to onboard and the share done within the target
/// ([`OnboardingTally`]). Days are counted to the second (the tally works
/// in seconds).
pub(super) fn onboarding(input: &Value) -> Result<OnboardingAnswer, Error> {
    let i: OnboardingInput = parse("onboarding", "", input)?;
    let days = i
        .days
        .numbers("days")?
        .ok_or_else(|| missing("days", "a list of days to onboard, one per account done"))?;
    let in_onboarding = i.in_onboarding.count_or("in_onboarding", 0)?;
    let target = i.target_days.amount_opt("target_days")?;
    let target_days = target.unwrap_or(success::DEFAULT_ONBOARDING_TARGET_DAYS);
    let mut tally = OnboardingTally::new(target_days);
    let expected = format!("a number of days from 0 to {}", show(MAX_DAYS));
    for (p, d) in &days {
        let x = d
            .checked(p, &expected, |x| (0.0..=MAX_DAYS).contains(&x))?
            .ok_or_else(|| missing(p, &expected))?;
        let seconds = (x * 86_400.0).round() as i64;
        tally
            .push(0, Some(seconds))
            .map_err(|reason| Error::settings(format!("{}: {reason}.", quote(p))))?;
    }
    let mut o = tally.finish();
    o.in_onboarding = in_onboarding;
    Ok(OnboardingAnswer {
        time_to_onboard_days: Figure::new(
            o.days.median.clone(),
            OnboardingDays {
                stats: DurationDetails::of(&o.days),
                done: o.done,
                in_onboarding: o.in_onboarding,
            },
        ),
        onboarded_within_target: Figure::new(
            o.within_target,
            WithinTarget {
                accounts_within_target: o.within_target_count,
                done: o.done,
                target_days: o.target_days,
            },
        ),
        settings: OnboardingSettings {
            target_days,
            target_days_assumed: target.is_none(),
        },
    })
}

input! {
    struct EmailInput {
        opened: Num,
        sent: Num,
    }
}

/// The counts beside the open rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(super) struct OpenCounts {
    /// Emails opened.
    opened: u64,
    /// Emails sent.
    sent: u64,
}

/// The answer of `email_open_rate`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(super) struct EmailAnswer {
    /// Opened ÷ sent.
    email_open_rate: Figure<f64, OpenCounts>,
}

/// Onboarding email open rate ([`EmailOpenTally`]).
pub(super) fn email_open_rate(input: &Value) -> Result<EmailAnswer, Error> {
    let i: EmailInput = parse("email_open_rate", "", input)?;
    let opened = i.opened.count("opened")?;
    let sent = i.sent.count("sent")?;
    at_most(
        ("opened", opened),
        ("sent", sent),
        "opened emails are among the sent ones",
    )?;
    let mut tally = EmailOpenTally::default();
    tally
        .push(sent as f64, opened as f64)
        .map_err(|reason| Error::settings(format!("{reason}.")))?;
    Ok(EmailAnswer {
        email_open_rate: Figure::new(tally.finish().map(|r| r.value), OpenCounts { opened, sent }),
    })
}

input! {
    struct EngagementInput {
        active: Num,
        accounts: Num,
    }
}

/// The counts beside the engagement figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(super) struct ActiveCounts {
    /// Accounts active.
    active: u64,
    /// All accounts.
    accounts: u64,
}

/// The answer of `engagement`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(super) struct EngagementAnswer {
    /// Active ÷ accounts.
    engaged_accounts: Figure<f64, ActiveCounts>,
}

/// Engagement ([contract §5](crate::contract)): accounts active ÷ accounts, as the engagement
/// tally's ratio with its reason.
pub(super) fn engagement(input: &Value) -> Result<EngagementAnswer, Error> {
    let i: EngagementInput = parse("engagement", "", input)?;
    let (active, accounts) = part_of_whole(
        ("active", &i.active),
        ("accounts", &i.accounts),
        "active accounts are among all accounts",
    )?;
    Ok(EngagementAnswer {
        engaged_accounts: Figure::new(
            ratio(
                active as f64,
                accounts as f64,
                Why::new("no_accounts", "no accounts"),
            ),
            ActiveCounts { active, accounts },
        ),
    })
}

input! {
    struct AdoptionInput {
        accounts: List<AccountFeatures>,
        good: Num,
        excellent: Num,
    }
}

input! {
    struct AccountFeatures {
        features_used: Num,
        features_available: Num,
    }
}

/// Band thresholds `good` ≤ `excellent`, fractions, defaults 0.30 / 0.70.
pub(super) fn thresholds(good: &Num, excellent: &Num) -> Result<(AdoptionThresholds, bool), Error> {
    let d = AdoptionThresholds::default();
    let g = good.fraction_opt("good")?;
    let e = excellent.fraction_opt("excellent")?;
    let t = AdoptionThresholds {
        good_from: g.unwrap_or(d.good_from),
        excellent_above: e.unwrap_or(d.excellent_above),
    };
    if !t.is_valid() {
        return Err(Error::settings(format!(
            "“good” ({}) cannot be above “excellent” ({}).",
            show(t.good_from),
            show(t.excellent_above)
        )));
    }
    Ok((t, g.is_none() && e.is_none()))
}

/// The accounts beside an undefined adoption.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub(super) struct AccountCount {
    /// Accounts given (0: the only way adoption is undefined).
    accounts: u64,
}

/// The thresholds `adoption` banded with.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(super) struct AdoptionSettings {
    /// The good band starts here.
    good: f64,
    /// The excellent band starts above this.
    excellent: f64,
    /// Whether both are the defaults.
    thresholds_assumed: bool,
}

/// The answer of `adoption`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(super) struct AdoptionAnswer {
    /// Mean share of features used, with the median and the bands (as the
    /// accounts report gives them).
    adoption: Figure<f64, Either<AdoptionDetails, AccountCount>>,
    /// The thresholds used.
    settings: AdoptionSettings,
}

/// Feature adoption over accounts, banded ([`AdoptionTally`]).
pub(super) fn adoption(input: &Value) -> Result<AdoptionAnswer, Error> {
    const CALC: &str = "adoption";
    let i: AdoptionInput = parse(CALC, "", input)?;
    let (t, assumed) = thresholds(&i.good, &i.excellent)?;
    let accounts = i.accounts.records(CALC, "accounts")?.ok_or_else(|| {
        missing(
            "accounts",
            "a list of {\"features_used\", \"features_available\"} objects",
        )
    })?;
    let mut tally = AdoptionTally::new(t);
    for (p, a) in &accounts {
        let used = a.features_used.count(&at(p, "features_used"))?;
        let available = a.features_available.count(&at(p, "features_available"))?;
        if available == 0 {
            return Err(Error::settings(format!(
                "{} must be at least 1: {}.",
                quote(&at(p, "features_available")),
                success::NO_FEATURES_REASON
            )));
        }
        at_most(
            (&at(p, "features_used"), used),
            (&at(p, "features_available"), available),
            "used features are among the available ones",
        )?;
        tally
            .push(used as f64, available as f64)
            .map_err(|reason| Error::settings(format!("{}: {reason}.", quote(p))))?;
    }
    let a = tally.finish();
    let details = match &a {
        Ok(a) => Either::Full(AdoptionDetails {
            median: value_or_null(&a.median),
            accounts: a.accounts,
            bands: Bands {
                bad: a.bad,
                good: a.good,
                excellent: a.excellent,
            },
        }),
        Err(_) => Either::Short(AccountCount { accounts: 0 }),
    };
    Ok(AdoptionAnswer {
        adoption: Figure::new(a.map(|a| a.value), details),
        settings: AdoptionSettings {
            good: t.good_from,
            excellent: t.excellent_above,
            thresholds_assumed: assumed,
        },
    })
}

input! {
    struct UpsellInput {
        paid_up: Flag,
        adoption: Num,
        tenure_months: Num,
        min_tenure_months: Num,
        good: Num,
    }
}

/// Beside the upsell figure: the verdict and what the account misses.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(super) struct UpsellVerdict {
    /// Whether the account is upsell-ready.
    ready: bool,
    /// One sentence per criterion it misses.
    why_not: Vec<String>,
}

/// The criteria `upsell` checked against.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(super) struct UpsellSettings {
    /// The good adoption band starts here.
    good: f64,
    /// Minimum tenure in months.
    min_tenure_months: f64,
}

/// The answer of `upsell`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(super) struct UpsellAnswer {
    /// 1 when ready, else 0.
    upsell_ready: Figure<f64, UpsellVerdict>,
    /// The criteria used.
    settings: UpsellSettings,
}

/// Whether one account is upsell-ready ([`success::is_upsell_ready`]),
/// with a sentence per criterion it misses.
pub(super) fn upsell(input: &Value) -> Result<UpsellAnswer, Error> {
    let i: UpsellInput = parse("upsell", "", input)?;
    let paid_up = i.paid_up.flag("paid_up")?;
    let adoption = i.adoption.fraction("adoption")?;
    let tenure = i.tenure_months.amount("tenure_months")?;
    let criteria = UpsellCriteria {
        min_tenure_months: i
            .min_tenure_months
            .amount_opt("min_tenure_months")?
            .unwrap_or(UpsellCriteria::default().min_tenure_months),
    };
    let good = i
        .good
        .fraction_opt("good")?
        .unwrap_or(AdoptionThresholds::default().good_from);
    let band = AdoptionThresholds {
        good_from: good,
        excellent_above: 1.0,
    }
    .band(adoption);
    let ready = success::is_upsell_ready(paid_up, band, tenure, &criteria);
    let mut why_not = Vec::new();
    if !paid_up {
        why_not
            .push("the account is not paid up: late payers are never upsell targets".to_string());
    }
    if band < AdoptionBand::Good {
        why_not.push(format!(
            "adoption {} is below the good band (from {})",
            show(adoption),
            show(good)
        ));
    }
    if tenure < criteria.min_tenure_months {
        why_not.push(format!(
            "tenure {} months is below the minimum {} months",
            show(tenure),
            show(criteria.min_tenure_months)
        ));
    }
    Ok(UpsellAnswer {
        upsell_ready: known_figure(
            if ready { 1.0 } else { 0.0 },
            UpsellVerdict { ready, why_not },
        ),
        settings: UpsellSettings {
            good,
            min_tenure_months: criteria.min_tenure_months,
        },
    })
}

input! {
    struct CsmInput {
        activities: List<ActivityInput>,
        accounts: Num,
        productive_hours_per_csm: Num,
    }
}

input! {
    struct ActivityInput {
        name: Text,
        hours_per_occurrence: Num,
        occurrences_per_year: Num,
    }
}

/// The default productive hours per CSM per year (settings.rs: 1,400).
pub(super) const DEFAULT_PRODUCTIVE_HOURS: f64 = 1_400.0;

/// Beside the hours needed: the accounts and each activity's hours.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(super) struct HoursDetails {
    /// Accounts served.
    accounts: u64,
    /// Hours per year of each activity, for all accounts.
    by_activity: Vec<ActivityHours>,
}

/// Beside the CSMs needed: the number rounded up.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(super) struct WholeCsms {
    /// CSMs needed, whole (`null` when too large).
    whole: Option<f64>,
}

/// The productive hours `csm_capacity` used.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(super) struct CsmSettings {
    /// Productive hours per CSM per year.
    productive_hours_per_csm: f64,
    /// Whether they are the default.
    productive_hours_assumed: bool,
}

/// The answer of `csm_capacity`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(super) struct CsmAnswer {
    /// Hours per year all activities need.
    hours_needed: Figure<f64, Option<HoursDetails>>,
    /// Hours needed ÷ productive hours per CSM.
    csm_needed: Figure<f64, Option<WholeCsms>>,
    /// The hours used.
    settings: CsmSettings,
}

/// Bottom-up CSM capacity ([`success::csm_capacity`]).
pub(super) fn csm_capacity(input: &Value) -> Result<CsmAnswer, Error> {
    const CALC: &str = "csm_capacity";
    let i: CsmInput = parse(CALC, "", input)?;
    let list = i.activities.records(CALC, "activities")?.ok_or_else(|| {
        missing(
            "activities",
            "a list of {\"name\", \"hours_per_occurrence\", \"occurrences_per_year\"} objects",
        )
    })?;
    let activities = list
        .iter()
        .map(|(p, a)| {
            Ok(Activity {
                name: a.name.text(&at(p, "name"))?,
                hours_per_occurrence: a
                    .hours_per_occurrence
                    .amount(&at(p, "hours_per_occurrence"))?,
                occurrences_per_year: a
                    .occurrences_per_year
                    .amount(&at(p, "occurrences_per_year"))?,
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    let accounts = i.accounts.count("accounts")?;
    let given = i.productive_hours_per_csm.checked(
        "productive_hours_per_csm",
        "a number greater than 0",
        |x| x > 0.0,
    )?;
    let hours = given.unwrap_or(DEFAULT_PRODUCTIVE_HOURS);
    let settings = CsmSettings {
        productive_hours_per_csm: hours,
        productive_hours_assumed: given.is_none(),
    };
    let (hours_needed, csm_needed) = match success::csm_capacity(&activities, accounts, hours) {
        Ok(c) => {
            let whole = c.csm_needed_whole.map(|w| w as f64);
            (
                known_figure(
                    c.hours_per_year,
                    Some(HoursDetails {
                        accounts,
                        by_activity: c.by_activity,
                    }),
                ),
                Figure::new(
                    c.csm_needed,
                    Some(WholeCsms {
                        whole: value_or_null(&whole),
                    }),
                ),
            )
        }
        Err(u) => (Figure::new(Err(u.clone()), None), Figure::new(Err(u), None)),
    };
    Ok(CsmAnswer {
        hours_needed,
        csm_needed,
        settings,
    })
}
