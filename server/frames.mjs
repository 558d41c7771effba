// Frame builders for the Genesys guest WebSocket protocol ("Shyrka").
// Every server frame is one JSON object: { type, class, code, body, tracingId? }
// (see docs/protocol.md §3). Clients dispatch on `class`.

import { randomBytes, randomUUID } from 'node:crypto';

/** @typedef {Record<string, unknown>} Json */

/**
 * @typedef {object} Frame
 * @property {'response'|'message'} type
 * @property {string} class
 * @property {number} code
 * @property {unknown} body
 * @property {unknown} [tracingId]
 */

/** Fixed error texts. Clients must key on `code`, never on these strings. */
export const TEXT = Object.freeze({
  requestFailed: 'Request failed.',
  sessionNotFound: 'session not found error message',
  sessionExpired: 'session expired error message',
  typingForbidden: 'Turn on the Feature Toggle or fix the configuration.',
  clearForbidden: 'Presence events Conversation Clear are not supported',
  attributesTooLarge: (/** @type {number} */ max) =>
    `Custom Attributes in channel metadata is larger than ${max} bytes`,
  messageTooLong: (/** @type {number} */ n, /** @type {number} */ max) =>
    `Message length ${n} is larger than ${max}`,
  readOnly: 'Conversation is read-only: start a new conversation to send messages',
  authFailed: 'Session authentication failed: authenticated sessions are not supported by the simulator',
  attachmentsUnsupported: 'Attachments are not supported by the simulator',
  rateTooHigh: 'Message rate too high for this session',
  // The simulator's wording (the real text is unknown: clients key on the code, 403).
  unknownDeployment: 'Deployment not found or not active',
});

/** 32 lowercase hex characters, the shape of Genesys message ids. */
export const hexId = () => randomBytes(16).toString('hex');
export const uuid = () => randomUUID();
/** ISO-8601 with milliseconds and `Z`, e.g. 2026-01-10T09:14:50.004Z */
export const isoTime = (ms = Date.now()) => new Date(ms).toISOString();

/**
 * @param {'response'|'message'} type
 * @param {string} cls
 * @param {number} code
 * @param {unknown} body
 * @param {unknown} [tracingId]
 * @returns {Frame}
 */
export function frame(type, cls, code, body, tracingId) {
  /** @type {Frame} */
  const f = { type, class: cls, code, body };
  if (tracingId !== undefined && tracingId !== null) f.tracingId = tracingId;
  return f;
}

/** `class:"string"` error: the body is a plain string. */
export const stringError = (/** @type {number} */ code, /** @type {string} */ body, /** @type {unknown} */ tracingId = undefined) =>
  frame('response', 'string', code, body, tracingId);

/** Rate-limit error (§3.5): retryAfter in seconds, errorCode 4029. */
export const tooManyRequests = (/** @type {unknown} */ tracingId, retryAfter = 1, /** @type {string} */ errorMessage = TEXT.rateTooHigh) =>
  frame('response', 'TooManyRequestsErrorMessage', 429, { retryAfter, errorCode: 4029, errorMessage }, tracingId);

export const sessionResponse = (/** @type {Json} */ body, /** @type {unknown} */ tracingId) =>
  frame('response', 'SessionResponse', 200, body, tracingId);

/**
 * A StructuredMessage frame. Echoes of the guest's own messages and agent pushes
 * use type "message"; the reply to `echo` uses type "response".
 * @param {Json} body
 * @param {{ type?: 'response'|'message', tracingId?: unknown }} [opts]
 */
export const structuredMessage = (body, opts = {}) =>
  frame(opts.type ?? 'message', 'StructuredMessage', 200, body, opts.tracingId);

// Lifecycle events (§3.4). SessionExpiredEvent is type "response" in the MT fixtures.
export const connectionClosedEvent = (/** @type {Json} */ body = {}) => frame('message', 'ConnectionClosedEvent', 200, body);
export const sessionClearedEvent = () => frame('message', 'SessionClearedEvent', 200, {});
export const sessionExpiredEvent = () => frame('response', 'SessionExpiredEvent', 200, {});

export const jwtResponse = (/** @type {string} */ jwt, /** @type {number} */ exp, /** @type {unknown} */ tracingId) =>
  frame('response', 'JwtResponse', 200, { jwt, exp }, tracingId);

/** Media rules advertised in SessionResponse / GetConfigurationResponse. */
export const ALLOWED_MEDIA = Object.freeze({
  inbound: {
    fileTypes: [{ type: 'image/png' }, { type: 'image/jpeg' }, { type: 'image/gif' }, { type: 'application/pdf' }],
    maxFileSizeKB: 10240,
  },
});
export const BLOCKED_EXTENSIONS = Object.freeze(['.ade', '.adp', '.app', '.bat', '.cmd', '.com', '.exe', '.js', '.msi', '.vbs']);

/** Unsigned, JWT-shaped opaque string (alg "none"). It carries no session token. */
export function makeJwt(/** @type {Json} */ claims) {
  const b64 = (/** @type {unknown} */ o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.${randomBytes(24).toString('base64url')}`;
}
