//! The PaymentIntents part of Stripe's document, for the peers: they have no
//! include filter like sdkgen's, so they get a document holding only the
//! paths under `/v1/payment_intents` and the components those reach (513 of
//! Stripe's 819 schemas), the same subset sdkgen generates from the whole
//! document.

use std::collections::BTreeSet;
use std::path::Path;

use sdkgen::lower::collect_refs;
use serde_json::{Map, Value};

/// Writes the subset of the JSON document `spec` whose paths start with
/// `prefix` to `out`; returns how many component schemas it kept.
pub fn write_subset(spec: &Path, prefix: &str, out: &Path) -> Result<usize, String> {
    let text = std::fs::read(spec).map_err(|e| format!("cannot read {}: {e}", spec.display()))?;
    let mut doc: Value = serde_json::from_slice(&text)
        .map_err(|e| format!("{} is not JSON: {e}", spec.display()))?;
    let schemas = subset(&mut doc, prefix);
    let bytes = serde_json::to_vec(&doc).map_err(|e| format!("cannot encode: {e}"))?;
    std::fs::write(out, bytes).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    Ok(schemas)
}

/// Keeps the paths under `prefix` and the components they reach; returns
/// the number of schemas kept.
fn subset(doc: &mut Value, prefix: &str) -> usize {
    if let Some(Value::Object(paths)) = doc.get_mut("paths") {
        paths.retain(|path, _| path == prefix || path.starts_with(&format!("{prefix}/")));
    }
    let reached = reachable(doc);
    if let Some(Value::Object(components)) = doc.get_mut("components") {
        for (kind, entries) in components.iter_mut() {
            if kind == "securitySchemes" {
                continue;
            }
            if let Value::Object(entries) = entries {
                entries.retain(|name, _| reached.contains(&format!("#/components/{kind}/{name}")));
            }
        }
    }
    doc.pointer("/components/schemas")
        .and_then(Value::as_object)
        .map_or(0, Map::len)
}

/// Every `$ref` reached from the paths, following references transitively.
fn reachable(doc: &Value) -> BTreeSet<String> {
    let mut reached = BTreeSet::new();
    let mut pending = Vec::new();
    if let Some(paths) = doc.get("paths") {
        collect_refs(paths, &mut pending);
    }
    while let Some(reference) = pending.pop() {
        if !reached.insert(reference.clone()) {
            continue;
        }
        let pointer = reference.trim_start_matches('#');
        if let Some(target) = doc.pointer(pointer) {
            collect_refs(target, &mut pending);
        }
    }
    reached
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_what_the_paths_reach() {
        let mut doc = serde_json::json!({
            "paths": {
                "/v1/payment_intents": {"get": {"$ref": "#/components/schemas/a"}},
                "/v1/payment_intents/{id}": {},
                "/v1/payment_intents_other": {"get": {"$ref": "#/components/schemas/c"}},
                "/v1/charges": {"get": {"$ref": "#/components/schemas/c"}}
            },
            "components": {
                "schemas": {
                    "a": {"properties": {"b": {"$ref": "#/components/schemas/b"}}},
                    "b": {"items": [{"$ref": "#/components/schemas/a"}]},
                    "c": {}
                },
                "securitySchemes": {"basic": {}}
            }
        });
        assert_eq!(subset(&mut doc, "/v1/payment_intents"), 2);
        let paths: Vec<&String> = doc["paths"]
            .as_object()
            .map(|p| p.keys().collect())
            .unwrap_or_default();
        assert_eq!(paths, ["/v1/payment_intents", "/v1/payment_intents/{id}"]);
        assert!(doc["components"]["securitySchemes"]["basic"].is_object());
    }
}
