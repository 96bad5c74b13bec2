//! The same report whatever the chunking: every split point, and 1-byte chunks.

use super::common::*;
use cxmetrics::settings::Settings;

#[test]
fn every_split_point_gives_the_same_report() {
    for name in all_fixtures() {
        let bytes = fixture_bytes(name);
        let whole = report(&bytes, Settings::default()).unwrap().to_json();
        assert_eq!(
            report_chunked(&bytes, Settings::default(), 1)
                .unwrap()
                .to_json(),
            whole,
            "{name}: 1-byte chunks"
        );
        for split in 0..=bytes.len() {
            let mut session = cxmetrics::session::Session::new(Settings::default()).unwrap();
            session.push(&bytes[..split]).unwrap();
            session.push(&bytes[split..]).unwrap();
            assert_eq!(
                session.finish().unwrap().to_json(),
                whole,
                "{name}: split at {split}"
            );
        }
    }
}
