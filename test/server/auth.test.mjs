// Authenticated web messaging in the simulator (server/auth.mjs): token exchange, refresh and
// revoke over REST, the simulated identity provider, configureAuthenticatedSession and the
// deployment's auth switches, and the agent console's Verified badge. node --test test/server/
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import WebSocket from 'ws';

import { startSimulator } from '../../server/simulator.mjs';
import { AUTH_TEXT, IDP_CSP_BASE } from '../../server/auth.mjs';
import { GuestClient, agentConsole, sleep } from './ws-client.mjs';

const DEP = 'dep-auth';
const REDIRECT = 'http://shop.example/account/return?from=chat';

/** @type {import('../../server/simulator.mjs').Simulator} */
let sim;
/** @type {GuestClient[]} */
let clients = [];
/** @type {WebSocket[]} */
let consoles = [];
let tokenCounter = 0;
const newToken = () => `auth-${process.pid}-${++tokenCounter}`;
const snapshot = (/** @type {string} */ token) => sim.sessions().find((s) => s.token === token);
const tokenUrl = (/** @type {string} */ name) => `${sim.httpUrl}/api/v2/webdeployments/token/${name}`;
const verifierPair = () => {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
};

/** POST JSON; resolves with status and parsed body. @param {string} url @param {unknown} body */
async function post(url, body) {
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
}

/** Exchange a fresh code for tokens. @param {Record<string, any>} [codeSpec] @param {Record<string, any>} [oauth] */
async function signIn(codeSpec = {}, oauth = {}, deploymentId = DEP) {
  const { code } = sim.issueCode({ redirectUri: REDIRECT, ...codeSpec });
  const r = await post(tokenUrl('oauthcodegrantjwtexchange'), { deploymentId, oauth: { code, redirectUri: REDIRECT, ...oauth } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return /** @type {{ jwt: string, refreshToken: string }} */ (r.body);
}

/** JWT payload. @param {string} jwt */
const claims = (jwt) => JSON.parse(Buffer.from(/** @type {string} */ (jwt.split('.')[1]), 'base64url').toString());

/** A raw guest socket on a deployment. */
async function socket(deploymentId = DEP) {
  const c = await GuestClient.open(sim.wsUrl, { deploymentId });
  clients.push(c);
  return c;
}

/** configureAuthenticatedSession on a new socket (or `c`). */
async function authConfigure(/** @type {string} */ token, /** @type {string} */ jwt, c = undefined, extra = {}) {
  const client = c ?? (await socket());
  const response = await client.request({ action: 'configureAuthenticatedSession', deploymentId: DEP, token, data: { code: jwt }, ...extra });
  return { client, response };
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

describe('token exchange', () => {
  test('a good code gives an HS256 JWT { iss, sub, name, email, deploymentId, iat, exp } and a refresh token; bodies are recorded', async () => {
    const { verifier, challenge } = verifierPair();
    const tokens = await signIn({ nonce: 'n-1', codeChallenge: challenge }, { codeVerifier: verifier, nonce: 'n-1', maxAge: 600, iss: 'https://idp.example' });
    const [h, p, sig] = tokens.jwt.split('.');
    assert.deepEqual(JSON.parse(Buffer.from(/** @type {string} */ (h), 'base64url').toString()), { alg: 'HS256', typ: 'JWT' });
    assert.match(/** @type {string} */ (sig), /^[A-Za-z0-9_-]{43}$/);
    const c = JSON.parse(Buffer.from(/** @type {string} */ (p), 'base64url').toString());
    assert.equal(c.iss, 'genesys-sim');
    assert.equal(c.sub, 'jordan@example.com');
    assert.equal(c.name, 'Jordan Lee');
    assert.equal(c.email, 'jordan@example.com');
    assert.equal(c.deploymentId, DEP);
    assert.ok(Math.abs(c.iat - Date.now() / 1000) < 5);
    assert.equal(c.exp - c.iat, 900, 'default lifetime 15 minutes');
    assert.ok(typeof tokens.refreshToken === 'string' && tokens.refreshToken.length >= 32);

    const stats = sim.authStats();
    assert.equal(stats.exchange, 1);
    assert.deepEqual(Object.keys(stats.bodies.exchange[0]), ['deploymentId', 'oauth']);
    assert.deepEqual(stats.bodies.exchange[0].oauth, {
      code: stats.bodies.exchange[0].oauth.code,
      redirectUri: REDIRECT,
      codeVerifier: verifier,
      nonce: 'n-1',
      maxAge: 600,
      iss: 'https://idp.example',
    });
  });

  test('400 with a Genesys error body: missing fields, reused or unknown code, other redirectUri', async () => {
    /** @param {unknown} body */
    const fails = async (body, why = /./) => {
      const r = await post(tokenUrl('oauthcodegrantjwtexchange'), body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal(r.body.code, 'bad.request');
      assert.equal(r.body.status, 400);
      assert.match(r.body.message, why);
    };
    await fails({ oauth: { code: 'x', redirectUri: REDIRECT } }, /deploymentId/);
    await fails({ deploymentId: DEP }, /oauth/);
    await fails({ deploymentId: DEP, oauth: { redirectUri: REDIRECT } }, /code/);
    await fails({ deploymentId: DEP, oauth: { code: 'x' } }, /redirectUri/);
    await fails({ deploymentId: DEP, oauth: { code: 'never-issued', redirectUri: REDIRECT } }, /invalid|expired|used/);

    const { code } = sim.issueCode({ redirectUri: REDIRECT });
    const good = await post(tokenUrl('oauthcodegrantjwtexchange'), { deploymentId: DEP, oauth: { code, redirectUri: REDIRECT } });
    assert.equal(good.status, 200);
    await fails({ deploymentId: DEP, oauth: { code, redirectUri: REDIRECT } }, /already used/);

    const other = sim.issueCode({ redirectUri: REDIRECT });
    await fails({ deploymentId: DEP, oauth: { code: other.code, redirectUri: 'http://shop.example/elsewhere' } }, /redirectUri/);
    assert.equal(sim.authStats().exchange, 8, 'every request counted');

    const raw = await fetch(tokenUrl('oauthcodegrantjwtexchange'), { method: 'POST', body: 'not json' });
    assert.equal(raw.status, 400);
    assert.equal(sim.authStats().bodies.exchange.at(-1), 'not json');
  });

  test('PKCE S256: the verifier must hash to the challenge; nonce must match the authorize nonce', async () => {
    const { verifier, challenge } = verifierPair();
    const exchange = (/** @type {Record<string, any>} */ spec, /** @type {Record<string, any>} */ oauth) => {
      const { code } = sim.issueCode({ redirectUri: REDIRECT, ...spec });
      return post(tokenUrl('oauthcodegrantjwtexchange'), { deploymentId: DEP, oauth: { code, redirectUri: REDIRECT, ...oauth } });
    };
    assert.equal((await exchange({ codeChallenge: challenge }, { codeVerifier: verifier })).status, 200);
    assert.equal((await exchange({ codeChallenge: challenge }, { codeVerifier: verifierPair().verifier })).status, 400);
    const missing = await exchange({ codeChallenge: challenge }, {});
    assert.equal(missing.status, 400);
    assert.match(missing.body.message, /codeVerifier/);

    assert.equal((await exchange({ nonce: 'abc' }, { nonce: 'abc' })).status, 200);
    assert.equal((await exchange({ nonce: 'abc' }, { nonce: 'abd' })).status, 400);
    assert.match((await exchange({ nonce: 'abc' }, {})).body.message, /nonce/);
  });

  test('CORS: preflight allows DELETE and Authorization from any origin', async () => {
    const res = await fetch(tokenUrl('revoke'), {
      method: 'OPTIONS',
      headers: { Origin: 'http://shop.example', 'Access-Control-Request-Method': 'DELETE', 'Access-Control-Request-Headers': 'authorization' },
    });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), 'http://shop.example');
    assert.match(/** @type {string} */ (res.headers.get('access-control-allow-methods')), /DELETE/);
    assert.match(/** @type {string} */ (res.headers.get('access-control-allow-headers')), /Authorization/);
    const r = await fetch(tokenUrl('refresh'), { method: 'POST', headers: { Origin: 'http://shop.example' }, body: '{}' });
    assert.equal(r.headers.get('access-control-allow-origin'), 'http://shop.example');
    assert.equal((await fetch(tokenUrl('refresh'))).status, 405);
  });
});

describe('token refresh', () => {
  test('a new JWT for the same subject, with or without deploymentId; 400 for another deployment or an unknown token', async () => {
    const { jwt, refreshToken } = await signIn();
    const a = await post(tokenUrl('refresh'), { deploymentId: DEP, refreshToken });
    assert.equal(a.status, 200);
    assert.deepEqual(Object.keys(a.body), ['jwt']);
    assert.notEqual(a.body.jwt, jwt);
    assert.equal(claims(a.body.jwt).sub, claims(jwt).sub);
    assert.equal(claims(a.body.jwt).deploymentId, DEP);
    const b = await post(tokenUrl('refresh'), { refreshToken });
    assert.equal(b.status, 200);
    assert.equal(claims(b.body.jwt).name, 'Jordan Lee');

    const wrongDep = await post(tokenUrl('refresh'), { deploymentId: 'other', refreshToken });
    assert.equal(wrongDep.status, 400);
    assert.equal(wrongDep.body.code, 'bad.request');
    assert.equal((await post(tokenUrl('refresh'), { deploymentId: DEP, refreshToken: 'nope' })).status, 400);
    assert.equal((await post(tokenUrl('refresh'), { deploymentId: DEP })).status, 400);
    const stats = sim.authStats();
    assert.equal(stats.refresh, 5);
    assert.deepEqual(stats.bodies.refresh[0], { deploymentId: DEP, refreshToken });
    assert.deepEqual(stats.bodies.refresh[1], { refreshToken });
  });

  test('authJwtSeconds sets the lifetime; reset() restores 900 and clears the counters', async () => {
    sim.setOptions({ authJwtSeconds: 2 });
    const { jwt } = await signIn();
    assert.equal(claims(jwt).exp - claims(jwt).iat, 2);
    sim.reset();
    assert.deepEqual(sim.authStats(), { exchange: 0, refresh: 0, revoke: 0, bodies: { exchange: [], refresh: [] } });
    const again = await signIn();
    assert.equal(claims(again.jwt).exp - claims(again.jwt).iat, 900);
  });
});

describe('configureAuthenticatedSession', () => {
  test('a valid JWT: the same SessionResponse as configureSession, the session authenticated as the customer', async () => {
    const { jwt } = await signIn();
    const token = newToken();
    const { response, client } = await authConfigure(token, jwt);
    assert.equal(response.class, 'SessionResponse');
    assert.equal(response.code, 200);
    assert.equal(response.body.connected, true);
    assert.equal(response.body.newSession, true);
    assert.equal(response.body.readOnly, false);
    assert.equal(response.body.durationSeconds, 259200);
    assert.deepEqual(snapshot(token)?.authenticated, { sub: 'jordan@example.com', name: 'Jordan Lee', email: 'jordan@example.com' });
    assert.equal((await client.say(token, 'hello as Jordan')).code, 200);

    const guest = await socket();
    await guest.configure(newToken(), { deploymentId: DEP });
    assert.equal(sim.sessions().filter((s) => s.authenticated === null).length, 1, 'anonymous sessions say null');
  });

  test('expired JWT: 401 "User is unauthorized", the socket stays open; a refreshed JWT then works', async () => {
    sim.setOptions({ authJwtSeconds: 1 });
    const { jwt, refreshToken } = await signIn();
    await sleep(2100);
    const token = newToken();
    const { response, client } = await authConfigure(token, jwt);
    assert.deepEqual([response.type, response.class, response.code, response.body], ['response', 'string', 401, AUTH_TEXT.unauthorized]);
    assert.equal(AUTH_TEXT.unauthorized, 'User is unauthorized');
    assert.ok(response.tracingId);
    const fresh = await post(tokenUrl('refresh'), { deploymentId: DEP, refreshToken });
    const retry = await authConfigure(token, fresh.body.jwt, client);
    assert.equal(retry.response.class, 'SessionResponse');
  });

  test('bad signature, another deployment, not a JWT: 403 "Session authentication failed"', async () => {
    const { jwt } = await signIn();
    const [h, p, sig] = jwt.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims(jwt), sub: 'someone-else' })).toString('base64url')}.${sig}`;
    const otherDep = (await signIn({}, {}, 'dep-other')).jwt;
    for (const bad of [forged, `${h}.${p}.${'A'.repeat(43)}`, otherDep, 'not-a-jwt']) {
      const { response } = await authConfigure(newToken(), bad);
      assert.deepEqual([response.class, response.code, response.body], ['string', 403, 'Session authentication failed']);
    }
  });

  test('the conversation follows the customer: another guest token, same subject, resumes it with its history', async () => {
    const laptop = await signIn();
    const tokenA = newToken();
    const a = await authConfigure(tokenA, laptop.jwt);
    await a.client.say(tokenA, 'order A-1042 is late');
    sim.agentMessage({ token: tokenA, text: 'Looking into it' });
    await a.client.take((f) => f.body?.direction === 'Outbound');

    // The phone: its own sign-in, its own guest token.
    const phone = await signIn();
    const tokenB = newToken();
    const b = await authConfigure(tokenB, phone.jwt);
    assert.equal(b.response.class, 'SessionResponse');
    assert.equal(b.response.body.newSession, false);
    assert.equal(sim.sessions().length, 1, 'one conversation');
    assert.equal(snapshot(tokenA)?.connections, 2);

    // History over REST from the phone, with its token.
    const jwtFrame = await b.client.request({ action: 'getJwt', token: tokenB });
    assert.equal(jwtFrame.class, 'JwtResponse');
    const hist = await (await fetch(`${sim.httpUrl}/api/v2/webmessaging/messages`, { headers: { Authorization: `Bearer ${jwtFrame.body.jwt}` } })).json();
    assert.deepEqual(hist.entities.filter((/** @type {any} */ e) => e.type === 'Text').map((/** @type {any} */ e) => e.text), ['Looking into it', 'order A-1042 is late']);

    // Messages from either device reach both; control calls accept either token.
    const echo = await b.client.say(tokenB, 'from my phone');
    assert.equal(echo.code, 200);
    assert.equal((await a.client.take((f) => f.body?.text === 'from my phone')).body.direction, 'Inbound');
    sim.agentMessage({ token: tokenB, text: 'Got it' });
    await a.client.take((f) => f.body?.text === 'Got it');
    await b.client.take((f) => f.body?.text === 'Got it');

    // Someone else signing in gets their own conversation.
    const sam = await signIn({ name: 'Sam Park', email: 'sam@example.com' });
    const s = await authConfigure(newToken(), sam.jwt);
    assert.equal(s.response.body.newSession, true);
    assert.equal(sim.sessions().length, 2);
  });

  test('an anonymous configureSession on an authenticated token (or its alias) is refused with 4017', async () => {
    const { jwt } = await signIn();
    const token = newToken();
    await authConfigure(token, jwt);
    const alias = newToken();
    await authConfigure(alias, (await signIn()).jwt);
    for (const t of [token, alias]) {
      const c = await socket();
      const r = await c.configure(t, { deploymentId: DEP });
      assert.deepEqual([r.class, r.code, r.body], ['string', 4017, 'Cannot downgrade an authenticated session to unauthenticated']);
    }
  });

  test('session upgrade: with allowSessionUpgrade the guest conversation keeps its history and becomes authenticated; without it 403', async () => {
    sim.setDeploymentConfig(DEP, { auth: { enabled: true, allowSessionUpgrade: true } });
    const token = newToken();
    const c = await socket();
    assert.equal((await c.configure(token, { deploymentId: DEP })).class, 'SessionResponse', 'guests allowed when upgrade is');
    await c.say(token, 'before signing in');
    const { jwt } = await signIn();
    const up = await authConfigure(token, jwt, c);
    assert.equal(up.response.class, 'SessionResponse');
    assert.equal(up.response.body.newSession, false);
    assert.equal(snapshot(token)?.authenticated?.sub, 'jordan@example.com');
    assert.equal(snapshot(token)?.messages[0]?.text, 'before signing in');

    sim.setDeploymentConfig(DEP, { auth: { enabled: false, allowSessionUpgrade: false } });
    const t2 = newToken();
    const g = await socket();
    await g.configure(t2, { deploymentId: DEP });
    await g.say(t2, 'hi');
    const refused = await authConfigure(t2, (await signIn({ name: 'Sam Park', email: 'sam@example.com' })).jwt, g);
    assert.deepEqual([refused.response.class, refused.response.code, refused.response.body], ['string', 403, 'Session authentication failed']);
    assert.equal(snapshot(t2)?.authenticated, null);
  });

  test('auth.enabled without allowSessionUpgrade: an anonymous configureSession is refused 403; signing in works', async () => {
    sim.setDeploymentConfig(DEP, { auth: { enabled: true, allowSessionUpgrade: false } });
    const c = await socket();
    const token = newToken();
    const r = await c.configure(token, { deploymentId: DEP });
    assert.deepEqual([r.class, r.code, r.body], ['string', 403, 'Session authentication failed']);
    assert.equal(snapshot(token), undefined);
    const ok = await authConfigure(token, (await signIn()).jwt, c);
    assert.equal(ok.response.class, 'SessionResponse');
    // Other deployments are untouched.
    const other = await GuestClient.open(sim.wsUrl, { deploymentId: 'dep-test' });
    clients.push(other);
    assert.equal((await other.configure(newToken())).class, 'SessionResponse');
  });
});

describe('token revoke', () => {
  test('LogoutEvent to every connection of the customer; the old JWT then gets 403 and the refresh token 400', async () => {
    const laptop = await signIn();
    const phone = await signIn();
    const tokenA = newToken();
    const tokenB = newToken();
    const a = await authConfigure(tokenA, laptop.jwt);
    const b = await authConfigure(tokenB, phone.jwt);
    const bystander = await authConfigure(newToken(), (await signIn({ name: 'Sam Park', email: 'sam@example.com' })).jwt);

    assert.equal((await fetch(tokenUrl('revoke'), { method: 'DELETE' })).status, 401);
    assert.equal((await fetch(tokenUrl('revoke'), { method: 'DELETE', headers: { Authorization: 'Bearer nope' } })).status, 401);
    const res = await fetch(tokenUrl('revoke'), { method: 'DELETE', headers: { Authorization: `Bearer ${laptop.jwt}` } });
    assert.equal(res.status, 204);
    for (const c of [a.client, b.client]) {
      const f = await c.ofClass('LogoutEvent');
      assert.deepEqual(f, { type: 'message', class: 'LogoutEvent', code: 200, body: {} });
    }
    assert.deepEqual(await bystander.client.collect((f) => f.class === 'LogoutEvent', 50), []);
    assert.equal(sim.authStats().revoke, 3);

    // Signed out: the connections no longer carry the session; every earlier JWT is refused.
    assert.equal((await a.client.say(tokenA, 'still there?')).code, 4007);
    for (const old of [laptop.jwt, phone.jwt]) {
      const r = await authConfigure(tokenA, old, a.client);
      assert.deepEqual([r.response.code, r.response.body], [403, 'Session authentication failed']);
    }
    assert.equal((await post(tokenUrl('refresh'), { deploymentId: DEP, refreshToken: laptop.refreshToken })).status, 400);
    assert.equal((await fetch(tokenUrl('revoke'), { method: 'DELETE', headers: { Authorization: `Bearer ${laptop.jwt}` } })).status, 401);

    // Signing in again finds the conversation again.
    const back = await authConfigure(newToken(), (await signIn()).jwt);
    assert.equal(back.response.body.newSession, false);
  });
});

describe('identity provider', () => {
  test('GET shows the form under a strict CSP; POST redirects to redirect_uri with code and state, keeping its query', async () => {
    const { verifier, challenge } = verifierPair();
    const q = new URLSearchParams({ redirect_uri: REDIRECT, state: 's&t"ate', nonce: 'nonce-9', code_challenge: challenge, code_challenge_method: 'S256' });
    const page = await fetch(`${sim.httpUrl}/idp/authorize?${q}`);
    assert.equal(page.status, 200);
    const csp = /** @type {string} */ (page.headers.get('content-security-policy'));
    assert.ok(csp.startsWith(IDP_CSP_BASE));
    assert.match(csp, /form-action 'self' http:\/\/shop\.example(;|$)/);
    assert.doesNotMatch(csp, /unsafe/);
    const html = await page.text();
    assert.match(html, /Sign in to Northwind \(simulated identity provider\)/);
    assert.match(html, /name="name" value="Jordan Lee"/);
    assert.match(html, /name="email" type="email" value="jordan@example.com"/);
    assert.match(html, /<button type="submit">/);
    assert.match(html, /name="state" value="s&#38;t&#34;ate"/);
    assert.doesNotMatch(html, /<script|<style|\sstyle=|\son[a-z]+=/i, 'no inline script or style');
    const css = await fetch(`${sim.httpUrl}/idp/idp.css`);
    assert.equal(css.headers.get('content-type'), 'text/css; charset=utf-8');
    await css.text();

    const form = new URLSearchParams({ ...Object.fromEntries(q), name: 'Avery Stone', email: 'Avery@Example.com' });
    const res = await fetch(`${sim.httpUrl}/idp/authorize`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form,
      redirect: 'manual',
    });
    assert.equal(res.status, 302);
    const to = new URL(/** @type {string} */ (res.headers.get('location')));
    assert.equal(`${to.origin}${to.pathname}`, 'http://shop.example/account/return');
    assert.equal(to.searchParams.get('from'), 'chat');
    assert.equal(to.searchParams.get('state'), 's&t"ate');
    const code = /** @type {string} */ (to.searchParams.get('code'));
    const r = await post(tokenUrl('oauthcodegrantjwtexchange'), { deploymentId: DEP, oauth: { code, redirectUri: REDIRECT, codeVerifier: verifier, nonce: 'nonce-9' } });
    assert.equal(r.status, 200);
    assert.deepEqual([claims(r.body.jwt).name, claims(r.body.jwt).email, claims(r.body.jwt).sub], ['Avery Stone', 'Avery@Example.com', 'avery@example.com']);
  });

  test('only http(s) redirect URIs, S256 only', async () => {
    for (const q of [
      { redirect_uri: 'javascript:alert(1)' },
      { redirect_uri: 'data:text/html,x' },
      {},
      { redirect_uri: REDIRECT, code_challenge: verifierPair().challenge, code_challenge_method: 'plain' },
    ]) {
      const res = await fetch(`${sim.httpUrl}/idp/authorize?${new URLSearchParams(q)}`);
      assert.equal(res.status, 400, JSON.stringify(q));
      await res.text();
      const post = await fetch(`${sim.httpUrl}/idp/authorize`, { method: 'POST', body: new URLSearchParams({ ...q, name: 'x' }), redirect: 'manual' });
      assert.equal(post.status, 400);
      await post.text();
    }
    assert.throws(() => sim.issueCode({ redirectUri: 'ftp://x' }), /http/);
    const ctl = await fetch(`${sim.httpUrl}/__sim/issueCode`, { method: 'POST', body: JSON.stringify({ redirectUri: REDIRECT, name: 'Kim' }) });
    assert.equal(ctl.status, 200);
    assert.match((await ctl.json()).code, /^[A-Za-z0-9_-]{32}$/);
  });
});

describe('agent console', () => {
  test('sessions and transcript carry the verified identity (null for guests); an upgrade updates them', async () => {
    sim.setDeploymentConfig(DEP, { auth: { enabled: true, allowSessionUpgrade: true } });
    const signedInToken = newToken();
    await authConfigure(signedInToken, (await signIn()).jwt);
    const guestToken = newToken();
    const g = await socket();
    await g.configure(guestToken, { deploymentId: DEP });

    const { ws, until } = await agentConsole(sim.httpUrl, { consume: true });
    consoles.push(ws);
    const hello = await until((m) => m.type === 'hello');
    const byToken = Object.fromEntries(hello.sessions.map((/** @type {any} */ s) => [s.token, s.authenticated]));
    assert.deepEqual(byToken[signedInToken], {
      sub: 'jordan@example.com',
      name: 'Jordan Lee',
      email: 'jordan@example.com',
    });
    assert.equal(byToken[guestToken], null);

    ws.send(JSON.stringify({ type: 'attach', token: guestToken }));
    const t = await until((m) => m.type === 'transcript');
    assert.equal(t.authenticated, null);
    await authConfigure(guestToken, (await signIn({ name: 'Sam Park', email: 'sam@example.com' })).jwt, g);
    const after = await until((m) => m.type === 'transcript' && m.authenticated);
    assert.deepEqual(after.authenticated, { sub: 'sam@example.com', name: 'Sam Park', email: 'sam@example.com' });
    const list = await until((m) => m.type === 'sessions' && m.sessions.every((/** @type {any} */ s) => s.authenticated));
    assert.equal(list.sessions.length, 2);
  });

  test('the console page renders Verified/Guest with text only and offers "allow session upgrade"', async () => {
    const js = await (await fetch(`${sim.httpUrl}/demo/agent.js`)).text();
    assert.match(js, /Verified/);
    assert.match(js, /'Guest'/);
    assert.doesNotMatch(js, /innerHTML|insertAdjacentHTML|outerHTML/);
    const html = await (await fetch(`${sim.httpUrl}/demo/agent.html`)).text();
    assert.match(html, /id="cfg-auth-upgrade"/);
    assert.match(html, /id="chat-who"/);
  });
});
