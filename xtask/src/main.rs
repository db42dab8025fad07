//! Project automation, run as `cargo xtask <task>` (alias in `.cargo/config.toml`).
//!
//! One module per task: [`setup`], [`build_widget`], [`demo`], [`test_suite`], [`bench`]. Every step
//! checks before it acts, says what it installs or runs, and on failure names the missing piece and
//! the fix (see [`error::XtaskError`]).
#![forbid(unsafe_code)]

use std::process::ExitCode;

mod apt;
mod bench;
mod bench_server;
mod bench_widget;
mod build_widget;
mod demo;
mod error;
mod node;
mod process;
mod setup;
mod sizes;
mod test_suite;
mod wasm_toolchain;
mod workspace;

#[cfg(test)]
mod repo_checks;

use error::XtaskError;
use workspace::Workspace;

const USAGE: &str = "usage: cargo xtask <task>

tasks:
  setup           install what building and testing need (idempotent; fast when all is there)
  build-widget    build the browser widget into dist/widget/ and print its sizes
                  [--features LIST] [--out DIR] (e.g. `--features parity` for the parity test)
  demo            setup, build-widget, build and start `mynaform serve --demo` on 127.0.0.1:8080
  test            setup, fmt, tests, wasm builds, clippy and the Playwright suite (what CI runs)
  bench [what]    criterion benches of the verifier; `bench widget` size and browser vs native verify time;
                  `bench server` load figures";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(task) = args.first() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let rest = args.get(1..).unwrap_or_default();
    let result = Workspace::locate().and_then(|ws| match task.as_str() {
        "setup" => setup::run(&ws).map(|_| ()),
        "build-widget" => {
            build_widget::Options::parse(rest).and_then(|o| build_widget::build(&ws, &o))
        }
        "demo" => demo::run(&ws),
        "test" => test_suite::run(&ws),
        "bench" => bench::run(&ws, rest),
        "help" | "-h" | "--help" => {
            println!("{USAGE}");
            Ok(())
        }
        other => Err(XtaskError::UnknownTask(other.to_owned())),
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("\nxtask {task}: error: {error}");
            if let Some(fix) = error.fix() {
                eprintln!("  fix: {fix}");
            }
            ExitCode::FAILURE
        }
    }
}
