//! Fuzzes full verification with the Annex D context (transcript, pinned signer, reader key, time): any
//! input must give a report, and only the untouched Annex D response may be valid.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use mynaform_verifier::{
    DocType, ReaderEphemeralKey, SessionTranscriptBytes, TrustAnchors, VerificationRequest, verify,
};


struct Context {
    transcript: SessionTranscriptBytes,
    anchors: TrustAnchors,
    reader_key: ReaderEphemeralKey,
    doc_type: DocType,
    at: time::OffsetDateTime,
}

fn context() -> &'static Context {
    static CONTEXT: OnceLock<Context> = OnceLock::new();
    CONTEXT.get_or_init(|| Context {
        transcript: SessionTranscriptBytes::from_cbor(
            include_bytes!("../../verifier/tests/vectors/b01_annex_d_valid_devicemac/session_transcript.cbor")
                .to_vec(),
        )
        .expect("vector transcript"),
        anchors: TrustAnchors::from_pem(include_bytes!(
            "../../verifier/tests/vectors/b01_annex_d_valid_devicemac/trust_anchor.pem"
        ))
        .expect("vector anchor"),
        reader_key: ReaderEphemeralKey::from_pem(include_str!(
            "../../verifier/tests/vectors/b01_annex_d_valid_devicemac/reader_key.pem"
        ))
        .expect("vector reader key"),
        doc_type: DocType::new(DocType::MDL).expect("doc type"),
        at: time::macros::datetime!(2020-10-02 00:00 UTC),
    })
}

const ORIGINAL: &[u8] =
    include_bytes!("../../verifier/tests/vectors/b01_annex_d_valid_devicemac/device_response.cbor");

fuzz_target!(|data: &[u8]| {
    let ctx = context();
    let verification = verify(&VerificationRequest {
        device_response: data,
        session_transcript: &ctx.transcript,
        doc_type: &ctx.doc_type,
        trust_anchors: &ctx.anchors,
        at: ctx.at,
        reader_key: Some(&ctx.reader_key),
        requested: None,
    });
    if verification.is_valid() {
        assert_eq!(data, ORIGINAL, "a modified Annex D response was accepted");
    }
    let _ = verification.to_json(mynaform_verifier::MyNumberDisplay::Masked);
});
