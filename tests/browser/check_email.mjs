// Checks one rendered email, run by `cargo test` (tests/suite/render.rs):
//
//   node tests/browser/check_email.mjs EMAIL.html ARTIFACT_DIR
//
// 1. Client support, from caniemail's data (@jsx-email/doiuse-email): no
//    feature that Gmail, Apple Mail, Outlook.com or Yahoo Mail lacks, except
//    the deliberate ones listed in ALLOWED (and in docs/render.md).
// 2. Headless Chromium at 375 px and 600 px wide (layout.mjs): no horizontal
//    overflow, every image with a non-empty alt, every link absolute. A
//    full-page screenshot of each width is saved in ARTIFACT_DIR.
// Prints a JSON report; exits 1 when a check fails.
import { readFileSync, mkdirSync } from 'node:fs';
import { doIUseEmail } from '@jsx-email/doiuse-email';
import { checkLayout } from './layout.mjs';

const ALLOWED = [
  // Progressive enhancement: the phone layout and dark colours; every style
  // is also inlined, so a client without @media loses nothing essential.
  '`@media`',
  // Every HTML document has a body; Yahoo's apps replace it with a div.
  // Nothing is set on it: backgrounds are on the wrapper table.
  '`<body> element`',
];
const CLIENTS = ['gmail.*', 'apple-mail.*', 'outlook.outlook-com', 'yahoo.*'];

const [file, artifacts] = process.argv.slice(2);
if (!file || !artifacts) {
  console.error('usage: node check_email.mjs EMAIL.html ARTIFACT_DIR');
  process.exit(2);
}
const html = readFileSync(file, 'utf8');
const failures = [];

const support = doIUseEmail(html, { emailClients: CLIENTS });
const unsupported = [...new Set(support.errors ?? [])]
  .filter((e) => !ALLOWED.some((allowed) => e.startsWith(allowed)));
failures.push(...unsupported.map((e) => `client support: ${e}`));

mkdirSync(artifacts, { recursive: true });
const layout = await checkLayout({
  file, widths: [375, 600], artifacts, name: 'email', linkPattern: /^(https?:|mailto:)/,
});
failures.push(...layout.failures);
const widths = layout.widths;
console.log(JSON.stringify({ file, widths, allowed: ALLOWED, failures }, null, 2));
process.exit(failures.length ? 1 : 0);
