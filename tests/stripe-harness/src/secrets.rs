//! Secrets through the generated models: the test suite plants a marker
//! value in every secret field of each reached fixture (and one in a plain
//! field, as a control); each planted resource is decoded with its model
//! and printed with `Debug`. Then a card error whose body embeds the
//! planted payment intent is received, and the error printed with `Display`
//! and `Debug`. One JSON line each: `resource` and `debug` (or `error`),
//! then `check: "error"` with `display` and `debug`.

use std::fmt::Debug;

use serde::de::DeserializeOwned;
use serde_json::{json, Map, Value};

use crate::reached::RESOURCES;
use crate::server::client;

/// Decodes a fixture with one model and prints it with `Debug`.
pub type Printed = fn(&Value) -> Result<String, String>;

/// [`Printed`] through the model `T`.
pub fn debug<T: DeserializeOwned + Debug>(fixture: &Value) -> Result<String, String> {
    let decoded: T = serde_json::from_str(&fixture.to_string())
        .map_err(|e| format!("does not decode: {e}"))?;
    Ok(format!("{decoded:?}"))
}

/// Every planted resource printed, then the error check.
pub async fn run(planted: &Map<String, Value>) -> Result<Vec<Value>, String> {
    let mut lines: Vec<Value> = RESOURCES
        .iter()
        .filter_map(|(name, _, print)| {
            let fixture = planted.get(*name)?;
            Some(match print(fixture) {
                Ok(debug) => json!({ "resource": name, "debug": debug }),
                Err(error) => json!({ "resource": name, "error": error }),
            })
        })
        .collect();
    let intent = planted
        .get("payment_intent")
        .ok_or("no planted payment_intent")?;
    lines.push(card_error(intent).await?);
    Ok(lines)
}

/// A declined card whose error embeds `intent`, as Stripe sends it.
async fn card_error(intent: &Value) -> Result<Value, String> {
    use wiremock::matchers::any;
    use wiremock::{Mock, MockServer, ResponseTemplate};

    let server = MockServer::start().await;
    let body = json!({"error": {
        "type": "card_error",
        "code": "card_declined",
        "decline_code": "insufficient_funds",
        "message": "Your card has insufficient funds.",
        "payment_intent": intent,
    }});
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(402)
                .insert_header("request-id", "req_secrets")
                .set_body_json(body),
        )
        .mount(&server)
        .await;
    let client = client(&server)?;
    match client.payment_intents().retrieve("pi_1").await {
        Ok(_) => Err("the declined card decoded as a success".to_owned()),
        Err(error) => Ok(json!({
            "check": "error",
            "display": error.to_string(),
            "debug": format!("{error:?}"),
        })),
    }
}
