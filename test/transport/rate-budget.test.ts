import { expect } from '@open-wc/testing';
import sinon from 'sinon';
import { RateBudget, type Priority } from '../../src/transport/rate-budget.js';

// Spies are asserted through callCount/args (plain data): a failing sinon-chai assertion makes
// wtr serialise the spy as `actual`, and the page dies without reporting the failure.

type Sent = { at: number; priority: Priority; label: string };

describe('RateBudget', () => {
  let clock: sinon.SinonFakeTimers;
  let log: Sent[];

  /** A send function that records when it ran and reports success. */
  const sender =
    (priority: Priority, label: string, ok: () => boolean = () => true) =>
    () => {
      const sent = ok();
      if (sent) log.push({ at: Date.now(), priority, label });
      return sent;
    };
  /** Frames actually sent per priority (what the sender logged). */
  const sentCounts = () => {
    const counts = { message: 0, receipt: 0, typing: 0 };
    for (const s of log) counts[s.priority] += 1;
    return counts;
  };

  /** Maximum number of sends in any window [t, t + width) (half-open) or [t, t + width] (closed). */
  const maxInWindow = (times: number[], width: number, closed: boolean): number => {
    const sorted = [...times].sort((a, b) => a - b);
    let max = 0;
    let j = 0;
    for (let i = 0; i < sorted.length; i++) {
      // window starts at sorted[i]; extend j while inside
      if (j < i) j = i;
      while (j < sorted.length && (closed ? sorted[j]! - sorted[i]! <= width : sorted[j]! - sorted[i]! < width)) j++;
      max = Math.max(max, j - i);
    }
    return max;
  };

  beforeEach(() => {
    clock = sinon.useFakeTimers({
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
    });
    log = [];
  });

  afterEach(() => {
    clock.restore();
    sinon.restore();
  });

  it('sends 10 queued messages at 0, 0, 500, 1000, … ms (rate 2, burst 2)', async () => {
    const budget = new RateBudget({ ratePerSecond: 2, burst: 2 });
    for (let i = 0; i < 10; i++) budget.enqueue('message', sender('message', `m${i}`));
    expect(log.map((s) => s.at)).to.deep.equal([0, 0]);
    expect(budget.pending.message).to.equal(8);
    await clock.tickAsync(5000);
    expect(log.map((s) => s.at)).to.deep.equal([0, 0, 500, 1000, 1500, 2000, 2500, 3000, 3500, 4000]);
    expect(log.map((s) => s.label)).to.deep.equal([...Array(10).keys()].map((i) => `m${i}`));
    expect(sentCounts()).to.deep.equal({ message: 10, receipt: 0, typing: 0 });
    expect(clock.countTimers()).to.equal(0);
  });

  it('defaults to 2 per second with burst = rate, and keeps at most one timer', async () => {
    const budget = new RateBudget();
    for (let i = 0; i < 6; i++) budget.enqueue('message', sender('message', `m${i}`));
    expect(clock.countTimers()).to.equal(1);
    await clock.tickAsync(2000);
    expect(log.map((s) => s.at)).to.deep.equal([0, 0, 500, 1000, 1500, 2000]);
  });

  it('refills continuously up to burst while idle', async () => {
    const budget = new RateBudget({ ratePerSecond: 2, burst: 3 });
    for (let i = 0; i < 3; i++) budget.enqueue('message', sender('message', `a${i}`));
    await clock.tickAsync(10_000); // idle: bucket refills to 3, not 20
    for (let i = 0; i < 5; i++) budget.enqueue('message', sender('message', `b${i}`));
    await clock.tickAsync(2000);
    expect(log.filter((s) => s.label.startsWith('b')).map((s) => s.at)).to.deep.equal([
      10_000, 10_000, 10_000, 10_500, 11_000,
    ]);
  });

  it('drains messages first, then receipts, then typing', async () => {
    const budget = new RateBudget({ ratePerSecond: 2, burst: 1, typingMaxWaitMs: 10_000 });
    budget.enqueue('message', sender('message', 'm0')); // takes the only token
    budget.enqueue('typing', sender('typing', 't'));
    budget.enqueue('receipt', sender('receipt', 'r1'), 'a');
    budget.enqueue('message', sender('message', 'm1'));
    budget.enqueue('receipt', sender('receipt', 'r2'), 'b');
    budget.enqueue('message', sender('message', 'm2'));
    expect(budget.pending).to.deep.equal({ message: 2, receipt: 2, typing: 1 });
    await clock.tickAsync(5000);
    expect(log.map((s) => s.label)).to.deep.equal(['m0', 'm1', 'm2', 'r1', 'r2', 't']);
    expect(log.map((s) => s.at)).to.deep.equal([0, 500, 1000, 1500, 2000, 2500]);
  });

  it('sends typing at once when a token is free, drops it when none comes within maxWaitMs', async () => {
    const budget = new RateBudget({ ratePerSecond: 2, burst: 2 });
    budget.enqueue('typing', sender('typing', 't0'));
    expect(log.map((s) => s.label)).to.deep.equal(['t0']);

    // Eight messages ahead of it: the typing event would wait 3.5 s, past the 1 s limit.
    for (let i = 0; i < 8; i++) budget.enqueue('message', sender('message', `m${i}`));
    budget.enqueue('typing', sender('typing', 't1'));
    expect(budget.pending.typing).to.equal(1);
    await clock.tickAsync(1001);
    expect(budget.pending.typing).to.equal(0); // dropped on time, not kept around
    await clock.tickAsync(10_000);
    expect(log.filter((s) => s.priority === 'typing').map((s) => s.label)).to.deep.equal(['t0']);
    expect(sentCounts()).to.deep.equal({ message: 8, receipt: 0, typing: 1 });
  });

  it('sends typing that waits less than maxWaitMs for its token', async () => {
    const budget = new RateBudget({ ratePerSecond: 2, burst: 1 });
    budget.enqueue('message', sender('message', 'm0'));
    budget.enqueue('typing', sender('typing', 't'));
    await clock.tickAsync(1000);
    expect(log.map((s) => [s.label, s.at])).to.deep.equal([
      ['m0', 0],
      ['t', 500],
    ]);
  });

  it('keeps at most one typing queued', async () => {
    const budget = new RateBudget({ ratePerSecond: 2, burst: 1 });
    budget.enqueue('message', sender('message', 'm0'));
    budget.enqueue('typing', sender('typing', 't1'));
    budget.enqueue('typing', sender('typing', 't2'));
    expect(budget.pending.typing).to.equal(1);
    await clock.tickAsync(2000);
    expect(log.map((s) => s.label)).to.deep.equal(['m0', 't2']);
  });

  it('coalesces receipts by key: the newer replaces the queued one', async () => {
    const budget = new RateBudget({ ratePerSecond: 2, burst: 1 });
    budget.enqueue('message', sender('message', 'm0'));
    budget.enqueue('receipt', sender('receipt', 'read:1'), 'read');
    budget.enqueue('receipt', sender('receipt', 'other'), 'other');
    budget.enqueue('receipt', sender('receipt', 'read:2'), 'read');
    budget.enqueue('receipt', sender('receipt', 'read:3'), 'read');
    expect(budget.pending.receipt).to.equal(2);
    await clock.tickAsync(3000);
    expect(log.map((s) => s.label)).to.deep.equal(['m0', 'read:3', 'other']);
    expect(sentCounts().receipt).to.equal(2);
  });

  it('does not coalesce receipts without a key', async () => {
    const budget = new RateBudget({ ratePerSecond: 2, burst: 1 });
    budget.enqueue('message', sender('message', 'm0'));
    budget.enqueue('receipt', sender('receipt', 'r1'));
    budget.enqueue('receipt', sender('receipt', 'r2'));
    await clock.tickAsync(3000);
    expect(log.map((s) => s.label)).to.deep.equal(['m0', 'r1', 'r2']);
  });

  it('pause(ms) holds queued items until the later end', async () => {
    const budget = new RateBudget({ ratePerSecond: 2, burst: 2 });
    budget.pause(3000);
    budget.enqueue('message', sender('message', 'm0'));
    budget.enqueue('message', sender('message', 'm1'));
    budget.enqueue('message', sender('message', 'm2'));
    await clock.tickAsync(1000);
    budget.pause(1000); // ends at 2000: earlier than 3000, so no effect
    await clock.tickAsync(1500);
    expect(log).to.have.length(0);
    budget.pause(2000); // now 2500 → ends at 4500: extends
    await clock.tickAsync(1999);
    expect(log).to.have.length(0);
    await clock.tickAsync(1);
    expect(log.map((s) => s.at)).to.deep.equal([4500, 4500]);
    await clock.tickAsync(500);
    expect(log.map((s) => s.at)).to.deep.equal([4500, 4500, 5000]);
  });

  it('a pause longer than a timer can hold neither sends early nor spins', async () => {
    const budget = new RateBudget();
    const fakeSetTimeout = globalThis.setTimeout;
    let timers = 0;
    globalThis.setTimeout = ((...args: Parameters<typeof setTimeout>) => {
      timers++;
      return fakeSetTimeout(...args);
    }) as typeof setTimeout;
    try {
      budget.pause(1e12);
      budget.enqueue('message', sender('message', 'm0'));
      await clock.tickAsync(10_000);
    } finally {
      globalThis.setTimeout = fakeSetTimeout;
    }
    expect(log).to.have.length(0);
    expect(timers).to.be.below(3); // one wake-up, not one per millisecond
  });

  it('does not spin on a pause longer than setTimeout can hold', async () => {
    const budget = new RateBudget();
    budget.pause(2 ** 32); // setTimeout would fire a delay this long at once
    budget.enqueue('message', sender('message', 'm0'));
    // Count timers armed while the clock runs (the installed global delegates to the clock).
    const armTimer = sinon.spy(clock, 'setTimeout');
    await clock.tickAsync(10_000);
    const armed = armTimer.callCount;
    expect(armed).to.equal(0); // no re-arming loop
    expect(budget.pending.message).to.equal(1);
    expect(log).to.have.length(0);
    expect(clock.countTimers()).to.equal(1);
  });

  it('drops typing that a pause would hold past maxWaitMs', async () => {
    const budget = new RateBudget();
    budget.pause(5000);
    budget.enqueue('typing', sender('typing', 't'));
    expect(budget.pending.typing).to.equal(0);
    await clock.tickAsync(6000);
    expect(log).to.have.length(0);
  });

  it('does not spend a token when send returns false, and drops that item', async () => {
    const budget = new RateBudget({ ratePerSecond: 2, burst: 2 });
    let open = false;
    budget.enqueue('message', sender('message', 'lost', () => open));
    expect(budget.pending.message).to.equal(0); // dropped: the caller keeps its outbox
    expect(sentCounts().message).to.equal(0);
    open = true;
    budget.enqueue('message', sender('message', 'm1'));
    budget.enqueue('message', sender('message', 'm2'));
    expect(log.map((s) => [s.label, s.at])).to.deep.equal([
      ['m1', 0],
      ['m2', 0],
    ]); // both tokens were still there
    budget.enqueue('message', sender('message', 'm3'));
    await clock.tickAsync(500);
    expect(log.map((s) => s.label)).to.deep.equal(['m1', 'm2', 'm3']);
  });

  it('keeps draining when a send throws', async () => {
    const budget = new RateBudget({ ratePerSecond: 2, burst: 2 });
    const reportError = sinon.stub(globalThis, 'reportError');
    budget.enqueue('message', () => {
      throw new Error('boom');
    });
    budget.enqueue('message', sender('message', 'm1'));
    expect(reportError.callCount).to.equal(1);
    expect(log.map((s) => s.label)).to.deep.equal(['m1']);
  });

  it('handles a send that enqueues more (re-entrant) without overspending', async () => {
    const budget = new RateBudget({ ratePerSecond: 2, burst: 2 });
    budget.enqueue('message', () => {
      budget.enqueue('message', sender('message', 'n1'));
      budget.enqueue('message', sender('message', 'n2'));
      return sender('message', 'm0')();
    });
    await clock.tickAsync(1000);
    expect(log.map((s) => [s.label, s.at])).to.deep.equal([
      ['m0', 0],
      ['n1', 0],
      ['n2', 500],
    ]);
  });

  it('clear() drops everything queued and cancels the timer', async () => {
    const budget = new RateBudget({ ratePerSecond: 2, burst: 1 });
    for (let i = 0; i < 4; i++) budget.enqueue('message', sender('message', `m${i}`));
    budget.enqueue('receipt', sender('receipt', 'r'), 'read');
    budget.enqueue('typing', sender('typing', 't'));
    expect(budget.pending).to.deep.equal({ message: 3, receipt: 1, typing: 1 });
    expect(clock.countTimers()).to.equal(1);
    budget.clear();
    expect(budget.pending).to.deep.equal({ message: 0, receipt: 0, typing: 0 });
    expect(clock.countTimers()).to.equal(0);
    await clock.tickAsync(5000);
    expect(log.map((s) => s.label)).to.deep.equal(['m0']);
  });

  it('setRate() changes the refill rate (and a default burst follows it)', async () => {
    const budget = new RateBudget({ ratePerSecond: 2 });
    for (let i = 0; i < 2; i++) budget.enqueue('message', sender('message', `a${i}`));
    budget.setRate(5);
    for (let i = 0; i < 3; i++) budget.enqueue('message', sender('message', `b${i}`));
    await clock.tickAsync(1000);
    expect(log.map((s) => s.at)).to.deep.equal([0, 0, 200, 400, 600]);
    budget.setRate(0); // ignored
    await clock.tickAsync(5000); // refills to the new burst, 5
    for (let i = 0; i < 6; i++) budget.enqueue('message', sender('message', `c${i}`));
    await clock.tickAsync(200);
    expect(log.filter((s) => s.label.startsWith('c')).map((s) => s.at)).to.deep.equal([
      6000, 6000, 6000, 6000, 6000, 6200,
    ]);
  });

  for (const burst of [2, 1]) {
    it(`never sends above the token-bucket bound in 60 s of mixed traffic (rate 2, burst ${burst})`, async function () {
      this.timeout(30_000); // 600 fake-clock steps; slow only on a busy machine
      const rate = 2;
      const budget = new RateBudget({ ratePerSecond: rate, burst });
      // Deterministic pseudo-random traffic: bursts of messages, receipts, typing every 100 ms.
      let seed = 42;
      const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
      let messages = 0;
      let lastTyping = -Infinity;
      for (let t = 0; t < 60_000; t += 100) {
        const r = random();
        if (t >= 20_000 && t < 22_000) {
          // a saturating spike: 10 messages at once, plus receipts behind them
          if (t === 20_000) for (let i = 0; i < 10; i++) budget.enqueue('message', sender('message', `m${messages++}`));
          budget.enqueue('receipt', sender('receipt', `r@${t}`), 'read');
        } else if (r < 0.03) {
          const n = 1 + Math.floor(random() * 3);
          for (let i = 0; i < n; i++) budget.enqueue('message', sender('message', `m${messages++}`));
        } else if (r < 0.13) {
          budget.enqueue('receipt', sender('receipt', `r@${t}`), 'read');
        } else if (r < 0.6 && t - lastTyping >= 5000) {
          lastTyping = t; // as the typing controller throttles it
          budget.enqueue('typing', sender('typing', `t@${t}`));
        }
        await clock.tickAsync(100);
      }
      await clock.tickAsync(120_000); // let every message out
      const times = log.map((s) => s.at);
      const halfOpen = maxInWindow(times, 1000, false);
      const closedWindow = maxInWindow(times, 1000, true);
      // Token bucket: ≤ burst + rate·W in a closed window; one less in a half-open one.
      expect(closedWindow).to.be.at.most(burst + rate);
      expect(halfOpen).to.be.at.most(burst + rate - 1);
      // And in the long run never above the rate: any 10 s window ≤ burst + 20.
      expect(maxInWindow(times, 10_000, true)).to.be.at.most(burst + rate * 10);
      // Nothing lost: every message went out, in order.
      const sentMessages = log.filter((s) => s.priority === 'message').map((s) => s.label);
      expect(sentMessages).to.deep.equal([...Array(messages).keys()].map((i) => `m${i}`));
      console.log(
        `rate-budget (rate ${rate}, burst ${burst}): 60 s mixed traffic, sent`,
        JSON.stringify(sentCounts()),
        `max per 1 s window: half-open ${halfOpen}, closed ${closedWindow}`,
      );
    });
  }
});
