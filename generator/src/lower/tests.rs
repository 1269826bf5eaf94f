//! Unit tests of the lowering phase on small documents.

use crate::ir::{
    Api, Auth, BodyKind, Credential, CredentialKind, Method, ParamIn, Prim, Status, TypeDef,
    TypeKind, TypeRef,
};
use crate::{load, Config};

fn lower_yaml(yaml: &str) -> Api {
    let loaded = load::load(yaml.as_bytes()).unwrap_or_else(|d| panic!("load failed:\n{d}"));
    let (api, warnings) =
        super::lower_with(&loaded.document, &loaded.refs, &Config::for_crate("t"))
            .unwrap_or_else(|d| panic!("lower failed:\n{d}"));
    assert!(warnings.is_empty(), "unexpected warnings:\n{warnings}");
    api
}

/// The errors of the whole pipeline (unresolved references, found while
/// loading, come with the lowering's own).
fn lower_errors(yaml: &str) -> Vec<(String, String)> {
    match crate::generate(yaml.as_bytes(), &Config::for_crate("t")) {
        Ok(_) => panic!("lowering should fail"),
        Err(diags) => diags
            .into_iter()
            .filter(|d| d.severity == crate::diag::Severity::Error)
            .map(|d| (d.pointer, d.message))
            .collect(),
    }
}

fn by_name<'a>(api: &'a Api, name: &str) -> &'a TypeDef {
    api.types
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| {
            panic!(
                "no type {name}; have {:?}",
                api.types.iter().map(|t| &t.name).collect::<Vec<_>>()
            )
        })
}

const HEAD: &str = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\n";

#[test]
fn required_optional_and_nullable_fields() {
    let api = lower_yaml(&format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Thing:\n      type: object\n      required: [a, b]\n      properties:\n        a: {{type: integer, format: int32}}\n        b: {{type: [string, 'null']}}\n        c: {{type: string, format: date-time}}\n        d: {{anyOf: [{{$ref: '#/components/schemas/Other'}}, {{type: 'null'}}]}}\n    Other: {{type: string}}\n"
    ));
    let TypeKind::Struct(s) = &by_name(&api, "Thing").kind else {
        panic!("struct expected")
    };
    let facts: Vec<_> = s
        .fields
        .iter()
        .map(|f| (f.wire.as_str(), f.required, f.nullable, f.ty.clone()))
        .collect();
    let other = TypeRef::Named(
        api.types
            .iter()
            .position(|t| t.name == "Other")
            .map(|i| crate::ir::TypeId(i as u32))
            .expect("Other"),
    );
    assert_eq!(
        facts,
        vec![
            ("a", true, false, TypeRef::Prim(Prim::I32)),
            ("b", true, true, TypeRef::Prim(Prim::String)),
            ("c", false, false, TypeRef::Prim(Prim::DateTime)),
            ("d", false, true, other),
        ]
    );
}

#[test]
fn inline_schemas_get_deterministic_names_that_yield_to_components() {
    let api = lower_yaml(&format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Card:\n      type: object\n      properties:\n        brand: {{type: string, enum: [visa, amex]}}\n        nested: {{type: object, properties: {{x: {{type: string}}}}}}\n    CardBrand: {{type: integer}}\n"
    ));
    let names: Vec<&str> = api.types.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["Card", "CardBrand", "CardBrand2", "CardNested"]);
    assert!(matches!(
        by_name(&api, "CardBrand2").kind,
        TypeKind::Enum(_)
    ));
}

#[test]
fn discriminated_one_of_uses_mapping_and_constants() {
    let api = lower_yaml(&format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Pet:\n      oneOf: [{{$ref: '#/components/schemas/CatPet'}}, {{$ref: '#/components/schemas/DogPet'}}]\n      discriminator:\n        propertyName: kind\n        mapping: {{cat: '#/components/schemas/CatPet'}}\n    CatPet: {{type: object, required: [kind], properties: {{kind: {{const: cat}}}}}}\n    DogPet: {{type: object, required: [kind], properties: {{kind: {{const: doggo}}}}}}\n"
    ));
    let TypeKind::Union(u) = &by_name(&api, "Pet").kind else {
        panic!("union expected")
    };
    assert_eq!(u.discriminator.as_deref(), Some("kind"));
    let variants: Vec<_> = u
        .variants
        .iter()
        .map(|v| (v.name.as_str(), v.tags.clone()))
        .collect();
    assert_eq!(
        variants,
        [
            ("Cat", vec!["cat".to_owned()]),
            ("Dog", vec!["doggo".to_owned()])
        ]
    );
    assert_eq!(u.fallback, "Unknown");
}

#[test]
fn all_of_merges_properties_and_required() {
    let api = lower_yaml(&format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Base: {{type: object, required: [id], properties: {{id: {{type: string}}}}}}\n    Full:\n      allOf:\n        - $ref: '#/components/schemas/Base'\n        - type: object\n          required: [n]\n          properties: {{n: {{type: number}}}}\n        - description: only words\n"
    ));
    let TypeKind::Struct(s) = &by_name(&api, "Full").kind else {
        panic!("struct expected")
    };
    let fields: Vec<_> = s
        .fields
        .iter()
        .map(|f| (f.wire.as_str(), f.required))
        .collect();
    assert_eq!(fields, [("id", true), ("n", true)]);
}

#[test]
fn self_recursion_is_boxed_and_lists_are_not() {
    let api = lower_yaml(&format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Node:\n      type: object\n      properties:\n        parent: {{$ref: '#/components/schemas/Node'}}\n        children: {{type: array, items: {{$ref: '#/components/schemas/Node'}}}}\n"
    ));
    let TypeKind::Struct(s) = &by_name(&api, "Node").kind else {
        panic!("struct expected")
    };
    let boxed: Vec<_> = s
        .fields
        .iter()
        .map(|f| (f.wire.as_str(), f.boxed))
        .collect();
    assert_eq!(boxed, [("parent", true), ("children", false)]);
}

#[test]
fn large_values_are_boxed_small_ones_are_not() {
    // Big holds six strings (about 200 bytes); Small one; Middle holds a
    // Big by value, so it is small once its Big is boxed.
    let strings = |n: usize| {
        (0..n)
            .map(|i| format!("s{i}: {{type: string}}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let api = lower_yaml(&format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Big: {{type: object, properties: {{{}}}}}\n    Small: {{type: object, properties: {{{}}}}}\n    Middle: {{type: object, properties: {{big: {{$ref: '#/components/schemas/Big'}}}}}}\n    Outer:\n      type: object\n      properties:\n        big: {{$ref: '#/components/schemas/Big'}}\n        small: {{$ref: '#/components/schemas/Small'}}\n        middle: {{$ref: '#/components/schemas/Middle'}}\n        bigs: {{type: array, items: {{$ref: '#/components/schemas/Big'}}}}\n    Either:\n      oneOf: [{{$ref: '#/components/schemas/Big'}}, {{$ref: '#/components/schemas/Small'}}]\n",
        strings(6),
        strings(1)
    ));
    let TypeKind::Struct(s) = &by_name(&api, "Outer").kind else {
        panic!("struct expected")
    };
    let boxed: Vec<_> = s
        .fields
        .iter()
        .map(|f| (f.wire.as_str(), f.boxed))
        .collect();
    assert_eq!(
        boxed,
        [
            ("big", true),
            ("small", false),
            ("middle", false),
            ("bigs", false)
        ]
    );
    let TypeKind::Union(u) = &by_name(&api, "Either").kind else {
        panic!("union expected")
    };
    let boxed: Vec<_> = u.variants.iter().map(|v| v.boxed).collect();
    assert_eq!(boxed, [true, false]);
}

#[test]
fn operations_collect_params_bodies_and_responses() {
    let api = lower_yaml(&format!(
        "{HEAD}servers: [{{url: 'https://api.example.com/v1/'}}]\nsecurity: [{{key: []}}]\npaths:\n  /items/{{id}}:\n    parameters:\n      - {{name: id, in: path, required: true, schema: {{type: string}}}}\n    post:\n      operationId: UpdateItem\n      tags: [Items]\n      parameters:\n        - {{name: expand, in: query, style: deepObject, schema: {{type: array, items: {{type: string}}}}}}\n        - {{name: X-Trace, in: header, schema: {{type: string}}}}\n      requestBody:\n        required: true\n        content:\n          application/x-www-form-urlencoded:\n            schema: {{type: object, properties: {{name: {{type: string}}}}}}\n      responses:\n        '204': {{description: done}}\n        '404':\n          description: missing\n          content: {{application/problem+json: {{schema: {{$ref: '#/components/schemas/Problem'}}}}}}\ncomponents:\n  securitySchemes:\n    key: {{type: http, scheme: bearer}}\n  schemas:\n    Problem: {{type: object, properties: {{title: {{type: string}}}}}}\n"
    ));
    assert_eq!(api.base_url.as_deref(), Some("https://api.example.com/v1"));
    assert_eq!(
        api.auth,
        Some(Auth {
            credentials: vec![Credential {
                scheme: "key".into(),
                setter: "api_key".into(),
                kind: CredentialKind::Header {
                    name: "Authorization".into(),
                    prefix: "Bearer ".into()
                },
                description: None,
            }],
            security: vec![vec![0]],
            api_key: true,
        })
    );
    let [op] = api.operations.as_slice() else {
        panic!("one operation")
    };
    assert_eq!(
        (op.method, op.method_name.as_str(), op.module.as_str()),
        (Method::Post, "update_item", "items")
    );
    let params: Vec<_> = op
        .params
        .iter()
        .map(|p| (p.name.as_str(), p.location, p.required))
        .collect();
    assert_eq!(
        params,
        [
            ("id", ParamIn::Path, true),
            ("expand", ParamIn::Query, false),
            ("x_trace", ParamIn::Header, false)
        ]
    );
    let body = op.body.as_ref().expect("body");
    assert_eq!((body.kind, body.required), (BodyKind::Form, true));
    assert_eq!(by_name(&api, "UpdateItemBody").name, "UpdateItemBody");
    let statuses: Vec<_> = op
        .responses
        .iter()
        .map(|r| (r.status, r.ty.is_some()))
        .collect();
    assert_eq!(
        statuses,
        [(Status::Code(204), false), (Status::Code(404), true)]
    );
    assert!(api.error_body.is_some());
}

#[test]
fn usage_marks_request_and_response_types() {
    let api = lower_yaml(&format!(
        "{HEAD}paths:\n  /a:\n    post:\n      operationId: postA\n      requestBody: {{content: {{application/json: {{schema: {{$ref: '#/components/schemas/In'}}}}}}}}\n      responses:\n        '200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Out'}}}}}}}}\ncomponents:\n  schemas:\n    In: {{type: object, properties: {{s: {{$ref: '#/components/schemas/Shared'}}}}}}\n    Out: {{type: object, properties: {{s: {{$ref: '#/components/schemas/Shared'}}}}}}\n    Shared: {{type: object, properties: {{x: {{type: string}}}}}}\n"
    ));
    let usage = |name| {
        let t = by_name(&api, name);
        (t.input, t.output)
    };
    assert_eq!(usage("In"), (true, false));
    assert_eq!(usage("Out"), (false, true));
    assert_eq!(usage("Shared"), (true, true));
    assert_eq!(
        api.operations[0].method_name, "post_a",
        "a missing operationId is derived from method and path"
    );
}

#[test]
fn every_bad_reference_is_reported_at_once() {
    let errors = lower_errors(&format!(
        "{HEAD}paths:\n  /a/{{id}}:\n    get:\n      responses:\n        '200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Missing'}}}}}}}}\ncomponents:\n  schemas:\n    A: {{$ref: '#/components/schemas/B'}}\n    B: {{$ref: '#/components/schemas/A'}}\n    C: {{type: object, properties: {{x: {{$ref: 'other.yaml#/X'}}}}}}\n"
    ));
    let pointers: Vec<&str> = errors.iter().map(|(p, _)| p.as_str()).collect();
    assert!(
        pointers
            .contains(&"/paths/~1a~1{id}/get/responses/200/content/application~1json/schema/$ref"),
        "{errors:?}"
    );
    assert!(
        pointers.contains(&"/components/schemas/C/properties/x/$ref"),
        "{errors:?}"
    );
    assert!(
        errors.iter().any(|(_, m)| m.contains("cycle")),
        "{errors:?}"
    );
}

/// Lowers `yaml`, which must succeed; its warnings as (pointer, message).
fn lower_warned(yaml: &str) -> (Api, Vec<(String, String)>) {
    let loaded = load::load(yaml.as_bytes()).unwrap_or_else(|d| panic!("load failed:\n{d}"));
    let (api, warnings) = super::lower(&loaded.document, &Config::for_crate("t"))
        .unwrap_or_else(|d| panic!("lower failed:\n{d}"));
    let found = warnings
        .into_iter()
        .map(|d| (d.pointer, d.message))
        .collect();
    (api, found)
}

#[test]
fn path_template_and_parameters_that_disagree_are_warnings() {
    let (api, warnings) = lower_warned(&format!(
        "{HEAD}paths:\n  /a/{{id}}/{{part}}:\n    get:\n      operationId: getA\n      parameters:\n        - {{name: part, in: path, required: true, schema: {{type: integer}}}}\n        - {{name: gone, in: path, required: true, schema: {{type: string}}}}\n        - {{name: q, in: query, schema: {{type: string}}}}\n      responses: {{'204': {{description: ok}}}}\n"
    ));
    let params: Vec<(&str, ParamIn, bool, TypeRef)> = api.operations[0]
        .params
        .iter()
        .map(|p| (p.wire.as_str(), p.location, p.required, p.ty.clone()))
        .collect();
    assert_eq!(
        params,
        [
            ("id", ParamIn::Path, true, TypeRef::Prim(Prim::String)),
            ("part", ParamIn::Path, true, TypeRef::Prim(Prim::I64)),
            ("q", ParamIn::Query, false, TypeRef::Prim(Prim::String)),
        ]
    );
    let pointers: Vec<&str> = warnings.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "/paths/~1a~1{id}~1{part}/get",
            "/paths/~1a~1{id}~1{part}/get/parameters/1"
        ]
    );
    assert!(
        warnings[0].1.contains("no path parameter `id` is declared"),
        "{warnings:?}"
    );
    assert!(
        warnings[1].1.contains("`gone` does not appear in the path"),
        "{warnings:?}"
    );
}

fn id_of(api: &Api, name: &str) -> TypeRef {
    TypeRef::Named(crate::ir::TypeId(
        api.types
            .iter()
            .position(|t| t.name == name)
            .unwrap_or_else(|| panic!("no type {name}")) as u32,
    ))
}

fn fields(def: &TypeDef) -> Vec<(&str, bool, bool, TypeRef)> {
    let TypeKind::Struct(s) = &def.kind else {
        panic!("{} is not a struct: {:?}", def.name, def.kind)
    };
    s.fields
        .iter()
        .map(|f| (f.wire.as_str(), f.required, f.nullable, f.ty.clone()))
        .collect()
}

#[test]
fn all_of_of_a_reference_and_scalar_arms_is_the_referenced_type() {
    let (api, warnings) = lower_warned(&format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Scope: {{type: string, enum: [a, b]}}\n    UserId: {{type: string}}\n    T:\n      type: object\n      properties:\n        scope:\n          allOf:\n            - $ref: '#/components/schemas/Scope'\n            - {{type: string, description: The scope., nullable: true}}\n        user:\n          allOf:\n            - $ref: '#/components/schemas/UserId'\n            - {{maxLength: 5}}\n        both:\n          allOf:\n            - {{type: string, maxLength: 9}}\n            - {{type: string, minLength: 2, maxLength: 4}}\n"
    ));
    assert!(warnings.is_empty(), "{warnings:?}");
    let t = by_name(&api, "T");
    assert_eq!(
        fields(t),
        [
            ("scope", false, true, id_of(&api, "Scope")),
            ("user", false, false, id_of(&api, "UserId")),
            ("both", false, false, TypeRef::Prim(Prim::String)),
        ]
    );
    let TypeKind::Struct(s) = &t.kind else {
        unreachable!()
    };
    assert_eq!(s.fields[0].docs.description.as_deref(), Some("The scope."));
    assert_eq!(s.fields[1].constraints.max_length, Some(5));
    assert_eq!(
        (
            s.fields[2].constraints.min_length,
            s.fields[2].constraints.max_length
        ),
        (Some(2), Some(4))
    );
}

#[test]
fn one_of_constants_is_an_enum_named_by_titles() {
    let api = lower_yaml(&format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Kind:\n      type: integer\n      oneOf:\n        - {{title: ACTION_ROW, description: A row., const: 1}}\n        - {{title: BUTTON, const: 2}}\n"
    ));
    let TypeKind::Enum(e) = &by_name(&api, "Kind").kind else {
        panic!("enum expected")
    };
    assert!(e.integer);
    let variants: Vec<(&str, i64, Option<&str>)> = e
        .variants
        .iter()
        .map(|v| {
            (
                v.name.as_str(),
                v.value.as_i64().unwrap_or_default(),
                v.docs.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        variants,
        [("ActionRow", 1, Some("A row.")), ("Button", 2, None)]
    );
}

#[test]
fn an_object_beside_a_union_distributes_over_its_variants() {
    let (api, warnings) = lower_warned(&format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{type: object, required: [a], properties: {{a: {{type: string}}}}}}\n    B: {{type: object, properties: {{b: {{type: integer}}}}}}\n    Both:\n      allOf:\n        - oneOf:\n            - $ref: '#/components/schemas/A'\n            - $ref: '#/components/schemas/B'\n            - type: string\n        - type: object\n          properties:\n            common: {{type: boolean}}\n"
    ));
    let TypeKind::Union(u) = &by_name(&api, "Both").kind else {
        panic!("union expected")
    };
    let names: Vec<&str> = u.variants.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["A", "B"]);
    assert_eq!(
        fields(by_name(&api, "BothA")),
        [
            ("common", false, false, TypeRef::Prim(Prim::Bool)),
            ("a", true, false, TypeRef::Prim(Prim::String)),
        ]
    );
    assert_eq!(
        fields(by_name(&api, "BothB")),
        [
            ("common", false, false, TypeRef::Prim(Prim::Bool)),
            ("b", false, false, TypeRef::Prim(Prim::I64)),
        ]
    );
    // The string variant cannot have properties: left out, and said.
    let pointers: Vec<&str> = warnings.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(pointers, ["/components/schemas/Both/allOf/0/oneOf/2"]);
}

#[test]
fn an_object_beside_a_contradicting_scalar_arm_stays_the_object() {
    let (api, warnings) = lower_warned(&format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{type: object, properties: {{a: {{type: string}}}}}}\n    B:\n      allOf:\n        - $ref: '#/components/schemas/A'\n        - {{type: string}}\n        - additionalProperties: {{type: integer}}\n"
    ));
    let TypeKind::Struct(s) = &by_name(&api, "B").kind else {
        panic!("struct expected")
    };
    assert_eq!(s.fields.len(), 1);
    assert_eq!(
        s.additional.as_ref().map(|a| a.ty.clone()),
        Some(TypeRef::Prim(Prim::I64))
    );
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].0, "/components/schemas/B/allOf/1");
}

#[test]
fn all_of_cycles_of_scalars_and_objects_are_errors_not_hangs() {
    let errors = lower_errors(&format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{allOf: [{{$ref: '#/components/schemas/B'}}, {{$ref: '#/components/schemas/C'}}, {{type: string}}]}}\n    B: {{allOf: [{{$ref: '#/components/schemas/A'}}, {{$ref: '#/components/schemas/C'}}, {{type: string}}]}}\n    C: {{allOf: [{{$ref: '#/components/schemas/A'}}, {{$ref: '#/components/schemas/B'}}, {{maxLength: 3}}]}}\n    D: {{allOf: [{{$ref: '#/components/schemas/E'}}, {{type: object, properties: {{d: {{type: string}}}}}}]}}\n    E: {{allOf: [{{$ref: '#/components/schemas/D'}}, {{type: object}}]}}\n"
    ));
    assert!(
        errors
            .iter()
            .any(|(p, m)| p == "/components/schemas/D/allOf/0" && m.contains("`allOf` cycle")),
        "{errors:?}"
    );
    assert!(
        errors
            .iter()
            .any(|(p, m)| p == "/components/schemas/A" && m.contains("cycle")),
        "{errors:?}"
    );
}

#[test]
fn a_reference_to_a_schema_of_any_value_keeps_its_name() {
    let (api, warnings) = lower_warned(&format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Anything: {{}}\n    T:\n      type: object\n      properties:\n        a: {{$ref: '#/components/schemas/Anything', description: Said beside the reference.}}\n"
    ));
    assert!(warnings.is_empty(), "{warnings:?}");
    let TypeKind::Struct(s) = &by_name(&api, "T").kind else {
        panic!("struct expected")
    };
    assert_eq!(s.fields[0].ty, id_of(&api, "Anything"));
    assert_eq!(
        s.fields[0].docs.description.as_deref(),
        Some("Said beside the reference.")
    );
}

#[test]
fn request_types_held_by_unused_types_decode() {
    // `Model` is used by no operation, so it decodes; `Part` is sent in a
    // request and held by `Model`, so it must decode too. `Only` is sent
    // and held by nothing that decodes.
    let api = lower_yaml(&format!(
        "{HEAD}paths:\n  /a:\n    post:\n      operationId: postA\n      requestBody: {{content: {{application/json: {{schema: {{$ref: '#/components/schemas/In'}}}}}}}}\n      responses:\n        '204': {{description: ok}}\ncomponents:\n  schemas:\n    In: {{type: object, properties: {{p: {{$ref: '#/components/schemas/Part'}}, o: {{$ref: '#/components/schemas/Only'}}}}}}\n    Part: {{type: object, properties: {{deep: {{$ref: '#/components/schemas/Deep'}}}}}}\n    Deep: {{type: object, properties: {{x: {{type: string}}}}}}\n    Only: {{type: object, properties: {{y: {{type: string}}}}}}\n    Model: {{type: object, properties: {{part: {{$ref: '#/components/schemas/Part'}}}}}}\n"
    ));
    let usage = |name| {
        let t = by_name(&api, name);
        (t.input, t.output)
    };
    assert_eq!(usage("Model"), (false, false));
    assert_eq!(usage("In"), (true, false));
    assert_eq!(usage("Part"), (true, true));
    assert_eq!(usage("Deep"), (true, true));
    assert_eq!(usage("Only"), (true, false));
}

#[test]
fn a_reference_with_a_required_list_requires_those_properties() {
    let api = lower_yaml(&format!(
        "{HEAD}paths:\n  /things:\n    post:\n      operationId: create\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema: {{$ref: '#/components/schemas/Create'}}\n      responses:\n        '204': {{description: done}}\ncomponents:\n  schemas:\n    Create:\n      type: object\n      required: [thing]\n      properties:\n        thing:\n          $ref: '#/components/schemas/Base'\n          required: [name]\n        same:\n          $ref: '#/components/schemas/Base'\n          required: [code]\n    Base:\n      type: object\n      required: [code]\n      properties:\n        name: {{type: string}}\n        code: {{type: string}}\n        note: {{type: string}}\n"
    ));
    let TypeKind::Struct(create) = &by_name(&api, "Create").kind else {
        panic!("struct expected")
    };
    // `thing` is a struct of its own, requiring `name` beside `code`.
    let TypeRef::Named(thing) = &create.fields[0].ty else {
        panic!("{:?}", create.fields[0].ty)
    };
    let thing = api.ty(*thing);
    assert_ne!(thing.name, "Base");
    assert_eq!(
        fields(thing).iter().map(|f| (f.0, f.1)).collect::<Vec<_>>(),
        [("name", true), ("code", true), ("note", false)]
    );
    // A list the schema already requires adds nothing: the named type.
    assert_eq!(create.fields[1].ty, id_of(&api, "Base"));
}

#[test]
fn required_write_only_properties_are_required_where_nothing_decodes_them() {
    let api = lower_yaml(&format!(
        "{HEAD}paths:\n  /logins:\n    post:\n      operationId: login\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema: {{$ref: '#/components/schemas/Login'}}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {{$ref: '#/components/schemas/Account'}}\n  /accounts:\n    put:\n      operationId: put\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema: {{$ref: '#/components/schemas/Account'}}\n      responses:\n        '204': {{description: done}}\ncomponents:\n  schemas:\n    Login:\n      type: object\n      required: [user, password]\n      properties:\n        user: {{type: string}}\n        password: {{type: string, writeOnly: true}}\n    Account:\n      type: object\n      required: [user, secret]\n      properties:\n        user: {{type: string}}\n        secret: {{type: string, writeOnly: true}}\n"
    ));
    let required = |name: &str| -> Vec<(String, bool)> {
        let TypeKind::Struct(s) = &by_name(&api, name).kind else {
            panic!("struct expected")
        };
        s.fields
            .iter()
            .map(|f| (f.wire.clone(), f.required))
            .collect()
    };
    // Only sent: the password is required.
    assert_eq!(
        required("Login"),
        [("user".to_owned(), true), ("password".to_owned(), true)]
    );
    // Also decoded from a response, which leaves the secret out.
    assert_eq!(
        required("Account"),
        [("user".to_owned(), true), ("secret".to_owned(), false)]
    );
}

#[test]
fn constant_parameters_and_unique_items_are_kept() {
    let api = lower_yaml(&format!(
        "{HEAD}paths:\n  /features/{{name}}:\n    post:\n      operationId: enable\n      parameters:\n        - {{name: name, in: path, required: true, schema: {{type: string, enum: [aiops]}}}}\n        - {{name: X-Early, in: header, required: true, schema: {{type: string, const: beta}}}}\n        - name: ids\n          in: query\n          schema: {{type: array, uniqueItems: true, items: {{type: string}}}}\n      responses:\n        '204': {{description: done}}\n"
    ));
    let params = &api.operations[0].params;
    // Path, query, header.
    assert_eq!(params[0].constant, Some(serde_json::json!("aiops")));
    assert_eq!(params[1].constant, None);
    assert_eq!(params[2].constant, Some(serde_json::json!("beta")));
    assert!(params[1].constraints.unique_items);
    assert!(!params[0].constraints.unique_items);
}

#[test]
fn a_one_of_of_one_constant_is_an_enum_of_one_value() {
    let api = lower_yaml(&format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Privacy:\n      type: integer\n      format: int32\n      oneOf:\n        - {{title: GUILD_ONLY, const: 2}}\n"
    ));
    let TypeKind::Enum(e) = &by_name(&api, "Privacy").kind else {
        panic!("enum expected: {:?}", by_name(&api, "Privacy").kind)
    };
    assert_eq!(
        e.variants
            .iter()
            .map(|v| v.value.clone())
            .collect::<Vec<_>>(),
        [serde_json::json!(2)]
    );
}

const SECURITY_DOC: &str = "openapi: 3.1.0
info: {title: T, version: '1'}
security: [{clientId: [], secret: []}]
paths:
  /a:
    get:
      operationId: a
      responses: {'204': {description: ok}}
  /b:
    get:
      operationId: b
      security: [{basic: []}, {token: []}, {tls: []}]
      responses: {'204': {description: ok}}
  /c:
    get:
      operationId: c
      security: []
      responses: {'204': {description: ok}}
  /d:
    get:
      operationId: d
      security: [{secret: [], clientId: []}, {missing: []}, {clientId: [x], secret: []}]
      responses: {'204': {description: ok}}
components:
  securitySchemes:
    clientId: {type: apiKey, in: header, name: PLAID-CLIENT-ID}
    unused: {type: apiKey, in: query, name: key}
    secret: {type: apiKey, in: header, name: PLAID-SECRET}
    basic: {type: http, scheme: Basic}
    token: {type: oauth2, flows: {clientCredentials: {tokenUrl: 'https://t', scopes: {}}}}
    tls: {type: mutualTLS}
    digest: {type: http, scheme: digest}
";

#[test]
fn every_required_scheme_is_a_credential_with_its_own_setter() {
    let (api, warnings) = lower_warned(SECURITY_DOC);
    let auth = api.auth.expect("auth");
    let credentials: Vec<(&str, &str, &CredentialKind)> = auth
        .credentials
        .iter()
        .map(|c| (c.scheme.as_str(), c.setter.as_str(), &c.kind))
        .collect();
    let header = |name: &str, prefix: &str| CredentialKind::Header {
        name: name.into(),
        prefix: prefix.into(),
    };
    assert_eq!(
        credentials,
        [
            ("clientId", "client_id", &header("PLAID-CLIENT-ID", "")),
            ("secret", "secret", &header("PLAID-SECRET", "")),
            ("basic", "basic", &CredentialKind::Basic),
            ("token", "token", &header("Authorization", "Bearer ")),
        ]
    );
    assert!(!auth.api_key);
    assert_eq!(auth.security, [vec![0, 1]]);
    let security: Vec<_> = api
        .operations
        .iter()
        .map(|op| op.security.clone())
        .collect();
    assert_eq!(
        security,
        [
            None,
            // The mutual TLS alternative is left out.
            Some(vec![vec![2], vec![3]]),
            Some(vec![]),
            // The same credentials as the document's (in another order),
            // once the alternative naming no scheme is left out.
            None,
        ]
    );
    let pointers: Vec<&str> = warnings.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        pointers,
        [
            "/components/securitySchemes/tls",
            "/components/securitySchemes/digest",
            "/paths/~1d/get/security/1/missing",
            "/components/securitySchemes/unused",
        ],
        "{warnings:?}"
    );
    assert!(warnings[0].1.contains("mutual TLS"), "{warnings:?}");
    assert!(warnings[1].1.contains("`digest`"), "{warnings:?}");
}

#[test]
fn a_single_scheme_keeps_api_key_and_a_configured_one_wins() {
    let single = "openapi: 3.0.3
info: {title: T, version: '1'}
security: [{key: []}]
paths:
  /a:
    get:
      operationId: a
      responses: {'204': {description: ok}}
components:
  securitySchemes:
    key: {type: apiKey, in: query, name: api_key}
";
    let auth = lower_yaml(single).auth.expect("auth");
    assert!(auth.api_key);
    assert_eq!(auth.credentials[0].setter, "api_key");
    assert_eq!(
        auth.credentials[0].kind,
        CredentialKind::Query {
            name: "api_key".into()
        }
    );

    let loaded = load::load(SECURITY_DOC.as_bytes()).expect("loads");
    let mut config = Config::for_crate("t");
    config.client.auth = Some(crate::config::AuthConfig {
        header: "Authorization".into(),
        prefix: "Token ".into(),
    });
    let (api, _) = super::lower(&loaded.document, &config).expect("lowers");
    let auth = api.auth.expect("auth");
    assert!(auth.api_key);
    assert_eq!(auth.security, [vec![0]]);
    assert_eq!(auth.credentials.len(), 1);
    assert!(api.operations.iter().all(|op| op.security.is_none()));
}

#[test]
fn a_lone_basic_scheme_gets_its_two_value_setter() {
    let doc = "openapi: 3.0.3
info: {title: T, version: '1'}
security: [{api_key: []}]
paths:
  /a:
    get:
      operationId: a
      responses: {'204': {description: ok}}
components:
  securitySchemes:
    api_key: {type: http, scheme: basic}
";
    let auth = lower_yaml(doc).auth.expect("auth");
    assert!(auth.api_key);
    // `api_key` is the one-value shorthand; the scheme's own name is taken.
    assert_eq!(auth.credentials[0].setter, "api_key_2");
}
