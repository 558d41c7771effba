/**
 * The open chat (ChatPanel) on a stand-in host and engine: the panel's states (an expiring
 * session, a divider where a session ended, an unreachable service) shown from the shapes the
 * session gives, without a session that produces them. Tests set `engine.notice`,
 * `engine.socket.expiresAt` and `engine.messages`, then `await update()`.
 */
import { LitElement } from 'lit';
import type { Engine } from '../../src/engine.js';
import type { GenesysChat } from '../../src/genesys-chat.js';
import type { Catalog, StringKey } from '../../src/i18n/en.js';
import { fill } from '../../src/i18n/languages.js';
import { ChatPanel } from '../../src/panel/chat-panel.js';
import type { SessionNotice } from '../../src/session/chat-session.js';
import type { ChatMessage, ConnectionState } from '../../src/types.js';

class PanelStandIn extends LitElement {
  open = true;
  strings = null;
  display = 'auto';
  disableReceipts = true;
  loginUrl = '';
  heading = '';
  panel?: ChatPanel;
  clearConversation(): void {}
  protected override render() {
    return this.panel?.render();
  }
}
if (!customElements.get('panel-stand-in')) customElements.define('panel-stand-in', PanelStandIn);

export interface StandInEngine {
  messages: ChatMessage[];
  state: ConnectionState;
  notice?: SessionNotice;
  everReady: boolean;
  /** What the panel sent, in order. */
  sent: string[];
  /** send() answers this (false: the engine refused). */
  accept: (text: string) => boolean;
  socket: { info?: Record<string, unknown>; expiresAt?: number; reconnects: number };
}

export async function standIn(catalog: Catalog, lang = 'en', dir?: string) {
  const host = document.createElement('panel-stand-in') as PanelStandIn;
  if (dir) host.dir = dir;
  document.body.append(host);
  await host.updateComplete;
  const engine = {
    messages: [] as ChatMessage[],
    state: 'ready' as ConnectionState,
    notice: undefined as SessionNotice | undefined,
    everReady: true,
    signInRequired: false,
    authenticated: false,
    signedOutBecause: undefined,
    sent: [] as string[],
    accept: (_text: string) => true,
    settings: { markdown: false, clear: false, auth: { enabled: false }, fileUpload: { enabled: false } },
    store: {
      isRead: () => true,
      newestOf: (ids: readonly string[]) => ids.at(-1),
      indexOf: (id: string) => engine.messages.findIndex((m) => m.id === id),
    },
    socket: {
      info: undefined as Record<string, unknown> | undefined,
      expiresAt: undefined as number | undefined,
      hasOlder: false,
      reconnects: 0,
      reconnectNow() {
        this.reconnects++;
      },
      sendReceipt() {},
      retry() {},
      startNew() {},
      loadOlder: async () => undefined,
      downloadUrl: async () => undefined,
    },
    typing: { agentTyping: false, keystroke() {} },
    send(text: string) {
      if (!engine.accept(text)) return false;
      engine.sent.push(text);
      return true;
    },
    sendQuickReply() {},
  };
  host.panel = new ChatPanel(host as unknown as GenesysChat, engine as unknown as Engine, {
    setOpen: () => undefined,
    text: (key: StringKey, params) => fill(catalog[key], params),
    language: () => lang,
    catalog: () => catalog,
    report: () => undefined,
  });
  const update = async () => {
    host.requestUpdate();
    await host.updateComplete;
    // As the element's updateComplete does: a chunk the render asked for (notices.ts, …) and its render.
    for (let wait; (wait = host.panel?.pending); ) {
      await wait;
      await host.updateComplete;
    }
  };
  await update();
  const root = host.renderRoot as ShadowRoot;
  return { host, engine: engine as typeof engine & StandInEngine, root, update, remove: () => host.remove() };
}
