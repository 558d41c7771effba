#!/usr/bin/env node
// The large chaos run of "Never lose a message" (the small one is part of `npm test`):
//
//   npm run chaos -- --messages 2000 [--seed 1] [--rate 20] [--fault-every 5] [--settle-timeout 180]
//                    [--cpu-throttle 4] [--jitter 50] [--profile hostile] [--tabs 2] [--signed-in]
//
// --rate is frames per second for the simulator's limit and the widget's `rate-limit`;
// --fault-every the mean seconds between scheduled faults (drop, refusal, reload, storm);
// --settle-timeout how long the outbox may make no progress before the run gives up;
// --cpu-throttle N slows the page's CPU N times (Chromium's Emulation.setCPUThrottlingRate over
// the DevTools protocol; 4 is a mid-range phone; default 1, none);
// --jitter N delays every frame the simulator sends by a random 0..N ms, in order (its
// faults.deliveryJitterMs; default 50, 0 for none): slow devices on a slow network;
// --profile hostile adds the real service's unkindness (test/chaos/hostile.ts): untagged errors,
// swallowed echoes, metadata kept only for customMessageId, history failing every way, expired
// configures, final refusals (retried as a person would), a late config.json;
// --tabs 2 types from two same-origin iframe tabs sharing localStorage, BroadcastChannel and
// Web Locks, and kills the leader tab (then loads a new one) among the faults;
// --signed-in signs the customer in first, so that token outages (hostile) matter.
//
// CHAOS_VERBOSE=1 prints every tab's warnings (each line names its tab); CHAOS_VERBOSE=2 also
// the simulator's log (every stored message with its tracingId and session, history reads).
//
// Prints a `FIGURE <profile> seed=… tabs=… messages=… cpu=… lost=… duplicated=… reordered=…
// sending=… …` line with every count and fault, and exits 0 only when lost, duplicated,
// reordered, still sending and what the widget shows are all 0 and the run settled.
//
// Bundles test/chaos/scenario.ts with the widget's sources (esbuild), serves the bundle from
// an in-process simulator, runs the scenario in headless Debian Chromium (CHROME_PATH or
// /usr/bin/chromium; nothing downloads a browser), prints lost / duplicated / reordered
// counts and what the widget showed, and exits non-zero if any count is not zero.

import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import puppeteer from 'puppeteer-core';
import { startSimulator } from '../server/simulator.mjs';
import { chromiumArgs } from './chromium.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '2000' },
    seed: { type: 'string', default: '1' },
    rate: { type: 'string', default: '20' },
    'fault-every': { type: 'string', default: '5' },
    'settle-timeout': { type: 'string', default: '180' },
    'cpu-throttle': { type: 'string', default: '1' },
    jitter: { type: 'string', default: '50' },
    profile: { type: 'string', default: 'default' },
    tabs: { type: 'string', default: '1' },
    'signed-in': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log(
    'usage: npm run chaos -- [--messages 2000] [--seed 1] [--rate 20] [--fault-every 5] [--settle-timeout 180] [--cpu-throttle 1] [--jitter 50]\n' +
      '                        [--profile default|hostile] [--tabs 1|2] [--signed-in]',
  );
  process.exit(0);
}
const int = (/** @type {string} */ name, /** @type {string|undefined} */ v, min = 1) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) {
    console.error(`--${name} must be an integer >= ${min}`);
    process.exit(2);
  }
  return n;
};
const seconds = (/** @type {string} */ name, /** @type {string|undefined} */ v) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) {
    console.error(`--${name} must be a positive number of seconds`);
    process.exit(2);
  }
  return Math.round(n * 1000);
};
const cpuThrottle = Number(values['cpu-throttle']);
if (!Number.isFinite(cpuThrottle) || cpuThrottle < 1) {
  console.error('--cpu-throttle must be a number >= 1 (1 = no throttling, 4 = a mid-range phone)');
  process.exit(2);
}
if (values.profile !== 'default' && values.profile !== 'hostile') {
  console.error('--profile must be default or hostile');
  process.exit(2);
}
const options = {
  profile: values.profile,
  tabs: int('tabs', values.tabs),
  signedIn: values['signed-in'],
  messages: int('messages', values.messages),
  cpuThrottle,
  deliveryJitterMs: int('jitter', values.jitter, 0),
  seed: int('seed', values.seed, 0),
  rate: int('rate', values.rate),
  faultEveryMs: seconds('fault-every', values['fault-every']),
  settleTimeoutMs: seconds('settle-timeout', values['settle-timeout']),
};

const executablePath =
  process.env.CHROME_PATH ||
  ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => existsSync(p));
if (!executablePath) {
  console.error('No Chromium found: install Debian\'s chromium or set CHROME_PATH.');
  process.exit(2);
}

// ------------------------------------------------------------------ bundle

const dir = await mkdtemp(path.join(tmpdir(), 'genesys-chaos-'));
await build({
  stdin: {
    contents: [
      "import './src/define.js';",
      "import { runChaos, describeChaos, figureLine } from './test/chaos/scenario.js';",
      "import { simulatorAt } from './test/helpers/sim-client.js';",
      'Object.assign(window, { chaos: { runChaos, describeChaos, figureLine, simulatorAt } });',
    ].join('\n'),
    resolveDir: root,
    sourcefile: 'chaos-entry.ts',
    loader: 'ts',
  },
  bundle: true,
  format: 'esm',
  target: 'es2022',
  outfile: path.join(dir, 'chaos.js'),
  tsconfig: path.join(root, 'tsconfig.json'),
  // package.json's sideEffects describes dist/, not the sources: keep src/define.ts.
  ignoreAnnotations: true,
  logLevel: 'warning',
  plugins: [
    {
      // sim-client talks to the test runner only in simulator(); simulatorAt() needs none of it.
      name: 'no-test-runner',
      setup(b) {
        b.onResolve({ filter: /^@web\/test-runner-commands$/ }, () => ({ path: 'commands', namespace: 'stub' }));
        b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
          contents: "export function executeServerCommand() { throw new Error('not under the test runner'); }",
          loader: 'js',
        }));
      },
    },
  ],
});
await writeFile(
  path.join(dir, 'index.html'),
  '<!doctype html><meta charset="utf-8"><title>chaos</title><link rel="icon" href="data:,"><body><script type="module" src="/chaos.js"></script></body>\n',
);
// A tab for --tabs: the WebSocket hook first (it tells the scenario which tab leads), then the widget.
await copyFile(path.join(root, 'test/chaos/tab-hook.js'), path.join(dir, 'tab-hook.js'));
await writeFile(
  path.join(dir, 'tab.html'),
  '<!doctype html><meta charset="utf-8"><title>chaos tab</title><link rel="icon" href="data:,"><body><script src="/tab-hook.js"></script><script type="module" src="/chaos.js"></script></body>\n',
);

// ------------------------------------------------------------------ run

const sim = await startSimulator({ port: 0, static: { root: dir }, deployments: 'any' /* an id per run */, ...(process.env.CHAOS_VERBOSE === '2' ? { log: (/** @type {string} */ l) => console.log(l) } : {}) });
const browser = await puppeteer.launch({
  executablePath,
  headless: true,
  // The scenario is one long evaluate(); CDP's default 180 s limit would cut it short.
  protocolTimeout: 0,
  args: chromiumArgs,
});

let exitCode = 1;
try {
  const page = await browser.newPage();
  let warnings = 0;
  let networkErrors = 0;
  page.on('console', (msg) => {
    const text = msg.text();
    if (text.startsWith('chaos')) console.log(text);
    else if (msg.type() === 'warn' && process.env.CHAOS_VERBOSE) { warnings += 1; console.log(`warn ${msg.location()?.url?.includes('tab') ? 'tab' : 'page'}: ${text}`); }
    else if (msg.type() === 'warn') warnings += 1; // reconnect notices, one per fault
    else if (/^(Failed to load resource|WebSocket connection to)/.test(text)) networkErrors += 1; // refusals, 503s
    else if (msg.type() === 'error') console.error(`browser: ${text}`);
  });
  page.on('pageerror', (err) => console.error(`browser: ${err instanceof Error ? err.message : err}`));
  await page.goto(`${sim.httpUrl}/`);
  await page.waitForFunction(() => 'chaos' in window);
  // A slow device: the page's main thread runs cpuThrottle times slower (DevTools protocol).
  const cdp = await page.createCDPSession();
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: options.cpuThrottle });

  console.log(
    `chaos: ${options.profile} profile, ${options.messages} messages, seed ${options.seed}, ${options.tabs} tab(s)${options.signedIn ? ', signed in' : ''}, ` +
      `${options.rate} frames/s, a fault every ~${options.faultEveryMs / 1000} s, ` +
      `cpu throttle ${options.cpuThrottle}x, delivery jitter 0-${options.deliveryJitterMs} ms`,
  );
  const result = await page.evaluate(
    async (opts) => {
      const { runChaos, simulatorAt } = /** @type {any} */ (window).chaos;
      const sim = simulatorAt({ httpUrl: location.origin, apiUrl: location.origin, wsUrl: `ws://${location.host}/v1` });
      return runChaos({ ...opts, sim, tabUrl: '/tab.html', log: (/** @type {string} */ line) => console.log(line) });
    },
    options,
  );
  const line = await page.evaluate((r) => /** @type {any} */ (window).chaos.describeChaos(r), result);
  const figure = await page.evaluate((r) => /** @type {any} */ (window).chaos.figureLine(r), result);

  console.log('');
  console.log(`chaos: ${line}`);
  console.log(figure);
  console.log(`lost:       ${result.lost}`);
  console.log(`duplicated: ${result.duplicated}`);
  console.log(`reordered:  ${result.reordered}`);
  console.log(
    `widget:     missing ${result.shownMissing}, duplicated ${result.shownDuplicated}, ` +
      `not sent ${result.shownNotSent}, misordered ${result.shownMisordered}` +
      `${result.settled ? '' : ' (did not settle)'}; ${warnings} warnings and ${networkErrors} network errors logged`,
  );
  console.log(`sending:    ${result.stillSending} still sending, ${result.stillFailed} still failed at the end`);
  for (const p of result.problems) console.log(`  problem: ${p}`);
  const bad =
    result.lost + result.duplicated + result.reordered + result.unexpected +
    result.shownMissing + result.shownDuplicated + result.shownNotSent + result.shownMisordered + result.stillSending;
  // More than one session is right only after the hostile profile expired one.
  const sessionsOk = result.sessions === 1 || (result.sessions > 1 && result.faults.expiredSessions > 0);
  exitCode = bad === 0 && result.settled && !result.stalled && sessionsOk && !result.signedOut ? 0 : 1;
} catch (err) {
  console.error(err);
} finally {
  await browser.close().catch(() => {});
  await sim.close();
  await rm(dir, { recursive: true, force: true });
}
process.exit(exitCode);
