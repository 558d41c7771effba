import { expect } from '@open-wc/testing';
import { backoffDelay, ReconnectPolicy } from '../../src/session/reconnect-policy.js';

describe('ReconnectPolicy', () => {
  it('backs off 1 s doubling with ±30 % jitter, capped at 30 s', () => {
    expect([backoffDelay(1, () => 0), backoffDelay(1, () => 0.999999)]).to.deep.equal([700, 1300]);
    expect(backoffDelay(4, () => 0.5)).to.equal(8000);
    expect(backoffDelay(50, () => 0.999999)).to.equal(30_000);
    const policy = new ReconnectPolicy(() => 0.5);
    expect([policy.nextDelay(), policy.nextDelay(), policy.nextDelay()]).to.deep.equal([1000, 2000, 4000]);
    expect(policy.attempt).to.equal(3);
  });

  it('says once that the service is unreachable when no socket opened for 30 s while online, and keeps retrying', () => {
    const policy = new ReconnectPolicy();
    policy.opening(0);
    const verdicts = [5_000, 15_000, 29_999, 30_000, 60_000, 90_000].map((t) => policy.closed(false, true, t));
    expect(verdicts).to.deep.equal(['retry', 'retry', 'retry', 'unreachable', 'retry', 'retry']);
    expect(policy.opened()).to.equal(true, 'it had been reported');
    const offline = new ReconnectPolicy();
    offline.opening(0);
    expect([10_000, 40_000, 80_000].map((t) => offline.closed(false, false, t))).to.not.include('unreachable');
  });

  it('counts from the first attempt since a socket last opened: one that opened starts over', () => {
    const policy = new ReconnectPolicy();
    policy.opening(0);
    policy.closed(false, true, 20_000);
    expect(policy.closed(true, true, 25_000)).to.equal('retry');
    policy.opening(26_000);
    expect(policy.closed(false, true, 50_000)).to.equal('retry');
    expect(policy.closed(false, true, 56_000)).to.equal('unreachable');
  });

  it('restarts a dead session at once, then with capped backoff, never giving up; says so once when they keep ending', () => {
    const policy = new ReconnectPolicy(() => 0.5);
    // The first fresh session at once, the next ones after a backoff (C7), capped at 30 s.
    const delays: number[] = [];
    const told: boolean[] = [];
    for (let i = 0; i < 8; i++) {
      delays.push(policy.sessionEnded());
      told.push(policy.keepsEnding);
    }
    expect(delays).to.deep.equal([0, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
    expect(told.filter(Boolean), 'once').to.have.length(1);
    expect(told[2], 'after the third').to.equal(true);
    policy.manualRetry();
    expect(policy.sessionEnded()).to.equal(0);
    policy.succeeded();
    expect([policy.sessionEnded(), policy.sessionEnded()]).to.deep.equal([0, 1000]);
  });

  it('keeps a short first delay after a manual retry and resets to a first connect on fresh()', () => {
    const policy = new ReconnectPolicy(() => 0.5);
    for (let i = 0; i < 5; i++) policy.nextDelay();
    policy.manualRetry();
    expect(policy.attempt).to.equal(1);
    policy.fresh();
    expect(policy.attempt).to.equal(0);
  });
});
