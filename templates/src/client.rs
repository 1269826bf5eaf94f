//! The client: connection settings, credentials and the HTTP exchange shared
//! by every operation.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use crate::error::Error;

/// How the API authenticates requests.
#[derive(Clone, Copy, Debug)]
#[allow(dead_code)] // each API uses one of these
pub(crate) enum AuthScheme {
    /// No authentication.
    None,
    /// The key in a header, after a prefix such as `Bearer `.
    Header {
        name: &'static str,
        prefix: &'static str,
    },
    /// HTTP basic authentication with the key as user name.
    Basic,
}

/// Facts about the API that the generator fills in.
#[derive(Debug)]
pub(crate) struct SdkConfig {
    /// Base URL used unless the builder sets another.
    pub(crate) default_base_url: &'static str,
    /// `User-Agent` sent with every request.
    pub(crate) user_agent: &'static str,
    /// How requests authenticate.
    pub(crate) auth: AuthScheme,
    /// Header carrying idempotency keys, if the API supports them.
    pub(crate) idempotency_header: Option<&'static str>,
    /// Response headers carrying the server's request id.
    pub(crate) request_id_headers: &'static [&'static str],
    /// Headers sent with every request.
    pub(crate) default_headers: &'static [(&'static str, &'static str)],
}

/// Default time limit of a whole request.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// An API key. Its `Debug` output never shows the key.
#[derive(Clone)]
struct ApiKey(String);

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey([redacted])")
    }
}

/// A client of the API.
///
/// Cheap to clone: clones share one connection pool. Build one with
/// [`Client::new`] or [`Client::builder`] and keep it for the life of the
/// program.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: String,
    auth: Option<(HeaderName, HeaderValue)>,
    timeout: Duration,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("api_key", &self.inner.auth.as_ref().map(|_| "[redacted]"))
            .field("timeout", &self.inner.timeout)
            .finish()
    }
}

impl Client {
    /// A client with the given API key and default settings.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] when the key cannot be sent in a header
    /// (e.g. it contains a line break), or when the HTTP stack cannot start.
    pub fn new(api_key: impl Into<String>) -> Result<Self, Error> {
        Self::builder().api_key(api_key).build()
    }

    /// A builder for a client with non-default settings.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Sends one request and reads the whole response.
    pub(crate) async fn exchange(&self, request: Outgoing<'_>) -> Result<Exchange, Error> {
        let url = format!("{}{}", self.inner.base_url, request.path_and_query);
        let mut builder = self
            .inner
            .http
            .request(request.method, url)
            .timeout(request.timeout.unwrap_or(self.inner.timeout));
        if let Some((name, value)) = &self.inner.auth {
            builder = builder.header(name.clone(), value.clone());
        }
        builder = builder.headers(request.headers);
        if let Some(body) = request.body {
            builder = builder
                .header(reqwest::header::CONTENT_TYPE, body.content_type)
                .body(body.bytes);
        }
        let response = builder.send().await.map_err(Error::Transport)?;
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(Error::Transport)?;
        Ok(Exchange {
            status,
            headers,
            body,
        })
    }
}

/// A request ready to send.
pub(crate) struct Outgoing<'a> {
    pub(crate) method: reqwest::Method,
    pub(crate) path_and_query: &'a str,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Option<crate::request::RequestBody>,
    pub(crate) timeout: Option<Duration>,
}

/// A response as received.
pub(crate) struct Exchange {
    pub(crate) status: reqwest::StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Bytes,
}

/// Settings for a [`Client`].
#[derive(Debug, Default)]
#[must_use]
pub struct ClientBuilder {
    api_key: Option<ApiKey>,
    base_url: Option<String>,
    timeout: Option<Duration>,
    user_agent: Option<String>,
    http: Option<reqwest::Client>,
}

impl ClientBuilder {
    /// The API key sent with every request.
    pub fn api_key(mut self, api_key: impl Into<String>) -> Self {
        self.api_key = Some(ApiKey(api_key.into()));
        self
    }

    /// Sends requests to `base_url` instead of the API's default (e.g. a
    /// local test server). A trailing `/` is ignored.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// Time limit of a whole request, from sending to reading the body
    /// (default [`DEFAULT_TIMEOUT`]).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
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
    /// `http(s)` URL, when the key or user agent cannot be sent in a header,
    /// or when the HTTP stack cannot start.
    pub fn build(self) -> Result<Client, Error> {
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
        let auth = match (self.api_key, sdk.auth) {
            (None, _) | (Some(_), AuthScheme::None) => None,
            (Some(ApiKey(key)), AuthScheme::Header { name, prefix }) => {
                let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                    Error::InvalidRequest(format!("{name:?} is not a valid header name"))
                })?;
                Some((name, secret_header(&format!("{prefix}{key}"))?))
            }
            (Some(ApiKey(key)), AuthScheme::Basic) => Some((
                reqwest::header::AUTHORIZATION,
                secret_header(&format!("Basic {}", base64_encode(&format!("{key}:"))))?,
            )),
        };
        let http = match self.http {
            Some(http) => http,
            None => {
                let mut headers = HeaderMap::new();
                for (name, value) in sdk.default_headers {
                    let invalid =
                        || Error::InvalidRequest(format!("invalid default header {name}"));
                    headers.insert(
                        HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid())?,
                        HeaderValue::from_str(value).map_err(|_| invalid())?,
                    );
                }
                let user_agent = self.user_agent.as_deref().unwrap_or(sdk.user_agent);
                reqwest::Client::builder()
                    .user_agent(user_agent)
                    .default_headers(headers)
                    .redirect(reqwest::redirect::Policy::none())
                    .build()
                    .map_err(|e| {
                        Error::InvalidRequest(format!("the HTTP client could not start: {e}"))
                    })?
            }
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                auth,
                timeout: self.timeout.unwrap_or(DEFAULT_TIMEOUT),
            }),
        })
    }
}

/// A header value marked sensitive, so `reqwest` and `http` never print it.
fn secret_header(value: &str) -> Result<HeaderValue, Error> {
    let mut header = HeaderValue::from_str(value).map_err(|_| {
        Error::InvalidRequest("the API key contains characters not allowed in a header".to_owned())
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
