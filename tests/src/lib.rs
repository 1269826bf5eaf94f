//! Shared helpers for the test suite: where the workspace and the read-only
//! reference material live.

use std::path::{Path, PathBuf};

pub mod api_cases;
pub mod fixtures;
pub mod package;
pub mod payjp_server;
pub mod scratch;

/// The workspace root (the directory holding the top-level `Cargo.toml`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| panic!("tests crate has no parent directory"))
}

/// The PAY.JP SDK's config, `spec/payjp-v2.toml`, as `cargo xtask generate`
/// uses it (naming itself in the generated files' headers).
pub fn payjp_config() -> sdkgen::Config {
    let path = workspace_root().join("spec").join("payjp-v2.toml");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut config = sdkgen::Config::from_toml(&text)
        .unwrap_or_else(|e| panic!("invalid {}: {e}", path.display()));
    config.generated_by = "cargo xtask generate".to_owned();
    config.license_texts =
        sdkgen::sources::license_texts(&config, &path).unwrap_or_else(|e| panic!("{e}"));
    config
}

/// The read-only reference directory `../shared` beside the workspace.
///
/// Panics with an explanation when it is missing: tests that need it must
/// fail loudly, never skip.
pub fn shared_dir() -> PathBuf {
    let dir = match std::env::var_os("SDKGEN_SHARED_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => workspace_root().join("..").join("shared"),
    };
    if !dir.join("specs").is_dir() || !dir.join("reference").is_dir() {
        panic!(
            "the reference material is missing: expected `specs/` and `reference/` under {} \
             (set SDKGEN_SHARED_DIR to point elsewhere); this test needs PAY.JP's and Stripe's \
             documents and cannot run without them",
            dir.display()
        );
    }
    dir
}

/// Path of a file under `../shared`, checked to exist.
pub fn shared_file(relative: &str) -> PathBuf {
    let path = shared_dir().join(relative);
    if !path.is_file() {
        panic!("reference file {} is missing", path.display());
    }
    path
}

/// The README's Rust examples, compiled as doc tests so they cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeExamples;
