//! A loopback HTTP/1.1 server that misbehaves on purpose, for the fault and runtime tests.
//!
//! It writes HTTP by hand on a raw `TcpListener`, so a test controls every
//! byte: each connection carries one request, and a handler decides what
//! becomes of it — a normal answer, a TCP reset, a truncated or endless
//! body, an answer slower than the client's timeout. Every request and every
//! accepted connection is recorded, with the instant it arrived.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// The longest any connection is held open (stalled answers, endless bodies).
const HOLD_LIMIT: Duration = Duration::from_secs(30);

/// A request as the server received it.
#[derive(Clone, Debug)]
pub struct Received {
    /// Request method, e.g. `POST`.
    pub method: String,
    /// Path without the query string.
    pub path: String,
    /// Query string (still percent-encoded), empty when absent.
    pub query: String,
    /// Headers in order, names lowercased.
    pub headers: Vec<(String, String)>,
    /// The body as sent.
    pub body: Vec<u8>,
    /// When the whole request had arrived.
    pub at: Instant,
}

impl Received {
    /// The value of header `name` (case-insensitive), if sent.
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The raw value of query parameter `name`, if present.
    pub fn query_param(&self, name: &str) -> Option<&str> {
        self.query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v)
    }

    /// The body parsed as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("the request body is JSON")
    }
}

/// An answer: status, headers and body.
#[derive(Clone, Debug)]
pub struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    /// An answer with `status`, no headers and an empty body.
    pub fn new(status: u16) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// `status` with a JSON body.
    pub fn json(status: u16, body: &Value) -> Self {
        Self::new(status)
            .header("content-type", "application/json")
            .body(body.to_string())
    }

    /// `status` with a problem-details body of the API's error format.
    pub fn problem(status: u16, title: &str) -> Self {
        Self::new(status)
            .header("content-type", "application/problem+json")
            .body(
                serde_json::json!({
                    "type": "https://pay.jp/errors/test",
                    "title": title,
                    "status": status,
                })
                .to_string(),
            )
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Replaces the body.
    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }

    /// Status line and headers, declaring `Content-Length: length` (or
    /// chunked encoding when `length` is `None`) and `Connection: close`.
    fn head(&self, length: Option<u64>) -> Vec<u8> {
        let mut head = format!("HTTP/1.1 {} {}\r\n", self.status, reason(self.status));
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        match length {
            Some(length) => head.push_str(&format!("content-length: {length}\r\n")),
            None => head.push_str("transfer-encoding: chunked\r\n"),
        }
        head.push_str("connection: close\r\n\r\n");
        head.into_bytes()
    }
}

/// What the server does with one request.
#[derive(Clone, Debug)]
pub enum Action {
    /// Answers in full, then closes the connection.
    Reply(Reply),
    /// Closes the connection with a TCP reset, without answering.
    Reset,
    /// Closes the connection in good order, without answering.
    Close,
    /// Sends the head declaring `declared` body bytes, then only the
    /// reply's (shorter) body, then closes.
    Truncate(Reply, u64),
    /// Waits, then answers in full (a response slower than the timeout).
    Delay(Duration, Reply),
    /// Sends the head declaring `declared` body bytes and the reply's body,
    /// then holds the connection open, sending nothing more.
    Stall(Reply, u64),
    /// Sends the head with chunked encoding and then body chunks without
    /// end, until the client goes away.
    Endless(Reply),
}

type Handler = dyn Fn(&Received, usize) -> Action + Send + Sync;

struct State {
    received: Mutex<Vec<Received>>,
    connections: AtomicUsize,
    handler: Box<Handler>,
}

impl State {
    fn received(&self) -> MutexGuard<'_, Vec<Received>> {
        self.received
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// A running server; it stops accepting when dropped.
pub struct Server {
    addr: SocketAddr,
    state: Arc<State>,
    task: JoinHandle<()>,
}

impl Server {
    /// Starts a server on the current runtime whose handler gets each request
    /// with its 0-based number among all requests received.
    pub async fn start(
        handler: impl Fn(&Received, usize) -> Action + Send + Sync + 'static,
    ) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a loopback port is free");
        let addr = listener.local_addr().expect("the listener has an address");
        let state = Arc::new(State {
            received: Mutex::new(Vec::new()),
            connections: AtomicUsize::new(0),
            handler: Box::new(handler),
        });
        let accepting = Arc::clone(&state);
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                accepting.connections.fetch_add(1, Ordering::SeqCst);
                tokio::spawn(serve(stream, Arc::clone(&accepting)));
            }
        });
        Self { addr, state, task }
    }

    /// Starts a server doing `actions[n]` with request `n`, and the last
    /// action with every request after them.
    pub async fn script(actions: Vec<Action>) -> Self {
        assert!(!actions.is_empty(), "a script needs an action");
        Self::start(move |_, n| actions[n.min(actions.len() - 1)].clone()).await
    }

    /// The base URL to point a client at.
    pub fn uri(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Connections accepted so far.
    pub fn connections(&self) -> usize {
        self.state.connections.load(Ordering::SeqCst)
    }

    /// Requests received so far, in order.
    pub fn received(&self) -> Vec<Received> {
        self.state.received().clone()
    }

    /// How many requests were received.
    pub fn count(&self) -> usize {
        self.state.received().len()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Reads the connection's request, records it and does what the handler says.
async fn serve(mut stream: TcpStream, state: Arc<State>) {
    let Some(request) = read_request(&mut stream).await else {
        return;
    };
    let number = {
        let mut received = state.received();
        received.push(request.clone());
        received.len() - 1
    };
    let action = (state.handler)(&request, number);
    // A client that gave up makes writes fail; that is expected here.
    let _ = act(&mut stream, action).await;
}

async fn act(stream: &mut TcpStream, action: Action) -> std::io::Result<()> {
    match action {
        Action::Reply(reply) => {
            stream
                .write_all(&reply.head(Some(len(&reply.body))))
                .await?;
            stream.write_all(&reply.body).await?;
            stream.flush().await?;
            stream.shutdown().await
        }
        Action::Reset => stream.set_zero_linger(),
        Action::Close => stream.shutdown().await,
        Action::Truncate(reply, declared) => {
            stream.write_all(&reply.head(Some(declared))).await?;
            stream.write_all(&reply.body).await?;
            stream.flush().await?;
            stream.shutdown().await
        }
        Action::Delay(wait, reply) => {
            tokio::time::sleep(wait).await;
            Box::pin(act(stream, Action::Reply(reply))).await
        }
        Action::Stall(reply, declared) => {
            stream.write_all(&reply.head(Some(declared))).await?;
            stream.write_all(&reply.body).await?;
            stream.flush().await?;
            hold(stream).await;
            Ok(())
        }
        Action::Endless(reply) => {
            stream.write_all(&reply.head(None)).await?;
            let chunk = [b'x'; 16 * 1024];
            let started = Instant::now();
            while started.elapsed() < HOLD_LIMIT {
                stream
                    .write_all(format!("{:x}\r\n", chunk.len()).as_bytes())
                    .await?;
                stream.write_all(&chunk).await?;
                stream.write_all(b"\r\n").await?;
            }
            Ok(())
        }
    }
}

/// Keeps the connection open until the client closes it (or [`HOLD_LIMIT`]).
async fn hold(stream: &mut TcpStream) {
    let mut sink = [0u8; 1024];
    let _ = tokio::time::timeout(HOLD_LIMIT, async {
        while matches!(stream.read(&mut sink).await, Ok(n) if n > 0) {}
    })
    .await;
}

fn len(body: &[u8]) -> u64 {
    u64::try_from(body.len()).expect("a body length fits in u64")
}

/// Reads one request (head and `Content-Length` body); `None` when the
/// client closes first or sends something that is not HTTP/1.1.
async fn read_request(stream: &mut TcpStream) -> Option<Received> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break at;
        }
        if buffer.len() > 64 * 1024 {
            return None;
        }
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8(buffer[..head_end].to_vec()).ok()?;
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_owned();
    let target = request_line.next()?;
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = buffer[head_end + 4..].to_vec();
    while body.len() < length {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    Some(Received {
        method,
        path: path.to_owned(),
        query: query.to_owned(),
        headers,
        body,
        at: Instant::now(),
    })
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        408 => "Request Timeout",
        409 => "Conflict",
        422 => "Unprocessable Entity",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Whatever",
    }
}

// ---------------------------------------------------------------------------
// Shared by the fault and runtime tests
// ---------------------------------------------------------------------------

/// The API key of every test client.
pub const API_KEY: &str = "sk_test_faults_5f0c2d";

/// Upper bound of every exchange in these tests: a hang fails, never blocks.
const CALL_LIMIT: Duration = Duration::from_secs(20);

/// A retry policy with `max_retries` and short waits (20 ms doubling to
/// 100 ms), for tests whose point is not the timing.
pub fn fast_retries(max_retries: u32) -> payjp_v2::RetryPolicy {
    payjp_v2::RetryPolicy::default()
        .with_delays(Duration::from_millis(20), Duration::from_millis(100))
        .with_max_retries(max_retries)
}

/// A client of `server` with [`fast_retries`].
pub fn client(server: &Server, max_retries: u32) -> payjp_v2::Client {
    payjp_v2::Client::builder()
        .api_key(API_KEY)
        .base_url(server.uri())
        .retry_policy(fast_retries(max_retries))
        .build()
        .expect("the client builds")
}

/// Runs `future`, failing the test if it takes longer than [`CALL_LIMIT`].
pub async fn within<F: std::future::Future>(future: F) -> F::Output {
    tokio::time::timeout(CALL_LIMIT, future)
        .await
        .expect("the exchange did not finish within 20 s")
}

/// Whether `key` is a UUID of version 4 in its lowercase hyphenated form.
pub fn is_uuid_v4(key: &str) -> bool {
    uuid::Uuid::parse_str(key).is_ok_and(|uuid| {
        uuid.get_version_num() == 4
            && uuid.get_variant() == uuid::Variant::RFC4122
            && uuid.hyphenated().to_string() == key
    })
}

/// A payment intent as the API returns it.
pub fn intent_json(id: &str) -> Value {
    serde_json::json!({
        "id": id,
        "object": "payment_intent",
        "created_at": "2025-08-05T09:00:00Z",
        "updated_at": "2025-08-05T09:00:00Z",
        "livemode": false,
        "amount": 1000,
        "amount_capturable": null,
        "amount_received": null,
        "client_secret": format!("{id}_secret_Qw7Rt9"),
        "confirmation_method": "automatic",
        "payment_method_types": ["card"],
        "status": "requires_payment_method",
        "capture_method": "automatic"
    })
}

/// A `200` answer carrying [`intent_json`].
pub fn intent_reply(id: &str) -> Action {
    Action::Reply(Reply::json(200, &intent_json(id)))
}
