//! The error type of the protocol layer, grouped by who is at fault.
use thiserror::Error;

/// Everything that can go wrong while building a request or opening a response.
///
/// Variants never carry personal data: they name the field or the step that failed.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum ProtocolError {
    // --- malformed input (the peer or the caller sent something that does not parse) ---
    /// The origin is not `https://host[:port]` (or `http://` for a local test host).
    #[error("the origin is not a web origin (scheme://host[:port])")]
    InvalidOrigin,
    /// The nonce is not base64url of at least 16 bytes.
    #[error("the nonce is not base64url of at least 16 random bytes")]
    InvalidNonce,
    /// A field that must be base64url (no padding) is not.
    #[error("{field} is not base64url without padding")]
    InvalidBase64 {
        /// Which field.
        field: &'static str,
    },
    /// CBOR that does not match the structure the spec defines.
    #[error("malformed CBOR: {what}")]
    MalformedCbor {
        /// Which structure, and what was wrong with it.
        what: &'static str,
    },
    /// JSON that does not match the structure the spec defines.
    #[error("malformed JSON: {what}")]
    MalformedJson {
        /// Which structure, and what was wrong with it.
        what: &'static str,
    },
    /// A JWK that is not an EC P-256 key with 32-byte coordinates on the curve.
    #[error("the JWK is not a P-256 EC key ({what})")]
    InvalidJwk {
        /// What was wrong.
        what: &'static str,
    },
    /// The relying party's own response-decryption key could not be loaded.
    #[error("the decryption key is not a P-256 PKCS#8 or SEC1 PEM key")]
    InvalidRecipientKey,
    /// A COSE_Key or SEC1 point that is not a P-256 public key.
    #[error("the public key is not a valid P-256 point")]
    InvalidPublicKey,
    /// A compact JWE or JWS without the expected number of parts or with a malformed header.
    #[error("malformed compact JOSE object: {what}")]
    MalformedJose {
        /// What was wrong.
        what: &'static str,
    },

    // --- decryption (one opaque variant: no oracle) ---
    /// The response could not be decrypted. Details are in [`DecryptionError::kind`] for server logs.
    #[error(transparent)]
    Decryption(#[from] DecryptionError),

    // --- unsupported ---
    /// A JWE `alg` other than `ECDH-ES`.
    #[error("unsupported JWE key management algorithm")]
    UnsupportedJweAlgorithm,
    /// A JWE `enc` other than `A128GCM` / `A256GCM`.
    #[error("unsupported JWE content encryption algorithm")]
    UnsupportedJweEncryption,
    /// An Annex C envelope whose label is not `dcapi`.
    #[error("unsupported Annex C envelope (expected \"dcapi\")")]
    UnsupportedEnvelope,
    /// A DC API protocol identifier this crate does not speak.
    #[error("unsupported DC API protocol")]
    UnsupportedProtocol,
    /// A DeviceRequest version other than 1.0 / 1.1.
    #[error("unsupported DeviceRequest version")]
    UnsupportedVersion,

    // --- reader (the relying party's own signing set-up) ---
    /// The reader's private key could not be loaded.
    #[error("the reader signing key is not a P-256 PKCS#8 or SEC1 PEM key")]
    InvalidReaderKey,
    /// The reader's certificate chain could not be loaded.
    #[error("the reader certificate chain is not PEM/DER X.509")]
    InvalidReaderCertificate,
    /// Encrypting a response failed (holder side).
    #[error("the response could not be encrypted")]
    EncryptionFailed,
    /// The reader signer failed to sign.
    #[error("the reader signer failed")]
    SigningFailed,
    /// A `readerAuthAll` signature that does not verify or has no usable certificate.
    #[error("reader authentication failed: {what}")]
    ReaderAuthenticationFailed {
        /// Which step failed.
        what: &'static str,
    },

    // --- misuse (the caller asked for something the API forbids) ---
    /// A preset that needs an explicit opt-in was requested without it.
    #[error("the preset {preset} requires an explicit opt-in")]
    OptInRequired {
        /// The preset's name.
        preset: &'static str,
    },
    /// A name that is not one of the presets.
    #[error("unknown preset")]
    UnknownPreset,
    /// A `client_id` host that is not a DNS name.
    #[error("invalid client identifier")]
    InvalidClientId,
}

/// Why a response could not be decrypted — for server logs only; its `Display` never says which.
///
/// A wrong key and a tampered tag are indistinguishable by design of AEAD: both are
/// [`DecryptionFailureKind::AuthenticationFailed`].
#[derive(Debug, Error, Clone, Copy, PartialEq, Eq)]
#[error("the response could not be decrypted")]
pub struct DecryptionError {
    kind: DecryptionFailureKind,
}

impl DecryptionError {
    pub(crate) fn new(kind: DecryptionFailureKind) -> Self {
        Self { kind }
    }

    /// The reason, for logs that never reach the client.
    pub fn kind(&self) -> DecryptionFailureKind {
        self.kind
    }
}

/// The reason a decryption failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecryptionFailureKind {
    /// The ciphertext, tag, IV or encapsulated key is shorter than the suite needs.
    Truncated,
    /// The sender's ephemeral key is not a valid point.
    InvalidEphemeralKey,
    /// The AEAD tag did not verify: wrong key, wrong transcript/AAD or tampered data.
    AuthenticationFailed,
}
