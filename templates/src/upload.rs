//! Uploads: the content of a binary request body or of a file part of a
//! multipart body, as bytes, a file on disk or a stream, with a file name
//! and a content type.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use bytes::Bytes;

use crate::error::Error;
use crate::request::{FreshBody, RequestBody};

/// Something to upload: bytes, a file on disk or a stream, with an optional
/// file name and content type.
///
/// Bytes and files are sent again when a request is retried (a file is
/// opened afresh for each attempt and streamed, never read into memory
/// whole). A stream can be read once only, so a request with a streamed
/// body is never retried, and sending the same streamed `Upload` twice
/// fails with [`Error::InvalidRequest`] the second time.
///
/// ```text
/// Upload::from_bytes(png_bytes).with_file_name("logo.png").with_content_type("image/png")
/// Upload::from_path("report.pdf")?          // streamed from disk, named report.pdf
/// Upload::from_stream(chunks).with_length(n) // sent once, never retried
/// ```
///
/// Arguments taking `impl Into<Upload>` also accept bytes (`Vec<u8>`,
/// `Bytes`, `&'static [u8]`) and text directly.
#[derive(Clone)]
pub struct Upload {
    content: Content,
    file_name: Option<String>,
    content_type: Option<String>,
}

#[derive(Clone)]
enum Content {
    Bytes(Bytes),
    Path(PathBuf),
    Stream {
        /// Taken by the attempt that sends it; shared by clones.
        body: Arc<Mutex<Option<reqwest::Body>>>,
        length: Option<u64>,
    },
}

impl Upload {
    /// Bytes held in memory.
    pub fn from_bytes(bytes: impl Into<Bytes>) -> Self {
        Self::with_content(Content::Bytes(bytes.into()))
    }

    /// The file at `path`, streamed from disk when the request is sent (and
    /// opened again for a retry). Its file name is the path's last
    /// component.
    ///
    /// # Errors
    ///
    /// The I/O error when `path` is not a readable regular file now.
    pub fn from_path(path: impl AsRef<Path>) -> std::io::Result<Self> {
        let path = path.as_ref();
        let metadata = std::fs::metadata(path)?;
        if !metadata.is_file() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("{} is not a file", path.display()),
            ));
        }
        let mut upload = Self::with_content(Content::Path(path.to_owned()));
        upload.file_name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned());
        Ok(upload)
    }

    /// A stream of chunks, read once when the request is sent. Give its
    /// length with [`Upload::with_length`] when it is known, so the request
    /// says it up front (`Content-Length`) instead of being chunked.
    pub fn from_stream<S>(stream: S) -> Self
    where
        S: futures_core::TryStream + Send + 'static,
        S::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
        Bytes: From<S::Ok>,
    {
        Self::from_body(reqwest::Body::wrap_stream(stream))
    }

    /// A `reqwest` body: sent again on retries when it holds bytes, once
    /// when it is a stream.
    pub fn from_body(body: reqwest::Body) -> Self {
        match body.as_bytes() {
            Some(bytes) => Self::from_bytes(Bytes::copy_from_slice(bytes)),
            None => Self::with_content(Content::Stream {
                body: Arc::new(Mutex::new(Some(body))),
                length: None,
            }),
        }
    }

    fn with_content(content: Content) -> Self {
        Self {
            content,
            file_name: None,
            content_type: None,
        }
    }

    /// The file name sent with a file part (`filename` of its
    /// `Content-Disposition`). Without one, a file part is named after its
    /// field, since servers tell files from text fields by it.
    pub fn with_file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = Some(file_name.into());
        self
    }

    /// The content type of a file part (default: the type the API document
    /// gives the part, else `application/octet-stream`); for a whole
    /// binary body, used where the document allows a range of types such
    /// as `image/*`.
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The length in bytes of a stream, sent as its `Content-Length`
    /// (bytes and files know theirs).
    pub fn with_length(mut self, length: u64) -> Self {
        if let Content::Stream { length: known, .. } = &mut self.content {
            *known = Some(length);
        }
        self
    }

    /// The file name, if one is set.
    pub fn file_name(&self) -> Option<&str> {
        self.file_name.as_deref()
    }

    /// The content type, if one is set.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The length in bytes, when known before sending.
    pub fn len(&self) -> Option<u64> {
        match &self.content {
            Content::Bytes(bytes) => Some(bytes.len() as u64),
            Content::Path(path) => std::fs::metadata(path).ok().map(|m| m.len()),
            Content::Stream { length, .. } => *length,
        }
    }

    /// Whether the content is known to be empty.
    pub fn is_empty(&self) -> bool {
        self.len() == Some(0)
    }

    /// Whether the content can be sent again (bytes or a file, not a
    /// stream), so that a request carrying it can be retried.
    pub fn is_replayable(&self) -> bool {
        !matches!(self.content, Content::Stream { .. })
    }

    /// The body of one attempt and its length when known.
    pub(crate) fn attempt_body(&self) -> Result<(reqwest::Body, Option<u64>), Error> {
        match &self.content {
            Content::Bytes(bytes) => {
                Ok((reqwest::Body::from(bytes.clone()), Some(bytes.len() as u64)))
            }
            Content::Path(path) => {
                let unreadable = |e: std::io::Error| {
                    Error::InvalidRequest(format!("cannot read {}: {e}", path.display()))
                };
                let file = std::fs::File::open(path).map_err(unreadable)?;
                let length = file.metadata().map_err(unreadable)?.len();
                let file = tokio::fs::File::from_std(file);
                Ok((reqwest::Body::from(file), Some(length)))
            }
            Content::Stream { body, length } => {
                let taken = body.lock().ok().and_then(|mut slot| slot.take());
                match taken {
                    Some(body) => Ok((body, *length)),
                    None => Err(Error::InvalidRequest(
                        "this upload's stream was sent already; a stream can be sent once"
                            .to_owned(),
                    )),
                }
            }
        }
    }

    /// A whole request body of `media_type` holding this upload (as the
    /// operations with binary bodies send it; also for the `body` of a
    /// [raw request](crate::Client::raw)).
    pub fn request_body(&self, media_type: &'static str) -> RequestBody {
        // A concrete media type is what the API expects; a range such as
        // `image/*` or `*/*` takes the upload's own type.
        let content_type = if media_type.contains('*') {
            self.content_type
                .clone()
                .unwrap_or_else(|| "application/octet-stream".to_owned())
                .into()
        } else {
            media_type.into()
        };
        match &self.content {
            Content::Bytes(bytes) => RequestBody::bytes(bytes.clone(), content_type),
            _ => RequestBody::fresh(content_type, Arc::new(self.clone())),
        }
    }
}

impl FreshBody for Upload {
    fn attach(
        &self,
        builder: reqwest::RequestBuilder,
        content_type: &str,
    ) -> Result<reqwest::RequestBuilder, Error> {
        let (body, length) = self.attempt_body()?;
        let builder = builder
            .header(reqwest::header::CONTENT_TYPE, content_type)
            .body(body);
        Ok(match length {
            Some(length) => builder.header(reqwest::header::CONTENT_LENGTH, length),
            None => builder,
        })
    }

    fn replayable(&self) -> bool {
        self.is_replayable()
    }
}

impl fmt::Debug for Upload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The content itself is never shown (it may be private).
        let content = match &self.content {
            Content::Bytes(bytes) => format!("{} bytes", bytes.len()),
            Content::Path(path) => format!("file {}", path.display()),
            Content::Stream {
                length: Some(length),
                ..
            } => format!("stream of {length} bytes"),
            Content::Stream { length: None, .. } => "stream".to_owned(),
        };
        f.debug_struct("Upload")
            .field("content", &content)
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

/// Uploads are equal when their names, types and contents are: the same
/// bytes, the same path, or the very same stream.
impl PartialEq for Upload {
    fn eq(&self, other: &Self) -> bool {
        let content = match (&self.content, &other.content) {
            (Content::Bytes(a), Content::Bytes(b)) => a == b,
            (Content::Path(a), Content::Path(b)) => a == b,
            (Content::Stream { body: a, .. }, Content::Stream { body: b, .. }) => Arc::ptr_eq(a, b),
            _ => false,
        };
        content && self.file_name == other.file_name && self.content_type == other.content_type
    }
}

/// An upload is sent as a part of its own, never inside JSON; encoding one
/// as JSON fails.
impl serde::Serialize for Upload {
    fn serialize<S: serde::Serializer>(&self, _serializer: S) -> Result<S::Ok, S::Error> {
        Err(serde::ser::Error::custom(
            "a file upload is sent as a multipart part and cannot be written as JSON",
        ))
    }
}

impl From<Bytes> for Upload {
    fn from(bytes: Bytes) -> Self {
        Self::from_bytes(bytes)
    }
}

impl From<Vec<u8>> for Upload {
    fn from(bytes: Vec<u8>) -> Self {
        Self::from_bytes(bytes)
    }
}

impl From<&'static [u8]> for Upload {
    fn from(bytes: &'static [u8]) -> Self {
        Self::from_bytes(bytes)
    }
}

impl<const N: usize> From<&'static [u8; N]> for Upload {
    fn from(bytes: &'static [u8; N]) -> Self {
        Self::from_bytes(bytes.as_slice())
    }
}

impl From<String> for Upload {
    fn from(text: String) -> Self {
        Self::from_bytes(text)
    }
}

impl From<&'static str> for Upload {
    fn from(text: &'static str) -> Self {
        Self::from_bytes(text)
    }
}

impl From<reqwest::Body> for Upload {
    fn from(body: reqwest::Body) -> Self {
        Self::from_body(body)
    }
}
