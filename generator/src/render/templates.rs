//! The hand-written runtime in `templates/`, embedded at build time and
//! emitted into every generated crate after a syntax check.

use crate::diag::Diagnostics;

/// Runtime files: path in the generated crate, source text, and which
/// crates get it.
const TEMPLATES: &[(&str, &str, Feature)] = &[
    (
        "src/blocking.rs",
        include_str!("../../../templates/src/blocking.rs"),
        Feature::Always,
    ),
    (
        "src/client.rs",
        include_str!("../../../templates/src/client.rs"),
        Feature::Always,
    ),
    (
        "src/download.rs",
        include_str!("../../../templates/src/download.rs"),
        Feature::Download,
    ),
    (
        "src/encoding.rs",
        include_str!("../../../templates/src/encoding.rs"),
        Feature::Always,
    ),
    (
        "src/fields.rs",
        include_str!("../../../templates/src/fields.rs"),
        Feature::Always,
    ),
    (
        "src/error.rs",
        include_str!("../../../templates/src/error.rs"),
        Feature::Always,
    ),
    (
        "src/multipart.rs",
        include_str!("../../../templates/src/multipart.rs"),
        Feature::Multipart,
    ),
    (
        "src/shapes.rs",
        include_str!("../../../templates/src/shapes.rs"),
        Feature::Always,
    ),
    (
        "src/request.rs",
        include_str!("../../../templates/src/request.rs"),
        Feature::Always,
    ),
    (
        "src/upload.rs",
        include_str!("../../../templates/src/upload.rs"),
        Feature::Upload,
    ),
];

/// Which crates get a runtime file.
#[derive(Clone, Copy)]
enum Feature {
    /// Every crate.
    Always,
    /// Crates with binary or multipart request bodies.
    Upload,
    /// Crates with multipart request bodies.
    Multipart,
    /// Crates with operations answering with files.
    Download,
}

/// The optional parts of the runtime a crate needs (so a crate without
/// uploads compiles no upload code and needs no extra `reqwest` features).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Runtime {
    /// `upload.rs` (`Upload`): binary or multipart request bodies.
    pub upload: bool,
    /// `multipart.rs` (`Multipart`): multipart request bodies.
    pub multipart: bool,
    /// `download.rs` (`Download`, `DownloadStream`): file responses.
    pub download: bool,
}

impl Runtime {
    fn wants(self, feature: Feature) -> bool {
        match feature {
            Feature::Always => true,
            Feature::Upload => self.upload,
            Feature::Multipart => self.multipart,
            Feature::Download => self.download,
        }
    }
}

/// The runtime files `runtime` asks for with the generated-file header, or
/// a diagnostic per template that is not valid Rust.
pub fn files(runtime: Runtime) -> Result<Vec<super::File>, Diagnostics> {
    let mut diags = Diagnostics::new();
    let mut out = Vec::new();
    for (path, text, feature) in TEMPLATES {
        if !runtime.wants(*feature) {
            continue;
        }
        if let Err(err) = syn::parse_file(text) {
            let start = err.span().start();
            diags.error(
                "",
                format!(
                    "template templates/{path} is not valid Rust (line {}): {err}",
                    start.line
                ),
            );
            continue;
        }
        if !text.starts_with("//! ") {
            diags.error(
                "",
                format!("template templates/{path} must start with a `//!` line saying what it is"),
            );
            continue;
        }
        out.push(super::File {
            path: (*path).to_owned(),
            contents: format!("{}\n{text}", super::HEADER),
        });
    }
    diags.into_result(out)
}
