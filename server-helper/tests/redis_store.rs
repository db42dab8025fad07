//! The Redis store against a real `redis-server` (started here on a free port, no persistence): store
//! semantics, and two server instances sharing one Redis accepting each presentation exactly once.
mod support;

use std::sync::Arc;

use axum::http::StatusCode;
use base64ct::{Base64UrlUnpadded, Encoding};
use mynaform_server::clock::{Clock, ShiftedClock};
use mynaform_server::session::{Protocol, SessionId, SessionRecord, generate_nonce};
use mynaform_server::store::redis::RedisStore;
use mynaform_server::store::{Consumed, SessionStore, StoreError};
use mynaform_verifier::protocol::annex_c::AnnexCResponse;
use mynaform_verifier::protocol::hpke::HpkeRecipientKey;
use mynaform_verifier::protocol::transcript::{EcPublicJwk, Origin, SessionTranscript};
use serde_json::json;
use support::*;

fn record() -> SessionRecord {
    SessionRecord {
        origin: ORIGIN.into(),
        nonce: generate_nonce().unwrap(),
        preset: "age_over_20".into(),
        birth_date_fallback: false,
        protocols: vec![Protocol::IsoMdoc],
        encryption_info: "ei".into(),
        recipient_key: json!({}),
        created_at: 0,
        expires_at: 300,
    }
}

#[tokio::test]
async fn redis_store_consumes_exactly_once_and_refuses_duplicates() {
    let redis = RedisServer::start();
    let store = RedisStore::connect(&redis.url, "test:").await.unwrap();
    let id = SessionId::generate().unwrap();
    let rec = record();
    assert_eq!(store.consume(&id).await.unwrap(), Consumed::Missing);
    store.insert(&id, &rec, 60).await.unwrap();
    assert!(matches!(
        store.insert(&id, &rec, 60).await,
        Err(StoreError::Duplicate)
    ));
    assert_eq!(store.peek(&id).await.unwrap(), Some(rec.clone()));
    assert_eq!(
        store.consume(&id).await.unwrap(),
        Consumed::Taken(Box::new(rec))
    );
    assert_eq!(store.consume(&id).await.unwrap(), Consumed::AlreadyConsumed);
    assert_eq!(store.peek(&id).await.unwrap(), None);
}

#[tokio::test]
async fn redis_keys_expire_after_their_retention() {
    let redis = RedisServer::start();
    let store = RedisStore::connect(&redis.url, "test:").await.unwrap();
    let id = SessionId::generate().unwrap();
    store.insert(&id, &record(), 1).await.unwrap();
    let client = redis::Client::open(redis.url.as_str()).unwrap();
    let mut connection = client.get_multiplexed_async_connection().await.unwrap();
    let ttl: i64 = redis::cmd("TTL")
        .arg(format!("test:session:{}", id.as_str()))
        .query_async(&mut connection)
        .await
        .unwrap();
    assert!((0..=1).contains(&ttl), "ttl {ttl}");
}

/// Creates a session on `issuer`, has the (shared) demo wallet answer it and decrypts like the widget.
async fn valid_presentation(issuer: &TestApp, wallet_app: &TestApp) -> (String, String) {
    let secret = loop {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).unwrap();
        if let Ok(secret) = p256::SecretKey::from_slice(&bytes) {
            break secret;
        }
    };
    let jwk = EcPublicJwk::from_public_key(&secret.public_key()).to_json(&[]);
    let body = json!({ "preset": "age_over_20", "protocols": ["org-iso-mdoc"], "recipient_public_key": jwk });
    let (status, _, bytes) = send(
        &issuer.router,
        post_json("/mynaform/v1/sessions", Some(ORIGIN), &body),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let session = json_of(&bytes);
    let request = session["requests"][0].clone();
    let ask = json!({ "request": request, "session_id": session["session_id"] });
    let (status, _, bytes) = send(
        &wallet_app.router,
        post_json("/mynaform/v1/demo-wallet/respond", Some(ORIGIN), &ask),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let answer = json_of(&bytes);
    let info = request["data"]["encryptionInfo"].as_str().unwrap();
    let transcript = SessionTranscript::dcapi(info, &Origin::parse(ORIGIN).unwrap()).unwrap();
    let device_response = AnnexCResponse::from_json(&answer["data"])
        .unwrap()
        .open(&HpkeRecipientKey::from_secret_key(secret), &transcript)
        .unwrap();
    (
        session["session_id"].as_str().unwrap().to_owned(),
        Base64UrlUnpadded::encode_string(&device_response),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_instances_sharing_redis_accept_each_of_200_double_submissions_once() {
    let redis = RedisServer::start();
    let clock = ShiftedClock::default();
    let shared: Arc<dyn Clock> = Arc::new(clock.clone());
    let store = || async {
        Arc::new(RedisStore::connect(&redis.url, "shared:").await.unwrap()) as Arc<dyn SessionStore>
    };
    let mut parts_a = parts_with_store(shared.clone(), store().await);
    parts_a.limits.sessions_per_minute_per_ip = 10_000;
    let mut parts_b = parts_with_store(shared, store().await);
    parts_b.limits.sessions_per_minute_per_ip = 10_000;
    // One relying party: both instances trust the same IACA; B sends unsigned requests (its own test
    // reader certificate is not one the shared demo wallet trusts).
    parts_b.trust = parts_a.trust.clone();
    parts_b.reader = None;
    let a = app_from(parts_a, clock.clone());
    let b = app_from(parts_b, clock);

    let mut presentations = Vec::new();
    for i in 0..200 {
        let issuer = if i % 2 == 0 { &a } else { &b };
        presentations.push(valid_presentation(issuer, &a).await);
    }
    let mut tasks = Vec::new();
    for (id, device_response) in &presentations {
        for router in [a.router.clone(), b.router.clone()] {
            let body = json!({ "presentation": {
                "session_id": id, "protocol": "org-iso-mdoc", "device_response": device_response,
            }});
            let id = id.clone();
            tasks.push(tokio::spawn(async move {
                let (status, _, bytes) = send(&router, verify_request(&body)).await;
                (id, status, bytes)
            }));
        }
    }
    let mut accepted = std::collections::HashMap::<String, usize>::new();
    let mut conflicts = 0;
    for task in tasks {
        let (id, status, bytes) = task.await.unwrap();
        match status {
            StatusCode::OK => {
                assert_eq!(json_of(&bytes)["valid"], true);
                *accepted.entry(id).or_default() += 1;
            }
            StatusCode::CONFLICT => conflicts += 1,
            other => panic!("unexpected status {other}"),
        }
    }
    assert_eq!(accepted.len(), 200, "every session accepted once");
    assert!(
        accepted.values().all(|&n| n == 1),
        "no session accepted twice"
    );
    assert_eq!(conflicts, 200);
}
