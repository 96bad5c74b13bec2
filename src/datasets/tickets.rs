//! Support tickets → the [contract §4](crate::contract) report: volume, first response and
//! resolution times, SLA attainment, one-touch resolution, first-ticket
//! resolution, top issues, backlog and ticket CSAT (ids of [contract §8](crate::contract)).
//!
//! Each record becomes one [`Ticket`] of the metric core
//! ([`TicketsAccumulator`]); this module only reads cells, keeps the few
//! figures the core does not (business-hours twins, chart bins, the numeric
//! CSAT tally) and writes the report. Nothing keeps the file's text: labels
//! and requester ids are interned by the core, each distinct text once;
//! requesters are matched by their exact text.
//!
//! **What defines a row: the ticket's id or its created time.** A row is
//! skipped whole only when its created time does not read and it has no
//! id. Every other unreadable cell — a reply or solved time, a duration, a
//! count, a yes/no, a rating — is voided for that ticket alone (listed in
//! `unreadable_cells`), and so is a time the core refuses (a reply before
//! the creation voids the reply time): the ticket still counts in volume,
//! backlog, channels, priorities and every figure that does not need the
//! voided cell. A ticket whose reply cell is voided is neither replied nor
//! awaiting a reply.
//!
//! Choices where common definitions are silent, as the [contract](crate::contract) §4.1 states them (also in [`TicketsDataset`]'s doc):
//! - **Solved** = the status read through [`SOLVED_STATUSES`] (any other
//!   status means "not solved"); without a status cell, a solved time or a
//!   resolution-minutes value means solved.
//! - **Categories**: a cell is split on `,` and `;`; a Zendesk `Tags` column
//!   (header `Tags`/`Tag`) is also split on spaces, since Zendesk tags never
//!   contain one. Labels are kept as written (trimmed).
//! - **Satisfaction** is read per cell: a word is a Zendesk rating
//!   ([`satisfaction_word`]), a number is a CSAT score on the `csat_scale`
//!   setting (default 1–5, satisfied = 4 or 5). Both feed one `ticket_csat`.

use super::{skip_if_blank, Accumulator, Bad, Context, Memo, Row, COUNT_REASON};
use crate::error::Error;
use crate::ingest::columns::{normalise_header, Field};
use crate::ingest::reader::Record;
use crate::ingest::values::{self, DateStyle};
use crate::metrics::stats::{minute_edges, DurationStats, MINUTE_LADDER, NOT_A_NUMBER_REASON};
use crate::metrics::survey::{
    csat_from_counts, CsatScale, CsatTally, SatisfactionRating, CSAT_GOOD_BAD_REASON,
};
use crate::metrics::tickets::{
    Count, SlaTargets, Ticket, TicketSettings, TicketsAccumulator, TicketsSummary,
    DEFAULT_SLA_MINUTES, NEGATIVE_FIRST_RESPONSE_REASON, NEGATIVE_RESOLUTION_REASON,
    TIME_RANGE_REASON,
};
use crate::metrics::{Metric, Undefined};
use crate::report::json;
use crate::report::Put;
use crate::report::{figure, number, Report};
use crate::settings::Settings;
use serde_json::{Map, Value};

/// Status words that mean solved, after folding case and accents (so
/// `Résolu`, `RESUELTO` and `Fechado` match): English, Spanish, Portuguese,
/// French and Indonesian, masculine and feminine. Every other status (`new`,
/// `open`, `pending`, `hold`, `snoozed`, `abierto`, `pendente`, `ouvert`,
/// `terbuka` …) means not solved.
pub const SOLVED_STATUSES: &[&str] = &[
    // English (Zendesk solved/closed, Intercom closed, Freshdesk resolved).
    "solved",
    "closed",
    "resolved",
    // Spanish.
    "resuelto",
    "resuelta",
    "cerrado",
    "cerrada",
    "solucionado",
    "solucionada",
    // Portuguese.
    "resolvido",
    "resolvida",
    "fechado",
    "fechada",
    "encerrado",
    "encerrada",
    "concluido",
    "concluida",
    // French.
    "resolu",
    "resolue",
    "ferme",
    "fermee",
    "clos",
    "close",
    "cloture",
    "cloturee",
    // Indonesian.
    "selesai",
    "ditutup",
    "tertutup",
    "terselesaikan",
];

/// Reason a satisfaction cell is neither a known rating word nor a number.
pub const SATISFACTION_REASON: &str =
    "a satisfaction rating must be Good, Bad, Offered, Not Offered or a score on the CSAT scale";

/// Most categories listed in `top_issues`.
pub const TOP_ISSUES_LIMIT: usize = 20;
/// Most labels listed in each of `volume`'s channel, priority and category
/// breakdowns (the rest are summed in `…_others`).
pub const VOLUME_LABELS_LIMIT: usize = 50;
/// `volume.by_day` is given only when the created dates span at most this
/// many days (else the page charts weeks and months).
pub const BY_DAY_MAX_DAYS: i64 = 400;

/// Whether a status cell means solved: case-, accent- and
/// whitespace-insensitive membership in [`SOLVED_STATUSES`].
///
/// ```
/// use cxmetrics::datasets::tickets::is_solved_status;
/// assert!(is_solved_status("Résolu"));
/// assert!(is_solved_status(" CERRADO "));
/// assert!(is_solved_status("Terselesaikan"));
/// assert!(!is_solved_status("Pendiente"));
/// assert!(!is_solved_status("open"));
/// ```
pub fn is_solved_status(cell: &str) -> bool {
    let mut buf = [0u8; 16];
    match fold_word(cell, &mut buf) {
        Some(w) => SOLVED_STATUSES.iter().any(|s| s.as_bytes() == w),
        None => false,
    }
}

/// Reads a Zendesk satisfaction word, ignoring case, accents and `_`/`,`:
/// `Good`, `Good with comment` → Good; `Bad`, `Bad with comment` → Bad;
/// `Offered` → Offered; `Not Offered`, `Unoffered` → NotOffered. Also the
/// plain words of the page's other languages (`bueno`/`malo`, `bom`/`ruim`,
/// `bon`/`mauvais`, `baik`/`buruk`). Anything else is `None`.
///
/// ```
/// use cxmetrics::datasets::tickets::satisfaction_word;
/// use cxmetrics::metrics::survey::SatisfactionRating;
/// assert_eq!(satisfaction_word("Not Offered"), Some(SatisfactionRating::NotOffered));
/// assert_eq!(satisfaction_word("good_with_comment"), Some(SatisfactionRating::Good));
/// assert_eq!(satisfaction_word("5"), None);
/// ```
pub fn satisfaction_word(cell: &str) -> Option<SatisfactionRating> {
    let mut buf = [0u8; 24];
    let w = fold_word(cell, &mut buf)?;
    Some(match w {
        b"good" | b"good with comment" | b"satisfied" | b"bueno" | b"bom" | b"bon" | b"baik" => {
            SatisfactionRating::Good
        }
        b"bad" | b"bad with comment" | b"unsatisfied" | b"dissatisfied" | b"malo" | b"ruim"
        | b"mauvais" | b"buruk" => SatisfactionRating::Bad,
        b"offered" => SatisfactionRating::Offered,
        b"not offered" | b"unoffered" => SatisfactionRating::NotOffered,
        _ => return None,
    })
}

/// Folds `cell` into `buf`: lower-case ASCII, Latin accents removed, runs of
/// spaces, `_`, `-` and `,` as one space, trimmed. `None` when it does not
/// fit or holds another character.
fn fold_word<'b>(cell: &str, buf: &'b mut [u8]) -> Option<&'b [u8]> {
    if cell.is_ascii() {
        fold_ascii_word(cell.as_bytes(), buf)
    } else {
        fold_any_word(cell, buf)
    }
}

/// [`fold_word`] of an ASCII cell, byte by byte.
#[inline]
fn fold_ascii_word<'b>(cell: &[u8], buf: &'b mut [u8]) -> Option<&'b [u8]> {
    let mut n = 0usize;
    let mut space = false;
    for &c in cell {
        let b = match c {
            b' ' | b'_' | b'-' | b',' | b'\t' => {
                space = n > 0;
                continue;
            }
            c if c.is_ascii_alphanumeric() => c.to_ascii_lowercase(),
            _ => return None,
        };
        if space {
            *buf.get_mut(n)? = b' ';
            n += 1;
            space = false;
        }
        *buf.get_mut(n)? = b;
        n += 1;
    }
    buf.get(..n)
}

/// [`fold_word`] of any cell, character by character.
fn fold_any_word<'b>(cell: &str, buf: &'b mut [u8]) -> Option<&'b [u8]> {
    let mut n = 0usize;
    let mut space = false;
    for c in cell.chars() {
        let b = match c {
            ' ' | '_' | '-' | ',' | '\t' | '\u{a0}' => {
                space = n > 0;
                continue;
            }
            '\u{300}'..='\u{36f}' => continue,
            c if c.is_ascii_alphanumeric() => c.to_ascii_lowercase() as u8,
            'á' | 'à' | 'â' | 'ã' | 'ä' | 'Á' | 'À' | 'Â' | 'Ã' | 'Ä' => b'a',
            'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => b'e',
            'í' | 'ì' | 'î' | 'ï' | 'Í' | 'Ì' | 'Î' | 'Ï' => b'i',
            'ó' | 'ò' | 'ô' | 'õ' | 'ö' | 'Ó' | 'Ò' | 'Ô' | 'Õ' | 'Ö' => b'o',
            'ú' | 'ù' | 'û' | 'ü' | 'Ú' | 'Ù' | 'Û' | 'Ü' => b'u',
            'ç' | 'Ç' => b'c',
            'ñ' | 'Ñ' => b'n',
            _ => return None,
        };
        if space {
            *buf.get_mut(n)? = b' ';
            n += 1;
            space = false;
        }
        *buf.get_mut(n)? = b;
        n += 1;
    }
    buf.get(..n)
}

/// Counts of durations over the whole [`MINUTE_LADDER`], streaming, so a
/// chart histogram needs no kept values. `counts[i]` holds
/// `ladder[i] ≤ x < ladder[i+1]`; `counts[13]` holds `x ≥ ladder[13]`, of
/// which `at_top` are exactly `ladder[13]`.
#[derive(Debug, Clone, Default)]
struct LadderCounts {
    counts: [u64; 14],
    at_top: u64,
    max: Option<f64>,
}

impl LadderCounts {
    fn add(&mut self, x: f64) {
        if !x.is_finite() || x < 0.0 {
            return;
        }
        let i = MINUTE_LADDER
            .partition_point(|e| *e <= x)
            .saturating_sub(1)
            .min(13);
        if let Some(c) = self.counts.get_mut(i) {
            *c = c.saturating_add(1);
        }
        if x == MINUTE_LADDER[13] {
            self.at_top = self.at_top.saturating_add(1);
        }
        // Not `f64::max`, a call in wasm (its NaN rule differs from the
        // instruction's); `x` is finite here.
        self.max = Some(self.max.map_or(x, |m| if x > m { x } else { m }));
    }

    /// The histogram [`crate::metrics::stats::histogram`] would give on the
    /// values with edges [`minute_edges`]`(max)`: `{edges, counts, above}`.
    fn figure(&self) -> Value {
        let Some(max) = self.max else {
            return json!({ "value": null, "reason": "no values" });
        };
        let edges = minute_edges(max);
        let bins = edges.len().saturating_sub(1).max(1);
        let mut counts: Vec<u64> = self.counts.iter().take(bins).copied().collect();
        let mut above = 0u64;
        if bins < 13 {
            // The last edge is ≥ max: values equal to it belong to the last
            // (closed) bin; nothing lies beyond it.
            let at_edge = self.counts.get(bins).copied().unwrap_or(0);
            if let Some(last) = counts.last_mut() {
                *last = last.saturating_add(at_edge);
            }
        } else {
            let top = self.counts[13];
            if let Some(last) = counts.last_mut() {
                *last = last.saturating_add(self.at_top);
            }
            above = top.saturating_sub(self.at_top);
        }
        let edges: Vec<Value> = edges.into_iter().map(number).collect();
        json!({ "edges": edges, "counts": counts, "above": above })
    }
}

/// Where durations came from: timestamps, minutes columns, or both.
#[derive(Debug, Clone, Copy, Default)]
struct Sources {
    timestamps: u64,
    minutes: u64,
}

impl Sources {
    fn name(self) -> &'static str {
        match (self.timestamps > 0, self.minutes > 0) {
            (true, false) => "timestamps",
            (false, true) => "minutes columns",
            (true, true) => "timestamps and minutes columns",
            (false, false) => "none",
        }
    }
}

/// The pieces of a category cell: split on `,` and `;`, and on every
/// whitespace character ([`char::is_whitespace`]) when `split_spaces`.
/// Reads bytes: an ASCII separator never occurs inside a multi-byte
/// character, so only non-ASCII bytes need a look at their character.
///
/// Gives what `cell.split(|c| c == ',' || c == ';' || (split_spaces &&
/// c.is_whitespace()))` gives (a test compares them), without decoding
/// every character.
struct Categories<'a> {
    /// The text after the last separator; `None` once the last piece is out.
    rest: Option<&'a str>,
    split_spaces: bool,
}

impl<'a> Iterator for Categories<'a> {
    type Item = &'a str;

    #[inline]
    fn next(&mut self) -> Option<&'a str> {
        let rest = self.rest?;
        for (i, &b) in rest.as_bytes().iter().enumerate() {
            let separator = match b {
                b',' | b';' => 1,
                // `char::is_whitespace` in ASCII.
                b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ' if self.split_spaces => 1,
                // A lead byte: its character decides (continuation bytes
                // are not character boundaries, so `get` skips them).
                0x80.. if self.split_spaces => rest
                    .get(i..)
                    .and_then(|s| s.chars().next())
                    .filter(|c| c.is_whitespace())
                    .map_or(0, char::len_utf8),
                _ => 0,
            };
            if separator > 0 {
                self.rest = rest.get(i + separator..);
                return rest.get(..i);
            }
        }
        self.rest = None;
        Some(rest)
    }
}

/// What one row says, before the core accepts it.
struct Read<'a> {
    ticket: Ticket<'a>,
    categories: Option<&'a str>,
    score: Option<f64>,
    frt_business: Option<f64>,
    resolution_business: Option<f64>,
}

/// Streams ticket rows into the metric core and writes the tickets report.
///
/// Per row: created, first reply and solved times; the Zendesk minutes
/// columns (used by the core when the two timestamps are not both present);
/// the `… within business hours` twins as separate statistics; status →
/// solved ([`SOLVED_STATUSES`]); channel, priority; requester (the trimmed
/// text, matched exactly by the core); categories/tags (see the module doc); replies;
/// first-contact yes/no; satisfaction (word → rating, number → score).
///
/// Unreadable cells, voided for their ticket alone and listed with line,
/// column, value and reason: a date, number, count, duration, yes/no or
/// satisfaction that does not read, a negative duration
/// ([`NEGATIVE_FIRST_RESPONSE_REASON`], [`NEGATIVE_RESOLUTION_REASON`];
/// a negative business-hours value: "a duration cannot be negative"), and
/// a time the core refuses. Skipped rows: blank ones, and those whose
/// created time does not read and that have no id (see the module doc).
///
/// Settings: `as_of` (ISO text, default the latest timestamp in the file),
/// `sla_minutes` (default 60), `sla_minutes_by_priority`, `csat_scale`
/// (`1-5` default, `1-10`, or `good-bad` to refuse numbers).
///
/// ```
/// use cxmetrics::session::{Session, Settings};
/// let mut s = Session::new(Settings::default()).unwrap();
/// s.push(b"Id,Created at,First reply at,Solved at,Status\n\
///          1,2024-03-04 09:00,2024-03-04 09:30,2024-03-04 11:00,Solved\n\
///          2,2024-03-04 10:00,2024-03-04 10:10,,Open\n").unwrap();
/// let r = s.finish().unwrap();
/// assert_eq!(r.kind, "tickets");
/// assert_eq!(r.metrics["first_response_minutes"]["value"], 20.0);
/// assert_eq!(r.metrics["resolution_minutes"]["value"], 120.0);
/// assert_eq!(r.metrics["backlog"]["value"], 1);
/// ```
pub struct TicketsDataset {
    ctx: Context,
    core: TicketsAccumulator,
    as_of_set: bool,
    csat_scale: CsatScale,
    /// Numeric satisfaction scores (Intercom's 1–5 rating).
    scores: CsatTally,
    /// Split category cells on spaces too (Zendesk `Tags`).
    split_spaces: bool,
    frt_business: DurationStats,
    resolution_business: DurationStats,
    frt_bins: LadderCounts,
    resolution_bins: LadderCounts,
    frt_source: Sources,
    resolution_source: Sources,
    /// Status and satisfaction cells already read.
    memos: Memos,
    /// The rows that could feed each headline figure.
    counts: Coverage,
    /// Business hours and SLA policies, when set ([`super::hours`]).
    hours: Option<super::hours::BusinessHours>,
}

/// Per headline figure, the tickets that could feed it, for
/// [`Report::warn_coverage`].
#[derive(Debug, Clone, Copy, Default)]
struct Coverage {
    /// Tickets with a first-reply cell (time or minutes), read or not.
    replied: u64,
    /// Tickets SLA attainment can place: a measured response time, or no
    /// reply and a created time to age.
    sla_placed: u64,
    /// Tickets with a satisfaction cell, read or not.
    rated: u64,
}

impl Coverage {
    fn add(&mut self, row: &Row, t: &Ticket) {
        let has = |f| u64::from(row.text(f).is_some());
        self.replied += has(Field::FirstReplyAt).max(has(Field::FirstReplyMinutes));
        self.rated += has(Field::Satisfaction);
        let measured =
            (t.created.is_some() && t.first_reply.is_some()) || t.first_reply_minutes.is_some();
        let unreplied = t.first_reply.is_none()
            && t.first_reply_minutes.is_none()
            && !t.reply_unknown
            && t.created.is_some();
        self.sla_placed += u64::from(measured || unreplied);
    }
}

/// What a satisfaction cell reads as.
type Satisfaction = Result<(Option<SatisfactionRating>, Option<f64>), Bad>;

/// The memos of [`TicketsDataset`].
#[derive(Debug, Clone, Default)]
struct Memos {
    status: Memo<bool>,
    satisfaction: Memo<Satisfaction>,
}

/// The ISO text of a Unix time (the file's own clock, no offset).
fn iso(t: i64) -> Option<String> {
    chrono::DateTime::from_timestamp(t, 0).map(|d| crate::report::datetime_id(d.naive_utc()))
}

fn check_minutes(what: &str, m: f64) -> Result<f64, Error> {
    if m.is_finite() && m >= 0.0 {
        Ok(m)
    } else {
        Err(Error::settings(format!(
            "the SLA target {what} must be a number of minutes of 0 or more"
        )))
    }
}

impl TicketsDataset {
    /// Opens the accumulator with the user's `as_of`, SLA targets and CSAT
    /// scale. Errors (one sentence each): an `as_of` that is not an ISO date
    /// or date-time, a target that is not a number of minutes ≥ 0, an
    /// unknown CSAT scale.
    pub fn new(ctx: Context, settings: &Settings) -> Result<Self, Error> {
        let as_of = match settings.as_of.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(text) => Some(values::parse_timestamp(text, DateStyle::Iso).map_err(|_| {
                Error::settings(format!(
                    "the as-of time “{text}” is not a date: write it as 2024-03-31 or 2024-03-31T17:00"
                ))
            })?),
        };
        let default_minutes = match settings.sla_minutes {
            None => DEFAULT_SLA_MINUTES,
            Some(m) => check_minutes("for every priority", m)?,
        };
        let mut by_priority = Vec::with_capacity(settings.sla_minutes_by_priority.len());
        for (p, m) in &settings.sla_minutes_by_priority {
            by_priority.push((p.clone(), check_minutes(&format!("for “{p}”"), *m)?));
        }
        let csat_scale = super::survey::csat_scale_setting(settings, ctx.csat_scale)?;
        let split_spaces = ctx
            .mapping
            .header(Field::Category)
            .map(normalise_header)
            .is_some_and(|h| h == "tags" || h == "tag");
        let hours = super::hours::BusinessHours::new(settings, &ctx, as_of)?;
        let core = TicketsAccumulator::new(TicketSettings {
            sla: SlaTargets {
                default_minutes,
                by_priority,
            },
            as_of,
        });
        Ok(TicketsDataset {
            ctx,
            core,
            as_of_set: as_of.is_some(),
            csat_scale,
            scores: CsatTally::new(if csat_scale == CsatScale::GoodBad {
                CsatScale::OneToFive
            } else {
                csat_scale
            }),
            split_spaces,
            frt_business: DurationStats::default(),
            resolution_business: DurationStats::default(),
            frt_bins: LadderCounts::default(),
            resolution_bins: LadderCounts::default(),
            frt_source: Sources::default(),
            resolution_source: Sources::default(),
            memos: Memos::default(),
            counts: Coverage::default(),
            hours,
        })
    }

    /// Reads every mapped cell of a row, each on its own: an unreadable
    /// cell is absent and its [`Bad`] is kept in `bads`.
    ///
    /// Takes the fields it needs rather than `self`, so the memos can be
    /// borrowed next to the row's context.
    fn read<'a>(
        csat_scale: CsatScale,
        row: &Row<'a>,
        memos: &mut Memos,
        bads: &mut Vec<Bad>,
    ) -> Read<'a> {
        let negative = |field, reason| {
            move |bad: Bad| {
                if bad.reason == values::NEGATIVE_DURATION {
                    Bad { field, reason }
                } else {
                    bad
                }
            }
        };
        // A duration must also be finite.
        let finite = |field, m: Result<Option<f64>, Bad>| match m {
            Ok(Some(m)) if !m.is_finite() => Err(Bad {
                field,
                reason: NOT_A_NUMBER_REASON,
            }),
            other => other,
        };
        let created = keep(bads, row.time(Field::TicketCreatedAt));
        let first_reply = keep(bads, row.time(Field::FirstReplyAt));
        let solved_at = keep(bads, row.time(Field::SolvedAt));
        let first_reply_minutes = keep(
            bads,
            finite(
                Field::FirstReplyMinutes,
                row.minutes(Field::FirstReplyMinutes).map_err(negative(
                    Field::FirstReplyMinutes,
                    NEGATIVE_FIRST_RESPONSE_REASON,
                )),
            ),
        );
        let resolution_minutes = keep(
            bads,
            finite(
                Field::ResolutionMinutes,
                row.minutes(Field::ResolutionMinutes).map_err(negative(
                    Field::ResolutionMinutes,
                    NEGATIVE_RESOLUTION_REASON,
                )),
            ),
        );
        let frt_business = keep(
            bads,
            finite(
                Field::FirstReplyMinutesBusiness,
                row.minutes(Field::FirstReplyMinutesBusiness),
            ),
        );
        let resolution_business = keep(
            bads,
            finite(
                Field::ResolutionMinutesBusiness,
                row.minutes(Field::ResolutionMinutesBusiness),
            ),
        );
        // "three" gets the count sentence too, not the bare "not a number".
        let agent_replies = keep(
            bads,
            row.count(Field::Replies).map_err(|bad| Bad {
                field: bad.field,
                reason: COUNT_REASON,
            }),
        );
        let first_contact = keep(bads, row.boolean(Field::FirstContactResolved));
        let (rating, score) = match row.text(Field::Satisfaction) {
            None => (None, None),
            Some(cell) => memos
                .satisfaction
                .get(cell, |cell| Self::satisfaction(csat_scale, cell, row))
                .unwrap_or_else(|bad| {
                    bads.push(bad);
                    (None, None)
                }),
        };
        let reply_unknown = bads
            .iter()
            .any(|b| matches!(b.field, Field::FirstReplyAt | Field::FirstReplyMinutes));
        Read {
            ticket: Ticket {
                created,
                first_reply,
                solved_at,
                first_reply_minutes,
                resolution_minutes,
                status_solved: row
                    .text(Field::TicketStatus)
                    .map(|cell| memos.status.get(cell, is_solved_status)),
                channel: row.text(Field::TicketChannel),
                priority: row.text(Field::Priority),
                customer: row.text(Field::Requester),
                agent_replies,
                first_contact,
                rating,
                reply_unknown,
            },
            categories: row.text(Field::Category),
            score,
            frt_business,
            resolution_business,
        }
    }

    /// A satisfaction cell: a word is a rating, a number a score.
    fn satisfaction(
        csat_scale: CsatScale,
        cell: &str,
        row: &Row,
    ) -> Result<(Option<SatisfactionRating>, Option<f64>), Bad> {
        let bad = |reason| Bad {
            field: Field::Satisfaction,
            reason,
        };
        if let Some(r) = satisfaction_word(cell) {
            return Ok((Some(r), None));
        }
        let Ok(p) = values::parse_number(cell, row.ctx.number_style) else {
            return Err(bad(SATISFACTION_REASON));
        };
        if p.percent || p.currency.is_some() {
            return Err(bad(SATISFACTION_REASON));
        }
        if csat_scale == CsatScale::GoodBad {
            return Err(bad(CSAT_GOOD_BAD_REASON));
        }
        let mut probe = CsatTally::new(csat_scale);
        probe.add(p.value).map_err(bad)?;
        Ok((None, Some(p.value)))
    }

    /// The column to blame for a refusal of the core.
    fn refused_field(reason: &str, t: &Ticket) -> Field {
        if reason == NEGATIVE_FIRST_RESPONSE_REASON {
            if t.first_reply_span().is_some() {
                Field::FirstReplyAt
            } else {
                Field::FirstReplyMinutes
            }
        } else if reason == NEGATIVE_RESOLUTION_REASON {
            if t.resolution_span().is_some() {
                Field::SolvedAt
            } else {
                Field::ResolutionMinutes
            }
        } else if reason == TIME_RANGE_REASON {
            Field::TicketCreatedAt
        } else if t.first_reply_minutes.is_some_and(|m| !m.is_finite()) {
            Field::FirstReplyMinutes
        } else {
            Field::ResolutionMinutes
        }
    }
}

/// The value of a cell read on its own: `None` when absent or unreadable,
/// the latter's [`Bad`] kept in `bads`.
fn keep<T>(bads: &mut Vec<Bad>, read: Result<Option<T>, Bad>) -> Option<T> {
    read.unwrap_or_else(|bad| {
        bads.push(bad);
        None
    })
}

/// Takes `field`'s value out of a ticket the core refused for it, so the
/// rest of the ticket can be used.
fn clear(t: &mut Ticket, field: Field) {
    match field {
        Field::TicketCreatedAt => t.created = None,
        Field::FirstReplyAt => {
            t.first_reply = None;
            t.reply_unknown = true;
        }
        Field::FirstReplyMinutes => {
            t.first_reply_minutes = None;
            t.reply_unknown = true;
        }
        Field::SolvedAt => t.solved_at = None,
        _ => t.resolution_minutes = None,
    }
}

/// Minutes, and whether they came from two timestamps.
type Timed = (f64, bool);

/// First response and resolution minutes as the core computes them (the
/// two timestamps when both are there, else the minutes column), with
/// whether timestamps were the source. Only called on accepted tickets.
fn durations(t: &Ticket) -> (Option<Timed>, Option<Timed>) {
    let frt = match t.first_reply_span() {
        Some((c, r)) => Some((r.saturating_sub(c) as f64 / 60.0, true)),
        _ => t.first_reply_minutes.map(|m| (m, false)),
    };
    let resolution = if t.is_solved() {
        match t.resolution_span() {
            Some((c, s)) => Some((s.saturating_sub(c) as f64 / 60.0, true)),
            _ => t.resolution_minutes.map(|m| (m, false)),
        }
    } else {
        None
    };
    (frt, resolution)
}

impl Accumulator for TicketsDataset {
    fn push(&mut self, record: &Record, report: &mut Report) {
        let row = Row::new(record, &self.ctx);
        if skip_if_blank(&row, report) {
            return;
        }
        let mut bads = Vec::new();
        let read = Self::read(self.csat_scale, &row, &mut self.memos, &mut bads);
        // What defines a ticket: its id or its created time. A row with
        // neither (no id, and a created time that does not read) is skipped.
        let id = row.text(Field::TicketId).is_some();
        if let Some(bad) = bads
            .iter()
            .find(|b| b.field == Field::TicketCreatedAt && !id)
        {
            row.reject(*bad, report);
            return;
        }
        let mut t = read.ticket;
        let categories = || {
            Categories {
                rest: Some(read.categories.unwrap_or("")),
                split_spaces: self.split_spaces,
            }
            .map(values::trim_cell)
        };
        // A span the core refuses (a reply before the creation, an
        // overflow) voids the cell to blame and the ticket is tried again
        // without it: at most once per time field.
        let mut tries = 0;
        loop {
            match self.core.push(&t, categories()) {
                Ok(()) => break,
                Err(reason) if tries < 5 => {
                    let field = Self::refused_field(reason, &t);
                    bads.push(Bad { field, reason });
                    clear(&mut t, field);
                    tries += 1;
                }
                Err(reason) => {
                    row.reject_with(Field::TicketCreatedAt, reason, report);
                    return;
                }
            }
        }
        for bad in &bads {
            row.void(*bad, report);
        }
        self.counts.add(&row, &t);
        let (frt, resolution) = durations(&t);
        if let Some((m, ts)) = frt {
            self.frt_bins.add(m);
            if ts {
                self.frt_source.timestamps += 1;
            } else {
                self.frt_source.minutes += 1;
            }
        }
        if let Some((m, ts)) = resolution {
            self.resolution_bins.add(m);
            if ts {
                self.resolution_source.timestamps += 1;
            } else {
                self.resolution_source.minutes += 1;
            }
        }
        // Checked finite and ≥ 0 in `read`: these pushes cannot refuse.
        if let Some(m) = read.frt_business {
            let _ = self.frt_business.push(m);
        }
        if let (Some(m), true) = (read.resolution_business, t.is_solved()) {
            let _ = self.resolution_business.push(m);
        }
        if let Some(s) = read.score {
            let _ = self.scores.add(s);
        }
        if let Some(hours) = &mut self.hours {
            hours.push(&row, &t, (read.frt_business, read.resolution_business));
        }
        report.rows.used += 1;
    }

    fn finish(mut self: Box<Self>, report: &mut Report) -> Result<(), Error> {
        let mut s = self.core.finish();
        // Without any first-reply column, nothing says whether a ticket was
        // answered: SLA attainment and "awaiting first reply" are unknown,
        // not 0 % and every ticket.
        let reply_column = self.ctx.column(Field::FirstReplyAt).is_some()
            || self.ctx.column(Field::FirstReplyMinutes).is_some();
        if !reply_column {
            s.sla_attainment = Err(Undefined::new(NO_REPLY_COLUMN_REASON));
        } else if s.sla_attainment.is_err()
            && s.first_response_minutes.n == 0
            && self.counts.replied > 0
            && self.ctx.column(Field::TicketCreatedAt).is_none()
        {
            s.sla_attainment = Err(Undefined::new(NO_CREATED_REASON));
        }
        self.coverage(&s, report);
        let m = &mut report.metrics;

        m.put(
            "tickets",
            json!({ "value": s.tickets, "solved": s.solved,
                    "solved_without_time": s.solved_without_time }),
        );
        // Times of day with nothing to measure them from: say so.
        let undated = self.ctx.column(Field::TicketCreatedAt).is_none();
        let mut frt = s.first_response_minutes.figure();
        let mut resolution = s.resolution_minutes.figure();
        for (figure, n, timed) in [
            (&mut frt, s.first_response_minutes.n, self.counts.replied),
            (&mut resolution, s.resolution_minutes.n, s.solved),
        ] {
            if let (true, 0, 1.., Value::Object(o)) = (undated, n, timed, figure) {
                o.put("reason", json!(NO_CREATED_REASON));
            }
        }
        m.put("first_response_minutes", frt);
        m.put("resolution_minutes", resolution);
        let mut first = s.first_ticket_resolution_minutes.figure();
        if let Value::Object(o) = &mut first {
            o.put("unresolved", json!(s.first_ticket_unresolved));
        }
        m.put("first_ticket_resolution_minutes", first);
        if self.ctx.column(Field::FirstReplyMinutesBusiness).is_some() {
            m.put(
                "first_response_minutes_business",
                self.frt_business.finish().figure(),
            );
        }
        if self.ctx.column(Field::ResolutionMinutesBusiness).is_some() {
            m.put(
                "resolution_minutes_business",
                self.resolution_business.finish().figure(),
            );
        }

        let sla_settings = &self.core.settings().sla;
        let target = json!({
            "target_minutes": number(sla_settings.default_minutes),
            "target_minutes_by_priority": minutes_by_priority(&sla_settings.by_priority),
        });
        let sla_extra = match (&s.sla_attainment, target) {
            (Ok(x), Value::Object(mut o)) => {
                o.put("met", json!(x.met));
                o.put("replied", json!(x.replied));
                o.put("overdue_unreplied", json!(x.overdue_unreplied));
                o.put("unreplied_unknown_age", json!(x.unreplied_unknown_age));
                Value::Object(o)
            }
            (_, t) => t,
        };
        m.put(
            "sla_attainment",
            figure(
                &s.sla_attainment
                    .as_ref()
                    .map(|x| x.value)
                    .map_err(Clone::clone),
                sla_extra,
            ),
        );

        let touch_extra = match &s.one_touch_rate {
            Ok(x) => json!({ "one_touch": x.one_touch, "solved": x.solved }),
            Err(_) => json!({}),
        };
        m.put(
            "one_touch_rate",
            figure(
                &s.one_touch_rate
                    .as_ref()
                    .map(|x| x.value)
                    .map_err(Clone::clone),
                touch_extra,
            ),
        );
        m.put(
            "awaiting_first_reply",
            if reply_column {
                json!({ "value": s.awaiting_first_reply })
            } else {
                json!({ "value": null, "reason": NO_REPLY_COLUMN_REASON })
            },
        );
        m.put(
            "backlog",
            match &s.backlog {
                Ok(n) => json!({ "value": n }),
                Err(u) => json!({ "value": null, "reason": u.reason }),
            },
        );

        // CSAT: the core's Good/Bad tally plus the numeric scores.
        let (rated_good, rated_n) = s
            .ticket_csat
            .as_ref()
            .map_or((0, 0), |c| (c.satisfied, c.n));
        let (scored_good, scored_n) = self.scores.counts();
        let csat = csat_from_counts(
            rated_good.saturating_add(scored_good),
            rated_n.saturating_add(scored_n),
        );
        let csat_extra = match &csat {
            Ok(c) => json!({ "n": c.n, "satisfied": c.satisfied,
                "ci95_low": number(c.ci95_low), "ci95_high": number(c.ci95_high),
                "not_answered": s.ratings_not_answered }),
            Err(_) => json!({ "n": 0, "not_answered": s.ratings_not_answered }),
        };
        let csat_value: Metric<f64> = csat.map(|c| c.value);
        m.put("ticket_csat", figure(&csat_value, csat_extra));

        let top: Vec<Value> = s
            .top_issues
            .iter()
            .take(TOP_ISSUES_LIMIT)
            .map(|t| json!({ "category": t.category, "customers": t.customers, "tickets": t.tickets }))
            .collect();
        m.put("top_issues", Value::Array(top));

        let v = &s.volume;
        let mut volume = Map::new();
        volume.put("by_month", counts(&v.by_month));
        volume.put("by_week", counts(&v.by_week));
        if day_span(&v.by_day).is_some_and(|d| d <= BY_DAY_MAX_DAYS) {
            volume.put("by_day", counts(&v.by_day));
        }
        for (key, list) in [
            ("by_channel", &v.by_channel),
            ("by_priority", &v.by_priority),
            ("by_category", &v.by_category),
        ] {
            volume.insert(
                key.into(),
                counts(list.get(..VOLUME_LABELS_LIMIT).unwrap_or(list)),
            );
            let others: u64 = list
                .iter()
                .skip(VOLUME_LABELS_LIMIT)
                .fold(0u64, |a, c| a.saturating_add(c.tickets));
            if others > 0 {
                volume.insert(format!("{key}_others"), json!(others));
            }
        }
        volume.put("undated", json!(v.undated));
        volume.put("uncategorised", json!(s.uncategorised));
        m.put("volume", Value::Object(volume));

        m.put("first_response_histogram", self.frt_bins.figure());
        m.put("resolution_histogram", self.resolution_bins.figure());
        if let Some(hours) = self.hours.take() {
            hours.finish(s.as_of, report);
        }

        let out = &mut report.settings;
        out.put("as_of", json!(s.as_of.and_then(iso)));
        out.put(
            "as_of_source",
            json!(if self.as_of_set {
                "setting"
            } else if s.as_of.is_some() {
                "latest timestamp"
            } else {
                "none"
            }),
        );
        out.put("sla_minutes", number(sla_settings.default_minutes));
        out.put(
            "sla_minutes_by_priority",
            minutes_by_priority(&sla_settings.by_priority),
        );
        out.put("first_response_source", json!(self.frt_source.name()));
        out.put("resolution_source", json!(self.resolution_source.name()));
        if self.ctx.column(Field::Satisfaction).is_some() {
            let numeric = if self.csat_scale == CsatScale::GoodBad {
                CsatScale::OneToFive
            } else {
                self.csat_scale
            };
            let scale = match (rated_n + s.ratings_not_answered > 0, scored_n > 0) {
                (true, false) => "good-bad".to_string(),
                (false, true) | (false, false) => self.csat_scale.name().to_string(),
                (true, true) => format!("good-bad and {}", numeric.name()),
            };
            out.put("csat_scale", json!(scale));
        }
        Ok(())
    }
}

impl TicketsDataset {
    /// Flags the headline figures that rest on part of the tickets that
    /// could feed them ([`Report::warn_coverage`]).
    fn coverage(&self, s: &TicketsSummary, report: &mut Report) {
        let c = self.counts;
        super::warn_coverage(
            report,
            &["first_response_minutes"],
            s.first_response_minutes.n,
            c.replied,
            "tickets with a first reply",
        );
        super::warn_coverage(
            report,
            &["resolution_minutes"],
            s.resolution_minutes.n,
            s.solved,
            "solved tickets",
        );
        if self.ctx.column(Field::FirstReplyAt).is_some()
            || self.ctx.column(Field::FirstReplyMinutes).is_some()
        {
            super::warn_coverage(
                report,
                &["sla_attainment"],
                c.sla_placed,
                s.tickets,
                "tickets",
            );
        }
        if let Ok(touch) = &s.one_touch_rate {
            super::warn_coverage(
                report,
                &["one_touch_rate"],
                touch.solved,
                s.solved,
                "solved tickets",
            );
        }
        let answered = s.ticket_csat.as_ref().map_or(0, |x| x.n) + s.ratings_not_answered;
        let (_, scored) = self.scores.counts();
        super::warn_coverage(
            report,
            &["ticket_csat"],
            answered + scored,
            c.rated,
            "tickets with a satisfaction rating",
        );
    }
}

/// Why SLA attainment and "awaiting first reply" are undefined without a
/// first-reply column.
pub const NO_REPLY_COLUMN_REASON: &str =
    "the file has no first reply time (neither a first reply time stamp nor a first reply duration), so whether a ticket was answered is unknown";

/// Why response and resolution times (and so SLA attainment) are undefined
/// when replies or resolutions are timed but tickets are not dated.
pub const NO_CREATED_REASON: &str =
    "the file has reply or resolution times but no created time to measure them from";

/// `{priority: minutes}` as JSON; inserted one by one (collecting into a map
/// would add a sort to the wasm).
fn minutes_by_priority(by_priority: &[(String, f64)]) -> Value {
    let mut o = Map::new();
    for (p, v) in by_priority {
        o.insert(p.clone(), number(*v));
    }
    Value::Object(o)
}

/// `[{key, tickets}]` as JSON.
fn counts(list: &[Count]) -> Value {
    Value::Array(
        list.iter()
            .map(|c| json!({ "key": c.key, "tickets": c.tickets }))
            .collect(),
    )
}

/// Days from the first to the last listed day, inclusive.
fn day_span(by_day: &[Count]) -> Option<i64> {
    let parse = |c: &Count| {
        let k = c.key.as_bytes();
        let num = |r: std::ops::Range<usize>| c.key.get(r).and_then(|s| s.parse::<u32>().ok());
        if k.len() != 10 {
            return None;
        }
        chrono::NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)
    };
    let first = parse(by_day.first()?)?;
    let last = parse(by_day.last()?)?;
    Some((last - first).num_days() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::stats::histogram;
    use proptest::prelude::*;

    #[test]
    fn memo_reads_each_cell_once_and_stays_bounded() {
        let mut memo = Memo::<bool>::default();
        let mut reads = 0;
        for cell in ["solved", "open", "solved", "Solved", "open"] {
            let got = memo.get(cell, |c| {
                reads += 1;
                is_solved_status(c)
            });
            assert_eq!(got, is_solved_status(cell), "{cell}");
        }
        assert_eq!(reads, 3);
        for i in 0..40 {
            let cell = format!("status {i}");
            assert!(!memo.get(&cell, is_solved_status));
        }
        assert_eq!(memo.entries.len(), Memo::<bool>::MAX);
        assert!(memo.get("closed", is_solved_status));
    }

    /// The byte splitter of category cells gives what a split on
    /// characters gives, separators of every width included.
    #[test]
    fn category_pieces_match_a_split_on_characters() {
        let cells = [
            "",
            ",",
            "billing",
            " login mobile  billing ",
            "a,b;c d\te\u{b}f\u{c}g\rh\ni",
            "ré\u{a0}sumé\u{3000}日本\u{2028}x\u{85}y\u{1680}z",
            "\u{1c}\u{1f}é,;",
            "naïve;café, crème brûlée",
        ];
        for cell in cells {
            for split_spaces in [false, true] {
                let got: Vec<&str> = Categories {
                    rest: Some(cell),
                    split_spaces,
                }
                .collect();
                let want: Vec<&str> = cell
                    .split(|c: char| c == ',' || c == ';' || (split_spaces && c.is_whitespace()))
                    .collect();
                assert_eq!(got, want, "{cell:?} {split_spaces}");
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn category_pieces_match_a_split_on_characters_anywhere(cell in "([a-c ,;\\t\\n\\r\\x0b\\x0c\\x1c\\u{85}\\u{a0}\\u{1680}\\u{2028}\\u{3000}é日]|\\PC){0,40}", split_spaces in any::<bool>()) {
            let got: Vec<&str> = Categories { rest: Some(&cell), split_spaces }.collect();
            let want: Vec<&str> = cell
                .split(|c: char| c == ',' || c == ';' || (split_spaces && c.is_whitespace()))
                .collect();
            prop_assert_eq!(got, want);
        }

        /// The byte-by-byte fold of ASCII cells is the general fold.
        #[test]
        fn ascii_fold_is_the_general_fold(cell in "[ _,\\-\\ta-zA-Z0-9.!]{0,30}") {
            for size in [16usize, 24] {
                let mut a = vec![0u8; size];
                let mut b = vec![0u8; size];
                prop_assert_eq!(
                    fold_ascii_word(cell.as_bytes(), &mut a),
                    fold_any_word(&cell, &mut b)
                );
            }
        }
    }

    #[test]
    fn solved_status_words_in_five_languages() {
        for w in [
            "Solved",
            "closed",
            "RESOLVED",
            "Resuelto",
            "cerrada",
            "Resolvido",
            "Fechado",
            "resolvida",
            "Résolu",
            "Fermé",
            "clos",
            "Clôturé",
            "Selesai",
            "ditutup",
            "Terselesaikan",
            "Resolu\u{301}",
            "  Closed  ",
        ] {
            assert!(is_solved_status(w), "{w}");
        }
        for w in [
            "open",
            "New",
            "pending",
            "hold",
            "snoozed",
            "Abierto",
            "Pendiente",
            "Em aberto",
            "Ouvert",
            "Terbuka",
            "",
            "solvedx",
            "not solved",
            "résolu ✓",
            "a very long status text that does not fit",
        ] {
            assert!(!is_solved_status(w), "{w}");
        }
        // Every listed word is already folded, and matches itself.
        for w in SOLVED_STATUSES {
            assert!(is_solved_status(w), "{w}");
            assert!(w.bytes().all(|b| b.is_ascii_lowercase()), "{w}");
        }
    }

    #[test]
    fn satisfaction_words() {
        use SatisfactionRating::*;
        for (w, r) in [
            ("Good", Good),
            ("bad", Bad),
            ("Offered", Offered),
            ("Not Offered", NotOffered),
            ("Unoffered", NotOffered),
            ("Bad, with comment", Bad),
            ("bom", Good),
            ("mauvais", Bad),
        ] {
            assert_eq!(satisfaction_word(w), Some(r), "{w}");
        }
        for w in ["", "4", "great", "goodish", "not"] {
            assert_eq!(satisfaction_word(w), None, "{w}");
        }
    }

    /// The streaming ladder counts against the stats histogram on the
    /// same values (the independent computation).
    fn ladder_matches(values: &[f64]) {
        let mut l = LadderCounts::default();
        for &x in values {
            l.add(x);
        }
        let fig = l.figure();
        let finite: Vec<f64> = values
            .iter()
            .copied()
            .filter(|x| x.is_finite() && *x >= 0.0)
            .collect();
        if finite.is_empty() {
            assert!(fig["value"].is_null());
            return;
        }
        let max = finite.iter().copied().fold(0.0, f64::max);
        let h = histogram(&finite, &minute_edges(max)).unwrap();
        let edges: Vec<f64> = fig["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e.as_f64().unwrap())
            .collect();
        let counts: Vec<u64> = fig["counts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e.as_u64().unwrap())
            .collect();
        assert_eq!(edges, h.edges, "{values:?}");
        assert_eq!(counts, h.counts, "{values:?}");
        assert_eq!(fig["above"].as_u64().unwrap(), h.above, "{values:?}");
        assert_eq!(h.below, 0);
    }

    #[test]
    fn ladder_counts_equal_the_stats_histogram() {
        ladder_matches(&[]);
        ladder_matches(&[0.0]);
        ladder_matches(&[60.0, 0.0, 30.0, 59.9]);
        ladder_matches(&[5.0]);
        ladder_matches(&[43_200.0]);
        ladder_matches(&[43_200.0, 50_000.0, 1.0]);
        ladder_matches(&[20_160.0, 20_161.0]);
        ladder_matches(&[1e300, 0.5]);
        ladder_matches(&MINUTE_LADDER);
    }

    /// Cells of every sort, valid and not, for the random-rows property.
    const CELLS: &[&str] = &[
        "",
        "Solved",
        "open",
        "Résolu",
        "High",
        "billing login",
        "a,b",
        "2024-03-04 09:00",
        "2024-03-05 10:30",
        "1970-01-01",
        "2099-12-31 23:59",
        "13/13/2024",
        "0",
        "1",
        "3",
        "-1",
        "1e308",
        "99999999999999999999",
        "NaN",
        "inf",
        "Good",
        "Offered",
        "5",
        "6",
        "9:99",
        "12:30",
        "\"x\"\"y\"",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        #[test]
        fn ladder_counts_match_for_any_values(
            v in proptest::collection::vec(
                prop_oneof![0.0..100_000.0f64, Just(60.0), Just(43_200.0), Just(0.0),
                            Just(f64::NAN), Just(f64::INFINITY), Just(-1.0)], 0..60)
        ) {
            ladder_matches(&v);
        }

        #[test]
        fn any_rows_give_a_sound_report(
            rows in proptest::collection::vec(
                proptest::collection::vec(proptest::sample::select(CELLS), 9), 1..25),
            as_of in proptest::option::of(proptest::sample::select(&["2024-03-05", "1970-01-01", "2099-12-31T23:59"][..])),
        ) {
            let mut csv = String::from("Id,Requester id,Status,Priority,Tags,Created at,Solved at,Replies,Satisfaction Score,First reply time in minutes\n");
            for (i, row) in rows.iter().enumerate() {
                csv.push_str(&i.to_string());
                for cell in row {
                    csv.push(',');
                    csv.push_str(cell);
                }
                csv.push('\n');
            }
            let settings = Settings {
                kind: Some("tickets".into()),
                as_of: as_of.map(str::to_string),
                ..Settings::default()
            };
            let mut s = crate::session::Session::new(settings).unwrap();
            s.push(csv.as_bytes()).unwrap();
            let r = s.finish().unwrap();
            prop_assert_eq!(r.rows.read, rows.len() as u64);
            prop_assert_eq!(r.rows.read, r.rows.used + r.rows.skipped);
            prop_assert_eq!(&r.metrics["tickets"]["value"], &json!(r.rows.used));
            for (id, f) in &r.metrics {
                if let Some(o) = f.as_object() {
                    match o.get("value") {
                        Some(Value::Null) => prop_assert!(o.get("reason").is_some_and(Value::is_string), "{}", id),
                        Some(v) => prop_assert!(v.as_f64().is_some_and(f64::is_finite), "{}", id),
                        None => prop_assert!(id.ends_with("histogram") || id == "volume", "{}", id),
                    }
                }
            }
            // The chart holds exactly the values of the statistic.
            for (hist, stat) in [("first_response_histogram", "first_response_minutes"),
                                 ("resolution_histogram", "resolution_minutes")] {
                let h = &r.metrics[hist];
                let binned = h["counts"].as_array().map_or(0, |c| c.iter().filter_map(Value::as_u64).sum::<u64>())
                    + h["above"].as_u64().unwrap_or(0);
                prop_assert_eq!(binned, r.metrics[stat]["n"].as_u64().unwrap(), "{}", hist);
            }
        }

        #[test]
        fn folding_never_panics(s in ".{0,40}") {
            let _ = is_solved_status(&s);
            let _ = satisfaction_word(&s);
        }
    }
}
