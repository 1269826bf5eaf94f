//! The fixture corpus, as the fixture tests read it: `tests/fixtures/<case>/` holds a small OpenAPI
//! document (`spec.yaml` or `spec.json`, optionally a `config.toml`) per
//! feature, and what sdkgen makes of it (other files of the case are the
//! documents its `$ref`s name, read as the CLI reads them: relative to the
//! spec, URL copies relative to the config):
//!
//! - `ir.json`: the lowered API (`sdkgen::generate(..).api`), pretty JSON;
//! - `crate.txt`: every generated file (`Cargo.toml`, `README.md`,
//!   `api-surface.txt`, license files, the Rust files) except the runtime
//!   copied from `templates/` (the same in every crate), in path order,
//!   each after a `// ==== <path> ====` line;
//! - `warnings.txt`: the warnings of the run, only when there are some.
//!
//! Run with `SDKGEN_BLESS=1` to accept new output: the test rewrites the
//! files that differ and prints their names. Every case's whole crate is
//! also built in one scratch workspace with `-D warnings` (clippy, rustdoc
//! and doc tests), see `scratch.rs`; a case with a `behaviour.rs` gets it as
//! an integration test of its crate, run there (what the generated types do
//! with real JSON, and what its requests put on the wire: it may use tokio
//! and wiremock).

use std::path::{Path, PathBuf};

use crate::workspace_root;

/// Set to accept the current output as the expected one.
pub const BLESS_VAR: &str = "SDKGEN_BLESS";

/// What a behaviour test may use beside its crate: an async runtime and a
/// loopback HTTP server to check requests on the wire against (versions
/// pinned by this workspace's Cargo.lock, like the crate's own).
pub const BEHAVIOUR_DEV_DEPENDENCIES: &str = "\n[dev-dependencies]\n\
    tokio = { version = \"1\", features = [\"rt\", \"macros\"] }\n\
    wiremock = \"0.6\"\n";

/// The corpus must not shrink by accident.
pub const MINIMUM_CASES: usize = 30;

/// One fixture case.
pub struct Case {
    /// Directory name (snake_case).
    pub name: String,
    /// The case's directory.
    pub dir: PathBuf,
    /// The document's bytes.
    pub spec: Vec<u8>,
    /// Its `config.toml`, or the default config, named after the case.
    pub config: sdkgen::Config,
    /// Reads the documents the spec's `$ref`s name.
    pub sources: sdkgen::FileSources,
}

/// What a case generates, as compared with its golden files.
pub struct Output {
    /// The lowered API as pretty JSON (`ir.json`).
    pub ir: String,
    /// The crate minus the runtime, as one text (`crate.txt`).
    pub krate: String,
    /// The warnings, when there are some (`warnings.txt`).
    pub warnings: Option<String>,
    /// Every file of the generated crate.
    pub files: Vec<sdkgen::File>,
}

/// `tests/fixtures/`.
pub fn fixtures_dir() -> PathBuf {
    workspace_root().join("tests").join("fixtures")
}

/// Every case directory, in name order.
pub fn cases() -> Vec<Case> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(fixtures_dir())
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", fixtures_dir().display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.is_dir())
        .collect();
    dirs.sort();
    dirs.into_iter().map(|dir| load_case(&dir)).collect()
}

/// Reads one case directory (panics on a malformed case).
pub fn load_case(dir: &Path) -> Case {
    let name = dir
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_else(|| panic!("fixture directory {} has no UTF-8 name", dir.display()))
        .to_owned();
    assert!(
        name.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
        "fixture case names are snake_case ASCII: `{name}`"
    );
    let specs: Vec<PathBuf> = ["spec.yaml", "spec.json"]
        .iter()
        .map(|f| dir.join(f))
        .filter(|p| p.is_file())
        .collect();
    let [spec_path] = specs.as_slice() else {
        panic!(
            "fixture `{name}` must hold exactly one of spec.yaml and spec.json, found {}",
            specs.len()
        );
    };
    let spec = std::fs::read(spec_path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", spec_path.display()));
    let crate_name = format!("fixture-{}", name.replace('_', "-"));
    let config_path = dir.join("config.toml");
    let config = if config_path.is_file() {
        let text = std::fs::read_to_string(&config_path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", config_path.display()));
        let mut config = sdkgen::Config::from_toml(&text)
            .unwrap_or_else(|e| panic!("invalid {}: {e}", config_path.display()));
        config.krate.name = crate_name;
        config.license_texts = sdkgen::sources::license_texts(&config, &config_path)
            .unwrap_or_else(|e| panic!("fixture `{name}`: {e}"));
        config
    } else {
        sdkgen::Config::for_crate(&crate_name)
    };
    Case {
        name,
        dir: dir.to_owned(),
        spec,
        config,
        sources: sdkgen::FileSources::new(spec_path).with_config(&config_path),
    }
}

/// Files the runtime copies from `templates/src/` (whose `lib.rs` is a stub
/// of the runtime crate, never emitted: a crate's `lib.rs` is its own).
pub fn is_runtime_file(path: &str) -> bool {
    path.strip_prefix("src/").is_some_and(|file| {
        file != "lib.rs" && workspace_root().join("templates/src").join(file).is_file()
    })
}

/// Generates a case (formatted with rustfmt, as the CLI writes it).
pub fn generate(case: &Case) -> Result<Output, String> {
    let generated = sdkgen::generate_with_sources(&case.spec, &case.config, None, &case.sources);
    let mut generated = generated.map_err(|diags| {
        format!(
            "fixture `{}` does not generate (fixtures are valid documents; bad ones belong in bad_input.rs):\n{diags}",
            case.name
        )
    })?;
    sdkgen::output::rustfmt(&mut generated.files)
        .map_err(|e| format!("fixture `{}`: {e}", case.name))?;
    let mut ir = serde_json::to_string_pretty(&generated.api).expect("the IR serializes");
    ir.push('\n');
    let mut krate = String::new();
    for file in &generated.files {
        if is_runtime_file(&file.path) {
            continue;
        }
        krate.push_str(&format!("// ==== {} ====\n", file.path));
        krate.push_str(&file.contents);
        if !file.contents.ends_with('\n') {
            krate.push('\n');
        }
    }
    let warnings = (!generated.warnings.is_empty()).then(|| {
        let mut text: String = generated
            .warnings
            .iter()
            .map(|w| format!("{w}\n"))
            .collect();
        text.push_str(&format!("{} warning(s)\n", generated.warnings.len()));
        text
    });
    Ok(Output {
        ir,
        krate,
        warnings,
        files: generated.files,
    })
}

/// Whether `SDKGEN_BLESS` asks to accept new output.
pub fn blessing() -> bool {
    std::env::var(BLESS_VAR).is_ok_and(|v| !v.is_empty() && v != "0")
}

/// A short unified diff of `expected` against `actual`.
pub fn diff(expected: &str, actual: &str) -> String {
    let diff = similar::TextDiff::from_lines(expected, actual);
    let text = diff
        .unified_diff()
        .context_radius(2)
        .header("expected", "actual")
        .to_string();
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() > 60 {
        format!(
            "{}\n... ({} more diff lines)",
            lines[..60].join("\n"),
            lines.len() - 60
        )
    } else {
        text
    }
}
