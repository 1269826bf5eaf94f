//! Section 1, generation: the release `sdkgen` binary run as a whole
//! process (wall time and peak memory, medians of several runs) on four
//! documents, and each installed peer on the same documents.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::measure::{self, format_duration, format_kib, Cmd, Summary};
use super::peers::Peer;
use super::report::{Row, Target};
use super::{filter, Bench, State};

const SECTION: &str = "generation";
/// Longest a single sdkgen run may take.
const OUR_LIMIT: Duration = Duration::from_secs(300);
/// Longest a single peer run may take.
const PEER_LIMIT: Duration = Duration::from_secs(900);

/// A document to generate from.
pub struct Input {
    /// Short name: the output directory and the log names.
    pub key: &'static str,
    /// What the table calls it.
    pub label: &'static str,
    /// The document sdkgen reads.
    pub spec: PathBuf,
    /// The SDK config sdkgen is given, if any.
    pub config: Option<PathBuf>,
    /// The crate's package name.
    pub name: &'static str,
    /// Target wall time in seconds.
    time_target: Option<f64>,
    /// Target peak memory in MiB.
    memory_target: Option<f64>,
    /// Target ratios ours / theirs per peer.
    peer_targets: &'static [(Peer, f64)],
}

impl Input {
    /// A document another section generates, with no targets of its own.
    pub fn extra(
        key: &'static str,
        label: &'static str,
        spec: PathBuf,
        config: PathBuf,
        name: &'static str,
    ) -> Self {
        Self {
            key,
            label,
            spec,
            config: Some(config),
            name,
            time_target: None,
            memory_target: None,
            peer_targets: &[],
        }
    }
}

/// The four documents of the table.
pub fn inputs(bench: &Bench) -> Vec<Input> {
    let stripe = bench.shared.join("specs/stripe/spec3.yaml");
    vec![
        Input {
            key: "payjp-v2",
            label: "PAY.JP PaymentIntents (`spec/payjp-v2.yaml`, 8 operations)",
            spec: bench.root.join("spec/payjp-v2.yaml"),
            config: Some(bench.root.join("spec/payjp-v2.toml")),
            name: "payjp-v2",
            time_target: None,
            memory_target: None,
            peer_targets: &[(Peer::Progenitor, 0.5)],
        },
        Input {
            key: "payjp-v2-full",
            label: "PAY.JP whole v2 document (47 operations)",
            spec: bench.shared.join("specs/payjp-v2/openapi.json"),
            config: None,
            name: "payjp-v2-full",
            time_target: None,
            memory_target: None,
            // progenitor reads OpenAPI 3.0 only: this 3.0.3 form of PAY.JP's
            // document is where the PAY.JP target can be measured.
            peer_targets: &[(Peer::Progenitor, 0.5)],
        },
        Input {
            key: "stripe-payment-intents",
            label: "Stripe PaymentIntents (11 operations of the 4.1 MB `spec3.yaml`, `spec/stripe.toml`)",
            spec: stripe.clone(),
            config: Some(bench.root.join("spec/stripe.toml")),
            name: "stripe-payment-intents",
            time_target: Some(1.0),
            memory_target: None,
            peer_targets: &[(Peer::OpenapiGenerator, 0.1)],
        },
        Input {
            key: "stripe",
            label: "Stripe whole document (`spec3.yaml`, 468 operations)",
            spec: stripe,
            config: None,
            name: "stripe",
            time_target: Some(2.0),
            memory_target: Some(300.0),
            peer_targets: &[],
        },
    ]
}

/// Runs the section: ours on every input, then each peer.
pub fn run(bench: &Bench, state: &mut State) -> Vec<Row> {
    let mut rows = Vec::new();
    let peer_inputs = match peer_specs(bench) {
        Ok(specs) => specs,
        Err(e) => {
            rows.push(Row::failed(
                SECTION,
                "the PaymentIntents subset for peers",
                &e,
            ));
            return rows;
        }
    };
    for (input, peer_spec) in inputs(bench).iter().zip(peer_inputs) {
        eprintln!(
            "== generation: {} (sdkgen, {} runs)",
            input.key, bench.opts.runs
        );
        let ours = generate(bench, input, bench.opts.runs);
        if ours.is_ok() {
            state.generated.insert(input.key);
        }
        rows.extend(our_rows(input, &ours));
        for peer in Peer::ALL {
            rows.extend(peer_row(bench, input, &peer_spec, peer, &ours));
        }
    }
    rows
}

/// Generates `input` with sdkgen `runs` times; the crate is left in
/// [`Bench::generated_dir`].
pub fn generate(bench: &Bench, input: &Input, runs: usize) -> Result<Summary, String> {
    let out = bench.generated_dir(input.key);
    let cmd = sdkgen_command(bench, &input.spec, &out);
    let cmd = match &input.config {
        Some(config) => cmd.args(["--config"]).args([config]),
        None => cmd.args(["--name", input.name]),
    };
    let log = bench.log(&format!("sdkgen-{}", input.key));
    timed(bench, &cmd, &out, runs, OUR_LIMIT, &log)
}

/// `sdkgen generate --spec SPEC --out OUT` with the bench's release binary.
pub fn sdkgen_command(bench: &Bench, spec: &Path, out: &Path) -> Cmd {
    Cmd::new(&bench.sdkgen, &bench.root)
        .args(["generate", "--spec"])
        .args([spec])
        .args(["--out"])
        .args([out])
}

/// Runs a generator's `cmd` `runs` times, each into an emptied `out` (the
/// output of the last run is left there), with its output in `log`.
pub fn timed(
    bench: &Bench,
    cmd: &Cmd,
    out: &Path,
    runs: usize,
    limit: Duration,
    log: &Path,
) -> Result<Summary, String> {
    std::fs::create_dir_all(out.parent().unwrap_or(out))
        .map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    eprintln!("$ {}", cmd.display());
    let result = measure::repeat(cmd, runs, limit, log, || bench.set_aside(out));
    bench.empty_trash()?;
    result
}

/// The rows of sdkgen's own figures with their absolute targets.
fn our_rows(input: &Input, ours: &Result<Summary, String>) -> Vec<Row> {
    let summary = match ours {
        Ok(summary) => summary,
        Err(e) => return vec![Row::failed(SECTION, input.label, e)],
    };
    let secs = summary.wall.as_secs_f64();
    let mut main = Row::new(
        SECTION,
        format!("{}: wall time, peak memory", input.label),
        figures(summary),
    );
    if let Some(target) = input.time_target {
        main = main.judged(Target::Seconds(target), Some(secs));
    }
    let mut rows = vec![main];
    if let Some(target) = input.memory_target {
        let mib = summary.peak_kib.map(|kib| kib as f64 / 1024.0);
        let shown = summary
            .peak_kib
            .map_or_else(|| "not measured (no GNU time)".to_owned(), format_kib);
        rows.push(
            Row::new(SECTION, format!("{}: peak memory", input.label), shown)
                .judged(Target::Mib(target), mib),
        );
    }
    rows
}

/// The row comparing sdkgen with `peer` on `input`, if there is one to show.
fn peer_row(
    bench: &Bench,
    input: &Input,
    spec: &Path,
    peer: Peer,
    ours: &Result<Summary, String>,
) -> Option<Row> {
    let target = input
        .peer_targets
        .iter()
        .find(|(p, _)| *p == peer)
        .map(|(_, ratio)| Target::RatioAtMost(*ratio));
    let measurement = format!("{}: wall time vs {}", input.label, peer.name());
    let ours_text = ours
        .as_ref()
        .map_or_else(|e| format!("failed: {e}"), figures);
    let row = Row::new(SECTION, measurement, ours_text);
    if !bench.opts.peers {
        // Only comparisons with a target are worth a row when skipped.
        let skipped = format!("{}: skipped (--quick or --no-peers)", peer.name());
        return target.map(|t| row.versus(skipped, None).unjudged(t));
    }
    if !peer.installed(&bench.peers) {
        let missing = format!(
            "{}: not installed (`cargo xtask bench --install-peers`)",
            peer.name()
        );
        return Some(match target {
            Some(t) => row.versus(missing, None).unjudged(t),
            None => row.versus(missing, None),
        });
    }
    eprintln!(
        "== generation: {} ({}, {} runs)",
        input.key,
        peer.name(),
        bench.opts.peer_runs
    );
    let theirs = run_peer(bench, input, spec, peer);
    let (other, ratio) = match (&theirs, ours) {
        (Ok(theirs), Ok(ours)) => (
            format!("{}: {}", peer.name(), figures(theirs)),
            Some(ours.wall.as_secs_f64() / theirs.wall.as_secs_f64()),
        ),
        (Ok(theirs), Err(_)) => (format!("{}: {}", peer.name(), figures(theirs)), None),
        (Err(e), _) => (format!("{} failed: {e}", peer.name()), None),
    };
    let row = row.versus(other, ratio);
    Some(match target {
        Some(t) if ratio.is_some() => row.judged(t, ratio),
        Some(t) => row.unjudged(t),
        None => row,
    })
}

/// Runs `peer` on `spec` (the input's document as peers get it).
fn run_peer(bench: &Bench, input: &Input, spec: &Path, peer: Peer) -> Result<Summary, String> {
    let out = bench.dir.join("peer-out").join(peer.name()).join(input.key);
    let cmd = peer.command(&bench.peers, spec, &out, input.name);
    let log = bench.log(&format!("{}-{}", peer.name(), input.key));
    timed(bench, &cmd, &out, bench.opts.peer_runs, PEER_LIMIT, &log)
}

/// The document each input's peers read: the same file, except for
/// Stripe PaymentIntents, where peers (having no include filter) get the
/// PaymentIntents subset of Stripe's document.
fn peer_specs(bench: &Bench) -> Result<Vec<PathBuf>, String> {
    let mut specs = Vec::new();
    for input in inputs(bench) {
        if input.key != "stripe-payment-intents" {
            specs.push(input.spec);
            continue;
        }
        let subset = bench.dir.join("peer-specs/stripe-payment-intents.json");
        if bench.opts.peers {
            std::fs::create_dir_all(subset.parent().unwrap_or(&bench.dir))
                .map_err(|e| format!("cannot create {}: {e}", subset.display()))?;
            let json = bench.shared.join("specs/stripe/spec3.json");
            let schemas = filter::write_subset(&json, "/v1/payment_intents", &subset)?;
            eprintln!(
                "wrote {} ({schemas} schemas) for the peers",
                subset.display()
            );
        }
        specs.push(subset);
    }
    Ok(specs)
}

/// "0.97 s · 77 MiB".
fn figures(summary: &Summary) -> String {
    match summary.peak_kib {
        Some(kib) => format!("{} · {}", format_duration(summary.wall), format_kib(kib)),
        None => format_duration(summary.wall),
    }
}
