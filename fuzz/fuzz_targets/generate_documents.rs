//! Arbitrary structurally valid documents: the fuzzer's bytes choose an
//! OpenAPI-shaped JSON tree (random schemas with random keywords, `$ref`s,
//! combinators, formats, enums and awkward names; paths with parameters,
//! bodies and responses), written as JSON or YAML, 3.0 or 3.1. Generation
//! must return without panicking, hanging or running out of memory, and a
//! failure must never be an internal error (e.g. rendered Rust that does not
//! parse).

#![no_main]

use arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use serde_json::{json, Map, Value};

fuzz_target!(|data: &[u8]| {
    let mut u = Unstructured::new(data);
    let Ok((bytes, _)) = document(&mut u) else {
        return;
    };
    let config = sdkgen::Config::for_crate("fuzzed");
    if let Err(diags) = sdkgen::generate(&bytes, &config) {
        for diag in diags.iter() {
            assert!(
                !diag.message.starts_with("internal error"),
                "{diag}\n--- document ---\n{}",
                String::from_utf8_lossy(&bytes)
            );
        }
    }
});

/// Names that stress naming: keywords, digits, separators, non-ASCII,
/// prelude and runtime names, case collisions, pointer escapes.
const NAMES: &[&str] = &[
    "Pet",
    "pet",
    "PET",
    "pet_store",
    "PetStore",
    "pet-store",
    "type",
    "Type",
    "self",
    "Self",
    "crate",
    "super",
    "match",
    "fn",
    "async",
    "new",
    "builder",
    "clone",
    "default",
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Client",
    "Error",
    "Request",
    "Response",
    "Query",
    "ErrorBody",
    "SDK",
    "models",
    "operations",
    "mod",
    "lib",
    "serde",
    "std",
    "",
    "_",
    "__",
    "1st",
    "3d-secure",
    "a.b",
    "a/b",
    "a~b",
    "a~1b",
    "$ref",
    "@id",
    "with space",
    "café",
    "名前",
    "ü",
    "unknown",
    "Unknown",
    "UnknownValue",
    "additional_properties",
    "body",
    "send",
    "x",
    "Item",
    "Value",
    "Variant1",
    "r#type",
    "null",
    "true",
    "kind",
];

const TYPES: &[&str] = &[
    "string", "integer", "number", "boolean", "object", "array", "null", "strin", "",
];

const FORMATS: &[&str] = &[
    "date-time",
    "date",
    "int32",
    "int64",
    "float",
    "double",
    "byte",
    "binary",
    "uuid",
    "email",
    "uri",
    "password",
    "unix-time",
    "",
];

const MEDIA_TYPES: &[&str] = &[
    "application/json",
    "application/x-www-form-urlencoded",
    "text/plain",
    "application/octet-stream",
    "multipart/form-data",
    "application/problem+json",
    "application/xml",
    "*/*",
    "image/png",
    "application/json; charset=utf-8",
    "",
];

const STATUSES: &[&str] = &[
    "200", "201", "202", "204", "2XX", "default", "400", "404", "4XX", "500", "5XX", "299", "abc",
    "1XX", "600",
];

const PATHS: &[&str] = &[
    "/pets",
    "/pets/{id}",
    "/pets/{id}/toys/{toy_id}",
    "/{a}",
    "/x/{}",
    "/y/{unclosed",
    "/",
    "/pets/{id}.json",
    "/a-b/{c-d}",
    "/名前/{名前}",
];

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "patch", "head", "options", "trace",
];

fn pick<'a>(u: &mut Unstructured<'_>, from: &[&'a str]) -> Result<&'a str> {
    Ok(*u.choose(from)?)
}

/// A name: mostly from the palette, sometimes arbitrary text.
fn name(u: &mut Unstructured<'_>) -> Result<String> {
    if u.ratio(1, 8)? {
        let text: String = u.arbitrary()?;
        Ok(text.chars().take(24).collect())
    } else {
        Ok(pick(u, NAMES)?.to_owned())
    }
}

/// A JSON scalar (for enums, defaults, examples, constants).
fn scalar(u: &mut Unstructured<'_>) -> Result<Value> {
    Ok(match u.int_in_range(0..=6)? {
        0 => Value::Null,
        1 => Value::Bool(u.arbitrary()?),
        2 => Value::from(u.int_in_range(-3i64..=3)?),
        3 => Value::from(u.arbitrary::<i64>()?),
        4 => serde_json::Number::from_f64(u.arbitrary::<f64>()?)
            .map(Value::Number)
            .unwrap_or(Value::Null),
        5 => Value::from(u64::MAX),
        _ => Value::from(name(u)?),
    })
}

/// A `$ref` to a schema: mostly to a declared one, sometimes dangling,
/// external or into a schema.
fn schema_ref(u: &mut Unstructured<'_>, schemas: &[String]) -> Result<Value> {
    let target = match u.int_in_range(0..=9)? {
        0 => "#/components/schemas/Missing".to_owned(),
        1 => "other.yaml#/Pet".to_owned(),
        2 => "#/components/schemas/Pet/properties/id".to_owned(),
        3 => "#/components/parameters/P0".to_owned(),
        _ if !schemas.is_empty() => {
            let target = u.choose(schemas)?;
            format!(
                "#/components/schemas/{}",
                target.replace('~', "~0").replace('/', "~1")
            )
        }
        _ => "#/components/schemas/Pet".to_owned(),
    };
    Ok(json!({ "$ref": target }))
}

/// A schema: any keyword mix, recursion bounded by `depth`.
fn schema(u: &mut Unstructured<'_>, schemas: &[String], depth: u32) -> Result<Value> {
    let leaf = depth >= 4;
    let choice = if leaf {
        u.int_in_range(0..=3)?
    } else {
        u.int_in_range(0..=13)?
    };
    let mut map = Map::new();
    match choice {
        0 => return schema_ref(u, schemas),
        1 => {
            map.insert("type".into(), Value::from(pick(u, TYPES)?));
            if u.ratio(1, 2)? {
                map.insert("format".into(), Value::from(pick(u, FORMATS)?));
            }
        }
        2 => {
            let ty = pick(u, &["string", "integer", "number", "boolean"])?;
            map.insert("type".into(), Value::from(ty));
            let count = u.int_in_range(0..=5)?;
            let mut values = Vec::new();
            for _ in 0..count {
                values.push(if u.ratio(3, 4)? && ty == "string" {
                    Value::from(name(u)?)
                } else {
                    scalar(u)?
                });
            }
            map.insert("enum".into(), Value::Array(values));
        }
        3 => {
            map.insert("const".into(), scalar(u)?);
        }
        4 | 5 => {
            map.insert("type".into(), Value::from("object"));
            let mut props = Map::new();
            let mut required = Vec::new();
            for _ in 0..u.int_in_range(0..=5)? {
                let prop = name(u)?;
                if u.ratio(1, 2)? {
                    required.push(Value::from(prop.clone()));
                }
                props.insert(prop, schema(u, schemas, depth + 1)?);
            }
            map.insert("properties".into(), Value::Object(props));
            if !required.is_empty() {
                map.insert("required".into(), Value::Array(required));
            }
            match u.int_in_range(0..=3)? {
                0 => {}
                1 => {
                    map.insert("additionalProperties".into(), Value::Bool(u.arbitrary()?));
                }
                _ => {
                    map.insert(
                        "additionalProperties".into(),
                        schema(u, schemas, depth + 1)?,
                    );
                }
            }
        }
        6 => {
            map.insert("type".into(), Value::from("array"));
            if u.ratio(7, 8)? {
                map.insert("items".into(), schema(u, schemas, depth + 1)?);
            }
        }
        7..=9 => {
            let keyword = pick(u, &["allOf", "oneOf", "anyOf"])?;
            let mut arms = Vec::new();
            for _ in 0..u.int_in_range(0..=4)? {
                arms.push(if u.ratio(1, 6)? {
                    json!({"type": "null"})
                } else {
                    schema(u, schemas, depth + 1)?
                });
            }
            map.insert(keyword.into(), Value::Array(arms));
            if keyword == "oneOf" && u.ratio(1, 2)? {
                let mut discriminator = Map::new();
                discriminator.insert("propertyName".into(), Value::from(name(u)?));
                if u.ratio(1, 2)? && !schemas.is_empty() {
                    let mut mapping = Map::new();
                    for _ in 0..u.int_in_range(0..=3)? {
                        let target = u.choose(schemas)?;
                        mapping.insert(
                            name(u)?,
                            Value::from(format!("#/components/schemas/{target}")),
                        );
                    }
                    discriminator.insert("mapping".into(), Value::Object(mapping));
                }
                map.insert("discriminator".into(), Value::Object(discriminator));
            }
        }
        10 => {
            let count = u.int_in_range(1..=3)?;
            let mut types = Vec::new();
            for _ in 0..count {
                types.push(Value::from(pick(u, TYPES)?));
            }
            map.insert("type".into(), Value::Array(types));
        }
        11 => {
            map.insert("not".into(), schema(u, schemas, depth + 1)?);
        }
        12 => {
            // A `$ref` with siblings.
            let Value::Object(reference) = schema_ref(u, schemas)? else {
                unreachable!("schema_ref builds an object")
            };
            map.extend(reference);
            map.insert("description".into(), Value::from(name(u)?));
            map.insert("nullable".into(), Value::Bool(u.arbitrary()?));
        }
        _ => {
            // Junk where a schema should be, or unusual keywords.
            return Ok(match u.int_in_range(0..=4)? {
                0 => Value::Bool(u.arbitrary()?),
                1 => scalar(u)?,
                2 => json!({"prefixItems": [{"type": "string"}]}),
                3 => json!({"items": [{"type": "string"}], "type": "array"}),
                _ => json!({}),
            });
        }
    }
    for (keyword, chance) in [
        ("nullable", 6),
        ("readOnly", 10),
        ("writeOnly", 10),
        ("deprecated", 10),
    ] {
        if u.ratio(1, chance)? {
            map.insert(keyword.into(), Value::Bool(u.arbitrary()?));
        }
    }
    if u.ratio(1, 6)? {
        map.insert("default".into(), scalar(u)?);
    }
    if u.ratio(1, 8)? {
        map.insert("example".into(), scalar(u)?);
    }
    if u.ratio(1, 8)? {
        map.insert("examples".into(), Value::Array(vec![scalar(u)?]));
    }
    if u.ratio(1, 5)? {
        map.insert("description".into(), Value::from(name(u)?));
    }
    if u.ratio(1, 10)? {
        map.insert("title".into(), Value::from(name(u)?));
    }
    for keyword in [
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "minLength",
        "maxItems",
    ] {
        if u.ratio(1, 16)? {
            map.insert(keyword.into(), scalar(u)?);
        }
    }
    Ok(Value::Object(map))
}

fn parameter(u: &mut Unstructured<'_>, schemas: &[String], path_names: &[String]) -> Result<Value> {
    if u.ratio(1, 6)? {
        let target = pick(u, &["P0", "P1", "Missing"])?;
        return Ok(json!({ "$ref": format!("#/components/parameters/{target}") }));
    }
    let location = pick(
        u,
        &["path", "query", "header", "cookie", "body", "formData"],
    )?;
    let param_name = if location == "path" && !path_names.is_empty() && u.ratio(3, 4)? {
        u.choose(path_names)?.clone()
    } else {
        name(u)?
    };
    let mut map = Map::new();
    map.insert("name".into(), Value::from(param_name));
    map.insert("in".into(), Value::from(location));
    if location == "path" || u.ratio(1, 3)? {
        map.insert(
            "required".into(),
            Value::Bool(location == "path" || u.arbitrary()?),
        );
    }
    match u.int_in_range(0..=5)? {
        0 => {}
        1 => {
            let media = pick(u, MEDIA_TYPES)?;
            map.insert(
                "content".into(),
                json!({ media: { "schema": schema(u, schemas, 2)? } }),
            );
        }
        _ => {
            map.insert("schema".into(), schema(u, schemas, 2)?);
        }
    }
    if u.ratio(1, 3)? {
        let style = pick(
            u,
            &[
                "form",
                "spaceDelimited",
                "pipeDelimited",
                "deepObject",
                "simple",
                "matrix",
                "x",
            ],
        )?;
        map.insert("style".into(), Value::from(style));
        map.insert("explode".into(), Value::Bool(u.arbitrary()?));
    }
    Ok(Value::Object(map))
}

fn content(u: &mut Unstructured<'_>, schemas: &[String]) -> Result<Value> {
    let mut map = Map::new();
    for _ in 0..u.int_in_range(0..=2)? {
        let media = pick(u, MEDIA_TYPES)?;
        let entry = if u.ratio(1, 6)? {
            json!({})
        } else {
            json!({ "schema": schema(u, schemas, 1)? })
        };
        map.insert(media.to_owned(), entry);
    }
    Ok(Value::Object(map))
}

fn response(u: &mut Unstructured<'_>, schemas: &[String]) -> Result<Value> {
    if u.ratio(1, 6)? {
        let target = pick(u, &["R0", "R1", "Missing"])?;
        return Ok(json!({ "$ref": format!("#/components/responses/{target}") }));
    }
    let mut map = Map::new();
    if u.ratio(5, 6)? {
        map.insert("description".into(), Value::from(name(u)?));
    }
    if u.ratio(2, 3)? {
        map.insert("content".into(), content(u, schemas)?);
    }
    Ok(Value::Object(map))
}

fn request_body(u: &mut Unstructured<'_>, schemas: &[String]) -> Result<Value> {
    if u.ratio(1, 6)? {
        let target = pick(u, &["B0", "Missing"])?;
        return Ok(json!({ "$ref": format!("#/components/requestBodies/{target}") }));
    }
    Ok(json!({
        "required": u.arbitrary::<bool>()?,
        "content": content(u, schemas)?,
    }))
}

/// Names inside `{...}` of a path template.
fn template_names(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        out.push(after[..close].to_owned());
        rest = &after[close + 1..];
    }
    out
}

fn operation(u: &mut Unstructured<'_>, schemas: &[String], path: &str) -> Result<Value> {
    let mut map = Map::new();
    if u.ratio(4, 5)? {
        map.insert("operationId".into(), Value::from(name(u)?));
    }
    if u.ratio(1, 2)? {
        let mut tags = Vec::new();
        for _ in 0..u.int_in_range(0..=2)? {
            tags.push(Value::from(name(u)?));
        }
        map.insert("tags".into(), Value::Array(tags));
    }
    let path_names = template_names(path);
    let mut params = Vec::new();
    for _ in 0..u.int_in_range(0..=4)? {
        params.push(parameter(u, schemas, &path_names)?);
    }
    map.insert("parameters".into(), Value::Array(params));
    if u.ratio(1, 2)? {
        map.insert("requestBody".into(), request_body(u, schemas)?);
    }
    let mut responses = Map::new();
    for _ in 0..u.int_in_range(0..=3)? {
        responses.insert(pick(u, STATUSES)?.to_owned(), response(u, schemas)?);
    }
    map.insert("responses".into(), Value::Object(responses));
    Ok(Value::Object(map))
}

/// A whole document as bytes (JSON or YAML), and its tree.
fn document(u: &mut Unstructured<'_>) -> Result<(Vec<u8>, Value)> {
    let version = pick(u, &["3.0.3", "3.1.0", "3.0.0", "3.1.1"])?;
    let mut schema_names = Vec::new();
    for _ in 0..u.int_in_range(0..=6)? {
        schema_names.push(name(u)?);
    }
    let mut schemas = Map::new();
    for schema_name in &schema_names {
        schemas.insert(schema_name.clone(), schema(u, &schema_names, 0)?);
    }
    let mut parameters = Map::new();
    for param_name in ["P0", "P1"] {
        if u.ratio(1, 2)? {
            parameters.insert(param_name.into(), parameter(u, &schema_names, &[])?);
        }
    }
    let mut responses = Map::new();
    for response_name in ["R0", "R1"] {
        if u.ratio(1, 2)? {
            responses.insert(response_name.into(), response(u, &schema_names)?);
        }
    }
    let mut bodies = Map::new();
    if u.ratio(1, 2)? {
        bodies.insert("B0".into(), request_body(u, &schema_names)?);
    }
    let mut paths = Map::new();
    for _ in 0..u.int_in_range(0..=4)? {
        let path = if u.ratio(1, 8)? {
            format!("/{}", name(u)?)
        } else {
            pick(u, PATHS)?.to_owned()
        };
        let mut item = Map::new();
        for _ in 0..u.int_in_range(1..=3)? {
            let method = pick(u, METHODS)?;
            item.insert(method.into(), operation(u, &schema_names, &path)?);
        }
        if u.ratio(1, 6)? {
            item.insert(
                "parameters".into(),
                Value::Array(vec![parameter(u, &schema_names, &template_names(&path))?]),
            );
        }
        paths.insert(path, Value::Object(item));
    }
    let mut doc = json!({
        "openapi": version,
        "info": {"title": name(u)?, "version": "1"},
        "paths": paths,
        "components": {
            "schemas": schemas,
            "parameters": parameters,
            "responses": responses,
            "requestBodies": bodies,
        },
    });
    if u.ratio(1, 4)? {
        doc["servers"] = json!([{"url": "https://{region}.example.com/v1", "variables": {"region": {"default": name(u)?}}}]);
    }
    if u.ratio(1, 4)? {
        doc["security"] = json!([{"key": []}]);
        doc["components"]["securitySchemes"] =
            json!({"key": {"type": "http", "scheme": pick(u, &["basic", "bearer"])?}});
    }
    let bytes = if u.ratio(1, 2)? {
        serde_json::to_vec_pretty(&doc).unwrap_or_default()
    } else {
        serde_yaml::to_string(&doc).unwrap_or_default().into_bytes()
    };
    Ok((bytes, doc))
}
