//! `POST /mynaform/v1/sessions`: issues a one-time session and the wallet requests for it.

use std::time::Instant;

use axum::Json;
use axum::extract::State;
use axum::response::IntoResponse;
use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;

use super::extract::{AllowedOrigin, ClientIp, JsonBody};
use crate::error::AppError;
use crate::requests::{self, Ask, RequestEntry};
use crate::session::{Protocol, SessionId, SessionRecord, generate_nonce};
use crate::state::{AppState, RETENTION_GRACE_SECS};

/// The body sent by the widget.
#[derive(Deserialize)]
pub struct CreateSession {
    preset: String,
    #[serde(default)]
    protocols: Option<Vec<String>>,
    recipient_public_key: serde_json::Value,
    /// Age presets: the widget's `allow-birth-date-fallback` attribute.
    #[serde(default)]
    allow_birth_date_fallback: bool,
}

/// The answer: the session id, its expiry and one request per protocol, ready for
/// `navigator.credentials.get({digital: {requests}})`.
#[derive(Serialize)]
pub struct SessionCreated {
    session_id: String,
    expires_at: String,
    requests: Vec<RequestEntry>,
}

/// Issues a session.
pub async fn create(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    AllowedOrigin(origin): AllowedOrigin,
    JsonBody(body): JsonBody<CreateSession>,
) -> Result<impl IntoResponse, AppError> {
    let started = Instant::now();
    if !state.limiter.allow(ip) {
        return Err(AppError::RateLimited);
    }
    let protocols = choose_protocols(&state, body.protocols.as_deref())?;
    let nonce = generate_nonce()?;
    let built = requests::build(
        &state,
        &Ask {
            preset: &body.preset,
            birth_date_fallback: body.allow_birth_date_fallback,
            protocols: &protocols,
            origin: &origin,
            nonce: &nonce,
            recipient_jwk: &body.recipient_public_key,
        },
    )?;
    let id = SessionId::generate()?;
    let now = state.parts.clock.now();
    let ttl = state.parts.session_ttl_secs;
    let expires_at =
        now + time::Duration::seconds(i64::try_from(ttl).map_err(|_| AppError::Internal)?);
    let record = SessionRecord {
        origin,
        nonce,
        preset: body.preset,
        birth_date_fallback: body.allow_birth_date_fallback,
        protocols,
        encryption_info: built.encryption_info,
        recipient_key: built.recipient_key,
        created_at: now.unix_timestamp(),
        expires_at: expires_at.unix_timestamp(),
    };
    state
        .parts
        .store
        .insert(&id, &record, ttl + RETENTION_GRACE_SECS)
        .await?;
    state.metrics.session_created(started.elapsed());
    tracing::info!(
        session_id = id.as_str(),
        preset = record.preset.as_str(),
        "session created"
    );
    Ok(Json(SessionCreated {
        session_id: id.as_str().to_owned(),
        expires_at: expires_at
            .format(&Rfc3339)
            .map_err(|_| AppError::Internal)?,
        requests: built.requests,
    }))
}

/// The protocols asked for (in the widget's order), or all this server offers.
fn choose_protocols(state: &AppState, asked: Option<&[String]>) -> Result<Vec<Protocol>, AppError> {
    let offered = |p: &Protocol| *p != Protocol::OpenId4VpSigned || state.parts.openid4vp_signed;
    let mut chosen = Vec::new();
    match asked {
        None => chosen.extend(
            [
                Protocol::IsoMdoc,
                Protocol::OpenId4VpSigned,
                Protocol::OpenId4VpUnsigned,
            ]
            .into_iter()
            .filter(offered),
        ),
        Some(ids) => {
            for id in ids {
                let protocol = Protocol::parse(id)?;
                if !offered(&protocol) {
                    return Err(AppError::UnknownProtocol);
                }
                if !chosen.contains(&protocol) {
                    chosen.push(protocol);
                }
            }
        }
    }
    if chosen.is_empty() {
        return Err(AppError::UnknownProtocol);
    }
    Ok(chosen)
}
