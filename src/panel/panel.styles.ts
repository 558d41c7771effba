import { css } from '@lit/reactive-element';

/**
 * The panel's styles, adopted into the element's shadow root when the panel chunk loads.
 * They read the private `--_*` properties the host styles (genesys-chat.styles.ts) define.
 * Longer than 300 lines: it is one stylesheet (palette, layout, log, composer, states).
 */
export const panelStyles = css`
  /*
   * The palette: light by default, dark under prefers-color-scheme: dark (theme="auto", the
   * default) or theme="dark"; theme="light" stays light. Every colour is still a documented
   * --genesys-chat-* property, which wins in both. --_scheme-* are the palette's defaults.
   */
  :host {
    color-scheme: light;
    --_scheme-bg: #fff;
    --_scheme-fg: #1f1f1f;
    --_scheme-muted: #5f6368;
    --_scheme-agent-bg: #f1f3f4;
    --_scheme-error: #b3261e;
    /* The accent as text on the panel: darkened where it would be too light to read. */
    --_accent-text: var(--_accent);
    --_radius: var(--genesys-chat-radius, 14px);
    --_bg: var(--genesys-chat-bg, var(--_scheme-bg));
    --_fg: var(--genesys-chat-fg, var(--_scheme-fg));
    --_muted: var(--genesys-chat-muted-fg, var(--_scheme-muted));
    --_panel-error: var(--genesys-chat-error-fg, var(--_scheme-error));
    --_agent-bg: var(--genesys-chat-agent-bubble-bg, var(--_scheme-agent-bg));
    --_agent-fg: var(--genesys-chat-agent-bubble-fg, var(--_fg));
    --_customer-bg: var(--genesys-chat-customer-bubble-bg, var(--_accent));
    --_customer-fg: var(--genesys-chat-customer-bubble-fg, var(--_accent-fg));
    --_width: var(--genesys-chat-width, 380px);
    --_height: var(--genesys-chat-height, 560px);
  }
  @supports (color: oklch(from red l c h)) {
    :host {
      --_accent-text: oklch(from var(--_accent) min(l, 0.5) c h);
    }
  }
  /* The dark palette twice, for the scheme and for theme="dark": a class set from script
     instead measured 30 bytes larger gzipped, and this stays pure CSS. */
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      color-scheme: dark;
      --_scheme-bg: #1f2023;
      --_scheme-fg: #e8eaed;
      --_scheme-muted: #a8adb4;
      --_scheme-agent-bg: #303236;
      --_scheme-error: #f2b8b5;
      --_accent-text: color-mix(in srgb, var(--_accent) 45%, #fff);
    }
  }
  :host([theme='dark']) {
    color-scheme: dark;
    --_scheme-bg: #1f2023;
    --_scheme-fg: #e8eaed;
    --_scheme-muted: #a8adb4;
    --_scheme-agent-bg: #303236;
    --_scheme-error: #f2b8b5;
    --_accent-text: color-mix(in srgb, var(--_accent) 45%, #fff);
  }

  [part='panel'] {
    display: flex;
    flex-direction: column;
    width: min(var(--_width), calc(100vw - 2 * var(--_offset)));
    height: min(var(--_height), calc(100vh - 2 * var(--_offset) - 72px));
    margin-block-end: 16px;
    overflow: hidden;
    border-radius: var(--_radius);
    background: var(--_bg);
    color: var(--_fg);
    box-shadow: 0 8px 32px rgb(0 0 0 / 0.24);
    animation: rise 0.18s ease-out;
  }
  [part='panel'][hidden] {
    display: none;
  }
  /* Phones (under 480 px) and display="fullscreen": the open chat fills the visible screen,
     clear of the notch and the home indicator, above the keyboard (fullscreen.ts). */
  [part='panel'].fullscreen {
    position: fixed;
    inset: var(--_vv-top, 0) 0 auto 0;
    width: 100%;
    height: var(--_vv-height, 100dvh);
    margin: 0;
    border-radius: 0;
    box-shadow: none;
    animation: none;
    padding-block-start: env(safe-area-inset-top);
    padding-inline: env(safe-area-inset-left) env(safe-area-inset-right);
  }
  .fullscreen:not([hidden]) ~ [part='launcher'] {
    display: none;
  }
  .fullscreen [part='composer'] {
    padding-block-end: max(10px, env(safe-area-inset-bottom));
  }
  /* 16 px at least: no browser zooms into the field. */
  .fullscreen [part='input'] {
    min-height: 44px;
    font-size: max(16px, 1em);
  }
  /* Touch targets of 44 × 44 px. */
  .fullscreen .icon-button,
  .fullscreen [part='send-button'],
  .fullscreen [part='attach-button'] {
    width: 44px;
    height: 44px;
  }
  .fullscreen button {
    min-width: 44px;
    min-height: 44px;
  }
  @keyframes rise {
    from {
      opacity: 0;
      transform: translateY(8px);
    }
  }

  [part='header'] {
    display: flex;
    align-items: center;
    gap: 8px;
    padding-block: 12px;
    padding-inline: 16px 12px;
    background: var(--_accent);
    color: var(--_accent-fg);
  }
  [part='header'] .title {
    display: flex;
    flex: 1;
    flex-direction: column;
    min-width: 0;
  }
  [part='header'] h2 {
    margin: 0;
    font-size: 1.05em;
    font-weight: 600;
  }
  .agent-name {
    overflow: hidden;
    font-size: 0.8em;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .avatar {
    flex: none;
    width: 32px;
    height: 32px;
    border-radius: 50%;
    object-fit: cover;
    background: var(--_bg);
  }
  /* The end of a conversation: one line across the log. */
  .divider {
    display: flex;
    align-items: center;
    gap: 10px;
    margin: 8px 0;
    font-size: 0.78em;
    color: var(--_muted);
  }
  .divider::before,
  .divider::after {
    content: '';
    flex: 1;
    border-block-start: 1px solid color-mix(in srgb, var(--_fg) 18%, var(--_bg));
  }
  [part='input']:disabled {
    cursor: not-allowed;
    opacity: 0.6;
    background: color-mix(in srgb, var(--_fg) 6%, var(--_bg));
  }
  /* "Today", "Yesterday", then dates: between the days of a conversation. */
  .day {
    align-self: center;
    margin: 10px 0 4px;
    padding: 2px 10px;
    border-radius: 999px;
    font-size: 0.75em;
    color: var(--_muted);
    background: color-mix(in srgb, var(--_fg) 6%, var(--_bg));
  }
  /* A group: the bubbles close up under one name and time. */
  .row.grouped {
    margin-block-start: -4px;
  }
  .presence {
    align-self: center;
    margin: 4px 0;
    font-size: 0.75em;
    color: var(--_muted);
  }
  .icon-button {
    display: grid;
    place-items: center;
    width: 32px;
    height: 32px;
    padding: 0;
    border: none;
    border-radius: 50%;
    background: transparent;
    color: inherit;
  }
  .icon-button:hover {
    background: rgb(255 255 255 / 0.18);
  }
  .icon-button svg {
    width: 18px;
    height: 18px;
    fill: currentColor;
  }

  /* Something the person should know about the connection: a band tinted with the error
     colour (every colour derives from a documented property). */
  [part='status'] {
    padding: 6px 16px;
    font-size: 0.8em;
    background: color-mix(in srgb, var(--_panel-error) 12%, var(--_bg));
  }
  [part='status']:empty {
    display: none;
  }
  .link,
  [part='retry'] {
    padding: 0;
    border: none;
    background: none;
    color: var(--_accent-text);
    text-decoration: underline;
    font-size: inherit;
  }

  [part='log'] {
    flex: 1;
    display: flex;
    flex-direction: column;
    gap: 6px;
    padding: 12px;
    overflow: hidden auto;
    overscroll-behavior: contain;
  }
  .empty {
    margin: auto;
    color: var(--_muted);
    text-align: center;
  }
  .older {
    align-self: center;
    border: none;
    background: none;
    color: var(--_accent-text);
    font-size: 0.85em;
  }

  .row {
    position: relative;
    display: flex;
    flex-direction: column;
    max-width: 85%;
  }
  /* The agent's face beside the first bubble of a group; the group's bubbles line up after it. */
  .row.agent {
    display: grid;
    grid-template-columns: 28px minmax(0, auto);
    column-gap: 8px;
    align-self: flex-start;
    justify-items: start;
  }
  .row.agent > * {
    grid-column: 2;
  }
  .row.agent > .face {
    grid-area: 2 / 1;
  }
  .face {
    display: grid;
    place-items: center;
    width: 28px;
    height: 28px;
    overflow: hidden;
    border-radius: 50%;
    font-size: 0.8em;
    font-weight: 600;
    background: color-mix(in srgb, var(--_accent) 16%, var(--_bg));
    color: var(--_accent-text);
  }
  .face img {
    width: 100%;
    height: 100%;
    object-fit: cover;
  }
  /* A bubble without its time shows it while hovered or focused, beside it. */
  .when {
    position: absolute;
    inset-block-end: 4px;
    display: none;
    font-size: 0.7em;
    white-space: nowrap;
    color: var(--_muted);
  }
  .agent > .when {
    inset-inline-start: calc(100% + 6px);
  }
  .customer > .when {
    inset-inline-end: calc(100% + 6px);
  }
  .row:hover > .when,
  .row:focus-within > .when {
    display: block;
  }
  /* Arrivals below while the person reads older messages: a button to them. */
  .pill {
    position: sticky;
    inset-block-end: 0;
    align-self: center;
    padding: 6px 14px;
    border: none;
    border-radius: 999px;
    background: var(--_accent);
    color: var(--_accent-fg);
    box-shadow: 0 2px 8px rgb(0 0 0 / 0.25);
  }
  .pill::before {
    content: '↓ ' / '';
  }
  .row.customer {
    align-self: flex-end;
    align-items: flex-end;
  }
  .meta {
    margin: 2px 4px;
    font-size: 0.75em;
    color: var(--_muted);
  }
  [part~='message'] {
    padding: 8px 12px;
    border-radius: var(--_radius);
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  [part~='message'][part~='agent'] {
    background: var(--_agent-bg);
    color: var(--_agent-fg);
  }
  [part~='message'][part~='customer'] {
    background: var(--_customer-bg);
    color: var(--_customer-fg);
  }
  /* The tail corner follows the panel's direction; a bubble's own (dir="auto") follows its text. */
  [dir='ltr'] [part~='message'][part~='agent'],
  [dir='rtl'] [part~='message'][part~='customer'] {
    border-bottom-left-radius: 4px;
  }
  [dir='rtl'] [part~='message'][part~='agent'],
  [dir='ltr'] [part~='message'][part~='customer'] {
    border-bottom-right-radius: 4px;
  }
  [part~='message'].markdown {
    white-space: normal;
  }
  [part~='message'] a {
    color: inherit;
  }
  [part='receipt'] {
    margin: 2px 4px;
    font-size: 0.72em;
    color: var(--_muted);
  }

  .card {
    margin-block-start: 6px;
    padding: 8px 12px;
    border: 1px solid color-mix(in srgb, var(--_fg) 15%, var(--_bg));
    border-radius: calc(var(--_radius) / 2);
    background: var(--_bg);
  }

  .dots {
    display: inline-flex;
    gap: 3px;
    padding: 8px 10px;
    border-radius: var(--_radius);
    background: var(--_agent-bg);
  }
  .dots span {
    width: 6px;
    height: 6px;
    border-radius: 50%;
    background: var(--_muted);
    animation: blink 1.2s infinite ease-in-out both;
  }
  .dots span:nth-child(2) {
    animation-delay: 0.15s;
  }
  .dots span:nth-child(3) {
    animation-delay: 0.3s;
  }
  @keyframes blink {
    0%,
    80%,
    100% {
      opacity: 0.3;
    }
    40% {
      opacity: 1;
    }
  }

  /* The count near the limit, and what happens over it (nothing is cut): limit.ts styles it. */
  .limit + [part='composer'] {
    border-block-start: none;
  }
  [part='composer'] {
    display: flex;
    align-items: flex-end;
    gap: 8px;
    padding: 10px 12px;
    border-block-start: 1px solid color-mix(in srgb, var(--_fg) 12%, var(--_bg));
  }
  [part='input'] {
    flex: 1;
    min-height: 40px;
    max-height: 120px;
    padding: 9px 12px;
    resize: none;
    border: 1px solid color-mix(in srgb, var(--_fg) 25%, var(--_bg));
    border-radius: 20px;
    background: var(--_bg);
    color: var(--_fg);
    font: inherit;
  }
  /* One ring on the field's own edge, not a second one around it. */
  [part='input']:focus-visible {
    outline-offset: -1px;
  }
  /* The field follows what is typed (dir="auto"); empty, its placeholder follows the panel. */
  [part='input']:placeholder-shown {
    direction: inherit;
  }
  [part='send-button'] {
    display: grid;
    place-items: center;
    width: 40px;
    height: 40px;
    border: none;
    border-radius: 50%;
    background: var(--_accent);
    color: var(--_accent-fg);
  }
  [part='send-button']:disabled {
    opacity: 0.5;
    cursor: default;
  }
  [part='send-button'] svg {
    width: 18px;
    height: 18px;
    fill: currentColor;
  }
  [dir='rtl'] [part='send-button'] svg {
    transform: scaleX(-1);
  }
  .ended {
    display: flex;
    flex-direction: column;
    align-items: center;
    gap: 8px;
    padding: 12px;
    color: var(--_muted);
    font-size: 0.9em;
  }
  .ended button {
    padding: 8px 16px;
    border: none;
    border-radius: 999px;
    background: var(--_accent);
    color: var(--_accent-fg);
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
  @media (forced-colors: active) {
    [part='send-button'],
    [part='quick-reply'],
    [part~='message'] {
      border: 1px solid ButtonText;
    }
  }
`;
