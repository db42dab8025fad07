//! Writes the fixtures of `cargo xtask bench widget` (issue 6 item 6): one JSON file per case
//! (`autofill_basic4` and `ekyc_ru`, with its portrait, × `org-iso-mdoc` (HPKE) and `openid4vp-v1-unsigned`
//! (JWE)), each a session built like the server builds it, answered by the test wallet, with the request's
//! ephemeral secret key so that the browser and the native runner open the same answer.
//!
//! `cargo run --release -p mynaform-widget --features parity --example bench_fixture -- OUT_DIR`
//! prints the path of each file written.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use base64ct::{Base64UrlUnpadded, Encoding};
use mynaform_test_wallet::holder::{EntropyRng, Holder};
use mynaform_test_wallet::issuer::{IssueOptions, IssuedCredential, Issuer};
use mynaform_test_wallet::people::roster;
use mynaform_test_wallet::pki::{Entropy, TestPki};
use mynaform_verifier::protocol::annex_c::{self, AnnexCRequest};
use mynaform_verifier::protocol::encryption_info::EncryptionInfo;
use mynaform_verifier::protocol::openid4vp;
use mynaform_verifier::protocol::preset::Preset as ProtocolPreset;
use mynaform_verifier::protocol::transcript::{EcPublicJwk, Nonce, Origin};
use mynaform_widget::bench::BenchFixture;
use mynaform_widget::key::EphemeralKey;
use mynaform_widget::session::ProtocolRequest;

/// The page the requests come from.
const PAGE: &str = "https://city.example";
/// The presets benched: the smallest common one and the one with a portrait.
const PRESETS: [(&str, ProtocolPreset, bool); 2] = [
    ("autofill_basic4", ProtocolPreset::AutofillBasic4, false),
    ("ekyc_ru", ProtocolPreset::EkycRu, true),
];
/// The protocols benched: HPKE (ISO/IEC 18013-7 Annex C) and JWE (OpenID4VP 1.0 over the DC API).
const PROTOCOLS: [&str; 2] = [annex_c::PROTOCOL, openid4vp::PROTOCOL_UNSIGNED];

fn main() -> ExitCode {
    let Some(out) = std::env::args().nth(1).map(PathBuf::from) else {
        eprintln!("usage: bench_fixture OUT_DIR");
        return ExitCode::from(2);
    };
    match write_fixtures(&out) {
        Ok(paths) => {
            for path in paths {
                println!("{}", path.display());
            }
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("bench_fixture: {message}");
            ExitCode::FAILURE
        }
    }
}

/// File name of a case: `autofill_basic4--org-iso-mdoc.json`.
fn file_name(fixture: &BenchFixture) -> String {
    format!("{}--{}.json", fixture.preset, fixture.protocol)
}

fn write_fixtures(out: &Path) -> Result<Vec<PathBuf>, String> {
    std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
    fixtures()?
        .iter()
        .map(|fixture| {
            let path = out.join(file_name(fixture));
            let json = serde_json::to_string(fixture).map_err(|e| e.to_string())?;
            std::fs::write(&path, json).map_err(|e| format!("{}: {e}", path.display()))?;
            Ok(path)
        })
        .collect()
}

/// The four cases, answered by one test-wallet credential issued by a seeded test PKI.
fn fixtures() -> Result<Vec<BenchFixture>, String> {
    let now = time::macros::datetime!(2026-12-01 09:00 UTC);
    let pki = TestPki::from_seed([7; 32], now).map_err(|e| format!("test PKI: {e}"))?;
    let mut entropy = Entropy::seeded([9; 32]);
    let person = roster(now.date())
        .into_iter()
        .next()
        .ok_or("the test wallet's roster is empty")?;
    let credential = Issuer::new(&pki)
        .issue(&person, &IssueOptions::at(now), &mut entropy)
        .map_err(|e| format!("issuance: {e}"))?;
    let anchors = pki
        .iaca()
        .certificate_pem()
        .map_err(|e| format!("trust anchor: {e}"))?;
    let mut fixtures = Vec::new();
    for (preset, server_preset, expect_portrait) in PRESETS {
        for protocol in PROTOCOLS {
            let case = Case {
                preset,
                server_preset,
                protocol,
                expect_portrait,
            };
            fixtures.push(case.answer(&credential, &anchors, now, &mut entropy)?);
        }
    }
    Ok(fixtures)
}

/// One preset asked over one protocol.
struct Case {
    preset: &'static str,
    server_preset: ProtocolPreset,
    protocol: &'static str,
    expect_portrait: bool,
}

impl Case {
    /// The server's request for this case (as `POST /sessions` builds it), the wallet's answer, the key.
    fn answer(
        &self,
        credential: &IssuedCredential,
        anchors: &str,
        now: time::OffsetDateTime,
        entropy: &mut Entropy,
    ) -> Result<BenchFixture, String> {
        let page = Origin::parse(PAGE).map_err(|e| format!("origin: {e}"))?;
        let key = EphemeralKey::generate().map_err(|e| format!("ephemeral key: {e}"))?;
        let public = EcPublicJwk::from_public_key(&key.secret().public_key());
        let nonce = Nonce::generate(&mut EntropyRng(entropy));
        let data = if self.protocol == annex_c::PROTOCOL {
            let info = EncryptionInfo::new(nonce, *public.public_key())
                .map_err(|e| format!("EncryptionInfo: {e}"))?;
            AnnexCRequest::build(&[self.server_preset.items_request()], info, &page, None)
                .map_err(|e| format!("Annex C request: {e}"))?
                .to_json()
        } else {
            openid4vp::unsigned_request(
                &self.server_preset.mdoc_query("mnc"),
                &nonce,
                &public,
                "widget",
            )
        };
        let session = serde_json::json!({
            "session_id": "bench",
            "requests": [ProtocolRequest { protocol: self.protocol.into(), data: data.clone() }],
        });
        let answer = Holder::new(credential)
            .respond(self.protocol, &data, &page, entropy)
            .map_err(|e| format!("test wallet: {e}"))?;
        Ok(BenchFixture {
            case: format!("{}/{}", self.preset, self.protocol),
            preset: self.preset.into(),
            allow_my_number: false,
            allow_birth_date_fallback: false,
            protocol: self.protocol.into(),
            origin: PAGE.into(),
            trust_anchors_pem: anchors.into(),
            now_unix: now.unix_timestamp(),
            ephemeral_secret_key: Base64UrlUnpadded::encode_string(&key.secret().to_bytes()),
            session,
            credential_data: answer.data,
            expect_portrait: self.expect_portrait,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mynaform_widget::bench::run_fixture;

    fn counting_clock() -> impl FnMut() -> f64 {
        let mut now = 0.0;
        move || {
            now += 0.5;
            now
        }
    }

    #[test]
    fn every_case_is_a_verified_outcome_of_the_widget() {
        let fixtures = fixtures().unwrap();
        assert_eq!(fixtures.len(), PRESETS.len() * PROTOCOLS.len());
        for fixture in &fixtures {
            let json = serde_json::to_string(fixture).unwrap();
            let run = run_fixture(&json, 1, 2, &mut counting_clock()).unwrap();
            assert!(run.ok, "{}: {:?}", fixture.case, run.failing_check);
            assert_eq!(run.times_ms, vec![0.5, 0.5], "{}", fixture.case);
        }
    }

    #[test]
    fn answer_opened_with_another_key_is_not_timed_as_a_success() {
        let mut fixture = fixtures().unwrap().swap_remove(0);
        let other = EphemeralKey::generate().unwrap();
        fixture.ephemeral_secret_key = Base64UrlUnpadded::encode_string(&other.secret().to_bytes());
        let json = serde_json::to_string(&fixture).unwrap();
        let run = run_fixture(&json, 0, 3, &mut counting_clock()).unwrap();
        assert!(!run.ok);
        assert_eq!(run.failing_check.as_deref(), Some("decryption"));
        assert_eq!(run.times_ms.len(), 1);
    }

    #[test]
    fn portrait_preset_without_portrait_expectation_fails_the_check() {
        let mut fixture = fixtures()
            .unwrap()
            .into_iter()
            .find(|f| f.expect_portrait)
            .unwrap();
        fixture.expect_portrait = false;
        let json = serde_json::to_string(&fixture).unwrap();
        let run = run_fixture(&json, 0, 1, &mut counting_clock()).unwrap();
        assert_eq!(run.failing_check.as_deref(), Some("portrait_unexpected"));
    }

    #[test]
    fn file_names_differ_per_case() {
        let fixtures = fixtures().unwrap();
        let mut names: Vec<String> = fixtures.iter().map(file_name).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), fixtures.len());
    }
}
