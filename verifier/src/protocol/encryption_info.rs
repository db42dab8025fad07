//! The Annex C `EncryptionInfo` (ISO/IEC 18013-7 Annex C): `["dcapi", {"nonce": bstr, "recipientPublicKey":
//! COSE_Key}]`, sent base64url (no padding) in the request's `encryptionInfo`.
use base64ct::{Base64UrlUnpadded, Encoding};
use p256::elliptic_curve::sec1::{FromSec1Point, ToSec1Point};

use super::ProtocolError;
use super::cbor::{self, Cbor};
use super::transcript::Nonce;
use crate::cbor::Item;

/// COSE_Key `kty` label and the EC2 key type (RFC 9052 §7, RFC 9053 §7.1).
const COSE_KEY_KTY: i64 = 1;
const COSE_KTY_EC2: i64 = 2;
/// EC2 `crv`, `x`, `y` labels and the P-256 curve id (RFC 9053 §7.1.1).
const COSE_EC2_CRV: i64 = -1;
const COSE_EC2_X: i64 = -2;
const COSE_EC2_Y: i64 = -3;
const COSE_CRV_P256: i64 = 1;

/// The Annex C EncryptionInfo: the session nonce and the relying party's HPKE recipient key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncryptionInfo {
    nonce: Nonce,
    recipient: p256::PublicKey,
    b64url: String,
}

impl EncryptionInfo {
    /// Builds the EncryptionInfo and its base64url wire form.
    pub fn new(nonce: Nonce, recipient: p256::PublicKey) -> Result<Self, ProtocolError> {
        let point = recipient.to_sec1_point(false);
        fn coordinate(c: Option<&p256::FieldBytes>) -> &[u8] {
            c.map_or(&[], |c| c.as_slice())
        }
        let nonce_bytes = nonce.to_bytes();
        let key = Cbor::Map(vec![
            (Cbor::Int(COSE_KEY_KTY), Cbor::Int(COSE_KTY_EC2)),
            (Cbor::Int(COSE_EC2_CRV), Cbor::Int(COSE_CRV_P256)),
            (Cbor::Int(COSE_EC2_X), Cbor::Bytes(coordinate(point.x()))),
            (Cbor::Int(COSE_EC2_Y), Cbor::Bytes(coordinate(point.y()))),
        ]);
        let value = Cbor::Array(vec![
            Cbor::Text("dcapi"),
            Cbor::Map(vec![
                (Cbor::Text("nonce"), Cbor::Bytes(&nonce_bytes)),
                (Cbor::Text("recipientPublicKey"), key),
            ]),
        ]);
        let b64url = Base64UrlUnpadded::encode_string(&value.encode());
        Ok(Self {
            nonce,
            recipient,
            b64url,
        })
    }

    /// Parses the base64url wire form (the holder's side). The string is kept exactly as received, because the
    /// SessionTranscript hashes it.
    pub fn from_b64url(text: &str) -> Result<Self, ProtocolError> {
        let bytes =
            Base64UrlUnpadded::decode_vec(text).map_err(|_| ProtocolError::InvalidBase64 {
                field: "encryptionInfo",
            })?;
        let malformed = |what| ProtocolError::MalformedCbor { what };
        let item = cbor::decode_exact(&bytes, "EncryptionInfo")?;
        let Some([label, parameters]) = item.as_array() else {
            return Err(malformed("EncryptionInfo is not [label, parameters]"));
        };
        let label = label
            .as_text()
            .ok_or(malformed("EncryptionInfo label is not text"))?;
        if label != "dcapi" {
            return Err(ProtocolError::UnsupportedEnvelope);
        }
        let parameters = cbor::unique_map(parameters, "EncryptionInfo parameters are not a map")?;
        let nonce = cbor::map_get(parameters, "nonce")
            .and_then(Item::as_bytes)
            .ok_or(malformed("EncryptionInfo nonce missing"))?;
        let nonce = Nonce::from_bytes(nonce)?;
        let key = cbor::map_get(parameters, "recipientPublicKey")
            .ok_or(malformed("EncryptionInfo recipientPublicKey missing"))?;
        let recipient = p256_from_cose_key(key)?;
        Ok(Self {
            nonce,
            recipient,
            b64url: text.to_owned(),
        })
    }

    /// The session nonce.
    pub fn nonce(&self) -> &Nonce {
        &self.nonce
    }

    /// The relying party's HPKE recipient key.
    pub fn recipient(&self) -> &p256::PublicKey {
        &self.recipient
    }

    /// The base64url wire form, the exact string the SessionTranscript hashes.
    pub fn as_b64url(&self) -> &str {
        &self.b64url
    }
}

/// Reads an EC2 P-256 COSE_Key (RFC 9053 §7.1.1).
fn p256_from_cose_key(key: &Item<'_>) -> Result<p256::PublicKey, ProtocolError> {
    let key = cbor::unique_map(key, "EncryptionInfo recipientPublicKey is not a map")?;
    let int = |label| cbor::map_get_int(key, label).and_then(cbor::as_int);
    if int(COSE_KEY_KTY) != Some(COSE_KTY_EC2) || int(COSE_EC2_CRV) != Some(COSE_CRV_P256) {
        return Err(ProtocolError::InvalidPublicKey);
    }
    let bytes = |label| {
        cbor::map_get_int(key, label)
            .and_then(Item::as_bytes)
            .and_then(|b| p256::FieldBytes::try_from(b).ok())
    };
    let (Some(x), Some(y)) = (bytes(COSE_EC2_X), bytes(COSE_EC2_Y)) else {
        return Err(ProtocolError::InvalidPublicKey);
    };
    let point = p256::Sec1Point::from_affine_coordinates(&x, &y, false);
    Option::from(p256::PublicKey::from_sec1_point(&point)).ok_or(ProtocolError::InvalidPublicKey)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::test_rng::TestRng;

    #[test]
    fn parses_what_it_builds_and_keeps_the_exact_string() {
        let mut rng = TestRng(3);
        let secret =
            <p256::SecretKey as p256::elliptic_curve::Generate>::generate_from_rng(&mut rng);
        let nonce = Nonce::generate(&mut rng);
        let info = EncryptionInfo::new(nonce.clone(), secret.public_key()).expect("info");
        let parsed = EncryptionInfo::from_b64url(info.as_b64url()).expect("parse");
        assert_eq!(parsed, info);
        assert_eq!(parsed.nonce(), &nonce);
    }

    #[test]
    fn rejects_an_envelope_with_another_label() {
        let value = Cbor::Array(vec![Cbor::Text("other"), Cbor::Map(vec![])]);
        let text = Base64UrlUnpadded::encode_string(&value.encode());
        assert!(matches!(
            EncryptionInfo::from_b64url(&text),
            Err(ProtocolError::UnsupportedEnvelope)
        ));
    }

    #[test]
    fn rejects_trailing_bytes() {
        let mut rng = TestRng(4);
        let secret =
            <p256::SecretKey as p256::elliptic_curve::Generate>::generate_from_rng(&mut rng);
        let info =
            EncryptionInfo::new(Nonce::generate(&mut rng), secret.public_key()).expect("info");
        let mut bytes = Base64UrlUnpadded::decode_vec(info.as_b64url()).expect("b64");
        bytes.push(0);
        let text = Base64UrlUnpadded::encode_string(&bytes);
        assert!(matches!(
            EncryptionInfo::from_b64url(&text),
            Err(ProtocolError::MalformedCbor { .. })
        ));
    }
}
