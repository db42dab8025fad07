//! Verification core of mynaform: everything a relying party needs to ask for, decrypt and verify a
//! smartphone My Number Card presentation (ISO/IEC 18013-5 mdoc, docType `org.iso.23220.1.jp.mnc`).
//!
//! The crate performs no I/O and reads neither the clock nor an RNG: time, randomness and trust anchors are
//! arguments, so the same code runs natively on the server and as wasm32 in the browser.
//!
//! Verification entry point: [`verify`] with a [`VerificationRequest`]; it returns a [`Verification`] whose
//! [`VerificationReport`] explains every check and whose [`VerifiedDocument`]s (only present when every check
//! passed) carry the disclosed claims. [`MyNumberCard`] gives typed access to the card's elements.
//!
//! ```
//! use mynaform_verifier::{
//!     CheckName, DocType, ReaderEphemeralKey, SessionTranscriptBytes, TrustAnchors,
//!     VerificationRequest, verify,
//! };
//!
//! // The ISO/IEC 18013-5 Annex D example (an mDL authenticated with deviceMac).
//! let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/b01_annex_d_valid_devicemac/");
//! let read = |name: &str| std::fs::read(format!("{dir}{name}")).unwrap();
//! let transcript = SessionTranscriptBytes::from_cbor(read("session_transcript.cbor"))?;
//! let anchors = TrustAnchors::from_pem(&read("trust_anchor.pem"))?;
//! let reader_key = ReaderEphemeralKey::from_pem(std::str::from_utf8(&read("reader_key.pem")).unwrap())?;
//! let doc_type = DocType::new(DocType::MDL)?;
//! let response = read("device_response.cbor");
//!
//! let request = VerificationRequest {
//!     device_response: &response,
//!     session_transcript: &transcript,
//!     doc_type: &doc_type,
//!     trust_anchors: &anchors,
//!     at: time::macros::datetime!(2020-10-02 00:00 UTC),
//!     reader_key: Some(&reader_key),
//!     requested: None,
//! };
//! let verification = verify(&request);
//! assert!(verification.is_valid());
//! let document = &verification.documents()[0];
//! assert!(document.claim("org.iso.18013.5.1", "issue_date").is_some());
//!
//! // A year later the document signer certificate has expired.
//! let late = verify(&VerificationRequest {
//!     at: time::macros::datetime!(2021-10-02 00:00 UTC),
//!     ..request
//! });
//! assert_eq!(late.report().failing_check, Some(CheckName::TrustChain));
//! # Ok::<(), mynaform_verifier::Error>(())
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

/// DC API protocols: request building, SessionTranscripts, response decryption (Annex C and OpenID4VP).
pub mod protocol;

pub mod cbor;
pub mod claims;
pub mod device_response;
pub mod doc_type;
pub mod error;
pub mod my_number_card;
pub mod reader_key;
pub mod report;
pub mod requested;
pub mod session_transcript;
pub mod trust;
pub mod verified;
pub mod verify;

mod chain;
mod cose;
mod device_auth;
mod issuer_auth;
mod mso;
mod profile;

pub use claims::{ClaimValue, Claims};
pub use doc_type::DocType;
pub use error::Error;
pub use my_number_card::{BirthDate, MyNumber, MyNumberCard, MyNumberDisplay, Sex};
pub use reader_key::ReaderEphemeralKey;
pub use report::{CheckName, CheckResult, DocumentReport, VerificationReport};
pub use requested::RequestedElements;
pub use session_transcript::SessionTranscriptBytes;
pub use trust::TrustAnchors;
pub use verified::{Verification, VerifiedDocument};
pub use verify::{
    TranscriptCandidate, TranscriptInput, VerificationRequest, diagnose_device_authentication,
    verify,
};
