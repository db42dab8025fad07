//! Building the wallet requests of a session, one per protocol: ISO/IEC 18013-7 Annex C
//! (`{deviceRequest, encryptionInfo}`, DeviceRequest signed with `readerAuthAll` when a reader key is
//! configured) and OpenID4VP 1.0 over the DC API (DCQL, `dc_api.jwt` to the widget's key, signed with the
//! reader key for `openid4vp-v1-signed`).

use mynaform_verifier::protocol::annex_c::AnnexCRequest;
use mynaform_verifier::protocol::encryption_info::EncryptionInfo;
use mynaform_verifier::protocol::reader_signer::ReaderSigner;
use mynaform_verifier::protocol::transcript::{EcPublicJwk, Nonce, Origin};
use serde::Serialize;

use crate::error::AppError;
use crate::presets;
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

/// What to ask for.
pub struct Ask<'a> {
    /// Preset name.
    pub preset: &'a str,
    /// Age presets: accept the birth date instead.
    pub birth_date_fallback: bool,
    /// Protocols, in order.
    pub protocols: &'a [Protocol],
    /// The session's origin.
    pub origin: &'a str,
    /// The session's nonce (base64url).
    pub nonce: &'a str,
    /// The widget's P-256 public JWK.
    pub recipient_jwk: &'a serde_json::Value,
}

/// Builds the requests.
pub fn build(state: &AppState, ask: &Ask<'_>) -> Result<BuiltRequests, AppError> {
    let preset = presets::preset(
        ask.preset,
        state.parts.allow_my_number,
        ask.birth_date_fallback,
    )?;
    let recipient =
        EcPublicJwk::from_json(ask.recipient_jwk).map_err(|_| AppError::BadRecipientKey)?;
    let origin = Origin::parse(ask.origin).map_err(|_| AppError::OriginNotAllowed)?;
    let nonce = Nonce::parse(ask.nonce).map_err(|_| AppError::Internal)?;
    let signer = state.parts.reader.as_ref().map(|s| s as &dyn ReaderSigner);
    let encryption_info = EncryptionInfo::new(nonce.clone(), *recipient.public_key())
        .map_err(|_| AppError::RequestBuilding)?;
    let encryption_info_b64 = encryption_info.as_b64url().to_owned();
    let mut requests = Vec::with_capacity(ask.protocols.len());
    for &protocol in ask.protocols {
        let data = match protocol {
            Protocol::IsoMdoc => {
                let items = presets::items_request(preset);
                AnnexCRequest::build(
                    std::slice::from_ref(&items),
                    encryption_info.clone(),
                    &origin,
                    signer,
                )
                .map_err(|error| {
                    tracing::error!(%error, "building the Annex C request failed");
                    AppError::RequestBuilding
                })?
                .to_json()
            }
            Protocol::OpenId4VpUnsigned | Protocol::OpenId4VpSigned => {
                presets::openid4vp_request(protocol, preset, &nonce, &recipient, &origin, signer)?
            }
        };
        requests.push(RequestEntry {
            protocol: protocol.id(),
            data,
        });
    }
    Ok(BuiltRequests {
        requests,
        encryption_info: encryption_info_b64,
        recipient_key: recipient.to_json(&[]),
    })
}
