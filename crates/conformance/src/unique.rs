//! JSON objects whose keys must each appear once: serde keeps the last of two equal keys,
//! which would let a file say one thing to a person and another to the runner.

use std::{collections::BTreeMap, fmt, marker::PhantomData};

use serde::{
    Deserialize, Deserializer,
    de::{Error as _, MapAccess, Visitor},
};

/// A map deserialized from a JSON object that refuses a key given twice.
pub(crate) struct UniqueMap<K, V>(pub(crate) BTreeMap<K, V>);

impl<'de, K, V> Deserialize<'de> for UniqueMap<K, V>
where
    K: Deserialize<'de> + Ord + fmt::Display,
    V: Deserialize<'de>,
{
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Unique<K, V>(PhantomData<(K, V)>);

        impl<'de, K, V> Visitor<'de> for Unique<K, V>
        where
            K: Deserialize<'de> + Ord + fmt::Display,
            V: Deserialize<'de>,
        {
            type Value = UniqueMap<K, V>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object whose keys each appear once")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = BTreeMap::new();
                while let Some(key) = map.next_key::<K>()? {
                    if out.contains_key(&key) {
                        return Err(A::Error::custom(format!(
                            "duplicate key \"{}\"",
                            key.to_string().escape_debug()
                        )));
                    }
                    let value = map.next_value()?;
                    out.insert(key, value);
                }
                Ok(UniqueMap(out))
            }
        }

        deserializer.deserialize_map(Unique(PhantomData))
    }
}

/// `deserialize_with` for a map field: refuses a key given twice.
pub(crate) fn map<'de, D, K, V>(deserializer: D) -> Result<BTreeMap<K, V>, D::Error>
where
    D: Deserializer<'de>,
    K: Deserialize<'de> + Ord + fmt::Display,
    V: Deserialize<'de>,
{
    UniqueMap::deserialize(deserializer).map(|m| m.0)
}

/// `deserialize_with` for a map of maps: refuses a key given twice at either level.
pub(crate) fn nested<'de, D, K, L, V>(
    deserializer: D,
) -> Result<BTreeMap<K, BTreeMap<L, V>>, D::Error>
where
    D: Deserializer<'de>,
    K: Deserialize<'de> + Ord + fmt::Display,
    L: Deserialize<'de> + Ord + fmt::Display,
    V: Deserialize<'de>,
{
    let outer: UniqueMap<K, UniqueMap<L, V>> = UniqueMap::deserialize(deserializer)?;
    Ok(outer.0.into_iter().map(|(k, v)| (k, v.0)).collect())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[derive(Debug, Deserialize)]
    struct Fields {
        #[serde(deserialize_with = "map")]
        fields: BTreeMap<String, String>,
    }

    #[test]
    fn a_key_given_twice_is_refused_and_named() {
        let error = serde_json::from_str::<Fields>(r#"{"fields": {"a": "1", "a": "2"}}"#)
            .unwrap_err()
            .to_string();
        insta::assert_snapshot!(error, @r#"duplicate key "a" at line 1 column 25"#);
        let fields: Fields = serde_json::from_str(r#"{"fields": {"a": "1", "b": "2"}}"#).unwrap();
        assert_eq!(fields.fields.len(), 2);
    }
}
