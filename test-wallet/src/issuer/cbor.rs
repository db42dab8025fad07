//! A small CBOR writer (RFC 8949 §3) that can also write the valid but non-preferred forms real senders
//! use: longer-than-needed argument heads (§3) and indefinite-length arrays and maps (§3.2.2).
//!
//! The issuer needs those forms on purpose, so that a verifier which re-encodes instead of hashing the
//! received bytes fails the tests; a general-purpose serializer always writes the shortest form.

/// A CBOR data item to write.
#[derive(Clone, PartialEq, Eq)]
pub enum Cbor {
    /// Major type 0.
    Uint(u64),
    /// Major type 1: the value `-1 - n`.
    Nint(u64),
    /// Major type 2.
    Bytes(Vec<u8>),
    /// Major type 3.
    Text(String),
    /// Major type 4.
    Array(Vec<Cbor>),
    /// Major type 5, entries in the given order.
    Map(Vec<(Cbor, Cbor)>),
    /// Major type 6.
    Tag(u64, Box<Cbor>),
    /// `true` / `false`.
    Bool(bool),
    /// `null`.
    Null,
    /// Bytes that are already an encoded data item, written as they are.
    Raw(Vec<u8>),
}

/// Element values can be personal data: Debug shows only the shape.
impl core::fmt::Debug for Cbor {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Cbor::Uint(_) | Cbor::Nint(_) => f.write_str("Cbor::Int(..)"),
            Cbor::Bytes(b) => write!(f, "Cbor::Bytes({} bytes)", b.len()),
            Cbor::Text(_) => f.write_str("Cbor::Text(..)"),
            Cbor::Array(a) => write!(f, "Cbor::Array({} items)", a.len()),
            Cbor::Map(m) => write!(f, "Cbor::Map({} entries)", m.len()),
            Cbor::Tag(t, _) => write!(f, "Cbor::Tag({t}, ..)"),
            Cbor::Bool(_) => f.write_str("Cbor::Bool(..)"),
            Cbor::Null => f.write_str("Cbor::Null"),
            Cbor::Raw(b) => write!(f, "Cbor::Raw({} bytes)", b.len()),
        }
    }
}

/// How heads and containers are written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CborStyle {
    /// Preferred serialization: shortest heads, definite lengths (what most issuers send).
    #[default]
    Shortest,
    /// Every head carries an 8-byte argument (`0x1b`, `0x3b`, …), even for small numbers and lengths.
    LongHeads,
    /// Arrays and maps are indefinite-length (`0x9f … 0xff`, `0xbf … 0xff`); strings stay definite.
    Indefinite,
}

impl Cbor {
    /// A text item.
    pub fn text(s: &str) -> Self {
        Cbor::Text(s.to_owned())
    }

    /// An integer item of either sign.
    pub fn int(v: i64) -> Self {
        if v >= 0 {
            Cbor::Uint(v.unsigned_abs())
        } else {
            Cbor::Nint(v.unsigned_abs() - 1)
        }
    }

    /// `#6.24(bstr)` around already-encoded bytes (RFC 8949 §3.4.5.1, "encoded CBOR data item").
    pub fn tag24(encoded: Vec<u8>) -> Self {
        Cbor::Tag(24, Box::new(Cbor::Bytes(encoded)))
    }

    /// `tdate`: `#6.0(tstr)` in RFC 3339 form.
    pub fn tdate(rfc3339: String) -> Self {
        Cbor::Tag(0, Box::new(Cbor::Text(rfc3339)))
    }

    /// `full-date`: `#6.1004(tstr)` (RFC 8943), e.g. `1989-05-15`.
    pub fn full_date(date: String) -> Self {
        Cbor::Tag(1004, Box::new(Cbor::Text(date)))
    }

    /// A map with text keys.
    pub fn text_map<'a>(entries: impl IntoIterator<Item = (&'a str, Cbor)>) -> Self {
        Cbor::Map(
            entries
                .into_iter()
                .map(|(k, v)| (Cbor::text(k), v))
                .collect(),
        )
    }

    /// The encoding in preferred (shortest) form.
    pub fn to_vec(&self) -> Vec<u8> {
        self.to_vec_with(CborStyle::Shortest)
    }

    /// The encoding in `style`.
    pub fn to_vec_with(&self, style: CborStyle) -> Vec<u8> {
        let mut out = Vec::new();
        self.write(style, &mut out);
        out
    }

    /// Appends the encoding in `style` to `out`.
    pub fn write(&self, style: CborStyle, out: &mut Vec<u8>) {
        match self {
            Cbor::Uint(v) => head(0, *v, style, out),
            Cbor::Nint(v) => head(1, *v, style, out),
            Cbor::Bytes(b) => {
                head(2, b.len() as u64, style, out);
                out.extend_from_slice(b);
            }
            Cbor::Text(t) => {
                head(3, t.len() as u64, style, out);
                out.extend_from_slice(t.as_bytes());
            }
            Cbor::Array(items) => {
                container_head(4, items.len(), style, out);
                for item in items {
                    item.write(style, out);
                }
                container_end(style, out);
            }
            Cbor::Map(entries) => {
                container_head(5, entries.len(), style, out);
                for (k, v) in entries {
                    k.write(style, out);
                    v.write(style, out);
                }
                container_end(style, out);
            }
            Cbor::Tag(tag, inner) => {
                head(6, *tag, style, out);
                inner.write(style, out);
            }
            Cbor::Bool(false) => out.push(0xf4),
            Cbor::Bool(true) => out.push(0xf5),
            Cbor::Null => out.push(0xf6),
            Cbor::Raw(bytes) => out.extend_from_slice(bytes),
        }
    }
}

fn container_head(major: u8, len: usize, style: CborStyle, out: &mut Vec<u8>) {
    if style == CborStyle::Indefinite {
        out.push((major << 5) | 31);
    } else {
        head(major, len as u64, style, out);
    }
}

fn container_end(style: CborStyle, out: &mut Vec<u8>) {
    if style == CborStyle::Indefinite {
        out.push(0xff);
    }
}

/// Writes a head (RFC 8949 §3): major type and argument.
pub(crate) fn head(major: u8, value: u64, style: CborStyle, out: &mut Vec<u8>) {
    let mt = major << 5;
    if style == CborStyle::LongHeads {
        out.push(mt | 27);
        out.extend_from_slice(&value.to_be_bytes());
        return;
    }
    match value {
        0..=23 => out.push(mt | value as u8),
        24..=0xff => out.extend_from_slice(&[mt | 24, value as u8]),
        0x100..=0xffff => {
            out.push(mt | 25);
            out.extend_from_slice(&(value as u16).to_be_bytes());
        }
        0x1_0000..=0xffff_ffff => {
            out.push(mt | 26);
            out.extend_from_slice(&(value as u32).to_be_bytes());
        }
        _ => {
            out.push(mt | 27);
            out.extend_from_slice(&value.to_be_bytes());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortest_form_matches_rfc8949_appendix_a_examples() {
        assert_eq!(Cbor::Uint(23).to_vec(), [0x17]);
        assert_eq!(Cbor::Uint(24).to_vec(), [0x18, 0x18]);
        assert_eq!(Cbor::Uint(1000).to_vec(), [0x19, 0x03, 0xe8]);
        assert_eq!(Cbor::int(-1000).to_vec(), [0x39, 0x03, 0xe7]);
        assert_eq!(Cbor::text("IETF").to_vec(), [0x64, 0x49, 0x45, 0x54, 0x46]);
        assert_eq!(
            Cbor::Array(vec![Cbor::Uint(1), Cbor::Uint(2)]).to_vec(),
            [0x82, 0x01, 0x02]
        );
        assert_eq!(
            Cbor::Tag(1, Box::new(Cbor::Uint(1363896240))).to_vec(),
            [0xc1, 0x1a, 0x51, 0x4b, 0x67, 0xb0]
        );
    }

    #[test]
    fn long_heads_and_indefinite_containers_decode_to_the_same_value() {
        let item = Cbor::text_map([
            (
                "a",
                Cbor::Array(vec![Cbor::Uint(1), Cbor::int(-7), Cbor::Bool(true)]),
            ),
            ("b", Cbor::tag24(Cbor::text("x").to_vec())),
        ]);
        let shortest: ciborium::Value = ciborium::from_reader(item.to_vec().as_slice()).unwrap();
        for style in [CborStyle::LongHeads, CborStyle::Indefinite] {
            let bytes = item.to_vec_with(style);
            assert_ne!(bytes, item.to_vec());
            let other: ciborium::Value = ciborium::from_reader(bytes.as_slice()).unwrap();
            assert_eq!(other, shortest);
        }
    }
}
