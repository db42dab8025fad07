//! ISO/IEC 18013-7 Annex C over the W3C Digital Credentials API (protocol `org-iso-mdoc`): the request data
//! object `{deviceRequest, encryptionInfo}` and the response `{response}` (both base64url without padding).
use base64ct::{Base64UrlUnpadded, Encoding};
use serde_json::{Value as Json, json};

use super::ProtocolError;
use super::cbor::{self, Cbor};
use super::device_request::{ItemsRequest, build_device_request};
use super::encryption_info::EncryptionInfo;
use super::hpke::{self, HpkeRecipientKey, HpkeSealed};
use super::reader_signer::ReaderSigner;
use super::transcript::{Origin, SessionTranscript};
use crate::cbor::Item;

/// The DC API protocol identifier of Annex C.
pub const PROTOCOL: &str = "org-iso-mdoc";

/// The request data object of Annex C.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnnexCRequest {
    device_request_b64url: String,
    encryption_info: EncryptionInfo,
}

impl AnnexCRequest {
    /// Builds the request: DeviceRequest 1.1 (signed with `readerAuthAll` when a signer is given) over the
    /// SessionTranscript this EncryptionInfo and `origin` determine.
    pub fn build(
        items: &[ItemsRequest],
        encryption_info: EncryptionInfo,
        origin: &Origin,
        signer: Option<&dyn ReaderSigner>,
    ) -> Result<Self, ProtocolError> {
        let transcript = SessionTranscript::dcapi(encryption_info.as_b64url(), origin)?;
        let device_request = build_device_request(items, &transcript, signer)?;
        Ok(Self {
            device_request_b64url: Base64UrlUnpadded::encode_string(&device_request),
            encryption_info,
        })
    }

    /// Parses the `data` of a DC API request entry (`{deviceRequest, encryptionInfo}`).
    pub fn from_json(data: &Json) -> Result<Self, ProtocolError> {
        let field = |name: &'static str| {
            data.get(name)
                .and_then(Json::as_str)
                .ok_or(ProtocolError::MalformedJson {
                    what: "Annex C request needs deviceRequest and encryptionInfo",
                })
                .map(|s| (name, s))
        };
        let (_, device_request) = field("deviceRequest")?;
        let (_, encryption_info) = field("encryptionInfo")?;
        Base64UrlUnpadded::decode_vec(device_request).map_err(|_| {
            ProtocolError::InvalidBase64 {
                field: "deviceRequest",
            }
        })?;
        Ok(Self {
            device_request_b64url: device_request.to_owned(),
            encryption_info: EncryptionInfo::from_b64url(encryption_info)?,
        })
    }

    /// The `data` JSON object.
    pub fn to_json(&self) -> Json {
        json!({ "deviceRequest": self.device_request_b64url, "encryptionInfo": self.encryption_info.as_b64url() })
    }

    /// The DeviceRequest CBOR.
    pub fn device_request_cbor(&self) -> Result<Vec<u8>, ProtocolError> {
        Base64UrlUnpadded::decode_vec(&self.device_request_b64url).map_err(|_| {
            ProtocolError::InvalidBase64 {
                field: "deviceRequest",
            }
        })
    }

    /// The EncryptionInfo.
    pub fn encryption_info(&self) -> &EncryptionInfo {
        &self.encryption_info
    }

    /// The SessionTranscript of this request as seen from `origin`.
    pub fn session_transcript(&self, origin: &Origin) -> Result<SessionTranscript, ProtocolError> {
        SessionTranscript::dcapi(self.encryption_info.as_b64url(), origin)
    }
}

/// The Annex C response: `{response: b64url(CBOR(["dcapi", {enc, cipherText}]))}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnnexCResponse {
    sealed: HpkeSealed,
}

impl AnnexCResponse {
    /// Parses the `data` of a DigitalCredential (`{response: …}`).
    pub fn from_json(data: &Json) -> Result<Self, ProtocolError> {
        let response =
            data.get("response")
                .and_then(Json::as_str)
                .ok_or(ProtocolError::MalformedJson {
                    what: "Annex C response needs a response string",
                })?;
        Self::from_b64url(response)
    }

    /// Parses the base64url `response` string.
    pub fn from_b64url(text: &str) -> Result<Self, ProtocolError> {
        let bytes = Base64UrlUnpadded::decode_vec(text.trim())
            .map_err(|_| ProtocolError::InvalidBase64 { field: "response" })?;
        let malformed = |what| ProtocolError::MalformedCbor { what };
        let item = cbor::decode_exact(&bytes, "EncryptedResponse")?;
        let Some([label, data]) = item.as_array() else {
            return Err(malformed("EncryptedResponse is not [label, data]"));
        };
        let label = label
            .as_text()
            .ok_or(malformed("EncryptedResponse label is not text"))?;
        if label != "dcapi" {
            return Err(ProtocolError::UnsupportedEnvelope);
        }
        let data = cbor::unique_map(data, "EncryptedResponse data is not a map")?;
        let bytes = |name| {
            cbor::map_get(data, name)
                .and_then(Item::as_bytes)
                .map(<[u8]>::to_vec)
                .ok_or(malformed("EncryptedResponse needs enc and cipherText bstr"))
        };
        Ok(Self {
            sealed: HpkeSealed {
                enc: bytes("enc")?,
                cipher_text: bytes("cipherText")?,
            },
        })
    }

    /// The base64url `response` string.
    pub fn to_b64url(&self) -> Result<String, ProtocolError> {
        let value = Cbor::Array(vec![
            Cbor::Text("dcapi"),
            Cbor::Map(vec![
                (Cbor::Text("enc"), Cbor::Bytes(&self.sealed.enc)),
                (
                    Cbor::Text("cipherText"),
                    Cbor::Bytes(&self.sealed.cipher_text),
                ),
            ]),
        ]);
        Ok(Base64UrlUnpadded::encode_string(&value.encode()))
    }

    /// The `data` JSON object a DigitalCredential carries.
    pub fn to_json(&self) -> Result<Json, ProtocolError> {
        Ok(json!({ "response": self.to_b64url()? }))
    }

    /// The holder's side: seals a DeviceResponse to the request's recipient key with `info` = transcript.
    pub fn seal<R: rand_core::CryptoRng + ?Sized>(
        encryption_info: &EncryptionInfo,
        transcript: &SessionTranscript,
        device_response: &[u8],
        rng: &mut R,
    ) -> Result<Self, ProtocolError> {
        Ok(Self {
            sealed: hpke::seal(
                encryption_info.recipient(),
                transcript,
                device_response,
                rng,
            )?,
        })
    }

    /// Opens the response with the relying party's key and the transcript it computed itself; returns the
    /// DeviceResponse CBOR.
    pub fn open(
        &self,
        key: &HpkeRecipientKey,
        transcript: &SessionTranscript,
    ) -> Result<Vec<u8>, ProtocolError> {
        Ok(key.open(transcript, &self.sealed.enc, &self.sealed.cipher_text)?)
    }

    /// The sealed parts (for tampering tests).
    pub fn sealed(&self) -> &HpkeSealed {
        &self.sealed
    }

    /// Wraps sealed parts.
    pub fn from_sealed(sealed: HpkeSealed) -> Self {
        Self { sealed }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::test_rng::TestRng;
    use crate::protocol::transcript::Nonce;

    #[test]
    fn request_and_response_round_trip_through_json() {
        let mut rng = TestRng(11);
        let key = HpkeRecipientKey::generate(&mut rng);
        let info = EncryptionInfo::new(Nonce::generate(&mut rng), key.public_key()).expect("info");
        let origin = Origin::parse("https://rp.example").expect("origin");
        let items = [ItemsRequest::new("org.iso.23220.1.jp.mnc").with(
            "org.iso.23220.1",
            "age_over_20",
            false,
        )];
        let request = AnnexCRequest::build(&items, info, &origin, None).expect("request");
        let parsed = AnnexCRequest::from_json(&request.to_json()).expect("parse");
        assert_eq!(parsed, request);

        let transcript = parsed.session_transcript(&origin).expect("st");
        let response =
            AnnexCResponse::seal(parsed.encryption_info(), &transcript, b"\xa0", &mut rng)
                .expect("seal");
        let received =
            AnnexCResponse::from_json(&response.to_json().expect("json")).expect("parse");
        assert_eq!(
            received
                .open(&key, &request.session_transcript(&origin).expect("st"))
                .expect("open"),
            b"\xa0"
        );
        let elsewhere = Origin::parse("https://evil.example").expect("origin");
        assert!(matches!(
            received.open(&key, &request.session_transcript(&elsewhere).expect("st")),
            Err(ProtocolError::Decryption(_))
        ));
    }
}
