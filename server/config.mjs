// Deployment configuration (protocol §6.3): the JSON served at
// /webdeployments/v1/deployments/{deploymentId}/config.json, and the switches the
// simulator itself honours (typing flags, conversationClear, conversationDisconnect).

/** @typedef {Record<string, any>} DeploymentConfig */

/** @param {unknown} v */
const isPlainObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Deep merge: plain objects merge key by key, everything else (arrays included) replaces.
 * Neither input is mutated.
 * @param {any} base
 * @param {any} override
 * @returns {any}
 */
export function deepMerge(base, override) {
  if (override === undefined) return structuredClone(base);
  if (!isPlainObject(base) || !isPlainObject(override)) return structuredClone(override);
  const out = structuredClone(base);
  for (const [k, v] of Object.entries(override)) {
    if (k === '__proto__' || k === 'constructor' || k === 'prototype') continue;
    out[k] = k in out ? deepMerge(out[k], v) : structuredClone(v);
  }
  return out;
}

/**
 * The default configuration, shaped like the MT fixture. Attachments are off because the
 * simulator does not implement uploads.
 * @param {{ deploymentId: string, httpUrl: string, wsOrigin: string, durationSeconds: number }} p
 * @returns {DeploymentConfig}
 */
export function defaultDeploymentConfig({ deploymentId, httpUrl, wsOrigin, durationSeconds }) {
  return {
    id: deploymentId,
    version: '1',
    languages: ['en-us'],
    defaultLanguage: 'en-us',
    apiEndpoint: httpUrl,
    status: 'Active',
    messenger: {
      enabled: true,
      apps: {
        conversations: {
          messagingEndpoint: wsOrigin,
          showAgentTypingIndicator: true,
          showUserTypingIndicator: true,
          autoStart: { enabled: false },
          conversationDisconnect: { enabled: true, type: 'ReadOnly' },
          conversationClear: { enabled: true },
          markdown: { enabled: false },
          humanize: { enabled: false },
          notifications: { enabled: false, notificationContentType: 'ExcludeMessagesContent' },
          sessionDurationSeconds: durationSeconds,
        },
      },
      styles: { primaryColor: '#2563eb' },
      launcherButton: { visibility: 'On' },
      fileUpload: { enableAttachments: false, modes: [] },
    },
    journeyEvents: { enabled: false },
    auth: { enabled: false, allowSessionUpgrade: false },
  };
}

/**
 * The `messenger.apps.conversations` block of a config (empty object if absent).
 * @param {DeploymentConfig} config
 * @returns {Record<string, any>}
 */
export const conversationsOf = (config) => config?.messenger?.apps?.conversations ?? {};

/**
 * Is the conversation read-only after the agent ends it (protocol §5.4)? Only when the
 * deployment's conversationDisconnect is enabled and of type ReadOnly; `Send` (or disabled)
 * leaves the customer free to keep writing.
 * @param {DeploymentConfig} config
 */
export function disconnectIsReadOnly(config) {
  const d = conversationsOf(config).conversationDisconnect;
  return d?.enabled !== false && d?.type === 'ReadOnly';
}

/** The colour the console (and set-config) accepts: #rrggbb. */
export const COLOUR = /^#[0-9a-f]{6}$/i;
const LANGUAGE = /^[a-z]{2,3}(-[a-z0-9]{2,8}){0,2}$/i;
const MIME = /^[a-z]+\/[a-z0-9.+-]+$/i;

/**
 * The settings the agent console may change, as a tree of validators. A validator answers
 * an error text (or '') for a value. Keys outside this tree are ignored.
 * @typedef {(v: unknown) => string} Check
 * @typedef {{ [key: string]: Check | Schema }} Schema
 */
const bool = /** @type {Check} */ ((v) => (typeof v === 'boolean' ? '' : 'must be true or false'));
const oneOf = (/** @type {string[]} */ ...allowed) => /** @type {Check} */ ((v) => (typeof v === 'string' && allowed.includes(v) ? '' : `must be one of ${allowed.join(', ')}`));
/** @type {Check} */
const language = (v) => (typeof v === 'string' && LANGUAGE.test(v) ? '' : 'must be a language tag such as en-us');
/** @type {Check} */
const languages = (v) =>
  Array.isArray(v) && v.length >= 1 && v.length <= 30 && v.every((x) => !language(x)) ? '' : 'must be 1 to 30 language tags such as en-us';
/** @type {Check} */
const colour = (v) => (typeof v === 'string' && COLOUR.test(v) ? '' : 'must be a colour #rrggbb');
/** @type {Check} */
const modes = (v) => {
  if (!Array.isArray(v) || v.length > 10) return 'must be a list of at most 10 modes';
  for (const m of v) {
    if (!isPlainObject(m)) return 'each mode must be an object';
    const types = m.fileTypes;
    if (!Array.isArray(types) || types.length > 50 || !types.every((t) => typeof t === 'string' && MIME.test(t))) {
      return 'each mode needs fileTypes, a list of MIME types';
    }
    const kb = m.maxFileSizeKB;
    if (!Number.isInteger(kb) || kb < 1 || kb > 1024 * 1024) return 'maxFileSizeKB must be a whole number of KB';
    if (Object.keys(m).some((k) => k !== 'fileTypes' && k !== 'maxFileSizeKB')) return 'a mode has only fileTypes and maxFileSizeKB';
  }
  return '';
};

/** @type {Schema} */
export const CONSOLE_SETTINGS = {
  languages,
  defaultLanguage: language,
  status: oneOf('Active', 'Inactive'),
  messenger: {
    enabled: bool,
    styles: { primaryColor: colour },
    launcherButton: { visibility: oneOf('On', 'Off') },
    fileUpload: { enableAttachments: bool, modes },
    apps: {
      conversations: {
        showAgentTypingIndicator: bool,
        showUserTypingIndicator: bool,
        conversationDisconnect: { enabled: bool, type: oneOf('ReadOnly', 'Send') },
        conversationClear: { enabled: bool },
        autoStart: { enabled: bool },
        markdown: { enabled: bool },
      },
    },
  },
  auth: { enabled: bool, allowSessionUpgrade: bool },
};

/**
 * Validate a settings patch from the agent console against CONSOLE_SETTINGS: keys outside it
 * are dropped (listed in `ignored`), a wrong type or value is an error and nothing applies.
 * The result is built only from known keys, so `__proto__` and friends never get through.
 * @param {unknown} input
 * @returns {{ ok: true, config: DeploymentConfig, ignored: string[] } | { ok: false, errors: string[], ignored: string[] }}
 */
export function validateConsoleSettings(input) {
  /** @type {string[]} */
  const errors = [];
  /** @type {string[]} */
  const ignored = [];
  /** @param {Schema} schema @param {unknown} value @param {string} at @returns {DeploymentConfig} */
  const walk = (schema, value, at) => {
    /** @type {DeploymentConfig} */
    const out = {};
    if (!isPlainObject(value)) {
      errors.push(`${at || 'config'} must be an object`);
      return out;
    }
    for (const key of Object.keys(/** @type {object} */ (value))) {
      const path = at ? `${at}.${key}` : key;
      const rule = Object.hasOwn(schema, key) ? schema[key] : undefined;
      if (!rule) {
        ignored.push(path);
        continue;
      }
      const v = /** @type {Record<string, unknown>} */ (value)[key];
      if (typeof rule === 'function') {
        const problem = rule(v);
        if (problem) errors.push(`${path} ${problem}`);
        else out[key] = structuredClone(v);
      } else {
        out[key] = walk(rule, v, path);
      }
    }
    return out;
  };
  const config = walk(CONSOLE_SETTINGS, input, '');
  if (
    typeof config.defaultLanguage === 'string' &&
    Array.isArray(config.languages) &&
    !config.languages.some((l) => String(l).toLowerCase() === String(config.defaultLanguage).toLowerCase())
  ) {
    errors.push('defaultLanguage must be one of languages');
  }
  return errors.length ? { ok: false, errors, ignored } : { ok: true, config, ignored };
}

/**
 * The console's view of a config: only the CONSOLE_SETTINGS keys, read from the full config.
 * @param {DeploymentConfig} config
 * @returns {DeploymentConfig}
 */
export function consoleSettingsOf(config) {
  /** @param {Schema} schema @param {any} value @returns {DeploymentConfig} */
  const pick = (schema, value) => {
    /** @type {DeploymentConfig} */
    const out = {};
    if (!isPlainObject(value)) return out;
    for (const [key, rule] of Object.entries(schema)) {
      if (!Object.hasOwn(value, key)) continue;
      out[key] = typeof rule === 'function' ? structuredClone(value[key]) : pick(rule, value[key]);
    }
    return out;
  };
  return pick(CONSOLE_SETTINGS, config);
}
