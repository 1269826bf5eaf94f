//! The integration test suite, compiled as one binary.

mod drift;
mod e2e;
mod faults;
mod golden;
mod lifecycle;
mod misbehaving;
mod prism;
mod runtime;
mod spec_facts;
