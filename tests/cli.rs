//! End-to-end tests: the real `letterpress` binary on the real seeds.

#[path = "cli_tests/check.rs"]
mod check;
#[path = "cli_tests/common.rs"]
mod common;
#[path = "cli_tests/dedupe.rs"]
mod dedupe;
#[path = "cli_tests/hardening.rs"]
mod hardening;
#[path = "cli_tests/hostile_files.rs"]
mod hostile_files;
#[path = "cli_tests/ingest_errors.rs"]
mod ingest_errors;
#[path = "cli_tests/ingest_seeds.rs"]
mod ingest_seeds;
#[path = "cli_tests/init.rs"]
mod init;
#[path = "cli_tests/plan.rs"]
mod plan;
#[path = "cli_tests/preview.rs"]
mod preview;
#[path = "cli_tests/quickstart.rs"]
mod quickstart;
#[path = "cli_tests/render.rs"]
mod render;
#[path = "cli_tests/schedule.rs"]
mod schedule;
#[path = "cli_tests/schedule_trust.rs"]
mod schedule_trust;
#[path = "cli_tests/schema.rs"]
mod schema;
#[path = "cli_tests/send.rs"]
mod send;
#[path = "cli_tests/send_faults.rs"]
mod send_faults;
#[path = "cli_tests/send_trust.rs"]
mod send_trust;
#[path = "cli_tests/site.rs"]
mod site;
#[path = "cli_tests/smtp.rs"]
mod smtp;
#[path = "cli_tests/threads.rs"]
mod threads;
#[path = "cli_tests/unsubscribe.rs"]
mod unsubscribe;
