//! Shared test support: an application on a test PKI, request helpers, and a real `redis-server`.
#![allow(dead_code)]

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, Response, StatusCode};
use http_body_util::BodyExt;
use mynaform_server::clock::{Clock, ShiftedClock};
use mynaform_server::config::LimitsConfig;
use mynaform_server::state::DemoParts;
use mynaform_server::store::SessionStore;
use mynaform_server::store::memory::MemoryStore;
use mynaform_server::trust_anchors::TrustAnchorSet;
use mynaform_server::{AppParts, AppState};
use mynaform_verifier::TrustAnchors;
use serde_json::{Value, json};
use tower::ServiceExt;

pub mod wallet;

pub const ORIGIN: &str = "https://rp.example";
pub const API_KEY: &str = "test-api-key-0123456789";

/// An application under test with its clock.
pub struct TestApp {
    pub router: Router,
    pub clock: ShiftedClock,
    pub state: AppState,
}

/// Parts on a fresh test PKI with an in-memory store.
pub fn parts(clock: &ShiftedClock) -> AppParts {
    let clock: Arc<dyn Clock> = Arc::new(clock.clone());
    let store: Arc<dyn SessionStore> = Arc::new(MemoryStore::new(1000, clock.clone()));
    parts_with_store(clock, store)
}

pub fn parts_with_store(clock: Arc<dyn Clock>, store: Arc<dyn SessionStore>) -> AppParts {
    let wallet = mynaform_server::demo::DemoWallet::new(clock.now()).expect("test PKI");
    let mut anchors = TrustAnchors::new();
    anchors
        .add_der(wallet.pki.iaca().certificate_der())
        .expect("IACA");
    let reader = mynaform_verifier::protocol::reader_signer::SoftwareP256Signer::new(
        wallet
            .pki
            .reader()
            .key()
            .as_p256()
            .expect("P-256 reader key")
            .clone(),
        vec![wallet.pki.reader().certificate_der().to_vec()],
    )
    .expect("reader signer");
    AppParts {
        allowed_origins: vec![ORIGIN.to_owned()],
        api_keys: vec![API_KEY.to_owned()],
        session_ttl_secs: 300,
        openid4vp_signed: true,
        allow_my_number: true,
        store,
        clock,
        trust: TrustAnchorSet::new(anchors),
        reader: Some(reader),
        widget: mynaform_server::assets::WidgetFiles::new(PathBuf::from("/nonexistent/widget")),
        limits: LimitsConfig::default(),
        demo: Some(DemoParts {
            examples_dir: PathBuf::from("/nonexistent/examples"),
            wallet,
        }),
    }
}

pub fn app_from(parts: AppParts, clock: ShiftedClock) -> TestApp {
    let state = AppState::new(parts);
    TestApp {
        router: mynaform_server::app(state.clone()),
        clock,
        state,
    }
}

pub fn app() -> TestApp {
    let clock = ShiftedClock::default();
    app_from(parts(&clock), clock)
}

/// A fresh P-256 public JWK, as the widget would send.
pub fn recipient_jwk() -> Value {
    wallet::Widget::new().public_jwk()
}

pub async fn send(
    router: &Router,
    request: Request<Body>,
) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let response: Response<Body> = router.clone().oneshot(request).await.expect("infallible");
    let status = response.status();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes()
        .to_vec();
    (status, headers, body)
}

pub fn json_of(body: &[u8]) -> Value {
    serde_json::from_slice(body)
        .unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(body)))
}

pub fn post_json(path: &str, origin: Option<&str>, body: &Value) -> Request<Body> {
    let mut builder = Request::post(path).header("content-type", "application/json");
    if let Some(origin) = origin {
        builder = builder.header("origin", origin);
    }
    builder.body(Body::from(body.to_string())).expect("request")
}

pub fn verify_request(body: &Value) -> Request<Body> {
    Request::post("/mynaform/v1/verify")
        .header("content-type", "application/json")
        .header("authorization", format!("Bearer {API_KEY}"))
        .body(Body::from(body.to_string()))
        .expect("request")
}

/// Creates a session; returns the JSON answer.
pub async fn create_session(router: &Router, preset: &str, protocols: &[&str]) -> Value {
    let body = json!({ "preset": preset, "protocols": protocols, "recipient_public_key": recipient_jwk() });
    let (status, _, bytes) = send(
        router,
        post_json("/mynaform/v1/sessions", Some(ORIGIN), &body),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&bytes)
    );
    json_of(&bytes)
}

/// A real `redis-server` on a free port, stopped on drop.
pub struct RedisServer {
    child: Child,
    pub url: String,
    _dir: PathBuf,
}

impl RedisServer {
    pub fn start() -> Self {
        let binary = "/usr/bin/redis-server";
        assert!(
            std::path::Path::new(binary).exists(),
            "redis-server is missing at {binary}: run `cargo xtask setup` (installs Debian's redis-server)"
        );
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let dir =
            std::env::temp_dir().join(format!("mynaform-redis-{port}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let mut child = Command::new(binary)
            .args([
                "--port",
                &port.to_string(),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ])
            .arg("--dir")
            .arg(&dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn redis-server");
        for _ in 0..200 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Self {
                    child,
                    url: format!("redis://127.0.0.1:{port}/0"),
                    _dir: dir,
                };
            }
            std::thread::sleep(Duration::from_millis(25));
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("redis-server did not start on port {port}");
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self._dir);
    }
}
