/**
 * The deployment's settings for the conversation itself, read from its config.json
 * (protocol §6.3) when the engine loads: the launcher needs none of them, so they are not
 * in the first load (deployment.ts reads the launcher's part). Hostile values fall back to
 * the defaults, each named in the problems.
 *
 * `conversationDisconnect` is not read: what an ended conversation allows is the service's
 * to say, in the Disconnect event (`metadata.readOnly`, protocol §5.4) and in later
 * SessionResponses, so the panel follows those and never a copy of the setting.
 */
import { reader } from './deployment.js';
import { obj, type Json } from './json.js';

export interface FileUploadMode {
  readonly fileTypes: readonly string[];
  readonly maxFileSizeKB: number;
}

export interface Settings {
  /** Show the agent's typing to the customer. */
  readonly agentTyping: boolean;
  /** Tell the agent when the customer types. */
  readonly userTyping: boolean;
  /** The customer may clear the conversation (Presence Clear). */
  readonly clear: boolean;
  /** Send Presence Join right after a new session (protocol §2.4(i)). */
  readonly autoStart: boolean;
  /** Render agent text as markdown. */
  readonly markdown: boolean;
  /** Files may be sent (the next issue's attachments), and which. */
  readonly fileUpload: { readonly enabled: boolean; readonly modes: readonly FileUploadMode[] };
  /** Customers sign in (the next issue's authenticated messaging). */
  readonly auth: { readonly enabled: boolean; readonly allowSessionUpgrade: boolean };
}

/** What applies without a configuration. */
export const DEFAULT_SETTINGS: Settings = {
  agentTyping: true,
  userTyping: true,
  clear: false,
  autoStart: false,
  markdown: false,
  fileUpload: { enabled: false, modes: [] },
  auth: { enabled: false, allowSessionUpgrade: false },
};

const CONV = 'messenger.apps.conversations.';

/** Reads the conversation's settings from a config.json object (defaults without one). */
export function parseSettings(root: Json | undefined): { settings: Settings; problems: string[] } {
  const problems: string[] = [];
  if (!root) return { settings: DEFAULT_SETTINGS, problems };
  const r = reader(root, problems);
  const d = DEFAULT_SETTINGS;
  const modes: FileUploadMode[] = [];
  const listed = r.at('messenger.fileUpload.modes');
  for (const m of Array.isArray(listed) ? listed.slice(0, 20) : []) {
    const mode = obj(m) ?? {};
    const types = mode['fileTypes'];
    const fileTypes = Array.isArray(types) ? types.filter((t): t is string => typeof t === 'string' && t.length < 100).slice(0, 50) : [];
    const max = Number(mode['maxFileSizeKB']);
    if (fileTypes.length && max > 0) modes.push({ fileTypes, maxFileSizeKB: Math.min(max, 1e7) });
  }
  return {
    settings: {
      agentTyping: r.flag(`${CONV}showAgentTypingIndicator`, d.agentTyping),
      userTyping: r.flag(`${CONV}showUserTypingIndicator`, d.userTyping),
      clear: r.flag(`${CONV}conversationClear.enabled`, d.clear),
      autoStart: r.flag(`${CONV}autoStart.enabled`, d.autoStart),
      markdown: r.flag(`${CONV}markdown.enabled`, d.markdown),
      fileUpload: { enabled: r.flag('messenger.fileUpload.enableAttachments', false) || modes.length > 0, modes },
      auth: { enabled: r.flag('auth.enabled', false), allowSessionUpgrade: r.flag('auth.allowSessionUpgrade', false) },
    },
    problems,
  };
}
