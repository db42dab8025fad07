//! Verification core of mynaform: everything a relying party needs to ask for, decrypt and verify a
//! smartphone My Number Card presentation (ISO/IEC 18013-5 mdoc, docType `org.iso.23220.1.jp.mnc`).
//!
//! The crate performs no I/O and reads neither the clock nor an RNG: time, randomness and trust anchors are
//! arguments, so the same code runs natively on the server and as wasm32 in the browser.
#![forbid(unsafe_code)]

/// DC API protocols: request building, SessionTranscripts, response decryption (Annex C and OpenID4VP).
pub mod protocol;
