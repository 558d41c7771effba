// A small guest client for the simulator tests: records every frame, lets a test wait for
// (and consume) the first frame that matches a predicate.

import WebSocket from 'ws';
import { randomUUID } from 'node:crypto';

/** @typedef {Record<string, any>} AnyFrame */

export class GuestClient {
  /**
   * @param {string} wsUrl  ws://host:port/v1
   * @param {{ deploymentId?: string|null, headers?: Record<string, string> }} [opts]
   * @returns {Promise<GuestClient>}
   */
  static open(wsUrl, opts = {}) {
    const deploymentId = opts.deploymentId === undefined ? 'dep-test' : opts.deploymentId;
    const url = deploymentId === null ? wsUrl : `${wsUrl}?deploymentId=${encodeURIComponent(deploymentId)}`;
    const ws = new WebSocket(url, { headers: opts.headers });
    const client = new GuestClient(ws);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(client));
      ws.once('unexpected-response', (_req, res) => {
        const err = /** @type {Error & { status?: number }} */ (new Error(`upgrade refused: ${res.statusCode}`));
        err.status = res.statusCode;
        res.resume();
        reject(err);
      });
      ws.once('error', reject);
    });
  }

  /** @param {WebSocket} ws */
  constructor(ws) {
    this.ws = ws;
    /** @type {AnyFrame[]} frames not yet consumed by take() */
    this.queue = [];
    /** @type {string[]} every raw text frame, in order */
    this.raw = [];
    /** @type {{ pred: (f: AnyFrame) => boolean, resolve: (f: AnyFrame) => void }[]} */
    this.waiters = [];
    /** @type {Promise<number>} resolves with the close code */
    this.closed = new Promise((resolve) => ws.once('close', (code) => resolve(code)));
    ws.on('message', (data) => {
      const text = data.toString('utf8');
      this.raw.push(text);
      /** @type {AnyFrame} */
      let f;
      try {
        f = JSON.parse(text);
      } catch {
        f = { unparsed: text };
      }
      const i = this.waiters.findIndex((w) => w.pred(f));
      if (i >= 0) {
        const [w] = this.waiters.splice(i, 1);
        w?.resolve(f);
      } else this.queue.push(f);
    });
  }

  /** @param {unknown} frame  object (JSON-encoded) or raw string */
  send(frame) {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /**
   * Resolve with (and consume) the first frame matching `pred`.
   * @param {(f: AnyFrame) => boolean} pred
   * @param {number} [timeout]
   * @returns {Promise<AnyFrame>}
   */
  take(pred, timeout = 1500) {
    const i = this.queue.findIndex(pred);
    if (i >= 0) return Promise.resolve(/** @type {AnyFrame} */ (this.queue.splice(i, 1)[0]));
    return new Promise((resolve, reject) => {
      const waiter = {
        pred,
        /** @param {AnyFrame} f */
        resolve: (f) => {
          clearTimeout(timer);
          resolve(f);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`no matching frame within ${timeout} ms; queue: ${JSON.stringify(this.queue).slice(0, 800)}`));
      }, timeout);
      this.waiters.push(waiter);
    });
  }

  /** Frame with this tracingId. @param {unknown} tracingId */
  reply(tracingId, timeout = 1500) {
    return this.take((f) => f.tracingId === tracingId, timeout);
  }

  /** Frame of this class. @param {string} cls */
  ofClass(cls, timeout = 1500) {
    return this.take((f) => f.class === cls, timeout);
  }

  /** Wait `ms`, then return (and consume) the frames matching `pred` that arrived. */
  async collect(/** @type {(f: AnyFrame) => boolean} */ pred, ms = 100) {
    await new Promise((r) => setTimeout(r, ms));
    const hits = this.queue.filter(pred);
    this.queue = this.queue.filter((f) => !pred(f));
    return hits;
  }

  /**
   * Send a request with a fresh tracingId and wait for the frame carrying it.
   * @param {Record<string, any>} req
   */
  async request(req, timeout = 1500) {
    const tracingId = req.tracingId ?? randomUUID();
    this.send({ ...req, tracingId });
    return this.reply(tracingId, timeout);
  }

  /** configureSession; resolves with the SessionResponse frame. */
  configure(/** @type {string} */ token, extra = {}) {
    return this.request({ action: 'configureSession', deploymentId: 'dep-test', token, ...extra });
  }

  /** onMessage Text; resolves with the echo (or error) frame. */
  say(/** @type {string} */ token, /** @type {string} */ text, message = {}, extra = {}) {
    return this.request({ action: 'onMessage', token, message: { type: 'Text', text, ...message }, ...extra });
  }

  close() {
    this.ws.close();
    return this.closed;
  }
}

/** Open a client and configure `token` on it. */
export async function connected(/** @type {string} */ wsUrl, /** @type {string} */ token) {
  const c = await GuestClient.open(wsUrl);
  const res = await c.configure(token);
  return { client: c, response: res };
}

export const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));

/**
 * An agent console connection (/agent) that records what the server sends. `until(pred)`
 * waits for the first matching message (up to `tries` × 10 ms) and, with `consume`, takes it
 * out so the next call finds the next one.
 * @param {string} httpUrl @param {{ consume?: boolean, tries?: number }} [options]
 */
export async function agentConsole(httpUrl, { consume = false, tries = 100 } = {}) {
  const ws = new WebSocket(`${httpUrl.replace('http', 'ws')}/agent`);
  /** @type {any[]} */
  const got = [];
  ws.on('message', (d) => got.push(JSON.parse(d.toString())));
  await new Promise((r) => ws.once('open', r));
  /** @param {(m: any) => boolean} pred */
  const until = async (pred) => {
    for (let i = 0; i < tries && !got.some(pred); i++) await sleep(10);
    const i = got.findIndex(pred);
    if (i < 0) throw new Error(`console message not received: ${JSON.stringify(got).slice(0, 600)}`);
    return consume ? got.splice(i, 1)[0] : got[i];
  };
  return { ws, got, until, send: (/** @type {unknown} */ m) => ws.send(JSON.stringify(m)) };
}
