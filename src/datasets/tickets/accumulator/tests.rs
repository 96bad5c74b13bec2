//! Tests of the ticket accumulator.

use super::*;
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

const H: i64 = 3600;
/// Customer ids for tests that number their customers.
const CUSTOMERS: [&str; 8] = ["c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7"];
const T0: i64 = 1_709_629_200; // 2024-03-05 09:00 UTC

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Categories past the 64 kept as bits count customers the same way.
    #[test]
    fn many_categories_count_customers(
        rows in proptest::collection::vec((0u64..6, 0usize..90, 0usize..90), 1..200),
    ) {
        let mut acc = TicketsAccumulator::new(TicketSettings::default());
        let mut want: BTreeMap<String, BTreeSet<u64>> = BTreeMap::new();
        for (customer, a, b) in &rows {
            let names = [format!("c{a}"), format!("c{b}")];
            let t = Ticket { customer: Some(CUSTOMERS[*customer as usize]), ..tk() };
            acc.push(&t, names.iter().map(String::as_str)).unwrap();
            for n in names {
                want.entry(n).or_default().insert(*customer);
            }
        }
        let s = acc.finish();
        for issue in &s.top_issues {
            prop_assert_eq!(issue.customers as usize, want[&issue.category].len());
        }
        prop_assert_eq!(s.top_issues.len(), want.len());
    }
}

fn tk() -> Ticket<'static> {
    Ticket::default()
}

#[test]
fn frt_resolution_awaiting_and_rejections() {
    let mut acc = TicketsAccumulator::new(TicketSettings::default());
    let base = Ticket {
        created: Some(T0),
        ..tk()
    };
    acc.push(
        &Ticket {
            first_reply: Some(T0 + 600),
            solved_at: Some(T0 + 2 * H),
            ..base
        },
        [],
    )
    .unwrap();
    acc.push(
        &Ticket {
            first_reply: Some(T0 + 1800),
            ..base
        },
        [],
    )
    .unwrap();
    acc.push(&base, []).unwrap();
    // Refusals leave everything unchanged.
    let before = acc.clone().finish();
    assert_eq!(
        acc.push(
            &Ticket {
                first_reply: Some(T0 - 1),
                ..base
            },
            ["x"]
        ),
        Err(NEGATIVE_FIRST_RESPONSE_REASON)
    );
    assert_eq!(
        acc.push(
            &Ticket {
                solved_at: Some(T0 - 60),
                ..base
            },
            ["x"]
        ),
        Err(NEGATIVE_RESOLUTION_REASON)
    );
    assert_eq!(
        acc.push(
            &Ticket {
                created: None,
                first_reply_minutes: Some(-3.0),
                ..tk()
            },
            []
        ),
        Err(NEGATIVE_FIRST_RESPONSE_REASON)
    );
    assert_eq!(
        acc.push(
            &Ticket {
                created: None,
                first_reply_minutes: Some(f64::NAN),
                ..tk()
            },
            []
        ),
        Err(NOT_A_NUMBER_REASON.reason)
    );
    assert_eq!(
        acc.push(
            &Ticket {
                created: Some(i64::MIN),
                first_reply: Some(i64::MAX),
                ..tk()
            },
            []
        ),
        Err(TIME_RANGE_REASON)
    );
    let s = acc.finish();
    assert_eq!(s, before);
    assert_eq!(s.tickets, 3);
    assert_eq!(s.awaiting_first_reply, 1);
    // Only open tickets without a reply await one: a solved ticket
    // without a reply, a reply time without a created time and an
    // unknown reply do not.
    for t in [
        Ticket {
            status_solved: Some(true),
            ..base
        },
        Ticket {
            created: None,
            first_reply: Some(T0),
            ..tk()
        },
        Ticket {
            reply_unknown: true,
            ..base
        },
    ] {
        let mut one = TicketsAccumulator::new(TicketSettings::default());
        one.push(&t, []).unwrap();
        let s = one.finish();
        assert_eq!(s.awaiting_first_reply, 0, "{t:?}");
        assert!(s.sla_attainment.is_err(), "{t:?}");
    }
    assert_eq!(s.first_response_minutes.n, 2);
    assert_eq!(s.first_response_minutes.median, Ok(20.0));
    assert_eq!(s.first_response_minutes.mean, Ok(20.0));
    assert_eq!(s.resolution_minutes.n, 1);
    assert_eq!(s.resolution_minutes.median, Ok(120.0));
    assert_eq!(s.solved, 1);
    assert_eq!(s.backlog, Ok(2));
    assert_eq!(s.as_of, Some(T0 + 2 * H));
}

#[test]
fn sla_with_priorities_and_as_of() {
    let settings = TicketSettings {
        sla: SlaTargets {
            default_minutes: 60.0,
            by_priority: vec![("urgent".into(), 15.0)],
        },
        as_of: None,
    };
    let mut acc = TicketsAccumulator::new(settings.clone());
    let mk = |p: &'static str, reply_min: Option<i64>, created: i64| Ticket {
        created: Some(created),
        first_reply: reply_min.map(|m| created + 60 * m),
        priority: Some(p),
        ..tk()
    };
    acc.push(&mk("Urgent", Some(10), T0), []).unwrap(); // met
    acc.push(&mk("Urgent", Some(20), T0), []).unwrap(); // missed
    acc.push(&mk("normal", Some(60), T0), []).unwrap(); // met (≤)
    acc.push(&mk("normal", Some(61), T0), []).unwrap(); // missed
    acc.push(&mk("normal", None, T0 + 5 * H), []).unwrap(); // unreplied, young
    acc.push(&mk("normal", None, T0), []).unwrap(); // unreplied, old at as-of
    acc.push(&mk("urgent", None, T0 + 5 * H - 20 * 60), [])
        .unwrap(); // 20 min > 15
    acc.push(
        &Ticket {
            first_reply_minutes: None,
            ..tk()
        },
        [],
    )
    .unwrap(); // unknown age
    acc.push(&mk("normal", Some(0), T0 + 5 * H), []).unwrap(); // met; latest = T0+5h
    let sla = acc.finish().sla_attainment.unwrap();
    assert_eq!(
        (
            sla.met,
            sla.replied,
            sla.overdue_unreplied,
            sla.unreplied_unknown_age
        ),
        (3, 5, 2, 1)
    );
    assert_eq!(sla.value, 3.0 / 7.0);

    // The same tickets with an explicit, earlier as-of: T0 + 30 min.
    let mut early = TicketsAccumulator::new(TicketSettings {
        as_of: Some(T0 + 30 * 60),
        ..settings
    });
    early.push(&mk("Urgent", Some(10), T0), []).unwrap(); // met
    early.push(&mk("normal", Some(61), T0), []).unwrap(); // reply after as-of: unreplied, 30 min < 60
    early.push(&mk("urgent", Some(40), T0), []).unwrap(); // unreplied at as-of, 30 > 15: overdue
    early.push(&mk("normal", None, T0 + H), []).unwrap(); // created after as-of: out
    let s = early.finish();
    let sla = s.sla_attainment.unwrap();
    assert_eq!((sla.met, sla.replied, sla.overdue_unreplied), (1, 1, 1));
    assert_eq!(s.as_of, Some(T0 + 30 * 60));
    assert_eq!(
        s.backlog,
        Err(Undefined::new(
            "no_status_column",
            "no status or solved-time column"
        ))
    );

    let mut bad = TicketsAccumulator::new(TicketSettings {
        sla: SlaTargets {
            default_minutes: f64::NAN,
            by_priority: vec![],
        },
        as_of: None,
    });
    bad.push(&mk("x", Some(1), T0), []).unwrap();
    assert!(bad.finish().sla_attainment.is_err());
    assert_eq!(
        TicketsAccumulator::new(TicketSettings::default())
            .finish()
            .sla_attainment
            .unwrap_err()
            .reason,
        "no replied or overdue tickets"
    );
}

#[test]
fn zendesk_minutes_only() {
    let mut acc = TicketsAccumulator::new(TicketSettings::default());
    let z = |frt: Option<f64>, res: Option<f64>, status: bool, replies: u64| Ticket {
        first_reply_minutes: frt,
        resolution_minutes: res,
        status_solved: Some(status),
        agent_replies: Some(replies),
        ..tk()
    };
    acc.push(&z(Some(30.0), Some(90.0), true, 1), []).unwrap();
    acc.push(&z(Some(90.0), Some(300.0), true, 3), []).unwrap();
    acc.push(&z(None, None, false, 0), []).unwrap();
    acc.push(&z(Some(5.0), None, true, 0), []).unwrap();
    let s = acc.finish();
    assert_eq!(s.as_of, None);
    assert_eq!(s.first_response_minutes.median, Ok(30.0));
    assert_eq!(s.resolution_minutes.median, Ok(195.0));
    assert_eq!(s.solved_without_time, 1);
    let sla = s.sla_attainment.unwrap();
    assert_eq!((sla.value, sla.unreplied_unknown_age), (2.0 / 3.0, 1));
    let ot = s.one_touch_rate.unwrap();
    assert_eq!((ot.one_touch, ot.solved), (2, 3));
    assert_eq!(s.backlog, Ok(1));
    assert_eq!(s.volume.undated, 4);
}

#[test]
fn one_touch_sources_and_undefined() {
    let mut none = TicketsAccumulator::new(TicketSettings::default());
    none.push(
        &Ticket {
            status_solved: Some(true),
            ..tk()
        },
        [],
    )
    .unwrap();
    assert_eq!(
        none.finish().one_touch_rate.unwrap_err().reason,
        "no replies or first-contact column"
    );
    let mut open = TicketsAccumulator::new(TicketSettings::default());
    open.push(
        &Ticket {
            status_solved: Some(false),
            agent_replies: Some(1),
            ..tk()
        },
        [],
    )
    .unwrap();
    assert!(open.finish().one_touch_rate.is_err());
    let mut flag = TicketsAccumulator::new(TicketSettings::default());
    for f in [true, true, false] {
        flag.push(
            &Ticket {
                status_solved: Some(true),
                first_contact: Some(f),
                ..tk()
            },
            [],
        )
        .unwrap();
    }
    // The replies count wins over the flag on the same ticket.
    flag.push(
        &Ticket {
            status_solved: Some(true),
            first_contact: Some(true),
            agent_replies: Some(2),
            ..tk()
        },
        [],
    )
    .unwrap();
    let ot = flag.finish().one_touch_rate.unwrap();
    assert_eq!((ot.one_touch, ot.solved, ot.value), (2, 4, 0.5));
}

#[test]
fn first_ticket_top_issues_csat_and_volume() {
    let mut acc = TicketsAccumulator::new(TicketSettings::default());
    let t = |c: usize, created: i64, res_h: Option<i64>| Ticket {
        customer: Some(CUSTOMERS[c]),
        created: Some(created),
        solved_at: res_h.map(|h| created + h * H),
        ..tk()
    };
    // Customer 1: earliest ticket resolved in 2 h (pushed second).
    acc.push(&t(1, T0 + 24 * H, Some(10)), ["bug", "billing"])
        .unwrap();
    acc.push(&t(1, T0, Some(2)), ["bug", "bug"]).unwrap();
    // Customer 2: earliest resolved in 4 h.
    acc.push(&t(2, T0 + H, Some(4)), ["bug"]).unwrap();
    // Customer 3: earliest unresolved.
    acc.push(&t(3, T0 + 2 * H, None), ["billing"]).unwrap();
    acc.push(&t(3, T0 + 3 * H, Some(1)), ["billing"]).unwrap();
    acc.push(&t(3, T0 + 4 * H, Some(1)), ["billing", ""])
        .unwrap();
    // No customer.
    acc.push(
        &Ticket {
            created: Some(T0 + 5 * 24 * H),
            rating: Some(SatisfactionRating::Good),
            ..tk()
        },
        ["login"],
    )
    .unwrap();
    acc.push(
        &Ticket {
            created: Some(T0 + 7 * 24 * H),
            rating: Some(SatisfactionRating::Offered),
            ..tk()
        },
        [],
    )
    .unwrap();
    acc.push(
        &Ticket {
            created: Some(T0 + 30 * 24 * H),
            rating: Some(SatisfactionRating::Bad),
            channel: Some("email"),
            ..tk()
        },
        [],
    )
    .unwrap();
    let s = acc.finish();
    let f = &s.first_ticket_resolution_minutes;
    assert_eq!((f.n, f.median.clone()), (2, Ok(180.0)));
    assert_eq!(s.first_ticket_unresolved, 1);
    let names: Vec<(&str, u64, u64)> = s
        .top_issues
        .iter()
        .map(|i| (i.category.as_str(), i.customers, i.tickets))
        .collect();
    // bug and billing both reach 2 customers; bug has fewer tickets (3 vs 4).
    assert_eq!(
        names,
        vec![("billing", 2, 4), ("bug", 2, 3), ("login", 0, 1)]
    );
    assert_eq!(s.uncategorised, 2);
    let csat = s.ticket_csat.unwrap();
    assert_eq!((csat.satisfied, csat.n), (1, 2));
    assert_eq!(s.ratings_not_answered, 1);
    let v = &s.volume;
    assert_eq!(
        v.by_day[0],
        Count {
            key: "2024-03-05".into(),
            tickets: 5
        }
    );
    assert_eq!(
        v.by_week[0],
        Count {
            key: "2024-W10".into(),
            tickets: 7
        }
    );
    assert_eq!(v.by_month.len(), 2);
    assert_eq!(
        v.by_month[1],
        Count {
            key: "2024-04".into(),
            tickets: 1
        }
    );
    assert_eq!(
        v.by_channel,
        vec![Count {
            key: "email".into(),
            tickets: 1
        }]
    );
    assert_eq!(
        v.by_category[0],
        Count {
            key: "billing".into(),
            tickets: 4
        }
    );
}

#[test]
fn iso_weeks_at_year_boundaries() {
    let mut acc = TicketsAccumulator::new(TicketSettings::default());
    // 2024-12-30 (Mon) is 2025-W01; 2021-01-03 (Sun) is 2020-W53.
    for day in [20_087i64, 18_630] {
        acc.push(
            &Ticket {
                created: Some(day * SECONDS_PER_DAY + 10),
                ..tk()
            },
            [],
        )
        .unwrap();
    }
    acc.push(
        &Ticket {
            created: Some(-1),
            ..tk()
        },
        [],
    )
    .unwrap(); // 1969-12-31
    acc.push(
        &Ticket {
            created: Some(i64::MAX),
            ..tk()
        },
        [],
    )
    .unwrap(); // beyond the calendar
    let v = acc.finish().volume;
    let days: Vec<&str> = v.by_day.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(days, vec!["1969-12-31", "2021-01-03", "2024-12-30"]);
    let weeks: Vec<&str> = v.by_week.iter().map(|c| c.key.as_str()).collect();
    assert_eq!(weeks, vec!["1970-W01", "2020-W53", "2025-W01"]);
    assert_eq!(v.undated, 1);
}

// ---- brute-force reference over stored tickets -----------------------

#[derive(Debug, Clone)]
struct Raw {
    created: Option<i64>,
    reply_after: Option<i64>,
    solved_after: Option<i64>,
    status: Option<bool>,
    customer: Option<u64>,
    replies: Option<u64>,
    priority: usize,
    tags: Vec<usize>,
}

const PRIORITIES: [&str; 3] = ["low", "normal", "urgent"];
const TAGS: [&str; 4] = ["billing", "bug", "login", "export"];

fn raw() -> impl Strategy<Value = Raw> {
    (
        proptest::option::weighted(0.9, 0i64..10 * 86_400),
        proptest::option::of(0i64..20_000),
        proptest::option::of(0i64..200_000),
        proptest::option::of(any::<bool>()),
        proptest::option::of(0u64..8),
        proptest::option::of(0u64..4),
        0usize..3,
        proptest::collection::vec(0usize..4, 0..3),
    )
        .prop_map(
            |(created, reply_after, solved_after, status, customer, replies, priority, tags)| Raw {
                created: created.map(|c| T0 + c),
                reply_after,
                solved_after,
                status,
                customer,
                replies,
                priority,
                tags,
            },
        )
}

fn ticket(r: &Raw) -> Ticket<'static> {
    Ticket {
        created: r.created,
        first_reply: r
            .created
            .and(r.reply_after)
            .map(|a| r.created.unwrap_or(0) + a),
        solved_at: r
            .created
            .and(r.solved_after)
            .map(|a| r.created.unwrap_or(0) + a),
        first_reply_minutes: if r.created.is_none() {
            r.reply_after.map(|a| a as f64 / 60.0)
        } else {
            None
        },
        status_solved: r.status,
        customer: r.customer.map(|c| CUSTOMERS[c as usize]),
        agent_replies: r.replies,
        priority: Some(PRIORITIES[r.priority]),
        ..Ticket::default()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn accumulator_matches_brute_force(raws in proptest::collection::vec(raw(), 0..60)) {
        let targets = SlaTargets { default_minutes: 60.0, by_priority: vec![("URGENT".into(), 15.0)] };
        let mut acc = TicketsAccumulator::new(TicketSettings { sla: targets.clone(), as_of: None });
        for r in &raws {
            let tags: Vec<&str> = r.tags.iter().map(|i| TAGS[*i]).collect();
            acc.push(&ticket(r), tags.iter().copied()).unwrap();
        }
        let s = acc.finish();

        // FRT: sorted reference.
        let mut frts: Vec<f64> = raws.iter().filter_map(|r| r.reply_after.map(|a| a as f64 / 60.0)).collect();
        frts.sort_by(f64::total_cmp);
        prop_assert_eq!(s.first_response_minutes.n as usize, frts.len());
        prop_assert_eq!(s.first_response_minutes.p90.ok(), crate::metrics::stats::percentile_sorted(&frts, 0.9).ok());

        // Solved / backlog.
        let solved = |r: &Raw| r.status.unwrap_or(r.created.is_some() && r.solved_after.is_some());
        let info = raws.iter().any(|r| r.status.is_some() || (r.created.is_some() && r.solved_after.is_some()));
        prop_assert_eq!(s.solved as usize, raws.iter().filter(|r| solved(r)).count());
        prop_assert_eq!(
            s.awaiting_first_reply as usize,
            raws.iter().filter(|r| r.reply_after.is_none() && !solved(r)).count()
        );
        if info {
            prop_assert_eq!(s.backlog.clone().unwrap() as usize, raws.iter().filter(|r| !solved(r)).count());
        } else {
            prop_assert!(s.backlog.is_err());
        }

        // SLA at the latest timestamp.
        let latest = raws.iter().flat_map(|r| {
            let c = r.created;
            [c, c.and(r.reply_after).map(|a| c.unwrap_or(0) + a), c.and(r.solved_after).map(|a| c.unwrap_or(0) + a)]
        }).flatten().max();
        let mut met = 0; let mut den = 0;
        for r in &raws {
            let target = if r.priority == 2 { 15.0 } else { 60.0 };
            match (r.reply_after, r.created, latest) {
                (Some(a), _, _) => { den += 1; if a as f64 / 60.0 <= target { met += 1; } }
                (None, Some(c), Some(l)) if (l - c) as f64 / 60.0 > target => den += 1,
                _ => {}
            }
        }
        match &s.sla_attainment {
            Ok(sla) => prop_assert_eq!(sla.value, met as f64 / den as f64),
            Err(_) => prop_assert_eq!(den, 0),
        }

        // One-touch.
        let known: Vec<&Raw> = raws.iter().filter(|r| solved(r) && r.replies.is_some()).collect();
        match &s.one_touch_rate {
            Ok(ot) => {
                prop_assert_eq!(ot.solved as usize, known.len());
                prop_assert_eq!(ot.one_touch as usize, known.iter().filter(|r| r.replies < Some(2)).count());
            }
            Err(_) => prop_assert!(known.is_empty()),
        }

        // Top issues: distinct customers by sets.
        let mut cats: BTreeMap<&str, (BTreeSet<u64>, u64)> = BTreeMap::new();
        for r in &raws {
            let distinct: BTreeSet<usize> = r.tags.iter().copied().collect();
            for i in distinct {
                let e = cats.entry(TAGS[i]).or_default();
                e.1 += 1;
                if let Some(c) = r.customer { e.0.insert(c); }
            }
        }
        let mut expected: Vec<TopIssue> = cats.into_iter().map(|(k, (set, t))| TopIssue {
            category: k.to_string(), customers: set.len() as u64, tickets: t }).collect();
        expected.sort_by(|a, b| b.customers.cmp(&a.customers).then(b.tickets.cmp(&a.tickets)).then(a.category.cmp(&b.category)));
        prop_assert_eq!(&s.top_issues, &expected);

        // First ticket per customer: earliest created, first pushed on ties.
        let mut firsts: BTreeMap<u64, &Raw> = BTreeMap::new();
        for r in &raws {
            if let (Some(c), Some(created)) = (r.customer, r.created) {
                let keep = firsts.get(&c).is_some_and(|f| f.created <= Some(created));
                if !keep { firsts.insert(c, r); }
            }
        }
        let resolved: Vec<f64> = firsts.values().filter(|r| solved(r) && r.solved_after.is_some())
            .map(|r| r.solved_after.unwrap_or(0) as f64 / 60.0).collect();
        prop_assert_eq!(s.first_ticket_resolution_minutes.n as usize, resolved.len());
        prop_assert_eq!(s.first_ticket_resolution_minutes.median.ok(), crate::metrics::stats::percentile(&resolved, 0.5).ok());

        // Volume: every dated ticket in exactly one day, week and month.
        let dated = raws.iter().filter(|r| r.created.is_some()).count() as u64;
        for series in [&s.volume.by_day, &s.volume.by_week, &s.volume.by_month] {
            prop_assert_eq!(series.iter().map(|c| c.tickets).sum::<u64>(), dated);
        }
        prop_assert_eq!(s.volume.undated, raws.len() as u64 - dated);
    }

    #[test]
    fn extreme_inputs_never_panic(
        created in proptest::option::of(any::<i64>()),
        reply in proptest::option::of(any::<i64>()),
        solved in proptest::option::of(any::<i64>()),
        frt_m in proptest::option::of(prop_oneof![any::<f64>(), Just(f64::NAN), Just(f64::INFINITY), Just(-0.0)]),
        res_m in proptest::option::of(prop_oneof![any::<f64>(), Just(f64::MAX)]),
        as_of in proptest::option::of(any::<i64>()),
        target in prop_oneof![any::<f64>(), Just(0.0), Just(f64::NAN)],
    ) {
        let mut acc = TicketsAccumulator::new(TicketSettings {
            sla: SlaTargets { default_minutes: target, by_priority: vec![] },
            as_of,
        });
        let t = Ticket { created, first_reply: reply, solved_at: solved, first_reply_minutes: frt_m,
                         resolution_minutes: res_m, customer: Some("c1"), ..Ticket::default() };
        let _ = acc.push(&t, ["a"]);
        let _ = acc.push(&t, ["a", "b"]);
        let s = acc.finish();
        let d = &s.first_response_minutes;
        for x in [&d.mean, &d.median, &d.p90, &d.p95].into_iter().flatten() {
            prop_assert!(x.is_finite());
        }
        if let Ok(sla) = &s.sla_attainment { prop_assert!((0.0..=1.0).contains(&sla.value)); }
        prop_assert!(s.volume.by_day.iter().map(|c| c.tickets).sum::<u64>() + s.volume.undated == s.tickets);
    }
}
