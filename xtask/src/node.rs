//! The pinned Node packages of `playwright/` (playwright-core, binaryen's `wasm-opt`, terser): `npm ci`
//! runs when `node_modules` is missing or was installed from another lockfile.
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::error::{Result, XtaskError};
use crate::process::{Cmd, program_exists, read_text, write_file};
use crate::workspace::Workspace;

/// The oldest Node major version the suite is written for.
const MIN_NODE_MAJOR: u32 = 20;
/// Written into `node_modules` after a successful `npm ci`: the hash of the manifests it used.
const STAMP: &str = ".mynaform-lock-sha256";

/// Checks Node and npm, and runs `npm ci` in `playwright/` when needed.
pub fn ensure_packages(ws: &Workspace) -> Result<()> {
    let version = Cmd::new("node")
        .arg("--version")
        .probe()
        .ok_or_else(|| XtaskError::Missing {
            what: "Node.js".into(),
            fix: format!("install Node.js {MIN_NODE_MAJOR} or newer with npm (e.g. from nodejs.org or your distribution)"),
        })?;
    match node_major(&version) {
        Some(major) if major >= MIN_NODE_MAJOR => {}
        _ => {
            return Err(XtaskError::Missing {
                what: format!("Node.js {MIN_NODE_MAJOR}+ (found {})", version.trim()),
                fix: format!("install Node.js {MIN_NODE_MAJOR} or newer"),
            });
        }
    }
    if !program_exists("npm") {
        return Err(XtaskError::Missing {
            what: "npm".into(),
            fix: "install npm (Debian: `apt-get install npm`)".into(),
        });
    }
    let dir = ws.path("playwright");
    let wanted = manifest_hash(&dir)?;
    let stamp = dir.join("node_modules").join(STAMP);
    if std::fs::read_to_string(&stamp).ok().as_deref() == Some(wanted.as_str()) {
        eprintln!("setup: node packages of playwright/ ... up to date");
        return Ok(());
    }
    eprintln!("setup: installing the pinned node packages of playwright/ (npm ci)");
    let result = Cmd::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .dir(&dir)
        .fix("check the npm registry is reachable, then rerun `cargo xtask setup`")
        .run();
    if let Err(error) = result {
        // Leave nothing half-installed for the next run to trust.
        let _ = std::fs::remove_dir_all(dir.join("node_modules"));
        return Err(error);
    }
    write_file(&stamp, wanted)
}

/// The `wasm-opt` of the pinned binaryen npm package.
pub fn wasm_opt(ws: &Workspace) -> PathBuf {
    ws.path("playwright/node_modules/.bin/wasm-opt")
}

/// terser from the pinned node packages (minifies the widget's scripts).
pub fn terser(ws: &Workspace) -> PathBuf {
    ws.path("playwright/node_modules/.bin/terser")
}

fn manifest_hash(dir: &Path) -> Result<String> {
    let mut hasher = Sha256::new();
    for name in ["package.json", "package-lock.json"] {
        hasher.update(read_text(&dir.join(name))?.as_bytes());
        hasher.update([0]);
    }
    Ok(hex(&hasher.finalize()))
}

/// Lower-case hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The major version of `node --version` output (`v20.1.0` → 20).
fn node_major(version: &str) -> Option<u32> {
    version
        .trim()
        .strip_prefix('v')?
        .split('.')
        .next()?
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_node_major_version() {
        assert_eq!(node_major("v20.20.2\n"), Some(20));
        assert_eq!(node_major("v18.0.0"), Some(18));
        assert_eq!(node_major("garbage"), None);
    }

    #[test]
    fn hex_encodes_bytes() {
        assert_eq!(hex(&[0x00, 0xab, 0x10]), "00ab10");
    }
}
