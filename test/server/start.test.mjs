// `npm start` / `npm run dev` (server/start.mjs) and the dev server's live reload
// (server/dev.mjs): a port in use is said plainly, with another to pick, before the build;
// HOST and PORT are honoured and printed; the dev pages get the reload listener and hear a
// rebuild. node --test test/server/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { startSimulator } from '../../server/simulator.mjs';
import { attachLiveReload } from '../../server/dev.mjs';

const start = fileURLToPath(new URL('../../server/start.mjs', import.meta.url));

/** A port held by another server on 127.0.0.1, until `close()`. */
async function holdPort() {
  const server = createServer();
  await new Promise((r) => server.listen(0, '127.0.0.1', () => r(undefined)));
  const address = server.address();
  return { port: typeof address === 'object' && address ? address.port : 0, close: () => new Promise((r) => server.close(r)) };
}

/**
 * Runs server/start.mjs with `env`, collecting its output; `until` (on stdout) resolves early.
 * @param {string[]} args @param {Record<string, string>} env @param {RegExp} [until]
 */
function run(args, env, until) {
  const child = spawn(process.execPath, [start, ...args], { env: { ...process.env, SIM_LOG: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  const seen = new Promise((resolve, reject) => {
    if (!until) return resolve(undefined);
    const timer = setTimeout(() => reject(new Error(`not seen in 10 s: ${until}\n${stdout}\n${stderr}`)), 10_000);
    child.stdout.on('data', () => until.test(stdout) && (clearTimeout(timer), resolve(undefined)));
    child.on('exit', () => (clearTimeout(timer), reject(new Error(`exited before ${until}:\n${stdout}\n${stderr}`))));
  });
  return { child, exited, seen, out: () => ({ stdout, stderr }) };
}

test('a port in use: a plain message with a free port to pick, exit 1, before any build', async () => {
  const held = await holdPort();
  try {
    const began = Date.now();
    const { exited, out } = run([], { PORT: String(held.port), HOST: '127.0.0.1' });
    assert.equal(await exited, 1);
    const { stdout, stderr } = out();
    // Seconds, not the ~20 s build: nothing was built.
    assert.ok(Date.now() - began < 8000, `took ${Date.now() - began} ms`);
    assert.doesNotMatch(stdout, /npm run build|Built in/);
    assert.match(stderr, new RegExp(`Port ${held.port} on 127\\.0\\.0\\.1 is already in use`));
    const pick = /PORT=(\d+) npm start \((\d+) is free\)/.exec(stderr);
    assert.ok(pick, stderr);
    assert.notEqual(Number(pick[1]), held.port);
    // No raw error and stack.
    assert.doesNotMatch(stderr, /EADDRINUSE|\n\s+at /);
  } finally {
    await held.close();
  }
});

test('npm run dev says the same, naming its own command', async () => {
  const held = await holdPort();
  try {
    const { exited, out } = run(['--dev'], { PORT: String(held.port), HOST: '127.0.0.1' });
    assert.equal(await exited, 1);
    assert.match(out().stderr, /already in use[\s\S]*PORT=\d+ npm run dev/);
  } finally {
    await held.close();
  }
});

test('a PORT that is not a number, and a HOST that is not this machine, are said plainly too', async () => {
  const bad = run(['--no-build'], { PORT: 'eighty' });
  assert.equal(await bad.exited, 1);
  assert.match(bad.out().stderr, /PORT=eighty is not a port number/);
  const away = run(['--no-build'], { PORT: '0', HOST: '192.0.2.1' });
  assert.equal(await away.exited, 1);
  assert.match(away.out().stderr, /HOST=192\.0\.2\.1 is not an address of this machine/);
});

test('HOST and PORT are honoured and printed; SIM_DEPLOYMENTS adds deployments; Ctrl+C stops it', async () => {
  const held = await holdPort();
  const port = held.port;
  await held.close();
  const { child, exited, seen, out } = run(['--no-build'], { PORT: String(port), HOST: '127.0.0.1', SIM_DEPLOYMENTS: 'shop-eu, shop-us' }, /Ctrl\+C to stop/);
  try {
    await seen;
    const { stdout } = out();
    assert.match(stdout, new RegExp(`Listening on 127\\.0\\.0\\.1:${port} \\(HOST=127\\.0\\.0\\.1 PORT=${port}`));
    assert.match(stdout, new RegExp(`Demo: +http://localhost:${port}/`));
    assert.match(stdout, /Deployments: +demo-deployment, shop-eu, shop-us; any other id gets config\.json 404/);
    const status = async (id) => (await fetch(`http://127.0.0.1:${port}/webdeployments/v1/deployments/${id}/config.json`)).status;
    assert.equal(await status('shop-us'), 200);
    assert.equal(await status('demo-deployment'), 200);
    assert.equal(await status('typo-deployment'), 404);
  } finally {
    child.kill('SIGINT');
  }
  assert.equal(await exited, 0);
});

test('live reload: pages get the listener before </head> with their own headers kept; a reload reaches the event stream', async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'genesys-chat-dev-'));
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><html><head><title>demo</title></head><body>hi</body></html>');
  const sim = await startSimulator({ port: 0, static: { root } });
  const live = attachLiveReload(sim, { root });
  const controller = new AbortController();
  try {
    const page = await fetch(`${sim.httpUrl}/`);
    const html = await page.text();
    assert.match(html, /<script src="\/__dev\/reload\.js" defer><\/script>\n<\/head>/);
    // index.html keeps the demo's CSP, which allows the listener (a script from 'self').
    assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    assert.match(await (await fetch(`${sim.httpUrl}/__dev/reload.js`)).text(), /EventSource\('\/__dev\/events'\)/);
    // Everything else is the simulator's as before.
    assert.equal((await fetch(`${sim.httpUrl}/webdeployments/v1/deployments/demo-deployment/config.json`)).status, 200);
    assert.equal((await fetch(`${sim.httpUrl}/../etc/passwd.html`)).status, 404);

    const events = await fetch(`${sim.httpUrl}/__dev/events`, { signal: controller.signal });
    assert.equal(events.headers.get('content-type'), 'text/event-stream');
    const reader = events.body.getReader();
    const decoder = new TextDecoder();
    let text = decoder.decode((await reader.read()).value);
    for (let i = 0; i < 50 && live.clients() === 0; i++) await new Promise((r) => setTimeout(r, 10));
    live.reload('the widget was rebuilt');
    while (!text.includes('event: reload')) text += decoder.decode((await reader.read()).value);
    assert.match(text, /event: reload\ndata: the widget was rebuilt\n\n/);
  } finally {
    controller.abort();
    live.close();
    await sim.close();
    rmSync(root, { recursive: true, force: true });
  }
});
