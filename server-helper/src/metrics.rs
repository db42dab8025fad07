//! Prometheus text exposition (format 0.0.4), written by hand: a few counters and latency histograms.

use std::fmt::Write as _;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Histogram bucket upper bounds in seconds.
const BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
];

#[derive(Default)]
struct Histogram {
    counts: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

impl Histogram {
    fn observe(&mut self, secs: f64) {
        for (bound, count) in BUCKETS.iter().zip(self.counts.iter_mut()) {
            if secs <= *bound {
                *count += 1;
            }
        }
        self.count += 1;
        self.sum += secs;
    }

    fn write(&self, out: &mut String, name: &str, labels: &str) {
        for (bound, count) in BUCKETS.iter().zip(self.counts.iter()) {
            let _ = writeln!(out, "{name}_bucket{{{labels}le=\"{bound}\"}} {count}");
        }
        let _ = writeln!(out, "{name}_bucket{{{labels}le=\"+Inf\"}} {}", self.count);
        let plain = labels.trim_end_matches(',');
        let braces = if plain.is_empty() {
            String::new()
        } else {
            format!("{{{plain}}}")
        };
        let _ = writeln!(out, "{name}_sum{braces} {}", self.sum);
        let _ = writeln!(out, "{name}_count{braces} {}", self.count);
    }
}

/// Outcome label of a verification.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VerificationOutcome {
    /// Verified, all checks passed.
    Valid,
    /// Verified, some check failed.
    Invalid,
    /// Refused before verification (unknown, consumed, expired session, malformed input).
    Rejected,
}

/// The server's metrics.
#[derive(Default)]
pub struct Metrics {
    sessions_created: AtomicU64,
    verifications: [AtomicU64; 3],
    session_latency: Mutex<Histogram>,
    verify_latency: Mutex<Histogram>,
    http_responses: Mutex<std::collections::BTreeMap<u16, u64>>,
}

impl Metrics {
    /// Counts one created session and its latency.
    pub fn session_created(&self, elapsed: Duration) {
        self.sessions_created.fetch_add(1, Ordering::Relaxed);
        lock(&self.session_latency).observe(elapsed.as_secs_f64());
    }

    /// Counts one verification by outcome and its latency.
    pub fn verification(&self, outcome: VerificationOutcome, elapsed: Duration) {
        self.verifications[outcome as usize].fetch_add(1, Ordering::Relaxed);
        lock(&self.verify_latency).observe(elapsed.as_secs_f64());
    }

    /// Counts one HTTP response by status.
    pub fn response(&self, status: u16) {
        *lock(&self.http_responses).entry(status).or_insert(0) += 1;
    }

    /// Renders everything in the Prometheus text format.
    pub fn render(&self, store_kind: &str) -> String {
        let mut out = String::new();
        out.push_str("# HELP mynaform_sessions_created_total Sessions issued.\n");
        out.push_str("# TYPE mynaform_sessions_created_total counter\n");
        let _ = writeln!(
            out,
            "mynaform_sessions_created_total{{store=\"{store_kind}\"}} {}",
            self.sessions_created.load(Ordering::Relaxed)
        );
        out.push_str(
            "# HELP mynaform_verifications_total Presentations received at /verify, by result.\n",
        );
        out.push_str("# TYPE mynaform_verifications_total counter\n");
        for (label, outcome) in [
            ("valid", VerificationOutcome::Valid),
            ("invalid", VerificationOutcome::Invalid),
            ("rejected", VerificationOutcome::Rejected),
        ] {
            let value = self.verifications[outcome as usize].load(Ordering::Relaxed);
            let _ = writeln!(
                out,
                "mynaform_verifications_total{{result=\"{label}\"}} {value}"
            );
        }
        out.push_str("# HELP mynaform_session_create_seconds Time to issue a session.\n");
        out.push_str("# TYPE mynaform_session_create_seconds histogram\n");
        lock(&self.session_latency).write(&mut out, "mynaform_session_create_seconds", "");
        out.push_str("# HELP mynaform_verify_seconds Time to answer /verify.\n");
        out.push_str("# TYPE mynaform_verify_seconds histogram\n");
        lock(&self.verify_latency).write(&mut out, "mynaform_verify_seconds", "");
        out.push_str("# HELP mynaform_http_responses_total HTTP responses by status.\n");
        out.push_str("# TYPE mynaform_http_responses_total counter\n");
        for (status, count) in lock(&self.http_responses).iter() {
            let _ = writeln!(
                out,
                "mynaform_http_responses_total{{status=\"{status}\"}} {count}"
            );
        }
        out
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_counters_and_histograms() {
        let metrics = Metrics::default();
        metrics.session_created(Duration::from_millis(3));
        metrics.verification(VerificationOutcome::Valid, Duration::from_millis(20));
        metrics.verification(VerificationOutcome::Rejected, Duration::from_millis(1));
        metrics.response(409);
        let text = metrics.render("memory");
        assert!(
            text.contains("mynaform_sessions_created_total{store=\"memory\"} 1"),
            "{text}"
        );
        assert!(text.contains("mynaform_verifications_total{result=\"valid\"} 1"));
        assert!(text.contains("mynaform_verifications_total{result=\"rejected\"} 1"));
        assert!(text.contains("mynaform_session_create_seconds_bucket{le=\"0.005\"} 1"));
        assert!(text.contains("mynaform_session_create_seconds_bucket{le=\"0.0025\"} 0"));
        assert!(text.contains("mynaform_verify_seconds_count 2"));
        assert!(text.contains("mynaform_http_responses_total{status=\"409\"} 1"));
    }
}
