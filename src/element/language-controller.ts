/**
 * The language the element speaks and its catalog: `lang`, else the nearest ancestor's,
 * else the deployment's languages matched to the browser's, else English. The catalog's core
 * (what every open chat shows) is a chunk loaded in the first idle moment after the launcher's
 * frame: the launcher's labels have an English fallback, so its first paint never waits for
 * (or downloads) a catalog. The rest of it (what only the features that load on use say)
 * loads when the panel first asks for it (`whole()`); from then on a language loads whole.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Deployment } from '../deployment.js';
import type { Catalog, StringKey } from '../i18n/en.js';
import { chooseLanguage, fill, loadCatalog } from '../i18n/languages.js';
import { whenIdle } from './chunk-loader.js';
import type { ChatError } from '../types.js';

/** The launcher's labels until the catalog arrives. */
const launcherLabels: Partial<Record<StringKey, string>> = { openChat: 'Open chat', closeChat: 'Close chat', openChatUnread: 'Open chat, {count} unread' };

export type LanguageHost = ReactiveControllerHost & HTMLElement & { readonly strings: Partial<Record<StringKey, string>> };

export interface LanguageOptions {
  /** The deployment's languages, once it is read (undefined before: nothing is chosen yet). */
  deployment(): Deployment | undefined;
  report(error: ChatError): void;
}

export class LanguageController implements ReactiveController {
  /** The language spoken (a catalog's tag); empty until the deployment is read. */
  language = '';
  /** Its catalog, once loaded (the panel waits for it): the core, or whole once asked for. */
  catalog?: Partial<Catalog>;
  /** The catalog being loaded. */
  settling?: Promise<void>;
  /** The panel asked for the whole catalog: every language loads whole from then on. */
  #whole = false;
  #host: LanguageHost;
  #o: LanguageOptions;

  constructor(host: LanguageHost, options: LanguageOptions) {
    this.#host = host;
    this.#o = options;
    host.addController(this);
  }

  /** Before each render: `lang` (own or inherited) may have changed, or the deployment. */
  hostUpdate(): void {
    const d = this.#o.deployment();
    if (!d) return;
    let inherited: string | null = null;
    for (let n: Node | null = this.#host.parentNode; n && !inherited; n = n.parentNode ?? (n as ShadowRoot).host ?? null) {
      if (n instanceof Element) inherited = n.getAttribute('lang');
    }
    const language = chooseLanguage({ own: this.#host.lang, inherited, offered: d.languages, fallback: d.defaultLanguage, preferred: navigator.languages ?? [] });
    if (language === this.language) return;
    this.language = language;
    // The first idle moment comes after the launcher's frame (a hidden tab: within 100 ms).
    this.#load(new Promise<void>((painted) => whenIdle(painted, 100, 50)));
  }

  /**
   * The whole catalog: the panel asks before a feature that speaks shows (a notice, sign-in,
   * clearing, files, the count over the limit). Settles when it is here, or failed (said once;
   * the keys of the rest show then).
   */
  whole(): Promise<void> {
    if (!this.#whole) {
      this.#whole = true;
      this.#load(Promise.resolve());
    }
    return this.settling ?? Promise.resolve();
  }

  /** Loads the language's catalog (whole once asked for) after `after`; the latest load wins. */
  #load(after: Promise<void>): void {
    const { language } = this;
    const whole = this.#whole;
    const settling: Promise<void> = after
      .then(() => loadCatalog(language, whole))
      .then(
        (catalog) => {
          if (this.settling === settling) this.catalog = catalog;
        },
        (error: unknown) => {
          // Without a catalog the keys themselves show: still usable, and the error says why.
          this.#o.report({ code: 'load-failed', message: `Could not load the ${language} strings: ${String(error)}` });
          this.catalog ??= {};
        },
      )
      .then(() => {
        if (this.settling === settling) this.settling = undefined;
        this.#host.requestUpdate();
      });
    this.settling = settling;
  }

  /**
   * A catalog string (the page's `strings` first, when it is text), placeholders filled. The
   * panel checks `strings` and reports wrong keys when it loads.
   */
  text(key: StringKey, params?: Record<string, string | number>): string {
    const own: unknown = (this.#host.strings as Record<string, unknown> | null)?.[key];
    return fill(typeof own === 'string' && own.trim() ? own.slice(0, 500) : (this.catalog?.[key] ?? launcherLabels[key] ?? key), params);
  }
}
