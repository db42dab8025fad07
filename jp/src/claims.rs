//! The card's elements as input (`CardClaims`) and the normalised result (`NormalizedClaims`), whose field
//! names are the output contract of `mynaform jp normalize` and of `/verify` (issue 8).
use serde::Serialize;
use serde_json::{Map, Value};

use crate::address::{AddressParts, split_address};
use crate::date::{CalendarDate, DateError, EraYear, parse_printed_date};
use crate::municipality::{LocalGovCode, municipality_by_code};
use crate::my_number::MyNumber;
use crate::name::{NameSplit, split_name, trim_name};
use crate::sex::Sex;
use crate::warning::Warning;

/// The elements of the My Number Card that normalisation reads, by their mdoc element identifiers.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct CardClaims {
    /// `full_name_unicode` (氏名).
    pub full_name_unicode: Option<String>,
    /// `resident_address_unicode` (住所).
    pub resident_address_unicode: Option<String>,
    /// `local_gov_code_unicode` (市区町村コード).
    pub local_gov_code_unicode: Option<String>,
    /// `birth_date_unicode` (生年月日 as printed).
    pub birth_date_unicode: Option<String>,
    /// `birth_date` (ISO 8601 full-date).
    pub birth_date: Option<String>,
    /// `sex` (ISO/IEC 5218).
    pub sex: Option<u64>,
    /// `sex_unicode` (性別 as printed).
    pub sex_unicode: Option<String>,
    /// `individual_number_unicode` (個人番号).
    pub individual_number_unicode: Option<String>,
}

impl core::fmt::Debug for CardClaims {
    // Personal data: Debug shows which elements are present, not their values.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let present = |o: bool| if o { "present" } else { "absent" };
        f.debug_struct("CardClaims")
            .field(
                "full_name_unicode",
                &present(self.full_name_unicode.is_some()),
            )
            .field(
                "resident_address_unicode",
                &present(self.resident_address_unicode.is_some()),
            )
            .field(
                "local_gov_code_unicode",
                &present(self.local_gov_code_unicode.is_some()),
            )
            .field(
                "birth_date_unicode",
                &present(self.birth_date_unicode.is_some()),
            )
            .field("birth_date", &present(self.birth_date.is_some()))
            .field("sex", &present(self.sex.is_some()))
            .field("sex_unicode", &present(self.sex_unicode.is_some()))
            .field(
                "individual_number_unicode",
                &present(self.individual_number_unicode.is_some()),
            )
            .finish()
    }
}

/// Why a JSON value is not a set of card claims. Messages name the element, never its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ClaimsInputError {
    /// The value is not a JSON object.
    #[error("the input is not a JSON object")]
    NotAnObject,
    /// A text element is not a string.
    #[error("`{0}` must be a string")]
    NotAString(&'static str),
    /// `sex` is not a non-negative integer.
    #[error("`sex` must be a non-negative integer (ISO/IEC 5218)")]
    SexNotAnInteger,
    /// `birth_date` is neither a string nor an object with a string `birth_date`.
    #[error("`birth_date` must be a full-date string or an object with one")]
    BirthDateShape,
}

impl CardClaims {
    /// Reads the claims from a JSON object keyed by element identifier. Unknown keys and `null` values are
    /// ignored; `birth_date` may also be the mdoc map form `{"birth_date": "…", "approximate_mask": …}`.
    pub fn from_json(value: &Value) -> Result<Self, ClaimsInputError> {
        let object = value.as_object().ok_or(ClaimsInputError::NotAnObject)?;
        let birth_date = match object.get("birth_date") {
            None | Some(Value::Null) => None,
            Some(Value::String(date)) => Some(date.clone()),
            Some(Value::Object(map)) => match map.get("birth_date") {
                Some(Value::String(date)) => Some(date.clone()),
                _ => return Err(ClaimsInputError::BirthDateShape),
            },
            Some(_) => return Err(ClaimsInputError::BirthDateShape),
        };
        let sex = match object.get("sex") {
            None | Some(Value::Null) => None,
            Some(value) => Some(value.as_u64().ok_or(ClaimsInputError::SexNotAnInteger)?),
        };
        Ok(Self {
            full_name_unicode: text(object, "full_name_unicode")?,
            resident_address_unicode: text(object, "resident_address_unicode")?,
            local_gov_code_unicode: text(object, "local_gov_code_unicode")?,
            birth_date_unicode: text(object, "birth_date_unicode")?,
            birth_date,
            sex,
            sex_unicode: text(object, "sex_unicode")?,
            individual_number_unicode: text(object, "individual_number_unicode")?,
        })
    }
}

fn text(
    object: &Map<String, Value>,
    key: &'static str,
) -> Result<Option<String>, ClaimsInputError> {
    match object.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(ClaimsInputError::NotAString(key)),
    }
}

/// Whether the name was split into family and given name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NameSplitKind {
    /// `family_name` and `given_name` are set.
    Split,
    /// Only `full_name` is set.
    Unsplit,
}

/// The normalised claims: what a form needs, each field `None` (JSON `null`) when it cannot be determined.
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct NormalizedClaims {
    /// 姓.
    pub family_name: Option<String>,
    /// 名.
    pub given_name: Option<String>,
    /// 氏名 as on the card, without surrounding spaces.
    pub full_name: Option<String>,
    /// Whether the name was split; `None` without a name.
    pub name_split: Option<NameSplitKind>,
    /// 生年月日 (`YYYY-MM-DD`).
    pub birth_date: Option<CalendarDate>,
    /// The era and year in era of the birth date.
    pub birth_era: Option<EraYear>,
    /// 性別.
    pub sex: Option<Sex>,
    /// 都道府県.
    pub prefecture: Option<&'static str>,
    /// JIS X 0401 prefecture code, two digits.
    pub prefecture_code: Option<String>,
    /// 市区町村 as Japan Post writes it (`札幌市中央区`, `虻田郡洞爺湖町`).
    pub city: Option<&'static str>,
    /// Town, 丁目, 番地, 号, as written on the card.
    pub address_line1: Option<String>,
    /// Building and room, as written on the card.
    pub address_line2: Option<String>,
    /// 郵便番号, seven digits, only when the address determines one.
    pub postal_code: Option<&'static str>,
    /// Whether `individual_number_unicode` has 12 digits and a right check digit; `None` without it.
    pub my_number_valid: Option<bool>,
    /// What could not be read or did not agree.
    pub warnings: Vec<Warning>,
}

impl core::fmt::Debug for NormalizedClaims {
    // Personal data stays out of Debug; only the public parts of the address and the warnings show.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("NormalizedClaims")
            .field("name_split", &self.name_split)
            .field("prefecture", &self.prefecture)
            .field("city", &self.city)
            .field("my_number_valid", &self.my_number_valid)
            .field("warnings", &self.warnings)
            .finish_non_exhaustive()
    }
}

/// Normalises the card's claims (names, dates, sex, address, postal code, My Number check).
#[must_use]
pub fn normalize(claims: &CardClaims) -> NormalizedClaims {
    let mut warnings = Vec::new();

    let full_name = claims.full_name_unicode.as_deref().map(trim_name);
    let split = full_name.map(split_name);
    let (family_name, given_name) = match &split {
        Some(NameSplit::Split { family, given }) => (Some(family.clone()), Some(given.clone())),
        _ => (None, None),
    };
    let name_split = split.map(|s| match s {
        NameSplit::Split { .. } => NameSplitKind::Split,
        NameSplit::Unsplit => NameSplitKind::Unsplit,
    });

    let birth_date = birth_date(claims, &mut warnings);
    let sex = sex(claims, &mut warnings);

    let address = match (
        claims.resident_address_unicode.as_deref(),
        claims.local_gov_code_unicode.as_deref(),
    ) {
        (Some(address), code) => split_address(address, code, &mut warnings),
        (None, Some(code)) => municipality_of_code(code, &mut warnings),
        (None, None) => AddressParts::default(),
    };
    let postal_code = postal_code(&address);

    let my_number_valid = claims
        .individual_number_unicode
        .as_deref()
        .map(|n| MyNumber::parse(n).is_ok());

    warnings.sort_unstable();
    warnings.dedup();
    NormalizedClaims {
        family_name,
        given_name,
        full_name: full_name.map(str::to_owned),
        name_split,
        birth_date,
        birth_era: birth_date.and_then(CalendarDate::era),
        sex,
        prefecture: address.prefecture.map(|p| p.name()),
        prefecture_code: address.prefecture.map(|p| p.code()),
        city: address.municipality.map(|m| m.name),
        address_line1: address.line1,
        address_line2: address.line2,
        postal_code,
        my_number_valid,
        warnings,
    }
}

#[cfg(feature = "postal")]
fn postal_code(address: &crate::address::AddressParts) -> Option<&'static str> {
    crate::postal::postal_code(address.municipality?.code, address.line1.as_deref()?)
}

#[cfg(not(feature = "postal"))]
fn postal_code(_address: &crate::address::AddressParts) -> Option<&'static str> {
    None
}

/// Prefecture and municipality from the local government code alone (no address given).
fn municipality_of_code(code: &str, warnings: &mut Vec<Warning>) -> AddressParts {
    let Ok(code) = LocalGovCode::parse(code) else {
        warnings.push(Warning::InvalidLocalGovCode);
        return AddressParts::default();
    };
    let municipality = municipality_by_code(code);
    if municipality.is_none() {
        warnings.push(Warning::UnknownLocalGovCode);
    }
    AddressParts {
        prefecture: Some(code.prefecture()),
        municipality,
        ..AddressParts::default()
    }
}

/// The ISO date if valid, else the printed one; a disagreement is flagged.
fn birth_date(claims: &CardClaims, warnings: &mut Vec<Warning>) -> Option<CalendarDate> {
    let printed = claims.birth_date_unicode.as_deref().map(parse_printed_date);
    let iso = claims.birth_date.as_deref().map(CalendarDate::parse_iso);
    match printed {
        Some(Err(DateError::LunarCalendar)) => warnings.push(Warning::LunarCalendarDate),
        Some(Err(_)) => warnings.push(Warning::UnparsedBirthDate),
        _ => {}
    }
    if let Some(Err(_)) = iso {
        warnings.push(Warning::InvalidIsoBirthDate);
    }
    let printed = printed.and_then(Result::ok);
    let iso = iso.and_then(Result::ok);
    if let (Some(printed), Some(iso)) = (printed, iso)
        && printed != iso
    {
        warnings.push(Warning::BirthDateMismatch);
    }
    iso.or(printed)
}

/// `sex` if known, else `sex_unicode`; a disagreement is flagged.
fn sex(claims: &CardClaims, warnings: &mut Vec<Warning>) -> Option<Sex> {
    let coded = claims.sex.map(Sex::from_iso5218);
    let printed = claims.sex_unicode.as_deref().map(Sex::from_printed);
    if matches!(coded, Some(None)) && claims.sex != Some(0) || matches!(printed, Some(None)) {
        warnings.push(Warning::UnknownSex);
    }
    let (coded, printed) = (coded.flatten(), printed.flatten());
    if let (Some(coded), Some(printed)) = (coded, printed)
        && coded != printed
    {
        warnings.push(Warning::SexMismatch);
    }
    coded.or(printed)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn run(input: Value) -> Value {
        let claims = CardClaims::from_json(&input).unwrap_or_else(|e| panic!("test input: {e}"));
        serde_json::to_value(normalize(&claims)).unwrap_or_else(|e| panic!("serialise: {e}"))
    }

    #[test]
    fn outputs_exactly_the_fields_of_the_contract() {
        let out = run(json!({}));
        let mut keys: Vec<&str> = out
            .as_object()
            .map(|o| o.keys().map(String::as_str).collect())
            .unwrap_or_default();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "address_line1",
                "address_line2",
                "birth_date",
                "birth_era",
                "city",
                "family_name",
                "full_name",
                "given_name",
                "my_number_valid",
                "name_split",
                "postal_code",
                "prefecture",
                "prefecture_code",
                "sex",
                "warnings"
            ]
        );
    }

    #[test]
    fn normalises_a_whole_card() {
        let out = run(json!({
            "full_name_unicode": "山田　太郎",
            "resident_address_unicode": "東京都千代田区霞が関１丁目２番３号　霞ビル４階",
            "local_gov_code_unicode": "131016",
            "birth_date_unicode": "平成2年3月4日",
            "birth_date": "1990-03-04",
            "sex": 1,
            "sex_unicode": "男",
            "individual_number_unicode": "123456789018"
        }));
        assert_eq!(out["family_name"], "山田");
        assert_eq!(out["given_name"], "太郎");
        assert_eq!(out["name_split"], "split");
        assert_eq!(out["birth_date"], "1990-03-04");
        assert_eq!(out["birth_era"], json!({"era": "平成", "year": 2}));
        assert_eq!(out["sex"], "male");
        assert_eq!(out["prefecture"], "東京都");
        assert_eq!(out["prefecture_code"], "13");
        assert_eq!(out["city"], "千代田区");
        assert_eq!(out["address_line1"], "霞が関１丁目２番３号");
        assert_eq!(out["address_line2"], "霞ビル４階");
        assert_eq!(out["my_number_valid"], true);
        assert_eq!(out["warnings"], json!([]));
        if cfg!(feature = "postal") {
            assert_eq!(out["postal_code"], "1000013");
        }
    }

    #[test]
    fn takes_prefecture_and_city_from_the_code_alone() {
        let out = run(json!({"local_gov_code_unicode": "015849"}));
        assert_eq!(out["prefecture"], "北海道");
        assert_eq!(out["city"], "虻田郡洞爺湖町");
        assert_eq!(out["address_line1"], Value::Null);
        assert_eq!(out["postal_code"], Value::Null);
        let out = run(json!({"local_gov_code_unicode": "13999"}));
        assert_eq!(out["prefecture"], "東京都");
        assert_eq!(out["city"], Value::Null);
        assert_eq!(out["warnings"], json!(["unknown_local_gov_code"]));
    }

    #[test]
    fn flags_a_printed_date_that_differs_from_the_iso_date() {
        let out = run(json!({"birth_date_unicode": "平成2年3月4日", "birth_date": "1990-03-05"}));
        assert_eq!(out["birth_date"], "1990-03-05");
        assert_eq!(out["warnings"], json!(["birth_date_mismatch"]));
    }

    #[test]
    fn flags_disagreeing_sex_elements_and_keeps_the_coded_one() {
        let out = run(json!({"sex": 2, "sex_unicode": "男"}));
        assert_eq!(out["sex"], "female");
        assert_eq!(out["warnings"], json!(["sex_mismatch"]));
        assert_eq!(run(json!({"sex": 0}))["sex"], Value::Null);
        assert_eq!(run(json!({"sex": 9}))["sex"], "other");
    }

    #[test]
    fn reports_an_invalid_my_number_as_false() {
        assert_eq!(
            run(json!({"individual_number_unicode": "123456789017"}))["my_number_valid"],
            false
        );
        assert_eq!(run(json!({}))["my_number_valid"], Value::Null);
    }

    #[test]
    fn rejects_inputs_of_the_wrong_shape_without_echoing_values() {
        assert_eq!(
            CardClaims::from_json(&json!([1])),
            Err(ClaimsInputError::NotAnObject)
        );
        let error = CardClaims::from_json(&json!({"full_name_unicode": 5})).err();
        assert_eq!(
            error,
            Some(ClaimsInputError::NotAString("full_name_unicode"))
        );
        assert_eq!(
            CardClaims::from_json(&json!({"sex": "男"})),
            Err(ClaimsInputError::SexNotAnInteger)
        );
    }

    #[test]
    fn accepts_the_mdoc_map_form_of_birth_date() {
        let out = run(
            json!({"birth_date": {"birth_date": "1971-09-01", "approximate_mask": "00000000"}}),
        );
        assert_eq!(out["birth_date"], "1971-09-01");
    }

    #[test]
    fn debug_output_does_not_show_personal_data() {
        let claims = CardClaims {
            full_name_unicode: Some("山田　太郎".into()),
            ..CardClaims::default()
        };
        let shown = format!("{:?} {:?}", claims, normalize(&claims));
        assert!(!shown.contains("山田"));
    }
}
