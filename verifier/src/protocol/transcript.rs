//! SessionTranscripts of the DC API protocols and their inputs.
//!
//! - ISO/IEC 18013-7 Annex C (`org-iso-mdoc`): `[null, null, ["dcapi", SHA-256(CBOR([encryptionInfo_b64url,
//!   origin]))]]` (Annex C, "SessionTranscript").
//! - OpenID4VP 1.0 over the DC API: `[null, null, ["OpenID4VPDCAPIHandover", SHA-256(CBOR([origin, nonce,
//!   jwk_thumbprint / null]))]]` (OpenID4VP 1.0 Appendix B.2.6.2).
//! - RFC 7638 JWK thumbprint of the verifier's response-encryption key.
use base64ct::{Base64UrlUnpadded, Encoding};
use p256::elliptic_curve::sec1::{FromSec1Point, ToSec1Point};
use serde_json::Value as Json;
use sha2::{Digest, Sha256};

use super::ProtocolError;
use super::cbor::{self, Cbor};

/// A web origin, `scheme://host[:port]`, as the browser reports it (W3C Digital Credentials §"origin").
///
/// Only `https`, and `http` for `localhost`/`127.0.0.1` test hosts, are accepted; no path, query, fragment,
/// user info or trailing slash; host lower-case.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Origin(String);

impl Origin {
    /// Parses an origin string.
    pub fn parse(text: &str) -> Result<Self, ProtocolError> {
        let (scheme, rest) = text.split_once("://").ok_or(ProtocolError::InvalidOrigin)?;
        // IPv6 literals are not accepted: the host alphabet below has no ':' or '['.
        let (host, port) = match rest.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (rest, None),
        };
        let host_ok = !host.is_empty()
            && host.len() <= 253
            && host
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-');
        let port_ok = port.is_none_or(|p| {
            !p.is_empty()
                && p.len() <= 5
                && p.bytes().all(|b| b.is_ascii_digit())
                && p.parse::<u16>().is_ok()
        });
        let local = host == "localhost" || host == "127.0.0.1";
        let scheme_ok = scheme == "https" || (scheme == "http" && local);
        if host_ok && port_ok && scheme_ok {
            Ok(Self(text.to_owned()))
        } else {
            Err(ProtocolError::InvalidOrigin)
        }
    }

    /// The origin as serialised by the browser.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The host part (without port).
    pub fn host(&self) -> &str {
        let rest = self.0.split_once("://").map_or("", |(_, r)| r);
        rest.split_once(':').map_or(rest, |(h, _)| h)
    }
}

impl std::fmt::Display for Origin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A one-time nonce: base64url (no padding) of at least 16 random bytes.
///
/// The same nonce serves both protocols of a session: OpenID4VP carries the string, Annex C's
/// EncryptionInfo carries the decoded bytes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Nonce(String);

impl Nonce {
    /// Minimum entropy of a nonce, in bytes.
    pub const MIN_BYTES: usize = 16;

    /// Parses a base64url nonce string.
    pub fn parse(text: &str) -> Result<Self, ProtocolError> {
        let bytes = Base64UrlUnpadded::decode_vec(text).map_err(|_| ProtocolError::InvalidNonce)?;
        if bytes.len() < Self::MIN_BYTES || bytes.len() > 512 {
            return Err(ProtocolError::InvalidNonce);
        }
        Ok(Self(text.to_owned()))
    }

    /// Builds a nonce from raw bytes (e.g. the `nonce` bstr of an Annex C EncryptionInfo).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ProtocolError> {
        Self::parse(&Base64UrlUnpadded::encode_string(bytes))
    }

    /// Draws a fresh 32-byte nonce from the caller's RNG.
    pub fn generate<R: rand_core::CryptoRng + ?Sized>(rng: &mut R) -> Self {
        let mut bytes = [0u8; 32];
        rng.fill_bytes(&mut bytes);
        Self(Base64UrlUnpadded::encode_string(&bytes))
    }

    /// The base64url string (the OpenID4VP `nonce`).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The decoded bytes (the Annex C EncryptionInfo `nonce`).
    pub fn to_bytes(&self) -> Vec<u8> {
        // The invariant was checked at construction.
        Base64UrlUnpadded::decode_vec(&self.0).unwrap_or_default()
    }
}

/// A P-256 public key as a JWK (RFC 7517/7518 §6.2.1): `kty` `EC`, `crv` `P-256`, 32-byte `x` and `y`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EcPublicJwk {
    x: String,
    y: String,
    key: p256::PublicKey,
}

impl EcPublicJwk {
    /// Parses a JWK object; other members (`use`, `alg`, `kid`, …) are ignored. A private `d` is ignored too.
    pub fn from_json(jwk: &Json) -> Result<Self, ProtocolError> {
        let member = |name: &'static str| jwk.get(name).and_then(Json::as_str);
        if member("kty") != Some("EC") {
            return Err(ProtocolError::InvalidJwk {
                what: "kty is not EC",
            });
        }
        if member("crv") != Some("P-256") {
            return Err(ProtocolError::InvalidJwk {
                what: "crv is not P-256",
            });
        }
        let x = member("x").ok_or(ProtocolError::InvalidJwk { what: "x missing" })?;
        let y = member("y").ok_or(ProtocolError::InvalidJwk { what: "y missing" })?;
        let key = point_from_coordinates(x, y)?;
        Ok(Self {
            x: x.to_owned(),
            y: y.to_owned(),
            key,
        })
    }

    /// The JWK of a public key.
    pub fn from_public_key(key: &p256::PublicKey) -> Self {
        let point = key.to_sec1_point(false);
        let coordinate =
            |c: Option<&p256::FieldBytes>| c.map(|c| Base64UrlUnpadded::encode_string(c));
        Self {
            x: coordinate(point.x()).unwrap_or_default(),
            y: coordinate(point.y()).unwrap_or_default(),
            key: *key,
        }
    }

    /// The public key.
    pub fn public_key(&self) -> &p256::PublicKey {
        &self.key
    }

    /// The JWK as JSON with the given extra members (`use`, `alg`, `kid`).
    pub fn to_json(&self, extra: &[(&str, &str)]) -> Json {
        let mut map = serde_json::Map::new();
        map.insert("kty".into(), "EC".into());
        map.insert("crv".into(), "P-256".into());
        map.insert("x".into(), self.x.clone().into());
        map.insert("y".into(), self.y.clone().into());
        for (k, v) in extra {
            map.insert((*k).into(), (*v).into());
        }
        Json::Object(map)
    }

    /// The RFC 7638 thumbprint: SHA-256 over `{"crv":…,"kty":"EC","x":…,"y":…}` (members in lexicographic
    /// order, no whitespace).
    pub fn thumbprint(&self) -> JwkThumbprint {
        // The member values are base64url and fixed names, so no JSON escaping is needed.
        let input = format!(
            "{{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"{}\",\"y\":\"{}\"}}",
            self.x, self.y
        );
        JwkThumbprint(Sha256::digest(input.as_bytes()).into())
    }
}

/// Decodes base64url coordinates into a point on P-256.
pub(crate) fn point_from_coordinates(x: &str, y: &str) -> Result<p256::PublicKey, ProtocolError> {
    let x = Base64UrlUnpadded::decode_vec(x).map_err(|_| ProtocolError::InvalidJwk {
        what: "x is not base64url",
    })?;
    let y = Base64UrlUnpadded::decode_vec(y).map_err(|_| ProtocolError::InvalidJwk {
        what: "y is not base64url",
    })?;
    if x.len() != 32 || y.len() != 32 {
        return Err(ProtocolError::InvalidJwk {
            what: "coordinate is not 32 bytes",
        });
    }
    let (Ok(x), Ok(y)) = (
        p256::FieldBytes::try_from(x.as_slice()),
        p256::FieldBytes::try_from(y.as_slice()),
    ) else {
        return Err(ProtocolError::InvalidJwk {
            what: "coordinate is not 32 bytes",
        });
    };
    let point = p256::Sec1Point::from_affine_coordinates(&x, &y, false);
    Option::from(p256::PublicKey::from_sec1_point(&point)).ok_or(ProtocolError::InvalidJwk {
        what: "point is not on the curve",
    })
}

/// An RFC 7638 JWK SHA-256 thumbprint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JwkThumbprint([u8; 32]);

impl JwkThumbprint {
    /// The 32 digest bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

/// The CBOR encoding of a SessionTranscript (ISO/IEC 18013-5 §9.1.5.1), computed by the relying party itself.
///
/// Device authentication and HPKE `info` use these exact bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionTranscript {
    bytes: Vec<u8>,
}

impl SessionTranscript {
    /// Annex C: `[null, null, ["dcapi", SHA-256(CBOR([encryptionInfo_b64url, origin]))]]`.
    ///
    /// `encryption_info_b64url` is the exact string sent in the request's `encryptionInfo`.
    pub fn dcapi(encryption_info_b64url: &str, origin: &Origin) -> Result<Self, ProtocolError> {
        let info = Cbor::Array(vec![
            Cbor::Text(encryption_info_b64url),
            Cbor::Text(origin.as_str()),
        ])
        .encode();
        Ok(Self::with_handover("dcapi", &info))
    }

    /// OpenID4VP 1.0 over the DC API: `[null, null, ["OpenID4VPDCAPIHandover", SHA-256(CBOR([origin, nonce,
    /// thumbprint / null]))]]`; the thumbprint is that of the response-encryption key, when the response is
    /// encrypted.
    pub fn openid4vp_dcapi(
        origin: &Origin,
        nonce: &Nonce,
        thumbprint: Option<&JwkThumbprint>,
    ) -> Result<Self, ProtocolError> {
        let info = Cbor::Array(vec![
            Cbor::Text(origin.as_str()),
            Cbor::Text(nonce.as_str()),
            thumbprint.map_or(Cbor::Null, |t| Cbor::Bytes(&t.0)),
        ])
        .encode();
        Ok(Self::with_handover("OpenID4VPDCAPIHandover", &info))
    }

    fn with_handover(label: &str, handover_info: &[u8]) -> Self {
        let digest = Sha256::digest(handover_info);
        let bytes = Cbor::Array(vec![
            Cbor::Null,
            Cbor::Null,
            Cbor::Array(vec![Cbor::Text(label), Cbor::Bytes(&digest)]),
        ])
        .encode();
        Self { bytes }
    }

    /// Wraps already-encoded SessionTranscript bytes (e.g. a spec vector). They are not re-encoded.
    pub fn from_cbor_bytes(bytes: Vec<u8>) -> Result<Self, ProtocolError> {
        let item = cbor::decode_exact(&bytes, "SessionTranscript")?;
        match item.as_array() {
            Some(items) if items.len() == 3 => Ok(Self { bytes }),
            _ => Err(ProtocolError::MalformedCbor {
                what: "SessionTranscript is not a 3-element array",
            }),
        }
    }

    /// The CBOR bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The CBOR bytes as lower-case hex.
    pub fn to_hex(&self) -> String {
        cbor::to_hex(&self.bytes)
    }

    /// The bytes as the verifier's [`crate::SessionTranscriptBytes`].
    pub fn to_verifier_bytes(&self) -> Result<crate::SessionTranscriptBytes, ProtocolError> {
        crate::SessionTranscriptBytes::from_cbor(self.bytes.clone()).map_err(|_| {
            ProtocolError::MalformedCbor {
                what: "SessionTranscript",
            }
        })
    }

    /// The item for embedding into larger structures (ReaderAuthenticationAll): the exact bytes, never a
    /// re-encoding.
    pub(crate) fn to_cbor(&self) -> Cbor<'_> {
        Cbor::Encoded(&self.bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::cbor::from_hex;

    /// OpenID4VP 1.0, openid/OpenID4VP@46f6965b, "Invocation via the Digital Credentials API" example.
    const VECTORS: &str = include_str!("vectors/oid4vp-vectors.json");

    fn vector() -> Json {
        let all: Json = serde_json::from_str(VECTORS).expect("vector file");
        all["dc_api_session_transcript"].clone()
    }

    #[test]
    fn thumbprint_reproduces_the_openid4vp_vector() {
        let v = vector();
        let jwk = EcPublicJwk::from_json(&v["jwk"]).expect("jwk");
        assert_eq!(
            cbor::to_hex(jwk.thumbprint().as_bytes()),
            v["jwk_thumbprint_hex"].as_str().expect("hex")
        );
    }

    #[test]
    fn openid4vp_transcript_reproduces_the_spec_vector_byte_for_byte() {
        let v = vector();
        let jwk = EcPublicJwk::from_json(&v["jwk"]).expect("jwk");
        let origin = Origin::parse(v["origin"].as_str().expect("origin")).expect("origin");
        let nonce = Nonce::parse(v["nonce"].as_str().expect("nonce")).expect("nonce");
        let transcript =
            SessionTranscript::openid4vp_dcapi(&origin, &nonce, Some(&jwk.thumbprint()))
                .expect("st");
        assert_eq!(
            transcript.as_bytes(),
            from_hex(v["session_transcript_cbor_hex"].as_str().expect("hex"))
        );
    }

    #[test]
    fn openid4vp_transcript_changes_with_every_input() {
        let v = vector();
        let jwk = EcPublicJwk::from_json(&v["jwk"]).expect("jwk");
        let origin = Origin::parse("https://example.com").expect("origin");
        let other_origin = Origin::parse("https://example.org").expect("origin");
        let nonce = Nonce::parse(v["nonce"].as_str().expect("nonce")).expect("nonce");
        let other_nonce = Nonce::from_bytes(&[7u8; 32]).expect("nonce");
        let t = |o: &Origin, n: &Nonce, tp: Option<&JwkThumbprint>| {
            SessionTranscript::openid4vp_dcapi(o, n, tp).expect("st")
        };
        let base = t(&origin, &nonce, Some(&jwk.thumbprint()));
        assert_ne!(base, t(&other_origin, &nonce, Some(&jwk.thumbprint())));
        assert_ne!(base, t(&origin, &other_nonce, Some(&jwk.thumbprint())));
        assert_ne!(base, t(&origin, &nonce, None));
    }

    #[test]
    fn dcapi_transcript_has_the_annex_c_shape() {
        let origin = Origin::parse("https://example.com").expect("origin");
        let transcript = SessionTranscript::dcapi("gqVkY2FwaQ", &origin).expect("st");
        let mut expected_info = vec![0x82, 0x6a];
        expected_info.extend_from_slice(b"gqVkY2FwaQ");
        expected_info.push(0x73);
        expected_info.extend_from_slice(b"https://example.com");
        let mut expected = vec![0x83, 0xf6, 0xf6, 0x82, 0x65];
        expected.extend_from_slice(b"dcapi");
        expected.extend_from_slice(&[0x58, 0x20]);
        expected.extend_from_slice(&Sha256::digest(&expected_info));
        assert_eq!(transcript.as_bytes(), expected);
    }

    #[test]
    fn rejects_origins_with_paths_or_plain_http() {
        for bad in [
            "https://example.com/",
            "http://example.com",
            "example.com",
            "https://",
            "https://EXAMPLE.com",
            "https://example.com:99999",
            "https://user@example.com",
        ] {
            assert!(Origin::parse(bad).is_err(), "{bad}");
        }
        for good in [
            "https://example.com",
            "https://a.example.co.jp:8443",
            "http://localhost:3000",
        ] {
            assert_eq!(Origin::parse(good).expect(good).as_str(), good);
        }
    }

    #[test]
    fn rejects_short_or_non_base64url_nonces() {
        assert!(Nonce::parse("abc").is_err());
        assert!(Nonce::parse("exc7gBkxjx1rdc9udRrveKvSsJIq80avlXeLHhGwqtA=").is_err());
        assert!(Nonce::parse("exc7gBkxjx1rdc9udRrveKvSsJIq80avlXeLHhGwqtA").is_ok());
    }

    #[test]
    fn rejects_jwks_off_the_curve_or_of_another_curve() {
        let mut jwk = vector()["jwk"].clone();
        jwk["y"] = Json::from("DxiH5Q4Yx3UrukE2lWCErq8N8bqC9CHLLrAwLz5BmE0");
        assert!(EcPublicJwk::from_json(&jwk).is_err());
        jwk["crv"] = Json::from("P-384");
        assert!(matches!(
            EcPublicJwk::from_json(&jwk),
            Err(ProtocolError::InvalidJwk { .. })
        ));
    }
}
