//! The hand-written runtime in `templates/` (the workspace crate
//! `sdkgen-runtime`, where it is formatted, linted and tested), embedded at
//! build time and emitted into generated crates after a syntax check,
//! without its unit tests. The crate's `lib.rs` is a stub of what generated
//! crates define and is never emitted.

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
        "src/expandable.rs",
        include_str!("../../../templates/src/expandable.rs"),
        Feature::Expandable,
    ),
    (
        "src/fields.rs",
        include_str!("../../../templates/src/fields.rs"),
        Feature::Always,
    ),
    (
        "src/form.rs",
        include_str!("../../../templates/src/form.rs"),
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
        "src/nullable.rs",
        include_str!("../../../templates/src/nullable.rs"),
        Feature::Nullable,
    ),
    (
        "src/or_empty.rs",
        include_str!("../../../templates/src/or_empty.rs"),
        Feature::OrEmpty,
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
    (
        "src/webhooks.rs",
        include_str!("../../../templates/src/webhooks.rs"),
        Feature::Webhooks,
    ),
];

/// Which crates get a runtime file.
#[derive(Clone, Copy)]
enum Feature {
    /// Every crate.
    Always,
    /// Crates with expandable fields.
    Expandable,
    /// Crates with values that may be the empty string.
    OrEmpty,
    /// Crates with three-state request fields.
    Nullable,
    /// Crates with binary or multipart request bodies.
    Upload,
    /// Crates with multipart request bodies.
    Multipart,
    /// Crates with operations answering with files.
    Download,
    /// Crates whose config has `[webhooks]`.
    Webhooks,
}

/// The optional parts of the runtime a crate needs (so a crate without
/// uploads compiles no upload code and needs no extra `reqwest` features).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Runtime {
    /// `expandable.rs` (`Expandable`, `HasId`): expandable fields.
    pub expandable: bool,
    /// `or_empty.rs` (`OrEmpty`): values that may be the empty string.
    pub or_empty: bool,
    /// `nullable.rs` (`Nullable`): three-state request fields.
    pub nullable: bool,
    /// `upload.rs` (`Upload`): binary or multipart request bodies.
    pub upload: bool,
    /// `multipart.rs` (`Multipart`): multipart request bodies.
    pub multipart: bool,
    /// `download.rs` (`Download`, `DownloadStream`): file responses.
    pub download: bool,
    /// `webhooks.rs` (`webhooks::construct_event`): `[webhooks]` in the config.
    pub webhooks: bool,
}

impl Runtime {
    fn wants(self, feature: Feature) -> bool {
        match feature {
            Feature::Always => true,
            Feature::Expandable => self.expandable,
            Feature::OrEmpty => self.or_empty,
            Feature::Nullable => self.nullable,
            Feature::Upload => self.upload,
            Feature::Multipart => self.multipart,
            Feature::Download => self.download,
            Feature::Webhooks => self.webhooks,
        }
    }
}

/// The runtime files `runtime` asks for with the generated-file header and
/// without their `#[cfg(test)]` items, or a diagnostic per template that is
/// not valid Rust.
pub fn files(runtime: Runtime, header: &str) -> Result<Vec<super::File>, Diagnostics> {
    let mut diags = Diagnostics::new();
    let mut out = Vec::new();
    for (path, text, feature) in TEMPLATES {
        if !runtime.wants(*feature) {
            continue;
        }
        match emitted(text, header) {
            Ok(contents) => out.push(super::File {
                path: (*path).to_owned(),
                contents,
            }),
            Err(problem) => diags.error("", format!("template templates/{path} {problem}")),
        }
    }
    diags.into_result(out)
}

/// What a generated crate gets of the template `text`: the header, then the
/// text without its `#[cfg(test)]` items.
fn emitted(text: &str, header: &str) -> Result<String, String> {
    let file = syn::parse_file(text).map_err(|err| {
        let start = err.span().start();
        format!("is not valid Rust (line {}): {err}", start.line)
    })?;
    if !text.starts_with("//! ") {
        return Err("must start with a `//!` line saying what it is".to_owned());
    }
    let text = without_tests(text, &file)?;
    if text.contains("cfg(test)") {
        return Err(
            "has a `#[cfg(test)]` item inside another item (only top-level ones are left out)"
                .to_owned(),
        );
    }
    Ok(format!("{header}\n{text}"))
}

/// `text` (parsed as `file`) without its top-level `#[cfg(test)]` items and
/// the blank lines before each; every other line stays as written. An item
/// must have its lines to itself.
fn without_tests(text: &str, file: &syn::File) -> Result<String, String> {
    use syn::spanned::Spanned;
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut dropped = vec![false; lines.len()];
    for item in file.items.iter().filter(|item| is_test_only(item)) {
        let (start, end) = (item.span().start(), item.span().end());
        let whole = |line: usize| lines.get(line.wrapping_sub(1)).copied().unwrap_or_default();
        let before: String = whole(start.line).chars().take(start.column).collect();
        let after: String = whole(end.line).chars().skip(end.column).collect();
        if !before.trim().is_empty() || !after.trim().is_empty() {
            return Err(format!(
                "has a `#[cfg(test)]` item sharing line {} or {} with other code",
                start.line, end.line
            ));
        }
        let mut first = start.line - 1;
        while first > 0 && lines[first - 1].trim().is_empty() {
            first -= 1;
        }
        dropped[first..end.line].iter_mut().for_each(|d| *d = true);
    }
    Ok(lines
        .iter()
        .zip(&dropped)
        .filter(|(_, dropped)| !**dropped)
        .map(|(line, _)| *line)
        .collect())
}

/// Whether the item is compiled only for tests (`#[cfg(test)]`).
fn is_test_only(item: &syn::Item) -> bool {
    let attrs: &[syn::Attribute] = match item {
        syn::Item::Const(i) => &i.attrs,
        syn::Item::Enum(i) => &i.attrs,
        syn::Item::Fn(i) => &i.attrs,
        syn::Item::Impl(i) => &i.attrs,
        syn::Item::Macro(i) => &i.attrs,
        syn::Item::Mod(i) => &i.attrs,
        syn::Item::Static(i) => &i.attrs,
        syn::Item::Struct(i) => &i.attrs,
        syn::Item::Trait(i) => &i.attrs,
        syn::Item::Type(i) => &i.attrs,
        syn::Item::Use(i) => &i.attrs,
        _ => &[],
    };
    attrs.iter().any(|attr| {
        matches!(&attr.meta, syn::Meta::List(list)
            if list.path.is_ident("cfg") && list.tokens.to_string() == "test")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "//! Generated by a test; do not edit.";

    const EVERYTHING: Runtime = Runtime {
        expandable: true,
        or_empty: true,
        nullable: true,
        upload: true,
        multipart: true,
        download: true,
        webhooks: true,
    };

    #[test]
    fn emitted_runtime_files_have_no_tests() {
        let files = files(EVERYTHING, HEADER).expect("templates are valid");
        assert_eq!(files.len(), TEMPLATES.len());
        for file in &files {
            assert!(!file.contents.contains("#[cfg(test)]"), "{}", file.path);
            assert!(!file.contents.contains("mod tests"), "{}", file.path);
            assert!(
                file.contents.starts_with(&format!("{}\n//! ", HEADER)),
                "{}",
                file.path
            );
            syn::parse_file(&file.contents).expect("still valid Rust");
        }
    }

    #[test]
    fn the_stub_lib_rs_is_never_emitted() {
        let files = files(EVERYTHING, HEADER).expect("templates are valid");
        assert!(files.iter().all(|f| f.path != "src/lib.rs"));
        let stub = include_str!("../../../templates/src/lib.rs");
        assert!(files.iter().all(|f| !f.contents.contains(stub)));
    }

    #[test]
    fn everything_but_the_tests_stays_as_written() {
        for (path, text, _) in TEMPLATES {
            let emitted = emitted(text, HEADER).expect("valid template");
            let rest = emitted
                .strip_prefix(HEADER)
                .and_then(|t| t.strip_prefix('\n'));
            let rest = rest.expect("header first");
            match text.find("\n\n#[cfg(test)]\n") {
                Some(cut) => assert_eq!(rest, &text[..=cut], "{path}"),
                None => assert_eq!(rest, *text, "{path}"),
            }
        }
    }

    #[test]
    fn test_items_are_cut_with_the_blank_lines_before_them() {
        let text = "//! A.\n\nfn a() {}\n\n\n#[cfg(test)]\n/// Doc.\nmod tests {\n    #[test]\n    fn t() {}\n}\n\n// Kept.\nfn b() {\n    // inside\n}\n\n#[cfg(test)]\nfn helper() {}\n";
        let file = syn::parse_file(text).expect("parses");
        assert_eq!(
            without_tests(text, &file).expect("cut"),
            "//! A.\n\nfn a() {}\n\n// Kept.\nfn b() {\n    // inside\n}\n"
        );
        let nested = "//! A.\nmod m {\n    #[cfg(test)]\n    fn t() {}\n}\n";
        assert!(emitted(nested, HEADER).is_err());
        let shared = "//! A.\nfn a() {} #[cfg(test)] fn t() {}\n";
        let file = syn::parse_file(shared).expect("parses");
        assert!(without_tests(shared, &file).is_err());
        assert!(emitted("//! A.\nfn broken(", HEADER).is_err());
    }
}
