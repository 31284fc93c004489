//! The templates: defaults embedded in the binary (the files of the
//! repository's `templates/`), each replaceable by a file of the same name in
//! the project's `templates/`, compiled in Handlebars' strict mode.

use std::path::{Path, PathBuf};

use handlebars::{handlebars_helper, Handlebars};
use serde::Serialize;

use super::{RenderError, Syntax, TemplateProblem};
use crate::fsutil;

/// Every default template: its path under `templates/` and its text.
pub const DEFAULTS: &[(&str, &str)] = &[
    (
        "email.html.hbs",
        include_str!("../../templates/email.html.hbs"),
    ),
    (
        "email.txt.hbs",
        include_str!("../../templates/email.txt.hbs"),
    ),
    (
        "archive.md.hbs",
        include_str!("../../templates/archive.md.hbs"),
    ),
    ("web.html.hbs", include_str!("../../templates/web.html.hbs")),
    (
        "site/page.html.hbs",
        include_str!("../../templates/site/page.html.hbs"),
    ),
    (
        "site/index.html.hbs",
        include_str!("../../templates/site/index.html.hbs"),
    ),
    (
        "site/theme.html.hbs",
        include_str!("../../templates/site/theme.html.hbs"),
    ),
    (
        "site/404.html.hbs",
        include_str!("../../templates/site/404.html.hbs"),
    ),
    (
        "partials/header.hbs",
        include_str!("../../templates/partials/header.hbs"),
    ),
    (
        "partials/sponsor.hbs",
        include_str!("../../templates/partials/sponsor.hbs"),
    ),
    (
        "partials/toc.hbs",
        include_str!("../../templates/partials/toc.hbs"),
    ),
    (
        "partials/section.hbs",
        include_str!("../../templates/partials/section.hbs"),
    ),
    (
        "partials/footer.hbs",
        include_str!("../../templates/partials/footer.hbs"),
    ),
    (
        "threads/hook.hbs",
        include_str!("../../templates/threads/hook.hbs"),
    ),
    (
        "threads/question.hbs",
        include_str!("../../templates/threads/question.hbs"),
    ),
    (
        "threads/issue.hbs",
        include_str!("../../templates/threads/issue.hbs"),
    ),
    (
        "threads/issue_section.hbs",
        include_str!("../../templates/threads/issue_section.hbs"),
    ),
    (
        "threads/issue_closing.hbs",
        include_str!("../../templates/threads/issue_closing.hbs"),
    ),
    (
        "threads/linkedin.hbs",
        include_str!("../../templates/threads/linkedin.hbs"),
    ),
    (
        "threads/closing.hbs",
        include_str!("../../templates/threads/closing.hbs"),
    ),
];

/// The compiled templates: HTML ones escape what they print, the plain-text
/// and Markdown ones do not.
pub struct Templates {
    html: Handlebars<'static>,
    plain: Handlebars<'static>,
    /// Where each template came from, by its key, for error messages.
    origins: std::collections::HashMap<String, PathBuf>,
    /// The reader fields the templates print (`subscriber.fields.city`).
    reader_fields: std::collections::BTreeSet<String>,
}

/// The helpers templates can call: `{{upper x}}`, `{{json x}}` (a quoted
/// string, for YAML front matter), `{{date x "%B %-d, %Y"}}` (chrono's
/// format on a date or an RFC 3339 time) and `{{md x}}` (text made safe
/// inside Markdown: markup characters escaped, `<` and `>` as entities).
mod helpers {
    #![allow(missing_docs)] // the macro makes one struct per helper
    use super::{format_date, handlebars_helper};

    handlebars_helper!(upper: |text: str| text.to_uppercase());
    handlebars_helper!(json: |value: Json| serde_json::to_string(value).unwrap_or_default());
    handlebars_helper!(date: |value: str, format: str| format_date(value, format));
    handlebars_helper!(md: |text: str| super::super::body::markdown_text(text));
}

/// Formats `2023-02-14` or an RFC 3339 time with a chrono pattern.
fn format_date(value: &str, format: &str) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let written = if let Ok(time) = chrono::DateTime::parse_from_rfc3339(value) {
        write!(out, "{}", time.format(format))
    } else if let Ok(day) = chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d") {
        write!(out, "{}", day.format(format))
    } else {
        return value.to_string();
    };
    match written {
        Ok(()) => out,
        Err(_) => value.to_string(),
    }
}

impl Templates {
    /// The templates of the project at `root` (its `templates/` files over
    /// the defaults).
    pub fn load(root: &Path) -> Result<Templates, RenderError> {
        let mut html = registry();
        let mut plain = registry();
        plain.register_escape_fn(handlebars::no_escape);
        let mut origins = std::collections::HashMap::new();
        let mut partials = Vec::new();
        let mut reader_fields = std::collections::BTreeSet::new();
        for (name, default) in DEFAULTS {
            let path = root.join("templates").join(name);
            // Shown as the writer would type it: `templates/…`.
            let written: PathBuf = path.strip_prefix(".").unwrap_or(&path).into();
            let (text, shown) = match std::fs::read_to_string(&path) {
                Ok(text) => (text, written),
                // Only a missing file means the built-in one.
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => (
                    default.to_string(),
                    PathBuf::from("(built-in) templates").join(name),
                ),
                Err(source) => {
                    return Err(RenderError::Unreadable {
                        path: written,
                        source,
                    })
                }
            };
            let key = template_key(name);
            origins.insert(key.clone(), shown.clone());
            reader_fields.extend(fields_printed(&text));
            let target = if name.ends_with(".html.hbs") || name.starts_with("partials/") {
                &mut html
            } else {
                &mut plain
            };
            target
                .register_template_string(&key, &text)
                .map_err(|e| RenderError::Template {
                    path: shown.clone(),
                    line: e.pos().map_or(1, |p| p.0),
                    column: e.pos().map_or(1, |p| p.1),
                    problem: Box::new(TemplateProblem::Syntax(Syntax(e))),
                })?;
            if name.starts_with("partials/") {
                partials.push(Partial {
                    key,
                    includes: includes(&text),
                    path: shown,
                });
            }
        }
        if let Some(error) = recursion(&partials) {
            return Err(error);
        }
        Ok(Templates {
            html,
            plain,
            origins,
            reader_fields,
        })
    }

    /// The list columns the templates print as `subscriber.fields.<name>`:
    /// every reader carries them (empty when the list has no such column),
    /// so strict mode does not fail on the sample reader or on a list
    /// without that column.
    pub fn reader_fields(&self) -> impl Iterator<Item = &String> {
        self.reader_fields.iter()
    }

    /// Renders one template (by file name) with `view`.
    pub fn render(&self, name: &str, view: &impl Serialize) -> Result<String, RenderError> {
        let registry = if name.ends_with(".html.hbs") {
            &self.html
        } else {
            &self.plain
        };
        registry
            .render(&template_key(name), view)
            .map_err(|e| RenderError::Template {
                path: e
                    .template_name
                    .as_ref()
                    .and_then(|key| self.origins.get(key))
                    .cloned()
                    .unwrap_or_else(|| PathBuf::from("templates").join(name)),
                line: e.line_no.unwrap_or(1),
                column: e.column_no.unwrap_or(1),
                problem: Box::new(handlebars::RenderErrorReason::from(e).into()),
            })
    }
}

/// A partial as loaded: its key, the partials it includes and where.
struct Partial {
    key: String,
    /// `(name, line, column)` of each `{{> name}}`.
    includes: Vec<(String, usize, usize)>,
    path: PathBuf,
}

/// The partials `text` includes by name (`{{> name}}`, `{{~> name}}`,
/// `{{#> name}}`), with the 1-based line and column of each `{{`.
fn includes(text: &str) -> Vec<(String, usize, usize)> {
    text.match_indices("{{")
        .filter_map(|(at, _)| {
            let rest = text[at + 2..].trim_start_matches(['~', '#']);
            let rest = rest.strip_prefix('>')?.trim_start();
            let name: String = rest
                .chars()
                .take_while(|c| !c.is_whitespace() && !matches!(c, '}' | '~'))
                .collect();
            let line = text[..at].matches('\n').count() + 1;
            let column = at - text[..at].rfind('\n').map_or(0, |n| n + 1) + 1;
            (!name.is_empty()).then_some((name, line, column))
        })
        .collect()
}

/// Partials that include each other (`header` → `footer` → `header`)
/// would recurse until the stack overflows: the first such cycle, located
/// at the include that starts it.
fn recursion(partials: &[Partial]) -> Option<RenderError> {
    let find = |key: &str| partials.iter().position(|p| p.key == key);
    for start in 0..partials.len() {
        let mut path = vec![start];
        if let Some(cycle) = cycle_from(partials, &find, &mut path) {
            let names: Vec<&str> = cycle.iter().map(|&i| partials[i].key.as_str()).collect();
            let first = &partials[cycle[0]];
            let (_, line, column) = first
                .includes
                .iter()
                .find(|(name, ..)| *name == names[1])
                .cloned()
                .unwrap_or_default();
            return Some(RenderError::Template {
                path: first.path.clone(),
                line,
                column,
                problem: Box::new(TemplateProblem::Recursion(
                    names.iter().map(|n| n.to_string()).collect(),
                )),
            });
        }
    }
    None
}

/// Depth-first from the last partial of `path`: the first cycle back to
/// `path[0]`, as the partials in order with `path[0]` at both ends.
fn cycle_from(
    partials: &[Partial],
    find: &dyn Fn(&str) -> Option<usize>,
    path: &mut Vec<usize>,
) -> Option<Vec<usize>> {
    let last = *path.last()?;
    for (name, ..) in &partials[last].includes {
        let Some(next) = find(name) else { continue };
        if next == path[0] {
            let mut cycle = path.clone();
            cycle.push(next);
            return Some(cycle);
        }
        if !path.contains(&next) {
            path.push(next);
            if let Some(cycle) = cycle_from(partials, find, path) {
                return Some(cycle);
            }
            path.pop();
        }
    }
    None
}

/// Partials are registered by their bare name (`header`), so templates say
/// `{{> header}}`; the others by file name.
/// Every `subscriber.fields.<name>` a template text mentions.
fn fields_printed(text: &str) -> Vec<String> {
    text.match_indices("subscriber.fields.")
        .map(|(at, prefix)| {
            text[at + prefix.len()..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '-')
                .collect::<String>()
        })
        .filter(|name| !name.is_empty())
        .collect()
}

fn template_key(name: &str) -> String {
    match name.strip_prefix("partials/") {
        Some(partial) => partial.trim_end_matches(".hbs").to_string(),
        None => name.to_string(),
    }
}

fn registry() -> Handlebars<'static> {
    let mut registry = Handlebars::new();
    registry.set_strict_mode(true);
    registry.register_helper("upper", Box::new(helpers::upper));
    registry.register_helper("json", Box::new(helpers::json));
    registry.register_helper("date", Box::new(helpers::date));
    registry.register_helper("md", Box::new(helpers::md));
    registry
}

/// Writes the default templates into `root/templates/`; existing files are
/// kept unless `force`. Returns the files written.
pub fn eject(root: &Path, force: bool) -> Result<Vec<PathBuf>, fsutil::FsError> {
    let mut written = Vec::new();
    for (name, text) in DEFAULTS {
        let path = root.join("templates").join(name);
        if path.exists() && !force {
            continue;
        }
        fsutil::write_atomic(&path, text.as_bytes())?;
        written.push(path);
    }
    Ok(written)
}
