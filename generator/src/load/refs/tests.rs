//! Unit tests of reference resolution: where references lead, their
//! canonical spelling, what is reported, and what the lowering makes of
//! their targets.

use std::collections::BTreeMap;

use super::*;
use crate::config::Config;
use crate::ir::{Api, TypeKind, TypeRef};

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\n";

/// Other documents, by the path a `Source` names.
fn files(list: &[(&str, &str)]) -> BTreeMap<String, String> {
    list.iter()
        .map(|(path, text)| ((*path).to_owned(), (*text).to_owned()))
        .collect()
}

fn reader(
    files: &BTreeMap<String, String>,
) -> impl Fn(&Source<'_>) -> Result<Vec<u8>, String> + '_ {
    move |source| {
        let path = match source {
            Source::File(path) => *path,
            Source::Url { path, .. } => *path,
        };
        files
            .get(path)
            .map(|text| text.as_bytes().to_vec())
            .ok_or_else(|| format!("no file {path}"))
    }
}

fn generate(
    spec: &str,
    config: &Config,
    others: &[(&str, &str)],
) -> Result<crate::Generated, Diagnostics> {
    let files = files(others);
    let read = reader(&files);
    crate::generate_with_sources(spec.as_bytes(), config, None, &read)
}

fn api(spec: &str, others: &[(&str, &str)]) -> Api {
    let generated = generate(spec, &Config::for_crate("t"), others)
        .unwrap_or_else(|d| panic!("generation failed:\n{d}"));
    generated.api
}

fn type_named<'a>(api: &'a Api, name: &str) -> (crate::ir::TypeId, &'a crate::ir::TypeDef) {
    let index = api
        .types
        .iter()
        .position(|t| t.name == name)
        .unwrap_or_else(|| {
            panic!(
                "no type {name}; have {:?}",
                api.types.iter().map(|t| &t.name).collect::<Vec<_>>()
            )
        });
    (crate::ir::TypeId(index as u32), &api.types[index])
}

fn field<'a>(api: &'a Api, ty: &str, wire: &str) -> &'a TypeRef {
    let (_, def) = type_named(api, ty);
    let TypeKind::Struct(s) = &def.kind else {
        panic!("{ty} is not a struct: {:?}", def.kind)
    };
    &s.fields
        .iter()
        .find(|f| f.wire == wire)
        .unwrap_or_else(|| panic!("{ty} has no field {wire}"))
        .ty
}

fn errors(spec: &str, config: &Config, others: &[(&str, &str)]) -> Vec<(String, String)> {
    match generate(spec, config, others) {
        Ok(_) => panic!("generation should fail"),
        Err(diags) => diags
            .into_iter()
            .filter(|d| d.severity == crate::diag::Severity::Error)
            .map(|d| (d.pointer, d.message))
            .collect(),
    }
}

// ---------------------------------------------------------------------------
// Where references lead
// ---------------------------------------------------------------------------

#[test]
fn relative_paths_resolve_against_the_document_they_are_in() {
    let main = Some("openapi.yaml");
    let file = |p: &str| DocName::File(p.to_owned());
    assert_eq!(
        locate(&DocName::Main, "pet.yaml", main),
        Ok(file("pet.yaml"))
    );
    assert_eq!(
        locate(&DocName::Main, "./schemas/../schemas/pet.yaml", main),
        Ok(file("schemas/pet.yaml"))
    );
    assert_eq!(
        locate(&file("schemas/pet.yaml"), "owner.yaml", main),
        Ok(file("schemas/owner.yaml"))
    );
    assert_eq!(
        locate(&file("schemas/pet.yaml"), "../../common/x.json", main),
        Ok(file("../common/x.json"))
    );
    assert_eq!(
        locate(&file("schemas/pet.yaml"), "my%20pets.yaml", main),
        Ok(file("schemas/my pets.yaml"))
    );
    // Back into the main document by its name.
    assert_eq!(
        locate(&file("schemas/pet.yaml"), "../openapi.yaml", main),
        Ok(DocName::Main)
    );
    assert_eq!(locate(&file("a.yaml"), "", main), Ok(file("a.yaml")));
}

#[test]
fn urls_resolve_as_urls() {
    let url = |u: &str| DocName::Url(u.to_owned());
    assert_eq!(
        locate(
            &DocName::Main,
            "https://example.com/a/./b/../spec.yaml",
            None
        ),
        Ok(url("https://example.com/a/spec.yaml"))
    );
    let base = url("https://example.com/api/v1/spec.yaml");
    assert_eq!(
        locate(&base, "common.yaml", None),
        Ok(url("https://example.com/api/v1/common.yaml"))
    );
    assert_eq!(
        locate(&base, "../shared/x.yaml", None),
        Ok(url("https://example.com/api/shared/x.yaml"))
    );
    assert_eq!(
        locate(&base, "/root.yaml", None),
        Ok(url("https://example.com/root.yaml"))
    );
    assert_eq!(
        locate(&base, "//cdn.example.com/x.yaml", None),
        Ok(url("https://cdn.example.com/x.yaml"))
    );
    assert!(locate(&DocName::Main, "urn:x:y", None).is_err());
    assert!(locate(&DocName::Main, "//cdn.example.com/x.yaml", None).is_err());
}

#[test]
fn pointers_are_spelled_one_way() {
    assert_eq!(canonical_pointer("/a~1b/c~0d/0"), "/a~1b/c~0d/0");
    assert_eq!(
        split_pointer("/components/schemas/a~1b~0c"),
        ["components", "schemas", "a/b~c"]
    );
    assert_eq!(percent_decode("a%20b%2Fc%zz%4"), "a b/c%zz%4");
    assert_eq!(normalize_path("a/./b//../../../c"), "../c");
    assert_eq!(normalize_path("/a/../../b"), "/b");
}

#[test]
fn percent_encoded_and_escaped_references_are_one_reference() {
    let spec = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    'a b/c':\n      type: object\n      properties:\n        x: {{type: string}}\n    Holder:\n      type: object\n      properties:\n        one: {{$ref: '#/components/schemas/a%20b~1c'}}\n        two: {{$ref: '#/components/schemas/a b~1c'}}\n        three: {{$ref: '#/components/schemas/a%20b~1c/properties/x'}}\n"
    );
    let api = api(&spec, &[]);
    let (id, _) = type_named(&api, "ABC");
    assert_eq!(field(&api, "Holder", "one"), &TypeRef::Named(id));
    assert_eq!(field(&api, "Holder", "two"), &TypeRef::Named(id));
    assert_eq!(
        field(&api, "Holder", "three"),
        &TypeRef::Prim(crate::ir::Prim::String)
    );
}

#[test]
fn references_in_examples_are_data() {
    let spec = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Event:\n      type: object\n      properties:\n        data: {{type: object, example: {{schema: {{$ref: 'https://example.com/x.json#y'}}}}}}\n        example: {{type: string}}\n      example:\n        $ref: 'missing.yaml'\n"
    );
    let generated = generate(&spec, &Config::for_crate("t"), &[])
        .unwrap_or_else(|d| panic!("references in examples are not followed:\n{d}"));
    assert!(generated.warnings.is_empty(), "{}", generated.warnings);
}

// ---------------------------------------------------------------------------
// Local pointers
// ---------------------------------------------------------------------------

#[test]
fn a_target_lowered_in_its_place_and_by_reference_is_one_type() {
    // The parameter's enum is lowered with the operation and again through
    // the property's reference: one type, named after the parameter.
    let spec = format!(
        "{HEAD}paths:\n  /runs:\n    get:\n      operationId: listRuns\n      parameters:\n        - $ref: '#/components/parameters/run_state'\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/Run'}}\ncomponents:\n  parameters:\n    run_state:\n      name: state\n      in: query\n      schema: {{type: string, enum: [queued, running, done]}}\n  schemas:\n    Run:\n      type: object\n      properties:\n        state: {{$ref: '#/components/parameters/run_state/schema'}}\n        again: {{$ref: '#/components/parameters/run_state/schema'}}\n"
    );
    let api = api(&spec, &[]);
    let (id, def) = type_named(&api, "RunState");
    assert!(matches!(def.kind, TypeKind::Enum(_)), "{:?}", def.kind);
    assert_eq!(def.origin, "/components/parameters/run_state/schema");
    assert_eq!(field(&api, "Run", "state"), &TypeRef::Named(id));
    assert_eq!(field(&api, "Run", "again"), &TypeRef::Named(id));
    let param = &api.operations[0].params[0];
    assert_eq!(param.wire, "state");
    assert_eq!(param.ty, TypeRef::Named(id));
    assert_eq!(
        api.types
            .iter()
            .filter(|t| matches!(t.kind, TypeKind::Enum(_)))
            .count(),
        1
    );
}

#[test]
fn deep_pointers_into_responses_schemas_and_defs() {
    let spec = format!(
        "{HEAD}paths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '200': {{$ref: '#/components/responses/Data'}}\ncomponents:\n  responses:\n    Data:\n      description: data\n      content:\n        application/json:\n          schema:\n            oneOf:\n              - {{title: Text, type: object, properties: {{text: {{type: string}}}}}}\n              - {{title: Count, type: object, properties: {{count: {{type: integer}}}}}}\n  schemas:\n    Base:\n      allOf:\n        - type: object\n          properties:\n            id: {{type: string}}\n        - type: object\n          properties:\n            kind: {{type: string}}\n    Holder:\n      type: object\n      properties:\n        text: {{$ref: '#/components/responses/Data/content/application~1json/schema/oneOf/0'}}\n        base: {{$ref: '#/components/schemas/Base/allOf/0'}}\n        tree: {{$ref: '#/components/schemas/Holder/$defs/Tree'}}\n      $defs:\n        Tree:\n          type: object\n          properties:\n            children: {{type: array, items: {{$ref: '#/components/schemas/Holder/$defs/Tree'}}}}\n    Merged:\n      allOf:\n        - $ref: '#/components/schemas/Base/allOf/0'\n        - type: object\n          properties:\n            extra: {{type: boolean}}\n"
    );
    let api = api(&spec, &[]);
    let (text, def) = type_named(&api, "DataText");
    assert_eq!(
        def.origin,
        "/components/responses/Data/content/application~1json/schema/oneOf/0"
    );
    assert_eq!(field(&api, "Holder", "text"), &TypeRef::Named(text));
    // The response's union uses the same type for its first arm.
    let response = api.operations[0].responses[0].ty.clone();
    let Some(TypeRef::Named(union)) = response else {
        panic!("a named response type: {response:?}")
    };
    let TypeKind::Union(u) = &api.types[union.index()].kind else {
        panic!("a union")
    };
    assert_eq!(u.variants[0].ty, TypeRef::Named(text));
    let (base, _) = type_named(&api, "BasePart1");
    assert_eq!(field(&api, "Holder", "base"), &TypeRef::Named(base));
    // Recursion through a struct at a `$defs` entry ends at that struct.
    let (tree, _) = type_named(&api, "HolderTree");
    assert_eq!(field(&api, "Holder", "tree"), &TypeRef::Named(tree));
    assert_eq!(
        field(&api, "HolderTree", "children"),
        &TypeRef::Array(Box::new(TypeRef::Named(tree)))
    );
    // An `allOf` arm given by a deep pointer is merged like any other.
    let (_, merged) = type_named(&api, "Merged");
    let TypeKind::Struct(s) = &merged.kind else {
        panic!("a struct")
    };
    let wires: Vec<&str> = s.fields.iter().map(|f| f.wire.as_str()).collect();
    assert_eq!(wires, ["id", "extra"]);
}

#[test]
fn chains_of_references_are_followed_and_cycles_reported() {
    let spec = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  parameters:\n    P:\n      name: p\n      in: query\n      schema: {{$ref: '#/components/parameters/Q/schema'}}\n    Q:\n      name: q\n      in: query\n      schema: {{type: integer, format: int32}}\n  headers:\n    Rate:\n      schema: {{type: object, properties: {{left: {{type: integer}}}}}}\n  schemas:\n    Holder:\n      type: object\n      properties:\n        p: {{$ref: '#/components/parameters/P/schema'}}\n        rate: {{$ref: '#/components/headers/Rate/schema'}}\n"
    );
    let api = api(&spec, &[]);
    assert_eq!(
        field(&api, "Holder", "p"),
        &TypeRef::Prim(crate::ir::Prim::I32)
    );
    // A header's schema, named after the header.
    let (rate, def) = type_named(&api, "Rate");
    assert_eq!(def.origin, "/components/headers/Rate/schema");
    assert_eq!(field(&api, "Holder", "rate"), &TypeRef::Named(rate));
    let cyclic = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  parameters:\n    P:\n      name: p\n      in: query\n      schema: {{type: array, items: {{$ref: '#/components/parameters/P/schema'}}}}\n  schemas:\n    Holder:\n      type: object\n      properties:\n        p: {{$ref: '#/components/parameters/P/schema'}}\n"
    );
    let found = errors(&cyclic, &Config::for_crate("t"), &[]);
    assert!(
        found
            .iter()
            .any(|(at, message)| at == "/components/parameters/P/schema"
                && message.starts_with("`$ref` cycle with no schema in between")),
        "{found:?}"
    );
}

#[test]
fn parameters_responses_bodies_and_path_items_anywhere() {
    let spec = format!(
        "{HEAD}paths:\n  /a:\n    get:\n      operationId: getA\n      parameters:\n        - name: limit\n          in: query\n          schema: {{type: integer}}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{type: object, properties: {{n: {{type: integer}}}}}}\n    post:\n      operationId: postA\n      parameters:\n        - $ref: '#/paths/~1a/get/parameters/0'\n      requestBody: {{$ref: '#/x-shared/body'}}\n      responses:\n        '200': {{$ref: '#/paths/~1a/get/responses/200'}}\n  /b:\n    $ref: '#/x-shared/item'\nx-shared:\n  body:\n    content:\n      application/json:\n        schema: {{type: object, properties: {{m: {{type: string}}}}}}\n  item:\n    get:\n      operationId: getB\n      responses:\n        '204': {{description: none}}\n"
    );
    let api = api(&spec, &[]);
    let ids: Vec<&str> = api.operations.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(ids, ["getA", "postA", "getB"]);
    let post = &api.operations[1];
    assert_eq!(post.params[0].wire, "limit");
    assert_eq!(post.responses[0].ty, api.operations[0].responses[0].ty);
    assert!(post.body.is_some());
    assert_eq!(api.operations[2].path, "/b");
    assert_eq!(api.operations[2].origin, "/x-shared/item/get");
}

// ---------------------------------------------------------------------------
// Other files
// ---------------------------------------------------------------------------

#[test]
fn other_files_and_references_inside_them() {
    let spec = format!(
        "{HEAD}paths:\n  /pets:\n    get:\n      operationId: listPets\n      parameters:\n        - $ref: 'common/params.yaml#/Limit'\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{type: array, items: {{$ref: 'schemas/pet.yaml'}}}}\ncomponents:\n  schemas:\n    Owner:\n      type: object\n      properties:\n        pets: {{type: array, items: {{$ref: './schemas/pet.yaml#'}}}}\n        error: {{$ref: 'schemas/pet.yaml#/$defs/Error'}}\n"
    );
    let pet = "type: object\nrequired: [name]\nproperties:\n  name: {type: string}\n  owner: {$ref: '../openapi.yaml#/components/schemas/Owner'}\n  tag: {$ref: 'tag.yaml#/components/schemas/Tag'}\n  error: {$ref: '#/$defs/Error'}\n$defs:\n  Error:\n    type: object\n    properties:\n      message: {type: string}\n";
    let tag = "openapi: 3.1.0\ncomponents:\n  schemas:\n    Tag:\n      type: [string, 'null']\n      enum: [small, large, null]\n";
    let params = "Limit:\n  name: limit\n  in: query\n  schema: {type: integer, format: int32}\n";
    let files = files(&[
        ("schemas/pet.yaml", pet),
        ("schemas/tag.yaml", tag),
        ("common/params.yaml", params),
    ]);
    let sources = (reader(&files), "openapi.yaml");
    struct Named<F>(F, &'static str);
    impl<F: Fn(&Source<'_>) -> Result<Vec<u8>, String>> Sources for Named<F> {
        fn read(&self, source: &Source<'_>) -> Result<Vec<u8>, String> {
            (self.0)(source)
        }
        fn main_document(&self) -> Option<String> {
            Some(self.1.to_owned())
        }
    }
    let generated = crate::generate_with_sources(
        spec.as_bytes(),
        &Config::for_crate("t"),
        None,
        &Named(sources.0, sources.1),
    )
    .unwrap_or_else(|d| panic!("generation failed:\n{d}"));
    let api = generated.api;
    let (pet_id, pet_def) = type_named(&api, "Pet");
    assert_eq!(pet_def.origin, "schemas/pet.yaml#");
    let (owner, _) = type_named(&api, "Owner");
    assert_eq!(
        field(&api, "Owner", "pets"),
        &TypeRef::Array(Box::new(TypeRef::Named(pet_id)))
    );
    // Back into the main document: the component itself.
    assert_eq!(field(&api, "Pet", "owner"), &TypeRef::Named(owner));
    let (tag, tag_def) = type_named(&api, "Tag");
    assert_eq!(tag_def.origin, "schemas/tag.yaml#/components/schemas/Tag");
    assert!(
        matches!(tag_def.kind, TypeKind::Enum(_)),
        "3.1 normalised: {:?}",
        tag_def.kind
    );
    assert_eq!(field(&api, "Pet", "tag"), &TypeRef::Named(tag));
    // `#/$defs/Error` inside pet.yaml and `pet.yaml#/$defs/Error` from the
    // main document are one type.
    // `Error` is a root type of every crate, so the model is `ErrorModel`.
    let (error, _) = type_named(&api, "ErrorModel");
    assert_eq!(field(&api, "Pet", "error"), &TypeRef::Named(error));
    assert_eq!(field(&api, "Owner", "error"), &TypeRef::Named(error));
    let op = &api.operations[0];
    assert_eq!(op.params[0].wire, "limit");
    assert_eq!(op.params[0].ty, TypeRef::Prim(crate::ir::Prim::I32));
    assert_eq!(
        op.responses[0].ty,
        Some(TypeRef::Array(Box::new(TypeRef::Named(pet_id))))
    );
}

#[test]
fn url_references_read_their_mapped_local_copy() {
    let spec = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Payment:\n      type: object\n      properties:\n        receipt: {{$ref: 'https://example.com/orders/2.3/swagger.yaml#/components/schemas/Receipt'}}\n"
    );
    let copy = "openapi: 3.0.0\ncomponents:\n  schemas:\n    Receipt:\n      type: object\n      properties:\n        lines: {type: array, items: {$ref: 'lines.yaml#/Line'}}\n";
    let lines = "Line:\n  type: object\n  properties:\n    amount: {type: integer}\n";
    let mut config = Config::for_crate("t");
    config.refs.urls.insert(
        "https://example.com/orders/".to_owned(),
        "vendor/orders".to_owned(),
    );
    let files = files(&[
        ("vendor/orders/2.3/swagger.yaml", copy),
        ("vendor/orders/2.3/lines.yaml", lines),
    ]);
    let read = |source: &Source<'_>| {
        let Source::Url { url, path } = source else {
            return Err(format!("not a URL: {source}"));
        };
        assert!(url.starts_with("https://example.com/orders/2.3/"), "{url}");
        reader(&files)(&Source::File(path))
    };
    let generated = crate::generate_with_sources(spec.as_bytes(), &config, None, &read)
        .unwrap_or_else(|d| panic!("generation failed:\n{d}"));
    let api = generated.api;
    let (receipt, def) = type_named(&api, "Receipt");
    assert_eq!(
        def.origin,
        "https://example.com/orders/2.3/swagger.yaml#/components/schemas/Receipt"
    );
    assert_eq!(field(&api, "Payment", "receipt"), &TypeRef::Named(receipt));
    let (line, _) = type_named(&api, "Line");
    assert_eq!(
        field(&api, "Receipt", "lines"),
        &TypeRef::Array(Box::new(TypeRef::Named(line)))
    );
}

// ---------------------------------------------------------------------------
// Unresolved references
// ---------------------------------------------------------------------------

/// A document with four kinds of reference that resolve nowhere.
fn unresolvable() -> String {
    format!(
        "{HEAD}paths:\n  /a:\n    get:\n      operationId: getA\n      parameters:\n        - $ref: '#/components/parameters/Gone'\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/Missing'}}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        deep: {{$ref: '#/components/schemas/B/properties/nope'}}\n        file: {{$ref: 'missing.yaml#/X'}}\n        url: {{$ref: 'https://example.com/x.yaml#/Y'}}\n        again: {{$ref: '#/components/schemas/Missing'}}\n    B: {{type: object, properties: {{yes: {{type: string}}}}}}\n"
    )
}

#[test]
fn every_unresolved_reference_is_an_error_with_its_location() {
    let found = errors(&unresolvable(), &Config::for_crate("t"), &[]);
    let at: Vec<&str> = found.iter().map(|(at, _)| at.as_str()).collect();
    assert_eq!(
        at,
        [
            "/paths/~1a/get/parameters/0/$ref",
            "/paths/~1a/get/responses/200/content/application~1json/schema/$ref",
            "/components/schemas/A/properties/deep/$ref",
            "/components/schemas/A/properties/file/$ref",
            "/components/schemas/A/properties/url/$ref",
            "/components/schemas/A/properties/again/$ref",
        ],
        "{found:#?}"
    );
    let messages: Vec<&str> = found.iter().map(|(_, m)| m.as_str()).collect();
    assert!(
        messages[0]
            .starts_with("dangling `$ref`: there is no `Gone` under `components/parameters`"),
        "{}",
        messages[0]
    );
    assert!(
        messages[1].starts_with(
            "dangling `$ref`: there is no schema `Missing` under `components/schemas`"
        ),
        "{}",
        messages[1]
    );
    assert!(messages[2].starts_with("dangling `$ref` `#/components/schemas/B/properties/nope`: there is nothing at `/components/schemas/B/properties/nope` in the document (`/components/schemas/B/properties` has no `nope`)"), "{}", messages[2]);
    assert!(messages[3].starts_with("`$ref` `missing.yaml#/X` cannot be resolved: cannot read `missing.yaml`: no file missing.yaml"), "{}", messages[3]);
    assert!(
        messages[4].contains("URL with no local copy"),
        "{}",
        messages[4]
    );
    assert!(
        messages
            .iter()
            .all(|m| m.contains("--allow-unresolved-refs")),
        "{messages:?}"
    );
}

#[test]
fn the_json_fallback_warns_once_per_reference() {
    let mut config = Config::for_crate("t");
    config.unresolved_refs = UnresolvedRefs::Json;
    let generated = generate(&unresolvable(), &config, &[])
        .unwrap_or_else(|d| panic!("the fallback generates:\n{d}"));
    let warnings: Vec<(String, String)> = generated
        .warnings
        .iter()
        .map(|w| (w.pointer.clone(), w.message.clone()))
        .collect();
    assert_eq!(warnings.len(), 6, "{warnings:#?}");
    assert!(
        warnings[0].1.ends_with("; the parameter is left out"),
        "{warnings:?}"
    );
    assert!(
        warnings[1]
            .1
            .ends_with("; the schema is generated as untyped JSON (`serde_json::Value`)"),
        "{warnings:?}"
    );
    let api = generated.api;
    for wire in ["deep", "file", "url", "again"] {
        assert_eq!(field(&api, "A", wire), &TypeRef::Any, "{wire}");
    }
    let op = &api.operations[0];
    assert!(op.params.is_empty());
    assert_eq!(op.responses[0].ty, Some(TypeRef::Any));
}

#[test]
fn unresolved_references_come_with_the_other_problems() {
    // A lowering error (a `$ref` cycle with no schema in it) is reported
    // with the unresolved reference, not after it is fixed.
    let spec = format!(
        "{HEAD}paths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: 'nowhere.yaml'}}\ncomponents:\n  schemas:\n    A: {{$ref: '#/components/schemas/B'}}\n    B: {{$ref: '#/components/schemas/A'}}\n"
    );
    let found = errors(&spec, &Config::for_crate("t"), &[]);
    assert!(
        found.iter().any(|(_, m)| m.contains("`$ref` cycle")),
        "{found:?}"
    );
    assert!(
        found.iter().any(|(_, m)| m.contains("`nowhere.yaml`")),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .all(|(_, m)| m.contains("`$ref` cycle") || m.contains("`nowhere.yaml`")),
        "{found:?}"
    );
}

#[test]
fn problems_in_other_files_name_the_file_and_line() {
    let spec = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        pet: {{$ref: 'pet.yaml#/Pet'}}\n"
    );
    let pet = "Pet:\n  type: object\n  properties:\n    owner:\n      $ref: '#/Owner'\n";
    let found = errors(&spec, &Config::for_crate("t"), &[("pet.yaml", pet)]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "pet.yaml#/Pet/properties/owner/$ref");
    assert!(
        found[0]
            .1
            .starts_with("dangling `$ref` `#/Owner`: there is nothing at `/Owner` in `pet.yaml`"),
        "{}",
        found[0].1
    );
    let Err(diags) = generate(&spec, &Config::for_crate("t"), &[("pet.yaml", pet)]) else {
        panic!("fails")
    };
    let first = diags.iter().next().expect("one error");
    assert_eq!(first.line, Some(5));
    assert!(
        first
            .to_string()
            .contains("--> pet.yaml#/Pet/properties/owner/$ref (line 5)"),
        "{first}"
    );
}

#[test]
fn a_target_of_the_wrong_kind_is_reported() {
    let spec = format!(
        "{HEAD}paths:\n  /a:\n    get:\n      parameters:\n        - $ref: '#/components/schemas/P'\n      responses:\n        '204': {{description: ok}}\ncomponents:\n  schemas:\n    P: {{type: string}}\n"
    );
    let found = errors(&spec, &Config::for_crate("t"), &[]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "/paths/~1a/get/parameters/0/$ref");
    assert!(found[0].1.starts_with("`$ref` `#/components/schemas/P` is used as a parameter, but `/components/schemas/P` is not a valid one: missing field `in`"), "{}", found[0].1);
}

#[test]
fn include_filters_follow_references_through_targets_elsewhere() {
    // `/a` reaches `Kept` only through a schema outside the component
    // sections and a file; `Dropped` is not reached.
    let spec = format!(
        "{HEAD}paths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/x-shared/wrapper'}}\n  /b:\n    get:\n      operationId: getB\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/Dropped'}}\nx-shared:\n  wrapper:\n    type: object\n    properties:\n      item: {{$ref: 'item.yaml'}}\ncomponents:\n  schemas:\n    Kept: {{type: object, properties: {{k: {{type: string}}}}}}\n    Dropped: {{type: object, properties: {{d: {{type: string}}}}}}\n"
    );
    let item =
        "type: object\nproperties:\n  kept: {$ref: 'openapi.yaml#/components/schemas/Kept'}\n";
    let files = files(&[("item.yaml", item)]);
    struct Named<'f>(&'f BTreeMap<String, String>);
    impl Sources for Named<'_> {
        fn read(&self, source: &Source<'_>) -> Result<Vec<u8>, String> {
            reader(self.0)(source)
        }
        fn main_document(&self) -> Option<String> {
            Some("openapi.yaml".to_owned())
        }
    }
    let mut config = Config::for_crate("t");
    config.include = Some(crate::config::IncludeConfig {
        paths: vec!["/a".to_owned()],
    });
    let generated = crate::generate_with_sources(spec.as_bytes(), &config, None, &Named(&files))
        .unwrap_or_else(|d| panic!("generation failed:\n{d}"));
    let names: Vec<&str> = generated
        .api
        .types
        .iter()
        .map(|t| t.name.as_str())
        .collect();
    assert!(names.contains(&"Kept"), "{names:?}");
    assert!(!names.contains(&"Dropped"), "{names:?}");
    assert_eq!(generated.api.operations.len(), 1);
}
