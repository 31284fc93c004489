//! What every test module shares: [`Run`], a builder for one run of the
//! binary (`Run::new(["ingest"]).ok()`), its outcome [`Done`], and
//! [`Project`], a temporary project with chosen files to run it in.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod project;

pub use project::{copy_folder, Project};

/// The repository root (where `seeds/` lives).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// One run of the binary.
pub struct Run {
    command: Command,
}

/// What a finished run printed and returned.
pub struct Done {
    /// The exit code (-1 when killed by a signal).
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error: warnings and errors.
    pub stderr: String,
}

impl Run {
    /// `letterpress ARGS`, run in the repository's root unless [`Run::dir`]
    /// says otherwise.
    pub fn new<I, S>(args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        let mut command = Command::new(env!("CARGO_BIN_EXE_letterpress"));
        command.args(args).current_dir(root());
        Run { command }
    }

    /// Runs in `dir`.
    pub fn dir(mut self, dir: &Path) -> Self {
        self.command.current_dir(dir);
        self
    }

    /// Sets an environment variable for the run.
    pub fn env(mut self, key: &str, value: &str) -> Self {
        self.command.env(key, value);
        self
    }

    /// Runs and waits, whatever the exit code.
    pub fn run(mut self) -> Done {
        Done::from(self.command.output().expect("run letterpress"))
    }

    /// Starts the run and returns at once (for runs that race each other).
    pub fn start(mut self) -> Started {
        use std::process::Stdio;
        let child = self
            .command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start letterpress");
        Started(child)
    }

    /// Runs and insists on exit code 0.
    pub fn ok(self) -> Done {
        let done = self.run();
        assert_eq!(done.code, 0, "stderr:\n{}", done.stderr);
        done
    }
}

impl Done {
    /// The one line of standard error that starts with `start`, whole, for
    /// an error printed among lines that vary from run to run (timings,
    /// addresses, another process's id). Fails when there is no such line,
    /// or more than one.
    pub fn stderr_line(&self, start: &str) -> &str {
        let lines: Vec<&str> = self
            .stderr
            .lines()
            .filter(|l| l.starts_with(start))
            .collect();
        assert_eq!(
            lines.len(),
            1,
            "one line starting {start:?} in:\n{}",
            self.stderr
        );
        lines[0]
    }
}

/// A run going on in the background.
pub struct Started(std::process::Child);

impl Started {
    /// Waits for the run to end.
    pub fn finish(self) -> Done {
        Done::from(self.0.wait_with_output().expect("wait for letterpress"))
    }

    /// Waits at most `limit` for the run to end; past it, kills the run
    /// and returns `None` (a hang).
    pub fn finish_within(mut self, limit: std::time::Duration) -> Option<Done> {
        let start = std::time::Instant::now();
        while start.elapsed() < limit {
            if self.0.try_wait().expect("poll letterpress").is_some() {
                return Some(self.finish());
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
        None
    }
}

impl From<Output> for Done {
    fn from(output: Output) -> Done {
        let Output {
            status,
            stdout,
            stderr,
        } = output;
        Done {
            code: status.code().unwrap_or(-1),
            stdout: String::from_utf8(stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(stderr).expect("stderr is UTF-8"),
        }
    }
}

/// `text` with every `(process 1234)` written `(process N)`: a refusal
/// naming the process that holds a lock, comparable whole.
pub fn without_pids(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("(process ") {
        let (before, after) = rest.split_at(at + "(process ".len());
        out.push_str(before);
        let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        out.push_str(if digits > 0 { "N" } else { "" });
        rest = &after[digits..];
    }
    out.push_str(rest);
    out
}

/// `ingest --json` output parsed into JSON values.
pub fn ingest_json(args: &[&str]) -> Vec<serde_json::Value> {
    let mut all = vec!["ingest", "--json"];
    all.extend_from_slice(args);
    Run::new(all)
        .ok()
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect()
}

/// A command line's words, "double quotes" grouping (the README's and
/// `--help`'s one-line examples).
pub fn words(line: &str) -> Vec<String> {
    let mut words = vec![String::new()];
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ' ' if !quoted => words.push(String::new()),
            c => words.last_mut().expect("one").push(c),
        }
    }
    words.retain(|w| !w.is_empty());
    words
}

/// Starts `letterpress ARGS --port 0` (a `preview`) in `dir`; returns the
/// process and the address it prints first.
pub fn start_preview(dir: &Path, args: &[String]) -> (std::process::Child, String) {
    use std::io::BufRead;
    let mut child = Command::new(env!("CARGO_BIN_EXE_letterpress"))
        .args(args)
        .args(["--port", "0"])
        .current_dir(dir)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn");
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.as_mut().expect("stdout"))
        .read_line(&mut line)
        .expect("read");
    let address = line
        .split("http://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();
    assert!(address.starts_with("127.0.0.1:"), "{address}");
    (child, address)
}
