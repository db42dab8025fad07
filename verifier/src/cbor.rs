//! A small span-recording CBOR decoder (RFC 8949).
//!
//! Every decoded [`Item`] keeps the exact bytes it was decoded from ([`Item::raw`]), so digests and
//! signatures are computed over what was received (ISO/IEC 18013-5 §9.1.2.4), never over a re-encoding.
//!
//! Lenient where senders differ, strict where it matters (RFC 8949 §5.3.1 well-formedness):
//! - accepted: non-shortest length/argument heads, indefinite-length strings, arrays and maps, any tag;
//! - rejected: truncation, trailing bytes, reserved additional-information values 28..=30, a stray break,
//!   indefinite strings whose chunks are of another type, invalid UTF-8 in text, two-byte simple values below
//!   32, and inputs beyond the [`Limits`] (size, nesting depth, item count).
use std::borrow::Cow;

/// Bounds applied while decoding untrusted input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest accepted input, in bytes.
    pub max_input_len: usize,
    /// Deepest accepted nesting of arrays, maps and tags.
    pub max_depth: usize,
    /// Largest accepted number of data items in one input.
    pub max_items: usize,
}

impl Limits {
    /// Defaults sized for a My Number Card presentation with a portrait: 4 MiB, depth 32, 100 000 items.
    pub const DEFAULT: Limits = Limits {
        max_input_len: 4 * 1024 * 1024,
        max_depth: 32,
        max_items: 100_000,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// Why an input is not accepted as one well-formed CBOR data item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// The input ends inside a data item.
    #[error("CBOR input ends inside a data item (offset {offset})")]
    Truncated {
        /// Byte offset where more input was expected.
        offset: usize,
    },
    /// Bytes follow the single top-level data item.
    #[error("bytes follow the CBOR data item (offset {offset})")]
    TrailingBytes {
        /// Offset of the first trailing byte.
        offset: usize,
    },
    /// A head uses a reserved additional-information value (28..=30) or a break where none is allowed.
    #[error("malformed CBOR head (offset {offset})")]
    MalformedHead {
        /// Offset of the head.
        offset: usize,
    },
    /// A chunk of an indefinite-length string is not a definite string of the same major type.
    #[error("invalid chunk in an indefinite-length string (offset {offset})")]
    InvalidChunk {
        /// Offset of the chunk.
        offset: usize,
    },
    /// A text string is not valid UTF-8.
    #[error("text string is not valid UTF-8 (offset {offset})")]
    InvalidUtf8 {
        /// Offset of the string.
        offset: usize,
    },
    /// A two-byte simple value below 32 (RFC 8949 §3.3).
    #[error("invalid simple value (offset {offset})")]
    InvalidSimple {
        /// Offset of the head.
        offset: usize,
    },
    /// The input is larger than [`Limits::max_input_len`].
    #[error("CBOR input exceeds the size limit")]
    InputTooLarge,
    /// Nesting deeper than [`Limits::max_depth`].
    #[error("CBOR nesting exceeds the depth limit (offset {offset})")]
    TooDeep {
        /// Offset of the item that went too deep.
        offset: usize,
    },
    /// More data items than [`Limits::max_items`].
    #[error("CBOR input exceeds the item count limit (offset {offset})")]
    TooManyItems {
        /// Offset of the item over the limit.
        offset: usize,
    },
}

/// One decoded data item together with the exact bytes it was decoded from.
#[derive(Clone, PartialEq)]
pub struct Item<'a> {
    /// The exact encoded bytes of this item (head, content and, for indefinite items, the break).
    pub raw: &'a [u8],
    /// The decoded value.
    pub value: Value<'a>,
}

/// A decoded CBOR value; strings borrow from the input unless they were sent in chunks.
#[derive(Clone, PartialEq)]
pub enum Value<'a> {
    /// Major type 0.
    Unsigned(u64),
    /// Major type 1: the value is `-1 - n`.
    Negative(u64),
    /// Major type 2.
    Bytes(Cow<'a, [u8]>),
    /// Major type 3.
    Text(Cow<'a, str>),
    /// Major type 4.
    Array(Vec<Item<'a>>),
    /// Major type 5, entries in received order (duplicates are kept; callers decide).
    Map(Vec<(Item<'a>, Item<'a>)>),
    /// Major type 6.
    Tag(u64, Box<Item<'a>>),
    /// `false` / `true`.
    Bool(bool),
    /// `null`.
    Null,
    /// `undefined`.
    Undefined,
    /// Any other simple value.
    Simple(u8),
    /// Half, single or double precision float.
    Float(f64),
}

// Debug shows the shape only: decoded items may hold personal data.
impl std::fmt::Debug for Item<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Item({} bytes, {:?})", self.raw.len(), self.value)
    }
}

impl std::fmt::Debug for Value<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Unsigned(_) => f.write_str("Unsigned"),
            Value::Negative(_) => f.write_str("Negative"),
            Value::Bytes(b) => write!(f, "Bytes(len {})", b.len()),
            Value::Text(t) => write!(f, "Text(len {})", t.len()),
            Value::Array(a) => write!(f, "Array(len {})", a.len()),
            Value::Map(m) => write!(f, "Map(len {})", m.len()),
            Value::Tag(t, _) => write!(f, "Tag({t})"),
            Value::Bool(_) => f.write_str("Bool"),
            Value::Null => f.write_str("Null"),
            Value::Undefined => f.write_str("Undefined"),
            Value::Simple(_) => f.write_str("Simple"),
            Value::Float(_) => f.write_str("Float"),
        }
    }
}

impl<'a> Item<'a> {
    /// The text, if this is a text string.
    pub fn as_text(&self) -> Option<&str> {
        match &self.value {
            Value::Text(t) => Some(t),
            _ => None,
        }
    }

    /// The bytes, if this is a byte string.
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match &self.value {
            Value::Bytes(b) => Some(b),
            _ => None,
        }
    }

    /// The unsigned integer, if this is major type 0.
    pub fn as_unsigned(&self) -> Option<u64> {
        match self.value {
            Value::Unsigned(n) => Some(n),
            _ => None,
        }
    }

    /// The elements, if this is an array.
    pub fn as_array(&self) -> Option<&[Item<'a>]> {
        match &self.value {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }

    /// The entries, if this is a map.
    pub fn as_map(&self) -> Option<&[(Item<'a>, Item<'a>)]> {
        match &self.value {
            Value::Map(m) => Some(m),
            _ => None,
        }
    }

    /// Tag number and content, if this is a tag.
    pub fn as_tag(&self) -> Option<(u64, &Item<'a>)> {
        match &self.value {
            Value::Tag(n, inner) => Some((*n, inner)),
            _ => None,
        }
    }

    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }
}

/// Decodes exactly one data item filling all of `input`, with [`Limits::DEFAULT`].
pub fn decode(input: &[u8]) -> Result<Item<'_>, DecodeError> {
    decode_with_limits(input, &Limits::DEFAULT)
}

/// Decodes exactly one data item filling all of `input`, with the given limits.
pub fn decode_with_limits<'a>(input: &'a [u8], limits: &Limits) -> Result<Item<'a>, DecodeError> {
    if input.len() > limits.max_input_len {
        return Err(DecodeError::InputTooLarge);
    }
    let mut decoder = Decoder {
        input,
        pos: 0,
        items: 0,
        limits,
    };
    let item = decoder.item(0)?;
    if decoder.pos != input.len() {
        return Err(DecodeError::TrailingBytes {
            offset: decoder.pos,
        });
    }
    Ok(item)
}

/// The argument of a head: a definite value or the indefinite marker.
enum Argument {
    Definite(u64),
    Indefinite,
}

struct Decoder<'a, 'l> {
    input: &'a [u8],
    pos: usize,
    items: usize,
    limits: &'l Limits,
}

impl<'a> Decoder<'a, '_> {
    fn byte(&mut self) -> Result<u8, DecodeError> {
        let b = *self
            .input
            .get(self.pos)
            .ok_or(DecodeError::Truncated { offset: self.pos })?;
        self.pos += 1;
        Ok(b)
    }

    fn take(&mut self, len: u64) -> Result<&'a [u8], DecodeError> {
        let truncated = DecodeError::Truncated { offset: self.pos };
        let len = usize::try_from(len).map_err(|_| truncated)?;
        let end = self.pos.checked_add(len).ok_or(truncated)?;
        let slice = self.input.get(self.pos..end).ok_or(truncated)?;
        self.pos = end;
        Ok(slice)
    }

    fn uint_bytes(&mut self, n: usize) -> Result<u64, DecodeError> {
        let mut value = 0u64;
        for _ in 0..n {
            value = (value << 8) | u64::from(self.byte()?);
        }
        Ok(value)
    }

    /// Reads a head; returns (major type, additional info, argument).
    fn head(&mut self) -> Result<(u8, u8, Argument), DecodeError> {
        let start = self.pos;
        let initial = self.byte()?;
        let major = initial >> 5;
        let info = initial & 0x1f;
        let argument = match info {
            0..=23 => Argument::Definite(u64::from(info)),
            24 => Argument::Definite(self.uint_bytes(1)?),
            25 => Argument::Definite(self.uint_bytes(2)?),
            26 => Argument::Definite(self.uint_bytes(4)?),
            27 => Argument::Definite(self.uint_bytes(8)?),
            31 if matches!(major, 2..=5 | 7) => Argument::Indefinite,
            _ => return Err(DecodeError::MalformedHead { offset: start }),
        };
        Ok((major, info, argument))
    }

    fn is_break(&self) -> bool {
        self.input.get(self.pos) == Some(&0xff)
    }

    fn item(&mut self, depth: usize) -> Result<Item<'a>, DecodeError> {
        let start = self.pos;
        if depth > self.limits.max_depth {
            return Err(DecodeError::TooDeep { offset: start });
        }
        self.items += 1;
        if self.items > self.limits.max_items {
            return Err(DecodeError::TooManyItems { offset: start });
        }
        let (major, info, argument) = self.head()?;
        let value = match (major, argument) {
            (0, Argument::Definite(n)) => Value::Unsigned(n),
            (1, Argument::Definite(n)) => Value::Negative(n),
            (2, Argument::Definite(n)) => Value::Bytes(Cow::Borrowed(self.take(n)?)),
            (2, Argument::Indefinite) => Value::Bytes(Cow::Owned(self.chunks(2)?)),
            (3, Argument::Definite(n)) => {
                let bytes = self.take(n)?;
                let text = std::str::from_utf8(bytes)
                    .map_err(|_| DecodeError::InvalidUtf8 { offset: start })?;
                Value::Text(Cow::Borrowed(text))
            }
            (3, Argument::Indefinite) => {
                let bytes = self.chunks(3)?;
                let text = String::from_utf8(bytes)
                    .map_err(|_| DecodeError::InvalidUtf8 { offset: start })?;
                Value::Text(Cow::Owned(text))
            }
            (4, Argument::Definite(n)) => {
                let mut items = Vec::with_capacity(self.capacity_hint(n));
                for _ in 0..n {
                    items.push(self.item(depth + 1)?);
                }
                Value::Array(items)
            }
            (4, Argument::Indefinite) => {
                let mut items = Vec::new();
                while !self.is_break() {
                    items.push(self.item(depth + 1)?);
                }
                self.pos += 1;
                Value::Array(items)
            }
            (5, Argument::Definite(n)) => {
                let mut entries = Vec::with_capacity(self.capacity_hint(n));
                for _ in 0..n {
                    let key = self.item(depth + 1)?;
                    let value = self.item(depth + 1)?;
                    entries.push((key, value));
                }
                Value::Map(entries)
            }
            (5, Argument::Indefinite) => {
                let mut entries = Vec::new();
                while !self.is_break() {
                    let key = self.item(depth + 1)?;
                    let value = self.item(depth + 1)?;
                    entries.push((key, value));
                }
                self.pos += 1;
                Value::Map(entries)
            }
            (6, Argument::Definite(tag)) => Value::Tag(tag, Box::new(self.item(depth + 1)?)),
            (7, Argument::Definite(n)) => simple_or_float(info, n, start)?,
            // Indefinite on major 0, 1, 6 is rejected in `head`; major 7 with info 31 is a stray break.
            _ => return Err(DecodeError::MalformedHead { offset: start }),
        };
        let raw = self
            .input
            .get(start..self.pos)
            .ok_or(DecodeError::Truncated { offset: start })?;
        Ok(Item { raw, value })
    }

    /// Concatenates the chunks of an indefinite-length string of major type `major`.
    fn chunks(&mut self, major: u8) -> Result<Vec<u8>, DecodeError> {
        let mut out = Vec::new();
        loop {
            if self.is_break() {
                self.pos += 1;
                return Ok(out);
            }
            let offset = self.pos;
            self.items += 1;
            if self.items > self.limits.max_items {
                return Err(DecodeError::TooManyItems { offset });
            }
            match self.head()? {
                (m, _, Argument::Definite(n)) if m == major => {
                    let chunk = self.take(n)?;
                    if major == 3 && std::str::from_utf8(chunk).is_err() {
                        return Err(DecodeError::InvalidUtf8 { offset });
                    }
                    out.extend_from_slice(chunk);
                }
                _ => return Err(DecodeError::InvalidChunk { offset }),
            }
        }
    }

    /// A preallocation size that an attacker-controlled count cannot inflate beyond the input left.
    fn capacity_hint(&self, n: u64) -> usize {
        let left = self.input.len().saturating_sub(self.pos);
        usize::try_from(n).unwrap_or(usize::MAX).min(left)
    }
}

fn simple_or_float(info: u8, n: u64, offset: usize) -> Result<Value<'static>, DecodeError> {
    Ok(match info {
        20 => Value::Bool(false),
        21 => Value::Bool(true),
        22 => Value::Null,
        23 => Value::Undefined,
        0..=19 => Value::Simple(info),
        24 if n < 32 => return Err(DecodeError::InvalidSimple { offset }),
        24 => Value::Simple(u8::try_from(n).map_err(|_| DecodeError::InvalidSimple { offset })?),
        25 => Value::Float(half_to_f64(u16::try_from(n).unwrap_or(0))),
        26 => Value::Float(f64::from(f32::from_bits(u32::try_from(n).unwrap_or(0)))),
        27 => Value::Float(f64::from_bits(n)),
        _ => return Err(DecodeError::MalformedHead { offset }),
    })
}

/// IEEE 754 binary16 to f64 (RFC 8949 Appendix D).
fn half_to_f64(half: u16) -> f64 {
    let exp = (half >> 10) & 0x1f;
    let mant = f64::from(half & 0x3ff);
    let value = match exp {
        0 => mant * 2f64.powi(-24),
        31 if mant == 0.0 => f64::INFINITY,
        31 => f64::NAN,
        _ => (mant + 1024.0) * 2f64.powi(i32::from(exp) - 25),
    };
    if half & 0x8000 != 0 { -value } else { value }
}

/// Encodes a CBOR head (shortest form) — used only to build new structures such as
/// DeviceAuthenticationBytes around received bytes, never to re-encode received data.
pub(crate) fn encode_head(major: u8, value: u64, out: &mut Vec<u8>) {
    let major = major << 5;
    match value {
        0..=23 => out.push(major | value as u8),
        24..=0xff => {
            out.push(major | 24);
            out.push(value as u8);
        }
        0x100..=0xffff => {
            out.push(major | 25);
            out.extend_from_slice(&(value as u16).to_be_bytes());
        }
        0x1_0000..=0xffff_ffff => {
            out.push(major | 26);
            out.extend_from_slice(&(value as u32).to_be_bytes());
        }
        _ => {
            out.push(major | 27);
            out.extend_from_slice(&value.to_be_bytes());
        }
    }
}

/// Encodes a text string (shortest head).
pub(crate) fn encode_text(text: &str, out: &mut Vec<u8>) {
    encode_head(3, text.len() as u64, out);
    out.extend_from_slice(text.as_bytes());
}

/// Encodes a byte string (shortest head).
pub(crate) fn encode_bytes(bytes: &[u8], out: &mut Vec<u8>) {
    encode_head(2, bytes.len() as u64, out);
    out.extend_from_slice(bytes);
}

/// Wraps `content` as `#6.24(bstr .cbor content)`.
pub(crate) fn encode_tag24(content: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(content.len() + 12);
    encode_head(6, 24, &mut out);
    encode_bytes(content, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_exact_bytes_of_a_non_shortest_head() {
        // 0x19 0x00 0x05 encodes 5 with a needlessly long head.
        let input = [0x82, 0x19, 0x00, 0x05, 0x01];
        let item = decode(&input).unwrap();
        let items = item.as_array().unwrap();
        assert_eq!(items[0].raw, &[0x19, 0x00, 0x05]);
        assert_eq!(items[0].as_unsigned(), Some(5));
    }

    #[test]
    fn decodes_indefinite_strings_arrays_and_maps() {
        // {_ "a": [_ 1], "b": (_ h'01', h'02')}
        let input = [
            0xbf, 0x61, b'a', 0x9f, 0x01, 0xff, 0x61, b'b', 0x5f, 0x41, 0x01, 0x41, 0x02, 0xff,
            0xff,
        ];
        let item = decode(&input).unwrap();
        let map = item.as_map().unwrap();
        assert_eq!(map.len(), 2);
        assert_eq!(map[1].1.as_bytes(), Some(&[1u8, 2][..]));
        assert_eq!(map[1].1.raw, &input[8..14]);
    }

    #[test]
    fn rejects_trailing_bytes() {
        assert_eq!(
            decode(&[0x01, 0x02]),
            Err(DecodeError::TrailingBytes { offset: 1 })
        );
    }

    #[test]
    fn rejects_truncated_string() {
        assert!(matches!(
            decode(&[0x43, 1, 2]),
            Err(DecodeError::Truncated { .. })
        ));
    }

    #[test]
    fn rejects_huge_declared_length_without_allocating() {
        let input = [0x9b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
        assert!(matches!(decode(&input), Err(DecodeError::Truncated { .. })));
    }

    #[test]
    fn rejects_reserved_additional_information() {
        assert!(matches!(
            decode(&[0x1c]),
            Err(DecodeError::MalformedHead { .. })
        ));
    }

    #[test]
    fn rejects_stray_break() {
        assert!(matches!(
            decode(&[0xff]),
            Err(DecodeError::MalformedHead { .. })
        ));
    }

    #[test]
    fn rejects_text_chunk_inside_indefinite_bytes() {
        assert!(matches!(
            decode(&[0x5f, 0x61, b'a', 0xff]),
            Err(DecodeError::InvalidChunk { .. })
        ));
    }

    #[test]
    fn rejects_invalid_utf8() {
        assert!(matches!(
            decode(&[0x61, 0xff]),
            Err(DecodeError::InvalidUtf8 { .. })
        ));
    }

    #[test]
    fn rejects_nesting_beyond_the_depth_limit() {
        let input = vec![0x81; 40].into_iter().chain([0x01]).collect::<Vec<_>>();
        assert!(matches!(decode(&input), Err(DecodeError::TooDeep { .. })));
    }

    #[test]
    fn rejects_more_items_than_the_limit() {
        let limits = Limits {
            max_items: 3,
            ..Limits::DEFAULT
        };
        assert!(matches!(
            decode_with_limits(&[0x83, 1, 2, 3], &limits),
            Err(DecodeError::TooManyItems { .. })
        ));
    }

    #[test]
    fn rejects_input_over_the_size_limit() {
        let limits = Limits {
            max_input_len: 1,
            ..Limits::DEFAULT
        };
        assert_eq!(
            decode_with_limits(&[0x82, 1, 2], &limits),
            Err(DecodeError::InputTooLarge)
        );
    }

    #[test]
    fn decodes_half_precision_float() {
        assert_eq!(
            decode(&[0xf9, 0x3c, 0x00]).unwrap().value,
            Value::Float(1.0)
        );
    }

    #[test]
    fn encodes_tag24_around_content() {
        assert_eq!(encode_tag24(&[0x01]), vec![0xd8, 0x18, 0x41, 0x01]);
    }
}
