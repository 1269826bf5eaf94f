//! Arbitrary bytes as a document: `sdkgen::generate` must return (a crate or
//! diagnostics) without panicking, hanging or running out of memory, and a
//! failure must never be an internal error.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    sdkgen_fuzz_check(data);
});

fn sdkgen_fuzz_check(data: &[u8]) {
    let config = sdkgen::Config::for_crate("fuzzed");
    if let Err(diags) = sdkgen::generate(data, &config) {
        for diag in diags.iter() {
            assert!(
                !diag.message.starts_with("internal error"),
                "{diag}\n--- document ---\n{}",
                String::from_utf8_lossy(data)
            );
        }
    }
}
