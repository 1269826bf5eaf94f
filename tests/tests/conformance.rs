//! The PAY.JP SDK against Stoplight Prism serving PAY.JP's own OpenAPI document.
//!
//! Prism (`@stoplight/prism-cli`, pinned in the workspace's `package.json`)
//! validates every request against `../shared/specs/payjp-v2/openapi.json`,
//! a document nobody here wrote, and reports what breaks it in the
//! `sl-violations` response header. Each test starts its own Prism
//! (`node_modules/.bin/prism`, never through `npx`) on a free loopback port
//! and kills it by process id when the test ends, whatever the outcome.
//!
//! - static mode: every operation, called with realistic arguments, succeeds
//!   without a violation; requests that break the document on purpose come
//!   back as 422 and surface as `Error::Api` (or, sent through the raw
//!   escape hatch, as the unclassified 422 with its violations);
//! - dynamic mode (`--dynamic`): random schema-valid bodies, nulls and extra
//!   keys included, decode without error, at least 200 per operation.
//!
//! Prism can hang on malformed bodies, so every call has a per-request
//! timeout and runs under a `tokio` timeout too.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

// The SDK does not re-export `http::Method`, which `Client::raw` takes;
// axum's is the same type.
use axum::http::Method;
use futures::stream::{self, StreamExt};
use payjp_v2::models::{
    CaptureMethod, ErrorResponse, MetadataValue, PaymentIntentCancelRequest,
    PaymentIntentCaptureRequest, PaymentIntentConfirmRequest, PaymentIntentCreateRequest,
    PaymentIntentIncrementAuthorizationRequest, PaymentIntentListResponse, PaymentIntentResponse,
    PaymentIntentStatus, PaymentIntentUpdateRequest, PaymentMethodBillingAddressRequest,
    PaymentMethodBillingDetailsRequest, PaymentMethodCardCreateRequest,
    PaymentMethodCreateCardDetailsRequest, PaymentMethodCreateCardDetailsRequestRequired,
    PaymentMethodCreateRequest, PaymentMethodOptionsCardRequest,
    PaymentMethodOptionsCardRequestExtendedAuthorization,
    PaymentMethodOptionsCardRequestSetupFutureUsage, PaymentMethodOptionsCardRequestThreeDSecure,
    PaymentMethodOptionsRequest, PaymentMethodPayPayCreateRequest, PaymentMethodTypes, Usage,
};
use payjp_v2::{Client, Error, Operation, RawOperation, Request, Response};
use sdkgen_tests::{shared_file, workspace_root};
use serde_json::json;

const API_KEY: &str = "sk_test_prism_conformance";
const INTENT_ID: &str = "pi_3f9c1e7a2b";
const PAYMENT_METHOD_ID: &str = "pm_77ab01c9";
/// Per-request timeout, also the bound of each `tokio` timeout.
const CALL_LIMIT: Duration = Duration::from_secs(10);
/// How long Prism may take to start answering.
const START_LIMIT: Duration = Duration::from_secs(30);
/// Responses per operation in dynamic mode.
const DYNAMIC_CALLS: usize = 200;
/// Requests in flight at once in dynamic mode.
const CONCURRENCY: usize = 4;

// ---------------------------------------------------------------------------
// The Prism process
// ---------------------------------------------------------------------------

/// A running Prism mock server, logging to a file under the target
/// directory; dropping it kills and reaps the process.
struct Prism {
    child: Child,
    port: u16,
    log: PathBuf,
}

impl Prism {
    /// Starts Prism on PAY.JP's document and waits until it answers.
    async fn start(dynamic: bool) -> Self {
        let binary = prism_binary();
        let document = shared_file("specs/payjp-v2/openapi.json");
        let port = free_port();
        let log = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("prism-{port}.log"));
        let out = File::create(&log).expect("the Prism log file can be created");
        let err = out.try_clone().expect("the Prism log file can be shared");
        let mut command = Command::new(&binary);
        command
            .arg("mock")
            .arg(&document)
            .args(["-h", "127.0.0.1", "-p", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err);
        if dynamic {
            command.arg("--dynamic");
        }
        let child = command
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", binary.display()));
        let mut prism = Self { child, port, log };
        prism.wait_until_ready().await;
        prism
    }

    /// Polls the port until Prism accepts connections, failing if it exits
    /// or takes longer than [`START_LIMIT`].
    async fn wait_until_ready(&mut self) {
        let started = Instant::now();
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "Prism exited ({status}) before answering\n{}",
                    self.log_tail()
                );
            }
            let connect = tokio::net::TcpStream::connect(("127.0.0.1", self.port));
            if let Ok(Ok(_)) = tokio::time::timeout(Duration::from_millis(500), connect).await {
                return;
            }
            if started.elapsed() > START_LIMIT {
                panic!(
                    "Prism did not answer within {START_LIMIT:?}\n{}",
                    self.log_tail()
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The end of Prism's log, for failure messages.
    fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let start = text.len().saturating_sub(4_000);
        let tail = text.get(start..).unwrap_or(&text);
        format!("--- {} (end) ---\n{tail}", self.log.display())
    }

    /// A client of this Prism (PAY.JP's document has no `servers`).
    fn client(&self) -> Client {
        Client::builder()
            .api_key(API_KEY)
            .base_url(format!("http://127.0.0.1:{}", self.port))
            .timeout(CALL_LIMIT)
            // Each call should see exactly one answer of Prism.
            .max_retries(0)
            .build()
            .expect("the client builds")
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        // Errors mean the process is already gone.
        let _ = self.child.kill();
        let _ = self.child.wait();
        // The log is kept only when the test failed.
        if !std::thread::panicking() {
            let _ = std::fs::remove_file(&self.log);
        }
    }
}

/// `node_modules/.bin/prism`, failing with set-up instructions when missing.
fn prism_binary() -> PathBuf {
    let root = workspace_root();
    let binary = root.join("node_modules").join(".bin").join("prism");
    if !binary.exists() {
        panic!(
            "Prism is not installed: {} is missing. Run `npm ci --ignore-scripts` in {} \
             (or `cargo xtask test`, which installs it) to install the version pinned in \
             package.json",
            binary.display(),
            root.display()
        );
    }
    binary
}

/// A port nobody listens on right now.
fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port can be bound");
    listener
        .local_addr()
        .expect("the bound port is known")
        .port()
}

// ---------------------------------------------------------------------------
// Calls
// ---------------------------------------------------------------------------

/// Sends `request` with a per-request timeout, under a `tokio` timeout.
async fn call<Op>(request: Request<Op>) -> Result<Response<Op::Output>, Error>
where
    Op: Operation,
{
    tokio::time::timeout(CALL_LIMIT, request.timeout(CALL_LIMIT).send_with_response())
        .await
        .unwrap_or_else(|_| panic!("the call did not finish within {CALL_LIMIT:?}"))
}

/// Sends `request`, which must succeed without any Prism violation.
async fn conforming<Op: Operation>(case: &str, request: Request<Op>) -> Op::Output {
    let response = call(request)
        .await
        .unwrap_or_else(|err| panic!("{case}: {err}"));
    let violations = response.headers.get("sl-violations");
    assert!(
        violations.is_none(),
        "{case}: Prism reports violations: {violations:?}"
    );
    assert_eq!(response.status.as_u16(), 200, "{case}");
    response.data
}

/// Sends `request`, which breaks the document and must come back as a 422
/// decoded into `Error::Api`.
async fn refused<Op: Operation>(case: &str, request: Request<Op>)
where
    Op::Output: std::fmt::Debug,
{
    let err = call(request).await.expect_err(&format!(
        "{case}: Prism accepted a request breaking the document"
    ));
    let Error::Api(api) = &err else {
        panic!("{case}: expected Error::Api, got {err:?}");
    };
    assert_eq!(api.status.as_u16(), 422, "{case}: {err}");
    assert_eq!(api.error.status, 422, "{case}: {err}");
    assert_eq!(api.error.title, "Validation Error", "{case}: {err}");
}

// ---------------------------------------------------------------------------
// Realistic arguments
// ---------------------------------------------------------------------------

fn billing_details() -> PaymentMethodBillingDetailsRequest {
    PaymentMethodBillingDetailsRequest::new()
        .name("Taro Yamada")
        .email("taro.yamada@example.com")
        .phone("+81-90-1234-5678")
        .address(
            PaymentMethodBillingAddressRequest::new()
                .country("JP")
                .zip("150-0002")
                .state("Tokyo")
                .city("Shibuya-ku")
                .line1("2-21-1 Shibuya")
                .line2("Hikarie 11F"),
        )
}

fn card() -> PaymentMethodCardCreateRequest {
    card_with(PaymentMethodCreateCardDetailsRequest::new(
        PaymentMethodCreateCardDetailsRequestRequired {
            number: "4242424242424242".into(),
            exp_month: 12,
            exp_year: 2030,
            cvc: "123".into(),
        },
    ))
}

fn card_with(details: PaymentMethodCreateCardDetailsRequest) -> PaymentMethodCardCreateRequest {
    PaymentMethodCardCreateRequest::new(billing_details(), details)
        .customer("cus_8f3a2b")
        .metadata([("source", "web")])
}

fn paypay() -> PaymentMethodPayPayCreateRequest {
    PaymentMethodPayPayCreateRequest::new()
        .billing_details(PaymentMethodBillingDetailsRequest::new().name("Hanako Sato"))
        .metadata([("source", MetadataValue::from("mobile_app"))])
}

fn metadata() -> [(&'static str, MetadataValue); 3] {
    [
        ("order_id", MetadataValue::from("ord_1001")),
        ("items", MetadataValue::from(3_i64)),
        ("gift", MetadataValue::from(true)),
    ]
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

fn card_create() -> PaymentIntentCreateRequest {
    PaymentIntentCreateRequest::new(1_000)
        .confirm(true)
        .capture_method(CaptureMethod::Manual)
        .customer("cus_8f3a2b")
        .description("Order #1001")
        .receipt_email("taro.yamada@example.com")
        .return_url("https://shop.example.com/checkout/complete")
        .payment_method_types([PaymentMethodTypes::Card])
        .payment_method_data(card())
        .payment_method_options(card_options())
        .setup_future_usage(Usage::OffSession)
        .metadata(metadata())
}

fn paypay_create() -> PaymentIntentCreateRequest {
    PaymentIntentCreateRequest::new(3_980)
        .confirm(true)
        .return_url("myapp://checkout/done")
        .payment_method_types([PaymentMethodTypes::Paypay])
        .payment_method_data(paypay())
        .metadata(metadata())
}

fn full_update() -> PaymentIntentUpdateRequest {
    PaymentIntentUpdateRequest::new()
        .amount(1_500)
        .customer("cus_8f3a2b")
        .description("Order #1001 (gift wrap added)")
        .receipt_email("taro.yamada@example.com")
        .return_url("https://shop.example.com/checkout/complete")
        .payment_method_data(paypay())
        .payment_method_types([PaymentMethodTypes::Paypay, PaymentMethodTypes::Card])
        .payment_method_options(card_options())
        .metadata(metadata())
}

fn full_confirm() -> PaymentIntentConfirmRequest {
    PaymentIntentConfirmRequest::new()
        .payment_method_data(card())
        .payment_method_options(card_options())
        .payment_method_types([PaymentMethodTypes::Card])
        .capture_method(CaptureMethod::AutomaticAsync)
        .description("Order #1001")
        .receipt_email("taro.yamada@example.com")
        .return_url("https://shop.example.com/checkout/complete")
}

fn increment() -> PaymentIntentIncrementAuthorizationRequest {
    PaymentIntentIncrementAuthorizationRequest::new(1_800).description("extra item")
}

// ---------------------------------------------------------------------------
// Static mode
// ---------------------------------------------------------------------------

#[tokio::test]
async fn every_operation_conforms_to_payjps_document() {
    let started = Instant::now();
    let prism = Prism::start(false).await;
    let client = prism.client();

    let pages = [
        ("list", client.get_all_payment_intent()),
        (
            "list limit 10 offset 0",
            client.get_all_payment_intent().limit(10).offset(0),
        ),
        ("list limit 1", client.get_all_payment_intent().limit(1)),
        (
            "list limit 100 offset 200",
            client.get_all_payment_intent().limit(100).offset(200),
        ),
    ];

    let intents = [
        (
            "create with card",
            client.create_payment_intent(card_create()),
        ),
        (
            "create with PayPay",
            client.create_payment_intent(paypay_create()),
        ),
        (
            "create with a payment method id",
            client.create_payment_intent(
                PaymentIntentCreateRequest::new(50)
                    .payment_method(PAYMENT_METHOD_ID)
                    .capture_method(CaptureMethod::Automatic),
            ),
        ),
        (
            "create with the largest amount",
            client.create_payment_intent(PaymentIntentCreateRequest::new(9_999_999)),
        ),
    ];
    let updates = [
        (
            "update with everything",
            client.update_payment_intent(INTENT_ID, full_update()),
        ),
        (
            "update with card data",
            client.update_payment_intent(
                INTENT_ID,
                PaymentIntentUpdateRequest::new().payment_method_data(card()),
            ),
        ),
        (
            "update with nothing",
            client.update_payment_intent(INTENT_ID, PaymentIntentUpdateRequest::new()),
        ),
    ];
    let confirms = [
        (
            "confirm without a body",
            client.confirm_payment_intent(INTENT_ID),
        ),
        (
            "confirm with card data",
            client
                .confirm_payment_intent(INTENT_ID)
                .body(full_confirm()),
        ),
        (
            "confirm with a payment method id",
            client
                .confirm_payment_intent(INTENT_ID)
                .body(PaymentIntentConfirmRequest::new().payment_method(PAYMENT_METHOD_ID)),
        ),
        (
            "confirm with PayPay data",
            client
                .confirm_payment_intent(INTENT_ID)
                .body(PaymentIntentConfirmRequest::new().payment_method_data(paypay())),
        ),
    ];
    let captures = [
        (
            "capture without a body",
            client.capture_payment_intent(INTENT_ID),
        ),
        (
            "capture part",
            client
                .capture_payment_intent(INTENT_ID)
                .body(PaymentIntentCaptureRequest::new().amount_to_capture(600)),
        ),
    ];
    let cancels = [
        (
            "cancel without a body",
            client.cancel_payment_intent(INTENT_ID),
        ),
        (
            "cancel with a reason",
            client.cancel_payment_intent(INTENT_ID).body(
                PaymentIntentCancelRequest::new().cancellation_reason("requested_by_customer"),
            ),
        ),
    ];
    let calls = pages.len()
        + intents.len()
        + updates.len()
        + confirms.len()
        + captures.len()
        + cancels.len()
        + 2; // retrieve and increment authorization

    for (case, request) in pages {
        let page: PaymentIntentListResponse = conforming(case, request).await;
        assert_eq!(page.object.as_deref(), Some("list"), "{case}");
    }
    for (case, request) in intents {
        check_intent(case, conforming(case, request).await);
    }
    check_intent(
        "retrieve",
        conforming("retrieve", client.retrieve_payment_intent(INTENT_ID)).await,
    );
    for (case, request) in updates {
        check_intent(case, conforming(case, request).await);
    }
    for (case, request) in confirms {
        check_intent(case, conforming(case, request).await);
    }
    for (case, request) in captures {
        check_intent(case, conforming(case, request).await);
    }
    for (case, request) in cancels {
        check_intent(case, conforming(case, request).await);
    }
    let case = "increment authorization";
    check_intent(
        case,
        conforming(
            case,
            client.increment_authorization_payment_intent(INTENT_ID, increment()),
        )
        .await,
    );
    println!(
        "prism static mode: {calls} calls, every operation, no violation, in {:.1?}",
        started.elapsed()
    );
}

/// What every decoded intent from Prism's examples must hold.
fn check_intent(case: &str, intent: PaymentIntentResponse) {
    assert_eq!(intent.object.as_deref(), Some("payment_intent"), "{case}");
    assert!(
        !matches!(intent.status, PaymentIntentStatus::Unknown(_)),
        "{case}: unknown status {:?}",
        intent.status
    );
    assert!(
        !matches!(intent.capture_method, CaptureMethod::Unknown(_)),
        "{case}: unknown capture method {:?}",
        intent.capture_method
    );
}

#[tokio::test]
async fn requests_breaking_the_document_are_refused_with_422() {
    let prism = Prism::start(false).await;
    let client = prism.client();

    for amount in [0, 49, 10_000_000] {
        let case = format!("create with amount {amount}");
        refused(
            &case,
            client.create_payment_intent(PaymentIntentCreateRequest::new(amount)),
        )
        .await;
    }
    let pages = [
        ("limit 0", client.get_all_payment_intent().limit(0)),
        ("limit 101", client.get_all_payment_intent().limit(101)),
        ("offset -1", client.get_all_payment_intent().offset(-1)),
    ];
    for (case, request) in pages {
        refused(case, request).await;
    }

    // Values outside an enum, through the open enums' `Unknown` variants.
    let creates = [
        (
            "unknown capture method",
            PaymentIntentCreateRequest::new(1_000)
                .capture_method(CaptureMethod::Unknown("sometimes".to_owned())),
        ),
        (
            "unknown payment method type",
            PaymentIntentCreateRequest::new(1_000)
                .payment_method_types([PaymentMethodTypes::Unknown("cash".to_owned())]),
        ),
        (
            "unknown 3-D Secure option",
            PaymentIntentCreateRequest::new(1_000).payment_method_options(
                PaymentMethodOptionsRequest::new(
                    PaymentMethodOptionsCardRequest::new().request_three_d_secure(
                        PaymentMethodOptionsCardRequestThreeDSecure::Unknown("always".to_owned()),
                    ),
                ),
            ),
        ),
        (
            "unknown setup_future_usage",
            PaymentIntentCreateRequest::new(1_000)
                .setup_future_usage(Usage::Unknown("forever".to_owned())),
        ),
        // A required field missing, where the SDK lets you build that.
        (
            "card payment method without its card",
            PaymentIntentCreateRequest::new(1_000).payment_method_data(
                PaymentMethodCreateRequest::Unknown(
                    json!({"type": "card", "billing_details": {"name": "Taro Yamada"}}),
                ),
            ),
        ),
        (
            "payment method of an unknown type",
            PaymentIntentCreateRequest::new(1_000)
                .payment_method_data(PaymentMethodCreateRequest::Unknown(json!({"type": "cash"}))),
        ),
        (
            "metadata value that is a list",
            PaymentIntentCreateRequest::new(1_000)
                .metadata([("tags", MetadataValue::Unknown(json!(["a", "b"])))]),
        ),
        // Card details breaking their patterns and bounds.
        (
            "card number too short",
            card_intent(PaymentMethodCreateCardDetailsRequest::new(
                PaymentMethodCreateCardDetailsRequestRequired {
                    number: "4242".into(),
                    exp_month: 12,
                    exp_year: 2030,
                    cvc: "123".into(),
                },
            )),
        ),
        (
            "card number with spaces",
            card_intent(PaymentMethodCreateCardDetailsRequest::new(
                PaymentMethodCreateCardDetailsRequestRequired {
                    number: "4242 4242 4242 4242".into(),
                    exp_month: 12,
                    exp_year: 2030,
                    cvc: "123".into(),
                },
            )),
        ),
        (
            "expiry month 13",
            card_intent(PaymentMethodCreateCardDetailsRequest::new(
                PaymentMethodCreateCardDetailsRequestRequired {
                    number: "4242424242424242".into(),
                    exp_month: 13,
                    exp_year: 2030,
                    cvc: "123".into(),
                },
            )),
        ),
        (
            "expiry year 10000",
            card_intent(PaymentMethodCreateCardDetailsRequest::new(
                PaymentMethodCreateCardDetailsRequestRequired {
                    number: "4242424242424242".into(),
                    exp_month: 12,
                    exp_year: 10_000,
                    cvc: "123".into(),
                },
            )),
        ),
        (
            "two-digit CVC",
            card_intent(PaymentMethodCreateCardDetailsRequest::new(
                PaymentMethodCreateCardDetailsRequestRequired {
                    number: "4242424242424242".into(),
                    exp_month: 12,
                    exp_year: 2030,
                    cvc: "12".into(),
                },
            )),
        ),
    ];
    for (case, body) in creates {
        refused(case, client.create_payment_intent(body)).await;
    }
    refused(
        "confirm with an unknown capture method",
        client.confirm_payment_intent(INTENT_ID).body(
            PaymentIntentConfirmRequest::new()
                .capture_method(CaptureMethod::Unknown("later".to_owned())),
        ),
    )
    .await;
    refused(
        "update with a card payment method without its card",
        client.update_payment_intent(
            INTENT_ID,
            PaymentIntentUpdateRequest::new()
                .payment_method_data(PaymentMethodCreateRequest::Unknown(json!({"type": "card"}))),
        ),
    )
    .await;

    // Through the raw escape hatch, which hands back any answer unclassified.
    let raw = [
        (
            "raw create with an unknown capture method",
            client
                .raw(Method::POST, "/v2/payment_intents")
                .json(&json!({"amount": 1000, "capture_method": "sometimes"})),
        ),
        (
            "raw list with a limit that is not a number",
            client
                .raw(Method::GET, "/v2/payment_intents")
                .query("limit", &"ten"),
        ),
    ];
    for (case, request) in raw {
        refused_raw(case, request).await;
    }
}

/// Sends a raw `request` that breaks the document: Prism's 422 comes back
/// as it is, with its violations and an `ErrorResponse` body.
async fn refused_raw(case: &str, request: Request<RawOperation>) {
    let response = call(request)
        .await
        .unwrap_or_else(|err| panic!("{case}: {err}"));
    assert_eq!(response.status.as_u16(), 422, "{case}: {:?}", response.data);
    assert!(response.headers.contains_key("sl-violations"), "{case}");
    let problem: ErrorResponse = serde_json::from_slice(&response.data.body)
        .unwrap_or_else(|err| panic!("{case}: the 422 body is not an ErrorResponse: {err}"));
    assert_eq!(
        (problem.status, problem.title.as_str()),
        (422, "Validation Error"),
        "{case}"
    );
}

fn card_intent(details: PaymentMethodCreateCardDetailsRequest) -> PaymentIntentCreateRequest {
    PaymentIntentCreateRequest::new(1_000).payment_method_data(card_with(details))
}

// ---------------------------------------------------------------------------
// Dynamic mode
// ---------------------------------------------------------------------------

/// The eight operations as called in dynamic mode, and one call Prism
/// refuses (its random 422 bodies must decode as `Error::Api`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Endpoint {
    List,
    Create,
    Retrieve,
    Update,
    Confirm,
    Capture,
    Cancel,
    IncrementAuthorization,
    RefusedCreate,
}

impl Endpoint {
    const ALL: [Endpoint; 9] = [
        Endpoint::List,
        Endpoint::Create,
        Endpoint::Retrieve,
        Endpoint::Update,
        Endpoint::Confirm,
        Endpoint::Capture,
        Endpoint::Cancel,
        Endpoint::IncrementAuthorization,
        Endpoint::RefusedCreate,
    ];

    /// Call number `n` of this operation, alternating between argument sets;
    /// the decoded intents, or what went wrong.
    async fn call(self, client: &Client, n: usize) -> Result<Vec<PaymentIntentResponse>, String> {
        // Odd calls use the other argument set (bodyless where a body is optional).
        let odd = n % 2 == 1;
        match self {
            Endpoint::List => {
                let n = i64::try_from(n).expect("the call number fits in i64");
                let request = client.get_all_payment_intent().limit(1 + n % 100).offset(n);
                outcome(call(request).await).map(|page| page.data)
            }
            Endpoint::Create => {
                let body = if odd { paypay_create() } else { card_create() };
                single(call(client.create_payment_intent(body)).await)
            }
            Endpoint::Retrieve => single(call(client.retrieve_payment_intent(INTENT_ID)).await),
            Endpoint::Update => {
                single(call(client.update_payment_intent(INTENT_ID, full_update())).await)
            }
            Endpoint::Confirm => {
                let request = client.confirm_payment_intent(INTENT_ID);
                single(
                    call(if odd {
                        request
                    } else {
                        request.body(full_confirm())
                    })
                    .await,
                )
            }
            Endpoint::Capture => {
                let request = client.capture_payment_intent(INTENT_ID);
                let body = PaymentIntentCaptureRequest::new().amount_to_capture(600);
                single(call(if odd { request } else { request.body(body) }).await)
            }
            Endpoint::Cancel => {
                let request = client.cancel_payment_intent(INTENT_ID);
                let body = PaymentIntentCancelRequest::new().cancellation_reason("duplicate");
                single(call(if odd { request } else { request.body(body) }).await)
            }
            Endpoint::IncrementAuthorization => single(
                call(client.increment_authorization_payment_intent(INTENT_ID, increment())).await,
            ),
            Endpoint::RefusedCreate => {
                let body = PaymentIntentCreateRequest::new(if odd { 49 } else { 10_000_000 });
                match call(client.create_payment_intent(body)).await {
                    Err(Error::Api(api)) if api.status.as_u16() == 422 => Ok(Vec::new()),
                    Err(err) => Err(format!("{err} ({err:?})")),
                    Ok(response) => Err(format!("accepted: {:?}", response.data)),
                }
            }
        }
    }
}

/// The decoded body, or the error with everything it says (body included).
fn outcome<T>(result: Result<Response<T>, Error>) -> Result<T, String> {
    match result {
        Ok(response) if response.headers.contains_key("sl-violations") => Err(format!(
            "Prism reports violations: {:?}",
            response.headers.get("sl-violations")
        )),
        Ok(response) => Ok(response.data),
        Err(err) => Err(format!("{err} ({err:?})")),
    }
}

fn single(
    result: Result<Response<PaymentIntentResponse>, Error>,
) -> Result<Vec<PaymentIntentResponse>, String> {
    outcome(result).map(|intent| vec![intent])
}

/// What the dynamic responses of one operation held.
#[derive(Debug, Default)]
struct Tally {
    decoded: usize,
    errors: Vec<String>,
    intents: usize,
    null_fields: usize,
    free_form_keys: usize,
    unknown_enum_values: usize,
}

impl Tally {
    fn add(&mut self, result: Result<Vec<PaymentIntentResponse>, String>) {
        match result {
            Ok(intents) => {
                self.decoded += 1;
                self.intents += intents.len();
                for intent in &intents {
                    self.null_fields += null_fields(intent);
                    self.free_form_keys += free_form_keys(intent);
                    self.unknown_enum_values +=
                        usize::from(matches!(intent.status, PaymentIntentStatus::Unknown(_)))
                            + usize::from(matches!(
                                intent.capture_method,
                                CaptureMethod::Unknown(_)
                            ));
                }
            }
            Err(error) => self.errors.push(error),
        }
    }
}

/// Whether an optional nullable field came as `null` or was absent (both
/// read as `None`).
fn unset<T>(field: &Option<T>) -> bool {
    field.is_none()
}

/// How many of the nullable fields of `intent` came as null (or absent).
fn null_fields(intent: &PaymentIntentResponse) -> usize {
    [
        intent.amount_capturable.is_none(),
        intent.amount_received.is_none(),
        intent.confirmation_method.is_none(),
        unset(&intent.customer),
        unset(&intent.description),
        unset(&intent.payment_method),
        unset(&intent.payment_method_options),
        unset(&intent.receipt_email),
        unset(&intent.next_action),
        unset(&intent.return_url),
    ]
    .into_iter()
    .filter(|&is_null| is_null)
    .count()
}

/// How many keys the free-form objects of `intent` hold (random in dynamic mode).
fn free_form_keys(intent: &PaymentIntentResponse) -> usize {
    intent.metadata.as_ref().map_or(0, |map| map.len())
        + intent.next_action.as_ref().map_or(0, serde_json::Map::len)
        + intent
            .payment_method_options
            .as_ref()
            .map_or(0, serde_json::Map::len)
}

/// Calls `op` [`DYNAMIC_CALLS`] times, [`CONCURRENCY`] at a time.
async fn hammer(client: &Client, op: Endpoint) -> Tally {
    let results: Vec<_> = stream::iter(0..DYNAMIC_CALLS)
        .map(|n| op.call(client, n))
        .buffer_unordered(CONCURRENCY)
        .collect()
        .await;
    let mut tally = Tally::default();
    for result in results {
        tally.add(result);
    }
    tally
}

#[tokio::test]
async fn random_schema_valid_responses_decode() {
    let started = Instant::now();
    let prism = Prism::start(true).await;
    let client = prism.client();

    let mut report = Vec::new();
    let mut failures = Vec::new();
    for op in Endpoint::ALL {
        let op_started = Instant::now();
        let tally = hammer(&client, op).await;
        report.push(format!(
            "{op:?}: {} decoded, {} errors; {} intents, {} null fields, {} free-form keys, \
             {} unknown enum values; {:.1?}",
            tally.decoded,
            tally.errors.len(),
            tally.intents,
            tally.null_fields,
            tally.free_form_keys,
            tally.unknown_enum_values,
            op_started.elapsed()
        ));
        // Random bodies must hold nulls and extra keys, or dynamic mode is off.
        let random =
            op == Endpoint::RefusedCreate || (tally.null_fields > 0 && tally.free_form_keys > 0);
        if tally.decoded < DYNAMIC_CALLS || !tally.errors.is_empty() || !random {
            failures.push(format!("{op:?}: {tally:#?}"));
        }
    }
    println!(
        "prism dynamic mode, {DYNAMIC_CALLS} calls per operation in {:.1?}:\n{}",
        started.elapsed(),
        report.join("\n")
    );
    assert!(
        failures.is_empty(),
        "{}\n{}",
        report.join("\n"),
        failures.join("\n")
    );
}
