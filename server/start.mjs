#!/usr/bin/env node
// `npm start`: builds the widget, then serves the demo page, the agent console and the
// simulator on one port. `npm run dev` (--dev): the same, then rebuilds on every change to
// src/ (tsc --watch, then rollup's watch mode) and reloads the open demo pages when the
// widget was rebuilt or a file of demo/ or index.html changed (server/dev.mjs).
//
//   PORT (default 8787) and HOST (default 127.0.0.1; 0.0.0.0 to reach it from another
//   machine): checked before the ~20 s build, so a port in use is said at once, with a free
//   one to pick. Both are printed.
//   SIM_DEPLOYMENTS: the deployment ids served besides the demo's (comma-separated), or `any`
//   for every id. Otherwise an unknown id gets config.json 404 and its configure refused, as
//   the real service answers a wrong id; the agent console's settings add a deployment too.
//   SIM_LOG=1: a line per connection/error.
//   --receipts (or SIM_RECEIPTS=1): the simulator pushes Delivered/Read Receipt frames of the
//   customer's own messages to the guest. Unverified: no official Genesys client declares
//   that frame type, so it is off by default (the agent console can switch it too).
//   --no-build: serve dist/ as it is.
// The docs (README.md and docs/*.md) are built into dist-docs/ every time (well under a
// second; scripts/docs-site.mjs) and served at /docs/ with the widget live on each page.

import { spawn } from 'node:child_process';
import { watch as watchFiles } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEMO_DEPLOYMENTS, startSimulator } from './simulator.mjs';
import { DEMO_PAGE_CONFIG } from './demo-content.mjs';

const { values: flags } = parseArgs({
  options: {
    receipts: { type: 'boolean', default: false },
    dev: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
  },
});
const receipts = flags.receipts || /^(1|true|yes|on)$/i.test(process.env.SIM_RECEIPTS ?? '');
const root = fileURLToPath(new URL('..', import.meta.url));
const host = process.env.HOST || '127.0.0.1';
const port = Number(process.env.PORT || 8787);
const command = flags.dev ? 'npm run dev' : 'npm start';

/** Says what is wrong and how to fix it, without a stack, and exits. */
function fail(/** @type {string} */ message) {
  console.error(`\n${message}\n`);
  process.exit(1);
}

if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`PORT=${process.env.PORT} is not a port number (0 to 65535). Example: PORT=8788 ${command}`);

/**
 * Can this process listen on host:port? Resolves with the error code if not (EADDRINUSE,
 * EACCES for a privileged port, EADDRNOTAVAIL for a HOST that is not this machine's).
 * @param {number} p @returns {Promise<string|undefined>}
 */
function tryListen(p) {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', (/** @type {NodeJS.ErrnoException} */ e) => resolve(e.code ?? String(e)));
    probe.listen({ port: p, host, exclusive: true }, () => probe.close(() => resolve(undefined)));
  });
}

/** The message for a port we cannot have, with a free one to pick when there is one nearby. */
async function portProblem(/** @type {string} */ code) {
  if (code === 'EADDRINUSE') {
    let free;
    for (let p = port + 1; p <= Math.min(port + 20, 65535) && free === undefined; p++) if ((await tryListen(p)) === undefined) free = p;
    return (
      `Port ${port} on ${host} is already in use (another ${command} still running?).\n` +
      `Stop what uses it, or pick another port: PORT=${free ?? port + 1} ${command}${free ? ` (${free} is free)` : ''}`
    );
  }
  if (code === 'EACCES') return `Port ${port} needs privileges this process does not have. Pick one above 1023: PORT=8787 ${command}`;
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') return `HOST=${host} is not an address of this machine. Use HOST=127.0.0.1 (this machine only) or HOST=0.0.0.0 (every interface): HOST=127.0.0.1 ${command}`;
  return `Cannot listen on ${host}:${port} (${code}). Pick another: PORT=8788 ${command}`;
}

// Before the build: a port in use is said at once, not after 20 s.
const problem = port === 0 ? undefined : await tryListen(port);
if (problem) fail(await portProblem(problem));

/** Runs `npm run build`, its output shown; exits if it fails. */
async function build() {
  const started = Date.now();
  const code = await new Promise((resolve) => spawn('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' }).on('exit', resolve));
  if (code !== 0) fail(`The build failed (above). Fix it and run ${command} again.`);
  console.log(`Built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
if (!flags['no-build']) await build();
const { buildDocsSite, DEFAULT_OUT: docsOut } = await import('../scripts/docs-site.mjs');
buildDocsSite();

const listed = (process.env.SIM_DEPLOYMENTS ?? '').trim();
const deployments = /^any$/i.test(listed) ? 'any' : listed.split(',').map((id) => id.trim()).filter(Boolean);

let sim;
try {
  sim = await startSimulator({
    port,
    host,
    scriptedAgent: true,
    receipts,
    deployments,
    static: { root, mounts: { '/docs/': docsOut } },
    log: process.env.SIM_LOG ? (line) => console.log(line) : undefined,
  });
} catch (error) {
  // Taken during the build, or a HOST that cannot be listened on.
  const code = /** @type {NodeJS.ErrnoException} */ (error).code;
  if (code) fail(await portProblem(code));
  throw error;
}

// The demo page's deployment renders markdown, so its "markdown" and "code" keywords show it.
sim.setDeploymentConfig(DEMO_DEPLOYMENTS[0], DEMO_PAGE_CONFIG);

const shown = host === '127.0.0.1' || host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
const served = deployments === 'any' ? 'any id (SIM_DEPLOYMENTS=any)' : [...DEMO_DEPLOYMENTS, ...deployments].join(', ');
console.log(`Listening on ${host}:${sim.port} (HOST=${host} PORT=${sim.port}; set them to change it)`);
console.log(`Demo:          http://${shown}:${sim.port}/`);
console.log(`Agent console: http://${shown}:${sim.port}/demo/agent.html`);
console.log(`Docs:          http://${shown}:${sim.port}/docs/ (the widget live on every page)`);
console.log(`WebSocket:     ws://${shown}:${sim.port}/v1?deploymentId=<deployment id>`);
console.log(`Deployments:   ${served}${deployments === 'any' ? '' : '; any other id gets config.json 404 and its session refused (SIM_DEPLOYMENTS=a,b adds ids, =any serves every id)'}`);
console.log(`Server receipts to the guest (unverified): ${receipts ? 'on' : 'off; --receipts or SIM_RECEIPTS=1 turns them on'}`);
console.log('Scripted agent is on; attach the agent console to a session to answer yourself. Ctrl+C to stop.');

/** @type {(() => Promise<void> | void)[]} */
const stops = [];
if (flags.dev) stops.push(...(await startDev(sim)));

let stopping = false;
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.on(signal, async () => {
    if (stopping) process.exit(1);
    stopping = true;
    for (const stop of stops) await stop();
    await sim.close();
    process.exit(0);
  });
}

/**
 * The dev loop: tsc --watch writes dist/*.js from src/; after each of its compilations
 * without errors, rollup bundles them (the same rollup.config.mjs as the build; rollup's own
 * watch mode refuses an input inside its output folder, dist/), and every finished bundle, or
 * a change to the demo's own files, reloads the open pages. Returns what stops it.
 * @param {import('./simulator.mjs').Simulator} sim
 */
async function startDev(sim) {
  const { attachLiveReload } = await import('./dev.mjs');
  const { loadConfigFile } = await import('rollup/loadConfigFile');
  const { rollup } = await import('rollup');
  const live = attachLiveReload(sim, { root });
  const say = (/** @type {string} */ line) => console.log(`[dev] ${line}`);

  process.chdir(root);
  const { options, warnings } = await loadConfigFile(path.join(root, 'rollup.config.mjs'), {});
  warnings.flush();
  /** One bundle at a time; a compilation during one asks for another after it. */
  let bundling = false;
  let again = false;
  async function bundle() {
    if (bundling) return void (again = true);
    bundling = true;
    const began = Date.now();
    try {
      for (const o of options) {
        const b = await rollup(o);
        await Promise.all((o.output ?? []).map((out) => b.write(out)));
        await b.close();
      }
      say(`bundled in ${((Date.now() - began) / 1000).toFixed(1)} s${live.clients() ? `; reloading ${live.clients()} page(s)` : ''}`);
      live.reload('the widget was rebuilt');
    } catch (error) {
      say(`rollup: ${/** @type {Error} */ (error).message}`);
    } finally {
      bundling = false;
      if (again) {
        again = false;
        void bundle();
      }
    }
  }

  const tscBin = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const tsc = spawn(process.execPath, [tscBin, '-p', 'tsconfig.build.json', '--watch', '--preserveWatchOutput'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  tsc.stdout.setEncoding('utf8');
  let first = true;
  tsc.stdout.on('data', (/** @type {string} */ text) => {
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      console.log(`[tsc] ${line.replace(/^\S+ \S+ - /, '')}`);
      const done = /Found (\d+) errors?\. Watching for file changes/.exec(line);
      if (!done) continue;
      // The first compilation only repeats the build that just ran.
      if (first) first = false;
      else if (done[1] === '0') void bundle();
    }
  });

  // The demo's own files need no build: a change reloads at once.
  const fileWatchers = [];
  for (const [dir, only] of /** @type {const} */ ([
    ['demo', undefined],
    ['.', /^(index\.html|README\.md)$/],
    ['docs', /\.md$/],
  ])) {
    fileWatchers.push(
      watchFiles(path.join(root, dir), (_event, name) => {
        if (!name || (only && !only.test(name))) return;
        if (name.endsWith('.md')) buildDocsSite(); // the docs' pages are built from these
        say(`${path.join(dir, name)} changed; reloading ${live.clients()} page(s)`);
        live.reload(`${name} changed`);
      }),
    );
  }
  say('watching src/ (tsc, then rollup), demo/ + index.html and the docs; open pages reload after each change');
  return [() => live.close(), () => void tsc.kill(), () => fileWatchers.forEach((w) => w.close())];
}
