//! SLA policies: a target per priority (and a default) for first reply and
//! for resolution, on the calendar clock or in business hours
//! ([contract §4.12](crate::contract)).
//!
//! The policy as JSON (`sla_policy` in the settings, `--sla-policy FILE.json`):
//!
//! ```json
//! { "first_reply": { "clock": "business", "default_minutes": 240,
//!                    "by_priority": { "urgent": 30, "high": 60 } },
//!   "resolution":  { "clock": "calendar", "by_priority": { "urgent": 480 } } }
//! ```
//!
//! Priorities match ignoring the case of A–Z and surrounding spaces. A ticket whose
//! priority has no target, with no `default_minutes`, has *no target*: it
//! is counted apart (`no_target`, `no_target_share`) and left out of the
//! attainment.

use super::{Metric, Why};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Why attainment is undefined: no ticket with a target was measured or
/// overdue ([contract §4.12, §7.7](crate::contract)).
pub const NOTHING_MEASURED: Why = Why::new(
    "sla_nothing_measured",
    "no ticket with a target was measured or overdue",
);

/// Most breaches listed in a report figure (all are counted).
pub const BREACHES_LIMIT: usize = 100;

/// Which clock a target is measured on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Clock {
    /// Elapsed time (minutes between the two instants).
    #[default]
    Calendar,
    /// Minutes inside the schedule ([`crate::schedule::Schedule::business_minutes`]).
    Business,
}

impl Clock {
    /// `calendar` or `business`, as in the JSON.
    pub fn name(self) -> &'static str {
        match self {
            Clock::Calendar => "calendar",
            Clock::Business => "business",
        }
    }
}

/// Targets for one measure (first reply or resolution), in minutes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Targets {
    /// The clock the targets are measured on (default calendar).
    pub clock: Clock,
    /// Target for priorities not listed; none: those tickets have no target.
    pub default_minutes: Option<f64>,
    /// Target per priority name.
    pub by_priority: BTreeMap<String, f64>,
}

impl Targets {
    /// The target for a ticket of `priority`: its own (ignoring the case of A–Z and
    /// surrounding spaces), else the default, else none.
    ///
    /// ```
    /// use cxmetrics::metrics::sla::Targets;
    /// let t = Targets { default_minutes: Some(240.0),
    ///     by_priority: [("Urgent".to_string(), 30.0)].into(), ..Targets::default() };
    /// assert_eq!(t.target_for(Some(" urgent ")), Some(30.0));
    /// assert_eq!(t.target_for(Some("low")), Some(240.0));
    /// assert_eq!(Targets::default().target_for(None), None);
    /// ```
    pub fn target_for(&self, priority: Option<&str>) -> Option<f64> {
        priority
            .map(str::trim)
            .and_then(|p| {
                self.by_priority
                    .iter()
                    .find(|(name, _)| name.trim().eq_ignore_ascii_case(p))
                    .map(|(_, m)| *m)
            })
            .or(self.default_minutes)
    }

    /// Checks every target is a number of minutes ≥ 0; `what` names the
    /// measure in the error sentence.
    pub fn check(&self, what: &str) -> Result<(), String> {
        let ok = |m: f64| m.is_finite() && m >= 0.0;
        if let Some(m) = self.default_minutes {
            if !ok(m) {
                return Err(format!(
                    "the default {what} SLA target must be a number of minutes of 0 or more"
                ));
            }
        }
        for (p, m) in &self.by_priority {
            if !ok(*m) {
                return Err(format!(
                    "the {what} SLA target for “{p}” must be a number of minutes of 0 or more"
                ));
            }
        }
        Ok(())
    }
}

/// First-reply and resolution targets.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SlaPolicy {
    /// First-reply targets.
    pub first_reply: Option<Targets>,
    /// Resolution targets.
    pub resolution: Option<Targets>,
}

/// One ticket over its target.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "partials", derive(Deserialize))]
pub struct Breach {
    /// The ticket's id, as written.
    pub id: Option<String>,
    /// Its line in the file.
    pub line: u64,
    /// Its priority, as written.
    pub priority: Option<String>,
    /// The target, minutes.
    pub target_minutes: f64,
    /// The time taken (or, `open`, elapsed at the as-of time), minutes.
    pub actual_minutes: f64,
    /// Not yet replied / resolved at the as-of time.
    pub open: bool,
}

/// Counts for one priority (or all).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[cfg_attr(feature = "partials", derive(Deserialize))]
pub struct Attainment {
    /// The priority as first written (`None`: tickets without one).
    pub priority: Option<String>,
    /// The target (for one priority).
    pub target_minutes: Option<f64>,
    /// Measured within target.
    pub met: u64,
    /// Measured over target.
    pub breached: u64,
    /// Open past the target at the as-of time (breached too).
    pub overdue_open: u64,
    /// Open within the target at the as-of time (not counted yet).
    pub pending_open: u64,
}

impl Attainment {
    /// met ÷ (met + breached + overdue open); undefined when nothing is placed.
    pub fn value(&self) -> Metric<f64> {
        let n = self.met + self.breached + self.overdue_open;
        if n == 0 {
            Err(NOTHING_MEASURED.into())
        } else {
            Ok(self.met as f64 / n as f64)
        }
    }
}

/// What happened to one ticket against one target.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Outcome {
    /// Replied / resolved after this many minutes.
    Measured(f64),
    /// Not yet, this many minutes after creation at the as-of time.
    Open(f64),
}

/// Streaming tally of one measure's attainment ([contract §4.12](crate::contract)):
/// a measured ticket meets its target when its minutes ≤ target; an open
/// ticket older than its target (strictly) is a breach, one within it is
/// pending and left out.
///
/// ```
/// use cxmetrics::metrics::sla::{Outcome, PolicyTally, Targets};
/// let t = Targets { default_minutes: Some(60.0), ..Targets::default() };
/// let mut tally = PolicyTally::new(t);
/// tally.add(Some("High"), Outcome::Measured(30.0), Some("1"), 2);
/// tally.add(Some("high"), Outcome::Measured(90.0), Some("2"), 3);
/// tally.add(None, Outcome::Open(120.0), Some("3"), 4);
/// tally.add(None, Outcome::Open(10.0), Some("4"), 5);
/// let all = tally.overall();
/// assert_eq!((all.met, all.breached, all.overdue_open, all.pending_open), (1, 1, 1, 1));
/// assert_eq!(all.value(), Ok(1.0 / 3.0));
/// assert_eq!(tally.breaches().len(), 2);
/// ```
#[derive(Debug, Clone)]
#[cfg_attr(feature = "partials", derive(Serialize, Deserialize))]
pub struct PolicyTally {
    targets: Targets,
    /// Per priority key (trimmed, ASCII lower case; "" for none).
    groups: BTreeMap<String, Attainment>,
    no_target: u64,
    tickets: u64,
    breaches: Vec<Breach>,
    breach_count: u64,
}

impl PolicyTally {
    /// An empty tally against `targets`.
    pub fn new(targets: Targets) -> Self {
        PolicyTally {
            targets,
            groups: BTreeMap::new(),
            no_target: 0,
            tickets: 0,
            breaches: Vec::new(),
            breach_count: 0,
        }
    }

    /// Adds the tally of `later`, against the same targets, of the tickets
    /// right after these (reading in parts): a priority keeps the writing
    /// seen first, breaches stay listed in file order.
    #[cfg(feature = "partials")]
    pub fn merge(&mut self, later: PolicyTally) {
        for (key, theirs) in later.groups {
            match self.groups.get_mut(&key) {
                Some(g) => {
                    g.met += theirs.met;
                    g.breached += theirs.breached;
                    g.overdue_open += theirs.overdue_open;
                    g.pending_open += theirs.pending_open;
                }
                None => {
                    self.groups.insert(key, theirs);
                }
            }
        }
        self.no_target += later.no_target;
        self.tickets += later.tickets;
        let room = BREACHES_LIMIT.saturating_sub(self.breaches.len());
        self.breaches.extend(later.breaches.into_iter().take(room));
        self.breach_count += later.breach_count;
    }

    /// The targets.
    pub fn targets(&self) -> &Targets {
        &self.targets
    }

    /// Counts a ticket that has no outcome (not measurable): only for the
    /// share without a target.
    pub fn seen(&mut self, priority: Option<&str>) {
        self.tickets += 1;
        if self.targets.target_for(priority).is_none() {
            self.no_target += 1;
        }
    }

    /// Adds one ticket's outcome.
    pub fn add(&mut self, priority: Option<&str>, outcome: Outcome, id: Option<&str>, line: u64) {
        self.tickets += 1;
        let Some(target) = self.targets.target_for(priority) else {
            self.no_target += 1;
            return;
        };
        let key = priority.map_or(String::new(), |p| p.trim().to_ascii_lowercase());
        let g = self.groups.entry(key).or_insert_with(|| Attainment {
            priority: priority.map(|p| p.trim().to_string()),
            target_minutes: Some(target),
            ..Attainment::default()
        });
        let (breach, actual, open) = match outcome {
            Outcome::Measured(m) if m <= target => {
                g.met += 1;
                (false, m, false)
            }
            Outcome::Measured(m) => {
                g.breached += 1;
                (true, m, false)
            }
            Outcome::Open(m) if m > target => {
                g.overdue_open += 1;
                (true, m, true)
            }
            Outcome::Open(_) => {
                g.pending_open += 1;
                (false, 0.0, true)
            }
        };
        if breach {
            self.breach_count += 1;
            if self.breaches.len() < BREACHES_LIMIT {
                self.breaches.push(Breach {
                    id: id.map(str::to_string),
                    line,
                    priority: priority.map(|p| p.trim().to_string()),
                    target_minutes: target,
                    actual_minutes: actual,
                    open,
                });
            }
        }
    }

    /// The counts over every priority.
    pub fn overall(&self) -> Attainment {
        let mut all = Attainment::default();
        for g in self.groups.values() {
            all.met += g.met;
            all.breached += g.breached;
            all.overdue_open += g.overdue_open;
            all.pending_open += g.pending_open;
        }
        all
    }

    /// The counts per priority, in priority-key order.
    pub fn by_priority(&self) -> impl Iterator<Item = &Attainment> {
        self.groups.values()
    }

    /// The breaches listed (the first [`BREACHES_LIMIT`]).
    pub fn breaches(&self) -> &[Breach] {
        &self.breaches
    }

    /// Every breach, listed or not.
    pub fn breach_count(&self) -> u64 {
        self.breach_count
    }

    /// Tickets seen, and those without a target.
    pub fn no_target(&self) -> (u64, u64) {
        (self.no_target, self.tickets)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn priorities_group_and_unlisted_ones_without_default_have_no_target() {
        let t = Targets {
            by_priority: [("Urgent".to_string(), 30.0)].into(),
            ..Targets::default()
        };
        let mut tally = PolicyTally::new(t);
        tally.add(Some("URGENT"), Outcome::Measured(30.0), None, 2);
        tally.add(Some("urgent"), Outcome::Measured(31.0), Some("b"), 3);
        tally.add(Some("Low"), Outcome::Measured(1.0), None, 4);
        tally.seen(Some("low"));
        let groups: Vec<_> = tally.by_priority().collect();
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].priority.as_deref(), Some("URGENT"));
        assert_eq!((groups[0].met, groups[0].breached), (1, 1));
        assert_eq!(tally.no_target(), (2, 4));
        assert_eq!(tally.breaches()[0].actual_minutes, 31.0);
        assert!(PolicyTally::new(Targets::default())
            .overall()
            .value()
            .is_err());
    }

    #[test]
    fn targets_are_checked() {
        let t = Targets {
            default_minutes: Some(-1.0),
            ..Targets::default()
        };
        assert!(t
            .check("first reply")
            .unwrap_err()
            .contains("default first reply"));
        let t = Targets {
            by_priority: [("High".to_string(), f64::NAN)].into(),
            ..Targets::default()
        };
        assert!(t.check("resolution").unwrap_err().contains("“High”"));
    }
}
