//! Expandable fields: Stripe's `payment_intent` fixture with its `customer`
//! as an id, as an expanded customer and as an expanded deleted customer.
//! One JSON line per case: `case`, `id` (from `Expandable::id`),
//! `expanded`, `variant` (the union arm the object decoded into) and
//! `customer` (the field encoded again), or `error`.

use serde_json::{json, Map, Value};
use stripe_payment_intents::models as m;

use crate::fixture;

/// The three cases.
pub fn run(resources: &Map<String, Value>) -> Result<Vec<Value>, String> {
    let intent = fixture(resources, "payment_intent")?;
    let cases = [
        ("id", Value::String("cus_NffrFeUfNV2Hib".to_owned())),
        ("customer", fixture(resources, "customer")?),
        ("deleted_customer", fixture(resources, "deleted_customer")?),
    ];
    Ok(cases
        .into_iter()
        .map(|(case, customer)| {
            let mut intent = intent.clone();
            if let Some(fields) = intent.as_object_mut() {
                fields.insert("customer".to_owned(), customer);
            }
            match decode(&intent) {
                Ok(report) => json!({ "case": case, "report": report }),
                Err(error) => json!({ "case": case, "error": error }),
            }
        })
        .collect())
}

fn decode(intent: &Value) -> Result<Value, String> {
    let decoded: m::PaymentIntent =
        serde_json::from_str(&intent.to_string()).map_err(|e| format!("does not decode: {e}"))?;
    // `None` is an absent field or an explicit `null`: every case here
    // sends a value.
    let Some(customer) = &decoded.customer else {
        return Err("`customer` decoded as absent or null".to_owned());
    };
    // The arm's name, without naming the union type (its name follows the
    // generator's deduplication).
    let variant = customer.as_object().map(|object| {
        let debug = format!("{object:?}");
        debug
            .split(['(', ' ', '{'])
            .next()
            .unwrap_or_default()
            .to_owned()
    });
    let reencoded = serde_json::to_value(customer).map_err(|e| format!("does not encode: {e}"))?;
    Ok(json!({
        "id": customer.id(),
        "expanded": customer.is_object(),
        "variant": variant,
        "customer": reencoded,
    }))
}
