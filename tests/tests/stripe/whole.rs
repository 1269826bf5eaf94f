//! Generation facts checked against the raw document: Stripe's whole
//! document (every operation, no include filter) generates with Stripe's
//! config, and that crate passes clippy with `-D warnings` (in the scratch
//! workspace `target/stripe-all/`; about two minutes on two cores); the
//! include filter of `spec/stripe.toml` keeps exactly the 11 PaymentIntents
//! operations and the component schemas they reach.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use sdkgen_tests::workspace_root;

use super::harness::{config, generated, spec_bytes, write_crate, write_workspace, Lock};
use super::reach;
use sdkgen_tests::scratch;

/// The package name of the crate of the whole document.
const WHOLE_CRATE: &str = "stripe-all-operations";

/// Operations in Stripe's document.
const ALL_OPERATIONS: usize = 468;
/// Component schemas in Stripe's document.
const ALL_SCHEMAS: usize = 819;
/// Component schemas the PaymentIntents operations reach.
const REACHED_SCHEMAS: usize = 513;

/// `METHOD path` of every generated operation.
fn operations(api: &sdkgen::ir::Api) -> BTreeSet<String> {
    api.operations
        .iter()
        .map(|op| format!("{} {}", op.method.as_str(), op.path))
        .collect()
}

/// The component schemas that became types (not the types defined inside
/// them).
fn components(api: &sdkgen::ir::Api) -> BTreeSet<String> {
    api.types
        .iter()
        .filter_map(|t| t.origin.strip_prefix("/components/schemas/"))
        .filter(|name| !name.contains('/'))
        .map(str::to_owned)
        .collect()
}

/// Stripe's whole document generated with Stripe's config, once per run.
fn whole() -> &'static sdkgen::Generated {
    static WHOLE: OnceLock<sdkgen::Generated> = OnceLock::new();
    WHOLE.get_or_init(|| {
        let mut config = config();
        config.include = None;
        config.krate.name = WHOLE_CRATE.to_owned();
        // One cargo feature per resource group.
        config.operations.features = true;
        sdkgen::generate(spec_bytes(), &config)
            .unwrap_or_else(|diags| panic!("Stripe's whole document does not generate:\n{diags}"))
    })
}

#[test]
fn whole_document_generates_with_stripes_config() {
    let generated = whole();
    let api = &generated.api;
    let expected = reach::operations(|_| true);
    assert_eq!(expected.len(), ALL_OPERATIONS);
    assert_eq!(
        operations(api),
        expected,
        "one operation per operation of the document"
    );
    let methods: BTreeSet<String> = api
        .operations
        .iter()
        .map(|op| api.qualified_name(op))
        .collect();
    assert_eq!(
        methods.len(),
        ALL_OPERATIONS,
        "every operation has its own method"
    );
    // Grouped by resource, one feature each.
    let group = |accessor: &str| api.groups.iter().find(|g| g.accessor == accessor);
    for accessor in ["payment_intents", "customers", "charges", "treasury"] {
        let found = group(accessor).unwrap_or_else(|| panic!("no group {accessor}"));
        assert_eq!(found.feature.as_deref(), Some(accessor));
    }
    for name in [
        "customers.list_balance_transactions",
        "customers.retrieve_cash_balance",
        "charges.capture",
        "treasury.list_outbound_payments",
        "payment_intents.increment_authorization",
    ] {
        assert!(methods.contains(name), "no method {name}");
    }
    let schemas = reach::all_schemas();
    assert_eq!(schemas.len(), ALL_SCHEMAS);
    assert_eq!(components(api), schemas, "one type per component schema");
    assert!(api.types.len() > ALL_SCHEMAS, "{} types", api.types.len());
    let warnings: Vec<&str> = generated
        .warnings
        .iter()
        .map(|w| w.pointer.as_str())
        .collect();
    assert!(warnings.is_empty(), "{}", generated.warnings);
    // The file upload is the one multipart body: sent as parts, its `file`
    // part a file.
    let upload = api
        .operations
        .iter()
        .find(|op| op.path == "/v1/files" && op.method == sdkgen::ir::Method::Post)
        .and_then(|op| op.body.as_ref())
        .expect("POST /v1/files has a body");
    assert_eq!(upload.kind, sdkgen::ir::BodyKind::Multipart);
    assert_eq!(upload.media_type, "multipart/form-data");
    let lib = generated
        .files
        .iter()
        .find(|f| f.path == "src/lib.rs")
        .expect("src/lib.rs");
    assert!(lib.contents.contains(r#"("Stripe-Version", "2023-08-16")"#));
}

#[test]
fn include_filter_keeps_exactly_the_schemas_the_operations_reach() {
    let generated = generated();
    let api = &generated.api;
    let expected = reach::operations(reach::included);
    assert_eq!(expected.len(), 11, "{expected:?}");
    assert_eq!(operations(api), expected);
    let reached = reach::reachable_schemas();
    assert_eq!(reached.len(), REACHED_SCHEMAS);
    let kept = components(api);
    let missing: Vec<&String> = reached.difference(&kept).collect();
    let extra: Vec<&String> = kept.difference(reached).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "the filter should keep exactly the {REACHED_SCHEMAS} reachable schemas; \
         missing: {missing:?}; not reachable but kept: {extra:?}"
    );
    assert!(generated.warnings.is_empty(), "{}", generated.warnings);
}

/// The crate of the whole document, clippy-clean with every feature (the
/// default), with only `payment_intents` (the PaymentIntents operations and
/// the types they reach) and with none (no group at all).
#[test]
fn whole_crate_passes_clippy_with_warnings_denied() {
    let root = workspace_root().join("target").join("stripe-all");
    std::fs::create_dir_all(&root)
        .unwrap_or_else(|e| panic!("cannot create {}: {e}", root.display()));
    let _lock = Lock::acquire(&root.join(".build-lock")).unwrap_or_else(|e| panic!("{e}"));
    write_crate(&root.join(WHOLE_CRATE), &whole().files).unwrap_or_else(|e| panic!("{e}"));
    write_workspace(&root, &[WHOLE_CRATE]).unwrap_or_else(|e| panic!("{e}"));
    let features: [&[&str]; 3] = [
        &[],
        &["--no-default-features", "--features", "payment_intents"],
        &["--no-default-features"],
    ];
    for selection in features {
        let output = scratch::cargo_command(&root)
            .args(["clippy", "--offline", "--lib"])
            .args(selection)
            .args(["--", "-D", "warnings"])
            .output()
            .unwrap_or_else(|e| panic!("cannot run cargo clippy: {e}"));
        let stderr = String::from_utf8_lossy(&output.stderr);
        let problems: Vec<&str> = stderr
            .split("\n\n")
            .filter(|message| message.starts_with("error") || message.starts_with("warning"))
            .collect();
        assert!(
            output.status.success(),
            "the crate of Stripe's whole document ({selection:?}) fails clippy -D warnings in {} ({} messages):\n{}",
            root.display(),
            problems.len(),
            problems.join("\n\n")
        );
    }
}
