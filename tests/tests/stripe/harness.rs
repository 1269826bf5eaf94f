//! The Stripe crate and its harness under the target dir.
//!
//! [`generated`] runs `sdkgen::generate` on Stripe's document with
//! `spec/stripe.toml` (once per run). [`harness`] writes that crate and the
//! harness (`tests/stripe-harness/`, plus `src/reached.rs`, which lists the
//! fixture resources to round-trip with their model types) as the members
//! of the scratch workspace `target/stripe-harness/`, with a copy of the
//! workspace's `Cargo.lock`, and builds the harness with `-D warnings` into
//! the shared scratch target directory (see [`sdkgen_tests::scratch`]), once per
//! run and under a file lock, so concurrent test runs take turns.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use sdkgen_tests::{shared_file, workspace_root};
use serde_json::Value;

use super::reach;
use sdkgen_tests::scratch::{self, write_if_changed};

/// Stripe's document, relative to `../shared`.
pub const SPEC: &str = "specs/stripe/spec3.yaml";
/// Stripe's fixtures, relative to `../shared`.
pub const FIXTURES: &str = "specs/stripe/fixtures3.json";
/// The generated crate's directory in the scratch workspace.
pub const CRATE_DIR: &str = "stripe-payment-intents";
/// The harness package's directory in the scratch workspace.
const HARNESS_DIR: &str = "harness";

/// The scratch workspace.
pub fn root() -> PathBuf {
    workspace_root().join("target").join("stripe-harness")
}

/// The harness sources in this repository.
pub fn sources() -> PathBuf {
    workspace_root().join("tests").join("stripe-harness")
}

/// The bytes of Stripe's document.
pub fn spec_bytes() -> &'static [u8] {
    static SPEC_BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    SPEC_BYTES.get_or_init(|| {
        let path = shared_file(SPEC);
        std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    })
}

/// The SDK config `spec/stripe.toml`.
pub fn config() -> sdkgen::Config {
    let path = workspace_root().join("spec").join("stripe.toml");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut config = sdkgen::Config::from_toml(&text)
        .unwrap_or_else(|e| panic!("invalid {}: {e}", path.display()));
    config.license_texts =
        sdkgen::sources::license_texts(&config, &path).unwrap_or_else(|e| panic!("{e}"));
    config
}

/// The Stripe PaymentIntents crate, generated once per run.
pub fn generated() -> &'static sdkgen::Generated {
    static GENERATED: OnceLock<sdkgen::Generated> = OnceLock::new();
    GENERATED.get_or_init(|| {
        sdkgen::generate(spec_bytes(), &config())
            .unwrap_or_else(|diags| panic!("Stripe's document does not generate:\n{diags}"))
    })
}

/// The built harness.
pub struct Harness {
    binary: PathBuf,
}

/// The harness, built once per run; panics with the build's errors.
pub fn harness() -> &'static Harness {
    static HARNESS: OnceLock<Result<Harness, String>> = OnceLock::new();
    match HARNESS.get_or_init(build) {
        Ok(harness) => harness,
        Err(report) => panic!("{report}"),
    }
}

impl Harness {
    /// Runs one subcommand of the harness (with the fixtures' path as its
    /// argument when `with_fixtures`) and returns the JSON lines it printed.
    pub fn run(&self, subcommand: &str, with_fixtures: bool) -> Vec<Value> {
        let fixtures = with_fixtures.then(|| shared_file(FIXTURES));
        self.run_on(subcommand, fixtures.as_deref())
    }

    /// Runs one subcommand of the harness with `input` (a path) as its
    /// argument, if any, and returns the JSON lines it printed.
    pub fn run_on(&self, subcommand: &str, input: Option<&Path>) -> Vec<Value> {
        let mut command = Command::new(&self.binary);
        command.arg(subcommand);
        command.args(input);
        let output = command
            .output()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", self.binary.display()));
        let stdout = String::from_utf8_lossy(&output.stdout);
        if !output.status.success() {
            panic!(
                "stripe-harness {subcommand} failed ({}):\n{}\n{stdout}",
                output.status,
                String::from_utf8_lossy(&output.stderr)
            );
        }
        stdout
            .lines()
            .map(|line| {
                serde_json::from_str(line).unwrap_or_else(|e| {
                    panic!("stripe-harness printed a line that is not JSON ({e}): {line}")
                })
            })
            .collect()
    }
}

/// Holds an exclusive lock on a file until dropped.
pub struct Lock(File);

impl Lock {
    /// Waits for the lock on `path` (created when missing).
    pub fn acquire(path: &Path) -> Result<Lock, String> {
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(path)
            .map_err(|e| format!("cannot open {}: {e}", path.display()))?;
        file.lock()
            .map_err(|e| format!("cannot lock {}: {e}", path.display()))?;
        Ok(Lock(file))
    }
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Closing the file releases the lock too; this only makes it prompt.
        let _ = self.0.unlock();
    }
}

fn build() -> Result<Harness, String> {
    let root = root();
    std::fs::create_dir_all(&root).map_err(|e| format!("cannot create {}: {e}", root.display()))?;
    let _lock = Lock::acquire(&root.join(".build-lock"))?;
    write_crate(&root.join(CRATE_DIR), &generated().files)?;
    write_harness(&root.join(HARNESS_DIR))?;
    write_workspace(&root, &[HARNESS_DIR, CRATE_DIR])?;
    let output = scratch::cargo_command(&root)
        .args(["build", "--offline", "-p", "stripe-harness"])
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "building the Stripe crate and its harness in {} failed (warnings are errors):\n{}",
            root.display(),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let binary = scratch::shared_target_dir()
        .join("debug")
        .join(format!("stripe-harness{}", std::env::consts::EXE_SUFFIX));
    Ok(Harness { binary })
}

/// Writes the manifest of the scratch workspace `root` (with the dev
/// profile of every scratch workspace, so dependencies build once in the
/// shared target directory) and a copy of this workspace's `Cargo.lock`.
pub fn write_workspace(root: &Path, members: &[&str]) -> Result<(), String> {
    let manifest = format!(
        "# Scratch workspace written by the sdkgen-tests suite (tests/tests/stripe/harness.rs).\n\
         [workspace]\nresolver = \"2\"\nmembers = {members:?}\n\n\
         [profile.dev]\ndebug = false\n"
    );
    write_if_changed(&root.join("Cargo.toml"), &manifest)?;
    let lock = std::fs::read_to_string(workspace_root().join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    write_if_changed(&root.join("Cargo.lock"), &lock)
}

/// Writes a generated crate, leaving unchanged files alone so cargo does
/// not rebuild it.
pub fn write_crate(dir: &Path, files: &[sdkgen::File]) -> Result<(), String> {
    let drift = sdkgen::output::compare(dir, files)
        .map_err(|e| format!("cannot compare {}: {e}", dir.display()))?;
    if !drift.is_empty() {
        sdkgen::output::write_atomically(dir, files)
            .map_err(|e| format!("cannot write {}: {e}", dir.display()))?;
    }
    Ok(())
}

/// Writes the harness package: the manifest and sources from this
/// repository, and `src/reached.rs`.
fn write_harness(dir: &Path) -> Result<(), String> {
    let src = dir.join("src");
    std::fs::create_dir_all(&src).map_err(|e| format!("cannot create {}: {e}", src.display()))?;
    let read = |path: &Path| {
        std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
    };
    write_if_changed(
        &dir.join("Cargo.toml"),
        &read(&sources().join("Cargo.toml.in"))?,
    )?;
    let entries = std::fs::read_dir(sources().join("src"))
        .map_err(|e| format!("cannot list the harness sources: {e}"))?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|ext| ext == "rs") {
            write_if_changed(&src.join(entry.file_name()), &read(&path)?)?;
        }
    }
    write_if_changed(&src.join("reached.rs"), &reached_source()?)
}

/// `src/reached.rs`: every fixture resource the operations reach, with the
/// model the generator made of its component schema.
fn reached_source() -> Result<String, String> {
    let api = &generated().api;
    let mut entries = String::new();
    for name in reach::reached_fixture_resources() {
        let origin = format!("/components/schemas/{name}");
        let ty = api
            .types
            .iter()
            .find(|t| t.origin == origin)
            .ok_or_else(|| format!("the generated crate has no type for {origin}"))?;
        entries.push_str(&format!(
            "    ({name:?}, round_trip::<m::{0}>, debug::<m::{0}>),\n",
            ty.name
        ));
    }
    Ok(format!(
        "//! Written by the sdkgen-tests suite (tests/tests/stripe/harness.rs): the\n\
         //! fixture resources the PaymentIntents operations reach, each with its model.\n\n\
         use stripe_payment_intents::models as m;\n\n\
         use crate::fixtures::{{round_trip, RoundTrip}};\n\
         use crate::secrets::{{debug, Printed}};\n\n\
         /// Resource name in `fixtures3.json`, its round trip and its `Debug`.\n\
         pub const RESOURCES: &[(&str, RoundTrip, Printed)] = &[\n{entries}];\n"
    ))
}
