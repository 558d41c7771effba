/**
 * What the element loads and when: nothing for a new visitor until the chat is opened (or
 * `show()`/`send()` is called), the session engine at once with `connect="eager"` or when
 * the browser is idle for a returning visitor, and the panel with it when the chat opens.
 * Each chunk is imported once; later calls share the first. Texts given to `send()` before
 * the engine is there are kept in storage (`keep`), where the engine finds them when it
 * arrives (it keeps them there until a session takes them), also after a reload.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Engine } from '../engine.js';
import type { ChatPanel } from '../panel/chat-panel.js';
import type { ChatError } from '../types.js';

/** What has to be loaded: nothing yet, the session engine, or the engine and the panel. */
export type Need = 0 | 1 | 2;
export const ENGINE: Need = 1;
export const PANEL: Need = 2;

/**
 * Runs `fn` in the browser's first idle moment, at most `timeout` ms later (after `fallback`
 * ms where there is no requestIdleCallback: Safari). Returns what cancels it.
 */
export function whenIdle(fn: () => void, timeout: number, fallback: number): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(fn, { timeout });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(fn, fallback);
  return () => clearTimeout(id);
}

/** The engine's chunk, and the panel's too for `PANEL` (imports of loaded modules cost nothing). */
export const chunks = (need: Need) => Promise.all([import('../engine.js'), need > ENGINE ? import('../panel/chat-panel.js') : undefined]);

export type LoaderHost = ReactiveControllerHost & HTMLElement & { readonly open: boolean; readonly connect: 'lazy' | 'eager' };

export interface LoaderOptions {
  /** The deployment is read and the widget is on: something may load. */
  ready(): boolean;
  /** A session token is stored (a returning visitor). */
  stored(): boolean;
  /** Keeps a text given to `send()` before the engine is there where the engine finds it. */
  keep(text: string): void;
  /** What the session waits for before it starts (config.json, at most the launcher's deadline). */
  settling(): Promise<unknown> | undefined;
  engine(module: typeof import('../engine.js')): Engine;
  panel(module: typeof import('../panel/chat-panel.js'), engine: Engine): ChatPanel;
  report(error: ChatError): void;
}

export class ChunkLoader implements ReactiveController {
  engine?: Engine;
  panel?: ChatPanel;
  /** The chunks being imported, until they are in use. */
  loading?: Promise<void>;
  #loaded: Need = 0;
  /** Texts given to `send()` before the engine was there. */
  #queued: string[] = [];
  #idle?: () => void;
  #host: LoaderHost;
  #o: LoaderOptions;

  constructor(host: LoaderHost, options: LoaderOptions) {
    this.#host = host;
    this.#o = options;
    host.addController(this);
  }

  /** Keeps a text for the engine (in storage, through a reload), loading it. */
  queue(text: string): void {
    this.#queued.push(text);
    this.#o.keep(text);
    void this.load(ENGINE);
  }

  hostUpdated(): void {
    const need = this.#wanted();
    if (need <= this.#loaded) return;
    if (need === ENGINE && this.#o.stored() && this.#host.connect !== 'eager' && !this.#queued.length) {
      // A returning visitor: connect once the page has painted and the browser is idle (at
      // most 2 s later; cancelled on disconnect).
      this.#idle ??= whenIdle(
        () => {
          this.#idle = undefined;
          void this.load(ENGINE);
        },
        2000,
        200,
      );
    } else {
      void this.load(need);
    }
  }

  hostDisconnected(): void {
    this.#idle?.();
    this.#idle = undefined;
  }

  /** What the current state needs: the panel when open, the engine to connect. */
  #wanted(): Need {
    // Nothing before the deployment's configuration is read (and nothing if it is off).
    if (!this.#host.isConnected || !this.#o.ready()) return this.#loaded;
    if (this.#host.open) return PANEL;
    return this.engine || this.#queued.length || this.#host.connect === 'eager' || this.#o.stored() ? ENGINE : 0;
  }

  /**
   * Runs `fn` with the engine, loading it first and waiting for the update that gives it a
   * session (not for the order of microtasks); rejects without a usable configuration.
   */
  withEngine<T>(fn: (engine: Engine) => T | Promise<T>, missing: string): Promise<T> {
    const engine = this.engine;
    // Loaded: at once (a throw still rejects), so `clearConversation()` acts synchronously.
    if (engine) return new Promise<T>((resolve) => resolve(fn(engine)));
    return this.load(this.#host.open ? PANEL : ENGINE)
      .then(() => this.#host.updateComplete)
      .then(() => (this.engine ? fn(this.engine) : Promise.reject(new Error(missing))));
  }

  /** Imports the engine (and the panel) chunks once; later calls share the first. */
  load(need: Need): Promise<void> {
    if (need <= this.#loaded) return Promise.resolve();
    const loading: Promise<void> = (this.loading ?? Promise.resolve())
      // The session follows the deployment's configuration: wait for it (1.5 s at most).
      .then(() => this.#o.settling())
      .then(() => chunks(need))
      .then(([engineModule, panelModule]) => {
        if (!this.engine) {
          // It takes the kept texts from storage, and keeps them until a session takes them.
          this.engine = this.#o.engine(engineModule);
          this.#queued = [];
        }
        if (panelModule && !this.panel) this.panel = this.#o.panel(panelModule, this.engine);
        this.#loaded = Math.max(this.#loaded, need) as Need;
        this.#host.requestUpdate();
      })
      .catch((error: unknown) => this.#o.report({ code: 'load-failed', message: `Could not load the chat: ${String(error)}` }))
      .finally(() => {
        if (this.loading === loading) this.loading = undefined;
      });
    this.loading = loading;
    return loading;
  }
}
