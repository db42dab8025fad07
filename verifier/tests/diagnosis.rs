//! A device_authentication failure names the transcript input the wallet signed differently, when the relying
//! party can offer the alternative (DESIGN.md "Verification").
mod support;

use mynaform_verifier::{
    CheckName, SessionTranscriptBytes, TranscriptCandidate, TranscriptInput,
    diagnose_device_authentication,
};

/// `[null, null, ["elsewhere", h'00']]`: a well-formed SessionTranscript no wallet signed.
fn unrelated_transcript() -> SessionTranscriptBytes {
    let mut bytes = vec![0x83, 0xf6, 0xf6, 0x82, 0x69];
    bytes.extend_from_slice(b"elsewhere");
    bytes.extend_from_slice(&[0x41, 0x00]);
    SessionTranscriptBytes::from_cbor(bytes).expect("a valid transcript")
}

fn candidate(differs: TranscriptInput, transcript: SessionTranscriptBytes) -> TranscriptCandidate {
    TranscriptCandidate {
        differs,
        transcript,
    }
}

#[test]
fn names_the_input_whose_alternative_transcript_the_device_mac_covers() {
    let mut case = support::load("b01");
    let signed = std::mem::replace(&mut case.transcript, unrelated_transcript());
    assert_eq!(
        case.verify().report().failing_check,
        Some(CheckName::DeviceAuthentication)
    );
    let candidates = [
        candidate(TranscriptInput::Thumbprint, unrelated_transcript()),
        candidate(TranscriptInput::Origin, signed),
    ];
    assert_eq!(
        diagnose_device_authentication(
            &case.device_response,
            &candidates,
            case.reader_key.as_ref()
        ),
        Some(TranscriptInput::Origin)
    );
}

#[test]
fn names_the_input_for_a_device_signature_too() {
    let (mut case, _person) = support::my_number_card([3; 32], "taro");
    let signed = std::mem::replace(&mut case.transcript, unrelated_transcript());
    assert_eq!(
        case.verify().report().failing_check,
        Some(CheckName::DeviceAuthentication)
    );
    let candidates = [candidate(TranscriptInput::Nonce, signed)];
    assert_eq!(
        diagnose_device_authentication(&case.device_response, &candidates, None),
        Some(TranscriptInput::Nonce)
    );
}

#[test]
fn finds_nothing_when_no_candidate_is_what_the_wallet_signed() {
    let case = support::load("b01");
    let candidates = [
        candidate(TranscriptInput::Origin, unrelated_transcript()),
        candidate(TranscriptInput::EncryptionInfo, unrelated_transcript()),
    ];
    assert_eq!(
        diagnose_device_authentication(
            &case.device_response,
            &candidates,
            case.reader_key.as_ref()
        ),
        None
    );
    assert_eq!(
        diagnose_device_authentication(&case.device_response, &[], case.reader_key.as_ref()),
        None
    );
}

#[test]
fn finds_nothing_in_bytes_that_are_not_a_device_response() {
    let case = support::load("b01");
    let candidates = [candidate(TranscriptInput::Origin, case.transcript.clone())];
    for bytes in [&b""[..], b"\xa0", b"\xff\xff", &case.device_response[..10]] {
        assert_eq!(
            diagnose_device_authentication(bytes, &candidates, None),
            None
        );
    }
}

#[test]
fn report_names_are_the_design_vocabulary() {
    let names: Vec<&str> = [
        TranscriptInput::Origin,
        TranscriptInput::Nonce,
        TranscriptInput::Thumbprint,
        TranscriptInput::EncryptionInfo,
    ]
    .into_iter()
    .map(TranscriptInput::as_str)
    .collect();
    assert_eq!(names, ["origin", "nonce", "thumbprint", "encryptionInfo"]);
}
