//! The logs of full flows (all protocols, the My Number preset, a replay), searched for the test person's
//! personal data. Its own test binary: a scoped log subscriber must not race other tests' callsites.
mod support;

use std::io::Write;
use std::sync::{Arc, Mutex};

use axum::http::StatusCode;
use base64ct::{Base64UrlUnpadded, Encoding};
use mynaform_verifier::protocol::annex_c::AnnexCResponse;
use mynaform_verifier::protocol::hpke::HpkeRecipientKey;
use mynaform_verifier::protocol::jwe::JweRecipientKey;
use mynaform_verifier::protocol::openid4vp::open_response;
use mynaform_verifier::protocol::transcript::{EcPublicJwk, Origin, SessionTranscript};
use serde_json::{Value, json};
use support::*;

/// The widget's side: an ephemeral key pair and its decryption of the wallet's answer.
struct Widget {
    secret: p256::SecretKey,
}

impl Widget {
    fn new() -> Self {
        loop {
            let mut bytes = [0u8; 32];
            getrandom::fill(&mut bytes).unwrap();
            if let Ok(secret) = p256::SecretKey::from_slice(&bytes) {
                return Self { secret };
            }
        }
    }

    fn public_jwk(&self) -> Value {
        EcPublicJwk::from_public_key(&self.secret.public_key()).to_json(&[])
    }

    /// Decrypts `{protocol, data}` for the session's request and returns the DeviceResponse bytes.
    fn decrypt(&self, request: &Value, answer: &Value) -> Vec<u8> {
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

struct Presented {
    session_id: String,
    protocol: String,
    device_response: String,
}

impl Presented {
    fn body(&self) -> Value {
        json!({ "presentation": {
            "session_id": self.session_id, "protocol": self.protocol, "device_response": self.device_response,
        }})
    }
}

/// Runs session creation, the demo wallet and the widget's decryption for `preset` over `protocol`.
async fn present(app: &TestApp, preset: &str, protocol: &str, person: &str) -> Presented {
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
        &app.router,
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

const PROTOCOLS: [&str; 3] = [
    "org-iso-mdoc",
    "openid4vp-v1-unsigned",
    "openid4vp-v1-signed",
];

fn person(id: &str) -> mynaform_test_wallet::people::Person {
    mynaform_test_wallet::people::person(id, time::OffsetDateTime::now_utc().date()).unwrap()
}

#[derive(Clone, Default)]
struct CapturedLogs(Arc<Mutex<Vec<u8>>>);

impl Write for CapturedLogs {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(flavor = "current_thread")]
async fn logs_of_a_full_flow_contain_no_personal_data() {
    let logs = CapturedLogs::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .json()
        .with_max_level(tracing::Level::TRACE)
        .with_current_span(true)
        .with_span_list(true)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let app = app();
    for protocol in PROTOCOLS {
        let presented = present(&app, "autofill_with_my_number", protocol, "taro").await;
        let (_, _, bytes) = send(&app.router, verify_request(&presented.body())).await;
        assert_eq!(json_of(&bytes)["valid"], true);
        send(&app.router, verify_request(&presented.body())).await;
    }

    let text = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(
        text.contains("presentation verified"),
        "the flow was logged: {text}"
    );
    assert!(text.contains("request_id"), "logs carry request ids");
    let taro = person("taro");
    let name = taro.full_name().to_owned();
    let family = name.split(['\u{3000}', ' ']).next().unwrap().to_owned();
    let needles = [
        name.clone(),
        family,
        taro.address().to_owned(),
        taro.individual_number().to_owned(),
        taro.birth_date_printed(),
    ];
    for needle in needles {
        assert!(!needle.is_empty());
        assert!(!text.contains(&needle), "personal data found in the logs");
    }
}
