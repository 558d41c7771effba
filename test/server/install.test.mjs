// The packed package, installed as a site would install it: `npm run package-check` leaves the
// tarball in .pack/; this installs it into a fresh temporary project without the network
// (scripts/install-packed.mjs: Lit and @lit/react from npm's cache), then uses it both ways in
// Debian's headless Chromium against the simulator:
//
//   1. script tag: the project's node_modules/genesys-chat/dist/genesys-chat.min.js, loaded by
//      URL, fetches its chunks from beside itself;
//   2. ESM through a bundler: `import 'genesys-chat/define.js'`, bundled by esbuild from the
//      temporary project's node_modules.
//
// Each page renders the launcher, opens the chat, connects over a real WebSocket and sends a
// message that the simulator receives.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import puppeteer from 'puppeteer-core';

import { chromiumArgs, chromiumPath } from '../../scripts/chromium.mjs';
import { installPacked } from '../../scripts/install-packed.mjs';
import { startSimulator } from '../../server/simulator.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const packDir = path.join(root, '.pack');
const project = mkdtempSync(path.join(tmpdir(), 'genesys-chat-install-'));
/** @type {import('../../server/simulator.mjs').Simulator} */
let sim;
/** @type {import('puppeteer-core').Browser} */
let browser;

before(async () => {
  const tarball = existsSync(packDir) ? readdirSync(packDir).find((f) => f.endsWith('.tgz')) : undefined;
  assert.ok(tarball, 'no tarball in .pack/: run `npm run package-check` first (npm test does)');
  const installed = installPacked(path.join(packDir, tarball), project);
  console.log(`installed ${tarball} into a fresh project in ${(installed.ms / 1000).toFixed(1)} s (${installed.how})`);

  // The two pages a site would write.
  writeFileSync(path.join(project, 'entry.js'), "import 'genesys-chat/define.js';\n");
  await build({ entryPoints: [path.join(project, 'entry.js')], bundle: true, format: 'esm', outfile: path.join(project, 'bundle.js'), absWorkingDir: project, logLevel: 'error' });
  sim = await startSimulator({ port: 0, static: { root: project }, deployments: ['install-script-tag', 'install-bundler'] });
  const element = (id) => `<genesys-chat deployment-id="${id}" socket-url="${sim.wsUrl}" storage="none"></genesys-chat>`;
  writeFileSync(path.join(project, 'script-tag.html'), `<!doctype html><title>script tag</title>\n<script src="node_modules/genesys-chat/dist/genesys-chat.min.js" defer></script>\n${element('install-script-tag')}\n`);
  writeFileSync(path.join(project, 'bundler.html'), `<!doctype html><title>bundler</title>\n<script type="module" src="bundle.js"></script>\n${element('install-bundler')}\n`);
  browser = await puppeteer.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
});

after(async () => {
  await browser?.close();
  await sim?.close();
  rmSync(project, { recursive: true, force: true });
});

/** Opens `page`, waits for the launcher, opens the chat and sends `text`; returns what the page saw. */
async function use(file, text) {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && errors.push(m.text()));
  const requests = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  // Every file the page asked for was there (the browser's own favicon request aside).
  page.on('response', (r) => r.status() >= 400 && !r.url().endsWith('/favicon.ico') && errors.push(`${r.status()} ${r.url()}`));
  await page.goto(`${sim.httpUrl}/${file}`);
  const launcher = await page.waitForFunction(() => document.querySelector('genesys-chat')?.shadowRoot?.querySelector('[part="launcher"]'), { timeout: 10_000 });
  await launcher.asElement().click();
  await page.waitForFunction(() => document.querySelector('genesys-chat').connectionState === 'ready', { timeout: 10_000 });
  await page.evaluate((t) => document.querySelector('genesys-chat').send(t), text);
  await page.waitForFunction((t) => document.querySelector('genesys-chat').messages.some((m) => m.text === t && m.status === 'sent'), { timeout: 10_000 }, text);
  await page.close();
  return { errors, requests };
}

test('a script tag to the installed dist/genesys-chat.min.js works: chunks load from beside it', async () => {
  const { errors, requests } = await use('script-tag.html', 'hello from a script tag');
  assert.deepEqual(errors, []);
  assert.ok(requests.some((p) => /^\/node_modules\/genesys-chat\/dist\/chunks\/engine-[\w-]+\.js$/.test(p)), requests.join('\n'));
});

test('an ESM import through a bundler works: genesys-chat/define.js bundled by esbuild', async () => {
  const { errors, requests } = await use('bundler.html', 'hello from a bundle');
  assert.deepEqual(errors, []);
  // One bundle, no request into node_modules.
  assert.ok(!requests.some((p) => p.startsWith('/node_modules/')), requests.join('\n'));
});
