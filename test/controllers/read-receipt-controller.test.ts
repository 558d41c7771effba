import { expect, fixture } from '@open-wc/testing';
import { LitElement, ReactiveElement, html } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import sinon from 'sinon';
import {
  ReadReceiptController,
  type ReadReceiptControllerOptions,
} from '../../src/controllers/read-receipt-controller.js';
import { FakeClock } from '../helpers/fake-clock.js';

// Spies are asserted through callCount/args (plain data): a failing sinon-chai assertion makes
// wtr serialise the spy as `actual`, and the page dies without reporting the failure.

const useFakeClock = () =>
  sinon.useFakeTimers({
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
  });

type Item = { id: string; time: number };
type Flush = { ids: string[]; newest: string; at: number };
type Seen = { id: string; ratio: number; intersecting: boolean };

let tagCount = 0;

/** Items i0…i(n-1), times ascending (1000, 2000, …). */
const makeItems = (n: number): Item[] =>
  [...Array(n).keys()].map((i) => ({ id: `i${i}`, time: (i + 1) * 1000 }));

/**
 * Polls on animation frames (never faked), so it also works under a fake clock and leaves no
 * timer behind (open-wc's waitUntil leaves its timeout timer pending). Waits for real browser
 * work (IntersectionObserver, real dwell timers); the limit is generous and no duration is asserted.
 */
async function frameUntil(condition: () => boolean, message: string, limitMs = 15_000) {
  const start = performance.now();
  while (!condition()) {
    if (performance.now() - start > limitMs) throw new Error(`Timed out waiting for: ${message}`);
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
}

async function frames(n: number) {
  for (let i = 0; i < n; i++) await new Promise((resolve) => requestAnimationFrame(resolve));
}

interface TestHost extends LitElement {
  items: Item[];
  active: boolean;
  flushes: Flush[];
  /** Every entry the real IntersectionObserver delivered to the controller. */
  seen: Seen[];
  observers: IntersectionObserver[];
  known: Set<string>;
  controller: ReadReceiptController;
  readonly log: HTMLElement;
}

/**
 * A throw-away LitElement with a 300 px scrollable log of `itemHeight` px messages, using the
 * REAL IntersectionObserver (the seam only records what it delivers).
 */
async function makeHost(
  init: { items?: Item[]; itemHeight?: number; active?: boolean; known?: string[] } = {},
  extra: Partial<ReadReceiptControllerOptions> = {},
): Promise<TestHost> {
  const tag = `read-receipt-host-${tagCount++}`;
  const itemHeight = init.itemHeight ?? 100;
  class Host extends LitElement {
    static override properties = { items: { attribute: false } };
    items: Item[] = init.items ?? makeItems(20);
    active = init.active ?? true;
    flushes: Flush[] = [];
    seen: Seen[] = [];
    observers: IntersectionObserver[] = [];
    known = new Set(init.known ?? []);
    controller = new ReadReceiptController(this, {
      root: () => this.shadowRoot?.querySelector<HTMLElement>('.log'),
      active: () => this.active,
      onFlush: (ids) => this.flushes.push({ ids, newest: ids.at(-1)!, at: Date.now() }),
      isKnownRead: (id) => this.known.has(id),
      createObserver: (callback, options) => {
        const observer = new IntersectionObserver((entries, obs) => {
          for (const e of entries) {
            this.seen.push({
              id: e.target.getAttribute('data-read-id')!,
              ratio: e.intersectionRatio,
              intersecting: e.isIntersecting,
            });
          }
          callback(entries, obs);
        }, options);
        this.observers.push(observer);
        return observer;
      },
      ...extra,
    });
    get log() {
      return this.shadowRoot!.querySelector<HTMLElement>('.log')!;
    }
    override render() {
      return html`<div
        class="log"
        role="log"
        style="height: 300px; overflow-y: auto; position: relative; margin: 0; padding: 0"
      >
        ${repeat(
          this.items,
          (item) => item.id,
          (item) =>
            html`<div
              data-read-id=${item.id}
              style="height: ${itemHeight}px; margin: 0; box-sizing: border-box"
            >
              ${item.id}
            </div>`,
        )}
      </div>`;
    }
  }
  customElements.define(tag, Host);
  return fixture<TestHost>(`<${tag}></${tag}>`);
}

/** A host's `newestOf` over items: the latest time, ties to the later item (the store's display order). */
const newestByTime = (items: Item[]) => (ids: string[]) => {
  let best: { id: string; time: number; index: number } | undefined;
  for (const id of ids) {
    const index = items.findIndex((i) => i.id === id);
    if (index < 0) continue;
    const time = items[index]!.time;
    if (!best || time > best.time || (time === best.time && index > best.index)) best = { id, time, index };
  }
  return best?.id;
};

const reported = (host: TestHost) => host.flushes.flatMap((f) => f.ids);

/** The last thing the observer said about `id`: in view at ≥ 0.5? */
const lastSeen = (host: TestHost, id: string) => host.seen.filter((s) => s.id === id).at(-1);
const seenInView = (host: TestHost, id: string) => {
  const s = lastSeen(host, id);
  return !!s && s.intersecting && s.ratio >= 0.5;
};
const seenOutOfView = (host: TestHost, id: string) => {
  const s = lastSeen(host, id);
  return !!s && !(s.intersecting && s.ratio >= 0.5);
};

describe('ReadReceiptController', () => {
  let focused: boolean;
  let visibility: DocumentVisibilityState;
  let clock: sinon.SinonFakeTimers | undefined;

  beforeEach(() => {
    // Headless Chromium may or may not report focus; the tests decide.
    focused = true;
    visibility = 'visible';
    sinon.stub(document, 'hasFocus').callsFake(() => focused);
    sinon.stub(document, 'visibilityState').get(() => visibility);
  });

  afterEach(() => {
    clock?.restore();
    clock = undefined;
    sinon.restore();
  });

  describe('with the real IntersectionObserver and real timers', () => {
    it('reports items in view for the dwell, and never items that were not scrolled into view', async () => {
      const host = await makeHost();
      await frameUntil(() => reported(host).length === 3, 'first screen read');
      expect(host.flushes[0]!.ids).to.deep.equal(['i0', 'i1', 'i2']);
      expect(host.flushes[0]!.newest).to.equal('i2');

      host.log.scrollTop = 1000; // i10, i11, i12 in view; i3…i9 skipped over
      await frameUntil(() => reported(host).length === 6, 'second screen read');
      expect(reported(host)).to.deep.equal(['i0', 'i1', 'i2', 'i10', 'i11', 'i12']);
      expect(host.controller.isRead('i11')).to.be.true;
      expect(host.controller.isRead('i5')).to.be.false;
      expect(host.controller.isRead('i19')).to.be.false;
    });

    it('coalesces a batch of visible items into one flush, in the order newestOf gives (newest last)', async () => {
      const items = makeItems(30);
      items[7]!.time = 99_000; // newest by time, though not last in the log
      const host = await makeHost({ items, itemHeight: 20 }, { newestOf: newestByTime(items) }); // 15 fit
      await frameUntil(() => host.flushes.length > 0, 'a flush');
      await new Promise((resolve) => setTimeout(resolve, 1500)); // a second flush would be due by now
      expect(host.flushes).to.have.length(1);
      const byTime = [...items.slice(0, 7), ...items.slice(8, 15), items[7]!];
      expect(host.flushes[0]!.ids).to.deep.equal(byTime.map((i) => i.id));
      expect(host.flushes[0]!.newest).to.equal('i7');
    });

    it('reports each id exactly once, even when scrolled away and back', async () => {
      const host = await makeHost();
      await frameUntil(() => reported(host).length === 3, 'first screen');
      host.log.scrollTop = 1000;
      await frameUntil(() => reported(host).includes('i12'), 'second screen');
      host.log.scrollTop = 100; // i1, i2 (read) and i3 (new)
      await frameUntil(() => reported(host).includes('i3'), 'i3');
      host.log.scrollTop = 1100; // i11, i12 (read) and i13 (new)
      await frameUntil(() => reported(host).includes('i13'), 'i13');
      const ids = reported(host);
      expect(ids).to.have.members(['i0', 'i1', 'i2', 'i10', 'i11', 'i12', 'i3', 'i13']);
      expect(new Set(ids).size).to.equal(ids.length);
    });

    it('never reports ids that isKnownRead says were read', async () => {
      const host = await makeHost({ known: ['i0', 'i1'] });
      await frameUntil(() => reported(host).length > 0, 'a flush');
      host.log.scrollTop = 50; // i3 half in view: i0 (known) half in view too
      await frameUntil(() => reported(host).includes('i3'), 'i3');
      expect(reported(host)).to.deep.equal(['i2', 'i3']);
      expect(host.controller.isRead('i0')).to.be.true;
      expect(host.seen.some((s) => s.id === 'i0' || s.id === 'i1')).to.be.false; // not even observed
    });

    it('observes messages added after the first render', async () => {
      const host = await makeHost({ items: makeItems(1) });
      await frameUntil(() => reported(host).length === 1, 'i0');
      host.items = makeItems(3);
      await frameUntil(() => reported(host).length === 3, 'i1, i2');
      expect(reported(host)).to.deep.equal(['i0', 'i1', 'i2']);
    });
  });

  describe('with the real IntersectionObserver and a fake clock', () => {
    it('does not report items in view for less than the dwell', async () => {
      clock = useFakeClock();
      const host = await makeHost();
      await frameUntil(() => seenInView(host, 'i0'), 'i0 in view');
      await clock.tickAsync(400);
      host.log.scrollTop = 1000;
      await frameUntil(() => seenOutOfView(host, 'i0') && seenInView(host, 'i10'), 'scrolled');
      await clock.tickAsync(499);
      expect(host.flushes).to.have.length(0);
      await clock.tickAsync(10_000);
      expect(reported(host)).to.deep.equal(['i10', 'i11', 'i12']); // 400 ms was not enough
      expect(host.controller.isRead('i0')).to.be.false;
    });

    it('marks nothing read while active() is false, and restarts the dwell when it returns', async () => {
      clock = useFakeClock();
      const host = await makeHost({ active: false });
      await frameUntil(() => seenInView(host, 'i0'), 'i0 in view');
      await clock.tickAsync(10_000);
      expect(host.flushes).to.have.length(0);
      expect(clock.countTimers()).to.equal(0); // no dwell timer runs

      host.active = true;
      host.requestUpdate();
      await host.updateComplete;
      await clock.tickAsync(300);
      host.active = false; // panel closed mid-dwell
      host.requestUpdate();
      await host.updateComplete;
      expect(clock.countTimers()).to.equal(0);
      await clock.tickAsync(1000);
      host.active = true;
      host.requestUpdate();
      await host.updateComplete;
      await clock.tickAsync(499); // the dwell started over
      expect(host.flushes).to.have.length(0);
      await clock.tickAsync(1);
      expect(reported(host)).to.deep.equal(['i0', 'i1', 'i2']);
    });

    it('marks nothing read while the document is unfocused', async () => {
      clock = useFakeClock();
      focused = false;
      const host = await makeHost();
      await frameUntil(() => seenInView(host, 'i0'), 'i0 in view');
      await clock.tickAsync(10_000);
      expect(host.flushes).to.have.length(0);

      focused = true;
      window.dispatchEvent(new Event('focus'));
      await clock.tickAsync(200);
      focused = false;
      window.dispatchEvent(new Event('blur'));
      expect(clock.countTimers()).to.equal(0);
      await clock.tickAsync(10_000);
      expect(host.flushes).to.have.length(0);

      focused = true;
      window.dispatchEvent(new Event('focus'));
      await clock.tickAsync(500);
      expect(reported(host)).to.deep.equal(['i0', 'i1', 'i2']);
    });

    it('marks nothing read while the document is hidden', async () => {
      clock = useFakeClock();
      const host = await makeHost();
      await frameUntil(() => seenInView(host, 'i0'), 'i0 in view');
      await clock.tickAsync(300);
      visibility = 'hidden';
      document.dispatchEvent(new Event('visibilitychange'));
      expect(clock.countTimers()).to.equal(0);
      await clock.tickAsync(10_000);
      expect(host.flushes).to.have.length(0);

      visibility = 'visible';
      document.dispatchEvent(new Event('visibilitychange'));
      await clock.tickAsync(499);
      expect(host.flushes).to.have.length(0);
      await clock.tickAsync(1);
      expect(reported(host)).to.deep.equal(['i0', 'i1', 'i2']);
    });

    it('disconnecting the host leaves no timers and no observer callbacks, and flushes what was read', async () => {
      clock = useFakeClock();
      const host = await makeHost();
      await frameUntil(() => seenInView(host, 'i0'), 'i0 in view');
      await clock.tickAsync(500);
      expect(reported(host)).to.deep.equal(['i0', 'i1', 'i2']); // flushed at once (first flush)

      host.log.scrollTop = 1000;
      await frameUntil(() => seenInView(host, 'i10'), 'i10 in view');
      await clock.tickAsync(500); // i10–i12 read, their flush waits for the 1 s interval
      expect(host.flushes).to.have.length(1);
      expect(host.controller.isRead('i10')).to.be.true;
      host.log.scrollTop = 1500; // i15, i16 in view: dwell timer running
      await frameUntil(() => seenInView(host, 'i15'), 'i15 in view');
      expect(clock.countTimers()).to.be.greaterThan(0);

      const disconnect = sinon.spy(host.observers.at(-1)!, 'disconnect');
      const seenBefore = host.seen.length;
      host.remove();
      expect(disconnect.callCount).to.equal(1);
      expect(clock.countTimers()).to.equal(0);
      expect(host.flushes.map((f) => f.ids)).to.deep.equal([
        ['i0', 'i1', 'i2'],
        ['i10', 'i11', 'i12'], // flushed synchronously: nothing read is lost
      ]);

      host.log.scrollTop = 0;
      await frames(5);
      await clock.tickAsync(10_000);
      expect(host.seen.length).to.equal(seenBefore);
      expect(host.flushes).to.have.length(2);
      expect(clock.countTimers()).to.equal(0);
    });

    it('works again after the host is moved (disconnected and reconnected)', async () => {
      clock = useFakeClock();
      const host = await makeHost();
      await frameUntil(() => seenInView(host, 'i0'), 'i0 in view');
      await clock.tickAsync(1500);
      const parent = host.parentElement!;
      host.remove();
      parent.append(host);
      host.log.scrollTop = 1000;
      await frameUntil(() => seenInView(host, 'i10'), 'i10 in view');
      await clock.tickAsync(500);
      expect(reported(host)).to.deep.equal(['i0', 'i1', 'i2', 'i10', 'i11', 'i12']);
      expect(host.observers).to.have.length(2);
    });
  });

  describe('with a fake observer and a fake clock', () => {
    /** A stand-in IntersectionObserver driven by the test. */
    class FakeObserver {
      observed = new Set<Element>();
      disconnected = false;
      constructor(
        readonly callback: IntersectionObserverCallback,
        readonly options: IntersectionObserverInit,
      ) {}
      observe(el: Element) {
        this.observed.add(el);
      }
      unobserve(el: Element) {
        this.observed.delete(el);
      }
      disconnect() {
        this.observed.clear();
        this.disconnected = true;
      }
      takeRecords() {
        return [];
      }
      /** Deliver entries; `ratio` 0 means out of view. */
      fire(changes: Array<{ el: Element; ratio: number; height?: number }>) {
        const entries = changes.map(
          ({ el, ratio, height }) =>
            ({
              target: el,
              isIntersecting: ratio > 0,
              intersectionRatio: ratio,
              intersectionRect: { height: height ?? ratio * 100 },
              rootBounds: { height: 300 },
            }) as unknown as IntersectionObserverEntry,
        );
        this.callback(entries, this as unknown as IntersectionObserver);
      }
    }

    let fake: sinon.SinonFakeTimers;
    let observers: FakeObserver[];
    let flushes: Flush[];
    let root: HTMLElement;

    async function setup(
      items: Item[],
      extra: Partial<ReadReceiptControllerOptions> = {},
    ): Promise<{ host: ReactiveElement; controller: ReadReceiptController; els: HTMLElement[] }> {
      const tag = `read-receipt-fake-host-${tagCount++}`;
      customElements.define(tag, class extends ReactiveElement {});
      const host = await fixture<ReactiveElement>(`<${tag}></${tag}>`);
      root = document.createElement('div');
      host.append(root);
      const els = items.map((item) => {
        const el = document.createElement('div');
        el.dataset.readId = item.id;
        root.append(el);
        return el;
      });
      const controller = new ReadReceiptController(host, {
        root: () => root,
        active: () => true,
        onFlush: (ids) => flushes.push({ ids, newest: ids.at(-1)!, at: Date.now() }),
        createObserver: (callback, options) => {
          const observer = new FakeObserver(callback, options);
          observers.push(observer);
          return observer as unknown as IntersectionObserver;
        },
        ...extra,
      });
      host.requestUpdate();
      await host.updateComplete;
      return { host, controller, els };
    }

    beforeEach(() => {
      fake = clock = useFakeClock();
      observers = [];
      flushes = [];
    });

    it('runs its dwell and flush timers on the injected clock, not the global one (issue 15 §4)', async () => {
      const injected = new FakeClock();
      const { els } = await setup(makeItems(3), { clock: injected });
      const observer = observers[0]!;
      observer.fire([{ el: els[0]!, ratio: 1 }, { el: els[1]!, ratio: 1 }]);
      expect(fake.countTimers(), 'nothing on the global timers').to.equal(0);
      expect(injected.pending).to.equal(1);
      injected.tick(499);
      expect(flushes).to.have.length(0);
      injected.tick(1);
      expect(flushes.map((f) => f.ids)).to.deep.equal([['i0', 'i1']]);
      // The next read waits out the flush interval on the same clock.
      observer.fire([{ el: els[2]!, ratio: 1 }]);
      injected.tick(500);
      expect(flushes).to.have.length(1);
      injected.tick(500);
      expect(flushes.map((f) => f.ids)).to.deep.equal([['i0', 'i1'], ['i2']]);
      expect(fake.countTimers()).to.equal(0);
    });

    it('flushes 50 items that become visible over 5 s in at most 6 batches', async () => {
      const { els } = await setup(makeItems(50));
      const observer = observers[0]!;
      expect(observer.options.root).to.equal(root);
      expect(observer.options.rootMargin).to.equal('0px');
      expect(observer.observed.size).to.equal(50);
      for (let i = 0; i < 50; i++) {
        observer.fire([{ el: els[i]!, ratio: 1 }]);
        await fake.tickAsync(100);
      }
      await fake.tickAsync(5000);
      console.log(
        `read receipts: 50 items visible over 5 s → ${flushes.length} flushes at ms`,
        flushes.map((f) => `${f.at}(${f.ids.length})`).join(','),
      );
      expect(flushes.length).to.be.at.most(6);
      expect(flushes.flatMap((f) => f.ids)).to.deep.equal(makeItems(50).map((i) => i.id));
      for (let i = 1; i < flushes.length; i++) {
        expect(flushes[i]!.at - flushes[i - 1]!.at).to.be.at.least(1000);
      }
      for (const f of flushes) expect(f.newest).to.equal(f.ids.at(-1));
      expect(observer.observed.size).to.equal(0); // unobserved once read
      expect(fake.countTimers()).to.equal(0);
    });

    it('flushes at once when the last flush was at least flushIntervalMs ago', async () => {
      const { els } = await setup(makeItems(3));
      const observer = observers[0]!;
      observer.fire([{ el: els[0]!, ratio: 1 }]);
      await fake.tickAsync(500);
      expect(flushes.map((f) => f.at)).to.deep.equal([500]);
      await fake.tickAsync(5000);
      observer.fire([{ el: els[1]!, ratio: 1 }]);
      await fake.tickAsync(500);
      expect(flushes.map((f) => f.at)).to.deep.equal([500, 6000]);
      observer.fire([{ el: els[2]!, ratio: 1 }]);
      await fake.tickAsync(500);
      expect(flushes.map((f) => f.at)).to.deep.equal([500, 6000]);
      await fake.tickAsync(500);
      expect(flushes.map((f) => f.at)).to.deep.equal([500, 6000, 7000]);
    });

    const unordered = [
      { id: 'a', time: 5 },
      { id: 'b', time: 9 },
      { id: 'c', time: 9 },
      { id: 'd', time: 1 },
    ];

    it('without newestOf, reports in log order, the last in the log as the newest', async () => {
      const { els } = await setup(unordered);
      observers[0]!.fire([...els].reverse().map((el) => ({ el, ratio: 1 })));
      await fake.tickAsync(500);
      expect(flushes).to.have.length(1);
      expect(flushes[0]!.ids).to.deep.equal(['a', 'b', 'c', 'd']);
      expect(flushes[0]!.newest).to.equal('d');
    });

    it("with newestOf, reports in the host's order without reading the log", async () => {
      const { els } = await setup(unordered, { newestOf: newestByTime(unordered) });
      const query = sinon.spy(root, 'querySelectorAll');
      observers[0]!.fire([...els].reverse().map((el) => ({ el, ratio: 1 })));
      await fake.tickAsync(500);
      expect(flushes).to.have.length(1);
      expect(flushes[0]!.ids).to.deep.equal(['d', 'a', 'b', 'c']);
      expect(flushes[0]!.newest).to.equal('c');
      expect(query.callCount).to.equal(0);
    });

    it('an update after 5,000 read messages and one new one looks at the new one only', async function () {
      this.timeout(30_000); // 5,000 elements; slow only on a busy machine
      const items = makeItems(5000);
      const known = new Set(items.slice(0, 2500).map((i) => i.id)); // read earlier (the store's horizon)
      const isKnownRead = sinon.spy((id: string) => known.has(id));
      const { host, els } = await setup(items, { isKnownRead, newestOf: newestByTime(items) });
      const observer = observers[0]!;
      expect(observer.observed.size).to.equal(2500);
      observer.fire(els.slice(2500).map((el) => ({ el, ratio: 1 }))); // the rest read here
      await fake.tickAsync(500);
      expect(flushes.flatMap((f) => f.ids)).to.have.length(2500);
      expect(observer.observed.size).to.equal(0);

      isKnownRead.resetHistory();
      const observe = sinon.spy(observer, 'observe');
      const query = sinon.spy(root, 'querySelectorAll');
      const added = document.createElement('div');
      added.dataset.readId = 'new';
      root.append(added);
      host.requestUpdate();
      await host.updateComplete;
      expect([isKnownRead.callCount, observe.callCount, query.callCount]).to.deep.equal([1, 1, 0]);
      expect([...observer.observed]).to.deep.equal([added]);

      host.requestUpdate(); // nothing changed: nothing to look at
      await host.updateComplete;
      expect([isKnownRead.callCount, observe.callCount, query.callCount]).to.deep.equal([1, 1, 0]);
    });

    it('lets go of a watched message that became known-read once it comes into view', async () => {
      const known = new Set<string>();
      const { els } = await setup(makeItems(2), { isKnownRead: (id) => known.has(id) });
      const observer = observers[0]!;
      known.add('i0'); // read in another tab, say
      observer.fire([
        { el: els[0]!, ratio: 1 },
        { el: els[1]!, ratio: 1 },
      ]);
      expect([...observer.observed]).to.deep.equal([els[1]!]);
      await fake.tickAsync(2000);
      expect(flushes.flatMap((f) => f.ids)).to.deep.equal(['i1']);
    });

    it('watches messages nested in added nodes, and drops those in removed ones', async () => {
      const { host } = await setup(makeItems(1));
      const observer = observers[0]!;
      const group = document.createElement('section');
      group.innerHTML = '<div data-read-id="n1"></div><p><span data-read-id="n2"></span></p>';
      root.append(group);
      host.requestUpdate();
      await host.updateComplete;
      expect([...observer.observed].map((el) => el.getAttribute('data-read-id'))).to.have.members(['i0', 'n1', 'n2']);
      group.remove();
      await Promise.resolve(); // the mutation observer's own callback, no update needed
      expect([...observer.observed].map((el) => el.getAttribute('data-read-id'))).to.deep.equal(['i0']);
    });

    it('counts only items at least threshold visible (or filling that much of a shorter root)', async () => {
      const { els } = await setup(makeItems(3));
      const observer = observers[0]!;
      observer.fire([
        { el: els[0]!, ratio: 0.49 },
        { el: els[1]!, ratio: 0.5 },
        { el: els[2]!, ratio: 0.3, height: 150 }, // a tall message filling half the log
      ]);
      await fake.tickAsync(10_000);
      expect(flushes.flatMap((f) => f.ids)).to.deep.equal(['i1', 'i2']);
    });

    it('cancels the dwell of an item that leaves the view', async () => {
      const { els } = await setup(makeItems(2));
      const observer = observers[0]!;
      observer.fire([
        { el: els[0]!, ratio: 1 },
        { el: els[1]!, ratio: 1 },
      ]);
      await fake.tickAsync(300);
      observer.fire([{ el: els[0]!, ratio: 0 }]);
      await fake.tickAsync(10_000);
      expect(flushes.flatMap((f) => f.ids)).to.deep.equal(['i1']);
    });

    it('runs the dwell of each item from the moment it came into view', async () => {
      const { controller, els } = await setup(makeItems(2));
      const observer = observers[0]!;
      observer.fire([{ el: els[0]!, ratio: 1 }]);
      await fake.tickAsync(300);
      observer.fire([{ el: els[1]!, ratio: 1 }]);
      await fake.tickAsync(200);
      expect(controller.isRead('i0')).to.be.true;
      expect(controller.isRead('i1')).to.be.false;
      await fake.tickAsync(299);
      expect(controller.isRead('i1')).to.be.false;
      await fake.tickAsync(1);
      expect(controller.isRead('i1')).to.be.true;
      await fake.tickAsync(1000);
      expect(flushes.map((f) => [f.at, f.ids])).to.deep.equal([
        [500, ['i0']],
        [1500, ['i1']],
      ]);
    });

    it('honours dwellMs, flushIntervalMs and threshold options', async () => {
      const { els } = await setup(makeItems(3), {
        dwellMs: 2000,
        flushIntervalMs: 5000,
        threshold: 0.9,
      });
      const observer = observers[0]!;
      observer.fire([
        { el: els[0]!, ratio: 0.8 },
        { el: els[1]!, ratio: 1 },
      ]);
      await fake.tickAsync(1999);
      expect(flushes).to.have.length(0);
      await fake.tickAsync(1);
      expect(flushes.map((f) => [f.at, f.ids])).to.deep.equal([[2000, ['i1']]]);
      observer.fire([{ el: els[2]!, ratio: 1 }]);
      await fake.tickAsync(10_000);
      expect(flushes.map((f) => [f.at, f.ids])).to.deep.equal([
        [2000, ['i1']],
        [7000, ['i2']],
      ]);
    });

    it('drops removed elements and watches added ones on update', async () => {
      const { host, els } = await setup(makeItems(2));
      const observer = observers[0]!;
      els[0]!.remove();
      const added = document.createElement('div');
      added.dataset.readId = 'new';
      root.append(added);
      host.requestUpdate();
      await host.updateComplete;
      expect([...observer.observed]).to.have.members([els[1]!, added]);
    });

    it('re-creates the observer when the root element changes, and reset() forgets', async () => {
      const { host, controller, els } = await setup(makeItems(2));
      observers[0]!.fire([{ el: els[0]!, ratio: 1 }]);
      await fake.tickAsync(500);
      expect(controller.isRead('i0')).to.be.true;

      const oldRoot = root;
      root = document.createElement('div');
      root.append(...oldRoot.children);
      host.append(root);
      host.requestUpdate();
      await host.updateComplete;
      expect(observers).to.have.length(2);
      expect(observers[0]!.disconnected).to.be.true;
      expect([...observers[1]!.observed]).to.deep.equal([els[1]!]); // i0 is read: not watched
      observers[0]!.fire([{ el: els[1]!, ratio: 1 }]); // a late callback from the old observer
      await fake.tickAsync(1000);
      expect(controller.isRead('i1')).to.be.false;

      controller.reset();
      expect(controller.isRead('i0')).to.be.false;
      const current = observers.at(-1)!;
      expect(current.observed.size).to.equal(2);
      current.fire([{ el: els[0]!, ratio: 1 }]);
      await fake.tickAsync(2000);
      expect(controller.isRead('i0')).to.be.true;
      expect(flushes.map((f) => f.ids)).to.deep.equal([['i0'], ['i0']]);
    });

    it('ignores callbacks from an observer it has let go', async () => {
      const { host, els } = await setup(makeItems(1));
      const old = observers[0]!;
      host.remove();
      old.fire([{ el: els[0]!, ratio: 1 }]);
      await fake.tickAsync(5000);
      expect(flushes).to.have.length(0);
      expect(fake.countTimers()).to.equal(0);
    });
  });
});
