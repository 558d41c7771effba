import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import * as encode from '../../src/protocol/encode.js';
import { BudgetedTransport } from '../../src/transport/budgeted-transport.js';
import { RateBudget } from '../../src/transport/rate-budget.js';
import { FakeTransport } from '../helpers/fake-transport.js';

describe('BudgetedTransport', () => {
  afterEach(() => sinon.restore());

  function setup() {
    const clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const inner = new FakeTransport({ deploymentId: 'd', socketUrl: 'ws://x', apiUrl: 'http://x' });
    inner.connect({ open() {}, frame() {}, invalid() {}, close() {} });
    inner.isOpen = true;
    const t = new BudgetedTransport(inner, new RateBudget({ ratePerSecond: 1, burst: 1 }));
    return { clock, inner, t };
  }

  it('sends control frames at once and queues onMessage frames by priority', () => {
    const { clock, inner, t } = setup();
    const written: string[] = [];
    expect(t.queue('message', encode.textMessage('tok', 'm1', 'one'), { written: () => written.push('m1') })).to.equal(true);
    expect(t.queue('typing', encode.typingOn('tok', 'ty'))).to.equal(true);
    expect(t.queue('receipt', encode.readReceipt('tok', 'r1', 'a1'), { key: 'read' })).to.equal(true);
    t.queue('receipt', encode.readReceipt('tok', 'r2', 'a2'), { key: 'read' });
    t.queue('message', encode.textMessage('tok', 'm2', 'two'));
    expect(t.send(encode.echo('tok'))).to.equal(true);
    clock.tick(5000);
    expect(inner.sent.map((f) => f.tracingId)).to.deep.equal(['m1', encode.HEALTH_CHECK_TRACING_ID, 'm2', 'r2']);
    expect(written).to.deep.equal(['m1']);
  });

  it('skips a frame whose maker says it is no longer wanted, spending nothing', () => {
    const { clock, inner, t } = setup();
    t.queue('message', () => undefined);
    t.queue('message', encode.textMessage('tok', 'm1', 'one'));
    clock.tick(0);
    expect(inner.sent.map((f) => f.tracingId)).to.deep.equal(['m1']);
  });

  it('holds queued frames while paused, and close() drops them', () => {
    const { clock, inner, t } = setup();
    t.pause(3000);
    t.queue('message', encode.textMessage('tok', 'm1', 'one'));
    clock.tick(2999);
    expect(inner.sent).to.have.length(0);
    t.close();
    clock.tick(10_000);
    expect(inner.sent).to.have.length(0);
    expect(inner.closed).to.equal(true);
  });
});
