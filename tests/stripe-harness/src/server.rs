//! The local HTTP server the client talks to (wiremock), and how a request
//! it received is reported: method, path, raw query, raw body and headers.

use serde_json::{json, Map, Value};
use stripe_payment_intents::Client;
use wiremock::{MockServer, Request};

/// The API key every harness client uses.
pub const API_KEY: &str = "sk_test_harness";

/// A client of `server` that never retries (every answer counts once).
pub fn client(server: &MockServer) -> Result<Client, String> {
    Client::builder()
        .api_key(API_KEY)
        .base_url(server.uri())
        .max_retries(0)
        .build()
        .map_err(|e| format!("cannot build the client: {e}"))
}

/// What the server received, as JSON: `method`, `path`, `query` (raw, `""`
/// when absent), `body` (the bytes as text) and `headers` (lower-case names).
pub fn describe(request: &Request) -> Value {
    let mut headers = Map::new();
    for (name, value) in &request.headers {
        let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
        headers.insert(name.as_str().to_owned(), Value::String(value));
    }
    json!({
        "method": request.method.as_str(),
        "path": request.url.path(),
        "query": request.url.query().unwrap_or_default(),
        "body": String::from_utf8_lossy(&request.body),
        "headers": headers,
    })
}

/// Every request the server received since it started (or was reset).
pub async fn received(server: &MockServer) -> Result<Vec<Request>, String> {
    server
        .received_requests()
        .await
        .ok_or_else(|| "the mock server does not record requests".to_owned())
}

/// The one request received since the last reset, described; the server
/// is reset for the next case.
pub async fn take_one(server: &MockServer) -> Result<Value, String> {
    let requests = received(server).await?;
    server.reset().await;
    match requests.as_slice() {
        [one] => Ok(describe(one)),
        other => Err(format!(
            "expected one request, the server got {}",
            other.len()
        )),
    }
}
