#!/usr/bin/env node
// `npm run bench` (not part of `npm test`): the figures of issue 6 §5, as FIGURE lines with
// min/median/max over repeated runs in one headless Chromium (Debian's; nothing downloads a
// browser), each beside its floor where one makes sense:
//
//   first-load bytes      gzip (level 9) of every script the page downloads before the launcher
//                         is painted, loading dist/genesys-chat.min.js by its one script tag
//   launcher painted      script start -> launcher painted, beside a bare Lit element with one
//                         button (bundled and minified the same way), as a ratio, with
//                         config.json answering in CONFIG_DELAY_MS (100 ms, the simulator's
//                         delay): a first visit (nothing kept: it waits for the file) and a
//                         returning one (the copy the previous visit kept in localStorage),
//                         each by the classic tag (with `defer`, as README writes it) and by
//                         the module entry (issue 16); and where a returning visit's time
//                         goes: when the entry was requested and arrived, the element defined
//   session ready         script start -> genesys-chat-ready against the in-process simulator,
//                         show() called as soon as the element is defined
//   keystroke             one `input` event on part="input" until updateComplete and the frame
//                         that shows it, at 0 / 1,000 / 5,000 messages (started at the
//                         beginning of a frame, so no vsync wait counts; see pages.ts inFrame)
//   append                one more agent message until shown (the same way), at 100 / 1,000 / 5,000
//   burst                 1,000 agent messages, each in its own task, until all are shown
//   heap                  usedJSHeapSize at 5,000 messages after a GC (DevTools protocol)
//
// The keystroke, append, burst and heap figures drive the element through its public API
// with test/helpers/fake-transport.ts (no network), beside a ~40-line Lit chat log with one
// shared time formatter (scripts/bench/pages.ts). Goals are printed, never enforced.
//
//   npm run bench [-- --repeats 7] [-- --launcher-only]   (the launcher figures only: ~30 s)
//
// Needs dist/ (`npm run bench` builds first).

import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import puppeteer from 'puppeteer-core';
import { startSimulator } from '../server/simulator.mjs';
import { chromiumArgs, chromiumPath } from './chromium.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: { repeats: { type: 'string', default: '7' }, 'launcher-only': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
});
/** How late config.json answers for the launcher pages (a CDN's answer, not a local file's). */
const CONFIG_DELAY_MS = 100;
const LAUNCHER_DEPLOYMENT = 'bench-launcher';
if (values.help) {
  console.log('usage: npm run bench [-- --repeats 7] [--launcher-only]');
  process.exit(0);
}
const REPEATS = Math.max(1, Number(values.repeats) || 7);
/** Fewer samples where one sample costs seconds. */
const SLOW_REPEATS = Math.max(1, Math.min(REPEATS, 3));

const executablePath = chromiumPath ?? ['/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => existsSync(p));
if (!executablePath) {
  console.error("No Chromium found: install Debian's chromium or set CHROME_PATH.");
  process.exit(2);
}
const loader = path.join(root, 'dist', 'genesys-chat.min.js');
if (!existsSync(loader)) {
  console.error('dist/genesys-chat.min.js is missing: run `npm run build` (npm run bench does).');
  process.exit(2);
}

// ------------------------------------------------------------------ statistics and output

const median = (/** @type {number[]} */ xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
/** @param {number[]} xs @param {(n: number) => string} fmt */
const stats = (xs, fmt) =>
  `min ${fmt(Math.min(...xs))} / median ${fmt(median(xs))} / max ${fmt(Math.max(...xs))} (n=${xs.length})`;
const ms = (/** @type {number} */ n) => (n >= 100 ? `${Math.round(n)} ms` : `${n.toFixed(1)} ms`);
const kb = (/** @type {number} */ n) => `${(n / 1024).toFixed(1)} KB`;
const mb = (/** @type {number} */ n) => `${(n / 1024 / 1024).toFixed(1)} MB`;
/** @param {string} name @param {string} text */
const figure = (name, text) => console.log(`FIGURE bench ${name}: ${text}`);
/** @param {boolean} ok */
const verdict = (ok) => (ok ? 'met' : 'NOT met');

// ------------------------------------------------------------------ pages and bundles

const dir = await mkdtemp(path.join(tmpdir(), 'genesys-bench-'));
await symlink(path.join(root, 'dist'), path.join(dir, 'dist'), 'dir');
const esbuildCommon = /** @type {const} */ ({
  bundle: true,
  target: 'es2022',
  tsconfig: path.join(root, 'tsconfig.json'),
  logLevel: 'warning',
  // The production build of Lit, as in dist/ (no `development` condition).
  conditions: ['production'],
});
// The floor of the first load: a bare Lit element that renders one button, minified.
await build({
  ...esbuildCommon,
  stdin: {
    contents: [
      "import { LitElement, html } from 'lit';",
      "customElements.define('floor-launcher', class extends LitElement {",
      "  render() { return html`<button part=\"launcher\" aria-label=\"Open chat\">Chat</button>`; }",
      '});',
    ].join('\n'),
    resolveDir: root,
    sourcefile: 'floor-launcher.js',
    loader: 'js',
  },
  format: 'iife',
  minify: true,
  outfile: path.join(dir, 'floor-launcher.js'),
});
// The element from src/ with the fake transport, and the floor chat log.
await build({
  ...esbuildCommon,
  entryPoints: [path.join(root, 'scripts', 'bench', 'pages.ts')],
  format: 'esm',
  outfile: path.join(dir, 'pages.js'),
  // package.json's sideEffects describes dist/, not the sources: keep src/define.ts.
  ignoreAnnotations: true,
  plugins: [
    {
      // fake-transport.ts imports nothing from the test runner, but keep the bundle honest.
      name: 'no-test-runner',
      setup(b) {
        b.onResolve({ filter: /^@web\/test-runner-commands$/ }, () => ({ path: 'commands', namespace: 'stub' }));
        b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: 'export function executeServerCommand() {}', loader: 'js' }));
      },
    },
  ],
});

/**
 * Marks script start, loads `src` by one script tag (`type`: ` defer` for the classic tag, as
 * README writes it, or ` type="module"`), and records when `tag`'s launcher has been painted:
 * after updateComplete (if any) and the part exists, the next frame, then a task (so the
 * frame's paint is done). Also when `entry` (the script that defines the element: for the
 * classic tag the module its loader imports) was requested and had arrived, and when the
 * element was defined, from script start, to show where the time goes.
 */
const launcherPage = (
  /** @type {string} */ src,
  /** @type {string} */ tag,
  /** @type {string} */ attrs,
  /** @type {string} */ type,
  /** @type {string} */ entry,
) => `<!doctype html>
<html lang="en"><meta charset="utf-8"><title>bench</title><link rel="icon" href="data:,">
<body>
<${tag} ${attrs}></${tag}>
<script>
  window.benchStart = performance.now();
  window.benchPainted = (async () => {
    await customElements.whenDefined('${tag}');
    const defined = performance.now() - window.benchStart;
    const el = document.querySelector('${tag}');
    // The first frame with the launcher in the DOM (checked frame by frame, not through
    // updateComplete: the widget's also waits for chunks loading in the background, such as
    // the language's catalog), then the task right after that frame is painted.
    await new Promise((r) => {
      const frame = () => (el.shadowRoot && el.shadowRoot.querySelector('[part~="launcher"]') ? setTimeout(r, 0) : requestAnimationFrame(frame));
      requestAnimationFrame(frame);
    });
    const time = performance.now() - window.benchStart;
    const e = performance.getEntriesByType('resource').find((r) => r.name.endsWith('/${entry}'));
    return { time, defined, requested: e ? e.startTime - window.benchStart : NaN, arrived: e ? e.responseEnd - window.benchStart : NaN };
  })();
</script>
<script${type} src="${src}"></script>
</body></html>
`;
// storage="local" (the default): a returning visit finds the config.json its previous visit kept.
const oursAttrs =
  `deployment-id="${LAUNCHER_DEPLOYMENT}" socket-url="ws://127.0.0.1:1/v1" ` +
  `config-url="/webdeployments/v1/deployments/${LAUNCHER_DEPLOYMENT}/config.json"`;
// The classic tag with `defer`, as README's snippet: a deferred script runs once the page is
// parsed wherever it stands, so its place at the end of <body> is README's place too.
const ENTRY = 'genesys-chat.module.js';
await writeFile(path.join(dir, 'ours.html'), launcherPage('/dist/genesys-chat.min.js', 'genesys-chat', oursAttrs, ' defer', ENTRY));
await writeFile(path.join(dir, 'ours-module.html'), launcherPage(`/dist/${ENTRY}`, 'genesys-chat', oursAttrs, ' type="module"', ENTRY));
await writeFile(path.join(dir, 'floor.html'), launcherPage('/floor-launcher.js', 'floor-launcher', '', '', 'floor-launcher.js'));
await writeFile(
  path.join(dir, 'ready.html'),
  `<!doctype html>
<html lang="en"><meta charset="utf-8"><title>bench</title><link rel="icon" href="data:,">
<body>
<genesys-chat id="chat" storage="none" connect="eager"></genesys-chat>
<script>
  const el = document.getElementById('chat');
  const params = new URLSearchParams(location.search);
  el.setAttribute('deployment-id', params.get('deployment'));
  el.setAttribute('socket-url', params.get('ws'));
  window.benchStart = performance.now();
  window.benchReady = new Promise((resolve, reject) => {
    el.addEventListener('genesys-chat-ready', () => resolve(performance.now() - window.benchStart), { once: true });
    setTimeout(() => reject(new Error('no genesys-chat-ready within 20 s')), 20000);
  });
  customElements.whenDefined('genesys-chat').then(() => el.show());
</script>
<script src="/dist/genesys-chat.min.js"></script>
</body></html>
`,
);
await writeFile(
  path.join(dir, 'bench.html'),
  '<!doctype html><html lang="en"><meta charset="utf-8"><title>bench</title><link rel="icon" href="data:,"><body><script type="module" src="/pages.js"></script></body></html>\n',
);

// ------------------------------------------------------------------ run

const sim = await startSimulator({ port: 0, static: { root: dir }, deployments: 'any' /* bench-ready-<n> */ });
sim.setDeploymentConfig(LAUNCHER_DEPLOYMENT, {}, { delayMs: CONFIG_DELAY_MS });
const browser = await puppeteer.launch({
  executablePath,
  headless: true,
  protocolTimeout: 0,
  // Precise performance.memory figures (otherwise bucketed).
  args: [...chromiumArgs, '--enable-precise-memory-info'],
});
const started = Date.now();
let exitCode = 1;

/** A fresh, cache-free context per sample, so every load is a first load. */
async function freshPage() {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setCacheEnabled(false);
  page.on('pageerror', (err) => console.error(`browser: ${err instanceof Error ? err.message : err}`));
  return { context, page };
}

/**
 * `promise`, or what `late()` gives once `ms` have passed first. protocolTimeout is 0 (the
 * long-conversation steps take minutes), so a CDP call that never answers would hang the bench
 * for good: on a busy machine a response's body once never came (res.buffer()).
 * @template T, L
 * @param {number} ms
 * @param {Promise<T>} promise
 * @param {() => L | Promise<L>} late
 * @returns {Promise<T | L>}
 */
async function within(ms, promise, late) {
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  const timeout = new Promise((resolve) => (timer = setTimeout(resolve, ms)));
  try {
    return await Promise.race([promise, timeout.then(late)]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The page's benchPainted, or after 30 s an error that says what the page shows (the element
 * defined? its launcher? which scripts answered?).
 * @param {import('puppeteer-core').Page} page
 * @param {string} file
 * @returns {Promise<{ time: number, defined: number, requested: number, arrived: number }>}
 */
function painted(page, file) {
  return within(30_000, page.evaluate(() => /** @type {any} */ (window).benchPainted), async () => {
    const state = await within(
      5_000,
      page.evaluate(() => {
        const el = document.body.firstElementChild;
        const root = el && el.shadowRoot;
        return JSON.stringify({
          tag: el && el.localName,
          defined: Boolean(el && customElements.get(el.localName)),
          launcher: Boolean(root && root.querySelector('[part~="launcher"]')),
          scripts: performance.getEntriesByType('resource').map((r) => `${r.name.split('/').pop()} ${/** @type {any} */ (r).responseStatus ?? ''}`),
        });
      }),
      () => 'the page does not answer',
    );
    throw new Error(`${file}: no launcher painted within 30 s: ${state}`);
  });
}

/**
 * The gzip size of a script response's body; 0 when Chromium does not give it (as before), or
 * gives it not within 10 s (said on stderr).
 * @param {import('puppeteer-core').HTTPResponse} res
 */
function gzipBytes(res) {
  const body = res.buffer().then((b) => gzipSync(b, { level: 9 }).length, () => 0);
  return within(10_000, body, () => {
    console.error(`bench: the body of ${res.url()} did not come within 10 s: not counted`);
    return 0;
  });
}

/**
 * Loads one launcher page; returns the time to the launcher painted (with when its entry was
 * requested and arrived, and when the element was defined) and the gzip bytes of every
 * script response that arrived before it. `returning`: the context visited the page
 * once before (untimed) and kept its config.json; the HTTP cache stays off, so the scripts
 * download again as on a first visit and only the kept config differs.
 * @param {string} file
 * @param {boolean} [returning]
 */
async function loadLauncher(file, returning = false) {
  const { context, page } = await freshPage();
  try {
    if (returning) {
      await page.goto(`${sim.httpUrl}/${file}`);
      await painted(page, file);
      await page.waitForFunction((key) => localStorage.getItem(key), {}, `genesys-chat:${LAUNCHER_DEPLOYMENT}:config-kept`);
    }
    /** @type {Promise<number>[]} */
    const scripts = [];
    let done = false;
    page.on('response', (res) => {
      if (done || res.request().resourceType() !== 'script') return;
      scripts.push(gzipBytes(res));
    });
    await page.goto(`${sim.httpUrl}/${file}`);
    const timing = await painted(page, file);
    done = true;
    const sizes = await Promise.all(scripts);
    return { ...timing, bytes: sizes.reduce((a, b) => a + b, 0), files: sizes.length };
  } finally {
    await context.close();
  }
}

try {
  console.log(`bench: Chromium ${(await browser.version()).replace(/^\D+/, '')}, ${REPEATS} samples (${SLOW_REPEATS} where a sample is slow)`);

  // ---- first load and launcher painted (ours and the floor interleaved, so load hits both alike)
  /** @typedef {{ time: number, defined: number, requested: number, arrived: number, bytes: number, files: number }} Load */
  /** @type {Record<string, Load[]>} */
  const launch = { classicFirst: [], moduleFirst: [], classicReturning: [], moduleReturning: [] };
  /** @type {Load[]} */
  const floor = [];
  // Warm up the browser process and the server's disk cache.
  await loadLauncher('floor.html');
  await loadLauncher('ours.html');
  await loadLauncher('ours-module.html');
  for (let i = 0; i < REPEATS; i++) {
    launch.classicFirst.push(await loadLauncher('ours.html'));
    floor.push(await loadLauncher('floor.html'));
    launch.moduleFirst.push(await loadLauncher('ours-module.html'));
    launch.classicReturning.push(await loadLauncher('ours.html', true));
    launch.moduleReturning.push(await loadLauncher('ours-module.html', true));
  }
  const ours = launch.classicFirst;
  figure(
    'first-load bytes',
    `${stats(ours.map((r) => r.bytes), kb)} gzip in ${ours[0].files} script(s); ` +
      `floor (bare Lit element, one button) ${kb(median(floor.map((r) => r.bytes)))}; goal at most 12 KB: ${verdict(median(ours.map((r) => r.bytes)) <= 12 * 1024)}`,
  );
  const floorTime = floor.map((r) => r.time);
  figure('launcher painted floor', `bare Lit element, one button, one classic script: script start -> painted ${stats(floorTime, ms)}`);
  const ways = /** @type {const} */ ([
    ['classicFirst', 'first visit, classic tag'],
    ['moduleFirst', 'first visit, module entry'],
    ['classicReturning', 'returning visit, classic tag'],
    ['moduleReturning', 'returning visit, module entry'],
  ]);
  for (const [key, name] of ways) {
    const times = launch[key].map((r) => r.time);
    const ratio = median(times) / median(floorTime);
    // A first visit waits for config.json (so that its colours apply at first paint): its goal is the file's delay.
    const goal = key.endsWith('Returning') ? `goal at most 1.2x: ${verdict(ratio <= 1.2)}` : `waits for config.json (${CONFIG_DELAY_MS} ms)`;
    figure(
      `launcher painted, ${name}`,
      `script start -> painted ${stats(times, ms)} in ${launch[key][0].files} script(s); ratio ${ratio.toFixed(2)}x the floor (medians); ${goal}`,
    );
  }

  // Where the time goes on a returning visit: the classic tag's entry is requested only once
  // its loader runs (after script start), while a page's own script tag is requested as the
  // page is parsed (before it, by the preload scanner): that request is the loader's hop.
  /** @param {Load[]} loads */
  const steps = (loads) =>
    (/** @type {const} */ (['requested', 'arrived', 'defined', 'time']))
      .map((k) => median(loads.map((r) => r[k])).toFixed(1))
      .join(' / ');
  figure(
    'launcher painted, returning visit, where the time goes',
    `from script start, medians in ms, entry requested / arrived / element defined / launcher painted: ` +
      `floor ${steps(floor)}; module entry ${steps(launch.moduleReturning)}; classic tag ${steps(launch.classicReturning)} ` +
      '(its loader requests the entry when it runs)',
  );

  if (values['launcher-only']) {
    exitCode = 0;
    throw undefined;
  }

  // ---- session ready against the simulator
  /** @type {number[]} */
  const ready = [];
  for (let i = 0; i < REPEATS; i++) {
    const { context, page } = await freshPage();
    try {
      const q = new URLSearchParams({ deployment: `bench-ready-${i}`, ws: sim.wsUrl });
      await page.goto(`${sim.httpUrl}/ready.html?${q}`);
      ready.push(await page.evaluate(() => /** @type {any} */ (window).benchReady));
    } finally {
      await context.close();
    }
  }
  figure('session ready', `script start -> genesys-chat-ready (show() once defined) ${stats(ready, ms)}`);

  // ---- long conversations: ours and the floor
  const { context, page } = await freshPage();
  const cdp = await page.createCDPSession();
  await page.goto(`${sim.httpUrl}/bench.html`);
  await page.waitForFunction(() => 'bench' in window);
  const call = (/** @type {string} */ method, /** @type {unknown[]} */ ...args) =>
    page.evaluate((m, a) => /** @type {any} */ (window).bench[m](...a), method, args);
  /** @param {string} kind @param {string} method @param {number} n @param {unknown[]} args */
  const sample = async (kind, method, n, ...args) => {
    /** @type {number[]} */
    const out = [];
    for (let i = 0; i < n; i++) out.push(await call(method, kind, ...args));
    return out;
  };

  /** @type {Record<string, Record<string, number[]>>} */
  const r = { ours: {}, floor: {} };
  /** @type {Record<string, number>} */
  const heap = {};
  for (const kind of ['floor', 'ours']) {
    const k = r[kind];
    const t0 = Date.now();
    await call('mount', kind);
    k.key0 = await sample(kind, 'keystroke', REPEATS);
    await call('fill', kind, 100);
    k.append100 = await sample(kind, 'append', REPEATS);
    await call('fill', kind, 1000);
    k.key1000 = await sample(kind, 'keystroke', REPEATS);
    k.append1000 = await sample(kind, 'append', REPEATS);
    await call('fill', kind, 5000);
    k.key5000 = await sample(kind, 'keystroke', SLOW_REPEATS);
    k.append5000 = await sample(kind, 'append', SLOW_REPEATS);
    await cdp.send('HeapProfiler.collectGarbage');
    heap[kind] = await call('heap');
    heap[`${kind}Count`] = await call('count', kind);
    // The burst: a fresh conversation; at most SLOW_REPEATS runs, fewer once they took 60 s.
    k.burst = [];
    const burstStart = Date.now();
    while (k.burst.length < SLOW_REPEATS && (k.burst.length === 0 || Date.now() - burstStart < 60_000)) {
      await call('mount', kind);
      k.burst.push(await call('burst', kind, 1000));
    }
    console.log(`bench: ${kind} done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }
  await context.close();

  const { ours: o, floor: f } = r;
  for (const [n, key] of /** @type {const} */ ([[0, 'key0'], [1000, 'key1000'], [5000, 'key5000']])) {
    figure(`keystroke at ${n} messages`, `${stats(o[key], ms)}; floor ${stats(f[key], ms)}`);
  }
  const keyRatio = median(o.key5000) / median(o.key0);
  figure('keystroke goal', `at 5,000 within 1.5x of at 0: ${keyRatio.toFixed(2)}x (medians), ${verdict(keyRatio <= 1.5)}`);
  for (const [n, key] of /** @type {const} */ ([[100, 'append100'], [1000, 'append1000'], [5000, 'append5000']])) {
    figure(`one more message at ${n}`, `${stats(o[key], ms)}; floor ${stats(f[key], ms)}`);
  }
  const appendRatio = median(o.append5000) / median(o.append100);
  figure('append goal', `at 5,000 within 2x of at 100: ${appendRatio.toFixed(2)}x (medians), ${verdict(appendRatio <= 2)}`);
  figure(
    'burst of 1,000 agent messages',
    `until all shown ${stats(o.burst, ms)}; floor ${stats(f.burst, ms)}; goal within 2 s: ${verdict(median(o.burst) <= 2000)}`,
  );
  figure(
    'heap at 5,000 messages',
    `${mb(heap.ours)} after GC (${heap.oursCount} messages); floor ${mb(heap.floor)} (${heap.floorCount}); ` +
      'each alone in the page, whose code holds both',
  );
  console.log(`bench: ${((Date.now() - started) / 1000).toFixed(0)} s`);
  exitCode = 0;
} catch (err) {
  if (err !== undefined) console.error(err);
} finally {
  await browser.close().catch(() => {});
  await sim.close();
  await rm(dir, { recursive: true, force: true });
}
process.exit(exitCode);
