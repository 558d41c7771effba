// Static serving: the strict-CSP demo page carries its policy as a response header.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

import { startSimulator } from '../../server/simulator.mjs';
import { DEMO_CSP } from '../../server/rest.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
/** @type {import('../../server/simulator.mjs').Simulator} */
let sim;

before(async () => {
  sim = await startSimulator({ port: 0, static: { root } });
});
after(() => sim.close());

test('the demo page is served with its Content-Security-Policy header, the same as its <meta>', async () => {
  const html = await readFile(new URL('../../index.html', import.meta.url), 'utf8');
  const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
  assert.equal(meta, DEMO_CSP);
  for (const path of ['/index.html', '//index.html', '/./index.html', '/']) {
    const res = await fetch(`${sim.httpUrl}${path}`);
    assert.equal(res.status, 200, path);
    assert.equal(res.headers.get('content-security-policy'), DEMO_CSP, path);
    await res.arrayBuffer();
  }
  const head = await fetch(`${sim.httpUrl}/index.html`, { method: 'HEAD' });
  assert.equal(head.headers.get('content-security-policy'), DEMO_CSP);
});

test('other static files get no policy header', async () => {
  for (const path of ['/demo/demo.js', '/demo/agent.html', '/dist/genesys-chat.min.js']) {
    const res = await fetch(`${sim.httpUrl}${path}`);
    assert.equal(res.status, 200, path);
    assert.equal(res.headers.get('content-security-policy'), null, path);
    await res.arrayBuffer();
  }
});
