//! Check: a rendered issue in, a [`CheckReport`] out — before 100,000
//! people get it. Offline rules always run (Gmail's clip size, alt text,
//! subject and preheader length, template text left over, absolute links,
//! drafted questions not yet reviewed); online (`links`) every distinct
//! link and image of every output is fetched once.

pub(crate) mod links;
mod place;
mod rules;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::issue_dir::{IssueDir, Part};
use crate::plan::editorial::Label;
use crate::plan::{issue_file, IssuePlan};
use crate::project::Project;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Stops a list send.
    Error,
    /// Worth a look; fails only with `--strict`.
    Warning,
    /// For the writer's information.
    Note,
}

/// One checked URL or rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// The URL checked, for link findings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The rule checked, for rule findings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// Whether it passed.
    pub ok: bool,
    /// How bad it is when it did not.
    pub severity: Severity,
    /// What is wrong (empty when ok).
    pub problem: String,
    /// The HTTP status, for links.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// Where a redirected link ends.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub final_url: Option<String>,
    /// The file it is in.
    pub r#where: String,
    /// The part of the file: `section "Title"`, the sponsor block, the
    /// footer (links only, when known).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
}

impl Finding {
    /// A rule's result.
    pub fn rule(rule: &str, severity: Severity, problem: Option<String>, at: String) -> Finding {
        Finding {
            url: None,
            rule: Some(rule.to_string()),
            ok: problem.is_none(),
            severity,
            problem: problem.unwrap_or_default(),
            status: None,
            final_url: None,
            r#where: at,
            section: None,
        }
    }
}

/// Everything found about one issue.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct CheckReport {
    /// The issue folder.
    pub dir: PathBuf,
    /// One per rule and URL.
    pub findings: Vec<Finding>,
}

impl CheckReport {
    /// Findings that failed, worst first.
    pub fn problems(&self) -> Vec<&Finding> {
        let mut problems: Vec<&Finding> = self.findings.iter().filter(|f| !f.ok).collect();
        problems.sort_by_key(|f| f.severity);
        problems
    }

    /// How many failed with `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| !f.ok && f.severity == severity)
            .count()
    }
}

/// Why an issue could not be checked.
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    /// The issue file is broken.
    #[error(transparent)]
    IssueFile(#[from] issue_file::IssueFileError),
    /// The issue is not rendered.
    #[error("{}: not rendered; run `letterpress render {}` first", .0.display(), .0.display())]
    NotRendered(PathBuf),
    /// The check's record could not be written.
    #[error(transparent)]
    Io(#[from] crate::fsutil::FsError),
}

/// What a check looks at: the issue's plan and its rendered outputs.
pub struct Outputs {
    /// The issue.
    pub plan: IssuePlan,
    /// `(file, text)` of every output: email parts, web page, thread drafts.
    pub files: Vec<(PathBuf, String)>,
}

/// Reads an issue's plan and rendered files.
pub fn outputs(dir: &Path) -> Result<Outputs, CheckError> {
    let issue = IssueDir::new(dir);
    if !issue.has_email() {
        return Err(CheckError::NotRendered(dir.into()));
    }
    let (plan, _) = issue_file::read(&issue.plan_file())?;
    let mut files = Vec::new();
    for part in Part::ALL {
        if let Ok(text) = std::fs::read_to_string(issue.part(part)) {
            files.push((issue.part(part), text));
        }
    }
    if let Ok(entries) = std::fs::read_dir(issue.threads_folder()) {
        let mut drafts: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        drafts.sort();
        for path in drafts {
            if let Ok(text) = std::fs::read_to_string(&path) {
                let text = if path.extension().is_some_and(|e| e == "json") {
                    json_strings(&text)
                } else {
                    text
                };
                files.push((path, text));
            }
        }
    }
    Ok(Outputs { plan, files })
}

/// The strings of a JSON draft, one per line, as a follower would read
/// them: checked as JSON text, a post's `\n\n` escape would glue itself to
/// the link before it (`…#anchor\n\nNext`). Text that is not JSON is
/// checked as it is.
fn json_strings(text: &str) -> String {
    fn collect(value: &serde_json::Value, out: &mut String) {
        match value {
            serde_json::Value::String(s) => {
                out.push_str(s);
                out.push('\n');
            }
            serde_json::Value::Array(values) => values.iter().for_each(|v| collect(v, out)),
            serde_json::Value::Object(map) => map.values().for_each(|v| collect(v, out)),
            _ => {}
        }
    }
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(value) => {
            let mut out = String::new();
            collect(&value, &mut out);
            out
        }
        Err(_) => text.to_string(),
    }
}

/// A check's outcome as the issue folder keeps it (`check.json`), so a
/// recent clean check is not repeated before a send.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Record {
    /// When it ran.
    pub time: chrono::DateTime<chrono::Utc>,
    /// Whether links were fetched too.
    pub online: bool,
    /// Errors found.
    pub errors: usize,
    /// Warnings found.
    pub warnings: usize,
}

/// How long a clean check stands in for a new one.
pub const RECENT: chrono::Duration = chrono::Duration::hours(1);

impl Record {
    /// Writes the record of `report` into its issue folder.
    pub fn write(
        report: &CheckReport,
        online: bool,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), crate::fsutil::FsError> {
        let record = Record {
            time: now,
            online,
            errors: report.count(Severity::Error),
            warnings: report.count(Severity::Warning),
        };
        let json = serde_json::to_vec_pretty(&record).unwrap_or_default();
        crate::fsutil::write_atomic(&IssueDir::new(&report.dir).check_record(), &json)
    }

    /// A clean check of `dir`, at least as thorough as asked, newer than
    /// its rendered email and younger than [`RECENT`].
    pub fn recent_clean(
        dir: &Path,
        online: bool,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Option<Record> {
        let issue = IssueDir::new(dir);
        let record: Record =
            serde_json::from_slice(&std::fs::read(issue.check_record()).ok()?).ok()?;
        let rendered: chrono::DateTime<chrono::Utc> =
            std::fs::metadata(issue.part(Part::EmailHtml))
                .ok()?
                .modified()
                .ok()?
                .into();
        let fresh = record.time >= rendered && now - record.time <= RECENT;
        (record.errors == 0 && fresh && (record.online || !online)).then_some(record)
    }
}

/// Checks the rendered issue in `dir` of `project`: the offline rules, the
/// sections the writer forced in (notes), and every link and image fetched
/// when `online` (results cached in the project).
pub fn run(
    dir: &Path,
    project: &Project,
    online: bool,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<CheckReport, CheckError> {
    let outputs = outputs(dir)?;
    let mut report = offline(dir, &outputs);
    report.findings.extend(forced(dir, project));
    if online {
        let settings = &project.settings.check;
        let options = links::LinkOptions {
            timeout: crate::settings::seconds(settings.timeout),
            deadline: crate::settings::seconds(settings.deadline),
            max_image_bytes: settings.max_image_kb * 1024,
            concurrency: 8,
            // Browsers open six connections to a host; four stays polite.
            per_host: 4,
            cache: Some((
                links::cache_path(project.root()),
                chrono::Duration::minutes((settings.cache_hours * 60.0) as i64),
            )),
            now,
        };
        report
            .findings
            .extend(links::check(&links::targets(&outputs), &options));
    }
    Ok(report)
}

/// A note for each section the editorial rules would leave out: the
/// planner never places one, so the writer put it in (by its id) and may
/// want to look again. The issue as resolved for render tells.
fn forced(dir: &Path, project: &Project) -> Vec<Finding> {
    let at = IssueDir::new(dir).plan_file().display().to_string();
    let issue = match project.resolver().load(dir) {
        Ok(issue) => issue,
        Err(e) => {
            let problem = format!("the sections could not be read to judge them: {e}");
            return vec![Finding::rule(
                "forced",
                Severity::Warning,
                Some(problem),
                at,
            )];
        }
    };
    issue
        .sections
        .iter()
        .filter_map(|section| {
            let verdict = section.verdict.as_ref()?;
            let problem = (verdict.label != Label::Keep).then(|| {
                format!(
                    "section \"{}\" runs because the issue file names it; the editorial rules would leave it out ({}: {})",
                    section.title,
                    verdict.label.as_str(),
                    verdict.reason
                )
            });
            Some(Finding::rule("forced", Severity::Note, problem, at.clone()))
        })
        .collect()
}

/// What the check before a list send (`send --list`, `schedule run`) did.
pub enum BeforeSend {
    /// A clean check, as thorough and newer than the rendered email, stands.
    Recent(Record),
    /// The issue was checked now (links fetched when `check.online`); the
    /// record is in the issue folder.
    Checked(CheckReport),
}

/// The check before a list send: a recent clean one stands, otherwise the
/// issue is checked and the outcome recorded in its folder.
pub fn before_send(
    dir: &Path,
    project: &Project,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<BeforeSend, CheckError> {
    let online = project.settings.check.online;
    if let Some(record) = Record::recent_clean(dir, online, now) {
        return Ok(BeforeSend::Recent(record));
    }
    let report = run(dir, project, online, now)?;
    Record::write(&report, online, now)?;
    Ok(BeforeSend::Checked(report))
}

/// The offline rules over an issue's outputs.
pub fn offline(dir: &Path, outputs: &Outputs) -> CheckReport {
    CheckReport {
        dir: dir.into(),
        findings: rules::all(outputs),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The repository's rendered 2022-W21, copied into `<temp>/2022-W21`.
    fn rendered_issue() -> (tempfile::TempDir, PathBuf) {
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("issues/2022-W21");
        let temp = tempfile::tempdir().expect("tempdir");
        let dir = temp.path().join("2022-W21");
        for sub in ["", "threads"] {
            std::fs::create_dir_all(dir.join(sub)).expect("mkdir");
            for entry in std::fs::read_dir(from.join(sub)).expect("rendered issue") {
                let path = entry.expect("entry").path();
                if path.is_file() {
                    let name = path.file_name().expect("name");
                    std::fs::copy(&path, dir.join(sub).join(name)).expect("copy");
                }
            }
        }
        (temp, dir)
    }

    #[test]
    fn links_in_a_json_draft_are_read_from_its_strings_not_its_escapes() {
        let (_temp, dir) = rendered_issue();
        let outputs = outputs(&dir).expect("outputs");
        let urls: Vec<String> = links::targets(&outputs)
            .into_iter()
            .map(|t| t.url)
            .collect();
        assert!(
            urls.iter()
                .any(|u| u.contains("#what-is-a-stop-loss-order")),
            "{urls:#?}"
        );
        let glued: Vec<&String> = urls.iter().filter(|u| u.contains("\\n")).collect();
        assert_eq!(glued, Vec::<&String>::new());
    }
}
