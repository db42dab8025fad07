//! Test support for mynaform: a test PKI, an issuer of My Number Card mdocs for fictional people, and a
//! holder that answers Annex C and OpenID4VP requests the way a phone wallet would.

pub mod holder;
pub mod issuer;
pub mod people;
pub mod pki;
pub mod tamper;
