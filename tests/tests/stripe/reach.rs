//! What the PaymentIntents operations reach, computed from the raw document
//! (parsed with `serde_yaml`, independently of the generator): the
//! operations under `/v1/payment_intents`, and every component schema their
//! path items name with `$ref`, transitively.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use sdkgen_tests::shared_file;
use serde_yaml::Value;

use super::harness::{spec_bytes, FIXTURES};

/// The path prefix `spec/stripe.toml` includes.
pub const PREFIX: &str = "/v1/payment_intents";

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];
const SCHEMA_REF: &str = "#/components/schemas/";

/// Stripe's document as YAML values.
pub fn document() -> &'static Value {
    static DOCUMENT: OnceLock<Value> = OnceLock::new();
    DOCUMENT.get_or_init(|| {
        serde_yaml::from_slice(spec_bytes())
            .unwrap_or_else(|e| panic!("Stripe's document is not YAML: {e}"))
    })
}

/// Whether the include filter keeps `path`.
pub fn included(path: &str) -> bool {
    path == PREFIX
        || path
            .strip_prefix(PREFIX)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// Every operation as `METHOD path`, of the paths `keep` keeps.
pub fn operations(keep: impl Fn(&str) -> bool) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for (path, item) in mapping(&document()["paths"]) {
        let Some(path) = path.as_str().filter(|p| keep(p)) else {
            continue;
        };
        for method in METHODS {
            if item.get(method).is_some() {
                found.insert(format!("{} {path}", method.to_uppercase()));
            }
        }
    }
    found
}

/// The names of every component schema.
pub fn all_schemas() -> BTreeSet<String> {
    mapping(&document()["components"]["schemas"])
        .filter_map(|(name, _)| name.as_str().map(str::to_owned))
        .collect()
}

/// The component schemas the included paths reach.
pub fn reachable_schemas() -> &'static BTreeSet<String> {
    static REACHABLE: OnceLock<BTreeSet<String>> = OnceLock::new();
    REACHABLE.get_or_init(|| {
        let schemas = &document()["components"]["schemas"];
        let mut pending = Vec::new();
        for (path, item) in mapping(&document()["paths"]) {
            if path.as_str().is_some_and(included) {
                collect_refs(item, &mut pending);
            }
        }
        let mut reached = BTreeSet::new();
        while let Some(name) = pending.pop() {
            if reached.insert(name.clone()) {
                let schema = schemas
                    .get(name.as_str())
                    .unwrap_or_else(|| panic!("`$ref` to a missing schema `{name}`"));
                collect_refs(schema, &mut pending);
            }
        }
        reached
    })
}

/// The resources of Stripe's fixtures whose schema the operations reach.
pub fn reached_fixture_resources() -> BTreeSet<String> {
    let path = shared_file(FIXTURES);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let fixtures: serde_json::Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()));
    let resources = fixtures["resources"]
        .as_object()
        .unwrap_or_else(|| panic!("{} has no `resources`", path.display()));
    resources
        .keys()
        .filter(|name| reachable_schemas().contains(name.as_str()))
        .cloned()
        .collect()
}

fn mapping(value: &Value) -> impl Iterator<Item = (&Value, &Value)> {
    value.as_mapping().into_iter().flat_map(|m| m.iter())
}

/// Adds the schema names of every `$ref` inside `value`.
fn collect_refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Mapping(fields) => {
            for (key, field) in fields {
                match (key.as_str(), field.as_str()) {
                    (Some("$ref"), Some(target)) => match target.strip_prefix(SCHEMA_REF) {
                        Some(name) => out.push(name.to_owned()),
                        None => panic!("a `$ref` outside the component schemas: {target}"),
                    },
                    _ => collect_refs(field, out),
                }
            }
        }
        Value::Sequence(items) => items.iter().for_each(|item| collect_refs(item, out)),
        Value::Tagged(tagged) => collect_refs(&tagged.value, out),
        _ => {}
    }
}
