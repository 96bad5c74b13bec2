//! Calculators of customer-success operations ([contract §5](crate::contract)): `onboarding`,
//! `email_open_rate`, `engagement`, `adoption`, `upsell` and `csm_capacity`, over
//! [`crate::metrics::success`].

use super::input::*;
use super::output::*;
use crate::error::Error;
use crate::metrics::ratio;
use crate::metrics::success::{
    self, Activity, AdoptionBand, AdoptionTally, AdoptionThresholds, EmailOpenTally,
    OnboardingTally, UpsellCriteria,
};
use crate::metrics::Why;
use crate::report::json;
use crate::report::{figure, number};
use serde_json::Value;

input! {
    struct OnboardingInput {
        days: List<Num>,
        in_onboarding: Num,
        target_days: Num,
    }
}

/// Time to onboard and the share done within the target
/// ([`OnboardingTally`]). Days are counted to the second (the tally works
/// in seconds).
pub(super) fn onboarding(input: &Value) -> Result<Value, Error> {
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
    Ok(json!({
        "time_to_onboard_days": with(o.days.figure(), json!({
            "done": o.done, "in_onboarding": o.in_onboarding,
        })),
        "onboarded_within_target": figure(&o.within_target, json!({
            "accounts_within_target": o.within_target_count, "done": o.done,
            "target_days": number(o.target_days),
        })),
        "settings": { "target_days": number(target_days), "target_days_assumed": target.is_none() },
    }))
}

input! {
    struct EmailInput {
        opened: Num,
        sent: Num,
    }
}

/// Onboarding email open rate ([`EmailOpenTally`]).
pub(super) fn email_open_rate(input: &Value) -> Result<Value, Error> {
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
    let r = tally.finish();
    Ok(json!({
        "email_open_rate": figure(&r.map(|r| r.value), json!({ "opened": opened, "sent": sent })),
    }))
}

input! {
    struct EngagementInput {
        active: Num,
        accounts: Num,
    }
}

/// Engagement ([contract §5](crate::contract)): accounts active ÷ accounts, as the engagement
/// tally's ratio with its reason.
pub(super) fn engagement(input: &Value) -> Result<Value, Error> {
    let i: EngagementInput = parse("engagement", "", input)?;
    part_of_whole(
        ("active", &i.active),
        ("accounts", &i.accounts),
        "active accounts are among all accounts",
        |p, w| ratio(p as f64, w as f64, Why::new("no_accounts", "no accounts")),
        "engaged_accounts",
    )
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

/// Feature adoption over accounts, banded ([`AdoptionTally`]).
pub(super) fn adoption(input: &Value) -> Result<Value, Error> {
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
    let extra = match &a {
        Ok(a) => json!({
            "median": num_or_null(&a.median), "accounts": a.accounts,
            "bands": { "bad": a.bad, "good": a.good, "excellent": a.excellent },
        }),
        Err(_) => json!({ "accounts": 0 }),
    };
    Ok(json!({
        "adoption": figure(&a.map(|a| a.value), extra),
        "settings": {
            "good": number(t.good_from), "excellent": number(t.excellent_above),
            "thresholds_assumed": assumed,
        },
    }))
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

/// Whether one account is upsell-ready ([`success::is_upsell_ready`]),
/// with a sentence per criterion it misses.
pub(super) fn upsell(input: &Value) -> Result<Value, Error> {
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
    Ok(json!({
        "upsell_ready": known(if ready { 1.0 } else { 0.0 }, json!({
            "ready": ready, "why_not": why_not,
        })),
        "settings": { "good": number(good), "min_tenure_months": number(criteria.min_tenure_months) },
    }))
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

/// Bottom-up CSM capacity ([`success::csm_capacity`]).
pub(super) fn csm_capacity(input: &Value) -> Result<Value, Error> {
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
    let settings = json!({
        "productive_hours_per_csm": number(hours),
        "productive_hours_assumed": given.is_none(),
    });
    let (hours_needed, csm_needed) = match success::csm_capacity(&activities, accounts, hours) {
        Ok(c) => {
            let by_activity: Vec<Value> = c
                .by_activity
                .iter()
                .map(|a| json!({ "name": a.name, "hours_per_year": number(a.hours_per_year) }))
                .collect();
            let whole = c.csm_needed_whole.map(|w| w as f64);
            (
                known(
                    c.hours_per_year,
                    json!({ "accounts": accounts, "by_activity": by_activity }),
                ),
                figure(&c.csm_needed, json!({ "whole": num_or_null(&whole) })),
            )
        }
        Err(u) => (
            figure(&Err(u.clone()), json!({})),
            figure(&Err(u), json!({})),
        ),
    };
    Ok(json!({ "hours_needed": hours_needed, "csm_needed": csm_needed, "settings": settings }))
}
