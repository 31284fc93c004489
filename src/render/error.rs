//! Why an issue could not be rendered ([`RenderError`]), and what is wrong
//! with a template ([`TemplateProblem`]) — each keeping Handlebars', the
//! CSS inliner's or the system's own error as its source.

use std::error::Error;
use std::fmt;
use std::path::PathBuf;

use crate::fsutil;
use crate::issue::ResolveError;
use crate::plan::issue_file::IssueFileError;

/// Why an issue could not be rendered. Nothing is written when it fails.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// A template does not compile or uses something the view lacks.
    #[error("{}:{line}:{column}: {problem}; nothing was written", path.display())]
    Template {
        /// The template file (or the built-in one's name).
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong (boxed: Handlebars' errors are large, and every
        /// `Result` of render and deliver would carry their size).
        #[source]
        problem: Box<TemplateProblem>,
    },
    /// A template of the project's `templates/` is there but cannot be
    /// read (not UTF-8, a folder in its place): refused, not silently
    /// replaced by the built-in one. Only a missing file means "use the
    /// built-in".
    #[error("{}: cannot read: {source}; fix the file or delete it to use the built-in template", path.display())]
    Unreadable {
        /// The template file, as the writer would type it.
        path: PathBuf,
        /// Why it cannot be read.
        #[source]
        source: std::io::Error,
    },
    /// The issue file cannot be used.
    #[error(transparent)]
    IssueFile(#[from] IssueFileError),
    /// A section's content cannot be found.
    #[error(transparent)]
    Resolve(#[from] ResolveError),
    /// CSS inlining failed.
    #[error("{}: inlining CSS failed: {source}", path.display())]
    Inline {
        /// The issue folder.
        path: PathBuf,
        /// The inliner's error.
        #[source]
        source: css_inline::InlineError,
    },
    /// Writing the output failed.
    #[error(transparent)]
    Io(#[from] fsutil::FsError),
}

/// What is wrong with a template.
#[derive(Debug, thiserror::Error)]
pub enum TemplateProblem {
    /// It does not compile.
    #[error(transparent)]
    Syntax(Syntax),
    /// It prints a variable the view does not have (strict mode).
    #[error(
        "undefined variable `{0}`; the variables templates can use are listed in docs/render.md"
    )]
    UndefinedVariable(String),
    /// Rendering it failed otherwise (a helper without its parameter …).
    #[error(transparent)]
    Render(handlebars::RenderErrorReason),
    /// Partials include each other: rendering would never end.
    #[error("partial recursion {}; a partial may not include itself, directly or through another: remove one of these includes", .0.join(" → "))]
    Recursion(Vec<String>),
}

impl From<handlebars::RenderErrorReason> for TemplateProblem {
    /// A missing variable by its name; anything else as Handlebars says it.
    fn from(reason: handlebars::RenderErrorReason) -> TemplateProblem {
        match reason {
            handlebars::RenderErrorReason::MissingVariable(Some(name)) => {
                TemplateProblem::UndefinedVariable(name)
            }
            other => TemplateProblem::Render(other),
        }
    }
}

/// A template that does not compile: Handlebars' error, told by its reason
/// only — its own text repeats the file and the position, which the
/// message gives already, over several lines.
#[derive(Debug)]
pub struct Syntax(pub handlebars::TemplateError);

impl fmt::Display for Syntax {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.reason().fmt(f)
    }
}

impl Error for Syntax {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.0.reason().source()
    }
}
