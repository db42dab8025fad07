//! The wasm32 compiler: rustup's stable toolchain with its `rust-src` component when rustup can provide it,
//! otherwise Debian's `rustc-web` (+ `rust-web-src`) linked as the rustup toolchain `debweb`. Setup remembers
//! the route in the target directory so build steps use the same one.
//!
//! Both routes build std from source (`-Zbuild-std`, enabled on a stable compiler by `RUSTC_BOOTSTRAP=1`)
//! for size: std's `optimize_for_size` feature, panics that abort at once (`-Cpanic=immediate-abort`: no
//! panic message formatting is linked, and no panic can carry personal data into the console) and no caller
//! locations (`-Zlocation-detail=none`). Against rustup's prebuilt std this takes ≈ 25 KB gzip off the widget.
use std::path::{Path, PathBuf};

use crate::apt::Apt;
use crate::error::{Result, XtaskError};
use crate::process::{Cmd, program_exists, read_text, write_file};
use crate::workspace::Workspace;

/// The target triple of the browser build.
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// The rustup toolchain name under which Debian's rustc-web is linked.
const DEBIAN_TOOLCHAIN: &str = "debweb";
/// Arguments of every wasm32 build: std from source, tuned for size.
const BUILD_STD: &[&str] = &[
    "-Zbuild-std=std,panic_abort",
    "-Zbuild-std-features=optimize_for_size",
];
/// Compiler flags of the wasm32 crates (only the target's: build scripts and proc macros are untouched).
const WASM_RUSTFLAGS: &str = "-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none";
/// Debian packages of the fallback route.
const DEBIAN_PACKAGES: &[&str] = &["rustc-web", "rust-web-src", "rust-web-llvm", "lld-22"];
/// Setting this to `debian` makes setup take the Debian route even when rustup has the target.
const ROUTE_OVERRIDE: &str = "MYNAFORM_WASM_ROUTE";

/// How this machine compiles for wasm32.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WasmRoute {
    /// rustup's stable compiler, std built from its `rust-src` component.
    Rustup,
    /// Debian's rustc-web as toolchain `debweb`, std built from source.
    DebianBuildStd,
}

impl WasmRoute {
    fn name(self) -> &'static str {
        match self {
            Self::Rustup => "rustup",
            Self::DebianBuildStd => "debian",
        }
    }

    fn from_name(name: &str) -> Option<Self> {
        match name.trim() {
            "rustup" => Some(Self::Rustup),
            "debian" => Some(Self::DebianBuildStd),
            _ => None,
        }
    }

    /// A `cargo build` for wasm32 on this route; the caller adds packages and profile.
    pub fn cargo_build(self, ws: &Workspace) -> Cmd {
        let cargo = match self {
            Self::Rustup => Cmd::new("cargo"),
            Self::DebianBuildStd => Cmd::new("cargo").arg(format!("+{DEBIAN_TOOLCHAIN}")),
        };
        cargo
            .args(["build", "--target", WASM_TARGET])
            .args(BUILD_STD.iter().copied())
            // build-std is unstable; the flag must be in cargo's environment.
            .env("RUSTC_BOOTSTRAP", "1")
            .env(
                "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS",
                WASM_RUSTFLAGS,
            )
            .dir(&ws.root)
    }
}

fn route_file(ws: &Workspace) -> PathBuf {
    ws.state_dir().join("wasm-route")
}

/// Makes sure some route works, installing what is missing, and remembers it.
pub fn ensure(ws: &Workspace, apt: &Apt) -> Result<WasmRoute> {
    let forced_debian = std::env::var(ROUTE_OVERRIDE).is_ok_and(|v| v == "debian");
    let route = if !forced_debian && rustup_has_std_source() {
        eprintln!("setup: wasm32 compiler ... rustup component rust-src installed");
        WasmRoute::Rustup
    } else if !forced_debian && try_rustup_add() {
        WasmRoute::Rustup
    } else {
        ensure_debian(apt)?;
        WasmRoute::DebianBuildStd
    };
    write_file(&route_file(ws), route.name())?;
    Ok(route)
}

/// The route setup chose, or, if setup has not run in this target directory, one that works now.
pub fn current(ws: &Workspace) -> Result<WasmRoute> {
    if let Some(route) = read_text(&route_file(ws))
        .ok()
        .and_then(|name| WasmRoute::from_name(&name))
    {
        return Ok(route);
    }
    if rustup_has_std_source() {
        Ok(WasmRoute::Rustup)
    } else if debian_toolchain_linked() {
        Ok(WasmRoute::DebianBuildStd)
    } else {
        Err(XtaskError::NoWasmTarget(
            "run `cargo xtask setup` first".into(),
        ))
    }
}

/// The component that carries std's sources, which `-Zbuild-std` compiles.
const STD_SOURCE_COMPONENT: &str = "rust-src";

fn rustup_has_std_source() -> bool {
    Cmd::new("rustup")
        .args(["component", "list", "--installed", "--toolchain", "stable"])
        .probe()
        .is_some_and(|list| list.lines().any(|line| line.trim() == STD_SOURCE_COMPONENT))
}

fn try_rustup_add() -> bool {
    if !program_exists("rustup") {
        return false;
    }
    eprintln!("setup: installing the rustup component {STD_SOURCE_COMPONENT} (at most 180 s)");
    let added = Cmd::new("timeout")
        .args(["180", "rustup", "component", "add", STD_SOURCE_COMPONENT])
        .args(["--toolchain", "stable"])
        .run()
        .is_ok();
    if !added {
        eprintln!(
            "setup: rustup could not add {STD_SOURCE_COMPONENT}; trying Debian's rustc-web instead"
        );
    }
    added && rustup_has_std_source()
}

fn debian_toolchain_linked() -> bool {
    Cmd::new("rustup")
        .args(["toolchain", "list"])
        .probe()
        .is_some_and(|list| {
            list.lines()
                .any(|line| line.split_whitespace().next() == Some(DEBIAN_TOOLCHAIN))
        })
}

fn ensure_debian(apt: &Apt) -> Result<()> {
    if !program_exists("rustup") {
        return Err(XtaskError::NoWasmTarget(
            "rustup is needed (to run the native toolchain and link Debian's rustc-web)".into(),
        ));
    }
    let rustc = Path::new("/usr/bin/rustc");
    let has_packages = rustc.is_file()
        && Cmd::new("dpkg-query")
            .args(["-W", "-f=${Status}\n"])
            .args(DEBIAN_PACKAGES.iter().copied())
            .probe()
            .is_some_and(|out| {
                out.lines().count() == DEBIAN_PACKAGES.len()
                    && out.lines().all(|l| l.ends_with("installed"))
            });
    if has_packages {
        eprintln!("setup: Debian rustc-web ... installed");
    } else {
        apt.install(
            "Debian's rustc-web (wasm32 fallback)",
            DEBIAN_PACKAGES,
            false,
        )
        .map_err(|e| XtaskError::NoWasmTarget(e.to_string()))?;
    }
    if debian_toolchain_linked() {
        eprintln!("setup: rustup toolchain `{DEBIAN_TOOLCHAIN}` ... linked");
        return Ok(());
    }
    link_debian_toolchain()
}

/// Links a directory of symlinks to Debian's rustc plus rustup's stable cargo as toolchain `debweb`.
fn link_debian_toolchain() -> Result<()> {
    let cargo = Cmd::new("rustup")
        .args(["+stable", "which", "cargo"])
        .probe()
        .map(|s| PathBuf::from(s.trim()))
        .ok_or_else(|| XtaskError::NoWasmTarget("`rustup +stable which cargo` failed".into()))?;
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .ok_or_else(|| XtaskError::NoWasmTarget("HOME is not set".into()))?;
    let dir = home.join(".local/share/mynaform/debweb-toolchain");
    eprintln!(
        "setup: linking Debian's rustc as rustup toolchain `{DEBIAN_TOOLCHAIN}` ({})",
        dir.display()
    );
    let bin = dir.join("bin");
    let io = |path: &Path, source| XtaskError::File {
        path: path.to_path_buf(),
        source,
    };
    std::fs::create_dir_all(&bin).map_err(|e| io(&bin, e))?;
    std::fs::create_dir_all(dir.join("lib")).map_err(|e| io(&dir, e))?;
    for (name, target) in [
        ("rustc", PathBuf::from("/usr/bin/rustc")),
        ("rustdoc", PathBuf::from("/usr/bin/rustdoc")),
        ("cargo", cargo),
    ] {
        let link = bin.join(name);
        let _ = std::fs::remove_file(&link);
        symlink(&target, &link).map_err(|e| io(&link, e))?;
    }
    Cmd::new("rustup")
        .args(["toolchain", "link", DEBIAN_TOOLCHAIN])
        .arg(&dir)
        .run()
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(target, link)
}

#[cfg(not(unix))]
fn symlink(_target: &Path, _link: &Path) -> std::io::Result<()> {
    Err(std::io::Error::other(
        "the Debian route needs a Unix system",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembered_route_names_round_trip() {
        for route in [WasmRoute::Rustup, WasmRoute::DebianBuildStd] {
            assert_eq!(WasmRoute::from_name(route.name()), Some(route));
        }
        assert_eq!(
            WasmRoute::from_name("debian\n"),
            Some(WasmRoute::DebianBuildStd)
        );
        assert_eq!(WasmRoute::from_name("other"), None);
    }
}
