//! `schedule run` regression tests (issue 14, item 8): nothing goes out
//! unless everything due can, a finished send stays finished, a send left
//! deferred is resumed, a missed entry is warned about once, a refused test
//! address is not mailed on every run.

use crate::schedule::{schedule, scheduled};
use crate::smtp::Sink;

const ONE_ENTRY: &str = "defaults:
  time_zone: UTC
  list: readers.csv
  grace: 1h
entries:
  - issue: 2023-W16
    send_at: 2027-01-05 09:00
";

#[test]
fn a_missing_secret_stops_the_run_before_test_copies_or_drafts_go_out() {
    let plan = "defaults:
  time_zone: UTC
  list: readers.csv
  test: [editor@example.org]
  test_lead: 1h
  threads: [x]
entries:
  - issue: 2023-W16
    send_at: 2027-01-05 09:00
";
    let project = scheduled(3, plan, "");
    let sink = Sink::start(project.path());
    let run = project
        .letterpress([
            "schedule",
            "run",
            "--now",
            "2027-01-05T09:00:00Z",
            "--smtp",
            &sink.url(),
        ])
        .env("LETTERPRESS_UNSUBSCRIBE_SECRET", "")
        .run();
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        format!(
            "error: nothing was sent, because:\n2023-W16 email: {}fix these and run again\n",
            crate::unsubscribe::EMPTY_SECRET
        )
    );
    assert!(sink.messages().is_empty(), "no test copy went out");
    assert!(!project
        .join("issues/2023-W16/threads/scheduled-x.json")
        .exists());
}

#[test]
fn a_finished_send_is_not_mailed_to_readers_who_join_later() {
    let project = scheduled(3, ONE_ENTRY, "");
    let sink = Sink::start(project.path());
    let url = sink.url();
    let first = schedule(
        &project,
        &["run", "--now", "2027-01-05T09:00:00Z", "--smtp", &url],
    );
    assert_eq!(first.code, 0, "{}", first.stderr);
    assert_eq!(sink.messages().len(), 3);
    let list = project.join("readers.csv");
    let mut rows = std::fs::read_to_string(&list).expect("list");
    rows.push_str("newcomer@example.com,Newcomer\n");
    project.write(&list, rows);
    let later = schedule(
        &project,
        &["run", "--now", "2027-01-05T09:30:00Z", "--smtp", &url],
    );
    assert_eq!(later.code, 0, "{}", later.stderr);
    assert_eq!(
        sink.messages().len(),
        3,
        "the newcomer does not get a past issue"
    );
}

#[test]
fn a_send_left_all_deferred_is_resumed_not_missed() {
    let project = scheduled(0, ONE_ENTRY, "send:\n  retry_delays: [0.05]\n");
    project.write("readers.csv", "email\nnever0@example.com\n");
    {
        let picky = Sink::picky(project.path());
        let url = picky.url();
        let first = schedule(
            &project,
            &["run", "--now", "2027-01-05T09:00:00Z", "--smtp", &url],
        );
        assert_ne!(
            first.code, 0,
            "a deferred reader is a failure: {}",
            first.stdout
        );
    }
    let std_list = "email\nnever0@example.com\n";
    assert_eq!(
        std::fs::read_to_string(project.join("readers.csv")).expect("l"),
        std_list
    );
    // Hours later, past the grace period: the started send is finished.
    let healthy = Sink::start(&project.join("healthy"));
    let url = healthy.url();
    let later = schedule(
        &project,
        &["run", "--now", "2027-01-05T15:00:00Z", "--smtp", &url],
    );
    assert_eq!(later.code, 0, "{}\n{}", later.stdout, later.stderr);
    assert!(!later.stderr.contains("missed"), "{}", later.stderr);
    assert_eq!(healthy.messages().len(), 1);
}

#[test]
fn a_missed_entry_is_warned_about_once() {
    let project = scheduled(2, ONE_ENTRY, "");
    let sink = Sink::start(project.path());
    let url = sink.url();
    let first = schedule(
        &project,
        &["run", "--now", "2027-01-05T14:00:00Z", "--smtp", &url],
    );
    assert_eq!(
        first.stderr,
        "warning: 2023-W16 email: missed — due 5 h ago, more than the grace period (60 min); not \
         sent. Send it by hand or move its send_at\n"
    );
    let second = schedule(
        &project,
        &["run", "--now", "2027-01-05T14:05:00Z", "--smtp", &url],
    );
    assert!(!second.stderr.contains("missed"), "{}", second.stderr);
    assert!(sink.messages().is_empty());
}

#[test]
fn a_test_address_refused_for_good_is_not_mailed_on_every_run() {
    let plan = "defaults:
  time_zone: UTC
  test: [bounce0@example.com, editor@example.com]
  test_lead: 1h
entries:
  - issue: 2023-W16
    send_at: 2027-01-05 09:00
";
    let project = scheduled(0, plan, "");
    let picky = Sink::picky(project.path());
    let url = picky.url();
    for now in [
        "2027-01-05T08:00:00Z",
        "2027-01-05T08:10:00Z",
        "2027-01-05T08:20:00Z",
    ] {
        schedule(&project, &["run", "--now", now, "--smtp", &url]);
    }
    let attempts = std::fs::read_to_string(project.join("attempts.log")).expect("log");
    let tries = |who: &str| attempts.lines().filter(|l| l.starts_with(who)).count();
    assert_eq!((tries("bounce0@"), tries("editor@")), (1, 1), "{attempts}");
}

#[test]
fn an_issue_the_check_finds_errors_in_is_not_sent_by_the_schedule() {
    let project = scheduled(3, ONE_ENTRY, "");
    let html = project.join("issues/2023-W16/email.html");
    let text = std::fs::read_to_string(&html).expect("html");
    std::fs::write(&html, text.replacen(" alt=\"", " data-alt=\"", 1)).expect("write");
    let sink = Sink::start(project.path());
    let run = schedule(
        &project,
        &[
            "run",
            "--now",
            "2027-01-05T09:00:00Z",
            "--smtp",
            &sink.url(),
        ],
    );
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "error: nothing was sent, because:\n\
         2023-W16 email: check: ./issues/2023-W16/email.html: an image without alt text: \
         https://substackcdn.com/image/fetch/w_1456,c_limit,f_auto,q_auto:good,fl_lossy/\
         https%3A%2F%2Fsubstack-post-media.s3.amazonaws.com%2Fpublic%2Fimages%2F\
         b9397d70-0232-4a8b-8b3e-edd4c15eb9bb_800x939.gif\n\
         fix these and run again\n"
    );
    assert!(sink.messages().is_empty());
}
