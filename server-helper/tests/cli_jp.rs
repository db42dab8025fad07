//! `mynaform jp normalize` through the real binary: JSON lines in, JSON lines out, same order.
use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::{Value, json};

fn normalize(input: &str) -> (Vec<Value>, bool) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mynaform"))
        .args(["jp", "normalize"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("start mynaform: {e}"));
    child
        .stdin
        .take()
        .unwrap_or_else(|| panic!("stdin is piped"))
        .write_all(input.as_bytes())
        .unwrap_or_else(|e| panic!("write stdin: {e}"));
    let output = child
        .wait_with_output()
        .unwrap_or_else(|e| panic!("wait mynaform: {e}"));
    let lines = String::from_utf8(output.stdout)
        .unwrap_or_else(|e| panic!("stdout is UTF-8: {e}"))
        .lines()
        .map(|line| {
            serde_json::from_str(line).unwrap_or_else(|e| panic!("stdout line is JSON: {e}"))
        })
        .collect();
    (lines, output.status.success())
}

#[test]
fn normalises_a_full_card_with_the_contract_field_names() {
    let input = json!({
        "full_name_unicode": "山田　太郎",
        "resident_address_unicode": "北海道虻田郡洞爺湖町洞爺町１２３番地　レイクハイツ２０１",
        "local_gov_code_unicode": "015849",
        "birth_date_unicode": "昭和64年1月7日",
        "birth_date": "1989-01-07",
        "sex": 1,
        "sex_unicode": "男",
        "individual_number_unicode": "123456789018"
    });
    let (out, success) = normalize(&format!("{input}\n"));
    assert!(success);
    let [line] = out.as_slice() else {
        panic!("one line out per line in, got {}", out.len())
    };
    let expected = json!({
        "family_name": "山田",
        "given_name": "太郎",
        "full_name": "山田　太郎",
        "name_split": "split",
        "birth_date": "1989-01-07",
        "birth_era": {"era": "昭和", "year": 64},
        "sex": "male",
        "prefecture": "北海道",
        "prefecture_code": "01",
        "city": "虻田郡洞爺湖町",
        "address_line1": "洞爺町１２３番地",
        "address_line2": "レイクハイツ２０１",
        "postal_code": "0495802",
        "my_number_valid": true,
        "warnings": []
    });
    assert_eq!(line, &expected);
}

#[test]
fn keeps_order_and_answers_a_malformed_line_with_an_error() {
    let input = "{\"birth_date_unicode\":\"平成元年1月8日\"}\n{oops\n\n{\"sex\": \"男\"}\n{\"birth_date_unicode\":\"令和元年5月1日\"}\n";
    let (out, success) = normalize(input);
    assert!(success);
    assert_eq!(out.len(), 5);
    assert_eq!(out[0]["birth_date"], "1989-01-08");
    assert!(out[1]["error"].is_string());
    assert!(out[2]["error"].is_string());
    assert_eq!(
        out[3]["error"],
        "`sex` must be a non-negative integer (ISO/IEC 5218)"
    );
    assert_eq!(out[4]["birth_era"], json!({"era": "令和", "year": 1}));
}

#[test]
fn flags_a_birth_date_mismatch_and_an_unsplittable_name() {
    let input = json!({
        "full_name_unicode": "SMITH JOHN WILLIAM",
        "birth_date_unicode": "平成2年3月4日",
        "birth_date": "1990-03-05"
    });
    let (out, _) = normalize(&format!("{input}\n"));
    assert_eq!(out[0]["name_split"], "unsplit");
    assert_eq!(out[0]["family_name"], Value::Null);
    assert_eq!(out[0]["full_name"], "SMITH JOHN WILLIAM");
    assert_eq!(out[0]["warnings"], json!(["birth_date_mismatch"]));
}

#[test]
fn leaves_undeterminable_address_fields_null() {
    let input = json!({"resident_address_unicode": "府中市宮西町１丁目"});
    let (out, _) = normalize(&format!("{input}\n"));
    assert_eq!(out[0]["city"], Value::Null);
    assert_eq!(out[0]["postal_code"], Value::Null);
    assert_eq!(out[0]["warnings"], json!(["ambiguous_city"]));
}
