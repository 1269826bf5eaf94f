//! The API's conventions its configuration switches on
//! ([`Conventions`]): `src/conventions.rs` of the crate (the setters of the
//! account and API version headers, on the client builder and on every
//! request builder) and the crate docs' section on them (with the retry
//! header's override).

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use crate::ir::{Api, Conventions, HeaderSetter};
use crate::shape::ident;

/// One header's setters: the argument's name and each setter's docs.
struct Setter<'a> {
    header: &'a HeaderSetter,
    argument: &'static str,
    client_doc: String,
    request_doc: String,
}

/// The setters the conventions add, in order.
fn setters(api: &Api) -> Vec<Setter<'_>> {
    let conventions = &api.conventions;
    let request =
        |header: &HeaderSetter| format!("[`Request::{0}`](crate::Request::{0})", header.setter);
    let client = |header: &HeaderSetter| {
        format!(
            "[`ClientBuilder::{0}`](crate::ClientBuilder::{0})",
            header.setter
        )
    };
    let account = conventions.account.iter().map(|header| Setter {
        header,
        argument: "account",
        client_doc: format!(
            "Makes every request on behalf of `account`, a connected account (of a platform, \
             as with Connect): its id is sent in the {} header. A request's own {} wins.",
            docs::code_value(&header.header),
            request(header),
        ),
        request_doc: format!(
            "Makes this request on behalf of `account` (a connected account), whose id is \
             sent in the {} header instead of the client's {}.",
            docs::code_value(&header.header),
            client(header),
        ),
    });
    let version = conventions.version.iter().map(|header| Setter {
        header,
        argument: "version",
        client_doc: format!(
            "Sends API version `version` in the {} header of every request instead of {}, \
             the version this crate's models describe. A request's own {} wins.",
            docs::code_value(&header.header),
            docs::code_value(&api.version),
            request(header),
        ),
        request_doc: format!(
            "Sends this request with API version `version` in the {} header, instead of the \
             client's ({} unless {} set another).",
            docs::code_value(&header.header),
            docs::code_value(&api.version),
            client(header),
        ),
    });
    account.chain(version).collect()
}

/// Whether the crate has `src/conventions.rs`.
pub fn has_file(api: &Api) -> bool {
    api.conventions.setters().next().is_some()
}

/// `src/conventions.rs`: each header's setter on the client builder (sent
/// with every request) and on every request builder (winning).
pub fn file(api: &Api) -> TokenStream {
    let setters = setters(api);
    let client = setters.iter().map(|setter| {
        method(
            setter,
            &setter.client_doc,
            |header, argument| quote!(self.default_header(#header, #argument.into())),
        )
    });
    let request = setters.iter().map(|setter| {
        method(
            setter,
            &setter.request_doc,
            |header, argument| quote!(self.header(#header, #argument)),
        )
    });
    quote! {
        /// Headers of every request the API's conventions add.
        impl crate::ClientBuilder {
            #(#client)*
        }

        /// The same headers for one request.
        impl<Op: crate::Operation, M: crate::Mode> crate::Request<Op, M> {
            #(#request)*
        }
    }
}

/// A setter of `setter`'s header whose body is `set(header, argument)`.
fn method(
    setter: &Setter<'_>,
    doc: &str,
    set: impl Fn(&str, &proc_macro2::Ident) -> TokenStream,
) -> TokenStream {
    let name = ident(&setter.header.setter);
    let argument = ident(setter.argument);
    let doc = docs::attrs(doc);
    let body = set(&setter.header.header, &argument);
    quote! {
        #doc
        pub fn #name(self, #argument: impl Into<String>) -> Self {
            #body
        }
    }
}

/// The crate docs' section on the conventions, if any is on.
pub fn doc_section(api: &Api) -> Option<String> {
    let Conventions {
        retry_header,
        account,
        version,
    } = &api.conventions;
    let mut items = Vec::new();
    if let Some(header) = retry_header {
        items.push(format!(
            "Retries: a response's {} header overrides its status. `true` retries it (within \
             the [`RetryPolicy`], and only a request that is safe to send again: an idempotent \
             method such as `GET`, or a request carrying an idempotency key, as every `POST` \
             does); `false` does not retry it.",
            docs::code_value(header)
        ));
    }
    if let Some(header) = account {
        items.push(format!(
            "Accounts: [`ClientBuilder::{0}`] makes every request on behalf of a connected \
             account, sending its id in the {1} header; `.{0}(..)` on a request overrides it \
             for that request.",
            header.setter,
            docs::code_value(&header.header)
        ));
    }
    if let Some(header) = version {
        items.push(format!(
            "API version: every request sends {}, the version the models describe; \
             [`ClientBuilder::{1}`] and `.{1}(..)` on a request send another.",
            docs::code_value(&format!("{}: {}", header.header, api.version)),
            header.setter,
        ));
    }
    if items.is_empty() {
        return None;
    }
    let mut text = String::from("# API conventions\n\n");
    for item in items {
        text.push_str("- ");
        text.push_str(&item);
        text.push('\n');
    }
    Some(text.trim_end().to_owned())
}
