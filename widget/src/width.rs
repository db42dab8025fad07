//! 全角/半角 conversion for filling: ASCII letters, digits and signs ↔ their full-width forms
//! (U+FF01–U+FF5E), space ↔ U+3000, and the dash variants a Japanese address uses for 番地 separators.

/// Full-width ASCII variants, U+3000 and dash-like characters to half width; other characters unchanged.
pub fn to_half_width(text: &str) -> String {
    let ascii: String = text
        .chars()
        .map(|c| match c {
            '\u{3000}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect();
    dashes_between_digits(&ascii)
}

/// Printable ASCII to full width (U+FF01–U+FF5E), space to U+3000; other characters unchanged.
pub fn to_full_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            ' ' => '\u{3000}',
            '-' => '－',
            '!'..='~' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// Dashes between digits become `-`; 'ー' (長音) elsewhere is part of a word (マンション) and stays.
fn dashes_between_digits(text: &str) -> String {
    {
        let chars: Vec<char> = text.chars().collect();
        let is_dash = |c: char| matches!(c, '‐' | '‑' | '–' | '—' | '―' | '−' | 'ー' | 'ｰ');
        chars
            .iter()
            .enumerate()
            .map(|(i, &c)| {
                let before = i
                    .checked_sub(1)
                    .and_then(|j| chars.get(j))
                    .is_some_and(char::is_ascii_digit);
                let after = chars.get(i + 1).is_some_and(char::is_ascii_digit);
                if is_dash(c) && before && after {
                    '-'
                } else {
                    c
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_digits_and_dashes_become_ascii() {
        assert_eq!(to_half_width("千代田１－１"), "千代田1-1");
        assert_eq!(to_half_width("１丁目２ー３"), "1丁目2-3");
        assert_eq!(to_half_width("ハイツ\u{3000}１０１"), "ハイツ 101");
    }

    #[test]
    fn long_vowel_mark_inside_words_is_kept() {
        assert_eq!(to_half_width("マンション"), "マンション");
        assert_eq!(to_half_width("コーポ１"), "コーポ1");
    }

    #[test]
    fn ascii_becomes_full_width() {
        assert_eq!(to_full_width("100-0001"), "１００－０００１");
        assert_eq!(to_full_width("A 1"), "Ａ\u{3000}１");
    }
}
