//! Drift: the checked-in `generated/` crate must be exactly what the spec
//! and its config produce today.

use sdkgen_tests::{payjp_config, workspace_root};

#[test]
fn generated_crate_matches_a_fresh_generation() {
    let root = workspace_root();
    let config = payjp_config();
    let spec_file = config.spec.clone().expect("config names its spec");
    let spec = std::fs::read(root.join("spec").join(spec_file)).expect("spec document");
    let mut generated =
        sdkgen::generate(&spec, &config).unwrap_or_else(|d| panic!("generation failed:\n{d}"));
    assert!(
        generated.warnings.is_empty(),
        "unexpected warnings:\n{}",
        generated.warnings
    );
    sdkgen::output::rustfmt(&mut generated.files).expect("rustfmt");
    let drift = sdkgen::output::compare(&root.join("generated"), &generated.files)
        .expect("read generated/");
    assert!(
        drift.is_empty(),
        "generated/ is stale; run `cargo xtask generate`:\n{}",
        drift.describe()
    );
}

#[test]
fn generation_is_deterministic() {
    let root = workspace_root();
    let config = payjp_config();
    let spec = std::fs::read(root.join("spec/payjp-v2.yaml")).expect("spec");
    let first = sdkgen::generate(&spec, &config).expect("generates").files;
    for _ in 0..3 {
        assert_eq!(
            sdkgen::generate(&spec, &config).expect("generates").files,
            first
        );
    }
}
