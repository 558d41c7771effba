/**
 * Where the core of each built-in catalog is (what every open chat shows): one chunk per
 * language, as ../catalogs.ts lists the complete ones, and the way to those. In the first load
 * (languages.ts): every page loads a core, in the first idle moment after the launcher's paint,
 * and a table of its own would be one more request for the same bytes.
 */
import type { Language } from '../languages.js';
import type { Catalog } from '../en.js';
import type { CoreCatalog } from './en.js';

const cores: Record<Language, () => Promise<{ default: CoreCatalog }>> = {
  en: () => import('./en.js'),
  de: () => import('./de.js'),
  fr: () => import('./fr.js'),
  es: () => import('./es.js'),
  it: () => import('./it.js'),
  nl: () => import('./nl.js'),
  'pt-BR': () => import('./pt-BR.js'),
  pl: () => import('./pl.js'),
  sv: () => import('./sv.js'),
  ja: () => import('./ja.js'),
  'zh-CN': () => import('./zh-CN.js'),
  ko: () => import('./ko.js'),
  ar: () => import('./ar.js'),
  he: () => import('./he.js'),
};

/**
 * The core of a built-in language's catalog (English for any other tag), or with `whole` the
 * complete catalog (../catalogs.ts: a chunk of its own, loaded with the first whole catalog).
 */
export const loadCatalog = (language: string, whole: boolean): Promise<CoreCatalog | Catalog> =>
  whole
    ? import('../catalogs.js').then((c) => c.loadCatalog(language))
    : (Object.hasOwn(cores, language) ? cores[language as Language] : cores.en)().then((m) => m.default);
