//! The integration test suite, compiled as one binary.

mod api_diff;
mod bad_input;
mod drift;
mod e2e;
mod faults;
mod fixtures;
mod golden;
mod lifecycle;
mod misbehaving;
mod prism;
mod real_documents;
mod runtime;
mod scratch;
mod spec_facts;
mod stripe;
