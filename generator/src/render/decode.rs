//! `Deserialize` for model structs, written out instead of derived: it reads
//! JSON objects only. serde's derive also writes a sequence visitor and a
//! field-identifier visitor for every struct, which an API's objects never
//! use; in a crate with hundreds of models they were a sixth of the code
//! the compiler generated. Each property is read by a call to a small
//! generic step in the runtime's `fields.rs`, compiled once per value type.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Api, Field, Prim, Struct, TypeDef, TypeRef, Union};
use crate::shape::{ident, is_plain_option, is_tri_state, rust_type, value_type};

/// `impl Deserialize` for struct `def`: a map visitor with one local per
/// field, unknown properties skipped (or kept in the additional-properties
/// map), required ones reported missing by their wire name.
pub(super) fn struct_deserialize(api: &Api, def: &TypeDef, s: &Struct) -> TokenStream {
    let name = ident(&def.name);
    let expecting = format!("a `{}` object", def.name);
    let vars: Vec<proc_macro2::Ident> =
        crate::naming::decoder_locals(s.fields.iter().map(|f| f.name.as_str()))
            .iter()
            .map(|name| ident(name))
            .collect();
    let locals = s
        .fields
        .iter()
        .zip(&vars)
        .map(|(f, var)| local(api, var, f));
    let arms = s.fields.iter().zip(&vars).map(|(f, var)| arm(var, f));
    let check = required_check(s, &vars);
    let inits = s.fields.iter().zip(&vars).map(|(f, var)| init(var, f));
    let (extra_local, unknown, extra_init) = match &s.additional {
        Some(additional) => {
            let field = ident(&additional.name);
            let ty = rust_type(api, &additional.ty);
            (
                quote!(let mut extra: std::collections::BTreeMap<String, #ty> = std::collections::BTreeMap::new();),
                quote!(crate::fields::read_extra(&mut map, key, &mut extra)),
                quote!(#field: extra,),
            )
        }
        None => (quote!(), quote!(crate::fields::skip(&mut map)), quote!()),
    };
    quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Fields;
                impl<'de> serde::de::Visitor<'de> for Fields {
                    type Value = #name;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(#expecting)
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<#name, A::Error> {
                        #(#locals)*
                        #extra_local
                        while let Some(key) = map.next_key::<crate::fields::Key<'de>>()? {
                            match key.as_str() {
                                #(#arms)*
                                _ => #unknown,
                            }?;
                        }
                        #check
                        Ok(#name {
                            #(#inits)*
                            #extra_init
                        })
                    }
                }
                deserializer.deserialize_map(Fields)
            }
        }
    }
}

/// The local `var` that collects field `f`: `Option<T>` for a field of
/// type `T` or `Option<T>`, the field's `Nullable<T>` (`Unset` until its
/// property comes) where absent and `null` differ.
fn local(api: &Api, var: &proc_macro2::Ident, f: &Field) -> TokenStream {
    let value = value_type(api, f);
    if is_tri_state(f) {
        quote!(let mut #var: crate::Nullable<#value> = crate::Nullable::Unset;)
    } else {
        quote!(let mut #var: Option<#value> = None;)
    }
}

/// The match arm that reads field `f` into `var` when its property comes.
/// A field typed `Option<T>` takes `null` as `None`, a `Nullable<T>` as
/// `Null`; the others wrap what they read.
fn arm(var: &proc_macro2::Ident, f: &Field) -> TokenStream {
    let wire = &f.wire;
    if is_tri_state(f) || is_plain_option(f) {
        quote!(#wire => crate::fields::read_or_null(&mut map, &mut #var),)
    } else {
        quote!(#wire => crate::fields::read(&mut map, &mut #var),)
    }
}

/// The initializer of field `f`, from its local `var` (unwrapped already
/// for a required field, see [`required_check`]): the shorthand where they
/// share the name.
fn init(var: &proc_macro2::Ident, f: &Field) -> TokenStream {
    let field = ident(&f.name);
    if field == *var {
        quote!(#field,)
    } else {
        quote!(#field: #var,)
    }
}

/// Unwraps the locals of the required properties, or returns serde's
/// "missing field" error for the first one that did not come. All are
/// checked at one point: a check per field as the struct is built would
/// give each its own way out, dropping a different set of locals, and the
/// compiler's work on a struct of a hundred fields would grow with the
/// square of its size.
fn required_check(s: &Struct, vars: &[proc_macro2::Ident]) -> TokenStream {
    let required: Vec<(proc_macro2::Ident, &str)> = s
        .fields
        .iter()
        .zip(vars)
        .filter(|(f, _)| f.required && !f.nullable)
        .map(|(f, var)| (var.clone(), f.wire.as_str()))
        .collect();
    let vars: Vec<&proc_macro2::Ident> = required.iter().map(|(v, _)| v).collect();
    let wires = required.iter().map(|(_, w)| w);
    match vars.as_slice() {
        [] => quote!(),
        [var] => {
            let wire = required[0].1;
            quote!(let Some(#var) = #var else { return Err(serde::de::Error::missing_field(#wire)); };)
        }
        _ => quote! {
            let (#(#vars,)*) = match (#(#vars,)*) {
                (#(Some(#vars),)*) => (#(#vars,)*),
                (#(#vars,)*) => return Err(crate::fields::missing(&[#((#wires, #vars.is_some()),)*])),
            };
        },
    }
}

/// `impl Deserialize` for an untagged union whose variants are all plain
/// scalars (string, boolean, integer, number), or `None` for other
/// unions. It reads the value once and takes the first variant, in order,
/// that accepts its kind, as trying each variant on the value would: an
/// integer goes to the first integer variant it fits or the first number
/// variant, a value no variant takes is kept as received.
pub(super) fn scalar_union_deserialize(def: &TypeDef, u: &Union) -> Option<TokenStream> {
    let prims: Vec<(Prim, proc_macro2::Ident)> = u
        .variants
        .iter()
        .map(|v| match v.ty {
            TypeRef::Prim(
                p @ (Prim::String | Prim::Bool | Prim::I32 | Prim::I64 | Prim::F32 | Prim::F64),
            ) => Some((p, ident(&v.name))),
            _ => None,
        })
        .collect::<Option<_>>()?;
    let first = |wanted: &[Prim]| prims.iter().find(|(p, _)| wanted.contains(p));
    let string = first(&[Prim::String])
        .map(|(_, v)| quote!(crate::fields::Scalar::String(value) => Self::#v(value),));
    let boolean = first(&[Prim::Bool])
        .map(|(_, v)| quote!(crate::fields::Scalar::Bool(value) => Self::#v(value),));
    let float = first(&[Prim::F32, Prim::F64]).map(|(p, v)| {
        let value = if *p == Prim::F32 {
            quote!(value as f32)
        } else {
            quote!(value)
        };
        quote!(crate::fields::Scalar::Float(value) => Self::#v(#value),)
    });
    let fallback = ident(&u.fallback);
    let integer = integer_arm(&prims, &fallback);
    let name = ident(&def.name);
    Some(quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            /// Takes the first variant, in order, that accepts the kind of
            /// value read; a value none accepts is kept as received.
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                Ok(match <crate::fields::Scalar as serde::Deserialize>::deserialize(deserializer)? {
                    #string
                    #boolean
                    #integer
                    #float
                    other => Self::#fallback(other.into_value()),
                })
            }
        }
    })
}

/// The arm for an integer: the integer variants it may fit, in order, up
/// to the first number variant (which takes any integer); past them, the
/// fallback. `None` when no variant takes integers.
fn integer_arm(
    prims: &[(Prim, proc_macro2::Ident)],
    fallback: &proc_macro2::Ident,
) -> Option<TokenStream> {
    let mut tries = Vec::new();
    let mut last = None;
    for (prim, variant) in prims {
        match prim {
            Prim::I32 | Prim::I64 => {
                let ty = if *prim == Prim::I32 {
                    quote!(i32)
                } else {
                    quote!(i64)
                };
                tries.push(
                    quote!(if let Ok(value) = #ty::try_from(value) { Self::#variant(value) } else),
                );
            }
            Prim::F32 | Prim::F64 => {
                let ty = if *prim == Prim::F32 {
                    quote!(f32)
                } else {
                    quote!(f64)
                };
                last = Some(quote!({ Self::#variant(value as #ty) }));
                break;
            }
            _ => {}
        }
    }
    if tries.is_empty() && last.is_none() {
        return None;
    }
    let last = last.unwrap_or_else(
        || quote!({ Self::#fallback(crate::fields::Scalar::Integer(value).into_value()) }),
    );
    Some(quote!(crate::fields::Scalar::Integer(value) => #(#tries)* #last,))
}
