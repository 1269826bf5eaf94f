//! The API diff's verdicts held to cargo-semver-checks, the tool Rust users
//! trust for semver: for every pair of documents in
//! [`sdkgen_tests::api_cases`] (a removed field, a new required argument, a
//! new enum value, a new optional field, a changed type, ...), the crates
//! sdkgen generates from the two are compared by cargo-semver-checks
//! (pinned, installed by `cargo xtask test` under `target/tools/`), and
//! sdkgen's verdict (breaking or not) must be the same, except where
//! [`STRICTER`] says why sdkgen calls breaking what the tool lets pass.
//!
//! Each crate's rustdoc JSON is made once per distinct document (stable
//! rustdoc with `RUSTC_BOOTSTRAP=1 -Z unstable-options --output-format
//! json`) in the scratch workspace `target/semver-oracle/`, and the tool
//! compares the two files.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use sdkgen::Config;
use sdkgen_tests::api_cases::{cases, edit};
use sdkgen_tests::scratch::{self, ScratchCrate};
use sdkgen_tests::workspace_root;

/// The cargo-semver-checks release `cargo xtask test` installs.
const TOOL_VERSION: &str = "0.51.0";

/// Cases sdkgen calls breaking and cargo-semver-checks does not, with the
/// reason sdkgen is right to be stricter. Most are changed types, which
/// cargo-semver-checks 0.51 has no lints for (its lints see items, arity
/// and attributes, not the types in signatures and fields); each one stops
/// code using the crate from compiling, or makes it mean something else.
const STRICTER: &[(&str, &str)] = &[
    (
        "parameter type changed",
        "the setter `.limit(i64)` now takes a `String`: callers passing an integer stop compiling",
    ),
    (
        "required arguments reordered",
        "two `String` arguments of `get_item` swap places: old calls still compile and send \
         each value as the other parameter, which no type-level lint can see",
    ),
    (
        "return type changed",
        "`get_item` now returns `ItemList`: code reading the returned `Item` stops compiling",
    ),
    (
        "error body changed",
        "the alias `ErrorBody` now names `Problem` instead of `serde_json::Value`: code \
         reading error bodies as JSON stops compiling",
    ),
    (
        "field type changed",
        "`Item.note` changes from `Option<String>` to `Option<i64>`",
    ),
    (
        "optional response field made required",
        "`Item.note` changes from `Option<String>` to `String`",
    ),
    (
        "required response field made nullable",
        "`Item.name` changes from `String` to `Option<String>`",
    ),
    (
        "second adjacent string argument of new",
        "`ItemCreate::new(name)` becomes `new(ItemCreateRequired { name, label })`: one \
         argument either way, of another type, so old calls stop compiling",
    ),
    (
        "optional request field made nullable",
        "`ItemCreate.color` changes from `Option<Color>` to `Nullable<Color>`",
    ),
    (
        "constructor arguments reordered",
        "`ItemCreate::new(name, quantity)` becomes `new(quantity, name)`: old calls pass a \
         string where an integer goes and stop compiling",
    ),
    (
        "struct loses Default",
        "`Stats` no longer derives `Default` (its `views` field became required), so \
         `Stats::default()` stops compiling; the tool does not report the removed derive \
         on this `#[non_exhaustive]` struct",
    ),
];

/// The installed tool, or a panic saying how to install it.
fn tool() -> PathBuf {
    let path = workspace_root().join("target/tools/bin/cargo-semver-checks");
    if !path.is_file() {
        panic!(
            "cargo-semver-checks is missing at {}: `cargo xtask test` installs it, or run \
             `cargo install --locked --version {TOOL_VERSION} --root target/tools \
             cargo-semver-checks`; this test compares sdkgen's API diff with it and cannot \
             run without it",
            path.display()
        );
    }
    let output = Command::new(&path)
        .args(["semver-checks", "--version"])
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", path.display()));
    let version = String::from_utf8_lossy(&output.stdout);
    assert!(
        version.contains(TOOL_VERSION),
        "{} is not version {TOOL_VERSION}: {version}",
        path.display()
    );
    path
}

/// Generates `spec` as the crate `shop` and returns its rustdoc JSON, saved
/// as `json_dir/<n>.json`.
fn rustdoc_json(spec: &str, n: usize, json_dir: &Path) -> PathBuf {
    let generated = sdkgen::generate(spec.as_bytes(), &Config::for_crate("shop"))
        .unwrap_or_else(|d| panic!("generation failed:\n{d}\n{spec}"));
    let root = workspace_root().join("target/semver-oracle");
    let krate = ScratchCrate {
        dir: "shop".to_owned(),
        files: generated.files,
    };
    scratch::write_workspace(&root, &[krate]).unwrap_or_else(|e| panic!("{e}"));
    let target = root.join("target");
    let output = scratch::cargo_command(&root)
        .args(["doc", "--offline", "--no-deps", "-p", "shop"])
        .env("CARGO_TARGET_DIR", &target)
        .env("RUSTC_BOOTSTRAP", "1")
        .env("RUSTDOCFLAGS", "-Z unstable-options --output-format json")
        .output()
        .unwrap_or_else(|e| panic!("cannot run cargo doc: {e}"));
    assert!(
        output.status.success(),
        "rustdoc JSON of\n{spec}\nfailed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let saved = json_dir.join(format!("{n}.json"));
    std::fs::copy(target.join("doc/shop.json"), &saved)
        .unwrap_or_else(|e| panic!("cannot copy the rustdoc JSON: {e}"));
    saved
}

/// Whether cargo-semver-checks finds a change that needs a major version
/// (checked as a minor release: a major-level lint fails it): its
/// verdict and its report.
fn semver_checks(tool: &Path, old: &Path, new: &Path) -> (bool, String) {
    let output = Command::new(tool)
        .args(["semver-checks", "check-release", "--release-type", "minor"])
        .arg("--baseline-rustdoc")
        .arg(old)
        .arg("--current-rustdoc")
        .arg(new)
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .unwrap_or_else(|e| panic!("cannot run cargo-semver-checks: {e}"));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (!output.status.success(), text)
}

#[test]
fn breaking_verdicts_agree_with_cargo_semver_checks() {
    let tool = tool();
    // Under the scratch target directory, which rewriting the workspace keeps.
    let json_dir = workspace_root().join("target/semver-oracle/target/rustdoc-json");
    std::fs::create_dir_all(&json_dir).unwrap_or_else(|e| panic!("{e}"));
    let mut docs: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut json = |spec: String| -> PathBuf {
        let n = docs.len();
        docs.entry(spec.clone())
            .or_insert_with(|| rustdoc_json(&spec, n, &json_dir))
            .clone()
    };
    let mut disagreements = Vec::new();
    let cases = cases();
    for case in &cases {
        let (old, new) = (json(edit(&case.old)), json(edit(&case.new)));
        let ours = case.expect.iter().any(|line| line.starts_with("BREAKING"));
        let (theirs, report) = semver_checks(&tool, &old, &new);
        let stricter = STRICTER.iter().find(|(name, _)| *name == case.name);
        let agreed = match stricter {
            Some(_) => ours && !theirs,
            None => ours == theirs,
        };
        if !agreed {
            disagreements.push(format!(
                "{}: sdkgen says {}, cargo-semver-checks says {}{}\n{report}",
                case.name,
                verdict(ours),
                verdict(theirs),
                stricter.map_or(String::new(), |(_, why)| format!(
                    " (listed as stricter: {why})"
                )),
            ));
        }
    }
    for (name, _) in STRICTER {
        assert!(
            cases.iter().any(|c| c.name == *name),
            "STRICTER names no case: {name}"
        );
    }
    assert!(
        disagreements.is_empty(),
        "{} of {} cases disagree:\n\n{}",
        disagreements.len(),
        cases.len(),
        disagreements.join("\n\n")
    );
}

fn verdict(breaking: bool) -> &'static str {
    if breaking {
        "breaking"
    } else {
        "not breaking"
    }
}
