//! Pairs of small documents, one per kind of public-API change: a base
//! document and edits of it, with the report lines sdkgen's API diff gives.
//! The `it` tier checks the report; the `semver` tier holds the verdicts to
//! cargo-semver-checks on the generated crates.

/// The document every case edits.
pub const BASE: &str = r##"openapi: 3.1.0
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
pub fn edit(edits: &[(&str, &str)]) -> String {
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

/// One kind of change: the old and the new document as edits of [`BASE`].
pub struct Case {
    /// What the edit does, e.g. `field removed`.
    pub name: &'static str,
    /// Edits of [`BASE`] giving the old document.
    pub old: Vec<(&'static str, &'static str)>,
    /// Edits of [`BASE`] giving the new document.
    pub new: Vec<(&'static str, &'static str)>,
    /// The report lines sdkgen gives, in order.
    pub expect: &'static [&'static str],
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

/// Every case, one per kind of change.
pub fn cases() -> Vec<Case> {
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
            // A response reads an optional nullable field as one `Option`,
            // absent or `null`: its Rust type stays.
            &["patch     made field Item.note optional nullable (was optional; its Rust type is unchanged)"],
        ),
        case(
            "second adjacent string argument of new",
            &[],
            &[(
                "      required: [name]\n      properties:\n        name: {type: string}\n        color:",
                "      required: [name, label]\n      properties:\n        name: {type: string}\n        label: {type: string}\n        color:",
            )],
            // `new(name, label)` would take two strings side by side: it
            // takes the struct of required fields, named at the call site.
            &[
                "BREAKING  added required field ItemCreate.label: String (a new argument of ItemCreate::new)",
                "BREAKING  changed ItemCreate::new to take the struct of its required fields, ItemCreateRequired",
            ],
        ),
        case(
            "optional request field made nullable",
            &[],
            &[(
                "        name: {type: string}\n        color: {$ref: '#/components/schemas/Color'}\n    Item:",
                "        name: {type: string}\n        color: {anyOf: [{$ref: '#/components/schemas/Color'}, {type: 'null'}]}\n    Item:",
            )],
            // A struct only requests send tells absent (leave it alone)
            // from `null` (clear it): the field becomes `Nullable<T>`.
            &["BREAKING  changed the type of field ItemCreate.color from Option<Color> to Nullable<Color> (optional nullable, was optional)"],
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
                "      required: [name, quantity]\n      properties:\n        name: {type: string}\n        quantity: {type: integer}\n",
            )],
            &[(
                ITEM_CREATE_PROPS,
                "      required: [name, quantity]\n      properties:\n        quantity: {type: integer}\n        name: {type: string}\n",
            )],
            &["BREAKING  reordered the arguments of ItemCreate::new from (name, quantity) to (quantity, name)"],
        ),
        case(
            "required fields struct reordered",
            &[(
                ITEM_CREATE_PROPS,
                "      required: [name, sku]\n      properties:\n        name: {type: string}\n        sku: {type: string}\n",
            )],
            &[(
                ITEM_CREATE_PROPS,
                "      required: [name, sku]\n      properties:\n        sku: {type: string}\n        name: {type: string}\n",
            )],
            // Two strings: `new` takes `ItemCreateRequired { name, sku }`,
            // so the order is the struct's field order, which calls name.
            &["patch     reordered the arguments of ItemCreate::new from (name, sku) to (sku, name)"],
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
