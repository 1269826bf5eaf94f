//! Unit tests of the load phase: formats, version checks, and reporting of
//! every problem at once with locations.

use super::load;

fn errors(source: &str) -> Vec<(String, Option<usize>, String)> {
    match load(source.as_bytes()) {
        Ok(_) => panic!("loading should fail"),
        Err(diags) => diags
            .into_iter()
            .map(|d| (d.pointer, d.line, d.message))
            .collect(),
    }
}

#[test]
fn yaml_and_json_load_to_the_same_document() {
    let yaml = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\n";
    let json = r#"{"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": {}}"#;
    let a = load(yaml.as_bytes()).expect("yaml loads");
    let b = load(json.as_bytes()).expect("json loads");
    assert_eq!(a.document, b.document);
    assert_eq!(a.source_version, "3.1.0");
}

#[test]
fn invalid_yaml_reports_its_line() {
    let found = errors("openapi: 3.1.0\ninfo:\n  title: [unclosed\n");
    assert_eq!(found.len(), 1);
    assert!(found[0].2.starts_with("invalid YAML"), "{found:?}");
    assert!(found[0].1.is_some(), "{found:?}");
}

#[test]
fn invalid_json_reports_its_line() {
    let found = errors("{\n  \"openapi\": \"3.1.0\",\n  \"info\": }\n");
    assert!(found[0].2.starts_with("invalid JSON"), "{found:?}");
    assert_eq!(found[0].1, Some(3));
}

#[test]
fn documents_that_are_not_openapi_3_are_refused() {
    assert!(errors("swagger: '2.0'\n")[0].2.contains("Swagger 2.0"));
    assert!(errors("openapi: 2.5.0\n")[0]
        .2
        .contains("unsupported OpenAPI version"));
    assert!(errors("title: nothing\n")[0]
        .2
        .contains("`openapi` field is missing"));
    assert!(errors("- just\n- a list\n")[0]
        .2
        .contains("must be a YAML or JSON mapping"));
    assert!(errors("\u{0}\u{159}").len() == 1);
}

#[test]
fn every_malformed_part_is_reported_with_pointer_and_line() {
    let source = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      responses: 5\n  /b:\n    get:\n      parameters:\n        - {name: x, in: nowhere}\n      responses: {}\ncomponents:\n  schemas:\n    S: 5\n";
    let found = errors(source);
    let located: Vec<(&str, Option<usize>)> =
        found.iter().map(|(p, l, _)| (p.as_str(), *l)).collect();
    assert_eq!(
        located,
        [
            ("/paths/~1a/get/responses", Some(6)),
            ("/paths/~1b/get/parameters/0", Some(10)),
            ("/paths/~1b/get/parameters/0/in", Some(10)),
            ("/components/schemas/S", Some(14)),
        ],
        "{found:?}"
    );
    assert!(
        found[1].2.contains("parameter `x` needs a `schema`"),
        "{found:?}"
    );
    assert!(found[2].2.contains("is `in: nowhere`"), "{found:?}");
}

#[test]
fn normalised_3_1_parses_with_nullable_and_enums() {
    let loaded = load(
        b"openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {type: [integer, 'null'], examples: [3]}\n    B: {const: x}\n",
    )
    .expect("loads");
    let schemas = &loaded.document.components.expect("components").schemas;
    let a = schemas["A"].as_item().expect("inline");
    assert!(a.schema_data.nullable);
    assert_eq!(a.schema_data.example, Some(serde_json::json!(3)));
    let b = schemas["B"].as_item().expect("inline");
    assert!(
        matches!(&b.schema_kind, openapiv3::SchemaKind::Type(openapiv3::Type::String(s)) if s.enumeration == vec![Some("x".to_owned())])
    );
}

/// Loads `source`, which must load; its warnings as (pointer, message).
fn warnings(source: &str) -> (super::Loaded, Vec<(String, String)>) {
    let loaded = load(source.as_bytes()).unwrap_or_else(|d| panic!("loading fails:\n{d}"));
    let found = loaded
        .diagnostics
        .iter()
        .map(|d| (d.pointer.clone(), d.message.clone()))
        .collect();
    (loaded, found)
}

#[test]
fn null_security_scopes_are_read_as_none() {
    let (loaded, found) = warnings(
        "openapi: 3.0.3\ninfo: {title: T, version: '1'}\nsecurity: [{key: null}]\npaths:\n  /a:\n    post:\n      security: [{oauth2: null}, {}]\n      responses: {'204': {description: ok}}\ncomponents:\n  securitySchemes:\n    key: {type: apiKey, in: header, name: X-Key}\n    oauth2: {type: oauth2, flows: {clientCredentials: {tokenUrl: 'https://t', scopes: {}}}}\n",
    );
    let pointers: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        pointers,
        ["/security/0/key", "/paths/~1a/post/security/0/oauth2"]
    );
    assert!(found[0].1.contains("read as no scopes"), "{found:?}");
    let op = loaded.document.paths.paths["/a"]
        .as_item()
        .and_then(|i| i.post.as_ref())
        .expect("post");
    let security = op.security.as_ref().expect("security");
    assert_eq!(security[0]["oauth2"], Vec::<String>::new());
    assert_eq!(
        loaded.document.security.as_ref().expect("root")[0]["key"],
        Vec::<String>::new()
    );
}

#[test]
fn webhook_payloads_become_component_schemas() {
    let (loaded, found) = warnings(
        "openapi: 3.1.0\ninfo: {title: T, version: '1'}\nwebhooks:\n  pet_added:\n    post:\n      operationId: petAdded\n      requestBody:\n        content:\n          application/json:\n            schema:\n              type: object\n              properties:\n                pair: {prefixItems: [{type: string}, {type: integer}]}\n  pet_gone:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema: {$ref: '#/components/schemas/Pet'}\ncomponents:\n  schemas:\n    Pet: {type: object}\n    petAdded webhook: {type: string}\n",
    );
    let schemas = &loaded
        .document
        .components
        .as_ref()
        .expect("components")
        .schemas;
    let names: Vec<&str> = schemas.keys().map(String::as_str).collect();
    // The name taken already gets a suffix; a payload given by `$ref` is
    // the component it names.
    assert_eq!(names, ["Pet", "petAdded webhook", "petAdded webhook 2"]);
    assert!(loaded.document.paths.paths.is_empty());
    // What is reported inside the payload points into `webhooks`.
    assert_eq!(
        found.iter().map(|(p, _)| p.as_str()).collect::<Vec<_>>(),
        ["/webhooks/pet_added/post/requestBody/content/application~1json/schema/properties/pair/prefixItems"]
    );
    let hoisted = &loaded.document.extensions[super::HOISTED];
    assert_eq!(
        hoisted["/components/schemas/petAdded webhook 2"],
        "/webhooks/pet_added/post/requestBody/content/application~1json/schema"
    );
}
