//! Include filters: keep only the configured operations and the component
//! schemas they reach, so a subset of a large document generates a small
//! crate.

use std::collections::BTreeSet;

use openapiv3::OpenAPI;
use serde_json::Value;

use crate::config::IncludeConfig;
use crate::load::refs::{Kind, Refs, Target};

/// Names of the component schemas reachable from the included operations
/// (also through targets elsewhere and in other documents, from `refs`).
pub(super) fn reachable_schemas(
    doc: &OpenAPI,
    resolved: &Refs,
    include: &IncludeConfig,
) -> BTreeSet<String> {
    let mut refs = Vec::new();
    for (path, item) in doc.paths.iter() {
        if include.includes_path(path) {
            if let Ok(value) = serde_json::to_value(item) {
                collect_refs(&value, &mut refs);
            }
        }
    }
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut schemas = BTreeSet::new();
    while let Some(reference) = refs.pop() {
        if !seen.insert(reference.clone()) {
            continue;
        }
        // A target outside the component sections: what it refers to.
        let elsewhere = [
            Kind::Schema,
            Kind::Parameter,
            Kind::Response,
            Kind::RequestBody,
            Kind::PathItem,
        ]
        .iter()
        .filter_map(|kind| resolved.get(*kind, &reference))
        .find_map(|entry| match &entry.target {
            Target::Schema(t) => serde_json::to_value(t).ok(),
            Target::Parameter(t) => serde_json::to_value(t).ok(),
            Target::Response(t) => serde_json::to_value(t).ok(),
            Target::RequestBody(t) => serde_json::to_value(t).ok(),
            Target::PathItem(t) => serde_json::to_value(t).ok(),
            Target::Component | Target::Unresolved => None,
        });
        if let Some(target) = elsewhere {
            collect_refs(&target, &mut refs);
        }
        let Some(rest) = reference.strip_prefix("#/components/") else {
            continue;
        };
        let Some((section, name)) = rest.split_once('/') else {
            continue;
        };
        // A reference into a component (`.../Name/properties/x`) reaches it.
        let name = super::types::unescape(name.split('/').next().unwrap_or(name));
        let target = doc.components.as_ref().and_then(|c| match section {
            "schemas" => c
                .schemas
                .get(&name)
                .and_then(|s| serde_json::to_value(s).ok()),
            "parameters" => c
                .parameters
                .get(&name)
                .and_then(|s| serde_json::to_value(s).ok()),
            "responses" => c
                .responses
                .get(&name)
                .and_then(|s| serde_json::to_value(s).ok()),
            "requestBodies" => c
                .request_bodies
                .get(&name)
                .and_then(|s| serde_json::to_value(s).ok()),
            "headers" => c
                .headers
                .get(&name)
                .and_then(|s| serde_json::to_value(s).ok()),
            _ => None,
        });
        if section == "schemas" {
            schemas.insert(name);
        }
        if let Some(target) = target {
            collect_refs(&target, &mut refs);
        }
    }
    schemas
}

/// Pushes every `$ref` string in a JSON tree (at any depth) onto `out`.
pub fn collect_refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                match (key.as_str(), child) {
                    ("$ref", Value::String(reference)) => out.push(reference.clone()),
                    _ => collect_refs(child, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect_refs(item, out)),
        _ => {}
    }
}
