/**
 * Marks agent messages read only when a person has really seen them, and reports them in
 * coalesced batches (design.md, "Read receipts"). Modelled on `@lit-labs/observers`'
 * IntersectionController, written out here.
 *
 * A message (a descendant of the log element with `data-read-id`) becomes read when it has
 * been continuously, for `dwellMs`:
 * - at least `threshold` of it visible inside the log (or, for a message taller than the
 *   log, filling at least `threshold` of the log's height),
 * - while `active()` (panel open, receipts enabled), the document is visible and has focus.
 * When any condition stops, all dwell clocks stop; when they return, the clocks restart for
 * the messages in view. Newly read ids are flushed at most once per `flushIntervalMs`.
 *
 * Dwell runs on one timer (the earliest deadline), so messages that came into view together
 * become read together and go out in one flush. Time and timers come from the injected
 * `clock` (session/clock.ts; the system's by default, which looks them up at call time).
 *
 * Per render, the work is proportional to what changed, not to the length of the log: a
 * MutationObserver on the root reports the message elements added and removed (the whole
 * log is queried only when the root itself changes), each new element costs one
 * `isKnownRead` call, and a watched element that became known-read elsewhere is let go when
 * it next comes into view. An element's `data-read-id` is read when it is added.
 *
 * Longer than 300 lines on purpose: watching, dwell and flushing share the same element
 * sets and reading conditions, and most of the length is the comments on why.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { numberOr } from '../options.js';
import { systemClock, Timer, type Clock } from '../session/clock.js';

export interface ReadReceiptControllerOptions {
  /** The scrollable log element (IntersectionObserver root); its descendants with [data-read-id] are agent messages to watch. May be null before first render or when the panel is closed. */
  root: () => HTMLElement | null | undefined;
  /** True while reading can count: panel open and receipts not disabled. When false: no dwell timers run, nothing is marked read. */
  active: () => boolean;
  /**
   * Called at most once per flushIntervalMs with the newly read ids in display order: by
   * `newestOf` when given, else by position in the log (ids no longer in it go last, in the
   * order they were read). The last id is the newest, the one a read receipt names.
   */
  onFlush: (ids: string[]) => void;
  /** Of `ids`, the one latest in display order (the store's `newestOf`): orders a flush without reading the DOM. */
  newestOf?: (ids: string[]) => string | undefined;
  /** Continuous time in view before a message counts as read, default 500 ms. */
  dwellMs?: number;
  /** Minimum time between two flushes, default 1000 ms. */
  flushIntervalMs?: number;
  /** Visible fraction that counts as "in view", default 0.5. */
  threshold?: number;
  /** Test seam; default creates a real IntersectionObserver. */
  createObserver?: (
    callback: IntersectionObserverCallback,
    options: IntersectionObserverInit,
  ) => IntersectionObserver;
  /** Ids already known to be read (the store's read horizon); never reported again. Called once per new message element, so keep it O(1). */
  isKnownRead?: (id: string) => boolean;
  /** Time and timers (the one injected clock of issue 15 §4); default the system's. */
  clock?: Clock;
}

interface ReadEntry {
  id: string;
  el: Element;
  seq: number;
}

const SELECTOR = '[data-read-id]';

export class ReadReceiptController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #options: ReadReceiptControllerOptions;
  readonly #dwellMs: number;
  readonly #flushIntervalMs: number;
  readonly #threshold: number;
  readonly #clock: Clock;

  #connected = false;
  #root: HTMLElement | null = null;
  #observer?: IntersectionObserver;
  /** Reports message elements added to or removed from the root. */
  #mutations?: MutationObserver;
  /** Elements handed to the observer. */
  #observed = new Set<Element>();
  /** Observed elements that are in view now. */
  #inView = new Set<Element>();
  /** Dwell start per in-view element, only while reading can count. */
  #since = new Map<Element, number>();
  #read = new Set<string>();
  #pending: ReadEntry[] = [];
  #seq = 0;
  #lastFlush = -Infinity;
  #dwellTimer: Timer;
  #flushTimer: Timer;

  constructor(host: ReactiveControllerHost, options: ReadReceiptControllerOptions) {
    this.#host = host;
    this.#options = options;
    this.#dwellMs = numberOr(options.dwellMs, 500);
    this.#flushIntervalMs = numberOr(options.flushIntervalMs, 1000);
    this.#threshold = numberOr(options.threshold, 0.5, (n) => n > 0 && n <= 1);
    this.#clock = options.clock ?? systemClock;
    this.#dwellTimer = new Timer(this.#clock);
    this.#flushTimer = new Timer(this.#clock);
    host.addController(this);
  }

  /** True once the message was read here, or if `isKnownRead` says so. */
  isRead(id: string): boolean {
    return this.#read.has(id) || (this.#options.isKnownRead?.(id) ?? false);
  }

  /** Forget state (conversation cleared): read ids, unflushed ids, watched elements. */
  reset(): void {
    this.#read.clear();
    this.#pending = [];
    this.#flushTimer.stop();
    this.#releaseObserver();
    if (this.#connected) this.#sync();
  }

  hostConnected(): void {
    this.#connected = true;
    document.addEventListener('visibilitychange', this.#onConditionChange);
    window.addEventListener('focus', this.#onConditionChange);
    window.addEventListener('blur', this.#onConditionChange);
    this.#sync(); // a moved element has a rendered root already
  }

  hostUpdated(): void {
    this.#sync();
  }

  /** Disconnects the observer, removes listeners, clears every timer and flushes what was read. */
  hostDisconnected(): void {
    this.#connected = false;
    document.removeEventListener('visibilitychange', this.#onConditionChange);
    window.removeEventListener('focus', this.#onConditionChange);
    window.removeEventListener('blur', this.#onConditionChange);
    this.#releaseObserver();
    this.#flush();
  }

  /** Follows the root, observes new messages, drops removed ones. */
  #sync(): void {
    if (!this.#connected) return;
    const root = this.#options.root() ?? null;
    if (root !== this.#root) {
      this.#releaseObserver();
      this.#root = root;
    }
    if (root && !this.#observer) {
      const thresholds = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1, this.#threshold];
      const init: IntersectionObserverInit = {
        root,
        rootMargin: '0px',
        threshold: [...new Set(thresholds)].sort((a, b) => a - b),
      };
      const create =
        this.#options.createObserver ??
        ((callback, options) => new IntersectionObserver(callback, options));
      const observer: IntersectionObserver = create((entries) => {
        if (observer === this.#observer) this.#onIntersection(entries);
      }, init);
      this.#observer = observer;
      const mutations = new MutationObserver((records) => {
        if (mutations === this.#mutations) this.#onMutations(records);
      });
      mutations.observe(root, { childList: true, subtree: true });
      this.#mutations = mutations;
      for (const el of root.querySelectorAll(SELECTOR)) this.#watch(el); // a new root: the one full scan
    } else if (this.#mutations) {
      // What this render added or removed, now rather than in a later microtask.
      this.#onMutations(this.#mutations.takeRecords());
    }
    // Entries the observer has queued but not delivered yet (as Lit's IntersectionController does).
    const entries = this.#observer?.takeRecords() ?? [];
    if (entries.length) this.#onIntersection(entries);
    else this.#evaluate();
  }

  #onMutations(records: MutationRecord[]): void {
    for (const record of records) {
      for (const node of record.removedNodes) {
        this.#eachMessage(node, (el) => {
          if (this.#observed.has(el) && !this.#root?.contains(el)) this.#unobserve(el);
        });
      }
      for (const node of record.addedNodes) this.#eachMessage(node, (el) => this.#watch(el));
    }
  }

  /** Calls `fn` for `node` and each descendant that is a message element. */
  #eachMessage(node: Node, fn: (el: Element) => void): void {
    if (!(node instanceof Element)) return;
    if (node.matches(SELECTOR)) fn(node);
    for (const el of node.querySelectorAll(SELECTOR)) fn(el);
  }

  /** Observes a message element in the root, unless it is watched already or read. */
  #watch(el: Element): void {
    if (!this.#observer || this.#observed.has(el) || !this.#root?.contains(el)) return;
    const id = el.getAttribute('data-read-id');
    if (!id || this.isRead(id)) return;
    this.#observed.add(el);
    this.#observer.observe(el);
  }

  #onIntersection(entries: IntersectionObserverEntry[]): void {
    const can = this.#canRead();
    for (const entry of entries) {
      const el = entry.target;
      if (!this.#observed.has(el)) continue;
      const id = el.getAttribute('data-read-id');
      if (!id || this.isRead(id)) {
        this.#unobserve(el); // became known-read since it was watched
        continue;
      }
      const rootHeight = entry.rootBounds?.height ?? 0;
      const inView =
        entry.isIntersecting &&
        (entry.intersectionRatio >= this.#threshold ||
          (rootHeight > 0 && entry.intersectionRect.height >= rootHeight * this.#threshold));
      if (inView) {
        this.#inView.add(el);
      } else {
        this.#inView.delete(el);
        this.#since.delete(el);
      }
    }
    this.#evaluate(can);
  }

  /** Starts or stops every dwell clock as the conditions change, then re-arms the timer. */
  #evaluate(can = this.#canRead()): void {
    if (!this.#connected) return;
    if (!can) {
      this.#since.clear();
    } else {
      const now = this.#clock.now();
      for (const el of this.#inView) if (!this.#since.has(el)) this.#since.set(el, now);
    }
    this.#armDwell();
  }

  /** visibilitychange / focus / blur: `document.hasFocus()` tells the truth (focus may be in an iframe). */
  #onConditionChange = (): void => this.#evaluate();

  #canRead(): boolean {
    return (
      this.#options.active() && document.visibilityState === 'visible' && document.hasFocus()
    );
  }

  #armDwell(): void {
    this.#dwellTimer.stop();
    if (!this.#since.size) return;
    const due = Math.min(...this.#since.values()) + this.#dwellMs;
    this.#dwellTimer.start(due - this.#clock.now(), () => this.#onDwell());
  }

  #onDwell(): void {
    // A condition may have stopped without an event (active() is re-read only on update).
    if (!this.#canRead()) {
      this.#evaluate(false);
      return;
    }
    const now = this.#clock.now();
    let added = false;
    for (const [el, since] of this.#since) {
      if (now - since < this.#dwellMs) continue;
      const id = el.getAttribute('data-read-id');
      this.#unobserve(el);
      if (!id || this.isRead(id)) continue;
      this.#read.add(id);
      this.#pending.push({ id, el, seq: this.#seq++ });
      added = true;
    }
    this.#armDwell();
    if (added) {
      this.#host.requestUpdate();
      this.#queueFlush();
    }
  }

  #queueFlush(): void {
    if (this.#flushTimer.active) return;
    const now = this.#clock.now();
    // min(): a clock that went backwards does not hold receipts back longer than one interval.
    const wait = Math.min(this.#lastFlush + this.#flushIntervalMs - now, this.#flushIntervalMs);
    if (wait <= 0) {
      this.#flush();
      return;
    }
    this.#flushTimer.start(wait, () => this.#flush());
  }

  #flush(): void {
    this.#flushTimer.stop();
    if (!this.#pending.length) return;
    const entries = this.#pending; // in read order
    this.#pending = [];
    const newestOf = this.#options.newestOf;
    if (newestOf) {
      // The host's order, one pair at a time (ids it does not know go first, in read order).
      entries.sort((a, b) => {
        const newer = newestOf([a.id, b.id]);
        return newer === b.id ? -1 : newer === a.id ? 1 : 0;
      });
    } else {
      // Log order: position in the log now; messages no longer in it go last, in read order.
      const position = new Map<Element, number>();
      const root = this.#options.root() ?? this.#root;
      root?.querySelectorAll(SELECTOR).forEach((el, i) => position.set(el, i));
      entries.sort(
        (a, b) =>
          (position.get(a.el) ?? Infinity) - (position.get(b.el) ?? Infinity) || a.seq - b.seq,
      );
    }
    this.#lastFlush = this.#clock.now();
    this.#options.onFlush(entries.map((e) => e.id));
  }

  #unobserve(el: Element): void {
    this.#observer?.unobserve(el);
    this.#observed.delete(el);
    this.#inView.delete(el);
    this.#since.delete(el);
  }

  #releaseObserver(): void {
    this.#observer?.disconnect();
    this.#observer = undefined;
    this.#mutations?.disconnect();
    this.#mutations = undefined;
    this.#root = null;
    this.#observed.clear();
    this.#inView.clear();
    this.#since.clear();
    this.#dwellTimer.stop();
  }
}
