import { expect } from '@open-wc/testing';
import { Heartbeat } from '../../src/session/heartbeat.js';
import { FakeClock } from '../helpers/fake-clock.js';

describe('Heartbeat', () => {
  function setup() {
    const clock = new FakeClock();
    const log = { echoes: 0, dead: 0 };
    const hb = new Heartbeat(clock, () => log.echoes++, () => log.dead++);
    return { clock, log, hb };
  }

  it('echoes every 30 s while frames keep arriving', () => {
    const { clock, log, hb } = setup();
    hb.start();
    for (let i = 0; i < 3; i++) {
      clock.tick(30_000);
      hb.seen();
    }
    expect(log).to.deep.equal({ echoes: 3, dead: 0 });
  });

  it('declares the socket dead 10 s after an unanswered echo, once, and stops', () => {
    const { clock, log, hb } = setup();
    hb.start();
    clock.tick(30_000);
    clock.tick(9_999);
    expect(log.dead).to.equal(0);
    clock.tick(1);
    expect(log.dead).to.equal(1);
    clock.tick(120_000);
    expect(log).to.deep.equal({ echoes: 1, dead: 1 });
  });

  it('checks at once on return from hidden only when the last echo is old', () => {
    const { clock, log, hb } = setup();
    hb.start();
    clock.tick(10_000);
    hb.checkNow();
    expect(log.echoes).to.equal(0);
    clock.time += 60_000; // asleep: no timer ran
    hb.checkNow();
    expect(log.echoes).to.equal(1);
  });

  it('does nothing after stop()', () => {
    const { clock, log, hb } = setup();
    hb.start();
    hb.stop();
    clock.time += 60_000;
    hb.checkNow();
    clock.tick(100_000);
    expect(log).to.deep.equal({ echoes: 0, dead: 0 });
    expect(clock.pending).to.equal(0);
  });
});
