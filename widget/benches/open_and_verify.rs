//! Native decrypt + verify time of one wallet answer with criterion's statistics. `cargo bench -p
//! mynaform-widget`. The browser-vs-native comparison on the same answers is `cargo xtask bench widget`
//! (`src/bench.rs`, `examples/bench_native.rs`); in a real page the widget sets `data-verify-ms` on its host
//! after the same step.

use criterion::{Criterion, criterion_group, criterion_main};
use mynaform_test_wallet::holder::{EntropyRng, Holder};
use mynaform_test_wallet::issuer::{IssueOptions, Issuer};
use mynaform_test_wallet::people::roster;
use mynaform_test_wallet::pki::{Entropy, TestPki};
use mynaform_verifier::protocol::annex_c::{self, AnnexCRequest};
use mynaform_verifier::protocol::encryption_info::EncryptionInfo;
use mynaform_verifier::protocol::openid4vp;
use mynaform_verifier::protocol::preset::Preset as ProtocolPreset;
use mynaform_verifier::protocol::transcript::{EcPublicJwk, Nonce, Origin};
use mynaform_widget::key::EphemeralKey;
use mynaform_widget::messages::Preset;
use mynaform_widget::presentation::{PageContext, RequestOptions, WalletResponse, open_and_verify};
use mynaform_widget::session::{ProtocolRequest, SessionResponse};

const PAGE: &str = "https://city.example";

fn bench(c: &mut Criterion) {
    let now = time::macros::datetime!(2026-12-01 09:00 UTC);
    let Ok(pki) = TestPki::from_seed([7; 32], now) else {
        return;
    };
    let mut entropy = Entropy::seeded([9; 32]);
    let Some(person) = roster(now.date()).into_iter().next() else {
        return;
    };
    let Ok(credential) = Issuer::new(&pki).issue(&person, &IssueOptions::at(now), &mut entropy)
    else {
        return;
    };
    let Ok(anchors) = pki.iaca().certificate_pem() else {
        return;
    };
    let Ok(page) = Origin::parse(PAGE) else {
        return;
    };
    for (name, preset, server_preset) in [
        (
            "autofill_basic4",
            Preset::AutofillBasic4,
            ProtocolPreset::AutofillBasic4,
        ),
        ("ekyc_ru", Preset::EkycRu, ProtocolPreset::EkycRu),
    ] {
        for protocol in [annex_c::PROTOCOL, openid4vp::PROTOCOL_UNSIGNED] {
            let Ok(key) = EphemeralKey::generate() else {
                return;
            };
            let public = EcPublicJwk::from_public_key(&key.secret().public_key());
            let nonce = Nonce::generate(&mut EntropyRng(&mut entropy));
            let data = if protocol == annex_c::PROTOCOL {
                let Ok(info) = EncryptionInfo::new(nonce, *public.public_key()) else {
                    return;
                };
                let Ok(request) =
                    AnnexCRequest::build(&[server_preset.items_request()], info, &page, None)
                else {
                    return;
                };
                request.to_json()
            } else {
                openid4vp::unsigned_request(
                    &server_preset.mdoc_query("mnc"),
                    &nonce,
                    &public,
                    "widget",
                )
            };
            let session = SessionResponse {
                session_id: "s1".into(),
                expires_at: None,
                requests: vec![ProtocolRequest {
                    protocol: protocol.into(),
                    data: data.clone(),
                }],
            };
            let Ok(answer) = Holder::new(&credential).respond(protocol, &data, &page, &mut entropy)
            else {
                return;
            };
            let context = PageContext {
                preset,
                options: RequestOptions::default(),
                origin: PAGE,
                trust_anchors_pem: &anchors,
                now_unix: now.unix_timestamp(),
            };
            let response = WalletResponse {
                protocol,
                data: &answer.data,
            };
            c.bench_function(&format!("open_and_verify/{name}/{protocol}"), |b| {
                b.iter(|| open_and_verify(&key, &session, &response, &context).is_ok())
            });
        }
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
