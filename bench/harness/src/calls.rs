//! The calls the request benchmarks make: through the generated PAY.JP SDK,
//! and the same requests made with reqwest by hand (same headers, same
//! bodies, decoded into a hand-written struct of the same shape). Shared by
//! the criterion benchmark and the instruction counter.

use payjp_v2::models::{CaptureMethod, PaymentIntentCreateRequest};
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE};

use crate::handwritten::payjp::{CreateRequest, PaymentIntent};
use crate::{API_KEY, PAYMENT_INTENT_ID};

/// What the SDK sends as `Accept` and `User-Agent`.
const ACCEPT_VALUE: &str = "application/json, application/problem+json";
const USER_AGENT: &str = "payjp-v2/0.1.0 (Rust; sdkgen)";

/// The SDK's client, pointed at `base`.
pub fn sdk_client(base: &str) -> payjp_v2::Client {
    payjp_v2::Client::builder()
        .api_key(API_KEY)
        .base_url(base)
        .build()
        .expect("the SDK client builds")
}

/// The hand-written client: what the SDK's own `reqwest` client is.
pub fn raw_client() -> reqwest::Client {
    reqwest::Client::builder()
        .user_agent(USER_AGENT)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("the reqwest client builds")
}

/// `GET /v2/payment_intents/{id}` through the SDK.
pub async fn sdk_retrieve(sdk: &payjp_v2::Client) {
    sdk.retrieve_payment_intent(PAYMENT_INTENT_ID)
        .send()
        .await
        .map(|_| ())
        .expect("the SDK retrieves");
}

/// `POST /v2/payment_intents` through the SDK (it adds an idempotency key).
pub async fn sdk_create(sdk: &payjp_v2::Client) {
    sdk.create_payment_intent(create_request())
        .send()
        .await
        .map(|_| ())
        .expect("the SDK creates");
}

/// `GET /v2/payment_intents/{id}` by hand.
pub async fn raw_retrieve(client: &reqwest::Client, base: &str) -> PaymentIntent {
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
pub async fn raw_create(client: &reqwest::Client, base: &str) -> PaymentIntent {
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

/// The create request the SDK sends: the same body `raw_create` writes.
pub fn create_request() -> PaymentIntentCreateRequest {
    PaymentIntentCreateRequest::new(1000)
        .description("Order #1001")
        .confirm(true)
        .capture_method(CaptureMethod::Manual)
        .metadata([("order_id", "ord_1001")])
}

/// A single-threaded runtime for the client side.
pub fn client_runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("the client runtime starts")
}
