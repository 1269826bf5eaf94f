//! Sections `peers-stripe` and `peers-stripe-whole`: our generated Stripe
//! crates against async-stripe 1.0.0-rc.10 (crates.io), the hand-maintained
//! generated Stripe SDK users would otherwise pick.
//!
//! - `peers-stripe-whole`: the same program built against our crate of
//!   Stripe's whole document (`spec/stripe.toml` less its include filter,
//!   with a cargo feature per operation group, all on) and against
//!   async-stripe with each of its 11 resource crates' `full` feature, debug
//!   rebuilds of the program and the SDK crates; and, for the per-resource
//!   features, the whole crate with only `payment_intents` against the
//!   PaymentIntents crate.
//! - Compile and size: the same small program (create a PaymentIntent, then
//!   retrieve it; `bench/peers/async-stripe/{ours,theirs}/main.rs`) built
//!   against each SDK in a scratch workspace, `target/bench/async-stripe/`,
//!   whose one lock file (`bench/peers/async-stripe/Cargo.lock`) pins both
//!   sides' dependencies (to the same versions where they share them). Each
//!   side is built alone (`-p`) in a target directory of its own, debug and
//!   release, the two sides alternating: clean with dependencies, then the
//!   application and the SDK crates rebuilt with the other dependencies
//!   built (`cargo clean -p` of the SDK crates, the program's source
//!   touched). `CARGO_INCREMENTAL=0` for every build: our SDK is a path
//!   dependency, which cargo would otherwise build incrementally, and
//!   async-stripe's crates come from the registry, which it never does.
//!   Size: the release program, stripped with `strip`.
//! - Decode: Stripe's `payment_intent` fixture into each SDK's
//!   `PaymentIntent`, the way each decodes a response (serde_json for ours,
//!   miniserde for theirs), in the harness with its feature `async-stripe`:
//!   criterion in paired blocks, and instructions with cachegrind.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use super::compile::sync_dir;
use super::generation;
use super::harness::{self, Harness};
use super::instructions;
use super::measure::{self, format_duration, format_kib, median, Cmd, Run};
use super::report::{Row, Target};
use super::{write_file as write, Bench, State};

/// The async-stripe version compared with.
pub const ASYNC_STRIPE_VERSION: &str = "1.0.0-rc.10";
/// The Stripe API version async-stripe's models are of (its `VERSION`).
const ASYNC_STRIPE_API: &str = "2026-09-30";
/// The API version of our document (`spec/stripe.toml`).
const OUR_API: &str = "2023-08-16";

/// Ours / theirs at most this in every compile row.
const COMPILE_TARGET: f64 = 0.5;
/// Our decode throughput / theirs at least this.
const DECODE_TARGET: f64 = 1.0;
/// Our binary / theirs at most this.
const SIZE_TARGET: f64 = 1.0;

/// Longest a single build may take.
const LIMIT: Duration = Duration::from_secs(3600);

/// One side of the comparison.
struct Side {
    /// What the table calls it.
    name: &'static str,
    /// The program's package (and binary) name.
    package: &'static str,
    /// Its directory in the scratch workspace.
    dir: &'static str,
    /// The directory of `bench/peers/async-stripe/` whose `main.rs` it builds.
    main: &'static str,
    /// The SDK's packages, rebuilt in the rebuild rows.
    sdk: &'static [&'static str],
}

/// async-stripe's crates every program against it builds.
const ASYNC_STRIPE_BASE: [&str; 5] = [
    "async-stripe",
    "async-stripe-client-core",
    "async-stripe-core",
    "async-stripe-shared",
    "async-stripe-types",
];

const SIDES: [Side; 2] = [
    Side {
        name: "ours",
        package: "app-ours",
        dir: "ours",
        main: "ours",
        sdk: &["stripe-payment-intents"],
    },
    Side {
        name: "async-stripe",
        package: "app-theirs",
        dir: "theirs",
        main: "theirs",
        sdk: &ASYNC_STRIPE_BASE,
    },
];

/// The package name of our crate of Stripe's whole document.
const WHOLE_CRATE: &str = "stripe-all-operations";

/// The whole API: our crate of Stripe's whole document with every group's
/// feature, and async-stripe with every resource crate's `full`.
const WHOLE_SIDES: [Side; 2] = [
    Side {
        name: "ours",
        package: "app-ours-all",
        dir: "ours-all",
        main: "ours",
        sdk: &[WHOLE_CRATE],
    },
    Side {
        name: "async-stripe",
        package: "app-theirs-all",
        dir: "theirs-all",
        main: "theirs",
        sdk: &[
            "async-stripe",
            "async-stripe-client-core",
            "async-stripe-core",
            "async-stripe-shared",
            "async-stripe-types",
            "async-stripe-billing",
            "async-stripe-checkout",
            "async-stripe-connect",
            "async-stripe-fraud",
            "async-stripe-issuing",
            "async-stripe-misc",
            "async-stripe-payment",
            "async-stripe-product",
            "async-stripe-terminal",
            "async-stripe-treasury",
        ],
    },
];

/// Per-resource features: the whole-document crate with only
/// `payment_intents`, against the crate generated for PaymentIntents alone.
const FEATURE_SIDES: [Side; 2] = [
    Side {
        name: "ours, whole API with only `payment_intents`",
        package: "app-ours-pi",
        dir: "ours-pi",
        main: "ours",
        sdk: &[WHOLE_CRATE],
    },
    Side {
        name: "ours, PaymentIntents crate",
        package: "app-ours",
        dir: "ours",
        main: "ours",
        sdk: &["stripe-payment-intents"],
    },
];

/// The whole-API crate with only `payment_intents` / the PaymentIntents
/// crate, at most this (the feature should cost about what the
/// PaymentIntents crate does).
const FEATURE_TARGET: f64 = 1.25;

/// A build profile.
#[derive(Clone, Copy)]
enum Profile {
    Debug,
    Release,
}

impl Profile {
    fn name(self) -> &'static str {
        match self {
            Self::Debug => "debug",
            Self::Release => "release",
        }
    }

    /// Cargo's name for it (`--profile`).
    fn cargo(self) -> &'static str {
        match self {
            Self::Debug => "dev",
            Self::Release => "release",
        }
    }
}

/// The legend line of the section.
pub fn note() -> String {
    format!(
        "async-stripe: {ASYNC_STRIPE_VERSION} from crates.io (`async-stripe` with `rustls-ring` and \
         `rustls-tls-webpki-roots`, `async-stripe-core` with `payment_intent`, \
         `async-stripe-types`), whose models are of Stripe API version {ASYNC_STRIPE_API}; ours \
         are of {OUR_API}, the version of our document. The whole-API rows build the same \
         programs against our crate of Stripe's whole document (468 operations, a feature per \
         operation group) and against async-stripe with every resource crate's `full`. Both \
         programs create a PaymentIntent and retrieve it; all their builds run with `CARGO_INCREMENTAL=0`; peak memory is GNU \
         time's maximum resident set of the largest process of a build (a rustc)."
    )
}

/// Runs the section.
pub fn run(bench: &Bench, state: &mut State) -> Vec<Row> {
    let mut rows = Vec::new();
    match write_workspace(bench, state) {
        Ok(workspace) => {
            for profile in [Profile::Debug, Profile::Release] {
                rows.extend(compile_rows(bench, &workspace, profile));
            }
            // The target directories are large and rebuilt by the next run.
            for side in &SIDES {
                for profile in [Profile::Debug, Profile::Release] {
                    let _ = bench.set_aside(&target_dir(&workspace, side, profile));
                }
            }
            let _ = bench.empty_trash();
        }
        Err(e) => rows.push(Row::failed("vs async-stripe", "compile set-up", &e)),
    }
    rows.extend(decode_rows(bench, state));
    rows
}

/// Runs the section `peers-stripe-whole`: debug rebuilds of the whole API
/// against async-stripe's, and of the whole-API crate with only
/// `payment_intents` against the PaymentIntents crate.
pub fn run_whole(bench: &Bench, state: &mut State) -> Vec<Row> {
    let workspace = match write_workspace(bench, state) {
        Ok(workspace) => workspace,
        Err(e) => return vec![Row::failed("vs async-stripe", "whole-API set-up", &e)],
    };
    let rows = whole_api_rows(bench, &workspace);
    for side in WHOLE_SIDES.iter().chain(&FEATURE_SIDES) {
        let _ = bench.set_aside(&target_dir(&workspace, side, Profile::Debug));
    }
    let _ = bench.empty_trash();
    rows
}

/// Writes `target/bench/async-stripe/` from `bench/peers/async-stripe/`,
/// with our crate (generated in this run) copied beside it.
fn write_workspace(bench: &Bench, state: &mut State) -> Result<PathBuf, String> {
    let generated = bench.ensure_generated(state, "stripe-payment-intents")?;
    let ours = bench.dir.join("peer-deps").join("stripe-payment-intents");
    sync_dir(&generated, &ours).map_err(|e| format!("cannot copy {}: {e}", generated.display()))?;
    let source = bench.root.join("bench/peers/async-stripe");
    let workspace = bench.dir.join("async-stripe");
    let read = |path: &str| {
        fs::read_to_string(source.join(path))
            .map_err(|e| format!("cannot read {}: {e}", source.join(path).display()))
    };
    write(
        &workspace.join("Cargo.toml"),
        read("Cargo.toml.in")?.as_bytes(),
    )?;
    let whole = write_whole_crate(bench)?;
    for side in SIDES.iter().chain(&WHOLE_SIDES).chain(&FEATURE_SIDES[..1]) {
        let manifest = read(&format!("{}/Cargo.toml.in", side.dir))?
            .replace("@STRIPE@", &ours.to_string_lossy())
            .replace("@STRIPE_ALL@", &whole.to_string_lossy());
        let dir = workspace.join(side.dir);
        write(&dir.join("Cargo.toml"), manifest.as_bytes())?;
        let main = read(&format!("{}/main.rs", side.main))?;
        write(&dir.join("src/main.rs"), main.as_bytes())?;
    }
    // The checked-in lock pins both sides; cargo only adds what a
    // regenerated crate newly needs.
    write(
        &workspace.join("Cargo.lock"),
        read("Cargo.lock")?.as_bytes(),
    )?;
    bench.cargo(&[
        "fetch",
        "--manifest-path",
        &workspace.join("Cargo.toml").to_string_lossy(),
    ])?;
    Ok(workspace)
}

/// Generates our crate of Stripe's whole document, with `spec/stripe.toml`
/// less its include filter, named [`WHOLE_CRATE`], with a cargo feature per
/// operation group; copied to `target/bench/peer-deps/`.
fn write_whole_crate(bench: &Bench) -> Result<PathBuf, String> {
    let source = bench.root.join("spec/stripe.toml");
    let text = fs::read_to_string(&source)
        .map_err(|e| format!("cannot read {}: {e}", source.display()))?;
    let mut config: toml::Table = text
        .parse()
        .map_err(|e| format!("{}: {e}", source.display()))?;
    config.remove("include");
    let mut set = |table: &str, key: &str, value: toml::Value| {
        if let Some(toml::Value::Table(t)) = config.get_mut(table) {
            t.insert(key.to_owned(), value);
        }
    };
    set("crate", "name", WHOLE_CRATE.into());
    set(
        "crate",
        "description",
        "Rust client for Stripe's whole API (generated by sdkgen, for the bench)".into(),
    );
    set("operations", "features", true.into());
    // Relative paths in the config are read from its directory: the
    // license files stay those of `spec/`.
    if let Some(toml::Value::Table(t)) = config.get_mut("crate") {
        if let Some(toml::Value::Array(files)) = t.get_mut("license_files") {
            for file in files.iter_mut() {
                if let Some(name) = file.as_str() {
                    *file = source
                        .with_file_name(name)
                        .to_string_lossy()
                        .into_owned()
                        .into();
                }
            }
        }
    }
    let config_path = bench.dir.join("stripe-all-operations.toml");
    let text = toml::to_string(&config).map_err(|e| format!("cannot write the config: {e}"))?;
    write(&config_path, text.as_bytes())?;
    let input = generation::Input::extra(
        WHOLE_CRATE,
        "Stripe whole document with Stripe's config",
        bench.shared.join("specs/stripe/spec3.yaml"),
        config_path,
        WHOLE_CRATE,
    );
    eprintln!("== peers-stripe: generating {WHOLE_CRATE}");
    generation::generate(bench, &input, 1)?;
    let generated = bench.generated_dir(WHOLE_CRATE);
    let out = bench.dir.join("peer-deps").join(WHOLE_CRATE);
    sync_dir(&generated, &out).map_err(|e| format!("cannot copy {}: {e}", generated.display()))?;
    Ok(out)
}

fn target_dir(workspace: &Path, side: &Side, profile: Profile) -> PathBuf {
    workspace.join(format!("target-{}-{}", side.dir, profile.name()))
}

/// `cargo build -p <program>` of `side` in `profile`.
fn build_command(bench: &Bench, workspace: &Path, side: &Side, profile: Profile) -> Cmd {
    Cmd::new(bench.cargo_program(), workspace)
        .args(["build", "--quiet", "--profile", profile.cargo()])
        .args(["-p", side.package, "--manifest-path"])
        .args([workspace.join("Cargo.toml")])
        .env(
            "CARGO_TARGET_DIR",
            &target_dir(workspace, side, profile).to_string_lossy(),
        )
        .env("CARGO_INCREMENTAL", "0")
}

/// Runs `build` (one per side) `runs` times, the sides alternating (which
/// goes first alternates too), `before` called ahead of each run; the
/// runs of each side.
fn alternate(
    runs: usize,
    builds: [&Cmd; 2],
    logs: [&Path; 2],
    mut before: impl FnMut(usize) -> Result<(), String>,
) -> [Result<Vec<Run>, String>; 2] {
    let mut results: [Result<Vec<Run>, String>; 2] = [Ok(Vec::new()), Ok(Vec::new())];
    for run in 0..runs {
        let order = if run % 2 == 0 { [0, 1] } else { [1, 0] };
        for i in order {
            let Ok(done) = &mut results[i] else { continue };
            let outcome = before(i).and_then(|()| measure::run_once(builds[i], LIMIT, logs[i]));
            match outcome {
                Ok(timed) => done.push(timed),
                Err(e) => results[i] = Err(e),
            }
        }
    }
    results
}

/// The medians of some runs: wall time and peak memory.
struct Figures {
    wall: Duration,
    peak_kib: Option<u64>,
}

fn figures(runs: &[Run]) -> Figures {
    let mut walls: Vec<Duration> = runs.iter().map(|r| r.wall).collect();
    let mut peaks: Vec<u64> = runs.iter().filter_map(|r| r.peak_kib).collect();
    Figures {
        wall: median(&mut walls).unwrap_or_default(),
        peak_kib: median(&mut peaks),
    }
}

/// A pair of sides compared in rebuild rows, and how the table says it.
struct Pairing<'a> {
    section: &'static str,
    sides: &'a [Side; 2],
    /// What is built, e.g. "Stripe PaymentIntents program (create + retrieve)".
    program: &'a str,
    /// Which SDK crates each side rebuilds.
    rebuilt: &'a str,
    target: Target,
}

/// The compile rows of one profile: clean builds, rebuilds of the SDK and
/// the program, and (release) the stripped binaries' sizes.
fn compile_rows(bench: &Bench, workspace: &Path, profile: Profile) -> Vec<Row> {
    let pairing = Pairing {
        section: match profile {
            Profile::Debug => "vs async-stripe: compile (debug)",
            Profile::Release => "vs async-stripe: compile (release)",
        },
        sides: &SIDES,
        program: "Stripe PaymentIntents program (create + retrieve)",
        rebuilt: "ours: stripe-payment-intents; async-stripe: its 5 crates",
        target: Target::RatioAtMost(COMPILE_TARGET),
    };
    let mut rows = Vec::new();
    if bench.opts.clean_runs > 0 {
        rows.extend(clean_rows(bench, workspace, profile, &pairing));
    } else if let Some(failed) = build_untimed(bench, workspace, profile, &pairing) {
        return vec![failed];
    }
    rows.extend(rebuild_rows(bench, workspace, profile, &pairing));
    if let Profile::Release = profile {
        rows.push(size_row(workspace));
    }
    rows
}

/// The debug rebuild rows of the whole API against async-stripe's, and of
/// the whole-API crate with one feature against the PaymentIntents crate.
fn whole_api_rows(bench: &Bench, workspace: &Path) -> Vec<Row> {
    let profile = Profile::Debug;
    let program = "Stripe PaymentIntents program (create + retrieve)";
    let whole = Pairing {
        section: "vs async-stripe: compile, whole API (debug)",
        sides: &WHOLE_SIDES,
        program,
        rebuilt: "ours: stripe-all-operations, 468 operations, every group's feature; \
                  async-stripe: its 15 crates, every resource crate with `full`",
        target: Target::RatioAtMost(COMPILE_TARGET),
    };
    let features = Pairing {
        section: "per-resource features (debug)",
        sides: &FEATURE_SIDES,
        program,
        rebuilt: "stripe-all-operations with only `payment_intents` vs stripe-payment-intents",
        target: Target::RatioAtMost(FEATURE_TARGET),
    };
    let mut rows = Vec::new();
    for pairing in [whole, features] {
        match build_untimed(bench, workspace, profile, &pairing) {
            None => rows.extend(rebuild_rows(bench, workspace, profile, &pairing)),
            Some(failed) => rows.push(failed),
        }
    }
    rows
}

fn build_commands(
    bench: &Bench,
    workspace: &Path,
    profile: Profile,
    sides: &[Side; 2],
) -> [Cmd; 2] {
    [0, 1].map(|i| build_command(bench, workspace, &sides[i], profile))
}

fn logs(bench: &Bench, what: &str, profile: Profile, sides: &[Side; 2]) -> [PathBuf; 2] {
    [0, 1].map(|i| {
        bench.log(&format!(
            "peers-stripe-{what}-{}-{}",
            sides[i].dir,
            profile.name()
        ))
    })
}

/// Clean builds with dependencies, in fresh target directories.
fn clean_rows(bench: &Bench, workspace: &Path, profile: Profile, pairing: &Pairing) -> Vec<Row> {
    let builds = build_commands(bench, workspace, profile, pairing.sides);
    let logs = logs(bench, "clean", profile, pairing.sides);
    eprintln!(
        "== peers-stripe: clean {} builds ({} runs each side)",
        profile.name(),
        bench.opts.clean_runs
    );
    let clean = alternate(
        bench.opts.clean_runs,
        [&builds[0], &builds[1]],
        [&logs[0], &logs[1]],
        |i| bench.set_aside(&target_dir(workspace, &pairing.sides[i], profile)),
    );
    let _ = bench.empty_trash();
    let what = format!(
        "{}: clean build with dependencies (fresh target dir)",
        pairing.program
    );
    pair_rows(pairing, &what, &clean)
}

/// Builds each side once, untimed (the rebuilds need the dependencies
/// built); a failure as a row.
fn build_untimed(
    bench: &Bench,
    workspace: &Path,
    profile: Profile,
    pairing: &Pairing,
) -> Option<Row> {
    let builds = build_commands(bench, workspace, profile, pairing.sides);
    let logs = logs(bench, "clean", profile, pairing.sides);
    for (i, side) in pairing.sides.iter().enumerate() {
        eprintln!(
            "== peers-stripe: {} ({}) {} build (untimed)",
            side.name,
            side.dir,
            profile.name()
        );
        if let Err(e) = measure::run_once(&builds[i], LIMIT, &logs[i]) {
            let what = format!("{}: {} build", pairing.program, side.name);
            return Some(Row::failed(pairing.section, what, &e));
        }
    }
    None
}

/// The program and the SDK crates rebuilt, other dependencies built.
fn rebuild_rows(bench: &Bench, workspace: &Path, profile: Profile, pairing: &Pairing) -> Vec<Row> {
    let builds = build_commands(bench, workspace, profile, pairing.sides);
    let logs = logs(bench, "rebuild", profile, pairing.sides);
    eprintln!(
        "== peers-stripe: {} rebuilds of the program and the SDK crates, {} ({} runs each side)",
        profile.name(),
        pairing.section,
        bench.opts.runs
    );
    let rebuild = alternate(
        bench.opts.runs,
        [&builds[0], &builds[1]],
        [&logs[0], &logs[1]],
        |i| forget_sdk(bench, workspace, &pairing.sides[i], profile),
    );
    let what = format!(
        "{}: program and SDK crates rebuilt ({}), other dependencies built",
        pairing.program, pairing.rebuilt
    );
    pair_rows(pairing, &what, &rebuild)
}

/// The wall-time row (judged) and the peak-memory row of a pair of results.
fn pair_rows(pairing: &Pairing, what: &str, results: &[Result<Vec<Run>, String>; 2]) -> Vec<Row> {
    let (section, target) = (pairing.section, pairing.target);
    let (ours, theirs) = match results {
        [Ok(ours), Ok(theirs)] => (figures(ours), figures(theirs)),
        [Err(e), _] | [_, Err(e)] => {
            return vec![Row::failed(section, format!("{what}: wall time"), e).unjudged(target)]
        }
    };
    let other = pairing.sides[1].name;
    let ratio = ours.wall.as_secs_f64() / theirs.wall.as_secs_f64();
    let mut rows = vec![Row::new(
        section,
        format!("{what}: wall time"),
        format_duration(ours.wall),
    )
    .versus(
        format!("{other}: {}", format_duration(theirs.wall)),
        Some(ratio),
    )
    .judged(target, Some(ratio))];
    if let (Some(a), Some(b)) = (ours.peak_kib, theirs.peak_kib) {
        rows.push(
            Row::new(
                section,
                format!("{what}: peak memory (largest process)"),
                format_kib(a),
            )
            .versus(
                format!("{other}: {}", format_kib(b)),
                Some(a as f64 / b as f64),
            ),
        );
    }
    rows
}

/// Makes cargo rebuild the SDK crates and the program of `side`: `cargo
/// clean -p` of each SDK crate (the other dependencies stay built), and the
/// program's source touched.
fn forget_sdk(
    bench: &Bench,
    workspace: &Path,
    side: &Side,
    profile: Profile,
) -> Result<(), String> {
    let manifest = workspace.join("Cargo.toml");
    let target = target_dir(workspace, side, profile);
    let mut args = vec![
        "clean".to_owned(),
        "--quiet".to_owned(),
        "--profile".to_owned(),
        profile.cargo().to_owned(),
        "--manifest-path".to_owned(),
        manifest.to_string_lossy().into_owned(),
        "--target-dir".to_owned(),
        target.to_string_lossy().into_owned(),
    ];
    for package in side.sdk {
        args.extend(["-p".to_owned(), (*package).to_owned()]);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    bench.cargo(&args)?;
    let main = workspace.join(side.dir).join("src/main.rs");
    fs::File::options()
        .append(true)
        .open(&main)
        .and_then(|file| file.set_modified(SystemTime::now()))
        .map_err(|e| format!("cannot touch {}: {e}", main.display()))
}

/// The size row: each side's release program, stripped.
fn size_row(workspace: &Path) -> Row {
    let section = "vs async-stripe: size";
    let what = "Stripe PaymentIntents program: release binary, stripped (`strip`)";
    let target = Target::RatioAtMost(SIZE_TARGET);
    let sizes: Result<Vec<u64>, String> = SIDES
        .iter()
        .map(|side| stripped_size(workspace, side))
        .collect();
    match sizes.as_deref() {
        Ok([ours, theirs]) => {
            let ratio = *ours as f64 / *theirs as f64;
            Row::new(section, what, format_bytes(*ours))
                .versus(
                    format!("async-stripe: {}", format_bytes(*theirs)),
                    Some(ratio),
                )
                .judged(target, Some(ratio))
        }
        Ok(_) => Row::failed(section, what, "no sizes").unjudged(target),
        Err(e) => Row::failed(section, what, e).unjudged(target),
    }
}

/// The size of `side`'s release program after `strip`, on a copy.
fn stripped_size(workspace: &Path, side: &Side) -> Result<u64, String> {
    let built = target_dir(workspace, side, Profile::Release)
        .join("release")
        .join(side.package);
    let copy = workspace.join(format!("{}.stripped", side.package));
    fs::copy(&built, &copy).map_err(|e| format!("cannot copy {}: {e}", built.display()))?;
    let status = std::process::Command::new("strip")
        .arg(&copy)
        .status()
        .map_err(|e| format!("cannot run strip: {e}"))?;
    if !status.success() {
        return Err(format!("strip {} failed ({status})", copy.display()));
    }
    fs::metadata(&copy)
        .map(|m| m.len())
        .map_err(|e| format!("cannot read {}: {e}", copy.display()))
}

/// "3.42 MiB (3 586 048 bytes)".
fn format_bytes(bytes: u64) -> String {
    format!(
        "{:.2} MiB ({bytes} bytes)",
        bytes as f64 / (1024.0 * 1024.0)
    )
}

/// The criterion group of the decode comparison and its functions.
const GROUP: &str = "decode_async_stripe";
const FEATURES: [&str; 1] = ["async-stripe"];

/// The decode rows: time (criterion) and instructions (cachegrind).
fn decode_rows(bench: &Bench, state: &mut State) -> Vec<Row> {
    let section = "vs async-stripe: decode";
    let target = Target::RatioAtLeast(DECODE_TARGET);
    let label = "Stripe `payment_intent` fixture (API 2023-08-16; async-stripe's model decodes it \
                 unchanged, see BENCHMARKS.md): our model (serde_json) vs async-stripe's \
                 `PaymentIntent` (miniserde, UTF-8 checked first, as its client decodes)";
    let harness = match harness::set_up(bench, state) {
        Ok(harness) => harness,
        Err(e) => return vec![Row::failed(section, label, &e).unjudged(target)],
    };
    let mut rows = vec![time_row(bench, &harness, section, label)];
    rows.push(instruction_row(bench, &harness, section));
    rows
}

fn time_row(bench: &Bench, harness: &Harness, section: &'static str, label: &str) -> Row {
    let target = Target::RatioAtLeast(DECODE_TARGET);
    eprintln!("== peers-stripe: decode (criterion)");
    if let Err(e) = harness::run_bench(bench, harness, "decode_peer", &FEATURES, &[GROUP]) {
        return Row::failed(section, label, &e).unjudged(target);
    }
    let medians = harness::median_ns(harness, GROUP, "generated")
        .and_then(|ours| Ok((ours, harness::median_ns(harness, GROUP, "async-stripe")?)));
    let (ours, theirs) = match medians {
        Ok(medians) => medians,
        Err(e) => return Row::failed(section, label, &e).unjudged(target),
    };
    let bytes = harness.body_size("decode_stripe").unwrap_or_default();
    let sizes = harness::memory_sizes(harness, GROUP);
    let ratio = theirs / ours;
    Row::new(
        section,
        format!("{label} ({bytes} bytes JSON{sizes})"),
        harness::throughput(bytes, ours),
    )
    .versus(
        format!("async-stripe: {}", harness::throughput(bytes, theirs)),
        Some(ratio),
    )
    .judged(target, Some(ratio))
}

fn instruction_row(bench: &Bench, harness: &Harness, section: &'static str) -> Row {
    let target = Target::RatioAtLeast(DECODE_TARGET);
    let label = "Stripe `payment_intent` fixture: instructions per decode (cachegrind), our model \
                 vs async-stripe's";
    eprintln!("== peers-stripe: decode (cachegrind)");
    let counted = instructions::check_valgrind()
        .and_then(|()| {
            instructions::build_binaries(
                bench,
                &harness.dir,
                &harness.target_dir,
                &FEATURES,
                &["peer_decode_count"],
            )
        })
        .and_then(|bin| {
            let binary = bin.join("peer_decode_count");
            let count = |side: &str| {
                instructions::per_repetition(instructions::DECODES, |n| {
                    instructions::count(&binary, &[side, &n.to_string()])
                })
            };
            Ok((count("generated")?, count("async-stripe")?))
        });
    match counted {
        Ok((ours, theirs)) => Row::new(section, label, instructions::instructions(ours))
            .versus(
                format!("async-stripe: {}", instructions::instructions(theirs)),
                Some(theirs / ours),
            )
            .judged(target, Some(theirs / ours)),
        Err(e) => Row::failed(section, label, &e).unjudged(target),
    }
}
