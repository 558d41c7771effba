/**
 * JSX typings for `<genesys-chat>` written directly in React 19, which supports custom
 * elements natively: import `genesys-chat/define.js` (it registers the tag), then
 * `import type {} from 'genesys-chat/jsx'` once, and write
 *
 *   <genesys-chat deployment-id="…" region="euw2.pure.cloud" ongenesys-chat-message={(e) => …} />
 *
 * React 19 sets a prop as a property when the element has one (`open`, `customAttributes`,
 * `strings`) and as an attribute otherwise (`deployment-id`, `disable-typing`: `true` gives
 * an empty attribute, `false` removes it), and listens for `on<event-name>` props with
 * `addEventListener`. Nothing here exists at run time. `genesys-chat/react` brings these
 * typings too.
 */
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { GenesysChat } from './genesys-chat.js';
// The events' classes, one namespace (events.ts re-exports the launcher's and the conversation's).
import type * as Events from './events.js';

/** The attributes, properties and events of `<genesys-chat>` as React 19 JSX props. */
export interface GenesysChatJsxProps extends HTMLAttributes<GenesysChat> {
  /** Genesys Messenger deployment id (required). */
  'deployment-id'?: string;
  /** `mypurecloud.com`, `euw2.pure.cloud`, `eu-west-2` or `prod-euw2`. */
  region?: string;
  /** Full WebSocket URL override (a proxy, or the local simulator). */
  'socket-url'?: string;
  /** REST base override. */
  'api-url'?: string;
  /** The panel is open (a property: `false` closes it). */
  open?: boolean;
  /** Panel title text. */
  heading?: string;
  /** Never tell the agent that the person is typing. */
  'disable-typing'?: boolean;
  /** Never send read receipts. */
  'disable-receipts'?: boolean;
  /** Where the session token and unsent messages live. */
  storage?: GenesysChat['storage'];
  /** Frames per second of the client-side budget (default 2). */
  'rate-limit'?: number | string;
  /** `lazy` (default) or `eager`. */
  connect?: GenesysChat['connect'];
  /** Override of the deployment configuration URL. */
  'config-url'?: string;
  /** Where the "Sign in" action goes. */
  'login-url'?: string;
  /** `auto`, `light` or `dark`. */
  theme?: 'auto' | 'light' | 'dark';
  /** `auto` or `fullscreen`. */
  display?: 'auto' | 'fullscreen';
  /** A short chime for a new agent message. */
  sound?: boolean;
  /** Never show the unread count in the page title. */
  'disable-title-badge'?: boolean;
  /** Genesys custom attributes sent with messages (a property). */
  customAttributes?: GenesysChat['customAttributes'];
  /** Partial overrides of the UI text catalog (a property). */
  strings?: GenesysChat['strings'];
  'ongenesys-chat-ready'?: (event: Events.GenesysChatReadyEvent) => void;
  'ongenesys-chat-open'?: (event: Events.GenesysChatOpenEvent) => void;
  'ongenesys-chat-close'?: (event: Events.GenesysChatCloseEvent) => void;
  'ongenesys-chat-send'?: (event: Events.GenesysChatSendEvent) => void;
  'ongenesys-chat-message'?: (event: Events.GenesysChatMessageEvent) => void;
  'ongenesys-chat-read'?: (event: Events.GenesysChatReadEvent) => void;
  'ongenesys-chat-typing'?: (event: Events.GenesysChatTypingEvent) => void;
  'ongenesys-chat-state'?: (event: Events.GenesysChatStateEvent) => void;
  'ongenesys-chat-error'?: (event: Events.GenesysChatErrorEvent) => void;
  'ongenesys-chat-auth'?: (event: Events.GenesysChatAuthEvent) => void;
}

/** What `<genesys-chat>` accepts in React 19 JSX (`ref` and `key` included). */
export type GenesysChatJsxElement = DetailedHTMLProps<GenesysChatJsxProps, GenesysChat>;

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'genesys-chat': GenesysChatJsxElement;
    }
  }
}
