//! The runtime of generated crates, as a crate of its own so that it is
//! formatted, linted and tested where it is written.
//!
//! Every module but this one is copied into each generated crate
//! (`generator/src/render/templates.rs`: after a `syn` parse, without its
//! `#[cfg(test)]` items, the optional ones only into crates that use them).
//! This file is a **stub that is never emitted**: it declares the modules
//! and re-exports as a generated `lib.rs` does (`render/crate_files.rs`,
//! `lib_items`) and defines, with placeholder values, what the runtime
//! refers to through `crate::` and generated crates define: [`ErrorBody`]
//! and `SDK`. Cargo features stand for the optional runtime files.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

#[cfg(feature = "blocking")]
pub mod blocking;
mod client;
#[cfg(feature = "download")]
mod download;
mod encoding;
mod error;
mod expandable;
mod fields;
mod form;
#[cfg(test)]
mod loopback;
#[cfg(feature = "multipart")]
mod multipart;
mod nullable;
mod or_empty;
mod request;
#[cfg(feature = "upload")]
mod upload;
#[cfg(feature = "webhooks")]
pub mod webhooks;

pub use client::{
    Async, Client, ClientBuilder, Mode, RawResponse, RetryPolicy, DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_TIMEOUT,
};
#[cfg(feature = "download")]
pub use download::{Download, DownloadStream};
pub use encoding::{ListStyle, Query};
pub use error::{
    ApiError, BodyTooLarge, DecodeError, Error, ErrorDetails, TransportError, TransportKind,
    UnexpectedResponse,
};
pub use expandable::{Expandable, HasId};
#[cfg(feature = "multipart")]
pub use multipart::Multipart;
pub use nullable::Nullable;
pub use or_empty::OrEmpty;
pub use request::{
    Operation, OperationInfo, Paginated, RawOperation, Request, RequestBody, Response,
};
pub use reqwest::{header::HeaderMap, Method, StatusCode};
#[cfg(feature = "upload")]
pub use upload::Upload;

/// Stub (never emitted): the body of the API's error responses, a model of
/// the generated crate or `serde_json::Value`.
pub type ErrorBody = serde_json::Value;

/// Stub (never emitted): what the operations of generated crates call and
/// the runtime itself does not, used here as every crate with the file uses it.
#[cfg(feature = "download")]
const _: fn(RawResponse) -> Result<Response<Download>, Error> = download::respond;

/// Stub (never emitted): the API facts a generated `lib.rs` fills in
/// (`render/crate_files.rs`, `sdk_config`), here one bearer credential, a
/// version pin and a retry header.
pub(crate) const SDK: client::SdkConfig = client::SdkConfig {
    default_base_url: "https://api.example.com",
    user_agent: "sdkgen-runtime/0.0.0 (Rust; sdkgen)",
    credentials: &[client::CredentialScheme {
        name: "api_key",
        placement: client::Placement::Header {
            name: "Authorization",
            prefix: "Bearer ",
        },
    }],
    security: &[&[0]],
    idempotency_header: Some("Idempotency-Key"),
    request_id_headers: &["request-id", "x-request-id"],
    default_headers: &[("X-Api-Version", "2024-01-01")],
    retry_header: Some("X-Should-Retry"),
    secret_fields: &["api_key", "client_secret", "password", "secret"],
    form: encoding::FormStyle {
        true_value: "true",
        false_value: "false",
        literal_brackets: false,
    },
};

/// Stub (never emitted): the object an event carries, which a generated
/// crate with webhooks defines (`render/webhooks.rs`) with one variant per
/// model that has an `object` tag.
#[cfg(feature = "webhooks")]
mod event_object {
    /// The property naming an object's kind.
    pub(crate) const TAG: &str = "object";

    /// An event's object.
    #[derive(Clone, Debug)]
    pub enum EventObject {
        /// Any object, as JSON.
        Other(serde_json::Value),
    }

    impl EventObject {
        /// Decodes `object` by its `tag`.
        pub(crate) fn decode(
            _tag: &str,
            object: &serde_json::value::RawValue,
        ) -> Result<Self, serde_json::Error> {
            crate::encoding::from_raw(object).map(Self::Other)
        }
    }
}
