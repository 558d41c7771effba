/**
 * The one check of untrusted JSON every reader starts with: a plain object (not null, not an
 * array), else undefined. In the first load (deployment.ts reads config.json with it), so the
 * chunks that read the wire, another tab's messages or a service's answer share it for free.
 */

export type Json = Record<string, unknown>;

/** A plain (non-array) object, else undefined. */
export const obj = (v: unknown): Json | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
