//! No secret is printed: in every fixture resource the PaymentIntents
//! operations reach, a distinct marker is planted in each field the crate
//! treats as a secret (the defaults and `spec/stripe.toml`'s `secrets`),
//! walking the JSON with the generated types; the harness decodes each
//! resource with its model and prints it with `Debug`, and receives a card
//! error embedding the planted payment intent and prints the error with
//! `Display` and `Debug`. No marker may appear in any of it. A marker
//! planted in a plain field (the payment intent's `description`) must
//! appear, so the check is seen to look at what was decoded.

use std::collections::BTreeSet;

use sdkgen::ir::{Api, Prim, TypeId, TypeKind, TypeRef};
use serde_json::{Map, Value};

use super::fixtures::resources;
use super::harness::{generated, harness, root};
use super::reach;

/// The control marker, in a field that is not a secret.
const CONTROL: &str = "PLAINdescription7";

/// Where markers go, and where they went.
struct Planter<'a> {
    api: &'a Api,
    /// `resource.path.to.field` of every marker planted.
    planted: Vec<String>,
}

impl Planter<'_> {
    fn marker(&self) -> String {
        format!("SECRETmarker{}", self.planted.len())
    }

    /// Plants markers under `value` of type `ty`; `insert` adds secret
    /// fields the value lacks (only where the type is certain: a struct
    /// reached directly, not through a union's variants).
    fn plant(&mut self, ty: &TypeRef, value: &mut Value, at: &str, insert: bool) {
        match (ty, value) {
            (TypeRef::Named(id), value) => {
                let api = self.api;
                match &api.ty(*id).kind {
                    TypeKind::Struct(s) => {
                        let Value::Object(object) = value else { return };
                        for field in &s.fields {
                            let path = format!("{at}.{}", field.wire);
                            if field.secret && is_text(&field.ty) {
                                if insert || object.contains_key(&field.wire) {
                                    object.insert(field.wire.clone(), self.marker().into());
                                    self.planted.push(path);
                                }
                            } else if let Some(child) = object.get_mut(&field.wire) {
                                self.plant(&field.ty, child, &path, insert);
                            }
                        }
                    }
                    TypeKind::Union(u) => {
                        for variant in &u.variants {
                            self.plant(&variant.ty, value, at, false);
                        }
                    }
                    TypeKind::Alias(target) => self.plant(target, value, at, insert),
                    TypeKind::Enum(_) => {}
                }
            }
            (TypeRef::Array(inner), Value::Array(items)) => {
                for (i, item) in items.iter_mut().enumerate() {
                    self.plant(inner, item, &format!("{at}[{i}]"), insert);
                }
            }
            (TypeRef::Map(inner), Value::Object(entries)) => {
                for (key, entry) in entries.iter_mut() {
                    self.plant(inner, entry, &format!("{at}[{key}]"), insert);
                }
            }
            (
                TypeRef::Nullable(inner) | TypeRef::OrEmpty(inner) | TypeRef::Expandable(inner),
                value,
            ) if value.is_object() || value.is_array() => self.plant(inner, value, at, insert),
            _ => {}
        }
    }
}

/// Whether a secret field holds text (where a marker can go).
fn is_text(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Prim(Prim::String) => true,
        TypeRef::Nullable(inner) | TypeRef::OrEmpty(inner) => is_text(inner),
        _ => false,
    }
}

/// Every reached resource with markers planted, and the paths planted.
fn planted() -> (Map<String, Value>, Vec<String>) {
    let api = &generated().api;
    let mut planter = Planter {
        api,
        planted: Vec::new(),
    };
    let mut out = Map::new();
    for name in reach::reached_fixture_resources() {
        let origin = format!("/components/schemas/{name}");
        let id = api
            .types
            .iter()
            .position(|t| t.origin == origin)
            .unwrap_or_else(|| panic!("no generated type for {origin}"));
        let mut value = resources()[&name].clone();
        let index = u32::try_from(id).unwrap_or_else(|e| panic!("{e}"));
        let ty = TypeRef::Named(TypeId(index));
        planter.plant(&ty, &mut value, &name, true);
        if name == "payment_intent" {
            value["description"] = CONTROL.into();
        }
        out.insert(name, value);
    }
    (out, planter.planted)
}

#[test]
fn no_secret_is_printed_by_debug_or_an_error() {
    let (resources, planted) = planted();
    // The secrets the issue names, each planted somewhere.
    let fields: BTreeSet<&str> = planted
        .iter()
        .filter_map(|path| path.rsplit('.').next())
        .collect();
    for field in ["client_secret", "number", "cvc"] {
        assert!(
            fields.contains(field),
            "no `{field}` was planted; planted: {planted:?}"
        );
    }
    for path in [
        "payment_intent.client_secret",
        "issuing.card.number",
        "issuing.card.cvc",
    ] {
        assert!(
            planted.iter().any(|p| p == path),
            "{path} was not planted: {planted:?}"
        );
    }
    let file = root().join("planted-secrets.json");
    let text = serde_json::to_string(&resources).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(&file, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", file.display()));
    let lines = harness().run_on("secrets", Some(&file));
    let mut printed = Vec::new();
    let mut failures = Vec::new();
    for line in &lines {
        let what = line["resource"]
            .as_str()
            .or(line["check"].as_str())
            .unwrap_or("?");
        if let Some(error) = line.get("error") {
            failures.push(format!("{what}: {error}"));
        }
        for key in ["debug", "display"] {
            if let Some(text) = line[key].as_str() {
                printed.push((format!("{what} {key}"), text.to_owned()));
            }
        }
    }
    assert_eq!(
        lines.len(),
        resources.len() + 1,
        "one line per resource and the error"
    );
    for (what, text) in &printed {
        if let Some(at) = text.find("SECRETmarker") {
            let end = (at + 40).min(text.len());
            failures.push(format!("{what} prints a secret: …{}…", &text[at..end]));
        }
    }
    let control = |what: &str| {
        printed
            .iter()
            .any(|(w, text)| w == what && text.contains(CONTROL))
    };
    assert!(
        control("payment_intent debug") && control("error debug"),
        "the plain marker is not printed, so the check sees nothing"
    );
    assert!(
        failures.is_empty(),
        "{} of {} planted secrets' printings fail:\n{}",
        failures.len(),
        planted.len(),
        failures.join("\n")
    );
}
