//! Example values: argument values valid against the document's schemas
//! (its examples and defaults when they validate, else values made from
//! enums, formats, patterns, lengths, bounds and item counts), and whole
//! doctests for operations. The smoke program (`smoke.rs`) builds its
//! arguments with the same [`Builder`], knowing the crate's path, so it can
//! also write values doc examples cannot (uploads, multipart forms, the
//! exact `OrEmpty` and `Expandable` values).

use std::collections::BTreeSet;

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{quote, ToTokens};
use serde_json::Value;

use crate::ir::{
    Api, Body, BodyKind, Constraints, Operation, Prim, TypeKind, TypeRef, Union, UnionVariant,
};
use crate::shape::{constructor_args, ident, setter_names};

mod exclusive;
mod pattern;
mod scalars;
#[cfg(test)]
mod tests;

/// Collects the model names an example uses, for its `use` line.
#[derive(Default)]
pub struct Uses(BTreeSet<String>);

/// Facts that pick an example value.
#[derive(Clone, Copy, Default)]
pub struct Hints<'a> {
    /// The document's example.
    pub example: Option<&'a Value>,
    /// The server's default.
    pub default: Option<&'a Value>,
    /// Bounds.
    pub constraints: Option<&'a Constraints>,
}

impl<'a> Hints<'a> {
    /// The document's values, example first.
    fn candidates(&self) -> Vec<&'a Value> {
        self.example.into_iter().chain(self.default).collect()
    }
}

/// How deep required fields may nest before a value is given up.
const MAX_DEPTH: usize = 8;

/// The most items a list example gets (`minItems` beyond it is given up).
const MAX_ITEMS: usize = 16;

/// Writes example expressions.
pub struct Builder<'a> {
    api: &'a Api,
    /// The crate's path, when the code is outside the crate (the smoke
    /// program): models are written with their path, and values that need
    /// the crate's own types can be built.
    krate: Option<Ident>,
    /// Models named by bare name (doc examples import them).
    pub uses: Uses,
    /// Why the last value could not be built.
    why: Option<String>,
    /// Which of a series of valid values the scalars take (0: the first):
    /// the items of a `uniqueItems` list differ by it.
    nth: usize,
}

impl<'a> Builder<'a> {
    /// A builder for doc examples (models by bare name, see [`use_line`]).
    pub fn docs(api: &'a Api) -> Self {
        Builder {
            api,
            krate: None,
            uses: Uses::default(),
            why: None,
            nth: 0,
        }
    }

    /// A builder for code outside the crate `krate`.
    pub fn outside(api: &'a Api, krate: &str) -> Self {
        Builder {
            krate: Some(ident(krate)),
            ..Builder::docs(api)
        }
    }

    /// Why the last value that failed could not be built.
    pub fn why(&self) -> String {
        self.why
            .clone()
            .unwrap_or_else(|| "no value could be built".to_owned())
    }

    fn fail<T>(&mut self, why: impl Into<String>) -> Option<T> {
        if self.why.is_none() {
            self.why = Some(why.into());
        }
        None
    }

    /// The path of a model.
    fn model(&mut self, name: &str) -> TokenStream {
        let id = ident(name);
        match &self.krate {
            Some(krate) => quote!(#krate::models::#id),
            None => {
                self.uses.0.insert(name.to_owned());
                quote!(#id)
            }
        }
    }

    /// An expression for a value of type `ty`, or `None` when none can be
    /// built (see [`Builder::why`]). With `exact`, the expression has
    /// exactly that type (e.g. `String::from("..")`); else it only converts
    /// into it (`".."` for an `impl Into<String>` argument).
    pub fn value(
        &mut self,
        ty: &TypeRef,
        hints: Hints<'_>,
        depth: usize,
        exact: bool,
    ) -> Option<TokenStream> {
        if depth > MAX_DEPTH {
            return self.fail("required fields nest too deeply (a type leads back to itself)");
        }
        let none = Constraints::default();
        let facts = hints.constraints.unwrap_or(&none);
        let given = hints.example.or(hints.default);
        Some(match ty {
            TypeRef::Prim(Prim::File) => match &self.krate {
                Some(krate) => quote!(#krate::Upload::from("example")),
                None if exact => return self.fail("a file needs the crate's `Upload`"),
                None => quote!("example"),
            },
            TypeRef::Prim(prim) => prim_value(*prim, &hints.candidates(), facts, exact, self.nth),
            TypeRef::Named(id) => return self.named(*id, hints, depth, exact),
            TypeRef::Array(item) => {
                let count = facts.min_items.unwrap_or(0);
                if count > MAX_ITEMS {
                    return self.fail(format!("`minItems` is {count}"));
                }
                let item_hints = Hints {
                    example: given.and_then(Value::as_array).and_then(|a| a.first()),
                    default: None,
                    constraints: facts.items.as_deref(),
                };
                let mut items: Vec<TokenStream> = Vec::new();
                for _ in 0..count {
                    let built = self.value(item, item_hints, depth + 1, true)?;
                    let built = if facts.unique_items {
                        self.distinct(item, item_hints, depth, built, &items)
                    } else {
                        built
                    };
                    items.push(built);
                }
                if items.is_empty() {
                    quote!(Vec::new())
                } else {
                    quote!(vec![#(#items),*])
                }
            }
            TypeRef::Map(value) if facts.min_items.is_some_and(|n| n > 0) => {
                // A required map parameter (see `call`): one entry, so it is sent.
                let value = self.value(value, Hints::default(), depth + 1, true)?;
                quote!(std::collections::BTreeMap::from([(String::from("key"), #value)]))
            }
            TypeRef::Map(_) => quote!(std::collections::BTreeMap::new()),
            TypeRef::Nullable(inner) => {
                let inner = self.value(inner, hints, depth, true)?;
                quote!(Some(#inner))
            }
            TypeRef::OrEmpty(inner) => {
                let inner = self.value(inner, hints, depth, true)?;
                match &self.krate {
                    Some(krate) if exact => quote!(#krate::OrEmpty::Value(#inner)),
                    None if exact => {
                        return self.fail("an exact `OrEmpty` value needs the crate's path")
                    }
                    _ => inner,
                }
            }
            TypeRef::Expandable(_) => {
                let id = given.and_then(Value::as_str).unwrap_or("id_example");
                match &self.krate {
                    Some(krate) if exact => {
                        quote!(#krate::Expandable::Id(String::from(#id)))
                    }
                    None if exact => {
                        return self.fail("an exact `Expandable` value needs the crate's path")
                    }
                    _ => quote!(#id),
                }
            }
            TypeRef::Object => match given.filter(|v| v.is_object()) {
                Some(example) => {
                    let json = json_tokens(example);
                    quote! {
                        match serde_json::json!(#json) {
                            serde_json::Value::Object(map) => map,
                            _ => serde_json::Map::new(),
                        }
                    }
                }
                None => quote!(serde_json::Map::new()),
            },
            TypeRef::Any => match given {
                Some(example) => {
                    let json = json_tokens(example);
                    quote!(serde_json::json!(#json))
                }
                None => quote!(serde_json::Value::Null),
            },
        })
    }

    fn named(
        &mut self,
        id: crate::ir::TypeId,
        hints: Hints<'_>,
        depth: usize,
        exact: bool,
    ) -> Option<TokenStream> {
        let api = self.api;
        let def = api.ty(id);
        let given: Vec<&Value> = hints
            .candidates()
            .into_iter()
            .chain(def.example.as_ref())
            .chain(def.default.as_ref())
            .collect();
        match &def.kind {
            TypeKind::Struct(s) if def.input => {
                let object = given.iter().find_map(|v| v.as_object());
                let mut args = Vec::new();
                for f in constructor_args(s) {
                    // A constant the constructor still takes (an enum's one
                    // allowed value) wins over the examples.
                    let hints = Hints {
                        example: f
                            .constant
                            .as_ref()
                            .or(object.and_then(|o| o.get(&f.wire)))
                            .or(f.example.as_ref()),
                        default: f.default.as_ref(),
                        constraints: Some(&f.constraints),
                    };
                    let exact = f.boxed || f.nullable || s.required.is_some();
                    let built = self.value(&f.ty, hints, depth + 1, exact);
                    let built = built.map(|v| if f.boxed { quote!(Box::new(#v)) } else { v });
                    args.push(match (built, f.nullable) {
                        (Some(v), true) => quote!(Some(#v)),
                        (Some(v), false) => v,
                        // `null` is valid for a nullable field.
                        (None, true) => quote!(None),
                        (None, false) => {
                            let why = self.why();
                            self.why = None;
                            return self
                                .fail(format!("field `{}` of `{}`: {why}", f.wire, def.name));
                        }
                    });
                }
                let path = self.model(&def.name);
                match &s.required {
                    // The fields by name, each value of the field's type.
                    Some(required) => {
                        let required = self.model(required);
                        let names = constructor_args(s).map(|f| ident(&f.name));
                        Some(quote!(#path::new(#required { #(#names: #args),* })))
                    }
                    None => Some(quote!(#path::new(#(#args),*))),
                }
            }
            TypeKind::Struct(_) => self.fail(format!(
                "`{}` is not a request type (it has no constructor)",
                def.name
            )),
            TypeKind::Enum(e) => {
                let wanted = given
                    .iter()
                    .find_map(|g| e.variants.iter().find(|v| &&v.value == g));
                let Some(variant) = wanted.or(e.variants.first()) else {
                    return self.fail(format!("the enum `{}` has no values", def.name));
                };
                // Later values of the series: the following variants.
                let at = e.variants.iter().position(|v| v.value == variant.value);
                let variant = at
                    .and_then(|at| e.variants.get((at + self.nth) % e.variants.len()))
                    .unwrap_or(variant);
                let path = self.model(&def.name);
                let variant = ident(&variant.name);
                Some(quote!(#path::#variant))
            }
            TypeKind::Union(u) => {
                // Typed arms first: an `Any` arm accepts what the others do.
                let arms = u
                    .variants
                    .iter()
                    .filter(|v| v.ty != TypeRef::Any)
                    .chain(u.variants.iter().filter(|v| v.ty == TypeRef::Any));
                let before = self.why.take();
                for arm in arms {
                    let hints = Hints {
                        example: given.first().copied(),
                        ..Hints::default()
                    };
                    if let Some(inner) = self.value(&arm.ty, hints, depth + 1, true) {
                        let inner = self.exclusive(u, arm, inner, depth);
                        self.why = before;
                        let path = self.model(&def.name);
                        let variant = ident(&arm.name);
                        let inner = if arm.boxed {
                            quote!(Box::new(#inner))
                        } else {
                            inner
                        };
                        return Some(quote!(#path::#variant(#inner)));
                    }
                }
                let arms_why = self.why();
                self.why = before;
                self.fail(format!(
                    "no variant of `{}` can be built: {arms_why}",
                    def.name
                ))
            }
            TypeKind::Alias(target) => {
                // The use site's facts, tightened by the alias's own.
                let facts = merged(hints.constraints, &def.constraints);
                let hints = Hints {
                    example: given.first().copied(),
                    default: given.get(1).copied(),
                    constraints: Some(&facts),
                };
                self.value(target, hints, depth + 1, exact)
            }
        }
    }

    /// `built`, the value of union `u`'s variant `arm`, made to match no
    /// other variant where it would (a `oneOf` value must match exactly
    /// one): with the first optional field set that the variant's rivals
    /// reject (its constant, where they have another; a nested object they
    /// require more of; a value of another type). `built` as it is when no field does that.
    fn exclusive(
        &mut self,
        u: &Union,
        arm: &UnionVariant,
        built: TokenStream,
        depth: usize,
    ) -> TokenStream {
        let api = self.api;
        let Some(mine) = exclusive::struct_of(api, &arm.ty) else {
            return built;
        };
        let rivals: Vec<&UnionVariant> = u
            .variants
            .iter()
            .filter(|v| v.name != arm.name && exclusive::accepts(api, &v.ty, &arm.ty))
            .collect();
        if rivals.is_empty() {
            return built;
        }
        for (field, (setter, _)) in mine.fields.iter().zip(setter_names(mine)) {
            let Some(setter) = setter else {
                continue;
            };
            let excluded = rivals.iter().all(|rival| {
                exclusive::struct_of(api, &rival.ty).is_some_and(|theirs| {
                    !exclusive::struct_accepts(api, theirs, mine, Some(field), 0)
                })
            });
            if !excluded {
                continue;
            }
            let hints = Hints {
                example: field.constant.as_ref().or(field.example.as_ref()),
                default: field.default.as_ref(),
                constraints: Some(&field.constraints),
            };
            let before = self.why.take();
            let value = self.value(&field.ty, hints, depth + 2, true);
            self.why = before;
            if let Some(value) = value {
                let setter = ident(&setter);
                return quote!(#built.#setter(#value));
            }
        }
        built
    }

    /// `built`, or when it equals one of `items` (a `uniqueItems` list),
    /// the first of the next values in the series that is new; `built`
    /// again when there is none.
    fn distinct(
        &mut self,
        item: &TypeRef,
        hints: Hints<'_>,
        depth: usize,
        built: TokenStream,
        items: &[TokenStream],
    ) -> TokenStream {
        let seen: Vec<String> = items.iter().map(ToString::to_string).collect();
        if !seen.contains(&built.to_string()) {
            return built;
        }
        let outer = self.nth;
        let mut found = None;
        for nth in 1..=MAX_ITEMS {
            self.nth = outer + nth;
            let next = self.value(item, hints, depth + 1, true);
            if let Some(next) = next.filter(|n| !seen.contains(&n.to_string())) {
                found = Some(next);
                break;
            }
        }
        self.nth = outer;
        found.unwrap_or(built)
    }

    /// The arguments of `client.method(..)` for `op`: its required
    /// parameters and required body.
    pub fn arguments(&mut self, op: &Operation) -> Option<Vec<TokenStream>> {
        let mut args = Vec::new();
        for param in op.params.iter().filter(|p| p.required) {
            // A required list or map parameter needs an item to be sent at all.
            let mut facts = param.constraints.clone();
            if self.is_collection(&param.ty) {
                facts.min_items = Some(facts.min_items.unwrap_or(0).max(1));
            }
            // The one value a constant parameter takes wins over its example.
            let hints = Hints {
                example: param.constant.as_ref().or(param.example.as_ref()),
                default: param.default.as_ref(),
                constraints: Some(&facts),
            };
            match self.value(&param.ty, hints, 0, false) {
                Some(value) => args.push(value),
                None => {
                    let why = self.why();
                    self.why = None;
                    return self.fail(format!("parameter `{}`: {why}", param.wire));
                }
            }
        }
        if let Some(body) = op.body.as_ref().filter(|b| b.required) {
            match self.body(body) {
                Some(value) => args.push(value),
                None => {
                    let why = self.why();
                    self.why = None;
                    return self.fail(format!("request body: {why}"));
                }
            }
        }
        Some(args)
    }

    fn body(&mut self, body: &Body) -> Option<TokenStream> {
        match body.kind {
            BodyKind::Binary => Some(match &self.krate {
                Some(krate) => quote!(#krate::Upload::from("example")),
                None => quote!("example"),
            }),
            BodyKind::Text => self.value(&TypeRef::Prim(Prim::String), Hints::default(), 0, false),
            BodyKind::Multipart if body.is_hand_built(self.api) => match &self.krate {
                Some(krate) => Some(quote!(#krate::Multipart::new())),
                None => self.fail("a hand-built multipart form needs the crate's `Multipart`"),
            },
            BodyKind::Json | BodyKind::Form | BodyKind::Multipart => {
                let hints = Hints {
                    constraints: Some(&body.constraints),
                    ..Hints::default()
                };
                self.value(&body.ty, hints, 0, false)
            }
        }
    }

    /// Whether `ty` is a list or a map (through aliases).
    fn is_collection(&self, ty: &TypeRef) -> bool {
        let mut ty = ty;
        for _ in 0..16 {
            match ty {
                TypeRef::Array(_) | TypeRef::Map(_) => return true,
                TypeRef::Named(id) => match &self.api.ty(*id).kind {
                    TypeKind::Alias(target) => ty = target,
                    _ => return false,
                },
                _ => return false,
            }
        }
        false
    }
}

fn prim_value(
    prim: Prim,
    candidates: &[&Value],
    facts: &Constraints,
    exact: bool,
    nth: usize,
) -> TokenStream {
    match prim {
        Prim::String | Prim::Base64 | Prim::Binary | Prim::File => {
            let text = scalars::string_nth(candidates, facts, prim, nth);
            if exact {
                quote!(String::from(#text))
            } else {
                quote!(#text)
            }
        }
        Prim::I32 | Prim::I64 => {
            let n = scalars::integer_nth(candidates, facts, prim, nth);
            let magnitude = n.unsigned_abs();
            let literal = if magnitude <= 0x7fff_ffff {
                Literal::u64_unsuffixed(magnitude).into_token_stream()
            } else if prim == Prim::I32 {
                // Only `i32::MIN` is beyond the positive range.
                return quote!(i32::MIN);
            } else if n == i64::MIN {
                return quote!(i64::MIN);
            } else {
                // Unsuffixed, it would be an `i32` in an `impl Into<i64>`.
                Literal::i64_suffixed(n.abs()).into_token_stream()
            };
            if n < 0 {
                quote!(-#literal)
            } else {
                literal
            }
        }
        Prim::F32 | Prim::F64 => {
            let n = scalars::number_nth(candidates, facts, nth);
            let literal = if prim == Prim::F32 {
                // Unsuffixed, it would be an `f64`, which is no `f32`.
                Literal::f32_suffixed((n as f32).abs())
            } else {
                Literal::f64_unsuffixed(n.abs())
            };
            if n < 0.0 {
                quote!(-#literal)
            } else {
                quote!(#literal)
            }
        }
        Prim::Bool => {
            let b = candidates.iter().find_map(|v| v.as_bool()).unwrap_or(true);
            // The second value of the series is the other one.
            let b = b != (nth % 2 == 1);
            quote!(#b)
        }
        Prim::DateTime if nth > 0 => {
            let seconds = Literal::u64_unsuffixed(nth as u64);
            quote!(chrono::Utc::now() + chrono::Duration::seconds(#seconds))
        }
        Prim::DateTime => quote!(chrono::Utc::now()),
        Prim::Date if nth > 0 => {
            let days = Literal::u64_unsuffixed(nth as u64);
            quote!(chrono::NaiveDate::default() + chrono::Duration::days(#days))
        }
        Prim::Date => quote!(chrono::NaiveDate::default()),
        Prim::Uuid if nth > 0 => {
            let n = Literal::u128_suffixed(nth as u128);
            quote!(uuid::Uuid::from_u128(#n))
        }
        Prim::Uuid => quote!(uuid::Uuid::nil()),
    }
}

/// The facts of a use site, completed by those of the alias it names.
fn merged(site: Option<&Constraints>, own: &Constraints) -> Constraints {
    let Some(site) = site else {
        return own.clone();
    };
    Constraints {
        minimum: site.minimum.or(own.minimum),
        maximum: site.maximum.or(own.maximum),
        min_length: site.min_length.max(own.min_length),
        max_length: site.max_length.or(own.max_length),
        pattern: site.pattern.clone().or_else(|| own.pattern.clone()),
        min_items: site.min_items.max(own.min_items),
        max_items: site.max_items.or(own.max_items),
        unique_items: site.unique_items || own.unique_items,
        format: site.format.clone().or_else(|| own.format.clone()),
        multiple_of: site.multiple_of.or(own.multiple_of),
        items: site.items.clone().or_else(|| own.items.clone()),
    }
}

/// A JSON value as the tokens of a `serde_json::json!` argument.
fn json_tokens(value: &Value) -> TokenStream {
    match value {
        Value::Null => quote!(null),
        Value::Bool(b) => quote!(#b),
        Value::Number(n) => {
            let literal = if let Some(u) = n.as_u64() {
                Literal::u64_unsuffixed(u)
            } else if let Some(i) = n.as_i64() {
                let literal = Literal::u64_unsuffixed(i.unsigned_abs());
                return quote!(-#literal);
            } else {
                let f = n.as_f64().filter(|f| f.is_finite()).unwrap_or(0.0);
                if f < 0.0 {
                    let literal = Literal::f64_unsuffixed(-f);
                    return quote!(-#literal);
                }
                Literal::f64_unsuffixed(f)
            };
            literal.into_token_stream()
        }
        Value::String(s) => Literal::string(s).into_token_stream(),
        Value::Array(items) => {
            let items = items.iter().map(json_tokens);
            quote!([#(#items),*])
        }
        Value::Object(map) => {
            let entries = map.iter().map(|(k, v)| {
                let v = json_tokens(v);
                quote!(#k: #v)
            });
            quote!({ #(#entries),* })
        }
    }
}

/// The call expression `client.method(args)` of an operation, with the
/// models it needs, or `None` when an argument has no sensible example.
pub fn call(api: &Api, op: &Operation, uses: &mut Uses) -> Option<TokenStream> {
    let mut builder = Builder::docs(api);
    builder.uses = std::mem::take(uses);
    let args = builder.arguments(op);
    *uses = builder.uses;
    let method = receiver(api, op);
    let args = args?;
    Some(quote!(client.#method(#(#args),*)))
}

/// What follows `client.` to reach `op`'s method: `method`, or
/// `group().method` for a grouped operation.
pub fn receiver(api: &Api, op: &Operation) -> TokenStream {
    let method = ident(&op.method_name);
    match api.group_of(op) {
        Some(group) => {
            let accessor = ident(&group.accessor);
            quote!(#accessor().#method)
        }
        None => quote!(#method),
    }
}

/// A `no_run` doctest calling `op` on a client, as doc text.
pub fn operation_doctest(api: &Api, krate: &str, op: &Operation) -> Option<String> {
    let mut uses = Uses::default();
    let call = call(api, op, &mut uses)?;
    let krate = ident(krate);
    let use_line = use_line(&krate, &uses);
    let returns_unit = op.success().is_none_or(|s| s.ty.is_none());
    let body = if returns_unit {
        quote!(#call.await?;)
    } else {
        quote! {
            let response = #call.await?;
            println!("{response:?}");
        }
    };
    let function = quote! {
        async fn example(client: &#krate::Client) -> Result<(), #krate::Error> {
            #use_line
            #body
            Ok(())
        }
    };
    doctest(function)
}

/// `use krate::models::{...};` for the models an example mentions.
pub fn use_line(krate: &proc_macro2::Ident, uses: &Uses) -> TokenStream {
    let names: Vec<_> = uses.0.iter().map(|n| ident(n)).collect();
    match names.as_slice() {
        [] => quote!(),
        [one] => quote!(use #krate::models::#one;),
        many => quote!(use #krate::models::{#(#many),*};),
    }
}

/// A file as example code shown whole (a complete example), without the
/// fences (the crate docs make it a doctest, the README a `rust` block).
pub fn visible_code(file: TokenStream) -> Option<String> {
    let file: syn::File = syn::parse2(file).ok()?;
    let text = prettyplease::unparse(&file);
    Some(text.trim_end().to_owned())
}

/// Formats a one-function file as a doctest: the signature (however many
/// lines it takes), the final `Ok(())` and the closing brace are hidden,
/// the body unindented.
pub fn doctest(function: TokenStream) -> Option<String> {
    let file: syn::File = syn::parse2(function).ok()?;
    let text = prettyplease::unparse(&file);
    let lines: Vec<&str> = text.lines().collect();
    let signature_end = lines.iter().position(|line| line.ends_with('{'))?;
    let (signature, rest) = lines.split_at(signature_end + 1);
    let (last, body) = rest.split_last()?;
    let mut out = vec!["```no_run".to_owned()];
    out.extend(signature.iter().map(|line| format!("# {line}")));
    for line in body {
        let line = line.strip_prefix("    ").unwrap_or(line);
        if line == "Ok(())" {
            out.push(format!("# {line}"));
        } else {
            out.push(line.to_owned());
        }
    }
    out.push(format!("# {last}"));
    out.push("```".to_owned());
    Some(out.join("\n"))
}
