/**
 * The panel's sign-in pieces (authenticated messaging): the view that stands in for the
 * conversation when the deployment wants a signed-in customer, and the header's "Sign in"
 * link where sign-in is offered. A chunk loaded only for deployments with sign-in on (part
 * of the sign-in feature, with src/auth/auth.ts).
 */
import { css, html, nothing } from 'lit';
import type { StringKey } from '../i18n/en.js';
import { safeUrl } from '../safe-url.js';

type Text = (key: StringKey) => string;

/** The page's `login-url`, through the allow-list (relative to the page). */
const loginUrl = (raw: string): string | undefined => (raw ? safeUrl(raw, 'link', document.baseURI) : undefined);

/** Instead of the conversation; `again` after the service or the customer ended a sign-in. */
export function signInView(t: Text, raw: string, again: boolean) {
  const url = loginUrl(raw);
  return html`<div class="sign-in" part="sign-in">
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
  .sign-in p {
    margin: 0;
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
