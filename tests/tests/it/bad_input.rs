//! Errors on bad input: every broken document fails generation with
//! diagnostics that say what is wrong, where (JSON pointer) and on which
//! line, all problems at once. (That the CLI then exits with status 1 and
//! leaves its output directory alone is tested in `generator/tests/cli.rs`.)

/// The head of a valid 3.1 document.
const HEAD: &str = "openapi: 3.1.0\ninfo: {title: T, version: \"1\"}\n";

/// One expected error: pointer, line, and a stable part of the message.
type Expected<'a> = (&'a str, Option<usize>, &'a str);

/// Generation of `spec` fails; its errors (warnings left out), in order.
fn errors(spec: &[u8]) -> Vec<sdkgen::Diagnostic> {
    match sdkgen::generate(spec, &sdkgen::Config::for_crate("bad-input")) {
        Ok(_) => panic!(
            "generation should fail for:\n{}",
            String::from_utf8_lossy(spec)
        ),
        Err(diags) => {
            assert!(diags.has_errors(), "a failed run reports an error: {diags}");
            diags
                .into_iter()
                .filter(|d| d.severity == sdkgen::diag::Severity::Error)
                .collect()
        }
    }
}

/// Asserts the errors of `spec` are exactly `expected` (pointer and line
/// equal, message containing the given text), in order.
#[track_caller]
fn assert_errors(spec: &[u8], expected: &[Expected<'_>]) {
    let found = errors(spec);
    let shown: Vec<String> = found
        .iter()
        .map(|d| format!("{:?} line {:?}: {}", d.pointer, d.line, d.message))
        .collect();
    assert_eq!(
        found.len(),
        expected.len(),
        "expected {} error(s), found:\n{}",
        expected.len(),
        shown.join("\n")
    );
    for (diag, (pointer, line, message)) in found.iter().zip(expected) {
        assert!(
            diag.pointer == *pointer && diag.line == *line && diag.message.contains(message),
            "expected {pointer:?} line {line:?}: …{message}…\nfound:\n{}",
            shown.join("\n")
        );
    }
}

fn doc(rest: &str) -> Vec<u8> {
    format!("{HEAD}{rest}").into_bytes()
}

// ---------------------------------------------------------------------------------------------
// Not a document sdkgen can read
// ---------------------------------------------------------------------------------------------

#[test]
fn invalid_yaml() {
    assert_errors(
        b"openapi: 3.1.0\ninfo:\n  title: [unclosed\n",
        &[(
            "",
            Some(4),
            "invalid YAML: did not find expected ',' or ']'",
        )],
    );
}

#[test]
fn invalid_json() {
    assert_errors(
        b"{\n  \"openapi\": \"3.1.0\",\n  \"info\": }\n",
        &[(
            "",
            Some(3),
            "invalid JSON: expected value at line 3 column 11",
        )],
    );
}

#[test]
fn non_utf8_bytes() {
    assert_errors(
        b"openapi: 3.1.0\ninfo: {title: \"\xff\xfe\", version: \"1\"}\n",
        &[(
            "",
            Some(2),
            "the document is not valid UTF-8 text (invalid byte at offset 30)",
        )],
    );
}

#[test]
fn empty_document() {
    assert_errors(b"  \n", &[("", None, "the document is empty")]);
}

#[test]
fn a_list_is_not_a_document() {
    assert_errors(
        b"- a\n- b\n",
        &[(
            "",
            None,
            "the document must be a YAML or JSON mapping with an `openapi` field, found a list",
        )],
    );
}

#[test]
fn a_mapping_that_is_not_openapi() {
    assert_errors(
        b"name: my-package\nversion: 1.0.0\n",
        &[(
            "",
            None,
            "not an OpenAPI document: the `openapi` field is missing",
        )],
    );
}

#[test]
fn swagger_2_is_refused_with_advice() {
    assert_errors(
        b"swagger: \"2.0\"\ninfo: {title: T, version: \"1\"}\npaths: {}\n",
        &[(
            "/swagger",
            Some(1),
            "this is a Swagger 2.0 document; sdkgen reads OpenAPI 3.0 and 3.1 (convert it first",
        )],
    );
}

#[test]
fn unsupported_version() {
    assert_errors(
        b"openapi: 4.0.0\ninfo: {title: T, version: \"1\"}\npaths: {}\n",
        &[(
            "/openapi",
            Some(1),
            "unsupported OpenAPI version `4.0.0`; sdkgen reads 3.0.x and 3.1.x",
        )],
    );
}

#[test]
fn unquoted_version_number() {
    assert_errors(
        b"openapi: 3.1\ninfo: {title: T, version: \"1\"}\npaths: {}\n",
        &[(
            "/openapi",
            Some(1),
            "`openapi` must be a version string such as \"3.1.0\", found the number 3.1 (quote it in YAML)",
        )],
    );
}

#[test]
fn missing_info() {
    assert_errors(
        b"openapi: 3.0.3\npaths: {}\n",
        &[(
            "",
            None,
            "not a valid OpenAPI document: missing field `info`",
        )],
    );
}

#[test]
fn yaml_tags_and_complex_keys() {
    assert_errors(
        &doc("paths: !custom {}\n"),
        &[(
            "/paths",
            Some(3),
            "YAML tags are not supported (found `!custom`)",
        )],
    );
    assert_errors(
        &doc("paths:\n  ? [a, b]\n  : {}\n"),
        &[(
            "/paths",
            Some(3),
            "mapping keys must be strings, found a list",
        )],
    );
}

// ---------------------------------------------------------------------------------------------
// References
// ---------------------------------------------------------------------------------------------

#[test]
fn dangling_schema_ref() {
    assert_errors(
        &doc("paths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        b:\n          $ref: '#/components/schemas/Missing'\n"),
        &[(
            "/components/schemas/A/properties/b/$ref",
            Some(10),
            "dangling `$ref`: there is no schema `Missing` under `components/schemas`",
        )],
    );
}

#[test]
fn cyclic_schema_refs() {
    assert_errors(
        &doc("paths: {}\ncomponents:\n  schemas:\n    A:\n      $ref: '#/components/schemas/B'\n    B:\n      $ref: '#/components/schemas/A'\n"),
        &[
            (
                "/components/schemas/A",
                Some(6),
                "`$ref` cycle with no schema in between: A -> B -> A",
            ),
            (
                "/components/schemas/B",
                Some(8),
                "`$ref` cycle with no schema in between: B -> A -> B",
            ),
        ],
    );
}

#[test]
fn cyclic_all_of() {
    assert_errors(
        &doc("paths: {}\ncomponents:\n  schemas:\n    A:\n      allOf:\n        - $ref: '#/components/schemas/B'\n        - {type: object, properties: {a: {type: string}}}\n    B:\n      allOf:\n        - $ref: '#/components/schemas/A'\n        - {type: object, properties: {b: {type: string}}}\n"),
        &[
            (
                "/components/schemas/A/allOf/0",
                Some(8),
                "`allOf` cycle: `B` includes itself (B -> A -> B)",
            ),
            (
                "/components/schemas/B/allOf/0",
                Some(12),
                "`allOf` cycle: `A` includes itself (A -> B -> A)",
            ),
        ],
    );
}

#[test]
fn cyclic_parameter_refs() {
    assert_errors(
        &doc("paths:\n  /a:\n    get:\n      parameters:\n        - $ref: '#/components/parameters/P'\n      responses:\n        \"204\": {description: ok}\ncomponents:\n  parameters:\n    P:\n      $ref: '#/components/parameters/Q'\n    Q:\n      $ref: '#/components/parameters/P'\n"),
        &[(
            "/components/parameters/Q",
            Some(14),
            "`$ref` cycle among `components/parameters`",
        )],
    );
}

#[test]
fn cyclic_response_refs() {
    assert_errors(
        &doc("paths:\n  /a:\n    get:\n      responses:\n        \"200\":\n          $ref: '#/components/responses/R'\ncomponents:\n  responses:\n    R:\n      $ref: '#/components/responses/S'\n    S:\n      $ref: '#/components/responses/R'\n"),
        &[(
            "/components/responses/S",
            Some(13),
            "`$ref` cycle among `components/responses`",
        )],
    );
}

#[test]
fn external_ref() {
    assert_errors(
        &doc("paths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        pet:\n          $ref: 'pets.yaml#/components/schemas/Pet'\n"),
        &[(
            "/components/schemas/A/properties/pet/$ref",
            Some(10),
            "`$ref` `pets.yaml#/components/schemas/Pet` cannot be resolved: cannot read `pets.yaml`: no documents besides the main one were supplied",
        )],
    );
}

#[test]
fn dangling_ref_inside_a_schema() {
    assert_errors(
        &doc("paths: {}\ncomponents:\n  schemas:\n    Pet:\n      type: object\n      properties:\n        id: {type: string}\n    Owner:\n      type: object\n      properties:\n        pet_id:\n          $ref: '#/components/schemas/Pet/properties/ident'\n"),
        &[(
            "/components/schemas/Owner/properties/pet_id/$ref",
            Some(14),
            "dangling `$ref` `#/components/schemas/Pet/properties/ident`: there is nothing at `/components/schemas/Pet/properties/ident` in the document (`/components/schemas/Pet/properties` has no `ident`)",
        )],
    );
}

#[test]
fn ref_to_the_wrong_section() {
    assert_errors(
        &doc("paths:\n  /a:\n    get:\n      parameters:\n        - $ref: '#/components/schemas/P'\n      responses:\n        \"204\": {description: ok}\ncomponents:\n  schemas:\n    P: {type: string}\n"),
        &[(
            "/paths/~1a/get/parameters/0/$ref",
            Some(7),
            "`$ref` `#/components/schemas/P` is used as a parameter, but `/components/schemas/P` is not a valid one: missing field `in`",
        )],
    );
}

#[test]
fn dangling_path_item_ref() {
    assert_errors(
        &doc("paths:\n  /a:\n    $ref: '#/components/pathItems/A'\n"),
        &[(
            "/paths/~1a/$ref",
            Some(5),
            "dangling `$ref`: there is no `A` under `components/pathItems`",
        )],
    );
}

// ---------------------------------------------------------------------------------------------
// Schemas of unsupported or broken shapes
// ---------------------------------------------------------------------------------------------

#[test]
fn tuple_that_is_not_a_list() {
    assert_errors(
        &doc("paths: {}\ncomponents:\n  schemas:\n    Point:\n      type: array\n      prefixItems: 5\n"),
        &[(
            "/components/schemas/Point/prefixItems",
            Some(8),
            "`prefixItems` must be a list of schemas",
        )],
    );
}

#[test]
fn items_that_are_not_a_schema() {
    assert_errors(
        b"openapi: 3.0.3\ninfo: {title: T, version: \"1\"}\npaths: {}\ncomponents:\n  schemas:\n    Point:\n      type: array\n      items: 5\n",
        &[("/components/schemas/Point/items", Some(8), "`items` must be one schema")],
    );
}

#[test]
fn schema_that_is_not_a_mapping() {
    assert_errors(
        &doc("paths: {}\ncomponents:\n  schemas:\n    A: 5\n"),
        &[(
            "/components/schemas/A",
            Some(6),
            "a schema must be a mapping (or `true`)",
        )],
    );
}

#[test]
fn unknown_type() {
    assert_errors(
        &doc("paths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        n:\n          type: strin\n"),
        &[(
            "/components/schemas/A/properties/n/type",
            Some(10),
            "unknown schema type `strin`",
        )],
    );
}

// ---------------------------------------------------------------------------------------------
// Paths, parameters, responses
// ---------------------------------------------------------------------------------------------

#[test]
fn parameter_in_body() {
    assert_errors(
        &doc("paths:\n  /pets:\n    get:\n      parameters:\n        - name: id\n          in: body\n          schema: {type: string}\n      responses:\n        \"204\": {description: ok}\n"),
        &[(
            "/paths/~1pets/get/parameters/0/in",
            Some(8),
            "parameter `id` is `in: body`; OpenAPI 3 parameters are in `query`, `header`, `path` or `cookie` (a body is described by the operation's `requestBody`)",
        )],
    );
}

#[test]
fn parameter_without_schema() {
    assert_errors(
        &doc("paths:\n  /a:\n    get:\n      parameters:\n        - name: q\n          in: query\n      responses:\n        \"204\": {description: ok}\n"),
        &[(
            "/paths/~1a/get/parameters/0",
            Some(7),
            "parameter `q` needs a `schema` (or a `content`)",
        )],
    );
}

#[test]
fn malformed_responses() {
    assert_errors(
        &doc("paths:\n  /pets:\n    get:\n      responses:\n        - \"200\"\n"),
        &[(
            "/paths/~1pets/get/responses",
            Some(6),
            "invalid OpenAPI object: invalid type: sequence, expected struct Responses",
        )],
    );
}

/// Generation of `spec` succeeds; its warnings as `pointer line: message`.
fn warnings(spec: &[u8]) -> Vec<String> {
    let generated = sdkgen::generate(spec, &sdkgen::Config::for_crate("lenient"))
        .unwrap_or_else(|d| panic!("generation should succeed:\n{d}"));
    generated
        .warnings
        .iter()
        .map(|w| format!("{} {:?}: {}", w.pointer, w.line, w.message))
        .collect()
}

#[test]
fn defects_with_one_sound_reading_are_warnings() {
    let found = warnings(&doc("paths:\n  /pets/{petId}:\n    get:\n      operationId: getPet\n      parameters:\n        - name: id\n          in: path\n          required: true\n          schema: {type: string}\n      responses:\n        \"204\": {description: ok}\ncomponents:\n  schemas:\n    A:\n      type: [string, integer]\n      anyOf:\n        - minLength: 1\n    B:\n      allOf:\n        - type: string\n        - type: integer\n"));
    let expected = [
        "/paths/~1pets~1{petId}/get Some(5): path template `/pets/{petId}` uses `{petId}` but no path parameter `petId` is declared; it is taken as a required string parameter",
        "/paths/~1pets~1{petId}/get/parameters/0 Some(8): path parameter `id` does not appear in the path `/pets/{petId}`; it has nowhere to go and is left out",
        "/components/schemas/A/type Some(17): a `type` list (string, integer) beside `anyOf`/`oneOf` is left out; the arms decide the value's type",
        "/components/schemas/B/allOf/1 Some(23): this `allOf` arm is an `integer` but an earlier one says a `string`; no value is both, the earlier reading is kept and this arm is left out",
    ];
    assert_eq!(found, expected);
}

#[test]
fn responses_without_description_are_accepted() {
    // Required by the specification but often left out: not worth failing for.
    let spec = doc("paths:\n  /pets:\n    get:\n      responses:\n        \"204\": {}\n");
    let generated = sdkgen::generate(&spec, &sdkgen::Config::for_crate("lenient"))
        .unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(generated.api.operations.len(), 1);
}

// ---------------------------------------------------------------------------------------------
// Reporting
// ---------------------------------------------------------------------------------------------

#[test]
fn several_problems_are_reported_at_once_in_document_order() {
    let spec = doc("paths:\n  /pets/{petId}:\n    get:\n      responses:\n        \"200\":\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Nope'\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        n: {type: strin}\n        m: {$ref: '#/components/schemas/AlsoMissing'}\n");
    assert_errors(
        &spec,
        &[
            (
                "/paths/~1pets~1{petId}/get/responses/200/content/application~1json/schema/$ref",
                Some(12),
                "there is no schema `Nope`",
            ),
            (
                "/components/schemas/A/properties/n/type",
                Some(18),
                "unknown schema type `strin`",
            ),
            (
                "/components/schemas/A/properties/m/$ref",
                Some(19),
                "there is no schema `AlsoMissing`",
            ),
        ],
    );
    let report = sdkgen::generate(&spec, &sdkgen::Config::for_crate("x"))
        .expect_err("fails")
        .to_string();
    assert!(
        report.contains("error: unknown schema type `strin`\n  --> #/components/schemas/A/properties/n/type (line 18)"),
        "{report}"
    );
    // The undeclared path parameter (and the missing operationId) are
    // warnings, reported with the errors.
    assert!(
        report.contains("no path parameter `petId` is declared"),
        "{report}"
    );
    assert!(report.ends_with("3 error(s), 2 warning(s)"), "{report}");
}

#[test]
fn malformed_parts_are_all_reported_alongside_lowering_checks() {
    // Parse errors of several parts come together (lowering only runs on a
    // document that parses).
    let spec = doc("paths:\n  /a:\n    get:\n      parameters:\n        - {name: x, in: nowhere, schema: {type: string}}\n      responses: {}\n  /b:\n    get:\n      responses: 5\ncomponents:\n  schemas:\n    S:\n      type: array\n      prefixItems: 5\n    T: [1]\n");
    assert_errors(
        &spec,
        &[
            (
                "/paths/~1a/get/parameters/0/in",
                Some(7),
                "parameter `x` is `in: nowhere`",
            ),
            (
                "/paths/~1b/get/responses",
                Some(11),
                "invalid OpenAPI object: invalid type: integer `5`",
            ),
            (
                "/components/schemas/S/prefixItems",
                Some(16),
                "`prefixItems` must be a list of schemas",
            ),
            (
                "/components/schemas/T",
                Some(17),
                "a schema must be a mapping (or `true`)",
            ),
        ],
    );
}

#[test]
fn json_documents_are_located_too() {
    let spec = br##"{
  "openapi": "3.0.3",
  "info": {"title": "T", "version": "1"},
  "paths": {},
  "components": {
    "schemas": {
      "A": {"type": "object", "properties": {"b": {"$ref": "#/components/schemas/B"}}}
    }
  }
}"##;
    assert_errors(
        spec,
        &[(
            "/components/schemas/A/properties/b/$ref",
            Some(7),
            "dangling `$ref`: there is no schema `B`",
        )],
    );
}

#[test]
fn clashing_operation_ids_are_resolved_with_a_warning() {
    // Not an error: the namer resolves every clash with a suffix, and says so.
    let spec = doc("paths:\n  /a:\n    get:\n      operationId: same\n      responses:\n        \"204\": {description: ok}\n  /b:\n    get:\n      operationId: same\n      responses:\n        \"204\": {description: ok}\n");
    let generated =
        sdkgen::generate(&spec, &sdkgen::Config::for_crate("x")).unwrap_or_else(|d| panic!("{d}"));
    let warnings: Vec<String> = generated
        .warnings
        .iter()
        .map(|w| format!("{} {:?} {}", w.pointer, w.line, w.message))
        .collect();
    assert_eq!(
        warnings,
        ["/paths/~1b/get/operationId Some(11) operationId `same` is already the operationId of the operation at `/paths/~1a/get`; this one's method is `same_2`"]
    );
}

#[test]
fn xtask_generate_exits_1_on_a_bad_spec_and_leaves_the_output_untouched() {
    let root = sdkgen_tests::workspace_root();
    let scratch = root.join("target/bad-input-xtask");
    let _ = std::fs::remove_dir_all(&scratch);
    let out = scratch.join("crate");
    std::fs::create_dir_all(out.join("src")).expect("scratch output");
    let old = "//! Generated by cargo xtask generate; do not edit.\n//! The old crate.\n";
    std::fs::write(out.join("src/lib.rs"), old).expect("old crate");
    let spec = scratch.join("bad.yaml");
    std::fs::write(
        &spec,
        doc("paths:\n  /a/{id}:\n    get:\n      responses:\n        \"200\":\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Gone'}\n"),
    )
    .expect("bad spec");
    let output = std::process::Command::new(env!("CARGO"))
        .args([
            "run", "-q", "-p", "xtask", "--", "generate", "payjp-v2", "--spec",
        ])
        .arg(&spec)
        .arg("--out")
        .arg(&out)
        .current_dir(&root)
        .output()
        .expect("cargo runs xtask");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("generation failed"), "{stderr}");
    assert!(stderr.contains("is unchanged"), "{stderr}");
    assert!(
        stderr.contains(
            "#/paths/~1a~1{id}/get/responses/200/content/application~1json/schema/$ref (line 11)"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("no path parameter `id`"), "{stderr}");
    let kept = std::fs::read_to_string(out.join("src/lib.rs")).expect("old crate kept");
    assert_eq!(kept, old);
    let entries = std::fs::read_dir(&out).expect("output dir").count();
    assert_eq!(entries, 1, "nothing was added to the output directory");
}
