//! Sections 3 and 4, decode and request overhead, measured with criterion in
//! a harness crate built under the target dir: `bench/harness/` is
//! copied to `target/bench/harness/`, its manifest pointed at the crates
//! the bench generated (PAY.JP's and Stripe PaymentIntents'), and Stripe's
//! `payment_intent` fixture written beside it. Medians are read from
//! criterion's `estimates.json`.

use std::fs;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use serde_json::Value;

use super::compile::sync_dir;
use super::instructions;
use super::measure::format_duration;
use super::report::{Row, Target};
use super::{write_file as write, Bench, Section, State};

/// Target throughput of a generated model against the hand-written struct.
const DECODE_TARGET: f64 = 0.95;
/// Target latency of an SDK call against raw reqwest.
const REQUEST_TARGET: f64 = 1.10;

/// A criterion group comparing `generated` with `handwritten`.
struct Group {
    section: Section,
    bench: &'static str,
    name: &'static str,
    label: &'static str,
}

const GROUPS: [Group; 4] = [
    Group {
        section: Section::Decode,
        bench: "decode",
        name: "decode_payjp",
        label: "PAY.JP PaymentIntent response",
    },
    Group {
        section: Section::Decode,
        bench: "decode",
        name: "decode_stripe",
        label: "Stripe `payment_intent` fixture",
    },
    Group {
        section: Section::Request,
        bench: "request",
        name: "request_retrieve",
        label: "PAY.JP retrieve (`GET`, JSON response) on loopback",
    },
    Group {
        section: Section::Request,
        bench: "request",
        name: "request_create",
        label: "PAY.JP create (`POST` JSON body, idempotency key) on loopback",
    },
];

/// Runs the decode and request sections that are selected.
pub fn run(bench: &Bench, state: &mut State) -> Vec<Row> {
    let selected: Vec<&Group> = GROUPS
        .iter()
        .filter(|g| bench.opts.sections.contains(&g.section))
        .collect();
    let harness = match set_up(bench, state) {
        Ok(harness) => harness,
        Err(e) => {
            return selected
                .iter()
                .map(|g| Row::failed(section_name(g.section), g.label, &e))
                .collect();
        }
    };
    let mut benches: Vec<&str> = selected.iter().map(|g| g.bench).collect();
    benches.dedup();
    let mut rows = Vec::new();
    for name in benches {
        let groups: Vec<&str> = GROUPS
            .iter()
            .filter(|g| g.bench == name)
            .map(|g| g.name)
            .collect();
        let ran = run_bench(bench, &harness, name, &[], &groups);
        for group in selected.iter().filter(|g| g.bench == name) {
            rows.push(match &ran {
                Ok(()) => group_row(&harness, group),
                Err(e) => Row::failed(section_name(group.section), group.label, e),
            });
        }
        let (dir, target_dir) = (&harness.dir, &harness.target_dir);
        rows.extend(match name {
            "decode" => instructions::decode_rows(bench, dir, target_dir, DECODE_TARGET),
            _ => instructions::request_rows(bench, dir, target_dir, REQUEST_TARGET),
        });
    }
    rows
}

fn section_name(section: Section) -> &'static str {
    match section {
        Section::Decode => "decode",
        _ => "request overhead",
    }
}

/// The harness crate and where its results go.
pub struct Harness {
    /// The copy of the harness crate.
    pub dir: PathBuf,
    /// Its target directory.
    pub target_dir: PathBuf,
    /// `CRITERION_HOME`.
    pub criterion: PathBuf,
    /// Sizes of the bodies decoded, by group name.
    body_sizes: Vec<(&'static str, usize)>,
}

impl Harness {
    /// The size in bytes of the body the decode group `group` decodes.
    pub fn body_size(&self, group: &str) -> Option<usize> {
        self.body_sizes
            .iter()
            .find(|(name, _)| *name == group)
            .map(|(_, size)| *size)
    }
}

/// Writes the harness crate (generating the crates it depends on if this
/// run has not).
pub fn set_up(bench: &Bench, state: &mut State) -> Result<Harness, String> {
    let mut deps = Vec::new();
    for key in ["payjp-v2", "stripe-payment-intents"] {
        // A copy that changes only where the generated crate did, so the
        // harness is not rebuilt from scratch after every generation.
        let generated = bench.ensure_generated(state, key)?;
        let copy = bench.dir.join("harness-deps").join(key);
        sync_dir(&generated, &copy)
            .map_err(|e| format!("cannot copy {}: {e}", generated.display()))?;
        deps.push(copy);
    }
    let dir = bench.dir.join("harness");
    let source = bench.root.join("bench/harness");
    for sub in ["src", "benches"] {
        sync_dir(&source.join(sub), &dir.join(sub))
            .map_err(|e| format!("cannot copy {}: {e}", source.display()))?;
    }
    let payjp_fixture = fs::read(source.join("fixtures/payjp_payment_intent.json"))
        .map_err(|e| format!("cannot read the PAY.JP fixture: {e}"))?;
    write(
        &dir.join("fixtures/payjp_payment_intent.json"),
        &payjp_fixture,
    )?;
    let template = fs::read_to_string(source.join("Cargo.toml.in"))
        .map_err(|e| format!("cannot read the harness manifest: {e}"))?;
    let manifest = template
        .replace("@PAYJP@", &deps[0].to_string_lossy())
        .replace("@STRIPE@", &deps[1].to_string_lossy());
    write(&dir.join("Cargo.toml"), manifest.as_bytes())?;
    // The harness's own lock file pins criterion, axum and the rest; cargo
    // only adds what a regenerated crate newly needs.
    let lock = fs::read(source.join("Cargo.lock"))
        .map_err(|e| format!("cannot read the harness's Cargo.lock: {e}"))?;
    write(&dir.join("Cargo.lock"), &lock)?;
    let fixture = stripe_fixture(bench)?;
    write(&dir.join("fixtures/stripe_payment_intent.json"), &fixture)?;
    Ok(Harness {
        target_dir: bench.dir.join("harness-target"),
        criterion: bench.dir.join("criterion"),
        body_sizes: vec![
            ("decode_payjp", payjp_fixture.len()),
            ("decode_stripe", fixture.len()),
        ],
        dir,
    })
}

/// `resources.payment_intent` of Stripe's `fixtures3.json`, as compact JSON.
fn stripe_fixture(bench: &Bench) -> Result<Vec<u8>, String> {
    let path = bench.shared.join("specs/stripe/fixtures3.json");
    let text = fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let fixtures: Value = serde_json::from_slice(&text)
        .map_err(|e| format!("{} is not JSON: {e}", path.display()))?;
    let intent = fixtures
        .pointer("/resources/payment_intent")
        .ok_or_else(|| format!("{} has no resources.payment_intent", path.display()))?;
    serde_json::to_vec(intent).map_err(|e| format!("cannot encode the fixture: {e}"))
}

/// `cargo bench --bench <name>` in the harness with `features`, criterion's
/// output shown on standard error; the earlier results of `groups` are
/// removed first.
pub fn run_bench(
    bench: &Bench,
    harness: &Harness,
    name: &str,
    features: &[&str],
    groups: &[&str],
) -> Result<(), String> {
    for group in groups {
        bench.remove_dir(&harness.criterion.join(group))?;
    }
    let mut args = vec!["bench", "--bench", name, "--manifest-path"];
    let manifest = harness
        .dir
        .join("Cargo.toml")
        .to_string_lossy()
        .into_owned();
    args.push(&manifest);
    let features = features.join(",");
    if !features.is_empty() {
        args.extend(["--features", &features]);
    }
    args.extend(["--", "--noplot"]);
    if bench.opts.quick {
        args.extend([
            "--warm-up-time",
            "1",
            "--measurement-time",
            "2",
            "--sample-size",
            "20",
        ]);
    }
    eprintln!("$ cargo {}", args.join(" "));
    let status = Command::new(bench.cargo_program())
        .args(&args)
        .env("CARGO_TARGET_DIR", &harness.target_dir)
        .env("CRITERION_HOME", &harness.criterion)
        .current_dir(&harness.dir)
        .stdout(Stdio::from(std::io::stderr()))
        .status()
        .map_err(|e| format!("cannot run cargo bench: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "`cargo bench --bench {name}` failed ({status}); see its output above"
        ))
    }
}

/// The row of one group from criterion's medians.
fn group_row(harness: &Harness, group: &Group) -> Row {
    let section = section_name(group.section);
    let medians = median_ns(harness, group.name, "generated")
        .and_then(|ours| Ok((ours, median_ns(harness, group.name, "handwritten")?)));
    let (ours, theirs) = match medians {
        Ok(medians) => medians,
        Err(e) => return Row::failed(section, group.label, &e),
    };
    match group.section {
        Section::Decode => decode_row(harness, group, ours, theirs),
        _ => Row::new(section, group.label, per_call(ours))
            .versus(
                format!("raw reqwest: {}", per_call(theirs)),
                Some(ours / theirs),
            )
            .judged(Target::RatioAtMost(REQUEST_TARGET), Some(ours / theirs)),
    }
}

/// `; in memory X B vs Y B`, the two decoded types' sizes the decode
/// benchmark of `group` wrote (empty when it wrote none).
pub fn memory_sizes(harness: &Harness, group: &str) -> String {
    fs::read_to_string(harness.criterion.join(group).join("sizes.txt"))
        .ok()
        .and_then(|text| {
            let mut sizes = text.split_whitespace();
            Some(format!(
                "; in memory {} B vs {} B",
                sizes.next()?,
                sizes.next()?
            ))
        })
        .unwrap_or_default()
}

fn decode_row(harness: &Harness, group: &Group, ours: f64, theirs: f64) -> Row {
    let bytes = harness.body_size(group.name).unwrap_or_default();
    // Throughput ratio: ours / theirs = their time / our time.
    let ratio = theirs / ours;
    let sizes = memory_sizes(harness, group.name);
    Row::new(
        "decode",
        format!(
            "{} ({bytes} bytes JSON{sizes}): generated model vs hand-written serde struct",
            group.label
        ),
        throughput(bytes, ours),
    )
    .versus(
        format!("hand-written: {}", throughput(bytes, theirs)),
        Some(ratio),
    )
    .judged(Target::RatioAtLeast(DECODE_TARGET), Some(ratio))
}

/// "412 MiB/s (2.4 µs)".
pub fn throughput(bytes: usize, ns: f64) -> String {
    let mib_per_s = bytes as f64 / (ns * 1e-9) / (1024.0 * 1024.0);
    format!(
        "{mib_per_s:.0} MiB/s ({})",
        format_duration(std::time::Duration::from_secs_f64(ns * 1e-9))
    )
}

/// "55.1 µs/call".
fn per_call(ns: f64) -> String {
    format!(
        "{}/call",
        format_duration(std::time::Duration::from_secs_f64(ns * 1e-9))
    )
}

/// Criterion's median time per iteration of `group/function`, in ns.
pub fn median_ns(harness: &Harness, group: &str, function: &str) -> Result<f64, String> {
    let path = harness
        .criterion
        .join(group)
        .join(function)
        .join("new/estimates.json");
    let text =
        fs::read(&path).map_err(|e| format!("no criterion result {}: {e}", path.display()))?;
    let estimates: Value =
        serde_json::from_slice(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    estimates
        .pointer("/median/point_estimate")
        .and_then(Value::as_f64)
        .ok_or_else(|| format!("{} has no median", path.display()))
}
