//! Requests: the trait every generated operation implements, the request
//! builder with per-request options, response classification, pagination
//! and the raw escape hatch.

use std::borrow::Cow;
use std::collections::VecDeque;
use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::StatusCode;

use crate::client::{Async, Client, Exchange, Mode, Prepared, RawResponse, RetryPolicy};
use crate::encoding::{ListStyle, Query};
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

/// One API operation with its arguments: implemented by the operation types
/// of this crate only.
pub trait Operation: Sealed + Send + Sync {
    /// What a successful call returns.
    type Output;
    /// Facts about the operation.
    const INFO: OperationInfo;
    /// The operation's own security requirements (alternatives of
    /// credentials, by index), when they are not the API's.
    #[doc(hidden)]
    const SECURITY: Option<crate::client::Security> = None;
    /// The HTTP method.
    fn method(&self) -> reqwest::Method {
        Self::INFO.method.clone()
    }
    /// The path with its parameters filled in and percent-encoded.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] when a path parameter cannot be written
    /// (empty, or not encodable in its style).
    fn path(&self) -> Result<String, Error>;
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
    /// Whether the success body is JSON: one the server labels as another
    /// type (an HTML page from a proxy) is then an unexpected response, not
    /// a decode error.
    const JSON_BODY: bool = true;
    /// Turns the final response into the call's result: the decoded body
    /// for a success status, an [`Error`] otherwise.
    fn respond(response: RawResponse) -> Result<Response<Self::Output>, Error> {
        classify(response, Self::decode, Self::JSON_BODY)
    }
}

/// An operation whose results come in pages, walked by
/// [`Request::into_stream`].
pub trait Paginated: Operation + Clone {
    /// One element of a page.
    type Item;
    /// Moves the arguments on to the page after `page`; `false` when there
    /// is no further page.
    fn advance(&mut self, page: &Self::Output) -> bool;
    /// The items of a page.
    fn into_items(page: Self::Output) -> Vec<Self::Item>;
}

/// An encoded request body.
#[derive(Clone)]
pub struct RequestBody {
    pub(crate) content_type: Cow<'static, str>,
    pub(crate) payload: Payload,
}

/// What a request body is made of.
#[derive(Clone)]
pub(crate) enum Payload {
    /// Bytes, sent as they are by every attempt.
    Bytes(Bytes),
    /// A body made afresh for each attempt (multipart forms, files, streams).
    #[allow(dead_code)] // made by uploads and multipart forms only
    Fresh(Arc<dyn FreshBody>),
}

/// A body made afresh for each attempt of a request.
pub(crate) trait FreshBody: Send + Sync {
    /// Adds the body of one attempt (and its `Content-Type`, given as
    /// `content_type` unless the body makes its own) to the request.
    fn attach(
        &self,
        builder: reqwest::RequestBuilder,
        content_type: &str,
    ) -> Result<reqwest::RequestBuilder, Error>;
    /// Whether the body can be sent again, so the request can be retried.
    fn replayable(&self) -> bool;
}

impl fmt::Debug for RequestBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Bodies can hold secrets (card numbers); only their size is shown.
        let mut debug = f.debug_struct("RequestBody");
        debug.field("content_type", &self.content_type);
        match &self.payload {
            Payload::Bytes(bytes) => debug.field("len", &bytes.len()),
            Payload::Fresh(body) => debug.field("replayable", &body.replayable()),
        };
        debug.finish()
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
        Ok(Self::bytes(Bytes::from(bytes), content_type.into()))
    }

    /// An `application/x-www-form-urlencoded` body: fields at the top level,
    /// nested objects as `a[b]=c`, lists as `a[0]=x`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] when `value` is not an object or cannot be encoded.
    pub fn form(value: &impl serde::Serialize) -> Result<Self, Error> {
        Self::styled_form(value, ListStyle::Indexed, &[])
    }

    /// A form body as its operation's document describes it: lists of the
    /// top-level properties `styles` names as it says, the others as
    /// `default` says (OpenAPI's default is a repeated name per item).
    pub(crate) fn styled_form(
        value: &impl serde::Serialize,
        default: ListStyle,
        styles: crate::form::Styles,
    ) -> Result<Self, Error> {
        let mut query = Query::default();
        query.push_styled_fields(value, default, styles)?;
        Ok(Self::bytes(
            Bytes::from(query.finish()?),
            "application/x-www-form-urlencoded".into(),
        ))
    }

    /// A body sent as is, with the given media type.
    pub fn raw(bytes: impl Into<Bytes>, content_type: &'static str) -> Self {
        Self::bytes(bytes.into(), content_type.into())
    }

    pub(crate) fn bytes(bytes: Bytes, content_type: Cow<'static, str>) -> Self {
        Self {
            content_type,
            payload: Payload::Bytes(bytes),
        }
    }

    #[allow(dead_code)] // used by uploads and multipart forms only
    pub(crate) fn fresh(content_type: Cow<'static, str>, body: Arc<dyn FreshBody>) -> Self {
        Self {
            content_type,
            payload: Payload::Fresh(body),
        }
    }

    /// The encoded bytes; empty for a body made when it is sent (a
    /// multipart form, a file or a stream).
    pub fn as_bytes(&self) -> &[u8] {
        match &self.payload {
            Payload::Bytes(bytes) => bytes,
            Payload::Fresh(_) => &[],
        }
    }

    /// The media type of the body (`multipart/form-data` for a form, whose
    /// boundary is chosen when it is sent).
    pub fn content_type(&self) -> &str {
        &self.content_type
    }

    /// Whether the body can be sent again, so that a failed request can be
    /// retried: false for a stream, which can be read once only.
    pub fn is_replayable(&self) -> bool {
        match &self.payload {
            Payload::Bytes(_) => true,
            Payload::Fresh(body) => body.replayable(),
        }
    }

    /// Adds the body of one attempt to the request.
    pub(crate) fn attach(
        &self,
        builder: reqwest::RequestBuilder,
    ) -> Result<reqwest::RequestBuilder, Error> {
        match &self.payload {
            Payload::Bytes(bytes) => Ok(builder
                .header(reqwest::header::CONTENT_TYPE, self.content_type.as_ref())
                .body(bytes.clone())),
            Payload::Fresh(body) => body.attach(builder, &self.content_type),
        }
    }
}

/// Decodes a JSON success body.
#[allow(dead_code)] // used by operations with JSON responses only
pub(crate) fn decode_json<T: serde::de::DeserializeOwned>(
    body: &[u8],
) -> Result<T, serde_json::Error> {
    serde_json::from_slice(body)
}

/// Decodes the success body of an operation whose successes come with a
/// JSON body or without one: `None` for an empty body.
#[allow(dead_code)] // used by operations with such responses only
pub(crate) fn decode_json_or_empty<T: serde::de::DeserializeOwned>(
    body: &[u8],
) -> Result<Option<T>, serde_json::Error> {
    if body.iter().all(u8::is_ascii_whitespace) {
        Ok(None)
    } else {
        serde_json::from_slice(body).map(Some)
    }
}

/// Decodes a success response documented without a body (any body is ignored).
#[allow(dead_code)] // used by operations with such responses only
pub(crate) fn decode_empty(_body: &[u8]) -> Result<(), serde_json::Error> {
    Ok(())
}

/// Decodes a text success body, which must be UTF-8 (a body that is not
/// fails to decode, and the error keeps it as received).
#[allow(dead_code)] // used by operations with such responses only
pub(crate) fn decode_text(body: &[u8]) -> Result<String, serde_json::Error> {
    String::from_utf8(body.to_vec())
        .map_err(|e| serde::de::Error::custom(format!("the text body is not valid UTF-8: {e}")))
}

/// Settings of one request that override the client's.
#[derive(Clone, Debug, Default)]
struct RequestOptions {
    timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
    idempotency_key: Option<String>,
    headers: Vec<(String, String)>,
}

/// A request about to be sent: set optional arguments and per-request
/// options, then `.await` it (or call [`Request::send`]).
#[must_use = "a request does nothing until it is sent with `.send()` or awaited"]
pub struct Request<Op, M = Async> {
    client: Client<M>,
    pub(crate) op: Op,
    options: RequestOptions,
}

impl<Op: Clone, M> Clone for Request<Op, M> {
    fn clone(&self) -> Self {
        Self {
            client: self.client.clone(),
            op: self.op.clone(),
            options: self.options.clone(),
        }
    }
}

impl<Op: fmt::Debug, M> fmt::Debug for Request<Op, M> {
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

impl<Op: Operation, M: Mode> Request<Op, M> {
    pub(crate) fn new(client: &Client<M>, op: Op) -> Self {
        Self {
            client: client.clone(),
            op,
            options: RequestOptions::default(),
        }
    }

    /// Time limit of each attempt of this request, instead of the client's.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.options.timeout = Some(timeout);
        self
    }

    /// How many times this request is retried, instead of the client's
    /// setting (`0` disables retries).
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        let policy = self
            .options
            .retry
            .unwrap_or_else(|| self.client.retry_policy());
        self.options.retry = Some(policy.with_max_retries(max_retries));
        self
    }

    /// The whole retry policy of this request.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.options.retry = Some(policy);
        self
    }

    /// The idempotency key to send with this POST request. By default each
    /// call gets a fresh random key, reused on its retries; set your own to
    /// make a call safe to repeat across restarts.
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.options.idempotency_key = Some(key.into());
        self
    }

    /// An extra header for this request.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.options.headers.push((name.into(), value.into()));
        self
    }

    /// Builds the request once; retries send it again unchanged.
    fn prepare(&self) -> Result<Prepared, Error> {
        let op = &self.op;
        let method = op.method();
        let mut url = format!("{}{}", self.client.base_url(), op.path()?);
        let mut query = Query::default();
        op.query(&mut query);
        let query = query.finish()?;
        if !query.is_empty() {
            url.push('?');
            url.push_str(&query);
        }
        let mut headers = HeaderMap::new();
        insert_header(&mut headers, "accept", Op::INFO.accept)?;
        op.headers(&mut headers)?;
        if method == reqwest::Method::POST {
            if let Some(name) = crate::SDK.idempotency_header {
                let key = match &self.options.idempotency_key {
                    Some(key) => key.clone(),
                    None => uuid::Uuid::new_v4().to_string(),
                };
                insert_header(&mut headers, name, &key)?;
            }
        }
        for (name, value) in &self.options.headers {
            insert_header(&mut headers, name, value)?;
        }
        Ok(Prepared {
            operation_id: Op::INFO.operation_id,
            path_template: Op::INFO.path,
            method,
            url,
            headers,
            body: op.body()?,
            security: Op::SECURITY.unwrap_or(crate::SDK.security),
        })
    }

    /// Sends the request (with retries) up to a success response whose
    /// body is still to be read, or the error the final response means.
    #[allow(dead_code)] // used by downloads only
    pub(crate) async fn open(&self) -> Result<Exchange, Error> {
        let prepared = self.prepare()?;
        self.client
            .exchange(&prepared, self.options.retry, self.options.timeout, true)
            .await
    }

    /// Sends the request (with retries) and classifies the response.
    async fn dispatch(&self) -> Result<Response<Op::Output>, Error> {
        let prepared = self.prepare()?;
        let response = self
            .client
            .execute(&prepared, self.options.retry, self.options.timeout)
            .await?;
        Op::respond(response)
    }
}

impl<Op: Operation> Request<Op, Async> {
    /// Sends the request and decodes the response.
    ///
    /// # Errors
    ///
    /// See [`Error`]: [`Error::Api`] for error statuses with an error body,
    /// [`Error::Transport`] when no response arrived, and so on.
    pub async fn send(self) -> Result<Op::Output, Error> {
        self.dispatch().await.map(|response| response.data)
    }

    /// Sends the request and returns the decoded body with the status,
    /// headers and request id of the response.
    ///
    /// # Errors
    ///
    /// As [`Request::send`].
    pub async fn send_with_response(self) -> Result<Response<Op::Output>, Error> {
        self.dispatch().await
    }
}

impl<Op> IntoFuture for Request<Op, Async>
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

/// Pages being walked: the request for the next page and the items of the
/// current one not yet handed out.
struct Pages<Op: Paginated, M> {
    next: Option<Request<Op, M>>,
    buffer: VecDeque<Op::Item>,
}

impl<Op: Paginated, M: Mode> Pages<Op, M> {
    fn new(request: Request<Op, M>) -> Self {
        Self {
            next: Some(request),
            buffer: VecDeque::new(),
        }
    }

    /// Takes the request for the next page, keeping a copy moved on to the
    /// page after it once this one's items are known.
    async fn fetch(&mut self) -> Option<Result<(), Error>> {
        let request = self.next.take()?;
        match request.dispatch().await {
            Err(err) => Some(Err(err)),
            Ok(response) => {
                let mut following = request;
                if following.op.advance(&response.data) {
                    self.next = Some(following);
                }
                self.buffer.extend(Op::into_items(response.data));
                Some(Ok(()))
            }
        }
    }

    /// The next item, fetching pages as needed; `None` after the last item
    /// or after an error.
    async fn next_item(&mut self) -> Option<Result<Op::Item, Error>> {
        loop {
            if let Some(item) = self.buffer.pop_front() {
                return Some(Ok(item));
            }
            match self.fetch().await? {
                Ok(()) => {}
                Err(err) => return Some(Err(err)),
            }
        }
    }
}

impl<Op> Request<Op, Async>
where
    Op: Paginated + 'static,
    Op::Item: Send + 'static,
{
    /// Every item of every page, fetched lazily one page at a time as the
    /// stream is polled. The stream ends after the last page or after the
    /// first error.
    pub fn into_stream(
        self,
    ) -> impl futures_core::Stream<Item = Result<Op::Item, Error>> + Send + 'static {
        futures_util::stream::unfold(Pages::new(self), |mut pages| async move {
            let item = pages.next_item().await?;
            Some((item, pages))
        })
    }

    /// Collects items of the following pages until `max` items are in or the
    /// pages run out; no page beyond the one holding item `max` is fetched.
    ///
    /// # Errors
    ///
    /// The first error any page request returns.
    pub async fn collect_items(self, max: usize) -> Result<Vec<Op::Item>, Error> {
        let mut pages = Pages::new(self);
        let mut out = Vec::new();
        while out.len() < max {
            match pages.next_item().await {
                Some(item) => out.push(item?),
                None => break,
            }
        }
        Ok(out)
    }
}

#[cfg(feature = "blocking")]
impl<Op: Operation> Request<Op, crate::client::Blocking> {
    /// Runs `future` to completion on the blocking client's runtime.
    fn block_on<T>(&self, future: impl Future<Output = Result<T, Error>>) -> Result<T, Error> {
        if tokio::runtime::Handle::try_current().is_ok() {
            return Err(Error::InvalidRequest(
                "the blocking client cannot be used inside an async runtime; use the async Client"
                    .to_owned(),
            ));
        }
        match self.client.runtime() {
            Some(runtime) => runtime.block_on(future),
            None => Err(Error::InvalidRequest(
                "the blocking client has no runtime".to_owned(),
            )),
        }
    }

    /// Sends the request, waiting for the response, and decodes it.
    ///
    /// # Errors
    ///
    /// As the async [`Request::send`].
    pub fn send(self) -> Result<Op::Output, Error> {
        self.send_with_response().map(|response| response.data)
    }

    /// Sends the request, waiting for the response, and returns the decoded
    /// body with the status, headers and request id.
    ///
    /// # Errors
    ///
    /// As the async [`Request::send`].
    pub fn send_with_response(self) -> Result<Response<Op::Output>, Error> {
        self.block_on(self.dispatch())
    }
}

#[cfg(feature = "blocking")]
impl<Op: Paginated> Request<Op, crate::client::Blocking> {
    /// Every item of every page, fetched one page at a time as the iterator
    /// advances; it ends after the last page or after the first error.
    pub fn into_items(self) -> impl Iterator<Item = Result<Op::Item, Error>> {
        let probe = self.clone();
        let mut pages = Pages::new(self);
        let mut failed = false;
        std::iter::from_fn(move || {
            if failed {
                return None;
            }
            match probe.block_on(async { Ok(pages.next_item().await) }) {
                Ok(item) => item,
                Err(err) => {
                    failed = true;
                    Some(Err(err))
                }
            }
        })
    }

    /// Collects items of the following pages until `max` items are in or
    /// the pages run out.
    ///
    /// # Errors
    ///
    /// The first error any page request returns.
    pub fn collect_items(self, max: usize) -> Result<Vec<Op::Item>, Error> {
        self.into_items().take(max).collect()
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

/// Whether a response's `Content-Type` is JSON (`application/json`,
/// `application/*+json`) or absent.
fn says_json(headers: &reqwest::header::HeaderMap) -> bool {
    let Some(value) = headers.get(reqwest::header::CONTENT_TYPE) else {
        return true;
    };
    let essence = value
        .to_str()
        .unwrap_or_default()
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}

/// Classifies a response: decoded output, API error, or unexpected answer
/// (an undocumented status, an error body that is not the API's error, a
/// success body that is not JSON).
pub(crate) fn classify<T>(
    response: RawResponse,
    decode: fn(&[u8]) -> Result<T, serde_json::Error>,
    json: bool,
) -> Result<Response<T>, Error> {
    let RawResponse {
        status,
        headers,
        body,
        request_id,
    } = response;
    if status.is_success() {
        match decode(&body) {
            Ok(data) => {
                return Ok(Response {
                    data,
                    status,
                    headers,
                    request_id,
                })
            }
            // A JSON body the server says is JSON (or does not say) that
            // fails to decode is a decode error, as is any body of a text
            // or file operation; a JSON operation's body of another type
            // (an HTML page from a proxy) is not the API's answer, and is
            // reported as unexpected below.
            Err(source) if !json || says_json(&headers) => {
                return Err(Error::Decode(Box::new(DecodeError {
                    status,
                    source,
                    body,
                    request_id,
                })))
            }
            Err(_) => {}
        }
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

/// Any request to any path: the escape hatch for what the generated
/// operations do not cover. Created by [`Client::raw`].
#[derive(Clone, Debug)]
pub struct RawOperation {
    method: reqwest::Method,
    path: String,
    query: Query,
    body: Option<RequestBody>,
    error: Option<String>,
}

impl Sealed for RawOperation {}

impl Operation for RawOperation {
    type Output = RawResponse;
    const INFO: OperationInfo = OperationInfo {
        operation_id: "raw",
        method: reqwest::Method::GET,
        path: "(raw)",
        success_statuses: &[],
        error_statuses: &[],
        accept: "application/json, */*",
    };

    fn method(&self) -> reqwest::Method {
        self.method.clone()
    }

    fn path(&self) -> Result<String, Error> {
        Ok(self.path.clone())
    }

    fn query(&self, query: &mut Query) {
        *query = self.query.clone();
    }

    fn body(&self) -> Result<Option<RequestBody>, Error> {
        match &self.error {
            Some(error) => Err(Error::InvalidRequest(error.clone())),
            None => Ok(self.body.clone()),
        }
    }

    fn decode(_body: &[u8]) -> Result<RawResponse, serde_json::Error> {
        Err(serde::de::Error::custom(
            "raw responses are returned as received",
        ))
    }

    /// Every response, whatever its status, is the result.
    fn respond(response: RawResponse) -> Result<Response<RawResponse>, Error> {
        Ok(Response {
            status: response.status,
            headers: response.headers.clone(),
            request_id: response.request_id.clone(),
            data: response,
        })
    }
}

impl<M: Mode> Client<M> {
    /// A request to any path of the API (`path` starts with `/`), sent with
    /// the client's credentials, retries and idempotency keys. Its result is
    /// the response as received, whatever its status: nothing is decoded or
    /// classified.
    pub fn raw(
        &self,
        method: reqwest::Method,
        path: impl Into<String>,
    ) -> Request<RawOperation, M> {
        Request::new(
            self,
            RawOperation {
                method,
                path: path.into(),
                query: Query::default(),
                body: None,
                error: None,
            },
        )
    }
}

impl<M: Mode> Request<RawOperation, M> {
    /// Adds a query parameter (objects become `name[key]=value`).
    pub fn query(mut self, name: &str, value: &impl serde::Serialize) -> Self {
        self.op
            .query
            .push(name, value, crate::encoding::ListStyle::Indexed);
        self
    }

    /// Sends `value` as a JSON body.
    pub fn json(mut self, value: &impl serde::Serialize) -> Self {
        match RequestBody::json(value, "application/json") {
            Ok(body) => self.op.body = Some(body),
            Err(err) => self.op.error = Some(err.to_string()),
        }
        self
    }

    /// Sends `value` as a form body (`a[b]=c` nesting).
    pub fn form(mut self, value: &impl serde::Serialize) -> Self {
        match RequestBody::form(value) {
            Ok(body) => self.op.body = Some(body),
            Err(err) => self.op.error = Some(err.to_string()),
        }
        self
    }

    /// Sends `body` as it is.
    pub fn body(mut self, body: RequestBody) -> Self {
        self.op.body = Some(body);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_type(value: Option<&str>) -> reqwest::header::HeaderMap {
        let mut headers = reqwest::header::HeaderMap::new();
        if let Some(value) = value {
            headers.insert(
                reqwest::header::CONTENT_TYPE,
                HeaderValue::from_str(value).expect("a header value"),
            );
        }
        headers
    }

    #[test]
    fn json_content_types_are_told_from_others() {
        for json in [
            None,
            Some("application/json"),
            Some("Application/JSON; charset=utf-8"),
            Some("application/problem+json"),
        ] {
            assert!(says_json(&with_type(json)), "{json:?}");
        }
        for other in ["text/html; charset=utf-8", "text/plain", "application/xml"] {
            assert!(!says_json(&with_type(Some(other))), "{other}");
        }
    }
}
