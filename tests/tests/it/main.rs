//! The integration test suite, compiled as one binary.

mod spec_facts;
