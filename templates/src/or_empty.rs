//! Values real APIs let a request clear with an empty string: `OrEmpty`.

use serde::de::{self, Deserialize, Deserializer};
use serde::ser::{Serialize, Serializer};

/// A value, or the empty string that tells the API to clear it.
#[derive(Clone, Debug, PartialEq)]
pub enum OrEmpty<T> {
    /// The empty string: clears the value.
    Empty,
    /// A value.
    Value(T),
}

impl<T> From<T> for OrEmpty<T> {
    fn from(value: T) -> Self {
        OrEmpty::Value(value)
    }
}

impl<T: Serialize> Serialize for OrEmpty<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            OrEmpty::Empty => serializer.serialize_str(""),
            OrEmpty::Value(value) => value.serialize(serializer),
        }
    }
}

impl<'de, T: serde::de::DeserializeOwned> Deserialize<'de> for OrEmpty<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = <crate::encoding::Raw as serde::Deserialize>::deserialize(deserializer)?;
        if raw.get().trim() == "\"\"" {
            return Ok(OrEmpty::Empty);
        }
        crate::encoding::from_raw(&raw)
            .map(OrEmpty::Value)
            .map_err(de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn or_empty_round_trips_the_empty_string() {
        let empty: OrEmpty<Vec<String>> = serde_json::from_str(r#""""#).expect("empty");
        assert_eq!(empty, OrEmpty::Empty);
        assert_eq!(serde_json::to_string(&empty).expect("ser"), r#""""#);
        let value: OrEmpty<Vec<String>> = serde_json::from_str(r#"["a"]"#).expect("value");
        assert_eq!(value, OrEmpty::Value(vec!["a".to_owned()]));
    }
}
