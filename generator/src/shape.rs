//! The Rust shape of the IR, decided in one place for every renderer and
//! the API surface: identifiers, the Rust type of a type expression, of a
//! field (`Nullable<T>` where absent and `null` differ), of a
//! parameter, a request body, a union variant, the error body and what an
//! operation returns; which fields a request struct's `new` takes, in
//! order, and the setters of the others. It depends on the IR only.
//!
//! Types are data ([`RustType`]): the renderers print them as tokens
//! ([`quote::ToTokens`]), the API surface ([`crate::release::surface`])
//! as its own text, so how the renderers spell a type cannot change the
//! saved surface.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{quote, ToTokens};

use crate::ir::{
    Additional, Api, Body, BodyKind, Field, Operation, Param, Prim, Struct, TypeRef, UnionVariant,
};
use crate::naming;

/// An identifier token; `r#name` becomes a raw identifier.
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// A Rust type of the generated crate: a name and its generic arguments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RustType<'a> {
    /// The type's name and where it is defined.
    pub name: TypeName<'a>,
    /// Its generic arguments, in order.
    pub args: Vec<RustType<'a>>,
}

/// The name of a [`RustType`] and where it is defined.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TypeName<'a> {
    /// A primitive or in the prelude: `bool`, `String`, `Vec`, `Option`.
    Prelude(&'static str),
    /// In `std::collections`: `BTreeMap`.
    Collections(&'static str),
    /// In a crate the generated one depends on: (`chrono`, `DateTime`).
    External(&'static str, &'static str),
    /// Of the runtime, at the crate root: `Upload`, `Expandable`.
    Runtime(&'static str),
    /// A model type of the API, by its Rust name.
    Model(&'a str),
    /// `()`.
    Unit,
}

impl<'a> RustType<'a> {
    /// A type without generic arguments.
    pub fn plain(name: TypeName<'a>) -> RustType<'a> {
        RustType {
            name,
            args: Vec::new(),
        }
    }

    /// `name<arg>`.
    pub fn of(name: TypeName<'a>, arg: RustType<'a>) -> RustType<'a> {
        RustType {
            name,
            args: vec![arg],
        }
    }

    /// `Option<self>`.
    pub fn optional(self) -> RustType<'a> {
        RustType::of(TypeName::Prelude("Option"), self)
    }

    /// `Box<self>`.
    pub fn boxed(self) -> RustType<'a> {
        RustType::of(TypeName::Prelude("Box"), self)
    }

    /// `BTreeMap<String, value>`.
    pub fn map(value: RustType<'a>) -> RustType<'a> {
        RustType {
            name: TypeName::Collections("BTreeMap"),
            args: vec![RustType::plain(TypeName::Prelude("String")), value],
        }
    }

    /// `serde_json::Value`.
    pub fn json() -> RustType<'a> {
        RustType::plain(TypeName::External("serde_json", "Value"))
    }
}

impl ToTokens for RustType<'_> {
    /// The type as the generated crate's code writes it, by its path from
    /// any module of the crate (`std::collections::BTreeMap`,
    /// `crate::Upload`; models by their bare name).
    fn to_tokens(&self, tokens: &mut TokenStream) {
        tokens.extend(match self.name {
            TypeName::Prelude(name) | TypeName::Model(name) => ident(name).into_token_stream(),
            TypeName::Collections(name) => {
                let name = ident(name);
                quote!(std::collections::#name)
            }
            TypeName::External(krate, name) => {
                let (krate, name) = (ident(krate), ident(name));
                quote!(#krate::#name)
            }
            TypeName::Runtime(name) => {
                let name = ident(name);
                quote!(crate::#name)
            }
            TypeName::Unit => quote!(()),
        });
        if !self.args.is_empty() {
            let args = &self.args;
            tokens.extend(quote!(<#(#args),*>));
        }
    }
}

/// The Rust type of a type expression (named types by their bare name).
pub fn rust_type<'a>(api: &'a Api, ty: &TypeRef) -> RustType<'a> {
    let of = |name, inner: &TypeRef| RustType::of(name, rust_type(api, inner));
    match ty {
        TypeRef::Prim(prim) => prim_type(*prim),
        TypeRef::Named(id) => RustType::plain(TypeName::Model(&api.ty(*id).name)),
        TypeRef::Array(inner) => of(TypeName::Prelude("Vec"), inner),
        TypeRef::Map(inner) => RustType::map(rust_type(api, inner)),
        TypeRef::Nullable(inner) => rust_type(api, inner).optional(),
        TypeRef::Expandable(inner) => of(TypeName::Runtime("Expandable"), inner),
        TypeRef::OrEmpty(inner) => of(TypeName::Runtime("OrEmpty"), inner),
        TypeRef::Object => RustType {
            name: TypeName::External("serde_json", "Map"),
            args: vec![
                RustType::plain(TypeName::Prelude("String")),
                RustType::json(),
            ],
        },
        TypeRef::Any => RustType::json(),
    }
}

/// The Rust type of a type expression with every type alias replaced by
/// what it stands for, as text: two expressions are the same Rust type
/// exactly when these are equal (aliases are transparent to trait impls).
pub fn unaliased_type(api: &Api, ty: &TypeRef) -> String {
    rust_type(api, &unalias(api, ty, 0))
        .to_token_stream()
        .to_string()
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
fn prim_type(prim: Prim) -> RustType<'static> {
    let name = match prim {
        Prim::String | Prim::Base64 | Prim::Binary => TypeName::Prelude("String"),
        Prim::Bool => TypeName::Prelude("bool"),
        Prim::I32 => TypeName::Prelude("i32"),
        Prim::I64 => TypeName::Prelude("i64"),
        Prim::F32 => TypeName::Prelude("f32"),
        Prim::F64 => TypeName::Prelude("f64"),
        Prim::DateTime => {
            let utc = RustType::plain(TypeName::External("chrono", "Utc"));
            return RustType::of(TypeName::External("chrono", "DateTime"), utc);
        }
        Prim::Date => TypeName::External("chrono", "NaiveDate"),
        Prim::Uuid => TypeName::External("uuid", "Uuid"),
        Prim::File => TypeName::Runtime("Upload"),
    };
    RustType::plain(name)
}

/// What `Error::Api` carries: the document's shared error model, else any
/// JSON value.
pub fn error_body_type(api: &Api) -> RustType<'_> {
    match &api.error_body {
        Some(ty @ TypeRef::Named(_)) => rust_type(api, ty),
        _ => RustType::json(),
    }
}

/// The Rust type of a union variant's content (boxed where recursive).
pub fn variant_type<'a>(api: &'a Api, v: &UnionVariant) -> RustType<'a> {
    let ty = rust_type(api, &v.ty);
    if v.boxed {
        ty.boxed()
    } else {
        ty
    }
}

// ---------------------------------------------------------------------------
// Fields of model structs
// ---------------------------------------------------------------------------

/// Whether a field is `Nullable<T>`: absent (`Unset`), `null` (`Null`) and
/// a value are three different requests (leaving a value alone, clearing
/// it, setting it); only structs that requests send have such
/// fields (see [`Field::tri_state`]).
pub fn is_tri_state(f: &Field) -> bool {
    f.tri_state
}

/// Whether a field is declared `Option<T>` (optional, or nullable, and not
/// three-state), so that `null` and absence both leave it `None`.
pub fn is_plain_option(f: &Field) -> bool {
    (!f.required || f.nullable) && !f.tri_state
}

/// The Rust type of a field's value when set (boxed where recursive).
pub fn value_type<'a>(api: &'a Api, f: &Field) -> RustType<'a> {
    let ty = rust_type(api, &f.ty);
    if f.boxed {
        ty.boxed()
    } else {
        ty
    }
}

/// The Rust type of a field as declared.
pub fn field_type<'a>(api: &'a Api, f: &Field) -> RustType<'a> {
    let ty = value_type(api, f);
    if is_tri_state(f) {
        RustType::of(TypeName::Runtime("Nullable"), ty)
    } else if f.required && !f.nullable {
        ty
    } else {
        ty.optional()
    }
}

/// The Rust type of the map of a struct's other properties.
pub fn additional_type<'a>(api: &'a Api, additional: &Additional) -> RustType<'a> {
    RustType::map(rust_type(api, &additional.ty))
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
                null: is_tri_state(f) && !f.read_only,
            };
            (f.name.as_str(), kinds)
        })
        .collect();
    naming::setter_names(&kinds)
}

/// How a setter takes its value: the method's generic parameters, its
/// argument and the expression that makes the stored value from it.
pub struct SetterArg {
    /// Generic parameters of the method (`<K: .., V: ..>`), or nothing.
    pub generics: TokenStream,
    /// The argument, `name: type`.
    pub argument: TokenStream,
    /// The value made from the argument.
    pub value: TokenStream,
}

/// How a setter of a `ty` value takes it, alike for request struct fields
/// and operation parameters: a list as any iterable of values convertible
/// to its items (`.expand(["customer"])`), a map as any iterable of pairs
/// of convertible keys and values, anything else as [`into_arg`].
pub fn setter_arg(api: &Api, ty: &TypeRef, name: &Ident) -> SetterArg {
    match ty {
        TypeRef::Array(item) => {
            let item = rust_type(api, item);
            SetterArg {
                generics: quote!(),
                argument: quote!(items: impl IntoIterator<Item = impl Into<#item>>),
                value: quote!(items.into_iter().map(Into::into).collect()),
            }
        }
        TypeRef::Map(value) => {
            let value = rust_type(api, value);
            SetterArg {
                generics: quote!(<K: Into<String>, V: Into<#value>>),
                argument: quote!(entries: impl IntoIterator<Item = (K, V)>),
                value: quote!(entries
                    .into_iter()
                    .map(|(k, v)| (k.into(), v.into()))
                    .collect()),
            }
        }
        _ => into_arg(api, ty, name),
    }
}

/// A setter argument `name: impl Into<T>` of a `ty` value.
pub fn into_arg(api: &Api, ty: &TypeRef, name: &Ident) -> SetterArg {
    let ty = rust_type(api, ty);
    SetterArg {
        generics: quote!(),
        argument: quote!(#name: impl Into<#ty>),
        value: quote!(#name.into()),
    }
}

// ---------------------------------------------------------------------------
// Operations
// ---------------------------------------------------------------------------

/// The Rust type of a parameter value.
pub fn param_type<'a>(api: &'a Api, param: &Param) -> RustType<'a> {
    rust_type(api, &param.ty)
}

/// The type of the body, as stored and passed.
pub fn body_type<'a>(api: &'a Api, body: &Body) -> RustType<'a> {
    match body.kind {
        BodyKind::Binary => RustType::plain(TypeName::Runtime("Upload")),
        BodyKind::Text => RustType::plain(TypeName::Prelude("String")),
        BodyKind::Multipart if body.is_hand_built(api) => {
            RustType::plain(TypeName::Runtime("Multipart"))
        }
        BodyKind::Json | BodyKind::Form | BodyKind::Multipart => rust_type(api, &body.ty),
    }
}

/// What a successful call returns.
pub fn output_type<'a>(api: &'a Api, op: &Operation) -> RustType<'a> {
    match op.success().map(|r| (r.kind, r.ty.as_ref())) {
        Some((Some(BodyKind::Binary), _)) => RustType::plain(TypeName::Runtime("Download")),
        Some((Some(BodyKind::Text), _)) => RustType::plain(TypeName::Prelude("String")),
        Some((_, Some(ty))) if op.success_may_be_empty() => rust_type(api, ty).optional(),
        Some((_, Some(ty))) => rust_type(api, ty),
        _ => RustType::plain(TypeName::Unit),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_print_as_paths_from_any_module_of_the_crate() {
        let foo = RustType::plain(TypeName::Model("Foo"));
        let expandable = RustType::of(TypeName::Runtime("Expandable"), foo);
        let ty = RustType::map(expandable).optional().optional();
        assert_eq!(
            ty.to_token_stream().to_string(),
            "Option < Option < std :: collections :: BTreeMap < String , crate :: Expandable < Foo > > > >"
        );
        assert_eq!(
            RustType::plain(TypeName::Unit)
                .to_token_stream()
                .to_string(),
            "()"
        );
        let raw = RustType::plain(TypeName::Model("r#type"));
        assert_eq!(raw.to_token_stream().to_string(), "r#type");
    }
}
