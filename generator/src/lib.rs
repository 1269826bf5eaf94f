//! sdkgen: generates a Rust SDK crate from an OpenAPI 3.0 or 3.1 document.
//!
//! This file is the pipeline. Its phases each have their own module:
//! [`publish`] (the config's package metadata, as crates.io will check
//! it), [`load`] (YAML or JSON, 3.1 normalised to the 3.0 model, parsed with
//! `openapiv3`), [`lower`] (to the [`ir`]), [`release`] (the public API
//! surface, compared with the previous crate's, and the version) and
//! [`render`] (to files); outside [`generate`], [`output`] writes or
//! checks a directory.
//!
//! ```
//! let spec = br#"{"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": {}}"#;
//! let config = sdkgen::Config::for_crate("t-client");
//! let generated = sdkgen::generate(spec, &config).expect("a valid document");
//! assert!(generated.files.iter().any(|f| f.path == "src/lib.rs"));
//! ```
//!
//! Regenerating over an earlier crate, [`generate_with`] compares the new
//! public API ([`release::surface`]) with the earlier crate's snapshot and
//! reports what changed ([`release::diff`]); the caller reads the earlier
//! files:
//!
//! ```
//! let old = br#"{"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": {"/a": {"get": {"operationId": "GetA", "responses": {"204": {"description": "ok"}}}}}}"#;
//! let new = br#"{"openapi": "3.1.0", "info": {"title": "T", "version": "2"}, "paths": {}}"#;
//! let config = sdkgen::Config::for_crate("t-client");
//! let before = sdkgen::generate(old, &config).expect("a valid document");
//! let previous = sdkgen::release::Previous::from_crate(|path| {
//!     before.files.iter().find(|f| f.path == path).map(|f| f.contents.clone())
//! });
//! let after = sdkgen::generate_with(new, &config, previous.as_ref()).expect("a valid document");
//! let report = after.comparison.report().expect("compared");
//! assert_eq!(report.lines(), ["BREAKING  removed operation get_a (GET /a)"]);
//! ```
//!
//! A document whose `$ref`s name other files is generated with
//! [`generate_with_sources`]: the caller supplies those files (through
//! [`Sources`]; [`FileSources`] reads them beside the document on disk):
//!
//! ```
//! let spec = br#"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {},
//!   "components": {"schemas": {"Owner": {"type": "object", "properties": {
//!     "pet": {"$ref": "pet.yaml"}}}}}}"#;
//! let read = |source: &sdkgen::Source<'_>| match source {
//!     sdkgen::Source::File("pet.yaml") => Ok(b"type: object\nproperties:\n  name: {type: string}\n".to_vec()),
//!     other => Err(format!("no {other}")),
//! };
//! let config = sdkgen::Config::for_crate("t-client");
//! let generated = sdkgen::generate_with_sources(spec, &config, None, &read).expect("a valid document");
//! assert!(generated.api.types.iter().any(|t| t.name == "Pet"));
//! ```

pub mod config;
pub mod diag;
pub mod ir;
pub mod load;
pub mod lower;
pub mod naming;
pub mod output;
pub mod publish;
pub mod release;
pub mod render;
pub(crate) mod shape;
pub mod sources;

pub use config::Config;
pub use diag::{Diagnostic, Diagnostics};
pub use release::diff::Report;
pub use release::surface::Surface;
pub use render::File;
pub use sources::{FileSources, NoSources, Source, Sources};

use release::{Comparison, Previous};

/// A generated crate.
#[derive(Debug)]
pub struct Generated {
    /// Every file, sorted by path.
    pub files: Vec<File>,
    /// The lowered API (for tools that inspect it).
    pub api: ir::Api,
    /// Problems that did not stop generation.
    pub warnings: Diagnostics,
    /// The crate's public API surface (also written as `api-surface.txt`).
    pub surface: Surface,
    /// What changed since the previous crate, when one was given.
    pub comparison: Comparison,
    /// The version written into `Cargo.toml` (bumped when versioning is on).
    pub version: String,
    /// How long each phase took.
    pub timings: Timings,
}

/// Wall time of each phase of a generation.
#[derive(Clone, Copy, Debug, Default)]
pub struct Timings {
    /// Parsing and normalising the document.
    pub load: std::time::Duration,
    /// Lowering to the IR (and its whole-arena passes).
    pub lower: std::time::Duration,
    /// Rendering and printing the files (with the surface comparison).
    pub render: std::time::Duration,
}

impl Generated {
    /// What regenerating over `previous` changes, as `sdkgen generate` and
    /// `cargo xtask generate` print it: the version change (when versioning
    /// bumped it), then the report; empty when there was nothing to compare.
    pub fn changes_text(&self, previous: Option<&Previous>) -> String {
        release::changes_text(&self.version, &self.comparison, previous)
    }
}

/// Generates the crate for the document `spec` (YAML or JSON bytes).
///
/// Does no file I/O. On failure every problem found is returned, each with
/// a JSON pointer and, where known, a line of `spec`.
pub fn generate(spec: &[u8], config: &Config) -> Result<Generated, Diagnostics> {
    generate_with(spec, config, None)
}

/// Generates the crate for `spec` to replace `previous` (see
/// [`Previous::from_crate`]): as [`generate`], plus the comparison of the
/// new public API with the previous crate's and, when the config's
/// `versioning` is `semver`, the version bump and a `CHANGELOG.md` entry.
///
/// Does no file I/O; a `$ref` to another document is unresolved (see
/// [`generate_with_sources`]).
pub fn generate_with(
    spec: &[u8],
    config: &Config,
    previous: Option<&Previous>,
) -> Result<Generated, Diagnostics> {
    generate_with_sources(spec, config, previous, &NoSources)
}

/// As [`generate_with`], reading the other documents `spec`'s `$ref`s name
/// (relative paths, or URLs the config's `[refs.urls]` maps to local
/// copies) through `sources`, which the caller supplies: generation itself
/// does no file I/O and never uses the network.
///
/// A reference that resolves nowhere fails the run (with every other
/// problem found), unless the config's `unresolved_refs` is `json`.
pub fn generate_with_sources(
    spec: &[u8],
    config: &Config,
    previous: Option<&Previous>,
    sources: &dyn Sources,
) -> Result<Generated, Diagnostics> {
    let start = std::time::Instant::now();
    // Package metadata crates.io would refuse fails before the document is read.
    let metadata = publish::check(config);
    if metadata.has_errors() {
        return Err(metadata);
    }
    let loaded = load::load_with(spec, config, sources)?;
    let loaded_at = std::time::Instant::now();
    let locate = |diags: &mut Diagnostics| {
        loaded.refs.locate(diags);
        load::line_index(spec).locate(diags);
    };
    let mut warnings = loaded.diagnostics.clone();
    let api = match lower::lower_with(&loaded.document, &loaded.refs, config) {
        Ok((api, lowered)) => {
            warnings.extend(lowered);
            api
        }
        Err(lowered) => {
            warnings.extend(lowered);
            locate(&mut warnings);
            return Err(warnings);
        }
    };
    if !warnings.is_empty() {
        locate(&mut warnings);
    }
    if warnings.has_errors() {
        return Err(warnings);
    }
    let lowered_at = std::time::Instant::now();
    let release = release::compare(&api, config, previous)?;
    let mut config = std::borrow::Cow::Borrowed(config);
    if release.version != config.krate.version {
        config.to_mut().krate.version = release.version.clone();
    }
    let mut files = render::render(&api, &config)?;
    files.extend(release.files(&api, &config, previous));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let timings = Timings {
        load: loaded_at - start,
        lower: lowered_at - loaded_at,
        render: lowered_at.elapsed(),
    };
    Ok(Generated {
        timings,
        files,
        api,
        warnings,
        surface: release.surface,
        comparison: release.comparison,
        version: release.version,
    })
}
