//! The self-contained test tier, compiled as one binary: it needs nothing
//! beyond the workspace (no `../shared`, no Node.js, no Python, no scratch
//! builds), so plain `cargo test` runs it on a fresh clone. The other tiers
//! are their own test binaries, which `cargo xtask test` runs: `builds`,
//! `reference`, `stripe` and `conformance` (see this crate's Cargo.toml).

mod api_diff;
mod bad_input;
mod drift;
mod e2e;
mod faults;
mod fixtures;
mod lifecycle;
mod misbehaving;
mod runtime;
