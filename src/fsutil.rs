//! Filesystem helpers whose errors always name the path, and atomic writes.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// A filesystem operation that failed, with the path it was about.
#[derive(Debug, thiserror::Error)]
#[error("{action} {}: {source}", path.display())]
pub struct FsError {
    /// What was being done ("reading", "writing", ...).
    pub action: &'static str,
    /// The path concerned.
    pub path: PathBuf,
    /// The underlying error.
    #[source]
    pub source: io::Error,
}

fn fs_error<'a>(action: &'static str, path: &'a Path) -> impl FnOnce(io::Error) -> FsError + 'a {
    move |source| FsError {
        action,
        path: path.to_path_buf(),
        source,
    }
}

/// Files at least this large are mapped rather than read.
const MAP_THRESHOLD: u64 = 1 << 20;

/// A file's bytes: read into memory when small, mapped when large (no copy,
/// and pages already parsed can be handed back, see [`FileBytes::release`]).
pub enum FileBytes {
    /// The file's contents, read.
    Read(Vec<u8>),
    /// The file, mapped read-only.
    Mapped(memmap2::Mmap),
}

impl std::ops::Deref for FileBytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        match self {
            FileBytes::Read(bytes) => bytes,
            FileBytes::Mapped(map) => map,
        }
    }
}

impl FileBytes {
    /// Says that `range` will not be read again, so a mapped file's pages
    /// there leave this process's memory (they stay in the OS page cache and
    /// would be read back if touched). A hint: errors are ignored.
    #[allow(unsafe_code)] // the one madvise call, see SAFETY below
    pub fn release(&self, range: std::ops::Range<usize>) {
        const PAGE: usize = 4096;
        let FileBytes::Mapped(map) = self else {
            return;
        };
        let start = range.start.next_multiple_of(PAGE);
        let end = range.end.min(map.len()) / PAGE * PAGE;
        if start < end {
            // SAFETY: the map is read-only and shared, so dropping its pages
            // loses nothing: a later read faults them in from the file again.
            let _ = unsafe {
                map.unchecked_advise_range(memmap2::UncheckedAdvice::DontNeed, start, end - start)
            };
        }
    }
}

/// Reads a file, mapping it when it is large.
#[allow(unsafe_code)] // mapping a file is unsafe in Rust's terms, see SAFETY below
pub fn read_file(path: &Path) -> Result<FileBytes, FsError> {
    let file = fs::File::open(path).map_err(fs_error("cannot open", path))?;
    let len = file
        .metadata()
        .map_err(fs_error("cannot read", path))?
        .len();
    if len < MAP_THRESHOLD {
        return read_bytes(path).map(FileBytes::Read);
    }
    // SAFETY: the map is only read. Like every tool that maps its input
    // (ripgrep does too), a file truncated by another program while it is
    // being read can stop the process; it never corrupts anything.
    // Not populated up front: that is one core mapping the whole file while
    // the other waits, where the parallel parse faults its own stretches in
    // (the kernel maps 16 cached pages a fault) on every core at once.
    let map =
        unsafe { memmap2::MmapOptions::new().map(&file) }.map_err(fs_error("cannot map", path))?;
    Ok(FileBytes::Mapped(map))
}

/// Reads a whole file as bytes.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, FsError> {
    fs::read(path).map_err(fs_error("cannot read", path))
}

/// Creates a directory and its parents.
pub fn create_dir_all(path: &Path) -> Result<(), FsError> {
    fs::create_dir_all(path).map_err(fs_error("cannot create directory", path))
}

/// Whether `name` is one plain folder name: not empty, no separator, not
/// `.` or `..` — so joining it to a folder stays inside that folder.
pub fn is_folder_name(name: &str) -> bool {
    let mut components = Path::new(name).components();
    matches!(components.next(), Some(std::path::Component::Normal(_)))
        && components.next().is_none()
        && !name.contains(['/', '\\', '\0'])
}

/// Whether the relative `path` stays below the folder it is joined to: no
/// root, no drive, no `..`.
pub fn stays_inside(path: &Path) -> bool {
    path.components().all(|c| {
        matches!(
            c,
            std::path::Component::Normal(_) | std::path::Component::CurDir
        )
    })
}

/// A path of a project (relative to its `root`) as the process can open
/// it: unchanged when the project is the current folder, so messages name
/// it as the writer wrote it; else joined to the root.
pub fn project_path(root: &Path, path: &Path) -> PathBuf {
    if root == Path::new(".") || path.is_absolute() {
        path.to_path_buf()
    } else {
        root.join(path)
    }
}

/// Checks, before any long work, that `path` could be written by
/// [`write_atomic`]: it is not a directory and its folder takes new files.
pub fn check_writable(path: &Path) -> Result<(), FsError> {
    let fail = |message: &str| FsError {
        action: "cannot write",
        path: path.to_path_buf(),
        source: io::Error::other(message.to_string()),
    };
    if path.is_dir() {
        return Err(fail("it is a directory; give a file name"));
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    create_dir_all(dir)?;
    let probe = dir.join(format!(".letterpress-probe{}", std::process::id()));
    fs::File::create(&probe).map_err(fs_error("cannot write", path))?;
    let _ = fs::remove_file(&probe);
    Ok(())
}

/// Writes `contents` to `path` atomically: a temporary file in the same
/// directory, flushed and synced, then renamed over the target, so a crash
/// leaves either the old file or the new one, never half of one.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<(), FsError> {
    write_via_temp(path, contents, true, None)
}

/// Rewrites an existing file like [`write_atomic`], as the same file: a
/// symlink's target is replaced (the link stays a link), and the new file
/// gets the old one's permissions and, where allowed, its owner — a list
/// other programs read keeps working after we rewrite it.
pub fn rewrite_atomic(path: &Path, contents: &[u8]) -> Result<(), FsError> {
    let target = fs::canonicalize(path).map_err(fs_error("cannot resolve", path))?;
    let meta = fs::metadata(&target).map_err(fs_error("cannot read", &target))?;
    write_via_temp(&target, contents, true, Some(&meta))
}

/// Takes an exclusive OS lock on `PATH.lock` (made if missing, never
/// deleted, so every process locks the same file), waiting for the holder.
/// Released when the returned file is dropped or the process ends, however
/// it ends.
pub fn lock_beside(path: &Path) -> Result<fs::File, FsError> {
    let mut name = path.as_os_str().to_owned();
    name.push(".lock");
    let lock = PathBuf::from(name);
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock)
        .map_err(fs_error("cannot open lock file", &lock))?;
    file.lock().map_err(fs_error("cannot lock", &lock))?;
    Ok(file)
}

/// Like [`write_atomic`] (a temporary file renamed over the target, so a
/// reader never sees half a file) but without waiting for the disk: for
/// output that can be made again (rendered emails), where hundreds of
/// syncs would cost seconds.
pub fn write_replace(path: &Path, contents: &[u8]) -> Result<(), FsError> {
    write_via_temp(path, contents, false, None)
}

/// Gives `file` the permissions of `like`, and its owner on a best-effort
/// basis (only root may give a file away; anyone else keeps their own).
fn copy_mode_and_owner(file: &fs::File, like: &fs::Metadata) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // Before the mode: a change of owner clears set-id bits.
        let _ = std::os::unix::fs::fchown(file, Some(like.uid()), Some(like.gid()));
    }
    file.set_permissions(like.permissions())
}

fn write_via_temp(
    path: &Path,
    contents: &[u8],
    sync: bool,
    like: Option<&fs::Metadata>,
) -> Result<(), FsError> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    create_dir_all(dir)?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    let tmp = dir.join(format!(".{name}.tmp{}", std::process::id()));
    let write = || -> io::Result<()> {
        let mut file = fs::File::create(&tmp)?;
        if let Some(like) = like {
            copy_mode_and_owner(&file, like)?;
        }
        file.write_all(contents)?;
        if sync {
            file.sync_all()?;
        }
        fs::rename(&tmp, path)
    };
    write().map_err(|source| {
        let _ = fs::remove_file(&tmp);
        FsError {
            action: "cannot write",
            path: path.to_path_buf(),
            source,
        }
    })
}

/// What [`walk_files`] found under a folder.
#[derive(Debug, Default)]
pub struct Walk {
    /// Every file, each real file once (through whichever path came
    /// first), sorted.
    pub files: Vec<PathBuf>,
    /// Symbolic links to a folder already read (`seeds/a -> .`), with the
    /// folder: skipped, so a loop is walked once.
    pub repeated: Vec<(PathBuf, PathBuf)>,
}

/// The files under `root` (or `root` itself when it is a file), hidden
/// ones (`.name`) left out. Each real folder and file is visited once:
/// the real folders first, then those reached through symbolic links, so
/// a link that leads back into the tree is the one reported as repeated.
pub fn walk_files(root: &Path) -> Result<Walk, FsError> {
    let meta = fs::metadata(root).map_err(fs_error("cannot open", root))?;
    let mut walk = Walk::default();
    if meta.is_file() {
        walk.files.push(root.to_path_buf());
        return Ok(walk);
    }
    let mut seen_dirs = std::collections::HashSet::new();
    let mut seen_files = std::collections::HashSet::new();
    seen_dirs.insert(fs::canonicalize(root).map_err(fs_error("cannot open", root))?);
    let (mut real, mut linked) = (vec![root.to_path_buf()], Vec::new());
    while let Some(dir) = real.pop().or_else(|| linked.pop()) {
        for entry in fs::read_dir(&dir).map_err(fs_error("cannot list", &dir))? {
            let entry = entry.map_err(fs_error("cannot list", &dir))?;
            let path = entry.path();
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            // A broken link or unreadable entry stays a file: ingest says why.
            let canonical = fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
            if !path.is_dir() {
                if seen_files.insert(canonical) {
                    walk.files.push(path);
                }
            } else if !seen_dirs.insert(canonical.clone()) {
                walk.repeated.push((path, canonical));
            } else if entry.file_type().is_ok_and(|t| t.is_symlink()) {
                linked.push(path);
            } else {
                real.push(path);
            }
        }
    }
    walk.files.sort();
    walk.repeated.sort();
    Ok(walk)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_atomic_replaces_whole_file_and_leaves_no_temp() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a/b/out.txt");
        write_atomic(&path, b"first version, longer").expect("write");
        write_atomic(&path, b"second").expect("write");
        assert_eq!(fs::read_to_string(&path).expect("read"), "second");
        let names: Vec<_> = fs::read_dir(path.parent().expect("parent"))
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names.len(), 1, "temp file left behind: {names:?}");
    }

    #[test]
    fn folder_names_and_paths_that_leave_their_folder_are_told_apart() {
        assert!(is_folder_name("2023-W16") && is_folder_name("a.b"));
        for name in ["", ".", "..", "../x", "a/b", "/abs", "a\\b"] {
            assert!(!is_folder_name(name), "{name}");
        }
        assert!(stays_inside(Path::new("lists/readers.csv")));
        assert!(stays_inside(Path::new("./readers.csv")));
        for path in ["../../x.csv", "/etc/x.csv", "lists/../../x.csv"] {
            assert!(!stays_inside(Path::new(path)), "{path}");
        }
    }

    #[test]
    fn read_error_names_the_path() {
        let err = read_bytes(Path::new("/no/such/file.txt")).expect_err("must fail");
        assert!(err.to_string().contains("/no/such/file.txt"), "{err}");
    }
}
