// Checks web-archive pages, run by `cargo test` (tests/suite/site.rs):
//
//   node tests/browser/check_page.mjs SITE_URL SITE_DIR ARTIFACT_DIR NAME=PAGE.html...
//
// SITE_URL is the site's public address (newsletter.url): requests under it
// are answered from SITE_DIR, so pages load their style sheet offline.
// Each page in headless Chromium at 375 px (a phone) and 1280 px (a laptop)
// wide, as layout.mjs checks it: no horizontal overflow, images with alt
// text, links that are http(s), mailto, or relative within the site (no
// javascript: or data:). Screenshots go to ARTIFACT_DIR/NAME-WIDTH.png.
// Prints a JSON report; exits 1 when a check fails.
import { mkdirSync } from 'node:fs';
import { checkLayout } from './layout.mjs';

const [url, dir, artifacts, ...pages] = process.argv.slice(2);
if (!url || !dir || !artifacts || pages.length === 0) {
  console.error('usage: node check_page.mjs SITE_URL SITE_DIR ARTIFACT_DIR NAME=PAGE.html...');
  process.exit(2);
}
mkdirSync(artifacts, { recursive: true });
const report = {};
const failures = [];
for (const arg of pages) {
  const [name, file] = arg.split('=');
  const result = await checkLayout({
    file, widths: [375, 1280], artifacts, name, site: { url, dir },
    linkPattern: /^(https?:|mailto:|#|\.{0,2}\/|[a-z0-9-]+\/)/,
  });
  report[name] = result.widths;
  failures.push(...result.failures.map((f) => `${name}: ${f}`));
}
console.log(JSON.stringify({ pages: report, failures }, null, 2));
process.exit(failures.length ? 1 : 0);
