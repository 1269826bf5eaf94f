//! The Stripe harness: a small program built against the Stripe
//! PaymentIntents crate that sdkgen generates at test time. The test suite
//! (`tests/tests/stripe/main.rs`) copies these sources beside the generated
//! crate under the target dir, builds them once and runs one subcommand per
//! concern; each prints JSON lines that the suite checks.
//!
//! - `corpus`: every form-body and query parameter set of the oracle
//!   corpus, sent through the client to a local server: the bytes on the
//!   wire, the bytes `RequestBody::form` makes, and the JSON of the params.
//! - `fixtures FIXTURES`: every reached resource of Stripe's fixtures,
//!   decoded with its generated model and encoded again.
//! - `e2e FIXTURES`: the 11 operations, an error, and both paginations
//!   against a local server: what the server received and what the client
//!   decoded.
//! - `expandable FIXTURES`: a payment intent whose `customer` is an id, a
//!   customer and a deleted customer.

mod corpus;
mod e2e;
mod expandable;
mod fixtures;
mod reached;
mod secrets;
mod server;
mod webhooks;

use std::process::ExitCode;

use serde_json::Value;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => return fail(&format!("cannot start tokio: {e}")),
    };
    let fixtures = || match args.get(1) {
        Some(path) => read_fixtures(path),
        None => Err("missing the path of fixtures3.json".to_owned()),
    };
    let lines = match args.first().map(String::as_str) {
        Some("corpus") => runtime.block_on(corpus::run()),
        Some("fixtures") => fixtures().map(|f| fixtures::run(&f)),
        Some("e2e") => fixtures().and_then(|f| runtime.block_on(e2e::run(&f))),
        Some("expandable") => fixtures().and_then(|f| expandable::run(&f)),
        Some("webhooks") => match args.get(1) {
            Some(path) => read_cases(path).map(|cases| webhooks::run(&cases)),
            None => Err("missing the path of the webhook cases".to_owned()),
        },
        Some("secrets") => match args.get(1) {
            Some(path) => read_object(path).and_then(|p| runtime.block_on(secrets::run(&p))),
            None => Err("missing the path of the planted resources".to_owned()),
        },
        _ => Err(
            "usage: stripe-harness corpus | fixtures F | e2e F | expandable F | secrets P | webhooks C"
                .to_owned(),
        ),
    };
    match lines {
        Ok(lines) => {
            for line in lines {
                println!("{line}");
            }
            ExitCode::SUCCESS
        }
        Err(message) => fail(&message),
    }
}

fn fail(message: &str) -> ExitCode {
    eprintln!("stripe-harness: {message}");
    ExitCode::FAILURE
}

/// The `resources` object of Stripe's `fixtures3.json`.
fn read_fixtures(path: &str) -> Result<serde_json::Map<String, Value>, String> {
    let mut all = read_json(path)?;
    match all.get_mut("resources").map(Value::take) {
        Some(Value::Object(resources)) => Ok(resources),
        _ => Err(format!("{path} has no `resources` object")),
    }
}

/// One fixture by its resource name.
/// A JSON file holding an array (the webhook cases).
fn read_cases(path: &str) -> Result<Vec<Value>, String> {
    match read_json(path)? {
        Value::Array(cases) => Ok(cases),
        _ => Err(format!("{path} does not hold an array")),
    }
}

/// A JSON file holding one object (the planted resources by name).
fn read_object(path: &str) -> Result<serde_json::Map<String, Value>, String> {
    match read_json(path)? {
        Value::Object(object) => Ok(object),
        _ => Err(format!("{path} does not hold an object")),
    }
}

fn read_json(path: &str) -> Result<Value, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    serde_json::from_str(&text).map_err(|e| format!("{path} is not JSON: {e}"))
}

fn fixture(resources: &serde_json::Map<String, Value>, name: &str) -> Result<Value, String> {
    resources
        .get(name)
        .cloned()
        .ok_or_else(|| format!("fixtures3.json has no resource `{name}`"))
}
