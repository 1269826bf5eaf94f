//! Every PaymentIntents operation against a local server answering with
//! Stripe's fixtures, then an error response, both kinds of pagination and
//! Stripe's conventions (`Stripe-Should-Retry`, `Stripe-Account`,
//! `Stripe-Version`, `expand` on a list). One JSON line per check: `check`,
//! `request` (what the server received, or `requests` for several) and
//! `output` (what the client decoded: `{"ok": ...}` or `{"error": ...}`).

use std::collections::BTreeMap;
use std::future::IntoFuture;
use std::time::Duration;

use futures::StreamExt;
use serde::Serialize;
use serde_json::{json, Map, Value};
use stripe_payment_intents::models as m;
use stripe_payment_intents::{Client, Error, RetryPolicy};
use wiremock::matchers::{any, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::fixture;
use crate::server::{client, describe, received, API_KEY};

/// The payment intent the operations name.
const PI: &str = "pi_3NnlpVGPxmnHQRkJ1e2e";

/// Runs every check.
pub async fn run(resources: &Map<String, Value>) -> Result<Vec<Value>, String> {
    let intent = fixture(resources, "payment_intent")?;
    let server = MockServer::start().await;
    let client = client(&server)?;
    let mut lines = operations(&server, &client, &intent).await?;
    lines.extend(errors(&server, &client, &intent).await?);
    lines.push(list_pagination(&server, &client, &intent).await?);
    lines.push(list_backward(&server, &client, &intent).await?);
    lines.push(search_pagination(&server, &client, &intent).await?);
    lines.extend(conventions(&server, &intent).await?);
    Ok(lines)
}

/// The fixture payment intent with another id.
fn intent_with_id(intent: &Value, id: &str) -> Value {
    let mut intent = intent.clone();
    if let Some(fields) = intent.as_object_mut() {
        fields.insert("id".to_owned(), Value::String(id.to_owned()));
    }
    intent
}

/// The outcome of a call as JSON.
fn outcome<T: Serialize>(result: Result<T, Error>) -> Value {
    match result {
        Ok(output) => match serde_json::to_value(&output) {
            Ok(value) => json!({ "ok": value }),
            Err(e) => json!({ "error": format!("cannot encode the output: {e}") }),
        },
        Err(e) => json!({ "error": describe_error(&e) }),
    }
}

/// An error as JSON: its kind, status, request id and, for `Error::Api`,
/// the decoded error object.
fn describe_error(error: &Error) -> Value {
    let kind = match error {
        Error::Api(_) => "Api",
        Error::UnexpectedResponse(_) => "UnexpectedResponse",
        Error::Decode(_) => "Decode",
        Error::Transport(_) => "Transport",
        Error::BodyTooLarge(_) => "BodyTooLarge",
        Error::InvalidRequest(_) => "InvalidRequest",
        _ => "other",
    };
    let api = match error {
        Error::Api(api) => {
            let e = &api.error.error;
            json!({
                "type": e.r#type.as_str(),
                "code": e.code,
                "decline_code": e.decline_code,
                "message": e.message,
                "param": e.param,
                "doc_url": e.doc_url,
                "payment_intent_id": e.payment_intent.as_ref().map(|pi| pi.id.clone()),
                "payment_intent_status": e.payment_intent.as_ref().map(|pi| pi.status.as_str().to_owned()),
                "payment_method_id": e.payment_method.as_ref().map(|pm| pm.id.clone()),
            })
        }
        _ => Value::Null,
    };
    // What `ApiError`'s accessors read from the body.
    let details = error.api().map(|e| {
        json!({
            "code": e.code(),
            "decline_code": e.decline_code(),
            "param": e.param(),
            "message": e.message(),
            "type": e.error_type(),
            "request_log_url": e.request_log_url(),
        })
    });
    json!({
        "kind": kind,
        "status": error.status().map(|s| s.as_u16()),
        "request_id": error.request_id(),
        "api": api,
        "details": details,
        "message": error.to_string(),
    })
}

/// A response with `status`, `body` and a request id.
fn reply(status: u16, body: &Value) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .insert_header("request-id", "req_harness")
        .set_body_json(body)
}

/// Answers every request with `status` and `body` until the next reset.
async fn answer(server: &MockServer, status: u16, body: &Value) {
    Mock::given(any())
        .respond_with(reply(status, body))
        .mount(server)
        .await;
}

/// Answers the next request only with `status`, `body` and the header
/// `Stripe-Should-Retry: should_retry`.
async fn answer_once(server: &MockServer, status: u16, body: &Value, should_retry: &str) {
    Mock::given(any())
        .respond_with(reply(status, body).insert_header("Stripe-Should-Retry", should_retry))
        .up_to_n_times(1)
        .mount(server)
        .await;
}

/// Runs one call against the mounted answers: what it returned and every
/// request the server got (which is reset for the next call).
async fn exchange<R, T>(server: &MockServer, request: R) -> Result<(Value, Vec<Value>), String>
where
    R: IntoFuture<Output = Result<T, Error>>,
    T: Serialize,
{
    let result = request.await;
    let requests: Vec<Value> = received(server).await?.iter().map(describe).collect();
    server.reset().await;
    Ok((outcome(result), requests))
}

/// Runs one call that sends one request and reports it.
async fn call<R, T>(server: &MockServer, check: &str, request: R) -> Result<Value, String>
where
    R: IntoFuture<Output = Result<T, Error>>,
    T: Serialize,
{
    let (output, mut requests) = exchange(server, request).await?;
    if requests.len() != 1 {
        return Err(format!(
            "{check}: expected one request, the server got {}",
            requests.len()
        ));
    }
    let request = requests.remove(0);
    Ok(json!({ "check": check, "request": request, "output": output }))
}

/// Runs one call that may send several requests and reports them all.
async fn call_all<R, T>(server: &MockServer, check: &str, request: R) -> Result<Value, String>
where
    R: IntoFuture<Output = Result<T, Error>>,
    T: Serialize,
{
    let (output, requests) = exchange(server, request).await?;
    Ok(json!({ "check": check, "requests": requests, "output": output }))
}

/// The 11 operations, each answered with a fixture.
async fn operations(
    server: &MockServer,
    client: &Client,
    intent: &Value,
) -> Result<Vec<Value>, String> {
    let mut lines = Vec::new();
    let list = json!({"object": "list", "data": [intent], "has_more": false, "url": "/v1/payment_intents"});
    answer(server, 200, &list).await;
    let request = client.payment_intents().list().limit(2_i64).customer("cus_1");
    lines.push(call(server, "payment_intents.list", request).await?);

    answer(server, 200, intent).await;
    let body = m::CreatePaymentIntent::new(2000_i64, "usd")
        .automatic_payment_methods(m::CreatePaymentIntentAutomaticPaymentMethods::new(true))
        .metadata([("order_id", "6735")]);
    let request = client
        .payment_intents().create(body)
        .idempotency_key("idem-create-1");
    lines.push(call(server, "payment_intents.create", request).await?);

    let search = json!({
        "object": "search_result", "data": [intent], "has_more": false,
        "next_page": null, "url": "/v1/payment_intents/search", "total_count": 1,
    });
    answer(server, 200, &search).await;
    let request = client
        .payment_intents().search("status:'succeeded'")
        .limit(10_i64);
    lines.push(call(server, "payment_intents.search", request).await?);

    answer(server, 200, intent).await;
    let request = client
        .payment_intents().retrieve(PI)
        .expand(["customer"]);
    lines.push(call(server, "payment_intents.retrieve", request).await?);

    answer(server, 200, intent).await;
    let body = m::UpdatePaymentIntent::new()
        .description("updated")
        .metadata(BTreeMap::from([("k".to_owned(), "v".to_owned())]));
    let request = client.payment_intents().update(PI).body(body);
    lines.push(call(server, "payment_intents.update", request).await?);

    answer(server, 200, intent).await;
    let body = m::ApplyCustomerBalancePaymentIntent::new()
        .amount(500_i64)
        .currency("jpy");
    let request = client
        .payment_intents().apply_customer_balance(PI)
        .body(body);
    lines.push(
        call(
            server,
            "payment_intents.apply_customer_balance",
            request,
        )
        .await?,
    );

    answer(server, 200, intent).await;
    let body = m::CancelPaymentIntent::new().cancellation_reason("duplicate");
    let request = client.payment_intents().cancel(PI).body(body);
    lines.push(call(server, "payment_intents.cancel", request).await?);

    answer(server, 200, intent).await;
    let body = m::CapturePaymentIntent::new().amount_to_capture(1000_i64);
    let request = client.payment_intents().capture(PI).body(body);
    lines.push(call(server, "payment_intents.capture", request).await?);

    answer(server, 200, intent).await;
    let body = m::ConfirmPaymentIntent::new()
        .payment_method("pm_card_visa")
        .return_url("https://example.com/r?a=1");
    let request = client.payment_intents().confirm(PI).body(body);
    lines.push(call(server, "payment_intents.confirm", request).await?);

    answer(server, 200, intent).await;
    let body = m::IncrementAuthorizationPaymentIntent::new(3000_i64);
    let request = client.payment_intents().increment_authorization(PI, body);
    lines.push(
        call(
            server,
            "payment_intents.increment_authorization",
            request,
        )
        .await?,
    );

    answer(server, 200, intent).await;
    let body = m::VerifyMicrodepositsPaymentIntent::new().amounts([32_i64, 45]);
    let request = client
        .payment_intents().verify_microdeposits(PI)
        .body(body);
    lines.push(
        call(
            server,
            "payment_intents.verify_microdeposits",
            request,
        )
        .await?,
    );

    // Without a body, and with an id that must stay one path segment.
    answer(server, 200, intent).await;
    let request = client.payment_intents().cancel("pi_a/b?c");
    lines.push(call(server, "cancel_without_body_escaped_id", request).await?);
    Ok(lines)
}

/// Stripe's error object, decoded into `Error::Api`.
async fn errors(
    server: &MockServer,
    client: &Client,
    intent: &Value,
) -> Result<Vec<Value>, String> {
    let mut lines = Vec::new();
    let declined = json!({"error": {
        "charge": "ch_1",
        "code": "card_declined",
        "decline_code": "insufficient_funds",
        "doc_url": "https://stripe.com/docs/error-codes/card-declined",
        "message": "Your card has insufficient funds.",
        "payment_intent": intent_with_id(intent, "pi_declined"),
        "request_log_url": "https://dashboard.stripe.com/test/logs/req_1",
        "type": "card_error",
    }});
    answer(server, 402, &declined).await;
    let body = m::ConfirmPaymentIntent::new()
        .payment_method("pm_card_chargeDeclinedInsufficientFunds");
    let request = client.payment_intents().confirm(PI).body(body);
    lines.push(call(server, "card_error", request).await?);

    let missing = json!({"error": {
        "code": "resource_missing",
        "doc_url": "https://stripe.com/docs/error-codes/resource-missing",
        "message": "No such payment_intent: 'pi_missing'",
        "param": "intent",
        "type": "invalid_request_error",
    }});
    answer(server, 404, &missing).await;
    lines.push(
        call(
            server,
            "invalid_request_error",
            client.payment_intents().retrieve("pi_missing"),
        )
        .await?,
    );

    let future = json!({"error": {"type": "brand_new_error", "message": "from a later API version", "extra": {"a": 1}}});
    answer(server, 400, &future).await;
    lines.push(
        call(
            server,
            "unknown_error_type",
            client.payment_intents().retrieve("pi_1"),
        )
        .await?,
    );
    Ok(lines)
}

/// A list page answered when `starting_after` is `after` (or absent).
async fn list_page(
    server: &MockServer,
    intent: &Value,
    after: Option<&str>,
    ids: &[&str],
    has_more: bool,
) {
    let data: Vec<Value> = ids.iter().map(|id| intent_with_id(intent, id)).collect();
    let page =
        json!({"object": "list", "data": data, "has_more": has_more, "url": "/v1/payment_intents"});
    let mock = match after {
        Some(after) => Mock::given(query_param("starting_after", after)),
        None => Mock::given(query_param_is_missing("starting_after")),
    };
    mock.respond_with(ResponseTemplate::new(200).set_body_json(page))
        .mount(server)
        .await;
}

/// Streams every item of a list over three pages.
async fn list_pagination(
    server: &MockServer,
    client: &Client,
    intent: &Value,
) -> Result<Value, String> {
    server.reset().await;
    list_page(server, intent, None, &["pi_1", "pi_2"], true).await;
    list_page(server, intent, Some("pi_2"), &["pi_3", "pi_4"], true).await;
    list_page(server, intent, Some("pi_4"), &["pi_5"], false).await;
    let stream = client.payment_intents().list().limit(2_i64).into_stream();
    let items: Vec<Result<m::PaymentIntent, Error>> = stream.collect().await;
    pagination_report(server, "list_pagination", items).await
}

/// A list page answered when `ending_before` is `before` and no
/// `starting_after` is sent.
async fn backward_page(
    server: &MockServer,
    intent: &Value,
    before: &str,
    ids: &[&str],
    has_more: bool,
) {
    let data: Vec<Value> = ids.iter().map(|id| intent_with_id(intent, id)).collect();
    let page =
        json!({"object": "list", "data": data, "has_more": has_more, "url": "/v1/payment_intents"});
    Mock::given(query_param("ending_before", before))
        .and(query_param_is_missing("starting_after"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page))
        .mount(server)
        .await;
}

/// Streams a list backward from `pi_9`: each page before the first item
/// of the previous one.
async fn list_backward(
    server: &MockServer,
    client: &Client,
    intent: &Value,
) -> Result<Value, String> {
    server.reset().await;
    backward_page(server, intent, "pi_9", &["pi_7", "pi_8"], true).await;
    backward_page(server, intent, "pi_7", &["pi_5", "pi_6"], true).await;
    backward_page(server, intent, "pi_5", &["pi_4"], false).await;
    let stream = client
        .payment_intents().list()
        .ending_before("pi_9")
        .limit(2_i64)
        .into_stream();
    let items: Vec<Result<m::PaymentIntent, Error>> = stream.collect().await;
    pagination_report(server, "list_backward", items).await
}

/// Streams every item of a search over two pages.
async fn search_pagination(
    server: &MockServer,
    client: &Client,
    intent: &Value,
) -> Result<Value, String> {
    server.reset().await;
    let page = |ids: &[&str], next: Value| {
        let data: Vec<Value> = ids.iter().map(|id| intent_with_id(intent, id)).collect();
        json!({"object": "search_result", "data": data, "has_more": !next.is_null(), "next_page": next, "url": "/v1/payment_intents/search"})
    };
    Mock::given(query_param_is_missing("page"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(page(&["pi_1", "pi_2"], json!("page_two"))),
        )
        .mount(server)
        .await;
    Mock::given(query_param("page", "page_two"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(&["pi_3"], Value::Null)))
        .mount(server)
        .await;
    let stream = client
        .payment_intents().search("currency:'usd'")
        .limit(2_i64)
        .into_stream();
    let items: Vec<Result<m::PaymentIntent, Error>> = stream.collect().await;
    pagination_report(server, "search_pagination", items).await
}

async fn pagination_report(
    server: &MockServer,
    check: &str,
    items: Vec<Result<m::PaymentIntent, Error>>,
) -> Result<Value, String> {
    let requests: Vec<Value> = received(server).await?.iter().map(describe).collect();
    server.reset().await;
    let items: Vec<Value> = items
        .into_iter()
        .map(|item| match item {
            Ok(intent) => Value::String(intent.id),
            Err(e) => json!({ "error": describe_error(&e) }),
        })
        .collect();
    Ok(json!({ "check": check, "requests": requests, "output": { "ok": items } }))
}

/// Stripe's conventions: the retry header overriding the status (with the
/// client's usual two retries, without waiting), the account and API
/// version per client and per request, and `expand` on a list.
async fn conventions(server: &MockServer, intent: &Value) -> Result<Vec<Value>, String> {
    let mut lines = Vec::new();
    server.reset().await;
    let retrying = Client::builder()
        .api_key(API_KEY)
        .base_url(server.uri())
        .retry_policy(
            RetryPolicy::default().with_delays(Duration::from_millis(1), Duration::from_millis(1)),
        )
        .build()
        .map_err(|e| format!("cannot build the client: {e}"))?;
    let lock = json!({"error": {"type": "invalid_request_error", "code": "lock_timeout",
        "message": "This object cannot be accessed right now."}});
    answer_once(server, 400, &lock, "true").await;
    answer(server, 200, intent).await;
    let body = m::ConfirmPaymentIntent::new().payment_method("pm_card_visa");
    let request = retrying.payment_intents().confirm(PI).body(body);
    lines.push(call_all(server, "should_retry_true_on_400", request).await?);

    let unavailable = json!({"error": {"type": "api_error", "message": "Try again later."}});
    answer_once(server, 503, &unavailable, "false").await;
    answer(server, 200, intent).await;
    let request = retrying.payment_intents().retrieve(PI);
    lines.push(call_all(server, "should_retry_false_on_503", request).await?);

    let acting = Client::builder()
        .api_key(API_KEY)
        .base_url(server.uri())
        .max_retries(0)
        .account("acct_client")
        .api_version("2024-04-10")
        .build()
        .map_err(|e| format!("cannot build the client: {e}"))?;
    answer(server, 200, intent).await;
    let request = acting.payment_intents().retrieve(PI);
    lines.push(call(server, "account_and_version_per_client", request).await?);
    answer(server, 200, intent).await;
    let request = acting
        .payment_intents().retrieve(PI)
        .account("acct_request")
        .api_version("2025-01-01");
    lines.push(call(server, "account_and_version_per_request", request).await?);

    let list = json!({"object": "list", "data": [intent], "has_more": false, "url": "/v1/payment_intents"});
    answer(server, 200, &list).await;
    let request = acting.payment_intents().list().expand(["customer"]);
    lines.push(call(server, "list_expand", request).await?);
    Ok(lines)
}
