//! Demo mode only: a simulated wallet for browsers without one, answering through the test wallet.

use axum::Json;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::http::header::ORIGIN;
use axum::response::IntoResponse;
use mynaform_verifier::protocol::transcript::Origin;
use serde::Deserialize;

use super::extract::JsonBody;
use crate::demo::DemoError;
use crate::error::AppError;
use crate::session::SessionId;
use crate::state::AppState;

/// `GET /mynaform/v1/demo-wallet/people`: the fictional people the demo wallet can present.
pub async fn people(State(state): State<AppState>) -> Result<impl IntoResponse, AppError> {
    let demo = state.parts.demo.as_ref().ok_or(AppError::NotFound)?;
    Ok(Json(serde_json::json!({ "people": demo.wallet.people() })))
}

/// The body of a demo-wallet request.
#[derive(Deserialize)]
pub struct RespondRequest {
    /// One DC API request entry `{protocol, data}` (or `{requests: [...]}`).
    request: serde_json::Value,
    /// Which test person answers (default: the first).
    #[serde(default)]
    person: Option<String>,
    /// The session the request belongs to; its origin is the one the wallet binds the answer to.
    #[serde(default)]
    session_id: Option<String>,
}

/// `POST /mynaform/v1/demo-wallet/respond`: `{protocol, data}` as the phone would return it.
pub async fn respond(
    State(state): State<AppState>,
    headers: HeaderMap,
    JsonBody(body): JsonBody<RespondRequest>,
) -> Result<impl IntoResponse, AppError> {
    let demo = state.parts.demo.as_ref().ok_or(AppError::NotFound)?;
    // The origin the browser would report: the session's, else this page's own (allowed) Origin.
    let origin = match &body.session_id {
        Some(id) => {
            let id = SessionId::parse(id)?;
            state
                .parts
                .store
                .peek(&id)
                .await?
                .ok_or(AppError::SessionUnknown)?
                .origin
        }
        None => headers
            .get(ORIGIN)
            .and_then(|v| v.to_str().ok())
            .filter(|o| state.parts.allowed_origins.iter().any(|a| a == o))
            .ok_or(AppError::OriginNotAllowed)?
            .to_owned(),
    };
    let origin = Origin::parse(&origin).map_err(|_| AppError::OriginNotAllowed)?;
    let answer = demo
        .wallet
        .respond(&body.request, body.person.as_deref(), &origin)
        .map_err(|error| match error {
            DemoError::UnknownPerson => AppError::NotFound,
            _ => AppError::WalletRefused,
        })?;
    Ok(Json(answer))
}
