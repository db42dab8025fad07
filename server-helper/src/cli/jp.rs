//! `mynaform jp`: Japanese data normalisation from the command line (issue 8).
//!
//! `mynaform jp normalize` reads JSON lines on standard input, each an object keyed by the card's element
//! identifiers, and writes one JSON line per input line, in order: the normalised claims, or
//! `{"error": …, "line": n}` for a malformed line (the run goes on). Error messages never repeat input.
use std::io::{BufRead, BufWriter, Write};
use std::process::ExitCode;

use mynaform_jp::{CardClaims, normalize};
use serde_json::{Value, json};

/// Subcommands of `mynaform jp`.
#[derive(clap::Subcommand)]
pub enum Command {
    /// Normalise card claims: JSON lines on stdin, one JSON line out per line in.
    Normalize,
}

/// Runs `mynaform jp`.
pub fn run(command: Command) -> ExitCode {
    match command {
        Command::Normalize => {
            let stdin = std::io::stdin().lock();
            let stdout = std::io::stdout().lock();
            match normalize_lines(stdin, stdout) {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
                Err(error) => {
                    eprintln!("mynaform jp normalize: {error}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}

/// Normalises every line of `input` to one line of `output`.
fn normalize_lines(mut input: impl BufRead, output: impl Write) -> std::io::Result<()> {
    let mut output = BufWriter::new(output);
    let mut buffer = Vec::new();
    let mut number = 0u64;
    loop {
        buffer.clear();
        if input.read_until(b'\n', &mut buffer)? == 0 {
            break;
        }
        number += 1;
        let line = buffer.strip_suffix(b"\n").unwrap_or(&buffer);
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let result = normalize_line(line)
            .unwrap_or_else(|message| json!({ "error": message, "line": number }));
        serde_json::to_writer(&mut output, &result)?;
        output.write_all(b"\n")?;
    }
    output.flush()
}

/// The output object for one input line, or an error message that does not quote the input.
fn normalize_line(line: &[u8]) -> Result<Value, String> {
    let text = std::str::from_utf8(line).map_err(|_| "the line is not UTF-8".to_owned())?;
    if text.trim().is_empty() {
        return Err("the line is empty".to_owned());
    }
    let value: Value = serde_json::from_str(text).map_err(|e| {
        // serde_json's syntax errors name a position only, never the input.
        format!("invalid JSON at column {}", e.column())
    })?;
    let claims = CardClaims::from_json(&value).map_err(|e| e.to_string())?;
    serde_json::to_value(normalize(&claims))
        .map_err(|_| "the result could not be serialised".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_lines(input: &str) -> Vec<Value> {
        let mut out = Vec::new();
        normalize_lines(input.as_bytes(), &mut out).unwrap_or_else(|e| panic!("io: {e}"));
        String::from_utf8(out)
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("output line: {e}")))
            .collect()
    }

    #[test]
    fn answers_every_line_in_order_and_continues_after_a_bad_one() {
        let out = run_lines("{\"sex\":1}\nnot json\n[1]\n{\"sex\":2}\n");
        assert_eq!(out.len(), 4);
        assert_eq!(out[0]["sex"], "male");
        assert_eq!(out[1]["line"], 2);
        assert!(out[1]["error"].is_string());
        assert_eq!(out[2]["error"], "the input is not a JSON object");
        assert_eq!(out[3]["sex"], "female");
    }

    #[test]
    fn error_messages_do_not_repeat_the_input() {
        let out =
            run_lines("{\"full_name_unicode\": [\"山田\"]}\n{\"full_name_unicode\": \"山田\n");
        for line in out {
            assert!(!line.to_string().contains("山田"));
            assert!(line["error"].is_string());
        }
    }
}
