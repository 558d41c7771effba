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
