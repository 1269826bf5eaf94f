//! The client: connection settings, credentials, retries and the HTTP
//! exchange shared by every operation.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use bytes::{Bytes, BytesMut};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::StatusCode;
use tracing::Instrument;

use crate::error::{BodyTooLarge, Error, TransportError};

/// Where a credential goes in a request.
#[derive(Clone, Copy, Debug)]
#[allow(dead_code)] // each API uses some of these
pub(crate) enum Placement {
    /// A header, the value after a prefix such as `Bearer `.
    Header {
        name: &'static str,
        prefix: &'static str,
    },
    /// A query parameter.
    Query { name: &'static str },
    /// A cookie.
    Cookie { name: &'static str },
    /// HTTP basic authentication: user name and password.
    Basic,
}

/// One credential the client builder takes (a security scheme of the API).
#[derive(Debug)]
pub(crate) struct CredentialScheme {
    /// Its name in messages and `Debug` output (the builder method's).
    pub(crate) name: &'static str,
    /// Where it goes.
    pub(crate) placement: Placement,
}

/// Security requirements: alternatives, each a set of credentials (indices
/// into [`SdkConfig::credentials`]) sent together.
pub(crate) type Security = &'static [&'static [usize]];

/// Facts about the API that the generator fills in.
#[derive(Debug)]
pub(crate) struct SdkConfig {
    /// Base URL used unless the builder sets another.
    pub(crate) default_base_url: &'static str,
    /// `User-Agent` sent with every request.
    pub(crate) user_agent: &'static str,
    /// The credentials the builder takes.
    pub(crate) credentials: &'static [CredentialScheme],
    /// What requests send unless their operation says otherwise.
    pub(crate) security: Security,
    /// Header carrying idempotency keys, if the API supports them.
    pub(crate) idempotency_header: Option<&'static str>,
    /// Response headers carrying the server's request id.
    pub(crate) request_id_headers: &'static [&'static str],
    /// Headers sent with every request (the API version pin among them)
    /// unless the builder or the request sets another value.
    pub(crate) default_headers: &'static [(&'static str, &'static str)],
    /// A response header whose `true` or `false` overrides whether the
    /// response is retried (see [`RetryPolicy`]), if the API has one.
    pub(crate) retry_header: Option<&'static str>,
    /// Property names whose values are secrets, hidden from error messages.
    pub(crate) secret_fields: &'static [&'static str],
    /// How form bodies and query strings are written.
    pub(crate) form: crate::encoding::FormStyle,
}

/// Default time limit of one attempt of a request.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// Default limit on the size of a response body (32 MiB).
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 32 * 1024 * 1024;

mod sealed {
    pub trait Sealed {}
}

/// How calls are made: [`Async`] (the default) returns futures; with the
/// `blocking` feature, `Blocking` waits on the calling thread.
pub trait Mode: sealed::Sealed + Send + Sync + 'static {}

/// Calls return futures to `.await`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Async;

impl sealed::Sealed for Async {}
impl Mode for Async {}

/// Calls block the current thread until the response is in.
#[cfg(feature = "blocking")]
#[derive(Clone, Copy, Debug, Default)]
pub struct Blocking;

#[cfg(feature = "blocking")]
impl sealed::Sealed for Blocking {}
#[cfg(feature = "blocking")]
impl Mode for Blocking {}

/// When and how often a failed request is sent again.
///
/// Retried: connection failures and timeouts, and the statuses 408, 409,
/// 429 and 5xx. Other 4xx answers are not retried. Where the API names a
/// response header that overrides this (see the crate docs), a response
/// whose header says `true` is retried whatever its status, if the request
/// is safe to send again (an idempotent method such as `GET`, or a request
/// carrying an idempotency key), and one that says `false` is not retried.
/// The wait before retry
/// `n` is `initial_delay * 2^(n-1)` capped at `max_delay`, with random
/// jitter (between half and all of it); a `Retry-After` header (seconds or
/// an HTTP date) replaces it when it is at most `max_retry_after`, and a
/// longer `Retry-After` ends the retries. POST requests keep their
/// idempotency key across retries, so the server runs them once. A request
/// whose body is a stream is sent once and never retried, since a stream
/// can be read only once; bodies of bytes and files are sent again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Retries after the first attempt (default 2).
    pub max_retries: u32,
    /// Wait before the first retry (default 0.5 s).
    pub initial_delay: Duration,
    /// Longest wait between attempts (default 8 s).
    pub max_delay: Duration,
    /// Longest `Retry-After` the client honours (default 60 s).
    pub max_retry_after: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 2,
            initial_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn never() -> Self {
        Self {
            max_retries: 0,
            ..Self::default()
        }
    }

    /// The same policy with `max_retries` retries.
    pub fn with_max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = max_retries;
        self
    }

    /// The same policy with other backoff delays.
    pub fn with_delays(mut self, initial_delay: Duration, max_delay: Duration) -> Self {
        self.initial_delay = initial_delay;
        self.max_delay = max_delay;
        self
    }

    /// The same policy honouring `Retry-After` up to `max_retry_after`.
    pub fn with_max_retry_after(mut self, max_retry_after: Duration) -> Self {
        self.max_retry_after = max_retry_after;
        self
    }

    /// The wait before retry number `retry` (1-based) without a `Retry-After`.
    fn backoff(&self, retry: u32) -> Duration {
        let doubled = self
            .initial_delay
            .saturating_mul(2u32.saturating_pow(retry.saturating_sub(1)));
        let capped = doubled.min(self.max_delay);
        capped / 2 + capped.mul_f64(fastrand::f64() / 2.0)
    }

    /// Whether to retry after `outcome` of attempt `attempt` (1-based) of
    /// a request that is `safe` to send again whatever its status (see
    /// [`retry_safe`]), and how long to wait first.
    pub(crate) fn delay_after(
        &self,
        outcome: &Result<RawResponse, Error>,
        attempt: u32,
        safe: bool,
    ) -> Option<Duration> {
        if attempt > self.max_retries {
            return None;
        }
        match outcome {
            Err(Error::Transport(err)) if !err.is_builder() => Some(self.backoff(attempt)),
            Err(_) => None,
            Ok(response) => {
                let retryable = match retry_override(&response.headers) {
                    Some(asked) => asked && safe,
                    None => matches!(response.status.as_u16(), 408 | 409 | 429 | 500..=599),
                };
                if !retryable {
                    return None;
                }
                match retry_after(&response.headers) {
                    Some(wait) if wait <= self.max_retry_after => Some(wait),
                    Some(_) => None,
                    None => Some(self.backoff(attempt)),
                }
            }
        }
    }
}

/// What the API's retry header of a response says: `Some(true)` to retry
/// it, `Some(false)` not to; `None` without the header (or an API without
/// one) or with another value, leaving it to the status.
fn retry_override(headers: &HeaderMap) -> Option<bool> {
    let value = headers.get(crate::SDK.retry_header?)?.to_str().ok()?.trim();
    if value.eq_ignore_ascii_case("true") {
        Some(true)
    } else if value.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// Whether sending `request` again is safe whatever its first answer was:
/// its method is idempotent, or it carries an idempotency key (the server
/// then runs it once).
fn retry_safe(request: &Prepared) -> bool {
    request.method.is_idempotent()
        || crate::SDK
            .idempotency_header
            .is_some_and(|name| request.headers.contains_key(name))
}

/// The wait a `Retry-After` header asks for (seconds or an HTTP date).
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(
        at.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

/// A credential as given to the builder: a key or token, or (for basic
/// authentication) a user name and password. Its `Debug` output never
/// shows it.
#[derive(Clone)]
pub(crate) struct Secret {
    value: String,
    password: Option<String>,
}

impl Secret {
    /// A key or token.
    #[allow(dead_code)] // APIs with basic authentication only may not use it
    pub(crate) fn key(value: String) -> Self {
        Self {
            value,
            password: None,
        }
    }

    /// A user name and password.
    #[allow(dead_code)] // used by APIs with basic authentication only
    pub(crate) fn basic(username: String, password: String) -> Self {
        Self {
            value: username,
            password: Some(password),
        }
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// A credential ready to send.
enum Sent {
    /// A header (marked sensitive).
    Header(HeaderName, HeaderValue),
    /// `name=value`, encoded, for the query string.
    Query(String),
    /// `name=value`, encoded, for the `Cookie` header.
    Cookie(String),
}

impl Sent {
    fn new(scheme: &CredentialScheme, secret: &Secret) -> Result<Self, Error> {
        let what = scheme.name;
        Ok(match scheme.placement {
            Placement::Header { name, prefix } => {
                let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                    Error::InvalidRequest(format!("{name:?} is not a valid header name"))
                })?;
                Self::Header(
                    name,
                    secret_header(&format!("{prefix}{}", secret.value), what)?,
                )
            }
            Placement::Basic => {
                let pair = format!(
                    "{}:{}",
                    secret.value,
                    secret.password.as_deref().unwrap_or_default()
                );
                Self::Header(
                    reqwest::header::AUTHORIZATION,
                    secret_header(&format!("Basic {}", base64_encode(&pair)), what)?,
                )
            }
            Placement::Query { name } => {
                Self::Query(crate::encoding::query_pair(name, &secret.value))
            }
            Placement::Cookie { name } => {
                Self::Cookie(crate::encoding::cookie_pair(name, &secret.value))
            }
        })
    }
}

/// The credentials a request sends, from the alternatives of its security
/// requirements: the first alternative whose credentials are all set;
/// else none when an alternative needs none; else the first alternative
/// with some of its credentials set (those are sent, the server answers
/// for the missing ones); else none.
fn chosen<T>(security: Security, set: &[Option<T>]) -> &'static [usize] {
    let is_set = |index: &usize| set.get(*index).is_some_and(Option::is_some);
    if let Some(all) = security
        .iter()
        .find(|alternative| !alternative.is_empty() && alternative.iter().all(is_set))
    {
        return all;
    }
    if security.iter().any(|alternative| alternative.is_empty()) {
        return &[];
    }
    security
        .iter()
        .find(|alternative| alternative.iter().any(is_set))
        .copied()
        .unwrap_or(&[])
}

/// A client of the API.
///
/// Cheap to clone: clones share one connection pool. Build one with
/// [`Client::builder`] (or `Client::new` where the API takes one key) and
/// keep it for the life of the program. `M` is how calls are made, [`Async`] unless you build a blocking
/// client.
pub struct Client<M = Async> {
    inner: Arc<Inner>,
    mode: PhantomData<M>,
}

impl<M> Clone for Client<M> {
    fn clone(&self) -> Self {
        Self {
            inner: Arc::clone(&self.inner),
            mode: PhantomData,
        }
    }
}

struct Inner {
    http: reqwest::Client,
    base_url: String,
    /// Per credential of [`SdkConfig::credentials`]: ready to send, if set.
    credentials: Vec<Option<Sent>>,
    /// Headers of every request: [`SdkConfig::default_headers`] with the
    /// builder's values.
    headers: HeaderMap,
    timeout: Duration,
    retry: RetryPolicy,
    max_response_bytes: usize,
    #[cfg(feature = "blocking")]
    runtime: Option<tokio::runtime::Runtime>,
}

/// A blocking client's runtime must not be dropped inside an async
/// context (tokio panics there); it is shut down in the background instead.
#[cfg(feature = "blocking")]
impl Drop for Inner {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

impl<M> fmt::Debug for Client<M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = f.debug_struct("Client");
        out.field("base_url", &self.inner.base_url);
        for (scheme, sent) in crate::SDK.credentials.iter().zip(&self.inner.credentials) {
            out.field(scheme.name, &sent.as_ref().map(|_| "[redacted]"));
        }
        out.field("timeout", &self.inner.timeout)
            .field("retry", &self.inner.retry)
            .finish()
    }
}

impl Client {
    /// A builder for a client with non-default settings.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }
}

impl<M: Mode> Client<M> {
    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The retry policy of requests that do not set their own.
    pub fn retry_policy(&self) -> RetryPolicy {
        self.inner.retry
    }

    /// The runtime a blocking client runs its requests on.
    #[cfg(feature = "blocking")]
    pub(crate) fn runtime(&self) -> Option<&tokio::runtime::Runtime> {
        self.inner.runtime.as_ref()
    }

    /// Sends a prepared request, retrying as `retry` allows, and returns the
    /// last response read in full.
    pub(crate) async fn execute(
        &self,
        request: &Prepared,
        retry: Option<RetryPolicy>,
        timeout: Option<Duration>,
    ) -> Result<RawResponse, Error> {
        match self.exchange(request, retry, timeout, false).await? {
            Exchange::Read(response) => Ok(response),
            Exchange::Streaming(response) => self.read(response).await,
        }
    }

    /// Sends a prepared request, retrying as `retry` allows. With
    /// `streaming`, a success response comes back with its body unread;
    /// every other response is read in full.
    ///
    /// A request whose body cannot be sent again (a stream) is sent once.
    pub(crate) async fn exchange(
        &self,
        request: &Prepared,
        retry: Option<RetryPolicy>,
        timeout: Option<Duration>,
        streaming: bool,
    ) -> Result<Exchange, Error> {
        let policy = retry.unwrap_or(self.inner.retry);
        let replayable = request
            .body
            .as_ref()
            .is_none_or(crate::request::RequestBody::is_replayable);
        let safe = retry_safe(request);
        let mut attempt = 0;
        loop {
            attempt += 1;
            let span = tracing::info_span!(
                "http_request",
                operation = request.operation_id,
                method = %request.method,
                path = request.path_template,
                attempt,
                status = tracing::field::Empty,
            );
            let outcome = self
                .attempt(request, timeout, streaming)
                .instrument(span.clone())
                .await;
            let outcome = match outcome {
                Ok(Exchange::Streaming(response)) => {
                    span.record("status", response.status().as_u16());
                    return Ok(Exchange::Streaming(response));
                }
                Ok(Exchange::Read(response)) => Ok(response),
                Err(err) => Err(err),
            };
            if let Ok(response) = &outcome {
                span.record("status", response.status.as_u16());
            }
            let Some(delay) = policy.delay_after(&outcome, attempt, safe) else {
                return outcome.map(Exchange::Read);
            };
            if !replayable {
                tracing::debug!(parent: &span, "not retried: the body is a stream, sent once");
                return outcome.map(Exchange::Read);
            }
            tracing::debug!(parent: &span, delay_ms = delay.as_millis() as u64, "retrying");
            tokio::time::sleep(delay).await;
        }
    }

    /// One attempt: send, then (unless a streamed success) read the body up
    /// to the size limit.
    async fn attempt(
        &self,
        request: &Prepared,
        timeout: Option<Duration>,
        streaming: bool,
    ) -> Result<Exchange, Error> {
        let (url, headers, secret_url) = self.authenticate(request)?;
        let mut builder = self
            .inner
            .http
            .request(request.method.clone(), url.as_ref())
            .timeout(timeout.unwrap_or(self.inner.timeout))
            .headers(headers);
        if let Some(body) = &request.body {
            builder = body.attach(builder)?;
        }
        // A URL carrying a credential is left out of errors.
        let response = builder.send().await.map_err(|e| {
            let e = if secret_url { e.without_url() } else { e };
            Error::Transport(TransportError::new(e, None))
        })?;
        if streaming && response.status().is_success() {
            return Ok(Exchange::Streaming(response));
        }
        self.read(response).await.map(Exchange::Read)
    }

    /// The URL and headers of a request with the client's headers and the
    /// credentials its security requirements ask for (see [`chosen`]); and
    /// whether the URL carries one. A header the request already has (set
    /// with [`Request::header`](crate::Request::header) or a parameter) is
    /// kept instead of the client's or a credential's.
    fn authenticate<'r>(
        &self,
        request: &'r Prepared,
    ) -> Result<(std::borrow::Cow<'r, str>, HeaderMap, bool), Error> {
        let mut url = std::borrow::Cow::Borrowed(request.url.as_str());
        let mut headers = request.headers.clone();
        for (name, value) in &self.inner.headers {
            if !headers.contains_key(name) {
                headers.insert(name.clone(), value.clone());
            }
        }
        let mut cookies = String::new();
        let mut secret_url = false;
        let set = &self.inner.credentials;
        for index in chosen(request.security, set) {
            match set.get(*index) {
                Some(Some(Sent::Header(name, value))) => {
                    if !headers.contains_key(name) {
                        headers.insert(name.clone(), value.clone());
                    }
                }
                Some(Some(Sent::Query(pair))) => {
                    let url = url.to_mut();
                    url.push(if url.contains('?') { '&' } else { '?' });
                    url.push_str(pair);
                    secret_url = true;
                }
                Some(Some(Sent::Cookie(pair))) => {
                    if !cookies.is_empty() {
                        cookies.push_str("; ");
                    }
                    cookies.push_str(pair);
                }
                Some(None) | None => {}
            }
        }
        if !cookies.is_empty() {
            let cookie = reqwest::header::COOKIE;
            if let Some(existing) = headers.get(&cookie).and_then(|v| v.to_str().ok()) {
                cookies = format!("{existing}; {cookies}");
            }
            headers.insert(cookie, secret_header(&cookies, "cookie")?);
        }
        Ok((url, headers, secret_url))
    }

    /// Reads a response's body in full, up to the size limit.
    async fn read(&self, mut response: reqwest::Response) -> Result<RawResponse, Error> {
        let status = response.status();
        let headers = response.headers().clone();
        let request_id = request_id(&headers);
        let limit = self.inner.max_response_bytes;
        let too_large = |request_id: Option<String>| {
            Error::BodyTooLarge(Box::new(BodyTooLarge {
                status,
                limit,
                request_id,
            }))
        };
        if response
            .content_length()
            .is_some_and(|len| len > limit as u64)
        {
            return Err(too_large(request_id));
        }
        let mut body = BytesMut::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| Error::Transport(TransportError::new(e, Some(status))))?
        {
            if body.len() + chunk.len() > limit {
                return Err(too_large(request_id));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(RawResponse {
            status,
            headers,
            body: body.freeze(),
            request_id,
        })
    }
}

/// What the exchange of a request brought back.
#[allow(dead_code)] // `Streaming` is for downloads only
pub(crate) enum Exchange {
    /// A success response whose body is still to be read (a streamed
    /// download).
    Streaming(reqwest::Response),
    /// A response read in full.
    Read(RawResponse),
}

/// The server's request id, from the first request-id header present.
pub(crate) fn request_id(headers: &HeaderMap) -> Option<String> {
    crate::SDK
        .request_id_headers
        .iter()
        .find_map(|name| headers.get(*name))
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned)
}

/// A request ready to send (and to send again).
#[derive(Debug)]
pub(crate) struct Prepared {
    pub(crate) operation_id: &'static str,
    pub(crate) path_template: &'static str,
    pub(crate) method: reqwest::Method,
    pub(crate) url: String,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Option<crate::request::RequestBody>,
    /// The security requirements of the request's operation.
    pub(crate) security: Security,
}

/// A response as received: status, headers, the whole body and the
/// server's request id.
#[derive(Clone)]
#[non_exhaustive]
pub struct RawResponse {
    /// HTTP status.
    pub status: StatusCode,
    /// Response headers.
    pub headers: HeaderMap,
    /// The body exactly as received.
    pub body: Bytes,
    /// The request id the server assigned, if the response carried one.
    pub request_id: Option<String>,
}

impl fmt::Debug for RawResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawResponse")
            .field("status", &self.status)
            .field("request_id", &self.request_id)
            .field("body", &crate::encoding::BodyPreview(&self.body))
            .finish_non_exhaustive()
    }
}

/// Settings for a [`Client`].
#[derive(Debug, Default)]
#[must_use]
pub struct ClientBuilder {
    /// Per credential of [`SdkConfig::credentials`], if set.
    credentials: Vec<Option<Secret>>,
    /// Headers of every request, replacing the defaults of the same name.
    headers: Vec<(&'static str, String)>,
    base_url: Option<String>,
    timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
    max_response_bytes: Option<usize>,
    user_agent: Option<String>,
    http: Option<reqwest::Client>,
}

impl ClientBuilder {
    /// Sets credential `index` of [`SdkConfig::credentials`] (the
    /// generated setters call this).
    #[allow(dead_code)] // APIs without credentials have no setters
    pub(crate) fn credential(mut self, index: usize, secret: Secret) -> Self {
        if self.credentials.len() <= index {
            self.credentials.resize_with(index + 1, || None);
        }
        self.credentials[index] = Some(secret);
        self
    }

    /// Sends header `name` with every request (the generated setters of
    /// the API's conventions call this), instead of a default of the same
    /// name; a request's own value wins.
    #[allow(dead_code)] // APIs without such conventions have no setters
    pub(crate) fn default_header(mut self, name: &'static str, value: String) -> Self {
        self.headers.push((name, value));
        self
    }

    /// Sends requests to `base_url` instead of the API's default (e.g. a
    /// local test server). A trailing `/` is ignored.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// Time limit of each attempt of a request, from sending to reading the
    /// whole body (default [`DEFAULT_TIMEOUT`]).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// How many times a failed request is retried (default 2); see
    /// [`RetryPolicy`].
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.retry = Some(self.retry.unwrap_or_default().with_max_retries(max_retries));
        self
    }

    /// The whole retry policy.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Largest response body accepted (default
    /// [`DEFAULT_MAX_RESPONSE_BYTES`]); larger ones fail with
    /// [`Error::BodyTooLarge`].
    pub fn max_response_bytes(mut self, max_response_bytes: usize) -> Self {
        self.max_response_bytes = Some(max_response_bytes);
        self
    }

    /// Replaces the default `User-Agent`.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Uses an existing `reqwest` client (e.g. with a proxy configured)
    /// instead of building one. Its own default headers still apply.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Builds the client.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] when the base URL is not an absolute
    /// `http(s)` URL, when a credential, another header's value or the user
    /// agent cannot be sent in a header, or when the HTTP stack cannot
    /// start.
    pub fn build(self) -> Result<Client, Error> {
        Ok(Client {
            inner: Arc::new(self.inner()?),
            mode: PhantomData,
        })
    }

    /// Builds a client whose calls block the current thread (feature
    /// `blocking`). It runs requests on a small runtime of its own; do not
    /// use it from inside an async runtime.
    ///
    /// # Errors
    ///
    /// As [`ClientBuilder::build`], and when the runtime cannot start.
    #[cfg(feature = "blocking")]
    pub fn build_blocking(self) -> Result<crate::blocking::Client, Error> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("sdk-blocking")
            .enable_all()
            .build()
            .map_err(|e| {
                Error::InvalidRequest(format!("the blocking runtime could not start: {e}"))
            })?;
        let mut inner = self.inner()?;
        inner.runtime = Some(runtime);
        Ok(crate::blocking::Client::from_inner(Client {
            inner: Arc::new(inner),
            mode: PhantomData,
        }))
    }

    fn inner(self) -> Result<Inner, Error> {
        let sdk = &crate::SDK;
        let base_url = self
            .base_url
            .unwrap_or_else(|| sdk.default_base_url.to_owned())
            .trim_end_matches('/')
            .to_owned();
        if !(base_url.starts_with("https://") || base_url.starts_with("http://")) {
            return Err(Error::InvalidRequest(format!(
                "the base URL must start with http:// or https://, got {base_url:?}"
            )));
        }
        let credentials = sdk
            .credentials
            .iter()
            .enumerate()
            .map(|(index, scheme)| {
                self.credentials
                    .get(index)
                    .and_then(Option::as_ref)
                    .map(|secret| Sent::new(scheme, secret))
                    .transpose()
            })
            .collect::<Result<Vec<_>, Error>>()?;
        let mut headers = HeaderMap::new();
        let defaults = sdk
            .default_headers
            .iter()
            .map(|(name, value)| (*name, *value));
        let set = self
            .headers
            .iter()
            .map(|(name, value)| (*name, value.as_str()));
        for (name, value) in defaults.chain(set) {
            crate::request::insert_header(&mut headers, name, value)?;
        }
        let http = match self.http {
            Some(http) => http,
            None => http_client(self.user_agent.as_deref().unwrap_or(sdk.user_agent))?,
        };
        Ok(Inner {
            http,
            base_url,
            credentials,
            headers,
            timeout: self.timeout.unwrap_or(DEFAULT_TIMEOUT),
            retry: self.retry.unwrap_or_default(),
            max_response_bytes: self
                .max_response_bytes
                .unwrap_or(DEFAULT_MAX_RESPONSE_BYTES),
            #[cfg(feature = "blocking")]
            runtime: None,
        })
    }
}

/// The `reqwest` client: the user agent, no redirects (an API answer is
/// never a redirect to follow with credentials).
fn http_client(user_agent: &str) -> Result<reqwest::Client, Error> {
    let user_agent = HeaderValue::from_str(user_agent).map_err(|_| {
        Error::InvalidRequest("the user agent is not a valid header value".to_owned())
    })?;
    reqwest::Client::builder()
        .user_agent(user_agent)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| Error::InvalidRequest(format!("the HTTP client could not start: {e}")))
}

/// A header value marked sensitive, so `reqwest` and `http` never print it.
fn secret_header(value: &str, what: &str) -> Result<HeaderValue, Error> {
    let mut header = HeaderValue::from_str(value).map_err(|_| {
        Error::InvalidRequest(format!(
            "the {} contains characters not allowed in a header",
            if what == "api_key" { "API key" } else { what }
        ))
    })?;
    header.set_sensitive(true);
    Ok(header)
}

/// Standard base64 with padding, for basic authentication.
fn base64_encode(text: &str) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, b)| acc | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(status: u16, retry_after: Option<&str>) -> Result<RawResponse, Error> {
        let mut headers = HeaderMap::new();
        if let Some(value) = retry_after {
            headers.insert(
                reqwest::header::RETRY_AFTER,
                HeaderValue::from_str(value).expect("ascii"),
            );
        }
        Ok(RawResponse {
            status: StatusCode::from_u16(status).expect("valid status"),
            headers,
            body: Bytes::new(),
            request_id: None,
        })
    }

    #[test]
    fn retries_only_retryable_statuses_within_the_budget() {
        let policy = RetryPolicy::default();
        for status in [408, 409, 429, 500, 502, 503, 504] {
            assert!(
                policy
                    .delay_after(&response(status, None), 1, true)
                    .is_some(),
                "{status}"
            );
        }
        for status in [200, 400, 401, 403, 404, 422] {
            assert!(
                policy
                    .delay_after(&response(status, None), 1, true)
                    .is_none(),
                "{status}"
            );
        }
        assert!(policy.delay_after(&response(503, None), 2, true).is_some());
        assert!(
            policy.delay_after(&response(503, None), 3, true).is_none(),
            "two retries at most"
        );
        assert!(RetryPolicy::never()
            .delay_after(&response(503, None), 1, true)
            .is_none());
    }

    #[test]
    fn the_retry_header_overrides_the_status_where_retrying_is_safe() {
        let policy = RetryPolicy::default();
        let says = |status: u16, value: &str| {
            let mut outcome = response(status, None);
            if let Ok(response) = &mut outcome {
                response.headers.insert(
                    HeaderName::from_static("x-should-retry"),
                    HeaderValue::from_str(value).expect("ascii"),
                );
            }
            outcome
        };
        assert!(policy.delay_after(&says(400, "true"), 1, true).is_some());
        assert!(policy.delay_after(&says(402, " True "), 2, true).is_some());
        assert!(
            policy.delay_after(&says(400, "true"), 1, false).is_none(),
            "not safe to send again"
        );
        assert!(
            policy.delay_after(&says(400, "true"), 3, true).is_none(),
            "within the budget"
        );
        assert!(policy.delay_after(&says(503, "false"), 1, true).is_none());
        assert!(policy.delay_after(&says(429, "false"), 1, false).is_none());
        assert!(
            policy.delay_after(&says(503, "maybe"), 1, true).is_some(),
            "another value leaves it to the status"
        );
        assert!(policy.delay_after(&says(400, "maybe"), 1, true).is_none());
        assert!(
            policy.delay_after(&response(503, None), 1, false).is_some(),
            "without the header the status decides, as before"
        );
    }

    #[test]
    fn backoff_doubles_with_jitter_up_to_the_cap() {
        let policy = RetryPolicy::default();
        for (retry, full) in [(1, 500), (2, 1000), (3, 2000), (5, 8000), (9, 8000)] {
            for _ in 0..50 {
                let wait = policy.backoff(retry).as_millis();
                assert!(
                    (full / 2..=full).contains(&wait),
                    "retry {retry}: {wait} ms"
                );
            }
        }
    }

    #[test]
    fn retry_after_is_honoured_up_to_the_cap() {
        let policy = RetryPolicy::default();
        assert_eq!(
            policy.delay_after(&response(429, Some("3")), 1, true),
            Some(Duration::from_secs(3))
        );
        assert_eq!(
            policy.delay_after(&response(429, Some("3600")), 1, true),
            None
        );
        let soon = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(5));
        let wait = policy
            .delay_after(&response(503, Some(&soon)), 1, true)
            .expect("retried");
        assert!(
            wait <= Duration::from_secs(5) && wait >= Duration::from_secs(3),
            "{wait:?}"
        );
        let past = httpdate::fmt_http_date(SystemTime::now() - Duration::from_secs(5));
        assert_eq!(
            policy.delay_after(&response(503, Some(&past)), 1, true),
            Some(Duration::ZERO)
        );
    }

    #[test]
    fn the_first_complete_alternative_is_sent() {
        let set = [Some(()), None, Some(())];
        assert_eq!(chosen(&[&[1], &[0, 2]], &set), &[0, 2]);
        assert_eq!(chosen(&[&[0], &[2]], &set), &[0]);
        // Nothing complete: the credentials set of the first alternative
        // with any, so the server can say what is missing.
        assert_eq!(chosen(&[&[3], &[0, 1]], &set), &[0, 1]);
        // An alternative without credentials wins over incomplete ones.
        assert_eq!(chosen(&[&[1], &[]], &set), &[] as &[usize]);
        assert_eq!(chosen(&[&[], &[0]], &set), &[0]);
        assert_eq!(chosen(&[], &set), &[] as &[usize]);
        assert_eq!(chosen(&[&[1]], &[None::<()>]), &[] as &[usize]);
    }

    #[test]
    fn basic_credentials_are_base64() {
        assert_eq!(base64_encode("sk_test:"), "c2tfdGVzdDo=");
        assert_eq!(base64_encode("ab"), "YWI=");
    }
}
