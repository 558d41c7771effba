// Static serving: the strict-CSP demo page carries its policy as a response header.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

import { startSimulator } from '../../server/simulator.mjs';
import { AGENT_CSP, DEMO_CSP } from '../../server/rest.mjs';

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

test('the agent console is served with its own strict policy, its script and styles as files', async () => {
  const res = await fetch(`${sim.httpUrl}/demo/agent.html`);
  assert.equal(res.headers.get('content-security-policy'), AGENT_CSP);
  const html = await res.text();
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script');
  assert.doesNotMatch(html, /<style\b|\sstyle=|\son[a-z]+=/i, 'no inline styles or event handlers');
  for (const file of ['/demo/agent.js', '/demo/agent.css', '/demo/agent-avatar.svg']) {
    const asset = await fetch(`${sim.httpUrl}${file}`);
    assert.equal(asset.status, 200, file);
    await asset.arrayBuffer();
  }
  // Without a static root the console and its files are still served, with the same policy.
  const bare = await startSimulator({ port: 0 });
  try {
    const page = await fetch(`${bare.httpUrl}/demo/agent.html`);
    assert.equal(page.headers.get('content-security-policy'), AGENT_CSP);
    await page.arrayBuffer();
    for (const file of ['/demo/agent.js', '/demo/agent.css', '/demo/agent-avatar.svg']) {
      const asset = await fetch(`${bare.httpUrl}${file}`);
      assert.equal(asset.status, 200, file);
      await asset.arrayBuffer();
    }
    const svg = await fetch(`${bare.httpUrl}/demo/agent-avatar.svg`);
    assert.equal(svg.headers.get('content-type'), 'image/svg+xml');
    await svg.arrayBuffer();
  } finally {
    await bare.close();
  }
});

test('other static files get no policy header', async () => {
  for (const path of ['/demo/demo.js', '/dist/genesys-chat.min.js']) {
    const res = await fetch(`${sim.httpUrl}${path}`);
    assert.equal(res.status, 200, path);
    assert.equal(res.headers.get('content-security-policy'), null, path);
    await res.arrayBuffer();
  }
});
