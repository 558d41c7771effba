/**
 * C2: a signed-in customer stays signed in through a refresh that fails for the network, a
 * 5xx or a 429; only the service's refusal of the refresh token (400, 401) signs out. Over
 * real HTTP against the simulator's token endpoints (and a closed port for "offline"), and
 * with a FakeClock and a stubbed fetch for the backoff, Retry-After and `online`.
 * C11 (auth part): an Auth is created paused: no timer and no listener until resume().
 */
import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { Auth, AuthRequestError, retryAfterMs, type AuthOptions } from '../../src/auth/auth.js';
import { systemClock } from '../../src/session/clock.js';
import { storagePrefix } from '../../src/stored.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { simulator, type Simulator } from '../helpers/sim-client.js';

const REDIRECT = `${location.origin}/signed-in`;
/** Nothing listens there: fetch rejects as it does offline. */
const CLOSED = 'http://127.0.0.1:9';
const b64 = (o: unknown) => btoa(JSON.stringify(o)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
/** A JWT (unsigned: the client verifies nothing) that expires `inMs` after `now`. */
const jwtFor = (now: number, inMs: number) => `${b64({ alg: 'none' })}.${b64({ exp: Math.floor((now + inMs) / 1000) })}.sig`;

let dep = '';
const changes: [boolean, string][] = [];
const make = (extra: Partial<AuthOptions> = {}) =>
  new Auth({
    apiUrl: CLOSED,
    deploymentId: dep,
    storage: 'local',
    changed: (a, r) => void changes.push([a, r]),
    required: () => undefined,
    leader: () => true,
    clock: systemClock,
    ...extra,
  });
const storedTokens = () => JSON.parse(localStorage.getItem(`${storagePrefix(dep)}auth`) ?? 'null') as { jwt: string; refreshToken: string } | null;
const seed = (jwt: string) => localStorage.setItem(`${storagePrefix(dep)}auth`, JSON.stringify({ jwt, refreshToken: 'refresh-1' }));
/** Lets fetch's promise chain (a stub's Response, its body read) run: real time, the FakeClock stands still. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

beforeEach(() => {
  dep = `auth-c2-${Math.random().toString(36).slice(2)}`;
  changes.length = 0;
});
afterEach(() => {
  sinon.restore();
  localStorage.clear();
});

describe('auth C2: a refresh that fails over real HTTP', function () {
  this.timeout(20_000);
  let sim: Simulator;
  before(async () => {
    sim = await simulator();
  });

  /** A customer signed in through the simulator's real code exchange. */
  async function signedIn(): Promise<Auth> {
    const auth = make({ apiUrl: sim.apiUrl });
    const { code } = await sim.issueCode({ redirectUri: REDIRECT });
    await auth.login({ code, redirectUri: REDIRECT });
    expect(auth.authenticated).to.equal(true);
    changes.length = 0;
    return auth;
  }

  for (const status of [500, 503, 429]) {
    it(`keeps the customer signed in through a ${status} from /token/refresh, and refreshes on the next try`, async () => {
      const auth = await signedIn();
      const before = storedTokens();
      await sim.authFault({ endpoint: 'refresh', raw: '{"message":"busy"}', status });
      expect(await auth.refresh()).to.equal(undefined);
      expect(auth.authenticated).to.equal(true);
      expect(storedTokens()).to.deep.equal(before);
      expect(changes).to.deep.equal([]);
      // The fault was for one answer: the next try gets a fresh JWT with the same refresh token.
      const fresh = await auth.refresh();
      expect(fresh).to.be.a('string');
      expect(storedTokens()!.refreshToken).to.equal(before!.refreshToken);
      auth.pause();
    });
  }

  it('keeps the customer signed in while the service cannot be reached (offline)', async () => {
    seed('jwt-1');
    const auth = make({ apiUrl: CLOSED });
    expect(await auth.refresh()).to.equal(undefined);
    expect(auth.authenticated).to.equal(true);
    expect(storedTokens()).to.deep.equal({ jwt: 'jwt-1', refreshToken: 'refresh-1' });
    expect(changes).to.deep.equal([]);
  });

  for (const status of [400, 401]) {
    it(`signs out when the service refuses the refresh token (${status})`, async () => {
      const auth = await signedIn();
      await sim.authFault({ endpoint: 'refresh', raw: '{"message":"invalid refresh token"}', status });
      expect(await auth.refresh()).to.equal(undefined);
      expect(auth.authenticated).to.equal(false);
      expect(storedTokens()).to.equal(null);
      expect(changes).to.deep.equal([[false, 'refresh-failed']]);
    });
  }

  it('login: a 503 or no network rejects with a clear Error and changes nothing stored', async () => {
    const auth = await signedIn();
    const before = storedTokens();
    const { code } = await sim.issueCode({ redirectUri: REDIRECT });
    await sim.authFault({ endpoint: 'exchange', raw: '', status: 503 });
    const e1 = await auth.login({ code, redirectUri: REDIRECT }).then(() => undefined, (e: unknown) => e);
    expect(e1).to.be.instanceOf(AuthRequestError);
    expect((e1 as Error).message).to.match(/^Sign-in failed: the token exchange answered HTTP 503 \(try again later\)$/);
    expect(storedTokens()).to.deep.equal(before);
    expect(auth.authenticated).to.equal(true);

    const offline = make({ apiUrl: CLOSED });
    const e2 = await offline.login({ code: 'a-secret-code', redirectUri: REDIRECT }).then(() => undefined, (e: unknown) => e);
    expect(e2).to.be.instanceOf(AuthRequestError);
    expect((e2 as Error).message).to.equal('Sign-in failed: the token exchange could not reach the service (offline?); try again');
    expect((e2 as Error).message).not.to.include('a-secret-code');
    expect(storedTokens()).to.deep.equal(before);
    expect(changes).to.deep.equal([]);
  });
});

describe('auth C2: backoff, Retry-After and online, on an injected clock', () => {
  /** fetch answers from `answers` in turn (the last one repeats); the calls are counted. */
  function stubFetch(answers: (() => Response | Promise<never>)[]) {
    let n = 0;
    return sinon.stub(window, 'fetch').callsFake(() => {
      const answer = answers[Math.min(n++, answers.length - 1)]!;
      return Promise.resolve().then(answer);
    });
  }
  const status = (code: number, headers: Record<string, string> = {}) => () => new Response('{}', { status: code, headers });
  const offline = () => Promise.reject(new TypeError('Failed to fetch'));

  it('tries again after 2 s, 4 s, 8 s …, signed in all along, and stops when a JWT comes', async () => {
    const clock = new FakeClock();
    seed(jwtFor(clock.now(), 15 * 60_000));
    const fresh = jwtFor(clock.now(), 30 * 60_000);
    const fetch = stubFetch([offline, status(502), status(503), () => new Response(JSON.stringify({ jwt: fresh }), { status: 200 })]);
    let recovered = 0;
    const auth = make({ clock, recovered: () => void recovered++ });
    auth.resume();
    sinon.stub(Math, 'random').returns(0);
    // The scheduled refresh, a minute before the JWT expires.
    clock.tick(14 * 60_000 - 1);
    await settle();
    expect(fetch.callCount).to.equal(0);
    clock.tick(1);
    await settle();
    expect(fetch.callCount).to.equal(1);
    expect(auth.authenticated).to.equal(true);
    clock.tick(1_999);
    await settle();
    expect(fetch.callCount, 'not before 2 s').to.equal(1);
    clock.tick(1);
    await settle();
    expect(fetch.callCount).to.equal(2);
    clock.tick(3_999);
    await settle();
    expect(fetch.callCount, 'not before 4 s').to.equal(2);
    clock.tick(1);
    await settle();
    expect(fetch.callCount).to.equal(3);
    clock.tick(8_000);
    await settle();
    expect(fetch.callCount).to.equal(4);
    expect(auth.jwt()).to.equal(fresh);
    expect(recovered).to.equal(1);
    expect(changes).to.deep.equal([]);
    // Back to the normal schedule: nothing more until a minute before the new JWT expires.
    clock.tick(60_000);
    await settle();
    expect(fetch.callCount).to.equal(4);
    auth.pause();
  });

  it('honours Retry-After from a 429: no request before it, one right after', async () => {
    const clock = new FakeClock();
    seed(jwtFor(clock.now(), 15 * 60_000));
    const fetch = stubFetch([status(429, { 'Retry-After': '30' }), () => new Response(JSON.stringify({ jwt: 'jwt-2' }), { status: 200 })]);
    const auth = make({ clock });
    auth.resume();
    expect(await auth.refresh()).to.equal(undefined);
    expect(fetch.callCount).to.equal(1);
    // A session asking again (a 401 on configure) gets undefined without a request meanwhile.
    expect(await auth.refresh()).to.equal(undefined);
    expect(fetch.callCount).to.equal(1);
    clock.tick(29_999);
    await settle();
    expect(fetch.callCount).to.equal(1);
    clock.tick(2_000);
    await settle();
    expect(fetch.callCount).to.equal(2);
    expect(auth.jwt()).to.equal('jwt-2');
    auth.pause();
  });

  it('tries at once when the browser comes back online', async () => {
    const clock = new FakeClock();
    seed(jwtFor(clock.now(), 15 * 60_000));
    const fetch = stubFetch([offline, () => new Response(JSON.stringify({ jwt: 'jwt-3' }), { status: 200 })]);
    const auth = make({ clock });
    auth.resume();
    expect(await auth.refresh()).to.equal(undefined);
    expect(fetch.callCount).to.equal(1);
    dispatchEvent(new Event('online'));
    await settle();
    expect(fetch.callCount, 'at once, without the clock moving').to.equal(2);
    expect(auth.jwt()).to.equal('jwt-3');
    auth.pause();
  });

  it('reads Retry-After as seconds or an HTTP date, bounded', () => {
    const now = Date.parse('2026-12-07T10:00:00Z');
    expect(retryAfterMs('30', now)).to.equal(30_000);
    expect(retryAfterMs('Mon, 07 Dec 2026 10:01:00 GMT', now)).to.equal(60_000);
    expect(retryAfterMs('999999', now)).to.equal(600_000);
    expect(retryAfterMs('soon', now)).to.equal(undefined);
    expect(retryAfterMs(null, now)).to.equal(undefined);
  });
});

describe('auth C11: created paused', () => {
  it('starts no timer and hears no other tab until resume(); pause() stops both', async () => {
    const clock = new FakeClock();
    seed(jwtFor(clock.now(), 15 * 60_000));
    const fetch = sinon.stub(window, 'fetch').rejects(new TypeError('Failed to fetch'));
    const auth = make({ clock });
    expect(clock.pending, 'no refresh timer before resume()').to.equal(0);
    localStorage.removeItem(`${storagePrefix(dep)}auth`);
    dispatchEvent(new StorageEvent('storage', { key: `${storagePrefix(dep)}auth`, newValue: null }));
    expect(changes, 'no storage listener before resume()').to.deep.equal([]);
    seed(jwtFor(clock.now(), 15 * 60_000));
    auth.resume();
    expect(clock.pending).to.equal(1);
    localStorage.removeItem(`${storagePrefix(dep)}auth`);
    dispatchEvent(new StorageEvent('storage', { key: `${storagePrefix(dep)}auth`, newValue: null }));
    expect(changes).to.deep.equal([[false, 'other-tab']]);
    seed(jwtFor(clock.now(), 15 * 60_000));
    auth.resume();
    auth.pause();
    expect(clock.pending).to.equal(0);
    clock.tick(60 * 60_000);
    await settle();
    expect(fetch.callCount).to.equal(0);
  });
});
