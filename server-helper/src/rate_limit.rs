//! Per-client-IP token buckets for session creation (each session costs the server a signature and a store
//! entry, so one client must not be able to flood it).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::Instant;

/// Buckets tracked at most; beyond this, full (idle) buckets are dropped first.
const MAX_TRACKED_CLIENTS: usize = 100_000;

struct Bucket {
    tokens: f64,
    updated: Instant,
}

/// A per-IP token bucket allowing `per_minute` requests per minute with bursts of the same size.
pub struct RateLimiter {
    per_minute: f64,
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
}

impl RateLimiter {
    /// A limiter allowing `per_minute` requests per client per minute.
    pub fn new(per_minute: u32) -> Self {
        Self {
            per_minute: f64::from(per_minute.max(1)),
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one token for `client`; `false` means the request must be refused.
    pub fn allow(&self, client: IpAddr) -> bool {
        self.allow_at(client, Instant::now())
    }

    fn allow_at(&self, client: IpAddr, now: Instant) -> bool {
        let mut buckets = self
            .buckets
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if buckets.len() >= MAX_TRACKED_CLIENTS && !buckets.contains_key(&client) {
            let per_minute = self.per_minute;
            buckets.retain(|_, b| refilled(b.tokens, b.updated, now, per_minute) < per_minute);
        }
        let bucket = buckets.entry(client).or_insert(Bucket {
            tokens: self.per_minute,
            updated: now,
        });
        bucket.tokens = refilled(bucket.tokens, bucket.updated, now, self.per_minute);
        bucket.updated = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

fn refilled(tokens: f64, updated: Instant, now: Instant, per_minute: f64) -> f64 {
    let elapsed = now.saturating_duration_since(updated).as_secs_f64();
    (tokens + elapsed * per_minute / 60.0).min(per_minute)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn refuses_the_request_after_the_burst() {
        let limiter = RateLimiter::new(3);
        let ip: IpAddr = "192.0.2.1".parse().unwrap();
        let now = Instant::now();
        let results: Vec<bool> = (0..4).map(|_| limiter.allow_at(ip, now)).collect();
        assert_eq!(results, [true, true, true, false]);
    }

    #[test]
    fn counts_clients_separately() {
        let limiter = RateLimiter::new(1);
        let now = Instant::now();
        assert!(limiter.allow_at("192.0.2.1".parse().unwrap(), now));
        assert!(limiter.allow_at("192.0.2.2".parse().unwrap(), now));
        assert!(!limiter.allow_at("192.0.2.1".parse().unwrap(), now));
    }

    #[test]
    fn refills_over_time() {
        let limiter = RateLimiter::new(60);
        let ip: IpAddr = "192.0.2.1".parse().unwrap();
        let start = Instant::now();
        for _ in 0..60 {
            assert!(limiter.allow_at(ip, start));
        }
        assert!(!limiter.allow_at(ip, start));
        assert!(limiter.allow_at(ip, start + Duration::from_secs(1)));
    }
}
