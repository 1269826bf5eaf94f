//! Downloads: response bodies that are files, whole or as a stream, with
//! the content type and file name the response gives.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_util::StreamExt;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use crate::client::{Exchange, RawResponse};
use crate::error::Error;
use crate::request::{Operation, Request, Response};

/// A response body that is a file: its bytes as received, with the content
/// type and file name of the response.
///
/// The body is read whole, up to the client's
/// [`max_response_bytes`](crate::ClientBuilder::max_response_bytes); for
/// large files, `send_streaming()` on the request reads it as a
/// [`DownloadStream`] instead.
#[derive(Clone, PartialEq, Eq)]
pub struct Download {
    bytes: Bytes,
    content_type: Option<String>,
    file_name: Option<String>,
}

impl Download {
    /// A download of `bytes`, with no content type or file name.
    pub fn from_bytes(bytes: impl Into<Bytes>) -> Self {
        Self {
            bytes: bytes.into(),
            content_type: None,
            file_name: None,
        }
    }

    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The bytes, without copying them.
    pub fn into_bytes(self) -> Bytes {
        self.bytes
    }

    /// The `Content-Type` of the response, if it had one.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The file name the response's `Content-Disposition` gives, without
    /// any directory part (check it before using it as a path).
    pub fn file_name(&self) -> Option<&str> {
        self.file_name.as_deref()
    }

    /// The length in bytes.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Whether the body is empty (as it is for a success status without a
    /// body, such as `202 Accepted`).
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    fn with_headers(bytes: Bytes, headers: &HeaderMap) -> Self {
        Self {
            bytes,
            content_type: content_type(headers),
            file_name: file_name(headers),
        }
    }
}

impl fmt::Debug for Download {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Download")
            .field("len", &self.bytes.len())
            .field("content_type", &self.content_type)
            .field("file_name", &self.file_name)
            .finish()
    }
}

impl AsRef<[u8]> for Download {
    fn as_ref(&self) -> &[u8] {
        &self.bytes
    }
}

impl From<Download> for Bytes {
    fn from(download: Download) -> Self {
        download.bytes
    }
}

impl From<Download> for Vec<u8> {
    fn from(download: Download) -> Self {
        download.bytes.into()
    }
}

/// The result of an operation that downloads: the body as received for a
/// success status, the error otherwise.
pub(crate) fn respond(response: RawResponse) -> Result<Response<Download>, Error> {
    if !response.status.is_success() {
        return crate::request::classify(
            response,
            |body| Ok(Download::from_bytes(body.to_vec())),
            false,
        );
    }
    let RawResponse {
        status,
        headers,
        body,
        request_id,
    } = response;
    Ok(Response {
        data: Download::with_headers(body, &headers),
        status,
        headers,
        request_id,
    })
}

/// A download read as a stream of chunks, as they arrive; no size limit
/// applies. It implements [`futures_core::Stream`]; [`DownloadStream::chunk`]
/// reads the next chunk without it.
///
/// The request's time limit (the client's, or the request's own
/// `.timeout(..)`) covers the whole transfer; give a long download a
/// longer one.
pub struct DownloadStream {
    status: StatusCode,
    headers: HeaderMap,
    request_id: Option<String>,
    content_type: Option<String>,
    file_name: Option<String>,
    content_length: Option<u64>,
    chunks: Pin<Box<dyn futures_core::Stream<Item = Result<Bytes, Error>> + Send>>,
}

impl DownloadStream {
    fn live(response: reqwest::Response) -> Self {
        let status = response.status();
        let headers = response.headers().clone();
        let content_length = response.content_length();
        let chunks = futures_util::stream::unfold(Some(response), move |response| async move {
            let mut response = response?;
            match response.chunk().await {
                Ok(Some(chunk)) => Some((Ok(chunk), Some(response))),
                Ok(None) => None,
                // Nothing follows a failed read.
                Err(err) => Some((
                    Err(Error::Transport(crate::error::TransportError::new(
                        err,
                        Some(status),
                    ))),
                    None,
                )),
            }
        });
        // Fused: reading again after the end gives `None` again.
        Self::new(status, headers, content_length, Box::pin(chunks.fuse()))
    }

    fn new(
        status: StatusCode,
        headers: HeaderMap,
        content_length: Option<u64>,
        chunks: Pin<Box<dyn futures_core::Stream<Item = Result<Bytes, Error>> + Send>>,
    ) -> Self {
        Self {
            status,
            request_id: crate::client::request_id(&headers),
            content_type: content_type(&headers),
            file_name: file_name(&headers),
            content_length,
            headers,
            chunks,
        }
    }

    /// A stream over a body already read.
    fn buffered(response: Response<Download>) -> Self {
        let length = response.data.len() as u64;
        let bytes = response.data.into_bytes();
        let chunks = futures_util::stream::iter((!bytes.is_empty()).then_some(Ok(bytes)));
        let mut stream = Self::new(
            response.status,
            response.headers,
            Some(length),
            Box::pin(chunks),
        );
        stream.request_id = response.request_id;
        stream
    }

    /// The next chunk of the body, `None` after the last one.
    ///
    /// # Errors
    ///
    /// [`Error::Transport`] when the connection fails or the time limit
    /// passes before the body is complete.
    pub async fn chunk(&mut self) -> Result<Option<Bytes>, Error> {
        self.chunks.next().await.transpose()
    }

    /// HTTP status of the response.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// Response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The request id the server assigned, if the response carried one.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The `Content-Type` of the response, if it had one.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The file name the response's `Content-Disposition` gives, without
    /// any directory part.
    pub fn file_name(&self) -> Option<&str> {
        self.file_name.as_deref()
    }

    /// The length of the body, when the response says it.
    pub fn content_length(&self) -> Option<u64> {
        self.content_length
    }
}

impl futures_core::Stream for DownloadStream {
    type Item = Result<Bytes, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.chunks.as_mut().poll_next(cx)
    }
}

impl fmt::Debug for DownloadStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DownloadStream")
            .field("status", &self.status)
            .field("content_type", &self.content_type)
            .field("file_name", &self.file_name)
            .field("content_length", &self.content_length)
            .field("request_id", &self.request_id)
            .finish_non_exhaustive()
    }
}

impl<Op> Request<Op, crate::Async>
where
    Op: Operation<Output = Download>,
{
    /// Sends the request and returns the body as a stream, read as it
    /// arrives instead of whole (for large files). Retries happen as for
    /// [`Request::send`] until a success response arrives; an error status
    /// is read and returned as the same [`Error`] `send` gives.
    ///
    /// # Errors
    ///
    /// As [`Request::send`].
    pub async fn send_streaming(self) -> Result<DownloadStream, Error> {
        match self.open().await? {
            Exchange::Streaming(response) => Ok(DownloadStream::live(response)),
            Exchange::Read(response) => Op::respond(response).map(DownloadStream::buffered),
        }
    }
}

/// The `Content-Type` header, if it is text.
fn content_type(headers: &HeaderMap) -> Option<String> {
    headers
        .get(reqwest::header::CONTENT_TYPE)?
        .to_str()
        .ok()
        .map(str::to_owned)
}

/// The file name of a `Content-Disposition` header (RFC 6266): the
/// `filename*` parameter (RFC 8187, UTF-8) when there is one, else
/// `filename`; only its last path component.
fn file_name(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(reqwest::header::CONTENT_DISPOSITION)?;
    let text = String::from_utf8_lossy(value.as_bytes());
    let mut plain = None;
    let mut extended = None;
    for (name, value) in disposition_params(&text) {
        if name.eq_ignore_ascii_case("filename*") {
            extended = extended.or_else(|| extended_value(&value));
        } else if name.eq_ignore_ascii_case("filename") {
            plain = plain.or(Some(value));
        }
    }
    let name = extended.or(plain)?;
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default().trim();
    (!last.is_empty() && last != "." && last != "..").then(|| last.to_owned())
}

/// The `name=value` parameters after the disposition type, with quoted
/// strings unquoted.
fn disposition_params(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = match text.split_once(';') {
        Some((_, params)) => params,
        None => return out,
    };
    loop {
        rest = rest.trim_start_matches([' ', '\t', ';']);
        let Some((name, after)) = rest.split_once('=') else {
            break;
        };
        let name = name.trim().to_owned();
        let after = after.trim_start();
        let (value, next) = match after.strip_prefix('"') {
            Some(quoted) => {
                let mut value = String::new();
                let mut chars = quoted.char_indices();
                let mut end = quoted.len();
                while let Some((i, c)) = chars.next() {
                    match c {
                        '\\' => {
                            if let Some((_, escaped)) = chars.next() {
                                value.push(escaped);
                            }
                        }
                        '"' => {
                            end = i + 1;
                            break;
                        }
                        c => value.push(c),
                    }
                }
                (value, &quoted[end.min(quoted.len())..])
            }
            None => {
                let end = after.find(';').unwrap_or(after.len());
                (after[..end].trim().to_owned(), &after[end..])
            }
        };
        out.push((name, value));
        rest = next;
    }
    out
}

/// The text of an RFC 8187 extended value (`UTF-8''caf%C3%A9`): UTF-8
/// only, percent-decoded.
fn extended_value(value: &str) -> Option<String> {
    let (charset, rest) = value.split_once('\'')?;
    let (_language, encoded) = rest.split_once('\'')?;
    if !charset.eq_ignore_ascii_case("utf-8") {
        return None;
    }
    let bytes = encoded.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}
