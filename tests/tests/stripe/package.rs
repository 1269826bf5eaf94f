//! The generated Stripe crate is ready to publish: `cargo package` in the
//! scratch workspace packs it with its README and license files and builds
//! the packaged crate on its own with warnings denied, and the packaged
//! manifest has the metadata `spec/stripe.toml` sets (see
//! [`sdkgen_tests::package`]).

use super::harness::{self, harness, Lock};
use sdkgen_tests::package::{self, Check};

#[test]
fn crate_packages_with_its_readme_licenses_and_metadata() {
    // Writes the crate and builds its dependencies first.
    let _ = harness();
    let root = harness::root();
    let _lock = Lock::acquire(&root.join(".build-lock")).unwrap_or_else(|e| panic!("{e}"));
    let generated = harness::generated();
    let config = harness::config();
    let packaged = package::package(
        &root,
        &config.krate.name,
        &generated.version,
        Check::Package,
    )
    .unwrap_or_else(|report| panic!("{report}"));
    package::assert_publishable(&packaged, &generated.files, &config);
    let readme = packaged.read("README.md");
    let source = config
        .source
        .as_ref()
        .unwrap_or_else(|| panic!("spec/stripe.toml has no [source]"));
    for fact in [
        source
            .commit
            .as_deref()
            .unwrap_or_else(|| panic!("no commit")),
        &source.sha256,
        &source.repository,
    ] {
        assert!(
            readme.contains(fact),
            "the README does not name {fact}:\n{readme}"
        );
    }
    assert!(
        readme.contains("client.payment_intents()"),
        "the README's first call is not a PaymentIntents call:\n{readme}"
    );
}
