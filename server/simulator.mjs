// Local Genesys Cloud Web Messaging simulator: the guest WebSocket API (/v1), the REST
// calls around it (history, config.json), an agent console (/agent), a scripted agent for
// the demo, and a control API for tests (methods here, and POST /__sim/<method> over HTTP).
//
//   const sim = await startSimulator({ port: 0 });
//   // sim.wsUrl -> ws://127.0.0.1:PORT/v1, sim.apiUrl -> http://127.0.0.1:PORT
//   await sim.agentMessage({ token, text: 'Hello!' });
//   await sim.close();
//
// Faithful to the guest protocol as docs/protocol.md describes it; simulator-only behaviour (the control
// API, fault injection) is labelled as such.
//
// It knows which deployments exist, as the real service does: the demo's (DEMO_DEPLOYMENTS),
// those in options.deployments, and any added through the control API (addDeployment,
// setConfig) or the agent console's settings. An unknown id gets what the real service gives:
// config.json answers 404 and the socket's configure is refused (see refuseUnknownDeployment
// in guest-protocol.mjs). `deployments: 'any'` serves every id (tests that make ids up). Behaviour the real service is not known to have
// (server-sent Receipt frames to the guest, `receipts: true`) is opt-in and labelled unverified.

import { EventEmitter } from 'node:events';
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';

import { Session, SessionStore } from './session.mjs';
import { GuestConnection, attachGuestConnection, receiptFrame, shortToken, unbind } from './guest-protocol.mjs';
import { deepMerge, defaultDeploymentConfig, disconnectIsReadOnly } from './config.mjs';
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
import { AUTH_JWT_SECONDS, AuthService } from './auth.mjs';
import { AttachmentStore, DOWNLOAD_URL_SECONDS, agentAttachment } from './attachments.mjs';

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
 * @property {number} [authJwtSeconds] lifetime of the authenticated-messaging JWT (default 900 = 15 min)
 * @property {{ root: string, mounts?: Record<string, string> }} [static] serve files from this root for other GETs;
 *   `mounts` serves a path prefix from another folder instead (`{ '/docs/': 'dist-docs' }`)
 * @property {(line: string) => void} [log]
 * @property {number} [downloadUrlSeconds] lifetime of attachment download URLs (default 600); 403 after
 * @property {number} [uploadDelayMs] simulator-only: every upload PUT is answered (and its event sent) this late (default 0)
 * @property {Record<string, any>} [config] partial deployment config, deep-merged over the default
 * @property {'any' | string[]} [deployments] the deployment ids served besides DEMO_DEPLOYMENTS (and
 *   those added at run time); 'any' serves every id, as the simulator did before it knew its
 *   deployments: for callers that make an id up per test. Default: DEMO_DEPLOYMENTS only.
 * @property {string[]} [allowedOrigins] when set, other Origins get 403 on the /v1 upgrade
 * @property {import('./faults.mjs').FaultOptions | null} [faults] fault injection (simulator-only, default off):
 *   duplicated and reordered frames, sockets dropped around a stored message, random 429s,
 *   failing history calls; and the real service's unkindness: untagged error frames, swallowed
 *   echoes, filtered metadata, token calls failing, every configure expired, final refusals,
 *   a slow config.json; seeded.
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

/**
 * @typedef {object} DeploymentOverride  what config.json answers for one deployment id (simulator-only)
 * @property {Record<string, any>} [patch]  deep-merged over the defaults and options.config
 * @property {string} [raw]                 answer exactly this body instead (malformed JSON, hostile objects…)
 * @property {number} [status]              HTTP status (default 200)
 * @property {number} [delayMs]             answer after this long
 * @property {string} [contentType]         raw mode only (default application/json; charset=utf-8)
 */

/**
 * @typedef {object} SetConfigParams  control method setConfig (POST /__sim/setConfig)
 * @property {string} deploymentId
 * @property {Record<string, any>|null} [config]  patch over defaults + options.config; null (or nothing) removes the override
 * @property {string} [raw]          serve this body verbatim (raw mode); the server then behaves as with no override
 * @property {number} [status]       HTTP status of config.json (default 200)
 * @property {number} [delayMs]      delay before config.json answers
 * @property {string} [contentType]  raw mode only
 */

/**
 * The deployments every simulator serves: the demo's (index.html, the agent console's default
 * in demo/agent.html). Others come from options.deployments or the control API.
 */
export const DEMO_DEPLOYMENTS = Object.freeze(['demo-deployment']);

/** The agent's avatar, served by the simulator (demo/agent-avatar.svg). */
export const AGENT_AVATAR_PATH = '/demo/agent-avatar.svg';

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
    authJwtSeconds: o.authJwtSeconds ?? AUTH_JWT_SECONDS,
    config: structuredClone(o.config ?? {}),
    allowedOrigins: o.allowedOrigins ? [...o.allowedOrigins] : undefined,
    faults: o.faults ? { ...o.faults } : null,
    downloadUrlSeconds: o.downloadUrlSeconds ?? DOWNLOAD_URL_SECONDS,
    uploadDelayMs: o.uploadDelayMs ?? 0,
    deployments: deploymentsOption(o.deployments),
  };
}

/** @param {unknown} v @returns {'any' | string[]} */
function deploymentsOption(v) {
  if (v === undefined || v === null) return [];
  if (v === 'any') return 'any';
  if (Array.isArray(v) && v.every((id) => typeof id === 'string' && id)) return [...v];
  throw new ControlError(400, "deployments must be 'any' or a list of deployment ids");
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
    /** @type {Record<string, string>} path prefix ('/docs/') -> folder */
    this.staticMounts = options.static?.mounts ?? {};
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
    /** Authenticated messaging: token endpoints, identity provider, signed-in sessions (auth.mjs). */
    this.auth = new AuthService(this);
    /** Per-deployment config.json overrides (setDeploymentConfig). @type {Map<string, DeploymentOverride>} */
    this.deploymentConfigs = new Map();
    /** How many times config.json was requested, per deployment id. @type {Map<string, number>} */
    this.configFetchCounts = new Map();
    /** Deployments added at run time (addDeployment, setConfig, the console). @type {Set<string>} */
    this.addedDeployments = new Set();
    /** Deployments removed at run time (removeDeployment): unknown even under 'any'. @type {Set<string>} */
    this.removedDeployments = new Set();
    /** Uploaded and agent attachments, in memory (attachments.mjs). */
    this.attachments = new AttachmentStore();

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
        const conn = new GuestConnection(ws, {
          deploymentId,
          origin,
          host: typeof req.headers.host === 'string' ? req.headers.host : undefined,
          remote: req.socket.remoteAddress,
          faults: () => this.faults,
        });
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

  /**
   * The deployment config for a deployment id: defaults, deep-merged with options.config, then
   * with this deployment's override (setDeploymentConfig). A raw override only changes what
   * config.json answers; the server itself then behaves as without an override.
   */
  configFor(/** @type {string} */ deploymentId) {
    const base = defaultDeploymentConfig({
      deploymentId,
      httpUrl: this.httpUrl,
      wsOrigin: this.wsUrl.replace(/\/v1$/, ''),
      durationSeconds: this.options.durationSeconds,
    });
    const merged = deepMerge(base, this.options.config);
    const patch = this.deploymentConfigs.get(deploymentId)?.patch;
    return patch ? deepMerge(merged, patch) : merged;
  }

  /**
   * Set what config.json answers (and what the server honours) for one deployment id.
   * A patch object is deep-merged over the defaults + options.config and replaces any earlier
   * override of that id; `null` removes the override. `{ raw, status?, delayMs?, contentType? }`
   * (raw a string) answers exactly that body. `opts` adds a status or delay to a patch.
   * @param {string} deploymentId
   * @param {Record<string, any>|{ raw: string, status?: number, delayMs?: number, contentType?: string }|null} patch
   * @param {{ status?: number, delayMs?: number }} [opts]
   * @returns {DeploymentOverride|null}
   */
  setDeploymentConfig(deploymentId, patch, opts = {}) {
    if (typeof deploymentId !== 'string' || !deploymentId) throw new ControlError(400, 'setConfig needs a deploymentId');
    const status = optionalInt(patch && typeof patch.raw === 'string' ? patch.status : opts.status, 'status', 100, 599);
    const delayMs = optionalInt(patch && typeof patch.raw === 'string' ? patch.delayMs : opts.delayMs, 'delayMs', 0, 600_000);
    /** @type {DeploymentOverride|null} */
    let override;
    if (patch === null || patch === undefined) {
      override = status === undefined && delayMs === undefined ? null : {};
    } else if (typeof patch !== 'object' || Array.isArray(patch)) {
      throw new ControlError(400, 'config must be an object or null');
    } else if (typeof patch.raw === 'string') {
      override = { raw: patch.raw };
      if (patch.contentType !== undefined) override.contentType = String(patch.contentType);
    } else {
      override = { patch: deepMerge({}, patch) };
    }
    if (override) {
      if (status !== undefined) override.status = status;
      if (delayMs !== undefined) override.delayMs = delayMs;
      this.deploymentConfigs.set(deploymentId, override);
      // Configuring a deployment (a test, the agent console) makes it one the simulator serves.
      this.addDeployment({ deploymentId });
    } else {
      this.deploymentConfigs.delete(deploymentId);
    }
    this.events.emit('deployment-config', { deploymentId });
    return override ? structuredClone(override) : null;
  }

  /**
   * Does this deployment exist? The demo's, options.deployments' (every id under 'any') and
   * those added at run time, unless removed at run time.
   * @param {string} deploymentId
   */
  knowsDeployment(deploymentId) {
    if (this.removedDeployments.has(deploymentId)) return false;
    const listed = this.options.deployments;
    return listed === 'any' || DEMO_DEPLOYMENTS.includes(deploymentId) || listed.includes(deploymentId) || this.addedDeployments.has(deploymentId);
  }

  /** config.json was requested for this deployment id (rest.mjs). */
  countConfigFetch(/** @type {string} */ deploymentId) {
    this.configFetchCounts.set(deploymentId, (this.configFetchCounts.get(deploymentId) ?? 0) + 1);
  }

  /**
   * The agent as the guest sees them (`channel.from`): nickname and avatar. The avatar URL is
   * absolute on the simulator's origin, spelt with the host the guest connected to (so that
   * a page on localhost gets a localhost URL, which its CSP's 'self' allows).
   * @param {Session} [s]
   * @param {{ nickname?: string, image?: string }} [p]
   * @returns {Record<string, string>}
   */
  agentFrom(s, p = {}) {
    return { nickname: p.nickname ?? this.options.agentName, image: p.image ?? this.avatarUrl(s) };
  }

  /** Absolute URL of the agent avatar. @param {Session} [s] */
  avatarUrl(s) {
    return this.publicUrl(s, AGENT_AVATAR_PATH);
  }

  /**
   * Absolute URL of a file this simulator serves (the avatar, the demo's card pictures), on
   * the host the guest connected to, as agentFrom's avatar. @param {Session|undefined} s @param {string} path
   */
  publicUrl(s, path) {
    const host = s?.connections.at(-1)?.host ?? s?.host;
    const local = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/i.exec(host ?? '');
    const base = local && (local[2] === undefined ? this.port === 80 : Number(local[2].slice(1)) === this.port) ? `http://${host}` : this.httpUrl;
    return `${base}${path}`;
  }

  /** @param {string} token @param {string} deploymentId @param {string} [host] Host header the guest connected with */
  createSession(token, deploymentId, host) {
    const s = new Session({ token, deploymentId, ratePerSecond: this.options.ratePerSecond });
    s.host = host;
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
    const s = token ? this.auth.sessionOf(token) : this.store.latest();
    if (!s) throw new ControlError(404, token ? `Unknown session token ${token}` : 'No session');
    return s;
  }

  /**
   * Store and push an agent message (control API, console, scripted agent).
   * @param {Session} s
   * @param {{ text?: string, quickReplies?: { text: string, payload?: string, image?: string }[], raw?: Record<string, any>, content?: Record<string, any>[], nickname?: string, image?: string, attachment?: { filename?: string, mime?: string, bytesBase64?: string } }} p
   *   content: Card/Carousel items in the real shapes, before any quick replies
   */
  sendAgentMessage(s, p) {
    const time = s.nextTime();
    const from = this.agentFrom(s, p);
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
    if (Array.isArray(p.content) && p.content.length) {
      // Cards and carousels (demo-content.mjs builds them): a Structured message, as bots send (§3.3a(f)).
      body.type = 'Structured';
      body.content = [...structuredClone(p.content), ...(body.content ?? [])];
    }
    body.channel = { time: isoTime(time), type: 'Private', from };
    body.originatingEntity = 'Human';
    body.metadata = { correlationId: uuid() };
    if (p.attachment && typeof p.attachment === 'object') {
      // An agent's file, served by the simulator (attachments.mjs).
      body.content = [...(body.content ?? []), agentAttachment(this, s, p.attachment)];
    }
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
   * Would ending this session's conversation make it read-only? Per its deployment's
   * conversationDisconnect (§5.4): ReadOnly (and enabled) yes; Send or disabled no.
   * @param {Session} s
   */
  disconnectReadOnly(s) {
    return disconnectIsReadOnly(this.configFor(s.deploymentId));
  }

  /**
   * Outbound Presence Disconnect; with readOnly the conversation becomes read-only (§5.4).
   * Without readOnly the customer may keep writing on the same session.
   * `readOnly` undefined: as the deployment's conversationDisconnect says.
   * @param {Session} s @param {boolean|undefined} readOnly
   * @param {Record<string, string>} [from]  the agent who ended it (channel.from)
   */
  sendDisconnect(s, readOnly, from) {
    const ro = readOnly ?? this.disconnectReadOnly(s);
    /** @type {Record<string, string>} */
    const metadata = { correlationId: uuid() };
    if (ro) metadata.readOnly = 'true';
    const record = this.sendPresence(s, 'Disconnect', { metadata, from });
    s.agentJoined = false;
    if (ro) s.readOnly = true;
    this.scripted.cancel(s);
    this.events.emit('session', { event: ro ? 'read-only' : 'disconnected', token: s.token });
    return record;
  }

  /**
   * Outbound Presence event (Join, Disconnect), stored for history and pushed.
   * @param {Session} s @param {'Join'|'Disconnect'} type
   * @param {{ metadata?: Record<string, string>, from?: Record<string, string> }} [p]
   */
  sendPresence(s, type, p = {}) {
    const time = s.nextTime();
    /** @type {Record<string, any>} */
    const channel = { time: isoTime(time), messageId: uuid() };
    if (p.from) channel.from = { ...p.from };
    const body = {
      id: hexId(),
      type: 'Event',
      direction: 'Outbound',
      channel,
      originatingEntity: 'Human',
      metadata: p.metadata ?? { correlationId: uuid() },
      events: [{ eventType: 'Presence', presence: { type } }],
    };
    const record = this.storeMessage(s, body, { receivedAt: time });
    this.touch(s);
    this.broadcast(s, structuredMessage(body));
    this.events.emit('agent-message', { token: s.token, message: structuredClone(record) });
    return record;
  }

  /**
   * The agent joins the conversation: Outbound Presence Join with the agent's from.
   * @param {Session} s @param {{ nickname?: string, image?: string }} [p]
   */
  sendAgentJoin(s, p = {}) {
    const record = this.sendPresence(s, 'Join', { from: this.agentFrom(s, p) });
    s.agentJoined = true;
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
   * With `attachment: { filename, mime, bytesBase64 }` it carries a file the simulator serves.
   * @param {{ token?: string, text?: string, quickReplies?: { text: string, payload?: string, image?: string }[], raw?: Record<string, any>, nickname?: string, image?: string, attachment?: { filename?: string, mime?: string, bytesBase64?: string } }} p
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

  /**
   * Outbound Presence Disconnect (the flow ends the conversation). Read-only as the session's
   * deployment says (conversationDisconnect ReadOnly vs Send) unless `readOnly` overrides it.
   * @param {{ token?: string, readOnly?: boolean }} [p]
   */
  disconnect(p = {}) {
    return this.sendDisconnect(this.sessionFor(p.token), typeof p.readOnly === 'boolean' ? p.readOnly : undefined);
  }

  /**
   * The agent joins: Outbound Presence Join whose channel.from has the nickname and avatar.
   * @param {{ token?: string, nickname?: string, image?: string }} [p]
   */
  agentJoin(p = {}) {
    return this.sendAgentJoin(this.sessionFor(p.token), p);
  }

  /**
   * The agent leaves: Outbound Presence Disconnect with the agent's from, without readOnly
   * unless `readOnly: true` (then the conversation becomes read-only).
   * @param {{ token?: string, nickname?: string, image?: string, readOnly?: boolean }} [p]
   */
  agentLeave(p = {}) {
    const s = this.sessionFor(p.token);
    return this.sendDisconnect(s, p.readOnly === true, this.agentFrom(s, p));
  }

  /**
   * Control method: set (or remove) the config.json override of a deployment id.
   * @param {SetConfigParams} p
   */
  setConfig(p) {
    if (!p || typeof p !== 'object') throw new ControlError(400, 'setConfig needs { deploymentId }');
    const spec =
      p.raw !== undefined
        ? { raw: String(p.raw), status: p.status, delayMs: p.delayMs, contentType: p.contentType }
        : p.config ?? null;
    const override = this.setDeploymentConfig(p.deploymentId, spec, { status: p.status, delayMs: p.delayMs });
    return {
      deploymentId: p.deploymentId,
      override,
      config: override?.raw !== undefined ? null : this.configFor(p.deploymentId),
    };
  }

  /**
   * How many times config.json was requested: for one deployment id (`count`), and all (`counts`).
   * @param {{ deploymentId?: string }} [p]
   */
  configFetches(p = {}) {
    const counts = Object.fromEntries(this.configFetchCounts);
    const count = p.deploymentId !== undefined ? counts[p.deploymentId] ?? 0 : Object.values(counts).reduce((a, b) => a + b, 0);
    return { count, counts };
  }

  /**
   * Control method: the simulator serves this deployment from now on (until reset), with
   * `config` as its config.json override if given (as setConfig).
   * @param {{ deploymentId: string, config?: Record<string, any> }} p
   */
  addDeployment(p) {
    const id = p?.deploymentId;
    if (typeof id !== 'string' || !id) throw new ControlError(400, 'addDeployment needs a deploymentId');
    this.removedDeployments.delete(id);
    this.addedDeployments.add(id);
    if (p.config !== undefined && p.config !== null) this.setDeploymentConfig(id, p.config);
    return this.deployments();
  }

  /**
   * Control method: the simulator no longer knows this deployment (until reset), even under
   * `deployments: 'any'`: config.json answers 404 and configures are refused, as for an id
   * that never existed. Its config override goes; sessions already open stay.
   * @param {{ deploymentId: string }} p
   */
  removeDeployment(p) {
    const id = p?.deploymentId;
    if (typeof id !== 'string' || !id) throw new ControlError(400, 'removeDeployment needs a deploymentId');
    this.addedDeployments.delete(id);
    this.removedDeployments.add(id);
    if (this.deploymentConfigs.delete(id)) this.events.emit('deployment-config', { deploymentId: id });
    return this.deployments();
  }

  /** Control method: the deployments served (`any`: every id but `removed`). */
  deployments() {
    const listed = this.options.deployments;
    const ids = new Set([...DEMO_DEPLOYMENTS, ...(listed === 'any' ? [] : listed), ...this.addedDeployments]);
    for (const id of this.removedDeployments) ids.delete(id);
    return { any: listed === 'any', ids: [...ids].sort(), removed: [...this.removedDeployments].sort() };
  }

  /**
   * The next upload PUT (of `token`, or of any session) is answered by UploadFailureEvent
   * with `errorCode` (default 4003) instead of UploadSuccessEvent.
   * @param {{ token?: string, errorCode?: number }} [p]
   */
  failNextUpload(p = {}) {
    const errorCode = p.errorCode === undefined ? 4003 : optionalInt(p.errorCode, 'errorCode', 1, 99999);
    this.attachments.failures.push({ token: p.token, errorCode: /** @type {number} */ (errorCode) });
    return { queued: true };
  }

  /** Upload PUTs seen (with their headers and HTTP status), and the attachments kept. */
  uploadStats() {
    return {
      puts: structuredClone(this.attachments.puts),
      attachments: [...this.attachments.items.values()].map((a) => ({ id: a.id, token: a.token, fileName: a.fileName, fileType: a.fileType, fileSize: a.fileSize, status: a.status, direction: a.direction })),
    };
  }

  /** SessionExpiredEvent + forget the session; its token then gets 4007. @param {{ token?: string }} [p] */
  expire(p = {}) {
    const s = this.sessionFor(p.token);
    this.expireSession(s);
    return { expired: s.token };
  }

  /** Snapshot of every session, oldest first; `authenticated` is who signed in (null: a guest). */
  sessions() {
    return this.store.all().map((s) => ({ ...s.snapshot(), authenticated: this.auth.identityOf(s) }));
  }

  /**
   * An authorization code of the simulated identity provider, as its sign-in form issues them
   * (single use, 5 minutes, bound to redirectUri and the nonce and S256 code challenge if given).
   * Without name and email: Jordan Lee, jordan@example.com. `sub` defaults to the email.
   * @param {{ redirectUri: string, sub?: string, name?: string, email?: string, nonce?: string, codeChallenge?: string }} p
   */
  issueCode(p) {
    return this.auth.issueCode(p);
  }

  /** The next token exchange or refresh answers a raw body (hostile-input tests). @param {any} p */
  authFault(p) {
    return this.auth.setFault(p);
  }

  /** Authenticated messaging: token requests counted, and the exchange/refresh bodies as received. */
  authStats() {
    return this.auth.statsSnapshot();
  }

  /** Forget all sessions, queued failures, refusals, options set by control calls, config overrides, deployments added or removed, and fetch counts. */
  reset() {
    this.scripted.cancelAll();
    for (const s of this.store.all()) if (s.expiryTimer) clearTimeout(s.expiryTimer);
    for (const c of this.guests) c.session = null;
    this.store.clear();
    this.failures = { any: [], byToken: new Map() };
    this.refuseUntil = 0;
    this.deploymentConfigs.clear();
    this.configFetchCounts.clear();
    this.addedDeployments.clear();
    this.removedDeployments.clear();
    this.auth.reset();
    this.attachments.clear();
    this.options = tunables(this.initialOptions);
    this.setFaults(this.options.faults);
    this.events.emit('options', { receipts: this.options.receipts, scriptedAgent: this.options.scriptedAgent });
    this.events.emit('session', { event: 'reset', token: null });
    this.events.emit('deployment-config', { deploymentId: null });
    return { ok: true };
  }

  /**
   * Change options at run time. `config` is deep-merged over the current overrides.
   * `faults` replaces the fault settings as a whole and reseeds them (null turns them off).
   * `deployments` replaces options.deployments ('any', or the ids served besides the demo's).
   * @param {{ deployments?: 'any' | string[], ratePerSecond?: number, receipts?: boolean, scriptedAgent?: boolean, config?: Record<string, any>, agentName?: string, agentDelays?: AgentDelays, durationSeconds?: number, authJwtSeconds?: number, downloadUrlSeconds?: number, uploadDelayMs?: number, allowedOrigins?: string[]|null, faults?: import('./faults.mjs').FaultOptions|null }} [p]
   */
  setOptions(p = {}) {
    const o = this.options;
    // Checked first: a bad list (400) changes nothing.
    if (p.deployments !== undefined) o.deployments = deploymentsOption(p.deployments);
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
    if (p.authJwtSeconds !== undefined) {
      const n = Number(p.authJwtSeconds);
      if (!(Number.isFinite(n) && n > 0)) throw new ControlError(400, 'authJwtSeconds must be a positive number');
      o.authJwtSeconds = n;
    }
    if (p.downloadUrlSeconds !== undefined) o.downloadUrlSeconds = Math.max(0, Number(p.downloadUrlSeconds) || 0);
    if (p.uploadDelayMs !== undefined) o.uploadDelayMs = Math.max(0, Number(p.uploadDelayMs) || 0);
    if (p.config !== undefined) o.config = deepMerge(o.config, p.config);
    if (p.allowedOrigins !== undefined) o.allowedOrigins = p.allowedOrigins ? [...p.allowedOrigins] : undefined;
    if (p.faults !== undefined) {
      // Built first: an invalid fault option (400) leaves the current settings in place.
      const faults = p.faults ? { ...p.faults } : null;
      this.setFaults(faults);
      o.faults = faults;
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
    const next = new Faults(options);
    // Frames held back by the old settings go out now rather than never.
    for (const c of this.guests) this.faults.flush(c);
    this.faults = next;
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
 * An optional whole number within bounds (control input).
 * @param {unknown} v @param {string} name @param {number} min @param {number} max
 * @returns {number|undefined}
 */
function optionalInt(v, name, min, max) {
  if (v === undefined || v === null) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new ControlError(400, `${name} must be a whole number from ${min} to ${max}`);
  return n;
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
