//! Configuration: a TOML file, then environment overrides (`MYNAFORM_*`), then validation. Any problem stops
//! start-up with an error naming the setting.
//!
//! ```toml
//! listen = "0.0.0.0:8080"
//! allowed_origins = ["https://rp.example"]
//! api_keys = ["a-long-random-secret"]
//! trust_anchors = ["/etc/mynaform/iaca.pem"]   # default: the production IACA built into the verifier
//! session_ttl_secs = 300
//! allow_my_number = false                       # true only with a legal basis (番号法 §9, §19)
//! widget_dir = "dist/widget"
//!
//! [reader]                                      # signs the Annex C readerAuthAll (and the signed OpenID4VP request)
//! certificate = "/etc/mynaform/reader.pem"
//! key = "/etc/mynaform/reader.key"              # PKCS#8 PEM, P-256; must match the certificate
//!
//! [store]
//! url = "memory"                                # or "redis://127.0.0.1:6379/0"
//! max_sessions = 100000
//!
//! [limits]
//! body_bytes = 262144
//! sessions_per_minute_per_ip = 60
//! request_timeout_secs = 15
//! ```

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// The configuration as written in the TOML file (after environment overrides).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Address to bind.
    #[serde(default = "default_listen")]
    pub listen: String,
    /// Web origins allowed to create sessions (exact `scheme://host[:port]`).
    #[serde(default)]
    pub allowed_origins: Vec<String>,
    /// API keys accepted by `/verify` (Bearer tokens).
    #[serde(default)]
    pub api_keys: Vec<String>,
    /// PEM files with trust anchors (IACA certificates); empty means the production default.
    #[serde(default)]
    pub trust_anchors: Vec<PathBuf>,
    /// Session time to live in seconds.
    #[serde(default = "default_ttl")]
    pub session_ttl_secs: u64,
    /// Directory holding the built widget (`widget.js`, the wasm).
    #[serde(default = "default_widget_dir")]
    pub widget_dir: PathBuf,
    /// The reader certificate and key.
    #[serde(default)]
    pub reader: Option<ReaderConfig>,
    /// Whether to offer the signed OpenID4VP request (needs `reader`).
    #[serde(default)]
    pub openid4vp_signed: bool,
    /// Whether this relying party may request the My Number (only with a legal basis under 番号法 §9/§19).
    #[serde(default)]
    pub allow_my_number: bool,
    /// Session store.
    #[serde(default)]
    pub store: StoreConfig,
    /// Limits.
    #[serde(default)]
    pub limits: LimitsConfig,
}

/// Reader certificate and key files.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ReaderConfig {
    /// PEM certificate (chain: leaf first).
    pub certificate: PathBuf,
    /// PKCS#8 PEM private key.
    pub key: PathBuf,
}

/// Session store settings.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct StoreConfig {
    /// `memory` or a `redis://` URL.
    #[serde(default = "default_store_url")]
    pub url: String,
    /// Capacity of the in-memory store.
    #[serde(default = "default_max_sessions")]
    pub max_sessions: usize,
    /// Key prefix in Redis.
    #[serde(default = "default_prefix")]
    pub key_prefix: String,
}

/// Request limits.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LimitsConfig {
    /// Maximum request body size in bytes.
    #[serde(default = "default_body_bytes")]
    pub body_bytes: usize,
    /// Session creations allowed per client IP per minute.
    #[serde(default = "default_rate")]
    pub sessions_per_minute_per_ip: u32,
    /// Per-request timeout in seconds.
    #[serde(default = "default_timeout")]
    pub request_timeout_secs: u64,
    /// Behind a reverse proxy: take the client address for rate limiting from the last
    /// `X-Forwarded-For` entry (the one the proxy appended) instead of the TCP peer.
    #[serde(default)]
    pub trust_forwarded_for: bool,
}

fn default_listen() -> String {
    "127.0.0.1:8080".into()
}
fn default_ttl() -> u64 {
    300
}
fn default_widget_dir() -> PathBuf {
    PathBuf::from("dist/widget")
}
fn default_store_url() -> String {
    "memory".into()
}
fn default_max_sessions() -> usize {
    100_000
}
fn default_prefix() -> String {
    "mynaform:".into()
}
fn default_body_bytes() -> usize {
    256 * 1024
}
fn default_rate() -> u32 {
    60
}
fn default_timeout() -> u64 {
    15
}

impl Default for StoreConfig {
    fn default() -> Self {
        Self {
            url: default_store_url(),
            max_sessions: default_max_sessions(),
            key_prefix: default_prefix(),
        }
    }
}

impl Default for LimitsConfig {
    fn default() -> Self {
        Self {
            body_bytes: default_body_bytes(),
            sessions_per_minute_per_ip: default_rate(),
            request_timeout_secs: default_timeout(),
            trust_forwarded_for: false,
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            listen: default_listen(),
            allowed_origins: Vec::new(),
            api_keys: Vec::new(),
            trust_anchors: Vec::new(),
            session_ttl_secs: default_ttl(),
            widget_dir: default_widget_dir(),
            reader: None,
            openid4vp_signed: false,
            allow_my_number: false,
            store: StoreConfig::default(),
            limits: LimitsConfig::default(),
        }
    }
}

/// A configuration problem; each variant names the setting.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The file cannot be read.
    #[error("cannot read configuration file {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The TOML does not parse or has an unknown key / wrong type.
    #[error("configuration file: {0}")]
    Toml(#[from] toml::de::Error),
    /// A setting has an invalid value.
    #[error("setting `{setting}`: {reason}")]
    Invalid {
        /// The setting's name (TOML key or environment variable).
        setting: &'static str,
        /// What is wrong.
        reason: String,
    },
    /// A file named by a setting cannot be read.
    #[error("setting `{setting}`: cannot read {}: {source}", path.display())]
    File {
        /// The setting.
        setting: &'static str,
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
}

fn invalid(setting: &'static str, reason: impl Into<String>) -> ConfigError {
    ConfigError::Invalid {
        setting,
        reason: reason.into(),
    }
}

fn list(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

fn number<T: std::str::FromStr>(setting: &'static str, value: &str) -> Result<T, ConfigError> {
    value
        .trim()
        .parse()
        .map_err(|_| invalid(setting, "not a number"))
}

impl Config {
    /// Reads a TOML file and applies the process environment.
    pub fn load(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_owned(),
            source,
        })?;
        Self::from_toml(&text, |name| std::env::var(name).ok())
    }

    /// Parses TOML text, then applies overrides from `env` (a lookup of `MYNAFORM_*` variables), then
    /// validates.
    pub fn from_toml(
        text: &str,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, ConfigError> {
        let mut config: Config = toml::from_str(text)?;
        config.apply_env(env)?;
        config.validate()?;
        Ok(config)
    }

    /// Applies `MYNAFORM_*` environment overrides.
    pub fn apply_env(&mut self, env: impl Fn(&str) -> Option<String>) -> Result<(), ConfigError> {
        if let Some(v) = env("MYNAFORM_LISTEN") {
            self.listen = v;
        }
        if let Some(v) = env("MYNAFORM_ALLOWED_ORIGINS") {
            self.allowed_origins = list(&v);
        }
        if let Some(v) = env("MYNAFORM_API_KEYS") {
            self.api_keys = list(&v);
        }
        if let Some(v) = env("MYNAFORM_TRUST_ANCHORS") {
            self.trust_anchors = list(&v).into_iter().map(PathBuf::from).collect();
        }
        if let Some(v) = env("MYNAFORM_SESSION_TTL_SECS") {
            self.session_ttl_secs = number("MYNAFORM_SESSION_TTL_SECS", &v)?;
        }
        if let Some(v) = env("MYNAFORM_WIDGET_DIR") {
            self.widget_dir = PathBuf::from(v);
        }
        match (env("MYNAFORM_READER_CERT"), env("MYNAFORM_READER_KEY")) {
            (Some(certificate), Some(key)) => {
                self.reader = Some(ReaderConfig {
                    certificate: certificate.into(),
                    key: key.into(),
                })
            }
            (None, None) => {}
            _ => {
                return Err(invalid(
                    "MYNAFORM_READER_CERT",
                    "set both MYNAFORM_READER_CERT and MYNAFORM_READER_KEY",
                ));
            }
        }
        if let Some(v) = env("MYNAFORM_STORE_URL") {
            self.store.url = v;
        }
        if let Some(v) = env("MYNAFORM_MAX_SESSIONS") {
            self.store.max_sessions = number("MYNAFORM_MAX_SESSIONS", &v)?;
        }
        if let Some(v) = env("MYNAFORM_BODY_LIMIT_BYTES") {
            self.limits.body_bytes = number("MYNAFORM_BODY_LIMIT_BYTES", &v)?;
        }
        if let Some(v) = env("MYNAFORM_SESSIONS_PER_MINUTE_PER_IP") {
            self.limits.sessions_per_minute_per_ip =
                number("MYNAFORM_SESSIONS_PER_MINUTE_PER_IP", &v)?;
        }
        if let Some(v) = env("MYNAFORM_TRUST_FORWARDED_FOR") {
            self.limits.trust_forwarded_for = match v.trim() {
                "true" | "1" => true,
                "false" | "0" => false,
                _ => {
                    return Err(invalid(
                        "MYNAFORM_TRUST_FORWARDED_FOR",
                        "must be true or false",
                    ));
                }
            };
        }
        if let Some(v) = env("MYNAFORM_REQUEST_TIMEOUT_SECS") {
            self.limits.request_timeout_secs = number("MYNAFORM_REQUEST_TIMEOUT_SECS", &v)?;
        }
        Ok(())
    }

    /// Checks values that need no file access.
    pub fn validate(&self) -> Result<(), ConfigError> {
        self.listen_addr()?;
        if self.allowed_origins.is_empty() {
            return Err(invalid(
                "allowed_origins",
                "at least one origin is required",
            ));
        }
        for origin in &self.allowed_origins {
            validate_origin(origin)
                .map_err(|reason| invalid("allowed_origins", format!("{origin:?}: {reason}")))?;
        }
        if self.api_keys.is_empty() {
            return Err(invalid(
                "api_keys",
                "at least one API key is required for /verify",
            ));
        }
        if self.api_keys.iter().any(|k| k.len() < 16) {
            return Err(invalid(
                "api_keys",
                "each API key must be at least 16 characters",
            ));
        }
        if !(30..=3600).contains(&self.session_ttl_secs) {
            return Err(invalid("session_ttl_secs", "must be between 30 and 3600"));
        }
        if self.store.url != "memory"
            && !self.store.url.starts_with("redis://")
            && !self.store.url.starts_with("rediss://")
        {
            return Err(invalid("store.url", "must be `memory` or a redis:// URL"));
        }
        if self.store.max_sessions == 0 {
            return Err(invalid("store.max_sessions", "must be positive"));
        }
        if self.limits.body_bytes < 1024 {
            return Err(invalid("limits.body_bytes", "must be at least 1024"));
        }
        if self.limits.sessions_per_minute_per_ip == 0 {
            return Err(invalid(
                "limits.sessions_per_minute_per_ip",
                "must be positive",
            ));
        }
        if self.limits.request_timeout_secs == 0 {
            return Err(invalid("limits.request_timeout_secs", "must be positive"));
        }
        if self.openid4vp_signed && self.reader.is_none() {
            return Err(invalid(
                "openid4vp_signed",
                "needs [reader] certificate and key",
            ));
        }
        Ok(())
    }

    /// The parsed listen address.
    pub fn listen_addr(&self) -> Result<SocketAddr, ConfigError> {
        self.listen
            .parse()
            .map_err(|_| invalid("listen", "not an ADDRESS:PORT"))
    }
}

/// Checks that `origin` is a serialised web origin as browsers send it in the Origin header:
/// `https://host[:port]` (or `http://` for localhost), lower case, no path or trailing slash.
pub fn validate_origin(origin: &str) -> Result<(), &'static str> {
    mynaform_verifier::protocol::transcript::Origin::parse(origin)
        .map(drop)
        .map_err(
            |_| "must be https://host[:port] (http only for localhost), lower case, without path",
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
        allowed_origins = ["https://rp.example"]
        api_keys = ["0123456789abcdef0123"]
    "#;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    fn setting_of(error: ConfigError) -> String {
        match error {
            ConfigError::Invalid { setting, .. } => setting.to_owned(),
            other => other.to_string(),
        }
    }

    #[test]
    fn readme_configuration_example_parses() {
        let readme = include_str!("../README.md");
        let block = readme
            .split("```toml\n")
            .nth(1)
            .and_then(|rest| rest.split("```").next())
            .unwrap();
        let config = Config::from_toml(block, no_env).unwrap();
        assert_eq!(config.allowed_origins, ["https://rp.example"]);
    }

    #[test]
    fn minimal_file_gets_defaults() {
        let config = Config::from_toml(MINIMAL, no_env).unwrap();
        assert_eq!(config.session_ttl_secs, 300);
        assert_eq!(config.store.url, "memory");
        assert_eq!(config.listen_addr().unwrap().port(), 8080);
    }

    #[test]
    fn environment_overrides_the_file() {
        let env = |name: &str| match name {
            "MYNAFORM_ALLOWED_ORIGINS" => Some("https://a.example, https://b.example".to_owned()),
            "MYNAFORM_SESSION_TTL_SECS" => Some("60".to_owned()),
            "MYNAFORM_STORE_URL" => Some("redis://127.0.0.1:6379".to_owned()),
            _ => None,
        };
        let config = Config::from_toml(MINIMAL, env).unwrap();
        assert_eq!(
            config.allowed_origins,
            ["https://a.example", "https://b.example"]
        );
        assert_eq!(config.session_ttl_secs, 60);
        assert_eq!(config.store.url, "redis://127.0.0.1:6379");
    }

    #[test]
    fn unknown_key_names_the_key() {
        let error = Config::from_toml(&format!("{MINIMAL}\nsesion_ttl = 3"), no_env).unwrap_err();
        assert!(error.to_string().contains("sesion_ttl"), "{error}");
    }

    #[test]
    fn bad_values_name_their_setting() {
        let cases = [
            (
                "allowed_origins = []\napi_keys = [\"0123456789abcdef0123\"]",
                "allowed_origins",
            ),
            (
                "allowed_origins = [\"https://rp.example/path\"]\napi_keys = [\"0123456789abcdef0123\"]",
                "allowed_origins",
            ),
            (
                "allowed_origins = [\"https://rp.example\"]\napi_keys = [\"short\"]",
                "api_keys",
            ),
            (&format!("{MINIMAL}\nlisten = \"nowhere\""), "listen"),
            (
                &format!("{MINIMAL}\nsession_ttl_secs = 5"),
                "session_ttl_secs",
            ),
            (
                &format!("{MINIMAL}\nopenid4vp_signed = true"),
                "openid4vp_signed",
            ),
            (
                &format!("{MINIMAL}\n[store]\nurl = \"postgres://x\""),
                "store.url",
            ),
        ];
        for (text, setting) in cases {
            let error = Config::from_toml(text, no_env).unwrap_err();
            assert_eq!(setting_of(error), setting, "{text}");
        }
    }

    #[test]
    fn non_numeric_environment_value_names_the_variable() {
        let env = |name: &str| (name == "MYNAFORM_SESSION_TTL_SECS").then(|| "five".to_owned());
        assert_eq!(
            setting_of(Config::from_toml(MINIMAL, env).unwrap_err()),
            "MYNAFORM_SESSION_TTL_SECS"
        );
    }
}
