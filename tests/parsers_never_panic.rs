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

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn no_input_panics(bytes in document(), strict in any::<bool>()) {
        let _ = ingest_bytes(Path::new("fuzz/input.txt"), &bytes, &Options { strict });
    }

    #[test]
    fn every_item_has_a_sane_line_range(bytes in document()) {
        if let Ok((_, parsed)) = ingest_bytes(Path::new("fuzz/input.txt"), &bytes, &Options::default()) {
            let lines = bytes.split(|&b| b == b'\n').count() as u32;
            for item in parsed.items {
                prop_assert!(item.lines[0] >= 1 && item.lines[0] <= item.lines[1], "{:?}", item.lines);
                prop_assert!(item.lines[1] <= lines + 1, "{:?} of {}", item.lines, lines);
            }
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
        let _ = letterpress::deliver::schedule::load(&path);
        let zone = chrono_tz::Tz::UTC;
        let _ = letterpress::deliver::schedule::time::resolve(&text, zone, chrono::NaiveTime::MIN);
    }
}
