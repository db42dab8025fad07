//! The tamper corpus: presentations made by the test wallet that break one verification rule each
//! (ISO/IEC 18013-5 §9.3.1, §9.1.2, §9.1.3, Annex B), every one asserting the exact check the verifier
//! names, beside variants that are unusual but valid (non-shortest CBOR, ES384/ES512, SHA-384/512,
//! tagged COSE, x5chain arrays, deviceMac) and must verify.

use mynaform_test_wallet::issuer::cbor::{Cbor, CborStyle};
use mynaform_test_wallet::issuer::{
    DeviceAuthMode, DigestAlgorithm, IssueFault, IssueOptions, IssuedCredential, Issuer,
    PresentOptions, X5Chain, device_response, test_session_transcript,
};
use mynaform_test_wallet::people::{self, NS_ISO, NS_JP, Person, REFERENCE_DATE};
use mynaform_test_wallet::pki::{CertifiedKey, Curve, DsProfile, EcKey, Entropy, TestPki};
use mynaform_test_wallet::tamper;
use mynaform_verifier::report::detail;
use mynaform_verifier::{
    CheckName, DocType, ReaderEphemeralKey, RequestedElements, SessionTranscriptBytes,
    TrustAnchors, Verification, VerificationRequest, verify,
};
use std::sync::OnceLock;
use time::OffsetDateTime;
use time::macros::datetime;

const NOW: OffsetDateTime = datetime!(2026-12-01 09:00 UTC);

fn pki() -> &'static TestPki {
    static PKI: OnceLock<TestPki> = OnceLock::new();
    PKI.get_or_init(|| TestPki::from_seed([42; 32], NOW).expect("test PKI"))
}

fn other_pki() -> &'static TestPki {
    static PKI: OnceLock<TestPki> = OnceLock::new();
    PKI.get_or_init(|| TestPki::from_seed([43; 32], NOW).expect("test PKI"))
}

fn taro() -> Person {
    people::person("taro", REFERENCE_DATE)
        .expect("taro")
        .with_portrait(people::portrait_jpeg("taro", 2048))
}

fn all_elements() -> Vec<(&'static str, &'static str)> {
    taro()
        .elements(NOW.date())
        .iter()
        .map(|e| (e.namespace, e.identifier))
        .collect()
}

fn transcript() -> Vec<u8> {
    test_session_transcript("https://shop.example.jp nonce-1")
}

fn issue_by(signer: &CertifiedKey, options: IssueOptions) -> IssuedCredential {
    Issuer::with_document_signer(signer, pki().iaca())
        .issue(&taro(), &options, &mut Entropy::from_label("corpus"))
        .expect("issue")
}

fn issue(options: IssueOptions) -> IssuedCredential {
    issue_by(pki().document_signer(), options)
}

fn present(credential: &IssuedCredential, options: &PresentOptions) -> Vec<u8> {
    credential
        .present_with(&transcript(), &all_elements(), options)
        .expect("present")
}

fn signer(profile: DsProfile) -> CertifiedKey {
    pki()
        .issue_document_signer(&profile, &mut Entropy::from_label("signer"))
        .expect("signer")
}

/// What the verifier is given besides the response; defaults match the presentation.
struct Context {
    transcript: Vec<u8>,
    anchors: TrustAnchors,
    at: OffsetDateTime,
    doc_type: DocType,
    reader_key: Option<ReaderEphemeralKey>,
    requested: RequestedElements,
}

impl Context {
    fn new() -> Self {
        let mut requested = RequestedElements::new();
        for (ns, el) in all_elements() {
            requested.insert(ns, el);
        }
        Self {
            transcript: transcript(),
            anchors: TrustAnchors::from_der(pki().iaca().certificate_der()).expect("anchor"),
            at: NOW,
            doc_type: DocType::my_number_card(),
            reader_key: None,
            requested,
        }
    }

    fn verify(&self, response: &[u8]) -> Verification {
        let transcript =
            SessionTranscriptBytes::from_cbor(self.transcript.clone()).expect("transcript");
        verify(&VerificationRequest {
            device_response: response,
            session_transcript: &transcript,
            doc_type: &self.doc_type,
            trust_anchors: &self.anchors,
            at: self.at,
            reader_key: self.reader_key.as_ref(),
            requested: Some(&self.requested),
        })
    }
}

#[track_caller]
fn assert_rejected_at(response: &[u8], context: &Context, expected: CheckName) {
    let verification = context.verify(response);
    let report = verification.report();
    assert!(
        !verification.is_valid(),
        "expected rejection at {expected}, but it verified"
    );
    assert_eq!(report.failing_check, Some(expected), "report: {report:?}");
    assert!(verification.documents().is_empty());
}

#[track_caller]
fn rejected(response: &[u8], expected: CheckName) {
    assert_rejected_at(response, &Context::new(), expected);
}

/// Rejected at `expected`, whose failure detail is `detail`.
#[track_caller]
fn rejected_with_detail(response: &[u8], expected: CheckName, detail: &str) {
    rejected(response, expected);
    let verification = Context::new().verify(response);
    let failed: Vec<&str> = verification
        .report()
        .documents
        .iter()
        .flat_map(|d| &d.checks)
        .filter(|c| c.check == expected && !c.ok)
        .map(|c| c.detail.as_str())
        .collect();
    assert_eq!(failed, [detail]);
}

#[track_caller]
fn assert_valid(response: &[u8], context: &Context) {
    let verification = context.verify(response);
    assert!(
        verification.is_valid(),
        "report: {:?}",
        verification.report()
    );
    let document = verification
        .documents()
        .first()
        .expect("one verified document");
    let card = document.my_number_card().expect("My Number Card view");
    assert_eq!(card.full_name().expect("name"), Some(taro().full_name()));
}

fn valid_response() -> Vec<u8> {
    present(&issue(IssueOptions::at(NOW)), &PresentOptions::default())
}

fn reader_key_pair(label: &str) -> (EcKey, ReaderEphemeralKey) {
    let key = EcKey::generate(Curve::P256, &mut Entropy::from_label(label));
    let scalar = key.as_p256().expect("P-256").to_bytes();
    let reader = ReaderEphemeralKey::from_scalar_bytes(&scalar).expect("reader key");
    (key, reader)
}

// ---- the baseline -------------------------------------------------------------------------------------

#[test]
fn untouched_presentation_verifies() {
    assert_valid(&valid_response(), &Context::new());
}

// ---- cbor ---------------------------------------------------------------------------------------------

#[test]
fn rejects_truncated_response_as_cbor() {
    let r = valid_response();
    rejected(&tamper::truncate(&r, r.len() / 2).unwrap(), CheckName::Cbor);
}

#[test]
fn rejects_response_cut_by_one_byte_as_cbor() {
    let r = valid_response();
    rejected(&tamper::truncate(&r, r.len() - 1).unwrap(), CheckName::Cbor);
}

#[test]
fn rejects_trailing_bytes_after_the_response_as_cbor() {
    rejected(&tamper::append(&valid_response(), &[0x00]), CheckName::Cbor);
}

#[test]
fn rejects_empty_input_as_cbor() {
    rejected(&[], CheckName::Cbor);
}

#[test]
fn rejects_reserved_additional_information_as_cbor() {
    let r = valid_response();
    // 0xbc: map with reserved additional information 28 (RFC 8949 §3).
    let mut bad = r.clone();
    bad[0] = 0xbc;
    rejected(&bad, CheckName::Cbor);
}

#[test]
fn rejects_indefinite_response_missing_its_break_as_cbor() {
    let options = PresentOptions {
        style: CborStyle::Indefinite,
        ..PresentOptions::default()
    };
    let r = present(&issue(IssueOptions::at(NOW)), &options);
    assert_eq!(r.last(), Some(&0xff));
    rejected(&tamper::truncate(&r, r.len() - 1).unwrap(), CheckName::Cbor);
}

// ---- structure ----------------------------------------------------------------------------------------

#[test]
fn rejects_response_that_is_an_array_as_structure() {
    rejected(
        &Cbor::Array(vec![Cbor::text("1.0")]).to_vec(),
        CheckName::Structure,
    );
}

#[test]
fn rejects_response_without_documents_as_structure() {
    rejected(&device_response(Vec::new()).to_vec(), CheckName::Structure);
}

#[test]
fn rejects_element_that_was_not_requested_as_structure() {
    let credential = issue(IssueOptions::at(NOW));
    let options = PresentOptions {
        extra_elements: vec![(NS_JP.to_owned(), "individual_number_unicode".to_owned())],
        ..PresentOptions::default()
    };
    let response = credential
        .present_with(&transcript(), &[(NS_JP, "full_name_unicode")], &options)
        .unwrap();
    let mut context = Context::new();
    context.requested = RequestedElements::new().with(NS_JP, "full_name_unicode");
    assert_rejected_at(&response, &context, CheckName::Structure);
}

#[test]
fn rejects_issuer_auth_that_is_not_a_cose_sign1_as_structure() {
    let credential = issue(IssueOptions::at(NOW));
    let r = present(&credential, &PresentOptions::default());
    let bad = tamper::replace_first(
        &r,
        credential.issuer_auth(),
        &Cbor::Bytes(vec![1, 2, 3]).to_vec(),
    )
    .unwrap();
    rejected(&bad, CheckName::Structure);
}

#[test]
fn rejects_document_without_device_signed_as_structure() {
    let r = valid_response();
    // Rename the "deviceSigned" key: the document then lacks a mandatory member.
    let bad = tamper::replace_first(&r, b"deviceSigned", b"deviceSignex").unwrap();
    rejected(&bad, CheckName::Structure);
}

// ---- doc_type -----------------------------------------------------------------------------------------

#[test]
fn rejects_mso_with_another_doc_type_as_doc_type() {
    let credential = issue(
        IssueOptions::at(NOW)
            .with_fault(IssueFault::MsoDocType("org.iso.18013.5.1.mDL".to_owned())),
    );
    rejected(
        &present(&credential, &PresentOptions::default()),
        CheckName::DocType,
    );
}

#[test]
fn rejects_document_with_another_doc_type_than_requested_as_doc_type() {
    let mut context = Context::new();
    context.doc_type = DocType::new("org.iso.18013.5.1.mDL").unwrap();
    assert_rejected_at(&valid_response(), &context, CheckName::DocType);
}

#[test]
fn rejects_document_whose_doc_type_differs_from_its_mso_as_doc_type() {
    let options = PresentOptions {
        document_doc_type: Some("org.iso.18013.5.1.mDL".to_owned()),
        ..Default::default()
    };
    let mut context = Context::new();
    context.doc_type = DocType::new("org.iso.18013.5.1.mDL").unwrap();
    assert_rejected_at(
        &present(&issue(IssueOptions::at(NOW)), &options),
        &context,
        CheckName::DocType,
    );
}

// ---- issuer_signature ---------------------------------------------------------------------------------

#[test]
fn rejects_corrupted_issuer_signature_as_issuer_signature() {
    let credential = issue(IssueOptions::at(NOW).with_fault(IssueFault::CorruptIssuerSignature));
    rejected(
        &present(&credential, &PresentOptions::default()),
        CheckName::IssuerSignature,
    );
}

#[test]
fn rejects_alg_header_naming_es384_for_a_p256_signer_as_issuer_signature() {
    let credential = issue(IssueOptions::at(NOW).with_fault(IssueFault::AlgHeader(-35)));
    rejected(
        &present(&credential, &PresentOptions::default()),
        CheckName::IssuerSignature,
    );
}

#[test]
fn rejects_unsupported_eddsa_alg_as_issuer_signature() {
    let credential = issue(IssueOptions::at(NOW).with_fault(IssueFault::AlgHeader(-8)));
    rejected(
        &present(&credential, &PresentOptions::default()),
        CheckName::IssuerSignature,
    );
}

#[test]
fn rejects_unsupported_ps256_alg_as_issuer_signature() {
    let credential = issue(IssueOptions::at(NOW).with_fault(IssueFault::AlgHeader(-37)));
    rejected(
        &present(&credential, &PresentOptions::default()),
        CheckName::IssuerSignature,
    );
}

#[test]
fn rejects_es512_header_on_an_es256_signature_as_issuer_signature() {
    let credential = issue(IssueOptions::at(NOW).with_fault(IssueFault::AlgHeader(-36)));
    rejected(
        &present(&credential, &PresentOptions::default()),
        CheckName::IssuerSignature,
    );
}

#[test]
fn rejects_mso_changed_after_signing_as_issuer_signature() {
    let credential = issue(IssueOptions::at(NOW));
    let r = present(&credential, &PresentOptions::default());
    // Flip a bit inside one digest of the signed MSO: still well-formed, no longer what was signed.
    let first_item = &credential.items()[0].bytes;
    let digest = DigestAlgorithm::Sha256.digest(first_item);
    rejected(
        &tamper::flip_inside(&r, &digest).unwrap(),
        CheckName::IssuerSignature,
    );
}

#[test]
fn rejects_mso_signed_by_a_key_other_than_the_certificate_as_issuer_signature() {
    // The x5chain names our document signer, but another PKI's document signer made the signature.
    let foreign = Issuer::with_document_signer(other_pki().document_signer(), pki().iaca())
        .issue(
            &taro(),
            &IssueOptions::at(NOW),
            &mut Entropy::from_label("x"),
        )
        .unwrap();
    let r = present(&foreign, &PresentOptions::default());
    let bad = tamper::replace_first(
        &r,
        other_pki().document_signer().certificate_der(),
        pki().document_signer().certificate_der(),
    )
    .unwrap();
    rejected(&bad, CheckName::IssuerSignature);
}

// ---- trust_chain --------------------------------------------------------------------------------------

#[test]
fn rejects_chain_to_an_unconfigured_root_as_trust_chain() {
    let mut context = Context::new();
    context.anchors = TrustAnchors::from_der(other_pki().iaca().certificate_der()).unwrap();
    assert_rejected_at(&valid_response(), &context, CheckName::TrustChain);
}

#[test]
fn rejects_document_signer_of_another_iaca_as_trust_chain() {
    let credential = issue_by(other_pki().document_signer(), IssueOptions::at(NOW));
    rejected(
        &present(&credential, &PresentOptions::default()),
        CheckName::TrustChain,
    );
}

#[test]
fn rejects_expired_document_signer_certificate_as_trust_chain() {
    let ds = signer(DsProfile {
        not_before: Some(NOW - time::Duration::days(400)),
        not_after: Some(NOW - time::Duration::days(1)),
        ..DsProfile::default()
    });
    let options = IssueOptions {
        signed: Some(NOW - time::Duration::days(10)),
        ..IssueOptions::at(NOW)
    };
    rejected(
        &present(&issue_by(&ds, options), &PresentOptions::default()),
        CheckName::TrustChain,
    );
}

#[test]
fn rejects_document_signer_not_yet_valid_as_trust_chain() {
    let ds = signer(DsProfile {
        not_before: Some(NOW + time::Duration::days(1)),
        not_after: Some(NOW + time::Duration::days(400)),
        ..DsProfile::default()
    });
    let options = IssueOptions {
        signed: Some(NOW + time::Duration::days(2)),
        ..IssueOptions::at(NOW)
    };
    rejected(
        &present(&issue_by(&ds, options), &PresentOptions::default()),
        CheckName::TrustChain,
    );
}

#[test]
fn rejects_verification_after_the_iaca_expired_as_trust_chain() {
    let at = NOW + time::Duration::days(365 * 12);
    let options = IssueOptions {
        valid_until: Some(at + time::Duration::days(1)),
        ..IssueOptions::at(NOW)
    };
    let mut context = Context::new();
    context.at = at;
    assert_rejected_at(
        &present(&issue(options), &PresentOptions::default()),
        &context,
        CheckName::TrustChain,
    );
}

#[test]
fn rejects_any_chain_when_no_anchor_is_configured_as_trust_chain() {
    let mut context = Context::new();
    context.anchors = TrustAnchors::new();
    assert_rejected_at(&valid_response(), &context, CheckName::TrustChain);
}

// ---- certificate_profile ------------------------------------------------------------------------------

#[test]
fn rejects_document_signer_without_mdoc_eku_as_certificate_profile() {
    let ds = signer(DsProfile {
        extended_key_usage: false,
        ..DsProfile::default()
    });
    rejected(
        &present(
            &issue_by(&ds, IssueOptions::at(NOW)),
            &PresentOptions::default(),
        ),
        CheckName::CertificateProfile,
    );
}

#[test]
fn rejects_document_signer_that_is_a_ca_as_certificate_profile() {
    let ds = signer(DsProfile {
        ca: true,
        ..DsProfile::default()
    });
    rejected(
        &present(
            &issue_by(&ds, IssueOptions::at(NOW)),
            &PresentOptions::default(),
        ),
        CheckName::CertificateProfile,
    );
}

#[test]
fn rejects_document_signer_of_another_country_as_certificate_profile() {
    let ds = signer(DsProfile {
        country: "US".to_owned(),
        ..DsProfile::default()
    });
    rejected(
        &present(
            &issue_by(&ds, IssueOptions::at(NOW)),
            &PresentOptions::default(),
        ),
        CheckName::CertificateProfile,
    );
}

#[test]
fn rejects_document_signer_without_authority_key_identifier_as_certificate_profile() {
    let ds = signer(DsProfile {
        authority_key_identifier: false,
        ..DsProfile::default()
    });
    rejected(
        &present(
            &issue_by(&ds, IssueOptions::at(NOW)),
            &PresentOptions::default(),
        ),
        CheckName::CertificateProfile,
    );
}

#[test]
fn rejects_document_signer_without_digital_signature_usage_as_certificate_profile() {
    let ds = signer(DsProfile {
        digital_signature: false,
        ..DsProfile::default()
    });
    rejected(
        &present(
            &issue_by(&ds, IssueOptions::at(NOW)),
            &PresentOptions::default(),
        ),
        CheckName::CertificateProfile,
    );
}

// ---- validity -----------------------------------------------------------------------------------------

#[test]
fn rejects_expired_mso_as_validity() {
    let options = IssueOptions {
        signed: Some(NOW - time::Duration::days(20)),
        valid_from: Some(NOW - time::Duration::days(20)),
        valid_until: Some(NOW - time::Duration::days(1)),
        ..IssueOptions::at(NOW)
    };
    rejected(
        &present(&issue(options), &PresentOptions::default()),
        CheckName::Validity,
    );
}

#[test]
fn rejects_mso_expired_one_second_ago_as_validity() {
    let options = IssueOptions {
        valid_until: Some(NOW - time::Duration::seconds(1)),
        ..IssueOptions::at(NOW)
    };
    rejected(
        &present(&issue(options), &PresentOptions::default()),
        CheckName::Validity,
    );
}

#[test]
fn rejects_mso_not_yet_valid_as_validity() {
    let options = IssueOptions {
        valid_from: Some(NOW + time::Duration::days(1)),
        ..IssueOptions::at(NOW)
    };
    rejected(
        &present(&issue(options), &PresentOptions::default()),
        CheckName::Validity,
    );
}

#[test]
fn rejects_mso_signed_before_the_signer_certificate_as_validity() {
    let options = IssueOptions {
        signed: Some(NOW - time::Duration::days(60)),
        ..IssueOptions::at(NOW)
    };
    rejected(
        &present(&issue(options), &PresentOptions::default()),
        CheckName::Validity,
    );
}

#[test]
fn rejects_mso_signed_after_the_signer_certificate_expired_as_validity() {
    let options = IssueOptions {
        signed: Some(NOW + time::Duration::days(400)),
        ..IssueOptions::at(NOW)
    };
    rejected(
        &present(&issue(options), &PresentOptions::default()),
        CheckName::Validity,
    );
}

#[test]
fn rejects_mso_of_an_unknown_version_as_validity() {
    let credential =
        issue(IssueOptions::at(NOW).with_fault(IssueFault::MsoVersion("2.0".to_owned())));
    rejected(
        &present(&credential, &PresentOptions::default()),
        CheckName::Validity,
    );
}

// ---- value_digest -------------------------------------------------------------------------------------

#[test]
fn rejects_element_whose_mso_digest_differs_as_value_digest() {
    let credential =
        issue(IssueOptions::at(NOW).with_fault(IssueFault::DigestMismatch("full_name_unicode")));
    rejected(
        &present(&credential, &PresentOptions::default()),
        CheckName::ValueDigest,
    );
}

#[test]
fn rejects_element_without_mso_digest_as_value_digest() {
    let credential = issue(IssueOptions::at(NOW).with_fault(IssueFault::MissingDigest("portrait")));
    rejected(
        &present(&credential, &PresentOptions::default()),
        CheckName::ValueDigest,
    );
}

#[test]
fn rejects_items_sharing_a_digest_id_as_value_digest() {
    let credential =
        issue(IssueOptions::at(NOW).with_fault(IssueFault::DuplicateDigestId("sex_unicode")));
    rejected_with_detail(
        &present(&credential, &PresentOptions::default()),
        CheckName::ValueDigest,
        detail::DUPLICATE_DIGEST_ID,
    );
}

#[test]
fn rejects_first_item_of_a_namespace_sharing_a_digest_id_as_value_digest() {
    for first in ["full_name_unicode", "birth_date"] {
        let credential =
            issue(IssueOptions::at(NOW).with_fault(IssueFault::DuplicateDigestId(first)));
        let ids: Vec<u64> = credential.items().iter().map(|i| i.digest_id).collect();
        let distinct: std::collections::BTreeSet<u64> = ids.iter().copied().collect();
        assert!(distinct.len() < ids.len(), "{first}: no digestID is shared");
        rejected_with_detail(
            &present(&credential, &PresentOptions::default()),
            CheckName::ValueDigest,
            detail::DUPLICATE_DIGEST_ID,
        );
    }
}

#[test]
fn rejects_element_disclosed_twice_as_value_digest() {
    let credential =
        issue(IssueOptions::at(NOW).with_fault(IssueFault::DuplicateElement("sex_unicode")));
    rejected_with_detail(
        &present(&credential, &PresentOptions::default()),
        CheckName::ValueDigest,
        detail::DUPLICATE_ELEMENT,
    );
}

#[test]
fn rejects_mso_listing_a_digest_id_twice_as_value_digest() {
    let credential =
        issue(IssueOptions::at(NOW).with_fault(IssueFault::MsoDigestListedTwice("sex")));
    rejected_with_detail(
        &present(&credential, &PresentOptions::default()),
        CheckName::ValueDigest,
        detail::DUPLICATE_MSO_DIGEST_ID,
    );
}

#[test]
fn rejects_element_value_changed_in_transit_as_value_digest() {
    let credential = issue(IssueOptions::at(NOW));
    let r = present(&credential, &PresentOptions::default());
    let item = credential
        .items()
        .iter()
        .find(|i| i.identifier == "age_over_20")
        .unwrap();
    rejected(
        &tamper::flip_element_value(&r, &item.bytes).unwrap(),
        CheckName::ValueDigest,
    );
}

#[test]
fn rejects_address_changed_in_transit_as_value_digest() {
    let credential = issue(IssueOptions::at(NOW));
    let r = present(&credential, &PresentOptions::default());
    let item = credential
        .items()
        .iter()
        .find(|i| i.identifier == "resident_address_unicode")
        .unwrap();
    rejected(
        &tamper::flip_element_value(&r, &item.bytes).unwrap(),
        CheckName::ValueDigest,
    );
}

#[test]
fn rejects_unknown_digest_algorithm_as_value_digest() {
    let credential =
        issue(IssueOptions::at(NOW).with_fault(IssueFault::DigestAlgorithmName("SHA-1")));
    rejected(
        &present(&credential, &PresentOptions::default()),
        CheckName::ValueDigest,
    );
}

#[test]
fn rejects_digests_of_another_algorithm_than_named_as_value_digest() {
    let credential =
        issue(IssueOptions::at(NOW).with_fault(IssueFault::DigestAlgorithmName("SHA-384")));
    rejected(
        &present(&credential, &PresentOptions::default()),
        CheckName::ValueDigest,
    );
}

#[test]
fn rejects_item_swapped_in_from_another_credential_as_value_digest() {
    let credential = issue(IssueOptions::at(NOW));
    let other = Issuer::new(pki())
        .issue(
            &taro(),
            &IssueOptions::at(NOW),
            &mut Entropy::from_label("another credential"),
        )
        .unwrap();
    let r = present(&credential, &PresentOptions::default());
    let find = |c: &IssuedCredential| {
        c.items()
            .iter()
            .find(|i| i.identifier == "sex_unicode")
            .unwrap()
            .bytes
            .clone()
    };
    rejected(
        &tamper::replace_first(&r, &find(&credential), &find(&other)).unwrap(),
        CheckName::ValueDigest,
    );
}

#[test]
fn rejects_item_reencoded_in_shortest_form_as_value_digest() {
    // Issued with long heads; a middlebox that re-encodes the item changes the bytes the digest covers.
    let credential = issue(IssueOptions {
        style: CborStyle::LongHeads,
        ..IssueOptions::at(NOW)
    });
    let r = present(&credential, &PresentOptions::default());
    let item = credential
        .items()
        .iter()
        .find(|i| i.identifier == "full_name_unicode")
        .unwrap();
    let reencoded = reencode_item(&item.bytes);
    assert_ne!(reencoded, item.bytes);
    rejected(
        &tamper::replace_first(&r, &item.bytes, &reencoded).unwrap(),
        CheckName::ValueDigest,
    );
}

/// Decodes a long-form `#6.24(bstr .cbor item)` and writes it back in preferred form.
fn reencode_item(bytes: &[u8]) -> Vec<u8> {
    // Long heads: tag 24 head is 9 bytes, the bstr head 9 bytes; the item inside is long-form too.
    let inner = &bytes[18..];
    shortest(inner)
}

/// Rewrites a CBOR item written with 8-byte heads in preferred form (only the shapes the issuer writes).
fn shortest(mut input: &[u8]) -> Vec<u8> {
    fn item(input: &mut &[u8], out: &mut Vec<u8>) {
        let initial = input[0];
        let major = initial >> 5;
        let info = initial & 0x1f;
        let (value, used) = match info {
            0..=23 => (u64::from(info), 1),
            27 => (u64::from_be_bytes(input[1..9].try_into().unwrap()), 9),
            _ => panic!("unexpected head"),
        };
        *input = &input[used..];
        if initial == 0xf4 || initial == 0xf5 || initial == 0xf6 {
            out.push(initial);
            return;
        }
        let mut head = Vec::new();
        Cbor::Uint(value).write(CborStyle::Shortest, &mut head);
        head[0] = (head[0] & 0x1f) | (major << 5);
        out.extend_from_slice(&head);
        match major {
            2 | 3 => {
                out.extend_from_slice(&input[..value as usize]);
                *input = &input[value as usize..];
            }
            4 => (0..value).for_each(|_| item(input, out)),
            5 => (0..value * 2).for_each(|_| item(input, out)),
            6 => item(input, out),
            _ => {}
        }
    }
    let mut out = Vec::new();
    item(&mut input, &mut out);
    Cbor::tag24(out).to_vec()
}

// ---- device_authentication ----------------------------------------------------------------------------

#[test]
fn rejects_response_made_for_another_session_as_device_authentication() {
    let mut context = Context::new();
    context.transcript = test_session_transcript("https://evil.example nonce-1");
    assert_rejected_at(&valid_response(), &context, CheckName::DeviceAuthentication);
}

#[test]
fn rejects_signature_by_a_key_not_in_the_mso_as_device_authentication() {
    let options = PresentOptions {
        foreign_device_key: true,
        ..PresentOptions::default()
    };
    rejected(
        &present(&issue(IssueOptions::at(NOW)), &options),
        CheckName::DeviceAuthentication,
    );
}

#[test]
fn rejects_corrupted_device_signature_as_device_authentication() {
    let options = PresentOptions {
        corrupt_device_auth: true,
        ..PresentOptions::default()
    };
    rejected(
        &present(&issue(IssueOptions::at(NOW)), &options),
        CheckName::DeviceAuthentication,
    );
}

#[test]
fn rejects_mso_naming_another_device_key_as_device_authentication() {
    let credential = issue(IssueOptions::at(NOW).with_fault(IssueFault::WrongDeviceKey));
    rejected(
        &present(&credential, &PresentOptions::default()),
        CheckName::DeviceAuthentication,
    );
}

#[test]
fn rejects_device_signature_with_embedded_payload_as_device_authentication() {
    let options = PresentOptions {
        embedded_payload: true,
        ..PresentOptions::default()
    };
    rejected(
        &present(&issue(IssueOptions::at(NOW)), &options),
        CheckName::DeviceAuthentication,
    );
}

#[test]
fn rejects_device_signature_over_another_doc_type_as_device_authentication() {
    let options = PresentOptions {
        device_auth_doc_type: Some("org.iso.18013.5.1.mDL".to_owned()),
        ..PresentOptions::default()
    };
    rejected(
        &present(&issue(IssueOptions::at(NOW)), &options),
        CheckName::DeviceAuthentication,
    );
}

#[test]
fn rejects_device_mac_checked_with_another_reader_key_as_device_authentication() {
    let (reader, _) = reader_key_pair("reader");
    let (_, wrong) = reader_key_pair("other reader");
    let options = PresentOptions {
        device_auth: DeviceAuthMode::Mac(reader.public_sec1()),
        ..PresentOptions::default()
    };
    let mut context = Context::new();
    context.reader_key = Some(wrong);
    assert_rejected_at(
        &present(&issue(IssueOptions::at(NOW)), &options),
        &context,
        CheckName::DeviceAuthentication,
    );
}

#[test]
fn rejects_corrupted_device_mac_as_device_authentication() {
    let (reader, reader_private) = reader_key_pair("reader");
    let options = PresentOptions {
        device_auth: DeviceAuthMode::Mac(reader.public_sec1()),
        corrupt_device_auth: true,
        ..PresentOptions::default()
    };
    let mut context = Context::new();
    context.reader_key = Some(reader_private);
    assert_rejected_at(
        &present(&issue(IssueOptions::at(NOW)), &options),
        &context,
        CheckName::DeviceAuthentication,
    );
}

#[test]
fn rejects_device_mac_when_no_reader_key_is_known_as_device_authentication() {
    let (reader, _) = reader_key_pair("reader");
    let options = PresentOptions {
        device_auth: DeviceAuthMode::Mac(reader.public_sec1()),
        ..PresentOptions::default()
    };
    rejected(
        &present(&issue(IssueOptions::at(NOW)), &options),
        CheckName::DeviceAuthentication,
    );
}

// ---- valid variants -----------------------------------------------------------------------------------

#[test]
fn accepts_long_heads_everywhere() {
    let credential = issue(IssueOptions {
        style: CborStyle::LongHeads,
        ..IssueOptions::at(NOW)
    });
    let options = PresentOptions {
        style: CborStyle::LongHeads,
        ..PresentOptions::default()
    };
    assert_valid(&present(&credential, &options), &Context::new());
}

#[test]
fn accepts_indefinite_length_maps_and_arrays() {
    let credential = issue(IssueOptions {
        style: CborStyle::Indefinite,
        ..IssueOptions::at(NOW)
    });
    let options = PresentOptions {
        style: CborStyle::Indefinite,
        ..PresentOptions::default()
    };
    assert_valid(&present(&credential, &options), &Context::new());
}

#[test]
fn accepts_es384_and_es512_document_signers() {
    for curve in [Curve::P384, Curve::P521] {
        let ds = signer(DsProfile {
            curve,
            ..DsProfile::default()
        });
        assert_valid(
            &present(
                &issue_by(&ds, IssueOptions::at(NOW)),
                &PresentOptions::default(),
            ),
            &Context::new(),
        );
    }
}

#[test]
fn accepts_sha384_and_sha512_digests() {
    for digest in [DigestAlgorithm::Sha384, DigestAlgorithm::Sha512] {
        let credential = issue(IssueOptions {
            digest,
            ..IssueOptions::at(NOW)
        });
        assert_valid(
            &present(&credential, &PresentOptions::default()),
            &Context::new(),
        );
    }
}

#[test]
fn accepts_tagged_cose_sign1_structures() {
    let credential = issue(IssueOptions {
        tagged_issuer_auth: true,
        ..IssueOptions::at(NOW)
    });
    let options = PresentOptions {
        tagged_device_signature: true,
        ..PresentOptions::default()
    };
    assert_valid(&present(&credential, &options), &Context::new());
}

#[test]
fn accepts_x5chain_array_that_includes_the_iaca() {
    let credential = issue(IssueOptions {
        x5chain: X5Chain::LeafAndIaca,
        ..IssueOptions::at(NOW)
    });
    assert_valid(
        &present(&credential, &PresentOptions::default()),
        &Context::new(),
    );
}

#[test]
fn accepts_device_mac_with_the_right_reader_key() {
    let (reader, reader_private) = reader_key_pair("reader");
    let options = PresentOptions {
        device_auth: DeviceAuthMode::Mac(reader.public_sec1()),
        ..PresentOptions::default()
    };
    let mut context = Context::new();
    context.reader_key = Some(reader_private);
    assert_valid(&present(&issue(IssueOptions::at(NOW)), &options), &context);
}

#[test]
fn accepts_p384_device_key() {
    let credential = issue(IssueOptions {
        device_key_curve: Curve::P384,
        ..IssueOptions::at(NOW)
    });
    assert_valid(
        &present(&credential, &PresentOptions::default()),
        &Context::new(),
    );
}

#[test]
fn accepts_document_signer_pinned_as_the_anchor() {
    let mut context = Context::new();
    context.anchors = TrustAnchors::from_der(pki().document_signer().certificate_der()).unwrap();
    assert_valid(&valid_response(), &context);
}

#[test]
fn reports_a_withheld_element_as_missing_and_still_verifies_the_rest() {
    let options = PresentOptions {
        withheld_elements: vec![(NS_ISO.to_owned(), "age_over_65".to_owned())],
        ..PresentOptions::default()
    };
    let verification = Context::new().verify(&present(&issue(IssueOptions::at(NOW)), &options));
    assert!(
        verification.is_valid(),
        "report: {:?}",
        verification.report()
    );
    let missing = &verification.report().documents[0].missing_elements;
    assert_eq!(
        missing,
        &vec![(NS_ISO.to_owned(), "age_over_65".to_owned())]
    );
}
