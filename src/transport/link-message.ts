/**
 * The tabs' private channel protocol (tab-link.ts), versioned. Tabs of one deployment may run
 * different builds for as long as an old tab stays open after a site deploy, so:
 *
 * - the channel's name carries LINK_VERSION: tabs of another version never hear each other
 *   (the Web Lock's name does not, so there is still one socket per session whatever the
 *   builds; a tab of another version than the leader waits, its messages kept in its own
 *   outbox, until the leader's tab closes and it takes over);
 * - every message is checked here before anything reads it; a malformed one is dropped with
 *   a log line, never thrown inside `onmessage`;
 * - server frames travel as the server's JSON text, and each tab decodes them with
 *   `decodeServerFrame` itself: no tab trusts another's decoded objects.
 *
 *   follower → leader   {v, t:'hello', tab}           a follower (re)connects
 *                       {v, t:'send', tab, frame}     a client frame the follower asks the
 *                                                     leader to send (allow-listed there:
 *                                                     follower-request.ts)
 *   leader → followers  {v, t:'up'} / {v, t:'down'}   the leader's session is ready / lost
 *                       {v, t:'frame', raw, to?}      a server frame's JSON text (to one tab or all)
 */
import { MAX_FRAME_CHARS } from '../protocol/decode.js';
import type { ClientFrame } from '../protocol/types.js';

/** Raise when LinkMessage or its meaning changes. 1 was the unversioned channel of decoded frames. */
export const LINK_VERSION = 2;

export type LinkMessage =
  | { v: typeof LINK_VERSION; t: 'hello'; tab: string }
  | { v: typeof LINK_VERSION; t: 'send'; tab: string; frame: ClientFrame }
  | { v: typeof LINK_VERSION; t: 'up' }
  | { v: typeof LINK_VERSION; t: 'down' }
  | { v: typeof LINK_VERSION; t: 'frame'; raw: string; to?: string };

/** Who holds this lock owns the session's one socket (unversioned on purpose, see above). */
export const lockName = (deploymentId: string): string => `genesys-chat:${deploymentId}`;

export const channelName = (deploymentId: string): string => `genesys-chat:v${LINK_VERSION}:${deploymentId}`;

/** True where tabs can coordinate: BroadcastChannel and Web Locks (a secure context; Safari 15.4+). */
export function tabsCanCoordinate(): boolean {
  return typeof BroadcastChannel === 'function' && typeof navigator !== 'undefined' && !!navigator.locks;
}

const TAB_ID = /^[0-9a-f-]{1,64}$/i;

/** The message if it is a well-formed LinkMessage of this version, or why not. */
export function readLinkMessage(data: unknown): LinkMessage | string {
  if (!data || typeof data !== 'object') return 'not an object';
  const m = data as Record<string, unknown>;
  if (m['v'] !== LINK_VERSION) return `version ${String(m['v']).slice(0, 20)}, expected ${LINK_VERSION}`;
  const tabOk = (key: string) => typeof m[key] === 'string' && TAB_ID.test(m[key] as string);
  switch (m['t']) {
    case 'hello':
      return tabOk('tab') ? { v: LINK_VERSION, t: 'hello', tab: m['tab'] as string } : 'hello without a tab id';
    case 'send':
      if (!tabOk('tab')) return 'send without a tab id';
      if (!m['frame'] || typeof m['frame'] !== 'object' || Array.isArray(m['frame'])) return 'send without a frame';
      return { v: LINK_VERSION, t: 'send', tab: m['tab'] as string, frame: m['frame'] as ClientFrame };
    case 'up':
    case 'down':
      return { v: LINK_VERSION, t: m['t'] };
    case 'frame': {
      const raw = m['raw'];
      if (typeof raw !== 'string' || raw.length > MAX_FRAME_CHARS) return 'frame without its text';
      if (m['to'] !== undefined && !tabOk('to')) return 'frame to a malformed tab id';
      return m['to'] === undefined ? { v: LINK_VERSION, t: 'frame', raw } : { v: LINK_VERSION, t: 'frame', raw, to: m['to'] as string };
    }
    default:
      return `unknown message ${String(m['t']).slice(0, 20)}`;
  }
}
