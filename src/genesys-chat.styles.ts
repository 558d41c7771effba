import { css } from 'lit';

/**
 * The first load's styles: the host, the launcher and its badge. The panel's styles load
 * with the panel (panel/panel.styles.ts).
 *
 * Public custom properties (`--genesys-chat-*`) are only ever read, with a fallback, into
 * private ones (`--_*`), so a page can theme every instance from `:root` or any ancestor.
 */
export const styles = css`
  :host {
    --_accent: var(--genesys-chat-accent, var(--_deployment-accent, #0b57d0));
    --_accent-fg: var(--genesys-chat-accent-fg, var(--_deployment-accent-fg, #fff));
    --_font-family: var(--genesys-chat-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_font-size: var(--genesys-chat-font-size, 15px);
    --_radius: var(--genesys-chat-radius, 14px);
    --_bg: var(--genesys-chat-bg, #fff);
    --_fg: var(--genesys-chat-fg, #1f1f1f);
    --_muted: var(--genesys-chat-muted-fg, #5f6368);
    --_agent-bg: var(--genesys-chat-agent-bubble-bg, #f1f3f4);
    --_agent-fg: var(--genesys-chat-agent-bubble-fg, #1f1f1f);
    --_customer-bg: var(--genesys-chat-customer-bubble-bg, var(--_accent));
    --_customer-fg: var(--genesys-chat-customer-bubble-fg, var(--_accent-fg));
    --_width: var(--genesys-chat-width, 380px);
    --_height: var(--genesys-chat-height, 560px);
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
    color: var(--_fg);
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
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
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
    [part='launcher'],
    [part='send-button'],
    [part='quick-reply'],
    [part~='message'] {
      border: 1px solid ButtonText;
    }
  }
`;
