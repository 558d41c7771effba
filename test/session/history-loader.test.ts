import { expect } from '@open-wc/testing';
import type { HistoryPage, WireMessage } from '../../src/protocol/types.js';
import { HistoryCheck } from '../../src/session/history-check.js';
import { HISTORY_PAGE_SIZE, HistoryLoader, type HistorySource } from '../../src/session/history-loader.js';
import { HistoryError } from '../../src/transport/guest-transport.js';
import { FakeClock } from '../helpers/fake-clock.js';

const wire = (id: string, time: number): WireMessage => ({ id, type: 'Text', direction: 'Outbound', text: id, time, content: [], events: [], metadata: {} });

/** A conversation of `n` messages one second apart, newest last. */
function conversation(n: number, start = 0): WireMessage[] {
  return Array.from({ length: n }, (_, i) => wire(`m${i}`, start + i * 1000));
}

/** Pages of 25 (the service's default) unless `pageSize` says otherwise: the tests below count in them. */
function setup(all: WireMessage[], clock = new FakeClock(), pageSize = 25) {
  const pages: number[] = [];
  const jwtsUsed: string[] = [];
  const jwts = { asked: 0 };
  let fail: (() => Error | undefined) | undefined;
  const source: HistorySource & { live: boolean; session: string } = {
    live: true,
    session: 's1',
    getJwt: async () => (jwts.asked++, { jwt: `j-${source.session}`, exp: clock.now() / 1000 + 600 }),
    fetchHistory: async (jwt, page, size): Promise<HistoryPage> => {
      pages.push(page);
      jwtsUsed.push(jwt);
      const error = fail?.();
      if (error) throw error;
      const newestFirst = [...all].reverse();
      return { messages: newestFirst.slice((page - 1) * size, page * size), pageNumber: page, pageCount: Math.max(1, Math.ceil(all.length / size)) };
    },
  };
  const seen = new Set<string>();
  let unconfirmed: number[] = [];
  const errors: string[] = [];
  const loader = new HistoryLoader(clock, {
    apply: (messages) => {
      let known = 0;
      for (const m of messages) {
        if (seen.has(m.id)) known++;
        seen.add(m.id);
      }
      return known;
    },
    unconfirmed: () => unconfirmed,
    error: (code) => errors.push(code),
  }, {}, pageSize);
  return { loader, source, pages, jwtsUsed, jwts, seen, errors, clock, setUnconfirmed: (t: number[]) => (unconfirmed = t), setFail: (f: typeof fail) => (fail = f) };
}

describe('HistoryLoader', () => {
  it('loads older pages one at a time with a real cursor, however often it is asked', async () => {
    const { loader, source, pages } = setup(conversation(100));
    await loader.check(source, false);
    await Promise.all([loader.loadOlder(source), loader.loadOlder(source), loader.loadOlder(source)]);
    await loader.loadOlder(source);
    expect(pages).to.deep.equal([1, 2, 3]);
    expect(loader.hasOlder).to.equal(true);
  });

  it('reuses the JWT until shortly before it expires', async () => {
    const { loader, source, jwts, clock } = setup(conversation(10));
    await loader.check(source, false);
    await loader.check(source, false);
    expect(jwts.asked).to.equal(1);
    clock.tick(600_000);
    await loader.check(source, false);
    expect(jwts.asked).to.equal(2);
  });

  it('reads the session the connection is on: a JWT and a cursor of an earlier session are forgotten', async () => {
    // Another tab moved the conversation to a new session (its expiry, a 4017) and this tab
    // only configured on the new token: the old session's JWT would read the old history,
    // where nothing sent since is (two-tab chaos sent such messages twice).
    const { loader, source, pages, jwtsUsed, jwts } = setup(conversation(100));
    await loader.check(source, false);
    await loader.loadOlder(source);
    expect(pages).to.deep.equal([1, 2]);
    source.session = 's2';
    await loader.check(source, false);
    expect(jwts.asked).to.equal(2);
    expect(jwtsUsed.at(-1)).to.equal('j-s2');
    expect(pages.at(-1)).to.equal(1);
    await loader.loadOlder(source);
    expect(pages.at(-1), 'the cursor starts again in the new session').to.equal(2);
  });

  it('makes at most 10 calls a minute and says when the next may go', async () => {
    const { loader, source, pages, clock } = setup(conversation(10));
    for (let i = 0; i < 10; i++) expect((await loader.check(source, false)).outcome).to.equal('read');
    clock.tick(5000);
    expect(await loader.check(source, false)).to.deep.equal({ outcome: 'limited', waitMs: 55_000 });
    expect(pages).to.have.length(10);
    clock.tick(55_000);
    expect((await loader.check(source, false)).outcome).to.equal('read');
  });

  it('honours Retry-After of a 429, and counts other errors as failures', async () => {
    const { loader, source, pages, clock, setFail, errors } = setup(conversation(10));
    setFail(() => new HistoryError(429, 20));
    expect(await loader.check(source, false)).to.deep.equal({ outcome: 'limited', waitMs: 20_000 });
    setFail(undefined);
    clock.tick(19_000);
    expect(await loader.check(source, false)).to.deep.equal({ outcome: 'limited', waitMs: 1000 });
    clock.tick(1000);
    expect((await loader.check(source, false)).outcome).to.equal('read');
    setFail(() => new HistoryError(503));
    expect((await loader.check(source, false)).outcome).to.equal('failed');
    expect(errors).to.deep.equal(['history']);
    expect(pages).to.have.length(3);
  });

  it('pages back until history is older than an unconfirmed message', async () => {
    const all = conversation(80, 1_000_000);
    const { loader, source, pages, seen, setUnconfirmed } = setup(all);
    // Unconfirmed at the time of message 20, 60 messages back: pages of 25 reach it on page 3.
    setUnconfirmed([all[79]!.time! + 2 * 60_000]);
    expect((await loader.check(source, false)).outcome).to.equal('read');
    expect(pages).to.deep.equal([1]);
    setUnconfirmed([all[20]!.time!]);
    pages.length = 0;
    seen.clear(); // all new to us: written elsewhere since
    expect((await loader.check(source, false)).outcome).to.equal('read');
    expect(pages).to.deep.equal([1, 2, 3, 4]);
    expect(seen.has('m20')).to.equal(true);
  });

  it('goes on from the page it reached when the limit stopped a check, rather than reading page 1 again for ever (chaos: 89 messages stuck)', async () => {
    // A check that needs two pages with one call left a minute: page 1, then limited. Started
    // again at page 1 each time a call was free, it never reached page 2 and the unconfirmed
    // message, and the outbox waited for good (the default chaos, seed 10, after 9 reconnects).
    const all = conversation(60, 1_000_000);
    const { loader, source, pages, clock, setUnconfirmed } = setup(all);
    for (let i = 0; i < 9; i++) await loader.check(source, false);
    setUnconfirmed([all[20]!.time!]);
    pages.length = 0;
    clock.tick(1000);
    expect((await loader.check(source, false)).outcome).to.equal('limited');
    expect(pages).to.deep.equal([1]);
    for (let i = 0; i < 3 && (await loader.check(source, false)).outcome === 'limited'; i++) clock.tick(loader.waitMs());
    expect(pages).to.deep.equal([1, 2, 3]);
    expect(await loader.check(source, false)).to.deep.equal({ outcome: 'read' });
  });

  it('reads page 1 again on a new connection, whatever page an interrupted check had reached', async () => {
    // Agent messages written during the gap are on page 1: a check on a new connection starts there.
    const all = conversation(60, 1_000_000);
    const { loader, source, pages, clock, setUnconfirmed } = setup(all);
    for (let i = 0; i < 9; i++) await loader.check(source, false);
    setUnconfirmed([all[20]!.time!]);
    clock.tick(1000);
    pages.length = 0;
    expect((await loader.check(source, false)).outcome).to.equal('limited');
    clock.tick(60_000);
    const next = { ...source, live: true };
    expect((await loader.check(next, false)).outcome).to.equal('read');
    expect(pages).to.deep.equal([1, 1, 2, 3]);
  });

  it('reads at most four pages for a message history does not have, however fast the conversation', async () => {
    // Ten messages a second: a hundred messages are ten seconds, well inside the clock skew allowed.
    const all = Array.from({ length: 1000 }, (_, i) => wire(`m${i}`, 1_000_000 + i * 100));
    const { loader, source, pages, setUnconfirmed } = setup(all);
    setUnconfirmed([all[999]!.time! + 50]);
    expect((await loader.check(source, false)).outcome).to.equal('read');
    expect(pages).to.deep.equal([1, 2, 3, 4]);
  });

  it('pages back for an unconfirmed message past pages of messages it knew (another tab wrote them after it)', async () => {
    // Ten messages a second; ours was written before the 40 newest, which this tab knows from
    // their echoes (another tab's): it is on page 2, not on the first page that holds known ones.
    const all = Array.from({ length: 1000 }, (_, i) => wire(`m${i}`, 1_000_000 + i * 100));
    const { loader, source, pages, seen, setUnconfirmed } = setup(all);
    for (let i = 960; i < 1000; i++) seen.add(`m${i}`);
    setUnconfirmed([all[959]!.time!]);
    expect((await loader.check(source, false)).outcome).to.equal('read');
    expect(pages).to.deep.equal([1, 2, 3, 4]);
    expect(seen.has('m959')).to.equal(true);
  });

  it('reads pages of 100 by default, as Genesys\'s own SDK does: a check reaches 400 messages back', async () => {
    // Twenty messages a second from two tabs: ours was written 350 messages ago.
    const all = Array.from({ length: 1000 }, (_, i) => wire(`m${i}`, 1_000_000 + i * 50));
    const { loader, source, pages, seen, setUnconfirmed } = setup(all, new FakeClock(), HISTORY_PAGE_SIZE);
    setUnconfirmed([all[650]!.time!]);
    expect((await loader.check(source, false)).outcome).to.equal('read');
    expect(pages).to.deep.equal([1, 2, 3, 4]);
    expect(seen.has('m650')).to.equal(true);
  });

  it('reads one page for an unconfirmed message when that page already reaches before its time', async () => {
    // A real conversation: a message a minute. The first page spans 25 minutes.
    const all = Array.from({ length: 100 }, (_, i) => wire(`m${i}`, 1_000_000 + i * 60_000));
    const { loader, source, pages, setUnconfirmed } = setup(all);
    setUnconfirmed([all[99]!.time! + 50]);
    expect((await loader.check(source, false)).outcome).to.equal('read');
    expect(pages).to.deep.equal([1]);
  });

  it('catches up while every message on a page was new', async () => {
    const { loader, source, pages } = setup(conversation(80));
    await loader.check(source, true);
    expect(pages).to.deep.equal([1, 2, 3, 4]);
    pages.length = 0;
    await loader.check(source, true);
    expect(pages).to.deep.equal([1]);
  });

  it('reports a connection that went away as gone and applies nothing', async () => {
    const { loader, source, seen } = setup(conversation(5));
    source.live = false;
    expect((await loader.check(source, false)).outcome).to.equal('gone');
    expect(seen.size).to.equal(0);
  });
});

describe('HistoryCheck', () => {
  function check(outcomes: (() => Error | undefined)[], waiting = true) {
    const clock = new FakeClock();
    const t = setup(conversation(3), clock);
    let call = 0;
    t.setFail(() => outcomes[Math.min(call++, outcomes.length - 1)]!());
    const log = { checked: 0, released: 0, pumped: 0 };
    const runner = new HistoryCheck(clock, t.loader, {
      catchUp: () => false,
      waiting: () => waiting,
      checked: () => log.checked++,
      release: () => log.released++,
      pump: () => log.pumped++,
      changed: () => {},
      log: () => {},
    });
    return { clock, runner, log, source: t.source, pages: t.pages };
  }
  const settle = () => new Promise((r) => setTimeout(r, 0));

  it('waits out a rate limit without counting it as a failure, then confirms', async () => {
    const { clock, runner, log, source } = check([() => new HistoryError(429, 30), () => undefined]);
    await runner.run(source);
    expect(log).to.deep.equal({ checked: 0, released: 0, pumped: 0 });
    clock.tick(29_999);
    await settle();
    expect(log.checked).to.equal(0);
    clock.tick(1);
    await settle();
    expect(log).to.deep.equal({ checked: 1, released: 0, pumped: 0 });
  });

  it('releases unconfirmed messages only after six real failures', async () => {
    const { clock, runner, log, source, pages } = check([() => new HistoryError(503)]);
    await runner.run(source);
    for (let i = 0; i < 6; i++) {
      expect(log.released).to.equal(0);
      clock.tick(60_000);
      await settle();
    }
    expect(pages).to.have.length(7);
    expect(log).to.deep.equal({ checked: 0, released: 1, pumped: 1 });
  });

  it('reads a resumed conversation in a tab that shows nothing of it until history answers, though nothing waits (two-tab chaos: a tab opened while history was limited never showed it)', async () => {
    const { clock, runner, log, source, pages } = check([() => new HistoryError(429, 30), () => new HistoryError(503), () => undefined], false);
    await runner.resume(source);
    expect(log.pumped, 'messages go on meanwhile').to.equal(1);
    clock.tick(30_000);
    await settle();
    clock.tick(60_000);
    await settle();
    expect(pages).to.have.length(3);
    expect(log.checked).to.equal(1);
    // A check for nothing, once read: no more reads.
    clock.tick(600_000);
    await settle();
    expect(pages).to.have.length(3);
  });

  it('never releases while history is only rate limited', async () => {
    const { clock, runner, log, source } = check([() => new HistoryError(429, 60)]);
    await runner.run(source);
    for (let i = 0; i < 20; i++) {
      clock.tick(60_000);
      await settle();
    }
    expect(log.released).to.equal(0);
  });
});
