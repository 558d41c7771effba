/** HistoryCheck and the loader's limits that need a clock: C5, C13, P8 of the review. */
import { expect } from '@open-wc/testing';
import type { HistoryPage, WireMessage } from '../../src/protocol/types.js';
import { HistoryCheck } from '../../src/session/history-check.js';
import { HISTORY_TIMEOUT_MS, HistoryLoader, type HistoryLimitStore, type HistorySource } from '../../src/session/history-loader.js';
import { HistoryError } from '../../src/transport/guest-transport.js';
import { SessionStorage } from '../../src/transport/session-storage.js';
import { FakeClock } from '../helpers/fake-clock.js';

const wire = (id: string, time: number): WireMessage => ({ id, type: 'Text', direction: 'Outbound', text: id, time, content: [], events: [], metadata: {} });
const settle = () => new Promise((r) => setTimeout(r, 0));

function rig(clock = new FakeClock(), limits: HistoryLimitStore = {}) {
  const calls: { page: number; signal?: AbortSignal }[] = [];
  const jwts: string[] = [];
  let answer: (call: number) => Promise<HistoryPage> = async () => ({ messages: [wire('gap', clock.now())], pageNumber: 1, pageCount: 1 });
  const source: HistorySource = {
    live: true,
    session: 's1',
    getJwt: async () => {
      jwts.push(`j${jwts.length}`);
      return { jwt: jwts.at(-1)!, exp: clock.now() / 1000 + 600 };
    },
    fetchHistory: (_jwt, page, _size, signal) => {
      calls.push({ page, ...(signal ? { signal } : {}) });
      return answer(calls.length);
    },
  };
  const shown: string[] = [];
  const errors: string[] = [];
  const loader = new HistoryLoader(clock, { apply: (ms) => (ms.forEach((m) => shown.push(m.id)), 0), unconfirmed: () => [], error: (c) => errors.push(c) }, limits);
  return { clock, source, calls, jwts, shown, errors, loader, setAnswer: (f: typeof answer) => (answer = f) };
}

describe('HistoryCheck: catching up after a gap (C5)', () => {
  function catchUp(fail: (call: number) => Error | undefined) {
    const r = rig();
    r.setAnswer(async (call) => {
      const error = fail(call);
      if (error) throw error;
      return { messages: [wire('agent message from the gap', r.clock.now())], pageNumber: 1, pageCount: 1 };
    });
    const log = { checked: 0, pumped: 0 };
    const check = new HistoryCheck(r.clock, r.loader, {
      catchUp: () => true,
      waiting: () => false, // nothing of ours is unconfirmed
      checked: () => log.checked++,
      release: () => {},
      pump: () => log.pumped++,
      changed: () => {},
      log: () => {},
    });
    return { ...r, check, log };
  }

  it('reads again after a failed read (503) although nothing is unconfirmed, and messages go on meanwhile', async () => {
    const { check, source, clock, shown, log, calls } = catchUp((call) => (call === 1 ? new HistoryError(503) : undefined));
    await check.run(source);
    expect(shown).to.deep.equal([]);
    expect(log.pumped).to.equal(1, 'the outbox is not held by a catch-up');
    clock.tick(30_000);
    await settle();
    expect(calls).to.have.length(2);
    expect(shown).to.deep.equal(['agent message from the gap']);
    expect(log.checked).to.equal(1);
  });

  it('reads again when history was rate limited (429 Retry-After), after the wait', async () => {
    const { check, source, clock, shown, calls } = catchUp((call) => (call === 1 ? new HistoryError(429, 20) : undefined));
    await check.run(source);
    clock.tick(19_999);
    await settle();
    expect(calls).to.have.length(1);
    clock.tick(1);
    await settle();
    expect(shown).to.deep.equal(['agent message from the gap']);
  });

  it('reads again after a network error, and keeps trying past the release limit', async () => {
    const { check, source, clock, shown } = catchUp((call) => (call <= 8 ? new TypeError('Failed to fetch') : undefined));
    await check.run(source);
    for (let i = 0; i < 8; i++) {
      clock.tick(30_000);
      await settle();
    }
    expect(shown).to.deep.equal(['agent message from the gap']);
  });
});

describe('HistoryLoader: JWT, timeout and the per-session limit (C13, P8)', () => {
  it('drops a cached JWT that draws a 401 (a skewed clock) and reads with a fresh one', async () => {
    const r = rig();
    let reject = false;
    r.setAnswer(async () => {
      if (reject) {
        reject = false;
        throw new HistoryError(401);
      }
      return { messages: [], pageNumber: 1, pageCount: 1 };
    });
    expect((await r.loader.check(r.source, false)).outcome).to.equal('read');
    reject = true;
    expect((await r.loader.check(r.source, false)).outcome).to.equal('read');
    expect(r.jwts).to.deep.equal(['j0', 'j1']);
    expect(r.errors).to.deep.equal([]);
  });

  it('aborts a history call that does not answer within 30 s, and says it failed', async () => {
    const r = rig();
    r.setAnswer(() => new Promise<HistoryPage>(() => {}));
    let outcome: string | undefined;
    void r.loader.check(r.source, false).then((o) => (outcome = o.outcome));
    await settle();
    expect(r.calls[0]!.signal!.aborted).to.equal(false);
    r.clock.tick(HISTORY_TIMEOUT_MS - 1);
    await settle();
    expect(outcome).to.equal(undefined);
    r.clock.tick(1);
    await settle();
    expect(outcome).to.equal('failed');
    expect(r.calls[0]!.signal!.aborted).to.equal(true);
    expect(r.errors).to.deep.equal(['history']);
  });

  it('counts the 10-a-minute limit per session: two tabs on one stored session share it', async () => {
    const dep = `hist-limit-${Date.now()}`;
    const clock = new FakeClock();
    clock.time = Date.now();
    try {
      // Two tabs: two SessionStorage objects on the one localStorage.
      const a = rig(clock, new SessionStorage('local', dep));
      const b = rig(clock, new SessionStorage('local', dep));
      for (let i = 0; i < 6; i++) expect((await a.loader.check(a.source, false)).outcome).to.equal('read');
      for (let i = 0; i < 4; i++) expect((await b.loader.check(b.source, false)).outcome).to.equal('read');
      clock.tick(1000);
      expect(await b.loader.check(b.source, false)).to.deep.equal({ outcome: 'limited', waitMs: 59_000 });
      expect(await a.loader.check(a.source, false)).to.deep.equal({ outcome: 'limited', waitMs: 59_000 });
      expect(a.calls.length + b.calls.length).to.equal(10);
    } finally {
      for (const k of Object.keys(localStorage)) if (k.includes(dep)) localStorage.removeItem(k);
    }
  });

  it('a 429 seen by one tab pauses history for the other tabs of the session', async () => {
    const shared: HistoryLimitStore = {};
    const a = rig(new FakeClock(), shared);
    const b = rig(a.clock, shared);
    a.setAnswer(async () => {
      throw new HistoryError(429, 30);
    });
    expect(await a.loader.check(a.source, false)).to.deep.equal({ outcome: 'limited', waitMs: 30_000 });
    expect(await b.loader.check(b.source, false)).to.deep.equal({ outcome: 'limited', waitMs: 30_000 });
    expect(b.calls).to.have.length(0);
  });
});
