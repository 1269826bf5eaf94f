//! Webhook verification with signatures made independently of the crate
//! (Python's `hmac`, in the oracle's venv): a good delivery decodes its
//! `payment_intent` object as `PaymentIntent`; a rotated secret's extra
//! signature is fine; a wrong secret, a changed payload, an old timestamp,
//! a malformed header and a payload that is not an event are each a typed
//! error; an event type the crate has no model for keeps its object as JSON.

use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{json, Value};

use super::fixtures::resources;
use super::harness::{harness, root};
use super::oracle::webhook_signatures;

const SECRET: &str = "whsec_harness";

fn event(kind: &str, object: &Value) -> String {
    json!({
        "id": "evt_1NG8Du2eZvKYlo2CUI79vXWy",
        "object": "event",
        "api_version": "2023-08-16",
        "created": 1_686_089_970,
        "livemode": false,
        "type": kind,
        "data": {"object": object},
    })
    .to_string()
}

/// Every case's outcome, by name.
fn outcomes() -> Vec<(String, Value)> {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let mut intent = resources()["payment_intent"].clone();
    intent["client_secret"] = json!("pi_123_secret_HIDDEN");
    let succeeded = event("payment_intent.succeeded", &intent);
    let unknown = event(
        "brand_new.created",
        &json!({"id": "bn_1", "object": "brand_new_thing"}),
    );
    let not_json = "this is not an event".to_owned();
    let stale = now - 301;
    let signed = [
        (SECRET, now, succeeded.as_str()),
        ("whsec_retired", now, succeeded.as_str()),
        (SECRET, stale, succeeded.as_str()),
        (SECRET, now, unknown.as_str()),
        (SECRET, now, not_json.as_str()),
    ];
    let sig = webhook_signatures(&signed);
    let header = |t: u64, signatures: &[&str]| {
        let mut text = format!("t={t}");
        for s in signatures {
            text.push_str(&format!(",v1={s}"));
        }
        text
    };
    let tampered = succeeded.replace("\"livemode\":false", "\"livemode\":true");
    assert_ne!(tampered, succeeded, "the payload was changed");
    let cases = json!([
        {"name": "good", "payload": succeeded, "header": header(now, &[&sig[0]])},
        {"name": "rotated", "payload": succeeded, "header": header(now, &[&sig[1], &sig[0]])},
        {"name": "wrong_secret", "payload": succeeded, "header": header(now, &[&sig[1]])},
        {"name": "tampered", "payload": tampered, "header": header(now, &[&sig[0]])},
        {"name": "stale", "payload": succeeded, "header": header(stale, &[&sig[2]])},
        {"name": "stale_tolerated", "payload": succeeded, "header": header(stale, &[&sig[2]]), "tolerance": 3600},
        {"name": "malformed", "payload": succeeded, "header": "garbage"},
        {"name": "no_signature", "payload": succeeded, "header": header(now, &[])},
        {"name": "unknown_type", "payload": unknown, "header": header(now, &[&sig[3]])},
        {"name": "not_json", "payload": not_json, "header": header(now, &[&sig[4]])},
    ]);
    let mut cases = cases;
    for case in cases.as_array_mut().into_iter().flatten() {
        case["secret"] = json!(SECRET);
    }
    let file = root().join("webhook-cases.json");
    std::fs::write(&file, cases.to_string())
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", file.display()));
    harness()
        .run_on("webhooks", Some(&file))
        .into_iter()
        .map(|line| {
            let name = line["name"].as_str().unwrap_or_default().to_owned();
            (name, line["outcome"].clone())
        })
        .collect()
}

#[test]
fn deliveries_signed_by_python_are_checked_and_decoded() {
    let outcomes = outcomes();
    let get = |name: &str| {
        outcomes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, outcome)| outcome)
            .unwrap_or_else(|| panic!("no outcome for {name}: {outcomes:?}"))
    };
    for name in ["good", "rotated", "stale_tolerated"] {
        let ok = &get(name)["ok"];
        assert_eq!(
            ok["type"], "payment_intent.succeeded",
            "{name}: {outcomes:?}"
        );
        assert_eq!(ok["object"], "PaymentIntent", "{name}");
        assert_eq!(
            ok["object_id"],
            resources()["payment_intent"]["id"],
            "{name}"
        );
        let debug = ok["debug"].as_str().unwrap_or_default();
        assert!(
            !debug.contains("HIDDEN"),
            "{name} prints the client secret: {debug}"
        );
    }
    let errors = [
        ("wrong_secret", "SignatureMismatch"),
        ("tampered", "SignatureMismatch"),
        ("stale", "StaleTimestamp"),
        ("malformed", "MalformedHeader"),
        ("no_signature", "MalformedHeader"),
        ("not_json", "InvalidPayload"),
    ];
    for (name, kind) in errors {
        assert_eq!(get(name)["error"], kind, "{name}: {}", get(name));
    }
    let unknown = &get("unknown_type")["ok"];
    assert_eq!(unknown["object"], "Other");
    assert_eq!(unknown["object_id"], "bn_1");
    assert_eq!(outcomes.len(), 10);
}
