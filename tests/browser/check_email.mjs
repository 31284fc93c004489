// Checks one rendered email, run by `cargo test` (tests/cli_tests/render.rs):
//
//   node tests/browser/check_email.mjs EMAIL.html ARTIFACT_DIR
//
// 1. Client support, from caniemail's data (@jsx-email/doiuse-email): no
//    feature that Gmail, Apple Mail, Outlook.com or Yahoo Mail lacks, except
//    the deliberate ones listed in ALLOWED (and in the README).
// 2. Headless Chromium (Debian's, /usr/bin/chromium, or $CHROMIUM) at 375 px
//    and 600 px wide: no horizontal overflow (the document's scrollWidth,
//    and every <pre> and <table> box, within the viewport: wide code and
//    tables wrap or scroll inside the card), every image with a non-empty
//    alt, every link absolute. A full-page screenshot of each width is saved
//    in ARTIFACT_DIR.
// Prints a JSON report; exits 1 when a check fails.
import { readFileSync, mkdirSync } from 'node:fs';
import { resolve, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { doIUseEmail } from '@jsx-email/doiuse-email';
import { chromium } from 'playwright-core';

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
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox'],
});
const widths = {};
try {
  for (const width of [375, 600]) {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    await page.goto(pathToFileURL(resolve(file)).href);
    const found = await page.evaluate(() => ({
      viewport: window.innerWidth,
      scrollWidth: document.documentElement.scrollWidth,
      images: [...document.images].map((img) => ({ src: img.src, alt: img.getAttribute('alt') })),
      links: [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')),
      wide: [...document.querySelectorAll('pre, table')]
        .map((e) => ({ tag: e.tagName.toLowerCase(), right: Math.ceil(e.getBoundingClientRect().right) }))
        .filter((e) => e.right > window.innerWidth),
    }));
    widths[width] = { viewport: found.viewport, scrollWidth: found.scrollWidth,
      images: found.images.length, links: found.links.length };
    if (found.viewport !== width) failures.push(`${width}px: viewport is ${found.viewport}px`);
    if (found.scrollWidth > found.viewport) {
      failures.push(`${width}px: horizontal overflow (${found.scrollWidth}px of content)`);
    }
    for (const box of found.wide) {
      failures.push(`${width}px: a <${box.tag}> reaches ${box.right}px`);
    }
    for (const img of found.images) {
      if (!img.alt || !img.alt.trim()) failures.push(`${width}px: image without alt: ${img.src}`);
    }
    for (const href of found.links) {
      if (!/^(https?:|mailto:)/.test(href)) failures.push(`${width}px: link not absolute: ${href}`);
    }
    await page.screenshot({ path: join(artifacts, `email-${width}.png`), fullPage: true });
    await page.close();
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify({ file, widths, allowed: ALLOWED, failures }, null, 2));
process.exit(failures.length ? 1 : 0);
