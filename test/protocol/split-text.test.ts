/**
 * A message over the service's limit is never cut silently (issue 15 §3): splitText gives the
 * parts to send in order, each within the limit, at whitespace, punctuation or grapheme
 * boundaries, and loses nothing but the whitespace where a part ends.
 */
import { expect } from '@open-wc/testing';
import { MAX_TEXT_LENGTH } from '../../src/protocol/limits.js';
import { splitText } from '../../src/protocol/split-text.js';

/** Every part within `max`, and the parts are the text, apart from the whitespace at the cuts. */
function check(text: string, max: number): string[] {
  const parts = splitText(text, max);
  for (const p of parts) {
    expect(p.length, p.slice(0, 40)).to.be.at.most(max);
    expect(p.length).to.be.above(0);
  }
  expect(parts.join('').replace(/\s/g, '')).to.equal(text.replace(/\s/g, ''));
  return parts;
}

/** No part starts or ends inside a grapheme (a surrogate pair, an emoji sequence, a letter and its marks). */
function wholeGraphemes(parts: string[]): void {
  const seg = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  const all = [...seg.segment(parts.join(''))].map((s) => s.segment);
  const joined = parts.flatMap((p) => [...seg.segment(p)].map((s) => s.segment));
  expect(joined).to.deep.equal(all);
}

describe('splitText', () => {
  it('leaves a text within the limit whole, exactly at the limit too', () => {
    expect(splitText('hello', 10)).to.deep.equal(['hello']);
    const exact = 'x'.repeat(MAX_TEXT_LENGTH);
    expect(splitText(exact)).to.deep.equal([exact]);
    expect(splitText('  padded  ', 10)).to.deep.equal(['  padded  ']);
  });

  it('splits one character over the limit into two parts', () => {
    const parts = check('x'.repeat(MAX_TEXT_LENGTH + 1), MAX_TEXT_LENGTH);
    expect(parts.map((p) => p.length)).to.deep.equal([MAX_TEXT_LENGTH, 1]);
  });

  it('an 11,101-character paste becomes 3 parts, at spaces, in order', () => {
    const words = Array.from({ length: 2000 }, (_, i) => `w${i}`);
    let text = words.join(' ');
    text = (text + ' ' + text).slice(0, 11_101);
    const parts = check(text, MAX_TEXT_LENGTH);
    expect(parts).to.have.length(3);
    // Each part ends on a whole word: the next begins where a word begins.
    for (const p of parts.slice(1)) expect(p).to.match(/^w\d/);
    expect(parts.join(' ')).to.equal(text);
  });

  it('prefers a paragraph break, then a line break, then a space', () => {
    const para = `${'a '.repeat(30)}\n\n${'b '.repeat(10)}\n${'c'.repeat(20)}`;
    expect(splitText(para, 100)[0]).to.equal('a '.repeat(30).trimEnd());
    const line = `${'a '.repeat(30)}\n${'b '.repeat(10)}${'c'.repeat(50)}`;
    expect(splitText(line, 100)[0]).to.equal('a '.repeat(30).trimEnd());
    check(para, 100);
    check(line, 100);
  });

  it('cuts a text without whitespace at the limit, never inside a surrogate pair', () => {
    // 😀 is two UTF-16 units: 9 of them are 18 units, the limit 7 falls inside the fourth.
    const parts = check('😀'.repeat(9), 7);
    expect(parts).to.deep.equal(['😀😀😀', '😀😀😀', '😀😀😀']);
    wholeGraphemes(parts);
  });

  it('never splits a grapheme cluster: flags, ZWJ families, skin tones, letters with marks', () => {
    for (const g of ['🇫🇷', '👩‍👩‍👧‍👦', '👍🏽', 'é', 'ก้', 'नि']) {
      const parts = check(g.repeat(40), 25);
      wholeGraphemes(parts);
      for (const p of parts) expect(p.length % g.length, g).to.equal(0);
    }
  });

  it('CJK without spaces: after 。 or ， when one is in reach, else between characters', () => {
    const sentence = '今日はとても良い天気です。';
    const parts = check(sentence.repeat(20), 100);
    for (const p of parts.slice(0, -1)) expect(p.endsWith('。'), p).to.equal(true);
    const plain = check('漢'.repeat(250), 100);
    expect(plain.map((p) => p.length)).to.deep.equal([100, 100, 50]);
  });

  it('a text of spaces over the limit is no parts at all, and nothing is ever empty', () => {
    expect(splitText(' '.repeat(50), 10)).to.deep.equal([]);
    expect(splitText(`a${' '.repeat(50)}b`, 10)).to.deep.equal(['a', 'b']);
  });
});
