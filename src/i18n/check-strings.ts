/**
 * Checks a page's `strings` property (its own wording) against the catalog's keys. The
 * panel's chunk runs it: the launcher uses the overrides it needs without it.
 */
import type { Catalog, StringKey } from './en.js';

/** Checks a page's `strings` overrides against a catalog: its keys with text values only. */
export function checkStrings(input: unknown, catalog: Catalog): { strings: Partial<Record<StringKey, string>>; problems: string[] } {
  const strings: Partial<Record<StringKey, string>> = {};
  const wrong: string[] = [];
  const given = input && typeof input === 'object' && !Array.isArray(input) ? input : input == null ? {} : { '': input };
  for (const [key, value] of Object.entries(given)) {
    if (typeof value === 'string' && value.trim() && Object.hasOwn(catalog, key)) strings[key as StringKey] = value.slice(0, 500);
    else wrong.push(key.slice(0, 40) || String(input).slice(0, 40));
  }
  return { strings, problems: wrong.length ? [`strings: not a catalog key with text: ${wrong.join(', ')}`] : [] };
}
