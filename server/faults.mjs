// Fault injection (simulator-only): the network and the service misbehaving on purpose, so
// tests can check that a client never loses, duplicates or reorders a message.
//
//   sim.setOptions({ faults: { seed: 7, duplicate: 0.05, reorder: 0.05, dropAfterMessage: 0.02, rateLimit429: 0.03 } });
//   sim.setOptions({ faults: { seed: 7, deliveryJitterMs: 80 } });   // a slow network / device
//   sim.faultStats();   // how many times each fault fired: { duplicated, reordered, …, untaggedErrors, swallowedEchoes, … } (FaultStats)
//   sim.setOptions({ faults: { untaggedErrors: 0.05, swallowEcho: 0.05, finalRefusal: 0.02 } });   // the real service's unkindness
//   sim.setOptions({ faults: { metadata: 'customMessageId', expireSessions: '4017', configDelayMs: 3000 } });
//   sim.setOptions({ faults: { tokenFailure: { endpoints: ['refresh'], kinds: ['network', '5xx'], forMs: 10_000 } } });
//   sim.setOptions({ faults: null });   // all off (reset() does the same)
//
// Every decision comes from one seeded PRNG, so a seed gives the same sequence of rolls (the
// delivery jitter draws from a second one, and the faults of the real service's unkindness
// (untagged errors, swallowed echoes, final refusals, failure kinds) from a third, so that
// turning them on does not shift the others).
// The sequence of frames a run produces still depends on timing, so a rerun repeats the
// faults' pattern, not necessarily the exact frame each one hits.
//
// The simulator never deduplicates customer messages, with or without faults: the real
// service does not either, so exactly-once delivery is the client's job.

import { ControlError } from './control.mjs';
import { TEXT, stringError, tooManyRequests } from './frames.mjs';

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
 * @property {number} [historyFailure]   probability that a REST history GET fails (503 unless
 *                                       historyFailureKinds says otherwise)
 * @property {HistoryFailureKind[]} [historyFailureKinds]  how a failing history GET fails, one
 *                                       picked at random per failure: 'network' (the HTTP socket
 *                                       destroyed with no answer), '5xx' (500, 502, 503 or 504),
 *                                       '429' (with a Retry-After header, historyRetryAfter
 *                                       seconds). Default: a 503, as before the kinds existed
 * @property {number} [historyRetryAfter] Retry-After seconds of a history '429' (default 2)
 * @property {number} [untaggedErrors]   probability that a customer Text/Structured message is
 *                                       answered by a transient error frame WITHOUT tracingId,
 *                                       and not stored: half 5000 "Request failed.", half 429
 *                                       TooManyRequestsErrorMessage/4029 with `retryAfter` (the
 *                                       real MT fixtures carry no tracingId). A client must resend
 * @property {boolean} [stripTracingIds] every error frame (code other than 200) the simulator
 *                                       sends goes out without its tracingId
 * @property {number} [swallowEcho]      probability that a stored customer Text/Structured
 *                                       message is never echoed (nor its simulator-only Delivered
 *                                       receipt): it is in history and reaches the agent; the
 *                                       socket stays up
 * @property {MetadataMode} [metadata]   which guest `metadata` keys survive into echoes and
 *                                       history: 'all', only 'customMessageId' (the default,
 *                                       DEFAULT_METADATA: what Genesys's own Messenger Transport
 *                                       SDK relies on), or 'none'. The server's correlationId stays
 * @property {TokenFailure} [tokenFailure] the authenticated-messaging token endpoints fail for a while
 * @property {'event'|'4017'} [expireSessions]  every configureSession (and
 *                                       configureAuthenticatedSession) is answered with
 *                                       SessionExpiredEvent, after which the socket is closed
 *                                       (1000), or with a 4017 string error; no session is made
 * @property {number} [finalRefusal]     probability that a customer Text/Structured message is
 *                                       refused with a final 4xxx code (with its tracingId), not stored
 * @property {number[]} [finalRefusalCodes] codes of those refusals, one picked at random
 *                                       (default FINAL_REFUSAL_CODES: 4008, 4009, 4010, 4020)
 * @property {number} [configDelayMs]    config.json answers this many ms late (on top of a
 *                                       setConfig delayMs)
 * @property {number} [deliveryJitterMs] every server→client frame waits a random 0..N ms more
 *                                       before it is written (uniform, seeded); frames of one
 *                                       socket keep their order, as on a real WebSocket, so a
 *                                       long delay holds back the frames behind it. Default 0
 * @property {string} [deploymentId]     only sockets opened for this deployment (default: all);
 *                                       also the history, token and config.json calls of it
 */

/** @typedef {'network' | '5xx' | '429'} HistoryFailureKind */
/** @typedef {'all' | 'customMessageId' | 'none'} MetadataMode */

/**
 * @typedef {object} TokenFailure  from when the faults are set, for `forMs`, the token
 *   endpoints answer with these failures (one kind picked at random per request), then recover
 * @property {('exchange'|'refresh')[]} [endpoints] default both
 * @property {HistoryFailureKind[]} [kinds]  'network', '5xx' (500/502/503/504), '429'
 *                                           (Retry-After: retryAfter); default all three
 * @property {number} [forMs]                default: until the faults are set again
 * @property {number} [retryAfter]           Retry-After seconds of a '429' (default 2)
 */

/**
 * How a REST call fails: no answer at all, a 5xx, or a 429 with Retry-After (seconds).
 * @typedef {{ kind: 'network' } | { kind: '5xx', status: number } | { kind: '429', status: 429, retryAfter: number }} HttpFailure
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
 * @property {number} historyNetwork  history GETs failed at the network level (in historyFailed)
 * @property {number} history5xx      history GETs answered 5xx (in historyFailed)
 * @property {number} history429      history GETs answered 429 (in historyFailed)
 * @property {number} untaggedErrors  messages answered by an error frame with no tracingId
 * @property {number} strippedTracingIds  error frames whose tracingId was removed
 * @property {number} swallowedEchoes stored messages whose echo was never sent
 * @property {number} metadataFiltered messages whose guest metadata lost at least one key
 * @property {number} tokenFailed     token exchange/refresh requests failed on purpose
 * @property {number} expiredSessions configures answered with SessionExpiredEvent or 4017
 * @property {number} finalRefusals   messages refused with a final 4xxx code
 * @property {number} configDelayed   config.json answers held back by configDelayMs
 */

/** What survives by default: customMessageId, the key Genesys's own Messenger Transport SDK relies on (confirmed); whether any other guest key survives is unverified. @type {MetadataMode} */
export const DEFAULT_METADATA = 'customMessageId';
const METADATA_MODES = Object.freeze(['all', 'customMessageId', 'none']);
/** @type {readonly HistoryFailureKind[]} */
const FAILURE_KINDS = Object.freeze(['network', '5xx', '429']);
const STATUS_5XX = Object.freeze([500, 502, 503, 504]);
/**
 * Final guest-API refusals of a message (protocol §3.5 code table, all [H: MT]): 4008 attachment
 * expired, 4009 attachment not found, 4010 attachment not uploaded, 4020 missing parameter.
 * Resending the same message cannot succeed.
 */
export const FINAL_REFUSAL_CODES = Object.freeze([4008, 4009, 4010, 4020]);
/** Bodies of those refusals (the real wording is unknown: key on `code`). @type {Record<number, string>} */
const FINAL_REFUSAL_TEXT = { 4008: 'Attachment has expired', 4009: 'Attachment not found', 4010: 'Attachment was not successfully uploaded', 4020: 'Missing parameter' };

/**
 * A list of kinds, each one of `allowed`; undefined when not given.
 * @template {string} T @param {unknown} v @param {readonly T[]} allowed @param {string} name @returns {T[]|undefined}
 */
function kindList(v, allowed, name) {
  if (v === undefined || v === null) return undefined;
  const list = Array.isArray(v) ? v : [v];
  if (!list.length || !list.every((k) => allowed.includes(/** @type {T} */ (k)))) {
    throw new ControlError(400, `${name} must be a non-empty list of ${allowed.join(', ')}`);
  }
  return /** @type {T[]} */ ([...new Set(list)]);
}

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
    const metadata = o.metadata ?? DEFAULT_METADATA;
    if (!METADATA_MODES.includes(metadata)) throw new ControlError(400, `metadata must be one of ${METADATA_MODES.join(', ')}`);
    const expire = o.expireSessions ?? null;
    if (expire !== null && expire !== 'event' && expire !== '4017') throw new ControlError(400, "expireSessions must be 'event' or '4017'");
    const codes = o.finalRefusalCodes === undefined ? [...FINAL_REFUSAL_CODES] : o.finalRefusalCodes;
    if (!Array.isArray(codes) || !codes.length || !codes.every((c) => Number.isInteger(c) && c >= 4000 && c <= 4999)) {
      throw new ControlError(400, 'finalRefusalCodes must be a non-empty list of 4xxx codes');
    }
    /** @type {Required<Omit<FaultOptions, 'deploymentId' | 'historyFailureKinds' | 'tokenFailure' | 'expireSessions'>> & { deploymentId?: string, historyFailureKinds?: HistoryFailureKind[], tokenFailure: Required<TokenFailure> | null, expireSessions: 'event' | '4017' | null }} */
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
      historyFailureKinds: kindList(o.historyFailureKinds, FAILURE_KINDS, 'historyFailureKinds'),
      historyRetryAfter: Math.max(0, Number(o.historyRetryAfter ?? 2) || 0),
      untaggedErrors: probability(o.untaggedErrors),
      stripTracingIds: o.stripTracingIds === true,
      swallowEcho: probability(o.swallowEcho),
      metadata,
      tokenFailure: tokenFailureOf(o.tokenFailure),
      expireSessions: expire,
      finalRefusal: probability(o.finalRefusal),
      finalRefusalCodes: codes,
      configDelayMs: Math.max(0, Number(o.configDelayMs ?? 0) || 0),
      deploymentId: typeof o.deploymentId === 'string' && o.deploymentId ? o.deploymentId : undefined,
    };
    this.random = mulberry32(this.options.seed);
    this.jitterRandom = mulberry32(this.options.seed ^ 0x5bd1e995);
    this.hostileRandom = mulberry32(this.options.seed ^ 0x68e31da4);
    /** When these faults were set: tokenFailure's window starts here. */
    this.since = Date.now();
    /** @type {FaultStats} */
    this.stats = emptyStats();
  }

  /** True when no fault can fire (the fast path). The metadata mode is not a fault that fires: see keptMetadata. */
  get off() {
    const o = this.options;
    return (
      !o.duplicate && !o.reorder && !o.dropAfterMessage && !o.rateLimit429 && !o.historyFailure && !o.deliveryJitterMs &&
      !o.untaggedErrors && !o.stripTracingIds && !o.swallowEcho && !o.tokenFailure && !o.expireSessions && !o.finalRefusal && !o.configDelayMs
    );
  }

  /** @param {{ deploymentId?: string }} target */
  #inScope(target) {
    return !this.options.deploymentId || target.deploymentId === undefined || target.deploymentId === this.options.deploymentId;
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
   * Should this history GET fail, and how (historyFailureKinds; a 503 without them)?
   * @param {{ deploymentId: string }} session
   * @returns {HttpFailure | null}
   */
  historyFailure(session) {
    if (!this.applies(session) || !this.#roll(this.options.historyFailure)) return null;
    this.stats.historyFailed += 1;
    const kinds = this.options.historyFailureKinds;
    const failure = kinds ? this.#httpFailure(kinds, this.options.historyRetryAfter) : { kind: /** @type {const} */ ('5xx'), status: 503 };
    this.stats[failure.kind === 'network' ? 'historyNetwork' : failure.kind === '5xx' ? 'history5xx' : 'history429'] += 1;
    return failure;
  }

  /**
   * One failure among `kinds` (seeded).
   * @param {HistoryFailureKind[]} kinds @param {number} retryAfter @returns {HttpFailure}
   */
  #httpFailure(kinds, retryAfter) {
    const kind = this.#pick(kinds);
    if (kind === 'network') return { kind };
    if (kind === '429') return { kind, status: 429, retryAfter };
    return { kind, status: this.#pick(STATUS_5XX) };
  }

  /** @template T @param {readonly T[]} list @returns {T} */
  #pick(list) {
    return /** @type {T} */ (list[Math.floor(this.hostileRandom() * list.length)]);
  }

  /** @param {number} p */
  #rollHostile(p) {
    return p > 0 && this.hostileRandom() < p;
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

  // ---------------------------------------------------------------- the real service's unkindness

  /**
   * Should this customer message be answered by a transient error with no tracingId (and not
   * be stored)? Returns that frame, or null. Half 5000 "Request failed.", half 429/4029.
   * @param {{ deploymentId: string }} conn
   * @returns {import('./frames.mjs').Frame | null}
   */
  untaggedError(conn) {
    if (!this.applies(conn) || !this.#rollHostile(this.options.untaggedErrors)) return null;
    this.stats.untaggedErrors += 1;
    return this.hostileRandom() < 0.5 ? stringError(5000, TEXT.requestFailed) : tooManyRequests(undefined, this.options.retryAfter);
  }

  /**
   * The error frame as it goes out: without its tracingId when stripTracingIds is on.
   * @param {{ deploymentId: string }} conn @param {import('./frames.mjs').Frame} f
   */
  errorFrame(conn, f) {
    if (!this.options.stripTracingIds || f.code === 200 || f.tracingId === undefined || !this.applies(conn)) return f;
    this.stats.strippedTracingIds += 1;
    const { tracingId: _gone, ...rest } = f;
    return rest;
  }

  /** Should the echo of this stored customer message never be sent? @param {{ deploymentId: string }} conn */
  swallowEcho(conn) {
    if (!this.applies(conn) || !this.#rollHostile(this.options.swallowEcho)) return false;
    this.stats.swallowedEchoes += 1;
    return true;
  }

  /**
   * The guest metadata that survives into the echo and history (the `metadata` mode).
   * @param {{ deploymentId: string }} conn @param {Record<string, string>} metadata
   * @returns {Record<string, string>}
   */
  keptMetadata(conn, metadata) {
    const mode = this.#inScope(conn) ? this.options.metadata : DEFAULT_METADATA;
    if (mode === 'all') return metadata;
    /** @type {Record<string, string>} */
    const kept = {};
    if (mode === 'customMessageId' && typeof metadata.customMessageId === 'string') kept.customMessageId = metadata.customMessageId;
    if (Object.keys(kept).length < Object.keys(metadata).length) this.stats.metadataFiltered += 1;
    return kept;
  }

  /**
   * Should this token request fail (tokenFailure, while its window lasts), and how?
   * @param {'exchange'|'refresh'} endpoint @param {unknown} body  the request body (its deploymentId scopes it)
   * @returns {HttpFailure | null}
   */
  tokenFailure(endpoint, body) {
    const t = this.options.tokenFailure;
    if (!t || !t.endpoints.includes(endpoint) || Date.now() - this.since >= t.forMs) return null;
    const deploymentId = typeof body === 'object' && body !== null && typeof (/** @type {any} */ (body).deploymentId) === 'string' ? /** @type {any} */ (body).deploymentId : undefined;
    if (!this.#inScope({ deploymentId })) return null;
    this.stats.tokenFailed += 1;
    return this.#httpFailure(t.kinds, t.retryAfter);
  }

  /**
   * How this configure is answered under expireSessions: 'event', '4017', or null (normally).
   * @param {{ deploymentId: string }} conn
   */
  expireSession(conn) {
    const kind = this.options.expireSessions;
    if (!kind || !this.applies(conn)) return null;
    this.stats.expiredSessions += 1;
    return kind;
  }

  /**
   * Should this customer message be refused for good? Returns the error frame (with the
   * request's tracingId), or null.
   * @param {{ deploymentId: string }} conn @param {unknown} tracingId
   * @returns {import('./frames.mjs').Frame | null}
   */
  finalRefusal(conn, tracingId) {
    if (!this.applies(conn) || !this.#rollHostile(this.options.finalRefusal)) return null;
    this.stats.finalRefusals += 1;
    const code = this.#pick(this.options.finalRefusalCodes);
    return stringError(code, FINAL_REFUSAL_TEXT[code] ?? TEXT.requestFailed, tracingId);
  }

  /** How late config.json answers for this deployment (configDelayMs), ms. @param {string} deploymentId */
  configDelay(deploymentId) {
    const ms = this.options.configDelayMs;
    if (!ms || !this.#inScope({ deploymentId })) return 0;
    this.stats.configDelayed += 1;
    return ms;
  }
}

/** @returns {FaultStats} */
function emptyStats() {
  return {
    duplicated: 0,
    reordered: 0,
    droppedBeforeEcho: 0,
    droppedAfterEcho: 0,
    rateLimited: 0,
    historyFailed: 0,
    delayed: 0,
    historyNetwork: 0,
    history5xx: 0,
    history429: 0,
    untaggedErrors: 0,
    strippedTracingIds: 0,
    swallowedEchoes: 0,
    metadataFiltered: 0,
    tokenFailed: 0,
    expiredSessions: 0,
    finalRefusals: 0,
    configDelayed: 0,
  };
}

/**
 * tokenFailure with its defaults, or null when not set.
 * @param {TokenFailure | null | undefined | false} t @returns {Required<TokenFailure> | null}
 */
function tokenFailureOf(t) {
  if (t === undefined || t === null || t === false) return null;
  if (typeof t !== 'object' || Array.isArray(t)) throw new ControlError(400, 'tokenFailure must be { endpoints?, kinds?, forMs?, retryAfter? }');
  const forMs = t.forMs === undefined ? Infinity : Number(t.forMs);
  if (!(forMs > 0)) throw new ControlError(400, 'tokenFailure.forMs must be a positive number of ms');
  return {
    endpoints: kindList(t.endpoints, /** @type {('exchange'|'refresh')[]} */ (['exchange', 'refresh']), 'tokenFailure.endpoints') ?? ['exchange', 'refresh'],
    kinds: kindList(t.kinds, FAILURE_KINDS, 'tokenFailure.kinds') ?? [...FAILURE_KINDS],
    forMs,
    retryAfter: Math.max(0, Number(t.retryAfter ?? 2) || 0),
  };
}
