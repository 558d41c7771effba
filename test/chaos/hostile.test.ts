/**
 * The hostile chaos profile's own parts, against the real element and simulator: the person
 * who presses retry on a message refused for good (a final 4xxx), and the profiles' shape.
 * The hostile run itself is `npm run chaos -- --profile hostile` (scripts/chaos.mjs).
 */
import { expect, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import type { GenesysChat } from '../../src/genesys-chat.js';
import { simulator, type Simulator } from '../helpers/sim-client.js';
import { PROFILES, RetryPresser } from './hostile.js';
import { figureLine, type ChaosResult } from './scenario.js';

describe('chaos: the hostile profile', function () {
  this.timeout(20_000);
  let sim: Simulator;
  let el: GenesysChat | undefined;

  before(async () => {
    sim = await simulator();
  });
  afterEach(async () => {
    el?.remove();
    el = undefined;
    await sim.setOptions({ faults: null });
  });

  it('mixes every fault of issue 15 into the default profile, storms included', () => {
    for (const set of [PROFILES.hostile.baseline, PROFILES.hostile.storm]) {
      for (const key of Object.keys(PROFILES.default.baseline)) expect(set, key).to.have.property(key);
      expect(set.untaggedErrors).to.be.greaterThan(0);
      expect(set.swallowEcho).to.be.greaterThan(0);
      expect(set.finalRefusal).to.be.greaterThan(0);
      expect(set.metadata).to.be.oneOf(['customMessageId', 'none']);
      expect(set.historyFailureKinds).to.have.members(['network', '5xx', '429']);
      expect(set.configDelayMs).to.be.greaterThan(1500);
    }
    expect(PROFILES.hostile.storm.stripTracingIds).to.equal(true);
  });

  it('a person presses retry on a message refused for good, and it goes out', async () => {
    const dep = `hostile-retry-${Date.now().toString(36)}`;
    el = document.createElement('genesys-chat');
    el.setAttribute('deployment-id', dep);
    el.setAttribute('socket-url', sim.wsUrl);
    el.setAttribute('storage', 'none');
    el.setAttribute('open', '');
    document.body.append(el);
    await waitUntil(() => el!.connectionState === 'ready' || el!.connectionState === 'idle', 'loaded', { timeout: 8000 });
    await sim.setOptions({ faults: { finalRefusal: 1, finalRefusalCodes: [4020], deploymentId: dep } });
    expect(el.send('refused once')).to.equal(true);
    await waitUntil(() => el!.messages.some((m) => m.text === 'refused once' && m.status === 'failed'), 'shown failed', { timeout: 8000 });
    // Sent once is the client's promise (issue 15 §2), tested with the client; here: it was refused.
    expect((await sim.faultStats()).finalRefusals).to.be.at.least(1);
    await sim.setOptions({ faults: null });

    const presser = new RetryPresser(() => 0);
    await presser.visit(el); // noticed now, pressed after a moment
    expect(presser.presses).to.equal(0);
    await presser.visit(el, performance.now() + 600);
    expect(presser.presses).to.equal(1);
    expect([...presser.failedTexts]).to.deep.equal(['refused once']);
    // Sent, or already delivered when the simulator pushes receipts (an earlier test file may have turned them on).
    const confirmed = ['sent', 'delivered', 'read'];
    await waitUntil(() => el!.messages.some((m) => m.text === 'refused once' && confirmed.includes(m.status ?? 'sent')), 'sent after the retry', { timeout: 8000 });
    const [session] = (await sim.sessions()).filter((s) => s.deploymentId === dep);
    expect(session!.messages.map((m) => m.text)).to.deep.equal(['refused once']);
  });

  it('the FIGURE line names the profile and carries every count as key=value', () => {
    const zero = { drops: 0, refusals: 0, reloads: 0, storms: 0, expiries: 0, tokenOutages: 0, leaderKills: 0 };
    const r = {
      messages: 300, seed: 2, deliveryJitterMs: 50, cpuThrottle: 4, lost: 1, duplicated: 2, reordered: 3, unexpected: 0,
      shownMissing: 0, shownDuplicated: 0, shownNotSent: 0, shownMisordered: 0, stillSending: 4, stillFailed: 0, failedShown: 5, retries: 6,
      sessions: 1, profile: 'hostile', tabs: 2, signedIn: false, signedOut: false, settled: true, stalled: false, sent: 300, durationMs: 1000, problems: [],
      faults: { ...zero, duplicated: 7, untaggedErrors: 8 },
    } as unknown as ChaosResult;
    const line = figureLine(r);
    expect(line.startsWith('FIGURE hostile seed=2 tabs=2 ')).to.equal(true);
    for (const pair of ['messages=300', 'cpu=4', 'lost=1', 'duplicated=2', 'reordered=3', 'sending=4', 'retries=6', 'duplicatedFrames=7', 'untaggedErrors=8']) {
      expect(line.split(' ')).to.include(pair);
    }
  });
});
