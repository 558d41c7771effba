/**
 * The open chat on a phone: below 480 px of viewport width, or with `display="fullscreen"`,
 * the panel fills the screen (panel.styles.ts, `.fullscreen`; the panel decides when), and
 * this chunk, loaded only then, keeps the page behind it from scrolling and fits the panel
 * to the visual viewport so the on-screen keyboard never covers the composer.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

interface Host extends ReactiveControllerHost, HTMLElement {
  open: boolean;
}

/** Where the panel goes: the part of the layout viewport the person can see (keyboard excluded). */
export function visibleBox(viewport: { height: number; offsetTop: number } | null | undefined): { height: string; top: string } | undefined {
  if (!viewport || !(viewport.height > 0)) return undefined;
  return { height: `${Math.round(viewport.height)}px`, top: `${Math.max(0, Math.round(viewport.offsetTop))}px` };
}

export class FullScreen implements ReactiveController {
  #host: Host;
  #panel: () => HTMLElement | null;
  #active: () => boolean;
  /** The page's own `overflow` on <html>, while this holds it. */
  #locked?: string;
  #following = false;

  /** `active`: the panel says the open chat fills the screen (a phone, or display="fullscreen"). */
  constructor(host: Host, panel: () => HTMLElement | null, active: () => boolean) {
    this.#host = host;
    this.#panel = panel;
    this.#active = active;
    host.addController(this);
    this.hostUpdated();
  }

  hostDisconnected(): void {
    this.#apply(false);
  }

  hostUpdated(): void {
    this.#apply(this.#host.open && this.#host.isConnected && this.#active());
  }

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
