//! References real APIs make that may be expanded into the object they
//! name: `Expandable` (an id, or the object) and `HasId`.

use serde::de::{self, Deserialize, Deserializer};
use serde::ser::{Serialize, Serializer};

/// An object the API returns either as its id or, when asked to expand it,
/// in full.
#[derive(Clone, Debug, PartialEq)]
pub enum Expandable<T> {
    /// Not expanded: the id of the object.
    Id(String),
    /// Expanded: the object itself.
    Object(Box<T>),
}

/// Objects with an `id`.
pub trait HasId {
    /// The object's id.
    fn id(&self) -> &str;
}

impl<T> Expandable<T> {
    /// Whether the object is expanded.
    pub fn is_object(&self) -> bool {
        matches!(self, Expandable::Object(_))
    }

    /// The expanded object, if it is expanded.
    pub fn as_object(&self) -> Option<&T> {
        match self {
            Expandable::Object(object) => Some(object),
            Expandable::Id(_) => None,
        }
    }

    /// The expanded object, if it is expanded.
    pub fn into_object(self) -> Option<T> {
        match self {
            Expandable::Object(object) => Some(*object),
            Expandable::Id(_) => None,
        }
    }
}

impl<T: HasId> Expandable<T> {
    /// The id of the object, expanded or not.
    pub fn id(&self) -> &str {
        match self {
            Expandable::Id(id) => id,
            Expandable::Object(object) => object.id(),
        }
    }
}

impl<T> From<String> for Expandable<T> {
    fn from(id: String) -> Self {
        Expandable::Id(id)
    }
}

impl<T> From<&str> for Expandable<T> {
    fn from(id: &str) -> Self {
        Expandable::Id(id.to_owned())
    }
}

impl<T: Serialize> Serialize for Expandable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Expandable::Id(id) => serializer.serialize_str(id),
            Expandable::Object(object) => object.serialize(serializer),
        }
    }
}

impl<'de, T: serde::de::DeserializeOwned> Deserialize<'de> for Expandable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = <crate::encoding::Raw as serde::Deserialize>::deserialize(deserializer)?;
        match raw.get().trim_start().as_bytes().first() {
            Some(b'"') => crate::encoding::from_raw(&raw).map(Expandable::Id),
            Some(b'{') => {
                crate::encoding::from_raw(&raw).map(|object| Expandable::Object(Box::new(object)))
            }
            _ => {
                return Err(de::Error::custom(format!(
                    "expected an id string or an object, found {}",
                    raw.get()
                )))
            }
        }
        .map_err(de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Thing {
        id: String,
        n: i64,
    }

    impl HasId for Thing {
        fn id(&self) -> &str {
            &self.id
        }
    }

    #[test]
    fn expandable_reads_ids_and_objects_and_writes_them_back() {
        let id: Expandable<Thing> = serde_json::from_str(r#""th_1""#).expect("id");
        assert_eq!(id, Expandable::Id("th_1".into()));
        assert_eq!(id.id(), "th_1");
        let object: Expandable<Thing> =
            serde_json::from_str(r#"{"id":"th_2","n":3}"#).expect("object");
        assert_eq!(object.id(), "th_2");
        assert_eq!(object.as_object().map(|t| t.n), Some(3));
        assert_eq!(
            serde_json::to_string(&object).expect("ser"),
            r#"{"id":"th_2","n":3}"#
        );
        assert!(serde_json::from_str::<Expandable<Thing>>("5").is_err());
    }
}
