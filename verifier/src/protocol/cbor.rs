//! CBOR for the protocol modules (RFC 8949): a small encoder for the structures the relying party builds, and
//! strict decoding through the core's span-recording decoder ([`crate::cbor`]).
//!
//! Encoding follows the preferred serialization of RFC 8949 §4.2.1 (definite lengths, shortest heads) with
//! map entries in the order they were built: the order the specs write them in, which is what other
//! implementations reproduce. Received bytes that are hashed or signed are never re-encoded: they are embedded
//! as [`Cbor::Encoded`] exactly as received.
use crate::cbor::{self as core, DecodeError, Item, Limits, Value};

use super::ProtocolError;

/// Decoding bounds for protocol messages. The Annex C envelope carries a whole DeviceResponse (which the
/// verifier decodes again with [`Limits::DEFAULT`]), so the envelope may be somewhat larger than that.
const LIMITS: Limits = Limits {
    max_input_len: 2 * Limits::DEFAULT.max_input_len,
    ..Limits::DEFAULT
};

/// A CBOR data item to encode; strings borrow from the caller.
#[derive(Clone, PartialEq, Eq)]
pub(crate) enum Cbor<'a> {
    /// An unsigned integer (major type 0).
    Unsigned(u64),
    /// A signed integer (major type 0 or 1), e.g. a COSE label.
    Int(i64),
    /// A byte string.
    Bytes(&'a [u8]),
    /// A text string.
    Text(&'a str),
    /// An array; its length is written from the element count.
    Array(Vec<Cbor<'a>>),
    /// A map, entries in this order; its length is written from the entry count.
    Map(Vec<(Cbor<'a>, Cbor<'a>)>),
    /// A tagged item.
    Tag(u64, Box<Cbor<'a>>),
    /// `false` / `true`.
    Bool(bool),
    /// `null`.
    Null,
    /// One data item that is already encoded (received bytes, or our own earlier output), copied verbatim.
    Encoded(&'a [u8]),
}

// Debug shows the shape only: encoded items may hold personal data.
impl std::fmt::Debug for Cbor<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Cbor::Unsigned(_) | Cbor::Int(_) => f.write_str("Int"),
            Cbor::Bytes(b) => write!(f, "Bytes(len {})", b.len()),
            Cbor::Text(t) => write!(f, "Text(len {})", t.len()),
            Cbor::Array(a) => write!(f, "Array(len {})", a.len()),
            Cbor::Map(m) => write!(f, "Map(len {})", m.len()),
            Cbor::Tag(n, _) => write!(f, "Tag({n})"),
            Cbor::Bool(_) => f.write_str("Bool"),
            Cbor::Null => f.write_str("Null"),
            Cbor::Encoded(b) => write!(f, "Encoded(len {})", b.len()),
        }
    }
}

impl<'a> Cbor<'a> {
    /// `#6.24(bstr .cbor item)` around already-encoded bytes (RFC 8949 §3.4.5.1).
    pub(crate) fn tag24(encoded: &'a [u8]) -> Self {
        Cbor::Tag(24, Box::new(Cbor::Bytes(encoded)))
    }

    /// The encoding of this item.
    pub(crate) fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.encode_into(&mut out);
        out
    }

    fn encode_into(&self, out: &mut Vec<u8>) {
        match self {
            Cbor::Unsigned(n) => core::encode_head(0, *n, out),
            Cbor::Int(n) => match u64::try_from(*n) {
                Ok(n) => core::encode_head(0, n, out),
                // Major type 1 carries -1 - n, which for negative n is |n| - 1 (no overflow at i64::MIN).
                Err(_) => core::encode_head(1, n.unsigned_abs() - 1, out),
            },
            Cbor::Bytes(bytes) => core::encode_bytes(bytes, out),
            Cbor::Text(text) => core::encode_text(text, out),
            Cbor::Array(items) => {
                core::encode_head(4, items.len() as u64, out);
                for item in items {
                    item.encode_into(out);
                }
            }
            Cbor::Map(entries) => {
                core::encode_head(5, entries.len() as u64, out);
                for (key, value) in entries {
                    key.encode_into(out);
                    value.encode_into(out);
                }
            }
            Cbor::Tag(tag, item) => {
                core::encode_head(6, *tag, out);
                item.encode_into(out);
            }
            Cbor::Bool(false) => out.push(0xf4),
            Cbor::Bool(true) => out.push(0xf5),
            Cbor::Null => out.push(0xf6),
            Cbor::Encoded(bytes) => out.extend_from_slice(bytes),
        }
    }
}

/// Decodes exactly one data item (no trailing bytes, no partial parse); spans of the input are kept.
pub(crate) fn decode_exact<'a>(
    bytes: &'a [u8],
    what: &'static str,
) -> Result<Item<'a>, ProtocolError> {
    core::decode_with_limits(bytes, &LIMITS)
        .map_err(|_: DecodeError| ProtocolError::MalformedCbor { what })
}

/// Unwraps `#6.24(bstr)` and returns the embedded bytes exactly as received.
pub(crate) fn untag24<'i>(
    item: &'i Item<'_>,
    what: &'static str,
) -> Result<&'i [u8], ProtocolError> {
    match item.as_tag() {
        Some((24, inner)) => inner
            .as_bytes()
            .ok_or(ProtocolError::MalformedCbor { what }),
        _ => Err(ProtocolError::MalformedCbor { what }),
    }
}

/// The entries of a map whose keys are all distinct (RFC 8949 §5.6: a map with duplicate keys is not valid,
/// and two readers could otherwise pick different entries).
pub(crate) fn unique_map<'i, 'a>(
    item: &'i Item<'a>,
    what: &'static str,
) -> Result<&'i [(Item<'a>, Item<'a>)], ProtocolError> {
    let entries = item.as_map().ok_or(ProtocolError::MalformedCbor { what })?;
    for (index, (key, _)) in entries.iter().enumerate() {
        if entries
            .iter()
            .skip(index + 1)
            .any(|(other, _)| other.value == key.value)
        {
            return Err(ProtocolError::MalformedCbor { what });
        }
    }
    Ok(entries)
}

/// Looks a text key up in a map.
pub(crate) fn map_get<'i, 'a>(map: &'i [(Item<'a>, Item<'a>)], key: &str) -> Option<&'i Item<'a>> {
    map.iter()
        .find(|(k, _)| k.as_text() == Some(key))
        .map(|(_, v)| v)
}

/// Looks an integer key up in a map (COSE labels).
pub(crate) fn map_get_int<'i, 'a>(
    map: &'i [(Item<'a>, Item<'a>)],
    key: i64,
) -> Option<&'i Item<'a>> {
    map.iter()
        .find(|(k, _)| as_int(k) == Some(key))
        .map(|(_, v)| v)
}

/// The integer value of major type 0 or 1, when it fits an `i64`.
pub(crate) fn as_int(item: &Item<'_>) -> Option<i64> {
    match item.value {
        Value::Unsigned(n) => i64::try_from(n).ok(),
        // -1 - n
        Value::Negative(n) => i64::try_from(n).ok().map(|n| -1 - n),
        _ => None,
    }
}

/// Lower-case hex, for tests and the command line.
pub(crate) fn to_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        out.push(char::from(DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    out
}

#[cfg(test)]
pub(crate) fn from_hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).expect("test hex"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(item: &Cbor<'_>) -> String {
        to_hex(&item.encode())
    }

    #[test]
    fn writes_unsigned_integers_with_the_shortest_head_at_every_boundary() {
        let cases: [(u64, &str); 12] = [
            (0, "00"),
            (23, "17"),
            (24, "1818"),
            (255, "18ff"),
            (256, "190100"),
            (65535, "19ffff"),
            (65536, "1a00010000"),
            (0xffff_ffff, "1affffffff"),
            (1 << 32, "1b0000000100000000"),
            (u64::MAX, "1bffffffffffffffff"),
            (1000, "1903e8"),
            (1_000_000, "1a000f4240"),
        ];
        for (n, expected) in cases {
            assert_eq!(hex(&Cbor::Unsigned(n)), expected, "{n}");
        }
    }

    #[test]
    fn writes_signed_integers_as_rfc_8949_appendix_a_does() {
        let cases: [(i64, &str); 12] = [
            (0, "00"),
            (10, "0a"),
            (-1, "20"),
            (-10, "29"),
            (-24, "37"),
            (-25, "3818"),
            (-100, "3863"),
            (-256, "38ff"),
            (-257, "390100"),
            (-1000, "3903e7"),
            (-65537, "3a00010000"),
            (i64::MIN, "3b7fffffffffffffff"),
        ];
        for (n, expected) in cases {
            assert_eq!(hex(&Cbor::Int(n)), expected, "{n}");
        }
        assert_eq!(hex(&Cbor::Int(i64::MAX)), "1b7fffffffffffffff");
    }

    #[test]
    fn writes_string_and_container_lengths_with_the_shortest_head() {
        for (len, head) in [
            (0usize, "40"),
            (23, "57"),
            (24, "5818"),
            (255, "58ff"),
            (256, "590100"),
            (65535, "59ffff"),
            (65536, "5a00010000"),
        ] {
            let bytes = vec![0xab; len];
            let encoded = Cbor::Bytes(&bytes).encode();
            assert!(to_hex(&encoded).starts_with(head), "{len}");
            assert_eq!(encoded.len(), head.len() / 2 + len, "{len}");
        }
        assert_eq!(hex(&Cbor::Text("IETF")), "6449455446");
        let array: Vec<Cbor<'_>> = (0..25).map(Cbor::Unsigned).collect();
        assert!(hex(&Cbor::Array(array)).starts_with("981900"));
        let entries = vec![(Cbor::Unsigned(1), Cbor::Unsigned(2)); 24];
        assert!(hex(&Cbor::Map(entries)).starts_with("b8180102"));
    }

    #[test]
    fn keeps_map_entries_in_the_order_built() {
        let map = Cbor::Map(vec![
            (Cbor::Text("b"), Cbor::Int(1)),
            (Cbor::Text("a"), Cbor::Int(-7)),
        ]);
        assert_eq!(hex(&map), "a2616201616126");
    }

    #[test]
    fn writes_simple_values_and_tags() {
        let item = Cbor::Array(vec![
            Cbor::Bool(false),
            Cbor::Bool(true),
            Cbor::Null,
            Cbor::Tag(1, Box::new(Cbor::Unsigned(1_363_896_240))),
            Cbor::Tag(256, Box::new(Cbor::Null)),
        ]);
        assert_eq!(hex(&item), "85f4f5f6c11a514b67b0d90100f6");
    }

    #[test]
    fn nests_tag24_items_and_decodes_them_back_to_the_same_bytes() {
        let inner = Cbor::Map(vec![(Cbor::Text("a"), Cbor::Int(-1))]).encode();
        let middle = Cbor::Array(vec![Cbor::tag24(&inner)]).encode();
        let outer = Cbor::tag24(&middle).encode();
        assert_eq!(to_hex(&inner), "a1616120");
        assert_eq!(to_hex(&middle), "81d81844a1616120");
        assert_eq!(to_hex(&outer), "d8184881d81844a1616120");
        let decoded = decode_exact(&outer, "outer").expect("decode");
        let middle_back = untag24(&decoded, "outer").expect("tag 24");
        assert_eq!(middle_back, middle.as_slice());
        let middle_item = decode_exact(middle_back, "middle").expect("decode");
        let first = middle_item
            .as_array()
            .and_then(|a| a.first())
            .expect("one item");
        assert_eq!(untag24(first, "inner").expect("tag 24"), inner.as_slice());
    }

    #[test]
    fn copies_encoded_items_verbatim_even_when_not_shortest() {
        // 0x19 0x00 0x05 is 5 with a needlessly long head: a received item is never re-encoded.
        let received = [0x19, 0x00, 0x05];
        let item = Cbor::Array(vec![Cbor::Encoded(&received), Cbor::Unsigned(5)]);
        assert_eq!(hex(&item), "8219000505");
    }

    #[test]
    fn reads_back_what_it_writes() {
        let payload = [1u8, 2, 3];
        let item = Cbor::Array(vec![
            Cbor::Text("dcapi"),
            Cbor::Map(vec![
                (Cbor::Int(-3), Cbor::Bytes(&payload)),
                (Cbor::Text("k"), Cbor::Bool(true)),
            ]),
        ]);
        let bytes = item.encode();
        let decoded = decode_exact(&bytes, "test").expect("decode");
        let parts = decoded.as_array().expect("array");
        assert_eq!(parts.first().and_then(Item::as_text), Some("dcapi"));
        let map = unique_map(parts.get(1).expect("map"), "map").expect("unique");
        assert_eq!(
            map_get_int(map, -3).and_then(Item::as_bytes),
            Some(&payload[..])
        );
        assert_eq!(
            map_get(map, "k").map(|v| v.value.clone()),
            Some(Value::Bool(true))
        );
        assert!(map_get(map, "absent").is_none());
    }

    #[test]
    fn decoding_failures_are_typed_errors() {
        let cases: [&[u8]; 9] = [
            &[],                             // empty
            &[0x82, 0x01],                   // truncated array
            &[0x01, 0x02],                   // trailing byte
            &[0x5a, 0xff, 0xff, 0xff, 0xff], // bstr longer than the input
            &[0x1c],                         // reserved additional information
            &[0xff],                         // stray break
            &[0x62, 0xc3, 0x28],             // invalid UTF-8
            &[0xf8, 0x10],                   // two-byte simple value below 32
            &[0x9f, 0x01],                   // indefinite array without break
        ];
        for bytes in cases {
            assert!(
                matches!(
                    decode_exact(bytes, "case"),
                    Err(ProtocolError::MalformedCbor { what: "case" })
                ),
                "{bytes:02x?}"
            );
        }
        let deep: Vec<u8> = std::iter::repeat_n(0x81, 100).chain([0x00]).collect();
        assert!(decode_exact(&deep, "deep").is_err());
    }

    #[test]
    fn rejects_a_map_with_a_duplicate_key() {
        let bytes = Cbor::Map(vec![
            (Cbor::Text("a"), Cbor::Int(1)),
            (Cbor::Text("a"), Cbor::Int(2)),
        ])
        .encode();
        let item = decode_exact(&bytes, "map").expect("well-formed");
        assert!(matches!(
            unique_map(&item, "duplicate"),
            Err(ProtocolError::MalformedCbor { what: "duplicate" })
        ));
    }

    #[test]
    fn untag24_rejects_other_tags_and_untagged_bytes() {
        for bytes in [
            Cbor::Bytes(&[1]).encode(),
            Cbor::Tag(25, Box::new(Cbor::Bytes(&[1]))).encode(),
            Cbor::Tag(24, Box::new(Cbor::Text("a"))).encode(),
        ] {
            let item = decode_exact(&bytes, "item").expect("well-formed");
            assert!(untag24(&item, "tag").is_err());
        }
    }

    #[test]
    fn reads_integers_in_and_out_of_i64_range() {
        let read = |bytes: &[u8]| as_int(&decode_exact(bytes, "int").expect("int"));
        assert_eq!(read(&[0x26]), Some(-7));
        assert_eq!(read(&[0x18, 0x21]), Some(33));
        assert_eq!(
            read(&[0x3b, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
            Some(i64::MIN)
        );
        assert_eq!(read(&[0x3b, 0x80, 0, 0, 0, 0, 0, 0, 0]), None);
        assert_eq!(
            read(&[0x1b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
            None
        );
        assert_eq!(read(&[0x61, b'a']), None);
    }
}
