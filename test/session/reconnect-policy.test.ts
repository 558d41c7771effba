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

  it('gives up after six refused upgrades in a row while online, not while offline', () => {
    const policy = new ReconnectPolicy();
    const verdicts = Array.from({ length: 6 }, () => policy.closed(false, true));
    expect(verdicts).to.deep.equal(['retry', 'retry', 'retry', 'retry', 'retry', 'give-up']);
    const offline = new ReconnectPolicy();
    expect(Array.from({ length: 8 }, () => offline.closed(false, false))).to.not.include('give-up');
  });

  it('counts refusals only in a row: a connection that opened starts over', () => {
    const policy = new ReconnectPolicy();
    for (let i = 0; i < 5; i++) policy.closed(false, true);
    expect(policy.closed(true, true)).to.equal('retry');
    for (let i = 0; i < 5; i++) expect(policy.closed(false, true)).to.equal('retry');
  });

  it('restarts a dead session twice, then gives up until a session succeeds or the person retries', () => {
    const policy = new ReconnectPolicy();
    expect([policy.sessionEnded(), policy.sessionEnded(), policy.sessionEnded()]).to.deep.equal(['restart', 'restart', 'give-up']);
    policy.manualRetry();
    expect(policy.sessionEnded()).to.equal('restart');
    policy.succeeded();
    expect([policy.sessionEnded(), policy.sessionEnded()]).to.deep.equal(['restart', 'restart']);
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
