//! Stripe's fixtures through the generated models: every resource of
//! `fixtures3.json` whose schema the PaymentIntents operations reach
//! decodes with its model and encodes back to the same JSON, compared as
//! values (so key order and `1` against `1.0` do not matter), except that
//! an optional property received as `null` may come back absent (a
//! response reads it as one `Option`, `None` either way); anything else
//! lost or changed is a failure. And no field of a response model needs
//! `.flatten()` to read.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use sdkgen_tests::shared_file;
use serde_json::Value;

use super::harness::{harness, FIXTURES};
use super::reach;

/// How many fixture resources the operations reach (of 131).
const REACHED: usize = 55;

/// The `resources` of Stripe's fixtures.
pub fn resources() -> &'static Value {
    static RESOURCES: OnceLock<Value> = OnceLock::new();
    RESOURCES.get_or_init(|| {
        let path = shared_file(FIXTURES);
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let mut fixtures: Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()));
        fixtures["resources"].take()
    })
}

/// The harness's round trips, run once per test run.
fn round_trips() -> &'static [Value] {
    static LINES: OnceLock<Vec<Value>> = OnceLock::new();
    LINES.get_or_init(|| harness().run("fixtures", true))
}

/// Every reached resource that does not round-trip, with its differences
/// (those `keep` keeps).
fn failures(keep: impl Fn(&str) -> bool) -> Vec<String> {
    let mut failures = Vec::new();
    for line in round_trips() {
        let name = line["resource"].as_str().unwrap_or_default();
        if let Some(error) = line.get("error") {
            failures.push(format!("{name}: {error}"));
            continue;
        }
        let mut found = Vec::new();
        differences("", &resources()[name], &line["reencoded"], &mut found);
        found.retain(|d| keep(d));
        if !found.is_empty() {
            failures.push(format!(
                "{name}: {} difference(s)\n    {}",
                found.len(),
                found.join("\n    ")
            ));
        }
    }
    failures
}

#[test]
fn the_reached_fixtures_are_the_ones_round_tripped() {
    let expected = reach::reached_fixture_resources();
    assert_eq!(expected.len(), REACHED, "reached resources: {expected:?}");
    for name in [
        "payment_intent",
        "customer",
        "deleted_customer",
        "charge",
        "payment_method",
    ] {
        assert!(expected.contains(name), "`{name}` is not reached");
    }
    let seen: BTreeSet<String> = round_trips()
        .iter()
        .map(|line| line["resource"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(
        seen, expected,
        "the harness round-trips every reached resource"
    );
}

#[test]
fn every_reached_fixture_decodes_and_reencodes_to_equal_json() {
    let failures = failures(|_| true);
    assert!(
        failures.is_empty(),
        "{} of {REACHED} reached fixtures do not round-trip:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn response_fields_read_as_one_option() {
    let api = &super::harness::generated().api;
    let intent = api
        .types
        .iter()
        .find(|t| t.name == "PaymentIntent")
        .expect("the PaymentIntent model");
    let sdkgen::ir::TypeKind::Struct(fields) = &intent.kind else {
        panic!("PaymentIntent is a struct");
    };
    let optional_nullable: Vec<&sdkgen::ir::Field> = fields
        .fields
        .iter()
        .filter(|f| !f.required && f.nullable)
        .collect();
    assert_eq!(optional_nullable.len(), 24, "optional nullable fields");
    assert!(optional_nullable.iter().all(|f| !f.tri_state));
    // In the crate's source, no type nests one `Option` in another.
    let nested: Vec<&str> = super::harness::generated()
        .files
        .iter()
        .filter(|f| f.contents.contains("Option<Option<"))
        .map(|f| f.path.as_str())
        .collect();
    assert!(nested.is_empty(), "Option<Option<..>> in {nested:?}");
}

/// Every difference between `expected` and `actual`, by JSON pointer.
pub fn differences(path: &str, expected: &Value, actual: &Value, out: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(want), Value::Object(got)) => {
            for (key, value) in want {
                let at = format!("{path}/{key}");
                match got.get(key) {
                    Some(other) => differences(&at, value, other, out),
                    // An optional property received as `null` reads as
                    // `None` and is left out again; a required one is
                    // always written, so only optional ones get here.
                    None if value.is_null() => {}
                    None => out.push(format!("{at}: {} was dropped", short(value))),
                }
            }
            for (key, value) in got.iter().filter(|(key, _)| !want.contains_key(*key)) {
                out.push(format!("{path}/{key}: {} was added", short(value)));
            }
        }
        (Value::Array(want), Value::Array(got)) if want.len() == got.len() => {
            for (i, (value, other)) in want.iter().zip(got).enumerate() {
                differences(&format!("{path}/{i}"), value, other, out);
            }
        }
        (Value::Number(want), Value::Number(got)) if want.as_f64() == got.as_f64() => {}
        _ if expected == actual => {}
        _ => out.push(format!(
            "{path}: {} became {}",
            short(expected),
            short(actual)
        )),
    }
}

/// A value shown in a message, cut short.
fn short(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(80) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
}
