//! Request overhead: a call through the generated PAY.JP SDK against the same
//! request made with reqwest by hand (same loopback server, same headers,
//! same bodies, decoded into a hand-written struct of the same shape).

use criterion::{criterion_group, criterion_main, Criterion};
use payjp_v2::models::{CaptureMethod, PaymentIntentCreateRequest};
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use sdkgen_bench_harness::handwritten::payjp::{CreateRequest, PaymentIntent};
use sdkgen_bench_harness::{paired, server, API_KEY, PAYJP_PAYMENT_INTENT, PAYMENT_INTENT_ID};

/// What the SDK sends as `Accept` and `User-Agent`.
const ACCEPT_VALUE: &str = "application/json, application/problem+json";
const USER_AGENT: &str = "payjp-v2/0.1.0 (Rust; sdkgen)";

/// The hand-written client: what the SDK's own `reqwest` client is.
fn raw_client() -> reqwest::Client {
    reqwest::Client::builder()
        .user_agent(USER_AGENT)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("the reqwest client builds")
}

/// `GET /v2/payment_intents/{id}` by hand.
async fn raw_retrieve(client: &reqwest::Client, base: &str) -> PaymentIntent {
    let response = client
        .get(format!("{base}/v2/payment_intents/{PAYMENT_INTENT_ID}"))
        .header(AUTHORIZATION, format!("Bearer {API_KEY}"))
        .header(ACCEPT, ACCEPT_VALUE)
        .send()
        .await
        .expect("the server answers");
    decode(response).await
}

/// `POST /v2/payment_intents` by hand, with an idempotency key as the SDK sends.
async fn raw_create(client: &reqwest::Client, base: &str) -> PaymentIntent {
    let body = CreateRequest {
        description: "Order #1001",
        amount: 1000,
        confirm: true,
        capture_method: "manual",
        metadata: [("order_id", "ord_1001")].into(),
    };
    let response = client
        .post(format!("{base}/v2/payment_intents"))
        .header(AUTHORIZATION, format!("Bearer {API_KEY}"))
        .header(ACCEPT, ACCEPT_VALUE)
        .header(CONTENT_TYPE, "application/json")
        .header("idempotency-key", uuid::Uuid::new_v4().to_string())
        .body(serde_json::to_vec(&body).expect("the body encodes"))
        .send()
        .await
        .expect("the server answers");
    decode(response).await
}

async fn decode(response: reqwest::Response) -> PaymentIntent {
    assert!(response.status().is_success(), "{}", response.status());
    let bytes = response.bytes().await.expect("the body arrives");
    serde_json::from_slice(&bytes).expect("the body decodes")
}

fn create_request() -> PaymentIntentCreateRequest {
    PaymentIntentCreateRequest::new(1000)
        .description("Order #1001")
        .confirm(true)
        .capture_method(CaptureMethod::Manual)
        .metadata([("order_id", "ord_1001")])
}

fn request(c: &mut Criterion) {
    let base = server::start(PAYJP_PAYMENT_INTENT);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("the client runtime starts");
    let sdk = payjp_v2::Client::builder()
        .api_key(API_KEY)
        .base_url(&base)
        .build()
        .expect("the SDK client builds");
    let raw = raw_client();
    // Both sides work before anything is timed.
    runtime.block_on(async {
        sdk.retrieve_payment_intent(PAYMENT_INTENT_ID)
            .await
            .expect("the SDK retrieves");
        sdk.create_payment_intent(create_request())
            .await
            .expect("the SDK creates");
        raw_retrieve(&raw, &base).await;
        raw_create(&raw, &base).await;
    });

    let retrieve_sdk = || {
        runtime
            .block_on(sdk.retrieve_payment_intent(PAYMENT_INTENT_ID).send())
            .map(|_| ())
            .expect("the SDK retrieves");
    };
    let retrieve_raw = || {
        runtime.block_on(raw_retrieve(&raw, &base));
    };
    paired(c, "request_retrieve", retrieve_sdk, retrieve_raw);
    let create_sdk = || {
        runtime
            .block_on(sdk.create_payment_intent(create_request()).send())
            .map(|_| ())
            .expect("the SDK creates");
    };
    let create_raw = || {
        runtime.block_on(raw_create(&raw, &base));
    };
    paired(c, "request_create", create_sdk, create_raw);
}

criterion_group!(benches, request);
criterion_main!(benches);
