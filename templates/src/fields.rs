//! Serde support the generated model structs share: their written-out
//! `Deserialize` and `Serialize` impls call these small generic functions,
//! one per step, so each step is compiled once per value type instead of
//! once per field of every struct.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{Deserialize, IgnoredAny, MapAccess};
use serde::ser::{Serialize, SerializeMap, Serializer};

/// A property name being decoded, borrowed from the input where it can be
/// (the generated struct decoders match on it).
#[allow(dead_code)] // used by APIs with object schemas only
pub(crate) struct Key<'de>(std::borrow::Cow<'de, str>);

#[allow(dead_code)] // used by APIs with object schemas only
impl Key<'_> {
    /// The name.
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    /// The name, owned (for an additional property).
    pub(crate) fn into_string(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Name;

        impl<'de> serde::de::Visitor<'de> for Name {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a property name")
            }

            fn visit_borrowed_str<E>(self, name: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Borrowed(name)))
            }

            fn visit_str<E>(self, name: &str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(name.to_owned())))
            }

            fn visit_string<E>(self, name: String) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(name)))
            }
        }

        deserializer.deserialize_str(Name)
    }
}

/// serde's "missing field" error for the first required property not
/// read, given each required property's name and whether it was read.
#[allow(dead_code)] // used by APIs with required properties only
pub(crate) fn missing<E: serde::de::Error>(read: &[(&'static str, bool)]) -> E {
    match read.iter().find(|(_, read)| !read) {
        Some((name, _)) => E::missing_field(name),
        None => E::custom("a required property is missing"),
    }
}

/// Reads the value of the property just named into `slot`, wrapped in
/// `Some`: for an optional nullable field, `null` becomes `Some(None)`.
#[allow(dead_code)] // used by APIs with object schemas only
pub(crate) fn read<'de, A, T>(map: &mut A, slot: &mut Option<T>) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: Deserialize<'de>,
{
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Reads the value of the property just named into `slot`, `null` as the
/// slot's type reads it: `None` of an `Option` (a field where `null` and
/// absence mean the same), `Null` of a `Nullable`.
#[allow(dead_code)] // used by APIs with optional properties only
pub(crate) fn read_or_null<'de, A, T>(map: &mut A, slot: &mut T) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: Deserialize<'de>,
{
    *slot = map.next_value()?;
    Ok(())
}

/// Reads the value of a property the struct does not name into its map of
/// additional properties.
#[allow(dead_code)] // used by APIs with additional properties only
pub(crate) fn read_extra<'de, A, T>(
    map: &mut A,
    key: Key<'de>,
    extra: &mut BTreeMap<String, T>,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: Deserialize<'de>,
{
    extra.insert(key.into_string(), map.next_value()?);
    Ok(())
}

/// Reads past the value of a property the struct does not know.
#[allow(dead_code)] // used by APIs with object schemas only
pub(crate) fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(|_| ())
}

/// An object being written entry by entry. The first error is kept and
/// returned by [`Entries::end`]; entries after it are not written.
#[allow(dead_code)] // used by APIs with object schemas only
pub(crate) struct Entries<M: SerializeMap> {
    map: M,
    error: Option<M::Error>,
}

#[allow(dead_code)] // used by APIs with object schemas only
impl<M: SerializeMap> Entries<M> {
    /// Starts an object of unknown length.
    pub(crate) fn start<S>(serializer: S) -> Result<Self, S::Error>
    where
        S: Serializer<SerializeMap = M, Ok = M::Ok, Error = M::Error>,
    {
        Ok(Self {
            map: serializer.serialize_map(None)?,
            error: None,
        })
    }

    /// Writes a property that is always present (`null` for a `None` of a
    /// required nullable field).
    pub(crate) fn field<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        if self.error.is_none() {
            if let Err(error) = self.map.serialize_entry(name, value) {
                self.error = Some(error);
            }
        }
    }

    /// Writes an optional property when it is set; `None` leaves it out.
    pub(crate) fn optional<T: Serialize>(&mut self, name: &str, value: &Option<T>) {
        if let Some(value) = value {
            self.field(name, value);
        }
    }

    /// Writes the additional properties, by name.
    pub(crate) fn extra<T: Serialize>(&mut self, extra: &BTreeMap<String, T>) {
        for (name, value) in extra {
            self.field(name, value);
        }
    }

    /// Ends the object, or returns the first error.
    pub(crate) fn end(self) -> Result<M::Ok, M::Error> {
        match self.error {
            Some(error) => Err(error),
            None => self.map.end(),
        }
    }
}

/// A JSON value read for a union of plain scalar types (string, boolean,
/// integer, number): the union picks its variant from the kind of value
/// read, in one pass over the input, without setting the value's text
/// aside and trying each variant on it.
#[allow(dead_code)] // used by APIs with unions of scalars only
pub(crate) enum Scalar {
    /// A string.
    String(String),
    /// `true` or `false`.
    Bool(bool),
    /// An integer, signed or not.
    Integer(i128),
    /// A number with a fraction or an exponent.
    Float(f64),
    /// Anything else (`null`, an array, an object).
    Other(serde_json::Value),
}

#[allow(dead_code)] // used by APIs with unions of scalars only
impl Scalar {
    /// The value as JSON, for a union variant that keeps what it does not know.
    pub(crate) fn into_value(self) -> serde_json::Value {
        match self {
            Self::String(text) => serde_json::Value::String(text),
            Self::Bool(value) => serde_json::Value::Bool(value),
            Self::Integer(value) => match (i64::try_from(value), u64::try_from(value)) {
                (Ok(signed), _) => signed.into(),
                (_, Ok(unsigned)) => unsigned.into(),
                // Out of both ranges: no JSON reader produces it.
                _ => serde_json::Value::Null,
            },
            Self::Float(value) => value.into(),
            Self::Other(value) => value,
        }
    }
}

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Kind;

        impl<'de> serde::de::Visitor<'de> for Kind {
            type Value = Scalar;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }

            fn visit_bool<E>(self, value: bool) -> Result<Scalar, E> {
                Ok(Scalar::Bool(value))
            }

            fn visit_i64<E>(self, value: i64) -> Result<Scalar, E> {
                Ok(Scalar::Integer(value.into()))
            }

            fn visit_u64<E>(self, value: u64) -> Result<Scalar, E> {
                Ok(Scalar::Integer(value.into()))
            }

            fn visit_f64<E>(self, value: f64) -> Result<Scalar, E> {
                Ok(Scalar::Float(value))
            }

            fn visit_str<E>(self, value: &str) -> Result<Scalar, E> {
                Ok(Scalar::String(value.to_owned()))
            }

            fn visit_string<E>(self, value: String) -> Result<Scalar, E> {
                Ok(Scalar::String(value))
            }

            fn visit_unit<E>(self) -> Result<Scalar, E> {
                Ok(Scalar::Other(serde_json::Value::Null))
            }

            fn visit_none<E>(self) -> Result<Scalar, E> {
                Ok(Scalar::Other(serde_json::Value::Null))
            }

            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<Scalar, A::Error> {
                let deserializer = serde::de::value::SeqAccessDeserializer::new(seq);
                serde_json::Value::deserialize(deserializer).map(Scalar::Other)
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Scalar, A::Error> {
                let deserializer = serde::de::value::MapAccessDeserializer::new(map);
                serde_json::Value::deserialize(deserializer).map(Scalar::Other)
            }
        }

        deserializer.deserialize_any(Kind)
    }
}
