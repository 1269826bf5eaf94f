//! Credentials: the `src/auth.rs` of the crate (one client builder setter
//! per credential, and `Client::new` where the API takes one key), the
//! credential facts of the `SDK` constant, the builder calls examples and
//! the smoke program make, and the crate docs' section on authentication.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs;
use crate::ir::{Api, Credential, CredentialKind, Requirement};
use crate::naming;
use crate::shape::ident;

/// The credentials of the API, in order (none when it has no auth).
fn credentials(api: &Api) -> &[Credential] {
    api.auth.as_ref().map_or(&[], |auth| &auth.credentials)
}

/// Whether the builder's `api_key(..)` sets the API's one credential (or,
/// for an API without any, is accepted and unused).
fn api_key_mode(api: &Api) -> bool {
    api.auth.as_ref().is_none_or(|auth| auth.api_key)
}

/// `credentials` and `security` of the `SDK` constant.
pub fn sdk_fields(api: &Api) -> TokenStream {
    let schemes = credentials(api).iter().map(|credential| {
        let name = if api_key_mode(api) {
            naming::API_KEY_SETTER
        } else {
            naming::unraw(&credential.setter)
        };
        let placement = match &credential.kind {
            CredentialKind::Header { name, prefix } => {
                quote!(client::Placement::Header { name: #name, prefix: #prefix })
            }
            CredentialKind::Query { name } => quote!(client::Placement::Query { name: #name }),
            CredentialKind::Cookie { name } => quote!(client::Placement::Cookie { name: #name }),
            CredentialKind::Basic => quote!(client::Placement::Basic),
        };
        quote!(client::CredentialScheme { name: #name, placement: #placement })
    });
    let security = api
        .auth
        .as_ref()
        .map(|auth| security(&auth.security))
        .unwrap_or_else(|| quote!(&[]));
    quote! {
        credentials: &[#(#schemes),*],
        security: #security,
    }
}

/// Alternatives of requirements as a `&[&[usize]]` expression.
pub fn security(alternatives: &[Requirement]) -> TokenStream {
    let alternatives = alternatives.iter().map(|requirement| {
        let indices = requirement
            .iter()
            .map(|index| proc_macro2::Literal::usize_unsuffixed(*index));
        quote!(&[#(#indices),*])
    });
    quote!(&[#(#alternatives),*])
}

/// Where a credential goes, for docs.
fn placement_text(kind: &CredentialKind) -> String {
    match kind {
        CredentialKind::Header { name, prefix } if prefix.is_empty() => {
            format!("the {} header", docs::code_value(name))
        }
        CredentialKind::Header { name, prefix } => format!(
            "the {} header, as {}",
            docs::code_value(name),
            docs::code_value(&format!("{prefix}<value>"))
        ),
        CredentialKind::Query { name } => {
            format!("the query parameter {}", docs::code_value(name))
        }
        CredentialKind::Cookie { name } => format!("the cookie {}", docs::code_value(name)),
        CredentialKind::Basic => "the `Authorization` header (HTTP basic authentication, \
                                  `user:password` in base64)"
            .to_owned(),
    }
}

/// The doc text of a credential's setter.
fn setter_doc(credential: &Credential, single: bool) -> String {
    let mut text = if single {
        format!("The API key, sent in {}.", placement_text(&credential.kind))
    } else {
        format!(
            "The credential of security scheme {}, sent in {} by the requests that ask for it.",
            docs::code_value(&credential.scheme),
            placement_text(&credential.kind)
        )
    };
    if let Some(description) = &credential.description {
        let description = docs::clean(description);
        if !description.trim().is_empty() {
            text.push_str("\n\n");
            text.push_str(&description);
        }
    }
    text
}

/// `src/auth.rs`: the builder's credential setters and, for an API that
/// takes one key, `Client::new`.
pub fn file(api: &Api) -> TokenStream {
    let single = api_key_mode(api);
    let mut setters = Vec::new();
    for (index, credential) in credentials(api).iter().enumerate() {
        let index = proc_macro2::Literal::usize_unsuffixed(index);
        let doc = docs::attrs(&setter_doc(credential, single));
        let setter = ident(&credential.setter);
        if credential.kind == CredentialKind::Basic {
            setters.push(quote! {
                #doc
                pub fn #setter(self, username: impl Into<String>, password: impl Into<String>) -> Self {
                    self.credential(#index, Secret::basic(username.into(), password.into()))
                }
            });
            if single {
                let doc = docs::attrs(&format!(
                    "The API key, sent as the user name of HTTP basic authentication with an \
                     empty password (as [`{}`](Self::{}) with `\"\"`).",
                    naming::unraw(&credential.setter),
                    naming::unraw(&credential.setter),
                ));
                setters.push(quote! {
                    #doc
                    pub fn api_key(self, api_key: impl Into<String>) -> Self {
                        self.credential(#index, Secret::basic(api_key.into(), String::new()))
                    }
                });
            }
        } else {
            let argument = if single {
                ident(naming::API_KEY_SETTER)
            } else {
                ident("value")
            };
            setters.push(quote! {
                #doc
                pub fn #setter(self, #argument: impl Into<String>) -> Self {
                    self.credential(#index, Secret::key(#argument.into()))
                }
            });
        }
    }
    if credentials(api).is_empty() {
        setters.push(quote! {
            /// The API declares no authentication: the key is accepted and
            /// never sent.
            pub fn api_key(self, api_key: impl Into<String>) -> Self {
                let _ = api_key.into();
                self
            }
        });
    }
    let secret_use = (!credentials(api).is_empty()).then(|| {
        quote!(
            use crate::client::Secret;
        )
    });
    let new = single.then(|| {
        quote! {
            impl crate::Client {
                /// A client with the given API key and default settings.
                ///
                /// # Errors
                ///
                /// [`Error::InvalidRequest`](crate::Error::InvalidRequest) when the key cannot be
                /// sent (e.g. it contains a line break), or when the HTTP stack cannot start.
                pub fn new(api_key: impl Into<String>) -> Result<Self, crate::Error> {
                    Self::builder().api_key(api_key).build()
                }
            }

            #[cfg(feature = "blocking")]
            impl crate::blocking::Client {
                /// A blocking client with the given API key and default settings.
                ///
                /// # Errors
                ///
                /// As [`ClientBuilder::build_blocking`].
                pub fn new(api_key: impl Into<String>) -> Result<Self, crate::Error> {
                    crate::Client::builder().api_key(api_key).build_blocking()
                }
            }
        }
    });
    quote! {
        use crate::client::ClientBuilder;
        #secret_use

        /// The API's credentials. Requests send the ones their operation's
        /// security requirements ask for; see the crate docs.
        impl ClientBuilder {
            #(#setters)*
        }

        #new
    }
}

/// A client builder with every credential set to `value` (its name for
/// `None`, e.g. `"your-client-id"`), ending before `.build()`.
pub fn builder_call(api: &Api, krate: &proc_macro2::Ident, value: Option<&str>) -> TokenStream {
    let text = |setter: &str| match value {
        Some(value) => value.to_owned(),
        None => format!("your-{}", naming::unraw(setter).replace('_', "-")),
    };
    let setters = credentials(api).iter().map(|credential| {
        let setter = ident(&credential.setter);
        if credential.kind == CredentialKind::Basic {
            let username = text("username");
            let password = text("password");
            quote!(.#setter(#username, #password))
        } else {
            let value = text(&credential.setter);
            quote!(.#setter(#value))
        }
    });
    quote!(#krate::Client::builder() #(#setters)*)
}

/// The crate docs' section on authentication, if the API has credentials.
pub fn doc_section(api: &Api) -> Option<String> {
    let auth = api.auth.as_ref()?;
    let mut text = String::from("# Authentication\n\n");
    if auth.api_key {
        text.push_str(&format!(
            "The client takes one credential, set with [`ClientBuilder::api_key`] (or \
             [`Client::new`]): {}.",
            auth.credentials
                .first()
                .map_or_else(String::new, |credential| placement_text(&credential.kind))
        ));
    } else {
        text.push_str(
            "The client builder takes one credential per security scheme of the API:\n\n",
        );
        for credential in &auth.credentials {
            text.push_str(&format!(
                "- [`{setter}`](ClientBuilder::{setter}): {scheme}, in {placement}\n",
                setter = naming::unraw(&credential.setter),
                scheme = docs::code_value(&credential.scheme),
                placement = placement_text(&credential.kind),
            ));
        }
    }
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(
        "\nEach request sends the credentials its operation's security requirements ask for \
         (an operation's own requirements replace the API's): of the alternatives, the first \
         whose credentials are all set. A required credential that was not set is not an error \
         of the client: the request goes out without it and the server answers (usually `401`, \
         an [`Error::Api`] or [`Error::UnexpectedResponse`]); when no alternative is complete, \
         the credentials set of the first alternative that has any are sent. A header set on the \
         request itself ([`Request::header`]) replaces a credential's header of the same name. \
         Credentials never appear in `Debug` output, and a URL carrying one is left out of \
         transport errors.",
    );
    Some(text)
}
