//! The HTTP API without a socket: every route and error mapping through `app()` with `oneshot`.
mod support;

use std::collections::BTreeSet;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use base64ct::{Base64UrlUnpadded, Encoding};
use serde_json::json;
use support::*;

fn presentation(session_id: &str, device_response: &[u8]) -> serde_json::Value {
    json!({ "presentation": {
        "session_id": session_id,
        "protocol": "org-iso-mdoc",
        "device_response": Base64UrlUnpadded::encode_string(device_response),
    }})
}

#[tokio::test]
async fn every_route_is_documented_and_every_documented_path_is_routed() {
    let doc: serde_json::Value = serde_json::from_str(mynaform_server::openapi::DOCUMENT).unwrap();
    let documented: BTreeSet<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .unwrap()
                .keys()
                .map(move |m| (m.to_uppercase(), path.clone()))
        })
        .collect();
    let routed: BTreeSet<(String, String)> = mynaform_server::app::routes()
        .iter()
        .map(|r| (r.method.to_string(), r.path.to_owned()))
        .collect();
    assert_eq!(documented, routed);
}

#[tokio::test]
async fn serves_the_openapi_document() {
    let app = app();
    let (status, _, body) = send(
        &app.router,
        Request::get("/mynaform/v1/openapi.json")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json_of(&body)["openapi"], "3.1.0");
}

#[tokio::test]
async fn health_reports_the_store() {
    let app = app();
    let (status, headers, body) = send(
        &app.router,
        Request::get("/healthz").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json_of(&body)["store"], "memory");
    assert!(headers.contains_key("x-request-id"));
}

#[tokio::test]
async fn responses_carry_security_headers() {
    let app = app();
    let (_, headers, _) = send(
        &app.router,
        Request::get("/healthz").body(Body::empty()).unwrap(),
    )
    .await;
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("script-src 'self' 'wasm-unsafe-eval'"),
        "{csp}"
    );
    assert!(csp.contains("frame-ancestors 'none'"));
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["referrer-policy"], "no-referrer");
}

#[tokio::test]
async fn issues_a_session_with_an_annex_c_request() {
    let app = app();
    let session = create_session(&app.router, "age_over_20", &["org-iso-mdoc"]).await;
    assert_eq!(session["session_id"].as_str().unwrap().len(), 22);
    let request = &session["requests"][0];
    assert_eq!(request["protocol"], "org-iso-mdoc");
    assert!(request["data"]["deviceRequest"].is_string());
    let info = request["data"]["encryptionInfo"].as_str().unwrap();
    let parsed =
        mynaform_verifier::protocol::encryption_info::EncryptionInfo::from_b64url(info).unwrap();
    assert_eq!(parsed.nonce().to_bytes().len(), 16);
}

#[tokio::test]
async fn two_sessions_never_share_a_nonce() {
    let app = app();
    let a = create_session(&app.router, "age_over_20", &["org-iso-mdoc"]).await;
    let b = create_session(&app.router, "age_over_20", &["org-iso-mdoc"]).await;
    assert_ne!(a["session_id"], b["session_id"]);
    assert_ne!(
        a["requests"][0]["data"]["encryptionInfo"],
        b["requests"][0]["data"]["encryptionInfo"]
    );
}

#[tokio::test]
async fn refuses_sessions_for_another_origin() {
    let app = app();
    let body = json!({ "preset": "age_over_20", "recipient_public_key": recipient_jwk() });
    for origin in [
        Some("https://evil.example"),
        Some("https://rp.example.evil"),
        None,
    ] {
        let (status, _, bytes) = send(
            &app.router,
            post_json("/mynaform/v1/sessions", origin, &body),
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{origin:?}");
        assert_eq!(json_of(&bytes)["error"], "origin_not_allowed");
    }
}

#[tokio::test]
async fn rejects_bad_session_requests_with_a_code() {
    let app = app();
    let cases = [
        (
            json!({ "preset": "nope", "recipient_public_key": recipient_jwk() }),
            "unknown_preset",
        ),
        (
            json!({ "preset": "age_over_20", "protocols": ["x"], "recipient_public_key": recipient_jwk() }),
            "unknown_protocol",
        ),
        (
            json!({ "preset": "age_over_20", "protocols": [], "recipient_public_key": recipient_jwk() }),
            "unknown_protocol",
        ),
        (
            json!({ "preset": "age_over_20", "recipient_public_key": {"kty": "EC", "crv": "P-256", "x": "AA", "y": "AA"} }),
            "bad_recipient_key",
        ),
        (json!({ "preset": "age_over_20" }), "bad_json"),
    ];
    for (body, code) in cases {
        let (status, _, bytes) = send(
            &app.router,
            post_json("/mynaform/v1/sessions", Some(ORIGIN), &body),
        )
        .await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(json_of(&bytes)["error"], code, "{body}");
    }
    let request = Request::post("/mynaform/v1/sessions")
        .header("content-type", "application/json")
        .header("origin", ORIGIN)
        .body(Body::from("{not json"))
        .unwrap();
    let (status, _, bytes) = send(&app.router, request).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(json_of(&bytes)["error"], "bad_json");
}

#[tokio::test]
async fn refuses_oversized_bodies_with_413() {
    let app = app();
    let big = "x".repeat(300 * 1024);
    let body = json!({ "presentation": { "session_id": "a", "protocol": "org-iso-mdoc", "device_response": big } });
    let (status, _, bytes) = send(&app.router, verify_request(&body)).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(json_of(&bytes)["error"], "body_too_large");
}

#[tokio::test]
async fn rate_limits_session_creation_per_client() {
    let clock = mynaform_server::clock::ShiftedClock::default();
    let mut parts = parts(&clock);
    parts.limits.sessions_per_minute_per_ip = 3;
    let app = app_from(parts, clock);
    for _ in 0..3 {
        create_session(&app.router, "age_over_20", &["org-iso-mdoc"]).await;
    }
    let body = json!({ "preset": "age_over_20", "recipient_public_key": recipient_jwk() });
    let (status, _, bytes) = send(
        &app.router,
        post_json("/mynaform/v1/sessions", Some(ORIGIN), &body),
    )
    .await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(json_of(&bytes)["error"], "rate_limited");
}

#[tokio::test]
async fn verify_needs_the_api_key() {
    let app = app();
    let body = presentation("AAAAAAAAAAAAAAAAAAAAAA", &[0xa0]);
    for auth in [None, Some("Bearer wrong-key-0123456789"), Some(API_KEY)] {
        let mut builder =
            Request::post("/mynaform/v1/verify").header("content-type", "application/json");
        if let Some(auth) = auth {
            builder = builder.header("authorization", auth);
        }
        let (status, headers, bytes) = send(
            &app.router,
            builder.body(Body::from(body.to_string())).unwrap(),
        )
        .await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{auth:?}");
        assert_eq!(json_of(&bytes)["error"], "unauthorized");
        assert_eq!(headers["www-authenticate"], "Bearer");
    }
}

#[tokio::test]
async fn verify_rejects_malformed_presentations_with_codes_and_keeps_the_session() {
    let app = app();
    let session = create_session(&app.router, "age_over_20", &["org-iso-mdoc"]).await;
    let id = session["session_id"].as_str().unwrap();
    let cases = [
        (
            json!({ "presentation": { "session_id": id, "protocol": "org-iso-mdoc", "device_response": "!!!" } }),
            "bad_base64",
        ),
        (presentation(id, &[0xa1, 0x01]), "bad_cbor"),
        (presentation(id, &[0xa0, 0xa0]), "bad_cbor"),
        (
            json!({ "presentation": { "session_id": id, "protocol": "nope", "device_response": "oA" } }),
            "unknown_protocol",
        ),
        (json!({ "presentation": "not json" }), "bad_json"),
        (json!({ "nothing": 1 }), "bad_json"),
    ];
    for (body, code) in cases {
        let (status, _, bytes) = send(&app.router, verify_request(&body)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        assert_eq!(json_of(&bytes)["error"], code, "{body}");
    }
    // Nothing above consumed the session.
    let (status, _, _) = send(&app.router, verify_request(&presentation(id, &[0xa0]))).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn unknown_session_is_404_second_use_is_409_expired_is_410() {
    let app = app();
    let (status, _, bytes) = send(
        &app.router,
        verify_request(&presentation("AAAAAAAAAAAAAAAAAAAAAA", &[0xa0])),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(json_of(&bytes)["error"], "session_unknown");

    let session = create_session(&app.router, "age_over_20", &["org-iso-mdoc"]).await;
    let id = session["session_id"].as_str().unwrap();
    let (status, _, bytes) = send(&app.router, verify_request(&presentation(id, &[0xa0]))).await;
    assert_eq!(status, StatusCode::OK);
    let answer = json_of(&bytes);
    assert_eq!(answer["valid"], false, "an empty map is no DeviceResponse");
    assert!(answer["claims"].is_null());
    let (status, _, bytes) = send(&app.router, verify_request(&presentation(id, &[0xa0]))).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(json_of(&bytes)["error"], "session_consumed");

    let session = create_session(&app.router, "age_over_20", &["org-iso-mdoc"]).await;
    app.clock.advance(301);
    let id = session["session_id"].as_str().unwrap();
    let (status, _, bytes) = send(&app.router, verify_request(&presentation(id, &[0xa0]))).await;
    assert_eq!(status, StatusCode::GONE);
    assert_eq!(json_of(&bytes)["error"], "session_expired");
}

#[tokio::test]
async fn accepts_the_hidden_field_text_as_the_presentation() {
    let app = app();
    let session = create_session(&app.router, "age_over_20", &["org-iso-mdoc"]).await;
    // Exactly the widget's hidden field: the decrypted DeviceResponse plus the encrypted credential data.
    let field = json!({
        "session_id": session["session_id"],
        "protocol": "org-iso-mdoc",
        "device_response": "oA",
        "response": { "response": "ZW5jcnlwdGVk" },
    })
    .to_string();
    let (status, _, bytes) = send(
        &app.router,
        verify_request(&json!({ "presentation": field })),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&bytes)
    );
}

#[tokio::test]
async fn refuses_a_protocol_the_session_did_not_offer() {
    let app = app();
    let session = create_session(&app.router, "age_over_20", &["org-iso-mdoc"]).await;
    let body = json!({ "presentation": { "session_id": session["session_id"], "protocol": "openid4vp-v1-unsigned", "device_response": "oA" } });
    let (status, _, bytes) = send(&app.router, verify_request(&body)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(json_of(&bytes)["error"], "protocol_not_offered");
}

#[tokio::test]
async fn lists_trust_anchors_with_fingerprints_and_cache_control() {
    let app = app();
    let (status, headers, body) = send(
        &app.router,
        Request::get("/mynaform/v1/trust-anchors")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["cache-control"], "public, max-age=3600");
    let anchors = json_of(&body)["anchors"].as_array().unwrap().clone();
    assert_eq!(anchors.len(), 1);
    let expected = app.state.parts.trust.anchors().fingerprints_sha256()[0];
    let hex: String = expected.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(anchors[0]["sha256"], hex);
    assert!(
        anchors[0]["pem"]
            .as_str()
            .unwrap()
            .starts_with("-----BEGIN CERTIFICATE-----")
    );
}

#[tokio::test]
async fn missing_widget_says_how_to_build_it() {
    let app = app();
    let (status, _, body) = send(
        &app.router,
        Request::get("/mynaform/widget.js")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let answer = json_of(&body);
    assert_eq!(answer["error"], "widget_not_built");
    assert!(
        answer["message"]
            .as_str()
            .unwrap()
            .contains("cargo xtask build-widget")
    );
}

#[tokio::test]
async fn serves_widget_files_with_mime_types_and_cache_policies() {
    let dir = std::env::temp_dir().join(format!("mynaform-widget-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("widget.js"),
        b"import init from './mynaform_widget.js';",
    )
    .unwrap();
    std::fs::write(dir.join("mynaform_widget_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    let clock = mynaform_server::clock::ShiftedClock::default();
    let mut parts = parts(&clock);
    parts.widget = mynaform_server::assets::WidgetFiles::new(&dir);
    let app = app_from(parts, clock);
    let get = |path: &str| Request::get(path).body(Body::empty()).unwrap();

    let (status, headers, _) = send(&app.router, get("/mynaform/widget.js")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "text/javascript; charset=utf-8");
    assert_eq!(headers["cache-control"], "public, max-age=300");

    let (status, headers, _) = send(&app.router, get("/mynaform/mynaform_widget_bg.wasm")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["content-type"], "application/wasm");

    let (_, _, body) = send(&app.router, get("/mynaform/v1/widget")).await;
    let manifest = json_of(&body);
    assert!(
        manifest["integrity"]
            .as_str()
            .unwrap()
            .starts_with("sha384-")
    );
    let script = manifest["script"].as_str().unwrap().to_owned();
    let (status, headers, body) = send(&app.router, get(&script)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        headers["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert!(body.starts_with(b"import init"));

    let (status, _, _) = send(&app.router, get("/mynaform/widget.0000000000000000.js")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn cors_allows_only_configured_origins() {
    let app = app();
    let preflight = |origin: &str| {
        Request::options("/mynaform/v1/sessions")
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "content-type")
            .body(Body::empty())
            .unwrap()
    };
    let (_, headers, _) = send(&app.router, preflight(ORIGIN)).await;
    assert_eq!(headers["access-control-allow-origin"], ORIGIN);
    let (_, headers, _) = send(&app.router, preflight("https://evil.example")).await;
    assert!(!headers.contains_key("access-control-allow-origin"));
}

#[tokio::test]
async fn metrics_count_sessions_and_verifications() {
    let app = app();
    let session = create_session(&app.router, "age_over_20", &["org-iso-mdoc"]).await;
    let id = session["session_id"].as_str().unwrap();
    send(&app.router, verify_request(&presentation(id, &[0xa0]))).await;
    send(&app.router, verify_request(&presentation(id, &[0xa0]))).await;
    let (status, headers, body) = send(
        &app.router,
        Request::get("/metrics").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain; version=0.0.4")
    );
    let text = String::from_utf8(body).unwrap();
    assert!(
        text.contains("mynaform_sessions_created_total{store=\"memory\"} 1"),
        "{text}"
    );
    assert!(
        text.contains("mynaform_verifications_total{result=\"invalid\"} 1"),
        "{text}"
    );
    assert!(
        text.contains("mynaform_verifications_total{result=\"rejected\"} 1"),
        "{text}"
    );
    assert!(
        text.contains("mynaform_http_responses_total{status=\"409\"} 1"),
        "{text}"
    );
}

#[tokio::test]
async fn postal_code_lookup_validates_its_query() {
    let app = app();
    let (status, _, body) = send(
        &app.router,
        Request::get("/mynaform/v1/postal-code?local_gov_code=abc&address_line1=x")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(json_of(&body)["error"], "bad_query");
    let (status, _, _) = send(
        &app.router,
        Request::get("/mynaform/v1/postal-code")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn demo_mode_serves_the_example_pages_under_the_csp() {
    let dir = std::env::temp_dir().join(format!("mynaform-examples-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), "<!doctype html><title>例</title>").unwrap();
    let clock = mynaform_server::clock::ShiftedClock::default();
    let mut parts = parts(&clock);
    if let Some(demo) = parts.demo.as_mut() {
        demo.examples_dir = dir.clone();
    }
    let app = app_from(parts, clock);
    let (status, headers, body) =
        send(&app.router, Request::get("/").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        String::from_utf8(body)
            .unwrap()
            .contains("<title>例</title>")
    );
    assert!(
        headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert!(headers.contains_key("content-security-policy"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn production_mode_has_no_demo_routes() {
    let clock = mynaform_server::clock::ShiftedClock::default();
    let mut parts = parts(&clock);
    parts.demo = None;
    let app = app_from(parts, clock);
    let (status, _, _) = send(
        &app.router,
        Request::get("/mynaform/v1/demo-wallet/people")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, _) = send(&app.router, Request::get("/").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn behind_a_proxy_rate_limits_by_the_forwarded_client_address() {
    let clock = mynaform_server::clock::ShiftedClock::default();
    let mut parts = parts(&clock);
    parts.limits.sessions_per_minute_per_ip = 1;
    parts.limits.trust_forwarded_for = true;
    let app = app_from(parts, clock);
    let body = json!({ "preset": "age_over_20", "recipient_public_key": recipient_jwk() });
    let from = |client: &str| {
        let mut request = post_json("/mynaform/v1/sessions", Some(ORIGIN), &body);
        let value = format!("198.51.100.7, {client}").parse().unwrap();
        request.headers_mut().insert("x-forwarded-for", value);
        request
    };
    assert_eq!(send(&app.router, from("192.0.2.1")).await.0, StatusCode::OK);
    assert_eq!(send(&app.router, from("192.0.2.2")).await.0, StatusCode::OK);
    assert_eq!(
        send(&app.router, from("192.0.2.1")).await.0,
        StatusCode::TOO_MANY_REQUESTS
    );
}
