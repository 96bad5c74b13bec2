//! Typed-in calculators: any JSON input gives figures or one sentence; every
//! undefined figure has a reason.
#![no_main]
use cxmetrics::calculators::{calculate, NAMES};
use libfuzzer_sys::fuzz_target;

fn check(v: &serde_json::Value) {
    match v {
        serde_json::Value::Object(m) => {
            if m.get("value") == Some(&serde_json::Value::Null) {
                assert!(m.get("reason").and_then(|r| r.as_str()).is_some_and(|r| !r.is_empty()));
            }
            m.values().for_each(check);
        }
        serde_json::Value::Array(a) => a.iter().for_each(check),
        _ => {}
    }
}

fuzz_target!(|input: &[u8]| {
    if input.is_empty() {
        return;
    }
    let name = NAMES[input[0] as usize % NAMES.len()];
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(&input[1..]) else { return };
    if let Ok(out) = calculate(name, &value) {
        check(&out);
    }
});
