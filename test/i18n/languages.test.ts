import { expect } from '@open-wc/testing';
import { en } from '../../src/i18n/en.js';
import { checkStrings } from '../../src/i18n/check-strings.js';
import { catalogFor, chooseLanguage, fill, isRtl, LANGUAGES, loadCatalog } from '../../src/i18n/languages.js';

const none = { offered: [] as string[], preferred: [] as string[] };

describe('choosing the language', () => {
  it('takes the element\'s own lang first', () => {
    expect(chooseLanguage({ ...none, own: 'de-AT', inherited: 'fr', offered: ['es'], fallback: 'es', preferred: ['it'] })).to.equal('de');
  });

  it('else the nearest ancestor\'s lang', () => {
    expect(chooseLanguage({ ...none, own: '', inherited: 'fr-CA', offered: ['es'], fallback: 'es', preferred: ['it'] })).to.equal('fr');
  });

  it("else the browser's best match among the deployment's languages, in the browser's order", () => {
    expect(chooseLanguage({ offered: ['en-us', 'de', 'pt-br'], fallback: 'en-us', preferred: ['fi', 'pt-BR', 'de'] })).to.equal('pt-BR');
    expect(chooseLanguage({ offered: ['en-us', 'de', 'pt-br'], fallback: 'en-us', preferred: ['de-CH', 'en'] })).to.equal('de');
  });

  it("else the deployment's default when the browser prefers none of its languages", () => {
    expect(chooseLanguage({ offered: ['nl', 'sv'], fallback: 'sv', preferred: ['ja', 'ko'] })).to.equal('sv');
  });

  it('else English; and English for a language without a catalog', () => {
    expect(chooseLanguage(none)).to.equal('en');
    expect(chooseLanguage({ ...none, own: 'fi' })).to.equal('en');
    expect(chooseLanguage({ ...none, own: 'not a tag!' })).to.equal('en');
  });

  it('maps a tag to the nearest built-in catalog', () => {
    expect(catalogFor('pt-PT')).to.equal('pt-BR');
    expect(catalogFor('ZH-cn')).to.equal('zh-CN');
    expect(catalogFor('zh_Hans')).to.equal('zh-CN');
    expect(catalogFor('iw')).to.equal('he');
    expect(catalogFor('en-GB')).to.equal('en');
    expect(catalogFor('fi')).to.equal(undefined);
    expect(catalogFor('')).to.equal(undefined);
  });

  it('knows right-to-left scripts', () => {
    for (const l of ['ar', 'he', 'fa-IR', 'ur']) expect(isRtl(l), l).to.equal(true);
    for (const l of ['en', 'de', 'ja', 'zh-CN']) expect(isRtl(l), l).to.equal(false);
  });

  it('loads every built-in catalog as a chunk, English for any other tag', async () => {
    expect(await loadCatalog('en')).to.equal(en);
    expect(await loadCatalog('fi')).to.equal(en);
    for (const language of LANGUAGES.filter((l) => l !== 'en')) {
      const catalog = await loadCatalog(language);
      expect(Object.keys(catalog), language).to.deep.equal(Object.keys(en));
      expect(catalog.send, language).not.to.equal(en.send);
    }
    expect(LANGUAGES).to.have.length(14);
  });
});

describe('strings', () => {
  it('fills placeholders and leaves unknown ones', () => {
    expect(fill('{name} is typing…', { name: 'Alex' })).to.equal('Alex is typing…');
    expect(fill('{count} new {what}', { count: 3 })).to.equal('3 new {what}');
    expect(fill('{name}', { name: '$& $1 {count}' })).to.equal('$& $1 {count}');
  });

  it("accepts a page's overrides by catalog key and names every wrong one", () => {
    const { strings, problems } = checkStrings({ placeholder: 'Ask us anything', nope: 'x', send: 42, heading: '  ', __proto__: { x: 1 } }, en);
    expect(strings).to.deep.equal({ placeholder: 'Ask us anything' });
    expect(problems).to.have.length(1);
    expect(problems[0]).to.include('nope').and.include('send').and.include('heading');
    expect(checkStrings('text', en).problems).to.have.length(1);
    expect(checkStrings(undefined, en).problems).to.have.length(0);
  });
});
