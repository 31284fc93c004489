//! Diagnostics: problems found in the input that do not stop a run.
//!
//! A stage collects them, goes on, and the command sets the exit code at the
//! end; `--strict` turns the first one into a hard error.

use std::fmt;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The record was skipped; the rest of the file was read.
    Warning,
    /// The whole file was skipped.
    Error,
}

/// One problem, located as precisely as the input allows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Warning or error.
    pub severity: Severity,
    /// The file concerned.
    pub path: PathBuf,
    /// 1-based line, when there is one.
    pub line: Option<u32>,
    /// 1-based column, when there is one.
    pub column: Option<u32>,
    /// What is wrong and what to do about it: text, since a diagnostic is
    /// data (`--json` prints it) and a file's error is over once it is one.
    pub message: String,
}

impl Diagnostic {
    /// A warning about one line of `path`.
    pub fn warning(path: impl Into<PathBuf>, line: u32, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            path: path.into(),
            line: Some(line),
            column: None,
            message: message.into(),
        }
    }

    /// An error about a whole file.
    pub fn error(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            line: None,
            column: None,
            message: message.into(),
        }
    }

    /// Whether this is an error rather than a warning.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// `path:line:column: severity: message`, like a compiler.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        let label = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, ": {label}: {}", self.message)
    }
}
