//! `send` as library calls: an issue opened for sending ([`Sender`]), then
//! test copies, or the pre-send check, the audience and the list send. The
//! steps stay separate because a writer is asked between the audience and
//! the send; rendering and delivering are chained here, not in the command.

use std::path::{Path, PathBuf};

use super::PipelineError;
use crate::check::{self, BeforeSend};
use crate::clock::Clock;
use crate::deliver::list::Audience;
use crate::deliver::subscribers::List;
use crate::deliver::{self, DeliveryReport, ListSend, Mailer, TestResult};
use crate::issue_dir::IssueDir;
use crate::plan::{issue_file, IssuePlan};
use crate::project::Project;
use crate::render::{ReaderCopy, Templates};

/// An issue opened for sending: its plan read, the mailer made and the
/// templates loaded before anything goes out, so a broken issue file, SMTP
/// URL or template stops the send first.
pub struct Sender<'a> {
    project: &'a Project,
    dir: PathBuf,
    templates: Templates,
    /// The issue's plan, as its issue.yaml says.
    pub plan: IssuePlan,
    /// Where the messages go (an SMTP server, or the outbox).
    pub mailer: Mailer,
}

impl<'a> Sender<'a> {
    /// Opens issue folder `dir`; `smtp` overrides `send.smtp_url`.
    pub fn open(
        project: &'a Project,
        dir: &Path,
        smtp: Option<&str>,
    ) -> Result<Sender<'a>, PipelineError> {
        let settings = &project.settings.send;
        let (plan, _) = issue_file::read(&IssueDir::new(dir).plan_file())?;
        let url = smtp.map(str::to_string).or(settings.smtp_url.clone());
        let mailer = Mailer::new(url.as_deref(), settings, &plan.week)?;
        Ok(Sender {
            project,
            dir: dir.to_path_buf(),
            templates: project.templates()?,
            plan,
            mailer,
        })
    }

    /// Test copies (the sample reader's values) to `addresses`.
    pub fn test(
        &self,
        addresses: &[String],
        clock: &dyn Clock,
    ) -> Result<Vec<TestResult>, PipelineError> {
        let copy = self.reader_copy(&[])?;
        let settings = &self.project.settings.send;
        Ok(deliver::send_test(
            &copy,
            settings,
            &self.mailer,
            addresses,
            clock,
        )?)
    }

    /// The pre-send check, or the recent clean one that stands.
    pub fn check(&self, now: chrono::DateTime<chrono::Utc>) -> Result<BeforeSend, PipelineError> {
        Ok(check::before_send(&self.dir, self.project, now)?)
    }

    /// What a send to `list` needs besides the message.
    pub fn to_list<'b>(
        &'b self,
        list: &'b Path,
        retry_rejected: bool,
        progress: &'b (dyn Fn(usize, usize) + Sync),
        clock: &'b dyn Clock,
    ) -> ListSend<'b> {
        ListSend {
            dir: &self.dir,
            settings: &self.project.settings.send,
            mailer: &self.mailer,
            list,
            retry_rejected,
            progress,
            clock,
        }
    }

    /// Who on the list still gets the issue (nothing sent or recorded).
    pub fn audience(&self, send: &ListSend<'_>) -> Result<Audience, PipelineError> {
        Ok(deliver::audience(send)?)
    }

    /// The list send: the issue resolved and rendered once, with a mark
    /// for each of the list's columns, then sent through the ledger.
    pub fn send(
        &self,
        send: &ListSend<'_>,
        audience: &Audience,
    ) -> Result<(DeliveryReport, List), PipelineError> {
        let copy = self.reader_copy(&deliver::columns(&audience.list))?;
        Ok(deliver::send_list(send, &copy)?)
    }

    /// The issue resolved (only now: a dry run or a declined send never
    /// needs its content) and rendered once, with a mark per reader field.
    fn reader_copy(&self, fields: &[String]) -> Result<ReaderCopy, PipelineError> {
        let issue = self
            .project
            .resolver()
            .resolve(&self.dir, self.plan.clone())?;
        Ok(self
            .project
            .renderer(&self.templates)
            .reader_copy(&issue, fields)?)
    }
}
