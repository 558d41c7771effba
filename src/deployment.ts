/**
 * The deployment's own configuration, as a Genesys Cloud admin set it up for Messenger:
 * `config.json` on the public CDN (protocol §6.3). It decides how the launcher looks and
 * whether the widget appears at all, so this part is in the first load and read before the
 * launcher shows; it never blocks the chat (a failed, slow or malformed answer leaves the
 * defaults, and one error says why). A slow answer is not given up at the launcher's
 * deadline: the launcher shows with the defaults, and the file applies when it lands
 * (element/deployment-controller.ts). The keys only the conversation uses (typing, clear,
 * auto-start, markdown, files, sign-in) are read by settings.ts, in the engine's chunk.
 *
 * Pure parsing plus one fetch with a deadline; no Lit. What comes from the network is
 * read key by key into a fresh object of known fields, so hostile JSON (wrong types, huge
 * strings, `__proto__` keys, a `javascript:` colour) can only fall back to defaults.
 */
import { obj, type Json } from './json.js';
import { storagePrefix } from './stored.js';

/** What the launcher needs from the deployment. */
export interface Deployment {
  /** False when `messenger.enabled` is false or `status` is not `Active`: no widget. */
  readonly enabled: boolean;
  /** `messenger.styles.primaryColor`, checked to be a plain CSS colour. */
  readonly primaryColor?: string;
  /** Languages the deployment offers (lower case BCP 47 tags, as Genesys writes them). */
  readonly languages: readonly string[];
  readonly defaultLanguage?: string;
  /** Show the launcher (`launcherButton.visibility` not `Off`). */
  readonly launcher: boolean;
}

/** What applies without a configuration (none read yet, or it failed). */
export const DEFAULT_DEPLOYMENT: Deployment = { enabled: true, languages: [], launcher: true };

/** How long the launcher waits for `config.json` before it shows with the defaults. */
export const CONFIG_TIMEOUT_MS = 1500;
/** How long the read itself may take before it is given up (a stalled CDN). */
export const CONFIG_READ_TIMEOUT_MS = 30_000;
/** Bigger answers are not kept (real ones are a few kilobytes). */
const MAX_KEPT = 200_000;
/** An older kept copy is not used (a deployment rarely changes, but a visitor back after months waits for the file). */
const MAX_KEPT_MS = 30 * 86_400_000;


/** The value at a dotted path of plain objects (own keys only, never a prototype's). */
const at = (root: Json, path: string): unknown =>
  path.split('.').reduce<unknown>((o, key) => (obj(o) && Object.hasOwn(obj(o)!, key) ? obj(o)![key] : undefined), root);

/** Reads typed values at dotted paths, noting each present but unusable one in `problems`. */
export function reader(root: Json, problems: string[]) {
  return {
    at: (path: string) => at(root, path),
    flag(path: string, fallback: boolean): boolean {
      const v = at(root, path);
      if (v === undefined || typeof v === 'boolean') return v ?? fallback;
      problems.push(`${path} is not true or false`);
      return fallback;
    },
    text(path: string, ok: (v: string) => boolean): string | undefined {
      const v = at(root, path);
      if (typeof v === 'string' && ok(v.trim())) return v.trim();
      if (v !== undefined) problems.push(`${path} "${String(v).slice(0, 40)}" is not usable`);
      return undefined;
    },
  };
}

/** A hex, rgb()/hsl() or named colour: nothing that could close a declaration or load a URL. */
const COLOUR = /^(#[0-9a-f]{3,8}|(rgba?|hsla?)\([\d\s.,%/+-]{1,60}\)|[a-z]{3,20})$/i;

const TAG = /^[a-z]{2,3}(-[a-z0-9]{1,8}){0,3}$/i;

export interface Parsed {
  readonly deployment: Deployment;
  /** config.json as read (an object), for the conversation's settings; undefined without one. */
  readonly raw?: Json;
  /** One line per launcher key that was present but unusable. */
  readonly problems: readonly string[];
  /** Why the widget does not appear, when `deployment.enabled` is false. */
  readonly disabled?: string;
}

/** Reads what the launcher needs from a `config.json` body; unusable keys keep their defaults. */
export function parseDeployment(input: unknown): Parsed {
  const root = obj(input);
  if (!root) return { deployment: DEFAULT_DEPLOYMENT, problems: ['config.json is not a JSON object'] };
  const problems: string[] = [];
  const r = reader(root, problems);
  const status = r.text('status', Boolean);
  const messenger = r.flag('messenger.enabled', true);
  const enabled = messenger && (status ?? 'Active') === 'Active';
  const primaryColor = r.text('messenger.styles.primaryColor', (c) => COLOUR.test(c) && CSS.supports('color', c));
  const listed = r.at('languages');
  if (listed !== undefined && !Array.isArray(listed)) problems.push('languages is not a list');
  const languages = Array.isArray(listed) ? listed.filter((l): l is string => typeof l === 'string' && TAG.test(l)).slice(0, 100) : [];
  const defaultLanguage = r.text('defaultLanguage', (l) => TAG.test(l));
  const deployment: Deployment = {
    enabled,
    languages: languages.map((l) => l.toLowerCase()),
    launcher: r.at('messenger.launcherButton.visibility') !== 'Off',
    ...(primaryColor && { primaryColor }),
    ...(defaultLanguage && { defaultLanguage: defaultLanguage.toLowerCase() }),
  };
  const disabled = enabled ? undefined : messenger ? `the deployment's status is "${status}", not Active` : 'Messenger is turned off for this deployment';
  return { deployment, raw: root, problems, disabled };
}

export interface Loaded extends Parsed {
  /** Why the defaults apply, when they do for a failure (code and words for the error event). */
  readonly error?: { readonly code: string; readonly message: string };
}

/** One kept copy per deployment, with the URL it was read from (another URL's is not used). */
const keptKey = (deploymentId: string) => `${storagePrefix(deploymentId)}config-kept`;

/**
 * The copy of config.json an earlier read kept in the element's storage (`local`: every
 * visit's, `session`: this tab's), if it was read from `url` less than `MAX_KEPT_MS` ago: a
 * returning visitor's launcher applies it at once instead of waiting for the network. Only
 * copies without a problem are kept, and the page's storage is checked as the network is
 * (parseDeployment): anything else there (malformed, hostile, written by someone else) is
 * dropped, and given back as an error for the element to report, so the read waits as on a
 * first visit.
 */
export function keptDeployment(deploymentId: string, url: string, area: Storage | undefined): Loaded | undefined {
  const text = area?.getItem(keptKey(deploymentId));
  if (!text) return undefined;
  try {
    const kept = obj(JSON.parse(text));
    if (kept && kept['url'] !== url) return undefined;
    const parsed = parseDeployment(kept?.['body']);
    if (typeof kept?.['at'] === 'number' && !parsed.problems.length) return Date.now() - kept['at'] < MAX_KEPT_MS ? parsed : undefined;
  } catch {
    /* below */
  }
  area!.removeItem(keptKey(deploymentId));
  return { deployment: DEFAULT_DEPLOYMENT, problems: [], error: { code: 'config-invalid', message: `the kept copy of config.json is not usable; it is read again (${url})` } };
}

/**
 * Fetches `config.json` with a deadline (`CONFIG_READ_TIMEOUT_MS`: the launcher's shorter
 * one is the caller's). Never rejects: a failure gives the defaults and an error. An answer
 * without a problem is kept in `area` with the time it was read, for the next visit
 * (keptDeployment); a failure drops the kept copy, so the next visit waits for the file.
 */
export async function fetchDeployment(deploymentId: string, url: string, area: Storage | undefined, timeoutMs = CONFIG_READ_TIMEOUT_MS): Promise<Loaded> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const failed = (code: string, why: string): Loaded => {
    area?.removeItem(keptKey(deploymentId));
    return { deployment: DEFAULT_DEPLOYMENT, problems: [], error: { code: `config-${code}`, message: `config.json ${why}; the defaults apply (${url})` } };
  };
  try {
    const response = await fetch(url, { signal: controller.signal, credentials: 'omit', headers: { accept: 'application/json' } });
    if (!response.ok) return failed('unavailable', `answered HTTP ${response.status}`);
    const text = await response.text();
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return failed('invalid', 'is not JSON');
    }
    const parsed = parseDeployment(raw);
    try {
      if (text.length > MAX_KEPT || parsed.problems.length) area?.removeItem(keptKey(deploymentId));
      else area?.setItem(keptKey(deploymentId), JSON.stringify({ url, at: Date.now(), body: raw }));
    } catch {
      /* full or blocked: read it again next time */
    }
    return {
      ...parsed,
      error: parsed.problems.length ? { code: 'config-invalid', message: `config.json: ${parsed.problems.join('; ')}` } : undefined,
    };
  } catch {
    return controller.signal.aborted
      ? failed('timeout', `took longer than ${timeoutMs} ms`)
      : failed('unavailable', 'could not be read');
  } finally {
    clearTimeout(timer);
  }
}
