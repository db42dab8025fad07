//! The demo bank backend (`POST /demo/bank/submit`, examples/bank.html): a full flow through the test
//! wallet, as the page posts it (JSON) and as the bare form posts it (urlencoded); replay; no presentation;
//! and the route's absence outside demo mode.
mod support;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::{Value, json};
use support::wallet::*;
use support::*;

const SUBMIT: &str = "/demo/bank/submit";

/// What `bank.js` posts: the parsed hidden field plus the rest of the form.
fn page_body(presented: &Presented) -> Value {
    json!({ "presentation": presented.body()["presentation"], "job": "会社員" })
}

fn form_request(fields: &[(&str, &str)]) -> Request<Body> {
    let encode = |s: &str| -> String {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    char::from(b).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect()
    };
    let body: Vec<String> = fields
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect();
    Request::post(SUBMIT)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(body.join("&")))
        .unwrap()
}

#[tokio::test]
async fn the_page_gets_the_servers_verdict_with_the_verified_identity() {
    let app = app();
    let taro = person("taro");
    for protocol in PROTOCOLS {
        let presented = present(&app, "ekyc_ru", protocol, "taro").await;
        let (status, _, bytes) = send(
            &app.router,
            post_json(SUBMIT, Some(ORIGIN), &page_body(&presented)),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{protocol}");
        let verdict = json_of(&bytes);
        assert_eq!(verdict["valid"], true, "{protocol}: {verdict}");
        assert!(verdict["failing_check"].is_null());
        assert_eq!(verdict["preset"], "ekyc_ru");
        assert_eq!(verdict["verified"]["full_name"], taro.full_name());
        assert_eq!(verdict["verified"]["address"], taro.address());
        assert_eq!(
            verdict["verified"]["birth_date"],
            mynaform_test_wallet::people::iso_date(taro.birth_date())
        );
        assert!(
            !String::from_utf8_lossy(&bytes).contains("portrait"),
            "the verdict carries no portrait"
        );
    }
}

#[tokio::test]
async fn the_bare_form_post_with_the_hidden_field_text_is_verified() {
    let app = app();
    let presented = present(&app, "ekyc_ru", "org-iso-mdoc", "hanako").await;
    let field = presented.body()["presentation"].to_string();
    let (status, _, bytes) = send(
        &app.router,
        form_request(&[("name", "山田"), ("mynaform_presentation", &field)]),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let verdict = json_of(&bytes);
    assert_eq!(verdict["valid"], true, "{verdict}");
    assert_eq!(
        verdict["verified"]["full_name"],
        person("hanako").full_name()
    );
}

#[tokio::test]
async fn a_replayed_submission_is_refused_as_consumed() {
    let app = app();
    let presented = present(&app, "ekyc_ru", "openid4vp-v1-unsigned", "taro").await;
    let body = page_body(&presented);
    let (status, _, _) = send(&app.router, post_json(SUBMIT, Some(ORIGIN), &body)).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _, bytes) = send(&app.router, post_json(SUBMIT, Some(ORIGIN), &body)).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(json_of(&bytes)["error"], "session_consumed");
    // The same presentation sent on to /verify afterwards is refused too: one session, one use.
    let (status, _, _) = send(&app.router, verify_request(&presented.body())).await;
    assert_eq!(status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn a_tampered_presentation_gets_the_failing_check_and_no_identity() {
    let app = app();
    let first = present(&app, "ekyc_ru", "org-iso-mdoc", "taro").await;
    let second = create_session(&app.router, "ekyc_ru", &["org-iso-mdoc"]).await;
    let moved = Presented {
        session_id: second["session_id"].as_str().unwrap().to_owned(),
        protocol: first.protocol.clone(),
        device_response: first.device_response.clone(),
    };
    let (status, _, bytes) = send(
        &app.router,
        post_json(SUBMIT, Some(ORIGIN), &page_body(&moved)),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let verdict = json_of(&bytes);
    assert_eq!(verdict["valid"], false);
    assert_eq!(verdict["failing_check"], "device_authentication");
    assert!(verdict["verified"].is_null());
}

#[tokio::test]
async fn a_submission_without_a_presentation_is_400_json() {
    let app = app();
    for request in [
        post_json(SUBMIT, Some(ORIGIN), &json!({ "job": "学生" })),
        post_json(SUBMIT, Some(ORIGIN), &json!({ "presentation": "" })),
        form_request(&[("name", "山田"), ("mynaform_presentation", "")]),
        form_request(&[("name", "山田")]),
    ] {
        let (status, headers, bytes) = send(&app.router, request).await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert_eq!(headers["content-type"], "application/json");
        assert_eq!(json_of(&bytes)["error"], "presentation_missing");
    }
    let (status, _, bytes) = send(
        &app.router,
        post_json(SUBMIT, Some(ORIGIN), &json!({ "presentation": "{oops" })),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(json_of(&bytes)["error"], "bad_json");
}

#[tokio::test]
async fn outside_demo_mode_the_bank_route_does_not_exist() {
    let clock = mynaform_server::clock::ShiftedClock::default();
    let mut parts = parts(&clock);
    parts.demo = None;
    let app = app_from(parts, clock);
    let (status, _, _) = send(
        &app.router,
        post_json(SUBMIT, Some(ORIGIN), &json!({ "presentation": "{}" })),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
