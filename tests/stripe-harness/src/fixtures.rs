//! Stripe's fixtures through the generated models: each resource the
//! PaymentIntents operations reach (listed in `reached.rs`, which the test
//! suite writes) is decoded from its JSON text, as the client decodes
//! responses, and encoded again. One JSON line per resource: `resource` and
//! either `reencoded` or `error`.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Map, Value};

use crate::reached::RESOURCES;

/// Decodes a fixture with one model and encodes it again.
pub type RoundTrip = fn(&Value) -> Result<Value, String>;

/// [`RoundTrip`] through the model `T`.
pub fn round_trip<T: DeserializeOwned + Serialize>(fixture: &Value) -> Result<Value, String> {
    let text = fixture.to_string();
    let decoded: T = serde_json::from_str(&text).map_err(|e| format!("does not decode: {e}"))?;
    serde_json::to_value(&decoded).map_err(|e| format!("does not encode: {e}"))
}

/// Every listed resource, round-tripped.
pub fn run(resources: &Map<String, Value>) -> Vec<Value> {
    RESOURCES
        .iter()
        .map(
            |(name, trip, _)| match crate::fixture(resources, name).and_then(|f| trip(&f)) {
                Ok(reencoded) => json!({ "resource": name, "reencoded": reencoded }),
                Err(error) => json!({ "resource": name, "error": error }),
            },
        )
        .collect()
}
