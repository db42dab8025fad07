//! Reader (relying party) signing for `readerAuthAll` and signed OpenID4VP requests.
//!
//! The key stays wherever the [`ReaderSigner`] lives (the server helper, an HSM): the protocol layer only hands
//! it the bytes to sign. ES256 (COSE alg -7, RFC 9053 §2.1; JWS ES256, RFC 7518 §3.4) with a raw `r || s`
//! signature, which is the wire format of both COSE and JWS.
use der::{Decode, Encode};
use p256::ecdsa::signature::{Signer, Verifier};

use super::ProtocolError;

/// COSE header label of `alg` (RFC 9052 §3.1).
pub const COSE_HEADER_ALG: i64 = 1;
/// COSE algorithm id of ECDSA w/ SHA-256 (RFC 9053 §2.1).
pub const COSE_ALG_ES256: i64 = -7;
/// COSE header label of `x5chain` (RFC 9360 §2).
pub const COSE_HEADER_X5CHAIN: i64 = 33;

/// Signs reader-authentication payloads with ES256 and names the certificate chain that verifies them.
pub trait ReaderSigner {
    /// DER certificates, leaf first (the leaf's key verifies [`ReaderSigner::sign_es256`]).
    fn certificate_chain(&self) -> &[Vec<u8>];

    /// Signs `message` (SHA-256 inside) and returns the 64-byte `r || s` signature.
    fn sign_es256(&self, message: &[u8]) -> Result<Vec<u8>, ProtocolError>;
}

/// A software P-256 reader key with its certificate chain. The key zeroizes on drop; no `Clone`, no revealing
/// `Debug`.
pub struct SoftwareP256Signer {
    key: p256::ecdsa::SigningKey,
    chain: Vec<Vec<u8>>,
}

impl SoftwareP256Signer {
    /// Builds a signer from a key and DER certificates (leaf first). The leaf must carry the key's public part.
    pub fn new(key: p256::ecdsa::SigningKey, chain: Vec<Vec<u8>>) -> Result<Self, ProtocolError> {
        let leaf = chain
            .first()
            .ok_or(ProtocolError::InvalidReaderCertificate)?;
        let leaf_key = verifying_key_of_certificate(leaf)?;
        if &leaf_key != key.verifying_key() {
            return Err(ProtocolError::InvalidReaderCertificate);
        }
        Ok(Self { key, chain })
    }

    /// Loads a PKCS#8 (`PRIVATE KEY`) or SEC1 (`EC PRIVATE KEY`) PEM key and a PEM certificate chain (leaf
    /// first).
    pub fn from_pem(key_pem: &str, chain_pem: &str) -> Result<Self, ProtocolError> {
        use p256::pkcs8::DecodePrivateKey;
        let secret = p256::SecretKey::from_pkcs8_pem(key_pem)
            .or_else(|_| p256::SecretKey::from_sec1_pem(key_pem))
            .map_err(|_| ProtocolError::InvalidReaderKey)?;
        let chain = x509_cert::Certificate::load_pem_chain(chain_pem.as_bytes())
            .map_err(|_| ProtocolError::InvalidReaderCertificate)?
            .iter()
            .map(Encode::to_der)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|_| ProtocolError::InvalidReaderCertificate)?;
        Self::new(p256::ecdsa::SigningKey::from(&secret), chain)
    }
}

impl ReaderSigner for SoftwareP256Signer {
    fn certificate_chain(&self) -> &[Vec<u8>] {
        &self.chain
    }

    fn sign_es256(&self, message: &[u8]) -> Result<Vec<u8>, ProtocolError> {
        let signature: p256::ecdsa::Signature = self
            .key
            .try_sign(message)
            .map_err(|_| ProtocolError::SigningFailed)?;
        Ok(signature.to_bytes().to_vec())
    }
}

impl std::fmt::Debug for SoftwareP256Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SoftwareP256Signer")
            .field("certificates", &self.chain.len())
            .finish_non_exhaustive()
    }
}

/// The P-256 key in a DER certificate's SubjectPublicKeyInfo.
pub fn verifying_key_of_certificate(
    der: &[u8],
) -> Result<p256::ecdsa::VerifyingKey, ProtocolError> {
    let certificate = x509_cert::Certificate::from_der(der)
        .map_err(|_| ProtocolError::InvalidReaderCertificate)?;
    let spki = certificate.tbs_certificate().subject_public_key_info();
    let point = spki
        .subject_public_key
        .as_bytes()
        .ok_or(ProtocolError::InvalidReaderCertificate)?;
    p256::ecdsa::VerifyingKey::from_sec1_bytes(point)
        .map_err(|_| ProtocolError::InvalidReaderCertificate)
}

/// Verifies an ES256 `r || s` signature over `message` with the leaf certificate's key.
pub fn verify_es256(
    leaf_der: &[u8],
    message: &[u8],
    signature: &[u8],
) -> Result<(), ProtocolError> {
    let key = verifying_key_of_certificate(leaf_der)?;
    let signature = p256::ecdsa::Signature::from_slice(signature).map_err(|_| {
        ProtocolError::ReaderAuthenticationFailed {
            what: "signature is not 64 bytes r||s",
        }
    })?;
    key.verify(message, &signature)
        .map_err(|_| ProtocolError::ReaderAuthenticationFailed {
            what: "signature does not verify",
        })
}
