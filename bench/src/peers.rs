//! The generators sdkgen is compared with, installed on request under
//! `target/peers/` at pinned versions: openapi-generator (the PyPI package
//! `openapi-generator-cli`, which runs the Java generator; needs Java) in a
//! virtual environment, progenitor (`cargo install cargo-progenitor`) and
//! openapi-to-rust (`cargo install openapi-to-rust`, whose direct mode
//! writes a module tree, not a crate).

use std::path::{Path, PathBuf};
use std::process::Command;

use super::machine::command_output;
use super::measure::Cmd;

/// The pinned PyPI version of `openapi-generator-cli`.
const OPENAPI_GENERATOR_VERSION: &str = "7.26.0";
/// The pinned crates.io version of `cargo-progenitor`.
const PROGENITOR_VERSION: &str = "0.15.1";
/// The pinned crates.io version of `openapi-to-rust`.
const OPENAPI_TO_RUST_VERSION: &str = "0.23.0";
/// Where openapi-to-rust writes its module tree inside a peer's output
/// directory (the bench makes that directory a crate around it).
pub const OPENAPI_TO_RUST_MODULE: &str = "src/api";

/// openapi-generator's YAML parser refuses documents over 3 MiB of text
/// unless told otherwise (Stripe's is 4.1 MB); the Python wrapper passes
/// `JAVA_OPTS` to Java.
const JAVA_OPTS: &str = "-DmaxYamlCodePoints=100000000";

/// A generator to compare with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Peer {
    OpenapiGenerator,
    Progenitor,
    OpenapiToRust,
}

impl Peer {
    /// Every peer, in the order of the table.
    pub const ALL: [Peer; 3] = [
        Peer::Progenitor,
        Peer::OpenapiGenerator,
        Peer::OpenapiToRust,
    ];

    /// Its name in the table.
    pub fn name(self) -> &'static str {
        match self {
            Self::OpenapiGenerator => "openapi-generator",
            Self::Progenitor => "progenitor",
            Self::OpenapiToRust => "openapi-to-rust",
        }
    }

    /// Where it is installed.
    fn dir(self, peers: &Path) -> PathBuf {
        peers.join(self.name())
    }

    fn executable(self, peers: &Path) -> PathBuf {
        match self {
            Self::OpenapiGenerator => self.dir(peers).join("bin/openapi-generator-cli"),
            Self::Progenitor => self.dir(peers).join("bin/cargo-progenitor"),
            Self::OpenapiToRust => self.dir(peers).join("bin/openapi-to-rust"),
        }
    }

    /// Whether it is installed under `peers`.
    pub fn installed(self, peers: &Path) -> bool {
        self.executable(peers).is_file()
    }

    /// Its name and version, for the header.
    pub fn describe(self) -> String {
        match self {
            Self::OpenapiGenerator => {
                let java = java_version().unwrap_or_else(|| "Java not found".to_owned());
                format!(
                    "openapi-generator-cli {OPENAPI_GENERATOR_VERSION} (generator `rust`; {java})"
                )
            }
            Self::Progenitor => format!("cargo-progenitor {PROGENITOR_VERSION}"),
            Self::OpenapiToRust => format!("openapi-to-rust {OPENAPI_TO_RUST_VERSION}"),
        }
    }

    /// Installs it under `peers` unless it is there already.
    pub fn install(self, peers: &Path) -> Result<(), String> {
        if self.installed(peers) {
            return Ok(());
        }
        let dir = self.dir(peers);
        match self {
            Self::OpenapiGenerator => {
                if java_version().is_none() {
                    return Err("openapi-generator needs Java (e.g. `apt-get install default-jre-headless`)".to_owned());
                }
                run("python3", &["-m", "venv", &dir.to_string_lossy()])?;
                let pip = dir.join("bin/pip");
                run(
                    &pip.to_string_lossy(),
                    &[
                        "install",
                        "--quiet",
                        &format!("openapi-generator-cli=={OPENAPI_GENERATOR_VERSION}"),
                    ],
                )
            }
            Self::Progenitor => cargo_install(&dir, "cargo-progenitor", PROGENITOR_VERSION),
            Self::OpenapiToRust => cargo_install(&dir, "openapi-to-rust", OPENAPI_TO_RUST_VERSION),
        }
    }

    /// The command generating a Rust client for `spec` into `out`.
    pub fn command(self, peers: &Path, spec: &Path, out: &Path, name: &str) -> Cmd {
        let exe = self.executable(peers);
        let dir = out.parent().unwrap_or(out);
        match self {
            Self::OpenapiGenerator => Cmd::new(exe, dir)
                .args(["generate", "-g", "rust", "--package-name", name])
                // As progenitor is given one: its default is the document's
                // `info.version`, which is often no semver version.
                .args(["--additional-properties", "packageVersion=0.1.0"])
                .args(["--skip-validate-spec", "-i"])
                .args([spec])
                .args(["-o"])
                .args([out])
                .env("JAVA_OPTS", JAVA_OPTS),
            Self::Progenitor => Cmd::new(exe, dir)
                .args(["progenitor", "-n", name, "-v", "0.1.0", "-i"])
                .args([spec])
                .args(["-o"])
                .args([out]),
            Self::OpenapiToRust => Cmd::new(exe, dir)
                .args(["generate", "--quiet"])
                .args([spec])
                .args(["--output-dir"])
                .args([out.join(OPENAPI_TO_RUST_MODULE)])
                .args(["--module-name", &name.replace('-', "_")]),
        }
    }
}

/// `cargo install --locked` of `krate` at `version` into `root`.
fn cargo_install(root: &Path, krate: &str, version: &str) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let root = root.to_string_lossy();
    run(
        &cargo,
        &[
            "install",
            krate,
            "--version",
            version,
            "--locked",
            "--root",
            &root,
        ],
    )
}

/// How `Peer::OpenapiGenerator` is run, for the legend.
pub fn openapi_generator_note() -> String {
    format!(
        "openapi-generator runs with `--skip-validate-spec` (its validator rejects PAY.JP's \
         whole document) and `JAVA_OPTS={JAVA_OPTS}` (its YAML parser refuses Stripe's 4.1 MB \
         document otherwise)"
    )
}

/// `java -version`'s first line.
fn java_version() -> Option<String> {
    let out = Command::new("java").arg("-version").output().ok()?;
    let text = String::from_utf8_lossy(&out.stderr);
    text.lines().next().map(|l| l.replace('"', ""))
}

/// Runs an installation step, failing on a non-zero exit.
fn run(program: &str, args: &[&str]) -> Result<(), String> {
    eprintln!("$ {program} {}", args.join(" "));
    let status = Command::new(program)
        .args(args)
        .status()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{program} {}` failed ({status})", args.join(" ")))
    }
}

/// Installs valgrind (instruction counts of the decode section) with
/// apt-get when it is missing.
pub fn install_valgrind() -> Result<(), String> {
    if super::instructions::has_valgrind() {
        return Ok(());
    }
    if command_output("apt-get", &["--version"], Path::new("/")).is_none() {
        return Err(
            "valgrind is missing and apt-get is not available; install the `valgrind` package"
                .to_owned(),
        );
    }
    run("apt-get", &["install", "-y", "-q", "valgrind"])
}

/// Installs GNU time (for peak memory) with apt-get when it is missing.
pub fn install_gnu_time() -> Result<(), String> {
    if super::measure::has_gnu_time() {
        return Ok(());
    }
    if command_output("apt-get", &["--version"], Path::new("/")).is_none() {
        return Err(
            "GNU time is missing and apt-get is not available; install the `time` package"
                .to_owned(),
        );
    }
    run("apt-get", &["install", "-y", "-q", "time"])
}
