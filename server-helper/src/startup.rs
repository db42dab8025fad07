//! Start-up: resolving a configuration (or demo mode) into the application state, logging, binding, and
//! graceful shutdown.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use mynaform_verifier::TrustAnchors;
use mynaform_verifier::protocol::reader_signer::SoftwareP256Signer;

use crate::assets::WidgetFiles;
use crate::clock::{Clock, SystemClock};
use crate::config::{Config, ConfigError};
use crate::demo::{DemoError, DemoWallet, check_loopback, demo_origins};
use crate::state::{AppParts, AppState, DemoParts};
use crate::store::SessionStore;
use crate::store::memory::MemoryStore;
use crate::store::redis::RedisStore;
use crate::trust_anchors::TrustAnchorSet;

/// Why the server did not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StartupError {
    /// The configuration is invalid.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// Demo mode cannot start.
    #[error(transparent)]
    Demo(#[from] DemoError),
    /// The session store cannot be reached.
    #[error("setting `store.url`: cannot connect: {0}")]
    Store(crate::store::StoreError),
    /// Binding or serving failed.
    #[error("cannot listen on {addr}: {source}")]
    Listen {
        /// The address.
        addr: SocketAddr,
        /// The I/O error.
        source: std::io::Error,
    },
}

fn read_setting(setting: &'static str, path: &PathBuf) -> Result<Vec<u8>, ConfigError> {
    std::fs::read(path).map_err(|source| ConfigError::File {
        setting,
        path: path.clone(),
        source,
    })
}

fn invalid(setting: &'static str, reason: &str) -> ConfigError {
    ConfigError::Invalid {
        setting,
        reason: reason.to_owned(),
    }
}

/// Resolves a production configuration: reads trust anchors and the reader key, connects the store.
pub async fn resolve(config: &Config, clock: Arc<dyn Clock>) -> Result<AppParts, StartupError> {
    let anchors = if config.trust_anchors.is_empty() {
        TrustAnchors::production()
            .map_err(|_| invalid("trust_anchors", "built-in production anchor is damaged"))?
    } else {
        let mut anchors = TrustAnchors::new();
        for path in &config.trust_anchors {
            let pem = read_setting("trust_anchors", path)?;
            anchors.add_pem(&pem).map_err(|_| {
                invalid(
                    "trust_anchors",
                    &format!("{} is not a PEM certificate bundle", path.display()),
                )
            })?;
        }
        anchors
    };
    let reader = match &config.reader {
        None => None,
        Some(reader) => {
            let certificate = read_setting("reader.certificate", &reader.certificate)?;
            let key = read_setting("reader.key", &reader.key)?;
            let certificate = String::from_utf8(certificate)
                .map_err(|_| invalid("reader.certificate", "not PEM"))?;
            let key = String::from_utf8(key).map_err(|_| invalid("reader.key", "not PEM"))?;
            Some(SoftwareP256Signer::from_pem(&key, &certificate).map_err(|error| {
                invalid("reader", &format!("{error} (the key must be P-256 PKCS#8/SEC1 PEM matching the certificate)"))
            })?)
        }
    };
    let store = connect_store(config, clock.clone()).await?;
    Ok(AppParts {
        allowed_origins: config.allowed_origins.clone(),
        api_keys: config.api_keys.clone(),
        session_ttl_secs: config.session_ttl_secs,
        openid4vp_signed: config.openid4vp_signed,
        allow_my_number: config.allow_my_number,
        store,
        clock,
        trust: TrustAnchorSet::new(anchors),
        reader,
        widget: WidgetFiles::new(&config.widget_dir),
        limits: config.limits.clone(),
        demo: None,
    })
}

/// Connects the configured session store.
pub async fn connect_store(
    config: &Config,
    clock: Arc<dyn Clock>,
) -> Result<Arc<dyn SessionStore>, StartupError> {
    if config.store.url == "memory" {
        return Ok(Arc::new(MemoryStore::new(config.store.max_sessions, clock)));
    }
    let store = RedisStore::connect(&config.store.url, &config.store.key_prefix)
        .await
        .map_err(StartupError::Store)?;
    Ok(Arc::new(store))
}

/// Demo mode on `addr`: a fresh test PKI, the demo origins, a demo API key, `examples/` and the demo wallet.
/// From `config` only the widget directory, the store and the limits are used (so the demo can be
/// benchmarked against Redis).
pub async fn demo_parts(
    addr: &SocketAddr,
    config: &Config,
    examples_dir: PathBuf,
    api_key: String,
) -> Result<AppParts, StartupError> {
    check_loopback(addr)?;
    let clock: Arc<dyn Clock> = Arc::new(SystemClock);
    let wallet = DemoWallet::new(clock.now())?;
    let mut anchors = TrustAnchors::new();
    anchors
        .add_der(wallet.pki.iaca().certificate_der())
        .map_err(|_| DemoError::Pki)?;
    let reader_key = wallet
        .pki
        .reader()
        .key()
        .as_p256()
        .ok_or(DemoError::Pki)?
        .clone();
    let chain = vec![
        wallet.pki.reader().certificate_der().to_vec(),
        wallet.pki.reader_ca().certificate_der().to_vec(),
    ];
    let reader = SoftwareP256Signer::new(reader_key, chain).map_err(|_| DemoError::Pki)?;
    Ok(AppParts {
        allowed_origins: demo_origins(addr),
        api_keys: vec![api_key],
        session_ttl_secs: config.session_ttl_secs,
        openid4vp_signed: true,
        allow_my_number: true,
        store: connect_store(config, clock.clone()).await?,
        clock,
        trust: TrustAnchorSet::new(anchors),
        reader: Some(reader),
        widget: WidgetFiles::new(&config.widget_dir),
        limits: config.limits.clone(),
        demo: Some(DemoParts {
            examples_dir,
            wallet,
        }),
    })
}

/// Installs the JSON log subscriber (level from `RUST_LOG`, default `info`).
pub fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .json()
        .with_env_filter(filter)
        .with_current_span(true)
        .try_init();
}

/// Binds `addr` and serves until Ctrl-C / SIGTERM, then drains in-flight requests.
pub async fn serve(state: AppState, addr: SocketAddr) -> Result<(), StartupError> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| StartupError::Listen { addr, source })?;
    let local = listener
        .local_addr()
        .map_err(|source| StartupError::Listen { addr, source })?;
    tracing::info!(addr = %local, store = state.parts.store.kind(), demo = state.parts.demo.is_some(), "listening");
    let app = crate::app(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|source| StartupError::Listen { addr, source })
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
