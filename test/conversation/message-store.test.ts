import { expect } from '@open-wc/testing';
import { MessageStore } from '../../src/conversation/message-store.js';
import type { ChatMessage } from '../../src/types.js';
import { mulberry32 } from '../helpers/prng.js';

const agent = (id: string, time: number, text = id): ChatMessage => ({ id, from: 'agent', text, time });
const pending = (tracingId: string, time: number, clientId = `c-${tracingId}`): ChatMessage => ({
  id: tracingId, tracingId, clientId, from: 'customer', text: tracingId, time, status: 'sending',
});

describe('MessageStore', () => {
  it('orders by time whatever the arrival order, ties in arrival order', () => {
    const s = new MessageStore();
    s.upsert(agent('b', 2000));
    s.upsert(agent('a', 1000));
    s.upsert(agent('c', 2000));
    expect(s.messages.map((m) => m.id)).to.deep.equal(['a', 'b', 'c']);
  });

  it('dedupes by id: the same message twice is one message', () => {
    const s = new MessageStore();
    expect(s.upsert(agent('a', 1))).to.equal(true);
    expect(s.upsert(agent('a', 1))).to.equal(false);
    expect(s.messages).to.have.length(1);
  });

  it('turns a pending message into the echoed one by tracingId, taking the server id and time', () => {
    const s = new MessageStore();
    s.addPending(pending('t1', 5000));
    s.upsert({ id: 'srv1', tracingId: 't1', from: 'customer', text: 't1', time: 4000 });
    expect(s.messages).to.have.length(1);
    expect(s.messages[0]).to.include({ id: 'srv1', status: 'sent', time: 4000, clientId: 'c-t1' });
  });

  it('matches history copies of own messages by client id (metadata.id)', () => {
    const s = new MessageStore();
    s.addPending(pending('t1', 5000, 'client-1'));
    s.upsert({ id: 'srv1', clientId: 'client-1', from: 'customer', text: 't1', time: 4000 });
    s.upsert({ id: 'srv1', tracingId: 't1', from: 'customer', text: 't1', time: 4000 });
    expect(s.messages.map((m) => [m.id, m.status])).to.deep.equal([['srv1', 'sent']]);
  });

  it('does not add a pending copy of a message history already gave by its client id (two-tab chaos showed it twice)', () => {
    const s = new MessageStore();
    s.upsert({ id: 'server-1', clientId: 'client-1', from: 'customer', text: 't1', time: 5000 });
    s.addPending(pending('t1', 4900, 'client-1'));
    expect(s.messages.map((m) => [m.id, m.status])).to.deep.equal([['server-1', 'sent']]);
  });

  it('moves statuses forward only, and Read is a horizon over earlier messages', () => {
    const s = new MessageStore();
    for (const [id, t] of [['m1', 1], ['m2', 2], ['m3', 3]] as const) s.upsert({ id, from: 'customer', text: id, time: t });
    s.applyReceipt('m2', 'read');
    expect(s.messages.map((m) => m.status)).to.deep.equal(['read', 'read', 'sent']);
    s.applyReceipt('m2', 'delivered');
    expect(s.get('m2')!.status).to.equal('read');
    s.applyReceipt('m3', 'delivered');
    expect(s.get('m3')!.status).to.equal('delivered');
    expect(s.applyReceipt('unknown', 'read')).to.equal(false);
  });

  it('marks failed only what has not been sent, and retry brings it back to sending', () => {
    const s = new MessageStore();
    s.addPending(pending('t1', 1));
    expect(s.markFailed('t1', { code: 4011, message: 'too long' })!.status).to.equal('failed');
    expect(s.markSending('t1')!.status).to.equal('sending');
    s.upsert({ id: 'srv', tracingId: 't1', from: 'customer', text: 't1', time: 1 });
    expect(s.markFailed('t1', { code: 5000, message: 'late' })).to.equal(undefined);
    expect(s.get('srv')!.status).to.equal('sent');
  });

  it('never lets an agent message overwrite a customer message with the same id', () => {
    const s = new MessageStore();
    s.addPending(pending('same', 1));
    s.upsert(agent('same', 2, 'hostile'));
    expect(s.messages.map((m) => [m.from, m.text, m.status])).to.deep.equal([
      ['customer', 'same', 'sending'],
      ['agent', 'hostile', undefined],
    ]);
  });
});

/** The old store's semantics for messages with distinct ids: sorted by (time, first arrival). */
function naive(messages: ChatMessage[]): string[] {
  const first = new Map<string, { m: ChatMessage; seq: number }>();
  messages.forEach((m, seq) => {
    const known = first.get(m.id);
    first.set(m.id, { m, seq: known?.seq ?? seq });
  });
  return [...first.values()].sort((a, b) => a.m.time - b.m.time || a.seq - b.seq).map((e) => e.m.id);
}

describe('MessageStore: indexes and ordering', () => {
  it('inserts out-of-order messages in place and keeps equal times in insertion order', () => {
    const s = new MessageStore();
    for (const [id, t] of [['e', 50], ['a', 10], ['c', 30], ['c2', 30], ['b', 20], ['f', 60], ['c3', 30], ['z', 0]] as const) {
      s.upsert(agent(id, t));
    }
    expect(s.messages.map((m) => m.id)).to.deep.equal(['z', 'a', 'b', 'c', 'c2', 'c3', 'e', 'f']);
    expect(s.indexOf('c2')).to.equal(4);
    expect(s.indexOf('nope')).to.equal(-1);
    for (const [i, m] of s.messages.entries()) expect(s.indexOf(m.id)).to.equal(i);
  });

  it('keeps a merged message in its first place among equal times', () => {
    const s = new MessageStore();
    s.upsert(agent('a', 5));
    s.upsert(agent('b', 5));
    s.upsert(agent('a', 5, 'edited'));
    expect(s.messages.map((m) => [m.id, m.text])).to.deep.equal([['a', 'edited'], ['b', 'b']]);
  });

  it('moves a pending message to the time of its echo', () => {
    const s = new MessageStore();
    s.upsert(agent('a', 1000));
    s.addPending(pending('t1', 3000));
    s.upsert(agent('b', 2000));
    s.upsert({ id: 'srv1', tracingId: 't1', from: 'customer', text: 't1', time: 1500 });
    expect(s.messages.map((m) => m.id)).to.deep.equal(['a', 'srv1', 'b']);
    expect(s.get('t1')).to.equal(undefined);
    expect(s.byTracingId('t1')!.id).to.equal('srv1');
  });

  it('hands out a new array after every change and the same one otherwise, even in a burst', () => {
    const s = new MessageStore();
    const empty = s.messages;
    expect(s.messages).to.equal(empty);
    s.upsert(agent('a', 1));
    const one = s.messages;
    expect(one).not.to.equal(empty);
    expect(s.messages).to.equal(one);
    for (let i = 0; i < 1000; i++) s.upsert(agent(`b${i}`, 2 + i));
    const many = s.messages;
    expect(many).to.have.length(1001);
    expect(one).to.have.length(1); // an earlier snapshot never changes under its holder
    s.markFailed('nothing', { code: 1, message: '' });
    expect(s.messages).to.equal(many); // nothing changed
  });

  it('keeps an agent message whose id collides with an own message matched by tracingId', () => {
    const s = new MessageStore();
    s.upsert(agent('srv1', 1));
    s.addPending(pending('t1', 2));
    s.upsert({ id: 'srv1', tracingId: 't1', from: 'customer', text: 't1', time: 2 });
    expect(s.messages.map((m) => [m.id, m.from])).to.deep.equal([
      ['srv1', 'agent'],
      ['srv1:customer', 'customer'],
    ]);
  });

  it('keeps an agent message whose id a pending message happens to take', () => {
    const s = new MessageStore();
    s.upsert(agent('t1', 1));
    s.addPending(pending('t1', 2));
    s.upsert({ id: 'srv1', tracingId: 't1', from: 'customer', text: 't1', time: 2 });
    expect(s.messages.map((m) => [m.id, m.from, m.status])).to.deep.equal([
      ['t1', 'agent', undefined],
      ['srv1', 'customer', 'sent'],
    ]);
  });

  it('is idempotent under a random shuffle of 2,000 upserts, matching a naive sort', () => {
    const random = mulberry32(6);
    const all: ChatMessage[] = [];
    for (let i = 0; i < 1000; i++) {
      // Few distinct times, so equal times are common.
      const time = Math.floor(random() * 200);
      all.push(random() < 0.5 ? agent(`a${i}`, time) : { id: `c${i}`, from: 'customer', text: `c${i}`, time, status: 'sent' });
    }
    const upserts = [...all, ...all]; // each message twice
    for (let i = upserts.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [upserts[i], upserts[j]] = [upserts[j]!, upserts[i]!];
    }
    const s = new MessageStore();
    let added = 0;
    for (const m of upserts) if (s.upsert(m)) added++;
    expect(added).to.equal(1000);
    expect(s.messages.map((m) => m.id)).to.deep.equal(naive(upserts));
    for (const [i, m] of s.messages.entries()) {
      expect(s.indexOf(m.id)).to.equal(i);
      expect(s.get(m.id)).to.equal(m);
    }
    expect(s.unreadCount()).to.equal(s.messages.filter((m) => m.from === 'agent').length);
  });
});

describe('MessageStore: read horizon', () => {
  const conversation = () => {
    const s = new MessageStore();
    s.upsert(agent('a1', 1));
    s.addPending(pending('t1', 2));
    s.upsert(agent('a2', 3));
    s.upsert(agent('a3', 4));
    return s;
  };

  it('counts every agent message unread until a horizon is set', () => {
    const s = conversation();
    expect(s.readHorizon).to.equal(undefined);
    expect(s.unreadCount()).to.equal(3);
    expect(s.isRead('a1')).to.equal(false);
  });

  it('moves forward only, over agent messages', () => {
    const s = conversation();
    expect(s.setReadHorizon('a2')).to.equal(true);
    expect(s.readHorizon).to.equal('a2');
    expect([s.isRead('a1'), s.isRead('a2'), s.isRead('a3'), s.isRead('t1')]).to.deep.equal([true, true, false, false]);
    expect(s.unreadCount()).to.equal(1);
    expect(s.setReadHorizon('a1')).to.equal(false); // older
    expect(s.setReadHorizon('a2')).to.equal(false); // the same
    expect(s.setReadHorizon('t1')).to.equal(false); // a customer message
    expect(s.setReadHorizon(undefined)).to.equal(false);
    expect(s.readHorizon).to.equal('a2');
    expect(s.setReadHorizon('a3')).to.equal(true);
    expect(s.unreadCount()).to.equal(0);
  });

  it('counts new agent messages after the horizon and older ones before it', () => {
    const s = conversation();
    s.setReadHorizon('a2');
    s.upsert(agent('a4', 10));
    expect(s.unreadCount()).to.equal(2);
    s.upsert(agent('old', 0)); // history: before the horizon, so read
    expect(s.isRead('old')).to.equal(true);
    expect(s.unreadCount()).to.equal(2);
    s.upsert(agent('a2', 3, 'again')); // a history copy of the horizon message
    expect(s.readHorizon).to.equal('a2');
    expect(s.unreadCount()).to.equal(2);
    s.upsert(agent('a3', 11)); // a copy with a later time moves past a4
    expect(s.unreadCount()).to.equal(2);
    s.clear();
    expect([s.readHorizon, s.unreadCount()]).to.deep.equal([undefined, 0]);
  });

  it('keeps a horizon that names a message not loaded yet, and resolves it when it arrives', () => {
    const s = new MessageStore();
    expect(s.setReadHorizon('h')).to.equal(false);
    expect(s.readHorizon).to.equal('h');
    s.upsert(agent('a1', 1));
    s.upsert(agent('a3', 3));
    expect(s.unreadCount()).to.equal(2);
    s.upsert(agent('h', 2));
    expect(s.readHorizon).to.equal('h');
    expect([s.isRead('a1'), s.isRead('h'), s.isRead('a3')]).to.deep.equal([true, true, false]);
    expect(s.unreadCount()).to.equal(1);
  });

  it('does not let a late-resolving horizon move it backwards', () => {
    const s = new MessageStore();
    s.setReadHorizon('old');
    s.upsert(agent('a1', 5));
    expect(s.setReadHorizon('a1')).to.equal(true);
    s.upsert(agent('old', 1));
    expect(s.readHorizon).to.equal('a1');
    expect(s.unreadCount()).to.equal(0);
  });

  it('finds the newest of a set of ids in display order', () => {
    const s = new MessageStore();
    s.upsert(agent('b', 9));
    s.upsert(agent('c', 9));
    s.upsert(agent('a', 5));
    s.upsert(agent('d', 1));
    expect(s.newestOf(['a', 'b', 'c', 'd'])).to.equal('c');
    expect(s.newestOf(new Set(['d', 'a', 'x']))).to.equal('a');
    expect(s.newestOf(['x'])).to.equal(undefined);
  });

  it('keeps unreadCount equal to a recount under random traffic and horizon moves', () => {
    const random = mulberry32(7);
    const s = new MessageStore();
    for (let i = 0; i < 2000; i++) {
      const r = random();
      if (r < 0.6) s.upsert(agent(`a${Math.floor(random() * 800)}`, Math.floor(random() * 300)));
      else if (r < 0.8) s.upsert({ id: `c${i}`, from: 'customer', text: '', time: Math.floor(random() * 300) });
      else s.setReadHorizon(`a${Math.floor(random() * 800)}`);
      if (i % 97 === 0) {
        const list = s.messages;
        const h = s.readHorizon === undefined ? -1 : list.findIndex((m) => m.id === s.readHorizon);
        const unread = list.filter((m, j) => m.from === 'agent' && j > h).length;
        expect(s.unreadCount()).to.equal(unread);
        for (const [j, m] of list.entries()) expect(s.isRead(m.id)).to.equal(m.from === 'agent' && j <= h);
      }
    }
  });
});
