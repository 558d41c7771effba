/**
 * The deployment's config.json for the element (protocol §6.3): read once per config URL,
 * the copy an earlier visit kept in the element's storage at once when there is one (a
 * returning visitor's launcher paints without waiting; the file is read again behind it and
 * applies when it lands), else the network. The launcher waits for the network at most
 * `CONFIG_TIMEOUT_MS` (1.5 s); a slower answer is not given up: the launcher shows with the
 * defaults and one `config-timeout` error says so, and the file applies when it lands (its
 * colour, its languages, and the conversation's settings, which the engine reads through
 * `raw`). Nothing more is reported for that read: no second error if it then fails, no "all
 * is well" when it lands.
 *
 * Also the shadow root's own sheet: the deployment's colour as the default accent (a page's
 * `--genesys-chat-accent` wins) and the language's direction.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ResolvedConfig } from '../config.js';
import { CONFIG_TIMEOUT_MS, DEFAULT_DEPLOYMENT, fetchDeployment, keptDeployment, type Deployment, type Loaded } from '../deployment.js';
import type { Json } from '../json.js';
import { storageArea } from '../stored.js';
import type { ChatError } from '../types.js';

export interface DeploymentOptions {
  /** The connection attributes as the element resolved them. */
  config(): ResolvedConfig;
  /** The direction of the language spoken. */
  rtl(): boolean;
  report(error: ChatError): void;
}

export class DeploymentController implements ReactiveController {
  /** What the launcher follows (defaults until read, or when reading failed). */
  deployment: Deployment = DEFAULT_DEPLOYMENT;
  /** config.json as last read, for the engine's settings. */
  raw?: Json;
  /** The launcher may show: the file was read, or the deadline passed. */
  settled = true;
  /** Until `settled`: the read, or the launcher's deadline, whichever is first. */
  settling?: Promise<void>;
  #host: ReactiveControllerHost & HTMLElement;
  #o: DeploymentOptions;
  #url?: string;
  #sheet?: CSSStyleSheet;
  #css = '';

  constructor(host: ReactiveControllerHost & HTMLElement, options: DeploymentOptions) {
    this.#host = host;
    this.#o = options;
    host.addController(this);
  }

  /** Before each render: a changed config URL is read (the element resolved it in willUpdate). */
  hostUpdate(): void {
    const { target, configUrl, storage } = this.#o.config();
    if (configUrl === this.#url) return;
    const url = (this.#url = configUrl);
    if (!target || !url) return this.#apply({ deployment: DEFAULT_DEPLOYMENT, problems: [] });
    const current = () => url === this.#url;
    const area = storageArea(storage);
    let kept = keptDeployment(target.deploymentId, url, area);
    // A copy that is not usable is said (a log line and an error event), and waited past.
    if (kept?.error) {
      this.#o.report(kept.error);
      kept = undefined;
    }
    const reading = fetchDeployment(target.deploymentId, url, area, kept && 10_000);
    if (kept) {
      // An admin's change applies when the fresh copy arrives; nothing waits for it.
      void reading.then((fresh) => !fresh.error && current() && JSON.stringify(fresh.raw) !== JSON.stringify(kept.raw) && this.#apply(fresh));
      return this.#apply(kept);
    }
    this.settled = false;
    let late = false;
    // Settles at the deadline or when the file lands, whichever is first.
    const settling: Promise<void> = new Promise<void>((settle) => {
      const timer = setTimeout(() => {
        if (!this.settled && current()) {
          late = true;
          this.#apply({
            deployment: DEFAULT_DEPLOYMENT,
            problems: [],
            error: { code: 'config-timeout', message: `config.json took longer than ${CONFIG_TIMEOUT_MS} ms; the defaults apply until it arrives (${url})` },
          });
        }
        settle();
      }, CONFIG_TIMEOUT_MS);
      // Late, its error (if any) was said already, as config-timeout: one per read.
      void reading.then((loaded) => {
        clearTimeout(timer);
        if (current()) this.#apply(late ? { ...loaded, error: undefined } : loaded);
        settle();
      });
    }).then(() => {
      if (this.settling === settling) this.settling = undefined;
    });
    this.settling = settling;
  }

  /** After each render: the sheet follows the colour and the language's direction. */
  hostUpdated(): void {
    const shadow = this.#host.shadowRoot;
    const colour = this.deployment.primaryColor;
    const css = `:host{${colour ? `--_deployment-accent:${colour};` : ''}direction:${this.#o.rtl() ? 'rtl' : 'ltr'}}`;
    if (!shadow || css === this.#css || !('adoptedStyleSheets' in shadow)) return;
    this.#css = css;
    if (!this.#sheet) {
      this.#sheet = new CSSStyleSheet();
      shadow.adoptedStyleSheets = [...shadow.adoptedStyleSheets, this.#sheet];
    }
    this.#sheet.replaceSync(css);
  }

  #apply(loaded: Loaded): void {
    const d = (this.deployment = loaded.deployment);
    this.raw = loaded.raw;
    this.settled = true;
    if (loaded.error) this.#o.report(loaded.error);
    if (!d.enabled) this.#o.report({ code: 'deployment-disabled', message: `The chat does not appear: ${loaded.disabled}` });
    this.#host.requestUpdate();
  }
}
