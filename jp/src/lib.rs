//! Japanese data normalisation for the claims of the smartphone My Number Card (docType
//! `org.iso.23220.1.jp.mnc`): 氏名 split into 姓/名, 生年月日 in 西暦 and 和暦, 性別, 住所 split into 都道府県 /
//! 市区町村 / 番地 / 建物 with the 郵便番号, the 個人番号 check digit, and full/half-width conversion.
//!
//! ```
//! use mynaform_jp::{CardClaims, normalize};
//!
//! let claims = CardClaims {
//!     full_name_unicode: Some("山田　太郎".into()),
//!     birth_date_unicode: Some("昭和64年1月7日".into()),
//!     resident_address_unicode: Some("北海道札幌市中央区北一条西２丁目１番地　サンハイツ２０１".into()),
//!     local_gov_code_unicode: Some("011011".into()),
//!     ..CardClaims::default()
//! };
//! let out = normalize(&claims);
//! assert_eq!(out.family_name.as_deref(), Some("山田"));
//! assert_eq!(out.birth_date.map(|d| d.to_string()).as_deref(), Some("1989-01-07"));
//! assert_eq!(out.city, Some("札幌市中央区"));
//! assert_eq!(out.address_line2.as_deref(), Some("サンハイツ２０１"));
//! ```
//!
//! Feature `postal` (default) embeds Japan Post's town → postal code table (about 2.3 MB); without it the
//! crate is small enough for the widget's wasm, and `postal_code` is always `None`.
#![forbid(unsafe_code)]

pub mod address;
pub mod claims;
pub mod date;
pub mod municipality;
pub mod my_number;
pub mod name;
mod numerals;
#[cfg(feature = "postal")]
pub mod postal;
pub mod sex;
pub mod warning;
pub mod width;

pub use address::{AddressParts, split_address};
pub use claims::{CardClaims, ClaimsInputError, NameSplitKind, NormalizedClaims, normalize};
pub use date::{CalendarDate, DateError, Era, EraYear, parse_printed_date};
pub use municipality::{
    LocalGovCode, LocalGovCodeError, Municipality, Prefecture, municipality_by_code,
};
pub use my_number::{MyNumber, MyNumberError};
pub use name::{NameSplit, split_name};
pub use sex::Sex;
pub use warning::Warning;
pub use width::{to_full_width, to_half_width};
