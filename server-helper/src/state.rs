//! The application state shared by all handlers: resolved configuration, the session store, trust anchors,
//! the reader identity, limits and metrics. Built once at start-up; cheap to clone.

use std::ops::Deref;
use std::path::PathBuf;
use std::sync::Arc;

use crate::assets::WidgetFiles;
use crate::clock::Clock;
use crate::config::LimitsConfig;
use crate::demo::DemoWallet;
use crate::metrics::Metrics;
use crate::rate_limit::RateLimiter;
use crate::store::SessionStore;
use crate::trust_anchors::TrustAnchorSet;
use mynaform_verifier::protocol::reader_signer::SoftwareP256Signer;

/// Seconds a session record is kept after its TTL, so a late `/verify` is told "expired" (410) or
/// "consumed" (409) rather than "unknown" (404).
pub const RETENTION_GRACE_SECS: u64 = 600;

/// Everything the application needs, resolved (files read, keys parsed, store connected).
pub struct AppParts {
    /// Origins allowed to create sessions.
    pub allowed_origins: Vec<String>,
    /// API keys accepted by `/verify`.
    pub api_keys: Vec<String>,
    /// Session time to live.
    pub session_ttl_secs: u64,
    /// Whether to offer the signed OpenID4VP request.
    pub openid4vp_signed: bool,
    /// Whether this relying party may request the My Number (legal basis under 番号法 §9/§19).
    pub allow_my_number: bool,
    /// The session store.
    pub store: Arc<dyn SessionStore>,
    /// The clock.
    pub clock: Arc<dyn Clock>,
    /// Trust anchors.
    pub trust: TrustAnchorSet,
    /// The reader certificate and key, if configured.
    pub reader: Option<SoftwareP256Signer>,
    /// The widget's files.
    pub widget: WidgetFiles,
    /// Limits.
    pub limits: LimitsConfig,
    /// Demo mode: examples directory and the demo wallet.
    pub demo: Option<DemoParts>,
}

/// What only demo mode has.
pub struct DemoParts {
    /// Directory served at `/` (the example pages).
    pub examples_dir: PathBuf,
    /// The test wallet answering requests for browsers without a wallet.
    pub wallet: DemoWallet,
}

/// The shared state (an `Arc` around [`Shared`]).
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

/// The state's contents.
pub struct Shared {
    /// The resolved parts.
    pub parts: AppParts,
    /// Per-IP limiter for session creation.
    pub limiter: RateLimiter,
    /// Metrics.
    pub metrics: Metrics,
}

impl AppState {
    /// Wraps resolved parts.
    pub fn new(parts: AppParts) -> Self {
        let limiter = RateLimiter::new(parts.limits.sessions_per_minute_per_ip);
        Self(Arc::new(Shared {
            parts,
            limiter,
            metrics: Metrics::default(),
        }))
    }
}

impl Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}
