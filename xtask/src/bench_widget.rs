//! `cargo xtask bench widget` (issue 6 item 6): the widget's transfer size against its 250 KB budget, and
//! the time of the widget's decrypt + verify + normalise (`open_and_verify`) in headless Chromium next to
//! the same function natively, on the same wallet answers, in one run.
//!
//! Steps: setup → production build (sizes from `dist/widget/build-info.json`) → a `parity` build into
//! `<target>/xtask/bench-widget/build` (exports `__benchOpenAndVerify`) → fixtures from the test wallet (the
//! widget's `bench_fixture` example) → per case, the browser run (`playwright/bench/widget-bench.mjs`) then
//! the native run (the `bench_native` example, release) → a table and `<target>/xtask/bench-widget.json`.
//! A run that does not end in a verified outcome fails the bench instead of giving a figure.
use std::path::{Path, PathBuf};

use crate::build_widget::{self, Options};
use crate::error::{Result, XtaskError};
use crate::process::{Cmd, read_text, write_file};
use crate::setup;
use crate::workspace::Workspace;

/// The transfer size budget of the widget (wasm + JS, gzip), in KB of 1024 bytes as `build-widget` prints.
pub const SIZE_TARGET_KB: f64 = 250.0;
/// Untimed calls before the timed ones, per side and case (wasm tier-up, caches).
const WARMUP: u32 = 5;
/// Timed calls per side and case.
const ITERATIONS: u32 = 30;
/// The browser runner, relative to the workspace root.
const BROWSER_RUNNER: &str = "playwright/bench/widget-bench.mjs";

/// Runs the bench and prints the figures.
pub fn run(ws: &Workspace) -> Result<()> {
    setup::run(ws)?;
    build_widget::run(ws)?;
    let info_path = ws.path(build_widget::OUT_DIR).join("build-info.json");
    let size = TransferSize::from_build_info(&read_text(&info_path)?).ok_or_else(|| {
        XtaskError::UnexpectedOutput {
            command: info_path.display().to_string(),
            detail: "no files with gzip sizes".into(),
        }
    })?;

    let scratch = ws.state_dir().join("bench-widget");
    let build = scratch.join("build");
    build_widget::build(
        ws,
        &Options {
            features: Some("parity".into()),
            out: Some(build.clone()),
        },
    )?;
    let fixtures = write_fixtures(ws, &scratch.join("fixtures"))?;
    let native = ws
        .target_dir
        .join("release")
        .join("examples")
        .join("bench_native");

    let mut cases = Vec::new();
    for fixture in &fixtures {
        let name = case_name(fixture);
        eprintln!("bench widget: {name}");
        let browser = Cmd::new("node")
            .arg(ws.path(BROWSER_RUNNER))
            .arg("--dir")
            .arg(&build)
            .arg("--fixture")
            .arg(fixture)
            .args(counts())
            .dir(&ws.path("playwright"))
            .output()?;
        let browser = Side::parse("browser", &browser)?;
        let native = Cmd::new(&native).args(counts()).arg(fixture).output()?;
        let native = Side::parse("native", &native)?;
        cases.push(CaseFigures {
            name,
            browser,
            native,
        });
    }

    let figures = Figures {
        size,
        cases,
        load_average: load_average(),
    };
    println!("\n{}", figures.table());
    let out = ws.state_dir().join("bench-widget.json");
    write_file(&out, figures.to_json().to_string())?;
    println!("figures written to {}", out.display());
    Ok(())
}

fn counts() -> [String; 4] {
    [
        "--warmup".into(),
        WARMUP.to_string(),
        "--iterations".into(),
        ITERATIONS.to_string(),
    ]
}

/// Builds the two bench examples (release) and writes the fixtures; returns their paths.
fn write_fixtures(ws: &Workspace, dir: &Path) -> Result<Vec<PathBuf>> {
    Cmd::new("cargo")
        .args(["build", "--release", "-p", "mynaform-widget"])
        .args(["--features", "parity"])
        .args(["--example", "bench_fixture", "--example", "bench_native"])
        .dir(&ws.root)
        .run()?;
    let generator = ws
        .target_dir
        .join("release")
        .join("examples")
        .join("bench_fixture");
    let listed = Cmd::new(&generator).arg(dir).output()?;
    let paths: Vec<PathBuf> = listed
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(PathBuf::from)
        .collect();
    if paths.is_empty() {
        return Err(XtaskError::UnexpectedOutput {
            command: generator.display().to_string(),
            detail: "no fixture written".into(),
        });
    }
    Ok(paths)
}

/// The 1-minute load average when the figures were taken (Linux `/proc/loadavg`): the machines are shared,
/// and a busy one inflates both sides' p90.
fn load_average() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/loadavg").ok()?;
    text.split_whitespace().next()?.parse().ok()
}

/// `autofill_basic4--org-iso-mdoc.json` → `autofill_basic4/org-iso-mdoc`.
fn case_name(fixture: &Path) -> String {
    fixture
        .file_stem()
        .map(|stem| stem.to_string_lossy().replacen("--", "/", 1))
        .unwrap_or_default()
}

/// The widget's transfer size: every file `build-info.json` lists, gzip.
#[derive(Clone, Debug, PartialEq)]
struct TransferSize {
    /// `(file, gzip bytes)`.
    files: Vec<(String, u64)>,
}

impl TransferSize {
    /// Reads `{"files": {name: {"raw": n, "gzip": n}}}`; `None` when no file has a gzip size.
    fn from_build_info(json: &str) -> Option<Self> {
        let value: serde_json::Value = serde_json::from_str(json).ok()?;
        let files: Vec<(String, u64)> = value
            .get("files")?
            .as_object()?
            .iter()
            .filter_map(|(name, sizes)| Some((name.clone(), sizes.get("gzip")?.as_u64()?)))
            .collect();
        (!files.is_empty()).then_some(Self { files })
    }

    fn total_kb(&self) -> f64 {
        self.files
            .iter()
            .map(|(_, bytes)| *bytes as f64)
            .sum::<f64>()
            / 1024.0
    }

    fn within_target(&self) -> bool {
        self.total_kb() <= SIZE_TARGET_KB
    }
}

/// One side's timings of one case.
#[derive(Clone, Debug, PartialEq)]
struct Side {
    /// Timed iterations, milliseconds, in order.
    times_ms: Vec<f64>,
    /// The first warm-up call (what a page pays on its one real verification), when there was one.
    cold_ms: Option<f64>,
    /// Timer note from the browser runner, if any.
    timer: Option<String>,
}

impl Side {
    /// Reads a runner's JSON line; a run that did not verify is an error naming the failing check.
    fn parse(side: &str, output: &str) -> Result<Self> {
        let unexpected = |detail: String| XtaskError::UnexpectedOutput {
            command: format!("the {side} bench runner"),
            detail,
        };
        let line = output
            .lines()
            .rev()
            .find(|line| line.trim_start().starts_with('{'))
            .ok_or_else(|| unexpected(format!("no JSON line in {output:?}")))?;
        let value: serde_json::Value =
            serde_json::from_str(line).map_err(|e| unexpected(e.to_string()))?;
        if value.get("ok").and_then(serde_json::Value::as_bool) != Some(true) {
            let check = value
                .get("failing_check")
                .and_then(serde_json::Value::as_str)
                .unwrap_or("unknown");
            return Err(unexpected(format!(
                "the widget did not verify the fixture (failing check: {check})"
            )));
        }
        let numbers = |key: &str| -> Vec<f64> {
            value
                .get(key)
                .and_then(serde_json::Value::as_array)
                .map(|a| a.iter().filter_map(serde_json::Value::as_f64).collect())
                .unwrap_or_default()
        };
        let times_ms = numbers("times_ms");
        if times_ms.is_empty() {
            return Err(unexpected("no timed iterations".into()));
        }
        Ok(Self {
            times_ms,
            cold_ms: numbers("warmup_ms").first().copied(),
            timer: value
                .get("timer")
                .and_then(serde_json::Value::as_str)
                .map(str::to_owned),
        })
    }

    fn stats(&self) -> Stats {
        Stats::of(&self.times_ms)
    }
}

/// Median, 90th percentile (nearest rank) and minimum of a sample. On a busy shared machine the minimum is
/// the steadiest estimate of the work itself; median and p90 show what a page meets.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Stats {
    median: f64,
    p90: f64,
    min: f64,
}

impl Stats {
    /// The statistics of `sample`; zeros for an empty sample.
    fn of(sample: &[f64]) -> Self {
        let mut sorted = sample.to_vec();
        sorted.sort_by(f64::total_cmp);
        let n = sorted.len();
        let at = |i: usize| sorted.get(i).copied().unwrap_or(0.0);
        let median = if n % 2 == 1 {
            at(n / 2)
        } else if n == 0 {
            0.0
        } else {
            (at(n / 2 - 1) + at(n / 2)) / 2.0
        };
        // Nearest rank: the smallest value with at least 90% of the sample at or below it.
        let rank = (n * 9).div_ceil(10);
        Self {
            median,
            p90: at(rank.saturating_sub(1)),
            min: at(0),
        }
    }
}

/// Both sides of one case.
#[derive(Clone, Debug, PartialEq)]
struct CaseFigures {
    name: String,
    browser: Side,
    native: Side,
}

impl CaseFigures {
    /// Browser median over native median.
    fn ratio(&self) -> f64 {
        ratio(self.browser.stats().median, self.native.stats().median)
    }

    /// Browser minimum over native minimum.
    fn ratio_of_minimums(&self) -> f64 {
        ratio(self.browser.stats().min, self.native.stats().min)
    }
}

fn ratio(browser: f64, native: f64) -> f64 {
    if native > 0.0 {
        browser / native
    } else {
        f64::INFINITY
    }
}

/// Everything one run measured.
#[derive(Clone, Debug, PartialEq)]
struct Figures {
    size: TransferSize,
    cases: Vec<CaseFigures>,
    /// 1-minute load average at the end of the run, when known.
    load_average: Option<f64>,
}

impl Figures {
    /// The printed report: the size line and one table row per case.
    fn table(&self) -> String {
        let mut out = String::new();
        let names: Vec<&str> = self.size.files.iter().map(|(n, _)| n.as_str()).collect();
        out.push_str(&format!(
            "transfer size (gzip; {}): {:.1} KB of the {SIZE_TARGET_KB:.0} KB target ({})\n\n",
            names.join(" + "),
            self.size.total_kb(),
            if self.size.within_target() {
                "within"
            } else {
                "OVER"
            },
        ));
        let timer = self
            .cases
            .iter()
            .find_map(|c| c.browser.timer.as_deref())
            .unwrap_or("unknown");
        out.push_str(&format!(
            "open_and_verify (decrypt + verify + normalise), same fixture per row, {WARMUP} warm-up + \
             {ITERATIONS} timed calls per side; browser: headless Chromium, timer {timer}; native: release; \
             load average {}\n",
            self.load_average
                .map_or_else(|| "unknown".to_owned(), |l| format!("{l:.2}"))
        ));
        out.push_str(
            "| case | browser median ms | browser p90 ms | native median ms | native p90 ms \
             | browser/native | min ms (browser / native) | first call ms (browser / native) |\n",
        );
        out.push_str("|---|---|---|---|---|---|---|---|\n");
        for case in &self.cases {
            let (b, n) = (case.browser.stats(), case.native.stats());
            let first = |side: &Side| {
                side.cold_ms
                    .map_or_else(|| "-".to_owned(), |ms| format!("{ms:.2}"))
            };
            let cold = format!("{} / {}", first(&case.browser), first(&case.native));
            out.push_str(&format!(
                "| {} | {:.2} | {:.2} | {:.2} | {:.2} | {:.1}x | {:.2} / {:.2} ({:.1}x) | {cold} |\n",
                case.name,
                b.median,
                b.p90,
                n.median,
                n.p90,
                case.ratio(),
                b.min,
                n.min,
                case.ratio_of_minimums()
            ));
        }
        out
    }

    /// The figures as JSON, for `<target>/xtask/bench-widget.json`.
    fn to_json(&self) -> serde_json::Value {
        let side = |s: &Side| {
            let stats = s.stats();
            serde_json::json!({
                "median_ms": stats.median,
                "p90_ms": stats.p90,
                "min_ms": stats.min,
                "first_call_ms": s.cold_ms,
                "times_ms": s.times_ms,
            })
        };
        serde_json::json!({
            "size": {
                "files_gzip": self.size.files.iter().map(|(n, b)| (n.clone(), serde_json::json!(b)))
                    .collect::<serde_json::Map<_, _>>(),
                "total_gzip_kb": self.size.total_kb(),
                "target_kb": SIZE_TARGET_KB,
                "within_target": self.size.within_target(),
            },
            "load_average": self.load_average,
            "warmup": WARMUP,
            "iterations": ITERATIONS,
            "cases": self.cases.iter().map(|c| serde_json::json!({
                "case": c.name,
                "browser": side(&c.browser),
                "native": side(&c.native),
                "browser_over_native": c.ratio(),
                "browser_over_native_min": c.ratio_of_minimums(),
            })).collect::<Vec<_>>(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BUILD_INFO: &str = r#"{"files":{"widget.js":{"raw":900,"gzip":512},
        "mynaform_widget.js":{"raw":30000,"gzip":7680},
        "mynaform_widget_bg.wasm":{"raw":500000,"gzip":204800}},"widget_js_integrity":"sha384-x"}"#;

    fn side(times: &[f64]) -> Side {
        Side {
            times_ms: times.to_vec(),
            cold_ms: Some(99.0),
            timer: None,
        }
    }

    #[test]
    fn transfer_size_sums_the_gzip_sizes_of_every_file() {
        let size = TransferSize::from_build_info(BUILD_INFO).unwrap();
        assert_eq!(size.files.len(), 3);
        assert!((size.total_kb() - (512.0 + 7680.0 + 204_800.0) / 1024.0).abs() < 1e-9);
        assert!(size.within_target());
    }

    #[test]
    fn transfer_size_over_the_budget_is_not_within_target() {
        let info = r#"{"files":{"a.wasm":{"raw":1,"gzip":300000}}}"#;
        assert!(!TransferSize::from_build_info(info).unwrap().within_target());
    }

    #[test]
    fn build_info_without_files_is_rejected() {
        assert!(TransferSize::from_build_info(r#"{"files":{}}"#).is_none());
        assert!(TransferSize::from_build_info("not json").is_none());
    }

    #[test]
    fn median_and_p90_of_odd_and_even_samples() {
        let odd = Stats::of(&[5.0, 1.0, 3.0]);
        assert_eq!((odd.median, odd.p90, odd.min), (3.0, 5.0, 1.0));
        let ten: Vec<f64> = (1..=10).rev().map(f64::from).collect();
        let even = Stats::of(&ten);
        assert_eq!((even.median, even.p90, even.min), (5.5, 9.0, 1.0));
        let thirty: Vec<f64> = (1..=30).map(f64::from).collect();
        assert_eq!(Stats::of(&thirty).p90, 27.0);
        assert_eq!(
            Stats::of(&[]),
            Stats {
                median: 0.0,
                p90: 0.0,
                min: 0.0
            }
        );
    }

    #[test]
    fn runner_line_is_read_after_other_output() {
        let output =
            "loading\n{\"ok\":true,\"warmup_ms\":[7.5,2],\"times_ms\":[2.0,3.0],\"timer\":\"t\"}\n";
        let side = Side::parse("browser", output).unwrap();
        assert_eq!(side.times_ms, vec![2.0, 3.0]);
        assert_eq!(side.cold_ms, Some(7.5));
        assert_eq!(side.timer.as_deref(), Some("t"));
    }

    #[test]
    fn run_that_did_not_verify_fails_naming_the_check() {
        let output = r#"{"ok":false,"failing_check":"decryption","times_ms":[1.0]}"#;
        let error = Side::parse("native", output).unwrap_err().to_string();
        assert!(error.contains("decryption"), "{error}");
        assert!(Side::parse("native", "no json").is_err());
        assert!(Side::parse("native", r#"{"ok":true,"times_ms":[]}"#).is_err());
    }

    #[test]
    fn table_has_one_row_per_case_with_the_ratio_of_medians() {
        let figures = Figures {
            size: TransferSize::from_build_info(BUILD_INFO).unwrap(),
            cases: vec![CaseFigures {
                name: "ekyc_ru/org-iso-mdoc".into(),
                browser: side(&[6.0, 6.0, 9.0]),
                native: Side {
                    cold_ms: Some(4.5),
                    ..side(&[2.0, 2.0, 2.0])
                },
            }],
            load_average: Some(1.5),
        };
        let table = figures.table();
        assert!(
            table.contains("208.0 KB of the 250 KB target (within)"),
            "{table}"
        );
        assert!(
            table.contains(
                "| ekyc_ru/org-iso-mdoc | 6.00 | 9.00 | 2.00 | 2.00 | 3.0x | 6.00 / 2.00 (3.0x) | 99.00 / 4.50 |"
            ),
            "{table}"
        );
        assert!(table.contains("load average 1.50"), "{table}");
        let json = figures.to_json();
        assert_eq!(json["cases"][0]["browser_over_native"], 3.0);
        assert_eq!(json["size"]["within_target"], true);
        assert_eq!(
            json["cases"][0]["native"]["times_ms"]
                .as_array()
                .map(Vec::len),
            Some(3)
        );
    }

    #[test]
    fn case_name_comes_from_the_fixture_file_name() {
        assert_eq!(
            case_name(Path::new("/x/autofill_basic4--openid4vp-v1-unsigned.json")),
            "autofill_basic4/openid4vp-v1-unsigned"
        );
    }
}
