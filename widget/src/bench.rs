//! Bench of the widget's decrypt + verify + normalise step (issue 6 item 6): the same recorded wallet answer
//! is opened by [`open_and_verify`] in the browser (exported as `__benchOpenAndVerify`) and natively (the
//! `bench_native` example), each iteration timed by the caller's clock (`performance.now()` in the browser,
//! `Instant` natively). `cargo xtask bench widget` runs both and compares them.
//!
//! Built only with the cargo feature `parity`, so the production widget carries none of it. A fixture holds
//! the request's ephemeral secret key: it is a bench-only input written by the `bench_fixture` example and
//! never produced by the widget itself.

use base64ct::{Base64UrlUnpadded, Encoding};
use serde::{Deserialize, Serialize};

use crate::key::EphemeralKey;
use crate::messages::Preset;
use crate::presentation::{PageContext, RequestOptions, WalletResponse, open_and_verify};
use crate::session::SessionResponse;

/// Why a fixture cannot be benched (the fixture's fault; a failed verification is a [`BenchRun`] instead).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BenchError {
    /// The fixture is not JSON of the expected shape.
    #[error("the bench fixture is malformed: {0}")]
    Fixture(String),
    /// The preset name is not one the widget knows.
    #[error("the bench fixture names an unknown preset")]
    Preset,
    /// The ephemeral secret key is not base64url of a P-256 scalar.
    #[error("the bench fixture's ephemeral key is not a P-256 secret scalar")]
    Key,
}

/// One recorded request and the wallet's answer to it: everything [`open_and_verify`] needs. `Debug` shows
/// the case only, never the key or the answer.
#[derive(Serialize, Deserialize)]
pub struct BenchFixture {
    /// Case name, e.g. `autofill_basic4/org-iso-mdoc`.
    pub case: String,
    /// Preset id (`autofill_basic4`, `ekyc_ru`, …).
    pub preset: String,
    /// The page's `allow-my-number` opt-in.
    #[serde(default)]
    pub allow_my_number: bool,
    /// The page's `allow-birth-date-fallback` opt-in.
    #[serde(default)]
    pub allow_birth_date_fallback: bool,
    /// The protocol the wallet answered with (`org-iso-mdoc`, `openid4vp-v1-unsigned`).
    pub protocol: String,
    /// The page origin the request was made from.
    pub origin: String,
    /// The trust anchors (PEM).
    pub trust_anchors_pem: String,
    /// Verification time, seconds since the Unix epoch.
    pub now_unix: i64,
    /// The request's ephemeral secret scalar, base64url without padding (bench-only).
    pub ephemeral_secret_key: String,
    /// The server's `POST /sessions` answer the page sent to the wallet.
    pub session: serde_json::Value,
    /// The wallet's `DigitalCredential.data`.
    pub credential_data: serde_json::Value,
    /// Whether a verified outcome must carry a portrait (the preset asks for one).
    #[serde(default)]
    pub expect_portrait: bool,
}

impl std::fmt::Debug for BenchFixture {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BenchFixture")
            .field("case", &self.case)
            .finish_non_exhaustive()
    }
}

/// The result of timing one fixture: `ok` only when every iteration gave the expected verified outcome.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BenchRun {
    /// Every iteration verified.
    pub ok: bool,
    /// The check that failed (a widget error code, or `portrait_missing`/`portrait_unexpected`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failing_check: Option<String>,
    /// Milliseconds per warm-up iteration, in order (the first is the cold call a page makes once).
    #[serde(default)]
    pub warmup_ms: Vec<f64>,
    /// Milliseconds per timed iteration, in order (the failing iteration last, when there is one).
    pub times_ms: Vec<f64>,
}

/// Runs `warmup` and then `iterations` [`open_and_verify`] calls on the fixture, each timed with `clock`
/// (milliseconds), stopping at the first one that does not give the expected verified outcome.
pub fn run_fixture(
    fixture_json: &str,
    warmup: u32,
    iterations: u32,
    clock: &mut dyn FnMut() -> f64,
) -> Result<BenchRun, BenchError> {
    let fixture: BenchFixture =
        serde_json::from_str(fixture_json).map_err(|e| BenchError::Fixture(e.to_string()))?;
    let preset = Preset::parse(&fixture.preset).ok_or(BenchError::Preset)?;
    let secret = Base64UrlUnpadded::decode_vec(&fixture.ephemeral_secret_key)
        .map_err(|_| BenchError::Key)?;
    let key = EphemeralKey::from_secret_bytes(&secret).ok_or(BenchError::Key)?;
    let session: SessionResponse = serde_json::from_value(fixture.session.clone())
        .map_err(|e| BenchError::Fixture(format!("session: {e}")))?;
    let response = WalletResponse {
        protocol: &fixture.protocol,
        data: &fixture.credential_data,
    };
    let context = PageContext {
        preset,
        options: RequestOptions {
            allow_my_number: fixture.allow_my_number,
            allow_birth_date_fallback: fixture.allow_birth_date_fallback,
        },
        origin: &fixture.origin,
        trust_anchors_pem: &fixture.trust_anchors_pem,
        now_unix: fixture.now_unix,
    };
    let check =
        |result: Result<crate::presentation::VerifiedOutcome, crate::WidgetError>| match result {
            Err(error) => Some(error.code()),
            Ok(outcome) => match (fixture.expect_portrait, outcome.portrait_jpeg.is_some()) {
                (true, false) => Some("portrait_missing".to_owned()),
                (false, true) => Some("portrait_unexpected".to_owned()),
                _ => None,
            },
        };

    let mut warmup_ms = Vec::new();
    let mut times_ms = Vec::new();
    for round in 0..warmup.saturating_add(iterations) {
        let start = clock();
        let result = open_and_verify(&key, &session, &response, &context);
        let elapsed = clock() - start;
        if round < warmup {
            warmup_ms.push(elapsed);
        } else {
            times_ms.push(elapsed);
        }
        if let Some(failing) = check(result) {
            return Ok(BenchRun {
                ok: false,
                failing_check: Some(failing),
                warmup_ms,
                times_ms,
            });
        }
    }
    Ok(BenchRun {
        ok: true,
        failing_check: None,
        warmup_ms,
        times_ms,
    })
}

/// [`run_fixture`] as JSON (`{ok, failing_check?, times_ms}`), what both runners print.
pub fn run_fixture_json(
    fixture_json: &str,
    warmup: u32,
    iterations: u32,
    clock: &mut dyn FnMut() -> f64,
) -> Result<String, BenchError> {
    let run = run_fixture(fixture_json, warmup, iterations, clock)?;
    serde_json::to_string(&run).map_err(|e| BenchError::Fixture(e.to_string()))
}

#[cfg(target_arch = "wasm32")]
mod browser_export {
    use wasm_bindgen::prelude::wasm_bindgen;

    #[wasm_bindgen]
    extern "C" {
        /// `performance.now()`: milliseconds with the page's timer resolution.
        #[wasm_bindgen(js_namespace = performance, js_name = now)]
        fn performance_now() -> f64;
    }

    /// The wasm export `__benchOpenAndVerify(fixtureJson, warmup, iterations)`: the [`super::BenchRun`]
    /// JSON, or throws when the fixture is malformed.
    #[wasm_bindgen(js_name = "__benchOpenAndVerify")]
    pub fn bench_open_and_verify_js(
        fixture_json: &str,
        warmup: u32,
        iterations: u32,
    ) -> Result<String, wasm_bindgen::JsError> {
        super::run_fixture_json(fixture_json, warmup, iterations, &mut performance_now)
            .map_err(|e| wasm_bindgen::JsError::new(&e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A clock that advances one millisecond per reading.
    fn ticking() -> impl FnMut() -> f64 {
        let mut now = 0.0;
        move || {
            now += 1.0;
            now
        }
    }

    #[test]
    fn fixture_debug_shows_the_case_but_not_the_key() {
        let json = fixture("autofill_basic4", "c2VjcmV0LXNjYWxhcg");
        let fixture: BenchFixture = serde_json::from_str(&json).unwrap();
        let shown = format!("{fixture:?}");
        assert!(shown.contains("\"x\""), "{shown}");
        assert!(!shown.contains("c2VjcmV0"), "{shown}");
    }

    #[test]
    fn rejects_fixture_that_is_not_json() {
        let err = run_fixture("{", 0, 1, &mut ticking()).unwrap_err();
        assert!(matches!(err, BenchError::Fixture(_)));
    }

    fn fixture(preset: &str, key: &str) -> String {
        serde_json::json!({
            "case": "x", "preset": preset, "protocol": "org-iso-mdoc", "origin": "https://a.example",
            "trust_anchors_pem": "", "now_unix": 0, "ephemeral_secret_key": key,
            "session": {"session_id": "s", "requests": []}, "credential_data": {}
        })
        .to_string()
    }

    #[test]
    fn rejects_unknown_preset_and_bad_key() {
        let key = Base64UrlUnpadded::encode_string(&[1; 32]);
        assert_eq!(
            run_fixture(&fixture("everything", &key), 0, 1, &mut ticking()).unwrap_err(),
            BenchError::Preset
        );
        assert_eq!(
            run_fixture(&fixture("autofill_basic4", "AAAA"), 0, 1, &mut ticking()).unwrap_err(),
            BenchError::Key
        );
    }

    #[test]
    fn answer_to_another_request_stops_at_the_first_timed_iteration() {
        // No request in the session for the answered protocol: the widget rejects the wallet's answer.
        let key = Base64UrlUnpadded::encode_string(&[1; 32]);
        let run = run_fixture(&fixture("autofill_basic4", &key), 0, 5, &mut ticking()).unwrap();
        assert!(!run.ok);
        assert_eq!(run.failing_check.as_deref(), Some("wallet_response"));
        assert_eq!((run.warmup_ms.len(), run.times_ms.clone()), (0, vec![1.0]));
    }

    #[test]
    fn failure_during_warmup_has_no_timed_iterations() {
        let key = Base64UrlUnpadded::encode_string(&[1; 32]);
        let json =
            run_fixture_json(&fixture("autofill_basic4", &key), 3, 5, &mut ticking()).unwrap();
        let run: BenchRun = serde_json::from_str(&json).unwrap();
        assert_eq!(
            (run.ok, run.warmup_ms.len(), run.times_ms.len()),
            (false, 1, 0)
        );
        assert!(run.failing_check.is_some());
    }
}
