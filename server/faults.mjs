// Fault injection (simulator-only): the network and the service misbehaving on purpose, so
// tests can check that a client never loses, duplicates or reorders a message.
//
//   sim.setOptions({ faults: { seed: 7, duplicate: 0.05, reorder: 0.05, dropAfterMessage: 0.02, rateLimit429: 0.03 } });
//   sim.setOptions({ faults: { seed: 7, deliveryJitterMs: 80 } });   // a slow network / device
//   sim.faultStats();   // { duplicated, reordered, droppedBeforeEcho, droppedAfterEcho, rateLimited, historyFailed, delayed }
//   sim.setOptions({ faults: null });   // all off (reset() does the same)
//
// Every decision comes from one seeded PRNG, so a seed gives the same sequence of rolls (the
// delivery jitter draws from a second one, so that turning it on does not shift the others).
// The sequence of frames a run produces still depends on timing, so a rerun repeats the
// faults' pattern, not necessarily the exact frame each one hits.
//
// The simulator never deduplicates customer messages, with or without faults: the real
// service does not either, so exactly-once delivery is the client's job.

/**
 * @typedef {object} FaultOptions
 * @property {number} [seed]             PRNG seed (default 1)
 * @property {number} [duplicate]        probability that a server→client frame is sent twice
 * @property {number} [reorder]          probability that a server→client frame is held back and
 *                                       sent after the next frame on the same socket (or after
 *                                       `holdMs` if no frame follows)
 * @property {number} [holdMs]           longest a held-back frame waits (default 100)
 * @property {number} [dropAfterMessage] probability that the socket is terminated right after a
 *                                       customer Text/Structured message was stored: half the time
 *                                       before its echo is sent, half the time just after
 * @property {number} [rateLimit429]     probability that a customer Text/Structured message is
 *                                       refused with 429 TooManyRequestsErrorMessage (not stored)
 * @property {number} [retryAfter]       `retryAfter` seconds of those 429s (default 1)
 * @property {number} [historyFailure]   probability that a REST history GET answers 503
 * @property {number} [deliveryJitterMs] every server→client frame waits a random 0..N ms more
 *                                       before it is written (uniform, seeded); frames of one
 *                                       socket keep their order, as on a real WebSocket, so a
 *                                       long delay holds back the frames behind it. Default 0
 * @property {string} [deploymentId]     only sockets opened for this deployment (default: all)
 */

/**
 * @typedef {object} FaultStats  how many times each fault fired since the faults were set
 * @property {number} duplicated
 * @property {number} reordered
 * @property {number} droppedBeforeEcho
 * @property {number} droppedAfterEcho
 * @property {number} rateLimited
 * @property {number} historyFailed
 * @property {number} delayed  frames the delivery jitter held back (by at least 1 ms)
 */

/** mulberry32: a small, fast, seedable PRNG with a 2^32 period. @param {number} seed */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** @param {unknown} v */
const probability = (v) => {
  const n = Number(v);
  return Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : 0;
};

/**
 * The minimal socket surface faults need (a GuestConnection).
 * @typedef {object} FaultTarget
 * @property {string} deploymentId
 * @property {(data: string) => boolean} write   raw write, no faults (behind frames already delayed)
 * @property {(data: string, ms: number) => boolean} writeAfter  write `ms` from now, keeping order
 * @property {() => boolean} isOpen
 * @property {{ data: string, timer: NodeJS.Timeout } | null} held
 */

export class Faults {
  /** @param {FaultOptions | null | undefined} options */
  constructor(options) {
    const o = options ?? {};
    /** @type {Required<Omit<FaultOptions, 'deploymentId'>> & { deploymentId?: string }} */
    this.options = {
      seed: Number.isFinite(Number(o.seed)) ? Number(o.seed) : 1,
      duplicate: probability(o.duplicate),
      reorder: probability(o.reorder),
      holdMs: Math.max(0, Number(o.holdMs ?? 100) || 0),
      dropAfterMessage: probability(o.dropAfterMessage),
      rateLimit429: probability(o.rateLimit429),
      retryAfter: Math.max(0, Number(o.retryAfter ?? 1) || 0),
      historyFailure: probability(o.historyFailure),
      deliveryJitterMs: Math.max(0, Number(o.deliveryJitterMs ?? 0) || 0),
      deploymentId: typeof o.deploymentId === 'string' && o.deploymentId ? o.deploymentId : undefined,
    };
    this.random = mulberry32(this.options.seed);
    this.jitterRandom = mulberry32(this.options.seed ^ 0x5bd1e995);
    /** @type {FaultStats} */
    this.stats = { duplicated: 0, reordered: 0, droppedBeforeEcho: 0, droppedAfterEcho: 0, rateLimited: 0, historyFailed: 0, delayed: 0 };
  }

  /** True when no fault can fire (the fast path). */
  get off() {
    const o = this.options;
    return !o.duplicate && !o.reorder && !o.dropAfterMessage && !o.rateLimit429 && !o.historyFailure && !o.deliveryJitterMs;
  }

  /** @param {{ deploymentId: string }} conn */
  applies(conn) {
    return !this.off && (!this.options.deploymentId || conn.deploymentId === this.options.deploymentId);
  }

  /** @param {number} p */
  #roll(p) {
    return p > 0 && this.random() < p;
  }

  /**
   * Write one frame, after the delivery jitter if it is on.
   * @param {FaultTarget} conn @param {string} data
   */
  #out(conn, data) {
    const max = this.options.deliveryJitterMs;
    if (!max) return conn.write(data);
    const ms = Math.floor(this.jitterRandom() * (max + 1));
    if (ms > 0) this.stats.delayed += 1;
    return conn.writeAfter(data, ms);
  }

  /**
   * Write a serialised server→client frame through the frame faults (duplicate, reorder, jitter).
   * @param {FaultTarget} conn
   * @param {string} data
   * @returns {boolean} whether the socket was open
   */
  deliver(conn, data) {
    if (!conn.isOpen()) return false;
    if (!this.applies(conn)) {
      this.flush(conn);
      return conn.write(data);
    }
    const twice = this.#roll(this.options.duplicate);
    if (conn.held) {
      // A frame was held back: this one overtakes it.
      const held = conn.held;
      conn.held = null;
      clearTimeout(held.timer);
      this.#out(conn, data);
      this.#out(conn, held.data);
      this.stats.reordered += 1;
    } else if (this.#roll(this.options.reorder)) {
      const timer = setTimeout(() => this.flush(conn), this.options.holdMs);
      timer.unref?.();
      conn.held = { data, timer };
    } else {
      this.#out(conn, data);
    }
    if (twice) {
      this.#out(conn, data);
      this.stats.duplicated += 1;
    }
    return true;
  }

  /** Send a held-back frame now (its hold expired, or faults changed). @param {FaultTarget} conn */
  flush(conn) {
    const held = conn.held;
    if (!held) return;
    conn.held = null;
    clearTimeout(held.timer);
    if (conn.isOpen()) this.#out(conn, held.data);
  }

  /**
   * Should this customer message be refused with a 429? Returns its retryAfter, or null.
   * @param {{ deploymentId: string }} conn
   */
  rateLimit(conn) {
    if (!this.applies(conn) || !this.#roll(this.options.rateLimit429)) return null;
    this.stats.rateLimited += 1;
    return this.options.retryAfter;
  }

  /**
   * Should this history GET fail with 503?
   * @param {{ deploymentId: string }} session
   */
  historyFailure(session) {
    if (!this.applies(session) || !this.#roll(this.options.historyFailure)) return false;
    this.stats.historyFailed += 1;
    return true;
  }

  /**
   * Should the socket die right after this stored customer message, and when?
   * @param {{ deploymentId: string }} conn
   * @returns {null | 'before-echo' | 'after-echo'}
   */
  dropAfterMessage(conn) {
    if (!this.applies(conn) || !this.#roll(this.options.dropAfterMessage)) return null;
    const before = this.random() < 0.5;
    if (before) this.stats.droppedBeforeEcho += 1;
    else this.stats.droppedAfterEcho += 1;
    return before ? 'before-echo' : 'after-echo';
  }
}
