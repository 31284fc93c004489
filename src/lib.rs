//! letterpress turns a creator's raw content into a weekly newsletter and its
//! social posts.
//!
//! The pipeline has one module per stage, each handing one typed value to
//! the next: [`ingest`] reads files into a [`ingest::Corpus`] of content
//! items; [`dedupe`] folds duplicates ([`dedupe::Deduped`]); [`plan`] writes
//! weekly issue files ([`plan::IssuePlan`]); [`issue`] loads an issue
//! folder with every section's content resolved ([`issue::ResolvedIssue`]);
//! [`render`] turns that, the templates and the settings into a
//! [`render::RenderedIssue`]; [`deliver`] sends render's output
//! ([`deliver::DeliveryReport`]); [`site`] and [`check`] read rendered
//! issues; [`schedule`] sits above render and deliver and does what
//! `schedule.yaml` says is due. A [`project::Project`] is loaded once per
//! command; [`pipeline`] chains the stages as the commands run them. Time
//! comes from a [`clock::Clock`] the command passes down (`clippy.toml`
//! forbids reading the system clock anywhere else). The crate-private
//! `cmd` holds one module per subcommand; `main.rs` only parses arguments,
//! calls [`run`] and turns its [`Exit`] into the process's exit code.
//!
//! What the design keeps on purpose:
//! - templates are embedded, overridable file by file from `templates/`,
//!   and strict (an unknown variable is an error, not an empty string);
//!   they see view structs, never the library's own types ([`render`]);
//! - every error in a file the writer edits says `file:line:column: what;
//!   what to do`, and keeps the error under it as its source;
//! - diagnostics skip a bad record and go on ([`diag`]): one broken line
//!   never hides the rest of a dump;
//! - every write is atomic ([`fsutil`]); the send ledger is an append-only
//!   journal synced per message, so a crash never mails anyone twice
//!   ([`deliver::ledger`]);
//! - an email is rendered once with a mark per reader value and filled in
//!   per reader at send time ([`render::ReaderCopy`]);
//! - [`dedupe`] is the model of a stage: a value in, a value out, no files.
//!
//! Modules meant for other programs are public; the rest are
//! `pub(crate)` (the `unreachable_pub` lint keeps it that way).

#![warn(unreachable_pub)]

pub(crate) mod alloc;
pub mod check;
pub mod cli;
pub mod clock;
pub(crate) mod cmd;
pub mod dedupe;
pub mod deliver;
pub mod diag;
pub mod fsutil;
pub mod ingest;
pub(crate) mod init;
pub mod issue;
pub mod issue_dir;
pub mod pipeline;
pub mod plan;
pub(crate) mod preview;
pub mod project;
pub mod render;
pub mod schedule;
pub(crate) mod schema;
pub(crate) mod schema_ref;
pub mod settings;
pub mod site;

pub use cmd::exit::untold_causes;
pub use cmd::{run, Exit};
