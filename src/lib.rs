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
//! forbids reading the system clock anywhere else). [`cmd`] holds one
//! module per subcommand; `main.rs` only parses arguments and calls
//! [`run`].

pub mod alloc;
pub mod check;
pub mod cli;
pub mod clock;
pub mod cmd;
pub mod dedupe;
pub mod deliver;
pub mod diag;
pub mod fsutil;
pub mod ingest;
pub mod init;
pub mod issue;
pub mod issue_dir;
pub mod pipeline;
pub mod plan;
pub mod preview;
pub mod project;
pub mod render;
pub mod schedule;
pub mod schema;
pub mod schema_ref;
pub mod settings;
pub mod site;

pub use cmd::run;
