//! Splitting 氏名 (`full_name_unicode`) into family name (姓) and given name (名).
//!
//! The card prints family name first, separated by U+3000 (sometimes an ASCII or other space). Foreign
//! residents' Latin-script names come in full or half width, possibly as `FAMILY, GIVEN`. A name without a
//! separator, or with more than two parts (middle names), is left unsplit rather than guessed.

/// The result of splitting a name.
#[derive(Clone, PartialEq, Eq)]
pub enum NameSplit {
    /// Exactly two parts: family name then given name.
    Split {
        /// 姓.
        family: String,
        /// 名.
        given: String,
    },
    /// No separator, or more than two parts.
    Unsplit,
}

impl core::fmt::Debug for NameSplit {
    // Names are personal data: Debug shows only which case this is.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::Split { .. } => f.write_str("Split { .. }"),
            Self::Unsplit => f.write_str("Unsplit"),
        }
    }
}

/// Whether `c` separates name parts: any Unicode space (U+3000 included) or a comma.
fn is_separator(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}' || c == ',' || c == '，' || c == '、'
}

/// The name with surrounding separators removed, as it should fill a full-name field.
#[must_use]
pub fn trim_name(full_name: &str) -> &str {
    full_name.trim_matches(is_separator)
}

/// Splits `full_name` into family and given name; see the module documentation for the rules.
#[must_use]
pub fn split_name(full_name: &str) -> NameSplit {
    let parts: Vec<&str> = trim_name(full_name)
        .split(is_separator)
        .filter(|part| !part.is_empty())
        .collect();
    match parts.as_slice() {
        [family, given] => NameSplit::Split {
            family: (*family).to_owned(),
            given: (*given).to_owned(),
        },
        _ => NameSplit::Unsplit,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(family: &str, given: &str) -> NameSplit {
        NameSplit::Split {
            family: family.to_owned(),
            given: given.to_owned(),
        }
    }

    #[test]
    fn splits_at_the_ideographic_space() {
        assert_eq!(split_name("山田　太郎"), split("山田", "太郎"));
    }

    #[test]
    fn splits_at_an_ascii_space_and_collapses_repeated_separators() {
        assert_eq!(split_name("佐藤 花子"), split("佐藤", "花子"));
        assert_eq!(split_name(" 山田　　太郎　"), split("山田", "太郎"));
    }

    #[test]
    fn splits_latin_names_in_either_width() {
        assert_eq!(split_name("SMITH JOHN"), split("SMITH", "JOHN"));
        assert_eq!(
            split_name("ＳＭＩＴＨ　ＪＯＨＮ"),
            split("ＳＭＩＴＨ", "ＪＯＨＮ")
        );
        assert_eq!(split_name("SMITH, JOHN"), split("SMITH", "JOHN"));
    }

    #[test]
    fn leaves_names_without_separator_or_with_middle_names_unsplit() {
        assert_eq!(split_name("山田太郎"), NameSplit::Unsplit);
        assert_eq!(split_name("SMITH JOHN WILLIAM"), NameSplit::Unsplit);
        assert_eq!(split_name(""), NameSplit::Unsplit);
    }

    #[test]
    fn debug_output_does_not_show_the_name() {
        assert!(!format!("{:?}", split_name("山田　太郎")).contains("山田"));
    }
}
