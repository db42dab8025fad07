//! `cargo xtask build-widget`: the browser widget into `dist/widget/`.
//!
//! Steps: cargo build of `mynaform-widget` for wasm32 with the `wasm-release` profile →
//! `wasm-bindgen --target web` → `wasm-opt -Oz --converge` (npm binaryen 132) → the entry `widget.js` (the
//! widget crate's `widget/loader.js`, or a minimal loader) → terser on both scripts → sizes and the SRI hash
//! of `widget.js`.
use std::path::{Path, PathBuf};

use crate::error::{Result, XtaskError};
use crate::node;
use crate::process::{Cmd, write_file};
use crate::sizes;
use crate::wasm_toolchain::{self, WASM_TARGET};
use crate::workspace::Workspace;

/// The output directory, relative to the workspace root.
pub const OUT_DIR: &str = "dist/widget";
/// The name wasm-bindgen gives the module (from the crate name).
const MODULE: &str = "mynaform_widget";
/// Features the Rust wasm32 target emits by default; wasm-opt must accept them.
const WASM_FEATURES: &[&str] = &[
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// Used when the widget crate ships no `loader.js`: initialise the module, which registers the element.
const DEFAULT_LOADER: &str =
    "// mynaform widget entry: loads the wasm module, which registers <mynaform-button>.
import init from './mynaform_widget.js';

await init({ module_or_path: new URL('./mynaform_widget_bg.wasm', import.meta.url) });
";

/// What to build: the production widget by default.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Extra cargo features of `mynaform-widget` (e.g. `parity` for the browser/native comparisons).
    pub features: Option<String>,
    /// Output directory instead of `dist/widget`.
    pub out: Option<PathBuf>,
}

impl Options {
    /// Parses `[--features LIST] [--out DIR]`.
    pub fn parse(args: &[String]) -> Result<Self> {
        let mut options = Self::default();
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            let value = |args: &mut std::slice::Iter<'_, String>| {
                args.next()
                    .cloned()
                    .ok_or_else(|| XtaskError::UnknownArgument(format!("{arg} needs a value")))
            };
            match arg.as_str() {
                "--features" => options.features = Some(value(&mut args)?),
                "--out" => options.out = Some(PathBuf::from(value(&mut args)?)),
                other => return Err(XtaskError::UnknownArgument(other.to_owned())),
            }
        }
        Ok(options)
    }
}

/// Builds the production widget into `dist/widget` and prints its figures.
pub fn run(ws: &Workspace) -> Result<()> {
    build(ws, &Options::default())
}

/// Builds the widget as `options` say and prints its figures.
pub fn build(ws: &Workspace, options: &Options) -> Result<()> {
    let route = wasm_toolchain::current(ws)?;
    let mut cargo =
        route
            .cargo_build(ws)
            .args(["-p", "mynaform-widget", "--profile", "wasm-release"]);
    if let Some(features) = &options.features {
        cargo = cargo.args(["--features", features.as_str()]);
    }
    cargo.run()?;
    let wasm = ws
        .target_dir
        .join(WASM_TARGET)
        .join("wasm-release")
        .join(format!("{MODULE}.wasm"));

    let out = options.out.clone().unwrap_or_else(|| ws.path(OUT_DIR));
    if out.exists() {
        std::fs::remove_dir_all(&out).map_err(|source| XtaskError::File {
            path: out.clone(),
            source,
        })?;
    }
    Cmd::new("wasm-bindgen")
        .args(["--target", "web", "--no-typescript", "--out-dir"])
        .arg(&out)
        .arg(&wasm)
        .fix("run `cargo xtask setup` (wasm-bindgen-cli must match Cargo.lock)")
        .run()?;

    let bg = out.join(format!("{MODULE}_bg.wasm"));
    let optimised = out.join(format!("{MODULE}_bg.opt.wasm"));
    Cmd::new(node::wasm_opt(ws))
        // `--converge` repeats -Oz while it still shrinks the module (≈ 2 KB gzip).
        .args(["-Oz", "--converge"])
        .args(WASM_FEATURES.iter().copied())
        .arg(&bg)
        .arg("-o")
        .arg(&optimised)
        .fix("run `cargo xtask setup` (wasm-opt comes from playwright/node_modules)")
        .run()?;
    std::fs::rename(&optimised, &bg).map_err(|source| XtaskError::File {
        path: bg.clone(),
        source,
    })?;

    write_entry(ws, &out)?;
    for script in ["widget.js", &format!("{MODULE}.js")] {
        minify(ws, &out.join(script))?;
    }
    report(&out)
}

/// Minifies an ES module in place with terser (npm, pinned in `playwright/package.json`): ≈ 2 KB gzip
/// off the loader and the wasm-bindgen glue. Property names are kept, so the glue's import object still
/// matches the wasm's imports.
fn minify(ws: &Workspace, script: &Path) -> Result<()> {
    let minified = script.with_extension("min.js");
    Cmd::new(node::terser(ws))
        .arg(script)
        .args([
            "--module",
            "--compress",
            "--mangle",
            "--comments",
            "false",
            "-o",
        ])
        .arg(&minified)
        .fix("run `cargo xtask setup` (terser comes from playwright/node_modules)")
        .run()?;
    std::fs::rename(&minified, script).map_err(|source| XtaskError::File {
        path: script.to_path_buf(),
        source,
    })
}

/// Writes `widget.js`: the widget crate's loader if it has one, else the minimal loader.
fn write_entry(ws: &Workspace, out: &Path) -> Result<()> {
    let loader = ws.path("widget/loader.js");
    let entry = out.join("widget.js");
    if loader.is_file() {
        std::fs::copy(&loader, &entry).map_err(|source| XtaskError::File {
            path: loader.clone(),
            source,
        })?;
        Ok(())
    } else {
        write_file(&entry, DEFAULT_LOADER)
    }
}

/// Measures the output, prints the figures, writes `build-info.json`.
pub fn report(out: &Path) -> Result<()> {
    let glue = format!("{MODULE}.js");
    let wasm = format!("{MODULE}_bg.wasm");
    let sizes = sizes::measure(out, &["widget.js", &glue, &wasm])?;
    let entry = out.join("widget.js");
    let entry_bytes = std::fs::read(&entry).map_err(|source| XtaskError::File {
        path: entry.clone(),
        source,
    })?;
    let integrity = sizes::sri_sha384(&entry_bytes);
    println!("\nwidget built in {}:", out.display());
    sizes::print_table(&sizes);
    let total_gzip: usize = sizes.iter().map(|s| s.gzip).sum();
    println!("total gzip: {:.1} KB", total_gzip as f64 / 1024.0);
    println!("widget.js integrity: {integrity}");
    let info = sizes::to_json(&sizes, &integrity);
    write_file(&out.join("build-info.json"), info.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_parse_features_and_output_directory() {
        let args: Vec<String> = ["--features", "parity", "--out", "/tmp/w"]
            .iter()
            .map(|s| (*s).to_owned())
            .collect();
        let options = Options::parse(&args).expect("valid options");
        assert_eq!(options.features.as_deref(), Some("parity"));
        assert_eq!(options.out, Some(PathBuf::from("/tmp/w")));
        assert!(Options::parse(&["--out".to_owned()]).is_err());
        assert!(Options::parse(&["--fast".to_owned()]).is_err());
        assert_eq!(Options::parse(&[]).expect("no options"), Options::default());
    }

    #[test]
    fn default_loader_imports_the_glue_that_wasm_bindgen_writes() {
        assert!(DEFAULT_LOADER.contains(&format!("./{MODULE}.js")));
        assert!(DEFAULT_LOADER.contains(&format!("./{MODULE}_bg.wasm")));
    }
}
