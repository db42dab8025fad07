//! The public spec vectors b01–b05 give their expected result and failing check.
mod support;

use mynaform_verifier::{CheckName, MyNumberDisplay};

fn assert_case(prefix: &str) {
    let case = support::load(prefix);
    let verification = case.verify();
    let report = verification.report();
    assert_eq!(
        report.valid, case.expected_valid,
        "{}: {:#?}",
        case.name, report
    );
    assert_eq!(
        report.failing_check.map(CheckName::as_str),
        case.expected_failing_check.as_deref(),
        "{}: {:#?}",
        case.name,
        report
    );
}

#[test]
fn annex_d_device_response_with_device_mac_verifies() {
    assert_case("b01");
}

#[test]
fn annex_d_with_a_changed_element_value_fails_value_digest() {
    assert_case("b02");
}

#[test]
fn annex_d_with_a_wrong_reader_key_fails_device_authentication() {
    assert_case("b03");
}

#[test]
fn annex_d_against_an_unrelated_anchor_fails_trust_chain() {
    assert_case("b04");
}

#[test]
fn document_signer_without_the_mdoc_eku_fails_certificate_profile() {
    assert_case("b05");
}

#[test]
fn annex_d_claims_are_exposed_only_after_verification() {
    let case = support::load("b01");
    let verification = case.verify();
    let doc = &verification.documents()[0];
    assert_eq!(doc.doc_type().as_str(), "org.iso.18013.5.1.mDL");
    let ns = &doc.claims()["org.iso.18013.5.1"];
    assert_eq!(ns.len(), 6);
    assert!(ns["portrait"].as_bytes().is_some());
    assert_eq!(ns["issue_date"].to_json(), serde_json::json!("2019-10-20"),);
    let json = verification.to_json(MyNumberDisplay::Masked);
    assert_eq!(json["valid"], serde_json::json!(true));
    assert_eq!(json["documents"][0]["checks"].as_array().unwrap().len(), 9);
}

#[test]
fn rejected_vector_exposes_no_claims() {
    let case = support::load("b02");
    let verification = case.verify();
    assert!(verification.documents().is_empty());
    let json = verification.to_json(MyNumberDisplay::Masked);
    assert_eq!(json["documents"][0]["claims"], serde_json::json!({}));
}

#[test]
fn b05_is_rejected_for_its_profile_while_its_signatures_and_digests_hold() {
    let case = support::load("b05");
    let verification = case.verify();
    let checks = &verification.report().documents[0].checks;
    let ok = |name: CheckName| checks.iter().find(|c| c.check == name).unwrap().ok;
    assert!(ok(CheckName::IssuerSignature));
    assert!(ok(CheckName::TrustChain));
    assert!(!ok(CheckName::CertificateProfile));
    assert!(ok(CheckName::ValueDigest));
    // Its deviceSignature embeds the payload instead of detaching it (ISO/IEC 18013-5 §9.1.3.6).
    assert!(!ok(CheckName::DeviceAuthentication));
}
