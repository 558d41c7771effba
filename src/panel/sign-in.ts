/**
 * The panel's sign-in pieces (authenticated messaging): the view that stands in for the
 * conversation when the deployment wants a signed-in customer, and the header's "Sign in"
 * link where sign-in is offered. A chunk loaded only for deployments with sign-in on (part
 * of the sign-in feature, with src/auth/auth.ts).
 */
import { css } from '@lit/reactive-element';
import { html, nothing } from 'lit/html.js';
import type { StringKey } from '../i18n/en.js';
import { safeUrl } from '../safe-url.js';

type Text = (key: StringKey) => string;

/** The page's `login-url`, through the allow-list (relative to the page). */
const loginUrl = (raw: string): string | undefined => (raw ? safeUrl(raw, 'link', document.baseURI) : undefined);

/** Instead of the conversation; `again` after the service or the customer ended a sign-in. */
export function signInView(t: Text, raw: string, again: boolean) {
  const url = loginUrl(raw);
  return html`<div class="sign-in" part="sign-in">
    <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 2a5 5 0 0 0-5 5v3H6a2 2 0 0 0-2 2v8a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-8a2 2 0 0 0-2-2h-1V7a5 5 0 0 0-5-5zm-3 8V7a3 3 0 0 1 6 0v3zm3 4a2 2 0 0 1 1 3.7V19h-2v-1.3A2 2 0 0 1 12 14z" /></svg>
    <p>${t(again ? 'signInAgain' : 'signInRequired')}</p>
    ${url ? html`<a class="button" href=${url}>${t('signIn')}</a>` : nothing}
  </div>`;
}

/** The header's "Sign in", where signing in is offered but not required. */
export function signInLink(t: Text, raw: string) {
  const url = loginUrl(raw);
  return url ? html`<a class="header-link" href=${url}>${t('signIn')}</a>` : nothing;
}

export const signInStyles = css`
  .sign-in {
    display: flex;
    flex: 1;
    flex-direction: column;
    align-items: center;
    justify-content: center;
    gap: 16px;
    padding: 24px;
    text-align: center;
  }
  /* A padlock in a soft disc: what this view is about, before a word is read. */
  .sign-in svg {
    width: 72px;
    height: 72px;
    padding: 20px;
    border-radius: 50%;
    fill: var(--_accent-text);
    background: color-mix(in srgb, var(--_accent) 12%, var(--_bg));
  }
  .sign-in p {
    max-width: 30ch;
    margin: 0;
    font-size: 1.05em;
  }
  .sign-in .button {
    padding: 10px 20px;
    border-radius: 999px;
    background: var(--_accent);
    color: var(--_accent-fg);
    text-decoration: none;
    font-weight: 600;
  }
  .header-link {
    color: inherit;
    font-size: 0.85em;
    white-space: nowrap;
  }
`;
