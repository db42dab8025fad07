//! Browser/native parity of verification (issue 3 item 7): the same inputs as `mynaform verify`
//! (DeviceResponse, SessionTranscript CBOR, PEM trust anchors, time, optional reader key) give the same JSON
//! report in the browser as natively. Built only with the cargo feature `parity`, so the production widget
//! carries none of it; in wasm it is exported as `__verifyForParity`.

use base64ct::{Base64, Encoding};
use mynaform_verifier::{
    DocType, MyNumberDisplay, ReaderEphemeralKey, SessionTranscriptBytes, TrustAnchors,
    VerificationRequest, verify,
};

/// Why the parity inputs could not be used (the caller's fault; no claim values are carried).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParityError {
    /// An argument that should be standard base64 is not.
    #[error("{0} is not base64")]
    Base64(&'static str),
    /// The SessionTranscript bytes are not a CBOR SessionTranscript.
    #[error("session transcript: {0}")]
    Transcript(String),
    /// The trust anchor PEM could not be read.
    #[error("trust anchor: {0}")]
    TrustAnchor(String),
    /// The reader key PEM could not be read.
    #[error("reader key: {0}")]
    ReaderKey(String),
    /// The verification time is not RFC 3339.
    #[error("verification time is not RFC 3339")]
    Time,
    /// The docType is empty or malformed.
    #[error("doc type: {0}")]
    DocType(String),
}

/// Verifies like `mynaform verify` (My Number masked) and returns its JSON report. `reader_key_pem` may be
/// empty (no deviceMac key); `doc_type` empty means the My Number Card docType.
pub fn verify_for_parity(
    device_response_b64: &str,
    transcript_b64: &str,
    anchors_pem: &str,
    at_rfc3339: &str,
    reader_key_pem: &str,
    doc_type: &str,
) -> Result<String, ParityError> {
    let device_response = Base64::decode_vec(device_response_b64)
        .map_err(|_| ParityError::Base64("device response"))?;
    let transcript = Base64::decode_vec(transcript_b64)
        .map_err(|_| ParityError::Base64("session transcript"))?;
    let transcript = SessionTranscriptBytes::from_cbor(transcript)
        .map_err(|e| ParityError::Transcript(e.to_string()))?;
    let anchors = TrustAnchors::from_pem(anchors_pem.as_bytes())
        .map_err(|e| ParityError::TrustAnchor(e.to_string()))?;
    let reader_key = if reader_key_pem.trim().is_empty() {
        None
    } else {
        Some(
            ReaderEphemeralKey::from_pem(reader_key_pem)
                .map_err(|e| ParityError::ReaderKey(e.to_string()))?,
        )
    };
    let doc_type = if doc_type.is_empty() {
        "org.iso.23220.1.jp.mnc"
    } else {
        doc_type
    };
    let doc_type = DocType::new(doc_type).map_err(|e| ParityError::DocType(e.to_string()))?;
    let at = time::OffsetDateTime::parse(
        at_rfc3339.trim(),
        &time::format_description::well_known::Rfc3339,
    )
    .map_err(|_| ParityError::Time)?;
    let verification = verify(&VerificationRequest {
        device_response: &device_response,
        session_transcript: &transcript,
        doc_type: &doc_type,
        trust_anchors: &anchors,
        at,
        reader_key: reader_key.as_ref(),
        requested: None,
    });
    Ok(verification.to_json(MyNumberDisplay::Masked).to_string())
}

/// The wasm export: the report JSON, or throws the error text.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(js_name = "__verifyForParity")]
pub fn verify_for_parity_js(
    device_response_b64: &str,
    transcript_b64: &str,
    anchors_pem: &str,
    at_rfc3339: &str,
    reader_key_pem: &str,
    doc_type: &str,
) -> Result<String, wasm_bindgen::JsError> {
    verify_for_parity(
        device_response_b64,
        transcript_b64,
        anchors_pem,
        at_rfc3339,
        reader_key_pem,
        doc_type,
    )
    .map_err(|e| wasm_bindgen::JsError::new(&e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const VECTOR: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../verifier/tests/vectors/b01_annex_d_valid_devicemac"
    );

    fn read(name: &str) -> Vec<u8> {
        std::fs::read(format!("{VECTOR}/{name}")).unwrap()
    }

    fn text(name: &str) -> String {
        String::from_utf8(read(name)).unwrap().trim().to_owned()
    }

    fn parity_report(device_response: &[u8]) -> serde_json::Value {
        let json = verify_for_parity(
            &Base64::encode_string(device_response),
            &Base64::encode_string(&read("session_transcript.cbor")),
            &text("trust_anchor.pem"),
            &text("at.txt"),
            &text("reader_key.pem"),
            &text("doc_type.txt"),
        )
        .unwrap();
        serde_json::from_str(&json).unwrap()
    }

    fn native_report(device_response: &[u8]) -> serde_json::Value {
        let transcript =
            SessionTranscriptBytes::from_cbor(read("session_transcript.cbor")).unwrap();
        let anchors = TrustAnchors::from_pem(&read("trust_anchor.pem")).unwrap();
        let key = ReaderEphemeralKey::from_pem(&text("reader_key.pem")).unwrap();
        let doc_type = DocType::new(text("doc_type.txt")).unwrap();
        let at = time::macros::datetime!(2020-10-02 00:00 UTC);
        verify(&VerificationRequest {
            device_response,
            session_transcript: &transcript,
            doc_type: &doc_type,
            trust_anchors: &anchors,
            at,
            reader_key: Some(&key),
            requested: None,
        })
        .to_json(MyNumberDisplay::Masked)
    }

    #[test]
    fn annex_d_vector_gives_the_native_report() {
        let response = read("device_response.cbor");
        let report = parity_report(&response);
        assert_eq!(report, native_report(&response));
        assert!(
            report["documents"][0]["checks"]
                .as_array()
                .is_some_and(|c| !c.is_empty())
        );
    }

    #[test]
    fn tampered_vector_gives_the_native_rejection() {
        let mut response = read("device_response.cbor");
        let last = response.len() - 1;
        response[last] ^= 0x01;
        let report = parity_report(&response);
        assert_eq!(report, native_report(&response));
        assert_eq!(report["valid"], serde_json::Value::Bool(false));
    }

    #[test]
    fn rejects_time_that_is_not_rfc3339() {
        let err = verify_for_parity(
            &Base64::encode_string(&read("device_response.cbor")),
            &Base64::encode_string(&read("session_transcript.cbor")),
            &text("trust_anchor.pem"),
            "yesterday",
            "",
            "",
        )
        .unwrap_err();
        assert_eq!(err, ParityError::Time);
    }
}
