//! Installing Debian packages with apt: `apt-get update` runs only when an install cannot find a
//! package in the current lists, and never more than once per xtask run.
use std::cell::Cell;

use crate::error::{Result, XtaskError};
use crate::process::{Cmd, program_exists};

/// Installs Debian packages on demand.
pub struct Apt {
    updated: Cell<bool>,
}

impl Apt {
    /// An installer that has not run `apt-get update` yet.
    pub fn new() -> Self {
        Self {
            updated: Cell::new(false),
        }
    }

    /// Installs `packages`, naming `what` they provide in messages.
    pub fn install(&self, what: &str, packages: &[&str], recommends: bool) -> Result<()> {
        if !program_exists("apt-get") {
            return Err(XtaskError::Missing {
                what: what.into(),
                fix: format!(
                    "this system has no apt-get: install {what} (Debian packages: {}) yourself",
                    packages.join(" ")
                ),
            });
        }
        eprintln!("setup: installing {what} with apt ({})", packages.join(" "));
        if self.try_install(packages, recommends).is_ok() {
            return Ok(());
        }
        if self.updated.get() {
            return Err(self.install_failed(what, packages));
        }
        // The package lists may be missing or old: refresh once and try again.
        self.as_root(Cmd::new("apt-get").args(["update", "-q"]))
            .run()?;
        self.updated.set(true);
        self.try_install(packages, recommends)
            .map_err(|_| self.install_failed(what, packages))
    }

    fn try_install(&self, packages: &[&str], recommends: bool) -> Result<()> {
        let mut cmd = Cmd::new("apt-get").args(["install", "-y", "-q"]);
        if !recommends {
            cmd = cmd.arg("--no-install-recommends");
        }
        self.as_root(cmd.args(packages.iter().copied()))
            .env("DEBIAN_FRONTEND", "noninteractive")
            .run()
    }

    fn install_failed(&self, what: &str, packages: &[&str]) -> XtaskError {
        XtaskError::Missing {
            what: what.into(),
            fix: format!(
                "`apt-get install {}` failed (see above); install it by hand and rerun `cargo xtask setup`",
                packages.join(" ")
            ),
        }
    }

    /// Prefixes `sudo` when not running as root.
    fn as_root(&self, cmd: Cmd) -> Cmd {
        if is_root() || !program_exists("sudo") {
            cmd
        } else {
            cmd.wrapped_in("sudo", &["-E"])
        }
    }
}

fn is_root() -> bool {
    Cmd::new("id")
        .arg("-u")
        .probe()
        .is_some_and(|uid| uid.trim() == "0")
}
