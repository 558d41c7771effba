/**
 * The conversation's events, fired by the engine and the panel chunks (so they load with
 * them); events.ts exports them with the launcher's.
 */
import { init } from './launcher-events.js';
import type { ChatMessage, ConnectionState } from './types.js';

/** The session is configured (`SessionResponse` arrived); detail says whether it is new. */
export class GenesysChatReadyEvent extends Event {
  static readonly eventName = 'genesys-chat-ready';
  readonly detail: { readonly newSession: boolean; readonly readOnly: boolean };
  constructor(detail: { newSession: boolean; readOnly: boolean }) {
    super(GenesysChatReadyEvent.eventName, init);
    this.detail = Object.freeze({ ...detail });
  }
}

/**
 * The person submitted a message and the widget is about to send it. Cancelable:
 * `preventDefault()` keeps the message from being sent (and leaves the input as it was).
 */
export class GenesysChatSendEvent extends Event {
  static readonly eventName = 'genesys-chat-send';
  readonly detail: { readonly text: string };
  constructor(text: string) {
    super(GenesysChatSendEvent.eventName, { ...init, cancelable: true });
    this.detail = Object.freeze({ text });
  }
}

/** A message from the agent or bot arrived (live, not from history backfill). */
export class GenesysChatMessageEvent extends Event {
  static readonly eventName = 'genesys-chat-message';
  readonly detail: ChatMessage;
  constructor(message: ChatMessage) {
    super(GenesysChatMessageEvent.eventName, init);
    this.detail = Object.freeze({ ...message });
  }
}

/** Agent messages were seen by the person and marked read (one event per flush). */
export class GenesysChatReadEvent extends Event {
  static readonly eventName = 'genesys-chat-read';
  readonly detail: { readonly ids: readonly string[] };
  constructor(ids: readonly string[]) {
    super(GenesysChatReadEvent.eventName, init);
    this.detail = Object.freeze({ ids: Object.freeze([...ids]) });
  }
}

/** The agent started or stopped typing. */
export class GenesysChatTypingEvent extends Event {
  static readonly eventName = 'genesys-chat-typing';
  readonly detail: { readonly typing: boolean };
  constructor(typing: boolean) {
    super(GenesysChatTypingEvent.eventName, init);
    this.detail = Object.freeze({ typing });
  }
}

/** The connection state changed; `detail` is the new state (`'ready'`, `'reconnecting'`, ...). */
export class GenesysChatStateEvent extends Event {
  static readonly eventName = 'genesys-chat-state';
  readonly detail: ConnectionState;
  constructor(state: ConnectionState) {
    super(GenesysChatStateEvent.eventName, init);
    this.detail = state;
  }
}

/**
 * The customer's sign-in state changed (authenticated messaging): `login()`, `logout()`, the
 * service (a refused or expired sign-in, a logout elsewhere), another tab, or the deployment
 * asking for sign-in (`reason: 'required'`). Fires in every tab.
 */
export class GenesysChatAuthEvent extends Event {
  static readonly eventName = 'genesys-chat-auth';
  readonly detail: { readonly authenticated: boolean; readonly reason?: string };
  constructor(authenticated: boolean, reason?: string) {
    super(GenesysChatAuthEvent.eventName, init);
    this.detail = Object.freeze(reason ? { authenticated, reason } : { authenticated });
  }
}
