//! `impl ErrorDetails for` the crate's error body: which of its fields say
//! the error's code, message, decline code, parameter, type and log link
//! (by their names, in the body or in its `error` object), read as
//! `Option<&str>` for `ApiError`'s accessors and `Display`.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Api, Field, Prim, Struct, TypeKind, TypeRef};
use crate::shape::{ident, rust_type};

/// Each detail: the trait method and the property names that carry it, in
/// order of preference (the first present wins at run time).
const DETAILS: &[(&str, &[&str])] = &[
    ("code", &["code", "error_code"]),
    (
        "message",
        &["message", "detail", "title", "error_description"],
    ),
    ("decline_code", &["decline_code"]),
    ("param", &["param"]),
    ("error_type", &["type"]),
    ("request_log_url", &["request_log_url"]),
];

/// The impl for a named error body struct; `None` for a body kept as JSON
/// (the runtime implements the trait for `serde_json::Value`).
pub(super) fn error_details_impl(api: &Api) -> Option<TokenStream> {
    let ty @ TypeRef::Named(id) = api.error_body.as_ref()? else {
        return None;
    };
    let TypeKind::Struct(body) = &api.ty(*id).kind else {
        return None;
    };
    let name = rust_type(api, ty);
    let methods = DETAILS.iter().filter_map(|(method, names)| {
        let found: Vec<TokenStream> = names
            .iter()
            .filter_map(|wire| detail(api, body, wire))
            .collect();
        let (first, rest) = found.split_first()?;
        let method = ident(method);
        Some(quote! {
            fn #method(&self) -> Option<&str> {
                #first #(.or(#rest))*
            }
        })
    });
    Some(quote! {
        impl crate::ErrorDetails for models::#name {
            #(#methods)*
        }
    })
}

/// Reads the text property `wire` of the body, else of its `error` object.
fn detail(api: &Api, body: &Struct, wire: &str) -> Option<TokenStream> {
    if let Some(field) = text_field(api, body, wire) {
        return Some(leaf(api, field, Access::Place(quote!(self))));
    }
    let outer = body.fields.iter().find(|f| f.wire == "error")?;
    let TypeRef::Named(id) = &outer.ty else {
        return None;
    };
    let TypeKind::Struct(inner) = &api.ty(*id).kind else {
        return None;
    };
    let field = text_field(api, inner, wire)?;
    Some(leaf(api, field, Access::Place(quote!(self)).then(outer)))
}

/// The field `wire` of `s` when it holds text: a string or a string enum.
fn text_field<'a>(api: &Api, s: &'a Struct, wire: &str) -> Option<&'a Field> {
    let field = s.fields.iter().find(|f| f.wire == wire)?;
    let text = match &field.ty {
        TypeRef::Prim(Prim::String) => true,
        TypeRef::Named(id) => matches!(&api.ty(*id).kind, TypeKind::Enum(e) if !e.integer),
        _ => false,
    };
    text.then_some(field)
}

/// A path into the body so far: a place of type `T`, or an `Option<&T>`.
enum Access {
    Place(TokenStream),
    Optional(TokenStream),
}

impl Access {
    /// The path extended by `field`.
    fn then(self, field: &Field) -> Access {
        let name = ident(&field.name);
        let plain = field.required && !field.nullable;
        // `Option` and `Nullable` both read as `Option<&T>`.
        let step = quote!(#name.as_ref());
        match (self, plain) {
            (Access::Place(at), true) => Access::Place(quote!(#at.#name)),
            (Access::Place(at), false) => Access::Optional(quote!(#at.#step)),
            (Access::Optional(at), true) => Access::Optional(quote!(#at.map(|v| &v.#name))),
            (Access::Optional(at), false) => Access::Optional(quote!(#at.and_then(|v| v.#step))),
        }
    }
}

/// The `Option<&str>` of the text field `field` read at the end of `at`
/// (strings through `as_deref`, enums through their `as_str`).
fn leaf(api: &Api, field: &Field, at: Access) -> TokenStream {
    if let TypeRef::Named(_) = &field.ty {
        let ty = rust_type(api, &field.ty);
        return match at.then(field) {
            Access::Place(place) => quote!(Some(#place.as_str())),
            Access::Optional(value) => quote!(#value.map(models::#ty::as_str)),
        };
    }
    let name = ident(&field.name);
    let read = if field.required && !field.nullable {
        quote!(#name.as_str())
    } else {
        quote!(#name.as_deref())
    };
    match (at, field.required && !field.nullable) {
        (Access::Place(place), true) => quote!(Some(#place.#read)),
        (Access::Place(place), false) => quote!(#place.#read),
        (Access::Optional(value), true) => quote!(#value.map(|v| v.#read)),
        (Access::Optional(value), false) => quote!(#value.and_then(|v| v.#read)),
    }
}
