//! The `sdkgen` command: generates an SDK crate from an OpenAPI document.
//!
//! ```text
//! sdkgen generate --spec openapi.yaml --out my-client --name my-client
//! ```

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Generates Rust SDK crates from OpenAPI 3.0 and 3.1 documents.
#[derive(Parser)]
#[command(name = "sdkgen", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Writes a complete crate for an OpenAPI document.
    Generate {
        /// The OpenAPI document (YAML or JSON).
        #[arg(short = 'i', long = "spec", value_name = "FILE")]
        spec: PathBuf,
        /// Directory to write the crate to (replaced as a whole).
        #[arg(short = 'o', long = "out", value_name = "DIR")]
        out: PathBuf,
        /// Package name of the crate (default: the config's, else the directory name).
        #[arg(short = 'n', long = "name", value_name = "CRATE")]
        name: Option<String>,
        /// SDK configuration (TOML): crate identity, auth prefix, headers.
        #[arg(short = 'c', long = "config", value_name = "FILE")]
        config: Option<PathBuf>,
        /// Replace the output directory even if it does not hold a generated crate.
        #[arg(long)]
        force: bool,
        /// Format the crate with rustfmt (slower; the output is already
        /// formatted by prettyplease).
        #[arg(long)]
        rustfmt: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Generate {
            spec,
            out,
            name,
            config,
            force,
            rustfmt,
        } => match generate(
            &spec,
            &out,
            name.as_deref(),
            config.as_deref(),
            force,
            rustfmt,
        ) {
            Ok(()) => ExitCode::SUCCESS,
            Err(message) => {
                eprintln!("{message}");
                ExitCode::FAILURE
            }
        },
    }
}

fn generate(
    spec: &Path,
    out: &Path,
    name: Option<&str>,
    config: Option<&Path>,
    force: bool,
    rustfmt: bool,
) -> Result<(), String> {
    let mut config = match config {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("error: cannot read {}: {e}", path.display()))?;
            sdkgen::Config::from_toml(&text)
                .map_err(|e| format!("error: invalid config {}: {e}", path.display()))?
        }
        None => {
            let dir_name = out
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            sdkgen::Config::for_crate(name.unwrap_or(&dir_name))
        }
    };
    if let Some(name) = name {
        config.krate.name = name.to_owned();
    }
    if !valid_package_name(&config.krate.name) {
        return Err(format!(
            "error: `{}` is not a valid package name; pass one with --name",
            config.krate.name
        ));
    }
    let bytes =
        std::fs::read(spec).map_err(|e| format!("error: cannot read {}: {e}", spec.display()))?;
    let mut generated = sdkgen::generate(&bytes, &config)
        .map_err(|diags| format!("{}: generation failed\n{diags}", spec.display()))?;
    if rustfmt {
        sdkgen::output::rustfmt(&mut generated.files).map_err(|e| format!("error: {e}"))?;
    }
    for warning in generated.warnings.iter() {
        eprintln!("{}: {warning}", spec.display());
    }
    if !force && !sdkgen::output::is_replaceable(out) {
        return Err(format!(
            "error: {} is not empty and does not hold a crate sdkgen generated; refusing to replace it (use --force)",
            out.display()
        ));
    }
    sdkgen::output::write_atomically(out, &generated.files)
        .map_err(|e| format!("error: cannot write {}: {e}", out.display()))?;
    println!(
        "wrote {} files ({} types, {} operations) to {}",
        generated.files.len(),
        generated.api.types.len(),
        generated.api.operations.len(),
        out.display()
    );
    Ok(())
}

/// Cargo's rule: ASCII letters, digits, `-` and `_`, not starting with a digit.
fn valid_package_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}
