// The docs site (scripts/docs-site.mjs): every Markdown page becomes an HTML page under the
// strict CSP, every link between the built pages lands on a page and a heading that exist,
// and, served as `npm start` serves it (the simulator, the repository's root, dist-docs/ at
// /docs/), a page in headless Chromium has the built widget live on it against the simulator,
// and an example's "Run on this page" puts that example's element on the page.
// Needs dist/ (npm test builds before the Node tests).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';

import { buildDocsSite, docPages, pageFile } from '../../scripts/docs-site.mjs';
import { chromiumArgs, chromiumPath } from '../../scripts/chromium.mjs';
import { DEMO_CSP } from '../../server/rest.mjs';
import { startSimulator } from '../../server/simulator.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const out = mkdtempSync(path.join(tmpdir(), 'genesys-chat-docs-'));
/** @type {Record<string, string>} */
let pages;
/** @type {import('../../server/simulator.mjs').Simulator} */
let sim;

before(async () => {
  const started = Date.now();
  pages = buildDocsSite({ out });
  console.log(`[docs-site] ${Object.keys(pages).length} pages built in ${Date.now() - started} ms`);
  sim = await startSimulator({ port: 0, scriptedAgent: false, static: { root, mounts: { '/docs/': out } } });
});
after(async () => {
  await sim?.close();
  rmSync(out, { recursive: true, force: true });
});

const html = (file) => readFileSync(path.join(out, file), 'utf8');

test('every page of README and docs/ is built, under the demo\'s strict policy, with the live script', () => {
  assert.deepEqual(Object.keys(pages).sort(), docPages(root).sort());
  assert.ok(Object.keys(pages).length >= 20, `${Object.keys(pages).length} pages`);
  assert.equal(pages['docs/README.md'], 'index.html');
  assert.equal(pages['README.md'], 'readme.html');
  for (const file of Object.values(pages)) {
    const page = html(file);
    assert.equal(/<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(page)?.[1], DEMO_CSP, file);
    assert.match(page, /<script src="live\.js" defer><\/script>/, file);
    assert.doesNotMatch(page, /<script(?![^>]*\bsrc=)[^>]*>/, `${file}: no inline script`);
    assert.doesNotMatch(page, /<style\b|\sstyle="|\son[a-z]+="/i, `${file}: no inline style or handler`);
    assert.match(page, /<h1 id="[^"]+">/, `${file}: a title`);
  }
  for (const f of ['live.js', 'docs.css', 'screenshots/conversation-light.png']) assert.ok(existsSync(path.join(out, f)), f);
});

test('the links of the built pages land on a page, a picture and a heading that exist', () => {
  const problems = [];
  let checked = 0;
  for (const file of Object.values(pages)) {
    for (const [, target] of html(file).matchAll(/\b(?:href|src)="([^"]+)"/g)) {
      if (/^(https?:|mailto:)/.test(target)) continue;
      const [p, hash] = target.split('#');
      checked++;
      if (p.startsWith('../')) {
        // A file of the repository, which the static root of `npm start` serves.
        if (!existsSync(path.join(root, p.slice(3)))) problems.push(`${file}: ${target}`);
        continue;
      }
      const resolved = p === '' ? file : p;
      if (!existsSync(path.join(out, resolved))) problems.push(`${file}: ${target} (no such file)`);
      else if (hash && resolved.endsWith('.html') && !html(resolved).includes(` id="${hash}"`)) problems.push(`${file}: ${target} (no such heading)`);
    }
  }
  assert.deepEqual(problems, []);
  assert.ok(checked > 300, `${checked} links`);
  // README's links to docs/ pages became links between the built pages.
  assert.match(html('readme.html'), /href="configuration\.html"/);
  assert.match(html('readme.html'), /src="screenshots\/conversation-light\.png"/);
});

test('runnable examples get a Run button: the attribute example and the CSS example', () => {
  const config = html(pageFile('docs/configuration.md'));
  assert.match(config, /<div class="example" data-example="html"><pre><code class="language-html">&lt;genesys-chat deployment-id=/);
  assert.match(html(pageFile('docs/styling.md')), /<div class="example" data-example="css">/);
  // Code that is not an example of the element is only code.
  assert.doesNotMatch(html(pageFile('docs/testing.md')), /class="example"/);
});

test('npm start\'s server answers /docs/ with the built pages, under the policy, and keeps them inside their folder', async () => {
  const index = await fetch(`${sim.httpUrl}/docs/`);
  assert.equal(index.status, 200);
  assert.equal(index.headers.get('content-security-policy'), DEMO_CSP);
  assert.match(await index.text(), /genesys-chat docs/);
  const bare = await fetch(`${sim.httpUrl}/docs`, { redirect: 'manual' });
  assert.equal(bare.status, 301);
  assert.equal(bare.headers.get('location'), '/docs/');
  const png = await fetch(`${sim.httpUrl}/docs/screenshots/conversation-light.png`);
  assert.equal(png.headers.get('content-type'), 'image/png');
  await png.arrayBuffer();
  // A path that climbs out of the folder (sent raw: fetch would normalise it away).
  const escape = await new Promise((resolve, reject) =>
    get(`${sim.httpUrl}/docs/..%2fpackage.json`, (res) => {
      res.resume();
      resolve(res.statusCode);
    }).on('error', reject),
  );
  assert.equal(escape, 403);
  // The rest of the root is served as before.
  const demo = await fetch(`${sim.httpUrl}/index.html`);
  assert.equal(demo.status, 200);
  await demo.text();
});

test('a docs page has the widget live against the simulator, and "Run on this page" runs the example', async () => {
  assert.ok(existsSync(path.join(root, 'dist/genesys-chat.min.js')), 'dist/ is not built: run npm run build first (npm test does)');
  const browser = await puppeteer.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && errors.push(m.text()));
    page.on('response', (r) => r.status() >= 400 && !r.url().endsWith('/favicon.ico') && errors.push(`${r.status()} ${r.url()}`));
    await page.goto(`${sim.httpUrl}/docs/configuration.html`);
    // The page's own widget: the launcher of the built element, on the demo's deployment.
    await page.waitForFunction(() => document.querySelector('body > genesys-chat')?.shadowRoot?.querySelector('[part="launcher"]'), { timeout: 15_000 });
    assert.match(await page.$eval('#live-status', (s) => s.textContent), /^Live/);
    // Run the attribute example: its element replaces the page's, pointed at the simulator.
    await page.click('.example[data-example="html"] button.run');
    await page.waitForFunction(() => document.querySelector('body > genesys-chat')?.connectionState === 'ready', { timeout: 15_000 });
    const chat = await page.$eval('body > genesys-chat', (el) => ({
      count: document.querySelectorAll('genesys-chat').length,
      deploymentId: el.getAttribute('deployment-id'),
      socketUrl: el.getAttribute('socket-url'),
      lang: el.getAttribute('lang'),
      theme: el.getAttribute('theme'),
      heading: el.getAttribute('heading'),
      open: el.open,
    }));
    assert.deepEqual(chat, { count: 1, deploymentId: 'demo-deployment', socketUrl: sim.wsUrl, lang: 'de', theme: 'dark', heading: 'Talk to us', open: true });
    // A real session on the simulator, from that element.
    const sessions = await sim.sessions();
    assert.ok(sessions.length >= 1, JSON.stringify(sessions));
    // The CSS example is applied to the page's element.
    await page.goto(`${sim.httpUrl}/docs/styling.html`);
    await page.waitForSelector('.example[data-example="css"] button.run:not([hidden])', { timeout: 15_000 });
    await page.click('.example[data-example="css"] button.run');
    const accent = await page.$eval('body > genesys-chat', (el) => getComputedStyle(el).getPropertyValue('--genesys-chat-accent').trim());
    assert.equal(accent, '#2e7d32');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
