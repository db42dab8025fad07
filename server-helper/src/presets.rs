//! The presets (one per use case, defined by the protocol layer) as this server offers them: the My Number
//! preset only when the configuration states a legal basis (`allow_my_number`), the age presets with the
//! birth-date fallback only when the widget asks for it.

use mynaform_verifier::RequestedElements;
use mynaform_verifier::protocol::ProtocolError;
use mynaform_verifier::protocol::device_request::ItemsRequest;
use mynaform_verifier::protocol::openid4vp::{ClientId, signed_request, unsigned_request};
use mynaform_verifier::protocol::preset::{BirthDateFallback, MyNumberOptIn, Preset};
use mynaform_verifier::protocol::reader_signer::ReaderSigner;
use mynaform_verifier::protocol::transcript::{EcPublicJwk, Nonce, Origin};

use crate::error::AppError;
use crate::session::Protocol;

/// DCQL credential query id (the key of `vp_token`).
pub const QUERY_ID: &str = "mnc";
/// `kid` of the widget's key in `client_metadata.jwks`.
pub const RECIPIENT_KID: &str = "widget";

/// Resolves a preset name under this server's policy.
pub fn preset(
    name: &str,
    allow_my_number: bool,
    birth_date_fallback: bool,
) -> Result<Preset, AppError> {
    let opt_in = allow_my_number.then(MyNumberOptIn::with_legal_basis);
    let fallback = if birth_date_fallback {
        BirthDateFallback::Allowed
    } else {
        BirthDateFallback::Forbidden
    };
    Preset::from_name(name, opt_in, fallback).map_err(|error| match error {
        ProtocolError::OptInRequired { .. } => AppError::MyNumberNotAllowed,
        _ => AppError::UnknownPreset,
    })
}

/// The ItemsRequest of a preset.
pub fn items_request(preset: Preset) -> ItemsRequest {
    preset.items_request()
}

/// The elements the verifier accepts for a preset.
pub fn requested_elements(preset: Preset) -> RequestedElements {
    preset.requested_elements()
}

/// The OpenID4VP 1.0 request data (`openid4vp-v1-unsigned`, or `-signed` as a JWS with `x5c`).
pub fn openid4vp_request(
    protocol: Protocol,
    preset: Preset,
    nonce: &Nonce,
    recipient: &EcPublicJwk,
    origin: &Origin,
    signer: Option<&dyn ReaderSigner>,
) -> Result<serde_json::Value, AppError> {
    let query = preset.mdoc_query(QUERY_ID);
    match protocol {
        Protocol::OpenId4VpSigned => {
            let signer = signer.ok_or(AppError::UnknownProtocol)?;
            signed_request(
                &query,
                nonce,
                recipient,
                RECIPIENT_KID,
                &ClientId::X509Hash,
                std::slice::from_ref(origin),
                signer,
            )
            .map_err(|error| {
                tracing::error!(%error, "signing the OpenID4VP request failed");
                AppError::RequestBuilding
            })
        }
        _ => Ok(unsigned_request(&query, nonce, recipient, RECIPIENT_KID)),
    }
}
