//! Project automation, run as `cargo xtask <command>`.
//!
//! - `cargo xtask generate` regenerates `generated/` (the PAY.JP SDK) from
//!   `spec/` and prints what changed in its public API (each change marked
//!   breaking or not); `--check` fails when `generated/` is not what
//!   `spec/` produces, showing that report and naming the stale files.
//! - `cargo xtask generate stripe --spec PATH [--out DIR]` generates the
//!   Stripe PaymentIntents SDK from a local copy of Stripe's document, which
//!   must match the SHA-256 pinned in `spec/stripe.toml`.
//! - `cargo xtask test` runs every check CI runs: the drift check,
//!   formatting, clippy with warnings denied (with and without optional
//!   features), the self-contained tier plain `cargo test` runs (unit,
//!   integration, doc tests), the test binaries that need tools or
//!   `../shared` ([`TOOL_TIERS`]: scratch builds, reference material, the
//!   Stripe oracle, Prism conformance), rustdoc of the generated crate with
//!   warnings denied, and the corpus run.
//! - `cargo xtask corpus` generates, builds and calls an SDK for every
//!   vendor document in `../shared/corpus/` and prints the compatibility
//!   table (`--record` writes it into `CORPUS.md`); see [`corpus`].
//! - `cargo xtask bench ARGS` runs the benchmark, the workspace crate
//!   `sdkgen-bench` in `bench/` (`cargo run -p sdkgen-bench -- ARGS`); see
//!   `BENCHMARKS.md`.

mod corpus;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage:
  cargo xtask generate [payjp-v2] [--check]
  cargo xtask generate stripe --spec PATH [--out DIR] [--check]
  cargo xtask test
  cargo xtask corpus [--only NAME,...] [--record] [--no-calls]
  cargo xtask bench [--quick] [--only SECTION,...] [--runs N] [--install-peers] [--record] (see BENCHMARKS.md)";

/// An SDK this repository builds.
struct Sdk {
    /// Name on the command line.
    name: &'static str,
    /// Its config, relative to the workspace root.
    config: &'static str,
    /// Where it is written unless `--out` says otherwise.
    default_out: &'static str,
    /// Whether the output is checked in (and so formatted with rustfmt).
    checked_in: bool,
}

const SDKS: &[Sdk] = &[
    Sdk {
        name: "payjp-v2",
        config: "spec/payjp-v2.toml",
        default_out: "generated",
        checked_in: true,
    },
    Sdk {
        name: "stripe",
        config: "spec/stripe.toml",
        default_out: "target/generated/stripe-payment-intents",
        checked_in: false,
    },
];

/// Options of `cargo xtask generate`.
struct GenerateArgs<'a> {
    sdk: &'a Sdk,
    check: bool,
    spec: Option<PathBuf>,
    out: Option<PathBuf>,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("generate") => parse_generate(&args[1..]).and_then(|args| generate(&args)),
        Some("test") if args.len() == 1 => test(),
        Some("bench") => return bench(&args[1..]),
        Some("corpus") => corpus::run(&args[1..]),
        _ => Err(USAGE.to_owned()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn parse_generate(args: &[String]) -> Result<GenerateArgs<'static>, String> {
    let mut parsed = GenerateArgs {
        sdk: &SDKS[0],
        check: false,
        spec: None,
        out: None,
    };
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--check" => parsed.check = true,
            "--spec" => parsed.spec = Some(rest.next().ok_or(USAGE)?.into()),
            "--out" => parsed.out = Some(rest.next().ok_or(USAGE)?.into()),
            name => {
                parsed.sdk = SDKS
                    .iter()
                    .find(|sdk| sdk.name == name)
                    .ok_or_else(|| format!("unknown SDK or option `{name}`\n{USAGE}"))?;
            }
        }
    }
    Ok(parsed)
}

/// The workspace root: the parent of this crate's directory.
fn root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// Reads an SDK's config and its document (checking a pinned hash).
fn load(args: &GenerateArgs<'_>) -> Result<(sdkgen::Config, PathBuf, Vec<u8>), String> {
    let root = root();
    let config_path = root.join(args.sdk.config);
    let config_text = std::fs::read_to_string(&config_path)
        .map_err(|e| format!("error: cannot read {}: {e}", config_path.display()))?;
    let mut config = sdkgen::Config::from_toml(&config_text)
        .map_err(|e| format!("error: invalid {}: {e}", config_path.display()))?;
    // This repository's crates name the command that writes them.
    config.generated_by = "cargo xtask generate".to_owned();
    config.license_texts = sdkgen::sources::license_texts(&config, &config_path)?;
    let spec_path = match (&args.spec, &config.spec) {
        (Some(path), _) => path.clone(),
        (None, Some(name)) => config_path.parent().unwrap_or(&root).join(name),
        (None, None) => {
            return Err(format!(
                "error: the {} SDK is generated from a document that is not in this repository; pass it with --spec PATH",
                args.sdk.name
            ))
        }
    };
    let spec = std::fs::read(&spec_path)
        .map_err(|e| format!("error: cannot read {}: {e}", spec_path.display()))?;
    if let Some(source) = &config.source {
        let actual = sha256_hex(&spec);
        if actual != source.sha256 {
            return Err(format!(
                "error: {} is not the pinned document: its SHA-256 is {actual}, {} pins {} ({} {})",
                spec_path.display(),
                args.sdk.config,
                source.sha256,
                source.repository,
                source.path
            ));
        }
    }
    Ok((config, spec_path, spec))
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn generate(args: &GenerateArgs<'_>) -> Result<(), String> {
    let root = root();
    let (config, spec_path, spec) = load(args)?;
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| root.join(args.sdk.default_out));
    let shown = out
        .strip_prefix(&root)
        .unwrap_or(&out)
        .display()
        .to_string();
    // The crate being replaced: the report compares the new public API
    // with its `api-surface.txt` (and versioning bumps its version).
    let previous =
        sdkgen::release::Previous::from_crate(|path| std::fs::read_to_string(out.join(path)).ok());
    // Documents the spec's `$ref`s name are read beside it (URL copies
    // beside the config).
    let sources = sdkgen::FileSources::new(&spec_path).with_config(&root.join(args.sdk.config));
    let mut generated = sdkgen::generate_with_sources(&spec, &config, previous.as_ref(), &sources)
        .map_err(|diags| {
            format!(
                "{}: generation failed; {shown} is unchanged\n{diags}",
                spec_path.display()
            )
        })?;
    for warning in generated.warnings.iter() {
        eprintln!("{}: {warning}", spec_path.display());
    }
    if args.sdk.checked_in {
        sdkgen::output::rustfmt(&mut generated.files)
            .map_err(|e| format!("error: {e}; {shown} is unchanged"))?;
    }
    if args.check {
        let drift = sdkgen::output::compare(&out, &generated.files)
            .map_err(|e| format!("error: cannot read {}: {e}", out.display()))?;
        if drift.is_empty() {
            println!("{shown}/ is up to date with {}", spec_path.display());
            return Ok(());
        }
        // When the public API changed, say how (breaking first) before
        // naming the stale files.
        let changes = generated.changes_text(previous.as_ref());
        let changed_api = generated
            .comparison
            .report()
            .is_some_and(|report| !report.is_empty());
        let files = if changed_api {
            format!("{changes}stale files:\n{}", drift.describe())
        } else {
            format!("{changes}{}", drift.describe())
        };
        return Err(format!(
            "{shown}/ is stale: it differs from what {} generates:\n{files}\nrun `cargo xtask generate {}` and commit the result",
            spec_path.display(),
            args.sdk.name
        ));
    }
    if !sdkgen::output::is_replaceable(&out) {
        return Err(format!(
            "error: {} holds files sdkgen did not write; refusing to replace it",
            out.display()
        ));
    }
    sdkgen::output::write_atomically(&out, &generated.files).map_err(|e| {
        format!(
            "error: cannot write {}: {e}; {shown} is unchanged",
            out.display()
        )
    })?;
    println!(
        "wrote {shown}/: {} files, {} types, {} operations, from {}",
        generated.files.len(),
        generated.api.types.len(),
        generated.api.operations.len(),
        spec_path.display()
    );
    print!("{}", generated.changes_text(previous.as_ref()));
    Ok(())
}

/// Runs `cargo` with `args` in the workspace, failing on a non-zero exit.
fn cargo(args: &[&str], env: &[(&str, &str)]) -> Result<(), String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    println!("$ cargo {}", args.join(" "));
    let status = std::process::Command::new(cargo)
        .args(args)
        .envs(env.iter().copied())
        .current_dir(root())
        .status()
        .map_err(|e| format!("error: cannot run cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "error: `cargo {}` failed ({status})",
            args.join(" ")
        ))
    }
}

/// `cargo xtask bench ARGS`: runs `sdkgen-bench` with ARGS in the dev
/// profile xtask itself is built in, its output and exit status passed on
/// unchanged (so nothing is printed on standard output besides its report).
fn bench(args: &[String]) -> ExitCode {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = std::process::Command::new(cargo)
        .args(["run", "--quiet", "--package", "sdkgen-bench", "--"])
        .args(args)
        .current_dir(root())
        .status();
    match status {
        Ok(status) if status.success() => ExitCode::SUCCESS,
        Ok(status) => ExitCode::from(
            status
                .code()
                .map_or(1, |code| u8::try_from(code).unwrap_or(1)),
        ),
        Err(e) => {
            eprintln!("error: cannot run cargo: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The test binaries of `sdkgen-tests` that plain `cargo test` leaves out
/// (`test = false`): they need `../shared`, Python, Prism or scratch
/// builds. Clippy's `--all-targets` leaves them out too.
const TOOL_TIERS: &[&str] = &["builds", "reference", "stripe", "semver", "conformance"];

/// `cargo <command> -p sdkgen-tests --test <tier> ...` for every tier.
fn tier_args(command: &'static str, trailing: &[&'static str]) -> Vec<&'static str> {
    let mut args = vec![command, "-p", "sdkgen-tests"];
    for tier in TOOL_TIERS {
        args.extend(["--test", tier]);
    }
    args.extend(trailing);
    args
}

fn test() -> Result<(), String> {
    generate(&parse_generate(&["--check".to_owned()])?)?;
    cargo(&["fmt", "--all", "--check"], &[])?;
    let deny = ["--", "-D", "warnings"];
    cargo(
        &[&["clippy", "--workspace", "--all-targets"][..], &deny].concat(),
        &[],
    )?;
    cargo(&tier_args("clippy", &deny), &[])?;
    // The workspace build enables the SDK's optional `blocking` feature
    // (the tests use it); check the crate without it too.
    cargo(&[&["clippy", "-p", "payjp-v2"][..], &deny].concat(), &[])?;
    // The runtime as a crate without blocking, uploads or downloads uses it.
    cargo(
        &[
            &["clippy", "-p", "sdkgen-runtime", "--no-default-features"][..],
            &["--all-targets"],
            &deny,
        ]
        .concat(),
        &[],
    )?;
    // The self-contained tier: unit, integration and doc tests.
    cargo(&["test", "--workspace", "--no-fail-fast"], &[])?;
    // The conformance tests run Stoplight Prism, pinned in package.json.
    if !root().join("node_modules/.bin/prism").exists() {
        npm_ci()?;
    }
    install_semver_checks()?;
    cargo(&tier_args("test", &["--no-fail-fast"]), &[])?;
    cargo(
        &["doc", "--no-deps", "-p", "payjp-v2"],
        &[("RUSTDOCFLAGS", "-D warnings")],
    )?;
    // Every vendor document of ../shared/corpus, held to CORPUS.md.
    corpus::run(&[])?;
    println!("all checks passed");
    Ok(())
}

/// Installs the test tools pinned in `package.json` (Stoplight Prism);
/// `--ignore-scripts`: a dependency has a telemetry postinstall script.
/// The cargo-semver-checks release the `semver` tier compares with.
const SEMVER_CHECKS: &str = "0.51.0";

/// Installs cargo-semver-checks under `target/tools/` unless that release
/// is there already (it takes minutes to build, so it is kept between runs).
fn install_semver_checks() -> Result<(), String> {
    let tools = root().join("target").join("tools");
    let installed = std::process::Command::new(tools.join("bin").join("cargo-semver-checks"))
        .args(["semver-checks", "--version"])
        .output()
        .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).contains(SEMVER_CHECKS));
    if installed {
        return Ok(());
    }
    let tools = tools.to_string_lossy().into_owned();
    cargo(
        &[
            "install",
            "--locked",
            "--version",
            SEMVER_CHECKS,
            "--root",
            &tools,
            "cargo-semver-checks",
        ],
        &[],
    )
}

fn npm_ci() -> Result<(), String> {
    println!("$ npm ci --ignore-scripts");
    let status = std::process::Command::new("npm")
        .args(["ci", "--ignore-scripts", "--no-audit", "--no-fund"])
        .current_dir(root())
        .status()
        .map_err(|e| {
            format!(
                "error: cannot run npm ({e}): the conformance tests need Node.js >= 18 \
                 and npm to install Stoplight Prism (run `npm ci --ignore-scripts`)"
            )
        })?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "error: `npm ci --ignore-scripts` failed ({status})"
        ))
    }
}
