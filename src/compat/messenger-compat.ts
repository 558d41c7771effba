/**
 * `dist/messenger-compat.js`: Genesys Messenger's `Genesys(...)` command API on top of
 * `<genesys-chat>`, so a page written for Messenger switches by changing one script URL.
 *
 * A classic script (rollup builds it as an IIFE). Genesys's snippet has already put a stub
 * `Genesys` on `window` (its name in `window._genesysJs`) that queues calls in `Genesys.q`
 * and keeps the snippet's options in `Genesys.c`. This script:
 *  - loads `genesys-chat.min.js` from its own directory (unless the element is defined),
 *  - puts a `<genesys-chat>` on the page (or takes the one already there) with
 *    `deployment-id`, `region` (from `environment`) and `socket-url`/`api-url` (from the
 *    non-Genesys options `socketUrl`/`apiUrl`, for a proxy or the simulator),
 *  - replaces the stub with the live function and replays the queue,
 *  - maps commands to the element's public methods and its events to Messenger events.
 *
 * Only the element's public API is used. Names and payloads follow Genesys's Messenger SDK
 * documentation (docs/messenger.md lists sources and deviations).
 */
import type { GenesysChat } from '../genesys-chat.js';
import type { ChatError, ChatMessage, ConnectionState } from '../types.js';

type Callback = (value?: unknown) => void;
type Options = Record<string, unknown>;
interface Snippet {
  (...args: unknown[]): unknown;
  q?: ArrayLike<unknown>[];
  c?: { environment?: string; deploymentId?: string; socketUrl?: string; apiUrl?: string };
  t?: number;
  compat?: true;
}

const TAG = 'genesys-chat';
const PREFIX = '[messenger-compat]';
const w = window as unknown as Record<string, unknown> & { _genesysJs?: string };
const name = w._genesysJs || 'Genesys';
const stub = w[name] as Snippet | undefined;

/** Messenger `environment` to the element's `region`: `prod`, `prod-euw2`, a domain as they are; `usw2` → `prod-usw2`. */
const regionOf = (env: string): string => (/^[a-z]+\d$/i.test(env) ? `prod-${env}` : env);

/** Messenger's wording where public code compares with it (`error === 'Messenger is already opened.'`). */
const ALREADY_OPEN = 'Messenger is already opened.';
const ALREADY_CLOSED = 'Messenger is already closed.';
const ENDED = 'Conversation session has ended, start a new session to send a message.';

if (!stub?.compat) start(stub?.c ?? {});

function start(options: NonNullable<Snippet['c']>): void {
  const here = (document.currentScript as HTMLScriptElement | null)?.src || location.href;
  const el = (document.querySelector(TAG) ?? document.createElement(TAG)) as GenesysChat;
  const attrs: Record<string, string | undefined> = {
    'deployment-id': options.deploymentId,
    region: options.environment && regionOf(options.environment),
    'socket-url': options.socketUrl,
    'api-url': options.apiUrl,
  };
  for (const [key, value] of Object.entries(attrs)) if (value) el.setAttribute(key, value);

  const listeners: Record<string, Callback[]> = {};
  /** Published `*.ready` events: Genesys republishes them to late subscribers. */
  const sticky = new Set<string>();
  const publish = (event: string, data?: unknown): void => {
    if (event.endsWith('.ready')) sticky.add(event);
    for (const cb of listeners[event] ?? []) deliver(cb, event, data);
  };

  const loaded = new Promise<unknown>((resolve, reject) => {
    const attach = () => {
      if (!el.isConnected) document.body.append(el);
      if (customElements.get(TAG)) return resolve(undefined);
      const script = document.createElement('script');
      script.src = new URL('genesys-chat.min.js', here).href;
      script.onerror = () => reject(new Error(`${PREFIX} could not load ${script.src}`));
      document.head.append(script);
      void customElements.whenDefined(TAG).then(resolve);
    };
    if (document.body) attach();
    else addEventListener('DOMContentLoaded', attach, { once: true });
  });
  // Ready: the element is upgraded and has read the deployment's configuration
  // (`updateComplete` waits for config.json); a new visitor has no session yet.
  const ready = loaded.then(() => el.updateComplete);
  ready.then(
    () => ['Messenger.ready', 'Database.ready', 'MessagingService.ready'].forEach((e) => publish(e)),
    (error: Error) => publish('MessagingService.error', { code: 'load-failed', message: error.message }),
  );

  // ---------------------------------------------------------------- element events
  const on = <T>(type: string, fn: (detail: T) => void) => el.addEventListener(type, (e) => fn((e as CustomEvent<T>).detail));
  on('genesys-chat-open', () => publish('Messenger.opened'));
  on('genesys-chat-close', () => publish('Messenger.closed'));
  on<ChatMessage>('genesys-chat-message', (m) => publish('MessagingService.messagesReceived', { messages: [toGenesys(m)] }));
  on<{ typing: boolean }>('genesys-chat-typing', ({ typing }) =>
    typing ? publish('MessagingService.typingReceived', { typing: { type: 'On' } }) : publish('MessagingService.typingTimeout'),
  );
  on<{ newSession: boolean; readOnly: boolean }>('genesys-chat-ready', ({ newSession, readOnly }) =>
    publish('MessagingService.started', { newSession, readOnly, authenticated: el.authenticated }),
  );
  on<ChatError>('genesys-chat-error', ({ code, message }) => publish('MessagingService.error', { code, message }));
  let previous: ConnectionState = 'idle';
  on<ConnectionState>('genesys-chat-state', (state) => {
    const before = previous;
    previous = state;
    if (state === 'reconnecting') publish('MessagingService.reconnecting');
    if (state === 'ready' && before === 'reconnecting') publish('MessagingService.reconnected');
    if (state !== 'read-only') return;
    // Live (after `ready`): the agent or flow ended it. Otherwise a restored ended conversation.
    // The Disconnect presence joins the log right after the state changes: read it a task later.
    setTimeout(() => {
      const left = [...el.messages].reverse().find((m) => m.presence === 'left');
      if (before === 'ready') publish('MessagingService.conversationDisconnected', { message: left && toGenesys(left), readOnly: true });
      publish('MessagingService.readOnlyConversation');
    });
  });

  // ---------------------------------------------------------------- commands
  const customAttributes: Record<string, string> = {};
  const database = (o: Options) => {
    const attributes = (o.messaging as Options | undefined)?.customAttributes;
    if (!attributes || typeof attributes !== 'object') {
      throw new Error('Database: only messaging.customAttributes is supported');
    }
    for (const [key, value] of Object.entries(attributes)) if (value != null) customAttributes[key] = String(value);
    el.customAttributes = { ...customAttributes };
    const data = { messaging: { customAttributes: { ...customAttributes } } };
    publish('Database.updated', data);
    return data;
  };
  const commands: Record<string, (o: Options) => unknown> = {
    'Messenger.open': () => {
      if (el.open) throw ALREADY_OPEN;
      el.show();
      publish('Messenger.opened');
    },
    'Messenger.close': () => {
      if (!el.open) throw ALREADY_CLOSED;
      el.hide();
      publish('Messenger.closed');
    },
    'Database.set': database,
    'Database.update': database,
    'MessagingService.sendMessage': (o) => {
      if (o.type || o.postback) throw new Error('sendMessage: type and postback are not supported');
      if (typeof o.message !== 'string') throw new Error('sendMessage needs { message }');
      if (!o.message.trim()) throw 'Message only contains whitespaces';
      if (el.connectionState === 'read-only') throw ENDED;
      if (!el.send(o.message)) throw new Error('not sent (see MessagingService.error)');
    },
    'MessagingService.clearConversation': () => {
      if (el.connectionState === 'idle') throw 'There is no active conversation found to clear.';
      // Settles when the service has cleared it and a new session is configured, or it refused
      // (or said nothing for 10 s: a refused frame can go unanswered).
      return new Promise((resolve, reject) => {
        const stop = new AbortController();
        const settle = (error?: string) => {
          clearTimeout(timer);
          stop.abort();
          if (error) return reject(new Error(error));
          publish('MessagingService.conversationCleared');
          resolve(undefined);
        };
        const timer = setTimeout(settle, 10_000, 'clearing was not confirmed');
        el.addEventListener('genesys-chat-ready', () => settle(), { signal: stop.signal });
        el.addEventListener('genesys-chat-error', (e) => settle((e as CustomEvent<ChatError>).detail.message), { signal: stop.signal });
        el.clearConversation();
      });
    },
  };

  // ---------------------------------------------------------------- Genesys(...)
  const command = (cmd: string, options: unknown, resolved?: unknown, rejected?: unknown): Promise<unknown> => {
    const run = commands[cmd];
    const result = run
      ? ready.then(() => run((options ?? {}) as Options))
      : Promise.reject(new Error(`Unknown command ${cmd} (messenger-compat supports ${Object.keys(commands).join(', ')})`));
    result.then(
      (value) => typeof resolved === 'function' && resolved(value),
      (error: unknown) => (typeof rejected === 'function' ? rejected(error) : console.warn(`${PREFIX} ${cmd} failed:`, error)),
    );
    return result;
  };
  const api: Snippet = (action, what, a, b, c) => {
    const event = String(what);
    if (action === 'command') return command(event, a, b, c);
    if (action === 'subscribe' && typeof a === 'function') {
      (listeners[event] ??= []).push(a as Callback);
      if (sticky.has(event)) deliver(a as Callback, event);
    } else console.warn(`${PREFIX} Genesys("${String(action)}", "${event}") is not supported`);
    return undefined;
  };
  api.c = options;
  api.compat = true;
  w[name] = api;
  for (const args of stub?.q ?? []) api(...Array.from(args));
}

/**
 * Calls a subscriber as Genesys does, with `{ event, data }`. Each call is a task of its own, so
 * one that throws is the page's uncaught error and the others still run.
 */
function deliver(cb: Callback, event: string, data?: unknown): void {
  setTimeout(() => cb({ event, data }));
}

/** A message as Messenger's events carry it (the guest API's message shape, as far as the element knows it). */
function toGenesys(m: ChatMessage) {
  const time = new Date(m.time).toISOString();
  const quickReplies = m.quickReplies?.map((q) => ({ contentType: 'QuickReply', quickReply: { text: q.text, payload: q.payload, image: q.image } }));
  return {
    id: m.id,
    type: m.presence ? 'Event' : quickReplies?.length || m.cards?.length ? 'Structured' : 'Text',
    text: m.text,
    direction: m.from === 'agent' ? 'Outbound' : 'Inbound',
    originatingEntity: m.bot ? 'Bot' : 'Human',
    channel: { time, from: { nickname: m.nickname, image: m.avatar } },
    ...(quickReplies?.length ? { content: quickReplies } : {}),
    ...(m.presence ? { events: [{ eventType: 'Presence', presence: { type: m.presence === 'left' ? 'Disconnect' : 'Join' } }] } : {}),
  };
}
