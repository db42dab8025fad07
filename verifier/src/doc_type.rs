//! The mdoc document type (ISO/IEC 18013-5 §8.3.2.1.2.2 `DocType = tstr`).
use crate::Error;

/// An mdoc document type such as `org.iso.23220.1.jp.mnc`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct DocType(String);

impl DocType {
    /// The smartphone My Number Card (カード代替電磁的記録).
    pub const MY_NUMBER_CARD: &'static str = "org.iso.23220.1.jp.mnc";
    /// The ISO/IEC 18013-5 mobile driving licence (used by the public Annex D vector).
    pub const MDL: &'static str = "org.iso.18013.5.1.mDL";

    /// Checks that `value` is 1..=256 characters long.
    pub fn new(value: impl Into<String>) -> Result<Self, Error> {
        let value = value.into();
        if value.is_empty() || value.len() > 256 {
            return Err(Error::DocType);
        }
        Ok(Self(value))
    }

    /// The My Number Card doc type.
    pub fn my_number_card() -> Self {
        Self(Self::MY_NUMBER_CARD.to_owned())
    }

    /// The doc type as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for DocType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for DocType {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        Self::new(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_empty_doc_type() {
        assert_eq!(DocType::new(""), Err(Error::DocType));
    }

    #[test]
    fn my_number_card_doc_type_is_the_jp_mnc_string() {
        assert_eq!(DocType::my_number_card().as_str(), "org.iso.23220.1.jp.mnc");
    }
}
