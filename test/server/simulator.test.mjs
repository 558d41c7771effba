// Simulator tests: node --test test/server/
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';

import { startSimulator } from '../../server/simulator.mjs';
import { Faults, mulberry32 } from '../../server/faults.mjs';
import { composeReply } from '../../server/scripted-agent.mjs';
import { GuestClient, connected, sleep } from './ws-client.mjs';

const HEX32 = /^[0-9a-f]{32}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO_MS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** @type {import('../../server/simulator.mjs').Simulator} */
let sim;
/** @type {GuestClient[]} */
let clients = [];
let tokenCounter = 0;
const newToken = () => `tok-${process.pid}-${++tokenCounter}`;

/** Open a guest client, configured for `token`, that is closed after the test. */
async function guest(token = newToken()) {
  const { client, response } = await connected(sim.wsUrl, token);
  clients.push(client);
  return { client, response, token };
}

/** A raw client (not configured). */
async function rawGuest(opts = {}) {
  const c = await GuestClient.open(sim.wsUrl, opts);
  clients.push(c);
  return c;
}

const snapshot = (/** @type {string} */ token) => sim.sessions().find((s) => s.token === token);

before(async () => {
  // Unlimited rate by default so tests can send freely; the rate-limit test sets 2/s.
  sim = await startSimulator({ ratePerSecond: 0, agentDelays: { typing: 10, reply: 20, disconnect: 20 }, deployments: 'any' });
});

after(async () => {
  await sim.close();
});

beforeEach(async () => {
  for (const c of clients) c.ws.terminate();
  clients = [];
  sim.reset();
});

describe('configureSession', () => {
  test('creates a session, then resumes it with newSession:false', async () => {
    const { response, token } = await guest();
    assert.equal(response.type, 'response');
    assert.equal(response.class, 'SessionResponse');
    assert.equal(response.code, 200);
    const b = response.body;
    assert.equal(b.connected, true);
    assert.equal(b.newSession, true);
    assert.equal(b.readOnly, false);
    assert.equal(b.clearedExistingSession, false);
    assert.equal(b.maxCustomDataBytes, 2048);
    assert.equal(b.durationSeconds, 259200);
    assert.ok(Math.abs(b.expirationDate - (Date.now() / 1000 + 259200)) < 5, 'expirationDate in epoch seconds');
    // Uploads are off in the default deployment: no allowedMedia (test/server/attachments.test.mjs has them on).
    assert.equal(b.allowedMedia, undefined);
    assert.equal(b.blockedExtensions, undefined);

    const again = await guest(token);
    assert.equal(again.response.body.newSession, false);
    assert.equal(snapshot(token)?.connections, 2);
    assert.equal(snapshot(token)?.newSessionCount, 1);
  });

  test('frames before configureSession answer 4007; unknown action 400; configureAuthenticatedSession 403', async () => {
    const c = await rawGuest();
    const early = await c.say('nobody', 'hi');
    assert.deepEqual([early.class, early.code], ['string', 4007]);
    const jwt = await c.request({ action: 'getJwt', token: 'nobody' });
    assert.equal(jwt.code, 4007);

    const token = newToken();
    await c.configure(token);
    const unknown = await c.request({ action: 'doSomethingElse', token });
    assert.deepEqual([unknown.class, unknown.code, unknown.body], ['string', 400, 'Request failed.']);
    const auth = await c.request({ action: 'configureAuthenticatedSession', token, deploymentId: 'd', data: { code: 'x' } });
    assert.deepEqual([auth.class, auth.code], ['string', 403]);
  });

  test('a 4th connection closes the oldest with ConnectionClosedEvent', async () => {
    const token = newToken();
    const first = await guest(token);
    await guest(token);
    await guest(token);
    await guest(token);
    const ev = await first.client.ofClass('ConnectionClosedEvent');
    assert.deepEqual(ev, { type: 'message', class: 'ConnectionClosedEvent', code: 200, body: {} });
    await first.client.closed;
    await sleep(20);
    assert.equal(snapshot(token)?.connections, 3);
  });
});

describe('upgrade', () => {
  test('missing deploymentId is refused with 400', async () => {
    await assert.rejects(GuestClient.open(sim.wsUrl, { deploymentId: null }), { status: 400 });
  });

  test('origins outside allowedOrigins are refused with 403', async () => {
    sim.setOptions({ allowedOrigins: ['https://shop.example'] });
    await assert.rejects(GuestClient.open(sim.wsUrl, { headers: { Origin: 'https://evil.example' } }), { status: 403 });
    const ok = await GuestClient.open(sim.wsUrl, { headers: { Origin: 'https://shop.example' } });
    ok.ws.terminate();
  });

  test('refuse({ms}) answers 503 for that long, without touching open sockets', async () => {
    const { client, token } = await guest();
    sim.refuse({ ms: 150 });
    await assert.rejects(GuestClient.open(sim.wsUrl), { status: 503 });
    const echo = await client.say(token, 'still here');
    assert.equal(echo.code, 200);
    await sleep(170);
    (await rawGuest()).ws.terminate();
  });
});

describe('onMessage', () => {
  test('echo carries the tracingId and reaches every connection; nothing is deduplicated', async () => {
    const a = await guest();
    const b = await guest(a.token);
    const send = { action: 'onMessage', token: a.token, tracingId: 'trace-1', message: { type: 'Text', text: 'Hi there', metadata: { customMessageId: 'client-uuid-1' } } };
    a.client.send(send);
    const echoA = await a.client.reply('trace-1');
    const echoB = await b.client.reply('trace-1');
    assert.deepEqual(echoA, echoB);
    assert.equal(echoA.type, 'message');
    assert.equal(echoA.class, 'StructuredMessage');
    assert.equal(echoA.code, 200);
    const body = echoA.body;
    assert.match(body.id, HEX32);
    assert.equal(body.type, 'Text');
    assert.equal(body.direction, 'Inbound');
    assert.equal(body.text, 'Hi there');
    assert.match(body.channel.time, ISO_MS);
    assert.match(body.channel.messageId, UUID);
    assert.equal(body.originatingEntity, 'Human');
    assert.equal(body.metadata.customMessageId, 'client-uuid-1');
    assert.match(body.metadata.correlationId, UUID);

    // Same text and metadata again: stored twice.
    a.client.send({ ...send, tracingId: 'trace-2' });
    const second = await a.client.reply('trace-2');
    assert.notEqual(second.body.id, body.id);
    const stored = snapshot(a.token)?.messages ?? [];
    assert.equal(stored.length, 2);
    assert.deepEqual(stored.map((m) => m.metadata.customMessageId), ['client-uuid-1', 'client-uuid-1']);
    assert.deepEqual(stored.map((m) => m.tracingId), ['trace-1', 'trace-2']);
  });

  test('pushes no Receipt frame to the guest by default (server receipts are unverified, opt-in)', async () => {
    assert.equal(sim.options.receipts, false);
    const { client, token } = await guest();
    const echo = await client.say(token, 'hello');
    assert.equal(echo.code, 200);
    assert.deepEqual(sim.agentRead({ token }).ids, [echo.body.id], 'the agent side still records the read');
    assert.equal(snapshot(token)?.messages[0].receipt, 'Read');
    assert.equal((await client.collect((f) => f.body?.type === 'Receipt', 50)).length, 0);
  });

  test('receipts:true (opt-in, unverified) pushes Delivered after each customer message and Read when the agent reads; reset() turns it off', async () => {
    sim.setOptions({ receipts: true });
    const { client, token } = await guest();
    const echo = await client.say(token, 'hello');
    const receipt = await client.take((f) => f.body?.type === 'Receipt');
    assert.equal(receipt.class, 'StructuredMessage');
    assert.deepEqual(
      { id: receipt.body.id, status: receipt.body.status, direction: receipt.body.direction },
      { id: echo.body.id, status: 'Delivered', direction: 'Outbound' },
    );
    sim.agentRead({ token });
    const read = await client.take((f) => f.body?.type === 'Receipt');
    assert.equal(read.body.status, 'Read');

    sim.setOptions({ receipts: false });
    await client.say(token, 'again');
    assert.equal((await client.collect((f) => f.body?.type === 'Receipt', 50)).length, 0);

    sim.setOptions({ receipts: true });
    sim.reset();
    assert.equal(sim.options.receipts, false);
  });

  test('startSimulator({ receipts: true }) turns them on from the start', async () => {
    const other = await startSimulator({ receipts: true, ratePerSecond: 0, deployments: 'any' });
    try {
      const token = newToken();
      const { client } = await connected(other.wsUrl, token);
      try {
        const echo = await client.say(token, 'hi');
        const receipt = await client.take((f) => f.body?.type === 'Receipt');
        assert.deepEqual([receipt.body.id, receipt.body.status], [echo.body.id, 'Delivered']);
      } finally {
        client.ws.terminate();
      }
    } finally {
      await other.close();
    }
  });

  test('text over 4096 characters gets 4011 and is not stored', async () => {
    const { client, token } = await guest();
    const ok = await client.say(token, 'x'.repeat(4096));
    assert.equal(ok.code, 200);
    const err = await client.say(token, 'y'.repeat(5000));
    assert.deepEqual(
      { type: err.type, class: err.class, code: err.code, body: err.body },
      { type: 'response', class: 'string', code: 4011, body: 'Message length 5000 is larger than 4096' },
    );
    assert.equal(snapshot(token)?.messages.length, 1);
  });

  test('custom attributes over 2048 bytes get 4013 (message.channel and top-level channel)', async () => {
    const { client, token } = await guest();
    const big = { notes: 'é'.repeat(1100) }; // 2200 UTF-8 bytes
    const inside = await client.say(token, 'a', { channel: { metadata: { customAttributes: big } } });
    assert.deepEqual([inside.class, inside.code], ['string', 4013]);
    const top = await client.say(token, 'b', {}, { channel: { metadata: { customAttributes: big } } });
    assert.deepEqual([top.class, top.code], ['string', 4013]);
    const fine = await client.say(token, 'c', { channel: { metadata: { customAttributes: { orderId: 'A-1042' } } } });
    assert.equal(fine.code, 200);
    assert.deepEqual(snapshot(token)?.customAttributes, { orderId: 'A-1042' });
  });

  test('rate limit: 429 TooManyRequestsErrorMessage with the tracingId; messages, typing and receipts share one bucket', async () => {
    sim.setOptions({ ratePerSecond: 2 });
    const { client, token } = await guest();
    client.send({ action: 'onMessage', token, tracingId: 'r1', message: { type: 'Text', text: 'one' } });
    client.send({ action: 'onMessage', token, tracingId: 'r2', message: { type: 'Event', events: [{ eventType: 'Typing', typing: { type: 'On' } }] } });
    client.send({ action: 'onMessage', token, tracingId: 'r3', message: { type: 'Receipt', id: 'x', status: 'Read' } });
    const limited = await client.reply('r3');
    assert.deepEqual(limited, {
      type: 'response',
      class: 'TooManyRequestsErrorMessage',
      code: 429,
      tracingId: 'r3',
      body: { retryAfter: 1, errorCode: 4029, errorMessage: 'Message rate too high for this session' },
    });
    assert.equal((await client.reply('r1')).code, 200);
    const s = snapshot(token);
    assert.equal(s?.typingReceived.length, 1);
    assert.equal(s?.receiptsReceived.length, 0, 'the limited frame was not processed');
    await sleep(550); // one token back
    assert.equal((await client.say(token, 'after')).code, 200);
  });

  test('failNext answers the next message with the configured error instead of storing it', async () => {
    const { client, token } = await guest();
    sim.failNext({ token, code: 5000, body: 'Request failed.' });
    const e1 = await client.say(token, 'one');
    assert.deepEqual([e1.class, e1.code, e1.body], ['string', 5000, 'Request failed.']);
    sim.failNext({ class: 'TooManyRequestsErrorMessage', retryAfter: 3 });
    const e2 = await client.say(token, 'two');
    assert.deepEqual([e2.class, e2.code, e2.body.retryAfter, e2.body.errorCode], ['TooManyRequestsErrorMessage', 429, 3, 4029]);
    assert.equal((await client.say(token, 'three')).code, 200);
    assert.deepEqual(snapshot(token)?.messages.map((m) => m.text), ['three']);
    assert.deepEqual(snapshot(token)?.errorsSent.map((e) => e.code), [5000, 429]);
  });

  test('customer typing is recorded and emitted, never echoed; 403 when the deployment disables it', async () => {
    const { client, token } = await guest();
    const emitted = new Promise((resolve) => sim.events.once('customer-typing', resolve));
    client.send({ action: 'onMessage', token, tracingId: 't1', message: { type: 'Event', events: [{ eventType: 'Typing', typing: { type: 'On' } }] } });
    assert.equal(/** @type {any} */ (await emitted).token, token);
    assert.equal((await client.collect(() => true, 80)).length, 0, 'no frame back');
    assert.equal(snapshot(token)?.typingReceived.length, 1);
    assert.equal(snapshot(token)?.messages.length, 0);

    sim.setOptions({ config: { messenger: { apps: { conversations: { showUserTypingIndicator: false } } } } });
    const err = await client.request({ action: 'onMessage', token, message: { type: 'Event', events: [{ eventType: 'Typing', typing: { type: 'On' } }] } });
    assert.deepEqual([err.class, err.code, err.body], ['string', 403, 'Turn on the Feature Toggle or fix the configuration.']);
  });

  test('quick-reply answers (Structured/ButtonResponse) and Presence Join are stored and echoed', async () => {
    const { client, token } = await guest();
    const content = [{ contentType: 'ButtonResponse', buttonResponse: { type: 'QuickReply', text: 'Track my order', payload: 'ORDER' } }];
    const echo = await client.request({ action: 'onMessage', token, message: { type: 'Structured', text: 'Track my order', content } });
    assert.equal(echo.body.type, 'Structured');
    assert.deepEqual(echo.body.content, content);
    const join = await client.request({ action: 'onMessage', token, message: { type: 'Event', events: [{ eventType: 'Presence', presence: { type: 'Join' } }] } });
    assert.equal(join.body.direction, 'Inbound');
    assert.equal(join.body.events[0].presence.type, 'Join');
    assert.deepEqual(snapshot(token)?.messages.map((m) => m.type), ['Structured', 'Event']);
  });

  test('a guest Receipt moves the read horizon (readUpTo), is not echoed, unknown ids are only recorded', async () => {
    const { client, token } = await guest();
    const m1 = sim.agentMessage({ token, text: 'first' });
    const m2 = sim.agentMessage({ token, text: 'second' });
    const receipt = (/** @type {string} */ id) => client.send({ action: 'onMessage', token, tracingId: `rc-${id}`, message: { type: 'Receipt', id, status: 'Read' } });
    const got = new Promise((resolve) => sim.events.once('receipt', resolve));
    receipt(m1.id);
    assert.deepEqual(/** @type {any} */ (await got).readIds, [m1.id]);
    assert.equal(snapshot(token)?.readUpTo, m1.id);
    receipt(m2.id);
    receipt(m1.id); // older: the horizon does not move back
    receipt('unknown-id');
    await sleep(50);
    const s = snapshot(token);
    assert.equal(s?.readUpTo, m2.id);
    assert.deepEqual(s?.receiptsReceived.map((r) => r.id), [m1.id, m2.id, m1.id, 'unknown-id']);
    const replies = await client.collect((f) => String(f.tracingId ?? '').startsWith('rc-'), 20);
    assert.equal(replies.length, 0);
  });

  test('malformed frames get 400 "Request failed." and the connection stays usable', async () => {
    const { client, token } = await guest();
    client.send('{not json');
    const bad = await client.take((f) => f.code === 400);
    assert.deepEqual(bad, { type: 'response', class: 'string', code: 400, body: 'Request failed.' });
    client.send({ tracingId: 'no-action', token });
    assert.equal((await client.reply('no-action')).code, 400);
    client.send('[1,2]');
    assert.equal((await client.take((f) => f.code === 400)).body, 'Request failed.');
    client.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    assert.equal((await client.take((f) => f.code === 400)).class, 'string');
    const missingMessage = await client.request({ action: 'onMessage', token });
    assert.equal(missingMessage.code, 400);
    assert.equal((await client.say(token, 'still alive')).code, 200);
    assert.equal(snapshot(token)?.framesReceived.invalid, 4);
  });
});

describe('echo, getJwt and history', () => {
  test('echo answers with the same text, tracingId and session-duration metadata', async () => {
    const { client, token } = await guest();
    const res = await client.request({ action: 'echo', token, tracingId: 'SGVhbHRoQ2hlY2tNZXNzYWdlSWQ=', message: { type: 'Text', text: 'ping' } });
    assert.equal(res.type, 'response');
    assert.equal(res.class, 'StructuredMessage');
    assert.equal(res.tracingId, 'SGVhbHRoQ2hlY2tNZXNzYWdlSWQ=');
    assert.equal(res.body.text, 'ping');
    assert.equal(res.body.direction, 'Inbound');
    assert.equal(res.body.metadata.durationSeconds, '259200');
    assert.match(res.body.metadata.expirationDate, /^\d{10}$/);
    assert.equal(snapshot(token)?.echoCount, 1);
  });

  test('history: newest first, paged, with metadata and Outbound from; 401 without a valid JWT', async () => {
    const { client, token } = await guest();
    await client.request({ action: 'onMessage', token, message: { type: 'Event', events: [{ eventType: 'Presence', presence: { type: 'Join' } }] } });
    for (let i = 1; i <= 3; i++) await client.say(token, `customer ${i}`, { metadata: { customMessageId: `c-${i}` } });
    client.send({ action: 'onMessage', token, message: { type: 'Event', events: [{ eventType: 'Typing', typing: { type: 'On' } }] } });
    sim.agentMessage({ token, text: 'agent reply' });
    await sleep(20);

    const jwtFrame = await client.request({ action: 'getJwt', token });
    assert.equal(jwtFrame.class, 'JwtResponse');
    const { jwt, exp } = jwtFrame.body;
    assert.equal(typeof jwt, 'string');
    assert.ok(exp > Date.now() / 1000 + 800 && exp < Date.now() / 1000 + 1000, 'exp ~15 min ahead, epoch seconds');

    const get = (/** @type {string} */ q, auth = `Bearer ${jwt}`) =>
      fetch(`${sim.apiUrl}/api/v2/webmessaging/messages${q}`, { headers: auth ? { Authorization: auth, Origin: 'http://app.example' } : {} });
    const r1 = await get('?pageSize=2&pageNumber=1');
    assert.equal(r1.status, 200);
    assert.equal(r1.headers.get('access-control-allow-origin'), 'http://app.example');
    const p1 = await r1.json();
    assert.deepEqual([p1.pageSize, p1.pageNumber, p1.total, p1.pageCount], [2, 1, 5, 3]);
    assert.equal(p1.entities[0].text, 'agent reply');
    assert.equal(p1.entities[0].direction, 'Outbound');
    assert.equal(p1.entities[0].channel.from.nickname, 'Alex (Support)');
    assert.equal(p1.entities[0].originatingEntity, 'Human');
    assert.equal(p1.entities[1].text, 'customer 3');
    assert.equal(p1.entities[1].metadata.customMessageId, 'c-3');
    assert.deepEqual(p1.entities[1].content, []);
    const p3 = await (await get('?pageSize=2&pageNumber=3')).json();
    assert.equal(p3.entities.length, 1);
    assert.equal(p3.entities[0].type, 'Event');
    assert.equal(p3.entities[0].events[0].presence.type, 'Join');
    const all = await (await get('?pageSize=500')).json();
    assert.equal(all.pageSize, 100);
    assert.ok(all.entities.every((/** @type {any} */ e) => !e.events?.some((/** @type {any} */ ev) => ev.eventType === 'Typing')));
    const times = all.entities.map((/** @type {any} */ e) => e.channel.time);
    assert.deepEqual(times, [...times].sort().reverse());

    const none = await get('', '');
    assert.equal(none.status, 401);
    assert.equal((await none.json()).status, 401);
    assert.equal((await get('', 'Bearer not-a-jwt')).status, 401);
  });

  test('history answers 429 with Retry-After after 10 calls a minute', async () => {
    const { client, token } = await guest();
    const { jwt } = (await client.request({ action: 'getJwt', token })).body;
    const get = () => fetch(`${sim.apiUrl}/api/v2/webmessaging/messages`, { headers: { Authorization: `Bearer ${jwt}` } });
    for (let i = 0; i < 10; i++) assert.equal((await get()).status, 200);
    const limited = await get();
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
    assert.match(limited.headers.get('access-control-expose-headers') ?? '', /Retry-After/);
  });
});

describe('session lifecycle', () => {
  test('closeSession: caller gets connected:false, the others ConnectionClosedEvent and a close', async () => {
    const a = await guest();
    const b = await guest(a.token);
    const res = await a.client.request({ action: 'closeSession', token: a.token, closeAllConnections: true });
    assert.equal(res.class, 'SessionResponse');
    assert.deepEqual(res.body, { connected: false, readOnly: false });
    assert.equal((await b.client.ofClass('ConnectionClosedEvent')).code, 200);
    await b.client.closed;
    assert.equal(snapshot(a.token)?.connections, 0);
  });

  test('Presence Clear: echo, SessionClearedEvent, ConnectionClosedEvent, close; then a new session', async () => {
    const { client, token } = await guest();
    await client.say(token, 'something private');
    client.send({ action: 'onMessage', token, tracingId: 'clear', message: { type: 'Event', events: [{ eventType: 'Presence', presence: { type: 'Clear' } }] } });
    const echo = await client.reply('clear');
    assert.equal(echo.body.events[0].presence.type, 'Clear');
    await client.ofClass('SessionClearedEvent');
    await client.ofClass('ConnectionClosedEvent');
    await client.closed;
    const order = client.raw.map((t) => JSON.parse(t).class);
    assert.ok(order.indexOf('SessionClearedEvent') < order.indexOf('ConnectionClosedEvent'));
    assert.equal(snapshot(token), undefined);
    const again = await guest(token);
    assert.equal(again.response.body.newSession, true);
  });

  test('Presence Clear is refused with 403 when conversationClear is disabled', async () => {
    sim.setOptions({ config: { messenger: { apps: { conversations: { conversationClear: { enabled: false } } } } } });
    const { client, token } = await guest();
    const res = await client.request({ action: 'onMessage', token, message: { type: 'Event', events: [{ eventType: 'Presence', presence: { type: 'Clear' } }] } });
    assert.deepEqual([res.class, res.code, res.body], ['string', 403, 'Presence events Conversation Clear are not supported']);
  });

  test('expire: SessionExpiredEvent, then the token answers 4007', async () => {
    const { client, token } = await guest();
    sim.expire({ token });
    const ev = await client.ofClass('SessionExpiredEvent');
    assert.deepEqual(ev, { type: 'response', class: 'SessionExpiredEvent', code: 200, body: {} });
    assert.equal((await client.say(token, 'anyone?')).code, 4007);
    const fresh = await rawGuest();
    const res = await fresh.configure(token);
    assert.deepEqual([res.class, res.code], ['string', 4007]);
  });

  test('inactivity expiry after durationSeconds', async () => {
    sim.setOptions({ durationSeconds: 0.05 });
    const { client } = await guest();
    await client.ofClass('SessionExpiredEvent', 1000);
  });

  test('read-only disconnect, then closeSession and configureSession{startNew:true}', async () => {
    const { client, token } = await guest();
    await client.say(token, 'hello');
    sim.disconnect({ token });
    const disc = await client.take((f) => f.body?.events?.[0]?.presence?.type === 'Disconnect');
    assert.equal(disc.body.direction, 'Outbound');
    assert.equal(disc.body.metadata.readOnly, 'true');

    const refused = await client.say(token, 'wait!');
    assert.deepEqual([refused.class, refused.code], ['string', 409]);
    const resumed = await guest(token);
    assert.equal(resumed.response.body.readOnly, true);
    assert.equal(resumed.response.body.newSession, false);

    const closed = await client.request({ action: 'closeSession', token, closeAllConnections: true });
    assert.deepEqual(closed.body, { connected: false, readOnly: true });
    const fresh = await client.configure(token, { startNew: true });
    assert.equal(fresh.body.newSession, true);
    assert.equal(fresh.body.readOnly, false);
    assert.equal((await client.say(token, 'new conversation')).code, 200);
    const s = snapshot(token);
    assert.deepEqual(s?.messages.map((m) => m.text), ['new conversation']);
    assert.equal(s?.newSessionCount, 2);
  });
});

describe('control API', () => {
  test('drop terminates sockets without a close handshake', async () => {
    const { client, token } = await guest();
    assert.deepEqual(sim.drop({ token }), { dropped: 1 });
    assert.equal(await client.closed, 1006);
  });

  test('inject sends raw strings verbatim and objects as JSON', async () => {
    const { client, token } = await guest();
    sim.inject({ token, frame: '{"broken":' });
    sim.inject({ frame: { type: 'message', class: 'Mystery', code: 200, body: {} } });
    await sleep(30);
    assert.deepEqual(client.raw.slice(-2), ['{"broken":', '{"type":"message","class":"Mystery","code":200,"body":{}}']);
  });

  test('agentMessage with quick replies and agentTyping with either duration field', async () => {
    const { client, token } = await guest();
    sim.agentTyping({ token, field: 'durationMs', duration: 3000 });
    const typing = await client.take((f) => f.body?.type === 'Event');
    assert.deepEqual(typing.body.events, [{ eventType: 'Typing', typing: { type: 'On', durationMs: 3000 } }]);
    assert.equal(typing.body.direction, 'Outbound');
    sim.agentMessage({ token, text: 'Pick one', quickReplies: [{ text: 'Yes', payload: 'Y' }, { text: 'No', payload: 'N' }], nickname: 'Sam' });
    const msg = await client.take((f) => f.body?.type === 'Structured');
    assert.match(msg.body.id, HEX32);
    assert.equal(msg.body.channel.from.nickname, 'Sam');
    assert.equal(msg.body.originatingEntity, 'Human');
    assert.deepEqual(msg.body.content[1], { contentType: 'QuickReply', quickReply: { text: 'No', payload: 'N', action: 'Message' } });
  });

  test('over HTTP with CORS: preflight, POST /__sim/<method>, GET /__sim/sessions, errors', async () => {
    const { client, token } = await guest();
    const pre = await fetch(`${sim.httpUrl}/__sim/agentMessage`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:8000', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' },
    });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get('access-control-allow-origin'), 'http://localhost:8000');
    assert.match(pre.headers.get('access-control-allow-headers') ?? '', /Authorization/);
    assert.match(pre.headers.get('access-control-allow-headers') ?? '', /Content-Type/);

    const post = (/** @type {string} */ m, /** @type {unknown} */ body) =>
      fetch(`${sim.httpUrl}/__sim/${m}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: 'http://localhost:8000' }, body: JSON.stringify(body) });
    const res = await post('agentMessage', { token, text: 'From HTTP' });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), 'http://localhost:8000');
    const stored = await res.json();
    assert.equal(stored.text, 'From HTTP');
    assert.equal((await client.take((f) => f.body?.text === 'From HTTP')).body.id, stored.id);

    const list = await (await fetch(`${sim.httpUrl}/__sim/sessions`)).json();
    assert.equal(list[0].token, token);
    assert.equal(list[0].messages[0].text, 'From HTTP');

    assert.equal((await post('agentMessage', { token: 'nope', text: 'x' })).status, 404);
    assert.equal((await post('notAMethod', {})).status, 404);
    const bad = await fetch(`${sim.httpUrl}/__sim/inject`, { method: 'POST', body: '{oops' });
    assert.equal(bad.status, 400);
    assert.equal((await post('reset', {})).status, 200);
    assert.equal(sim.sessions().length, 0);
  });

  test('config.json: defaults per protocol §6.3, overridable, with CORS', async () => {
    const res = await fetch(`${sim.httpUrl}/webdeployments/v1/deployments/dep-42/config.json`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    const cfg = await res.json();
    assert.equal(cfg.id, 'dep-42');
    const conv = cfg.messenger.apps.conversations;
    assert.equal(conv.showAgentTypingIndicator, true);
    assert.equal(conv.showUserTypingIndicator, true);
    assert.deepEqual(conv.conversationDisconnect, { enabled: true, type: 'ReadOnly' });
    assert.deepEqual(conv.conversationClear, { enabled: true });
    assert.deepEqual(conv.autoStart, { enabled: false });
    sim.setOptions({ config: { messenger: { apps: { conversations: { autoStart: { enabled: true } } } } } });
    const cfg2 = await (await fetch(`${sim.httpUrl}/webdeployments/v1/deployments/dep-42/config.json`)).json();
    assert.equal(cfg2.messenger.apps.conversations.autoStart.enabled, true);
    assert.equal(cfg2.messenger.apps.conversations.showUserTypingIndicator, true);
  });
});

describe('fault injection', () => {
  test('the PRNG repeats for a seed and differs between seeds', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const seqA = Array.from({ length: 8 }, a);
    assert.deepEqual(seqA, Array.from({ length: 8 }, b));
    assert.notDeepEqual(seqA, Array.from({ length: 8 }, c));
    assert.ok(seqA.every((x) => x >= 0 && x < 1));
  });

  test('duplicate: every server frame twice; the message itself is stored once', async () => {
    const { client, token } = await guest();
    sim.setOptions({ faults: { seed: 1, duplicate: 1 } });
    client.send({ action: 'onMessage', token, tracingId: 't-dup', message: { type: 'Text', text: 'once' } });
    const echoes = await client.collect((f) => f.tracingId === 't-dup', 150);
    assert.equal(echoes.length, 2);
    assert.deepEqual(echoes[0], echoes[1]);
    assert.deepEqual(snapshot(token)?.messages.map((m) => m.text), ['once']);
    assert.ok(sim.faultStats().duplicated >= 1, 'echo duplicated');
  });

  test('reorder: a held-back frame goes out after the next one, or after holdMs', async () => {
    const { client, token } = await guest();
    const texts = () => client.raw.map((r) => JSON.parse(r).body?.text).filter(Boolean);
    sim.setOptions({ faults: { seed: 1, reorder: 1, holdMs: 50 } });
    sim.agentMessage({ token, text: 'first' });
    sim.agentMessage({ token, text: 'second' });
    // 'first' is held back; 'second' goes out and releases it.
    await sleep(20);
    assert.deepEqual(texts(), ['second', 'first']);
    sim.agentMessage({ token, text: 'alone' });
    await sleep(20);
    assert.equal(texts().length, 2, 'held for up to holdMs');
    await sleep(80);
    assert.deepEqual(texts(), ['second', 'first', 'alone']);
    assert.equal(sim.faultStats().reordered, 1);
  });

  test('rateLimit429: a 429 with retryAfter, nothing stored', async () => {
    const { client, token } = await guest();
    sim.setOptions({ faults: { seed: 1, rateLimit429: 1, retryAfter: 3 } });
    const res = await client.say(token, 'refused');
    assert.equal(res.class, 'TooManyRequestsErrorMessage');
    assert.equal(res.code, 429);
    assert.equal(res.body.retryAfter, 3);
    assert.equal(snapshot(token)?.messages.length, 0);
    sim.setOptions({ faults: null });
    assert.equal((await client.say(token, 'accepted')).code, 200);
  });

  test('dropAfterMessage: the socket dies with the message stored, before or after the echo', async () => {
    sim.setOptions({ faults: { seed: 3, dropAfterMessage: 1 } });
    let before = 0;
    let after = 0;
    for (let i = 0; i < 6; i++) {
      const { client, token } = await guest();
      client.send({ action: 'onMessage', token, tracingId: `t-${i}`, message: { type: 'Text', text: `m${i}` } });
      assert.equal(await client.closed, 1006);
      const echoed = client.raw.some((r) => JSON.parse(r).tracingId === `t-${i}`);
      if (echoed) after += 1;
      else before += 1;
      assert.deepEqual(snapshot(token)?.messages.map((m) => m.text), [`m${i}`], 'stored either way');
    }
    const stats = sim.faultStats();
    assert.equal(stats.droppedBeforeEcho, before);
    assert.equal(stats.droppedAfterEcho, after);
    assert.ok(before > 0 && after > 0, `both kinds happen (${before}/${after})`);
  });

  test('historyFailure: history GETs answer 503', async () => {
    const { client, token } = await guest();
    const { body } = await client.request({ action: 'getJwt', token });
    sim.setOptions({ faults: { historyFailure: 1 } });
    const get = () => fetch(`${sim.apiUrl}/api/v2/webmessaging/messages`, { headers: { Authorization: `Bearer ${body.jwt}` } });
    assert.equal((await get()).status, 503);
    sim.setOptions({ faults: null });
    assert.equal((await get()).status, 200);
  });

  test('deploymentId limits faults to that deployment; reset() turns them off', async () => {
    const { client, token } = await guest();
    sim.setOptions({ faults: { duplicate: 1, deploymentId: 'another-deployment' } });
    client.send({ action: 'onMessage', token, tracingId: 't-other', message: { type: 'Text', text: 'x' } });
    assert.equal((await client.collect((f) => f.tracingId === 't-other', 100)).length, 1);
    sim.setOptions({ faults: { duplicate: 1 } });
    sim.reset();
    assert.equal(sim.options.faults, null);
    const stats = sim.faultStats();
    assert.ok(Object.keys(stats).length >= 18, 'every fault is counted');
    assert.deepEqual(Object.entries(stats).filter(([, n]) => n !== 0), [], 'every counter back to 0');
  });

  test('deliveryJitterMs: each frame waits a random 0..N ms, and a socket keeps its order', async () => {
    const { client, token } = await guest();
    const seen = () => client.raw.map((r) => JSON.parse(r).body?.text).filter((t) => t?.startsWith('j '));
    sim.setOptions({ faults: { seed: 3, deliveryJitterMs: 40 } });
    const started = Date.now();
    const texts = Array.from({ length: 40 }, (_, i) => `j ${i}`);
    /** @type {number[]} */
    const arrivals = [];
    client.ws.on('message', () => arrivals.push(Date.now() - started));
    for (const text of texts) sim.agentMessage({ token, text });
    assert.deepEqual(seen(), [], 'nothing goes out synchronously');
    for (let i = 0; i < 100 && seen().length < texts.length; i++) await sleep(10);
    assert.deepEqual(seen(), texts, 'every frame, in the order sent');
    const stats = sim.faultStats();
    assert.ok(stats.delayed >= 30 && stats.delayed <= 40, `most frames delayed: ${stats.delayed}`);
    assert.ok(arrivals.at(-1) >= 20 && arrivals.at(-1) < 400, `the last frame waited a while: ${arrivals.at(-1)} ms`);

    // Turning the jitter off does not let a new frame overtake the ones still waiting.
    sim.setOptions({ faults: { seed: 3, deliveryJitterMs: 1000 } });
    sim.agentMessage({ token, text: 'j slow' });
    sim.setOptions({ faults: null });
    sim.agentMessage({ token, text: 'j fast' });
    await sleep(30);
    assert.deepEqual(seen().slice(-2), texts.slice(-2), 'both still held back');
    for (let i = 0; i < 150 && seen().length < texts.length + 2; i++) await sleep(10);
    assert.deepEqual(seen().slice(-2), ['j slow', 'j fast']);
  });

  test('deliveryJitterMs is seeded: the same seed draws the same delays, and other faults roll as without it', () => {
    /** @param {import('../../server/faults.mjs').FaultOptions} options */
    const delays = (options) => {
      const faults = new Faults(options);
      /** @type {number[]} */
      const out = [];
      const target = { deploymentId: 'd', held: null, isOpen: () => true, write: () => true, writeAfter: (/** @type {string} */ _d, /** @type {number} */ ms) => out.push(ms) > 0 };
      for (let i = 0; i < 20; i++) faults.deliver(target, `f${i}`);
      return { out, next: faults.random() };
    };
    const a = delays({ seed: 5, deliveryJitterMs: 100 });
    assert.deepEqual(a.out, delays({ seed: 5, deliveryJitterMs: 100 }).out);
    assert.notDeepEqual(a.out, delays({ seed: 6, deliveryJitterMs: 100 }).out);
    assert.ok(a.out.every((ms) => Number.isInteger(ms) && ms >= 0 && ms <= 100));
    assert.ok(new Set(a.out).size > 10, 'spread over the range');
    // The duplicate/reorder rolls are not shifted by the jitter's draws.
    assert.equal(delays({ seed: 5, deliveryJitterMs: 100, duplicate: 0.5 }).next, delays({ seed: 5, duplicate: 0.5 }).next);
  });

  test('deliveryJitterMs: a close handshake waits for the frames before it (Presence Clear)', async () => {
    const { client, token } = await guest();
    sim.setOptions({ faults: { seed: 2, deliveryJitterMs: 60 } });
    client.send({ action: 'onMessage', token, tracingId: 'clear', message: { type: 'Event', events: [{ eventType: 'Presence', presence: { type: 'Clear' } }] } });
    const code = await client.closed;
    assert.equal(code, 1000);
    const order = client.raw.map((r) => JSON.parse(r).class);
    assert.deepEqual(order.slice(-3), ['StructuredMessage', 'SessionClearedEvent', 'ConnectionClosedEvent']);
  });

  test('deliveryJitterMs with dropAfterMessage: "after the echo" still means the echo went out', async () => {
    const { client, token } = await guest();
    sim.setOptions({ faults: { seed: 1, deliveryJitterMs: 200, dropAfterMessage: 1 } });
    /** @type {number} */
    let fired = 0;
    for (let i = 0; i < 20 && !fired; i++) {
      const c = i === 0 ? client : (await guest(token)).client;
      c.send({ action: 'onMessage', token, tracingId: `d${i}`, message: { type: 'Text', text: `d${i}` } });
      await c.closed;
      if (sim.faultStats().droppedAfterEcho) {
        fired = 1;
        assert.ok(c.raw.some((r) => JSON.parse(r).tracingId === `d${i}`), 'the echo arrived before the drop');
      }
    }
    assert.equal(fired, 1, 'an after-echo drop fired');
  });
});

describe('scripted agent and agent console', () => {
  test('types, then answers; "help" gets three quick replies; the customer message is marked Read', async () => {
    sim.setOptions({ scriptedAgent: true, receipts: true });
    const { client, token } = await guest();
    await client.say(token, 'help please');
    const typing = await client.take((f) => f.body?.events?.[0]?.eventType === 'Typing');
    assert.equal(typing.body.events[0].typing.duration, 5000);
    const read = await client.take((f) => f.body?.type === 'Receipt' && f.body.status === 'Read');
    assert.ok(read);
    const reply = await client.take((f) => f.body?.direction === 'Outbound' && f.body.type === 'Structured');
    assert.equal(reply.body.content.length, 3);
    assert.equal(reply.body.channel.from.nickname, 'Alex (Support)');
  });

  test('"bye" ends the conversation read-only', async () => {
    sim.setOptions({ scriptedAgent: true });
    const { client, token } = await guest();
    await client.say(token, 'ok bye');
    await client.take((f) => f.body?.type === 'Text' && f.body.direction === 'Outbound');
    const disc = await client.take((f) => f.body?.events?.[0]?.presence?.type === 'Disconnect');
    assert.equal(disc.body.metadata.readOnly, 'true');
    assert.equal(snapshot(token)?.readOnly, true);
  });

  test('composeReply picks canned answers by keyword', () => {
    const ctx = { first: false, agentName: 'Alex (Support)', turn: 0 };
    assert.match(composeReply('where is my order', ctx).text, /A-1042/);
    assert.match(composeReply('i want a refund', ctx).text, /refund/);
    assert.equal(composeReply('show me the options', ctx).quickReplies?.length, 3);
    assert.equal(composeReply('goodbye', ctx).disconnect, true);
    assert.match(composeReply('anything', { ...ctx, first: true }).text, /^Hi, I'm Alex!/);
  });

  test('an attached console silences the scripted agent and sees the conversation live', async () => {
    sim.setOptions({ scriptedAgent: true });
    const { client, token } = await guest();
    const agent = new WebSocket(`${sim.httpUrl.replace('http', 'ws')}/agent`);
    /** @type {any[]} */
    const got = [];
    agent.on('message', (d) => got.push(JSON.parse(d.toString())));
    await new Promise((r) => agent.once('open', r));
    const until = async (/** @type {(m: any) => boolean} */ pred) => {
      for (let i = 0; i < 100 && !got.some(pred); i++) await sleep(10);
      const hit = got.find(pred);
      assert.ok(hit, `console message not received: ${JSON.stringify(got).slice(0, 500)}`);
      return hit;
    };
    const hello = await until((m) => m.type === 'hello');
    assert.equal(hello.sessions[0].token, token);
    agent.send(JSON.stringify({ type: 'attach', token }));
    await until((m) => m.type === 'transcript');
    assert.equal(snapshot(token)?.consoleAttached, true);

    await client.say(token, 'is anyone there?');
    await until((m) => m.type === 'message' && m.message.text === 'is anyone there?');
    client.send({ action: 'onMessage', token, message: { type: 'Event', events: [{ eventType: 'Typing', typing: { type: 'On' } }] } });
    await until((m) => m.type === 'typing');
    agent.send(JSON.stringify({ type: 'typing' }));
    await client.take((f) => f.body?.events?.[0]?.eventType === 'Typing');
    agent.send(JSON.stringify({ type: 'send', text: 'A real person here' }));
    const reply = await client.take((f) => f.body?.direction === 'Outbound' && f.body.type === 'Text');
    assert.equal(reply.body.text, 'A real person here');
    await sleep(60); // the scripted agent (20 ms) would have answered by now
    const outbound = snapshot(token)?.messages.filter((m) => m.direction === 'Outbound') ?? [];
    // Attaching made the agent join (Presence Join), then only the person spoke.
    assert.deepEqual(
      outbound.map((m) => m.text ?? m.events?.[0]?.presence?.type),
      ['Join', 'A real person here'],
    );

    client.send({ action: 'onMessage', token, message: { type: 'Receipt', id: reply.body.id, status: 'Read' } });
    const receipt = await until((m) => m.type === 'receipt');
    assert.deepEqual(receipt.readIds, [reply.body.id]);
    agent.close();
  });

  test('the agent console shows the unverified receipts option (off by default) and can switch it', async () => {
    const agent = new WebSocket(`${sim.httpUrl.replace('http', 'ws')}/agent`);
    /** @type {any[]} */
    const got = [];
    agent.on('message', (d) => got.push(JSON.parse(d.toString())));
    await new Promise((r) => agent.once('open', r));
    const until = async (/** @type {(m: any) => boolean} */ pred) => {
      for (let i = 0; i < 100 && !got.some(pred); i++) await sleep(10);
      const hit = got.find(pred);
      assert.ok(hit, `console message not received: ${JSON.stringify(got).slice(0, 500)}`);
      return hit;
    };
    assert.equal((await until((m) => m.type === 'hello')).receipts, false);
    agent.send(JSON.stringify({ type: 'set-receipts', on: true }));
    assert.equal((await until((m) => m.type === 'options')).receipts, true);
    assert.equal(sim.options.receipts, true);
    got.length = 0;
    sim.setOptions({ receipts: false });
    assert.equal((await until((m) => m.type === 'options')).receipts, false);
    agent.close();
    const page = await (await fetch(`${sim.httpUrl}/demo/agent.html`)).text();
    assert.match(page, /id="receipts"/);
    assert.match(page, /unverified/);
  });

  test('the agent console refuses cross-origin pages', async () => {
    const agent = new WebSocket(`${sim.httpUrl.replace('http', 'ws')}/agent`, { headers: { Origin: 'http://evil.example' } });
    const status = await new Promise((resolve) => agent.once('unexpected-response', (_req, res) => resolve(res.statusCode)));
    assert.equal(status, 403);
  });
});

describe('static files', () => {
  test('serves the agent console, and files under static.root without traversal', async () => {
    const { mkdtemp, writeFile, mkdir } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const root = await mkdtemp(path.join(tmpdir(), 'sim-static-'));
    await mkdir(path.join(root, 'dist'));
    await writeFile(path.join(root, 'index.html'), '<!doctype html><title>demo</title>');
    await writeFile(path.join(root, 'dist', 'app.js'), 'console.log(1)');
    const site = await startSimulator({ static: { root } });
    try {
      const index = await fetch(`${site.httpUrl}/`);
      assert.equal(index.status, 200);
      assert.match(index.headers.get('content-type') ?? '', /text\/html/);
      const js = await fetch(`${site.httpUrl}/dist/app.js`);
      assert.match(js.headers.get('content-type') ?? '', /javascript/);
      assert.equal(await js.text(), 'console.log(1)');
      assert.equal((await fetch(`${site.httpUrl}/missing.js`)).status, 404);
      const traversal = await fetch(`${site.httpUrl}/..%2f..%2fetc%2fpasswd`);
      assert.ok([403, 404].includes(traversal.status));
      const agentPage = await fetch(`${site.httpUrl}/demo/agent.html`);
      assert.equal(agentPage.status, 200);
      assert.match(await agentPage.text(), /Agent console/);
    } finally {
      await site.close();
    }
  });
});
