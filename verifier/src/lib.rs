//! Verification core of mynaform: everything a relying party needs to ask for, decrypt and verify a
//! smartphone My Number Card presentation (ISO/IEC 18013-5 mdoc, docType `org.iso.23220.1.jp.mnc`).
//!
//! The crate performs no I/O and reads neither the clock nor an RNG: time, randomness and trust anchors are
//! arguments, so the same code runs natively on the server and as wasm32 in the browser.
//!
//! Verification entry point: [`verify`] with a [`VerificationRequest`]; it returns a [`Verification`] whose
//! [`VerificationReport`] explains every check and whose [`VerifiedDocument`]s (only present when every check
//! passed) carry the disclosed claims. [`MyNumberCard`] gives typed access to the card's elements.
#![forbid(unsafe_code)]

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
pub use verify::{VerificationRequest, verify};
