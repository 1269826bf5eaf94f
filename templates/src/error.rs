//! Errors: the one error type every call of the client returns.

use std::fmt;

use bytes::Bytes;
use reqwest::StatusCode;

use crate::encoding::{BodyPreview, RedactedJson};

/// Everything that can go wrong when calling the API.
///
/// Match on the variant to tell what happened:
///
/// - [`Error::Api`]: the server refused the request with an error status and
///   a well-formed error body (e.g. a 404 or a validation failure);
/// - [`Error::UnexpectedResponse`]: the server answered with a status or body
///   this SDK does not expect (e.g. an HTML page from a proxy);
/// - [`Error::Decode`]: the server reported success but its body could not be
///   decoded;
/// - [`Error::Transport`]: the request did not complete (connection, TLS,
///   timeout), even after the retries the [`RetryPolicy`](crate::RetryPolicy)
///   allows;
/// - [`Error::BodyTooLarge`]: the response body was larger than the client
///   accepts;
/// - [`Error::InvalidRequest`]: the request could not be built from the
///   arguments given.
///
/// Every variant that saw a response keeps its status and the request id the
/// server assigned; those with a body keep it as received. `Debug` and
/// `Display` never print secrets: bodies are shown as a preview with secret
/// properties (such as `client_secret`) redacted.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with an error status and a decodable error body.
    #[error("{0}")]
    Api(Box<ApiError>),
    /// The server answered with a status or body this SDK does not expect.
    #[error("{0}")]
    UnexpectedResponse(Box<UnexpectedResponse>),
    /// The server answered successfully but the body could not be decoded.
    #[error("{0}")]
    Decode(Box<DecodeError>),
    /// The request did not complete: connection, TLS or timeout failure.
    #[error("the request failed before a response arrived: {0}")]
    Transport(#[source] reqwest::Error),
    /// The response body was larger than the client's limit.
    #[error("{0}")]
    BodyTooLarge(Box<BodyTooLarge>),
    /// The request could not be built from the arguments given.
    #[error("the request could not be built: {0}")]
    InvalidRequest(String),
}

impl Error {
    /// The HTTP status of the response, when there was one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::UnexpectedResponse(e) => Some(e.status),
            Error::Decode(e) => Some(e.status),
            Error::Transport(e) => e.status(),
            Error::BodyTooLarge(e) => Some(e.status),
            Error::InvalidRequest(_) => None,
        }
    }

    /// The request id the server assigned, when the response carried one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.request_id.as_deref(),
            Error::UnexpectedResponse(e) => e.request_id.as_deref(),
            Error::Decode(e) => e.request_id.as_deref(),
            Error::BodyTooLarge(e) => e.request_id.as_deref(),
            Error::Transport(_) | Error::InvalidRequest(_) => None,
        }
    }

    /// The decoded error body, for [`Error::Api`].
    pub fn api_error(&self) -> Option<&crate::ErrorBody> {
        match self {
            Error::Api(e) => Some(&e.error),
            _ => None,
        }
    }

    /// Whether the request timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Transport(e) if e.is_timeout())
    }
}

/// An error status with a well-formed error body.
#[non_exhaustive]
pub struct ApiError {
    /// HTTP status of the response.
    pub status: StatusCode,
    /// The decoded error body.
    pub error: crate::ErrorBody,
    /// The body exactly as received.
    pub body: Bytes,
    /// The request id the server assigned, if the response carried one.
    pub request_id: Option<String>,
}

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("status", &self.status)
            .field("error", &RedactedJson(&self.error))
            .field("body", &BodyPreview(&self.body))
            .field("request_id", &self.request_id)
            .finish()
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the API returned {}: {}",
            self.status,
            BodyPreview(&self.body)
        )?;
        with_request_id(f, self.request_id.as_deref())
    }
}

/// A response this SDK does not expect: an undocumented status, or an error
/// status whose body is not the API's error format.
#[non_exhaustive]
pub struct UnexpectedResponse {
    /// HTTP status of the response.
    pub status: StatusCode,
    /// `Content-Type` of the response, if any.
    pub content_type: Option<String>,
    /// The body exactly as received.
    pub body: Bytes,
    /// The request id the server assigned, if the response carried one.
    pub request_id: Option<String>,
}

impl fmt::Debug for UnexpectedResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UnexpectedResponse")
            .field("status", &self.status)
            .field("content_type", &self.content_type)
            .field("body", &BodyPreview(&self.body))
            .field("request_id", &self.request_id)
            .finish()
    }
}

impl fmt::Display for UnexpectedResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unexpected response {} ({}): {}",
            self.status,
            self.content_type.as_deref().unwrap_or("no content type"),
            BodyPreview(&self.body)
        )?;
        with_request_id(f, self.request_id.as_deref())
    }
}

/// A success response whose body could not be decoded.
#[non_exhaustive]
pub struct DecodeError {
    /// HTTP status of the response.
    pub status: StatusCode,
    /// Why decoding failed.
    pub source: serde_json::Error,
    /// The body exactly as received.
    pub body: Bytes,
    /// The request id the server assigned, if the response carried one.
    pub request_id: Option<String>,
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodeError")
            .field("status", &self.status)
            .field("source", &self.source)
            .field("body", &BodyPreview(&self.body))
            .field("request_id", &self.request_id)
            .finish()
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "could not decode the {} response body ({}): {}",
            self.status,
            self.source,
            BodyPreview(&self.body)
        )?;
        with_request_id(f, self.request_id.as_deref())
    }
}

impl std::error::Error for DecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

fn with_request_id(f: &mut fmt::Formatter<'_>, request_id: Option<&str>) -> fmt::Result {
    match request_id {
        Some(id) => write!(f, " (request id {id})"),
        None => Ok(()),
    }
}

/// A response body larger than the client accepts.
#[derive(Debug)]
#[non_exhaustive]
pub struct BodyTooLarge {
    /// HTTP status of the response.
    pub status: StatusCode,
    /// The limit, in bytes ([`ClientBuilder::max_response_bytes`](crate::ClientBuilder::max_response_bytes)).
    pub limit: usize,
    /// The request id the server assigned, if the response carried one.
    pub request_id: Option<String>,
}

impl fmt::Display for BodyTooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the {} response body is larger than the limit of {} bytes",
            self.status, self.limit
        )?;
        with_request_id(f, self.request_id.as_deref())
    }
}
