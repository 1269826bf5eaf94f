//! The local copy of Stripe's document is the upstream file that
//! `spec/stripe.toml` pins: the same git blob id (as `git hash-object`
//! computes it: SHA-1 of `blob <length>\0` and the bytes) and the same
//! SHA-256.

use sha1::Digest;

use super::harness::{config, spec_bytes};

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `git hash-object` of `bytes`.
fn git_blob_id(bytes: &[u8]) -> String {
    let mut hasher = sha1::Sha1::new();
    hasher.update(format!("blob {}\0", bytes.len()).as_bytes());
    hasher.update(bytes);
    hex(&hasher.finalize())
}

#[test]
fn git_blob_ids_are_computed_as_git_does() {
    // `printf 'hello\n' | git hash-object --stdin`
    assert_eq!(
        git_blob_id(b"hello\n"),
        "ce013625030ba8dba906f756967f9e9ca394464a"
    );
}

#[test]
fn the_document_is_the_pinned_upstream_file() {
    let config = config();
    let source = config
        .source
        .as_ref()
        .unwrap_or_else(|| panic!("spec/stripe.toml has no [source]"));
    assert_eq!(
        source.commit.as_deref(),
        Some("63a674638635c68de26b9f3add13e58198f4df44"),
        "the upstream commit of stripe/openapi"
    );
    let bytes = spec_bytes();
    assert_eq!(
        Some(git_blob_id(bytes)),
        source.git_blob,
        "git blob id of the local document"
    );
    assert_eq!(hex(&sha2::Sha256::digest(bytes)), source.sha256);
}
