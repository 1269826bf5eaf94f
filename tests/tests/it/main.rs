//! The integration test suite, compiled as one binary.

mod drift;
mod e2e;
mod golden;
mod spec_facts;
