//! Runs each document's smoke program against Stoplight Prism serving that
//! document: Prism validates every request and answers from the document's
//! examples; the program calls each operation once through the SDK and
//! prints one JSON line per operation (see the `sdkgen-smoke` crate).
//! Two documents run at a time, each with its own Prism on its own port.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde_json::Value;

use super::build::Built;
use super::workspace::Workspace;
use super::Document;

/// How long Prism may take to load a document and listen.
const START_LIMIT: Duration = Duration::from_secs(240);
/// How long one smoke program may run.
const RUN_LIMIT: Duration = Duration::from_secs(600);
/// Documents run at once.
const WORKERS: usize = 2;

/// What calling one document's operations found.
#[derive(Debug, Clone, Default)]
pub struct Called {
    /// Prism's own message when it could not load or serve the document.
    pub prism: Option<String>,
    /// The smoke program's failure: a crash, a timeout, no client.
    pub crashed: Option<String>,
    /// One entry per operation.
    pub calls: Vec<Call>,
}

/// One operation's call.
#[derive(Debug, Clone)]
pub struct Call {
    /// The operationId (or what the SDK named the operation).
    pub operation: String,
    /// `METHOD /path`.
    pub request: String,
    /// `decoded`, `api_error`, `decode_failed`, `unexpected`, `failed` or
    /// `skipped`.
    pub outcome: String,
    pub status: Option<u16>,
    pub message: Option<String>,
    /// Prism's violations of the requests this call made, as text.
    pub violations: Vec<String>,
}

impl Call {
    /// Prism's violations of the request: what the SDK sent wrong.
    pub fn request_violations(&self) -> impl Iterator<Item = &String> {
        self.violations.iter().filter(|v| !is_response_violation(v))
    }

    /// Prism's violations of its own response: the document's example (or
    /// what Prism made of its schema) breaks the document's schema; not the
    /// SDK's doing.
    pub fn response_violations(&self) -> impl Iterator<Item = &String> {
        self.violations.iter().filter(|v| is_response_violation(v))
    }

    /// Whether the SDK could not read a response into the documented type.
    pub fn is_decode_failure(&self) -> bool {
        matches!(self.outcome.as_str(), "decode_failed" | "unexpected")
    }

    /// Whether a decode failure counts against the SDK: not when Prism
    /// flagged its own response as breaking the document's schema (the
    /// document's example is wrong, and the SDK rightly refuses it).
    pub fn is_counted_decode_failure(&self) -> bool {
        self.is_decode_failure() && self.response_violations().next().is_none()
    }

    /// Whether the call failed in another way (transport, bad request).
    pub fn is_other_failure(&self) -> bool {
        self.outcome == "failed"
    }
}

/// Calls every built document's operations.
pub fn run(
    root: &Path,
    dir: &Path,
    workspace: &Workspace,
    built: &BTreeMap<String, Built>,
) -> Result<BTreeMap<String, Called>, String> {
    let prism = prism(root)?;
    let logs = dir.join("calls");
    std::fs::create_dir_all(&logs)
        .map_err(|e| format!("error: cannot create {}: {e}", logs.display()))?;
    let mut jobs: Vec<(Document, PathBuf)> = workspace
        .generated()
        .filter_map(|d| {
            let binary = built.get(&d.name)?.binary.clone()?;
            Some((d.clone(), binary))
        })
        .collect();
    // Workers pop from the end: reversed, the documents start in order.
    jobs.reverse();
    let queue = Mutex::new(jobs);
    let results = Mutex::new(BTreeMap::new());
    let started = Instant::now();
    std::thread::scope(|scope| {
        for _ in 0..WORKERS {
            scope.spawn(|| loop {
                let next = queue.lock().ok().and_then(|mut q| q.pop());
                let Some((document, binary)) = next else {
                    break;
                };
                let called = call(&prism, &logs, &document, &binary);
                println!("called {}: {}", document.name, summary(&called));
                if let Ok(mut results) = results.lock() {
                    results.insert(document.name.clone(), called);
                }
            });
        }
    });
    println!(
        "corpus: called the operations in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    results
        .into_inner()
        .map_err(|_| "error: a worker panicked".to_owned())
}

fn summary(called: &Called) -> String {
    if let Some(why) = called.prism.as_ref().or(called.crashed.as_ref()) {
        return why.lines().next().unwrap_or_default().to_owned();
    }
    let violations = called
        .calls
        .iter()
        .filter(|c| c.request_violations().next().is_some())
        .count();
    let decode = called
        .calls
        .iter()
        .filter(|c| c.is_counted_decode_failure())
        .count();
    format!(
        "{} calls, {violations} with request violations, {decode} decode failures",
        called.calls.len()
    )
}

/// Prism, installed by `npm ci` from the workspace's `package.json`.
fn prism(root: &Path) -> Result<PathBuf, String> {
    let binary = root.join("node_modules").join(".bin").join("prism");
    if binary.exists() {
        return Ok(binary);
    }
    crate::npm_ci()?;
    if binary.exists() {
        Ok(binary)
    } else {
        Err(format!(
            "error: {} is missing after `npm ci`",
            binary.display()
        ))
    }
}

/// Starts Prism on `document`, runs its smoke program, stops Prism.
fn call(prism: &Path, logs: &Path, document: &Document, binary: &Path) -> Called {
    let log = logs.join(format!("{}.prism.log", document.name));
    let port = match free_port() {
        Ok(port) => port,
        Err(why) => {
            return Called {
                crashed: Some(why),
                ..Called::default()
            }
        }
    };
    let server = match Prism::start(prism, &document.path, port, &log) {
        Ok(server) => server,
        Err(why) => {
            return Called {
                prism: Some(why),
                ..Called::default()
            }
        }
    };
    let out = logs.join(format!("{}.jsonl", document.name));
    let result = run_smoke(binary, &format!("http://127.0.0.1:{port}"), &out);
    drop(server);
    match result {
        Ok(text) => parse(&text),
        Err(why) => Called {
            crashed: Some(why),
            calls: std::fs::read_to_string(&out)
                .map(|text| parse(&text).calls)
                .unwrap_or_default(),
            ..Called::default()
        },
    }
}

/// A running Prism; dropping it kills the process.
struct Prism {
    child: Child,
}

impl Prism {
    fn start(binary: &Path, document: &Path, port: u16, log: &Path) -> Result<Self, String> {
        let out = File::create(log).map_err(|e| format!("cannot create {}: {e}", log.display()))?;
        let err = out.try_clone().map_err(|e| e.to_string())?;
        let child = Command::new(binary)
            .args(["mock", "--host", "127.0.0.1", "--port", &port.to_string()])
            .arg(document)
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .map_err(|e| format!("cannot start Prism: {e}"))?;
        let mut server = Prism { child };
        let started = Instant::now();
        loop {
            let text = std::fs::read_to_string(log).unwrap_or_default();
            if text.contains("Prism is listening") {
                return Ok(server);
            }
            if let Ok(Some(status)) = server.child.try_wait() {
                return Err(format!(
                    "Prism cannot serve the document ({status}): {}",
                    prism_message(&text)
                ));
            }
            if started.elapsed() > START_LIMIT {
                return Err(format!(
                    "Prism did not listen within {} s: {}",
                    START_LIMIT.as_secs(),
                    prism_message(&text)
                ));
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The lines of Prism's log that say what went wrong: from its first
/// `fatal` or `error` line to its usage text, else the last few lines.
fn prism_message(log: &str) -> String {
    let lines: Vec<&str> = log
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let first = lines
        .iter()
        .position(|l| l.contains("fatal") || l.contains("error"));
    let picked: Vec<&str> = match first {
        Some(first) => lines[first..]
            .iter()
            .take_while(|l| !l.starts_with("prism mock"))
            .take(4)
            .copied()
            .collect(),
        None => lines[lines.len().saturating_sub(4)..].to_vec(),
    };
    // Drop the `[time] › [CLI]` prefix of Prism's log lines.
    picked
        .iter()
        .map(|l| l.rsplit_once("] ").map_or(*l, |(_, rest)| rest).trim())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Runs the smoke program with its output going to `out`; its text when
/// it ends with its closing line in time.
fn run_smoke(binary: &Path, upstream: &str, out: &Path) -> Result<String, String> {
    let file = File::create(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let mut child = Command::new(binary)
        .arg(upstream)
        .stdin(Stdio::null())
        .stdout(file)
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", binary.display()))?;
    let started = Instant::now();
    let status = loop {
        if let Ok(Some(status)) = child.try_wait() {
            break status;
        }
        if started.elapsed() > RUN_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!(
                "the smoke program did not finish within {} s",
                RUN_LIMIT.as_secs()
            ));
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let mut stderr = String::new();
    if let Some(mut pipe) = child.stderr.take() {
        let _ = pipe.read_to_string(&mut stderr);
    }
    let text = std::fs::read_to_string(out).map_err(|e| e.to_string())?;
    let closed = text
        .lines()
        .last()
        .is_some_and(|l| l.starts_with("{\"finished\""));
    if closed {
        Ok(text)
    } else {
        Err(format!(
            "the smoke program stopped early ({status}): {}",
            stderr.trim().lines().last().unwrap_or("no message")
        ))
    }
}

/// Reads the smoke program's lines.
fn parse(text: &str) -> Called {
    let mut called = Called::default();
    for line in text.lines() {
        let Ok(value) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        let Some(outcome) = value["outcome"].as_str() else {
            continue;
        };
        if outcome == "no_client" {
            called.crashed = Some(format!(
                "no client: {}",
                value["message"].as_str().unwrap_or_default()
            ));
            continue;
        }
        let exchanges = value["exchanges"].as_array().cloned().unwrap_or_default();
        called.calls.push(Call {
            operation: value["operation"].as_str().unwrap_or_default().to_owned(),
            request: value["request"].as_str().unwrap_or_default().to_owned(),
            outcome: outcome.to_owned(),
            status: value["status"].as_u64().and_then(|s| u16::try_from(s).ok()),
            message: value["message"].as_str().map(str::to_owned),
            violations: exchanges.iter().flat_map(violations).collect(),
        });
    }
    called
}

/// Prism's violations of one exchange, each as `location: message`.
fn violations(exchange: &Value) -> Vec<String> {
    match &exchange["violations"] {
        // Past a size, Prism writes `Too many violations! [...]`.
        Value::String(text) => match text
            .find('[')
            .and_then(|at| serde_json::from_str::<Value>(&text[at..]).ok())
        {
            Some(list @ Value::Array(_)) => violations(&serde_json::json!({ "violations": list })),
            _ => truncated(text),
        },
        Value::Array(list) => list
            .iter()
            .map(|v| {
                let location = v["location"]
                    .as_array()
                    .map(|parts| {
                        parts
                            .iter()
                            .map(|p| p.as_str().map_or_else(|| p.to_string(), str::to_owned))
                            .collect::<Vec<_>>()
                            .join(".")
                    })
                    .unwrap_or_default();
                let message = v["message"].as_str().unwrap_or_default();
                format!("{location}: {message}")
            })
            .collect(),
        Value::Null => Vec::new(),
        other => vec![other.to_string()],
    }
}

/// Prism cuts a long header short, so the list may not parse: each entry
/// is then the start of one violation, named by its first location part.
fn truncated(text: &str) -> Vec<String> {
    const ENTRY: &str = "{\"location\":[\"";
    text.split(ENTRY)
        .skip(1)
        // The last entry may be cut before its first location part.
        .filter(|entry| entry.contains('"'))
        .map(|entry| {
            let (part, rest) = entry.split_once('"').unwrap_or((entry, ""));
            let message = rest
                .split("\"message\":\"")
                .nth(1)
                .map_or(rest, |m| m.split("\"}").next().unwrap_or(m));
            format!("{part}: {message}")
        })
        .collect()
}

fn is_response_violation(violation: &str) -> bool {
    violation.starts_with("response.") || violation.starts_with("response:")
}

/// A port nobody listens on right now.
fn free_port() -> Result<u16, String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_become_calls_with_their_violations() {
        let text = r#"{"operation":"listPets","request":"GET /pets","outcome":"decoded","status":200,"message":null,"exchanges":[{"method":"GET","path":"/pets","status":200,"violations":null}]}
{"operation":"addPet","request":"POST /pets","outcome":"api_error","status":422,"message":null,"exchanges":[{"method":"POST","path":"/pets","status":422,"violations":[{"location":["request","body","name"],"severity":"Error","code":"required","message":"must have required property 'name'"}]}]}
{"finished":2}"#;
        let called = parse(text);
        assert_eq!(called.calls.len(), 2);
        assert!(called.calls[0].violations.is_empty());
        assert_eq!(
            called.calls[1].violations,
            ["request.body.name: must have required property 'name'"]
        );
        assert_eq!(called.calls[1].status, Some(422));
    }

    #[test]
    fn prism_messages_quote_the_fatal_line() {
        let log = "[5:57:49 AM] › [CLI] …  awaiting  Starting Prism…\n\
                   [5:57:49 AM] › [CLI] ✖  fatal     Error downloading https://x/common.json \n\
                   fetch failed\nprism mock <document>\n\nStart a mock server\n";
        assert_eq!(
            prism_message(log),
            "✖  fatal     Error downloading https://x/common.json fetch failed"
        );
        assert_eq!(prism_message("a\nb\nc\nd\ne\n"), "b c d e");
    }

    #[test]
    fn a_cut_off_list_is_read_entry_by_entry() {
        let exchange = serde_json::json!({"violations":
            "Too many violations! [{\"location\":[\"response\",\"body\",\"id\"],\"severity\":\"Error\",\"message\":\"must match pattern\"},{\"location\":[\"request\",\"bo"});
        let found = violations(&exchange);
        assert_eq!(found.len(), 2);
        let cut_early = serde_json::json!({"violations":
            "Too many violations! [{\"location\":[\"response\",\"body\"],\"message\":\"must be null\"},{\"location\":[\""});
        assert_eq!(violations(&cut_early), ["response: must be null"]);
        assert!(is_response_violation(&found[0]), "{found:?}");
        assert!(found[0].ends_with("must match pattern"), "{found:?}");
        assert!(!is_response_violation(&found[1]), "{found:?}");
    }

    #[test]
    fn too_many_violations_are_still_read() {
        let exchange = serde_json::json!({"violations":
            "Too many violations! [{\"location\":[\"request\",\"query\",\"limit\"],\"message\":\"must be integer\"}]"});
        assert_eq!(
            violations(&exchange),
            ["request.query.limit: must be integer"]
        );
    }
}
