/**
 * What the engine (engine.ts) and the panel (panel/chat-panel.ts) need from the element,
 * as structural types: they talk to "a Lit host with these properties", never to the
 * `GenesysChat` class, so neither depends on the element's whole surface (and the element,
 * the engine and the panel are no longer one knot of types). The pattern of attention.ts.
 */
import type { ReactiveControllerHost } from 'lit';
import type { StringKey } from './i18n/en.js';
import type { TransportFactory } from './transport/transport.js';

/** The element as the session engine needs it: its updates, events, attributes and the connection's properties. */
export type EngineHost = ReactiveControllerHost &
  HTMLElement & {
    /** The panel is open (a message the person does not see chimes, where `sound` is set). */
    readonly open: boolean;
    /** Genesys custom attributes sent with messages (read at each send). */
    readonly customAttributes: unknown;
    /** Frames per second of the shared budget. */
    readonly rateLimit: number;
    readonly transportFactory?: TransportFactory;
    /** Never tell the agent that the person is typing. */
    readonly disableTyping: boolean;
  };

/** The element as the panel needs it, beyond what the engine does. */
export type PanelHost = EngineHost & {
  readonly renderRoot: HTMLElement | DocumentFragment;
  readonly updateComplete: Promise<boolean>;
  readonly heading: string;
  readonly loginUrl: string;
  readonly display?: 'auto' | 'fullscreen';
  readonly disableReceipts: boolean;
  readonly strings: Partial<Record<StringKey, string>>;
  /** The header's "clear" asks the element, which asks the engine (and resets the panel). */
  clearConversation(): void;
};
