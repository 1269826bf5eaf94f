//! Scratch builds (a test binary of its own, run by `cargo xtask test`):
//! every fixture case's whole crate is built in one scratch workspace with
//! `-D warnings` (clippy, rustdoc, doc tests) and the behaviour tests of the
//! cases that have a `behaviour.rs` run there (see
//! [`sdkgen_tests::scratch`]).

use sdkgen_tests::fixtures::{cases, generate, BEHAVIOUR_DEV_DEPENDENCIES};
use sdkgen_tests::scratch::{self, ScratchCrate};

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
