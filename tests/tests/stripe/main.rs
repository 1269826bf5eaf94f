//! Stripe PaymentIntents (issue 6), a test binary of its own (it needs
//! `../shared`, Python for the oracle and scratch builds; `cargo xtask test`
//! runs it): the crate sdkgen generates from Stripe's
//! official document (`../shared/specs/stripe/spec3.yaml`) with
//! `spec/stripe.toml`, checked from the outside.
//!
//! The crate is not checked in, so [`harness`] generates it with the
//! `sdkgen` library into the scratch workspace `target/stripe-harness/`,
//! beside a small program built against it (sources in
//! `tests/stripe-harness/`), and builds both once per test run. The tests
//! run that program and check what it prints:
//!
//! - [`form`]: form bodies and query strings, byte for byte against
//!   Stripe's Python library (`stripe==16.1.0`, in a venv the suite makes).
//! - [`fixtures`]: every fixture resource the operations reach round-trips.
//! - [`e2e`]: the 11 operations, errors and pagination against wiremock.
//! - [`expandable`]: `payment_intent.customer` as an id and as objects.
//! - [`compile`]: the crate passes clippy with `-D warnings`.
//! - [`package`]: `cargo package` packs and builds it with its README,
//!   license files and crates.io metadata.
//! - [`secrets`]: no secret of a reached fixture is printed by `Debug` or
//!   an error.
//! - [`source`]: the local document is the pinned upstream file.
//! - [`webhooks`]: `webhooks::construct_event` with signatures made by
//!   Python's `hmac`, good and bad.
//! - [`names`]: the operations under Stripe's names, and the diff reporting
//!   each rename.
//! - [`whole`]: the whole document generates; the include filter keeps
//!   exactly the schemas the operations reach ([`reach`]).

mod compile;
mod e2e;
mod expandable;
mod fixtures;
mod form;
mod harness;
mod names;
mod oracle;
mod package;
mod reach;
mod secrets;
mod source;
mod webhooks;
mod whole;
