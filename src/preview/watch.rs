//! The files whose edits make the preview rebuild, and the watcher thread.

use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;

use notify::event::ModifyKind;
use notify::{EventKind, RecursiveMode, Watcher};

use super::PreviewError;
use crate::issue_dir::IssueDir;

/// How long to wait after a change for the rest of an editor's save
/// (write, rename, chmod) before rebuilding once.
const SETTLE: Duration = Duration::from_millis(150);

/// What to watch.
#[derive(Debug, Clone, Default)]
pub(crate) struct Watch {
    /// Folders watched with everything under them, for the files
    /// `Watch::wanted` accepts (the issues folder, `templates/`).
    pub folders: Vec<PathBuf>,
    /// Single files (`letterpress.yaml`), watched through their folder so a
    /// file made or replaced after the start is seen.
    pub files: Vec<PathBuf>,
}

impl Watch {
    /// Whether a change to `path` asks for a rebuild: an `issue.yaml`, any
    /// template, or one of the single files. Not the rendered files the
    /// rebuild itself writes beside each `issue.yaml`.
    fn wanted(&self, path: &std::path::Path) -> bool {
        IssueDir::is_plan_file(path)
            || path.extension().is_some_and(|e| e == "hbs" || e == "css")
            || self.files.iter().any(|f| f.file_name() == path.file_name())
    }
}

/// Whether an event is a change of content or name, not our own reads or
/// a touch of the times (render reads every issue.yaml; reacting to that
/// would rebuild for ever).
fn is_edit(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Create(_)
            | EventKind::Remove(_)
            | EventKind::Modify(ModifyKind::Data(_) | ModifyKind::Name(_) | ModifyKind::Any)
    )
}

/// A watched folder that did not exist at the start and has just been made
/// (`templates/` after `templates eject`).
fn is_new_folder(watch: &Watch, path: &Path) -> bool {
    path.is_dir()
        && watch
            .folders
            .iter()
            .any(|f| f.file_name() == path.file_name())
}

/// Starts a watcher calling `rebuild` once per burst of wanted changes.
pub(super) fn start(
    watch: Watch,
    rebuild: impl Fn() + Send + 'static,
) -> Result<Arc<Mutex<notify::RecommendedWatcher>>, PreviewError> {
    let (send, receive) = mpsc::channel::<PathBuf>();
    let filter = watch.clone();
    let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let Ok(event) = event else { return };
        if !is_edit(&event.kind) {
            return;
        }
        for path in event.paths {
            if filter.wanted(&path) || is_new_folder(&filter, &path) {
                let _ = send.send(path);
            }
        }
    })
    .map_err(|source| PreviewError::Watch {
        path: PathBuf::from("."),
        source,
    })?;
    let watcher = Arc::new(Mutex::new(watcher));
    let parents = watch.files.iter().map(|f| match f.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    });
    let folders = watch.folders.iter().filter(|f| f.is_dir()).cloned();
    for (path, mode) in folders
        .map(|f| (f, RecursiveMode::Recursive))
        .chain(parents.map(|p| (p, RecursiveMode::NonRecursive)))
    {
        add(&watcher, path, mode)?;
    }
    let watching = Arc::clone(&watcher);
    std::thread::spawn(move || {
        while let Ok(first) = receive.recv() {
            let mut paths = vec![first];
            // Let the burst finish, then rebuild once for all of it.
            while let Ok(path) = receive.recv_timeout(SETTLE) {
                paths.push(path);
            }
            for folder in paths.into_iter().filter(|p| is_new_folder(&watch, p)) {
                if let Err(e) = add(&watching, folder, RecursiveMode::Recursive) {
                    eprintln!("preview: {e}");
                }
            }
            rebuild();
        }
    });
    Ok(watcher)
}

fn add(
    watcher: &Mutex<notify::RecommendedWatcher>,
    path: PathBuf,
    mode: RecursiveMode,
) -> Result<(), PreviewError> {
    let mut watcher = watcher.lock().unwrap_or_else(|e| e.into_inner());
    watcher
        .watch(&path, mode)
        .map_err(|source| PreviewError::Watch { path, source })
}
