//! Native throughput of the real path: `Session` push in 1 MiB chunks, then
//! `finish`, over exports generated in memory (seeded, the shapes of
//! `benches/generate.mjs`). Prints the median of five runs per workload; it
//! asserts nothing about time. Run with `cargo bench --bench native`.

use cxmetrics::session::{Session, Settings};
use std::fmt::Write as _;
use std::hint::black_box;
use std::time::Instant;

/// mulberry32, as in `benches/generate.mjs`.
struct Rng(u32);

impl Rng {
    fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x6d2b_79f5);
        let mut t = self.0;
        t = (t ^ (t >> 15)).wrapping_mul(t | 1);
        t ^= t.wrapping_add((t ^ (t >> 7)).wrapping_mul(t | 61));
        f64::from(t ^ (t >> 14)) / 4_294_967_296.0
    }

    fn below(&mut self, n: usize) -> usize {
        ((self.next() * n as f64) as usize).min(n - 1)
    }
}

/// `YYYY-MM-DD HH:MM:SS` of Unix seconds (days-to-civil after H. Hinnant).
fn stamp(out: &mut String, t: i64) {
    let days = t.div_euclid(86_400);
    let secs = t.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    let _ = write!(
        out,
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    );
}

const T2024: i64 = 1_704_067_200;

/// A Zendesk-shaped ticket export of about `bytes` bytes.
fn tickets(bytes: usize) -> Vec<u8> {
    const TAGS: [&str; 15] = [
        "billing",
        "login",
        "api",
        "export",
        "feature_request",
        "bug",
        "onboarding",
        "sso",
        "invoice",
        "mobile",
        "integration",
        "performance",
        "refund",
        "permissions",
        "notifications",
    ];
    const SUBJECTS: [&str; 10] = [
        "Cannot log in",
        "Invoice question",
        "API returns 500",
        "How do I export?",
        "Feature idea",
        "App is slow",
        "Refund request",
        "SSO setup",
        "Mobile crash",
        "Change plan",
    ];
    let mut r = Rng(42);
    let mut s = String::with_capacity(bytes + 4096);
    s.push_str("Id,Requester id,Assignee,Group,Subject,Status,Priority,Via,Tags,Created at,Updated at,Solved at,Replies,Reopens,Satisfaction Score,First reply time in minutes,First reply time in minutes within business hours,Full resolution time in minutes,Full resolution time in minutes within business hours\n");
    let mut i = 0u64;
    while s.len() < bytes {
        let created = T2024 + (r.next() * 365.0 * 86_400.0) as i64;
        let frt = (-(1.0 - r.next()).ln() * 90.0) as i64;
        let status = if r.next() < 0.82 {
            if r.next() < 0.5 {
                "solved"
            } else {
                "closed"
            }
        } else if r.next() < 0.5 {
            "open"
        } else {
            "pending"
        };
        let solved = status == "solved" || status == "closed";
        let res = frt + (-(1.0 - r.next()).ln() * 1400.0) as i64;
        let replies = (-(1.0 - r.next()).ln() * 1.6) as i64;
        let csat = r.next();
        let score = if csat < 0.5 {
            if r.next() < 0.6 {
                "Offered"
            } else {
                "Not Offered"
            }
        } else if csat < 0.88 {
            "Good"
        } else {
            "Bad"
        };
        let ntags = 1 + r.below(3);
        let mut tags = Vec::with_capacity(ntags);
        for _ in 0..ntags {
            tags.push(TAGS[((r.next() * r.next() * 15.0) as usize).min(14)]);
        }
        let priority = ["Low", "Normal", "Normal", "High", "Urgent"][r.below(5)];
        let via = ["Mail", "Web form", "Chat", "Phone call (incoming)", "API"][r.below(5)];
        let requester = 3_000_000 + r.below(60_000);
        let agent = 1 + r.below(40);
        let group = ["Support", "Billing", "Tier 2"][r.below(3)];
        let subject = SUBJECTS[r.below(10)];
        let reopens = (r.next() * 1.2) as i64;
        let _ = write!(
            s,
            "{},{requester},Agent {agent},{group},\"{subject}\",{status},{priority},{via},{},",
            100_000 + i,
            tags.join(" ")
        );
        stamp(&mut s, created);
        s.push(',');
        stamp(&mut s, created + (res + 30) * 60);
        s.push(',');
        if solved {
            stamp(&mut s, created + res * 60);
        }
        let _ = write!(s, ",{replies},{reopens},{score},");
        if replies != 0 || solved {
            let _ = write!(s, "{frt}");
        }
        let _ = write!(s, ",{}", frt * 7 / 10);
        if solved {
            let _ = write!(s, ",{res},{}", res * 6 / 10);
        } else {
            s.push_str(",,");
        }
        s.push('\n');
        i += 1;
    }
    s.into_bytes()
}

/// NPS answers: `rows` scores.
fn survey(rows: usize) -> Vec<u8> {
    let mut r = Rng(7);
    let mut s = String::from("Response ID,Score,Comment,Created At\n");
    for i in 0..rows {
        let x = r.next();
        let score = if x < 0.5 {
            9 + r.below(2)
        } else if x < 0.75 {
            7 + r.below(2)
        } else {
            r.below(7)
        };
        let comment = if r.next() < 0.2 {
            "\"Good support, slow export\""
        } else {
            ""
        };
        let _ = write!(s, "r_{i},{score},{comment},");
        stamp(&mut s, T2024 + (r.next() * 365.0 * 86_400.0) as i64);
        s.push('\n');
    }
    s.into_bytes()
}

/// A Stripe-shaped subscriptions export of `rows` rows.
fn subscriptions(rows: usize) -> Vec<u8> {
    let mut r = Rng(9);
    let mut s = String::from("id,Customer ID,Status,Amount,Interval,Quantity,Created (UTC),Start (UTC),Canceled At (UTC),Ended At (UTC)\n");
    let t2022 = 1_640_995_200i64;
    for i in 0..rows {
        let start = t2022 + (r.next() * 900.0) as i64 * 86_400;
        let yearly = r.next() < 0.2;
        let amount = if yearly {
            [990, 2990, 9900][r.below(3)]
        } else {
            [29, 99, 299][r.below(3)]
        };
        let churned = r.next() < 0.35;
        let end = churned.then(|| start + (30.0 + r.next() * 600.0) as i64 * 86_400);
        let customer = (r.next() * rows as f64 * 0.8) as u64;
        let status = if churned { "canceled" } else { "active" };
        let interval = if yearly { "year" } else { "month" };
        let _ = write!(
            s,
            "sub_{i},cus_{customer},{status},{amount}.00,{interval},1,"
        );
        stamp(&mut s, start);
        s.push(',');
        stamp(&mut s, start);
        for _ in 0..2 {
            s.push(',');
            if let Some(e) = end {
                stamp(&mut s, e);
            }
        }
        s.push('\n');
    }
    s.into_bytes()
}

/// Seconds for one pass: push in 1 MiB chunks, finish.
fn run(data: &[u8]) -> f64 {
    let start = Instant::now();
    let mut session = Session::new(Settings::default()).expect("default settings");
    for chunk in data.chunks(1 << 20) {
        session.push(chunk).expect("push");
    }
    let report = session.finish().expect("report");
    black_box(&report);
    start.elapsed().as_secs_f64()
}

fn bench(name: &str, data: &[u8]) {
    let _ = run(data); // warm-up
    let mut times: Vec<f64> = (0..5).map(|_| run(data)).collect();
    times.sort_by(f64::total_cmp);
    let median = times[2];
    let mb = data.len() as f64 / 1e6;
    println!(
        "{name:<14} {mb:>7.1} MB  median {:>7.1} ms  {:>7.1} MB/s  (runs {:.1}–{:.1} ms)",
        median * 1e3,
        mb / median,
        times[0] * 1e3,
        times[4] * 1e3
    );
}

fn main() {
    let tickets = tickets(50_000_000);
    bench("tickets", &tickets);
    drop(tickets);
    bench("survey 1M", &survey(1_000_000));
    bench("subscriptions", &subscriptions(200_000));
}
