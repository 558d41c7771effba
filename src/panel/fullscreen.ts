/**
 * The open chat on a phone: below 480 px of viewport width, or with `display="fullscreen"`,
 * the panel fills the screen (panel.styles.ts, `.fullscreen`), the page behind it does not
 * scroll, and the panel follows the visual viewport so the on-screen keyboard never covers
 * the composer.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Narrower than this, the open chat takes the whole screen. */
export const PHONE_QUERY = '(max-width: 479.98px)';

interface Host extends ReactiveControllerHost, HTMLElement {
  open: boolean;
  display?: string;
}

/** Where the panel goes: the part of the layout viewport the person can see (keyboard excluded). */
export function visibleBox(viewport: { height: number; offsetTop: number } | null | undefined): { height: string; top: string } | undefined {
  if (!viewport || !(viewport.height > 0)) return undefined;
  return { height: `${Math.round(viewport.height)}px`, top: `${Math.max(0, Math.round(viewport.offsetTop))}px` };
}

export class FullScreen implements ReactiveController {
  #host: Host;
  #panel: () => HTMLElement | null;
  #query?: MediaQueryList;
  /** The page's own `overflow` on <html>, while this holds it. */
  #locked?: string;
  #following = false;

  constructor(host: Host, panel: () => HTMLElement | null) {
    this.#host = host;
    this.#panel = panel;
    host.addController(this);
  }

  /** The open chat fills the screen. */
  get active(): boolean {
    return this.#host.display === 'fullscreen' || !!this.#query?.matches;
  }

  hostConnected(): void {
    this.#query = matchMedia(PHONE_QUERY);
    this.#query.addEventListener('change', this.#onChange);
  }

  hostDisconnected(): void {
    this.#query?.removeEventListener('change', this.#onChange);
    this.#apply(false);
  }

  hostUpdated(): void {
    this.#apply(this.#host.open && this.active);
  }

  #onChange = (): void => this.#host.requestUpdate();

  #apply(on: boolean): void {
    const root = document.documentElement;
    if (on && this.#locked === undefined) {
      this.#locked = root.style.overflow;
      root.style.overflow = 'hidden';
    } else if (!on && this.#locked !== undefined) {
      root.style.overflow = this.#locked;
      this.#locked = undefined;
    }
    const viewport = globalThis.visualViewport;
    if (on && !this.#following && viewport) {
      viewport.addEventListener('resize', this.#onViewport);
      viewport.addEventListener('scroll', this.#onViewport);
      this.#following = true;
      this.#onViewport();
    } else if (!on && this.#following) {
      viewport?.removeEventListener('resize', this.#onViewport);
      viewport?.removeEventListener('scroll', this.#onViewport);
      this.#following = false;
      this.#panel()?.style.removeProperty('--_vv-height');
      this.#panel()?.style.removeProperty('--_vv-top');
    }
  }

  /** The keyboard opened or closed, or the page zoomed: fit the panel to what is visible. */
  #onViewport = (): void => {
    const box = visibleBox(globalThis.visualViewport);
    const panel = this.#panel();
    if (!box || !panel) return;
    panel.style.setProperty('--_vv-height', box.height);
    panel.style.setProperty('--_vv-top', box.top);
  };
}
