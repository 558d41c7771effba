/**
 * "Never lose a message": the chaos scenario (scenario.ts) with a small seed, in `npm test`,
 * on a slow device: the page's CPU throttled 4x (test/helpers/cpu-plugin.mjs) and every
 * server frame late by 0..50 ms. The large run is `npm run chaos -- --messages 2000 --cpu-throttle 4`.
 */
import { expect } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import sinon from 'sinon';
import '../../src/define.js';
import { simulator, type Simulator } from '../helpers/sim-client.js';
import { countDelivery, describeChaos, runChaos } from './scenario.js';

/** A mid-range phone (Chromium's CPU throttling rate). */
const CPU_THROTTLE = 4;
const DELIVERY_JITTER_MS = 50;
const throttle = (rate: number) => executeServerCommand('cpu-throttle', { rate });

describe('chaos: never lose a message', function () {
  let sim: Simulator;

  before(async () => {
    sim = await simulator();
  });

  afterEach(async () => {
    sinon.restore();
    await throttle(1); // the page is reused by the next test file
  });

  after(async () => {
    await sim.setOptions({ faults: null, ratePerSecond: 2 });
    await sim.refuse({ ms: 0 });
  });

  it('counts lost, duplicated and reordered messages', () => {
    expect(countDelivery([1, 2, 3, 4, 5], [1, 2, 3, 4, 5])).to.deep.equal({ lost: 0, duplicated: 0, reordered: 0, unexpected: 0 });
    expect(countDelivery([1, 2, 3, 4, 5], [1, 3, 2, 3, 5, 9])).to.deep.equal({ lost: 1, duplicated: 1, reordered: 1, unexpected: 1 });
    // One message moved from the front to the back is one out of order, not four.
    expect(countDelivery([1, 2, 3, 4, 5], [2, 3, 4, 5, 1]).reordered).to.equal(1);
  });

  it('delivers 200 messages exactly once and in order through drops, refusals, duplicated and reordered frames, 429s and reloads', async function () {
    this.timeout(240_000);
    // Every reconnect logs a line; keep the test output readable.
    sinon.stub(console, 'warn');
    await throttle(CPU_THROTTLE);
    const result = await runChaos({
      messages: 200,
      seed: 7,
      rate: 10,
      // Often enough that every kind of fault comes up within the run, however fast the machine.
      faultEveryMs: 2000,
      sim,
      deliveryJitterMs: DELIVERY_JITTER_MS,
      cpuThrottle: CPU_THROTTLE,
    });
    console.log(`FIGURE chaos: ${describeChaos(result)}`);
    expect(result.problems, result.problems.join('\n')).to.deep.equal([]);
    expect(result.settled).to.equal(true);
    expect({ lost: result.lost, duplicated: result.duplicated, reordered: result.reordered }).to.deep.equal({ lost: 0, duplicated: 0, reordered: 0 });
    expect({
      missing: result.shownMissing,
      duplicated: result.shownDuplicated,
      notSent: result.shownNotSent,
      misordered: result.shownMisordered,
    }).to.deep.equal({ missing: 0, duplicated: 0, notSent: 0, misordered: 0 });
    expect(result.sessions).to.equal(1);
    // The run must actually have been chaotic.
    const f = result.faults;
    expect(f.drops + f.refusals + f.droppedBeforeEcho + f.droppedAfterEcho, 'sockets lost').to.be.greaterThan(0);
    expect(f.reloads, 'reloads').to.be.greaterThan(0);
    expect(f.duplicated + f.reordered + f.rateLimited, 'frame faults').to.be.greaterThan(0);
    expect(f.delayed, 'frames delayed by the jitter').to.be.greaterThan(0);
  });

  it('delivers 150 messages exactly once, in order and none left sending, against the hostile service (untagged errors, lost echoes, no metadata, failing history, expiry, final refusals, a late config.json, reloads)', async function () {
    this.timeout(300_000);
    sinon.stub(console, 'warn');
    sinon.stub(console, 'error');
    await throttle(CPU_THROTTLE);
    const result = await runChaos({
      messages: 150,
      seed: 11,
      rate: 10,
      faultEveryMs: 2500,
      sim,
      deliveryJitterMs: DELIVERY_JITTER_MS,
      cpuThrottle: CPU_THROTTLE,
      profile: 'hostile',
    });
    console.log(describeChaos(result));
    expect(result.problems, result.problems.join('\n')).to.deep.equal([]);
    expect(result.settled).to.equal(true);
    expect({ lost: result.lost, duplicated: result.duplicated, reordered: result.reordered, sending: result.stillSending }).to.deep.equal({ lost: 0, duplicated: 0, reordered: 0, sending: 0 });
    const f = result.faults;
    expect(f.untaggedErrors + f.swallowedEchoes + f.metadataFiltered, 'the service was unkind').to.be.greaterThan(0);
  });
});
