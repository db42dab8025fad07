//! `GET /mynaform/v1/postal-code?local_gov_code=…&address_line1=…`: the 郵便番号 of an address from Japan
//! Post's data (in the `jp` crate), so the widget's wasm need not carry the 2 MB table.

use axum::Json;
use axum::extract::Query;
use axum::http::header;
use axum::response::IntoResponse;
use serde::Deserialize;

use crate::error::AppError;

/// Query parameters.
#[derive(Deserialize)]
pub struct PostalQuery {
    /// 市区町村コード (5 or 6 digits).
    local_gov_code: String,
    /// Town, 丁目 and 番地 (half- or full-width).
    address_line1: String,
}

/// Looks up the postal code; `postal_code` is `null` when the data does not determine exactly one.
pub async fn lookup(
    query: Result<Query<PostalQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<impl IntoResponse, AppError> {
    let Query(query) = query?;
    if query.address_line1.chars().count() > 200 {
        return Err(AppError::BadQuery);
    }
    let city = mynaform_jp::LocalGovCode::parse(query.local_gov_code.trim())
        .map_err(|_| AppError::BadQuery)?;
    let code = mynaform_jp::postal::postal_code(city, &query.address_line1);
    Ok((
        [(header::CACHE_CONTROL, "public, max-age=86400")],
        Json(serde_json::json!({ "postal_code": code })),
    ))
}
