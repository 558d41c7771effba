/**
 * The tabs' private channel protocol (tab-link.ts), versioned. Tabs of one deployment may run
 * different builds for as long as an old tab stays open after a site deploy, so:
 *
 * - the channel's name carries LINK_VERSION: tabs of another version never hear each other
 *   (the Web Lock's name does not, so there is still one socket per session whatever the
 *   builds; a tab of another version than the leader waits, its messages kept in its own
 *   outbox, until the leader's tab closes and it takes over);
 * - every message is checked (link-check.ts) before anything reads it; a malformed one is
 *   dropped with a log line, never thrown inside `onmessage`;
 * - server frames travel as the server's JSON text, and each tab decodes them with
 *   `decodeServerFrame` itself: no tab trusts another's decoded objects.
 *
 *   follower → leader   {v, t:'hello', tab}           a follower (re)connects
 *                       {v, t:'send', tab, frame}     a client frame the follower asks the
 *                                                     leader to send (allow-listed there:
 *                                                     link-check.ts)
 *   leader → followers  {v, t:'up'} / {v, t:'down'}   the leader's session is ready / lost
 *                       {v, t:'frame', raw, to?}      a server frame's JSON text (to one tab or all)
 */
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

/** Held by a tab while it lives: its own outbox is taken over when it is released (orphans.ts). */
export const tabLockName = (deploymentId: string, tab: string): string => `genesys-chat:${deploymentId}:tab:${tab}`;

export const channelName = (deploymentId: string): string => `genesys-chat:v${LINK_VERSION}:${deploymentId}`;

/** True where tabs can coordinate: BroadcastChannel and Web Locks (a secure context; Safari 15.4+). */
export function tabsCanCoordinate(): boolean {
  return typeof BroadcastChannel === 'function' && typeof navigator !== 'undefined' && !!navigator.locks;
}
