//! `src/event_object.rs` of crates with `[webhooks]`: `EventObject`, one
//! variant per decoded model with a constant tag property (`object`), which
//! the runtime's `webhooks` module decodes an event's object into.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

use crate::config::WebhooksConfig;
use crate::ir::{Api, TypeDef, TypeKind};
use crate::shape::ident;

/// The tag values and the models they name, by tag; a component schema
/// wins over an inline type with the same tag, then the first in the arena.
fn tagged_models<'a>(api: &'a Api, tag: &str) -> BTreeMap<&'a str, &'a TypeDef> {
    let mut out: BTreeMap<&str, &TypeDef> = BTreeMap::new();
    for def in api.types.iter().filter(|def| def.output) {
        let TypeKind::Struct(s) = &def.kind else {
            continue;
        };
        let value = s
            .fields
            .iter()
            .find(|f| f.wire == tag)
            .and_then(|f| f.constant.as_ref())
            .and_then(serde_json::Value::as_str);
        let Some(value) = value else { continue };
        let component = |d: &TypeDef| d.origin.starts_with("/components/schemas/");
        match out.get(value) {
            Some(held) if component(held) || !component(def) => {}
            _ => {
                out.insert(value, def);
            }
        }
    }
    out
}

/// The items of `src/event_object.rs`.
pub(super) fn event_object(api: &Api, config: &WebhooksConfig, krate: &str) -> TokenStream {
    let models = tagged_models(api, &config.object_tag);
    let tag = &config.object_tag;
    let variants: Vec<_> = models.values().map(|def| ident(&def.name)).collect();
    let names: Vec<&str> = models.values().map(|def| def.name.as_str()).collect();
    let values: Vec<&str> = models.keys().copied().collect();
    // A model a cargo feature compiles has its variant only with it.
    let cfgs: Vec<TokenStream> = models
        .values()
        .map(|def| super::cfg_any(&def.features))
        .collect();
    let docs = models.iter().map(|(value, def)| {
        format!(
            " [`{0}`](crate::models::{0}), tagged `\"{tag}\": \"{value}\"`.",
            def.name
        )
    });
    let example = example(krate, variants.first().map(|v| v.to_string()));
    let decode = if variants.is_empty() {
        quote! {
            let _ = tag;
            crate::encoding::from_raw(object).map(Self::Other)
        }
    } else {
        quote! {
            Ok(match tag {
                #(#cfgs #values => Self::#variants(Box::new(crate::encoding::from_raw(object)?)),)*
                _ => Self::Other(crate::encoding::from_raw(object)?),
            })
        }
    };
    quote! {
        /// The property whose value names an object's kind.
        pub(crate) const TAG: &str = #tag;

        #(#[doc = #example])*
        #[derive(Clone)]
        #[non_exhaustive]
        pub enum EventObject {
            #(
                #[doc = #docs]
                #cfgs
                #variants(Box<crate::models::#variants>),
            )*
            /// An object of a kind this crate has no model for, as received.
            Other(serde_json::Value),
        }

        impl std::fmt::Debug for EventObject {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    #(#cfgs Self::#variants(object) => f.debug_tuple(#names).field(object).finish(),)*
                    Self::Other(object) => f
                        .debug_tuple("Other")
                        .field(&crate::encoding::RedactedJson(object))
                        .finish(),
                }
            }
        }

        impl EventObject {
            /// Decodes `object`, JSON text, as the model its `tag` value names.
            pub(crate) fn decode(tag: &str, object: &serde_json::value::RawValue) -> Result<Self, serde_json::Error> {
                #decode
            }
        }
    }
}

/// The enum's doc: what it is, and handling an event with the first kind.
fn example(krate: &str, first: Option<String>) -> Vec<String> {
    let mut lines = vec![
        "The object of a webhook event: the model its tag names, or JSON for a".to_owned(),
        "kind this crate has no model for. `Debug` redacts secrets.".to_owned(),
        String::new(),
        "```no_run".to_owned(),
        format!(
            "# fn handle(body: &[u8], signature: &str) -> Result<(), {krate}::webhooks::WebhookError> {{"
        ),
        format!("use {krate}::webhooks::{{self, EventObject}};"),
        String::new(),
        "let event = webhooks::construct_event(body, signature, \"whsec_...\")?;".to_owned(),
        "match event.data.object {".to_owned(),
    ];
    if let Some(variant) = first {
        lines.push(format!(
            "    EventObject::{variant}(object) => println!(\"{{object:?}}\"),"
        ));
    }
    lines.extend(
        [
            "    EventObject::Other(_) => println!(\"no model for {}\", event.r#type),",
            "    _ => {}",
            "}",
            "# Ok(())",
            "# }",
            "```",
        ]
        .map(str::to_owned),
    );
    lines.iter().map(|line| format!(" {line}")).collect()
}
