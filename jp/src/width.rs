//! Full-width / half-width conversion (JIS X 0208 全角 ↔ JIS X 0201 半角) and the character folding used
//! for matching addresses.
//!
//! Forms differ in what they accept: some want 全角 digits, others 半角; the widget converts in both
//! directions. Matching (municipality and town names) folds every variant to one spelling.

/// Converts full-width ASCII (U+FF01..U+FF5E) and the ideographic space (U+3000) to their half-width forms,
/// and full-width katakana to half-width katakana (voiced marks become separate characters). Other
/// characters are kept.
#[must_use]
pub fn to_half_width(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if let Some(ascii) = full_width_ascii_to_half(c) {
            out.push(ascii);
        } else if let Some(kana) = katakana_to_half(c) {
            out.push_str(kana);
        } else {
            out.push(c);
        }
    }
    out
}

/// Converts printable ASCII and the space to full width (U+FF01..U+FF5E, U+3000), and half-width katakana
/// to full-width katakana (a following voiced mark is combined: ｶﾞ → ガ). Other characters are kept.
#[must_use]
pub fn to_full_width(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == ' ' {
            out.push('\u{3000}');
        } else if ('!'..='~').contains(&c) {
            out.push(char::from_u32(u32::from(c) + 0xFEE0).unwrap_or(c));
        } else if let Some(base) = half_katakana_to_full(c) {
            let mark = chars.peek().copied();
            match mark.and_then(|m| combine_voiced(base, m)) {
                Some(voiced) => {
                    out.push(voiced);
                    chars.next();
                }
                None => out.push(base),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Folds one character for matching: full-width ASCII to ASCII, every dash and long-vowel variant used
/// between numbers to `-`, the small ヶ/ｹ to ケ, and any space to ` `. One character in, one out.
#[must_use]
pub(crate) fn fold_char(c: char) -> char {
    match c {
        '‐' | '‑' | '‒' | '–' | '—' | '―' | '－' | 'ｰ' | 'ー' | '−' | '─' | '━' | '-' => {
            '-'
        }
        'ヶ' | 'ｹ' | 'ゖ' => 'ケ',
        // Variant kanji (IBM extensions) the card may use where Japan Post writes the common form.
        '﨑' => '崎',
        '髙' => '高',
        '德' => '徳',
        '\u{FA10}' => '塚',
        '\u{3000}' => ' ',
        c if c.is_whitespace() => ' ',
        c => full_width_ascii_to_half(c).unwrap_or(c),
    }
}

/// [`fold_char`] over a string.
pub(crate) fn fold(text: &str) -> String {
    text.chars().map(fold_char).collect()
}

/// `Some(ascii)` for a full-width ASCII character or the ideographic space.
fn full_width_ascii_to_half(c: char) -> Option<char> {
    match c {
        '\u{3000}' => Some(' '),
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0),
        _ => None,
    }
}

/// Full-width katakana in the order of the half-width block U+FF66..U+FF9D.
const HALF_KATAKANA: [char; 56] = [
    'ヲ', 'ァ', 'ィ', 'ゥ', 'ェ', 'ォ', 'ャ', 'ュ', 'ョ', 'ッ', 'ー', 'ア', 'イ', 'ウ', 'エ', 'オ',
    'カ', 'キ', 'ク', 'ケ', 'コ', 'サ', 'シ', 'ス', 'セ', 'ソ', 'タ', 'チ', 'ツ', 'テ', 'ト', 'ナ',
    'ニ', 'ヌ', 'ネ', 'ノ', 'ハ', 'ヒ', 'フ', 'ヘ', 'ホ', 'マ', 'ミ', 'ム', 'メ', 'モ', 'ヤ', 'ユ',
    'ヨ', 'ラ', 'リ', 'ル', 'レ', 'ロ', 'ワ', 'ン',
];

fn half_katakana_to_full(c: char) -> Option<char> {
    match c {
        '｡' => Some('。'),
        '｢' => Some('「'),
        '｣' => Some('」'),
        '､' => Some('、'),
        '･' => Some('・'),
        '\u{FF9E}' => Some('゛'),
        '\u{FF9F}' => Some('゜'),
        '\u{FF66}'..='\u{FF9D}' => {
            let index = usize::try_from(u32::from(c) - 0xFF66).ok()?;
            HALF_KATAKANA.get(index).copied()
        }
        _ => None,
    }
}

/// ガ from カ + ﾞ, パ from ハ + ﾟ, ヴ from ウ + ﾞ.
fn combine_voiced(base: char, mark: char) -> Option<char> {
    let code = u32::from(base);
    match mark {
        '\u{FF9E}' if base == 'ウ' => Some('ヴ'),
        '\u{FF9E}' if matches!(base, 'カ'..='ト' | 'ハ'..='ホ') => {
            let voiced = char::from_u32(code + 1)?;
            // Only kana whose next code point is the voiced form (カ→ガ, not ッ→ツ).
            (voiced_base(voiced) == Some(base)).then_some(voiced)
        }
        '\u{FF9F}' if matches!(base, 'ハ'..='ホ') => {
            let semi = char::from_u32(code + 2)?;
            (semi_voiced_base(semi) == Some(base)).then_some(semi)
        }
        _ => None,
    }
}

fn voiced_base(c: char) -> Option<char> {
    const VOICED: &str = "ガギグゲゴザジズゼゾダヂヅデドバビブベボ";
    VOICED
        .contains(c)
        .then(|| char::from_u32(u32::from(c) - 1))
        .flatten()
}

fn semi_voiced_base(c: char) -> Option<char> {
    const SEMI: &str = "パピプペポ";
    SEMI.contains(c)
        .then(|| char::from_u32(u32::from(c) - 2))
        .flatten()
}

fn katakana_to_half(c: char) -> Option<&'static str> {
    const PAIRS: &[(char, &str)] = &[
        ('ガ', "ｶﾞ"),
        ('ギ', "ｷﾞ"),
        ('グ', "ｸﾞ"),
        ('ゲ', "ｹﾞ"),
        ('ゴ', "ｺﾞ"),
        ('ザ', "ｻﾞ"),
        ('ジ', "ｼﾞ"),
        ('ズ', "ｽﾞ"),
        ('ゼ', "ｾﾞ"),
        ('ゾ', "ｿﾞ"),
        ('ダ', "ﾀﾞ"),
        ('ヂ', "ﾁﾞ"),
        ('ヅ', "ﾂﾞ"),
        ('デ', "ﾃﾞ"),
        ('ド', "ﾄﾞ"),
        ('バ', "ﾊﾞ"),
        ('ビ', "ﾋﾞ"),
        ('ブ', "ﾌﾞ"),
        ('ベ', "ﾍﾞ"),
        ('ボ', "ﾎﾞ"),
        ('パ', "ﾊﾟ"),
        ('ピ', "ﾋﾟ"),
        ('プ', "ﾌﾟ"),
        ('ペ', "ﾍﾟ"),
        ('ポ', "ﾎﾟ"),
        ('ヴ', "ｳﾞ"),
        ('ヲ', "ｦ"),
        ('ァ', "ｧ"),
        ('ィ', "ｨ"),
        ('ゥ', "ｩ"),
        ('ェ', "ｪ"),
        ('ォ', "ｫ"),
        ('ャ', "ｬ"),
        ('ュ', "ｭ"),
        ('ョ', "ｮ"),
        ('ッ', "ｯ"),
        ('ー', "ｰ"),
        ('ア', "ｱ"),
        ('イ', "ｲ"),
        ('ウ', "ｳ"),
        ('エ', "ｴ"),
        ('オ', "ｵ"),
        ('カ', "ｶ"),
        ('キ', "ｷ"),
        ('ク', "ｸ"),
        ('ケ', "ｹ"),
        ('コ', "ｺ"),
        ('サ', "ｻ"),
        ('シ', "ｼ"),
        ('ス', "ｽ"),
        ('セ', "ｾ"),
        ('ソ', "ｿ"),
        ('タ', "ﾀ"),
        ('チ', "ﾁ"),
        ('ツ', "ﾂ"),
        ('テ', "ﾃ"),
        ('ト', "ﾄ"),
        ('ナ', "ﾅ"),
        ('ニ', "ﾆ"),
        ('ヌ', "ﾇ"),
        ('ネ', "ﾈ"),
        ('ノ', "ﾉ"),
        ('ハ', "ﾊ"),
        ('ヒ', "ﾋ"),
        ('フ', "ﾌ"),
        ('ヘ', "ﾍ"),
        ('ホ', "ﾎ"),
        ('マ', "ﾏ"),
        ('ミ', "ﾐ"),
        ('ム', "ﾑ"),
        ('メ', "ﾒ"),
        ('モ', "ﾓ"),
        ('ヤ', "ﾔ"),
        ('ユ', "ﾕ"),
        ('ヨ', "ﾖ"),
        ('ラ', "ﾗ"),
        ('リ', "ﾘ"),
        ('ル', "ﾙ"),
        ('レ', "ﾚ"),
        ('ロ', "ﾛ"),
        ('ワ', "ﾜ"),
        ('ン', "ﾝ"),
        ('。', "｡"),
        ('「', "｢"),
        ('」', "｣"),
        ('、', "､"),
        ('・', "･"),
    ];
    PAIRS
        .iter()
        .find(|(full, _)| *full == c)
        .map(|(_, half)| *half)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_full_width_digits_letters_and_space_to_half_width() {
        assert_eq!(
            to_half_width("ＳＭＩＴＨ　ＪＯＨＮ１２３－４"),
            "SMITH JOHN123-4"
        );
    }

    #[test]
    fn converts_half_width_to_full_width() {
        assert_eq!(to_full_width("1-2-3 Room A"), "１－２－３　Ｒｏｏｍ　Ａ");
    }

    #[test]
    fn combines_half_width_voiced_marks_into_one_kana() {
        assert_eq!(to_full_width("ｶﾞｽﾊﾟｲﾌﾟ ｳﾞｨﾗ"), "ガスパイプ　ヴィラ");
        assert_eq!(to_full_width("ｯﾞ"), "ッ゛");
    }

    #[test]
    fn katakana_round_trips_through_half_width() {
        let text = "パークマンション・ガーデン";
        assert_eq!(to_half_width(text), "ﾊﾟｰｸﾏﾝｼｮﾝ･ｶﾞｰﾃﾞﾝ");
        assert_eq!(to_full_width(&to_half_width(text)), text);
    }

    #[test]
    fn keeps_kanji_and_hiragana_unchanged() {
        assert_eq!(to_half_width("霞が関"), "霞が関");
        assert_eq!(to_full_width("霞が関"), "霞が関");
    }

    #[test]
    fn folds_every_dash_variant_to_a_hyphen() {
        assert_eq!(fold("1‐2－3—4―5ｰ6ー7−8"), "1-2-3-4-5-6-7-8");
        assert_eq!(fold("霞ヶ関"), "霞ケ関");
    }
}
