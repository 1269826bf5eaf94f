//! The benchmark, run as `cargo xtask bench [OPTIONS]` (xtask runs
//! `cargo run --quiet -p sdkgen-bench -- OPTIONS`, in the dev profile xtask
//! is built in): generation, compile and runtime speed of sdkgen and its
//! SDKs, side by side with other generators and hand-written code, printed
//! as one markdown table of medians and ratios measured in the same run (see
//! `BENCHMARKS.md`). Not part of `cargo xtask test`: it takes many minutes.
//!
//! Sections: `generation` ([`generation`]), `compile` ([`compile`]),
//! `decode` and `request` ([`harness`], with the harness crate in
//! `bench/harness/`), `peers-stripe` and `peers-stripe-whole` ([`stripe_peer`]:
//! async-stripe against our Stripe crates), `load` ([`load`]) and
//! `corpus-peers` ([`corpus_peers`]: sdkgen and the peers on every corpus
//! document). Everything it writes goes under
//! `target/bench/` (peers under `target/peers/`).

mod compile;
mod corpus_peers;
mod filter;
mod generation;
mod harness;
mod instructions;
mod load;
mod machine;
mod measure;
mod peers;
mod report;
mod stripe_peer;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

/// The options, printed with `--help` and with any error in them.
pub const USAGE: &str =
    "  cargo xtask bench [--quick] [--only SECTION,...] [--runs N] [--peer-runs N]
                    [--clean-runs N] [--install-peers] [--no-peers] [--record]
      sections: generation, compile, decode, request, peers-stripe, peers-stripe-whole,
                load, corpus-peers (default: all; the peers-stripe ones and corpus-peers
                only with peers, or when named; corpus-peers only when a peer is
                installed, or when named)
      --runs N: also the generations per corpus document in corpus-peers (default 1)
      --quick: 1 run each, short criterion runs, no clean builds, no peers
      --install-peers: install openapi-generator, progenitor and openapi-to-rust
                under target/peers/
      --record: also write the table into BENCHMARKS.md";

/// A part of the benchmark.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Section {
    /// Whole `sdkgen` processes and the peers on four documents.
    Generation,
    /// Debug builds of the generated crates.
    Compile,
    /// Decoding responses against hand-written serde structs.
    Decode,
    /// An SDK call against raw reqwest on loopback.
    Request,
    /// Our Stripe PaymentIntents crate against async-stripe: compile, size,
    /// decode.
    PeersStripe,
    /// Our whole-Stripe crate against async-stripe with every resource, and
    /// the whole crate with one feature against the PaymentIntents crate.
    PeersStripeWhole,
    /// The PAY.JP client under load against a misbehaving server.
    Load,
    /// sdkgen and the peers on every corpus document: generated,
    /// compiling, generation time and memory.
    CorpusPeers,
}

impl Section {
    const ALL: [Section; 8] = [
        Section::Generation,
        Section::Compile,
        Section::Decode,
        Section::Request,
        Section::PeersStripe,
        Section::PeersStripeWhole,
        Section::Load,
        Section::CorpusPeers,
    ];

    fn parse(name: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|s| s.name() == name)
            .ok_or_else(|| format!("unknown section `{name}`\nusage:\n{USAGE}"))
    }

    fn name(self) -> &'static str {
        match self {
            Self::Generation => "generation",
            Self::Compile => "compile",
            Self::Decode => "decode",
            Self::Request => "request",
            Self::PeersStripe => "peers-stripe",
            Self::PeersStripeWhole => "peers-stripe-whole",
            Self::Load => "load",
            Self::CorpusPeers => "corpus-peers",
        }
    }
}

/// Command-line options.
#[derive(Clone, Debug)]
pub struct Options {
    /// `--quick`: 1 run each, short criterion runs, no clean builds, no peers.
    pub quick: bool,
    /// Runs of sdkgen and of crate-only builds.
    pub runs: usize,
    /// Runs of each peer.
    pub peer_runs: usize,
    /// Runs of each generator on each corpus document (`--runs`, else 1).
    pub corpus_runs: usize,
    /// Clean builds per crate (0 skips them).
    pub clean_runs: usize,
    /// The sections to run (`--only`).
    pub sections: BTreeSet<Section>,
    /// Whether `--only` named the sections.
    pub only: bool,
    /// Whether peers run.
    pub peers: bool,
    /// `--install-peers`: install GNU time, valgrind and the peers first.
    pub install_peers: bool,
    /// `--record`: also write the table into `BENCHMARKS.md`.
    pub record: bool,
}

impl Options {
    fn parse(args: &[String]) -> Result<Self, String> {
        let mut opts = Options {
            quick: false,
            runs: 5,
            peer_runs: 3,
            corpus_runs: 1,
            clean_runs: 3,
            sections: Section::ALL.into_iter().collect(),
            only: false,
            peers: true,
            install_peers: false,
            record: false,
        };
        let mut explicit = Vec::new();
        let mut rest = args.iter();
        while let Some(arg) = rest.next() {
            let mut value = || {
                rest.next()
                    .ok_or_else(|| format!("{arg} needs a value\nusage:\n{USAGE}"))
            };
            match arg.as_str() {
                "--quick" => opts.quick = true,
                "--runs" => explicit.push(("runs", count(value()?)?)),
                "--peer-runs" => explicit.push(("peer-runs", count(value()?)?)),
                "--clean-runs" => explicit.push(("clean-runs", count(value()?)?)),
                "--only" => {
                    opts.only = true;
                    opts.sections = value()?
                        .split(',')
                        .map(|s| Section::parse(s.trim()))
                        .collect::<Result<_, _>>()?;
                }
                "--install-peers" => opts.install_peers = true,
                "--no-peers" => opts.peers = false,
                "--record" => opts.record = true,
                other => return Err(format!("unknown option `{other}`\nusage:\n{USAGE}")),
            }
        }
        if opts.quick {
            opts.runs = 1;
            opts.clean_runs = 0;
            opts.peers = false;
        }
        for (name, n) in explicit {
            match name {
                "runs" => (opts.runs, opts.corpus_runs) = (n, n),
                "peer-runs" => opts.peer_runs = n,
                _ => opts.clean_runs = n,
            }
        }
        opts.runs = opts.runs.max(1);
        opts.peer_runs = opts.peer_runs.max(1);
        opts.corpus_runs = opts.corpus_runs.max(1);
        // The async-stripe comparison and the corpus side by side are
        // peers': without peers they run only when named.
        if !opts.peers && !opts.only {
            opts.sections.remove(&Section::PeersStripe);
            opts.sections.remove(&Section::PeersStripeWhole);
            opts.sections.remove(&Section::CorpusPeers);
        }
        Ok(opts)
    }
}

fn count(text: &str) -> Result<usize, String> {
    text.parse()
        .map_err(|_| format!("`{text}` is not a number of runs"))
}

/// Paths and options shared by the sections.
pub struct Bench {
    /// The command-line options.
    pub opts: Options,
    /// The workspace root.
    pub root: PathBuf,
    /// `target/bench/`.
    pub dir: PathBuf,
    /// Where peers are installed: `target/peers/`.
    pub peers: PathBuf,
    /// `../shared` (or `SDKGEN_SHARED_DIR`): the vendors' documents.
    pub shared: PathBuf,
    /// The workspace's target directory.
    pub root_target: PathBuf,
    /// The bench's copy of the release `sdkgen` binary.
    pub sdkgen: PathBuf,
}

/// What this run has done so far that later sections reuse.
#[derive(Default)]
pub struct State {
    /// Inputs (by key) whose crate sdkgen generated in this run.
    pub generated: BTreeSet<&'static str>,
    /// Tables printed after the main one (markdown).
    pub tables: Vec<String>,
    /// Broken invariants (not slow figures): the bench prints each on a
    /// `FAIL:` line after the table and exits non-zero.
    pub failures: Vec<String>,
}

impl Bench {
    fn new(opts: Options) -> Result<Self, String> {
        // The workspace root: the parent of this crate's directory.
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
        let root = manifest.parent().unwrap_or(manifest).to_path_buf();
        let target = match std::env::var_os("CARGO_TARGET_DIR") {
            Some(dir) => root.join(dir),
            None => root.join("target"),
        };
        let shared = match std::env::var_os("SDKGEN_SHARED_DIR") {
            Some(dir) => PathBuf::from(dir),
            None => root.join("..").join("shared"),
        };
        if !shared.join("specs").is_dir() {
            return Err(format!(
                "error: the vendors' documents are missing: expected specs/ under {} \
                 (set SDKGEN_SHARED_DIR to point elsewhere)",
                shared.display()
            ));
        }
        Ok(Self {
            opts,
            dir: target.join("bench"),
            peers: target.join("peers"),
            sdkgen: target.join("bench").join("sdkgen"),
            root_target: target,
            shared,
            root,
        })
    }

    /// Where sdkgen writes the crate of the input `key`.
    pub fn generated_dir(&self, key: &str) -> PathBuf {
        self.dir.join("gen").join(key)
    }

    /// The log file of a step.
    pub fn log(&self, name: &str) -> PathBuf {
        self.dir.join("logs").join(format!("{name}.log"))
    }

    /// The crate of input `key`, generating it once if this run has not.
    pub fn ensure_generated(
        &self,
        state: &mut State,
        key: &'static str,
    ) -> Result<PathBuf, String> {
        if !state.generated.contains(key) {
            let inputs = generation::inputs(self);
            let input = inputs
                .iter()
                .find(|i| i.key == key)
                .ok_or_else(|| format!("no generation input `{key}`"))?;
            eprintln!("== generating {key} for the next section");
            generation::generate(self, input, 1)?;
            state.generated.insert(input.key);
        }
        Ok(self.generated_dir(key))
    }

    /// Removes a directory tree if it exists.
    pub fn remove_dir(&self, dir: &Path) -> Result<(), String> {
        match std::fs::remove_dir_all(dir) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(format!("cannot remove {}: {e}", dir.display())),
        }
    }

    /// Moves a directory tree out of the way (into `target/bench/trash/`)
    /// instead of deleting it: deleting thousands of files just before a
    /// timed run slows the run's own file creation (ext4 checks recently
    /// deleted inodes), so trees are deleted after timing, by
    /// [`Bench::empty_trash`].
    pub fn set_aside(&self, dir: &Path) -> Result<(), String> {
        if !dir.exists() {
            return Ok(());
        }
        let trash = self.dir.join("trash");
        std::fs::create_dir_all(&trash)
            .map_err(|e| format!("cannot create {}: {e}", trash.display()))?;
        let unique = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let to = trash.join(unique.to_string());
        std::fs::rename(dir, &to)
            .map_err(|e| format!("cannot move {} to {}: {e}", dir.display(), to.display()))
    }

    /// Deletes what [`Bench::set_aside`] moved away.
    pub fn empty_trash(&self) -> Result<(), String> {
        self.remove_dir(&self.dir.join("trash"))
    }

    /// The cargo running the bench (`CARGO`, else `cargo` on the path).
    pub fn cargo_program(&self) -> PathBuf {
        std::env::var_os("CARGO").map_or_else(|| "cargo".into(), PathBuf::from)
    }

    /// Runs cargo in the workspace (untimed), failing on a non-zero exit.
    pub fn cargo(&self, args: &[&str]) -> Result<(), String> {
        eprintln!("$ cargo {}", args.join(" "));
        let status = Command::new(self.cargo_program())
            .args(args)
            .current_dir(&self.root)
            .stdout(std::process::Stdio::from(std::io::stderr()))
            .status()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("`cargo {}` failed ({status})", args.join(" ")))
        }
    }
}

/// Writes `bytes` to `path`, creating its directory; a file that already
/// holds `bytes` is left alone (cargo goes by modification times).
pub fn write_file(path: &Path, bytes: &[u8]) -> Result<(), String> {
    if std::fs::read(path).ok().as_deref() == Some(bytes) {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    std::fs::write(path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|arg| arg == "-h" || arg == "--help") {
        println!("usage:\n{USAGE}");
        return ExitCode::SUCCESS;
    }
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// Runs the bench with the arguments of `cargo xtask bench` (after `bench`).
fn run(args: &[String]) -> Result<(), String> {
    let bench = Bench::new(Options::parse(args)?)?;
    std::fs::create_dir_all(bench.dir.join("logs"))
        .map_err(|e| format!("cannot create {}: {e}", bench.dir.display()))?;
    if bench.opts.install_peers {
        install(&bench)?;
    }
    let machine = machine::Machine::probe(&bench.root);
    bench.cargo(&["build", "--release", "--quiet", "-p", "sdkgen"])?;
    // A private copy: the workspace's target directory may be rebuilt by
    // another cargo while the bench runs.
    let built = bench.root_target.join("release/sdkgen");
    std::fs::copy(&built, &bench.sdkgen)
        .map_err(|e| format!("cannot copy {}: {e}", built.display()))?;
    let mut state = State::default();
    let mut rows = Vec::new();
    let sections = &bench.opts.sections;
    if sections.contains(&Section::Generation) {
        rows.extend(generation::run(&bench, &mut state));
    }
    if sections.contains(&Section::Compile) {
        rows.extend(compile::run(&bench, &mut state));
    }
    if sections.contains(&Section::Decode) || sections.contains(&Section::Request) {
        rows.extend(harness::run(&bench, &mut state));
    }
    if sections.contains(&Section::PeersStripe) {
        rows.extend(stripe_peer::run(&bench, &mut state));
    }
    if sections.contains(&Section::PeersStripeWhole) {
        rows.extend(stripe_peer::run_whole(&bench, &mut state));
    }
    if sections.contains(&Section::Load) {
        rows.extend(load::run(&bench, &mut state));
    }
    let any_peer = peers::Peer::ALL.iter().any(|p| p.installed(&bench.peers));
    if sections.contains(&Section::CorpusPeers) && (bench.opts.only || any_peer) {
        rows.extend(corpus_peers::run(&bench, &mut state));
    }
    let mut report = report::render(&header(&bench, &machine), &rows);
    for table in &state.tables {
        report.push('\n');
        report.push_str(table);
    }
    println!("{report}");
    write_file(&bench.dir.join("report.md"), report.as_bytes())?;
    eprintln!(
        "(also written to {})",
        bench.dir.join("report.md").display()
    );
    if bench.opts.record {
        let path = bench.root.join("BENCHMARKS.md");
        report::record(&path, &report)?;
        eprintln!("recorded in {}", path.display());
    }
    if state.failures.is_empty() {
        return Ok(());
    }
    for failure in &state.failures {
        println!("FAIL: {failure}");
    }
    Err(format!(
        "error: {} broken invariant(s), see the FAIL lines above",
        state.failures.len()
    ))
}

/// Installs GNU time (for peak memory), valgrind (instruction counts) and
/// the peers.
fn install(bench: &Bench) -> Result<(), String> {
    peers::install_gnu_time()?;
    peers::install_valgrind()?;
    for peer in peers::Peer::ALL {
        peer.install(&bench.peers)
            .map_err(|e| format!("error: cannot install {}: {e}", peer.name()))?;
    }
    Ok(())
}

/// Whether the CLI formats its output with rustfmt by default, from its help.
fn formatting(bench: &Bench) -> &'static str {
    let help = machine::command_output(
        &bench.sdkgen.to_string_lossy(),
        &["generate", "--help"],
        &bench.root,
    )
    .unwrap_or_default();
    if help.contains("--rustfmt") {
        "prettyplease output; rustfmt is opt-in with `--rustfmt` and not used"
    } else {
        "it formats its output with rustfmt"
    }
}

/// "1 run", "5 runs".
fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("{n} {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// The installed peers with their versions, for the header.
fn installed_peers(bench: &Bench) -> String {
    let installed: Vec<String> = peers::Peer::ALL
        .into_iter()
        .filter(|p| p.installed(&bench.peers))
        .map(|p| p.describe())
        .collect();
    if installed.is_empty() {
        "none installed".to_owned()
    } else {
        installed.join(", ")
    }
}

/// The lines above the table: machine, method, peers.
fn header(bench: &Bench, machine: &machine::Machine) -> String {
    let opts = &bench.opts;
    let mut lines = vec![
        machine.describe(),
        format!(
            "Medians of {} (peers: {}, clean builds: {}){}; sections: {}.",
            plural(opts.runs, "run"),
            if opts.peers {
                opts.peer_runs.to_string()
            } else {
                "skipped".to_owned()
            },
            opts.clean_runs,
            if opts.quick { ", quick mode" } else { "" },
            opts.sections
                .iter()
                .map(|s| s.name())
                .collect::<Vec<_>>()
                .join(", "),
        ),
    ];
    let generation = opts.sections.contains(&Section::Generation);
    if generation {
        lines.push(format!(
            "Generation times the release `sdkgen generate` process with the CLI's defaults \
             ({}), writing into an empty directory; peak memory is GNU time's maximum resident \
             set (of the largest process it waited for).",
            formatting(bench)
        ));
    }
    if !measure::has_gnu_time() {
        lines.push(
            "GNU time is not installed: no peak memory (`--install-peers` installs it).".to_owned(),
        );
    }
    if opts.peers && generation {
        lines.push(format!(
            "Peers: {}. They read the same documents, except Stripe PaymentIntents: having no \
             include filter, they get the PaymentIntents paths of Stripe's `spec3.json` with the \
             513 schemas those reach. {}.",
            installed_peers(bench),
            peers::openapi_generator_note()
        ));
    }
    if opts.sections.contains(&Section::CorpusPeers) {
        lines.push(corpus_peers::note(
            &installed_peers(bench),
            opts.corpus_runs,
        ));
    }
    if opts.sections.contains(&Section::PeersStripe)
        || opts.sections.contains(&Section::PeersStripeWhole)
    {
        lines.push(stripe_peer::note());
    }
    if opts.sections.contains(&Section::Load) {
        lines.push(load::note());
    }
    lines.push(
        "Ratios are ours / theirs for times (lower is better) and ours / theirs for \
         throughput (higher is better); ✓ met, ✗ missed, – not measurable."
            .to_owned(),
    );
    lines.join("\n")
}
