// The official twitter-text library's count, for the differential test in
// tests/suite/threads/official.rs (run by `cargo test`):
//
//   node tests/browser/weighted_length.mjs < texts.json
//
// Reads a JSON array of strings on stdin; prints a JSON array of
// `parseTweet(text).weightedLength` (X's v3 configuration, the default).
import { readFileSync } from 'node:fs';
import twitter from 'twitter-text';

const texts = JSON.parse(readFileSync(0, 'utf8'));
const lengths = texts.map((text) => twitter.parseTweet(text).weightedLength);
process.stdout.write(JSON.stringify(lengths));
