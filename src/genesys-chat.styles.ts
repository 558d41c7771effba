import { css } from '@lit/reactive-element';

/**
 * The first load's styles: the host, the launcher and its badge. The panel's styles load
 * with the panel (panel/panel.styles.ts).
 *
 * Public custom properties (`--genesys-chat-*`) are only ever read, with a fallback, into
 * private ones (`--_*`), so a page can theme every instance from `:root` or any ancestor.
 * The launcher's are here; the panel's are declared with the panel's styles.
 */
export const styles = css`
  :host {
    --_accent: var(--genesys-chat-accent, var(--_deployment-accent, #0b57d0));
    --_accent-fg: var(--genesys-chat-accent-fg, #fff);
    --_font-family: var(--genesys-chat-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_font-size: var(--genesys-chat-font-size, 15px);
    --_z: var(--genesys-chat-z-index, 2147483000);
    --_offset: var(--genesys-chat-offset, 20px);
    --_error: var(--genesys-chat-error-fg, #b3261e);

    display: block;
    position: fixed;
    inset-block-end: var(--_offset);
    inset-inline-end: var(--_offset);
    z-index: var(--_z);
    box-sizing: border-box;
    font-family: var(--_font-family);
    font-size: var(--_font-size);
    line-height: 1.4;
  }
  /* Text on the accent: white on dark accents, black on light ones (the deployment's colour
     or the page's), where the browser can compute it. Either meets WCAG AA for any accent
     whose luminance is not within a hair of the 0.18 crossover. */
  @supports (color: oklch(from red l c h)) {
    :host {
      --_accent-fg: var(--genesys-chat-accent-fg, oklch(from var(--_accent) clamp(0, (0.565 - l) * 1000, 1) 0 0));
    }
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  button {
    font: inherit;
    cursor: pointer;
  }
  :focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }

  [part='launcher'] {
    display: grid;
    place-items: center;
    position: relative;
    width: 56px;
    height: 56px;
    margin-inline-start: auto;
    border: none;
    border-radius: 50%;
    background: var(--_accent);
    color: var(--_accent-fg);
    box-shadow: 0 4px 16px rgb(0 0 0 / 0.22);
    transition: transform 0.15s ease;
  }
  [part='launcher']:hover {
    transform: scale(1.05);
  }
  [part='launcher'] svg {
    width: 26px;
    height: 26px;
    fill: currentColor;
  }
  .badge {
    position: absolute;
    inset-block-start: -2px;
    inset-inline-end: -2px;
    min-width: 20px;
    padding: 0 5px;
    border-radius: 10px;
    background: var(--_error);
    color: #fff;
    font-size: 12px;
    line-height: 20px;
    text-align: center;
  }

  @media (prefers-reduced-motion: reduce) {
    *,
    *::before,
    *::after {
      animation: none !important;
      transition: none !important;
    }
  }
  @media (forced-colors: active) {
    [part='launcher'] {
      border: 1px solid ButtonText;
    }
  }
`;
