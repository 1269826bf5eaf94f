//! Model files: one Rust type per named IR type, with serde support,
//! constructors and setters for request types, and redacted `Debug` output
//! for secrets.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use crate::ir::{
    Additional, Api, Enum, Field, Prim, Struct, TypeDef, TypeId, TypeKind, TypeRef, Union,
};
use crate::naming;
use crate::shape::{
    additional_type, constant_expr, constructor_args, field_type, ident, into_arg, is_tri_state,
    rust_type, setter_arg, setter_names, variant_type, SetterArg,
};

/// The items of the model file of type `id`.
pub fn model(api: &Api, id: TypeId) -> TokenStream {
    let def = api.ty(id);
    let imports = imports(api, id);
    let items = match &def.kind {
        TypeKind::Struct(s) => struct_items(api, def, s),
        TypeKind::Enum(e) if e.integer => int_enum_items(def, e),
        TypeKind::Enum(e) => str_enum_items(def, e),
        TypeKind::Union(u) if u.discriminator.is_some() => tagged_union_items(api, def, u),
        TypeKind::Union(u) => untagged_union_items(api, def, u),
        TypeKind::Alias(ty) => alias_items(api, def, ty),
    };
    quote!(#imports #items)
}

/// One-line description of a model module.
pub fn module_doc(def: &TypeDef) -> String {
    let what = match &def.kind {
        TypeKind::Struct(_) => "object",
        TypeKind::Enum(_) => "enumeration",
        TypeKind::Union(_) => "union",
        TypeKind::Alias(_) => "type alias",
    };
    format!("The `{}` {what}.", def.name)
}

/// `use super::{...}` for the sibling models a type mentions.
fn imports(api: &Api, id: TypeId) -> TokenStream {
    let mut ids = api.ty(id).children();
    ids.retain(|other| *other != id);
    let mut names: Vec<&str> = ids
        .iter()
        .map(|other| api.ty(*other).name.as_str())
        .collect();
    names.sort_unstable();
    names.dedup();
    if names.is_empty() {
        return TokenStream::new();
    }
    let names = names.iter().map(|n| ident(n));
    quote!(use super::{#(#names),*};)
}

fn type_docs(def: &TypeDef) -> TokenStream {
    let fallback = format!("The `{}` schema of the API document.", def.name);
    docs::attrs(&docs::text(&def.docs, &fallback))
}

fn struct_items(api: &Api, def: &TypeDef, s: &Struct) -> TokenStream {
    let name = ident(&def.name);
    let doc = type_docs(def);
    let secret = s.fields.iter().any(|f| f.secret);
    let debug = if secret { quote!() } else { quote!(Debug,) };
    let default = if is_defaultable(s) {
        quote!(Default,)
    } else {
        quote!()
    };
    let fields = s.fields.iter().map(|f| field_decl(api, f));
    let extra = s.additional.as_ref().map(|a| additional_decl(api, a));
    let debug_impl = if secret { debug_impl(def, s) } else { quote!() };
    let has_id = struct_has_id(def, s);
    let builder = if def.input {
        builder_impl(api, def, s)
    } else {
        quote!()
    };
    let serialize = super::encode::struct_serialize(def, s);
    let deserialize = decodes(def).then(|| super::decode::struct_deserialize(api, def, s));
    quote! {
        #doc
        #[derive(Clone, #debug #default PartialEq)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields,)*
            #extra
        }
        #serialize
        #deserialize
        #has_id
        #debug_impl
        #builder
    }
}

/// Whether the SDK decodes values of a type: every type except those only
/// ever sent (request bodies and their parts), which skip `Deserialize`;
/// serde's derive is the largest part of a big SDK's compile time.
fn decodes(def: &TypeDef) -> bool {
    def.output || !def.input
}

/// `HasId` for an expandable object with a required string `id`.
fn struct_has_id(def: &TypeDef, s: &Struct) -> Option<TokenStream> {
    if !def.expandable {
        return None;
    }
    let id = s.fields.iter().find(|f| {
        f.wire == "id" && f.required && !f.nullable && f.ty == TypeRef::Prim(Prim::String)
    })?;
    let name = ident(&def.name);
    let field = ident(&id.name);
    Some(quote! {
        impl crate::HasId for #name {
            fn id(&self) -> &str {
                &self.#field
            }
        }
    })
}

/// `HasId` for an expandable union: each variant's id, or the `id` of a
/// value no variant accepted.
fn union_has_id(api: &Api, def: &TypeDef, u: &Union) -> Option<TokenStream> {
    if !def.expandable {
        return None;
    }
    let has_id = |ty: &TypeRef| match ty {
        TypeRef::Named(id) => match &api.ty(*id).kind {
            TypeKind::Struct(s) => struct_has_id(api.ty(*id), s).is_some(),
            _ => false,
        },
        _ => false,
    };
    if !u.variants.iter().all(|v| has_id(&v.ty)) {
        return None;
    }
    let name = ident(&def.name);
    let boxed_arms: Vec<TokenStream> = u
        .variants
        .iter()
        .map(|v| {
            let variant = ident(&v.name);
            let object = if v.boxed {
                quote!(object.as_ref())
            } else {
                quote!(object)
            };
            quote!(Self::#variant(object) => crate::HasId::id(#object),)
        })
        .collect();
    let fallback = ident(&u.fallback);
    Some(quote! {
        impl crate::HasId for #name {
            fn id(&self) -> &str {
                match self {
                    #(#boxed_arms)*
                    Self::#fallback(value) => value.get("id").and_then(serde_json::Value::as_str).unwrap_or_default(),
                }
            }
        }
    })
}

/// Whether every field may start unset, so `Default` can be derived.
fn is_defaultable(s: &Struct) -> bool {
    s.fields.iter().all(|f| !f.required)
}

fn field_decl(api: &Api, f: &Field) -> TokenStream {
    let name = ident(&f.name);
    let ty = field_type(api, f);
    let fallback = if f.wire.is_empty() {
        "The property whose name is the empty string.".to_owned()
    } else {
        format!("The {} property.", docs::code_value(&f.wire))
    };
    let mut text = docs::text(&f.docs, &fallback);
    if let Some(facts) = docs::facts(&f.constraints, f.default.as_ref()) {
        text.push_str("\n\n");
        text.push_str(&facts);
    }
    if f.read_only {
        text.push_str("\n\nRead-only: set by the server; requests leave it out.");
    }
    if f.write_only {
        text.push_str("\n\nWrite-only: sent in requests, never returned.");
    }
    if is_tri_state(f) {
        text.push_str(
            "\n\n`Nullable::Unset` leaves it out (the server keeps its value), `Nullable::Null` sends `null` (clears it).",
        );
    } else if f.nullable && f.required {
        text.push_str("\n\nAlways present; `None` stands for `null`.");
    }
    let doc = docs::attrs(&text);
    quote!(#doc pub #name: #ty)
}

fn additional_decl(api: &Api, additional: &Additional) -> TokenStream {
    let name = ident(&additional.name);
    let ty = additional_type(api, additional);
    quote! {
        /// Properties not named above, by name.
        pub #name: #ty,
    }
}

/// `Debug` that prints `[redacted]` for secret fields.
fn debug_impl(def: &TypeDef, s: &Struct) -> TokenStream {
    let name = ident(&def.name);
    let label = &def.name;
    let entries = s.fields.iter().map(|f| {
        let field = ident(&f.name);
        let wire = naming::unraw(&f.name);
        match (f.secret, f.required && !f.nullable) {
            (false, _) => quote!(.field(#wire, &self.#field)),
            (true, true) => quote!(.field(#wire, &crate::encoding::Redacted)),
            (true, false) => {
                quote!(.field(#wire, &self.#field.as_ref().map(|_| crate::encoding::Redacted)))
            }
        }
    });
    let extra = s.additional.as_ref().map(|a| {
        let field = ident(&a.name);
        let wire = naming::unraw(&a.name);
        quote!(.field(#wire, &self.#field))
    });
    quote! {
        impl std::fmt::Debug for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(#label) #(#entries)* #extra .finish()
            }
        }
    }
}

/// `new` from the required fields plus one setter per optional field.
fn builder_impl(api: &Api, def: &TypeDef, s: &Struct) -> TokenStream {
    let name = ident(&def.name);
    let args = constructor_args(s).map(|f| {
        let arg = ident(&f.name);
        let ty = field_type(api, f);
        quote!(#arg: impl Into<#ty>)
    });
    let required = s
        .required
        .as_ref()
        .map(|req| required_struct(api, def, s, req));
    let inits = s.fields.iter().map(|f| {
        let field = ident(&f.name);
        match (constant_expr(f), f.required) {
            (Some(value), _) => quote!(#field: #value),
            (None, true) if required.is_some() => quote!(#field),
            (None, true) => quote!(#field: #field.into()),
            (None, false) if is_tri_state(f) => quote!(#field: crate::Nullable::Unset),
            (None, false) => quote!(#field: None),
        }
    });
    let extra = s.additional.as_ref().map(|a| {
        let field = ident(&a.name);
        quote!(#field: std::collections::BTreeMap::new(),)
    });
    let names = setter_names(s);
    let setters = s
        .fields
        .iter()
        .zip(names)
        .map(|(f, (value, null))| setters(api, f, value, null));
    let manual_default = (!is_defaultable(s) && constructor_args(s).next().is_none()).then(|| {
        quote! {
            impl Default for #name {
                fn default() -> Self {
                    Self::new()
                }
            }
        }
    });
    let new_doc = format!(
        " A `{}` with the required fields set and every optional field unset.",
        def.name
    );
    let new = match (&s.required, &required) {
        (Some(req), Some((_, names))) => {
            let req = ident(req);
            quote! {
                #[doc = #new_doc]
                pub fn new(required: #req) -> Self {
                    let #req { #(#names),* } = required;
                    Self { #(#inits,)* #extra }
                }
            }
        }
        _ => quote! {
            #[doc = #new_doc]
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits,)* #extra }
            }
        },
    };
    let required = required.map(|(items, _)| items);
    quote! {
        #required
        impl #name {
            #new
            #(#setters)*
        }
        #manual_default
    }
}

/// The struct of `s`'s required fields that `new` takes (named `req`), so
/// that each is named where the value is built, with the fields' names.
fn required_struct(
    api: &Api,
    def: &TypeDef,
    s: &Struct,
    req: &str,
) -> (TokenStream, Vec<proc_macro2::Ident>) {
    let name = ident(req);
    let fields: Vec<Field> = constructor_args(s).cloned().collect();
    let names: Vec<proc_macro2::Ident> = fields.iter().map(|f| ident(&f.name)).collect();
    let decls = fields.iter().map(|f| field_decl(api, f));
    let doc = format!(
        " The required fields of [`{0}`], which [`{0}::new`] takes: each is named where the value is built.",
        def.name
    );
    let secret = fields.iter().any(|f| f.secret);
    let debug_impl = secret.then(|| {
        let mut own = def.clone();
        own.name = req.to_owned();
        let own_struct = Struct {
            fields: fields.clone(),
            additional: None,
            required: None,
        };
        debug_impl(&own, &own_struct)
    });
    let debug = if secret { quote!() } else { quote!(Debug,) };
    let items = quote! {
        #[doc = #doc]
        #[derive(Clone, #debug PartialEq)]
        pub struct #name {
            #(#decls,)*
        }
        #debug_impl
    };
    (items, names)
}

/// The setter of an optional field and the method that sets it to `null`,
/// where the field has them (`value` and `null` are their names).
fn setters(api: &Api, f: &Field, value: Option<String>, null: Option<String>) -> TokenStream {
    let field = ident(&f.name);
    let shown = naming::unraw(&f.name);
    let set = value.map(|method| setter(api, f, &ident(&method)));
    let clear = null.map(|method| {
        let method = ident(&method);
        let doc = format!(" Sets [`{shown}`](Self::{shown}) to `null`.");
        quote! {
            #[doc = #doc]
            pub fn #method(mut self) -> Self {
                self.#field = crate::Nullable::Null;
                self
            }
        }
    });
    quote!(#set #clear)
}

/// A setter for an optional field, generic where that helps callers.
fn setter(api: &Api, f: &Field, method: &proc_macro2::Ident) -> TokenStream {
    let field = ident(&f.name);
    let text = format!(" Sets [`{0}`](Self::{0}).", naming::unraw(&f.name));
    let mut doc = quote!(#[doc = #text]);
    if naming::is_operator_method(&method.to_string()) {
        // The setter is named after its field, not after `std::ops`.
        doc.extend(quote!(#[allow(clippy::should_implement_trait)]));
    }
    let store = |value: TokenStream| {
        let value = if f.boxed {
            quote!(Box::new(#value))
        } else {
            value
        };
        if is_tri_state(f) {
            quote!(crate::Nullable::Value(#value))
        } else {
            quote!(Some(#value))
        }
    };
    let value_name = ident("value");
    let SetterArg {
        generics,
        argument,
        value,
    } = if f.boxed {
        into_arg(api, &f.ty, &value_name)
    } else {
        setter_arg(api, &f.ty, &value_name)
    };
    let value = store(value);
    quote! {
        #doc
        pub fn #method #generics(mut self, #argument) -> Self {
            self.#field = #value;
            self
        }
    }
}

fn str_enum_items(def: &TypeDef, e: &Enum) -> TokenStream {
    let name = ident(&def.name);
    let doc = type_docs(def);
    let variants: Vec<_> = e.variants.iter().map(|v| ident(&v.name)).collect();
    let values: Vec<String> = e
        .variants
        .iter()
        .map(|v| v.value.as_str().unwrap_or_default().to_owned())
        .collect();
    let variant_docs = e
        .variants
        .iter()
        .zip(&values)
        .map(|(v, value)| variant_doc(docs::code_value(value), v));
    let fallback = ident(&e.fallback);
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variant_docs #variants,)*
            /// A value this version of the SDK does not know, kept as received.
            #fallback(String),
        }
        impl #name {
            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#variants => #values,)*
                    Self::#fallback(value) => value,
                }
            }
            fn from_wire(value: &str) -> Self {
                match value {
                    #(#values => Self::#variants,)*
                    other => Self::#fallback(other.to_owned()),
                }
            }
        }
        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                Self::from_wire(value)
            }
        }
        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::encoding::deserialize_str_enum(deserializer, Self::from_wire)
            }
        }
    }
}

/// The doc lines of an enum variant: its wire value, then what it means.
fn variant_doc(value: String, variant: &crate::ir::EnumVariant) -> TokenStream {
    match &variant.docs {
        Some(text) => docs::attrs(&format!("{value}: {}", docs::clean(text))),
        None => docs::attrs(&value),
    }
}

fn int_enum_items(def: &TypeDef, e: &Enum) -> TokenStream {
    let name = ident(&def.name);
    let doc = type_docs(def);
    let variants: Vec<_> = e.variants.iter().map(|v| ident(&v.name)).collect();
    let values: Vec<i64> = e
        .variants
        .iter()
        .map(|v| v.value.as_i64().unwrap_or_default())
        .collect();
    let variant_docs = e
        .variants
        .iter()
        .zip(&values)
        .map(|(v, value)| variant_doc(format!("`{value}`"), v));
    let fallback = ident(&e.fallback);
    quote! {
        #doc
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variant_docs #variants,)*
            /// A value this version of the SDK does not know, kept as received.
            #fallback(i64),
        }
        impl #name {
            /// The value as it appears on the wire.
            pub fn as_i64(self) -> i64 {
                match self {
                    #(Self::#variants => #values,)*
                    Self::#fallback(value) => value,
                }
            }
            fn from_wire(value: i64) -> Self {
                match value {
                    #(#values => Self::#variants,)*
                    other => Self::#fallback(other),
                }
            }
        }
        impl From<i64> for #name {
            fn from(value: i64) -> Self {
                Self::from_wire(value)
            }
        }
        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}", self.as_i64())
            }
        }
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.as_i64())
            }
        }
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::encoding::deserialize_int_enum(deserializer, Self::from_wire)
            }
        }
    }
}

/// The variant declarations of a union plus its fallback.
fn union_variants(api: &Api, u: &Union, fallback_doc: &str) -> TokenStream {
    let variants = u.variants.iter().map(|v| {
        let name = ident(&v.name);
        let ty = variant_type(api, v);
        let doc = match v.tags.as_slice() {
            [] => format!(" A `{}` value.", naming::unraw(&v.name)),
            tags => format!(
                " Selected by {} = {}.",
                docs::code_value(u.discriminator.as_deref().unwrap_or_default()),
                tags.iter()
                    .map(|t| docs::code_value(t))
                    .collect::<Vec<_>>()
                    .join(" or ")
            ),
        };
        quote!(#[doc = #doc] #name(#ty))
    });
    let fallback = ident(&u.fallback);
    quote! {
        #(#variants,)*
        #[doc = #fallback_doc]
        #fallback(serde_json::Value),
    }
}

/// `From` impls, one per Rust type of the variants' contents (aliases seen
/// through: `String` and an alias of it are one type to the compiler), never
/// from the union itself. Where variants share a Rust type, an untagged
/// union converts into the first of them (the one decoding picks too); a
/// tagged union into none, since each stands for another tag.
fn union_froms(api: &Api, def: &TypeDef, u: &Union) -> TokenStream {
    let name = ident(&def.name);
    let types: Vec<String> = u
        .variants
        .iter()
        .map(|v| crate::shape::unaliased_type(api, &v.ty))
        .collect();
    let own = name.to_string();
    let converts = |i: usize| {
        let ty = &types[i];
        let first = types.iter().position(|other| other == ty) == Some(i);
        let shared = types.iter().filter(|other| *other == ty).count() > 1;
        *ty != own && first && !(shared && u.discriminator.is_some())
    };
    let impls = u
        .variants
        .iter()
        .zip(&types)
        .enumerate()
        .filter(|(i, _)| converts(*i))
        .map(|(_, pair)| pair)
        .map(|(v, unaliased)| {
            let variant = ident(&v.name);
            let ty = rust_type(api, &v.ty);
            let value = if v.boxed {
                quote!(Box::new(value))
            } else {
                quote!(value)
            };
            let str_from = (unaliased == "String").then(|| {
                quote! {
                    impl From<&str> for #name {
                        fn from(value: &str) -> Self {
                            Self::#variant(value.to_owned())
                        }
                    }
                }
            });
            quote! {
                impl From<#ty> for #name {
                    fn from(value: #ty) -> Self {
                        Self::#variant(#value)
                    }
                }
                #str_from
            }
        });
    quote!(#(#impls)*)
}

fn tagged_union_items(api: &Api, def: &TypeDef, u: &Union) -> TokenStream {
    let name = ident(&def.name);
    let doc = type_docs(def);
    let tag = u.discriminator.clone().unwrap_or_default();
    let fallback_doc = format!(
        " An object whose {} this version of the SDK does not know, kept as received.",
        docs::code_value(&tag)
    );
    let variants = union_variants(api, u, &fallback_doc);
    let arms = u.variants.iter().filter(|v| !v.tags.is_empty()).map(|v| {
        let variant = ident(&v.name);
        let tags = &v.tags;
        let wrap = if v.boxed { quote!(|v| Self::#variant(Box::new(v))) } else { quote!(Self::#variant) };
        quote!(#(Some(#tags))|* => crate::encoding::from_raw(&raw).map(#wrap).map_err(serde::de::Error::custom),)
    });
    let fallback = ident(&u.fallback);
    let froms = union_froms(api, def, u);
    let has_id = union_has_id(api, def, u);
    let tag_method = tag_method(&name, u, &tag);
    let deserialize = decodes(def).then(|| quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let raw = <crate::encoding::Raw as serde::Deserialize>::deserialize(deserializer)?;
                match crate::encoding::tag_of(&raw, #tag).as_deref() {
                    #(#arms)*
                    _ => crate::encoding::from_raw(&raw).map(Self::#fallback).map_err(serde::de::Error::custom),
                }
            }
        }
    });
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, serde::Serialize)]
        #[serde(untagged)]
        #[non_exhaustive]
        pub enum #name {
            #variants
        }
        #deserialize
        #tag_method
        #froms
        #has_id
    }
}

/// `tag()`: the discriminator value a tagged union's value is sent with.
fn tag_method(name: &proc_macro2::Ident, u: &Union, tag: &str) -> TokenStream {
    let arms = u.variants.iter().map(|v| {
        let variant = ident(&v.name);
        match v.tags.as_slice() {
            [one] => quote!(Self::#variant(_) => Some(#one),),
            _ => quote!(Self::#variant(_) => None,),
        }
    });
    let fallback = ident(&u.fallback);
    let shown = docs::code_value(tag);
    let doc = format!(
        " The value of {shown} that selects this variant (`None` for a variant \
         several values select); for an unknown object, its {shown} as received."
    );
    quote! {
        impl #name {
            #[doc = #doc]
            pub fn tag(&self) -> Option<&str> {
                match self {
                    #(#arms)*
                    Self::#fallback(value) => value.get(#tag).and_then(serde_json::Value::as_str),
                }
            }
        }
    }
}

fn untagged_union_items(api: &Api, def: &TypeDef, u: &Union) -> TokenStream {
    let name = ident(&def.name);
    let doc = type_docs(def);
    let variants = union_variants(
        api,
        u,
        " A value of none of the documented shapes, kept as received.",
    );
    let attempts = u.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let ty = rust_type(api, &v.ty);
        let wrap = if v.boxed {
            quote!(Box::new(value))
        } else {
            quote!(value)
        };
        quote! {
            if let Ok(value) = crate::encoding::from_raw::<#ty>(&raw) {
                return Ok(Self::#variant(#wrap));
            }
        }
    });
    let fallback = ident(&u.fallback);
    let froms = union_froms(api, def, u);
    let has_id = union_has_id(api, def, u);
    let scalar = super::decode::scalar_union_deserialize(def, u);
    let deserialize = decodes(def).then(|| scalar.unwrap_or_else(|| quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            /// Tries the variants in order on the value's JSON text; a value
            /// none accepts is kept as received.
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let raw = <crate::encoding::Raw as serde::Deserialize>::deserialize(deserializer)?;
                #(#attempts)*
                crate::encoding::from_raw(&raw).map(Self::#fallback).map_err(serde::de::Error::custom)
            }
        }
    }));
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, serde::Serialize)]
        #[serde(untagged)]
        #[non_exhaustive]
        pub enum #name {
            #variants
        }
        #deserialize
        #froms
        #has_id
    }
}

fn alias_items(api: &Api, def: &TypeDef, ty: &TypeRef) -> TokenStream {
    let name = ident(&def.name);
    let doc = type_docs(def);
    let target = rust_type(api, ty);
    quote! {
        #doc
        pub type #name = #target;
    }
}
