//! Every branch of every calculator's answer (defined and undefined
//! figures, optional details, settings), compared byte for byte with the
//! answers recorded before the answers were typed structs
//! (`answers_recorded.txt`, one line per input of `answers_inputs.jsonl`:
//! `name input => answer`). The key order is the JSON map's (sorted), so
//! the text is the one `calculate` gives to the page and the tests.

use super::*;

#[test]
fn answers_are_as_recorded() {
    let inputs = include_str!("answers_inputs.jsonl");
    let recorded = include_str!("answers_recorded.txt");
    let inputs: Vec<&str> = inputs.lines().filter(|l| !l.trim().is_empty()).collect();
    let recorded: Vec<&str> = recorded.lines().collect();
    assert_eq!(
        inputs.len(),
        recorded.len(),
        "one recorded answer per input"
    );
    for (line, expected) in inputs.iter().zip(&recorded) {
        let case: Value = serde_json::from_str(line).unwrap();
        let name = case[0].as_str().unwrap();
        let answer = match calculate(name, &case[1]) {
            Ok(a) => serde_json::to_string(&a).unwrap(),
            Err(e) => format!("ERR {e}"),
        };
        assert_eq!(&format!("{name} {} => {answer}", case[1]), expected);
    }
}
