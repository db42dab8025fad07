//! 性別: the ISO/IEC 5218 code (`sex`) and the printed form (`sex_unicode`, 男 / 女).
use serde::Serialize;

/// A person's sex as the card states it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    /// ISO/IEC 5218 code 1, 男.
    Male,
    /// ISO/IEC 5218 code 2, 女.
    Female,
    /// ISO/IEC 5218 code 9 (not applicable).
    Other,
}

impl Sex {
    /// From an ISO/IEC 5218 code; 0 (not known) and unassigned codes give `None`.
    #[must_use]
    pub fn from_iso5218(code: u64) -> Option<Self> {
        match code {
            1 => Some(Self::Male),
            2 => Some(Self::Female),
            9 => Some(Self::Other),
            _ => None,
        }
    }

    /// From the printed form: 男 / 女 (also 男性 / 女性, surrounding spaces ignored).
    #[must_use]
    pub fn from_printed(text: &str) -> Option<Self> {
        match text.trim_matches(|c: char| c.is_whitespace()) {
            "男" | "男性" => Some(Self::Male),
            "女" | "女性" => Some(Self::Female),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_iso5218_codes() {
        assert_eq!(Sex::from_iso5218(1), Some(Sex::Male));
        assert_eq!(Sex::from_iso5218(2), Some(Sex::Female));
        assert_eq!(Sex::from_iso5218(9), Some(Sex::Other));
        assert_eq!(Sex::from_iso5218(0), None);
        assert_eq!(Sex::from_iso5218(3), None);
    }

    #[test]
    fn maps_printed_sex() {
        assert_eq!(Sex::from_printed("男"), Some(Sex::Male));
        assert_eq!(Sex::from_printed("　女　"), Some(Sex::Female));
        assert_eq!(Sex::from_printed("不明"), None);
    }
}
