//! Splitting 住所 (`resident_address_unicode`) into prefecture, municipality, address line 1 (town, 丁目,
//! 番地, 号) and address line 2 (building and room).
//!
//! The municipality comes from `local_gov_code_unicode` when present (JIS X 0402 table), otherwise from the
//! longest match against the municipality list (with or without the 郡, restricted to the prefecture the
//! address starts with). The building is split off at the separator the card uses (U+3000 or a space) or,
//! without one, where the address stops looking like a street number (`…３号サンハイツ２０１`).
use crate::municipality::{
    CityMatch, LocalGovCode, Municipality, Prefecture, match_city, match_known_city,
    municipality_by_code,
};
use crate::numerals::is_kanji_numeral;
#[cfg(feature = "postal")]
use crate::numerals::kanji_runs_to_digits;
use crate::warning::Warning;
#[cfg(feature = "postal")]
use crate::width::fold;
use crate::width::fold_char;

/// An address split into its parts; a part that could not be determined is `None`.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct AddressParts {
    /// 都道府県.
    pub prefecture: Option<Prefecture>,
    /// 市区町村.
    pub municipality: Option<Municipality>,
    /// Town, 丁目, 番地, 号, as written on the card.
    pub line1: Option<String>,
    /// Building and room, as written on the card.
    pub line2: Option<String>,
}

impl core::fmt::Debug for AddressParts {
    // Addresses are personal data: only the public parts (prefecture, municipality) are shown.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("AddressParts")
            .field("prefecture", &self.prefecture)
            .field("municipality", &self.municipality)
            .finish_non_exhaustive()
    }
}

/// Splits `address`, using `local_gov_code` when given; problems are pushed to `warnings`.
#[must_use]
pub fn split_address(
    address: &str,
    local_gov_code: Option<&str>,
    warnings: &mut Vec<Warning>,
) -> AddressParts {
    let original: Vec<char> = address
        .trim_matches(|c: char| c.is_whitespace())
        .chars()
        .collect();
    let folded: Vec<char> = original.iter().copied().map(fold_char).collect();
    let stated = Prefecture::at_start(&folded);
    // Spaces between prefecture and municipality are skipped.
    let after_prefecture = stated.map_or(0, |(_, len)| {
        len + folded.iter().skip(len).take_while(|c| **c == ' ').count()
    });
    let rest = folded.get(after_prefecture..).unwrap_or_default();

    let known = local_gov_code.and_then(|text| match LocalGovCode::parse(text) {
        Ok(code) => {
            let found = municipality_by_code(code);
            if found.is_none() {
                warnings.push(Warning::UnknownLocalGovCode);
            }
            found
        }
        Err(_) => {
            warnings.push(Warning::InvalidLocalGovCode);
            None
        }
    });

    let (municipality, city_len) = if let Some(known) = known {
        let matched = match_known_city(rest, known);
        match (stated, matched) {
            (Some((prefecture, _)), _) if prefecture != known.prefecture() => None,
            (_, found) => found,
        }
        .map_or_else(
            || {
                warnings.push(Warning::AddressCodeMismatch);
                (known, None)
            },
            |(municipality, len)| (municipality, Some(len)),
        )
    } else {
        match match_city(rest, stated.map(|(prefecture, _)| prefecture)) {
            CityMatch::Found { municipality, len } => (municipality, Some(len)),
            CityMatch::Ambiguous => {
                warnings.push(Warning::AmbiguousCity);
                return AddressParts {
                    prefecture: stated.map(|(p, _)| p),
                    ..AddressParts::default()
                };
            }
            CityMatch::NotFound => {
                warnings.push(Warning::UnknownCity);
                return AddressParts {
                    prefecture: stated.map(|(p, _)| p),
                    ..AddressParts::default()
                };
            }
        }
    };
    let mut parts = AddressParts {
        prefecture: Some(municipality.prefecture()),
        municipality: Some(municipality),
        ..AddressParts::default()
    };
    if let Some(city_len) = city_len {
        let start = after_prefecture + city_len;
        let rest = original.get(start..).unwrap_or_default();
        let (line1, line2) = split_building(rest, town_len(municipality, rest));
        parts.line1 = line1;
        parts.line2 = line2;
    }
    parts
}

/// How many characters of `rest` the town name takes, when the postal data knows the town.
#[cfg(feature = "postal")]
fn town_len(municipality: Municipality, rest: &[char]) -> usize {
    let text: String = rest.iter().collect();
    crate::postal::town_len(municipality.code, text.trim_start()).map_or(0, |len| {
        len + rest.iter().take_while(|c| c.is_whitespace()).count()
    })
}

/// Without the postal data the town name is not known; the shape of the address alone decides.
#[cfg(not(feature = "postal"))]
fn town_len(_municipality: Municipality, _rest: &[char]) -> usize {
    0
}

/// Splits the part after the municipality into (town + number, building); the street number is looked
/// for after the first `town_len` characters (the town name, when known, may contain numbers: 八丁台).
fn split_building(rest: &[char], town_len: usize) -> (Option<String>, Option<String>) {
    let folded: Vec<char> = rest.iter().copied().map(fold_char).collect();
    let start = folded
        .iter()
        .position(|c| *c != ' ')
        .unwrap_or(folded.len());
    let number_start =
        (start.max(town_len)..folded.len()).find(|&i| number_token_len(&folded, i).is_some());
    // A separator after the street number starts the building (before a number, it is part of the town).
    let separator = folded
        .iter()
        .enumerate()
        .skip(number_start.unwrap_or(start))
        .find(|(_, c)| **c == ' ')
        .map(|(i, _)| i);
    let split_at =
        separator.or_else(|| number_start.and_then(|from| building_start(&folded, from)));
    let text = |range: &[char]| -> Option<String> {
        let s: String = range.iter().collect();
        let s = s.trim_matches(|c: char| c.is_whitespace());
        (!s.is_empty()).then(|| s.to_owned())
    };
    match split_at {
        Some(at) => (
            text(rest.get(start..at).unwrap_or_default()),
            text(rest.get(at..).unwrap_or_default()),
        ),
        None => (text(rest.get(start..).unwrap_or_default()), None),
    }
}

/// Suffixes after a number that keep it inside the town name (北１条西, 東２線, 第５地割, 三番町).
const TOWN_SUFFIXES: [&str; 8] = ["条", "線", "町", "区", "通", "地割", "軒", "丁"];

/// Unit words that end a number token.
const UNITS: [&str; 6] = ["丁目", "番地", "番", "号", "地割", "丁"];

/// The length of the number token at `i`: digits, a kanji numeral followed by a unit, 第 + digits, or one of
/// the connectors (units, dashes, の).
fn number_token_len(folded: &[char], i: usize) -> Option<usize> {
    let c = *folded.get(i)?;
    if c.is_ascii_digit() {
        return Some(
            folded
                .get(i..)?
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count(),
        );
    }
    if c == '第' && folded.get(i + 1).is_some_and(char::is_ascii_digit) {
        return Some(1);
    }
    if is_kanji_numeral(c) {
        let run = folded
            .get(i..)?
            .iter()
            .take_while(|c| is_kanji_numeral(**c))
            .count();
        let after = folded.get(i + run..).unwrap_or_default();
        return UNITS
            .iter()
            .any(|unit| starts_with(after, unit))
            .then_some(run);
    }
    None
}

/// The length of a connector at `i` inside a street number: a unit, a dash or の.
fn connector_len(folded: &[char], i: usize) -> Option<usize> {
    let after = folded.get(i..)?;
    if matches!(after.first(), Some('-' | 'の' | 'ノ')) {
        return Some(1);
    }
    UNITS
        .iter()
        .find(|unit| starts_with(after, unit))
        .map(|unit| unit.chars().count())
}

fn starts_with(chars: &[char], text: &str) -> bool {
    let mut it = chars.iter();
    text.chars().all(|c| it.next() == Some(&c))
}

/// Where the building begins, scanning street numbers from `from`; `None` if nothing follows them.
fn building_start(folded: &[char], from: usize) -> Option<usize> {
    let mut i = from;
    loop {
        // One street number: tokens and connectors.
        while let Some(len) = number_token_len(folded, i).or_else(|| connector_len(folded, i)) {
            i += len;
        }
        if i >= folded.len() {
            return None;
        }
        let rest = folded.get(i..).unwrap_or_default();
        let in_town = TOWN_SUFFIXES.iter().any(|suffix| starts_with(rest, suffix));
        // 番地 or 丁目 further on: the number so far belonged to the town (十一号地, 東２号南).
        let street_follows = (0..rest.len()).any(|j| {
            ["番地", "丁目"]
                .iter()
                .any(|word| starts_with(rest.get(j..).unwrap_or_default(), word))
        });
        if !in_town && !street_follows {
            return Some(i);
        }
        // The number was part of the town name: go on to the next number.
        i = (i..folded.len()).find(|&j| number_token_len(folded, j).is_some())?;
    }
}

/// A town name or address line in the form used for matching postal data: folded width and dashes, kanji
/// numerals as digits, no spaces, Kyoto directions in one spelling (上ル → 上る, 東入ル → 東入).
#[cfg(feature = "postal")]
pub(crate) fn canonical_town(text: &str) -> String {
    let folded: String = fold(text).chars().filter(|c| *c != ' ').collect();
    kanji_runs_to_digits(&folded)
        .replace("上ル", "上る")
        .replace("下ル", "下る")
        .replace("入ル", "入")
        .replace("入る", "入")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(address: &str, code: Option<&str>) -> (AddressParts, Vec<Warning>) {
        let mut warnings = Vec::new();
        (split_address(address, code, &mut warnings), warnings)
    }

    fn lines(parts: &AddressParts) -> (Option<&str>, Option<&str>) {
        (parts.line1.as_deref(), parts.line2.as_deref())
    }

    #[test]
    fn splits_a_tokyo_address_with_a_building_after_an_ideographic_space() {
        let (parts, warnings) = split(
            "東京都千代田区霞が関１丁目２番３号　霞ビル４階",
            Some("131016"),
        );
        assert_eq!(parts.municipality.map(|m| m.name), Some("千代田区"));
        assert_eq!(
            lines(&parts),
            (Some("霞が関１丁目２番３号"), Some("霞ビル４階"))
        );
        assert!(warnings.is_empty());
    }

    #[test]
    fn recognises_a_building_without_separator_from_its_shape() {
        let (parts, _) = split(
            "北海道札幌市中央区北一条西２丁目１番地サンハイツ２０１",
            None,
        );
        assert_eq!(parts.municipality.map(|m| m.name), Some("札幌市中央区"));
        assert_eq!(
            lines(&parts),
            (Some("北一条西２丁目１番地"), Some("サンハイツ２０１"))
        );
    }

    #[test]
    fn keeps_numbered_town_names_in_line_one() {
        let (parts, _) = split("北海道旭川市秋月１条１２番地", None);
        assert_eq!(lines(&parts), (Some("秋月１条１２番地"), None));
        let (parts, _) = split("東京都千代田区三番町５番地三井ビル", None);
        assert_eq!(lines(&parts), (Some("三番町５番地"), Some("三井ビル")));
    }

    #[test]
    fn keeps_town_names_with_street_words_in_line_one() {
        let (parts, _) = split("愛知県半田市十一号地２２８０番地", None);
        assert_eq!(lines(&parts), (Some("十一号地２２８０番地"), None));
        let (parts, _) = split(
            "北海道上川郡東川町西６号北２番地の１９ヴィラ春日１２０３",
            None,
        );
        assert_eq!(
            lines(&parts),
            (Some("西６号北２番地の１９"), Some("ヴィラ春日１２０３"))
        );
    }

    #[cfg(feature = "postal")]
    #[test]
    fn uses_the_known_town_name_to_find_the_street_number() {
        let (parts, _) = split(
            "茨城県筑西市八丁台４１０番地の１７パークマンション４０２",
            None,
        );
        assert_eq!(
            lines(&parts),
            (
                Some("八丁台４１０番地の１７"),
                Some("パークマンション４０２")
            )
        );
    }

    #[test]
    fn skips_spaces_between_the_parts_of_the_address() {
        let (parts, warnings) = split("東京都　千代田区　霞が関１丁目２番３号　霞ビル", None);
        assert_eq!(parts.municipality.map(|m| m.name), Some("千代田区"));
        assert_eq!(
            lines(&parts),
            (Some("霞が関１丁目２番３号"), Some("霞ビル"))
        );
        assert!(warnings.is_empty());
    }

    #[test]
    fn folds_variant_kanji_of_municipality_names() {
        let (parts, _) = split("茨城県龍ケ﨑市馴柴町１番地", None);
        assert_eq!(parts.municipality.map(|m| m.name), Some("龍ケ崎市"));
    }

    #[test]
    fn reads_kanji_numerals_and_dash_variants() {
        let (parts, _) = split("大阪府大阪市北区梅田三丁目１－２ー３メゾン梅田", None);
        assert_eq!(
            lines(&parts),
            (Some("梅田三丁目１－２ー３"), Some("メゾン梅田"))
        );
    }

    #[test]
    fn takes_the_municipality_from_the_code_even_without_county_in_the_address() {
        let (parts, warnings) = split("北海道洞爺湖町洞爺町１２３番地", Some("01584"));
        assert_eq!(parts.municipality.map(|m| m.name), Some("虻田郡洞爺湖町"));
        assert_eq!(lines(&parts), (Some("洞爺町１２３番地"), None));
        assert!(warnings.is_empty());
    }

    #[test]
    fn warns_when_the_address_contradicts_the_code() {
        let (parts, warnings) = split("大阪府大阪市北区梅田１丁目", Some("131016"));
        assert_eq!(parts.municipality.map(|m| m.name), Some("千代田区"));
        assert_eq!(lines(&parts), (None, None));
        assert_eq!(warnings, vec![Warning::AddressCodeMismatch]);
    }

    #[test]
    fn leaves_an_unknown_city_undetermined() {
        let (parts, warnings) = split("東京都架空市１丁目", None);
        assert_eq!(parts.prefecture.map(Prefecture::name), Some("東京都"));
        assert_eq!(parts.municipality, None);
        assert_eq!(warnings, vec![Warning::UnknownCity]);
    }

    #[test]
    fn warns_about_a_malformed_code_and_falls_back_to_matching() {
        let (parts, warnings) = split("東京都千代田区霞が関１丁目", Some("131017"));
        assert_eq!(parts.municipality.map(|m| m.name), Some("千代田区"));
        assert_eq!(warnings, vec![Warning::InvalidLocalGovCode]);
    }

    #[cfg(feature = "postal")]
    #[test]
    fn canonical_town_folds_directions_and_numerals() {
        assert_eq!(
            canonical_town("五辻通浄福寺東入ル西北小路町一五二〇番地"),
            "5辻通浄福寺東入西北小路町1520番地"
        );
        assert_eq!(canonical_town("霞ヶ関　１－２"), "霞ケ関1-2");
    }
}
