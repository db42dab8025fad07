//! Request → test wallet → decrypt → verify, for every preset, both DC API protocols (OpenID4VP signed and
//! unsigned) and several fictional people; then the ways a response must fail.
use std::sync::OnceLock;

use mynaform_test_wallet::holder::{
    EntropyRng, ForeignTranscript, Holder, HolderError, ReaderAuthPolicy,
};
use mynaform_test_wallet::issuer::{IssueOptions, IssuedCredential, Issuer, PresentOptions};
use mynaform_test_wallet::people::{self, IDS, NS_ISO, NS_JP, Person, REFERENCE_DATE};
use mynaform_test_wallet::pki::{Entropy, TestPki};
use mynaform_verifier::protocol::ProtocolError;
use mynaform_verifier::protocol::annex_c::{self, AnnexCRequest, AnnexCResponse};
use mynaform_verifier::protocol::encryption_info::EncryptionInfo;
use mynaform_verifier::protocol::hpke::HpkeRecipientKey;
use mynaform_verifier::protocol::jwe::JweRecipientKey;
use mynaform_verifier::protocol::openid4vp::{self, ClientId};
use mynaform_verifier::protocol::preset::{BirthDateFallback, MyNumberOptIn, PRESET_NAMES, Preset};
use mynaform_verifier::protocol::reader_signer::SoftwareP256Signer;
use mynaform_verifier::protocol::transcript::{Nonce, Origin, SessionTranscript};
use mynaform_verifier::{
    CheckName, DocType, TrustAnchors, Verification, VerificationRequest, verify,
};
use serde_json::{Value as Json, json};

const QUERY_ID: &str = "mnc";
const ORIGIN: &str = "https://form.example.jp";

/// The DC API protocol variants a relying party sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Protocol {
    AnnexC,
    OpenId4VpUnsigned,
    OpenId4VpSigned,
}

const PROTOCOLS: [Protocol; 3] = [
    Protocol::AnnexC,
    Protocol::OpenId4VpUnsigned,
    Protocol::OpenId4VpSigned,
];

struct World {
    pki: TestPki,
    anchors: TrustAnchors,
    credentials: Vec<(Person, IssuedCredential)>,
}

fn world() -> &'static World {
    static WORLD: OnceLock<World> = OnceLock::new();
    WORLD.get_or_init(|| {
        let now = REFERENCE_DATE.midnight().assume_utc();
        let pki = TestPki::from_seed([21; 32], now).expect("test PKI");
        let mut anchors = TrustAnchors::new();
        anchors
            .add_der(pki.iaca().certificate_der())
            .expect("anchor");
        let mut entropy = Entropy::from_label("round trip");
        let credentials = IDS
            .iter()
            .map(|id| {
                let person = people::person(id, REFERENCE_DATE).expect("person");
                let credential = Issuer::new(&pki)
                    .issue(&person, &IssueOptions::at(now), &mut entropy)
                    .expect("issue");
                (person, credential)
            })
            .collect();
        World {
            pki,
            anchors,
            credentials,
        }
    })
}

fn signer() -> SoftwareP256Signer {
    let pki = &world().pki;
    let key = pki
        .reader()
        .key()
        .as_p256()
        .expect("P-256 reader key")
        .clone();
    let chain = vec![
        pki.reader().certificate_der().to_vec(),
        pki.reader_ca().certificate_der().to_vec(),
    ];
    SoftwareP256Signer::new(key, chain).expect("signer")
}

/// The relying party's half of one session: the request it sends and what it needs to open the answer.
struct Session {
    protocol: &'static str,
    data: Json,
    key: SessionKey,
    transcript: SessionTranscript,
}

enum SessionKey {
    Hpke(HpkeRecipientKey),
    Jwe(JweRecipientKey),
}

fn session(preset: Preset, protocol: Protocol, signed: bool, entropy: &mut Entropy) -> Session {
    let origin = Origin::parse(ORIGIN).expect("origin");
    let nonce = Nonce::generate(&mut EntropyRng(entropy));
    let signer = signer();
    match protocol {
        Protocol::AnnexC => {
            let key = HpkeRecipientKey::generate(&mut EntropyRng(entropy));
            let info = EncryptionInfo::new(nonce, key.public_key()).expect("encryption info");
            let reader: Option<&dyn mynaform_verifier::protocol::reader_signer::ReaderSigner> =
                if signed { Some(&signer) } else { None };
            let request = AnnexCRequest::build(&[preset.items_request()], info, &origin, reader)
                .expect("request");
            let transcript = request.session_transcript(&origin).expect("transcript");
            Session {
                protocol: annex_c::PROTOCOL,
                data: request.to_json(),
                key: SessionKey::Hpke(key),
                transcript,
            }
        }
        Protocol::OpenId4VpUnsigned | Protocol::OpenId4VpSigned => {
            let key = JweRecipientKey::generate(&mut EntropyRng(entropy));
            let jwk = key.public_jwk();
            let query = preset.mdoc_query(QUERY_ID);
            let (protocol, data) = if protocol == Protocol::OpenId4VpSigned {
                let data = openid4vp::signed_request(
                    &query,
                    &nonce,
                    &jwk,
                    "k1",
                    &ClientId::X509Hash,
                    std::slice::from_ref(&origin),
                    &signer,
                )
                .expect("signed request");
                (openid4vp::PROTOCOL_SIGNED, data)
            } else {
                (
                    openid4vp::PROTOCOL_UNSIGNED,
                    openid4vp::unsigned_request(&query, &nonce, &jwk, "k1"),
                )
            };
            let transcript =
                SessionTranscript::openid4vp_dcapi(&origin, &nonce, Some(&jwk.thumbprint()))
                    .expect("st");
            Session {
                protocol,
                data,
                key: SessionKey::Jwe(key),
                transcript,
            }
        }
    }
}

impl Session {
    /// Opens the wallet's `data` and verifies the DeviceResponse against this session.
    fn open_and_verify(&self, data: &Json, preset: Preset) -> Result<Verification, ProtocolError> {
        let device_response = match &self.key {
            SessionKey::Hpke(key) => {
                AnnexCResponse::from_json(data)?.open(key, &self.transcript)?
            }
            SessionKey::Jwe(key) => openid4vp::open_response(key, data, QUERY_ID)?,
        };
        let transcript = self.transcript.to_verifier_bytes()?;
        let doc_type = DocType::my_number_card();
        let requested = preset.requested_elements();
        Ok(verify(&VerificationRequest {
            device_response: &device_response,
            session_transcript: &transcript,
            doc_type: &doc_type,
            trust_anchors: &world().anchors,
            at: REFERENCE_DATE.midnight().assume_utc(),
            reader_key: None,
            requested: Some(&requested),
        }))
    }
}

fn all_presets() -> Vec<Preset> {
    PRESET_NAMES
        .iter()
        .map(|name| {
            Preset::from_name(
                name,
                Some(MyNumberOptIn::with_legal_basis()),
                BirthDateFallback::Forbidden,
            )
        })
        .chain([Ok(Preset::AgeOver20(BirthDateFallback::Allowed))])
        .collect::<Result<_, _>>()
        .expect("presets")
}

/// The value the issuer put into `person`'s card, as the verifier's claim accessors return it.
fn assert_claim_equals_issued(
    doc: &mynaform_verifier::VerifiedDocument,
    person: &Person,
    ns: &str,
    el: &str,
) {
    let claim = doc
        .claim(ns, el)
        .unwrap_or_else(|| panic!("{} lacks {ns}/{el}", person.id()));
    let age = person.age_on(REFERENCE_DATE);
    match (ns, el) {
        (NS_JP, "full_name_unicode") => assert_eq!(claim.as_text(), Some(person.full_name())),
        (NS_JP, "resident_address_unicode") => assert_eq!(claim.as_text(), Some(person.address())),
        (NS_JP, "local_gov_code_unicode") => {
            assert_eq!(claim.as_text(), Some(person.local_gov_code()))
        }
        (NS_JP, "individual_number_unicode") => {
            assert_eq!(claim.as_text(), Some(person.individual_number()))
        }
        (NS_JP, "portrait") => assert_eq!(claim.as_bytes(), Some(person.portrait())),
        (NS_ISO, "birth_date") => assert_eq!(claim.as_full_date(), Some(person.birth_date())),
        (NS_ISO, "sex") => assert_eq!(claim.as_integer(), Some(i128::from(person.sex().iso5218()))),
        (NS_ISO, "age_over_18") => assert_eq!(claim.as_bool(), Some(age >= 18)),
        (NS_ISO, "age_over_20") => assert_eq!(claim.as_bool(), Some(age >= 20)),
        _ => panic!("no expectation for {ns}/{el}"),
    }
}

#[test]
fn every_preset_round_trips_over_every_protocol_for_every_person() {
    let mut entropy = Entropy::from_label("matrix");
    let origin = Origin::parse(ORIGIN).expect("origin");
    let mut checked = 0;
    for preset in all_presets() {
        for protocol in PROTOCOLS {
            for (person, credential) in &world().credentials {
                let session = session(preset, protocol, true, &mut entropy);
                // Signed requests go to a wallet that insists on reader authentication.
                let policy = if protocol == Protocol::OpenId4VpUnsigned {
                    ReaderAuthPolicy::CheckWhenPresent
                } else {
                    ReaderAuthPolicy::Required
                };
                let holder = Holder::new(credential)
                    .with_policy(policy)
                    .trusting_reader_ca(world().pki.reader_ca().certificate_der());
                let response = holder
                    .respond(session.protocol, &session.data, &origin, &mut entropy)
                    .unwrap_or_else(|e| {
                        panic!("{} {protocol:?} {}: {e}", preset.name(), person.id())
                    });
                assert_eq!(response.protocol, session.protocol);
                let verification = session
                    .open_and_verify(&response.data, preset)
                    .expect("decrypt");
                assert!(
                    verification.is_valid(),
                    "{} {protocol:?} {}: {:?}",
                    preset.name(),
                    person.id(),
                    verification.report()
                );
                let doc = verification.documents().first().expect("one document");
                let disclosed: Vec<(String, String)> = preset
                    .mdoc_query(QUERY_ID)
                    .claim_sets()
                    .first()
                    .cloned()
                    .unwrap_or_else(|| {
                        preset
                            .requested_elements()
                            .iter()
                            .map(|(n, e)| (n.into(), e.into()))
                            .collect()
                    });
                for (ns, el) in &disclosed {
                    assert_claim_equals_issued(doc, person, ns, el);
                }
                // Nothing beyond the request reached the verified claims.
                for (ns, el) in [
                    (NS_JP, "individual_number_unicode"),
                    (NS_JP, "portrait"),
                    (NS_ISO, "birth_date"),
                ] {
                    if !preset.requested_elements().contains(ns, el) {
                        assert!(
                            doc.claim(ns, el).is_none(),
                            "{} disclosed {el}",
                            preset.name()
                        );
                    }
                }
                checked += 1;
            }
        }
    }
    assert_eq!(checked, all_presets().len() * PROTOCOLS.len() * IDS.len());
}

/// Answers `session` with a holder whose signing transcript was built from `foreign` inputs.
fn answer_with_foreign_transcript(protocol: Protocol, foreign: ForeignTranscript) -> Verification {
    let mut entropy = Entropy::from_label("foreign");
    let preset = Preset::Residence;
    let session = session(preset, protocol, true, &mut entropy);
    let (_, credential) = world().credentials.first().expect("a person");
    let holder = Holder::new(credential).with_foreign_transcript(foreign);
    let origin = Origin::parse(ORIGIN).expect("origin");
    let response = holder
        .respond(session.protocol, &session.data, &origin, &mut entropy)
        .expect("respond");
    session
        .open_and_verify(&response.data, preset)
        .expect("decrypts: only the signed transcript differs")
}

fn assert_fails_device_authentication(verification: &Verification) {
    assert!(!verification.is_valid());
    assert!(
        verification.documents().is_empty(),
        "no verified data escapes a failed presentation"
    );
    assert_eq!(
        verification.report().failing_check,
        Some(CheckName::DeviceAuthentication)
    );
}

#[test]
fn rejects_a_response_signed_for_another_origin() {
    for protocol in PROTOCOLS {
        let foreign = ForeignTranscript {
            origin: Some(Origin::parse("https://phish.example").expect("o")),
            ..Default::default()
        };
        assert_fails_device_authentication(&answer_with_foreign_transcript(protocol, foreign));
    }
}

#[test]
fn rejects_a_response_signed_for_another_nonce() {
    for protocol in PROTOCOLS {
        let foreign = ForeignTranscript {
            nonce: Some(Nonce::from_bytes(&[9; 32]).expect("nonce")),
            ..Default::default()
        };
        assert_fails_device_authentication(&answer_with_foreign_transcript(protocol, foreign));
    }
}

#[test]
fn rejects_a_response_signed_for_another_encryption_info() {
    let mut entropy = Entropy::from_label("other info");
    let other_key = HpkeRecipientKey::generate(&mut EntropyRng(&mut entropy));
    let other = EncryptionInfo::new(
        Nonce::generate(&mut EntropyRng(&mut entropy)),
        other_key.public_key(),
    )
    .expect("info");
    let foreign = ForeignTranscript {
        encryption_info: Some(other.as_b64url().to_owned()),
        ..Default::default()
    };
    assert_fails_device_authentication(&answer_with_foreign_transcript(Protocol::AnnexC, foreign));
}

#[test]
fn a_response_opened_for_another_origin_does_not_decrypt_or_verify() {
    let mut entropy = Entropy::from_label("other origin");
    let preset = Preset::Residence;
    let (_, credential) = world().credentials.first().expect("a person");
    for protocol in PROTOCOLS {
        let session = session(preset, protocol, true, &mut entropy);
        let elsewhere = Origin::parse("https://other.example").expect("origin");
        // A signed request names its expected origins: the wallet refuses another page outright.
        let answer = Holder::new(credential).respond(
            session.protocol,
            &session.data,
            &elsewhere,
            &mut entropy,
        );
        match (protocol, answer) {
            (
                Protocol::OpenId4VpSigned,
                Err(HolderError::Request(ProtocolError::ReaderAuthenticationFailed { .. })),
            ) => {}
            // Annex C's readerAuthAll covers the transcript, hence the origin: also refused.
            (
                Protocol::AnnexC,
                Err(HolderError::Request(ProtocolError::ReaderAuthenticationFailed { .. })),
            ) => {}
            (Protocol::OpenId4VpUnsigned, Ok(response)) => {
                let verification = session
                    .open_and_verify(&response.data, preset)
                    .expect("JWE does not bind the origin");
                assert_fails_device_authentication(&verification);
            }
            (protocol, other) => panic!("{protocol:?}: unexpected {other:?}"),
        }
    }
}

#[test]
fn an_unsigned_annex_c_answer_for_another_origin_does_not_decrypt() {
    let mut entropy = Entropy::from_label("unsigned other origin");
    let session = session(Preset::Residence, Protocol::AnnexC, false, &mut entropy);
    let (_, credential) = world().credentials.first().expect("a person");
    let elsewhere = Origin::parse("https://other.example").expect("origin");
    let response = Holder::new(credential)
        .respond(session.protocol, &session.data, &elsewhere, &mut entropy)
        .expect("answer");
    // HPKE info is the transcript, which includes the origin.
    assert!(matches!(
        session.open_and_verify(&response.data, Preset::Residence),
        Err(ProtocolError::Decryption(_))
    ));
}

#[test]
fn reports_a_withheld_element_as_missing_and_verifies_the_rest() {
    let mut entropy = Entropy::from_label("withheld");
    let origin = Origin::parse(ORIGIN).expect("origin");
    let preset = Preset::AutofillBasic4;
    let (person, credential) = world().credentials.first().expect("a person");
    for protocol in PROTOCOLS {
        let session = session(preset, protocol, true, &mut entropy);
        let options = PresentOptions {
            withheld_elements: vec![(NS_JP.into(), "resident_address_unicode".into())],
            ..Default::default()
        };
        let response = Holder::new(credential)
            .with_present_options(options)
            .respond(session.protocol, &session.data, &origin, &mut entropy)
            .expect("answer");
        let verification = session
            .open_and_verify(&response.data, preset)
            .expect("decrypt");
        let report = verification
            .report()
            .documents
            .first()
            .expect("document report");
        assert_eq!(
            report.missing_elements,
            vec![(NS_JP.to_owned(), "resident_address_unicode".to_owned())]
        );
        assert!(verification.is_valid(), "{:?}", verification.report());
        let doc = verification.documents().first().expect("document");
        assert!(doc.claim(NS_JP, "resident_address_unicode").is_none());
        assert_claim_equals_issued(doc, person, NS_JP, "full_name_unicode");
        assert_claim_equals_issued(doc, person, NS_ISO, "birth_date");
    }
}

#[test]
fn age_over_18_with_name_discloses_the_age_check_and_the_name_and_nothing_else() {
    let mut entropy = Entropy::from_label("age and name");
    let origin = Origin::parse(ORIGIN).expect("origin");
    let preset = Preset::from_name("age_over_18_with_name", None, BirthDateFallback::Allowed)
        .expect("preset");
    for protocol in PROTOCOLS {
        for (person, credential) in &world().credentials {
            let session = session(preset, protocol, true, &mut entropy);
            let policy = if protocol == Protocol::OpenId4VpUnsigned {
                ReaderAuthPolicy::CheckWhenPresent
            } else {
                ReaderAuthPolicy::Required
            };
            let response = Holder::new(credential)
                .with_policy(policy)
                .trusting_reader_ca(world().pki.reader_ca().certificate_der())
                .respond(session.protocol, &session.data, &origin, &mut entropy)
                .expect("answer");
            let verification = session
                .open_and_verify(&response.data, preset)
                .expect("decrypt");
            assert!(verification.is_valid(), "{:?}", verification.report());
            let doc = verification.documents().first().expect("document");
            let disclosed: Vec<(String, Vec<String>)> = doc
                .claims_json(mynaform_verifier::MyNumberDisplay::Masked)
                .as_object()
                .expect("namespaces")
                .iter()
                .map(|(ns, elements)| {
                    let names = elements.as_object().expect("elements").keys().cloned();
                    (ns.clone(), names.collect())
                })
                .collect();
            assert_eq!(
                disclosed,
                vec![
                    (NS_ISO.to_owned(), vec!["age_over_18".to_owned()]),
                    (NS_JP.to_owned(), vec!["full_name_unicode".to_owned()]),
                ],
                "{protocol:?} {}",
                person.id()
            );
            assert_claim_equals_issued(doc, person, NS_ISO, "age_over_18");
            assert_claim_equals_issued(doc, person, NS_JP, "full_name_unicode");
        }
    }
}

#[test]
fn rejects_a_response_carrying_an_unrequested_element() {
    let mut entropy = Entropy::from_label("extra");
    let origin = Origin::parse(ORIGIN).expect("origin");
    let preset = Preset::AgeOver20(BirthDateFallback::Forbidden);
    let (_, credential) = world().credentials.first().expect("a person");
    for protocol in PROTOCOLS {
        let session = session(preset, protocol, true, &mut entropy);
        let options = PresentOptions {
            extra_elements: vec![(NS_JP.into(), "individual_number_unicode".into())],
            ..Default::default()
        };
        let response = Holder::new(credential)
            .with_present_options(options)
            .respond(session.protocol, &session.data, &origin, &mut entropy)
            .expect("answer");
        let verification = session
            .open_and_verify(&response.data, preset)
            .expect("decrypt");
        assert!(!verification.is_valid());
        assert!(verification.documents().is_empty());
        assert_eq!(
            verification.report().failing_check,
            Some(CheckName::Structure)
        );
    }
}

#[test]
fn a_wallet_requiring_reader_auth_refuses_unsigned_requests() {
    let mut entropy = Entropy::from_label("unsigned");
    let origin = Origin::parse(ORIGIN).expect("origin");
    let (_, credential) = world().credentials.first().expect("a person");
    let holder = Holder::new(credential).with_policy(ReaderAuthPolicy::Required);
    for protocol in [Protocol::AnnexC, Protocol::OpenId4VpUnsigned] {
        let session = session(Preset::AutofillBasic4, protocol, false, &mut entropy);
        let refused = holder.respond(session.protocol, &session.data, &origin, &mut entropy);
        assert!(
            matches!(refused, Err(HolderError::ReaderAuthenticationRequired)),
            "{protocol:?}"
        );
    }
    // The same wallet answers the signed variant.
    let session = session(Preset::AutofillBasic4, Protocol::AnnexC, true, &mut entropy);
    assert!(
        holder
            .respond(session.protocol, &session.data, &origin, &mut entropy)
            .is_ok()
    );
}

#[test]
fn a_wallet_trusting_another_reader_ca_refuses_the_request() {
    let mut entropy = Entropy::from_label("untrusted");
    let origin = Origin::parse(ORIGIN).expect("origin");
    let other = TestPki::from_seed([99; 32], REFERENCE_DATE.midnight().assume_utc()).expect("pki");
    let (_, credential) = world().credentials.first().expect("a person");
    let holder = Holder::new(credential).trusting_reader_ca(other.reader_ca().certificate_der());
    for protocol in [Protocol::AnnexC, Protocol::OpenId4VpSigned] {
        let session = session(Preset::Residence, protocol, true, &mut entropy);
        let refused = holder.respond(session.protocol, &session.data, &origin, &mut entropy);
        assert!(
            matches!(refused, Err(HolderError::UntrustedReader)),
            "{protocol:?}"
        );
    }
}

#[test]
fn the_wallet_answers_the_first_supported_entry_of_a_requests_array() {
    let mut entropy = Entropy::from_label("envelope");
    let origin = Origin::parse(ORIGIN).expect("origin");
    let annex = session(Preset::Residence, Protocol::AnnexC, true, &mut entropy);
    let envelope = json!({ "requests": [
        { "protocol": "unknown-protocol", "data": {} },
        { "protocol": annex.protocol, "data": annex.data },
    ]});
    let (_, credential) = world().credentials.first().expect("a person");
    let response = Holder::new(credential)
        .respond_to_envelope(&envelope, &origin, &mut entropy)
        .expect("answer");
    assert_eq!(response.protocol, annex_c::PROTOCOL);
    assert!(
        annex
            .open_and_verify(&response.data, Preset::Residence)
            .expect("decrypt")
            .is_valid()
    );
}

#[test]
fn a_signed_openid4vp_request_naming_a_host_absent_from_the_certificate_is_refused() {
    let mut entropy = Entropy::from_label("san");
    let origin = Origin::parse(ORIGIN).expect("origin");
    let key = JweRecipientKey::generate(&mut EntropyRng(&mut entropy));
    let nonce = Nonce::generate(&mut EntropyRng(&mut entropy));
    // The test reader certificate carries no subjectAltName, so no x509_san_dns client_id can match it.
    let data = openid4vp::signed_request(
        &Preset::Residence.mdoc_query(QUERY_ID),
        &nonce,
        &key.public_jwk(),
        "k1",
        &ClientId::X509SanDns("form.example.jp".into()),
        std::slice::from_ref(&origin),
        &signer(),
    )
    .expect("signed request");
    let (_, credential) = world().credentials.first().expect("a person");
    let refused =
        Holder::new(credential).respond(openid4vp::PROTOCOL_SIGNED, &data, &origin, &mut entropy);
    assert!(
        matches!(
            refused,
            Err(HolderError::Request(
                ProtocolError::ReaderAuthenticationFailed { .. }
            ))
        ),
        "{refused:?}"
    );
}

#[test]
fn a_signed_request_whose_payload_was_altered_is_refused() {
    let mut entropy = Entropy::from_label("altered");
    let origin = Origin::parse(ORIGIN).expect("origin");
    let signed = session(
        Preset::AgeOver20(BirthDateFallback::Forbidden),
        Protocol::OpenId4VpSigned,
        true,
        &mut entropy,
    );
    let jws = signed.data["request"].as_str().expect("jws");
    let mut parts: Vec<String> = jws.split('.').map(str::to_owned).collect();
    // Ask for the My Number instead, keeping the signature.
    let payload = String::from_utf8(base64ct_decode(&parts[1]))
        .expect("utf-8")
        .replace("age_over_20", "individual_number_unicode");
    parts[1] = base64ct_encode(payload.as_bytes());
    let altered = json!({ "request": parts.join(".") });
    let (_, credential) = world().credentials.first().expect("a person");
    let refused = Holder::new(credential).respond(signed.protocol, &altered, &origin, &mut entropy);
    assert!(
        matches!(
            refused,
            Err(HolderError::Request(
                ProtocolError::ReaderAuthenticationFailed { .. }
            ))
        ),
        "{refused:?}"
    );
}

fn base64ct_decode(text: &str) -> Vec<u8> {
    use base64ct::{Base64UrlUnpadded, Encoding};
    Base64UrlUnpadded::decode_vec(text).expect("base64url")
}

fn base64ct_encode(bytes: &[u8]) -> String {
    use base64ct::{Base64UrlUnpadded, Encoding};
    Base64UrlUnpadded::encode_string(bytes)
}
