//! `Serialize` for model structs, written out instead of derived: one call
//! per property into `crate::fields::Entries`. serde's derive repeats the
//! whole write, with its error handling, in every field of every struct and
//! counts the fields present first; a big SDK compiled that for hundreds of
//! structs.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Field, Struct, TypeDef};
use crate::shape::ident;

/// `impl Serialize` for struct `def`: its properties in declaration order,
/// optional ones only when set, then the additional properties.
pub(super) fn struct_serialize(def: &TypeDef, s: &Struct) -> TokenStream {
    let name = ident(&def.name);
    let entries = s.fields.iter().map(entry);
    let extra = s.additional.as_ref().map(|additional| {
        let field = ident(&additional.name);
        quote!(entries.extra(&self.#field);)
    });
    let body = if s.fields.is_empty() && extra.is_none() {
        quote!(crate::fields::Entries::start(serializer)?.end())
    } else {
        quote! {
            let mut entries = crate::fields::Entries::start(serializer)?;
            #(#entries)*
            #extra
            entries.end()
        }
    };
    quote! {
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                #body
            }
        }
    }
}

/// The write of one property: a required property always (`null` when a
/// required nullable one is `None`), an optional one when it is `Some`, a
/// three-state one unless it is `Unset`.
fn entry(f: &Field) -> TokenStream {
    let field = ident(&f.name);
    let wire = &f.wire;
    if f.tri_state {
        quote!(entries.nullable(#wire, &self.#field);)
    } else if f.required {
        quote!(entries.field(#wire, &self.#field);)
    } else {
        quote!(entries.optional(#wire, &self.#field);)
    }
}
