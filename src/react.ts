/**
 * `genesys-chat/react`: `<genesys-chat>` as a React component (React 18 and 19), made with
 * `@lit/react`. Importing it registers the tag.
 *
 *   import { GenesysChat } from 'genesys-chat/react';
 *
 *   <GenesysChat
 *     deploymentId="…" region="euw2.pure.cloud"
 *     customAttributes={{ orderId: '1234' }}
 *     onGenesysChatMessage={(e) => console.log(e.detail.text)}
 *   />
 *
 * Every attribute is a camelCase prop (`deploymentId`, `disableTyping`, `disableTitleBadge`),
 * every event an `on…` prop with its typed event (`onGenesysChatMessage` for
 * `genesys-chat-message`), and `ref` is the element (`ref.current.send('Hi')`). React itself
 * is the page's: this module imports `react` and never bundles it.
 */
import * as React from 'react';
import { createComponent, type EventName } from '@lit/react';
import { GenesysChat as GenesysChatElement } from './define.js';
import type {
  GenesysChatAuthEvent,
  GenesysChatMessageEvent,
  GenesysChatReadEvent,
  GenesysChatReadyEvent,
  GenesysChatSendEvent,
  GenesysChatStateEvent,
  GenesysChatTypingEvent,
} from './conversation-events.js';
import type { GenesysChatCloseEvent, GenesysChatErrorEvent, GenesysChatOpenEvent } from './launcher-events.js';
// The JSX typings of the element itself (React 19's native custom elements) come along.
export type { GenesysChatJsxProps } from './jsx.js';

/** Event props and the events they listen for (names as strings: no event code is loaded here). */
const events = {
  onGenesysChatReady: 'genesys-chat-ready' as EventName<GenesysChatReadyEvent>,
  onGenesysChatOpen: 'genesys-chat-open' as EventName<GenesysChatOpenEvent>,
  onGenesysChatClose: 'genesys-chat-close' as EventName<GenesysChatCloseEvent>,
  onGenesysChatSend: 'genesys-chat-send' as EventName<GenesysChatSendEvent>,
  onGenesysChatMessage: 'genesys-chat-message' as EventName<GenesysChatMessageEvent>,
  onGenesysChatRead: 'genesys-chat-read' as EventName<GenesysChatReadEvent>,
  onGenesysChatTyping: 'genesys-chat-typing' as EventName<GenesysChatTypingEvent>,
  onGenesysChatState: 'genesys-chat-state' as EventName<GenesysChatStateEvent>,
  onGenesysChatError: 'genesys-chat-error' as EventName<GenesysChatErrorEvent>,
  onGenesysChatAuth: 'genesys-chat-auth' as EventName<GenesysChatAuthEvent>,
};

/** The event handler props, each with its event class. */
export type GenesysChatEventProps = {
  [K in keyof typeof events]?: (event: (typeof events)[K]['__eventType']) => void;
};

/** The element's settable properties (attributes included), as props. */
export type GenesysChatElementProps = Partial<
  Pick<
    GenesysChatElement,
    | 'deploymentId'
    | 'region'
    | 'socketUrl'
    | 'apiUrl'
    | 'open'
    | 'heading'
    | 'disableTyping'
    | 'disableReceipts'
    | 'storage'
    | 'rateLimit'
    | 'connect'
    | 'configUrl'
    | 'loginUrl'
    | 'theme'
    | 'display'
    | 'customAttributes'
    | 'strings'
    | 'transportFactory'
  >
> & {
  /** UI language (BCP 47); unset: the page's, the deployment's or the browser's. */
  lang?: string;
  /** A short chime for a new agent message (the `sound` attribute). */
  sound?: boolean;
  /** Never show the unread count in the page title (the `disable-title-badge` attribute). */
  disableTitleBadge?: boolean;
};

/** Props of `<GenesysChat>`: the element's, its events', and a `div`'s (`className`, `style`, `id`…). */
export type GenesysChatProps = GenesysChatElementProps &
  GenesysChatEventProps &
  Omit<React.HTMLAttributes<GenesysChatElement>, keyof GenesysChatElementProps | keyof GenesysChatEventProps | 'children'> &
  React.RefAttributes<GenesysChatElement>;

// A second copy of this package on the page does not define the tag again (define.js is
// guarded): take the class that is registered, whose prototype has the property accessors
// that tell @lit/react which props are properties.
const elementClass = (customElements.get('genesys-chat') as typeof GenesysChatElement | undefined) ?? GenesysChatElement;

const Wrapped = createComponent({
  react: React,
  tagName: 'genesys-chat',
  elementClass,
  events,
  displayName: 'GenesysChatElement',
});

/**
 * Attributes without a property: React 18 would write `false` as the text "false" (which
 * counts as present) and a camelCase name as it is, so these are passed as attribute names
 * with an empty value, or left out. If the element gains such a property, it is set instead.
 */
function attribute(prop: string, name: string, on: boolean | undefined): Record<string, unknown> {
  if (prop in elementClass.prototype) return { [prop]: on };
  return { [name]: on ? '' : undefined };
}

/** `<genesys-chat>` as a React component. */
export const GenesysChat = React.forwardRef<GenesysChatElement, Omit<GenesysChatProps, 'ref'>>(function GenesysChat(
  { sound, disableTitleBadge, ...props },
  ref,
) {
  return React.createElement(Wrapped, {
    ...props,
    ...attribute('sound', 'sound', sound),
    ...attribute('disableTitleBadge', 'disable-title-badge', disableTitleBadge),
    ref,
  } as React.ComponentProps<typeof Wrapped>);
});
GenesysChat.displayName = 'GenesysChat';

/** The element class, for `useRef<GenesysChatElement>(null)`. */
export type { GenesysChatElement };
