//! The smoke program: one call per operation, real Rust.

use super::{program, HEADER};
use crate::{generate, Config};

const DOC: &str = "openapi: 3.0.3
info: {title: Demo, version: '1'}
servers: [{url: 'https://demo.example'}]
paths:
  /pets:
    get:
      operationId: listPets
      parameters:
      - {name: limit, in: query, required: true, schema: {type: integer, minimum: 1, maximum: 50}}
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Pet'}}}}}
    post:
      operationId: createPet
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}
      responses:
        '201': {description: created, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}
  /pets/{petId}/photo:
    put:
      operationId: uploadPhoto
      parameters:
      - {name: petId, in: path, required: true, schema: {type: string, format: uuid}}
      requestBody:
        required: true
        content: {multipart/form-data: {schema: {type: object}}}
      responses:
        '204': {description: stored}
  /pets/{petId}/picture:
    get:
      operationId: getPicture
      parameters:
      - {name: petId, in: path, required: true, schema: {type: string, pattern: '^p[0-9]{4}$'}}
      responses:
        '200': {description: the picture, content: {image/png: {schema: {type: string, format: binary}}}}
components:
  schemas:
    Pet:
      type: object
      required: [name, tag]
      properties:
        name: {type: string, minLength: 2, example: Rex}
        tag: {type: string, enum: [dog, cat], example: cat}
";

fn smoke_program() -> String {
    let generated = generate(DOC.as_bytes(), &Config::for_crate("demo-client"))
        .unwrap_or_else(|d| panic!("{d}"));
    program(&generated.api, "demo_client")
}

#[test]
fn the_program_calls_every_operation_once_and_parses() {
    let text = smoke_program();
    assert_eq!(text.lines().next(), Some(HEADER));
    let file: syn::File = syn::parse_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert!(file
        .items
        .iter()
        .any(|i| matches!(i, syn::Item::Fn(f) if f.sig.ident == "main")));
    for (op, request) in [
        ("listPets", "GET /pets"),
        ("createPet", "POST /pets"),
        ("uploadPhoto", "PUT /pets/{petId}/photo"),
        ("getPicture", "GET /pets/{petId}/picture"),
    ] {
        let record = format!("smoke.record(\"{op}\", \"{request}\", super::outcome(result));");
        assert_eq!(text.matches(&record).count(), 1, "{record}\n{text}");
    }
    assert_eq!(text.matches(".send_with_response()").count(), 4, "{text}");
    assert!(!text.contains("smoke.skip("), "{text}");
    for call in ["list_pets", "create_pet", "upload_photo", "get_picture"] {
        let line = format!("calls::{call}(&mut smoke, &client).await;");
        assert_eq!(text.matches(&line).count(), 1, "{line}\n{text}");
    }
    assert!(text.contains(".base_url(smoke.base_url())"), "{text}");
    assert!(text.contains(".max_retries(0)"), "{text}");
    assert!(
        text.contains("Err(e) => return smoke.fail(&e.to_string()),"),
        "{text}"
    );
}

#[test]
fn arguments_come_from_the_document_and_the_crate() {
    let text = smoke_program();
    // Bounds, the struct's examples, the enum's example.
    assert!(text.contains("client.list_pets(1)"), "{text}");
    assert!(
        text.contains("demo_client::models::Pet::new(\"Rex\", demo_client::models::PetTag::Cat)"),
        "{text}"
    );
    // A hand-built multipart form, which doc examples cannot write.
    assert!(text.contains("demo_client::Multipart::new()"), "{text}");
    assert!(text.contains("client.get_picture(\"p0000\")"), "{text}");
}

#[test]
fn an_api_without_operations_still_builds_its_client() {
    let doc = "openapi: 3.0.3\ninfo: {title: Empty, version: '1'}\npaths: {}\n";
    let generated =
        generate(doc.as_bytes(), &Config::for_crate("empty")).unwrap_or_else(|d| panic!("{d}"));
    let text = program(&generated.api, "empty");
    syn::parse_str::<syn::File>(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert!(text.contains("let _client = match built"), "{text}");
    assert!(!text.contains("fn outcome"), "{text}");
}
