//! The generated Stripe crate compiles cleanly: the harness build compiles
//! it with `RUSTFLAGS=-Dwarnings` (so any warning fails every Stripe test),
//! and clippy checks it, with every feature, with `-D warnings`.

use super::harness::{self, harness, Lock, CRATE_DIR};
use sdkgen_tests::scratch;

#[test]
fn crate_passes_clippy_with_warnings_denied() {
    // Writes the crate and builds it (with warnings denied) first.
    let _ = harness();
    let root = harness::root();
    let _lock = Lock::acquire(&root.join(".build-lock")).unwrap_or_else(|e| panic!("{e}"));
    let output = scratch::cargo_command(&root)
        .args([
            "clippy",
            "--offline",
            "-p",
            "stripe-payment-intents",
            "--lib",
            "--all-features",
        ])
        .args(["--", "-D", "warnings"])
        .output()
        .unwrap_or_else(|e| panic!("cannot run cargo clippy: {e}"));
    assert!(
        output.status.success(),
        "clippy -D warnings fails on {}:\n{}",
        root.join(CRATE_DIR).display(),
        String::from_utf8_lossy(&output.stderr)
    );
}
