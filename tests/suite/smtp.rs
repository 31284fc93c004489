//! Real SMTP servers on loopback for the send and schedule tests: Postfix's
//! `smtp-sink` (installed by .ci/run) and a picky aiosmtpd server
//! (tests/smtp/picky_server.py) that refuses or greylists some recipients.

use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use crate::common::{root, Project, Run};

/// A free port on loopback.
fn free_port() -> u16 {
    let probe = std::net::TcpListener::bind("127.0.0.1:0").expect("free port");
    probe.local_addr().expect("addr").port()
}

/// The Python with the test servers' packages: .ci/run makes the venv.
pub fn python() -> PathBuf {
    let venv = root().join("tests/.venv/bin/python3");
    if venv.exists() {
        venv
    } else {
        PathBuf::from("python3")
    }
}

/// A running SMTP server that stores each message it accepts in a folder.
pub struct Sink {
    child: Child,
    port: u16,
    dir: PathBuf,
}

impl Sink {
    /// smtp-sink writing every message under `dir/sink`.
    pub fn start(dir: &Path) -> Sink {
        Sink::start_with(dir, &[])
    }

    /// smtp-sink with extra options (`-f RCPT`, `-q DATA`, …).
    pub fn start_with(dir: &Path, options: &[&str]) -> Sink {
        let port = free_port();
        let store = dir.join("sink");
        std::fs::create_dir_all(&store).expect("mkdir");
        let _ = Command::new("chmod").arg("777").arg(&store).status();
        let child = Command::new("/usr/sbin/smtp-sink")
            .args(["-u", "nobody"])
            .args(options)
            .arg("-d")
            .arg(format!("{}/%M.", store.display()))
            .arg(format!("127.0.0.1:{port}"))
            .arg("100")
            .spawn()
            .expect("smtp-sink (Debian package postfix; bash .ci/run installs it)");
        wait_for(port);
        Sink {
            child,
            port,
            dir: store,
        }
    }

    /// The picky server: refuses `bounce*@`, greylists `later*@` once and
    /// `never*@` always; every RCPT attempt in `dir/attempts.log`.
    pub fn picky(dir: &Path) -> Sink {
        Sink::picky_with(dir, &[])
    }

    /// The picky server with extra arguments (`user:password` requires AUTH).
    pub fn picky_with(dir: &Path, args: &[&str]) -> Sink {
        Sink::picky_env(dir, args, &[])
    }

    /// The picky server refusing every recipient for now (the same 451)
    /// for `seconds` after the first one: an outage, then healthy.
    pub fn picky_outage(dir: &Path, seconds: f64) -> Sink {
        Sink::picky_env(dir, &[], &[("PICKY_OUTAGE", &seconds.to_string())])
    }

    /// A server that trickles one reply a byte a second, forever: `EHLO`
    /// (the reply to EHLO) or `DOT` (the reply to the message).
    pub fn trickle(dir: &Path, when: &str) -> Sink {
        let port = free_port();
        let child = Command::new("python3")
            .arg(root().join("tests/smtp/trickle_server.py"))
            .arg(port.to_string())
            .arg(when)
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3");
        Sink::ready(child, port, dir.join("sink"))
    }

    fn picky_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Sink {
        let port = free_port();
        let store = dir.join("sink");
        let child = Command::new(python())
            .envs(env.iter().copied())
            .arg(root().join("tests/smtp/picky_server.py"))
            .arg(port.to_string())
            .arg(&store)
            .args(args)
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 with aiosmtpd (bash .ci/run installs it in tests/.venv)");
        Sink::ready(child, port, store)
    }

    /// Waits for a Python server's `ready` line and its port.
    fn ready(mut child: Child, port: u16, store: PathBuf) -> Sink {
        let mut ready = String::new();
        let stdout = child.stdout.take().expect("stdout");
        std::io::BufReader::new(stdout)
            .read_line(&mut ready)
            .expect("server output");
        assert_eq!(
            ready.trim(),
            "ready",
            "the test server did not start (is aiosmtpd installed?)"
        );
        wait_for(port);
        Sink {
            child,
            port,
            dir: store,
        }
    }

    /// The URL to pass as `--smtp`.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every stored message, in file-name order.
    pub fn messages(&self) -> Vec<Vec<u8>> {
        let Ok(read) = std::fs::read_dir(&self.dir) else {
            return Vec::new();
        };
        let mut files: Vec<PathBuf> = read.map(|e| e.expect("entry").path()).collect();
        files.sort();
        files
            .iter()
            .map(|f| std::fs::read(f).expect("message"))
            .collect()
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn wait_for(port: u16) {
    for _ in 0..200 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    panic!("no SMTP server came up on port {port}");
}

/// The envelope recipient of a message stored by smtp-sink (its
/// `X-Rcpt-Args:` line) or, failing that, the message's `To:` address.
pub fn recipient_of(message: &[u8]) -> String {
    let text = String::from_utf8_lossy(message);
    let line = text
        .lines()
        .find_map(|l| l.strip_prefix("X-Rcpt-Args: <"))
        .or_else(|| text.lines().find_map(|l| l.strip_prefix("To: ")))
        .expect("a recipient");
    let address = line.rsplit('<').next().unwrap_or(line);
    address.trim_end_matches('>').trim().to_string()
}

/// `send ISSUE --test editor@example.org --smtp URL`, run in `dir` (add
/// environment, then `.run()` or `.ok()`).
pub fn test_send(dir: &Path, issue: &Path, url: &str) -> Run {
    Run::new([
        "send",
        issue.to_str().expect("utf8"),
        "--test",
        "editor@example.org",
        "--smtp",
        url,
    ])
    .dir(dir)
}

/// `send ISSUE --list LIST EXTRA…`, run in `dir` with an unsubscribe
/// secret set (`s`; add `.env` to change it), then `.run()` or `.ok()`.
pub fn list_send(dir: &Path, issue: &Path, list: &Path, extra: &[&str]) -> Run {
    let mut args = vec![
        "send",
        issue.to_str().expect("utf8"),
        "--list",
        list.to_str().expect("utf8"),
    ];
    args.extend_from_slice(extra);
    Run::new(args)
        .dir(dir)
        .env("LETTERPRESS_UNSUBSCRIBE_SECRET", "s")
}

/// A new project with the seeds built in it (`build /…/seeds`, default
/// settings): the project and the folder of issue 2023-W16.
pub fn built() -> (Project, PathBuf) {
    let project = Project::new();
    let done = project.run(["build", root().join("seeds").to_str().expect("utf8")]);
    assert_eq!(done.code, 0, "{}", done.stderr);
    let issue = project.join("issues/2023-W16");
    (project, issue)
}
