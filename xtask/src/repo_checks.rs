//! Repository checks, run as tests of xtask (`cargo test -p xtask`): the promises the README and CI
//! make stay true.
use std::path::Path;

fn read(relative: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn readme_opens_with_the_demo_and_test_commands() {
    let readme = read("README.md");
    let head: String = readme.lines().take(25).collect::<Vec<_>>().join("\n");
    assert!(
        head.contains("cargo xtask demo"),
        "README top lacks `cargo xtask demo`"
    );
    assert!(
        head.contains("cargo xtask test"),
        "README top lacks `cargo xtask test`"
    );
}

#[test]
fn ci_runs_the_readme_test_command_strictly() {
    let ci = read(".ci/run");
    assert!(ci.starts_with("#!/usr/bin/env bash\n"));
    assert!(ci.contains("set -euo pipefail"));
    assert!(ci.lines().any(|l| l.trim() == "cargo xtask test"));
}

#[test]
fn cargo_alias_points_at_the_xtask_package() {
    let config = read(".cargo/config.toml");
    assert!(config.contains("xtask = \"run --quiet --package xtask --\""));
}

#[test]
fn lockfile_has_no_forbidden_dependency() {
    let lock = read("Cargo.lock");
    for forbidden in ["isomdl", "serde_cbor", "openssl", "anyhow"] {
        let entry = format!("name = \"{forbidden}\"");
        assert!(
            !lock.lines().any(|l| l.trim() == entry),
            "Cargo.lock contains the forbidden crate {forbidden}"
        );
    }
}

#[test]
fn node_packages_are_pinned_exactly_and_locked() {
    let manifest: serde_json::Value =
        serde_json::from_str(&read("playwright/package.json")).expect("package.json is JSON");
    let lock: serde_json::Value =
        serde_json::from_str(&read("playwright/package-lock.json")).expect("lockfile is JSON");
    let deps = manifest
        .get("devDependencies")
        .and_then(|d| d.as_object())
        .expect("devDependencies");
    for name in ["playwright-core", "binaryen"] {
        let wanted = deps.get(name).and_then(|v| v.as_str()).expect(name);
        assert!(
            wanted.chars().all(|c| c.is_ascii_digit() || c == '.'),
            "{name} is not pinned to an exact version: {wanted}"
        );
        let locked = lock
            .pointer(&format!("/packages/node_modules~1{name}/version"))
            .and_then(|v| v.as_str());
        assert_eq!(
            locked,
            Some(wanted),
            "package-lock.json disagrees on {name}"
        );
    }
}
