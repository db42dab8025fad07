//! Strict CBOR encoding and decoding (RFC 8949) shared by the protocol modules.
use ciborium::Value;

use super::ProtocolError;

/// Encodes a value (definite lengths, shortest-form heads; map order as built).
pub(crate) fn encode(value: &Value) -> Result<Vec<u8>, ProtocolError> {
    let mut out = Vec::new();
    ciborium::into_writer(value, &mut out).map_err(|_| ProtocolError::MalformedCbor {
        what: "value could not be encoded",
    })?;
    Ok(out)
}

/// Decodes exactly one data item; trailing bytes are an error (no partial parse).
pub(crate) fn decode_exact(bytes: &[u8], what: &'static str) -> Result<Value, ProtocolError> {
    let mut rest = bytes;
    let value: Value =
        ciborium::from_reader(&mut rest).map_err(|_| ProtocolError::MalformedCbor { what })?;
    if !rest.is_empty() {
        return Err(ProtocolError::MalformedCbor { what });
    }
    Ok(value)
}

/// Wraps encoded CBOR as `#6.24(bstr)` (RFC 8949 §3.4.5.1, "encoded CBOR data item").
pub(crate) fn tag24(encoded: Vec<u8>) -> Value {
    Value::Tag(24, Box::new(Value::Bytes(encoded)))
}

/// Unwraps `#6.24(bstr)` and returns the embedded bytes exactly as received.
pub(crate) fn untag24<'a>(value: &'a Value, what: &'static str) -> Result<&'a [u8], ProtocolError> {
    match value {
        Value::Tag(24, inner) => match inner.as_ref() {
            Value::Bytes(bytes) => Ok(bytes),
            _ => Err(ProtocolError::MalformedCbor { what }),
        },
        _ => Err(ProtocolError::MalformedCbor { what }),
    }
}

/// Looks a text key up in a CBOR map.
pub(crate) fn map_get<'a>(map: &'a [(Value, Value)], key: &str) -> Option<&'a Value> {
    map.iter()
        .find(|(k, _)| matches!(k, Value::Text(t) if t == key))
        .map(|(_, v)| v)
}

/// Looks an integer key up in a CBOR map (COSE labels).
pub(crate) fn map_get_int(map: &[(Value, Value)], key: i64) -> Option<&Value> {
    map.iter()
        .find(|(k, _)| matches!(k, Value::Integer(i) if i128::from(*i) == i128::from(key)))
        .map(|(_, v)| v)
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
