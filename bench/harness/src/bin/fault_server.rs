//! The load test's server (`cargo xtask bench --only load`): a loopback
//! HTTP/1.1 PAY.JP PaymentIntents server that misbehaves on purpose, in a
//! process of its own so the client's peak memory is the client's alone.
//! It prints its base URL on the first line of standard output and serves
//! until standard input is closed.
//!
//! Each request draws a fault from its sequence number (the same sequence
//! of draws in every run): 5 % are answered `503` before anything is done,
//! 1 % are carried out and then the connection is closed without an answer
//! (the response is lost: the case idempotency keys are for), 5 % are
//! answered 50 ms late; the rest at once.
//!
//! Creates (`POST /v2/payment_intents`) are idempotent by the
//! `Idempotency-Key` header: a key seen before gets the object it created,
//! a new key (or none) creates an object. The client tags each logical
//! create with `metadata.call`; `GET /__stats` reports, per tag, the keys
//! its requests carried and the objects made for it, and the count of each
//! fault, for the client to check that every logical create made one object
//! at most (exactly one when it succeeded).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{Read, Write};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::header::CONTENT_TYPE;
use hyper::{Method, Request, Response, StatusCode};
use sdkgen_bench_harness::{PAYJP_PAYMENT_INTENT, PAYMENT_INTENT_ID};
use serde_json::{json, Value};

/// Per cent of requests answered 503 before they are carried out.
const UNAVAILABLE: u64 = 5;
/// Per cent of requests carried out and then left unanswered.
const RESET: u64 = 1;
/// Per cent of requests answered late, and by how much.
const DELAYED: u64 = 5;
const DELAY: Duration = Duration::from_millis(50);

/// What the server remembers.
#[derive(Default)]
struct Store {
    /// Object bodies by id.
    objects: HashMap<String, Bytes>,
    /// The id each idempotency key created.
    by_key: HashMap<String, String>,
    /// Per logical create (`metadata.call`): the keys its requests carried
    /// and the ids of the objects made for it.
    calls: BTreeMap<String, Call>,
}

#[derive(Default)]
struct Call {
    keys: BTreeSet<String>,
    objects: Vec<String>,
}

/// The server's state.
struct Server {
    requests: AtomicU64,
    unavailable: AtomicU64,
    reset: AtomicU64,
    delayed: AtomicU64,
    created: AtomicU64,
    replayed: AtomicU64,
    template: Value,
    store: Mutex<Store>,
}

/// The fault a request gets.
#[derive(PartialEq, Eq)]
enum Fault {
    None,
    Unavailable,
    Reset,
    Delayed,
}

/// The fault of request number `n`: a fixed function of `n` (splitmix64),
/// so every run sees the same sequence.
fn fault(n: u64) -> Fault {
    let mut z = n.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    let draw = (z ^ (z >> 31)) % 100;
    if draw < UNAVAILABLE {
        Fault::Unavailable
    } else if draw < UNAVAILABLE + RESET {
        Fault::Reset
    } else if draw < UNAVAILABLE + RESET + DELAYED {
        Fault::Delayed
    } else {
        Fault::None
    }
}

/// A request the server gives up on: the connection is closed unanswered.
#[derive(Debug)]
struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection closed without an answer (injected fault)")
    }
}

impl std::error::Error for Dropped {}

type Answer = Response<Full<Bytes>>;

fn json_response(status: StatusCode, body: Bytes) -> Answer {
    let mut response = Response::new(Full::new(body));
    *response.status_mut() = status;
    response.headers_mut().insert(
        CONTENT_TYPE,
        "application/json".parse().expect("a header value"),
    );
    response
}

/// An error answer, a problem-details body as PAY.JP sends.
fn error(status: StatusCode, detail: &str) -> Answer {
    let body = json!({
        "type": "about:blank",
        "title": status.canonical_reason().unwrap_or("Error"),
        "status": status.as_u16(),
        "detail": detail,
    });
    let mut response = json_response(status, Bytes::from(body.to_string()));
    response.headers_mut().insert(
        CONTENT_TYPE,
        "application/problem+json".parse().expect("a header value"),
    );
    response
}

impl Server {
    fn new() -> Self {
        let template: Value =
            serde_json::from_slice(PAYJP_PAYMENT_INTENT).expect("the PAY.JP fixture is JSON");
        let mut store = Store::default();
        store.objects.insert(
            PAYMENT_INTENT_ID.to_owned(),
            Bytes::from_static(PAYJP_PAYMENT_INTENT),
        );
        Self {
            requests: AtomicU64::new(0),
            unavailable: AtomicU64::new(0),
            reset: AtomicU64::new(0),
            delayed: AtomicU64::new(0),
            created: AtomicU64::new(0),
            replayed: AtomicU64::new(0),
            template,
            store: Mutex::new(store),
        }
    }

    async fn handle(&self, request: Request<Incoming>) -> Result<Answer, Dropped> {
        let (parts, body) = request.into_parts();
        let body = body.collect().await.map_err(|_| Dropped)?.to_bytes();
        if parts.uri.path() == "/__stats" {
            return Ok(json_response(StatusCode::OK, self.stats()));
        }
        let n = self.requests.fetch_add(1, Ordering::Relaxed);
        let fault = fault(n);
        if fault == Fault::Unavailable {
            self.unavailable.fetch_add(1, Ordering::Relaxed);
            return Ok(error(StatusCode::SERVICE_UNAVAILABLE, "try again later"));
        }
        let key = parts
            .headers
            .get("idempotency-key")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let path = parts.uri.path();
        let answer = match (&parts.method, path.strip_prefix("/v2/payment_intents")) {
            (&Method::POST, Some("")) => self.create(key, &body),
            (&Method::GET, Some(id)) if id.len() > 1 => self.retrieve(&id[1..]),
            _ => error(StatusCode::NOT_FOUND, "no such route"),
        };
        match fault {
            Fault::Reset => {
                self.reset.fetch_add(1, Ordering::Relaxed);
                Err(Dropped)
            }
            Fault::Delayed => {
                self.delayed.fetch_add(1, Ordering::Relaxed);
                tokio::time::sleep(DELAY).await;
                Ok(answer)
            }
            _ => Ok(answer),
        }
    }

    fn create(&self, key: Option<String>, body: &[u8]) -> Answer {
        let Ok(request) = serde_json::from_slice::<Value>(body) else {
            return error(StatusCode::BAD_REQUEST, "the body is not JSON");
        };
        let call = request
            .pointer("/metadata/call")
            .and_then(Value::as_str)
            .unwrap_or("untagged")
            .to_owned();
        let mut store = self.store.lock().expect("the store lock");
        let entry = store.calls.entry(call.clone()).or_default();
        entry
            .keys
            .insert(key.clone().unwrap_or_else(|| "(none)".to_owned()));
        if let Some(id) = key.as_ref().and_then(|k| store.by_key.get(k)) {
            self.replayed.fetch_add(1, Ordering::Relaxed);
            let body = store.objects[id].clone();
            return json_response(StatusCode::OK, body);
        }
        let number = self.created.fetch_add(1, Ordering::Relaxed);
        let id = format!("pi_load{number:017}");
        let mut object = self.template.clone();
        object["id"] = Value::String(id.clone());
        if let Some(metadata) = request.get("metadata") {
            object["metadata"] = metadata.clone();
        }
        let bytes = Bytes::from(object.to_string());
        store.objects.insert(id.clone(), bytes.clone());
        if let Some(key) = key {
            store.by_key.insert(key, id.clone());
        }
        store.calls.entry(call).or_default().objects.push(id);
        json_response(StatusCode::OK, bytes)
    }

    fn retrieve(&self, id: &str) -> Answer {
        let store = self.store.lock().expect("the store lock");
        match store.objects.get(id) {
            Some(body) => json_response(StatusCode::OK, body.clone()),
            None => error(StatusCode::NOT_FOUND, "no such payment intent"),
        }
    }

    /// `GET /__stats`: the fault counts and, per logical create, its keys
    /// and objects.
    fn stats(&self) -> Bytes {
        let store = self.store.lock().expect("the store lock");
        let calls: serde_json::Map<String, Value> = store
            .calls
            .iter()
            .map(|(tag, call)| {
                (
                    tag.clone(),
                    json!({ "keys": call.keys.len(), "objects": call.objects }),
                )
            })
            .collect();
        let stats = json!({
            "requests": self.requests.load(Ordering::Relaxed),
            "unavailable": self.unavailable.load(Ordering::Relaxed),
            "reset": self.reset.load(Ordering::Relaxed),
            "delayed": self.delayed.load(Ordering::Relaxed),
            "created": self.created.load(Ordering::Relaxed),
            "replayed": self.replayed.load(Ordering::Relaxed),
            "calls": calls,
        });
        Bytes::from(stats.to_string())
    }
}

fn main() {
    let (tx, rx) = std::sync::mpsc::channel::<SocketAddr>();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("the server runtime starts");
        runtime.block_on(serve(tx));
    });
    let addr = rx.recv().expect("the server reports its address");
    let mut out = std::io::stdout();
    let _ = writeln!(out, "http://{addr}");
    let _ = out.flush();
    // Serve until whoever started us closes our input.
    let _ = std::io::stdin().read_to_end(&mut Vec::new());
}

async fn serve(tx: std::sync::mpsc::Sender<SocketAddr>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("the server binds to loopback");
    tx.send(listener.local_addr().expect("the server has an address"))
        .expect("main waits for the address");
    let server = Arc::new(Server::new());
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let server = Arc::clone(&server);
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |request| {
                let server = Arc::clone(&server);
                async move { server.handle(request).await }
            });
            // A dropped request ends its connection: hyper closes the
            // socket without writing a response.
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                .await;
        });
    }
}
