//! Disclosed element values (ISO/IEC 18013-5 §8.3.2.1.2.2 IssuerSignedItem `elementValue`) as typed values.
//!
//! JSON form (see [`ClaimValue::to_json`]): text → string, bool → bool, integers → number, full-date (tag 1004
//! or tag 100) → `"YYYY-MM-DD"`, tdate (tag 0) → the RFC 3339 text, bytes → base64url without padding,
//! arrays → arrays, maps with text keys → objects (other maps → arrays of `[key, value]`), other tags → the
//! tagged value, null/undefined → null, floats → numbers.
use std::collections::BTreeMap;

use base64ct::Encoding as _;

use crate::cbor::{Item, Value};

/// One disclosed element value. `Debug` shows the type only: values are personal data.
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub enum ClaimValue {
    /// A text string.
    Text(String),
    /// A boolean.
    Bool(bool),
    /// An integer (CBOR major type 0 or 1).
    Integer(i128),
    /// A calendar date (`full-date`, tag 1004 text or tag 100 days since 1970-01-01).
    FullDate(time::Date),
    /// A date-time (`tdate`, tag 0), kept as received text.
    DateTime(String),
    /// A byte string (e.g. a portrait JPEG).
    Bytes(Vec<u8>),
    /// An array.
    Array(Vec<ClaimValue>),
    /// A map, entries in received order.
    Map(Vec<(ClaimValue, ClaimValue)>),
    /// Any other tag.
    Tagged(u64, Box<ClaimValue>),
    /// A float.
    Float(f64),
    /// `null` or `undefined`.
    Null,
}

impl std::fmt::Debug for ClaimValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match self {
            ClaimValue::Text(_) => "Text",
            ClaimValue::Bool(_) => "Bool",
            ClaimValue::Integer(_) => "Integer",
            ClaimValue::FullDate(_) => "FullDate",
            ClaimValue::DateTime(_) => "DateTime",
            ClaimValue::Bytes(_) => "Bytes",
            ClaimValue::Array(_) => "Array",
            ClaimValue::Map(_) => "Map",
            ClaimValue::Tagged(_, _) => "Tagged",
            ClaimValue::Float(_) => "Float",
            ClaimValue::Null => "Null",
        };
        write!(f, "{kind}(..)")
    }
}

/// The deepest claim value converted; deeper structure is refused by the CBOR limits already.
const MAX_CLAIM_DEPTH: usize = 64;

impl ClaimValue {
    /// Converts a decoded CBOR item; `None` only beyond [`MAX_CLAIM_DEPTH`].
    pub(crate) fn from_item(item: &Item<'_>) -> Option<Self> {
        Self::from_item_depth(item, 0)
    }

    fn from_item_depth(item: &Item<'_>, depth: usize) -> Option<Self> {
        if depth > MAX_CLAIM_DEPTH {
            return None;
        }
        Some(match &item.value {
            Value::Unsigned(n) => ClaimValue::Integer(i128::from(*n)),
            Value::Negative(n) => ClaimValue::Integer(-1 - i128::from(*n)),
            Value::Bytes(b) => ClaimValue::Bytes(b.to_vec()),
            Value::Text(t) => ClaimValue::Text(t.to_string()),
            Value::Array(items) => ClaimValue::Array(
                items
                    .iter()
                    .map(|i| Self::from_item_depth(i, depth + 1))
                    .collect::<Option<_>>()?,
            ),
            Value::Map(entries) => ClaimValue::Map(
                entries
                    .iter()
                    .map(|(k, v)| {
                        Some((
                            Self::from_item_depth(k, depth + 1)?,
                            Self::from_item_depth(v, depth + 1)?,
                        ))
                    })
                    .collect::<Option<_>>()?,
            ),
            Value::Tag(tag, inner) => match (*tag, &inner.value) {
                (1004, Value::Text(t)) => match parse_full_date(t) {
                    Some(date) => ClaimValue::FullDate(date),
                    None => ClaimValue::Tagged(1004, Box::new(ClaimValue::Text(t.to_string()))),
                },
                (100, Value::Unsigned(_) | Value::Negative(_)) => {
                    match days_to_date(&inner.value) {
                        Some(date) => ClaimValue::FullDate(date),
                        None => ClaimValue::Tagged(
                            100,
                            Box::new(Self::from_item_depth(inner, depth + 1)?),
                        ),
                    }
                }
                (0, Value::Text(t)) => ClaimValue::DateTime(t.to_string()),
                _ => ClaimValue::Tagged(*tag, Box::new(Self::from_item_depth(inner, depth + 1)?)),
            },
            Value::Bool(b) => ClaimValue::Bool(*b),
            Value::Null | Value::Undefined => ClaimValue::Null,
            Value::Simple(n) => ClaimValue::Tagged(u64::from(*n), Box::new(ClaimValue::Null)),
            Value::Float(x) => ClaimValue::Float(*x),
        })
    }

    /// The text, if this is a text string.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            ClaimValue::Text(t) => Some(t),
            _ => None,
        }
    }

    /// The boolean, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            ClaimValue::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The integer, if this is one.
    pub fn as_integer(&self) -> Option<i128> {
        match self {
            ClaimValue::Integer(n) => Some(*n),
            _ => None,
        }
    }

    /// The bytes, if this is a byte string.
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match self {
            ClaimValue::Bytes(b) => Some(b),
            _ => None,
        }
    }

    /// The date, if this is a full-date.
    pub fn as_full_date(&self) -> Option<time::Date> {
        match self {
            ClaimValue::FullDate(d) => Some(*d),
            _ => None,
        }
    }

    /// The JSON form described in the module documentation.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match self {
            ClaimValue::Text(t) | ClaimValue::DateTime(t) => J::String(t.clone()),
            ClaimValue::Bool(b) => J::Bool(*b),
            ClaimValue::Integer(n) => i64::try_from(*n)
                .map(J::from)
                .or_else(|_| u64::try_from(*n).map(J::from))
                .unwrap_or_else(|_| J::String(n.to_string())),
            ClaimValue::FullDate(d) => J::String(format_full_date(*d)),
            ClaimValue::Bytes(b) => J::String(base64ct::Base64UrlUnpadded::encode_string(b)),
            ClaimValue::Array(items) => J::Array(items.iter().map(Self::to_json).collect()),
            ClaimValue::Map(entries) => {
                if entries.iter().all(|(k, _)| k.as_text().is_some()) {
                    J::Object(
                        entries
                            .iter()
                            .map(|(k, v)| (k.as_text().unwrap_or_default().to_owned(), v.to_json()))
                            .collect(),
                    )
                } else {
                    J::Array(
                        entries
                            .iter()
                            .map(|(k, v)| J::Array(vec![k.to_json(), v.to_json()]))
                            .collect(),
                    )
                }
            }
            ClaimValue::Tagged(_, inner) => inner.to_json(),
            ClaimValue::Float(x) => serde_json::Number::from_f64(*x).map_or(J::Null, J::Number),
            ClaimValue::Null => J::Null,
        }
    }
}

/// Disclosed claims: namespace → element identifier → value.
pub type Claims = BTreeMap<String, BTreeMap<String, ClaimValue>>;

/// Parses `YYYY-MM-DD` (RFC 3339 full-date).
pub(crate) fn parse_full_date(text: &str) -> Option<time::Date> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') {
        return None;
    }
    let year: i32 = text.get(0..4)?.parse().ok()?;
    let month: u8 = text.get(5..7)?.parse().ok()?;
    let day: u8 = text.get(8..10)?.parse().ok()?;
    let month = time::Month::try_from(month).ok()?;
    time::Date::from_calendar_date(year, month, day).ok()
}

/// Formats a date as `YYYY-MM-DD`.
pub(crate) fn format_full_date(date: time::Date) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

fn days_to_date(value: &Value<'_>) -> Option<time::Date> {
    let days: i64 = match value {
        Value::Unsigned(n) => i64::try_from(*n).ok()?,
        Value::Negative(n) => -1 - i64::try_from(*n).ok()?,
        _ => return None,
    };
    let epoch = time::Date::from_calendar_date(1970, time::Month::January, 1).ok()?;
    epoch.checked_add(time::Duration::days(days))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cbor;

    #[test]
    fn reads_tag_1004_as_full_date() {
        // 1004("1971-09-01")
        let mut input = vec![0xd9, 0x03, 0xec, 0x6a];
        input.extend_from_slice(b"1971-09-01");
        let item = cbor::decode(&input).unwrap();
        let value = ClaimValue::from_item(&item).unwrap();
        assert_eq!(value.to_json(), serde_json::json!("1971-09-01"));
    }

    #[test]
    fn reads_tag_100_as_days_since_epoch() {
        // 100(1) = 1970-01-02
        let item = cbor::decode(&[0xd8, 0x64, 0x01]).unwrap();
        let value = ClaimValue::from_item(&item).unwrap();
        assert_eq!(value.to_json(), serde_json::json!("1970-01-02"));
    }

    #[test]
    fn bytes_become_base64url_without_padding() {
        let item = cbor::decode(&[0x42, 0xfb, 0xff]).unwrap();
        let value = ClaimValue::from_item(&item).unwrap();
        assert_eq!(value.to_json(), serde_json::json!("-_8"));
    }

    #[test]
    fn debug_hides_the_value() {
        let value = ClaimValue::Text("山田 太郎".into());
        assert_eq!(format!("{value:?}"), "Text(..)");
    }
}
