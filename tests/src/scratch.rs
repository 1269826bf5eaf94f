//! Scratch cargo workspaces under the target directory: generated crates are
//! written as members of one workspace and checked with a single cargo run
//! (clippy with `-D warnings`, then rustdoc with `-D warnings` and the doc
//! tests), so their dependencies compile once. Every scratch workspace shares
//! one target directory and a copy of this workspace's `Cargo.lock`, so the
//! dependency versions are the ones the project pins.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::workspace_root;

/// One crate to check: its directory name in the scratch workspace and files.
pub struct ScratchCrate {
    /// Directory (and for reports, case) name.
    pub dir: String,
    /// Every file of the crate.
    pub files: Vec<sdkgen::File>,
}

/// The target directory all scratch workspaces build into.
pub fn shared_target_dir() -> PathBuf {
    workspace_root().join("target").join("scratch-target")
}

/// The integration test a scratch crate may carry (`tests/behaviour.rs`):
/// what its generated types do at run time.
pub const BEHAVIOUR_TEST: &str = "tests/behaviour.rs";

/// Writes `crates` as the members of the scratch workspace
/// `target/<workspace>/` (removing members that are no longer listed) and
/// checks them all: clippy on each library with `-D warnings`, rustdoc with
/// `-D warnings`, the doc tests, and the behaviour tests of the crates that
/// have one. Returns the problems per crate.
pub fn check_crates(workspace: &str, crates: &[ScratchCrate]) -> Result<(), String> {
    let root = workspace_root().join("target").join(workspace);
    write_workspace(&root, crates)?;
    let mut failures = Vec::new();
    let behaviour = crates
        .iter()
        .any(|c| c.files.iter().any(|f| f.path == BEHAVIOUR_TEST));
    let behaviour_step: (&str, &[&str]) = (
        "cargo test --test behaviour",
        &[
            "test",
            "--workspace",
            "--test",
            "behaviour",
            "--no-fail-fast",
        ],
    );
    let steps: [(&str, &[&str]); 3] = [
        (
            "cargo clippy",
            &[
                "clippy",
                "--workspace",
                "--lib",
                "--keep-going",
                "--message-format=json",
                "--",
                "-D",
                "warnings",
            ],
        ),
        (
            "cargo doc",
            &[
                "doc",
                "--workspace",
                "--no-deps",
                "--keep-going",
                "--message-format=json",
            ],
        ),
        ("cargo test --doc", &["test", "--workspace", "--doc"]),
    ];
    for (label, args) in steps.into_iter().chain(behaviour.then_some(behaviour_step)) {
        if let Err(problem) = run_cargo(&root, label, args, crates) {
            failures.push(problem);
            // Later steps would only repeat the compile errors.
            break;
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("\n\n"))
    }
}

/// Writes `crates` as the only members of the scratch workspace at `root`
/// (with this workspace's `Cargo.lock`), leaving unchanged files untouched.
pub fn write_workspace(root: &Path, crates: &[ScratchCrate]) -> Result<(), String> {
    std::fs::create_dir_all(root).map_err(|e| format!("cannot create {}: {e}", root.display()))?;
    let wanted: Vec<&str> = crates.iter().map(|c| c.dir.as_str()).collect();
    // Members of earlier runs that are gone now (renamed or removed cases).
    let entries =
        std::fs::read_dir(root).map_err(|e| format!("cannot read {}: {e}", root.display()))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.path().is_dir() && name != "target" && !wanted.contains(&name.as_str()) {
            std::fs::remove_dir_all(entry.path())
                .map_err(|e| format!("cannot remove {}: {e}", entry.path().display()))?;
        }
    }
    for krate in crates {
        let dir = root.join(&krate.dir);
        // Unchanged files keep their modification times, so cargo does not
        // check an unchanged crate again.
        let drift = sdkgen::output::compare(&dir, &krate.files)
            .map_err(|e| format!("cannot compare {}: {e}", dir.display()))?;
        if !drift.is_empty() {
            sdkgen::output::write_atomically(&dir, &krate.files)
                .map_err(|e| format!("cannot write {}: {e}", dir.display()))?;
        }
    }
    let members: Vec<String> = wanted.iter().map(|m| format!("    {m:?},\n")).collect();
    let manifest = format!(
        "# Scratch workspace written by the sdkgen-tests suite; not part of the project.\n\
         [workspace]\nresolver = \"2\"\nmembers = [\n{}]\n\n\
         [profile.dev]\ndebug = false\n",
        members.concat()
    );
    write_if_changed(&root.join("Cargo.toml"), &manifest)?;
    let lock = std::fs::read_to_string(workspace_root().join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    write_if_changed(&root.join("Cargo.lock"), &lock)?;
    Ok(())
}

/// Writes `contents` to `path` unless it already holds them (so cargo sees
/// an unchanged modification time).
pub fn write_if_changed(path: &Path, contents: &str) -> Result<(), String> {
    if std::fs::read_to_string(path).ok().as_deref() == Some(contents) {
        return Ok(());
    }
    std::fs::write(path, contents).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// `cargo` (no arguments yet) to run in the scratch workspace `root`:
/// building into the shared target directory with warnings denied, and
/// with none of the environment of the cargo running this test suite.
pub fn cargo_command(root: &Path) -> Command {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .current_dir(root)
        .env("CARGO_TARGET_DIR", shared_target_dir())
        .env("RUSTFLAGS", "-Dwarnings")
        .env("RUSTDOCFLAGS", "-Dwarnings")
        .env("CARGO_TERM_COLOR", "never");
    for var in [
        "CARGO_BUILD_RUSTFLAGS",
        "CARGO_ENCODED_RUSTFLAGS",
        "CARGO_BUILD_RUSTDOCFLAGS",
        "CARGO_ENCODED_RUSTDOCFLAGS",
        "CARGO_BUILD_TARGET_DIR",
        "CARGO_MAKEFLAGS",
        "CARGO_PRIMARY_PACKAGE",
        "CARGO_MANIFEST_DIR",
    ] {
        command.env_remove(var);
    }
    command
}

/// Runs one cargo command in the scratch workspace; on failure, the compiler
/// messages grouped by crate (or cargo's own output when there are none).
fn run_cargo(
    root: &Path,
    label: &str,
    args: &[&str],
    crates: &[ScratchCrate],
) -> Result<(), String> {
    let output = cargo_command(root)
        .arg(args[0])
        .arg("--offline")
        .args(&args[1..])
        .output()
        .map_err(|e| format!("{label}: cannot run cargo: {e}"))?;
    if output.status.success() {
        return Ok(());
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let mut by_crate: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for line in stdout.lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        if message["reason"] != "compiler-message" {
            continue;
        }
        let level = message["message"]["level"].as_str().unwrap_or_default();
        if !matches!(level, "error" | "warning") {
            continue;
        }
        let rendered = message["message"]["rendered"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let manifest = message["manifest_path"].as_str().unwrap_or_default();
        let case = crates
            .iter()
            .find(|c| Path::new(manifest).starts_with(root.join(&c.dir)))
            .map(|c| c.dir.clone())
            .unwrap_or_else(|| manifest.to_owned());
        let messages = by_crate.entry(case).or_default();
        // The same message comes once per target that compiles the file.
        if !messages.contains(&rendered) {
            messages.push(rendered);
        }
    }
    let mut report = format!("{label} failed in {}:\n", root.display());
    if by_crate.is_empty() {
        report.push_str(&stdout);
        report.push_str(&stderr);
    } else {
        for (case, messages) in &by_crate {
            report.push_str(&format!(
                "\n=== case `{case}`: {} message(s) ===\n",
                messages.len()
            ));
            for message in messages {
                report.push_str(message);
            }
        }
        // Messages that are not tied to a crate (e.g. a doc test failure).
        let tail: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error")).collect();
        if !tail.is_empty() {
            report.push_str("\ncargo:\n");
            report.push_str(&tail.join("\n"));
        }
    }
    Err(report)
}
