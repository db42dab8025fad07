//! Fictional holders of the smartphone My Number Card, with the data elements of DESIGN.md "The card as an
//! mdoc": namespace `org.iso.23220.1.jp` (as printed on the card) and `org.iso.23220.1` (ISO/IEC 23220-2
//! typed forms: full-date birth date, ISO/IEC 5218 sex, age attestations).
//!
//! Every name, street and number here is made up ("見本" means "sample"); the municipality codes are the
//! real JIS X 0402 codes of real municipalities so that prefecture/municipality look-ups work. My Numbers
//! carry a valid check digit. The 18- and 19-year-olds are born relative to the reference date passed in,
//! so they keep their age whether tests run on the fixed [`REFERENCE_DATE`] or today.

use crate::issuer::cbor::Cbor;

mod portrait;
pub use portrait::portrait_jpeg;
use time::macros::date;
use time::{Date, Duration, Month};

/// Document type of the smartphone My Number Card.
pub const DOC_TYPE_MNC: &str = "org.iso.23220.1.jp.mnc";
/// Namespace of the Japan-specific elements as printed on the card.
pub const NS_JP: &str = "org.iso.23220.1.jp";
/// Namespace of the ISO/IEC 23220-2 elements.
pub const NS_ISO: &str = "org.iso.23220.1";

/// The fixed reference date for reproducible tests.
pub const REFERENCE_DATE: Date = date!(2026 - 12 - 01);

/// Size of the generated portraits (close to a real card's face photo).
pub const PORTRAIT_LEN: usize = 20 * 1024;

/// Ids of every person in [`roster`], in order.
pub const IDS: [&str; 5] = ["taro", "hanako", "smith", "kenta", "misaki"];

/// The `age_over_NN` attestations each credential carries (18 adulthood, 20 alcohol/tobacco, 65 seniors).
pub const AGE_OVER: [u32; 3] = [18, 20, 65];

/// Sex as ISO/IEC 5218 codes it and as the card prints it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sex {
    /// 男, code 1.
    Male,
    /// 女, code 2.
    Female,
}

impl Sex {
    /// ISO/IEC 5218 code.
    pub fn iso5218(self) -> u64 {
        match self {
            Sex::Male => 1,
            Sex::Female => 2,
        }
    }

    /// As printed on the card.
    pub fn printed(self) -> &'static str {
        match self {
            Sex::Male => "男",
            Sex::Female => "女",
        }
    }
}

/// How the card prints the birth date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Calendar {
    /// 和暦 (Japanese era), used for Japanese nationals: `平成元年5月15日`.
    Wareki,
    /// 西暦 (Gregorian), used for foreign residents: `1985年12月3日`.
    Seireki,
}

/// One data element of a credential.
#[derive(Clone, Debug, PartialEq)]
pub struct Element {
    /// Namespace, e.g. `org.iso.23220.1.jp`.
    pub namespace: &'static str,
    /// Element identifier, e.g. `full_name_unicode`.
    pub identifier: &'static str,
    /// Element value.
    pub value: Cbor,
}

/// A fictional card holder. `Debug` shows only the id.
#[derive(Clone, PartialEq)]
pub struct Person {
    id: &'static str,
    full_name: String,
    address: String,
    local_gov_code: String,
    individual_number: String,
    birth_date: Date,
    calendar: Calendar,
    sex: Sex,
    portrait: Vec<u8>,
}

impl core::fmt::Debug for Person {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Person")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

impl Person {
    /// Short id (`taro`, `hanako`, `smith`, `kenta`, `misaki`).
    pub fn id(&self) -> &'static str {
        self.id
    }
    /// 氏名 as on the card (surname, U+3000, given name; Latin capitals for a foreign resident).
    pub fn full_name(&self) -> &str {
        &self.full_name
    }
    /// 住所 as on the card (full-width digits and dashes).
    pub fn address(&self) -> &str {
        &self.address
    }
    /// 市区町村コード, 6 digits with check digit.
    pub fn local_gov_code(&self) -> &str {
        &self.local_gov_code
    }
    /// 個人番号, 12 digits with a valid check digit.
    pub fn individual_number(&self) -> &str {
        &self.individual_number
    }
    /// Birth date.
    pub fn birth_date(&self) -> Date {
        self.birth_date
    }
    /// Birth date as printed (和暦 or 西暦).
    pub fn birth_date_printed(&self) -> String {
        match self.calendar {
            Calendar::Wareki => wareki(self.birth_date),
            Calendar::Seireki => format!(
                "{}年{}月{}日",
                self.birth_date.year(),
                u8::from(self.birth_date.month()),
                self.birth_date.day()
            ),
        }
    }
    /// The calendar the card prints the birth date in.
    pub fn calendar(&self) -> Calendar {
        self.calendar
    }
    /// Sex.
    pub fn sex(&self) -> Sex {
        self.sex
    }
    /// Portrait JPEG bytes.
    pub fn portrait(&self) -> &[u8] {
        &self.portrait
    }
    /// Replaces the portrait (e.g. a smaller one to keep a test fast).
    pub fn with_portrait(mut self, portrait: Vec<u8>) -> Self {
        self.portrait = portrait;
        self
    }

    /// Age in completed years on `at`.
    pub fn age_on(&self, at: Date) -> u32 {
        let b = self.birth_date;
        let mut years = at.year() - b.year();
        if (u8::from(at.month()), at.day()) < (u8::from(b.month()), b.day()) {
            years -= 1;
        }
        u32::try_from(years).unwrap_or(0)
    }

    /// Every element of the credential issued on `issued_on` (ages are computed for that day).
    pub fn elements(&self, issued_on: Date) -> Vec<Element> {
        let age = self.age_on(issued_on);
        let jp = |identifier, value| Element {
            namespace: NS_JP,
            identifier,
            value,
        };
        let iso = |identifier, value| Element {
            namespace: NS_ISO,
            identifier,
            value,
        };
        let mut out = vec![
            jp("full_name_unicode", Cbor::text(&self.full_name)),
            jp("resident_address_unicode", Cbor::text(&self.address)),
            jp("local_gov_code_unicode", Cbor::text(&self.local_gov_code)),
            jp(
                "individual_number_unicode",
                Cbor::text(&self.individual_number),
            ),
            jp("birth_date_unicode", Cbor::Text(self.birth_date_printed())),
            jp("sex_unicode", Cbor::text(self.sex.printed())),
            jp("portrait", Cbor::Bytes(self.portrait.clone())),
            iso("birth_date", Cbor::full_date(iso_date(self.birth_date))),
            iso("sex", Cbor::Uint(self.sex.iso5218())),
            iso("age_in_years", Cbor::Uint(u64::from(age))),
        ];
        for nn in AGE_OVER {
            out.push(iso(age_over_identifier(nn), Cbor::Bool(age >= nn)));
        }
        out
    }
}

/// The identifier `age_over_NN` for the supported thresholds.
fn age_over_identifier(nn: u32) -> &'static str {
    match nn {
        18 => "age_over_18",
        20 => "age_over_20",
        _ => "age_over_65",
    }
}

/// Every fictional person, with the young ones aged relative to `reference`.
pub fn roster(reference: Date) -> Vec<Person> {
    IDS.iter().filter_map(|id| person(id, reference)).collect()
}

/// One person by id, aged relative to `reference`.
pub fn person(id: &str, reference: Date) -> Option<Person> {
    let make = |id: &'static str,
                name: &str,
                address: &str,
                municipality: &str,
                number_base: &str,
                birth_date: Date,
                calendar: Calendar,
                sex: Sex| {
        Person {
            id,
            full_name: name.to_owned(),
            address: address.to_owned(),
            local_gov_code: with_local_gov_check_digit(municipality),
            individual_number: with_my_number_check_digit(number_base),
            birth_date,
            calendar,
            sex,
            portrait: portrait_jpeg(id, PORTRAIT_LEN),
        }
    };
    let p = match id {
        // Born in 平成元年 (the first year of Heisei); lives in a ward of a 政令指定都市 (札幌市中央区, 01101).
        "taro" => make(
            "taro",
            "見本　太郎",
            "北海道札幌市中央区見本町北１条西２丁目３－４",
            "01101",
            "12345678901",
            date!(1989 - 05 - 15),
            Calendar::Wareki,
            Sex::Male,
        ),
        // Born in 昭和; lives in a town of a 郡 (長野県北佐久郡軽井沢町, 20321).
        "hanako" => make(
            "hanako",
            "見本　花子",
            "長野県北佐久郡軽井沢町大字見本１２３４－５",
            "20321",
            "23456789012",
            date!(1971 - 09 - 01),
            Calendar::Wareki,
            Sex::Female,
        ),
        // A foreign resident: Latin-script name, 西暦 birth date (東京都新宿区, 13104).
        "smith" => make(
            "smith",
            "SMITH JOHN",
            "東京都新宿区見本町３－４－５　見本ハイツ１０１",
            "13104",
            "34567890123",
            date!(1985 - 12 - 03),
            Calendar::Seireki,
            Sex::Male,
        ),
        // 18 years old on `reference` (大阪市北区, 27127).
        "kenta" => make(
            "kenta",
            "見本　健太",
            "大阪府大阪市北区見本町１－２－３",
            "27127",
            "45678901234",
            years_before(reference, 18) - Duration::days(40),
            Calendar::Wareki,
            Sex::Male,
        ),
        // 19 years old on `reference` (福岡市博多区, 40132).
        "misaki" => make(
            "misaki",
            "見本　美咲",
            "福岡県福岡市博多区見本町４－５－６",
            "40132",
            "56789012345",
            years_before(reference, 19) - Duration::days(100),
            Calendar::Wareki,
            Sex::Female,
        ),
        _ => return None,
    };
    Some(p)
}

fn years_before(reference: Date, years: i32) -> Date {
    let year = reference.year() - years;
    reference
        .replace_year(year)
        .or_else(|_| Date::from_calendar_date(year, Month::February, 28))
        .unwrap_or(reference)
}

/// `YYYY-MM-DD` (RFC 3339 full-date).
pub fn iso_date(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// The date in 和暦 as the card prints it: era, year (元 for the first), month, day.
pub fn wareki(d: Date) -> String {
    const ERAS: [(&str, Date); 4] = [
        ("令和", date!(2019 - 05 - 01)),
        ("平成", date!(1989 - 01 - 08)),
        ("昭和", date!(1926 - 12 - 25)),
        ("大正", date!(1912 - 07 - 30)),
    ];
    let month = u8::from(d.month());
    let day = d.day();
    for (era, start) in ERAS {
        if d >= start {
            let year = d.year() - start.year() + 1;
            let year = if year == 1 {
                "元".to_owned()
            } else {
                year.to_string()
            };
            return format!("{era}{year}年{month}月{day}日");
        }
    }
    format!("{}年{month}月{day}日", d.year())
}

/// Appends the My Number check digit to 11 digits: weights 6,5,4,3,2,7,6,5,4,3,2, r = sum mod 11, check = 0
/// if r <= 1 else 11 - r (個人番号の検査用数字, 総務省令第85号 第5条).
pub fn with_my_number_check_digit(first_eleven: &str) -> String {
    const WEIGHTS: [u32; 11] = [6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
    let sum: u32 = first_eleven
        .chars()
        .filter_map(|c| c.to_digit(10))
        .zip(WEIGHTS)
        .map(|(d, w)| d * w)
        .sum();
    let r = sum % 11;
    let check = if r <= 1 { 0 } else { 11 - r };
    format!("{first_eleven}{check}")
}

/// Appends the JIS X 0402 check digit to a 5-digit municipality code: weights 6,5,4,3,2, r = sum mod 11,
/// check = (11 - r) mod 10.
pub fn with_local_gov_check_digit(first_five: &str) -> String {
    const WEIGHTS: [u32; 5] = [6, 5, 4, 3, 2];
    let sum: u32 = first_five
        .chars()
        .filter_map(|c| c.to_digit(10))
        .zip(WEIGHTS)
        .map(|(d, w)| d * w)
        .sum();
    let check = (11 - sum % 11) % 10;
    format!("{first_five}{check}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn my_number_is_valid(n: &str) -> bool {
        n.len() == 12
            && n.chars().all(|c| c.is_ascii_digit())
            && with_my_number_check_digit(&n[..11]) == n
    }

    #[test]
    fn check_digits_match_known_values() {
        // Published municipality codes: 札幌市中央区, 千代田区, 大阪市北区, 箱根町.
        assert_eq!(with_local_gov_check_digit("01101"), "011011");
        assert_eq!(with_local_gov_check_digit("13101"), "131016");
        assert_eq!(with_local_gov_check_digit("27127"), "271276");
        assert_eq!(with_local_gov_check_digit("14382"), "143821");
        // My Number rule worked by hand: 12345678901 -> sum 1*6+2*5+3*4+4*3+5*2+6*7+7*6+8*5+9*4+0*3+1*2 = 212,
        // 212 mod 11 = 3, check 8.
        assert_eq!(with_my_number_check_digit("12345678901"), "123456789018");
    }

    #[test]
    fn every_person_has_a_valid_my_number_and_six_digit_code() {
        for p in roster(REFERENCE_DATE) {
            assert!(my_number_is_valid(p.individual_number()), "{}", p.id());
            assert_eq!(p.local_gov_code().len(), 6, "{}", p.id());
        }
    }

    #[test]
    fn wareki_writes_gannen_for_the_first_year_of_an_era() {
        assert_eq!(wareki(date!(1989 - 05 - 15)), "平成元年5月15日");
        assert_eq!(wareki(date!(1989 - 01 - 07)), "昭和64年1月7日");
        assert_eq!(wareki(date!(2019 - 05 - 01)), "令和元年5月1日");
        assert_eq!(wareki(date!(1990 - 03 - 04)), "平成2年3月4日");
    }

    #[test]
    fn young_people_are_eighteen_and_nineteen_on_any_reference_date() {
        for reference in [REFERENCE_DATE, date!(2031 - 02 - 28), date!(2028 - 03 - 01)] {
            let kenta = person("kenta", reference).unwrap();
            let misaki = person("misaki", reference).unwrap();
            assert_eq!(kenta.age_on(reference), 18);
            assert_eq!(misaki.age_on(reference), 19);
            let over_20 = kenta
                .elements(reference)
                .into_iter()
                .find(|e| e.identifier == "age_over_20")
                .unwrap();
            assert_eq!(over_20.value, Cbor::Bool(false));
        }
    }

    #[test]
    fn foreign_resident_has_latin_name_and_gregorian_date() {
        let smith = person("smith", REFERENCE_DATE).unwrap();
        assert_eq!(smith.full_name(), "SMITH JOHN");
        assert_eq!(smith.birth_date_printed(), "1985年12月3日");
        let taro = person("taro", REFERENCE_DATE).unwrap();
        assert_eq!(taro.birth_date_printed(), "平成元年5月15日");
        assert!(taro.full_name().contains('\u{3000}'));
    }

    #[test]
    fn debug_shows_the_id_only() {
        let p = person("hanako", REFERENCE_DATE).unwrap();
        let text = format!("{p:?}");
        assert!(text.contains("hanako"));
        assert!(!text.contains("見本"));
        assert!(!text.contains(p.individual_number()));
    }
}
