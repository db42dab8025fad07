//! The widget's side of a full flow: an ephemeral key, the session, the demo wallet's answer and its
//! decryption, as `/verify` receives it.

use axum::http::StatusCode;
use base64ct::{Base64UrlUnpadded, Encoding};
use mynaform_verifier::protocol::annex_c::AnnexCResponse;
use mynaform_verifier::protocol::hpke::HpkeRecipientKey;
use mynaform_verifier::protocol::jwe::JweRecipientKey;
use mynaform_verifier::protocol::openid4vp::open_response;
use mynaform_verifier::protocol::transcript::{EcPublicJwk, Origin, SessionTranscript};
use serde_json::{Value, json};

use super::*;

/// The widget's side: an ephemeral key pair and its decryption of the wallet's answer.
pub struct Widget {
    pub secret: p256::SecretKey,
}

impl Widget {
    pub fn new() -> Self {
        loop {
            let mut bytes = [0u8; 32];
            getrandom::fill(&mut bytes).unwrap();
            if let Ok(secret) = p256::SecretKey::from_slice(&bytes) {
                return Self { secret };
            }
        }
    }

    pub fn public_jwk(&self) -> Value {
        EcPublicJwk::from_public_key(&self.secret.public_key()).to_json(&[])
    }

    /// Decrypts `{protocol, data}` for the session's request and returns the DeviceResponse bytes.
    pub fn decrypt(&self, request: &Value, answer: &Value) -> Vec<u8> {
        let data = &answer["data"];
        match answer["protocol"].as_str().unwrap() {
            "org-iso-mdoc" => {
                let info = request["data"]["encryptionInfo"].as_str().unwrap();
                let transcript =
                    SessionTranscript::dcapi(info, &Origin::parse(ORIGIN).unwrap()).unwrap();
                let key = HpkeRecipientKey::from_secret_key(self.secret.clone());
                AnnexCResponse::from_json(data)
                    .unwrap()
                    .open(&key, &transcript)
                    .unwrap()
            }
            _ => {
                let mut jwk = self.public_jwk();
                let d = Base64UrlUnpadded::encode_string(&self.secret.to_bytes());
                jwk["d"] = Value::String(d);
                open_response(&JweRecipientKey::from_jwk(&jwk).unwrap(), data, "mnc").unwrap()
            }
        }
    }
}

pub struct Presented {
    pub session_id: String,
    pub protocol: String,
    pub device_response: String,
}

impl Presented {
    pub fn body(&self) -> Value {
        json!({ "presentation": {
            "session_id": self.session_id, "protocol": self.protocol, "device_response": self.device_response,
        }})
    }
}

/// Runs session creation, the demo wallet and the widget's decryption for `preset` over `protocol`.
pub async fn present(app: &TestApp, preset: &str, protocol: &str, person: &str) -> Presented {
    present_via(app, app, preset, protocol, person).await
}

/// Like [`present`], with the session issued by `app` and the answer from `wallet_app`'s demo wallet.
pub async fn present_via(
    app: &TestApp,
    wallet_app: &TestApp,
    preset: &str,
    protocol: &str,
    person: &str,
) -> Presented {
    let widget = Widget::new();
    let body = json!({ "preset": preset, "protocols": [protocol], "recipient_public_key": widget.public_jwk() });
    let (status, _, bytes) = send(
        &app.router,
        post_json("/mynaform/v1/sessions", Some(ORIGIN), &body),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&bytes)
    );
    let session = json_of(&bytes);
    let request = session["requests"][0].clone();
    let ask = json!({ "request": request, "person": person, "session_id": session["session_id"] });
    let (status, _, bytes) = send(
        &wallet_app.router,
        post_json("/mynaform/v1/demo-wallet/respond", Some(ORIGIN), &ask),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&bytes)
    );
    let answer = json_of(&bytes);
    assert_eq!(answer["protocol"], protocol);
    Presented {
        session_id: session["session_id"].as_str().unwrap().to_owned(),
        protocol: protocol.to_owned(),
        device_response: Base64UrlUnpadded::encode_string(&widget.decrypt(&request, &answer)),
    }
}

pub const PROTOCOLS: [&str; 3] = [
    "org-iso-mdoc",
    "openid4vp-v1-unsigned",
    "openid4vp-v1-signed",
];

pub fn person(id: &str) -> mynaform_test_wallet::people::Person {
    mynaform_test_wallet::people::person(id, time::OffsetDateTime::now_utc().date()).unwrap()
}
