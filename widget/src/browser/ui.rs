//! The shadow DOM of `<mynaform-button>`: button, 送信する情報 preview, live status region, spinner while in
//! flight, summary with 検証済み badges, and the demo wallet sheet. Text is set with `textContent` only.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, HtmlElement, ShadowRoot};

use crate::messages::{Lang, Preset, Text, status_message};
use crate::presentation::SummaryLine;
use crate::state::WidgetState;

const STYLE: &str = include_str!("../../widget.css");

/// Handles to the parts of one widget's shadow root.
pub struct Ui {
    /// The custom element.
    pub host: HtmlElement,
    /// Its shadow root.
    pub root: ShadowRoot,
    /// `<button part="button">`.
    pub button: Element,
    /// `<div role="status" part="status">`.
    pub status: Element,
    /// Preview of what is requested.
    pub preview: Element,
    /// Summary after filling.
    pub summary: Element,
    document: Document,
}

impl Ui {
    /// Builds the shadow root (open) of a host.
    pub fn build(host: &HtmlElement) -> Result<Self, JsValue> {
        let document = host
            .owner_document()
            .ok_or_else(|| JsValue::from_str("no document"))?;
        let root = match host.shadow_root() {
            Some(root) => {
                root.set_inner_html("");
                root
            }
            None => {
                host.attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))?
            }
        };
        adopt_style(&root, &document)?;
        let wrapper = document.create_element("div")?;
        wrapper.set_class_name("mynaform");
        let button = document.create_element("button")?;
        button.set_attribute("part", "button")?;
        button.set_attribute("type", "button")?;
        let preview = document.create_element("div")?;
        preview.set_class_name("preview");
        preview.set_attribute("part", "preview")?;
        preview.set_id("mynaform-preview");
        let status = document.create_element("div")?;
        status.set_attribute("role", "status")?;
        status.set_attribute("part", "status")?;
        status.set_attribute("aria-live", "polite")?;
        status.set_class_name("status");
        let summary = document.create_element("div")?;
        summary.set_class_name("summary");
        summary.set_attribute("part", "summary")?;
        summary.set_attribute("hidden", "")?;
        wrapper.append_child(&button)?;
        wrapper.append_child(&preview)?;
        wrapper.append_child(&status)?;
        wrapper.append_child(&summary)?;
        root.append_child(&wrapper)?;
        // The button's description is what will be sent (shadow-local id reference).
        button.set_attribute("aria-describedby", "mynaform-preview")?;
        Ok(Self {
            host: host.clone(),
            root,
            button,
            status,
            preview,
            summary,
            document,
        })
    }

    /// Creates an element with a class and text.
    pub fn element(&self, tag: &str, class: &str, text: &str) -> Result<Element, JsValue> {
        let element = self.document.create_element(tag)?;
        if !class.is_empty() {
            element.set_class_name(class);
        }
        if !text.is_empty() {
            element.set_text_content(Some(text));
        }
        Ok(element)
    }

    /// Shows the 送信する情報 preview of a preset.
    pub fn show_preview(&self, preset: Preset, lang: Lang) -> Result<(), JsValue> {
        self.preview.set_text_content(None);
        let heading = self.element("span", "preview-title", Text::WillSend.get(lang))?;
        let items: Vec<&str> = preset.items().iter().map(|i| i.label(lang)).collect();
        let list = self.element("span", "preview-items", &items.join(lang_separator(lang)))?;
        let purpose = self.element("span", "preview-purpose", preset.purpose(lang))?;
        self.preview.append_child(&heading)?;
        self.preview.append_child(&list)?;
        self.preview.append_child(&purpose)?;
        Ok(())
    }

    /// Switches state: `data-state`, `aria-busy`, spinner, button text, status text (`message` overrides the
    /// state's default).
    pub fn set_state(&self, state: WidgetState, lang: Lang, message: Option<&str>) {
        let _ = self.host.set_attribute("data-state", state.as_str());
        if state != WidgetState::Error {
            let _ = self.host.remove_attribute("data-error");
        }
        if state != WidgetState::Unsupported {
            let _ = self.host.remove_attribute("data-reason");
        }
        if state.is_busy() {
            let _ = self.host.set_attribute("aria-busy", "true");
            self.button
                .set_text_content(Some(Text::CancelButton.get(lang)));
        } else {
            let _ = self.host.remove_attribute("aria-busy");
            self.button.set_text_content(Some(Text::Button.get(lang)));
        }
        let spinner = self.root.query_selector(".spinner").ok().flatten();
        match (state.is_busy(), spinner) {
            (true, None) => {
                if let Ok(spinner) = self.element("span", "spinner", "") {
                    let _ = spinner.set_attribute("aria-hidden", "true");
                    let _ = self
                        .status
                        .parent_node()
                        .map(|p| p.insert_before(&spinner, Some(&self.status)));
                }
            }
            (false, Some(spinner)) => spinner.remove(),
            _ => {}
        }
        self.status
            .set_text_content(Some(message.unwrap_or_else(|| status_message(state, lang))));
        if state.is_busy() || state == WidgetState::Idle {
            let _ = self.summary.set_attribute("hidden", "");
        }
    }

    /// Shows the summary with 検証済み badges and the issuer.
    pub fn show_summary(
        &self,
        lines: &[SummaryLine],
        issuer: &str,
        portrait_url: Option<&str>,
        lang: Lang,
    ) -> Result<(), JsValue> {
        self.summary.set_text_content(None);
        let list = self.element("dl", "summary-list", "")?;
        for line in lines {
            let term = self.element("dt", "", item_label(line.item, lang))?;
            let value = self.element("dd", "", &line.shown)?;
            let badge = self.element("span", "badge", Text::VerifiedBadge.get(lang))?;
            value.append_child(&badge)?;
            list.append_child(&term)?;
            list.append_child(&value)?;
        }
        if let Some(url) = portrait_url {
            let img = self.element("img", "portrait", "")?;
            img.set_attribute("src", url)?;
            img.set_attribute(
                "alt",
                if lang == Lang::Ja {
                    "顔写真"
                } else {
                    "Portrait"
                },
            )?;
            img.set_attribute("part", "portrait")?;
            self.summary.append_child(&img)?;
        }
        self.summary.append_child(&list)?;
        let issuer_line = self.element(
            "p",
            "issuer",
            &format!("{}: {issuer}", Text::Issuer.get(lang)),
        )?;
        self.summary.append_child(&issuer_line)?;
        self.summary.remove_attribute("hidden")?;
        Ok(())
    }

    /// Focuses an element of the shadow root.
    pub fn focus(element: &Element) {
        if let Some(html) = element.dyn_ref::<HtmlElement>() {
            let _ = html.focus();
        }
    }
}

fn lang_separator(lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => "・",
        Lang::En => ", ",
    }
}

/// Label of a summary item key.
pub fn item_label(item: &str, lang: Lang) -> &'static str {
    let ja = lang == Lang::Ja;
    match (item, ja) {
        ("name", true) => "氏名",
        ("name", false) => "Name",
        ("birth_date", true) => "生年月日",
        ("birth_date", false) => "Date of birth",
        ("sex", true) => "性別",
        ("sex", false) => "Sex",
        ("address", true) => "住所",
        ("address", false) => "Address",
        ("my_number", true) => "個人番号",
        ("my_number", false) => "My Number",
        ("age_over_18", true) => "18歳以上",
        ("age_over_18", false) => "18 or older",
        ("age_over_20", true) => "20歳以上",
        ("age_over_20", false) => "20 or older",
        ("portrait", true) => "顔写真",
        ("portrait", false) => "Portrait",
        (_, true) => "その他",
        (_, false) => "Other",
    }
}

/// Styles through a constructed stylesheet: not subject to a page CSP without `style-src 'unsafe-inline'`.
fn adopt_style(root: &ShadowRoot, document: &Document) -> Result<(), JsValue> {
    let sheet = web_sys::CssStyleSheet::new();
    if let Ok(sheet) = sheet {
        let replace = js_sys::Reflect::get(&sheet, &JsValue::from_str("replaceSync"))?;
        if let Ok(replace) = replace.dyn_into::<js_sys::Function>() {
            replace.call1(&sheet, &JsValue::from_str(STYLE))?;
            let sheets = js_sys::Array::of1(&sheet);
            js_sys::Reflect::set(root, &JsValue::from_str("adoptedStyleSheets"), &sheets)?;
            return Ok(());
        }
    }
    // Older browsers: a <style> element.
    let style = document.create_element("style")?;
    style.set_text_content(Some(STYLE));
    root.append_child(&style)?;
    Ok(())
}
