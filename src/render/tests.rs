//! Render as a pure function: a resolved issue built in memory, the
//! built-in templates and default settings — no project on disk.

use std::path::Path;

use super::*;
use crate::issue::{Provenance, ResolvedIssue, ResolvedSection};

fn issue() -> ResolvedIssue {
    let plan: IssuePlan = serde_yaml::from_str(
        "number: 3\nweek: 2026-W10\ndates: {from: 2026-03-02, to: 2026-03-08}\n\
         subject: Timeouts\npreheader: Also pools\nlead_theme: reliability\nsections: []\n",
    )
    .expect("a valid plan");
    ResolvedIssue {
        dir: "nowhere/2026-W10".into(),
        plan,
        sections: vec![ResolvedSection {
            title: "Why every request needs a timeout".into(),
            theme: "reliability".into(),
            over_to_you: "Over to you: which call has none?".into(),
            first_posted: None,
            text: "A call without a timeout [waits forever](https://example.com/t).".into(),
            markup: Markup::Markdown,
            more: None,
            images: Vec::new(),
            links: vec!["https://example.com/t".into()],
            provenance: Provenance::Body,
            verdict: None,
        }],
    }
}

#[test]
fn rendering_reads_no_file_and_gives_the_same_bytes_twice() {
    let templates = Templates::load(Path::new("/nonexistent")).expect("built-in templates");
    let settings = Settings::default();
    let renderer = Renderer::new(&templates, &settings);
    let first = renderer.render_sample(&issue()).expect("renders");
    let second = renderer.render_sample(&issue()).expect("renders");
    assert_eq!(first.html, second.html);
    assert_eq!(first.text, second.text);
    assert!(first.html.contains("Why every request needs a timeout"));
    assert!(first.text.contains("https://example.com/t"));
    assert!(first
        .markdown
        .contains("[waits forever](https://example.com/t)"));
}

#[test]
fn a_reader_copy_marks_every_reader_value_once_rendered() {
    let templates = Templates::load(Path::new("/nonexistent")).expect("built-in templates");
    let settings = Settings::default();
    let copy = Renderer::new(&templates, &settings)
        .reader_copy(&issue(), &["city".to_string()])
        .expect("renders");
    let marks: Vec<&str> = copy.slots.iter().map(|(mark, _)| mark.as_str()).collect();
    assert_eq!(marks[0], "lpxslot0q");
    assert_eq!(copy.slots[3].1, Slot::Field("city".into()));
    // The unsubscribe link is in every email; its mark must be there too.
    assert!(copy.rendered.html.contains(&copy.slots[2].0));
}
