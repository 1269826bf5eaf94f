//! End-to-end tests of the generated `payjp-v2` SDK against a real HTTP server on loopback.
//!
//! Each test starts a wiremock server, points a client at it and checks, byte
//! for byte where it matters, what the SDK sends (method, path, query,
//! headers, JSON body) and how it reports what comes back: decoded bodies,
//! problem-details errors, unexpected answers, undecodable bodies and
//! timeouts. Every network call runs under a 10 s limit so a hang fails fast.

use std::collections::BTreeMap;
use std::future::Future;
use std::time::{Duration, Instant};

use payjp_v2::models::{
    CaptureMethod, MetadataValue, PaymentIntentCancelRequest, PaymentIntentCaptureRequest,
    PaymentIntentConfirmRequest, PaymentIntentCreateRequest,
    PaymentIntentIncrementAuthorizationRequest, PaymentIntentResponse, PaymentIntentStatus,
    PaymentIntentUpdateRequest, PaymentMethodBillingAddressRequest,
    PaymentMethodBillingDetailsRequest, PaymentMethodCardCreateRequest,
    PaymentMethodCreateCardDetailsRequest, PaymentMethodCreateCardDetailsRequestRequired,
    PaymentMethodOptionsCardRequest, PaymentMethodOptionsCardRequestExtendedAuthorization,
    PaymentMethodOptionsCardRequestSetupFutureUsage, PaymentMethodOptionsCardRequestThreeDSecure,
    PaymentMethodOptionsRequest, PaymentMethodPayPayCreateRequest, PaymentMethodTypes,
};
use payjp_v2::{Client, Error};
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const API_KEY: &str = "sk_test_123";
const USER_AGENT: &str = "payjp-v2/0.1.0 (Rust; sdkgen)";
const ACCEPT: &str = "application/json, application/problem+json";
const CARD_NUMBER: &str = "4242424242424242";
const CARD_CVC: &str = "913";
/// Upper bound of every network call in this file.
const CALL_LIMIT: Duration = Duration::from_secs(10);
/// `2025-08-05T09:00:00Z` as a Unix timestamp.
const CREATED_AT_UNIX: i64 = 1_754_384_400;

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// A client for `server` that sends each request once: these tests pin what
/// one exchange does; retries are covered by the fault tests.
fn client(server: &MockServer) -> Client {
    Client::builder()
        .api_key(API_KEY)
        .base_url(server.uri())
        .max_retries(0)
        .build()
        .expect("the client builds")
}

/// Runs `future`, failing the test if it takes longer than [`CALL_LIMIT`].
async fn within<F: Future>(future: F) -> F::Output {
    tokio::time::timeout(CALL_LIMIT, future)
        .await
        .expect("the call did not finish within 10 s")
}

/// Answers `http_method path` with `response`, expecting exactly one such call.
async fn mount(server: &MockServer, http_method: &str, at: &str, response: ResponseTemplate) {
    Mock::given(method(http_method))
        .and(path(at))
        .respond_with(response)
        .expect(1)
        .mount(server)
        .await;
}

/// The one request the server received.
async fn single_request(server: &MockServer) -> wiremock::Request {
    let mut requests = server
        .received_requests()
        .await
        .expect("request recording is on");
    assert_eq!(requests.len(), 1, "expected one request: {requests:#?}");
    requests.remove(0)
}

/// The value of a header sent at most once, as text.
fn header<'a>(request: &'a wiremock::Request, name: &str) -> Option<&'a str> {
    let mut values = request.headers.get_all(name).iter();
    let first = values.next()?;
    assert!(values.next().is_none(), "header {name} was sent twice");
    Some(first.to_str().expect("the header value is visible ASCII"))
}

/// Whether `key` is a lowercase hyphenated UUID of version 4 (RFC 4122 variant).
fn is_uuid_v4(key: &str) -> bool {
    let bytes = key.as_bytes();
    bytes.len() == 36
        && bytes.iter().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => *b == b'-',
            14 => *b == b'4',
            19 => matches!(b, b'8' | b'9' | b'a' | b'b'),
            _ => b.is_ascii_digit() || (b'a'..=b'f').contains(b),
        })
}

fn assert_no_nulls(value: &Value, at: &str) {
    match value {
        Value::Null => panic!("null sent at {at}"),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                assert_no_nulls(item, &format!("{at}[{i}]"));
            }
        }
        Value::Object(fields) => {
            for (name, field) in fields {
                assert_no_nulls(field, &format!("{at}.{name}"));
            }
        }
        _ => {}
    }
}

/// Headers every request carries.
fn assert_common_headers(request: &wiremock::Request) {
    assert_eq!(
        header(request, "authorization"),
        Some("Bearer sk_test_123"),
        "authorization"
    );
    assert_eq!(header(request, "accept"), Some(ACCEPT), "accept");
    assert_eq!(
        header(request, "user-agent"),
        Some(USER_AGENT),
        "user-agent"
    );
}

/// A GET with the given path and query, no body and no idempotency key.
fn assert_get(request: &wiremock::Request, expected_path: &str, expected_query: Option<&str>) {
    assert_eq!(request.method.as_str(), "GET");
    assert_eq!(request.url.path(), expected_path);
    assert_eq!(request.url.query(), expected_query);
    assert_common_headers(request);
    assert_eq!(header(request, "idempotency-key"), None, "idempotency-key");
    assert_eq!(header(request, "content-type"), None, "content-type");
    assert!(request.body.is_empty(), "a GET carries no body");
}

/// A POST to `expected_path` (no query) with a generated idempotency key;
/// returns the key.
fn assert_post(request: &wiremock::Request, expected_path: &str) -> String {
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), expected_path);
    assert_eq!(request.url.query(), None);
    assert_common_headers(request);
    let key = header(request, "idempotency-key").expect("a POST carries an idempotency key");
    assert!(is_uuid_v4(key), "idempotency key {key:?} is not a UUID v4");
    key.to_owned()
}

/// A POST whose body is exactly `expected` as JSON, without any `null`.
fn assert_post_json(request: &wiremock::Request, expected_path: &str, expected: &Value) -> String {
    let key = assert_post(request, expected_path);
    assert_eq!(
        header(request, "content-type"),
        Some("application/json"),
        "content-type"
    );
    let sent: Value = serde_json::from_slice(&request.body).expect("the body is JSON");
    assert_eq!(&sent, expected, "request body");
    assert_no_nulls(&sent, "$");
    key
}

/// A POST with no body and no content type.
fn assert_post_without_body(request: &wiremock::Request, expected_path: &str) {
    assert_post(request, expected_path);
    assert_eq!(header(request, "content-type"), None, "content-type");
    assert!(
        request.body.is_empty(),
        "no body expected, got {:?}",
        String::from_utf8_lossy(&request.body)
    );
}

fn metadata(value: &PaymentIntentResponse, key: &str) -> MetadataValue {
    value
        .metadata
        .as_ref()
        .and_then(|entries| entries.get(key))
        .cloned()
        .unwrap_or_else(|| panic!("metadata {key} missing"))
}

/// An optional nullable text field as borrowed text: `None` when absent
/// or `null`, `Some(..)` when set.
fn text(field: &Option<String>) -> Option<&str> {
    field.as_deref()
}

fn status_of(err: &Error) -> Option<u16> {
    err.status().map(|status| status.as_u16())
}

// ---------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------

/// A payment intent as PAY.JP returns it, with every documented field.
fn payment_intent_json(id: &str, status: &str) -> Value {
    json!({
        "id": id,
        "object": "payment_intent",
        "created_at": "2025-08-05T09:00:00Z",
        "updated_at": "2025-08-05T18:05:30+09:00",
        "livemode": false,
        "amount": 1000,
        "amount_capturable": null,
        "amount_received": null,
        "client_secret": format!("{id}_secret_Zx9Qk2LmP7"),
        "confirmation_method": "automatic",
        "customer": null,
        "description": "Order #1001",
        "metadata": {"order_id": "ord_1001", "items": 3, "gift": true},
        "payment_method": null,
        "payment_method_options": {"card": {"request_three_d_secure": "automatic"}},
        "payment_method_types": ["card", "paypay"],
        "receipt_email": null,
        "status": status,
        "next_action": null,
        "return_url": null,
        "capture_method": "manual"
    })
}

fn payment_intent_list_json() -> Value {
    let mut second = payment_intent_json("pi_0002", "succeeded");
    second["amount_received"] = json!(1000);
    second["capture_method"] = json!("automatic_async");
    json!({
        "object": "list",
        "url": "/v2/payment_intents",
        "has_more": true,
        "data": [payment_intent_json("pi_0001", "requires_payment_method"), second]
    })
}

fn ok_json(body: &Value) -> ResponseTemplate {
    ResponseTemplate::new(200)
        .set_body_json(body)
        .insert_header("x-request-id", "req_ok_0001")
}

fn problem(status: u16, body: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_raw(body.as_bytes().to_vec(), "application/problem+json")
}

fn card_payment_method() -> PaymentMethodCardCreateRequest {
    PaymentMethodCardCreateRequest::new(
        PaymentMethodBillingDetailsRequest::new()
            .name("Taro Yamada")
            .email("taro.yamada@example.com")
            .address(
                PaymentMethodBillingAddressRequest::new()
                    .country("JP")
                    .zip("150-0002")
                    .state("Tokyo")
                    .city("Shibuya-ku")
                    .line1("2-21-1 Shibuya")
                    .line2("Hikarie 11F"),
            ),
        PaymentMethodCreateCardDetailsRequest::new(PaymentMethodCreateCardDetailsRequestRequired {
            number: CARD_NUMBER.into(),
            exp_month: 12,
            exp_year: 2030,
            cvc: CARD_CVC.into(),
        }),
    )
}

fn card_payment_method_json() -> Value {
    json!({
        "type": "card",
        "billing_details": {
            "name": "Taro Yamada",
            "email": "taro.yamada@example.com",
            "address": {
                "country": "JP",
                "zip": "150-0002",
                "state": "Tokyo",
                "city": "Shibuya-ku",
                "line1": "2-21-1 Shibuya",
                "line2": "Hikarie 11F"
            }
        },
        "card": {"number": CARD_NUMBER, "exp_month": 12, "exp_year": 2030, "cvc": CARD_CVC}
    })
}

fn card_options() -> PaymentMethodOptionsRequest {
    PaymentMethodOptionsRequest::new(
        PaymentMethodOptionsCardRequest::new()
            .request_three_d_secure(PaymentMethodOptionsCardRequestThreeDSecure::Any)
            .request_extended_authorization(
                PaymentMethodOptionsCardRequestExtendedAuthorization::IfAvailable,
            )
            .setup_future_usage(PaymentMethodOptionsCardRequestSetupFutureUsage::OffSession),
    )
}

fn card_create_request() -> PaymentIntentCreateRequest {
    PaymentIntentCreateRequest::new(1000)
        .confirm(true)
        .capture_method(CaptureMethod::Manual)
        .customer("cus_8f3a2b")
        .description("Order #1001")
        .receipt_email("taro.yamada@example.com")
        .return_url("https://shop.example.com/checkout/complete")
        .payment_method_types([PaymentMethodTypes::Card])
        .payment_method_data(card_payment_method())
        .payment_method_options(card_options())
        .metadata([
            ("order_id", MetadataValue::from("ord_1001")),
            ("items", MetadataValue::from(3_i64)),
            ("gift", MetadataValue::from(true)),
        ])
}

// ---------------------------------------------------------------------------
// The exact requests of each operation, and their decoded answers
// ---------------------------------------------------------------------------

#[tokio::test]
async fn get_all_sends_limit_and_offset_and_decodes_the_page() {
    let server = MockServer::start().await;
    mount(
        &server,
        "GET",
        "/v2/payment_intents",
        ok_json(&payment_intent_list_json()),
    )
    .await;

    let page = within(
        client(&server)
            .get_all_payment_intent()
            .limit(10)
            .offset(20)
            .send(),
    )
    .await
    .expect("the page decodes");

    let request = single_request(&server).await;
    assert_get(&request, "/v2/payment_intents", Some("limit=10&offset=20"));
    assert_eq!(page.object.as_deref(), Some("list"));
    assert_eq!(page.url, "/v2/payment_intents");
    assert!(page.has_more);
    assert_eq!(page.data.len(), 2);
    assert_eq!(page.data[0].id, "pi_0001");
    assert_eq!(
        page.data[0].status,
        PaymentIntentStatus::RequiresPaymentMethod
    );
    assert_eq!(page.data[1].id, "pi_0002");
    assert_eq!(page.data[1].status, PaymentIntentStatus::Succeeded);
    assert_eq!(page.data[1].amount_received, Some(1000));
    assert_eq!(page.data[1].capture_method, CaptureMethod::AutomaticAsync);
}

#[tokio::test]
async fn get_all_without_paging_arguments_sends_no_query() {
    let server = MockServer::start().await;
    mount(
        &server,
        "GET",
        "/v2/payment_intents",
        ok_json(&payment_intent_list_json()),
    )
    .await;

    // `.await` directly (IntoFuture) rather than `.send()`.
    let api = client(&server);
    let page = within(async { api.get_all_payment_intent().await })
        .await
        .expect("the page decodes");

    assert_get(&single_request(&server).await, "/v2/payment_intents", None);
    assert_eq!(page.data.len(), 2);
}

#[tokio::test]
async fn get_all_with_limit_only_sends_only_limit() {
    let server = MockServer::start().await;
    mount(
        &server,
        "GET",
        "/v2/payment_intents",
        ok_json(&payment_intent_list_json()),
    )
    .await;

    within(client(&server).get_all_payment_intent().limit(100).send())
        .await
        .expect("the page decodes");

    assert_get(
        &single_request(&server).await,
        "/v2/payment_intents",
        Some("limit=100"),
    );
}

#[tokio::test]
async fn create_with_card_sends_the_exact_body() {
    let server = MockServer::start().await;
    let mut answer = payment_intent_json("pi_3f9c1e", "requires_capture");
    answer["amount_capturable"] = json!(1000);
    answer["payment_method"] = json!("pm_77ab01");
    answer["customer"] = json!("cus_8f3a2b");
    answer["receipt_email"] = json!("taro.yamada@example.com");
    answer["return_url"] = json!("https://shop.example.com/checkout/complete");
    mount(&server, "POST", "/v2/payment_intents", ok_json(&answer)).await;

    let intent = within(
        client(&server)
            .create_payment_intent(card_create_request())
            .send(),
    )
    .await
    .expect("the payment intent decodes");

    let expected = json!({
        "amount": 1000,
        "confirm": true,
        "capture_method": "manual",
        "customer": "cus_8f3a2b",
        "description": "Order #1001",
        "receipt_email": "taro.yamada@example.com",
        "return_url": "https://shop.example.com/checkout/complete",
        "payment_method_types": ["card"],
        "payment_method_data": card_payment_method_json(),
        "payment_method_options": {
            "card": {
                "request_three_d_secure": "any",
                "request_extended_authorization": "if_available",
                "setup_future_usage": "off_session"
            }
        },
        "metadata": {"order_id": "ord_1001", "items": 3, "gift": true}
    });
    assert_post_json(
        &single_request(&server).await,
        "/v2/payment_intents",
        &expected,
    );

    assert_eq!(intent.id, "pi_3f9c1e");
    assert_eq!(intent.status, PaymentIntentStatus::RequiresCapture);
    assert_eq!(intent.capture_method, CaptureMethod::Manual);
    assert_eq!(intent.amount_capturable, Some(1000));
    assert_eq!(intent.amount_received, None);
    assert_eq!(text(&intent.payment_method), Some("pm_77ab01"));
    assert_eq!(text(&intent.customer), Some("cus_8f3a2b"));
    assert_eq!(
        text(&intent.return_url),
        Some("https://shop.example.com/checkout/complete")
    );
}

#[tokio::test]
async fn create_with_paypay_sends_the_exact_body() {
    let server = MockServer::start().await;
    let mut answer = payment_intent_json("pi_paypay01", "requires_action");
    answer["next_action"] = json!({
        "type": "redirect_to_url",
        "redirect_to_url": {"url": "https://paypay.example/authorize/abc", "return_url": "myapp://done"}
    });
    mount(&server, "POST", "/v2/payment_intents", ok_json(&answer)).await;

    let request = PaymentIntentCreateRequest::new(3980)
        .confirm(true)
        .return_url("myapp://done")
        .payment_method_types([PaymentMethodTypes::Paypay])
        .payment_method_data(
            PaymentMethodPayPayCreateRequest::new()
                .billing_details(PaymentMethodBillingDetailsRequest::new().name("Hanako Sato")),
        );
    let intent = within(client(&server).create_payment_intent(request).send())
        .await
        .expect("the payment intent decodes");

    let expected = json!({
        "amount": 3980,
        "confirm": true,
        "return_url": "myapp://done",
        "payment_method_types": ["paypay"],
        "payment_method_data": {"type": "paypay", "billing_details": {"name": "Hanako Sato"}}
    });
    assert_post_json(
        &single_request(&server).await,
        "/v2/payment_intents",
        &expected,
    );
    assert_eq!(intent.status, PaymentIntentStatus::RequiresAction);
    let Some(next_action) = intent.next_action else {
        panic!("next_action is set, not null: {:?}", intent.next_action);
    };
    assert_eq!(next_action["type"], json!("redirect_to_url"));
}

#[tokio::test]
async fn create_with_only_the_amount_sends_only_the_amount() {
    let server = MockServer::start().await;
    mount(
        &server,
        "POST",
        "/v2/payment_intents",
        ok_json(&payment_intent_json("pi_min", "requires_payment_method")),
    )
    .await;

    within(
        client(&server)
            .create_payment_intent(PaymentIntentCreateRequest::new(500))
            .send(),
    )
    .await
    .expect("the payment intent decodes");

    assert_post_json(
        &single_request(&server).await,
        "/v2/payment_intents",
        &json!({"amount": 500}),
    );
}

#[tokio::test]
async fn retrieve_decodes_every_field() {
    let server = MockServer::start().await;
    mount(
        &server,
        "GET",
        "/v2/payment_intents/pi_3f9c1e",
        ok_json(&payment_intent_json("pi_3f9c1e", "requires_payment_method")),
    )
    .await;

    let intent = within(client(&server).retrieve_payment_intent("pi_3f9c1e").send())
        .await
        .expect("the payment intent decodes");

    assert_get(
        &single_request(&server).await,
        "/v2/payment_intents/pi_3f9c1e",
        None,
    );
    assert_eq!(intent.id, "pi_3f9c1e");
    assert_eq!(intent.object.as_deref(), Some("payment_intent"));
    assert_eq!(intent.created_at.timestamp(), CREATED_AT_UNIX);
    assert_eq!(intent.created_at.to_rfc3339(), "2025-08-05T09:00:00+00:00");
    // `+09:00` on the wire is the same instant in UTC.
    assert_eq!(intent.updated_at.timestamp(), CREATED_AT_UNIX + 330);
    assert_eq!(intent.updated_at.to_rfc3339(), "2025-08-05T09:05:30+00:00");
    assert!(!intent.livemode);
    assert_eq!(intent.amount, 1000);
    assert_eq!(intent.amount_capturable, None);
    assert_eq!(intent.amount_received, None);
    assert_eq!(intent.client_secret, "pi_3f9c1e_secret_Zx9Qk2LmP7");
    assert_eq!(intent.confirmation_method.as_deref(), Some("automatic"));
    // `null` on the wire reads as `None`, as absent would.
    assert_eq!(intent.customer, None);
    assert_eq!(text(&intent.description), Some("Order #1001"));
    assert_eq!(
        metadata(&intent, "order_id"),
        MetadataValue::String("ord_1001".to_owned())
    );
    assert_eq!(metadata(&intent, "items"), MetadataValue::Integer(3));
    assert_eq!(metadata(&intent, "gift"), MetadataValue::Boolean(true));
    assert_eq!(intent.metadata.as_ref().map(BTreeMap::len), Some(3));
    assert_eq!(intent.payment_method, None);
    let Some(options) = &intent.payment_method_options else {
        panic!(
            "payment_method_options is set, not null: {:?}",
            intent.payment_method_options
        );
    };
    assert_eq!(
        Value::Object(options.clone()),
        json!({"card": {"request_three_d_secure": "automatic"}})
    );
    assert_eq!(intent.payment_method_types, ["card", "paypay"]);
    assert_eq!(intent.receipt_email, None);
    assert_eq!(intent.status, PaymentIntentStatus::RequiresPaymentMethod);
    assert_eq!(intent.status.as_str(), "requires_payment_method");
    assert_eq!(intent.next_action, None);
    assert_eq!(intent.return_url, None);
    assert_eq!(intent.capture_method, CaptureMethod::Manual);
}

#[tokio::test]
async fn update_with_paypay_and_metadata_sends_the_exact_body() {
    let server = MockServer::start().await;
    let mut answer = payment_intent_json("pi_3f9c1e", "requires_confirmation");
    answer["amount"] = json!(1500);
    mount(
        &server,
        "POST",
        "/v2/payment_intents/pi_3f9c1e",
        ok_json(&answer),
    )
    .await;

    let update = PaymentIntentUpdateRequest::new()
        .amount(1500)
        .description("Order #1001 (gift wrap added)")
        .payment_method_data(
            PaymentMethodPayPayCreateRequest::new().metadata([("source", "mobile_app")]),
        )
        .payment_method_types([PaymentMethodTypes::Paypay, PaymentMethodTypes::Card])
        .metadata([
            ("order_id", MetadataValue::from("ord_1001")),
            ("items", MetadataValue::from(4_i64)),
            ("gift", MetadataValue::from(false)),
        ]);
    let intent = within(
        client(&server)
            .update_payment_intent("pi_3f9c1e", update)
            .send(),
    )
    .await
    .expect("the payment intent decodes");

    let expected = json!({
        "amount": 1500,
        "description": "Order #1001 (gift wrap added)",
        "payment_method_data": {"type": "paypay", "metadata": {"source": "mobile_app"}},
        "payment_method_types": ["paypay", "card"],
        "metadata": {"order_id": "ord_1001", "items": 4, "gift": false}
    });
    assert_post_json(
        &single_request(&server).await,
        "/v2/payment_intents/pi_3f9c1e",
        &expected,
    );
    assert_eq!(intent.amount, 1500);
    assert_eq!(intent.status, PaymentIntentStatus::RequiresConfirmation);
}

#[tokio::test]
async fn update_with_nothing_set_sends_an_empty_object() {
    let server = MockServer::start().await;
    mount(
        &server,
        "POST",
        "/v2/payment_intents/pi_3f9c1e",
        ok_json(&payment_intent_json("pi_3f9c1e", "requires_payment_method")),
    )
    .await;

    within(
        client(&server)
            .update_payment_intent("pi_3f9c1e", PaymentIntentUpdateRequest::new())
            .send(),
    )
    .await
    .expect("the payment intent decodes");

    assert_post_json(
        &single_request(&server).await,
        "/v2/payment_intents/pi_3f9c1e",
        &json!({}),
    );
}

#[tokio::test]
async fn confirm_without_a_body_sends_no_body() {
    let server = MockServer::start().await;
    mount(
        &server,
        "POST",
        "/v2/payment_intents/pi_3f9c1e/confirm",
        ok_json(&payment_intent_json("pi_3f9c1e", "processing")),
    )
    .await;

    let intent = within(client(&server).confirm_payment_intent("pi_3f9c1e").send())
        .await
        .expect("the payment intent decodes");

    assert_post_without_body(
        &single_request(&server).await,
        "/v2/payment_intents/pi_3f9c1e/confirm",
    );
    assert_eq!(intent.status, PaymentIntentStatus::Processing);
}

#[tokio::test]
async fn confirm_with_a_card_body_sends_the_exact_body() {
    let server = MockServer::start().await;
    mount(
        &server,
        "POST",
        "/v2/payment_intents/pi_3f9c1e/confirm",
        ok_json(&payment_intent_json("pi_3f9c1e", "succeeded")),
    )
    .await;

    let body = PaymentIntentConfirmRequest::new()
        .payment_method_data(card_payment_method())
        .payment_method_options(card_options())
        .payment_method_types([PaymentMethodTypes::Card])
        .capture_method(CaptureMethod::Automatic)
        .return_url("https://shop.example.com/checkout/complete");
    let intent = within(
        client(&server)
            .confirm_payment_intent("pi_3f9c1e")
            .body(body)
            .send(),
    )
    .await
    .expect("the payment intent decodes");

    let expected = json!({
        "payment_method_data": card_payment_method_json(),
        "payment_method_options": {
            "card": {
                "request_three_d_secure": "any",
                "request_extended_authorization": "if_available",
                "setup_future_usage": "off_session"
            }
        },
        "payment_method_types": ["card"],
        "capture_method": "automatic",
        "return_url": "https://shop.example.com/checkout/complete"
    });
    assert_post_json(
        &single_request(&server).await,
        "/v2/payment_intents/pi_3f9c1e/confirm",
        &expected,
    );
    assert_eq!(intent.status, PaymentIntentStatus::Succeeded);
}

#[tokio::test]
async fn capture_with_an_amount_sends_the_exact_body() {
    let server = MockServer::start().await;
    let mut answer = payment_intent_json("pi_3f9c1e", "succeeded");
    answer["amount_received"] = json!(800);
    answer["amount_capturable"] = json!(0);
    mount(
        &server,
        "POST",
        "/v2/payment_intents/pi_3f9c1e/capture",
        ok_json(&answer),
    )
    .await;

    let intent = within(
        client(&server)
            .capture_payment_intent("pi_3f9c1e")
            .body(PaymentIntentCaptureRequest::new().amount_to_capture(800))
            .send(),
    )
    .await
    .expect("the payment intent decodes");

    assert_post_json(
        &single_request(&server).await,
        "/v2/payment_intents/pi_3f9c1e/capture",
        &json!({"amount_to_capture": 800}),
    );
    assert_eq!(intent.status, PaymentIntentStatus::Succeeded);
    assert_eq!(intent.amount_received, Some(800));
    assert_eq!(intent.amount_capturable, Some(0));
}

#[tokio::test]
async fn capture_without_a_body_sends_no_body() {
    let server = MockServer::start().await;
    mount(
        &server,
        "POST",
        "/v2/payment_intents/pi_3f9c1e/capture",
        ok_json(&payment_intent_json("pi_3f9c1e", "succeeded")),
    )
    .await;

    within(client(&server).capture_payment_intent("pi_3f9c1e").send())
        .await
        .expect("the payment intent decodes");

    assert_post_without_body(
        &single_request(&server).await,
        "/v2/payment_intents/pi_3f9c1e/capture",
    );
}

#[tokio::test]
async fn cancel_with_a_reason_sends_the_exact_body() {
    let server = MockServer::start().await;
    mount(
        &server,
        "POST",
        "/v2/payment_intents/pi_3f9c1e/cancel",
        ok_json(&payment_intent_json("pi_3f9c1e", "canceled")),
    )
    .await;

    let intent = within(
        client(&server)
            .cancel_payment_intent("pi_3f9c1e")
            .body(PaymentIntentCancelRequest::new().cancellation_reason("requested_by_customer"))
            .send(),
    )
    .await
    .expect("the payment intent decodes");

    assert_post_json(
        &single_request(&server).await,
        "/v2/payment_intents/pi_3f9c1e/cancel",
        &json!({"cancellation_reason": "requested_by_customer"}),
    );
    assert_eq!(intent.status, PaymentIntentStatus::Canceled);
}

#[tokio::test]
async fn cancel_without_a_body_sends_no_body() {
    let server = MockServer::start().await;
    mount(
        &server,
        "POST",
        "/v2/payment_intents/pi_3f9c1e/cancel",
        ok_json(&payment_intent_json("pi_3f9c1e", "canceled")),
    )
    .await;

    within(client(&server).cancel_payment_intent("pi_3f9c1e").send())
        .await
        .expect("the payment intent decodes");

    assert_post_without_body(
        &single_request(&server).await,
        "/v2/payment_intents/pi_3f9c1e/cancel",
    );
}

#[tokio::test]
async fn increment_authorization_sends_the_exact_body() {
    let server = MockServer::start().await;
    let mut answer = payment_intent_json("pi_3f9c1e", "requires_capture");
    answer["amount"] = json!(1500);
    answer["amount_capturable"] = json!(1500);
    mount(
        &server,
        "POST",
        "/v2/payment_intents/pi_3f9c1e/increment_authorization",
        ok_json(&answer),
    )
    .await;

    let intent = within(
        client(&server)
            .increment_authorization_payment_intent(
                "pi_3f9c1e",
                PaymentIntentIncrementAuthorizationRequest::new(1500)
                    .description("Added express shipping"),
            )
            .send(),
    )
    .await
    .expect("the payment intent decodes");

    assert_post_json(
        &single_request(&server).await,
        "/v2/payment_intents/pi_3f9c1e/increment_authorization",
        &json!({"amount": 1500, "description": "Added express shipping"}),
    );
    assert_eq!(intent.amount, 1500);
    assert_eq!(intent.amount_capturable, Some(1500));
}

#[tokio::test]
async fn increment_authorization_with_only_the_amount_sends_only_the_amount() {
    let server = MockServer::start().await;
    mount(
        &server,
        "POST",
        "/v2/payment_intents/pi_3f9c1e/increment_authorization",
        ok_json(&payment_intent_json("pi_3f9c1e", "requires_capture")),
    )
    .await;

    within(
        client(&server)
            .increment_authorization_payment_intent(
                "pi_3f9c1e",
                PaymentIntentIncrementAuthorizationRequest::new(2000),
            )
            .send(),
    )
    .await
    .expect("the payment intent decodes");

    assert_post_json(
        &single_request(&server).await,
        "/v2/payment_intents/pi_3f9c1e/increment_authorization",
        &json!({"amount": 2000}),
    );
}

// ---------------------------------------------------------------------------
// Headers set per request
// ---------------------------------------------------------------------------

#[tokio::test]
async fn idempotency_keys_are_fresh_per_request_and_a_callers_key_wins() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v2/payment_intents"))
        .respond_with(ok_json(&payment_intent_json(
            "pi_idem",
            "requires_payment_method",
        )))
        .expect(3)
        .mount(&server)
        .await;

    let api = client(&server);
    for _ in 0..2 {
        within(
            api.create_payment_intent(PaymentIntentCreateRequest::new(1000))
                .send(),
        )
        .await
        .expect("the payment intent decodes");
    }
    within(
        api.create_payment_intent(PaymentIntentCreateRequest::new(1000))
            .idempotency_key("order-1001-attempt-1")
            .header("x-trace-id", "trace-42")
            .send(),
    )
    .await
    .expect("the payment intent decodes");

    let requests = server
        .received_requests()
        .await
        .expect("request recording is on");
    assert_eq!(requests.len(), 3);
    let first = assert_post_json(
        &requests[0],
        "/v2/payment_intents",
        &json!({"amount": 1000}),
    );
    let second = assert_post_json(
        &requests[1],
        "/v2/payment_intents",
        &json!({"amount": 1000}),
    );
    assert_ne!(first, second, "each request gets a fresh key");
    assert_eq!(
        header(&requests[2], "idempotency-key"),
        Some("order-1001-attempt-1")
    );
    assert_eq!(header(&requests[2], "x-trace-id"), Some("trace-42"));
    assert_common_headers(&requests[2]);
}

// ---------------------------------------------------------------------------
// Robust decoding
// ---------------------------------------------------------------------------

#[tokio::test]
async fn unknown_status_and_extra_fields_decode() {
    let server = MockServer::start().await;
    let mut answer = payment_intent_json("pi_future", "requires_reauthorization");
    answer["capture_method"] = json!("deferred");
    answer["latest_charge"] = json!("ch_9z8y7x");
    answer["payment_method_configuration_details"] = json!({"id": "pmc_1", "parent": null});
    answer["metadata"] = json!({"ratio": 1.5, "plan": "gold"});
    mount(
        &server,
        "GET",
        "/v2/payment_intents/pi_future",
        ok_json(&answer),
    )
    .await;

    let intent = within(client(&server).retrieve_payment_intent("pi_future").send())
        .await
        .expect("unknown values and fields do not break decoding");

    assert_eq!(
        intent.status,
        PaymentIntentStatus::Unknown("requires_reauthorization".to_owned())
    );
    assert_eq!(intent.status.as_str(), "requires_reauthorization");
    assert_eq!(
        intent.capture_method,
        CaptureMethod::Unknown("deferred".to_owned())
    );
    assert_eq!(
        metadata(&intent, "ratio"),
        MetadataValue::Unknown(json!(1.5))
    );
    assert_eq!(
        metadata(&intent, "plan"),
        MetadataValue::String("gold".to_owned())
    );
}

#[tokio::test]
async fn missing_optional_fields_decode_as_none() {
    let server = MockServer::start().await;
    let answer = json!({
        "id": "pi_lean",
        "created_at": "2025-08-05T09:00:00Z",
        "updated_at": "2025-08-05T09:00:00Z",
        "livemode": true,
        "amount": 50,
        "amount_capturable": null,
        "amount_received": null,
        "client_secret": "pi_lean_secret_abc",
        "confirmation_method": null,
        "payment_method_types": [],
        "status": "requires_payment_method",
        "capture_method": "automatic"
    });
    mount(
        &server,
        "GET",
        "/v2/payment_intents/pi_lean",
        ok_json(&answer),
    )
    .await;

    let intent = within(client(&server).retrieve_payment_intent("pi_lean").send())
        .await
        .expect("a body with only the required fields decodes");

    assert_eq!(intent.object, None);
    assert_eq!(intent.metadata, None);
    assert_eq!(intent.customer, None);
    assert_eq!(intent.description, None);
    assert_eq!(intent.payment_method_options, None);
    assert_eq!(intent.next_action, None);
    assert_eq!(intent.confirmation_method, None);
    assert!(intent.payment_method_types.is_empty());
    assert!(intent.livemode);
    assert_eq!(intent.amount, 50);
    assert_eq!(intent.created_at.timestamp(), CREATED_AT_UNIX);
}

#[test]
fn absent_and_null_optional_fields_are_told_apart_and_reencode_as_received() {
    // Every optional nullable property of the response `null`, then absent,
    // then set: each decodes to its own value and encodes back to the very
    // same JSON (timestamps in the `Z` form chrono writes).
    let nullable = [
        "customer",
        "description",
        "payment_method",
        "payment_method_options",
        "receipt_email",
        "next_action",
        "return_url",
    ];
    let mut with_nulls = payment_intent_json("pi_nulls", "requires_payment_method");
    with_nulls["updated_at"] = json!("2025-08-05T09:05:30Z");
    for name in nullable {
        with_nulls[name] = Value::Null;
    }
    let mut without = with_nulls.clone();
    for name in nullable {
        without
            .as_object_mut()
            .expect("an object")
            .remove(name)
            .expect("the field was there");
    }
    let mut with_values = with_nulls.clone();
    with_values["customer"] = json!("cus_8f3a2b");
    with_values["description"] = json!("Order #1001");
    with_values["payment_method"] = json!("pm_77ab01");
    with_values["payment_method_options"] = json!({"card": {"request_three_d_secure": "any"}});
    with_values["receipt_email"] = json!("taro.yamada@example.com");
    with_values["next_action"] = json!({"type": "redirect_to_url"});
    with_values["return_url"] = json!("https://shop.example.com/done");

    let decode = |value: &Value| -> PaymentIntentResponse {
        serde_json::from_value(value.clone()).expect("the payment intent decodes")
    };
    let nulls = decode(&with_nulls);
    let absent = decode(&without);
    let set = decode(&with_values);

    assert_eq!(nulls.customer, None);
    assert_eq!(nulls.description, None);
    assert_eq!(nulls.payment_method, None);
    assert_eq!(nulls.payment_method_options, None);
    assert_eq!(nulls.receipt_email, None);
    assert_eq!(nulls.next_action, None);
    assert_eq!(nulls.return_url, None);

    assert_eq!(absent.customer, None);
    assert_eq!(absent.description, None);
    assert_eq!(absent.payment_method, None);
    assert_eq!(absent.payment_method_options, None);
    assert_eq!(absent.receipt_email, None);
    assert_eq!(absent.next_action, None);
    assert_eq!(absent.return_url, None);
    assert_eq!(nulls, absent, "absent and null read the same: `None`");

    assert_eq!(text(&set.customer), Some("cus_8f3a2b"));
    assert_eq!(text(&set.description), Some("Order #1001"));
    assert_eq!(text(&set.payment_method), Some("pm_77ab01"));
    assert_eq!(text(&set.receipt_email), Some("taro.yamada@example.com"));
    assert_eq!(text(&set.return_url), Some("https://shop.example.com/done"));
    let Some(next_action) = &set.next_action else {
        panic!("next_action is set, not null: {:?}", set.next_action);
    };
    assert_eq!(next_action["type"], json!("redirect_to_url"));

    // Re-encoding gives the JSON received, except that the optional
    // fields received as `null` come back absent.
    for (decoded, expected) in [
        (&nulls, &without),
        (&absent, &without),
        (&set, &with_values),
    ] {
        let encoded = serde_json::to_value(decoded).expect("the payment intent encodes");
        assert_eq!(&encoded, expected, "re-encoding changed the JSON");
    }
}

#[test]
fn absent_and_null_problem_fields_read_as_none_and_reencode_absent() {
    let with_nulls = json!({
        "type": "https://pay.jp/docs/api/#error-not-found",
        "title": "Not Found",
        "status": 404,
        "detail": null,
        "instance": null,
        "errors": null
    });
    let without = json!({
        "type": "https://pay.jp/docs/api/#error-not-found",
        "title": "Not Found",
        "status": 404
    });
    for original in [&with_nulls, &without] {
        let decoded: payjp_v2::models::ErrorResponse =
            serde_json::from_value(original.clone()).expect("the problem decodes");
        assert_eq!(decoded.detail, None, "detail in {original}");
        assert_eq!(decoded.instance, None, "instance in {original}");
        assert_eq!(decoded.errors, None, "errors in {original}");
        // The optional fields received as `null` come back absent.
        let encoded = serde_json::to_value(&decoded).expect("the problem encodes");
        assert_eq!(encoded, without, "re-encoding {original}");
    }
}

// ---------------------------------------------------------------------------
// Error responses
// ---------------------------------------------------------------------------

#[tokio::test]
async fn problem_400_decodes_into_api_error() {
    let server = MockServer::start().await;
    let body = r#"{"type":"https://pay.jp/docs/api/#error-invalid-status","title":"Bad Request","status":400,"detail":"This payment intent is not in status requires_capture.","instance":"/v2/payment_intents/pi_3f9c1e/capture"}"#;
    mount(
        &server,
        "POST",
        "/v2/payment_intents/pi_3f9c1e/capture",
        problem(400, body).insert_header("request-id", "req_400_b7"),
    )
    .await;

    let err = within(client(&server).capture_payment_intent("pi_3f9c1e").send())
        .await
        .expect_err("a 400 is an error");

    assert_eq!(status_of(&err), Some(400));
    assert_eq!(err.request_id(), Some("req_400_b7"));
    let Error::Api(api) = err else {
        panic!("expected Error::Api, got {err:?}");
    };
    assert_eq!(api.status.as_u16(), 400);
    assert_eq!(&api.body[..], body.as_bytes());
    assert_eq!(api.request_id.as_deref(), Some("req_400_b7"));
    assert_eq!(
        api.error.r#type,
        "https://pay.jp/docs/api/#error-invalid-status"
    );
    assert_eq!(api.error.title, "Bad Request");
    assert_eq!(api.error.status, 400);
    assert_eq!(
        text(&api.error.detail),
        Some("This payment intent is not in status requires_capture.")
    );
    assert_eq!(
        text(&api.error.instance),
        Some("/v2/payment_intents/pi_3f9c1e/capture")
    );
    // Absent from the body: `None`.
    assert_eq!(api.error.errors, None);
}

#[tokio::test]
async fn problem_404_decodes_into_api_error() {
    let server = MockServer::start().await;
    let body = r#"{"type":"https://pay.jp/docs/api/#error-not-found","title":"Not Found","status":404,"detail":"No such payment_intent: pi_missing","instance":null,"errors":null}"#;
    mount(
        &server,
        "GET",
        "/v2/payment_intents/pi_missing",
        problem(404, body).insert_header("x-request-id", "req_404_a1"),
    )
    .await;

    let err = within(client(&server).retrieve_payment_intent("pi_missing").send())
        .await
        .expect_err("a 404 is an error");

    assert_eq!(status_of(&err), Some(404));
    assert_eq!(err.request_id(), Some("req_404_a1"));
    let details = err.api_error().expect("the body decodes as a problem");
    assert_eq!(details.title, "Not Found");
    assert_eq!(details.status, 404);
    assert_eq!(
        text(&details.detail),
        Some("No such payment_intent: pi_missing")
    );
    // `null` in the body reads as `None`, as absent would.
    assert_eq!(details.instance, None);
    assert_eq!(details.errors, None);
    let Error::Api(api) = err else {
        panic!("expected Error::Api, got {err:?}");
    };
    assert_eq!(api.status.as_u16(), 404);
    assert_eq!(&api.body[..], body.as_bytes());
    assert_eq!(api.request_id.as_deref(), Some("req_404_a1"));
}

#[tokio::test]
async fn problem_422_with_field_errors_decodes_into_api_error() {
    let server = MockServer::start().await;
    let body = r#"{
  "type": "https://pay.jp/docs/api/#error-validation",
  "title": "Unprocessable Entity",
  "status": 422,
  "detail": "The request body failed validation.",
  "instance": "/v2/payment_intents",
  "errors": [
    {"field": "amount", "message": "must be greater than or equal to 50"},
    {"field": "payment_method_data.card.number", "message": "is invalid", "code": "invalid_number"}
  ]
}"#;
    mount(
        &server,
        "POST",
        "/v2/payment_intents",
        problem(422, body).insert_header("x-request-id", "req_422_c3"),
    )
    .await;

    let err = within(
        client(&server)
            .create_payment_intent(PaymentIntentCreateRequest::new(10))
            .send(),
    )
    .await
    .expect_err("a 422 is an error");

    let Error::Api(api) = err else {
        panic!("expected Error::Api, got {err:?}");
    };
    assert_eq!(api.status.as_u16(), 422);
    assert_eq!(&api.body[..], body.as_bytes());
    assert_eq!(api.request_id.as_deref(), Some("req_422_c3"));
    assert_eq!(
        api.error.r#type,
        "https://pay.jp/docs/api/#error-validation"
    );
    assert_eq!(api.error.title, "Unprocessable Entity");
    assert_eq!(api.error.status, 422);
    assert_eq!(
        text(&api.error.detail),
        Some("The request body failed validation.")
    );
    assert_eq!(text(&api.error.instance), Some("/v2/payment_intents"));
    let field_error = |pairs: &[(&str, &str)]| -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    };
    assert_eq!(
        api.error.errors,
        Some(vec![
            field_error(&[
                ("field", "amount"),
                ("message", "must be greater than or equal to 50")
            ]),
            field_error(&[
                ("field", "payment_method_data.card.number"),
                ("message", "is invalid"),
                ("code", "invalid_number")
            ]),
        ])
    );
}

#[tokio::test]
async fn problem_422_on_a_listing_decodes_into_api_error() {
    let server = MockServer::start().await;
    let body = r#"{"type":"https://pay.jp/docs/api/#error-validation","title":"Unprocessable Entity","status":422,"errors":[{"field":"limit","message":"must be less than or equal to 100"}]}"#;
    mount(&server, "GET", "/v2/payment_intents", problem(422, body)).await;

    let err = within(client(&server).get_all_payment_intent().limit(1000).send())
        .await
        .expect_err("a 422 is an error");

    assert_get(
        &single_request(&server).await,
        "/v2/payment_intents",
        Some("limit=1000"),
    );
    assert_eq!(status_of(&err), Some(422));
    assert_eq!(err.request_id(), None);
    let Error::Api(api) = err else {
        panic!("expected Error::Api, got {err:?}");
    };
    assert_eq!(&api.body[..], body.as_bytes());
    assert_eq!(api.error.detail, None);
    let Some(errors) = &api.error.errors else {
        panic!("errors is set, not null: {:?}", api.error.errors);
    };
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].get("field").map(String::as_str), Some("limit"));
}

#[tokio::test]
async fn error_status_with_a_foreign_json_body_is_unexpected() {
    let server = MockServer::start().await;
    let body = r#"{"message":"Not Found"}"#;
    mount(
        &server,
        "GET",
        "/v2/payment_intents/pi_x",
        ResponseTemplate::new(404).set_body_raw(body.as_bytes().to_vec(), "application/json"),
    )
    .await;

    let err = within(client(&server).retrieve_payment_intent("pi_x").send())
        .await
        .expect_err("a 404 is an error");

    let Error::UnexpectedResponse(unexpected) = err else {
        panic!("expected Error::UnexpectedResponse, got {err:?}");
    };
    assert_eq!(unexpected.status.as_u16(), 404);
    assert_eq!(unexpected.content_type.as_deref(), Some("application/json"));
    assert_eq!(&unexpected.body[..], body.as_bytes());
}

// ---------------------------------------------------------------------------
// Unexpected and undecodable answers
// ---------------------------------------------------------------------------

#[tokio::test]
async fn malformed_json_on_200_is_a_decode_error_keeping_the_body() {
    let server = MockServer::start().await;
    let body = r#"{"id":"pi_3f9c1e","object":"payment_intent","amount":10"#;
    mount(
        &server,
        "GET",
        "/v2/payment_intents/pi_3f9c1e",
        ResponseTemplate::new(200)
            .set_body_raw(body.as_bytes().to_vec(), "application/json")
            .insert_header("x-request-id", "req_trunc_1"),
    )
    .await;

    let err = within(client(&server).retrieve_payment_intent("pi_3f9c1e").send())
        .await
        .expect_err("a truncated body is an error");

    assert_eq!(status_of(&err), Some(200));
    assert_eq!(err.request_id(), Some("req_trunc_1"));
    let Error::Decode(decode) = err else {
        panic!("expected Error::Decode, got {err:?}");
    };
    assert_eq!(decode.status.as_u16(), 200);
    assert_eq!(&decode.body[..], body.as_bytes());
    assert!(decode.source.is_eof() || decode.source.is_syntax());
}

#[tokio::test]
async fn json_of_the_wrong_shape_on_200_is_a_decode_error() {
    let server = MockServer::start().await;
    // A list where a single payment intent is expected.
    let body = serde_json::to_vec(&payment_intent_list_json()).expect("fixture encodes");
    mount(
        &server,
        "GET",
        "/v2/payment_intents/pi_3f9c1e",
        ResponseTemplate::new(200).set_body_raw(body.clone(), "application/json"),
    )
    .await;

    let err = within(client(&server).retrieve_payment_intent("pi_3f9c1e").send())
        .await
        .expect_err("a body of the wrong shape is an error");

    let Error::Decode(decode) = err else {
        panic!("expected Error::Decode, got {err:?}");
    };
    assert_eq!(decode.status.as_u16(), 200);
    assert!(decode.source.is_data(), "{}", decode.source);
    assert_eq!(&decode.body[..], &body[..]);
}

#[tokio::test]
async fn a_wrongly_typed_field_on_200_is_a_decode_error() {
    let server = MockServer::start().await;
    let mut answer = payment_intent_json("pi_3f9c1e", "succeeded");
    answer["amount"] = json!("1000");
    answer["created_at"] = json!(1_754_384_400);
    mount(
        &server,
        "GET",
        "/v2/payment_intents/pi_3f9c1e",
        ok_json(&answer),
    )
    .await;

    let err = within(client(&server).retrieve_payment_intent("pi_3f9c1e").send())
        .await
        .expect_err("a wrongly typed field is an error");

    assert!(matches!(err, Error::Decode(_)), "got {err:?}");
    assert_eq!(status_of(&err), Some(200));
}

#[tokio::test]
async fn an_empty_200_body_is_a_decode_error() {
    let server = MockServer::start().await;
    mount(
        &server,
        "POST",
        "/v2/payment_intents/pi_3f9c1e/cancel",
        ResponseTemplate::new(200),
    )
    .await;

    let err = within(client(&server).cancel_payment_intent("pi_3f9c1e").send())
        .await
        .expect_err("an empty body is an error");

    let Error::Decode(decode) = err else {
        panic!("expected Error::Decode, got {err:?}");
    };
    assert!(decode.body.is_empty());
}

#[tokio::test]
async fn an_undocumented_418_with_text_is_unexpected() {
    let server = MockServer::start().await;
    let body = "I'm a teapot; short and stout.";
    mount(
        &server,
        "GET",
        "/v2/payment_intents",
        ResponseTemplate::new(418)
            .set_body_raw(body.as_bytes().to_vec(), "text/plain; charset=utf-8")
            .insert_header("x-request-id", "req_teapot"),
    )
    .await;

    let err = within(client(&server).get_all_payment_intent().send())
        .await
        .expect_err("a 418 is an error");

    assert_eq!(status_of(&err), Some(418));
    assert_eq!(err.request_id(), Some("req_teapot"));
    assert!(err.api_error().is_none());
    let Error::UnexpectedResponse(unexpected) = err else {
        panic!("expected Error::UnexpectedResponse, got {err:?}");
    };
    assert_eq!(unexpected.status.as_u16(), 418);
    assert_eq!(
        unexpected.content_type.as_deref(),
        Some("text/plain; charset=utf-8")
    );
    assert_eq!(&unexpected.body[..], body.as_bytes());
    assert_eq!(unexpected.request_id.as_deref(), Some("req_teapot"));
}

#[tokio::test]
async fn a_502_html_page_is_unexpected() {
    let server = MockServer::start().await;
    let body = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
    mount(
        &server,
        "POST",
        "/v2/payment_intents",
        ResponseTemplate::new(502).set_body_raw(body.as_bytes().to_vec(), "text/html"),
    )
    .await;

    let err = within(
        client(&server)
            .create_payment_intent(card_create_request())
            .send(),
    )
    .await
    .expect_err("a 502 is an error");

    let Error::UnexpectedResponse(unexpected) = err else {
        panic!("expected Error::UnexpectedResponse, got {err:?}");
    };
    assert_eq!(unexpected.status.as_u16(), 502);
    assert_eq!(unexpected.content_type.as_deref(), Some("text/html"));
    assert_eq!(&unexpected.body[..], body.as_bytes());
    assert_eq!(unexpected.request_id, None);
}

#[tokio::test]
async fn a_302_redirect_is_unexpected_and_not_followed() {
    let server = MockServer::start().await;
    let target = format!("{}/v2/payment_intents/pi_elsewhere", server.uri());
    mount(
        &server,
        "GET",
        "/v2/payment_intents/pi_3f9c1e",
        ResponseTemplate::new(302).insert_header("location", target.as_str()),
    )
    .await;
    Mock::given(method("GET"))
        .and(path("/v2/payment_intents/pi_elsewhere"))
        .respond_with(ok_json(&payment_intent_json("pi_elsewhere", "succeeded")))
        .expect(0)
        .mount(&server)
        .await;

    let err = within(client(&server).retrieve_payment_intent("pi_3f9c1e").send())
        .await
        .expect_err("a redirect is an error");

    let Error::UnexpectedResponse(unexpected) = err else {
        panic!("expected Error::UnexpectedResponse, got {err:?}");
    };
    assert_eq!(unexpected.status.as_u16(), 302);
    assert!(unexpected.body.is_empty());
    assert_get(
        &single_request(&server).await,
        "/v2/payment_intents/pi_3f9c1e",
        None,
    );
}

#[tokio::test]
async fn a_slow_response_times_out_per_request() {
    let server = MockServer::start().await;
    mount(
        &server,
        "GET",
        "/v2/payment_intents/pi_slow",
        ok_json(&payment_intent_json("pi_slow", "succeeded")).set_delay(Duration::from_secs(5)),
    )
    .await;

    let started = Instant::now();
    let err = within(
        client(&server)
            .retrieve_payment_intent("pi_slow")
            .timeout(Duration::from_millis(200))
            .send(),
    )
    .await
    .expect_err("the request times out");
    let elapsed = started.elapsed();

    assert!(err.is_timeout(), "expected a timeout, got {err:?}");
    let Error::Transport(transport) = &err else {
        panic!("expected Error::Transport, got {err:?}");
    };
    assert_eq!(transport.kind, payjp_v2::TransportKind::Timeout);
    assert!(transport.reqwest().is_timeout());
    assert!(
        err.to_string().starts_with("the request timed out: "),
        "{err}"
    );
    assert_eq!(err.status(), None);
    assert_eq!(err.request_id(), None);
    assert!(
        elapsed < Duration::from_secs(3),
        "the 200 ms timeout took {elapsed:?}"
    );
}

// ---------------------------------------------------------------------------
// Paths, response metadata and client settings
// ---------------------------------------------------------------------------

#[tokio::test]
async fn path_parameters_are_percent_encoded() {
    let server = MockServer::start().await;
    mount(
        &server,
        "GET",
        "/v2/payment_intents/pi%2F..%2Fx%3Fy",
        ok_json(&payment_intent_json("pi/../x?y", "succeeded")),
    )
    .await;

    let intent = within(client(&server).retrieve_payment_intent("pi/../x?y").send())
        .await
        .expect("the payment intent decodes");

    assert_get(
        &single_request(&server).await,
        "/v2/payment_intents/pi%2F..%2Fx%3Fy",
        None,
    );
    assert_eq!(intent.id, "pi/../x?y");
}

#[tokio::test]
async fn path_parameters_of_post_operations_are_percent_encoded() {
    let server = MockServer::start().await;
    mount(
        &server,
        "POST",
        "/v2/payment_intents/pi%20%23frag%26a%3Db/cancel",
        ok_json(&payment_intent_json("pi_weird", "canceled")),
    )
    .await;

    within(client(&server).cancel_payment_intent("pi #frag&a=b").send())
        .await
        .expect("the payment intent decodes");

    assert_post_without_body(
        &single_request(&server).await,
        "/v2/payment_intents/pi%20%23frag%26a%3Db/cancel",
    );
}

#[tokio::test]
async fn send_with_response_exposes_status_and_request_id() {
    let server = MockServer::start().await;
    mount(
        &server,
        "GET",
        "/v2/payment_intents/pi_3f9c1e",
        ResponseTemplate::new(200)
            .set_body_json(payment_intent_json("pi_3f9c1e", "succeeded"))
            .insert_header("x-request-id", "req_7d1e2f"),
    )
    .await;

    let response = within(
        client(&server)
            .retrieve_payment_intent("pi_3f9c1e")
            .send_with_response(),
    )
    .await
    .expect("the payment intent decodes");

    assert_eq!(response.status.as_u16(), 200);
    assert_eq!(response.request_id.as_deref(), Some("req_7d1e2f"));
    assert_eq!(
        response
            .headers
            .get("x-request-id")
            .and_then(|value| value.to_str().ok()),
        Some("req_7d1e2f")
    );
    assert_eq!(response.data.id, "pi_3f9c1e");
    assert_eq!(response.data.status, PaymentIntentStatus::Succeeded);
}

#[tokio::test]
async fn send_with_response_falls_back_to_the_request_id_header() {
    let server = MockServer::start().await;
    mount(
        &server,
        "POST",
        "/v2/payment_intents/pi_3f9c1e/confirm",
        ResponseTemplate::new(200)
            .set_body_json(payment_intent_json("pi_3f9c1e", "succeeded"))
            .insert_header("request-id", "req_fallback_9"),
    )
    .await;

    let response = within(
        client(&server)
            .confirm_payment_intent("pi_3f9c1e")
            .send_with_response(),
    )
    .await
    .expect("the payment intent decodes");

    assert_eq!(response.status.as_u16(), 200);
    assert_eq!(response.request_id.as_deref(), Some("req_fallback_9"));
}

#[tokio::test]
async fn a_base_url_with_a_trailing_slash_gives_clean_paths() {
    let server = MockServer::start().await;
    mount(
        &server,
        "GET",
        "/v2/payment_intents",
        ok_json(&payment_intent_list_json()),
    )
    .await;

    let api = Client::builder()
        .api_key(API_KEY)
        .base_url(format!("{}/", server.uri()))
        .build()
        .expect("the client builds");
    within(api.get_all_payment_intent().send())
        .await
        .expect("the page decodes");

    assert_get(&single_request(&server).await, "/v2/payment_intents", None);
}

#[tokio::test]
async fn invalid_settings_are_refused_before_anything_is_sent() {
    assert_eq!(
        Client::new("sk_test_123")
            .expect("the client builds")
            .base_url(),
        "https://api.pay.jp"
    );
    let err = Client::builder()
        .api_key(API_KEY)
        .base_url("ftp://api.pay.jp")
        .build()
        .expect_err("a non-HTTP base URL is refused");
    assert!(matches!(err, Error::InvalidRequest(_)), "got {err:?}");
    let err = Client::new("sk_test_123\r\nX-Injected: 1")
        .expect_err("a key with a line break is refused");
    assert!(matches!(err, Error::InvalidRequest(_)), "got {err:?}");
    assert!(!format!("{err}").contains("X-Injected"), "{err}");

    let server = MockServer::start().await;
    let err = within(
        client(&server)
            .retrieve_payment_intent("pi_3f9c1e")
            .header("x-note", "line\nbreak")
            .send(),
    )
    .await
    .expect_err("a header value with a line break is refused");
    assert!(matches!(err, Error::InvalidRequest(_)), "got {err:?}");
    let requests = server
        .received_requests()
        .await
        .expect("request recording is on");
    assert!(requests.is_empty(), "nothing may be sent: {requests:?}");
}

// ---------------------------------------------------------------------------
// Secrets stay out of Debug output
// ---------------------------------------------------------------------------

#[test]
fn client_debug_hides_the_api_key() {
    let api = Client::builder()
        .api_key("sk_live_5up3rS3cr3tK3y")
        .base_url("http://127.0.0.1:9")
        .build()
        .expect("the client builds");
    let debug = format!("{api:?}");
    assert!(!debug.contains("5up3rS3cr3tK3y"), "{debug}");
    assert!(debug.contains("api_key: Some(\"[redacted]\")"), "{debug}");
    let pretty = format!("{api:#?}");
    assert!(!pretty.contains("5up3rS3cr3tK3y"), "{pretty}");
    let debug = format!("{:?}", Client::builder().api_key("sk_live_5up3rS3cr3tK3y"));
    assert!(!debug.contains("5up3rS3cr3tK3y"), "{debug}");
    // Without a key the field says so, still without a value.
    let none = Client::builder()
        .base_url("http://127.0.0.1:9")
        .build()
        .expect("the client builds");
    assert!(format!("{none:?}").contains("api_key: None"), "{none:?}");
}

#[test]
fn create_request_debug_hides_the_card_number_and_cvc() {
    let request = card_create_request();
    let debug = format!("{request:?}");
    assert!(!debug.contains(CARD_NUMBER), "{debug}");
    assert!(!debug.contains(&format!("\"{CARD_CVC}\"")), "{debug}");
    assert!(debug.contains("number: [redacted]"), "{debug}");
    assert!(debug.contains("cvc: [redacted]"), "{debug}");
    let pretty = format!("{request:#?}");
    assert!(!pretty.contains(CARD_NUMBER), "{pretty}");

    // The pending request (client, operation and options) hides them too.
    let api = Client::builder()
        .api_key(API_KEY)
        .base_url("http://127.0.0.1:9")
        .build()
        .expect("the client builds");
    let pending = api.create_payment_intent(request);
    let debug = format!("{pending:#?}");
    assert!(!debug.contains(CARD_NUMBER), "{debug}");
    assert!(!debug.contains(&format!("\"{CARD_CVC}\"")), "{debug}");
    assert!(!debug.contains(API_KEY), "{debug}");
    drop(pending);
}

#[tokio::test]
async fn response_debug_hides_the_client_secret() {
    let server = MockServer::start().await;
    mount(
        &server,
        "GET",
        "/v2/payment_intents",
        ok_json(&payment_intent_list_json()),
    )
    .await;

    let page = within(client(&server).get_all_payment_intent().send())
        .await
        .expect("the page decodes");

    let intent = &page.data[0];
    assert_eq!(intent.client_secret, "pi_0001_secret_Zx9Qk2LmP7");
    for debug in [
        format!("{intent:?}"),
        format!("{intent:#?}"),
        format!("{page:?}"),
    ] {
        assert!(!debug.contains("secret_Zx9Qk2LmP7"), "{debug}");
        assert!(debug.contains("client_secret: [redacted]"), "{debug}");
    }
}
