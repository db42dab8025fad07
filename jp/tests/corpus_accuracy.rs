//! Per-field accuracy of `normalize` on the corpus built by `tools/jp-data` from Japan Post's data.
//!
//! Requirements (issue 8): every address field right when the local government code is given, at least 99%
//! without it; every name and date right. Run with `--nocapture` to see the figures.
use std::collections::BTreeMap;

use mynaform_jp::{CardClaims, normalize};
use serde_json::Value;

struct Case {
    claims: Value,
    expected: serde_json::Map<String, Value>,
    with_code: bool,
    kind: String,
}

fn load(name: &str) -> Vec<Case> {
    let path = format!("{}/tests/corpus/{name}.jsonl", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines()
        .map(|line| {
            let case: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{path}: {e}"));
            Case {
                claims: case["claims"].clone(),
                expected: case["expected"].as_object().cloned().unwrap_or_default(),
                with_code: case["with_code"].as_bool().unwrap_or(false),
                kind: case["kind"].as_str().unwrap_or("").to_owned(),
            }
        })
        .collect()
}

/// Field → (right, total), and the failures to show.
#[derive(Default)]
struct Tally {
    fields: BTreeMap<String, (usize, usize)>,
    failures: Vec<String>,
}

impl Tally {
    fn score(&mut self, case: &Case) {
        let claims =
            CardClaims::from_json(&case.claims).unwrap_or_else(|e| panic!("corpus input: {e}"));
        let actual =
            serde_json::to_value(normalize(&claims)).unwrap_or_else(|e| panic!("serialise: {e}"));
        for (field, expected) in &case.expected {
            if postal_unavailable(field) {
                continue;
            }
            let entry = self.fields.entry(field.clone()).or_default();
            entry.1 += 1;
            if &actual[field] == expected {
                entry.0 += 1;
            } else {
                self.failures.push(format!(
                    "[{}] {field}: expected {expected}, got {} (input {})",
                    case.kind, actual[field], case.claims
                ));
            }
        }
    }

    fn report(&self, title: &str) {
        println!("{title}");
        for (field, (right, total)) in &self.fields {
            println!(
                "  {field:<16} {right:>4}/{total:<4} {:6.2}%",
                percent(*right, *total)
            );
        }
        for failure in self.failures.iter().take(20) {
            println!("  FAIL {failure}");
        }
    }

    fn worst(&self) -> f64 {
        self.fields
            .values()
            .map(|(right, total)| percent(*right, *total))
            .fold(100.0, f64::min)
    }
}

/// Without the `postal` feature the postal code is never determined: not scored.
fn postal_unavailable(field: &str) -> bool {
    field == "postal_code" && !cfg!(feature = "postal")
}

fn percent(right: usize, total: usize) -> f64 {
    if total == 0 {
        100.0
    } else {
        right as f64 * 100.0 / total as f64
    }
}

#[test]
fn address_fields_are_all_right_with_the_code_and_at_least_99_percent_without() {
    let cases = load("addresses");
    let prefectures: std::collections::BTreeSet<&str> = cases
        .iter()
        .filter_map(|c| c.expected["prefecture"].as_str())
        .collect();
    assert_eq!(prefectures.len(), 47, "the corpus covers every prefecture");
    assert!(
        cases.len() >= 400,
        "at least 200 addresses, each with and without the code"
    );

    let (mut with_code, mut without_code) = (Tally::default(), Tally::default());
    for case in &cases {
        if case.with_code {
            with_code.score(case)
        } else {
            without_code.score(case)
        }
    }
    with_code.report("addresses with local_gov_code_unicode");
    without_code.report("addresses without local_gov_code_unicode");
    assert!(
        with_code.failures.is_empty(),
        "every field right with the code: {:#?}",
        with_code.failures
    );
    assert!(
        without_code.worst() >= 99.0,
        "at least 99% per field without the code"
    );
}

#[test]
fn every_name_and_date_is_right() {
    for corpus in ["names", "dates"] {
        let mut tally = Tally::default();
        for case in &load(corpus) {
            tally.score(case);
        }
        tally.report(corpus);
        assert!(tally.failures.is_empty(), "{corpus}: {:#?}", tally.failures);
        assert!(!tally.fields.is_empty());
    }
}
