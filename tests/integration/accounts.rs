//! Accounts exports → onboarding, adoption, upsell, renewal, CSM capacity
//! ([contract §5](cxmetrics::contract)). Expected figures come from `id_akun.expected.md`.

use super::common::*;
use cxmetrics::error::Error;
use cxmetrics::report::Report;
use cxmetrics::settings::Settings;
use serde_json::json;

/// Fixtures of this kind, also run through the chunking and CLI tests.
pub const FIXTURES: &[&str] = &["exports/id_akun.csv", "accounts/bad_rows.csv"];

fn with(name: &str, json: &str) -> Result<Report, Error> {
    report(&fixture_bytes(name), serde_json::from_str(json).unwrap())
}

#[test]
fn indonesian_accounts_export() {
    let r = report_of("exports/id_akun.csv");
    assert_eq!(r.kind, "accounts");
    assert_eq!((r.rows.read, r.rows.used, r.rows.skipped), (12, 12, 0));
    // As-of: latest onboarding / customer-since date, 25/03/2024 (A11 done);
    // renewal due dates (future) are left out.
    assert_eq!(r.settings["as_of"], "2024-03-25");
    assert_eq!(r.settings["onboarding_target_days"], 30.0);
    assert_eq!(r.settings["csm_productive_hours"], 1_400.0);
    let t = &r.metrics["time_to_onboard_days"];
    assert_eq!(t["value"], 21.0);
    assert_eq!(t["n"], 9);
    assert_eq!(t["in_onboarding"], 3);
    close(t["mean"].as_f64().unwrap(), 184.0 / 9.0, 1e-9);
    close(t["p90"].as_f64().unwrap(), 35.4, 1e-9);
    close(value(&r, "onboarded_within_target"), 7.0 / 9.0, 1e-12);
    assert_eq!(r.metrics["onboarded_within_target"]["within_target"], 7);
    close(value(&r, "email_open_rate"), 49.0 / 73.0, 1e-12);
    assert_eq!(value(&r, "sessions"), 8.0);
    close(value(&r, "engaged_accounts"), 10.0 / 12.0, 1e-12);
    close(value(&r, "adoption"), 59.0 / 144.0, 1e-12);
    assert_eq!(
        r.metrics["adoption"]["bands"],
        json!({"bad": 5, "good": 5, "excellent": 2})
    );
    assert_eq!(value(&r, "upsell_ready"), 3.0);
    assert_eq!(
        r.metrics["upsell_ready"]["accounts"],
        json!(["A01", "A03", "A06"])
    );
    close(value(&r, "renewal_rate"), 0.75, 1e-12);
    // CSM: (3 × 4 + 1 × 12 + 2 × 1) h × 12 accounts = 312 h ÷ 1,400.
    let c = &r.metrics["csm_needed"];
    assert_eq!(c["hours_per_year"], 312.0);
    close(value(&r, "csm_needed"), 312.0 / 1_400.0, 1e-12);
    assert_eq!(c["whole"], 1);
    assert_eq!(r.settings["csm_activities"][0]["hours_per_occurrence"], 3.0);
}

#[test]
fn settings_change_the_figures() {
    let name = "exports/id_akun.csv";
    // Target 35 days: A02 (35) now within, A05 (37) not → 8 / 9.
    let r = with(name, r#"{"onboarding_target_days":35}"#).unwrap();
    close(value(&r, "onboarded_within_target"), 8.0 / 9.0, 1e-12);
    // Adoption good from 50 %, excellent above 80 %: bad 7, good 3 (A03 50 %,
    // A07 58.3 %, A09 66.7 %), excellent 2 (A01 83.3 %, A05 91.7 %); upsell
    // then A01, A03 (A07 and A09 are under 6 months).
    let r = with(name, r#"{"adoption_good":0.5,"adoption_excellent":0.8}"#).unwrap();
    assert_eq!(
        r.metrics["adoption"]["bands"],
        json!({"bad": 7, "good": 3, "excellent": 2})
    );
    assert_eq!(r.metrics["upsell_ready"]["accounts"], json!(["A01", "A03"]));
    // A later as-of: A07 (since 05/01/2024) has 6 whole months on 2024-07-05.
    let r = with(name, r#"{"as_of":"2024-07-05"}"#).unwrap();
    assert_eq!(
        r.metrics["upsell_ready"]["accounts"],
        json!(["A01", "A03", "A06", "A07"])
    );
    // Minimum tenure 12 months: A01 (12 months on 2024-03-25) and A03.
    let r = with(name, r#"{"upsell_min_tenure_months":12}"#).unwrap();
    assert_eq!(r.metrics["upsell_ready"]["accounts"], json!(["A01", "A03"]));
    let r = with(name, r#"{"csm_productive_hours":1200}"#).unwrap();
    close(value(&r, "csm_needed"), 312.0 / 1_200.0, 1e-12);
    for bad in [
        r#"{"onboarding_target_days":-1}"#,
        r#"{"adoption_good":0.8,"adoption_excellent":0.5}"#,
        r#"{"upsell_min_tenure_months":-3}"#,
        r#"{"csm_productive_hours":0}"#,
        r#"{"as_of":"yesterday"}"#,
    ] {
        assert!(matches!(with(name, bad), Err(Error::Settings(_))), "{bad}");
    }
}

#[test]
fn bad_rows_are_listed_exactly() {
    let r = report_of("accounts/bad_rows.csv");
    // Only the row without an account is skipped: every other bad cell
    // fails alone and leaves its account out of that one figure.
    assert_eq!((r.rows.read, r.rows.used, r.rows.skipped), (11, 10, 1));
    assert_eq!(
        skipped_rows(&r),
        vec![(9, "Account", "", "the row has no account")]
    );
    let mut cells: Vec<(u64, &str, &str, &str)> = r
        .unreadable_cells
        .iter()
        .flat_map(|c| {
            c.examples.iter().map(|e| {
                (
                    e.line,
                    e.column.as_str(),
                    e.value.as_str(),
                    e.reason.as_str(),
                )
            })
        })
        .collect();
    cells.sort();
    assert_eq!(
        cells,
        vec![
            (3, "Onboarding done", "2024-01-05", "onboarding is marked done before it started"),
            (4, "Emails opened", "6", "more onboarding emails opened than sent"),
            (5, "Features used", "11", "more features used than available"),
            (6, "Features available", "0", "no features are available to the account"),
            (
                7,
                "Payment status",
                "sometimes",
                "the payment status must be yes/no, paid/current or late/overdue (or em dia/atrasado, al día/vencido, à jour/en retard, lancar/terlambat)"
            ),
            (8, "Sessions", "-1", "“Sessions” must be a whole number of zero or more"),
            (10, "Onboarding done", "2024-01-11", "onboarding is marked done but has no start date"),
            (
                11,
                "Renewed",
                "maybe",
                "“Renewed” must be yes or no (or sí/não, oui/non, ya/tidak, true/false, 1/0)"
            ),
        ]
    );
    // Used: X1–X7, X9–X11. Onboarding: 10 days for X1, X3–X7; X10 and X11
    // in onboarding; X2 (done before start) and X9 (no start) left out.
    assert_eq!(value(&r, "time_to_onboard_days"), 10.0);
    assert_eq!(r.metrics["time_to_onboard_days"]["in_onboarding"], 2);
    // Emails: 3 of 5 for eight accounts (not X3), 1 of 2 for X11.
    close(value(&r, "email_open_rate"), 25.0 / 42.0, 1e-12);
    // Sessions: 4 for X1–X6 and X9, 0 for X10 and X11 (X7 left out).
    assert_eq!(value(&r, "engaged_accounts"), 7.0 / 9.0);
    // Adoption: 6/10 for X1–X3, X6, X7, X9; 2/10 for X10, X11.
    close(value(&r, "adoption"), 0.5, 1e-12);
    // Upsell: paid, adoption good, 13 months: X1, X2, X3, X7, X9 (X6's
    // payment status is unknown, X4 and X5 have no adoption).
    assert_eq!(value(&r, "upsell_ready"), 5.0);
    assert_eq!(
        r.metrics["upsell_ready"]["accounts"],
        json!(["X1", "X2", "X3", "X7", "X9"])
    );
    // Renewed: yes for X1–X7 and X9, no for X11 (X10's is unreadable).
    assert_eq!(value(&r, "renewal_rate"), 8.0 / 9.0);
    close(value(&r, "csm_needed"), 10.0 * 26.0 / 1_400.0, 1e-12);
}

#[test]
fn tenure_column_and_missing_columns() {
    let csv = b"Account,Features used,Features available,Paid up,Tenure months\nB1,8,10,yes,7\nB2,8,10,yes,5.5\nB3,8,10,no,30\n";
    let r = report(csv, Settings::default()).unwrap();
    assert_eq!(r.settings["mapping"]["tenure_months"], "Tenure months");
    assert_eq!(value(&r, "upsell_ready"), 1.0);
    assert_eq!(r.metrics["upsell_ready"]["accounts"], json!(["B1"]));
    assert!(r.metrics.get("renewal_rate").is_none());
    assert!(r.metrics.get("email_open_rate").is_none());
    // Only an account column: upsell undefined with the reason, CSM still there.
    let kind: Settings = serde_json::from_str(r#"{"kind":"accounts"}"#).unwrap();
    let r = report(b"Account\nC1\nC2\n", kind).unwrap();
    assert!(r.metrics["upsell_ready"]["reason"]
        .as_str()
        .unwrap()
        .starts_with("upsell readiness needs"));
    close(value(&r, "csm_needed"), 2.0 * 26.0 / 1_400.0, 1e-12);
}

/// Figures whose columns are mapped but hold nothing readable are
/// undefined with their code and nothing beside it; upsell readiness
/// without its columns says which it needs; the settings list what was used.
#[test]
fn undefined_account_figures_keep_their_shape() {
    let csv = "Account,Onboarding start,Onboarding done,Emails sent,Emails opened,Sessions,Features used,Features available\n\
A,,,,,,,\n\
B,2024-01-01,,,,,,\n";
    let r = report(csv.as_bytes(), Settings::default()).unwrap();
    assert_eq!(r.kind, "accounts");
    let undefined = |code: &str, reason: &str| serde_json::json!({ "value": null, "code": code, "reason": reason });
    assert_eq!(
        r.metrics["email_open_rate"],
        undefined("no_onboarding_emails_sent", "no onboarding emails sent")
    );
    assert_eq!(
        r.metrics["engaged_accounts"],
        undefined("no_accounts", "no accounts")
    );
    assert_eq!(
        r.metrics["adoption"],
        undefined(
            "no_accounts_with_features_available",
            "no accounts with features available"
        )
    );
    assert_eq!(r.metrics["upsell_ready"]["code"], "upsell_columns_missing");
    assert_eq!(r.metrics["upsell_ready"].as_object().unwrap().len(), 3);
    let days = &r.metrics["time_to_onboard_days"];
    assert_eq!(
        (days["n"].as_u64(), days["in_onboarding"].as_u64()),
        (Some(0), Some(1))
    );
    assert_eq!(
        (days["mean"].is_null(), days["p95"].is_null()),
        (true, true)
    );
    assert_eq!(r.metrics["onboarded_within_target"]["target_days"], 30.0);
    assert_eq!(r.metrics["sessions"]["n"], 0);
    let csm = &r.metrics["csm_needed"];
    assert_eq!(csm["accounts"], 2);
    assert_eq!(csm["whole"], 1);
    assert_eq!(csm["by_activity"].as_array().unwrap().len(), 3);
    assert_eq!(r.settings["as_of"], "2024-01-01");
    assert_eq!(r.settings["csm_activities_assumed"], true);
    assert_eq!(r.settings["csm_activities"][0]["occurrences_per_year"], 4.0);
    assert_eq!(r.settings["adoption_good"], 0.3);
    assert!(r.settings["paid_up_words"].as_array().unwrap().len() > 10);
}
