//! COSE_Sign1 and COSE_Mac0 as used by mdocs (RFC 9052 §4.2, §6.2; ISO/IEC 18013-5 §9.1.2.4, §9.1.3).
//!
//! The received protected-header bytes and payload bytes are kept as received; the to-be-signed
//! structures are built around those bytes, never from a re-encoding of decoded headers.
use sha2::Digest;

use crate::cbor::{self, Item, Value};

/// COSE algorithm ES256 (RFC 9053 §2.1).
pub(crate) const ALG_ES256: i64 = -7;
/// COSE algorithm ES384.
pub(crate) const ALG_ES384: i64 = -35;
/// COSE algorithm ES512.
pub(crate) const ALG_ES512: i64 = -36;
/// COSE algorithm HMAC 256/256 (RFC 9053 §3.1).
pub(crate) const ALG_HMAC_256_256: i64 = 5;
/// Header label `alg`.
const LABEL_ALG: i64 = 1;
/// Header label `x5chain` (RFC 9360).
const LABEL_X5CHAIN: i64 = 33;
/// CBOR tag of COSE_Sign1.
const TAG_SIGN1: u64 = 18;
/// CBOR tag of COSE_Mac0.
const TAG_MAC0: u64 = 17;

/// Why a COSE structure is malformed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CoseShapeError {
    /// Not a 4-element array (optionally tagged 18 / 17).
    NotCoseArray,
    /// The protected header is not a bstr holding a map.
    ProtectedHeader,
    /// The unprotected header is not a map.
    UnprotectedHeader,
    /// A header label appears twice, or in both buckets.
    DuplicateHeader,
    /// The payload is neither a bstr nor nil.
    Payload,
    /// The signature/tag is not a bstr.
    Signature,
    /// The x5chain header is neither a bstr nor a non-empty array of bstr.
    X5Chain,
    /// The alg header is absent from the protected bucket or not an integer.
    Alg,
    /// Embedded CBOR is not well-formed.
    Cbor(crate::cbor::DecodeError),
}

/// A parsed COSE_Sign1 or COSE_Mac0 with the bytes the signature covers.
#[derive(Debug, Clone)]
pub(crate) struct CoseMessage {
    /// Content of the protected-header bstr, as received.
    pub(crate) protected_raw: Vec<u8>,
    /// `alg` from the protected header.
    pub(crate) alg: i64,
    /// x5chain certificates (DER), leaf first; empty if absent.
    pub(crate) x5chain: Vec<Vec<u8>>,
    /// The payload bstr content; `None` when nil (detached).
    pub(crate) payload: Option<Vec<u8>>,
    /// Signature (r || s) or MAC tag.
    pub(crate) signature: Vec<u8>,
}

impl CoseMessage {
    /// Parses a COSE_Sign1 (`mac == false`) or COSE_Mac0 (`mac == true`), tagged or untagged.
    pub(crate) fn parse(item: &Item<'_>, mac: bool) -> Result<Self, CoseShapeError> {
        let expected_tag = if mac { TAG_MAC0 } else { TAG_SIGN1 };
        let inner = match item.as_tag() {
            Some((tag, inner)) if tag == expected_tag => inner,
            Some(_) => return Err(CoseShapeError::NotCoseArray),
            None => item,
        };
        let [protected, unprotected, payload, signature] =
            inner.as_array().ok_or(CoseShapeError::NotCoseArray)?
        else {
            return Err(CoseShapeError::NotCoseArray);
        };
        let protected_raw = protected
            .as_bytes()
            .ok_or(CoseShapeError::ProtectedHeader)?
            .to_vec();
        let protected_map = if protected_raw.is_empty() {
            None
        } else {
            Some(cbor::decode(&protected_raw).map_err(CoseShapeError::Cbor)?)
        };
        let protected_entries = match &protected_map {
            None => &[][..],
            Some(m) => m.as_map().ok_or(CoseShapeError::ProtectedHeader)?,
        };
        let unprotected_entries = unprotected
            .as_map()
            .ok_or(CoseShapeError::UnprotectedHeader)?;
        check_unique_labels(protected_entries, unprotected_entries)?;

        let alg = header(protected_entries, LABEL_ALG)
            .and_then(int_value)
            .ok_or(CoseShapeError::Alg)?;
        let x5chain = match header(protected_entries, LABEL_X5CHAIN)
            .or_else(|| header(unprotected_entries, LABEL_X5CHAIN))
        {
            None => Vec::new(),
            Some(chain) => parse_x5chain(chain)?,
        };
        let payload = match &payload.value {
            Value::Null => None,
            Value::Bytes(b) => Some(b.to_vec()),
            _ => return Err(CoseShapeError::Payload),
        };
        let signature = signature
            .as_bytes()
            .ok_or(CoseShapeError::Signature)?
            .to_vec();
        Ok(Self {
            protected_raw,
            alg,
            x5chain,
            payload,
            signature,
        })
    }

    /// `Sig_structure` / `MAC_structure` = [context, body_protected, external_aad = h'', payload]
    /// (RFC 9052 §4.4, §6.3) over the received protected bytes and the given payload.
    pub(crate) fn to_be_signed(&self, context: &str, payload: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(payload.len() + self.protected_raw.len() + 32);
        cbor::encode_head(4, 4, &mut out);
        cbor::encode_text(context, &mut out);
        cbor::encode_bytes(&self.protected_raw, &mut out);
        cbor::encode_bytes(&[], &mut out);
        cbor::encode_bytes(payload, &mut out);
        out
    }
}

fn header<'i, 'a>(entries: &'i [(Item<'a>, Item<'a>)], label: i64) -> Option<&'i Item<'a>> {
    entries
        .iter()
        .find(|(k, _)| int_value(k) == Some(label))
        .map(|(_, v)| v)
}

fn int_value(item: &Item<'_>) -> Option<i64> {
    match item.value {
        Value::Unsigned(n) => i64::try_from(n).ok(),
        Value::Negative(n) => i64::try_from(n).ok().map(|n| -1 - n),
        _ => None,
    }
}

/// Labels are compared by their decoded value (int or text).
fn label_key(item: &Item<'_>) -> Option<Result<i64, String>> {
    match &item.value {
        Value::Text(t) => Some(Err(t.to_string())),
        _ => int_value(item).map(Ok),
    }
}

fn check_unique_labels(
    protected: &[(Item<'_>, Item<'_>)],
    unprotected: &[(Item<'_>, Item<'_>)],
) -> Result<(), CoseShapeError> {
    let mut seen = std::collections::BTreeSet::new();
    for (k, _) in protected.iter().chain(unprotected) {
        let key = label_key(k).ok_or(CoseShapeError::DuplicateHeader)?;
        if !seen.insert(key) {
            return Err(CoseShapeError::DuplicateHeader);
        }
    }
    Ok(())
}

fn parse_x5chain(item: &Item<'_>) -> Result<Vec<Vec<u8>>, CoseShapeError> {
    match &item.value {
        Value::Bytes(b) => Ok(vec![b.to_vec()]),
        Value::Array(items) if !items.is_empty() => items
            .iter()
            .map(|i| {
                i.as_bytes()
                    .map(<[u8]>::to_vec)
                    .ok_or(CoseShapeError::X5Chain)
            })
            .collect(),
        _ => Err(CoseShapeError::X5Chain),
    }
}

/// An EC public key on one of the curves ISO/IEC 18013-5 allows for ECDSA (§9.1.5.2).
#[derive(Debug, Clone)]
pub(crate) enum EcPublicKey {
    /// P-256.
    P256(p256::ecdsa::VerifyingKey),
    /// P-384.
    P384(p384::ecdsa::VerifyingKey),
    /// P-521 (cargo feature `es512`).
    #[cfg(feature = "es512")]
    P521(p521::ecdsa::VerifyingKey),
}

/// Hash functions used with ECDSA.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HashAlg {
    Sha256,
    Sha384,
    Sha512,
}

impl HashAlg {
    pub(crate) fn digest(self, data: &[u8]) -> Vec<u8> {
        match self {
            HashAlg::Sha256 => sha2::Sha256::digest(data).to_vec(),
            HashAlg::Sha384 => sha2::Sha384::digest(data).to_vec(),
            HashAlg::Sha512 => sha2::Sha512::digest(data).to_vec(),
        }
    }
}

/// Signature encodings: COSE uses r || s, X.509 uses DER.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SignatureEncoding {
    Raw,
    Der,
}

macro_rules! verify_with {
    ($curve:ident, $key:expr, $prehash:expr, $sig:expr, $enc:expr) => {{
        use $curve::ecdsa::signature::hazmat::PrehashVerifier;
        let signature = match $enc {
            SignatureEncoding::Raw => $curve::ecdsa::Signature::from_slice($sig).ok(),
            SignatureEncoding::Der => $curve::ecdsa::Signature::from_der($sig).ok(),
        };
        signature.is_some_and(|s| $key.verify_prehash($prehash, &s).is_ok())
    }};
}

impl EcPublicKey {
    /// Reads a SEC1 point for the named curve.
    pub(crate) fn from_sec1(curve: Curve, point: &[u8]) -> Option<Self> {
        Some(match curve {
            Curve::P256 => Self::P256(p256::ecdsa::VerifyingKey::from_sec1_bytes(point).ok()?),
            Curve::P384 => Self::P384(p384::ecdsa::VerifyingKey::from_sec1_bytes(point).ok()?),
            #[cfg(feature = "es512")]
            Curve::P521 => Self::P521(p521::ecdsa::VerifyingKey::from_sec1_bytes(point).ok()?),
            // Built without `es512` (the browser widget): a P-521 key is unsupported here.
            #[cfg(not(feature = "es512"))]
            Curve::P521 => return None,
        })
    }

    /// The key's curve.
    pub(crate) fn curve(&self) -> Curve {
        match self {
            Self::P256(_) => Curve::P256,
            Self::P384(_) => Curve::P384,
            #[cfg(feature = "es512")]
            Self::P521(_) => Curve::P521,
        }
    }

    /// Verifies an ECDSA signature over `message` hashed with `hash`.
    pub(crate) fn verify(
        &self,
        hash: HashAlg,
        message: &[u8],
        signature: &[u8],
        encoding: SignatureEncoding,
    ) -> bool {
        let prehash = hash.digest(message);
        match self {
            Self::P256(k) => verify_with!(p256, k, &prehash, signature, encoding),
            Self::P384(k) => verify_with!(p384, k, &prehash, signature, encoding),
            #[cfg(feature = "es512")]
            Self::P521(k) => verify_with!(p521, k, &prehash, signature, encoding),
        }
    }

    /// Verifies a COSE ECDSA signature: `alg` must be the one the key's curve goes with (RFC 9053 §2.1
    /// recommends ES256/P-256, ES384/P-384, ES512/P-521; ISO/IEC 18013-5 §9.1.5.2 uses those pairs).
    pub(crate) fn verify_cose(&self, alg: i64, message: &[u8], signature: &[u8]) -> bool {
        let hash = match (alg, self.curve()) {
            (ALG_ES256, Curve::P256) => HashAlg::Sha256,
            (ALG_ES384, Curve::P384) => HashAlg::Sha384,
            (ALG_ES512, Curve::P521) => HashAlg::Sha512,
            _ => return false,
        };
        self.verify(hash, message, signature, SignatureEncoding::Raw)
    }
}

/// NIST curves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Curve {
    P256,
    P384,
    P521,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_alg_in_the_unprotected_bucket_only() {
        // [h'', {1: -7}, nil, h'']
        let input = [0x84, 0x40, 0xa1, 0x01, 0x26, 0xf6, 0x40];
        let item = cbor::decode(&input).unwrap();
        assert_eq!(
            CoseMessage::parse(&item, false).err(),
            Some(CoseShapeError::Alg)
        );
    }

    #[test]
    fn reads_x5chain_given_as_one_bstr_in_the_unprotected_bucket() {
        // [<<{1: -7}>>, {33: h'01'}, nil, h'']
        let input = [
            0x84, 0x43, 0xa1, 0x01, 0x26, 0xa1, 0x18, 0x21, 0x41, 0x01, 0xf6, 0x40,
        ];
        let item = cbor::decode(&input).unwrap();
        let msg = CoseMessage::parse(&item, false).unwrap();
        assert_eq!(msg.alg, ALG_ES256);
        assert_eq!(msg.x5chain, vec![vec![1u8]]);
        assert_eq!(msg.payload, None);
    }

    #[test]
    fn rejects_a_label_present_in_both_buckets() {
        // [<<{1: -7}>>, {1: -7}, nil, h'']
        let input = [0x84, 0x43, 0xa1, 0x01, 0x26, 0xa1, 0x01, 0x26, 0xf6, 0x40];
        let item = cbor::decode(&input).unwrap();
        assert_eq!(
            CoseMessage::parse(&item, false).err(),
            Some(CoseShapeError::DuplicateHeader)
        );
    }
}
