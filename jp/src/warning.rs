//! Warning codes attached to a normalisation result: what could not be read or did not agree.
use serde::Serialize;

/// Something the caller should know about the input; serialised as a snake_case code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Warning {
    /// The printed birth date (`birth_date_unicode`) and the ISO `birth_date` differ; the ISO date is used.
    BirthDateMismatch,
    /// `birth_date_unicode` is not a date in a recognised form, or names a day that does not exist.
    UnparsedBirthDate,
    /// `birth_date_unicode` is a 明治 date before 1873, in the lunisolar calendar, which is not converted.
    LunarCalendarDate,
    /// `birth_date` is not a valid ISO 8601 full-date.
    InvalidIsoBirthDate,
    /// `sex` and `sex_unicode` disagree; `sex` is used.
    SexMismatch,
    /// `sex` is not 0, 1, 2 or 9, or `sex_unicode` is not 男 / 女.
    UnknownSex,
    /// `local_gov_code_unicode` is malformed or its check digit is wrong.
    InvalidLocalGovCode,
    /// `local_gov_code_unicode` is well-formed but names no current municipality.
    UnknownLocalGovCode,
    /// The address does not start with the prefecture and municipality the local government code names.
    AddressCodeMismatch,
    /// No municipality matches the address.
    UnknownCity,
    /// Several municipalities match the address equally well (same name in different prefectures).
    AmbiguousCity,
}
