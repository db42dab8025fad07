//! Demo mode only: a simulated wallet for browsers without one, answering through the test wallet.

use axum::Json;
use axum::extract::State;
use axum::response::IntoResponse;

use crate::error::AppError;
use crate::state::AppState;

/// `GET /mynaform/v1/demo-wallet/people`: the fictional people the demo wallet can present.
pub async fn people(State(state): State<AppState>) -> Result<impl IntoResponse, AppError> {
    let _ = state.parts.demo.as_ref().ok_or(AppError::NotFound)?;
    Ok(Json(serde_json::json!({ "people": [] })))
}

/// `POST /mynaform/v1/demo-wallet/respond`.
pub async fn respond(State(state): State<AppState>) -> Result<impl IntoResponse, AppError> {
    let _ = state.parts.demo.as_ref().ok_or(AppError::NotFound)?;
    Err::<Json<()>, _>(AppError::NotFound)
}
