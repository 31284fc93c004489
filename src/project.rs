//! The project, loaded once per command: its root folder, its settings
//! (`letterpress.yaml`), where its content is and where its issues go.
//! Commands load a [`Project`] and hand it to the library; nothing below
//! the commands assumes the project is the current folder.
//!
//! Paths the project names (content folders, `issues/`, the sources in an
//! issue file) are relative to its root. When the root is the current
//! folder (`--root .`, the default) they are used exactly as written, so
//! every message names a file as the writer wrote it.

use std::path::{Path, PathBuf};

use crate::fsutil::project_path;
use crate::issue::Resolver;
use crate::issue_dir::{IssueDir, ISSUES};
use crate::plan::themes::{Taxonomy, ThemesError};
use crate::render::{RenderError, Renderer, Templates};
use crate::settings::{Settings, SettingsError};

/// Why a project's content cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum ProjectError {
    /// `letterpress.yaml` cannot be used.
    #[error(transparent)]
    Settings(#[from] SettingsError),
    /// A content folder the settings name does not exist.
    #[error("{}: no such content folder; name your content with `content:` in letterpress.yaml, pass paths, or run `letterpress init` to start a project", .0.display())]
    NoContent(PathBuf),
}

/// A project: the root, its settings, its content and issues folders.
#[derive(Debug, Clone)]
pub struct Project {
    root: PathBuf,
    /// The settings (`letterpress.yaml`, or the defaults).
    pub settings: Settings,
    issues: PathBuf,
}

impl Project {
    /// Loads the project at `root`: reads its settings once.
    pub fn load(root: &Path) -> Result<Project, SettingsError> {
        Ok(Project::with_settings(root, Settings::load(root)?))
    }

    /// A project at `root` with settings already read.
    pub fn with_settings(root: &Path, settings: Settings) -> Project {
        Project {
            root: root.to_path_buf(),
            issues: project_path(root, Path::new(ISSUES)),
            settings,
        }
    }

    /// The root folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The folder of the issue folders (`issues/`).
    pub fn issues(&self) -> &Path {
        &self.issues
    }

    /// A path of the project (relative to its root) as it can be opened.
    pub fn path(&self, path: &Path) -> PathBuf {
        project_path(&self.root, path)
    }

    /// The paths to read: `given`, or the settings' content folders
    /// (`content:`, default `content/`), which must exist.
    pub fn content_paths(&self, given: &[PathBuf]) -> Result<Vec<PathBuf>, ProjectError> {
        if !given.is_empty() {
            return Ok(given.to_vec());
        }
        let paths: Vec<PathBuf> = self
            .settings
            .content_paths()
            .iter()
            .map(|p| self.path(p))
            .collect();
        match paths.iter().find(|p| !p.exists()) {
            Some(missing) => Err(ProjectError::NoContent(missing.clone())),
            None => Ok(paths),
        }
    }

    /// Every planned issue folder under [`Project::issues`], in week order.
    pub fn issue_dirs(&self) -> Vec<PathBuf> {
        IssueDir::all(&self.issues)
            .iter()
            .map(|dir| dir.path().to_path_buf())
            .collect()
    }

    /// The templates: built-in, or the project's overrides.
    pub fn templates(&self) -> Result<Templates, RenderError> {
        Templates::load(&self.root)
    }

    /// The themes (`themes.yaml`, or the built-in taxonomy).
    pub fn taxonomy(&self) -> Result<Taxonomy, ThemesError> {
        Taxonomy::load(&self.root)
    }

    /// A resolver of this project's issues' sections.
    pub fn resolver(&self) -> Resolver {
        // A missing content folder or themes file only matters for a
        // section that gives nothing but its id; it is reported there.
        let content = self.content_paths(&[]).unwrap_or_default();
        Resolver::with_content(&self.root, content, self.taxonomy().ok())
    }

    /// A renderer of `templates` with this project's settings.
    pub fn renderer<'a>(&'a self, templates: &'a Templates) -> Renderer<'a> {
        Renderer::new(templates, &self.settings)
    }
}
