//! The load test's client (`cargo xtask bench --only load`):
//! `load_client <sdk|raw|raw-new-key> <base URL> <tasks> <calls>`.
//!
//! One client, shared by `tasks` tokio tasks on a multi-threaded runtime,
//! makes `calls` calls in all against `fault_server`: each task alternates a
//! create (tagged `metadata.call = "<task>-<n>"`) and a retrieve of the
//! object it last created. `sdk` is the generated PAY.JP crate with its
//! default retry policy; `raw` is reqwest by hand with a retry loop of the
//! same budget (2 retries of connection failures and of 408, 409, 429 and
//! 5xx answers, the same backoff, one idempotency key per logical create
//! kept across its retries). `raw-new-key` is the control: the raw client
//! with a new key on every attempt, the bug the check must catch.
//!
//! After the run it asks the server for its counts (`GET /__stats`),
//! checks that every logical create made one object at most, exactly one
//! (the one whose id it got back) when it succeeded, and that all of its
//! attempts carried one idempotency key, and prints one JSON line: calls,
//! successes, errors by kind, wall time, throughput, latency percentiles
//! and the check's counts.

use std::collections::BTreeMap;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use payjp_v2::models::{CaptureMethod, PaymentIntentCreateRequest};
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use sdkgen_bench_harness::calls::{raw_client, sdk_client};
use sdkgen_bench_harness::handwritten::payjp::PaymentIntent;
use sdkgen_bench_harness::{API_KEY, PAYMENT_INTENT_ID};
use serde_json::{json, Value};

/// What the SDK sends as `Accept`.
const ACCEPT_VALUE: &str = "application/json, application/problem+json";

/// Attempts per call of the raw client: the SDK's default of 2 retries.
const ATTEMPTS: u32 = 3;
/// The SDK's default backoff: 0.5 s doubling per retry, at most 8 s.
const INITIAL_DELAY: Duration = Duration::from_millis(500);
const MAX_DELAY: Duration = Duration::from_secs(8);

/// One finished call.
struct Outcome {
    /// The create's tag, for creates.
    tag: Option<String>,
    latency: Duration,
    /// The object's id, or the kind of error the call ended in.
    result: Result<String, String>,
}

/// The two clients.
enum Client {
    Sdk(payjp_v2::Client),
    /// The client, the base URL, and whether each attempt gets a new key.
    Raw(reqwest::Client, String, bool),
}

impl Client {
    async fn create(&self, tag: &str) -> Result<String, String> {
        match self {
            Client::Sdk(sdk) => sdk
                .create_payment_intent(
                    PaymentIntentCreateRequest::new(1000)
                        .description("Order #1001")
                        .capture_method(CaptureMethod::Manual)
                        .metadata([("call", tag)]),
                )
                .send()
                .await
                .map(|intent| intent.id)
                .map_err(|e| sdk_error(&e)),
            Client::Raw(client, base, new_keys) => {
                let body = json!({
                    "description": "Order #1001",
                    "amount": 1000,
                    "capture_method": "manual",
                    "metadata": { "call": tag },
                });
                let body = serde_json::to_vec(&body).map_err(|e| e.to_string())?;
                let key = uuid::Uuid::new_v4().to_string();
                let url = format!("{base}/v2/payment_intents");
                raw_call(|| {
                    client
                        .post(&url)
                        .header(AUTHORIZATION, format!("Bearer {API_KEY}"))
                        .header(ACCEPT, ACCEPT_VALUE)
                        .header(CONTENT_TYPE, "application/json")
                        .header(
                            "idempotency-key",
                            if *new_keys {
                                uuid::Uuid::new_v4().to_string()
                            } else {
                                key.clone()
                            },
                        )
                        .body(body.clone())
                })
                .await
            }
        }
    }

    async fn retrieve(&self, id: &str) -> Result<String, String> {
        match self {
            Client::Sdk(sdk) => sdk
                .retrieve_payment_intent(id)
                .send()
                .await
                .map(|intent| intent.id)
                .map_err(|e| sdk_error(&e)),
            Client::Raw(client, base, _) => {
                let url = format!("{base}/v2/payment_intents/{id}");
                raw_call(|| {
                    client
                        .get(&url)
                        .header(AUTHORIZATION, format!("Bearer {API_KEY}"))
                        .header(ACCEPT, ACCEPT_VALUE)
                })
                .await
            }
        }
    }
}

/// The kind of an SDK error, for the counts.
fn sdk_error(e: &payjp_v2::Error) -> String {
    let status = e
        .status()
        .map_or_else(String::new, |s| format!(" {}", s.as_u16()));
    let kind = match e {
        payjp_v2::Error::Api(_) => "Api",
        payjp_v2::Error::UnexpectedResponse(_) => "UnexpectedResponse",
        payjp_v2::Error::Decode(_) => "Decode",
        payjp_v2::Error::Transport(_) => "Transport",
        payjp_v2::Error::BodyTooLarge(_) => "BodyTooLarge",
        _ => "other",
    };
    format!("{kind}{status}")
}

/// Sends the request `build` makes, with the SDK's retry budget: a
/// connection failure, a body cut off, or a 408, 409, 429 or 5xx answer is
/// retried after the SDK's backoff, up to [`ATTEMPTS`] attempts. A success
/// is decoded into the hand-written struct.
async fn raw_call(build: impl Fn() -> reqwest::RequestBuilder) -> Result<String, String> {
    let mut attempt = 1;
    loop {
        let outcome = match build().send().await {
            Ok(response) => {
                let status = response.status().as_u16();
                match response.bytes().await {
                    Ok(body) => Ok((status, body)),
                    Err(_) => Err(format!("Transport {status}")),
                }
            }
            Err(_) => Err("Transport".to_owned()),
        };
        let retry = match &outcome {
            Err(_) => true,
            Ok((status, _)) => matches!(status, 408 | 409 | 429 | 500..=599),
        };
        if !retry || attempt == ATTEMPTS {
            return match outcome? {
                (200..=299, body) => serde_json::from_slice::<PaymentIntent>(&body)
                    .map(|intent| intent.id)
                    .map_err(|_| "Decode".to_owned()),
                (status, _) => Err(format!("Status {status}")),
            };
        }
        tokio::time::sleep(backoff(attempt)).await;
        attempt += 1;
    }
}

/// The SDK's wait before retry `retry`: `INITIAL_DELAY * 2^(retry-1)`
/// capped at `MAX_DELAY`, between half and all of it.
fn backoff(retry: u32) -> Duration {
    let capped = INITIAL_DELAY
        .saturating_mul(2u32.saturating_pow(retry - 1))
        .min(MAX_DELAY);
    capped / 2 + capped.mul_f64(fastrand::f64() / 2.0)
}

/// One task's calls: creates and retrieves, alternately.
async fn task(client: Arc<Client>, task: usize, calls: usize) -> Vec<Outcome> {
    let mut outcomes = Vec::with_capacity(calls);
    let mut last = PAYMENT_INTENT_ID.to_owned();
    for n in 0..calls {
        let start = Instant::now();
        let (tag, result) = if n % 2 == 0 {
            let tag = format!("{task}-{n}");
            let result = client.create(&tag).await;
            (Some(tag), result)
        } else {
            (None, client.retrieve(&last).await)
        };
        let latency = start.elapsed();
        if let (Some(_), Ok(id)) = (&tag, &result) {
            last.clone_from(id);
        }
        outcomes.push(Outcome {
            tag,
            latency,
            result,
        });
    }
    outcomes
}

/// The `p`-th quantile (0..1) of sorted `values`, in milliseconds.
fn quantile_ms(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1].as_secs_f64() * 1e3
}

/// The peak resident set of this process (`VmHWM`), in KiB.
fn peak_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Checks the server's counts against the calls made: the counts of the
/// summary, and the first few violations.
fn check(outcomes: &[Outcome], stats: &Value) -> Value {
    let calls = stats.get("calls").and_then(Value::as_object);
    let mut creates = 0;
    let mut succeeded = 0;
    let mut one_object = 0;
    let mut failed_with_object = 0;
    let mut failed_without_object = 0;
    let mut violations = Vec::new();
    let mut issued = std::collections::BTreeSet::new();
    for outcome in outcomes {
        let Some(tag) = &outcome.tag else { continue };
        creates += 1;
        issued.insert(tag.as_str());
        let entry = calls.and_then(|c| c.get(tag));
        let objects: Vec<&str> = entry
            .and_then(|e| e.get("objects"))
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let keys = entry
            .and_then(|e| e.get("keys"))
            .and_then(Value::as_u64)
            .unwrap_or(0);
        if keys > 1 {
            violations.push(format!("create {tag}: its attempts carried {keys} keys"));
        }
        match &outcome.result {
            Ok(id) => {
                succeeded += 1;
                if objects == [id.as_str()] {
                    one_object += 1;
                } else {
                    violations.push(format!(
                        "create {tag} returned {id}; the server made {objects:?}"
                    ));
                }
            }
            Err(_) => match objects.len() {
                0 => failed_without_object += 1,
                1 => failed_with_object += 1,
                n => violations.push(format!("failed create {tag}: {n} objects")),
            },
        }
    }
    if let Some(calls) = calls {
        for tag in calls.keys().filter(|t| !issued.contains(t.as_str())) {
            violations.push(format!("the server saw a create no call made: {tag}"));
        }
    }
    let count = violations.len();
    violations.truncate(5);
    json!({
        "creates": creates,
        "succeeded": succeeded,
        "one_object": one_object,
        "failed_with_object": failed_with_object,
        "failed_without_object": failed_without_object,
        "violations": count,
        "first_violations": violations,
    })
}

async fn run(side: &str, base: &str, tasks: usize, calls: usize) -> Result<Value, String> {
    let client = Arc::new(match side {
        "sdk" => Client::Sdk(sdk_client(base)),
        "raw" => Client::Raw(raw_client(), base.to_owned(), false),
        "raw-new-key" => Client::Raw(raw_client(), base.to_owned(), true),
        _ => return Err(format!("unknown side {side}")),
    });
    let start = Instant::now();
    let mut set = tokio::task::JoinSet::new();
    for t in 0..tasks {
        let n = calls / tasks + usize::from(t < calls % tasks);
        set.spawn(task(Arc::clone(&client), t, n));
    }
    let mut outcomes = Vec::with_capacity(calls);
    let mut panicked = 0;
    while let Some(joined) = set.join_next().await {
        match joined {
            Ok(done) => outcomes.extend(done),
            Err(_) => panicked += 1,
        }
    }
    let wall = start.elapsed();
    let stats = reqwest::get(format!("{base}/__stats"))
        .await
        .map_err(|e| format!("cannot ask the server for its counts: {e}"))?
        .bytes()
        .await
        .map_err(|e| format!("cannot read the server's counts: {e}"))?;
    let stats: Value = serde_json::from_slice(&stats)
        .map_err(|e| format!("cannot decode the server's counts: {e}"))?;
    let mut latencies: Vec<Duration> = outcomes.iter().map(|o| o.latency).collect();
    latencies.sort_unstable();
    let mut errors = BTreeMap::<String, u64>::new();
    for outcome in &outcomes {
        if let Err(kind) = &outcome.result {
            *errors.entry(kind.clone()).or_default() += 1;
        }
    }
    let ok = outcomes.iter().filter(|o| o.result.is_ok()).count();
    let mut server = stats.clone();
    if let Some(map) = server.as_object_mut() {
        map.remove("calls");
    }
    Ok(json!({
        "side": side,
        "tasks": tasks,
        "calls": calls,
        "finished": outcomes.len(),
        "panicked_tasks": panicked,
        "ok": ok,
        "errors": errors,
        "wall_s": wall.as_secs_f64(),
        "calls_per_s": outcomes.len() as f64 / wall.as_secs_f64(),
        "p50_ms": quantile_ms(&latencies, 0.50),
        "p99_ms": quantile_ms(&latencies, 0.99),
        "max_ms": quantile_ms(&latencies, 1.0),
        "peak_kib": peak_kib(),
        "idempotency": check(&outcomes, &stats),
        "server": server,
    }))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [side, base, tasks, calls] = args.as_slice() else {
        eprintln!("usage: load_client <sdk|raw|raw-new-key> <base URL> <tasks> <calls>");
        return ExitCode::from(2);
    };
    let (Ok(tasks), Ok(calls)) = (tasks.parse::<usize>(), calls.parse::<usize>()) else {
        eprintln!("not numbers: {tasks} {calls}");
        return ExitCode::from(2);
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(side, base, tasks.max(1), calls)) {
        Ok(summary) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("load_client {side}: {e}");
            ExitCode::FAILURE
        }
    }
}
