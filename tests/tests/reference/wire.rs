//! Wire facts of the generated crate: what its hand-written code sends and
//! reads, which rustdoc's JSON cannot say because it lives in function
//! bodies and private items. Read with `syn` from the `.rs` files under
//! `generated/src/{models,operations}`.
//!
//! - Model structs: the wire name of each field and whether it is written
//!   always or only when set (the `entries.field(..)` / `entries.optional(..)`
//!   / `entries.extra(..)` calls of the written-out `Serialize`), and how the
//!   written-out `Deserialize` reads each property (`fields::read` wraps the
//!   value in `Some`, `fields::read_or_null` takes `null` as absent).
//! - String enums: the values `as_str` returns.
//! - Tagged unions: the tag property and the value of each variant (from
//!   `tag()`, or from a `Deserialize` that dispatches on `value.get("..")`).
//! - Operations: method, path and statuses (`const INFO` of `impl Operation`)
//!   and the fields of the operation struct, which are private.
//!
//! Everything else (which models, fields, variants, methods and setters
//! exist, and their Rust types) comes from the public API in `api.rs`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use quote::ToTokens;
use syn::ext::IdentExt;
use syn::visit::Visit;
use syn::{
    Expr, ExprMatch, ExprMethodCall, Fields, ImplItem, ImplItemFn, Item, ItemImpl, Lit, Pat,
};

use crate::notation::Ty;

/// The wire facts of a crate's models and operations, by type name.
#[derive(Default)]
pub struct Wire {
    /// How each struct's `Serialize` writes its fields, by field name.
    pub written: BTreeMap<String, BTreeMap<String, Written>>,
    /// How each struct's `Deserialize` reads its properties: by wire name,
    /// whether the value read is wrapped in `Some(..)`.
    pub decoded: BTreeMap<String, BTreeMap<String, bool>>,
    /// The values each enum's `as_str` returns, in arm order.
    pub enum_values: BTreeMap<String, Result<Vec<String>, String>>,
    /// The tag of each union with a `tag()` method.
    pub tag_fns: BTreeMap<String, Result<Tagged, String>>,
    /// The tag of each type whose hand-written `Deserialize` dispatches on
    /// `value.get("...")`.
    pub dispatches: BTreeMap<String, Result<Tagged, String>>,
    /// Each operation's `impl Operation` facts and struct fields.
    pub operations: BTreeMap<String, Result<OperationWire, String>>,
}

/// How a struct's written-out `Serialize` writes one field.
#[derive(Clone, Debug, PartialEq)]
pub enum Written {
    /// `entries.field("wire", &self.f)`: always (`null` for a `None`).
    Always(String),
    /// `entries.optional("wire", &self.f)`: only when it is `Some`.
    WhenSet(String),
    /// `entries.extra(&self.f)`: the additional properties, by name.
    Extra,
}

/// A union told apart by a property.
#[derive(Clone, Debug, PartialEq)]
pub struct Tagged {
    /// The tag property.
    pub tag: String,
    /// `(tag value, variant name)`, in arm order.
    pub variants: Vec<(String, String)>,
}

/// The wire facts of one operation.
#[derive(Clone, Debug, PartialEq)]
pub struct OperationWire {
    /// HTTP method, e.g. `POST`.
    pub method: String,
    /// Path template, e.g. `/v2/payment_intents/{payment_intent_id}`.
    pub path: String,
    /// Success statuses, sorted.
    pub success_statuses: Vec<u16>,
    /// Error statuses, sorted.
    pub error_statuses: Vec<u16>,
    /// The (private) fields of the operation struct, which hold its
    /// arguments; `None` when there is no struct with named fields.
    pub fields: Option<Vec<(String, Ty)>>,
}

impl Wire {
    /// Reads the wire facts of the crate whose `src/` is `src`.
    pub fn of_crate(src: &Path) -> Self {
        Self::of_sources(&load_sources(src))
    }

    /// Reads the wire facts of parsed files.
    pub fn of_sources(files: &[syn::File]) -> Self {
        let mut wire = Self::default();
        let mut structs = BTreeMap::new();
        let mut infos = BTreeMap::new();
        for file in files {
            wire.add_items(&file.items, &mut structs, &mut infos);
        }
        for (name, info) in infos {
            let info = info.map(|mut info: OperationWire| {
                info.fields = structs.get(&name).cloned();
                info
            });
            wire.operations.insert(name, info);
        }
        wire
    }

    /// Reads a list of items, descending into inline modules.
    fn add_items(
        &mut self,
        items: &[Item],
        structs: &mut BTreeMap<String, Vec<(String, Ty)>>,
        infos: &mut BTreeMap<String, Result<OperationWire, String>>,
    ) {
        for item in items {
            match item {
                Item::Struct(s) => {
                    if let Fields::Named(fields) = &s.fields {
                        let fields = fields
                            .named
                            .iter()
                            .filter_map(|f| {
                                Some((f.ident.as_ref()?.unraw().to_string(), ty_of(&f.ty)))
                            })
                            .collect();
                        structs.insert(s.ident.to_string(), fields);
                    }
                }
                Item::Impl(imp) => self.add_impl(imp, infos),
                Item::Mod(m) => {
                    if let Some((_, items)) = &m.content {
                        self.add_items(items, structs, infos);
                    }
                }
                _ => {}
            }
        }
    }

    /// Reads an impl block of one of the traits or methods that carry wire facts.
    fn add_impl(
        &mut self,
        imp: &ItemImpl,
        infos: &mut BTreeMap<String, Result<OperationWire, String>>,
    ) {
        let Some(name) = type_name(&imp.self_ty) else {
            return;
        };
        let Some((_, trait_path, _)) = &imp.trait_ else {
            for f in impl_fns(imp) {
                if f.sig.ident == "as_str" {
                    self.enum_values.insert(name.clone(), as_str_values(f));
                } else if f.sig.ident == "tag" {
                    self.tag_fns.insert(name.clone(), tag_fn(f));
                }
            }
            return;
        };
        match trait_path
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .as_deref()
        {
            Some("Serialize") => {
                let mut finder = EntryFinder::default();
                finder.visit_item_impl(imp);
                self.written.insert(name, finder.written);
            }
            Some("Deserialize") => {
                self.decoded.insert(name.clone(), decoded_properties(imp));
                if let Some(dispatch) = dispatch(imp) {
                    self.dispatches.insert(name, dispatch);
                }
            }
            Some("Operation") => {
                infos.insert(name, operation_info(imp));
            }
            _ => {}
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Sources
// ---------------------------------------------------------------------------------------------

/// Parses every `.rs` file under `src/models` and `src/operations` (the code
/// generated from the document; the runtime beside them is the same for
/// every API), in path order.
fn load_sources(src: &Path) -> Vec<syn::File> {
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
            parse_source(&path.display().to_string(), &text)
        })
        .collect()
}

/// Parses source text; `name` says which file it is in the panic message.
pub fn parse_source(name: &str, text: &str) -> syn::File {
    syn::parse_file(text).unwrap_or_else(|e| panic!("cannot parse {name}: {e}"))
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
// Models
// ---------------------------------------------------------------------------------------------

/// Collects the `entries.field(..)`, `entries.optional(..)` and `entries.extra(..)` calls of
/// a written-out `Serialize`, by field name (`r#type` as `type`).
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
        syn::Member::Named(ident) if base.path.is_ident("self") => Some(ident.unraw().to_string()),
        _ => None,
    }
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

// ---------------------------------------------------------------------------------------------
// Enums and unions
// ---------------------------------------------------------------------------------------------

/// The string literals the arms of `as_str`'s match return.
fn as_str_values(as_str: &ImplItemFn) -> Result<Vec<String>, String> {
    let matched = matches_in(as_str)
        .into_iter()
        .next()
        .ok_or("`as_str` has no match")?;
    Ok(matched
        .arms
        .iter()
        .filter_map(|arm| string_literal(&arm.body))
        .collect())
}

/// A tagged union from its `tag()` method: arms `Self::Variant(_) =>
/// Some("value")` give each variant's tag value, and the fallback arm reads
/// the tag property with `value.get("...")`.
fn tag_fn(tag_fn: &ImplItemFn) -> Result<Tagged, String> {
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
        variants.push((value.value(), variant));
    }
    Ok(Tagged { tag, variants })
}

/// A tagged union from its `Deserialize`: the `match` on `value.get("tag")`,
/// whose arms `Some("value") => ... Self::Variant ...` pick the variant;
/// `None` when the `Deserialize` has no such match.
fn dispatch(deserialize: &ItemImpl) -> Option<Result<Tagged, String>> {
    let body = impl_fns(deserialize)
        .into_iter()
        .find(|f| f.sig.ident == "deserialize")?;
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
            match finder.variant {
                Some(variant) => variants.push((value, variant)),
                None => return Some(Err(format!("arm `{value}` selects no variant"))),
            }
        }
        return Some(Ok(Tagged { tag, variants }));
    }
    None
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

// ---------------------------------------------------------------------------------------------
// Operations
// ---------------------------------------------------------------------------------------------

/// Method, path and statuses from `const INFO` (fields are added later).
fn operation_info(imp: &ItemImpl) -> Result<OperationWire, String> {
    let mut fields = BTreeMap::new();
    for item in &imp.items {
        if let ImplItem::Const(c) = item {
            if c.ident == "INFO" {
                let Expr::Struct(info) = &c.expr else {
                    return Err("INFO is not a struct".into());
                };
                for field in &info.fields {
                    if let syn::Member::Named(ident) = &field.member {
                        fields.insert(ident.to_string(), &field.expr);
                    }
                }
            }
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
    Ok(OperationWire {
        method: method.ok_or("INFO.method is not a path")?,
        path: string_literal(field("path")?).ok_or("INFO.path is not a string")?,
        success_statuses: status_list(field("success_statuses")?)?,
        error_statuses: status_list(field("error_statuses")?)?,
        fields: None,
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

// ---------------------------------------------------------------------------------------------
// Small syn helpers
// ---------------------------------------------------------------------------------------------

/// A `syn` type as a [`Ty`] (paths as written).
pub fn ty_of(ty: &syn::Type) -> Ty {
    match ty {
        syn::Type::Path(p) if p.qself.is_none() => Ty::Path {
            path: p
                .path
                .segments
                .iter()
                .map(|s| s.ident.to_string())
                .collect(),
            args: match p.path.segments.last().map(|s| &s.arguments) {
                Some(syn::PathArguments::AngleBracketed(args)) => args
                    .args
                    .iter()
                    .filter_map(|a| match a {
                        syn::GenericArgument::Type(t) => Some(self::ty_of(t)),
                        _ => None,
                    })
                    .collect(),
                _ => Vec::new(),
            },
        },
        syn::Type::Reference(r) => self::ty_of(&r.elem),
        syn::Type::Paren(p) => self::ty_of(&p.elem),
        other => Ty::Other(other.to_token_stream().to_string()),
    }
}

/// The name (last path segment) of a path type.
fn type_name(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(p) if p.qself.is_none() => {
            p.path.segments.last().map(|s| s.ident.to_string())
        }
        _ => None,
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

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

#[test]
fn reads_serialize_deserialize_enum_values_tags_and_operations() {
    let model = r#"
        pub struct Thing { pub id: String, pub note: Option<String>, pub r#type: ThingKind }
        impl serde::Serialize for Thing {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut entries = crate::fields::Entries::start(serializer)?;
                entries.field("id", &self.id);
                entries.optional("note", &self.note);
                entries.field("type", &self.r#type);
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
                                "id" => crate::fields::read(&mut map, &mut v0),
                                "note" => {
                                    crate::fields::read_or_null(&mut map, &mut v1)
                                }
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
        mod nested {
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
        }
        pub enum Pet { Dog(Box<Dog>), Unknown(serde_json::Value) }
        impl Pet {
            pub fn tag(&self) -> Option<&str> {
                match self {
                    Self::Dog(_) => Some("dog"),
                    Self::Unknown(value) => value.get("species").and_then(serde_json::Value::as_str),
                }
            }
        }
    "#;
    let operation = r#"
        pub struct GetThing { thing_id: String, expand: Option<Vec<crate::models::Thing>> }
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
        pub struct Orphan;
        impl crate::Operation for Orphan {
            const INFO: crate::OperationInfo = crate::OperationInfo { method: reqwest::Method::GET };
        }
    "#;
    let wire = Wire::of_sources(&[
        parse_source("models/thing.rs", model),
        parse_source("operations/things.rs", operation),
    ]);

    let written = &wire.written["Thing"];
    assert_eq!(written["id"], Written::Always("id".into()));
    assert_eq!(written["note"], Written::WhenSet("note".into()));
    assert_eq!(written["type"], Written::Always("type".into()), "r#type");
    assert_eq!(written["rest"], Written::Extra);
    let decoded = &wire.decoded["Thing"];
    assert_eq!(decoded.get("id"), Some(&true));
    assert_eq!(decoded.get("note"), Some(&false), "an arm in a block");
    assert_eq!(decoded.len(), 2, "{decoded:?}");

    assert_eq!(
        wire.enum_values["ThingKind"],
        Ok(vec!["b".into(), "a".into()])
    );
    let circle = Tagged {
        tag: "kind".into(),
        variants: vec![("circle".into(), "Circle".into())],
    };
    assert_eq!(
        wire.dispatches["Shape"],
        Ok(circle),
        "inside an inline module"
    );
    assert!(
        !wire.dispatches.contains_key("Thing"),
        "a map visitor is no dispatch"
    );
    let dog = Tagged {
        tag: "species".into(),
        variants: vec![("dog".into(), "Dog".into())],
    };
    assert_eq!(wire.tag_fns["Pet"], Ok(dog));

    let get = wire.operations["GetThing"].as_ref().expect("GetThing");
    assert_eq!(
        (get.method.as_str(), get.path.as_str()),
        ("GET", "/things/{thing_id}")
    );
    assert_eq!(
        (&get.success_statuses[..], &get.error_statuses[..]),
        (&[200][..], &[404, 422][..])
    );
    let fields = get.fields.as_ref().expect("the struct's fields");
    assert_eq!(fields[0], ("thing_id".to_owned(), Ty::named("String")));
    assert_eq!(
        fields[1].1.rust(),
        "Option<Vec<crate::models::Thing>>",
        "{fields:?}"
    );
    assert_eq!(wire.operations["Orphan"], Err("INFO has no `path`".into()));
}
