import { expect } from '@open-wc/testing';
import { en, type Catalog } from '../../src/i18n/en.js';
import ar from '../../src/i18n/ar.js';
import de from '../../src/i18n/de.js';
import es from '../../src/i18n/es.js';
import fr from '../../src/i18n/fr.js';
import he from '../../src/i18n/he.js';
import it_ from '../../src/i18n/it.js';
import ja from '../../src/i18n/ja.js';
import ko from '../../src/i18n/ko.js';
import nl from '../../src/i18n/nl.js';
import pl from '../../src/i18n/pl.js';
import ptBR from '../../src/i18n/pt-BR.js';
import sv from '../../src/i18n/sv.js';
import zhCN from '../../src/i18n/zh-CN.js';

/**
 * The built-in languages, written down here rather than read from src, so a catalog that
 * goes missing (or a list in src that shrinks) fails instead of testing nothing.
 */
export const LANGUAGES = [
  'de', 'fr', 'es', 'it', 'nl', 'pt-BR', 'pl', 'sv', 'ja', 'zh-CN', 'ko', 'ar', 'he',
] as const;

/** Each catalog under its language tag, as imported from its own file. */
const CATALOGS: Record<string, unknown> = {
  ar, de, es, fr, he, it: it_, ja, ko, nl, pl, 'pt-BR': ptBR, sv, 'zh-CN': zhCN,
};

/** More identical-to-English values than this means an untranslated copy. */
const MAX_IDENTICAL = 2;

/** The `{placeholder}` tokens of a string, sorted and without repeats. */
function placeholders(text: string): string[] {
  return [...new Set(text.match(/\{[^{}]*\}/g) ?? [])].sort();
}

/** Every way `catalog` falls short of the English one, each naming the language and key. */
function problems(lang: string, catalog: unknown): string[] {
  if (typeof catalog !== 'object' || catalog === null) return [`${lang}: not an object`];
  if (catalog === en) return [`${lang}: is the English catalog itself`];
  const found: string[] = [];
  const record = catalog as Record<string, unknown>;
  const enKeys = Object.keys(en) as (keyof Catalog)[];
  for (const key of enKeys) {
    if (!Object.prototype.hasOwnProperty.call(record, key)) found.push(`${lang}.${key}: missing`);
  }
  for (const key of Object.keys(record)) {
    if (!Object.prototype.hasOwnProperty.call(en, key)) found.push(`${lang}.${key}: not a key of en`);
  }
  const identical: string[] = [];
  for (const key of enKeys) {
    if (!Object.prototype.hasOwnProperty.call(record, key)) continue;
    const value = record[key];
    if (typeof value !== 'string') {
      found.push(`${lang}.${key}: not a string`);
      continue;
    }
    if (value === '') found.push(`${lang}.${key}: empty`);
    if (value !== value.trim()) found.push(`${lang}.${key}: leading or trailing space`);
    if (/[<>]/.test(value)) found.push(`${lang}.${key}: contains < or >`);
    const want = placeholders(en[key]);
    const got = placeholders(value);
    if (want.join() !== got.join()) {
      found.push(`${lang}.${key}: placeholders ${JSON.stringify(got)}, English has ${JSON.stringify(want)}`);
    }
    if (value === en[key]) identical.push(key);
  }
  if (identical.length > MAX_IDENTICAL) {
    found.push(`${lang}: ${identical.length} values identical to English (${identical.join(', ')})`);
  }
  return found;
}

describe('i18n catalogs', () => {
  it('has all 13 built-in languages, and no others', () => {
    expect(LANGUAGES).to.have.length(13);
    expect(Object.keys(CATALOGS).sort()).to.deep.equal([...LANGUAGES].sort());
  });

  it('the checks find what they look for (so a pass is not vacuous)', () => {
    expect(placeholders(en.openChatUnread)).to.deep.equal(['{count}']);
    expect(placeholders(en.typing)).to.deep.equal(['{name}']);
    const broken: Record<string, string> = { ...de, extra: 'x', joined: 'ist beigetreten', send: ' <b>Senden</b>' };
    delete broken.cancel;
    const found = problems('broken', broken);
    expect(found).to.include('broken.cancel: missing');
    expect(found).to.include('broken.extra: not a key of en');
    expect(found.some((p) => p.startsWith('broken.joined: placeholders'))).to.equal(true);
    expect(found).to.include('broken.send: contains < or >');
    expect(found).to.include('broken.send: leading or trailing space');
    expect(problems('copy', { ...en }).some((p) => p.startsWith('copy: '))).to.equal(true);
  });

  for (const lang of LANGUAGES) {
    describe(lang, () => {
      it('is a complete translation of the English catalog', () => {
        expect(CATALOGS[lang], `${lang} is not imported`).to.be.an('object');
        expect(problems(lang, CATALOGS[lang])).to.deep.equal([]);
      });

      it('lists its keys in the English order', () => {
        expect(Object.keys(CATALOGS[lang] as object)).to.deep.equal(Object.keys(en));
      });
    });
  }
});
