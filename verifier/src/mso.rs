//! MobileSecurityObject (ISO/IEC 18013-5 §9.1.2.4): version, digests, device key, docType, validity.
use std::collections::BTreeMap;

use crate::cbor::{self, Item, Value};
use crate::cose::{Curve, HashAlg};
use crate::device_response::{ParseError, tag24_content};

/// A parsed MSO. Values the checks judge (version, digest algorithm, device key) are kept raw so that each
/// check can report its own failure rather than a parse error.
#[derive(Debug, Clone)]
pub(crate) struct Mso {
    pub(crate) version: String,
    pub(crate) digest_algorithm: String,
    /// namespace → digestID → digest.
    pub(crate) value_digests: BTreeMap<String, BTreeMap<u64, Vec<u8>>>,
    /// Whether a namespace in valueDigests lists a digestID twice.
    pub(crate) duplicate_digest_ids: bool,
    pub(crate) device_key: Result<DeviceKey, &'static str>,
    pub(crate) doc_type: String,
    pub(crate) signed: time::OffsetDateTime,
    pub(crate) valid_from: time::OffsetDateTime,
    pub(crate) valid_until: time::OffsetDateTime,
}

/// The mdoc's device key from `deviceKeyInfo.deviceKey` (COSE_Key, RFC 9052 §7; EC2 RFC 9053 §7.1.1).
#[derive(Debug, Clone)]
pub(crate) struct DeviceKey {
    pub(crate) curve: Curve,
    /// SEC1 uncompressed point `04 || x || y`.
    pub(crate) sec1: Vec<u8>,
}

impl Mso {
    /// Parses the issuerAuth payload: `MobileSecurityObjectBytes = #6.24(bstr .cbor MobileSecurityObject)`.
    pub(crate) fn parse(payload: &[u8]) -> Result<Self, ParseError> {
        let outer = cbor::decode(payload)?;
        let content =
            tag24_content(&outer).ok_or(ParseError::Structure("MSO payload is not tag 24"))?;
        let root = cbor::decode(content)?;
        let shape = ParseError::Structure("MSO is not a map with text keys");
        let entries = root.as_map().ok_or(shape)?;
        let mut seen = std::collections::BTreeSet::new();
        for (k, _) in entries {
            if !seen.insert(k.as_text().ok_or(shape)?) {
                return Err(ParseError::Structure("duplicate MSO key"));
            }
        }
        let get = |key: &str| {
            entries
                .iter()
                .find(|(k, _)| k.as_text() == Some(key))
                .map(|(_, v)| v)
        };
        let text = |key: &str, missing: &'static str| {
            get(key)
                .and_then(Item::as_text)
                .map(str::to_owned)
                .ok_or(ParseError::Structure(missing))
        };
        let version = text("version", "MSO version missing")?;
        let digest_algorithm = text("digestAlgorithm", "MSO digestAlgorithm missing")?;
        let doc_type = text("docType", "MSO docType missing")?;
        let (value_digests, duplicate_digest_ids) = parse_value_digests(
            get("valueDigests").ok_or(ParseError::Structure("MSO valueDigests missing"))?,
        )?;
        let device_key_info = get("deviceKeyInfo")
            .and_then(Item::as_map)
            .ok_or(ParseError::Structure("MSO deviceKeyInfo missing"))?;
        let device_key = device_key_info
            .iter()
            .find(|(k, _)| k.as_text() == Some("deviceKey"))
            .map(|(_, v)| parse_cose_key(v))
            .ok_or(ParseError::Structure("MSO deviceKey missing"))?;
        let validity = get("validityInfo")
            .and_then(Item::as_map)
            .ok_or(ParseError::Structure("MSO validityInfo missing"))?;
        let tdate = |key: &str, missing: &'static str| {
            validity
                .iter()
                .find(|(k, _)| k.as_text() == Some(key))
                .and_then(|(_, v)| parse_tdate(v))
                .ok_or(ParseError::Structure(missing))
        };
        Ok(Self {
            version,
            digest_algorithm,
            value_digests,
            duplicate_digest_ids,
            device_key,
            doc_type,
            signed: tdate("signed", "MSO validityInfo signed missing or not a tdate")?,
            valid_from: tdate(
                "validFrom",
                "MSO validityInfo validFrom missing or not a tdate",
            )?,
            valid_until: tdate(
                "validUntil",
                "MSO validityInfo validUntil missing or not a tdate",
            )?,
        })
    }

    /// The digest algorithm, if it is one ISO/IEC 18013-5 §9.1.2.5 allows.
    pub(crate) fn hash(&self) -> Option<HashAlg> {
        match self.digest_algorithm.as_str() {
            "SHA-256" => Some(HashAlg::Sha256),
            "SHA-384" => Some(HashAlg::Sha384),
            "SHA-512" => Some(HashAlg::Sha512),
            _ => None,
        }
    }
}

type ValueDigests = BTreeMap<String, BTreeMap<u64, Vec<u8>>>;

fn parse_value_digests(item: &Item<'_>) -> Result<(ValueDigests, bool), ParseError> {
    let shape = ParseError::Structure("MSO valueDigests is not a map of namespace to digest maps");
    let mut out = BTreeMap::new();
    let mut duplicates = false;
    for (ns, digests) in item.as_map().ok_or(shape)? {
        let ns = ns.as_text().ok_or(shape)?;
        let mut ids = BTreeMap::new();
        for (id, digest) in digests.as_map().ok_or(shape)? {
            let id = id.as_unsigned().ok_or(shape)?;
            let digest = digest.as_bytes().ok_or(shape)?;
            if ids.insert(id, digest.to_vec()).is_some() {
                duplicates = true;
            }
        }
        if out.insert(ns.to_owned(), ids).is_some() {
            return Err(ParseError::Structure(
                "MSO valueDigests repeats a namespace",
            ));
        }
    }
    Ok((out, duplicates))
}

/// `tdate = #6.0(tstr)` (RFC 8949 §3.4.1); RFC 3339 text.
fn parse_tdate(item: &Item<'_>) -> Option<time::OffsetDateTime> {
    let text = match item.as_tag() {
        Some((0, inner)) => inner.as_text()?,
        _ => return None,
    };
    parse_rfc3339(text)
}

/// RFC 3339 §5.6 `date-time`: `YYYY-MM-DDThh:mm:ss[.frac](Z|±hh:mm)`, `T`/`Z` in either case.
///
/// Hand-written rather than `time`'s parser, which would add ≈ 10 KB to the browser widget for this one
/// format. A leap second (`:60`) is not accepted.
pub(crate) fn parse_rfc3339(text: &str) -> Option<time::OffsetDateTime> {
    let bytes = text.as_bytes();
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        let digits = bytes.get(range)?;
        digits.iter().try_fold(0u32, |acc, b| {
            b.is_ascii_digit().then(|| acc * 10 + u32::from(b - b'0'))
        })
    };
    let at = |index: usize| bytes.get(index).copied();
    if at(4) != Some(b'-')
        || at(7) != Some(b'-')
        || !matches!(at(10), Some(b'T' | b't'))
        || at(13) != Some(b':')
        || at(16) != Some(b':')
    {
        return None;
    }
    let year = i32::try_from(number(0..4)?).ok()?;
    let month = time::Month::try_from(u8::try_from(number(5..7)?).ok()?).ok()?;
    let day = u8::try_from(number(8..10)?).ok()?;
    let (hour, minute, second) = (number(11..13)?, number(14..16)?, number(17..19)?);
    let mut rest = 19;
    let mut nanosecond = 0u32;
    if at(rest) == Some(b'.') {
        let digits = bytes
            .get(rest + 1..)?
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if digits == 0 {
            return None;
        }
        // Nanosecond precision; further digits are truncated.
        let kept = digits.min(9);
        let scale = 10u32.pow(u32::try_from(9 - kept).ok()?);
        nanosecond = number(rest + 1..rest + 1 + kept)? * scale;
        rest += 1 + digits;
    }
    let offset_seconds = match bytes.get(rest..)? {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
            let (hours, minutes) = (number(rest + 1..rest + 3)?, number(rest + 4..rest + 6)?);
            if hours > 23 || minutes > 59 {
                return None;
            }
            let seconds = i32::try_from(hours * 3600 + minutes * 60).ok()?;
            if *sign == b'-' { -seconds } else { seconds }
        }
        _ => return None,
    };
    let date = time::Date::from_calendar_date(year, month, day).ok()?;
    let clock = time::Time::from_hms_nano(
        u8::try_from(hour).ok()?,
        u8::try_from(minute).ok()?,
        u8::try_from(second).ok()?,
        nanosecond,
    )
    .ok()?;
    let offset = time::UtcOffset::from_whole_seconds(offset_seconds).ok()?;
    Some(time::PrimitiveDateTime::new(date, clock).assume_offset(offset))
}

fn parse_cose_key(item: &Item<'_>) -> Result<DeviceKey, &'static str> {
    let entries = item.as_map().ok_or("device key is not a COSE_Key map")?;
    let get = |label: i64| {
        entries
            .iter()
            .find(|(k, _)| int_label(k) == Some(label))
            .map(|(_, v)| v)
    };
    if get(1).and_then(int_label) != Some(2) {
        return Err("device key is not an EC2 COSE_Key");
    }
    let curve = match get(-1).and_then(int_label) {
        Some(1) => Curve::P256,
        Some(2) => Curve::P384,
        Some(3) => Curve::P521,
        _ => return Err("device key curve is not P-256, P-384 or P-521"),
    };
    let x = get(-2)
        .and_then(Item::as_bytes)
        .ok_or("device key x missing")?;
    let y = get(-3)
        .and_then(Item::as_bytes)
        .ok_or("device key y missing or compressed")?;
    let mut sec1 = Vec::with_capacity(1 + x.len() + y.len());
    sec1.push(0x04);
    sec1.extend_from_slice(x);
    sec1.extend_from_slice(y);
    Ok(DeviceKey { curve, sec1 })
}

fn int_label(item: &Item<'_>) -> Option<i64> {
    match item.value {
        Value::Unsigned(n) => i64::try_from(n).ok(),
        Value::Negative(n) => i64::try_from(n).ok().map(|n| -1 - n),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference(text: &str) -> Option<time::OffsetDateTime> {
        time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339).ok()
    }

    #[test]
    fn rfc3339_dates_parse_like_the_time_crate() {
        for text in [
            "2026-12-01T09:00:00Z",
            "2026-12-01t09:00:00z",
            "2024-02-29T23:59:59Z",
            "1970-01-01T00:00:00Z",
            "2026-12-01T09:00:00.5Z",
            "2026-12-01T09:00:00.123456789Z",
            "2026-12-01T18:00:00+09:00",
            "2026-12-01T00:30:00-05:30",
            "9999-12-31T23:59:59Z",
        ] {
            assert_eq!(parse_rfc3339(text), reference(text), "{text}");
            assert!(parse_rfc3339(text).is_some(), "{text}");
        }
        assert_eq!(
            parse_rfc3339("2026-12-01T18:00:00+09:00"),
            parse_rfc3339("2026-12-01T09:00:00Z")
        );
    }

    #[test]
    fn malformed_rfc3339_dates_are_refused() {
        for text in [
            "",
            "2026-12-01",
            "2026-12-01T09:00Z",
            "2026-12-01 09:00:00Z",
            "2026-12-01T09:00:00",
            "2026-13-01T09:00:00Z",
            "2023-02-29T09:00:00Z",
            "2026-12-01T24:00:00Z",
            "2026-12-01T09:60:00Z",
            "2026-12-01T09:00:60Z",
            "2026-12-01T09:00:00.Z",
            "2026-12-01T09:00:00+0900",
            "2026-12-01T09:00:00+24:00",
            "2026-12-01T09:00:00Zjunk",
            "+2026-12-01T09:00:00Z",
            "２０２６-12-01T09:00:00Z",
            "2026-12-01T09:00:00.１Z",
        ] {
            assert_eq!(parse_rfc3339(text), None, "{text}");
        }
    }

    #[test]
    fn value_digests_listing_a_digest_id_twice_are_flagged() {
        // {"ns": {0: h'00', 0: h'01'}}
        let bytes = [
            0xa1, 0x62, b'n', b's', 0xa2, 0x00, 0x41, 0x00, 0x00, 0x41, 0x01,
        ];
        let item = cbor::decode(&bytes).unwrap();
        let (_, duplicates) = parse_value_digests(&item).unwrap();
        assert!(duplicates);
    }

    #[test]
    fn value_digests_with_distinct_digest_ids_are_not_flagged() {
        // {"ns": {0: h'00', 1: h'01'}}
        let bytes = [
            0xa1, 0x62, b'n', b's', 0xa2, 0x00, 0x41, 0x00, 0x01, 0x41, 0x01,
        ];
        let item = cbor::decode(&bytes).unwrap();
        let (digests, duplicates) = parse_value_digests(&item).unwrap();
        assert!(!duplicates);
        assert_eq!(digests.get("ns").map(BTreeMap::len), Some(2));
    }
}
