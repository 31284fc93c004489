// The layout checks shared by the email and the web-archive checks: a page
// opened in headless Chromium (Debian's, /usr/bin/chromium, or $CHROMIUM) at
// each width has no horizontal overflow (the document's scrollWidth, and
// every <pre> and <table> box, within the viewport: wide code and tables wrap
// or scroll inside their box), every image has a non-empty alt, and every
// link matches `linkPattern`. A full-page screenshot per width is saved as
// ARTIFACTS/<name>-<width>.png for a person to look at.
//
// With `site: { url, dir }`, requests under the site's public address are
// answered from the generated files (so the fingerprinted style sheet and
// the site's own pages load as a visitor would see them); every other
// request outside file:// is refused, so a check never waits on the network.
import { readFileSync, existsSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

/** Checks `file` at `widths`; returns { widths, failures }. */
export async function checkLayout({ file, widths, artifacts, name, linkPattern, site }) {
  const failures = [];
  const seen = {};
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox'],
  });
  try {
    for (const width of widths) {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await page.route(/^(https?|data):/, (route) => serve(route, site));
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
      seen[width] = { viewport: found.viewport, scrollWidth: found.scrollWidth,
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
        if (!linkPattern.test(href)) failures.push(`${width}px: link not allowed: ${href}`);
      }
      await page.screenshot({ path: join(artifacts, `${name}-${width}.png`), fullPage: true });
      await page.close();
    }
  } finally {
    await browser.close();
  }
  return { widths: seen, failures };
}

const TYPES = { '.html': 'text/html', '.css': 'text/css', '.xml': 'application/xml' };

/** Answers a request under the site's address from its files; refuses others. */
function serve(route, site) {
  const url = route.request().url();
  if (!site || !url.startsWith(site.url)) return route.abort();
  let path = join(site.dir, decodeURIComponent(new URL(url).pathname.slice(new URL(site.url).pathname.length)));
  if (existsSync(path) && statSync(path).isDirectory()) path = join(path, 'index.html');
  if (!existsSync(path)) return route.fulfill({ status: 404, body: 'not found' });
  return route.fulfill({ status: 200, contentType: TYPES[extname(path)] || 'application/octet-stream', body: readFileSync(path) });
}
