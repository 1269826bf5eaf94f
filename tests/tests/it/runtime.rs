//! Runtime tests of the PAY.JP SDK: settings, request ids, pagination, the blocking client, the raw escape hatch, redaction and tracing.
//!
//! Each feature of the production runtime is exercised end to end against
//! the loopback server of [`crate::misbehaving`], with the requests it
//! received checked alongside what the SDK returned.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use futures::StreamExt;
use payjp_v2::models::{
    PaymentIntentCreateRequest, PaymentIntentListResponse, PaymentIntentResponse,
    PaymentMethodBillingDetailsRequest, PaymentMethodCardCreateRequest,
    PaymentMethodCreateCardDetailsRequest, PaymentMethodCreateCardDetailsRequestRequired,
};
use payjp_v2::{Client, Error, RetryPolicy};
use serde_json::{json, Value};

use crate::misbehaving::{
    client, fast_retries, intent_json, intent_reply, is_uuid_v4, within, Action, Received, Reply,
    Server, API_KEY,
};

const CARD_NUMBER: &str = "4242424242424242";
const CARD_CVC: &str = "913";

fn card() -> PaymentMethodCardCreateRequest {
    PaymentMethodCardCreateRequest::new(
        PaymentMethodBillingDetailsRequest::new().email("buyer@example.com"),
        PaymentMethodCreateCardDetailsRequest::new(PaymentMethodCreateCardDetailsRequestRequired {
            number: CARD_NUMBER.into(),
            exp_month: 12,
            exp_year: 2030,
            cvc: CARD_CVC.into(),
        }),
    )
}

fn builder(server: &Server) -> payjp_v2::ClientBuilder {
    Client::builder().api_key(API_KEY).base_url(server.uri())
}

// ---------------------------------------------------------------------------
// Settings: timeouts and retries, per client and per request
// ---------------------------------------------------------------------------

#[test]
fn documented_defaults() {
    let policy = RetryPolicy::default();
    assert_eq!(policy.max_retries, 2);
    assert_eq!(policy.initial_delay, Duration::from_millis(500));
    assert_eq!(policy.max_delay, Duration::from_secs(8));
    assert_eq!(policy.max_retry_after, Duration::from_secs(60));
    assert_eq!(RetryPolicy::never().max_retries, 0);
    assert_eq!(payjp_v2::DEFAULT_TIMEOUT, Duration::from_secs(60));
    let client = Client::new(API_KEY).expect("the client builds");
    assert_eq!(client.retry_policy(), RetryPolicy::default());
    assert_eq!(client.base_url(), "https://api.pay.jp");
}

#[test]
fn builder_retry_settings_compose_in_order() {
    let policy = fast_retries(1).with_max_retry_after(Duration::from_secs(5));
    let later_count = Client::builder()
        .retry_policy(policy)
        .max_retries(5)
        .build()
        .expect("the client builds");
    assert_eq!(
        later_count.retry_policy(),
        policy.with_max_retries(5),
        "max_retries keeps the delays"
    );
    let later_policy = Client::builder()
        .max_retries(5)
        .retry_policy(policy)
        .build()
        .expect("the client builds");
    assert_eq!(
        later_policy.retry_policy(),
        policy,
        "a whole policy replaces the count"
    );
}

#[tokio::test]
async fn the_client_timeout_applies_unless_the_request_sets_one() {
    let server = Server::script(vec![Action::Delay(
        Duration::from_millis(700),
        Reply::json(200, &intent_json("pi_slow")),
    )])
    .await;
    let client = builder(&server)
        .timeout(Duration::from_millis(200))
        .max_retries(0)
        .build()
        .expect("the client builds");
    let err = within(client.retrieve_payment_intent("pi_slow").send())
        .await
        .expect_err("slower than the client's timeout");
    // Had the client waited for the answer, the call would have succeeded.
    assert!(err.is_timeout(), "{err:?}");
    let intent = within(
        client
            .retrieve_payment_intent("pi_slow")
            .timeout(Duration::from_secs(5))
            .send(),
    )
    .await
    .expect("the request's longer timeout wins");
    assert_eq!(intent.id, "pi_slow");
}

#[tokio::test]
async fn a_shorter_request_timeout_overrides_the_client() {
    let server = Server::script(vec![Action::Delay(
        Duration::from_secs(10),
        Reply::json(200, &intent_json("pi_slow")),
    )])
    .await;
    let client = builder(&server)
        .timeout(Duration::from_secs(30))
        .max_retries(0)
        .build()
        .expect("the client builds");
    let started = Instant::now();
    let err = within(
        client
            .retrieve_payment_intent("pi_slow")
            .timeout(Duration::from_millis(200))
            .send(),
    )
    .await
    .expect_err("slower than the request's timeout");
    assert!(err.is_timeout(), "{err:?}");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
}

/// How many requests `call` made on `server`.
async fn attempts<T: std::fmt::Debug>(
    server: &Server,
    call: impl std::future::Future<Output = Result<T, Error>>,
) -> usize {
    let before = server.count();
    let result = within(call).await;
    assert!(result.is_err(), "the server always fails: {result:?}");
    server.count() - before
}

#[tokio::test]
async fn request_retry_settings_override_the_client() {
    let server = Server::script(vec![Action::Reply(Reply::problem(503, "Unavailable"))]).await;
    let none = client(&server, 0);
    let three = client(&server, 3);
    let retrieve = |client: &Client| client.retrieve_payment_intent("pi_1");
    assert_eq!(attempts(&server, retrieve(&none).send()).await, 1);
    assert_eq!(
        attempts(&server, retrieve(&none).max_retries(2).send()).await,
        3
    );
    assert_eq!(attempts(&server, retrieve(&three).send()).await, 4);
    assert_eq!(
        attempts(&server, retrieve(&three).max_retries(0).send()).await,
        1
    );
    assert_eq!(
        attempts(
            &server,
            retrieve(&three).retry_policy(RetryPolicy::never()).send()
        )
        .await,
        1
    );
    assert_eq!(
        attempts(
            &server,
            retrieve(&none).retry_policy(fast_retries(1)).send()
        )
        .await,
        2
    );
}

#[tokio::test]
async fn a_request_retry_count_keeps_the_clients_delays() {
    let server = Server::script(vec![Action::Reply(Reply::problem(503, "Unavailable"))]).await;
    let client = builder(&server)
        .retry_policy(
            RetryPolicy::never()
                .with_delays(Duration::from_millis(300), Duration::from_millis(300)),
        )
        .build()
        .expect("the client builds");
    assert_eq!(
        attempts(
            &server,
            client.retrieve_payment_intent("pi_1").max_retries(1).send()
        )
        .await,
        2
    );
    let received = server.received();
    let waited = received[1].at.duration_since(received[0].at);
    assert!(waited >= Duration::from_millis(145), "{waited:?}");
}

// ---------------------------------------------------------------------------
// Request ids
// ---------------------------------------------------------------------------

/// Response headers, as name and value.
type Headers = &'static [(&'static str, &'static str)];

#[tokio::test]
async fn request_ids_are_exposed_on_success() {
    let cases: [(Headers, Option<&str>); 4] = [
        (&[("x-request-id", "req_x")], Some("req_x")),
        (&[("request-id", "req_plain")], Some("req_plain")),
        (
            &[("request-id", "req_plain"), ("x-request-id", "req_x")],
            Some("req_x"),
        ),
        (&[], None),
    ];
    for (headers, expected) in cases {
        let reply = headers.iter().fold(
            Reply::json(200, &intent_json("pi_1")),
            |reply, (name, value)| reply.header(name, value),
        );
        let server = Server::script(vec![Action::Reply(reply)]).await;
        let response = within(
            client(&server, 0)
                .retrieve_payment_intent("pi_1")
                .send_with_response(),
        )
        .await
        .expect("a success");
        assert_eq!(response.request_id.as_deref(), expected, "{headers:?}");
        assert_eq!(response.status.as_u16(), 200);
        assert_eq!(response.data.id, "pi_1");
        for (name, value) in headers {
            assert_eq!(
                response.headers.get(*name).map(|v| v.as_bytes()),
                Some(value.as_bytes())
            );
        }
    }
}

#[tokio::test]
async fn request_ids_are_exposed_on_every_error_with_a_response() {
    let with_id = |reply: Reply, id: &str| Action::Reply(reply.header("x-request-id", id));
    let cases = [
        (
            with_id(Reply::problem(404, "Not Found"), "req_api"),
            "req_api",
            "Api",
        ),
        (
            with_id(
                Reply::new(400)
                    .header("content-type", "text/plain")
                    .body("nope"),
                "req_unexpected",
            ),
            "req_unexpected",
            "UnexpectedResponse",
        ),
        (
            with_id(
                Reply::new(200)
                    .header("content-type", "application/json")
                    .body("{"),
                "req_decode",
            ),
            "req_decode",
            "Decode",
        ),
        (
            with_id(Reply::new(200).body(vec![b'x'; 5000]), "req_too_large"),
            "req_too_large",
            "BodyTooLarge",
        ),
    ];
    for (action, id, kind) in cases {
        let server = Server::script(vec![action]).await;
        let client = builder(&server)
            .max_retries(0)
            .max_response_bytes(4096)
            .build()
            .expect("the client builds");
        let err = within(client.retrieve_payment_intent("pi_1").send())
            .await
            .expect_err("an error answer");
        let matches_kind = match kind {
            "Api" => matches!(err, Error::Api(_)),
            "UnexpectedResponse" => matches!(err, Error::UnexpectedResponse(_)),
            "Decode" => matches!(err, Error::Decode(_)),
            _ => matches!(err, Error::BodyTooLarge(_)),
        };
        assert!(matches_kind, "expected {kind}: {err:?}");
        assert_eq!(err.request_id(), Some(id), "{kind}");
        assert!(err.to_string().contains(id), "{kind}: {err}");
        assert!(err.status().is_some(), "{kind}");
    }
}

#[tokio::test]
async fn the_request_id_of_the_last_attempt_is_reported() {
    let server = Server::start(|_, n| {
        Action::Reply(
            Reply::problem(503, "Unavailable").header("x-request-id", &format!("req_{n}")),
        )
    })
    .await;
    let err = within(client(&server, 2).retrieve_payment_intent("pi_1").send())
        .await
        .expect_err("every attempt fails");
    assert_eq!(err.request_id(), Some("req_2"));
}

#[tokio::test]
async fn transport_errors_have_no_request_id() {
    let server = Server::script(vec![Action::Reset]).await;
    let err = within(client(&server, 0).retrieve_payment_intent("pi_1").send())
        .await
        .expect_err("the connection is reset");
    assert_eq!(err.request_id(), None);
}

// ---------------------------------------------------------------------------
// Pagination
// ---------------------------------------------------------------------------

/// Answers list requests from `total` payment intents (`pi_000`, `pi_001`,
/// …) with `offset`/`limit` (default 10) and `has_more`.
fn page(request: &Received, total: usize) -> Action {
    let number = |name: &str, default: usize| {
        request
            .query_param(name)
            .map_or(default, |v| v.parse().expect("a number"))
    };
    let offset = number("offset", 0);
    let limit = number("limit", 10);
    let end = (offset + limit).min(total);
    let data: Vec<Value> = (offset.min(end)..end)
        .map(|i| intent_json(&format!("pi_{i:03}")))
        .collect();
    Action::Reply(Reply::json(
        200,
        &json!({"object": "list", "url": "/v2/payment_intents", "has_more": end < total, "data": data}),
    ))
}

async fn paging_server(total: usize) -> Server {
    Server::start(move |request, _| page(request, total)).await
}

fn ids(items: &[PaymentIntentResponse]) -> Vec<String> {
    items.iter().map(|item| item.id.clone()).collect()
}

fn expected_ids(range: std::ops::Range<usize>) -> Vec<String> {
    range.map(|i| format!("pi_{i:03}")).collect()
}

/// `offset` and `limit` of every request received.
fn offsets(server: &Server) -> Vec<(Option<String>, Option<String>)> {
    server
        .received()
        .iter()
        .map(|r| {
            assert_eq!(
                (r.method.as_str(), r.path.as_str()),
                ("GET", "/v2/payment_intents")
            );
            (
                r.query_param("offset").map(str::to_owned),
                r.query_param("limit").map(str::to_owned),
            )
        })
        .collect()
}

#[tokio::test]
async fn the_stream_yields_every_item_once_in_order() {
    let server = paging_server(25).await;
    let stream = client(&server, 0)
        .get_all_payment_intent()
        .limit(10)
        .into_stream();
    let items: Vec<Result<PaymentIntentResponse, Error>> = within(stream.collect()).await;
    let items: Vec<PaymentIntentResponse> = items
        .into_iter()
        .collect::<Result<_, _>>()
        .expect("every page succeeds");
    assert_eq!(ids(&items), expected_ids(0..25));
    let ten = Some("10".to_owned());
    assert_eq!(
        offsets(&server),
        [
            (None, ten.clone()),
            (ten.clone(), ten.clone()),
            (Some("20".to_owned()), ten)
        ]
    );
}

#[tokio::test]
async fn the_stream_fetches_pages_lazily() {
    let server = paging_server(25).await;
    let mut stream = Box::pin(
        client(&server, 0)
            .get_all_payment_intent()
            .limit(10)
            .into_stream(),
    );
    assert_eq!(server.count(), 0, "nothing is fetched before polling");
    for i in 0..10 {
        let item = within(stream.next())
            .await
            .expect("an item")
            .expect("a success");
        assert_eq!(item.id, format!("pi_{i:03}"));
    }
    assert_eq!(server.count(), 1, "the first page holds ten items");
    within(stream.next())
        .await
        .expect("an item")
        .expect("a success");
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn the_stream_starts_at_the_requested_offset() {
    let server = paging_server(25).await;
    let stream = client(&server, 0)
        .get_all_payment_intent()
        .limit(10)
        .offset(5)
        .into_stream();
    let items: Vec<_> = within(
        stream
            .map(|item| item.expect("a success"))
            .collect::<Vec<_>>(),
    )
    .await;
    assert_eq!(ids(&items), expected_ids(5..25));
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn collect_items_stops_at_the_page_holding_the_last_item() {
    for (max, requests, count) in [(12, 2, 12), (10, 1, 10), (0, 0, 0), (100, 3, 25)] {
        let server = paging_server(25).await;
        let items = within(
            client(&server, 0)
                .get_all_payment_intent()
                .limit(10)
                .collect_items(max),
        )
        .await
        .expect("every page succeeds");
        assert_eq!(ids(&items), expected_ids(0..count), "max {max}");
        assert_eq!(server.count(), requests, "max {max}");
    }
}

#[tokio::test]
async fn an_error_on_page_two_ends_the_stream_after_yielding_it() {
    let server = Server::start(|request, _| match request.query_param("offset") {
        Some("10") => Action::Reply(Reply::problem(422, "Unprocessable Entity")),
        _ => page(request, 25),
    })
    .await;
    let stream = client(&server, 2)
        .get_all_payment_intent()
        .limit(10)
        .into_stream();
    let items: Vec<Result<PaymentIntentResponse, Error>> = within(stream.collect()).await;
    assert_eq!(items.len(), 11, "{items:?}");
    assert!(items[..10].iter().all(Result::is_ok));
    assert!(
        matches!(&items[10], Err(Error::Api(err)) if err.status.as_u16() == 422),
        "{:?}",
        items[10]
    );
    assert_eq!(
        server.count(),
        2,
        "a 422 is not retried and nothing follows"
    );

    let collected = within(
        client(&server, 2)
            .get_all_payment_intent()
            .limit(10)
            .collect_items(25),
    )
    .await;
    assert!(matches!(collected, Err(Error::Api(_))), "{collected:?}");
}

#[tokio::test]
async fn a_transient_error_within_the_stream_is_retried() {
    let server = Server::start(|request, n| match (request.query_param("offset"), n) {
        (Some("10"), 1) => Action::Reply(Reply::problem(503, "Unavailable")),
        _ => page(request, 25),
    })
    .await;
    let items = within(
        client(&server, 2)
            .get_all_payment_intent()
            .limit(10)
            .collect_items(25),
    )
    .await
    .expect("the retried page succeeds");
    assert_eq!(ids(&items), expected_ids(0..25));
    assert_eq!(server.count(), 4);
}

#[tokio::test]
async fn an_empty_page_claiming_more_ends_the_stream() {
    let server = Server::script(vec![Action::Reply(Reply::json(
        200,
        &json!({"object": "list", "url": "/v2/payment_intents", "has_more": true, "data": []}),
    ))])
    .await;
    let stream = client(&server, 0)
        .get_all_payment_intent()
        .limit(10)
        .into_stream();
    let items: Vec<_> = within(stream.collect::<Vec<_>>()).await;
    assert!(items.is_empty(), "{items:?}");
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn a_single_page_is_still_an_ordinary_call() {
    let server = paging_server(25).await;
    let page: PaymentIntentListResponse =
        within(client(&server, 0).get_all_payment_intent().limit(10).send())
            .await
            .expect("a page");
    assert!(page.has_more);
    assert_eq!(page.data.len(), 10);
}

// ---------------------------------------------------------------------------
// The blocking client
// ---------------------------------------------------------------------------

/// A server running on a runtime of its own, beside the calling thread.
fn background_server(
    handler: impl Fn(&Received, usize) -> Action + Send + Sync + 'static,
) -> (tokio::runtime::Runtime, Server) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("the server's runtime starts");
    let server = runtime.block_on(Server::start(handler));
    (runtime, server)
}

/// Time limit of each attempt of the blocking tests, which cannot use
/// [`within`]: a hang fails instead of blocking.
const BLOCKING_LIMIT: Duration = Duration::from_secs(10);

fn blocking_client(server: &Server) -> payjp_v2::blocking::Client {
    builder(server)
        .retry_policy(fast_retries(2))
        .timeout(BLOCKING_LIMIT)
        .build_blocking()
        .expect("the blocking client builds")
}

#[test]
fn the_blocking_client_calls_synchronously() {
    let (_runtime, server) = background_server(|_, _| {
        Action::Reply(Reply::json(200, &intent_json("pi_1")).header("x-request-id", "req_blocking"))
    });
    let client = blocking_client(&server);
    let intent = client
        .retrieve_payment_intent("pi_1")
        .send()
        .expect("a success");
    assert_eq!(intent.id, "pi_1");
    let response = client
        .retrieve_payment_intent("pi_1")
        .send_with_response()
        .expect("a success");
    assert_eq!(response.request_id.as_deref(), Some("req_blocking"));
    let received = server.received();
    assert_eq!(received.len(), 2);
    assert_eq!(received[0].path, "/v2/payment_intents/pi_1");
    assert_eq!(
        received[0].header("authorization"),
        Some(format!("Bearer {API_KEY}").as_str())
    );
}

/// The blocking client has a method of its own for every operation (not
/// the async client's through `Deref`), so rustdoc lists them on its page;
/// its own accessors read the client's settings, and `raw` sends anything.
#[test]
fn the_blocking_client_has_its_own_methods() {
    let root = sdkgen_tests::workspace_root().join("generated/src");
    let runtime = std::fs::read_to_string(root.join("blocking.rs")).expect("blocking.rs");
    assert!(!runtime.contains("Deref"), "blocking::Client still derefs");
    let operations = std::fs::read_to_string(root.join("operations/payment_intents.rs"))
        .expect("the operations file");
    let start = operations
        .find("impl crate::blocking::Client {")
        .expect("an impl block of the blocking client");
    let block = &operations[start..];
    let block = &block[..block.find("\n}\n").expect("the block ends")];
    for method in [
        "get_all_payment_intent",
        "create_payment_intent",
        "retrieve_payment_intent",
        "update_payment_intent",
        "cancel_payment_intent",
        "capture_payment_intent",
        "confirm_payment_intent",
        "increment_authorization_payment_intent",
    ] {
        assert!(
            block.contains(&format!("pub fn {method}(")),
            "blocking::Client has no {method}"
        );
    }
    let (_runtime, server) =
        background_server(|_, _| Action::Reply(Reply::json(200, &json!({"ok": true}))));
    let client = blocking_client(&server);
    assert_eq!(client.base_url(), server.uri());
    assert_eq!(client.retry_policy().max_retries, 2);
    let raw = client
        .raw(payjp_v2::Method::GET, "/v2/anything")
        .send()
        .expect("a raw response");
    assert_eq!(raw.status.as_u16(), 200);
}

#[test]
fn the_blocking_client_works_from_a_spawned_thread_and_retries() {
    let (_runtime, server) = background_server(|_, n| match n {
        0 => Action::Reply(Reply::problem(500, "Internal Server Error")),
        _ => intent_reply("pi_created"),
    });
    let client = blocking_client(&server);
    let intent = std::thread::spawn(move || {
        client
            .create_payment_intent(PaymentIntentCreateRequest::new(1000))
            .send()
    })
    .join()
    .expect("the thread does not panic")
    .expect("the retry succeeds");
    assert_eq!(intent.id, "pi_created");
    let received = server.received();
    assert_eq!(received.len(), 2);
    let key = received[0].header("idempotency-key").expect("a key");
    assert!(is_uuid_v4(key), "{key}");
    assert_eq!(received[1].header("idempotency-key"), Some(key));
}

#[test]
fn the_blocking_client_iterates_pages() {
    let (_runtime, server) = background_server(|request, _| page(request, 25));
    let client = blocking_client(&server);
    let items: Vec<PaymentIntentResponse> = client
        .get_all_payment_intent()
        .limit(10)
        .into_items()
        .collect::<Result<_, _>>()
        .expect("every page succeeds");
    assert_eq!(ids(&items), expected_ids(0..25));
    assert_eq!(server.count(), 3);
    let first = client
        .get_all_payment_intent()
        .limit(10)
        .collect_items(12)
        .expect("two pages succeed");
    assert_eq!(ids(&first), expected_ids(0..12));
    assert_eq!(server.count(), 5, "collect_items(12) fetches two pages");
}

#[test]
fn the_blocking_client_refuses_to_run_inside_an_async_runtime() {
    let (_runtime, server) = background_server(|_, _| intent_reply("pi_1"));
    let client = blocking_client(&server);
    let caller = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime starts");
    let (sent, listed) = caller.block_on(async {
        let sent = client.retrieve_payment_intent("pi_1").send();
        let listed: Vec<_> = client.get_all_payment_intent().into_items().collect();
        (sent, listed)
    });
    assert!(matches!(sent, Err(Error::InvalidRequest(_))), "{sent:?}");
    assert_eq!(listed.len(), 1, "one error, then the end: {listed:?}");
    assert!(
        matches!(listed[0], Err(Error::InvalidRequest(_))),
        "{listed:?}"
    );
    assert_eq!(server.count(), 0, "nothing was sent");
    // Outside the runtime the same client works.
    client
        .retrieve_payment_intent("pi_1")
        .send()
        .expect("a success");
}

#[test]
fn a_blocking_client_made_and_dropped_inside_an_async_runtime_does_not_panic() {
    let (_runtime, server) = background_server(|_, _| intent_reply("pi_1"));
    let uri = server.uri();
    let caller = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime starts");
    let sent = caller.block_on(async move {
        let client = Client::builder()
            .api_key(API_KEY)
            .base_url(uri)
            .timeout(BLOCKING_LIMIT)
            .build_blocking()
            .expect("the blocking client builds");
        // The client is dropped at the end of this block, inside the runtime.
        client.retrieve_payment_intent("pi_1").send()
    });
    assert!(matches!(sent, Err(Error::InvalidRequest(_))), "{sent:?}");
}

// ---------------------------------------------------------------------------
// The raw escape hatch
// ---------------------------------------------------------------------------

#[tokio::test]
async fn raw_requests_send_any_method_path_query_and_body() {
    let server = Server::script(vec![Action::Reply(
        Reply::json(201, &json!({"made": true})).header("x-request-id", "req_raw"),
    )])
    .await;
    let raw = within(
        client(&server, 0)
            .raw("POST".parse().expect("a method"), "/v2/anything/at_all")
            .query("a", &1)
            .query("b", &json!({"c": "x y"}))
            .json(&json!({"k": "v", "n": [1, 2]}))
            .send(),
    )
    .await
    .expect("a raw response");
    assert_eq!(raw.status.as_u16(), 201);
    assert_eq!(raw.body.as_ref(), br#"{"made":true}"#);
    assert_eq!(raw.request_id.as_deref(), Some("req_raw"));
    let received = &server.received()[0];
    assert_eq!(received.method, "POST");
    assert_eq!(received.path, "/v2/anything/at_all");
    assert_eq!(received.query, "a=1&b%5Bc%5D=x+y");
    assert_eq!(received.json(), json!({"k": "v", "n": [1, 2]}));
    assert_eq!(received.header("content-type"), Some("application/json"));
    assert_eq!(
        received.header("authorization"),
        Some(format!("Bearer {API_KEY}").as_str())
    );
    let key = received
        .header("idempotency-key")
        .expect("a raw POST has a key");
    assert!(is_uuid_v4(key), "{key}");
}

#[tokio::test]
async fn a_raw_404_is_a_response_not_an_error() {
    let server = Server::script(vec![Action::Reply(
        Reply::problem(404, "Not Found").header("request-id", "req_404"),
    )])
    .await;
    let response = within(
        client(&server, 2)
            .raw("GET".parse().expect("a method"), "/v2/nowhere")
            .send_with_response(),
    )
    .await
    .expect("any status is a response");
    assert_eq!(response.status.as_u16(), 404);
    assert_eq!(response.request_id.as_deref(), Some("req_404"));
    let body: Value = serde_json::from_slice(&response.data.body).expect("the problem body");
    assert_eq!(body["title"], "Not Found");
    assert_eq!(server.count(), 1);
    assert_eq!(
        server.received()[0].header("idempotency-key"),
        None,
        "only POSTs get keys"
    );
}

#[tokio::test]
async fn raw_requests_use_any_method() {
    let server = Server::script(vec![Action::Reply(Reply::new(204))]).await;
    let client = client(&server, 0);
    for method in ["PUT", "PATCH", "DELETE", "OPTIONS"] {
        let raw = within(
            client
                .raw(method.parse().expect("a method"), "/v2/x")
                .send(),
        )
        .await
        .expect("a raw response");
        assert_eq!(raw.status.as_u16(), 204);
    }
    let methods: Vec<String> = server.received().into_iter().map(|r| r.method).collect();
    assert_eq!(methods, ["PUT", "PATCH", "DELETE", "OPTIONS"]);
}

#[tokio::test]
async fn raw_requests_are_retried_with_one_key() {
    let server = Server::script(vec![
        Action::Reply(Reply::problem(503, "Unavailable")),
        Action::Reply(Reply::json(200, &json!({"ok": true}))),
    ])
    .await;
    let raw = within(
        client(&server, 2)
            .raw("POST".parse().expect("a method"), "/v2/anything")
            .json(&json!({}))
            .send(),
    )
    .await
    .expect("a raw response");
    assert_eq!(raw.status.as_u16(), 200);
    let received = server.received();
    assert_eq!(received.len(), 2);
    assert_eq!(
        received[0].header("idempotency-key"),
        received[1].header("idempotency-key")
    );

    // When every attempt fails, the last answer is returned as it came.
    let failing = Server::script(vec![Action::Reply(Reply::problem(503, "Unavailable"))]).await;
    let raw = within(
        client(&failing, 2)
            .raw("GET".parse().expect("a method"), "/v2/x")
            .send(),
    )
    .await
    .expect("a raw response");
    assert_eq!(raw.status.as_u16(), 503);
    assert_eq!(failing.count(), 3);
}

// ---------------------------------------------------------------------------
// Redaction
// ---------------------------------------------------------------------------

/// Fails if `text` contains any of `secrets`.
fn assert_hides(what: &str, text: &str, secrets: &[&str]) {
    for secret in secrets {
        assert!(!text.contains(secret), "{what} shows {secret:?}: {text}");
    }
}

/// The error a client with no retries gets for `reply` to a retrieve call.
async fn error_for(reply: Reply) -> Error {
    let server = Server::script(vec![Action::Reply(reply)]).await;
    within(client(&server, 0).retrieve_payment_intent("pi_1").send())
        .await
        .expect_err("an error answer")
}

fn assert_error_hides(err: &Error, secrets: &[&str]) {
    assert_hides("Debug", &format!("{err:?}"), secrets);
    assert_hides("pretty Debug", &format!("{err:#?}"), secrets);
    assert_hides("Display", &format!("{err}"), secrets);
}

#[tokio::test]
async fn decode_errors_hide_secrets_of_a_json_body() {
    let body = r#"{"id":"pi_1","client_secret":"pi_secret_abc","amount":"not a number"}"#;
    let err = error_for(
        Reply::new(200)
            .header("content-type", "application/json")
            .body(body),
    )
    .await;
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
    assert_error_hides(&err, &["pi_secret_abc"]);
    assert!(format!("{err}").contains("[redacted]"), "{err}");
}

#[tokio::test]
async fn decode_errors_hide_secrets_of_a_malformed_json_body() {
    // Cut short: not JSON, but the secret is there in plain text.
    let body = r#"{"id":"pi_1","client_secret":"pi_secret_abc","amount":10"#;
    let err = error_for(
        Reply::new(200)
            .header("content-type", "application/json")
            .body(body),
    )
    .await;
    assert!(matches!(err, Error::Decode(_)), "{err:?}");
    assert_error_hides(&err, &["pi_secret_abc"]);
}

#[tokio::test]
async fn api_errors_hide_card_details_of_the_body() {
    let body = json!({
        "type": "https://pay.jp/errors/card",
        "title": "Card declined",
        "status": 402,
        "number": CARD_NUMBER,
        "card": {"number": CARD_NUMBER, "cvc": CARD_CVC},
    });
    let err = error_for(Reply::json(402, &body)).await;
    assert!(matches!(err, Error::Api(_)), "{err:?}");
    assert_error_hides(&err, &[CARD_NUMBER, CARD_CVC]);
}

#[tokio::test]
async fn api_errors_hide_card_details_in_validation_errors() {
    // `errors` maps are kept when decoding, so the decoded body holds them too.
    let body = json!({
        "type": "https://pay.jp/errors/validation",
        "title": "Invalid card",
        "status": 422,
        "errors": [{"field": "card", "number": CARD_NUMBER, "cvc": CARD_CVC}],
    });
    let err = error_for(Reply::json(422, &body)).await;
    assert!(matches!(err, Error::Api(_)), "{err:?}");
    assert_error_hides(&err, &[CARD_NUMBER, CARD_CVC]);
}

#[tokio::test]
async fn unexpected_responses_hide_card_details() {
    let body = json!({"echo": {"card": {"number": CARD_NUMBER, "cvc": CARD_CVC}}});
    let err = error_for(Reply::json(418, &body)).await;
    assert!(matches!(err, Error::UnexpectedResponse(_)), "{err:?}");
    assert_error_hides(&err, &[CARD_NUMBER, CARD_CVC]);
}

#[tokio::test]
async fn responses_and_raw_responses_hide_secrets() {
    let server = Server::script(vec![Action::Reply(Reply::json(200, &intent_json("pi_1")))]).await;
    let client = client(&server, 0);
    let response = within(client.retrieve_payment_intent("pi_1").send_with_response())
        .await
        .expect("a success");
    assert_eq!(response.data.client_secret, "pi_1_secret_Qw7Rt9");
    assert_hides(
        "Response",
        &format!("{response:?}"),
        &["pi_1_secret_Qw7Rt9"],
    );
    let raw = within(
        client
            .raw("GET".parse().expect("a method"), "/v2/payment_intents/pi_1")
            .send(),
    )
    .await
    .expect("a raw response");
    assert_hides("RawResponse", &format!("{raw:?}"), &["pi_1_secret_Qw7Rt9"]);
}

#[test]
fn debug_of_clients_requests_and_models_hides_secrets() {
    let secrets = [API_KEY, CARD_NUMBER, CARD_CVC, "pi_1_secret_Qw7Rt9"];
    let builder = Client::builder().api_key(API_KEY);
    assert_hides("ClientBuilder", &format!("{builder:?}"), &secrets);
    let client = builder.build().expect("the client builds");
    assert_hides("Client", &format!("{client:?}"), &secrets);
    let blocking = payjp_v2::blocking::Client::new(API_KEY).expect("the blocking client builds");
    assert_hides("blocking Client", &format!("{blocking:?}"), &secrets);

    let body = PaymentIntentCreateRequest::new(1000).payment_method_data(card());
    assert_hides("PaymentIntentCreateRequest", &format!("{body:?}"), &secrets);
    let request = client.create_payment_intent(body).header("x-trace", "t1");
    assert_hides("Request", &format!("{request:?}"), &secrets);
    assert_hides("Request", &format!("{request:#?}"), &secrets);
    let details =
        PaymentMethodCreateCardDetailsRequest::new(PaymentMethodCreateCardDetailsRequestRequired {
            number: CARD_NUMBER.into(),
            exp_month: 12,
            exp_year: 2030,
            cvc: CARD_CVC.into(),
        });
    assert_hides("card details", &format!("{details:?}"), &secrets);

    let intent: PaymentIntentResponse =
        serde_json::from_value(intent_json("pi_1")).expect("a payment intent");
    assert_hides("PaymentIntentResponse", &format!("{intent:?}"), &secrets);
    let list: PaymentIntentListResponse = serde_json::from_value(json!({
        "url": "/v2/payment_intents", "has_more": false, "data": [intent_json("pi_1")]
    }))
    .expect("a list");
    assert_hides("PaymentIntentListResponse", &format!("{list:#?}"), &secrets);
}

// ---------------------------------------------------------------------------
// Tracing
// ---------------------------------------------------------------------------

/// A span or event as captured: its name and fields, values as text.
#[derive(Clone, Debug, Default)]
struct Captured {
    name: String,
    fields: BTreeMap<String, String>,
}

/// Everything the SDK traced while the capture was installed.
#[derive(Clone, Default)]
struct Capture {
    spans: Arc<Mutex<Vec<Captured>>>,
    events: Arc<Mutex<Vec<Captured>>>,
}

/// Where a span's record sits in [`Capture::spans`].
struct SpanIndex(usize);

impl Capture {
    fn spans(&self) -> MutexGuard<'_, Vec<Captured>> {
        self.spans.lock().expect("the capture is not poisoned")
    }

    fn events(&self) -> MutexGuard<'_, Vec<Captured>> {
        self.events.lock().expect("the capture is not poisoned")
    }

    /// The `http_request` spans, in order of creation.
    fn http_spans(&self) -> Vec<Captured> {
        self.spans()
            .iter()
            .filter(|span| span.name == "http_request")
            .cloned()
            .collect()
    }

    /// Every name and value captured, for leak checks.
    fn text(&self) -> String {
        let spans = self.spans().clone();
        let events = self.events().clone();
        format!("{spans:?}{events:?}")
    }
}

impl tracing::field::Visit for Captured {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.fields
            .insert(field.name().to_owned(), format!("{value:?}"));
    }

    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        self.fields
            .insert(field.name().to_owned(), value.to_owned());
    }
}

impl<S> tracing_subscriber::Layer<S> for Capture
where
    S: tracing::Subscriber + for<'a> tracing_subscriber::registry::LookupSpan<'a>,
{
    fn on_new_span(
        &self,
        attrs: &tracing::span::Attributes<'_>,
        id: &tracing::span::Id,
        ctx: tracing_subscriber::layer::Context<'_, S>,
    ) {
        let mut captured = Captured {
            name: attrs.metadata().name().to_owned(),
            fields: BTreeMap::new(),
        };
        attrs.record(&mut captured);
        let index = {
            let mut spans = self.spans();
            spans.push(captured);
            spans.len() - 1
        };
        if let Some(span) = ctx.span(id) {
            span.extensions_mut().insert(SpanIndex(index));
        }
    }

    fn on_record(
        &self,
        id: &tracing::span::Id,
        values: &tracing::span::Record<'_>,
        ctx: tracing_subscriber::layer::Context<'_, S>,
    ) {
        let Some(span) = ctx.span(id) else { return };
        let extensions = span.extensions();
        let Some(SpanIndex(index)) = extensions.get::<SpanIndex>() else {
            return;
        };
        values.record(&mut self.spans()[*index]);
    }

    fn on_event(&self, event: &tracing::Event<'_>, ctx: tracing_subscriber::layer::Context<'_, S>) {
        let mut captured = Captured {
            name: event.metadata().name().to_owned(),
            fields: BTreeMap::new(),
        };
        event.record(&mut captured);
        if let Some(span) = ctx.event_span(event) {
            captured
                .fields
                .insert("parent".to_owned(), span.name().to_owned());
            if let Some(SpanIndex(index)) = span.extensions().get::<SpanIndex>() {
                captured
                    .fields
                    .insert("parent_index".to_owned(), index.to_string());
            }
        }
        self.events().push(captured);
    }
}

/// Installs a capture on this thread until the guard drops.
fn capture() -> (Capture, tracing::subscriber::DefaultGuard) {
    use tracing_subscriber::layer::SubscriberExt;
    let capture = Capture::default();
    let guard =
        tracing::subscriber::set_default(tracing_subscriber::registry().with(capture.clone()));
    (capture, guard)
}

fn field<'a>(span: &'a Captured, name: &str) -> Option<&'a str> {
    span.fields.get(name).map(String::as_str)
}

#[tokio::test]
async fn one_span_per_attempt_with_operation_method_path_attempt_and_status() {
    let server = Server::script(vec![
        Action::Reply(Reply::problem(500, "Internal Server Error")),
        Action::Reply(Reply::problem(503, "Unavailable")),
        intent_reply("pi_trace_0042"),
    ])
    .await;
    let (capture, _guard) = capture();
    within(
        client(&server, 2)
            .retrieve_payment_intent("pi_trace_0042")
            .send(),
    )
    .await
    .expect("the third attempt succeeds");
    let spans = capture.http_spans();
    assert_eq!(spans.len(), 3, "{spans:#?}");
    for (i, (span, status)) in spans.iter().zip(["500", "503", "200"]).enumerate() {
        assert_eq!(
            field(span, "operation"),
            Some("RetrievePaymentIntent"),
            "{span:?}"
        );
        assert_eq!(field(span, "method"), Some("GET"), "{span:?}");
        assert_eq!(
            field(span, "path"),
            Some("/v2/payment_intents/{payment_intent_id}"),
            "{span:?}"
        );
        assert_eq!(
            field(span, "attempt"),
            Some((i + 1).to_string().as_str()),
            "{span:?}"
        );
        assert_eq!(field(span, "status"), Some(status), "{span:?}");
    }
    let retrying: Vec<Captured> = capture
        .events()
        .iter()
        .filter(|event| field(event, "message") == Some("retrying"))
        .cloned()
        .collect();
    assert_eq!(retrying.len(), 2, "{retrying:#?}");
    for event in &retrying {
        let delay: u64 = field(event, "delay_ms")
            .and_then(|ms| ms.parse().ok())
            .unwrap_or_else(|| panic!("a delay in ms: {event:?}"));
        assert!(delay <= 100, "{event:?}");
        assert_eq!(field(event, "parent"), Some("http_request"), "{event:?}");
    }
    assert_hides("traces", &capture.text(), &["pi_trace_0042"]);
}

#[tokio::test]
async fn a_failed_attempt_has_a_span_without_status() {
    let server = Server::script(vec![Action::Reset, intent_reply("pi_1")]).await;
    let (capture, _guard) = capture();
    within(client(&server, 2).retrieve_payment_intent("pi_1").send())
        .await
        .expect("the retry succeeds");
    let spans = capture.http_spans();
    assert_eq!(spans.len(), 2, "{spans:#?}");
    assert_eq!(field(&spans[0], "attempt"), Some("1"));
    assert_eq!(field(&spans[0], "status"), None, "{:?}", spans[0]);
    assert_eq!(field(&spans[1], "attempt"), Some("2"));
    assert_eq!(field(&spans[1], "status"), Some("200"));
}

#[tokio::test]
async fn traces_carry_no_secrets() {
    let server = Server::script(vec![
        Action::Reply(Reply::problem(500, "Internal Server Error")),
        intent_reply("pi_traced"),
    ])
    .await;
    let (capture, _guard) = capture();
    let intent = within(
        client(&server, 2)
            .create_payment_intent(
                PaymentIntentCreateRequest::new(1000).payment_method_data(card()),
            )
            .send(),
    )
    .await
    .expect("the retry succeeds");
    let received = server.received();
    let key = received[0].header("idempotency-key").expect("a key");
    assert_eq!(
        received[0].json()["payment_method_data"]["card"]["number"],
        CARD_NUMBER
    );
    let spans = capture.http_spans();
    assert_eq!(spans.len(), 2, "{spans:#?}");
    assert_eq!(field(&spans[0], "method"), Some("POST"));
    assert_eq!(field(&spans[0], "path"), Some("/v2/payment_intents"));
    assert_eq!(field(&spans[0], "operation"), Some("CreatePaymentIntent"));
    let text = capture.text();
    assert_hides(
        "traces",
        &text,
        &[API_KEY, key, CARD_NUMBER, CARD_CVC, &intent.client_secret],
    );
}
