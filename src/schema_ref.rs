//! Where a file's JSON Schema is and how a file names it: the schemas'
//! folder, one [`Kind`] per edited file format and its schema's file name,
//! and the first line ([`reference_line`]) YAML language servers read.
//! Names only, at the bottom of the import graph, so plan can name the
//! issue file's schema; [`crate::schema`] makes the schemas themselves
//! from the types that read the files.

use std::path::{Path, PathBuf};

/// The folder of a project the schemas are written to.
pub(crate) const FOLDER: &str = "schemas";

/// A file format with a schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `issues/<week>/issue.yaml`.
    Issue,
    /// `letterpress.yaml`.
    Settings,
    /// `schedule.yaml`.
    Schedule,
}

impl Kind {
    /// Every kind.
    pub(crate) const ALL: [Kind; 3] = [Kind::Issue, Kind::Settings, Kind::Schedule];

    /// The schema's file name in [`FOLDER`].
    pub(crate) fn file_name(self) -> &'static str {
        match self {
            Kind::Issue => "issue.schema.json",
            Kind::Settings => "settings.schema.json",
            Kind::Schedule => "schedule.schema.json",
        }
    }
}

/// The first line naming `kind`'s schema for a file written in `dir`, when
/// a `schemas/` folder holding it is found in `dir` or up to three folders
/// above (the project's root, for an issue folder); the path is relative,
/// so the project can move.
pub(crate) fn reference_line(kind: Kind, dir: &Path) -> Option<String> {
    let mut relative = PathBuf::new();
    let mut at = dir.to_path_buf();
    for _ in 0..4 {
        let here = if at.as_os_str().is_empty() {
            Path::new(".")
        } else {
            &at
        };
        if here.join(FOLDER).join(kind.file_name()).is_file() {
            let path = relative.join(FOLDER).join(kind.file_name());
            return Some(format!(
                "# yaml-language-server: $schema={}\n",
                path.display()
            ));
        }
        relative.push("..");
        // Up by name, not through `..`: the folder may not exist yet (a new
        // issue's file is named before its folder is made).
        at = match at.parent() {
            Some(parent) => parent.to_path_buf(),
            None => at.join(".."),
        };
    }
    None
}
