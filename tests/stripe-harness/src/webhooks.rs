//! Webhook deliveries through `webhooks::construct_event`: the test suite
//! writes the cases (payloads signed with Python's `hmac`); one JSON line
//! per case with `name` and either `ok` (the event's id, type and object:
//! its variant and id) or `error` (the error's kind).

use std::time::Duration;

use serde_json::{json, Value};
use stripe_payment_intents::webhooks::{EventObject, Webhook, WebhookError};

/// Every case of `cases` (objects with `name`, `payload`, `header`,
/// `secret` and optionally `tolerance` in seconds).
pub fn run(cases: &[Value]) -> Vec<Value> {
    cases.iter().map(case).collect()
}

fn case(case: &Value) -> Value {
    let text = |key: &str| case[key].as_str().unwrap_or_default();
    let mut webhook = Webhook::new(text("secret"));
    if let Some(seconds) = case["tolerance"].as_u64() {
        webhook = webhook.tolerance(Duration::from_secs(seconds));
    }
    let outcome = match webhook.construct_event(text("payload"), text("header")) {
        Ok(event) => {
            let (variant, id) = match &event.data.object {
                EventObject::PaymentIntent(intent) => ("PaymentIntent", json!(intent.id)),
                EventObject::Other(object) => ("Other", object["id"].clone()),
                _ => ("another model", Value::Null),
            };
            json!({"ok": {"id": event.id, "type": event.r#type, "object": variant, "object_id": id, "debug": format!("{event:?}")}})
        }
        Err(error) => {
            let kind = match &error {
                WebhookError::MalformedHeader(_) => "MalformedHeader",
                WebhookError::SignatureMismatch => "SignatureMismatch",
                WebhookError::StaleTimestamp { .. } => "StaleTimestamp",
                WebhookError::InvalidPayload(_) => "InvalidPayload",
                WebhookError::Object { .. } => "Object",
                _ => "other",
            };
            json!({"error": kind, "message": error.to_string()})
        }
    };
    json!({"name": case["name"], "outcome": outcome})
}
