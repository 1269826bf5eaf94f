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
        match serde_json::to_value(value) {
            Ok(value) => self.flatten(name, &value, style),
            Err(e) => {
                self.error.get_or_insert_with(|| {
                    format!("query parameter {name} could not be encoded: {e}")
                });
            }
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
        let value = serde_json::to_value(value).map_err(|e| {
            Error::InvalidRequest(format!("the form body could not be encoded: {e}"))
        })?;
        match value {
            Value::Object(fields) => {
                for (name, value) in &fields {
                    self.flatten(name, value, ListStyle::Indexed);
                }
                Ok(())
            }
            Value::Null => Ok(()),
            other => Err(Error::InvalidRequest(format!(
                "a form body must be an object, not {other}"
            ))),
        }
    }

    fn flatten(&mut self, key: &str, value: &Value, style: ListStyle) {
        match value {
            Value::Null => {}
            Value::Bool(b) => {
                let style = &crate::SDK.form;
                self.pair(
                    key,
                    if *b {
                        style.true_value
                    } else {
                        style.false_value
                    },
                )
            }
            Value::Number(n) => self.pair(key, &n.to_string()),
            Value::String(s) => self.pair(key, s),
            Value::Array(items) => match style {
                ListStyle::Repeat => items.iter().for_each(|item| self.flatten(key, item, style)),
                ListStyle::Indexed => {
                    for (i, item) in items.iter().enumerate() {
                        self.flatten(&format!("{key}[{i}]"), item, style);
                    }
                }
                ListStyle::Joined(separator) => {
                    let joined: Vec<String> = items.iter().map(scalar_text).collect();
                    self.pair(key, &joined.join(&separator.to_string()));
                }
            },
            Value::Object(fields) => {
                for (name, value) in fields {
                    self.flatten(&format!("{key}[{name}]"), value, style);
                }
            }
        }
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
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
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
#[allow(dead_code)] // used by APIs with unions or expandable fields only
pub(crate) fn from_raw<T: serde::de::DeserializeOwned>(
    raw: &serde_json::value::RawValue,
) -> Result<T, serde_json::Error> {
    serde_json::from_slice(raw.get().as_bytes())
}

/// The string value of property `tag` of a JSON object given as text, if
/// it has one (the discriminator of a tagged union).
#[allow(dead_code)] // used by APIs with tagged unions only
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

/// The JSON text of a parameter value (a header described by `content:
/// application/json`).
#[allow(dead_code)] // used by APIs with such parameters only
pub(crate) fn json_text<T: serde::Serialize + ?Sized>(name: &str, value: &T) -> Result<String, Error> {
    serde_json::to_string(value)
        .map_err(|e| Error::InvalidRequest(format!("header {name} could not be encoded: {e}")))
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

/// A serializable value shown in `Debug` as JSON with its secrets redacted.
pub(crate) struct RedactedJson<'a, T>(pub(crate) &'a T);

impl<T: serde::Serialize> fmt::Debug for RedactedJson<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match serde_json::to_value(self.0) {
            Ok(mut value) => {
                redact(&mut value);
                write!(f, "{value}")
            }
            Err(_) => f.write_str("(not serializable)"),
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
        let expected = "filter=%7B%22color%22%3A%22red%22%2C%22size%22%3A%5B1%2C2%5D%7D&text=%22a+b%22";
        assert_eq!(query.finish().ok().as_deref().unwrap_or_default(), expected);
        assert_eq!(json_text("x-filter", &[1, 2]).ok().as_deref(), Some("[1,2]"));
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
    }
}
