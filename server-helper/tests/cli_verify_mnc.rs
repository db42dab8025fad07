//! `mynaform verify` on My Number Card presentations made by the test wallet: a valid one (exit 0, My
//! Number masked unless revealed), a tampered one (exit 1 with the failing check), deviceMac with
//! `--reader-key`, and a usage error (exit 2).
use mynaform_test_wallet::issuer::{
    DeviceAuthMode, IssueOptions, Issuer, PresentOptions, test_session_transcript,
};
use mynaform_test_wallet::people::{self, REFERENCE_DATE};
use mynaform_test_wallet::pki::{Curve, EcKey, Entropy, TestPki};
use mynaform_test_wallet::tamper;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use time::OffsetDateTime;
use time::macros::datetime;

const NOW: OffsetDateTime = datetime!(2026-12-01 09:00 UTC);
const AT: &str = "2026-12-01T09:00:00Z";

/// A fresh directory for one test's files.
fn work_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("mynaform-cli-mnc-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

struct Files {
    dir: PathBuf,
    my_number: String,
}

impl Drop for Files {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Issues taro's card, presents every element, and writes response, transcript and anchor to `dir`.
fn write_presentation(name: &str, options: &PresentOptions, tamper_value: bool) -> Files {
    let dir = work_dir(name);
    let pki = TestPki::from_seed([11; 32], NOW).unwrap();
    let taro = people::person("taro", REFERENCE_DATE).unwrap();
    let credential = Issuer::new(&pki)
        .issue(
            &taro,
            &IssueOptions::at(NOW),
            &mut Entropy::from_label("cli"),
        )
        .unwrap();
    let elements = taro.elements(NOW.date());
    let pairs: Vec<(&str, &str)> = elements
        .iter()
        .map(|e| (e.namespace, e.identifier))
        .collect();
    let transcript = test_session_transcript("cli");
    let mut response = credential
        .present_with(&transcript, &pairs, options)
        .unwrap();
    if tamper_value {
        let item = credential
            .items()
            .iter()
            .find(|i| i.identifier == "full_name_unicode")
            .unwrap();
        response = tamper::flip_element_value(&response, &item.bytes).unwrap();
    }
    std::fs::write(dir.join("response.cbor"), &response).unwrap();
    std::fs::write(dir.join("transcript.cbor"), &transcript).unwrap();
    std::fs::write(dir.join("iaca.pem"), pki.iaca().certificate_pem().unwrap()).unwrap();
    Files {
        dir,
        my_number: taro.individual_number().to_owned(),
    }
}

fn run(dir: &Path, extra: &[&str]) -> (Output, serde_json::Value) {
    let output = Command::new(env!("CARGO_BIN_EXE_mynaform"))
        .arg("verify")
        .arg("--device-response")
        .arg(dir.join("response.cbor"))
        .arg("--session-transcript")
        .arg(dir.join("transcript.cbor"))
        .arg("--trust-anchor")
        .arg(dir.join("iaca.pem"))
        .args(["--at", AT])
        .args(extra)
        .output()
        .unwrap();
    let json = serde_json::from_slice(&output.stdout).unwrap_or(serde_json::Value::Null);
    (output, json)
}

#[test]
fn issued_card_verifies_with_the_my_number_masked() {
    let files = write_presentation("valid", &PresentOptions::default(), false);
    let (output, json) = run(&files.dir, &[]);
    assert_eq!(output.status.code(), Some(0), "{json}");
    assert_eq!(json["valid"], true);
    assert_eq!(json["failing_check"], serde_json::Value::Null);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(!text.contains(&files.my_number));
    let claims = &json["documents"][0]["claims"]["org.iso.23220.1.jp"];
    assert_eq!(claims["full_name_unicode"], "見本　太郎");
    let masked = claims["individual_number_unicode"].as_str().unwrap();
    assert!(masked.ends_with(&files.my_number[8..]));
    assert!(masked.starts_with('*'));
}

#[test]
fn reveal_flag_prints_the_whole_my_number() {
    let files = write_presentation("reveal", &PresentOptions::default(), false);
    let (output, json) = run(&files.dir, &["--reveal-my-number"]);
    assert_eq!(output.status.code(), Some(0));
    let claims = &json["documents"][0]["claims"]["org.iso.23220.1.jp"];
    assert_eq!(
        claims["individual_number_unicode"],
        files.my_number.as_str()
    );
}

#[test]
fn tampered_name_exits_one_at_value_digest() {
    let files = write_presentation("tampered", &PresentOptions::default(), true);
    let (output, json) = run(&files.dir, &[]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(json["valid"], false);
    assert_eq!(json["failing_check"], "value_digest");
}

#[test]
fn device_mac_verifies_with_the_reader_key_file() {
    let reader = EcKey::generate(Curve::P256, &mut Entropy::from_label("cli reader"));
    let options = PresentOptions {
        device_auth: DeviceAuthMode::Mac(reader.public_sec1()),
        ..PresentOptions::default()
    };
    let files = write_presentation("mac", &options, false);
    let key_path = files.dir.join("reader.pem");
    std::fs::write(&key_path, reader.to_pkcs8_pem().unwrap().as_bytes()).unwrap();
    let (output, json) = run(&files.dir, &["--reader-key", key_path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{json}");
    let (output, json) = run(&files.dir, &[]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(json["failing_check"], "device_authentication");
}

#[test]
fn wrong_doc_type_exits_one_at_doc_type() {
    let files = write_presentation("doctype", &PresentOptions::default(), false);
    let (output, json) = run(&files.dir, &["--doc-type", "org.iso.18013.5.1.mDL"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(json["failing_check"], "doc_type");
}

#[test]
fn missing_response_file_is_a_usage_error() {
    let dir = work_dir("missing");
    let (output, _) = run(&dir, &[]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(output.status.code(), Some(2));
}
