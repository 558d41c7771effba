/**
 * The events the first load fires: the person opened or closed the chat, or something went
 * wrong. Every event bubbles and is composed. The conversation's events are in
 * conversation-events.ts (they load with the engine); events.ts exports both.
 */
import type { ChatError } from './types.js';

export const init = { bubbles: true, composed: true } as const;

/** The person opened the panel. */
export class GenesysChatOpenEvent extends Event {
  static readonly eventName = 'genesys-chat-open';
  constructor() {
    super(GenesysChatOpenEvent.eventName, init);
  }
}

/** The person closed the panel. */
export class GenesysChatCloseEvent extends Event {
  static readonly eventName = 'genesys-chat-close';
  constructor() {
    super(GenesysChatCloseEvent.eventName, init);
  }
}

/** Something went wrong: a malformed frame, a refused message, a bad attribute. */
export class GenesysChatErrorEvent extends Event {
  static readonly eventName = 'genesys-chat-error';
  readonly detail: ChatError;
  constructor(error: ChatError) {
    super(GenesysChatErrorEvent.eventName, init);
    this.detail = Object.freeze({ ...error });
  }
}
