//! The blocking client (feature `blocking`): the same operations as the
//! async client, each call waiting on the calling thread for its response.

pub use crate::client::Blocking;

/// A client whose calls block the current thread. It has a method for
/// every operation of the async [`Client`](crate::Client), with the same
/// arguments; their requests are sent with `.send()` instead of `.await`.
///
/// It runs requests on a runtime of its own: use it from ordinary threads,
/// not from inside an async runtime (calls made there fail with
/// [`Error::InvalidRequest`](crate::Error::InvalidRequest)).
#[derive(Clone, Debug)]
pub struct Client(crate::Client<Blocking>);

impl Client {
    /// A builder; finish it with
    /// [`build_blocking`](crate::ClientBuilder::build_blocking).
    pub fn builder() -> crate::ClientBuilder {
        crate::ClientBuilder::default()
    }

    pub(crate) fn from_inner(inner: crate::Client<Blocking>) -> Self {
        Self(inner)
    }

    /// The client the operation methods build their requests with.
    #[allow(dead_code)] // used by the operation methods of generated crates
    pub(crate) fn inner(&self) -> &crate::Client<Blocking> {
        &self.0
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        self.0.base_url()
    }

    /// The retry policy of requests that do not set their own.
    pub fn retry_policy(&self) -> crate::RetryPolicy {
        self.0.retry_policy()
    }

    /// A request to any path of the API, as
    /// [`Client::raw`](crate::Client::raw); `.send()` returns the response
    /// as received.
    pub fn raw(
        &self,
        method: reqwest::Method,
        path: impl Into<String>,
    ) -> Request<crate::RawOperation> {
        self.0.raw(method, path)
    }
}

/// A request of the blocking client.
pub type Request<Op> = crate::Request<Op, Blocking>;
