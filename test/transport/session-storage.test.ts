/** SessionStorage where tabs cannot coordinate (C12), and a history body's cap (S5). */
import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { GuestTransport, HistoryError, MAX_HISTORY_BODY_CHARS } from '../../src/transport/guest-transport.js';
import { RateBudget } from '../../src/transport/rate-budget.js';
import { type OutboxEntry, SessionStorage } from '../../src/transport/session-storage.js';
import { FakeClock } from '../helpers/fake-clock.js';

/** A Storage of its own: one per "tab" for sessionStorage, one shared for localStorage. */
class MemoryStorage implements Storage {
  #m = new Map<string, string>();
  get length() {
    return this.#m.size;
  }
  clear() {
    this.#m.clear();
  }
  getItem(k: string) {
    return this.#m.get(k) ?? null;
  }
  key(i: number) {
    return [...this.#m.keys()][i] ?? null;
  }
  removeItem(k: string) {
    this.#m.delete(k);
  }
  setItem(k: string, v: string) {
    this.#m.set(k, v);
  }
}

const entry = (text: string, time = 1): OutboxEntry => ({ tracingId: `t-${text}`, clientId: `c-${text}`, text, time, attempts: 0 });

describe('SessionStorage without tab coordination (C12)', () => {
  afterEach(() => sinon.restore());

  it('keeps each tab its own outbox where Web Locks are missing, so no tab sends another tab\'s messages', () => {
    // An http: origin or an old Safari: no navigator.locks.
    sinon.stub(navigator, 'locks').value(undefined);
    const local = new MemoryStorage();
    const tabA = new SessionStorage('local', 'dep', { areas: { shared: local, tab: new MemoryStorage() } });
    const tabB = new SessionStorage('local', 'dep', { areas: { shared: local, tab: new MemoryStorage() } });
    tabA.outbox = [entry('from A')];
    tabB.outbox = [entry('from B')];
    expect(tabA.outbox.map((e) => e.text)).to.deep.equal(['from A']);
    expect(tabB.outbox.map((e) => e.text)).to.deep.equal(['from B']);
    // The session itself is still shared: one token for both tabs.
    expect(tabA.token).to.equal(tabB.token);
    // Becoming "leader" is never asked without a link, but must not merge either.
    tabA.tabScoped = false;
    expect(tabB.outbox.map((e) => e.text)).to.deep.equal(['from B']);
  });

  it('hands entries left in the shared outbox to one tab only', () => {
    const local = new MemoryStorage();
    local.setItem('genesys-chat:dep:outbox', JSON.stringify([entry('left over')]));
    const tabA = new SessionStorage('local', 'dep', { coordinated: false, areas: { shared: local, tab: new MemoryStorage() } });
    const tabB = new SessionStorage('local', 'dep', { coordinated: false, areas: { shared: local, tab: new MemoryStorage() } });
    expect(tabA.outbox.map((e) => e.text)).to.deep.equal(['left over']);
    expect(tabB.outbox).to.deep.equal([]);
  });

  it("keeps a follower's own outbox in the shared area under its tab's key, for the leader to take over once the tab is gone", () => {
    const local = new MemoryStorage();
    const leader = new SessionStorage('local', 'dep', { coordinated: true, areas: { shared: local, tab: new MemoryStorage() } });
    const follower = new SessionStorage('local', 'dep', { coordinated: true, areas: { shared: local, tab: new MemoryStorage() } });
    leader.outbox = [entry('from the leader', 1)];
    follower.tabScoped = true;
    follower.outbox = [entry('from the follower', 2)];
    // Not in the tab's sessionStorage, which dies with the tab.
    expect(local.getItem(`genesys-chat:dep:tab-outbox:${follower.tab}`)).to.contain('from the follower');
    expect(leader.outbox.map((e) => e.text)).to.deep.equal(['from the leader']);
    expect(leader.otherTabOutboxes).to.deep.equal([follower.tab]);
    expect(follower.otherTabOutboxes, 'its own key is not another tab').to.deep.equal([]);
    expect(leader.tabOf('genesys-chat:other:tab-outbox:x'), "another deployment's key").to.equal(undefined);
    expect(leader.adoptTabOutbox(follower.tab)).to.equal(1);
    expect(leader.outbox.map((e) => e.text)).to.deep.equal(['from the leader', 'from the follower']);
    expect(leader.otherTabOutboxes).to.deep.equal([]);
    expect(leader.adoptTabOutbox(follower.tab), 'taken once').to.equal(0);
  });

  it('shares the outbox while tabs coordinate (the leader sends it)', () => {
    const local = new MemoryStorage();
    const tabA = new SessionStorage('local', 'dep', { coordinated: true, areas: { shared: local, tab: new MemoryStorage() } });
    const tabB = new SessionStorage('local', 'dep', { coordinated: true, areas: { shared: local, tab: new MemoryStorage() } });
    tabA.outbox = [entry('shared')];
    expect(tabB.outbox.map((e) => e.text)).to.deep.equal(['shared']);
  });

  it("tells a follower which entries the leader took out of the shared outbox, from a storage event's values, bad values read as none", () => {
    const tab = new SessionStorage('local', 'dep', { coordinated: true, areas: { shared: new MemoryStorage(), tab: new MemoryStorage() } });
    const key = 'genesys-chat:dep:outbox';
    const json = (...texts: string[]) => JSON.stringify(texts.map((t) => entry(t)));
    expect(tab.takenFromShared(key, json('a', 'b', 'c'), json('c', 'd'))!.map((e) => e.text)).to.deep.equal(['a', 'b']);
    expect(tab.takenFromShared(key, json('a'), null)!.map((e) => e.text)).to.deep.equal(['a']);
    expect(tab.takenFromShared(key, '{not json', json('a'))).to.deep.equal([]);
    expect(tab.takenFromShared(key, JSON.stringify([{ tracingId: 1 }, entry('x')]), '[]')!.map((e) => e.text)).to.deep.equal(['x']);
    expect(tab.takenFromShared('genesys-chat:dep:token', json('a'), null), 'another key').to.equal(undefined);
    expect(tab.takenFromShared('genesys-chat:other:outbox', json('a'), null), 'another deployment').to.equal(undefined);
  });
});

describe('GuestTransport.fetchHistory (C13, S5)', () => {
  afterEach(() => sinon.restore());
  const transport = () => new GuestTransport({ deploymentId: 'd', socketUrl: 'wss://x/v1', apiUrl: 'https://api.example.com' });

  it('passes the abort signal to fetch', async () => {
    const fetch = sinon.stub(window, 'fetch').resolves(new Response(JSON.stringify({ entities: [], pageCount: 1, pageNumber: 1 })));
    const abort = new AbortController();
    await transport().fetchHistory('jwt', 1, 25, abort.signal);
    expect(fetch.firstCall.args[1]!.signal).to.equal(abort.signal);
  });

  it('refuses a body larger than the cap without parsing it', async () => {
    const huge = JSON.stringify({ entities: [{ id: 'a', type: 'Text', direction: 'Outbound', text: 'x'.repeat(MAX_HISTORY_BODY_CHARS) }], pageCount: 1, pageNumber: 1 });
    sinon.stub(window, 'fetch').resolves(new Response(huge));
    const parse = sinon.spy(JSON, 'parse');
    let error: unknown;
    try {
      await transport().fetchHistory('jwt', 1, 25);
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(HistoryError);
    expect(String(error)).to.contain('larger than');
    expect(parse.called).to.equal(false);
  });
});

describe('RateBudget on the injected clock', () => {
  it('refills and drains on a FakeClock, not on Date.now', () => {
    const clock = new FakeClock();
    const budget = new RateBudget({ ratePerSecond: 2, clock });
    const sent: number[] = [];
    for (let i = 0; i < 4; i++) budget.enqueue('message', () => (sent.push(i), true));
    expect(sent).to.deep.equal([0, 1]);
    clock.tick(499);
    expect(sent).to.deep.equal([0, 1]);
    clock.tick(1);
    expect(sent).to.deep.equal([0, 1, 2]);
    clock.tick(500);
    expect(sent).to.deep.equal([0, 1, 2, 3]);
    expect(clock.pending).to.equal(0);
  });
});
