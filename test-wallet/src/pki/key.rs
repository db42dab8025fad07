//! Elliptic-curve signing keys of the test PKI (P-256, P-384, P-521), used for certificates and COSE.
//!
//! Keys zeroize on drop (the RustCrypto signing keys do) and derive neither `Clone` nor a revealing `Debug`.

use super::PkiError;
use super::entropy::Entropy;
use p256::pkcs8::{EncodePrivateKey, LineEnding};
use signature::Signer;
use spki::{EncodePublicKey, SubjectPublicKeyInfoOwned};
use zeroize::Zeroizing;

/// The NIST curve of a key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Curve {
    /// P-256 (secp256r1), signs ES256.
    P256,
    /// P-384 (secp384r1), signs ES384.
    P384,
    /// P-521 (secp521r1), signs ES512.
    P521,
}

impl Curve {
    /// The COSE algorithm identifier this curve signs with (RFC 9053 §2.1): ES256 -7, ES384 -35, ES512 -36.
    pub fn cose_alg(self) -> i64 {
        match self {
            Curve::P256 => -7,
            Curve::P384 => -35,
            Curve::P521 => -36,
        }
    }

    /// The COSE curve identifier (RFC 9053 §7.1): P-256 1, P-384 2, P-521 3.
    pub fn cose_crv(self) -> i64 {
        match self {
            Curve::P256 => 1,
            Curve::P384 => 2,
            Curve::P521 => 3,
        }
    }

    fn scalar_len(self) -> usize {
        match self {
            Curve::P256 => 32,
            Curve::P384 => 48,
            Curve::P521 => 66,
        }
    }
}

/// An ECDSA signing key on one of the NIST curves.
pub struct EcKey {
    inner: Inner,
}

pub(crate) enum Inner {
    P256(p256::ecdsa::SigningKey),
    P384(p384::ecdsa::SigningKey),
    P521(p521::ecdsa::SigningKey),
}

impl EcKey {
    /// A fresh key on `curve` from `entropy`.
    pub fn generate(curve: Curve, entropy: &mut Entropy) -> Self {
        loop {
            let mut bytes = Zeroizing::new(vec![0u8; curve.scalar_len()]);
            entropy.fill(&mut bytes);
            if curve == Curve::P521 {
                // Keep the scalar below the order: only the low bit of the first byte may be set.
                if let Some(first) = bytes.first_mut() {
                    *first &= 0x01;
                }
            }
            let inner = match curve {
                Curve::P256 => p256::ecdsa::SigningKey::from_slice(&bytes)
                    .ok()
                    .map(Inner::P256),
                Curve::P384 => p384::ecdsa::SigningKey::from_slice(&bytes)
                    .ok()
                    .map(Inner::P384),
                Curve::P521 => p521::ecdsa::SigningKey::from_slice(&bytes)
                    .ok()
                    .map(Inner::P521),
            };
            if let Some(inner) = inner {
                return Self { inner };
            }
        }
    }

    /// The curve of this key.
    pub fn curve(&self) -> Curve {
        match self.inner {
            Inner::P256(_) => Curve::P256,
            Inner::P384(_) => Curve::P384,
            Inner::P521(_) => Curve::P521,
        }
    }

    pub(crate) fn inner(&self) -> &Inner {
        &self.inner
    }

    /// Signs `message` with ECDSA and the curve's hash (SHA-256/384/512), returning the fixed-size `r || s`
    /// form COSE uses (RFC 9053 §2.1).
    pub fn sign(&self, message: &[u8]) -> Vec<u8> {
        match &self.inner {
            Inner::P256(k) => {
                let s: p256::ecdsa::Signature = k.sign(message);
                s.to_bytes().to_vec()
            }
            Inner::P384(k) => {
                let s: p384::ecdsa::Signature = k.sign(message);
                s.to_bytes().to_vec()
            }
            Inner::P521(k) => {
                let s: p521::ecdsa::Signature = k.sign(message);
                s.to_bytes().to_vec()
            }
        }
    }

    /// The uncompressed public point's affine coordinates `(x, y)`, as a COSE_Key carries them.
    pub fn public_coordinates(&self) -> (Vec<u8>, Vec<u8>) {
        let sec1: Box<[u8]> = match &self.inner {
            Inner::P256(k) => k.verifying_key().to_sec1_bytes(),
            Inner::P384(k) => k.verifying_key().to_sec1_bytes(),
            Inner::P521(k) => k.verifying_key().to_sec1_bytes(),
        };
        // Uncompressed SEC1: 0x04 || x || y.
        let coords = sec1.get(1..).unwrap_or_default();
        let half = coords.len() / 2;
        let (x, y) = coords.split_at(half);
        (x.to_vec(), y.to_vec())
    }

    /// The uncompressed SEC1 public key (`0x04 || x || y`).
    pub fn public_sec1(&self) -> Vec<u8> {
        match &self.inner {
            Inner::P256(k) => k.verifying_key().to_sec1_bytes().to_vec(),
            Inner::P384(k) => k.verifying_key().to_sec1_bytes().to_vec(),
            Inner::P521(k) => k.verifying_key().to_sec1_bytes().to_vec(),
        }
    }

    /// The SubjectPublicKeyInfo of the public key.
    pub fn subject_public_key_info(&self) -> Result<SubjectPublicKeyInfoOwned, PkiError> {
        let der = match &self.inner {
            Inner::P256(k) => k.verifying_key().to_public_key_der(),
            Inner::P384(k) => k.verifying_key().to_public_key_der(),
            Inner::P521(k) => k.verifying_key().to_public_key_der(),
        }
        .map_err(|_| PkiError::Encoding)?;
        der::Decode::from_der(der.as_bytes()).map_err(|_| PkiError::Encoding)
    }

    /// The private key as PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`), in memory that zeroizes on drop.
    pub fn to_pkcs8_pem(&self) -> Result<Zeroizing<String>, PkiError> {
        match &self.inner {
            Inner::P256(k) => k.to_pkcs8_pem(LineEnding::LF),
            Inner::P384(k) => k.to_pkcs8_pem(LineEnding::LF),
            Inner::P521(k) => k.to_pkcs8_pem(LineEnding::LF),
        }
        .map_err(|_| PkiError::Encoding)
    }

    /// The P-256 signing key, when this key is on P-256 (device keys and reader keys are).
    pub fn as_p256(&self) -> Option<&p256::ecdsa::SigningKey> {
        match &self.inner {
            Inner::P256(k) => Some(k),
            _ => None,
        }
    }
}

impl core::fmt::Debug for EcKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("EcKey")
            .field("curve", &self.curve())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_on_every_curve_sign_with_their_fixed_signature_length() {
        let mut entropy = Entropy::from_label("keys");
        for (curve, len) in [(Curve::P256, 64), (Curve::P384, 96), (Curve::P521, 132)] {
            let key = EcKey::generate(curve, &mut entropy);
            assert_eq!(key.curve(), curve);
            assert_eq!(key.sign(b"message").len(), len);
            let (x, y) = key.public_coordinates();
            assert_eq!(x.len(), len / 2);
            assert_eq!(y.len(), len / 2);
        }
    }

    #[test]
    fn debug_output_does_not_reveal_the_scalar() {
        let key = EcKey::generate(Curve::P256, &mut Entropy::from_label("dbg"));
        let text = format!("{key:?}");
        assert!(text.contains("P256"));
        assert!(!text.contains("0x"));
        assert!(text.len() < 40);
    }
}
