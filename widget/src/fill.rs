//! Filling (issue 6 item 2): the value a detected control receives, formatted the way the control expects
//! (selects by option, full- or half-width text, zero-padded or not, postal code with or without hyphen or
//! split in 3 + 4 digits, 元号 select with the year in era).

use crate::fields::{ControlTag, FieldDescriptor, FieldKind, leading_number};
use crate::values::{BirthDate, FormValues, Sex, prefecture_code};
use crate::width::{to_full_width, to_half_width};

/// What to do with one control.
#[derive(Clone, PartialEq, Eq)]
pub enum FillAction {
    /// Set the text value of an input or textarea.
    SetText(String),
    /// Select the option at this index.
    SelectIndex(usize),
    /// Check this radio button or checkbox.
    Check,
}

impl std::fmt::Debug for FillAction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The text is personal data.
        match self {
            Self::SetText(_) => f.write_str("SetText(..)"),
            Self::SelectIndex(index) => write!(f, "SelectIndex({index})"),
            Self::Check => f.write_str("Check"),
        }
    }
}

/// Character width a text field expects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Width {
    /// ASCII digits and letters (半角).
    Half,
    /// Full-width (全角).
    Full,
    /// No preference: the value as normalised.
    AsIs,
}

/// Reads the width a text field expects from its label (全角/半角), `pattern` and `inputmode`.
pub fn expected_width(field: &FieldDescriptor) -> Width {
    let hints = format!("{} {}", field.label, field.placeholder);
    if hints.contains("全角") {
        return Width::Full;
    }
    if hints.contains("半角") {
        return Width::Half;
    }
    if let Some(pattern) = field.pattern.as_deref() {
        if pattern.contains('０') || pattern.contains("\\uFF10") || pattern.contains("\\uff10") {
            return Width::Full;
        }
        if pattern.contains("\\d") || pattern.contains("0-9") {
            return Width::Half;
        }
    }
    if matches!(
        field.inputmode.as_deref(),
        Some("numeric" | "tel" | "decimal" | "latin")
    ) {
        return Width::Half;
    }
    if matches!(field.input_type.as_str(), "tel" | "number") {
        return Width::Half;
    }
    Width::AsIs
}

/// Everything about the form that changes how one field is filled.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FormContext {
    /// The form has a 元号 field, so a year field takes the year in era.
    pub has_era_field: bool,
}

/// Plans the action for one control, or `None` when there is no value or no matching option.
pub fn plan(
    kind: FieldKind,
    field: &FieldDescriptor,
    values: &FormValues,
    context: FormContext,
) -> Option<FillAction> {
    if field.input_type == "radio" || field.input_type == "checkbox" {
        return plan_choice(kind, field, values);
    }
    let birth = values.birth_date.as_ref();
    match field.tag {
        ControlTag::Select => plan_select(kind, field, values, context),
        ControlTag::Input | ControlTag::Textarea => {
            let text = match kind {
                FieldKind::BirthDate => Some(format_date(birth?, field)),
                FieldKind::BirthYear => Some(year_text(birth?, context)),
                FieldKind::BirthMonth => Some(pad(birth?.month, field)),
                FieldKind::BirthDay => Some(pad(birth?.day, field)),
                FieldKind::BirthEra => birth?.era.as_ref().map(|(era, _)| era.clone()),
                FieldKind::Sex => values.sex.map(|sex| sex_text(sex).to_owned()),
                FieldKind::PostalCode => postal_text(values.postal_code.as_deref()?, field),
                FieldKind::MyNumber => values.my_number.clone(),
                FieldKind::AgeVerified => values
                    .age_verified
                    .map(|ok| if ok { "1" } else { "0" }.to_owned()),
                _ => text_value(kind, values),
            }?;
            let text = match expected_width(field) {
                Width::Half => to_half_width(&text),
                Width::Full => to_full_width(&text),
                Width::AsIs => text,
            };
            Some(FillAction::SetText(truncate_free(text, field)?))
        }
    }
}

/// Text values that need no formatting beyond width.
fn text_value(kind: FieldKind, values: &FormValues) -> Option<String> {
    let join = |parts: &[Option<&String>]| {
        let parts: Vec<&str> = parts.iter().flatten().map(|s| s.as_str()).collect();
        (!parts.is_empty()).then(|| parts.join(""))
    };
    match kind {
        FieldKind::FamilyName => values.family_name.clone(),
        FieldKind::GivenName => values.given_name.clone(),
        FieldKind::FullName => values.full_name.clone(),
        FieldKind::Prefecture => values.prefecture.clone(),
        FieldKind::City => values.city.clone(),
        FieldKind::AddressLine1 => values.address_line1.clone(),
        FieldKind::AddressLine2 => values.address_line2.clone(),
        FieldKind::FullAddress => values.full_address.clone(),
        FieldKind::StreetAddress => {
            let line1 = values.address_line1.as_ref();
            match values.address_line2.as_ref() {
                Some(line2) => line1.map(|l1| format!("{l1}\u{3000}{line2}")),
                None => line1.cloned(),
            }
        }
        FieldKind::CityAndStreet => join(&[values.city.as_ref(), values.address_line1.as_ref()]),
        _ => None,
    }
}

/// A value longer than `maxlength` is not cut silently (a cut address or My Number is wrong data): the
/// field is left for the user.
fn truncate_free(text: String, field: &FieldDescriptor) -> Option<String> {
    match field.maxlength {
        Some(max) if text.chars().count() > max as usize => None,
        _ => Some(text),
    }
}

fn year_text(birth: &BirthDate, context: FormContext) -> String {
    match (&birth.era, context.has_era_field) {
        (Some((_, era_year)), true) => era_year.to_string(),
        _ => birth.year.to_string(),
    }
}

/// Month and day: zero-padded when the field asks for two digits (maxlength 2 with a pattern, or a
/// placeholder such as `01`).
fn pad(number: u32, field: &FieldDescriptor) -> String {
    let pattern_two = field.pattern.as_deref().is_some_and(|p| p.contains("{2}"));
    let placeholder_two = field.placeholder.starts_with('0') && field.placeholder.len() == 2;
    if pattern_two || placeholder_two {
        format!("{number:02}")
    } else {
        number.to_string()
    }
}

/// A date: `YYYY-MM-DD` for `type=date`; for text the placeholder's shape (`1990/01/01`, `19900101`,
/// `1990年1月1日`), else `YYYY-MM-DD`.
fn format_date(birth: &BirthDate, field: &FieldDescriptor) -> String {
    let BirthDate {
        year, month, day, ..
    } = birth;
    let hint = if field.placeholder.is_empty() {
        field.pattern.clone().unwrap_or_default()
    } else {
        field.placeholder.clone()
    };
    if field.input_type != "date" {
        if hint.contains('年') {
            return format!("{year}年{month}月{day}日");
        }
        if hint.contains('/') {
            return format!("{year}/{month:02}/{day:02}");
        }
        if field.maxlength == Some(8) {
            return format!("{year}{month:02}{day:02}");
        }
    }
    format!("{year:04}-{month:02}-{day:02}")
}

fn sex_text(sex: Sex) -> &'static str {
    match sex {
        Sex::Male => "男",
        Sex::Female => "女",
    }
}

/// Postal code: 3 digits or 4 digits for split fields (maxlength 3 / 4), no hyphen when the field allows only
/// 7 characters or its pattern has none, else `123-4567`.
fn postal_text(code: &str, field: &FieldDescriptor) -> Option<String> {
    let digits: String = code.chars().filter(char::is_ascii_digit).collect();
    if digits.len() != 7 {
        return None;
    }
    let (head, tail) = digits.split_at(3);
    // The pattern's literal hyphen (ASCII, or U+FF0D for full-width input), not the one of a `0-9` range.
    let pattern = field
        .pattern
        .as_deref()
        .unwrap_or("")
        .replace("0-9", "")
        .replace("０-９", "");
    Some(match field.maxlength {
        Some(3) => head.to_owned(),
        Some(4) => tail.to_owned(),
        Some(7) => digits.clone(),
        _ if field.pattern.as_deref().is_some_and(|p| !p.is_empty())
            && !pattern.contains(['-', '－']) =>
        {
            digits.clone()
        }
        _ => format!("{head}-{tail}"),
    })
}

/// Radios and checkboxes: check the one whose value or label means the value.
fn plan_choice(
    kind: FieldKind,
    field: &FieldDescriptor,
    values: &FormValues,
) -> Option<FillAction> {
    match kind {
        FieldKind::Sex => {
            let sex = values.sex?;
            (option_sex(&field.value).or_else(|| option_sex(&field.choice_label)) == Some(sex))
                .then_some(FillAction::Check)
        }
        FieldKind::AgeVerified => (values.age_verified == Some(true)).then_some(FillAction::Check),
        _ => None,
    }
}

/// What an option value or label says about 性別.
fn option_sex(text: &str) -> Option<Sex> {
    let t = text.trim().to_ascii_lowercase();
    match t.as_str() {
        "男" | "男性" | "male" | "m" | "man" | "1" => Some(Sex::Male),
        "女" | "女性" | "female" | "f" | "woman" | "2" => Some(Sex::Female),
        _ if t.contains('男') => Some(Sex::Male),
        _ if t.contains('女') => Some(Sex::Female),
        _ => None,
    }
}

fn plan_select(
    kind: FieldKind,
    field: &FieldDescriptor,
    values: &FormValues,
    context: FormContext,
) -> Option<FillAction> {
    let options = &field.options;
    let find = |test: &dyn Fn(&str, &str) -> bool| {
        options
            .iter()
            .position(|o| test(o.value.trim(), o.text.trim()))
    };
    let birth = values.birth_date.as_ref();
    let index = match kind {
        FieldKind::Prefecture => {
            let name = values.prefecture.as_deref()?;
            let code = values
                .prefecture_code
                .as_deref()
                .and_then(|c| c.parse::<u32>().ok())
                .or_else(|| prefecture_code(name));
            let short = name
                .strip_suffix(['都', '府', '県'])
                .filter(|_| name != "北海道")
                .unwrap_or(name);
            find(&|v, t| t == name || v == name)
                .or_else(|| find(&|v, t| t == short || v == short))
                .or_else(|| code.and_then(|code| find(&|v, _| v.parse::<u32>().ok() == Some(code))))
        }
        FieldKind::BirthEra => {
            let (era, _) = birth?.era.as_ref()?;
            let romaji = era_romaji(era)?;
            find(&|v, t| t.contains(era.as_str()) || v == era).or_else(|| {
                find(&|v, _| v.eq_ignore_ascii_case(romaji) || v.eq_ignore_ascii_case(&romaji[..1]))
            })
        }
        FieldKind::BirthYear => {
            let birth = birth?;
            match (&birth.era, context.has_era_field) {
                (Some((_, era_year)), true) => {
                    let era_year = *era_year;
                    find(&|v, t| number_of(v, t) == Some(era_year)).or_else(|| {
                        (era_year == 1)
                            .then(|| find(&|_, t| t.contains('元')))
                            .flatten()
                    })
                }
                (era, _) => find(&|v, t| number_of(v, t) == Some(birth.year)).or_else(|| {
                    // 「昭和46年」 style options without an era select.
                    let (name, era_year) = era.as_ref()?;
                    find(&|_, t| {
                        t.contains(name.as_str())
                            && (leading_number(t) == Some(*era_year)
                                || (*era_year == 1 && t.contains('元')))
                    })
                }),
            }
        }
        FieldKind::BirthMonth => {
            let month = birth?.month;
            find(&|v, t| number_of(v, t) == Some(month))
        }
        FieldKind::BirthDay => {
            let day = birth?.day;
            find(&|v, t| number_of(v, t) == Some(day))
        }
        FieldKind::Sex => {
            let sex = values.sex?;
            find(&|_, t| option_sex(t) == Some(sex))
                .or_else(|| find(&|v, _| option_sex(v) == Some(sex)))
        }
        _ => {
            let text = text_value(kind, values)?;
            find(&|v, t| t == text || v == text)
        }
    }?;
    Some(FillAction::SelectIndex(index))
}

/// The number an option stands for: its value when numeric, else the number in its text.
fn number_of(value: &str, text: &str) -> Option<u32> {
    value.parse::<u32>().ok().or_else(|| leading_number(text))
}

fn era_romaji(era: &str) -> Option<&'static str> {
    Some(match era {
        "明治" => "meiji",
        "大正" => "taisho",
        "昭和" => "showa",
        "平成" => "heisei",
        "令和" => "reiwa",
        _ => return None,
    })
}

/// A control the user already typed into (current value differs from the page's default and is non-empty)
/// is only overwritten after confirmation; one already holding the new value needs nothing.
pub fn needs_confirmation(current: &str, default: &str, new: &str) -> bool {
    !current.is_empty() && current != default && current != new
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fields::SelectOption;

    fn values() -> FormValues {
        FormValues {
            family_name: Some("山田".into()),
            given_name: Some("太郎".into()),
            full_name: Some("山田\u{3000}太郎".into()),
            birth_date: Some(BirthDate {
                year: 1971,
                month: 9,
                day: 1,
                era: Some(("昭和".into(), 46)),
            }),
            sex: Some(Sex::Male),
            postal_code: Some("1000001".into()),
            prefecture: Some("東京都".into()),
            prefecture_code: Some("13".into()),
            city: Some("千代田区".into()),
            address_line1: Some("千代田１－１".into()),
            address_line2: Some("皇居ハイツ１０１".into()),
            full_address: Some("東京都千代田区千代田１－１\u{3000}皇居ハイツ１０１".into()),
            my_number: Some("123456789018".into()),
            age_verified: Some(true),
        }
    }

    fn text(label: &str) -> FieldDescriptor {
        FieldDescriptor {
            input_type: "text".into(),
            label: label.into(),
            ..Default::default()
        }
    }

    fn select(options: &[(&str, &str)]) -> FieldDescriptor {
        FieldDescriptor {
            tag: ControlTag::Select,
            options: options
                .iter()
                .map(|(v, t)| SelectOption {
                    value: (*v).into(),
                    text: (*t).into(),
                })
                .collect(),
            ..Default::default()
        }
    }

    fn set_text(action: Option<FillAction>) -> Option<String> {
        match action {
            Some(FillAction::SetText(text)) => Some(text),
            _ => None,
        }
    }

    const NO_ERA: FormContext = FormContext {
        has_era_field: false,
    };
    const ERA: FormContext = FormContext {
        has_era_field: true,
    };

    #[test]
    fn prefecture_select_matches_by_name_short_name_or_code() {
        let by_name = select(&[("", "選択"), ("北海道", "北海道"), ("東京都", "東京都")]);
        assert_eq!(
            plan(FieldKind::Prefecture, &by_name, &values(), NO_ERA),
            Some(FillAction::SelectIndex(2))
        );
        let by_short = select(&[("", "--"), ("1", "北海道"), ("13", "東京")]);
        assert_eq!(
            plan(FieldKind::Prefecture, &by_short, &values(), NO_ERA),
            Some(FillAction::SelectIndex(2))
        );
        let by_code = select(&[("", "--"), ("01", "Hokkaido"), ("13", "Tokyo")]);
        assert_eq!(
            plan(FieldKind::Prefecture, &by_code, &values(), NO_ERA),
            Some(FillAction::SelectIndex(2))
        );
    }

    #[test]
    fn era_select_and_year_in_era() {
        let era = select(&[
            ("", "元号"),
            ("M", "明治"),
            ("T", "大正"),
            ("S", "昭和"),
            ("H", "平成"),
        ]);
        assert_eq!(
            plan(FieldKind::BirthEra, &era, &values(), ERA),
            Some(FillAction::SelectIndex(3))
        );
        let years: Vec<(String, String)> = (1..=64)
            .map(|n| (n.to_string(), format!("{n}年")))
            .collect();
        let years: Vec<(&str, &str)> = years
            .iter()
            .map(|(v, t)| (v.as_str(), t.as_str()))
            .collect();
        let year = select(&years);
        assert_eq!(
            plan(FieldKind::BirthYear, &year, &values(), ERA),
            Some(FillAction::SelectIndex(45))
        );
    }

    #[test]
    fn first_year_of_an_era_matches_gannen_option() {
        let mut v = values();
        v.birth_date = Some(BirthDate {
            year: 1989,
            month: 5,
            day: 1,
            era: Some(("平成".into(), 1)),
        });
        let year = select(&[("", "--"), ("gannen", "元年"), ("2", "2年")]);
        assert_eq!(
            plan(FieldKind::BirthYear, &year, &v, ERA),
            Some(FillAction::SelectIndex(1))
        );
    }

    #[test]
    fn western_year_select_without_era_field() {
        let year = select(&[("", "--"), ("1970", "1970年"), ("1971", "1971年")]);
        assert_eq!(
            plan(FieldKind::BirthYear, &year, &values(), NO_ERA),
            Some(FillAction::SelectIndex(2))
        );
        let combined = select(&[("", "--"), ("a", "昭和45年"), ("b", "昭和46年")]);
        assert_eq!(
            plan(FieldKind::BirthYear, &combined, &values(), NO_ERA),
            Some(FillAction::SelectIndex(2))
        );
    }

    #[test]
    fn month_and_day_match_with_or_without_leading_zero() {
        let padded = select(&[("", "--"), ("08", "08"), ("09", "09")]);
        assert_eq!(
            plan(FieldKind::BirthMonth, &padded, &values(), NO_ERA),
            Some(FillAction::SelectIndex(2))
        );
        let plain = select(&[("", "--"), ("1", "1日"), ("2", "2日")]);
        assert_eq!(
            plan(FieldKind::BirthDay, &plain, &values(), NO_ERA),
            Some(FillAction::SelectIndex(1))
        );
        let mut month_text = text("月");
        assert_eq!(
            set_text(plan(FieldKind::BirthMonth, &month_text, &values(), NO_ERA)).as_deref(),
            Some("9")
        );
        month_text.pattern = Some("[0-9]{2}".into());
        assert_eq!(
            set_text(plan(FieldKind::BirthMonth, &month_text, &values(), NO_ERA)).as_deref(),
            Some("09")
        );
    }

    #[test]
    fn sex_radio_checks_only_the_matching_one() {
        let mut male = text("性別");
        male.input_type = "radio".into();
        male.value = "a".into();
        male.choice_label = "男性".into();
        let mut female = male.clone();
        female.value = "female".into();
        female.choice_label = "女性".into();
        assert_eq!(
            plan(FieldKind::Sex, &male, &values(), NO_ERA),
            Some(FillAction::Check)
        );
        assert_eq!(plan(FieldKind::Sex, &female, &values(), NO_ERA), None);
    }

    #[test]
    fn date_input_gets_iso_date_and_text_follows_placeholder() {
        let mut date = text("");
        date.input_type = "date".into();
        assert_eq!(
            set_text(plan(FieldKind::BirthDate, &date, &values(), NO_ERA)).as_deref(),
            Some("1971-09-01")
        );
        let mut slashed = text("");
        slashed.placeholder = "1990/01/01".into();
        assert_eq!(
            set_text(plan(FieldKind::BirthDate, &slashed, &values(), NO_ERA)).as_deref(),
            Some("1971/09/01")
        );
    }

    #[test]
    fn postal_code_follows_field_shape() {
        let plain = text("郵便番号");
        assert_eq!(
            set_text(plan(FieldKind::PostalCode, &plain, &values(), NO_ERA)).as_deref(),
            Some("100-0001")
        );
        let mut seven = plain.clone();
        seven.maxlength = Some(7);
        assert_eq!(
            set_text(plan(FieldKind::PostalCode, &seven, &values(), NO_ERA)).as_deref(),
            Some("1000001")
        );
        let mut head = plain.clone();
        head.maxlength = Some(3);
        assert_eq!(
            set_text(plan(FieldKind::PostalCode, &head, &values(), NO_ERA)).as_deref(),
            Some("100")
        );
        let mut tail = plain;
        tail.maxlength = Some(4);
        assert_eq!(
            set_text(plan(FieldKind::PostalCode, &tail, &values(), NO_ERA)).as_deref(),
            Some("0001")
        );
    }

    #[test]
    fn width_follows_label_and_pattern() {
        let half = text("番地（半角）");
        assert_eq!(
            set_text(plan(FieldKind::AddressLine1, &half, &values(), NO_ERA)).as_deref(),
            Some("千代田1-1")
        );
        let mut full = text("郵便番号（全角）");
        full.maxlength = Some(8);
        assert_eq!(
            set_text(plan(FieldKind::PostalCode, &full, &values(), NO_ERA)).as_deref(),
            Some("１００－０００１")
        );
    }

    #[test]
    fn postal_code_keeps_its_hyphen_for_a_full_width_pattern() {
        let mut full = text("郵便番号");
        full.pattern = Some("[０-９]{3}－[０-９]{4}".into());
        assert_eq!(
            set_text(plan(FieldKind::PostalCode, &full, &values(), NO_ERA)).as_deref(),
            Some("１００－０００１")
        );
        let mut bare = text("郵便番号");
        bare.pattern = Some("[0-9]{7}".into());
        assert_eq!(
            set_text(plan(FieldKind::PostalCode, &bare, &values(), NO_ERA)).as_deref(),
            Some("1000001")
        );
    }

    #[test]
    fn a_name_that_cannot_be_split_fills_only_a_full_name_field() {
        let unsplit = FormValues {
            family_name: None,
            given_name: None,
            full_name: Some("山田太郎".into()),
            ..values()
        };
        assert_eq!(
            plan(FieldKind::FamilyName, &text("姓"), &unsplit, NO_ERA),
            None
        );
        assert_eq!(
            plan(FieldKind::GivenName, &text("名"), &unsplit, NO_ERA),
            None
        );
        assert_eq!(
            set_text(plan(FieldKind::FullName, &text("氏名"), &unsplit, NO_ERA)).as_deref(),
            Some("山田太郎")
        );
    }

    #[test]
    fn value_longer_than_maxlength_is_not_cut() {
        let mut short = text("番地");
        short.maxlength = Some(3);
        assert_eq!(
            plan(FieldKind::AddressLine1, &short, &values(), NO_ERA),
            None
        );
    }

    #[test]
    fn edited_field_needs_confirmation_but_untouched_or_equal_does_not() {
        assert!(needs_confirmation("佐藤", "", "山田"));
        assert!(!needs_confirmation("", "", "山田"));
        assert!(!needs_confirmation("山田", "", "山田"));
        assert!(!needs_confirmation("例", "例", "山田"));
    }
}
