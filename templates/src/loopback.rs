//! Tests of the runtime end to end against a loopback HTTP/1.1 server (a
//! raw socket, one request per connection, answers from a script): the
//! retry header's override and the client's and requests' own headers, as
//! the stub `SDK` of `lib.rs` configures them (`X-Should-Retry`, the
//! default `X-Api-Version: 2024-01-01`, `Idempotency-Key`). Never emitted.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::Method;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::{Client, ClientBuilder, RetryPolicy};

/// One request as received: method and headers (lowercase names).
#[derive(Clone, Debug)]
struct Received {
    method: String,
    headers: Vec<(String, String)>,
}

impl Received {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A server answering the `n`th request with `answers[n]` (the last one
/// again once they run out): a status and extra headers, no body.
struct Server {
    url: String,
    received: Arc<Mutex<Vec<Received>>>,
}

impl Server {
    async fn start(answers: &[(u16, &[(&str, &str)])]) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("binds");
        let url = format!("http://{}", listener.local_addr().expect("has an address"));
        let answers: Vec<String> = answers
            .iter()
            .map(|(status, headers)| {
                let extra: String = headers
                    .iter()
                    .map(|(name, value)| format!("{name}: {value}\r\n"))
                    .collect();
                format!(
                    "HTTP/1.1 {status} Scripted\r\ncontent-length: 0\r\nconnection: close\r\n{extra}\r\n"
                )
            })
            .collect();
        let received = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&received);
        tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                let Some(request) = read_request(&mut stream).await else {
                    continue;
                };
                let index = {
                    let mut log = log.lock().expect("not poisoned");
                    log.push(request);
                    log.len() - 1
                };
                let answer = &answers[index.min(answers.len() - 1)];
                let _ = stream.write_all(answer.as_bytes()).await;
                let _ = stream.shutdown().await;
            }
        });
        Self { url, received }
    }

    fn received(&self) -> Vec<Received> {
        self.received.lock().expect("not poisoned").clone()
    }

    /// A client of this server retrying up to twice without waiting long.
    fn builder(&self) -> ClientBuilder {
        Client::builder().base_url(&self.url).retry_policy(
            RetryPolicy::default().with_delays(Duration::from_millis(1), Duration::from_millis(1)),
        )
    }
}

/// Reads a request's head and its body (by `content-length`).
async fn read_request(stream: &mut TcpStream) -> Option<Received> {
    let mut data = Vec::new();
    let mut buffer = [0u8; 4096];
    let end = loop {
        if let Some(end) = data.windows(4).position(|w| w == b"\r\n\r\n") {
            break end;
        }
        let read = stream.read(&mut buffer).await.ok()?;
        if read == 0 {
            return None;
        }
        data.extend_from_slice(&buffer[..read]);
    };
    let head = String::from_utf8_lossy(&data[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let method = lines.next()?.split(' ').next()?.to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(name, _)| name == "content-length")
        .and_then(|(_, value)| value.parse().ok())
        .unwrap_or(0);
    while data.len() < end + 4 + length {
        let read = stream.read(&mut buffer).await.ok()?;
        if read == 0 {
            break;
        }
        data.extend_from_slice(&buffer[..read]);
    }
    Some(Received { method, headers })
}

/// Sends `method /x` and returns the final status and what the server got.
async fn exchange(answers: &[(u16, &[(&str, &str)])], method: Method) -> (u16, Vec<Received>) {
    let server = Server::start(answers).await;
    let client = server.builder().build().expect("builds");
    let response = client.raw(method, "/x").send().await.expect("answered");
    (response.status.as_u16(), server.received())
}

const RETRY: &[(&str, &str)] = &[("x-should-retry", "true")];
const DO_NOT_RETRY: &[(&str, &str)] = &[("x-should-retry", "false")];

#[tokio::test]
async fn the_retry_header_true_retries_a_status_otherwise_final() {
    let (status, received) = exchange(&[(400, RETRY), (200, &[])], Method::POST).await;
    assert_eq!(status, 200);
    assert_eq!(received.len(), 2, "retried once");
    let keys: Vec<_> = received
        .iter()
        .map(|r| r.header("idempotency-key").map(str::to_owned))
        .collect();
    assert!(keys[0].is_some(), "a POST carries a key");
    assert_eq!(keys[0], keys[1], "the retry keeps the idempotency key");

    let (status, received) = exchange(&[(409, RETRY), (400, RETRY)], Method::GET).await;
    assert_eq!(status, 400);
    assert_eq!(received.len(), 3, "within the budget of two retries");
}

#[tokio::test]
async fn the_retry_header_true_does_not_retry_what_is_unsafe_to_send_again() {
    // PATCH is not idempotent and carries no idempotency key.
    let (status, received) = exchange(&[(400, RETRY), (200, &[])], Method::PATCH).await;
    assert_eq!((status, received.len()), (400, 1));
    assert_eq!(received[0].method, "PATCH");
}

#[tokio::test]
async fn the_retry_header_false_stops_a_retry_the_status_would_cause() {
    let (status, received) = exchange(&[(503, DO_NOT_RETRY), (200, &[])], Method::POST).await;
    assert_eq!((status, received.len()), (503, 1));
    // Without the header the same status is retried.
    let (status, received) = exchange(&[(503, &[]), (200, &[])], Method::POST).await;
    assert_eq!((status, received.len()), (200, 2));
}

#[tokio::test]
async fn client_headers_replace_defaults_and_requests_replace_both() {
    let server = Server::start(&[(200, &[])]).await;
    let plain = server.builder().build().expect("builds");
    let pinned = server
        .builder()
        .default_header("X-Api-Version", "2025-02-02".to_owned())
        .default_header("X-Account", "acct_client".to_owned())
        .build()
        .expect("builds");
    plain.raw(Method::GET, "/x").send().await.expect("answered");
    pinned
        .raw(Method::GET, "/x")
        .send()
        .await
        .expect("answered");
    pinned
        .raw(Method::GET, "/x")
        .header("X-Account", "acct_request")
        .header("x-api-version", "2026-03-03")
        .send()
        .await
        .expect("answered");
    let received = server.received();
    let seen: Vec<_> = received
        .iter()
        .map(|r| (r.header("x-api-version"), r.header("x-account")))
        .collect();
    assert_eq!(
        seen,
        [
            (Some("2024-01-01"), None),
            (Some("2025-02-02"), Some("acct_client")),
            (Some("2026-03-03"), Some("acct_request")),
        ]
    );
}

#[tokio::test]
async fn a_client_header_value_http_cannot_carry_fails_the_build() {
    let error = Client::builder()
        .default_header("X-Account", "acct\n1".to_owned())
        .build()
        .expect_err("refused");
    assert!(matches!(error, crate::Error::InvalidRequest(_)), "{error}");
}
