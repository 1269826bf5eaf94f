//! Golden surface: the checked-in crate `generated/` must expose exactly the API surface that
//! PAY.JP documents, as written down by hand from the reference pages in
//! `tests/golden/payjp-v2.surface`.
//!
//! The extractor parses the `.rs` files under `generated/src/{models,operations}` with `syn`, renders the
//! operations and models it finds in the golden file's line notation (see the file's header),
//! and the test compares the two sets of lines. Structural surprises that cannot be expressed
//! as a surface line (an enum without its fallback variant, an operation struct that disagrees
//! with its methods, an `Option<Option<T>>` field that does not keep absent and `null` apart,
//! ...) are reported as problems.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use quote::ToTokens;
use sdkgen_tests::{shared_dir, workspace_root};
use syn::visit::Visit;
use syn::{
    Expr, ExprMatch, ExprMethodCall, Fields, FnArg, GenericArgument, ImplItem, ImplItemFn, Item,
    ItemEnum, ItemImpl, ItemStruct, Lit, Pat, PathArguments, ReturnType, Type, TypeParamBound,
};

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
    let sources = load_sources(&workspace_root().join("generated").join("src"));
    let surface = extract_surface(&sources, &documented_names(&golden));

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
    let sources = load_sources(&workspace_root().join("generated").join("src"));
    let extracted = extract_surface(&sources, &documented_names(&golden)).lines;
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

#[test]
fn extractor_reads_optionality_unions_and_inline_enums() {
    let model = r#"
        pub struct Thing {
            pub id: String,
            pub note: Option<String>,
            pub count: Option<i64>,
            pub r#type: ThingKind,
            pub mode: Option<ThingMode>,
            pub tags: std::collections::BTreeMap<String, Vec<chrono::DateTime<chrono::Utc>>>,
            pub extra: Option<serde_json::Map<String, serde_json::Value>>,
            pub memo: Option<Option<String>>,
            pub lossy: Option<Option<i64>>,
            pub rest: std::collections::BTreeMap<String, i64>,
        }
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
        pub enum ThingKind { A, B, Unknown(String) }
        impl ThingKind {
            pub fn as_str(&self) -> &str {
                match self { Self::B => "b", Self::A => "a", Self::Unknown(value) => value }
            }
        }
        pub enum ThingMode { Fast, Slow, Unknown(String) }
        impl ThingMode {
            pub fn as_str(&self) -> &str {
                match self { Self::Slow => "slow", Self::Fast => "fast", Self::Unknown(v) => v }
            }
        }
        pub enum NoFallback { X }
        impl NoFallback {
            pub fn as_str(&self) -> &str { match self { Self::X => "x" } }
        }
        #[serde(untagged)]
        pub enum Scalar { Integer(i64), Text(String), Unknown(serde_json::Value) }
        pub enum Shape { Circle(Thing), Unknown(serde_json::Value) }
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
        impl<M: crate::Mode> crate::Client<M> {
            pub fn get_thing(&self, thing_id: impl Into<String>) -> crate::Request<GetThing, M> {
                todo!()
            }
        }
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
        impl<M: crate::Mode> crate::Request<GetThing, M> {
            pub fn expand(mut self, expand: impl Into<bool>) -> Self { self }
        }
    "#;
    let sources = vec![
        parse_source("models/thing.rs", model),
        parse_source("operations/things.rs", operation),
    ];
    let documented: BTreeSet<String> = ["Thing", "ThingKind", "Scalar", "Shape"]
        .map(String::from)
        .into();
    let surface = extract_surface(&sources, &documented);

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
// Sources
// ---------------------------------------------------------------------------------------------

/// One parsed source file of the generated crate.
struct SourceFile {
    /// Path relative to `src/`, with `/` separators.
    relative: String,
    /// The parsed file.
    ast: syn::File,
}

impl SourceFile {
    /// Whether the file defines one of the crate's models.
    fn is_model_file(&self) -> bool {
        self.relative.starts_with("models/")
    }
}

/// Parses source text as a file at `relative`.
fn parse_source(relative: &str, text: &str) -> SourceFile {
    let ast = syn::parse_file(text).unwrap_or_else(|e| panic!("cannot parse {relative}: {e}"));
    SourceFile {
        relative: relative.to_owned(),
        ast,
    }
}

/// Parses every `.rs` file under `src/models` and `src/operations` (the
/// surface generated from the document; the runtime beside them is the same
/// for every API), in path order.
fn load_sources(src: &Path) -> Vec<SourceFile> {
    let mut paths = Vec::new();
    collect_rust_files(&src.join("models"), &mut paths);
    collect_rust_files(&src.join("operations"), &mut paths);
    paths.sort();
    assert!(!paths.is_empty(), "no .rs files under {}", src.display());
    paths
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            let relative = path.strip_prefix(src).expect("path under src");
            let relative = relative.to_string_lossy().replace('\\', "/");
            parse_source(&relative, &text)
        })
        .collect()
}

/// Collects the `.rs` files under `dir`, recursively.
fn collect_rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries =
        std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            collect_rust_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            out.push(path);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Index of the crate's items
// ---------------------------------------------------------------------------------------------

/// The items of the generated crate that make up its surface, by the type they belong to.
#[derive(Default)]
struct CrateIndex<'a> {
    /// Every struct, by name.
    structs: BTreeMap<String, &'a ItemStruct>,
    /// Every enum, by name.
    enums: BTreeMap<String, &'a ItemEnum>,
    /// Names of the structs and enums defined under `models/`.
    models: BTreeSet<String>,
    /// Client methods that start an operation, with the operation's struct.
    client_methods: Vec<(&'a ImplItemFn, String)>,
    /// Methods of `impl Request<Op>` blocks, by operation struct.
    request_setters: BTreeMap<String, Vec<&'a ImplItemFn>>,
    /// `impl Operation for Op` blocks, by operation struct.
    operation_impls: BTreeMap<String, &'a ItemImpl>,
    /// Functions of inherent impl blocks, by type.
    inherent_fns: BTreeMap<String, Vec<&'a ImplItemFn>>,
    /// Hand-written `impl Deserialize for T` blocks, by type.
    deserialize_impls: BTreeMap<String, &'a ItemImpl>,
    /// Hand-written `impl Serialize for T` blocks, by type.
    serialize_impls: BTreeMap<String, &'a ItemImpl>,
    /// Type names defined more than once.
    duplicates: Vec<String>,
    /// Aliases of `Request<Op, M>` (an operation's request type), to `Op`.
    request_aliases: BTreeMap<String, String>,
}

impl<'a> CrateIndex<'a> {
    /// Indexes all files.
    fn new(sources: &'a [SourceFile]) -> Self {
        let mut index = Self::default();
        for source in sources {
            index.add_items(&source.ast.items, source.is_model_file());
        }
        // A client method may return its operation's alias of `Request`.
        let aliases = std::mem::take(&mut index.request_aliases);
        for (_, op) in &mut index.client_methods {
            if let Some(target) = aliases.get(op.as_str()) {
                *op = target.clone();
            }
        }
        index.request_aliases = aliases;
        index
    }

    /// Indexes a list of items, descending into inline modules.
    fn add_items(&mut self, items: &'a [Item], in_models: bool) {
        for item in items {
            match item {
                Item::Struct(s) => {
                    let taken = self.structs.insert(s.ident.to_string(), s).is_some();
                    self.note_type(&s.ident, in_models, taken);
                }
                Item::Enum(e) => {
                    let taken = self.enums.insert(e.ident.to_string(), e).is_some();
                    self.note_type(&e.ident, in_models, taken);
                }
                Item::Impl(imp) => self.add_impl(imp),
                Item::Type(alias) if type_name(&alias.ty).as_deref() == Some("Request") => {
                    if let Some(op) = first_generic_type(&alias.ty).and_then(type_name) {
                        self.request_aliases.insert(alias.ident.to_string(), op);
                    }
                }
                Item::Mod(m) => {
                    if let Some((_, items)) = &m.content {
                        self.add_items(items, in_models);
                    }
                }
                _ => {}
            }
        }
    }

    /// Notes where a type is defined and whether its name was already taken.
    fn note_type(&mut self, name: &syn::Ident, in_models: bool, taken: bool) {
        if in_models {
            self.models.insert(name.to_string());
        }
        if taken {
            self.duplicates.push(name.to_string());
        }
    }

    /// Files an impl block under the type and trait it belongs to.
    fn add_impl(&mut self, imp: &'a ItemImpl) {
        let Some(self_name) = type_name(&imp.self_ty) else {
            return;
        };
        if let Some((_, trait_path, _)) = &imp.trait_ {
            let trait_name = trait_path.segments.last().map(|s| s.ident.to_string());
            match trait_name.as_deref() {
                Some("Operation") => {
                    self.operation_impls.insert(self_name, imp);
                }
                Some("Deserialize") => {
                    self.deserialize_impls.insert(self_name, imp);
                }
                Some("Serialize") => {
                    self.serialize_impls.insert(self_name, imp);
                }
                _ => {}
            }
            return;
        }
        let fns = impl_fns(imp);
        match self_name.as_str() {
            "Client" => {
                for f in fns {
                    if let Some(op) = returned_request_operation(&f.sig.output) {
                        self.client_methods.push((f, op));
                    }
                }
            }
            "Request" => {
                if let Some(op) = first_generic_type(&imp.self_ty).and_then(type_name) {
                    self.request_setters.entry(op).or_default().extend(fns);
                }
            }
            _ => self.inherent_fns.entry(self_name).or_default().extend(fns),
        }
    }

    /// The inherent function `name` of type `owner`.
    fn inherent_fn(&self, owner: &str, name: &str) -> Option<&'a ImplItemFn> {
        self.inherent_fns
            .get(owner)?
            .iter()
            .copied()
            .find(|f| f.sig.ident == name)
    }
}

/// The functions of an impl block.
fn impl_fns(imp: &ItemImpl) -> Vec<&ImplItemFn> {
    imp.items
        .iter()
        .filter_map(|item| match item {
            ImplItem::Fn(f) => Some(f),
            _ => None,
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Small syn helpers
// ---------------------------------------------------------------------------------------------

/// The last path segment of a path type.
fn last_segment(ty: &Type) -> Option<&syn::PathSegment> {
    match ty {
        Type::Path(p) if p.qself.is_none() => p.path.segments.last(),
        _ => None,
    }
}

/// The name (last path segment) of a path type.
fn type_name(ty: &Type) -> Option<String> {
    last_segment(ty).map(|s| s.ident.to_string())
}

/// The type arguments of a path type's last segment.
fn generic_types(ty: &Type) -> Vec<&Type> {
    match last_segment(ty).map(|s| &s.arguments) {
        Some(PathArguments::AngleBracketed(args)) => args
            .args
            .iter()
            .filter_map(|a| match a {
                GenericArgument::Type(t) => Some(t),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The only type argument of a path type, e.g. `T` of `Request<T>`.
fn single_generic_type(ty: &Type) -> Option<&Type> {
    match generic_types(ty).as_slice() {
        [only] => Some(only),
        _ => None,
    }
}

/// `T` of `Option<T>`.
fn option_inner(ty: &Type) -> Option<&Type> {
    if type_name(ty)? == "Option" {
        single_generic_type(ty)
    } else {
        None
    }
}

/// The first type argument of a path type, e.g. `Op` of `Request<Op, M>`.
fn first_generic_type(ty: &Type) -> Option<&Type> {
    generic_types(ty).first().copied()
}

/// The operation struct `Op` of a `-> crate::Request<Op, M>` return type,
/// or the name of the alias returned (`-> XRequest<M>`, resolved once every
/// alias is indexed).
fn returned_request_operation(output: &ReturnType) -> Option<String> {
    let ReturnType::Type(_, ty) = output else {
        return None;
    };
    match type_name(ty)?.as_str() {
        "Request" => first_generic_type(ty).and_then(type_name),
        name if name.ends_with("Request") => Some(name.to_owned()),
        _ => None,
    }
}

/// Whether the path of an expression or type names the `serde_json` crate.
fn mentions_serde_json(path: &syn::Path) -> bool {
    path.segments.iter().any(|s| s.ident == "serde_json")
}

/// A string literal expression's value.
fn string_literal(expr: &Expr) -> Option<String> {
    match expr {
        Expr::Lit(syn::ExprLit {
            lit: Lit::Str(s), ..
        }) => Some(s.value()),
        _ => None,
    }
}

/// The variant `V` named by an expression `Self::V`.
fn self_variant(expr: &Expr) -> Option<String> {
    let Expr::Path(p) = expr else { return None };
    match p.path.segments.iter().collect::<Vec<_>>().as_slice() {
        [first, variant] if first.ident == "Self" => Some(variant.ident.to_string()),
        _ => None,
    }
}

/// The typed arguments of a function, without its receiver.
fn typed_args(f: &ImplItemFn) -> Vec<(String, &Type)> {
    f.sig
        .inputs
        .iter()
        .filter_map(|arg| match arg {
            FnArg::Typed(t) => match &*t.pat {
                Pat::Ident(i) => Some((i.ident.to_string(), &*t.ty)),
                _ => None,
            },
            FnArg::Receiver(_) => None,
        })
        .collect()
}

/// The `serde(...)` options of an attribute list: `rename = "x"` as `("rename", Some("x"))`,
/// `flatten` as `("flatten", None)`.
fn serde_options(attrs: &[syn::Attribute]) -> BTreeMap<String, Option<String>> {
    let mut options = BTreeMap::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let parsed = attr.parse_nested_meta(|meta| {
            let key = meta.path.to_token_stream().to_string();
            let value = if meta.input.peek(syn::Token![=]) {
                let expr: Expr = meta.value()?.parse()?;
                Some(string_literal(&expr).unwrap_or_else(|| expr.to_token_stream().to_string()))
            } else if meta.input.peek(syn::token::Paren) {
                let content;
                syn::parenthesized!(content in meta.input);
                Some(content.parse::<proc_macro2::TokenStream>()?.to_string())
            } else {
                None
            };
            options.insert(key, value);
            Ok(())
        });
        parsed.unwrap_or_else(|e| {
            panic!(
                "unreadable serde attribute `{}`: {e}",
                attr.to_token_stream()
            )
        });
    }
    options
}

// ---------------------------------------------------------------------------------------------
// Visitors
// ---------------------------------------------------------------------------------------------

/// Collects the `match` expressions of a function body.
#[derive(Default)]
struct MatchFinder<'a> {
    matches: Vec<&'a ExprMatch>,
}

impl<'a> Visit<'a> for MatchFinder<'a> {
    fn visit_expr_match(&mut self, node: &'a ExprMatch) {
        self.matches.push(node);
        syn::visit::visit_expr_match(self, node);
    }
}

/// The `match` expressions of a function, outermost first.
fn matches_in(f: &ImplItemFn) -> Vec<&ExprMatch> {
    let mut finder = MatchFinder::default();
    finder.visit_block(&f.block);
    finder.matches
}

/// Finds the string argument of a `.get("...")` call, the tag of a tagged union.
#[derive(Default)]
struct TagFinder {
    tag: Option<String>,
}

impl<'a> Visit<'a> for TagFinder {
    fn visit_expr_method_call(&mut self, node: &'a ExprMethodCall) {
        if node.method == "get" && node.args.len() == 1 {
            self.tag = self.tag.take().or_else(|| string_literal(&node.args[0]));
        }
        syn::visit::visit_expr_method_call(self, node);
    }
}

/// Finds the first `Self::Variant` path in an expression.
#[derive(Default)]
struct VariantFinder {
    variant: Option<String>,
}

impl<'a> Visit<'a> for VariantFinder {
    fn visit_expr(&mut self, node: &'a Expr) {
        if self.variant.is_none() {
            self.variant = self_variant(node);
        }
        syn::visit::visit_expr(self, node);
    }
}

/// Counts the type names mentioned in types.
#[derive(Default)]
struct TypeMentions {
    counts: BTreeMap<String, usize>,
}

impl<'a> Visit<'a> for TypeMentions {
    fn visit_path_segment(&mut self, node: &'a syn::PathSegment) {
        *self.counts.entry(node.ident.to_string()).or_default() += 1;
        syn::visit::visit_path_segment(self, node);
    }
}

// ---------------------------------------------------------------------------------------------
// Type notation
// ---------------------------------------------------------------------------------------------

/// Renders Rust types in the pages' Python notation.
struct Notation {
    /// Inline enums, rendered structurally (`enum{a,b}`) instead of by name.
    inline: BTreeMap<String, String>,
}

impl Notation {
    /// The notation of a type; unknown shapes render as `?<tokens>` so that they show in a diff.
    fn render(&self, ty: &Type) -> String {
        match ty {
            Type::Path(p) if p.qself.is_none() => self.render_path(ty, &p.path),
            Type::Reference(r) => self.render(&r.elem),
            Type::Paren(p) => self.render(&p.elem),
            Type::ImplTrait(t) => self.render_impl_trait(t).unwrap_or_else(|| unknown(ty)),
            _ => unknown(ty),
        }
    }

    /// The notation of a path type such as `Vec<String>` or `crate::models::Usage`.
    fn render_path(&self, ty: &Type, path: &syn::Path) -> String {
        let Some(name) = type_name(ty) else {
            return unknown(ty);
        };
        let args: Vec<String> = generic_types(ty)
            .into_iter()
            .map(|t| self.render(t))
            .collect();
        match (name.as_str(), args.as_slice()) {
            ("String" | "str", []) => "str".to_owned(),
            ("i8" | "i16" | "i32" | "i64" | "i128" | "isize", [])
            | ("u8" | "u16" | "u32" | "u64" | "u128" | "usize", []) => "int".to_owned(),
            ("bool", []) => "bool".to_owned(),
            ("f32" | "f64", []) => "float".to_owned(),
            ("DateTime", [_]) => "datetime".to_owned(),
            ("Vec", [item]) => format!("List[{item}]"),
            ("BTreeMap" | "HashMap", [key, value]) => format!("Dict[{key}, {value}]"),
            ("Map", [key, value])
                if mentions_serde_json(path) && key == "str" && value == "any" =>
            {
                "object".to_owned()
            }
            ("Value", []) if mentions_serde_json(path) => "any".to_owned(),
            ("Box", [inner]) => inner.clone(),
            ("Option", [inner]) => format!("Optional[{inner}]"),
            (_, []) => self.inline.get(&name).cloned().unwrap_or(name),
            _ => unknown(ty),
        }
    }

    /// The notation of `impl Into<T>` (T) or `impl IntoIterator<Item = T>` (List[T]).
    fn render_impl_trait(&self, t: &syn::TypeImplTrait) -> Option<String> {
        let [TypeParamBound::Trait(bound)] = t.bounds.iter().collect::<Vec<_>>().as_slice() else {
            return None;
        };
        let segment = bound.path.segments.last()?;
        let PathArguments::AngleBracketed(args) = &segment.arguments else {
            return None;
        };
        match (segment.ident.to_string().as_str(), args.args.first()?) {
            ("Into", GenericArgument::Type(target)) => Some(self.render(target)),
            ("IntoIterator", GenericArgument::AssocType(item)) if item.ident == "Item" => {
                Some(format!("List[{}]", self.render(&item.ty)))
            }
            _ => None,
        }
    }
}

/// The fallback rendering of a type the notation does not know.
fn unknown(ty: &Type) -> String {
    format!("?{}", ty.to_token_stream()).replace(' ', "")
}

/// The structural rendering of an inline string enum.
fn inline_enum(values: &[String]) -> String {
    format!("enum{{{}}}", values.join(","))
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

/// Extracts the surface of a generated crate. `documented` names the models the golden file
/// lists; a generated string enum outside that set used by exactly one field is inline.
fn extract_surface(sources: &[SourceFile], documented: &BTreeSet<String>) -> Surface {
    let index = CrateIndex::new(sources);
    let mut surface = Surface::default();
    for name in &index.duplicates {
        surface
            .problems
            .push(format!("type {name} is defined more than once"));
    }
    let shapes = enum_shapes(&index, &mut surface.problems);
    let notation = Notation {
        inline: inline_enums(&index, &shapes, documented),
    };
    for (name, shape) in &shapes {
        if !notation.inline.contains_key(name) {
            surface.lines.insert(shape.line(name, &notation));
        }
    }
    // Wire models are the structs with a `Serialize` impl; others (the
    // struct of required fields a `new` takes) are Rust-side only. A model
    // that lost its impl is then missing from the surface, which fails.
    for name in index
        .models
        .iter()
        .filter(|n| index.structs.contains_key(*n) && index.serialize_impls.contains_key(*n))
    {
        let written = index
            .serialize_impls
            .get(name)
            .map(|imp| written_properties(imp))
            .unwrap_or_default();
        let decoded = index
            .deserialize_impls
            .get(name)
            .map(|imp| decoded_properties(imp));
        struct_lines(
            name,
            index.structs[name],
            &written,
            decoded.as_ref(),
            &notation,
            &mut surface,
        );
    }
    for (method, op) in &index.client_methods {
        operation_lines(&index, method, op, &notation, &mut surface);
    }
    surface
}

// --- models --------------------------------------------------------------------------------

/// Adds the field lines of a model struct. `written` says how its `Serialize` writes each
/// field (by field identifier), `decoded` how its `Deserialize` reads each property.
fn struct_lines(
    name: &str,
    item: &ItemStruct,
    written: &BTreeMap<String, Written>,
    decoded: Option<&BTreeMap<String, bool>>,
    notation: &Notation,
    out: &mut Surface,
) {
    let container = serde_options(&item.attrs);
    if let Some(key) = container.keys().next() {
        out.problems.push(format!(
            "model {name} has #[serde({key})], which the extractor ignores"
        ));
    }
    let Fields::Named(fields) = &item.fields else {
        out.problems
            .push(format!("model {name} is not a struct with named fields"));
        return;
    };
    for field in &fields.named {
        let ident = field
            .ident
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default();
        let (wire, when_set) = match written.get(&ident) {
            None => {
                out.problems.push(format!(
                    "model {name} field {ident}: never written by the struct's Serialize"
                ));
                continue;
            }
            Some(Written::Extra) => {
                let ty = notation.render(&field.ty);
                out.lines
                    .insert(format!("model {name} additional_properties: {ty}"));
                continue;
            }
            Some(Written::Always(wire)) => (wire, false),
            Some(Written::WhenSet(wire)) => (wire, true),
        };
        if let Some(problem) = absent_or_null_problem(&field.ty, when_set, wire, decoded) {
            out.problems
                .push(format!("model {name} field {wire}: {problem}"));
        }
        let (ty, presence) = field_presence(&field.ty, when_set);
        out.lines.insert(format!(
            "model {name} field {wire}: {} {presence}",
            notation.render(ty)
        ));
    }
}

/// How a struct's written-out `Serialize` writes one field.
#[derive(Clone, Debug, PartialEq)]
enum Written {
    /// `entries.field("wire", &self.f)`: always (`null` for a `None`).
    Always(String),
    /// `entries.optional("wire", &self.f)`: only when it is `Some`.
    WhenSet(String),
    /// `entries.extra(&self.f)`: the additional properties, by name.
    Extra,
}

/// How a struct's `Serialize` writes each field, by field identifier (`r#type` as written).
fn written_properties(serialize: &ItemImpl) -> BTreeMap<String, Written> {
    let mut finder = EntryFinder::default();
    finder.visit_item_impl(serialize);
    finder.written
}

/// Collects the `entries.field(..)`, `entries.optional(..)` and `entries.extra(..)` calls of
/// a written-out `Serialize`.
#[derive(Default)]
struct EntryFinder {
    written: BTreeMap<String, Written>,
}

impl<'a> Visit<'a> for EntryFinder {
    fn visit_expr_method_call(&mut self, node: &'a ExprMethodCall) {
        let args: Vec<&Expr> = node.args.iter().collect();
        let entry = match (node.method.to_string().as_str(), args.as_slice()) {
            ("field", [wire, value]) => string_literal(wire)
                .map(Written::Always)
                .zip(self_field(value)),
            ("optional", [wire, value]) => string_literal(wire)
                .map(Written::WhenSet)
                .zip(self_field(value)),
            ("extra", [value]) => self_field(value).map(|field| (Written::Extra, field)),
            _ => None,
        };
        if let Some((written, field)) = entry {
            self.written.insert(field, written);
        }
        syn::visit::visit_expr_method_call(self, node);
    }
}

/// The field `f` of an expression `&self.f`.
fn self_field(expr: &Expr) -> Option<String> {
    let Expr::Reference(reference) = expr else {
        return None;
    };
    let Expr::Field(field) = &*reference.expr else {
        return None;
    };
    let Expr::Path(base) = &*field.base else {
        return None;
    };
    match &field.member {
        syn::Member::Named(ident) if base.path.is_ident("self") => Some(ident.to_string()),
        _ => None,
    }
}

/// The documented type of a field and its presence, in the reference pages' terms:
/// `Option<T>` written only when set is optional, and so is `Option<Option<T>>` written
/// only when set (an optional field that may also be `null`: the pages show it as optional,
/// the extra level only keeps absent and `null` apart, see [`absent_or_null_problem`]);
/// `Option<T>` always written is required but nullable; anything else is required.
fn field_presence(ty: &Type, when_set: bool) -> (&Type, &'static str) {
    match option_inner(ty) {
        Some(inner) if when_set => (option_inner(inner).unwrap_or(inner), "optional"),
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
    ty: &Type,
    when_set: bool,
    wire: &str,
    decoded: Option<&BTreeMap<String, bool>>,
) -> Option<String> {
    option_inner(ty).and_then(option_inner)?;
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

/// How a struct's written-out `Deserialize` reads each property: the arms
/// `"wire" => crate::fields::read(&mut map, &mut local)` of its match on the property name,
/// by wire name, with whether the value read is wrapped in `Some(..)` (`read`, where
/// `read_or_null` takes `null` as absent).
fn decoded_properties(deserialize: &ItemImpl) -> BTreeMap<String, bool> {
    let mut finder = MatchFinder::default();
    finder.visit_item_impl(deserialize);
    let mut decoded = BTreeMap::new();
    for matched in finder.matches {
        for arm in &matched.arms {
            // A long arm is printed as a block holding the call.
            let body = match &*arm.body {
                Expr::Block(block) => match block.block.stmts.as_slice() {
                    [syn::Stmt::Expr(expr, None)] => expr,
                    _ => continue,
                },
                other => other,
            };
            let (Pat::Lit(lit), Expr::Call(call)) = (&arm.pat, body) else {
                continue;
            };
            let Lit::Str(wire) = &lit.lit else { continue };
            let Expr::Path(func) = &*call.func else {
                continue;
            };
            match func
                .path
                .segments
                .last()
                .map(|s| s.ident.to_string())
                .as_deref()
            {
                Some("read") => decoded.insert(wire.value(), true),
                Some("read_or_null") => decoded.insert(wire.value(), false),
                _ => continue,
            };
        }
    }
    decoded
}

// --- enums and unions ----------------------------------------------------------------------

/// What a generated model enum stands for.
enum EnumShape {
    /// A string enum and its documented values, sorted.
    Strings(Vec<String>),
    /// A oneOf told apart by a property: the property and `(value, payload type)` pairs.
    Tagged {
        tag: String,
        variants: Vec<(String, Type)>,
    },
    /// An untagged anyOf: the member types in declaration order.
    Untagged(Vec<Type>),
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

/// Classifies every enum defined under `models/`.
fn enum_shapes(index: &CrateIndex<'_>, problems: &mut Vec<String>) -> BTreeMap<String, EnumShape> {
    let mut shapes = BTreeMap::new();
    for name in index.models.iter().filter(|n| index.enums.contains_key(*n)) {
        match enum_shape(index, index.enums[name]) {
            Ok(shape) => {
                shapes.insert(name.clone(), shape);
            }
            Err(problem) => problems.push(format!("enum {name}: {problem}")),
        }
    }
    shapes
}

/// Classifies one enum: a string enum has `as_str`, a tagged union a hand-written
/// `Deserialize` that dispatches on `value.get("...")`, an untagged union is
/// `#[serde(untagged)]` (its `Deserialize` tries the variants in order).
fn enum_shape(index: &CrateIndex<'_>, item: &ItemEnum) -> Result<EnumShape, String> {
    let name = item.ident.to_string();
    if let Some(as_str) = index.inherent_fn(&name, "as_str") {
        return string_enum(item, as_str);
    }
    if let Some(tag) = index.inherent_fn(&name, "tag") {
        return tagged_union_by_tag_fn(item, tag);
    }
    if let Some(deserialize) = index.deserialize_impls.get(&name) {
        let dispatches = quote::quote!(#deserialize)
            .to_string()
            .contains("value . get (");
        if dispatches || !serde_options(&item.attrs).contains_key("untagged") {
            return tagged_union(item, deserialize);
        }
    }
    if serde_options(&item.attrs).contains_key("untagged") {
        return untagged_union(item);
    }
    Err("neither a string enum (no `as_str`) nor a union".to_owned())
}

/// The documented variants of an enum, once its last variant is checked to be the fallback:
/// a one-field tuple variant whose field renders as `fallback_type`.
fn documented_variants<'e>(
    item: &'e ItemEnum,
    fallback_type: &str,
) -> Result<Vec<&'e syn::Variant>, String> {
    let notation = Notation {
        inline: BTreeMap::new(),
    };
    let variants: Vec<&syn::Variant> = item.variants.iter().collect();
    let fallback = variants.last().and_then(|v| match &v.fields {
        Fields::Unnamed(f) if f.unnamed.len() == 1 => Some(notation.render(&f.unnamed[0].ty)),
        _ => None,
    });
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
    Ok(variants[..variants.len() - 1].to_vec())
}

/// A string enum: its values are the string literals that `as_str` returns.
fn string_enum(item: &ItemEnum, as_str: &ImplItemFn) -> Result<EnumShape, String> {
    let documented = documented_variants(item, "str")?;
    let Some(matched) = matches_in(as_str).into_iter().next() else {
        return Err("`as_str` has no match".to_owned());
    };
    let mut values = Vec::new();
    for arm in &matched.arms {
        if let Some(value) = string_literal(&arm.body) {
            values.push(value);
        }
    }
    if values.len() != documented.len() {
        return Err(format!(
            "{} unit variants but {} string values in `as_str`",
            documented.len(),
            values.len()
        ));
    }
    values.sort();
    Ok(EnumShape::Strings(values))
}

/// A tagged union: the `match` on `value.get("tag")` in its `Deserialize`, whose arms
/// `Some("value") => ... Self::Variant ...` pick the variant.
fn tagged_union(item: &ItemEnum, deserialize: &ItemImpl) -> Result<EnumShape, String> {
    documented_variants(item, "any")?;
    let body = impl_fns(deserialize)
        .into_iter()
        .find(|f| f.sig.ident == "deserialize")
        .ok_or("`Deserialize` impl without `deserialize`")?;
    for matched in matches_in(body) {
        let mut tag = TagFinder::default();
        tag.visit_expr(&matched.expr);
        let Some(tag) = tag.tag else { continue };
        let mut variants = Vec::new();
        for arm in &matched.arms {
            let Some(value) = some_string_pattern(&arm.pat) else {
                continue;
            };
            let mut finder = VariantFinder::default();
            finder.visit_expr(&arm.body);
            let variant = finder
                .variant
                .ok_or_else(|| format!("arm `{value}` selects no variant"))?;
            variants.push((value, variant_payload(item, &variant)?));
        }
        return Ok(EnumShape::Tagged { tag, variants });
    }
    Err("hand-written `Deserialize` without a `match` on `value.get(\"...\")`".to_owned())
}

/// A tagged union from its `tag()` method: arms `Self::Variant(_) =>
/// Some("value")` give each variant's tag value, and the fallback arm reads
/// the tag property with `value.get("...")`.
fn tagged_union_by_tag_fn(item: &ItemEnum, tag_fn: &ImplItemFn) -> Result<EnumShape, String> {
    documented_variants(item, "any")?;
    let mut finder = TagFinder::default();
    finder.visit_block(&tag_fn.block);
    let tag = finder.tag.ok_or("`tag()` does not read the tag property")?;
    let matched = matches_in(tag_fn)
        .into_iter()
        .next()
        .ok_or("`tag()` without a `match`")?;
    let mut variants = Vec::new();
    for arm in &matched.arms {
        let Expr::Call(call) = &*arm.body else {
            continue;
        };
        let (Expr::Path(some), [Expr::Lit(lit)]) =
            (&*call.func, &call.args.iter().collect::<Vec<_>>()[..])
        else {
            continue;
        };
        let Lit::Str(value) = &lit.lit else { continue };
        if !some.path.is_ident("Some") {
            continue;
        }
        let Pat::TupleStruct(pattern) = &arm.pat else {
            return Err(format!("arm `{}` does not name a variant", value.value()));
        };
        let variant = pattern
            .path
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .ok_or("an arm without a variant")?;
        variants.push((value.value(), variant_payload(item, &variant)?));
    }
    Ok(EnumShape::Tagged { tag, variants })
}

/// `"value"` of a pattern `Some("value")`.
fn some_string_pattern(pat: &Pat) -> Option<String> {
    let Pat::TupleStruct(tuple) = pat else {
        return None;
    };
    if !tuple.path.is_ident("Some") || tuple.elems.len() != 1 {
        return None;
    }
    match &tuple.elems[0] {
        Pat::Lit(lit) => match &lit.lit {
            Lit::Str(s) => Some(s.value()),
            _ => None,
        },
        _ => None,
    }
}

/// The payload type of a one-field tuple variant.
fn variant_payload(item: &ItemEnum, variant: &str) -> Result<Type, String> {
    let found = item.variants.iter().find(|v| v.ident == variant);
    match found.map(|v| &v.fields) {
        Some(Fields::Unnamed(f)) if f.unnamed.len() == 1 => Ok(f.unnamed[0].ty.clone()),
        _ => Err(format!(
            "variant {variant} does not carry exactly one value"
        )),
    }
}

/// An untagged union: the payload types of its documented variants.
fn untagged_union(item: &ItemEnum) -> Result<EnumShape, String> {
    let members = documented_variants(item, "any")?
        .into_iter()
        .map(|v| variant_payload(item, &v.ident.to_string()))
        .collect::<Result<_, _>>()?;
    Ok(EnumShape::Untagged(members))
}

/// The undocumented string enums that exactly one model field uses, rendered structurally.
fn inline_enums(
    index: &CrateIndex<'_>,
    shapes: &BTreeMap<String, EnumShape>,
    documented: &BTreeSet<String>,
) -> BTreeMap<String, String> {
    let mut mentions = TypeMentions::default();
    for name in &index.models {
        if let Some(item) = index.structs.get(name) {
            for field in &item.fields {
                mentions.visit_type(&field.ty);
            }
        }
        if let Some(item) = index.enums.get(name) {
            for variant in &item.variants {
                for field in &variant.fields {
                    mentions.visit_type(&field.ty);
                }
            }
        }
    }
    shapes
        .iter()
        .filter_map(|(name, shape)| match shape {
            EnumShape::Strings(values)
                if !documented.contains(name) && mentions.counts.get(name) == Some(&1) =>
            {
                Some((name.clone(), inline_enum(values)))
            }
            _ => None,
        })
        .collect()
}

// --- operations ----------------------------------------------------------------------------

/// The facts of an operation's `impl Operation` block.
struct OperationInfo {
    /// HTTP method, e.g. `POST`.
    method: String,
    /// Path template, e.g. `/v2/payment_intents/{payment_intent_id}`.
    path: String,
    /// The rendered `type Output`.
    output: String,
    /// Success statuses, sorted.
    success_statuses: Vec<u16>,
    /// Error statuses, sorted.
    error_statuses: Vec<u16>,
}

/// One argument of an operation: a parameter or the body.
struct Argument<'a> {
    /// Parameter name, or `body`.
    name: String,
    /// `T` of the `impl Into<T>` the method takes.
    ty: &'a Type,
    /// Whether the client method takes it (else a setter on the request sets it).
    required: bool,
}

/// Adds the lines of the operation started by a client method.
fn operation_lines(
    index: &CrateIndex<'_>,
    method: &ImplItemFn,
    op: &str,
    notation: &Notation,
    out: &mut Surface,
) {
    let name = method.sig.ident.to_string();
    let info = match index.operation_impls.get(op) {
        Some(imp) => operation_info(imp, notation),
        None => Err(format!("no `impl Operation for {op}`")),
    };
    let info = match info {
        Ok(info) => info,
        Err(problem) => {
            out.problems.push(format!("operation {name}: {problem}"));
            return;
        }
    };
    if info.success_statuses != [200] {
        out.problems.push(format!(
            "operation {name}: success statuses {:?}, documented [200]",
            info.success_statuses
        ));
    }
    let prefix = format!("operation {name}");
    out.lines
        .insert(format!("{prefix} {} {}", info.method, info.path));
    out.lines
        .insert(format!("{prefix} returns {}", info.output));
    if !info.error_statuses.is_empty() {
        let statuses: Vec<String> = info.error_statuses.iter().map(u16::to_string).collect();
        out.lines
            .insert(format!("{prefix} errors {}", statuses.join(" ")));
    }
    let arguments = operation_arguments(index, method, op);
    for argument in &arguments {
        let ty = notation.render(argument.ty);
        let presence = if argument.required {
            "required"
        } else {
            "optional"
        };
        if argument.name == "body" {
            out.lines.insert(format!("{prefix} body {ty} {presence}"));
        } else {
            let location = if info.path.contains(&format!("{{{}}}", argument.name)) {
                "path"
            } else {
                "query"
            };
            out.lines.insert(format!(
                "{prefix} param {}: {ty} {location} {presence}",
                argument.name
            ));
        }
    }
    check_operation_struct(index, &name, op, &arguments, notation, &mut out.problems);
}

/// Method, path, output and statuses from `type Output` and `const INFO`.
fn operation_info(imp: &ItemImpl, notation: &Notation) -> Result<OperationInfo, String> {
    let mut output = None;
    let mut fields = BTreeMap::new();
    for item in &imp.items {
        match item {
            ImplItem::Type(t) if t.ident == "Output" => output = Some(notation.render(&t.ty)),
            ImplItem::Const(c) if c.ident == "INFO" => {
                let Expr::Struct(info) = &c.expr else {
                    return Err("INFO is not a struct".into());
                };
                for field in &info.fields {
                    if let syn::Member::Named(ident) = &field.member {
                        fields.insert(ident.to_string(), &field.expr);
                    }
                }
            }
            _ => {}
        }
    }
    let field = |key: &str| {
        fields
            .get(key)
            .copied()
            .ok_or_else(|| format!("INFO has no `{key}`"))
    };
    let method = match field("method")? {
        Expr::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    };
    Ok(OperationInfo {
        method: method.ok_or("INFO.method is not a path")?,
        path: string_literal(field("path")?).ok_or("INFO.path is not a string")?,
        output: output.ok_or("no `type Output`")?,
        success_statuses: status_list(field("success_statuses")?)?,
        error_statuses: status_list(field("error_statuses")?)?,
    })
}

/// The statuses of `&[404, 422]`, sorted.
fn status_list(expr: &Expr) -> Result<Vec<u16>, String> {
    let Expr::Reference(reference) = expr else {
        return Err("statuses are not `&[...]`".into());
    };
    let Expr::Array(array) = &*reference.expr else {
        return Err("statuses are not `&[...]`".into());
    };
    let mut statuses = array
        .elems
        .iter()
        .map(|e| match e {
            Expr::Lit(syn::ExprLit {
                lit: Lit::Int(i), ..
            }) => i.base10_parse::<u16>().map_err(|e| e.to_string()),
            other => Err(format!(
                "status `{}` is not an integer",
                other.to_token_stream()
            )),
        })
        .collect::<Result<Vec<_>, _>>()?;
    statuses.sort_unstable();
    Ok(statuses)
}

/// The required arguments (client method arguments) and optional ones (setters on the
/// operation's `Request`) of an operation.
fn operation_arguments<'a>(
    index: &CrateIndex<'a>,
    method: &'a ImplItemFn,
    op: &str,
) -> Vec<Argument<'a>> {
    let required = typed_args(method).into_iter().map(|(name, ty)| Argument {
        name,
        ty,
        required: true,
    });
    let setters = index.request_setters.get(op).cloned().unwrap_or_default();
    let optional = setters
        .into_iter()
        .filter_map(|setter| match typed_args(setter).as_slice() {
            [(name, ty)] if setter.sig.ident == name => Some(Argument {
                name: name.clone(),
                ty,
                required: false,
            }),
            _ => None,
        });
    required.chain(optional).collect()
}

/// Checks that the operation struct holds exactly the arguments: `T` for a required one,
/// `Option<T>` for an optional one.
fn check_operation_struct(
    index: &CrateIndex<'_>,
    name: &str,
    op: &str,
    arguments: &[Argument<'_>],
    notation: &Notation,
    problems: &mut Vec<String>,
) {
    let Some(Fields::Named(fields)) = index.structs.get(op).map(|s| &s.fields) else {
        problems.push(format!(
            "operation {name}: no struct {op} with named fields"
        ));
        return;
    };
    let mut held: BTreeMap<String, String> = fields
        .named
        .iter()
        .map(|f| {
            (
                f.ident
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
                notation.render(&f.ty),
            )
        })
        .collect();
    for argument in arguments {
        let ty = notation.render(argument.ty);
        let expected = if argument.required {
            ty
        } else {
            format!("Optional[{ty}]")
        };
        match held.remove(&argument.name) {
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
