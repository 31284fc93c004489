//! JSON Schemas of the files a writer edits: `issue.yaml`,
//! `letterpress.yaml` and `schedule.yaml`, made from the very types that
//! read them (so a schema cannot drift from the reader), written into the
//! project's `schemas/` folder and named on the first line of the files
//! letterpress writes, as YAML language servers read it:
//! `# yaml-language-server: $schema=schemas/settings.schema.json` — an
//! editor then completes and checks keys as the writer types.

use std::path::{Path, PathBuf};

use crate::fsutil::{self, FsError};

#[cfg(test)]
use crate::schema_ref::reference_line;
pub(crate) use crate::schema_ref::{Kind, FOLDER};

impl Kind {
    /// The schema, as pretty JSON with a final newline.
    pub(crate) fn json(self) -> String {
        let mut schema = match self {
            Kind::Issue => schemars::schema_for!(crate::plan::IssuePlan),
            Kind::Settings => schemars::schema_for!(crate::settings::Settings),
            Kind::Schedule => schemars::schema_for!(crate::schedule::file::PlanFile),
        };
        let title = match self {
            Kind::Issue => "letterpress issue.yaml",
            Kind::Settings => "letterpress.yaml",
            Kind::Schedule => "letterpress schedule.yaml",
        };
        schema.insert("title".into(), title.into());
        let mut json = serde_json::to_string_pretty(&schema).unwrap_or_default();
        json.push('\n');
        json
    }
}

/// Writes every schema into `root`'s [`FOLDER`]; returns the files.
pub(crate) fn write_all(root: &Path) -> Result<Vec<PathBuf>, FsError> {
    let folder = root.join(FOLDER);
    fsutil::create_dir_all(&folder)?;
    Kind::ALL
        .iter()
        .map(|kind| {
            let path = folder.join(kind.file_name());
            fsutil::write_replace(&path, kind.json().as_bytes())?;
            Ok(path)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schemas_know_the_keys_and_refuse_unknown_ones() {
        let settings: serde_json::Value =
            serde_json::from_str(&Kind::Settings.json()).expect("json");
        let properties = settings["properties"].as_object().expect("properties");
        for key in ["content", "newsletter", "plan", "send", "check", "threads"] {
            assert!(properties.contains_key(key), "{key}");
        }
        assert_eq!(settings["additionalProperties"], false);
        let issue: serde_json::Value = serde_json::from_str(&Kind::Issue.json()).expect("json");
        assert!(issue["required"]
            .as_array()
            .expect("required")
            .contains(&"sections".into()));
    }

    #[test]
    fn an_issue_folder_names_the_schema_at_the_project_root() {
        let root = tempfile::tempdir().expect("tempdir");
        let issue = root.path().join("issues/2026-W49");
        std::fs::create_dir_all(&issue).expect("mkdir");
        assert_eq!(reference_line(Kind::Issue, &issue), None, "no schemas yet");
        write_all(root.path()).expect("write");
        assert_eq!(
            reference_line(Kind::Issue, &issue).as_deref(),
            Some("# yaml-language-server: $schema=../../schemas/issue.schema.json\n")
        );
        assert_eq!(
            reference_line(Kind::Settings, root.path()).as_deref(),
            Some("# yaml-language-server: $schema=schemas/settings.schema.json\n")
        );
    }
}
