//! SessionTranscript bytes (ISO/IEC 18013-5 §9.1.5.1; ISO/IEC 18013-7 Annex C; OpenID4VP 1.0 Appendix B.2.6).
//!
//! The verifier never takes the transcript from the presentation: the caller builds it from its own session
//! (see [`crate::protocol`]) and hands the exact CBOR bytes in. Those bytes are inserted unchanged into
//! DeviceAuthenticationBytes and, wrapped as `#6.24(bstr)`, hashed into the deviceMac salt.
use crate::{Error, cbor};

/// The CBOR encoding of a SessionTranscript array, as the verifier built it (not tag-24 wrapped).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionTranscriptBytes(Vec<u8>);

impl SessionTranscriptBytes {
    /// Accepts `bytes` if they are one well-formed CBOR array.
    pub fn from_cbor(bytes: Vec<u8>) -> Result<Self, Error> {
        let item = cbor::decode(&bytes).map_err(|_| Error::SessionTranscript)?;
        if item.as_array().is_none() {
            return Err(Error::SessionTranscript);
        }
        Ok(Self(bytes))
    }

    /// The CBOR bytes of the SessionTranscript array.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// `SessionTranscriptBytes = #6.24(bstr .cbor SessionTranscript)` (ISO/IEC 18013-5 §9.1.5.1), used as the
    /// HKDF salt input of the deviceMac key.
    pub fn tagged(&self) -> Vec<u8> {
        cbor::encode_tag24(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_a_transcript_that_is_not_an_array() {
        assert_eq!(
            SessionTranscriptBytes::from_cbor(vec![0x01]),
            Err(Error::SessionTranscript)
        );
    }

    #[test]
    fn wraps_the_transcript_in_tag_24() {
        let t = SessionTranscriptBytes::from_cbor(vec![0x83, 0xf6, 0xf6, 0xf6]).unwrap();
        assert_eq!(t.tagged(), vec![0xd8, 0x18, 0x44, 0x83, 0xf6, 0xf6, 0xf6]);
    }
}
