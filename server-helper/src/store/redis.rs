//! The Redis session store, for several server instances sharing one Redis.
//!
//! Insert is `SET key value NX EX retain`; consume is one Lua script that reads the value and replaces a
//! live record by a "consumed" marker (keeping its TTL) in the same atomic step, so two instances can never
//! both receive one session.

use redis::AsyncCommands;
use redis::aio::ConnectionManager;

use super::{Consumed, SessionStore, StoreError, StoreFuture};
use crate::session::{SessionId, SessionRecord};

const CONSUMED_MARKER: &str = "consumed";

/// Atomic get-and-mark: returns the previous value (nil, the marker, or a live record).
const CONSUME_SCRIPT: &str = r#"
local v = redis.call('GET', KEYS[1])
if v and v ~= ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'KEEPTTL')
end
return v
"#;

/// A session store in Redis.
#[derive(Clone)]
pub struct RedisStore {
    connection: ConnectionManager,
    prefix: String,
    consume_script: redis::Script,
}

impl RedisStore {
    /// Connects to `url` (`redis://host:port/db`); keys are prefixed with `prefix`.
    pub async fn connect(url: &str, prefix: &str) -> Result<Self, StoreError> {
        let client = redis::Client::open(url)?;
        // The default 500 ms response timeout is too tight for a loaded instance; a request's own timeout
        // still bounds the wait.
        let config = redis::aio::ConnectionManagerConfig::new()
            .set_response_timeout(Some(std::time::Duration::from_secs(5)))
            .set_connection_timeout(Some(std::time::Duration::from_secs(2)));
        let connection = ConnectionManager::new_with_config(client, config).await?;
        Ok(Self {
            connection,
            prefix: prefix.to_owned(),
            consume_script: redis::Script::new(CONSUME_SCRIPT),
        })
    }

    fn key(&self, id: &SessionId) -> String {
        format!("{}session:{}", self.prefix, id.as_str())
    }
}

fn decode(value: &str) -> Result<SessionRecord, StoreError> {
    serde_json::from_str(value).map_err(|_| StoreError::Corrupt)
}

impl SessionStore for RedisStore {
    fn insert<'a>(
        &'a self,
        id: &'a SessionId,
        record: &'a SessionRecord,
        retain_secs: u64,
    ) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            let value = serde_json::to_string(record).map_err(|_| StoreError::Corrupt)?;
            let options = redis::SetOptions::default()
                .conditional_set(redis::ExistenceCheck::NX)
                .with_expiration(redis::SetExpiry::EX(retain_secs.max(1)));
            let mut connection = self.connection.clone();
            let stored: Option<String> =
                connection.set_options(self.key(id), value, options).await?;
            match stored {
                Some(_) => Ok(()),
                None => Err(StoreError::Duplicate),
            }
        })
    }

    fn peek<'a>(&'a self, id: &'a SessionId) -> StoreFuture<'a, Option<SessionRecord>> {
        Box::pin(async move {
            let mut connection = self.connection.clone();
            let value: Option<String> = connection.get(self.key(id)).await?;
            match value.as_deref() {
                None | Some(CONSUMED_MARKER) => Ok(None),
                Some(json) => decode(json).map(Some),
            }
        })
    }

    fn consume<'a>(&'a self, id: &'a SessionId) -> StoreFuture<'a, Consumed> {
        Box::pin(async move {
            let mut connection = self.connection.clone();
            let previous: Option<String> = self
                .consume_script
                .key(self.key(id))
                .arg(CONSUMED_MARKER)
                .invoke_async(&mut connection)
                .await?;
            match previous.as_deref() {
                None => Ok(Consumed::Missing),
                Some(CONSUMED_MARKER) => Ok(Consumed::AlreadyConsumed),
                Some(json) => decode(json).map(|record| Consumed::Taken(Box::new(record))),
            }
        })
    }

    fn kind(&self) -> &'static str {
        "redis"
    }
}
