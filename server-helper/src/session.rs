//! One-time sessions: what the server remembers between issuing a request and re-verifying the answer.
//!
//! A session binds the origin, the nonce and the widget's ephemeral key (as EncryptionInfo for ISO/IEC
//! 18013-7 Annex C and as a JWK thumbprint for OpenID4VP 1.0 over the DC API). The transcript used at
//! `/verify` is rebuilt from these stored values only, never from anything the client sends.

use base64ct::{Base64UrlUnpadded, Encoding};
use serde::{Deserialize, Serialize};

use crate::error::AppError;

/// Bytes of randomness in a session id and in a nonce (128 bits, from the OS RNG).
pub const RANDOM_BYTES: usize = 16;

/// Fills `N` bytes from the operating system's RNG.
pub fn os_random<const N: usize>() -> Result<[u8; N], AppError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|_| AppError::Rng)?;
    Ok(bytes)
}

/// A session id: 128 random bits, base64url without padding (22 characters).
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct SessionId(String);

impl SessionId {
    /// Draws a fresh id from the OS RNG.
    pub fn generate() -> Result<Self, AppError> {
        Ok(Self(Base64UrlUnpadded::encode_string(&os_random::<
            RANDOM_BYTES,
        >()?)))
    }

    /// Parses an id received from a client; anything not shaped like an id we issue is simply unknown.
    pub fn parse(text: &str) -> Result<Self, AppError> {
        let mut bytes = [0u8; RANDOM_BYTES];
        match Base64UrlUnpadded::decode(text, &mut bytes) {
            Ok(decoded) if decoded.len() == RANDOM_BYTES => Ok(Self(text.to_owned())),
            _ => Err(AppError::SessionUnknown),
        }
    }

    /// The id as sent to clients.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A fresh nonce: 128 bits from the OS RNG, base64url. The same string is the OpenID4VP `nonce` and its
/// bytes are the Annex C EncryptionInfo nonce.
pub fn generate_nonce() -> Result<String, AppError> {
    Ok(Base64UrlUnpadded::encode_string(
        &os_random::<RANDOM_BYTES>()?,
    ))
}

/// The DC API protocol identifiers this server offers (W3C Digital Credentials protocol registry).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub enum Protocol {
    /// ISO/IEC 18013-7 Annex C.
    #[serde(rename = "org-iso-mdoc")]
    IsoMdoc,
    /// OpenID4VP 1.0 over the DC API, unsigned request.
    #[serde(rename = "openid4vp-v1-unsigned")]
    OpenId4VpUnsigned,
    /// OpenID4VP 1.0 over the DC API, signed request.
    #[serde(rename = "openid4vp-v1-signed")]
    OpenId4VpSigned,
}

impl Protocol {
    /// The protocol identifier string.
    pub fn id(self) -> &'static str {
        match self {
            Self::IsoMdoc => "org-iso-mdoc",
            Self::OpenId4VpUnsigned => "openid4vp-v1-unsigned",
            Self::OpenId4VpSigned => "openid4vp-v1-signed",
        }
    }

    /// Parses a protocol identifier.
    pub fn parse(id: &str) -> Result<Self, AppError> {
        match id {
            "org-iso-mdoc" => Ok(Self::IsoMdoc),
            "openid4vp-v1-unsigned" => Ok(Self::OpenId4VpUnsigned),
            "openid4vp-v1-signed" => Ok(Self::OpenId4VpSigned),
            _ => Err(AppError::UnknownProtocol),
        }
    }
}

/// What the store keeps for one issued session (no personal data: the wallet has not answered yet).
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
pub struct SessionRecord {
    /// The web origin the session was issued to (the Origin header, checked against the allowlist).
    pub origin: String,
    /// The one-time nonce (base64url).
    pub nonce: String,
    /// The preset name requested.
    pub preset: String,
    /// Whether an age preset may be answered with the birth date instead.
    #[serde(default)]
    pub birth_date_fallback: bool,
    /// The protocols offered in the request.
    pub protocols: Vec<Protocol>,
    /// Annex C EncryptionInfo, base64url as sent in the request (the transcript hashes this string).
    pub encryption_info: String,
    /// The widget's ephemeral P-256 public key as a JWK (`kty`, `crv`, `x`, `y`); its RFC 7638 thumbprint
    /// binds OpenID4VP responses.
    pub recipient_key: serde_json::Value,
    /// Issue time, Unix seconds.
    pub created_at: i64,
    /// Expiry time, Unix seconds.
    pub expires_at: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_ids_parse_and_differ() {
        let a = SessionId::generate().unwrap();
        let b = SessionId::generate().unwrap();
        assert_ne!(a, b);
        assert_eq!(SessionId::parse(a.as_str()).unwrap(), a);
    }

    #[test]
    fn rejects_ids_of_the_wrong_shape_as_unknown() {
        for text in [
            "",
            "abc",
            "!!!!!!!!!!!!!!!!!!!!!!",
            "AAAAAAAAAAAAAAAAAAAAAAAA",
        ] {
            assert!(
                matches!(SessionId::parse(text), Err(AppError::SessionUnknown)),
                "{text}"
            );
        }
    }

    #[test]
    fn nonce_carries_128_bits() {
        let nonce = generate_nonce().unwrap();
        assert_eq!(Base64UrlUnpadded::decode_vec(&nonce).unwrap().len(), 16);
        assert_ne!(nonce, generate_nonce().unwrap());
    }

    #[test]
    fn protocol_ids_round_trip() {
        for p in [
            Protocol::IsoMdoc,
            Protocol::OpenId4VpUnsigned,
            Protocol::OpenId4VpSigned,
        ] {
            assert_eq!(Protocol::parse(p.id()).unwrap(), p);
        }
        assert!(Protocol::parse("openid4vp").is_err());
    }
}
