// The real service's unkindness, as opt-in simulator faults (server/faults.mjs, issue 15 §1):
// each fault proven at the wire level with a real WebSocket and real HTTP.
//   node --test test/server/hostile.test.mjs
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { startSimulator } from '../../server/simulator.mjs';
import { DEFAULT_METADATA, FINAL_REFUSAL_CODES, Faults } from '../../server/faults.mjs';
import { GuestClient, connected, sleep } from './ws-client.mjs';

/** @type {import('../../server/simulator.mjs').Simulator} */
let sim;
/** @type {GuestClient[]} */
let clients = [];
let tokenCounter = 0;
const newToken = () => `hostile-${process.pid}-${++tokenCounter}`;
const snapshot = (/** @type {string} */ token) => sim.sessions().find((s) => s.token === token);
const REDIRECT = 'http://shop.example/return';

/** A guest configured for a new token, closed after the test. */
async function guest(token = newToken()) {
  const { client, response } = await connected(sim.wsUrl, token);
  clients.push(client);
  return { client, response, token };
}

/** The session's history over REST (getJwt first). @param {GuestClient} client @param {string} token */
async function historyGetter(client, token) {
  const { body } = await client.request({ action: 'getJwt', token });
  return () => fetch(`${sim.apiUrl}/api/v2/webmessaging/messages?pageSize=100`, { headers: { Authorization: `Bearer ${body.jwt}` } });
}

/** POST a control method over HTTP, as the browser tests do. @param {string} method @param {unknown} args */
async function control(method, args) {
  const res = await fetch(`${sim.httpUrl}/__sim/${method}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(args) });
  return { status: res.status, body: await res.json() };
}

/** POST a token endpoint. @param {'oauthcodegrantjwtexchange'|'refresh'} name @param {unknown} body */
async function tokenCall(name, body) {
  const res = await fetch(`${sim.httpUrl}/api/v2/webdeployments/token/${name}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.text() };
}
const exchangeBody = () => ({ deploymentId: 'dep-test', oauth: { code: sim.issueCode({ redirectUri: REDIRECT }).code, redirectUri: REDIRECT } });

/** A frame without a tracingId: the wire text has no such key at all. @param {GuestClient} client @param {number} code */
const rawHasTracingId = (client, code) => client.raw.filter((r) => JSON.parse(r).code === code).some((r) => r.includes('"tracingId"'));

before(async () => {
  sim = await startSimulator({ ratePerSecond: 0, agentDelays: { typing: 10, reply: 20, disconnect: 20 }, deployments: 'any' });
});
after(async () => {
  await sim.close();
});
beforeEach(() => {
  for (const c of clients) c.ws.terminate();
  clients = [];
  sim.reset();
});

describe('untaggedErrors and stripTracingIds', () => {
  test('untaggedErrors: a message is answered by 5000 or 429 with no tracingId, and not stored', async () => {
    const { client, token } = await guest();
    sim.setOptions({ faults: { seed: 2, untaggedErrors: 1, retryAfter: 3 } });
    /** @type {Record<string, any>[]} */
    const errors = [];
    for (let i = 0; i < 12; i++) {
      client.send({ action: 'onMessage', token, tracingId: `u-${i}`, message: { type: 'Text', text: `u${i}` } });
      errors.push(await client.take((f) => f.code !== 200));
    }
    for (const f of errors) {
      assert.equal('tracingId' in f, false, JSON.stringify(f));
      if (f.code === 5000) assert.deepEqual(f, { type: 'response', class: 'string', code: 5000, body: 'Request failed.' });
      else assert.deepEqual(f, { type: 'response', class: 'TooManyRequestsErrorMessage', code: 429, body: { retryAfter: 3, errorCode: 4029, errorMessage: 'Message rate too high for this session' } });
    }
    const codes = new Set(errors.map((f) => f.code));
    assert.deepEqual([...codes].sort(), [429, 5000], 'both transient shapes');
    assert.equal(client.raw.some((r) => r.includes('"u-')), false, 'no frame names any of those tracingIds');
    assert.deepEqual(snapshot(token)?.messages, [], 'nothing stored');
    assert.equal(sim.faultStats().untaggedErrors, 12);
    assert.deepEqual(snapshot(token)?.errorsSent.map((e) => e.tracingId), Array(12).fill(null));

    sim.setOptions({ faults: null });
    assert.equal((await client.say(token, 'accepted')).code, 200, 'a resend goes through once the fault is off');
  });

  test('untaggedErrors rolls are seeded: the same seed gives the same codes', () => {
    const codes = (/** @type {number} */ seed) => {
      const f = new Faults({ seed, untaggedErrors: 0.5 });
      return Array.from({ length: 30 }, () => f.untaggedError({ deploymentId: 'd' })?.code ?? 0);
    };
    assert.deepEqual(codes(4), codes(4));
    assert.notDeepEqual(codes(4), codes(5));
    assert.ok(codes(4).includes(0) && codes(4).includes(5000) && codes(4).includes(429));
  });

  test('untaggedErrors does not shift the rolls of the older faults', () => {
    const rolls = (/** @type {import('../../server/faults.mjs').FaultOptions} */ o) => {
      const f = new Faults(o);
      return Array.from({ length: 30 }, () => [f.untaggedError({ deploymentId: 'd' }), f.rateLimit({ deploymentId: 'd' })][1]);
    };
    assert.deepEqual(rolls({ seed: 9, rateLimit429: 0.5, untaggedErrors: 0.5 }), rolls({ seed: 9, rateLimit429: 0.5 }));
  });

  test('stripTracingIds: every error frame goes out without its tracingId; echoes keep theirs', async () => {
    const { client, token } = await guest();
    sim.setOptions({ faults: { stripTracingIds: true } });
    client.send({ action: 'onMessage', token, tracingId: 'long', message: { type: 'Text', text: 'x'.repeat(5000) } });
    const tooLong = await client.take((f) => f.code === 4011);
    client.send({ action: 'onMessage', token, tracingId: 'attrs', message: { type: 'Text', text: 'a', channel: { metadata: { customAttributes: { big: 'y'.repeat(3000) } } } } });
    const attrs = await client.take((f) => f.code === 4013);
    client.send({ action: 'getJwt', token: 'not-this-session', tracingId: 'nf' });
    const notFound = await client.take((f) => f.code === 4007);
    for (const f of [tooLong, attrs, notFound]) assert.equal('tracingId' in f, false, JSON.stringify(f));
    assert.equal(rawHasTracingId(client, 4011) || rawHasTracingId(client, 4013) || rawHasTracingId(client, 4007), false);
    assert.equal(sim.faultStats().strippedTracingIds, 3);
    const echo = await client.say(token, 'fine');
    assert.equal(echo.code, 200, 'the echo still carries the tracingId (say() waits on it)');

    sim.setOptions({ faults: null });
    client.send({ action: 'onMessage', token, tracingId: 'long-2', message: { type: 'Text', text: 'x'.repeat(5000) } });
    assert.equal((await client.reply('long-2')).code, 4011, 'off: the error is tagged again');
  });
});

describe('swallowEcho', () => {
  test('the message is stored, in history and reaches the agent, but never echoed; the socket stays up', async () => {
    const { client, token } = await guest();
    const get = await historyGetter(client, token);
    sim.setOptions({ receipts: true, faults: { swallowEcho: 1 } });
    /** @type {string[]} */
    const agentSaw = [];
    sim.events.on('customer-message', (e) => agentSaw.push(e.message.text));
    client.send({ action: 'onMessage', token, tracingId: 'sw-1', message: { type: 'Text', text: 'swallowed', metadata: { customMessageId: 'c-1' } } });
    const frames = await client.collect(() => true, 250);
    assert.deepEqual(frames, [], 'no echo, no receipt, no error');
    assert.equal(client.ws.readyState, client.ws.OPEN, 'the socket stays up');
    assert.deepEqual(snapshot(token)?.messages.map((m) => [m.text, m.tracingId]), [['swallowed', 'sw-1']]);
    assert.deepEqual(agentSaw, ['swallowed']);
    const history = await (await get()).json();
    assert.deepEqual(history.entities.map((/** @type {any} */ e) => [e.text, e.metadata.customMessageId]), [['swallowed', 'c-1']]);
    assert.equal(sim.faultStats().swallowedEchoes, 1);

    sim.setOptions({ faults: null });
    assert.equal((await client.say(token, 'echoed')).body.text, 'echoed', 'the same socket works on');
  });
});

describe('metadata', () => {
  const meta = { customMessageId: 'cm-1', id: 'id-1', other: 'x' };

  /** Send one message with `meta`; the echo's and history's metadata. @param {import('../../server/faults.mjs').MetadataMode | undefined} mode */
  async function roundTrip(mode) {
    const { client, token } = await guest();
    const get = await historyGetter(client, token);
    if (mode) sim.setOptions({ faults: { metadata: mode } });
    const echo = await client.say(token, 'hello', { metadata: meta });
    const history = await (await get()).json();
    const strip = (/** @type {Record<string, string>} */ m) => {
      assert.match(m.correlationId ?? '', /^[0-9a-f-]{36}$/, 'the server keeps its correlationId');
      const { correlationId: _c, ...rest } = m;
      return rest;
    };
    return { echo: strip(echo.body.metadata), history: strip(history.entities[0].metadata), stats: sim.faultStats() };
  }

  test("default ('customMessageId', what is confirmed): only that key survives", async () => {
    assert.equal(DEFAULT_METADATA, 'customMessageId');
    const r = await roundTrip(undefined);
    assert.deepEqual(r.echo, { customMessageId: 'cm-1' });
    assert.deepEqual(r.history, { customMessageId: 'cm-1' });
  });

  test("'all': every guest key survives", async () => {
    const r = await roundTrip('all');
    assert.deepEqual(r.echo, meta);
    assert.deepEqual(r.history, meta);
  });

  test("'customMessageId': only that key survives, in the echo AND in history", async () => {
    const r = await roundTrip('customMessageId');
    assert.deepEqual(r.echo, { customMessageId: 'cm-1' });
    assert.deepEqual(r.history, { customMessageId: 'cm-1' });
    assert.equal(r.stats.metadataFiltered, 1);
  });

  test("'none': no guest key survives, in the echo AND in history", async () => {
    const r = await roundTrip('none');
    assert.deepEqual(r.echo, {});
    assert.deepEqual(r.history, {});
  });

  test('an unknown mode is refused (400 over the control API), and the faults in force stay', async () => {
    sim.setOptions({ faults: { swallowEcho: 1 } });
    assert.throws(() => sim.setOptions({ faults: { metadata: /** @type {any} */ ('customMessageID') } }), /metadata must be one of/);
    const r = await control('setOptions', { faults: { metadata: 'some' } });
    assert.equal(r.status, 400);
    assert.equal(sim.options.faults?.swallowEcho, 1);
    assert.equal(sim.faults.options.swallowEcho, 1);
  });
});

describe('historyFailureKinds', () => {
  test('network: the HTTP socket is destroyed with no answer', async () => {
    const { client, token } = await guest();
    const get = await historyGetter(client, token);
    sim.setOptions({ faults: { historyFailure: 1, historyFailureKinds: ['network'] } });
    await assert.rejects(get(), TypeError);
    const stats = sim.faultStats();
    assert.equal(stats.historyNetwork, 1);
    assert.equal(stats.historyFailed, 1);
  });

  test('5xx: 500, 502, 503 or 504 with a platform error body', async () => {
    const { client, token } = await guest();
    const get = await historyGetter(client, token);
    sim.setOptions({ faults: { seed: 4, historyFailure: 1, historyFailureKinds: ['5xx'] } });
    const statuses = new Set();
    for (let i = 0; i < 9; i++) {
      const res = await get();
      statuses.add(res.status);
      assert.equal((await res.json()).status, res.status);
    }
    assert.ok([...statuses].every((s) => [500, 502, 503, 504].includes(s)), [...statuses].join());
    assert.ok(statuses.size >= 2, 'a mix');
    assert.equal(sim.faultStats().history5xx, 9);
  });

  test("429: with Retry-After in seconds (historyRetryAfter, default 2)", async () => {
    const { client, token } = await guest();
    const get = await historyGetter(client, token);
    sim.setOptions({ faults: { historyFailure: 1, historyFailureKinds: ['429'] } });
    let res = await get();
    assert.equal(res.status, 429);
    assert.equal(res.headers.get('retry-after'), '2');
    assert.equal(res.headers.get('access-control-expose-headers'), 'Retry-After');
    sim.setOptions({ faults: { historyFailure: 1, historyFailureKinds: ['429'], historyRetryAfter: 7 } });
    res = await get();
    assert.equal(res.headers.get('retry-after'), '7');
    assert.equal(sim.faultStats().history429, 1);
  });

  test('a mix of kinds fails every way, and is seeded', async () => {
    const { client, token } = await guest();
    const get = await historyGetter(client, token);
    sim.setOptions({ faults: { seed: 11, historyFailure: 1, historyFailureKinds: ['network', '5xx', '429'] } });
    // 9 calls: the service's own limit is 10 a minute.
    for (let i = 0; i < 9; i++) await get().catch(() => null);
    const s = sim.faultStats();
    assert.equal(s.historyNetwork + s.history5xx + s.history429, 9);
    assert.ok(s.historyNetwork > 0 && s.history5xx > 0 && s.history429 > 0, JSON.stringify(s));
    assert.throws(() => sim.setOptions({ faults: { historyFailure: 1, historyFailureKinds: /** @type {any} */ (['timeout']) } }), /historyFailureKinds/);
  });
});

describe('tokenFailure', () => {
  test('the listed endpoint fails for forMs, then recovers; the others are untouched', async () => {
    sim.setOptions({ faults: { tokenFailure: { endpoints: ['exchange'], kinds: ['5xx'], forMs: 400 } } });
    const failed = await tokenCall('oauthcodegrantjwtexchange', exchangeBody());
    assert.ok([500, 502, 503, 504].includes(failed.status), String(failed.status));
    // refresh is not listed: it answers as usual (400 here: no such refresh token).
    assert.equal((await tokenCall('refresh', { refreshToken: 'nope' })).status, 400);
    await sleep(450);
    const ok = await tokenCall('oauthcodegrantjwtexchange', exchangeBody());
    assert.equal(ok.status, 200, ok.body);
    const { refreshToken } = JSON.parse(ok.body);
    assert.equal(sim.faultStats().tokenFailed, 1);
    assert.equal(sim.authStats().exchange, 2, 'the failed request is counted too');

    sim.setOptions({ faults: { tokenFailure: { endpoints: ['refresh'], kinds: ['network'], forMs: 300 } } });
    await assert.rejects(fetch(`${sim.httpUrl}/api/v2/webdeployments/token/refresh`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ refreshToken }) }), TypeError);
    await sleep(350);
    assert.equal((await tokenCall('refresh', { refreshToken })).status, 200, 'the refresh token still works after');
  });

  test('429 carries Retry-After; without kinds every kind happens; without forMs it lasts', async () => {
    sim.setOptions({ faults: { tokenFailure: { kinds: ['429'], retryAfter: 5 } } });
    const r = await tokenCall('refresh', { refreshToken: 'x' });
    assert.deepEqual([r.status, r.retryAfter], [429, '5']);

    sim.setOptions({ faults: { seed: 3, tokenFailure: {} } });
    const seen = new Set();
    for (let i = 0; i < 15; i++) {
      const res = await tokenCall('oauthcodegrantjwtexchange', exchangeBody()).catch(() => ({ status: 'network' }));
      seen.add(res.status === 'network' ? 'network' : res.status === 429 ? '429' : res.status >= 500 ? '5xx' : `other ${res.status}`);
    }
    assert.deepEqual([...seen].sort(), ['429', '5xx', 'network']);
    assert.equal(sim.faultStats().tokenFailed, 15);
  });

  test('deploymentId scopes it to that deployment', async () => {
    sim.setOptions({ faults: { deploymentId: 'another', tokenFailure: { kinds: ['5xx'] } } });
    assert.equal((await tokenCall('oauthcodegrantjwtexchange', exchangeBody())).status, 200);
  });
});

describe('expireSessions', () => {
  test("'event': every configure gets SessionExpiredEvent, then the socket closes; no session is made", async () => {
    sim.setOptions({ faults: { expireSessions: 'event' } });
    const token = newToken();
    for (let i = 0; i < 3; i++) {
      const c = await GuestClient.open(sim.wsUrl);
      clients.push(c);
      c.send({ action: 'configureSession', deploymentId: 'dep-test', token, tracingId: `cfg-${i}` });
      const f = await c.ofClass('SessionExpiredEvent');
      assert.deepEqual(f, { type: 'response', class: 'SessionExpiredEvent', code: 200, body: {} });
      assert.equal(await c.closed, 1000);
      assert.equal(c.raw.length, 1, 'nothing else: no SessionResponse');
    }
    assert.equal(snapshot(token), undefined);
    assert.equal(sim.faultStats().expiredSessions, 3);
    sim.setOptions({ faults: null });
    const { response } = await guest(token);
    assert.equal(response.body.newSession, true, 'once it stops, the token configures');
  });

  test("'4017': every configure (anonymous or authenticated) gets 4017 with its tracingId; the socket stays", async () => {
    const { client, token } = await guest();
    sim.setOptions({ faults: { expireSessions: '4017' } });
    const again = await client.configure(token);
    assert.deepEqual([again.class, again.code], ['string', 4017]);
    const auth = await client.request({ action: 'configureAuthenticatedSession', deploymentId: 'dep-test', token, data: { code: 'whatever' } });
    assert.deepEqual([auth.class, auth.code], ['string', 4017]);
    assert.equal(client.ws.readyState, client.ws.OPEN);
    assert.equal(snapshot(token)?.messages.length, 0);
    assert.equal(sim.faultStats().expiredSessions, 2);
    // With stripTracingIds too, the 4017 is untagged like the MT fixture.
    sim.setOptions({ faults: { expireSessions: '4017', stripTracingIds: true } });
    client.send({ action: 'configureSession', deploymentId: 'dep-test', token, tracingId: 'cfg-x' });
    const bare = await client.take((f) => f.code === 4017);
    assert.equal('tracingId' in bare, false);
  });
});

describe('finalRefusal', () => {
  test('a message is refused with a final 4xxx code and its tracingId, and not stored', async () => {
    const { client, token } = await guest();
    sim.setOptions({ faults: { seed: 6, finalRefusal: 1 } });
    const codes = new Set();
    for (let i = 0; i < 16; i++) {
      const f = await client.say(token, `f${i}`);
      assert.equal(f.class, 'string');
      assert.equal(typeof f.body, 'string');
      assert.ok(FINAL_REFUSAL_CODES.includes(f.code), String(f.code));
      codes.add(f.code);
    }
    assert.deepEqual([...codes].sort(), [...FINAL_REFUSAL_CODES].sort(), 'the default codes are a mix');
    assert.deepEqual(FINAL_REFUSAL_CODES, [4008, 4009, 4010, 4020]);
    assert.deepEqual(snapshot(token)?.messages, []);
    assert.equal(sim.faultStats().finalRefusals, 16);
  });

  test('finalRefusalCodes picks the codes; anything but 4xxx is refused', async () => {
    const { client, token } = await guest();
    sim.setOptions({ faults: { finalRefusal: 1, finalRefusalCodes: [4020] } });
    assert.equal((await client.say(token, 'a')).code, 4020);
    assert.throws(() => sim.setOptions({ faults: { finalRefusal: 1, finalRefusalCodes: [429] } }), /4xxx/);
  });
});

describe('configDelayMs', () => {
  test('config.json answers n ms late (counted), then on time once off', async () => {
    const url = `${sim.httpUrl}/webdeployments/v1/deployments/dep-slow/config.json`;
    sim.setOptions({ faults: { configDelayMs: 400 } });
    let t0 = Date.now();
    const res = await fetch(url);
    assert.equal(res.status, 200);
    assert.ok(Date.now() - t0 >= 390, `late: ${Date.now() - t0} ms`);
    assert.equal((await res.json()).id, 'dep-slow');
    assert.equal(sim.faultStats().configDelayed, 1);
    sim.setOptions({ faults: null });
    t0 = Date.now();
    await (await fetch(url)).json();
    assert.ok(Date.now() - t0 < 300, 'on time');
  });
});

describe('control API', () => {
  test('every new fault is settable over HTTP and counted by faultStats', async () => {
    const { client, token } = await guest();
    const set = await control('setOptions', {
      faults: { seed: 1, untaggedErrors: 1, metadata: 'customMessageId', tokenFailure: { endpoints: ['refresh'], forMs: 1000 }, configDelayMs: 1 },
    });
    assert.equal(set.status, 200);
    assert.equal(set.body.faults.metadata, 'customMessageId');
    client.send({ action: 'onMessage', token, tracingId: 'c-1', message: { type: 'Text', text: 'x' } });
    await client.take((f) => f.code !== 200);
    const stats = await control('faultStats', {});
    assert.equal(stats.status, 200);
    assert.equal(stats.body.untaggedErrors, 1);
    for (const key of ['untaggedErrors', 'strippedTracingIds', 'swallowedEchoes', 'metadataFiltered', 'historyNetwork', 'history5xx', 'history429', 'tokenFailed', 'expiredSessions', 'finalRefusals', 'configDelayed']) {
      assert.equal(typeof stats.body[key], 'number', key);
    }
    assert.equal((await control('setOptions', { faults: { expireSessions: 'later' } })).status, 400);
    assert.equal((await control('setOptions', { faults: { tokenFailure: { forMs: -1 } } })).status, 400);
  });
});
