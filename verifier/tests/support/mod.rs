//! Loading the checked-in public spec vectors (see `verifier/tests/vectors/README.md`).
#![allow(dead_code)]
use std::path::{Path, PathBuf};

use mynaform_test_wallet::people::Person;
use mynaform_verifier::{
    DocType, ReaderEphemeralKey, RequestedElements, SessionTranscriptBytes, TrustAnchors,
    Verification, VerificationRequest, verify,
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
    pub requested: Option<RequestedElements>,
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
        requested: None,
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
            requested: self.requested.as_ref(),
        })
    }

    pub fn verify(&self) -> Verification {
        self.verify_bytes(&self.device_response)
    }
}

/// The fixed time of the test-wallet fixtures.
pub const NOW: time::OffsetDateTime = time::macros::datetime!(2026-12-01 09:00 UTC);

/// A My Number Card of test person `person_id`, issued by a seeded test PKI and presented with every element
/// requested and disclosed (deviceSignature); the IACA is the trust anchor.
pub fn my_number_card(seed: [u8; 32], person_id: &str) -> (Case, Person) {
    use mynaform_test_wallet::issuer::{IssueOptions, Issuer, test_session_transcript};
    use mynaform_test_wallet::people::{REFERENCE_DATE, person};
    use mynaform_test_wallet::pki::{Entropy, TestPki};
    let pki = TestPki::from_seed(seed, NOW).unwrap();
    let person = person(person_id, REFERENCE_DATE).unwrap();
    let elements = person.elements(NOW.date());
    let pairs: Vec<(&str, &str)> = elements
        .iter()
        .map(|e| (e.namespace, e.identifier))
        .collect();
    let credential = Issuer::new(&pki)
        .issue(
            &person,
            &IssueOptions::at(NOW),
            &mut Entropy::from_label(person_id),
        )
        .unwrap();
    let transcript = test_session_transcript(person_id);
    let mut requested = RequestedElements::new();
    for (ns, el) in &pairs {
        requested.insert(ns, el);
    }
    let case = Case {
        name: format!("my number card of {person_id}"),
        device_response: credential.present(&transcript, &pairs).unwrap(),
        transcript: SessionTranscriptBytes::from_cbor(transcript).unwrap(),
        anchors: TrustAnchors::from_der(pki.iaca().certificate_der()).unwrap(),
        at: NOW,
        doc_type: DocType::my_number_card(),
        reader_key: None,
        requested: Some(requested),
        expected_valid: true,
        expected_failing_check: None,
    };
    (case, person)
}
