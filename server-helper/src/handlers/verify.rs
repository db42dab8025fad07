//! `POST /mynaform/v1/verify`: the relying party's backend hands in the presentation its form received; the
//! server re-verifies it against the session it issued and consumes the session.
//!
//! Design: the widget decrypts the wallet's response in the browser (only it holds the ephemeral private
//! key) and puts the *decrypted* DeviceResponse (base64url) with the session id and protocol into the form's
//! hidden `mynaform_presentation` field. The server rebuilds the SessionTranscript from its stored session
//! (origin, nonce, EncryptionInfo or the recipient key's thumbprint) — never from client input — so the
//! wallet's device signature only verifies for the session and origin it was made for; a presentation
//! replayed into another session, or produced for another origin, fails `device_authentication`.

use std::time::Instant;

use axum::Json;
use axum::extract::State;
use axum::response::IntoResponse;
use base64ct::{Base64UrlUnpadded, Encoding};
use serde::Deserialize;

use super::extract::{ApiKey, JsonBody};
use crate::error::AppError;
use crate::metrics::VerificationOutcome;
use crate::presentation;
use crate::session::{Protocol, SessionId};
use crate::state::AppState;
use crate::store::Consumed;

/// The body: `{"presentation": {...}}`; the presentation may also be the hidden field's JSON text as is.
#[derive(Deserialize)]
pub struct VerifyRequest {
    presentation: PresentationField,
}

/// The presentation as a client hands it in: the parsed object, or the hidden field's JSON text as is.
#[derive(Deserialize)]
#[serde(untagged)]
pub enum PresentationField {
    /// The parsed `mynaform_presentation` object.
    Object(Presentation),
    /// The hidden field's JSON text.
    Text(String),
}

/// What the widget put into `mynaform_presentation`.
#[derive(Deserialize)]
pub struct Presentation {
    session_id: String,
    protocol: String,
    /// The decrypted DeviceResponse, base64url. (The widget also carries `response`, the still-encrypted
    /// credential data, for the relying party's audit; the server cannot and does not read it.)
    device_response: String,
}

/// Verifies a presentation and consumes its session.
pub async fn verify(
    State(state): State<AppState>,
    _key: ApiKey,
    JsonBody(body): JsonBody<VerifyRequest>,
) -> Result<impl IntoResponse, AppError> {
    verify_presentation(&state, body.presentation)
        .await
        .map(Json)
}

/// The one verification path (the `/verify` handler and the demo backend both call it): parses the
/// presentation, consumes its session, re-verifies, and counts the outcome in the metrics.
pub async fn verify_presentation(
    state: &AppState,
    field: PresentationField,
) -> Result<presentation::Answer, AppError> {
    let started = Instant::now();
    let result = verify_inner(state, field).await;
    let outcome = match &result {
        Ok(answer) if answer.valid => VerificationOutcome::Valid,
        Ok(_) => VerificationOutcome::Invalid,
        Err(_) => VerificationOutcome::Rejected,
    };
    state.metrics.verification(outcome, started.elapsed());
    result
}

async fn verify_inner(
    state: &AppState,
    field: PresentationField,
) -> Result<presentation::Answer, AppError> {
    let presentation = match field {
        PresentationField::Object(p) => p,
        PresentationField::Text(text) => {
            serde_json::from_str(&text).map_err(|_| AppError::BadJson)?
        }
    };
    let id = SessionId::parse(&presentation.session_id)?;
    let protocol = Protocol::parse(&presentation.protocol)?;
    let device_response =
        Base64UrlUnpadded::decode_vec(presentation.device_response.trim_end_matches('='))
            .map_err(|_| AppError::BadBase64)?;
    // Malformed input is refused before the session is touched, so a broken client can retry.
    presentation::check_well_formed(&device_response)?;
    let record = match state.parts.store.consume(&id).await? {
        Consumed::Taken(record) => record,
        Consumed::AlreadyConsumed => return Err(AppError::SessionConsumed),
        Consumed::Missing => return Err(AppError::SessionUnknown),
    };
    let now = state.parts.clock.now();
    if now.unix_timestamp() > record.expires_at {
        return Err(AppError::SessionExpired);
    }
    if !record.protocols.contains(&protocol) {
        return Err(AppError::ProtocolNotOffered);
    }
    // Signature checks are CPU work: keep them off the async workers.
    let (task_state, task_record) = (state.clone(), record.clone());
    let answer = tokio::task::spawn_blocking(move || {
        presentation::verify(&task_state, &task_record, protocol, &device_response, now)
    })
    .await
    .map_err(|_| AppError::Internal)??;
    tracing::info!(
        session_id = id.as_str(),
        protocol = protocol.id(),
        preset = record.preset.as_str(),
        valid = answer.valid,
        failing_check = answer.failing_check.unwrap_or("-"),
        "presentation verified"
    );
    Ok(answer)
}
