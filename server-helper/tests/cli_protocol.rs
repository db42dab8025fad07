//! The protocol subcommands of the `mynaform` binary: `transcript`, `decrypt` and `wallet`, run as a user would.
use std::path::PathBuf;
use std::process::{Command, Output};

use mynaform_verifier::protocol::annex_c::{AnnexCRequest, AnnexCResponse};
use mynaform_verifier::protocol::encryption_info::EncryptionInfo;
use mynaform_verifier::protocol::hpke::HpkeRecipientKey;
use mynaform_verifier::protocol::jwe::JweRecipientKey;
use mynaform_verifier::protocol::openid4vp;
use mynaform_verifier::protocol::preset::{BirthDateFallback, Preset};
use mynaform_verifier::protocol::transcript::{Nonce, Origin, SessionTranscript};
use mynaform_verifier::{DocType, TrustAnchors, VerificationRequest, verify};
use serde_json::{Value as Json, json};

const VECTORS: &str = include_str!("../../verifier/src/protocol/vectors/oid4vp-vectors.json");

fn mynaform(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mynaform"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn vector(name: &str) -> Json {
    let all: Json = serde_json::from_str(VECTORS).expect("vectors");
    all[name].clone()
}

/// A scratch directory unique to one test.
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "mynaform-cli-protocol-{}-{test}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn write(dir: &std::path::Path, name: &str, contents: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, contents).expect("write");
    path.to_string_lossy().into_owned()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("utf-8")
}

#[test]
fn transcript_openid4vp_prints_the_spec_vector_hex() {
    let v = vector("dc_api_session_transcript");
    let dir = scratch("oid4vp");
    let jwk = write(&dir, "jwk.json", &v["jwk"].to_string());
    let out = mynaform(&[
        "transcript",
        "openid4vp",
        "--origin",
        v["origin"].as_str().expect("origin"),
        "--nonce",
        v["nonce"].as_str().expect("nonce"),
        "--jwk",
        &jwk,
    ]);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        stdout(&out).trim(),
        v["session_transcript_cbor_hex"].as_str().expect("hex")
    );
}

#[test]
fn transcript_openid4vp_without_a_jwk_uses_a_null_thumbprint() {
    let v = vector("dc_api_session_transcript");
    let out = mynaform(&[
        "transcript",
        "openid4vp",
        "--origin",
        "https://example.com",
        "--nonce",
        v["nonce"].as_str().expect("nonce"),
    ]);
    assert!(out.status.success());
    let origin = Origin::parse("https://example.com").expect("origin");
    let nonce = Nonce::parse(v["nonce"].as_str().expect("nonce")).expect("nonce");
    let expected = SessionTranscript::openid4vp_dcapi(&origin, &nonce, None).expect("st");
    assert_eq!(stdout(&out).trim(), expected.to_hex());
    assert_ne!(
        stdout(&out).trim(),
        v["session_transcript_cbor_hex"].as_str().expect("hex")
    );
}

#[test]
fn transcript_dcapi_matches_the_library_and_rejects_a_bad_origin() {
    let out = mynaform(&[
        "transcript",
        "dcapi",
        "--encryption-info",
        "gqVkY2FwaQ",
        "--origin",
        "https://a.example",
    ]);
    assert!(out.status.success());
    let expected = SessionTranscript::dcapi(
        "gqVkY2FwaQ",
        &Origin::parse("https://a.example").expect("o"),
    )
    .expect("st");
    assert_eq!(stdout(&out).trim(), expected.to_hex());
    let bad = mynaform(&[
        "transcript",
        "dcapi",
        "--encryption-info",
        "x",
        "--origin",
        "https://a.example/path",
    ]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn decrypt_jwe_prints_the_spec_plaintext_and_fails_with_1_when_tampered() {
    let v = vector("encrypted_response");
    let dir = scratch("jwe");
    let key = write(&dir, "key.json", &v["private_jwk"].to_string());
    let compact = v["compact_jwe"].as_str().expect("jwe");
    let jwe = write(&dir, "response.jwe", compact);
    let out = mynaform(&["decrypt", "jwe", "--key", &key, "--jwe", &jwe]);
    assert!(out.status.success(), "{out:?}");
    assert_eq!(stdout(&out), v["decrypted_plaintext"].as_str().expect("pt"));

    // Replace the last tag character with another base64url character of the same 6-bit group's neighbour.
    let mut tampered = compact.to_owned();
    let last = tampered.pop().expect("char");
    tampered.push(if last == 'A' { 'B' } else { 'A' });
    let bad = write(&dir, "tampered.jwe", &tampered);
    let out = mynaform(&["decrypt", "jwe", "--key", &key, "--jwe", &bad]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert_eq!(
        mynaform(&[
            "decrypt",
            "jwe",
            "--key",
            &dir.join("none").to_string_lossy(),
            "--jwe",
            &jwe
        ])
        .status
        .code(),
        Some(2)
    );
}

/// A relying party's P-256 key for the Annex C tests, with its PKCS#8 PEM.
fn annex_c_key() -> (HpkeRecipientKey, String) {
    use p256::pkcs8::{EncodePrivateKey, LineEnding};
    let secret = p256::SecretKey::from_slice(&[7u8; 32]).expect("scalar");
    let pem = secret
        .to_pkcs8_pem(LineEnding::LF)
        .expect("pem")
        .to_string();
    (HpkeRecipientKey::from_secret_key(secret), pem)
}

#[test]
fn wallet_respond_answers_an_annex_c_request_that_decrypt_annex_c_opens_and_the_verifier_accepts() {
    let dir = scratch("annexc");
    let origin = Origin::parse("https://form.example.jp").expect("origin");
    let (key, pem) = annex_c_key();
    let info = EncryptionInfo::new(
        Nonce::from_bytes(&[5; 32]).expect("nonce"),
        key.public_key(),
    )
    .expect("info");
    let preset = Preset::AgeOver20(BirthDateFallback::Forbidden);
    let request = AnnexCRequest::build(&[preset.items_request()], info.clone(), &origin, None)
        .expect("request");
    let envelope =
        json!({ "requests": [{ "protocol": "org-iso-mdoc", "data": request.to_json() }] });
    let request_file = write(&dir, "request.json", &envelope.to_string());

    let out = mynaform(&[
        "wallet",
        "respond",
        "--request",
        &request_file,
        "--origin",
        origin.as_str(),
        "--person",
        "hanako",
    ]);
    assert!(out.status.success(), "{out:?}");
    let answer: Json = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(answer["protocol"], "org-iso-mdoc");
    let response = answer["data"]["response"]
        .as_str()
        .expect("response")
        .to_owned();

    let key_file = write(&dir, "key.pem", &pem);
    let out_file = dir.join("device_response.cbor");
    let out = mynaform(&[
        "decrypt",
        "annex-c",
        "--key",
        &key_file,
        "--encryption-info",
        info.as_b64url(),
        "--origin",
        origin.as_str(),
        "--response",
        &response,
        "--out",
        &out_file.to_string_lossy(),
    ]);
    assert!(out.status.success(), "{out:?}");
    let device_response = std::fs::read(&out_file).expect("written");
    let transcript = request.session_transcript(&origin).expect("st");
    assert_eq!(
        device_response,
        AnnexCResponse::from_b64url(&response)
            .expect("parse")
            .open(&key, &transcript)
            .expect("open")
    );

    let iaca = mynaform(&["wallet", "iaca"]);
    assert!(iaca.status.success());
    let anchors = TrustAnchors::from_pem(&iaca.stdout).expect("anchors");
    let requested = preset.requested_elements();
    let verification = verify(&VerificationRequest {
        device_response: &device_response,
        session_transcript: &transcript.to_verifier_bytes().expect("st"),
        doc_type: &DocType::my_number_card(),
        trust_anchors: &anchors,
        at: time::OffsetDateTime::now_utc(),
        reader_key: None,
        requested: Some(&requested),
    });
    assert!(verification.is_valid(), "{:?}", verification.report());

    // Another page origin: the response no longer decrypts (exit 1).
    let out = mynaform(&[
        "decrypt",
        "annex-c",
        "--key",
        &key_file,
        "--encryption-info",
        info.as_b64url(),
        "--origin",
        "https://other.example",
        "--response",
        &response,
        "--out",
        &out_file.to_string_lossy(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
}

#[test]
fn wallet_respond_answers_an_unsigned_openid4vp_request_unless_reader_auth_is_required() {
    let dir = scratch("oid4vp-wallet");
    let origin = Origin::parse("https://form.example.jp").expect("origin");
    let key = JweRecipientKey::from_jwk(&vector("encrypted_response")["private_jwk"]).expect("key");
    let nonce = Nonce::from_bytes(&[6; 32]).expect("nonce");
    let data = openid4vp::unsigned_request(
        &Preset::Residence.mdoc_query("mnc"),
        &nonce,
        &key.public_jwk(),
        "ac",
    );
    let request_file = write(
        &dir,
        "request.json",
        &json!({ "protocol": openid4vp::PROTOCOL_UNSIGNED, "data": data }).to_string(),
    );

    let out = mynaform(&[
        "wallet",
        "respond",
        "--request",
        &request_file,
        "--origin",
        origin.as_str(),
    ]);
    assert!(out.status.success(), "{out:?}");
    let answer: Json = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(answer["protocol"], openid4vp::PROTOCOL_UNSIGNED);
    let device_response = openid4vp::open_response(&key, &answer["data"], "mnc").expect("open");
    assert!(!device_response.is_empty());

    let refused = mynaform(&[
        "wallet",
        "respond",
        "--request",
        &request_file,
        "--origin",
        origin.as_str(),
        "--require-reader-auth",
    ]);
    assert_eq!(refused.status.code(), Some(1));
    let unreadable = mynaform(&[
        "wallet",
        "respond",
        "--request",
        &dir.join("none.json").to_string_lossy(),
        "--origin",
        origin.as_str(),
    ]);
    assert_eq!(unreadable.status.code(), Some(2));
    let nobody = mynaform(&[
        "wallet",
        "respond",
        "--request",
        &request_file,
        "--origin",
        origin.as_str(),
        "--person",
        "nobody",
    ]);
    assert_eq!(nobody.status.code(), Some(2));
}
