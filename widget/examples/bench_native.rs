//! The native side of `cargo xtask bench widget` (issue 6 item 6): times the widget's `open_and_verify` on
//! fixture files written by the `bench_fixture` example, the same way the browser export
//! `__benchOpenAndVerify` does, and prints one JSON line `{ok, failing_check?, times_ms}` per fixture.
//!
//! `cargo run --release -p mynaform-widget --features parity --example bench_native -- \
//!   [--warmup N] [--iterations N] FIXTURE.json...`

use std::process::ExitCode;
use std::time::Instant;

use mynaform_widget::bench::run_fixture_json;

const USAGE: &str = "usage: bench_native [--warmup N] [--iterations N] FIXTURE.json...";

fn main() -> ExitCode {
    let mut warmup = 5;
    let mut iterations = 30;
    let mut files = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let target = match arg.as_str() {
            "--warmup" => &mut warmup,
            "--iterations" => &mut iterations,
            _ => {
                files.push(arg);
                continue;
            }
        };
        match args.next().and_then(|v| v.parse().ok()) {
            Some(value) => *target = value,
            None => {
                eprintln!("{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    if files.is_empty() {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    }
    let start = Instant::now();
    let mut clock = || start.elapsed().as_secs_f64() * 1000.0;
    for file in files {
        let json = match std::fs::read_to_string(&file) {
            Ok(json) => json,
            Err(e) => {
                eprintln!("bench_native: {file}: {e}");
                return ExitCode::FAILURE;
            }
        };
        match run_fixture_json(&json, warmup, iterations, &mut clock) {
            Ok(line) => println!("{line}"),
            Err(e) => {
                eprintln!("bench_native: {file}: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}
