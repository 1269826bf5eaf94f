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
//!   `contentMediaType` become `format: byte` / `format: binary`.
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
    root.remove("webhooks");
    root.remove("jsonSchemaDialect");
    root.entry("paths")
        .or_insert_with(|| Value::Object(Map::new()));
    if let Some(info) = root.get_mut("info").and_then(Value::as_object_mut) {
        if let Some(license) = info.get_mut("license").and_then(Value::as_object_mut) {
            license.remove("identifier");
        }
    }
    describe_responses(root);
    for (key, value) in root.iter_mut() {
        let at = child("", key);
        if key == "components" {
            components(value, &at, diags);
        } else {
            walk(value, &at, diags);
        }
    }
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
    if map.contains_key("prefixItems") {
        diags.error(
            child(at, "prefixItems"),
            "tuple schemas (`prefixItems`) are not supported; describe the items with one `items` schema",
        );
    }
    subschemas(map, at, diags);
}

fn subschemas(map: &mut Map<String, Value>, at: &str, diags: &mut Diagnostics) {
    for (key, value) in map.iter_mut() {
        let here = child(at, key);
        match key.as_str() {
            "properties" | "patternProperties" | "$defs" | "definitions" => {
                if let Value::Object(props) = value {
                    for (name, prop) in props.iter_mut() {
                        schema(prop, &child(&here, name), diags);
                    }
                }
            }
            "items" | "not" | "additionalProperties" if value.is_object() => {
                schema(value, &here, diags)
            }
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
            let mut names = Vec::new();
            let mut nullable = false;
            for t in types {
                match t.as_str() {
                    Some("null") => nullable = true,
                    Some(name) => names.push(name.to_owned()),
                    None => diags.error(
                        child(at, "type"),
                        "every entry of a `type` list must be a string",
                    ),
                }
            }
            if nullable {
                map.insert("nullable".into(), Value::Bool(true));
            }
            match names.len() {
                0 => {
                    map.remove("type");
                    map.insert("x-sdkgen-null".into(), Value::Bool(true));
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
    if map.contains_key("anyOf") || map.contains_key("oneOf") {
        diags.error(
            child(at, "type"),
            "a `type` list together with `anyOf`/`oneOf` is not supported",
        );
        return;
    }
    map.remove("type");
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

    #[test]
    fn tuple_schemas_are_reported() {
        let mut v = json!({"type": "array", "prefixItems": [{"type": "string"}]});
        let mut diags = Diagnostics::new();
        schema(&mut v, "/components/schemas/T", &mut diags);
        let all: Vec<_> = diags.iter().map(|d| d.pointer.clone()).collect();
        assert_eq!(all, ["/components/schemas/T/prefixItems"]);
    }
}
