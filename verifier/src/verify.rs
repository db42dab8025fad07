//! Verification of a DeviceResponse (ISO/IEC 18013-5 §9.3.1 "Inspection procedure for issuer data
//! authentication" and §9.1.3 "mdoc authentication"), in the fixed check order of [`crate::CheckName`].
use crate::{
    DocType, ReaderEphemeralKey, RequestedElements, SessionTranscriptBytes, TrustAnchors,
    Verification,
};

/// Everything one verification needs; nothing is read from the environment.
#[derive(Debug, Clone, Copy)]
pub struct VerificationRequest<'a> {
    /// The DeviceResponse CBOR bytes as received (decrypted).
    pub device_response: &'a [u8],
    /// The SessionTranscript the verifier built from its own session (never taken from the presentation).
    pub session_transcript: &'a SessionTranscriptBytes,
    /// The docType that was requested.
    pub doc_type: &'a DocType,
    /// IACA roots or pinned document-signer certificates.
    pub trust_anchors: &'a TrustAnchors,
    /// The verification time.
    pub at: time::OffsetDateTime,
    /// The reader's ephemeral key, needed only for deviceMac.
    pub reader_key: Option<&'a ReaderEphemeralKey>,
    /// The elements asked for; `None` accepts whatever issuer-signed elements are present.
    pub requested: Option<&'a RequestedElements>,
}

/// Verifies a DeviceResponse; never panics on any input.
pub fn verify(request: &VerificationRequest<'_>) -> Verification {
    crate::device_response::verify_response(request)
}
