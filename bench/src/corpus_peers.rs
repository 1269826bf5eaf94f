//! Section `corpus-peers`: sdkgen and the three peers on every vendor
//! document of `../shared/corpus/` (sorted by file name), each document
//! through each generator with no per-document configuration. sdkgen runs
//! as the corpus run does (`--allow-unresolved-refs`); the peers as
//! [`Peer::command`] runs them.
//!
//! For each generator and document: generation timed as a whole process
//! (wall time, peak memory), and, where it wrote something, whether its
//! output passes `cargo check` as a standalone package (its own
//! `[workspace]`, dependencies resolved from crates.io), all of one
//! generator's checks sharing a target directory under
//! `target/bench/corpus-peers/` so their dependencies build once.
//! openapi-to-rust writes a module tree, not a crate: the bench wraps it in
//! a package whose dependencies are the `REQUIRED_DEPS.toml` it writes.
//!
//! The table's rows are one per generator; the per-document table follows
//! the main table in the report.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::generation::{sdkgen_command, timed};
use super::measure::{self, format_duration, format_kib, median, shorten, Cmd, Summary};
use super::peers::{Peer, OPENAPI_TO_RUST_MODULE};
use super::report::Row;
use super::{write_file, Bench, State};

const SECTION: &str = "corpus-peers";
/// Longest one generation may take.
const GENERATION_LIMIT: Duration = Duration::from_secs(900);
/// Longest one `cargo check` may take.
const CHECK_LIMIT: Duration = Duration::from_secs(900);

/// One of the generators compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Generator {
    Sdkgen,
    Peer(Peer),
}

impl Generator {
    /// sdkgen, then the peers in the table's order.
    fn all() -> Vec<Generator> {
        let peers = Peer::ALL.into_iter().map(Generator::Peer);
        std::iter::once(Generator::Sdkgen).chain(peers).collect()
    }

    fn name(self) -> &'static str {
        match self {
            Self::Sdkgen => "sdkgen",
            Self::Peer(peer) => peer.name(),
        }
    }

    fn installed(self, bench: &Bench) -> bool {
        match self {
            Self::Sdkgen => true,
            Self::Peer(peer) => peer.installed(&bench.peers),
        }
    }

    /// The command generating `document` into `out`.
    fn command(self, bench: &Bench, document: &Document, out: &Path) -> Cmd {
        match self {
            Self::Sdkgen => {
                sdkgen_command(bench, &document.path, out).args(["--allow-unresolved-refs"])
            }
            Self::Peer(peer) => peer.command(&bench.peers, &document.path, out, &document.name),
        }
    }
}

/// A vendor document.
struct Document {
    /// The file name without its extension (also the peers' package name).
    name: String,
    path: PathBuf,
}

/// What one generator did with one document.
struct Outcome {
    generated: Result<Summary, String>,
    /// `cargo check`'s wall time or why it failed; `None` when nothing was
    /// generated.
    check: Option<Result<Duration, String>>,
}

/// The legend line of the section.
pub fn note(peers: &str, runs: usize) -> String {
    format!(
        "corpus-peers: {} per generator and document, of every document of `../shared/corpus/` through sdkgen (`--allow-unresolved-refs`, \
         as `cargo xtask corpus` runs it) and each peer ({peers}; {}), generation timed as one \
         process; then `cargo check` of each output as a standalone package, one target \
         directory per generator (its first check also builds the dependencies), at most {} s \
         a check.",
        super::plural(runs, "generation run"),
        super::peers::openapi_generator_note(),
        CHECK_LIMIT.as_secs()
    )
}

/// Runs the section.
pub fn run(bench: &Bench, state: &mut State) -> Vec<Row> {
    let documents = match documents(&bench.shared.join("corpus")) {
        Ok(documents) => documents,
        Err(e) => return vec![Row::failed(SECTION, "the corpus", &e)],
    };
    let mut results = Vec::new();
    for generator in Generator::all() {
        if !generator.installed(bench) {
            let why = "not installed (`cargo xtask bench --install-peers`)";
            results.push((generator, Err(why.to_owned())));
            continue;
        }
        let outcomes = generate_all(bench, generator, &documents);
        results.push((generator, Ok(outcomes)));
    }
    for (generator, outcomes) in &mut results {
        if let Ok(outcomes) = outcomes {
            check_all(bench, *generator, &documents, outcomes);
        }
    }
    state.tables.push(per_document(&documents, &results));
    results
        .iter()
        .map(|(generator, outcomes)| summary_row(*generator, documents.len(), outcomes))
        .collect()
}

/// The documents of `dir` (`.json`, `.yaml`, `.yml`), sorted by name.
fn documents(dir: &Path) -> Result<Vec<Document>, String> {
    let entries = fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut documents = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|e| format!("cannot read {}: {e}", dir.display()))?
            .path();
        let extension = path.extension().and_then(|e| e.to_str());
        let name = path.file_stem().and_then(|s| s.to_str()).map(str::to_owned);
        if let (Some("json" | "yaml" | "yml"), Some(name)) = (extension, name) {
            documents.push(Document { name, path });
        }
    }
    documents.sort_by(|a, b| a.name.cmp(&b.name));
    if documents.is_empty() {
        return Err(format!("no document in {}", dir.display()));
    }
    Ok(documents)
}

/// Where `generator` writes its output for `document`.
fn out_dir(bench: &Bench, generator: Generator, document: &Document) -> PathBuf {
    let dir = bench.dir.join(SECTION).join("out");
    dir.join(generator.name()).join(&document.name)
}

/// Generates every document with `generator`, each made a standalone package.
fn generate_all(bench: &Bench, generator: Generator, documents: &[Document]) -> Vec<Outcome> {
    let runs = bench.opts.corpus_runs;
    let mut outcomes = Vec::new();
    for document in documents {
        let runs_text = super::plural(runs, "run");
        eprintln!(
            "== {SECTION}: {} ({}, {runs_text})",
            document.name,
            generator.name()
        );
        let out = out_dir(bench, generator, document);
        let cmd = generator.command(bench, document, &out);
        let log = bench.log(&format!("{SECTION}-{}-{}", generator.name(), document.name));
        let generated = timed(bench, &cmd, &out, runs, GENERATION_LIMIT, &log)
            .and_then(|summary| standalone(generator, &out, &document.name).map(|()| summary));
        eprintln!("{}: {}", generator.name(), generated_cell(&generated));
        outcomes.push(Outcome {
            generated,
            check: None,
        });
    }
    outcomes
}

/// Makes `out` a package of its own: openapi-to-rust's module tree gets a
/// manifest (edition 2024, which its output is written for: it uses let
/// chains) and a `lib.rs`; every manifest gets an empty `[workspace]`.
fn standalone(generator: Generator, out: &Path, name: &str) -> Result<(), String> {
    let manifest = out.join("Cargo.toml");
    if generator == Generator::Peer(Peer::OpenapiToRust) {
        let module = out.join(OPENAPI_TO_RUST_MODULE);
        let deps = read(&module.join("REQUIRED_DEPS.toml"))?;
        let package = format!(
            "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n{deps}"
        );
        write_file(&manifest, package.as_bytes())?;
        write_file(&out.join("src/lib.rs"), b"pub mod api;\n")?;
    }
    let text = read(&manifest)?;
    if !text.lines().any(|l| l.trim() == "[workspace]") {
        write_file(&manifest, format!("{text}\n[workspace]\n").as_bytes())?;
    }
    Ok(())
}

fn read(path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|e| format!("no {}: {e}", path.display()))
}

/// `cargo check` of each generated package, in one target directory per
/// generator.
fn check_all(
    bench: &Bench,
    generator: Generator,
    documents: &[Document],
    outcomes: &mut [Outcome],
) {
    let target_dir = bench
        .dir
        .join(SECTION)
        .join("target")
        .join(generator.name());
    for (document, outcome) in documents.iter().zip(outcomes) {
        if outcome.generated.is_err() {
            continue;
        }
        eprintln!(
            "== {SECTION}: cargo check {} ({})",
            document.name,
            generator.name()
        );
        let out = out_dir(bench, generator, document);
        let cmd = Cmd::new(bench.cargo_program(), &out)
            .args([
                "check",
                "--quiet",
                "--message-format",
                "short",
                "--manifest-path",
            ])
            .args([out.join("Cargo.toml")])
            .env("CARGO_TARGET_DIR", &target_dir.to_string_lossy())
            .env("CARGO_INCREMENTAL", "0");
        let log = bench.log(&format!(
            "{SECTION}-check-{}-{}",
            generator.name(),
            document.name
        ));
        let check = measure::run_once(&cmd, CHECK_LIMIT, &log)
            .map(|run| run.wall)
            .map_err(|e| check_failure(&log, &e));
        eprintln!("{}: {}", generator.name(), check_cell(&check));
        outcome.check = Some(check);
    }
}

/// Why a check failed: the first compiler error and the error count from
/// its log, or the time limit.
fn check_failure(log: &Path, error: &str) -> String {
    if error.starts_with(measure::TIMED_OUT) {
        return error.to_owned();
    }
    let text = fs::read_to_string(log).unwrap_or_default();
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with("error") || l.contains(": error"));
    let count = text.lines().find_map(|l| {
        l.split_once("due to ")?
            .1
            .split_whitespace()
            .next()?
            .parse::<u64>()
            .ok()
    });
    match (first, count) {
        (Some(first), Some(n)) => format!("{n} errors, first: {first}"),
        (Some(first), None) => first.to_owned(),
        (None, _) => error.to_owned(),
    }
}

/// "0.45 s · 80 MiB" or "failed: why".
fn generated_cell(generated: &Result<Summary, String>) -> String {
    match generated {
        Ok(summary) => match summary.peak_kib {
            Some(kib) => format!("{} · {}", format_duration(summary.wall), format_kib(kib)),
            None => format_duration(summary.wall),
        },
        Err(e) => format!("failed: {}", shorten(e, 140)),
    }
}

/// "compiles (12.3 s)" or "does not compile: why".
fn check_cell(check: &Result<Duration, String>) -> String {
    match check {
        Ok(wall) => format!("compiles ({})", format_duration(*wall)),
        Err(e) => format!("does not compile: {}", shorten(e, 140)),
    }
}

/// The per-document table: one column per generator.
fn per_document(
    documents: &[Document],
    results: &[(Generator, Result<Vec<Outcome>, String>)],
) -> String {
    let mut out = String::from("| document |");
    for (generator, _) in results {
        let _ = write!(out, " {} |", generator.name());
    }
    out.push_str("\n|---|");
    out.push_str(&"---|".repeat(results.len()));
    for (i, document) in documents.iter().enumerate() {
        let _ = write!(out, "\n| `{}` |", document.name);
        for (_, outcomes) in results {
            let cell = match outcomes {
                Ok(outcomes) => outcome_cell(&outcomes[i]),
                Err(why) => why.clone(),
            };
            let _ = write!(out, " {} |", cell.replace('|', "\\|"));
        }
    }
    out.push('\n');
    out
}

fn outcome_cell(outcome: &Outcome) -> String {
    let generated = generated_cell(&outcome.generated);
    match &outcome.check {
        Some(check) => format!("{generated}; {}", check_cell(check)),
        None => generated,
    }
}

/// A generator's row: documents generated and compiling, median and total
/// generation time, largest peak memory.
fn summary_row(generator: Generator, total: usize, outcomes: &Result<Vec<Outcome>, String>) -> Row {
    let measurement = format!("{} on the corpus ({total} documents)", generator.name());
    let text = match outcomes {
        Ok(outcomes) => summary(outcomes, total),
        Err(why) => why.clone(),
    };
    match generator {
        Generator::Sdkgen => Row::new(SECTION, measurement, text),
        Generator::Peer(peer) => Row::new(SECTION, measurement, String::new())
            .versus(format!("{}: {text}", peer.name()), None),
    }
}

/// "generated 20/23, compiling 18/23; generation median …".
fn summary(outcomes: &[Outcome], total: usize) -> String {
    let summaries: Vec<&Summary> = outcomes
        .iter()
        .filter_map(|o| o.generated.as_ref().ok())
        .collect();
    let compiling = outcomes
        .iter()
        .filter(|o| matches!(o.check, Some(Ok(_))))
        .count();
    let mut walls: Vec<Duration> = summaries.iter().map(|s| s.wall).collect();
    let total_time = if walls.is_empty() {
        "–".to_owned()
    } else {
        format_duration(walls.iter().sum())
    };
    let peak = summaries.iter().filter_map(|s| s.peak_kib).max();
    format!(
        "generated {}/{total}, compiling {compiling}/{total}; generation median {}, total {}; \
         peak memory at most {}",
        summaries.len(),
        median(&mut walls).map_or_else(|| "–".to_owned(), format_duration),
        total_time,
        peak.map_or_else(|| "–".to_owned(), format_kib),
    )
}
