/**
 * Which language the widget speaks, and its catalog. Every catalog, English too, is two chunks
 * of its own, imported only when its language is chosen: its core, and the rest with the first
 * feature that speaks it (en.ts says which is which).
 */
import type { CoreCatalog } from './core/en.js';
import { loadCatalog as fromTables } from './core/catalogs.js';
import type { Catalog } from './en.js';

/** The languages with a built-in catalog (BCP 47 tags as they are written); catalogs.ts loads them. */
const TAGS = ['en', 'de', 'fr', 'es', 'it', 'nl', 'pt-BR', 'pl', 'sv', 'ja', 'zh-CN', 'ko', 'ar', 'he'] as const;
export type Language = (typeof TAGS)[number];

/** Every language with a built-in catalog. */
export const LANGUAGES: readonly string[] = TAGS;

const RTL = new Set(['ar', 'he', 'fa', 'ur', 'iw', 'ps', 'sd', 'yi', 'ckb', 'dv', 'ug']);

const primary = (tag: string): string => tag.toLowerCase().split(/[-_]/)[0]!;

/** Right-to-left script (by the language's primary subtag). */
export const isRtl = (tag: string): boolean => RTL.has(primary(tag));

/**
 * The built-in catalog for a language tag: exact (case-insensitive), else by its primary
 * language (`pt-PT` → `pt-BR`, `en-GB` → `en`, the legacy `iw` → `he`); undefined if none.
 */
export function catalogFor(tag: string | null | undefined): string | undefined {
  if (!tag) return undefined;
  const lower = tag.trim().toLowerCase().replace(/_/g, '-');
  const exact = LANGUAGES.find((l) => l.toLowerCase() === lower);
  if (exact) return exact;
  const base = primary(lower) === 'iw' ? 'he' : primary(lower);
  return LANGUAGES.find((l) => primary(l) === base);
}

export interface LanguageInput {
  /** The element's own `lang`. */
  readonly own?: string | null;
  /** The nearest ancestor's `lang`. */
  readonly inherited?: string | null;
  /** The deployment's languages and its default. */
  readonly offered: readonly string[];
  readonly fallback?: string;
  /** The browser's preference order (`navigator.languages`). */
  readonly preferred: readonly string[];
}

/**
 * The language to speak: the element's `lang`; else the nearest ancestor's; else the best
 * match of the browser's languages among the deployment's, or its default when the browser
 * prefers none of them; else English. A language without a catalog speaks English.
 */
export function chooseLanguage(o: LanguageInput): string {
  const tag = o.own?.trim() || o.inherited?.trim() || fromDeployment(o);
  return catalogFor(tag) ?? 'en';
}

function fromDeployment(o: LanguageInput): string | undefined {
  if (!o.offered.length) return o.fallback;
  for (const wanted of o.preferred) {
    const w = wanted.toLowerCase();
    const match = o.offered.find((l) => l === w) ?? o.offered.find((l) => primary(l) === primary(w));
    if (match) return match;
  }
  return o.fallback;
}

/**
 * The catalog of a built-in language (English for any other tag), as its chunks: whole, or its
 * core only (what every open chat shows; core/en.ts and en.ts say which is which). The table
 * of the cores' chunks (core/catalogs.ts) is in the first load, since every page loads a core
 * after the launcher's first paint; that of the complete catalogs (catalogs.ts) is a chunk.
 */
export function loadCatalog(language: string, whole?: true): Promise<Catalog>;
export function loadCatalog(language: string, whole: boolean): Promise<CoreCatalog | Catalog>;
export function loadCatalog(language: string, whole = true): Promise<CoreCatalog | Catalog> {
  return fromTables(language, whole);
}

/** A catalog string with `{name}`-style placeholders filled in. */
export function fill(template: string, params?: Record<string, string | number>): string {
  return params ? template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in params ? String(params[key]) : whole)) : template;
}
