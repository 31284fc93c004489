//! A settings file that cannot be used ([`SettingsError`]): where, and
//! what is wrong ([`SettingsProblem`]), the reading or YAML error kept as
//! its source.

use std::path::PathBuf;

use super::FILE_NAME;

/// A settings file that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("{}:{line}:{column}: {problem}; fix {FILE_NAME} (`letterpress schema settings` describes every key)", path.display())]
pub struct SettingsError {
    /// The file.
    pub path: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What is wrong.
    #[source]
    pub problem: SettingsProblem,
}

/// What is wrong with a settings file.
#[derive(Debug, thiserror::Error)]
pub enum SettingsProblem {
    /// The file is there but cannot be read.
    #[error("cannot read: {0}")]
    Read(#[source] std::io::Error),
    /// It is not YAML of the settings' shape (a misspelt key, a wrong type).
    #[error("{0}")]
    Yaml(#[source] serde_yaml::Error),
    /// A number outside what the setting allows.
    #[error("{section}.{key} is out of range; {fix}")]
    OutOfRange {
        /// The section (`send`).
        section: &'static str,
        /// The key (`connections`).
        key: &'static str,
        /// The range to give.
        fix: String,
    },
}
