//! letterpress turns a creator's raw content into a weekly newsletter and its
//! social posts.
//!
//! The pipeline has one module per stage, each handing one type to the next:
//! [`ingest`] reads files into a [`ingest::Corpus`] of content items (tweets,
//! threads, newsletter sections, posts, videos, notes). Later stages (dedupe,
//! plan, render, deliver) build on it. [`cmd`] holds one module per
//! subcommand; `main.rs` only parses arguments and calls [`run`].

pub mod alloc;
pub mod check;
pub mod cli;
pub mod cmd;
pub mod dedupe;
pub mod deliver;
pub mod diag;
pub mod fsutil;
pub mod ingest;
pub mod init;
pub mod issue_dir;
pub mod plan;
pub mod preview;
pub mod render;
pub mod schema;
pub mod settings;
pub mod site;

pub use cmd::run;
