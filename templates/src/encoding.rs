//! Wire encoding: path segments, query strings and form bodies (including
//! `deepObject` brackets), the decoding of open enums, and the stand-in that
//! keeps secrets out of `Debug` output.

use std::fmt;

use serde_json::Value;

use crate::error::Error;

/// How list values are written in a query string or form body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListStyle {
    /// `a=1&a=2` (OpenAPI `form`, `explode: true`).
    Repeat,
    /// `a[0]=1&a[1]=2` (`deepObject` and form bodies).
    Indexed,
    /// `a=1,2` (`explode: false`), `a=1 2` or `a=1|2`.
    Joined(char),
}

/// A query string (or form body) under construction: values of any
/// serializable type become `name=value` pairs, percent-encoded.
#[derive(Clone, Debug, Default)]
pub struct Query {
    encoded: String,
    error: Option<String>,
}

impl Query {
    /// The encoded text, or why a value could not be encoded.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] when a value pushed could not be encoded.
    pub fn finish(self) -> Result<String, Error> {
        match self.error {
            Some(error) => Err(Error::InvalidRequest(error)),
            None => Ok(self.encoded),
        }
    }

    /// Adds one parameter; `None` and JSON `null` add nothing, objects become
    /// `name[key]=value` pairs, lists are written as `style` says.
    pub fn push<T: serde::Serialize + ?Sized>(&mut self, name: &str, value: &T, style: ListStyle) {
        if let Err(e) = crate::form::write(self, name, value, style) {
            self.error
                .get_or_insert_with(|| format!("query parameter {name} could not be encoded: {e}"));
        }
    }

    /// Adds one parameter whose value is written as JSON text (a parameter
    /// described by `content: application/json`); `None` adds nothing.
    #[allow(dead_code)] // used by APIs with such parameters only
    pub(crate) fn push_json<T: serde::Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        match serde_json::to_string(value) {
            Ok(text) if text == "null" => {}
            Ok(text) => self.pair(name, &text),
            Err(e) => {
                self.error.get_or_insert_with(|| {
                    format!("query parameter {name} could not be encoded: {e}")
                });
            }
        }
    }

    /// Adds every field of a struct or map as a top-level parameter, with
    /// nested values in brackets and lists indexed (form bodies).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] when `value` is not an object or cannot be encoded.
    pub fn push_fields<T: serde::Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        crate::form::write_fields(self, value)
            .map_err(|e| Error::InvalidRequest(format!("the form body could not be encoded: {e}")))
    }

    fn pair(&mut self, key: &str, value: &str) {
        if !self.encoded.is_empty() {
            self.encoded.push('&');
        }
        quote_plus(key, &mut self.encoded);
        self.encoded.push('=');
        quote_plus(value, &mut self.encoded);
    }
}

impl crate::form::Sink for Query {
    fn pair(&mut self, key: &str, value: &str) {
        Query::pair(self, key, value);
    }
}

/// `name=value` for a query string, encoded as query parameters are
/// (a credential sent in the query).
pub(crate) fn query_pair(name: &str, value: &str) -> String {
    let mut out = String::new();
    quote_plus(name, &mut out);
    out.push('=');
    quote_plus(value, &mut out);
    out
}

/// `name=value` for a `Cookie` header, the value encoded as cookie
/// parameters are (a credential sent as a cookie).
pub(crate) fn cookie_pair(name: &str, value: &str) -> String {
    let mut out = format!("{name}=");
    percent_encode(value, &mut out, cookie_octet);
    out
}

/// RFC 6265 cookie-octets, less `%` (which starts an escape).
fn cookie_octet(byte: u8) -> bool {
    matches!(byte, 0x21 | 0x23 | 0x24 | 0x26..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E)
}

/// How form bodies and query strings write what `application/x-www-form-urlencoded`
/// leaves open: booleans, and whether brackets stay literal.
#[derive(Debug)]
pub(crate) struct FormStyle {
    /// How `true` is written.
    pub(crate) true_value: &'static str,
    /// How `false` is written.
    pub(crate) false_value: &'static str,
    /// Whether `[` and `]` are written as they are instead of `%5B`/`%5D`.
    pub(crate) literal_brackets: bool,
}

/// Percent-encodes `text` for a form: ASCII letters, digits and `_.-~` stay,
/// a space becomes `+`, every other byte `%XX` (upper-case hex).
fn quote_plus(text: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let literal_brackets = crate::SDK.form.literal_brackets;
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'.' | b'-' | b'~' => {
                out.push(char::from(byte))
            }
            b'[' | b']' if literal_brackets => out.push(char::from(byte)),
            b' ' => out.push('+'),
            _ => {
                out.push('%');
                out.push(char::from(HEX[usize::from(byte >> 4)]));
                out.push(char::from(HEX[usize::from(byte & 15)]));
            }
        }
    }
}

fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// Percent-encodes one path segment: everything but RFC 3986 unreserved
/// characters, so an id can never change the path.
#[allow(dead_code)] // used by APIs with path parameters only
pub(crate) fn path_segment(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    percent_encode(value, &mut out, |byte| {
        byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~')
    });
    out
}

/// Appends `text` to `out` with every byte `keep` refuses written `%XX`.
fn percent_encode(text: &str, out: &mut String, keep: fn(u8) -> bool) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for byte in text.bytes() {
        if keep(byte) {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 15)]));
        }
    }
}

/// How a path, header or cookie parameter is written: OpenAPI's `style`
/// and `explode`. Lists and objects are what the examples show for the
/// list `[3, 4]` and the object `{"a": 1, "b": 2}`.
#[allow(dead_code)] // each API uses the styles of its own parameters
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Style {
    /// `simple` (paths and headers): `3,4`; objects `a,1,b,2`, exploded
    /// `a=1,b=2`.
    Simple {
        /// Objects as `key=value` pairs.
        explode: bool,
    },
    /// `label` (paths): `.3,4`, exploded `.3.4`; objects `.a,1,b,2`,
    /// exploded `.a=1.b=2`.
    Label {
        /// One `.` per item.
        explode: bool,
    },
    /// `matrix` (paths): `;id=3,4`, exploded `;id=3;id=4`; objects
    /// `;id=a,1,b,2`, exploded `;a=1;b=2`.
    Matrix {
        /// One `;` pair per item.
        explode: bool,
    },
    /// `form` (cookies): `id=3,4`, exploded `id=3; id=4`; objects
    /// `id=a,1,b,2`, exploded `a=1; b=2`.
    Form {
        /// One cookie per item.
        explode: bool,
    },
    /// The value's JSON text (a header described by `content:
    /// application/json`).
    Json,
}

/// A parameter value taken apart for a style: one text, a list of texts,
/// or `(key, value)` pairs. Items that are lists or objects themselves
/// have no form in any style and are written as JSON text.
enum Parts {
    One(String),
    List(Vec<String>),
    Pairs(Vec<(String, String)>),
}

impl Parts {
    /// `None` for `null` (and so for an unset `Option`).
    fn of(value: &Value) -> Option<Parts> {
        match value {
            Value::Null => None,
            Value::Array(items) => Some(Parts::List(
                items
                    .iter()
                    .filter(|item| !item.is_null())
                    .map(scalar_text)
                    .collect(),
            )),
            Value::Object(fields) => Some(Parts::Pairs(
                fields
                    .iter()
                    .filter(|(_, value)| !value.is_null())
                    .map(|(key, value)| (key.clone(), scalar_text(value)))
                    .collect(),
            )),
            other => Some(Parts::One(scalar_text(other))),
        }
    }

    /// The value written in `style` for the parameter `name`, with every
    /// name, item, key and value passed through `escape` (separators are not).
    fn write(&self, name: &str, style: Style, escape: fn(&str, &mut String)) -> String {
        let mut out = Styled {
            text: String::new(),
            escape,
        };
        match (style, self) {
            (Style::Matrix { .. }, Parts::One(text)) => {
                out.raw(";");
                out.part(name);
                if !text.is_empty() {
                    out.raw("=");
                    out.part(text);
                }
            }
            (Style::Matrix { explode: true }, Parts::List(items)) if !items.is_empty() => {
                for item in items {
                    out.raw(";");
                    out.pair(name, item);
                }
            }
            (Style::Matrix { explode: true }, Parts::Pairs(fields)) if !fields.is_empty() => {
                for (key, value) in fields {
                    out.raw(";");
                    out.pair(key, value);
                }
            }
            (Style::Matrix { .. }, parts) => {
                out.raw(";");
                out.part(name);
                out.raw("=");
                out.flat(parts, ",");
            }
            (Style::Form { explode: true }, Parts::List(items)) => {
                for (i, item) in items.iter().enumerate() {
                    out.raw(if i == 0 { "" } else { "; " });
                    out.pair(name, item);
                }
            }
            (Style::Form { explode: true }, Parts::Pairs(fields)) => {
                for (i, (key, value)) in fields.iter().enumerate() {
                    out.raw(if i == 0 { "" } else { "; " });
                    out.pair(key, value);
                }
            }
            (Style::Form { .. }, parts) => {
                out.part(name);
                out.raw("=");
                out.flat(parts, ",");
            }
            (Style::Label { explode: true }, Parts::List(items)) => {
                for item in items {
                    out.raw(".");
                    out.part(item);
                }
            }
            (Style::Label { explode: true }, Parts::Pairs(fields)) => {
                for (key, value) in fields {
                    out.raw(".");
                    out.pair(key, value);
                }
            }
            (Style::Label { .. }, parts) => {
                out.raw(".");
                out.flat(parts, ",");
            }
            (Style::Simple { explode: true }, Parts::Pairs(fields)) => {
                for (i, (key, value)) in fields.iter().enumerate() {
                    out.raw(if i == 0 { "" } else { "," });
                    out.pair(key, value);
                }
            }
            (Style::Simple { .. } | Style::Json, parts) => out.flat(parts, ","),
        }
        out.text
    }
}

/// Text being written for a [`Style`]: parts escaped, separators not.
struct Styled {
    text: String,
    escape: fn(&str, &mut String),
}

impl Styled {
    fn raw(&mut self, separator: &str) {
        self.text.push_str(separator);
    }

    fn part(&mut self, part: &str) {
        (self.escape)(part, &mut self.text);
    }

    fn pair(&mut self, key: &str, value: &str) {
        self.part(key);
        self.raw("=");
        self.part(value);
    }

    /// The text, the items, or the keys and values in turn, between `separator`s.
    fn flat(&mut self, parts: &Parts, separator: &str) {
        let items: Vec<&str> = match parts {
            Parts::One(text) => vec![text.as_str()],
            Parts::List(items) => items.iter().map(String::as_str).collect(),
            Parts::Pairs(fields) => fields
                .iter()
                .flat_map(|(key, value)| [key.as_str(), value.as_str()])
                .collect(),
        };
        for (i, item) in items.into_iter().enumerate() {
            if i > 0 {
                self.raw(separator);
            }
            self.part(item);
        }
    }
}

/// A parameter value as JSON (the step every style starts from).
fn param_value<T: serde::Serialize + ?Sized>(
    location: &str,
    name: &str,
    value: &T,
) -> Result<Value, Error> {
    serde_json::to_value(value).map_err(|e| {
        Error::InvalidRequest(format!(
            "{location} parameter {name} could not be encoded: {e}"
        ))
    })
}

/// The path text of a string path parameter, percent-encoded.
///
/// # Errors
///
/// [`Error::InvalidRequest`] for the empty string, which would change the
/// path (and so the operation) instead of naming a resource.
#[allow(dead_code)] // used by APIs with string path parameters only
pub(crate) fn path_str(name: &str, value: &str) -> Result<String, Error> {
    if value.is_empty() {
        return Err(empty_path_parameter(name));
    }
    Ok(path_segment(value))
}

/// The path text of a path parameter of any type, written in `style`, each
/// item, key and value percent-encoded.
///
/// # Errors
///
/// [`Error::InvalidRequest`] when the value cannot be encoded, or is `null`
/// or empty (the path would then name another resource).
#[allow(dead_code)] // used by APIs with non-string path parameters only
pub(crate) fn path_param<T: serde::Serialize + ?Sized>(
    name: &str,
    value: &T,
    style: Style,
) -> Result<String, Error> {
    let value = param_value("path", name, value)?;
    let text = match Parts::of(&value) {
        Some(parts) => parts.write(name, style, |text, out| {
            percent_encode(text, out, |byte| {
                byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~')
            })
        }),
        None => String::new(),
    };
    if text.is_empty() {
        return Err(empty_path_parameter(name));
    }
    Ok(text)
}

fn empty_path_parameter(name: &str) -> Error {
    Error::InvalidRequest(format!(
        "path parameter {name} is empty; it must name a value, or the request would go to another path"
    ))
}

/// Sets header `name` to `value` written in `style`; `null` (an unset
/// `Option`) sets nothing.
///
/// # Errors
///
/// [`Error::InvalidRequest`] when the value cannot be encoded or is not
/// valid in an HTTP header.
#[allow(dead_code)] // used by APIs with header parameters only
pub(crate) fn header_param<T: serde::Serialize + ?Sized>(
    headers: &mut reqwest::header::HeaderMap,
    name: &str,
    value: &T,
    style: Style,
) -> Result<(), Error> {
    let value = param_value("header", name, value)?;
    let text = match (style, Parts::of(&value)) {
        (_, None) => return Ok(()),
        (Style::Json, Some(_)) => value.to_string(),
        (style, Some(parts)) => parts.write(name, style, |text, out| out.push_str(text)),
    };
    crate::request::insert_header(headers, name, &text)
}

/// Adds cookie parameter `name` to a `Cookie` header under construction,
/// written in `style` (`form`), names and values percent-encoded where a
/// cookie cannot hold them; `null` (an unset `Option`) adds nothing.
///
/// # Errors
///
/// [`Error::InvalidRequest`] when the value cannot be encoded.
#[allow(dead_code)] // used by APIs with cookie parameters only
pub(crate) fn cookie_param<T: serde::Serialize + ?Sized>(
    cookies: &mut String,
    name: &str,
    value: &T,
    style: Style,
) -> Result<(), Error> {
    let value = param_value("cookie", name, value)?;
    let Some(parts) = Parts::of(&value) else {
        return Ok(());
    };
    let text = parts.write(name, style, |text, out| {
        percent_encode(text, out, cookie_octet)
    });
    if text.is_empty() {
        return Ok(());
    }
    if !cookies.is_empty() {
        cookies.push_str("; ");
    }
    cookies.push_str(&text);
    Ok(())
}

/// Deserializes a string into an open enum without allocating for known values.
#[allow(dead_code)] // used by APIs with string enums only
pub(crate) fn deserialize_str_enum<'de, D, T>(
    deserializer: D,
    from: fn(&str) -> T,
) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
{
    struct Visitor<T>(fn(&str) -> T);
    impl<T> serde::de::Visitor<'_> for Visitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
            Ok((self.0)(value))
        }
    }
    deserializer.deserialize_str(Visitor(from))
}

/// The JSON text of one value, set aside while deciding how to decode it
/// (unions, expandable objects, `""`-or-value fields).
#[allow(dead_code)] // used by APIs with unions or expandable fields only
pub(crate) type Raw = Box<serde_json::value::RawValue>;

/// Decodes `T` from JSON text set aside by a union or an expandable field.
///
/// It reads the text with the same decoder a response body goes through
/// (`serde_json::from_slice`), so each type's `Deserialize` is compiled for
/// one decoder only, whichever way it is reached.
#[allow(dead_code)] // used by APIs with unions, expandable fields or webhooks only
pub(crate) fn from_raw<T: serde::de::DeserializeOwned>(
    raw: &serde_json::value::RawValue,
) -> Result<T, serde_json::Error> {
    serde_json::from_slice(raw.get().as_bytes())
}

/// The string value of property `tag` of a JSON object given as text, if
/// it has one (the discriminator of a tagged union).
#[allow(dead_code)] // used by APIs with tagged unions or webhooks only
pub(crate) fn tag_of(raw: &serde_json::value::RawValue, tag: &str) -> Option<String> {
    use serde::de::{Deserializer as _, IgnoredAny, MapAccess, Visitor};

    struct Tag<'a>(&'a str);

    impl<'de> Visitor<'de> for Tag<'_> {
        type Value = Option<String>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an object")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut found = None;
            while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                if key == self.0 && found.is_none() {
                    found = map.next_value::<Value>()?.as_str().map(str::to_owned);
                } else {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            Ok(found)
        }
    }

    let mut deserializer = serde_json::Deserializer::from_slice(raw.get().as_bytes());
    deserializer.deserialize_map(Tag(tag)).ok().flatten()
}

/// Deserializes an integer into an open enum.
#[allow(dead_code)] // used by APIs with integer enums only
pub(crate) fn deserialize_int_enum<'de, D, T>(
    deserializer: D,
    from: fn(i64) -> T,
) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
{
    <i64 as serde::Deserialize>::deserialize(deserializer).map(from)
}

/// A body shown in messages: its start, with the values of secret
/// properties replaced when it is JSON.
pub(crate) struct BodyPreview<'a>(pub(crate) &'a [u8]);

impl fmt::Debug for BodyPreview<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.to_string())
    }
}

impl fmt::Display for BodyPreview<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const LIMIT: usize = 300;
        let text = match serde_json::from_slice::<Value>(self.0) {
            Ok(mut value) => {
                redact(&mut value);
                value.to_string()
            }
            Err(_) => redact_text(String::from_utf8_lossy(self.0).trim()),
        };
        if text.is_empty() {
            return f.write_str("(empty body)");
        }
        match text.char_indices().nth(LIMIT) {
            Some((cut, _)) => write!(f, "{}… ({} bytes)", &text[..cut], self.0.len()),
            None => f.write_str(&text),
        }
    }
}

/// Hides secret values in text that is not valid JSON (a cut-off body):
/// after `"name"` and a colon, the quoted value (or everything up to the end
/// when the quote never closes) becomes `[redacted]`.
pub(crate) fn redact_text(text: &str) -> String {
    let mut out = text.to_owned();
    for name in crate::SDK.secret_fields {
        let key = format!("\"{name}\"");
        let mut from = 0;
        while let Some(found) = out[from..].find(&key) {
            let after_key = from + found + key.len();
            let rest = &out[after_key..];
            let trimmed = rest.trim_start();
            let Some(value) = trimmed.strip_prefix(':') else {
                from = after_key;
                continue;
            };
            let value = value.trim_start();
            let start = out.len() - value.len();
            let end = match value.strip_prefix('"') {
                Some(inner) => closing_quote(inner).map_or(out.len(), |i| start + 1 + i + 1),
                None => start + value.find([',', '}', ']']).unwrap_or(value.len()),
            };
            out.replace_range(start..end, "\"[redacted]\"");
            from = start + "\"[redacted]\"".len();
        }
    }
    out
}

/// The index of the quote closing a JSON string whose opening quote was just
/// before `text`.
fn closing_quote(text: &str) -> Option<usize> {
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => return Some(i),
            _ => escaped = false,
        }
    }
    None
}

/// A JSON value shown in `Debug` with its secrets redacted.
pub(crate) struct RedactedJson<'a>(pub(crate) &'a Value);

impl fmt::Debug for RedactedJson<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut value = self.0.clone();
        redact(&mut value);
        write!(f, "{value}")
    }
}

/// A JSON body as received shown in `Debug` in full, its secrets redacted
/// (read from the bytes, so no model's `Serialize` is compiled for it).
pub(crate) struct RedactedBody<'a>(pub(crate) &'a [u8]);

impl fmt::Debug for RedactedBody<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match serde_json::from_slice::<Value>(self.0) {
            Ok(value) => RedactedJson(&value).fmt(f),
            Err(_) => f.write_str("(not JSON)"),
        }
    }
}

/// Replaces the values of secret properties, at any depth.
pub(crate) fn redact(value: &mut Value) {
    match value {
        Value::Object(fields) => {
            for (name, field) in fields.iter_mut() {
                if crate::SDK.secret_fields.contains(&name.as_str()) {
                    *field = Value::String("[redacted]".to_owned());
                } else {
                    redact(field);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(redact),
        _ => {}
    }
}

/// Stands in for a secret in `Debug` output.
#[allow(dead_code)] // used by APIs with secret fields only
pub(crate) struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_components_are_quoted_like_quote_plus() {
        let mut out = String::new();
        quote_plus("a b&c=d/é~*_.-", &mut out);
        assert_eq!(out, "a+b%26c%3Dd%2F%C3%A9~%2A_.-");
    }

    #[test]
    fn nested_values_use_brackets() {
        let mut query = Query::default();
        query.push(
            "created",
            &serde_json::json!({"gte": 1, "lt": "x y"}),
            ListStyle::Indexed,
        );
        query.push("expand", &["a", "b"], ListStyle::Indexed);
        query.push("ids", &["a", "b"], ListStyle::Repeat);
        query.push("tags", &["a", "b"], ListStyle::Joined(','));
        query.push("none", &Option::<i64>::None, ListStyle::Repeat);
        let expected = "created%5Bgte%5D=1&created%5Blt%5D=x+y&expand%5B0%5D=a&expand%5B1%5D=b&ids=a&ids=b&tags=a%2Cb";
        let expected = if crate::SDK.form.literal_brackets {
            expected.replace("%5B", "[").replace("%5D", "]")
        } else {
            expected.to_owned()
        };
        assert_eq!(query.finish().ok().as_deref().unwrap_or_default(), expected);
    }

    #[test]
    fn json_parameters_are_one_pair_of_json_text() {
        let mut query = Query::default();
        let filter = serde_json::json!({"color": "red", "size": [1, 2]});
        query.push_json("filter", &Some(filter));
        query.push_json("none", &Option::<i64>::None);
        query.push_json("text", "a b");
        let expected =
            "filter=%7B%22color%22%3A%22red%22%2C%22size%22%3A%5B1%2C2%5D%7D&text=%22a+b%22";
        assert_eq!(query.finish().ok().as_deref().unwrap_or_default(), expected);
    }

    #[test]
    fn secrets_in_cut_off_bodies_are_hidden() {
        let cut = r#"{"id":"pi_1","client_secret" : "pi_secret_\"abc","amount":10"#;
        let shown = redact_text(cut);
        assert!(!shown.contains("pi_secret"), "{shown}");
        assert!(shown.contains(r#""amount":10"#), "{shown}");
        let unclosed = redact_text(r#"{"client_secret":"pi_secr"#);
        assert!(!unclosed.contains("pi_secr"), "{unclosed}");
        assert_eq!(redact_text("plain text"), "plain text");
    }

    #[test]
    fn path_segments_cannot_escape() {
        assert_eq!(path_segment("pi_1/../x?y"), "pi_1%2F..%2Fx%3Fy");
        assert_eq!(path_str("id", "a b/c").ok().as_deref(), Some("a%20b%2Fc"));
        assert!(matches!(path_str("id", ""), Err(Error::InvalidRequest(_))));
    }

    /// One value, list and object written in `style` as a path parameter.
    fn path_forms(style: Style) -> [String; 3] {
        let write = |value: &Value| {
            path_param("color", value, style).unwrap_or_else(|e| format!("error: {e}"))
        };
        [
            write(&serde_json::json!("blue")),
            write(&serde_json::json!(["blue", "black", "brown"])),
            write(&serde_json::json!({"a": 100, "b": 200})),
        ]
    }

    #[test]
    fn path_parameters_follow_their_style() {
        // The examples of the OpenAPI specification's style table.
        let cases = [
            (
                Style::Simple { explode: false },
                ["blue", "blue,black,brown", "a,100,b,200"],
            ),
            (
                Style::Simple { explode: true },
                ["blue", "blue,black,brown", "a=100,b=200"],
            ),
            (
                Style::Label { explode: false },
                [".blue", ".blue,black,brown", ".a,100,b,200"],
            ),
            (
                Style::Label { explode: true },
                [".blue", ".blue.black.brown", ".a=100.b=200"],
            ),
            (
                Style::Matrix { explode: false },
                [
                    ";color=blue",
                    ";color=blue,black,brown",
                    ";color=a,100,b,200",
                ],
            ),
            (
                Style::Matrix { explode: true },
                [
                    ";color=blue",
                    ";color=blue;color=black;color=brown",
                    ";a=100;b=200",
                ],
            ),
        ];
        for (style, expected) in cases {
            assert_eq!(path_forms(style), expected, "{style:?}");
        }
    }

    #[test]
    fn path_parameter_parts_are_percent_encoded_but_separators_are_not() {
        let style = Style::Simple { explode: false };
        let list = ["a/b", "c,d", "é"];
        assert_eq!(
            path_param("x", &list, style).ok().as_deref(),
            Some("a%2Fb,c%2Cd,%C3%A9")
        );
        assert_eq!(path_param("n", &42_i64, style).ok().as_deref(), Some("42"));
        assert_eq!(path_param("b", &true, style).ok().as_deref(), Some("true"));
        let matrix = Style::Matrix { explode: false };
        assert_eq!(
            path_param("n a", &"", matrix).ok().as_deref(),
            Some(";n%20a")
        );
    }

    #[test]
    fn path_parameters_without_a_value_are_refused() {
        let style = Style::Simple { explode: false };
        for value in [
            serde_json::json!(null),
            serde_json::json!(""),
            serde_json::json!([]),
        ] {
            let result = path_param("id", &value, style);
            assert!(
                matches!(&result, Err(Error::InvalidRequest(m)) if m.contains("id")),
                "{value}: {result:?}"
            );
        }
        assert!(path_param("id", &Option::<i64>::None, style).is_err());
    }

    #[test]
    fn header_parameters_are_simple_or_json_and_unset_ones_are_left_out() {
        let mut headers = reqwest::header::HeaderMap::new();
        let simple = Style::Simple { explode: false };
        let list = vec!["resource=transaction".to_owned(), "x".to_owned()];
        assert!(header_param(&mut headers, "prefer", &list, simple).is_ok());
        assert!(header_param(&mut headers, "x-count", &Some(3_i32), simple).is_ok());
        assert!(header_param(&mut headers, "x-none", &Option::<Vec<String>>::None, simple).is_ok());
        let object = serde_json::json!({"a": 1, "b": "two"});
        let exploded = Style::Simple { explode: true };
        assert!(header_param(&mut headers, "x-object", &object, exploded).is_ok());
        assert!(header_param(&mut headers, "x-json", &object, Style::Json).is_ok());
        let shown = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        assert_eq!(shown("prefer").as_deref(), Some("resource=transaction,x"));
        assert_eq!(shown("x-count").as_deref(), Some("3"));
        assert_eq!(shown("x-none"), None);
        assert_eq!(shown("x-object").as_deref(), Some("a=1,b=two"));
        assert_eq!(shown("x-json").as_deref(), Some(r#"{"a":1,"b":"two"}"#));
        let broken = header_param(&mut headers, "x-bad", &"line\nbreak", simple);
        assert!(matches!(broken, Err(Error::InvalidRequest(_))));
    }

    #[test]
    fn cookie_parameters_are_form_style_and_escaped() {
        let mut cookies = String::new();
        let form = Style::Form { explode: false };
        let exploded = Style::Form { explode: true };
        assert!(cookie_param(&mut cookies, "session", &"a b;c", form).is_ok());
        assert!(cookie_param(&mut cookies, "ids", &[3, 4], form).is_ok());
        assert!(cookie_param(&mut cookies, "tag", &["x", "y"], exploded).is_ok());
        assert!(cookie_param(&mut cookies, "unset", &Option::<String>::None, form).is_ok());
        assert!(cookie_param(&mut cookies, "obj", &serde_json::json!({"a": 1}), exploded).is_ok());
        assert_eq!(cookies, "session=a%20b%3Bc; ids=3,4; tag=x; tag=y; a=1");
    }
}
