// Guest sessions, keyed by the client-generated token (protocol §2.1, §5).

/**
 * @typedef {object} StoredMessage  one conversation entry, as kept for history and snapshots
 * @property {string} id                 32-hex message id
 * @property {string} type               Text | Structured | Event
 * @property {'Inbound'|'Outbound'} direction
 * @property {string} [text]
 * @property {any[]} [content]
 * @property {any[]} [events]
 * @property {{ time: string, messageId?: string, type?: string, from?: Record<string, string> }} channel
 * @property {string} originatingEntity  Human | Bot
 * @property {Record<string, string>} metadata
 * @property {unknown} tracingId         request tracingId (Inbound) or null
 * @property {number} receivedAt         epoch ms
 * @property {null|'Delivered'|'Read'} receipt  simulator-only receipt state (Inbound)
 */

/**
 * Token bucket: `capacity` = rate, refilled `rate` tokens per second.
 * A rate of 0, Infinity or a non-number means "unlimited".
 */
export class TokenBucket {
  /** @param {number} ratePerSecond */
  constructor(ratePerSecond) {
    this.rate = Infinity;
    this.capacity = Infinity;
    this.tokens = Infinity;
    this.last = Date.now();
    this.setRate(ratePerSecond);
    this.tokens = this.capacity;
  }

  /** @param {number} ratePerSecond */
  setRate(ratePerSecond) {
    const r = Number(ratePerSecond);
    this.rate = Number.isFinite(r) && r > 0 ? r : Infinity;
    this.capacity = Math.max(1, this.rate);
    if (this.tokens > this.capacity) this.tokens = this.capacity;
  }

  /** Take one token; false when the bucket is empty. */
  take() {
    if (this.rate === Infinity) return true;
    const now = Date.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

export class Session {
  /**
   * @param {{ token: string, deploymentId: string, ratePerSecond: number }} p
   */
  constructor({ token, deploymentId, ratePerSecond }) {
    this.token = token;
    this.deploymentId = deploymentId;
    this.createdAt = Date.now();
    this.lastActivity = this.createdAt;
    /** @type {import('./guest-protocol.mjs').GuestConnection[]} oldest first */
    this.connections = [];
    this.newSessionCount = 0;
    this.readOnly = false;
    /** conversation number on this token: +1 on each startNew */
    this.conversation = 1;
    /** @type {StoredMessage[]} */
    this.messages = [];
    /** @type {number[]} */
    this.typingReceived = [];
    /** @type {{ id: unknown, status: string, at: number }[]} */
    this.receiptsReceived = [];
    /** @type {string|null} newest Outbound message id the guest has read */
    this.readUpTo = null;
    /** @type {Record<string, number>} */
    this.framesReceived = {};
    /** @type {{ code: number, tracingId: unknown }[]} */
    this.errorsSent = [];
    this.echoCount = 0;
    /** @type {Record<string, unknown>} merged custom attributes the guest sent */
    this.customAttributes = {};
    /** @type {number[]} timestamps of authorised history GETs (10 / minute) */
    this.historyCalls = [];
    /** number of agent consoles attached: while > 0 the scripted agent stays quiet */
    this.consoles = 0;
    /** epoch ms at which the session expires for inactivity */
    this.expiresAt = 0;
    /** @type {NodeJS.Timeout|null} */
    this.expiryTimer = null;
    this.bucket = new TokenBucket(ratePerSecond);
    this.lastTime = 0;
    /** @type {string|undefined} Host header the session was created with (agent avatar URL) */
    this.host = undefined;
    /** an agent Presence Join was sent and no Disconnect since */
    this.agentJoined = false;
  }

  /** A strictly increasing timestamp (ms) so channel.time never ties inside a session. */
  nextTime() {
    this.lastTime = Math.max(Date.now(), this.lastTime + 1);
    return this.lastTime;
  }

  /** @param {string} action */
  countFrame(action) {
    this.framesReceived[action] = (this.framesReceived[action] ?? 0) + 1;
  }

  /** Forget the conversation (startNew after read-only); diagnostics counters stay. */
  startNewConversation() {
    this.conversation += 1;
    this.messages = [];
    this.readOnly = false;
    this.readUpTo = null;
    this.customAttributes = {};
    this.agentJoined = false;
  }

  /** @param {string} id */
  indexOf(id) {
    return this.messages.findIndex((m) => m.id === id);
  }

  /** Outbound messages (not Presence events) the guest has read (up to and including readUpTo). */
  readOutboundIds() {
    if (!this.readUpTo) return [];
    const upTo = this.indexOf(this.readUpTo);
    return this.messages
      .slice(0, upTo + 1)
      .filter((m) => m.direction === 'Outbound' && m.type !== 'Event')
      .map((m) => m.id);
  }

  /** JSON-able snapshot for the control API. */
  snapshot() {
    return {
      token: this.token,
      deploymentId: this.deploymentId,
      connections: this.connections.length,
      newSessionCount: this.newSessionCount,
      conversation: this.conversation,
      readOnly: this.readOnly,
      messages: this.messages.map((m) => structuredClone(m)),
      typingReceived: [...this.typingReceived],
      receiptsReceived: this.receiptsReceived.map((r) => ({ ...r })),
      readUpTo: this.readUpTo,
      framesReceived: { ...this.framesReceived },
      errorsSent: this.errorsSent.map((e) => ({ ...e })),
      echoCount: this.echoCount,
      customAttributes: structuredClone(this.customAttributes),
      historyCalls: this.historyCalls.length,
      consoleAttached: this.consoles > 0,
      agentJoined: this.agentJoined,
      createdAt: this.createdAt,
      lastActivity: this.lastActivity,
      expiresAt: this.expiresAt,
    };
  }

  /** Short summary for the agent console's session list. */
  summary() {
    const last = [...this.messages].reverse().find((m) => m.type !== 'Event');
    return {
      token: this.token,
      deploymentId: this.deploymentId,
      connections: this.connections.length,
      readOnly: this.readOnly,
      messageCount: this.messages.length,
      lastActivity: this.lastActivity,
      lastText: last ? `${last.direction === 'Inbound' ? '' : 'You: '}${last.text ?? ''}` : '',
      consoles: this.consoles,
    };
  }
}

/** Sessions by token, expired tokens, and JWTs issued by getJwt. */
export class SessionStore {
  constructor() {
    /** @type {Map<string, Session>} */
    this.sessions = new Map();
    /** tokens expired via expire()/inactivity: configureSession answers 4007 */
    this.expired = new Set();
    /** @type {Map<string, { token: string, exp: number }>} jwt -> owner */
    this.jwts = new Map();
  }

  /** @param {string} token */
  get(token) {
    return this.sessions.get(token);
  }

  /** @param {Session} s */
  add(s) {
    this.sessions.set(s.token, s);
  }

  /** @param {string} token */
  delete(token) {
    this.sessions.delete(token);
    for (const [jwt, owner] of this.jwts) if (owner.token === token) this.jwts.delete(jwt);
  }

  /** Session most recently active (the default target of control calls without a token). */
  latest() {
    let best;
    for (const s of this.sessions.values()) if (!best || s.lastActivity >= best.lastActivity) best = s;
    return best;
  }

  all() {
    return [...this.sessions.values()];
  }

  clear() {
    this.sessions.clear();
    this.expired.clear();
    this.jwts.clear();
  }
}
