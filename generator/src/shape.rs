//! The Rust shape of the IR, decided in one place for every renderer and
//! the API surface: identifiers, the Rust type of a type expression, of a
//! field (`Option<Option<T>>` where absent and `null` differ), of a
//! parameter, a request body and what an operation returns; which fields a
//! request struct's `new` takes, in order, and the setters of the others;
//! and each type as the surface writes it. It depends on the IR only.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{Api, Body, BodyKind, Field, Operation, Param, Prim, Struct, TypeRef};
use crate::naming;

/// An identifier token; `r#name` becomes a raw identifier.
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The Rust type of a type expression (named types by their bare name).
pub fn rust_type(api: &Api, ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::Prim(prim) => prim_type(*prim),
        TypeRef::Named(id) => {
            let name = ident(&api.ty(*id).name);
            quote!(#name)
        }
        TypeRef::Array(inner) => {
            let inner = rust_type(api, inner);
            quote!(Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = rust_type(api, inner);
            quote!(std::collections::BTreeMap<String, #inner>)
        }
        TypeRef::Nullable(inner) => {
            let inner = rust_type(api, inner);
            quote!(Option<#inner>)
        }
        TypeRef::Expandable(inner) => {
            let inner = rust_type(api, inner);
            quote!(crate::Expandable<#inner>)
        }
        TypeRef::OrEmpty(inner) => {
            let inner = rust_type(api, inner);
            quote!(crate::OrEmpty<#inner>)
        }
        TypeRef::Object => quote!(serde_json::Map<String, serde_json::Value>),
        TypeRef::Any => quote!(serde_json::Value),
    }
}

/// The Rust type of a type expression with every type alias replaced by
/// what it stands for, as text: two expressions are the same Rust type
/// exactly when these are equal (aliases are transparent to trait impls).
pub fn unaliased_type(api: &Api, ty: &TypeRef) -> String {
    rust_type(api, &unalias(api, ty, 0)).to_string()
}

fn unalias(api: &Api, ty: &TypeRef, depth: usize) -> TypeRef {
    let inner = |inner: &TypeRef| Box::new(unalias(api, inner, depth + 1));
    match ty {
        TypeRef::Named(id) if depth < 64 => match &api.ty(*id).kind {
            crate::ir::TypeKind::Alias(target) => unalias(api, target, depth + 1),
            _ => ty.clone(),
        },
        TypeRef::Array(item) => TypeRef::Array(inner(item)),
        TypeRef::Map(value) => TypeRef::Map(inner(value)),
        TypeRef::Nullable(value) => TypeRef::Nullable(inner(value)),
        TypeRef::Expandable(value) => TypeRef::Expandable(inner(value)),
        TypeRef::OrEmpty(value) => TypeRef::OrEmpty(inner(value)),
        other => other.clone(),
    }
}

/// The Rust type of a scalar inside JSON.
pub fn prim_type(prim: Prim) -> TokenStream {
    match prim {
        Prim::String | Prim::Base64 | Prim::Binary => quote!(String),
        Prim::Bool => quote!(bool),
        Prim::I32 => quote!(i32),
        Prim::I64 => quote!(i64),
        Prim::F32 => quote!(f32),
        Prim::F64 => quote!(f64),
        Prim::DateTime => quote!(chrono::DateTime<chrono::Utc>),
        Prim::Date => quote!(chrono::NaiveDate),
        Prim::Uuid => quote!(uuid::Uuid),
        Prim::File => quote!(crate::Upload),
    }
}

// ---------------------------------------------------------------------------
// Fields of model structs
// ---------------------------------------------------------------------------

/// Whether a field is `Option<Option<T>>`: an optional, nullable field,
/// where absent (`None`) and `null` (`Some(None)`) mean different things
/// (leaving a value alone or clearing it in a partial update) and both must
/// survive a decode and re-encode.
pub fn is_double_option(f: &Field) -> bool {
    !f.required && f.nullable
}

/// Whether a field is declared `Option<T>` (optional and not nullable, or
/// required and nullable), so that `null` and absence both leave it `None`.
pub fn is_plain_option(f: &Field) -> bool {
    f.required == f.nullable
}

/// The Rust type of a field's value when set (boxed where recursive).
pub fn value_type(api: &Api, f: &Field) -> TokenStream {
    let ty = rust_type(api, &f.ty);
    if f.boxed {
        quote!(Box<#ty>)
    } else {
        ty
    }
}

/// The Rust type of a field as declared.
pub fn field_type(api: &Api, f: &Field) -> TokenStream {
    let ty = value_type(api, f);
    if is_double_option(f) {
        quote!(Option<Option<#ty>>)
    } else if f.required && !f.nullable {
        ty
    } else {
        quote!(Option<#ty>)
    }
}

/// The constant value of a required constant field, if it has a Rust literal.
pub fn constant_expr(f: &Field) -> Option<TokenStream> {
    if !f.required {
        return None;
    }
    match (f.constant.as_ref()?, &f.ty) {
        (serde_json::Value::String(s), TypeRef::Prim(Prim::String)) => {
            Some(quote!(String::from(#s)))
        }
        (serde_json::Value::Bool(b), TypeRef::Prim(Prim::Bool)) => Some(quote!(#b)),
        (serde_json::Value::Number(n), TypeRef::Prim(Prim::I64)) => n.as_i64().map(|v| quote!(#v)),
        (serde_json::Value::Number(n), TypeRef::Prim(Prim::I32)) => n
            .as_i64()
            .and_then(|v| i32::try_from(v).ok())
            .map(|v| quote!(#v)),
        _ => None,
    }
}

/// Fields that `new` takes as arguments, in declaration order.
pub fn constructor_args(s: &Struct) -> impl Iterator<Item = &Field> {
    s.fields
        .iter()
        .filter(|f| f.required && constant_expr(f).is_none())
}

/// Whether `new` of a request struct takes `field` as an argument.
pub fn is_constructor_arg(s: &Struct, field: &Field) -> bool {
    constructor_args(s).any(|f| std::ptr::eq(f, field))
}

/// The names of each field's setter and null setter, where it has them.
pub fn setter_names(s: &Struct) -> Vec<(Option<String>, Option<String>)> {
    let kinds: Vec<(&str, naming::SetterKinds)> = s
        .fields
        .iter()
        .map(|f| {
            let kinds = naming::SetterKinds {
                value: !f.required && !f.read_only,
                null: is_double_option(f) && !f.read_only,
            };
            (f.name.as_str(), kinds)
        })
        .collect();
    naming::setter_names(&kinds)
}

// ---------------------------------------------------------------------------
// Operations
// ---------------------------------------------------------------------------

/// The Rust type of a parameter value.
pub fn param_type(api: &Api, param: &Param) -> TokenStream {
    rust_type(api, &param.ty)
}

/// The type of the body, as stored and passed.
pub fn body_type(api: &Api, body: &Body) -> TokenStream {
    match body.kind {
        BodyKind::Binary => quote!(crate::Upload),
        BodyKind::Text => quote!(String),
        BodyKind::Multipart if body.is_hand_built(api) => quote!(crate::Multipart),
        BodyKind::Json | BodyKind::Form | BodyKind::Multipart => rust_type(api, &body.ty),
    }
}

/// What a successful call returns.
pub fn output_type(api: &Api, op: &Operation) -> TokenStream {
    match op.success().map(|r| (r.kind, r.ty.as_ref())) {
        Some((Some(BodyKind::Binary), _)) => quote!(crate::Download),
        Some((Some(BodyKind::Text), _)) => quote!(String),
        Some((_, Some(ty))) if op.success_may_be_empty() => {
            let ty = rust_type(api, ty);
            quote!(Option<#ty>)
        }
        Some((_, Some(ty))) => rust_type(api, ty),
        _ => quote!(()),
    }
}

// ---------------------------------------------------------------------------
// As the API surface writes them
// ---------------------------------------------------------------------------

/// The Rust type of `ty` as the surface writes it: the generated crate's
/// type expression, on one line, without `std::collections::` and `crate::`.
pub fn type_text(api: &Api, ty: &TypeRef) -> String {
    tokens_text(&rust_type(api, ty))
}

/// A type the renderers built, as the surface writes it.
pub fn tokens_text(tokens: &proc_macro2::TokenStream) -> String {
    compact(&tokens.to_string())
}

/// Token text (`Vec < std :: collections :: BTreeMap < String , T > >`)
/// as written by hand (`Vec<BTreeMap<String, T>>`).
fn compact(tokens: &str) -> String {
    let chars: Vec<char> = tokens.chars().collect();
    let is_word = |c: char| c.is_alphanumeric() || c == '_' || c == '#' || c == '\'';
    let mut out = String::with_capacity(tokens.len());
    for (i, c) in chars.iter().enumerate() {
        if *c == ' ' {
            let before = out.chars().last();
            let after = chars[i + 1..].iter().find(|c| **c != ' ');
            if before.is_some_and(is_word) && after.is_some_and(|c| is_word(*c)) {
                out.push(' ');
            }
        } else {
            out.push(*c);
            if *c == ',' {
                out.push(' ');
            }
        }
    }
    out.replace("std::collections::", "").replace("crate::", "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_text_becomes_hand_written_types() {
        assert_eq!(
            compact("Option < std :: collections :: BTreeMap < String , Vec < crate :: Expandable < Foo > > > >"),
            "Option<BTreeMap<String, Vec<Expandable<Foo>>>>"
        );
        assert_eq!(compact("Box < dyn Any >"), "Box<dyn Any>");
        assert_eq!(compact("()"), "()");
    }
}
