/**
 * What the panel says only when something went wrong or a session ends (issue 15 §3): why a
 * message was not sent, with its retry; where a session ended, with a way to write again;
 * the warning of a session's last minutes. A chunk, loaded the first time one of them shows
 * (until then the panel says the plain "Not sent" or nothing): most conversations never
 * need it.
 */
import { css } from '@lit/reactive-element';
import { html } from 'lit/html.js';
import type { StringKey } from '../i18n/en.js';
import type { ChatMessage } from '../types.js';

type Text = (key: StringKey, params?: Record<string, string | number>) => string;

/** What a divider between two sessions says (the messages above it stay). */
const dividerKey: Record<NonNullable<ChatMessage['divider']>, StringKey> = {
  'session-expired': 'sessionExpiredDivider',
  'session-restarted': 'sessionRestartedDivider',
};

/** A session's end is announced in its last 5 minutes (protocol §5.3: Messenger does the same). */
const EXPIRING_MS = 5 * 60_000;

/** Why a message failed, in the person's words, for the codes they can act on. */
const failureKey = (code: number | undefined): StringKey | undefined =>
  code === 4011 ? 'failedTooLong' : code === 429 || code === 4029 ? 'failedRateLimited' : undefined;

/** A failed message's receipt: "Not sent", why, and its retry. */
export function failed(m: ChatMessage, t: Text, retry: () => void) {
  const reason = failureKey(Number(m.error?.code));
  return html`${t('notSent')}${reason ? html`: ${t(reason)}` : m.error ? html`: ${m.error.message}` : ''}<button part="retry" @click=${retry}>${t('retry')}</button>`;
}

/** Where one session ended and the next began: what happened, and a way to write again. */
export function divider(m: ChatMessage, t: Text, toComposer: () => void) {
  return html`<div class="divider session" role="separator" data-divider=${m.divider!}><span>${t(dividerKey[m.divider!])}</span></div>
    <p class="restart"><button class="link" @click=${toComposer}>${t('writeMessage')}</button></p>`;
}

/**
 * "This chat will close in 4 minutes …" in a session's last 5 minutes (writing keeps it open:
 * any message extends it, §5.3), and when to render again (`again`, ms) as the minutes change;
 * no text before then. Without `expiresAt` (epoch ms), a plain warning.
 */
export function expiring(expiresAt: number | undefined, lang: string, t: Text): { text?: string; again?: number } {
  if (typeof expiresAt !== 'number' || !Number.isFinite(expiresAt)) return { text: t('sessionExpiringSoon') };
  const left = expiresAt - Date.now();
  if (left > EXPIRING_MS) return { again: left - EXPIRING_MS };
  if (left <= 0) return { text: t('sessionExpiringSoon') };
  const minutes = Math.ceil(left / 60_000);
  const again = left - (minutes - 1) * 60_000 + 50;
  try {
    return { text: t('sessionExpiring', { when: new Intl.RelativeTimeFormat(lang || undefined, { numeric: 'always' }).format(minutes, 'minute') }), again };
  } catch {
    return { text: t('sessionExpiringSoon'), again };
  }
}

export const noticeStyles = css`
  [part~='message'][part~='failed'] {
    opacity: 0.75;
  }
  [part='receipt'].failed {
    font-size: 0.8em;
    color: var(--_panel-error);
  }
  [part='retry'] {
    margin-inline-start: 6px;
  }
  /* Where a session ended: the sentence may take two lines, the rules stay beside it. */
  .divider.session span {
    max-width: 75%;
    text-align: center;
  }
  .restart {
    align-self: center;
    margin: -4px 0 4px;
    font-size: 0.8em;
  }
`;
