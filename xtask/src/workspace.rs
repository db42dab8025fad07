//! Where the workspace and cargo's target directory are.
use std::path::{Path, PathBuf};

use crate::error::{Result, XtaskError};
use crate::process::Cmd;

/// The checkout being worked on.
pub struct Workspace {
    /// The workspace root (holds the root `Cargo.toml`).
    pub root: PathBuf,
    /// Cargo's target directory: `CARGO_TARGET_DIR` or the default `target/`, as cargo reports it.
    pub target_dir: PathBuf,
}

impl Workspace {
    /// Finds the workspace from this crate's manifest and asks cargo for its target directory.
    pub fn locate() -> Result<Self> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .map(Path::to_path_buf)
            .ok_or_else(|| XtaskError::UnexpectedOutput {
                command: "CARGO_MANIFEST_DIR".into(),
                detail: "xtask has no parent directory".into(),
            })?;
        let metadata = Cmd::new("cargo")
            .args(["metadata", "--no-deps", "--format-version", "1"])
            .dir(&root)
            .quiet()
            .output()?;
        let target_dir = target_directory(&metadata)?;
        Ok(Self { root, target_dir })
    }

    /// A path inside the workspace.
    pub fn path(&self, relative: &str) -> PathBuf {
        self.root.join(relative)
    }

    /// Where xtask keeps what it remembers between runs (inside the target directory).
    pub fn state_dir(&self) -> PathBuf {
        self.target_dir.join("xtask")
    }

    /// The `mynaform` binary of a cargo profile directory (`debug` or `release`).
    pub fn mynaform_binary(&self, profile_dir: &str) -> PathBuf {
        self.target_dir.join(profile_dir).join("mynaform")
    }
}

/// Reads `target_directory` from `cargo metadata` JSON.
fn target_directory(metadata_json: &str) -> Result<PathBuf> {
    let value: serde_json::Value =
        serde_json::from_str(metadata_json).map_err(|e| XtaskError::UnexpectedOutput {
            command: "cargo metadata".into(),
            detail: e.to_string(),
        })?;
    value
        .get("target_directory")
        .and_then(serde_json::Value::as_str)
        .map(PathBuf::from)
        .ok_or_else(|| XtaskError::UnexpectedOutput {
            command: "cargo metadata".into(),
            detail: "no target_directory".into(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_target_directory_from_cargo_metadata() {
        let json = r#"{"packages":[],"target_directory":"/tmp/t","version":1}"#;
        assert_eq!(target_directory(json).ok(), Some(PathBuf::from("/tmp/t")));
    }

    #[test]
    fn rejects_metadata_without_target_directory() {
        assert!(target_directory(r#"{"version":1}"#).is_err());
        assert!(target_directory("not json").is_err());
    }
}
