//! Field detection (issue 6 item 1): which form control receives which My Number Card value.
//!
//! Rules are tried in a fixed order and the first that matches wins; the matched rule is returned so debug
//! mode can show it:
//! 1. `data-mynaform="…"` (explicit, always wins);
//! 2. the HTML `autocomplete` field name (WHATWG "autofill detail tokens": the last token counts, so
//!    `section-x shipping postal-code` works);
//! 3. the yubinbango microformat classes (`p-postal-code`, `p-region`, `p-region-id`, `p-locality`,
//!    `p-street-address`, `p-extended-address`, usually inside an `h-adr` container);
//! 4. a heuristic over the label text, `name`, `id`, `placeholder` and (for selects) the option texts,
//!    documented in [`heuristic`].
//!
//! Fields for furigana (フリガナ, カナ) are deliberately never matched: the card carries no reading.

use serde::Serialize;

/// The value a form control should receive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    /// 姓.
    FamilyName,
    /// 名.
    GivenName,
    /// 氏名 in one field.
    FullName,
    /// 生年月日 in one field (`type=date` or text).
    BirthDate,
    /// Year of birth (西暦, or the year in era when the form also has an era field).
    BirthYear,
    /// Month of birth.
    BirthMonth,
    /// Day of birth.
    BirthDay,
    /// 元号 (明治/大正/昭和/平成/令和).
    BirthEra,
    /// 性別 (radios, select or text).
    Sex,
    /// 郵便番号 (one field, or the 3- and 4-digit halves).
    PostalCode,
    /// 都道府県.
    Prefecture,
    /// 市区町村 (with ward or county).
    City,
    /// 町域 + 丁目/番地/号.
    AddressLine1,
    /// 建物名・部屋番号.
    AddressLine2,
    /// The whole address in one field.
    FullAddress,
    /// 町域 + 番地 + 建物 (autocomplete `street-address`, or a full address when the form has no
    /// prefecture/city fields).
    StreetAddress,
    /// 市区町村 + 町域 + 番地 (yubinbango `p-locality p-street-address` on one field).
    CityAndStreet,
    /// 個人番号 (12 digits).
    MyNumber,
    /// A checkbox or hidden field set when the age check passed.
    AgeVerified,
}

impl FieldKind {
    /// Parses a `data-mynaform` value.
    pub fn from_data_attribute(value: &str) -> Option<Self> {
        Some(match value.trim() {
            "family_name" => Self::FamilyName,
            "given_name" => Self::GivenName,
            "full_name" => Self::FullName,
            "birth_date" => Self::BirthDate,
            "birth_year" => Self::BirthYear,
            "birth_month" => Self::BirthMonth,
            "birth_day" => Self::BirthDay,
            "birth_era" => Self::BirthEra,
            "sex" => Self::Sex,
            "postal_code" => Self::PostalCode,
            "prefecture" => Self::Prefecture,
            "city" => Self::City,
            "address_line1" => Self::AddressLine1,
            "address_line2" => Self::AddressLine2,
            "full_address" => Self::FullAddress,
            "my_number" => Self::MyNumber,
            "age_verified" => Self::AgeVerified,
            _ => return None,
        })
    }

    /// The name used in debug output and in the `data-mynaform-filled` attribute.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::FamilyName => "family_name",
            Self::GivenName => "given_name",
            Self::FullName => "full_name",
            Self::BirthDate => "birth_date",
            Self::BirthYear => "birth_year",
            Self::BirthMonth => "birth_month",
            Self::BirthDay => "birth_day",
            Self::BirthEra => "birth_era",
            Self::Sex => "sex",
            Self::PostalCode => "postal_code",
            Self::Prefecture => "prefecture",
            Self::City => "city",
            Self::AddressLine1 => "address_line1",
            Self::AddressLine2 => "address_line2",
            Self::FullAddress => "full_address",
            Self::StreetAddress => "street_address",
            Self::CityAndStreet => "city_and_street",
            Self::MyNumber => "my_number",
            Self::AgeVerified => "age_verified",
        }
    }
}

/// The kind of form control.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ControlTag {
    /// `<input>`.
    #[default]
    Input,
    /// `<select>`.
    Select,
    /// `<textarea>`.
    Textarea,
}

/// One `<option>` of a select: its value and visible text.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct SelectOption {
    /// The `value` attribute (or the text when absent, as the DOM reports it).
    pub value: String,
    /// The visible text.
    pub text: String,
}

/// What detection and filling need to know about a form control; built from the DOM by the browser side,
/// by hand in tests.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct FieldDescriptor {
    /// Element kind.
    pub tag: ControlTag,
    /// `type` attribute, lower-cased (`text` when absent).
    pub input_type: String,
    /// `data-mynaform` attribute.
    pub data_mynaform: Option<String>,
    /// `autocomplete` attribute.
    pub autocomplete: Option<String>,
    /// Class list of the control.
    pub classes: Vec<String>,
    /// `name` attribute.
    pub name: String,
    /// `id` attribute.
    pub id: String,
    /// Label text: `<label for>`, wrapping `<label>`, `aria-label`, `aria-labelledby`, or the legend of
    /// the enclosing fieldset (radios).
    pub label: String,
    /// `placeholder` attribute.
    pub placeholder: String,
    /// `pattern` attribute.
    pub pattern: Option<String>,
    /// `inputmode` attribute.
    pub inputmode: Option<String>,
    /// `maxlength` attribute when set.
    pub maxlength: Option<u32>,
    /// Options of a select.
    pub options: Vec<SelectOption>,
    /// For radios and checkboxes: the `value` attribute.
    pub value: String,
    /// For radios and checkboxes: the control's own label (which choice it is); `label` is then the group's.
    pub choice_label: String,
    /// The label of the enclosing fieldset (legend) or `role=group`, when the control has a label of its own.
    /// Only the birth-date rule reads it: a select labelled just 元号 inside a group labelled 生年月日.
    pub group_label: String,
}

/// Which rule matched a field (shown in debug mode).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "rule", content = "detail", rename_all = "snake_case")]
pub enum MatchRule {
    /// `data-mynaform` attribute.
    DataAttribute,
    /// An `autocomplete` token (the token).
    Autocomplete(String),
    /// A yubinbango microformat class (the class).
    Microformat(String),
    /// The heuristic, with the keyword that matched.
    Heuristic(String),
}

impl MatchRule {
    /// Short human-readable form, e.g. `autocomplete=bday-year`.
    pub fn describe(&self) -> String {
        match self {
            Self::DataAttribute => "data-mynaform".to_owned(),
            Self::Autocomplete(token) => format!("autocomplete={token}"),
            Self::Microformat(class) => format!("class={class}"),
            Self::Heuristic(keyword) => format!("heuristic:{keyword}"),
        }
    }
}

/// A detected field: what it receives and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Detection {
    /// What the field receives.
    pub kind: FieldKind,
    /// The rule that matched.
    pub rule: MatchRule,
}

/// Detects what a control should receive, trying the rules in the documented order.
pub fn detect(field: &FieldDescriptor) -> Option<Detection> {
    if let Some(kind) = field
        .data_mynaform
        .as_deref()
        .and_then(FieldKind::from_data_attribute)
    {
        return Some(Detection {
            kind,
            rule: MatchRule::DataAttribute,
        });
    }
    if !is_fillable_control(field) {
        return None;
    }
    autocomplete(field)
        .or_else(|| microformat(field))
        .or_else(|| heuristic(field))
}

/// Controls that implicit rules may fill: no buttons, files, passwords or hidden inputs (those need an
/// explicit `data-mynaform`).
fn is_fillable_control(field: &FieldDescriptor) -> bool {
    match field.tag {
        ControlTag::Select | ControlTag::Textarea => true,
        ControlTag::Input => matches!(
            field.input_type.as_str(),
            "" | "text" | "search" | "tel" | "number" | "date" | "radio"
        ),
    }
}

fn autocomplete(field: &FieldDescriptor) -> Option<Detection> {
    let token = field
        .autocomplete
        .as_deref()?
        .split_ascii_whitespace()
        .last()?
        .to_ascii_lowercase();
    let kind = match token.as_str() {
        "name" => FieldKind::FullName,
        "family-name" => FieldKind::FamilyName,
        "given-name" => FieldKind::GivenName,
        "bday" => FieldKind::BirthDate,
        "bday-year" => FieldKind::BirthYear,
        "bday-month" => FieldKind::BirthMonth,
        "bday-day" => FieldKind::BirthDay,
        "sex" => FieldKind::Sex,
        "postal-code" => FieldKind::PostalCode,
        "address-level1" => FieldKind::Prefecture,
        "address-level2" => FieldKind::City,
        "address-line1" => FieldKind::AddressLine1,
        "address-line2" => FieldKind::AddressLine2,
        "street-address" => FieldKind::StreetAddress,
        _ => return None,
    };
    Some(Detection {
        kind,
        rule: MatchRule::Autocomplete(token),
    })
}

fn microformat(field: &FieldDescriptor) -> Option<Detection> {
    let has = |class: &str| field.classes.iter().any(|c| c == class);
    let region = has("p-region") || has("p-region-id");
    let locality = has("p-locality");
    let street = has("p-street-address");
    let (kind, class) = if region && (locality || street) {
        (FieldKind::FullAddress, "p-region")
    } else if locality && street {
        (FieldKind::CityAndStreet, "p-locality")
    } else if has("p-postal-code") {
        (FieldKind::PostalCode, "p-postal-code")
    } else if has("p-region-id") {
        (FieldKind::Prefecture, "p-region-id")
    } else if region {
        (FieldKind::Prefecture, "p-region")
    } else if locality {
        (FieldKind::City, "p-locality")
    } else if street {
        (FieldKind::AddressLine1, "p-street-address")
    } else if has("p-extended-address") {
        (FieldKind::AddressLine2, "p-extended-address")
    } else {
        return None;
    };
    Some(Detection {
        kind,
        rule: MatchRule::Microformat(class.to_owned()),
    })
}

/// The heuristic (rule 4). Label keywords are Japanese; `name`/`id` keywords are the usual ASCII ones.
/// Checked in this order so that longer, more specific words win over words they contain:
/// furigana (never filled) → 個人番号/マイナンバー → 郵便番号 → 生年月日 and its parts (元号/年/月/日, also
/// recognised from a select's options) → 性別 → 都道府県 → 市区町村 → 建物 → 番地 → 住所 → 氏名 (or one part of it,
/// `お名前（姓）`) → 姓 → 名.
pub fn heuristic(field: &FieldDescriptor) -> Option<Detection> {
    let label = core_label(&field.label);
    let ident = format!("{} {}", field.name, field.id).to_ascii_lowercase();
    let text = format!("{label} {}", field.placeholder);
    let hit = |kind: FieldKind, keyword: &str| {
        Some(Detection {
            kind,
            rule: MatchRule::Heuristic(keyword.to_owned()),
        })
    };
    let label_has = |words: &[&'static str]| words.iter().copied().find(|w| text.contains(w));
    let ident_has = |words: &[&'static str]| words.iter().copied().find(|w| ident.contains(w));

    // セイ/メイ are the katakana readings of 姓/名: a bare label or one in brackets, `お名前（セイ）`.
    let reading_part = ["セイ", "メイ"].iter().any(|w| {
        label == *w
            || [("（", "）"), ("(", ")")]
                .iter()
                .any(|(open, close)| label.contains(&format!("{open}{w}{close}")))
    });
    if reading_part
        || label_has(&["フリガナ", "ふりがな", "カナ", "かな", "ヨミ", "よみ"]).is_some()
        || ident_has(&["kana", "furigana", "yomi", "reading"]).is_some()
    {
        return None;
    }
    if let Some(w) = label_has(&["個人番号", "マイナンバー"])
        .or_else(|| ident_has(&["my_number", "mynumber", "kojin"]))
    {
        return hit(FieldKind::MyNumber, w);
    }
    if let Some(w) = label_has(&["郵便番号", "〒"])
        .or_else(|| ident_has(&["postal", "postcode", "zip", "yubin"]))
    {
        return hit(FieldKind::PostalCode, w);
    }
    if let Some(detection) = birth_heuristic(field, &text, &ident) {
        return Some(detection);
    }
    if let Some(w) = label_has(&["性別"]).or_else(|| ident_has(&["gender", "sex"])) {
        return hit(FieldKind::Sex, w);
    }
    if let Some(w) = label_has(&["都道府県"]).or_else(|| ident_has(&["pref", "region"])) {
        return hit(FieldKind::Prefecture, w);
    }
    if let Some(w) = label_has(&["市区町村", "市町村"])
        .or_else(|| ident_has(&["city", "municipality", "locality"]))
    {
        return hit(FieldKind::City, w);
    }
    if let Some(w) = label_has(&["建物", "マンション", "部屋番号"])
        .or_else(|| ident_has(&["building", "address2", "addr2", "address_line2"]))
    {
        return hit(FieldKind::AddressLine2, w);
    }
    if let Some(w) = label_has(&["番地", "町名", "町域"])
        .or_else(|| ident_has(&["street", "address1", "addr1", "address_line1", "banchi"]))
    {
        return hit(FieldKind::AddressLine1, w);
    }
    if let Some(w) = label_has(&["住所"]).or_else(|| ident_has(&["address", "addr", "jusho"])) {
        return hit(FieldKind::FullAddress, w);
    }
    if let Some(w) = label_has(&["氏名", "お名前", "名前", "姓名"]) {
        // `お名前（姓）` / `氏名(名)`: one part of the name under the full name's label.
        return match name_part(&label) {
            Some((kind, part)) => hit(kind, &format!("{w}/{part}")),
            None => hit(FieldKind::FullName, w),
        };
    }
    if let Some(w) = ident_has(&["full_name", "fullname"]) {
        return hit(FieldKind::FullName, w);
    }
    if let Some(w) = label_has(&["姓", "苗字", "名字"])
        .or_else(|| ident_has(&["family", "last_name", "lastname", "surname", "sei"]))
    {
        return hit(FieldKind::FamilyName, w);
    }
    if label == "名" || label.starts_with("名(") || label.starts_with("名（") {
        return hit(FieldKind::GivenName, "名");
    }
    if let Some(w) = ident_has(&["given", "first_name", "firstname", "mei"]) {
        return hit(FieldKind::GivenName, w);
    }
    None
}

/// Birth date and its parts. A field is about the birth date when its label says so (生年月日, 誕生日) or its
/// name/id does (birth, bday, dob); a part is then told by its label/name or, for selects, by its options.
fn birth_heuristic(field: &FieldDescriptor, text: &str, ident: &str) -> Option<Detection> {
    let labelled = ["生年月日", "誕生日", "生まれ"]
        .iter()
        .copied()
        .find(|w| text.contains(w));
    let named = ["birth", "bday", "dob"]
        .iter()
        .copied()
        .find(|w| ident.contains(w));
    // A bare part label (元号, 年, 月, 日, or none) inside a group labelled 生年月日 counts as labelled.
    let own = core_label(&field.label);
    let grouped = (own.is_empty() || DATE_PART_WORDS.iter().any(|w| own.starts_with(w)))
        .then(|| {
            ["生年月日", "誕生日"]
                .iter()
                .copied()
                .find(|w| field.group_label.contains(w))
        })
        .flatten();
    let keyword = labelled.or(named).or(grouped)?;
    let hit = |kind: FieldKind, w: &str| {
        Some(Detection {
            kind,
            rule: MatchRule::Heuristic(format!("{keyword}/{w}")),
        })
    };
    if field.tag == ControlTag::Input && field.input_type == "date" {
        return hit(FieldKind::BirthDate, "date");
    }
    // "birthday" names the whole date, not its day part.
    let ident = ident.replace("birthday", "birth").replace("bday", "birth");
    let ident_part = |words: &[&'static str]| words.iter().copied().find(|w| ident.contains(w));
    // `birth_y`, `dob-m`: a one-letter suffix on the name or the id.
    let suffix = |letter: char| {
        ident.split_ascii_whitespace().any(|token| {
            let mut tail = token.chars().rev();
            tail.next() == Some(letter) && matches!(tail.next(), Some('_' | '-'))
        })
    };
    if let Some(w) =
        ident_part(&["era", "gengo", "wareki"]).or_else(|| text.contains("元号").then_some("元号"))
    {
        return hit(FieldKind::BirthEra, w);
    }
    if let Some(kind) = (field.tag == ControlTag::Select)
        .then(|| kind_from_options(&field.options))
        .flatten()
    {
        return hit(kind, "options");
    }
    if let Some(w) = ident_part(&["year"]).or_else(|| suffix('y').then_some("_y")) {
        return hit(FieldKind::BirthYear, w);
    }
    if let Some(w) = ident_part(&["month"]).or_else(|| suffix('m').then_some("_m")) {
        return hit(FieldKind::BirthMonth, w);
    }
    if let Some(w) = ident_part(&["day"]).or_else(|| suffix('d').then_some("_d")) {
        return hit(FieldKind::BirthDay, w);
    }
    if let Some((kind, w)) = part_from_label(&own) {
        return hit(kind, w);
    }
    hit(FieldKind::BirthDate, "text")
}

/// The part of the name a full-name label narrows to: `お名前（姓）` is the family name, `氏名（名）` the given
/// name; `姓名` or a bare `氏名` is the whole name (`None`).
fn name_part(label: &str) -> Option<(FieldKind, &'static str)> {
    let rest = ["お名前", "氏名", "名前", "姓名"]
        .iter()
        .fold(label.to_owned(), |text, word| text.replace(word, ""));
    let family = ["姓", "苗字", "名字"].iter().any(|w| rest.contains(w));
    let given = rest.replace("名字", "").contains('名');
    match (family, given) {
        (true, false) => Some((FieldKind::FamilyName, "姓")),
        (false, true) => Some((FieldKind::GivenName, "名")),
        _ => None,
    }
}

/// Labels that name one part of a date.
const DATE_PART_WORDS: [&str; 7] = ["元号", "年号", "和暦", "西暦", "年", "月", "日"];

/// The date part a label names once 生年月日/誕生日 is taken out of it: `誕生日（年）` is the year,
/// `生年月日 月` the month; a label naming several parts (or none) names the whole date.
fn part_from_label(label: &str) -> Option<(FieldKind, &'static str)> {
    let rest = ["生年月日", "誕生日", "生まれ"]
        .iter()
        .fold(label.to_owned(), |text, word| text.replace(word, ""));
    match (
        rest.contains('年'),
        rest.contains('月'),
        rest.contains('日'),
    ) {
        (true, false, false) => Some((FieldKind::BirthYear, "年")),
        (false, true, false) => Some((FieldKind::BirthMonth, "月")),
        (false, false, true) => Some((FieldKind::BirthDay, "日")),
        _ => None,
    }
}

/// Recognises era, year, month and day selects from their options.
fn kind_from_options(options: &[SelectOption]) -> Option<FieldKind> {
    let eras = ["明治", "大正", "昭和", "平成", "令和"];
    if options
        .iter()
        .filter(|o| eras.iter().any(|e| o.text.contains(e)))
        .count()
        >= 2
        && options
            .iter()
            .all(|o| o.text.chars().filter(char::is_ascii_digit).count() == 0)
    {
        return Some(FieldKind::BirthEra);
    }
    let numbers: Vec<u32> = options
        .iter()
        .filter_map(|o| leading_number(&o.text))
        .collect();
    let max = numbers.iter().copied().max()?;
    if max >= 1900 {
        Some(FieldKind::BirthYear)
    } else if max == 12 && numbers.len() <= 13 {
        Some(FieldKind::BirthMonth)
    } else if max == 31 {
        Some(FieldKind::BirthDay)
    } else {
        None
    }
}

/// The first run of ASCII or full-width digits in a text, as a number.
pub fn leading_number(text: &str) -> Option<u32> {
    let digits: String = text
        .chars()
        .skip_while(|c| ascii_digit(*c).is_none())
        .map_while(ascii_digit)
        .take(9)
        .collect();
    digits.parse().ok()
}

fn ascii_digit(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
        _ => None,
    }
}

/// The label without decorations that forms put around it (必須, 任意, *, ※, colons, spaces).
fn core_label(label: &str) -> String {
    let mut text = label.replace("必須", "").replace("任意", "");
    text.retain(|c| {
        !matches!(
            c,
            '*' | '※' | ':' | '：' | ' ' | '\u{3000}' | '\n' | '\t' | '\r'
        )
    });
    text
}

/// A form's detections, after the form-level rule: `street-address` means the whole address when the form
/// has no prefecture or city field (a single address box), and town + number + building otherwise.
pub fn resolve_form(detections: &mut [Option<Detection>]) {
    let has_region = detections.iter().flatten().any(|d| {
        matches!(
            d.kind,
            FieldKind::Prefecture | FieldKind::City | FieldKind::CityAndStreet
        )
    });
    if !has_region {
        for detection in detections.iter_mut().flatten() {
            if detection.kind == FieldKind::StreetAddress {
                detection.kind = FieldKind::FullAddress;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(label: &str, name: &str) -> FieldDescriptor {
        FieldDescriptor {
            input_type: "text".into(),
            label: label.into(),
            name: name.into(),
            ..Default::default()
        }
    }

    fn options(texts: &[&str]) -> Vec<SelectOption> {
        texts
            .iter()
            .map(|t| SelectOption {
                value: (*t).into(),
                text: (*t).into(),
            })
            .collect()
    }

    fn kind(field: &FieldDescriptor) -> Option<FieldKind> {
        detect(field).map(|d| d.kind)
    }

    #[test]
    fn data_attribute_wins_over_every_other_rule() {
        let mut field = input("郵便番号", "zip");
        field.autocomplete = Some("postal-code".into());
        field.data_mynaform = Some("city".into());
        assert_eq!(
            detect(&field),
            Some(Detection {
                kind: FieldKind::City,
                rule: MatchRule::DataAttribute
            })
        );
    }

    #[test]
    fn data_attribute_fills_hidden_age_field() {
        let field = FieldDescriptor {
            input_type: "hidden".into(),
            data_mynaform: Some("age_verified".into()),
            ..Default::default()
        };
        assert_eq!(kind(&field), Some(FieldKind::AgeVerified));
    }

    #[test]
    fn autocomplete_uses_last_token_and_beats_label() {
        let mut field = input("住所", "x");
        field.autocomplete = Some("section-home shipping address-level1".into());
        let detection = detect(&field);
        assert_eq!(
            detection.as_ref().map(|d| d.kind),
            Some(FieldKind::Prefecture)
        );
        assert_eq!(
            detection.map(|d| d.rule.describe()),
            Some("autocomplete=address-level1".to_owned())
        );
    }

    #[test]
    fn autocomplete_tokens_cover_birth_parts() {
        for (token, expected) in [
            ("bday-year", FieldKind::BirthYear),
            ("bday-month", FieldKind::BirthMonth),
            ("bday-day", FieldKind::BirthDay),
            ("bday", FieldKind::BirthDate),
            ("family-name", FieldKind::FamilyName),
            ("given-name", FieldKind::GivenName),
            ("sex", FieldKind::Sex),
        ] {
            let mut field = input("", "");
            field.autocomplete = Some(token.into());
            assert_eq!(kind(&field), Some(expected), "{token}");
        }
    }

    #[test]
    fn yubinbango_classes_are_recognised() {
        let mut field = input("", "");
        field.classes = vec!["p-region".into()];
        assert_eq!(kind(&field), Some(FieldKind::Prefecture));
        field.classes = vec![
            "p-region".into(),
            "p-locality".into(),
            "p-street-address".into(),
        ];
        assert_eq!(kind(&field), Some(FieldKind::FullAddress));
        field.classes = vec!["p-extended-address".into()];
        assert_eq!(kind(&field), Some(FieldKind::AddressLine2));
    }

    #[test]
    fn heuristic_reads_japanese_labels() {
        for (label, expected) in [
            ("姓", FieldKind::FamilyName),
            ("名", FieldKind::GivenName),
            ("氏名 ※必須", FieldKind::FullName),
            ("郵便番号", FieldKind::PostalCode),
            ("都道府県", FieldKind::Prefecture),
            ("市区町村", FieldKind::City),
            ("番地", FieldKind::AddressLine1),
            ("建物名・部屋番号", FieldKind::AddressLine2),
            ("住所", FieldKind::FullAddress),
            ("個人番号（マイナンバー）", FieldKind::MyNumber),
            ("性別", FieldKind::Sex),
            ("生年月日", FieldKind::BirthDate),
        ] {
            assert_eq!(kind(&input(label, "")), Some(expected), "{label}");
        }
    }

    #[test]
    fn a_part_named_under_a_full_name_label_is_that_part() {
        assert_eq!(
            kind(&input("お名前（姓）", "")),
            Some(FieldKind::FamilyName)
        );
        assert_eq!(kind(&input("お名前（名）", "")), Some(FieldKind::GivenName));
        assert_eq!(
            kind(&input("氏名(姓) ※必須", "")),
            Some(FieldKind::FamilyName)
        );
        assert_eq!(
            kind(&input("氏名（名字）", "")),
            Some(FieldKind::FamilyName)
        );
        assert_eq!(kind(&input("姓名", "")), Some(FieldKind::FullName));
        assert_eq!(kind(&input("お名前", "")), Some(FieldKind::FullName));
        assert_eq!(
            detect(&input("お名前（姓）", "")).map(|d| d.rule.describe()),
            Some("heuristic:お名前/姓".to_owned())
        );
    }

    #[test]
    fn furigana_fields_are_left_to_the_user() {
        assert_eq!(kind(&input("フリガナ（姓）", "")), None);
        assert_eq!(kind(&input("", "last_name_kana")), None);
        assert_eq!(kind(&input("お名前（セイ）", "")), None);
        assert_eq!(kind(&input("メイ", "")), None);
    }

    #[test]
    fn company_name_is_not_mistaken_for_given_name() {
        assert_eq!(kind(&input("会社名", "company")), None);
    }

    #[test]
    fn birth_selects_are_told_apart_by_their_options() {
        let mut era = input("生年月日", "b1");
        era.tag = ControlTag::Select;
        era.options = options(&["選択", "昭和", "平成", "令和"]);
        assert_eq!(kind(&era), Some(FieldKind::BirthEra));
        let mut month = input("生年月日", "b3");
        month.tag = ControlTag::Select;
        month.options = options(&[
            "--", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12",
        ]);
        assert_eq!(kind(&month), Some(FieldKind::BirthMonth));
        let mut day = month.clone();
        day.options = (1..=31)
            .map(|n| SelectOption {
                value: n.to_string(),
                text: format!("{n}日"),
            })
            .collect();
        assert_eq!(kind(&day), Some(FieldKind::BirthDay));
        let mut year = month.clone();
        year.options = (1920..=2010)
            .map(|n| SelectOption {
                value: n.to_string(),
                text: n.to_string(),
            })
            .collect();
        assert_eq!(kind(&year), Some(FieldKind::BirthYear));
    }

    #[test]
    fn birth_parts_are_told_apart_by_name() {
        assert_eq!(kind(&input("", "birth_year")), Some(FieldKind::BirthYear));
        assert_eq!(kind(&input("", "birth_month")), Some(FieldKind::BirthMonth));
        assert_eq!(kind(&input("", "birth_day")), Some(FieldKind::BirthDay));
        assert_eq!(kind(&input("", "dob_m")), Some(FieldKind::BirthMonth));
        assert_eq!(kind(&input("", "birth_date")), Some(FieldKind::BirthDate));
        assert_eq!(kind(&input("", "birthday")), Some(FieldKind::BirthDate));
        let mut date = input("誕生日", "");
        date.input_type = "date".into();
        assert_eq!(kind(&date), Some(FieldKind::BirthDate));
    }

    #[test]
    fn a_bare_era_label_inside_a_birth_date_group_is_the_era() {
        let mut era = input("元号", "era");
        era.tag = ControlTag::Select;
        era.options = options(&["--", "昭和", "平成", "令和"]);
        assert_eq!(kind(&era), None, "without the group the label says nothing");
        era.group_label = "生年月日".into();
        assert_eq!(kind(&era), Some(FieldKind::BirthEra));
    }

    #[test]
    fn a_group_label_does_not_make_other_fields_birth_dates() {
        let mut sex = input("性別", "s");
        sex.group_label = "生年月日・性別".into();
        assert_eq!(kind(&sex), Some(FieldKind::Sex));
    }

    #[test]
    fn birth_parts_are_told_apart_by_label() {
        assert_eq!(
            kind(&input("誕生日（年）", "x1")),
            Some(FieldKind::BirthYear)
        );
        assert_eq!(
            kind(&input("生年月日 月", "x2")),
            Some(FieldKind::BirthMonth)
        );
        assert_eq!(
            kind(&input("生年月日（日）", "x3")),
            Some(FieldKind::BirthDay)
        );
        assert_eq!(kind(&input("生年月日", "x4")), Some(FieldKind::BirthDate));
        let mut day = input("日", "x5");
        day.group_label = "生年月日".into();
        assert_eq!(kind(&day), Some(FieldKind::BirthDay));
    }

    #[test]
    fn buttons_and_passwords_are_never_filled_implicitly() {
        let mut field = input("氏名", "name");
        field.input_type = "password".into();
        assert_eq!(kind(&field), None);
        field.input_type = "submit".into();
        assert_eq!(kind(&field), None);
    }

    #[test]
    fn street_address_becomes_full_address_without_region_fields() {
        let street = Some(Detection {
            kind: FieldKind::StreetAddress,
            rule: MatchRule::DataAttribute,
        });
        let mut alone = vec![street.clone()];
        resolve_form(&mut alone);
        assert_eq!(
            alone[0].as_ref().map(|d| d.kind),
            Some(FieldKind::FullAddress)
        );
        let city = Some(Detection {
            kind: FieldKind::City,
            rule: MatchRule::DataAttribute,
        });
        let mut with_city = vec![street, city];
        resolve_form(&mut with_city);
        assert_eq!(
            with_city[0].as_ref().map(|d| d.kind),
            Some(FieldKind::StreetAddress)
        );
    }

    #[test]
    fn leading_number_reads_full_width_digits() {
        assert_eq!(leading_number("昭和４６年"), Some(46));
        assert_eq!(leading_number("09月"), Some(9));
        assert_eq!(leading_number("元年"), None);
    }
}
