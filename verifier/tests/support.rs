//! Loading the checked-in public spec vectors (see `tests/vectors/README.md`).
#![allow(dead_code)]
use std::path::{Path, PathBuf};

use mynaform_verifier::{
    DocType, ReaderEphemeralKey, SessionTranscriptBytes, TrustAnchors, Verification,
    VerificationRequest, verify,
};

/// One vector case, loaded from its directory.
pub struct Case {
    pub name: String,
    pub device_response: Vec<u8>,
    pub transcript: SessionTranscriptBytes,
    pub anchors: TrustAnchors,
    pub at: time::OffsetDateTime,
    pub doc_type: DocType,
    pub reader_key: Option<ReaderEphemeralKey>,
    pub expected_valid: bool,
    pub expected_failing_check: Option<String>,
}

pub fn vectors_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors")
}

pub fn load(prefix: &str) -> Case {
    let dir = std::fs::read_dir(vectors_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_str().unwrap().starts_with(prefix))
        .unwrap_or_else(|| panic!("no vector {prefix}"));
    let read = |name: &str| std::fs::read(dir.join(name)).unwrap();
    let text = |name: &str| String::from_utf8(read(name)).unwrap().trim().to_owned();
    let expected: serde_json::Value = serde_json::from_slice(&read("expected.json")).unwrap();
    let reader_key = std::fs::read_to_string(dir.join("reader_key.pem"))
        .ok()
        .map(|pem| ReaderEphemeralKey::from_pem(&pem).unwrap());
    Case {
        name: dir.file_name().unwrap().to_string_lossy().into_owned(),
        device_response: read("device_response.cbor"),
        transcript: SessionTranscriptBytes::from_cbor(read("session_transcript.cbor")).unwrap(),
        anchors: TrustAnchors::from_pem(&read("trust_anchor.pem")).unwrap(),
        at: time::OffsetDateTime::parse(
            &text("at.txt"),
            &time::format_description::well_known::Rfc3339,
        )
        .unwrap(),
        doc_type: DocType::new(text("doc_type.txt")).unwrap(),
        reader_key,
        expected_valid: expected["valid"].as_bool().unwrap(),
        expected_failing_check: expected["failing_check"].as_str().map(str::to_owned),
    }
}

impl Case {
    /// Verifies `bytes` with this case's transcript, anchors, time, doc type and reader key.
    pub fn verify_bytes(&self, bytes: &[u8]) -> Verification {
        verify(&VerificationRequest {
            device_response: bytes,
            session_transcript: &self.transcript,
            doc_type: &self.doc_type,
            trust_anchors: &self.anchors,
            at: self.at,
            reader_key: self.reader_key.as_ref(),
            requested: None,
        })
    }

    pub fn verify(&self) -> Verification {
        self.verify_bytes(&self.device_response)
    }
}
