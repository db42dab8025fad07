//! `GET /mynaform/v1/trust-anchors`: what this server trusts, with fingerprints; cacheable.

use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;

use crate::state::AppState;

/// Lists the configured trust anchors.
pub async fn list(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(header::CACHE_CONTROL, "public, max-age=3600")],
        Json(serde_json::json!({ "anchors": state.parts.trust.listing() })),
    )
}
