//! Fault tests: the PAY.JP SDK against a loopback server that misbehaves on purpose.
//!
//! Connection resets, error statuses, `Retry-After`, truncated, malformed,
//! mislabelled, oversized and slow bodies: each ends in its documented
//! outcome — success after retries or a typed error — never a panic, and in
//! bounded time. The idempotency tests run against a server that stores what
//! it creates by `Idempotency-Key`, as PAY.JP does.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use payjp_v2::models::PaymentIntentCreateRequest;
use payjp_v2::{Client, Error};
use serde_json::{json, Value};

use crate::misbehaving::{
    client, fast_retries, intent_json, intent_reply, is_uuid_v4, within, Action, Reply, Server,
    API_KEY,
};

/// A call every test can make: retrieve one payment intent.
async fn retrieve(client: &Client) -> Result<payjp_v2::models::PaymentIntentResponse, Error> {
    within(client.retrieve_payment_intent("pi_fault_1").send()).await
}

/// An HTTP date `ahead` of now (negative: in the past), as `Retry-After` carries it.
fn http_date(ahead: chrono::TimeDelta) -> String {
    (chrono::Utc::now() + ahead)
        .format("%a, %d %b %Y %H:%M:%S GMT")
        .to_string()
}

/// The time between the arrival of requests `a` and `b`.
fn gap(server: &Server, a: usize, b: usize) -> Duration {
    let received = server.received();
    received[b].at.duration_since(received[a].at)
}

fn expect_api(result: Result<impl std::fmt::Debug, Error>, status: u16) {
    match result {
        Err(Error::Api(err)) => assert_eq!(err.status.as_u16(), status, "{err:?}"),
        other => panic!("expected Error::Api with {status}, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------
// Connection failures
// ---------------------------------------------------------------------------

#[tokio::test]
async fn connection_reset_on_every_attempt_is_a_transport_error_after_all_retries() {
    for (action, max_retries) in [
        (Action::Reset, 0),
        (Action::Reset, 2),
        (Action::Reset, 3),
        (Action::Close, 2),
    ] {
        let case = format!("{action:?} with max_retries {max_retries}");
        let server = Server::script(vec![action]).await;
        let result = retrieve(&client(&server, max_retries)).await;
        assert!(
            matches!(result, Err(Error::Transport(_))),
            "{case}: {result:?}"
        );
        let attempts = 1 + max_retries as usize;
        assert_eq!(server.connections(), attempts, "{case}");
        assert_eq!(server.count(), attempts, "{case}");
    }
}

#[tokio::test]
async fn a_reset_then_an_answer_succeeds() {
    let server = Server::script(vec![Action::Reset, intent_reply("pi_fault_1")]).await;
    let intent = retrieve(&client(&server, 2))
        .await
        .expect("the retry succeeds");
    assert_eq!(intent.id, "pi_fault_1");
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn nothing_listening_is_a_transport_error_not_a_panic() {
    let server = Server::script(vec![Action::Reset]).await;
    let uri = server.uri();
    drop(server);
    tokio::task::yield_now().await;
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(uri)
        .retry_policy(fast_retries(1))
        .build()
        .expect("the client builds");
    let result = retrieve(&client).await;
    match &result {
        Err(Error::Transport(transport)) => {
            assert_eq!(transport.kind, payjp_v2::TransportKind::Connect);
            assert_eq!(transport.status, None);
        }
        other => panic!("expected a refused connection, got {other:?}"),
    }
    let text = result.expect_err("refused").to_string();
    assert!(
        text.starts_with("could not connect to the server: "),
        "{text}"
    );
}

// ---------------------------------------------------------------------------
// Error statuses
// ---------------------------------------------------------------------------

#[tokio::test]
async fn a_500_then_200_succeeds_with_exactly_two_requests() {
    let server = Server::script(vec![
        Action::Reply(Reply::problem(500, "Internal Server Error")),
        intent_reply("pi_fault_1"),
    ])
    .await;
    let intent = retrieve(&client(&server, 2))
        .await
        .expect("the retry succeeds");
    assert_eq!(intent.id, "pi_fault_1");
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn every_retryable_status_is_retried() {
    for status in [408, 409, 429, 500, 502, 503, 504] {
        let server = Server::script(vec![
            Action::Reply(Reply::problem(status, "try again")),
            intent_reply("pi_fault_1"),
        ])
        .await;
        let result = retrieve(&client(&server, 2)).await;
        assert!(result.is_ok(), "{status}: {result:?}");
        assert_eq!(server.count(), 2, "{status} is retried once");
    }
}

#[tokio::test]
async fn other_4xx_statuses_are_never_retried() {
    for status in [400, 401, 402, 403, 404, 405, 410, 422] {
        let server = Server::script(vec![
            Action::Reply(Reply::problem(status, "no")),
            intent_reply("pi_fault_1"),
        ])
        .await;
        expect_api(retrieve(&client(&server, 3)).await, status);
        assert_eq!(server.count(), 1, "{status} is not retried");
    }
}

#[tokio::test]
async fn a_503_three_times_fails_after_three_attempts() {
    let problem = Server::script(vec![Action::Reply(Reply::problem(503, "Unavailable"))]).await;
    expect_api(retrieve(&client(&problem, 2)).await, 503);
    assert_eq!(problem.count(), 3);

    let html = Server::script(vec![Action::Reply(
        Reply::new(503)
            .header("content-type", "text/html")
            .body("<html><body>upstream unavailable</body></html>"),
    )])
    .await;
    match retrieve(&client(&html, 2)).await {
        Err(Error::UnexpectedResponse(err)) => {
            assert_eq!(err.status.as_u16(), 503);
            assert_eq!(err.content_type.as_deref(), Some("text/html"));
            assert!(err.body.starts_with(b"<html>"), "{err:?}");
        }
        other => panic!("expected UnexpectedResponse, got {other:?}"),
    }
    assert_eq!(html.count(), 3);
}

#[tokio::test]
async fn a_503_three_times_then_200_succeeds_with_three_retries() {
    let unavailable = Action::Reply(Reply::problem(503, "Unavailable"));
    let server = Server::script(vec![
        unavailable.clone(),
        unavailable.clone(),
        unavailable,
        intent_reply("pi_fault_1"),
    ])
    .await;
    let intent = retrieve(&client(&server, 3))
        .await
        .expect("the 4th attempt succeeds");
    assert_eq!(intent.id, "pi_fault_1");
    assert_eq!(server.count(), 4);
}

#[tokio::test]
async fn backoff_waits_between_attempts() {
    let server = Server::script(vec![
        Action::Reply(Reply::problem(503, "Unavailable")),
        Action::Reply(Reply::problem(503, "Unavailable")),
        intent_reply("pi_fault_1"),
    ])
    .await;
    // 200 ms doubling: the jittered waits are at least 100 ms, then 200 ms.
    let policy = payjp_v2::RetryPolicy::default()
        .with_delays(Duration::from_millis(200), Duration::from_secs(1));
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(server.uri())
        .retry_policy(policy)
        .build()
        .expect("the client builds");
    retrieve(&client).await.expect("the 3rd attempt succeeds");
    assert!(
        gap(&server, 0, 1) >= Duration::from_millis(95),
        "{:?}",
        gap(&server, 0, 1)
    );
    assert!(
        gap(&server, 1, 2) >= Duration::from_millis(195),
        "{:?}",
        gap(&server, 1, 2)
    );
}

// ---------------------------------------------------------------------------
// Retry-After
// ---------------------------------------------------------------------------

#[tokio::test]
async fn retry_after_seconds_is_honoured() {
    let server = Server::script(vec![
        Action::Reply(Reply::problem(429, "Too Many Requests").header("retry-after", "1")),
        intent_reply("pi_fault_1"),
    ])
    .await;
    let started = Instant::now();
    retrieve(&client(&server, 2))
        .await
        .expect("the retry succeeds");
    assert_eq!(server.count(), 2);
    // The backoff alone would wait at most 100 ms.
    let waited = gap(&server, 0, 1);
    assert!(waited >= Duration::from_millis(950), "{waited:?}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn retry_after_as_an_http_date_is_honoured() {
    // Dated 2 s after the answer is made; whole seconds, so the wait is 1 to 2 s.
    let dates = Arc::new(Mutex::new(Vec::new()));
    let sent = Arc::clone(&dates);
    let server = Server::start(move |_, n| {
        if n > 0 {
            return intent_reply("pi_fault_1");
        }
        let date = http_date(chrono::TimeDelta::seconds(2));
        sent.lock().expect("not poisoned").push(date.clone());
        Action::Reply(Reply::problem(503, "Unavailable").header("retry-after", &date))
    })
    .await;
    retrieve(&client(&server, 2))
        .await
        .expect("the retry succeeds");
    assert_eq!(server.count(), 2);
    let waited = gap(&server, 0, 1);
    let date = dates.lock().expect("not poisoned").join("");
    // The backoff alone would wait at most 100 ms.
    assert!(waited >= Duration::from_millis(800), "{date}: {waited:?}");
    assert!(waited < Duration::from_secs(4), "{date}: {waited:?}");
}

#[tokio::test]
async fn retry_after_in_the_past_retries_at_once() {
    let date = http_date(chrono::TimeDelta::seconds(-30));
    let server = Server::script(vec![
        Action::Reply(Reply::problem(503, "Unavailable").header("retry-after", &date)),
        intent_reply("pi_fault_1"),
    ])
    .await;
    retrieve(&client(&server, 2))
        .await
        .expect("the retry succeeds");
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn retry_after_beyond_the_cap_ends_the_retries_promptly() {
    let far_date = http_date(chrono::TimeDelta::hours(1));
    for retry_after in ["3600", far_date.as_str()] {
        let server = Server::script(vec![
            Action::Reply(
                Reply::problem(429, "Too Many Requests").header("retry-after", retry_after),
            ),
            intent_reply("pi_fault_1"),
        ])
        .await;
        let started = Instant::now();
        expect_api(retrieve(&client(&server, 2)).await, 429);
        assert_eq!(server.count(), 1, "Retry-After {retry_after}");
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{:?}",
            started.elapsed()
        );
    }
}

#[tokio::test]
async fn the_retry_after_cap_is_configurable() {
    let server = Server::script(vec![
        Action::Reply(Reply::problem(429, "Too Many Requests").header("retry-after", "2")),
        intent_reply("pi_fault_1"),
    ])
    .await;
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(server.uri())
        .retry_policy(fast_retries(2).with_max_retry_after(Duration::from_secs(1)))
        .build()
        .expect("the client builds");
    expect_api(retrieve(&client).await, 429);
    assert_eq!(server.count(), 1, "a 2 s Retry-After exceeds the 1 s cap");
}

// ---------------------------------------------------------------------------
// Bodies
// ---------------------------------------------------------------------------

#[tokio::test]
async fn a_truncated_body_is_retried_and_finally_a_transport_error() {
    let partial = Reply::new(200)
        .header("content-type", "application/json")
        .body(r#"{"id":"pi_fault_1","obj"#);
    let server = Server::script(vec![Action::Truncate(partial, 1000)]).await;
    let result = retrieve(&client(&server, 2)).await;
    let err = result.expect_err("the body is cut off");
    match &err {
        Error::Transport(transport) => {
            assert_eq!(transport.kind, payjp_v2::TransportKind::BodyCutOff);
            assert_eq!(transport.status.map(|s| s.as_u16()), Some(200));
        }
        other => panic!("expected a cut-off body, got {other:?}"),
    }
    assert_eq!(err.status().map(|s| s.as_u16()), Some(200));
    assert!(
        err.to_string()
            .starts_with("the 200 OK response's body was cut off: "),
        "{err}"
    );
    assert_eq!(server.count(), 3, "the truncated body is retried");
}

#[tokio::test]
async fn a_truncated_body_then_a_whole_one_succeeds() {
    let partial = Reply::new(200)
        .header("content-type", "application/json")
        .body("{");
    let server = Server::script(vec![
        Action::Truncate(partial, 1000),
        intent_reply("pi_fault_1"),
    ])
    .await;
    retrieve(&client(&server, 2))
        .await
        .expect("the retry succeeds");
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn malformed_json_on_200_is_a_decode_error_not_retried() {
    let body = r#"{"id":"pi_fault_1","amount":10"#;
    let server = Server::script(vec![Action::Reply(
        Reply::new(200)
            .header("content-type", "application/json")
            .header("x-request-id", "req_malformed")
            .body(body),
    )])
    .await;
    match retrieve(&client(&server, 3)).await {
        Err(Error::Decode(err)) => {
            assert_eq!(err.status.as_u16(), 200);
            assert_eq!(err.body.as_ref(), body.as_bytes(), "the body is kept");
            assert_eq!(err.request_id.as_deref(), Some("req_malformed"));
        }
        other => panic!("expected Error::Decode, got {other:?}"),
    }
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn html_on_200_is_unexpected_keeping_the_body_and_its_type() {
    let html = "<!DOCTYPE html><html><body><h1>Maintenance</h1></body></html>";
    let server = Server::script(vec![Action::Reply(
        Reply::new(200)
            .header("content-type", "text/html; charset=utf-8")
            .body(html),
    )])
    .await;
    let err = retrieve(&client(&server, 3))
        .await
        .expect_err("HTML is not a payment intent");
    match &err {
        Error::UnexpectedResponse(unexpected) => {
            assert_eq!(unexpected.status.as_u16(), 200);
            assert_eq!(
                unexpected.content_type.as_deref(),
                Some("text/html; charset=utf-8")
            );
            assert_eq!(unexpected.body.as_ref(), html.as_bytes());
        }
        other => panic!("expected Error::UnexpectedResponse, got {other:?}"),
    }
    assert!(err.to_string().contains("Maintenance"), "{err}");
    assert_eq!(server.count(), 1);
}

/// A problem-details error (RFC 9457) read through `ApiError`'s accessors,
/// and its `Display`: the status, the message (`detail`, else `title`) and
/// the request id.
#[tokio::test]
async fn problem_details_errors_say_what_happened() {
    let problem = |detail: Value| {
        Reply::new(404)
            .header("content-type", "application/problem+json")
            .header("x-request-id", "req_problem")
            .body(
                json!({
                    "type": "https://pay.jp/problems/not-found",
                    "title": "Not Found",
                    "status": 404,
                    "detail": detail,
                })
                .to_string(),
            )
    };
    let server = Server::script(vec![
        Action::Reply(problem(json!("No such payment intent: pi_fault_1"))),
        Action::Reply(problem(Value::Null)),
    ])
    .await;
    let client = client(&server, 0);
    let err = retrieve(&client).await.expect_err("a 404");
    let api = err.api().expect("an API error");
    assert_eq!(api.message(), Some("No such payment intent: pi_fault_1"));
    assert_eq!(api.error_type(), Some("https://pay.jp/problems/not-found"));
    assert_eq!((api.code(), api.param()), (None, None));
    assert_eq!(
        err.to_string(),
        "404 Not Found: No such payment intent: pi_fault_1 [request req_problem]"
    );
    let err = retrieve(&client).await.expect_err("a 404");
    assert_eq!(
        err.to_string(),
        "404 Not Found: Not Found [request req_problem]"
    );
}

#[tokio::test]
async fn a_huge_content_length_is_refused_before_reading() {
    let server = Server::script(vec![Action::Stall(
        Reply::new(200)
            .header("content-type", "application/json")
            .body("{\"data\":["),
        100 * 1024 * 1024,
    )])
    .await;
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(server.uri())
        .retry_policy(fast_retries(2))
        .max_response_bytes(64 * 1024)
        .build()
        .expect("the client builds");
    let started = Instant::now();
    match retrieve(&client).await {
        Err(Error::BodyTooLarge(err)) => {
            assert_eq!(err.status.as_u16(), 200);
            assert_eq!(err.limit, 64 * 1024);
        }
        other => panic!("expected Error::BodyTooLarge, got {other:?}"),
    }
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(server.count(), 1, "a body too large is not retried");
}

#[tokio::test]
async fn an_endless_chunked_body_stops_at_the_limit() {
    let server = Server::script(vec![Action::Endless(
        Reply::new(200).header("content-type", "application/json"),
    )])
    .await;
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(server.uri())
        .retry_policy(fast_retries(2))
        .max_response_bytes(256 * 1024)
        .build()
        .expect("the client builds");
    let started = Instant::now();
    let result = retrieve(&client).await;
    assert!(matches!(result, Err(Error::BodyTooLarge(_))), "{result:?}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn a_body_of_exactly_the_limit_is_accepted() {
    let limit = 1000;
    let exact = Server::script(vec![Action::Reply(Reply::new(200).body(vec![b'a'; limit]))]).await;
    let over = Server::script(vec![Action::Reply(
        Reply::new(200).body(vec![b'a'; limit + 1]),
    )])
    .await;
    for (server, fits) in [(&exact, true), (&over, false)] {
        let client = Client::builder()
            .api_key(API_KEY)
            .base_url(server.uri())
            .max_response_bytes(limit)
            .build()
            .expect("the client builds");
        let result = within(
            client
                .raw("GET".parse().expect("a method"), "/v2/blob")
                .send(),
        )
        .await;
        match result {
            Ok(raw) if fits => assert_eq!(raw.body.len(), limit),
            Err(Error::BodyTooLarge(err)) if !fits => assert_eq!(err.limit, limit),
            other => panic!("fits {fits}: {other:?}"),
        }
    }
}

// ---------------------------------------------------------------------------
// Timeouts
// ---------------------------------------------------------------------------

#[tokio::test]
async fn a_response_slower_than_the_timeout_times_out_on_every_attempt() {
    let server = Server::script(vec![Action::Delay(
        Duration::from_secs(10),
        Reply::json(200, &intent_json("pi_fault_1")),
    )])
    .await;
    let timeout = Duration::from_millis(200);
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(server.uri())
        .timeout(timeout)
        .retry_policy(fast_retries(2))
        .build()
        .expect("the client builds");
    let started = Instant::now();
    let err = retrieve(&client)
        .await
        .expect_err("every attempt times out");
    let elapsed = started.elapsed();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert!(err.is_timeout(), "{err:?}");
    assert_eq!(server.connections(), 3);
    // 3 attempts of 200 ms, two waits of at most 100 ms.
    assert!(elapsed >= timeout * 3, "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
}

#[tokio::test]
async fn a_body_that_stalls_halfway_times_out() {
    let server = Server::script(vec![Action::Stall(
        Reply::new(200)
            .header("content-type", "application/json")
            .body("{\"id\":"),
        2000,
    )])
    .await;
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(server.uri())
        .timeout(Duration::from_millis(300))
        .max_retries(0)
        .build()
        .expect("the client builds");
    let started = Instant::now();
    let err = retrieve(&client)
        .await
        .expect_err("the body never completes");
    assert!(err.is_timeout(), "{err:?}");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_slow_response_then_a_fast_one_succeeds() {
    let server = Server::script(vec![
        Action::Delay(
            Duration::from_secs(10),
            Reply::json(200, &intent_json("pi_slow")),
        ),
        intent_reply("pi_fault_1"),
    ])
    .await;
    let client = Client::builder()
        .api_key(API_KEY)
        .base_url(server.uri())
        .timeout(Duration::from_millis(200))
        .retry_policy(fast_retries(2))
        .build()
        .expect("the client builds");
    let intent = retrieve(&client).await.expect("the retry succeeds");
    assert_eq!(intent.id, "pi_fault_1");
    assert_eq!(server.count(), 2);
}

// ---------------------------------------------------------------------------
// Idempotency
// ---------------------------------------------------------------------------

/// Objects a de-duplicating server created, by idempotency key.
#[derive(Default)]
struct Ledger {
    by_key: HashMap<String, Value>,
    /// How often each key was seen.
    seen: HashMap<String, usize>,
    created: usize,
}

/// A server that creates a payment intent per new `Idempotency-Key` and
/// answers a repeated key with the stored object; it answers the first
/// `failures` requests of each key with a 500 *after* creating the object,
/// as a server that crashed after committing would.
async fn deduplicating_server(failures: usize) -> (Server, Arc<Mutex<Ledger>>) {
    let ledger = Arc::new(Mutex::new(Ledger::default()));
    let shared = Arc::clone(&ledger);
    let server = Server::start(move |request, _| {
        let Some(key) = request.header("idempotency-key") else {
            return Action::Reply(Reply::problem(400, "Idempotency-Key required"));
        };
        let mut ledger = shared.lock().expect("the ledger is not poisoned");
        let seen = {
            let seen = ledger.seen.entry(key.to_owned()).or_insert(0);
            *seen += 1;
            *seen
        };
        if !ledger.by_key.contains_key(key) {
            ledger.created += 1;
            let object = intent_json(&format!("pi_created_{}", ledger.created));
            ledger.by_key.insert(key.to_owned(), object);
        }
        if seen <= failures {
            return Action::Reply(Reply::problem(500, "Internal Server Error"));
        }
        Action::Reply(Reply::json(200, &ledger.by_key[key]))
    })
    .await;
    (server, ledger)
}

fn created(ledger: &Mutex<Ledger>) -> usize {
    ledger.lock().expect("the ledger is not poisoned").created
}

fn keys(server: &Server) -> Vec<String> {
    server
        .received()
        .iter()
        .map(|r| {
            r.header("idempotency-key")
                .expect("every POST has a key")
                .to_owned()
        })
        .collect()
}

#[tokio::test]
async fn a_post_answered_500_then_200_creates_exactly_one_object() {
    let (server, ledger) = deduplicating_server(1).await;
    let client = client(&server, 2);
    let intent = within(
        client
            .create_payment_intent(PaymentIntentCreateRequest::new(1000))
            .send(),
    )
    .await
    .expect("the retry returns the stored object");
    assert_eq!(intent.id, "pi_created_1");
    assert_eq!(created(&ledger), 1, "exactly one object was created");
    let received = server.received();
    assert_eq!(received.len(), 2);
    let keys = keys(&server);
    assert_eq!(keys[0], keys[1], "the same key on every attempt");
    assert!(is_uuid_v4(&keys[0]), "{}", keys[0]);
    assert_eq!(
        received[0].body, received[1].body,
        "the same body on every attempt"
    );
    assert_eq!(received[0].json(), json!({"amount": 1000}));
}

#[tokio::test]
async fn separate_calls_get_separate_keys() {
    let (server, ledger) = deduplicating_server(1).await;
    let client = client(&server, 2);
    for _ in 0..2 {
        within(
            client
                .create_payment_intent(PaymentIntentCreateRequest::new(1000))
                .send(),
        )
        .await
        .expect("the retry succeeds");
    }
    assert_eq!(created(&ledger), 2, "two calls create two objects");
    let keys = keys(&server);
    assert_eq!(keys.len(), 4);
    assert_eq!(keys[0], keys[1]);
    assert_eq!(keys[2], keys[3]);
    assert_ne!(keys[0], keys[2], "each call has its own key");
    assert!(keys.iter().all(|k| is_uuid_v4(k)), "{keys:?}");
}

#[tokio::test]
async fn a_caller_set_key_is_used_on_every_attempt() {
    let (server, ledger) = deduplicating_server(2).await;
    let client = client(&server, 2);
    let first = within(
        client
            .create_payment_intent(PaymentIntentCreateRequest::new(1000))
            .idempotency_key("order-1001-create")
            .send(),
    )
    .await
    .expect("the third attempt succeeds");
    assert_eq!(keys(&server), ["order-1001-create"; 3]);
    // Repeating the call with the same key (e.g. after a restart) creates nothing.
    let again = within(
        client
            .create_payment_intent(PaymentIntentCreateRequest::new(1000))
            .idempotency_key("order-1001-create")
            .send(),
    )
    .await
    .expect("the stored object is returned");
    assert_eq!(first.id, again.id);
    assert_eq!(created(&ledger), 1);
    assert_eq!(server.count(), 4);
}

#[tokio::test]
async fn a_post_on_a_reset_connection_keeps_its_key() {
    let server = Server::script(vec![
        Action::Reset,
        Action::Reply(Reply::problem(503, "Unavailable")),
        intent_reply("pi_fault_1"),
    ])
    .await;
    let client = client(&server, 2);
    within(
        client
            .create_payment_intent(PaymentIntentCreateRequest::new(1000))
            .send(),
    )
    .await
    .expect("the third attempt succeeds");
    let keys = keys(&server);
    assert_eq!(keys.len(), 3);
    assert!(keys.iter().all(|k| *k == keys[0]), "{keys:?}");
}
