import { expect, fixture } from '@open-wc/testing';
import { ReactiveElement } from 'lit';
import sinon from 'sinon';
import {
  TypingController,
  type TypingControllerOptions,
} from '../../src/controllers/typing-controller.js';
import { FakeClock } from '../helpers/fake-clock.js';

// Spies are asserted through callCount/args (plain data): a failing sinon-chai assertion makes
// wtr serialise the spy as `actual`, and the page dies without reporting the failure.

let tagCount = 0;

/** A throw-away host; the controller is created in the test with the options it needs. */
async function makeHost() {
  const tag = `typing-controller-host-${tagCount++}`;
  customElements.define(tag, class extends ReactiveElement {});
  return fixture<ReactiveElement>(`<${tag}></${tag}>`);
}

describe('TypingController', () => {
  let clock: sinon.SinonFakeTimers;
  let host: ReactiveElement;
  let sendTyping: sinon.SinonStub<[], boolean>;
  let onAgentTypingChange: sinon.SinonSpy;
  let disabled: boolean;

  const create = (extra: Partial<TypingControllerOptions> = {}) =>
    new TypingController(host, {
      sendTyping,
      disabled: () => disabled,
      onAgentTypingChange,
      ...extra,
    });

  beforeEach(async () => {
    host = await makeHost();
    clock = sinon.useFakeTimers({
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
    });
    sendTyping = sinon.stub<[], boolean>().returns(true);
    onAgentTypingChange = sinon.spy();
    disabled = false;
  });

  afterEach(() => {
    clock.restore();
    sinon.restore();
  });

  describe('outgoing (customer typing)', () => {
    it('sends between 11 and 12 Typing On in 60 s of keystrokes every 100 ms', async function () {
      this.timeout(30_000); // 600 fake-clock steps; slow only on a busy machine
      const controller = create();
      const sentAt: number[] = [];
      sendTyping.callsFake(() => {
        sentAt.push(Date.now());
        return true;
      });
      for (let t = 0; t < 60_000; t += 100) {
        controller.keystroke();
        await clock.tickAsync(100);
      }
      console.log(
        `typing: 600 keystrokes over 60 s → ${sentAt.length} Typing On frames, at ms`,
        sentAt.join(','),
      );
      expect(sentAt.length).to.be.within(11, 12);
      for (let i = 1; i < sentAt.length; i++) {
        expect(sentAt[i]! - sentAt[i - 1]!).to.be.at.least(5000);
      }
      expect(clock.countTimers()).to.equal(0); // the throttle needs no timer
    });

    it('is leading-edge: the first keystroke sends at once, the rest of the cooldown is dropped', async () => {
      const controller = create();
      controller.keystroke();
      expect(sendTyping.callCount).to.equal(1);
      await clock.tickAsync(4999);
      controller.keystroke();
      expect(sendTyping.callCount).to.equal(1); // dropped, not queued
      await clock.tickAsync(1);
      expect(sendTyping.callCount).to.equal(1);
      controller.keystroke();
      expect(sendTyping.callCount).to.equal(2);
    });

    it('honours cooldownMs', async () => {
      const controller = create({ cooldownMs: 1000 });
      controller.keystroke();
      await clock.tickAsync(999);
      controller.keystroke();
      await clock.tickAsync(1);
      controller.keystroke();
      expect(sendTyping.callCount).to.equal(2);
    });

    it('resetCooldown() lets the next keystroke send at once', async () => {
      const controller = create();
      controller.keystroke();
      await clock.tickAsync(1000);
      controller.keystroke();
      expect(sendTyping.callCount).to.equal(1);
      controller.resetCooldown();
      controller.keystroke();
      expect(sendTyping.callCount).to.equal(2);
      controller.keystroke(); // a new cooldown started
      expect(sendTyping.callCount).to.equal(2);
    });

    it('sends nothing while disabled', async () => {
      const controller = create();
      disabled = true;
      for (let t = 0; t < 20_000; t += 100) {
        controller.keystroke();
        await clock.tickAsync(100);
      }
      expect(sendTyping.callCount).to.equal(0);
      disabled = false;
      controller.keystroke();
      expect(sendTyping.callCount).to.equal(1);
    });

    it('does not start the cooldown when sendTyping returns false', async () => {
      const controller = create();
      sendTyping.returns(false);
      controller.keystroke();
      await clock.tickAsync(100);
      sendTyping.returns(true);
      controller.keystroke();
      controller.keystroke();
      expect(sendTyping.callCount).to.equal(2); // the retry went out; the third was throttled
    });

    it('does not stay muted when the clock jumps backwards', async () => {
      const controller = create();
      controller.keystroke();
      clock.setSystemTime(Date.now() - 3_600_000);
      controller.keystroke();
      expect(sendTyping.callCount).to.equal(2);
    });
  });

  describe('incoming (agent typing)', () => {
    it('shows the indicator for the default 5000 ms', async () => {
      const controller = create();
      const requestUpdate = sinon.spy(host, 'requestUpdate');
      controller.agentTypingStarted();
      expect(controller.agentTyping).to.be.true;
      expect(onAgentTypingChange.args).to.deep.equal([[true]]);
      expect(requestUpdate.callCount).to.equal(1);
      await clock.tickAsync(4999);
      expect(controller.agentTyping).to.be.true;
      await clock.tickAsync(1);
      expect(controller.agentTyping).to.be.false;
      expect(onAgentTypingChange.args).to.deep.equal([[true], [false]]);
      expect(requestUpdate.callCount).to.equal(2);
      expect(clock.countTimers()).to.equal(0);
    });

    it('shows the indicator for durationMs', async () => {
      const controller = create();
      controller.agentTypingStarted(2000);
      await clock.tickAsync(1999);
      expect(controller.agentTyping).to.be.true;
      await clock.tickAsync(1);
      expect(controller.agentTyping).to.be.false;
    });

    it('treats a bad duration as the default', async () => {
      const controller = create();
      controller.agentTypingStarted(Number.NaN);
      await clock.tickAsync(4999);
      expect(controller.agentTyping).to.be.true;
      await clock.tickAsync(1);
      expect(controller.agentTyping).to.be.false;
    });

    it('keeps a duration longer than setTimeout can hold (does not hide at once)', async () => {
      const controller = create();
      controller.agentTypingStarted(2 ** 32);
      await clock.tickAsync(60_000);
      expect(controller.agentTyping).to.be.true;
      controller.agentMessageArrived();
      expect(clock.countTimers()).to.equal(0);
    });

    it('restarts the timer on each event, within one burst', async () => {
      const controller = create();
      controller.agentTypingStarted();
      await clock.tickAsync(4000);
      controller.agentTypingStarted();
      await clock.tickAsync(4000);
      controller.agentTypingStarted(3000);
      await clock.tickAsync(2999);
      expect(controller.agentTyping).to.be.true;
      expect(onAgentTypingChange.args).to.deep.equal([[true]]); // one burst: shown once
      await clock.tickAsync(1);
      expect(controller.agentTyping).to.be.false;
      expect(onAgentTypingChange.args).to.deep.equal([[true], [false]]);
      expect(clock.countTimers()).to.equal(0);
    });

    it('hides at once when an agent message arrives', async () => {
      const controller = create();
      controller.agentTypingStarted();
      await clock.tickAsync(1000);
      controller.agentMessageArrived();
      expect(controller.agentTyping).to.be.false;
      expect(onAgentTypingChange.args).to.deep.equal([[true], [false]]);
      expect(clock.countTimers()).to.equal(0);
      await clock.tickAsync(10_000);
      expect(onAgentTypingChange.callCount).to.equal(2);
    });

    it('calls back and updates only on real changes', async () => {
      const controller = create();
      const requestUpdate = sinon.spy(host, 'requestUpdate');
      controller.agentMessageArrived(); // hidden already
      expect(onAgentTypingChange.callCount).to.equal(0);
      expect(requestUpdate.callCount).to.equal(0);
      controller.agentTypingStarted();
      controller.agentTypingStarted();
      expect(onAgentTypingChange.callCount).to.equal(1);
      expect(requestUpdate.callCount).to.equal(1);
    });

    it('tells the host once per burst (each hidden → shown change)', async () => {
      const controller = create();
      const requestUpdate = sinon.spy(host, 'requestUpdate');
      controller.agentTypingStarted();
      controller.agentTypingStarted();
      expect(onAgentTypingChange.args).to.deep.equal([[true]]);
      await clock.tickAsync(5000);
      controller.agentTypingStarted();
      expect(onAgentTypingChange.args).to.deep.equal([[true], [false], [true]]);
      controller.agentMessageArrived();
      controller.agentTypingStarted();
      controller.agentTypingStarted();
      expect(onAgentTypingChange.args).to.deep.equal([[true], [false], [true], [false], [true]]);
      expect(requestUpdate.callCount).to.equal(5);
    });

    it('hostDisconnected clears every timer and hides the indicator without a callback', async () => {
      const controller = create();
      controller.agentTypingStarted();
      controller.keystroke();
      expect(clock.countTimers()).to.equal(1);
      onAgentTypingChange.resetHistory();
      const requestUpdate = sinon.spy(host, 'requestUpdate');
      host.remove();
      expect(controller.agentTyping).to.be.false;
      expect(clock.countTimers()).to.equal(0);
      expect(onAgentTypingChange.callCount).to.equal(0);
      expect(requestUpdate.callCount).to.equal(1);
      // While disconnected, agent typing is ignored (no timer can outlive the host).
      controller.agentTypingStarted();
      expect(controller.agentTyping).to.be.false;
      expect(clock.countTimers()).to.equal(0);
      // Reconnected, it works again.
      document.body.append(host);
      controller.agentTypingStarted();
      expect(controller.agentTyping).to.be.true;
      expect(onAgentTypingChange.args).to.deep.equal([[true]]);
      host.remove();
      expect(clock.countTimers()).to.equal(0);
    });
  });

  it('takes time and timers from the injected clock, not the global ones (issue 15 §4)', () => {
    const injected = new FakeClock();
    const controller = create({ clock: injected });
    controller.keystroke();
    expect(sendTyping.callCount).to.equal(1);
    // The global clock moving on does not end the cooldown: the injected one does.
    clock.tick(10_000);
    controller.keystroke();
    expect(sendTyping.callCount).to.equal(1);
    injected.tick(5000);
    controller.keystroke();
    expect(sendTyping.callCount).to.equal(2);
    // The agent's indicator lasts its duration on the injected clock.
    controller.agentTypingStarted(3000);
    expect(clock.countTimers(), 'nothing on the global timers').to.equal(0);
    expect(injected.pending).to.equal(1);
    injected.tick(2999);
    expect(controller.agentTyping).to.be.true;
    injected.tick(1);
    expect(controller.agentTyping).to.be.false;
    expect(onAgentTypingChange.args).to.deep.equal([[true], [false]]);
  });
});
