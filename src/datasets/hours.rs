//! Business hours and SLA policies for the tickets report
//! ([contract §4.12](crate::contract)): the hook [`super::tickets`] calls for
//! each accepted ticket when a schedule or an SLA policy is set.
//!
//! - With a schedule, `first_response_minutes_business` and
//!   `resolution_minutes_business` are computed from the timestamps
//!   ([`Schedule::business_minutes`]), a reply or resolution the export
//!   gives only as calendar minutes being placed at created + minutes;
//!   when the export also has Zendesk's
//!   business-hours columns, theirs are reported as
//!   `first_response_minutes_business_export` /
//!   `resolution_minutes_business_export`, and `business_hours_check`
//!   compares the two ticket by ticket.
//! - With a policy, `first_reply_sla` and `resolution_sla` give the
//!   attainment overall and per priority, the breaches and the share of
//!   tickets without a target ([`PolicyTally`]).
//!
//! Timestamps: a cell that writes its offset (`Z`, `+01:00`, `UTC`) or a
//! Unix time is a true instant; any other is a wall-clock reading in the
//! schedule's zone ([`Schedule::instant`]). Without a schedule, times are
//! taken as the file writes them.

use super::tickets::accumulator::Ticket;
use super::tickets::figures::Durations;
use super::tickets::NO_REPLY_COLUMN_REASON;
use super::{Context, Row};
use crate::error::Error;
use crate::ingest::columns::Field;
use crate::metrics::sla::{Attainment, Breach, Clock, Outcome, PolicyTally, SlaPolicy, Targets};
use crate::metrics::stats::DurationStats;
use crate::report::Figure;
use crate::schedule::{names_instant, Schedule, ScheduleSpec};
use crate::settings::Settings;
use serde::Serialize;

/// Two business-hours values (computed and exported) differing by more
/// than this many minutes are "differing": Zendesk writes whole minutes.
pub const CHECK_TOLERANCE_MINUTES: f64 = 1.0;
/// Most differing tickets listed in `business_hours_check`.
pub const CHECK_EXAMPLES: usize = 10;
/// Longest duration column (seconds, a thousand years) that places a reply
/// or resolution after the created time; a longer one is left unplaced.
const MAX_DERIVED_SECONDS: f64 = 1000.0 * 366.0 * 86_400.0;

/// Why a business-hours SLA target cannot be measured without a schedule.
pub const NO_SCHEDULE_REASON: &str =
    "a business-hours SLA target needs a schedule: set the opening hours (--hours or --schedule)";

/// A ticket not yet replied to (or resolved), aged at the as-of time.
#[derive(Debug, Clone)]
#[cfg_attr(feature = "partials", derive(serde::Serialize, serde::Deserialize))]
struct Open {
    /// Created: the instant, and the file's reading (to compare with as-of).
    created: i64,
    created_raw: i64,
    priority: Option<Box<str>>,
    id: Option<Box<str>>,
    line: u64,
}

/// The comparison of computed and exported business-hours minutes.
#[derive(Debug, Clone, Default)]
#[cfg_attr(feature = "partials", derive(serde::Serialize, serde::Deserialize))]
struct Check {
    compared: u64,
    differing: u64,
    largest: f64,
    examples: Vec<Difference>,
}

/// One ticket whose computed business minutes differ from the export's.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "partials", derive(serde::Deserialize))]
pub struct Difference {
    /// The ticket's id, as written.
    pub id: Option<String>,
    /// Its line in the file.
    pub line: u64,
    /// `first_response_minutes_business` or `resolution_minutes_business`.
    pub figure: BusinessFigure,
    /// The minutes computed from the time stamps and the schedule.
    pub computed: f64,
    /// The minutes of the export's own column.
    pub exported: f64,
}

/// The figure a [`Difference`] is about (written as its id).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "partials", derive(serde::Deserialize))]
#[serde(rename_all = "snake_case")]
pub enum BusinessFigure {
    /// `first_response_minutes_business`.
    FirstResponseMinutesBusiness,
    /// `resolution_minutes_business`.
    ResolutionMinutesBusiness,
}

impl Check {
    /// Adds the comparisons of the tickets right after these.
    #[cfg(feature = "partials")]
    fn merge(&mut self, later: Check) {
        self.compared += later.compared;
        self.differing += later.differing;
        if later.largest > self.largest {
            self.largest = later.largest;
        }
        let room = CHECK_EXAMPLES.saturating_sub(self.examples.len());
        self.examples.extend(later.examples.into_iter().take(room));
    }

    fn add(
        &mut self,
        what: BusinessFigure,
        id: Option<&str>,
        line: u64,
        computed: f64,
        exported: f64,
    ) {
        self.compared += 1;
        let d = (computed - exported).abs();
        if d > CHECK_TOLERANCE_MINUTES {
            self.differing += 1;
            if self.examples.len() < CHECK_EXAMPLES {
                self.examples.push(Difference {
                    id: id.map(str::to_string),
                    line,
                    figure: what,
                    computed,
                    exported,
                });
            }
        }
        if d > self.largest {
            self.largest = d;
        }
    }
}

/// One measure's SLA tally with the open tickets to age at the end.
#[derive(Debug, Clone)]
#[cfg_attr(feature = "partials", derive(serde::Serialize, serde::Deserialize))]
struct Measure {
    tally: PolicyTally,
    open: Vec<Open>,
}

impl Measure {
    fn new(targets: Targets) -> Self {
        Measure {
            tally: PolicyTally::new(targets),
            open: Vec::new(),
        }
    }

    fn clock(&self) -> Clock {
        self.tally.targets().clock
    }
}

/// The per-ticket hook (see the module doc).
#[derive(Debug)]
#[cfg_attr(feature = "partials", derive(serde::Serialize, serde::Deserialize))]
pub struct BusinessHours {
    /// Not saved: the loading side has the same one ([`Self::restore`]).
    #[cfg_attr(feature = "partials", serde(skip))]
    schedule: Option<Schedule>,
    as_of: Option<i64>,
    frt: DurationStats,
    resolution: DurationStats,
    check: Check,
    exported: bool,
    reply_column: bool,
    first_reply: Option<Measure>,
    resolution_sla: Option<Measure>,
    /// A created time was a wall-clock reading (so the as-of time is one).
    readings: bool,
    /// The policy as set, echoed in the report's settings.
    policy: Option<SlaPolicy>,
}

/// The times of a ticket as instants.
struct Times {
    created: Option<i64>,
    reply: Option<i64>,
    solved: Option<i64>,
}

impl BusinessHours {
    /// The hook for these settings; `None` when neither a schedule nor a
    /// policy is set. Errors (one sentence): a schedule that does not read,
    /// a target that is not minutes ≥ 0, a business-hours target without a
    /// schedule.
    pub fn new(
        settings: &Settings,
        ctx: &Context,
        as_of: Option<i64>,
    ) -> Result<Option<Self>, Error> {
        if settings.schedule.is_none() && settings.sla_policy.is_none() {
            return Ok(None);
        }
        let schedule = match &settings.schedule {
            Some(spec) => Some(Schedule::new(spec).map_err(Error::settings)?),
            None => None,
        };
        let policy = settings.sla_policy.clone().unwrap_or_default();
        for (targets, what) in [
            (&policy.first_reply, "first reply"),
            (&policy.resolution, "resolution"),
        ] {
            if let Some(t) = targets {
                t.check(what).map_err(Error::settings)?;
                if t.clock == Clock::Business && schedule.is_none() {
                    return Err(Error::settings(NO_SCHEDULE_REASON));
                }
            }
        }
        let echo = settings.sla_policy.clone();
        let SlaPolicy {
            first_reply,
            resolution,
        } = policy;
        Ok(Some(BusinessHours {
            schedule,
            as_of,
            frt: DurationStats::default(),
            resolution: DurationStats::default(),
            check: Check::default(),
            exported: ctx.column(Field::FirstReplyMinutesBusiness).is_some()
                || ctx.column(Field::ResolutionMinutesBusiness).is_some(),
            reply_column: ctx.column(Field::FirstReplyAt).is_some()
                || ctx.column(Field::FirstReplyMinutes).is_some(),
            first_reply: first_reply.map(Measure::new),
            resolution_sla: resolution.map(Measure::new),
            readings: false,
            policy: echo,
        }))
    }

    /// Takes in `later`, opened with the same settings, of the tickets right
    /// after these (reading in parts): open tickets are aged at the end in
    /// file order, as one pass does.
    #[cfg(feature = "partials")]
    pub fn merge(&mut self, later: BusinessHours) {
        self.frt.merge(later.frt);
        self.resolution.merge(later.resolution);
        self.check.merge(later.check);
        self.readings |= later.readings;
        for (mine, theirs) in [
            (&mut self.first_reply, later.first_reply),
            (&mut self.resolution_sla, later.resolution_sla),
        ] {
            if let (Some(mine), Some(theirs)) = (mine, theirs) {
                mine.tally.merge(theirs.tally);
                mine.open.extend(theirs.open);
            }
        }
    }

    /// Puts back, in a loaded hook, what is not saved: the schedule of
    /// `opened` (the hook the loading side opened with the same settings).
    #[cfg(feature = "partials")]
    pub fn restore(&mut self, opened: &BusinessHours) {
        self.schedule = opened.schedule.clone();
    }

    /// Whether a schedule is set (then the business-hours ids are computed).
    pub fn has_schedule(&self) -> bool {
        self.schedule.is_some()
    }

    /// The instant of a time read from `field`'s cell.
    fn instant(&mut self, raw: i64, row: &Row, field: Field) -> i64 {
        match &self.schedule {
            Some(s) if !row.text(field).is_some_and(names_instant) => {
                if field == Field::TicketCreatedAt {
                    self.readings = true;
                }
                s.instant(raw)
            }
            _ => raw,
        }
    }

    fn minutes(&self, clock: Clock, from: i64, to: i64) -> Option<f64> {
        match (clock, &self.schedule) {
            (Clock::Business, Some(s)) => Some(s.business_minutes(from, to)),
            (Clock::Business, None) => None,
            (Clock::Calendar, _) => Some(to.saturating_sub(from).max(0) as f64 / 60.0),
        }
    }

    /// One accepted ticket (`t` as the core took it; `exported`: Zendesk's
    /// business-hours first reply and resolution minutes).
    pub fn push(&mut self, row: &Row, t: &Ticket, exported: (Option<f64>, Option<f64>)) {
        let line = row.record.line;
        let id = row.text(Field::TicketId);
        let reply_span = t.first_reply_span();
        let solved_span = t.resolution_span().filter(|_| t.is_solved());
        let created = t
            .created
            .map(|c| self.instant(c, row, Field::TicketCreatedAt));
        // Without the reply (or solved) time stamp, the export's calendar
        // minutes place it: created + minutes, as instants and as the
        // file's readings. Not from a created date without a time of day.
        let derived = |minutes: Option<f64>| match (t.created, created, minutes) {
            (Some(raw), Some(c), Some(m)) if raw.rem_euclid(86_400) != 0 => {
                let s = (m * 60.0).round();
                if s.is_finite() && (0.0..=MAX_DERIVED_SECONDS).contains(&s) {
                    Some((raw.saturating_add(s as i64), c.saturating_add(s as i64)))
                } else {
                    None
                }
            }
            _ => None,
        };
        let reply_at: Option<(i64, i64)> = match reply_span {
            Some((_, r)) => Some((r, self.instant(r, row, Field::FirstReplyAt))),
            None => derived(t.first_reply_minutes),
        };
        let solved_at: Option<(i64, i64)> = match solved_span {
            Some((_, x)) => Some((x, self.instant(x, row, Field::SolvedAt))),
            None if t.is_solved() && t.solved_at.is_none() => derived(t.resolution_minutes),
            None => None,
        };
        let times = Times {
            created,
            reply: reply_at.map(|r| r.1),
            solved: solved_at.map(|x| x.1),
        };
        // Business minutes from the timestamps.
        let frt_business = match (&self.schedule, times.created, times.reply) {
            (Some(s), Some(c), Some(r)) => Some(s.business_minutes(c, r)),
            _ => None,
        };
        let res_business = match (&self.schedule, times.created, times.solved) {
            (Some(s), Some(c), Some(x)) => Some(s.business_minutes(c, x)),
            _ => None,
        };
        if let Some(m) = frt_business {
            let _ = self.frt.push(m);
        }
        if let Some(m) = res_business {
            let _ = self.resolution.push(m);
        }
        if let (Some(a), Some(b)) = (frt_business, exported.0) {
            self.check
                .add(BusinessFigure::FirstResponseMinutesBusiness, id, line, a, b);
        }
        if let (Some(a), Some(b), true) = (res_business, exported.1, t.is_solved()) {
            self.check
                .add(BusinessFigure::ResolutionMinutesBusiness, id, line, a, b);
        }

        // SLA policies. A ticket created after an explicit as-of did not
        // exist yet; a reply or resolution after it has not happened yet.
        let after_as_of = |x: Option<i64>| matches!((self.as_of, x), (Some(a), Some(x)) if x > a);
        if after_as_of(t.created) {
            return;
        }
        let replied_late = after_as_of(reply_at.map(|r| r.0));
        let solved_late = after_as_of(solved_at.map(|x| x.0));
        if let Some(clock) = self.first_reply.as_ref().map(Measure::clock) {
            let measured = match (clock, times.created, times.reply) {
                _ if replied_late => None,
                (Clock::Calendar, _, _) if reply_span.is_none() => t.first_reply_minutes,
                (_, Some(c), Some(r)) => self.minutes(clock, c, r),
                (Clock::Business, _, _) if reply_at.is_none() => exported.0,
                _ => None,
            };
            let unreplied = (replied_late
                || (t.first_reply.is_none() && t.first_reply_minutes.is_none()))
                && !t.reply_unknown;
            self.place(true, t, measured, unreplied, created, id, line);
        }
        if let Some(clock) = self.resolution_sla.as_ref().map(Measure::clock) {
            let measured = match (clock, times.created, times.solved) {
                _ if solved_late || !t.is_solved() => None,
                (Clock::Calendar, _, _) if solved_span.is_none() => t.resolution_minutes,
                (_, Some(c), Some(x)) => self.minutes(clock, c, x),
                (Clock::Business, _, _) if solved_at.is_none() => exported.1,
                _ => None,
            };
            let unsolved = solved_late || !t.is_solved();
            self.place(false, t, measured, unsolved, created, id, line);
        }
    }

    /// Adds a ticket to one measure: measured, open (aged at the end), or
    /// only seen.
    #[allow(clippy::too_many_arguments)]
    fn place(
        &mut self,
        reply: bool,
        t: &Ticket,
        measured: Option<f64>,
        open: bool,
        created: Option<i64>,
        id: Option<&str>,
        line: u64,
    ) {
        let measure = if reply {
            self.first_reply.as_mut()
        } else {
            self.resolution_sla.as_mut()
        };
        let Some(m) = measure else { return };
        match (measured, open, created, t.created) {
            (Some(x), _, _, _) => m.tally.add(t.priority, Outcome::Measured(x), id, line),
            (None, true, Some(c), Some(raw)) => m.open.push(Open {
                created: c,
                created_raw: raw,
                priority: t.priority.map(Into::into),
                id: id.map(Into::into),
                line,
            }),
            _ => m.tally.seen(t.priority),
        }
    }

    /// The figures and settings of business hours and the SLA policies;
    /// `as_of` is the core's (the setting, else the latest time in the
    /// file, as the file writes it); `exported` are the figures of the
    /// export's own business-hours columns (reported as `…_export` when a
    /// schedule computes them from the time stamps).
    pub fn finish(
        mut self,
        as_of: Option<i64>,
        exported: (Option<DurationFigure>, Option<DurationFigure>),
    ) -> HoursReport {
        let as_of_instant = match (&self.schedule, as_of) {
            (Some(s), Some(a)) if self.readings => Some(s.instant(a)),
            (_, a) => a,
        };
        let mut figures = HoursFigures::default();
        if self.schedule.is_some() {
            if self.exported {
                let c = std::mem::take(&mut self.check);
                figures.first_response_minutes_business_export = exported.0;
                figures.resolution_minutes_business_export = exported.1;
                figures.business_hours_check = Some(Figure::new(
                    Ok(c.differing),
                    CheckDetails {
                        compared: c.compared,
                        differing: c.differing,
                        largest_difference_minutes: c.largest,
                        tolerance_minutes: CHECK_TOLERANCE_MINUTES,
                        examples: c.examples,
                    },
                ));
            }
            figures.first_response_minutes_business = Some(Durations::figure(&self.frt.finish()));
            figures.resolution_minutes_business =
                Some(Durations::figure(&self.resolution.finish()));
        }
        for reply in [true, false] {
            let measure = if reply {
                self.first_reply.take()
            } else {
                self.resolution_sla.take()
            };
            let Some(mut measure) = measure else { continue };
            for o in std::mem::take(&mut measure.open) {
                let elapsed = match (as_of, as_of_instant) {
                    (Some(raw), Some(a)) if o.created_raw <= raw => {
                        self.minutes(measure.clock(), o.created, a.max(o.created))
                    }
                    _ => None,
                };
                match elapsed {
                    Some(e) => measure.tally.add(
                        o.priority.as_deref(),
                        Outcome::Open(e),
                        o.id.as_deref(),
                        o.line,
                    ),
                    None => measure.tally.seen(o.priority.as_deref()),
                }
            }
            let figure = if reply && !self.reply_column {
                SlaFigure::Unknown(Figure::new(
                    Err(NO_REPLY_COLUMN_REASON.into()),
                    ClockOnly {
                        clock: measure.clock(),
                    },
                ))
            } else {
                SlaFigure::Tally(tally_figure(&measure.tally))
            };
            if reply {
                figures.first_reply_sla = Some(figure);
            } else {
                figures.resolution_sla = Some(figure);
            }
        }
        HoursReport {
            figures,
            settings: HoursSettings {
                schedule: self.schedule.as_ref().map(|s| s.spec().clone()),
                sla_policy: self.policy.take(),
            },
        }
    }
}

/// A duration figure in minutes, as the tickets report writes them.
pub type DurationFigure = Figure<f64, Durations>;

/// What [`BusinessHours::finish`] adds to the tickets report.
#[derive(Debug, Clone, PartialEq)]
pub struct HoursReport {
    /// Into `Report.metrics` ([`crate::report::Report::set_metrics`]).
    pub figures: HoursFigures,
    /// Into `Report.settings` ([`crate::report::Report::set_settings`]).
    pub settings: HoursSettings,
}

/// The business-hours and SLA figures, by report id ([contract §4.12,
/// §8](crate::contract)); those not computed are left out.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct HoursFigures {
    /// First reply in business minutes, from the time stamps (a schedule set).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_response_minutes_business: Option<DurationFigure>,
    /// Resolution in business minutes, from the time stamps (a schedule set).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolution_minutes_business: Option<DurationFigure>,
    /// The export's own business first-reply minutes, beside the schedule's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_response_minutes_business_export: Option<DurationFigure>,
    /// The export's own business resolution minutes, beside the schedule's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolution_minutes_business_export: Option<DurationFigure>,
    /// Tickets whose computed and exported business minutes differ.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub business_hours_check: Option<Figure<u64, CheckDetails>>,
    /// First-reply SLA attainment (a policy for first reply set).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_reply_sla: Option<SlaFigure>,
    /// Resolution SLA attainment (a policy for resolution set).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolution_sla: Option<SlaFigure>,
}

/// The schedule and policy used, echoed into the report's settings.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct HoursSettings {
    /// The schedule as read (the zone's canonical name).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schedule: Option<ScheduleSpec>,
    /// The SLA policy as set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sla_policy: Option<SlaPolicy>,
}

/// The details of `business_hours_check` (its value: the differing tickets).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckDetails {
    /// Tickets with both a computed and an exported value.
    pub compared: u64,
    /// Of those, the ones differing by more than the tolerance.
    pub differing: u64,
    /// The largest difference, minutes.
    pub largest_difference_minutes: f64,
    /// [`CHECK_TOLERANCE_MINUTES`].
    pub tolerance_minutes: f64,
    /// The first [`CHECK_EXAMPLES`] differing tickets.
    pub examples: Vec<Difference>,
}

/// An SLA attainment figure: the tally, or unknown (no first-reply column)
/// with the clock it would use.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum SlaFigure {
    /// Attainment, a fraction, with its counts, groups and breaches.
    Tally(Figure<f64, TallyDetails>),
    /// Undefined before any ticket: the file cannot say.
    Unknown(Figure<f64, ClockOnly>),
}

/// The clock beside an SLA figure that cannot be measured.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ClockOnly {
    /// The measure's clock.
    pub clock: Clock,
}

/// The details of an SLA attainment figure.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TallyDetails {
    /// The measure's clock.
    pub clock: Clock,
    /// Measured within target.
    pub met: u64,
    /// Measured over target.
    pub breached: u64,
    /// Open past the target at the as-of time.
    pub overdue_open: u64,
    /// Open within the target at the as-of time (not counted yet).
    pub pending_open: u64,
    /// Tickets seen by the measure.
    pub tickets: u64,
    /// Of those, the ones without a target.
    pub no_target: u64,
    /// `no_target ÷ tickets`; `null` without tickets.
    pub no_target_share: Option<f64>,
    /// Attainment per priority, in priority-key order.
    pub by_priority: Vec<Figure<f64, Attainment>>,
    /// The breaches listed (the first [`crate::metrics::sla::BREACHES_LIMIT`]).
    pub breaches: Vec<Breach>,
    /// Every breach, listed or not.
    pub breach_count: u64,
}

/// A policy tally as a report figure.
fn tally_figure(tally: &PolicyTally) -> Figure<f64, TallyDetails> {
    let all = tally.overall();
    let (no_target, tickets) = tally.no_target();
    let by_priority = tally
        .by_priority()
        .map(|g| Figure::new(g.value(), g.clone()))
        .collect();
    Figure::new(
        all.value(),
        TallyDetails {
            clock: tally.targets().clock,
            met: all.met,
            breached: all.breached,
            overdue_open: all.overdue_open,
            pending_open: all.pending_open,
            tickets,
            no_target,
            no_target_share: (tickets > 0).then(|| no_target as f64 / tickets as f64),
            by_priority,
            breaches: tally.breaches().to_vec(),
            breach_count: tally.breach_count(),
        },
    )
}
