//! Operation names: with `spec/stripe.toml`'s `[operations]` the 11
//! operations are methods of `client.payment_intents()` under the names
//! Stripe's own libraries use, their request bodies named after them; the
//! API diff from the crate named by operationId reports each rename.

use sdkgen::release::diff::{diff, Level};

use super::harness::{config, generated, spec_bytes};

/// `(operationId-derived name, new name, METHOD path)` of each operation.
const RENAMES: [(&str, &str, &str); 11] = [
    ("get_payment_intents", "list", "GET /v1/payment_intents"),
    ("post_payment_intents", "create", "POST /v1/payment_intents"),
    (
        "get_payment_intents_search",
        "search",
        "GET /v1/payment_intents/search",
    ),
    (
        "get_payment_intents_intent",
        "retrieve",
        "GET /v1/payment_intents/{intent}",
    ),
    (
        "post_payment_intents_intent",
        "update",
        "POST /v1/payment_intents/{intent}",
    ),
    (
        "post_payment_intents_intent_apply_customer_balance",
        "apply_customer_balance",
        "POST /v1/payment_intents/{intent}/apply_customer_balance",
    ),
    (
        "post_payment_intents_intent_cancel",
        "cancel",
        "POST /v1/payment_intents/{intent}/cancel",
    ),
    (
        "post_payment_intents_intent_capture",
        "capture",
        "POST /v1/payment_intents/{intent}/capture",
    ),
    (
        "post_payment_intents_intent_confirm",
        "confirm",
        "POST /v1/payment_intents/{intent}/confirm",
    ),
    (
        "post_payment_intents_intent_increment_authorization",
        "increment_authorization",
        "POST /v1/payment_intents/{intent}/increment_authorization",
    ),
    (
        "post_payment_intents_intent_verify_microdeposits",
        "verify_microdeposits",
        "POST /v1/payment_intents/{intent}/verify_microdeposits",
    ),
];

#[test]
fn operations_are_payment_intents_methods_with_stripes_names() {
    let api = &generated().api;
    let group = match api.groups.as_slice() {
        [group] => group,
        other => panic!("expected one group, got {other:?}"),
    };
    assert_eq!(
        (
            group.accessor.as_str(),
            group.type_name.as_str(),
            group.resource.as_str()
        ),
        ("payment_intents", "PaymentIntents", "PaymentIntent")
    );
    let mut names: Vec<(String, String)> = api
        .operations
        .iter()
        .map(|op| {
            assert_eq!(op.group.map(|g| api.group(g)), Some(group), "{}", op.id);
            (
                api.qualified_name(op),
                format!("{} {}", op.method.as_str(), op.path),
            )
        })
        .collect();
    names.sort();
    let mut expected: Vec<(String, String)> = RENAMES
        .iter()
        .map(|(_, name, http)| (format!("payment_intents.{name}"), (*http).to_owned()))
        .collect();
    expected.sort();
    assert_eq!(names, expected);
    // Request bodies follow the names.
    let bodies: Vec<&str> = api
        .operations
        .iter()
        .filter_map(|op| op.body.as_ref())
        .filter_map(|body| match body.ty {
            sdkgen::ir::TypeRef::Named(id) => Some(api.ty(id).name.as_str()),
            _ => None,
        })
        .collect();
    for body in [
        "CreatePaymentIntent",
        "UpdatePaymentIntent",
        "ConfirmPaymentIntent",
        "CapturePaymentIntent",
        "CancelPaymentIntent",
        "IncrementAuthorizationPaymentIntent",
        "VerifyMicrodepositsPaymentIntent",
        "ApplyCustomerBalancePaymentIntent",
    ] {
        assert!(bodies.contains(&body), "no body {body} in {bodies:?}");
    }
    let types: Vec<&str> = api.types.iter().map(|t| t.name.as_str()).collect();
    assert!(types.contains(&"CreatePaymentIntentShipping"));
    assert!(
        !types.iter().any(|t| t.starts_with("PostPaymentIntents")),
        "a type is still named after an operationId"
    );
}

#[test]
fn the_api_diff_reports_every_rename() {
    let mut by_id = config();
    by_id.operations = sdkgen::config::OperationsConfig::default();
    let before = sdkgen::generate(spec_bytes(), &by_id)
        .unwrap_or_else(|d| panic!("generation failed:\n{d}"))
        .surface;
    let report = diff(&before, &generated().surface);
    let lines = report.lines();
    for (from, to, http) in RENAMES {
        let line = format!("BREAKING  renamed operation {from} to payment_intents.{to} ({http})");
        assert!(
            lines.contains(&line),
            "no `{line}` in:\n{}",
            lines.join("\n")
        );
    }
    let body = "BREAKING  changed the body type of operation payment_intents.create from PostPaymentIntentsBody to CreatePaymentIntent";
    assert!(lines.iter().any(|l| l == body), "no `{body}`");
    assert_eq!(report.level(), Some(Level::Breaking));
}
