//! Scratch builds (a test binary of its own, run by `cargo xtask test`):
//! every fixture case's whole crate is built in one scratch workspace with
//! `-D warnings` (clippy, rustdoc, doc tests) and the behaviour tests of the
//! cases that have a `behaviour.rs` run there (see
//! [`sdkgen_tests::scratch`]). The checked-in PAY.JP crate is packaged
//! and dry-run published from the workspace root, as its publisher would
//! (see [`sdkgen_tests::package`]).

use sdkgen_tests::fixtures::{cases, generate, BEHAVIOUR_DEV_DEPENDENCIES};
use sdkgen_tests::package::{self, Check};
use sdkgen_tests::scratch::{self, ScratchCrate};
use sdkgen_tests::{payjp_config, workspace_root};

/// `cargo package -p payjp-v2` and `cargo publish --dry-run -p payjp-v2`
/// from the workspace root (`generated/` is a member): the package holds
/// the README, the license files and every generated file, builds on its
/// own with warnings denied, and its manifest has the metadata crates.io
/// shows. The dry run reads the crates.io index.
#[test]
fn payjp_crate_packages_and_passes_a_publish_dry_run() {
    let config = payjp_config();
    let spec = std::fs::read(workspace_root().join("spec/payjp-v2.yaml"))
        .unwrap_or_else(|e| panic!("cannot read spec/payjp-v2.yaml: {e}"));
    let generated = sdkgen::generate(&spec, &config)
        .unwrap_or_else(|diags| panic!("spec/payjp-v2.yaml does not generate:\n{diags}"));
    let packaged = package::package(
        &workspace_root(),
        &config.krate.name,
        &generated.version,
        Check::PublishDryRun,
    )
    .unwrap_or_else(|report| panic!("{report}"));
    package::assert_publishable(&packaged, &generated.files, &config);
}

#[test]
fn fixture_crates_compile_without_warnings() {
    let mut crates = Vec::new();
    let mut failures = Vec::new();
    for case in cases() {
        match generate(&case) {
            Ok(mut output) => {
                // A case may check what its types do at run time.
                let behaviour = case.dir.join("behaviour.rs");
                if let Ok(contents) = std::fs::read_to_string(&behaviour) {
                    output.files.push(sdkgen::File {
                        path: scratch::BEHAVIOUR_TEST.to_owned(),
                        contents,
                    });
                    if let Some(manifest) = output.files.iter_mut().find(|f| f.path == "Cargo.toml")
                    {
                        manifest.contents.push_str(BEHAVIOUR_DEV_DEPENDENCIES);
                    }
                }
                crates.push(ScratchCrate {
                    dir: case.name.clone(),
                    files: output.files,
                });
            }
            Err(problem) => failures.push(problem),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    if let Err(report) = scratch::check_crates("fixture-crates", &crates) {
        panic!("generated fixture crates do not build cleanly:\n{report}");
    }
}

/// Each operation's optional arguments are on a rustdoc page of its own:
/// the page of its `XRequest` alias of `Request<X, M>` lists the impls that
/// apply to it (its setters and what every request has), not every other
/// operation's setters. Read from the `type.impl` data `cargo doc` writes
/// for `payjp-v2`.
#[test]
fn rustdoc_lists_each_operations_setters_on_its_own_page() {
    let root = sdkgen_tests::workspace_root();
    let status =
        std::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args(["doc", "--no-deps", "-p", "payjp-v2"])
            .current_dir(&root)
            .status()
            .expect("cargo doc runs");
    assert!(status.success(), "cargo doc -p payjp-v2 failed");
    let path = root.join("target/doc/type.impl/payjp_v2/struct.Request.js");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let start = text.find("Object.fromEntries(").expect("the impls") + "Object.fromEntries(".len();
    let mut stream =
        serde_json::Deserializer::from_str(&text[start..]).into_iter::<serde_json::Value>();
    let data = stream.next().expect("a JSON array").expect("valid JSON");
    // Methods on each alias's page.
    let mut pages: std::collections::BTreeMap<String, std::collections::BTreeSet<String>> =
        Default::default();
    for entry in data[0][1].as_array().expect("the crate's impls") {
        let html = entry[0].as_str().unwrap_or_default();
        let methods: Vec<String> = html
            .split("id=\"method.")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .map(str::to_owned)
            .collect();
        for alias in entry.as_array().into_iter().flatten().skip(2) {
            let alias = alias.as_str().unwrap_or_default();
            let name = alias.rsplit("::").next().unwrap_or(alias).to_owned();
            pages
                .entry(name)
                .or_default()
                .extend(methods.iter().cloned());
        }
    }
    let page = |name: &str| {
        pages
            .get(name)
            .unwrap_or_else(|| panic!("no page for {name}: {pages:?}"))
    };
    assert_eq!(pages.len(), 8, "one page per operation: {:?}", pages.keys());
    let list = page("GetAllPaymentIntentRequest");
    for method in [
        "limit",
        "offset",
        "into_stream",
        "timeout",
        "idempotency_key",
    ] {
        assert!(
            list.contains(method),
            "GetAllPaymentIntentRequest lacks {method}"
        );
    }
    assert!(
        !list.contains("body"),
        "another operation's setter on the list page"
    );
    let cancel = page("CancelPaymentIntentRequest");
    assert!(
        cancel.contains("body") && !cancel.contains("limit"),
        "{cancel:?}"
    );
}
