/** The shape of the React test apps (test/react/*.tsx), for the test files that drive their bundles. */
import type { GenesysChatElement } from '../../src/react.js';
import type { ChatMessage, ConnectionState } from '../../src/types.js';

export interface AppProps {
  deploymentId: string;
  socketUrl: string;
  open?: boolean;
  lang?: string;
  sound?: boolean;
  disableTitleBadge?: boolean;
  disableTyping?: boolean;
  customAttributes?: Record<string, string>;
}

/** What the app's handlers saw. */
export interface AppLog {
  messages: ChatMessage[];
  states: ConnectionState[];
  sent: string[];
  element: GenesysChatElement | null;
}

export interface AppModule {
  /** React's own version string. */
  version: string;
  mount(container: HTMLElement, props: AppProps): { log: AppLog; render(props: AppProps): void; unmount(): void };
}

export interface NativeProps {
  deploymentId: string;
  socketUrl: string;
  customAttributes: Record<string, string>;
  disableTitleBadge: boolean;
}

export interface NativeModule {
  version: string;
  mount(container: HTMLElement, props: NativeProps): { received: string[]; render(props: NativeProps): void; unmount(): void };
}
