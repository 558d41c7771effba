/**
 * Where each built-in catalog is, complete: one chunk per language (languages.ts lists the
 * languages; the type makes both lists agree), which brings its core (core/catalogs.ts) and
 * adds the rest. A chunk itself, loaded with the first complete catalog.
 */
import type { Catalog } from './en.js';
import type { Language } from './languages.js';

/** The built-in catalogs (BCP 47 tags as they are written), each a lazy chunk. */
const catalogs: Record<Language, () => Promise<{ default: Catalog }>> = {
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

/** The catalog of a built-in language (English for any other tag). */
export const loadCatalog = (language: string): Promise<Catalog> =>
  (Object.hasOwn(catalogs, language) ? catalogs[language as Language] : catalogs.en)().then((m) => m.default);
