//! The PaymentIntents lifecycle through the SDK, against the stateful test server.
//!
//! Each test starts its own [`PayjpServer`] (in-memory, on loopback) and
//! drives payment intents through their states with the generated client:
//! confirmation and capture (automatic, manual, partial), cancellation from
//! every state that allows it and refusal from the others, increments of the
//! authorization, problem+json errors (400, 404, 422) decoded as
//! `Error::Api`, paging, and idempotent replays. Every call runs under a
//! 10 s limit.

use std::collections::BTreeSet;
use std::future::IntoFuture;
use std::time::Duration;

// `Client::raw` takes an `http::Method`, which the SDK does not re-export.
use axum::http::Method;
use payjp_v2::models::{
    CaptureMethod, MetadataValue, PaymentIntentCancelRequest, PaymentIntentCaptureRequest,
    PaymentIntentConfirmRequest, PaymentIntentCreateRequest,
    PaymentIntentIncrementAuthorizationRequest, PaymentIntentResponse, PaymentIntentStatus,
    PaymentIntentUpdateRequest, PaymentMethodBillingDetailsRequest, PaymentMethodCardCreateRequest,
    PaymentMethodCreateCardDetailsRequest, PaymentMethodCreateCardDetailsRequestRequired,
    PaymentMethodOptionsCardRequest, PaymentMethodOptionsCardRequestThreeDSecure,
    PaymentMethodOptionsRequest, PaymentMethodPayPayCreateRequest, PaymentMethodTypes,
};
use payjp_v2::{Client, Error};
use sdkgen_tests::payjp_server::PayjpServer;

const API_KEY: &str = "sk_test_lifecycle";
/// Upper bound of every network call in this file.
const CALL_LIMIT: Duration = Duration::from_secs(10);

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// A fresh server and a client pointed at it.
async fn start() -> (PayjpServer, Client) {
    let server = PayjpServer::start().await.expect("the test server starts");
    let client = client_with_key(&server, API_KEY);
    (server, client)
}

fn client_with_key(server: &PayjpServer, key: &str) -> Client {
    Client::builder()
        .api_key(key)
        .base_url(server.base_url())
        .timeout(CALL_LIMIT)
        .build()
        .expect("the client builds")
}

/// Runs `future` (or sends a request), failing the test if it takes longer
/// than [`CALL_LIMIT`].
async fn within<F: IntoFuture>(future: F) -> F::Output {
    tokio::time::timeout(CALL_LIMIT, future)
        .await
        .expect("the call did not finish within 10 s")
}

/// The problem body of an `Error::Api` with `status` and `title`.
fn assert_api_error(err: &Error, status: u16, title: &str) {
    let Error::Api(api) = err else {
        panic!("expected Error::Api {status} {title:?}, got {err:?}");
    };
    assert_eq!(api.status.as_u16(), status, "HTTP status of {err}");
    assert_eq!(
        api.error.status,
        i64::from(status),
        "status in the body of {err}"
    );
    assert_eq!(api.error.title, title, "title of {err}");
    assert!(!api.error.r#type.is_empty(), "type of {err}");
    let request_id = api.request_id.as_deref().unwrap_or_default();
    assert!(request_id.starts_with("req_"), "request id of {err}");
}

/// An optional nullable text field as borrowed text: `None` when absent
/// or `null`, `Some(..)` when set.
fn text(field: &Option<String>) -> Option<&str> {
    field.as_deref()
}

fn card() -> PaymentMethodCardCreateRequest {
    PaymentMethodCardCreateRequest::new(
        PaymentMethodBillingDetailsRequest::new()
            .name("Taro Yamada")
            .email("taro.yamada@example.com"),
        PaymentMethodCreateCardDetailsRequest::new(PaymentMethodCreateCardDetailsRequestRequired {
            number: "4242424242424242".into(),
            exp_month: 12,
            exp_year: 2030,
            cvc: "123".into(),
        }),
    )
}

fn paypay() -> PaymentMethodPayPayCreateRequest {
    PaymentMethodPayPayCreateRequest::new()
        .billing_details(PaymentMethodBillingDetailsRequest::new().name("Hanako Sato"))
}

/// An intent paid by card with the given capture method, not confirmed.
fn card_intent(amount: i64, capture: CaptureMethod) -> PaymentIntentCreateRequest {
    PaymentIntentCreateRequest::new(amount)
        .payment_method_data(card())
        .capture_method(capture)
}

async fn create(client: &Client, request: PaymentIntentCreateRequest) -> PaymentIntentResponse {
    within(client.create_payment_intent(request))
        .await
        .expect("the intent is created")
}

async fn confirm(client: &Client, id: &str) -> PaymentIntentResponse {
    within(client.confirm_payment_intent(id))
        .await
        .expect("the intent is confirmed")
}

async fn retrieve(client: &Client, id: &str) -> PaymentIntentResponse {
    within(client.retrieve_payment_intent(id))
        .await
        .expect("the intent is retrieved")
}

/// A manual-capture card intent in `requires_capture`.
async fn authorized(client: &Client, amount: i64) -> PaymentIntentResponse {
    let intent = create(
        client,
        card_intent(amount, CaptureMethod::Manual).confirm(true),
    )
    .await;
    assert_eq!(intent.status, PaymentIntentStatus::RequiresCapture);
    intent
}

/// A PayPay intent waiting for the customer (`requires_action`).
async fn awaiting_action(client: &Client) -> PaymentIntentResponse {
    let request = PaymentIntentCreateRequest::new(2_000)
        .payment_method_data(paypay())
        .return_url("https://shop.example.com/done")
        .confirm(true);
    let intent = create(client, request).await;
    assert_eq!(intent.status, PaymentIntentStatus::RequiresAction);
    intent
}

/// A card intent that went all the way to `succeeded`.
async fn succeeded(client: &Client) -> PaymentIntentResponse {
    let intent = create(
        client,
        card_intent(1_000, CaptureMethod::Automatic).confirm(true),
    )
    .await;
    assert_eq!(intent.status, PaymentIntentStatus::Succeeded);
    intent
}

// ---------------------------------------------------------------------------
// Confirmation and capture
// ---------------------------------------------------------------------------

#[tokio::test]
async fn automatic_capture_goes_from_create_through_confirm_to_succeeded() {
    let (_server, client) = start().await;

    let created = create(
        &client,
        card_intent(1_000, CaptureMethod::Automatic)
            .description("Order #1001")
            .metadata([
                ("order_id", MetadataValue::from("ord_1001")),
                ("items", MetadataValue::from(3_i64)),
                ("gift", MetadataValue::from(true)),
            ]),
    )
    .await;
    assert!(created.id.starts_with("pi_"), "{}", created.id);
    assert!(created
        .client_secret
        .starts_with(&format!("{}_secret_", created.id)));
    assert_eq!(created.object.as_deref(), Some("payment_intent"));
    assert!(!created.livemode);
    assert_eq!(created.status, PaymentIntentStatus::RequiresConfirmation);
    assert_eq!(created.amount, 1_000);
    assert_eq!(created.amount_capturable, None);
    assert_eq!(created.amount_received, None);
    assert_eq!(created.capture_method, CaptureMethod::Automatic);
    let Some(payment_method) = created.payment_method.clone() else {
        panic!("a payment method is attached: {:?}", created.payment_method);
    };
    assert!(payment_method.starts_with("pm_"), "{payment_method}");
    let metadata = created.metadata.clone().expect("metadata is returned");
    assert_eq!(
        metadata["order_id"],
        MetadataValue::String("ord_1001".to_owned())
    );
    assert_eq!(metadata["items"], MetadataValue::Integer(3));
    assert_eq!(metadata["gift"], MetadataValue::Boolean(true));

    let confirmed = confirm(&client, &created.id).await;
    assert_eq!(confirmed.status, PaymentIntentStatus::Succeeded);
    assert_eq!(confirmed.amount_received, Some(1_000));
    assert_eq!(confirmed.amount_capturable, Some(0));
    assert!(confirmed.updated_at >= created.created_at);

    let fetched = retrieve(&client, &created.id).await;
    assert_eq!(fetched, confirmed);
    assert_eq!(fetched.created_at, created.created_at);

    let err = within(client.capture_payment_intent(&created.id))
        .await
        .expect_err("a succeeded intent cannot be captured");
    assert_api_error(&err, 400, "Invalid Status");
}

#[tokio::test]
async fn manual_capture_waits_for_capture_then_captures_everything() {
    let (_server, client) = start().await;

    let created = create(&client, card_intent(5_000, CaptureMethod::Manual)).await;
    let confirmed = confirm(&client, &created.id).await;
    assert_eq!(confirmed.status, PaymentIntentStatus::RequiresCapture);
    assert_eq!(confirmed.capture_method, CaptureMethod::Manual);
    assert_eq!(confirmed.amount_capturable, Some(5_000));
    assert_eq!(confirmed.amount_received, None);

    let captured = within(client.capture_payment_intent(&created.id))
        .await
        .expect("the intent is captured");
    assert_eq!(captured.status, PaymentIntentStatus::Succeeded);
    assert_eq!(captured.amount_received, Some(5_000));
    assert_eq!(captured.amount_capturable, Some(0));
    assert_eq!(retrieve(&client, &created.id).await, captured);
}

#[tokio::test]
async fn partial_capture_sets_amount_received() {
    let (_server, client) = start().await;
    let intent = authorized(&client, 5_000).await;

    let err = within(
        client
            .capture_payment_intent(&intent.id)
            .body(PaymentIntentCaptureRequest::new().amount_to_capture(5_001)),
    )
    .await
    .expect_err("more than the authorization cannot be captured");
    assert_api_error(&err, 422, "Validation Error");

    let captured = within(
        client
            .capture_payment_intent(&intent.id)
            .body(PaymentIntentCaptureRequest::new().amount_to_capture(3_200)),
    )
    .await
    .expect("part of the authorization is captured");
    assert_eq!(captured.status, PaymentIntentStatus::Succeeded);
    assert_eq!(captured.amount, 5_000);
    assert_eq!(captured.amount_received, Some(3_200));
    assert_eq!(captured.amount_capturable, Some(0));

    let err = within(client.capture_payment_intent(&intent.id))
        .await
        .expect_err("a captured intent cannot be captured again");
    assert_api_error(&err, 400, "Invalid Status");
}

#[tokio::test]
async fn create_with_confirm_true_confirms_at_once() {
    let (_server, client) = start().await;

    let paid = succeeded(&client).await;
    assert_eq!(paid.amount_received, Some(1_000));

    let held = authorized(&client, 7_500).await;
    assert_eq!(held.amount_capturable, Some(7_500));

    let redirect = awaiting_action(&client).await;
    let Some(next_action) = redirect.next_action else {
        panic!("PayPay asks for a redirect: {:?}", redirect.next_action);
    };
    assert_eq!(next_action["type"], "redirect_to_url");
    assert_eq!(
        next_action["redirect_to_url"]["return_url"],
        "https://shop.example.com/done"
    );
    assert_eq!(redirect.payment_method_types, ["paypay"]);
}

#[tokio::test]
async fn confirm_accepts_the_payment_method_in_its_body() {
    let (_server, client) = start().await;
    let created = create(&client, PaymentIntentCreateRequest::new(1_200)).await;
    assert_eq!(created.status, PaymentIntentStatus::RequiresPaymentMethod);
    // The server sends `"payment_method": null`, which reads as `None`.
    assert_eq!(created.payment_method, None);

    let options = PaymentMethodOptionsRequest::new(
        PaymentMethodOptionsCardRequest::new()
            .request_three_d_secure(PaymentMethodOptionsCardRequestThreeDSecure::Automatic),
    );
    let confirmed = within(
        client.confirm_payment_intent(&created.id).body(
            PaymentIntentConfirmRequest::new()
                .payment_method_data(card())
                .payment_method_options(options)
                .payment_method_types([PaymentMethodTypes::Card])
                .receipt_email("taro.yamada@example.com"),
        ),
    )
    .await
    .expect("the intent is confirmed");
    assert_eq!(confirmed.status, PaymentIntentStatus::Succeeded);
    assert_eq!(
        text(&confirmed.receipt_email),
        Some("taro.yamada@example.com")
    );
    let Some(options) = confirmed.payment_method_options else {
        panic!(
            "the options are returned: {:?}",
            confirmed.payment_method_options
        );
    };
    assert_eq!(options["card"]["request_three_d_secure"], "automatic");

    // A payment method the server issued can pay another intent by id.
    let Some(method) = confirmed.payment_method else {
        panic!(
            "a payment method is attached: {:?}",
            confirmed.payment_method
        );
    };
    let second = create(&client, PaymentIntentCreateRequest::new(800)).await;
    let second = within(
        client
            .confirm_payment_intent(&second.id)
            .body(PaymentIntentConfirmRequest::new().payment_method(method.as_str())),
    )
    .await
    .expect("the intent is confirmed with a saved payment method");
    assert_eq!(second.status, PaymentIntentStatus::Succeeded);
    assert_eq!(text(&second.payment_method), Some(method.as_str()));

    let err = within(
        client
            .confirm_payment_intent(
                &create(&client, PaymentIntentCreateRequest::new(800))
                    .await
                    .id,
            )
            .body(PaymentIntentConfirmRequest::new().payment_method("pm_unknown")),
    )
    .await
    .expect_err("an unknown payment method is not found");
    assert_api_error(&err, 404, "Not Found");
}

#[tokio::test]
async fn confirm_without_a_payment_method_is_refused() {
    let (_server, client) = start().await;
    let created = create(&client, PaymentIntentCreateRequest::new(1_000)).await;

    let err = within(client.confirm_payment_intent(&created.id))
        .await
        .expect_err("there is nothing to pay with");
    assert_api_error(&err, 400, "Missing Payment Method");
    let unchanged = retrieve(&client, &created.id).await;
    assert_eq!(unchanged.status, PaymentIntentStatus::RequiresPaymentMethod);

    let err =
        within(client.create_payment_intent(PaymentIntentCreateRequest::new(1_000).confirm(true)))
            .await
            .expect_err("create cannot confirm without a payment method");
    assert_api_error(&err, 400, "Missing Payment Method");
}

#[tokio::test]
async fn confirm_is_refused_once_confirmed() {
    let (_server, client) = start().await;
    for intent in [succeeded(&client).await, authorized(&client, 900).await] {
        let err = within(client.confirm_payment_intent(&intent.id))
            .await
            .expect_err("a confirmed intent cannot be confirmed again");
        assert_api_error(&err, 400, "Invalid Status");
    }
}

// ---------------------------------------------------------------------------
// Cancellation
// ---------------------------------------------------------------------------

#[tokio::test]
async fn cancel_is_allowed_from_every_state_before_completion() {
    let (_server, client) = start().await;
    let intents = [
        create(&client, PaymentIntentCreateRequest::new(1_000)).await,
        create(&client, card_intent(1_000, CaptureMethod::Automatic)).await,
        awaiting_action(&client).await,
        authorized(&client, 1_000).await,
    ];
    let expected = [
        PaymentIntentStatus::RequiresPaymentMethod,
        PaymentIntentStatus::RequiresConfirmation,
        PaymentIntentStatus::RequiresAction,
        PaymentIntentStatus::RequiresCapture,
    ];
    for (intent, state) in intents.iter().zip(expected) {
        assert_eq!(intent.status, state);
        let canceled =
            within(client.cancel_payment_intent(&intent.id).body(
                PaymentIntentCancelRequest::new().cancellation_reason("requested_by_customer"),
            ))
            .await
            .unwrap_or_else(|err| panic!("cancel from {state} failed: {err}"));
        assert_eq!(
            canceled.status,
            PaymentIntentStatus::Canceled,
            "from {state}"
        );
        assert_eq!(canceled.next_action, None, "from {state}");
        assert_eq!(canceled.amount_received, None, "from {state}");
    }
}

#[tokio::test]
async fn cancel_is_refused_after_completion() {
    let (_server, client) = start().await;
    let paid = succeeded(&client).await;
    let canceled = create(&client, PaymentIntentCreateRequest::new(1_000)).await;
    within(client.cancel_payment_intent(&canceled.id))
        .await
        .expect("the intent is canceled");

    for (intent, state) in [(paid, "succeeded"), (canceled, "canceled")] {
        let err = within(client.cancel_payment_intent(&intent.id))
            .await
            .expect_err("cancel is refused");
        assert_api_error(&err, 400, "Invalid Status");
        let detail = err
            .api_error()
            .and_then(|body| body.detail.clone())
            .unwrap_or_default();
        assert!(detail.contains(state), "{detail}");
        assert_eq!(retrieve(&client, &intent.id).await.status.as_str(), state);
    }
}

// ---------------------------------------------------------------------------
// Increment authorization and update
// ---------------------------------------------------------------------------

#[tokio::test]
async fn increment_authorization_raises_the_amount_of_an_authorized_intent() {
    let (_server, client) = start().await;
    let intent = authorized(&client, 1_000).await;

    let raised = within(client.increment_authorization_payment_intent(
        &intent.id,
        PaymentIntentIncrementAuthorizationRequest::new(1_500).description("extra item"),
    ))
    .await
    .expect("the authorization is raised");
    assert_eq!(raised.status, PaymentIntentStatus::RequiresCapture);
    assert_eq!(raised.amount, 1_500);
    assert_eq!(raised.amount_capturable, Some(1_500));
    assert_eq!(text(&raised.description), Some("extra item"));

    let err = within(client.increment_authorization_payment_intent(
        &intent.id,
        PaymentIntentIncrementAuthorizationRequest::new(1_200),
    ))
    .await
    .expect_err("an increment must raise the amount");
    assert_api_error(&err, 422, "Validation Error");

    let captured = within(client.capture_payment_intent(&intent.id))
        .await
        .expect("the raised amount is captured");
    assert_eq!(captured.amount_received, Some(1_500));

    let err = within(client.increment_authorization_payment_intent(
        &intent.id,
        PaymentIntentIncrementAuthorizationRequest::new(2_000),
    ))
    .await
    .expect_err("a captured intent cannot be raised");
    assert_api_error(&err, 400, "Invalid Status");
}

#[tokio::test]
async fn update_changes_an_unconfirmed_intent_only() {
    let (_server, client) = start().await;
    let created = create(&client, PaymentIntentCreateRequest::new(1_000)).await;

    let updated = within(
        client.update_payment_intent(
            &created.id,
            PaymentIntentUpdateRequest::new()
                .amount(1_800)
                .description("gift wrap added")
                .payment_method_data(paypay())
                .metadata([
                    ("order_id", MetadataValue::from("ord_2002")),
                    ("items", MetadataValue::from(2_i64)),
                    ("gift", MetadataValue::from(false)),
                ]),
        ),
    )
    .await
    .expect("the intent is updated");
    assert_eq!(updated.amount, 1_800);
    assert_eq!(text(&updated.description), Some("gift wrap added"));
    assert_eq!(updated.status, PaymentIntentStatus::RequiresConfirmation);
    let metadata = updated.metadata.expect("metadata is returned");
    assert_eq!(metadata["gift"], MetadataValue::Boolean(false));
    assert_eq!(metadata.len(), 3);

    let err = within(
        client.update_payment_intent(&created.id, PaymentIntentUpdateRequest::new().amount(49)),
    )
    .await
    .expect_err("amount below 50 is invalid");
    assert_api_error(&err, 422, "Validation Error");

    let paid = succeeded(&client).await;
    let err = within(client.update_payment_intent(
        &paid.id,
        PaymentIntentUpdateRequest::new().description("too late"),
    ))
    .await
    .expect_err("a succeeded intent cannot be updated");
    assert_api_error(&err, 400, "Invalid Status");
}

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

#[tokio::test]
async fn unknown_ids_are_not_found() {
    let (_server, client) = start().await;
    let id = "pi_doesnotexist";
    let results = [
        ("retrieve", within(client.retrieve_payment_intent(id)).await),
        (
            "update",
            within(client.update_payment_intent(id, PaymentIntentUpdateRequest::new().amount(500)))
                .await,
        ),
        ("confirm", within(client.confirm_payment_intent(id)).await),
        ("capture", within(client.capture_payment_intent(id)).await),
        ("cancel", within(client.cancel_payment_intent(id)).await),
        (
            "increment_authorization",
            within(client.increment_authorization_payment_intent(
                id,
                PaymentIntentIncrementAuthorizationRequest::new(5_000),
            ))
            .await,
        ),
    ];
    for (operation, result) in results {
        let err = result.expect_err(operation);
        assert_api_error(&err, 404, "Not Found");
        let detail = err.api_error().and_then(|body| text(&body.detail));
        assert_eq!(
            detail,
            Some("payment_intent: pi_doesnotexist not found."),
            "{operation}"
        );
    }
}

#[tokio::test]
async fn invalid_amounts_and_card_details_are_validation_errors() {
    let (server, client) = start().await;
    for amount in [49, 10_000_000] {
        let err = within(client.create_payment_intent(PaymentIntentCreateRequest::new(amount)))
            .await
            .expect_err("the amount is out of bounds");
        assert_api_error(&err, 422, "Validation Error");
        let errors = err
            .api_error()
            .and_then(|body| body.errors.clone())
            .unwrap_or_default();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0]["field"], "amount");
    }
    for amount in [50, 9_999_999] {
        create(&client, PaymentIntentCreateRequest::new(amount)).await;
    }

    let bad_card = PaymentMethodCardCreateRequest::new(
        PaymentMethodBillingDetailsRequest::new(),
        PaymentMethodCreateCardDetailsRequest::new(PaymentMethodCreateCardDetailsRequestRequired {
            number: "4242".into(),
            exp_month: 13,
            exp_year: 2030,
            cvc: "12".into(),
        }),
    );
    let err = within(client.create_payment_intent(
        PaymentIntentCreateRequest::new(1_000).payment_method_data(bad_card),
    ))
    .await
    .expect_err("the card details break their patterns");
    assert_api_error(&err, 422, "Validation Error");
    let fields: BTreeSet<String> = err
        .api_error()
        .and_then(|body| body.errors.clone())
        .unwrap_or_default()
        .into_iter()
        .filter_map(|entry| entry.get("field").cloned())
        .collect();
    let expected: BTreeSet<String> = ["number", "cvc", "exp_month"]
        .map(|name| format!("payment_method_data.card.{name}"))
        .into();
    assert_eq!(fields, expected);

    let page = within(client.get_all_payment_intent().limit(100))
        .await
        .expect("the list is returned");
    assert_eq!(page.data.len(), 2, "refused requests create nothing");
    assert_eq!(server.executed_requests(), 6);
}

#[tokio::test]
async fn a_wrong_api_key_is_unauthorized() {
    let (server, _client) = start().await;
    let client = client_with_key(&server, "pk_live_wrong");
    let err = within(client.get_all_payment_intent())
        .await
        .expect_err("the key is refused");
    assert_api_error(&err, 401, "Unauthorized");
    assert_eq!(server.executed_requests(), 0);
}

// ---------------------------------------------------------------------------
// Listing
// ---------------------------------------------------------------------------

#[tokio::test]
async fn listing_25_intents_in_pages_of_10_returns_each_once_in_order() {
    let (_server, client) = start().await;
    let mut created = Vec::new();
    for n in 0..25 {
        let intent = create(
            &client,
            PaymentIntentCreateRequest::new(100 + n).metadata([("n", n)]),
        )
        .await;
        created.push(intent.id);
    }

    let mut listed = Vec::new();
    let mut has_more = Vec::new();
    for offset in [0, 10, 20] {
        let page = within(client.get_all_payment_intent().limit(10).offset(offset))
            .await
            .expect("the page is returned");
        assert_eq!(page.object.as_deref(), Some("list"));
        assert_eq!(page.url, "/v2/payment_intents");
        has_more.push(page.has_more);
        listed.extend(page.data.into_iter().map(|intent| intent.id));
    }

    assert_eq!(has_more, [true, true, false]);
    assert_eq!(listed, created, "each intent once, in creation order");
    let distinct: BTreeSet<&String> = listed.iter().collect();
    assert_eq!(distinct.len(), 25);

    let past_the_end = within(client.get_all_payment_intent().offset(25))
        .await
        .expect("an empty page is returned");
    assert!(past_the_end.data.is_empty());
    assert!(!past_the_end.has_more);
    let default_page = within(client.get_all_payment_intent())
        .await
        .expect("the first page is returned");
    assert_eq!(default_page.data.len(), 10, "limit defaults to 10");
}

#[tokio::test]
async fn paging_outside_its_bounds_is_a_validation_error() {
    let (_server, client) = start().await;
    let requests = [
        ("limit 0", client.get_all_payment_intent().limit(0)),
        ("limit 101", client.get_all_payment_intent().limit(101)),
        ("offset -1", client.get_all_payment_intent().offset(-1)),
    ];
    for (case, request) in requests {
        let err = within(request).await.expect_err(case);
        assert_api_error(&err, 422, "Validation Error");
    }
    for limit in [1, 100] {
        within(client.get_all_payment_intent().limit(limit))
            .await
            .expect("limits 1 and 100 are allowed");
    }
}

// ---------------------------------------------------------------------------
// Idempotency and response metadata
// ---------------------------------------------------------------------------

#[tokio::test]
async fn a_repeated_idempotency_key_replays_the_first_answer() {
    let (server, client) = start().await;
    let send = || {
        client
            .create_payment_intent(card_intent(1_000, CaptureMethod::Automatic).confirm(true))
            .idempotency_key("order-1001-attempt")
            .send_with_response()
    };
    let first = within(send()).await.expect("the intent is created");
    let second = within(send()).await.expect("the answer is replayed");

    assert_eq!(second.data, first.data);
    assert_eq!(first.headers.get("idempotent-replayed"), None);
    assert_eq!(
        second
            .headers
            .get("idempotent-replayed")
            .and_then(|value| value.to_str().ok()),
        Some("true")
    );
    assert_ne!(first.request_id, second.request_id);
    assert_eq!(
        (server.executed_requests(), server.replayed_requests()),
        (1, 1)
    );

    let err = within(
        client
            .create_payment_intent(PaymentIntentCreateRequest::new(2_000))
            .idempotency_key("order-1001-attempt"),
    )
    .await
    .expect_err("the key is taken by another request");
    assert_api_error(&err, 400, "Idempotency Key Reused");

    // Without an explicit key every POST gets a fresh one and runs.
    create(&client, PaymentIntentCreateRequest::new(2_000)).await;
    create(&client, PaymentIntentCreateRequest::new(2_000)).await;
    let page = within(client.get_all_payment_intent())
        .await
        .expect("the list is returned");
    assert_eq!(page.data.len(), 3);
}

#[tokio::test]
async fn responses_carry_a_request_id() {
    let (_server, client) = start().await;
    let response = within(
        client
            .create_payment_intent(PaymentIntentCreateRequest::new(1_000))
            .send_with_response(),
    )
    .await
    .expect("the intent is created");
    assert_eq!(response.status.as_u16(), 200);
    let request_id = response.request_id.expect("a request id is returned");
    assert!(request_id.starts_with("req_"), "{request_id}");
    assert_eq!(
        response
            .headers
            .get("content-type")
            .and_then(|value| value.to_str().ok()),
        Some("application/json")
    );
}

#[tokio::test]
async fn errors_are_problem_details() {
    let (_server, client) = start().await;
    let response = within(
        client
            .raw(Method::POST, "/v2/payment_intents/pi_missing/cancel")
            .send(),
    )
    .await
    .expect("a raw request returns the answer as it is");
    assert_eq!(response.status.as_u16(), 404);
    assert_eq!(
        response
            .headers
            .get("content-type")
            .and_then(|value| value.to_str().ok()),
        Some("application/problem+json")
    );
    let body: serde_json::Value =
        serde_json::from_slice(&response.body).expect("the problem is JSON");
    assert_eq!(
        body,
        serde_json::json!({
            "type": "https://example.com/errors/not-found",
            "title": "Not Found",
            "status": 404,
            "code": "not_found",
            "detail": "payment_intent: pi_missing not found.",
            "instance": "/v2/payment_intents/pi_missing/cancel"
        })
    );
}
