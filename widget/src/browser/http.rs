//! JSON over `fetch` to the server helper.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Request, RequestInit, Response};

use crate::error::WidgetError;

/// `POST url` with a JSON body; the JSON answer, or the HTTP status as an error.
pub async fn post_json(
    url: &str,
    body: &str,
    signal: Option<&web_sys::AbortSignal>,
) -> Result<serde_json::Value, WidgetError> {
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_body(&wasm_bindgen::JsValue::from_str(body));
    if let Some(signal) = signal {
        init.set_signal(Some(signal));
    }
    let request = Request::new_with_str_and_init(url, &init).map_err(|_| WidgetError::Network)?;
    request
        .headers()
        .set("Content-Type", "application/json")
        .map_err(|_| WidgetError::Network)?;
    send(request).await
}

/// `GET url`; the JSON answer.
pub async fn get_json(url: &str) -> Result<serde_json::Value, WidgetError> {
    let request = Request::new_with_str(url).map_err(|_| WidgetError::Network)?;
    send(request).await
}

async fn send(request: Request) -> Result<serde_json::Value, WidgetError> {
    let window = web_sys::window().ok_or(WidgetError::Network)?;
    let response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(|e| {
            if super::dc_api::exception_name(&e) == "AbortError" {
                WidgetError::Cancelled
            } else {
                WidgetError::Network
            }
        })?;
    let response: Response = response.dyn_into().map_err(|_| WidgetError::Network)?;
    if !response.ok() {
        return Err(WidgetError::Server(response.status()));
    }
    let text = JsFuture::from(response.text().map_err(|_| WidgetError::ServerResponse)?)
        .await
        .map_err(|_| WidgetError::ServerResponse)?;
    serde_json::from_str(&text.as_string().unwrap_or_default())
        .map_err(|_| WidgetError::ServerResponse)
}
