/**
 * The session's error handling as a table (issue 15 §4): (frame, state) → action. Each row
 * names the review item it holds (code-review-749c705.md).
 */
import { expect } from '@open-wc/testing';
import { classify, type PolicyAction, type PolicyInput, type PolicyState } from '../../src/session/error-policy.js';

const ready: PolicyState = { configured: true, op: 'none', message: false, inFlight: false, signedIn: false, canSignIn: false, unauthorized: 0, text: '' };
const configuring: PolicyState = { ...ready, configured: false };

const err = (code: number, extra: Partial<Extract<PolicyInput, { kind: 'error' }>> = {}): PolicyInput => ({ kind: 'error', code, errorClass: 'string', ...extra });
const tagged = (code: number, extra: Partial<Extract<PolicyInput, { kind: 'error' }>> = {}) => err(code, { tracingId: 't1', ...extra });
const rate = (extra: Partial<Extract<PolicyInput, { kind: 'error' }>> = {}) => err(429, { errorClass: 'TooManyRequestsErrorMessage', errorCode: 4029, retryAfter: 3, ...extra });

const rows: [string, PolicyInput, PolicyState, PolicyAction][] = [
  // C1 / P4: untagged errors MT attributes to the pending message
  ['C1: untagged 4011 with a message written → that message, final', err(4011), { ...ready, inFlight: true }, { act: 'message', outcome: 'final' }],
  ['C1: untagged 4013 with a message written → that message, final', err(4013), { ...ready, inFlight: true }, { act: 'message', outcome: 'final' }],
  ['C1: untagged 4011 with nothing in flight → report only', err(4011), ready, { act: 'report' }],
  ['C1: untagged 5000 "Request failed." → report only (the ack deadline decides)', err(5000), { ...ready, inFlight: true }, { act: 'report' }],
  ['C1: untagged 400 → report only', err(400), { ...ready, inFlight: true }, { act: 'report' }],
  // C13: untagged 429
  ['C13: untagged 429 with a message written → that message, rate', rate(), { ...ready, inFlight: true }, { act: 'message', outcome: 'rate', pauseMs: 3000 }],
  ['C13: untagged 429 with nothing written → only the budget pauses', rate(), ready, { act: 'pause', pauseMs: 3000 }],
  ['C13: untagged 4029 envelope with nothing written → pause 1 s', err(4029), ready, { act: 'pause', pauseMs: 1000 }],
  ['429 naming our message → that message, rate', rate({ tracingId: 't1' }), { ...ready, message: true, inFlight: true }, { act: 'message', outcome: 'rate', pauseMs: 3000, tracingId: 't1' }],
  ['429 naming a typing frame while a message is written → pause only', rate({ tracingId: 't1' }), { ...ready, answered: 'typing', inFlight: true }, { act: 'pause', pauseMs: 3000 }],
  ['429 naming a Clear → asked again after the wait', rate({ tracingId: 't1' }), { ...ready, answered: 'clear' }, { act: 'pause', pauseMs: 3000, again: 'clear' }],
  ['429 naming a closeSession → asked again after the wait', rate({ tracingId: 't1' }), { ...ready, answered: 'close' }, { act: 'pause', pauseMs: 3000, again: 'close' }],
  // C9: every 4xxx is final for the message it names
  ['C9: 4009 naming our message → final', tagged(4009), { ...ready, message: true }, { act: 'message', outcome: 'final', tracingId: 't1' }],
  ['C9: 4020 naming our message → final', tagged(4020), { ...ready, message: true }, { act: 'message', outcome: 'final', tracingId: 't1' }],
  ['C9: 409 naming our message → final', tagged(409), { ...ready, message: true }, { act: 'message', outcome: 'final', tracingId: 't1' }],
  ['5000 naming our message → transient (an attempt)', tagged(5000), { ...ready, message: true }, { act: 'message', outcome: 'transient', tracingId: 't1' }],
  ['503 naming our message → transient', tagged(503), { ...ready, message: true }, { act: 'message', outcome: 'transient', tracingId: 't1' }],
  ['a tracingId this session never wrote → another tab\'s: ignore', tagged(4011), ready, { act: 'ignore' }],
  // uploads
  ['GenerateUrlError → the upload manager', err(200, { errorClass: 'GenerateUrlError' }), ready, { act: 'upload' }],
  ['an error naming an attachment request → the upload manager', tagged(4001), { ...ready, answered: 'attachment' }, { act: 'upload' }],
  // features (P3)
  ['403 naming typing → typing off', tagged(403), { ...ready, answered: 'typing' }, { act: 'feature-off', feature: 'typing' }],
  ['untagged 403 after a typing frame → typing off', err(403), { ...ready, lastFeature: 'typing' }, { act: 'feature-off', feature: 'typing' }],
  ['P3: 400 naming a receipt → receipts off', tagged(400), { ...ready, answered: 'receipt' }, { act: 'feature-off', feature: 'receipt' }],
  ['P3: 409 naming a receipt → receipts off', tagged(409), { ...ready, answered: 'receipt' }, { act: 'feature-off', feature: 'receipt' }],
  ['P3: 403 naming a receipt → receipts off', tagged(403), { ...ready, answered: 'receipt' }, { act: 'feature-off', feature: 'receipt' }],
  ['500 naming a receipt → report (not the frame\'s fault)', tagged(500), { ...ready, answered: 'receipt' }, { act: 'report' }],
  // C10: clear and close
  ['untagged 403 while clearing → clearing not allowed', err(403), { ...ready, op: 'clearing' }, { act: 'clear-refused' }],
  ['C10: 409 naming the Clear → the operation is over', tagged(409), { ...ready, op: 'clearing', answered: 'clear' }, { act: 'op-refused' }],
  ['C10: 400 naming the closeSession → the operation is over', tagged(400), { ...ready, op: 'closing', answered: 'close' }, { act: 'op-refused' }],
  ['C10: a later unrelated 403 after the refused Clear (op none, typing last) → typing', err(403), { ...ready, lastFeature: 'typing' }, { act: 'feature-off', feature: 'typing' }],
  ['C10: an untagged 403 after a Clear that is over → not the clear\'s: report', err(403), { ...ready, lastFeature: 'clear' }, { act: 'report' }],
  ['C10: ConnectionClosedEvent with no clear under way → closed for good', { kind: 'connection-closed', reason: 'SessionLimitReached' }, ready, { act: 'closed', forgetToken: false }],
  ['ConnectionClosedEvent while clearing → the clear completed', { kind: 'connection-closed' }, { ...ready, op: 'clearing' }, { act: 'cleared' }],
  // P5
  ['P5: ConnectionClosedEvent signedIn → closed, the anonymous token forgotten', { kind: 'connection-closed', reason: 'signedIn' }, ready, { act: 'closed', forgetToken: true }],
  // C7: session deaths through the guard
  ['C7: SessionExpiredEvent → restart (guarded)', { kind: 'session-expired' }, ready, { act: 'restart', notice: 'session-expired' }],
  ['4006 → restart (guarded)', err(4006), ready, { act: 'restart', notice: 'session-restarted' }],
  ['4007 while configuring → restart (guarded)', err(4007), configuring, { act: 'restart', notice: 'session-restarted' }],
  ['C7: 4017 → a new token (guarded)', err(4017), configuring, { act: 'new-token' }],
  // sign-in (§2.3)
  ['401 on a signed-in configure → refresh the JWT', tagged(401), { ...configuring, answered: 'configure', signedIn: true, canSignIn: true }, { act: 'refresh-jwt' }],
  ['401 after 3 refreshes → signed out (expired)', err(401), { ...configuring, signedIn: true, canSignIn: true, unauthorized: 3 }, { act: 'sign-out', reason: 'expired' }],
  ['403 on a signed-in configure → signed out (rejected)', err(403), { ...configuring, signedIn: true, canSignIn: true }, { act: 'sign-out', reason: 'rejected' }],
  ['403 "authentication required" on an anonymous configure → sign-in required', err(403), { ...configuring, canSignIn: true, text: 'Authentication is required' }, { act: 'require-sign-in' }],
  ['403 on an anonymous configure without sign-in → fail', err(403), configuring, { act: 'fail' }],
  ['400 answering configure (deployment unknown) → fail', err(400), configuring, { act: 'fail' }],
  ['an error naming a message while configuring → that message', tagged(4011), { ...configuring, message: true }, { act: 'message', outcome: 'final', tracingId: 't1' }],
];

describe('error policy (table)', () => {
  for (const [name, input, state, action] of rows) {
    it(name, () => {
      expect(classify(input, state)).to.deep.equal(action);
    });
  }
});
