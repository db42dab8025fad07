//! Start-up: configuration problems stop the server with a message naming the setting; demo mode refuses
//! non-loopback addresses; the real binary serves over a socket and shuts down on request.
mod support;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use mynaform_server::clock::SystemClock;
use mynaform_server::config::{Config, ConfigError};
use mynaform_server::startup::{self, StartupError};
use mynaform_test_wallet::pki::TestPki;

struct TempDir(PathBuf);

impl TempDir {
    fn new(label: &str) -> Self {
        let mut bytes = [0u8; 8];
        getrandom::fill(&mut bytes).unwrap();
        let name: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        let dir = std::env::temp_dir().join(format!("mynaform-{label}-{name}"));
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }

    fn write(&self, name: &str, contents: &str) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, contents).unwrap();
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn config_with(extra: &str) -> Config {
    let text = format!(
        "allowed_origins = [\"https://rp.example\"]\napi_keys = [\"0123456789abcdef0123\"]\n{extra}"
    );
    Config::from_toml(&text, |_| None).unwrap()
}

fn setting(error: StartupError) -> String {
    match error {
        StartupError::Config(ConfigError::Invalid { setting, .. }) => setting.to_owned(),
        StartupError::Config(ConfigError::File { setting, .. }) => setting.to_owned(),
        other => other.to_string(),
    }
}

fn toml_path(path: &Path) -> String {
    path.display().to_string().replace('\\', "/")
}

#[tokio::test]
async fn bad_trust_anchor_file_names_the_setting() {
    let dir = TempDir::new("anchors");
    let garbage = dir.write(
        "iaca.pem",
        "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n",
    );
    let config = config_with(&format!("trust_anchors = [\"{}\"]", toml_path(&garbage)));
    let error = startup::resolve(&config, Arc::new(SystemClock))
        .await
        .err()
        .unwrap();
    assert_eq!(setting(error), "trust_anchors");

    let missing = config_with("trust_anchors = [\"/nonexistent/iaca.pem\"]");
    let error = startup::resolve(&missing, Arc::new(SystemClock))
        .await
        .err()
        .unwrap();
    assert_eq!(setting(error), "trust_anchors");
}

#[tokio::test]
async fn reader_key_that_does_not_match_its_certificate_is_refused() {
    let now = time::OffsetDateTime::now_utc();
    let pki = TestPki::random(now).unwrap();
    let other = TestPki::random(now).unwrap();
    let dir = TempDir::new("reader");
    let certificate = dir.write("reader.pem", &pki.reader().certificate_pem().unwrap());
    let own_key = dir.write("own.key", &pki.reader().key().to_pkcs8_pem().unwrap());
    let wrong_key = dir.write("wrong.key", &other.reader().key().to_pkcs8_pem().unwrap());
    let reader = |key: &Path| {
        config_with(&format!(
            "[reader]\ncertificate = \"{}\"\nkey = \"{}\"",
            toml_path(&certificate),
            toml_path(key)
        ))
    };
    let parts = startup::resolve(&reader(&own_key), Arc::new(SystemClock))
        .await
        .unwrap();
    assert!(parts.reader.is_some());
    let error = startup::resolve(&reader(&wrong_key), Arc::new(SystemClock))
        .await
        .err()
        .unwrap();
    assert_eq!(setting(error), "reader");
    let error = startup::resolve(
        &reader(Path::new("/nonexistent/reader.key")),
        Arc::new(SystemClock),
    )
    .await
    .err()
    .unwrap();
    assert_eq!(setting(error), "reader.key");
}

#[tokio::test]
async fn production_default_trusts_the_built_in_anchor() {
    let parts = startup::resolve(&config_with(""), Arc::new(SystemClock))
        .await
        .unwrap();
    assert_eq!(parts.trust.listing().len(), 1);
    assert_eq!(parts.trust.listing()[0].sha256.len(), 64);
}

#[test]
fn demo_mode_refuses_a_non_loopback_address() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let error = runtime
        .block_on(startup::demo_parts(
            &"0.0.0.0:8080".parse().unwrap(),
            &Config::default(),
            PathBuf::from("examples"),
            "demo-api-key-0123456789".into(),
        ))
        .err()
        .unwrap();
    assert!(error.to_string().contains("loopback"), "{error}");

    let output = Command::new(env!("CARGO_BIN_EXE_mynaform"))
        .args(["serve", "--demo", "--listen", "0.0.0.0:18080"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("loopback"));
}

#[test]
fn unknown_configuration_key_stops_the_binary_naming_it() {
    let dir = TempDir::new("config");
    let file = dir.write(
        "mynaform.toml",
        "allowed_origins = [\"https://rp.example\"]\napi_keys = [\"0123456789abcdef0123\"]\nsesion_ttl = 5\n",
    );
    let output = Command::new(env!("CARGO_BIN_EXE_mynaform"))
        .arg("serve")
        .arg("--config")
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("sesion_ttl"));

    let output = Command::new(env!("CARGO_BIN_EXE_mynaform"))
        .args(["serve", "--config", "/nonexistent/mynaform.toml"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("/nonexistent/mynaform.toml"));
}

fn http_get(port: u16, path: &str) -> Option<String> {
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    Some(response)
}

#[test]
fn demo_binary_serves_over_a_socket() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_mynaform"))
        .args(["serve", "--demo", "--listen", &format!("127.0.0.1:{port}")])
        .args([
            "--examples",
            "/nonexistent/examples",
            "--widget-dir",
            "/nonexistent/widget",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut health = None;
    for _ in 0..200 {
        health = http_get(port, "/healthz");
        if health.is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let people = http_get(port, "/mynaform/v1/demo-wallet/people");
    let widget = http_get(port, "/mynaform/widget.js");
    // Graceful shutdown on SIGTERM: the process drains and exits successfully.
    let terminated = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let status = child.wait().unwrap();
    let health = health.expect("the demo server answered");
    assert!(terminated.unwrap().success());
    assert!(status.success(), "{status:?}");
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    assert!(health.contains("\"store\":\"memory\""));
    assert!(people.unwrap().contains("\"taro\""));
    let widget = widget.unwrap();
    assert!(widget.starts_with("HTTP/1.1 404"));
    assert!(widget.contains("cargo xtask build-widget"));
}
