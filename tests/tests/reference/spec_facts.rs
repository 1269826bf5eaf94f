//! Spec facts: our own `spec/payjp-v2.yaml` (OpenAPI 3.1) held against PAY.JP's whole-API document, fact by fact.
//!
//! The comparison uses a small normaliser that lives in this file on purpose:
//! it must stay independent of the generator whose input it checks. Both
//! documents are parsed into `serde_json::Value`; `$ref`s are inlined (with a
//! cycle guard); the 3.0 and 3.1 spellings of the same fact are brought to one
//! canonical form; annotations (descriptions, titles, examples) are dropped;
//! then the canonical trees are diffed and *every* difference is reported.
//!
//! Canonical form of a schema:
//! - `$ref` is replaced by its (canonical) target, sibling keywords merged on top;
//!   `allOf` with a single member is merged into the schema the same way;
//! - `type: [T, "null"]`, 3.0 `nullable: true`, a `{type: "null"}` arm of
//!   `anyOf`/`oneOf` and a `null` in `enum` all become `type: T` + `nullable: true`
//!   (an `anyOf`/`oneOf` left with a single arm becomes that arm);
//! - `const: X` becomes `enum: [X]`; `enum` and `required` compare as sets;
//! - `description`, `title`, `example`, `examples`, `$comment`, `externalDocs` are dropped.
//!
//! Media types: upstream's copy was converted to 3.0 by a tool that renamed
//! `application/problem+json` to `application/json`; for error responses
//! (4xx/5xx) of upstream that rename is undone, and nothing else is mapped.

use std::collections::BTreeMap;
use std::collections::BTreeSet;
use std::fmt;

use serde_json::{json, Map, Value};

// ---------------------------------------------------------------------------
// Inputs and fixed expectations
// ---------------------------------------------------------------------------

/// Our document, relative to the workspace root.
const OUR_SPEC: &str = "spec/payjp-v2.yaml";
/// PAY.JP's document, relative to `../shared`.
const UPSTREAM_SPEC: &str = "specs/payjp-v2/openapi.json";
/// The part of upstream's API our document covers.
const PAYMENT_INTENTS_PREFIX: &str = "/v2/payment_intents";

/// The HTTP methods an OpenAPI path item may hold.
const HTTP_METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Keywords that annotate rather than constrain; they are not facts.
const ANNOTATION_KEYWORDS: [&str; 6] = [
    "description",
    "title",
    "example",
    "examples",
    "$comment",
    "externalDocs",
];

/// Schemas only our document names; upstream inlines them. Each is compared
/// with the upstream inline schema at the given JSON pointer.
const OURS_ONLY_SCHEMAS: [(&str, &str); 1] = [(
    "MetadataValue",
    "/components/schemas/PaymentIntentCreateRequest/properties/metadata/additionalProperties",
)];

/// The operationIds of the eight PaymentIntents operations, spelt as PAY.JP does.
const OPERATION_IDS: [&str; 8] = [
    "GetAllPaymentIntent",
    "CreatePaymentIntent",
    "RetrievePaymentIntent",
    "UpdatePaymentIntent",
    "ConfirmPaymentIntent",
    "CapturePaymentIntent",
    "CancelPaymentIntent",
    "IncrementAuthorizationPaymentIntent",
];

/// The 22 component schemas our document must hold: the 21 upstream's
/// PaymentIntents operations reach, plus `MetadataValue`.
const SCHEMA_NAMES: [&str; 22] = [
    "CaptureMethod",
    "ErrorResponse",
    "MetadataValue",
    "PaymentIntentCancelRequest",
    "PaymentIntentCaptureRequest",
    "PaymentIntentConfirmRequest",
    "PaymentIntentCreateRequest",
    "PaymentIntentIncrementAuthorizationRequest",
    "PaymentIntentListResponse",
    "PaymentIntentResponse",
    "PaymentIntentStatus",
    "PaymentIntentUpdateRequest",
    "PaymentMethodBillingAddressRequest",
    "PaymentMethodBillingDetailsRequest",
    "PaymentMethodCardCreateRequest",
    "PaymentMethodCreateCardDetailsRequest",
    "PaymentMethodCreateRequest",
    "PaymentMethodOptionsCardRequest",
    "PaymentMethodOptionsRequest",
    "PaymentMethodPayPayCreateRequest",
    "PaymentMethodTypes",
    "Usage",
];

/// Parses our YAML document.
fn our_spec() -> Value {
    let path = sdkgen_tests::workspace_root().join(OUR_SPEC);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()));
    serde_yaml::from_str(&text)
        .unwrap_or_else(|err| panic!("{} is not valid YAML: {err}", path.display()))
}

/// Parses PAY.JP's JSON document from `../shared` (panics when it is missing).
fn upstream_spec() -> Value {
    let path = sdkgen_tests::shared_file(UPSTREAM_SPEC);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|err| panic!("cannot read {}: {err}", path.display()));
    serde_json::from_str(&text)
        .unwrap_or_else(|err| panic!("{} is not valid JSON: {err}", path.display()))
}

// ---------------------------------------------------------------------------
// Differences
// ---------------------------------------------------------------------------

/// One difference of fact between the two documents.
#[derive(Debug, Clone)]
struct Difference {
    /// JSON-pointer-like location in the canonical view.
    location: String,
    /// Our value, rendered.
    ours: String,
    /// Upstream's value, rendered.
    upstream: String,
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: ours={} upstream={}",
            self.location, self.ours, self.upstream
        )
    }
}

/// Rendering used for an absent value.
const ABSENT: &str = "<absent>";

/// Compact one-line rendering of a value, shortened when long.
fn render(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 200 {
        let short: String = text.chars().take(200).collect();
        format!("{short}...")
    } else {
        text
    }
}

/// Records every difference between two canonical trees below `location`.
fn diff(location: &str, ours: &Value, upstream: &Value, out: &mut Vec<Difference>) {
    match (ours, upstream) {
        (Value::Object(a), Value::Object(b)) => {
            // Our keys in our order, then the keys only upstream has.
            let keys = a.keys().chain(b.keys().filter(|key| !a.contains_key(*key)));
            for key in keys {
                let here = format!("{location}/{key}");
                match (a.get(key), b.get(key)) {
                    (Some(x), Some(y)) => diff(&here, x, y, out),
                    (Some(x), None) => out.push(Difference {
                        location: here,
                        ours: render(x),
                        upstream: ABSENT.into(),
                    }),
                    (None, Some(y)) => out.push(Difference {
                        location: here,
                        ours: ABSENT.into(),
                        upstream: render(y),
                    }),
                    (None, None) => {}
                }
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (index, (x, y)) in a.iter().zip(b).enumerate() {
                diff(&format!("{location}/{index}"), x, y, out);
            }
        }
        _ if ours != upstream => {
            out.push(Difference {
                location: location.to_owned(),
                ours: render(ours),
                upstream: render(upstream),
            });
        }
        _ => {}
    }
}

// ---------------------------------------------------------------------------
// The normaliser
// ---------------------------------------------------------------------------

/// Looks up a local reference (`#/...`) in `doc`.
fn resolve<'a>(doc: &'a Value, reference: &str) -> Option<&'a Value> {
    doc.pointer(reference.strip_prefix('#')?)
}

/// Follows a chain of `$ref`s of a non-schema object (parameter, body, response).
fn deref<'a>(doc: &'a Value, mut value: &'a Value) -> &'a Value {
    for _ in 0..32 {
        match value
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|reference| resolve(doc, reference))
        {
            Some(target) => value = target,
            None => break,
        }
    }
    value
}

/// A plain value (default, enum member, ...) with integral floats made integers,
/// so that `50` and `50.0` compare equal.
fn plain(value: &Value) -> Value {
    match value {
        Value::Number(number) => match number.as_f64() {
            Some(float) if number.is_f64() && float.fract() == 0.0 && float.abs() < 9.0e15 => {
                // The guard above keeps the value exactly representable.
                #[allow(clippy::cast_possible_truncation)]
                let integer = float as i64;
                json!(integer)
            }
            _ => value.clone(),
        },
        Value::Array(items) => Value::Array(items.iter().map(plain).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(key, item)| (key.clone(), plain(item)))
                .collect(),
        ),
        _ => value.clone(),
    }
}

/// The canonical form of a schema of `doc` (see the module documentation).
fn canonical_schema(doc: &Value, schema: &Value) -> Value {
    canonical(doc, schema, &mut Vec::new())
}

/// Recursive worker of [`canonical_schema`]; `stack` holds the references
/// being inlined, so that a cycle is cut (the reference is kept as it is).
fn canonical(doc: &Value, schema: &Value, stack: &mut Vec<String>) -> Value {
    let Some(object) = schema.as_object() else {
        return plain(schema); // boolean schemas
    };
    let mut out = Map::new();
    if let Some(reference) = object.get("$ref").and_then(Value::as_str) {
        if stack.iter().any(|seen| seen == reference) {
            out.insert("$ref".into(), json!(reference));
        } else if let Some(target) = resolve(doc, reference) {
            stack.push(reference.to_owned());
            let inlined = canonical(doc, target, stack);
            stack.pop();
            merge(&mut out, inlined);
        } else {
            out.insert("$unresolved".into(), json!(reference));
        }
    }
    for (key, value) in object {
        let key = key.as_str();
        if key == "$ref" || ANNOTATION_KEYWORDS.contains(&key) {
            continue;
        }
        match key {
            "allOf" if value.as_array().is_some_and(|members| members.len() == 1) => {
                let member = canonical(doc, &value[0], stack);
                merge(&mut out, member);
            }
            "allOf" | "anyOf" | "oneOf" | "prefixItems" => {
                let members = value
                    .as_array()
                    .map(|members| members.iter().map(|m| canonical(doc, m, stack)).collect());
                out.insert(
                    key.into(),
                    members.map_or_else(|| plain(value), Value::Array),
                );
            }
            "properties" | "patternProperties" | "dependentSchemas" | "$defs" | "definitions" => {
                let map = value.as_object().map(|map| {
                    map.iter()
                        .map(|(name, sub)| (name.clone(), canonical(doc, sub, stack)))
                        .collect::<Map<_, _>>()
                });
                out.insert(key.into(), map.map_or_else(|| plain(value), Value::Object));
            }
            "items"
            | "additionalProperties"
            | "not"
            | "contains"
            | "propertyNames"
            | "if"
            | "then"
            | "else"
            | "unevaluatedItems"
            | "unevaluatedProperties" => {
                out.insert(key.into(), canonical(doc, value, stack));
            }
            "const" => {
                out.insert("enum".into(), json!([plain(value)]));
            }
            _ => {
                out.insert(key.into(), plain(value));
            }
        }
    }
    finish(out)
}

/// Inserts `other`'s keywords into `out`, replacing those already there.
fn merge(out: &mut Map<String, Value>, other: Value) {
    if let Value::Object(other) = other {
        for (key, value) in other {
            out.insert(key, value);
        }
    }
}

/// Whether a canonical schema only admits `null`.
fn is_null_schema(schema: &Value) -> bool {
    *schema == json!({"type": "null"}) || *schema == json!({"enum": [null]})
}

/// Sorts an array of values by their JSON text and removes duplicates.
fn sort_as_set(values: &mut Vec<Value>) {
    values.sort_by_key(Value::to_string);
    values.dedup();
}

/// Brings the nullability spellings to `nullable: true`, and sorts sets.
fn finish(mut schema: Map<String, Value>) -> Value {
    let mut nullable = matches!(schema.remove("nullable"), Some(Value::Bool(true)));

    if let Some(Value::Array(types)) = schema.get("type").cloned() {
        let mut types: Vec<Value> = types.into_iter().filter(|t| t != "null").collect();
        let had_null = types.len() < schema["type"].as_array().map_or(0, Vec::len);
        nullable |= had_null;
        sort_as_set(&mut types);
        let canonical_type = match types.len() {
            0 => json!("null"),
            1 => types.remove(0),
            _ => Value::Array(types),
        };
        schema.insert("type".into(), canonical_type);
    }

    if let Some(Value::Array(values)) = schema.get_mut("enum") {
        if values.len() > 1 && values.contains(&Value::Null) {
            values.retain(|value| !value.is_null());
            nullable = true;
        }
        sort_as_set(values);
    }

    if let Some(Value::Array(names)) = schema.get_mut("required") {
        sort_as_set(names);
    }

    for key in ["anyOf", "oneOf"] {
        let Some(Value::Array(arms)) = schema.get(key).cloned() else {
            continue;
        };
        let count = arms.len();
        let mut arms: Vec<Value> = arms
            .into_iter()
            .filter(|arm| !is_null_schema(arm))
            .collect();
        if arms.len() == count {
            continue;
        }
        nullable = true;
        schema.remove(key);
        match arms.len() {
            0 => {
                schema.insert("type".into(), json!("null"));
            }
            1 => {
                // The remaining arm is the schema; the siblings keep precedence.
                let mut single = match arms.remove(0) {
                    Value::Object(arm) => arm,
                    other => {
                        let mut wrapper = Map::new();
                        wrapper.insert(key.into(), Value::Array(vec![other]));
                        wrapper
                    }
                };
                if matches!(single.remove("nullable"), Some(Value::Bool(true))) {
                    nullable = true;
                }
                for (sibling, value) in std::mem::take(&mut schema) {
                    single.insert(sibling, value);
                }
                schema = single;
            }
            _ => {
                schema.insert(key.into(), Value::Array(arms));
            }
        }
    }

    if nullable {
        schema.insert("nullable".into(), json!(true));
    }
    Value::Object(schema)
}

// ---------------------------------------------------------------------------
// Operations
// ---------------------------------------------------------------------------

/// One operation of a document, with the path item it belongs to.
struct Operation<'a> {
    /// The path item (for path-level parameters).
    path_item: &'a Value,
    /// The operation object.
    operation: &'a Value,
}

/// The operations of `doc` keyed `"METHOD /path"`, restricted to paths that
/// start with `prefix` when one is given.
fn operations<'a>(doc: &'a Value, prefix: Option<&str>) -> BTreeMap<String, Operation<'a>> {
    let mut found = BTreeMap::new();
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
        return found;
    };
    for (path, item) in paths {
        if prefix.is_some_and(|prefix| !path.starts_with(prefix)) {
            continue;
        }
        let item = deref(doc, item);
        for method in HTTP_METHODS {
            if let Some(operation) = item.get(method) {
                found.insert(
                    format!("{} {path}", method.to_uppercase()),
                    Operation {
                        path_item: item,
                        operation,
                    },
                );
            }
        }
    }
    found
}

/// The canonical media-type map of a `content` object. When
/// `undo_problem_rename` is set, `application/json` is read as
/// `application/problem+json` (the rename upstream's converter made).
fn canonical_content(doc: &Value, content: Option<&Value>, undo_problem_rename: bool) -> Value {
    let mut out = Map::new();
    for (media, entry) in content.and_then(Value::as_object).into_iter().flatten() {
        let media = if undo_problem_rename && media == "application/json" {
            "application/problem+json"
        } else {
            media
        };
        let mut canonical_entry = Map::new();
        if let Some(schema) = entry.get("schema") {
            canonical_entry.insert("schema".into(), canonical_schema(doc, schema));
        }
        if let Some(encoding) = entry.get("encoding") {
            canonical_entry.insert("encoding".into(), plain(encoding));
        }
        out.insert(media.to_owned(), Value::Object(canonical_entry));
    }
    Value::Object(out)
}

/// The facts of one operation, in canonical form. `upstream` selects the
/// treatment of upstream's renamed error media type.
fn canonical_operation(doc: &Value, op: &Operation<'_>, upstream: bool) -> Value {
    let operation = op.operation;

    // Parameters: path-level ones first, overridden by operation-level ones.
    let mut parameters = Map::new();
    let declared = [op.path_item.get("parameters"), operation.get("parameters")];
    for parameter in declared
        .into_iter()
        .flatten()
        .filter_map(Value::as_array)
        .flatten()
    {
        let parameter = deref(doc, parameter);
        let name = parameter.get("name").and_then(Value::as_str).unwrap_or("?");
        let location = parameter.get("in").and_then(Value::as_str).unwrap_or("?");
        let mut facts = Map::new();
        facts.insert(
            "required".into(),
            json!(parameter
                .get("required")
                .and_then(Value::as_bool)
                .unwrap_or(false)),
        );
        for (key, value) in parameter.as_object().into_iter().flatten() {
            match key.as_str() {
                "name" | "in" | "required" => {}
                key if ANNOTATION_KEYWORDS.contains(&key) => {}
                "schema" => {
                    facts.insert("schema".into(), canonical_schema(doc, value));
                }
                "content" => {
                    facts.insert("content".into(), canonical_content(doc, Some(value), false));
                }
                _ => {
                    facts.insert(key.clone(), plain(value));
                }
            }
        }
        parameters.insert(format!("{location} {name}"), Value::Object(facts));
    }

    let request_body = match operation.get("requestBody").map(|body| deref(doc, body)) {
        Some(body) => json!({
            "required": body.get("required").and_then(Value::as_bool).unwrap_or(false),
            "content": canonical_content(doc, body.get("content"), false),
        }),
        None => Value::Null,
    };

    let mut responses = Map::new();
    for (status, response) in operation
        .get("responses")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let response = deref(doc, response);
        let is_error = status.starts_with('4') || status.starts_with('5');
        let mut facts = Map::new();
        facts.insert(
            "content".into(),
            canonical_content(doc, response.get("content"), upstream && is_error),
        );
        if let Some(headers) = response.get("headers").and_then(Value::as_object) {
            let names: Vec<Value> = headers
                .keys()
                .map(|name| json!(name.to_lowercase()))
                .collect();
            facts.insert("headers".into(), Value::Array(names));
        }
        responses.insert(status.clone(), Value::Object(facts));
    }

    let security = operation
        .get("security")
        .or_else(|| doc.get("security"))
        .cloned()
        .unwrap_or(Value::Null);

    json!({
        "operationId": operation.get("operationId").cloned().unwrap_or(Value::Null),
        "tags": operation.get("tags").cloned().unwrap_or_else(|| json!([])),
        "security": security,
        "parameters": parameters,
        "requestBody": request_body,
        "responses": responses,
    })
}

/// Names of the component schemas reachable (transitively) from `roots`.
fn reachable_schemas<'a>(
    doc: &Value,
    roots: impl IntoIterator<Item = &'a Value>,
) -> BTreeSet<String> {
    fn collect_refs(value: &Value, refs: &mut Vec<String>) {
        match value {
            Value::Object(map) => {
                for (key, item) in map {
                    match (key.as_str(), item) {
                        ("$ref", Value::String(reference)) => refs.push(reference.clone()),
                        // A discriminator mapping names schemas too.
                        ("mapping", Value::Object(mapping)) => {
                            refs.extend(
                                mapping
                                    .values()
                                    .filter_map(Value::as_str)
                                    .map(str::to_owned),
                            );
                        }
                        _ => collect_refs(item, refs),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|item| collect_refs(item, refs)),
            _ => {}
        }
    }
    const SCHEMA_PREFIX: &str = "#/components/schemas/";
    let mut pending = Vec::new();
    for root in roots {
        collect_refs(root, &mut pending);
    }
    let mut seen = BTreeSet::new();
    let mut visited_refs = BTreeSet::new();
    while let Some(reference) = pending.pop() {
        if !visited_refs.insert(reference.clone()) {
            continue;
        }
        if let Some(name) = reference.strip_prefix(SCHEMA_PREFIX) {
            seen.insert(name.to_owned());
        }
        if let Some(target) = resolve(doc, &reference) {
            collect_refs(target, &mut pending);
        }
    }
    seen
}

/// Names of the security schemes the operations' requirements use.
fn security_scheme_names<'a>(
    doc: &Value,
    ops: impl IntoIterator<Item = &'a Operation<'a>>,
) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for op in ops {
        let requirements = op.operation.get("security").or_else(|| doc.get("security"));
        for requirement in requirements.and_then(Value::as_array).into_iter().flatten() {
            names.extend(
                requirement
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(name, _)| name.clone()),
            );
        }
    }
    names
}

/// A security scheme with its annotations removed.
fn canonical_security_scheme(scheme: Option<&Value>) -> Value {
    match scheme.and_then(Value::as_object) {
        Some(map) => Value::Object(
            map.iter()
                .filter(|(key, _)| !ANNOTATION_KEYWORDS.contains(&key.as_str()))
                .map(|(key, value)| (key.clone(), plain(value)))
                .collect(),
        ),
        None => Value::Null,
    }
}

/// Every difference of fact between our document and upstream's
/// PaymentIntents operations, and the schemas and security schemes they use.
fn compare_documents(ours: &Value, upstream: &Value) -> Vec<Difference> {
    let mut out = Vec::new();

    // 1. The operations: ours must be exactly upstream's PaymentIntents ones.
    let our_ops = operations(ours, None);
    let upstream_ops = operations(upstream, Some(PAYMENT_INTENTS_PREFIX));
    let keys: BTreeSet<&String> = our_ops.keys().chain(upstream_ops.keys()).collect();
    for key in keys {
        let location = format!("/operations/{key}");
        let operation_id = |op: &Operation<'_>| {
            render(op.operation.get("operationId").unwrap_or(&json!("present")))
        };
        match (our_ops.get(key), upstream_ops.get(key)) {
            (Some(a), Some(b)) => {
                diff(
                    &location,
                    &canonical_operation(ours, a, false),
                    &canonical_operation(upstream, b, true),
                    &mut out,
                );
            }
            (Some(a), None) => out.push(Difference {
                location,
                ours: operation_id(a),
                upstream: ABSENT.into(),
            }),
            (None, Some(b)) => out.push(Difference {
                location,
                ours: ABSENT.into(),
                upstream: operation_id(b),
            }),
            (None, None) => {}
        }
    }

    // 2. The component schemas those operations reach, each as a whole tree.
    let upstream_names = reachable_schemas(
        upstream,
        upstream_ops
            .values()
            .flat_map(|op| [op.path_item, op.operation]),
    );
    let mut our_names = reachable_schemas(
        ours,
        our_ops.values().flat_map(|op| [op.path_item, op.operation]),
    );
    our_names.extend(
        ours.pointer("/components/schemas")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(|(n, _)| n.clone()),
    );
    for name in upstream_names.union(&our_names) {
        let location = format!("/components/schemas/{name}");
        let our_schema = ours.pointer(&format!("/components/schemas/{name}"));
        let stand_in = OURS_ONLY_SCHEMAS
            .iter()
            .find(|(ours_only, _)| ours_only == name)
            .map(|(_, pointer)| *pointer);
        let upstream_schema = match stand_in {
            Some(pointer) => upstream.pointer(pointer),
            None if upstream_names.contains(name) => {
                upstream.pointer(&format!("/components/schemas/{name}"))
            }
            None => None,
        };
        match (our_schema, upstream_schema) {
            (Some(a), Some(b)) => diff(
                &location,
                &canonical_schema(ours, a),
                &canonical_schema(upstream, b),
                &mut out,
            ),
            (Some(_), None) => out.push(Difference {
                location,
                ours: "present".into(),
                upstream: "<not reached by the PaymentIntents operations>".into(),
            }),
            (None, Some(_)) => out.push(Difference {
                location,
                ours: ABSENT.into(),
                upstream: "present".into(),
            }),
            (None, None) => {}
        }
    }

    // 3. The security schemes the operations require.
    let mut scheme_names = security_scheme_names(ours, our_ops.values());
    scheme_names.extend(security_scheme_names(upstream, upstream_ops.values()));
    for name in scheme_names {
        let pointer = format!("/components/securitySchemes/{name}");
        let a = canonical_security_scheme(ours.pointer(&pointer));
        let b = canonical_security_scheme(upstream.pointer(&pointer));
        diff(&pointer, &a, &b, &mut out);
    }

    out
}

/// Formats a list of differences for an assertion message.
fn report(differences: &[Difference]) -> String {
    let lines: Vec<String> = differences.iter().map(|d| format!("  {d}")).collect();
    lines.join("\n")
}

// ---------------------------------------------------------------------------
// Walkers used by the style checks
// ---------------------------------------------------------------------------

/// Calls `visit(location, schema)` for `schema` and every inline subschema
/// (not following `$ref`).
fn visit_schemas(location: &str, schema: &Value, visit: &mut dyn FnMut(&str, &Value)) {
    visit(location, schema);
    let Some(object) = schema.as_object() else {
        return;
    };
    for (key, value) in object {
        match (key.as_str(), value) {
            ("properties" | "patternProperties" | "$defs", Value::Object(map)) => {
                for (name, sub) in map {
                    visit_schemas(&format!("{location}/{key}/{name}"), sub, visit);
                }
            }
            ("allOf" | "anyOf" | "oneOf" | "prefixItems", Value::Array(members)) => {
                for (index, sub) in members.iter().enumerate() {
                    visit_schemas(&format!("{location}/{key}/{index}"), sub, visit);
                }
            }
            ("items" | "additionalProperties" | "not", Value::Object(_)) => {
                visit_schemas(&format!("{location}/{key}"), value, visit);
            }
            _ => {}
        }
    }
}

/// Calls `visit` for every schema of `doc`: component schemas, parameter
/// schemas and the schemas of request and response bodies.
fn visit_all_schemas(doc: &Value, visit: &mut dyn FnMut(&str, &Value)) {
    for (name, schema) in doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        visit_schemas(&format!("/components/schemas/{name}"), schema, visit);
    }
    for (key, op) in operations(doc, None) {
        let operation = op.operation;
        for (index, parameter) in operation
            .get("parameters")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            if let Some(schema) = parameter.get("schema") {
                visit_schemas(
                    &format!("/operations/{key}/parameters/{index}/schema"),
                    schema,
                    visit,
                );
            }
        }
        let body_content = operation
            .pointer("/requestBody/content")
            .and_then(Value::as_object);
        for (media, entry) in body_content.into_iter().flatten() {
            if let Some(schema) = entry.get("schema") {
                visit_schemas(
                    &format!("/operations/{key}/requestBody/{media}"),
                    schema,
                    visit,
                );
            }
        }
        for (status, response) in operation
            .get("responses")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            for (media, entry) in response
                .get("content")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                if let Some(schema) = entry.get("schema") {
                    visit_schemas(
                        &format!("/operations/{key}/responses/{status}/{media}"),
                        schema,
                        visit,
                    );
                }
            }
        }
    }
}

/// Locations of every object key `keyword` in `value`. Keys of a
/// `properties` map are property names, not keywords, and are skipped.
fn keyword_locations(
    location: &str,
    value: &Value,
    keyword: &str,
    names_only: bool,
    out: &mut Vec<String>,
) {
    match value {
        Value::Object(map) => {
            for (key, item) in map {
                let here = format!("{location}/{key}");
                if !names_only && key == keyword {
                    out.push(here.clone());
                }
                let child_is_name_map = !names_only && key == "properties";
                keyword_locations(&here, item, keyword, child_is_name_map, out);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                keyword_locations(&format!("{location}/{index}"), item, keyword, false, out);
            }
        }
        _ => {}
    }
}

/// Every string under a `description` key in `value`, with its location.
fn descriptions(location: &str, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (key, item) in map {
                let here = format!("{location}/{key}");
                match (key.as_str(), item) {
                    ("description", Value::String(text)) => out.push((here, text.clone())),
                    _ => descriptions(&here, item, out),
                }
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                descriptions(&format!("{location}/{index}"), item, out);
            }
        }
        _ => {}
    }
}

/// Whether `value` has a `description` that is a non-blank string.
fn has_description(value: &Value) -> bool {
    value
        .get("description")
        .and_then(Value::as_str)
        .is_some_and(|text| !text.trim().is_empty())
}

/// Collapses runs of whitespace, for comparing prose.
fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `text` contains Japanese script (kana, CJK ideographs, full-width forms).
fn has_japanese(text: &str) -> bool {
    text.chars().any(|c| {
        matches!(c as u32, 0x3000..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
    })
}

/// Escapes a path for use as one JSON-pointer token.
fn pointer_token(text: &str) -> String {
    text.replace('~', "~0").replace('/', "~1")
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

/// The heart of this module: our document states exactly upstream's facts.
#[test]
fn our_payment_intents_spec_states_exactly_the_facts_of_payjps_own_document() {
    let ours = our_spec();
    let upstream = upstream_spec();
    let differences = compare_documents(&ours, &upstream);
    assert!(
        differences.is_empty(),
        "{} difference(s) of fact between {OUR_SPEC} and PAY.JP's {UPSTREAM_SPEC}:\n{}",
        differences.len(),
        report(&differences)
    );

    // The comparison covered what it should: 8 operations, 22 schemas.
    let our_ops = operations(&ours, None);
    let mut ids: Vec<&str> = our_ops
        .values()
        .filter_map(|op| op.operation.get("operationId").and_then(Value::as_str))
        .collect();
    ids.sort_unstable();
    let mut expected = OPERATION_IDS.to_vec();
    expected.sort_unstable();
    assert_eq!(ids, expected, "the operationIds of {OUR_SPEC}");
    assert!(
        our_ops
            .keys()
            .all(|key| key.contains(PAYMENT_INTENTS_PREFIX)),
        "only PaymentIntents paths"
    );
}

/// Our document is written the 3.1 way PAY.JP serves its API.
#[test]
fn our_spec_is_openapi_3_1_with_22_schemas_and_no_3_0_nullable() {
    let ours = our_spec();
    let version = ours.get("openapi").and_then(Value::as_str).unwrap_or("");
    assert!(
        version.starts_with("3.1."),
        "{OUR_SPEC} must declare openapi 3.1.x, found {version:?}"
    );

    let names: BTreeSet<&str> = ours
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|schemas| schemas.keys().map(String::as_str).collect())
        .unwrap_or_default();
    assert_eq!(
        names,
        SCHEMA_NAMES.into_iter().collect::<BTreeSet<_>>(),
        "the component schemas of {OUR_SPEC}"
    );
    assert_eq!(names.len(), 22);

    let mut nullable = Vec::new();
    keyword_locations("", &ours, "nullable", false, &mut nullable);
    assert!(
        nullable.is_empty(),
        "3.0 `nullable` keyword used (write `type: [T, \"null\"]` or a null arm):\n{nullable:#?}"
    );

    let mut titles = Vec::new();
    visit_all_schemas(&ours, &mut |location, schema| {
        if schema.get("title").is_some() {
            titles.push(location.to_owned());
        }
    });
    assert!(
        titles.is_empty(),
        "schemas must not carry `title`:\n{titles:#?}"
    );

    // Error bodies are problem details; successful bodies plain JSON.
    let mut wrong_media = Vec::new();
    for (key, op) in operations(&ours, None) {
        for (status, response) in op
            .operation
            .get("responses")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            let media: Vec<&String> = response
                .get("content")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
                .map(|(m, _)| m)
                .collect();
            let expected = if status.starts_with('2') {
                "application/json"
            } else {
                "application/problem+json"
            };
            if media.len() != 1 || media[0] != expected {
                wrong_media.push(format!(
                    "{key} {status}: {media:?}, expected [{expected:?}]"
                ));
            }
        }
    }
    assert!(
        wrong_media.is_empty(),
        "response media types:\n{}",
        wrong_media.join("\n")
    );

    // Server and authentication, as PAY.JP documents them.
    assert_eq!(
        ours.pointer("/servers/0/url"),
        Some(&json!("https://api.pay.jp"))
    );
    let scheme = ours
        .pointer("/components/securitySchemes/APIKeyHeader")
        .cloned()
        .unwrap_or(Value::Null);
    assert_eq!(
        canonical_security_scheme(Some(&scheme)),
        json!({"type": "apiKey", "in": "header", "name": "Authorization"})
    );
    let scheme_text = scheme
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or("");
    assert!(
        scheme_text.contains("Bearer"),
        "the APIKeyHeader description must say keys go as `Bearer <key>`"
    );
}

/// The generator turns descriptions into rustdoc, so nothing may lack one.
#[test]
fn every_operation_parameter_schema_and_property_of_our_spec_has_a_description() {
    let ours = our_spec();
    let mut missing = Vec::new();

    for (key, op) in operations(&ours, None) {
        let operation = op.operation;
        if !has_description(operation) {
            missing.push(format!("/operations/{key}"));
        }
        for parameter in operation
            .get("parameters")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if !has_description(parameter) {
                missing.push(format!(
                    "/operations/{key}/parameters/{}",
                    parameter["name"]
                ));
            }
        }
        if let Some(body) = operation.get("requestBody") {
            if !has_description(body) {
                missing.push(format!("/operations/{key}/requestBody"));
            }
        }
        for (status, response) in operation
            .get("responses")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            if !has_description(response) {
                missing.push(format!("/operations/{key}/responses/{status}"));
            }
        }
    }

    for (name, schema) in ours
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        if !has_description(schema) {
            missing.push(format!("/components/schemas/{name}"));
        }
    }
    visit_all_schemas(&ours, &mut |location, schema| {
        for (property, sub) in schema
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            if !has_description(sub) {
                missing.push(format!("{location}/properties/{property}"));
            }
        }
    });

    for (index, tag) in ours
        .get("tags")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        if !has_description(tag) {
            missing.push(format!("/tags/{index}"));
        }
    }
    if !ours.get("info").is_some_and(has_description) {
        missing.push("/info".into());
    }

    assert!(
        missing.is_empty(),
        "missing or empty descriptions in {OUR_SPEC}:\n{}",
        missing.join("\n")
    );
}

/// Descriptions are written in our own words: none equals one of upstream's,
/// and none carries upstream's Japanese text.
#[test]
fn our_descriptions_are_our_own_words_not_copies_of_upstream() {
    let ours = our_spec();
    let upstream = upstream_spec();

    let mut upstream_texts = Vec::new();
    descriptions("", &upstream, &mut upstream_texts);
    let upstream_texts: BTreeSet<String> = upstream_texts
        .into_iter()
        .map(|(_, text)| squeeze(&text))
        .collect();
    assert!(
        !upstream_texts.is_empty(),
        "upstream's descriptions were not found"
    );

    let mut our_texts = Vec::new();
    descriptions("", &ours, &mut our_texts);
    assert!(
        our_texts.len() > 100,
        "expected well over a hundred descriptions in {OUR_SPEC}"
    );

    let copied: Vec<String> = our_texts
        .iter()
        .filter(|(_, text)| upstream_texts.contains(&squeeze(text)))
        .map(|(location, text)| format!("{location}: {text:?}"))
        .collect();
    assert!(
        copied.is_empty(),
        "descriptions copied from upstream:\n{}",
        copied.join("\n")
    );

    let japanese: Vec<&String> = our_texts
        .iter()
        .filter(|(_, text)| has_japanese(text))
        .map(|(location, _)| location)
        .collect();
    assert!(
        japanese.is_empty(),
        "descriptions containing upstream's Japanese text:\n{japanese:#?}"
    );
}

/// The normaliser reads the 3.0 and 3.1 spellings of a fact alike, and only those.
#[test]
fn normaliser_treats_3_0_and_3_1_spellings_of_the_same_fact_alike() {
    let doc = json!({"components": {"schemas": {
        "Status": {"type": "string", "enum": ["a", "b"], "description": "x"},
        "Node": {"type": "object", "properties": {"next": {"$ref": "#/components/schemas/Node"}}},
    }}});
    let canonical = |schema: Value| canonical_schema(&doc, &schema);

    // Nullable primitives.
    let expected = json!({"type": "integer", "nullable": true});
    assert_eq!(canonical(json!({"type": ["integer", "null"]})), expected);
    assert_eq!(
        canonical(json!({"type": ["null", "integer"], "title": "T"})),
        expected
    );
    assert_eq!(
        canonical(json!({"type": "integer", "nullable": true})),
        expected
    );
    assert_eq!(
        canonical(json!({"anyOf": [{"type": "integer"}, {"type": "null"}], "description": "d"})),
        expected
    );
    assert_ne!(canonical(json!({"type": "integer"})), expected);

    // Nullable objects and references.
    assert_eq!(
        canonical(json!({"anyOf": [{"type": "object"}, {"type": "null"}]})),
        canonical(json!({"type": "object", "nullable": true}))
    );
    assert_eq!(
        canonical(json!({"anyOf": [{"$ref": "#/components/schemas/Status"}, {"type": "null"}]})),
        json!({"type": "string", "enum": ["a", "b"], "nullable": true})
    );

    // const and a single-value enum; enum order; single-ref allOf and $ref siblings.
    assert_eq!(
        canonical(json!({"type": "string", "const": "card"})),
        canonical(json!({"type": "string", "enum": ["card"]}))
    );
    assert_eq!(
        canonical(json!({"enum": ["b", "a"]})),
        canonical(json!({"enum": ["a", "b"]}))
    );
    let by_ref = canonical(json!({"$ref": "#/components/schemas/Status"}));
    assert_eq!(
        canonical(json!({"allOf": [{"$ref": "#/components/schemas/Status"}], "description": "y"})),
        by_ref
    );
    assert_eq!(
        canonical(json!({"$ref": "#/components/schemas/Status", "description": "z"})),
        by_ref
    );
    assert_ne!(
        canonical(json!({"$ref": "#/components/schemas/Status", "default": "a"})),
        by_ref
    );

    // A reference cycle terminates and keeps the reference.
    let node = canonical(json!({"$ref": "#/components/schemas/Node"}));
    assert_eq!(
        node.pointer("/properties/next/$ref"),
        Some(&json!("#/components/schemas/Node"))
    );

    // Numbers compare by value.
    assert_eq!(
        canonical(json!({"minimum": 50.0})),
        canonical(json!({"minimum": 50}))
    );
}

/// The comparison can fail: planting differences in our document makes
/// `compare_documents` report each of them.
#[test]
fn fact_comparison_reports_every_difference_planted_in_our_spec() {
    let upstream = upstream_spec();
    let original = our_spec();
    let baseline: Vec<String> = compare_documents(&original, &upstream)
        .into_iter()
        .map(|d| d.location)
        .collect();

    let mut ours = original.clone();
    let item = |path: &str| format!("/paths/{}", pointer_token(path));
    let with_id = "/v2/payment_intents/{payment_intent_id}";
    let schemas = "/components/schemas";
    // Sets (or adds) the value at a JSON pointer whose parent exists.
    let mut set = |pointer: String, value: Value| {
        let (parent, last) = pointer
            .rsplit_once('/')
            .unwrap_or_else(|| panic!("bad pointer {pointer}"));
        let last = last.replace("~1", "/").replace("~0", "~");
        match ours.pointer_mut(parent) {
            Some(Value::Object(map)) => {
                map.insert(last, value);
            }
            Some(Value::Array(items)) => {
                let index: usize = last
                    .parse()
                    .unwrap_or_else(|_| panic!("{pointer}: not an index"));
                items[index] = value;
            }
            _ => panic!("{parent} is missing from {OUR_SPEC}"),
        }
    };

    // Schema facts.
    set(
        format!("{schemas}/PaymentIntentCreateRequest/properties/amount/minimum"),
        json!(49),
    );
    set(
        format!("{schemas}/PaymentMethodOptionsRequest/required"),
        json!([]),
    );
    set(format!("{schemas}/CaptureMethod/enum/2"), json!("manuel"));
    set(
        format!("{schemas}/PaymentIntentResponse/properties/amount_capturable/type"),
        json!("integer"),
    );
    set(
        format!("{schemas}/PaymentMethodPayPayCreateRequest/properties/type/const"),
        json!("pay_pay"),
    );
    set(
        format!("{schemas}/PaymentMethodCreateRequest/discriminator/mapping"),
        json!({"card": "#/components/schemas/PaymentMethodCardCreateRequest"}),
    );
    set(
        format!("{schemas}/PaymentMethodCreateCardDetailsRequest/properties/cvc/pattern"),
        json!("^[0-9]{3}$"),
    );
    // Operation facts.
    set(
        format!("{}/get/operationId", item(with_id)),
        json!("GetPaymentIntent"),
    );
    set(
        format!(
            "{}/get/parameters/0/schema/maximum",
            item(PAYMENT_INTENTS_PREFIX)
        ),
        json!(1000),
    );
    set(
        format!(
            "{}/post/requestBody/required",
            item(&format!("{with_id}/cancel"))
        ),
        json!(true),
    );
    let create_422 = format!(
        "{}/post/responses/422/content",
        item(PAYMENT_INTENTS_PREFIX)
    );
    set(
        create_422,
        json!({"application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}}),
    );
    let responses = ours
        .pointer_mut(&format!("{}/get/responses", item(with_id)))
        .and_then(Value::as_object_mut);
    responses.expect("retrieve has responses").remove("404");
    let path_item = ours
        .pointer_mut(&item(with_id))
        .and_then(Value::as_object_mut);
    path_item.expect("the path item exists").insert(
        "delete".into(),
        json!({"operationId": "DeletePaymentIntent", "responses": {}}),
    );

    let differences = compare_documents(&ours, &upstream);
    let expected = [
        "/components/schemas/PaymentIntentCreateRequest/properties/amount/minimum",
        "/components/schemas/PaymentMethodOptionsRequest/required",
        "/components/schemas/CaptureMethod/enum",
        "/components/schemas/PaymentIntentResponse/properties/amount_capturable/nullable",
        "/components/schemas/PaymentMethodPayPayCreateRequest/properties/type/enum",
        "/components/schemas/PaymentMethodCreateRequest/discriminator/mapping/paypay",
        "/components/schemas/PaymentMethodCreateCardDetailsRequest/properties/cvc/pattern",
        "/operations/GET /v2/payment_intents/{payment_intent_id}/operationId",
        "/operations/GET /v2/payment_intents/parameters/query limit/schema/maximum",
        "/operations/POST /v2/payment_intents/{payment_intent_id}/cancel/requestBody/required",
        "/operations/POST /v2/payment_intents/responses/422/content/application/json",
        "/operations/POST /v2/payment_intents/responses/422/content/application/problem+json",
        "/operations/GET /v2/payment_intents/{payment_intent_id}/responses/404",
        "/operations/DELETE /v2/payment_intents/{payment_intent_id}",
        // A schema change also shows wherever an operation inlines that schema.
        "/operations/POST /v2/payment_intents/requestBody/content/application/json/schema/properties/amount/minimum",
    ];
    let unreported: Vec<&str> = expected
        .iter()
        .copied()
        .filter(|location| !baseline.iter().any(|seen| seen.starts_with(location)))
        .filter(|location| !differences.iter().any(|d| d.location.starts_with(location)))
        .collect();
    assert!(
        unreported.is_empty(),
        "planted differences not reported: {unreported:#?}\nreported:\n{}",
        report(&differences)
    );
    for location in expected {
        assert!(
            !baseline.iter().any(|seen| seen.starts_with(location)),
            "{location} differs even before planting anything"
        );
    }

    // Reports name both sides.
    let minimum = differences
        .iter()
        .find(|d| {
            d.location == "/components/schemas/PaymentIntentCreateRequest/properties/amount/minimum"
        })
        .map(ToString::to_string);
    assert_eq!(
        minimum.as_deref(),
        Some("/components/schemas/PaymentIntentCreateRequest/properties/amount/minimum: ours=49 upstream=50")
    );
}
