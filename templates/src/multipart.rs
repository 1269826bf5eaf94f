//! `multipart/form-data` bodies: named parts in order, text (scalars as
//! text, objects as JSON) or files, encoded afresh for each attempt.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use bytes::Bytes;

use crate::error::Error;
use crate::request::{FreshBody, RequestBody};
use crate::upload::Upload;

/// A `multipart/form-data` body: named parts, in the order added.
///
/// The operations with multipart bodies build one from their typed body;
/// build one yourself for a body the API document does not describe as an
/// object, or for the `body` of a [raw request](crate::Client::raw)
/// (`RequestBody::from(form)`).
///
/// Part names and file names are written as browsers write them: UTF-8 as
/// is, with `"`, CR and LF percent-encoded. A form whose files are all
/// bytes or files on disk is sent again when a request is retried; one
/// with a streamed file is sent once.
#[derive(Clone, Default, PartialEq)]
pub struct Multipart {
    parts: Vec<Part>,
}

#[derive(Clone, PartialEq)]
struct Part {
    name: String,
    content: Content,
}

#[derive(Clone, PartialEq)]
enum Content {
    Text {
        value: Bytes,
        content_type: Option<Cow<'static, str>>,
    },
    File {
        upload: Upload,
        default_type: Cow<'static, str>,
    },
}

impl Multipart {
    /// An empty form.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a text part (sent without a `Content-Type`, meaning
    /// `text/plain`).
    pub fn text(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.push_text(name.into(), value.into(), None);
        self
    }

    /// Adds a part holding `value` as JSON (`Content-Type: application/json`).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] when `value` cannot be encoded as JSON.
    pub fn json(
        mut self,
        name: impl Into<String>,
        value: &impl serde::Serialize,
    ) -> Result<Self, Error> {
        let text = serde_json::to_string(value).map_err(|e| {
            Error::InvalidRequest(format!("the multipart part could not be encoded: {e}"))
        })?;
        self.push_text(name.into(), text, Some("application/json".into()));
        Ok(self)
    }

    /// Adds a file part: its file name and content type are the upload's
    /// (defaults: the part's name and `application/octet-stream`).
    pub fn file(mut self, name: impl Into<String>, upload: impl Into<Upload>) -> Self {
        self.parts.push(Part {
            name: name.into(),
            content: Content::File {
                upload: upload.into(),
                default_type: "application/octet-stream".into(),
            },
        });
        self
    }

    /// The number of parts.
    pub fn len(&self) -> usize {
        self.parts.len()
    }

    /// Whether the form has no parts.
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// Whether the form can be sent again (no part is a stream).
    pub fn is_replayable(&self) -> bool {
        self.parts.iter().all(|part| match &part.content {
            Content::Text { .. } => true,
            Content::File { upload, .. } => upload.is_replayable(),
        })
    }

    fn push_text(&mut self, name: String, value: String, content_type: Option<Cow<'static, str>>) {
        self.parts.push(Part {
            name,
            content: Content::Text {
                value: Bytes::from(value),
                content_type,
            },
        });
    }

    /// Adds the part(s) of a field: nothing for `None` or `null`, a text
    /// part for a string, number or boolean, a JSON part for an object,
    /// one part per item for a list. `content_type` is the one the API
    /// document gives the part: JSON types encode scalars as JSON too.
    #[allow(dead_code)] // used by forms with such fields only
    pub(crate) fn push_value<T: serde::Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        content_type: Option<&'static str>,
    ) -> Result<(), Error> {
        let invalid = |e: serde_json::Error| {
            Error::InvalidRequest(format!(
                "the multipart part `{name}` could not be encoded: {e}"
            ))
        };
        // JSON text keeps the properties of objects in their order.
        let json = serde_json::to_string(value).map_err(invalid)?;
        if json.starts_with('[') {
            let items: Vec<&serde_json::value::RawValue> =
                serde_json::from_str(&json).map_err(invalid)?;
            for item in items {
                self.push_json_text(name, item.get(), content_type)
                    .map_err(invalid)?;
            }
            Ok(())
        } else {
            self.push_json_text(name, &json, content_type)
                .map_err(invalid)
        }
    }

    /// Adds the part of one value given as JSON text.
    #[allow(dead_code)] // used by forms with such fields only
    fn push_json_text(
        &mut self,
        name: &str,
        json: &str,
        declared: Option<&'static str>,
    ) -> Result<(), serde_json::Error> {
        let declared_json = declared.is_some_and(is_json);
        let (text, content_type) = match json.as_bytes().first() {
            None | Some(b'n') => return Ok(()),
            Some(b'{' | b'[') => {
                let content_type = declared
                    .filter(|_| declared_json)
                    .unwrap_or("application/json");
                (json.to_owned(), Some(content_type))
            }
            Some(_) if declared_json => (json.to_owned(), declared),
            Some(b'"') => (serde_json::from_str::<String>(json)?, declared),
            Some(_) => (json.to_owned(), declared),
        };
        self.push_text(name.to_owned(), text, content_type.map(Cow::Borrowed));
        Ok(())
    }

    /// Adds a file part per upload in `files` (one, an optional one or a
    /// list), with `default_type` unless an upload has its own.
    #[allow(dead_code)] // used by forms with file fields only
    pub(crate) fn push_files<F: Files + ?Sized>(
        &mut self,
        name: &str,
        files: &F,
        default_type: &'static str,
    ) {
        files.each(&mut |upload| {
            self.parts.push(Part {
                name: name.to_owned(),
                content: Content::File {
                    upload: upload.clone(),
                    default_type: Cow::Borrowed(default_type),
                },
            });
        });
    }

    /// The request body of this form.
    pub(crate) fn request_body(&self) -> RequestBody {
        RequestBody::fresh("multipart/form-data".into(), Arc::new(self.clone()))
    }

    /// The `reqwest` form of one attempt.
    fn form(&self) -> Result<reqwest::multipart::Form, Error> {
        let mut form = reqwest::multipart::Form::new().percent_encode_noop();
        for part in &self.parts {
            let encoded = match &part.content {
                Content::Text {
                    value,
                    content_type,
                } => {
                    let encoded =
                        reqwest::multipart::Part::stream(reqwest::Body::from(value.clone()));
                    match content_type {
                        Some(content_type) => with_type(encoded, content_type, &part.name)?,
                        None => encoded,
                    }
                }
                Content::File {
                    upload,
                    default_type,
                } => {
                    let (body, length) = upload.attempt_body()?;
                    let encoded = match length {
                        Some(length) => reqwest::multipart::Part::stream_with_length(body, length),
                        None => reqwest::multipart::Part::stream(body),
                    };
                    let file_name = upload.file_name().unwrap_or(&part.name);
                    let content_type = upload.content_type().unwrap_or(default_type);
                    with_type(
                        encoded.file_name(escape(file_name)),
                        content_type,
                        &part.name,
                    )?
                }
            };
            form = form.part(escape(&part.name), encoded);
        }
        Ok(form)
    }
}

impl FreshBody for Multipart {
    fn attach(
        &self,
        builder: reqwest::RequestBuilder,
        _content_type: &str,
    ) -> Result<reqwest::RequestBuilder, Error> {
        // `multipart` sets the Content-Type with this form's boundary, and
        // the Content-Length when every part's length is known.
        Ok(builder.multipart(self.form()?))
    }

    fn replayable(&self) -> bool {
        self.is_replayable()
    }
}

impl From<Multipart> for RequestBody {
    fn from(form: Multipart) -> Self {
        form.request_body()
    }
}

impl fmt::Debug for Multipart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Part values may be secret; only names and sizes are shown.
        let mut list = f.debug_list();
        for part in &self.parts {
            match &part.content {
                Content::Text { value, .. } => {
                    list.entry(&format_args!("{:?} ({} bytes)", part.name, value.len()))
                }
                Content::File { upload, .. } => {
                    list.entry(&format_args!("{:?} ({upload:?})", part.name))
                }
            };
        }
        list.finish()
    }
}

/// The part's content type set, or an error naming the part.
fn with_type(
    part: reqwest::multipart::Part,
    content_type: &str,
    name: &str,
) -> Result<reqwest::multipart::Part, Error> {
    part.mime_str(content_type).map_err(|_| {
        Error::InvalidRequest(format!(
            "{content_type:?} is not a valid content type (multipart part `{name}`)"
        ))
    })
}

/// A name or file name as browsers write it into `Content-Disposition`.
fn escape(name: &str) -> String {
    name.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Whether a media type is JSON (`application/json`, `…+json`).
#[allow(dead_code)] // used by forms with such fields only
fn is_json(media_type: &str) -> bool {
    let essence = media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}

/// The files of a field: an upload, an optional one, or a list of them.
#[allow(dead_code)] // used by forms with file fields only
pub(crate) trait Files {
    /// Calls `f` with each upload, in order.
    fn each(&self, f: &mut dyn FnMut(&Upload));
}

impl Files for Upload {
    fn each(&self, f: &mut dyn FnMut(&Upload)) {
        f(self);
    }
}

impl<T: Files> Files for Option<T> {
    fn each(&self, f: &mut dyn FnMut(&Upload)) {
        if let Some(files) = self {
            files.each(f);
        }
    }
}

impl<T: Files> Files for Vec<T> {
    fn each(&self, f: &mut dyn FnMut(&Upload)) {
        for files in self {
            files.each(f);
        }
    }
}

impl<T: Files + ?Sized> Files for Box<T> {
    fn each(&self, f: &mut dyn FnMut(&Upload)) {
        (**self).each(f);
    }
}
