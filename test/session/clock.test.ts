import { expect } from '@open-wc/testing';
import { MAX_TIMER_MS } from '../../src/options.js';
import { Timer } from '../../src/session/clock.js';
import { FakeClock } from '../helpers/fake-clock.js';

describe('Timer', () => {
  it('fires once after its delay and is inactive afterwards', () => {
    const clock = new FakeClock();
    const timer = new Timer(clock);
    let fired = 0;
    timer.start(100, () => fired++);
    expect(timer.active).to.equal(true);
    clock.tick(99);
    expect(fired).to.equal(0);
    clock.tick(1);
    expect(fired).to.equal(1);
    expect(timer.active).to.equal(false);
  });

  it('replaces the pending callback when started again, and stop cancels it', () => {
    const clock = new FakeClock();
    const timer = new Timer(clock);
    const fired: string[] = [];
    timer.start(100, () => fired.push('a'));
    timer.start(50, () => fired.push('b'));
    expect(clock.pending).to.equal(1);
    clock.tick(200);
    expect(fired).to.deep.equal(['b']);
    timer.start(10, () => fired.push('c'));
    timer.stop();
    clock.tick(100);
    expect(fired).to.deep.equal(['b']);
    expect(clock.pending).to.equal(0);
  });

  it('caps a delay at what setTimeout honours', () => {
    const clock = new FakeClock();
    let fired = 0;
    new Timer(clock).start(Number.MAX_SAFE_INTEGER, () => fired++);
    clock.tick(MAX_TIMER_MS - 1);
    expect(fired).to.equal(0);
    clock.tick(1);
    expect(fired).to.equal(1);
  });
});
