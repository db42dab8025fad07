//! Kanji numerals (漢数字) as written in addresses: positional (二〇) and multiplicative (二十三) forms.

/// The value of one kanji digit, `None` for other characters.
pub(crate) fn kanji_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' => 0,
        '一' => 1,
        '二' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// The multiplier of 十, 百 and 千.
fn kanji_unit(c: char) -> Option<u32> {
    match c {
        '十' => Some(10),
        '百' => Some(100),
        '千' => Some(1000),
        _ => None,
    }
}

/// Whether `c` can be part of a kanji numeral.
pub(crate) fn is_kanji_numeral(c: char) -> bool {
    kanji_digit(c).is_some() || kanji_unit(c).is_some()
}

/// The value of a run of kanji numerals (`三` → 3, `二十三` → 23, `百五` → 105, `二〇` → 20), `None` if the
/// run is empty or not a well-formed number below 10,000.
pub(crate) fn parse_kanji_number(run: &str) -> Option<u32> {
    if run.is_empty() {
        return None;
    }
    if !run.chars().any(|c| kanji_unit(c).is_some()) {
        // Positional: every character a digit.
        return run.chars().try_fold(0u32, |acc, c| {
            acc.checked_mul(10)?.checked_add(kanji_digit(c)?)
        });
    }
    let mut total = 0u32;
    let mut pending: Option<u32> = None;
    let mut last_unit = u32::MAX;
    for c in run.chars() {
        if let Some(d) = kanji_digit(c) {
            if pending.is_some() {
                return None;
            }
            pending = Some(d);
        } else {
            let unit = kanji_unit(c)?;
            if unit >= last_unit {
                return None;
            }
            last_unit = unit;
            total += pending.take().unwrap_or(1) * unit;
        }
    }
    Some(total + pending.unwrap_or(0))
}

/// Replaces every run of kanji numerals by its decimal value (runs that are not well-formed numbers stay).
#[cfg(feature = "postal")]
pub(crate) fn kanji_runs_to_digits(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    for c in text.chars().chain(std::iter::once('\0')) {
        if is_kanji_numeral(c) {
            run.push(c);
            continue;
        }
        if !run.is_empty() {
            match parse_kanji_number(&run) {
                Some(value) => out.push_str(&value.to_string()),
                None => out.push_str(&run),
            }
            run.clear();
        }
        if c != '\0' {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_multiplicative_and_positional_numerals() {
        assert_eq!(parse_kanji_number("三"), Some(3));
        assert_eq!(parse_kanji_number("十"), Some(10));
        assert_eq!(parse_kanji_number("十二"), Some(12));
        assert_eq!(parse_kanji_number("二十三"), Some(23));
        assert_eq!(parse_kanji_number("百五"), Some(105));
        assert_eq!(parse_kanji_number("千九百八十九"), Some(1989));
        assert_eq!(parse_kanji_number("二〇"), Some(20));
    }

    #[test]
    fn rejects_malformed_numerals() {
        assert_eq!(parse_kanji_number(""), None);
        assert_eq!(parse_kanji_number("十百"), None);
        assert_eq!(parse_kanji_number("二三十"), None);
    }

    #[cfg(feature = "postal")]
    #[test]
    fn rewrites_numeral_runs_inside_text() {
        assert_eq!(kanji_runs_to_digits("北一条西二十丁目"), "北1条西20丁目");
        assert_eq!(kanji_runs_to_digits("霞が関"), "霞が関");
    }
}
