//! Golden surface: the checked-in crate `generated/` must expose exactly the API surface that
//! PAY.JP documents, as written down by hand from the reference pages in
//! `tests/golden/payjp-v2.surface`.
//!
//! The surface (one fact per line, in the golden file's notation, see its header) is put
//! together from two readers of the crate:
//!
//! - `api.rs`, its public API from rustdoc's JSON: which models, fields, variants, client
//!   methods and request setters exist, and their Rust types (`notation.rs` writes those in
//!   the pages' notation);
//! - `wire.rs`, the wire facts of its hand-written serde code and operation impls, from
//!   `syn`: wire names, which fields are written only when set, enum values, union tags,
//!   HTTP method, path and statuses.
//!
//! The test compares the surface with the golden lines. Structural surprises that cannot be
//! expressed as a surface line (an enum without its fallback variant, an operation struct that
//! disagrees with its methods, a field its `Serialize` never writes, a blocking client whose
//! methods differ from the async one's, ...) are reported as problems.

use std::collections::{BTreeMap, BTreeSet};

use sdkgen_tests::{shared_dir, workspace_root};

use crate::api::{self, Api, ClientMethod, EnumModel, Model, StructModel};
use crate::notation::{inline_enum, Notation, Ty};
use crate::wire::{Tagged, Wire, Written};

/// The golden file, relative to the workspace root.
const GOLDEN: &str = "tests/golden/payjp-v2.surface";

/// The documented models, enums and unions: one reference page each.
const DOCUMENTED_MODELS: [&str; 22] = [
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

/// The documented operations of `PaymentIntentsApi.md`.
const DOCUMENTED_OPERATIONS: [&str; 8] = [
    "cancel_payment_intent",
    "capture_payment_intent",
    "confirm_payment_intent",
    "create_payment_intent",
    "get_all_payment_intent",
    "increment_authorization_payment_intent",
    "retrieve_payment_intent",
    "update_payment_intent",
];

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

#[test]
fn generated_crate_matches_the_documented_surface() {
    let golden = golden_lines(&read_golden());
    let surface = generated_surface(api::generated_crate(), &documented_names(&golden));

    let mut failures = Vec::new();
    if let Err(diff) = compare(&golden, &surface.lines) {
        failures.push(diff);
    }
    if !surface.problems.is_empty() {
        failures.push(format!(
            "structural problems in the generated crate:\n{}",
            indent(&surface.problems)
        ));
    }
    assert!(
        failures.is_empty(),
        "generated/ does not match the documented surface in {GOLDEN}\n\n{}",
        failures.join("\n\n")
    );
}

#[test]
fn comparison_reports_planted_differences() {
    let golden = golden_lines(&read_golden());
    let extracted = generated_surface(api::generated_crate(), &documented_names(&golden)).lines;
    assert!(
        compare(&extracted, &extracted).is_ok(),
        "a surface must equal itself"
    );

    let removed = first_line_starting_with(&extracted, "operation ");
    let retyped = first_line_starting_with(&extracted, "model ");
    let changed = change_field_type(&retyped, "List[bogus]");
    let mut planted = extracted.clone();
    planted.remove(&removed);
    planted.remove(&retyped);
    planted.insert(changed.clone());

    let report = compare(&extracted, &planted).expect_err("the planted differences must be found");
    let (missing, extra) = report
        .split_once("extra in the generated crate:")
        .expect("the report has an `extra` section");
    assert!(
        missing.contains("missing from the generated crate:"),
        "{report}"
    );
    assert!(
        missing.contains(&removed),
        "removed line not reported:\n{report}"
    );
    assert!(
        missing.contains(&retyped),
        "original of retyped line not reported:\n{report}"
    );
    assert!(
        extra.contains(&changed),
        "retyped line not reported:\n{report}"
    );
}

/// Changes planted in rustdoc's JSON of the generated crate (as if the crate had changed)
/// show up as changed lines or problems.
#[test]
fn extractor_sees_planted_changes_to_the_public_api() {
    let golden = golden_lines(&read_golden());
    let documented = documented_names(&golden);
    let krate = api::generated_crate();
    let baseline = generated_surface(krate, &documented);
    assert!(baseline.problems.is_empty(), "{:#?}", baseline.problems);
    let planted = |edit: &dyn Fn(&mut rustdoc_types::Crate)| {
        let mut edited = krate.clone();
        edit(&mut edited);
        let surface = generated_surface(&edited, &documented);
        let missing: Vec<String> = baseline.lines.difference(&surface.lines).cloned().collect();
        let extra: Vec<String> = surface.lines.difference(&baseline.lines).cloned().collect();
        (missing, extra, surface.problems)
    };

    // A renamed field: its line goes, and neither name matches the `Serialize` any more.
    let (missing, extra, problems) = planted(&|k| {
        field_item(k, "ErrorResponse", "title").name = Some("headline".into());
    });
    assert_eq!(missing, ["model ErrorResponse field title: str required"]);
    assert!(extra.is_empty(), "{extra:?}");
    assert_eq!(
        problems,
        [
            "model ErrorResponse field headline: never written by the struct's Serialize",
            "model ErrorResponse field title: written by the struct's Serialize but not a public \
             field"
        ]
    );

    // A field of another type.
    let (missing, extra, problems) = planted(&|k| {
        let field = field_item(k, "PaymentIntentListResponse", "has_more");
        field.inner =
            rustdoc_types::ItemEnum::StructField(rustdoc_types::Type::Primitive("i64".into()));
    });
    assert_eq!(
        missing,
        ["model PaymentIntentListResponse field has_more: bool required"]
    );
    assert_eq!(
        extra,
        ["model PaymentIntentListResponse field has_more: int required"]
    );
    assert!(problems.is_empty(), "{problems:?}");

    // An optional field as `Option<Option<T>>`, which its `Deserialize` (`read_or_null`)
    // does not keep apart from absent.
    let (missing, extra, problems) = planted(&|k| {
        let field = field_item(k, "PaymentIntentListResponse", "object");
        let rustdoc_types::ItemEnum::StructField(rustdoc_types::Type::ResolvedPath(option)) =
            &field.inner
        else {
            panic!("`object` is not an `Option<..>`");
        };
        let mut outer = option.clone();
        outer.args = Some(Box::new(rustdoc_types::GenericArgs::AngleBracketed {
            args: vec![rustdoc_types::GenericArg::Type(
                rustdoc_types::Type::ResolvedPath(option.clone()),
            )],
            constraints: Vec::new(),
        }));
        field.inner =
            rustdoc_types::ItemEnum::StructField(rustdoc_types::Type::ResolvedPath(outer));
    });
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{missing:?} {extra:?}"
    );
    assert_eq!(
        problems,
        [
            "model PaymentIntentListResponse field object: Option<Option<..>> read without \
             wrapping in Some, so null reads as absent"
        ]
    );

    // An enum without its fallback variant.
    let (missing, _, problems) = planted(&|k| {
        let rustdoc_types::ItemEnum::Enum(usage) = &mut model_item(k, "Usage").inner else {
            panic!("`Usage` is not an enum");
        };
        usage.variants.pop();
    });
    assert_eq!(missing, ["enum Usage values off_session on_session"]);
    assert_eq!(
        problems,
        [
            "enum Usage: the last variant is not the fallback for unknown values (a variant \
          carrying a String)"
        ]
    );

    // A setter gone: the parameter goes, and the operation struct holds a field no method sets.
    let (missing, extra, problems) = planted(&|k| {
        let limit = setter_id(k, "GetAllPaymentIntent", "limit");
        for item in k.index.values_mut() {
            if let rustdoc_types::ItemEnum::Impl(imp) = &mut item.inner {
                imp.items.retain(|id| *id != limit);
            }
        }
    });
    assert_eq!(
        missing,
        ["operation get_all_payment_intent param limit: int query optional"]
    );
    assert!(extra.is_empty(), "{extra:?}");
    assert_eq!(
        problems,
        ["operation get_all_payment_intent: GetAllPaymentIntent.limit is set by no method"]
    );

    // The blocking client's method taking another argument type.
    let (missing, extra, problems) = planted(&|k| {
        let method = blocking_method(k, "retrieve_payment_intent");
        let rustdoc_types::ItemEnum::Function(f) = &mut method.inner else {
            panic!("not a function");
        };
        f.sig.inputs[1].1 = rustdoc_types::Type::Primitive("u32".into());
    });
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{missing:?} {extra:?}"
    );
    let [problem] = problems.as_slice() else {
        panic!("{problems:?}");
    };
    assert!(
        problem.starts_with("blocking::Client's methods differ from Client's")
            && problem.contains(
                "only blocking: operation retrieve_payment_intent param payment_intent_id: int \
                 path required"
            ),
        "{problem}"
    );

    // A string enum used by a second field is no longer inline: it gets its own line.
    let (missing, extra, _) = planted(&|k| {
        let three_d_secure = field_item(
            k,
            "PaymentMethodOptionsCardRequest",
            "request_three_d_secure",
        );
        let ty = three_d_secure.inner.clone();
        field_item(k, "PaymentIntentListResponse", "object").inner = ty;
    });
    let named = "enum PaymentMethodOptionsCardRequestThreeDSecure values ";
    assert!(
        extra.iter().any(|line| line.starts_with(named)),
        "{extra:?}"
    );
    assert!(
        missing.iter().any(|line| line.starts_with(
            "model PaymentMethodOptionsCardRequest field request_three_d_secure: enum{"
        )),
        "{missing:?}"
    );
}

/// The assembly of lines and problems, on a public API and wire facts made up by hand: the
/// golden's optionality rules, inline enums, unions, operations and the shapes that are
/// reported as problems.
#[test]
fn extractor_reads_optionality_unions_and_inline_enums() {
    let model = r#"
        impl serde::Serialize for Thing {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut entries = crate::fields::Entries::start(serializer)?;
                entries.field("id", &self.id);
                entries.optional("note", &self.note);
                entries.field("count", &self.count);
                entries.field("type", &self.r#type);
                entries.optional("mode", &self.mode);
                entries.field("tags", &self.tags);
                entries.field("extra", &self.extra);
                entries.optional("memo", &self.memo);
                entries.optional("lossy", &self.lossy);
                entries.extra(&self.rest);
                entries.end()
            }
        }
        impl<'de> serde::Deserialize<'de> for Thing {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct Fields;
                impl<'de> serde::de::Visitor<'de> for Fields {
                    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Thing, A::Error> {
                        while let Some(key) = map.next_key::<crate::fields::Key<'de>>()? {
                            match key.as_str() {
                                "memo" => crate::fields::read(&mut map, &mut v8),
                                "lossy" => crate::fields::read_or_null(&mut map, &mut v9),
                                _ => crate::fields::skip(&mut map),
                            }?;
                        }
                        todo!()
                    }
                }
                d.deserialize_map(Fields)
            }
        }
        impl ThingKind {
            pub fn as_str(&self) -> &str {
                match self { Self::B => "b", Self::A => "a", Self::Unknown(value) => value }
            }
        }
        impl ThingMode {
            pub fn as_str(&self) -> &str {
                match self { Self::Slow => "slow", Self::Fast => "fast", Self::Unknown(v) => v }
            }
        }
        impl NoFallback {
            pub fn as_str(&self) -> &str { match self { Self::X => "x" } }
        }
        impl<'de> serde::Deserialize<'de> for Shape {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let value = <serde_json::Value as serde::Deserialize>::deserialize(d)?;
                match value.get("kind").and_then(serde_json::Value::as_str) {
                    Some("circle") => serde_json::from_value(value).map(Self::Circle).map_err(e),
                    _ => Ok(Self::Unknown(value)),
                }
            }
        }
    "#;
    let operation = r#"
        pub struct GetThing { thing_id: String, expand: Option<bool> }
        impl crate::Operation for GetThing {
            type Output = Vec<Thing>;
            const INFO: crate::OperationInfo = crate::OperationInfo {
                operation_id: "GetThing",
                method: reqwest::Method::GET,
                path: "/things/{thing_id}",
                success_statuses: &[200],
                error_statuses: &[422, 404],
                accept: "application/json",
            };
        }
    "#;
    let wire = Wire::of_sources(&[
        crate::wire::parse_source("models/thing.rs", model),
        crate::wire::parse_source("operations/things.rs", operation),
    ]);

    let fields = [
        ("id", "String"),
        ("note", "Option<String>"),
        ("count", "Option<i64>"),
        ("type", "ThingKind"),
        ("mode", "Option<ThingMode>"),
        (
            "tags",
            "std::collections::BTreeMap<String, Vec<chrono::DateTime<chrono::Utc>>>",
        ),
        (
            "extra",
            "Option<serde_json::Map<String, serde_json::Value>>",
        ),
        ("memo", "Option<Option<String>>"),
        ("lossy", "Option<Option<i64>>"),
        ("rest", "std::collections::BTreeMap<String, i64>"),
    ];
    let thing = StructModel {
        fields: fields
            .map(|(name, ty)| (name.to_owned(), rust_ty(ty)))
            .into(),
        private_fields: false,
        traits: ["Serialize".to_owned(), "Deserialize".to_owned()].into(),
        serde_attrs: Vec::new(),
    };
    let string_enum = |variants: &[&str]| {
        let mut variants: Vec<api::Variant> = variants
            .iter()
            .map(|name| api::Variant {
                name: (*name).to_owned(),
                payload: None,
            })
            .collect();
        variants.push(api::Variant {
            name: "Unknown".to_owned(),
            payload: Some(rust_ty("String")),
        });
        Model::Enum(EnumModel {
            variants,
            methods: ["as_str".to_owned()].into(),
            serde_attrs: Vec::new(),
        })
    };
    let union = |variants: &[(&str, &str)], serde_attrs: Vec<String>| {
        Model::Enum(EnumModel {
            variants: variants
                .iter()
                .map(|(name, ty)| api::Variant {
                    name: (*name).to_owned(),
                    payload: Some(rust_ty(ty)),
                })
                .collect(),
            methods: BTreeSet::new(),
            serde_attrs,
        })
    };
    let mut no_fallback = string_enum(&["X"]);
    if let Model::Enum(e) = &mut no_fallback {
        e.variants.pop();
    }
    let models = [
        ("Thing", Model::Struct(thing)),
        ("ThingKind", string_enum(&["A", "B"])),
        ("ThingMode", string_enum(&["Fast", "Slow"])),
        ("NoFallback", no_fallback),
        (
            "Scalar",
            union(
                &[
                    ("Integer", "i64"),
                    ("Text", "String"),
                    ("Unknown", "serde_json::Value"),
                ],
                vec!["#[serde(untagged)]".to_owned()],
            ),
        ),
        (
            "Shape",
            union(
                &[("Circle", "Thing"), ("Unknown", "serde_json::Value")],
                Vec::new(),
            ),
        ),
    ];
    let into = |ty: &str| Ty::Impl {
        bound: "Into".to_owned(),
        arg: Box::new(rust_ty(ty)),
    };
    let get_thing = ClientMethod {
        name: "get_thing".to_owned(),
        args: vec![("thing_id".to_owned(), into("String"))],
        operation: "GetThing".to_owned(),
    };
    let api = Api {
        models: models.map(|(name, model)| (name.to_owned(), model)).into(),
        client: vec![get_thing.clone()],
        blocking: vec![get_thing],
        operations: [(
            "GetThing".to_owned(),
            api::OperationType {
                output: Some(rust_ty("Vec<Thing>")),
                setters: vec![(
                    "expand".to_owned(),
                    vec![("expand".to_owned(), into("bool"))],
                )],
            },
        )]
        .into(),
    };
    let documented: BTreeSet<String> = ["Thing", "ThingKind", "Scalar", "Shape"]
        .map(String::from)
        .into();
    let surface = extract_surface(&api, &wire, &documented);

    let expected = [
        "enum ThingKind values a b",
        "model Thing field count: int required nullable",
        "model Thing field extra: object required nullable",
        "model Thing field id: str required",
        "model Thing field lossy: int optional",
        "model Thing field memo: str optional",
        "model Thing field mode: enum{fast,slow} optional",
        "model Thing field note: str optional",
        "model Thing field tags: Dict[str, List[datetime]] required",
        "model Thing field type: ThingKind required",
        "model Thing additional_properties: Dict[str, int]",
        "operation get_thing GET /things/{thing_id}",
        "operation get_thing errors 404 422",
        "operation get_thing param expand: bool query optional",
        "operation get_thing param thing_id: str path required",
        "operation get_thing returns List[Thing]",
        "union Scalar anyOf int str",
        "union Shape tag kind circle=Thing",
    ];
    let expected: BTreeSet<String> = expected.into_iter().map(String::from).collect();
    if let Err(diff) = compare(&expected, &surface.lines) {
        panic!("{diff}");
    }
    assert_eq!(surface.problems.len(), 2, "{:#?}", surface.problems);
    assert!(
        surface.problems.iter().any(|p| p.contains("NoFallback")),
        "{:#?}",
        surface.problems
    );
    // `lossy` is read without `Some(..)`: `null` would read as absent.
    let lossy = surface
        .problems
        .iter()
        .find(|p| p.contains("field lossy"))
        .unwrap_or_else(|| panic!("no problem for `lossy`: {:#?}", surface.problems));
    assert!(lossy.contains("without wrapping in Some"), "{lossy}");
    assert!(!lossy.contains("written when None"), "{lossy}");
}

#[test]
fn golden_lists_the_documented_operations_and_models() {
    let text = read_golden();
    let body: Vec<&str> = text.lines().map(str::trim).filter(|l| is_fact(l)).collect();
    let mut sorted = body.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(
        body, sorted,
        "{GOLDEN} must be sorted (byte order) without duplicates"
    );

    let lines = golden_lines(&text);
    let operations = operation_names(&lines);
    let expected_operations: BTreeSet<String> = DOCUMENTED_OPERATIONS
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(operations.len(), 8, "{operations:?}");
    assert_eq!(operations, expected_operations);

    let models = documented_names(&lines);
    let expected_models: BTreeSet<String> =
        DOCUMENTED_MODELS.iter().map(|s| s.to_string()).collect();
    assert_eq!(models.len(), 22, "{models:?}");
    assert_eq!(models, expected_models);
}

#[test]
fn golden_covers_every_reference_page() {
    let docs = shared_dir().join("reference/payjp-v2/docs");
    let lines = golden_lines(&read_golden());

    let pages: BTreeSet<String> = std::fs::read_dir(&docs)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", docs.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter_map(|path| Some(path.file_name()?.to_str()?.strip_suffix(".md")?.to_owned()))
        .filter(|name| name != "PaymentIntentsApi")
        .collect();
    assert_eq!(
        documented_names(&lines),
        pages,
        "one model, enum or union per page"
    );

    let api = std::fs::read_to_string(docs.join("PaymentIntentsApi.md")).expect("operation page");
    let endpoints = documented_endpoints(&api);
    assert_eq!(endpoints.len(), 8, "{endpoints:?}");
    for endpoint in &endpoints {
        assert!(lines.contains(endpoint), "{GOLDEN} lacks `{endpoint}`");
    }
}

// ---------------------------------------------------------------------------------------------
// The golden file and the comparison
// ---------------------------------------------------------------------------------------------

/// Reads the golden file.
fn read_golden() -> String {
    let path = workspace_root().join(GOLDEN);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Whether a (trimmed) golden line is a fact rather than a comment or blank line.
fn is_fact(line: &str) -> bool {
    !line.is_empty() && !line.starts_with('#')
}

/// The facts of a golden text.
fn golden_lines(text: &str) -> BTreeSet<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| is_fact(l))
        .map(String::from)
        .collect()
}

/// Names of the models, enums and unions listed in a surface.
fn documented_names(lines: &BTreeSet<String>) -> BTreeSet<String> {
    names_of_kinds(lines, &["model", "enum", "union"])
}

/// Names of the operations listed in a surface.
fn operation_names(lines: &BTreeSet<String>) -> BTreeSet<String> {
    names_of_kinds(lines, &["operation"])
}

/// The second word of every line whose first word is one of `kinds`.
fn names_of_kinds(lines: &BTreeSet<String>, kinds: &[&str]) -> BTreeSet<String> {
    lines
        .iter()
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            let kind = words.next()?;
            if kinds.contains(&kind) {
                words.next().map(String::from)
            } else {
                None
            }
        })
        .collect()
}

/// `operation NAME METHOD PATH` lines from the endpoint table of `PaymentIntentsApi.md`,
/// whose rows read `[**name**](...) | **POST** /v2/... | Description`.
fn documented_endpoints(page: &str) -> BTreeSet<String> {
    page.lines()
        .filter_map(|row| {
            let rest = row.strip_prefix("[**")?;
            let (name, rest) = rest.split_once("**]")?;
            let cells: Vec<&str> = rest.split('|').map(str::trim).collect();
            let (method, path) = cells.get(1)?.split_once(' ')?;
            Some(format!(
                "operation {name} {} {}",
                method.trim_matches('*'),
                path.trim()
            ))
        })
        .collect()
}

/// Compares the golden surface with the extracted one; on a difference, a report that lists
/// what the generated crate lacks and what it has beyond the golden.
fn compare(golden: &BTreeSet<String>, generated: &BTreeSet<String>) -> Result<(), String> {
    let missing: Vec<String> = golden.difference(generated).cloned().collect();
    let extra: Vec<String> = generated.difference(golden).cloned().collect();
    if missing.is_empty() && extra.is_empty() {
        return Ok(());
    }
    Err(format!(
        "missing from the generated crate:\n{}\nextra in the generated crate:\n{}",
        indent(&missing),
        indent(&extra)
    ))
}

/// Indents lines for a report; `(none)` for an empty list.
fn indent(lines: &[String]) -> String {
    if lines.is_empty() {
        return "    (none)".to_owned();
    }
    lines
        .iter()
        .map(|l| format!("    {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The first line of a surface with the given prefix.
fn first_line_starting_with(lines: &BTreeSet<String>, prefix: &str) -> String {
    lines
        .iter()
        .find(|l| l.starts_with(prefix))
        .unwrap_or_else(|| panic!("the extracted surface has no `{prefix}` line"))
        .clone()
}

/// Replaces the type of a `model NAME field WIRE: TYPE PRESENCE` line.
fn change_field_type(line: &str, new_type: &str) -> String {
    let (head, tail) = line.split_once(": ").expect("a field line has `: `");
    let presence = [" required nullable", " required", " optional"]
        .into_iter()
        .find(|p| tail.ends_with(p))
        .expect("a field line ends with its presence");
    format!("{head}: {new_type}{presence}")
}

// ---------------------------------------------------------------------------------------------
// Planting changes in rustdoc's JSON
// ---------------------------------------------------------------------------------------------

/// A type written as Rust, as a [`Ty`].
fn rust_ty(rust: &str) -> Ty {
    let ty: syn::Type = syn::parse_str(rust).unwrap_or_else(|e| panic!("`{rust}`: {e}"));
    crate::wire::ty_of(&ty)
}

/// The id of the crate's own item at a path ending in `suffix`.
fn local_id(krate: &rustdoc_types::Crate, suffix: &[&str]) -> rustdoc_types::Id {
    let found: Vec<rustdoc_types::Id> = krate
        .paths
        .iter()
        .filter(|(_, summary)| {
            summary.crate_id == 0
                && summary.path.len() >= suffix.len()
                && summary.path[summary.path.len() - suffix.len()..] == *suffix
        })
        .map(|(id, _)| *id)
        .collect();
    match found.as_slice() {
        [id] => *id,
        _ => panic!("{} items at `{}`", found.len(), suffix.join("::")),
    }
}

/// The model `name` in rustdoc's JSON.
fn model_item<'k>(krate: &'k mut rustdoc_types::Crate, name: &str) -> &'k mut rustdoc_types::Item {
    let id = local_id(krate, &[name]);
    krate.index.get_mut(&id).expect("a listed item")
}

/// The field `field` of the model struct `model` in rustdoc's JSON.
fn field_item<'k>(
    krate: &'k mut rustdoc_types::Crate,
    model: &str,
    field: &str,
) -> &'k mut rustdoc_types::Item {
    let rustdoc_types::ItemEnum::Struct(s) = &krate.index[&local_id(krate, &[model])].inner else {
        panic!("{model} is not a struct");
    };
    let rustdoc_types::StructKind::Plain { fields, .. } = &s.kind else {
        panic!("{model} has no named fields");
    };
    let id = *fields
        .iter()
        .find(|id| krate.index[*id].name.as_deref() == Some(field))
        .unwrap_or_else(|| panic!("{model} has no field {field}"));
    krate.index.get_mut(&id).expect("a field item")
}

/// The functions named `name` of the inherent impls of the item at `path`.
fn method_id(krate: &rustdoc_types::Crate, path: &[&str], name: &str) -> rustdoc_types::Id {
    let owner = &krate.index[&local_id(krate, path)];
    let impls = match &owner.inner {
        rustdoc_types::ItemEnum::Struct(s) => &s.impls,
        _ => panic!("{} is not a struct", path.join("::")),
    };
    let found: Vec<rustdoc_types::Id> = impls
        .iter()
        .filter_map(|id| match &krate.index[id].inner {
            rustdoc_types::ItemEnum::Impl(imp) if imp.trait_.is_none() => Some(&imp.items),
            _ => None,
        })
        .flatten()
        .filter(|id| krate.index[*id].name.as_deref() == Some(name))
        .copied()
        .collect();
    match found.as_slice() {
        [id] => *id,
        _ => panic!("{} methods {name} of {}", found.len(), path.join("::")),
    }
}

/// The setter `setter` of `Request<op, M>` in rustdoc's JSON.
fn setter_id(krate: &rustdoc_types::Crate, op: &str, setter: &str) -> rustdoc_types::Id {
    let request = &krate.index[&local_id(krate, &["request", "Request"])];
    let rustdoc_types::ItemEnum::Struct(s) = &request.inner else {
        panic!("Request is not a struct");
    };
    s.impls
        .iter()
        .filter_map(|id| match &krate.index[id].inner {
            rustdoc_types::ItemEnum::Impl(imp) => Some(imp),
            _ => None,
        })
        .filter(|imp| {
            let rustdoc_types::Type::ResolvedPath(path) = &imp.for_ else {
                return false;
            };
            match path.args.as_deref() {
                Some(rustdoc_types::GenericArgs::AngleBracketed { args, .. }) => matches!(
                    args.first(),
                    Some(rustdoc_types::GenericArg::Type(rustdoc_types::Type::ResolvedPath(p)))
                        if krate.index[&p.id].name.as_deref() == Some(op)
                ),
                _ => false,
            }
        })
        .flat_map(|imp| &imp.items)
        .find(|id| krate.index[*id].name.as_deref() == Some(setter))
        .copied()
        .unwrap_or_else(|| panic!("Request<{op}> has no setter {setter}"))
}

/// The method `name` of `blocking::Client` in rustdoc's JSON.
fn blocking_method<'k>(
    krate: &'k mut rustdoc_types::Crate,
    name: &str,
) -> &'k mut rustdoc_types::Item {
    let id = method_id(krate, &["blocking", "Client"], name);
    krate.index.get_mut(&id).expect("a method item")
}

// ---------------------------------------------------------------------------------------------
// Extraction
// ---------------------------------------------------------------------------------------------

/// An extracted surface: golden-notation lines, and problems that are not surface facts.
#[derive(Default)]
struct Surface {
    /// Facts in the golden file's notation.
    lines: BTreeSet<String>,
    /// Shapes the extractor cannot express as facts, such as an enum without a fallback.
    problems: Vec<String>,
}

/// The surface of the generated crate, from its rustdoc JSON and the wire facts of its source.
fn generated_surface(krate: &rustdoc_types::Crate, documented: &BTreeSet<String>) -> Surface {
    let api = Api::read(krate)
        .unwrap_or_else(|e| panic!("cannot read the public API from rustdoc's JSON: {e}"));
    let wire = Wire::of_crate(&workspace_root().join("generated").join("src"));
    extract_surface(&api, &wire, documented)
}

/// Extracts the surface of a generated crate. `documented` names the models the golden file
/// lists; a generated string enum outside that set used by exactly one field is inline.
fn extract_surface(api: &Api, wire: &Wire, documented: &BTreeSet<String>) -> Surface {
    let mut surface = Surface::default();
    let shapes = enum_shapes(api, wire, &mut surface.problems);
    let notation = Notation {
        inline: inline_enums(api, &shapes, documented),
    };
    for (name, shape) in &shapes {
        if !notation.inline.contains_key(name) {
            surface.lines.insert(shape.line(name, &notation));
        }
    }
    // Wire models are the structs that implement `Serialize`; others (the
    // struct of required fields a `new` takes) are Rust-side only. A model
    // that lost its impl is then missing from the surface, which fails.
    for (name, model) in &api.models {
        if let Model::Struct(model) = model {
            if model.traits.contains("Serialize") {
                struct_lines(name, model, wire, &notation, &mut surface);
            }
        }
    }
    let client = operations_lines(&api.client, api, wire, &notation, &mut surface.problems);
    let blocking = operations_lines(&api.blocking, api, wire, &notation, &mut Vec::new());
    if client != blocking {
        let only = |a: &BTreeSet<String>, b: &BTreeSet<String>, label: &str| -> Vec<String> {
            a.difference(b)
                .map(|line| format!("        only {label}: {line}"))
                .collect()
        };
        let mut differences = only(&client, &blocking, "async");
        differences.extend(only(&blocking, &client, "blocking"));
        surface.problems.push(format!(
            "blocking::Client's methods differ from Client's:\n{}",
            differences.join("\n")
        ));
    }
    surface.lines.extend(client);
    surface
}

// --- models --------------------------------------------------------------------------------

/// Adds the field lines of a model struct, with the wire names and presence its `Serialize`
/// writes and the way its `Deserialize` reads each property.
fn struct_lines(
    name: &str,
    model: &StructModel,
    wire: &Wire,
    notation: &Notation,
    out: &mut Surface,
) {
    for attr in &model.serde_attrs {
        out.problems.push(format!(
            "model {name} has {attr}, which the extractor ignores"
        ));
    }
    if model.private_fields {
        out.problems
            .push(format!("model {name} has fields that are not public"));
    }
    let no_entries = BTreeMap::new();
    let written = wire.written.get(name).unwrap_or(&no_entries);
    let decoded = wire.decoded.get(name);
    for (field, ty) in &model.fields {
        let (wire_name, when_set) = match written.get(field) {
            None => {
                out.problems.push(format!(
                    "model {name} field {field}: never written by the struct's Serialize"
                ));
                continue;
            }
            Some(Written::Extra) => {
                out.lines.insert(format!(
                    "model {name} additional_properties: {}",
                    notation.render(ty)
                ));
                continue;
            }
            Some(Written::Always(wire_name)) => (wire_name, false),
            Some(Written::WhenSet(wire_name)) => (wire_name, true),
        };
        if let Some(problem) = absent_or_null_problem(ty, when_set, wire_name, decoded) {
            out.problems
                .push(format!("model {name} field {wire_name}: {problem}"));
        }
        let (ty, presence) = field_presence(ty, when_set);
        out.lines.insert(format!(
            "model {name} field {wire_name}: {} {presence}",
            notation.render(ty)
        ));
    }
    for field in written.keys() {
        if !model.fields.iter().any(|(public, _)| public == field) {
            out.problems.push(format!(
                "model {name} field {field}: written by the struct's Serialize but not a public \
                 field"
            ));
        }
    }
}

/// The documented type of a field and its presence, in the reference pages' terms:
/// `Option<T>` written only when set is optional, and so is `Option<Option<T>>` written
/// only when set (an optional field that may also be `null`: the pages show it as optional,
/// the extra level only keeps absent and `null` apart, see [`absent_or_null_problem`]);
/// `Option<T>` always written is required but nullable; anything else is required.
fn field_presence(ty: &Ty, when_set: bool) -> (&Ty, &'static str) {
    match ty.option_inner() {
        Some(inner) if when_set => (inner.option_inner().unwrap_or(inner), "optional"),
        Some(inner) => (inner, "required nullable"),
        None => (ty, "required"),
    }
}

/// What is wrong, if anything, with how an `Option<Option<T>>` field keeps absent and `null`
/// apart: it must be written only when set (absent is written as absent), and its struct's
/// `Deserialize` must wrap the value it reads in `Some` (so `null` is `Some(None)` and only
/// an absent property stays `None`); otherwise a decoded body would not re-encode as
/// received.
fn absent_or_null_problem(
    ty: &Ty,
    when_set: bool,
    wire: &str,
    decoded: Option<&BTreeMap<String, bool>>,
) -> Option<String> {
    ty.option_inner().and_then(Ty::option_inner)?;
    let mut missing = Vec::new();
    if !when_set {
        missing.push("written when None (not with `entries.optional`)");
    }
    match decoded.and_then(|d| d.get(wire)) {
        Some(true) => {}
        Some(false) => missing.push("read without wrapping in Some, so null reads as absent"),
        None => missing.push("never read by the struct's Deserialize"),
    }
    (!missing.is_empty()).then(|| format!("Option<Option<..>> {}", missing.join("; ")))
}

// --- enums and unions ----------------------------------------------------------------------

/// What a generated model enum stands for.
enum EnumShape {
    /// A string enum and its documented values, sorted.
    Strings(Vec<String>),
    /// A oneOf told apart by a property: the property and `(value, payload type)` pairs.
    Tagged {
        tag: String,
        variants: Vec<(String, Ty)>,
    },
    /// An untagged anyOf: the member types in declaration order.
    Untagged(Vec<Ty>),
}

impl EnumShape {
    /// The golden line of a named enum or union.
    fn line(&self, name: &str, notation: &Notation) -> String {
        match self {
            Self::Strings(values) => format!("enum {name} values {}", values.join(" ")),
            Self::Tagged { tag, variants } => {
                let mut arms: Vec<String> = variants
                    .iter()
                    .map(|(v, ty)| format!("{v}={}", notation.render(ty)))
                    .collect();
                arms.sort();
                format!("union {name} tag {tag} {}", arms.join(" "))
            }
            Self::Untagged(members) => {
                let members: Vec<String> = members.iter().map(|t| notation.render(t)).collect();
                format!("union {name} anyOf {}", members.join(" "))
            }
        }
    }
}

/// Classifies every model enum.
fn enum_shapes(api: &Api, wire: &Wire, problems: &mut Vec<String>) -> BTreeMap<String, EnumShape> {
    let mut shapes = BTreeMap::new();
    for (name, model) in &api.models {
        let Model::Enum(model) = model else { continue };
        match enum_shape(name, model, wire) {
            Ok(shape) => {
                shapes.insert(name.clone(), shape);
            }
            Err(problem) => problems.push(format!("enum {name}: {problem}")),
        }
    }
    shapes
}

/// Classifies one enum: a string enum has an `as_str` method (its values are the strings that
/// returns), a tagged union a `tag()` method or a hand-written `Deserialize` that dispatches on
/// `value.get("...")`, an untagged union is `#[serde(untagged)]` (its `Deserialize` tries the
/// variants in order).
fn enum_shape(name: &str, model: &EnumModel, wire: &Wire) -> Result<EnumShape, String> {
    if model.methods.contains("as_str") {
        let documented = documented_variants(model, "str")?;
        let mut values = wire
            .enum_values
            .get(name)
            .ok_or("`as_str` is not in the source")?
            .clone()?;
        if values.len() != documented.len() {
            return Err(format!(
                "{} unit variants but {} string values in `as_str`",
                documented.len(),
                values.len()
            ));
        }
        values.sort();
        return Ok(EnumShape::Strings(values));
    }
    let tagged = if model.methods.contains("tag") {
        Some(
            wire.tag_fns
                .get(name)
                .ok_or("`tag()` is not in the source")?,
        )
    } else {
        wire.dispatches.get(name)
    };
    if let Some(tagged) = tagged {
        documented_variants(model, "any")?;
        let Tagged { tag, variants } = tagged.clone()?;
        let variants = variants
            .into_iter()
            .map(|(value, variant)| Ok((value, variant_payload(model, &variant)?)))
            .collect::<Result<_, String>>()?;
        return Ok(EnumShape::Tagged { tag, variants });
    }
    if model.untagged() {
        let members = documented_variants(model, "any")?
            .iter()
            .map(|v| variant_payload(model, &v.name))
            .collect::<Result<_, _>>()?;
        return Ok(EnumShape::Untagged(members));
    }
    if wire.decoded.contains_key(name) {
        return Err("hand-written `Deserialize` without a `match` on `value.get(\"...\")`".into());
    }
    Err("neither a string enum (no `as_str`) nor a union".to_owned())
}

/// The documented variants of an enum, once its last variant is checked to be the fallback:
/// a one-field tuple variant whose field renders as `fallback_type`.
fn documented_variants<'e>(
    model: &'e EnumModel,
    fallback_type: &str,
) -> Result<&'e [api::Variant], String> {
    let notation = Notation {
        inline: BTreeMap::new(),
    };
    let fallback = model
        .variants
        .last()
        .and_then(|v| v.payload.as_ref())
        .map(|ty| notation.render(ty));
    if fallback.as_deref() != Some(fallback_type) {
        return Err(format!(
            "the last variant is not the fallback for unknown values (a variant carrying {})",
            if fallback_type == "str" {
                "a String"
            } else {
                "a serde_json::Value"
            }
        ));
    }
    Ok(&model.variants[..model.variants.len() - 1])
}

/// The payload type of a one-field tuple variant.
fn variant_payload(model: &EnumModel, variant: &str) -> Result<Ty, String> {
    model
        .variants
        .iter()
        .find(|v| v.name == variant)
        .and_then(|v| v.payload.clone())
        .ok_or_else(|| format!("variant {variant} does not carry exactly one value"))
}

/// The undocumented string enums that exactly one model field uses, rendered structurally.
fn inline_enums(
    api: &Api,
    shapes: &BTreeMap<String, EnumShape>,
    documented: &BTreeSet<String>,
) -> BTreeMap<String, String> {
    let mut mentions: BTreeMap<String, usize> = BTreeMap::new();
    let mut count =
        |ty: &Ty| ty.for_each_name(&mut |name| *mentions.entry(name.to_owned()).or_default() += 1);
    for model in api.models.values() {
        match model {
            Model::Struct(s) => s.fields.iter().for_each(|(_, ty)| count(ty)),
            Model::Enum(e) => e
                .variants
                .iter()
                .filter_map(|v| v.payload.as_ref())
                .for_each(&mut count),
        }
    }
    shapes
        .iter()
        .filter_map(|(name, shape)| match shape {
            EnumShape::Strings(values)
                if !documented.contains(name) && mentions.get(name) == Some(&1) =>
            {
                Some((name.clone(), inline_enum(values)))
            }
            _ => None,
        })
        .collect()
}

// --- operations ----------------------------------------------------------------------------

/// One argument of an operation: a parameter or the body.
struct Argument<'a> {
    /// Parameter name, or `body`.
    name: &'a str,
    /// What the method takes (`impl Into<T>`, `impl IntoIterator<Item = T>`).
    ty: &'a Ty,
    /// Whether the client method takes it (else a setter on the request sets it).
    required: bool,
}

/// The lines of the operations that a client's methods start.
fn operations_lines(
    methods: &[ClientMethod],
    api: &Api,
    wire: &Wire,
    notation: &Notation,
    problems: &mut Vec<String>,
) -> BTreeSet<String> {
    let mut lines = BTreeSet::new();
    for method in methods {
        operation_lines(method, api, wire, notation, &mut lines, problems);
    }
    lines
}

/// Adds the lines of the operation a client method starts.
fn operation_lines(
    method: &ClientMethod,
    api: &Api,
    wire: &Wire,
    notation: &Notation,
    lines: &mut BTreeSet<String>,
    problems: &mut Vec<String>,
) {
    let name = &method.name;
    let op = &method.operation;
    let info = match wire.operations.get(op) {
        Some(Ok(info)) => info,
        Some(Err(problem)) => {
            problems.push(format!("operation {name}: {problem}"));
            return;
        }
        None => {
            problems.push(format!("operation {name}: no `impl Operation for {op}`"));
            return;
        }
    };
    let operation = api.operations.get(op);
    let Some(output) = operation.and_then(|o| o.output.as_ref()) else {
        problems.push(format!(
            "operation {name}: {op} has no `Operation::Output` in the public API"
        ));
        return;
    };
    if info.success_statuses != [200] {
        problems.push(format!(
            "operation {name}: success statuses {:?}, documented [200]",
            info.success_statuses
        ));
    }
    let prefix = format!("operation {name}");
    lines.insert(format!("{prefix} {} {}", info.method, info.path));
    lines.insert(format!("{prefix} returns {}", notation.render(output)));
    if !info.error_statuses.is_empty() {
        let statuses: Vec<String> = info.error_statuses.iter().map(u16::to_string).collect();
        lines.insert(format!("{prefix} errors {}", statuses.join(" ")));
    }
    let required = method.args.iter().map(|(name, ty)| Argument {
        name,
        ty,
        required: true,
    });
    let setters = operation.map(|o| o.setters.as_slice()).unwrap_or_default();
    let optional = setters
        .iter()
        .filter_map(|(setter, args)| match args.as_slice() {
            [(name, ty)] if setter == name => Some(Argument {
                name,
                ty,
                required: false,
            }),
            _ => None,
        });
    let arguments: Vec<Argument<'_>> = required.chain(optional).collect();
    for argument in &arguments {
        let ty = notation.render(argument.ty);
        let presence = if argument.required {
            "required"
        } else {
            "optional"
        };
        if argument.name == "body" {
            lines.insert(format!("{prefix} body {ty} {presence}"));
        } else {
            let location = if info.path.contains(&format!("{{{}}}", argument.name)) {
                "path"
            } else {
                "query"
            };
            lines.insert(format!(
                "{prefix} param {}: {ty} {location} {presence}",
                argument.name
            ));
        }
    }
    check_operation_struct(
        name,
        op,
        &arguments,
        info.fields.as_deref(),
        notation,
        problems,
    );
}

/// Checks that the operation struct (its private fields, from the source) holds exactly the
/// arguments: `T` for a required one, `Option<T>` for an optional one.
fn check_operation_struct(
    name: &str,
    op: &str,
    arguments: &[Argument<'_>],
    fields: Option<&[(String, Ty)]>,
    notation: &Notation,
    problems: &mut Vec<String>,
) {
    let Some(fields) = fields else {
        problems.push(format!(
            "operation {name}: no struct {op} with named fields"
        ));
        return;
    };
    let mut held: BTreeMap<&str, String> = fields
        .iter()
        .map(|(field, ty)| (field.as_str(), notation.render(ty)))
        .collect();
    for argument in arguments {
        let ty = notation.render(argument.ty);
        let expected = if argument.required {
            ty
        } else {
            format!("Optional[{ty}]")
        };
        match held.remove(argument.name) {
            Some(actual) if actual == expected => {}
            Some(actual) => problems.push(format!(
                "operation {name}: {op}.{} is {actual}, its method takes {expected}",
                argument.name
            )),
            None => problems.push(format!(
                "operation {name}: {op} has no field {}",
                argument.name
            )),
        }
    }
    for field in held.keys() {
        problems.push(format!(
            "operation {name}: {op}.{field} is set by no method"
        ));
    }
}
