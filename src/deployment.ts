/**
 * The deployment's own configuration, as a Genesys Cloud admin set it up for Messenger:
 * `config.json` on the public CDN (protocol §6.3). It decides how the launcher looks and
 * whether the widget appears at all, so it is in the first load and read before the
 * launcher shows; it never blocks the chat (a failed, slow or malformed answer leaves the
 * defaults, and one error says why).
 *
 * Pure parsing plus one fetch with a deadline; no Lit. What comes from the network is
 * read key by key into a fresh object of known fields, so hostile JSON (wrong types, huge
 * strings, `__proto__` keys, a `javascript:` colour) can only fall back to defaults.
 */
import { storagePrefix } from './stored.js';

export type DisconnectMode = 'ReadOnly' | 'Send';

export interface FileUploadMode {
  readonly fileTypes: readonly string[];
  readonly maxFileSizeKB: number;
}

export interface Deployment {
  /** False when `messenger.enabled` is false or `status` is not `Active`: no widget. */
  readonly enabled: boolean;
  /** `messenger.styles.primaryColor`, checked to be a plain CSS colour. */
  readonly primaryColor?: string;
  /** Languages the deployment offers (lower case BCP 47 tags, as Genesys writes them). */
  readonly languages: readonly string[];
  readonly defaultLanguage?: string;
  /** Show the agent's typing to the customer. */
  readonly agentTyping: boolean;
  /** Tell the agent when the customer types. */
  readonly userTyping: boolean;
  /** What an ended conversation allows: `ReadOnly` (nothing more) or `Send`. */
  readonly disconnect: DisconnectMode;
  /** The customer may clear the conversation (Presence Clear). */
  readonly clear: boolean;
  /** Send Presence Join right after a new session (protocol §2.4(i)). */
  readonly autoStart: boolean;
  /** Render agent text as markdown. */
  readonly markdown: boolean;
  /** Show the launcher (`launcherButton.visibility` not `Off`). */
  readonly launcher: boolean;
  readonly fileUpload: { readonly enabled: boolean; readonly modes: readonly FileUploadMode[] };
  readonly auth: { readonly enabled: boolean; readonly allowSessionUpgrade: boolean };
}

/** What applies without a configuration (none read yet, or it failed). */
export const DEFAULT_DEPLOYMENT: Deployment = {
  enabled: true,
  languages: [],
  agentTyping: true,
  userTyping: true,
  disconnect: 'ReadOnly',
  clear: false,
  autoStart: false,
  markdown: false,
  launcher: true,
  fileUpload: { enabled: false, modes: [] },
  auth: { enabled: false, allowSessionUpgrade: false },
};

/** How long the launcher waits for `config.json` before the defaults apply. */
export const CONFIG_TIMEOUT_MS = 1500;
/** Bigger answers are not cached (real ones are a few kilobytes). */
const MAX_CACHED = 200_000;

type Json = Record<string, unknown>;

const obj = (v: unknown): Json | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);

/** A hex, rgb()/hsl() or named colour: nothing that could close a declaration or load a URL. */
const COLOUR = /^(#[0-9a-f]{3,8}|(rgba?|hsla?)\([\d\s.,%/+-]{1,60}\)|[a-z]{3,20})$/i;

const TAG = /^[a-z]{2,3}(-[a-z0-9]{1,8}){0,3}$/i;

export interface Parsed {
  readonly deployment: Deployment;
  /** One line per key that was present but unusable. */
  readonly problems: readonly string[];
}

/** Reads a `config.json` body into a Deployment; unusable keys keep their defaults. */
export function parseDeployment(input: unknown): Parsed {
  const problems: string[] = [];
  const root = obj(input);
  if (!root) return { deployment: DEFAULT_DEPLOYMENT, problems: ['config.json is not a JSON object'] };
  const messenger = obj(root['messenger']);
  const conv = obj(obj(messenger?.['apps'])?.['conversations']);
  const d = DEFAULT_DEPLOYMENT;

  const flag = (o: Json | undefined, key: string, name: string, fallback: boolean): boolean => {
    const v = o?.[key];
    if (v === undefined) return fallback;
    if (typeof v === 'boolean') return v;
    problems.push(`${name} is not true or false`);
    return fallback;
  };
  const enabledOf = (o: Json | undefined, key: string, name: string, fallback: boolean) =>
    flag(obj(o?.[key]), 'enabled', `${name}.enabled`, fallback);

  const status = root['status'];
  const active = status === undefined || status === 'Active';
  if (typeof status !== 'string' && status !== undefined) problems.push('status is not a string');

  let primaryColor: string | undefined;
  const colour = obj(messenger?.['styles'])?.['primaryColor'];
  if (typeof colour === 'string' && COLOUR.test(colour.trim()) && CSS.supports('color', colour.trim())) primaryColor = colour.trim();
  else if (colour !== undefined) problems.push(`messenger.styles.primaryColor "${String(colour).slice(0, 40)}" is not a colour`);

  const languages: string[] = [];
  if (Array.isArray(root['languages'])) {
    for (const l of root['languages'].slice(0, 100)) if (typeof l === 'string' && TAG.test(l)) languages.push(l.toLowerCase());
  } else if (root['languages'] !== undefined) problems.push('languages is not a list');
  const fallbackLanguage = root['defaultLanguage'];
  const defaultLanguage = typeof fallbackLanguage === 'string' && TAG.test(fallbackLanguage) ? fallbackLanguage.toLowerCase() : undefined;
  if (fallbackLanguage !== undefined && !defaultLanguage) problems.push('defaultLanguage is not a language tag');

  const disconnect = obj(conv?.['conversationDisconnect']);
  const mode = disconnect?.['type'];
  if (mode !== undefined && mode !== 'ReadOnly' && mode !== 'Send') problems.push('conversationDisconnect.type is not ReadOnly or Send');

  const visibility = obj(messenger?.['launcherButton'])?.['visibility'];

  const upload = obj(messenger?.['fileUpload']);
  const modes: FileUploadMode[] = [];
  if (Array.isArray(upload?.['modes'])) {
    for (const m of upload['modes'].slice(0, 20)) {
      const mode = obj(m);
      const types = Array.isArray(mode?.['fileTypes']) ? mode['fileTypes'].filter((t): t is string => typeof t === 'string' && t.length < 100).slice(0, 50) : [];
      const max = Number(mode?.['maxFileSizeKB']);
      if (types.length && max > 0) modes.push({ fileTypes: types, maxFileSizeKB: Math.min(max, 1e7) });
    }
  }
  const auth = obj(root['auth']);

  return {
    deployment: {
      enabled: flag(messenger, 'enabled', 'messenger.enabled', true) && active,
      ...(primaryColor && { primaryColor }),
      languages,
      ...(defaultLanguage && { defaultLanguage }),
      agentTyping: flag(conv, 'showAgentTypingIndicator', 'showAgentTypingIndicator', d.agentTyping),
      userTyping: flag(conv, 'showUserTypingIndicator', 'showUserTypingIndicator', d.userTyping),
      disconnect: mode === 'Send' && disconnect?.['enabled'] !== false ? 'Send' : 'ReadOnly',
      clear: enabledOf(conv, 'conversationClear', 'conversationClear', d.clear),
      autoStart: enabledOf(conv, 'autoStart', 'autoStart', d.autoStart),
      markdown: enabledOf(conv, 'markdown', 'markdown', d.markdown),
      launcher: visibility !== 'Off',
      fileUpload: { enabled: flag(upload, 'enableAttachments', 'fileUpload.enableAttachments', false) || modes.length > 0, modes },
      auth: {
        enabled: flag(auth, 'enabled', 'auth.enabled', false),
        allowSessionUpgrade: flag(auth, 'allowSessionUpgrade', 'auth.allowSessionUpgrade', false),
      },
    },
    problems,
  };
}

/** Why the widget does not appear, for the error event (when `enabled` is false). */
export const disabledReason = (raw: unknown): string => {
  const root = obj(raw);
  return root?.['status'] !== undefined && root['status'] !== 'Active'
    ? `the deployment's status is "${String(root['status']).slice(0, 40)}", not Active`
    : 'Messenger is turned off for this deployment';
};

export interface Loaded extends Parsed {
  /** The body as read, for `disabledReason`. */
  readonly raw?: unknown;
  /** Why the defaults apply, when they do for a failure (code and words for the error event). */
  readonly error?: { readonly code: string; readonly message: string };
}

const cacheKey = (deploymentId: string) => `${storagePrefix(deploymentId)}config`;

/** The copy this page session already read (sessionStorage), if any, for this URL. */
export function cachedDeployment(deploymentId: string, url: string, area: Storage | undefined): Loaded | undefined {
  try {
    const entry = obj(JSON.parse(area?.getItem(cacheKey(deploymentId)) ?? 'null'));
    if (!entry || entry['url'] !== url) return undefined;
    return { ...parseDeployment(entry['body']), raw: entry['body'] };
  } catch {
    return undefined;
  }
}

/**
 * Fetches `config.json` with a deadline. Never rejects: a failure gives the defaults and
 * an error. A good answer is kept in `area` for the rest of the page session.
 */
export async function fetchDeployment(deploymentId: string, url: string, area: Storage | undefined, timeoutMs = CONFIG_TIMEOUT_MS): Promise<Loaded> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const failed = (code: string, message: string): Loaded => ({ deployment: DEFAULT_DEPLOYMENT, problems: [], error: { code, message } });
  try {
    const response = await fetch(url, { signal: controller.signal, credentials: 'omit', headers: { accept: 'application/json' } });
    if (!response.ok) return failed('config-unavailable', `config.json answered HTTP ${response.status} (${url})`);
    const text = await response.text();
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return failed('config-invalid', `config.json is not JSON (${url})`);
    }
    const parsed = parseDeployment(raw);
    if (text.length <= MAX_CACHED) {
      try {
        area?.setItem(cacheKey(deploymentId), JSON.stringify({ url, body: raw }));
      } catch {
        /* full or blocked: read it again next time */
      }
    }
    return {
      ...parsed,
      raw,
      error: parsed.problems.length ? { code: 'config-invalid', message: `config.json: ${parsed.problems.join('; ')}` } : undefined,
    };
  } catch {
    return controller.signal.aborted
      ? failed('config-timeout', `config.json took longer than ${timeoutMs} ms; using defaults (${url})`)
      : failed('config-unavailable', `config.json could not be read (${url})`);
  } finally {
    clearTimeout(timer);
  }
}

/** Text on a colour: dark on light colours, white on dark ones (WCAG relative luminance). */
export function foregroundFor(colour: string): string | undefined {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(colour)?.[1];
  if (!hex) return undefined;
  const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(full.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const luminance = 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  // White text needs (1.05)/(L+0.05) >= 4.5, i.e. L <= 0.183.
  return luminance > 0.183 ? '#1f1f1f' : '#fff';
}
