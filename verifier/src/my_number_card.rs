//! Typed view of a verified smartphone My Number Card (docType `org.iso.23220.1.jp.mnc`, ISO/IEC 23220-1
//! namespaces `org.iso.23220.1` and `org.iso.23220.1.jp`).
use crate::{ClaimValue, Error, VerifiedDocument};

/// Namespace of the Japan-specific elements.
pub const NS_JP: &str = "org.iso.23220.1.jp";
/// Namespace of the ISO/IEC 23220-1 common elements.
pub const NS_ISO: &str = "org.iso.23220.1";

/// 個人番号: 12 digits whose last is the check digit. `Debug` and `Display` show only the last four digits.
#[derive(Clone, PartialEq, Eq)]
pub struct MyNumber([u8; 12]);

impl MyNumber {
    /// Accepts exactly 12 ASCII digits with a valid check digit (weights 6,5,4,3,2,7,6,5,4,3,2; r = sum mod 11;
    /// check = 0 if r <= 1 else 11 - r).
    pub fn parse(text: &str) -> Result<Self, Error> {
        let bytes = text.as_bytes();
        let mut digits = [0u8; 12];
        if bytes.len() != 12 {
            return Err(Error::MyNumber);
        }
        for (slot, b) in digits.iter_mut().zip(bytes) {
            if !b.is_ascii_digit() {
                return Err(Error::MyNumber);
            }
            *slot = b - b'0';
        }
        const WEIGHTS: [u32; 11] = [6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
        let sum: u32 = digits
            .iter()
            .zip(WEIGHTS)
            .map(|(d, w)| u32::from(*d) * w)
            .sum();
        let r = sum % 11;
        let check = if r <= 1 { 0 } else { 11 - r };
        if digits.get(11).map(|d| u32::from(*d)) != Some(check) {
            return Err(Error::MyNumber);
        }
        Ok(Self(digits))
    }

    /// The full 12 digits — only for the field it fills or a lawful 番号確認.
    pub fn reveal(&self) -> String {
        self.0.iter().map(|d| char::from(b'0' + d)).collect()
    }

    /// All but the last four digits replaced by `*`: `********1234`.
    pub fn masked(&self) -> String {
        let revealed = self.reveal();
        format!("********{}", revealed.get(8..).unwrap_or_default())
    }
}

impl std::fmt::Debug for MyNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "MyNumber({})", self.masked())
    }
}

impl std::fmt::Display for MyNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.masked())
    }
}

/// How the My Number appears in JSON output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MyNumberDisplay {
    /// `********1234` (default).
    #[default]
    Masked,
    /// All 12 digits.
    Revealed,
}

/// Sex per ISO/IEC 5218.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sex {
    /// 0
    NotKnown,
    /// 1
    Male,
    /// 2
    Female,
    /// 9
    NotApplicable,
}

impl Sex {
    /// The ISO/IEC 5218 code.
    pub fn code(self) -> u8 {
        match self {
            Sex::NotKnown => 0,
            Sex::Male => 1,
            Sex::Female => 2,
            Sex::NotApplicable => 9,
        }
    }

    fn from_code(code: i128) -> Option<Self> {
        match code {
            0 => Some(Sex::NotKnown),
            1 => Some(Sex::Male),
            2 => Some(Sex::Female),
            9 => Some(Sex::NotApplicable),
            _ => None,
        }
    }
}

/// `birth_date` of `org.iso.23220.1`: a full-date, possibly with an approximate mask.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BirthDate {
    /// The date.
    pub date: time::Date,
    /// Whether the issuer marked part of the date as approximate (`approximate_mask` present).
    pub approximate: bool,
}

/// Typed accessors over a verified My Number Card document. Each returns `Ok(None)` when the element was not
/// disclosed and [`Error::ClaimType`] when it has the wrong type.
#[derive(Debug, Clone, Copy)]
pub struct MyNumberCard<'a> {
    doc: &'a VerifiedDocument,
}

impl<'a> MyNumberCard<'a> {
    pub(crate) fn new(doc: &'a VerifiedDocument) -> Self {
        Self { doc }
    }

    fn text(&self, ns: &'static str, el: &'static str) -> Result<Option<&'a str>, Error> {
        match self.doc.claim(ns, el) {
            None => Ok(None),
            Some(v) => v.as_text().map(Some).ok_or(Error::ClaimType {
                namespace: ns,
                element: el,
            }),
        }
    }

    /// 氏名 (`full_name_unicode`).
    pub fn full_name(&self) -> Result<Option<&'a str>, Error> {
        self.text(NS_JP, "full_name_unicode")
    }

    /// 住所 (`resident_address_unicode`).
    pub fn resident_address(&self) -> Result<Option<&'a str>, Error> {
        self.text(NS_JP, "resident_address_unicode")
    }

    /// 市区町村コード (`local_gov_code_unicode`).
    pub fn local_gov_code(&self) -> Result<Option<&'a str>, Error> {
        self.text(NS_JP, "local_gov_code_unicode")
    }

    /// 個人番号 (`individual_number_unicode`), check digit validated.
    pub fn my_number(&self) -> Result<Option<MyNumber>, Error> {
        self.text(NS_JP, "individual_number_unicode")?
            .map(MyNumber::parse)
            .transpose()
    }

    /// 生年月日 as printed (`birth_date_unicode`, e.g. `平成2年3月4日`).
    pub fn birth_date_printed(&self) -> Result<Option<&'a str>, Error> {
        self.text(NS_JP, "birth_date_unicode")
    }

    /// 性別 as printed (`sex_unicode`, `男` / `女`).
    pub fn sex_printed(&self) -> Result<Option<&'a str>, Error> {
        self.text(NS_JP, "sex_unicode")
    }

    /// 顔写真 (`portrait`, JPEG bytes).
    pub fn portrait(&self) -> Result<Option<&'a [u8]>, Error> {
        let wrong = Error::ClaimType {
            namespace: NS_JP,
            element: "portrait",
        };
        match self.doc.claim(NS_JP, "portrait") {
            None => Ok(None),
            Some(v) => v.as_bytes().map(Some).ok_or(wrong),
        }
    }

    /// `birth_date` of `org.iso.23220.1`: tag 1004 full-date or `{birth_date, ?approximate_mask}`.
    pub fn birth_date(&self) -> Result<Option<BirthDate>, Error> {
        let wrong = Error::ClaimType {
            namespace: NS_ISO,
            element: "birth_date",
        };
        match self.doc.claim(NS_ISO, "birth_date") {
            None => Ok(None),
            Some(ClaimValue::FullDate(date)) => Ok(Some(BirthDate {
                date: *date,
                approximate: false,
            })),
            Some(ClaimValue::Map(entries)) => {
                let field = |name: &str| {
                    entries
                        .iter()
                        .find(|(k, _)| k.as_text() == Some(name))
                        .map(|(_, v)| v)
                };
                let date = field("birth_date")
                    .and_then(ClaimValue::as_full_date)
                    .ok_or(wrong)?;
                Ok(Some(BirthDate {
                    date,
                    approximate: field("approximate_mask").is_some(),
                }))
            }
            Some(_) => Err(wrong),
        }
    }

    /// `sex` of `org.iso.23220.1` (ISO/IEC 5218 code).
    pub fn sex(&self) -> Result<Option<Sex>, Error> {
        let wrong = Error::ClaimType {
            namespace: NS_ISO,
            element: "sex",
        };
        match self.doc.claim(NS_ISO, "sex") {
            None => Ok(None),
            Some(v) => v
                .as_integer()
                .and_then(Sex::from_code)
                .map(Some)
                .ok_or(wrong),
        }
    }

    /// `age_in_years` of `org.iso.23220.1`.
    pub fn age_in_years(&self) -> Result<Option<u32>, Error> {
        let wrong = Error::ClaimType {
            namespace: NS_ISO,
            element: "age_in_years",
        };
        match self.doc.claim(NS_ISO, "age_in_years") {
            None => Ok(None),
            Some(v) => v
                .as_integer()
                .and_then(|n| u32::try_from(n).ok())
                .map(Some)
                .ok_or(wrong),
        }
    }

    /// `age_over_NN` of `org.iso.23220.1` (e.g. `age_over(20)`); `Ok(None)` if not disclosed.
    pub fn age_over(&self, years: u8) -> Result<Option<bool>, Error> {
        let element = format!("age_over_{years:02}");
        match self.doc.claim(NS_ISO, &element) {
            None => Ok(None),
            Some(v) => v.as_bool().map(Some).ok_or(Error::ClaimType {
                namespace: NS_ISO,
                element: "age_over_NN",
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_a_number_with_a_valid_check_digit() {
        // 12345678901 → sum 1*6+2*5+3*4+4*3+5*2+6*7+7*6+8*5+9*4+0*3+1*2 = 212; 212 mod 11 = 3; check 8.
        assert!(MyNumber::parse("123456789018").is_ok());
    }

    #[test]
    fn rejects_a_number_whose_check_digit_differs() {
        assert_eq!(MyNumber::parse("123456789010"), Err(Error::MyNumber));
    }

    #[test]
    fn rejects_non_digits_and_wrong_length() {
        assert_eq!(MyNumber::parse("12345678901a"), Err(Error::MyNumber));
        assert_eq!(
            MyNumber::parse("１２３４５６７８９０１８"),
            Err(Error::MyNumber)
        );
        assert_eq!(MyNumber::parse("12345678901"), Err(Error::MyNumber));
    }

    #[test]
    fn debug_and_display_mask_all_but_the_last_four_digits() {
        let n = MyNumber::parse("123456789018").unwrap();
        assert_eq!(n.to_string(), "********9018");
        assert_eq!(format!("{n:?}"), "MyNumber(********9018)");
        assert_eq!(n.reveal(), "123456789018");
    }
}
