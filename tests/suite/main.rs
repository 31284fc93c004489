//! The one integration-test binary: `cargo test --test suite [FILTER]`.
//!
//! Most tests drive the real `letterpress` executable through
//! [`common::Run`] (one command line) and [`common::Project`] (a temporary
//! project with chosen files, in the style of just's `Test`); fixtures live
//! in folders under `tests/data/`, insta snapshots in
//! `tests/suite/snapshots/`. One module per command or
//! topic; `smtp` holds the test mail servers the send and schedule tests
//! share.

mod common;
mod smtp;

mod architecture;
mod check;
mod dedupe;
mod hand_edited_never_panic;
mod hardening;
mod hostile_files;
mod ingest_errors;
mod ingest_seeds;
mod init;
mod parsers_never_panic;
mod plan;
mod plan_edits;
mod preview;
mod quickstart;
mod render;
mod schedule;
mod schedule_trust;
mod schedule_webhook;
mod schema;
mod send;
mod send_faults;
mod send_trust;
mod site;
mod threads;
mod unsubscribe;
