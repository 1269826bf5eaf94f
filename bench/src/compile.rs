//! Section 2, compile time of the generated crates in debug (Cargo's
//! default `dev` profile, as a user's build compiles them): clean with
//! dependencies in a fresh target directory, and the crate alone
//! (dependencies built, the crate touched, `CARGO_INCREMENTAL=0`).
//!
//! Each crate is copied into a scratch workspace of its own under
//! `target/bench/compile/` with a copy of this workspace's `Cargo.lock`, so
//! the dependency versions are the ones the project pins.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use super::measure::{self, format_duration, Cmd, Summary};
use super::report::{Row, Target};
use super::{write_file as write, Bench, State};

const SECTION: &str = "compile (debug)";
/// Longest a single build may take.
const LIMIT: Duration = Duration::from_secs(1800);

/// A generated crate to build.
struct Case {
    /// The generation input it comes from (see `generation::inputs`).
    key: &'static str,
    /// Its package name.
    package: &'static str,
    /// Target for the crate-only build, in seconds.
    crate_only_target: f64,
}

const CASES: [Case; 2] = [
    Case {
        key: "payjp-v2",
        package: "payjp-v2",
        crate_only_target: 1.2,
    },
    Case {
        key: "stripe-payment-intents",
        package: "stripe-payment-intents",
        crate_only_target: 20.0,
    },
];

/// Runs the section.
pub fn run(bench: &Bench, state: &mut State) -> Vec<Row> {
    let mut rows = Vec::new();
    for case in &CASES {
        let label = case.package;
        let workspace = bench
            .ensure_generated(state, case.key)
            .and_then(|dir| write_workspace(bench, case, &dir));
        let workspace = match workspace {
            Ok(workspace) => workspace,
            Err(e) => {
                rows.push(Row::failed(SECTION, format!("{label}: build set-up"), &e));
                continue;
            }
        };
        if bench.opts.clean_runs > 0 {
            eprintln!("== compile: {label} clean ({} runs)", bench.opts.clean_runs);
            let clean = clean_build(bench, case, &workspace);
            rows.push(row(
                format!("{label}: clean build with dependencies (fresh target dir)"),
                &clean,
                None,
            ));
        }
        eprintln!("== compile: {label} crate only ({} runs)", bench.opts.runs);
        let crate_only = crate_only_build(bench, case, &workspace);
        rows.push(row(
            format!(
                "{label}: crate only (dependencies built, crate touched, `CARGO_INCREMENTAL=0`)"
            ),
            &crate_only,
            Some(Target::Seconds(case.crate_only_target)),
        ));
    }
    rows
}

fn row(measurement: String, result: &Result<Summary, String>, target: Option<Target>) -> Row {
    let row = match result {
        Ok(summary) => Row::new(SECTION, measurement, format_duration(summary.wall)),
        Err(e) => Row::failed(SECTION, measurement, e),
    };
    match target {
        Some(target) => {
            let secs = result.as_ref().ok().map(|s| s.wall.as_secs_f64());
            row.judged(target, secs)
        }
        None => row,
    }
}

/// Writes `target/bench/compile/<key>/`: a workspace whose one member is a
/// copy of the generated crate in `crate_dir`.
fn write_workspace(bench: &Bench, case: &Case, crate_dir: &Path) -> Result<PathBuf, String> {
    let workspace = bench.dir.join("compile").join(case.key);
    let member = workspace.join(case.package);
    sync_dir(crate_dir, &member).map_err(|e| {
        format!(
            "cannot copy {} to {}: {e}",
            crate_dir.display(),
            member.display()
        )
    })?;
    let manifest = format!(
        "# Written by `cargo xtask bench`: the generated crate alone, built with\n\
         # Cargo's default profiles.\n\
         [workspace]\nresolver = \"2\"\nmembers = [\"{}\"]\n",
        case.package
    );
    write(&workspace.join("Cargo.toml"), manifest.as_bytes())?;
    let lock = workspace.join("Cargo.lock");
    if !lock.exists() {
        fs::copy(bench.root.join("Cargo.lock"), &lock)
            .map_err(|e| format!("cannot copy Cargo.lock: {e}"))?;
    }
    bench.cargo(&[
        "fetch",
        "--manifest-path",
        &workspace.join("Cargo.toml").to_string_lossy(),
    ])?;
    Ok(workspace)
}

/// `cargo build -p <package>` in `workspace` with `target_dir`.
fn build_command(bench: &Bench, case: &Case, workspace: &Path, target_dir: &Path) -> Cmd {
    Cmd::new(bench.cargo_program(), workspace)
        .args(["build", "--quiet", "-p", case.package, "--manifest-path"])
        .args([workspace.join("Cargo.toml")])
        .env("CARGO_TARGET_DIR", &target_dir.to_string_lossy())
}

/// Clean builds, each in a target directory emptied first.
fn clean_build(bench: &Bench, case: &Case, workspace: &Path) -> Result<Summary, String> {
    let target_dir = workspace.join("target-clean");
    let cmd = build_command(bench, case, workspace, &target_dir);
    let log = bench.log(&format!("compile-clean-{}", case.key));
    let result = measure::repeat(&cmd, bench.opts.clean_runs, LIMIT, &log, || {
        bench.set_aside(&target_dir)
    });
    // A clean target directory is large; it is not needed afterwards.
    bench.set_aside(&target_dir)?;
    bench.empty_trash()?;
    result
}

/// Builds of the crate alone: one untimed build brings the dependencies up
/// to date, then each timed build follows a touch of `src/lib.rs`.
fn crate_only_build(bench: &Bench, case: &Case, workspace: &Path) -> Result<Summary, String> {
    let target_dir = workspace.join("target");
    let cmd = build_command(bench, case, workspace, &target_dir).env("CARGO_INCREMENTAL", "0");
    let log = bench.log(&format!("compile-crate-{}", case.key));
    measure::run_once(&cmd, LIMIT, &log)?;
    let lib = workspace.join(case.package).join("src/lib.rs");
    measure::repeat(&cmd, bench.opts.runs, LIMIT, &log, || touch(&lib))
}

/// Sets the modification time of `path` to now.
fn touch(path: &Path) -> Result<(), String> {
    fs::File::options()
        .append(true)
        .open(path)
        .and_then(|file| file.set_modified(SystemTime::now()))
        .map_err(|e| format!("cannot touch {}: {e}", path.display()))
}

/// Makes the directory tree `to` a copy of `from`, writing only files whose
/// contents differ and removing files `from` lacks, so unchanged files keep
/// their modification times (and cargo does not rebuild what did not change).
pub fn sync_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    fs::create_dir_all(to)?;
    let mut wanted = std::collections::BTreeSet::new();
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        wanted.insert(entry.file_name());
        if entry.file_type()?.is_dir() {
            sync_dir(&entry.path(), &target)?;
            continue;
        }
        let bytes = fs::read(entry.path())?;
        if fs::read(&target).ok().as_deref() != Some(bytes.as_slice()) {
            if target.is_dir() {
                fs::remove_dir_all(&target)?;
            }
            fs::write(&target, bytes)?;
        }
    }
    for entry in fs::read_dir(to)? {
        let entry = entry?;
        if !wanted.contains(&entry.file_name()) {
            if entry.file_type()?.is_dir() {
                fs::remove_dir_all(entry.path())?;
            } else {
                fs::remove_file(entry.path())?;
            }
        }
    }
    Ok(())
}
