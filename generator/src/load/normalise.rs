//! Rewrites OpenAPI 3.1 (JSON Schema 2020-12) constructs into the 3.0 model
//! that `openapiv3` parses, without losing what they mean:
//!
//! - `type: [T, "null"]` becomes `type: T` + `nullable: true`; several
//!   non-null types become an `anyOf` of one arm per type;
//! - `{type: "null"}` arms of `anyOf`/`oneOf` are dropped and the parent
//!   becomes `nullable`; a lone remaining `$ref` arm becomes `allOf: [$ref]`;
//! - `const: X` becomes `enum: [X]` (with `type` inferred when missing);
//! - `examples: [..]` becomes `example`;
//! - numeric `exclusiveMinimum`/`exclusiveMaximum` become the 3.0 pair;
//! - `$ref` with sibling keywords becomes `allOf: [$ref]` plus the siblings;
//! - `contentEncoding: base64` / `contentEncoding: binary` or
//!   `contentMediaType` become `format: byte` / `format: binary`;
//! - a tuple (`prefixItems`, or a 2019 list of `items`) becomes a list of
//!   items that are each one of the listed schemas (a warning says so);
//! - an integer schema whose `enum`, bounds, `default` or `example` go beyond
//!   64 bits becomes a `number` (a float keeps the value; a warning says so);
//! - `webhooks`: each inline payload schema becomes a component schema
//!   (`<operationId> webhook`), so its model is generated; diagnostics in
//!   it point into `webhooks` (see [`HOISTED`]).
//!
//! The rewrite is idempotent and also applied to 3.0 documents, where it only
//! touches `$ref` siblings.

use serde_json::{Map, Value};

use crate::diag::{child, Diagnostics};

/// Normalises a whole document in place.
pub fn document(doc: &mut Value, diags: &mut Diagnostics) {
    let Value::Object(root) = doc else { return };
    if root
        .get("openapi")
        .and_then(Value::as_str)
        .is_some_and(|v| v.starts_with("3.1"))
    {
        root.insert("openapi".into(), Value::from("3.0.3"));
    }
    root.remove("jsonSchemaDialect");
    let hoisted = match root.remove("webhooks") {
        Some(Value::Object(webhooks)) => hoist_webhooks(root, &webhooks),
        _ => Vec::new(),
    };
    root.entry("paths")
        .or_insert_with(|| Value::Object(Map::new()));
    if let Some(info) = root.get_mut("info").and_then(Value::as_object_mut) {
        if let Some(license) = info.get_mut("license").and_then(Value::as_object_mut) {
            license.remove("identifier");
        }
    }
    describe_responses(root);
    let mut found = Diagnostics::new();
    for (key, value) in root.iter_mut() {
        let at = child("", key);
        if key == "components" {
            components(value, &at, &mut found);
        } else {
            walk(value, &at, &mut found);
        }
    }
    for mut diag in found {
        diag.pointer = original_pointer(&hoisted, &diag.pointer);
        diags.push(diag);
    }
    if !hoisted.is_empty() {
        let map: Map<String, Value> = hoisted
            .into_iter()
            .map(|(component, origin)| (component, Value::String(origin)))
            .collect();
        root.insert(HOISTED.into(), Value::Object(map));
    }
}

/// Root extension recording the component schemas made from webhook
/// payloads: component pointer to the payload's pointer under `webhooks`.
pub const HOISTED: &str = "x-sdkgen-hoisted";

/// The pointer in the document as written of `pointer`, which may be
/// inside a component schema made from a webhook payload.
pub fn original_pointer<S: AsRef<str>>(hoisted: &[(S, S)], pointer: &str) -> String {
    for (component, origin) in hoisted {
        if let Some(rest) = pointer.strip_prefix(component.as_ref()) {
            if rest.is_empty() || rest.starts_with('/') {
                return format!("{}{rest}", origin.as_ref());
            }
        }
    }
    pointer.to_owned()
}

/// Makes each inline payload schema of a webhook a component schema named
/// after the webhook's `operationId` (or its name): `<name> webhook`.
/// Returns the new components' pointers with the payloads' pointers.
fn hoist_webhooks(
    root: &mut Map<String, Value>,
    webhooks: &Map<String, Value>,
) -> Vec<(String, String)> {
    let mut payloads: Vec<(String, String, Value)> = Vec::new();
    for (name, item) in webhooks {
        let item = match item.get("$ref").and_then(Value::as_str) {
            Some(reference) => reference
                .strip_prefix("#/components/pathItems/")
                .and_then(|key| root.get("components")?.get("pathItems")?.get(key))
                .unwrap_or(item),
            None => item,
        };
        let Some(item) = item.as_object() else {
            continue;
        };
        let methods: Vec<&str> = METHODS
            .iter()
            .copied()
            .filter(|m| item.contains_key(*m))
            .collect();
        for method in &methods {
            let op = &item[*method];
            let Some(content) = op
                .pointer("/requestBody/content")
                .and_then(Value::as_object)
            else {
                continue;
            };
            let media = content
                .iter()
                .find(|(media, _)| media.contains("json"))
                .or_else(|| content.iter().next());
            let Some((media, Some(schema))) = media.map(|(m, v)| (m, v.get("schema"))) else {
                continue;
            };
            if schema.get("$ref").is_some() {
                continue;
            }
            let base = op
                .get("operationId")
                .and_then(Value::as_str)
                .filter(|id| !id.trim().is_empty())
                .map(str::to_owned)
                .unwrap_or_else(|| {
                    if methods.len() > 1 {
                        format!("{name} {method}")
                    } else {
                        name.clone()
                    }
                });
            let origin = crate::diag::pointer([
                "webhooks",
                name.as_str(),
                method,
                "requestBody",
                "content",
                media.as_str(),
                "schema",
            ]);
            let mut schema = schema.clone();
            // The payload's own text, else the webhook's.
            if let Value::Object(map) = &mut schema {
                let said = ["description", "summary"]
                    .iter()
                    .find_map(|key| op.get(*key).and_then(Value::as_str))
                    .filter(|text| !text.trim().is_empty());
                if let (false, Some(text)) = (map.contains_key("description"), said) {
                    map.insert("description".into(), Value::from(text));
                }
            }
            payloads.push((base, origin, schema));
        }
    }
    if payloads.is_empty() {
        return Vec::new();
    }
    let components = root
        .entry("components")
        .or_insert_with(|| Value::Object(Map::new()));
    let Value::Object(components) = components else {
        return Vec::new();
    };
    let schemas = components
        .entry("schemas")
        .or_insert_with(|| Value::Object(Map::new()));
    let Value::Object(schemas) = schemas else {
        return Vec::new();
    };
    let mut hoisted = Vec::new();
    for (base, origin, schema) in payloads {
        let mut key = format!("{base} webhook");
        let mut n = 2;
        while schemas.contains_key(&key) {
            key = format!("{base} webhook {n}");
            n += 1;
        }
        hoisted.push((
            crate::diag::pointer(["components", "schemas", key.as_str()]),
            origin,
        ));
        schemas.insert(key, schema);
    }
    hoisted
}

/// HTTP methods of a path item.
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Gives response objects without a `description` (required, but often
/// left out) an empty one, so they parse.
fn describe_responses(root: &mut Map<String, Value>) {
    fn describe(response: &mut Value) {
        if let Value::Object(map) = response {
            if !map.contains_key("$ref") && !map.contains_key("description") {
                map.insert("description".into(), Value::from(""));
            }
        }
    }
    if let Some(Value::Object(paths)) = root.get_mut("paths") {
        for item in paths.values_mut() {
            let Value::Object(item) = item else { continue };
            for (method, op) in item.iter_mut() {
                if !METHODS.contains(&method.as_str()) {
                    continue;
                }
                if let Some(Value::Object(responses)) = op.get_mut("responses") {
                    responses.values_mut().for_each(describe);
                }
            }
        }
    }
    if let Some(Value::Object(responses)) = root
        .get_mut("components")
        .and_then(|c| c.get_mut("responses"))
    {
        responses.values_mut().for_each(describe);
    }
}

fn components(value: &mut Value, at: &str, diags: &mut Diagnostics) {
    let Value::Object(map) = value else { return };
    for (section, entries) in map.iter_mut() {
        let here = child(at, section);
        if section == "schemas" {
            if let Value::Object(entries) = entries {
                for (name, entry) in entries.iter_mut() {
                    schema(entry, &child(&here, name), diags);
                }
            }
        } else {
            walk(entries, &here, diags);
        }
    }
}

/// Walks the non-schema parts of the document, normalising every schema found
/// under a `schema` key.
pub(super) fn walk(value: &mut Value, at: &str, diags: &mut Diagnostics) {
    match value {
        Value::Object(map) => {
            if map.contains_key("$ref") {
                // 3.1 allows `summary`/`description` beside a reference
                // object; the referenced object's own text wins.
                map.remove("summary");
                map.remove("description");
            }
            for (key, child_value) in map.iter_mut() {
                let here = child(at, key);
                match key.as_str() {
                    "schema" => schema(child_value, &here, diags),
                    "example" | "examples" => {}
                    _ => walk(child_value, &here, diags),
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                walk(item, &child(at, &i.to_string()), diags);
            }
        }
        _ => {}
    }
}

/// Normalises one schema and, recursively, its subschemas.
pub fn schema(value: &mut Value, at: &str, diags: &mut Diagnostics) {
    let map = match value {
        Value::Object(map) => map,
        Value::Bool(true) => {
            *value = Value::Object(Map::new());
            return;
        }
        _ => {
            diags.error(at, "a schema must be a mapping (or `true`)");
            return;
        }
    };
    ref_siblings(map);
    examples(map);
    constant(map);
    type_list(map, at, diags);
    null_enum(map);
    exclusive_bounds(map);
    content_encoding(map);
    for key in ["anyOf", "oneOf"] {
        null_arms(map, key);
    }
    tuple(map, at, diags);
    wide_integers(map, at, diags);
    subschemas(map, at, diags);
}

/// A tuple, `prefixItems: [A, B]` (or 2019's `items: [A, B]`), becomes a
/// list whose items are each one of A, B (and of the schema for the items
/// after them): Rust's `Vec` of that union. Values of another shape still
/// decode, as the union's fallback. `items: false` after the tuple (no more
/// items) becomes `maxItems`.
fn tuple(map: &mut Map<String, Value>, at: &str, diags: &mut Diagnostics) {
    let (keyword, rest_keyword) = if map.contains_key("prefixItems") {
        ("prefixItems", "items")
    } else if map.get("items").is_some_and(Value::is_array) {
        ("items", "additionalItems")
    } else {
        return;
    };
    let here = child(at, keyword);
    let Some(Value::Array(listed)) = map.remove(keyword) else {
        diags.error(here, format!("`{keyword}` must be a list of schemas"));
        return;
    };
    let count = listed.len();
    let rest = map.remove(rest_keyword);
    if keyword == "items" {
        map.remove("additionalItems");
    }
    let closed = matches!(rest, Some(Value::Bool(false)));
    let mut arms: Vec<Value> = Vec::new();
    for arm in listed.into_iter().chain(rest.filter(Value::is_object)) {
        if !arms.contains(&arm) {
            arms.push(arm);
        }
    }
    if closed {
        let max = map
            .get("maxItems")
            .and_then(Value::as_u64)
            .map_or(count as u64, |m| m.min(count as u64));
        map.insert("maxItems".into(), Value::from(max));
    }
    map.entry("type").or_insert_with(|| Value::from("array"));
    let items = match arms.len() {
        0 => Value::Object(Map::new()),
        1 => arms.remove(0),
        _ => {
            diags.warning(
                here,
                "a tuple is read as a list whose items are each one of the listed schemas; which position holds which is not checked",
            );
            Value::Object(Map::from_iter([("anyOf".to_owned(), Value::Array(arms))]))
        }
    };
    map.insert("items".into(), items);
}

/// An integer schema whose `enum`, bounds, `default` or `example` holds an
/// integer beyond 64 bits cannot be `i64`: it becomes a `number` (`f64`,
/// which holds such values, the largest approximately), with a warning.
fn wide_integers(map: &mut Map<String, Value>, at: &str, diags: &mut Diagnostics) {
    if map.get("type").and_then(Value::as_str) != Some("integer") {
        return;
    }
    // 2^63: the first magnitude `i64` does not hold (its minimum, -2^63,
    // it does).
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    let wide = |v: &Value| match v {
        Value::Number(n) if n.is_i64() => false,
        Value::Number(n) if n.is_u64() => true,
        Value::Number(n) => n
            .as_f64()
            .is_some_and(|f| f.fract() == 0.0 && !(-LIMIT..LIMIT).contains(&f)),
        _ => false,
    };
    let mut found: Option<(String, String)> = None;
    for key in ["enum", "minimum", "maximum", "default", "example"] {
        let Some(value) = map.get(key) else { continue };
        let hit = match value {
            Value::Array(values) if key == "enum" => values.iter().position(wide).map(|i| {
                (
                    child(&child(at, key), &i.to_string()),
                    values[i].to_string(),
                )
            }),
            other if wide(other) => Some((child(at, key), other.to_string())),
            _ => None,
        };
        if found.is_none() {
            found = hit;
        }
    }
    let Some((pointer, value)) = found else {
        return;
    };
    diags.warning(
        pointer,
        format!("the integer {value} is beyond what a 64-bit signed integer (`i64`) holds; this schema's values are read as floating-point numbers (`f64`), exact up to 2^53"),
    );
    map.insert("type".into(), Value::from("number"));
    if map
        .get("format")
        .and_then(Value::as_str)
        .is_some_and(|f| f == "int32" || f == "int64")
    {
        map.remove("format");
    }
}

fn subschemas(map: &mut Map<String, Value>, at: &str, diags: &mut Diagnostics) {
    for (key, value) in map.iter_mut() {
        let here = child(at, key);
        match key.as_str() {
            "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas" => {
                if let Value::Object(props) = value {
                    for (name, prop) in props.iter_mut() {
                        schema(prop, &child(&here, name), diags);
                    }
                }
            }
            "items"
            | "not"
            | "additionalProperties"
            | "contains"
            | "propertyNames"
            | "if"
            | "then"
            | "else"
            | "unevaluatedItems"
            | "unevaluatedProperties"
                if value.is_object() =>
            {
                schema(value, &here, diags)
            }
            "items" if *value == Value::Bool(true) => *value = Value::Object(Map::new()),
            "items" if !value.is_object() => {
                diags.error(here, "`items` must be one schema");
            }
            "allOf" | "anyOf" | "oneOf" => {
                if let Value::Array(arms) = value {
                    for (i, arm) in arms.iter_mut().enumerate() {
                        schema(arm, &child(&here, &i.to_string()), diags);
                    }
                } else {
                    diags.error(here, format!("`{key}` must be a list of schemas"));
                }
            }
            _ => {}
        }
    }
}

/// `{$ref, description, ...}` to `{allOf: [{$ref}], description, ...}`.
fn ref_siblings(map: &mut Map<String, Value>) {
    if map.len() < 2 {
        return;
    }
    let Some(reference) = map.remove("$ref") else {
        return;
    };
    let arm = Value::Object(Map::from_iter([("$ref".to_owned(), reference)]));
    match map.get_mut("allOf") {
        Some(Value::Array(arms)) => arms.insert(0, arm),
        _ => {
            map.insert("allOf".into(), Value::Array(vec![arm]));
        }
    }
}

fn examples(map: &mut Map<String, Value>) {
    if let Some(Value::Array(mut list)) = map.remove("examples") {
        if !map.contains_key("example") && !list.is_empty() {
            map.insert("example".into(), list.swap_remove(0));
        }
    }
}

fn constant(map: &mut Map<String, Value>) {
    let Some(value) = map.remove("const") else {
        return;
    };
    if !map.contains_key("type") {
        if let Some(ty) = json_type(&value) {
            map.insert("type".into(), Value::from(ty));
        }
    }
    if value.is_null() {
        map.insert("nullable".into(), Value::Bool(true));
    }
    map.entry("enum")
        .or_insert_with(|| Value::Array(vec![value]));
}

fn json_type(value: &Value) -> Option<&'static str> {
    match value {
        Value::String(_) => Some("string"),
        Value::Bool(_) => Some("boolean"),
        Value::Number(n) if n.is_i64() || n.is_u64() => Some("integer"),
        Value::Number(_) => Some("number"),
        Value::Array(_) => Some("array"),
        Value::Object(_) => Some("object"),
        Value::Null => None,
    }
}

fn type_list(map: &mut Map<String, Value>, at: &str, diags: &mut Diagnostics) {
    match map.get("type") {
        Some(Value::String(t)) if t == "null" => {
            map.remove("type");
            map.insert("nullable".into(), Value::Bool(true));
            map.insert("x-sdkgen-null".into(), Value::Bool(true));
        }
        Some(Value::Array(types)) => {
            let mut names: Vec<String> = Vec::new();
            let mut nullable = false;
            for (i, t) in types.iter().enumerate() {
                match t.as_str() {
                    Some("null") => nullable = true,
                    Some(name) if names.iter().any(|n| n == name) => {}
                    Some(name) => names.push(name.to_owned()),
                    None => diags.warning(
                        child(&child(at, "type"), &i.to_string()),
                        format!("`type` list entry {t} is not a type name; it is left out"),
                    ),
                }
            }
            if nullable {
                map.insert("nullable".into(), Value::Bool(true));
            }
            match names.len() {
                0 if nullable => {
                    map.remove("type");
                    map.insert("x-sdkgen-null".into(), Value::Bool(true));
                }
                // No type named: any value.
                0 => {
                    map.remove("type");
                }
                1 => {
                    map.insert("type".into(), Value::from(names.remove(0)));
                }
                _ => split_types(map, names, at, diags),
            }
        }
        _ => {}
    }
}

/// `type: [string, integer]` to `anyOf: [{type: string}, {type: integer}]`,
/// each arm keeping the keywords that apply to it.
fn split_types(
    map: &mut Map<String, Value>,
    names: Vec<String>,
    at: &str,
    diags: &mut Diagnostics,
) {
    map.remove("type");
    if map.contains_key("anyOf") || map.contains_key("oneOf") {
        // The arms say which shapes a value has; the list only repeats (or
        // narrows) that.
        diags.warning(
            child(at, "type"),
            format!("a `type` list ({}) beside `anyOf`/`oneOf` is left out; the arms decide the value's type", names.join(", ")),
        );
        return;
    }
    const SHARED: &[&str] = &[
        "description",
        "title",
        "nullable",
        "default",
        "example",
        "deprecated",
        "readOnly",
        "writeOnly",
    ];
    let mut arms = Vec::new();
    for name in names {
        let mut arm = Map::new();
        arm.insert("type".into(), Value::from(name.as_str()));
        for (key, value) in map.iter() {
            if !SHARED.contains(&key.as_str()) && applies_to(key, &name) {
                arm.insert(key.clone(), value.clone());
            }
        }
        // Each arm keeps the `enum` values of its type; an arm none of
        // the values fit admits nothing and is left out.
        if let Some(Value::Array(values)) = arm.get_mut("enum") {
            values.retain(|v| {
                let ty = json_type(v);
                ty == Some(name.as_str()) || (name == "number" && ty == Some("integer"))
            });
            if values.is_empty() {
                continue;
            }
        }
        arms.push(Value::Object(arm));
    }
    map.retain(|key, _| SHARED.contains(&key.as_str()) || key.starts_with("x-"));
    map.insert("anyOf".into(), Value::Array(arms));
}

fn applies_to(keyword: &str, ty: &str) -> bool {
    match keyword {
        "format" | "enum" => true,
        "pattern" | "minLength" | "maxLength" => ty == "string",
        "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" | "multipleOf" => {
            ty == "integer" || ty == "number"
        }
        "items" | "minItems" | "maxItems" | "uniqueItems" => ty == "array",
        "properties" | "required" | "additionalProperties" | "minProperties" | "maxProperties" => {
            ty == "object"
        }
        _ => false,
    }
}

/// `enum: [a, b, null]` to `enum: [a, b]` + `nullable`.
fn null_enum(map: &mut Map<String, Value>) {
    let Some(Value::Array(values)) = map.get_mut("enum") else {
        return;
    };
    let before = values.len();
    values.retain(|v| !v.is_null());
    if values.len() != before {
        if values.is_empty() {
            map.remove("enum");
            map.insert("x-sdkgen-null".into(), Value::Bool(true));
        }
        map.insert("nullable".into(), Value::Bool(true));
    }
}

fn exclusive_bounds(map: &mut Map<String, Value>) {
    for (exclusive, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(Value::Number(n)) = map.get(exclusive).cloned() {
            map.insert(bound.into(), Value::Number(n));
            map.insert(exclusive.into(), Value::Bool(true));
        }
    }
}

fn content_encoding(map: &mut Map<String, Value>) {
    if map.contains_key("format") {
        return;
    }
    let encoding = map.get("contentEncoding").and_then(Value::as_str);
    if encoding == Some("base64") {
        map.insert("format".into(), Value::from("byte"));
    } else if (encoding == Some("binary") || map.contains_key("contentMediaType"))
        && map.get("type").and_then(Value::as_str) == Some("string")
    {
        map.insert("format".into(), Value::from("binary"));
    }
}

fn is_null_schema(value: &Value) -> bool {
    let Value::Object(arm) = value else {
        return false;
    };
    let structural = arm
        .keys()
        .filter(|k| {
            !matches!(
                k.as_str(),
                "description" | "title" | "type" | "const" | "enum" | "nullable"
            ) && !k.starts_with("x-")
        })
        .count();
    if structural > 0 {
        return false;
    }
    match arm.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(types)) => types.iter().all(|t| t == "null"),
        Some(_) => false,
        None => {
            arm.get("const").is_some_and(Value::is_null)
                || arm
                    .get("enum")
                    .and_then(Value::as_array)
                    .is_some_and(|e| e.len() == 1 && e[0].is_null())
        }
    }
}

/// Drops `{type: "null"}` arms of `anyOf`/`oneOf`, making the parent nullable.
/// A single remaining arm replaces the combinator.
fn null_arms(map: &mut Map<String, Value>, key: &str) {
    let Some(Value::Array(arms)) = map.get_mut(key) else {
        return;
    };
    let before = arms.len();
    arms.retain(|arm| !is_null_schema(arm));
    if arms.len() == before {
        return;
    }
    map.insert("nullable".into(), Value::Bool(true));
    let Some(Value::Array(arms)) = map.get(key) else {
        return;
    };
    if arms.len() != 1 || map.contains_key("allOf") {
        return;
    }
    let Some(Value::Array(mut arms)) = map.remove(key) else {
        return;
    };
    let arm = arms.remove(0);
    match arm {
        Value::Object(inner) if inner.contains_key("$ref") => {
            map.insert("allOf".into(), Value::Array(vec![Value::Object(inner)]));
        }
        Value::Object(inner) => {
            for (k, v) in inner {
                map.entry(k).or_insert(v);
            }
            // The arm may itself carry 3.1 forms (e.g. `const`).
            constant(map);
            examples(map);
        }
        other => {
            map.insert(key.into(), Value::Array(vec![other]));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn norm(mut v: Value) -> Value {
        let mut diags = Diagnostics::new();
        schema(&mut v, "", &mut diags);
        assert!(diags.is_empty(), "{diags}");
        v
    }

    #[test]
    fn type_list_with_null_becomes_nullable() {
        assert_eq!(
            norm(json!({"type": ["integer", "null"], "minimum": 1})),
            json!({"type": "integer", "minimum": 1, "nullable": true})
        );
    }

    #[test]
    fn several_types_become_any_of() {
        assert_eq!(
            norm(
                json!({"type": ["string", "integer", "null"], "maxLength": 3, "description": "d"})
            ),
            json!({"description": "d", "nullable": true, "anyOf": [
                {"type": "string", "maxLength": 3}, {"type": "integer"}
            ]})
        );
    }

    #[test]
    fn null_arm_of_any_of_with_ref_becomes_nullable_all_of() {
        assert_eq!(
            norm(
                json!({"anyOf": [{"$ref": "#/components/schemas/A"}, {"type": "null"}], "description": "d"})
            ),
            json!({"description": "d", "nullable": true, "allOf": [{"$ref": "#/components/schemas/A"}]})
        );
    }

    #[test]
    fn null_arm_with_inline_object_is_merged() {
        assert_eq!(
            norm(json!({"anyOf": [{"type": "object"}, {"type": "null"}]})),
            json!({"nullable": true, "type": "object"})
        );
    }

    #[test]
    fn const_becomes_single_enum_with_type() {
        assert_eq!(
            norm(json!({"const": "card"})),
            json!({"type": "string", "enum": ["card"]})
        );
    }

    #[test]
    fn binary_content_encoding_becomes_format_binary() {
        assert_eq!(
            norm(json!({"type": "string", "contentEncoding": "binary"})),
            json!({"type": "string", "contentEncoding": "binary", "format": "binary"})
        );
        assert_eq!(
            norm(json!({"type": ["string", "null"], "contentEncoding": "binary"})),
            json!({"type": "string", "contentEncoding": "binary", "format": "binary", "nullable": true})
        );
        assert_eq!(
            norm(json!({"type": "string", "contentEncoding": "base64"})),
            json!({"type": "string", "contentEncoding": "base64", "format": "byte"})
        );
    }

    #[test]
    fn examples_list_becomes_example() {
        assert_eq!(
            norm(json!({"type": "integer", "examples": [5, 6]})),
            json!({"type": "integer", "example": 5})
        );
    }

    #[test]
    fn ref_with_siblings_becomes_all_of() {
        assert_eq!(
            norm(json!({"$ref": "#/components/schemas/A", "description": "d"})),
            json!({"description": "d", "allOf": [{"$ref": "#/components/schemas/A"}]})
        );
    }

    #[test]
    fn numeric_exclusive_bounds_become_flags() {
        assert_eq!(
            norm(json!({"type": "number", "exclusiveMinimum": 0})),
            json!({"type": "number", "exclusiveMinimum": true, "minimum": 0})
        );
    }

    #[test]
    fn nested_schemas_are_normalised() {
        assert_eq!(
            norm(
                json!({"type": "object", "properties": {"a": {"type": ["string", "null"]}},
                        "additionalProperties": {"const": 1}, "items": {"examples": [1]}})
            ),
            json!({"type": "object", "properties": {"a": {"type": "string", "nullable": true}},
                   "additionalProperties": {"type": "integer", "enum": [1]}, "items": {"example": 1}})
        );
    }

    #[test]
    fn normalising_twice_changes_nothing() {
        let once =
            norm(json!({"anyOf": [{"$ref": "#/x"}, {"type": "null"}], "type": ["object", "null"]}));
        assert_eq!(norm(once.clone()), once);
    }

    /// Normalises `v` at `at`; the result with its warnings' pointers.
    fn norm_warned(mut v: Value, at: &str) -> (Value, Vec<String>) {
        let mut diags = Diagnostics::new();
        schema(&mut v, at, &mut diags);
        assert!(!diags.has_errors(), "{diags}");
        (v, diags.iter().map(|d| d.pointer.clone()).collect())
    }

    #[test]
    fn tuples_become_lists_of_their_item_types() {
        let (v, warned) = norm_warned(
            json!({"prefixItems": [{"type": "number"}, {"type": "string"}, {"type": "number"}], "items": false}),
            "/components/schemas/T",
        );
        assert_eq!(
            v,
            json!({"type": "array", "maxItems": 3, "items": {"anyOf": [{"type": "number"}, {"type": "string"}]}})
        );
        assert_eq!(warned, ["/components/schemas/T/prefixItems"]);
        // All of one type: exactly a list of it, nothing approximated.
        let (v, warned) = norm_warned(
            json!({"type": "array", "prefixItems": [{"type": "number"}, {"type": "number"}]}),
            "",
        );
        assert_eq!(v, json!({"type": "array", "items": {"type": "number"}}));
        assert!(warned.is_empty());
        // 2019's tuple form, with a schema for the items after the listed ones.
        let (v, _) = norm_warned(
            json!({"type": "array", "items": [{"type": "string"}], "additionalItems": {"type": "integer"}}),
            "",
        );
        assert_eq!(
            v,
            json!({"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}})
        );
    }

    #[test]
    fn integers_beyond_64_bits_become_numbers() {
        let (v, warned) = norm_warned(
            json!({"type": "integer", "format": "int64", "enum": [1, 18446744073709551615u64]}),
            "/x",
        );
        assert_eq!(
            v,
            json!({"type": "number", "enum": [1, 18446744073709551615u64]})
        );
        assert_eq!(warned, ["/x/enum/1"]);
        let (v, warned) = norm_warned(json!({"type": "integer", "maximum": 1e30}), "/y");
        assert_eq!(v["type"], "number");
        assert_eq!(warned, ["/y/maximum"]);
        // Within 64 bits nothing changes, written as floats or not.
        let (v, warned) = norm_warned(
            json!({"type": "integer", "minimum": -9223372036854775808i64, "maximum": 9223372036854775807i64}),
            "/z",
        );
        assert_eq!(v["type"], "integer");
        assert!(warned.is_empty());
        let (v, warned) = norm_warned(
            json!({"type": "integer", "minimum": 0.0, "maximum": -9.2e18}),
            "/w",
        );
        assert_eq!(v["type"], "integer");
        assert!(warned.is_empty());
    }

    #[test]
    fn type_lists_beyond_one_type_and_null() {
        // Enum values go to the arm of their type; an arm none fits is left out.
        assert_eq!(
            norm(json!({"type": ["string", "integer", "boolean"], "enum": ["a", 1]})),
            json!({"anyOf": [{"type": "string", "enum": ["a"]}, {"type": "integer", "enum": [1]}]})
        );
        // Beside `oneOf`, the arms decide.
        let (v, warned) = norm_warned(
            json!({"type": ["string", "integer"], "oneOf": [{"type": "string"}, {"type": "integer"}]}),
            "/a",
        );
        assert_eq!(
            v,
            json!({"oneOf": [{"type": "string"}, {"type": "integer"}]})
        );
        assert_eq!(warned, ["/a/type"]);
        // Entries that are not type names are left out; no type at all is any value.
        let (v, warned) = norm_warned(json!({"type": ["string", 5]}), "/b");
        assert_eq!(v, json!({"type": "string"}));
        assert_eq!(warned, ["/b/type/1"]);
        assert_eq!(norm(json!({"type": []})), json!({}));
    }

    #[test]
    fn defs_and_other_subschemas_are_normalised() {
        assert_eq!(
            norm(
                json!({"$defs": {"A": {"const": 1}}, "if": {"examples": [2]}, "contains": {"type": ["string", "null"]}})
            ),
            json!({"$defs": {"A": {"type": "integer", "enum": [1]}}, "if": {"example": 2}, "contains": {"type": "string", "nullable": true}})
        );
    }
}
