//! Tickets → the figures of [contract §4](crate::contract) as `crate::datasets::tickets` and
//! `crate::metrics::tickets` report them: `tickets`, `first_response_minutes`,
//! `resolution_minutes` (median, p90, p95, mean, n), the business-hours
//! twins, `sla_attainment`, `one_touch_rate`, `awaiting_first_reply`,
//! `backlog`, `ticket_csat`, `top_issues`, `volume` (by month, ISO week,
//! day, channel, priority, category) and the two histograms.
//!
//! Per ticket, as the core: a response or resolution time comes from the
//! two timestamps, or from the minutes column when one is missing or both
//! are midnights (dates without a time) and the minutes are there; a reply
//! before the creation voids the reply time (the ticket's reply is then
//! unknown: neither replied nor awaiting), a solved time before it the
//! solved time; solved = the status when there is one (the words of
//! [`SOLVED_STATUSES`], case and common accents folded), else a solved
//! time or resolution minutes. The as-of time is the `as_of` setting, else
//! the latest created, first-reply or solved time.
//!
//! Not in the query: `first_ticket_resolution_minutes` (a customer's first
//! ticket among tickets created in the same second is the first in the
//! file, an order a table does not have).
//!
//! Categories are split on `,` and `;`, and on spaces too when the mapped
//! column is named `Tags`/`Tag` (Zendesk's tags), as the core does.

use super::customers::{FOLD_FROM, FOLD_TO, NO, YES};
use super::reasons::{
    NO_CREATED_REASON, NO_CSAT_RESPONSES_REASON, NO_REPLIED_OR_OVERDUE_REASON,
    NO_REPLIES_COLUMN_REASON, NO_REPLY_COLUMN_REASON, NO_SOLVED_WITH_REPLIES_COUNT_REASON,
    NO_STATUS_COLUMN_REASON, NO_VALUES_REASON,
};
use super::{duration_rows, summary_sql, Columns, Query};
use crate::datasets::tickets::accumulator::DEFAULT_SLA_MINUTES;
use crate::datasets::tickets::{SOLVED_STATUSES, TOP_ISSUES_LIMIT, VOLUME_LABELS_LIMIT};
use crate::error::Error;
use crate::ingest::columns::Field;
use crate::ingest::values::{self, DateStyle};
use crate::metrics::stats::MINUTE_LADDER;
use crate::metrics::survey::CsatScale;
use crate::settings::Settings;

/// The SLA targets: default and per priority (minutes ≥ 0).
struct Targets {
    default: f64,
    by_priority: Vec<(String, f64)>,
}

fn targets(settings: &Settings) -> Result<Targets, Error> {
    let check = |what: &str, m: f64| {
        if m.is_finite() && m >= 0.0 {
            Ok(m)
        } else {
            Err(Error::settings(format!(
                "the SLA target {what} must be a number of minutes of 0 or more"
            )))
        }
    };
    let default = match settings.sla_minutes {
        None => DEFAULT_SLA_MINUTES,
        Some(m) => check("for every priority", m)?,
    };
    let mut by_priority = Vec::new();
    for (p, m) in &settings.sla_minutes_by_priority {
        by_priority.push((p.clone(), check(&format!("for “{p}”"), *m)?));
    }
    Ok(Targets {
        default,
        by_priority,
    })
}

/// Writes the tickets query.
pub(crate) fn build(q: &mut Query, c: &Columns, settings: &Settings) -> Result<(), Error> {
    let d = q.d;
    let as_of = match settings.as_of.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => Some(values::parse_timestamp(text, DateStyle::Iso).map_err(|_| {
            Error::settings(format!(
                "the as-of time “{text}” is not a date: write it as 2024-03-31 or 2024-03-31T17:00"
            ))
        })?),
    };
    let targets = targets(settings)?;
    let csat_scale = settings.csat_scale.unwrap_or_default();
    let null = d.null_double();
    let text_of = |f: Field| {
        c.get(f).map_or(d.null_text(), |col| {
            format!("NULLIF(TRIM({}), '')", d.text(col))
        })
    };
    let epoch = |f: Field| c.get(f).map_or(null.clone(), |col| d.epoch(col));
    let minutes = |f: Field| {
        c.get(f).map_or(null.clone(), |col| {
            format!("CASE WHEN {col} >= {} THEN {} END", d.num(0.0), d.dbl(col))
        })
    };
    let negative = |f: Field| {
        c.get(f)
            .map_or("0 = 1".to_string(), |col| format!("{col} < {}", d.num(0.0)))
    };
    let folded = |f: Field| {
        format!(
            "TRANSLATE(LOWER({}), {}, {})",
            text_of(f),
            d.string(FOLD_FROM),
            d.string(FOLD_TO)
        )
    };
    let list = |words: &[&str]| {
        words
            .iter()
            .map(|w| d.string(w))
            .collect::<Vec<_>>()
            .join(", ")
    };
    q.source(&epoch(Field::TicketCreatedAt), "created_raw");
    q.source(&epoch(Field::FirstReplyAt), "reply_raw");
    q.source(&epoch(Field::SolvedAt), "solved_raw");
    q.source(&minutes(Field::FirstReplyMinutes), "frm");
    q.source(
        &format!(
            "CASE WHEN {} THEN 1 ELSE 0 END",
            negative(Field::FirstReplyMinutes)
        ),
        "frm_bad",
    );
    q.source(&minutes(Field::ResolutionMinutes), "rm");
    q.source(&minutes(Field::FirstReplyMinutesBusiness), "frm_b");
    q.source(&minutes(Field::ResolutionMinutesBusiness), "rm_b");
    let status = if c.has(Field::TicketStatus) {
        format!(
            "CASE WHEN {t} IS NULL THEN NULL WHEN {f} IN ({}) THEN 1 ELSE 0 END",
            list(SOLVED_STATUSES),
            t = text_of(Field::TicketStatus),
            f = folded(Field::TicketStatus),
        )
    } else {
        null.clone()
    };
    q.source(&status, "status_solved");
    q.source(&text_of(Field::TicketChannel), "channel");
    q.source(&text_of(Field::Priority), "priority");
    q.source(&text_of(Field::Requester), "requester");
    let tags = c
        .get(Field::Category)
        .map(|col| {
            let bare = col.trim_matches(|ch| ch == '"' || ch == '`');
            let h = crate::ingest::columns::normalise_header(bare);
            h == "tags" || h == "tag"
        })
        .unwrap_or(false);
    let category = match c.get(Field::Category) {
        None => d.null_text(),
        Some(col) => {
            let mut t = format!("REPLACE({}, ';', ',')", d.text(col));
            if tags {
                for ws in [" ", "\t", "\n", "\r"] {
                    t = format!("REPLACE({t}, {}, ',')", d.string(ws));
                }
            }
            t
        }
    };
    q.source(&category, "category");
    q.source(
        &c.get(Field::Replies).map_or(null.clone(), |col| {
            format!(
                "CASE WHEN {col} >= 0 AND {col} = FLOOR({col}) THEN {} END",
                d.dbl(col)
            )
        }),
        "replies",
    );
    let fc = if c.has(Field::FirstContactResolved) {
        let w = folded(Field::FirstContactResolved);
        format!(
            "CASE WHEN {w} IN ({}) THEN 1 WHEN {w} IN ({}) THEN 0 END",
            list(YES),
            list(NO),
        )
    } else {
        null.clone()
    };
    q.source(&fc, "first_contact");
    // Rating: 'good', 'bad', 'none' (offered, not offered); score: a CSAT
    // answer satisfied 1 / not 0.
    let (rating, score) = if c.has(Field::Satisfaction) {
        let f = folded(Field::Satisfaction);
        let rating = format!(
            "CASE WHEN {f} IN ({}) THEN 'good' WHEN {f} IN ({}) THEN 'bad' WHEN {f} IN ({}) THEN 'none' END",
            list(&["good", "good with comment", "satisfied", "bueno", "bom", "bon", "baik"]),
            list(&[
                "bad", "bad with comment", "unsatisfied", "dissatisfied", "malo", "ruim",
                "mauvais", "buruk"
            ]),
            list(&["offered", "not offered", "unoffered"]),
        );
        let score = match csat_scale {
            CsatScale::GoodBad => null.clone(),
            scale => {
                let (lo, hi, top) = match scale {
                    CsatScale::OneToSeven => (1.0, 7.0, 6.0),
                    CsatScale::OneToTen => (1.0, 10.0, 8.0),
                    CsatScale::ZeroToTen => (0.0, 10.0, 8.0),
                    _ => (1.0, 5.0, 4.0),
                };
                let x = d.try_double(&text_of(Field::Satisfaction));
                format!(
                    "CASE WHEN {x} >= {lo} AND {x} <= {hi} AND {x} = FLOOR({x}) THEN CASE WHEN {x} >= {top} THEN 1 ELSE 0 END END",
                    lo = d.num(lo),
                    hi = d.num(hi),
                    top = d.num(top)
                )
            }
        };
        (rating, score)
    } else {
        (d.null_text(), null.clone())
    };
    q.source(&rating, "rating");
    q.source(&score, "score_ok");
    let labels = c
        .get(Field::TicketCreatedAt)
        .map(|col| (d.month_label(col), d.iso_week_label(col), d.day_label(col)));
    let (month, week, day) = labels.unwrap_or((d.null_text(), d.null_text(), d.null_text()));
    q.source(&month, "month");
    q.source(&week, "week");
    q.source(&day, "day");
    let mut target = d.num(targets.default);
    if !targets.by_priority.is_empty() {
        let arms: Vec<String> = targets
            .by_priority
            .iter()
            .map(|(p, m)| {
                format!(
                    "WHEN LOWER(priority) = LOWER({}) THEN {}",
                    d.string(p),
                    d.num(*m)
                )
            })
            .collect();
        target = format!("CASE {} ELSE {target} END", arms.join(" "));
    }

    // Per ticket, as the core takes it.
    let whole = |x: &str| format!("{x} - 86400 * FLOOR({x} / 86400) = 0");
    let span_r = format!(
        "created_raw IS NOT NULL AND reply_raw IS NOT NULL AND NOT ({} AND {} AND frm IS NOT NULL)",
        whole("created_raw"),
        whole("reply_raw")
    );
    let span_s = |solved_t: &str| {
        format!(
            "created_raw IS NOT NULL AND {solved_t} IS NOT NULL AND NOT ({} AND {} AND rm IS NOT NULL)",
            whole("created_raw"),
            whole(solved_t)
        )
    };
    let solved0 =
        "CASE WHEN status_solved IS NOT NULL THEN status_solved WHEN solved_raw IS NOT NULL OR rm IS NOT NULL THEN 1 ELSE 0 END";
    q.cte(
        "t0",
        &format!(
            "  SELECT src.*, ROW_NUMBER() OVER (ORDER BY created_raw) AS tid, CASE WHEN {span_r} AND reply_raw < created_raw THEN 1 ELSE 0 END AS reply_neg, CASE WHEN ({solved0}) = 1 AND {} AND solved_raw < created_raw THEN 1 ELSE 0 END AS solved_neg FROM src",
            span_s("solved_raw")
        ),
    );
    let sixty = d.num(60.0);
    let span_r_eff = span_r.replace("reply_raw", "reply");
    q.cte(
        "t1",
        "  SELECT t0.*, created_raw AS created, CASE WHEN reply_neg = 1 THEN NULL ELSE reply_raw END AS reply, CASE WHEN solved_neg = 1 THEN NULL ELSE solved_raw END AS solved_t, CASE WHEN reply_neg = 1 OR frm_bad = 1 THEN 1 ELSE 0 END AS reply_unknown FROM t0",
    );
    let span_s_eff = span_s("solved_t");
    q.cte(
        "tk",
        &format!(
            "  SELECT t2.*, CASE WHEN solved = 1 THEN CASE WHEN {span_s_eff} THEN (solved_t - created) / {sixty} ELSE rm END END AS res, {target} AS target FROM (SELECT t1.*, CASE WHEN {span_r_eff} THEN (reply - created) / {sixty} ELSE frm END AS frt, CASE WHEN status_solved IS NOT NULL THEN status_solved WHEN solved_t IS NOT NULL OR rm IS NOT NULL THEN 1 ELSE 0 END AS solved FROM t1) AS t2"
        ),
    );
    let as_of_sql = match as_of {
        Some(t) => d.num(t as f64),
        None => "(SELECT MAX(x) FROM (SELECT MAX(created) AS x FROM tk UNION ALL SELECT MAX(reply) AS x FROM tk UNION ALL SELECT MAX(solved_t) AS x FROM tk) AS l)".to_string(),
    };
    let reply_column = c.has(Field::FirstReplyAt) || c.has(Field::FirstReplyMinutes);
    let created_column = c.has(Field::TicketCreatedAt);

    // SLA: each ticket placed as replied (met or not), overdue, unknown
    // age, or left out.
    let replied_by = match as_of {
        Some(_) => "frt IS NOT NULL AND (reply IS NULL OR reply <= a.as_of)",
        None => "frt IS NOT NULL",
    };
    let exists = match as_of {
        Some(_) => "(created IS NULL OR created <= a.as_of)",
        None => "1 = 1",
    };
    let placed =
        format!("NOT (frt IS NULL AND (reply IS NOT NULL OR reply_unknown = 1)) AND {exists}");
    let one_touch =
        "CASE WHEN replies IS NOT NULL THEN CASE WHEN replies < 2 THEN 1 ELSE 0 END ELSE first_contact END";
    let open = match as_of {
        None => "solved = 0".to_string(),
        Some(_) => "(created IS NULL OR created <= a.as_of) AND NOT (solved = 1 AND (solved_t IS NULL OR solved_t <= a.as_of))".to_string(),
    };
    q.cte("a", &format!("  SELECT {as_of_sql} AS as_of"));
    q.cte(
        "agg",
        &format!(
            "  SELECT COUNT(*) AS tickets, SUM(solved) AS solved, COUNT(CASE WHEN solved = 1 AND res IS NULL THEN 1 END) AS solved_without_time,
    COUNT(CASE WHEN {placed} AND {replied_by} THEN 1 END) AS sla_replied,
    COUNT(CASE WHEN {placed} AND {replied_by} AND frt <= target THEN 1 END) AS sla_met,
    COUNT(CASE WHEN {placed} AND NOT ({replied_by}) AND created IS NOT NULL AND (a.as_of - created) / {sixty} > target THEN 1 END) AS sla_overdue,
    COUNT(CASE WHEN {placed} AND NOT ({replied_by}) AND created IS NULL THEN 1 END) AS sla_unknown,
    COUNT(CASE WHEN replies IS NOT NULL OR first_contact IS NOT NULL THEN 1 END) AS touch_seen,
    COUNT(CASE WHEN solved = 1 AND ({one_touch}) IS NOT NULL THEN 1 END) AS touch_solved,
    COUNT(CASE WHEN solved = 1 AND ({one_touch}) = 1 THEN 1 END) AS one_touch,
    COUNT(CASE WHEN frt IS NULL AND solved = 0 AND reply IS NULL AND reply_unknown = 0 THEN 1 END) AS awaiting,
    COUNT(CASE WHEN status_solved IS NOT NULL OR solved_t IS NOT NULL OR rm IS NOT NULL THEN 1 END) AS solved_seen,
    COUNT(CASE WHEN {open} THEN 1 END) AS backlog,
    COUNT(CASE WHEN rating = 'good' THEN 1 END) + COUNT(CASE WHEN score_ok = 1 THEN 1 END) AS csat_s,
    COUNT(CASE WHEN rating IN ('good', 'bad') THEN 1 END) + COUNT(score_ok) AS csat_n,
    COUNT(CASE WHEN rating = 'none' THEN 1 END) AS not_answered,
    COUNT(CASE WHEN created IS NULL THEN 1 END) AS undated,
    COUNT(CASE WHEN reply_raw IS NOT NULL OR frm IS NOT NULL OR frm_bad = 1 THEN 1 END) AS reply_cells,
    COUNT(frt) AS frt_n
  FROM tk CROSS JOIN a"
        ),
    );

    q.leaf("tickets", "tickets.value", "tickets", "agg");
    q.leaf("tickets", "tickets.solved", "solved", "agg");
    q.leaf(
        "tickets",
        "tickets.solved_without_time",
        "solved_without_time",
        "agg",
    );

    // Response and resolution times.
    let no_values = d.string(NO_VALUES_REASON.reason);
    let undated_reason = |timed: &str| {
        if created_column {
            no_values.clone()
        } else {
            format!(
                "CASE WHEN {timed} > 0 THEN {} ELSE {no_values} END",
                d.string(NO_CREATED_REASON.reason)
            )
        }
    };
    for (id, x, cte, timed) in [
        ("first_response_minutes", "frt", "frt_s", "reply_cells"),
        ("resolution_minutes", "res", "res_s", "solved"),
    ] {
        q.cte(
            cte,
            &summary_sql(d, &format!("SELECT 1 AS g, {x} AS x FROM tk")),
        );
        duration_rows(q, id, cte, &undated_reason(timed), "agg");
    }
    for (id, x, cte, field) in [
        (
            "first_response_minutes_business",
            "frm_b",
            "frtb_s",
            Field::FirstReplyMinutesBusiness,
        ),
        (
            "resolution_minutes_business",
            "CASE WHEN solved = 1 THEN rm_b END",
            "resb_s",
            Field::ResolutionMinutesBusiness,
        ),
    ] {
        if c.has(field) {
            q.cte(
                cte,
                &summary_sql(d, &format!("SELECT 1 AS g, {x} AS x FROM tk")),
            );
            duration_rows(q, id, cte, &no_values, "agg");
        }
    }

    // SLA attainment.
    let sla = "sla_attainment";
    let denominator = "(sla_replied + sla_overdue)";
    let sla_reason = if reply_column {
        let mut r = format!(
            "CASE WHEN {denominator} = 0 THEN {} END",
            d.string(NO_REPLIED_OR_OVERDUE_REASON.reason)
        );
        if !created_column {
            r = format!(
                "CASE WHEN {denominator} = 0 AND frt_n = 0 AND reply_cells > 0 THEN {} ELSE {r} END",
                d.string(NO_CREATED_REASON.reason)
            );
        }
        r
    } else {
        d.string(NO_REPLY_COLUMN_REASON.reason)
    };
    let defined = if reply_column {
        format!("{denominator} > 0")
    } else {
        "0 = 1".to_string()
    };
    q.value(
        sla,
        &format!(
            "CASE WHEN {defined} THEN {} / {} END",
            d.dbl("sla_met"),
            d.dbl(denominator)
        ),
        &sla_reason,
        "agg",
    );
    for (name, expr) in [
        ("met", "sla_met"),
        ("replied", "sla_replied"),
        ("overdue_unreplied", "sla_overdue"),
        ("unreplied_unknown_age", "sla_unknown"),
    ] {
        q.leaf(
            sla,
            &format!("{sla}.{name}"),
            &format!("CASE WHEN {defined} THEN {expr} END"),
            "agg",
        );
    }
    q.leaf(
        sla,
        "sla_attainment.target_minutes",
        &d.num(targets.default),
        "agg",
    );
    for (p, m) in &targets.by_priority {
        q.leaf(
            sla,
            &format!("{sla}.target_minutes_by_priority.{p}"),
            &d.num(*m),
            "agg",
        );
    }

    // One-touch resolution.
    let touch_reason = format!(
        "CASE WHEN touch_seen = 0 THEN {} ELSE {} END",
        d.string(NO_REPLIES_COLUMN_REASON.reason),
        d.string(NO_SOLVED_WITH_REPLIES_COUNT_REASON.reason)
    );
    let touch_ok = "touch_seen > 0 AND touch_solved > 0";
    q.value(
        "one_touch_rate",
        &format!(
            "CASE WHEN {touch_ok} THEN {} / {} END",
            d.dbl("one_touch"),
            d.dbl("touch_solved")
        ),
        &touch_reason,
        "agg",
    );
    for (name, expr) in [("one_touch", "one_touch"), ("solved", "touch_solved")] {
        q.leaf(
            "one_touch_rate",
            &format!("one_touch_rate.{name}"),
            &format!("CASE WHEN {touch_ok} THEN {expr} END"),
            "agg",
        );
    }

    // Awaiting a first reply, backlog.
    if reply_column {
        q.leaf(
            "awaiting_first_reply",
            "awaiting_first_reply.value",
            "awaiting",
            "agg",
        );
    } else {
        q.value(
            "awaiting_first_reply",
            &null,
            &d.string(NO_REPLY_COLUMN_REASON.reason),
            "agg",
        );
    }
    q.value(
        "backlog",
        "CASE WHEN solved_seen > 0 THEN backlog END",
        &d.string(NO_STATUS_COLUMN_REASON.reason),
        "agg",
    );

    // Ticket CSAT: Good/Bad ratings and numeric scores together.
    q.cte("csat_t", "  SELECT csat_n AS n, csat_s AS s FROM agg");
    super::survey::wilson(q, "csat_w", "csat_t");
    q.value(
        "ticket_csat",
        "CASE WHEN n > 0 THEN value END",
        &d.string(NO_CSAT_RESPONSES_REASON.reason),
        "csat_w",
    );
    q.leaf("ticket_csat", "ticket_csat.n", "n", "csat_w");
    for (name, expr) in [
        ("satisfied", "s"),
        ("ci95_low", "ci95_low"),
        ("ci95_high", "ci95_high"),
    ] {
        q.leaf(
            "ticket_csat",
            &format!("ticket_csat.{name}"),
            &format!("CASE WHEN n > 0 THEN {expr} END"),
            "csat_w",
        );
    }
    q.leaf(
        "ticket_csat",
        "ticket_csat.not_answered",
        "not_answered",
        "agg",
    );

    // Categories: one row per (ticket, category), a category once per ticket.
    let pieces = d.split_rows("tid, requester", "category", "tk");
    q.cte(
        "cats",
        &format!(
            "  SELECT DISTINCT tid, requester, TRIM(piece) AS cat FROM ({pieces}) AS p WHERE TRIM(piece) <> ''"
        ),
    );
    q.cte(
        "issues",
        &format!(
            "  SELECT cat, COUNT(DISTINCT tid) AS tickets, COUNT(DISTINCT requester) AS customers, ROW_NUMBER() OVER (ORDER BY COUNT(DISTINCT requester) DESC, COUNT(DISTINCT tid) DESC, {}) AS by_customers, ROW_NUMBER() OVER (ORDER BY COUNT(DISTINCT tid) DESC, {}) AS by_tickets FROM cats GROUP BY cat",
            d.bytewise("cat"),
            d.bytewise("cat")
        ),
    );
    let top = format!("issues WHERE by_customers <= {TOP_ISSUES_LIMIT}");
    for leaf in ["customers", "tickets"] {
        let p = q.keyed("top_issues", "cat", &format!(".{leaf}"));
        q.row("top_issues", &p, leaf, None, &top);
    }

    // Volume.
    let v = "volume";
    for (list, key) in [("by_month", "month"), ("by_week", "week")] {
        let cte = format!("vol_{key}");
        q.cte(
            &cte,
            &format!(
                "  SELECT {key} AS k, COUNT(*) AS n FROM tk WHERE {key} IS NOT NULL GROUP BY {key}"
            ),
        );
        let p = q.keyed(&format!("{v}.{list}"), "k", ".tickets");
        q.row(v, &p, "n", None, &cte);
    }
    q.cte(
        "vol_day",
        "  SELECT day AS k, COUNT(*) AS n, MIN(created) AS first_t, MAX(created) AS last_t FROM tk WHERE day IS NOT NULL GROUP BY day",
    );
    let span = format!(
        "(SELECT {} - {} + 1 AS days FROM (SELECT MIN(first_t) AS f, MAX(last_t) AS l FROM vol_day) AS e)",
        d.day_number("l"),
        d.day_number("f")
    );
    let p = q.keyed(&format!("{v}.by_day"), "k", ".tickets");
    q.row(v, &p, "n", None, &format!("vol_day WHERE {span} <= 400"));
    for (list, expr) in [
        (
            "by_channel",
            "SELECT channel AS k, tid FROM tk WHERE channel IS NOT NULL",
        ),
        (
            "by_priority",
            "SELECT priority AS k, tid FROM tk WHERE priority IS NOT NULL",
        ),
        ("by_category", "SELECT cat AS k, tid FROM cats"),
    ] {
        let present = match list {
            "by_channel" => c.has(Field::TicketChannel),
            "by_priority" => c.has(Field::Priority),
            _ => true,
        };
        if !present && list != "by_category" {
            continue;
        }
        let cte = format!("vol_{list}");
        q.cte(
            &cte,
            &format!(
                "  SELECT k, n, ROW_NUMBER() OVER (ORDER BY n DESC, {}) AS pos FROM (SELECT k, COUNT(*) AS n FROM ({expr}) AS x GROUP BY k) AS y",
                d.bytewise("k")
            ),
        );
        let p = q.keyed(&format!("{v}.{list}"), "k", ".tickets");
        q.row(
            v,
            &p,
            "n",
            None,
            &format!("{cte} WHERE pos <= {VOLUME_LABELS_LIMIT}"),
        );
        let others = format!("{cte}_others");
        q.cte(
            &others,
            &format!("  SELECT SUM(n) AS n FROM {cte} WHERE pos > {VOLUME_LABELS_LIMIT}"),
        );
        q.leaf(
            v,
            &format!("{v}.{list}_others"),
            "CASE WHEN n > 0 THEN n END",
            &others,
        );
    }
    q.leaf(v, "volume.undated", "undated", "agg");
    q.cte(
        "uncat",
        "  SELECT agg.tickets - (SELECT COUNT(DISTINCT tid) FROM cats) AS n FROM agg",
    );
    q.leaf(v, "volume.uncategorised", "n", "uncat");

    // Histograms over the minute ladder.
    histogram(q, "first_response_histogram", "frt");
    histogram(q, "resolution_histogram", "res");
    Ok(())
}

/// A histogram of `x` over the [`MINUTE_LADDER`] cut after the first rung
/// at or above the largest value (as the core's chart bins): `edges`,
/// `counts` (the last bin closed), `above`; undefined "no values" when
/// there is none.
fn histogram(q: &mut Query, id: &str, x: &str) {
    let d = q.d;
    let l: Vec<String> = MINUTE_LADDER.iter().map(|e| d.num(*e)).collect();
    let mut cols = vec![format!("MAX({x}) AS mx")];
    for i in 0..13 {
        cols.push(format!(
            "COUNT(CASE WHEN {x} >= {} AND {x} < {} THEN 1 END) AS c{i}",
            l[i],
            l[i + 1]
        ));
        cols.push(format!(
            "COUNT(CASE WHEN {x} = {} THEN 1 END) AS e{}",
            l[i + 1],
            i + 1
        ));
    }
    cols.push(format!(
        "COUNT(CASE WHEN {x} > {} THEN 1 END) AS above",
        l[13]
    ));
    // bins: the first rung ≥ max (at least 1), else 13.
    let mut bins = String::from("CASE");
    for (i, e) in l.iter().enumerate().skip(1) {
        bins.push_str(&format!(" WHEN mx <= {e} THEN {i}"));
    }
    bins.push_str(" ELSE 13 END");
    let cte = format!("{id}_h");
    q.cte(
        &cte,
        &format!(
            "  SELECT h.*, {bins} AS bins FROM (SELECT {} FROM tk WHERE {x} IS NOT NULL AND {x} >= {}) AS h",
            cols.join(", "),
            d.num(0.0)
        ),
    );
    let r = d.string(NO_VALUES_REASON.reason);
    q.value(id, &d.null_double(), &r, &format!("{cte} WHERE mx IS NULL"));
    let from = format!("{cte} WHERE mx IS NOT NULL");
    for (j, e) in l.iter().enumerate() {
        q.leaf(
            id,
            &format!("{id}.edges[{j}]"),
            &format!("CASE WHEN {j} <= bins THEN {e} END"),
            &from,
        );
    }
    for i in 0..13 {
        q.leaf(
            id,
            &format!("{id}.counts[{i}]"),
            &format!(
                "CASE WHEN {i} < bins - 1 THEN c{i} WHEN {i} = bins - 1 THEN c{i} + e{} END",
                i + 1
            ),
            &from,
        );
    }
    q.leaf(
        id,
        &format!("{id}.above"),
        "CASE WHEN bins = 13 THEN above ELSE 0 END",
        &from,
    );
}
