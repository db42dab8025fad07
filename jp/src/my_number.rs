//! 個人番号 (My Number): 12 digits, the last a check digit (番号法施行令 第8条: weights 6,5,4,3,2,7,6,5,4,3,2
//! over the first 11 digits from the left, r = sum mod 11, check = 0 if r <= 1 else 11 - r).
use core::fmt;

use crate::width::fold;

/// A My Number whose check digit is right. Debug and Display show it masked.
#[derive(Clone, PartialEq, Eq)]
pub struct MyNumber([u8; 12]);

/// Why a string is not a valid My Number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MyNumberError {
    /// Not exactly 12 digits (half or full width, spaces and hyphens ignored).
    #[error("a My Number has 12 digits")]
    NotTwelveDigits,
    /// The last digit is not the check digit of the first eleven.
    #[error("the My Number check digit is wrong")]
    CheckDigit,
}

impl MyNumber {
    /// Parses 12 digits in half or full width; spaces and hyphens between digit groups are ignored.
    pub fn parse(text: &str) -> Result<Self, MyNumberError> {
        let mut digits = [0u8; 12];
        let mut count = 0usize;
        for c in fold(text).chars() {
            match c {
                ' ' | '-' => {}
                '0'..='9' => {
                    let slot = digits
                        .get_mut(count)
                        .ok_or(MyNumberError::NotTwelveDigits)?;
                    *slot = u8::try_from(u32::from(c) - u32::from('0'))
                        .map_err(|_| MyNumberError::NotTwelveDigits)?;
                    count += 1;
                }
                _ => return Err(MyNumberError::NotTwelveDigits),
            }
        }
        if count != 12 {
            return Err(MyNumberError::NotTwelveDigits);
        }
        let (body, check) = digits.split_at(11);
        if check != [check_digit(body)] {
            return Err(MyNumberError::CheckDigit);
        }
        Ok(Self(digits))
    }

    /// The 12 digits, for the one field that this number is meant to fill.
    #[must_use]
    pub fn digits(&self) -> String {
        self.0.iter().map(|d| char::from(b'0' + d)).collect()
    }
}

/// The check digit of the first 11 digits.
fn check_digit(body: &[u8]) -> u8 {
    const WEIGHTS: [u32; 11] = [6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
    let sum: u32 = body
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(*d) * w)
        .sum();
    let r = sum % 11;
    if r <= 1 {
        0
    } else {
        u8::try_from(11 - r).unwrap_or(0)
    }
}

impl fmt::Debug for MyNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MyNumber({self})")
    }
}

impl fmt::Display for MyNumber {
    /// Masked: only the last four digits are shown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("********")?;
        self.0.iter().skip(8).try_for_each(|d| write!(f, "{d}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Appends the check digit computed by hand-independent means: brute force over 0..=9.
    fn with_check(body: &str) -> String {
        (0..=9)
            .map(|d| format!("{body}{d}"))
            .find(|candidate| MyNumber::parse(candidate).is_ok())
            .unwrap_or_default()
    }

    #[test]
    fn accepts_a_number_with_the_right_check_digit() {
        // 123456789012 → sum = 6+10+12+12+10+42+42+40+36+0+2 = 212, 212 mod 11 = 3, check = 8.
        assert!(MyNumber::parse("123456789018").is_ok());
        assert!(MyNumber::parse("１２３４ ５６７８ ９０１８").is_ok());
        assert_eq!(with_check("12345678901"), "123456789018");
    }

    #[test]
    fn rejects_a_wrong_check_digit() {
        assert_eq!(
            MyNumber::parse("123456789017"),
            Err(MyNumberError::CheckDigit)
        );
    }

    #[test]
    fn uses_zero_when_the_remainder_is_zero_or_one() {
        // 00000000000 → sum 0, r = 0 → check 0; 00000000006 → sum 12, r = 1 → check 0.
        assert!(MyNumber::parse("000000000000").is_ok());
        assert!(MyNumber::parse("000000000060").is_ok());
    }

    #[test]
    fn rejects_wrong_lengths_and_letters() {
        assert_eq!(
            MyNumber::parse("12345678901"),
            Err(MyNumberError::NotTwelveDigits)
        );
        assert_eq!(
            MyNumber::parse("1234567890123"),
            Err(MyNumberError::NotTwelveDigits)
        );
        assert_eq!(
            MyNumber::parse("12345678901a"),
            Err(MyNumberError::NotTwelveDigits)
        );
    }

    #[test]
    fn debug_and_display_mask_the_number() {
        let number =
            MyNumber::parse("123456789018").unwrap_or_else(|_| panic!("valid test number"));
        assert_eq!(number.to_string(), "********9018");
        assert!(!format!("{number:?}").contains("12345678"));
    }
}
