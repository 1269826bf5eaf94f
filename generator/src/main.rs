//! The `sdkgen` command: generates an SDK crate from an OpenAPI document.
//!
//! ```text
//! sdkgen generate --spec openapi.yaml --out my-client --name my-client [--allow-unresolved-refs]
//! sdkgen diff old.yaml new.yaml [--config sdk.toml] [--format text|json]
//! ```
//!
//! `generate` over an earlier generated crate prints what the new one
//! changes in its public API (see `sdkgen::release::diff`); `diff` prints
//! the same report for two documents without writing anything.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// The generator allocates and frees many small strings and token trees;
/// mimalloc makes that about a quarter of the run cheaper than glibc's
/// allocator (see BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
        /// Generate schemas whose `$ref` resolves nowhere (no such pointer,
        /// a missing file, a URL with no local copy) as untyped JSON
        /// (`serde_json::Value`), with a warning each, instead of failing
        /// (the config's `unresolved_refs = "json"`).
        #[arg(long)]
        allow_unresolved_refs: bool,
    },
    /// Prints what changes in the generated crate's public API, each change
    /// marked breaking or not under semver, between two versions of a
    /// document. Writes nothing.
    Diff {
        /// The earlier document (YAML or JSON).
        #[arg(value_name = "OLD_SPEC")]
        old: PathBuf,
        /// The later document (YAML or JSON).
        #[arg(value_name = "NEW_SPEC")]
        new: PathBuf,
        /// SDK configuration (TOML) both documents are generated with.
        #[arg(short = 'c', long = "config", value_name = "FILE")]
        config: Option<PathBuf>,
        /// Package name of the crate (default: the config's).
        #[arg(short = 'n', long = "name", value_name = "CRATE")]
        name: Option<String>,
        /// `text` for people, `json` for machines.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

/// Output format of `sdkgen diff`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    /// One line per change, breaking first.
    Text,
    /// A JSON object with counts and the changes.
    Json,
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
            allow_unresolved_refs,
        } => match generate(
            &spec,
            &out,
            name.as_deref(),
            config.as_deref(),
            Options {
                force,
                rustfmt,
                allow_unresolved_refs,
            },
        ) {
            Ok(()) => ExitCode::SUCCESS,
            Err(message) => {
                eprintln!("{message}");
                ExitCode::FAILURE
            }
        },
        Command::Diff {
            old,
            new,
            config,
            name,
            format,
        } => match diff(&old, &new, config.as_deref(), name.as_deref(), format) {
            Ok(()) => ExitCode::SUCCESS,
            Err(message) => {
                eprintln!("{message}");
                ExitCode::FAILURE
            }
        },
    }
}

/// Reads the config file, if any; else the defaults for `default_name`.
/// `name` overrides the package name.
fn load_config(
    config: Option<&Path>,
    name: Option<&str>,
    default_name: &str,
) -> Result<sdkgen::Config, String> {
    let mut config = match config {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("error: cannot read {}: {e}", path.display()))?;
            let mut config = sdkgen::Config::from_toml(&text)
                .map_err(|e| format!("error: invalid config {}: {e}", path.display()))?;
            // `generate` does no file I/O: the license files are read here.
            config.license_texts = sdkgen::sources::license_texts(&config, path)?;
            config
        }
        None => sdkgen::Config::for_crate(name.unwrap_or(default_name)),
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
    Ok(config)
}

/// `sdkgen diff`: the report between two documents.
fn diff(
    old: &Path,
    new: &Path,
    config_path: Option<&Path>,
    name: Option<&str>,
    format: Format,
) -> Result<(), String> {
    let config = load_config(config_path, name, "sdk")?;
    let surface = |spec: &Path| -> Result<sdkgen::Surface, String> {
        let bytes = std::fs::read(spec)
            .map_err(|e| format!("error: cannot read {}: {e}", spec.display()))?;
        let generated =
            sdkgen::generate_with_sources(&bytes, &config, None, &sources(spec, config_path))
                .map_err(|diags| format!("{}: generation failed\n{diags}", spec.display()))?;
        for warning in generated.warnings.iter() {
            eprintln!("{}: {warning}", spec.display());
        }
        Ok(generated.surface)
    };
    let report = sdkgen::release::diff::diff(&surface(old)?, &surface(new)?);
    let text = match format {
        Format::Text => report.to_text(),
        Format::Json => {
            let mut json = serde_json::to_string_pretty(&report.to_json()).unwrap_or_default();
            json.push('\n');
            json
        }
    };
    // A closed pipe (`sdkgen diff ... | head`) is not an error.
    let _ = std::io::Write::write_all(&mut std::io::stdout().lock(), text.as_bytes());
    Ok(())
}

/// Switches of `sdkgen generate`.
struct Options {
    force: bool,
    rustfmt: bool,
    allow_unresolved_refs: bool,
}

/// Where the documents `spec`'s `$ref`s name are read: beside it, and
/// URL copies beside the config file.
fn sources(spec: &Path, config: Option<&Path>) -> sdkgen::FileSources {
    let sources = sdkgen::FileSources::new(spec);
    match config {
        Some(config) => sources.with_config(config),
        None => sources,
    }
}

fn generate(
    spec: &Path,
    out: &Path,
    name: Option<&str>,
    config_path: Option<&Path>,
    options: Options,
) -> Result<(), String> {
    let Options {
        force,
        rustfmt,
        allow_unresolved_refs,
    } = options;
    let dir_name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut config = load_config(config_path, name, &dir_name)?;
    if allow_unresolved_refs {
        config.unresolved_refs = sdkgen::config::UnresolvedRefs::Json;
    }
    let bytes =
        std::fs::read(spec).map_err(|e| format!("error: cannot read {}: {e}", spec.display()))?;
    // The crate being replaced, if sdkgen wrote it: what the report compares with.
    let previous = sdkgen::output::is_replaceable(out)
        .then(|| {
            sdkgen::release::Previous::from_crate(|path| {
                std::fs::read_to_string(out.join(path)).ok()
            })
        })
        .flatten();
    let sources = sources(spec, config_path);
    let mut generated = sdkgen::generate_with_sources(&bytes, &config, previous.as_ref(), &sources)
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
    let write_start = std::time::Instant::now();
    sdkgen::output::write_atomically(out, &generated.files)
        .map_err(|e| format!("error: cannot write {}: {e}", out.display()))?;
    if std::env::var_os("SDKGEN_TIMINGS").is_some() {
        let t = generated.timings;
        eprintln!(
            "timings: load {:?}, lower {:?}, render {:?}, write {:?}",
            t.load,
            t.lower,
            t.render,
            write_start.elapsed()
        );
    }
    println!(
        "wrote {} files ({} types, {} operations) to {}",
        generated.files.len(),
        generated.api.types.len(),
        generated.api.operations.len(),
        out.display()
    );
    print!("{}", generated.changes_text(previous.as_ref()));
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
