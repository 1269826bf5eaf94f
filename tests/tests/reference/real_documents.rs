//! Real documents nobody here wrote: PAY.JP's whole v2 API document
//! generates into a crate that builds without warnings, passes clippy with
//! `-D warnings`, documents cleanly and whose doc examples compile (output
//! under `target/real-documents/`, not checked in); Stripe's document (819
//! schemas, 468 operations) generates.

use std::collections::BTreeSet;

use sdkgen_tests::shared_file;

use sdkgen_tests::scratch::{self, ScratchCrate};

/// PAY.JP's document: its paths, operations and schemas.
const PAYJP_PATHS: usize = 27;
const PAYJP_OPERATIONS: usize = 47;
const PAYJP_SCHEMAS: usize = 83;

/// Whether a type is a component schema itself (not one defined inside one).
fn is_component(origin: &str) -> bool {
    origin
        .strip_prefix("/components/schemas/")
        .is_some_and(|name| !name.contains('/'))
}

fn generate(relative: &str, name: &str) -> sdkgen::Generated {
    let spec = std::fs::read(shared_file(relative)).expect("reference document");
    sdkgen::generate(&spec, &sdkgen::Config::for_crate(name))
        .unwrap_or_else(|diags| panic!("{relative} does not generate:\n{diags}"))
}

#[test]
fn payjp_whole_document_builds_cleanly() {
    let mut generated = generate("specs/payjp-v2/openapi.json", "payjp-v2-full");
    assert!(
        generated.warnings.is_empty(),
        "unexpected warnings:\n{}",
        generated.warnings
    );
    let api = &generated.api;
    assert_eq!(api.operations.len(), PAYJP_OPERATIONS);
    let paths: BTreeSet<&str> = api.operations.iter().map(|op| op.path.as_str()).collect();
    assert_eq!(paths.len(), PAYJP_PATHS);
    let components = api.types.iter().filter(|t| is_component(&t.origin)).count();
    assert_eq!(components, PAYJP_SCHEMAS, "one type per component schema");
    let methods: BTreeSet<&str> = api
        .operations
        .iter()
        .map(|op| op.method_name.as_str())
        .collect();
    assert_eq!(
        methods.len(),
        PAYJP_OPERATIONS,
        "every operation has its own method"
    );
    for expected in [
        "create_payment_intent",
        "retrieve_payment_intent",
        "get_all_payment_intent",
        "create_customer",
        "create_checkout_session",
        "create_refund",
    ] {
        assert!(methods.contains(expected), "no method `{expected}`");
    }
    sdkgen::output::rustfmt(&mut generated.files).expect("rustfmt");
    let krate = ScratchCrate {
        dir: "payjp-v2-full".to_owned(),
        files: generated.files,
    };
    if let Err(report) = scratch::check_crates("real-documents", &[krate]) {
        panic!(
            "the crate generated from PAY.JP's whole document does not build cleanly:\n{report}"
        );
    }
}

#[test]
fn stripe_whole_document_generates() {
    let generated = generate("specs/stripe/spec3.yaml", "stripe");
    let api = &generated.api;
    assert_eq!(api.operations.len(), 468);
    let components = api.types.iter().filter(|t| is_component(&t.origin)).count();
    assert_eq!(components, 819);
    let warnings: Vec<String> = generated
        .warnings
        .iter()
        .map(|w| format!("{} {}", w.pointer, w.message))
        .collect();
    assert!(warnings.is_empty(), "{warnings:#?}");
    let paths: Vec<&str> = generated.files.iter().map(|f| f.path.as_str()).collect();
    assert!(paths.contains(&"src/models/payment_intent.rs"), "{paths:?}");
}
