//! The crate's scaffolding: `Cargo.toml`, `lib.rs` and the module files
//! that list models and operations.

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};

use super::{docs, examples, models, operations, File};
use crate::config::Config;
use crate::ir::{Api, BodyKind, Operation, Prim, TypeKind, TypeRef};
use crate::shape::{ident, TypeName};

/// `Cargo.toml` of the generated crate.
pub fn manifest(api: &Api, config: &Config) -> File {
    let needs = needs(api);
    let description = config
        .krate
        .description
        .clone()
        .unwrap_or_else(|| format!("Rust client for {}", api.title));
    let mut text = format!(
        "{header}\n\
         [package]\n\
         name = {name}\n\
         version = {version}\n\
         edition = \"2021\"\n\
         rust-version = \"1.85\"\n\
         description = {description}\n",
        header = config.hash_header(),
        name = toml_string(&config.krate.name),
        version = toml_string(&config.krate.version),
        description = toml_string(&description),
    );
    if let Some(license) = &config.krate.license {
        text.push_str(&format!("license = {}\n", toml_string(license)));
    }
    text.push_str(&format!("readme = {}\n", toml_string(super::README)));
    text.push_str(&package_metadata(config));
    text.push_str(
        "\n[features]\n\
         # A client whose calls block the calling thread (`blocking::Client`).\n\
         blocking = [\"tokio/rt-multi-thread\"]\n",
    );
    text.push_str(&group_features(api));
    text.push_str(
        "\n[dependencies]\n\
         bytes = \"1\"\n",
    );
    if needs.chrono {
        text.push_str("chrono = { version = \"0.4\", default-features = false, features = [\"serde\", \"std\", \"clock\"] }\n");
    }
    text.push_str(
        "fastrand = \"2\"\n\
         futures-core = \"0.3\"\n\
         futures-util = { version = \"0.3\", default-features = false }\n",
    );
    // Webhook signatures are HMAC-SHA256.
    let webhooks = config.webhooks.is_some();
    if webhooks {
        text.push_str("hmac = \"0.12\"\n");
    }
    text.push_str("httpdate = \"1\"\n");
    // Uploads stream bodies (`stream`, with files through `tokio/fs`);
    // multipart forms need `multipart`. Crates without them do without.
    let runtime = runtime(api, config);
    // No `charset`: bodies are read as bytes, text as UTF-8 by the runtime.
    let mut reqwest_features = vec!["rustls-tls", "http2"];
    let mut tokio_features = vec!["time"];
    if runtime.multipart {
        reqwest_features.push("multipart");
    }
    if runtime.upload {
        reqwest_features.push("stream");
        tokio_features.insert(0, "fs");
    }
    let list = |features: &[&str]| {
        features
            .iter()
            .map(|f| format!("\"{f}\""))
            .collect::<Vec<_>>()
            .join(", ")
    };
    text.push_str(&format!(
        "reqwest = {{ version = \"0.12\", default-features = false, features = [{}] }}\n",
        list(&reqwest_features)
    ));
    text.push_str(
        "serde = { version = \"1\", features = [\"derive\"] }\n\
         serde_json = { version = \"1\", features = [\"raw_value\"] }\n",
    );
    if webhooks {
        text.push_str("sha2 = \"0.10\"\n");
    }
    text.push_str("thiserror = \"2\"\n");
    text.push_str(&format!(
        "tokio = {{ version = \"1\", features = [{}] }}\n",
        list(&tokio_features)
    ));
    text.push_str(
        "tracing = { version = \"0.1\", default-features = false, features = [\"std\", \"attributes\"] }\n",
    );
    let uuid_features = if needs.uuid_serde {
        "[\"v4\", \"serde\"]"
    } else {
        "[\"v4\"]"
    };
    text.push_str(&format!(
        "uuid = {{ version = \"1\", features = {uuid_features} }}\n"
    ));
    File {
        path: "Cargo.toml".to_owned(),
        contents: text,
    }
}

/// The `[crate]` keys for crates.io that the config sets, as `Cargo.toml`
/// lines (none for those it leaves out).
fn package_metadata(config: &Config) -> String {
    let krate = &config.krate;
    let mut text = String::new();
    let urls = [
        ("repository", &krate.repository),
        ("documentation", &krate.documentation),
        ("homepage", &krate.homepage),
    ];
    for (key, url) in urls {
        if let Some(url) = url {
            text.push_str(&format!("{key} = {}\n", toml_string(url)));
        }
    }
    for (key, list) in [
        ("keywords", &krate.keywords),
        ("categories", &krate.categories),
    ] {
        if !list.is_empty() {
            let items: Vec<String> = list.iter().map(|item| toml_string(item)).collect();
            text.push_str(&format!("{key} = [{}]\n", items.join(", ")));
        }
    }
    text
}

/// `#[cfg_attr(not(any(feature = ..)), allow(dead_code))]` for a runtime
/// file that only the operations `wants` picks use, when each of them is in
/// a group a feature compiles (nothing when one is always compiled).
fn unused_without(api: &Api, wants: &dyn Fn(&Operation) -> bool) -> TokenStream {
    let mut features = Vec::new();
    for op in api.operations.iter().filter(|op| wants(op)) {
        match api.group_of(op).and_then(|g| g.feature.as_ref()) {
            Some(feature) => features.push(feature.clone()),
            None => return TokenStream::new(),
        }
    }
    features.sort();
    features.dedup();
    match features.as_slice() {
        [] => TokenStream::new(),
        [one] => quote!(#[cfg_attr(not(feature = #one), allow(dead_code))]),
        many => quote!(#[cfg_attr(not(any(#(feature = #many),*)), allow(dead_code))]),
    }
}

/// The features of the groups (`[operations] features`), all on by
/// default.
fn group_features(api: &Api) -> String {
    let features: Vec<&str> = api
        .groups
        .iter()
        .filter_map(|g| g.feature.as_deref())
        .collect();
    if features.is_empty() {
        return String::new();
    }
    let quoted: Vec<String> = features.iter().map(|f| toml_string(f)).collect();
    let mut text = format!(
        "# One feature per group of operations (`client.<group>()`), each with the\n\
         # types its operations reach; all on by default.\n\
         default = [{}]\n",
        quoted.join(", ")
    );
    for feature in features {
        text.push_str(&format!("{feature} = []\n"));
    }
    text
}

/// A TOML basic string.
pub(super) fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The optional parts of the runtime the API's operations need.
pub(super) fn runtime(api: &Api, config: &Config) -> super::templates::Runtime {
    let body = |kinds: &[BodyKind]| {
        api.operations
            .iter()
            .any(|op| op.body.as_ref().is_some_and(|b| kinds.contains(&b.kind)))
    };
    let needs = needs(api);
    super::templates::Runtime {
        expandable: needs.expandable,
        or_empty: needs.or_empty,
        nullable: api.types.iter().any(|def| match &def.kind {
            TypeKind::Struct(s) => s.fields.iter().any(|f| f.tri_state),
            _ => false,
        }),
        upload: body(&[BodyKind::Binary, BodyKind::Multipart]),
        multipart: body(&[BodyKind::Multipart]),
        download: api
            .operations
            .iter()
            .any(|op| op.success().and_then(|r| r.kind) == Some(BodyKind::Binary)),
        webhooks: config.webhooks.is_some(),
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

/// What optional crates and runtime files the models and operations need.
fn needs(api: &Api) -> Needs {
    let mut needs = Needs::default();
    for def in &api.types {
        match &def.kind {
            TypeKind::Struct(s) => {
                s.fields.iter().for_each(|f| needs.add(&f.ty));
                s.additional.iter().for_each(|a| needs.add(&a.ty));
            }
            TypeKind::Union(u) => u.variants.iter().for_each(|v| needs.add(&v.ty)),
            TypeKind::Alias(ty) => needs.add(ty),
            TypeKind::Enum(_) => {}
        }
    }
    for op in &api.operations {
        op.params.iter().for_each(|p| needs.add(&p.ty));
        op.body.iter().for_each(|b| needs.add(&b.ty));
        op.responses
            .iter()
            .filter_map(|r| r.ty.as_ref())
            .for_each(|ty| needs.add(ty));
    }
    needs
}

/// One generated Rust file to render: its path, module doc line and items
/// are built by [`RustFile::render`], on whichever thread runs it.
pub enum RustFile<'a> {
    /// `src/lib.rs`.
    Lib,
    /// `src/auth.rs`.
    Auth,
    /// `src/conventions.rs`, in crates with conventions that have setters.
    Conventions,
    /// `src/models/mod.rs`.
    ModelsMod,
    /// `src/models/<module>.rs` of one type.
    Model(crate::ir::TypeId),
    /// `src/operations/mod.rs`.
    OperationsMod(std::sync::Arc<Vec<(String, Vec<&'a Operation>)>>),
    /// `src/operations/<module>.rs` of one tag.
    Tag(String, Vec<&'a Operation>),
    /// `src/event_object.rs`, with `[webhooks]` in the config.
    EventObject(&'a crate::config::WebhooksConfig),
}

impl RustFile<'_> {
    /// Path, module doc line and items of the file.
    pub fn render(&self, api: &Api, config: &Config, krate: &str) -> (String, String, TokenStream) {
        match self {
            RustFile::Lib => ("src/lib.rs".to_owned(), crate_doc(api, config, krate), lib_items(api, config)),
            RustFile::Auth => (
                "src/auth.rs".to_owned(),
                "The API's credentials: the client builder's setters.".to_owned(),
                super::auth::file(api),
            ),
            RustFile::Conventions => (
                "src/conventions.rs".to_owned(),
                "The API's conventions: setters of the headers its configuration names.".to_owned(),
                super::conventions::file(api),
            ),
            RustFile::ModelsMod => (
                "src/models/mod.rs".to_owned(),
                "The API's data types, one module per type.".to_owned(),
                models_mod(api),
            ),
            RustFile::Model(id) => {
                let def = api.ty(*id);
                (format!("src/models/{}.rs", def.module), models::module_doc(def), models::model(api, *id))
            }
            RustFile::OperationsMod(groups) => (
                "src/operations/mod.rs".to_owned(),
                "The API's operations, one module per tag; each adds methods to [`Client`](crate::Client)."
                    .to_owned(),
                operations_mod(api, groups),
            ),
            RustFile::Tag(module, ops) => (
                format!("src/operations/{module}.rs"),
                tag_file_doc(api, ops),
                operations::tag_file(api, krate, ops),
            ),
            RustFile::EventObject(webhooks) => (
                "src/event_object.rs".to_owned(),
                "The object of a webhook event, decoded as the model its tag names.".to_owned(),
                super::webhooks::event_object(api, webhooks, krate),
            ),
        }
    }
}

/// Every generated Rust file, in a deterministic order.
pub fn rust_files<'a>(api: &'a Api, config: &'a Config) -> Vec<RustFile<'a>> {
    let mut out = vec![RustFile::Lib, RustFile::Auth];
    if super::conventions::has_file(api) {
        out.push(RustFile::Conventions);
    }
    out.push(RustFile::ModelsMod);
    out.extend(config.webhooks.as_ref().map(RustFile::EventObject));
    out.extend(
        (0..api.types.len())
            .map(|i| RustFile::Model(crate::ir::TypeId(u32::try_from(i).unwrap_or(u32::MAX)))),
    );
    let groups = std::sync::Arc::new(tag_groups(api));
    out.push(RustFile::OperationsMod(std::sync::Arc::clone(&groups)));
    out.extend(
        groups
            .iter()
            .map(|(module, ops)| RustFile::Tag(module.clone(), ops.clone())),
    );
    out
}

/// The module doc of an operations file: its group's, else its tag's.
fn tag_file_doc(api: &Api, ops: &[&Operation]) -> String {
    let first = ops.first();
    if let Some(group) = first.and_then(|op| api.group_of(op)) {
        return format!(
            "Operations on {}: `client.{}()`.",
            docs::code_value(&group.resource),
            crate::naming::unraw(&group.accessor)
        );
    }
    let tag = first
        .and_then(|op| op.tags.first())
        .cloned()
        .unwrap_or_else(|| "untagged".to_owned());
    format!("Operations tagged {}.", docs::code_value(&tag))
}

/// Operations grouped by module, modules in order of first appearance.
fn tag_groups(api: &Api) -> Vec<(String, Vec<&Operation>)> {
    let mut groups: Vec<(String, Vec<&Operation>)> = Vec::new();
    for op in &api.operations {
        match groups.iter_mut().find(|(m, _)| *m == op.module) {
            Some((_, ops)) => ops.push(op),
            None => groups.push((op.module.clone(), vec![op])),
        }
    }
    groups.sort_by(|a, b| a.0.cmp(&b.0));
    groups
}

fn models_mod(api: &Api) -> TokenStream {
    let mut entries: Vec<(&str, &str, Option<&str>, &[String])> = api
        .types
        .iter()
        .map(|d| {
            let required = match &d.kind {
                TypeKind::Struct(s) => s.required.as_deref(),
                _ => None,
            };
            (
                d.module.as_str(),
                d.name.as_str(),
                required,
                d.features.as_slice(),
            )
        })
        .collect();
    entries.sort_unstable();
    let mods = entries.iter().map(|(module, _, _, features)| {
        let module = ident(module);
        let cfg = super::cfg_any(features);
        quote!(#cfg mod #module;)
    });
    let uses = entries.iter().map(|(module, name, required, features)| {
        let module = ident(module);
        let name = ident(name);
        let cfg = super::cfg_any(features);
        match required {
            Some(required) => {
                let required = ident(required);
                quote!(#cfg pub use #module::{#name, #required};)
            }
            None => quote!(#cfg pub use #module::#name;),
        }
    });
    quote! {
        #(#mods)*
        #(#uses)*
    }
}

/// The feature of the group whose operations fill a module, if a feature
/// compiles it.
fn module_feature<'a>(api: &'a Api, ops: &[&Operation]) -> Vec<String> {
    let features: Vec<Option<&'a String>> = ops
        .iter()
        .map(|op| api.group_of(op).and_then(|g| g.feature.as_ref()))
        .collect();
    match features.first() {
        Some(Some(feature)) if features.iter().all(|f| *f == Some(*feature)) => {
            vec![(*feature).clone()]
        }
        _ => Vec::new(),
    }
}

fn operations_mod(api: &Api, groups: &[(String, Vec<&Operation>)]) -> TokenStream {
    let mods = groups.iter().map(|(module, ops)| {
        let cfg = super::cfg_any(&module_feature(api, ops));
        let module = ident(module);
        quote!(#cfg mod #module;)
    });
    let uses = groups.iter().map(|(module, ops)| {
        let cfg = super::cfg_any(&module_feature(api, ops));
        let module = ident(module);
        let mut handles: Vec<&str> = ops
            .iter()
            .filter_map(|op| api.group_of(op))
            .map(|g| g.type_name.as_str())
            .collect();
        handles.dedup();
        let names = handles
            .into_iter()
            .chain(
                ops.iter()
                    .flat_map(|op| [op.type_name.as_str(), op.request_type.as_str()]),
            )
            .map(ident);
        quote!(#cfg pub use #module::{#(#names),*};)
    });
    quote! {
        #(#mods)*
        #(#uses)*
    }
}

fn lib_items(api: &Api, config: &Config) -> TokenStream {
    let error_body = crate::shape::error_body_type(api);
    let error_body = match error_body.name {
        TypeName::Model(_) => quote!(models::#error_body),
        _ => error_body.into_token_stream(),
    };
    let sdk = sdk_config(api, config);
    let details = super::error_details::error_details_impl(api);
    let runtime = runtime(api, config);
    // The optional runtime files' modules and re-exports.
    let on = |flag: bool, tokens: TokenStream| flag.then_some(tokens);
    // A runtime file only some groups' operations use is dead code when
    // their features are off.
    let uses = |wants: &dyn Fn(&Operation) -> bool| unused_without(api, wants);
    let sends = |kinds: &'static [BodyKind]| {
        move |op: &Operation| op.body.as_ref().is_some_and(|b| kinds.contains(&b.kind))
    };
    let download_gate =
        uses(&|op: &Operation| op.success().and_then(|r| r.kind) == Some(BodyKind::Binary));
    let multipart_gate = uses(&sends(&[BodyKind::Multipart]));
    let upload_gate = uses(&sends(&[BodyKind::Binary, BodyKind::Multipart]));
    let download = on(runtime.download, quote! { #download_gate mod download; });
    let multipart = on(runtime.multipart, quote! { #multipart_gate mod multipart; });
    let upload = on(runtime.upload, quote! { #upload_gate mod upload; });
    let webhooks = on(
        runtime.webhooks,
        quote! { mod event_object; pub mod webhooks; },
    );
    let expandable = on(runtime.expandable, quote! { mod expandable; });
    let or_empty = on(runtime.or_empty, quote! { mod or_empty; });
    let nullable = on(runtime.nullable, quote! { mod nullable; });
    let nullable_use = on(runtime.nullable, quote! { pub use nullable::Nullable; });
    let expandable_use = on(
        runtime.expandable,
        quote! { pub use expandable::{Expandable, HasId}; },
    );
    let or_empty_use = on(runtime.or_empty, quote! { pub use or_empty::OrEmpty; });
    let download_use = on(
        runtime.download,
        quote! { pub use download::{Download, DownloadStream}; },
    );
    let multipart_use = on(runtime.multipart, quote! { pub use multipart::Multipart; });
    let upload_use = on(runtime.upload, quote! { pub use upload::Upload; });
    let conventions = on(
        super::conventions::has_file(api),
        quote! { mod conventions; },
    );
    quote! {
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]
        #![allow(clippy::too_many_arguments, clippy::large_enum_variant)]

        mod auth;
        #[cfg(feature = "blocking")]
        pub mod blocking;
        mod client;
        #conventions
        #download
        mod encoding;
        mod error;
        #expandable
        mod fields;
        mod form;
        pub mod models;
        #multipart
        #nullable
        pub mod operations;
        #or_empty
        mod request;
        #upload
        #webhooks

        pub use client::{
            Async, Client, ClientBuilder, Mode, RawResponse, RetryPolicy, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT,
        };
        pub use encoding::{ListStyle, Query};
        pub use error::{ApiError, BodyTooLarge, DecodeError, Error, ErrorDetails, TransportError, TransportKind, UnexpectedResponse};
        #expandable_use
        #nullable_use
        #or_empty_use
        pub use request::{Operation, OperationInfo, Paginated, RawOperation, Request, RequestBody, Response};
        pub use reqwest::{header::HeaderMap, Method, StatusCode};
        #download_use
        #multipart_use
        #upload_use

        /// The body of the API's error responses, as decoded into [`Error::Api`].
        pub type ErrorBody = #error_body;

        #details

        #sdk
    }
}

/// The `SDK` constant: the API facts the runtime reads.
fn sdk_config(api: &Api, config: &Config) -> TokenStream {
    let base_url = api.base_url.clone().unwrap_or_default();
    let user_agent = format!(
        "{}/{} (Rust; sdkgen)",
        config.krate.name, config.krate.version
    );
    let auth = super::auth::sdk_fields(api);
    let idempotency = optional_str(config.client.idempotency_header.as_deref());
    let request_ids = if config.client.request_id_headers.is_empty() {
        vec!["request-id".to_owned(), "x-request-id".to_owned()]
    } else {
        config.client.request_id_headers.clone()
    };
    let mut header_pairs: Vec<(String, String)> = config
        .client
        .headers
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    if let Some(version) = &api.conventions.version {
        header_pairs.push((version.header.clone(), api.version.clone()));
    }
    let retry_header = optional_str(api.conventions.retry_header.as_deref());
    let headers = header_pairs.iter().map(|(k, v)| quote!((#k, #v)));
    let secrets = secret_fields(api, config);
    let form = &config.client.form;
    let (form_true, form_false, brackets) =
        (&form.true_value, &form.false_value, form.literal_brackets);
    quote! {
        /// Facts about the API the client relies on.
        pub(crate) const SDK: client::SdkConfig = client::SdkConfig {
            default_base_url: #base_url,
            user_agent: #user_agent,
            #auth
            idempotency_header: #idempotency,
            request_id_headers: &[#(#request_ids),*],
            default_headers: &[#(#headers),*],
            retry_header: #retry_header,
            secret_fields: &[#(#secrets),*],
            form: encoding::FormStyle {
                true_value: #form_true,
                false_value: #form_false,
                literal_brackets: #brackets,
            },
        };
    }
}

/// An `Option<&'static str>` expression.
fn optional_str(value: Option<&str>) -> TokenStream {
    match value {
        Some(value) => quote!(Some(#value)),
        None => quote!(None),
    }
}

/// Wire names of every secret property, for redacting bodies in messages.
fn secret_fields(api: &Api, config: &Config) -> Vec<String> {
    let mut names: Vec<String> = crate::config::DEFAULT_SECRETS
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    names.extend(
        config
            .client
            .secrets
            .iter()
            .map(|s| s.rsplit('.').next().unwrap_or(s).to_owned()),
    );
    for def in &api.types {
        if let TypeKind::Struct(s) = &def.kind {
            names.extend(s.fields.iter().filter(|f| f.secret).map(|f| f.wire.clone()));
        }
    }
    names.sort();
    names.dedup();
    names
}

/// Crate-level docs: what the crate is and a quick start.
fn crate_doc(api: &Api, config: &Config, krate: &str) -> String {
    let mut text = format!(
        "# `{}`\n\nA Rust client for {}",
        config.krate.name,
        docs::plain(&api.title)
    );
    if !api.version.is_empty() {
        text.push_str(&format!(" (API version {})", api.version));
    }
    text.push_str(", generated by sdkgen from its OpenAPI document.");
    if let Some(example) = quick_start(api, krate) {
        text.push_str(&format!("\n\n```no_run\n{example}\n```\n\n"));
        text.push_str(&quick_start_note(api, "[`ClientBuilder::base_url`]"));
    }
    if let Some(description) = &api.description {
        text.push_str("\n\n");
        text.push_str(&docs::clean(description));
    }
    text.push_str(
        "\n\nCreate one [`Client`] and call one method per operation. Each call returns a \
         [`Request`]: set optional arguments on it, then `.await` it. Failures are reported as \
         [`Error`]; error responses of the API decode into [`Error::Api`].",
    );
    text.push_str(&request_id_text(config));
    let sections = [
        super::auth::doc_section(api),
        super::conventions::doc_section(api),
    ];
    for section in sections.into_iter().flatten() {
        text.push_str("\n\n");
        text.push_str(&section);
    }
    text.push_str("\n\nModels live in [`models`]; the types behind each call in [`operations`].");
    text
}

/// Which response headers `Error::request_id` reads, as a sentence.
fn request_id_text(config: &Config) -> String {
    let headers = &config.client.request_id_headers;
    if headers.is_empty() {
        return " No response header is configured to carry a request id, so \
                [`Error::request_id`] is always `None`."
            .to_owned();
    }
    let names: Vec<String> = headers.iter().map(|h| format!("`{h}`")).collect();
    format!(
        " Every [`Error`] that saw a response keeps the request id the server assigned \
         ([`Error::request_id`]), read from the first of these response headers it carries: {}.",
        names.join(", ")
    )
}

/// What the quick start does and how to run it; `base_url` names the
/// builder's `base_url` setter (a link in rustdoc, code in the README).
pub(super) fn quick_start_note(api: &Api, base_url: &str) -> String {
    format!(
        "This calls a mock server on your machine (such as Prism serving the API's \
         document); without {base_url} the client calls {}. Run it on any \
         async runtime (`tokio`, for one).",
        api.base_url.as_deref().map_or_else(
            || "the base URL you give it".to_owned(),
            |url| format!("`{url}`")
        )
    )
}

/// A complete example (the code, without fences): a function that builds a
/// client for a local mock server and makes the first call that has an
/// example.
pub(super) fn quick_start(api: &Api, krate: &str) -> Option<String> {
    let krate_ident = ident(krate);
    for op in &api.operations {
        let mut uses = examples::Uses::default();
        let Some(call) = examples::call(api, op, &mut uses) else {
            continue;
        };
        let use_line = examples::use_line(&krate_ident, &uses);
        let builder = super::auth::builder_call(api, &krate_ident, None);
        let file = quote! {
            #use_line

            async fn run() -> Result<(), #krate_ident::Error> {
                let client = #builder.base_url("http://127.0.0.1:4010").build()?;
                let response = #call.await?;
                println!("{response:?}");
                Ok(())
            }
        };
        return examples::visible_code(file);
    }
    None
}
