//! Section `load`: the generated PAY.JP client under load against a
//! misbehaving loopback server, side by side with reqwest used by hand
//! under the same faults.
//!
//! The harness's `fault_server` (a process of its own) answers 5 % of
//! requests 503, carries out 1 % and closes the connection without an
//! answer, and answers 5 % 50 ms late; its creates are idempotent by key.
//! The harness's `load_client` shares one client between 256 tasks making
//! 20 000 calls, creates and retrieves alternately, and checks the server's
//! counts afterwards: each logical create made one object at most, exactly
//! the one whose id it got when it succeeded, and its attempts carried one
//! idempotency key; every call finished, in a success or a typed error.
//! Each side gets a fresh server. A broken check is a `FAIL:` line and a
//! non-zero exit, not just a row. A control run (raw reqwest with a new key
//! on every attempt) shows that the check catches the bug it is for.

use std::time::Duration;

use serde_json::Value;

use super::harness;
use super::instructions::{self, Server};
use super::measure::{self, format_duration, format_kib, median, Cmd};
use super::report::{Row, Target};
use super::{Bench, State};

const SECTION: &str = "load";
/// Tasks sharing the client, and calls in all.
const TASKS: usize = 256;
const CALLS: usize = 20_000;
/// Longest one side's run may take.
const LIMIT: Duration = Duration::from_secs(900);

/// The two clients, as `load_client` names them, and as the table does.
const SIDES: [(&str, &str); 2] = [
    ("sdk", "PAY.JP SDK"),
    ("raw", "raw reqwest (same retry budget)"),
];

/// The legend line of the section.
pub fn note() -> String {
    format!(
        "Load: one client shared by {TASKS} tokio tasks (multi-threaded runtime) making \
         {CALLS} calls in all, creates and retrieves alternately, against a loopback server \
         in another process that answers 5 % of requests 503 (before acting), carries out 1 % \
         and closes the connection unanswered, and delays 5 % by 50 ms. The SDK runs with its \
         default retry policy (2 retries, backoff from 0.5 s); raw reqwest with a retry loop of \
         the same budget, backoff and retried statuses, one idempotency key per create. \
         Latencies are of whole calls, retries and their waits included."
    )
}

/// One side's run: its figures and its summary line.
struct Outcome {
    peak_kib: Option<u64>,
    summary: Value,
}

/// Runs the section.
pub fn run(bench: &Bench, state: &mut State) -> Vec<Row> {
    let bin = harness::set_up(bench, state).and_then(|h| {
        instructions::build_binaries(
            bench,
            &h.dir,
            &h.target_dir,
            &[],
            &["fault_server", "load_client"],
        )
    });
    let bin = match bin {
        Ok(bin) => bin,
        Err(e) => {
            state.failures.push(format!("load: not run: {e}"));
            return vec![Row::failed(SECTION, "set-up", &e)];
        }
    };
    let mut outcomes: [Vec<Outcome>; 2] = [Vec::new(), Vec::new()];
    let mut errors: [Option<String>; 2] = [None, None];
    for run in 0..bench.opts.runs {
        let order = if run % 2 == 0 { [0, 1] } else { [1, 0] };
        for i in order {
            let (side, name) = SIDES[i];
            eprintln!("== load: {name} (run {} of {})", run + 1, bench.opts.runs);
            match run_side(bench, &bin, side) {
                Ok(outcome) => outcomes[i].push(outcome),
                Err(e) => errors[i] = Some(e),
            }
        }
    }
    for (i, error) in errors.iter().enumerate() {
        if let Some(e) = error {
            state
                .failures
                .push(format!("load: {} did not finish: {e}", SIDES[i].1));
        }
    }
    for (i, runs) in outcomes.iter().enumerate() {
        for outcome in runs {
            if let Some(why) = broken(&outcome.summary) {
                state.failures.push(format!(
                    "load: idempotency invariant broken ({}): {why}",
                    SIDES[i].1
                ));
            }
        }
    }
    let mut rows = rows(&outcomes, &errors);
    eprintln!("== load: control (raw reqwest, a new key on every attempt)");
    rows.push(control_row(bench, &bin, state));
    rows
}

/// The control: raw reqwest sending a new idempotency key on every
/// attempt, so a create whose response was lost and that was retried makes
/// a second object. The check must see it.
fn control_row(bench: &Bench, bin: &std::path::Path, state: &mut State) -> Row {
    let what = "control: raw reqwest with a new idempotency key on every attempt (the bug the \
                check is for)";
    let target = Target::Holds("the check catches it");
    match run_side(bench, bin, "raw-new-key") {
        Ok(outcome) => {
            let get = |path: &str| {
                outcome
                    .summary
                    .pointer(path)
                    .and_then(Value::as_u64)
                    .unwrap_or(0)
            };
            let caught = get("/idempotency/violations");
            if caught == 0 {
                state.failures.push(
                    "load: the idempotency check did not catch the control's new keys".to_owned(),
                );
            }
            Row::new(
                SECTION,
                what,
                format!(
                    "{caught} of {} creates caught breaking it",
                    get("/idempotency/creates")
                ),
            )
            .judged(target, Some(if caught > 0 { 1.0 } else { 0.0 }))
        }
        Err(e) => {
            state
                .failures
                .push(format!("load: the control did not run: {e}"));
            Row::failed(SECTION, what, &e).unjudged(target)
        }
    }
}

/// Starts a fresh server and runs `load_client side` against it under GNU
/// time; its summary line.
fn run_side(bench: &Bench, bin: &std::path::Path, side: &str) -> Result<Outcome, String> {
    let server = Server::start(&bin.join("fault_server"))?;
    let cmd = Cmd::new(bin.join("load_client"), bin).args([
        side,
        &server.base,
        &TASKS.to_string(),
        &CALLS.to_string(),
    ]);
    let log = bench.log(&format!("load-{side}"));
    let run = measure::run_once(&cmd, LIMIT, &log)?;
    drop(server);
    let text =
        std::fs::read_to_string(&log).map_err(|e| format!("cannot read {}: {e}", log.display()))?;
    let summary = text
        .lines()
        .rev()
        .find(|l| l.starts_with('{'))
        .and_then(|l| serde_json::from_str::<Value>(l).ok())
        .ok_or_else(|| format!("no summary line in {}", log.display()))?;
    let peak_kib = run
        .peak_kib
        .or_else(|| summary.get("peak_kib").and_then(Value::as_u64));
    Ok(Outcome { peak_kib, summary })
}

/// Why a run broke the invariant, if it did: a call lost, or a logical
/// create with other than one object (success) or more than one (error),
/// or with more than one key.
fn broken(summary: &Value) -> Option<String> {
    let get = |path: &str| summary.pointer(path).and_then(Value::as_u64).unwrap_or(0);
    let finished = get("/finished");
    let calls = get("/calls");
    let panicked = get("/panicked_tasks");
    let violations = get("/idempotency/violations");
    let mut why = Vec::new();
    if finished != calls || panicked > 0 {
        why.push(format!(
            "{finished} of {calls} calls finished, {panicked} tasks panicked"
        ));
    }
    if violations > 0 {
        let first = summary
            .pointer("/idempotency/first_violations")
            .map(Value::to_string)
            .unwrap_or_default();
        why.push(format!("{violations} creates broke it, first: {first}"));
    }
    (!why.is_empty()).then(|| why.join("; "))
}

/// The median of the number at `path` over `runs`.
fn median_of(runs: &[Outcome], path: &str) -> Option<f64> {
    // Medians of f64 through their order-preserving bits (all positive).
    let mut bits: Vec<u64> = runs
        .iter()
        .filter_map(|o| o.summary.pointer(path).and_then(Value::as_f64))
        .map(f64::to_bits)
        .collect();
    median(&mut bits).map(f64::from_bits)
}

fn ms(value: f64) -> String {
    format_duration(Duration::from_secs_f64(value / 1e3))
}

/// "20000 of 20000 calls finished: 19997 succeeded, 3 typed errors (Api 503 ×3)".
fn outcomes_text(summary: &Value) -> String {
    let get = |path: &str| summary.pointer(path).and_then(Value::as_u64).unwrap_or(0);
    let errors: Vec<String> = summary
        .get("errors")
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .map(|(kind, n)| format!("{kind} ×{}", n.as_u64().unwrap_or(0)))
                .collect()
        })
        .unwrap_or_default();
    let failed = get("/finished") - get("/ok");
    format!(
        "{} of {} calls finished: {} succeeded, {failed} typed errors{}",
        get("/finished"),
        get("/calls"),
        get("/ok"),
        if errors.is_empty() {
            String::new()
        } else {
            format!(" ({})", errors.join(", "))
        }
    )
}

/// "10000 creates: 9998 succeeded with one object each; 2 failed (0 left an object); 0 violations".
fn idempotency_text(summary: &Value) -> String {
    let number = |path: String| summary.pointer(&path).and_then(Value::as_u64).unwrap_or(0);
    let get = |name: &str| number(format!("/idempotency/{name}"));
    let server = |name: &str| number(format!("/server/{name}"));
    format!(
        "{} creates: {} succeeded, {} of them with exactly one object (the id returned); \
         {} failed after retries ({} left an object); {} violations; server: {} requests, \
         {} answered 503, {} closed unanswered, {} delayed, {} replays by key",
        get("creates"),
        get("succeeded"),
        get("one_object"),
        get("failed_with_object") + get("failed_without_object"),
        get("failed_with_object"),
        get("violations"),
        server("requests"),
        server("unavailable"),
        server("reset"),
        server("delayed"),
        server("replayed"),
    )
}

fn rows(outcomes: &[Vec<Outcome>; 2], errors: &[Option<String>; 2]) -> Vec<Row> {
    let what = format!(
        "PAY.JP client shared by {TASKS} tasks, {CALLS} calls (creates and retrieves) \
         against 503s, dropped connections and delays"
    );
    let invariant = Target::Holds("one object per create, no call lost");
    for (i, error) in errors.iter().enumerate() {
        if let (Some(e), true) = (error, outcomes[i].is_empty()) {
            return vec![
                Row::failed(SECTION, format!("{what}: {}", SIDES[i].1), e).unjudged(invariant)
            ];
        }
    }
    let [ours, theirs] = outcomes;
    let theirs_name = SIDES[1].1;
    let mut rows = Vec::new();
    let pair = |label: &str, path: &str, show: &dyn Fn(f64) -> String| {
        let (a, b) = (median_of(ours, path)?, median_of(theirs, path)?);
        Some(
            Row::new(SECTION, format!("{what}: {label}"), show(a))
                .versus(format!("{theirs_name}: {}", show(b)), Some(a / b)),
        )
    };
    rows.extend(pair(
        "throughput (higher is better)",
        "/calls_per_s",
        &|v| format!("{v:.0} calls/s"),
    ));
    rows.extend(pair("p50 latency", "/p50_ms", &|v| ms(v)));
    rows.extend(pair("p99 latency", "/p99_ms", &|v| ms(v)));
    let peak = |runs: &[Outcome]| {
        let mut peaks: Vec<u64> = runs.iter().filter_map(|o| o.peak_kib).collect();
        median(&mut peaks)
    };
    if let (Some(a), Some(b)) = (peak(ours), peak(theirs)) {
        rows.push(
            Row::new(
                SECTION,
                format!("{what}: client's peak memory"),
                format_kib(a),
            )
            .versus(
                format!("{theirs_name}: {}", format_kib(b)),
                Some(a as f64 / b as f64),
            ),
        );
    }
    if let (Some(a), Some(b)) = (ours.first(), theirs.first()) {
        rows.push(
            Row::new(
                SECTION,
                format!("{what}: outcomes (first run)"),
                outcomes_text(&a.summary),
            )
            .versus(
                format!("{theirs_name}: {}", outcomes_text(&b.summary)),
                None,
            ),
        );
    }
    let held = ours.iter().all(|o| broken(&o.summary).is_none()) && errors[0].is_none();
    if let Some(first) = ours.first() {
        rows.push(
            Row::new(
                SECTION,
                format!("{what}: objects per logical create (server's count, first run)"),
                idempotency_text(&first.summary),
            )
            .versus(
                theirs
                    .first()
                    .map(|o| format!("{theirs_name}: {}", idempotency_text(&o.summary)))
                    .unwrap_or_default(),
                None,
            )
            .judged(invariant, Some(if held { 1.0 } else { 0.0 })),
        );
    }
    rows
}
