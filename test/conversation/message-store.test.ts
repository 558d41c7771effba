import { expect } from '@open-wc/testing';
import { MessageStore } from '../../src/conversation/message-store.js';
import type { ChatMessage } from '../../src/types.js';

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
