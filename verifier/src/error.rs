//! Errors of the verification core's inputs and configuration.
//!
//! A presentation that fails verification is not an error: it yields a [`crate::VerificationReport`] naming
//! the failing check. This enum covers what a caller hands in (trust anchors, keys, transcripts, doc types)
//! and what it reads from a verified document.

/// What went wrong outside of the verification checks themselves.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    // --- configuration supplied by the relying party ---
    /// A PEM bundle could not be read (bad armour or base64).
    #[error("trust anchor bundle is not valid PEM")]
    TrustAnchorPem,
    /// A certificate in a trust anchor bundle is not a valid X.509 DER certificate.
    #[error("trust anchor is not a valid X.509 certificate")]
    TrustAnchorCertificate,
    /// A trust anchor bundle contained no certificate.
    #[error("trust anchor bundle contains no certificate")]
    TrustAnchorEmpty,
    /// The embedded production root does not have its documented fingerprint.
    #[error("embedded production trust anchor does not match its pinned SHA-256 fingerprint")]
    ProductionAnchorFingerprint,
    /// The reader's ephemeral key is not a P-256 private key in PKCS#8 or SEC1 (PEM or DER).
    #[error("reader key is not a P-256 private key in PKCS#8 or SEC1 form")]
    ReaderKey,
    /// A doc type string is empty or too long.
    #[error("doc type must be 1..=256 characters")]
    DocType,

    // --- inputs supplied by the protocol layer ---
    /// SessionTranscript bytes are not one well-formed CBOR array.
    #[error("session transcript is not a well-formed CBOR array")]
    SessionTranscript,

    // --- reading claims out of a verified document ---
    /// A disclosed element has a type other than the one its definition gives.
    #[error("element {namespace}/{element} has an unexpected type")]
    ClaimType {
        /// Namespace of the element.
        namespace: &'static str,
        /// Element identifier.
        element: &'static str,
    },
    /// A My Number is not 12 digits with a valid check digit.
    #[error("individual number is not 12 digits with a valid check digit")]
    MyNumber,
}
