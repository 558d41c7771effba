// Per-deployment configuration: what config.json serves (and bad answers for tests), how the
// simulator honours it (conversationDisconnect, markdown), agent presence, and the agent
// console's settings. node --test test/server/
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';

import { AGENT_AVATAR_PATH, startSimulator } from '../../server/simulator.mjs';
import { CONSOLE_SETTINGS, validateConsoleSettings } from '../../server/config.mjs';
import { composeReply } from '../../server/scripted-agent.mjs';
import { GuestClient, agentConsole as openConsole } from './ws-client.mjs';

/** @type {import('../../server/simulator.mjs').Simulator} */
let sim;
/** @type {GuestClient[]} */
let clients = [];
/** @type {WebSocket[]} */
let consoles = [];
let tokenCounter = 0;
const newToken = () => `cfg-${process.pid}-${++tokenCounter}`;

const configUrl = (/** @type {string} */ id) => `${sim.httpUrl}/webdeployments/v1/deployments/${encodeURIComponent(id)}/config.json`;
const getConfig = async (/** @type {string} */ id) => (await fetch(configUrl(id))).json();
const snapshot = (/** @type {string} */ token) => sim.sessions().find((s) => s.token === token);
const isPresence = (/** @type {string} */ type) => (/** @type {any} */ f) => f.body?.events?.[0]?.presence?.type === type;

/**
 * A configured guest on a deployment.
 * @param {string} [deploymentId] @param {string} [token] @param {Record<string, string>} [headers]
 */
async function guest(deploymentId = 'dep-a', token = newToken(), headers = undefined) {
  const client = await GuestClient.open(sim.wsUrl, { deploymentId, headers });
  clients.push(client);
  const response = await client.configure(token, { deploymentId });
  assert.equal(response.class, 'SessionResponse');
  return { client, token, response };
}

/** An agent console connection that records what the server sends (closed after each test). */
async function agentConsole() {
  const c = await openConsole(sim.httpUrl, { consume: true });
  consoles.push(c.ws);
  return c;
}

before(async () => {
  sim = await startSimulator({ ratePerSecond: 0, agentDelays: { typing: 5, reply: 10, disconnect: 10 }, deployments: 'any' });
});

after(async () => {
  await sim.close();
});

beforeEach(() => {
  for (const c of clients) c.ws.terminate();
  for (const c of consoles) c.terminate();
  clients = [];
  consoles = [];
  sim.reset();
});

describe('config.json per deployment', () => {
  test('each deployment id gets its own override over defaults + options.config; null removes it', async () => {
    sim.setOptions({ config: { messenger: { styles: { primaryColor: '#111111' } } } });
    sim.setDeploymentConfig('dep-a', { messenger: { apps: { conversations: { conversationDisconnect: { type: 'Send' } } } } });
    sim.setDeploymentConfig('dep-b', { languages: ['fr-fr', 'en-us'], defaultLanguage: 'fr-fr', messenger: { styles: { primaryColor: '#00aa00' } } });

    const a = await getConfig('dep-a');
    const b = await getConfig('dep-b');
    const c = await getConfig('dep-c');
    assert.equal(a.id, 'dep-a');
    assert.deepEqual(a.messenger.apps.conversations.conversationDisconnect, { enabled: true, type: 'Send' });
    assert.equal(a.messenger.styles.primaryColor, '#111111', 'options.config stays underneath');
    assert.deepEqual(a.languages, ['en-us']);
    assert.deepEqual(b.languages, ['fr-fr', 'en-us']);
    assert.equal(b.defaultLanguage, 'fr-fr');
    assert.equal(b.messenger.styles.primaryColor, '#00aa00');
    assert.deepEqual(b.messenger.apps.conversations.conversationDisconnect, { enabled: true, type: 'ReadOnly' }, 'isolated from dep-a');
    assert.equal(c.messenger.styles.primaryColor, '#111111');
    assert.deepEqual(c.languages, ['en-us']);

    // A new patch replaces the deployment's earlier one; null removes it.
    sim.setDeploymentConfig('dep-b', { status: 'Inactive' });
    const b2 = await getConfig('dep-b');
    assert.equal(b2.status, 'Inactive');
    assert.deepEqual(b2.languages, ['en-us']);
    sim.setDeploymentConfig('dep-b', null);
    assert.equal((await getConfig('dep-b')).status, 'Active');
  });

  test('raw mode answers exactly that body, status and content type', async () => {
    sim.setDeploymentConfig('bad-json', { raw: '{"id": "bad-json", "messenger": {' });
    const broken = await fetch(configUrl('bad-json'));
    assert.equal(broken.status, 200);
    assert.match(broken.headers.get('content-type') ?? '', /application\/json/);
    assert.equal(await broken.text(), '{"id": "bad-json", "messenger": {');

    sim.setDeploymentConfig('down', { raw: '{"message":"boom"}', status: 500 });
    const down = await fetch(configUrl('down'));
    assert.equal(down.status, 500);
    assert.equal(await down.text(), '{"message":"boom"}');

    sim.setDeploymentConfig('gone', { raw: 'Not Found', status: 404, contentType: 'text/plain' });
    const gone = await fetch(configUrl('gone'));
    assert.equal(gone.status, 404);
    assert.equal(gone.headers.get('content-type'), 'text/plain');
    assert.equal(await gone.text(), 'Not Found');

    const hostile = '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"messenger":{"__proto__":{"enabled":false}}}';
    sim.setDeploymentConfig('hostile', { raw: hostile });
    assert.equal(await (await fetch(configUrl('hostile'))).text(), hostile);
    assert.equal(/** @type {any} */ ({}).polluted, undefined);

    // The server itself behaves as with no override (raw only changes the HTTP answer).
    assert.equal(sim.configFor('hostile').messenger.enabled, true);
  });

  test('delayMs holds the answer back, with a raw body or with a patch', async () => {
    sim.setDeploymentConfig('slow-raw', { raw: '{}', delayMs: 150 });
    let t0 = Date.now();
    assert.equal(await (await fetch(configUrl('slow-raw'))).text(), '{}');
    assert.ok(Date.now() - t0 >= 140, `answered after ${Date.now() - t0} ms`);

    sim.setDeploymentConfig('slow', { messenger: { styles: { primaryColor: '#123456' } } }, { delayMs: 150 });
    t0 = Date.now();
    const slow = await getConfig('slow');
    assert.ok(Date.now() - t0 >= 140, `answered after ${Date.now() - t0} ms`);
    assert.equal(slow.messenger.styles.primaryColor, '#123456');

    t0 = Date.now();
    await getConfig('fast');
    assert.ok(Date.now() - t0 < 140, 'other deployments are not delayed');
  });

  test('Cache-Control: no-store and CORS on every answer', async () => {
    sim.setDeploymentConfig('raw-500', { raw: 'oops', status: 500 });
    for (const id of ['plain', 'raw-500']) {
      const res = await fetch(configUrl(id), { headers: { Origin: 'https://shop.example' } });
      assert.equal(res.headers.get('cache-control'), 'no-store', id);
      assert.equal(res.headers.get('access-control-allow-origin'), 'https://shop.example', id);
      await res.arrayBuffer();
    }
    const anon = await fetch(configUrl('plain'));
    assert.equal(anon.headers.get('access-control-allow-origin'), '*');
    await anon.arrayBuffer();
    const pre = await fetch(configUrl('plain'), {
      method: 'OPTIONS',
      headers: { Origin: 'https://shop.example', 'Access-Control-Request-Method': 'GET' },
    });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get('access-control-allow-origin'), 'https://shop.example');
  });

  test('fetches are counted per deployment id (control method and GET /__sim/configFetches); reset clears them', async () => {
    await getConfig('count-a');
    await getConfig('count-a');
    await getConfig('count-b');
    assert.deepEqual(sim.configFetches({ deploymentId: 'count-a' }), { count: 2, counts: { 'count-a': 2, 'count-b': 1 } });
    assert.equal(sim.configFetches({ deploymentId: 'never' }).count, 0);
    assert.equal(sim.configFetches().count, 3);
    const viaGet = await (await fetch(`${sim.httpUrl}/__sim/configFetches?deploymentId=count-b`)).json();
    assert.equal(viaGet.count, 1);
    const viaPost = await (
      await fetch(`${sim.httpUrl}/__sim/configFetches`, { method: 'POST', body: JSON.stringify({ deploymentId: 'count-a' }) })
    ).json();
    assert.equal(viaPost.count, 2);

    sim.setDeploymentConfig('count-a', { status: 'Inactive' });
    sim.reset();
    assert.deepEqual(sim.configFetches(), { count: 0, counts: {} });
    assert.equal((await getConfig('count-a')).status, 'Active', 'reset removes overrides too');
  });

  test('setConfig over HTTP: config, raw, status, delayMs; bad input is 400', async () => {
    const post = (/** @type {unknown} */ body) =>
      fetch(`${sim.httpUrl}/__sim/setConfig`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const ok = await post({ deploymentId: 'http-dep', config: { messenger: { apps: { conversations: { markdown: { enabled: true } } } } } });
    assert.equal(ok.status, 200);
    const answer = await ok.json();
    assert.equal(answer.deploymentId, 'http-dep');
    assert.equal(answer.config.messenger.apps.conversations.markdown.enabled, true);
    assert.equal((await getConfig('http-dep')).messenger.apps.conversations.markdown.enabled, true);

    const raw = await (await post({ deploymentId: 'http-dep', raw: '<html>', status: 502, contentType: 'text/html' })).json();
    assert.deepEqual(raw, { deploymentId: 'http-dep', override: { raw: '<html>', contentType: 'text/html', status: 502 }, config: null });
    const res = await fetch(configUrl('http-dep'));
    assert.deepEqual([res.status, await res.text()], [502, '<html>']);

    // __proto__ in a patch never reaches the served config or Object.prototype.
    await post(JSON.parse('{"deploymentId":"http-dep","config":{"__proto__":{"polluted":1},"status":"Inactive"}}'));
    const cfg = await getConfig('http-dep');
    assert.equal(cfg.status, 'Inactive');
    assert.equal(Object.hasOwn(cfg, '__proto__'), false);
    assert.equal(/** @type {any} */ ({}).polluted, undefined);

    assert.equal((await post({ deploymentId: 'http-dep' })).status, 200, 'nothing but the id removes the override');
    assert.equal((await getConfig('http-dep')).status, 'Active');

    assert.equal((await post({ config: {} })).status, 400);
    assert.equal((await post({ deploymentId: 'x', status: 99 })).status, 400);
    assert.equal((await post({ deploymentId: 'x', delayMs: -1 })).status, 400);
    assert.equal((await post({ deploymentId: 'x', config: [1] })).status, 400);
  });
});

describe('conversationDisconnect', () => {
  test('ReadOnly (the default): Disconnect carries readOnly and the next message is refused', async () => {
    const { client, token } = await guest('dep-ro');
    sim.disconnect({ token });
    const disc = await client.take(isPresence('Disconnect'));
    assert.equal(disc.body.metadata.readOnly, 'true');
    assert.equal(snapshot(token)?.readOnly, true);
    assert.deepEqual([(await client.say(token, 'still there?')).code], [409]);
  });

  test('Send: Disconnect without readOnly, the session stays writable and the next message continues it', async () => {
    sim.setDeploymentConfig('dep-send', { messenger: { apps: { conversations: { conversationDisconnect: { enabled: true, type: 'Send' } } } } });
    const { client, token } = await guest('dep-send');
    await client.say(token, 'hello');
    sim.disconnect({ token });
    const disc = await client.take(isPresence('Disconnect'));
    assert.equal(disc.body.metadata.readOnly, undefined);
    assert.equal(snapshot(token)?.readOnly, false);
    const echo = await client.say(token, 'one more thing');
    assert.equal(echo.code, 200);
    assert.equal(echo.body.text, 'one more thing');
    assert.deepEqual(
      snapshot(token)?.messages.map((m) => m.text ?? m.events?.[0]?.presence?.type),
      ['hello', 'Disconnect', 'one more thing'],
      'the same conversation continues',
    );
    const resumed = await guest('dep-send', token);
    assert.equal(resumed.response.body.readOnly, false);

    // An explicit readOnly still overrides the deployment.
    sim.disconnect({ token, readOnly: true });
    assert.equal((await client.take(isPresence('Disconnect'))).body.metadata.readOnly, 'true');
    assert.equal(snapshot(token)?.readOnly, true);
  });

  test('a disabled conversationDisconnect never makes the session read-only; readOnly:false overrides ReadOnly', async () => {
    sim.setDeploymentConfig('dep-off', { messenger: { apps: { conversations: { conversationDisconnect: { enabled: false } } } } });
    const off = await guest('dep-off');
    sim.disconnect({ token: off.token });
    assert.equal((await off.client.take(isPresence('Disconnect'))).body.metadata.readOnly, undefined);
    assert.equal(snapshot(off.token)?.readOnly, false);

    const ro = await guest('dep-ro');
    sim.disconnect({ token: ro.token, readOnly: false });
    assert.equal((await ro.client.take(isPresence('Disconnect'))).body.metadata.readOnly, undefined);
    assert.equal(snapshot(ro.token)?.readOnly, false);
  });

  test('the scripted goodbye follows the deployment: Send lets the customer write again and be greeted again', async () => {
    sim.setOptions({ scriptedAgent: true });
    sim.setDeploymentConfig('dep-send', { messenger: { apps: { conversations: { conversationDisconnect: { type: 'Send' } } } } });
    const { client, token } = await guest('dep-send');
    await client.say(token, 'hello');
    const greeting = await client.take((f) => f.body?.direction === 'Outbound' && f.body.type === 'Text');
    assert.match(greeting.body.text, /^Hi, I'm Alex!/);
    await client.say(token, 'ok bye');
    await client.take((f) => f.body?.direction === 'Outbound' && f.body.type === 'Text');
    const disc = await client.take(isPresence('Disconnect'));
    assert.equal(disc.body.metadata.readOnly, undefined);
    assert.equal(disc.body.channel.from.nickname, 'Alex (Support)');
    assert.equal(snapshot(token)?.readOnly, false);
    assert.equal((await client.say(token, 'hello again')).code, 200);
    const again = await client.take((f) => f.body?.direction === 'Outbound' && f.body.type === 'Text');
    assert.match(again.body.text, /^Hi, I'm Alex!/);

    // The same goodbye on a ReadOnly deployment ends it read-only.
    const ro = await guest('dep-ro');
    await ro.client.say(ro.token, 'bye');
    assert.equal((await ro.client.take(isPresence('Disconnect'))).body.metadata.readOnly, 'true');
    assert.equal(snapshot(ro.token)?.readOnly, true);
  });
});

describe('agent presence', () => {
  test('agentJoin / agentLeave push Presence events with from.nickname and from.image, kept in REST history', async () => {
    const { client, token } = await guest();
    const joined = sim.agentJoin({ token });
    const join = await client.take(isPresence('Join'));
    assert.equal(join.class, 'StructuredMessage');
    assert.equal(join.type, 'message');
    assert.equal(join.body.type, 'Event');
    assert.equal(join.body.direction, 'Outbound');
    assert.deepEqual(join.body.events, [{ eventType: 'Presence', presence: { type: 'Join' } }]);
    assert.deepEqual(join.body.channel.from, { nickname: 'Alex (Support)', image: `${sim.httpUrl}${AGENT_AVATAR_PATH}` });
    assert.equal(join.body.id, joined.id);
    assert.equal(snapshot(token)?.agentJoined, true);

    sim.agentMessage({ token, text: 'Hello, Sam here', nickname: 'Sam' });
    const text = await client.take((f) => f.body?.type === 'Text');
    assert.deepEqual(text.body.channel.from, { nickname: 'Sam', image: `${sim.httpUrl}${AGENT_AVATAR_PATH}` });

    sim.agentLeave({ token, nickname: 'Sam', image: 'https://cdn.example/sam.png' });
    const leave = await client.take(isPresence('Disconnect'));
    assert.deepEqual(leave.body.channel.from, { nickname: 'Sam', image: 'https://cdn.example/sam.png' });
    assert.equal(leave.body.metadata.readOnly, undefined);
    assert.equal(snapshot(token)?.readOnly, false);
    assert.equal(snapshot(token)?.agentJoined, false);

    // REST history returns the Presence events like any other entry, newest first.
    const jwt = await client.request({ action: 'getJwt', token });
    const res = await fetch(`${sim.apiUrl}/api/v2/webmessaging/messages`, { headers: { Authorization: `Bearer ${jwt.body.jwt}` } });
    const { entities } = await res.json();
    assert.deepEqual(
      entities.map((/** @type {any} */ e) => e.text ?? e.events?.[0]?.presence?.type),
      ['Disconnect', 'Hello, Sam here', 'Join'],
    );
    assert.equal(entities[2].channel.from.nickname, 'Alex (Support)');
    assert.equal(entities[2].channel.from.image, `${sim.httpUrl}${AGENT_AVATAR_PATH}`);
    assert.equal(entities[0].channel.from.nickname, 'Sam');
  });

  test('agentLeave with readOnly:true ends the conversation read-only', async () => {
    const { client, token } = await guest();
    sim.agentLeave({ token, readOnly: true });
    assert.equal((await client.take(isPresence('Disconnect'))).body.metadata.readOnly, 'true');
    assert.equal(snapshot(token)?.readOnly, true);
  });

  test('the avatar URL uses the host the guest connected with when it is this simulator, else httpUrl', async () => {
    const local = await guest('dep-a', newToken(), { Host: `localhost:${sim.port}` });
    sim.agentJoin({ token: local.token });
    const join = await local.client.take(isPresence('Join'));
    assert.equal(join.body.channel.from.image, `http://localhost:${sim.port}${AGENT_AVATAR_PATH}`);

    const odd = await guest('dep-a', newToken(), { Host: 'evil.example' });
    sim.agentMessage({ token: odd.token, text: 'hi' });
    const msg = await odd.client.take((f) => f.body?.type === 'Text');
    assert.equal(msg.body.channel.from.image, `${sim.httpUrl}${AGENT_AVATAR_PATH}`);
    const svg = await fetch(msg.body.channel.from.image);
    assert.equal(svg.status, 200);
    assert.equal(svg.headers.get('content-type'), 'image/svg+xml');
    assert.match(await svg.text(), /<svg/);
  });

  test('over HTTP: POST /__sim/agentJoin and /__sim/agentLeave', async () => {
    const { client, token } = await guest();
    const post = (/** @type {string} */ m, /** @type {unknown} */ body) =>
      fetch(`${sim.httpUrl}/__sim/${m}`, { method: 'POST', body: JSON.stringify(body) });
    assert.equal((await post('agentJoin', { token, nickname: 'Kim' })).status, 200);
    assert.equal((await client.take(isPresence('Join'))).body.channel.from.nickname, 'Kim');
    assert.equal((await post('agentLeave', { token, nickname: 'Kim' })).status, 200);
    assert.equal((await client.take(isPresence('Disconnect'))).body.channel.from.nickname, 'Kim');
    assert.equal((await post('agentJoin', { token: 'nope' })).status, 404);
  });
});

describe('agent console', () => {
  test('attaching joins the conversation (once); end carries the same from and follows the deployment', async () => {
    sim.setDeploymentConfig('dep-send', { messenger: { apps: { conversations: { conversationDisconnect: { type: 'Send' } } } } });
    const { client, token } = await guest('dep-send');
    const agent = await agentConsole();
    await agent.until((m) => m.type === 'hello');
    agent.send({ type: 'attach', token });
    await agent.until((m) => m.type === 'transcript');
    const cfg = await agent.until((m) => m.type === 'config' && m.deploymentId === 'dep-send');
    assert.equal(cfg.settings.messenger.apps.conversations.conversationDisconnect.type, 'Send');
    const join = await client.take(isPresence('Join'));
    const from = join.body.channel.from;
    assert.deepEqual(from, { nickname: 'Alex (Support)', image: `${sim.httpUrl}${AGENT_AVATAR_PATH}` });

    // A second console (or a reconnect) attaching does not join again.
    const other = await agentConsole();
    other.send({ type: 'attach', token });
    await other.until((m) => m.type === 'transcript');
    assert.deepEqual(await client.collect(isPresence('Join'), 50), []);

    agent.send({ type: 'send', text: 'Hi there' });
    assert.deepEqual((await client.take((f) => f.body?.type === 'Text')).body.channel.from, from);
    agent.send({ type: 'end' });
    const disc = await client.take(isPresence('Disconnect'));
    assert.deepEqual(disc.body.channel.from, from);
    assert.equal(disc.body.metadata.readOnly, undefined);
    assert.equal(snapshot(token)?.readOnly, false);
    assert.equal((await client.say(token, 'wait, one more')).code, 200);
    // The agent answering after the end joins again first.
    agent.send({ type: 'send', text: 'Sure' });
    assert.deepEqual((await client.take(isPresence('Join'))).body.channel.from, from);
    assert.equal((await client.take((f) => f.body?.type === 'Text' && f.body.direction === 'Outbound')).body.text, 'Sure');
  });

  test('hello carries the demo deployment settings; get-config reads any deployment', async () => {
    sim.setDeploymentConfig('other', { messenger: { styles: { primaryColor: '#abcdef' } } });
    const agent = await agentConsole();
    const hello = await agent.until((m) => m.type === 'hello');
    assert.equal(hello.config.type, 'config');
    assert.equal(hello.config.deploymentId, 'demo-deployment');
    assert.match(hello.config.note, /next page load/);
    assert.deepEqual(Object.keys(hello.config.settings).sort(), Object.keys(CONSOLE_SETTINGS).sort());
    assert.equal(hello.config.settings.id, undefined, 'only the editable settings');
    agent.send({ type: 'get-config', deploymentId: 'other' });
    const other = await agent.until((m) => m.type === 'config' && m.deploymentId === 'other');
    assert.equal(other.settings.messenger.styles.primaryColor, '#abcdef');
    assert.equal(other.raw, false);
  });

  test('set-config applies valid settings at once, ignores unknown keys, refuses a bad colour or type', async () => {
    const agent = await agentConsole();
    const watcher = await agentConsole();
    await agent.until((m) => m.type === 'hello');
    await watcher.until((m) => m.type === 'hello');
    const config = JSON.parse(`{
      "languages": ["en-us", "de-de"], "defaultLanguage": "de-de", "status": "Active",
      "id": "hijacked", "apiEndpoint": "https://evil.example", "__proto__": { "polluted": true },
      "messenger": {
        "enabled": true, "styles": { "primaryColor": "#FF8800", "fontFamily": "Comic Sans" },
        "launcherButton": { "visibility": "Off" },
        "fileUpload": { "enableAttachments": true, "modes": [{ "fileTypes": ["image/png", "application/pdf"], "maxFileSizeKB": 10240 }] },
        "apps": { "conversations": {
          "messagingEndpoint": "wss://evil.example",
          "showAgentTypingIndicator": false, "showUserTypingIndicator": false,
          "conversationDisconnect": { "enabled": true, "type": "Send" },
          "conversationClear": { "enabled": false }, "autoStart": { "enabled": true }, "markdown": { "enabled": true } } }
      },
      "auth": { "enabled": true, "allowSessionUpgrade": true }
    }`);
    agent.send({ type: 'set-config', deploymentId: 'demo-deployment', config });
    const saved = await agent.until((m) => m.type === 'config-saved');
    assert.deepEqual(saved.ignored.sort(), [
      '__proto__',
      'apiEndpoint',
      'id',
      'messenger.apps.conversations.messagingEndpoint',
      'messenger.styles.fontFamily',
    ]);
    const pushed = await watcher.until((m) => m.type === 'config' && m.deploymentId === 'demo-deployment');
    assert.equal(pushed.settings.messenger.styles.primaryColor, '#FF8800');

    const served = await getConfig('demo-deployment');
    assert.equal(served.id, 'demo-deployment');
    assert.equal(served.apiEndpoint, sim.httpUrl);
    assert.equal(served.messenger.apps.conversations.messagingEndpoint, sim.wsUrl.replace(/\/v1$/, ''));
    assert.equal(served.auth.allowSessionUpgrade, true);
    assert.equal(served.messenger.styles.fontFamily, undefined);
    assert.deepEqual(served.languages, ['en-us', 'de-de']);
    assert.equal(served.defaultLanguage, 'de-de');
    assert.equal(served.messenger.launcherButton.visibility, 'Off');
    assert.deepEqual(served.messenger.fileUpload, { enableAttachments: true, modes: [{ fileTypes: ['image/png', 'application/pdf'], maxFileSizeKB: 10240 }] });
    assert.equal(served.messenger.apps.conversations.markdown.enabled, true);
    assert.equal(served.auth.enabled, true);
    assert.equal(/** @type {any} */ ({}).polluted, undefined);

    // Server behaviour follows at once: user typing is now refused with 403.
    const { client, token } = await guest('demo-deployment');
    const typing = await client.request({ action: 'onMessage', token, message: { type: 'Event', events: [{ eventType: 'Typing', typing: { type: 'On' } }] } });
    assert.equal(typing.code, 403);

    for (const [bad, why] of /** @type {[any, RegExp][]} */ ([
      [{ messenger: { styles: { primaryColor: 'red' } } }, /primaryColor/],
      [{ messenger: { styles: { primaryColor: '#12345g' } } }, /primaryColor/],
      [{ messenger: { enabled: 'yes' } }, /messenger\.enabled/],
      [{ status: 'Paused' }, /status/],
      [{ messenger: { apps: { conversations: { conversationDisconnect: { type: 'Close' } } } } }, /conversationDisconnect\.type/],
      [{ languages: 'en-us' }, /languages/],
      [{ languages: ['en-us'], defaultLanguage: 'fr-fr' }, /defaultLanguage/],
      [{ messenger: { fileUpload: { modes: [{ fileTypes: ['png'], maxFileSizeKB: 10 }] } } }, /modes/],
      [{ messenger: 'on' }, /messenger must be an object/],
      ['not an object', /config must be an object/],
    ])) {
      agent.send({ type: 'set-config', deploymentId: 'demo-deployment', config: bad });
      const err = await agent.until((m) => m.type === 'error');
      assert.match(err.message, /^Settings not saved/);
      assert.match(err.message, why);
    }
    agent.send({ type: 'set-config', config: {} });
    assert.match((await agent.until((m) => m.type === 'error')).message, /deployment id/);
    const unchanged = await getConfig('demo-deployment');
    assert.equal(unchanged.messenger.styles.primaryColor, '#FF8800', 'refused saves change nothing');
    assert.equal(unchanged.status, 'Active');
  });

  test('set-config keeps a test delay and earlier settings of that deployment', async () => {
    sim.setDeploymentConfig('kept', { messenger: { styles: { primaryColor: '#000000' } } }, { delayMs: 60 });
    const agent = await agentConsole();
    agent.send({ type: 'set-config', deploymentId: 'kept', config: { status: 'Inactive' } });
    await agent.until((m) => m.type === 'config-saved');
    const t0 = Date.now();
    const cfg = await getConfig('kept');
    assert.ok(Date.now() - t0 >= 50);
    assert.equal(cfg.status, 'Inactive');
    assert.equal(cfg.messenger.styles.primaryColor, '#000000');
  });
});

describe('markdown', () => {
  test('composeReply uses markdown only when asked', () => {
    const ctx = { first: false, agentName: 'Alex (Support)', turn: 0 };
    const plain = composeReply('where is my order', ctx).text;
    const md = composeReply('where is my order', { ...ctx, markdown: true }).text;
    assert.doesNotMatch(plain, /\*\*|\]\(/);
    assert.match(md, /\*\*A-1042\*\*/);
    assert.match(md, /\[[^\]]+\]\(https:\/\/example\.com\/[^)]*\)/);
    assert.match(composeReply('options', { ...ctx, markdown: true }).text, /\n- .*\n- /);
    assert.doesNotMatch(composeReply('options', ctx).text, /\n- /);
  });

  test('the scripted agent answers in markdown for a deployment with markdown.enabled, plain otherwise', async () => {
    sim.setOptions({ scriptedAgent: true });
    sim.setDeploymentConfig('dep-md', { messenger: { apps: { conversations: { markdown: { enabled: true } } } } });
    const md = await guest('dep-md');
    const plain = await guest('dep-plain');
    await md.client.say(md.token, 'where is my order?');
    await plain.client.say(plain.token, 'where is my order?');
    const a = await md.client.take((f) => f.body?.direction === 'Outbound' && f.body.type === 'Text');
    const b = await plain.client.take((f) => f.body?.direction === 'Outbound' && f.body.type === 'Text');
    assert.match(a.body.text, /\*\*A-1042\*\*.*\[Track it here\]\(https:\/\/example\.com/);
    assert.doesNotMatch(b.body.text, /\*\*/);
  });
});

describe('validateConsoleSettings', () => {
  test('accepts the listed keys with the right types and drops everything else', () => {
    const r = validateConsoleSettings({ messenger: { styles: { primaryColor: '#a1B2c3' } }, extra: 1 });
    assert.deepEqual(r, { ok: true, config: { messenger: { styles: { primaryColor: '#a1B2c3' } } }, ignored: ['extra'] });
    const bad = validateConsoleSettings({ messenger: { styles: { primaryColor: '#abc' } } });
    assert.equal(bad.ok, false);
  });
});
