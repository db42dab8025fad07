//! Running external programs: every command is echoed before it runs, and a failure carries the
//! command line and, where known, the fix.
use std::ffi::OsString;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::error::{Result, XtaskError};

/// A command to run, built step by step.
pub struct Cmd {
    program: OsString,
    args: Vec<OsString>,
    dir: Option<PathBuf>,
    envs: Vec<(OsString, OsString)>,
    quiet: bool,
    fix: Option<String>,
}

impl Cmd {
    /// A command running `program` (looked up on `PATH`).
    pub fn new(program: impl Into<OsString>) -> Self {
        Self {
            program: program.into(),
            args: Vec::new(),
            dir: None,
            envs: Vec::new(),
            quiet: false,
            fix: None,
        }
    }

    /// Appends one argument.
    pub fn arg(mut self, arg: impl Into<OsString>) -> Self {
        self.args.push(arg.into());
        self
    }

    /// Appends arguments.
    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<OsString>,
    {
        self.args.extend(args.into_iter().map(Into::into));
        self
    }

    /// Runs in `dir`.
    pub fn dir(mut self, dir: &Path) -> Self {
        self.dir = Some(dir.to_path_buf());
        self
    }

    /// Sets an environment variable for the command.
    pub fn env(mut self, key: impl Into<OsString>, value: impl Into<OsString>) -> Self {
        self.envs.push((key.into(), value.into()));
        self
    }

    /// Runs this command through `wrapper` (e.g. `sudo -E`): the program becomes an argument.
    pub fn wrapped_in(mut self, wrapper: &str, wrapper_args: &[&str]) -> Self {
        let mut args: Vec<OsString> = wrapper_args.iter().map(OsString::from).collect();
        args.push(std::mem::replace(
            &mut self.program,
            OsString::from(wrapper),
        ));
        args.append(&mut self.args);
        self.args = args;
        self
    }

    /// Does not echo the command line (for probes whose output is parsed).
    pub fn quiet(mut self) -> Self {
        self.quiet = true;
        self
    }

    /// The fix to name when the command fails.
    pub fn fix(mut self, fix: impl Into<String>) -> Self {
        self.fix = Some(fix.into());
        self
    }

    /// The command line as a person would type it.
    pub fn display(&self) -> String {
        let mut line = self.program.to_string_lossy().into_owned();
        for arg in &self.args {
            line.push(' ');
            line.push_str(&arg.to_string_lossy());
        }
        line
    }

    fn command(&self) -> Command {
        let mut command = Command::new(&self.program);
        command.args(&self.args);
        if let Some(dir) = &self.dir {
            command.current_dir(dir);
        }
        for (key, value) in &self.envs {
            command.env(key, value);
        }
        command
    }

    fn echo(&self) {
        if !self.quiet {
            eprintln!("$ {}", self.display());
        }
    }

    fn failed(&self, status: std::process::ExitStatus) -> XtaskError {
        XtaskError::CommandFailed {
            command: self.display(),
            status: status.to_string(),
            fix: self.fix.clone(),
        }
    }

    fn spawn_error(&self, source: std::io::Error) -> XtaskError {
        XtaskError::Spawn {
            command: self.program.to_string_lossy().into_owned(),
            source,
        }
    }

    /// Runs with inherited stdio; fails unless it exits successfully.
    pub fn run(&self) -> Result<()> {
        self.echo();
        let status = self.command().status().map_err(|e| self.spawn_error(e))?;
        if status.success() {
            Ok(())
        } else {
            Err(self.failed(status))
        }
    }

    /// Runs and returns its stdout; fails unless it exits successfully.
    pub fn output(&self) -> Result<String> {
        self.echo();
        let output = self
            .command()
            .stderr(Stdio::inherit())
            .output()
            .map_err(|e| self.spawn_error(e))?;
        if output.status.success() {
            Ok(String::from_utf8_lossy(&output.stdout).into_owned())
        } else {
            Err(self.failed(output.status))
        }
    }

    /// Runs silently and returns stdout, or `None` when it cannot start or fails (for probes).
    pub fn probe(&self) -> Option<String> {
        let output = self
            .command()
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
            .ok()?;
        output
            .status
            .success()
            .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
    }

    /// Runs with stdout passed through line by line to `each_line` (and echoed); stderr is inherited.
    pub fn run_streaming(&self, mut each_line: impl FnMut(&str)) -> Result<()> {
        self.echo();
        let mut child = self
            .command()
            .stdout(Stdio::piped())
            .spawn()
            .map_err(|e| self.spawn_error(e))?;
        if let Some(stdout) = child.stdout.take() {
            for line in BufReader::new(stdout)
                .lines()
                .map_while(std::result::Result::ok)
            {
                println!("{line}");
                each_line(&line);
            }
        }
        let status = child.wait().map_err(|e| self.spawn_error(e))?;
        if status.success() {
            Ok(())
        } else {
            Err(self.failed(status))
        }
    }

    /// Starts the command in the background with inherited stdio.
    pub fn spawn(&self) -> Result<std::process::Child> {
        self.echo();
        self.command().spawn().map_err(|e| self.spawn_error(e))
    }
}

/// Whether `program` is found on `PATH` (or is an existing path).
pub fn program_exists(program: &str) -> bool {
    if program.contains('/') {
        return Path::new(program).is_file();
    }
    std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
        .unwrap_or(false)
}

/// Reads a file as text, naming it on failure.
pub fn read_text(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|source| XtaskError::File {
        path: path.to_path_buf(),
        source,
    })
}

/// Writes a file, creating its directory, naming it on failure.
pub fn write_file(path: &Path, contents: impl AsRef<[u8]>) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|source| XtaskError::File {
            path: parent.to_path_buf(),
            source,
        })?;
    }
    std::fs::write(path, contents).map_err(|source| XtaskError::File {
        path: path.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_the_command_line_with_its_arguments() {
        let cmd = Cmd::new("cargo").args(["build", "-p"]).arg("x");
        assert_eq!(cmd.display(), "cargo build -p x");
    }

    #[test]
    fn reports_the_failing_command_and_its_fix() {
        let error = Cmd::new("false").quiet().fix("do the thing").run();
        match error {
            Err(XtaskError::CommandFailed { command, fix, .. }) => {
                assert_eq!(command, "false");
                assert_eq!(fix.as_deref(), Some("do the thing"));
            }
            other => panic!("expected CommandFailed, got {other:?}"),
        }
    }

    #[test]
    fn probes_return_none_for_missing_programs() {
        assert!(Cmd::new("definitely-not-a-program-xyz").probe().is_none());
        assert!(!program_exists("definitely-not-a-program-xyz"));
        assert!(program_exists("sh"));
    }
}
