//! `mynaform verify` against the public spec vectors b01–b05 (checked in under `verifier/tests/vectors/`).
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn case_dir(prefix: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../verifier/tests/vectors");
    std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_str().unwrap().starts_with(prefix))
        .unwrap()
}

/// `mynaform verify --device-response RESPONSE --session-transcript … --trust-anchor …` of case `dir`.
fn verify_command(dir: &Path, response: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_mynaform"));
    cmd.arg("verify")
        .arg("--device-response")
        .arg(response)
        .arg("--session-transcript")
        .arg(dir.join("session_transcript.cbor"))
        .arg("--trust-anchor")
        .arg(dir.join("trust_anchor.pem"));
    cmd
}

fn run_case(prefix: &str, extra: &[&str]) -> (Output, serde_json::Value) {
    let dir = case_dir(prefix);
    let at = std::fs::read_to_string(dir.join("at.txt")).unwrap();
    let doc_type = std::fs::read_to_string(dir.join("doc_type.txt")).unwrap();
    let mut cmd = verify_command(&dir, &dir.join("device_response.cbor"));
    cmd.args(["--at", at.trim(), "--doc-type", doc_type.trim()]);
    if dir.join("reader_key.pem").exists() {
        cmd.arg("--reader-key").arg(dir.join("reader_key.pem"));
    }
    cmd.args(extra);
    let output = cmd.output().unwrap();
    let json = serde_json::from_slice(&output.stdout).unwrap_or(serde_json::Value::Null);
    (output, json)
}

fn expected(prefix: &str) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(case_dir(prefix).join("expected.json")).unwrap()).unwrap()
}

#[test]
fn every_vector_gives_its_expected_exit_status_and_failing_check() {
    for prefix in ["b01", "b02", "b03", "b04", "b05"] {
        let (output, json) = run_case(prefix, &[]);
        let expected = expected(prefix);
        let valid = expected["valid"].as_bool().unwrap();
        assert_eq!(
            output.status.code(),
            Some(if valid { 0 } else { 1 }),
            "{prefix}"
        );
        assert_eq!(json["valid"], expected["valid"], "{prefix}");
        assert_eq!(json["failing_check"], expected["failing_check"], "{prefix}");
    }
}

#[test]
fn valid_vector_prints_checks_and_claims() {
    let (_, json) = run_case("b01", &[]);
    let doc = &json["documents"][0];
    assert_eq!(doc["doc_type"], "org.iso.18013.5.1.mDL");
    let checks: Vec<&str> = doc["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["check"].as_str().unwrap())
        .collect();
    assert_eq!(
        checks,
        [
            "cbor",
            "structure",
            "doc_type",
            "issuer_signature",
            "trust_chain",
            "certificate_profile",
            "validity",
            "value_digest",
            "device_authentication"
        ]
    );
    assert_eq!(
        doc["claims"]["org.iso.18013.5.1"]["issue_date"],
        "2019-10-20"
    );
}

#[test]
fn missing_reader_key_rejects_the_device_mac() {
    let dir = case_dir("b01");
    let output = verify_command(&dir, &dir.join("device_response.cbor"))
        .args([
            "--at",
            "2020-10-02T00:00:00Z",
            "--doc-type",
            "org.iso.18013.5.1.mDL",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["failing_check"], "device_authentication");
}

#[test]
fn malformed_device_response_is_a_rejection_not_a_usage_error() {
    let dir = case_dir("b01");
    let garbage =
        std::env::temp_dir().join(format!("mynaform-garbage-{}.cbor", std::process::id()));
    std::fs::write(&garbage, [0xa3, 0x01]).unwrap();
    let output = verify_command(&dir, &garbage).output().unwrap();
    std::fs::remove_file(&garbage).ok();
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["valid"], false);
    assert_eq!(json["failing_check"], "cbor");
}

#[test]
fn unreadable_file_is_a_usage_error_with_a_message() {
    let dir = case_dir("b01");
    let output = verify_command(&dir, Path::new("/nonexistent/response.cbor"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot read device response"));
}

#[test]
fn missing_trust_anchor_flag_is_a_usage_error() {
    let dir = case_dir("b01");
    let output = Command::new(env!("CARGO_BIN_EXE_mynaform"))
        .arg("verify")
        .arg("--device-response")
        .arg(dir.join("device_response.cbor"))
        .arg("--session-transcript")
        .arg(dir.join("session_transcript.cbor"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn bad_time_is_a_usage_error() {
    let dir = case_dir("b01");
    let output = verify_command(&dir, &dir.join("device_response.cbor"))
        .args(["--at", "yesterday"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
}
