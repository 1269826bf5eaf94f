//! The hand-written runtime in `templates/`, embedded at build time and
//! emitted into every generated crate after a syntax check.

use crate::diag::Diagnostics;

/// Runtime files: path in the generated crate and source text.
const TEMPLATES: &[(&str, &str)] = &[
    (
        "src/blocking.rs",
        include_str!("../../../templates/src/blocking.rs"),
    ),
    (
        "src/client.rs",
        include_str!("../../../templates/src/client.rs"),
    ),
    (
        "src/encoding.rs",
        include_str!("../../../templates/src/encoding.rs"),
    ),
    (
        "src/fields.rs",
        include_str!("../../../templates/src/fields.rs"),
    ),
    (
        "src/error.rs",
        include_str!("../../../templates/src/error.rs"),
    ),
    (
        "src/shapes.rs",
        include_str!("../../../templates/src/shapes.rs"),
    ),
    (
        "src/request.rs",
        include_str!("../../../templates/src/request.rs"),
    ),
];

/// The runtime files with the generated-file header, or a diagnostic per
/// template that is not valid Rust.
pub fn files() -> Result<Vec<super::File>, Diagnostics> {
    let mut diags = Diagnostics::new();
    let mut out = Vec::new();
    for (path, text) in TEMPLATES {
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
