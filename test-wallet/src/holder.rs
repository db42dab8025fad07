//! A holder that answers DC API requests as a phone wallet does: ISO/IEC 18013-7 Annex C (`org-iso-mdoc`) and
//! OpenID4VP 1.0 (`openid4vp-v1-unsigned` / `openid4vp-v1-signed`).
//!
//! For each request it: 1. parses the request data; 2. checks reader authentication when present (Annex C
//! `readerAuthAll`, the signed request object), and refuses unsigned requests when built with
//! [`ReaderAuthPolicy::Required`]; 3. computes the SessionTranscript itself from the page's origin; 4. discloses
//! only requested elements it holds (for DCQL `claim_sets`, the first set it can satisfy); 5. signs
//! DeviceAuthentication over that transcript; 6. encrypts the DeviceResponse (HPKE / JWE) and returns the
//! `{protocol, data}` a DigitalCredential carries.
use mynaform_verifier::protocol::ProtocolError;
use mynaform_verifier::protocol::annex_c::{self, AnnexCRequest, AnnexCResponse};
use mynaform_verifier::protocol::device_request::{DeviceRequest, ItemsRequest};
use mynaform_verifier::protocol::encryption_info::EncryptionInfo;
use mynaform_verifier::protocol::openid4vp::{self, OpenId4VpRequest};
use mynaform_verifier::protocol::transcript::{Nonce, Origin, SessionTranscript};
use serde_json::{Value as Json, json};

use crate::issuer::{IssueError, IssuedCredential, PresentOptions};
use crate::pki::Entropy;

/// What went wrong while answering a request.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum HolderError {
    /// The request could not be parsed, or its reader authentication failed.
    #[error("request rejected: {0}")]
    Request(#[from] ProtocolError),
    /// The wallet requires reader authentication and the request is unsigned.
    #[error("this wallet requires reader authentication and the request is not signed")]
    ReaderAuthenticationRequired,
    /// The signing certificate is not issued by the reader CA this wallet trusts.
    #[error("the reader certificate is not issued by a trusted reader CA")]
    UntrustedReader,
    /// No request entry uses a protocol this wallet speaks.
    #[error("no request entry uses a supported protocol")]
    NoSupportedProtocol,
    /// The request envelope is not `{protocol, data}` or `{requests: [...]}`.
    #[error("the request is not {{protocol, data}} or {{requests: [...]}}")]
    MalformedEnvelope,
    /// The request asks for a docType this wallet does not hold.
    #[error("no credential of the requested docType")]
    DocTypeNotHeld,
    /// Presenting the credential failed.
    #[error("presentation failed: {0}")]
    Present(#[from] IssueError),
}

/// Whether the wallet insists on reader authentication.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ReaderAuthPolicy {
    /// Signed requests are checked; unsigned ones are answered (the wallet shows an unverified reader).
    #[default]
    CheckWhenPresent,
    /// Unsigned requests are refused.
    Required,
}

/// Inputs that replace the real ones in the transcript the holder *signs* (never in the one it encrypts to):
/// a response made for another session, to test that the verifier notices.
#[derive(Debug, Clone, Default)]
pub struct ForeignTranscript {
    /// Sign as if the page had this origin.
    pub origin: Option<Origin>,
    /// Sign as if the request had carried this nonce.
    pub nonce: Option<Nonce>,
    /// Annex C: sign over this EncryptionInfo (base64url) instead of the request's.
    pub encryption_info: Option<String>,
}

/// The answer a DigitalCredential carries: `{protocol, data}`.
#[derive(Debug, Clone, PartialEq)]
pub struct WalletResponse {
    /// The DC API protocol identifier.
    pub protocol: String,
    /// The protocol's response object.
    pub data: Json,
}

impl WalletResponse {
    /// `{protocol, data}` as JSON.
    pub fn to_json(&self) -> Json {
        json!({ "protocol": self.protocol, "data": self.data })
    }
}

/// A wallet holding one credential.
pub struct Holder<'a> {
    credential: &'a IssuedCredential,
    policy: ReaderAuthPolicy,
    trusted_reader_ca: Option<Vec<u8>>,
    present: PresentOptions,
    foreign: ForeignTranscript,
}

impl<'a> Holder<'a> {
    /// A wallet that answers as a phone wallet would.
    pub fn new(credential: &'a IssuedCredential) -> Self {
        Self {
            credential,
            policy: ReaderAuthPolicy::default(),
            trusted_reader_ca: None,
            present: PresentOptions::default(),
            foreign: ForeignTranscript::default(),
        }
    }

    /// Sets the reader authentication policy.
    pub fn with_policy(mut self, policy: ReaderAuthPolicy) -> Self {
        self.policy = policy;
        self
    }

    /// Accepts signed requests only when the signing certificate is issued by this reader CA (DER).
    pub fn trusting_reader_ca(mut self, ca_der: &[u8]) -> Self {
        self.trusted_reader_ca = Some(ca_der.to_vec());
        self
    }

    /// Presentation options (extra or withheld elements, broken device authentication, …).
    pub fn with_present_options(mut self, options: PresentOptions) -> Self {
        self.present = options;
        self
    }

    /// Signs DeviceAuthentication over a transcript built from other inputs.
    pub fn with_foreign_transcript(mut self, foreign: ForeignTranscript) -> Self {
        self.foreign = foreign;
        self
    }

    /// Answers a request envelope: one `{protocol, data}` entry, or `{requests: [...]}` (also under `digital`),
    /// of which the first entry with a supported protocol is answered.
    pub fn respond_to_envelope(
        &self,
        envelope: &Json,
        origin: &Origin,
        entropy: &mut Entropy,
    ) -> Result<WalletResponse, HolderError> {
        let requests = envelope
            .get("requests")
            .or_else(|| envelope.pointer("/digital/requests"))
            .and_then(Json::as_array);
        let entries: Vec<&Json> = match requests {
            Some(list) => list.iter().collect(),
            None if envelope.get("protocol").is_some() => vec![envelope],
            None => return Err(HolderError::MalformedEnvelope),
        };
        let entry = entries
            .into_iter()
            .find(|e| {
                e.get("protocol")
                    .and_then(Json::as_str)
                    .is_some_and(is_supported)
            })
            .ok_or(HolderError::NoSupportedProtocol)?;
        let protocol = entry
            .get("protocol")
            .and_then(Json::as_str)
            .ok_or(HolderError::MalformedEnvelope)?;
        let data = entry.get("data").ok_or(HolderError::MalformedEnvelope)?;
        // Some callers pass `data` as a JSON string.
        let data = match data {
            Json::String(text) => {
                serde_json::from_str(text).map_err(|_| HolderError::MalformedEnvelope)?
            }
            other => other.clone(),
        };
        self.respond(protocol, &data, origin, entropy)
    }

    /// Answers one request entry for a page at `origin`.
    pub fn respond(
        &self,
        protocol: &str,
        data: &Json,
        origin: &Origin,
        entropy: &mut Entropy,
    ) -> Result<WalletResponse, HolderError> {
        let data = match protocol {
            annex_c::PROTOCOL => self.respond_annex_c(data, origin, entropy)?,
            openid4vp::PROTOCOL_UNSIGNED | openid4vp::PROTOCOL_SIGNED => {
                self.respond_openid4vp(protocol, data, origin, entropy)?
            }
            _ => return Err(HolderError::NoSupportedProtocol),
        };
        Ok(WalletResponse {
            protocol: protocol.to_owned(),
            data,
        })
    }

    fn respond_annex_c(
        &self,
        data: &Json,
        origin: &Origin,
        entropy: &mut Entropy,
    ) -> Result<Json, HolderError> {
        // 1. Parse.
        let request = AnnexCRequest::from_json(data)?;
        let device_request = DeviceRequest::from_cbor(&request.device_request_cbor()?)?;
        // 2.–3. The transcript from the page's origin; reader authentication over it.
        let transcript = request.session_transcript(origin)?;
        if device_request.has_reader_auth() {
            let leaf = device_request.verify_reader_auth_all(&transcript)?;
            self.check_reader(&leaf)?;
        } else if self.policy == ReaderAuthPolicy::Required {
            return Err(HolderError::ReaderAuthenticationRequired);
        }
        // 4. Disclose only requested elements that the credential holds.
        let items = device_request
            .doc_requests()
            .iter()
            .map(|d| d.items_request())
            .find(|i| i.doc_type() == self.credential.doc_type())
            .ok_or(HolderError::DocTypeNotHeld)?;
        let disclosed = self.held(items, None);
        // 5. Sign over the (possibly foreign) transcript.
        let signing =
            self.annex_c_signing_transcript(request.encryption_info(), origin, &transcript)?;
        let device_response = self.present(&signing, &disclosed)?;
        // 6. Encrypt to the request's key with info = the real transcript.
        let response = AnnexCResponse::seal(
            request.encryption_info(),
            &transcript,
            &device_response,
            &mut EntropyRng(entropy),
        )?;
        Ok(response.to_json()?)
    }

    fn respond_openid4vp(
        &self,
        protocol: &str,
        data: &Json,
        origin: &Origin,
        entropy: &mut Entropy,
    ) -> Result<Json, HolderError> {
        // 1.–2. Parse; a signed request is verified (signature, client_id, expected_origins) while parsing.
        if protocol == openid4vp::PROTOCOL_UNSIGNED && self.policy == ReaderAuthPolicy::Required {
            return Err(HolderError::ReaderAuthenticationRequired);
        }
        let request = OpenId4VpRequest::parse(protocol, data, origin)?;
        if let Some(leaf) = request.signer_certificate() {
            self.check_reader(leaf)?;
        }
        let items = request.query().items();
        if items.doc_type() != self.credential.doc_type() {
            return Err(HolderError::DocTypeNotHeld);
        }
        // 3.–5. Disclose and sign over the transcript with the response key's thumbprint.
        let disclosed = self.held(items, Some(request.query().claim_sets()));
        let signing = SessionTranscript::openid4vp_dcapi(
            self.foreign.origin.as_ref().unwrap_or(origin),
            self.foreign.nonce.as_ref().unwrap_or(request.nonce()),
            Some(&request.response_key_thumbprint()),
        )?;
        let device_response = self.present(&signing, &disclosed)?;
        // 6. Encrypt as a JWE to the verifier's key.
        Ok(request.seal_response(&device_response, &mut EntropyRng(entropy))?)
    }

    fn annex_c_signing_transcript(
        &self,
        info: &EncryptionInfo,
        origin: &Origin,
        real: &SessionTranscript,
    ) -> Result<SessionTranscript, HolderError> {
        let foreign = &self.foreign;
        if foreign.origin.is_none() && foreign.nonce.is_none() && foreign.encryption_info.is_none()
        {
            return Ok(real.clone());
        }
        let info_b64 = match (&foreign.encryption_info, &foreign.nonce) {
            (Some(text), _) => text.clone(),
            (None, Some(nonce)) => EncryptionInfo::new(nonce.clone(), *info.recipient())?
                .as_b64url()
                .to_owned(),
            (None, None) => info.as_b64url().to_owned(),
        };
        Ok(SessionTranscript::dcapi(
            &info_b64,
            foreign.origin.as_ref().unwrap_or(origin),
        )?)
    }

    /// The requested elements the credential holds; with `claim_sets`, the first set held completely.
    fn held(
        &self,
        items: &ItemsRequest,
        claim_sets: Option<&[Vec<(String, String)>]>,
    ) -> Vec<(String, String)> {
        let holds = |ns: &str, el: &str| {
            self.credential
                .items()
                .iter()
                .any(|i| i.namespace == ns && i.identifier == el)
        };
        let first_held_set = claim_sets
            .unwrap_or_default()
            .iter()
            .find(|set| set.iter().all(|(ns, el)| holds(ns, el)));
        if let Some(set) = first_held_set {
            return set.clone();
        }
        items
            .elements()
            .filter(|(ns, el, _)| holds(ns, el))
            .map(|(ns, el, _)| (ns.to_owned(), el.to_owned()))
            .collect()
    }

    fn present(
        &self,
        transcript: &SessionTranscript,
        disclosed: &[(String, String)],
    ) -> Result<Vec<u8>, HolderError> {
        let requested: Vec<(&str, &str)> = disclosed
            .iter()
            .map(|(ns, el)| (ns.as_str(), el.as_str()))
            .collect();
        Ok(self
            .credential
            .present_with(transcript.as_bytes(), &requested, &self.present)?)
    }

    /// The reader certificate must be signed by the trusted reader CA, when one is configured.
    fn check_reader(&self, leaf: &[u8]) -> Result<(), HolderError> {
        let Some(ca) = &self.trusted_reader_ca else {
            return Ok(());
        };
        if issued_by(leaf, ca) {
            Ok(())
        } else {
            Err(HolderError::UntrustedReader)
        }
    }
}

/// Whether `leaf` carries an ECDSA P-256/SHA-256 signature by `ca`'s key (the test PKI's reader CA is P-256).
fn issued_by(leaf: &[u8], ca: &[u8]) -> bool {
    use der::{Decode, Encode};
    use p256::ecdsa::signature::Verifier;
    let (Ok(leaf), Ok(ca_key)) = (
        x509_cert::Certificate::from_der(leaf),
        mynaform_verifier::protocol::reader_signer::verifying_key_of_certificate(ca),
    ) else {
        return false;
    };
    let Ok(tbs) = leaf.tbs_certificate().to_der() else {
        return false;
    };
    let Some(signature) = leaf.signature().as_bytes() else {
        return false;
    };
    let Ok(signature) = p256::ecdsa::DerSignature::from_bytes(signature) else {
        return false;
    };
    ca_key.verify(&tbs, &signature).is_ok()
}

fn is_supported(protocol: &str) -> bool {
    matches!(
        protocol,
        annex_c::PROTOCOL | openid4vp::PROTOCOL_UNSIGNED | openid4vp::PROTOCOL_SIGNED
    )
}

/// Lets the test wallet's [`Entropy`] drive the protocol layer's RNG parameters.
pub struct EntropyRng<'a>(pub &'a mut Entropy);

impl rand_core::TryRng for EntropyRng<'_> {
    type Error = core::convert::Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        Ok(u32::from_le_bytes(self.0.bytes()))
    }
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        Ok(u64::from_le_bytes(self.0.bytes()))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        self.0.fill(dst);
        Ok(())
    }
}

impl rand_core::TryCryptoRng for EntropyRng<'_> {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::issuer::{IssueOptions, Issuer};
    use crate::people::{self, REFERENCE_DATE};
    use crate::pki::TestPki;

    fn with_holder(test: impl FnOnce(Holder<'_>, &mut Entropy)) {
        let now = REFERENCE_DATE.midnight().assume_utc();
        let pki = TestPki::from_seed([31; 32], now).expect("pki");
        let mut entropy = Entropy::from_label("holder tests");
        let person = people::person("taro", REFERENCE_DATE).expect("person");
        let credential = Issuer::new(&pki)
            .issue(&person, &IssueOptions::at(now), &mut entropy)
            .expect("issue");
        test(Holder::new(&credential), &mut entropy);
    }

    fn origin() -> Origin {
        Origin::parse("https://rp.example").expect("origin")
    }

    #[test]
    fn refuses_an_envelope_without_protocol_or_requests() {
        with_holder(|holder, entropy| {
            let refused = holder.respond_to_envelope(&json!({ "data": {} }), &origin(), entropy);
            assert!(matches!(refused, Err(HolderError::MalformedEnvelope)));
        });
    }

    #[test]
    fn refuses_requests_in_protocols_it_does_not_speak() {
        with_holder(|holder, entropy| {
            let envelope = json!({ "requests": [{ "protocol": "openid4vp", "data": {} }] });
            let refused = holder.respond_to_envelope(&envelope, &origin(), entropy);
            assert!(matches!(refused, Err(HolderError::NoSupportedProtocol)));
        });
    }

    #[test]
    fn refuses_a_malformed_annex_c_request_with_the_protocol_error() {
        with_holder(|holder, entropy| {
            let data = json!({ "deviceRequest": "!!", "encryptionInfo": "AA" });
            let refused = holder.respond(annex_c::PROTOCOL, &data, &origin(), entropy);
            assert!(
                matches!(refused, Err(HolderError::Request(_))),
                "{refused:?}"
            );
        });
    }
}
