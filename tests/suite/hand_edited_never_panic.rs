//! Property tests for the files a writer edits by hand (issue 18): an
//! issue.yaml, letterpress.yaml, a template override and a subscriber list.
//! Whatever their text, reading them ends in a value or in an error that
//! names the file with a line and column; never a panic, never a hang.
//! (schedule.yaml has its own property test in `parsers_never_panic.rs`,
//! which edits a valid plan with [`mutated`] too.)

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use proptest::prelude::*;

/// Far above what any case takes (milliseconds), far below a runaway.
const BOUND: Duration = Duration::from_secs(5);

/// A valid document with up to four hand edits gone wrong: a line dropped,
/// doubled, replaced by a variant from `variants` (a wrong value, a bad
/// key, an anchor...) or broken by a few characters. Starting from a valid
/// file gets the cases past the first parse error, to the checks behind it.
pub fn mutated(
    valid: &'static str,
    variants: &'static [&'static str],
) -> impl Strategy<Value = String> {
    let lines: Vec<&'static str> = valid.split_inclusive('\n').collect();
    let edit = prop_oneof![
        Just(Edit::Drop),
        Just(Edit::Double),
        (0..variants.len()).prop_map(Edit::Variant),
        (0..variants.len()).prop_map(Edit::Variant),
        "[a-z0-9 :\\-\\[\\]{}&*!|>'\"#\t\u{feff}é]{1,4}".prop_map(Edit::Break),
    ];
    let count = lines.len();
    proptest::collection::vec((0..count, edit), 0..5).prop_map(move |edits| {
        let mut text = String::new();
        for (at, line) in lines.iter().enumerate() {
            let Some((_, edit)) = edits.iter().find(|(line, _)| *line == at) else {
                text.push_str(line);
                continue;
            };
            match edit {
                Edit::Drop => {}
                Edit::Double => text.push_str(&line.repeat(2)),
                Edit::Variant(i) => text.push_str(variants[*i]),
                Edit::Break(junk) => {
                    let cut = line.len() / 2;
                    let cut = (0..=cut)
                        .rev()
                        .find(|&i| line.is_char_boundary(i))
                        .unwrap_or(0);
                    text.push_str(&line[..cut]);
                    text.push_str(junk);
                    text.push_str(&line[cut..]);
                }
            }
        }
        text
    })
}

#[derive(Debug, Clone)]
enum Edit {
    Drop,
    Double,
    Variant(usize),
    Break(String),
}

/// `message` names `path` and a 1-based line and column after it, then says
/// something.
fn assert_located(message: &str, path: &Path) -> Result<(), TestCaseError> {
    let named = path.display().to_string();
    let rest = message
        .strip_prefix(named.as_str())
        .ok_or_else(|| TestCaseError::fail(format!("error does not name {named}: {message}")))?;
    let mut parts = rest.splitn(4, ':');
    prop_assert_eq!(parts.next(), Some(""), "{}", message);
    for what in ["line", "column"] {
        let number = parts.next().unwrap_or_default();
        let number: usize = number
            .parse()
            .map_err(|_| TestCaseError::fail(format!("no {what} in: {message}")))?;
        prop_assert!(number >= 1, "{} 0 in: {}", what, message);
    }
    prop_assert!(
        parts.next().is_some_and(|what| what.trim().len() > 3),
        "error says nothing: {}",
        message
    );
    Ok(())
}

const ISSUE: &str = "# A planned issue.
number: 38
week: 2022-W37
dates:
  from: 2022-09-12
  to: 2022-09-18
subject: How do we design a permission system?
preheader: 'Also this week: small causes of large incidents'
lead_theme: architecture-and-design
sections:
- id: '1570077278104875008'
  title: How do we design a permission system?
  theme: architecture-and-design
  source: seeds/004_8b85b243791b0e24.txt
  lines:
  - 779
  - 786
  over_to_you: Which type of permission systems have you used?
  over_to_you_drafted: false
  first_posted: 2022-09-14T15:49:28Z
- id: '1569711854611763202'
  title: Small causes, large incidents
  theme: architecture-and-design
  source: seeds/004_8b85b243791b0e24.txt
  lines: [790, 795]
  body: |
    Most large incidents start **small**.
  over_to_you: What was yours?
  also_posted:
  - id: 'b7'
    source: seeds/002.md
    reason: exact
";

const ISSUE_VARIANTS: &[&str] = &[
    "number: 38\n",
    "number: -1\n",
    "number: 99999999999999999999\n",
    "week: 2022-W37\n",
    "week: 2022-W99\n",
    "dates:\n  from: 2022-09-12\n  to: 2022-09-18\n",
    "dates: {from: 2022-02-30, to: x}\n",
    "subject: How do we design a permission system?\n",
    "subject: \"a\\r\\nBcc: x@example.com\"\n",
    "preheader: 'Also this week'\n",
    "lead_theme: architecture-and-design\n",
    "sections:\n",
    "- id: '1570077278104875008'\n",
    "- id: '1570077278104875008'\n  title: T\n  theme: x\n  source: seeds/a.txt\n  lines: [779, 786]\n  over_to_you: Which?\n",
    "  title: How?\n",
    "  lines:\n  - 790\n  - 1\n",
    "  body: |\n    Hello **there**\n",
    "  first_posted: 2022-09-14T15:49:28Z\n",
    "  also_posted: [{id: b, source: c, reason: nonsense}]\n",
    "- &a {id: x}\n",
    "- *a\n",
    "  ",
    "\n",
    "---\n",
];

const SETTINGS: &str = "content: [seeds]
newsletter:
  name: System Design Refresher
  url: https://newsletter.example.com
  sponsor:
    title: Radar
    text: Protect your platform. [Try Radar](https://workos.com/radar).
    url: https://workos.com/radar
  footer: You subscribed.
send:
  from: \"Refresher <newsletter@example.com>\"
  unsubscribe_url: https://newsletter.example.com/unsubscribe
  connections: 8
  rate: 50
  retry_delays: [1, 5]
plan:
  min_words: 30
  draft_questions: true
check:
  online: false
  timeout: 10
";

const SETTINGS_VARIANTS: &[&str] = &[
    "content: [seeds]\n",
    "content: 7\n",
    "newsletter:\n",
    "  name: System Design Refresher\n",
    "  url: https://newsletter.example.com\n",
    "  url: javascript:alert(1)\n",
    "  sponsor:\n    title: T\n    text: x\n",
    "send:\n",
    "  from: \"Refresher <n@example.com>\"\n",
    "  from: not an address\n",
    "  rate: 1e-20\n",
    "  rate: -3\n",
    "  connections: 2000000\n",
    "  test_lead: 100000000d\n",
    "  grace: 99999999999999d\n",
    "  retry_delays: [1, -1, 1e300]\n",
    "  message_timeout: NaN\n",
    "plan:\n  min_words: 30\n  draft_questions: maybe\n",
    "check:\n  online: true\n  timeout: 0\n",
    "unknown_key: 1\n",
    "  ",
    "\n",
];

const TEMPLATE_VARIANTS: &[&str] = &[
    "{{issue.subject}}",
    "{{#each sections}}",
    "{{/each}}",
    "{{#if preheader}}",
    "{{else}}",
    "{{/if}}",
    "{{> header}}",
    "{{> nowhere}}",
    "{{{body}}}",
    "{{subscriber.fields.city}}",
    "{{",
    "}}",
    "{{#each}}",
    "{{!-- a note --}}",
    "{{lookup this 0}}",
    "<p>",
    "\n",
    "é",
];

/// Templates an override may replace, and their built-in text.
const TEMPLATES: &[(&str, &str)] = &[
    (
        "email.html.hbs",
        include_str!("../../templates/email.html.hbs"),
    ),
    (
        "email.txt.hbs",
        include_str!("../../templates/email.txt.hbs"),
    ),
    (
        "partials/header.hbs",
        include_str!("../../templates/partials/header.hbs"),
    ),
    (
        "partials/section.hbs",
        include_str!("../../templates/partials/section.hbs"),
    ),
];

const LIST: &str = "email,name,status,city
a@example.com,Ann,active,Paris
b@example.com,Bo,,Lyon
\"c@example.com\",\"C, Jr.\",unsubscribed,
d@example.com,Dee,active,Nice
";

const LIST_VARIANTS: &[&str] = &[
    "email,name,status\n",
    "Email;Name;City\n",
    "name\n",
    "a@example.com,Ann,active\n",
    "b@example.com;Bo;Paris\n",
    "\"c@example.com\",\"C, Jr.\",unsubscribed\n",
    "\"unterminated,\n",
    "d@@example.com,,\n",
    "a@example.com,again,\n",
    "\"Line\nbreak\"@example.com,x,\n",
    ",,,,,,\n",
    "\u{feff}",
    "\r\n",
    "\n",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn an_issue_file_is_read_or_refused_with_a_place(text in mutated(ISSUE, ISSUE_VARIANTS)) {
        let dir = tempfile::tempdir().expect("tempdir");
        let folder = dir.path().join("2022-W37");
        std::fs::create_dir(&folder).expect("folder");
        let path = folder.join("issue.yaml");
        std::fs::write(&path, &text).expect("write");
        let started = Instant::now();
        match letterpress::plan::issue_file::read(&path) {
            Ok((plan, _)) => {
                prop_assert_eq!(plan.week.as_str(), "2022-W37", "read a plan of another week");
                let mut ids = std::collections::HashSet::new();
                for section in &plan.sections {
                    prop_assert!(ids.insert(section.id.as_str()), "id {} twice", section.id);
                }
                prop_assert!(!plan.subject.contains(['\r', '\n']), "{:?}", plan.subject);
            }
            Err(e) => assert_located(&e.to_string(), &path)?,
        }
        prop_assert!(started.elapsed() < BOUND);
    }

    #[test]
    fn settings_are_read_or_refused_with_a_place(text in mutated(SETTINGS, SETTINGS_VARIANTS)) {
        let path = Path::new("project/letterpress.yaml");
        let started = Instant::now();
        match letterpress::settings::Settings::parse(path, &text) {
            Ok(settings) => {
                // What the limits let through is what a send can use.
                prop_assert!(settings.send.connections >= 1, "{}", settings.send.connections);
                prop_assert!(settings.send.connections <= 1000, "{}", settings.send.connections);
            }
            Err(e) => assert_located(&e.to_string(), path)?,
        }
        prop_assert!(started.elapsed() < BOUND);
    }

    #[test]
    fn a_template_override_loads_or_is_refused_with_a_place(
        (which, text) in (0..TEMPLATES.len())
            .prop_flat_map(|i| (Just(i), mutated(TEMPLATES[i].1, TEMPLATE_VARIANTS))),
    ) {
        let dir = tempfile::tempdir().expect("tempdir");
        let name = TEMPLATES[which].0;
        let path = dir.path().join("templates").join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, &text).expect("write");
        // Templates::render takes whole templates: a partial is rendered
        // through a one-line email.html.hbs that includes it.
        let wrapper = dir.path().join("templates/email.html.hbs");
        let rendered = match name.strip_prefix("partials/") {
            Some(partial) => {
                let include = format!("{{{{> {}}}}}\n", partial.trim_end_matches(".hbs"));
                std::fs::write(&wrapper, include).expect("write");
                "email.html.hbs"
            }
            None => name,
        };
        let started = Instant::now();
        match letterpress::render::Templates::load(dir.path()) {
            // Strict rendering of an empty view: a text in which every tag
            // was taken as one (none printed as written), or an error at
            // a line and column of the override, of the wrapper or of a
            // built-in template it uses (named `(built-in) templates/…`).
            Ok(templates) => match templates.render(rendered, &serde_json::json!({})) {
                Ok(text) => prop_assert!(!text.contains("{{"), "a tag printed: {}", text),
                Err(e) => {
                    let message = e.to_string();
                    let built_in = message
                        .split(':')
                        .next()
                        .filter(|file| file.starts_with("(built-in) templates/"))
                        .map(PathBuf::from);
                    let file = if message.starts_with(&wrapper.display().to_string()) {
                        wrapper.clone()
                    } else {
                        built_in.unwrap_or(path.clone())
                    };
                    assert_located(&message, &file)?;
                }
            },
            Err(e) => assert_located(&e.to_string(), &path)?,
        }
        prop_assert!(started.elapsed() < BOUND);
    }

    #[test]
    fn a_list_is_read_or_refused_with_a_place(text in mutated(LIST, LIST_VARIANTS)) {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("list.csv");
        std::fs::write(&path, &text).expect("write");
        let started = Instant::now();
        match letterpress::deliver::subscribers::read(&path) {
            // Readers with unique addresses, rows left out with their line
            // and reason; no more rows than lines.
            Ok(list) => {
                prop_assert!(list.header.iter().any(|h| h == "email"), "{:?}", list.header);
                let lines = text.lines().count();
                prop_assert!(list.subscribers.len() + list.skipped.len() < lines.max(1));
                for row in &list.skipped {
                    prop_assert!((2..=lines as u64).contains(&row.line), "line {}", row.line);
                    prop_assert!(!row.reason.trim().is_empty(), "{:?}", row);
                }
                let mut seen = std::collections::HashSet::new();
                for reader in &list.subscribers {
                    prop_assert!(reader.email.contains('@'), "{:?}", reader.email);
                    prop_assert!(seen.insert(reader.email.to_lowercase()), "{} twice", reader.email);
                }
            }
            Err(e) => assert_located(&e.to_string(), &path)?,
        }
        prop_assert!(started.elapsed() < BOUND);
    }
}
