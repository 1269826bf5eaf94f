//! Requests: the trait every generated operation implements, the request
//! builder with per-request options, and how responses become results.

use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::StatusCode;

use crate::client::{Client, Exchange, Outgoing};
use crate::encoding::Query;
use crate::error::{ApiError, DecodeError, Error, UnexpectedResponse};

/// What the generator knows about an operation.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct OperationInfo {
    /// The `operationId` in the API document.
    pub operation_id: &'static str,
    /// HTTP method.
    pub method: reqwest::Method,
    /// Path template, e.g. `/v1/items/{id}`.
    pub path: &'static str,
    /// Statuses the document lists for successful responses.
    pub success_statuses: &'static [u16],
    /// Statuses the document lists for error responses.
    pub error_statuses: &'static [u16],
    /// `Accept` header: the media types the operation can answer with.
    pub accept: &'static str,
}

mod sealed {
    pub trait Sealed {}
}
pub(crate) use sealed::Sealed;

/// One API operation with its arguments: implemented by the generated
/// operation types of this crate only.
pub trait Operation: Sealed + Send + Sync {
    /// What a successful call returns.
    type Output;
    /// Facts about the operation.
    const INFO: OperationInfo;
    /// The path with its parameters filled in and percent-encoded.
    fn path(&self) -> String;
    /// Adds the query parameters.
    fn query(&self, query: &mut Query) {
        let _ = query;
    }
    /// Adds the header parameters.
    fn headers(&self, headers: &mut HeaderMap) -> Result<(), Error> {
        let _ = headers;
        Ok(())
    }
    /// The encoded request body, if the call has one.
    fn body(&self) -> Result<Option<RequestBody>, Error> {
        Ok(None)
    }
    /// Decodes a success body.
    fn decode(body: &[u8]) -> Result<Self::Output, serde_json::Error>;
}

/// An encoded request body.
#[derive(Clone)]
pub struct RequestBody {
    pub(crate) content_type: &'static str,
    pub(crate) bytes: Vec<u8>,
}

impl fmt::Debug for RequestBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Bodies can hold secrets (card numbers); only their size is shown.
        f.debug_struct("RequestBody")
            .field("content_type", &self.content_type)
            .field("len", &self.bytes.len())
            .finish()
    }
}

impl RequestBody {
    /// A JSON body of the given media type (e.g. `application/json`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] when `value` cannot be encoded as JSON.
    pub fn json(value: &impl serde::Serialize, content_type: &'static str) -> Result<Self, Error> {
        let bytes = serde_json::to_vec(value).map_err(|e| {
            Error::InvalidRequest(format!("the request body could not be encoded: {e}"))
        })?;
        Ok(Self {
            content_type,
            bytes,
        })
    }

    /// An `application/x-www-form-urlencoded` body: fields at the top level,
    /// nested objects as `a[b]=c`, lists as `a[0]=x`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] when `value` is not an object or cannot be encoded.
    pub fn form(value: &impl serde::Serialize) -> Result<Self, Error> {
        let mut query = Query::default();
        query.push_fields(value)?;
        Ok(Self {
            content_type: "application/x-www-form-urlencoded",
            bytes: query.finish()?.into_bytes(),
        })
    }

    /// A body sent as is, with the given media type.
    pub fn raw(bytes: Vec<u8>, content_type: &'static str) -> Self {
        Self {
            content_type,
            bytes,
        }
    }
}

/// Decodes a JSON success body.
pub(crate) fn decode_json<T: serde::de::DeserializeOwned>(
    body: &[u8],
) -> Result<T, serde_json::Error> {
    serde_json::from_slice(body)
}

/// Decodes a success response documented without a body (any body is ignored).
#[allow(dead_code)] // used by operations with such responses only
pub(crate) fn decode_empty(_body: &[u8]) -> Result<(), serde_json::Error> {
    Ok(())
}

/// Decodes a text success body.
#[allow(dead_code)] // used by operations with such responses only
pub(crate) fn decode_text(body: &[u8]) -> Result<String, serde_json::Error> {
    Ok(String::from_utf8_lossy(body).into_owned())
}

/// Decodes a binary success body.
#[allow(dead_code)] // used by operations with such responses only
pub(crate) fn decode_bytes(body: &[u8]) -> Result<Vec<u8>, serde_json::Error> {
    Ok(body.to_vec())
}

/// Settings of one request that override the client's.
#[derive(Clone, Debug, Default)]
struct RequestOptions {
    timeout: Option<Duration>,
    idempotency_key: Option<String>,
    headers: Vec<(String, String)>,
}

/// A request about to be sent: set per-request options, then `.await` it
/// (or call [`Request::send`]).
#[must_use = "a request does nothing until it is sent with `.send()` or awaited"]
pub struct Request<Op> {
    client: Client,
    pub(crate) op: Op,
    options: RequestOptions,
}

impl<Op: fmt::Debug> fmt::Debug for Request<Op> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request")
            .field("op", &self.op)
            .field("options", &self.options)
            .finish()
    }
}

/// A successful response: the decoded body with the response's metadata.
#[derive(Debug)]
#[non_exhaustive]
pub struct Response<T> {
    /// The decoded body.
    pub data: T,
    /// HTTP status.
    pub status: StatusCode,
    /// Response headers.
    pub headers: HeaderMap,
    /// The request id the server assigned, if the response carried one.
    pub request_id: Option<String>,
}

impl<Op: Operation> Request<Op> {
    pub(crate) fn new(client: &Client, op: Op) -> Self {
        Self {
            client: client.clone(),
            op,
            options: RequestOptions::default(),
        }
    }

    /// Time limit of this request, instead of the client's.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.options.timeout = Some(timeout);
        self
    }

    /// The idempotency key to send (POST requests only; by default each
    /// request gets a fresh random key).
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.options.idempotency_key = Some(key.into());
        self
    }

    /// An extra header for this request.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.options.headers.push((name.into(), value.into()));
        self
    }

    /// Sends the request and decodes the response.
    ///
    /// # Errors
    ///
    /// See [`Error`]: [`Error::Api`] for error statuses with an error body,
    /// [`Error::Transport`] when no response arrived, and so on.
    pub async fn send(self) -> Result<Op::Output, Error> {
        self.send_with_response()
            .await
            .map(|response| response.data)
    }

    /// Sends the request and returns the decoded body with the status,
    /// headers and request id of the response.
    ///
    /// # Errors
    ///
    /// As [`Request::send`].
    pub async fn send_with_response(self) -> Result<Response<Op::Output>, Error> {
        let Request {
            client,
            op,
            options,
        } = self;
        let mut path = op.path();
        let mut query = Query::default();
        op.query(&mut query);
        let query = query.finish()?;
        if !query.is_empty() {
            path.push('?');
            path.push_str(&query);
        }
        let mut headers = HeaderMap::new();
        insert_header(&mut headers, "accept", Op::INFO.accept)?;
        op.headers(&mut headers)?;
        if Op::INFO.method == reqwest::Method::POST {
            if let Some(name) = crate::SDK.idempotency_header {
                let key = options
                    .idempotency_key
                    .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
                insert_header(&mut headers, name, &key)?;
            }
        }
        for (name, value) in &options.headers {
            insert_header(&mut headers, name, value)?;
        }
        let exchange = client
            .exchange(Outgoing {
                method: Op::INFO.method,
                path_and_query: &path,
                headers,
                body: op.body()?,
                timeout: options.timeout,
            })
            .await?;
        into_result::<Op>(exchange)
    }
}

/// Adds a header, refusing names or values HTTP cannot carry.
pub(crate) fn insert_header(headers: &mut HeaderMap, name: &str, value: &str) -> Result<(), Error> {
    let name = HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| Error::InvalidRequest(format!("{name:?} is not a valid header name")))?;
    let value = HeaderValue::from_str(value).map_err(|_| {
        Error::InvalidRequest(format!("the value of header {name} is not valid in HTTP"))
    })?;
    headers.insert(name, value);
    Ok(())
}

/// Adds `name=value` to a `Cookie` header under construction; `None` adds nothing.
#[allow(dead_code)] // used by operations with cookie parameters only
pub(crate) fn push_cookie<T: serde::Serialize>(cookies: &mut String, name: &str, value: &T) {
    let text = match serde_json::to_value(value) {
        Ok(serde_json::Value::Null) | Err(_) => return,
        Ok(serde_json::Value::String(text)) => text,
        Ok(other) => other.to_string(),
    };
    if !cookies.is_empty() {
        cookies.push_str("; ");
    }
    cookies.push_str(name);
    cookies.push('=');
    cookies.push_str(&text);
}

/// Classifies a response: decoded output, API error, or unexpected answer.
fn into_result<Op: Operation>(exchange: Exchange) -> Result<Response<Op::Output>, Error> {
    let Exchange {
        status,
        headers,
        body,
    } = exchange;
    let request_id = crate::SDK
        .request_id_headers
        .iter()
        .find_map(|name| headers.get(*name))
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    if status.is_success() {
        return match Op::decode(&body) {
            Ok(data) => Ok(Response {
                data,
                status,
                headers,
                request_id,
            }),
            Err(source) => Err(Error::Decode(Box::new(DecodeError {
                status,
                source,
                body,
                request_id,
            }))),
        };
    }
    if status.is_client_error() || status.is_server_error() {
        if let Ok(error) = serde_json::from_slice::<crate::ErrorBody>(&body) {
            return Err(Error::Api(Box::new(ApiError {
                status,
                error,
                body,
                request_id,
            })));
        }
    }
    let content_type = headers
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    Err(Error::UnexpectedResponse(Box::new(UnexpectedResponse {
        status,
        content_type,
        body,
        request_id,
    })))
}

impl<Op> IntoFuture for Request<Op>
where
    Op: Operation + 'static,
    Op::Output: Send + 'static,
{
    type Output = Result<Op::Output, Error>;
    type IntoFuture = Pin<Box<dyn Future<Output = Self::Output> + Send>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}
