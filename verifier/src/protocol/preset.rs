//! My Number Card requests, one per use case (DESIGN.md "The three use cases"): each preset yields the
//! ItemsRequest for Annex C, the DCQL query for OpenID4VP, and the [`RequestedElements`] the verifier accepts.
//!
//! Data minimisation: every preset asks only for what its purpose needs. Birth date and sex are requested as the
//! structured `org.iso.23220.1` elements (verifiable and convertible to 和暦 by `mynaform-jp`); names,
//! addresses, the municipality code, the My Number and the portrait come from `org.iso.23220.1.jp`.
use super::ProtocolError;
use super::device_request::ItemsRequest;
use super::openid4vp::MdocQuery;
use crate::RequestedElements;
use crate::doc_type::DocType;
use crate::my_number_card::{NS_ISO, NS_JP};

/// Proof that the relying party has a legal basis (番号法 §9, §19) to receive the individual number.
///
/// Only [`MyNumberOptIn::with_legal_basis`] builds it, so requesting the My Number is always a visible, explicit
/// choice in the caller's code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MyNumberOptIn(());

impl MyNumberOptIn {
    /// The caller states that it may lawfully collect the My Number for this purpose.
    pub fn with_legal_basis() -> Self {
        Self(())
    }
}

/// Whether an age check may fall back to the birth date when the wallet has no `age_over_NN`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BirthDateFallback {
    /// Only the `age_over_NN` element is requested (the default).
    #[default]
    Forbidden,
    /// `birth_date` is requested as a second choice (DCQL `claim_sets`; Annex C asks for both).
    Allowed,
}

/// The presets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Preset {
    /// 入力補助: 基本4情報 — name, birth date, sex, address and the municipality code.
    AutofillBasic4,
    /// 入力補助 with the 個人番号 (only with an explicit opt-in).
    AutofillWithMyNumber(MyNumberOptIn),
    /// 犯収法 ル方式 eKYC: name, address, birth date and portrait.
    EkycRu,
    /// Adulthood check (18+): `age_over_18` only.
    AgeOver18(BirthDateFallback),
    /// Alcohol/tobacco check (20+): `age_over_20` only.
    AgeOver20(BirthDateFallback),
    /// Residence check: address and the municipality code.
    Residence,
    /// 窓口 identity check: name, birth date, sex, address and portrait.
    CounterIdentity,
    /// Sign-up with an age check (18+, e.g. a matching service): `age_over_18` and the name, nothing else.
    /// No birth-date fallback: the page promises not to receive the birth date.
    AgeOver18WithName,
}

/// The preset names, as used by the server helper, the widget and the command line.
pub const PRESET_NAMES: [&str; 8] = [
    "autofill_basic4",
    "autofill_with_my_number",
    "ekyc_ru",
    "age_over_18",
    "age_over_20",
    "residence",
    "counter_identity",
    "age_over_18_with_name",
];

impl Preset {
    /// Looks a preset up by name. `autofill_with_my_number` needs `my_number` (else
    /// [`ProtocolError::OptInRequired`]); `age_over_18` and `age_over_20` take `fallback`
    /// (`age_over_18_with_name` never falls back).
    pub fn from_name(
        name: &str,
        my_number: Option<MyNumberOptIn>,
        fallback: BirthDateFallback,
    ) -> Result<Self, ProtocolError> {
        Ok(match name {
            "autofill_basic4" => Self::AutofillBasic4,
            "autofill_with_my_number" => {
                Self::AutofillWithMyNumber(my_number.ok_or(ProtocolError::OptInRequired {
                    preset: "autofill_with_my_number",
                })?)
            }
            "ekyc_ru" => Self::EkycRu,
            "age_over_18" => Self::AgeOver18(fallback),
            "age_over_20" => Self::AgeOver20(fallback),
            "residence" => Self::Residence,
            "counter_identity" => Self::CounterIdentity,
            "age_over_18_with_name" => Self::AgeOver18WithName,
            _ => return Err(ProtocolError::UnknownPreset),
        })
    }

    /// The preset's name.
    pub fn name(self) -> &'static str {
        match self {
            Self::AutofillBasic4 => "autofill_basic4",
            Self::AutofillWithMyNumber(_) => "autofill_with_my_number",
            Self::EkycRu => "ekyc_ru",
            Self::AgeOver18(_) => "age_over_18",
            Self::AgeOver20(_) => "age_over_20",
            Self::Residence => "residence",
            Self::CounterIdentity => "counter_identity",
            Self::AgeOver18WithName => "age_over_18_with_name",
        }
    }

    /// `(namespace, element)` in request order, and whether the relying party intends to retain them
    /// (forms and eKYC records keep the data; checks at the counter and age/residence checks do not).
    fn elements(self) -> (Vec<(&'static str, &'static str)>, bool) {
        const NAME: (&str, &str) = (NS_JP, "full_name_unicode");
        const ADDRESS: (&str, &str) = (NS_JP, "resident_address_unicode");
        const GOV_CODE: (&str, &str) = (NS_JP, "local_gov_code_unicode");
        const MY_NUMBER: (&str, &str) = (NS_JP, "individual_number_unicode");
        const PORTRAIT: (&str, &str) = (NS_JP, "portrait");
        const BIRTH_DATE: (&str, &str) = (NS_ISO, "birth_date");
        const SEX: (&str, &str) = (NS_ISO, "sex");
        let age = |element, fallback| match fallback {
            BirthDateFallback::Forbidden => vec![(NS_ISO, element)],
            BirthDateFallback::Allowed => vec![(NS_ISO, element), BIRTH_DATE],
        };
        match self {
            Self::AutofillBasic4 => (vec![NAME, BIRTH_DATE, SEX, ADDRESS, GOV_CODE], true),
            Self::AutofillWithMyNumber(_) => (
                vec![NAME, BIRTH_DATE, SEX, ADDRESS, GOV_CODE, MY_NUMBER],
                true,
            ),
            Self::EkycRu => (vec![NAME, ADDRESS, BIRTH_DATE, PORTRAIT], true),
            Self::AgeOver18(fallback) => (age("age_over_18", fallback), false),
            Self::AgeOver20(fallback) => (age("age_over_20", fallback), false),
            Self::Residence => (vec![ADDRESS, GOV_CODE], false),
            Self::CounterIdentity => (vec![NAME, BIRTH_DATE, SEX, ADDRESS, PORTRAIT], false),
            // The account keeps the (private) real name and the fact that the age was checked.
            Self::AgeOver18WithName => (vec![(NS_ISO, "age_over_18"), NAME], true),
        }
    }

    /// The ItemsRequest (Annex C DocRequest) for the My Number Card.
    pub fn items_request(self) -> ItemsRequest {
        let (elements, keep) = self.elements();
        elements.into_iter().fold(
            ItemsRequest::new(DocType::MY_NUMBER_CARD),
            |items, (ns, el)| items.with(ns, el, keep),
        )
    }

    /// The DCQL credential query (OpenID4VP), with `claim_sets` expressing the age fallback order.
    pub fn mdoc_query(self, id: &str) -> MdocQuery {
        let query = MdocQuery::new(id, self.items_request());
        match self {
            Self::AgeOver18(BirthDateFallback::Allowed)
            | Self::AgeOver20(BirthDateFallback::Allowed) => {
                let sets = self
                    .elements()
                    .0
                    .into_iter()
                    .map(|(ns, el)| vec![(ns.to_owned(), el.to_owned())])
                    .collect();
                query.with_claim_sets(sets)
            }
            _ => query,
        }
    }

    /// The elements the verifier accepts for this preset (nothing else).
    pub fn requested_elements(self) -> RequestedElements {
        self.items_request().requested_elements()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn my_number_preset_needs_the_opt_in() {
        assert!(matches!(
            Preset::from_name(
                "autofill_with_my_number",
                None,
                BirthDateFallback::Forbidden
            ),
            Err(ProtocolError::OptInRequired { .. })
        ));
        let preset = Preset::from_name(
            "autofill_with_my_number",
            Some(MyNumberOptIn::with_legal_basis()),
            BirthDateFallback::Forbidden,
        )
        .expect("preset");
        assert!(
            preset
                .requested_elements()
                .contains(NS_JP, "individual_number_unicode")
        );
    }

    #[test]
    fn no_other_preset_asks_for_the_my_number() {
        for name in PRESET_NAMES
            .iter()
            .filter(|n| **n != "autofill_with_my_number")
        {
            let preset = Preset::from_name(name, None, BirthDateFallback::Allowed).expect(name);
            assert!(
                !preset
                    .requested_elements()
                    .contains(NS_JP, "individual_number_unicode"),
                "{name}"
            );
            assert_eq!(preset.name(), *name);
        }
    }

    #[test]
    fn age_presets_ask_only_for_age_over_unless_the_fallback_is_allowed() {
        let strict: Vec<_> = Preset::AgeOver20(BirthDateFallback::Forbidden)
            .requested_elements()
            .iter()
            .map(|(ns, el)| (ns.to_owned(), el.to_owned()))
            .collect();
        assert_eq!(strict, vec![(NS_ISO.to_owned(), "age_over_20".to_owned())]);
        let lenient = Preset::AgeOver18(BirthDateFallback::Allowed);
        assert!(lenient.requested_elements().contains(NS_ISO, "birth_date"));
        assert_eq!(lenient.mdoc_query("q").claim_sets().len(), 2);
    }

    #[test]
    fn ekyc_ru_asks_for_name_address_birth_date_and_portrait() {
        let r = Preset::EkycRu.requested_elements();
        for (ns, el) in [
            (NS_JP, "full_name_unicode"),
            (NS_JP, "resident_address_unicode"),
            (NS_ISO, "birth_date"),
            (NS_JP, "portrait"),
        ] {
            assert!(r.contains(ns, el), "{el}");
        }
        assert_eq!(r.iter().count(), 4);
    }

    #[test]
    fn age_over_18_with_name_asks_for_exactly_the_age_check_and_the_name() {
        for fallback in [BirthDateFallback::Forbidden, BirthDateFallback::Allowed] {
            let preset =
                Preset::from_name("age_over_18_with_name", None, fallback).expect("preset");
            assert_eq!(preset, Preset::AgeOver18WithName);
            let requested: Vec<_> = preset
                .requested_elements()
                .iter()
                .map(|(ns, el)| (ns.to_owned(), el.to_owned()))
                .collect();
            assert_eq!(
                requested,
                vec![
                    (NS_ISO.to_owned(), "age_over_18".to_owned()),
                    (NS_JP.to_owned(), "full_name_unicode".to_owned()),
                ]
            );
            assert!(preset.mdoc_query("q").claim_sets().is_empty());
        }
    }

    #[test]
    fn unknown_names_are_rejected() {
        assert!(matches!(
            Preset::from_name("everything", None, BirthDateFallback::Forbidden),
            Err(ProtocolError::UnknownPreset)
        ));
    }
}
