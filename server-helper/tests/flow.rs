//! Full HTTP flows with the test wallet: session → wallet (demo-wallet endpoint) → decryption as the widget
//! does it → `/verify`, for every preset and protocol; replay; cross-session presentations; and the logs of
//! a full flow, searched for the test person's personal data.
mod support;

use axum::http::StatusCode;
use base64ct::{Base64UrlUnpadded, Encoding};
use mynaform_verifier::protocol::annex_c::AnnexCResponse;
use mynaform_verifier::protocol::hpke::HpkeRecipientKey;
use mynaform_verifier::protocol::transcript::{Origin, SessionTranscript};
use serde_json::json;
use support::wallet::*;
use support::*;

#[tokio::test]
async fn verifies_every_preset_over_every_protocol() {
    let app = app();
    let taro = person("taro");
    for preset in mynaform_verifier::protocol::preset::PRESET_NAMES {
        for protocol in PROTOCOLS {
            let presented = present(&app, preset, protocol, "taro").await;
            let (status, _, bytes) = send(&app.router, verify_request(&presented.body())).await;
            assert_eq!(status, StatusCode::OK, "{preset} {protocol}");
            let answer = json_of(&bytes);
            assert_eq!(answer["valid"], true, "{preset} {protocol}: {answer}");
            assert_eq!(answer["preset"], preset);
            let elements = &answer["claims"]["elements"];
            let jp = &elements["org.iso.23220.1.jp"];
            match preset {
                "autofill_basic4" | "autofill_with_my_number" | "counter_identity" | "ekyc_ru" => {
                    assert_eq!(jp["full_name_unicode"], taro.full_name(), "{preset}");
                    assert_eq!(jp["resident_address_unicode"], taro.address(), "{preset}");
                    let normalized = &answer["claims"]["normalized"];
                    assert!(
                        normalized["family_name"].is_string(),
                        "{preset}: {normalized}"
                    );
                }
                "age_over_18" | "age_over_20" => {
                    let iso = &elements["org.iso.23220.1"];
                    assert_eq!(iso[preset], true, "{preset}");
                    assert!(jp.is_null(), "{preset} discloses nothing else");
                }
                "age_over_18_with_name" => {
                    assert_eq!(elements["org.iso.23220.1"]["age_over_18"], true);
                    assert_eq!(jp["full_name_unicode"], taro.full_name());
                    let disclosed: usize = elements
                        .as_object()
                        .unwrap()
                        .values()
                        .map(|items| items.as_object().unwrap().len())
                        .sum();
                    assert_eq!(disclosed, 2, "{preset} discloses nothing else: {elements}");
                }
                _ => {}
            }
            if preset == "autofill_with_my_number" {
                assert_eq!(jp["individual_number_unicode"], taro.individual_number());
            } else {
                assert!(jp["individual_number_unicode"].is_null(), "{preset}");
            }
        }
    }
}

#[tokio::test]
async fn a_replayed_presentation_succeeds_exactly_once() {
    let app = app();
    let presented = present(&app, "autofill_basic4", "org-iso-mdoc", "hanako").await;
    let (status, _, bytes) = send(&app.router, verify_request(&presented.body())).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json_of(&bytes)["valid"], true);
    let (status, _, bytes) = send(&app.router, verify_request(&presented.body())).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(json_of(&bytes)["error"], "session_consumed");
}

#[tokio::test]
async fn a_presentation_moved_to_another_session_fails_device_authentication() {
    let app = app();
    for protocol in PROTOCOLS {
        let first = present(&app, "age_over_20", protocol, "taro").await;
        let second = create_session(&app.router, "age_over_20", &[protocol]).await;
        let moved = Presented {
            session_id: second["session_id"].as_str().unwrap().to_owned(),
            protocol: protocol.to_owned(),
            device_response: first.device_response.clone(),
        };
        let (status, _, bytes) = send(&app.router, verify_request(&moved.body())).await;
        assert_eq!(status, StatusCode::OK);
        let answer = json_of(&bytes);
        assert_eq!(answer["valid"], false, "{protocol}");
        assert_eq!(
            answer["failing_check"], "device_authentication",
            "{protocol}"
        );
        assert!(answer["claims"].is_null());
    }
}

#[tokio::test]
async fn a_presentation_made_for_another_origin_fails_and_names_the_origin() {
    // An origin the server also serves is recognised as the input that differs; one it has never heard of
    // (a phishing relay) leaves `transcript_input` null.
    for (other, named) in [
        ("https://shop.rp.example", Some("origin")),
        ("https://evil.example", None),
    ] {
        let answer = verify_for_origin(other).await;
        assert_eq!(answer["valid"], false, "{other}");
        assert_eq!(answer["failing_check"], "device_authentication", "{other}");
        let device_auth = &answer["checks"]["documents"][0]["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["check"] == "device_authentication")
            .unwrap()
            .clone();
        assert_eq!(device_auth["ok"], false);
        assert_eq!(device_auth["transcript_input"].as_str(), named, "{other}");
        assert!(device_auth["detail"].as_str().unwrap().contains("origin"));
    }
}

/// Verifies an Annex C presentation that the wallet made for a page at `other` (which relayed this
/// session's unsigned request), on a server that also allows `https://shop.rp.example`.
async fn verify_for_origin(other: &str) -> serde_json::Value {
    // Unsigned requests: with readerAuthAll the wallet itself already refuses a request relayed from
    // another origin (the signature covers the transcript); without it, the server must catch it.
    let clock = mynaform_server::clock::ShiftedClock::default();
    let mut parts = parts(&clock);
    parts.reader = None;
    parts.openid4vp_signed = false;
    parts.allowed_origins.push("https://shop.rp.example".into());
    let app = app_from(parts, clock);
    let widget = Widget::new();
    let body = json!({ "preset": "age_over_20", "protocols": ["org-iso-mdoc"], "recipient_public_key": widget.public_jwk() });
    let (_, _, bytes) = send(
        &app.router,
        post_json("/mynaform/v1/sessions", Some(ORIGIN), &body),
    )
    .await;
    let session = json_of(&bytes);
    let request = session["requests"][0].clone();
    let other = Origin::parse(other).unwrap();
    let answer = app
        .state
        .parts
        .demo
        .as_ref()
        .unwrap()
        .wallet
        .respond(&request, Some("taro"), &other)
        .unwrap();
    let info = request["data"]["encryptionInfo"].as_str().unwrap();
    let transcript = SessionTranscript::dcapi(info, &other).unwrap();
    let key = HpkeRecipientKey::from_secret_key(widget.secret.clone());
    let device_response = AnnexCResponse::from_json(&answer["data"])
        .unwrap()
        .open(&key, &transcript)
        .unwrap();
    let presented = Presented {
        session_id: session["session_id"].as_str().unwrap().to_owned(),
        protocol: "org-iso-mdoc".into(),
        device_response: Base64UrlUnpadded::encode_string(&device_response),
    };
    let (_, _, bytes) = send(&app.router, verify_request(&presented.body())).await;
    json_of(&bytes)
}

#[tokio::test]
async fn refuses_the_my_number_preset_without_a_legal_basis() {
    let clock = mynaform_server::clock::ShiftedClock::default();
    let mut parts = parts(&clock);
    parts.allow_my_number = false;
    let app = app_from(parts, clock);
    let body =
        json!({ "preset": "autofill_with_my_number", "recipient_public_key": recipient_jwk() });
    let (status, _, bytes) = send(
        &app.router,
        post_json("/mynaform/v1/sessions", Some(ORIGIN), &body),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(json_of(&bytes)["error"], "my_number_not_allowed");
}

#[tokio::test]
async fn lists_the_demo_people() {
    let app = app();
    let (status, _, bytes) = send(
        &app.router,
        axum::http::Request::get("/mynaform/v1/demo-wallet/people")
            .body(axum::body::Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let people = json_of(&bytes)["people"].as_array().unwrap().clone();
    let ids: Vec<&str> = people.iter().map(|p| p["id"].as_str().unwrap()).collect();
    assert_eq!(ids, mynaform_test_wallet::people::IDS);
}

#[tokio::test]
async fn demo_mode_wallet_accepts_the_signed_requests_of_every_protocol() {
    let addr = "127.0.0.1:8080".parse().unwrap();
    let config = mynaform_server::config::Config::default();
    let parts =
        mynaform_server::startup::demo_parts(&addr, &config, "examples".into(), API_KEY.into())
            .await
            .unwrap();
    let app = app_from(parts, mynaform_server::clock::ShiftedClock::default());
    let origin = "http://127.0.0.1:8080";
    let body = json!({ "preset": "autofill_basic4", "recipient_public_key": recipient_jwk() });
    let (status, _, bytes) = send(
        &app.router,
        post_json("/mynaform/v1/sessions", Some(origin), &body),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let session = json_of(&bytes);
    let requests = session["requests"].as_array().unwrap().clone();
    let offered: Vec<&str> = requests
        .iter()
        .map(|r| r["protocol"].as_str().unwrap())
        .collect();
    // Without `protocols`, everything configured is offered, the signed OpenID4VP request first.
    assert_eq!(
        offered,
        [
            "org-iso-mdoc",
            "openid4vp-v1-signed",
            "openid4vp-v1-unsigned"
        ]
    );
    for request in requests {
        let ask =
            json!({ "request": request, "session_id": session["session_id"], "person": "kenta" });
        let (status, _, bytes) = send(
            &app.router,
            post_json("/mynaform/v1/demo-wallet/respond", Some(origin), &ask),
        )
        .await;
        assert_eq!(
            status,
            StatusCode::OK,
            "{}: {}",
            request["protocol"],
            String::from_utf8_lossy(&bytes)
        );
        assert_eq!(json_of(&bytes)["protocol"], request["protocol"]);
    }
}
