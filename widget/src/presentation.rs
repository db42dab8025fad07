//! From the wallet's answer to verified form values: decrypt with the widget's ephemeral key (HPKE for
//! ISO/IEC 18013-7 Annex C, JWE for OpenID4VP 1.0 `dc_api.jwt`), rebuild the SessionTranscript from what this
//! page sent (origin = `location.origin`, never a transcript from the response), verify with the same core the
//! server uses, normalise with `mynaform-jp`.
//!
//! This is convenience for instant autofill; the relying party trusts only the server's re-verification of
//! the same DeviceResponse against its stored session.

use base64ct::{Base64UrlUnpadded, Encoding};
use mynaform_jp::{CardClaims, NormalizedClaims, normalize};
use mynaform_verifier::protocol::annex_c::{self, AnnexCRequest, AnnexCResponse};
use mynaform_verifier::protocol::hpke::HpkeRecipientKey;
use mynaform_verifier::protocol::jwe::JweRecipientKey;
use mynaform_verifier::protocol::openid4vp::{self, OpenId4VpRequest};
use mynaform_verifier::protocol::preset::{
    BirthDateFallback, MyNumberOptIn, Preset as ProtocolPreset,
};
use mynaform_verifier::protocol::transcript::{EcPublicJwk, Origin, SessionTranscript};
use mynaform_verifier::protocol::{DecryptionError, ProtocolError};
use mynaform_verifier::{
    DocType, MyNumberDisplay, TrustAnchors, VerificationRequest, VerifiedDocument, verify,
};

use crate::error::WidgetError;
use crate::key::EphemeralKey;
use crate::messages::Preset;
use crate::session::SessionResponse;
use crate::values::{BirthDate, FormValues, Sex};

const NS_JP: &str = "org.iso.23220.1.jp";
const NS_ISO: &str = "org.iso.23220.1";

/// One line of the summary shown after filling (the My Number masked).
#[derive(Clone, PartialEq, Eq)]
pub struct SummaryLine {
    /// Item key (`name`, `birth_date`, `sex`, `address`, `my_number`, `age_over_18`, `age_over_20`).
    pub item: &'static str,
    /// What is shown.
    pub shown: String,
}

/// A verified, normalised presentation.
pub struct VerifiedOutcome {
    /// What goes into the form.
    pub values: FormValues,
    /// Normalised claims for the `mynaform:filled` event.
    pub claims: serde_json::Value,
    /// Who issued the document (subject of the trust anchor it chains to).
    pub issuer: String,
    /// 顔写真 (JPEG) when requested.
    pub portrait_jpeg: Option<Vec<u8>>,
    /// Summary lines.
    pub summary: Vec<SummaryLine>,
    /// The decrypted DeviceResponse, base64url, for the server's re-verification.
    pub device_response_b64: String,
    /// 市区町村コード and address line 1, for the server's postal-code lookup when the card gives none.
    pub postal_lookup: Option<(String, String)>,
}

impl std::fmt::Debug for VerifiedOutcome {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VerifiedOutcome")
            .field("values", &self.values)
            .finish_non_exhaustive()
    }
}

/// What the page received and must check.
pub struct WalletResponse<'a> {
    /// Protocol the wallet answered with.
    pub protocol: &'a str,
    /// `DigitalCredential.data`.
    pub data: &'a serde_json::Value,
}

/// Options of the page that change what is accepted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RequestOptions {
    /// `allow-my-number` was set.
    pub allow_my_number: bool,
    /// `allow-birth-date-fallback` was set.
    pub allow_birth_date_fallback: bool,
}

/// What this page knows about its request besides the session: checked against the answer.
#[derive(Clone, Copy, Debug)]
pub struct PageContext<'a> {
    /// The preset asked for.
    pub preset: Preset,
    /// The page's opt-ins.
    pub options: RequestOptions,
    /// `location.origin`.
    pub origin: &'a str,
    /// The server's trust anchors (PEM).
    pub trust_anchors_pem: &'a str,
    /// Verification time (seconds since the Unix epoch).
    pub now_unix: i64,
}

/// Decrypts, verifies and normalises a wallet answer.
///
/// Steps: 1. the request this page sent for the answered protocol; 2. the SessionTranscript from it and
/// `origin`; 3. decryption (RFC 9180 base mode / RFC 7516 ECDH-ES); 4. verification of the DeviceResponse
/// (ISO/IEC 18013-5 §9.3) accepting only the preset's elements; 5. normalisation.
pub fn open_and_verify(
    key: &EphemeralKey,
    session: &SessionResponse,
    response: &WalletResponse<'_>,
    context: &PageContext<'_>,
) -> Result<VerifiedOutcome, WidgetError> {
    let origin =
        Origin::parse(context.origin).map_err(|_| WidgetError::Unsupported("insecure_context"))?;
    let sent = session
        .request_for(response.protocol)
        .ok_or(WidgetError::WalletResponse)?;
    let (device_response, transcript) = match response.protocol {
        annex_c::PROTOCOL => {
            let request =
                AnnexCRequest::from_json(&sent.data).map_err(|_| WidgetError::ServerResponse)?;
            let transcript = request
                .session_transcript(&origin)
                .map_err(|_| WidgetError::ServerResponse)?;
            let answer = AnnexCResponse::from_json(response.data)
                .map_err(|_| WidgetError::WalletResponse)?;
            let recipient = HpkeRecipientKey::from_secret_key(key.secret().clone());
            (
                answer
                    .open(&recipient, &transcript)
                    .map_err(decryption_error)?,
                transcript,
            )
        }
        openid4vp::PROTOCOL_UNSIGNED | openid4vp::PROTOCOL_SIGNED => {
            let request = OpenId4VpRequest::parse(response.protocol, &sent.data, &origin)
                .map_err(|_| WidgetError::ServerResponse)?;
            let public = EcPublicJwk::from_public_key(&key.secret().public_key());
            let transcript = SessionTranscript::openid4vp_dcapi(
                &origin,
                request.nonce(),
                Some(&public.thumbprint()),
            )
            .map_err(|_| WidgetError::ServerResponse)?;
            let d = Base64UrlUnpadded::encode_string(&key.secret().to_bytes());
            let jwk = public.to_json(&[("d", d.as_str())]);
            let recipient = JweRecipientKey::from_jwk(&jwk).map_err(|_| WidgetError::Decryption)?;
            let bytes = openid4vp::open_response(&recipient, response.data, request.query().id())
                .map_err(decryption_error)?;
            (bytes, transcript)
        }
        _ => return Err(WidgetError::WalletResponse),
    };
    let transcript = transcript
        .to_verifier_bytes()
        .map_err(|_| WidgetError::ServerResponse)?;
    let anchors = TrustAnchors::from_pem(context.trust_anchors_pem.as_bytes())
        .map_err(|_| WidgetError::ServerResponse)?;
    let requested = protocol_preset(context.preset, context.options)?.requested_elements();
    let doc_type =
        DocType::new(DocType::MY_NUMBER_CARD).map_err(|_| WidgetError::ServerResponse)?;
    let at = time::OffsetDateTime::from_unix_timestamp(context.now_unix)
        .map_err(|_| WidgetError::ServerResponse)?;
    let verification = verify(&VerificationRequest {
        device_response: &device_response,
        session_transcript: &transcript,
        doc_type: &doc_type,
        trust_anchors: &anchors,
        at,
        reader_key: None,
        requested: Some(&requested),
    });
    let report = verification.report().clone();
    let documents = verification.into_documents().map_err(|_| {
        WidgetError::Verification(
            report
                .failing_check
                .map_or("structure", |c| c.as_str())
                .to_owned(),
        )
    })?;
    let document = documents
        .first()
        .ok_or_else(|| WidgetError::Verification("structure".into()))?;
    let mut outcome = outcome_from(document, context.preset)?;
    outcome.device_response_b64 = Base64UrlUnpadded::encode_string(&device_response);
    outcome.issuer = issuer_name(&anchors);
    Ok(outcome)
}

fn decryption_error(error: ProtocolError) -> WidgetError {
    match error {
        ProtocolError::Decryption(DecryptionError { .. }) => WidgetError::Decryption,
        _ => WidgetError::WalletResponse,
    }
}

/// The protocol crate's preset for the page's preset and options (the elements the verifier accepts).
fn protocol_preset(preset: Preset, options: RequestOptions) -> Result<ProtocolPreset, WidgetError> {
    let opt_in = options
        .allow_my_number
        .then(MyNumberOptIn::with_legal_basis);
    let fallback = if options.allow_birth_date_fallback {
        BirthDateFallback::Allowed
    } else {
        BirthDateFallback::Forbidden
    };
    ProtocolPreset::from_name(preset.as_str(), opt_in, fallback)
        .map_err(|_| WidgetError::MyNumberNotAllowed)
}

/// The subject common name (or organisation) of the first trust anchor: in production J-LIS's root.
fn issuer_name(anchors: &TrustAnchors) -> String {
    use x509_cert::der::Decode;
    let Some(der) = anchors.certificates_der().next() else {
        return String::new();
    };
    let Ok(certificate) = x509_cert::Certificate::from_der(der) else {
        return String::new();
    };
    // CN, else O: formatting the whole name would link const-oid's name database into the wasm.
    let subject = certificate.tbs_certificate().subject();
    let common_name = subject
        .common_name()
        .ok()
        .flatten()
        .or_else(|| subject.organization().ok().flatten());
    common_name
        .map(|name| name.value().into_owned())
        .unwrap_or_default()
}

/// Builds form values, event claims and the summary from a verified document.
pub fn outcome_from(
    document: &VerifiedDocument,
    preset: Preset,
) -> Result<VerifiedOutcome, WidgetError> {
    let revealed = document.claims_json(MyNumberDisplay::Revealed);
    let mut flat = serde_json::Map::new();
    for namespace in [NS_ISO, NS_JP] {
        if let Some(elements) = revealed.get(namespace).and_then(|e| e.as_object()) {
            flat.extend(elements.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
    }
    let flat = serde_json::Value::Object(flat);
    let card =
        CardClaims::from_json(&flat).map_err(|_| WidgetError::Verification("structure".into()))?;
    let normalized = normalize(&card);
    let text = |element: &str| {
        flat.get(element)
            .and_then(|v| v.as_str())
            .map(str::to_owned)
    };
    let flag = |element: &str| flat.get(element).and_then(serde_json::Value::as_bool);
    let values = form_values(
        &normalized,
        text("resident_address_unicode"),
        text("individual_number_unicode"),
        preset,
        &flag,
    );
    let portrait_jpeg = document
        .my_number_card()
        .and_then(|card| card.portrait().ok().flatten())
        .map(<[u8]>::to_vec);

    let mut claims = serde_json::to_value(&normalized).unwrap_or(serde_json::Value::Null);
    if let Some(map) = claims.as_object_mut() {
        map.insert("full_address".into(), values.full_address.clone().into());
        if let Some(number) = &values.my_number {
            map.insert("my_number".into(), number.clone().into());
        }
        for element in ["age_over_18", "age_over_20"] {
            if let Some(ok) = flag(element) {
                map.insert(element.into(), ok.into());
            }
        }
        map.insert("portrait_present".into(), portrait_jpeg.is_some().into());
    }
    let summary = summary_lines(&values, &flag);
    let postal_lookup = match (
        &values.postal_code,
        text("local_gov_code_unicode"),
        &normalized.address_line1,
    ) {
        (None, Some(code), Some(line1)) => Some((code, line1.clone())),
        _ => None,
    };
    Ok(VerifiedOutcome {
        values,
        claims,
        issuer: String::new(),
        portrait_jpeg,
        summary,
        device_response_b64: String::new(),
        postal_lookup,
    })
}

fn form_values(
    n: &NormalizedClaims,
    full_address: Option<String>,
    my_number: Option<String>,
    preset: Preset,
    flag: &dyn Fn(&str) -> Option<bool>,
) -> FormValues {
    let birth_date = n.birth_date.map(|date| BirthDate {
        year: u32::from(date.year()),
        month: u32::from(date.month()),
        day: u32::from(date.day()),
        era: n
            .birth_era
            .map(|e| (e.era.name().to_owned(), u32::from(e.year))),
    });
    let sex = match n.sex {
        Some(mynaform_jp::Sex::Male) => Some(Sex::Male),
        Some(mynaform_jp::Sex::Female) => Some(Sex::Female),
        _ => None,
    };
    let age_verified = match preset {
        Preset::AgeOver18 | Preset::AgeOver18WithName => flag("age_over_18"),
        Preset::AgeOver20 => flag("age_over_20"),
        _ => None,
    };
    FormValues {
        family_name: n.family_name.clone(),
        given_name: n.given_name.clone(),
        full_name: n.full_name.clone(),
        birth_date,
        sex,
        postal_code: n.postal_code.map(str::to_owned),
        prefecture: n.prefecture.map(str::to_owned),
        prefecture_code: n.prefecture_code.clone(),
        city: n.city.map(str::to_owned),
        address_line1: n.address_line1.clone(),
        address_line2: n.address_line2.clone(),
        full_address,
        // Only a number with a right check digit is filled.
        my_number: my_number.filter(|_| n.my_number_valid == Some(true)),
        age_verified,
    }
}

fn summary_lines(values: &FormValues, flag: &dyn Fn(&str) -> Option<bool>) -> Vec<SummaryLine> {
    let mut lines = Vec::new();
    let mut push = |item: &'static str, shown: Option<String>| {
        if let Some(shown) = shown {
            lines.push(SummaryLine { item, shown });
        }
    };
    push("name", values.full_name.clone());
    push(
        "birth_date",
        values.birth_date.as_ref().map(|b| match &b.era {
            Some((era, 1)) => format!("{}年{}月{}日（{era}元年）", b.year, b.month, b.day),
            Some((era, year)) => format!("{}年{}月{}日（{era}{year}年）", b.year, b.month, b.day),
            None => format!("{}年{}月{}日", b.year, b.month, b.day),
        }),
    );
    push(
        "sex",
        values
            .sex
            .map(|s| if s == Sex::Male { "男" } else { "女" }.to_owned()),
    );
    push("address", values.full_address.clone());
    push("my_number", values.my_number.as_deref().map(mask_my_number));
    for element in ["age_over_18", "age_over_20"] {
        push(
            element,
            flag(element).map(|ok| if ok { "はい" } else { "いいえ" }.to_owned()),
        );
    }
    lines
}

/// All but the last four digits masked (STYLE.md: the My Number is shown masked except in its field).
pub fn mask_my_number(number: &str) -> String {
    let count = number.chars().count();
    number
        .chars()
        .enumerate()
        .map(|(i, c)| if i + 4 < count { '*' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::ProtocolRequest;
    use mynaform_test_wallet::holder::{EntropyRng, Holder};
    use mynaform_test_wallet::issuer::{IssueOptions, Issuer};
    use mynaform_test_wallet::people::roster;
    use mynaform_test_wallet::pki::{Entropy, TestPki};
    use mynaform_verifier::protocol::encryption_info::EncryptionInfo;
    use mynaform_verifier::protocol::transcript::Nonce;

    const PAGE: &str = "https://city.example";

    /// What the wallet did differently from an honest answer to this page.
    #[derive(Clone, Copy, PartialEq, Eq)]
    enum Twist {
        None,
        /// The wallet answered a page at another origin.
        OtherOrigin,
        /// One byte of the encrypted answer flipped.
        FlippedByte,
    }

    /// Server request → test wallet → [`open_and_verify`], as the browser runs it.
    fn round_trip(
        protocol: &str,
        preset: Preset,
        twist: Twist,
    ) -> Result<VerifiedOutcome, WidgetError> {
        let now = time::macros::datetime!(2026-12-01 09:00 UTC);
        let pki = TestPki::from_seed([7; 32], now).map_err(|_| WidgetError::Network)?;
        let mut entropy = Entropy::seeded([9; 32]);
        let person = roster(now.date())
            .into_iter()
            .next()
            .ok_or(WidgetError::Network)?;
        let credential = Issuer::new(&pki)
            .issue(&person, &IssueOptions::at(now), &mut entropy)
            .map_err(|_| WidgetError::Network)?;
        let key = EphemeralKey::generate()?;
        let public = EcPublicJwk::from_public_key(&key.secret().public_key());
        let nonce = Nonce::generate(&mut EntropyRng(&mut entropy));
        let page = Origin::parse(PAGE).map_err(|_| WidgetError::Network)?;
        let server_preset = protocol_preset(preset, RequestOptions::default())?;
        let data = if protocol == annex_c::PROTOCOL {
            let info = EncryptionInfo::new(nonce, *public.public_key())
                .map_err(|_| WidgetError::Network)?;
            AnnexCRequest::build(&[server_preset.items_request()], info, &page, None)
                .map_err(|_| WidgetError::Network)?
                .to_json()
        } else {
            openid4vp::unsigned_request(&server_preset.mdoc_query("mnc"), &nonce, &public, "widget")
        };
        let session = SessionResponse {
            session_id: "s1".into(),
            expires_at: None,
            requests: vec![ProtocolRequest {
                protocol: protocol.into(),
                data: data.clone(),
            }],
        };
        let wallet_origin = if twist == Twist::OtherOrigin {
            "https://evil.example"
        } else {
            PAGE
        };
        let wallet_origin = Origin::parse(wallet_origin).map_err(|_| WidgetError::Network)?;
        let mut answer = Holder::new(&credential)
            .respond(protocol, &data, &wallet_origin, &mut entropy)
            .map_err(|_| WidgetError::Network)?
            .data;
        if twist == Twist::FlippedByte {
            flip_last_character(&mut answer);
        }
        let anchors = pki
            .iaca()
            .certificate_pem()
            .map_err(|_| WidgetError::Network)?;
        let context = PageContext {
            preset,
            options: RequestOptions::default(),
            origin: PAGE,
            trust_anchors_pem: &anchors,
            now_unix: now.unix_timestamp(),
        };
        open_and_verify(
            &key,
            &session,
            &WalletResponse {
                protocol,
                data: &answer,
            },
            &context,
        )
    }

    fn flip_last_character(answer: &mut serde_json::Value) {
        if let Some(serde_json::Value::String(text)) = answer.get_mut("response") {
            let last = text.pop();
            text.push(if last == Some('A') { 'B' } else { 'A' });
        }
    }

    #[test]
    fn annex_c_answer_is_decrypted_verified_and_normalised() {
        let outcome = round_trip(annex_c::PROTOCOL, Preset::AutofillBasic4, Twist::None);
        let outcome = outcome.map_err(|e| e.code());
        let values = outcome.as_ref().map(|o| &o.values);
        assert!(values.is_ok_and(|v| v.family_name.is_some()
            && v.birth_date.is_some()
            && v.prefecture.is_some()));
        assert!(
            outcome
                .as_ref()
                .is_ok_and(|o| !o.device_response_b64.is_empty() && !o.issuer.is_empty())
        );
        // Not requested, so never present.
        assert!(outcome.is_ok_and(|o| o.values.my_number.is_none() && o.portrait_jpeg.is_none()));
    }

    #[test]
    fn openid4vp_answer_is_decrypted_verified_and_normalised() {
        let outcome = round_trip(
            openid4vp::PROTOCOL_UNSIGNED,
            Preset::AutofillBasic4,
            Twist::None,
        );
        assert!(
            outcome
                .map_err(|e| e.code())
                .is_ok_and(|o| o.values.full_name.is_some() && o.values.sex.is_some())
        );
    }

    #[test]
    fn age_preset_fills_only_the_age_result() {
        let outcome =
            round_trip(annex_c::PROTOCOL, Preset::AgeOver20, Twist::None).map_err(|e| e.code());
        assert!(outcome.is_ok_and(|o| o.values.age_verified.is_some()
            && o.values.full_name.is_none()
            && o.values.birth_date.is_none()));
    }

    #[test]
    fn answer_for_another_origin_is_rejected_by_device_authentication() {
        let outcome = round_trip(
            openid4vp::PROTOCOL_UNSIGNED,
            Preset::AutofillBasic4,
            Twist::OtherOrigin,
        );
        assert_eq!(
            outcome.map(|_| ()).map_err(|e| e.code()),
            Err("device_authentication".to_owned())
        );
    }

    #[test]
    fn annex_c_answer_for_another_origin_does_not_decrypt() {
        // The HPKE info is the SessionTranscript, which contains the origin.
        let outcome = round_trip(
            annex_c::PROTOCOL,
            Preset::AutofillBasic4,
            Twist::OtherOrigin,
        );
        assert_eq!(
            outcome.map(|_| ()).map_err(|e| e.code()),
            Err("decryption".to_owned())
        );
    }

    #[test]
    fn tampered_ciphertext_is_a_decryption_failure() {
        for protocol in [annex_c::PROTOCOL, openid4vp::PROTOCOL_UNSIGNED] {
            let outcome = round_trip(protocol, Preset::AutofillBasic4, Twist::FlippedByte);
            let code = outcome.map(|_| ()).map_err(|e| e.code());
            assert!(
                matches!(
                    code.as_ref().map_err(String::as_str),
                    Err("decryption" | "wallet_response")
                ),
                "{protocol}: {code:?}"
            );
        }
    }

    #[test]
    fn my_number_is_masked_but_for_last_four_digits() {
        assert_eq!(mask_my_number("123456789018"), "********9018");
    }

    #[test]
    fn my_number_preset_requires_the_opt_in() {
        assert!(protocol_preset(Preset::AutofillWithMyNumber, RequestOptions::default()).is_err());
        let allowed = RequestOptions {
            allow_my_number: true,
            ..Default::default()
        };
        assert!(protocol_preset(Preset::AutofillWithMyNumber, allowed).is_ok());
    }
}
