//! Rust type expressions and identifiers for IR types.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{Api, Prim, TypeRef};

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

/// Which optional crates and runtime files a type expression needs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Needs {
    /// `chrono` for dates and times.
    pub chrono: bool,
    /// `uuid` with its serde support.
    pub uuid_serde: bool,
    /// The runtime's `Expandable` (`expandable.rs`).
    pub expandable: bool,
    /// The runtime's `OrEmpty` (`or_empty.rs`).
    pub or_empty: bool,
}

impl Needs {
    /// Records what `ty` needs.
    pub fn add(&mut self, ty: &TypeRef) {
        match ty {
            TypeRef::Prim(Prim::DateTime | Prim::Date) => self.chrono = true,
            TypeRef::Prim(Prim::Uuid) => self.uuid_serde = true,
            TypeRef::Expandable(inner) => {
                self.expandable = true;
                self.add(inner);
            }
            TypeRef::OrEmpty(inner) => {
                self.or_empty = true;
                self.add(inner);
            }
            TypeRef::Array(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
                self.add(inner)
            }
            _ => {}
        }
    }
}
