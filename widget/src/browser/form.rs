//! Reading form controls into [`FieldDescriptor`]s and applying [`FillAction`]s so that frameworks see the
//! change: the native `value` setter of the element's prototype (React tracks the instance property), then
//! bubbling `input` and `change` events (Vue's v-model listens to those); radios and checkboxes are clicked.

use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{
    Element, HtmlElement, HtmlFormElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement,
};

use crate::fields::{
    ControlTag, Detection, FieldDescriptor, FieldKind, SelectOption, detect, resolve_form,
};
use crate::fill::{FillAction, FormContext, needs_confirmation, plan};
use crate::values::FormValues;

/// One detected control of the form.
pub struct DetectedField {
    /// The element.
    pub element: Element,
    /// Its description.
    pub descriptor: FieldDescriptor,
    /// What it receives and why.
    pub detection: Detection,
}

/// Detects every fillable control of a form.
pub fn scan(form: &HtmlFormElement) -> Vec<DetectedField> {
    let elements = form.elements();
    let mut controls = Vec::new();
    for index in 0..elements.length() {
        let Some(element) = elements.item(index) else {
            continue;
        };
        if let Some(descriptor) = describe(&element) {
            controls.push((element, descriptor));
        }
    }
    let mut detections: Vec<Option<Detection>> = controls.iter().map(|(_, d)| detect(d)).collect();
    resolve_form(&mut detections);
    controls
        .into_iter()
        .zip(detections)
        .filter_map(|((element, descriptor), detection)| {
            Some(DetectedField {
                element,
                descriptor,
                detection: detection?,
            })
        })
        .collect()
}

/// Describes an input, select or textarea; `None` for anything else (buttons, fieldsets, outputs).
pub fn describe(element: &Element) -> Option<FieldDescriptor> {
    let attr = |name: &str| element.get_attribute(name);
    let mut descriptor = FieldDescriptor {
        data_mynaform: attr("data-mynaform"),
        autocomplete: attr("autocomplete"),
        classes: element
            .class_name()
            .split_ascii_whitespace()
            .map(str::to_owned)
            .collect(),
        name: attr("name").unwrap_or_default(),
        id: element.id(),
        placeholder: attr("placeholder").unwrap_or_default(),
        pattern: attr("pattern"),
        inputmode: attr("inputmode"),
        maxlength: attr("maxlength").and_then(|m| m.trim().parse().ok()),
        ..Default::default()
    };
    if let Some(input) = element.dyn_ref::<HtmlInputElement>() {
        descriptor.tag = ControlTag::Input;
        descriptor.input_type = input.type_().to_ascii_lowercase();
        descriptor.value = input.value();
        let own = input.labels().map(labels_text).unwrap_or_default();
        if matches!(descriptor.input_type.as_str(), "radio" | "checkbox") {
            // The group's label is the fieldset legend (or the group's aria-label); the radio's own label
            // says which choice it is.
            descriptor.choice_label = own;
            descriptor.label = group_label(element).unwrap_or_default();
        } else {
            descriptor.label = own;
        }
    } else if let Some(select) = element.dyn_ref::<HtmlSelectElement>() {
        descriptor.tag = ControlTag::Select;
        descriptor.input_type = "select".into();
        descriptor.label = labels_text(select.labels());
        let options = select.options();
        for i in 0..options.length() {
            if let Some(option) = options
                .item(i)
                .and_then(|o| o.dyn_into::<web_sys::HtmlOptionElement>().ok())
            {
                descriptor.options.push(SelectOption {
                    value: option.value(),
                    text: option.text(),
                });
            }
        }
    } else if let Some(textarea) = element.dyn_ref::<HtmlTextAreaElement>() {
        descriptor.tag = ControlTag::Textarea;
        descriptor.input_type = "textarea".into();
        descriptor.label = labels_text(textarea.labels());
    } else {
        return None;
    }
    if descriptor.label.trim().is_empty() {
        descriptor.label = aria_label(element)
            .or_else(|| group_label(element))
            .or_else(|| layout_label(element))
            .unwrap_or_default();
    }
    if !matches!(descriptor.input_type.as_str(), "radio" | "checkbox") {
        descriptor.group_label = group_label(element)
            .filter(|group| *group != descriptor.label)
            .unwrap_or_default();
    }
    Some(descriptor)
}

fn labels_text(labels: web_sys::NodeList) -> String {
    let mut text = String::new();
    for i in 0..labels.length() {
        if let Some(label) = labels.item(i) {
            text.push_str(&label.text_content().unwrap_or_default());
            text.push(' ');
        }
    }
    text.trim().to_owned()
}

fn aria_label(element: &Element) -> Option<String> {
    if let Some(label) = element.get_attribute("aria-label") {
        return Some(label);
    }
    let ids = element.get_attribute("aria-labelledby")?;
    let document = element.owner_document()?;
    let text: Vec<String> = ids
        .split_ascii_whitespace()
        .filter_map(|id| document.get_element_by_id(id))
        .filter_map(|e| e.text_content())
        .collect();
    Some(text.join(" "))
}

/// The legend of the enclosing fieldset, or the label of an enclosing `role=group`/`radiogroup`.
fn group_label(element: &Element) -> Option<String> {
    let group = element
        .closest("fieldset, [role=radiogroup], [role=group]")
        .ok()
        .flatten()?;
    if let Some(legend) = group.query_selector("legend").ok().flatten() {
        return legend.text_content();
    }
    aria_label(&group)
}

/// The header cell of the control's table row (`<tr><th>氏名</th><td><input>`) or the `<dt>` before its
/// `<dd>`: legacy forms label fields by layout, without `<label>`.
fn layout_label(element: &Element) -> Option<String> {
    if let Some(cell) = element.closest("td").ok().flatten() {
        let header = cell
            .parent_element()
            .and_then(|row| row.query_selector(":scope > th").ok().flatten());
        if let Some(header) = header {
            return header.text_content();
        }
    }
    let mut previous = element
        .closest("dd")
        .ok()
        .flatten()?
        .previous_element_sibling();
    while let Some(sibling) = previous {
        if sibling.tag_name().eq_ignore_ascii_case("dt") {
            return sibling.text_content();
        }
        previous = sibling.previous_element_sibling();
    }
    None
}

/// Whether the form has a 元号 field (year fields then take the year in era).
pub fn context(fields: &[DetectedField]) -> FormContext {
    FormContext {
        has_era_field: fields
            .iter()
            .any(|f| f.detection.kind == FieldKind::BirthEra),
    }
}

/// A planned change to one control.
pub struct PlannedFill<'a> {
    /// The control.
    pub field: &'a DetectedField,
    /// What to do.
    pub action: FillAction,
}

/// Plans every fill; a value without a matching control or option is skipped.
pub fn plan_all<'a>(fields: &'a [DetectedField], values: &FormValues) -> Vec<PlannedFill<'a>> {
    let context = context(fields);
    fields
        .iter()
        .filter_map(|field| {
            Some(PlannedFill {
                field,
                action: plan(field.detection.kind, &field.descriptor, values, context)?,
            })
        })
        .collect()
}

/// Fills that would overwrite what the user entered (typed text, a changed selection, another radio).
pub fn conflicts(plans: &[PlannedFill<'_>]) -> usize {
    plans.iter().filter(|p| user_edited(p)).count()
}

/// Whether applying `plan` would replace a value the user entered: the control's current value differs
/// from the page's default and from the planned one ([`needs_confirmation`]).
fn user_edited(plan: &PlannedFill<'_>) -> bool {
    edit_state(&plan.field.element, &plan.action)
        .is_some_and(|(current, default, new)| needs_confirmation(&current, &default, &new))
}

/// (current value, the page's default, the planned value) of a control, compared as strings: a text's
/// value; a select's selected option value; a radio group's checked value.
fn edit_state(element: &Element, action: &FillAction) -> Option<(String, String, String)> {
    match action {
        FillAction::SetText(new) => {
            if let Some(input) = element.dyn_ref::<HtmlInputElement>() {
                return Some((input.value(), input.default_value(), new.clone()));
            }
            element.dyn_ref::<HtmlTextAreaElement>().map(|t| {
                (
                    t.value(),
                    t.default_value().unwrap_or_default(),
                    new.clone(),
                )
            })
        }
        FillAction::SelectIndex(index) => {
            let select = element.dyn_ref::<HtmlSelectElement>()?;
            let options = select.options();
            let option_at = |i: u32| {
                options
                    .item(i)
                    .and_then(|o| o.dyn_into::<web_sys::HtmlOptionElement>().ok())
            };
            let all: Vec<web_sys::HtmlOptionElement> =
                (0..options.length()).filter_map(option_at).collect();
            // Without a `selected` attribute a single select starts on its first option.
            let default = all
                .iter()
                .find(|o| o.default_selected())
                .or_else(|| all.first())
                .map(|o| o.value())
                .unwrap_or_default();
            let new = option_at(u32::try_from(*index).ok()?)?.value();
            Some((select.value(), default, new))
        }
        FillAction::Check => {
            let input = element.dyn_ref::<HtmlInputElement>()?;
            if input.type_() != "radio" {
                return None;
            }
            let group = radio_group(input);
            let checked = group
                .iter()
                .find(|r| r.checked())
                .map(|r| r.value())
                .unwrap_or_default();
            let default = group
                .iter()
                .find(|r| r.default_checked())
                .map(|r| r.value())
                .unwrap_or_default();
            Some((checked, default, input.value()))
        }
    }
}

/// The radios of the same form sharing `input`'s name.
fn radio_group(input: &HtmlInputElement) -> Vec<HtmlInputElement> {
    let Some(form) = input.form() else {
        return vec![input.clone()];
    };
    let name = input.name();
    let elements = form.elements();
    (0..elements.length())
        .filter_map(|i| elements.item(i))
        .filter_map(|e| e.dyn_into::<HtmlInputElement>().ok())
        .filter(|r| r.type_() == "radio" && r.name() == name)
        .collect()
}

/// Applies the plans. With `overwrite` false, controls the user edited (text, selection or radio) are left
/// alone. Returns how many controls changed.
pub fn apply(plans: &[PlannedFill<'_>], overwrite: bool) -> usize {
    let mut changed = 0;
    for plan in plans {
        let element = &plan.field.element;
        if !overwrite && user_edited(plan) {
            continue;
        }
        let ok = match &plan.action {
            FillAction::SetText(text) => set_value(element, text),
            FillAction::SelectIndex(index) => select_index(element, *index),
            FillAction::Check => check(element),
        };
        if ok {
            let _ =
                element.set_attribute("data-mynaform-filled", plan.field.detection.kind.as_str());
            changed += 1;
        }
    }
    changed
}

/// Debug mode: every detected control gets `data-mynaform-rule="kind:rule"` (also as its tooltip) and an
/// outline, filled or not.
pub fn mark_debug(fields: &[DetectedField]) {
    for field in fields {
        let rule = format!(
            "{}:{}",
            field.detection.kind.as_str(),
            field.detection.rule.describe()
        );
        let _ = field.element.set_attribute("data-mynaform-rule", &rule);
        let _ = field.element.set_attribute("title", &rule);
        if let Some(html) = field.element.dyn_ref::<HtmlElement>() {
            let _ = html.style().set_property("outline", "2px dashed #0a7");
        }
    }
}

/// Sets `value` through the prototype's native setter, then fires `input` and `change`.
fn set_value(element: &Element, text: &str) -> bool {
    let class = if element.is_instance_of::<HtmlTextAreaElement>() {
        "HTMLTextAreaElement"
    } else {
        "HTMLInputElement"
    };
    let done = native_set(element, class, "value", &JsValue::from_str(text));
    if !done {
        let _ = Reflect::set(
            element,
            &JsValue::from_str("value"),
            &JsValue::from_str(text),
        );
    }
    fire(element, "input");
    fire(element, "change");
    true
}

fn select_index(element: &Element, index: usize) -> bool {
    let Some(select) = element.dyn_ref::<HtmlSelectElement>() else {
        return false;
    };
    let Ok(index) = i32::try_from(index) else {
        return false;
    };
    if select.selected_index() != index {
        let done = native_set(
            element,
            "HTMLSelectElement",
            "selectedIndex",
            &JsValue::from(index),
        );
        if !done {
            select.set_selected_index(index);
        }
    }
    fire(element, "input");
    fire(element, "change");
    true
}

/// Radios and checkboxes are clicked (not set): frameworks listen to the click, and the browser fires
/// `input`/`change` itself.
fn check(element: &Element) -> bool {
    let Some(input) = element.dyn_ref::<HtmlInputElement>() else {
        return false;
    };
    if input.type_() == "hidden" {
        return set_value(element, "1");
    }
    if !input.checked() {
        input.click();
    }
    input.checked()
}

fn native_set(element: &Element, class: &str, property: &str, value: &JsValue) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let global = |name: &str| Reflect::get(&window, &JsValue::from_str(name)).ok();
    let describe = global("Object")
        .and_then(|object| {
            Reflect::get(&object, &JsValue::from_str("getOwnPropertyDescriptor")).ok()
        })
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let prototype =
        global(class).and_then(|c| Reflect::get(&c, &JsValue::from_str("prototype")).ok());
    let setter = describe
        .zip(prototype)
        .and_then(|(describe, prototype)| {
            describe
                .call2(&JsValue::NULL, &prototype, &JsValue::from_str(property))
                .ok()
        })
        .filter(|descriptor| descriptor.is_object())
        .and_then(|descriptor| Reflect::get(&descriptor, &JsValue::from_str("set")).ok())
        .and_then(|set| set.dyn_into::<js_sys::Function>().ok());
    setter.is_some_and(|set| set.call1(element, value).is_ok())
}

fn fire(element: &Element, name: &str) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    if let Ok(event) = web_sys::Event::new_with_event_init_dict(name, &init) {
        let _ = element.dispatch_event(&event);
    }
}

/// Puts (or replaces) the hidden `mynaform_presentation` input in the form.
pub fn set_presentation(form: &HtmlFormElement, json: &str) {
    let existing = form
        .query_selector("input[name=mynaform_presentation]")
        .ok()
        .flatten();
    let input = match existing {
        Some(input) => input,
        None => {
            let Some(document) = form.owner_document() else {
                return;
            };
            let Ok(input) = document.create_element("input") else {
                return;
            };
            let _ = input.set_attribute("type", "hidden");
            let _ = input.set_attribute("name", "mynaform_presentation");
            let _ = form.append_child(&input);
            input
        }
    };
    if let Some(input) = input.dyn_ref::<HtmlInputElement>() {
        input.set_value(json);
    }
}
