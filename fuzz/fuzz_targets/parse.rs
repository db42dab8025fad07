//! Fuzzes the CBOR decoder and the DeviceResponse parser: any input must give a value or a typed error.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mynaform_verifier::{SessionTranscriptBytes, cbor, device_response::DeviceResponse};

fuzz_target!(|data: &[u8]| {
    if let Ok(item) = cbor::decode(data) {
        // Every span must lie inside the input and the root span must cover it.
        assert_eq!(item.raw.len(), data.len());
    }
    let _ = DeviceResponse::parse(data);
    let _ = SessionTranscriptBytes::from_cbor(data.to_vec());
});
