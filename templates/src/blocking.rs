//! The blocking client (feature `blocking`): the same operations as the
//! async client, each call waiting on the calling thread for its response.

use std::ops::Deref;

pub use crate::client::Blocking;

/// A client whose calls block the current thread. It has every operation
/// method of the async [`Client`](crate::Client) (through `Deref`), and
/// their requests are sent with `.send()` instead of `.await`.
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
}

impl Deref for Client {
    type Target = crate::Client<Blocking>;

    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

/// A request of the blocking client.
pub type Request<Op> = crate::Request<Op, Blocking>;
