import { expect } from '@open-wc/testing';
import type { ClientFrame, ServerFrame } from '../../src/protocol/types.js';
import { RequestTracker } from '../../src/session/request-tracker.js';
import { FakeClock } from '../helpers/fake-clock.js';

const jwtFrame = (tracingId: string): ServerFrame => ({ kind: 'jwt', tracingId, jwt: 'a.b.c', exp: 1 }) as ServerFrame;
const getJwt = (tracingId: string) => ({ action: 'getJwt', token: 't', tracingId }) as ClientFrame & { tracingId: string };

describe('RequestTracker', () => {
  it('resolves a request with the reply carrying its tracingId, not another one', async () => {
    const clock = new FakeClock();
    const sent: ClientFrame[] = [];
    const tracker = new RequestTracker(clock, (f) => (sent.push(f), true));
    const reply = tracker.request(getJwt('one'));
    expect(tracker.settle(jwtFrame('two'))).to.equal(false);
    expect(tracker.settle(jwtFrame('one'))).to.equal(true);
    expect(await reply).to.deep.equal(jwtFrame('one'));
    expect(sent).to.have.length(1);
    expect(clock.pending).to.equal(0);
  });

  it('resolves undefined when the frame cannot be sent, on timeout, and on cancelAll', async () => {
    const clock = new FakeClock();
    expect(await new RequestTracker(clock, () => false).request(getJwt('x'))).to.equal(undefined);
    const tracker = new RequestTracker(clock, () => true, 1000);
    const timedOut = tracker.request(getJwt('a'));
    clock.tick(1000);
    expect(await timedOut).to.equal(undefined);
    expect(tracker.settle(jwtFrame('a'))).to.equal(false);
    const cancelled = tracker.request(getJwt('b'));
    tracker.cancelAll();
    expect(await cancelled).to.equal(undefined);
    expect(clock.pending).to.equal(0);
  });
});
