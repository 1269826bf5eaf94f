//! Tests held against the read-only reference material in `../shared`
//! (PAY.JP's documented surface and document, the vendor corpus): they fail
//! with a message naming the missing directory when it is absent. Run by
//! `cargo xtask test` (or `cargo test -p sdkgen-tests --test reference`).

mod api;
mod doc_texts;
mod golden;
mod notation;
mod real_documents;
mod spec_facts;
mod wire;
