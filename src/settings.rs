//! Project settings: `letterpress.yaml` at the project root, every key
//! optional. Plain serde structs; unknown keys are errors (a typo must not be
//! silently ignored).

use std::path::Path;

use serde::{Deserialize, Serialize};

mod error;
mod limits;
pub use error::{SettingsError, SettingsProblem};
pub use limits::MAX_CONNECTIONS;

/// The settings file's name, at the project root.
pub const FILE_NAME: &str = "letterpress.yaml";

/// Everything in `letterpress.yaml`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// The files and folders content is read from when a command is given
    /// none (`build`, `plan`, `ingest`, `dedupe`, `thread`). Default:
    /// `content/` (see [`Settings::content_paths`]).
    pub content: Vec<std::path::PathBuf>,
    /// The newsletter itself: name, links, sponsor and footer.
    pub newsletter: Newsletter,
    /// How weekly issues are assembled.
    pub plan: PlanSettings,
    /// How social thread drafts are made.
    pub threads: ThreadSettings,
    /// How issues are sent.
    pub send: SendSettings,
    /// How issues are checked before they go out.
    pub check: CheckSettings,
}

/// `letterpress check` and the check before a list send.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct CheckSettings {
    /// A list send refuses an issue the check finds errors in (`send
    /// --no-check` skips it once). Default `true`.
    pub required: bool,
    /// Fetch links and images in the send path too (the offline rules
    /// always run there; `letterpress check` always fetches). Default
    /// `false`: turn it on where the sending machine reaches the web.
    pub online: bool,
    /// Seconds per request. Default 10.
    pub timeout: f64,
    /// Seconds for the whole link check. Default 60.
    pub deadline: f64,
    /// The largest image accepted, in KB. Default 1024.
    pub max_image_kb: u64,
    /// Hours a link's result is reused. Default 24.
    pub cache_hours: f64,
}

impl Default for CheckSettings {
    fn default() -> Self {
        CheckSettings {
            required: true,
            online: false,
            timeout: 10.0,
            deadline: 60.0,
            max_image_kb: 1024,
            cache_hours: 24.0,
        }
    }
}

/// How issues are sent. Secrets never live here: only the names of the
/// environment variables that hold them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct SendSettings {
    /// The sender, `Name <address>`.
    pub from: String,
    /// Where replies go, if not to the sender.
    pub reply_to: Option<String>,
    /// `smtp://`, `smtps://` or `smtp://…?tls=required` (lettre's URL
    /// form); none means the file outbox.
    pub smtp_url: Option<String>,
    /// The environment variable holding the SMTP password.
    pub password_env: String,
    /// The https address readers' unsubscribe links point to.
    pub unsubscribe_url: String,
    /// The address unsubscribe emails go to.
    pub unsubscribe_mailto: String,
    /// The environment variable holding the secret that signs unsubscribe tokens.
    pub secret_env: String,
    /// The list's name in unsubscribe links (`list=`) and their tokens, so
    /// renaming or moving the list file keeps sent links working. Default
    /// `main`. (`unsubscribe` also takes tokens signed with the list file's
    /// stem, as sends made before this setting did.)
    pub list_name: String,
    /// Where the file outbox is written (one folder per issue).
    pub outbox: std::path::PathBuf,
    /// SMTP connections used at once (lettre's client waits on each reply,
    /// so throughput comes from several connections).
    pub connections: usize,
    /// At most this many messages a second (a provider's quota); none: as
    /// fast as the connections go.
    pub rate: Option<f64>,
    /// Seconds to wait before each retry of a temporary failure (4xx, a
    /// dropped connection); after the last, the reader is left deferred for
    /// the next run.
    pub retry_delays: Vec<f64>,
    /// Seconds the whole send waits out a server that refuses every reader
    /// for now (`421`, the same 4xx for several readers in a row, a server
    /// gone mid-send) before stopping for the next run to resume; readers'
    /// own retries are not used up meanwhile. Default 300.
    pub outage_window: f64,
    /// Seconds one message's whole SMTP exchange (connecting included) may
    /// take; a server slower than that — trickling its replies, which no
    /// per-read timeout catches — loses the connection, and the reader is
    /// retried, then deferred. Default 60.
    pub message_timeout: f64,
    /// DKIM signing, when set.
    pub dkim: Option<DkimSettings>,
}

/// DKIM signing of every message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DkimSettings {
    /// The signing domain (`d=`).
    pub domain: String,
    /// The selector (`s=`): the DNS record is `<selector>._domainkey.<domain>`.
    pub selector: String,
    /// The private key file: PKCS#1 PEM for `rsa`, the base64 seed for `ed25519`.
    pub key_file: std::path::PathBuf,
    /// `rsa` (default) or `ed25519`.
    #[serde(default = "default_dkim_algorithm")]
    pub algorithm: String,
}

fn default_dkim_algorithm() -> String {
    "rsa".into()
}

impl Default for SendSettings {
    fn default() -> Self {
        SendSettings {
            from: "System Design Refresher <newsletter@example.com>".into(),
            reply_to: None,
            smtp_url: None,
            password_env: "LETTERPRESS_SMTP_PASSWORD".into(),
            unsubscribe_url: "https://newsletter.example.com/unsubscribe".into(),
            unsubscribe_mailto: "unsubscribe@example.com".into(),
            secret_env: "LETTERPRESS_UNSUBSCRIBE_SECRET".into(),
            list_name: "main".into(),
            outbox: "outbox".into(),
            connections: 8,
            rate: None,
            retry_delays: vec![0.5, 2.0, 8.0],
            outage_window: 300.0,
            message_timeout: 60.0,
            dkim: None,
        }
    }
}

/// Where a thread post's `1/n` goes.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Numbering {
    /// No numbering.
    Off,
    /// `1/5 ` before the text.
    Prefix,
    /// ` 1/5` after the text.
    #[default]
    Suffix,
}

/// How social thread drafts are made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ThreadSettings {
    /// Where each post's `1/n` goes: `suffix`, `prefix` or `off`.
    pub numbering: Numbering,
    /// The Mastodon instance's post limit.
    pub mastodon_limit: usize,
    /// Where `schedule run` POSTs thread drafts (JSON); none: it writes
    /// them to export files in the issue folder.
    pub webhook_url: Option<String>,
    /// Seconds to wait for the webhook's answer.
    pub webhook_timeout: f64,
    /// Seconds before each retry of a failed POST.
    pub webhook_retry_delays: Vec<f64>,
}

impl Default for ThreadSettings {
    fn default() -> Self {
        ThreadSettings {
            numbering: Numbering::Suffix,
            mastodon_limit: 500,
            webhook_url: None,
            webhook_timeout: 10.0,
            webhook_retry_delays: vec![1.0, 5.0, 30.0],
        }
    }
}

/// The newsletter's identity and the blocks every issue carries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Newsletter {
    /// Shown in the header and the subject's prefix.
    pub name: String,
    /// The public address of the archive: issue links are made from it.
    pub url: String,
    /// The sponsor block at the top of each issue, if any.
    pub sponsor: Option<Sponsor>,
    /// The footer text (Markdown) at the end of each issue.
    pub footer: String,
    /// The heading of each issue's topic list.
    pub topics_heading: String,
    /// Tracking parameters added to every web link of an email, if any.
    pub utm: Option<Utm>,
}

/// UTM parameters for links in emails. `{week}` in a value is replaced by
/// the week.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Utm {
    /// `utm_source`.
    pub source: String,
    /// `utm_medium`.
    pub medium: String,
    /// `utm_campaign`.
    pub campaign: String,
}

impl Default for Newsletter {
    fn default() -> Self {
        Newsletter {
            name: "System Design Refresher".into(),
            url: "https://newsletter.example.com".into(),
            sponsor: None,
            footer: "You are receiving this because you subscribed to our weekly newsletter."
                .into(),
            topics_heading: "This week’s system design refresher:".into(),
            utm: None,
        }
    }
}

/// A sponsor block.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Sponsor {
    /// The sponsor's headline.
    pub title: String,
    /// The pitch (Markdown).
    pub text: String,
    /// Where the block links to.
    pub url: String,
}

/// How weekly issues are assembled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct PlanSettings {
    /// Fewest sections an issue should have (thin weeks are filled from the
    /// backlog up to this).
    pub min_sections: usize,
    /// Most sections an issue may have (the rest go to the backlog).
    pub max_sections: usize,
    /// Items shorter than this many words are not made into sections.
    pub min_words: usize,
    /// One sentence for every drafted "Over to you" question (`{topic}` is
    /// replaced by the section's title). Default: none — each question is
    /// drafted from its section (a comparison, a list, a how-it-works…).
    pub over_to_you_template: Option<String>,
    /// Draft a question for sections whose source has none; `false` leaves
    /// them without one. Default `true`.
    pub draft_questions: bool,
}

impl Default for PlanSettings {
    fn default() -> Self {
        PlanSettings {
            min_sections: 4,
            max_sections: 6,
            min_words: 30,
            over_to_you_template: None,
            draft_questions: true,
        }
    }
}

impl Settings {
    /// The content paths: those set, or `content/`.
    pub fn content_paths(&self) -> Vec<std::path::PathBuf> {
        if self.content.is_empty() {
            vec!["content".into()]
        } else {
            self.content.clone()
        }
    }

    /// Reads `letterpress.yaml` in `root`, or the defaults when there is none.
    pub fn load(root: &Path) -> Result<Settings, SettingsError> {
        let path = root.join(FILE_NAME);
        match std::fs::read_to_string(&path) {
            Ok(text) => Settings::parse(&path, &text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Settings::default()),
            Err(e) => Err(SettingsError {
                path,
                line: 1,
                column: 1,
                problem: SettingsProblem::Read(e),
            }),
        }
    }

    /// Parses settings text; `path` names it in errors.
    pub fn parse(path: &Path, text: &str) -> Result<Settings, SettingsError> {
        if text.trim().is_empty() {
            return Ok(Settings::default());
        }
        let settings = serde_yaml::from_str(text).map_err(|e| {
            let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
            SettingsError {
                path: path.into(),
                line,
                column,
                problem: SettingsProblem::Yaml(e),
            }
        })?;
        limits::check(&settings, path, text)?;
        Ok(settings)
    }
}

/// A number of seconds from the settings as a wait: negative or not a
/// number is no wait, more than an hour is an hour.
pub fn seconds(value: f64) -> std::time::Duration {
    let value = if value.is_finite() { value } else { 0.0 };
    std::time::Duration::from_secs_f64(value.clamp(0.0, 3600.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_is_located() {
        let err = Settings::parse(Path::new("letterpress.yaml"), "plan:\n  max_section: 5\n")
            .expect_err("typo");
        assert_eq!((err.line, err.column), (2, 3));
        assert!(err.to_string().contains("max_section"), "{err}");
    }

    #[test]
    fn partial_settings_keep_defaults() {
        let s = Settings::parse(Path::new("x"), "plan:\n  max_sections: 5\n").expect("valid");
        assert_eq!((s.plan.min_sections, s.plan.max_sections), (4, 5));
    }
}
