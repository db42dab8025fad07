//! Birth dates: 西暦 (Gregorian) and 和暦 (Japanese era) as printed on the card, ISO 8601 `full-date`.
//!
//! Era start dates are the official ones in the Gregorian calendar: 明治 1868-10-23, 大正 1912-07-30,
//! 昭和 1926-12-25, 平成 1989-01-08, 令和 2019-05-01; an era ends the day before the next starts, so
//! 昭和64年1月7日 is 1989-01-07 and 平成31年5月1日 does not exist. Japan used the lunisolar calendar until
//! 明治5年12月2日; a printed date in 明治1..5 is a lunar date that this crate does not convert (it reports
//! [`DateError::LunarCalendar`]). The Gregorian calendar is assumed for every 西暦 date.
use core::fmt;

use serde::Serialize;

use crate::numerals::{is_kanji_numeral, parse_kanji_number};
use crate::width::fold;

/// A valid date of the proleptic Gregorian calendar.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CalendarDate {
    year: u16,
    month: u8,
    day: u8,
}

impl CalendarDate {
    /// The date, or `None` if it does not exist (month 13, 2月30日, 29 February of a common year, year 0).
    #[must_use]
    pub fn new(year: u16, month: u8, day: u8) -> Option<Self> {
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if is_leap_year(year) => 29,
            2 => 28,
            _ => return None,
        };
        (year >= 1 && (1..=days).contains(&day)).then_some(Self { year, month, day })
    }

    /// Parses an ISO 8601 `full-date` (`YYYY-MM-DD`), as in the mdoc element `birth_date`.
    pub fn parse_iso(text: &str) -> Result<Self, DateError> {
        let bytes = text.trim().as_bytes();
        let number = |range: core::ops::Range<usize>| -> Option<u16> {
            let part = bytes.get(range)?;
            if !part.iter().all(u8::is_ascii_digit) {
                return None;
            }
            core::str::from_utf8(part).ok()?.parse().ok()
        };
        if bytes.len() != 10 || bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') {
            return Err(DateError::Unrecognised);
        }
        let (year, month, day) = (number(0..4), number(5..7), number(8..10));
        match (year, month, day) {
            (Some(y), Some(m), Some(d)) => Self::new(
                y,
                u8::try_from(m).unwrap_or(0),
                u8::try_from(d).unwrap_or(0),
            )
            .ok_or(DateError::NoSuchDate),
            _ => Err(DateError::Unrecognised),
        }
    }

    /// The year (西暦).
    #[must_use]
    pub fn year(self) -> u16 {
        self.year
    }

    /// The month, 1..=12.
    #[must_use]
    pub fn month(self) -> u8 {
        self.month
    }

    /// The day of the month.
    #[must_use]
    pub fn day(self) -> u8 {
        self.day
    }

    /// The era and year in era (和暦) of this date, `None` before 明治 began (1868-10-23).
    #[must_use]
    pub fn era(self) -> Option<EraYear> {
        let era = Era::ALL.iter().rev().find(|era| self >= era.start())?;
        Some(EraYear {
            era: *era,
            year: self.year - era.start().year + 1,
        })
    }
}

impl fmt::Display for CalendarDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl fmt::Debug for CalendarDate {
    // A birth date is personal data: Debug does not show it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CalendarDate(..)")
    }
}

impl Serialize for CalendarDate {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

fn is_leap_year(year: u16) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

/// A Japanese era (元号) from 明治 on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Era {
    /// 明治, from 1868-10-23.
    Meiji,
    /// 大正, from 1912-07-30.
    Taisho,
    /// 昭和, from 1926-12-25.
    Showa,
    /// 平成, from 1989-01-08.
    Heisei,
    /// 令和, from 2019-05-01.
    Reiwa,
}

impl Era {
    /// Every era, oldest first.
    pub const ALL: [Self; 5] = [
        Self::Meiji,
        Self::Taisho,
        Self::Showa,
        Self::Heisei,
        Self::Reiwa,
    ];

    /// The era's name in kanji.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Meiji => "明治",
            Self::Taisho => "大正",
            Self::Showa => "昭和",
            Self::Heisei => "平成",
            Self::Reiwa => "令和",
        }
    }

    /// The first day of the era (Gregorian).
    #[must_use]
    pub fn start(self) -> CalendarDate {
        let (year, month, day) = match self {
            Self::Meiji => (1868, 10, 23),
            Self::Taisho => (1912, 7, 30),
            Self::Showa => (1926, 12, 25),
            Self::Heisei => (1989, 1, 8),
            Self::Reiwa => (2019, 5, 1),
        };
        CalendarDate { year, month, day }
    }

    /// The first day of the next era, `None` for the current era.
    #[must_use]
    pub fn next_start(self) -> Option<CalendarDate> {
        let index = Self::ALL.iter().position(|era| *era == self)?;
        Self::ALL.get(index + 1).map(|era| era.start())
    }

    /// The era named by `text` (`平成`, its one-letter romanisation `H`, or the ligature `㍻`).
    fn from_prefix(text: &str) -> Option<(Self, usize)> {
        const NAMES: [(&str, Era); 20] = [
            ("明治", Era::Meiji),
            ("大正", Era::Taisho),
            ("昭和", Era::Showa),
            ("平成", Era::Heisei),
            ("令和", Era::Reiwa),
            ("㍾", Era::Meiji),
            ("㍽", Era::Taisho),
            ("㍼", Era::Showa),
            ("㍻", Era::Heisei),
            ("㋿", Era::Reiwa),
            ("M", Era::Meiji),
            ("T", Era::Taisho),
            ("S", Era::Showa),
            ("H", Era::Heisei),
            ("R", Era::Reiwa),
            ("m", Era::Meiji),
            ("t", Era::Taisho),
            ("s", Era::Showa),
            ("h", Era::Heisei),
            ("r", Era::Reiwa),
        ];
        NAMES
            .iter()
            .find(|(name, _)| text.starts_with(name))
            .map(|(name, era)| (*era, name.len()))
    }
}

impl Serialize for Era {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// An era and a year in it, e.g. 平成2年; serialised as `{"era": "平成", "year": 2}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct EraYear {
    /// The era.
    pub era: Era,
    /// The year in the era, 1 for 元年.
    pub year: u16,
}

/// Why a date could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DateError {
    /// The text is not a date in any supported form.
    #[error("the date is not in a recognised form")]
    Unrecognised,
    /// The form is recognised but the date does not exist (month 13, 2月30日, a day outside its era).
    #[error("the date does not exist")]
    NoSuchDate,
    /// A 明治 date before 明治6年 (1873), printed in the lunisolar calendar.
    #[error("the date is in the lunisolar calendar used before 1873")]
    LunarCalendar,
}

/// Parses a birth date as printed on the card: `1971年9月1日`, `平成2年3月4日`, `平成元年1月8日`, with
/// full-width or kanji digits and spaces; also `H2.3.4`, `1971/9/1` and `1971-09-01`.
pub fn parse_printed_date(text: &str) -> Result<CalendarDate, DateError> {
    let folded: String = fold(text).chars().filter(|c| *c != ' ').collect();
    let folded = folded.strip_prefix("西暦").unwrap_or(&folded);
    let (era, rest) = match Era::from_prefix(folded) {
        Some((era, len)) => (Some(era), folded.get(len..).unwrap_or_default()),
        None => (None, folded),
    };
    let (year, month, day) = split_year_month_day(rest).ok_or(DateError::Unrecognised)?;
    let Some(era) = era else {
        return CalendarDate::new(year, month, day).ok_or(DateError::NoSuchDate);
    };
    if year == 0 {
        return Err(DateError::NoSuchDate);
    }
    if era == Era::Meiji && year < 6 {
        return Err(DateError::LunarCalendar);
    }
    let gregorian = era
        .start()
        .year
        .checked_add(year - 1)
        .ok_or(DateError::NoSuchDate)?;
    let date = CalendarDate::new(gregorian, month, day).ok_or(DateError::NoSuchDate)?;
    let in_era = date >= era.start() && era.next_start().is_none_or(|next| date < next);
    if in_era {
        Ok(date)
    } else {
        Err(DateError::NoSuchDate)
    }
}

/// Splits `Y年M月D日` / `Y.M.D` / `Y/M/D` / `Y-M-D` (year may be 元) into numbers.
fn split_year_month_day(text: &str) -> Option<(u16, u8, u8)> {
    let mut parts = Vec::with_capacity(3);
    let mut rest = text;
    for terminators in [
        &['年', '.', '/', '-'][..],
        &['月', '.', '/', '-'][..],
        &['日'][..],
    ] {
        let end = rest
            .find(|c: char| terminators.contains(&c))
            .unwrap_or(rest.len());
        let (number, tail) = rest.split_at(end);
        if number.is_empty() {
            return None;
        }
        parts.push(parse_number(number)?);
        let mut tail_chars = tail.chars();
        tail_chars.next();
        rest = tail_chars.as_str();
    }
    if !rest.is_empty() {
        return None;
    }
    let &[year, month, day] = parts.as_slice() else {
        return None;
    };
    Some((
        u16::try_from(year).ok()?,
        u8::try_from(month).ok()?,
        u8::try_from(day).ok()?,
    ))
}

/// `元` as 1, ASCII digits, or a kanji numeral.
fn parse_number(text: &str) -> Option<u32> {
    if text == "元" {
        return Some(1);
    }
    if text.chars().all(|c| c.is_ascii_digit()) && text.len() <= 4 {
        return text.parse().ok();
    }
    if text.chars().all(is_kanji_numeral) {
        return parse_kanji_number(text);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: u16, m: u8, d: u8) -> CalendarDate {
        CalendarDate::new(y, m, d).unwrap_or_else(|| panic!("test date {y}-{m}-{d} must exist"))
    }

    #[test]
    fn reads_gregorian_dates_in_every_width() {
        assert_eq!(parse_printed_date("1971年9月1日"), Ok(date(1971, 9, 1)));
        assert_eq!(
            parse_printed_date("１９７１年９月１日"),
            Ok(date(1971, 9, 1))
        );
        assert_eq!(parse_printed_date("1971-09-01"), Ok(date(1971, 9, 1)));
        assert_eq!(parse_printed_date("1971/9/1"), Ok(date(1971, 9, 1)));
    }

    #[test]
    fn reads_era_dates_with_gannen_and_kanji_numerals() {
        assert_eq!(parse_printed_date("平成2年3月4日"), Ok(date(1990, 3, 4)));
        assert_eq!(parse_printed_date("平成元年1月8日"), Ok(date(1989, 1, 8)));
        assert_eq!(parse_printed_date("令和元年5月1日"), Ok(date(2019, 5, 1)));
        assert_eq!(
            parse_printed_date("昭和四十六年九月一日"),
            Ok(date(1971, 9, 1))
        );
        assert_eq!(parse_printed_date("H2.3.4"), Ok(date(1990, 3, 4)));
    }

    #[test]
    fn keeps_the_last_day_of_showa_and_rejects_the_day_after() {
        assert_eq!(parse_printed_date("昭和64年1月7日"), Ok(date(1989, 1, 7)));
        assert_eq!(
            parse_printed_date("昭和64年1月8日"),
            Err(DateError::NoSuchDate)
        );
        assert_eq!(
            parse_printed_date("平成元年1月7日"),
            Err(DateError::NoSuchDate)
        );
    }

    #[test]
    fn rejects_heisei_31_may_first() {
        assert_eq!(parse_printed_date("平成31年4月30日"), Ok(date(2019, 4, 30)));
        assert_eq!(
            parse_printed_date("平成31年5月1日"),
            Err(DateError::NoSuchDate)
        );
    }

    #[test]
    fn rejects_meiji_dates_of_the_lunar_calendar() {
        assert_eq!(
            parse_printed_date("明治5年12月2日"),
            Err(DateError::LunarCalendar)
        );
        assert_eq!(parse_printed_date("明治6年1月1日"), Ok(date(1873, 1, 1)));
    }

    #[test]
    fn rejects_dates_that_do_not_exist() {
        assert_eq!(
            parse_printed_date("2001年2月29日"),
            Err(DateError::NoSuchDate)
        );
        assert_eq!(parse_printed_date("2000年2月29日"), Ok(date(2000, 2, 29)));
        assert_eq!(
            parse_printed_date("平成0年1月1日"),
            Err(DateError::NoSuchDate)
        );
        assert_eq!(
            parse_printed_date("生年月日不詳"),
            Err(DateError::Unrecognised)
        );
        assert_eq!(
            parse_printed_date("1971年9月1日頃"),
            Err(DateError::Unrecognised)
        );
    }

    #[test]
    fn names_the_era_of_a_date() {
        assert_eq!(
            date(1989, 1, 7).era(),
            Some(EraYear {
                era: Era::Showa,
                year: 64
            })
        );
        assert_eq!(
            date(1989, 1, 8).era(),
            Some(EraYear {
                era: Era::Heisei,
                year: 1
            })
        );
        assert_eq!(
            date(1912, 7, 29).era(),
            Some(EraYear {
                era: Era::Meiji,
                year: 45
            })
        );
        assert_eq!(date(1868, 10, 22).era(), None);
    }

    #[test]
    fn parses_iso_full_dates_strictly() {
        assert_eq!(CalendarDate::parse_iso("1989-01-07"), Ok(date(1989, 1, 7)));
        assert_eq!(
            CalendarDate::parse_iso("1989-1-7"),
            Err(DateError::Unrecognised)
        );
        assert_eq!(
            CalendarDate::parse_iso("1989-02-30"),
            Err(DateError::NoSuchDate)
        );
        assert_eq!(date(1989, 1, 7).to_string(), "1989-01-07");
    }
}
