//! The demo wallet (issue 7 item 2): only when the server runs in demo mode (its demo-wallet endpoint
//! answers) and the browser has no wallet, or the page opts in with `data-demo-wallet`. A clearly labelled
//! simulated phone sheet lists 送信する情報 and answers through `POST {server}/demo-wallet/respond`, which
//! uses the test wallet; the widget then decrypts and verifies exactly as for a real wallet.

use std::cell::RefCell;
use std::rc::Rc;

use futures_channel::oneshot;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use super::dc_api::WalletAnswer;
use super::http;
use super::ui::Ui;
use crate::error::WidgetError;
use crate::messages::{Lang, Preset, Text};
use crate::session::ProtocolRequest;

/// A fictitious person of the demo wallet.
pub struct DemoPerson {
    /// Id for `person`.
    pub id: String,
    /// Shown name.
    pub name: String,
}

/// The demo wallet's people when the server offers it (demo mode only), else `None`.
pub async fn available(server: &str) -> Option<Vec<DemoPerson>> {
    let answer = http::get_json(&format!("{server}/demo-wallet/people"))
        .await
        .ok()?;
    let people = answer.get("people")?.as_array()?;
    Some(
        people
            .iter()
            .filter_map(|p| {
                Some(DemoPerson {
                    id: p.get("id")?.as_str()?.to_owned(),
                    name: p.get("full_name")?.as_str()?.to_owned(),
                })
            })
            .collect(),
    )
}

/// Shows the sheet; on 許諾 asks the server's demo wallet, on キャンセル (or Escape) fails as cancelled.
pub async fn ask(
    ui: &Ui,
    server: &str,
    session_id: &str,
    request: &ProtocolRequest,
    people: &[DemoPerson],
    preset: Preset,
    lang: Lang,
) -> Result<WalletAnswer, WidgetError> {
    let consent =
        show_sheet(ui, people, preset, lang).map_err(|_| WidgetError::Unsupported("no_dc_api"))?;
    let Ok(Some(person)) = consent.await else {
        return Err(WidgetError::Cancelled);
    };
    let body = serde_json::json!({
        "request": { "protocol": request.protocol, "data": request.data },
        "session_id": session_id,
        "person": person,
    });
    let answer = http::post_json(
        &format!("{server}/demo-wallet/respond"),
        &body.to_string(),
        None,
    )
    .await?;
    let protocol = answer
        .get("protocol")
        .and_then(|p| p.as_str())
        .ok_or(WidgetError::WalletResponse)?
        .to_owned();
    let data = answer
        .get("data")
        .cloned()
        .ok_or(WidgetError::WalletResponse)?;
    Ok(WalletAnswer { protocol, data })
}

/// Resolves with the chosen person's id on 許諾, `None` on キャンセル.
fn show_sheet(
    ui: &Ui,
    people: &[DemoPerson],
    preset: Preset,
    lang: Lang,
) -> Result<oneshot::Receiver<Option<String>>, JsValue> {
    let backdrop = ui.element("div", "sheet-backdrop", "")?;
    let sheet = ui.element("div", "sheet", "")?;
    sheet.set_attribute("role", "dialog")?;
    sheet.set_attribute("aria-modal", "true")?;
    sheet.set_attribute("aria-labelledby", "mynaform-demo-title")?;
    sheet.set_attribute("part", "demo-wallet")?;
    let label = ui.element("span", "demo-label", Text::DemoWalletTitle.get(lang))?;
    let title = ui.element("h2", "", Text::WillSend.get(lang))?;
    title.set_id("mynaform-demo-title");
    let list = ui.element("ul", "", "")?;
    for item in preset.items() {
        let entry = ui.element("li", "", item.label(lang))?;
        list.append_child(&entry)?;
    }
    let purpose = ui.element("p", "", preset.purpose(lang))?;
    let chooser = ui.element(
        "label",
        "person",
        if lang == Lang::Ja {
            "提示する人物（架空）: "
        } else {
            "Person (fictitious): "
        },
    )?;
    let select = ui.element("select", "", "")?;
    select.set_attribute("data-role", "person")?;
    for person in people {
        let option = ui.element("option", "", &person.name)?;
        option.set_attribute("value", &person.id)?;
        select.append_child(&option)?;
    }
    chooser.append_child(&select)?;
    let note = ui.element("p", "note", Text::DemoWalletNote.get(lang))?;
    let actions = ui.element("div", "actions", "")?;
    let cancel = ui.element("button", "secondary", Text::Cancel.get(lang))?;
    cancel.set_attribute("type", "button")?;
    cancel.set_attribute("data-action", "cancel")?;
    let allow = ui.element("button", "", Text::Consent.get(lang))?;
    allow.set_attribute("type", "button")?;
    allow.set_attribute("data-action", "allow")?;
    actions.append_child(&cancel)?;
    actions.append_child(&allow)?;
    for child in [&label, &title, &list, &purpose, &chooser, &note, &actions] {
        sheet.append_child(child)?;
    }
    backdrop.append_child(&sheet)?;
    ui.root.append_child(&backdrop)?;
    Ui::focus(&allow);

    let (sender, receiver) = oneshot::channel::<Option<String>>();
    let sender = Rc::new(RefCell::new(Some(sender)));
    // Keyboard: Tab cycles inside the dialog (select → キャンセル → 許諾), Escape cancels; focus returns to
    // the widget's button when the sheet closes.
    let focusable = [select.clone(), cancel.clone(), allow.clone()];
    let finish = {
        let backdrop = backdrop.clone();
        let opener = ui.button.clone();
        move |allowed: bool, sender: &Rc<RefCell<Option<oneshot::Sender<Option<String>>>>>| {
            let person = select
                .dyn_ref::<web_sys::HtmlSelectElement>()
                .map(|s| s.value())
                .unwrap_or_default();
            backdrop.remove();
            Ui::focus(&opener);
            if let Some(sender) = sender.borrow_mut().take() {
                let _ = sender.send(allowed.then_some(person));
            }
        }
    };
    let on_click = {
        let sender = sender.clone();
        let finish = finish.clone();
        Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
            let action = event
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|e| e.get_attribute("data-action"));
            match action.as_deref() {
                Some("allow") => finish(true, &sender),
                Some("cancel") => finish(false, &sender),
                _ => {}
            }
        })
    };
    backdrop.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref())?;
    on_click.forget();
    let on_key =
        Closure::<dyn FnMut(web_sys::KeyboardEvent)>::new(move |event: web_sys::KeyboardEvent| {
            match event.key().as_str() {
                "Escape" => finish(false, &sender),
                "Tab" => {
                    event.prevent_default();
                    let active = focusable
                        .iter()
                        .position(|e| e.matches(":focus").unwrap_or(false));
                    let count = focusable.len();
                    let next = match (active, event.shift_key()) {
                        (Some(i), false) => (i + 1) % count,
                        (Some(i), true) => (i + count - 1) % count,
                        (None, _) => 0,
                    };
                    if let Some(element) = focusable.get(next) {
                        Ui::focus(element);
                    }
                }
                _ => {}
            }
        });
    backdrop.add_event_listener_with_callback("keydown", on_key.as_ref().unchecked_ref())?;
    on_key.forget();
    Ok(receiver)
}
