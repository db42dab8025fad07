//! Bad input gives nulls and warnings, never a panic: every prefix of every corpus address, and strings
//! of characters the parsers treat specially.
use mynaform_jp::{CardClaims, normalize};

fn all_fields(text: &str) -> CardClaims {
    CardClaims {
        full_name_unicode: Some(text.to_owned()),
        resident_address_unicode: Some(text.to_owned()),
        local_gov_code_unicode: Some(text.to_owned()),
        birth_date_unicode: Some(text.to_owned()),
        birth_date: Some(text.to_owned()),
        sex: Some(u64::MAX),
        sex_unicode: Some(text.to_owned()),
        individual_number_unicode: Some(text.to_owned()),
    }
}

#[test]
fn every_prefix_of_every_corpus_address_normalises_without_panic() {
    let path = format!(
        "{}/tests/corpus/addresses.jsonl",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut checked = 0usize;
    for line in text.lines().step_by(7) {
        let case: serde_json::Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}"));
        let address = case["claims"]["resident_address_unicode"]
            .as_str()
            .unwrap_or_default();
        let code = case["claims"]["local_gov_code_unicode"]
            .as_str()
            .map(str::to_owned);
        for (end, _) in address.char_indices() {
            let claims = CardClaims {
                resident_address_unicode: Some(address[..end].to_owned()),
                local_gov_code_unicode: code.clone(),
                ..CardClaims::default()
            };
            let out = normalize(&claims);
            assert!(out.postal_code.is_none_or(|p| p.len() == 7));
            checked += 1;
        }
    }
    assert!(checked > 1000);
}

#[test]
fn strings_of_special_characters_normalise_without_panic() {
    let alphabet: Vec<char> = "0１一十百千〇元年月日丁目番地号の－ー 　,平成令和明治MHR.-/北海道東京都札幌市中央区京都市上京区東入ル上るｶﾞ﨑"
        .chars()
        .collect();
    // A fixed linear congruential sequence: reproducible, no RNG dependency.
    let mut state = 0x2545_f491_u64;
    for _ in 0..3000 {
        let len = usize::try_from(state % 24).unwrap_or(0);
        let mut text = String::new();
        for _ in 0..len {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let index = usize::try_from((state >> 33) % alphabet.len() as u64).unwrap_or(0);
            text.push(alphabet.get(index).copied().unwrap_or('0'));
        }
        state = state.wrapping_add(1);
        let out = normalize(&all_fields(&text));
        assert_eq!(
            out.sex, None,
            "an unassigned ISO/IEC 5218 code gives no sex"
        );
    }
}
