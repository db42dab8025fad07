//! The ephemeral P-256 key the widget generates for each request: the wallet encrypts its answer to it
//! (HPKE for ISO 18013-7 Annex C, ECDH-ES JWE for OpenID4VP), and it never leaves the page.

use base64ct::{Base64UrlUnpadded, Encoding};
use p256::SecretKey;
use p256::elliptic_curve::sec1::ToSec1Point;

use crate::error::WidgetError;
use crate::session::PublicJwk;

/// A fresh recipient key pair. No `Clone`, no revealing `Debug`; the secret zeroizes on drop (p256).
pub struct EphemeralKey {
    secret: SecretKey,
}

impl std::fmt::Debug for EphemeralKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("EphemeralKey(..)")
    }
}

impl EphemeralKey {
    /// Generates a key from the platform RNG (`crypto.getRandomValues` in the browser).
    pub fn generate() -> Result<Self, WidgetError> {
        // A random 32-byte string is a valid scalar except with negligible probability; retry then.
        for _ in 0..8 {
            let mut bytes = [0u8; 32];
            getrandom::fill(&mut bytes).map_err(|_| WidgetError::Unsupported("no_random"))?;
            if let Ok(secret) = SecretKey::from_slice(&bytes) {
                return Ok(Self { secret });
            }
        }
        Err(WidgetError::Unsupported("no_random"))
    }

    /// A key from its secret scalar (32 bytes, big-endian), or `None` when it is not a valid scalar. Only
    /// for the bench's recorded inputs (`parity` feature): a real request always uses [`Self::generate`].
    #[cfg(feature = "parity")]
    pub fn from_secret_bytes(bytes: &[u8]) -> Option<Self> {
        SecretKey::from_slice(bytes)
            .ok()
            .map(|secret| Self { secret })
    }

    /// The secret, for decryption.
    pub fn secret(&self) -> &SecretKey {
        &self.secret
    }

    /// The public key as a JWK for the session request.
    pub fn public_jwk(&self) -> PublicJwk {
        let point = self.secret.public_key().to_sec1_point(false);
        let encode = |coordinate: Option<&[u8]>| {
            Base64UrlUnpadded::encode_string(coordinate.unwrap_or_default())
        };
        PublicJwk {
            kty: "EC".into(),
            crv: "P-256".into(),
            x: encode(point.x().map(|x| x.as_slice())),
            y: encode(point.y().map(|y| y.as_slice())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_keys_differ_and_have_32_byte_coordinates() {
        let a = EphemeralKey::generate().map(|k| k.public_jwk());
        let b = EphemeralKey::generate().map(|k| k.public_jwk());
        let (Ok(a), Ok(b)) = (a, b) else {
            panic!("key generation failed")
        };
        assert_ne!(a, b);
        assert_eq!(
            Base64UrlUnpadded::decode_vec(&a.x).map(|v| v.len()).ok(),
            Some(32)
        );
        assert_eq!(
            Base64UrlUnpadded::decode_vec(&a.y).map(|v| v.len()).ok(),
            Some(32)
        );
        assert_eq!((a.kty.as_str(), a.crv.as_str()), ("EC", "P-256"));
    }

    #[test]
    fn debug_hides_the_secret() {
        let key = EphemeralKey::generate();
        assert_eq!(
            key.map(|k| format!("{k:?}")).ok().as_deref(),
            Some("EphemeralKey(..)")
        );
    }
}
