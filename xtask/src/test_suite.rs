//! `cargo xtask test`, what CI runs: setup, `cargo fmt --check`, `cargo test --workspace`, the widget's
//! `parity` feature tests, the widget build, the wasm32 parity build of the verifier and jp, clippy with
//! `-D warnings`, and the Playwright suite. Every step runs even after a failure, so one run shows all problems; the last line is
//! `N passed, N failed` over the tests run plus the failed non-test steps.
use crate::error::{Result, XtaskError};
use crate::process::Cmd;
use crate::setup::CHROMIUM;
use crate::workspace::Workspace;
use crate::{build_widget, setup};

/// Passed and failed counts gathered from test runners' summary lines.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Tests that passed.
    pub passed: usize,
    /// Tests that failed.
    pub failed: usize,
}

impl Tally {
    /// Adds the counts of one runner summary line, if `line` is one.
    ///
    /// Understood: cargo's `test result: ok. 3 passed; 0 failed; …` and node's TAP `# pass 3` /
    /// `# fail 0`.
    pub fn add_line(&mut self, line: &str) {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("test result: ") {
            for part in rest.split(';') {
                let mut words = part.split_whitespace().rev();
                let (Some(label), Some(count)) = (words.next(), words.next()) else {
                    continue;
                };
                let Ok(count) = count.parse::<usize>() else {
                    continue;
                };
                match label {
                    "passed" => self.passed += count,
                    "failed" => self.failed += count,
                    _ => {}
                }
            }
        } else if let Some(count) = line.strip_prefix("# pass ") {
            self.passed += count.trim().parse().unwrap_or(0);
        } else if let Some(count) = line.strip_prefix("# fail ") {
            self.failed += count.trim().parse().unwrap_or(0);
        }
    }
}

/// One step of the suite: it may add to the tally of tests run.
type Step<'a> = Box<dyn Fn(&mut Tally) -> Result<()> + 'a>;

struct Outcome {
    name: &'static str,
    ok: bool,
}

/// Runs the whole suite.
pub fn run(ws: &Workspace) -> Result<()> {
    let route = setup::run(ws)?;
    let mut tally = Tally::default();
    let mut outcomes: Vec<Outcome> = Vec::new();
    // A failed step that reported no failing test itself (fmt, a build, clippy) counts as one failure.
    let mut untallied_failures = 0;
    let steps: Vec<(&'static str, Step<'_>)> = vec![
        (
            "fmt",
            Box::new(|_| {
                Cmd::new("cargo")
                    .args(["fmt", "--all", "--check"])
                    .dir(&ws.root)
                    .fix("run `cargo fmt --all`")
                    .run()
            }),
        ),
        (
            "cargo test",
            Box::new(|tally| {
                Cmd::new("cargo")
                    .args(["test", "--workspace"])
                    .dir(&ws.root)
                    .run_streaming(|line| tally.add_line(line))
            }),
        ),
        (
            "widget parity tests",
            // The widget's `parity` feature (browser/native comparisons and the bench fixtures) is off in
            // `cargo test --workspace`; its own tests run here.
            Box::new(|tally| {
                Cmd::new("cargo")
                    .args(["test", "-p", "mynaform-widget", "--features", "parity"])
                    .args(["--lib", "--examples"])
                    .dir(&ws.root)
                    .run_streaming(|line| tally.add_line(line))
            }),
        ),
        ("build-widget", Box::new(|_| build_widget::run(ws))),
        (
            "wasm parity build",
            Box::new(move |_| {
                route
                    .cargo_build(ws)
                    .args(["-p", "mynaform-verifier", "-p", "mynaform-jp"])
                    // The widget's profile: std (built from source) is shared with the widget build.
                    .args(["--profile", "wasm-release", "--no-default-features"])
                    .run()
            }),
        ),
        (
            "clippy",
            Box::new(|_| {
                Cmd::new("cargo")
                    .args([
                        "clippy",
                        "--workspace",
                        "--all-targets",
                        "--",
                        "-D",
                        "warnings",
                    ])
                    .dir(&ws.root)
                    .run()
            }),
        ),
        ("playwright", Box::new(|tally| playwright(ws, tally))),
    ];
    for (name, step) in &steps {
        let failed_before = tally.failed;
        let result = step(&mut tally);
        if let Err(error) = &result {
            eprintln!("\nxtask test: step `{name}` failed: {error}");
            if tally.failed == failed_before {
                untallied_failures += 1;
            }
        }
        outcomes.push(Outcome {
            name,
            ok: result.is_ok(),
        });
    }

    println!("\nxtask test steps:");
    for outcome in &outcomes {
        let verdict = if outcome.ok { "ok" } else { "FAILED" };
        println!("  {:<20} {verdict}", outcome.name);
    }
    let failed_steps = outcomes.iter().filter(|o| !o.ok).count();
    println!(
        "{} passed, {} failed",
        tally.passed,
        tally.failed + untallied_failures
    );
    if failed_steps == 0 && tally.failed == 0 {
        Ok(())
    } else {
        Err(XtaskError::StepsFailed(failed_steps.max(1)))
    }
}

/// Builds the `mynaform` binary the browser tests start, then runs the Playwright suite.
fn playwright(ws: &Workspace, tally: &mut Tally) -> Result<()> {
    Cmd::new("cargo")
        .args(["build", "--bin", "mynaform"])
        .dir(&ws.root)
        .run()?;
    Cmd::new("node")
        .args([
            "--test",
            "--test-reporter=tap",
            "--test-concurrency=1",
            "tests/",
        ])
        .dir(&ws.path("playwright"))
        .env("MYNAFORM_BIN", ws.mynaform_binary("debug"))
        .env("MYNAFORM_ROOT", &ws.root)
        .env("CHROMIUM", CHROMIUM)
        .run_streaming(|line| tally.add_line(line))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_cargo_test_result_lines() {
        let mut tally = Tally::default();
        tally.add_line("test result: ok. 12 passed; 0 failed; 1 ignored; 0 measured; 0 filtered out; finished in 0.01s");
        tally.add_line(
            "test result: FAILED. 3 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out",
        );
        assert_eq!(
            tally,
            Tally {
                passed: 15,
                failed: 2
            }
        );
    }

    #[test]
    fn sums_node_tap_summary_lines() {
        let mut tally = Tally::default();
        for line in [
            "# tests 4",
            "# pass 3",
            "# fail 1",
            "ok 1 - something passed",
        ] {
            tally.add_line(line);
        }
        assert_eq!(
            tally,
            Tally {
                passed: 3,
                failed: 1
            }
        );
    }

    #[test]
    fn ignores_lines_that_only_mention_results() {
        let mut tally = Tally::default();
        tally.add_line("the test result: was fine, 3 passed");
        tally.add_line("#pass 3");
        assert_eq!(tally, Tally::default());
    }
}
