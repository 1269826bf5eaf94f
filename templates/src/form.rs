//! The serde serializer behind query strings and form bodies: a value is
//! written straight out as `name=value` pairs (object properties in
//! brackets, lists as a [`ListStyle`] says), with no JSON tree built first.
//!
//! The pairs come out in the order the value serializes (a model's fields
//! in its document's order); scalars are written as their JSON text would
//! be (numbers as `serde_json` prints them, non-finite numbers as nothing).

use std::fmt;

use serde::ser::{self, Serialize};

use crate::encoding::ListStyle;

/// Where pairs go.
pub(crate) trait Sink {
    /// Adds one `key=value` pair (both unencoded).
    fn pair(&mut self, key: &str, value: &str);
}

/// Collects the values of the pairs written (the items of a joined list,
/// the text of a map key).
#[derive(Default)]
struct Values(Vec<String>);

impl Sink for Values {
    fn pair(&mut self, _key: &str, value: &str) {
        self.0.push(value.to_owned());
    }
}

/// Why a value could not be written as pairs.
#[derive(Debug)]
pub(crate) struct FormError(String);

impl fmt::Display for FormError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for FormError {}

impl ser::Error for FormError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Self(msg.to_string())
    }
}

/// Writes `value` as the parameter `name`: `None` and `()` write nothing,
/// objects become `name[key]=value` pairs, lists are written as `style` says.
pub(crate) fn write<T: Serialize + ?Sized>(
    sink: &mut dyn Sink,
    name: &str,
    value: &T,
    style: ListStyle,
) -> Result<(), FormError> {
    value.serialize(Pairs {
        sink,
        key: Some(name),
        style,
    })
}

/// Writes every field of a struct or map as a parameter of its own, nested
/// values in brackets and lists indexed (a form body); a value that is not
/// an object is refused, and `None` writes nothing.
pub(crate) fn write_fields<T: Serialize + ?Sized>(
    sink: &mut dyn Sink,
    value: &T,
) -> Result<(), FormError> {
    value.serialize(Pairs {
        sink,
        key: None,
        style: ListStyle::Indexed,
    })
}

/// The key of the property `name` of the object written under `parent`
/// (`None`: the body itself).
fn child(parent: Option<&str>, name: &str) -> String {
    match parent {
        None => name.to_owned(),
        Some(key) => format!("{key}[{name}]"),
    }
}

fn not_an_object(what: &str) -> FormError {
    FormError(format!("it is {what}, not an object of properties"))
}

/// The serializer: one value, written under `key` (`None`: the body itself,
/// which must be an object or nothing).
struct Pairs<'a, 'k> {
    sink: &'a mut dyn Sink,
    key: Option<&'k str>,
    style: ListStyle,
}

impl<'a> Pairs<'a, '_> {
    /// Writes a scalar's text under the key.
    fn scalar(self, text: &str, what: &str) -> Result<(), FormError> {
        let key = self.key.ok_or_else(|| not_an_object(what))?;
        self.sink.pair(key, text);
        Ok(())
    }

    fn number(self, value: impl fmt::Display) -> Result<(), FormError> {
        self.scalar(&value.to_string(), "a number")
    }

    /// A float as JSON writes it; NaN and the infinities, which JSON lacks,
    /// write nothing (as `null` would).
    fn float(self, value: f64) -> Result<(), FormError> {
        match serde_json::Number::from_f64(value) {
            Some(number) => self.number(number),
            None => Ok(()),
        }
    }

    fn list(self, key: Option<String>) -> Result<List<'a>, FormError> {
        let key = key.ok_or_else(|| not_an_object("a list"))?;
        Ok(List {
            sink: self.sink,
            key,
            style: self.style,
            index: 0,
            joined: Values::default(),
        })
    }

    fn object(self, key: Option<String>) -> Object<'a> {
        Object {
            sink: self.sink,
            key,
            style: self.style,
            next: None,
        }
    }
}

impl<'a> ser::Serializer for Pairs<'a, '_> {
    type Ok = ();
    type Error = FormError;
    type SerializeSeq = List<'a>;
    type SerializeTuple = List<'a>;
    type SerializeTupleStruct = List<'a>;
    type SerializeTupleVariant = List<'a>;
    type SerializeMap = Object<'a>;
    type SerializeStruct = Object<'a>;
    type SerializeStructVariant = Object<'a>;

    fn serialize_bool(self, v: bool) -> Result<(), FormError> {
        let style = &crate::SDK.form;
        let text = if v {
            style.true_value
        } else {
            style.false_value
        };
        self.scalar(text, "a boolean")
    }

    fn serialize_i8(self, v: i8) -> Result<(), FormError> {
        self.number(v)
    }

    fn serialize_i16(self, v: i16) -> Result<(), FormError> {
        self.number(v)
    }

    fn serialize_i32(self, v: i32) -> Result<(), FormError> {
        self.number(v)
    }

    fn serialize_i64(self, v: i64) -> Result<(), FormError> {
        self.number(v)
    }

    fn serialize_i128(self, v: i128) -> Result<(), FormError> {
        self.number(v)
    }

    fn serialize_u8(self, v: u8) -> Result<(), FormError> {
        self.number(v)
    }

    fn serialize_u16(self, v: u16) -> Result<(), FormError> {
        self.number(v)
    }

    fn serialize_u32(self, v: u32) -> Result<(), FormError> {
        self.number(v)
    }

    fn serialize_u64(self, v: u64) -> Result<(), FormError> {
        self.number(v)
    }

    fn serialize_u128(self, v: u128) -> Result<(), FormError> {
        self.number(v)
    }

    fn serialize_f32(self, v: f32) -> Result<(), FormError> {
        self.float(f64::from(v))
    }

    fn serialize_f64(self, v: f64) -> Result<(), FormError> {
        self.float(v)
    }

    fn serialize_char(self, v: char) -> Result<(), FormError> {
        self.scalar(v.encode_utf8(&mut [0; 4]), "a string")
    }

    fn serialize_str(self, v: &str) -> Result<(), FormError> {
        self.scalar(v, "a string")
    }

    /// Bytes are a list of numbers, as in JSON.
    fn serialize_bytes(self, v: &[u8]) -> Result<(), FormError> {
        use ser::SerializeSeq as _;
        let mut list = self.serialize_seq(Some(v.len()))?;
        v.iter().try_for_each(|byte| list.serialize_element(byte))?;
        list.end()
    }

    fn serialize_none(self) -> Result<(), FormError> {
        Ok(())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), FormError> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), FormError> {
        Ok(())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), FormError> {
        Ok(())
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<(), FormError> {
        self.scalar(variant, "a string")
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), FormError> {
        value.serialize(self)
    }

    /// `{variant: value}`, as serde writes it in JSON.
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), FormError> {
        let key = child(self.key, variant);
        value.serialize(Pairs {
            sink: self.sink,
            key: Some(&key),
            style: self.style,
        })
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<List<'a>, FormError> {
        let key = self.key.map(str::to_owned);
        self.list(key)
    }

    fn serialize_tuple(self, len: usize) -> Result<List<'a>, FormError> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<List<'a>, FormError> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<List<'a>, FormError> {
        let key = child(self.key, variant);
        self.list(Some(key))
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<Object<'a>, FormError> {
        let key = self.key.map(str::to_owned);
        Ok(self.object(key))
    }

    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<Object<'a>, FormError> {
        self.serialize_map(Some(len))
    }

    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Object<'a>, FormError> {
        let key = child(self.key, variant);
        Ok(self.object(Some(key)))
    }
}

/// A list being written: items under `key[0]`, `key[1]`, ... (indexed),
/// each under `key` (repeated), or their texts joined into one pair.
struct List<'a> {
    sink: &'a mut dyn Sink,
    key: String,
    style: ListStyle,
    index: usize,
    joined: Values,
}

impl List<'_> {
    fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), FormError> {
        let index = self.index;
        self.index += 1;
        match self.style {
            ListStyle::Repeat => value.serialize(Pairs {
                sink: &mut *self.sink,
                key: Some(&self.key),
                style: self.style,
            }),
            ListStyle::Indexed => {
                let key = format!("{}[{index}]", self.key);
                value.serialize(Pairs {
                    sink: &mut *self.sink,
                    key: Some(&key),
                    style: self.style,
                })
            }
            ListStyle::Joined(_) => value.serialize(Pairs {
                sink: &mut self.joined,
                key: Some(&self.key),
                style: ListStyle::Repeat,
            }),
        }
    }

    /// A joined list is one pair, even when empty (`key=`).
    fn finish(self) -> Result<(), FormError> {
        if let ListStyle::Joined(separator) = self.style {
            let text = self.joined.0.join(separator.encode_utf8(&mut [0; 4]));
            self.sink.pair(&self.key, &text);
        }
        Ok(())
    }
}

/// The serde traits a list is written through: each item goes to
/// [`List::item`], the end to [`List::finish`].
macro_rules! list_traits {
    ($($name:ident::$method:ident),*) => {$(
        impl ser::$name for List<'_> {
            type Ok = ();
            type Error = FormError;

            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), FormError> {
                self.item(value)
            }

            fn end(self) -> Result<(), FormError> {
                self.finish()
            }
        }
    )*};
}

list_traits!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

/// An object being written: each property under `key[name]` (or `name`
/// at the top of a body).
struct Object<'a> {
    sink: &'a mut dyn Sink,
    key: Option<String>,
    style: ListStyle,
    /// A map key written, waiting for its value.
    next: Option<String>,
}

impl Object<'_> {
    fn property<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Result<(), FormError> {
        let key = child(self.key.as_deref(), name);
        value.serialize(Pairs {
            sink: &mut *self.sink,
            key: Some(&key),
            style: self.style,
        })
    }
}

impl ser::SerializeMap for Object<'_> {
    type Ok = ();
    type Error = FormError;

    /// A key is written as a value would be, and must come out as one text.
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), FormError> {
        let mut texts = Values::default();
        key.serialize(Pairs {
            sink: &mut texts,
            key: Some(""),
            style: ListStyle::Repeat,
        })?;
        match <[String; 1]>::try_from(texts.0) {
            Ok([text]) => {
                self.next = Some(text);
                Ok(())
            }
            Err(_) => Err(FormError(
                "a map key must be one string or number".to_owned(),
            )),
        }
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), FormError> {
        let name = self
            .next
            .take()
            .ok_or_else(|| FormError("a map value came without its key".to_owned()))?;
        self.property(&name, value)
    }

    fn end(self) -> Result<(), FormError> {
        Ok(())
    }
}

/// The serde traits a struct is written through: each field is a property.
macro_rules! struct_traits {
    ($($name:ident),*) => {$(
        impl ser::$name for Object<'_> {
            type Ok = ();
            type Error = FormError;

            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                name: &'static str,
                value: &T,
            ) -> Result<(), FormError> {
                self.property(name, value)
            }

            fn end(self) -> Result<(), FormError> {
                Ok(())
            }
        }
    )*};
}

struct_traits!(SerializeStruct, SerializeStructVariant);

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    /// The pairs written, unencoded.
    #[derive(Default)]
    struct Seen(Vec<(String, String)>);

    impl Sink for Seen {
        fn pair(&mut self, key: &str, value: &str) {
            self.0.push((key.to_owned(), value.to_owned()));
        }
    }

    fn text(seen: &Seen) -> String {
        let pairs: Vec<String> = seen.0.iter().map(|(k, v)| format!("{k}={v}")).collect();
        pairs.join("&")
    }

    fn body<T: Serialize>(value: &T) -> Result<String, String> {
        let mut seen = Seen::default();
        write_fields(&mut seen, value).map_err(|e| e.to_string())?;
        Ok(text(&seen))
    }

    fn param<T: Serialize + ?Sized>(value: &T, style: ListStyle) -> String {
        let mut seen = Seen::default();
        match write(&mut seen, "p", value, style) {
            Ok(()) => text(&seen),
            Err(e) => format!("error: {e}"),
        }
    }

    #[derive(serde::Serialize)]
    #[serde(rename_all = "snake_case")]
    enum Kind {
        Card,
        Amount(i64),
        Pair(i64, i64),
        Named { x: i64 },
    }

    #[derive(serde::Serialize)]
    struct Address {
        line1: &'static str,
        city: Option<&'static str>,
    }

    #[derive(serde::Serialize)]
    struct Create {
        // Written in this order, not sorted.
        zeta: i64,
        alpha: Option<i64>,
        address: Address,
        tags: Vec<&'static str>,
        metadata: BTreeMap<&'static str, &'static str>,
        kind: Kind,
        ratio: f64,
        confirm: bool,
    }

    #[test]
    fn bodies_are_written_in_field_order_with_brackets() {
        let create = Create {
            zeta: 5,
            alpha: None,
            address: Address {
                line1: "1 Main St",
                city: Some("Tokyo"),
            },
            tags: vec!["a", "b"],
            metadata: BTreeMap::from([("order", "6735"), ("a", "1")]),
            kind: Kind::Card,
            ratio: 1.0,
            confirm: true,
        };
        let expected = format!(
            "zeta=5&address[line1]=1 Main St&address[city]=Tokyo&tags[0]=a&tags[1]=b\
             &metadata[a]=1&metadata[order]=6735&kind=card&ratio=1.0&confirm={}",
            crate::SDK.form.true_value
        );
        assert_eq!(body(&create).as_deref(), Ok(expected.as_str()));
    }

    #[test]
    fn lists_follow_their_style() {
        let list = [[1, 2], [3, 4]];
        assert_eq!(
            param(&list, ListStyle::Indexed),
            "p[0][0]=1&p[0][1]=2&p[1][0]=3&p[1][1]=4"
        );
        assert_eq!(param(&[1, 2], ListStyle::Repeat), "p=1&p=2");
        assert_eq!(param(&[1, 2], ListStyle::Joined(',')), "p=1,2");
        assert_eq!(param(&["a b", "c"], ListStyle::Joined('|')), "p=a b|c");
        // An empty joined list is still one (empty) parameter; the others write nothing.
        assert_eq!(param(&[0u8; 0], ListStyle::Joined(',')), "p=");
        assert_eq!(param(&[0u8; 0], ListStyle::Indexed), "");
        assert_eq!(param(&[0u8; 0], ListStyle::Repeat), "");
    }

    #[test]
    fn scalars_are_written_as_json_would_write_them() {
        let indexed = ListStyle::Indexed;
        assert_eq!(param(&1.5f64, indexed), "p=1.5");
        assert_eq!(param(&2.0f64, indexed), "p=2.0");
        assert_eq!(param(&0.5f32, indexed), "p=0.5");
        assert_eq!(param(&f64::NAN, indexed), "");
        assert_eq!(param(&f64::INFINITY, indexed), "");
        assert_eq!(param(&-7i64, indexed), "p=-7");
        assert_eq!(param(&u128::MAX, indexed), format!("p={}", u128::MAX));
        assert_eq!(param(&'x', indexed), "p=x");
        assert_eq!(param(&Option::<i64>::None, indexed), "");
        assert_eq!(param(&(), indexed), "");
        assert_eq!(
            param(&false, indexed),
            format!("p={}", crate::SDK.form.false_value)
        );
    }

    #[test]
    fn enum_variants_nest_as_serde_writes_them_in_json() {
        let indexed = ListStyle::Indexed;
        assert_eq!(param(&Kind::Card, indexed), "p=card");
        assert_eq!(param(&Kind::Amount(3), indexed), "p[amount]=3");
        assert_eq!(
            param(&Kind::Pair(1, 2), indexed),
            "p[pair][0]=1&p[pair][1]=2"
        );
        assert_eq!(param(&Kind::Named { x: 9 }, indexed), "p[named][x]=9");
        assert_eq!(body(&Kind::Amount(3)).as_deref(), Ok("amount=3"));
    }

    #[test]
    fn map_keys_are_one_text() {
        let numbered = BTreeMap::from([(2, "b"), (1, "a")]);
        assert_eq!(param(&numbered, ListStyle::Indexed), "p[1]=a&p[2]=b");
        let listed = BTreeMap::from([(vec![1, 2], "x")]);
        assert!(param(&listed, ListStyle::Indexed).starts_with("error: a map key"));
    }

    #[test]
    fn a_body_must_be_an_object_or_nothing() {
        assert_eq!(body(&Option::<Create>::None).as_deref(), Ok(""));
        for (value, what) in [
            (body(&"text"), "a string"),
            (body(&3), "a number"),
            (body(&true), "a boolean"),
            (body(&[1]), "a list"),
        ] {
            let error = value.err().unwrap_or_default();
            assert!(error.contains(what), "{error}");
        }
    }

    #[test]
    fn bytes_are_lists_of_numbers() {
        struct Bytes;
        impl Serialize for Bytes {
            fn serialize<S: ser::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_bytes(&[7, 8])
            }
        }
        assert_eq!(param(&Bytes, ListStyle::Indexed), "p[0]=7&p[1]=8");
    }
}
