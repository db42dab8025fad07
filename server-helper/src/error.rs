//! The one mapping from everything that can go wrong in a request to an HTTP status and a JSON body
//! `{"error": code, "message": ...}`.
//!
//! Messages are fixed strings chosen here: they never carry input, personal data, or cryptographic details
//! (those go to the server's logs, without personal data).

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::store::StoreError;

/// Why a request failed, grouped by who is at fault.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AppError {
    // --- the caller sent something malformed ---
    /// The body is not the JSON this endpoint expects.
    #[error("the request body is not valid JSON for this endpoint")]
    BadJson,
    /// A base64url field does not decode.
    #[error("a base64url field does not decode")]
    BadBase64,
    /// The DeviceResponse is not well-formed CBOR of the expected shape.
    #[error("the DeviceResponse is not well-formed CBOR")]
    BadCbor,
    /// The recipient public key is not a P-256 JWK.
    #[error("recipient_public_key is not a P-256 public JWK")]
    BadRecipientKey,
    /// The preset name is not one this server knows.
    #[error("unknown preset")]
    UnknownPreset,
    /// The My Number preset was asked for, but this server is not configured with a legal basis for it.
    #[error("this server does not request the My Number (set allow_my_number with a legal basis)")]
    MyNumberNotAllowed,
    /// A protocol id is not one this server speaks, or the list is empty.
    #[error("unknown or empty protocol list")]
    UnknownProtocol,
    /// The presentation names another protocol than one offered in its session.
    #[error("the presentation's protocol was not offered in its session")]
    ProtocolNotOffered,
    /// The demo wallet refused the request (malformed or not for this reader).
    #[error("the demo wallet refused the request")]
    WalletRefused,
    /// A query parameter is missing or malformed.
    #[error("missing or malformed query parameter")]
    BadQuery,
    /// A form submission carries no `mynaform_presentation` (the user did not present the card).
    #[error("the submission carries no mynaform_presentation")]
    PresentationMissing,
    /// The body exceeds the configured limit.
    #[error("the request body is too large")]
    BodyTooLarge,

    // --- the caller is not allowed ---
    /// The Origin header is missing or not in the allowlist.
    #[error("origin not allowed")]
    OriginNotAllowed,
    /// The API key is missing or wrong.
    #[error("missing or invalid API key")]
    Unauthorized,
    /// Too many sessions from this client address.
    #[error("too many requests")]
    RateLimited,

    // --- the session's state forbids it ---
    /// No session with this id (never issued, or long gone).
    #[error("unknown session")]
    SessionUnknown,
    /// The session has already been used once.
    #[error("session already consumed")]
    SessionConsumed,
    /// The session's time to live has passed.
    #[error("session expired")]
    SessionExpired,
    /// The demo wallet's request does not belong to a live session.
    #[error("not found")]
    NotFound,
    /// A widget file is missing: the widget has not been built.
    #[error("widget file not found; run `cargo xtask build-widget`")]
    WidgetNotBuilt,

    // --- this server failed ---
    /// The session store failed or is full.
    #[error("session store unavailable")]
    Store(#[from] StoreError),
    /// The OS RNG failed.
    #[error("random number generator failed")]
    Rng,
    /// Building or signing the request failed.
    #[error("request building failed")]
    RequestBuilding,
    /// Any other internal failure (details in the logs).
    #[error("internal error")]
    Internal,
}

impl AppError {
    /// The stable machine-readable code written into the `error` field.
    pub fn code(&self) -> &'static str {
        match self {
            Self::BadJson => "bad_json",
            Self::BadBase64 => "bad_base64",
            Self::BadCbor => "bad_cbor",
            Self::BadRecipientKey => "bad_recipient_key",
            Self::UnknownPreset => "unknown_preset",
            Self::MyNumberNotAllowed => "my_number_not_allowed",
            Self::UnknownProtocol => "unknown_protocol",
            Self::ProtocolNotOffered => "protocol_not_offered",
            Self::BadQuery => "bad_query",
            Self::WalletRefused => "wallet_refused",
            Self::PresentationMissing => "presentation_missing",
            Self::BodyTooLarge => "body_too_large",
            Self::OriginNotAllowed => "origin_not_allowed",
            Self::Unauthorized => "unauthorized",
            Self::RateLimited => "rate_limited",
            Self::SessionUnknown => "session_unknown",
            Self::SessionConsumed => "session_consumed",
            Self::SessionExpired => "session_expired",
            Self::NotFound => "not_found",
            Self::WidgetNotBuilt => "widget_not_built",
            Self::Store(StoreError::Full) => "store_full",
            Self::Store(_) => "store_unavailable",
            Self::Rng => "rng_failed",
            Self::RequestBuilding => "request_building_failed",
            Self::Internal => "internal",
        }
    }

    /// The HTTP status this error maps to.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::BadJson
            | Self::BadBase64
            | Self::BadCbor
            | Self::BadRecipientKey
            | Self::UnknownPreset
            | Self::UnknownProtocol
            | Self::ProtocolNotOffered
            | Self::BadQuery
            | Self::PresentationMissing
            | Self::WalletRefused => StatusCode::BAD_REQUEST,
            Self::BodyTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::OriginNotAllowed | Self::MyNumberNotAllowed => StatusCode::FORBIDDEN,
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            Self::SessionUnknown | Self::NotFound | Self::WidgetNotBuilt => StatusCode::NOT_FOUND,
            Self::SessionConsumed => StatusCode::CONFLICT,
            Self::SessionExpired => StatusCode::GONE,
            Self::Store(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Rng | Self::RequestBuilding | Self::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        if status.is_server_error() {
            tracing::error!(error = %self, code = self.code(), "request failed");
        } else {
            tracing::info!(
                code = self.code(),
                status = status.as_u16(),
                "request rejected"
            );
        }
        let body = serde_json::json!({ "error": self.code(), "message": self.to_string() });
        let mut response = (status, Json(body)).into_response();
        if matches!(self, Self::Unauthorized) {
            response.headers_mut().insert(
                axum::http::header::WWW_AUTHENTICATE,
                axum::http::HeaderValue::from_static("Bearer"),
            );
        }
        response
    }
}

impl From<axum::extract::rejection::JsonRejection> for AppError {
    fn from(rejection: axum::extract::rejection::JsonRejection) -> Self {
        use axum::extract::rejection::JsonRejection;
        match rejection {
            JsonRejection::BytesRejection(bytes)
                if bytes.status() == StatusCode::PAYLOAD_TOO_LARGE =>
            {
                Self::BodyTooLarge
            }
            _ => Self::BadJson,
        }
    }
}

impl From<axum::extract::rejection::FormRejection> for AppError {
    fn from(rejection: axum::extract::rejection::FormRejection) -> Self {
        use axum::extract::rejection::FormRejection;
        match rejection {
            FormRejection::BytesRejection(bytes)
                if bytes.status() == StatusCode::PAYLOAD_TOO_LARGE =>
            {
                Self::BodyTooLarge
            }
            _ => Self::BadJson,
        }
    }
}

impl From<axum::extract::rejection::QueryRejection> for AppError {
    fn from(_: axum::extract::rejection::QueryRejection) -> Self {
        Self::BadQuery
    }
}
