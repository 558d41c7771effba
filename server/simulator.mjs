// Local Genesys Cloud Web Messaging simulator: the guest WebSocket API (/v1), the REST
// calls around it (history, config.json), an agent console (/agent), a scripted agent for
// the demo, and a control API for tests (methods here, and POST /__sim/<method> over HTTP).
//
//   const sim = await startSimulator({ port: 0 });
//   // sim.wsUrl -> ws://127.0.0.1:PORT/v1, sim.apiUrl -> http://127.0.0.1:PORT
//   await sim.agentMessage({ token, text: 'Hello!' });
//   await sim.close();
//
// Faithful to /work/shared/genesys-guest-protocol.md; simulator-only behaviour (the control
// API, fault injection) is labelled as such. Behaviour the real service is not known to have
// (server-sent Receipt frames to the guest, `receipts: true`) is opt-in and labelled unverified.

import { EventEmitter } from 'node:events';
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';

import { Session, SessionStore } from './session.mjs';
import { GuestConnection, attachGuestConnection, receiptFrame, shortToken, unbind } from './guest-protocol.mjs';
import { deepMerge, defaultDeploymentConfig } from './config.mjs';
import {
  TEXT,
  frame as makeFrame,
  hexId,
  isoTime,
  sessionExpiredEvent,
  stringError,
  structuredMessage,
  tooManyRequests,
  uuid,
} from './frames.mjs';
import { createHttpHandler } from './rest.mjs';
import { Faults } from './faults.mjs';
import { ScriptedAgent } from './scripted-agent.mjs';
import { AgentConsoleHub } from './agent-console.mjs';
import { CONTROL_METHODS, ControlError } from './control.mjs';

/**
 * @typedef {object} AgentDelays  scripted-agent timing, in ms
 * @property {number} [typing]   customer message -> agent typing (default 400)
 * @property {number} [reply]    fixed typing -> reply delay; default varies 1200–2000 with text length
 * @property {number} [disconnect] goodbye -> Presence Disconnect (default 1500)
 */

/**
 * @typedef {object} SimulatorOptions
 * @property {number} [port]            0 = any free port
 * @property {string} [host]            default 127.0.0.1
 * @property {boolean} [scriptedAgent]  answer customers automatically (default false)
 * @property {number} [ratePerSecond]   onMessage rate per session (default 2; 0 = unlimited)
 * @property {boolean} [receipts]       push Delivered/Read `Receipt` frames of the customer's own messages to the
 *   guest (default false). UNVERIFIED: no official Genesys client declares that frame type, so
 *   the real service is not known to send it; opt in only to test a client's handling of it.
 * @property {string} [agentName]       agent nickname (default 'Alex (Support)')
 * @property {AgentDelays} [agentDelays]
 * @property {number} [durationSeconds] session inactivity TTL (default 259200 = 72 h)
 * @property {{ root: string }} [static] serve files from this root for other GETs
 * @property {(line: string) => void} [log]
 * @property {Record<string, any>} [config] partial deployment config, deep-merged over the default
 * @property {string[]} [allowedOrigins] when set, other Origins get 403 on the /v1 upgrade
 * @property {import('./faults.mjs').FaultOptions | null} [faults] fault injection (simulator-only, default off):
 *   duplicated and reordered frames, sockets dropped around a stored message, random 429s,
 *   failing history calls; seeded.
 *   See faults.mjs. `faultStats()` counts what fired.
 */

/**
 * @typedef {object} FailureSpec  what failNext answers instead of accepting a message
 * @property {string} [token]
 * @property {number} [code]
 * @property {unknown} [body]
 * @property {string} [class]
 * @property {number} [retryAfter]
 */

export { CONTROL_METHODS, ControlError };

const MAX_TIMEOUT = 2 ** 31 - 1;

/** Options that control calls may change; reset() restores them. */
function tunables(/** @type {SimulatorOptions} */ o) {
  return {
    scriptedAgent: o.scriptedAgent ?? false,
    ratePerSecond: o.ratePerSecond ?? 2,
    receipts: o.receipts ?? false,
    agentName: o.agentName ?? 'Alex (Support)',
    agentDelays: { ...(o.agentDelays ?? {}) },
    durationSeconds: o.durationSeconds ?? 259200,
    config: structuredClone(o.config ?? {}),
    allowedOrigins: o.allowedOrigins ? [...o.allowedOrigins] : undefined,
    faults: o.faults ? { ...o.faults } : null,
  };
}

export class Simulator {
  /** @param {SimulatorOptions} [options] */
  constructor(options = {}) {
    this.initialOptions = options;
    this.host = options.host ?? '127.0.0.1';
    this.requestedPort = options.port ?? 0;
    this.options = tunables(options);
    /** Fault injection, rebuilt (and reseeded) whenever options.faults is set. */
    this.faults = new Faults(this.options.faults);
    this.staticRoot = options.static?.root;
    /** @type {(line: string) => void} */
    this.log = options.log ? (line) => options.log?.(`[genesys-sim] ${line}`) : () => {};
    this.events = new EventEmitter();
    this.events.setMaxListeners(100);
    this.store = new SessionStore();
    /** @type {Set<GuestConnection>} */
    this.guests = new Set();
    /** refuse(): upgrades are answered 503 until this time (epoch ms) */
    this.refuseUntil = 0;
    /** @type {{ any: FailureSpec[], byToken: Map<string, FailureSpec[]> }} */
    this.failures = { any: [], byToken: new Map() };
    this.port = 0;
    this.httpUrl = '';
    this.wsUrl = '';
    this.apiUrl = '';
    this.scripted = new ScriptedAgent(this);

    // Control methods may be passed around detached (const { inject } = sim).
    for (const m of [...CONTROL_METHODS, 'close']) {
      const self = /** @type {any} */ (this);
      self[m] = self[m].bind(this);
    }

    this.guestWss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
    this.agentWss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
    this.consoles = new AgentConsoleHub(this, this.agentWss);
    this.server = createServer(createHttpHandler(this));
    this.server.on('upgrade', (req, socket, head) => this.onUpgrade(req, socket, head));
    this.server.on('clientError', (_err, socket) => socket.destroy());
  }

  async listen() {
    await new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.requestedPort, this.host, () => {
        this.server.off('error', reject);
        resolve(undefined);
      });
    });
    const addr = this.server.address();
    this.port = typeof addr === 'object' && addr ? addr.port : Number(this.requestedPort);
    const h = this.host === '0.0.0.0' || this.host === '::' ? '127.0.0.1' : this.host.includes(':') ? `[${this.host}]` : this.host;
    this.httpUrl = `http://${h}:${this.port}`;
    this.apiUrl = this.httpUrl;
    this.wsUrl = `ws://${h}:${this.port}/v1`;
    this.log(`listening on ${this.httpUrl}`);
    return this;
  }

  // ---------------------------------------------------------------- upgrades

  /**
   * @param {import('node:http').IncomingMessage} req
   * @param {import('node:stream').Duplex} socket
   * @param {Buffer} head
   */
  onUpgrade(req, socket, head) {
    socket.on('error', () => {});
    const url = new URL(req.url ?? '/', 'http://localhost');
    const origin = typeof req.headers.origin === 'string' ? req.headers.origin : undefined;
    /** @param {number} status @param {string} text */
    const reject = (status, text) => {
      this.log(`upgrade ${url.pathname} refused: ${status} ${text}`);
      const body = `${text}\n`;
      socket.end(
        `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      );
    };

    if (url.pathname === '/v1' || url.pathname === '/v1/') {
      if (Date.now() < this.refuseUntil) return reject(503, 'Service Unavailable');
      const deploymentId = url.searchParams.get('deploymentId');
      if (!deploymentId) return reject(400, 'Bad Request');
      const allowed = this.options.allowedOrigins;
      if (allowed && (!origin || !allowed.includes(origin))) return reject(403, 'Forbidden');
      this.guestWss.handleUpgrade(req, socket, head, (ws) => {
        const conn = new GuestConnection(ws, { deploymentId, origin, remote: req.socket.remoteAddress, faults: () => this.faults });
        attachGuestConnection(this, conn);
      });
      return;
    }
    if (url.pathname === '/agent') {
      // The agent console only talks to pages served from this same origin.
      if (origin && new URL(origin).host !== req.headers.host) return reject(403, 'Forbidden');
      this.agentWss.handleUpgrade(req, socket, head, (ws) => this.consoles.add(ws));
      return;
    }
    reject(404, 'Not Found');
  }

  // ---------------------------------------------------------------- internals used by the modules

  /** The deployment config for a deployment id (defaults deep-merged with options.config). */
  configFor(/** @type {string} */ deploymentId) {
    const base = defaultDeploymentConfig({
      deploymentId,
      httpUrl: this.httpUrl,
      wsOrigin: this.wsUrl.replace(/\/v1$/, ''),
      durationSeconds: this.options.durationSeconds,
    });
    return deepMerge(base, this.options.config);
  }

  /** @param {string} token @param {string} deploymentId */
  createSession(token, deploymentId) {
    const s = new Session({ token, deploymentId, ratePerSecond: this.options.ratePerSecond });
    this.store.add(s);
    return s;
  }

  /** Activity: extends the inactivity TTL and reschedules expiry. */
  touch(/** @type {Session} */ s) {
    s.lastActivity = Date.now();
    s.expiresAt = s.lastActivity + this.options.durationSeconds * 1000;
    this.scheduleExpiry(s);
  }

  /** @param {Session} s */
  scheduleExpiry(s) {
    if (s.expiryTimer) clearTimeout(s.expiryTimer);
    const wait = Math.min(MAX_TIMEOUT, Math.max(0, s.expiresAt - Date.now()));
    s.expiryTimer = setTimeout(() => {
      s.expiryTimer = null;
      if (this.store.get(s.token) !== s) return;
      if (Date.now() >= s.expiresAt) this.expireSession(s, 'inactivity');
      else this.scheduleExpiry(s);
    }, wait);
    s.expiryTimer.unref?.();
  }

  /** Send a frame to every connection of a session (serialised once). */
  broadcast(/** @type {Session} */ s, /** @type {unknown} */ f) {
    const data = typeof f === 'string' ? f : JSON.stringify(f);
    for (const c of s.connections) c.send(data);
  }

  /**
   * Keep a conversation entry for history and snapshots.
   * @param {Session} s
   * @param {Record<string, any>} body  the StructuredMessage body as sent
   * @param {{ tracingId?: unknown, receivedAt?: number }} [extra]
   * @returns {import('./session.mjs').StoredMessage}
   */
  storeMessage(s, body, extra = {}) {
    const record = /** @type {import('./session.mjs').StoredMessage} */ ({
      ...structuredClone(body),
      metadata: { ...(body.metadata ?? {}) },
      tracingId: extra.tracingId ?? null,
      receivedAt: extra.receivedAt ?? Date.now(),
      receipt: null,
    });
    s.messages.push(record);
    return record;
  }

  /** Forget a session (clear, expiry, reset). Its sockets stay open but unconfigured. */
  deleteSession(/** @type {Session} */ s, /** @type {string} */ reason) {
    if (s.expiryTimer) clearTimeout(s.expiryTimer);
    s.expiryTimer = null;
    this.scripted.cancel(s);
    for (const c of [...s.connections]) unbind(c);
    this.store.delete(s.token);
    this.log(`session ${shortToken(s.token)} ${reason}`);
    this.events.emit('session', { event: reason, token: s.token });
  }

  /** SessionExpiredEvent, then the token is dead: configureSession answers 4007. */
  expireSession(/** @type {Session} */ s, reason = 'expired') {
    this.store.expired.add(s.token);
    this.broadcast(s, sessionExpiredEvent());
    this.deleteSession(s, reason === 'inactivity' ? 'expired' : reason);
  }

  /** @param {string} token */
  takeFailure(token) {
    const own = this.failures.byToken.get(token);
    if (own?.length) {
      const spec = own.shift();
      if (!own.length) this.failures.byToken.delete(token);
      return spec;
    }
    return this.failures.any.shift();
  }

  /** @param {FailureSpec} spec @param {unknown} tracingId */
  failureFrame(spec, tracingId) {
    const cls = spec.class ?? 'string';
    if (cls === 'TooManyRequestsErrorMessage') {
      const f = tooManyRequests(tracingId, spec.retryAfter ?? 1, typeof spec.body === 'string' ? spec.body : undefined);
      if (spec.code) f.code = spec.code;
      return f;
    }
    if (cls === 'string') {
      return stringError(spec.code ?? 400, typeof spec.body === 'string' ? spec.body : TEXT.requestFailed, tracingId);
    }
    return makeFrame('response', cls, spec.code ?? 400, spec.body ?? {}, tracingId);
  }

  /**
   * Resolve a control call's session: by token, or (token omitted) the most recently active one.
   * @param {string|undefined} token
   */
  sessionFor(token) {
    const s = token ? this.store.get(token) : this.store.latest();
    if (!s) throw new ControlError(404, token ? `Unknown session token ${token}` : 'No session');
    return s;
  }

  /**
   * Store and push an agent message (control API, console, scripted agent).
   * @param {Session} s
   * @param {{ text?: string, quickReplies?: { text: string, payload?: string, image?: string }[], raw?: Record<string, any>, nickname?: string, image?: string }} p
   */
  sendAgentMessage(s, p) {
    const time = s.nextTime();
    /** @type {Record<string, string>} */
    const from = { nickname: p.nickname ?? this.options.agentName };
    if (p.image) from.image = p.image;
    const qrs = Array.isArray(p.quickReplies) ? p.quickReplies : [];
    /** @type {Record<string, any>} */
    const body = {
      id: hexId(),
      type: qrs.length ? 'Structured' : 'Text',
      direction: 'Outbound',
      text: p.text ?? '',
    };
    if (qrs.length) {
      body.content = qrs.map((q) => ({
        contentType: 'QuickReply',
        quickReply: { text: q.text, payload: q.payload ?? q.text, action: 'Message', ...(q.image ? { image: q.image } : {}) },
      }));
    }
    body.channel = { time: isoTime(time), type: 'Private', from };
    body.originatingEntity = 'Human';
    body.metadata = { correlationId: uuid() };
    if (p.raw && typeof p.raw === 'object') Object.assign(body, structuredClone(p.raw));
    const record = this.storeMessage(s, body, { receivedAt: time });
    this.touch(s);
    this.broadcast(s, structuredMessage(body));
    this.events.emit('agent-message', { token: s.token, message: structuredClone(record) });
    return record;
  }

  /**
   * Outbound agent typing (§3.3a(d)); not stored.
   * @param {Session} s @param {{ duration?: number, field?: 'duration'|'durationMs' }} [p]
   */
  sendAgentTyping(s, p = {}) {
    const field = p.field === 'durationMs' ? 'durationMs' : 'duration';
    const body = {
      id: hexId(),
      type: 'Event',
      direction: 'Outbound',
      channel: { time: isoTime(s.nextTime()), messageId: uuid() },
      events: [{ eventType: 'Typing', typing: { type: 'On', [field]: p.duration ?? 5000 } }],
    };
    this.broadcast(s, structuredMessage(body));
    this.events.emit('agent-typing', { token: s.token, duration: p.duration ?? 5000 });
    return body;
  }

  /**
   * Outbound Presence Disconnect; with readOnly the conversation becomes read-only (§5.4).
   * @param {Session} s @param {boolean} readOnly
   */
  sendDisconnect(s, readOnly) {
    /** @type {Record<string, string>} */
    const metadata = { correlationId: uuid() };
    if (readOnly) metadata.readOnly = 'true';
    const time = s.nextTime();
    const body = {
      id: hexId(),
      type: 'Event',
      direction: 'Outbound',
      channel: { time: isoTime(time), messageId: uuid() },
      metadata,
      events: [{ eventType: 'Presence', presence: { type: 'Disconnect' } }],
    };
    const record = this.storeMessage(s, body, { receivedAt: time });
    if (readOnly) s.readOnly = true;
    this.scripted.cancel(s);
    this.broadcast(s, structuredMessage(body));
    this.events.emit('agent-message', { token: s.token, message: structuredClone(record) });
    this.events.emit('session', { event: readOnly ? 'read-only' : 'disconnected', token: s.token });
    return record;
  }

  /**
   * The agent has read the customer's messages up to `upTo` (default: all). Pushes a Read
   * receipt per newly read message (unverified, simulator-only) when receipts are on.
   * @param {Session} s @param {string} [upTo]
   */
  markCustomerRead(s, upTo) {
    const end = upTo ? s.indexOf(upTo) : s.messages.length - 1;
    /** @type {string[]} */
    const ids = [];
    for (const m of s.messages.slice(0, end + 1)) {
      if (m.direction !== 'Inbound' || m.type === 'Event' || m.receipt === 'Read') continue;
      m.receipt = 'Read';
      ids.push(m.id);
      if (this.options.receipts) this.broadcast(s, receiptFrame(s, m.id, 'Read'));
    }
    if (ids.length) this.events.emit('customer-read', { token: s.token, ids });
    return ids;
  }

  // ---------------------------------------------------------------- control API

  /**
   * Send a raw frame to every connection of a session, or to every guest connection.
   * A string is sent verbatim (malformed text is fine).
   * @param {{ token?: string, frame: unknown }} p
   */
  inject(p) {
    if (!p || p.frame === undefined) throw new ControlError(400, 'inject needs a frame');
    const targets = p.token ? this.sessionFor(p.token).connections : [...this.guests];
    const data = typeof p.frame === 'string' ? p.frame : JSON.stringify(p.frame);
    let sent = 0;
    for (const c of targets) if (c.send(data)) sent += 1;
    return { sent };
  }

  /** Terminate sockets abruptly (no close handshake). @param {{ token?: string }} [p] */
  drop(p = {}) {
    const targets = p.token ? [...this.sessionFor(p.token).connections] : [...this.guests];
    for (const c of targets) c.ws.terminate();
    this.log(`dropped ${targets.length} connection(s)`);
    return { dropped: targets.length };
  }

  /** Answer WebSocket upgrades with 503 for `ms` milliseconds. @param {{ ms?: number }} [p] */
  refuse(p = {}) {
    const ms = Number(p.ms ?? 0);
    this.refuseUntil = ms > 0 ? Date.now() + ms : 0;
    return { until: this.refuseUntil };
  }

  /** The next onMessage Text/Structured (of `token`, or of any session) gets this error. @param {FailureSpec} p */
  failNext(p) {
    if (!p || (p.code === undefined && p.class === undefined)) throw new ControlError(400, 'failNext needs a code or class');
    const spec = { code: p.code, body: p.body, class: p.class, retryAfter: p.retryAfter };
    if (p.token) {
      const list = this.failures.byToken.get(p.token) ?? [];
      list.push(spec);
      this.failures.byToken.set(p.token, list);
    } else this.failures.any.push(spec);
    return { queued: true };
  }

  /**
   * An Outbound message from the agent. With quickReplies it is Structured/QuickReply.
   * Without a token: the most recently active session.
   * @param {{ token?: string, text?: string, quickReplies?: { text: string, payload?: string, image?: string }[], raw?: Record<string, any>, nickname?: string, image?: string }} p
   */
  agentMessage(p = {}) {
    return this.sendAgentMessage(this.sessionFor(p.token), p);
  }

  /** @param {{ token?: string, duration?: number, field?: 'duration'|'durationMs' }} [p] */
  agentTyping(p = {}) {
    return this.sendAgentTyping(this.sessionFor(p.token), p);
  }

  /** The agent read the customer's messages (up to `upTo`, default all). @param {{ token?: string, upTo?: string }} [p] */
  agentRead(p = {}) {
    return { ids: this.markCustomerRead(this.sessionFor(p.token), p.upTo) };
  }

  /** Outbound Presence Disconnect. @param {{ token?: string, readOnly?: boolean }} [p] */
  disconnect(p = {}) {
    return this.sendDisconnect(this.sessionFor(p.token), p.readOnly !== false);
  }

  /** SessionExpiredEvent + forget the session; its token then gets 4007. @param {{ token?: string }} [p] */
  expire(p = {}) {
    const s = this.sessionFor(p.token);
    this.expireSession(s);
    return { expired: s.token };
  }

  /** Snapshot of every session, oldest first. */
  sessions() {
    return this.store.all().map((s) => s.snapshot());
  }

  /** Forget all sessions, queued failures, refusals and options set by control calls. */
  reset() {
    this.scripted.cancelAll();
    for (const s of this.store.all()) if (s.expiryTimer) clearTimeout(s.expiryTimer);
    for (const c of this.guests) c.session = null;
    this.store.clear();
    this.failures = { any: [], byToken: new Map() };
    this.refuseUntil = 0;
    this.options = tunables(this.initialOptions);
    this.setFaults(this.options.faults);
    this.events.emit('options', { receipts: this.options.receipts, scriptedAgent: this.options.scriptedAgent });
    this.events.emit('session', { event: 'reset', token: null });
    return { ok: true };
  }

  /**
   * Change options at run time. `config` is deep-merged over the current overrides.
   * `faults` replaces the fault settings as a whole and reseeds them (null turns them off).
   * @param {{ ratePerSecond?: number, receipts?: boolean, scriptedAgent?: boolean, config?: Record<string, any>, agentName?: string, agentDelays?: AgentDelays, durationSeconds?: number, allowedOrigins?: string[]|null, faults?: import('./faults.mjs').FaultOptions|null }} [p]
   */
  setOptions(p = {}) {
    const o = this.options;
    if (p.ratePerSecond !== undefined) {
      o.ratePerSecond = Number(p.ratePerSecond);
      for (const s of this.store.all()) s.bucket.setRate(o.ratePerSecond);
    }
    if (p.receipts !== undefined) o.receipts = Boolean(p.receipts);
    if (p.scriptedAgent !== undefined) {
      o.scriptedAgent = Boolean(p.scriptedAgent);
      if (!o.scriptedAgent) this.scripted.cancelAll();
    }
    if (p.agentName !== undefined) o.agentName = String(p.agentName);
    if (p.agentDelays !== undefined) o.agentDelays = { ...o.agentDelays, ...p.agentDelays };
    if (p.durationSeconds !== undefined) o.durationSeconds = Number(p.durationSeconds);
    if (p.config !== undefined) o.config = deepMerge(o.config, p.config);
    if (p.allowedOrigins !== undefined) o.allowedOrigins = p.allowedOrigins ? [...p.allowedOrigins] : undefined;
    if (p.faults !== undefined) {
      o.faults = p.faults ? { ...p.faults } : null;
      this.setFaults(o.faults);
    }
    this.events.emit('options', { receipts: o.receipts, scriptedAgent: o.scriptedAgent });
    return structuredClone(o);
  }

  /** How many times each fault fired since the faults were last set. */
  faultStats() {
    return { ...this.faults.stats };
  }

  /** @param {import('./faults.mjs').FaultOptions | null} options */
  setFaults(options) {
    // Frames held back by the old settings go out now rather than never.
    for (const c of this.guests) this.faults.flush(c);
    this.faults = new Faults(options);
  }

  /** Close everything; resolves once the HTTP server is closed. */
  async close() {
    this.scripted.cancelAll();
    this.refuseUntil = 0;
    for (const s of this.store.all()) if (s.expiryTimer) clearTimeout(s.expiryTimer);
    this.consoles.close();
    for (const ws of this.guestWss.clients) ws.terminate();
    for (const ws of this.agentWss.clients) ws.terminate();
    await Promise.all([
      new Promise((r) => this.guestWss.close(() => r(undefined))),
      new Promise((r) => this.agentWss.close(() => r(undefined))),
      new Promise((r) => {
        if (!this.server.listening) return r(undefined);
        this.server.close(() => r(undefined));
        this.server.closeAllConnections();
      }),
    ]);
    this.events.removeAllListeners();
    this.log('closed');
  }
}

/**
 * Start a simulator and resolve once it listens.
 * @param {SimulatorOptions} [options]
 * @returns {Promise<Simulator>}
 */
export async function startSimulator(options = {}) {
  const sim = new Simulator(options);
  return sim.listen();
}
