//! The widget's files and its manifest (long-cache name + SRI).

use axum::Json;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::error::AppError;
use crate::state::AppState;

/// `GET /mynaform/{file}`: `widget.js`, its hashed alias, the glue and the wasm.
pub async fn file(
    State(state): State<AppState>,
    Path(name): Path<String>,
) -> Result<Response, AppError> {
    state.parts.widget.serve(&name).await
}

/// `GET /mynaform/v1/widget`: `{script, integrity}` for embedding with a long-cache name and SRI.
pub async fn manifest(State(state): State<AppState>) -> Result<impl IntoResponse, AppError> {
    let manifest = state.parts.widget.manifest("/mynaform").await?;
    Ok(([(header::CACHE_CONTROL, "no-cache")], Json(manifest)))
}
