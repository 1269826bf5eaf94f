//! Doc examples: plausible argument values built from the document's
//! examples, defaults and bounds, and whole doctests for operations.

use std::collections::BTreeSet;

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::Value;

use super::models::constructor_args;
use super::types::ident;
use crate::ir::{Api, Constraints, Operation, Prim, TypeKind, TypeRef};

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

/// An expression for a value of type `ty`, or `None` when no sensible one
/// exists. With `exact`, the expression has exactly that type (e.g.
/// `String::from("..")`); else it only converts into it (`".."` for an
/// `impl Into<String>` argument).
pub fn value(
    api: &Api,
    ty: &TypeRef,
    hints: Hints<'_>,
    depth: usize,
    uses: &mut Uses,
    exact: bool,
) -> Option<TokenStream> {
    if depth > 4 {
        return None;
    }
    let given = hints.example.or(hints.default);
    Some(match ty {
        // A file has an example only where `impl Into<Upload>` is taken.
        TypeRef::Prim(Prim::File) if exact => return None,
        TypeRef::Prim(prim) => prim_value(*prim, given, hints.constraints, exact),
        TypeRef::Named(id) => {
            let def = api.ty(*id);
            let name = ident(&def.name);
            match &def.kind {
                TypeKind::Struct(s) if def.input => {
                    uses.0.insert(def.name.clone());
                    let args = constructor_args(s)
                        .map(|f| {
                            let hints = Hints {
                                example: f.example.as_ref(),
                                default: f.default.as_ref(),
                                constraints: Some(&f.constraints),
                            };
                            if f.nullable {
                                // The argument is `impl Into<Option<T>>`.
                                let inner = value(api, &f.ty, hints, depth + 1, uses, true)?;
                                Some(quote!(Some(#inner)))
                            } else {
                                value(api, &f.ty, hints, depth + 1, uses, false)
                            }
                        })
                        .collect::<Option<Vec<_>>>()?;
                    quote!(#name::new(#(#args),*))
                }
                TypeKind::Enum(e) => {
                    uses.0.insert(def.name.clone());
                    let wanted = given.and_then(|g| e.variants.iter().find(|v| &v.value == g));
                    let variant = ident(&wanted.or(e.variants.first())?.name);
                    quote!(#name::#variant)
                }
                TypeKind::Union(u) => {
                    let first = u.variants.first()?;
                    let inner = value(api, &first.ty, Hints::default(), depth + 1, uses, true)?;
                    uses.0.insert(def.name.clone());
                    let variant = ident(&first.name);
                    let inner = if first.boxed {
                        quote!(Box::new(#inner))
                    } else {
                        inner
                    };
                    quote!(#name::#variant(#inner))
                }
                TypeKind::Alias(target) => {
                    return value(api, target, hints, depth + 1, uses, exact)
                }
                TypeKind::Struct(_) => return None,
            }
        }
        TypeRef::Array(_) => quote!(Vec::new()),
        TypeRef::Map(_) => quote!(std::collections::BTreeMap::new()),
        TypeRef::Nullable(inner) => {
            let inner = value(api, inner, hints, depth, uses, true)?;
            quote!(Some(#inner))
        }
        // Without the crate's path at hand, these have examples only where
        // a conversion (`impl Into<..>`) is accepted.
        TypeRef::OrEmpty(_) | TypeRef::Expandable(_) if exact => return None,
        TypeRef::OrEmpty(inner) => return value(api, inner, hints, depth, uses, true),
        TypeRef::Expandable(_) => {
            let id = given.and_then(Value::as_str).unwrap_or("id_example");
            quote!(#id)
        }
        TypeRef::Object => quote!(serde_json::Map::new()),
        TypeRef::Any => quote!(serde_json::Value::Null),
    })
}

fn prim_value(
    prim: Prim,
    given: Option<&Value>,
    constraints: Option<&Constraints>,
    exact: bool,
) -> TokenStream {
    match prim {
        Prim::String | Prim::Base64 | Prim::Binary | Prim::File => {
            let text = given.and_then(Value::as_str).unwrap_or("example");
            if exact {
                quote!(String::from(#text))
            } else {
                quote!(#text)
            }
        }
        Prim::I32 | Prim::I64 => {
            let minimum = constraints
                .and_then(|c| c.minimum)
                .map(|(m, exclusive)| m.ceil() as i64 + i64::from(exclusive));
            let n = given.and_then(Value::as_i64).or(minimum).unwrap_or(1);
            match i32::try_from(n) {
                Ok(small) => Literal::i32_unsuffixed(small).into_token_stream(),
                Err(_) if prim == Prim::I64 => Literal::i64_suffixed(n).into_token_stream(),
                Err(_) => Literal::i32_unsuffixed(1).into_token_stream(),
            }
        }
        Prim::F32 | Prim::F64 => {
            let n = given
                .and_then(Value::as_f64)
                .filter(|n| n.is_finite())
                .unwrap_or(1.0);
            Literal::f64_unsuffixed(n).into_token_stream()
        }
        Prim::Bool => {
            let b = given.and_then(Value::as_bool).unwrap_or(true);
            quote!(#b)
        }
        Prim::DateTime => quote!(chrono::Utc::now()),
        Prim::Date => quote!(chrono::NaiveDate::default()),
        Prim::Uuid => quote!(uuid::Uuid::nil()),
    }
}

use quote::ToTokens;

/// The call expression `client.method(args)` of an operation, with the
/// models it needs, or `None` when an argument has no sensible example.
pub fn call(api: &Api, op: &Operation, uses: &mut Uses) -> Option<TokenStream> {
    let method = ident(&op.method_name);
    let mut args = Vec::new();
    for param in op.params.iter().filter(|p| p.required) {
        let hints = Hints {
            example: param.example.as_ref(),
            default: param.default.as_ref(),
            constraints: Some(&param.constraints),
        };
        args.push(value(api, &param.ty, hints, 0, uses, false)?);
    }
    if let Some(body) = op.body.as_ref().filter(|b| b.required) {
        if body.is_hand_built(api) {
            // A `Multipart` form has no example without the crate's path.
            return None;
        }
        args.push(value(api, &body.ty, Hints::default(), 0, uses, false)?);
    }
    Some(quote!(client.#method(#(#args),*)))
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
