//! Project automation, run as `cargo xtask <command>`.
//!
//! - `cargo xtask generate` regenerates `generated/` from `spec/`.
//! - `cargo xtask generate --check` fails, naming the stale files, when
//!   `generated/` is not what `spec/` produces.
//! - `cargo xtask test` runs every check CI runs: formatting, clippy with
//!   warnings denied, the whole test suite (unit, integration, doc tests),
//!   rustdoc of the generated crate with warnings denied, and the drift check.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask generate [--check] | cargo xtask test";

/// The checked-in SDK: its config (which names its document) and directory.
const SDK_CONFIG: &str = "spec/payjp-v2.toml";
const SDK_DIR: &str = "generated";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["generate"] => generate(false),
        ["generate", "--check"] => generate(true),
        ["test"] => test(),
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

/// The workspace root: the parent of this crate's directory.
fn root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

fn generate(check: bool) -> Result<(), String> {
    let root = root();
    let config_path = root.join(SDK_CONFIG);
    let config_text = std::fs::read_to_string(&config_path)
        .map_err(|e| format!("error: cannot read {}: {e}", config_path.display()))?;
    let config = sdkgen::Config::from_toml(&config_text)
        .map_err(|e| format!("error: invalid {}: {e}", config_path.display()))?;
    let spec_name = config.spec.clone().ok_or_else(|| {
        format!(
            "error: {} must name its document with `spec = \"...\"`",
            config_path.display()
        )
    })?;
    let spec_path = config_path.parent().unwrap_or(&root).join(spec_name);
    let spec = std::fs::read(&spec_path)
        .map_err(|e| format!("error: cannot read {}: {e}", spec_path.display()))?;
    let mut generated = sdkgen::generate(&spec, &config).map_err(|diags| {
        format!(
            "{}: generation failed; {SDK_DIR}/ is unchanged\n{diags}",
            spec_path.display()
        )
    })?;
    sdkgen::output::rustfmt(&mut generated.files)
        .map_err(|e| format!("error: {e}; {SDK_DIR}/ is unchanged"))?;
    for warning in generated.warnings.iter() {
        eprintln!("{}: {warning}", spec_path.display());
    }
    let out = root.join(SDK_DIR);
    if check {
        let drift = sdkgen::output::compare(&out, &generated.files)
            .map_err(|e| format!("error: cannot read {}: {e}", out.display()))?;
        if drift.is_empty() {
            println!("{SDK_DIR}/ is up to date with {}", spec_path.display());
            return Ok(());
        }
        return Err(format!(
            "{SDK_DIR}/ is stale: it differs from what {} generates:\n{}\nrun `cargo xtask generate` and commit the result",
            spec_path.display(),
            drift.describe()
        ));
    }
    sdkgen::output::write_atomically(&out, &generated.files).map_err(|e| {
        format!(
            "error: cannot write {}: {e}; {SDK_DIR}/ is unchanged",
            out.display()
        )
    })?;
    println!(
        "wrote {SDK_DIR}/: {} files, {} types, {} operations, from {}",
        generated.files.len(),
        generated.api.types.len(),
        generated.api.operations.len(),
        spec_path.display()
    );
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

fn test() -> Result<(), String> {
    generate(true)?;
    cargo(&["fmt", "--all", "--check"], &[])?;
    cargo(
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
        &[],
    )?;
    // The conformance tests run Stoplight Prism, pinned in package.json;
    // install it when missing (`--ignore-scripts`: a dependency has a
    // telemetry postinstall script).
    if !root().join("node_modules/.bin/prism").exists() {
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
        if !status.success() {
            return Err(format!(
                "error: `npm ci --ignore-scripts` failed ({status})"
            ));
        }
    }
    cargo(&["test", "--workspace", "--no-fail-fast"], &[])?;
    cargo(
        &["doc", "--no-deps", "-p", "payjp-v2"],
        &[("RUSTDOCFLAGS", "-D warnings")],
    )?;
    println!("all checks passed");
    Ok(())
}
