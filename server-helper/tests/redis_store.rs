//! The Redis store against a real `redis-server` (started here on a free port, no persistence): store
//! semantics, and two server instances sharing one Redis accepting each presentation exactly once.
mod support;

use std::sync::Arc;

use axum::http::StatusCode;
use mynaform_server::clock::{Clock, ShiftedClock};
use mynaform_server::session::{Protocol, SessionId, SessionRecord, generate_nonce};
use mynaform_server::store::redis::RedisStore;
use mynaform_server::store::{Consumed, SessionStore, StoreError};
use serde_json::json;
use support::wallet::present_via;
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
        let presented = present_via(issuer, &a, "age_over_20", "org-iso-mdoc", "taro").await;
        presentations.push((presented.session_id, presented.device_response));
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
