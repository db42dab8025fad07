//! Every fictional person's My Number Card, issued by the test wallet at a fixed reference time and at
//! the current time, verifies, and the verifier's `MyNumberCard` view returns exactly the issued data.

use mynaform_test_wallet::issuer::{IssueOptions, Issuer, test_session_transcript};
use mynaform_test_wallet::people::{self, Person, REFERENCE_DATE};
use mynaform_test_wallet::pki::{Entropy, TestPki};
use mynaform_verifier::{
    DocType, RequestedElements, SessionTranscriptBytes, TrustAnchors, VerificationRequest, verify,
};
use time::OffsetDateTime;
use time::macros::datetime;

fn check_person(person: &Person, pki: &TestPki, now: OffsetDateTime) {
    let credential = Issuer::new(pki)
        .issue(
            person,
            &IssueOptions::at(now),
            &mut Entropy::from_label(person.id()),
        )
        .expect("issue");
    let elements = person.elements(now.date());
    let pairs: Vec<(&str, &str)> = elements
        .iter()
        .map(|e| (e.namespace, e.identifier))
        .collect();
    let transcript = test_session_transcript(person.id());
    let response = credential.present(&transcript, &pairs).expect("present");

    let mut requested = RequestedElements::new();
    for (ns, el) in &pairs {
        requested.insert(ns, el);
    }
    let transcript = SessionTranscriptBytes::from_cbor(transcript).expect("transcript");
    let anchors = TrustAnchors::from_pem(pki.iaca().certificate_pem().expect("pem").as_bytes())
        .expect("anchor");
    let verification = verify(&VerificationRequest {
        device_response: &response,
        session_transcript: &transcript,
        doc_type: &DocType::my_number_card(),
        trust_anchors: &anchors,
        at: now,
        reader_key: None,
        requested: Some(&requested),
    });
    assert!(
        verification.is_valid(),
        "{}: {:?}",
        person.id(),
        verification.report()
    );
    let document = verification.documents().first().expect("document");
    let card = document.my_number_card().expect("My Number Card view");
    let id = person.id();
    assert_eq!(card.full_name().unwrap(), Some(person.full_name()), "{id}");
    assert_eq!(
        card.resident_address().unwrap(),
        Some(person.address()),
        "{id}"
    );
    assert_eq!(
        card.local_gov_code().unwrap(),
        Some(person.local_gov_code()),
        "{id}"
    );
    assert_eq!(
        card.my_number().unwrap().map(|n| n.reveal()).as_deref(),
        Some(person.individual_number()),
        "{id}"
    );
    assert_eq!(
        card.birth_date_printed().unwrap(),
        Some(person.birth_date_printed().as_str()),
        "{id}"
    );
    assert_eq!(
        card.sex_printed().unwrap(),
        Some(person.sex().printed()),
        "{id}"
    );
    assert_eq!(card.portrait().unwrap(), Some(person.portrait()), "{id}");
    assert_eq!(
        card.birth_date().unwrap().map(|b| b.date),
        Some(person.birth_date()),
        "{id}"
    );
    assert_eq!(
        card.sex().unwrap().map(|s| u64::from(s.code())),
        Some(person.sex().iso5218()),
        "{id}"
    );
    let age = person.age_on(now.date());
    assert_eq!(card.age_in_years().unwrap(), Some(age), "{id}");
    assert_eq!(card.age_over(18).unwrap(), Some(age >= 18), "{id}");
    assert_eq!(card.age_over(20).unwrap(), Some(age >= 20), "{id}");
}

#[test]
fn every_person_verifies_and_the_card_view_returns_the_issued_data_at_the_reference_date() {
    let now = datetime!(2026-12-01 09:00 UTC);
    assert_eq!(now.date(), REFERENCE_DATE);
    let pki = TestPki::from_seed([7; 32], now).expect("pki");
    let roster = people::roster(REFERENCE_DATE);
    assert_eq!(roster.len(), people::IDS.len());
    for person in &roster {
        check_person(person, &pki, now);
    }
}

#[test]
fn every_person_verifies_when_issued_and_checked_now() {
    let now = OffsetDateTime::now_utc();
    let pki = TestPki::random(now).expect("pki");
    for person in people::roster(now.date()) {
        check_person(&person, &pki, now);
    }
}

#[test]
fn the_eighteen_year_old_is_an_adult_but_not_over_twenty() {
    let now = datetime!(2026-12-01 09:00 UTC);
    let kenta = people::person("kenta", now.date()).expect("kenta");
    let misaki = people::person("misaki", now.date()).expect("misaki");
    assert_eq!(kenta.age_on(now.date()), 18);
    assert_eq!(misaki.age_on(now.date()), 19);
    let pki = TestPki::from_seed([8; 32], now).expect("pki");
    check_person(&kenta, &pki, now);
    check_person(&misaki, &pki, now);
}
