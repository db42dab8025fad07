//! A My Number Card issued by the test wallet verifies, and the typed view reads every element.
use mynaform_test_wallet::issuer::{IssueOptions, Issuer, test_session_transcript};
use mynaform_test_wallet::people::{REFERENCE_DATE, person};
use mynaform_test_wallet::pki::{Entropy, TestPki};
use mynaform_verifier::{
    CheckName, DocType, MyNumberDisplay, RequestedElements, SessionTranscriptBytes, Sex,
    TrustAnchors, VerificationRequest, verify,
};
use time::macros::datetime;

const NOW: time::OffsetDateTime = datetime!(2026-12-01 09:00 UTC);

struct Fixture {
    anchors: TrustAnchors,
    transcript: SessionTranscriptBytes,
    response: Vec<u8>,
    requested: RequestedElements,
    person: mynaform_test_wallet::people::Person,
}

fn fixture() -> Fixture {
    let pki = TestPki::from_seed([7; 32], NOW).unwrap();
    let person = person("taro", REFERENCE_DATE).unwrap();
    let elements = person.elements(NOW.date());
    let pairs: Vec<(&str, &str)> = elements
        .iter()
        .map(|e| (e.namespace, e.identifier))
        .collect();
    let credential = Issuer::new(&pki)
        .issue(
            &person,
            &IssueOptions::at(NOW),
            &mut Entropy::from_label("mnc test"),
        )
        .unwrap();
    let transcript = test_session_transcript("my number card test");
    let response = credential.present(&transcript, &pairs).unwrap();
    let mut requested = RequestedElements::new();
    for (ns, el) in &pairs {
        requested.insert(ns, el);
    }
    Fixture {
        anchors: TrustAnchors::from_der(pki.iaca().certificate_der()).unwrap(),
        transcript: SessionTranscriptBytes::from_cbor(transcript).unwrap(),
        response,
        requested,
        person,
    }
}

fn request<'a>(f: &'a Fixture, doc_type: &'a DocType) -> VerificationRequest<'a> {
    VerificationRequest {
        device_response: &f.response,
        session_transcript: &f.transcript,
        doc_type,
        trust_anchors: &f.anchors,
        at: NOW,
        reader_key: None,
        requested: Some(&f.requested),
    }
}

#[test]
fn issued_my_number_card_verifies_and_reads_every_element() {
    let f = fixture();
    let doc_type = DocType::my_number_card();
    let verification = verify(&request(&f, &doc_type));
    assert!(verification.is_valid(), "{:#?}", verification.report());
    let doc = &verification.documents()[0];
    let card = doc.my_number_card().unwrap();
    assert_eq!(card.full_name().unwrap(), Some(f.person.full_name()));
    assert_eq!(card.resident_address().unwrap(), Some(f.person.address()));
    assert_eq!(
        card.local_gov_code().unwrap(),
        Some(f.person.local_gov_code())
    );
    assert_eq!(
        card.my_number().unwrap().unwrap().reveal(),
        f.person.individual_number()
    );
    assert_eq!(
        card.birth_date_printed().unwrap(),
        Some(f.person.birth_date_printed().as_str())
    );
    assert_eq!(
        card.birth_date().unwrap().unwrap().date,
        f.person.birth_date()
    );
    assert_eq!(
        card.sex().unwrap().map(Sex::code).map(u64::from),
        Some(f.person.sex().iso5218())
    );
    assert_eq!(card.sex_printed().unwrap(), Some(f.person.sex().printed()));
    assert_eq!(card.portrait().unwrap(), Some(f.person.portrait()));
    assert_eq!(
        card.age_in_years().unwrap(),
        Some(f.person.age_on(NOW.date()))
    );
    assert_eq!(card.age_over(18).unwrap(), Some(true));
}

#[test]
fn json_masks_the_my_number_unless_revealed() {
    let f = fixture();
    let doc_type = DocType::my_number_card();
    let verification = verify(&request(&f, &doc_type));
    let number = f.person.individual_number();
    let masked = verification.to_json(MyNumberDisplay::Masked).to_string();
    assert!(!masked.contains(number));
    assert!(masked.contains(&format!("********{}", &number[8..])));
    let revealed = verification.to_json(MyNumberDisplay::Revealed).to_string();
    assert!(revealed.contains(number));
}

#[test]
fn report_and_debug_output_carry_no_personal_data() {
    let f = fixture();
    let doc_type = DocType::my_number_card();
    let verification = verify(&request(&f, &doc_type));
    let report = serde_json::to_string(verification.report()).unwrap();
    let debug = format!("{verification:?}");
    for secret in [
        f.person.full_name(),
        f.person.address(),
        f.person.individual_number(),
    ] {
        assert!(!report.contains(secret));
        assert!(!debug.contains(secret));
    }
}

#[test]
fn rejects_a_card_presented_for_another_doc_type() {
    let f = fixture();
    let doc_type = DocType::new(DocType::MDL).unwrap();
    let verification = verify(&request(&f, &doc_type));
    assert_eq!(
        verification.report().failing_check,
        Some(CheckName::DocType)
    );
}

#[test]
fn rejects_elements_beyond_the_request() {
    let f = fixture();
    let doc_type = DocType::my_number_card();
    let narrow = RequestedElements::new().with("org.iso.23220.1", "age_over_20");
    let verification = verify(&VerificationRequest {
        requested: Some(&narrow),
        ..request(&f, &doc_type)
    });
    assert_eq!(
        verification.report().failing_check,
        Some(CheckName::Structure)
    );
}

#[test]
fn rejects_a_card_against_the_production_root() {
    let f = fixture();
    let doc_type = DocType::my_number_card();
    let production = TrustAnchors::production().unwrap();
    let verification = verify(&VerificationRequest {
        trust_anchors: &production,
        ..request(&f, &doc_type)
    });
    assert_eq!(
        verification.report().failing_check,
        Some(CheckName::TrustChain)
    );
}

#[test]
fn reports_requested_elements_the_holder_did_not_disclose() {
    let f = fixture();
    let doc_type = DocType::my_number_card();
    let wider = f.requested.clone().with("org.iso.23220.1", "age_over_99");
    let verification = verify(&VerificationRequest {
        requested: Some(&wider),
        ..request(&f, &doc_type)
    });
    assert!(verification.is_valid());
    assert_eq!(
        verification.report().documents[0].missing_elements,
        vec![("org.iso.23220.1".to_owned(), "age_over_99".to_owned())]
    );
}
