//! Extractors shared by handlers: the client's IP, the allowed Origin, the API key, JSON with our errors.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Request};
use axum::http::header;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::error::AppError;
use crate::state::AppState;

/// The client's IP address: the last `X-Forwarded-For` entry when `limits.trust_forwarded_for` is set,
/// else the TCP peer (unspecified when the server runs without connection info, as in tests).
pub struct ClientIp(pub IpAddr);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        if state.parts.limits.trust_forwarded_for
            && let Some(ip) = parts
                .headers
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .next_back()
                .and_then(|last| last.trim().parse().ok())
        {
            return Ok(Self(ip));
        }
        let ip = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |info| info.0.ip());
        Ok(Self(ip))
    }
}

/// The request's `Origin` header, present and in the configured allowlist (403 otherwise).
pub struct AllowedOrigin(pub String);

impl FromRequestParts<AppState> for AllowedOrigin {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let origin = parts
            .headers
            .get(header::ORIGIN)
            .and_then(|v| v.to_str().ok())
            .ok_or(AppError::OriginNotAllowed)?;
        if state
            .parts
            .allowed_origins
            .iter()
            .any(|allowed| allowed == origin)
        {
            Ok(Self(origin.to_owned()))
        } else {
            Err(AppError::OriginNotAllowed)
        }
    }
}

/// A request carrying one of the configured API keys as `Authorization: Bearer <key>`.
pub struct ApiKey;

impl FromRequestParts<AppState> for ApiKey {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let presented = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .ok_or(AppError::Unauthorized)?;
        // Compare against every key without early exit, each in constant time.
        let matched = state
            .parts
            .api_keys
            .iter()
            .fold(false, |found, key| found | constant_time_eq(key, presented));
        if matched {
            Ok(Self)
        } else {
            Err(AppError::Unauthorized)
        }
    }
}

fn constant_time_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// JSON body whose rejections become [`AppError`]s (400 `bad_json`, 413 `body_too_large`).
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonBody<T> {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, AppError> {
        let axum::Json(value) = axum::Json::<T>::from_request(request, state).await?;
        Ok(Self(value))
    }
}

#[cfg(test)]
mod tests {
    use super::constant_time_eq;

    #[test]
    fn compares_keys_exactly() {
        assert!(constant_time_eq("0123456789abcdef", "0123456789abcdef"));
        assert!(!constant_time_eq("0123456789abcdef", "0123456789abcdeg"));
        assert!(!constant_time_eq("0123456789abcdef", "0123456789abcde"));
    }
}
