// The deployments the simulator serves: the demo's by default, those in options.deployments,
// those added through the control API or the agent console; an unknown id gets what the
// real service gives (config.json 404, its configure refused with 403 and no session), and
// `deployments: 'any'` keeps the old callers' every-id behaviour. node --test test/server/
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { DEMO_DEPLOYMENTS, startSimulator } from '../../server/simulator.mjs';
import { GuestClient, agentConsole } from './ws-client.mjs';

/** @type {import('../../server/simulator.mjs').Simulator} */
let sim;
/** @type {{ terminate(): void }[]} */
let sockets = [];
let counter = 0;
const newToken = () => `dep-${process.pid}-${++counter}`;

const configStatus = async (/** @type {string} */ id) => (await fetch(`${sim.httpUrl}/webdeployments/v1/deployments/${encodeURIComponent(id)}/config.json`)).status;

/** Opens a socket for `deploymentId` and sends one configure; resolves with its answer. */
async function configure(deploymentId, action = 'configureSession', extra = {}) {
  const client = await GuestClient.open(sim.wsUrl, { deploymentId });
  sockets.push(client.ws);
  const token = newToken();
  const tracingId = `t-${counter}`;
  client.send({ action, deploymentId, token, tracingId, ...extra });
  const answer = await client.take((f) => f.tracingId === tracingId || f.class === 'SessionResponse' || f.type === 'response');
  return { answer, token, tracingId, client };
}

const control = async (/** @type {string} */ method, /** @type {unknown} */ body) => {
  const res = await fetch(`${sim.httpUrl}/__sim/${method}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body ?? {}) });
  return { status: res.status, body: await res.json() };
};

afterEach(() => {
  for (const s of sockets) s.terminate();
  sockets = [];
});

describe('a simulator that knows its deployments (the default)', () => {
  before(async () => {
    sim = await startSimulator({ ratePerSecond: 0, deployments: ['listed-deployment'] });
  });
  after(async () => {
    await sim.close();
  });
  beforeEach(() => sim.reset());

  test("serves the demo's deployment and those in options.deployments", async () => {
    assert.deepEqual(DEMO_DEPLOYMENTS, ['demo-deployment']);
    for (const id of ['demo-deployment', 'listed-deployment']) {
      assert.equal(await configStatus(id), 200, id);
      const { answer } = await configure(id);
      assert.equal(answer.class, 'SessionResponse', id);
    }
    assert.deepEqual(sim.deployments(), { any: false, ids: ['demo-deployment', 'listed-deployment'], removed: [] });
    const listed = await (await fetch(`${sim.httpUrl}/__sim/deployments`)).json();
    assert.deepEqual(listed.ids, ['demo-deployment', 'listed-deployment']);
  });

  test('an unknown id: config.json answers 404', async () => {
    assert.equal(await configStatus('no-such-deployment'), 404);
    // Still counted: a test can see the widget asked.
    assert.equal(sim.configFetches({ deploymentId: 'no-such-deployment' }).count, 1);
  });

  test("an unknown id: configureSession is refused with a 403 string error tagged with the configure's tracingId, and no session is made", async () => {
    const { answer, token, tracingId, client } = await configure('no-such-deployment');
    assert.equal(answer.type, 'response');
    assert.equal(answer.class, 'string');
    assert.equal(answer.code, 403);
    assert.equal(answer.tracingId, tracingId);
    assert.equal(typeof answer.body, 'string');
    // Not the words the widget reads as "sign in first" (protocol §2.3).
    assert.doesNotMatch(answer.body, /authenticat/i);
    assert.equal(sim.sessions().some((s) => s.token === token), false);
    // Nothing else can be done on it: a message gets "session not found".
    client.send({ action: 'onMessage', token, tracingId: 'm1', message: { type: 'Text', text: 'hello?' } });
    const refused = await client.take((f) => f.tracingId === 'm1' || f.code === 4007);
    assert.equal(refused.code, 4007);
  });

  test("the configure's deploymentId decides, not only the socket's query", async () => {
    const client = await GuestClient.open(sim.wsUrl, { deploymentId: 'demo-deployment' });
    sockets.push(client.ws);
    client.send({ action: 'configureSession', deploymentId: 'no-such-deployment', token: newToken(), tracingId: 'x1' });
    const answer = await client.take((f) => f.tracingId === 'x1');
    assert.equal(answer.code, 403);
  });

  test('an unknown id: configureAuthenticatedSession is refused the same way, before its JWT is even read', async () => {
    const { answer, tracingId } = await configure('no-such-deployment', 'configureAuthenticatedSession', { data: { code: 'not-a-jwt' } });
    assert.equal(answer.class, 'string');
    assert.equal(answer.code, 403);
    assert.equal(answer.tracingId, tracingId);
  });

  test('addDeployment (POST /__sim/addDeployment) serves an id from then on, with an optional config; removeDeployment takes it away', async () => {
    assert.equal(await configStatus('added-later'), 404);
    const added = await control('addDeployment', { deploymentId: 'added-later', config: { messenger: { styles: { primaryColor: '#123456' } } } });
    assert.equal(added.status, 200);
    assert.ok(added.body.ids.includes('added-later'));
    const served = await (await fetch(`${sim.httpUrl}/webdeployments/v1/deployments/added-later/config.json`)).json();
    assert.equal(served.messenger.styles.primaryColor, '#123456');
    assert.equal((await configure('added-later')).answer.class, 'SessionResponse');

    const removed = await control('removeDeployment', { deploymentId: 'added-later' });
    assert.equal(removed.status, 200);
    assert.deepEqual(removed.body.removed, ['added-later']);
    assert.equal(await configStatus('added-later'), 404);
    assert.equal((await configure('added-later')).answer.code, 403);
    // Even the demo's can be taken away, to rehearse a deployment deleted under a live page.
    await control('removeDeployment', { deploymentId: 'demo-deployment' });
    assert.equal(await configStatus('demo-deployment'), 404);

    assert.equal((await control('addDeployment', {})).status, 400);
    assert.equal((await control('removeDeployment', { deploymentId: '' })).status, 400);
  });

  test('setConfig adds the deployment it configures (tests and the screenshots script configure the ids they make up)', async () => {
    await control('setConfig', { deploymentId: 'configured', config: { messenger: { launcherButton: { visibility: 'Off' } } } });
    assert.equal(await configStatus('configured'), 200);
    assert.equal((await configure('configured')).answer.class, 'SessionResponse');
    // Removing the override keeps the deployment (its config.json is the defaults again).
    await control('setConfig', { deploymentId: 'configured', config: null });
    assert.equal(await configStatus('configured'), 200);
  });

  test("the agent console's settings add the deployment they are saved for", async () => {
    const agent = await agentConsole(sim.httpUrl, { consume: true });
    sockets.push(agent.ws);
    await agent.until((m) => m.type === 'hello');
    assert.equal(await configStatus('console-made'), 404);
    agent.send({ type: 'set-config', deploymentId: 'console-made', config: { messenger: { styles: { primaryColor: '#00aa00' } } } });
    await agent.until((m) => m.type === 'config-saved');
    assert.equal(await configStatus('console-made'), 200);
  });

  test('reset() forgets the deployments added and removed at run time', async () => {
    sim.addDeployment({ deploymentId: 'temporary' });
    sim.removeDeployment({ deploymentId: 'listed-deployment' });
    sim.reset();
    assert.deepEqual(sim.deployments(), { any: false, ids: ['demo-deployment', 'listed-deployment'], removed: [] });
  });

  test("setOptions({ deployments }) switches to 'any' or to another list; a bad one is refused and changes nothing", async () => {
    sim.setOptions({ deployments: 'any' });
    assert.equal(await configStatus('made-up'), 200);
    sim.setOptions({ deployments: ['other'] });
    assert.equal(await configStatus('made-up'), 404);
    assert.equal(await configStatus('other'), 200);
    const bad = await control('setOptions', { deployments: [''], ratePerSecond: 7 });
    assert.equal(bad.status, 400);
    assert.deepEqual(sim.options.deployments, ['other']);
    assert.equal(sim.options.ratePerSecond, 0);
  });
});

describe("a simulator with deployments: 'any' (callers that make ids up)", () => {
  before(async () => {
    sim = await startSimulator({ ratePerSecond: 0, deployments: 'any' });
  });
  after(async () => {
    await sim.close();
  });
  beforeEach(() => sim.reset());

  test('serves every id, as before it knew its deployments', async () => {
    assert.equal(await configStatus(`made-up-${Date.now()}`), 200);
    assert.equal((await configure(`made-up-${Date.now()}`)).answer.class, 'SessionResponse');
    assert.equal(sim.deployments().any, true);
  });

  test('but an id removed through the control API is unknown, so one test can rehearse a wrong id', async () => {
    sim.removeDeployment({ deploymentId: 'gone' });
    assert.equal(await configStatus('gone'), 404);
    assert.equal((await configure('gone')).answer.code, 403);
    assert.equal(await configStatus('still-here'), 200);
  });
});

test("startSimulator refuses a deployments option that is neither 'any' nor a list of ids", async () => {
  await assert.rejects(startSimulator({ deployments: /** @type {any} */ ('all') }), /deployments must be/);
});
