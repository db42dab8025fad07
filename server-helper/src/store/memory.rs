//! The default, in-memory session store: bounded, with TTL eviction. Suits a single server instance.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use super::{Consumed, SessionStore, StoreError, StoreFuture};
use crate::clock::Clock;
use crate::session::{SessionId, SessionRecord};

enum Slot {
    Live(SessionRecord),
    Consumed,
}

struct Entry {
    slot: Slot,
}

#[derive(Default)]
struct Inner {
    entries: HashMap<SessionId, Entry>,
    /// Ids in insertion order with their eviction time; retention is the same for all sessions, so this is
    /// also eviction order.
    order: VecDeque<(i64, SessionId)>,
}

/// A bounded in-memory session store.
pub struct MemoryStore {
    inner: Mutex<Inner>,
    capacity: usize,
    clock: Arc<dyn Clock>,
}

impl MemoryStore {
    /// A store holding at most `capacity` sessions (live or consumed markers).
    pub fn new(capacity: usize, clock: Arc<dyn Clock>) -> Self {
        Self {
            inner: Mutex::new(Inner::default()),
            capacity,
            clock,
        }
    }

    /// Number of entries currently held (live sessions and consumed markers).
    pub fn len(&self) -> usize {
        self.lock().entries.len()
    }

    /// Whether the store holds nothing.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A panic while holding the lock cannot leave the map inconsistent in a way that matters here.
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn evict_expired(inner: &mut Inner, now: i64) {
        while let Some((evict_at, _)) = inner.order.front() {
            if *evict_at > now {
                break;
            }
            if let Some((_, id)) = inner.order.pop_front() {
                inner.entries.remove(&id);
            }
        }
    }
}

impl SessionStore for MemoryStore {
    fn insert<'a>(
        &'a self,
        id: &'a SessionId,
        record: &'a SessionRecord,
        retain_secs: u64,
    ) -> StoreFuture<'a, ()> {
        let now = self.clock.now().unix_timestamp();
        let result = (|| {
            let mut inner = self.lock();
            Self::evict_expired(&mut inner, now);
            if inner.entries.contains_key(id) {
                return Err(StoreError::Duplicate);
            }
            if inner.entries.len() >= self.capacity {
                return Err(StoreError::Full);
            }
            let evict_at = now.saturating_add(i64::try_from(retain_secs).unwrap_or(i64::MAX));
            inner.entries.insert(
                id.clone(),
                Entry {
                    slot: Slot::Live(record.clone()),
                },
            );
            inner.order.push_back((evict_at, id.clone()));
            Ok(())
        })();
        Box::pin(std::future::ready(result))
    }

    fn peek<'a>(&'a self, id: &'a SessionId) -> StoreFuture<'a, Option<SessionRecord>> {
        let now = self.clock.now().unix_timestamp();
        let mut inner = self.lock();
        Self::evict_expired(&mut inner, now);
        let found = match inner.entries.get(id) {
            Some(Entry {
                slot: Slot::Live(record),
                ..
            }) => Some(record.clone()),
            _ => None,
        };
        Box::pin(std::future::ready(Ok(found)))
    }

    fn consume<'a>(&'a self, id: &'a SessionId) -> StoreFuture<'a, Consumed> {
        let now = self.clock.now().unix_timestamp();
        let mut inner = self.lock();
        Self::evict_expired(&mut inner, now);
        let outcome = match inner.entries.get_mut(id) {
            None => Consumed::Missing,
            Some(entry) => match std::mem::replace(&mut entry.slot, Slot::Consumed) {
                Slot::Live(record) => Consumed::Taken(Box::new(record)),
                Slot::Consumed => Consumed::AlreadyConsumed,
            },
        };
        Box::pin(std::future::ready(Ok(outcome)))
    }

    fn kind(&self) -> &'static str {
        "memory"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::ShiftedClock;
    use crate::store::conformance;

    fn store(capacity: usize) -> (MemoryStore, ShiftedClock) {
        let clock = ShiftedClock::default();
        (MemoryStore::new(capacity, Arc::new(clock.clone())), clock)
    }

    #[tokio::test]
    async fn consumes_exactly_once() {
        conformance::consumes_exactly_once(&store(10).0).await;
    }

    #[tokio::test]
    async fn reports_unknown_sessions_missing() {
        conformance::reports_unknown_sessions_missing(&store(10).0).await;
    }

    #[tokio::test]
    async fn refuses_duplicate_ids() {
        conformance::refuses_duplicate_ids(&store(10).0).await;
    }

    #[tokio::test]
    async fn refuses_new_sessions_when_full() {
        let (store, _) = store(2);
        for _ in 0..2 {
            store
                .insert(&SessionId::generate().unwrap(), &conformance::record(), 600)
                .await
                .unwrap();
        }
        let third = store
            .insert(&SessionId::generate().unwrap(), &conformance::record(), 600)
            .await;
        assert!(matches!(third, Err(StoreError::Full)));
    }

    #[tokio::test]
    async fn evicts_entries_after_their_retention_and_makes_room() {
        let (store, clock) = store(2);
        let first = SessionId::generate().unwrap();
        store
            .insert(&first, &conformance::record(), 600)
            .await
            .unwrap();
        store
            .insert(&SessionId::generate().unwrap(), &conformance::record(), 600)
            .await
            .unwrap();
        clock.advance(601);
        store
            .insert(&SessionId::generate().unwrap(), &conformance::record(), 600)
            .await
            .unwrap();
        assert_eq!(store.len(), 1);
        assert_eq!(store.consume(&first).await.unwrap(), Consumed::Missing);
    }
}
