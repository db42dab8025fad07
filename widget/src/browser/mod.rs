//! The browser side (wasm32 only): the `<mynaform-button>` element and `window.mynaform.request`.
//! The element class itself is declared in `widget/loader.js` (a custom element needs a JS class); it calls
//! [`mount`] once per element.

mod dc_api;
mod demo_wallet;
mod form;
mod http;
mod ui;

use std::cell::RefCell;
use std::rc::Rc;

use base64ct::{Base64, Encoding};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{HtmlElement, HtmlFormElement};

use crate::error::WidgetError;
use crate::key::EphemeralKey;
use crate::messages::{Lang, Preset, Text, error_message};
use crate::presentation::{
    PageContext, RequestOptions, VerifiedOutcome, WalletResponse, open_and_verify,
};
use crate::session::{PROTOCOLS, Presentation, SessionRequest, SessionResponse};
use crate::state::WidgetState;
use dc_api::WalletAnswer;
use ui::Ui;

/// Default time the wallet may take before the request is abandoned (attribute `timeout`, seconds).
const DEFAULT_TIMEOUT_SECONDS: i32 = 300;

/// One mounted widget.
struct Widget {
    ui: Ui,
    server: String,
    in_flight: RefCell<Option<web_sys::AbortController>>,
}

impl Widget {
    fn attr(&self, name: &str) -> Option<String> {
        self.ui.host.get_attribute(name)
    }

    fn has(&self, name: &str) -> bool {
        self.ui.host.has_attribute(name)
    }

    fn lang(&self) -> Lang {
        Lang::from_attribute(self.attr("lang").as_deref())
    }

    fn form(&self) -> Option<HtmlFormElement> {
        let document = self.ui.host.owner_document()?;
        if let Some(id) = self.attr("form") {
            return document.get_element_by_id(&id)?.dyn_into().ok();
        }
        self.ui.host.closest("form").ok().flatten()?.dyn_into().ok()
    }
}

/// Mounts the widget on a `<mynaform-button>` host: builds its shadow root and wires the button.
#[wasm_bindgen]
pub fn mount(host: HtmlElement, server: String) -> Result<(), JsValue> {
    let ui = Ui::build(&host)?;
    let widget = Rc::new(Widget {
        ui,
        server: server.trim_end_matches('/').to_owned(),
        in_flight: RefCell::new(None),
    });
    let lang = widget.lang();
    widget.ui.set_state(WidgetState::Idle, lang, None);
    match preset_of(&widget) {
        Ok(preset) => widget.ui.show_preview(preset, lang)?,
        Err(error) => show_error(&widget, &error),
    }
    let on_click = {
        let widget = widget.clone();
        Closure::<dyn FnMut()>::new(move || {
            let widget = widget.clone();
            if let Some(controller) = widget.in_flight.borrow_mut().take() {
                controller.abort();
                return;
            }
            wasm_bindgen_futures::spawn_local(run(widget));
        })
    };
    widget
        .ui
        .button
        .add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref())?;
    on_click.forget();
    Ok(())
}

fn preset_of(widget: &Widget) -> Result<Preset, WidgetError> {
    let preset = widget
        .attr("preset")
        .as_deref()
        .and_then(Preset::parse)
        .ok_or(WidgetError::UnknownPreset)?;
    if preset == Preset::AutofillWithMyNumber && !widget.has("allow-my-number") {
        return Err(WidgetError::MyNumberNotAllowed);
    }
    Ok(preset)
}

/// The whole flow of one click.
async fn run(widget: Rc<Widget>) {
    let lang = widget.lang();
    let preset = match preset_of(&widget) {
        Ok(preset) => preset,
        Err(error) => return show_error(&widget, &error),
    };
    let controller = match web_sys::AbortController::new() {
        Ok(controller) => controller,
        Err(_) => return show_error(&widget, &WidgetError::Unsupported("no_dc_api")),
    };
    *widget.in_flight.borrow_mut() = Some(controller.clone());
    widget.ui.set_state(WidgetState::Requesting, lang, None);
    let timed_out = Rc::new(std::cell::Cell::new(false));
    let timer = start_timer(&widget, &controller, &timed_out);
    let result = request_and_verify(&widget, preset, &controller.signal()).await;
    if let (Some(window), Some(timer)) = (web_sys::window(), timer) {
        window.clear_timeout_with_handle(timer);
    }
    widget.in_flight.borrow_mut().take();
    match result {
        Ok((outcome, presentation)) => finish_filled(&widget, preset, &outcome, &presentation),
        Err(WidgetError::Cancelled) if timed_out.get() => {
            show_error(&widget, &WidgetError::Timeout)
        }
        Err(error) => show_error(&widget, &error),
    }
}

fn start_timer(
    widget: &Widget,
    controller: &web_sys::AbortController,
    flag: &Rc<std::cell::Cell<bool>>,
) -> Option<i32> {
    let seconds = widget
        .attr("timeout")
        .and_then(|t| t.parse::<i32>().ok())
        .filter(|t| *t > 0)
        .unwrap_or(DEFAULT_TIMEOUT_SECONDS);
    let controller = controller.clone();
    let flag = flag.clone();
    let on_timeout = Closure::once_into_js(move || {
        flag.set(true);
        controller.abort();
    });
    web_sys::window()?
        .set_timeout_with_callback_and_timeout_and_arguments_0(
            on_timeout.unchecked_ref(),
            seconds.saturating_mul(1000),
        )
        .ok()
}

/// Session → wallet (browser or demo) → decrypt + verify.
async fn request_and_verify(
    widget: &Rc<Widget>,
    preset: Preset,
    signal: &web_sys::AbortSignal,
) -> Result<(VerifiedOutcome, Presentation), WidgetError> {
    let lang = widget.lang();
    let forced_demo = widget.has("data-demo-wallet") || page_wants_demo_wallet();
    // A browser with a wallet uses it; the demo wallet only when the page asks for it or there is no wallet,
    // and only when the server runs in demo mode.
    let demo_people = match dc_api::check_support(&PROTOCOLS) {
        Ok(()) if !forced_demo => None,
        Ok(()) => demo_wallet::available(&widget.server).await,
        Err(unsupported) => Some(
            demo_wallet::available(&widget.server)
                .await
                .ok_or(unsupported)?,
        ),
    };
    let key = EphemeralKey::generate()?;
    let jwk = key.public_jwk();
    let body = SessionRequest {
        preset: preset.as_str(),
        protocols: &PROTOCOLS,
        recipient_public_key: &jwk,
    };
    let body = serde_json::to_string(&body).map_err(|_| WidgetError::ServerResponse)?;
    let session =
        http::post_json(&format!("{}/sessions", widget.server), &body, Some(signal)).await?;
    let session: SessionResponse =
        serde_json::from_value(session).map_err(|_| WidgetError::ServerResponse)?;
    let answer: WalletAnswer = if let Some(people) = demo_people {
        let first = session
            .requests
            .first()
            .ok_or(WidgetError::ServerResponse)?;
        demo_wallet::ask(
            &widget.ui,
            &widget.server,
            &session.session_id,
            first,
            &people,
            preset,
            lang,
        )
        .await?
    } else {
        dc_api::get(&session.requests, signal).await?
    };
    widget.ui.set_state(WidgetState::Verifying, lang, None);
    let anchors = trust_anchors(&widget.server).await?;
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default();
    let now = (js_sys::Date::now() / 1000.0) as i64;
    let response = WalletResponse {
        protocol: &answer.protocol,
        data: &answer.data,
    };
    let options = RequestOptions {
        allow_my_number: widget.has("allow-my-number"),
        allow_birth_date_fallback: widget.has("allow-birth-date-fallback"),
    };
    let context = PageContext {
        preset,
        options,
        origin: &origin,
        trust_anchors_pem: &anchors,
        now_unix: now,
    };
    let started = now_ms();
    let verified = open_and_verify(&key, &session, &response, &context);
    // Decrypt + verify time, read by the size/speed benchmark (`data-verify-ms`).
    // Tenths of a millisecond as integers: float formatting would add its code to the wasm.
    let tenths = ((now_ms() - started) * 10.0).round().max(0.0) as u64;
    let _ = widget.ui.host.set_attribute(
        "data-verify-ms",
        &format!("{}.{}", tenths / 10, tenths % 10),
    );
    let mut outcome = verified?;
    if let Some((code, line1)) = outcome.postal_lookup.take() {
        outcome.values.postal_code = postal_code(&widget.server, &code, &line1).await;
    }
    let presentation = Presentation {
        session_id: session.session_id.clone(),
        protocol: answer.protocol.clone(),
        device_response: outcome.device_response_b64.clone(),
        response: answer.data.clone(),
    };
    Ok((outcome, presentation))
}

/// `performance.now()` in milliseconds (0 when unavailable).
fn now_ms() -> f64 {
    let Some(window) = web_sys::window() else {
        return 0.0;
    };
    js_sys::Reflect::get(&window, &JsValue::from_str("performance"))
        .ok()
        .and_then(|performance| {
            let now = js_sys::Reflect::get(&performance, &JsValue::from_str("now")).ok()?;
            now.dyn_into::<js_sys::Function>()
                .ok()?
                .call0(&performance)
                .ok()?
                .as_f64()
        })
        .unwrap_or(0.0)
}

/// The server's postal-code lookup (the widget carries no postal table); `None` when not unique or failing.
async fn postal_code(server: &str, local_gov_code: &str, address_line1: &str) -> Option<String> {
    let encode = |text: &str| String::from(js_sys::encode_uri_component(text));
    let url = format!(
        "{server}/postal-code?local_gov_code={}&address_line1={}",
        encode(local_gov_code),
        encode(address_line1)
    );
    let answer = http::get_json(&url).await.ok()?;
    answer
        .get("postal_code")?
        .as_str()
        .filter(|c| c.len() == 7)
        .map(str::to_owned)
}

/// `<script … data-demo-wallet>` on the loader's script tag, or `<html data-mynaform-demo-wallet>`.
fn page_wants_demo_wallet() -> bool {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return false;
    };
    document
        .query_selector("script[data-demo-wallet]")
        .ok()
        .flatten()
        .is_some()
        || document
            .document_element()
            .is_some_and(|e| e.has_attribute("data-mynaform-demo-wallet"))
}

thread_local! {
    static TRUST_ANCHORS: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// The server's trust anchors as PEM (fetched once per page): the JSON answer of `/trust-anchors`, every
/// certificate PEM found in it.
async fn trust_anchors(server: &str) -> Result<String, WidgetError> {
    if let Some(cached) = TRUST_ANCHORS.with(|c| c.borrow().clone()) {
        return Ok(cached);
    }
    let answer = http::get_json(&format!("{server}/trust-anchors")).await?;
    let mut pem = String::new();
    collect_pem(&answer, &mut pem);
    if pem.is_empty() {
        return Err(WidgetError::ServerResponse);
    }
    TRUST_ANCHORS.with(|c| *c.borrow_mut() = Some(pem.clone()));
    Ok(pem)
}

fn collect_pem(value: &serde_json::Value, out: &mut String) {
    match value {
        serde_json::Value::String(text) if text.contains("-----BEGIN CERTIFICATE-----") => {
            out.push_str(text);
            out.push('\n');
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_pem(v, out)),
        serde_json::Value::Object(map) => map.values().for_each(|v| collect_pem(v, out)),
        _ => {}
    }
}

fn finish_filled(
    widget: &Widget,
    preset: Preset,
    outcome: &VerifiedOutcome,
    presentation: &Presentation,
) {
    let lang = widget.lang();
    let debug = widget.has("debug");
    let mut filled = 0;
    if let Some(form) = widget.form() {
        let fields = form::scan(&form);
        let plans = form::plan_all(&fields, &outcome.values);
        let overwrite = form::conflicts(&plans) == 0
            || web_sys::window()
                .and_then(|w| {
                    w.confirm_with_message(Text::ConfirmOverwrite.get(lang))
                        .ok()
                })
                .unwrap_or(false);
        filled = form::apply(&plans, overwrite);
        if debug {
            form::mark_debug(&fields);
        }
        if let Ok(json) = serde_json::to_string(presentation) {
            form::set_presentation(&form, &json);
        }
    }
    let portrait_url = outcome
        .portrait_jpeg
        .as_deref()
        .map(|jpeg| format!("data:image/jpeg;base64,{}", Base64::encode_string(jpeg)));
    let _ = widget.ui.show_summary(
        &outcome.summary,
        &outcome.issuer,
        portrait_url.as_deref(),
        lang,
    );
    widget.ui.set_state(WidgetState::Filled, lang, None);
    let _ = widget
        .ui
        .host
        .set_attribute("data-filled-count", &filled.to_string());
    let mut detail = serde_json::json!({
        "preset": preset.as_str(),
        "claims": outcome.claims,
        "issuer": outcome.issuer,
        "filled_fields": filled,
        "presentation": presentation,
    });
    if let (Some(url), Some(map)) = (portrait_url, detail.as_object_mut()) {
        map.insert("portrait".into(), serde_json::Value::String(url));
    }
    dispatch(&widget.ui.host, "mynaform:filled", &detail);
}

fn show_error(widget: &Widget, error: &WidgetError) {
    let lang = widget.lang();
    let message = error_message(error, lang);
    let (state, event) = match error {
        WidgetError::Cancelled => (WidgetState::Cancelled, "mynaform:cancelled"),
        WidgetError::Unsupported(_) => (WidgetState::Unsupported, "mynaform:error"),
        _ => (WidgetState::Error, "mynaform:error"),
    };
    widget.ui.set_state(state, lang, Some(&message));
    if state == WidgetState::Error {
        let _ = widget.ui.host.set_attribute("data-error", &error.code());
    }
    let mut detail = serde_json::json!({ "code": error.code(), "message": message });
    // Why the browser cannot ask a wallet, as a code the page can act on (`data-reason` on the host).
    if let (WidgetError::Unsupported(reason), Some(map)) = (error, detail.as_object_mut()) {
        let _ = widget.ui.host.set_attribute("data-reason", reason);
        map.insert("reason".into(), (*reason).into());
    }
    dispatch(&widget.ui.host, event, &detail);
}

/// Fires a bubbling, composed CustomEvent with a JSON detail.
fn dispatch(host: &HtmlElement, name: &str, detail: &serde_json::Value) {
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    if let Ok(detail) = dc_api::json_to_js(detail) {
        init.set_detail(&detail);
    }
    if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = host.dispatch_event(&event);
    }
}
