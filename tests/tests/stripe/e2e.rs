//! The 11 PaymentIntents operations end to end against a local server
//! (wiremock, in the harness) answering with Stripe's fixtures: the exact
//! method, path, query, form body and headers received, and what the client
//! decoded; Stripe's error object as `Error::Api`; pagination over
//! `starting_after` and over the search's `next_page`; Stripe's conventions
//! (`Stripe-Should-Retry`, `Stripe-Account` and `Stripe-Version` per client
//! and per request, `expand` on a list).

use std::collections::BTreeSet;
use std::sync::OnceLock;

use serde_json::{json, Value};

use super::harness::harness;
use super::reach;

/// The id the harness's operations name.
const PI: &str = "pi_3NnlpVGPxmnHQRkJ1e2e";
/// The id of Stripe's `payment_intent` fixture, which the server answers.
const FIXTURE_ID: &str = "pi_1NnlpVGPxmnHQRkJNuz3w9tH";
const FORM: &str = "application/x-www-form-urlencoded";

/// One operation's expected request.
struct Expected {
    check: &'static str,
    operation: &'static str,
    path: String,
    query: &'static str,
    body: &'static str,
}

fn expected() -> Vec<Expected> {
    let on = |suffix: &str| format!("/v1/payment_intents/{PI}{suffix}");
    let row = |check, operation, path: String, query, body| Expected {
        check,
        operation,
        path,
        query,
        body,
    };
    vec![
        row("payment_intents.list", "GET /v1/payment_intents", "/v1/payment_intents".into(), "customer=cus_1&limit=2", ""),
        row(
            "payment_intents.create",
            "POST /v1/payment_intents",
            "/v1/payment_intents".into(),
            "",
            "amount=2000&automatic_payment_methods[enabled]=true&currency=usd&metadata[order_id]=6735",
        ),
        row(
            "payment_intents.search",
            "GET /v1/payment_intents/search",
            "/v1/payment_intents/search".into(),
            "limit=10&query=status%3A%27succeeded%27",
            "",
        ),
        row("payment_intents.retrieve", "GET /v1/payment_intents/{intent}", on(""), "expand[0]=customer", ""),
        row(
            "payment_intents.update",
            "POST /v1/payment_intents/{intent}",
            on(""),
            "",
            "description=updated&metadata[k]=v",
        ),
        row(
            "payment_intents.apply_customer_balance",
            "POST /v1/payment_intents/{intent}/apply_customer_balance",
            on("/apply_customer_balance"),
            "",
            "amount=500&currency=jpy",
        ),
        row(
            "payment_intents.cancel",
            "POST /v1/payment_intents/{intent}/cancel",
            on("/cancel"),
            "",
            "cancellation_reason=duplicate",
        ),
        row(
            "payment_intents.capture",
            "POST /v1/payment_intents/{intent}/capture",
            on("/capture"),
            "",
            "amount_to_capture=1000",
        ),
        row(
            "payment_intents.confirm",
            "POST /v1/payment_intents/{intent}/confirm",
            on("/confirm"),
            "",
            "payment_method=pm_card_visa&return_url=https%3A%2F%2Fexample.com%2Fr%3Fa%3D1",
        ),
        row(
            "payment_intents.increment_authorization",
            "POST /v1/payment_intents/{intent}/increment_authorization",
            on("/increment_authorization"),
            "",
            "amount=3000",
        ),
        row(
            "payment_intents.verify_microdeposits",
            "POST /v1/payment_intents/{intent}/verify_microdeposits",
            on("/verify_microdeposits"),
            "",
            "amounts[0]=32&amounts[1]=45",
        ),
        row(
            "cancel_without_body_escaped_id",
            "POST /v1/payment_intents/{intent}/cancel",
            "/v1/payment_intents/pi_a%2Fb%3Fc/cancel".into(),
            "",
            "",
        ),
    ]
}

/// The harness's `e2e` report, produced once per run.
fn report() -> &'static [Value] {
    static REPORT: OnceLock<Vec<Value>> = OnceLock::new();
    REPORT.get_or_init(|| harness().run("e2e", true))
}

fn line(check: &str) -> &'static Value {
    report()
        .iter()
        .find(|line| line["check"] == check)
        .unwrap_or_else(|| panic!("the harness reported no `{check}`"))
}

fn text<'a>(value: &'a Value, pointer: &str) -> &'a str {
    value
        .pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_default()
}

/// A UUID v4 as the runtime writes it.
fn is_uuid_v4(key: &str) -> bool {
    let bytes = key.as_bytes();
    key.len() == 36
        && [8, 13, 18, 23].iter().all(|&i| bytes[i] == b'-')
        && bytes[14] == b'4'
        && key
            .chars()
            .filter(|c| *c != '-')
            .all(|c| c.is_ascii_hexdigit())
}

/// Every way a received request differs from what was expected.
fn request_problems(expected: &Expected, request: &Value) -> Vec<String> {
    let post = expected.operation.starts_with("POST");
    let mut problems = Vec::new();
    let mut check = |what: &str, got: &str, want: &str| {
        if got != want {
            problems.push(format!(
                "{}: {what} is `{got}`, expected `{want}`",
                expected.check
            ));
        }
    };
    check(
        "method",
        text(request, "/method"),
        if post { "POST" } else { "GET" },
    );
    check("path", text(request, "/path"), &expected.path);
    check("query", text(request, "/query"), expected.query);
    check("body", text(request, "/body"), expected.body);
    check(
        "Authorization",
        text(request, "/headers/authorization"),
        "Bearer sk_test_harness",
    );
    check(
        "Stripe-Version",
        text(request, "/headers/stripe-version"),
        "2023-08-16",
    );
    check(
        "Stripe-Account",
        text(request, "/headers/stripe-account"),
        "",
    );
    check(
        "Accept",
        text(request, "/headers/accept"),
        "application/json",
    );
    let content_type = if expected.body.is_empty() { "" } else { FORM };
    check(
        "Content-Type",
        text(request, "/headers/content-type"),
        content_type,
    );
    let key = text(request, "/headers/idempotency-key");
    match (post, expected.check) {
        (true, "payment_intents.create") => check("Idempotency-Key", key, "idem-create-1"),
        (true, _) if !is_uuid_v4(key) => check("Idempotency-Key (a UUID v4)", key, "<uuid>"),
        (false, _) => check("Idempotency-Key", key, ""),
        _ => {}
    }
    problems
}

/// Why a decoded output is not the fixture the server answered with.
fn output_problem(check: &str, output: &Value) -> Option<String> {
    let ok = output.get("ok").unwrap_or_else(|| &Value::Null);
    let intent = match check {
        "payment_intents.list" | "payment_intents.search" => {
            if ok["has_more"] != false || ok["data"].as_array().map(Vec::len) != Some(1) {
                return Some(format!("{check}: decoded page {ok}"));
            }
            &ok["data"][0]
        }
        _ => ok,
    };
    let fields = [
        ("id", FIXTURE_ID),
        ("object", "payment_intent"),
        ("status", "requires_payment_method"),
    ];
    let wrong: Vec<_> = fields
        .iter()
        .filter(|(field, want)| intent[*field] != *want)
        .collect();
    (!wrong.is_empty() || intent["amount"] != 1099).then(|| {
        format!(
            "{check}: decoded {}",
            if ok.is_null() { output } else { intent }
        )
    })
}

#[test]
fn every_operation_sends_the_exact_request_and_decodes_the_fixture() {
    let expected = expected();
    let covered: BTreeSet<String> = expected.iter().map(|e| e.operation.to_owned()).collect();
    assert_eq!(
        covered,
        reach::operations(reach::included),
        "every included operation is exercised"
    );
    assert_eq!(covered.len(), 11);
    let mut problems = Vec::new();
    for row in &expected {
        let line = line(row.check);
        problems.extend(request_problems(row, &line["request"]));
        problems.extend(output_problem(row.check, &line["output"]));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn stripe_errors_read_and_display_as_stripe_users_expect() {
    let card = &line("card_error")["output"]["error"];
    assert_eq!(
        card["message"],
        "card_declined (insufficient_funds): Your card has insufficient funds. [request req_harness]"
    );
    assert_eq!(
        card["details"],
        json!({
            "code": "card_declined",
            "decline_code": "insufficient_funds",
            "param": null,
            "message": "Your card has insufficient funds.",
            "type": "card_error",
            "request_log_url": "https://dashboard.stripe.com/test/logs/req_1",
        })
    );
    let missing = &line("invalid_request_error")["output"]["error"];
    assert_eq!(
        missing["message"],
        "resource_missing: No such payment_intent: 'pi_missing' [request req_harness]"
    );
    assert_eq!(missing["details"]["param"], "intent");
    assert_eq!(missing["details"]["type"], "invalid_request_error");
}

#[test]
fn stripe_errors_decode_into_the_typed_error() {
    let expect = [
        // check, status, type, code, decline code, payment intent in the error
        (
            "card_error",
            402,
            "card_error",
            "card_declined",
            Value::from("insufficient_funds"),
            Value::from("pi_declined"),
        ),
        (
            "invalid_request_error",
            404,
            "invalid_request_error",
            "resource_missing",
            Value::Null,
            Value::Null,
        ),
        (
            "unknown_error_type",
            400,
            "brand_new_error",
            "",
            Value::Null,
            Value::Null,
        ),
    ];
    let mut problems = Vec::new();
    for (check, status, kind, code, decline, intent) in expect {
        let error = &line(check)["output"]["error"];
        let api = &error["api"];
        let fine = error["kind"] == "Api"
            && error["status"] == status
            && error["request_id"] == "req_harness"
            && api["type"] == kind
            && text(api, "/code") == code
            && api["decline_code"] == decline
            && api["payment_intent_id"] == intent;
        if !fine {
            problems.push(format!("{check}: {error:#}"));
        }
    }
    let declined = &line("card_error")["output"]["error"]["api"];
    assert_eq!(declined["payment_intent_status"], "requires_payment_method");
    assert_eq!(declined["message"], "Your card has insufficient funds.");
    assert_eq!(
        line("invalid_request_error")["output"]["error"]["api"]["param"],
        "intent"
    );
    assert!(
        problems.is_empty(),
        "errors not decoded as expected:\n{}",
        problems.join("\n")
    );
}

/// The ids a pagination check streamed and the query strings it sent.
fn pagination(check: &str) -> (Vec<Value>, Vec<String>) {
    let line = line(check);
    let ids = line["output"]["ok"].as_array().cloned().unwrap_or_default();
    let queries = line["requests"]
        .as_array()
        .map(|requests| {
            requests
                .iter()
                .map(|r| text(r, "/query").to_owned())
                .collect()
        })
        .unwrap_or_default();
    (ids, queries)
}

#[test]
fn list_pagination_follows_starting_after() {
    let (ids, queries) = pagination("list_pagination");
    assert_eq!(ids, ["pi_1", "pi_2", "pi_3", "pi_4", "pi_5"]);
    assert_eq!(
        queries,
        [
            "limit=2",
            "limit=2&starting_after=pi_2",
            "limit=2&starting_after=pi_4"
        ]
    );
}

#[test]
fn backward_pagination_follows_ending_before_alone() {
    let (ids, queries) = pagination("list_backward");
    assert_eq!(ids, ["pi_7", "pi_8", "pi_5", "pi_6", "pi_4"]);
    assert_eq!(
        queries,
        [
            "ending_before=pi_9&limit=2",
            "ending_before=pi_7&limit=2",
            "ending_before=pi_5&limit=2"
        ]
    );
}

#[test]
fn search_pagination_follows_next_page() {
    let (ids, queries) = pagination("search_pagination");
    assert_eq!(ids, ["pi_1", "pi_2", "pi_3"]);
    assert_eq!(
        queries,
        [
            "limit=2&query=currency%3A%27usd%27",
            "limit=2&page=page_two&query=currency%3A%27usd%27"
        ]
    );
}

/// The requests a check that may retry sent.
fn requests(check: &str) -> &'static [Value] {
    line(check)["requests"]
        .as_array()
        .map_or(&[], Vec::as_slice)
}

#[test]
fn stripe_should_retry_true_retries_a_400_with_the_same_idempotency_key() {
    let check = "should_retry_true_on_400";
    let sent = requests(check);
    assert_eq!(sent.len(), 2, "retried once: {:#}", line(check));
    let keys: Vec<&str> = sent
        .iter()
        .map(|r| text(r, "/headers/idempotency-key"))
        .collect();
    assert!(is_uuid_v4(keys[0]), "{keys:?}");
    assert_eq!(keys[0], keys[1], "the retry keeps the idempotency key");
    assert!(sent
        .iter()
        .all(|r| text(r, "/body") == "payment_method=pm_card_visa"));
    assert_eq!(line(check)["output"]["ok"]["id"], FIXTURE_ID);
}

#[test]
fn stripe_should_retry_false_stops_the_retry_of_a_503() {
    let check = "should_retry_false_on_503";
    assert_eq!(requests(check).len(), 1, "not retried: {:#}", line(check));
    let error = &line(check)["output"]["error"];
    assert_eq!(error["status"], 503);
    assert_eq!(error["kind"], "Api");
    assert_eq!(error["api"]["type"], "api_error");
}

#[test]
fn stripe_account_and_version_are_set_per_client_and_overridden_per_request() {
    let headers = |check: &str| {
        let request = &line(check)["request"];
        (
            text(request, "/headers/stripe-account"),
            text(request, "/headers/stripe-version"),
        )
    };
    assert_eq!(
        headers("account_and_version_per_client"),
        ("acct_client", "2024-04-10")
    );
    assert_eq!(
        headers("account_and_version_per_request"),
        ("acct_request", "2025-01-01")
    );
    // A client without them: no account, the document's version (also
    // checked for every operation above).
    assert_eq!(headers("payment_intents.retrieve"), ("", "2023-08-16"));
}

#[test]
fn expand_takes_an_array_on_a_list_request() {
    let request = &line("list_expand")["request"];
    assert_eq!(text(request, "/path"), "/v1/payment_intents");
    assert_eq!(text(request, "/query"), "expand[0]=customer");
    assert_eq!(
        line("list_expand")["output"]["ok"]["data"][0]["id"],
        FIXTURE_ID
    );
}
