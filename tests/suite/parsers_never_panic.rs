//! Property tests: no input makes a parser panic, whatever its bytes.

use std::path::Path;

use letterpress::ingest::{ingest_bytes, Options};
use proptest::prelude::*;

/// Pieces of the real formats, so random inputs get deep into the parsers.
const PIECES: &[&str] = &[
    "1625536625030885377 2023-02-14 16:45:07 +0000 <alexxubyte> ",
    "/1 ",
    "2/",
    "3/3 ",
    "  9 of 10",
    "{2/2}",
    "@someone ",
    "&amp;",
    "&#x1F600;",
    "👉 Over to you: ",
    "I hope you've found this thread helpful.",
    "Subscribe here: ",
    "https://t.co/abc",
    "---\n",
    "title: \"x\"\n",
    "published: 2023-04-19\n",
    "## ",
    "- ",
    "This week’s system design refresher:\n",
    "SPONSOR US\n",
    "Latest articles\n",
    "https://youtu.be/abc?si=x\n",
    "What is REST API.\n",
    "\n",
    "\r\n",
    " ",
    "𝐁𝐨𝐥𝐝",
    "![](http://i/x.png)",
    "[a](",
    "\u{feff}",
    "0000000000000000000 9999-99-99 99:99:99 +9999 <",
];

fn document() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        (0..PIECES.len()).prop_map(|i| PIECES[i].as_bytes().to_vec()),
        proptest::collection::vec(any::<u8>(), 0..8),
        "[a-zA-Z0-9 .?:/]{0,20}".prop_map(|s| s.into_bytes()),
    ];
    proptest::collection::vec(piece, 0..60).prop_map(|parts| parts.concat())
}

/// Where the fuzzed input claims to live; every error must name it.
const INPUT: &str = "fuzz/input.txt";

/// What must hold for any outcome of a parse: a file read is a list of
/// uniquely named items with sane line ranges and located warnings; a file
/// refused is refused with an error that names it.
fn check_outcome(
    bytes: &[u8],
    outcome: &Result<
        (letterpress::ingest::Format, letterpress::ingest::Parsed),
        letterpress::ingest::IngestError,
    >,
) -> Result<(), TestCaseError> {
    match outcome {
        Ok((_, parsed)) => {
            let lines = bytes.split(|&b| b == b'\n').count() as u32;
            let mut ids = std::collections::HashSet::new();
            for item in &parsed.items {
                prop_assert!(!item.id.is_empty(), "an item without an id");
                prop_assert!(ids.insert(item.id.as_str()), "id {} given twice", item.id);
                prop_assert!(
                    item.lines[0] >= 1 && item.lines[0] <= item.lines[1],
                    "{:?}",
                    item.lines
                );
                prop_assert!(item.lines[1] <= lines + 1, "{:?} of {}", item.lines, lines);
            }
            for diagnostic in &parsed.diagnostics {
                prop_assert!(diagnostic.to_string().starts_with(INPUT), "{diagnostic}");
            }
        }
        Err(e) => {
            let message = e.to_string();
            prop_assert!(
                message.starts_with(INPUT),
                "error does not name the file: {message}"
            );
            prop_assert!(
                message.len() > INPUT.len() + 2,
                "error says nothing: {message}"
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn no_input_panics(bytes in document(), strict in any::<bool>()) {
        let outcome = ingest_bytes(Path::new(INPUT), &bytes, &Options { strict });
        check_outcome(&bytes, &outcome)?;
        // Blank input is refused as empty, whatever the mode.
        if bytes.iter().all(u8::is_ascii_whitespace) {
            prop_assert!(matches!(outcome, Err(letterpress::ingest::IngestError::Empty(_))));
        }
    }

    #[test]
    fn every_item_has_a_sane_line_range(bytes in document()) {
        let lenient = ingest_bytes(Path::new(INPUT), &bytes, &Options::default());
        check_outcome(&bytes, &lenient)?;
        // --strict only turns warnings into errors: whatever it accepts, the
        // lenient mode reads the same way.
        if let Ok((format, parsed)) = ingest_bytes(Path::new(INPUT), &bytes, &Options { strict: true }) {
            let Ok((lenient_format, lenient_parsed)) = &lenient else {
                return Err(TestCaseError::fail("strict accepted what lenient refused"));
            };
            prop_assert_eq!(format, *lenient_format);
            prop_assert_eq!(parsed.items.len(), lenient_parsed.items.len());
        }
    }
}

/// Pieces of schedule plans, for the plan parser and the time reader.
const PLAN_PIECES: &[&str] = &[
    "defaults:\n",
    "  time_zone: America/New_York\n",
    "  time_zone: Mars/Base\n",
    "  send_time: \"25:99\"\n",
    "  test_lead: 99999999999999999999d\n",
    "  grace: 1h30m\n",
    "entries:\n",
    "  - issue: next\n",
    "  - issue: 2023-W16\n",
    "    send_at: ",
    "2027-03-14 02:30",
    "2027-10-31T02:30 Europe/Berlin",
    "T",
    "é",
    "    channels:\n",
    "      email: default\n",
    "      test: [a@b]\n",
    "      threads: [x, myspace]\n",
    "\n",
    " ",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn no_plan_panics(parts in proptest::collection::vec(0..PLAN_PIECES.len(), 0..30)) {
        let text: String = parts.iter().map(|&i| PLAN_PIECES[i]).collect();
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("schedule.yaml");
        std::fs::write(&path, &text).expect("write");
        match letterpress::schedule::load(&path) {
            Ok(schedule) => {
                for entry in &schedule.entries {
                    prop_assert_eq!(entry.send.local.with_timezone(&chrono::Utc), entry.send.utc);
                    prop_assert!(entry.dir.starts_with(&schedule.root), "{:?}", entry.dir);
                }
            }
            Err(e) => {
                let message = e.to_string();
                let named = path.display().to_string();
                prop_assert!(message.starts_with(&named), "error does not name the plan: {message}");
            }
        }
        let zone = chrono_tz::Tz::UTC;
        match letterpress::schedule::time::resolve(&text, zone, chrono::NaiveTime::MIN) {
            Ok(time) => prop_assert_eq!(time.local.with_timezone(&chrono::Utc), time.utc),
            Err(message) => prop_assert!(!message.trim().is_empty(), "an empty error"),
        }
    }
}
