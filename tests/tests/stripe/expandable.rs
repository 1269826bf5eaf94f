//! Expandable fields: `payment_intent.customer` (an id, a `customer` or a
//! `deleted_customer`) decodes as the id or as the object, `.id()` answers
//! either way, and the field encodes back to what was received.

use std::sync::OnceLock;

use serde_json::Value;

use super::fixtures::{differences, resources};
use super::harness::harness;

/// The id the `id` case sends.
const CUSTOMER_ID: &str = "cus_NffrFeUfNV2Hib";

/// The harness's report per case (`id`, `customer`, `deleted_customer`).
fn report() -> &'static [Value] {
    static LINES: OnceLock<Vec<Value>> = OnceLock::new();
    LINES.get_or_init(|| harness().run("expandable", true))
}

/// Case name, the `customer` value sent, whether it is expanded, and the
/// union arm it must decode into.
fn cases() -> [(&'static str, Value, bool, Value); 3] {
    let resources = resources();
    [
        ("id", Value::from(CUSTOMER_ID), false, Value::Null),
        (
            "customer",
            resources["customer"].clone(),
            true,
            Value::from("Customer"),
        ),
        (
            "deleted_customer",
            resources["deleted_customer"].clone(),
            true,
            Value::from("DeletedCustomer"),
        ),
    ]
}

/// The harness's report of one case; panics on a decoding error.
fn case_report(case: &str) -> &'static Value {
    let line = report()
        .iter()
        .find(|line| line["case"] == case)
        .unwrap_or_else(|| panic!("the harness reported no case `{case}`"));
    if let Some(error) = line.get("error") {
        panic!("`customer` as {case}: {error}");
    }
    &line["report"]
}

#[test]
fn customer_decodes_as_an_id_or_an_expanded_object() {
    let mut failures = Vec::new();
    for (case, sent, expanded, variant) in cases() {
        let report = case_report(case);
        let id = sent
            .as_str()
            .or_else(|| sent["id"].as_str())
            .unwrap_or_default();
        if report["id"] != id {
            failures.push(format!("{case}: .id() is {}, not {id}", report["id"]));
        }
        if report["expanded"] != expanded {
            failures.push(format!("{case}: expanded is {}", report["expanded"]));
        }
        if report["variant"] != variant {
            failures.push(format!(
                "{case}: decoded into the arm {}, not {variant}",
                report["variant"]
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "expandable `customer`:\n{}",
        failures.join("\n")
    );
}

#[test]
fn customer_reencodes_to_what_was_received() {
    let mut failures = Vec::new();
    for (case, sent, _, _) in cases() {
        let mut found = Vec::new();
        differences(
            "/customer",
            &sent,
            &case_report(case)["customer"],
            &mut found,
        );
        if !found.is_empty() {
            failures.push(format!("{case}:\n    {}", found.join("\n    ")));
        }
    }
    assert!(
        failures.is_empty(),
        "`customer` re-encoded differently:\n{}",
        failures.join("\n")
    );
}
