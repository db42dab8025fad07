//! Re-verification of a presentation against its stored session (ISO/IEC 18013-5 §9.3.1 through the
//! verifier core), and the answer returned to the relying party's backend.

use mynaform_verifier::protocol::transcript::{EcPublicJwk, Nonce, Origin, SessionTranscript};
use mynaform_verifier::{
    CheckName, DocType, MyNumberDisplay, TranscriptCandidate, TranscriptInput, VerificationRequest,
    diagnose_device_authentication,
};
use serde::Serialize;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::error::AppError;
use crate::presets;
use crate::session::{Protocol, SessionRecord};
use crate::state::AppState;

/// Upper bound on nesting/size is enforced by the body limit; this only proves the bytes are one CBOR item.
pub fn check_well_formed(device_response: &[u8]) -> Result<(), AppError> {
    let mut reader = device_response;
    let _: ciborium::Value = ciborium::from_reader(&mut reader).map_err(|_| AppError::BadCbor)?;
    if reader.is_empty() {
        Ok(())
    } else {
        Err(AppError::BadCbor)
    }
}

/// The body of a `/verify` answer.
#[derive(Serialize)]
pub struct Answer {
    /// Whether every check passed.
    pub valid: bool,
    /// The first failing check's name, if any.
    pub failing_check: Option<&'static str>,
    /// The verifier's report (every check with its result; no claim values).
    pub checks: serde_json::Value,
    /// The verified claims: `normalized` (by the `jp` crate: 姓/名, dates, address parts) and `elements`
    /// (namespace → element → value, the My Number unmasked: the backend is the party entitled to it).
    /// `null` unless valid.
    pub claims: Option<serde_json::Value>,
    /// The preset of the session.
    pub preset: String,
    /// When the server verified (RFC 3339).
    pub verified_at: String,
}

/// The SessionTranscript the server rebuilds from what it stored for the session.
pub fn transcript_of(
    record: &SessionRecord,
    protocol: Protocol,
) -> Result<SessionTranscript, AppError> {
    let origin = Origin::parse(&record.origin).map_err(|_| AppError::Internal)?;
    transcript_with(record, protocol, &origin, true)
}

/// The session's transcript with `origin`, and with or without the encryption key's thumbprint
/// (OpenID4VP only; Annex C has none).
fn transcript_with(
    record: &SessionRecord,
    protocol: Protocol,
    origin: &Origin,
    with_thumbprint: bool,
) -> Result<SessionTranscript, AppError> {
    match protocol {
        Protocol::IsoMdoc => SessionTranscript::dcapi(&record.encryption_info, origin),
        Protocol::OpenId4VpUnsigned | Protocol::OpenId4VpSigned => {
            let nonce = Nonce::parse(&record.nonce).map_err(|_| AppError::Internal)?;
            let key =
                EcPublicJwk::from_json(&record.recipient_key).map_err(|_| AppError::Internal)?;
            let thumbprint = key.thumbprint();
            SessionTranscript::openid4vp_dcapi(
                origin,
                &nonce,
                with_thumbprint.then_some(&thumbprint),
            )
        }
    }
    .map_err(|_| AppError::Internal)
}

/// Transcripts the wallet may have signed instead of the session's, each differing in one input the server
/// can enumerate: another allowed origin; for OpenID4VP, no encryption key thumbprint. (A nonce or
/// EncryptionInfo of another session cannot be enumerated.)
fn transcript_candidates(
    state: &AppState,
    record: &SessionRecord,
    protocol: Protocol,
) -> Vec<TranscriptCandidate> {
    let as_candidate = |differs, transcript: Result<SessionTranscript, AppError>| {
        let transcript = transcript.ok()?.to_verifier_bytes().ok()?;
        Some(TranscriptCandidate {
            differs,
            transcript,
        })
    };
    let mut candidates: Vec<TranscriptCandidate> = state
        .parts
        .allowed_origins
        .iter()
        .filter(|origin| **origin != record.origin)
        .filter_map(|origin| Origin::parse(origin).ok())
        .filter_map(|origin| {
            as_candidate(
                TranscriptInput::Origin,
                transcript_with(record, protocol, &origin, true),
            )
        })
        .collect();
    if protocol != Protocol::IsoMdoc
        && let Ok(origin) = Origin::parse(&record.origin)
    {
        candidates.extend(as_candidate(
            TranscriptInput::Thumbprint,
            transcript_with(record, protocol, &origin, false),
        ));
    }
    candidates
}

/// On a device_authentication failure, adds to that check of the report `transcript_input`: the input the
/// wallet signed with another value, or `null` when none of the alternatives the server knows fits.
fn annotate_device_authentication(checks: &mut serde_json::Value, input: Option<TranscriptInput>) {
    let Some(documents) = checks
        .get_mut("documents")
        .and_then(serde_json::Value::as_array_mut)
    else {
        return;
    };
    for check in documents
        .iter_mut()
        .filter_map(|d| {
            d.get_mut("checks")
                .and_then(serde_json::Value::as_array_mut)
        })
        .flatten()
        .filter(|c| {
            c.get("check").and_then(serde_json::Value::as_str) == Some("device_authentication")
                && c.get("ok").and_then(serde_json::Value::as_bool) == Some(false)
        })
    {
        if let Some(entry) = check.as_object_mut() {
            entry.insert(
                "transcript_input".into(),
                input.map(TranscriptInput::as_str).into(),
            );
            let detail = match input {
                Some(input) => format!(
                    "the device signed this response for another {} than this session's",
                    input.as_str()
                ),
                None => "the device did not sign this session's transcript (its origin, nonce, \
                         thumbprint or encryptionInfo differ)"
                    .to_owned(),
            };
            entry.insert("detail".into(), detail.into());
        }
    }
}

/// Verifies `device_response` for the session `record` at `now`.
pub fn verify(
    state: &AppState,
    record: &SessionRecord,
    protocol: Protocol,
    device_response: &[u8],
    now: OffsetDateTime,
) -> Result<Answer, AppError> {
    let transcript = transcript_of(record, protocol)?
        .to_verifier_bytes()
        .map_err(|_| AppError::Internal)?;
    let preset = presets::preset(
        &record.preset,
        state.parts.allow_my_number,
        record.birth_date_fallback,
    )?;
    let requested = presets::requested_elements(preset);
    let doc_type = DocType::my_number_card();
    let verification = mynaform_verifier::verify(&VerificationRequest {
        device_response,
        session_transcript: &transcript,
        doc_type: &doc_type,
        trust_anchors: state.parts.trust.anchors(),
        at: now,
        reader_key: None,
        requested: Some(&requested),
    });
    let report = verification.report();
    let mut checks = serde_json::to_value(report).unwrap_or(serde_json::Value::Null);
    if report.failing_check == Some(CheckName::DeviceAuthentication) {
        let candidates = transcript_candidates(state, record, protocol);
        let input = diagnose_device_authentication(device_response, &candidates, None);
        annotate_device_authentication(&mut checks, input);
    }
    let claims = verification.documents().first().map(|document| {
        let elements = document.claims_json(MyNumberDisplay::Revealed);
        let mut flat = serde_json::Map::new();
        if let Some(namespaces) = elements.as_object() {
            for (_, items) in namespaces {
                if let Some(items) = items.as_object() {
                    flat.extend(items.iter().map(|(k, v)| (k.clone(), v.clone())));
                }
            }
        }
        let normalized = mynaform_jp::CardClaims::from_json(&serde_json::Value::Object(flat))
            .map(|card| mynaform_jp::normalize(&card))
            .ok();
        serde_json::json!({ "normalized": normalized, "elements": elements })
    });
    Ok(Answer {
        valid: verification.is_valid() && claims.is_some(),
        failing_check: report.failing_check.map(|c| c.as_str()),
        checks,
        claims,
        preset: record.preset.clone(),
        verified_at: now.format(&Rfc3339).unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_one_cbor_item_only() {
        assert!(check_well_formed(&[0xa0]).is_ok());
        assert!(matches!(
            check_well_formed(&[0xa0, 0x00]),
            Err(AppError::BadCbor)
        ));
        assert!(matches!(check_well_formed(&[0xbf]), Err(AppError::BadCbor)));
        assert!(matches!(check_well_formed(b""), Err(AppError::BadCbor)));
    }
}
