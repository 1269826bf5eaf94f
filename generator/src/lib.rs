//! sdkgen: generates a Rust SDK crate from an OpenAPI 3.0 or 3.1 document.
//!
//! The pipeline has four phases, each in its own module: [`load`] (YAML or
//! JSON, 3.1 normalised to the 3.0 model, parsed with `openapiv3`),
//! [`lower`] (to the [`ir`]), [`render`] (to files) and, outside
//! [`generate`], [`output`] (writing or checking a directory).
//!
//! ```
//! let spec = br#"{"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": {}}"#;
//! let config = sdkgen::Config::for_crate("t-client");
//! let generated = sdkgen::generate(spec, &config).expect("a valid document");
//! assert!(generated.files.iter().any(|f| f.path == "src/lib.rs"));
//! ```

pub mod config;
pub mod diag;
pub mod ir;
pub mod load;
pub mod lower;
pub mod naming;
pub mod output;
pub mod render;

pub use config::Config;
pub use diag::{Diagnostic, Diagnostics};
pub use render::File;

/// A generated crate.
#[derive(Debug)]
pub struct Generated {
    /// Every file, sorted by path.
    pub files: Vec<File>,
    /// The lowered API (for tools that inspect it).
    pub api: ir::Api,
    /// Problems that did not stop generation.
    pub warnings: Diagnostics,
}

/// Generates the crate for the document `spec` (YAML or JSON bytes).
///
/// Does no file I/O. On failure every problem found is returned, each with
/// a JSON pointer and, where known, a line of `spec`.
pub fn generate(spec: &[u8], config: &Config) -> Result<Generated, Diagnostics> {
    let loaded = load::load(spec)?;
    let (api, mut warnings) = lower::lower(&loaded.document, config).map_err(|mut diags| {
        diags.locate(&load::line_index(spec));
        diags
    })?;
    if !warnings.is_empty() {
        warnings.locate(&load::line_index(spec));
    }
    let files = render::render(&api, config)?;
    Ok(Generated {
        files,
        api,
        warnings,
    })
}
