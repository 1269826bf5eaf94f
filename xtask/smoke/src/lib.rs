//! Support library of the smoke programs the corpus harness generates
//! (`cargo xtask corpus`): each program calls every operation of one
//! generated SDK once, through this crate's recording proxy, against
//! Stoplight Prism serving that SDK's own document.
//!
//! The proxy forwards every request unchanged to Prism and keeps, per
//! exchange, the method, path, status and Prism's `sl-violations` header
//! (what Prism found wrong with the request). [`Smoke::record`] prints one
//! JSON line per operation on standard output: the SDK's outcome and the
//! exchanges since the previous line. The harness reads those lines; this
//! crate judges nothing.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

/// Headers that describe one hop of the connection, not the message.
const HOP_HEADERS: &[&str] = &[
    "connection",
    "content-length",
    "host",
    "keep-alive",
    "transfer-encoding",
    "upgrade",
];

/// What the SDK made of one operation's response.
#[derive(Debug)]
pub enum Outcome {
    /// A success status, decoded into the documented type.
    Decoded {
        /// HTTP status.
        status: u16,
    },
    /// An error status decoded into the SDK's typed error (`Error::Api`).
    ApiError {
        /// HTTP status.
        status: u16,
    },
    /// A success status whose body did not decode (`Error::Decode`).
    DecodeFailed {
        /// HTTP status.
        status: u16,
        /// The SDK's error text.
        message: String,
    },
    /// A response the SDK did not expect (`Error::UnexpectedResponse`).
    Unexpected {
        /// HTTP status.
        status: u16,
        /// The SDK's error text.
        message: String,
    },
    /// Anything else: transport, invalid request, body too large, ...
    Failed {
        /// The SDK's error text.
        message: String,
    },
}

impl Outcome {
    /// The outcome's name, its status and its message, for the JSON line.
    fn parts(&self) -> (&'static str, Option<u16>, Option<&str>) {
        match self {
            Outcome::Decoded { status } => ("decoded", Some(*status), None),
            Outcome::ApiError { status } => ("api_error", Some(*status), None),
            Outcome::DecodeFailed { status, message } => {
                ("decode_failed", Some(*status), Some(message))
            }
            Outcome::Unexpected { status, message } => ("unexpected", Some(*status), Some(message)),
            Outcome::Failed { message } => ("failed", None, Some(message)),
        }
    }
}

/// One request through the proxy and Prism's answer.
#[derive(Debug)]
struct Exchange {
    method: String,
    path: String,
    status: u16,
    /// Prism's `sl-violations` header, parsed when it is JSON.
    violations: Option<Value>,
}

impl Exchange {
    fn to_json(&self) -> Value {
        json!({
            "method": self.method,
            "path": self.path,
            "status": self.status,
            "violations": self.violations,
        })
    }
}

/// State of the proxy: where to forward, and what went through.
#[derive(Clone)]
struct Proxy {
    upstream: String,
    http: reqwest::Client,
    exchanges: Arc<Mutex<Vec<Exchange>>>,
}

/// A running smoke program: the proxy, and the lines printed so far.
pub struct Smoke {
    base_url: String,
    exchanges: Arc<Mutex<Vec<Exchange>>>,
    recorded: usize,
}

impl Smoke {
    /// Reads the upstream (Prism) URL from the first command-line argument
    /// and starts the recording proxy on a free loopback port. Exits the
    /// process with a message when there is no argument or no port.
    pub async fn start() -> Smoke {
        let Some(upstream) = std::env::args().nth(1) else {
            eprintln!("usage: smoke UPSTREAM_URL");
            std::process::exit(2);
        };
        match Self::start_with(upstream.trim_end_matches('/').to_owned()).await {
            Ok(smoke) => smoke,
            Err(why) => {
                eprintln!("cannot start the recording proxy: {why}");
                std::process::exit(2);
            }
        }
    }

    async fn start_with(upstream: String) -> Result<Smoke, String> {
        let listener = tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], 0)))
            .await
            .map_err(|e| e.to_string())?;
        let address = listener.local_addr().map_err(|e| e.to_string())?;
        let exchanges = Arc::new(Mutex::new(Vec::new()));
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| e.to_string())?;
        let proxy = Proxy {
            upstream,
            http,
            exchanges: Arc::clone(&exchanges),
        };
        let app = axum::Router::new().fallback(forward).with_state(proxy);
        tokio::spawn(async move {
            if let Err(why) = axum::serve(listener, app).await {
                eprintln!("the recording proxy stopped: {why}");
            }
        });
        Ok(Smoke {
            base_url: format!("http://{address}"),
            exchanges,
            recorded: 0,
        })
    }

    /// The URL the SDK client must use as its base URL.
    pub fn base_url(&self) -> String {
        self.base_url.clone()
    }

    /// Records the outcome of one operation, with every exchange since the
    /// previous record.
    pub fn record(&mut self, operation: &str, request: &str, outcome: Outcome) {
        let (kind, status, message) = outcome.parts();
        self.line(json!({
            "operation": operation,
            "request": request,
            "outcome": kind,
            "status": status,
            "message": message,
        }));
    }

    /// Records an operation that could not be called, with why.
    pub fn skip(&mut self, operation: &str, request: &str, why: &str) {
        self.line(json!({
            "operation": operation,
            "request": request,
            "outcome": "skipped",
            "status": null,
            "message": why,
        }));
    }

    /// Records that the client could not be built.
    pub fn fail(&mut self, why: &str) -> ExitCode {
        self.line(json!({
            "operation": null,
            "request": null,
            "outcome": "no_client",
            "status": null,
            "message": why,
        }));
        ExitCode::FAILURE
    }

    /// Prints the closing line; the harness treats a program without it as
    /// one that crashed.
    pub fn finish(self) -> ExitCode {
        println!("{}", json!({ "finished": self.recorded }));
        ExitCode::SUCCESS
    }

    fn line(&mut self, mut line: Value) {
        let exchanges: Vec<Value> = match self.exchanges.lock() {
            Ok(mut list) => list.drain(..).map(|e| e.to_json()).collect(),
            Err(_) => Vec::new(),
        };
        line["exchanges"] = Value::Array(exchanges);
        self.recorded += 1;
        println!("{line}");
    }
}

/// The proxy's one handler: sends the request on to Prism and hands back
/// its answer, keeping a note of the exchange.
async fn forward(State(proxy): State<Proxy>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let path = parts
        .uri
        .path_and_query()
        .map_or_else(|| parts.uri.path().to_owned(), |p| p.as_str().to_owned());
    let body = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(bytes) => bytes,
        Err(why) => return (StatusCode::BAD_GATEWAY, why.to_string()).into_response(),
    };
    let mut outgoing = proxy
        .http
        .request(parts.method.clone(), format!("{}{path}", proxy.upstream))
        .body(body);
    for (name, value) in &parts.headers {
        if !is_hop_header(name) {
            outgoing = outgoing.header(name, value);
        }
    }
    let (status, headers, bytes) = match send(outgoing).await {
        Ok(answer) => answer,
        Err(why) => {
            return (StatusCode::BAD_GATEWAY, format!("proxy: {why}")).into_response();
        }
    };
    let violations = headers
        .get("sl-violations")
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .map(|text| serde_json::from_str(&text).unwrap_or(Value::String(text)));
    if let Ok(mut list) = proxy.exchanges.lock() {
        list.push(Exchange {
            method: parts.method.to_string(),
            path,
            status: status.as_u16(),
            violations,
        });
    }
    let mut response = Response::new(Body::from(bytes));
    *response.status_mut() = status;
    for (name, value) in &headers {
        if !is_hop_header(name) {
            response.headers_mut().append(name.clone(), value.clone());
        }
    }
    response
}

async fn send(request: reqwest::RequestBuilder) -> Result<(StatusCode, HeaderMap, Bytes), String> {
    let response = request.send().await.map_err(|e| e.to_string())?;
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.bytes().await.map_err(|e| e.to_string())?;
    Ok((status, headers, bytes))
}

fn is_hop_header(name: &HeaderName) -> bool {
    HOP_HEADERS.contains(&name.as_str())
}
