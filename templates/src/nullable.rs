//! A request field that can be left out, sent as `null` or sent with a
//! value: `Nullable`.

use serde::de::{Deserialize, Deserializer};
use serde::ser::{Serialize, SerializeMap, Serializer};

/// An optional, nullable field of a request: left out (the server keeps
/// what it has), `null` (the server clears it), or a value.
///
/// Build one with the struct's setters (`.description("..")` sets a value,
/// `.description_null()`-style setters send `null`), or directly:
/// `Nullable::Value(x)`, `Nullable::Null`, `x.into()`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub enum Nullable<T> {
    /// Left out of the request.
    #[default]
    Unset,
    /// Sent as `null`.
    Null,
    /// Sent with this value.
    Value(T),
}

impl<T> Nullable<T> {
    /// `Value(value)` for `Some(value)`, `Null` for `None`.
    pub fn from_option(value: Option<T>) -> Self {
        value.map_or(Nullable::Null, Nullable::Value)
    }

    /// Whether it is left out of the request.
    pub const fn is_unset(&self) -> bool {
        matches!(self, Nullable::Unset)
    }

    /// Whether it is sent as `null`.
    pub const fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }

    /// The value, if there is one (`None` for `Unset` and `Null`).
    pub const fn as_ref(&self) -> Option<&T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Unset | Nullable::Null => None,
        }
    }

    /// The value, if there is one, dereferenced (`&str` of a `String`).
    pub fn as_deref(&self) -> Option<&T::Target>
    where
        T: std::ops::Deref,
    {
        self.as_ref().map(|value| &**value)
    }

    /// The value, if there is one.
    pub fn into_option(self) -> Option<T> {
        match self {
            Nullable::Value(value) => Some(value),
            Nullable::Unset | Nullable::Null => None,
        }
    }

    /// The value mapped by `f`, the state kept otherwise.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Nullable<U> {
        match self {
            Nullable::Unset => Nullable::Unset,
            Nullable::Null => Nullable::Null,
            Nullable::Value(value) => Nullable::Value(f(value)),
        }
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

/// `null` for `Unset` and `Null`; the struct's encoder leaves `Unset` out
/// before it gets here.
impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Value(value) => value.serialize(serializer),
            Nullable::Unset | Nullable::Null => serializer.serialize_none(),
        }
    }
}

/// `null` is `Null`, anything else a value; a property that does not come
/// stays `Unset` (the struct's decoder starts there).
impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Option::<T>::deserialize(deserializer).map(Nullable::from_option)
    }
}

impl<M: SerializeMap> crate::fields::Entries<M> {
    /// Writes a three-state property unless it is `Unset`.
    #[allow(dead_code)] // used by the encoders of generated structs only
    pub(crate) fn nullable<T: Serialize>(&mut self, name: &str, value: &Nullable<T>) {
        if !value.is_unset() {
            self.field(name, value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Default)]
    struct Update {
        note: Nullable<String>,
    }

    impl Serialize for Update {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut entries = crate::fields::Entries::start(serializer)?;
            entries.nullable("note", &self.note);
            entries.end()
        }
    }

    #[test]
    fn the_three_states_go_out_as_absent_null_and_a_value() {
        let json = |note| serde_json::to_string(&Update { note }).expect("encodes");
        assert_eq!(json(Nullable::Unset), "{}");
        assert_eq!(json(Nullable::Null), r#"{"note":null}"#);
        assert_eq!(json("hi".to_owned().into()), r#"{"note":"hi"}"#);
    }

    #[test]
    fn null_and_values_decode_and_read_as_options() {
        let null: Nullable<String> = serde_json::from_str("null").expect("null");
        assert!(null.is_null() && !null.is_unset());
        let value: Nullable<String> = serde_json::from_str(r#""x""#).expect("value");
        assert_eq!(value.as_deref(), Some("x"));
        assert_eq!(value.clone().map(|s| s.len()), Nullable::Value(1));
        assert_eq!(value.into_option(), Some("x".to_owned()));
        assert_eq!(Nullable::<u8>::default(), Nullable::Unset);
        assert_eq!(Nullable::from_option(None::<u8>), Nullable::Null);
        assert_eq!(Nullable::<u8>::Unset.as_ref(), None);
    }
}
