/**
 * What the session does about an error frame or a session event (protocol §3.5, §5): one
 * pure function of (frame, the session's state) → an action, so every rule is a row in a
 * table (test/session/error-policy.test.ts) and `guest-session.ts` only applies them.
 *
 * Attribution follows Genesys's Messenger Transport SDK (MT `handleError`): the real service
 * often answers without a tracingId (MT's own fixtures for 4013, 400 and 5000 carry none),
 * so untagged 4011/4013/4029 (and an untagged 429) belong to the message on the wire, if
 * one is written and waits for its answer. Any other untagged error is only reported: the
 * in-flight message's acknowledgement deadline (outbox.ts) decides what became of it.
 */

/** What a frame this session wrote was, by its tracingId. */
export type FrameKind = 'configure' | 'jwt' | 'typing' | 'receipt' | 'clear' | 'close' | 'join' | 'attachment';

/** The one control operation under way, if any. */
export type Operation = 'none' | 'closing' | 'restarting' | 'clearing';

/** An error frame as decoded (the `error` ServerFrame), or a session event. */
export type PolicyInput =
  | {
      kind: 'error';
      code: number;
      errorCode?: number;
      tracingId?: string;
      errorClass: string;
      retryAfter?: number;
    }
  | { kind: 'session-expired' }
  | { kind: 'connection-closed'; reason?: string };

export interface PolicyState {
  /** A SessionResponse accepted the session (ready or read-only). */
  configured: boolean;
  op: Operation;
  /** What the tagged frame was, when this session sent it (tracingId remembered). */
  answered?: FrameKind;
  /** The tracingId names an outbox entry (a customer message). */
  message: boolean;
  /** An outbox message is written and waits for its echo. */
  inFlight: boolean;
  /** The last typing, receipt or clear frame written: what an untagged 403 most likely answers. */
  lastFeature?: FrameKind;
  /** The last configure carried a JWT (a signed-in customer). */
  signedIn: boolean;
  /** The session can sign in (the auth chunk is there). */
  canSignIn: boolean;
  /** 401s already answered with a refresh since the last good session. */
  unauthorized: number;
  /** The error's text (only to tell a 403 that asks for sign-in, §2.3). */
  text: string;
}

/** How a customer message's refusal counts: `final` fails it, `transient` is an attempt, `rate` waits. */
export type MessageOutcome = 'final' | 'transient' | 'rate';

export type PolicyAction =
  /** The refusal of a message: the tagged one, or (untagged) the one on the wire. */
  | { act: 'message'; outcome: MessageOutcome; tracingId?: string; pauseMs?: number }
  /** A 429 for something else: the budget waits; a refused clear or close is asked again. */
  | { act: 'pause'; pauseMs: number; again?: 'clear' | 'close' }
  /** An upload request refused: the upload manager words it. */
  | { act: 'upload' }
  /** The deployment does not take this feature: stop sending it; `report` the first time. */
  | { act: 'feature-off'; feature: 'typing' | 'receipt' }
  /** A Clear the deployment does not allow. */
  | { act: 'clear-refused' }
  /** The clear or close under way was refused: the operation is over, reported. */
  | { act: 'op-refused' }
  /** The session is gone (expired, 4006/4007): a fresh one, through the restart guard with backoff. */
  | { act: 'restart'; notice: 'session-expired' | 'session-restarted' }
  /** 4017: the token was signed in and may not go back to anonymous: a new token, through the same guard. */
  | { act: 'new-token' }
  | { act: 'refresh-jwt' }
  | { act: 'sign-out'; reason: 'expired' | 'rejected' }
  | { act: 'require-sign-in' }
  /** configureSession refused for good (deployment unknown, origin not allowed, feature off). */
  | { act: 'fail' }
  /** The clear completed (the service closed the connection after SessionClearedEvent). */
  | { act: 'cleared' }
  /** The service closed the session for good; `forgetToken` when it continues signed in elsewhere (§5.6). */
  | { act: 'closed'; forgetToken: boolean }
  /** Another tab's frame, relayed through this socket: theirs. */
  | { act: 'ignore' }
  /** Nothing to undo: a `genesys-chat-error` and a log line. */
  | { act: 'report' };

/** A 429 without Retry-After waits this long (MT's default). */
const DEFAULT_RATE_PAUSE_S = 1;

/** The guest API's own codes (4000-4999) and HTTP-like 4xx: the request itself is wrong, resending will not help. */
export const isFinal = (code: number): boolean => (code >= 400 && code < 500) || (code >= 4000 && code < 5000);

/** Codes MT attributes to the pending message whether or not a tracingId is present (P4). */
const MESSAGE_CODES = new Set([4011, 4013, 4029]);

export function classify(input: PolicyInput, s: PolicyState): PolicyAction {
  if (input.kind === 'session-expired') return { act: 'restart', notice: 'session-expired' };
  if (input.kind === 'connection-closed') {
    if (s.op === 'clearing') return { act: 'cleared' };
    return { act: 'closed', forgetToken: input.reason === 'signedIn' };
  }
  const { code, tracingId } = input;
  const tagged = tracingId !== undefined;
  const rate = code === 429 || code === 4029 || input.errorCode === 4029;

  if (code === 4006 || code === 4007) return { act: 'restart', notice: 'session-restarted' };

  if (rate) {
    const pauseMs = (input.retryAfter ?? DEFAULT_RATE_PAUSE_S) * 1000;
    // Tagged: the frame it names. Untagged: the written message, else only the budget waits (C13).
    if (tagged ? s.message : s.inFlight) return { act: 'message', outcome: 'rate', pauseMs, ...(tagged ? { tracingId } : {}) };
    if (s.answered === 'clear' || s.answered === 'close') return { act: 'pause', pauseMs, again: s.answered };
    return { act: 'pause', pauseMs };
  }

  if (input.errorClass === 'GenerateUrlError' || s.answered === 'attachment') return { act: 'upload' };

  if (tagged && s.message) return { act: 'message', outcome: isFinal(code) ? 'final' : 'transient', tracingId };
  // A tracingId this session never wrote: another tab's frame (the leader relays every answer).
  if (tagged && !s.answered) return { act: 'ignore' };

  if (!s.configured) {
    if (!tagged || s.answered === 'configure') return signIn(code, s) ?? { act: 'fail' };
    return { act: 'report' };
  }

  if (!tagged && MESSAGE_CODES.has(code) && s.inFlight) return { act: 'message', outcome: 'final' };

  // An untagged 403 answers the clear under way, else the last typing or receipt frame; a
  // clear that is over (refused, answered) takes no later 403 for its own (C10).
  const lastFeature = s.lastFeature === 'clear' ? undefined : s.lastFeature;
  const answered = s.answered ?? (code === 403 ? (s.op === 'clearing' ? 'clear' : lastFeature) : undefined);
  if (answered === 'clear' && (code === 403 || tagged)) return code === 403 ? { act: 'clear-refused' } : { act: 'op-refused' };
  if (answered === 'close' && tagged) return { act: 'op-refused' };
  if (answered === 'typing' && code === 403) return { act: 'feature-off', feature: 'typing' };
  // Receipts are in the schema but used by no official client (§4.2): any refusal turns them off (P3).
  if (answered === 'receipt' && (code === 403 || (tagged && isFinal(code)))) return { act: 'feature-off', feature: 'receipt' };
  return { act: 'report' };
}

/**
 * A configure refused for sign-in reasons (§2.3): 401 refreshes the JWT and tries again (3
 * times at most, as MT); 401/403 on a signed-in configure ends the sign-in; 403 on an
 * anonymous one means the deployment wants signed-in customers; 4017 means this token was
 * signed in and may not go back to anonymous.
 */
function signIn(code: number, s: PolicyState): PolicyAction | undefined {
  if (code === 4017) return { act: 'new-token' };
  if (!s.canSignIn) return undefined;
  if (s.signedIn && code === 401 && s.unauthorized < 3) return { act: 'refresh-jwt' };
  if (s.signedIn && (code === 401 || code === 403)) return { act: 'sign-out', reason: code === 401 ? 'expired' : 'rejected' };
  if (!s.signedIn && code === 403 && /authenticat/i.test(s.text)) return { act: 'require-sign-in' };
  return undefined;
}
