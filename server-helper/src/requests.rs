//! Building the wallet requests of a session, one per protocol: ISO/IEC 18013-7 Annex C
//! (`{deviceRequest, encryptionInfo}`, DeviceRequest signed with `readerAuthAll` when a reader key is
//! configured) and OpenID4VP 1.0 over the DC API (DCQL, `dc_api.jwt` to the widget's key).

use mynaform_verifier::RequestedElements;
use mynaform_verifier::protocol::annex_c::AnnexCRequest;
use mynaform_verifier::protocol::device_request::ItemsRequest;
use mynaform_verifier::protocol::encryption_info::EncryptionInfo;
use mynaform_verifier::protocol::reader_signer::ReaderSigner;
use mynaform_verifier::protocol::transcript::{EcPublicJwk, Nonce, Origin};
use serde::Serialize;

use crate::error::AppError;
use crate::session::Protocol;
use crate::state::AppState;

/// One entry of the DC API `requests` array.
#[derive(Debug, Clone, Serialize)]
pub struct RequestEntry {
    /// Protocol identifier.
    pub protocol: &'static str,
    /// Protocol-specific request data.
    pub data: serde_json::Value,
}

/// The requests plus what the session must remember about them.
pub struct BuiltRequests {
    /// One entry per protocol, in the order asked.
    pub requests: Vec<RequestEntry>,
    /// Annex C EncryptionInfo, base64url.
    pub encryption_info: String,
    /// The recipient key as a normalised public JWK.
    pub recipient_key: serde_json::Value,
}

/// The items a preset asks for.
pub fn items_of(preset: &str) -> Result<ItemsRequest, AppError> {
    crate::presets::items_request(preset).ok_or(AppError::UnknownPreset)
}

/// The elements the verifier accepts for a preset (only requested elements are accepted).
pub fn requested_elements(preset: &str) -> Result<RequestedElements, AppError> {
    Ok(items_of(preset)?.requested_elements())
}

/// Builds the requests for `protocols`.
pub fn build(
    state: &AppState,
    preset: &str,
    protocols: &[Protocol],
    origin: &str,
    nonce: &str,
    recipient_jwk: &serde_json::Value,
) -> Result<BuiltRequests, AppError> {
    let items = items_of(preset)?;
    let recipient = EcPublicJwk::from_json(recipient_jwk).map_err(|_| AppError::BadRecipientKey)?;
    let origin = Origin::parse(origin).map_err(|_| AppError::OriginNotAllowed)?;
    let nonce = Nonce::parse(nonce).map_err(|_| AppError::Internal)?;
    let signer = state.parts.reader.as_ref().map(|s| s as &dyn ReaderSigner);
    let encryption_info =
        EncryptionInfo::new(nonce.clone(), *recipient.public_key()).map_err(|_| AppError::RequestBuilding)?;
    let encryption_info_b64 = encryption_info.as_b64url().to_owned();
    let mut requests = Vec::with_capacity(protocols.len());
    for protocol in protocols {
        let data = match protocol {
            Protocol::IsoMdoc => {
                AnnexCRequest::build(std::slice::from_ref(&items), encryption_info.clone(), &origin, signer)
                    .map_err(|error| {
                        tracing::error!(%error, "building the Annex C request failed");
                        AppError::RequestBuilding
                    })?
                    .to_json()
            }
            Protocol::OpenId4VpUnsigned | Protocol::OpenId4VpSigned => {
                crate::presets::openid4vp_request(*protocol, &items, &nonce, &recipient, &origin, signer)?
            }
        };
        requests.push(RequestEntry { protocol: protocol.id(), data });
    }
    Ok(BuiltRequests { requests, encryption_info: encryption_info_b64, recipient_key: recipient.to_json(&[]) })
}
