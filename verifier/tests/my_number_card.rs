//! A My Number Card issued by the test wallet verifies, and the typed view reads every element.
mod support;

use mynaform_verifier::{
    CheckName, DocType, MyNumberDisplay, RequestedElements, Sex, TrustAnchors, VerificationRequest,
    verify,
};
use support::{Case, NOW};

fn request<'a>(case: &'a Case, doc_type: &'a DocType) -> VerificationRequest<'a> {
    VerificationRequest {
        device_response: &case.device_response,
        session_transcript: &case.transcript,
        doc_type,
        trust_anchors: &case.anchors,
        at: NOW,
        reader_key: None,
        requested: case.requested.as_ref(),
    }
}

#[test]
fn issued_my_number_card_verifies_and_reads_every_element() {
    let (f, person) = support::my_number_card([7; 32], "taro");
    let verification = f.verify();
    assert!(verification.is_valid(), "{:#?}", verification.report());
    let doc = &verification.documents()[0];
    let card = doc.my_number_card().unwrap();
    assert_eq!(card.full_name().unwrap(), Some(person.full_name()));
    assert_eq!(card.resident_address().unwrap(), Some(person.address()));
    assert_eq!(
        card.local_gov_code().unwrap(),
        Some(person.local_gov_code())
    );
    assert_eq!(
        card.my_number().unwrap().unwrap().reveal(),
        person.individual_number()
    );
    assert_eq!(
        card.birth_date_printed().unwrap(),
        Some(person.birth_date_printed().as_str())
    );
    assert_eq!(
        card.birth_date().unwrap().unwrap().date,
        person.birth_date()
    );
    assert_eq!(
        card.sex().unwrap().map(Sex::code).map(u64::from),
        Some(person.sex().iso5218())
    );
    assert_eq!(card.sex_printed().unwrap(), Some(person.sex().printed()));
    assert_eq!(card.portrait().unwrap(), Some(person.portrait()));
    assert_eq!(
        card.age_in_years().unwrap(),
        Some(person.age_on(NOW.date()))
    );
    assert_eq!(card.age_over(18).unwrap(), Some(true));
}

#[test]
fn json_masks_the_my_number_unless_revealed() {
    let (f, person) = support::my_number_card([7; 32], "taro");
    let verification = f.verify();
    let number = person.individual_number();
    let masked = verification.to_json(MyNumberDisplay::Masked).to_string();
    assert!(!masked.contains(number));
    assert!(masked.contains(&format!("********{}", &number[8..])));
    let revealed = verification.to_json(MyNumberDisplay::Revealed).to_string();
    assert!(revealed.contains(number));
}

#[test]
fn report_and_debug_output_carry_no_personal_data() {
    let (f, person) = support::my_number_card([7; 32], "taro");
    let verification = f.verify();
    let report = serde_json::to_string(verification.report()).unwrap();
    let debug = format!("{verification:?}");
    for secret in [
        person.full_name(),
        person.address(),
        person.individual_number(),
    ] {
        assert!(!report.contains(secret));
        assert!(!debug.contains(secret));
    }
}

#[test]
fn rejects_a_card_presented_for_another_doc_type() {
    let (f, _) = support::my_number_card([7; 32], "taro");
    let doc_type = DocType::new(DocType::MDL).unwrap();
    let verification = verify(&request(&f, &doc_type));
    assert_eq!(
        verification.report().failing_check,
        Some(CheckName::DocType)
    );
}

#[test]
fn rejects_elements_beyond_the_request() {
    let (f, _) = support::my_number_card([7; 32], "taro");
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
    let (f, _) = support::my_number_card([7; 32], "taro");
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
    let (f, _) = support::my_number_card([7; 32], "taro");
    let doc_type = DocType::my_number_card();
    let wider = f
        .requested
        .clone()
        .unwrap()
        .with("org.iso.23220.1", "age_over_99");
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
