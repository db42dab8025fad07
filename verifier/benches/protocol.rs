//! The DC API protocol layer: what the browser and the server spend around one presentation — the two
//! SessionTranscripts, opening an Annex C HPKE response and an OpenID4VP JWE response of a realistic size
//! (a full My Number Card DeviceResponse with a 20 KB portrait), and building a signed Annex C request.
//!
//! Run: `cargo bench -p mynaform-verifier --bench protocol`.
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use mynaform_test_wallet::holder::EntropyRng;
use mynaform_test_wallet::issuer::{IssueOptions, Issuer};
use mynaform_test_wallet::people::{self, REFERENCE_DATE};
use mynaform_test_wallet::pki::{Entropy, TestPki};
use mynaform_verifier::protocol::annex_c::{AnnexCRequest, AnnexCResponse};
use mynaform_verifier::protocol::encryption_info::EncryptionInfo;
use mynaform_verifier::protocol::hpke::HpkeRecipientKey;
use mynaform_verifier::protocol::jwe::{self, ContentEncryption, JweRecipientKey};
use mynaform_verifier::protocol::preset::Preset;
use mynaform_verifier::protocol::reader_signer::SoftwareP256Signer;
use mynaform_verifier::protocol::transcript::{Nonce, Origin, SessionTranscript};

fn protocol(c: &mut Criterion) {
    let now = REFERENCE_DATE.midnight().assume_utc();
    let pki = TestPki::from_seed([5; 32], now).expect("pki");
    let mut entropy = Entropy::from_label("bench");
    let person = people::person("taro", REFERENCE_DATE).expect("person");
    let credential = Issuer::new(&pki)
        .issue(&person, &IssueOptions::at(now), &mut entropy)
        .expect("issue");
    let origin = Origin::parse("https://form.example.jp").expect("origin");
    let nonce = Nonce::generate(&mut EntropyRng(&mut entropy));

    let hpke_key = HpkeRecipientKey::generate(&mut EntropyRng(&mut entropy));
    let info = EncryptionInfo::new(nonce.clone(), hpke_key.public_key()).expect("info");
    let transcript = SessionTranscript::dcapi(info.as_b64url(), &origin).expect("st");
    let everything: Vec<(&str, &str)> = credential
        .items()
        .iter()
        .map(|i| (i.namespace.as_str(), i.identifier.as_str()))
        .collect();
    let device_response = credential
        .present(transcript.as_bytes(), &everything)
        .expect("present");
    let sealed = AnnexCResponse::seal(
        &info,
        &transcript,
        &device_response,
        &mut EntropyRng(&mut entropy),
    )
    .expect("seal");

    let jwe_key = JweRecipientKey::generate(&mut EntropyRng(&mut entropy));
    let compact = jwe::encrypt(
        &jwe_key.public_jwk(),
        ContentEncryption::A128Gcm,
        None,
        &device_response,
        &mut EntropyRng(&mut entropy),
    )
    .expect("jwe");

    let reader = pki.reader().key().as_p256().expect("P-256").clone();
    let signer = SoftwareP256Signer::new(reader, vec![pki.reader().certificate_der().to_vec()])
        .expect("signer");

    c.bench_function("transcript_dcapi", |b| {
        b.iter(|| SessionTranscript::dcapi(black_box(info.as_b64url()), black_box(&origin)))
    });
    c.bench_function("transcript_openid4vp", |b| {
        let thumbprint = jwe_key.public_jwk().thumbprint();
        b.iter(|| {
            SessionTranscript::openid4vp_dcapi(
                black_box(&origin),
                black_box(&nonce),
                Some(&thumbprint),
            )
        })
    });
    c.bench_function(&format!("hpke_open_{}_bytes", device_response.len()), |b| {
        b.iter(|| {
            sealed
                .open(black_box(&hpke_key), black_box(&transcript))
                .expect("open")
        })
    });
    c.bench_function(
        &format!("jwe_decrypt_{}_bytes", device_response.len()),
        |b| b.iter(|| jwe_key.decrypt(black_box(&compact)).expect("decrypt")),
    );
    c.bench_function("annex_c_signed_request_autofill_basic4", |b| {
        b.iter(|| {
            AnnexCRequest::build(
                &[Preset::AutofillBasic4.items_request()],
                info.clone(),
                &origin,
                Some(&signer),
            )
            .expect("request")
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(2));
    targets = protocol
}
criterion_main!(benches);
