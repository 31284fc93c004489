//! A temporary project for one test, in the style of just's `Test`: a fresh
//! folder holding the files the test chooses, and runs of the real binary
//! inside it.
//!
//! ```ignore
//! let project = Project::new()
//!     .file("letterpress.yaml", "send:\n  rate: 20\n")
//!     .file("content/post.md", "---\ntitle: X\n---\n\nSome text.\n")
//!     .fixture("tests/data/guides", "content");
//! let done = project.run(["build"]);
//! assert_eq!(project.scrub(&done.stderr), "[PROJECT]/content/post.md:…\n");
//! ```
//!
//! Builder methods (`file`, `copy`, `fixture`, `symlink`) take the project
//! and give it back; the rest (`write`, `edit`, `read`, `run`, …) borrow it,
//! for the steps of a test after the set-up. The folder is removed when the
//! project is dropped.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use super::{root, Done, Run};

/// What [`Project::scrub`] writes in place of the project's folder.
pub const PROJECT: &str = "[PROJECT]";

/// A temporary project folder.
pub struct Project {
    dir: tempfile::TempDir,
}

impl Project {
    /// An empty project folder.
    pub fn new() -> Project {
        Project {
            dir: tempfile::tempdir().expect("a temporary folder"),
        }
    }

    /// Writes `contents` to `path` (relative to the project), making its
    /// folders.
    pub fn file(self, path: &str, contents: impl AsRef<[u8]>) -> Project {
        self.write(path, contents);
        self
    }

    /// Copies the repository's file `from` (e.g. `letterpress.yaml`) to
    /// `to` in the project.
    pub fn copy(self, from: &str, to: &str) -> Project {
        let target = self.join(to);
        make_parent(&target);
        std::fs::copy(root().join(from), &target).unwrap_or_else(|e| panic!("copy {from}: {e}"));
        self
    }

    /// Copies every file of the repository's folder `from` (a fixture, e.g.
    /// `tests/data/guides`) into the folder `to` of the project, keeping
    /// sub-folders.
    pub fn fixture(self, from: &str, to: &str) -> Project {
        copy_folder(&root().join(from), &self.join(to));
        self
    }

    /// Makes `link` (in the project) a symbolic link to `target`, as given.
    pub fn symlink(self, link: &str, target: &str) -> Project {
        let link = self.join(link);
        make_parent(&link);
        std::os::unix::fs::symlink(target, &link).expect("symlink");
        self
    }

    /// The project's folder.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// `path` inside the project.
    pub fn join(&self, path: impl AsRef<Path>) -> PathBuf {
        self.dir.path().join(path)
    }

    /// Writes (or replaces) the file `path`, making its folders.
    pub fn write(&self, path: impl AsRef<Path>, contents: impl AsRef<[u8]>) {
        let file = self.join(path);
        make_parent(&file);
        std::fs::write(&file, contents).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    }

    /// The text of the file `path`.
    pub fn read(&self, path: impl AsRef<Path>) -> String {
        let file = self.join(path);
        std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
    }

    /// Rewrites the file `path` with `edit`; returns the new text.
    pub fn edit(&self, path: impl AsRef<Path>, edit: impl FnOnce(&str) -> String) -> String {
        let text = edit(&self.read(&path));
        self.write(&path, &text);
        text
    }

    /// The issue folders under `issues/`, oldest week first.
    pub fn issues(&self) -> Vec<PathBuf> {
        let mut issues: Vec<PathBuf> = std::fs::read_dir(self.join("issues"))
            .expect("an issues/ folder")
            .map(|e| e.expect("entry").path())
            .collect();
        issues.sort();
        issues
    }

    /// `letterpress ARGS` in the project, to adjust before running (an
    /// environment variable, another folder, a start in the background).
    pub fn letterpress<I, S>(&self, args: I) -> Run
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        Run::new(args).dir(self.path())
    }

    /// Runs `letterpress ARGS` in the project.
    pub fn run<I, S>(&self, args: I) -> Done
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.letterpress(args).run()
    }

    /// Runs `letterpress ARGS` in the project and insists on exit code 0.
    pub fn ok<I, S>(&self, args: I) -> Done
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.letterpress(args).ok()
    }

    /// `text` with the project's folder written as `[PROJECT]`, so that a
    /// message naming a file of the project can be compared whole.
    pub fn scrub(&self, text: &str) -> String {
        let real = self.path().canonicalize().expect("the project's folder");
        text.replace(&real.display().to_string(), PROJECT)
            .replace(&self.path().display().to_string(), PROJECT)
    }
}

fn make_parent(file: &Path) {
    if let Some(parent) = file.parent() {
        std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{}: {e}", parent.display()));
    }
}

/// Copies the files of `from` into `to`, sub-folders and all.
pub fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("{}: {e}", to.display()));
    for entry in std::fs::read_dir(from).unwrap_or_else(|e| panic!("{}: {e}", from.display())) {
        let path = entry.expect("entry").path();
        let target = to.join(path.file_name().expect("a name"));
        if path.is_dir() {
            copy_folder(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        }
    }
}
