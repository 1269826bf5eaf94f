//! Steady figures for sections 3 and 4: instructions per decode and per
//! call, counted with valgrind's cachegrind. On this kind of machine (2
//! shared cores) wall time drifts by up to half between runs, more than the
//! differences being measured; the number of instructions a piece of code
//! executes does not move. The harness's `decode_count` and
//! `request_count` binaries repeat one operation `n` times; the count of a
//! run with a few repetitions (start-up, first-call and connection set-up)
//! is subtracted from one with more, and the rest divided by the difference.
//! The request counts are the client's alone: the loopback server runs in a
//! process of its own (`loopback_server`).

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use super::report::{Row, Target};
use super::Bench;

/// Repetitions of the two counted runs of each measurement.
pub const DECODES: (u64, u64) = (20, 220);
const CALLS: (u64, u64) = (5, 55);

/// The decode cases, as `decode_count` names them, with their row labels.
const DECODE_CASES: [(&str, &str); 2] = [
    ("payjp", "PAY.JP PaymentIntent response"),
    ("stripe", "Stripe `payment_intent` fixture"),
];

/// The request cases, as `request_count` names them, with their row labels.
const REQUEST_CASES: [(&str, &str); 2] =
    [("retrieve", "PAY.JP retrieve"), ("create", "PAY.JP create")];

/// The harness binaries built for counting.
const BINARIES: [&str; 3] = ["decode_count", "request_count", "loopback_server"];

/// One row per decode case: instructions per decode of the generated model
/// and of the hand-written struct, their ratio read as a throughput
/// (theirs / ours), judged against `target`.
pub fn decode_rows(bench: &Bench, harness: &Path, target_dir: &Path, target: f64) -> Vec<Row> {
    let target = Target::RatioAtLeast(target);
    let label = |what: &str| {
        format!("{what}: instructions per decode (cachegrind), generated model vs hand-written")
    };
    let bin = match prepare(bench, harness, target_dir) {
        Ok(bin) => bin,
        Err(e) => return failed("decode", &DECODE_CASES, label, &e, target),
    };
    let decode_count = bin.join("decode_count");
    DECODE_CASES
        .iter()
        .map(|(case, what)| {
            let count = |side: &str| {
                per_repetition(DECODES, |n| {
                    count(&decode_count, &[case, side, &n.to_string()])
                })
            };
            match count("generated").and_then(|ours| Ok((ours, count("handwritten")?))) {
                Ok((ours, theirs)) => Row::new("decode", label(what), instructions(ours))
                    .versus(
                        format!("hand-written: {}", instructions(theirs)),
                        Some(theirs / ours),
                    )
                    .judged(target, Some(theirs / ours)),
                Err(e) => Row::failed("decode", label(what), &e).unjudged(target),
            }
        })
        .collect()
}

/// One row per request case: the client's instructions per call through
/// the SDK and by hand with reqwest, their ratio (ours / theirs), judged
/// against `target`.
pub fn request_rows(bench: &Bench, harness: &Path, target_dir: &Path, target: f64) -> Vec<Row> {
    let section = "request overhead";
    let target = Target::RatioAtMost(target);
    let label = |what: &str| {
        format!("{what}: client instructions per call (cachegrind), SDK vs raw reqwest")
    };
    let server = prepare(bench, harness, target_dir).and_then(|bin| {
        let server = Server::start(&bin.join("loopback_server"))?;
        Ok((bin, server))
    });
    let (bin, server) = match server {
        Ok(started) => started,
        Err(e) => return failed(section, &REQUEST_CASES, label, &e, target),
    };
    let request_count = bin.join("request_count");
    REQUEST_CASES
        .iter()
        .map(|(call, what)| {
            let count = |side: &str| {
                per_repetition(CALLS, |n| {
                    count(&request_count, &[call, side, &n.to_string(), &server.base])
                })
            };
            match count("sdk").and_then(|ours| Ok((ours, count("raw")?))) {
                Ok((ours, theirs)) => Row::new(section, label(what), instructions(ours))
                    .versus(
                        format!("raw reqwest: {}", instructions(theirs)),
                        Some(ours / theirs),
                    )
                    .judged(target, Some(ours / theirs)),
                Err(e) => Row::failed(section, label(what), &e).unjudged(target),
            }
        })
        .collect()
}

/// Rows saying why none of `cases` could be counted.
fn failed(
    section: &'static str,
    cases: &[(&str, &str)],
    label: impl Fn(&str) -> String,
    why: &str,
    target: Target,
) -> Vec<Row> {
    cases
        .iter()
        .map(|(_, what)| Row::failed(section, label(what), why).unjudged(target))
        .collect()
}

/// "31 204 instructions".
pub fn instructions(count: f64) -> String {
    format!("{count:.0} instructions")
}

/// Whether `valgrind` runs.
pub fn has_valgrind() -> bool {
    Command::new("valgrind")
        .arg("--version")
        .output()
        .is_ok_and(|out| out.status.success())
}

/// Checks for valgrind and builds the counting binaries with the release
/// profile (the one criterion's benchmarks use); returns their directory.
fn prepare(bench: &Bench, harness: &Path, target_dir: &Path) -> Result<PathBuf, String> {
    check_valgrind()?;
    build_binaries(bench, harness, target_dir, &[], &BINARIES)
}

/// An error unless valgrind is installed.
pub fn check_valgrind() -> Result<(), String> {
    if has_valgrind() {
        Ok(())
    } else {
        Err("valgrind is not installed (`cargo xtask bench --install-peers` installs it)".into())
    }
}

/// Builds `binaries` of the harness with `features` in the release profile;
/// returns their directory.
pub fn build_binaries(
    bench: &Bench,
    harness: &Path,
    target_dir: &Path,
    features: &[&str],
    binaries: &[&str],
) -> Result<PathBuf, String> {
    let manifest = harness.join("Cargo.toml");
    let mut args = vec!["build", "--release", "--quiet", "--manifest-path"];
    let manifest = manifest.to_string_lossy();
    args.push(&manifest);
    let features = features.join(",");
    if !features.is_empty() {
        args.extend(["--features", &features]);
    }
    for binary in binaries {
        args.extend(["--bin", binary]);
    }
    eprintln!("$ cargo {}", args.join(" "));
    let status = Command::new(bench.cargo_program())
        .args(&args)
        .env("CARGO_TARGET_DIR", target_dir)
        .current_dir(harness)
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err(format!(
            "building {} failed ({status})",
            binaries.join(", ")
        ));
    }
    Ok(target_dir.join("release"))
}

/// Instructions per repetition: `count(many) - count(few)` over `many - few`.
pub fn per_repetition(
    (few, many): (u64, u64),
    count: impl Fn(u64) -> Result<u64, String>,
) -> Result<f64, String> {
    let base = count(few)?;
    let total = count(many)?;
    if total <= base {
        return Err(format!(
            "{many} repetitions counted no more instructions than {few}"
        ));
    }
    Ok((total - base) as f64 / (many - few) as f64)
}

/// The instructions one run of `binary args` executes, from cachegrind.
pub fn count(binary: &Path, args: &[&str]) -> Result<u64, String> {
    let out = Command::new("valgrind")
        .args([
            "--tool=cachegrind",
            "--cache-sim=no",
            "--cachegrind-out-file=/dev/null",
        ])
        .arg(binary)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run valgrind: {e}"))?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    let what = format!("{} {}", binary.display(), args.join(" "));
    if !out.status.success() {
        return Err(format!(
            "valgrind {what} failed ({}): {}",
            out.status,
            stderr.trim()
        ));
    }
    instruction_count(&stderr).ok_or_else(|| {
        format!(
            "no `I refs` in valgrind's output for {what}: {}",
            stderr.trim()
        )
    })
}

/// The `I refs` figure of cachegrind's summary (`==7== I   refs:  1,234`).
fn instruction_count(summary: &str) -> Option<u64> {
    let line = summary
        .lines()
        .find(|l| l.contains(" refs:") && l.contains('I'))?;
    let figure = line.rsplit(':').next()?.trim().replace(',', "");
    figure.parse().ok()
}

/// A loopback server process; it stops when dropped.
pub struct Server {
    child: Child,
    /// The base URL it printed.
    pub base: String,
}

impl Server {
    /// Starts `binary` and reads the base URL it prints.
    pub fn start(binary: &Path) -> Result<Self, String> {
        let mut child = Command::new(binary)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
        let mut line = String::new();
        let read = child
            .stdout
            .take()
            .map(|out| BufReader::new(out).read_line(&mut line));
        match read {
            Some(Ok(n)) if n > 0 && line.starts_with("http://") => Ok(Self {
                child,
                base: line.trim().to_owned(),
            }),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                Err(format!("{} did not print its address", binary.display()))
            }
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // Closing its input asks it to stop; kill in case it does not.
        drop(self.child.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[cfg(test)]
mod tests {
    use super::{instruction_count, per_repetition};

    #[test]
    fn reads_cachegrinds_summary() {
        let summary = "==701== \n==701== I   refs:      127,665\n";
        assert_eq!(instruction_count(summary), Some(127_665));
        assert_eq!(instruction_count("==701== I refs: 12\n"), Some(12));
        assert_eq!(instruction_count("no summary"), None);
    }

    #[test]
    fn start_up_is_subtracted() {
        let per = per_repetition((10, 110), |n| Ok(5_000 + 30 * n));
        assert_eq!(per, Ok(30.0));
        assert!(per_repetition((10, 110), |_| Ok(5_000)).is_err());
    }
}
