//! `cargo xtask setup`: everything building and testing need, each piece checked before it is
//! installed, so a second run takes seconds.
use crate::apt::Apt;
use crate::error::{Result, XtaskError};
use crate::node;
use crate::process::{Cmd, program_exists, read_text};
use crate::wasm_toolchain::{self, WasmRoute};
use crate::workspace::Workspace;

/// Where Debian installs Chromium and its driver.
pub const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// The binaryen release whose `wasm-opt` we use (pinned in `playwright/package.json`).
const WASM_OPT_VERSION: &str = "version 132";

/// Runs every setup step; returns the wasm route for the build steps.
pub fn run(ws: &Workspace) -> Result<WasmRoute> {
    let apt = Apt::new();
    let route = wasm_toolchain::ensure(ws, &apt)?;
    ensure_wasm_bindgen(ws)?;
    node::ensure_packages(ws)?;
    check_wasm_opt(ws)?;
    ensure_chromium(&apt)?;
    ensure_redis(&apt)?;
    ensure_japanese_font(&apt)?;
    eprintln!("setup: done (wasm32 via {route:?})");
    Ok(route)
}

/// `wasm-bindgen-cli` at exactly the version of the `wasm-bindgen` crate in Cargo.lock.
fn ensure_wasm_bindgen(ws: &Workspace) -> Result<()> {
    let lock = read_text(&ws.path("Cargo.lock"))?;
    let wanted =
        locked_version(&lock, "wasm-bindgen").ok_or_else(|| XtaskError::UnexpectedOutput {
            command: "Cargo.lock".into(),
            detail: "no wasm-bindgen package".into(),
        })?;
    let installed = Cmd::new("wasm-bindgen").arg("--version").probe();
    if installed.as_deref().and_then(bindgen_version) == Some(wanted.as_str()) {
        eprintln!("setup: wasm-bindgen-cli {wanted} ... installed");
        return Ok(());
    }
    eprintln!(
        "setup: installing wasm-bindgen-cli {wanted} (found {}; takes about 3 min)",
        installed.as_deref().map_or("none", str::trim)
    );
    // Without --locked: its own lockfile pins crates the registry mirror may lack.
    Cmd::new("cargo")
        .args(["install", "wasm-bindgen-cli", "--force", "--version"])
        .arg(&wanted)
        .fix(format!(
            "run `cargo install wasm-bindgen-cli --version {wanted}` by hand to see the whole error"
        ))
        .run()
}

fn check_wasm_opt(ws: &Workspace) -> Result<()> {
    let wasm_opt = node::wasm_opt(ws);
    let version = Cmd::new(&wasm_opt).arg("--version").probe();
    match version {
        Some(v) if v.contains(WASM_OPT_VERSION) => {
            eprintln!("setup: wasm-opt ({}) ... installed", v.trim());
            Ok(())
        }
        found => Err(XtaskError::Missing {
            what: format!(
                "wasm-opt {WASM_OPT_VERSION} at {} (found {})",
                wasm_opt.display(),
                found.as_deref().map_or("none", str::trim)
            ),
            fix: "remove playwright/node_modules and rerun `cargo xtask setup` (npm binaryen@132)"
                .into(),
        }),
    }
}

fn ensure_chromium(apt: &Apt) -> Result<()> {
    if std::path::Path::new(CHROMIUM).is_file() && std::path::Path::new(CHROMEDRIVER).is_file() {
        eprintln!("setup: Chromium ... installed ({CHROMIUM})");
        return Ok(());
    }
    apt.install("Chromium", &["chromium", "chromium-driver"], true)
}

fn ensure_redis(apt: &Apt) -> Result<()> {
    if program_exists("redis-server") {
        eprintln!("setup: redis-server ... installed");
        return Ok(());
    }
    apt.install("redis-server", &["redis-server"], false)
}

/// A Japanese font, so the example pages render (and their screenshots show text, not boxes).
fn ensure_japanese_font(apt: &Apt) -> Result<()> {
    let has_font = Cmd::new("fc-list")
        .arg(":lang=ja")
        .probe()
        .is_some_and(|fonts| !fonts.trim().is_empty());
    if has_font {
        eprintln!("setup: Japanese font ... installed");
        return Ok(());
    }
    apt.install("a Japanese font", &["fonts-ipafont-gothic"], false)
}

/// The version of package `name` in a Cargo.lock.
fn locked_version(lock: &str, name: &str) -> Option<String> {
    let wanted = format!("name = \"{name}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == wanted {
            let version = lines.next()?.trim().strip_prefix("version = \"")?;
            return version.strip_suffix('"').map(str::to_owned);
        }
    }
    None
}

/// The version in `wasm-bindgen --version` output (`wasm-bindgen 0.2.130` → `0.2.130`).
fn bindgen_version(output: &str) -> Option<&str> {
    output.split_whitespace().nth(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCK: &str = "[[package]]\nname = \"wasm-bindgen-macro\"\nversion = \"9.9.9\"\n\n\
                        [[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.130\"\nsource = \"x\"\n";

    #[test]
    fn finds_the_exact_package_version_in_a_lockfile() {
        assert_eq!(
            locked_version(LOCK, "wasm-bindgen").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(locked_version(LOCK, "absent"), None);
    }

    #[test]
    fn reads_the_wasm_bindgen_cli_version() {
        assert_eq!(bindgen_version("wasm-bindgen 0.2.130\n"), Some("0.2.130"));
        assert_eq!(bindgen_version(""), None);
    }

    #[test]
    fn the_workspace_lockfile_pins_wasm_bindgen() {
        let lock = include_str!("../../Cargo.lock");
        assert!(locked_version(lock, "wasm-bindgen").is_some());
    }
}
