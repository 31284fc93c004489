//! Which issues the archive publishes: those whose list send the ledger
//! accepted, or whose `schedule.yaml` send time has passed. With `--all`
//! every rendered issue, the others marked as drafts.

use std::collections::HashMap;
use std::path::Path;

use chrono::{DateTime, Utc};

use crate::deliver::ledger::{self, Outcome};
use crate::issue_dir::IssueDir;

/// When an issue went (or goes) out, by week.
pub(crate) struct SendTimes {
    scheduled: HashMap<String, DateTime<Utc>>,
}

impl SendTimes {
    /// The send times `schedule.yaml` in `root` plans (none when it is
    /// missing or invalid: `schedule status` reports its problems).
    pub(crate) fn load(root: &Path) -> SendTimes {
        let scheduled = crate::schedule::load(&root.join("schedule.yaml"))
            .map(|schedule| {
                schedule
                    .entries
                    .iter()
                    .map(|entry| (entry.issue.clone(), entry.send.utc))
                    .collect()
            })
            .unwrap_or_default();
        SendTimes { scheduled }
    }

    /// When the issue went out, if it did by `now`: its first accepted
    /// message, else its scheduled time once passed.
    pub(crate) fn sent(
        &self,
        dir: &IssueDir,
        week: &str,
        now: DateTime<Utc>,
    ) -> Option<DateTime<Utc>> {
        let accepted = ledger::read(&dir.ledger(false)).ok().and_then(|read| {
            read.values
                .iter()
                .filter(|e| e.outcome == Outcome::Accepted)
                .map(|e| e.time)
                .min()
        });
        accepted.or_else(|| self.scheduled.get(week).copied().filter(|at| *at <= now))
    }
}
