//! Customers are told apart by their exact id text: ids whose 64-bit hashes
//! collide (as real e-mail addresses did under the FxHash key used before)
//! stay different customers in tickets, subscriptions and accounts.

use super::common::*;
use cxmetrics::settings::Settings;
use serde_json::json;

/// Two real addresses that collide under the old customer key.
const A: &str = "matthew09@example.org";
const B: &str = "matthew86@example.org";

/// The key a customer id became before: the FxHash of its text as the
/// project computed it then (per 8-byte little-endian word `w`, zero-padded
/// last word xor its length << 56: `h = (h.rotl(5) ^ w) × 0x517cc1b727220a95`),
/// and tickets added one 0xff byte after the text.
fn old_key(id: &str, requester: bool) -> u64 {
    let add = |h: u64, w: u64| (h.rotate_left(5) ^ w).wrapping_mul(0x517c_c1b7_2722_0a95);
    let mut h = 0;
    let mut chunks = id.as_bytes().chunks_exact(8);
    for chunk in &mut chunks {
        h = add(h, u64::from_le_bytes(chunk.try_into().unwrap()));
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut w = [0u8; 8];
        w[..rest.len()].copy_from_slice(rest);
        h = add(h, u64::from_le_bytes(w) ^ ((rest.len() as u64) << 56));
    }
    if requester {
        h = add(h, 0xff);
    }
    h
}

#[test]
fn the_two_ids_collide_under_the_old_key() {
    assert_ne!(A, B);
    assert_eq!(old_key(A, false), old_key(B, false));
    assert_eq!(old_key(A, true), old_key(B, true));
}

#[test]
fn subscriptions_count_colliding_customers_apart() {
    // Three subscriptions of 100 a month by three customers: the old key
    // made two customers of them, ARPA 150.
    let csv = format!(
        "Customer,MRR,Start\n{A},100,2024-01-05\n{B},100,2024-01-10\nanna@example.org,100,2024-01-12\n"
    );
    let s: Settings =
        serde_json::from_str(r#"{"period_start":"2024-02","period_end":"2024-02"}"#).unwrap();
    let r = report(csv.as_bytes(), s).unwrap();
    assert_eq!(r.rows.used, 3);
    assert_eq!(value(&r, "customers_start"), 3.0);
    assert_eq!(value(&r, "customers_end"), 3.0);
    close(value(&r, "mrr_start"), 300.0, 1e-9);
    close(value(&r, "arpa"), 100.0, 1e-9);
}

#[test]
fn subscriptions_still_join_one_customers_rows() {
    // The same id twice is one customer with both amounts.
    let csv =
        format!("Customer,MRR,Start\n{A},100,2024-01-05\n{A},50,2024-01-10\n{B},100,2024-01-12\n");
    let s: Settings =
        serde_json::from_str(r#"{"period_start":"2024-02","period_end":"2024-02"}"#).unwrap();
    let r = report(csv.as_bytes(), s).unwrap();
    assert_eq!(value(&r, "customers_end"), 2.0);
    close(value(&r, "arpa"), 125.0, 1e-9);
}

#[test]
fn tickets_count_colliding_requesters_apart() {
    // Each requester's first ticket is solved (2 h and 4 h); B's later
    // ticket is not. Both had billing.
    let csv = format!(
        "Id,Requester,Created at,Solved at,Status,Tags\n\
         1,{A},2024-03-04 09:00,2024-03-04 11:00,Solved,billing\n\
         2,{B},2024-03-04 10:00,2024-03-04 14:00,Solved,billing\n\
         3,{B},2024-03-05 10:00,,Open,billing\n"
    );
    let r = report(csv.as_bytes(), Settings::default()).unwrap();
    assert_eq!(r.kind, "tickets");
    assert_eq!(r.rows.used, 3);
    let issues = &r.metrics["top_issues"];
    assert_eq!(issues[0]["category"], "billing", "{issues}");
    assert_eq!(issues[0]["customers"], 2, "{issues}");
    assert_eq!(issues[0]["tickets"], 3);
    let first = &r.metrics["first_ticket_resolution_minutes"];
    assert_eq!(first["n"], 2, "{first}");
    close(value(&r, "first_ticket_resolution_minutes"), 180.0, 1e-9);
}

#[test]
fn accounts_count_colliding_accounts_apart() {
    let csv = format!(
        "Account,Features used,Features available,Paid up,Tenure months\n{A},8,10,yes,7\n{B},8,10,yes,9\n"
    );
    let r = report(csv.as_bytes(), Settings::default()).unwrap();
    assert_eq!(r.kind, "accounts");
    assert_eq!(value(&r, "upsell_ready"), 2.0);
    assert_eq!(r.metrics["upsell_ready"]["accounts"], json!([A, B]));
    close(value(&r, "csm_needed"), 2.0 * 26.0 / 1_400.0, 1e-12);
}
