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
    assert!(matches!(store.insert(&id, &rec, 60).await, Err(StoreError::Duplicate)));
    assert_eq!(store.peek(&id).await.unwrap(), Some(rec.clone()));
    assert_eq!(store.consume(&id).await.unwrap(), Consumed::Taken(Box::new(rec)));
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
    let ttl: i64 = redis::cmd("TTL").arg(format!("test:session:{}", id.as_str())).query_async(&mut connection).await.unwrap();
    assert!((0..=1).contains(&ttl), "ttl {ttl}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_instances_sharing_redis_accept_each_of_200_double_submissions_once() {
    let redis = RedisServer::start();
    let clock = ShiftedClock::default();
    let instance = |clock: ShiftedClock| {
        let url = redis.url.clone();
        async move {
            let store: Arc<dyn SessionStore> = Arc::new(RedisStore::connect(&url, "shared:").await.unwrap());
            let shared: Arc<dyn Clock> = Arc::new(clock.clone());
            let mut parts = parts_with_store(shared, store);
            parts.limits.sessions_per_minute_per_ip = 10_000;
            app_from(parts, clock)
        }
    };
    let a = instance(clock.clone()).await;
    let b = instance(clock.clone()).await;

    let mut ids = Vec::new();
    for i in 0..200 {
        let issuer = if i % 2 == 0 { &a } else { &b };
        let session = create_session(&issuer.router, "age_over_20", &["org-iso-mdoc"]).await;
        ids.push(session["session_id"].as_str().unwrap().to_owned());
    }
    let mut tasks = Vec::new();
    for id in &ids {
        for router in [a.router.clone(), b.router.clone()] {
            let body = json!({ "presentation": {
                "session_id": id, "protocol": "org-iso-mdoc",
                "device_response": Base64UrlUnpadded::encode_string(&[0xa0]),
            }});
            let id = id.clone();
            tasks.push(tokio::spawn(async move { (id, send(&router, verify_request(&body)).await.0) }));
        }
    }
    let mut accepted = std::collections::HashMap::<String, usize>::new();
    let mut conflicts = 0;
    for task in tasks {
        let (id, status) = task.await.unwrap();
        match status {
            StatusCode::OK => *accepted.entry(id).or_default() += 1,
            StatusCode::CONFLICT => conflicts += 1,
            other => panic!("unexpected status {other}"),
        }
    }
    assert_eq!(accepted.len(), 200, "every session accepted once");
    assert!(accepted.values().all(|&n| n == 1), "no session accepted twice");
    assert_eq!(conflicts, 200);
}
