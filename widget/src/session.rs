//! The server helper's session API as the widget speaks it (`POST {data-server}/sessions`) and the
//! presentation the form carries to the relying party's backend (`mynaform_presentation`).

use serde::{Deserialize, Serialize};

/// Protocols offered to the browser, in order of preference (DESIGN.md: the browser picks).
pub const PROTOCOLS: [&str; 2] = ["org-iso-mdoc", "openid4vp-v1-unsigned"];

/// A P-256 public key as a JWK (RFC 7517/7518 §6.2), the widget's ephemeral encryption key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicJwk {
    /// Always `EC`.
    pub kty: String,
    /// Always `P-256`.
    pub crv: String,
    /// x coordinate, base64url without padding.
    pub x: String,
    /// y coordinate, base64url without padding.
    pub y: String,
}

/// Body of `POST /sessions`.
#[derive(Clone, Debug, Serialize)]
pub struct SessionRequest<'a> {
    /// Preset id.
    pub preset: &'a str,
    /// Offered protocols.
    pub protocols: &'a [&'a str],
    /// The widget's ephemeral public key.
    pub recipient_public_key: &'a PublicJwk,
}

/// One entry of the DC API `requests` array.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ProtocolRequest {
    /// `org-iso-mdoc`, `openid4vp-v1-unsigned` or `openid4vp-v1-signed`.
    pub protocol: String,
    /// The protocol's request object, passed to the browser unchanged.
    pub data: serde_json::Value,
}

/// Answer of `POST /sessions`.
#[derive(Clone, Debug, Deserialize)]
pub struct SessionResponse {
    /// Session id to quote in the presentation.
    pub session_id: String,
    /// Expiry (RFC 3339), shown in debug mode only.
    #[serde(default)]
    pub expires_at: Option<String>,
    /// Requests for `navigator.credentials.get`.
    pub requests: Vec<ProtocolRequest>,
}

impl SessionResponse {
    /// The request that was sent for a protocol (to rebuild its transcript).
    pub fn request_for(&self, protocol: &str) -> Option<&ProtocolRequest> {
        self.requests.iter().find(|r| r.protocol == protocol)
    }
}

/// The hidden `mynaform_presentation` input's JSON: the backend posts `session_id`, `protocol` and
/// `device_response` to `/verify`; `response` is the wallet's credential data as received (still encrypted
/// to the widget's key, kept for audit).
#[derive(Clone, Serialize)]
pub struct Presentation {
    /// Session id from `/sessions`.
    pub session_id: String,
    /// Protocol the wallet answered with.
    pub protocol: String,
    /// The decrypted DeviceResponse, base64url without padding.
    pub device_response: String,
    /// The `DigitalCredential.data` as received.
    pub response: serde_json::Value,
}

impl std::fmt::Debug for Presentation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The DeviceResponse carries personal data.
        f.debug_struct("Presentation")
            .field("session_id", &self.session_id)
            .field("protocol", &self.protocol)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_request_serialises_to_contract_shape() {
        let jwk = PublicJwk {
            kty: "EC".into(),
            crv: "P-256".into(),
            x: "eA".into(),
            y: "eQ".into(),
        };
        let body = SessionRequest {
            preset: "autofill_basic4",
            protocols: &PROTOCOLS,
            recipient_public_key: &jwk,
        };
        let json = serde_json::to_value(&body).unwrap_or_default();
        assert_eq!(json["preset"], "autofill_basic4");
        assert_eq!(json["protocols"][1], "openid4vp-v1-unsigned");
        assert_eq!(json["recipient_public_key"]["crv"], "P-256");
    }

    #[test]
    fn session_response_finds_request_by_protocol() {
        let text = r#"{"session_id":"s1","expires_at":"2026-12-05T00:00:00Z","requests":[
            {"protocol":"org-iso-mdoc","data":{"deviceRequest":"AA","encryptionInfo":"BB"}},
            {"protocol":"openid4vp-v1-unsigned","data":{"nonce":"n"}}]}"#;
        let parsed: Result<SessionResponse, _> = serde_json::from_str(text);
        let parsed = parsed.ok();
        let request = parsed
            .as_ref()
            .and_then(|p| p.request_for("openid4vp-v1-unsigned"));
        assert_eq!(
            request.map(|r| r.data["nonce"].clone()),
            Some(serde_json::json!("n"))
        );
    }

    #[test]
    fn presentation_debug_hides_device_response() {
        let p = Presentation {
            session_id: "s".into(),
            protocol: "org-iso-mdoc".into(),
            device_response: "SECRET".into(),
            response: serde_json::Value::Null,
        };
        assert!(!format!("{p:?}").contains("SECRET"));
    }
}
