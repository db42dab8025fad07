//! The logs of full flows (all protocols, the My Number preset, a replay), searched for the test person's
//! personal data. Its own test binary: a scoped log subscriber must not race other tests' callsites.
mod support;

use std::io::Write;
use std::sync::{Arc, Mutex};

use support::wallet::*;
use support::*;

#[derive(Clone, Default)]
struct CapturedLogs(Arc<Mutex<Vec<u8>>>);

impl Write for CapturedLogs {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test(flavor = "current_thread")]
async fn logs_of_a_full_flow_contain_no_personal_data() {
    let logs = CapturedLogs::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .json()
        .with_max_level(tracing::Level::TRACE)
        .with_current_span(true)
        .with_span_list(true)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let app = app();
    for protocol in PROTOCOLS {
        let presented = present(&app, "autofill_with_my_number", protocol, "taro").await;
        let (_, _, bytes) = send(&app.router, verify_request(&presented.body())).await;
        assert_eq!(json_of(&bytes)["valid"], true);
        send(&app.router, verify_request(&presented.body())).await;
    }

    let text = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(
        text.contains("presentation verified"),
        "the flow was logged: {text}"
    );
    assert!(text.contains("request_id"), "logs carry request ids");
    let taro = person("taro");
    let name = taro.full_name().to_owned();
    let family = name.split(['\u{3000}', ' ']).next().unwrap().to_owned();
    let needles = [
        name.clone(),
        family,
        taro.address().to_owned(),
        taro.individual_number().to_owned(),
        taro.birth_date_printed(),
    ];
    for needle in needles {
        assert!(!needle.is_empty());
        assert!(!text.contains(&needle), "personal data found in the logs");
    }
}
