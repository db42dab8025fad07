//! Where sessions live between `/sessions` and `/verify`: a trait with an in-memory store (one instance) and a
//! Redis store (several instances behind a load balancer).
//!
//! The one property every store must have: `consume` is atomic, so of any number of concurrent `/verify`
//! calls for one session, on any number of instances, exactly one receives the record.

use std::future::Future;
use std::pin::Pin;

use crate::session::{SessionId, SessionRecord};

pub mod memory;
pub mod redis;

/// A boxed future, so stores can be used as `dyn SessionStore`.
pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, StoreError>> + Send + 'a>>;

/// What the store saw when asked to consume a session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Consumed {
    /// This caller is the one that consumed the live session.
    Taken(Box<SessionRecord>),
    /// Someone consumed it before.
    AlreadyConsumed,
    /// No such session (never issued, or evicted after its retention time).
    Missing,
}

/// A session store.
pub trait SessionStore: Send + Sync {
    /// Stores a new session, kept for `retain_secs` (longer than its TTL, so that a late `/verify` learns
    /// "expired" or "consumed" rather than "unknown"). Fails if the id exists.
    fn insert<'a>(
        &'a self,
        id: &'a SessionId,
        record: &'a SessionRecord,
        retain_secs: u64,
    ) -> StoreFuture<'a, ()>;

    /// Reads a live session without consuming it (the demo wallet uses it to learn the session's origin).
    fn peek<'a>(&'a self, id: &'a SessionId) -> StoreFuture<'a, Option<SessionRecord>>;

    /// Atomically takes the session and leaves a "consumed" marker until its retention ends.
    fn consume<'a>(&'a self, id: &'a SessionId) -> StoreFuture<'a, Consumed>;

    /// A short name for logs and metrics.
    fn kind(&self) -> &'static str;
}

/// Why the store failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The in-memory store holds its maximum number of sessions.
    #[error("session store is full")]
    Full,
    /// A session with this id already exists (an RNG collision; never expected).
    #[error("session id already exists")]
    Duplicate,
    /// The Redis server failed or is unreachable.
    #[error("redis: {0}")]
    Redis(#[from] ::redis::RedisError),
    /// A stored record does not decode.
    #[error("stored session record does not decode")]
    Corrupt,
}

#[cfg(test)]
pub(crate) mod conformance {
    //! Behaviour every store must show; run against each implementation.
    use super::*;
    use crate::session::{Protocol, generate_nonce};

    pub fn record() -> SessionRecord {
        SessionRecord {
            origin: "https://rp.example".into(),
            nonce: generate_nonce().unwrap(),
            preset: "age_over_20".into(),
            birth_date_fallback: false,
            protocols: vec![Protocol::IsoMdoc],
            encryption_info: "ei".into(),
            recipient_key: serde_json::json!({"kty": "EC"}),
            created_at: 0,
            expires_at: 300,
        }
    }

    pub async fn consumes_exactly_once(store: &dyn SessionStore) {
        let id = SessionId::generate().unwrap();
        let rec = record();
        store.insert(&id, &rec, 600).await.unwrap();
        assert_eq!(store.peek(&id).await.unwrap(), Some(rec.clone()));
        assert_eq!(
            store.consume(&id).await.unwrap(),
            Consumed::Taken(Box::new(rec))
        );
        assert_eq!(store.consume(&id).await.unwrap(), Consumed::AlreadyConsumed);
        assert_eq!(store.peek(&id).await.unwrap(), None);
    }

    pub async fn reports_unknown_sessions_missing(store: &dyn SessionStore) {
        let id = SessionId::generate().unwrap();
        assert_eq!(store.consume(&id).await.unwrap(), Consumed::Missing);
        assert_eq!(store.peek(&id).await.unwrap(), None);
    }

    pub async fn refuses_duplicate_ids(store: &dyn SessionStore) {
        let id = SessionId::generate().unwrap();
        store.insert(&id, &record(), 600).await.unwrap();
        assert!(matches!(
            store.insert(&id, &record(), 600).await,
            Err(StoreError::Duplicate)
        ));
    }
}
