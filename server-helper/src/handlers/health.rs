//! `/healthz`, `/metrics` and the OpenAPI document.

use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;

use crate::error::AppError;
use crate::state::AppState;

/// Liveness and readiness: also checks that the session store answers.
pub async fn healthz(State(state): State<AppState>) -> Result<impl IntoResponse, AppError> {
    let probe = crate::session::SessionId::generate()?;
    state.parts.store.peek(&probe).await?;
    Ok(Json(
        serde_json::json!({ "status": "ok", "store": state.parts.store.kind() }),
    ))
}

/// Prometheus text exposition.
pub async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        state.metrics.render(state.parts.store.kind()),
    )
}

/// The OpenAPI 3.1 document of this API.
pub async fn openapi() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "application/json")],
        crate::openapi::DOCUMENT,
    )
}
