//! Full verification of a My Number Card DeviceResponse (every element, a 20 KB portrait, P-384 IACA,
//! P-256 document signer and device key) beside the "crypto floor": only the signature verifications
//! (IACA→DS ES384, issuer ES256, device ES256) and the SHA-256 item digests the verification cannot avoid,
//! with the same crates and pre-parsed inputs. The ratio full / floor is the cost of parsing and checking.
//!
//! Run: `cargo bench -p mynaform-verifier --bench verify`.

use criterion::{Criterion, criterion_group, criterion_main};
use der::{Decode, Encode};
use mynaform_test_wallet::issuer::{
    IssueOptions, Issuer, device_authentication_bytes, sig_structure, test_session_transcript,
};
use mynaform_test_wallet::people::{self, PORTRAIT_LEN, REFERENCE_DATE};
use mynaform_test_wallet::pki::{Entropy, TestPki};
use mynaform_verifier::{
    DocType, RequestedElements, SessionTranscriptBytes, TrustAnchors, VerificationRequest, verify,
};
use p256::ecdsa::signature::Verifier;
use sha2::{Digest, Sha256};
use std::hint::black_box;
use time::macros::datetime;

/// Everything both benches need, prepared once.
struct Fixture {
    response: Vec<u8>,
    transcript: SessionTranscriptBytes,
    anchors: TrustAnchors,
    requested: RequestedElements,
    doc_type: DocType,
    floor: Floor,
}

/// Pre-parsed inputs of the crypto floor.
struct Floor {
    iaca_key: p384::ecdsa::VerifyingKey,
    ds_tbs: Vec<u8>,
    ds_signature: p384::ecdsa::Signature,
    ds_key: p256::ecdsa::VerifyingKey,
    issuer_message: Vec<u8>,
    issuer_signature: p256::ecdsa::Signature,
    device_key: p256::ecdsa::VerifyingKey,
    device_message: Vec<u8>,
    device_signature: p256::ecdsa::Signature,
    items: Vec<Vec<u8>>,
}

fn cbor_get<'a>(map: &'a ciborium::Value, key: &str) -> &'a ciborium::Value {
    map.as_map()
        .and_then(|m| m.iter().find(|(k, _)| k.as_text() == Some(key)))
        .map(|(_, v)| v)
        .unwrap_or_else(|| panic!("fixture lacks {key}"))
}

fn bytes_at(array: &ciborium::Value, index: usize) -> Vec<u8> {
    array
        .as_array()
        .and_then(|a| a.get(index))
        .and_then(|v| v.as_bytes())
        .cloned()
        .expect("bstr")
}

fn fixture() -> Fixture {
    let now = datetime!(2026-12-01 09:00 UTC);
    let pki = TestPki::from_seed([1; 32], now).expect("pki");
    let taro = people::person("taro", REFERENCE_DATE).expect("taro");
    assert_eq!(taro.portrait().len(), PORTRAIT_LEN);
    let credential = Issuer::new(&pki)
        .issue(
            &taro,
            &IssueOptions::at(now),
            &mut Entropy::from_label("bench"),
        )
        .expect("issue");
    let elements = taro.elements(now.date());
    let pairs: Vec<(&str, &str)> = elements
        .iter()
        .map(|e| (e.namespace, e.identifier))
        .collect();
    let transcript = test_session_transcript("https://shop.example.jp bench");
    let response = credential.present(&transcript, &pairs).expect("present");
    let mut requested = RequestedElements::new();
    for (ns, el) in &pairs {
        requested.insert(ns, el);
    }

    // Crypto floor inputs.
    let ds_cert =
        x509_cert::Certificate::from_der(pki.document_signer().certificate_der()).expect("ds");
    let ds_tbs = ds_cert.tbs_certificate().to_der().expect("tbs");
    let ds_signature =
        p384::ecdsa::DerSignature::from_bytes(ds_cert.signature().raw_bytes()).expect("der sig");
    let ds_signature = p384::ecdsa::Signature::try_from(ds_signature).expect("sig");
    let iaca_key = p384::ecdsa::VerifyingKey::from_sec1_bytes(&pki.iaca().key().public_sec1())
        .expect("iaca key");
    let ds_key =
        p256::ecdsa::VerifyingKey::from_sec1_bytes(&pki.document_signer().key().public_sec1())
            .expect("ds key");
    let sign1: ciborium::Value = ciborium::from_reader(credential.issuer_auth()).expect("sign1");
    let issuer_message = sig_structure(&bytes_at(&sign1, 0), &bytes_at(&sign1, 2));
    let issuer_signature = p256::ecdsa::Signature::from_slice(&bytes_at(&sign1, 3)).expect("sig");
    let decoded: ciborium::Value = ciborium::from_reader(response.as_slice()).expect("response");
    let document = cbor_get(&decoded, "documents")
        .as_array()
        .and_then(|d| d.first())
        .expect("doc");
    let device_sign1 = cbor_get(
        cbor_get(cbor_get(document, "deviceSigned"), "deviceAuth"),
        "deviceSignature",
    );
    let device_message = sig_structure(
        &bytes_at(device_sign1, 0),
        &device_authentication_bytes(&transcript, people::DOC_TYPE_MNC, &[0xd8, 0x18, 0x41, 0xa0]),
    );
    let device_signature =
        p256::ecdsa::Signature::from_slice(&bytes_at(device_sign1, 3)).expect("sig");
    let device_key =
        p256::ecdsa::VerifyingKey::from_sec1_bytes(&credential.device_key().public_sec1())
            .expect("key");
    let floor = Floor {
        iaca_key,
        ds_tbs,
        ds_signature,
        ds_key,
        issuer_message,
        issuer_signature,
        device_key,
        device_message,
        device_signature,
        items: credential.items().iter().map(|i| i.bytes.clone()).collect(),
    };
    assert!(crypto_floor(&floor), "the floor's own verifications hold");

    Fixture {
        response,
        transcript: SessionTranscriptBytes::from_cbor(transcript).expect("transcript"),
        anchors: TrustAnchors::from_der(pki.iaca().certificate_der()).expect("anchor"),
        requested,
        doc_type: DocType::my_number_card(),
        floor,
    }
}

fn full_verification(f: &Fixture) -> bool {
    verify(&VerificationRequest {
        device_response: black_box(&f.response),
        session_transcript: &f.transcript,
        doc_type: &f.doc_type,
        trust_anchors: &f.anchors,
        at: datetime!(2026-12-01 09:00 UTC),
        reader_key: None,
        requested: Some(&f.requested),
    })
    .is_valid()
}

fn crypto_floor(f: &Floor) -> bool {
    let chain = f
        .iaca_key
        .verify(black_box(&f.ds_tbs), &f.ds_signature)
        .is_ok();
    let issuer = f
        .ds_key
        .verify(black_box(&f.issuer_message), &f.issuer_signature)
        .is_ok();
    let device = f
        .device_key
        .verify(black_box(&f.device_message), &f.device_signature)
        .is_ok();
    let mut digests = 0u8;
    for item in &f.items {
        digests ^= Sha256::digest(black_box(item))[0];
    }
    black_box(digests);
    chain && issuer && device
}

fn benches(c: &mut Criterion) {
    let f = fixture();
    assert!(full_verification(&f), "the fixture verifies");
    let mut group = c.benchmark_group("my_number_card");
    group.sample_size(20);
    group.bench_function("full_verification", |b| {
        b.iter(|| black_box(full_verification(&f)))
    });
    group.bench_function("crypto_floor", |b| {
        b.iter(|| black_box(crypto_floor(&f.floor)))
    });
    group.finish();
}

criterion_group!(verify_benches, benches);
criterion_main!(verify_benches);
