// The guest WebSocket endpoint (/v1): decodes client frames, keys on `action`, and
// answers the way the real service does (protocol §2, §3, §5). Nothing a client sends
// may crash the server: every failure becomes an error frame.

import {
  TEXT,
  ALLOWED_MEDIA,
  BLOCKED_EXTENSIONS,
  connectionClosedEvent,
  frame,
  hexId,
  isoTime,
  jwtResponse,
  makeJwt,
  sessionClearedEvent,
  sessionExpiredEvent,
  sessionResponse,
  stringError,
  structuredMessage,
  tooManyRequests,
  uuid,
} from './frames.mjs';
import { conversationsOf } from './config.mjs';
import { AUTH_TEXT, aliasesOf } from './auth.mjs';
import { attachmentAction, fileRules, resolveContent, sessionMedia } from './attachments.mjs';

/** @typedef {import('./simulator.mjs').Simulator} Simulator */
/** @typedef {import('./session.mjs').Session} Session */
/** @typedef {import('./session.mjs').StoredMessage} StoredMessage */

export const MAX_CONNECTIONS_PER_SESSION = 3;
export const MAX_TEXT_LENGTH = 4096;
export const MAX_CUSTOM_DATA_BYTES = 2048;
export const MAX_TOKEN_LENGTH = 2048;
/** getJwt lifetime (seconds). Unconfirmed for the guest JWT (protocol §8.6). */
export const JWT_LIFETIME_SECONDS = 15 * 60;

let connectionCounter = 0;

/** One guest WebSocket. `session` is set once configureSession succeeded on it. */
export class GuestConnection {
  /**
   * @param {import('ws').WebSocket} ws
   * @param {{ deploymentId: string, origin?: string, host?: string, remote?: string, faults?: () => import('./faults.mjs').Faults }} info
   *   `faults` returns the simulator's current fault settings (see faults.mjs)
   */
  constructor(ws, info) {
    this.id = ++connectionCounter;
    this.ws = ws;
    this.deploymentId = info.deploymentId;
    this.origin = info.origin;
    /** Host header of the upgrade (the agent avatar URL is spelt with it) */
    this.host = info.host;
    this.remote = info.remote;
    this.openedAt = Date.now();
    /** @type {Session|null} */
    this.session = null;
    this.faults = info.faults;
    /** A frame the reorder fault holds back until the next one. @type {{ data: string, timer: NodeJS.Timeout } | null} */
    this.held = null;
    /**
     * Frames (and a pending close) the deliveryJitterMs fault delays, oldest first, each with
     * the time it may go out; never reordered among themselves.
     * @type {{ at: number, data?: string, close?: [number, string] }[]}
     */
    this.delayed = [];
    /** @type {NodeJS.Timeout | null} */
    this.delayTimer = null;
  }

  /** Send a frame object (JSON-encoded) or a raw string verbatim, through the frame faults if any. */
  send(/** @type {unknown} */ data) {
    const text = typeof data === 'string' ? data : JSON.stringify(data);
    const faults = this.faults?.();
    return faults ? faults.deliver(this, text) : this.write(text);
  }

  /** Write a serialised frame now, bypassing faults (but behind any frame already delayed). */
  write(/** @type {string} */ text) {
    if (!this.isOpen()) return false;
    if (this.delayed.length) return this.writeAfter(text, 0);
    this.ws.send(text);
    return true;
  }

  /**
   * Write a frame `ms` from now, and never before a frame delayed earlier: a WebSocket is
   * ordered, so a delay holds back everything behind it (the deliveryJitterMs fault).
   * @param {string} text @param {number} ms
   */
  writeAfter(text, ms) {
    if (!this.isOpen()) return false;
    const last = this.delayed.at(-1)?.at ?? 0;
    this.delayed.push({ at: Math.max(last, Date.now() + Math.max(0, ms)), data: text });
    this.#schedule();
    return true;
  }

  /** Write every delayed frame now, in order (before the socket is terminated on purpose). */
  flushDelayed() {
    const items = this.delayed;
    this.delayed = [];
    if (this.delayTimer) clearTimeout(this.delayTimer);
    this.delayTimer = null;
    for (const item of items) this.#emit(item);
  }

  #schedule() {
    if (this.delayTimer || !this.delayed.length) return;
    this.delayTimer = setTimeout(() => {
      this.delayTimer = null;
      if (!this.isOpen() && this.ws.readyState !== this.ws.CONNECTING) {
        this.delayed = []; // the socket is gone: so are the frames still on the wire
        return;
      }
      const now = Date.now();
      while (this.delayed.length && this.delayed[0].at <= now) this.#emit(/** @type {any} */ (this.delayed.shift()));
      this.#schedule();
    }, Math.max(0, this.delayed[0].at - Date.now()));
    this.delayTimer.unref?.();
  }

  /** @param {{ data?: string, close?: [number, string] }} item */
  #emit(item) {
    if (item.close) this.#closeNow(...item.close);
    else if (item.data !== undefined && this.isOpen()) this.ws.send(item.data);
  }

  isOpen() {
    return this.ws.readyState === this.ws.OPEN;
  }

  /** Close with the normal close handshake, after any frame still delayed (as a socket would). */
  close(code = 1000, reason = '') {
    if (this.delayed.length) {
      this.delayed.push({ at: /** @type {any} */ (this.delayed.at(-1)).at, close: [code, reason] });
      this.#schedule();
      return;
    }
    this.#closeNow(code, reason);
  }

  /** @param {number} code @param {string} reason */
  #closeNow(code, reason) {
    if (this.ws.readyState === this.ws.OPEN || this.ws.readyState === this.ws.CONNECTING) this.ws.close(code, reason);
  }

  get label() {
    return `#${this.id}${this.session ? ` token=${shortToken(this.session.token)}` : ''}`;
  }
}

/** @param {string} token */
export const shortToken = (token) => (token.length > 12 ? `${token.slice(0, 8)}…` : token);

/** @param {unknown} v */
const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * UTF-8 bytes of keys + values, the way MT counts custom attributes.
 * @param {Record<string, unknown>} attrs
 */
export function customAttributeBytes(attrs) {
  let n = 0;
  for (const [k, v] of Object.entries(attrs)) {
    n += Buffer.byteLength(k, 'utf8');
    n += Buffer.byteLength(typeof v === 'string' ? v : JSON.stringify(v) ?? '', 'utf8');
  }
  return n;
}

/**
 * Wire a freshly upgraded guest socket.
 * @param {Simulator} sim
 * @param {GuestConnection} conn
 */
export function attachGuestConnection(sim, conn) {
  sim.guests.add(conn);
  sim.log(`guest ${conn.label} open deploymentId=${conn.deploymentId}${conn.origin ? ` origin=${conn.origin}` : ''}`);
  sim.events.emit('connection', { event: 'open', connectionId: conn.id, token: null });

  conn.ws.on('message', (data, isBinary) => {
    try {
      handleFrame(sim, conn, isBinary ? null : data.toString('utf8'));
    } catch (err) {
      // A bug in the simulator must not take the server down: answer 5000 like the real service.
      sim.log(`guest ${conn.label} internal error: ${/** @type {Error} */ (err)?.stack ?? err}`);
      conn.send(stringError(5000, TEXT.requestFailed));
    }
  });
  conn.ws.on('error', (err) => sim.log(`guest ${conn.label} socket error: ${err.message}`));
  conn.ws.on('close', (code) => {
    sim.guests.delete(conn);
    const session = conn.session;
    unbind(conn);
    sim.log(`guest ${conn.label} closed code=${code}`);
    sim.events.emit('connection', {
      event: 'close',
      connectionId: conn.id,
      token: session?.token ?? null,
      connections: session?.connections.length ?? 0,
    });
  });
}

/** Remove a connection from its session. */
export function unbind(/** @type {GuestConnection} */ conn) {
  const s = conn.session;
  if (!s) return;
  s.connections = s.connections.filter((c) => c !== conn);
  conn.session = null;
}

/**
 * Send an error frame and remember it on the session (for snapshots).
 * @param {GuestConnection} conn
 * @param {Session|null|undefined} session
 * @param {import('./frames.mjs').Frame} f
 */
function sendError(conn, session, f) {
  // Fault injection (faults.mjs, stripTracingIds): the real service often leaves it out.
  const out = conn.faults?.().errorFrame(conn, f) ?? f;
  session?.errorsSent.push({ code: out.code, tracingId: /** @type {any} */ (out).tracingId ?? null });
  conn.send(out);
}

/**
 * Fault injection (faults.mjs, expireSessions): answer a configure with SessionExpiredEvent
 * (then close the socket: the session it asked for is gone) or with 4017. True when it did.
 * @param {Simulator} sim @param {GuestConnection} conn @param {unknown} tracingId
 */
function expiredByFault(sim, conn, tracingId) {
  const kind = sim.faults.expireSession(conn);
  if (!kind) return false;
  sim.log(`guest ${conn.label} fault: configure answered with ${kind === 'event' ? 'SessionExpiredEvent' : '4017'}`);
  if (kind === '4017') {
    sendError(conn, null, stringError(4017, AUTH_TEXT.downgrade, tracingId));
  } else {
    conn.send(sessionExpiredEvent());
    conn.close(1000, 'session expired');
  }
  return true;
}

/**
 * @param {Simulator} sim
 * @param {GuestConnection} conn
 * @param {string|null} text  null for binary frames
 */
function handleFrame(sim, conn, text) {
  /** @type {any} */
  let req;
  try {
    req = text === null ? null : JSON.parse(text);
  } catch {
    req = undefined;
  }
  if (!isObject(req)) {
    conn.session?.countFrame('invalid');
    sim.log(`guest ${conn.label} invalid frame (not a JSON object)`);
    return sendError(conn, conn.session, stringError(400, TEXT.requestFailed));
  }
  const tracingId = req.tracingId;
  const { action, token } = req;
  if (typeof action !== 'string' || !action || typeof token !== 'string' || !token || token.length > MAX_TOKEN_LENGTH) {
    conn.session?.countFrame('invalid');
    sim.log(`guest ${conn.label} invalid frame (action/token missing)`);
    return sendError(conn, conn.session, stringError(400, TEXT.requestFailed, tracingId));
  }
  sim.store.get(token)?.countFrame(action);

  switch (action) {
    case 'configureSession':
      return configureSession(sim, conn, req);
    case 'configureAuthenticatedSession':
      return configureAuthenticatedSession(sim, conn, req);
    case 'echo':
      return echo(sim, conn, req);
    case 'onMessage':
      return onMessage(sim, conn, req);
    case 'getJwt':
      return getJwt(sim, conn, req);
    case 'closeSession':
      return closeSession(sim, conn, req);
    case 'getConfiguration':
      return getConfiguration(sim, conn, req);
    case 'onAttachment':
    case 'getAttachment':
    case 'deleteAttachment': {
      const session = requireSession(conn, req);
      return session && attachmentAction(sim, session, req, (f) => (f.code === 200 ? conn.send(f) : sendError(conn, session, f)));
    }
    default:
      sim.log(`guest ${conn.label} unknown action ${JSON.stringify(action).slice(0, 60)}`);
      return sendError(conn, sim.store.get(token), stringError(400, TEXT.requestFailed, tracingId));
  }
}

/**
 * The session this connection configured for `req.token`, or send 4007 and return null.
 * @param {GuestConnection} conn
 * @param {any} req
 */
function requireSession(conn, req) {
  const s = conn.session;
  // A signed-in customer's other devices address the session with their own tokens (auth.mjs).
  if (s && (s.token === req.token || aliasesOf(s).has(req.token))) return s;
  sendError(conn, s, stringError(4007, TEXT.sessionNotFound, req.tracingId));
  return null;
}

/** @param {Simulator} sim @param {Session} s */
function sessionBody(sim, s, extra = {}) {
  return {
    connected: true,
    newSession: false,
    readOnly: s.readOnly,
    clearedExistingSession: false,
    maxCustomDataBytes: MAX_CUSTOM_DATA_BYTES,
    // Only when the deployment takes files (attachments.mjs).
    ...sessionMedia(fileRules(sim.configFor(s.deploymentId))),
    durationSeconds: sim.options.durationSeconds,
    expirationDate: Math.floor(s.expiresAt / 1000),
    ...extra,
  };
}

/**
 * A configure for a deployment the simulator does not know (sim.knowsDeployment) is refused,
 * whatever its token: a 403 string error, the code protocol §3.5 gives a refused deployment
 * (as for an origin outside its allowed domains), tagged with the configure's tracingId, and
 * no session. The upgrade itself is accepted: no source shows the real service refusing it
 * for an unknown id (its HTTP 403 on the upgrade is for origins), and a browser could not
 * tell that refusal from a network failure anyway. True when it refused.
 * @param {Simulator} sim @param {GuestConnection} conn @param {any} req
 */
function refuseUnknownDeployment(sim, conn, req) {
  const deploymentId = typeof req.deploymentId === 'string' && req.deploymentId ? req.deploymentId : conn.deploymentId;
  if (sim.knowsDeployment(deploymentId)) return false;
  sim.log(`guest ${conn.label} ${req.action} for unknown deployment ${deploymentId}: 403`);
  sendError(conn, null, stringError(403, TEXT.unknownDeployment, req.tracingId));
  return true;
}

/** configureSession (§2.2, §5.1, §5.2, §5.4). */
function configureSession(/** @type {Simulator} */ sim, /** @type {GuestConnection} */ conn, /** @type {any} */ req) {
  const { token, tracingId } = req;
  if (refuseUnknownDeployment(sim, conn, req)) return;
  if (expiredByFault(sim, conn, tracingId)) return;
  if (sim.store.expired.has(token)) {
    sim.log(`guest ${conn.label} configureSession for expired token ${shortToken(token)}: 4007`);
    return sendError(conn, null, stringError(4007, TEXT.sessionNotFound, tracingId));
  }
  const deploymentId = typeof req.deploymentId === 'string' && req.deploymentId ? req.deploymentId : conn.deploymentId;
  // Authenticated messaging (auth.mjs): no downgrade (4017), no guests where sign-in is required (403).
  const refusal = sim.auth.anonymousRefusal(token, deploymentId, tracingId);
  if (refusal) {
    sim.log(`guest ${conn.label} anonymous configureSession refused: ${refusal.code}`);
    return sendError(conn, sim.auth.sessionOf(token), refusal);
  }
  let session = sim.store.get(token);
  let newSession = false;
  /** @type {'created'|'new-conversation'|'resumed'} */
  let event = 'resumed';
  if (!session) {
    session = sim.createSession(token, deploymentId, conn.host);
    session.countFrame('configureSession');
    newSession = true;
    event = 'created';
  } else if (startNewIfAsked(sim, session, req)) {
    newSession = true;
    event = 'new-conversation';
  }
  if (newSession) session.newSessionCount += 1;
  bindConfigured(sim, conn, session, { newSession, event, tracingId });
}

/**
 * "Start a new session for your currently read-only session" (JSDK): with `startNew` on a
 * read-only session, the same token gets a fresh conversation. True when it did.
 * @param {Simulator} sim @param {Session} session @param {any} req
 */
function startNewIfAsked(sim, session, req) {
  if (req.startNew !== true || !session.readOnly) return false;
  session.startNewConversation();
  sim.scripted.cancel(session);
  return true;
}

/**
 * configureAuthenticatedSession (§2.3): a valid JWT gets the same SessionResponse as
 * configureSession, on the customer's conversation (found by subject, whatever the token);
 * expired 401, otherwise refused 403 "Session authentication failed" (see auth.mjs).
 * @param {Simulator} sim @param {GuestConnection} conn @param {any} req
 */
function configureAuthenticatedSession(sim, conn, req) {
  const { token, tracingId } = req;
  if (refuseUnknownDeployment(sim, conn, req)) return;
  if (expiredByFault(sim, conn, tracingId)) return;
  const result = sim.auth.authenticate(conn, req);
  if ('error' in result) return sendError(conn, sim.auth.sessionOf(token), result.error);
  let session = result.session;
  let newSession = false;
  /** @type {'created'|'new-conversation'|'resumed'|'authenticated'} */
  let event = 'resumed';
  if (!session) {
    if (sim.store.expired.has(token)) {
      sim.log(`guest ${conn.label} configureAuthenticatedSession for expired token ${shortToken(token)}: 4007`);
      return sendError(conn, null, stringError(4007, TEXT.sessionNotFound, tracingId));
    }
    session = sim.createSession(token, result.deploymentId, conn.host);
    session.countFrame('configureAuthenticatedSession');
    newSession = true;
    event = 'created';
  } else if (startNewIfAsked(sim, session, req)) {
    newSession = true;
    event = 'new-conversation';
  } else if (result.upgrade) {
    event = 'authenticated';
  }
  if (newSession) session.newSessionCount += 1;
  sim.auth.bind(session, result.identity, token);
  sim.log(`guest ${conn.label} authenticated as ${result.identity.sub}${result.upgrade ? ' (upgraded)' : ''}`);
  bindConfigured(sim, conn, session, { newSession, event, tracingId });
}

/**
 * Attach a connection to the session it configured, evict beyond the connection limit, answer
 * the SessionResponse and tell the listeners.
 * @param {Simulator} sim @param {GuestConnection} conn @param {Session} session
 * @param {{ newSession: boolean, event: string, tracingId: unknown }} p
 */
function bindConfigured(sim, conn, session, { newSession, event, tracingId }) {
  if (conn.session !== session) {
    unbind(conn);
    conn.session = session;
    session.connections.push(conn);
  }
  // At most 3 simultaneous connections: the oldest gets ConnectionClosedEvent, then is closed.
  while (session.connections.length > MAX_CONNECTIONS_PER_SESSION) {
    const oldest = /** @type {GuestConnection} */ (session.connections[0]);
    sim.log(`guest ${oldest.label} evicted: session connection limit (${MAX_CONNECTIONS_PER_SESSION})`);
    unbind(oldest);
    oldest.send(connectionClosedEvent());
    oldest.close(1000, 'session connection limit');
  }
  sim.touch(session);
  conn.send(sessionResponse(sessionBody(sim, session, { newSession }), tracingId));
  sim.log(`guest ${conn.label} configured newSession=${newSession} readOnly=${session.readOnly} connections=${session.connections.length}`);
  sim.events.emit('session', { event, token: session.token });
  sim.events.emit('connection', {
    event: 'configured',
    connectionId: conn.id,
    token: session.token,
    connections: session.connections.length,
  });
}

/** echo: health check (§2.5, §3.3a(c)). Works before configureSession too. */
function echo(/** @type {Simulator} */ sim, /** @type {GuestConnection} */ conn, /** @type {any} */ req) {
  const session = sim.store.get(req.token);
  if (session) session.echoCount += 1;
  const text = typeof req.message?.text === 'string' ? req.message.text : '';
  const expiresAt = session ? session.expiresAt : Date.now() + sim.options.durationSeconds * 1000;
  conn.send(
    structuredMessage(
      {
        id: hexId(),
        type: 'Text',
        direction: 'Inbound',
        text,
        channel: { time: isoTime(), messageId: uuid() },
        metadata: {
          durationSeconds: String(sim.options.durationSeconds),
          expirationDate: String(Math.floor(expiresAt / 1000)),
        },
      },
      { type: 'response', tracingId: req.tracingId },
    ),
  );
}

/** getJwt (§2.6): an opaque JWT-shaped string bound to the session, exp in epoch seconds. */
function getJwt(/** @type {Simulator} */ sim, /** @type {GuestConnection} */ conn, /** @type {any} */ req) {
  const session = requireSession(conn, req);
  if (!session) return;
  const exp = Math.floor(Date.now() / 1000) + JWT_LIFETIME_SECONDS;
  const jwt = makeJwt({ iss: 'genesys-simulator', deploymentId: session.deploymentId, exp, jti: uuid() });
  sim.store.jwts.set(jwt, { token: session.token, exp });
  conn.send(jwtResponse(jwt, exp, req.tracingId));
}

/** closeSession (§2.8): the caller gets connected:false; the others ConnectionClosedEvent. */
function closeSession(/** @type {Simulator} */ sim, /** @type {GuestConnection} */ conn, /** @type {any} */ req) {
  const session = requireSession(conn, req);
  if (!session) return;
  unbind(conn);
  if (req.closeAllConnections === true) {
    for (const other of [...session.connections]) {
      unbind(other);
      other.send(connectionClosedEvent());
      other.close(1000, 'session closed');
    }
  }
  conn.send(sessionResponse({ connected: false, readOnly: session.readOnly }, req.tracingId));
  sim.events.emit('connection', { event: 'unbound', connectionId: conn.id, token: session.token, connections: session.connections.length });
}

/** getConfiguration (JSDK only). */
function getConfiguration(/** @type {Simulator} */ sim, /** @type {GuestConnection} */ conn, /** @type {any} */ req) {
  conn.send(
    frame(
      'response',
      'GetConfigurationResponse',
      200,
      {
        allowedMedia: structuredClone(ALLOWED_MEDIA),
        blockedExtensions: [...BLOCKED_EXTENSIONS],
        maxCustomDataBytes: MAX_CUSTOM_DATA_BYTES,
        messageRoutingEnabled: true,
        sessionDurationSeconds: sim.options.durationSeconds,
      },
      req.tracingId,
    ),
  );
}

/**
 * What kind of onMessage this is.
 * @param {any} m
 * @returns {'text'|'structured'|'event'|'receipt'|null}
 */
function classify(m) {
  switch (m.type) {
    case 'Text':
      return 'text';
    case 'Structured':
      return 'structured';
    case 'Event':
      return 'event';
    case 'Receipt':
      return 'receipt';
    case undefined:
      // Messenger sends attachment-only messages with no type (§2.4c).
      return Array.isArray(m.content) ? 'text' : null;
    default:
      return null;
  }
}

/** onMessage (§2.4): text, quick-reply answers, events and receipts. */
function onMessage(/** @type {Simulator} */ sim, /** @type {GuestConnection} */ conn, /** @type {any} */ req) {
  const session = requireSession(conn, req);
  if (!session) return;
  const { tracingId } = req;
  const msg = req.message;
  const kind = isObject(msg) ? classify(msg) : null;
  if (!kind) return sendError(conn, session, stringError(400, TEXT.requestFailed, tracingId));
  sim.touch(session);

  // One bucket per session shared by every onMessage frame (messages, typing, receipts).
  if (!session.bucket.take()) {
    sim.log(`guest ${conn.label} rate limited (${kind})`);
    return sendError(conn, session, tooManyRequests(tracingId, 1));
  }

  if (kind === 'receipt') return onReceipt(sim, session, msg, req);

  if (kind === 'text' || kind === 'structured') {
    const forced = sim.takeFailure(session.token);
    if (forced) {
      sim.log(`guest ${conn.label} failNext -> ${forced.code}`);
      return sendError(conn, session, sim.failureFrame(forced, tracingId));
    }
    if (msg.text !== undefined && typeof msg.text !== 'string') {
      return sendError(conn, session, stringError(400, TEXT.requestFailed, tracingId));
    }
    if (kind === 'text' && typeof msg.text !== 'string' && !Array.isArray(msg.content)) {
      return sendError(conn, session, stringError(400, TEXT.requestFailed, tracingId));
    }
    if (kind === 'structured' && !Array.isArray(msg.content)) {
      return sendError(conn, session, stringError(400, TEXT.requestFailed, tracingId));
    }
    // Fault injection (faults.mjs): a final refusal (with the tracingId), or a transient error
    // the real service sends without one; neither message is stored.
    const final = sim.faults.finalRefusal(conn, tracingId);
    if (final) {
      sim.log(`guest ${conn.label} fault: final refusal ${final.code} of a customer message`);
      return sendError(conn, session, final);
    }
    const untagged = sim.faults.untaggedError(conn);
    if (untagged) {
      sim.log(`guest ${conn.label} fault: untagged ${untagged.code} for a customer message`);
      return sendError(conn, session, untagged);
    }
    // Fault injection (faults.mjs): refuse an otherwise acceptable message as rate limited.
    const retryAfter = sim.faults.rateLimit(conn);
    if (retryAfter !== null) {
      sim.log(`guest ${conn.label} fault: 429 for a customer message`);
      return sendError(conn, session, tooManyRequests(tracingId, retryAfter));
    }
    const length = typeof msg.text === 'string' ? [...msg.text].length : 0;
    if (length > MAX_TEXT_LENGTH) {
      return sendError(conn, session, stringError(4011, TEXT.messageTooLong(length, MAX_TEXT_LENGTH), tracingId));
    }
  }

  /** @type {any[]|undefined} */
  const events = kind === 'event' ? msg.events : undefined;
  if (kind === 'event' && (!Array.isArray(events) || events.length === 0 || !events.every(isObject))) {
    return sendError(conn, session, stringError(400, TEXT.requestFailed, tracingId));
  }
  const conv = conversationsOf(sim.configFor(session.deploymentId));

  // Guest typing (§2.4h, §4.1): recorded, never echoed.
  if (events && events.every((e) => e.eventType === 'Typing')) {
    if (conv.showUserTypingIndicator === false) {
      return sendError(conn, session, stringError(403, TEXT.typingForbidden, tracingId));
    }
    if (session.readOnly) return sendError(conn, session, stringError(409, TEXT.readOnly, tracingId));
    const at = Date.now();
    session.typingReceived.push(at);
    sim.events.emit('customer-typing', { token: session.token, at });
    return;
  }

  // Presence Clear (§2.4j, §5.5): allowed on read-only conversations too.
  if (events && events.some((e) => e.eventType === 'Presence' && e.presence?.type === 'Clear')) {
    if (conv.conversationClear?.enabled !== true) {
      return sendError(conn, session, stringError(403, TEXT.clearForbidden, tracingId));
    }
    return clearConversation(sim, session, msg, tracingId);
  }

  // Custom attributes: message.channel (MT, Messenger) or top-level channel (JSDK, OVO).
  const attrs = {
    ...(isObject(req.channel?.metadata?.customAttributes) ? req.channel.metadata.customAttributes : {}),
    ...(isObject(msg.channel?.metadata?.customAttributes) ? msg.channel.metadata.customAttributes : {}),
  };
  if (customAttributeBytes(attrs) > MAX_CUSTOM_DATA_BYTES) {
    return sendError(conn, session, stringError(4013, TEXT.attributesTooLarge(MAX_CUSTOM_DATA_BYTES), tracingId));
  }
  if (session.readOnly) {
    // 409 for sending after a ReadOnly disconnect ([L] in the protocol file).
    return sendError(conn, session, stringError(409, TEXT.readOnly, tracingId));
  }
  Object.assign(session.customAttributes, attrs);

  // Store and echo to every connection of the session. Never deduplicate: the same text or
  // metadata twice is two messages, as on the real service.
  const time = session.nextTime();
  /** @type {Record<string, any>} */
  const body = {
    id: hexId(),
    type: kind === 'event' ? 'Event' : kind === 'structured' ? 'Structured' : 'Text',
    direction: 'Inbound',
  };
  if (typeof msg.text === 'string') body.text = msg.text;
  if (Array.isArray(msg.content) && msg.content.length) {
    // Attachments named by id become the full attachment (name, type, download URL).
    const resolved = resolveContent(sim, session, msg.content);
    if ('code' in resolved) return sendError(conn, session, stringError(resolved.code, resolved.message, tracingId));
    body.content = resolved.content;
  }
  if (events) body.events = structuredClone(events);
  body.channel = { time: isoTime(time), messageId: uuid() };
  body.originatingEntity = 'Human';
  // Which guest keys survive is the `metadata` fault mode (all of them by default).
  const guestMetadata = isObject(msg.metadata) ? sim.faults.keptMetadata(conn, stringMap(msg.metadata)) : {};
  body.metadata = { ...guestMetadata, correlationId: uuid() };

  const record = sim.storeMessage(session, body, { tracingId, receivedAt: time });
  sim.log(`guest ${conn.label} stored ${JSON.stringify(String(body.text ?? '').slice(0, 20))} tracingId=${String(tracingId).slice(0, 8)} session=${shortToken(session.token)}`);
  // Fault injection (faults.mjs): the echo is lost while the socket stays up (the message is
  // stored and reaches the agent), or the socket dies with the message stored, before or after its echo.
  const swallowed = kind !== 'event' && sim.faults.swallowEcho(conn);
  if (swallowed) sim.log(`guest ${conn.label} fault: echo of a stored message swallowed`);
  const drop = kind === 'event' || swallowed ? null : sim.faults.dropAfterMessage(conn);
  if (drop === 'before-echo') terminate(sim, conn, 'before the echo');
  if (!swallowed) sim.broadcast(session, structuredMessage(body, { tracingId }));

  if (kind !== 'event') {
    // Receipts to the guest: unverified, simulator-only (protocol §4.2). Off with receipts:false.
    if (sim.options.receipts && !swallowed) {
      record.receipt = 'Delivered';
      sim.broadcast(session, receiptFrame(session, body.id, 'Delivered'));
    }
    if (drop === 'after-echo') terminate(sim, conn, 'after the echo');
    sim.events.emit('customer-message', { token: session.token, message: structuredClone(record) });
    sim.scripted.onCustomerMessage(session, record);
  } else {
    sim.events.emit('customer-message', { token: session.token, message: structuredClone(record) });
    if (events?.some((e) => e.eventType === 'Presence' && e.presence?.type === 'Join')) sim.scripted.onJoin(session);
  }
}

/** The dropAfterMessage fault: end the socket abruptly, as a network failure would. */
function terminate(/** @type {Simulator} */ sim, /** @type {GuestConnection} */ conn, /** @type {string} */ when) {
  sim.log(`guest ${conn.label} fault: socket dropped ${when} of a stored message`);
  // "After the echo" means the echo went out: frames the jitter fault still holds go first.
  conn.flushDelayed();
  conn.ws.terminate();
}

/** Metadata is a string map: keep string values verbatim, stringify the rest. */
function stringMap(/** @type {Record<string, unknown>} */ o) {
  /** @type {Record<string, string>} */
  const out = {};
  for (const [k, v] of Object.entries(o)) out[k] = typeof v === 'string' ? v : JSON.stringify(v);
  return out;
}

/**
 * A Receipt StructuredMessage for a guest message. Unverified, simulator-only.
 * @param {Session} session
 * @param {string} id
 * @param {'Delivered'|'Read'} status
 */
export function receiptFrame(session, id, status) {
  return structuredMessage({
    id,
    type: 'Receipt',
    status,
    direction: 'Outbound',
    channel: { time: isoTime(session.nextTime()) },
  });
}

/**
 * Guest read receipt `{type:"Receipt", id, status:"Read"}`: a read horizon, every Outbound
 * message up to and including `id` is read. Not echoed; unknown ids are recorded only.
 * @param {Simulator} sim @param {Session} session @param {any} msg @param {any} req
 */
function onReceipt(sim, session, msg, req) {
  const id = msg.id ?? req.id ?? null;
  const status = typeof msg.status === 'string' ? msg.status : 'Read';
  const at = Date.now();
  session.receiptsReceived.push({ id, status, at });
  if (status === 'Read' && typeof id === 'string') {
    const idx = session.indexOf(id);
    const current = session.readUpTo ? session.indexOf(session.readUpTo) : -1;
    if (idx >= 0 && session.messages[idx]?.direction === 'Outbound' && idx > current) session.readUpTo = id;
  }
  sim.events.emit('receipt', {
    token: session.token,
    id,
    status,
    at,
    readUpTo: session.readUpTo,
    readIds: session.readOutboundIds(),
  });
}

/**
 * Clear (§5.5): echo, SessionClearedEvent, delete everything, ConnectionClosedEvent, close.
 * @param {Simulator} sim @param {Session} session @param {any} msg @param {unknown} tracingId
 */
function clearConversation(sim, session, msg, tracingId) {
  const conns = [...session.connections];
  const echoBody = {
    id: hexId(),
    type: 'Event',
    direction: 'Inbound',
    events: structuredClone(msg.events),
    channel: { time: isoTime(session.nextTime()), messageId: uuid() },
    originatingEntity: 'Human',
    metadata: { correlationId: uuid() },
  };
  sim.broadcast(session, structuredMessage(echoBody, { tracingId }));
  sim.broadcast(session, sessionClearedEvent());
  sim.deleteSession(session, 'cleared');
  for (const c of conns) {
    c.send(connectionClosedEvent());
    c.close(1000, 'conversation cleared');
  }
}
