//! The whole pipeline for each kind: any bytes in any chunks give a report
//! with read == used + skipped, or one sentence; never a panic.
#![no_main]
use cxmetrics::session::Session;
use cxmetrics::settings::Settings;
use libfuzzer_sys::fuzz_target;

const KINDS: [Option<&str>; 6] = [None, Some("survey"), Some("tickets"), Some("subscriptions"), Some("spend"), Some("accounts")];

fuzz_target!(|input: &[u8]| {
    if input.len() < 2 {
        return;
    }
    let settings = Settings { kind: KINDS[input[0] as usize % 6].map(str::to_string), ..Settings::default() };
    let Ok(session) = Session::new(settings) else { return };
    let mut session = session.with_sample_limit(32 + input[1] as usize);
    let data = &input[2..];
    let step = 1 + input[1] as usize % 97;
    for chunk in data.chunks(step) {
        if session.push(chunk).is_err() {
            return;
        }
    }
    if let Ok(report) = session.finish() {
        assert_eq!(report.rows.read, report.rows.used + report.rows.skipped);
        // JSON cannot hold NaN or infinity: a non-finite number would have
        // become a null, so every null figure must carry its reason.
        let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
        check(&json["metrics"]);
    }
});

fn check(v: &serde_json::Value) {
    match v {
        serde_json::Value::Object(m) => {
            if m.get("value") == Some(&serde_json::Value::Null) {
                assert!(m.get("reason").and_then(|r| r.as_str()).is_some_and(|r| !r.is_empty()), "{v}");
            }
            m.values().for_each(check);
        }
        serde_json::Value::Array(a) => a.iter().for_each(check),
        _ => {}
    }
}
