/**
 * Public events of `<genesys-chat>`. Every event bubbles and is composed, so a page can
 * listen at `document` even when the widget sits inside another shadow root.
 * None fires for programmatic property changes.
 */
import type { GenesysChatAuthEvent, GenesysChatReadyEvent, GenesysChatSendEvent, GenesysChatMessageEvent, GenesysChatReadEvent, GenesysChatTypingEvent, GenesysChatStateEvent } from './conversation-events.js';
import type { GenesysChatOpenEvent, GenesysChatCloseEvent, GenesysChatErrorEvent } from './launcher-events.js';

export * from './launcher-events.js';
export * from './conversation-events.js';

declare global {
  interface GlobalEventHandlersEventMap {
    'genesys-chat-ready': GenesysChatReadyEvent;
    'genesys-chat-open': GenesysChatOpenEvent;
    'genesys-chat-close': GenesysChatCloseEvent;
    'genesys-chat-send': GenesysChatSendEvent;
    'genesys-chat-message': GenesysChatMessageEvent;
    'genesys-chat-read': GenesysChatReadEvent;
    'genesys-chat-typing': GenesysChatTypingEvent;
    'genesys-chat-state': GenesysChatStateEvent;
    'genesys-chat-error': GenesysChatErrorEvent;
    'genesys-chat-auth': GenesysChatAuthEvent;
  }
}
