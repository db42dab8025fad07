//! Prefectures (JIS X 0401) and municipalities (JIS X 0402, 全国地方公共団体コード) from an offline table
//! generated from Japan Post's KEN_ALL (`tools/jp-data`): every current municipality as Japan Post writes
//! it (政令指定都市 with its ward, 郡 with its town) and the designated cities themselves.
use std::sync::OnceLock;

use crate::width::fold;

/// The 47 prefectures in JIS X 0401 order (code = index + 1).
pub const PREFECTURES: [&str; 47] = [
    "北海道",
    "青森県",
    "岩手県",
    "宮城県",
    "秋田県",
    "山形県",
    "福島県",
    "茨城県",
    "栃木県",
    "群馬県",
    "埼玉県",
    "千葉県",
    "東京都",
    "神奈川県",
    "新潟県",
    "富山県",
    "石川県",
    "福井県",
    "山梨県",
    "長野県",
    "岐阜県",
    "静岡県",
    "愛知県",
    "三重県",
    "滋賀県",
    "京都府",
    "大阪府",
    "兵庫県",
    "奈良県",
    "和歌山県",
    "鳥取県",
    "島根県",
    "岡山県",
    "広島県",
    "山口県",
    "徳島県",
    "香川県",
    "愛媛県",
    "高知県",
    "福岡県",
    "佐賀県",
    "長崎県",
    "熊本県",
    "大分県",
    "宮崎県",
    "鹿児島県",
    "沖縄県",
];

/// A prefecture (都道府県), JIS X 0401 code 1..=47.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Prefecture(u8);

impl Prefecture {
    /// The prefecture with JIS X 0401 code `code`.
    #[must_use]
    pub fn from_code(code: u8) -> Option<Self> {
        (1..=47).contains(&code).then_some(Self(code))
    }

    /// The prefecture's name (`東京都`).
    #[must_use]
    pub fn name(self) -> &'static str {
        PREFECTURES
            .get(usize::from(self.0).wrapping_sub(1))
            .copied()
            .unwrap_or_default()
    }

    /// The two-digit code (`13`).
    #[must_use]
    pub fn code(self) -> String {
        format!("{:02}", self.0)
    }

    /// The prefecture whose name starts `text` (after folding), and the name's length in characters.
    pub(crate) fn at_start(folded: &[char]) -> Option<(Self, usize)> {
        PREFECTURES.iter().zip(1u8..).find_map(|(name, code)| {
            let len = name.chars().count();
            (folded.len() >= len && folded.iter().zip(name.chars()).all(|(a, b)| *a == b))
                .then_some((Self(code), len))
        })
    }
}

/// A 市区町村コード: five digits (JIS X 0402), written on the card with or without the sixth, check digit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LocalGovCode(u32);

/// Why a local government code is not valid.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LocalGovCodeError {
    /// Not five or six digits.
    #[error("a local government code has five or six digits")]
    Length,
    /// The sixth digit is not the check digit of the first five.
    #[error("the local government code check digit is wrong")]
    CheckDigit,
    /// The first two digits are not a prefecture code.
    #[error("the local government code names no prefecture")]
    Prefecture,
}

impl LocalGovCode {
    /// Parses five digits, or six with a valid check digit; full-width digits accepted.
    pub fn parse(text: &str) -> Result<Self, LocalGovCodeError> {
        let folded = fold(text);
        let digits: Vec<u32> = folded
            .trim()
            .chars()
            .map(|c| c.to_digit(10))
            .collect::<Option<_>>()
            .ok_or(LocalGovCodeError::Length)?;
        let code5 = match digits.as_slice() {
            [a, b, c, d, e] => [*a, *b, *c, *d, *e],
            [a, b, c, d, e, check] => {
                let code5 = [*a, *b, *c, *d, *e];
                if check_digit(code5) != *check {
                    return Err(LocalGovCodeError::CheckDigit);
                }
                code5
            }
            _ => return Err(LocalGovCodeError::Length),
        };
        Self::from_value(code5.iter().fold(0, |acc, d| acc * 10 + d))
            .ok_or(LocalGovCodeError::Prefecture)
    }

    /// The code with this five-digit value, if its first two digits name a prefecture.
    fn from_value(value: u32) -> Option<Self> {
        if value >= 100_000 {
            return None;
        }
        Prefecture::from_code(u8::try_from(value / 1000).ok()?)?;
        Some(Self(value))
    }

    /// The prefecture named by the first two digits.
    #[must_use]
    pub fn prefecture(self) -> Prefecture {
        Prefecture(u8::try_from(self.0 / 1000).unwrap_or(0))
    }

    /// The five-digit form.
    #[must_use]
    pub fn code5(self) -> String {
        format!("{:05}", self.0)
    }

    /// The six-digit form with its check digit.
    #[must_use]
    pub fn code6(self) -> String {
        let digits = [
            self.0 / 10000,
            self.0 / 1000 % 10,
            self.0 / 100 % 10,
            self.0 / 10 % 10,
            self.0 % 10,
        ];
        format!("{:05}{}", self.0, check_digit(digits))
    }
}

/// 地方公共団体コード check digit: weights 6,5,4,3,2, r = sum mod 11, check = (11 - r) mod 10.
fn check_digit(code5: [u32; 5]) -> u32 {
    let sum: u32 = code5.iter().zip([6, 5, 4, 3, 2]).map(|(d, w)| d * w).sum();
    (11 - sum % 11) % 10
}

/// A municipality from the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Municipality {
    /// Its code.
    pub code: LocalGovCode,
    /// Its name as Japan Post writes it (`札幌市中央区`, `虻田郡洞爺湖町`, `千代田区`).
    pub name: &'static str,
}

impl Municipality {
    /// The prefecture it belongs to.
    #[must_use]
    pub fn prefecture(self) -> Prefecture {
        self.code.prefecture()
    }

    /// The name without its county (`虻田郡洞爺湖町` → `洞爺湖町`), for addresses that omit the 郡.
    fn without_county(self) -> Option<&'static str> {
        let (_, town) = self.name.split_once('郡')?;
        (!town.is_empty()).then_some(town)
    }

    /// Whether this is a designated city (政令指定都市) itself, i.e. a city with wards in the table.
    fn is_designated_city(self) -> bool {
        self.name.ends_with('市') && self.wards().next().is_some()
    }

    /// The wards of a designated city.
    pub(crate) fn wards(self) -> impl Iterator<Item = Municipality> {
        let name = self.name;
        let prefecture = self.prefecture();
        table().iter().copied().filter(move |m| {
            m.prefecture() == prefecture
                && m.name.len() > name.len()
                && m.name.starts_with(name)
                && m.name.ends_with('区')
        })
    }
}

/// The generated table, front-coded (see `tools/jp-data/generate.py`, `municipality_lines`): per line
/// `code step \t shared prefix \t rest of the name`, an empty step meaning 1 and an empty prefix 0.
const TABLE_SOURCE: &str = include_str!("../data/municipalities.tsv");

/// The decoded table: every name, in code order, and the codes.
struct Table {
    names: String,
    entries: Vec<(LocalGovCode, std::ops::Range<usize>)>,
}

static DECODED: OnceLock<Table> = OnceLock::new();
static TABLE: OnceLock<Vec<Municipality>> = OnceLock::new();

/// Decodes the front-coded source; a malformed line (never in the generated file) ends the table.
fn decode(source: &str) -> Table {
    let mut names = String::new();
    let mut entries = Vec::new();
    let mut code = 0u32;
    let mut previous = 0..0;
    for line in source.lines().filter(|line| !line.starts_with('#')) {
        let mut fields = line.splitn(3, '\t');
        let (Some(step), Some(shared), Some(rest)) = (fields.next(), fields.next(), fields.next())
        else {
            break;
        };
        let step = if step.is_empty() {
            Ok(1)
        } else {
            step.parse::<u32>()
        };
        let shared = if shared.is_empty() {
            Ok(0)
        } else {
            shared.parse::<usize>()
        };
        let (Ok(step), Ok(shared)) = (step, shared) else {
            break;
        };
        code = code.saturating_add(step);
        let Some(prefix) = names.get(previous.clone()).map(|name| {
            name.char_indices()
                .nth(shared)
                .map_or(name.len(), |(at, _)| at)
        }) else {
            break;
        };
        let start = names.len();
        names.extend_from_within(previous.start..previous.start + prefix);
        names.push_str(rest);
        previous = start..names.len();
        let Some(gov_code) = LocalGovCode::from_value(code) else {
            break;
        };
        entries.push((gov_code, previous.clone()));
    }
    Table { names, entries }
}

/// The municipality table, decoded on first use.
fn table() -> &'static [Municipality] {
    TABLE.get_or_init(|| {
        let decoded = DECODED.get_or_init(|| decode(TABLE_SOURCE));
        decoded
            .entries
            .iter()
            .filter_map(|(code, range)| {
                Some(Municipality {
                    code: *code,
                    name: decoded.names.get(range.clone())?,
                })
            })
            .collect()
    })
}

/// The municipality with this code, if it is current.
#[must_use]
pub fn municipality_by_code(code: LocalGovCode) -> Option<Municipality> {
    let table = table();
    table
        .binary_search_by_key(&code, |m| m.code)
        .ok()
        .and_then(|index| table.get(index).copied())
}

/// How the start of an address matched a municipality.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CityMatch {
    /// One municipality; `len` characters of the input belong to it.
    Found {
        municipality: Municipality,
        len: usize,
    },
    /// Several municipalities match equally well (same-named towns in different prefectures).
    Ambiguous,
    /// None matches.
    NotFound,
}

/// Whether `folded` starts with `name`.
fn starts_with(folded: &[char], name: &str) -> Option<usize> {
    let mut len = 0;
    for expected in name.chars() {
        if folded.get(len).copied() != Some(crate::width::fold_char(expected)) {
            return None;
        }
        len += 1;
    }
    Some(len)
}

/// The name, or the name without its county, that `folded` starts with (the full name preferred).
fn match_one(folded: &[char], municipality: Municipality) -> Option<usize> {
    starts_with(folded, municipality.name).or_else(|| {
        municipality
            .without_county()
            .and_then(|town| starts_with(folded, town))
    })
}

/// Longest match of a municipality at the start of `folded` among those of `prefecture` (or all).
pub(crate) fn match_city(folded: &[char], prefecture: Option<Prefecture>) -> CityMatch {
    let mut best: Option<(Municipality, usize)> = None;
    let mut tie = false;
    for &municipality in table() {
        if prefecture.is_some_and(|p| p != municipality.prefecture()) {
            continue;
        }
        let Some(len) = match_one(folded, municipality) else {
            continue;
        };
        match best {
            Some((_, best_len)) if len < best_len => {}
            Some((_, best_len)) if len == best_len => tie = true,
            _ => {
                best = Some((municipality, len));
                tie = false;
            }
        }
    }
    match best {
        Some(_) if tie => CityMatch::Ambiguous,
        Some((municipality, len)) => CityMatch::Found { municipality, len },
        None => CityMatch::NotFound,
    }
}

/// Where a municipality known from its code ends at the start of `folded`: its own name (or without its
/// county), or for a designated city, the city followed by one of its wards (which is then returned).
pub(crate) fn match_known_city(
    folded: &[char],
    municipality: Municipality,
) -> Option<(Municipality, usize)> {
    if municipality.is_designated_city() {
        let ward = municipality
            .wards()
            .filter_map(|ward| starts_with(folded, ward.name).map(|len| (ward, len)))
            .max_by_key(|(_, len)| *len);
        if ward.is_some() {
            return ward;
        }
    }
    match_one(folded, municipality)
        .or_else(|| {
            designated_city_of(municipality).and_then(|city| starts_with(folded, city.name))
        })
        .map(|len| (municipality, len))
}

/// The designated city a ward belongs to (`札幌市中央区` → `札幌市`), for addresses that leave the ward out.
fn designated_city_of(ward: Municipality) -> Option<Municipality> {
    if !ward.name.ends_with('区') {
        return None;
    }
    table().iter().copied().find(|city| {
        city.prefecture() == ward.prefecture()
            && city.name.ends_with('市')
            && city.name.len() < ward.name.len()
            && ward.name.starts_with(city.name)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(text: &str) -> LocalGovCode {
        LocalGovCode::parse(text).unwrap_or_else(|e| panic!("test code {text}: {e}"))
    }

    fn chars(text: &str) -> Vec<char> {
        fold(text).chars().collect()
    }

    #[test]
    fn computes_the_check_digit_of_known_codes() {
        assert_eq!(code("01100").code6(), "011002");
        assert_eq!(code("01101").code6(), "011011");
        assert_eq!(code("13101").code6(), "131016");
    }

    #[test]
    fn accepts_six_digit_codes_only_with_the_right_check_digit() {
        assert_eq!(code("131016"), code("13101"));
        assert_eq!(code("１３１０１６"), code("13101"));
        assert_eq!(
            LocalGovCode::parse("131017"),
            Err(LocalGovCodeError::CheckDigit)
        );
        assert_eq!(LocalGovCode::parse("1310"), Err(LocalGovCodeError::Length));
        assert_eq!(
            LocalGovCode::parse("99999"),
            Err(LocalGovCodeError::Prefecture)
        );
    }

    #[test]
    fn finds_wards_counties_and_designated_cities_by_code() {
        assert_eq!(
            municipality_by_code(code("011011")).map(|m| m.name),
            Some("札幌市中央区")
        );
        assert_eq!(
            municipality_by_code(code("011002")).map(|m| m.name),
            Some("札幌市")
        );
        assert_eq!(
            municipality_by_code(code("13101")).map(|m| m.name),
            Some("千代田区")
        );
        assert_eq!(
            municipality_by_code(code("01584")).map(|m| m.name),
            Some("虻田郡洞爺湖町")
        );
        assert_eq!(municipality_by_code(code("13999")), None);
    }

    #[test]
    fn decodes_front_coded_lines() {
        let decoded = decode("# header\n1100\t\t札幌市\n\t3\t中央区\n101\t\t函館市\n");
        let rows: Vec<(String, &str)> = decoded
            .entries
            .iter()
            .map(|(code, range)| (code.code6(), decoded.names.get(range.clone()).unwrap_or("")))
            .collect();
        assert_eq!(
            rows,
            [
                ("011002".to_owned(), "札幌市"),
                ("011011".to_owned(), "札幌市中央区"),
                ("012025".to_owned(), "函館市"),
            ]
        );
    }

    #[test]
    fn stops_at_a_malformed_line_without_panicking() {
        for source in ["x\t\t札幌市\n", "1100\n", "1100\t9\t区\n", "99999\t\t市\n"] {
            let decoded = decode(source);
            assert!(decoded.entries.len() <= 1, "{source:?}");
        }
        assert!(decode("1100\tx\t市\n").entries.is_empty());
    }

    #[test]
    fn the_generated_table_has_every_current_code_in_order() {
        let table = table();
        assert_eq!(table.len(), 1912);
        assert!(table.windows(2).all(|pair| pair[0].code < pair[1].code));
        assert!(table.iter().all(|m| !m.name.is_empty()));
        assert_eq!(
            municipality_by_code(code("47382")).map(|m| m.name),
            Some("八重山郡与那国町")
        );
    }

    #[test]
    fn has_every_prefecture() {
        for number in 1..=47u8 {
            let prefecture =
                Prefecture::from_code(number).unwrap_or_else(|| panic!("prefecture {number}"));
            assert!(
                table().iter().any(|m| m.prefecture() == prefecture),
                "{}",
                prefecture.name()
            );
        }
    }

    #[test]
    fn prefers_the_longest_municipality_name() {
        let found = match_city(&chars("札幌市中央区北一条西"), Prefecture::from_code(1));
        assert!(
            matches!(found, CityMatch::Found { municipality, len: 6 } if municipality.name == "札幌市中央区")
        );
    }

    #[test]
    fn matches_a_town_written_without_its_county() {
        let found = match_city(&chars("洞爺湖町洞爺町"), Prefecture::from_code(1));
        assert!(
            matches!(found, CityMatch::Found { municipality, len: 4 } if municipality.name == "虻田郡洞爺湖町")
        );
    }

    #[test]
    fn reports_same_named_cities_of_different_prefectures_as_ambiguous() {
        assert_eq!(
            match_city(&chars("府中市宮西町"), None),
            CityMatch::Ambiguous
        );
        let tokyo = match_city(&chars("府中市宮西町"), Prefecture::from_code(13));
        assert!(
            matches!(tokyo, CityMatch::Found { municipality, .. } if municipality.code == code("13206"))
        );
    }

    #[test]
    fn accepts_an_address_that_leaves_out_the_ward_of_the_code() {
        let chuo = municipality_by_code(code("01101"))
            .unwrap_or_else(|| panic!("札幌市中央区 is in the table"));
        let found = match_known_city(&chars("札幌市北一条西"), chuo);
        assert_eq!(
            found.map(|(m, len)| (m.name, len)),
            Some(("札幌市中央区", 3))
        );
        let chiyoda = municipality_by_code(code("13101"))
            .unwrap_or_else(|| panic!("千代田区 is in the table"));
        assert_eq!(match_known_city(&chars("中央区銀座"), chiyoda), None);
    }

    #[test]
    fn reads_the_ward_after_a_designated_city_code() {
        let sapporo =
            municipality_by_code(code("01100")).unwrap_or_else(|| panic!("札幌市 is in the table"));
        let found = match_known_city(&chars("札幌市北区北八条西"), sapporo);
        assert_eq!(found.map(|(m, len)| (m.name, len)), Some(("札幌市北区", 5)));
    }
}
