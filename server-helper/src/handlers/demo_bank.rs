//! Demo mode only: `POST /demo/bank/submit`, the "bank's backend" of `examples/bank.html` (犯収法 ル方式).
//!
//! A real relying party's backend receives the form and calls `POST /mynaform/v1/verify` with its API key;
//! here the demo server plays that backend in-process through the very same verification path
//! ([`verify_presentation`]), then answers the page with the server's verdict and the verified name,
//! birth date and address (never the portrait: the bank only shows it for reference and does not keep it).

use axum::extract::{FromRequest, Request, State};
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use axum::{Form, Json};
use serde::{Deserialize, Serialize};

use super::verify::{PresentationField, verify_presentation};
use crate::error::AppError;
use crate::presentation::Answer;
use crate::state::AppState;

/// The page's JSON submission: `{"presentation": ...}` (as `bank.js` sends it) or the hidden field's name.
#[derive(Deserialize)]
struct JsonSubmission {
    #[serde(default)]
    presentation: Option<PresentationField>,
    #[serde(default)]
    mynaform_presentation: Option<PresentationField>,
}

/// The form posted without script (`application/x-www-form-urlencoded`).
#[derive(Deserialize)]
struct FormSubmission {
    #[serde(default)]
    mynaform_presentation: Option<String>,
}

/// The bank's verdict as the demo page shows it.
#[derive(Serialize)]
pub struct BankVerdict {
    /// Whether the server accepted the presentation.
    pub valid: bool,
    /// The first failing check, if any.
    pub failing_check: Option<&'static str>,
    /// When the server verified (RFC 3339).
    pub verified_at: String,
    /// The session's preset.
    pub preset: String,
    /// What the server verified; `null` unless valid.
    pub verified: Option<VerifiedIdentity>,
}

/// The identity the bank records after a valid presentation.
#[derive(Serialize)]
pub struct VerifiedIdentity {
    /// 氏名 as on the card.
    pub full_name: Option<String>,
    /// 生年月日, `YYYY-MM-DD`.
    pub birth_date: Option<String>,
    /// 住所 as on the card.
    pub address: Option<String>,
}

/// `POST /demo/bank/submit`: verifies the submitted `mynaform_presentation` and returns the verdict;
/// malformed or missing presentations and used, unknown or expired sessions get the `/verify` errors.
pub async fn submit(
    State(state): State<AppState>,
    request: Request,
) -> Result<impl IntoResponse, AppError> {
    if state.parts.demo.is_none() {
        return Err(AppError::NotFound);
    }
    let field = presentation_of(request, &state).await?;
    let answer = verify_presentation(&state, field).await?;
    Ok(Json(verdict(answer)))
}

async fn presentation_of(
    request: Request,
    state: &AppState,
) -> Result<PresentationField, AppError> {
    let is_form = request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    let field = if is_form {
        let Form(form) = Form::<FormSubmission>::from_request(request, state).await?;
        form.mynaform_presentation
            .filter(|text| !text.trim().is_empty())
            .map(PresentationField::Text)
    } else {
        let Json(body) = Json::<JsonSubmission>::from_request(request, state).await?;
        body.presentation
            .or(body.mynaform_presentation)
            .filter(|field| !matches!(field, PresentationField::Text(t) if t.trim().is_empty()))
    };
    field.ok_or(AppError::PresentationMissing)
}

fn verdict(answer: Answer) -> BankVerdict {
    let verified = answer
        .claims
        .as_ref()
        .filter(|_| answer.valid)
        .map(|claims| {
            let text = |value: &serde_json::Value| value.as_str().map(str::to_owned);
            let normalized = &claims["normalized"];
            let jp = &claims["elements"]["org.iso.23220.1.jp"];
            VerifiedIdentity {
                full_name: text(&normalized["full_name"])
                    .or_else(|| text(&jp["full_name_unicode"])),
                birth_date: text(&normalized["birth_date"]),
                address: text(&jp["resident_address_unicode"]),
            }
        });
    BankVerdict {
        valid: answer.valid,
        failing_check: answer.failing_check,
        verified_at: answer.verified_at,
        preset: answer.preset,
        verified,
    }
}
