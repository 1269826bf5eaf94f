//! The API diff: what a regeneration changes for Rust code using the crate,
//! each change classified breaking or not under semver.
//!
//! - One pair of small documents per kind of change (a base document and
//!   an edit of it), asserting the exact report lines.
//! - A pair made from `spec/payjp-v2.yaml` with the edits vendors make (a
//!   renamed operation, a new optional response field, a new required
//!   request field, a removed enum value).
//! - Regeneration over a previous crate (`generate_with`): the report, the
//!   version bump and the changelog entry when versioning is on, and a
//!   stable second run.
//!
//! The `sdkgen diff` and `sdkgen generate` commands are tested end to end
//! in `generator/tests/diff_cli.rs`.

use sdkgen::diff::{diff, Level, Report};
use sdkgen::{Comparison, Config, Previous, Surface};
use sdkgen_tests::workspace_root;

/// The document every case edits.
const BASE: &str = r##"openapi: 3.1.0
info: {title: Shop, version: '1'}
paths:
  /items:
    get:
      operationId: ListItems
      parameters:
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/ItemList'}}}
    post:
      operationId: CreateItem
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: '#/components/schemas/ItemCreate'}}}
      responses:
        '201':
          description: created
          content: {application/json: {schema: {$ref: '#/components/schemas/Item'}}}
        '422': {description: invalid}
  /items/{id}:
    get:
      operationId: GetItem
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/Item'}}}
        '404': {description: missing}
components:
  schemas:
    ItemCreate:
      type: object
      required: [name]
      properties:
        name: {type: string}
        color: {$ref: '#/components/schemas/Color'}
    Item:
      type: object
      required: [id, name]
      properties:
        id: {type: string}
        name: {type: string}
        note: {type: string}
        color: {$ref: '#/components/schemas/Color'}
        shape: {$ref: '#/components/schemas/Shape'}
        stats: {$ref: '#/components/schemas/Stats'}
    ItemList:
      type: object
      required: [data, has_more]
      properties:
        data: {type: array, items: {$ref: '#/components/schemas/Item'}}
        has_more: {type: boolean}
    Stats:
      type: object
      properties:
        views: {type: integer}
    Color: {type: string, enum: [red, green]}
    Shape:
      oneOf:
        - {$ref: '#/components/schemas/Circle'}
        - {$ref: '#/components/schemas/Square'}
    Circle: {type: object, required: [r], properties: {r: {type: number}}}
    Square: {type: object, required: [side], properties: {side: {type: number}}}
"##;

/// A second operation on `/items/{id}`, for adding and removing one.
const WITH_DELETE: (&str, &str) = (
    "  /items/{id}:\n",
    "  /items/{id}:\n    delete:\n      operationId: DeleteItem\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n      responses:\n        '204': {description: gone}\n",
);

/// A third variant of the `Shape` union.
const WITH_TRIANGLE: [(&str, &str); 2] = [
    (
        "        - {$ref: '#/components/schemas/Square'}\n",
        "        - {$ref: '#/components/schemas/Square'}\n        - {$ref: '#/components/schemas/Triangle'}\n",
    ),
    (
        "    Circle:",
        "    Triangle: {type: object, required: [base], properties: {base: {type: number}}}\n    Circle:",
    ),
];

const GET_ITEM_PARAMS: &str =
    "        - {name: id, in: path, required: true, schema: {type: string}}\n";
const LIMIT: &str = "        - {name: limit, in: query, schema: {type: integer}}\n";
const CREATE_BODY: &str = "      requestBody:\n        required: true\n        content: {application/json: {schema: {$ref: '#/components/schemas/ItemCreate'}}}\n";
const ITEM_NOTE: &str = "        note: {type: string}\n";
const ITEM_CREATE_PROPS: &str =
    "      required: [name]\n      properties:\n        name: {type: string}\n";

/// `BASE` with each `(from, to)` replaced (each `from` must occur once).
fn edit(edits: &[(&str, &str)]) -> String {
    let mut text = BASE.to_owned();
    for (from, to) in edits {
        assert_eq!(
            text.matches(from).count(),
            1,
            "the edit `{from}` does not match exactly once"
        );
        text = text.replacen(from, to, 1);
    }
    text
}

fn surface(spec: &str) -> Surface {
    sdkgen::generate(spec.as_bytes(), &Config::for_crate("shop"))
        .unwrap_or_else(|d| panic!("generation failed:\n{d}\n{spec}"))
        .surface
}

/// The report between two documents, checking on the way that the text
/// form reads back to the same surface and that the report is empty
/// exactly when the surfaces are equal.
fn report(old: &str, new: &str) -> Report {
    let (old, new) = (surface(old), surface(new));
    for s in [&old, &new] {
        assert_eq!(Surface::parse(&s.to_text("shop")).as_ref(), Ok(s));
    }
    let report = diff(&old, &new);
    assert_eq!(report.is_empty(), old == new, "{report:?}");
    report
}

struct Case {
    name: &'static str,
    old: Vec<(&'static str, &'static str)>,
    new: Vec<(&'static str, &'static str)>,
    expect: &'static [&'static str],
}

fn case(
    name: &'static str,
    old: &[(&'static str, &'static str)],
    new: &[(&'static str, &'static str)],
    expect: &'static [&'static str],
) -> Case {
    Case {
        name,
        old: old.to_vec(),
        new: new.to_vec(),
        expect,
    }
}

fn cases() -> Vec<Case> {
    vec![
        case("nothing changed", &[], &[], &[]),
        // Operations.
        case(
            "operation added",
            &[],
            &[WITH_DELETE],
            &["minor     added operation delete_item (DELETE /items/{id})"],
        ),
        case(
            "operation removed",
            &[WITH_DELETE],
            &[],
            &["BREAKING  removed operation delete_item (DELETE /items/{id})"],
        ),
        case(
            "operation renamed",
            &[],
            &[("operationId: GetItem", "operationId: FetchItem")],
            &["BREAKING  renamed operation get_item to fetch_item (GET /items/{id})"],
        ),
        case(
            "operation moved to another path",
            &[],
            &[("  /items/{id}:", "  /things/{id}:")],
            &["patch     moved operation get_item from GET /items/{id} to GET /things/{id}"],
        ),
        case(
            "required parameter added",
            &[],
            &[(
                GET_ITEM_PARAMS,
                "        - {name: id, in: path, required: true, schema: {type: string}}\n        - {name: expand, in: query, required: true, schema: {type: string}}\n",
            )],
            &["BREAKING  added required query parameter expand: String to operation get_item (a new argument of Client::get_item)"],
        ),
        case(
            "optional query parameter added",
            &[],
            &[(
                LIMIT,
                "        - {name: limit, in: query, schema: {type: integer}}\n        - {name: q, in: query, schema: {type: string}}\n",
            )],
            &["minor     added optional query parameter q: String to operation list_items"],
        ),
        case(
            "parameter removed",
            &[],
            &[(LIMIT, "        - {name: q, in: query, schema: {type: string}}\n")],
            &[
                "BREAKING  removed optional query parameter limit from operation list_items",
                "minor     added optional query parameter q: String to operation list_items",
            ],
        ),
        case(
            "parameter type changed",
            &[],
            &[(LIMIT, "        - {name: limit, in: query, schema: {type: string}}\n")],
            &["BREAKING  changed the type of parameter limit of operation list_items from i64 to String"],
        ),
        case(
            "optional parameter made required",
            &[],
            &[(
                LIMIT,
                "        - {name: limit, in: query, required: true, schema: {type: integer}}\n",
            )],
            &["BREAKING  made parameter limit of operation list_items required (a new argument of Client::list_items)"],
        ),
        case(
            "parameter moved to a header",
            &[],
            &[(LIMIT, "        - {name: limit, in: header, schema: {type: integer}}\n")],
            &["patch     moved parameter limit of operation list_items from the query to the header"],
        ),
        case(
            "required arguments reordered",
            &[(
                GET_ITEM_PARAMS,
                "        - {name: id, in: path, required: true, schema: {type: string}}\n        - {name: a, in: query, required: true, schema: {type: string}}\n        - {name: b, in: query, required: true, schema: {type: string}}\n",
            )],
            &[(
                GET_ITEM_PARAMS,
                "        - {name: id, in: path, required: true, schema: {type: string}}\n        - {name: b, in: query, required: true, schema: {type: string}}\n        - {name: a, in: query, required: true, schema: {type: string}}\n",
            )],
            &["BREAKING  reordered the arguments of Client::get_item from (id, a, b) to (id, b, a)"],
        ),
        case(
            "required body added",
            &[(CREATE_BODY, "")],
            &[],
            &[
                "BREAKING  added a required body ItemCreate to operation create_item (a new argument of Client::create_item)",
                "minor     added ItemCreate::new and setters (ItemCreate is now used in requests)",
                "patch     Color is now used in requests",
            ],
        ),
        case(
            "body removed",
            &[],
            &[(CREATE_BODY, "")],
            &[
                "BREAKING  removed the required body ItemCreate from operation create_item",
                "BREAKING  removed ItemCreate::new and its setters (ItemCreate is no longer used in requests)",
                "patch     Color is no longer used in requests",
            ],
        ),
        case(
            "body made optional",
            &[],
            &[("        required: true\n        content: {application/json: {schema: {$ref: '#/components/schemas/ItemCreate'}}}", "        required: false\n        content: {application/json: {schema: {$ref: '#/components/schemas/ItemCreate'}}}")],
            &["BREAKING  made the body of operation create_item optional (no longer an argument of Client::create_item, a setter)"],
        ),
        case(
            "return type changed",
            &[],
            &[(
                "          content: {application/json: {schema: {$ref: '#/components/schemas/Item'}}}\n        '404'",
                "          content: {application/json: {schema: {$ref: '#/components/schemas/ItemList'}}}\n        '404'",
            )],
            &["BREAKING  changed the return type of operation get_item from Item to ItemList"],
        ),
        case(
            "error status added",
            &[],
            &[("        '404': {description: missing}\n", "        '404': {description: missing}\n        '410': {description: gone}\n")],
            &["patch     added error status 410 to operation get_item"],
        ),
        case(
            "error status removed",
            &[],
            &[("        '404': {description: missing}\n", "")],
            &["patch     removed error status 404 from operation get_item"],
        ),
        case(
            "pagination added",
            &[],
            &[(
                LIMIT,
                "        - {name: limit, in: query, schema: {type: integer}}\n        - {name: offset, in: query, schema: {type: integer}}\n",
            )],
            &[
                "minor     added optional query parameter offset: i64 to operation list_items",
                "minor     added pagination to operation list_items (items: Item)",
            ],
        ),
        case(
            "error body changed",
            &[],
            &[
                ("        '422': {description: invalid}\n", "        '422': {description: invalid, content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}\n"),
                ("        '404': {description: missing}\n", "        '404': {description: missing, content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}\n"),
                ("    Stats:\n", "    Problem: {type: object, required: [title], properties: {title: {type: string}}}\n    Stats:\n"),
            ],
            &[
                "BREAKING  changed the error body type (ErrorBody) from serde_json::Value to Problem",
                "minor     added struct Problem",
            ],
        ),
        // Types.
        case(
            "type added",
            &[],
            &[("    Stats:\n", "    Size: {type: string, enum: [s, m]}\n    Stats:\n")],
            &["minor     added enum Size"],
        ),
        case(
            "type removed",
            &[("    Stats:\n", "    Size: {type: string, enum: [s, m]}\n    Stats:\n")],
            &[],
            &["BREAKING  removed enum Size"],
        ),
        case(
            "type changed kind",
            &[],
            &[(
                "    Color: {type: string, enum: [red, green]}",
                "    Color: {type: object, properties: {hex: {type: string}}}",
            )],
            &["BREAKING  changed Color from an enum to a struct"],
        ),
        case(
            "struct newly used in requests",
            &[],
            &[(
                ITEM_CREATE_PROPS,
                "      required: [name]\n      properties:\n        name: {type: string}\n        shape: {$ref: '#/components/schemas/Shape'}\n",
            )],
            &[
                "minor     added Circle::new and setters (Circle is now used in requests)",
                "minor     added optional field ItemCreate.shape: Option<Shape>",
                "minor     added Square::new and setters (Square is now used in requests)",
                "patch     Shape is now used in requests",
            ],
        ),
        // Fields.
        case(
            "required field added to a request type",
            &[],
            &[(
                ITEM_CREATE_PROPS,
                "      required: [name, price]\n      properties:\n        name: {type: string}\n        price: {type: integer}\n",
            )],
            &["BREAKING  added required field ItemCreate.price: i64 (a new argument of ItemCreate::new)"],
        ),
        case(
            "optional field added to a request type",
            &[],
            &[(
                ITEM_CREATE_PROPS,
                "      required: [name]\n      properties:\n        name: {type: string}\n        price: {type: integer}\n",
            )],
            &["minor     added optional field ItemCreate.price: Option<i64>"],
        ),
        case(
            "required field added to a response type",
            &[],
            &[
                ("      required: [id, name]\n", "      required: [id, name, created]\n"),
                (ITEM_NOTE, "        note: {type: string}\n        created: {type: string, format: date-time}\n"),
            ],
            &["minor     added required field Item.created: chrono::DateTime<chrono::Utc>"],
        ),
        case(
            "optional field added to a response type",
            &[],
            &[(ITEM_NOTE, "        note: {type: string}\n        size: {type: string}\n")],
            &["minor     added optional field Item.size: Option<String>"],
        ),
        case(
            "field removed",
            &[],
            &[(ITEM_NOTE, "")],
            &["BREAKING  removed field Item.note"],
        ),
        case(
            "field type changed",
            &[],
            &[(ITEM_NOTE, "        note: {type: integer}\n")],
            &["BREAKING  changed the type of field Item.note from Option<String> to Option<i64>"],
        ),
        case(
            "optional response field made required",
            &[],
            &[("      required: [id, name]\n", "      required: [id, name, note]\n")],
            &["BREAKING  changed the type of field Item.note from Option<String> to String (required, was optional)"],
        ),
        case(
            "required response field made nullable",
            &[],
            &[(
                "        id: {type: string}\n        name: {type: string}\n        note",
                "        id: {type: string}\n        name: {type: [string, 'null']}\n        note",
            )],
            &["BREAKING  changed the type of field Item.name from String to Option<String> (required nullable, was required)"],
        ),
        case(
            "optional response field made nullable",
            &[],
            &[(ITEM_NOTE, "        note: {type: [string, 'null']}\n")],
            // An optional nullable field is `Option<Option<T>>` (absent and
            // `null` kept apart), so its Rust type changes.
            &["BREAKING  changed the type of field Item.note from Option<String> to Option<Option<String>> (optional nullable, was optional)"],
        ),
        case(
            "optional request field made required",
            &[],
            &[("      required: [name]\n", "      required: [name, color]\n")],
            &["BREAKING  changed the type of field ItemCreate.color from Option<Color> to Color (required, was optional)"],
        ),
        case(
            "constructor arguments reordered",
            &[(
                ITEM_CREATE_PROPS,
                "      required: [name, sku]\n      properties:\n        name: {type: string}\n        sku: {type: string}\n",
            )],
            &[(
                ITEM_CREATE_PROPS,
                "      required: [name, sku]\n      properties:\n        sku: {type: string}\n        name: {type: string}\n",
            )],
            &["BREAKING  reordered the arguments of ItemCreate::new from (name, sku) to (sku, name)"],
        ),
        case(
            "struct loses Default",
            &[],
            &[(
                "    Stats:\n      type: object\n",
                "    Stats:\n      type: object\n      required: [views]\n",
            )],
            &[
                "BREAKING  changed the type of field Stats.views from Option<i64> to i64 (required, was optional)",
                "BREAKING  Stats no longer implements Default (it has required fields now)",
            ],
        ),
        // Enum values and union variants.
        case(
            "enum value added",
            &[],
            &[("enum: [red, green]", "enum: [red, green, blue]")],
            &["minor     added enum value Color::Blue (\"blue\")"],
        ),
        case(
            "enum value removed",
            &[],
            &[("enum: [red, green]", "enum: [red]")],
            &["BREAKING  removed enum value Color::Green (\"green\")"],
        ),
        case(
            "union variant added",
            &[],
            &WITH_TRIANGLE,
            &[
                "minor     added variant Shape::Triangle(Triangle)",
                "minor     added struct Triangle",
            ],
        ),
        case(
            "union variant removed",
            &WITH_TRIANGLE,
            &[],
            &[
                "BREAKING  removed variant Shape::Triangle(Triangle)",
                "BREAKING  removed struct Triangle",
            ],
        ),
    ]
}

#[test]
fn each_kind_of_change_is_classified() {
    let mut failures = Vec::new();
    for case in cases() {
        let got = report(&edit(&case.old), &edit(&case.new)).lines();
        if got != case.expect {
            failures.push(format!(
                "{}:\n  expected:\n    {}\n  got:\n    {}",
                case.name,
                case.expect.join("\n    "),
                got.join("\n    ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// `spec/payjp-v2.yaml` with the edits vendors make.
fn edited_payjp_spec() -> String {
    let mut spec = payjp_spec();
    let edits = [
        // A renamed operation.
        (
            "operationId: RetrievePaymentIntent",
            "operationId: GetPaymentIntent",
        ),
        // A new optional response field.
        (
            "        return_url:\n          type: [string, \"null\"]\n          description: Where the customer is sent after the payment flow, or null.\n",
            "        return_url:\n          type: [string, \"null\"]\n          description: Where the customer is sent after the payment flow, or null.\n        risk_level:\n          type: string\n          description: How risky the payment looks.\n",
        ),
        // A new required request field.
        (
            "      description: Body of a create request. Only `amount` is required.\n      properties:\n",
            "      description: Body of a create request.\n      properties:\n        currency:\n          type: string\n          description: Three-letter currency code.\n",
        ),
        (
            "      required:\n        - amount\n\n    PaymentIntentIncrementAuthorizationRequest:",
            "      required:\n        - amount\n        - currency\n\n    PaymentIntentIncrementAuthorizationRequest:",
        ),
        // A removed enum value.
        ("        - automatic_async\n", ""),
    ];
    for (from, to) in edits {
        assert_eq!(
            spec.matches(from).count(),
            1,
            "spec/payjp-v2.yaml changed: `{from}` no longer occurs exactly once"
        );
        spec = spec.replacen(from, to, 1);
    }
    spec
}

fn payjp_spec() -> String {
    std::fs::read_to_string(workspace_root().join("spec/payjp-v2.yaml"))
        .expect("spec/payjp-v2.yaml")
}

fn payjp_config() -> Config {
    let text = std::fs::read_to_string(workspace_root().join("spec/payjp-v2.toml"))
        .expect("spec/payjp-v2.toml");
    Config::from_toml(&text).expect("valid config")
}

const PAYJP_REPORT: [&str; 4] = [
    "BREAKING  renamed operation retrieve_payment_intent to get_payment_intent (GET /v2/payment_intents/{payment_intent_id})",
    "BREAKING  removed enum value CaptureMethod::AutomaticAsync (\"automatic_async\")",
    "BREAKING  added required field PaymentIntentCreateRequest.currency: String (a new argument of PaymentIntentCreateRequest::new)",
    "minor     added optional field PaymentIntentResponse.risk_level: Option<String>",
];

#[test]
fn realistic_edits_of_the_payjp_document_are_reported() {
    let config = payjp_config();
    let old = sdkgen::generate(payjp_spec().as_bytes(), &config).expect("generates");
    let new = sdkgen::generate(edited_payjp_spec().as_bytes(), &config).expect("generates");
    let report = diff(&old.surface, &new.surface);
    assert_eq!(report.lines(), PAYJP_REPORT);
    assert_eq!(report.summary(), "3 breaking, 1 minor");
    assert_eq!(report.level(), Some(Level::Breaking));
    let json = report.to_json();
    assert_eq!(json["breaking"], true);
    assert_eq!(json["counts"]["breaking"], 3);
    assert_eq!(json["changes"][0]["kind"], "operation_renamed");
    assert_eq!(json["changes"][0]["item"], "retrieve_payment_intent");
}

#[test]
fn the_checked_in_crate_holds_its_surface() {
    let root = workspace_root();
    let text = std::fs::read_to_string(root.join("generated").join(sdkgen::surface::FILE))
        .expect("generated/api-surface.txt");
    assert!(text.starts_with("# Generated by cargo xtask generate; do not edit.\n"));
    let on_disk = Surface::parse(&text).expect("the snapshot reads back");
    let fresh = sdkgen::generate(payjp_spec().as_bytes(), &payjp_config()).expect("generates");
    assert_eq!(on_disk, fresh.surface);
    assert_eq!(
        payjp_config().krate.versioning,
        sdkgen::config::Versioning::Off
    );
}

/// The files of a generated crate, as a previous crate for the next run.
fn previous_of(generated: &sdkgen::Generated) -> Option<Previous> {
    Previous::from_crate(|path| {
        generated
            .files
            .iter()
            .find(|f| f.path == path)
            .map(|f| f.contents.clone())
    })
}

fn file<'g>(generated: &'g sdkgen::Generated, path: &str) -> Option<&'g str> {
    generated
        .files
        .iter()
        .find(|f| f.path == path)
        .map(|f| f.contents.as_str())
}

#[test]
fn regenerating_reports_against_the_previous_crate() {
    let config = payjp_config();
    let first = sdkgen::generate(payjp_spec().as_bytes(), &config).expect("generates");
    assert_eq!(first.comparison, Comparison::NoPrevious);
    let previous = previous_of(&first).expect("a previous crate");
    assert_eq!(previous.version.as_deref(), Some("0.1.0"));

    let same = sdkgen::generate_with(payjp_spec().as_bytes(), &config, Some(&previous))
        .expect("generates");
    assert_eq!(same.comparison, Comparison::Report(Report::default()));
    assert_eq!(same.changes_text(Some(&previous)), "public API unchanged\n");
    assert_eq!(same.files, first.files, "a previous crate changes nothing");

    let next = sdkgen::generate_with(edited_payjp_spec().as_bytes(), &config, Some(&previous))
        .expect("generates");
    let mut expected = "public API changes (3 breaking, 1 minor):\n".to_owned();
    for line in PAYJP_REPORT {
        expected.push_str(line);
        expected.push('\n');
    }
    assert_eq!(next.changes_text(Some(&previous)), expected);
    // Versioning is off for the checked-in crate: no bump, no changelog.
    assert_eq!(next.version, "0.1.0");
    assert!(file(&next, "CHANGELOG.md").is_none());

    let broken = Previous {
        surface: Some("operation x SOMETHING\nwidget y\n".to_owned()),
        ..previous
    };
    let unreadable = sdkgen::generate_with(payjp_spec().as_bytes(), &config, Some(&broken))
        .expect("an unreadable snapshot does not stop generation");
    assert!(
        matches!(&unreadable.comparison, Comparison::Unreadable(why) if why.contains("line 2")),
        "{:?}",
        unreadable.comparison
    );
}

#[test]
fn versioning_bumps_the_version_and_writes_the_changelog() {
    let mut config = payjp_config();
    config.krate.versioning = sdkgen::config::Versioning::Semver;
    let first = sdkgen::generate(payjp_spec().as_bytes(), &config).expect("generates");
    assert_eq!(first.version, "0.1.0");
    let changelog = file(&first, "CHANGELOG.md").expect("a changelog");
    assert!(
        changelog.starts_with("# Changelog of payjp-v2\n"),
        "{changelog}"
    );
    assert!(
        changelog.ends_with(
            "\n## 0.1.0\n\nFirst generated from PAY.JP v2 API (Payment Intents) 2.0.0.\n"
        ),
        "{changelog}"
    );

    // A breaking change below 1.0 bumps the minor version.
    let previous = previous_of(&first).expect("a previous crate");
    let second = sdkgen::generate_with(edited_payjp_spec().as_bytes(), &config, Some(&previous))
        .expect("generates");
    assert_eq!(second.version, "0.2.0");
    let manifest = file(&second, "Cargo.toml").expect("Cargo.toml");
    assert!(manifest.contains("\nversion = \"0.2.0\"\n"), "{manifest}");
    assert!(second
        .changes_text(Some(&previous))
        .starts_with("version 0.2.0 (was 0.1.0)\npublic API changes (3 breaking, 1 minor):\n"));
    let changelog = file(&second, "CHANGELOG.md").expect("a changelog");
    let mut entry = "## 0.2.0\n\nRegenerated from PAY.JP v2 API (Payment Intents) 2.0.0: 3 breaking, 1 minor.\n\n```text\n".to_owned();
    for line in PAYJP_REPORT {
        entry.push_str(line);
        entry.push('\n');
    }
    entry.push_str("```\n\n## 0.1.0\n");
    assert!(changelog.contains(&entry), "{changelog}");

    // Regenerating the same document again changes nothing (`--check` is stable).
    let previous = previous_of(&second).expect("a previous crate");
    let third = sdkgen::generate_with(edited_payjp_spec().as_bytes(), &config, Some(&previous))
        .expect("generates");
    assert_eq!(third.version, "0.2.0");
    assert_eq!(third.files, second.files);

    // Additions only bump the patch version below 1.0, the minor from 1.0.
    let previous = previous_of(&first).expect("a previous crate");
    let added = payjp_spec().replacen(
        "        - automatic_async\n",
        "        - automatic_async\n        - deferred\n",
        1,
    );
    let patch =
        sdkgen::generate_with(added.as_bytes(), &config, Some(&previous)).expect("generates");
    assert_eq!(patch.version, "0.1.1");
    let stable = Previous {
        version: Some("1.4.2".to_owned()),
        ..previous.clone()
    };
    let minor = sdkgen::generate_with(added.as_bytes(), &config, Some(&stable)).expect("generates");
    assert_eq!(minor.version, "1.5.0");
    let major = sdkgen::generate_with(edited_payjp_spec().as_bytes(), &config, Some(&stable))
        .expect("generates");
    assert_eq!(major.version, "2.0.0");

    // A config version above the previous crate's wins.
    config.krate.version = "3.0.0".to_owned();
    let chosen =
        sdkgen::generate_with(added.as_bytes(), &config, Some(&stable)).expect("generates");
    assert_eq!(chosen.version, "3.0.0");
}
