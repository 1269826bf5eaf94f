//! Example values are valid against their schemas.

use serde_json::{json, Value};

use super::{scalars, Builder, Hints};
use crate::ir::{Constraints, Prim, TypeRef};
use crate::{generate, Config};

fn matches(pattern: &str, text: &str) -> bool {
    regex::Regex::new(pattern)
        .unwrap_or_else(|e| panic!("{pattern}: {e}"))
        .is_match(text)
}

fn pattern(p: &str) -> Constraints {
    Constraints {
        pattern: Some(p.to_owned()),
        ..Constraints::default()
    }
}

#[test]
fn strings_match_their_pattern() {
    for p in [
        r"^[A-Z]{3}-\d{4}$",
        r"^(ch|py)_[0-9a-zA-Z]{24}$",
        r"^\+?[1-9]\d{1,14}$",
        r"^[^@\s]+@[^@\s]+$",
        r"^(?:[a-z0-9-]+\.)+[a-z]{2,}$",
        r"^#[0-9a-fA-F]{6}$",
        r"^\S+$",
    ] {
        let text = scalars::string(&[], &pattern(p), Prim::String);
        assert!(matches(p, &text), "{text:?} does not match {p}");
    }
}

#[test]
fn a_pattern_and_lengths_hold_together() {
    let facts = Constraints {
        min_length: Some(5),
        max_length: Some(8),
        ..pattern("^[a-z]+$")
    };
    let text = scalars::string(&[], &facts, Prim::String);
    assert!(matches("^[a-z]{5,8}$", &text), "{text:?}");
}

#[test]
fn the_documents_example_is_used_only_when_it_validates() {
    let facts = pattern("^ch_[0-9]+$");
    let good = json!("ch_123");
    let bad = json!("charge");
    assert_eq!(scalars::string(&[&good], &facts, Prim::String), "ch_123");
    let made = scalars::string(&[&bad], &facts, Prim::String);
    assert!(matches("^ch_[0-9]+$", &made), "{made:?}");
    // An example breaking its own `maxLength` is not used either.
    let short = Constraints {
        max_length: Some(3),
        ..Constraints::default()
    };
    let long = json!("too long");
    assert!(
        scalars::string(&[&long], &short, Prim::String)
            .chars()
            .count()
            <= 3
    );
}

#[test]
fn formats_have_valid_values() {
    let format = |f: &str, min: Option<usize>| Constraints {
        format: Some(f.to_owned()),
        min_length: min,
        ..Constraints::default()
    };
    let email = scalars::string(
        &[&json!("nobody")],
        &format("email", Some(20)),
        Prim::String,
    );
    assert!(matches(r"^[^@\s]+@[a-z]+\.[a-z]+$", &email), "{email:?}");
    assert!(email.chars().count() >= 20);
    let uri = scalars::string(&[], &format("uri", None), Prim::String);
    assert!(uri.starts_with("https://"), "{uri:?}");
    let ip = scalars::string(&[], &format("ipv4", None), Prim::String);
    assert!(ip.parse::<std::net::Ipv4Addr>().is_ok());
    let ip = scalars::string(&[], &format("ipv6", None), Prim::String);
    assert!(ip.parse::<std::net::Ipv6Addr>().is_ok());
    let time = scalars::string(&[&json!("noon")], &format("time", None), Prim::String);
    assert!(scalars::format_ok("time", &time), "{time:?}");
    let bytes = scalars::string(
        &[&json!("not base64!")],
        &Constraints::default(),
        Prim::Base64,
    );
    assert!(scalars::format_ok("byte", &bytes), "{bytes:?}");
}

#[test]
fn numbers_keep_bounds_and_multiples() {
    let facts = Constraints {
        minimum: Some((10.0, true)),
        maximum: Some((100.0, false)),
        multiple_of: Some(25.0),
        ..Constraints::default()
    };
    assert_eq!(scalars::integer(&[&json!(5)], &facts, Prim::I64), 25);
    assert_eq!(scalars::integer(&[&json!(75)], &facts, Prim::I64), 75);
    let below_zero = Constraints {
        maximum: Some((-3.0, true)),
        ..Constraints::default()
    };
    assert_eq!(scalars::integer(&[], &below_zero, Prim::I32), -4);
    let fraction = Constraints {
        minimum: Some((0.0, true)),
        maximum: Some((1.0, true)),
        ..Constraints::default()
    };
    let n = scalars::number(&[&json!(2.5)], &fraction);
    assert!(n > 0.0 && n < 1.0, "{n}");
    let cents = Constraints {
        multiple_of: Some(0.01),
        minimum: Some((0.5, false)),
        ..Constraints::default()
    };
    assert!(scalars::number_ok(scalars::number(&[], &cents), &cents));
}

const DOC: &str = "openapi: 3.0.3
info: {title: Demo, version: '1'}
paths:
  /codes/{code}:
    post:
      operationId: PostCode
      parameters:
      - {name: code, in: path, required: true, schema: {$ref: '#/components/schemas/Code'}}
      - {name: contact, in: query, required: true, schema: {type: string, format: email, example: not-an-email}}
      - {name: tags, in: query, required: true, schema: {type: array, items: {type: string}}}
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Order'}
      responses:
        '204': {description: done}
components:
  schemas:
    Code: {type: string, pattern: '^C[0-9]{2}$', example: wrong}
    Order:
      type: object
      required: [lines, limit, note]
      properties:
        lines:
          type: array
          minItems: 2
          items: {type: string, pattern: '^L-[0-9]{3}$'}
        limit: {type: integer, minimum: 5, multipleOf: 5}
        note: {type: string, minLength: 3, maxLength: 4}
";

/// The string literals of an expression, in order.
fn strings(tokens: &str) -> Vec<String> {
    let expr: syn::Expr = syn::parse_str(tokens).unwrap_or_else(|e| panic!("{tokens}: {e}"));
    let mut found = Vec::new();
    collect(&quote::quote!(#expr), &mut found);
    found
}

fn collect(tokens: &proc_macro2::TokenStream, found: &mut Vec<String>) {
    for tree in tokens.clone() {
        match tree {
            proc_macro2::TokenTree::Literal(l) => {
                if let Ok(syn::Lit::Str(s)) = syn::parse_str::<syn::Lit>(&l.to_string()) {
                    found.push(s.value());
                }
            }
            proc_macro2::TokenTree::Group(g) => collect(&g.stream(), found),
            _ => {}
        }
    }
}

#[test]
fn arguments_satisfy_aliases_items_and_required_fields() {
    let api = generate(DOC.as_bytes(), &Config::for_crate("demo"))
        .unwrap_or_else(|d| panic!("{d}"))
        .api;
    let op = &api.operations[0];
    let mut builder = Builder::outside(&api, "demo");
    let args = builder
        .arguments(op)
        .unwrap_or_else(|| panic!("{}", builder.why()));
    let [code, contact, tags, body] = args.as_slice() else {
        panic!("{args:?}");
    };
    // The alias keeps its pattern; its own example breaks it.
    assert!(matches("^C[0-9]{2}$", &strings(&code.to_string())[0]));
    // The parameter's example is no email.
    let contact = &strings(&contact.to_string())[0];
    assert!(scalars::format_ok("email", contact), "{contact:?}");
    // A required list parameter gets an item, or it would not be sent.
    assert_eq!(strings(&tags.to_string()).len(), 1, "{tags}");
    let body = body.to_string();
    let texts = strings(&body);
    assert_eq!(texts.len(), 3, "{body}");
    assert!(
        texts[..2].iter().all(|t| matches("^L-[0-9]{3}$", t)),
        "{body}"
    );
    assert!((3..=4).contains(&texts[2].chars().count()), "{body}");
    assert!(body.contains("demo :: models :: Order :: new"), "{body}");
    assert!(body.contains(", 5 ,"), "{body}");
}

#[test]
fn unions_take_a_buildable_arm_and_nullable_values_may_be_null() {
    let api = generate(DOC.as_bytes(), &Config::for_crate("demo"))
        .unwrap_or_else(|d| panic!("{d}"))
        .api;
    let mut builder = Builder::docs(&api);
    let nullable = TypeRef::Nullable(Box::new(TypeRef::Prim(Prim::String)));
    let given = Value::from("x");
    let hints = Hints {
        example: Some(&given),
        ..Hints::default()
    };
    let value = builder
        .value(&nullable, hints, 0, true)
        .map(|t| t.to_string());
    assert_eq!(value.as_deref(), Some("Some (String :: from (\"x\"))"));
    // A file has no doc example value where an exact type is needed.
    assert!(builder
        .value(&TypeRef::Prim(Prim::File), Hints::default(), 0, true)
        .is_none());
    assert!(builder.why().contains("Upload"));
}

const DISTINCT: &str = "
openapi: 3.1.0
info: {title: T, version: '1'}
paths:
  /features/{name}:
    post:
      operationId: bulk
      parameters:
        - {name: name, in: path, required: true, schema: {type: string, enum: [aiops]}}
        - {name: X-Early, in: header, required: true, example: nope, schema: {type: string, const: beta}}
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [ids, counts, keys]
              properties:
                ids:
                  type: array
                  minItems: 3
                  uniqueItems: true
                  items: {$ref: '#/components/schemas/Snowflake'}
                counts:
                  type: array
                  minItems: 2
                  uniqueItems: true
                  items: {type: integer, minimum: 10, maximum: 11}
                keys:
                  type: array
                  minItems: 2
                  uniqueItems: true
                  items:
                    type: object
                    required: [id]
                    properties:
                      id: {type: string, format: uuid}
      responses:
        '204': {description: done}
components:
  schemas:
    Snowflake: {type: string, pattern: '^(0|[1-9][0-9]*)$', example: '42'}
";

#[test]
fn constant_parameters_take_their_value_and_unique_items_differ() {
    let api = generate(DISTINCT.as_bytes(), &Config::for_crate("demo"))
        .unwrap_or_else(|d| panic!("{d}"))
        .api;
    let mut builder = Builder::outside(&api, "demo");
    let args = builder
        .arguments(&api.operations[0])
        .unwrap_or_else(|| panic!("{}", builder.why()));
    let [name, header, body] = args.as_slice() else {
        panic!("{args:?}");
    };
    assert_eq!(strings(&name.to_string()), ["aiops"]);
    // The constant wins over the parameter's (wrong) example.
    assert_eq!(strings(&header.to_string()), ["beta"]);
    let body = body.to_string();
    let texts = strings(&body);
    let ids = &texts[..3];
    assert!(
        ids.iter().all(|t| matches("^(0|[1-9][0-9]*)$", t)),
        "{body}"
    );
    assert_eq!(ids[0], "42", "{body}");
    assert!(
        ids[0] != ids[1] && ids[1] != ids[2] && ids[0] != ids[2],
        "{body}"
    );
    // Integers step within their bounds; objects differ in a field.
    assert!(body.contains("vec ! [10 , 11]"), "{body}");
    assert!(body.contains("Uuid :: nil ()"), "{body}");
    assert!(body.contains("Uuid :: from_u128 (1u128)"), "{body}");
}

#[test]
fn series_of_strings_are_distinct_and_valid() {
    let facts = Constraints {
        max_length: Some(8),
        ..Constraints::default()
    };
    let made: Vec<String> = (0..4)
        .map(|n| scalars::string_nth(&[], &facts, Prim::String, n))
        .collect();
    assert!(made.iter().all(|s| s.chars().count() <= 8), "{made:?}");
    let mut unique = made.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 4, "{made:?}");
    let email = Constraints {
        format: Some("email".to_owned()),
        ..Constraints::default()
    };
    let second = scalars::string_nth(&[], &email, Prim::String, 1);
    assert!(scalars::format_ok("email", &second), "{second}");
    assert_ne!(second, scalars::string_nth(&[], &email, Prim::String, 0));
}

const ONE_OF: &str = "
openapi: 3.1.0
info: {title: T, version: '1'}
paths:
  /actions:
    put:
      operationId: put
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [action]
              properties:
                action:
                  oneOf:
                    - $ref: '#/components/schemas/Script'
                    - $ref: '#/components/schemas/Job'
      responses:
        '204': {description: done}
components:
  schemas:
    Script:
      type: object
      properties:
        name: {type: string}
        data:
          type: object
          required: [script]
          properties:
            script: {type: string}
    Job:
      type: object
      properties:
        name: {type: string}
        data:
          type: object
          required: [job_id]
          properties:
            job_id: {type: string}
";

#[test]
fn a_one_of_value_is_made_to_match_only_its_variant() {
    let api = generate(ONE_OF.as_bytes(), &Config::for_crate("demo"))
        .unwrap_or_else(|d| panic!("{d}"))
        .api;
    let mut builder = Builder::outside(&api, "demo");
    let args = builder
        .arguments(&api.operations[0])
        .unwrap_or_else(|| panic!("{}", builder.why()));
    let body = args[0].to_string();
    // `{}` would match both: `data` is set, with the field `Job` lacks.
    assert!(body.contains("Script :: new () . data ("), "{body}");
    assert!(body.contains("ScriptData :: new ("), "{body}");
}

#[test]
fn an_optional_constant_tells_variants_apart() {
    let doc = "
openapi: 3.1.0
info: {title: T, version: '1'}
paths:
  /reports:
    post:
      operationId: add
      requestBody:
        required: true
        content:
          application/json:
            schema:
              oneOf:
                - $ref: '#/components/schemas/Daily'
                - $ref: '#/components/schemas/Weekly'
      responses:
        '204': {description: done}
components:
  schemas:
    Daily:
      type: object
      required: [params]
      properties:
        model: {type: string, const: daily}
        params: {type: object}
    Weekly:
      type: object
      required: [params]
      properties:
        model: {type: string, const: weekly}
        params: {type: object}
";
    let api = generate(doc.as_bytes(), &Config::for_crate("demo"))
        .unwrap_or_else(|d| panic!("{d}"))
        .api;
    let mut builder = Builder::outside(&api, "demo");
    let args = builder
        .arguments(&api.operations[0])
        .unwrap_or_else(|| panic!("{}", builder.why()));
    let body = args[0].to_string();
    assert!(
        body.contains(". model (String :: from (\"daily\"))"),
        "{body}"
    );
}
