//! Errors: the one error type every call of the client returns.

use std::fmt;

use bytes::Bytes;
use reqwest::StatusCode;

use crate::encoding::{BodyPreview, RedactedBody};

/// Everything that can go wrong when calling the API.
///
/// Match on the variant to tell what happened:
///
/// - [`Error::Api`]: the server refused the request with an error status and
///   a well-formed error body (e.g. a 404 or a validation failure);
/// - [`Error::UnexpectedResponse`]: the server answered with a status or body
///   this SDK does not expect (e.g. an HTML page from a proxy);
/// - [`Error::Decode`]: the server reported success with a JSON body (or no
///   content type) that could not be decoded;
/// - [`Error::Transport`]: the request did not complete (a timeout, a refused
///   connection, a body cut off after the status arrived: see
///   [`TransportError::kind`]), even after the retries the [`RetryPolicy`](crate::RetryPolicy)
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
    /// The request did not complete: a timeout, a refused connection, a
    /// body cut off after the status arrived, ... ([`TransportError::kind`]).
    #[error("{0}")]
    Transport(Box<TransportError>),
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
            Error::Transport(e) => e.status,
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
        self.api().map(|e| &e.error)
    }

    /// The error status and body, for [`Error::Api`]: its accessors
    /// ([`ApiError::code`], [`ApiError::message`], ...) say what the API
    /// reported.
    pub fn api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }

    /// Whether the request timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Transport(e) if e.kind == TransportKind::Timeout)
    }
}

/// What an error body says, read from the fields the API's error schema has
/// (generated for the crate's [`ErrorBody`](crate::ErrorBody); for a body
/// kept as JSON, the same names under `error` or at the top level). Each is
/// `None` when the body does not carry it.
pub trait ErrorDetails {
    /// A machine-readable code of the error, e.g. `card_declined`.
    fn code(&self) -> Option<&str> {
        None
    }
    /// A message for people.
    fn message(&self) -> Option<&str> {
        None
    }
    /// A second, more specific code (a card issuer's reason for a decline).
    fn decline_code(&self) -> Option<&str> {
        None
    }
    /// The request parameter the error is about.
    fn param(&self) -> Option<&str> {
        None
    }
    /// The kind of error (a category or a problem-type URI).
    fn error_type(&self) -> Option<&str> {
        None
    }
    /// A link to the request's entry in the API's logs.
    fn request_log_url(&self) -> Option<&str> {
        None
    }
}

impl ErrorDetails for serde_json::Value {
    fn code(&self) -> Option<&str> {
        json_detail(self, "code")
    }
    fn message(&self) -> Option<&str> {
        json_detail(self, "message")
    }
    fn decline_code(&self) -> Option<&str> {
        json_detail(self, "decline_code")
    }
    fn param(&self) -> Option<&str> {
        json_detail(self, "param")
    }
    fn error_type(&self) -> Option<&str> {
        json_detail(self, "type")
    }
    fn request_log_url(&self) -> Option<&str> {
        json_detail(self, "request_log_url")
    }
}

/// The text at `error.<name>`, else at `<name>`.
fn json_detail<'a>(body: &'a serde_json::Value, name: &str) -> Option<&'a str> {
    body.get("error")
        .and_then(|error| error.get(name))
        .or_else(|| body.get(name))
        .and_then(serde_json::Value::as_str)
}

/// An error status with a well-formed error body.
///
/// `Display` says what the API reported, from the body's
/// [`ErrorDetails`]: `card_declined (insufficient_funds): Your card has
/// insufficient funds. [request req_123]` (code, the more specific code,
/// the message, the request id), or the status and a redacted preview of
/// the body when it carries no message.
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
            .field("error", &RedactedBody(&self.body))
            .field("body", &BodyPreview(&self.body))
            .field("request_id", &self.request_id)
            .finish()
    }
}

// The trait's methods are called by path: the body's own methods (setters
// of a request type, say) may have the same names.
impl ApiError {
    /// The error's machine-readable code, e.g. `card_declined`.
    pub fn code(&self) -> Option<&str> {
        ErrorDetails::code(&self.error)
    }

    /// The more specific code, e.g. a card issuer's `insufficient_funds`.
    pub fn decline_code(&self) -> Option<&str> {
        ErrorDetails::decline_code(&self.error)
    }

    /// The request parameter the error is about.
    pub fn param(&self) -> Option<&str> {
        ErrorDetails::param(&self.error)
    }

    /// The API's message for people.
    pub fn message(&self) -> Option<&str> {
        ErrorDetails::message(&self.error)
    }

    /// The kind of error the body states.
    pub fn error_type(&self) -> Option<&str> {
        ErrorDetails::error_type(&self.error)
    }

    /// A link to the request in the API's logs.
    pub fn request_log_url(&self) -> Option<&str> {
        ErrorDetails::request_log_url(&self.error)
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.message(), self.code(), self.decline_code()) {
            (Some(message), Some(code), Some(decline)) => {
                write!(f, "{code} ({decline}): {message}")?;
            }
            (Some(message), Some(code), None) => write!(f, "{code}: {message}")?,
            (Some(message), None, _) => write!(f, "{}: {message}", self.status)?,
            (None, ..) => write!(
                f,
                "the API returned {}: {}",
                self.status,
                BodyPreview(&self.body)
            )?,
        }
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
        Some(id) => write!(f, " [request {id}]"),
        None => Ok(()),
    }
}

/// What failed when a request did not complete.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportKind {
    /// The attempt took longer than the client's or the request's timeout.
    Timeout,
    /// No connection: refused, unreachable, or the TLS handshake failed.
    Connect,
    /// The status arrived, then the body was cut off (the connection was
    /// reset or closed early).
    BodyCutOff,
    /// Anything else the HTTP client reported (see the source).
    Other,
}

/// A request that did not complete, and what failed.
#[non_exhaustive]
pub struct TransportError {
    /// What failed.
    pub kind: TransportKind,
    /// The status of the response, when it arrived before the failure
    /// ([`Error::status`] returns it).
    pub status: Option<StatusCode>,
    source: reqwest::Error,
}

impl TransportError {
    /// Classifies `source`; `status` is that of a response whose body was
    /// being read.
    pub(crate) fn new(source: reqwest::Error, status: Option<StatusCode>) -> Box<Self> {
        let kind = if source.is_timeout() {
            TransportKind::Timeout
        } else if source.is_connect() {
            TransportKind::Connect
        } else if status.is_some() {
            TransportKind::BodyCutOff
        } else {
            TransportKind::Other
        };
        Box::new(Self {
            kind,
            status,
            source,
        })
    }

    /// The HTTP client's own error.
    pub fn reqwest(&self) -> &reqwest::Error {
        &self.source
    }

    /// Whether the request could not be built at all (never retried).
    pub(crate) fn is_builder(&self) -> bool {
        self.source.is_builder()
    }
}

impl fmt::Debug for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TransportError")
            .field("kind", &self.kind)
            .field("status", &self.status)
            .field("source", &self.source)
            .finish()
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.kind, self.status) {
            (TransportKind::Timeout, Some(status)) => write!(
                f,
                "the request timed out while its {status} response body was read"
            ),
            (TransportKind::Timeout, None) => write!(f, "the request timed out"),
            (TransportKind::Connect, _) => write!(f, "could not connect to the server"),
            (TransportKind::BodyCutOff, Some(status)) | (TransportKind::Other, Some(status)) => {
                write!(f, "the {status} response's body was cut off")
            }
            (_, None) => write!(f, "the request failed before a response arrived"),
        }?;
        write!(f, ": {}", self.source)
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn api_error(status: u16, body: serde_json::Value) -> ApiError {
        ApiError {
            status: StatusCode::from_u16(status).expect("a status"),
            body: Bytes::from(body.to_string()),
            error: body,
            request_id: Some("req_1".to_owned()),
        }
    }

    #[test]
    fn json_bodies_show_their_details() {
        let nested = api_error(
            402,
            serde_json::json!({"error": {"code": "card_declined", "decline_code": "expired_card", "message": "Expired."}}),
        );
        assert_eq!(nested.code(), Some("card_declined"));
        assert_eq!(
            nested.to_string(),
            "card_declined (expired_card): Expired. [request req_1]"
        );
        let flat = api_error(400, serde_json::json!({"code": "bad", "message": "No."}));
        assert_eq!(flat.to_string(), "bad: No. [request req_1]");
        let uncoded = api_error(409, serde_json::json!({"message": "Busy."}));
        assert_eq!(uncoded.to_string(), "409 Conflict: Busy. [request req_1]");
        let bare = api_error(500, serde_json::json!({"oops": 1}));
        assert_eq!(bare.message(), None);
        assert!(
            bare.to_string()
                .starts_with("the API returned 500 Internal Server Error: "),
            "{bare}"
        );
    }

    #[test]
    fn debug_shows_the_whole_body_without_its_secrets() {
        let error = api_error(
            402,
            serde_json::json!({"error": {"code": "card_declined", "payment_intent": {"id": "pi_1", "client_secret": "pi_1_secret_x"}}}),
        );
        let shown = format!("{error:?}");
        assert!(!shown.contains("pi_1_secret_x"), "{shown}");
        assert!(shown.contains(r#""id":"pi_1""#), "{shown}");
        assert!(shown.contains("card_declined"), "{shown}");
    }
}
