//! Digital Credentials API protocols: ISO/IEC 18013-7 Annex C (`org-iso-mdoc`) and OpenID4VP 1.0
//! (`openid4vp-v1-unsigned` / `openid4vp-v1-signed`).
//!
//! One module per spec concept:
//! - [`transcript`]: `Origin`, `Nonce`, RFC 7638 thumbprints and the two DC API SessionTranscripts;
//! - [`hpke`]: the Annex C response envelope (RFC 9180 base mode);
//! - [`jwe`]: the OpenID4VP `dc_api.jwt` response envelope (RFC 7516 compact JWE, ECDH-ES, RFC 7518 §4.6);
//! - [`encryption_info`]: the Annex C `EncryptionInfo`;
//! - [`device_request`]: ItemsRequest, DeviceRequest 1.1 and `readerAuthAll` (ISO/IEC 18013-5 2nd ed. §8.3.2.1);
//! - [`reader_signer`]: the signer trait through which the reader key stays on the server;
//! - [`annex_c`]: the `{deviceRequest, encryptionInfo}` request object and the `{response}` answer;
//! - [`openid4vp`]: OpenID4VP 1.0 requests (DCQL) and `vp_token` responses;
//! - [`preset`]: the My Number Card requests, one per use case, with the elements the verifier accepts.

pub mod annex_c;
pub mod device_request;
pub mod encryption_info;
mod error;
pub mod hpke;
pub mod jwe;
pub mod openid4vp;
pub mod preset;
pub mod reader_signer;
pub mod transcript;

pub(crate) mod cbor;
#[cfg(test)]
pub(crate) mod test_rng;

pub use error::{DecryptionError, DecryptionFailureKind, ProtocolError};
