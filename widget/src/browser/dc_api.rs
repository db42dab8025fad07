//! The W3C Digital Credentials API (`navigator.credentials.get({digital: {requests}})`), which web-sys does
//! not declare yet: the `DigitalCredential` interface is declared here, the `digital` member is set by
//! reflection.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::error::WidgetError;
use crate::session::ProtocolRequest;

#[wasm_bindgen]
extern "C" {
    /// `DigitalCredential : Credential` (W3C Digital Credentials §3).
    #[wasm_bindgen(extends = web_sys::Credential)]
    pub type DigitalCredential;

    /// The protocol the wallet answered with.
    #[wasm_bindgen(method, getter)]
    pub fn protocol(this: &DigitalCredential) -> String;

    /// The protocol's response object.
    #[wasm_bindgen(method, getter)]
    pub fn data(this: &DigitalCredential) -> JsValue;
}

/// A wallet answer: protocol and data, from the browser or the demo wallet.
pub struct WalletAnswer {
    /// Protocol id.
    pub protocol: String,
    /// `DigitalCredential.data` as JSON.
    pub data: serde_json::Value,
}

/// Whether this browser can ask a wallet for one of the protocols: `Err` with the reason code if not.
pub fn check_support(protocols: &[&str]) -> Result<(), WidgetError> {
    let window = web_sys::window().ok_or(WidgetError::Unsupported("no_dc_api"))?;
    if !window.is_secure_context() {
        return Err(WidgetError::Unsupported("insecure_context"));
    }
    let class = Reflect::get(&window, &JsValue::from_str("DigitalCredential"))
        .unwrap_or(JsValue::UNDEFINED);
    if class.is_undefined() {
        return Err(WidgetError::Unsupported("no_dc_api"));
    }
    // `navigator.credentials.get` itself (absent in some embedded browsers and privacy modes).
    let credentials = Reflect::get(&window.navigator(), &JsValue::from_str("credentials"))
        .unwrap_or(JsValue::UNDEFINED);
    let get = Reflect::get(&credentials, &JsValue::from_str("get")).unwrap_or(JsValue::UNDEFINED);
    if credentials.is_undefined() || credentials.is_null() || !get.is_function() {
        return Err(WidgetError::Unsupported("no_dc_api"));
    }
    // `userAgentAllowsProtocol` is recent; when absent, let the browser decide at call time.
    let allows = Reflect::get(&class, &JsValue::from_str("userAgentAllowsProtocol")).ok();
    if let Some(function) = allows.and_then(|f| f.dyn_into::<js_sys::Function>().ok()) {
        let any = protocols.iter().any(|p| {
            function
                .call1(&class, &JsValue::from_str(p))
                .ok()
                .and_then(|v| v.as_bool())
                .unwrap_or(false)
        });
        if !any {
            return Err(WidgetError::Unsupported("protocol_not_allowed"));
        }
    }
    Ok(())
}

/// Calls `navigator.credentials.get` with the server's requests; resolves with the wallet's answer.
pub async fn get(
    requests: &[ProtocolRequest],
    signal: &web_sys::AbortSignal,
) -> Result<WalletAnswer, WidgetError> {
    let window = web_sys::window().ok_or(WidgetError::Unsupported("no_dc_api"))?;
    let list = Array::new();
    for request in requests {
        let entry = Object::new();
        set(&entry, "protocol", &JsValue::from_str(&request.protocol))?;
        set(&entry, "data", &json_to_js(&request.data)?)?;
        list.push(&entry);
    }
    let digital = Object::new();
    set(&digital, "requests", &list)?;
    let options = web_sys::CredentialRequestOptions::new();
    set(&options, "digital", &digital)?;
    // The Digital Credentials spec requires user mediation; "required" is what browsers expect.
    set(&options, "mediation", &JsValue::from_str("required"))?;
    options.set_signal(signal);
    let promise = window
        .navigator()
        .credentials()
        .get_with_options(&options)
        .map_err(|e| WidgetError::from_dom_exception(&exception_name(&e)))?;
    let credential = JsFuture::from(promise)
        .await
        .map_err(|e| WidgetError::from_dom_exception(&exception_name(&e)))?;
    if credential.is_null() || credential.is_undefined() {
        return Err(WidgetError::Cancelled);
    }
    let credential: DigitalCredential = credential.unchecked_into();
    let data = js_to_json(&credential.data())?;
    Ok(WalletAnswer {
        protocol: credential.protocol(),
        data,
    })
}

/// The `name` of a DOMException (or `Error`).
pub fn exception_name(error: &JsValue) -> String {
    Reflect::get(error, &JsValue::from_str("name"))
        .ok()
        .and_then(|n| n.as_string())
        .unwrap_or_default()
}

fn set(target: &JsValue, key: &str, value: &JsValue) -> Result<(), WidgetError> {
    Reflect::set(target, &JsValue::from_str(key), value)
        .map(|_| ())
        .map_err(|_| WidgetError::Unsupported("no_dc_api"))
}

/// JSON value → JS object (through `JSON.parse`, no extra dependency).
pub fn json_to_js(value: &serde_json::Value) -> Result<JsValue, WidgetError> {
    js_sys::JSON::parse(&value.to_string()).map_err(|_| WidgetError::ServerResponse)
}

/// JS value → JSON value (through `JSON.stringify`).
pub fn js_to_json(value: &JsValue) -> Result<serde_json::Value, WidgetError> {
    let text = js_sys::JSON::stringify(value).map_err(|_| WidgetError::WalletResponse)?;
    serde_json::from_str(&String::from(text)).map_err(|_| WidgetError::WalletResponse)
}
