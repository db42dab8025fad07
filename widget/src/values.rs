//! The values the widget can put into a form, derived from the normalised claims (`mynaform-jp`).
//!
//! Personal data: `Debug` prints only which values are present, never the values.

use std::fmt;

/// 性別 as ISO/IEC 5218.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Sex {
    /// 1, 男.
    Male,
    /// 2, 女.
    Female,
}

/// A birth date with its 和暦 form.
#[derive(Clone, PartialEq, Eq)]
pub struct BirthDate {
    /// 西暦 year.
    pub year: u32,
    /// Month 1–12.
    pub month: u32,
    /// Day 1–31.
    pub day: u32,
    /// 元号 name (明治/大正/昭和/平成/令和) and year in era (1 = 元年), when the date falls in an era.
    pub era: Option<(String, u32)>,
}

/// Everything that can be filled; absent values leave their fields alone.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct FormValues {
    /// 姓.
    pub family_name: Option<String>,
    /// 名.
    pub given_name: Option<String>,
    /// 氏名 as on the card.
    pub full_name: Option<String>,
    /// 生年月日.
    pub birth_date: Option<BirthDate>,
    /// 性別.
    pub sex: Option<Sex>,
    /// 郵便番号, 7 ASCII digits.
    pub postal_code: Option<String>,
    /// 都道府県 name.
    pub prefecture: Option<String>,
    /// 都道府県コード, two digits (JIS X 0401).
    pub prefecture_code: Option<String>,
    /// 市区町村.
    pub city: Option<String>,
    /// 町域 + 番地.
    pub address_line1: Option<String>,
    /// 建物.
    pub address_line2: Option<String>,
    /// The whole address.
    pub full_address: Option<String>,
    /// 個人番号, 12 ASCII digits.
    pub my_number: Option<String>,
    /// Result of an age check.
    pub age_verified: Option<bool>,
}

impl fmt::Debug for FormValues {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Presence only: the values are personal data.
        f.debug_struct("FormValues")
            .field("family_name", &self.family_name.is_some())
            .field("given_name", &self.given_name.is_some())
            .field("full_name", &self.full_name.is_some())
            .field("birth_date", &self.birth_date.is_some())
            .field("sex", &self.sex.is_some())
            .field("postal_code", &self.postal_code.is_some())
            .field("prefecture", &self.prefecture.is_some())
            .field("city", &self.city.is_some())
            .field("address_line1", &self.address_line1.is_some())
            .field("address_line2", &self.address_line2.is_some())
            .field("full_address", &self.full_address.is_some())
            .field("my_number", &self.my_number.is_some())
            .field("age_verified", &self.age_verified)
            .finish()
    }
}

/// Prefecture names in JIS X 0401 order (index + 1 = code): the `jp` crate's table.
pub use mynaform_jp::municipality::PREFECTURES;

/// The JIS X 0401 code (1–47) of a prefecture name.
pub fn prefecture_code(name: &str) -> Option<u32> {
    let position = PREFECTURES.iter().position(|p| *p == name)?;
    u32::try_from(position + 1).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_hides_values() {
        let values = FormValues {
            full_name: Some("山田\u{3000}太郎".into()),
            my_number: Some("123456789018".into()),
            ..Default::default()
        };
        let printed = format!("{values:?}");
        assert!(!printed.contains("山田"));
        assert!(!printed.contains("1234"));
        assert!(printed.contains("full_name: true"));
    }

    #[test]
    fn prefecture_codes_follow_jis_order() {
        assert_eq!(prefecture_code("北海道"), Some(1));
        assert_eq!(prefecture_code("東京都"), Some(13));
        assert_eq!(prefecture_code("沖縄県"), Some(47));
        assert_eq!(prefecture_code("東京"), None);
    }
}
